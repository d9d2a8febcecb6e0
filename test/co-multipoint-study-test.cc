/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Multipoint studies: the scenario format's multipoint section (round trip,
 * every mistake named with its field and value) and the runner's parties
 * table (records that add up, data that reaches each leaf while it is on
 * the call, one copy per link, everything released).
 */

#include "co-scenario-util.h"

#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"
#include "ns3/co-status.h"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace ns3;
using condistest::ErrorOf;

namespace
{

/**
 * \param group the JSON of one multipoint group
 * \return a scenario with it alone, and no point-to-point calls
 */
std::string
WithGroup(const std::string& group)
{
    return R"({"calls": {"rate": 0}, "multipoint": [)" + group + "]}";
}

/**
 * \param s a scenario
 * \return the message CoScenarioRunner::Check() throws, or "" when it does not
 */
std::string
CheckErrorOf(const CoScenario& s)
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

/// A 2 x 3 grid with two hosts per switch (hosts 0..11), no point-to-point calls.
CoScenario
SmallGrid()
{
    CoScenario s;
    s.topology.generator = "grid";
    s.topology.rows = 2;
    s.topology.cols = 3;
    s.hosts.perSwitch = 2;
    s.calls.rate = 0;
    s.duration = Seconds(3);
    return s;
}

} // namespace

TEST(MultipointScenarioTest, RoundTripsThroughJson)
{
    CoScenario s = SmallGrid();
    CoScenarioMultipointGroup fixed;
    fixed.root = 1;
    fixed.leaves = {4, 7, 10};
    fixed.arrival = "fixed";
    fixed.times = {MilliSeconds(100), Seconds(1), MicroSeconds(1500)};
    fixed.holdingDistribution = "constant";
    fixed.holdingMean = MilliSeconds(700);
    fixed.start = MilliSeconds(50);
    fixed.stop = Seconds(2);
    fixed.pcr = 321;
    fixed.packetSize = 100;
    fixed.packetInterval = MilliSeconds(7);
    CoScenarioMultipointGroup drawn;
    drawn.root = 11;
    drawn.leafCount = 5;
    drawn.rate = 0.1 + 0.2; // not exactly representable
    drawn.holdingDistribution = "exponential";
    drawn.packetInterval = Seconds(0);
    s.multipoint = {fixed, drawn};
    s.Validate();
    CoScenario back = CoScenario::FromJson(s.ToJson());
    EXPECT_EQ(back, s);
    ASSERT_EQ(back.multipoint.size(), 2u);
    EXPECT_EQ(back.multipoint[0].leaves, fixed.leaves);
    EXPECT_EQ(back.multipoint[0].times, fixed.times);
    EXPECT_EQ(back.multipoint[0].stop, Seconds(2));
    EXPECT_EQ(back.multipoint[1].GetLeafCount(), 5u);
    EXPECT_TRUE(back.multipoint[1].leaves.empty());
    EXPECT_EQ(back.multipoint[1].rate, drawn.rate);
    EXPECT_TRUE(back.multipoint[1].stop.IsZero()) << "no stop given: the scenario's duration";
    // no multipoint section: none, and an empty list written
    EXPECT_TRUE(CoScenario::FromJson("{}").multipoint.empty());
    EXPECT_NE(CoScenario().ToJson().find("\"multipoint\": []"), std::string::npos);
}

