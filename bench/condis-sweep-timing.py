# SPDX-License-Identifier: GPL-2.0-only
"""Wall time of a small condis.sweep on 1 and 2 local workers.

Run with the package on the path, e.g.::

    PYTHONPATH=build/release/python /usr/bin/python3 \\
        bench/condis-sweep-timing.py --points 4 --replications 2 \\
        --duration 2500s

(in a Release build, 2500 s of simulated time make each run 2 to 7 s, so
that starting a child process counts for little). It prints the time of
the same runs one after another in this process, the fork server's start,
then the time of the sweep on each worker count and the speed-up over one
worker, and last all of it as one JSON line (``"BENCH":
"sweep_throughput"``) with the load average before and after: another
load on the machine takes from the workers, and shows there.
"""

import argparse
import json
import os
import time

import condis


def main():
    """Times the runs in process, then the sweep on each worker count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=4)
    parser.add_argument("--replications", type=int, default=2)
    parser.add_argument("--duration", default="20s")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    base = condis.Scenario(topology={"generator": "grid", "rows": 4,
                                     "cols": 4},
                           duration=args.duration, seed=1)
    rates = [1 + i for i in range(args.points)]
    grid = {"calls.rate": rates}
    runs = args.points * args.replications
    load_before = os.getloadavg()[0]

    start = time.perf_counter()
    for rate in rates:
        for replication in range(1, args.replications + 1):
            condis.run(base.replace(calls={"rate": rate}), run=replication)
    serial = time.perf_counter() - start
    print("%d runs in this process: %.2f s" % (runs, serial))

    # the first local sweep starts the fork server (importing condis
    # there); time it apart so that it does not count against 1 worker
    start = time.perf_counter()
    condis.sweep(base.replace(duration="1s"), {}, progress=False)
    fork_server = time.perf_counter() - start
    print("fork server start and one 1 s run: %.2f s" % fork_server)

    sweep_s = {}
    for workers in args.workers:
        start = time.perf_counter()
        table = condis.sweep(base, grid, args.replications, workers=workers,
                             progress=False)
        sweep_s[workers] = time.perf_counter() - start
        assert (table["replications_ok"] == args.replications).all()
        print("sweep, %d worker(s): %.2f s (x%.2f of %d worker(s))"
              % (workers, sweep_s[workers],
                 sweep_s[args.workers[0]] / sweep_s[workers],
                 args.workers[0]))

    first = args.workers[0]
    print(json.dumps({
        "BENCH": "sweep_throughput", "runs": runs,
        "duration": args.duration, "serial_s": serial,
        "fork_server_s": fork_server,
        "sweep_s": {str(w): t for w, t in sweep_s.items()},
        "speedup": {str(w): sweep_s[first] / t for w, t in sweep_s.items()},
        "cpus": os.cpu_count(), "load_before": load_before,
        "load_after": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
