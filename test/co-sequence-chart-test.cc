/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The sequence chart a student looks at: well-formed SVG with a lane per
 * client, host and switch, one arrow per message the ladder lists, and what
 * failed in red. Its structure is read back with Python's XML parser, and
 * the picture drawn by a headless browser when one is installed.
 */

#include "co-scenario-util.h"
#include "co-scratch-dir.h"
#include "co-test-network.h"
#include "co-tshark.h"

#include "ns3/co-call-ladder.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-scenario-runner.h"
#include "ns3/co-sequence-chart.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using condistest::ScratchDirTest;

/// \return how many times \p word occurs in \p text
std::size_t
Matches(const std::string& text, const std::string& word)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
    {
        ++n;
    }
    return n;
}

/// Reads an SVG back with Python's XML parser and counts what it shows.
const char* const COUNT_PARTS = R"PY(
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == ns + "svg", root.tag
def groups(cls):
    return [g for g in root.iter(ns + "g") if cls in g.get("class", "").split()]
def red(cls):
    return [g for g in groups(cls) if "failure" in g.get("class", "").split()]
lanes = groups("lane")
print("lanes", len(lanes))
for kind in ("client", "host", "switch"):
    print("lanes-" + kind, sum(1 for g in lanes if g.get("data-kind") == kind))
for cls in ("message", "request", "indication", "note"):
    print(cls, len(groups(cls)))
    print("red-" + cls, len(red(cls)))
for g in red("message"):
    print("red-title", g.find(ns + "title").text.replace(" ", "_"))
for g in groups("message"):
    assert g.find(ns + "title") is not None and g.find(ns + "line") is not None
# Labels that read rightwards and would run past the picture's right edge, at
# 7 px per character of an 11 px monospace font (a browser clips them there).
width = float(root.get("width"))
print("overflow", sum(1 for t in root.iter(ns + "text")
                      if t.get("text-anchor", "start") == "start" and t.text
                      and float(t.get("x", "0")) + 7 * len(t.text) > width))
print("ok")
)PY";

/// \return whether /usr/bin/python3 is there to read the SVG back
bool
HavePython()
{
    return std::filesystem::exists("/usr/bin/python3");
}

/**
 * \param svg a chart
 * \param dir where to write it
 * \return what COUNT_PARTS printed: name -> count, and "red-title" lines
 */
std::multimap<std::string, std::string>
CountParts(const std::string& svg, const std::filesystem::path& dir)
{
    std::ofstream(dir / "chart.svg") << svg;
    std::ofstream(dir / "count.py") << COUNT_PARTS;
    std::istringstream out(ShellOutput("/usr/bin/python3 " + (dir / "count.py").string() + " " +
                                       (dir / "chart.svg").string() + " 2>&1"));
    std::multimap<std::string, std::string> parts;
    std::string key;
    std::string value;
    while (out >> key)
    {
        if (key == "ok")
        {
            parts.emplace("ok", "");
            continue;
        }
        out >> value;
        parts.emplace(key, value);
    }
    return parts;
}

/// \return the single value of \p key in \p parts, as a number (-1: none)
int
Count(const std::multimap<std::string, std::string>& parts, const std::string& key)
{
    auto it = parts.find(key);
    return it == parts.end() ? -1 : std::stoi(it->second);
}

/// \return how many messages \p ladder shows sent: "-> " then a message's name
std::size_t
CountSent(const std::string& ladder)
{
    std::istringstream in(ladder);
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line))
    {
        // Not "admission port 0 -> 1" nor "cross-connect port 0 ... -> port 1".
        std::size_t at = line.find("-> ");
        n += at != std::string::npos && std::isupper(line[at + 3]) != 0;
    }
    return n;
}

