# SPDX-License-Identifier: GPL-2.0-only
"""Parameter sweeps: every combination of a grid, replicated, in parallel.

::

    import condis
    base = condis.Scenario(duration="5s", seed=1)
    table = condis.sweep(base, {"calls.rate": [0.5, 1, 2],
                                "topology.rows": [3, 4]}, replications=5)

Each (point, replication) is one task. A task carries the scenario as JSON
text and returns the run's summary dict, so it is small and picklable and
runs the same way in a local process or on a Dask worker.

Seeds follow ns-3's seed/run scheme: every task of a sweep keeps one seed
(``base_seed``, else the base scenario's) and replication ``r`` (1..R) runs
with run number ``r``, which selects independent random substreams. The same
sweep therefore gives the same numbers again, wherever it runs.

Isolation (``backend="process"``): ns-3's simulator is a process-wide
singleton and a run may end its process (an ns-3 fatal error, an abort), so
every task runs in its own short-lived child process, at most ``workers`` at
a time. A child that dies or outlives ``timeout`` is reported as that task's
error and the sweep goes on. The children come from the ``forkserver``
start method with ``condis`` preloaded: forking the user's process could
copy a simulator mid-run or locks held by its threads (tqdm's, Dask's), and
``spawn`` would import pandas and the module again for every task; the
fork server is a fresh single-threaded process that has never run a
simulation, so each fork from it is cheap and clean.
"""

import contextlib
import itertools
import math
import multiprocessing
import multiprocessing.connection
import os
import statistics
import sys
import threading
import time

import pandas as pd

from . import Scenario, _dumps, run

__all__ = ["sweep", "DEFAULT_METRICS"]

#: The summary keys a sweep reports unless told otherwise.
DEFAULT_METRICS = ("blocking_probability", "dropping_probability",
                   "mean_setup_latency_s", "p95_setup_latency_s",
                   "carried_load", "mean_hops")

# Student t, two-sided 95 % (0.975 quantile), by degrees of freedom; larger
# degrees of freedom use the largest entry not above them (slightly wide).
_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447,
         7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179,
         13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101,
         19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
         25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042,
         40: 2.021, 60: 2.000, 120: 1.980}
_Z975 = 1.960

# the per-task columns of the raw table, before the grid parameters
_TASK_COLUMNS = ["point", "replication", "seed", "run"]


def sweep(base, grid, replications=1, *, metrics=None, backend="process",
          workers=None, scheduler=None, timeout=None, progress=True,
          base_seed=None, raw=False):
    """Runs every point of ``grid`` ``replications`` times; returns a table.

    - ``base``: the Scenario every point changes.
    - ``grid``: dict of ``"section.key"`` (any depth, e.g.
      ``"calls.holding.mean"``) or a whole section (``"duration"``,
      ``"failures"``) to a list of values; every combination is a point.
    - ``replications``: runs per point, with run numbers 1..R and one seed
      (``base_seed``, else ``base.seed``): ns-3's independent substreams.
    - ``metrics``: summary keys to aggregate (default ``DEFAULT_METRICS``).
    - ``backend``: ``"process"`` (local child processes, ``workers`` at a
      time, default ``os.cpu_count()``) or ``"dask"`` (``scheduler``: a
      ``distributed.Client`` or a scheduler address).
    - ``timeout``: seconds a single run may take before it is reported as
      failed (process backend: the child is killed; Dask: the worker stops
      waiting for it, though the run finishes in the background there).
    - ``progress``: a tqdm progress bar.
    - ``raw``: also return the per-replication table.

    Every scenario is built first, so a bad key or value raises ValueError
    (naming the field and the value) before anything runs. A run that
    fails, crashes its process or times out is a row with its ``error`` and
    NaN metrics; the other runs are unaffected.

    Returns a DataFrame with one row per point: the grid parameters, then
    for each metric ``<metric>`` (mean over the successful replications)
    and ``<metric>_ci95`` (half-width of the Student t 95 % interval; 0 for
    one replication, NaN for none), ``replications_ok`` and ``errors`` (a
    list of the failed runs' messages). With ``raw=True``, returns
    ``(table, runs)``, ``runs`` having one row per task (point,
    replication, seed, run, the parameters, every summary key, error).
    """
    if not isinstance(base, Scenario):
        raise TypeError("sweep() takes a condis.Scenario, not %s"
                        % type(base).__name__)
    if not isinstance(replications, int) or replications < 1:
        raise ValueError("replications: %r: must be an integer of 1 or more"
                         % (replications,))
    metrics = list(DEFAULT_METRICS if metrics is None else metrics)
    if not metrics or not all(isinstance(m, str) for m in metrics):
        raise ValueError("metrics: %r: must be summary keys" % (metrics,))
    if backend not in ("process", "dask"):
        raise ValueError("backend: %r: must be 'process' or 'dask'"
                         % (backend,))
    if timeout is not None and not timeout > 0:
        raise ValueError("timeout: %r: must be above 0 seconds" % (timeout,))
    names, points = _points(grid)
    seed = base.seed if base_seed is None else base_seed
    tasks = _tasks(base, names, points, replications, seed)

    bar = _progress_bar(len(tasks), progress)
    try:
        if backend == "process":
            with _main_not_reimported():
                rows = _run_in_processes(_run_task, tasks, workers, timeout,
                                         bar.update)
        else:
            rows = _run_on_dask(_run_task_with_timeout, tasks, scheduler,
                                timeout, bar.update)
    finally:
        bar.close()

    runs = _runs_table(rows, names, metrics)
    table = _aggregate(runs, names, points, metrics)
    return (table, runs) if raw else table


