# SPDX-License-Identifier: GPL-2.0-only
"""Tests of condis.sweep (run by ctest as python-tests)."""

import importlib
import math
import os
import statistics
import time

import pytest

import condis

# condis.sweep is the function; its module holds the pieces tested alone
sweep_module = importlib.import_module("condis.sweep")

GRID = {"calls.rate": [1, 2]}


def tiny(**changes):
    """A 2 x 2 grid with a few calls for 3 s: a run of well under a second."""
    args = dict(topology={"generator": "grid", "rows": 2, "cols": 2},
                links={"rate": "10Mbps", "delay": "1ms"},
                calls={"rate": 1, "holding": {"mean": "500ms"},
                       "pcr": 4000},
                duration="3s", seed=1)
    args.update(changes)
    return condis.Scenario(**args)


def check_table(table, runs, replications):
    """The checks every backend must pass on a GRID sweep."""
    assert list(table["calls.rate"]) == [1, 2]
    assert len(table) == 2
    assert len(runs) == 2 * replications
    assert list(table["replications_ok"]) == [replications] * 2
    assert all(errors == [] for errors in table["errors"])
    assert runs["error"].isna().all()
    for metric in sweep_module.DEFAULT_METRICS:
        for point, row in table.iterrows():
            values = runs.loc[runs["point"] == point, metric]
            assert row[metric] == pytest.approx(statistics.fmean(values))
            if replications == 1:
                assert row[metric + "_ci95"] == 0
            elif values.nunique() > 1:
                assert row[metric + "_ci95"] > 0
    # replications ran with other run numbers, and so gave other results
    assert sorted(runs["run"].unique()) == list(range(1, replications + 1))
    if replications > 1:
        for point in (0, 1):
            mine = runs[runs["point"] == point]
            assert mine["wall_time_s"].notna().all()
            assert mine["calls"].nunique() > 1 or (
                mine["mean_setup_latency_s"].nunique() > 1)


@pytest.fixture(scope="module")
def process_sweep():
    """A 2-point, 2-replication sweep on local processes, shared."""
    return condis.sweep(tiny(), GRID, replications=2, workers=2,
                        progress=False, raw=True)


def test_process_backend(process_sweep):
    table, runs = process_sweep
    check_table(table, runs, 2)


def test_same_as_running_in_this_process(process_sweep):
    _, runs = process_sweep
    row = runs[(runs["point"] == 1) & (runs["replication"] == 2)].iloc[0]
    here = condis.run(tiny(calls={"rate": 2, "holding": {"mean": "500ms"},
                                  "pcr": 4000}), run=2).summary
    for key in ("calls", "connected", "blocking_probability",
                "mean_setup_latency_s"):
        assert row[key] == pytest.approx(here[key])


def test_one_replication_has_zero_interval():
    table, runs = condis.sweep(tiny(duration="2s"), GRID, progress=False,
                               workers=2, raw=True)
    check_table(table, runs, 1)


def test_table_without_raw_and_chosen_metrics():
    table = condis.sweep(tiny(duration="2s"), {"duration": ["1s", "2s"]},
                         metrics=["calls"], progress=False, workers=2)
    assert list(table.columns) == ["duration", "calls", "calls_ci95",
                                   "replications_ok", "errors"]
    assert table["calls"].iloc[0] < table["calls"].iloc[1]


def test_nested_key_and_raw_columns():
    table, runs = condis.sweep(tiny(duration="2s"),
                               {"calls.holding.mean": ["100ms", "2s"]},
                               metrics=["carried_load"], progress=False,
                               workers=2, raw=True)
    assert list(table["calls.holding.mean"]) == ["100ms", "2s"]
    assert table["carried_load"].iloc[0] < table["carried_load"].iloc[1]
    assert list(runs.columns[:5]) == ["point", "replication", "seed", "run",
                                      "calls.holding.mean"]
    assert runs.columns[-1] == "error"
    assert (runs["seed"] == 1).all()


def local_cluster():
    """The distributed module and a LocalCluster of two one-thread worker
    processes; skips the test where Dask is missing or cannot start one."""
    distributed = pytest.importorskip(
        "distributed", reason="backend='dask' needs python3-distributed")
    try:
        # The dashboard on a free port: with None, Dask 2022.12's scheduler
        # still takes 8787, and when another cluster on the machine holds it
        # (another test run), its retry on another port fails and the
        # cluster does not start.
        cluster = distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1,
            dashboard_address=":0")
    except Exception as error:  # no sockets, no processes here
        pytest.skip("a Dask LocalCluster does not start here: %s" % error)
    return distributed, cluster


