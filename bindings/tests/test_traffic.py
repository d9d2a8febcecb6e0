# SPDX-License-Identifier: GPL-2.0-only
"""Traffic in scenarios from Python: the ``traffic`` object of a call model
and ``callGroups`` (ValueError naming the field and the value before
anything runs), and the data-plane tables ``Results.vcs`` and the queueing
columns of ``Results.ports``.
"""

import os
import pathlib

import pytest

import condis

SOURCE_DIR = pathlib.Path(
    os.environ.get("CONDIS_SOURCE_DIR",
                   pathlib.Path(__file__).resolve().parents[2]))

DROP_COLUMNS = ["drops_unregistered_vc", "drops_vc_frame_limit",
                "drops_vc_cell_limit", "drops_port_frame_limit",
                "drops_port_cell_limit", "drops_released",
                "drops_link_down", "drops_early_packet_discard",
                "drops_selective_discard", "drops_policed"]
VC_COLUMNS = (["call_id", "group", "category", "direction", "sender",
               "receiver", "sent_frames", "sent_bytes", "refused_frames",
               "received_frames", "received_bytes", "lost_frames"]
              + DROP_COLUMNS
              + ["drops_reassembly_cell_loss", "drops_reassembly_merged",
                 "tagged_frames"]
              + ["throughput_bps", "mean_delay_s", "p50_delay_s",
                 "p95_delay_s", "p99_delay_s", "max_delay_s",
                 "mean_delay_variation_s", "first_sent_s",
                 "last_received_s"])
PORT_DATA_COLUMNS = (["data_bytes", "throughput_bps", "queued_frames",
                      "mean_queue_delay_s", "p95_queue_delay_s",
                      "max_queue_delay_s", "mean_queued_frames",
                      "max_queued_frames"] + DROP_COLUMNS
                     + ["damaged_frames", "lost_cells", "tagged_frames"])


def two_switches(**changes):
    """Two switches, two hosts each; calls of exactly 1 s for 2 s."""
    args = dict(topology={"generator": "line", "n": 2},
                hosts={"perSwitch": 2},
                links={"rate": "10Mbps", "delay": "1ms"},
                calls={"rate": 1, "pcr": 2000,
                       "holding": {"distribution": "constant",
                                   "mean": "1s"},
                       "traffic": {"type": "cbr", "rate": "400kbps",
                                   "frameSize": 500}},
                duration="2s")
    args.update(changes)
    return condis.Scenario(**args)


BAD_TRAFFIC = [
    ({"type": "vbr"}, r'calls\.traffic\.type: "vbr": unknown traffic type'),
    ({"type": "cbr", "frameSize": 0},
     r"calls\.traffic\.frameSize: 0: must be 1\.\.9188"),
    ({"type": "cbr", "rate": "-3Mbps"}, r'calls\.traffic\.rate: "-3Mbps"'),
    ({"type": "cbr", "frameRate": 5},
     r"calls\.traffic\.frameRate: 5: not a parameter of cbr traffic"),
    ({"type": "poisson", "frameRate": 0},
     r"calls\.traffic\.frameRate: 0\.0: must be above 0"),
    ({"type": "onoff", "on": {"distribution": "pareto", "shape": 0.9}},
     r"calls\.traffic\.on\.shape: 0\.9: must be above 1"),
    ({"type": "onoff", "off": {"distribution": "weibull"}},
     r'calls\.traffic\.off\.distribution: "weibull"'),
    ({"type": "trace"}, r"calls\.traffic\.file: \(missing\)"),
    ("cbr", r'calls\.traffic: "cbr": expected a JSON object'),
]


@pytest.mark.parametrize("traffic, message", BAD_TRAFFIC)
def test_bad_traffic_is_a_value_error_naming_field_and_value(traffic, message):
    with pytest.raises(ValueError, match=message):
        two_switches(calls={"rate": 1, "traffic": traffic})


def test_bad_call_group_names_its_index():
    with pytest.raises(ValueError,
                       match=r"callGroups\[1\]\.traffic\.peakRate"):
        two_switches(callGroups=[
            {"rate": 1},
            {"rate": 1, "traffic": {"type": "onoff", "peakRate": "fast"}}])


def test_unreadable_trace_is_refused_before_the_run(tmp_path):
    bad = tmp_path / "frames.txt"
    bad.write_text("0 100\n0.1 -4\n")
    s = two_switches(calls={"rate": 1,
                            "traffic": {"type": "trace", "file": str(bad)}})
    with pytest.raises(ValueError, match=r"frames\.txt:2: size -4"):
        s.check()
    with pytest.raises(ValueError, match=r"calls\.traffic\.file"):
        condis.run(s)


