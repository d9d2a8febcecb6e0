# SPDX-License-Identifier: GPL-2.0-only
"""Tests of the condis Python package (run by ctest as python-tests)."""

import math
import os
import pathlib
import pickle
import threading
import time

import pandas as pd
import pytest

import condis
from condis import _condis

SOURCE_DIR = pathlib.Path(
    os.environ.get("CONDIS_SOURCE_DIR",
                   pathlib.Path(__file__).resolve().parents[2]))

CALL_COLUMNS = ["call_id", "caller", "callee", "start_s", "setup_latency_s",
                "outcome", "cause", "hops", "path", "crankbacks",
                "holding_time_s", "release_cause", "dropped"]
PORT_COLUMNS = ["switch", "switch_node", "port", "peer_kind", "peer",
                "admissible_cells_per_s", "admitted", "refused",
                "peak_reserved_cells_per_s", "data_frames",
                # the data plane (test_traffic.py)
                "data_bytes", "throughput_bps", "queued_frames",
                "mean_queue_delay_s", "p95_queue_delay_s",
                "max_queue_delay_s", "mean_queued_frames",
                "max_queued_frames", "drops_unregistered_vc",
                "drops_vc_frame_limit", "drops_vc_cell_limit",
                "drops_port_frame_limit", "drops_port_cell_limit",
                "drops_released", "drops_link_down",
                "drops_early_packet_discard", "drops_selective_discard",
                "drops_policed", "damaged_frames", "lost_cells",
                "tagged_frames",
                "reserved_cells_per_s"]
PORT_FLOAT_COLUMNS = ("throughput_bps", "mean_queue_delay_s",
                      "p95_queue_delay_s", "max_queue_delay_s",
                      "mean_queued_frames")


def small_grid(**changes):
    """A 2 x 3 grid with a few dozen calls, quick even in a Debug build."""
    args = dict(topology={"generator": "grid", "rows": 2, "cols": 3},
                links={"rate": "10Mbps", "delay": "1ms"},
                switches={"crankback": True},
                calls={"rate": 1, "holding": {"mean": "500ms"},
                       "pcr": 4000},
                duration="2s", seed=1, run=1)
    args.update(changes)
    return condis.Scenario(**args)


@pytest.fixture(scope="module")
def grid_results():
    """One run of small_grid(), shared by the tests that only read it."""
    return condis.run(small_grid())


# ---- scenarios --------------------------------------------------------------

def test_default_scenario_matches_cpp_default():
    assert condis.Scenario() == condis.Scenario.from_json(
        _condis.default_scenario_json())
    assert condis.Scenario().topology["generator"] == "grid"


def test_round_trip_through_json():
    s = small_grid(failures=[{"at": "1s", "action": "fail",
                              "link": [0, 1]}])
    again = condis.Scenario.from_json(s.to_json())
    assert again == s
    assert again.to_json() == s.to_json()
    assert again.to_dict() == s.to_dict()


def test_save_and_load(tmp_path):
    s = small_grid()
    path = tmp_path / "s.json"
    s.save(path)
    assert condis.Scenario.load(path) == s


def test_load_example_scenario():
    s = condis.Scenario.load(
        SOURCE_DIR / "examples/scenarios/grid-small.json")
    assert s.topology == {"generator": "grid", "rows": 2, "cols": 3}
    assert s.hosts["perSwitch"] == 2


def test_inequality_and_replace():
    s = small_grid()
    t = s.replace(calls={"rate": 2})
    assert t != s
    assert t.calls["rate"] == 2
    assert t.calls["pcr"] == 4000  # merged, not replaced
    assert s.calls["rate"] == 1  # s is unchanged
    assert s.replace(seed=1) == s
    assert s != "not a scenario"


def test_replace_topology():
    s = small_grid()
    assert s.replace(topology={"rows": 3}).topology == {
        "generator": "grid", "rows": 3, "cols": 3}
    ring = s.replace(topology={"generator": "ring", "n": 5})
    assert ring.topology == {"generator": "ring", "n": 5}
    with pytest.raises(ValueError, match="^topology.n: "):
        s.replace(topology={"n": 5})  # not a grid parameter


def test_pickles(grid_results):
    # for process pools: a Scenario and Results travel by pickle
    s = small_grid()
    assert pickle.loads(pickle.dumps(s)) == s
    r = pickle.loads(pickle.dumps(grid_results))
    pd.testing.assert_frame_equal(r.calls, grid_results.calls)
    assert r.summary == grid_results.summary and r.scenario == s


