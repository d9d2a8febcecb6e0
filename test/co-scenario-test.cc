/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The scenario description (JSON round trip, strict validation naming the
 * field and the value) and the scenario runner (consistent results,
 * determinism, several runs per process), and condis-run on top of them.
 */

#include "co-scenario-util.h"
#include "co-scratch-dir.h"

#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace ns3;
using condistest::CallsCsv;
using condistest::ErrorOf;

namespace
{

/// A scratch directory of the test's own, removed at the end.
class ScenarioTest : public condistest::ScratchDirTest
{
  protected:
    ScenarioTest()
        : ScratchDirTest("condis-scenario-")
    {
    }
};

/// A scenario that uses every section, with values away from the defaults.
CoScenario
Everything()
{
    CoScenario s;
    s.topology.generator = "waxman";
    s.topology.n = 7;
    s.topology.alpha = 0.25;
    s.topology.beta = 0.9;
    s.hosts.perSwitch = 3;
    s.hosts.rate = DataRate("155.52Mbps");
    s.hosts.delay = MicroSeconds(7);
    s.links.rate = DataRate("622.08Mbps");
    s.links.delay = MicroSeconds(1500);
    s.links.weight = 2;
    s.switches.processingDelay = NanoSeconds(12345);
    s.switches.admissibleFraction = 0.8;
    s.switches.crankback = true;
    s.switches.t303 = MilliSeconds(500);
    s.switches.t308 = Seconds(2);
    s.switches.t309 = MilliSeconds(7500);
    s.switches.t310 = Seconds(3);
    s.calls.rate = 0.1 + 0.2; // not exactly representable
    s.calls.holdingDistribution = "constant";
    s.calls.holdingMean = MilliSeconds(250);
    s.calls.category = "rt-VBR";
    s.calls.pcr = 2000;
    s.calls.scr = 500;
    s.calls.mbs = 10;
    s.calls.minPcr = 1500;
    s.calls.maxSdu = 1500;
    s.calls.packetSize = 100;
    s.calls.packetInterval = MilliSeconds(10);
    CoScenarioFailure link;
    link.at = Seconds(2);
    link.target = CoScenarioFailure::Target::Link;
    link.vertex = 1;
    link.peer = 2;
    CoScenarioFailure sw;
    sw.at = Seconds(3);
    sw.action = CoScenarioFailure::Action::Restore;
    sw.vertex = 4;
    CoScenarioFailure signalling;
    signalling.at = Seconds(4);
    signalling.target = CoScenarioFailure::Target::Signalling;
    signalling.vertex = 5;
    signalling.peer = 3;
    s.failures = {link, sw, signalling};
    s.statistics.sampleInterval = MilliSeconds(20);
    s.duration = Seconds(30);
    s.seed = 9;
    s.run = 4;
    return s;
}

/// A 2 x 3 grid whose calls block now and then, sampled every 50 ms for 5 s.
CoScenario
SmallGrid()
{
    CoScenario s = condistest::SmallGrid(2, 3, Seconds(5));
    s.statistics.sampleInterval = MilliSeconds(50);
    return s;
}

} // namespace

TEST_F(ScenarioTest, JsonRoundTripKeepsEveryField)
{
    CoScenario s = Everything();
    EXPECT_EQ(CoScenario::FromJson(s.ToJson()), s);
    std::string path = (dir / "everything.json").string();
    s.Save(path);
    CoScenario loaded = CoScenario::Load(path);
    EXPECT_EQ(loaded, s);
    EXPECT_EQ(loaded.calls.rate, s.calls.rate);
    EXPECT_EQ(loaded.switches.processingDelay, NanoSeconds(12345));
    EXPECT_EQ(loaded.hosts.rate, DataRate("155.52Mbps"));
    EXPECT_EQ(loaded.switches.t309, MilliSeconds(7500));
    ASSERT_EQ(loaded.failures.size(), 3u);
    EXPECT_EQ(loaded.failures[0].target, CoScenarioFailure::Target::Link);
    EXPECT_EQ(loaded.failures[0].peer, 2u);
    EXPECT_EQ(loaded.failures[1].action, CoScenarioFailure::Action::Restore);
    EXPECT_EQ(loaded.failures[2].target, CoScenarioFailure::Target::Signalling);
    EXPECT_EQ(loaded.failures[2].vertex, 5u);
    EXPECT_EQ(loaded.failures[2].peer, 3u);
    EXPECT_NE(s.ToJson().find(R"("signalling": [)"), std::string::npos) << s.ToJson();
    // ... and the default scenario too, from an empty object
    EXPECT_EQ(CoScenario::FromJson("{}"), CoScenario());
    EXPECT_EQ(CoScenario::FromJson(CoScenario().ToJson()), CoScenario());
}