TEST(MultipointScenarioTest, ErrorsNameTheFieldAndTheValue)
{
    const std::string ok = R"({"root": 0, "leaves": [1, 2]})";
    EXPECT_EQ(ErrorOf(WithGroup(ok)), "");
    // each mistake, and the start of the message it must give
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"leaves": [1]})", "multipoint[0].root: (missing): every multipoint group needs"},
        {R"({"root": 0})", "multipoint[0].leaves: (missing): every multipoint group needs leaves"},
        {R"({"root": -1, "leaves": [1]})", "multipoint[0].root: -1: expected an integer"},
        {R"({"root": 0, "leaves": [1, "two"]})",
         "multipoint[0].leaves[1]: \"two\": expected a host"},
        {R"({"root": 0, "leaves": [1, 2, 1]})", "multipoint[0].leaves[2]: 1: a leaf given twice"},
        {R"({"root": 2, "leaves": [1, 2]})",
         "multipoint[0].leaves[1]: 2: the root cannot be a leaf"},
        {R"({"root": 0, "leaves": 0})", "multipoint[0].leaves: 0: a group needs at least one leaf"},
        {R"({"root": 0, "leaves": []})",
         "multipoint[0].leaves: 0: a group needs at least one leaf"},
        {R"({"root": 0, "leaves": 2.5})", "multipoint[0].leaves: 2.5: expected an integer"},
        {R"({"root": 0, "leaves": [1], "join": "leaf"})",
         "multipoint[0].leaves: 1: a group whose leaves ask to join needs at least two"},
        {R"({"root": 0, "leaves": [1], "join": "both"})", "multipoint[0].join: \"both\": unknown"},
        {R"({"root": 0, "leaves": [1], "arrival": {"rate": -1}})",
         "multipoint[0].arrival.rate: -1.0: must be above 0"},
        {R"({"root": 0, "leaves": [1], "arrival": {"rate": 0}})",
         "multipoint[0].arrival.rate: 0.0: must be above 0"},
        {R"({"root": 0, "leaves": [1], "arrival": {"process": "uniform"}})",
         "multipoint[0].arrival.process: \"uniform\": unknown join process"},
        {R"({"root": 0, "leaves": [1, 2], "arrival": {"process": "fixed", "times": ["1s"]}})",
         "multipoint[0].arrival.times: 1 times: give one join time per leaf (2 leaves)"},
        {R"({"root": 0, "leaves": [1], "arrival": {"process": "fixed", "times": ["soon"]}})",
         "multipoint[0].arrival.times[0]: \"soon\": expected a time"},
        {R"({"root": 0, "leaves": [1], "arrival": {"process": "fixed", "times": ["-1s"]}})",
         "multipoint[0].arrival.times[0]: \"-1s\": expected a time of at least 0"},
        {R"({"root": 0, "leaves": [1], "arrival": {"process": "fixed", "rate": 2, "times": ["1s"]}})",
         "multipoint[0].arrival.rate: 2: only the poisson process has a rate"},
        {R"({"root": 0, "leaves": [1], "arrival": {"times": ["1s"]}})",
         "multipoint[0].arrival.times: [\"1s\"]: only the fixed process has times"},
        {R"({"root": 0, "leaves": [1], "holding": {"distribution": "pareto"}})",
         "multipoint[0].holding.distribution: \"pareto\": unknown distribution"},
        {R"({"root": 0, "leaves": [1], "holding": {"mean": "0s"}})",
         "multipoint[0].holding.mean: 0s: must be above 0"},
        {R"({"root": 0, "leaves": [1], "leafs": [2]})", "multipoint[0].leafs: [2]: unknown key"},
        {R"({"root": 0, "leaves": [1], "start": "2s", "stop": "1s"})",
         "multipoint[0].stop: \"1s\": must be after start"},
        {R"({"root": 0, "leaves": [1], "start": "20s"})",
         "multipoint[0].start: 20s: must be before the group's stop, 10s (the scenario's "
         "duration)"},
        {R"({"root": 0, "leaves": [1], "pcr": 0})", "multipoint[0].pcr: 0: must be at least 1"},
        {R"({"root": 0, "leaves": [1], "packetSize": 0})", "multipoint[0].packetSize: 0: must be"},
        {R"({"root": 0, "leaves": [1], "packetSize": 9189})", "multipoint[0].packetSize: 9189"},
        {R"({"root": 0, "leaves": [1], "packetInterval": "10ns"})",
         "multipoint[0].packetInterval: 10ns: must be 0 (no data) or at least 1us"},
        {ok + R"(, {"root": 3})", "multipoint[1].leaves: (missing)"},
        {R"("everyone")", "multipoint[0]: \"everyone\": expected a JSON object"},
    };
    for (const auto& [group, expected] : cases)
    {
        std::string error = ErrorOf(WithGroup(group));
        EXPECT_EQ(error.substr(0, expected.size()), expected) << group;
    }
    EXPECT_EQ(ErrorOf(R"({"multipoint": {"root": 0}})")
                  .rfind("multipoint: {\"root\":0}: expected a "
                         "list",
                         0),
              0u)
        << ErrorOf(R"({"multipoint": {"root": 0}})");
    // The limits: leaves in all groups, and the roots' SDUs.
    EXPECT_EQ(ErrorOf(WithGroup(R"({"root": 0, "leaves": 100001})")),
              "multipoint: about 1e+05 parties: at most 1e5 in all groups (each leaf's joins, "
              "counted with its returns): each is a row of the parties table and a party on "
              "every switch of its path");
    // 1000 leaves that come back every 2 s on average for 1000 s
    EXPECT_EQ(ErrorOf(R"({"calls": {"rate": 0}, "duration": "1000s", "multipoint": [)"
                      R"({"root": 0, "leaves": 1000, "holding": {"distribution": )"
                      R"("exponential"}, "packetInterval": "0s"}]})")
                  .rfind("multipoint: about 5e+05 parties: at most 1e5", 0),
              0u);
    EXPECT_EQ(ErrorOf(R"({"calls": {"rate": 0}, "duration": "1000s", "multipoint": [)"
                      R"({"root": 0, "leaves": 1000, "packetInterval": "0s"}]})"),
              "")
        << "the same leaves that stay: one party each";
    EXPECT_EQ(ErrorOf(R"({"calls": {"rate": 0}, "duration": "1000s", "multipoint": [)"
                      R"({"root": 0, "leaves": [1], "packetInterval": "1us"}]})")
                  .rfind("multipoint: about 1e+09 SDUs from the roots: at most 1e8", 0),
              0u);
    // No point-to-point calls only with a multipoint section.
    EXPECT_EQ(ErrorOf(R"({"calls": {"rate": 0}})").rfind("calls.rate: 0.0: must be above 0", 0), 0u)
        << ErrorOf(R"({"calls": {"rate": 0}})");
}