def test_example_scenarios_check():
    for name in ("grid-small.json", "us-backbone.json"):
        s = condis.Scenario.load(SOURCE_DIR / "examples/scenarios" / name)
        s.check()
    backbone = condis.Scenario.load(
        SOURCE_DIR / "examples/scenarios/us-backbone.json")
    assert len(backbone.failures) == 2


def test_sections_are_copies():
    s = small_grid()
    s.calls["rate"] = 99
    assert s.calls["rate"] == 1


@pytest.mark.parametrize("kwargs, field, value", [
    ({"colour": "blue"}, "colour", "blue"),  # unknown key at the top
    ({"calls": {"rat": 1}}, "calls.rat", "1"),  # unknown key in a section
    ({"seed": "one"}, "seed", "one"),  # wrong type
    ({"switches": {"crankback": 1}}, "switches.crankback", "1"),
    ({"duration": "ten seconds"}, "duration", "ten seconds"),  # bad time
    ({"hosts": {"delay": 5}}, "hosts.delay", "5"),  # a time needs a unit
    ({"calls": {"rate": -1}}, "calls.rate", "-1"),  # bad rate
    ({"calls": {"rate": 0}}, "calls.rate", "0"),
    ({"calls": {"pcr": 1000, "minPcr": 1001}}, "calls.minPcr", "1001"),
    ({"links": {"rate": "fast"}}, "links.rate", "fast"),  # bad data rate
    ({"topology": {"generator": "hypercube"}}, "topology.generator",
     "hypercube"),  # unknown generator
    ({"topology": {"generator": "ring", "rows": 3}}, "topology.rows", "3"),
    ({"failures": [{"at": "1s", "action": "explode", "switch": 0}]},
     "failures[0].action", "explode"),  # bad failure
    ({"failures": [{"action": "fail", "switch": 0}]}, "failures[0].at",
     "missing"),
    ({"failures": [{"at": "1s", "action": "fail", "link": [0]}]},
     "failures[0].link", "0"),
    ({"failures": [{"at": "1s", "action": "fail", "signalling": [0]}]},
     "failures[0].signalling", "0"),  # bad signalling failure
    ({"failures": [{"at": "1s", "action": "fail", "signalling": "0-1"}]},
     "failures[0].signalling", "0-1"),
    ({"failures": [{"at": "1s", "action": "fail", "signalling": [2, 2]}]},
     "failures[0].signalling", "[2, 2]"),
    ({"failures": [{"at": "1s", "action": "fail", "signalling": [0, 1],
                    "link": [0, 1]}]},
     "failures[0]", "exactly one"),
    ({"failures": [{"at": "-1s", "action": "restore",
                    "signalling": [0, 1]}]},
     "failures[0].at", "-1s"),
    ({"switches": {"t309": "0s"}}, "switches.t309", "0s"),
])
def test_invalid_values_raise_value_error(kwargs, field, value):
    with pytest.raises(ValueError) as info:
        condis.Scenario(**kwargs)
    message = str(info.value)
    assert message.startswith(field + ":"), message
    assert value in message, message


def test_invalid_json_text_raises_value_error():
    with pytest.raises(ValueError, match="not valid JSON"):
        condis.Scenario.from_json("{")
    with pytest.raises(ValueError, match="scenario"):
        condis.Scenario.from_json("[]")


def test_missing_file_raises_value_error(tmp_path):
    missing = tmp_path / "nowhere.json"
    with pytest.raises(ValueError, match="nowhere.json"):
        condis.Scenario.load(missing)


def test_invalid_argument_is_value_error_straight_from_cpp():
    # the translation itself, without the package in between
    with pytest.raises(ValueError, match="^seed: "):
        _condis.scenario_from_json('{"seed": -1}')
    with pytest.raises(ValueError):
        _condis.run_json('{"duration": "0s"}')


@pytest.mark.parametrize("kind, error", [
    ("invalid_argument", ValueError),
    ("out_of_range", RuntimeError),  # pybind11 alone would say IndexError
    ("runtime_error", RuntimeError),
])
def test_cpp_exceptions_map_to_python(kind, error):
    with pytest.raises(error, match="^test: " + kind + "$") as info:
        _condis._throw_for_test(kind)
    assert type(info.value) is error