# ---- building the tasks -----------------------------------------------------

def _points(grid):
    """The grid's parameter names and every combination of their values."""
    if not isinstance(grid, dict):
        raise ValueError("grid: must be a dict of 'section.key' to a list "
                         "of values, not %s" % type(grid).__name__)
    names = list(grid)
    for name in names:
        values = grid[name]
        if not isinstance(name, str) or not name or "" in name.split("."):
            raise ValueError("grid: %r: not a 'section.key' name" % (name,))
        if name.split(".")[0] in ("seed", "run"):
            raise ValueError("grid: %s: set by the sweep (base_seed and "
                             "replications)" % name)
        if isinstance(values, (str, bytes, dict)) or not hasattr(
                values, "__iter__"):
            raise ValueError("grid: %s: %r: must be a list of values"
                             % (name, values))
        if not list(values):
            raise ValueError("grid: %s: no values" % name)
    points = list(itertools.product(*(list(grid[n]) for n in names)))
    return names, points


def _tasks(base, names, points, replications, seed):
    """One picklable task per (point, replication); validates every point.

    Each point's scenario is built (and so validated by the C++) once; a
    ValueError names the grid parameter, the field and the value.
    """
    tasks = []
    for index, values in enumerate(points):
        data = base.to_dict()
        for name, value in zip(names, values):
            _set_path(data, name.split("."), value)
        try:
            scenario = Scenario.from_json(_dumps(data))
        except ValueError as error:
            raise ValueError("grid point %s: %s"
                             % (_describe(names, values), error)) from None
        for replication in range(1, replications + 1):
            tasks.append({
                "point": index,
                "replication": replication,
                "seed": seed,
                "run": replication,
                "params": dict(zip(names, values)),
                "scenario": scenario.to_json(),
            })
    return tasks


def _set_path(data, path, value):
    """Sets ``data[path[0]][path[1]]... = value``, making dicts on the way.

    A key the format does not know is set too, for the C++ to refuse by
    name.
    """
    for key in path[:-1]:
        if not isinstance(data.get(key), dict):
            data[key] = {}
        data = data[key]
    data[path[-1]] = value


def _describe(names, values):
    """``name=value, ...`` for messages."""
    return ", ".join("%s=%r" % nv for nv in zip(names, values))


# ---- running one task -------------------------------------------------------

def _run_task(task):
    """Runs one task where it lands; returns its row, never raises.

    The row holds the task's identity and parameters, the run's summary
    keys and ``error`` (None, or the exception's type and message).
    """
    row = _task_row(task)
    try:
        scenario = Scenario.from_json(task["scenario"])
        results = run(scenario, seed=task["seed"], run=task["run"])
        row.update(results.summary)
    except Exception as error:  # reported in the table, not raised
        row["error"] = "%s: %s" % (type(error).__name__, error)
    return row


