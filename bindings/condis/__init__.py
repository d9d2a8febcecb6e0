# SPDX-License-Identifier: GPL-2.0-only
"""condis from Python: describe a scenario, run it, get pandas tables.

The scenario is the one condis-run reads (see README.md, "Scenarios"); it is
validated and run by the same C++ code (CoScenario, CoScenarioRunner), here
through the compiled module ``condis._condis``::

    import condis
    s = condis.Scenario(topology={"generator": "grid", "rows": 3, "cols": 3},
                        calls={"rate": 0.5}, duration="10s", seed=1)
    r = condis.run(s)
    print(r.summary["blocking_probability"], len(r.calls))

A value the format does not accept raises ValueError naming the field's path
and the value, e.g. ``calls.rate: -1: must be above 0 ...``.

A run can be stopped: by its ``timeout`` (``RunTimeout``), by Ctrl-C
(``KeyboardInterrupt``) or by ``condis.stop()`` from another thread
(``RunStopped``). It ends at its next simulation event and the simulator is
reset first, so the next run in the same process works as ever. Runs free
everything they built: hundreds of runs in one session use constant memory.
"""

import atexit
import copy
import json
import math
import numbers
import os

import numpy as np
import pandas as pd

from . import _condis
from ._condis import RunStopped, RunTimeout

__all__ = ["Scenario", "Results", "Picture", "SequenceChart", "run", "stop",
           "sweep",
           "RunStopped",
           "RunTimeout"]

# A run left going in another thread (a Dask worker's) must end before the
# process exits: ns-3's statics are destroyed at exit, under the simulation.
atexit.register(_condis.stop_at_exit)

_SECTIONS = ("topology", "hosts", "links", "switches", "calls", "callGroups",
             "failures", "multipoint", "queueing", "statistics", "duration",
             "seed", "run")