def test_cbr_vcs_have_the_columns_and_measure_the_rate():
    r = condis.run(two_switches())
    vcs = r.vcs
    assert list(vcs.columns) == VC_COLUMNS
    assert len(vcs) == r.summary["connected"] > 0
    assert set(vcs["category"]) == {"CBR"}
    assert set(vcs["direction"]) == {"forward"}
    assert (vcs["sent_frames"] == 100).all()
    assert (vcs["lost_frames"] == 0).all()
    # no loss, a 10 ms interval exactly: the CBR rate itself
    assert ((vcs["throughput_bps"] - 400e3).abs() < 1e-3).all()
    assert (vcs["mean_delay_s"] > 200e-6).all()
    assert (vcs["p50_delay_s"] <= vcs["max_delay_s"]).all()
    assert vcs["sender"].str.match(r"^47\.").all()
    for column in VC_COLUMNS:
        if column.endswith("_s") or column == "throughput_bps":
            assert vcs[column].dtype == "float64", column
        elif column in ("category", "direction", "sender", "receiver"):
            assert vcs[column].dtype == object, column
        else:
            assert vcs[column].dtype == "int64", column
    assert r.summary["held_at_end"] == 0


def test_ports_have_the_queueing_columns():
    r = condis.run(two_switches())
    ports = r.ports
    columns = list(ports.columns)
    assert columns[-1] == "reserved_cells_per_s"
    assert columns[columns.index("data_frames") + 1:-1] == PORT_DATA_COLUMNS
    # the ports carried the calls' frames, and queued them in their schedulers
    assert ports["data_bytes"].sum() > 0
    assert ports["queued_frames"].sum() > 0
    busy = ports[ports["queued_frames"] > 0]
    assert (busy["mean_queue_delay_s"] <= busy["max_queue_delay_s"]).all()
    assert (ports["mean_queued_frames"] <= ports["max_queued_frames"]).all()


def test_without_data_the_vcs_table_is_empty():
    quiet = condis.Scenario(topology={"generator": "line", "n": 2},
                            calls={"rate": 1}, duration="1s")
    r = condis.run(quiet)
    assert len(r.vcs) == 0
    assert list(r.vcs.columns) == VC_COLUMNS


def test_example_scenario_mixes_three_classes():
    s = condis.Scenario.load(SOURCE_DIR / "examples/scenarios/mixed-traffic.json")
    assert len(s.callGroups) == 2
    r = condis.run(s)
    by_category = r.vcs.groupby("category")["received_frames"].sum()
    assert set(by_category.index) == {"CBR", "rt-VBR", "UBR"}
    assert (by_category > 0).all()
    assert set(r.vcs["group"]) == {0, 1, 2}
    assert r.summary["held_at_end"] == 0
    assert r.summary["rule_violations"] == 0


BAD_QUEUEING = [
    ({"switches": {"cdvt": "-2ms"}}, r'queueing\.switches\.cdvt: "-2ms"'),
    ({"hosts": {"discipline": "SFQ"}},
     r'queueing\.hosts\.discipline: "SFQ": unknown discipline'),
    ({"switches": {"vcMaxFrames": 0}},
     r"queueing\.switches\.vcMaxFrames: 0: must be at least 1"),
    ({"switches": {"maxCells": -1}}, r"queueing\.switches\.maxCells: -1"),
    ({"switches": {"weight": 2}}, r"queueing\.switches\.weight: 2: unknown key"),
    ({"nics": {}}, r"queueing\.nics: \{\}: unknown key"),
    ({"switches": {"categoryService": "fair"}},
     r'queueing\.switches\.categoryService: "fair": unknown category service'),
    ({"hosts": {"categoryWeights": {"UBR": 0}}},
     r"queueing\.hosts\.categoryWeights\.UBR: 0\.0: must be from 1e-06 to 1e\+06"),
    ({"switches": {"categoryWeights": {"CBR": 2e6}}},
     r"queueing\.switches\.categoryWeights\.CBR: 2000000\.0: must be from"),
    ({"switches": {"categoryWeights": {"ABR": 1}}},
     r"queueing\.switches\.categoryWeights\.ABR: 1: unknown key"),
    ({"switches": {"categoryWeights": {"rt-VBR": "2"}}},
     r'queueing\.switches\.categoryWeights\.rt-VBR: "2": expected a number'),
    ({"switches": {"upc": "police"}},
     r'queueing\.switches\.upc: "police": unknown usage parameter control'),
    ({"hosts": {"upc": "tag"}}, r'queueing\.hosts\.upc: "tag": unknown key'),
    ({"switches": {"upcCdvt": "-1ms"}}, r'queueing\.switches\.upcCdvt: "-1ms"'),
    ({"switches": {"epdThreshold": -5}},
     r"queueing\.switches\.epdThreshold: -5"),
    ({"hosts": {"clpThreshold": 1.5}}, r"queueing\.hosts\.clpThreshold: 1\.5"),
]