TEST(MultipointScenarioTest, RunnerChecksTheHostsAgainstTheTopology)
{
    CoScenario s = SmallGrid(); // hosts 0..11
    CoScenarioMultipointGroup g;
    g.root = 12;
    g.leaves = {1};
    s.multipoint = {g};
    EXPECT_EQ(CheckErrorOf(s),
              "multipoint[0].root: 12: no such host (hosts are numbered 0 to 11, 2 per switch)");
    s.multipoint[0].root = 0;
    s.multipoint[0].leaves = {1, 99};
    EXPECT_EQ(CheckErrorOf(s),
              "multipoint[0].leaves[1]: 99: no such host (hosts are numbered 0 to 11, 2 per "
              "switch)");
    s.multipoint[0].leaves.clear();
    s.multipoint[0].leafCount = 12;
    EXPECT_EQ(CheckErrorOf(s),
              "multipoint[0].leaves: 12: more leaves than the 11 hosts other than the root");
    s.multipoint[0].leafCount = 11;
    EXPECT_EQ(CheckErrorOf(s), "");
    EXPECT_THROW(CoScenarioRunner().Run(SmallGrid()), std::invalid_argument)
        << "calls.rate 0 without a multipoint section";
}

// Two groups on an idle grid, every time fixed: the first group's leaves stay
// until it stops (all but the last dropped, the last closed with the call);
// the second group's two first leaves leave before the third joins, so that
// the root makes a second call for it.
TEST(MultipointRunnerTest, RecordsAddUpOnASmallGrid)
{
    CoScenario s = SmallGrid();
    CoScenarioMultipointGroup stay;
    stay.root = 0;
    stay.leaves = {3, 5, 7, 9, 11};
    stay.arrival = "fixed";
    stay.times = {MilliSeconds(100), MilliSeconds(300), MilliSeconds(500), Seconds(1), Seconds(1)};
    stay.packetInterval = MilliSeconds(20);
    stay.stop = Seconds(2);
    CoScenarioMultipointGroup churn;
    churn.root = 6;
    churn.leaves = {1, 2, 8};
    churn.arrival = "fixed";
    churn.times = {MilliSeconds(100), MilliSeconds(200), MilliSeconds(1500)};
    churn.holdingDistribution = "constant";
    churn.holdingMean = MilliSeconds(600);
    churn.packetInterval = MilliSeconds(20);
    s.multipoint = {stay, churn};
    CoScenarioResults r = CoScenarioRunner().Run(s);

    EXPECT_TRUE(r.calls.empty()) << "calls.rate 0, and multipoint calls are parties";
    ASSERT_EQ(r.parties.size(), 8u);
    EXPECT_EQ(r.partySummary.parties, 8u);
    EXPECT_EQ(r.partySummary.added + r.partySummary.failed, r.partySummary.parties);
    EXPECT_EQ(r.partySummary.added, 8u) << "an idle grid refuses nothing";
    EXPECT_GT(r.partySummary.meanAddLatency, Time(0));
    EXPECT_LE(r.partySummary.p50AddLatency, r.partySummary.p95AddLatency);

    std::map<uint64_t, std::vector<const CoPartyRecord*>> byCall;
    uint64_t received = 0;
    for (const CoPartyRecord& p : r.parties)
    {
        SCOPED_TRACE("leaf " + std::to_string(p.endpointReference) + " of call " +
                     std::to_string(p.callId));
        byCall[p.callId].push_back(&p);
        EXPECT_TRUE(p.outcome.IsSuccess()) << p.outcome;
        EXPECT_GT(p.addLatency, Time(0));
        EXPECT_FALSE(p.activeTime.IsStrictlyNegative());
        // every party ended before the run did, and not by the run's end
        EXPECT_NE(p.ending, CoPartyRecord::Ending::EndOfRun);
        EXPECT_NE(p.ending, CoPartyRecord::Ending::None);
        EXPECT_NE(p.root, p.leaf);
        // the leaf received what the root sent while it was on the call,
        // give or take the SDU in flight as it joined or left
        EXPECT_GT(p.sentSdus, 0u);
        EXPECT_LE(p.receivedSdus, p.sentSdus + 1);
        EXPECT_GE(p.receivedSdus + 1, p.sentSdus);
        // about one SDU per 20 ms while active
        double expected = p.activeTime.GetSeconds() / 0.020;
        EXPECT_NEAR(double(p.sentSdus), expected, 2.0);
        received += p.receivedSdus;
    }
    EXPECT_EQ(r.partySummary.receivedSdus, received);

    // The first group: one call, its parties asked for at start + their times.
    ASSERT_EQ(byCall.size(), 3u) << "one call for the first group, two for the second";
    const std::vector<const CoPartyRecord*>& first = byCall.begin()->second;
    ASSERT_EQ(first.size(), 5u);
    std::set<uint16_t> references;
    uint32_t closed = 0;
    for (std::size_t k = 0; k < first.size(); ++k)
    {
        references.insert(first[k]->endpointReference);
        closed += first[k]->ending == CoPartyRecord::Ending::RootClose;
        EXPECT_TRUE(first[k]->ending == CoPartyRecord::Ending::RootClose ||
                    first[k]->ending == CoPartyRecord::Ending::RootDrop);
    }
    EXPECT_EQ(first[0]->endpointReference, 0u) << "the first party is MakeCall's";
    EXPECT_EQ(first[0]->asked, MilliSeconds(100));
    EXPECT_EQ(first[2]->asked, MilliSeconds(500));
    EXPECT_EQ(references.size(), 5u) << "endpoint references are unique in a call";
    EXPECT_EQ(closed, 1u) << "the root drops all but the last party, and closes with it";

    // The second group: two leaves, gone by 800 ms, then a new call at 1.5 s.
    auto second = std::next(byCall.begin());
    auto third = std::next(second);
    ASSERT_EQ(second->second.size(), 2u);
    ASSERT_EQ(third->second.size(), 1u);
    for (const CoPartyRecord* p : second->second)
    {
        // it leaves 600 ms after it joined: the drop or the close completes soon after
        Time end = p->asked + p->addLatency + p->activeTime;
        EXPECT_GE(end, p->asked + MilliSeconds(600));
        EXPECT_LT(end, p->asked + MilliSeconds(650));
    }
    EXPECT_EQ(second->second[0]->ending, CoPartyRecord::Ending::RootDrop);
    EXPECT_EQ(second->second[1]->ending, CoPartyRecord::Ending::RootClose);
    EXPECT_EQ(third->second[0]->asked, MilliSeconds(1500));
    EXPECT_EQ(third->second[0]->endpointReference, 0u) << "a new call's first party";
    EXPECT_EQ(third->second[0]->ending, CoPartyRecord::Ending::RootClose);

    // The copies: a host's port carries what its leaves received, no more.
    uint64_t toHosts = 0;
    uint64_t betweenSwitches = 0;
    for (const CoPortStats& p : r.ports)
    {
        (p.toHost ? toHosts : betweenSwitches) += p.dataFrames;
        EXPECT_EQ(p.reservedCellRate.back(), 0u) << "switch " << p.vertex << " port " << p.port;
    }
    EXPECT_EQ(toHosts, received);
    EXPECT_GT(betweenSwitches, 0u);

    EXPECT_EQ(r.GetViolationCount(), 0u);
    EXPECT_EQ(r.heldAtEnd, 0u);

    std::ostringstream csv;
    r.WritePartiesCsv(csv);
    std::string table = csv.str();
    EXPECT_EQ(table.substr(0, table.find('\n')), CoPartyRecord::GetCsvHeader());
    EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 1 + 8);
    EXPECT_NE(table.find(",root-close,"), std::string::npos);
    EXPECT_NE(table.find(",root-drop,"), std::string::npos);
}

