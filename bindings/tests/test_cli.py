# SPDX-License-Identifier: GPL-2.0-only
"""Tests of the condis-run program, next to condis.run (run by ctest as
python-tests): both go through the same C++ runner, so a scenario file must
give the same tables and summary either way."""

import json
import os
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

import condis

PROGRAM_NAME = "condis-run"


def find_program():
    """The built condis-run: under CONDIS_BUILD_DIR (set by ctest), else
    next to the package (build/<type>/python/condis -> build/<type>)."""
    build = os.environ.get("CONDIS_BUILD_DIR")
    if build:
        program = pathlib.Path(build) / "examples" / PROGRAM_NAME
        # under ctest the program is part of the build: missing is an error
        assert program.is_file(), "%s not found (CONDIS_BUILD_DIR)" % program
        return program
    program = (pathlib.Path(condis.__file__).resolve().parents[2]
               / "examples" / PROGRAM_NAME)
    if not program.is_file():
        pytest.skip("%s not built (set CONDIS_BUILD_DIR)" % PROGRAM_NAME)
    return program


@pytest.fixture(scope="module")
def program():
    return find_program()


def run_program(program, *args):
    """Runs condis-run with arguments; returns the CompletedProcess."""
    return subprocess.run([str(program), *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def scenario():
    """A 2 x 3 grid with crankbacks and a link down for half a second, so
    that refusals, reroutes and dropped calls all show in the tables."""
    return condis.Scenario(
        topology={"generator": "grid", "rows": 2, "cols": 3},
        hosts={"perSwitch": 2},
        links={"rate": "10Mbps", "delay": "1ms"},
        switches={"crankback": True},
        calls={"rate": 2, "holding": {"mean": "1s"}, "pcr": 4000},
        failures=[{"at": "1s", "action": "fail", "link": [0, 1]},
                  {"at": "1500ms", "action": "restore", "link": [0, 1]}],
        duration="3s", seed=3, run=2)


@pytest.fixture(scope="module")
def both(program, tmp_path_factory):
    """The scenario run by condis-run (from its saved file) and by
    condis.run: (output directory, CompletedProcess, Results)."""
    tmp = tmp_path_factory.mktemp("cli")
    s = scenario()
    s.save(tmp / "scenario.json")
    out = tmp / "results"  # not there yet: condis-run makes it
    done = run_program(program, tmp / "scenario.json", "--out=%s" % out)
    return out, done, condis.run(s)


def read_calls(path):
    """calls.csv as a DataFrame, with the column types of Results.calls."""
    return pd.read_csv(
        path, dtype={"caller": str, "callee": str, "outcome": str},
        converters={"path": lambda text: [int(v) for v in text.split()]})


def read_ports(path):
    """ports.csv as a DataFrame, samples as lists of ints."""
    return pd.read_csv(
        path, converters={"reserved_cells_per_s":
                          lambda text: [int(v) for v in text.split()]})


def test_writes_its_three_files(both):
    out, done, _ = both
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "CoNDIS rule violations: 0" in done.stdout
    for name in ("calls.csv", "ports.csv", "summary.json"):
        assert (out / name).stat().st_size > 0, name
    calls = read_calls(out / "calls.csv")
    with open(out / "summary.json", encoding="utf-8") as f:
        summary = json.load(f)
    assert len(calls) == summary["calls"] > 0
    assert list(calls.columns) == list(both[2].calls.columns)


def test_calls_table_same_as_python(both):
    out, _, results = both
    cli = read_calls(out / "calls.csv")
    py = results.calls
    assert len(cli) == len(py)
    # the runs have what the comparison is meant to cover
    assert (py["outcome"] != "Success").any() and py["crankbacks"].gt(0).any()
    for column in ("call_id", "caller", "callee", "outcome", "cause", "hops",
                   "crankbacks", "release_cause"):
        assert cli[column].tolist() == py[column].tolist(), column
    assert cli["path"].tolist() == py["path"].tolist()
    assert cli["dropped"].astype(bool).tolist() == py["dropped"].tolist()
    # times are whole nanoseconds, written with nine decimals: equal to
    # the last bit or so, and NaN (never connected) in the same rows
    for column in ("start_s", "setup_latency_s", "holding_time_s"):
        np.testing.assert_allclose(cli[column], py[column], rtol=1e-14,
                                   atol=0, err_msg=column)


def test_ports_table_same_as_python(both):
    out, _, results = both
    cli = read_ports(out / "ports.csv")
    py = results.ports
    assert list(cli.columns) == list(py.columns)
    for column in py.columns:
        if py[column].dtype == "float64":
            # written with nine decimals; NaN (no frame queued) in the same rows
            np.testing.assert_allclose(cli[column], py[column], rtol=1e-14,
                                       atol=1e-9, err_msg=column)
        else:
            assert cli[column].tolist() == py[column].tolist(), column


def test_summary_same_as_python(both):
    out, _, results = both
    with open(out / "summary.json", encoding="utf-8") as f:
        cli = json.load(f)
    py = results.summary
    assert cli.pop("rules") == results.rules
    assert cli.pop("wall_time_s") >= 0  # the one number that may differ
    del py["wall_time_s"]
    # the same keys, in the same order, with the same values and types
    assert list(cli) == list(py)
    for key, value in cli.items():
        assert value == py[key], key
        assert type(value) is type(py[key]), key


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, field, value", [
    ('{"colour": "blue"}', "colour", "blue"),  # unknown key
    ('{"calls": {"rat": 1}}', "calls.rat", "1"),  # unknown key in a section
    ('{"calls": {"rate": -1}}', "calls.rate", "-1"),  # bad value
    ('{"duration": "ten seconds"}', "duration", "ten seconds"),
    ('{"calls": {"rate": 1', "not valid JSON", "line"),  # malformed JSON
    ('[]', "scenario", "expected a JSON object"),  # JSON, not an object
    # found by the runner's topology checks, not by the reader
    ('{"failures": [{"at": "1s", "action": "fail", "switch": 42}]}',
     "failures[0].switch", "42"),
    ('{"topology": {"file": "nowhere.graphml"}}', "topology.file",
     "nowhere.graphml"),
])
def test_bad_scenario_exits_2_with_one_line(program, tmp_path, text, field,
                                            value):
    path = write(tmp_path / "bad.json", text)
    done = run_program(program, path, "--out=%s" % (tmp_path / "out"))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("condis-run: %s: " % path), lines[0]
    assert field in lines[0] and value in lines[0], lines[0]
    assert not (tmp_path / "out").exists()  # nothing written


