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

Workers (``backend="process"``): ``workers`` long-lived processes, each
running one task after another in-process, as ``condis.run`` does in a
notebook; the simulator is reset after every run, and runs free what they
built, so a worker's memory stays flat. A run past ``timeout`` stops at its
next event (``condis.RunTimeout``), is reported as timed out, and its worker
goes on with the next task. ns-3's simulator is a process-wide singleton
and a run may still end its process (an ns-3 fatal error, an abort): a
worker that dies is reported as that task's error and replaced, and one that
does not answer within ``KILL_GRACE`` seconds after the timeout (a run still
building a very large network, which a stop cannot interrupt) is killed and
replaced. The workers come from the ``forkserver`` start method with
``condis`` preloaded: forking the user's process could copy a simulator
mid-run or locks held by its threads (tqdm's, Dask's), and ``spawn`` would
import pandas and the module again for every worker; the fork server is a
fresh single-threaded process that has never run a simulation. Workers
ignore SIGINT: Ctrl-C interrupts the sweep in the calling process, which
then ends its workers.

Dask (``backend="dask"``): each task runs in-process on a worker with its
timeout; a task cancelled on the cluster (``client.cancel``, or the sweep
interrupted) stops its run at the next event, through a worker plugin
registered by the sweep, instead of running on in the background.
"""

import contextlib
import functools
import itertools
import math
import multiprocessing
import multiprocessing.connection
import os
import signal
import statistics
import sys
import threading
import time
import uuid

import pandas as pd

from . import RunTimeout, Scenario, _dumps, run, stop

__all__ = ["sweep", "DEFAULT_METRICS", "KILL_GRACE"]

#: Seconds a worker process may take beyond a run's timeout to report it
#: before it is killed (process backend).
KILL_GRACE = 5.0

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
    - ``timeout``: seconds (wall-clock) a single run may take: it is then
      stopped at its next event and reported as ``"timed out after <t>
      s"``; its worker goes on with the next task.
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
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(
            timeout, (int, float)) or not math.isfinite(timeout)):
        raise ValueError("timeout: %r: must be a number of seconds"
                         % (timeout,))
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
                rows = _run_in_processes(
                    functools.partial(_run_task, timeout=timeout), tasks,
                    workers, timeout, bar.update)
        else:
            rows = _run_on_dask(_run_dask_task, tasks, scheduler, timeout,
                                bar.update)
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

def _run_task(task, timeout=None):
    """Runs one task where it lands; returns its row, never raises.

    The row holds the task's identity and parameters, the run's summary
    keys and ``error`` (None, ``"timed out after <timeout> s"``, or the
    exception's type and message). A run past ``timeout`` seconds stops.
    """
    row = _task_row(task)
    try:
        scenario = Scenario.from_json(task["scenario"])
        results = run(scenario, seed=task["seed"], run=task["run"],
                      timeout=timeout)
        row.update(results.summary)
    except RunTimeout:
        row["error"] = _timed_out(timeout)
    except Exception as error:  # reported in the table, not raised
        row["error"] = "%s: %s" % (type(error).__name__, error)
    return row


def _timed_out(timeout):
    """The error of a run stopped by its timeout."""
    return "timed out after %g s" % timeout


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


def _worker(conn, function):
    """A worker process: runs each task that comes down ``conn`` and sends
    back ``function(task)``, until it gets None or the pipe closes."""
    # Ctrl-C is the sweep's to handle: it ends the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        while True:
            try:
                task = conn.recv()
            except EOFError:
                return
            if task is None:
                return
            conn.send(function(task))
    finally:
        conn.close()


class _Worker:
    """A worker process, its end of the pipe and the task it is running."""

    def __init__(self, context, function):
        """Starts the process."""
        self.conn, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker,
                                       args=(theirs, function), daemon=True)
        self.process.start()
        theirs.close()
        self.index = None  # the task it runs, if any
        self.start = None  # when it was given the task

    def give(self, index, task):
        """Sends it a task."""
        self.index = index
        self.start = time.monotonic()
        self.conn.send(task)

    def end(self, kill):
        """Ends the process: asks it to exit, or kills it."""
        if not kill and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:  # it has just died
                pass
            self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _run_in_processes(function, tasks, workers, timeout, done):
    """Runs ``function(task)`` for every task in long-lived worker processes.

    ``workers`` processes (default: the CPU count, at most one per task)
    each run one task at a time. A worker that dies without an answer gives
    that task a row with the error and is replaced; so is one that has not
    answered ``KILL_GRACE`` seconds after ``timeout`` (then killed).
    ``function`` stops its run at the timeout itself. ``done(1)`` is called
    as each task ends. Returns the rows in the tasks' order.
    """
    if workers is None:
        workers = os.cpu_count() or 1
    if not isinstance(workers, int) or workers < 1:
        raise ValueError("workers: %r: must be 1 or more" % (workers,))
    context = multiprocessing.get_context("forkserver")
    # the fork server imports condis once; each worker then starts ready
    context.set_forkserver_preload(["condis"])
    rows = [None] * len(tasks)
    waiting = list(range(len(tasks)))
    waiting.reverse()
    pool = []
    try:
        pool = [_Worker(context, function)
                for _ in range(min(workers, len(tasks)))]
        left = len(tasks)
        while left:
            for worker in pool:
                if worker.index is None and waiting:
                    index = waiting.pop()
                    worker.give(index, tasks[index])
            multiprocessing.connection.wait(
                [w.conn for w in pool if w.index is not None]
                + [w.process.sentinel for w in pool],
                timeout=_next_deadline(pool, timeout))
            for slot, worker in enumerate(pool):
                row, dead = _collect(worker, tasks, timeout)
                if row is not None:
                    rows[worker.index] = row
                    worker.index = None
                    left -= 1
                    done(1)
                if dead:
                    worker.end(kill=True)
                    pool[slot] = _Worker(context, function)
    finally:
        for worker in pool:
            worker.end(kill=worker.index is not None)
    return rows


def _next_deadline(pool, timeout):
    """Seconds until a busy worker's time is up (None: no limit)."""
    busy = [w.start for w in pool if w.index is not None]
    if timeout is None or not busy:
        return None
    return max(0.0, min(busy) + timeout + KILL_GRACE - time.monotonic())


def _collect(worker, tasks, timeout):
    """``(row, dead)``: the row of a worker's task if it has one now, and
    whether the worker must be replaced (it died, or was out of time)."""
    if worker.index is None:
        return None, not worker.process.is_alive()
    task = tasks[worker.index]
    if worker.conn.poll():
        try:
            return worker.conn.recv(), False
        except (EOFError, OSError):  # closed without a word: it is dying
            worker.process.join()
    if not worker.process.is_alive():
        worker.process.join()
        return _task_row(task, "worker process died (exit code %s)"
                         % worker.process.exitcode), True
    if (timeout is not None
            and time.monotonic() - worker.start >= timeout + KILL_GRACE):
        return _task_row(task, _timed_out(timeout)), True
    return None, False


# ---- the Dask backend -------------------------------------------------------

def _run_on_dask(run, tasks, scheduler, timeout, done):
    """Runs every task on a Dask distributed cluster; rows in task order.

    ``run(task, timeout)`` makes a task's row on a worker.
    ``scheduler`` is a ``distributed.Client`` (kept open) or an address (a
    client is opened and closed here). A task whose worker dies is retried
    by Dask on another worker and, failing again, reported with the error
    Dask gives (``KilledWorker``). Tasks left when the sweep is interrupted
    or fails are cancelled, and their runs stop (``_StopOnCancel``).
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
    futures = []
    try:
        client.register_worker_plugin(_StopOnCancel(),
                                      name=_StopOnCancel.name)
        futures = [client.submit(run, task, timeout, pure=False,
                                 key=_TASK_KEY_PREFIX + uuid.uuid4().hex)
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
        # interrupted or failed: what is still running stops on the workers
        left = [future for future in futures if not future.done()]
        if left:
            client.cancel(left)
        if own:
            client.close()


#: The Dask keys of the sweep's tasks start with this.
_TASK_KEY_PREFIX = "condis-run-"

# On a Dask worker: the key of the task whose run is in progress, and the
# keys of the sweep's tasks cancelled while executing (until they end; the
# last few only, for a cancel that came just after its task ended).
_dask_lock = threading.Lock()
_dask_running = [None]
_dask_cancelled = set()
_DASK_CANCELLED_KEPT = 256


def _run_dask_task(task, timeout):
    """``_run_task`` on a Dask worker, stoppable by a cancel.

    A run past ``timeout`` stops (in-process, as in a worker process of the
    process backend). A task cancelled while it runs has its run stopped by
    ``_StopOnCancel``; one cancelled before its run started does not run.
    """
    from distributed.worker import thread_state
    key = getattr(thread_state, "key", None)
    with _dask_lock:
        if key in _dask_cancelled:
            _dask_cancelled.discard(key)
            return _task_row(task, "cancelled")
        _dask_running[0] = key
    try:
        return _run_task(task, timeout)
    finally:
        with _dask_lock:
            _dask_running[0] = None
            _dask_cancelled.discard(key)


def _stop_while_running(key):
    """Asks for a stop until the run of task ``key`` has ended.

    Asked once, a stop could land before the run has started, where it is
    forgotten; asked every few milliseconds, it lands in the run.
    """
    while True:
        with _dask_lock:
            if _dask_running[0] != key:
                return
            stop()
        time.sleep(0.002)


class _StopOnCancel:
    """A Dask worker plugin: a sweep task that the scheduler releases while
    it executes (``client.cancel``, an interrupted sweep) has its run
    stopped, instead of running on in the background of the worker."""

    name = "condis-stop-on-cancel"

    def transition(self, key, start, finish, **kwargs):
        """Called by the worker on every task state change."""
        if (not isinstance(key, str) or not key.startswith(_TASK_KEY_PREFIX)
                or start not in ("executing", "long-running")
                or finish not in ("released", "cancelled")):
            return
        with _dask_lock:
            if len(_dask_cancelled) >= _DASK_CANCELLED_KEPT:
                _dask_cancelled.clear()
            _dask_cancelled.add(key)
            running = _dask_running[0] == key
        if running:
            threading.Thread(target=_stop_while_running, args=(key,),
                             daemon=True).start()


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