TEST_F(ScenarioTest, ARelativeTopologyFileIsFoundNextToTheScenario)
{
    std::string path = Write("s.json", R"({"topology": {"file": "net.graphml"}})");
    EXPECT_EQ(CoScenario::Load(path).topology.file, (dir / "net.graphml").string());
}

TEST(ScenarioValidationTest, ErrorsNameTheFieldAndTheValue)
{
    struct Case
    {
        const char* json;
        std::vector<const char*> expected; //!< pieces the message must hold
    };

    std::vector<Case> cases = {
        {R"({"topolgy": {}})", {"topolgy", "unknown key"}},
        {R"({"calls": {"holding": {"mean": "1s", "shape": 2}}})", {"calls.holding.shape", "2"}},
        {R"({"hosts": {"perSwitch": "two"}})", {"hosts.perSwitch", "\"two\"", "integer"}},
        {R"({"hosts": {"perSwitch": -1}})", {"hosts.perSwitch", "-1"}},
        {R"({"hosts": {"perSwitch": 0}})", {"hosts.perSwitch", "0", "at least 1"}},
        {R"({"switches": {"crankback": 1}})", {"switches.crankback", "1", "true or false"}},
        {R"({"calls": {"holding": {"mean": "10 parsecs"}}})",
         {"calls.holding.mean", "\"10 parsecs\"", "time"}},
        {R"({"calls": {"holding": {"mean": 10}}})", {"calls.holding.mean", "10", "string"}},
        {R"({"calls": {"holding": {"mean": "0s"}}})", {"calls.holding.mean", "0s", "above 0"}},
        {R"({"links": {"rate": "155Mbs"}})", {"links.rate", "\"155Mbs\"", "data rate"}},
        {R"({"links": {"delay": "-1ms"}})", {"links.delay", "\"-1ms\""}},
        {R"({"topology": {"generator": "hypercube"}})",
         {"topology.generator", "\"hypercube\"", "unknown generator"}},
        {R"({"topology": {"generator": "line", "rows": 3}})",
         {"topology.rows", "3", "not a parameter of the line generator"}},
        {R"({"topology": {"generator": "ring", "n": 2}})", {"topology.n", "2", "at least 3"}},
        {R"({"topology": {"generator": "waxman", "beta": 1.5}})", {"topology.beta", "1.5"}},
        {R"({"topology": {"generator": "grid", "file": "x.dot"}})", {"topology", "not both"}},
        {R"({"calls": {"rate": -2}})", {"calls.rate", "-2", "above 0"}},
        {R"({"calls": {"rate": 0}})", {"calls.rate", "0", "above 0"}},
        {R"({"calls": {"category": "ABR"}})", {"calls.category", "\"ABR\""}},
        {R"({"calls": {"category": "rt-VBR", "scr": 0, "mbs": 1}})", {"calls.scr", "0"}},
        {R"({"calls": {"pcr": 1000, "minPcr": 1001}})", {"calls.minPcr", "1001", "exceeds"}},
        {R"({"calls": {"holding": {"distribution": "pareto"}}})",
         {"calls.holding.distribution", "\"pareto\""}},
        {R"({"calls": {"who": "nearest"}})", {"calls.who", "\"nearest\""}},
        {R"({"switches": {"admissibleFraction": 1.2}})", {"switches.admissibleFraction", "1.2"}},
        {R"({"switches": {"t303": "0s"}})", {"switches.t303", "0s", "at least 1ms"}},
        {R"({"switches": {"t309": "0s"}})", {"switches.t309", "0s", "at least 1ms"}},
        {R"({"switches": {"t309": 10}})", {"switches.t309", "10", "string"}},
        {R"({"duration": "0s"})", {"duration", "0s", "above 0"}},
        {R"({"seed": 0})", {"seed", "0", "at least 1"}},
        {R"({"failures": {"at": "1s"}})", {"failures", "list"}},
        {R"({"failures": [{"at": "1s", "action": "explode", "switch": 1}]})",
         {"failures[0].action", "\"explode\""}},
        {R"({"failures": [{"action": "fail", "switch": 1}]})", {"failures[0].at", "missing"}},
        {R"({"failures": [{"at": "1s", "action": "fail"}]})", {"failures[0]", "exactly one"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "switch": 1, "link": [0, 1]}]})",
         {"failures[0]", "exactly one"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "link": [0]}]})",
         {"failures[0].link", "[0]"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "link": [0, 1], "signalling": [0, 1]}]})",
         {"failures[0]", "exactly one", "\"signalling\": [u, v]"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "switch": 1, "signalling": [0, 1]}]})",
         {"failures[0]", "exactly one"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "signalling": [0]}]})",
         {"failures[0].signalling", "[0]", "two switch numbers"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "signalling": 3}]})",
         {"failures[0].signalling", "3", "two switch numbers"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "signalling": [0, -1]}]})",
         {"failures[0].signalling", "[0,-1]"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "signalling": [2, 2]}]})",
         {"failures[0].signalling", "[2, 2]", "two different switches"}},
        {R"({"failures": [{"at": "1s", "action": "restore", "signalling": [0, 1], "cause": 27}]})",
         {"failures[0].cause", "unknown key"}},
        {R"({"failures": [{}, {"at": "1s", "action": "fail", "link": [3, 3]}]})",
         {"failures[0].at"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "link": [3, 3]}]})",
         {"failures[0].link", "[3, 3]"}},
        {R"({"failures": [{"at": "soon", "action": "fail", "switch": 0}]})",
         {"failures[0].at", "\"soon\""}},
        {R"([1, 2])", {"scenario", "object"}},
        {R"({"seed": )", {"not valid JSON"}},
    };
    for (const Case& c : cases)
    {
        std::string error = ErrorOf(c.json);
        EXPECT_FALSE(error.empty()) << c.json << " was accepted";
        for (const char* piece : c.expected)
        {
            EXPECT_NE(error.find(piece), std::string::npos)
                << c.json << ": \"" << error << "\" does not say " << piece;
        }
    }
}