def _task_row(task, error=None):
    """A row with the task's identity and parameters and ``error``."""
    row = {k: task[k] for k in _TASK_COLUMNS}
    row["params"] = task["params"]
    row["error"] = error
    return row


# ---- the process backend ----------------------------------------------------

@contextlib.contextmanager
def _main_not_reimported():
    """Lets the worker processes start when ``__main__`` has no file.

    A child of the forkserver runs the parent's ``__main__.__file__`` again
    before its task; a script read from standard input (``python3 - <
    script.py``) names ``<stdin>``, which is no file, and every child would
    die. The tasks need nothing from ``__main__`` (they run condis's own
    functions), so while the workers start, such a name is hidden.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is None or os.path.isfile(path):
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _child(conn, function, task):
    """In a child process: sends ``function(task)`` back and exits."""
    try:
        conn.send(function(task))
    finally:
        conn.close()


def _run_in_processes(function, tasks, workers, timeout, done):
    """Runs ``function(task)`` for every task, each in its own process.

    At most ``workers`` children at a time (default: the CPU count). A child
    that dies without an answer, or runs longer than ``timeout`` seconds
    (then killed), gives a row with the error instead. ``done(1)`` is called
    as each task ends. Returns the rows in the tasks' order.
    """
    if workers is None:
        workers = os.cpu_count() or 1
    if not isinstance(workers, int) or workers < 1:
        raise ValueError("workers: %r: must be 1 or more" % (workers,))
    context = multiprocessing.get_context("forkserver")
    # the fork server imports condis once; each child then starts ready
    context.set_forkserver_preload(["condis"])
    rows = [None] * len(tasks)
    waiting = list(range(len(tasks)))
    waiting.reverse()
    running = {}  # process -> (task index, receiving end, start time)
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                index = waiting.pop()
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child, args=(sender, function, tasks[index]),
                    daemon=True)
                process.start()
                sender.close()
                running[process] = (index, receiver, time.monotonic())
            multiprocessing.connection.wait(
                [p.sentinel for p in running]
                + [r for _, r, _ in running.values()],
                timeout=_next_deadline(running, timeout))
            for process in list(running):
                row = _collect(process, *running[process], tasks, timeout)
                if row is not None:
                    index = running.pop(process)[0]
                    rows[index] = row
                    done(1)
    finally:
        for process, (_, receiver, _) in running.items():
            process.kill()
            process.join()
            receiver.close()
    return rows


def _next_deadline(running, timeout):
    """Seconds until the first running child's time is up (None: none)."""
    if timeout is None:
        return None
    now = time.monotonic()
    return max(0.0, min(start + timeout - now
                        for _, _, start in running.values()))


def _collect(process, index, receiver, start, tasks, timeout):
    """The row of a child that has ended or run out of time, else None."""
    task = tasks[index]
    if receiver.poll():
        try:
            row = receiver.recv()
        except EOFError:  # closed without a word: it is dying
            process.join()
        else:
            process.join()
            receiver.close()
            return row
    if not process.is_alive():
        process.join()
        receiver.close()
        return _task_row(task, "worker process died (exit code %s)"
                         % process.exitcode)
    if timeout is not None and time.monotonic() - start >= timeout:
        process.kill()
        process.join()
        receiver.close()
        return _task_row(task, "timed out after %g s" % timeout)
    return None


# ---- the Dask backend -------------------------------------------------------

