# SPDX-License-Identifier: GPL-2.0-only
"""Multipoint studies from Python (run by ctest as python-tests): the
scenario's multipoint section, the parties table, and condis-run's
parties.csv next to it."""

import numpy as np
import pandas as pd
import pytest

import condis
from test_cli import find_program, run_program

PARTY_COLUMNS = ["call_id", "root", "leaf", "endpoint_reference", "asked_s",
                 "add_latency_s", "outcome", "cause", "active_time_s",
                 "ending", "end_cause", "sent_sdus", "received_sdus", "join",
                 "hops"]


def tree(**changes):
    """A tree of 7 switches, two hosts on each (hosts 0..13), one root on
    the top switch and five leaves below; no point-to-point calls."""
    args = dict(
        topology={"generator": "tree", "depth": 2, "fanout": 2},
        hosts={"perSwitch": 2},
        calls={"rate": 0},
        multipoint=[{"root": 0, "leaves": [6, 8, 9, 10, 12],
                     "arrival": {"process": "fixed",
                                 "times": ["100ms", "200ms", "300ms",
                                           "400ms", "500ms"]},
                     "holding": {"distribution": "constant",
                                 "mean": "1s"},
                     "packetInterval": "20ms"}],
        duration="2s", seed=1, run=1)
    args.update(changes)
    return condis.Scenario(**args)


@pytest.fixture(scope="module")
def tree_results():
    return condis.run(tree())


def test_parties_table(tree_results):
    parties = tree_results.parties
    assert isinstance(parties, pd.DataFrame)
    assert list(parties.columns) == PARTY_COLUMNS
    assert len(parties) == 5
    for column in ("call_id", "endpoint_reference", "cause", "end_cause",
                   "sent_sdus", "received_sdus"):
        assert parties[column].dtype == "int64", column
    for column in ("asked_s", "add_latency_s", "active_time_s"):
        assert parties[column].dtype == "float64", column
    for column in ("root", "leaf", "outcome", "ending"):
        assert parties[column].map(type).eq(str).all(), column
    assert parties["call_id"].nunique() == 1
    assert parties["endpoint_reference"].is_unique
    np.testing.assert_allclose(parties["asked_s"], [0.1, 0.2, 0.3, 0.4, 0.5])
    assert (parties["outcome"] == "Success").all()
    assert parties["add_latency_s"].gt(0).all()
    # each stays 1 s from its join; the last closes the call with it
    assert list(parties["ending"]) == ["root-drop"] * 4 + ["root-close"]
    end = parties["asked_s"] + 1.0
    left = parties["asked_s"] + parties["add_latency_s"] + parties["active_time_s"]
    assert (left >= end).all() and (left < end + 0.05).all()
    # each leaf got what the root sent while it was on the call
    assert (parties["received_sdus"] - parties["sent_sdus"]).abs().le(1).all()
    assert parties["sent_sdus"].gt(40).all()


def test_summary_and_copies(tree_results):
    s = tree_results.summary
    parties = tree_results.parties
    assert s["parties"] == len(parties) == s["parties_added"]
    assert s["parties_failed"] == 0
    assert s["p50_add_latency_s"] <= s["p95_add_latency_s"]
    assert s["party_received_sdus"] == parties["received_sdus"].sum()
    assert s["rule_violations"] == 0 and s["held_at_end"] == 0
    ports = tree_results.ports
    # the leaves' ports carried what they received; the links between
    # switches fewer copies than that: the tree shares them
    to_hosts = ports.loc[ports["peer_kind"] == "host", "data_frames"].sum()
    between = ports.loc[ports["peer_kind"] == "switch", "data_frames"].sum()
    assert to_hosts == parties["received_sdus"].sum()
    assert 0 < between < 2 * to_hosts


def test_no_multipoint_means_an_empty_parties_table():
    r = condis.run(condis.Scenario(duration="500ms"))
    assert list(r.parties.columns) == PARTY_COLUMNS and len(r.parties) == 0
    assert r.summary["parties"] == 0