// Leaves drawn at random, joining as Poisson arrivals and staying an
// exponential time, then coming back: the leaves are distinct hosts other
// than the root, each on the call at most once at a time, some more than
// once; the same seed gives the same parties, another run other ones.
TEST(MultipointRunnerTest, DrawnLeavesAndTimesFollowTheSeed)
{
    CoScenario s = SmallGrid();
    CoScenarioMultipointGroup g;
    g.root = 4;
    g.leafCount = 6;
    g.rate = 4;
    g.holdingDistribution = "exponential";
    g.holdingMean = MilliSeconds(500);
    g.packetInterval = MilliSeconds(50);
    s.multipoint = {g};
    auto csv = [](const CoScenarioResults& r) {
        std::ostringstream os;
        r.WritePartiesCsv(os);
        return os.str();
    };
    CoScenarioRunner runner;
    CoScenarioResults r = runner.Run(s);
    // by leaf, when each of its parties was asked for and when it ended
    std::map<std::string, std::vector<std::pair<Time, Time>>> visits;
    for (const CoPartyRecord& p : r.parties)
    {
        std::ostringstream leaf;
        leaf << p.leaf;
        EXPECT_NE(p.leaf, p.root);
        EXPECT_TRUE(p.outcome.IsSuccess()) << p.outcome;
        EXPECT_NE(p.ending, CoPartyRecord::Ending::EndOfRun);
        EXPECT_LE(p.receivedSdus, p.sentSdus + 1);
        EXPECT_GE(p.receivedSdus + 1, p.sentSdus);
        visits[leaf.str()].push_back({p.asked, p.asked + p.addLatency + p.activeTime});
    }
    EXPECT_EQ(visits.size(), 6u);
    EXPECT_GT(r.parties.size(), 6u) << "at 4 joins/s and 500 ms stays, leaves come back";
    for (const auto& [leaf, times] : visits)
    {
        for (std::size_t k = 1; k < times.size(); ++k)
        {
            EXPECT_GE(times[k].first, times[k - 1].second) << leaf << ": one party at a time";
        }
    }
    EXPECT_EQ(r.partySummary.added, r.parties.size());
    EXPECT_EQ(r.GetViolationCount(), 0u);
    EXPECT_EQ(r.heldAtEnd, 0u);
    EXPECT_EQ(csv(runner.Run(s)), csv(r));
    s.run = 2;
    EXPECT_NE(csv(runner.Run(s)), csv(r));
}

