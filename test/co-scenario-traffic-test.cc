/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Traffic in scenarios: the traffic object of a call model and the further
 * call groups (read strictly, refused before anything runs with a message
 * naming the field and the value), and what the runner measures of the data
 * they send, per VC direction and per switch port.
 */

#include "co-scenario-util.h"
#include "co-scratch-dir.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"

#include <gtest/gtest.h>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

using namespace ns3;
using condistest::ErrorOf;

namespace
{

/// A scratch directory of the test's own, removed at the end.
class ScenarioTrafficTest : public condistest::ScratchDirTest
{
  protected:
    ScenarioTrafficTest()
        : ScratchDirTest("condis-scenario-traffic-")
    {
    }
};

/**
 * \return two switches with two hosts each on 10 Mb/s: every call crosses
 *         one or three links, and calls last exactly 1 s
 */
CoScenario
TwoSwitches()
{
    CoScenario s;
    s.topology.generator = "line";
    s.topology.n = 2;
    s.hosts.perSwitch = 2;
    s.links.rate = DataRate("10Mbps");
    s.links.delay = MilliSeconds(1);
    s.calls.rate = 1;
    s.calls.holdingDistribution = "constant";
    s.calls.holdingMean = Seconds(1);
    s.calls.pcr = 2000;
    s.duration = Seconds(3);
    return s;
}

/// \return a scenario whose calls carry CBR: 500-byte frames at 400 kb/s (100 frames/s)
CoScenario
CbrCalls()
{
    CoScenario s = TwoSwitches();
    s.calls.traffic.type = "cbr";
    s.calls.traffic.rate = DataRate("400kbps");
    s.calls.traffic.frameSize = 500;
    return s;
}

/// \return the message CoScenarioRunner::Check() throws for \p s, or ""
std::string
CheckError(const CoScenario& s)
{
    try
    {
        CoScenarioRunner::Check(s);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/// \return a scenario with one call model in JSON, around \p calls
std::string
WithCalls(const std::string& calls)
{
    return R"({"topology": {"generator": "line", "n": 2}, "calls": )" + calls + "}";
}

TEST(ScenarioTrafficRead, RoundTripKeepsTrafficAndCallGroups)
{
    CoScenario s = CbrCalls();
    CoScenarioCalls poisson;
    poisson.category = "UBR";
    poisson.traffic.type = "poisson";
    poisson.traffic.frameRate = 250.5;
    poisson.traffic.sizes = "exponential";
    poisson.traffic.maxSize = 4000;
    CoScenarioCalls onoff;
    onoff.category = "nrt-VBR";
    onoff.scr = 500;
    onoff.mbs = 20;
    onoff.traffic.type = "onoff";
    onoff.traffic.peakRate = DataRate("2Mbps");
    onoff.traffic.onDistribution = "pareto";
    onoff.traffic.onShape = 1.2;
    onoff.traffic.offMean = MilliSeconds(300);
    s.callGroups = {poisson, onoff};
    CoScenario back = CoScenario::FromJson(s.ToJson());
    EXPECT_EQ(back, s);
    ASSERT_EQ(back.callGroups.size(), 2u);
    EXPECT_EQ(back.callGroups[0].traffic.frameRate, 250.5);
    EXPECT_EQ(back.callGroups[1].traffic.onDistribution, "pareto");
    EXPECT_EQ(back.callGroups[1].traffic.onShape, 1.2);
    EXPECT_EQ(back.calls.traffic.rate, DataRate("400kbps"));
}

TEST(ScenarioTrafficRead, BadTrafficIsRefusedNamingFieldAndValue)
{
    // each: the calls object, then what the message must hold
    const std::pair<const char*, const char*> cases[] = {
        {R"({"traffic": {"type": "vbr"}})", "calls.traffic.type: \"vbr\": unknown traffic type"},
        {R"({"traffic": {"rate": "1Mbps"}})", "calls.traffic.type: (missing)"},
        {R"({"traffic": "cbr"})", "calls.traffic: \"cbr\": expected a JSON object"},
        {R"({"traffic": {"type": "cbr", "frameSize": 0}})",
         "calls.traffic.frameSize: 0: must be 1..9188"},
        {R"({"maxSdu": 1500, "traffic": {"type": "cbr", "frameSize": 2000}})",
         "calls.traffic.frameSize: 2000: must be 1..1500 (the call's maxSdu)"},
        {R"({"traffic": {"type": "cbr", "rate": "fast"}})",
         "calls.traffic.rate: \"fast\": expected a data rate"},
        {R"({"traffic": {"type": "cbr", "rate": "10Gbps", "frameSize": 100}})",
         "calls.traffic.rate: 10Gbps: with 100-byte frames that is more than 1e6 frames"},
        {R"({"traffic": {"type": "cbr", "frameRate": 10}})",
         "calls.traffic.frameRate: 10: not a parameter of cbr traffic (it takes rate, frameSize)"},
        {R"({"traffic": {"type": "poisson", "frameRate": -5}})",
         "calls.traffic.frameRate: -5.0: must be above 0"},
        {R"({"traffic": {"type": "poisson", "sizes": "uniform"}})",
         "calls.traffic.sizes: \"uniform\": unknown size distribution"},
        {R"({"traffic": {"type": "onoff", "on": {"distribution": "pareto", "shape": 1}}})",
         "calls.traffic.on.shape: 1.0: must be above 1"},
        {R"({"traffic": {"type": "onoff", "off": {"distribution": "normal"}}})",
         "calls.traffic.off.distribution: \"normal\": unknown distribution"},
        {R"({"traffic": {"type": "onoff", "off": {"mean": "0s"}}})",
         "calls.traffic.off.mean: 0s: must be above 0"},
        {R"({"traffic": {"type": "onoff", "on": {"shape": 2}}})",
         "calls.traffic.on.shape: 2: only a pareto period has a shape"},
        {R"({"traffic": {"type": "trace"}})", "calls.traffic.file: (missing)"},
        {R"({"traffic": {"type": "trace", "file": ""}})", "calls.traffic.file: \"\""},
        {R"({"packetInterval": "10ms", "traffic": {"type": "cbr"}})",
         "calls.packetInterval: \"10ms\": give either a traffic object or packetSize and "
         "packetInterval"},
    };
    for (const auto& [calls, expected] : cases)
    {
        std::string error = ErrorOf(WithCalls(calls));
        EXPECT_NE(error.find(expected), std::string::npos)
            << calls << "\n  gave: " << error << "\n  expected: " << expected;
    }
}

TEST(ScenarioTrafficRead, TrafficAndPacketIntervalTogetherAreRefusedFromCppToo)
{
    CoScenario s = CbrCalls();
    s.calls.packetInterval = MilliSeconds(10);
    try
    {
        s.Validate();
        ADD_FAILURE() << "accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("calls.packetInterval: 10ms: give either a traffic "
                                             "object or packetSize and packetInterval"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ScenarioTrafficRead, BadCallGroupsAreRefusedWithTheirIndex)
{
    std::string base = R"({"topology": {"generator": "line", "n": 2}, )";
    EXPECT_NE(ErrorOf(base + R"("callGroups": {"rate": 1}})")
                  .find("callGroups: {\"rate\":1}: expected a list"),
              std::string::npos);
    EXPECT_NE(ErrorOf(base + R"("callGroups": [{}, {"rate": 0}]})")
                  .find("callGroups[1].rate: 0.0: must be above 0"),
              std::string::npos);
    EXPECT_NE(
        ErrorOf(base + R"("callGroups": [{"traffic": {"type": "onoff", "peakRate": "0bps"}}]})")
            .find("callGroups[0].traffic.peakRate"),
        std::string::npos);
    EXPECT_NE(ErrorOf(base + R"("callGroups": [{"category": "ABR"}]})")
                  .find("callGroups[0].category: \"ABR\": unknown service category"),
              std::string::npos);
    // calls may place nothing when groups do
    EXPECT_EQ(ErrorOf(base + R"("calls": {"rate": 0}, "callGroups": [{"rate": 2}]})"), "");
}

TEST_F(ScenarioTrafficTest, TraceThatDoesNotReadIsRefusedBeforeTheRun)
{
    CoScenario s = TwoSwitches();
    s.calls.traffic.type = "trace";
    s.calls.traffic.file = (dir / "absent.txt").string();
    std::string error = CheckError(s);
    EXPECT_NE(error.find("calls.traffic.file: \"" + s.calls.traffic.file + "\": cannot open"),
              std::string::npos)
        << error;
    s.calls.traffic.file = Write("bad.txt", "0 100\n0.5 big\n");
    error = CheckError(s);
    EXPECT_NE(error.find("bad.txt:2: expected \"time size\""), std::string::npos) << error;
    // Run() checks first too: std::invalid_argument, not a fatal error at start
    EXPECT_THROW(CoScenarioRunner().Run(s), std::invalid_argument);
    // A file without newlines is refused at its first 4096 characters.
    s.calls.traffic.file = Write("binary.txt", std::string(1 << 20, 'x'));
    error = CheckError(s);
    EXPECT_NE(error.find("binary.txt:1: a line longer than 4096 characters"), std::string::npos)
        << error;
    // Each call replays the whole trace: 1000 frames x 1.2e6 calls is too many.
    std::string lines;
    for (int i = 0; i < 1000; ++i)
    {
        lines += std::to_string(i * 0.001) + " 100\n";
    }
    s.calls.traffic.file = Write("long.txt", lines);
    s.calls.rate = 1e5;
    error = CheckError(s);
    EXPECT_NE(error.find("long.txt\": about 1.2e+09 frames if every call replayed it whole: at "
                         "most 1e8"),
              std::string::npos)
        << error;
}

TEST_F(ScenarioTrafficTest, TraceRelativeToTheScenarioFileIsFound)
{
    Write("frames.txt", "0 100\n0.001 200\n0.002 300\n");
    CoScenario s = TwoSwitches();
    s.calls.traffic.type = "trace";
    s.calls.traffic.file = "frames.txt";
    std::string path = Write("scenario.json", s.ToJson());
    CoScenario loaded = CoScenario::Load(path);
    EXPECT_EQ(loaded.calls.traffic.file, (dir / "frames.txt").string());
    CoScenarioResults r = CoScenarioRunner().Run(loaded);
    ASSERT_FALSE(r.vcs.empty());
    for (const CoVcRecord& v : r.vcs)
    {
        // every call replays the three frames, 600 bytes
        EXPECT_EQ(v.sentFrames, 3u);
        EXPECT_EQ(v.receivedBytes, 600u);
    }
    EXPECT_EQ(r.heldAtEnd, 0u);
}

TEST(ScenarioTrafficRun, CbrThroughputIsItsRate)
{
    CoScenarioResults r = CoScenarioRunner().Run(CbrCalls());
    ASSERT_FALSE(r.vcs.empty());
    EXPECT_EQ(r.vcs.size(), r.summary.connected); // the callee sends nothing back
    for (const CoVcRecord& v : r.vcs)
    {
        EXPECT_EQ(v.category, "CBR");
        EXPECT_TRUE(v.forward);
        // A call of 1 s at 100 frames/s offers 100 frames, the first at once.
        EXPECT_EQ(v.sentFrames, 100u);
        EXPECT_EQ(v.sentBytes, 50000u);
        EXPECT_EQ(v.GetLostFrames(), 0u);
        EXPECT_EQ(v.refusedFrames, 0u);
        // No loss and an interval of exactly 10 ms: the span is 100 gaps,
        // so the rate comes out exact but for the double's rounding.
        EXPECT_NEAR(v.throughput, 400e3, 400e3 * 1e-9);
        // At least propagation and one 500-byte frame's cells per link:
        // 11 cells of 53 bytes, over 155.52 Mb/s twice and 10 Mb/s at most
        // once, and 0.1 ms per access link.
        Time least = MicroSeconds(200) + CoBitsTxTime(DataRate("155520kbps"), 8 * 2 * 583);
        EXPECT_GE(v.meanDelay, least);
        EXPECT_LE(v.p50Delay, v.p95Delay);
        EXPECT_LE(v.p95Delay, v.p99Delay);
        EXPECT_LE(v.p99Delay, v.maxDelay);
        EXPECT_GE(v.meanDelayVariation, Time(0));
        // Nothing but CBR on 10 Mb/s links carrying a few 0.47 Mb/s calls:
        // no frame waits more than a few frame times.
        EXPECT_LT(v.maxDelay, v.meanDelay + MilliSeconds(2));
    }
    EXPECT_EQ(r.heldAtEnd, 0u);
    EXPECT_EQ(r.GetViolationCount(), 0u);
}

TEST(ScenarioTrafficRun, MixedGroupsAreMeasuredByGroupAndNothingIsHeld)
{
    CoScenario s = CbrCalls();
    CoScenarioCalls poisson;
    poisson.rate = 1;
    poisson.holdingDistribution = "constant";
    poisson.holdingMean = Seconds(1);
    poisson.category = "UBR";
    poisson.pcr = 0;
    poisson.traffic.type = "poisson";
    poisson.traffic.frameRate = 200;
    poisson.traffic.frameSize = 1000;
    CoScenarioCalls onoff;
    onoff.rate = 1;
    onoff.holdingMean = Seconds(1);
    onoff.category = "nrt-VBR";
    onoff.pcr = 4000;
    onoff.scr = 1000;
    onoff.mbs = 50;
    onoff.traffic.type = "onoff";
    onoff.traffic.peakRate = DataRate("1Mbps");
    onoff.traffic.frameSize = 1000;
    onoff.traffic.onDistribution = "pareto";
    s.callGroups = {poisson, onoff};
    CoScenarioResults r = CoScenarioRunner().Run(s);

    const char* categories[] = {"CBR", "UBR", "nrt-VBR"};
    std::map<uint32_t, uint64_t> frames;
    for (const CoVcRecord& v : r.vcs)
    {
        ASSERT_LT(v.group, 3u);
        EXPECT_EQ(v.category, categories[v.group]);
        EXPECT_EQ(v.sentFrames, v.receivedFrames + v.GetLostFrames());
        // Every frame lost with a reason was lost once.
        uint64_t dropped = std::accumulate(v.drops.begin(), v.drops.end(), uint64_t(0));
        EXPECT_LE(dropped - v.refusedFrames, v.GetLostFrames());
        EXPECT_NE(v.sender, v.receiver);
        frames[v.group] += v.sentFrames;
    }
    // every group carried something
    EXPECT_EQ(frames.size(), 3u);
    EXPECT_EQ(r.heldAtEnd, 0u);
    EXPECT_EQ(r.GetViolationCount(), 0u);
    // A Poisson group of 200 frames/s held exactly 1 s: a Poisson number of
    // frames a call, of mean 200.
    uint64_t poissonCalls = 0;
    for (const CoVcRecord& v : r.vcs)
    {
        poissonCalls += v.group == 1;
    }
    ASSERT_GT(poissonCalls, 0u);
    double perCall = double(frames[1]) / poissonCalls;
    // One call's count has a standard deviation of sqrt(200) = 14.1; the
    // mean of n calls, 14.1 / sqrt(n): 4 of one call's is more than 4 of the mean's.
    EXPECT_NEAR(perCall, 200, 4 * 14.2);
}

TEST(ScenarioTrafficRun, SwitchPortDropsAreCountedAgainstTheirVcs)
{
    // UBR bursts at 40 Mb/s peak into 10 Mb/s links: the switch ports
    // toward the other switch overflow and drop UBR frames.
    CoScenario s = TwoSwitches();
    s.hosts.perSwitch = 3;
    s.calls.rate = 3;
    s.calls.category = "UBR";
    s.calls.pcr = 0;
    s.calls.traffic.type = "onoff";
    s.calls.traffic.peakRate = DataRate("40Mbps");
    s.calls.traffic.frameSize = 9000;
    CoScenarioResults r = CoScenarioRunner().Run(s);

    std::array<uint64_t, CoVcScheduler::DROP_REASONS> atPorts{};
    uint64_t portFrames = 0;
    for (const CoPortStats& p : r.ports)
    {
        for (std::size_t k = 0; k < atPorts.size(); ++k)
        {
            atPorts[k] += p.queue.drops[k];
        }
        portFrames += p.queue.enqueuedFrames;
        EXPECT_LE(p.queue.meanFrames, p.queue.maxFrames);
        if (p.queue.sentFrames > 0)
        {
            EXPECT_LE(p.queue.meanQueueDelay, p.queue.maxQueueDelay);
        }
    }
    std::array<uint64_t, CoVcScheduler::DROP_REASONS> atVcs{};
    uint64_t refused = 0;
    for (const CoVcRecord& v : r.vcs)
    {
        for (std::size_t k = 0; k < atVcs.size(); ++k)
        {
            atVcs[k] += v.drops[k];
        }
        refused += v.refusedFrames;
    }
    uint64_t portDrops = std::accumulate(atPorts.begin(), atPorts.end(), uint64_t(0));
    ASSERT_GT(portDrops, 0u) << "the scenario should congest a switch port";
    EXPECT_GT(portFrames, 0u);
    // The switch ports' drops are the VCs' drops outside their own NICs:
    // every reason a VC saw beyond what its NIC refused is a port's.
    for (std::size_t k = 0; k < atPorts.size(); ++k)
    {
        EXPECT_LE(atPorts[k], atVcs[k])
            << CoVcScheduler::GetDropReasonName(static_cast<CoVcScheduler::DropReason>(k));
    }
    uint64_t vcDrops = std::accumulate(atVcs.begin(), atVcs.end(), uint64_t(0));
    EXPECT_GE(vcDrops, portDrops);
    EXPECT_EQ(r.heldAtEnd, 0u);
    EXPECT_EQ(r.GetViolationCount(), 0u);
}

TEST(ScenarioTrafficRun, ExampleScenarioRuns)
{
    CoScenario s = CoScenario::Load(CONDIS_SOURCE_DIR "/examples/scenarios/mixed-traffic.json");
    ASSERT_TRUE(s.HasTraffic());
    CoScenarioResults r = CoScenarioRunner().Run(s);
    std::map<std::string, uint64_t> received;
    for (const CoVcRecord& v : r.vcs)
    {
        received[v.category] += v.receivedFrames;
    }
    // each of its groups (CBR, rt-VBR on/off, UBR Poisson) delivered data
    EXPECT_EQ(received.size(), 3u);
    for (const auto& [category, count] : received)
    {
        EXPECT_GT(count, 0u) << category;
    }
    EXPECT_EQ(r.heldAtEnd, 0u);
    EXPECT_EQ(r.GetViolationCount(), 0u);
}

} // namespace
