#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes the example notebooks (without outputs) from the cells below.

    /usr/bin/python3 examples/notebooks/make-notebooks.py

Edit the cells here, not the .ipynb files, and run this again.
"""

import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))

PARAMETERS = '''\
import os
# Small settings (seconds; what the test runs) unless CONDIS_NOTEBOOK_SMALL=0:
# set SMALL = False for the full study (minutes).
SMALL = os.environ.get("CONDIS_NOTEBOOK_SMALL", "1") != "0"
'''

IMPORTS = '''\
import json
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import condis   # PYTHONPATH=build/<type>/python
from condis.sweep import DEFAULT_METRICS
METRICS = DEFAULT_METRICS + ("offered_load",)   # the summary keys a sweep averages
'''


def erlang_b(name="erlang_b"):
    return '''\
def %s(servers, erlangs):
    """Erlang B: blocking of `servers` circuits offered `erlangs` of load."""
    b = 1.0
    for n in range(1, servers + 1):
        b = erlangs * b / (n + erlangs * b)
    return b
''' % name


def notebook_latency():
    cells = [
        new_markdown_cell('''\
# Call-setup latency and blocking

What offered load and path length do to call setup in condis: blocking
probability against offered load (with the Erlang B formula where its
assumptions hold) and setup latency against the number of hops.

Every number comes from `condis.sweep` (replicated runs, mean and 95 %
Student t interval) or `condis.run` (one run's per-call table). The
parameter cell below chooses small settings (seconds, what the test suite
runs) or the full study (`SMALL = False`, a few minutes).'''),
        new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        new_code_cell(IMPORTS),
        new_markdown_cell('''\
## 1. One bottleneck: blocking against Erlang B

Erlang B assumes Poisson arrivals offered to *C* identical circuits, a call
that finds them all busy is lost, and nothing else limits calls. The
configuration that matches: **one switch, two hosts on 10 Mb/s access links,
CBR calls of 2358 cells/s**. A 10 Mb/s link carries 23584 cells/s, so each
access link admits exactly C = 10 calls, and every call (either direction)
occupies one of the same 10 circuits on both access links: it is one group
of 10 circuits. With a mean holding time of 1 s the offered load in Erlangs
is 2 hosts × `calls.rate` (the summary's `offered_load`). This is the set-up
of `test/co-erlang-b-test.cc`, driven through a scenario.'''),
        new_code_cell(erlang_b() + '''
C = 10
one_link = condis.Scenario(
    topology={"generator": "line", "n": 1},
    hosts={"perSwitch": 2, "rate": "10Mbps"},
    calls={"rate": 1, "category": "CBR", "pcr": 2358,
           "holding": {"distribution": "exponential", "mean": "1s"}},
    duration="200s" if SMALL else "2000s", seed=1)
rates = [1.5, 3, 4.5, 6] if SMALL else [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8]
erl = condis.sweep(one_link, {"calls.rate": rates}, replications=2 if SMALL else 5,
                   workers=2, progress=False, metrics=METRICS)
erl["erlang_b"] = [erlang_b(C, a) for a in erl["offered_load"]]
erl[["calls.rate", "offered_load", "blocking_probability", "blocking_probability_ci95",
     "erlang_b", "replications_ok"]]'''),
        new_markdown_cell('''\
Measured blocking (points, 95 % interval) and the Erlang B curve for
C = 10. The points should sit on the curve within their intervals; the
small settings give wide intervals.'''),
        new_code_cell('''\
a = np.linspace(0.1, max(erl["offered_load"]) * 1.1, 200)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(a, [erlang_b(C, x) for x in a], label="Erlang B, C = %d" % C)
ax.errorbar(erl["offered_load"], erl["blocking_probability"],
            yerr=erl["blocking_probability_ci95"], fmt="o", capsize=3, label="condis")
ax.set_xlabel("offered load (Erlangs)")
ax.set_ylabel("blocking probability")
ax.set_title("One switch, two 10 Mb/s hosts, CBR 2358 cells/s")
ax.legend()
plt.show()'''),
        new_code_cell('''\
# Checks (the test suite runs them): blocking grows with load and stays
# close to Erlang B. 0.04 absolute is 2 to 3 standard errors at the small
# settings' few thousand calls per point (fewer than the calls suggest:
# blocked calls come in bursts); the full study's points are much closer.
b = erl["blocking_probability"].to_numpy()
assert (erl["replications_ok"] == erl["replications_ok"].max()).all()
assert np.all(np.diff(b) >= 0) and b[-1] > b[0], b   # 0 at the lightest loads
assert np.all(np.abs(b - erl["erlang_b"]) < 0.04), erl[["blocking_probability", "erlang_b"]]'''),
        new_markdown_cell('''\
## 2. A grid: blocking against offered load, by grid size

On a grid of switches (10 Mb/s trunks, one host per switch calling every
other host) blocking happens on the trunks, many links share each call and
routes overlap: no closed formula applies (the Erlang fixed-point
approximation would be the next step). Larger grids mean longer paths, so
each call occupies more links and blocks more at the same per-host rate.'''),
        new_code_cell('''\
grid_base = condis.Scenario(
    topology={"generator": "grid", "rows": 2, "cols": 2},
    hosts={"perSwitch": 1, "rate": "155.52Mbps"},
    links={"rate": "10Mbps", "delay": "1ms"},
    calls={"rate": 1, "category": "CBR", "pcr": 2358,
           "holding": {"distribution": "exponential", "mean": "1s"}},
    duration="20s" if SMALL else "200s", seed=1)
sizes = [2, 3] if SMALL else [2, 3, 4, 5]
grid_rates = [0.5, 2, 4] if SMALL else [0.25, 0.5, 1, 1.5, 2, 3, 4, 6]
# the whole topology section as one grid key: n x n grids only
table = condis.sweep(grid_base, {"topology": [{"generator": "grid", "rows": n, "cols": n}
                                              for n in sizes],
                                 "calls.rate": grid_rates},
                     replications=2 if SMALL else 5, workers=2, progress=False, metrics=METRICS)
table.insert(0, "n", table.pop("topology").map(lambda t: t["rows"]))
table[["n", "calls.rate", "offered_load", "blocking_probability",
       "blocking_probability_ci95", "mean_hops", "mean_setup_latency_s"]]'''),
        new_markdown_cell('''\
Blocking against the offered load per host (`calls.rate` × mean holding),
one line per n × n grid.'''),
        new_code_cell('''\
fig, ax = plt.subplots(figsize=(6, 4))
for n, g in table.groupby("n"):
    ax.errorbar(g["calls.rate"], g["blocking_probability"],
                yerr=g["blocking_probability_ci95"], marker="o", capsize=3,
                label="%d x %d grid (mean %.1f hops)" % (n, n, g["mean_hops"].mean()))
ax.set_xlabel("offered load per host (Erlangs)")
ax.set_ylabel("blocking probability")
ax.legend()
plt.show()'''),
        new_code_cell('''\
# Blocking does not fall when the load grows, and the largest grid blocks
# at least as much as the smallest at the highest load.
for n, g in table.groupby("n"):
    assert g["blocking_probability"].iloc[-1] > g["blocking_probability"].iloc[0], n
top = table[table["calls.rate"] == max(grid_rates)].set_index("n")
assert top.loc[max(sizes), "blocking_probability"] >= top.loc[min(sizes), "blocking_probability"]'''),
        new_markdown_cell('''\
## 3. Setup latency against hops

One run of the largest grid at a light load, so that few calls block:
every connected call's setup latency (SETUP out to CONNECT back) grouped
by its path length (`hops`: links on the path, the two access links
included). Each hop adds the link delay and the switch's processing delay,
each way: latency grows about linearly with hops. At this light load the
signalling hardly ever queues, so the 95th percentile sits on the mean;
under load the spread (and the p95 in the sweep above) grows.'''),
        new_code_cell('''\
n = max(sizes)
light = grid_base.replace(topology={"generator": "grid", "rows": n, "cols": n},
                          calls={"rate": 0.5}, duration="20s" if SMALL else "300s")
res = condis.run(light)
ok = res.calls[res.calls["outcome"] == "Success"]   # connected calls
by_hops = ok.groupby("hops")["setup_latency_s"].agg(
    calls="count", mean="mean", p95=lambda x: x.quantile(0.95)) * [1, 1e3, 1e3]
by_hops = by_hops.rename(columns={"mean": "mean_ms", "p95": "p95_ms"})
by_hops'''),
        new_code_cell('''\
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(by_hops.index, by_hops["mean_ms"], "o-", label="mean")
ax.plot(by_hops.index, by_hops["p95_ms"], "s--", label="95th percentile")
ax.set_xlabel("hops")
ax.set_ylabel("setup latency (ms)")
ax.set_title("%d x %d grid, %g calls/s per host" % (n, n, light.calls["rate"]))
ax.legend()
plt.show()'''),
        new_code_cell('''\
# Latency grows with path length; the summary's numbers are the ones here.
assert by_hops["mean_ms"].is_monotonic_increasing, by_hops
assert abs(ok["setup_latency_s"].mean() - res.summary["mean_setup_latency_s"]) < 1e-9
with open("setup-latency-and-blocking.json", "w") as f:
    json.dump({"erlang": erl[["offered_load", "blocking_probability", "erlang_b"]].to_dict("list"),
               "grid": table[["n", "calls.rate", "blocking_probability"]].to_dict("list"),
               "latency_by_hops_ms": by_hops["mean_ms"].to_dict()}, f, default=float)'''),
    ]
    return cells


def notebook_failures():
    cells = [
        new_markdown_cell('''\
# Link failures

What failing links does to calls in progress and to new calls: a grid
scenario whose `failures` section takes two links down at `T_FAIL` and
brings them back at `T_RESTORE`. From `Results.calls` (one row per call):
which calls were dropped (`dropped`, `release_cause`), which pairs were
routed around the failed links (`path` before and during the outage), and
setup latency and blocking before, during and after the outage. Last, a
failure of a link's signalling channel alone against one of the link
itself, for outages shorter and longer than T309.'''),
        new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        new_code_cell(IMPORTS),
        new_code_cell('''\
T_FAIL, T_RESTORE, END = (10, 20, 30) if SMALL else (100, 200, 300)
FAILED = [(3, 4), (1, 4)]   # switch indices: both links into the centre from the left and top
scenario = condis.Scenario(
    topology={"generator": "grid", "rows": 3, "cols": 3},
    hosts={"perSwitch": 1, "rate": "155.52Mbps"},
    links={"rate": "10Mbps", "delay": "1ms"},
    calls={"rate": 1.0, "category": "CBR", "pcr": 2358,
           "holding": {"distribution": "exponential", "mean": "5s"}},
    failures=[{"at": "%ds" % t, "action": a, "link": list(l)}
              for t, a in ((T_FAIL, "fail"), (T_RESTORE, "restore")) for l in FAILED],
    statistics={"sampleInterval": "100ms"},
    duration="%ds" % END, seed=1)
res = condis.run(scenario)
calls = res.calls.copy()
# a refused call has a setup_latency_s too (time to its RELEASE): use outcome
calls["connected"] = calls["outcome"] == "Success"
calls["latency_ms"] = calls["setup_latency_s"].where(calls["connected"]) * 1e3
calls["end_s"] = calls["start_s"] + calls["setup_latency_s"] + calls["holding_time_s"]
calls["phase"] = pd.cut(calls["start_s"], [0, T_FAIL, T_RESTORE, np.inf],
                        labels=["before", "outage", "after"], right=False)
res'''),
        new_markdown_cell('''\
## Calls in progress that were dropped

A call connected across a link when it fails is released by the network
(`dropped` is true; `release_cause` 41, temporary failure, instead of 16,
normal clearing). Its `holding_time_s` is how long it lasted, so it ends at
the failure time; every dropped call's path crossed a failed link.'''),
        new_code_cell('''\
def edges(path):
    return {tuple(sorted(e)) for e in zip(path[:-1], path[1:])}

failed = {tuple(sorted(l)) for l in FAILED}
calls["crosses_failed"] = calls["path"].map(lambda p: bool(edges(list(p)) & failed))
dropped = calls[calls["dropped"]]
print(calls["release_cause"].value_counts().rename("calls by release cause"))
dropped[["start_s", "end_s", "path", "release_cause"]]'''),
        new_code_cell('''\
assert len(dropped) > 0
assert (dropped["release_cause"] != 16).all()
assert dropped["crosses_failed"].all()
assert np.allclose(dropped["end_s"], T_FAIL, atol=0.1), dropped["end_s"]'''),
        new_markdown_cell('''\
## Calls rerouted

Calls set up during the outage do not use the failed links: a pair whose
route crossed them before the failure gets another path (routing sees the
links down), and after the restore the original routes come back. The
table compares each pair's most common path before and during the
outage.'''),
        new_code_cell('''\
def usual_path(g):
    return g["path"].map(tuple).mode().iloc[0] if len(g) else None

conn = calls[calls["connected"]]
paths = (conn.groupby(["caller", "callee", "phase"], observed=False)
             .apply(usual_path).unstack("phase"))
paths = paths.dropna(subset=["before", "outage"])
moved = paths[paths["before"] != paths["outage"]]
print("pairs seen before and during the outage: %d, routed differently: %d"
      % (len(paths), len(moved)))
moved[["before", "outage", "after"]].reset_index(drop=True)'''),
        new_code_cell('''\
during = conn[conn["phase"] == "outage"]
assert not during["crosses_failed"].any(), "a call set up over a failed link"
assert len(moved) > 0
# the pairs that used a failed link before did move (load alone can move others)
assert moved["before"].map(lambda p: bool(edges(list(p)) & failed)).any()'''),
        new_markdown_cell('''\
## Over time: calls in progress, drops, blocking, setup latency

Calls in progress (connected and not yet ended) every 0.5 s, drops at the
failure, and per time bin the blocking (calls not connected / attempted)
and mean setup latency of calls started in that bin. The shaded band is
the outage. Detours are longer, so setup latency rises during the outage
and the remaining links carry more, so blocking can rise too.'''),
        new_code_cell('''\
t = np.arange(0, END + 10, 0.5)
in_progress = [((conn["start_s"] <= x) & (conn["end_s"] > x)).sum() for x in t]
bins = np.arange(0, END + 1, 2 if SMALL else 10)
calls["bin"] = pd.cut(calls["start_s"], bins, right=False)
per_bin = calls.groupby("bin", observed=False).agg(
    attempted=("call_id", "count"), connected=("connected", "sum"),
    latency_ms=("latency_ms", "mean"))
per_bin["blocking"] = 1 - per_bin["connected"] / per_bin["attempted"]
mid = [b.left + (b.right - b.left) / 2 for b in per_bin.index]

fig, axes = plt.subplots(3, 1, figsize=(7, 8), sharex=True)
axes[0].step(t, in_progress, where="post", label="calls in progress")
axes[0].plot(dropped["end_s"], np.zeros(len(dropped)), "rx", label="dropped")
axes[0].set_ylabel("calls")
axes[1].plot(mid, per_bin["blocking"], "o-")
axes[1].set_ylabel("blocking")
axes[2].plot(mid, per_bin["latency_ms"], "o-")
axes[2].set_ylabel("mean setup latency (ms)")
axes[2].set_xlabel("time (s)")
for ax in axes:
    ax.axvspan(T_FAIL, T_RESTORE, color="grey", alpha=0.2)
axes[0].legend()
plt.show()'''),
        new_markdown_cell('''\
## Before, during and after the outage

Per phase (by the time a call started): calls, blocking, setup latency
(mean and 95th percentile) and mean hops.'''),
        new_code_cell('''\
phases = calls.groupby("phase", observed=False).agg(
    calls=("call_id", "count"), connected=("connected", "sum"),
    mean_latency_ms=("latency_ms", "mean"),
    p95_latency_ms=("latency_ms", lambda x: x.quantile(0.95)),
    dropped=("dropped", "sum"))
phases["mean_hops"] = calls[calls["connected"]].groupby("phase", observed=False)["hops"].mean()
phases["blocking"] = 1 - phases["connected"] / phases["calls"]
phases'''),
        new_code_cell('''\
# Detours: calls during the outage take at least as many hops on average.
assert phases.loc["outage", "mean_hops"] >= phases.loc["before", "mean_hops"]
assert phases["calls"].sum() == res.summary["calls"]
assert phases["dropped"].sum() + (calls["dropped"] & calls["phase"].isna()).sum() == res.summary["dropped"]
phases.reset_index().astype({"phase": str}).to_json("link-failures.json", orient="records")'''),
        new_markdown_cell('''\
## Signalling failure against link failure

A link's signalling channel (the SAAL on VCI 5) can fail alone, the link
still carrying data: `{"at": ..., "action": "fail", "signalling": [u, v]}`
in `failures`. Q.2931 (5.6.10) then keeps the calls connected across it
for up to T309 (`switches.t309`, 10 s by default): when the channel is back
in time, each end checks them with STATUS ENQUIRY and they go on; when T309
runs out first, they are released with cause 27 (destination out of
order). A failure of the link itself releases them at once with cause 41
(temporary failure). Either way new calls go round it: the routes leave
out a link that cannot signal.

Four runs of one scenario with longer calls (so that some outlast T309):
the link 3 - 4 fails at `T_FAIL` for 5 s (shorter than T309) or 15 s
(longer), the link itself or its signalling alone. Per run: the calls
connected across the link when it failed (the same in the four runs: the
draws are the same until then), how many of them the failure released, with
which cause and how long after it, and how many ended normally.'''),
        new_code_cell('''\
T309 = 10   # seconds: switches.t309, the default
LINK = [3, 4]
OUTAGES = [5, 15]
long_calls = scenario.replace(
    hosts={"perSwitch": 2},
    calls={"rate": 0.5, "pcr": 500, "holding": {"distribution": "exponential", "mean": "20s"}},
    switches={"t309": "%ds" % T309})

def outage_run(kind, outage):
    # The calls connected across LINK at T_FAIL, in a run where LINK (kind
    # "link") or its signalling channel ("signalling") is down for `outage` s.
    s = long_calls.replace(failures=[
        {"at": "%ds" % T_FAIL, "action": "fail", kind: LINK},
        {"at": "%ds" % (T_FAIL + outage), "action": "restore", kind: LINK}])
    c = condis.run(s).calls
    c["end_s"] = c["start_s"] + c["setup_latency_s"] + c["holding_time_s"]
    up = ((c["outcome"] == "Success") & (c["start_s"] + c["setup_latency_s"] <= T_FAIL)
          & (c["end_s"] > T_FAIL))
    across = up & c["path"].map(lambda p: tuple(sorted(LINK)) in edges(list(p)))
    assert not (c["dropped"] & ~across).any(), "a call released that did not cross the link"
    return c[across]

rows = []
for kind in ("link", "signalling"):
    for outage in OUTAGES:
        c = outage_run(kind, outage)
        released = c[c["dropped"]]
        rows.append({"failure": kind, "outage_s": outage, "across": len(c),
                     "released": len(released),
                     "cause_41": int((released["release_cause"] == 41).sum()),
                     "cause_27": int((released["release_cause"] == 27).sum()),
                     "released_after_s": (released["end_s"] - T_FAIL).max(),
                     "ended_normally": int((~c["dropped"]).sum())})
compare = pd.DataFrame(rows).set_index(["failure", "outage_s"])
compare'''),
        new_markdown_cell('''\
The calls across the link, by what became of them: released by the failure
(cause 41 for the link, 27 for its signalling) or ended normally (hung up
by their callers, or still up at the end of the run).'''),
        new_code_cell('''\
labels = ["%s, %d s" % i for i in compare.index]
fig, ax = plt.subplots(figsize=(6, 4))
bottom = np.zeros(len(compare))
for column, label in (("cause_41", "released, cause 41"), ("cause_27", "released, cause 27"),
                      ("ended_normally", "ended normally")):
    ax.bar(labels, compare[column], bottom=bottom, label=label)
    bottom += compare[column].to_numpy()
ax.set_ylabel("calls across link %d - %d at the failure" % tuple(LINK))
ax.set_title("Link down, or its signalling alone (T309 = %d s)" % T309)
ax.legend()
plt.show()'''),
        new_code_cell('''\
# A link failure releases every call across it at once (41); its signalling
# alone releases none when back before T309, and those still up when T309
# runs out otherwise (27).
assert (compare["across"] == compare["across"].iloc[0]).all() and compare["across"].iloc[0] > 0
link, sig = compare.loc["link"], compare.loc["signalling"]
assert (link["released"] == link["across"]).all() and (link["cause_41"] == link["released"]).all()
assert (link["released_after_s"] < 0.1).all()
assert sig.loc[5, "released"] == 0 and sig.loc[5, "ended_normally"] == sig.loc[5, "across"]
assert 0 < sig.loc[15, "released"] == sig.loc[15, "cause_27"] <= sig.loc[15, "across"]
assert abs(sig.loc[15, "released_after_s"] - T309) < 0.1
compare.reset_index().to_json("signalling-vs-link.json", orient="records")'''),
    ]
    return cells


def notebook_multipoint():
    cells = [
        new_markdown_cell('''\
# Multipoint calls: add latency and link load

A root sends constant bit rate data to a group of leaves over one
point-to-multipoint call (Q.2971): the switches copy each frame where the
paths to the leaves part, so a link carries one copy however many leaves
lie beyond it. This notebook measures, on a tree of switches, how long each
party's add takes and how many copies each link carries as the group grows
and as the tree's shape changes, and compares the call with sending the same
data to each leaf on a point-to-point connection of its own.

The `multipoint` section of a scenario describes the groups; the
`parties` table of the results has one row per party (add latency, time on
the call, SDUs sent and received) and the `ports` table the data frames each
switch port sent (`data_frames`). The parameter cell chooses small settings
(seconds, what the test suite runs) or the full study (`SMALL = False`).'''),
        new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        new_code_cell(IMPORTS),
        new_markdown_cell('''\
## 1. Add latency and link load against the number of leaves

A binary tree of 15 switches (depth 3), two hosts on each (hosts 0 to 29;
host *h* hangs off switch *h* / 2). The root is host 0, on the top switch;
N leaves are drawn at random among the other hosts and join as Poisson
arrivals (each after an exponential wait of mean 0.5 s) and stay until the
root stops at 3 s. No point-to-point calls (`calls.rate` 0): the links carry
the group's data alone, an SDU every 20 ms.'''),
        new_code_cell('''\
DURATION = "3s"
tree = condis.Scenario(
    topology={"generator": "tree", "depth": 3, "fanout": 2},
    hosts={"perSwitch": 2},
    links={"rate": "155.52Mbps", "delay": "1ms"},
    calls={"rate": 0},
    multipoint=[{"root": 0, "leaves": 2, "arrival": {"process": "poisson", "rate": 2},
                 "packetInterval": "20ms"}],
    duration=DURATION, seed=1)
sizes = [1, 2, 4, 8, 16] if SMALL else [1, 2, 4, 8, 12, 16, 20, 24, 29]
runs = range(1, 3 if SMALL else 11)

def trunk_copies(results):
    \"\"\"Data frames sent on the links between switches, per port.\"\"\"
    ports = results.ports
    return ports[ports["peer_kind"] == "switch"]["data_frames"]

rows = []
for n in sizes:
    for run in runs:
        group = dict(tree.multipoint[0], leaves=n)
        r = condis.run(tree.replace(multipoint=[group]), run=run)
        p = r.parties
        assert r.summary["rule_violations"] == 0 and r.summary["held_at_end"] == 0
        assert (p["received_sdus"] - p["sent_sdus"]).abs().max() <= 1
        rows.append({"leaves": n, "run": run,
                     "mean_add_latency_ms": p["add_latency_s"].mean() * 1e3,
                     "first_party_ms": p.loc[p["endpoint_reference"] == 0,
                                             "add_latency_s"].mean() * 1e3,
                     "sdus": p["sent_sdus"].max(),
                     "trunk_copies": trunk_copies(r).sum(),
                     "trunks_used": int((trunk_copies(r) > 0).sum()),
                     "trunk_copies_per_sdu": trunk_copies(r).sum() / p["sent_sdus"].max(),
                     "leaf_copies": r.ports.loc[r.ports["peer_kind"] == "host",
                                                "data_frames"].sum()})
per_run = pd.DataFrame(rows)
by_size = per_run.groupby("leaves").mean().drop(columns="run")
by_size'''),
        new_markdown_cell('''\
Left: the mean add latency of the parties, and of the first party alone
(MakeCall: the call's setup, along the whole path). A later party's add is
an ADD PARTY along the branch the call already has and a SETUP where its
path leaves the tree; on an idle tree its latency is set by the path's
hops (link delays, processing at each switch), so it hardly changes with
the size of the group. Right: the copies the links between switches carried
per SDU the root sent, against the copies the leaves' access links carried
(one per leaf and SDU while on the call): the trunks' load grows with the
number of tree links in use, not with the number of leaves.'''),
        new_code_cell('''\
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
left.plot(by_size.index, by_size["mean_add_latency_ms"], "o-", label="every party")
left.plot(by_size.index, by_size["first_party_ms"], "s--", label="first party (MakeCall)")
left.set_xlabel("leaves")
left.set_ylabel("add latency (ms)")
left.legend()
right.plot(by_size.index, by_size["trunk_copies_per_sdu"], "o-",
           label="links between switches")
right.plot(by_size.index, by_size["leaf_copies"] / by_size["sdus"], "s--",
           label="leaves' access links")
right.set_xlabel("leaves")
right.set_ylabel("copies per SDU sent")
right.legend()
plt.show()'''),
        new_code_cell('''\
# Checks (the test suite runs them): every link carries at most one copy of
# each SDU, so in every run the trunks' copies per SDU never exceed the
# trunks in use (14 in the tree); and they grow with the group.
assert (per_run["trunk_copies_per_sdu"] <= per_run["trunks_used"] + 1e-9).all(), per_run
per_sdu = by_size["trunk_copies_per_sdu"]
assert (per_sdu <= 14).all() and per_sdu.iloc[-1] > per_sdu.iloc[0], by_size
assert (by_size["mean_add_latency_ms"] > 0).all()'''),
        new_markdown_cell('''\
## 2. One multipoint call against N point-to-point connections

The same root and N leaves on the bottom switches, two ways: one call with
N parties, and N groups of one leaf each, which is what N point-to-point
connections from the root would be (the same routes, the same data, each
carried separately).
Every leaf joins at 100 ms and stays to the end, so that both send the same
SDUs. The bars are the data frames each link between switches carried.'''),
        new_code_cell('''\
N = 8 if SMALL else 16
# the leaves: hosts on the bottom switches (7 to 14: hosts 14 to 29), one
# per switch first, then the second host of each
chosen = sorted((list(range(14, 30, 2)) + list(range(15, 30, 2)))[:N])
fixed = {"process": "fixed", "times": ["100ms"] * N}
one_call = tree.replace(multipoint=[{"root": 0, "leaves": chosen, "arrival": fixed,
                                     "packetInterval": "20ms"}])
separate = tree.replace(multipoint=[{"root": 0, "leaves": [h],
                                     "arrival": {"process": "fixed", "times": ["100ms"]},
                                     "packetInterval": "20ms"} for h in chosen])
mp, pp = condis.run(one_call), condis.run(separate)
trunks = mp.ports[mp.ports["peer_kind"] == "switch"][["switch", "peer"]].copy()
trunks["multipoint"] = trunk_copies(mp).to_numpy()
trunks["point_to_point"] = trunk_copies(pp).to_numpy()
trunks = trunks[(trunks["multipoint"] > 0) | (trunks["point_to_point"] > 0)]
print("leaves (hosts):", chosen)
trunks.sort_values("point_to_point", ascending=False)'''),
        new_code_cell('''\
labels = ["%d>%d" % (a, b) for a, b in zip(trunks["switch"], trunks["peer"])]
x = np.arange(len(trunks))
fig, ax = plt.subplots(figsize=(8, 4))
ax.bar(x - 0.2, trunks["multipoint"], 0.4, label="one multipoint call")
ax.bar(x + 0.2, trunks["point_to_point"], 0.4, label="%d point-to-point connections" % N)
ax.set_xticks(x)
ax.set_xticklabels(labels)
ax.set_xlabel("link (switch > switch)")
ax.set_ylabel("data frames carried")
ax.legend()
plt.show()
print("copies on the links between switches: multipoint %d, point to point %d (%.1fx)"
      % (trunks["multipoint"].sum(), trunks["point_to_point"].sum(),
         trunks["point_to_point"].sum() / trunks["multipoint"].sum()))'''),
        new_markdown_cell('''\
What it shows: near the root, a link carries one copy of each SDU on the
multipoint call but one per leaf beyond it on the point-to-point
connections; on the last link to a single leaf the two are equal. The
leaves receive the same SDUs either way (the parties added after the call
connected may miss its first). The saving is largest where the most leaves
share a branch: with the N leaves spread evenly below, each of the root
switch's two links carries N/2 times fewer copies, and the links between
switches together fewer by the ratio printed above (the bottom links, each
toward one leaf switch, save least).'''),
        new_code_cell('''\
# The leaves receive the same data either way (but the first SDU, which the
# parties the call adds after it connected may miss), and no link carries
# more copies on the multipoint call than on the separate connections.
gap = np.array(sorted(pp.parties["received_sdus"])) - sorted(mp.parties["received_sdus"])
assert ((gap >= -1) & (gap <= 1)).all(), gap
assert (trunks["multipoint"] <= trunks["point_to_point"]).all()
assert trunks["point_to_point"].sum() > trunks["multipoint"].sum()
assert mp.summary["rule_violations"] == pp.summary["rule_violations"] == 0'''),
        new_markdown_cell('''\
## 3. Leaves that ask to join: the root decides, or the network

So far the root added every leaf. With leaf-initiated join (ATM Forum UNI
4.0) the leaves ask: a leaf's LEAF SETUP REQUEST names the root's call by
its identifier. In **root-prompted** mode the request travels to the root,
whose client approves it, and the root adds the leaf (ADD PARTY down the
tree, SETUP where the leaf's path leaves it). In **network** mode the first
switch on the request's way that carries the call adds the leaf itself,
and the root is never told.

The root calls host 1 at 0 s; the other 28 hosts ask to join at times
drawn uniformly in [0.1 s, 2 s] (the same times and order in both modes:
`"join": "leaf"`, `"arrival": {"process": "fixed", ...}`). The `parties`
table gives each join's latency (from the request to the leaf's call being
connected) and the hops of the leaf's path from the root.'''),
        new_code_cell('''\
JOINERS = list(range(2, 30))
rows = []
for run in runs:
    rng = np.random.default_rng(run)
    times = ["0s"] + ["%.6fs" % t for t in np.sort(rng.uniform(0.1, 2.0, len(JOINERS)))]
    order = [1] + [int(h) for h in rng.permutation(JOINERS)]
    for mode in ["root-prompted", "network"]:
        group = {"root": 0, "leaves": order, "join": "leaf", "leafJoin": mode,
                 "arrival": {"process": "fixed", "times": times}, "packetInterval": "20ms"}
        r = condis.run(tree.replace(multipoint=[group]), run=run)
        assert r.summary["rule_violations"] == 0 and r.summary["held_at_end"] == 0
        p = r.parties
        rows.append(p[p["join"] == "leaf"].assign(mode=mode, run=run))
joins = pd.concat(rows, ignore_index=True)
joins["join_ms"] = joins["add_latency_s"] * 1e3
by_hops = joins.pivot_table(index="hops", columns="mode", values="join_ms", aggfunc="mean")
print(joins.groupby("mode")["outcome"].value_counts().to_string())
by_hops'''),
        new_code_cell('''\
fig, ax = plt.subplots(figsize=(6, 4))
for mode, style in [("root-prompted", "o-"), ("network", "s--")]:
    ax.plot(by_hops.index, by_hops[mode], style, label=mode)
ax.set_xlabel("hops from the root to the leaf")
ax.set_ylabel("join latency (ms)")
ax.legend()
plt.show()'''),
        new_markdown_cell('''\
What it shows: a root-prompted join costs a round trip to the root and the
add back down the tree, so its latency grows with the leaf's distance from
the root. A network join is answered by the nearest switch that carries the
call; once the tree reaches most switches that is a switch or two away, so
joins are several times faster, and the root's client and its UNI carry
none of the joins' signalling. The price is control: in network mode the
root cannot refuse a leaf or count its parties (`maxLeaves` applies to
root-prompted joins only).'''),
        new_code_cell('''\
# Every leaf joined in both modes; root-prompted joins take longer the
# farther the leaf, and a network join is faster at every distance.
assert (joins["outcome"] == "Success").all(), joins[joins["outcome"] != "Success"]
rp, nw = by_hops["root-prompted"], by_hops["network"]
assert rp.is_monotonic_increasing, by_hops
assert (nw < rp).all(), by_hops'''),
        new_markdown_cell('''\
## 4. The tree's shape

Sections 1 to 3 used one tree (depth 3, fanout 2). Here the shape varies:
complete trees of depth *d* (levels of switches below the top one) and
fanout *f*, one host on each switch (host *h* on switch *h*), the root on
the top switch and a leaf on every bottom switch. That makes
*f*<sup>*d*</sup> leaves, each *d* links between switches away from the
root, and every one of the tree's *f* + *f*<sup>2</sup> + ... +
*f*<sup>*d*</sup> links between switches has leaves beyond it. The leaves
join one at a time, 11 ms apart (longer than any add takes here, so no add
waits behind another; and not a divisor of the 20 ms between SDUs, so that
the separate connections below do not all send at the same instants), and
stay until the root stops, 2 s after the last join. Each shape runs twice:
one multipoint call, and one point-to-point connection per leaf (groups of
one leaf, as in section 2) with the same join times. The copies are counted
on the links between switches, per SDU the multipoint call's root sent.'''),
        new_code_cell('''\
depths = [1, 2, 3] if SMALL else [1, 2, 3, 4]
fanouts = [2, 3] if SMALL else [2, 3, 4]

def shape_scenario(depth, fanout, groups, last_join_ms):
    return condis.Scenario(
        topology={"generator": "tree", "depth": depth, "fanout": fanout},
        hosts={"perSwitch": 1}, links=tree.links, calls={"rate": 0},
        multipoint=groups, duration="%dms" % (last_join_ms + 2000), seed=1)

shape_rows = []
for depth in depths:
    for fanout in fanouts:
        switches = sum(fanout ** k for k in range(depth + 1))
        bottom = list(range(switches - fanout ** depth, switches))   # one host each
        join_ms = [100 + 11 * i for i in range(len(bottom))]
        times = ["%dms" % t for t in join_ms]
        one = condis.run(shape_scenario(depth, fanout, [
            {"root": 0, "leaves": bottom, "arrival": {"process": "fixed", "times": times},
             "packetInterval": "20ms"}], join_ms[-1]))
        each = condis.run(shape_scenario(depth, fanout, [
            {"root": 0, "leaves": [h], "arrival": {"process": "fixed", "times": [t]},
             "packetInterval": "20ms"} for h, t in zip(bottom, times)], join_ms[-1]))
        for r in (one, each):
            assert r.summary["rule_violations"] == 0 and r.summary["held_at_end"] == 0
            assert (r.parties["outcome"] == "Success").all(), r.parties
            assert (r.parties["hops"] == depth + 2).all()   # the trunks and two access links
        sdus = one.parties["sent_sdus"].max()
        shape_rows.append({
            "depth": depth, "fanout": fanout, "leaves": len(bottom),
            "edges": switches - 1,
            "add_latency_ms": one.parties["add_latency_s"].mean() * 1e3,
            "trunks_used": int((trunk_copies(one) > 0).sum()),
            "sdus": sdus,
            "multipoint_per_sdu": trunk_copies(one).sum() / sdus,
            "point_to_point_per_sdu": trunk_copies(each).sum() / sdus,
            "multipoint_busiest": trunk_copies(one).max() / sdus,
            "point_to_point_busiest": trunk_copies(each).max() / sdus})
shapes = pd.DataFrame(shape_rows).set_index(["depth", "fanout"])
shapes.round(2)'''),
        new_code_cell('''\
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
for i, ((fanout, g), marker) in enumerate(zip(shapes.groupby(level="fanout"), "osD")):
    d = g.index.get_level_values("depth")
    left.plot(d, g["add_latency_ms"], marker + "-", mfc="none", ms=5 + 4 * i,
              label="fanout %d" % fanout)   # on top of each other: open markers
    line, = right.plot(d, g["multipoint_per_sdu"], marker + "-",
                       label="fanout %d, multipoint" % fanout)
    right.plot(d, g["point_to_point_per_sdu"], marker + "--", color=line.get_color(),
               label="fanout %d, point to point" % fanout)
left.set_xlabel("depth (links between switches, root to leaf)")
left.set_ylabel("mean add latency (ms)")
left.legend()
right.set_yscale("log")
right.minorticks_off()
ticks = [t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
         if t <= 2 * shapes["point_to_point_per_sdu"].max()]
right.set_yticks(ticks, [str(t) for t in ticks])
right.set_xlabel("depth")
right.set_ylabel("copies per SDU on the links between switches")
right.legend(fontsize="small")
for ax in (left, right):
    ax.set_xticks(depths)
plt.show()'''),
        new_markdown_cell('''\
What it shows: an add's latency is set by the depth alone, the same for
every fanout (about 2.2 ms per level here: a millisecond of link delay each
way and a switch's processing): each party's messages cross one path, and
on an idle tree the tree's width adds nothing to it. The copies are set by
the shape: the multipoint call puts one copy of each SDU on each link of
the tree (*f* + ... + *f*<sup>*d*</sup>, a little fewer here as the last
leaves joined late), the separate connections one per leaf on every link of
its path (*d* *f*<sup>*d*</sup>); the ratio of the two grows with the depth
(to about *d* (*f* - 1) / *f* in a deep tree). A star (depth 1), whose
every link leads to one leaf, saves nothing; the deeper the tree, the more
leaves share each link near the root, whose links carry one copy against
*f*<sup>*d* - 1</sup> (the `busiest` columns).'''),
        new_code_cell('''\
# Checks: every link of the tree carried the call's data, never more than
# one copy of an SDU; the add latency grows with the depth at every fanout
# and hardly depends on the fanout; a star's separate connections put as
# many copies on the links as the call (within a frame per leaf: their SDUs
# go at other instants), and a deeper tree's more, on its busiest link too.
assert (shapes["trunks_used"] == shapes["edges"]).all(), shapes
assert (shapes["multipoint_busiest"] <= 1).all(), shapes
assert (shapes["multipoint_per_sdu"] <= shapes["edges"]).all(), shapes
latency = shapes["add_latency_ms"].unstack("fanout")   # a row per depth
assert all(latency[c].is_monotonic_increasing and latency[c].is_unique for c in latency), latency
assert ((latency.max(axis=1) - latency.min(axis=1)) < 0.05 * latency.mean(axis=1)).all(), latency
star, deeper = shapes.xs(1, level="depth"), shapes.drop(index=1, level="depth")
assert ((star["point_to_point_per_sdu"] - star["multipoint_per_sdu"]).abs() * star["sdus"]
        <= star["leaves"]).all(), star
assert (deeper["point_to_point_per_sdu"] > deeper["multipoint_per_sdu"]).all(), deeper
assert (deeper["point_to_point_busiest"] > 1).all(), deeper
with open("multipoint.json", "w") as f:
    json.dump({"leaves": by_size.index.tolist(),
               "copies_per_sdu": per_sdu.tolist(),
               "mean_add_latency_ms": by_size["mean_add_latency_ms"].tolist(),
               "trunk_copies": {"multipoint": int(trunks["multipoint"].sum()),
                                "point_to_point": int(trunks["point_to_point"].sum())},
               "join_ms": {mode: by_hops[mode].tolist() for mode in by_hops.columns},
               "shape": shapes.reset_index().to_dict(orient="list")},
              f, default=float)'''),
    ]
    return cells


def notebook_queueing():
    cells = [
        new_markdown_cell('''\
# Queueing at a congested switch port

Two studies of the data plane, from a scenario's calls carrying a
`traffic` object (frames from a traffic source on every connected call) and
the `vcs` (per VC) and `ports` (per switch port) tables of the results:

1. the mean queueing delay at one switch port fed by Poisson frames of a
   fixed size, against the load, next to the M/D/1 closed form
   (Pollaczek-Khinchine);
2. what shaping to a traffic contract does to a bursty on/off source and to
   the traffic it shares the port with: delay and loss per category.
3. what losing cells rather than frames does to best-effort traffic at a
   full port: the same run at frame level, at cell level, and at cell level
   with partial packet discard.

The parameter cell chooses small settings (20 s with a Debug build, what
the test suite runs) or the full study (`SMALL = False`: some 25 million
frames, about ten minutes with a Debug build by the small settings' pace).'''),
        new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        new_code_cell(IMPORTS),
        new_markdown_cell('''\
## 1. One port against M/D/1

M/D/1 assumes Poisson arrivals at a constant rate λ to one server whose
service time S is fixed, and an unlimited FIFO queue (any order that does
not look at the frames' sizes gives the same mean here); the mean
wait before service is then W = ρS / (2(1 − ρ)) with ρ = λS. How the
scenario meets each assumption:

* **One bottleneck.** Two switches joined by a 10 Mb/s link, one host on
  each at 155.52 Mb/s. A call from one host to the other crosses the
  trunk, and the trunk's port at the caller's switch is the only place its
  frames wait: the hosts' links are 15 times faster. Every frame is 952 bytes, exactly 20 cells with the AAL5
  trailer, so S = 20 × 424 bits / 10 Mb/s = 0.848 ms (the frame-level
  fidelity counts a frame's time in cells).
* **A constant Poisson rate.** Frames come from `"traffic": {"type":
  "poisson"}` on a call; calls come and go, and a varying number of calls
  in progress would make the rate vary with it (a mixture of loads, whose
  mean delay is above the closed form's). So the run holds exactly one
  call: an nrt-VBR contract whose SCR is the trunk's whole rate (23584
  cells/s), so the switch's admission control lets no second call across
  (the first call comes within the first seconds, and every later one is
  refused at its first switch, without a message on the trunk), held for
  the whole run.
* **No shaping.** The per-VC schedulers shape each VC to its granted
  contract; the contract here never binds: PCR is the host link's cell
  rate (the host's link spaces frames more than that anyway), and the SCR
  bucket with MBS 10000 cells only holds frames back when more than MBS
  cells above the trunk's rate have arrived, i.e. when the trunk's queue
  would hold 500 frames, which at these loads does not happen. The
  host's NIC is itself a (fast) queue; at 1/15 of the trunk's service time
  it hardly changes the Poisson stream.
* **The wait** is `mean_queue_delay_s` in `results.ports`: from the frame
  entering the port's scheduler to its transmission starting (the
  transmission itself, S, not included). Which host places the one call is
  random: the loaded port is the one that queued frames.'''),
        new_code_cell('''\
LINK_BPS, CELL_BITS, FRAME_BYTES = 10e6, 53 * 8, 952
CELLS = (FRAME_BYTES + 8 + 47) // 48        # AAL5: 8-byte trailer, 48-byte payloads
S = CELLS * CELL_BITS / LINK_BPS            # service time of one frame, s
DURATION = 60 if SMALL else 600

def md1_wait(rho, service=S):
    """Pollaczek-Khinchine for fixed service times: mean wait in queue."""
    return rho * service / (2 * (1 - rho))

def one_port(rho):
    return condis.Scenario(
        topology={"generator": "line", "n": 2},
        hosts={"perSwitch": 1, "rate": "155.52Mbps", "delay": "100us"},
        links={"rate": "10Mbps", "delay": "1ms"},
        calls={"rate": 60 / DURATION, "category": "nrt-VBR",
               "pcr": 366792, "scr": 23584, "mbs": 10000,
               "holding": {"distribution": "constant", "mean": "%ds" % DURATION},
               "traffic": {"type": "poisson", "frameRate": rho / S,
                           "frameSize": FRAME_BYTES, "sizes": "fixed"}},
        duration="%ds" % DURATION, seed=1)

loads = [0.2, 0.5, 0.8, 0.9] if SMALL else [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]
REPLICATIONS = 3 if SMALL else 5
rows = []
for rho in loads:
    for run in range(1, REPLICATIONS + 1):
        r = condis.run(one_port(rho), run=run)
        assert r.summary["connected"] == 1 and len(r.vcs) == 1, r.summary
        port = r.ports[(r.ports["peer_kind"] == "switch") & (r.ports["queued_frames"] > 0)]
        assert len(port) == 1
        port = port.iloc[0]
        vc = r.vcs.iloc[0]
        span = vc["last_received_s"] - vc["first_sent_s"]
        rows.append({"load": rho, "run": run,
                     "carried_load": port["queued_frames"] * S / span,
                     "frames": port["queued_frames"],
                     "wait_ms": port["mean_queue_delay_s"] * 1e3,
                     "p95_wait_ms": port["p95_queue_delay_s"] * 1e3,
                     "mean_queued_frames": port["mean_queued_frames"],
                     "lost": vc["lost_frames"], "released": vc["drops_released"]})
per_run = pd.DataFrame(rows)
md1 = per_run.groupby("load").agg(carried_load=("carried_load", "mean"),
                                  frames=("frames", "sum"),
                                  wait_ms=("wait_ms", "mean"),
                                  wait_se_ms=("wait_ms", "sem"),
                                  p95_wait_ms=("p95_wait_ms", "mean"))
md1["md1_ms"] = [md1_wait(rho) * 1e3 for rho in md1.index]
md1["ratio"] = md1["wait_ms"] / md1["md1_ms"]
md1'''),
        new_markdown_cell('''\
The measured mean wait (points, ±2 standard errors of the mean over the
replications) and the closed form (line). The standard error grows fast
with the load: near saturation a queue's busy periods are long, so
successive waits are strongly correlated and a run of a given length holds
fewer independent samples.'''),
        new_code_cell('''\
x = np.linspace(0.02, max(loads) + 0.03, 200)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(x, md1_wait(x) * 1e3, label="M/D/1 (Pollaczek-Khinchine)")
ax.errorbar(md1.index, md1["wait_ms"], yerr=2 * md1["wait_se_ms"], fmt="o", capsize=3,
            label="condis, %d s x %d runs" % (DURATION, REPLICATIONS))
ax.set_xlabel("load ρ = λS")
ax.set_ylabel("mean queueing delay (ms)")
ax.set_yscale("log")
ax.set_title("Poisson 952-byte frames into a 10 Mb/s port (S = %.3f ms)" % (S * 1e3))
ax.legend()
plt.show()'''),
        new_code_cell('''\
# Checks (the test suite runs them): nothing lost (but the few frames still
# queued when the call closes at the end of the run), the port carried the
# offered load, the wait grows with the load and sits on the closed form:
# within 10 % at 0.5 and 0.8 (at the small settings the standard error of
# the mean over the runs is about 1.5 % there, 4 % at 0.9), and within 4
# standard errors plus 5 % at every load.
assert (per_run["lost"] == per_run["released"]).all()   # only frames queued at the call's end
assert np.allclose(md1["carried_load"], md1.index, atol=0.03), md1["carried_load"]
assert md1["wait_ms"].is_monotonic_increasing, md1
for rho in (0.5, 0.8):
    assert abs(md1.loc[rho, "ratio"] - 1) < 0.10, md1.loc[rho]
assert (abs(md1["wait_ms"] - md1["md1_ms"])
        <= 4 * md1["wait_se_ms"] + 0.05 * md1["md1_ms"]).all(), md1'''),
        new_markdown_cell('''\
## 2. Shaping a bursty source

An on/off source (`"type": "onoff"`) sends 952-byte frames at 20 Mb/s, twice
the trunk's rate, for exponential periods of mean 20 ms, then is silent for
a mean of 60 ms: a mean of 5 Mb/s, half the trunk. It is the scenario's
`calls`, one call again (admission control holds the others back), under
three contracts:

* **unshaped**: nrt-VBR with the contract of part 1, which never binds: the
  bursts reach the trunk's port at 20 Mb/s and wait (and are dropped) there;
* **rt-VBR**: PCR 23584 cells/s (the trunk's rate), SCR 14000 cells/s (5.3
  Mb/s of payload, 7 % above the mean) and MBS 1000 cells: the host's NIC
  lets a burst of 50 frames through at the peak, then the SCR;
* **CBR**: PCR 14000 cells/s, the same rate with no burst allowance.

Beside it, a call group (`callGroups`) of UBR background calls from both
hosts, Poisson frames of the same size, a call a second per host held for
5 s on average, 30 % of the trunk in each direction in all: UBR reserves
nothing, so admission control lets them all in, and the port's scheduler
serves them after the on/off source's category. The schedulers keep 100
frames per VC (their default); the switch ports tolerate 2 ms of cell delay
variation (`"queueing": {"switches": {"cdvt": "2ms"}}`, more than the 0.85
ms of a background frame on the trunk), so that a port re-shapes a VC only
when it really breaks its contract and what the figures show is the NIC's
shaping alone.

A dropped frame is counted in the `vcs` table by reason wherever it was
dropped, and the `ports` table has the port's part. The background VCs are
not shaped (UBR asks for the host link's rate) and lose frames at the port
only; what the port dropped beyond them is the on/off source's, and the rest
of its drops were at its host's NIC.'''),
        new_code_cell('''\
ON_OFF = {"type": "onoff", "peakRate": "20Mbps", "frameSize": FRAME_BYTES,
          "on": {"distribution": "exponential", "mean": "20ms"},
          "off": {"distribution": "exponential", "mean": "60ms"}}
CONTRACTS = {"unshaped": {"category": "nrt-VBR", "pcr": 366792, "scr": 23584, "mbs": 10000},
             "rt-VBR": {"category": "rt-VBR", "pcr": 23584, "scr": 14000, "mbs": 1000},
             "CBR": {"category": "CBR", "pcr": 14000, "scr": 0, "mbs": 0}}
BACKGROUND_CALLS = 5   # per host in progress on average: 1 call/s, 5 s each
BACKGROUND = {"rate": 1, "category": "UBR", "pcr": 0,
              "holding": {"distribution": "exponential", "mean": "%ds" % BACKGROUND_CALLS},
              "traffic": {"type": "poisson", "frameRate": 0.3 / S / BACKGROUND_CALLS,
                          "frameSize": FRAME_BYTES, "sizes": "fixed"}}
BURST_DURATION = 30 if SMALL else 600
# The trunk's port lets a source frame be late by a background frame's time
# on the trunk (20 cells at 10 Mb/s, 0.85 ms) without holding it back.
QUEUEING = {"switches": {"cdvt": "2ms"}}

def flows(vcs):
    """Frames, loss and delay of a set of VCs (delay weighted by frames)."""
    drops = vcs[[c for c in vcs.columns if c.startswith("drops_")]].sum().sum()
    received = vcs["received_frames"].sum()
    return {"vcs": len(vcs), "offered_frames": received + drops, "dropped": drops,
            "loss": drops / (received + drops),
            "mean_delay_ms": (vcs["mean_delay_s"] * vcs["received_frames"]).sum() / received * 1e3,
            "worst_p99_delay_ms": vcs["p99_delay_s"].max() * 1e3,
            "throughput_mbps": vcs["throughput_bps"].sum() / 1e6}

rows = []
for name, contract in CONTRACTS.items():
    s = one_port(0.5).replace(
        calls=dict(contract, rate=60 / BURST_DURATION, traffic=ON_OFF,
                   holding={"distribution": "constant", "mean": "%ds" % BURST_DURATION}),
        callGroups=[BACKGROUND], queueing=QUEUEING, duration="%ds" % BURST_DURATION)
    r = condis.run(s)
    source = r.vcs[r.vcs["group"] == 0]
    assert len(source) == 1, r.vcs["group"].value_counts()
    host = source["sender"].iloc[0]
    background = r.vcs[(r.vcs["group"] == 1) & (r.vcs["sender"] == host)]   # the same port
    # the trunk's port the source crossed: the busier one (80 % against 30 %)
    trunk = r.ports[r.ports["peer_kind"] == "switch"]
    port = trunk.loc[trunk["queued_frames"].idxmax()]
    port_drops = port[[c for c in r.ports.columns if c.startswith("drops_")]].sum()
    on_off, bg = flows(source), flows(background)
    on_off["lost_at_port"] = port_drops - bg["dropped"]
    on_off["lost_at_nic"] = on_off["dropped"] - on_off["lost_at_port"]
    bg["lost_at_port"], bg["lost_at_nic"] = bg["dropped"], 0
    rows.append(dict(on_off, contract=name, traffic="on/off", category=contract["category"],
                     port_wait_ms=port["mean_queue_delay_s"] * 1e3))
    rows.append(dict(bg, contract=name, traffic="background", category="UBR",
                     port_wait_ms=port["mean_queue_delay_s"] * 1e3))
shaping = pd.DataFrame(rows).set_index(["contract", "traffic"])
shaping'''),
        new_code_cell('''\
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
x = np.arange(len(CONTRACTS))
for offset, traffic in ((-0.2, "on/off"), (0.2, "background")):
    t = shaping.xs(traffic, level="traffic")
    left.bar(x + offset, t["mean_delay_ms"], 0.4, label="%s, mean" % traffic)
    left.plot(x + offset, t["worst_p99_delay_ms"], "k_", markersize=20)
    right.bar(x + offset, 100 * t["lost_at_port"] / t["offered_frames"], 0.4,
              label="%s, at the port" % traffic)
    right.bar(x + offset, 100 * t["lost_at_nic"] / t["offered_frames"], 0.4,
              bottom=100 * t["lost_at_port"] / t["offered_frames"], hatch="//",
              label="%s, at the host's NIC" % traffic)
left.plot([], [], "k_", markersize=20, label="worst VC's p99")
left.set_ylabel("delay host to host (ms)")
left.set_yscale("log")
right.set_ylabel("frames lost (%)")
for ax in (left, right):
    ax.set_xticks(x)
    ax.set_xticklabels(["%s (%s)" % (n, c["category"]) for n, c in CONTRACTS.items()])
    ax.legend(fontsize="small")
plt.show()'''),
        new_markdown_cell('''\
What it shows: unshaped, the bursts queue at the trunk's port, where the
VC's 100-frame limit drops the tail of the long ones, and while one lasts
it takes the port's whole rate: the background, in a lower category, waits
behind every burst and loses frames at its own VC limits. Shaped, the source
takes no more than its contract from the port, and the background waits
and loses less: with CBR, which has no burst allowance, its mean delay falls
five-fold or more; with rt-VBR by less, since the MBS still lets 50 frames
through at the PCR, here the trunk's whole rate, and the background waits
behind them. The burst waits at the
source instead, in its host's VC queue, which empties only at the SCR
(rt-VBR: after the MBS allowance) or the PCR (CBR). That queue holds 100
frames like the port's, so the source's loss moves to its NIC and grows, and
its delay grows too (a full queue of 100 frames of 20 cells at 14000
cells/s is 143 ms): a contract just above the mean rate protects the
network and the others on it, not the source. A larger MBS (or a larger
per-VC limit at the host) would trade the source's loss for the burst
allowance the network must reserve for.

The trunk's port adds nothing to this shaping: with its 2 ms of CDVT it
passes a source frame that a background frame on the wire made late as the
NIC sent it, so the shaped source loses (next to) nothing at the port and
waits there only for the frame in transmission (`port_wait_ms` is the
port's mean over both kinds of traffic). Without CDVT (the schedulers'
default) the port would charge each such delay to the VC's GCRA and hold
every later frame of the burst back by as much: while the source sends at
its contract's rate the VC would never catch up, and the source would wait
and lose frames at the port as well as at its NIC.'''),
        new_code_cell('''\
# Checks: unshaped, the source loses at the port only; shaped, at its NIC
# (the port, with its CDVT, does not shape it again), more than unshaped,
# and waits longer; the background on the same port waits and loses less
# when the source is shaped, five-fold less with CBR; CBR passes no more
# than its PCR.
on_off = shaping.xs("on/off", level="traffic")
bg = shaping.xs("background", level="traffic")
u = on_off.loc["unshaped"]
assert u["lost_at_port"] > 0 and u["lost_at_nic"] == 0, u
assert bg.loc["unshaped", "mean_delay_ms"] > 10 * S * 1e3, bg
for name in ("rt-VBR", "CBR"):
    s = on_off.loc[name]
    assert s["lost_at_nic"] > 100 * s["lost_at_port"] and s["loss"] > u["loss"], s
    assert s["mean_delay_ms"] > u["mean_delay_ms"], s
    # a full VC queue at the NIC
    assert s["worst_p99_delay_ms"] > 100 * CELLS / 14000 * 1e3, s
    assert bg.loc[name, "mean_delay_ms"] < bg.loc["unshaped", "mean_delay_ms"], bg
    assert bg.loc[name, "loss"] < bg.loc["unshaped", "loss"], bg
assert bg.loc["CBR", "mean_delay_ms"] < bg.loc["unshaped", "mean_delay_ms"] / 5, bg
assert on_off.loc["CBR", "throughput_mbps"] <= 14000 * FRAME_BYTES * 8 / CELLS / 1e6
with open("queueing.json", "w") as f:
    json.dump({"md1": {"load": md1.index.tolist(), "wait_ms": md1["wait_ms"].tolist(),
                       "md1_ms": md1["md1_ms"].tolist(),
                       "wait_se_ms": md1["wait_se_ms"].tolist()},
               "shaping": shaping.reset_index().to_dict("records")}, f, default=float)'''),
        new_markdown_cell('''\
## 3. Losing cells rather than frames

The same two switches and 10 Mb/s trunk, one host on each, and only UBR
calls (Poisson frames of exponential size, 1500 bytes on average) in both
directions, offered about twice what the trunk carries; the trunk's ports
hold 2000 cells of UBR (`maxCells`). At frame level a full port drops whole
frames. At cell level (`"fidelity": "cell"`) it drops the cells that do not
fit: the frame goes on without them, still taking buffer and link time,
and the receiving NIC's reassembly throws it away
(`drops_reassembly_cell_loss`); when its last cell was lost, the cells that
came run into the VC's next frame, thrown away too
(`drops_reassembly_merged`). Partial packet discard
(`"partialPacketDiscard": true`) keeps each damaged frame's last cell, so
that only the damaged frame is lost. Goodput is the SDU bits delivered
whole.'''),
        new_code_cell('''\
CELL_DURATION = 10 if SMALL else 60
UBR = {"rate": 2, "category": "UBR", "pcr": 0,
       "holding": {"distribution": "exponential", "mean": "2s"},
       "traffic": {"type": "poisson", "frameRate": 400, "frameSize": 1500,
                   "sizes": "exponential"}}

def cell_loss_run(switches):
    s = condis.Scenario(topology={"generator": "line", "n": 2},
                        hosts={"perSwitch": 1, "rate": "155.52Mbps"},
                        links={"rate": "10Mbps", "delay": "1ms"}, calls=UBR,
                        queueing={"switches": dict({"maxCells": 2000}, **switches)},
                        duration="%ds" % CELL_DURATION, seed=1, run=1)
    r = condis.run(s)
    v = r.vcs
    return {"sent": v["sent_frames"].sum(),
            "delivered": v["received_frames"].sum(),
            # at a port's limits, or waiting when their call ended (Released)
            "dropped_whole": sum(v[c].sum() for c in v.columns
                                 if c.startswith("drops_") and "reassembly" not in c),
            "reassembly_cell_loss": v["drops_reassembly_cell_loss"].sum(),
            "reassembly_merged": v["drops_reassembly_merged"].sum(),
            "cells_lost_at_ports": r.ports["lost_cells"].sum(),
            "goodput_mbps": v["received_bytes"].sum() * 8 / CELL_DURATION / 1e6}

cell_loss = pd.DataFrame({
    "frame": cell_loss_run({}),
    "cell": cell_loss_run({"fidelity": "cell"}),
    "cell, PPD": cell_loss_run({"fidelity": "cell", "partialPacketDiscard": True}),
}).T
cell_loss["delivered_fraction"] = cell_loss["delivered"] / cell_loss["sent"]
cell_loss'''),
        new_markdown_cell('''\
Losing cells costs best effort about half its goodput here: most frames
that reach a full port lose a few cells and still take the link for the
rest, which arrive only to be thrown away, and without PPD a lost last cell
takes the next frame with it. PPD stops that second loss (merged frames
nearly vanish) and wins back part of the goodput; what it cannot win back
is the link time of the cells sent before the loss, which is what early
packet discard (`epdThreshold`) is for.'''),
        new_code_cell('''\
# Checks: frame level loses no frame to reassembly; cell level delivers
# less goodput than frame level, and PPD more than cell level without it,
# with far fewer merged frames; every frame sent is accounted for (a few
# may still be on their way when the run ends).
f, c, p = (cell_loss.loc[k] for k in ("frame", "cell", "cell, PPD"))
assert f["reassembly_cell_loss"] == 0 and f["reassembly_merged"] == 0, f
assert c["goodput_mbps"] < f["goodput_mbps"], cell_loss
assert p["goodput_mbps"] > c["goodput_mbps"], cell_loss
assert c["reassembly_merged"] > 10 * max(p["reassembly_merged"], 1), cell_loss
assert c["cells_lost_at_ports"] > 0 and p["cells_lost_at_ports"] > 0, cell_loss
for name, row in cell_loss.iterrows():
    counted = (row["delivered"] + row["dropped_whole"] + row["reassembly_cell_loss"]
               + row["reassembly_merged"])
    assert 0 <= row["sent"] - counted <= 100, (name, row)'''),
    ]
    return cells


def write(name, cells):
    for i, cell in enumerate(cells):
        cell.id = "cell-%02d" % i   # fixed ids: writing again changes nothing
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        nbformat.write(nb, f)
    print(path)


if __name__ == "__main__":
    write("setup-latency-and-blocking.ipynb", notebook_latency())
    write("link-failures.ipynb", notebook_failures())
    write("multipoint.ipynb", notebook_multipoint())
    write("queueing.ipynb", notebook_queueing())