// What goes wrong shows in the records: a link failure drops the party
// beyond it (remote, with the network's cause) while the others stay on
// the call, and a group asking for more than the leaves' access links carry
// has every add refused (the root trying the next leaf after each failed
// MakeCall), counted as failed, never active.
TEST(MultipointRunnerTest, AFailedSwitchDropsItsPartiesAndALaterAddTakesTheNewRoute)
{
    // A 3 x 3 grid (switch r * 3 + c), two hosts per switch (host h on
    // switch h / 2). The root on switch 0 has a leaf on switch 2, reached
    // through switch 1 (the one shortest path), and one on switch 6. Switch
    // 1 fails at 1 s: the leaf beyond it goes, the other stays; at 2 s the
    // root adds the other host of switch 2, which only the way round (0, 3,
    // 4, 5, 2) reaches now.
    CoScenario s;
    s.topology.generator = "grid";
    s.topology.rows = 3;
    s.topology.cols = 3;
    s.hosts.perSwitch = 2;
    s.hosts.rate = DataRate("10Mbps");
    s.calls.rate = 0;
    s.duration = Seconds(3);
    CoScenarioMultipointGroup group;
    group.root = 0;
    group.leaves = {4, 12, 5};
    group.arrival = "fixed";
    group.times = {MilliSeconds(100), MilliSeconds(100), Seconds(2)};
    group.packetInterval = MilliSeconds(20);
    s.multipoint = {group};
    CoScenarioFailure failure;
    failure.at = Seconds(1);
    failure.target = CoScenarioFailure::Target::Switch;
    failure.vertex = 1;
    s.failures = {failure};
    CoScenarioResults r = CoScenarioRunner().Run(s);

    ASSERT_EQ(r.parties.size(), 3u);
    const CoPartyRecord* beyond = nullptr;
    const CoPartyRecord* other = nullptr;
    const CoPartyRecord* later = nullptr;
    for (const CoPartyRecord& p : r.parties)
    {
        ASSERT_TRUE(p.outcome.IsSuccess()) << p.outcome;
        if (p.asked >= Seconds(2))
        {
            later = &p;
        }
        else if (p.ending == CoPartyRecord::Ending::Remote)
        {
            beyond = &p;
        }
        else
        {
            other = &p;
        }
    }
    ASSERT_NE(beyond, nullptr) << "the leaf beyond the failed switch was dropped by the network";
    ASSERT_NE(other, nullptr);
    ASSERT_NE(later, nullptr);
    EXPECT_EQ(beyond->hops, 4u) << "0, 1, 2 when it was asked for";
    Time end = beyond->asked + beyond->addLatency + beyond->activeTime;
    EXPECT_GE(end, Seconds(1));
    EXPECT_LT(end, Seconds(1) + MilliSeconds(50));
    EXPECT_NE(beyond->endCause, 0);
    EXPECT_NE(beyond->endCause, Q2931Cause::NORMAL_CLEARING);
    EXPECT_EQ(other->hops, 4u) << "0, 3, 6";
    EXPECT_NE(other->ending, CoPartyRecord::Ending::Remote) << "not beyond the failure";
    EXPECT_GT(other->asked + other->addLatency + other->activeTime, Seconds(2.9));
    EXPECT_EQ(later->hops, 6u) << "0, 3, 4, 5, 2: the route recomputed without switch 1";
    EXPECT_GT(later->receivedSdus, 0u) << "data reaches it by the new branch";
    EXPECT_LE(later->receivedSdus, later->sentSdus + 1);
    EXPECT_GE(later->receivedSdus + 1, later->sentSdus);
    EXPECT_EQ(r.partySummary.added, 3u);
    EXPECT_EQ(r.GetViolationCount(), 0u);
    EXPECT_EQ(r.heldAtEnd, 0u);
}

