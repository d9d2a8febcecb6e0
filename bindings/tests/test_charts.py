# SPDX-License-Identifier: GPL-2.0-only
"""Message sequence charts from Python and from condis-run (run by ctest as
python-tests): the SVG of a call, read back with an XML parser; a lane per
client, host and switch the call involves; a refused call in red; bad call
ids refused with ValueError (Python) or exit status 2 (condis-run)."""

import xml.etree.ElementTree as ET

import pytest

import condis
from test_cli import find_program, run_program

SVG = "{http://www.w3.org/2000/svg}"


def groups(svg, cls):
    """The <g> elements of an SVG document whose class list holds cls."""
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == SVG + "svg"
    return [g for g in root.iter(SVG + "g")
            if cls in g.get("class", "").split()]


def line(n_switches, **changes):
    """A line of switches, one host on each, calls between the two ends
    only being likely enough; short, so that charts stay small."""
    args = dict(topology={"generator": "line", "n": n_switches},
                calls={"rate": 2, "holding": {"mean": "200ms"}},
                duration="1s", seed=1, run=1)
    args.update(changes)
    return condis.Scenario(**args)


@pytest.fixture(scope="module")
def charted():
    return condis.run(line(3), charts=True)


def test_chart_has_a_lane_per_client_host_and_switch(charted):
    calls = charted.calls
    assert len(calls) > 0
    connected = calls[calls["outcome"] == "Success"]
    assert len(connected) > 0
    call = connected.iloc[0]
    chart = charted.sequence_chart(call["call_id"])
    assert isinstance(chart, condis.SequenceChart)
    assert chart._repr_svg_() == chart.svg == str(chart)
    lanes = groups(chart.svg, "lane")
    kinds = [g.get("data-kind") for g in lanes]
    assert kinds.count("client") == 2
    assert kinds.count("host") == 2
    # the switches it crossed, no more
    assert kinds.count("switch") == len(call["path"])
    assert len(lanes) == 2 + 2 + len(call["path"])
    # at least SETUP, CONNECT, CONNECT ACKNOWLEDGE, RELEASE and RELEASE
    # COMPLETE on every link, none of them red
    messages = groups(chart.svg, "message")
    assert len(messages) >= 5 * call["hops"]
    assert not groups(chart.svg, "failure")
    titles = [g.find(SVG + "title").text for g in messages]
    assert sum("SETUP" in t for t in titles) == call["hops"]


def test_refused_call_is_red():
    # Admission control admits nothing: every call is refused at its first
    # switch, which answers the SETUP with RELEASE COMPLETE.
    r = condis.run(line(2, switches={"admissibleFraction": 0}), charts=True)
    refused = r.calls[r.calls["outcome"] != "Success"]
    assert len(refused) > 0
    svg = r.sequence_chart(refused.iloc[0]["call_id"]).svg
    red = groups(svg, "failure")
    assert any("RELEASE COMPLETE" in g.find(SVG + "title").text
               for g in red if "message" in g.get("class"))
    assert any("refused" in g.find(SVG + "title").text
               for g in red if "note" in g.get("class"))


def test_multipoint_chart_shows_every_leaf():
    r = condis.run(condis.Scenario(
        topology={"generator": "star", "leaves": 3}, calls={"rate": 0},
        multipoint=[{"root": 0, "leaves": [1, 2, 3],
                     "arrival": {"process": "fixed",
                                 "times": ["100ms", "200ms", "300ms"]},
                     "holding": {"distribution": "constant",
                                 "mean": "1s"}}],
        duration="2s", seed=1, run=1), charts=True)
    assert len(r.parties) == 3
    call_ids = set(r.parties["call_id"])
    svg = r.sequence_chart(next(iter(call_ids))).svg
    kinds = [g.get("data-kind") for g in groups(svg, "lane")]
    # the root and its leaves, each with its client
    assert kinds.count("host") == kinds.count("client") == 1 + 3
    titles = [g.find(SVG + "title").text
              for g in groups(svg, "message")]
    assert any("ADD PARTY" in t for t in titles)


def test_bad_call_ids_raise_value_error(charted):
    with pytest.raises(ValueError, match="call 12345: no such call"):
        charted.sequence_chart(12345)
    with pytest.raises(ValueError, match="call -1: no such call"):
        charted.sequence_chart(-1)
    with pytest.raises(ValueError, match="call_id: 'x'"):
        charted.sequence_chart("x")
    plain = condis.run(line(2))
    with pytest.raises(ValueError, match="charts=True"):
        plain.sequence_chart(plain.calls["call_id"].iloc[0])