def test_round_trip_and_replace():
    s = tree()
    assert condis.Scenario.from_json(s.to_json()) == s
    assert s.multipoint[0]["leaves"] == [6, 8, 9, 10, 12]
    drawn = s.replace(multipoint=[{"root": 3, "leaves": 4}])
    assert drawn.multipoint[0]["leaves"] == 4
    assert drawn.multipoint[0]["arrival"] == {"process": "poisson", "rate": 1.0}


@pytest.mark.parametrize("group, message", [
    ({"root": 0, "leaves": [1], "join": "leaf"},
     "multipoint[0].leaves: 1: a group whose leaves ask to join needs at least two"),
    ({"root": 0, "leaves": [1, 2], "join": "leaf", "leafJoin": "root"},
     "multipoint[0].leafJoin: \"root\": unknown leaf-join mode"),
    ({"root": 0, "leaves": [1, 2], "leafJoin": "network"},
     "multipoint[0].leafJoin: \"network\": only a group whose leaves ask"),
    ({"root": 0, "leaves": [1, 2], "join": "leaf", "leafJoin": "network",
      "maxLeaves": 3},
     "multipoint[0].maxLeaves: 3: only a root that answers"),
    ({"root": 0, "leaves": [1, 2], "join": "everyone"},
     "multipoint[0].join: \"everyone\": unknown (known: root"),
    ({"root": 0, "leaves": [1, 1]}, "multipoint[0].leaves[1]: 1: a leaf given twice"),
    ({"root": 0, "leaves": [0]}, "multipoint[0].leaves[0]: 0: the root cannot"),
    ({"root": 0, "leaves": [1], "arrival": {"rate": -2}},
     "multipoint[0].arrival.rate: -2.0: must be above 0"),
    ({"root": 0, "leaves": [1], "holding": {"distribution": "weibull"}},
     "multipoint[0].holding.distribution: \"weibull\": unknown"),
    ({"root": 0, "leaves": [1, 2], "arrival": {"process": "fixed",
                                               "times": ["1s"]}},
     "multipoint[0].arrival.times: 1 times: give one join time per leaf"),
    ({"root": 0, "leaves": [1], "leavs": [2]}, "multipoint[0].leavs: [2]: unknown key"),
])
def test_bad_groups_raise_value_error(group, message):
    with pytest.raises(ValueError) as error:
        condis.Scenario(calls={"rate": 0}, multipoint=[group])
    assert str(error.value).startswith(message), str(error.value)


def test_hosts_are_checked_against_the_topology():
    s = tree(multipoint=[{"root": 14, "leaves": [1]}])
    with pytest.raises(ValueError, match=r"^multipoint\[0\]\.root: 14: no such host "
                       r"\(hosts are numbered 0 to 13, 2 per switch\)"):
        s.check()
    with pytest.raises(ValueError, match=r"multipoint\[0\]\.root: 14"):
        condis.run(s)