/// One call from a to b over one switch, the chart's events and the ladder both watching.
struct ChartedCall
{
    explicit ChartedCall(TestClient::Answer answer)
    {
        net.Build();
        events.Watch(net.a, "a");
        events.Watch(net.b, "b");
        events.Watch(net.sw, "sw");
        ladder.Watch(net.a, "a");
        ladder.Watch(net.b, "b");
        ladder.Watch(net.sw, "sw");
        net.cb->RegisterOwnSap();
        net.cb->answer = answer;
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000));
        if (answer == TestClient::Answer::Accept)
        {
            CoSchedule(Seconds(1), [this]() { net.a->CloseCall(net.ca->vc); });
        }
        Simulator::Run();
        Simulator::Destroy();
        // The caller's VC is deleted after a failure: the chart names the call.
        std::vector<uint64_t> calls = CoSequenceChart(events).GetCalls();
        callId = calls.size() == 1 ? calls.front() : 0;
    }

    OneSwitchNetwork net;
    CoCallEventCollector events;
    std::ostringstream text;
    CoCallLadder ladder{text};
    uint64_t callId = 0;
};

/// Each test with a scratch directory for the SVG and the script that reads it.
class CoSequenceChartTest : public ScratchDirTest
{
  protected:
    CoSequenceChartTest()
        : ScratchDirTest("condis-sequence-chart-")
    {
    }
};

TEST_F(CoSequenceChartTest, DrawsALanePerClientHostAndSwitchAndAnArrowPerMessage)
{
    ChartedCall call(TestClient::Answer::Accept);
    CoSequenceChart chart(call.events);
    ASSERT_NE(call.callId, 0u);
    ASSERT_EQ(chart.GetCalls(), std::vector<uint64_t>{call.callId});
    const std::string svg = chart.RenderCall(call.callId);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    if (!HavePython())
    {
        GTEST_SKIP() << "/usr/bin/python3 is not installed: the SVG's structure is not read back";
    }
    auto parts = CountParts(svg, dir);
    ASSERT_EQ(parts.count("ok"), 1u) << svg;
    EXPECT_EQ(Count(parts, "lanes"), 2 + 1 + 2) << "hosts + switches + clients";
    EXPECT_EQ(Count(parts, "lanes-client"), 2);
    EXPECT_EQ(Count(parts, "lanes-host"), 2);
    EXPECT_EQ(Count(parts, "lanes-switch"), 1);
    // Every message the ladder shows sent is one arrow.
    const std::size_t sent = CountSent(call.text.str());
    EXPECT_EQ(sent, 11u) << "SETUP, CONNECT, CONNECT ACKNOWLEDGE, RELEASE, RELEASE COMPLETE "
                            "on both links, CALL PROCEEDING on a's\n"
                         << call.text.str();
    EXPECT_EQ(Count(parts, "message"), int(sent));
    EXPECT_EQ(Count(parts, "red-message"), 0);
    // MakeCall, b's answer, both CloseCalls: requests; completions and offers: indications.
    EXPECT_EQ(Count(parts, "request"), 4);
    EXPECT_GE(Count(parts, "indication"), 6);
    EXPECT_EQ(Count(parts, "red-indication"), 0);
    EXPECT_EQ(Count(parts, "red-note"), 0);
    EXPECT_EQ(Count(parts, "overflow"), 0) << svg;
}

TEST_F(CoSequenceChartTest, KeepsTheLastLanesNotesInsideThePicture)
{
    // Admission control at the first switch refuses the call: that switch is
    // the last lane, and its note (the refusal and its cause) reads rightwards
    // from its lifeline into the margin.
    CoScenario s = CoScenario::FromJson(R"({
      "topology": {"generator": "line", "n": 3},
      "links": {"rate": "155.52Mbps", "delay": "1ms"},
      "switches": {"admissibleFraction": 0.01},
      "calls": {"rate": 1, "holding": {"distribution": "constant", "mean": "200ms"},
                "category": "CBR", "pcr": 4000},
      "duration": "1s", "seed": 1, "run": 1})");
    CoScenarioRunner runner;
    runner.SetRecordEvents(true);
    CoScenarioResults results = runner.Run(s);
    ASSERT_FALSE(results.calls.empty());
    const CoCallRecord& refused = results.calls.front();
    ASSERT_FALSE(refused.outcome.IsSuccess());
    const std::string svg = results.GetSequenceChart(refused.callId);
    if (!HavePython())
    {
        GTEST_SKIP() << "/usr/bin/python3 is not installed: the SVG's structure is not read back";
    }
    auto parts = CountParts(svg, dir);
    ASSERT_EQ(parts.count("ok"), 1u) << svg;
    EXPECT_EQ(Count(parts, "lanes-switch"), 1) << svg;
    EXPECT_EQ(Count(parts, "red-note"), 1) << svg;
    EXPECT_EQ(Count(parts, "overflow"), 0) << svg;
}