@pytest.mark.parametrize("queueing, message", BAD_QUEUEING)
def test_bad_queueing_is_a_value_error_naming_field_and_value(queueing,
                                                              message):
    with pytest.raises(ValueError, match=message):
        two_switches(queueing=queueing)


def test_queueing_section_sets_the_schedulers():
    # A CBR source at twice its contract: the NIC shapes it, and how many
    # frames the NIC may hold for the VC is how late the others arrive.
    calls = {"rate": 1, "pcr": 1100,
             "holding": {"distribution": "constant", "mean": "1s"},
             "traffic": {"type": "cbr", "rate": "800kbps", "frameSize": 500}}
    loose = two_switches(calls=calls)
    tight = loose.replace(queueing={"hosts": {"vcMaxFrames": 2},
                                    "switches": {"cdvt": "5ms"}})
    assert tight.queueing["hosts"]["vcMaxFrames"] == 2
    assert tight.queueing["switches"]["cdvt"] == "5ms"
    assert loose.queueing["hosts"]["vcMaxFrames"] == 100
    r_loose = condis.run(loose)
    r_tight = condis.run(tight)
    assert r_tight.vcs["max_delay_s"].max() < 0.04
    assert r_loose.vcs["max_delay_s"].max() > 0.3
    assert (r_tight.vcs["refused_frames"]
            == r_tight.vcs["drops_vc_frame_limit"]).all()
    assert r_tight.vcs["refused_frames"].sum() > 0
    assert r_tight.summary["held_at_end"] == 0


def test_queueing_section_takes_category_weights():
    s = two_switches(queueing={"switches": {
        "categoryService": "weighted",
        "categoryWeights": {"CBR": 4, "UBR": 0.5}}})
    switches = s.queueing["switches"]
    assert switches["categoryService"] == "weighted"
    assert switches["categoryWeights"] == {"CBR": 4.0, "rt-VBR": 1.0,
                                           "nrt-VBR": 1.0, "UBR": 0.5}
    assert s.queueing["hosts"]["categoryService"] == "priority"
    # With one category only, weighted service is strict priority: the
    # same frames at the same delays.
    r = condis.run(s)
    strict = condis.run(two_switches())
    assert r.vcs["received_frames"].sum() > 0
    assert r.vcs["lost_frames"].sum() == 0
    assert (r.vcs["received_frames"].tolist()
            == strict.vcs["received_frames"].tolist())
    assert (r.vcs["mean_delay_s"].tolist()
            == strict.vcs["mean_delay_s"].tolist())


def test_cell_fidelity_loses_cells_and_reassembly_throws_frames_away():
    # Frames of 500 bytes take 11 cells; a switch VC holds 5. At frame
    # level each frame is refused whole; at cell level it goes on without
    # 6 of its cells and the receiving NIC's reassembly throws it away.
    frame = two_switches(queueing={"switches": {"vcMaxCells": 5}})
    cell = frame.replace(queueing={"switches": {"vcMaxCells": 5,
                                                "fidelity": "cell"}})
    assert cell.queueing["switches"]["fidelity"] == "cell"
    assert cell.queueing["switches"]["partialPacketDiscard"] is False
    assert frame.queueing["switches"]["fidelity"] == "frame"
    r_frame = condis.run(frame)
    r_cell = condis.run(cell)
    for r in (r_frame, r_cell):
        assert r.vcs["sent_frames"].sum() > 0
        assert r.vcs["received_frames"].sum() == 0
        assert r.summary["held_at_end"] == 0
    # (a frame may still be on its way when the run ends: one per VC at most)
    def about_all(counted, sent):
        return ((counted <= sent) & (counted >= sent - 1)).all()

    assert about_all(r_frame.vcs["drops_vc_cell_limit"],
                     r_frame.vcs["sent_frames"])
    assert r_frame.vcs["drops_reassembly_cell_loss"].sum() == 0
    assert r_cell.vcs["drops_vc_cell_limit"].sum() == 0
    assert about_all(r_cell.vcs["drops_reassembly_cell_loss"],
                     r_cell.vcs["sent_frames"])
    # every frame lost is counted once, by its cause
    counted = r_cell.vcs[DROP_COLUMNS + ["drops_reassembly_cell_loss",
                                         "drops_reassembly_merged"]].sum(axis=1)
    assert about_all(counted, r_cell.vcs["lost_frames"])
    # the first switch's port toward the second damaged them, 6 cells each
    assert r_cell.ports["damaged_frames"].sum() > 0
    assert r_frame.ports["damaged_frames"].sum() == 0
    assert (r_cell.ports["lost_cells"]
            == 6 * r_cell.ports["damaged_frames"]).all()