TEST(ScenarioValidationTest, RunnerChecksWhatNeedsTheTopology)
{
    auto errorOf = [](const CoScenario& s) {
        try
        {
            CoScenarioRunner::Check(s);
        }
        catch (const std::invalid_argument& e)
        {
            return std::string(e.what());
        }
        return std::string();
    };
    CoScenario s;
    s.topology.generator = "line";
    s.topology.n = 3;
    CoScenarioFailure f;
    f.target = CoScenarioFailure::Target::Link;
    f.vertex = 0;
    f.peer = 2;
    s.failures = {f};
    EXPECT_NE(errorOf(s).find("failures[0].link: [0, 2]: the two switches are not linked"),
              std::string::npos)
        << errorOf(s);
    s.failures[0].target = CoScenarioFailure::Target::Signalling;
    EXPECT_NE(errorOf(s).find("failures[0].signalling: [0, 2]: the two switches are not linked"),
              std::string::npos)
        << errorOf(s);
    s.failures[0].peer = 3;
    EXPECT_NE(errorOf(s).find("failures[0].signalling: [0, 3]: no such switch (switches are "
                              "numbered 0 to 2)"),
              std::string::npos)
        << errorOf(s);
    s.failures[0].target = CoScenarioFailure::Target::Switch;
    s.failures[0].vertex = 3;
    EXPECT_NE(errorOf(s).find("failures[0].switch: 3: no such switch"), std::string::npos)
        << errorOf(s);
    s.failures.clear();
    s.topology.n = 1;
    EXPECT_NE(errorOf(s).find("hosts.perSwitch: 1"), std::string::npos) << errorOf(s);
    s.topology.file = "/nonexistent/net.graphml";
    EXPECT_NE(errorOf(s).find("topology.file: \"/nonexistent/net.graphml\""), std::string::npos)
        << errorOf(s);
    // a scenario built in C++ is checked as strictly as one read from JSON
    s = CoScenario();
    s.calls.rate = -1;
    EXPECT_NE(errorOf(s).find("calls.rate: -1"), std::string::npos) << errorOf(s);
    EXPECT_THROW(CoScenarioRunner().Run(s), std::invalid_argument);
}