def test_topology_checks_before_running():
    # a failure naming a switch the topology lacks passes Validate() but not
    # the runner's Check(): ValueError, not an ns-3 fatal error
    s = small_grid(failures=[{"at": "1s", "action": "fail", "switch": 42}])
    with pytest.raises(ValueError, match="42"):
        s.check()
    with pytest.raises(ValueError, match="42"):
        condis.run(s)
    s = small_grid(failures=[{"at": "1s", "action": "fail",
                              "link": [0, 5]}])  # not neighbours
    with pytest.raises(ValueError, match="failures"):
        condis.run(s)
    s = small_grid(failures=[{"at": "1s", "action": "fail",
                              "signalling": [0, 5]}])  # not neighbours
    with pytest.raises(ValueError, match=r"^failures\[0\]\.signalling: \[0, 5\]: "
                       "the two switches are not linked"):
        s.check()
    s = small_grid(failures=[{"at": "1s", "action": "restore",
                              "signalling": [0, 6]}])  # no switch 6
    with pytest.raises(ValueError, match=r"^failures\[0\]\.signalling: \[0, 6\]: "
                       "no such switch"):
        condis.run(s)


def test_missing_topology_file_raises_value_error():
    s = condis.Scenario(topology={"file": "/nonexistent/net.graphml"})
    with pytest.raises(ValueError, match="nonexistent"):
        condis.run(s)


def test_run_needs_a_scenario():
    with pytest.raises(TypeError):
        condis.run(small_grid().to_json())


# ---- runs ------------------------------------------------------------------

def test_calls_table(grid_results):
    calls = grid_results.calls
    assert isinstance(calls, pd.DataFrame)
    assert list(calls.columns) == CALL_COLUMNS
    assert len(calls) == grid_results.summary["calls"] > 0
    assert calls["call_id"].is_unique
    assert (calls["caller"] != calls["callee"]).all()
    assert calls["start_s"].between(0, 2).all()
    connected = calls[calls["outcome"] == "Success"]
    assert len(connected) > 0
    assert connected["setup_latency_s"].gt(0).all()
    assert calls.loc[calls["outcome"] != "Success",
                     "setup_latency_s"].isna().all()
    # hops are the switches crossed plus one
    assert (calls["hops"] == calls["path"].map(len) + 1).all()
    assert calls["dropped"].dtype == bool


def test_ports_table(grid_results):
    ports = grid_results.ports
    assert isinstance(ports, pd.DataFrame)
    assert list(ports.columns) == PORT_COLUMNS
    s = grid_results.summary
    # every switch has a port per neighbour and per host
    assert len(ports) == 2 * s["links"] + s["hosts"]
    assert set(ports["peer_kind"]) == {"host", "switch"}
    assert (ports["peak_reserved_cells_per_s"]
            <= ports["admissible_cells_per_s"]).all()
    samples = ports["reserved_cells_per_s"].map(len)
    assert samples.nunique() == 1 and samples.iloc[0] > 0


def test_column_types(grid_results):
    # what Results documents: the columns come from NumPy arrays and
    # (codes, categories) pairs, but read as plain numbers, str and lists
    calls, ports = grid_results.calls, grid_results.ports
    for column in ("call_id", "cause", "hops", "crankbacks", "release_cause"):
        assert calls[column].dtype == "int64", column
    for column in ("start_s", "setup_latency_s", "holding_time_s"):
        assert calls[column].dtype == "float64", column
    for column in ("caller", "callee", "outcome"):
        assert calls[column].dtype == object, column
        assert calls[column].map(type).eq(str).all(), column
    assert calls["caller"].str.match(r"^47\.").all()
    assert set(calls["outcome"]) >= {"Success"}
    assert calls["path"].map(type).eq(list).all()
    assert all(type(v) is int for p in calls["path"] for v in p)
    for column in PORT_COLUMNS:
        expected = (object if column in ("peer_kind", "reserved_cells_per_s")
                    else "float64" if column in PORT_FLOAT_COLUMNS
                    else "int64")
        assert ports[column].dtype == expected, column
    assert ports["reserved_cells_per_s"].map(type).eq(list).all()


def test_run_without_calls():
    r = condis.run(small_grid(duration="1us"))
    assert r.summary["calls"] == 0
    assert list(r.calls.columns) == CALL_COLUMNS and len(r.calls) == 0
    assert len(r.ports) > 0