def test_bad_fidelity_is_a_value_error():
    with pytest.raises(ValueError,
                       match=r'queueing\.switches\.fidelity: "cells": '
                             r'unknown fidelity'):
        two_switches(queueing={"switches": {"fidelity": "cells"}})
    with pytest.raises(ValueError,
                       match=r"queueing\.hosts\.partialPacketDiscard: "
                             r'"yes": expected true or false'):
        two_switches(queueing={"hosts": {"partialPacketDiscard": "yes"}})


def test_weighted_categories_trade_cbr_delay_for_ubr_delay():
    # CBR calls at their contract and bursty UBR calls, about 90 % of the
    # 2 Mb/s link between the switches together. Strictly by priority, CBR
    # never waits behind UBR; weighted 1 to 100, UBR frames go first most
    # of the time.
    base = dict(topology={"generator": "line", "n": 2},
                hosts={"perSwitch": 2},
                links={"rate": "2Mbps", "delay": "1ms"},
                calls={"rate": 1, "category": "CBR", "pcr": 1500,
                       "holding": {"distribution": "constant", "mean": "2s"},
                       "traffic": {"type": "cbr", "rate": "400kbps",
                                   "frameSize": 500}},
                callGroups=[{"rate": 1, "category": "UBR", "pcr": 0,
                             "holding": {"distribution": "constant",
                                         "mean": "2s"},
                             "traffic": {"type": "poisson", "frameRate": 40,
                                         "frameSize": 1500}}],
                duration="3s", seed=1, run=1)
    strict = condis.run(condis.Scenario(**base))
    weighted = condis.run(condis.Scenario(
        **base, queueing={"switches": {"categoryService": "weighted",
                                       "categoryWeights": {"CBR": 1,
                                                           "UBR": 100}}}))

    def mean_delay(r, category):
        vcs = r.vcs[r.vcs["category"] == category]
        assert vcs["received_frames"].sum() > 0, category
        return ((vcs["mean_delay_s"] * vcs["received_frames"]).sum()
                / vcs["received_frames"].sum())

    assert mean_delay(weighted, "CBR") > 2 * mean_delay(strict, "CBR")
    assert mean_delay(weighted, "UBR") < mean_delay(strict, "UBR")
    for r in (strict, weighted):
        assert r.summary["held_at_end"] == 0
        assert r.summary["rule_violations"] == 0


def test_frames_tagged_by_usage_parameter_control_are_counted():
    # CBR sent at twice its contract, which the NICs let through (a CDVT of
    # a second); the switches' UPC tags what does not conform and lets it on.
    calls = {"rate": 1, "pcr": 1100,
             "holding": {"distribution": "constant", "mean": "1s"},
             "traffic": {"type": "cbr", "rate": "800kbps", "frameSize": 500}}
    loose = {"hosts": {"cdvt": "1s"}, "switches": {"cdvt": "1s"}}
    tag = two_switches(calls=calls, queueing={
        "hosts": loose["hosts"],
        "switches": dict(loose["switches"], upc="tag")})
    none = two_switches(calls=calls, queueing=loose)
    r_tag = condis.run(tag)
    r_none = condis.run(none)
    assert r_tag.vcs["tagged_frames"].sum() > 0
    assert (r_tag.vcs["tagged_frames"] <= r_tag.vcs["sent_frames"]).all()
    assert r_tag.vcs["drops_policed"].sum() == 0
    # each frame counted once per VC; per port, at every switch that tagged it
    assert r_tag.ports["tagged_frames"].sum() >= r_tag.vcs["tagged_frames"].sum()
    assert r_none.vcs["tagged_frames"].sum() == 0
    assert r_none.ports["tagged_frames"].sum() == 0
    assert r_tag.summary["held_at_end"] == 0