def test_condis_run_writes_parties_csv(tmp_path):
    program = find_program()
    s = tree()
    s.save(tmp_path / "scenario.json")
    done = run_program(program, tmp_path / "scenario.json",
                       "--out=%s" % (tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "5 parties, 5 added, 0 failed" in done.stdout
    cli = pd.read_csv(tmp_path / "out" / "parties.csv",
                      dtype={"root": str, "leaf": str, "outcome": str,
                             "ending": str}, keep_default_na=False,
                      na_values={"add_latency_s": [""],
                                 "active_time_s": [""]})
    py = condis.run(s).parties
    assert list(cli.columns) == list(py.columns)
    for column in py.columns:
        if py[column].dtype == "float64":
            np.testing.assert_allclose(cli[column], py[column], rtol=1e-14,
                                       atol=0, err_msg=column)
        else:
            assert cli[column].tolist() == py[column].tolist(), column
    # without a multipoint section, no parties.csv
    condis.Scenario(duration="200ms").save(tmp_path / "plain.json")
    done = run_program(program, tmp_path / "plain.json",
                       "--out=%s" % (tmp_path / "plain"))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "plain" / "parties.csv").exists()


def test_poisson_leaves_come_back():
    # three leaves joining at 5/s while away and staying 200 ms on average
    # for 2 s: each comes back several times, one party at a time
    r = condis.run(tree(multipoint=[{
        "root": 0, "leaves": [6, 8, 12], "arrival": {"rate": 5},
        "holding": {"distribution": "exponential", "mean": "200ms"},
        "packetInterval": "20ms"}]))
    parties = r.parties
    assert parties["leaf"].nunique() == 3
    assert len(parties) > 6
    assert (parties["outcome"] == "Success").all()
    parties = parties.assign(left_s=parties["asked_s"] + parties["add_latency_s"]
                             + parties["active_time_s"])
    for _, visits in parties.groupby("leaf"):
        assert (visits["asked_s"].iloc[1:].to_numpy()
                >= visits["left_s"].iloc[:-1].to_numpy()).all()
    assert r.summary["rule_violations"] == 0 and r.summary["held_at_end"] == 0


def leaf_join(mode, **group):
    """The tree, the root's call made to host 1 (same switch) and hosts
    6, 8, 9, 10 asking to join it at 100 ms intervals, staying 1 s."""
    g = {"root": 0, "leaves": [1, 6, 8, 9, 10], "join": "leaf",
         "leafJoin": mode,
         "arrival": {"process": "fixed",
                     "times": ["0s", "100ms", "200ms", "300ms", "400ms"]},
         "holding": {"distribution": "constant", "mean": "1s"},
         "packetInterval": "20ms"}
    g.update(group)
    return tree(multipoint=[g])


@pytest.mark.parametrize("mode", ["root-prompted", "network"])
def test_leaves_join(mode):
    r = condis.run(leaf_join(mode))
    parties = r.parties
    assert list(parties["join"]) == ["root"] + ["leaf"] * 4
    assert (parties["outcome"] == "Success").all()
    assert parties["call_id"].nunique() == 1
    joined = parties[parties["join"] == "leaf"]
    assert joined["add_latency_s"].gt(0).all()
    # the far leaves' requests cross more links, and take longer
    assert joined["hops"].ge(3).all()
    by_hops = joined.groupby("hops")["add_latency_s"].mean()
    assert by_hops.is_monotonic_increasing
    # each leaf got what the root sent while it was on the call
    assert (joined["ending"] == "remote").all()
    assert (joined["received_sdus"] - joined["sent_sdus"]).abs().le(1).all()
    assert joined["received_sdus"].gt(30).all()
    # the summary keeps the root's add and the joins apart
    assert r.summary["joins"] == 4
    assert r.summary["mean_join_latency_s"] == pytest.approx(joined["add_latency_s"].mean())
    root_add = parties.loc[parties["join"] == "root", "add_latency_s"].iloc[0]
    assert r.summary["mean_add_latency_s"] == pytest.approx(root_add)
    assert r.summary["rule_violations"] == 0 and r.summary["held_at_end"] == 0


def test_max_leaves_refuses_with_cause_47():
    r = condis.run(leaf_join("root-prompted", maxLeaves=3))
    refused = r.parties[r.parties["outcome"] != "Success"]
    # the first party and two joins fill the call; the last two are refused
    assert len(refused) == 2
    assert (refused["cause"] == 47).all() and (refused["join"] == "leaf").all()
    assert r.summary["parties_failed"] == 2
    assert r.summary["held_at_end"] == 0


def test_leaf_join_round_trip():
    s = leaf_join("network")
    assert condis.Scenario.from_json(s.to_json()) == s
    assert s.multipoint[0]["leafJoin"] == "network"