def test_summary_matches_calls(grid_results):
    s = grid_results.summary
    calls = grid_results.calls
    ok = calls["outcome"] == "Success"
    assert s["calls"] == len(calls)
    assert s["connected"] == ok.sum()
    assert s["blocking_probability"] == pytest.approx(1 - ok.mean())
    assert s["crankbacks"] == calls["crankbacks"].sum()
    assert s["dropped"] == calls["dropped"].sum()
    latency = calls.loc[ok, "setup_latency_s"]
    assert s["mean_setup_latency_s"] == pytest.approx(latency.mean())
    assert s["max_setup_latency_s"] == pytest.approx(latency.max())
    assert (s["p50_setup_latency_s"] <= s["p95_setup_latency_s"]
            <= s["p99_setup_latency_s"] <= s["max_setup_latency_s"])
    assert s["mean_hops"] == pytest.approx(calls.loc[ok, "hops"].mean())
    assert s["offered_load"] > 0 and s["carried_load"] > 0
    assert s["switches"] == 6 and s["hosts"] == 6
    assert s["wall_time_s"] >= 0
    assert math.isfinite(s["end_time_s"]) and s["end_time_s"] >= 2


def test_no_rule_violations(grid_results):
    assert grid_results.rules  # every rule is listed
    assert all(count == 0 for count in grid_results.rules.values())
    assert grid_results.summary["rule_violations"] == 0


def test_same_seed_same_tables(grid_results):
    again = condis.run(small_grid())
    pd.testing.assert_frame_equal(again.calls, grid_results.calls)
    pd.testing.assert_frame_equal(again.ports, grid_results.ports)


def test_other_run_differs(grid_results):
    other = condis.run(small_grid(), run=2)
    assert other.scenario.run == 2
    assert not other.calls.equals(grid_results.calls)
    # and the seed override takes the other way in too
    assert condis.run(small_grid(), seed=7).scenario.seed == 7


def test_failure_scenario_runs():
    s = small_grid(calls={"rate": 2, "holding": {"mean": "2s"},
                          "pcr": 4000},
                   failures=[{"at": "1s", "action": "fail", "switch": 1},
                             {"at": "1500ms", "action": "restore",
                              "switch": 1}])
    r = condis.run(s)
    assert len(r.calls) == r.summary["calls"] > 0
    assert r.summary["rule_violations"] == 0
    assert r.summary["dropping_probability"] == pytest.approx(
        r.calls["dropped"].sum() / max(r.summary["connected"], 1))


def test_signalling_failure_scenario_runs():
    # the signalling channel of trunk 1 - 4 (the grid's middle column) fails
    # alone; calls connected across it survive an outage shorter than T309
    # and are released with cause 27 when T309 runs out first. No link goes
    # down, so nothing is released with 41 (temporary failure).
    def outage(t309):
        s = small_grid(calls={"rate": 4, "holding": {"mean": "3s"},
                              "pcr": 1000},
                       switches={"t309": t309},
                       failures=[{"at": "1s", "action": "fail",
                                  "signalling": [1, 4]},
                                 {"at": "2s", "action": "restore",
                                  "signalling": [4, 1]}])
        assert s.switches["t309"] == t309
        assert s.failures[0]["signalling"] == [1, 4]
        assert condis.Scenario.from_json(s.to_json()) == s
        r = condis.run(s)
        assert r.summary["rule_violations"] == 0
        assert (r.calls["release_cause"] != 41).all()
        return r.calls[r.calls["dropped"]]

    assert len(outage("10s")) == 0   # back after 1 s: every call kept
    dropped = outage("500ms")        # T309 runs out at 1.5 s
    assert len(dropped) > 0
    assert (dropped["release_cause"] == 27).all()
    end = dropped["start_s"] + dropped["setup_latency_s"] + dropped["holding_time_s"]
    assert ((end > 1.5) & (end < 1.6)).all(), end


def test_gil_is_released_while_running():
    # a run of a few hundred calls takes a tenth of a second or more; the
    # main thread keeps running Python meanwhile only if the GIL is free
    s = condis.Scenario(topology={"generator": "grid", "rows": 4, "cols": 4},
                        calls={"rate": 2}, duration="20s")
    worker = threading.Thread(target=condis.run, args=(s,))
    ticks = 0
    worker.start()
    while worker.is_alive():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    assert ticks > 5


def test_runs_from_threads_take_turns():
    # the GIL is released during a run; the module serializes simulations
    results = [None, None]

    def work(i):
        results[i] = condis.run(small_grid(duration="1s"))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pd.testing.assert_frame_equal(results[0].calls, results[1].calls)


def test_docstrings():
    for name in ("scenario_from_json", "default_scenario_json",
                 "load_scenario_json", "scenarios_equal", "check_json",
                 "run_json"):
        assert getattr(_condis, name).__doc__
    for obj in (condis, condis.Scenario, condis.Results, condis.run,
                condis.Scenario.load, condis.Scenario.from_json,
                condis.Scenario.save, condis.Scenario.to_json):
        assert obj.__doc__