TEST(ScenarioRunnerTest, SmallGridResultsAreConsistent)
{
    CoScenario s = SmallGrid();
    CoScenarioResults r = CoScenarioRunner().Run(s);

    EXPECT_EQ(r.switches, 6u);
    EXPECT_EQ(r.links, 7u);
    EXPECT_EQ(r.hosts, 12u);
    // 12 hosts x 2 calls/s x 5 s: about 120 calls
    EXPECT_GT(r.calls.size(), 60u);
    EXPECT_LT(r.calls.size(), 200u);
    EXPECT_EQ(r.summary.calls, r.calls.size());
    uint64_t connected = 0;
    uint64_t crankbacks = 0;
    for (const CoCallRecord& c : r.calls)
    {
        EXPECT_GE(c.GetHops(), 1u);
        EXPECT_LT(c.start, s.duration);
        EXPECT_NE(c.caller, c.callee);
        if (c.outcome.IsSuccess())
        {
            ++connected;
            EXPECT_GE(c.path.size(), 1u);
            EXPECT_GT(c.setupLatency, Time(0));
            EXPECT_FALSE(c.holdingTime.IsNegative());
        }
        crankbacks += c.crankbacks;
    }
    EXPECT_EQ(r.summary.connected, connected);
    EXPECT_EQ(r.summary.crankbacks, crankbacks);
    EXPECT_DOUBLE_EQ(r.summary.blockingProbability,
                     double(r.calls.size() - connected) / r.calls.size());
    EXPECT_GT(connected, 0u);
    EXPECT_LT(connected, r.calls.size()) << "the 10 Mb/s links should refuse some calls";
    EXPECT_LE(r.summary.p50SetupLatency, r.summary.p95SetupLatency);
    EXPECT_LE(r.summary.p95SetupLatency, r.summary.maxSetupLatency);
    EXPECT_GT(r.carriedLoad, 0);
    EXPECT_LT(r.carriedLoad, r.offeredLoad);
    EXPECT_DOUBLE_EQ(r.offeredLoad, 12 * 2 * 1.0);

    EXPECT_EQ(r.GetViolationCount(), 0u);
    EXPECT_EQ(r.rules.size(), CO_RULE_COUNT);

    // every switch port: 6 switches with 2 hosts each, 7 links with 2 ends
    ASSERT_EQ(r.ports.size(), 6u * 2 + 7 * 2);
    uint64_t admitted = 0;
    uint64_t refused = 0;
    for (const CoPortStats& p : r.ports)
    {
        ASSERT_FALSE(p.reservedCellRate.empty());
        EXPECT_EQ(p.reservedCellRate.back(), 0u) << "switch " << p.vertex << " port " << p.port;
        EXPECT_GE(p.reservedCellRate.size(), s.duration / s.statistics.sampleInterval);
        for (uint64_t sample : p.reservedCellRate)
        {
            EXPECT_LE(sample, p.peakReservedCellRate);
            EXPECT_LE(sample, p.admissibleCellRate);
        }
        admitted += p.admitted;
        refused += p.refused;
    }
    EXPECT_GT(admitted, 0u);
    EXPECT_GT(refused, 0u);
    EXPECT_GE(r.endTime, s.duration);

    std::ostringstream summary;
    r.WriteSummaryJson(summary);
    EXPECT_NE(summary.str().find("\"blocking_probability\""), std::string::npos);
    // The file holds every field the Python summary has, in its order, and
    // the violations by rule.
    std::size_t at = 0;
    for (const CoScenarioResults::SummaryField& f : r.GetSummaryFields())
    {
        std::size_t next = summary.str().find("\"" + f.name + "\"", at);
        EXPECT_NE(next, std::string::npos) << f.name;
        at = next == std::string::npos ? at : next;
    }
    EXPECT_NE(summary.str().find("\"rules\""), std::string::npos);
    std::ostringstream ports;
    r.WritePortsCsv(ports);
    std::string table = ports.str();
    EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 1 + 26);
}