def test_chart_between_two_hosts(charted):
    calls = charted.calls
    ends = {calls["caller"].iloc[0], calls["callee"].iloc[0]}
    both = calls[calls["caller"].isin(ends) & calls["callee"].isin(ends)]
    # the line's hosts are h0, h1, h2, one per switch, in the order of
    # their addresses
    hosts = sorted(set(calls["caller"]) | set(calls["callee"]))
    a, b = sorted(hosts.index(h) for h in ends)
    svg = charted.sequence_chart_between(a, b).svg
    titles = [g.find(SVG + "title").text for g in groups(svg, "message")]
    assert sum(t.split("  ")[2].startswith("SETUP") for t in titles) == sum(
        row["hops"] for _, row in both.iterrows())
    assert charted.sequence_chart_between("h%d" % a, "h%d" % b).svg == svg
    with pytest.raises(ValueError, match='host "h9"'):
        charted.sequence_chart_between(0, 9)
    with pytest.raises(ValueError, match="host None"):
        charted.sequence_chart_between(None, 1)


def test_pictures_stay_in_the_process_that_ran(charted):
    import pickle
    r = pickle.loads(pickle.dumps(charted))
    assert r.summary == charted.summary
    with pytest.raises(ValueError, match="came through pickle"):
        r.sequence_chart(charted.calls["call_id"].iloc[0])
    with pytest.raises(ValueError, match="came through pickle"):
        r.topology_svg()
    # the original still draws
    assert charted.topology_svg().svg.startswith("<?xml")


def test_condis_run_writes_the_chart(tmp_path, charted):
    program = find_program()
    path = tmp_path / "scenario.json"
    charted.scenario.save(path)
    call_id = int(charted.calls["call_id"].iloc[0])
    out = tmp_path / "out"
    done = run_program(program, path, "--out=%s" % out,
                       "--chart=%d" % call_id)
    assert done.returncode == 0, done.stderr
    written = (out / ("call-%d.svg" % call_id)).read_text()
    # the same run, the same chart as from Python
    assert written == charted.sequence_chart(call_id).svg
    named = tmp_path / "chart.svg"
    done = run_program(program, path, "--out=%s" % out,
                       "--chart=h0:h2", "--chart-file=%s" % named)
    assert done.returncode == 0, done.stderr
    assert groups(named.read_text(), "lane")
    done = run_program(program, path, "--out=%s" % out, "--chart=777")
    assert done.returncode == 2
    assert '--chart: "777": call 777: no such call' in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_topology_svg_marks_failed_link_and_colours_by_load(tmp_path):
    s = condis.Scenario(topology={"generator": "grid", "rows": 2, "cols": 3},
                        hosts={"perSwitch": 2}, links={"rate": "10Mbps"},
                        calls={"rate": 2, "pcr": 4000}, duration="5s",
                        failures=[{"at": "2s", "action": "fail",
                                   "link": [0, 1]},
                                  {"at": "4s", "action": "restore",
                                   "link": [0, 1]}],
                        seed=1, run=1)
    r = condis.run(s)
    picture = r.topology_svg(at=3, by="calls")
    assert isinstance(picture, condis.Picture)
    assert picture._repr_svg_() == picture.svg
    links = groups(picture.svg, "link")
    assert len(links) == 7
    assert len(groups(picture.svg, "switch")) == 6
    failed = groups(picture.svg, "failed")
    assert [(g.get("data-from"), g.get("data-to")) for g in failed] == [
        ("0", "1")]
    # by reserved bandwidth, at the default instant (half the duration)
    reserved = r.topology_svg()
    assert "reserved bandwidth" in reserved.svg
    assert groups(reserved.svg, "failed")  # 2.5 s: the link is still down
    assert not groups(r.topology_svg(at=1).svg, "failed")
    with pytest.raises(ValueError, match="outside the run"):
        r.topology_svg(at=1e6)
    with pytest.raises(ValueError, match="expected reserved or calls"):
        r.topology_svg(by="bandwidth")
    with pytest.raises(ValueError, match="at: 'x'"):
        r.topology_svg(at="x")
    # condis-run draws the same picture
    path = tmp_path / "scenario.json"
    s.save(path)
    out = tmp_path / "net.svg"
    done = run_program(find_program(), path, "--out=%s" % tmp_path,
                       "--topology-svg=%s" % out, "--topology-at=3",
                       "--topology-by=calls")
    assert done.returncode == 0, done.stderr
    assert out.read_text() == picture.svg