# Debian's Dask 2022.12 on tornado 6.2 warns of its own deprecated calls
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_backend(process_sweep):
    distributed, cluster = local_cluster()
    with cluster, distributed.Client(cluster) as client:
        table, runs = condis.sweep(tiny(), GRID, replications=2,
                                   backend="dask", scheduler=client,
                                   progress=False, raw=True)
        check_table(table, runs, 2)
        # by address too: the sweep opens and closes its own client
        again = condis.sweep(tiny(), GRID, replications=2, backend="dask",
                             scheduler=cluster.scheduler_address,
                             progress=False)
        # a run past its timeout stops there, and its worker goes on: the
        # runs that cannot end time out, the short ones (a few hundredths
        # of a second) do not
        slow = condis.sweep(endless(), {"duration": ["1000000s", "1s"]},
                            replications=2, backend="dask", scheduler=client,
                            timeout=2, progress=False)
        assert list(slow["errors"]) == [["timed out after 2 s"] * 2, []]
        assert list(slow["replications_ok"]) == [0, 2]
    local, _ = process_sweep
    for metric in sweep_module.DEFAULT_METRICS:
        assert list(again[metric]) == pytest.approx(list(table[metric]))
        assert list(local[metric]) == pytest.approx(list(table[metric]))


def run_in_progress():
    """On a Dask worker: whether a run is in progress there."""
    return condis._condis.is_running()


# Debian's Dask 2022.12 on tornado 6.2 warns of its own deprecated calls
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_cancelled_dask_task_stops_its_run():
    distributed, cluster = local_cluster()
    with cluster, distributed.Client(cluster) as client:
        client.register_worker_plugin(sweep_module._StopOnCancel(),
                                      name=sweep_module._StopOnCancel.name)
        task = sweep_module._tasks(endless(), [], [()], 1, 1)[0]
        future = client.submit(sweep_module._run_dask_task, task, None,
                               pure=False,
                               key=sweep_module._TASK_KEY_PREFIX + "endless")
        # no time limit here but the test's: the run cannot end by itself
        while not any(client.run(run_in_progress).values()):
            time.sleep(0.01)
        future.cancel()
        while any(client.run(run_in_progress).values()):
            time.sleep(0.01)
        # the worker that ran it is free, and runs as ever
        quick = sweep_module._tasks(tiny(duration="1s"), [], [()], 1, 1)
        rows = client.gather([client.submit(sweep_module._run_dask_task, t,
                                            None, pure=False) for t in quick])
        assert rows[0]["error"] is None and rows[0]["calls"] > 0


# ---- failures ---------------------------------------------------------------

def test_failing_run_is_reported():
    # a failure naming a switch the topology lacks passes construction but
    # not the runner's check, inside the worker
    bad = [{"at": "1s", "action": "fail", "switch": 42}]
    table, runs = condis.sweep(tiny(duration="2s"), {"failures": [[], bad]},
                               replications=2, progress=False, workers=2,
                               raw=True)
    assert list(table["replications_ok"]) == [2, 0]
    assert table["errors"].iloc[0] == []
    assert len(table["errors"].iloc[1]) == 2
    assert all(e.startswith("ValueError: ") and "42" in e
               for e in table["errors"].iloc[1])
    assert not math.isnan(table["blocking_probability"].iloc[0])
    assert math.isnan(table["blocking_probability"].iloc[1])
    assert runs["error"].notna().sum() == 2


def endless():
    """A run that cannot end in a test's lifetime: 10^6 s of calls."""
    return tiny(duration="1000000s", statistics={"sampleInterval": "1000s"})


def test_timeout_is_reported_and_the_worker_goes_on():
    # one worker: the run that cannot end stops at its timeout, and the same
    # worker then runs the short one (a few hundredths of a second)
    table = condis.sweep(endless(), {"duration": ["1000000s", "1s"]},
                         timeout=2, progress=False, workers=1)
    assert list(table["replications_ok"]) == [0, 1]
    assert list(table["errors"]) == [["timed out after 2 s"], []]


def pid_and_run(task):
    """A task function that reports the process it ran in, and runs."""
    row = sweep_module._run_task(task)
    row["pid"] = os.getpid()
    return row


def test_workers_are_long_lived_and_run_many_tasks():
    tasks = sweep_module._tasks(tiny(duration="1s"), ["calls.rate"],
                                [(1,), (2,), (3,)], 2, 1)
    rows = sweep_module._run_in_processes(pid_and_run, tasks, 2, None,
                                          lambda n: None)
    assert [r["error"] for r in rows] == [None] * 6
    pids = {r["pid"] for r in rows}
    assert 1 <= len(pids) <= 2 and os.getpid() not in pids
    # a run in a used worker gives what a run in a fresh process gives
    fresh = sweep_module._run_in_processes(pid_and_run, tasks[-1:], 1, None,
                                           lambda n: None)
    assert fresh[0]["calls"] == rows[-1]["calls"]
    assert fresh[0]["mean_setup_latency_s"] == rows[-1]["mean_setup_latency_s"]