class Scenario:
    """A validated scenario: the JSON sections as keyword arguments.

    Every argument is optional and defaults to the C++ default (a 2 x 2
    grid, one host per switch, Poisson calls at 1/s per host for 10 s):

    - ``topology``: dict, e.g. ``{"generator": "grid", "rows": 3,
      "cols": 3}`` or ``{"file": "net.graphml"}``
    - ``hosts``, ``links``, ``switches``, ``calls``, ``statistics``: dicts
      of the section's keys (times and rates as strings with a unit:
      ``"100us"``, ``"155.52Mbps"``)
    - ``calls["traffic"]``: what each connected call carries, a dict with
      a ``type`` and that type's keys: ``{"type": "cbr", "rate": "2Mbps",
      "frameSize": 500}``, ``{"type": "poisson", "frameRate": 200,
      "frameSize": 1000, "sizes": "exponential", "maxSize": 9188}``,
      ``{"type": "onoff", "peakRate": "4Mbps", "frameSize": 1000, "on":
      {"distribution": "pareto", "mean": "50ms", "shape": 1.5}, "off":
      {"distribution": "exponential", "mean": "150ms"}}`` or ``{"type":
      "trace", "file": "frames.txt"}`` ("time size" lines); instead of
      ``packetSize`` and ``packetInterval``. With a traffic model every NIC
      and switch port queues per VC (CoVcScheduler) and the results have
      per-VC and per-port queueing figures. An unknown type, a key the type
      does not take or a value out of range raises ValueError naming the
      field and the value, before anything runs.
    - ``callGroups``: list of dicts with the keys of ``calls``: further
      call models placed by every host alongside ``calls`` (e.g. a CBR, a
      Poisson and an on/off group, each with its own category, contract
      and traffic); ``calls={"rate": 0}`` leaves only the groups
    - ``failures``: list of dicts, e.g. ``{"at": "2s", "action": "fail",
      "link": [0, 1]}``, ``{"at": "3s", "action": "restore", "switch": 2}``
      or ``{"at": "2s", "action": "fail", "signalling": [0, 1]}`` (the
      link's signalling channel alone: data still flows, active calls wait
      up to ``switches["t309"]`` and are then released with cause 27);
      exactly one of ``link``, ``switch`` and ``signalling`` each
    - ``multipoint``: list of dicts, one per point-to-multipoint group,
      e.g. ``{"root": 0, "leaves": [1, 2, 3], "arrival": {"process":
      "poisson", "rate": 2}, "holding": {"distribution": "exponential",
      "mean": "3s"}, "packetInterval": "10ms"}``; ``"leaves": 5`` draws
      five leaves among the other hosts (hosts are numbered from 0, switch
      by switch); with a multipoint section, ``calls={"rate": 0}`` places
      no point-to-point calls
    - ``queueing``: the VC schedulers a traffic model installs, a dict of
      ``hosts`` (every NIC) and ``switches`` (every switch port), each with
      ``cdvt`` (a time: jitter a VC may show before it is shaped back to
      its contract), ``discipline`` (``"WRR"`` or ``"WFQ"``, within a
      category), ``categoryService`` (``"priority"``: strict, CBR first;
      or ``"weighted"``: in proportion to ``categoryWeights``, a dict of
      ``"CBR"``, ``"rt-VBR"``, ``"nrt-VBR"``, ``"UBR"`` to numbers from
      1e-6 to 1e6, 1 each by default), ``vcMaxFrames``, ``vcMaxCells``
      (per VC), ``maxFrames``, ``maxCells`` (per port, refusing UBR only;
      0: no limit), ``epdThreshold`` (early packet discard: UBR frames
      arriving while the port holds that many cells are dropped whole; 0:
      off), ``clpThreshold`` (CLP=1 frames refused from that many cells; 0:
      off), ``fidelity`` (``"frame"``, the default, an AAL5 frame per
      event; ``"cell"``, a cell per event: cells interleave and are lost one
      by one, and the receiver throws a frame that lost cells away),
      ``partialPacketDiscard`` (``True``: at cell level a damaged frame
      keeps its last cell, so the next frame is not lost with it),
      ``vcWeighting`` (``"equal"``: the VCs of a category share it equally;
      ``"contract"``: by their contract's rate over ``weightUnit`` cells/s,
      1000 by default), and for ``switches`` only ``upc`` (usage parameter control of
      each call's input VC: ``"none"``, ``"tag"`` non-conforming frames get
      CLP=1, ``"discard"`` they are dropped) and ``upcCdvt`` (the
      policers' CDVT), e.g. ``{"switches": {"cdvt": "2ms",
      "categoryService": "weighted", "categoryWeights": {"CBR": 4},
      "upc": "discard"}}``
    - ``duration``: a time string; ``seed``, ``run``: integers

    Construction validates through the C++ (CoScenario::FromJson): an
    unknown key, a wrong type or an out-of-range value raises ValueError
    naming the field and the value. A Scenario is immutable; ``replace``
    returns a changed copy.
    """

    def __init__(self, *, topology=None, hosts=None, links=None,
                 switches=None, calls=None, callGroups=None, failures=None,
                 multipoint=None, queueing=None, statistics=None,
                 duration=None, seed=None, run=None, **unknown):
        """Builds and validates a scenario; see the class docstring.

        Keyword arguments other than the sections are passed on, so that
        the C++ names them in the ValueError as any unknown key.
        """
        given = dict(topology=topology, hosts=hosts, links=links,
                     switches=switches, calls=calls, callGroups=callGroups,
                     failures=failures,
                     multipoint=multipoint, queueing=queueing,
                     statistics=statistics,
                     duration=duration, seed=seed, run=run)
        data = {k: v for k, v in given.items() if v is not None}
        data.update(unknown)
        self._set_json(_condis.scenario_from_json(_dumps(data)))

    def _set_json(self, text):
        """Keeps normalized JSON text (every key) and its parsed form."""
        self._json = text
        self._data = json.loads(text)

    @classmethod
    def _from_normalized(cls, text):
        """A Scenario around JSON text the C++ has already normalized."""
        scenario = cls.__new__(cls)
        scenario._set_json(text)
        return scenario

    @classmethod
    def from_json(cls, text):
        """Reads a scenario from JSON text, strictly (ValueError if bad)."""
        return cls._from_normalized(_condis.scenario_from_json(text))

    @classmethod
    def load(cls, path):
        """Reads a scenario file, as condis-run does.

        A relative ``topology.file`` is taken relative to the file's
        directory. Raises ValueError naming the file, the field and the
        value when the file does not read or does not validate.
        """
        return cls._from_normalized(_condis.load_scenario_json(str(path)))

    def to_json(self):
        """Returns the scenario as JSON text, every key written."""
        return self._json

    def to_dict(self):
        """Returns the scenario as a dict of sections (a copy)."""
        return copy.deepcopy(self._data)

    def save(self, path):
        """Writes ``to_json()`` to a file that ``load`` and condis-run read."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self._json)
            if not self._json.endswith("\n"):
                f.write("\n")

    def replace(self, **changes):
        """Returns a copy with some sections changed and validated again.

        A dict section is merged key by key into the current one
        (``s.replace(calls={"rate": 2})`` keeps the other call keys);
        ``failures``, ``multipoint``, the scalars and a ``topology`` naming
        a generator or a file are replaced whole.
        """
        data = self.to_dict()
        for key, value in changes.items():
            new_source = key == "topology" and isinstance(value, dict) and (
                "generator" in value or "file" in value)
            if (isinstance(value, dict) and isinstance(data.get(key), dict)
                    and not new_source):
                data[key].update(value)
            else:
                # another generator or a file: the old parameters go
                data[key] = value
        return Scenario.from_json(_dumps(data))

    def check(self):
        """Checks what needs the topology too (a file that reads, a
        connected graph, failures naming real switches and links, two
        hosts at least), without running. Raises ValueError."""
        _condis.check_json(self._json)

    def __getattr__(self, name):
        """A section by name (a copy): ``s.calls["rate"]``, ``s.seed``."""
        if name in _SECTIONS and "_data" in self.__dict__:
            return copy.deepcopy(self._data[name])
        raise AttributeError(name)

    def __eq__(self, other):
        """True when both describe the same run (CoScenario's ==)."""
        if not isinstance(other, Scenario):
            return NotImplemented
        return _condis.scenarios_equal(self._json, other._json)

    __hash__ = None

    def __repr__(self):
        """The scenario as compact JSON."""
        return "Scenario.from_json(%r)" % _dumps(self._data)


class Results:
    """What a run returned.

    - ``calls``: DataFrame, one row per call attempted (call_id, caller,
      callee, start_s, setup_latency_s (NaN if it never connected),
      outcome, cause, hops, path (list of switch node ids), crankbacks,
      holding_time_s (NaN if never connected), release_cause, dropped)
    - ``parties``: DataFrame, one row per party of a multipoint call, in
      the order asked for (call_id, root, leaf, endpoint_reference,
      asked_s, add_latency_s (NaN if its add never completed), outcome,
      cause, active_time_s (NaN if never added), ending ("" if never
      added, root-drop, root-close, remote, end-of-run), end_cause,
      sent_sdus (by the root while the party was active), received_sdus
      (by the leaf)); empty without a multipoint section
    - ``ports``: DataFrame, one row per switch port (switch, switch_node,
      port, peer_kind, peer, admissible_cells_per_s, admitted, refused,
      peak_reserved_cells_per_s, data_frames (frames of user data sent
      out of the port: the copies a link carried; counted when the
      scenario sends data), data_bytes, throughput_bps (data bits sent per
      second over the run), then what the port's VC scheduler did (with
      traffic models; 0 and NaN without): queued_frames,
      mean/p95/max_queue_delay_s (enqueue to dequeue), mean_queued_frames
      (averaged over time), max_queued_frames, and drops_<reason> for each
      drop reason (drops_unregistered_vc, drops_vc_frame_limit,
      drops_vc_cell_limit, drops_port_frame_limit, drops_port_cell_limit,
      drops_released, drops_link_down, drops_early_packet_discard,
      drops_selective_discard, drops_policed: frames usage parameter
      control discarded as they came in by the port), damaged_frames and
      lost_cells (at cell level: frames queued without some of their
      cells, and those cells), tagged_frames (frames that came in by the
      port and its switch's UPC tagged CLP=1), reserved_cells_per_s: list of
      samples ``summary["sample_interval_s"]`` apart from time 0)
    - ``vcs``: DataFrame, one row per direction of each point-to-point call
      that sent data, by call_id (call_id, group: 0 for ``calls``, i + 1
      for ``callGroups[i]``, category, direction: forward (caller to
      callee) or backward, sender, receiver, sent_frames, sent_bytes,
      refused_frames (by the sending NIC), received_frames,
      received_bytes, lost_frames (sent, never received), drops_<reason>
      as in ``ports`` (anywhere on the way, refusals included),
      drops_reassembly_cell_loss and drops_reassembly_merged (thrown away
      by the receiving NIC's reassembly at cell level: frames that lost
      cells, and frames after one that lost its last cell), tagged_frames
      (frames a switch's UPC tagged on the way, each counted once),
      throughput_bps (received bits per second of the flow's span: its
      first to its last SDU plus one mean gap, so a CBR flow measures its
      rate), mean/p50/p95/p99/max_delay_s (NIC to NIC),
      mean_delay_variation_s (mean |d(i) - d(i-1)|), first_sent_s,
      last_received_s); empty when no call sends data
    - ``summary``: dict (calls, connected, blocking_probability,
      dropping_probability, setup latency mean/p50/p95/p99/max in
      seconds, mean_hops, crankbacks, parties, parties_added,
      parties_failed, add latency mean/p50/p95 in seconds (the root's
      adds), joins and join latency mean/p50/p95 (leaf-initiated),
      party_sent_sdus, party_received_sdus, carried_load, offered_load
      in Erlangs, rule_violations, wall_time_s, ...)
    - ``rules``: dict, CoNDIS rule violations by rule name (every rule)
    - ``scenario``: the Scenario that ran
    - ``sequence_chart(call_id)``: a call's message sequence chart, when
      the run recorded its events (``run(..., charts=True)``)
    - ``sequence_chart_between(a, b)``: every call between two hosts
    - ``topology_svg(at, by)``: the network at an instant, links coloured
      by reserved bandwidth or calls carried

    In the tables, counts and ids are int64, times float64 (seconds),
    ``dropped`` bool, texts (caller, callee, root, leaf: AESA addresses;
    outcome; ending; peer_kind) str, and ``path`` and
    ``reserved_cells_per_s`` lists of ints, one per row.
    """

    def __init__(self, scenario, raw, charts=False):
        """Builds the tables from ``_condis.run_json``'s dict."""
        self.scenario = scenario
        self.calls = _table(raw["calls"])
        self.parties = _table(raw["parties"])
        self.ports = _table(raw["ports"])
        self.vcs = _table(raw["vcs"])
        self.summary = dict(raw["summary"])
        self.rules = dict(raw["rules"])
        self._record = raw["record"]
        self._charts = charts

    def __getstate__(self):
        """For pickle (process pools): the tables travel; the record the
        pictures are drawn from stays in the process that ran."""
        state = dict(self.__dict__)
        state["_record"] = None
        return state

    def _record_or_raise(self):
        """The run's record, or ValueError for Results that were pickled."""
        if self._record is None:
            raise ValueError("these Results came through pickle: pictures are "
                             "drawn in the process that ran the scenario")
        return self._record

    def sequence_chart(self, call_id):
        """Returns call ``call_id``'s message sequence chart.

        ``call_id`` is a value of the ``call_id`` column of ``calls`` (or
        ``parties``: a multipoint call is drawn with all its parties). The
        chart shows inline in Jupyter; ``str()`` of it is the SVG text. Raises
        ValueError naming the call when the run had no such call, or when it
        was not run with ``charts=True``.
        """
        if isinstance(call_id, bool) or not isinstance(call_id,
                                                       numbers.Integral):
            raise ValueError("call_id: %r: expected a call id, an integer "
                             "from the call_id column" % (call_id,))
        call_id = int(call_id)
        if not 0 <= call_id < 2 ** 64:
            raise ValueError("call %d: no such call in this run" % call_id)
        if not self._charts and (call_id in set(self.calls["call_id"]) or
                                 call_id in set(self.parties["call_id"])):
            raise ValueError("call %d: the run did not record its events; "
                             "run it with condis.run(..., charts=True)"
                             % call_id)
        record = self._record_or_raise()
        return SequenceChart(record.sequence_chart(call_id), call_id)

    def sequence_chart_between(self, a, b):
        """Returns the message sequence chart of every call between hosts
        ``a`` and ``b``, either way: host numbers (0, 1...; numbered switch
        by switch, as in the multipoint section) or names (``"h0"``), ``a``
        on the left. Needs ``run(..., charts=True)``; raises ValueError for
        a host that is not one of the run's or when no call joined them.
        """
        names = []
        for host in (a, b):
            if isinstance(host, numbers.Integral) and not isinstance(host,
                                                                     bool):
                host = "h%d" % host
            if not isinstance(host, str):
                raise ValueError("host %r: expected a host number or name "
                                 "such as 'h0'" % (host,))
            names.append(host)
        record = self._record_or_raise()
        if not self._charts:
            raise ValueError("the run did not record its events; run it "
                             "with condis.run(..., charts=True)")
        return Picture(record.sequence_chart_between(*names))

    def topology_svg(self, at=None, by="reserved"):
        """Returns the network at time ``at`` (seconds; default half the
        scenario's duration) as a picture: switches, and links coloured
        from green to red by ``"reserved"`` bandwidth (the share of the
        admissible cell rate, the busier direction) or ``"calls"`` carried,
        failed links and switches marked. It shows inline in Jupyter.
        Raises ValueError for a time outside the run or another ``by``.
        """
        record = self._record_or_raise()
        if at is None:
            at = record.duration_s / 2
        if isinstance(at, bool) or not isinstance(at, numbers.Real):
            raise ValueError("at: %r: expected a number of seconds" % (at,))
        if not isinstance(by, str):
            raise ValueError("by: %r: expected reserved or calls" % (by,))
        return Picture(record.topology_svg(float(at), by))

    def __repr__(self):
        """Counts, blocking and violations on one line."""
        s = self.summary
        return ("<condis.Results: %d calls, %d connected, blocking %.4g, "
                "%d rule violations>" % (s["calls"], s["connected"],
                                         s["blocking_probability"],
                                         s["rule_violations"]))


class Picture:
    """An SVG document: a network picture, or a SequenceChart.

    Jupyter shows it inline (``_repr_svg_``); ``svg`` (or ``str()``) is the
    text, and ``save(path)`` writes it to a file a browser opens.
    """

    def __init__(self, svg):
        """Wraps SVG text."""
        self.svg = svg

    def _repr_svg_(self):
        """The SVG, for Jupyter to draw."""
        return self.svg

    def __str__(self):
        return self.svg

    def save(self, path):
        """Writes the SVG to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.svg)

    def __repr__(self):
        return "<condis.%s, %d bytes of SVG>" % (type(self).__name__,
                                                   len(self.svg))


class SequenceChart(Picture):
    """A call's message sequence chart (see Picture)."""

    def __init__(self, svg, call_id):
        """Wraps the SVG text of call ``call_id``'s chart."""
        super().__init__(svg)
        self.call_id = call_id

    def __repr__(self):
        return "<condis.SequenceChart of call %d, %d bytes of SVG>" % (
            self.call_id, len(self.svg))


def run(scenario, seed=None, run=None, timeout=None, charts=False):
    """Runs a Scenario to the end and returns its Results.

    ``seed`` and ``run``, when given, replace the scenario's random seed
    and run number. The simulation runs without the GIL; ns-3 allows one
    simulation per process, so runs from several threads take turns (use
    processes to run in parallel). Raises ValueError when the scenario is
    not valid, RuntimeError when the C++ fails otherwise.

    Stopping: a run still going ``timeout`` seconds (wall-clock) after it
    started raises ``RunTimeout`` (a ``TimeoutError`` and a
    ``RunStopped``); ``stop()`` from another thread makes it raise
    ``RunStopped``; Ctrl-C (SIGINT, when run from the main thread) raises
    ``KeyboardInterrupt``. The run ends at its next event and the simulator
    is reset before the exception is raised: the next run works as ever.
    The exception's ``simulated_time_s`` says where the run was.

    With ``charts=True`` the run keeps every step of every call, and
    ``Results.sequence_chart(call_id)`` draws any of them; it costs memory
    in proportion to the number of calls, so it is off by default.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError("run() takes a condis.Scenario, not %s"
                        % type(scenario).__name__)
    if timeout is not None and (
            isinstance(timeout, bool)
            or not isinstance(timeout, numbers.Real)
            or not math.isfinite(timeout) or timeout <= 0):
        raise ValueError("timeout: %r: must be a finite number of seconds "
                         "above 0, or None" % (timeout,))
    changes = {}
    if seed is not None:
        changes["seed"] = seed
    if run is not None:
        changes["run"] = run
    if changes:
        scenario = scenario.replace(**changes)
    return Results(scenario, _condis.run_json(
        scenario.to_json(), None if timeout is None else float(timeout),
        bool(charts)), bool(charts))


def stop():
    """Asks the run in progress in this process to stop at its next event.

    Safe from any thread (a Dask worker's plugin, a GUI, a watchdog); the
    run then raises ``RunStopped`` in its own thread, the simulator reset.
    A request while no run is in progress is forgotten.
    """
    _condis.request_stop()


def _table(columns):
    """A DataFrame from ``_condis.run_json``'s columns.

    NumPy arrays are taken as they are; a ``(codes, categories)`` pair
    becomes an object column of the category texts (one take, no per-row
    Python code). Not a ``pandas.Categorical``, which would change what
    users get from the columns: e.g. ``groupby(["caller", "callee"],
    observed=False)``, as in the link-failures notebook, would then make a
    group for every pair of hosts, called or not.
    """
    data = {}
    for name, column in columns.items():
        if isinstance(column, tuple):
            codes, categories = column
            column = np.array(categories, dtype=object)[codes]
        data[name] = column
    return pd.DataFrame(data)


def _dumps(data):
    """JSON text for the C++ reader.

    Every value is checked first, so that what JSON cannot hold is a
    ValueError naming the field rather than json's anonymous error: NaN
    and infinity (JSON has neither), keys that are not strings, objects of
    other types. NumPy scalars (from ``numpy.linspace`` grids, say) become
    the Python numbers they hold, and paths (``pathlib.Path``) their text.
    """
    return json.dumps(_json_value(data, ""), allow_nan=False)


def _json_value(value, path):
    """``value`` as plain JSON data, or ValueError naming ``path``."""
    if isinstance(value, np.generic):
        value = value.item()
    elif isinstance(value, os.PathLike):
        value = os.fspath(value)  # a topology file given as a Path
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("%s: %r: not a number JSON can hold (NaN and "
                             "infinity are refused)" % (path or "scenario",
                                                       value))
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError("%s: %r: keys must be strings"
                                 % (path or "scenario", key))
            out[key] = _json_value(item, path + "." + key if path else key)
        return out
    if isinstance(value, (list, tuple)):
        return [_json_value(item, "%s[%d]" % (path, i))
                for i, item in enumerate(value)]
    raise ValueError("%s: %s: a %s, not a JSON value (a number, string, "
                     "bool, list or dict)"
                     % (path or "scenario", _short_repr(value),
                        type(value).__name__))


def _short_repr(value, limit=80):
    """``repr(value)``, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


# after Scenario and run, which the sweep module imports from here
from .sweep import sweep  # noqa: E402  (condis.sweep is the function)