TEST(MultipointRunnerTest, FailedLinksAndRefusedAddsShowInTheRecords)
{
    CoScenario s;
    s.topology.generator = "tree"; // switch 0; 1, 2; 3, 4 under 1; 5, 6 under 2
    s.topology.depth = 2;
    s.topology.fanout = 2;
    s.hosts.perSwitch = 1; // host h on switch h
    s.hosts.rate = DataRate("10Mbps");
    s.calls.rate = 0;
    s.duration = Seconds(2);
    CoScenarioMultipointGroup dropped;
    dropped.root = 0;
    dropped.leaves = {3, 4, 5};
    dropped.arrival = "fixed";
    dropped.times = {MilliSeconds(100), MilliSeconds(100), MilliSeconds(100)};
    dropped.packetInterval = MilliSeconds(20);
    CoScenarioMultipointGroup refused;
    refused.root = 1;
    refused.leaves = {5, 6};
    refused.arrival = "fixed";
    refused.times = {MilliSeconds(200), MilliSeconds(300)};
    refused.pcr = 30000; // a 10 Mb/s access link carries 23584 cells/s
    s.multipoint = {dropped, refused};
    CoScenarioFailure failure;
    failure.at = Seconds(1);
    failure.target = CoScenarioFailure::Target::Link;
    failure.vertex = 1;
    failure.peer = 3;
    s.failures = {failure};
    CoScenarioResults r = CoScenarioRunner().Run(s);

    ASSERT_EQ(r.parties.size(), 5u);
    EXPECT_EQ(r.partySummary.added, 3u);
    EXPECT_EQ(r.partySummary.failed, 2u);
    uint32_t remote = 0;
    for (const CoPartyRecord& p : r.parties)
    {
        if (p.root == r.parties.front().root)
        {
            ASSERT_TRUE(p.outcome.IsSuccess()) << p.outcome;
            EXPECT_LE(p.receivedSdus, p.sentSdus + 1);
            EXPECT_GE(p.receivedSdus + 1, p.sentSdus);
            if (p.ending == CoPartyRecord::Ending::Remote)
            {
                ++remote;
                // cut off at the failure, with the network's cause
                Time end = p.asked + p.addLatency + p.activeTime;
                EXPECT_GE(end, Seconds(1));
                EXPECT_LT(end, Seconds(1) + MilliSeconds(50));
                EXPECT_NE(p.endCause, 0);
                EXPECT_NE(p.endCause, Q2931Cause::NORMAL_CLEARING);
            }
            else
            {
                EXPECT_TRUE(p.ending == CoPartyRecord::Ending::RootDrop ||
                            p.ending == CoPartyRecord::Ending::RootClose);
                EXPECT_GT(p.asked + p.addLatency + p.activeTime, Seconds(2));
            }
            continue;
        }
        EXPECT_FALSE(p.outcome.IsSuccess());
        EXPECT_EQ(p.outcome.GetCause(), Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE) << p.outcome;
        EXPECT_GT(p.addLatency, Time(0)) << "refused by the network, not at once";
        EXPECT_TRUE(p.activeTime.IsStrictlyNegative());
        EXPECT_EQ(p.ending, CoPartyRecord::Ending::None);
        EXPECT_EQ(p.sentSdus + p.receivedSdus, 0u);
    }
    EXPECT_EQ(remote, 1u) << "the leaf beyond the failed link, and it alone";
    EXPECT_EQ(r.GetViolationCount(), 0u);
    EXPECT_EQ(r.heldAtEnd, 0u);
}