// The callers' minimum (calls.minPcr, the generator's MinimumPeakCellRate)
// reaches every switch: a UBR call asks for the line rate (pcr 0), which the
// switches lower to their links' rate, and is refused with "user cell rate not available" when the
// minimum is above it (Q.2962), connected when it is not.
TEST(ScenarioRunnerTest, CallersMinimumPeakRateBoundsWhatTheNetworkLowers)
{
    CoScenario s = SmallGrid();
    s.calls.category = "UBR";
    s.calls.pcr = 0;
    s.duration = Seconds(2);
    const uint32_t lineCells = CoCallParameters::DataRateToCellRate(s.links.rate);
    for (uint32_t minimum : {lineCells - 1, lineCells + 1})
    {
        s.calls.minPcr = minimum;
        CoScenarioResults r = CoScenarioRunner().Run(s);
        ASSERT_GT(r.calls.size(), 10u);
        uint64_t connected = 0;
        uint64_t refusedForRate = 0;
        for (const CoCallRecord& c : r.calls)
        {
            connected += c.outcome.IsSuccess();
            refusedForRate += c.outcome.GetCause() == Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
            // Only calls between hosts of one switch cross no 10 Mb/s link.
            EXPECT_TRUE(c.outcome.IsSuccess() ||
                        c.outcome.GetCause() == Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE)
                << "minimum " << minimum << ": " << c.outcome;
        }
        if (minimum < lineCells)
        {
            EXPECT_EQ(connected, r.calls.size()) << "minimum " << minimum;
        }
        else
        {
            EXPECT_GT(refusedForRate, r.calls.size() / 2) << "minimum " << minimum;
            for (const CoCallRecord& c : r.calls)
            {
                EXPECT_TRUE(!c.outcome.IsSuccess() || c.path.size() == 1);
            }
        }
        EXPECT_EQ(r.GetViolationCount(), 0u);
    }
}

TEST(ScenarioRunnerTest, SameSeedSameCallsOtherRunOtherCalls)
{
    CoScenario s = SmallGrid();
    CoScenarioRunner runner;
    std::string first = CallsCsv(runner.Run(s));
    std::string again = CallsCsv(runner.Run(s));
    EXPECT_EQ(first, again);
    s.run = 2;
    EXPECT_NE(CallsCsv(runner.Run(s)), first);
}

TEST(ScenarioRunnerTest, FailuresAreAppliedAndEverythingIsReleased)
{
    CoScenario s = SmallGrid();
    s.topology.cols = 2; // a ring of four: a failed link leaves another way
    CoScenarioFailure fail;
    fail.at = Seconds(1);
    fail.target = CoScenarioFailure::Target::Link;
    fail.vertex = 0;
    fail.peer = 1;
    CoScenarioFailure restore = fail;
    restore.at = Seconds(3);
    restore.action = CoScenarioFailure::Action::Restore;
    CoScenarioFailure sw;
    sw.at = Seconds(2);
    sw.vertex = 3;
    s.failures = {fail, restore, sw};
    CoScenarioResults r = CoScenarioRunner().Run(s);
    EXPECT_EQ(r.GetViolationCount(), 0u);
    for (const CoPortStats& p : r.ports)
    {
        EXPECT_EQ(p.reservedCellRate.back(), 0u) << "switch " << p.vertex << " port " << p.port;
    }
    // calls to the hosts of the failed switch fail from 2 s on
    bool failedAfterSwitchDown = false;
    for (const CoCallRecord& c : r.calls)
    {
        failedAfterSwitchDown =
            failedAfterSwitchDown || (c.start > Seconds(2.1) && !c.outcome.IsSuccess());
    }
    EXPECT_TRUE(failedAfterSwitchDown);
}