def test_missing_scenario_file_exits_2(program, tmp_path):
    missing = tmp_path / "nowhere.json"
    done = run_program(program, missing)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "condis-run: %s: cannot open the scenario file" % missing]


def test_unusable_output_directory_exits_2(program, tmp_path):
    blocker = write(tmp_path / "a-file", "")
    s = tmp_path / "s.json"
    scenario().replace(duration="100ms", failures=[]).save(s)
    done = run_program(program, s, "--out=%s" % (blocker / "out"))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("condis-run: --out: ")
    assert str(blocker / "out") in lines[0]


@pytest.mark.parametrize("option, expected", [
    ("--seed=abc", '--seed: "abc": expected a whole number'),
    ("--seed=-3", '--seed: "-3": expected a whole number'),
    ("--run=4294967296", '--run: "4294967296": expected a whole number'),
    ("--run=1.5", '--run: "1.5": expected a whole number'),
    ("--seed=0", "seed: 0: "),  # a number, but not a seed: the scenario's check
])
def test_bad_seed_or_run_exits_2_with_one_line(program, tmp_path, option,
                                               expected):
    s = tmp_path / "s.json"
    scenario().replace(duration="100ms", failures=[]).save(s)
    done = run_program(program, s, option, "--out=%s" % (tmp_path / "out"))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0], lines[0]
    assert not (tmp_path / "out").exists()


def test_seed_and_run_options_replace_the_scenarios(program, tmp_path):
    s = tmp_path / "s.json"
    base = scenario().replace(duration="2s", failures=[])
    base.save(s)
    out = tmp_path / "out"
    assert run_program(program, s, "--seed=5", "--run=3",
                       "--out=%s" % out).returncode == 0
    cli = read_calls(out / "calls.csv")
    py = condis.run(base.replace(seed=5), run=3).calls
    assert cli["start_s"].tolist() == pytest.approx(py["start_s"].tolist())
    assert cli["caller"].tolist() == py["caller"].tolist()


def test_timeout_stops_the_run_with_status_124(program, tmp_path):
    # 10^6 s of calls: a run that cannot end before its timeout
    s = tmp_path / "endless.json"
    # (at half a call per second per host: within the limit of 10^7 calls)
    scenario().replace(duration="1000000s", failures=[], calls={"rate": 0.5},
                       statistics={"sampleInterval": "1000s"}).save(s)
    done = run_program(program, s, "--timeout=0.5",
                       "--out=%s" % (tmp_path / "out"))
    assert done.returncode == 124
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr  # no rule-violation report
    assert lines[0].startswith("condis-run: the run was stopped at "), lines
    assert "timeout of 0.5 s" in lines[0]
    assert not (tmp_path / "out").exists()  # nothing written


@pytest.mark.parametrize("value", ["0", "-1", "abc", "inf", "1s"])
def test_bad_timeout_exits_2_with_one_line(program, value):
    done = run_program(program, "--timeout=%s" % value)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        'condis-run: --timeout: "%s": expected a number of seconds above 0'
        % value]
