# SPDX-License-Identifier: GPL-2.0-only
"""Long sessions (run by ctest as python-tests): a run can be stopped by its
timeout, by Ctrl-C or by condis.stop(), and the next run in the process is
as ever; hundreds of runs in one process use constant memory."""

import gc
import math
import os
import signal
import threading
import time

import pytest

import condis
from condis import _condis


def tiny(**changes):
    """A 2 x 2 grid, two hosts per switch, a few calls: a short run."""
    args = dict(topology={"generator": "grid", "rows": 2, "cols": 2},
                hosts={"perSwitch": 2},
                links={"rate": "10Mbps", "delay": "1ms"},
                calls={"rate": 2, "holding": {"mean": "500ms"},
                       "pcr": 4000},
                duration="2s", seed=1, run=1)
    args.update(changes)
    return condis.Scenario(**args)


def endless():
    """A run that cannot end in a test's lifetime: 10^6 s of 8 hosts
    calling once a second (8 x 10^6 calls, within the limit of 10^7)."""
    return tiny(calls={"rate": 1}, duration="1000000s",
                statistics={"sampleInterval": "1000s"})


def when_running(action):
    """A thread that waits until a run is in progress in this process (no
    time limit but the test's), then does ``action()``."""
    def wait_then_act():
        while not _condis.is_running():
            time.sleep(0.001)
        action()
    thread = threading.Thread(target=wait_then_act, daemon=True)
    thread.start()
    return thread


@pytest.fixture(scope="module")
def before():
    """The summary of tiny() in a process that has stopped no run yet."""
    summary = dict(condis.run(tiny()).summary)
    del summary["wall_time_s"]
    return summary


def same_as_before(before):
    """True when tiny() runs as it did before any stop."""
    summary = dict(condis.run(tiny()).summary)
    del summary["wall_time_s"]
    return summary == before


def test_timeout_raises_run_timeout_and_the_next_run_is_as_ever(before):
    with pytest.raises(condis.RunTimeout) as info:
        condis.run(endless(), timeout=0.2)
    error = info.value
    assert isinstance(error, TimeoutError)
    assert isinstance(error, condis.RunStopped)
    assert "timeout of 0.2 s" in str(error)
    assert error.timeout_s == 0.2
    # (0 if building took longer than the timeout, as in a slow build)
    assert 0 <= error.simulated_time_s < 1e6
    assert not _condis.is_running()
    assert same_as_before(before)
    # a run within its timeout returns its results
    assert condis.run(tiny(), timeout=600).summary["calls"] == before["calls"]


def test_stop_from_another_thread_raises_run_stopped(before):
    condis.stop()  # while nothing runs: forgotten
    assert same_as_before(before)
    thread = when_running(condis.stop)
    with pytest.raises(condis.RunStopped) as info:
        condis.run(endless())
    thread.join()
    assert not isinstance(info.value, TimeoutError)
    assert info.value.timeout_s is None
    assert "a stop was requested" in str(info.value)
    assert same_as_before(before)


def test_ctrl_c_raises_keyboard_interrupt_and_the_next_run_is_as_ever(
        before):
    assert threading.current_thread() is threading.main_thread()
    handler = signal.getsignal(signal.SIGINT)
    thread = when_running(lambda: os.kill(os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        condis.run(endless())
    thread.join()
    assert signal.getsignal(signal.SIGINT) is handler  # put back
    assert same_as_before(before)


def test_ctrl_c_calls_the_python_handler_in_place(before):
    calls = []
    previous = signal.signal(signal.SIGINT,
                             lambda signum, frame: calls.append(signum))
    try:
        thread = when_running(lambda: os.kill(os.getpid(), signal.SIGINT))
        # the handler raises nothing: the run is reported as stopped
        with pytest.raises(condis.RunStopped, match="SIGINT"):
            condis.run(endless())
        thread.join()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert calls == [signal.SIGINT]
    assert same_as_before(before)


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf, "1", True])
def test_bad_timeout_raises_value_error(timeout):
    with pytest.raises(ValueError, match="timeout"):
        condis.run(tiny(), timeout=timeout)


def resident_mb():
    """This process's resident memory, MB (/proc/self/statm)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif("libasan" in os.environ.get("LD_PRELOAD", ""),
                    reason="AddressSanitizer's quarantine keeps freed memory "
                    "resident; in that build LeakSanitizer checks for leaks")
def test_two_hundred_runs_in_constant_memory():
    # Every NIC of a run used to stay alive in a reference cycle through
    # the call recorder, with what it held: 3 to 4 kB per host, and each of
    # these runs builds 16 hosts (and places a few calls): some 10 MB over
    # the 190 runs measured, against nothing now.
    s = tiny(hosts={"perSwitch": 4},
             calls={"rate": 10, "holding": {"mean": "50ms"}, "pcr": 4000},
             duration="100ms")
    for _ in range(10):
        condis.run(s)
    gc.collect()
    after_10 = resident_mb()
    for _ in range(190):
        condis.run(s)
    gc.collect()
    after_200 = resident_mb()
    assert after_200 - after_10 < 3, (after_10, after_200)


def test_docstrings():
    for obj in (condis.stop, condis.RunStopped, condis.RunTimeout,
                _condis.request_stop, _condis.is_running,
                _condis.stop_at_exit):
        assert obj.__doc__
    assert condis.RunTimeout.__module__ == "condis"