def hang(task):
    """A task function that never returns and no stop can end."""
    time.sleep(3600)


def test_worker_that_does_not_stop_is_killed_and_replaced(monkeypatch):
    monkeypatch.setattr(sweep_module, "KILL_GRACE", 0.1)
    tasks = sweep_module._tasks(tiny(duration="1s"), ["calls.rate"],
                                [(1,), (2,)], 1, 1)
    rows = sweep_module._run_in_processes(hang, tasks, 1, 0.1,
                                          lambda n: None)
    assert [r["error"] for r in rows] == ["timed out after 0.1 s"] * 2


def die_on_odd_points(task):
    """A task function whose process dies on odd points (os._exit)."""
    if task["point"] % 2:
        os._exit(3)
    return sweep_module._run_task(task)


@pytest.mark.parametrize("workers", [1, 2])
def test_dead_worker_does_not_stop_the_rest(workers):
    tasks = sweep_module._tasks(tiny(duration="1s"), ["calls.rate"],
                                [(1,), (2,), (3,), (4,)], 1, 1)
    done = []
    rows = sweep_module._run_in_processes(die_on_odd_points, tasks, workers,
                                          None, done.append)
    assert len(done) == 4
    died = "worker process died (exit code 3)"
    assert [r["error"] for r in rows] == [None, died, None, died]
    assert rows[0]["calls"] > 0 and rows[2]["calls"] > 0


def die_on_odd_points_with_timeout(task, timeout):
    """``die_on_odd_points`` with the signature of a Dask task function."""
    if task["point"] % 2:
        os._exit(3)
    return sweep_module._run_dask_task(task, timeout)


# Debian's Dask 2022.12 on tornado 6.2 warns of its own deprecated calls
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dead_dask_worker_does_not_stop_the_rest():
    import dask
    tasks = sweep_module._tasks(tiny(duration="1s"), ["calls.rate"],
                                [(1,), (2,), (3,)], 1, 1)
    # Dask retries a task whose worker died on another worker, up to
    # allowed-failures times, then fails it with KilledWorker. Two retries
    # keep a good task that shared a dying worker from failing with it.
    with dask.config.set({"distributed.scheduler.allowed-failures": 2}):
        distributed, cluster = local_cluster()
        with cluster, distributed.Client(cluster) as client:
            done = []
            rows = sweep_module._run_on_dask(die_on_odd_points_with_timeout,
                                             tasks, client, None, done.append)
            # closing while a nanny restarts its worker may time out; a
            # restart under a sanitizer on a loaded machine took over 60 s
            client.wait_for_workers(2, timeout=300)
    assert len(done) == 3
    assert rows[0]["error"] is None and rows[2]["error"] is None
    assert rows[0]["calls"] > 0 and rows[2]["calls"] > 0
    assert rows[1]["error"].startswith("KilledWorker: ")


# ---- bad grids --------------------------------------------------------------

@pytest.mark.parametrize("grid, message", [
    ({"calls.bogus": [1]}, "bogus"),
    ({"calls.rate": [1, -1]}, "calls.rate: -1"),
    ({"nosuch.key": [1]}, "nosuch"),
    ({"calls.rate": 1}, "list of values"),
    ({"calls.rate": "12"}, "list of values"),
    ({"calls.rate": []}, "no values"),
    ({"calls..rate": [1]}, "section.key"),
    ({"seed": [1, 2]}, "base_seed"),
    ({"run": [1, 2]}, "replications"),
    ([("calls.rate", [1])], "dict"),
])
def test_bad_grid_raises_before_running(monkeypatch, grid, message):
    def must_not_run(*args):
        raise AssertionError("ran")
    monkeypatch.setattr(sweep_module, "_run_in_processes", must_not_run)
    with pytest.raises(ValueError, match=message):
        condis.sweep(tiny(), grid, progress=False)


@pytest.mark.parametrize("kwargs", [
    {"replications": 0}, {"backend": "threads"}, {"timeout": 0},
    {"metrics": []}, {"backend": "dask"},  # no scheduler
    {"workers": 0},
])
def test_bad_arguments_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        condis.sweep(tiny(duration="1s"), GRID, progress=False, **kwargs)


def test_docstrings():
    assert condis.sweep.__doc__ and sweep_module.__doc__
    for name in dir(sweep_module):
        obj = getattr(sweep_module, name)
        if callable(obj) and getattr(obj, "__module__", "") == \
                sweep_module.__name__:
            assert obj.__doc__, name