def _run_on_dask(run, tasks, scheduler, timeout, done):
    """Runs every task on a Dask distributed cluster; rows in task order.

    ``run(task, timeout)`` makes a task's row on a worker.
    ``scheduler`` is a ``distributed.Client`` (kept open) or an address (a
    client is opened and closed here). A task whose worker dies is retried
    by Dask on another worker and, failing again, reported with the error
    Dask gives (``KilledWorker``).
    """
    try:
        import distributed
    except ImportError as error:
        raise ImportError("backend='dask' needs the 'distributed' package "
                          "(Debian: python3-distributed)") from error
    if scheduler is None:
        raise ValueError("scheduler: backend='dask' needs a "
                         "distributed.Client or a scheduler address")
    own = not isinstance(scheduler, distributed.Client)
    client = distributed.Client(scheduler) if own else scheduler
    try:
        futures = [client.submit(run, task, timeout, pure=False)
                   for task in tasks]
        index_of = {future.key: i for i, future in enumerate(futures)}
        rows = [None] * len(tasks)
        for future in distributed.as_completed(futures):
            index = index_of[future.key]
            try:
                rows[index] = future.result()
            except Exception as error:  # the worker died, or Dask failed
                rows[index] = _task_row(tasks[index], "%s: %s" % (
                    type(error).__name__, error))
            done(1)
        return rows
    finally:
        if own:
            client.close()


def _run_task_with_timeout(task, timeout):
    """``_run_task`` on a Dask worker, given up after ``timeout`` seconds.

    Dask's worker processes are daemons and may not start children, and a
    running simulation cannot be stopped from Python; so the run goes on
    in a thread and, past the timeout, the task returns its error while the
    run finishes in the background (that worker's next runs wait for it).
    """
    if timeout is None:
        return _run_task(task)
    result = []
    thread = threading.Thread(target=lambda: result.append(_run_task(task)),
                              daemon=True)
    thread.start()
    thread.join(timeout)
    if result:
        return result[0]
    return _task_row(task, "timed out after %g s" % timeout)


# ---- tables -----------------------------------------------------------------

def _runs_table(rows, names, metrics):
    """One row per task: identity, parameters, summary keys, error."""
    records = []
    for row in rows:
        record = {k: row[k] for k in _TASK_COLUMNS}
        record.update(row["params"])
        record.update({k: v for k, v in row.items()
                       if k not in _TASK_COLUMNS
                       and k not in ("params", "error")})
        record["error"] = row["error"]
        records.append(record)
    runs = pd.DataFrame(records)
    for metric in metrics:
        if metric not in runs:
            runs[metric] = math.nan
    ordered = _TASK_COLUMNS + names
    rest = [c for c in runs.columns if c not in ordered and c != "error"]
    return runs[ordered + rest + ["error"]]


def _aggregate(runs, names, points, metrics):
    """One row per point: parameters, mean and CI of each metric, errors."""
    records = []
    for index, values in enumerate(points):
        mine = runs[runs["point"] == index]
        ok = mine[mine["error"].isna()]
        record = dict(zip(names, values))
        for metric in metrics:
            samples = [float(v) for v in ok[metric] if not _is_nan(v)]
            record[metric], record[metric + "_ci95"] = _mean_ci95(samples)
        record["replications_ok"] = len(ok)
        record["errors"] = [e for e in mine["error"] if isinstance(e, str)]
        records.append(record)
    columns = names + [c for m in metrics for c in (m, m + "_ci95")] + [
        "replications_ok", "errors"]
    return pd.DataFrame(records, columns=columns)


def _is_nan(value):
    """True for a missing or NaN value."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _mean_ci95(samples):
    """Mean and 95 % Student t half-width (0 for one sample, NaN for none)."""
    if not samples:
        return math.nan, math.nan
    mean = statistics.fmean(samples)
    if len(samples) == 1:
        return mean, 0.0
    dof = len(samples) - 1
    t = _T975.get(dof) or (
        _T975[max(k for k in _T975 if k <= dof)] if dof < 1000 else _Z975)
    return mean, t * statistics.stdev(samples) / math.sqrt(len(samples))


def _progress_bar(total, enabled):
    """A tqdm bar over the tasks; without tqdm, a silent stand-in.

    tqdm is needed only for a bar that shows: ``progress=False`` works
    without it.
    """
    try:
        from tqdm import tqdm
    except ImportError:
        if enabled:
            raise ImportError("progress=True needs tqdm (Debian: "
                              "python3-tqdm); or pass progress=False")
        return _NoBar()
    return tqdm(total=total, disable=not enabled, unit="run",
                desc="condis.sweep")


class _NoBar:
    """What the sweep calls on a progress bar, doing nothing."""

    def update(self, n=1):
        """Ignores ``n`` tasks done."""

    def close(self):
        """Nothing to close."""