// A trunk's signalling channel fails alone (switches.t309 shortened to 1 s):
// calls connected across it wait for T309 and are then released with cause
// 27, calls being set up across it are cleared at once; none with 41, as no
// link went down; and the run ends with nothing reserved.
TEST(ScenarioRunnerTest, SignallingFailuresAreAppliedWithTheScenariosT309)
{
    CoScenario s = SmallGrid();
    s.topology.cols = 2; // a ring of four: the other way round stays
    s.calls.holdingMean = Seconds(3);
    s.switches.t309 = Seconds(1);
    CoScenarioFailure fail;
    fail.at = Seconds(2);
    fail.target = CoScenarioFailure::Target::Signalling;
    fail.vertex = 0;
    fail.peer = 1;
    CoScenarioFailure restore = fail;
    restore.at = Seconds(4);
    restore.action = CoScenarioFailure::Action::Restore;
    s.failures = {fail, restore};
    CoScenarioResults r = CoScenarioRunner().Run(s);
    EXPECT_EQ(r.GetViolationCount(), 0u);
    for (const CoPortStats& p : r.ports)
    {
        EXPECT_EQ(p.reservedCellRate.back(), 0u) << "switch " << p.vertex << " port " << p.port;
    }
    uint64_t droppedAtT309 = 0;
    for (const CoCallRecord& c : r.calls)
    {
        EXPECT_NE(c.releaseCause, Q2931Cause::TEMPORARY_FAILURE) << "no link went down";
        if (c.dropped)
        {
            EXPECT_EQ(c.releaseCause, Q2931Cause::DESTINATION_OUT_OF_ORDER);
            // released when T309 ran out, 1 s after the failure
            Time end = c.start + c.setupLatency + c.holdingTime;
            EXPECT_GT(end, Seconds(3));
            EXPECT_LT(end, Seconds(3.1));
            ++droppedAtT309;
        }
    }
    EXPECT_GT(droppedAtT309, 0u) << "no call crossed the trunk: the test tests nothing";
}

TEST_F(ScenarioTest, SampleScenariosLoadAndTheGraphmlOneRuns)
{
    std::string scenarios = std::string(CONDIS_SOURCE_DIR) + "/examples/scenarios/";
    CoScenario grid = CoScenario::Load(scenarios + "grid-small.json");
    EXPECT_EQ(grid.topology.generator, "grid");
    CoScenario backbone = CoScenario::Load(scenarios + "us-backbone.json");
    backbone.duration = Seconds(1); // a short run is enough to show it builds
    CoScenarioResults r = CoScenarioRunner().Run(backbone);
    EXPECT_EQ(r.switches, 10u);
    EXPECT_EQ(r.GetViolationCount(), 0u);
}

#ifdef CONDIS_RUN_PROGRAM
TEST_F(ScenarioTest, CommandLineWritesItsFilesAndRefusesBadScenarios)
{
    std::string program = CONDIS_RUN_PROGRAM;
    std::string scenario = std::string(CONDIS_SOURCE_DIR) + "/examples/scenarios/grid-small.json";
    std::string out = (dir / "out").string();
    std::string log = (dir / "log").string();
    int status = std::system((program + " " + scenario + " --out=" + out + " >" + log).c_str());
    ASSERT_EQ(WEXITSTATUS(status), 0);
    for (const char* name : {"calls.csv", "ports.csv", "summary.json"})
    {
        EXPECT_GT(std::filesystem::file_size(std::filesystem::path(out) / name), 0u) << name;
    }
    std::ifstream printed(log);
    std::string text((std::istreambuf_iterator<char>(printed)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("CoNDIS rule violations: 0"), std::string::npos) << text;

    std::string bad = Write("bad.json", R"({"calls": {"rate": "fast"}})");
    status = std::system((program + " " + bad + " --out=" + out + " 2>" + log).c_str());
    EXPECT_EQ(WEXITSTATUS(status), 2);
    std::ifstream error(log);
    std::string line;
    std::getline(error, line);
    EXPECT_EQ(line, "condis-run: " + bad + ": calls.rate: \"fast\": expected a number");

    status = std::system((program + " " + (dir / "missing.json").string() + " 2>" + log).c_str());
    EXPECT_EQ(WEXITSTATUS(status), 2);
}
#endif
