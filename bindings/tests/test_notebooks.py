# SPDX-License-Identifier: GPL-2.0-only
"""Runs the example notebooks (examples/notebooks) top to bottom on their
small settings (run by ctest as python-tests).

Each notebook checks its own results in ``assert`` cells (blocking grows
with load and matches Erlang B on one bottleneck; dropped calls crossed a
failed link, calls set up during the outage avoid it, a signalling outage
shorter than T309 releases nothing, a port fed by Poisson frames waits as
long as M/D/1 says, ...) and writes a small JSON summary into its working
directory, which is checked here.
"""

import json
import os

import pytest

import condis

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

SOURCE_DIR = os.environ.get(
    "CONDIS_SOURCE_DIR",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
NOTEBOOKS = os.path.join(SOURCE_DIR, "examples", "notebooks")
# the directory holding the condis package under test, for the kernel
PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(condis.__file__)))


def execute(name, workdir, monkeypatch):
    """Runs a notebook in a python3 kernel in ``workdir``; returns it."""
    monkeypatch.setenv("CONDIS_NOTEBOOK_SMALL", "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (PYTHON_DIR, os.environ.get("PYTHONPATH")) if p))
    with open(os.path.join(NOTEBOOKS, name), encoding="utf-8") as f:
        nb = nbformat.read(f, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}})
    client.execute()   # CellExecutionError names the failing cell
    return nb


def errors(nb):
    """The error outputs of every cell."""
    return [o for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.output_type == "error"]


def test_notebooks_are_committed_without_outputs():
    for name in sorted(os.listdir(NOTEBOOKS)):
        if name.endswith(".ipynb"):
            with open(os.path.join(NOTEBOOKS, name), encoding="utf-8") as f:
                nb = nbformat.read(f, as_version=4)
            nbformat.validate(nb)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    assert cell.outputs == [] and cell.execution_count is None, name