TEST_F(CoSequenceChartTest, DrawsARejectedCallsReleaseCompleteAndFailedCompletionInRed)
{
    ChartedCall call(TestClient::Answer::Reject);
    CoSequenceChart chart(call.events);
    ASSERT_TRUE(chart.HasCall(call.callId));
    const std::string svg = chart.RenderCall(call.callId);
    if (!HavePython())
    {
        GTEST_SKIP() << "/usr/bin/python3 is not installed: the SVG's structure is not read back";
    }
    auto parts = CountParts(svg, dir);
    ASSERT_EQ(parts.count("ok"), 1u) << svg;
    // b's RELEASE COMPLETE to the switch, and the switch's RELEASE on to a
    // (a has had CALL PROCEEDING), both with the rejection's cause; a's
    // RELEASE COMPLETE, which has no cause, is not red.
    EXPECT_EQ(Count(parts, "message"), int(CountSent(call.text.str())));
    EXPECT_EQ(Count(parts, "red-message"), 2) << svg;
    auto [from, to] = parts.equal_range("red-title");
    std::vector<std::string> red;
    for (auto it = from; it != to; ++it)
    {
        EXPECT_NE(it->second.find("cause=21"), std::string::npos) << it->second;
        red.push_back(it->second);
    }
    ASSERT_EQ(red.size(), 2u);
    EXPECT_NE(red[0].find("b__RELEASE_COMPLETE"), std::string::npos) << red[0];
    EXPECT_NE(red[1].find("sw__RELEASE_cref"), std::string::npos) << red[1];
    // MakeCallComplete's failure, to a's client; b's rejecting answer.
    EXPECT_GE(Count(parts, "red-indication"), 1);
    EXPECT_EQ(Count(parts, "red-request"), 1) << "b's client rejecting the offer";
}