# jupyter_client and jupyter_core have their own deprecation chatter
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_setup_latency_and_blocking(tmp_path, monkeypatch):
    nb = execute("setup-latency-and-blocking.ipynb", tmp_path, monkeypatch)
    assert errors(nb) == []
    with open(tmp_path / "setup-latency-and-blocking.json", encoding="utf-8") as f:
        out = json.load(f)
    erl = out["erlang"]
    assert len(erl["offered_load"]) >= 3
    for measured, formula in zip(erl["blocking_probability"], erl["erlang_b"]):
        assert abs(measured - formula) < 0.04
    assert len(out["grid"]["blocking_probability"]) >= 4
    latency = [out["latency_by_hops_ms"][k] for k in
               sorted(out["latency_by_hops_ms"], key=int)]
    assert len(latency) >= 2 and latency == sorted(latency)
    # the plots were drawn: one image per plotting cell
    images = [o for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_link_failures(tmp_path, monkeypatch):
    nb = execute("link-failures.ipynb", tmp_path, monkeypatch)
    assert errors(nb) == []
    with open(tmp_path / "link-failures.json", encoding="utf-8") as f:
        phases = {row["phase"]: row for row in json.load(f)}
    assert set(phases) == {"before", "outage", "after"}
    assert phases["before"]["dropped"] > 0
    assert phases["outage"]["dropped"] == 0 and phases["after"]["dropped"] == 0
    assert all(row["calls"] > 0 for row in phases.values())
    # a link's signalling failing alone against the link itself
    with open(tmp_path / "signalling-vs-link.json", encoding="utf-8") as f:
        runs = {(row["failure"], row["outage_s"]): row for row in json.load(f)}
    assert set(runs) == {(kind, outage) for kind in ("link", "signalling")
                         for outage in (5, 15)}
    for outage in (5, 15):
        link = runs["link", outage]
        assert link["released"] == link["cause_41"] == link["across"] > 0
    assert runs["signalling", 5]["released"] == 0
    assert 0 < runs["signalling", 15]["released"] == runs["signalling", 15]["cause_27"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_multipoint(tmp_path, monkeypatch):
    nb = execute("multipoint.ipynb", tmp_path, monkeypatch)
    assert errors(nb) == []
    with open(tmp_path / "multipoint.json", encoding="utf-8") as f:
        out = json.load(f)
    assert len(out["leaves"]) >= 4
    # one copy per link and SDU: at most the tree's 14 trunks
    assert all(0 < c <= 14 for c in out["copies_per_sdu"])
    assert all(latency > 0 for latency in out["mean_add_latency_ms"])
    copies = out["trunk_copies"]
    assert copies["point_to_point"] > copies["multipoint"] > 0
    # leaf-initiated join: the network answers nearer than the root
    joins = out["join_ms"]
    assert len(joins["network"]) == len(joins["root-prompted"]) >= 2
    assert all(0 < n < r for n, r in zip(joins["network"], joins["root-prompted"]))
    # the tree's shape: complete trees of depth d and fanout f, a leaf on
    # every bottom switch, so every one of the f + ... + f^d links between
    # switches carries the call, one copy of each SDU at most
    shape = out["shape"]
    rows = [dict(zip(shape, values)) for values in zip(*shape.values())]
    depths = {row["depth"] for row in rows}
    fanouts = {row["fanout"] for row in rows}
    assert len(depths) >= 3 and len(fanouts) >= 2 and len(rows) == len(depths) * len(fanouts)
    for row in rows:
        d, f = row["depth"], row["fanout"]
        assert row["leaves"] == f ** d
        assert row["trunks_used"] == row["edges"] == sum(f ** k for k in range(1, d + 1))
        assert row["multipoint_busiest"] <= 1
        assert 0.5 * row["edges"] < row["multipoint_per_sdu"] <= row["edges"]
        if d == 1:
            # a star: each link leads to one leaf, nothing to share
            assert row["point_to_point_per_sdu"] == pytest.approx(
                row["multipoint_per_sdu"], abs=row["leaves"] / row["sdus"])
        else:
            assert row["point_to_point_per_sdu"] > row["multipoint_per_sdu"]
            assert row["point_to_point_busiest"] > 1
    # an add's latency grows with the depth, and the fanout hardly matters
    for f in fanouts:
        by_depth = sorted((row["depth"], row["add_latency_ms"]) for row in rows
                          if row["fanout"] == f)
        latencies = [latency for _, latency in by_depth]
        assert all(0 < a < b for a, b in zip(latencies, latencies[1:])), by_depth
    for d in depths:
        at_depth = [row["add_latency_ms"] for row in rows if row["depth"] == d]
        assert max(at_depth) - min(at_depth) < 0.05 * min(at_depth), at_depth


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_queueing(tmp_path, monkeypatch):
    nb = execute("queueing.ipynb", tmp_path, monkeypatch)
    assert errors(nb) == []
    with open(tmp_path / "queueing.json", encoding="utf-8") as f:
        out = json.load(f)
    md1 = out["md1"]
    assert {0.5, 0.8} <= set(md1["load"]) and len(md1["load"]) >= 4
    assert md1["wait_ms"] == sorted(md1["wait_ms"])
    for load, measured, formula in zip(md1["load"], md1["wait_ms"], md1["md1_ms"]):
        # Pollaczek-Khinchine for 20-cell frames on 10 Mb/s: rho S / (2 (1 - rho))
        assert formula == pytest.approx(load * 0.848 / (2 * (1 - load)))
        if load in (0.5, 0.8):
            assert measured == pytest.approx(formula, rel=0.10)
    rows = {(row["contract"], row["traffic"]): row for row in out["shaping"]}
    assert set(rows) == {(c, t) for c in ("unshaped", "rt-VBR", "CBR")
                         for t in ("on/off", "background")}
    unshaped, background = rows["unshaped", "on/off"], rows["unshaped", "background"]
    assert unshaped["lost_at_port"] > 0 and unshaped["lost_at_nic"] == 0
    for contract in ("rt-VBR", "CBR"):
        # shaped: the source waits and loses at its NIC (the trunk's port,
        # with CDVT, does not shape it again), the background gains
        source = rows[contract, "on/off"]
        assert source["lost_at_nic"] > 100 * source["lost_at_port"]
        assert source["mean_delay_ms"] > unshaped["mean_delay_ms"]
        others = rows[contract, "background"]
        assert others["mean_delay_ms"] < background["mean_delay_ms"]
        assert others["loss"] < background["loss"]
    # CBR has no burst allowance: the background gains most
    assert rows["CBR", "background"]["mean_delay_ms"] < background["mean_delay_ms"] / 5