TEST_F(CoSequenceChartTest, RefusesACallItDidNotSeeAndHostsItDoesNotWatch)
{
    ChartedCall call(TestClient::Answer::Accept);
    CoSequenceChart chart(call.events);
    EXPECT_FALSE(chart.HasCall(call.callId + 1));
    EXPECT_FALSE(chart.HasCall(0));
    try
    {
        chart.RenderCall(call.callId + 1);
        ADD_FAILURE() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find(std::to_string(call.callId + 1)), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(chart.RenderBetween("a", "nobody"), std::invalid_argument);
    EXPECT_THROW(chart.RenderBetween("a", "sw"), std::invalid_argument);
    // Between a and b: the same call, a on the left.
    const std::string between = chart.RenderBetween("b", "a");
    EXPECT_LT(between.find("b client"), between.find("a client"));
}

TEST_F(CoSequenceChartTest, TellsEveryMessageOfABusyRunToItsCall)
{
    // Hundreds of calls on a grid, many at once: only SETUP carries the call
    // id, so every other message is told to its call by its call reference.
    CoScenario s = SmallGrid(2, 3, Seconds(5));
    CoScenarioRunner runner;
    runner.SetRecordEvents(true);
    CoScenarioResults results = runner.Run(s);
    ASSERT_TRUE(results.events);
    ASSERT_GT(results.summary.connected, 20u);
    const std::vector<CoCallEvent>& events = results.events->GetEvents();
    std::map<uint64_t, std::size_t> setups;
    std::size_t sent = 0;
    for (std::size_t i = 0; i < events.size(); ++i)
    {
        const CoCallEvent& e = events[i];
        if (e.kind != CoCallEvent::Kind::MessageTx)
        {
            continue;
        }
        ++sent;
        // Only messages of the global call reference (RESTART) name no call.
        if (e.text.find("cref=0x000000") == std::string::npos)
        {
            EXPECT_NE(e.callId, 0u) << e.text;
        }
        // Taken up at the other end, as a step of the same call.
        ASSERT_GE(e.pair, 0) << e.text;
        EXPECT_EQ(events[e.pair].kind, CoCallEvent::Kind::MessageRx);
        EXPECT_EQ(events[e.pair].callId, e.callId) << e.text;
        EXPECT_EQ(events[e.pair].pair, int64_t(i));
        if (e.text.rfind("SETUP ", 0) == 0)
        {
            ++setups[e.callId];
        }
    }
    ASSERT_GT(sent, 1000u);
    // A connected call's SETUP crossed each of its links once.
    for (const CoCallRecord& c : results.calls)
    {
        if (c.outcome.IsSuccess())
        {
            EXPECT_EQ(setups[c.callId], c.GetHops()) << "call " << c.callId;
        }
    }
    // Its chart: its own switches, no other call's messages.
    const CoCallRecord& first = results.calls.front();
    const std::string svg = results.GetSequenceChart(first.callId);
    EXPECT_EQ(Matches(svg, "data-kind=\"switch\""), first.path.size());
    EXPECT_THROW(results.GetSequenceChart(1), std::invalid_argument);
}

TEST_F(CoSequenceChartTest, EscapesXmlsSpecialCharacters)
{
    EXPECT_EQ(CoXmlEscape("a<b & \"c\" > 'd'"), "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;");
    EXPECT_EQ(CoXmlEscape(std::string("x\x01y\tz", 5)), "xy\tz");
}

TEST_F(CoSequenceChartTest, RendersInAHeadlessBrowser)
{
    std::string browser;
    for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/firefox-esr"})
    {
        if (std::filesystem::exists(candidate))
        {
            browser = candidate;
            break;
        }
    }
    if (browser.empty())
    {
        GTEST_SKIP() << "neither chromium nor firefox-esr is installed (scripts/install-deps "
                        "--browser): the chart is not drawn by a browser";
    }
    ChartedCall call(TestClient::Answer::Reject);
    CoSequenceChart chart(call.events);
    const std::filesystem::path svg = dir / "chart.svg";
    const std::filesystem::path png = dir / "chart.png";
    std::ofstream(svg) << chart.RenderCall(call.callId);
    std::string command =
        browser.find("chromium") != std::string::npos
            ? browser + " --headless --no-sandbox --disable-gpu --screenshot=" + png.string() +
                  " --window-size=1200,900 file://" + svg.string()
            : browser + " --headless --screenshot " + png.string() + " file://" + svg.string();
    ShellOutput(command + " >/dev/null 2>&1");
    ASSERT_TRUE(std::filesystem::exists(png)) << command;
    // A drawn chart is more than a blank page's few hundred bytes.
    EXPECT_GT(std::filesystem::file_size(png), 2000u) << command;
    if (browser.find("chromium") == std::string::npos)
    {
        return;
    }
    // The browser's own parse of the SVG: no parser error (which it would
    // show above what it managed to draw), and every message arrow there.
    const std::string dom =
        ShellOutput(browser + " --headless --no-sandbox --disable-gpu --dump-dom file://" +
                    svg.string() + " 2>/dev/null");
    EXPECT_EQ(dom.find("parsererror"), std::string::npos) << dom;
    const std::string drawn = chart.RenderCall(call.callId);
    EXPECT_EQ(Matches(dom, "class=\"message"), Matches(drawn, "class=\"message"));
    EXPECT_GT(Matches(drawn, "class=\"message"), 0u);
}

} // namespace
