/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The tables a run returns count every attempt and charge every refusal to
 * the right place: calls refused at once (the caller's access link or switch
 * down) are rows with their cause, and a port's refusals are those of its
 * own directions.
 */

#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"

#include <cmath>
#include <gtest/gtest.h>
#include <map>

using namespace ns3;

namespace
{

/// Two switches in a line, one host on each.
CoScenario
TwoSwitchLine()
{
    CoScenario s;
    s.topology.generator = "line";
    s.topology.n = 2;
    s.hosts.perSwitch = 1;
    s.calls.holdingMean = Seconds(1);
    s.duration = Seconds(10);
    return s;
}

TEST(CallAccountingTest, CallsRefusedAtOnceWhileTheCallersSwitchIsDownAreRows)
{
    // The case: 100 calls/s per host, switch 0 down from 1 s to 9 s.
    CoScenario s = TwoSwitchLine();
    s.calls.rate = 100;
    CoScenarioFailure down;
    down.at = Seconds(1);
    down.target = CoScenarioFailure::Target::Switch;
    down.vertex = 0;
    CoScenarioFailure up = down;
    up.at = Seconds(9);
    up.action = CoScenarioFailure::Action::Restore;
    s.failures = {down, up};
    CoScenarioResults r = CoScenarioRunner().Run(s);

    // Each caller's rows placed while switch 0 was down, by cause.
    std::map<AesaAddress, std::map<uint8_t, uint64_t>> outage;
    uint64_t connected = 0;
    for (const CoCallRecord& c : r.calls)
    {
        connected += c.outcome.IsSuccess();
        if (c.start >= Seconds(1) && c.start < Seconds(9))
        {
            ++outage[c.caller][c.outcome.GetCause()];
        }
    }
    ASSERT_EQ(outage.size(), 2u) << "both hosts have rows in the outage";
    // The host behind switch 0 (the one whose attempts were refused at once):
    // about 100 calls/s x 8 s, every one a row with cause 38.
    const std::map<uint8_t, uint64_t>* behind = nullptr;
    for (const auto& [caller, causes] : outage)
    {
        if (causes.count(Q2931Cause::NETWORK_OUT_OF_ORDER) != 0)
        {
            behind = &causes;
        }
    }
    ASSERT_NE(behind, nullptr) << "no row with cause 38 (network out of order)";
    ASSERT_EQ(behind->size(), 1u) << "every one of its attempts in the outage refused at once";
    // Its calls arrive as a Poisson process: the count in the 8 s is Poisson,
    // mean 800, standard deviation sqrt(800) = 28.3. It lies within z = 3.5
    // standard deviations of the mean (a two-sided 99.95 % interval).
    uint64_t refused = behind->at(Q2931Cause::NETWORK_OUT_OF_ORDER);
    const double expected = 100 * 8;
    EXPECT_NEAR(double(refused), expected, 3.5 * std::sqrt(expected));
    for (const CoCallRecord& c : r.calls)
    {
        // (Calls being set up when the switch failed end with cause 38 too,
        // after their setup time: those started before the outage.)
        if (c.outcome.GetCause() == Q2931Cause::NETWORK_OUT_OF_ORDER && c.start >= Seconds(1) &&
            c.start < Seconds(9))
        {
            EXPECT_EQ(c.setupLatency, Time(0));
            EXPECT_TRUE(c.path.empty());
            EXPECT_NE(c.callId, 0u);
        }
    }
    // Blocking counts them: every row is an attempt, failed ones blocked.
    EXPECT_EQ(r.summary.calls, r.calls.size());
    EXPECT_EQ(r.summary.connected, connected);
    EXPECT_GE(r.summary.calls - r.summary.connected, refused);
    EXPECT_DOUBLE_EQ(r.summary.blockingProbability,
                     double(r.calls.size() - connected) / r.calls.size());
    // Call ids name attempts uniquely, refused ones included.
    std::map<uint64_t, int> ids;
    for (const CoCallRecord& c : r.calls)
    {
        EXPECT_EQ(++ids[c.callId], 1) << "call id " << c.callId << " twice";
    }
    // A synchronous refusal pends nothing: no rule is broken.
    EXPECT_EQ(r.GetViolationCount(), 0u);
    for (const CoPortStats& p : r.ports)
    {
        EXPECT_EQ(p.reservedCellRate.back(), 0u) << "switch " << p.vertex << " port " << p.port;
    }
}

TEST(CallAccountingTest, RefusalsAreChargedToThePortWhoseDirectionIsFull)
{
    // Slow access links, a fast trunk: what fills is each host's port, in
    // both directions (a caller's backward traffic leaves its switch by the
    // port the call came in on). The trunk is never full, so it refuses nothing.
    CoScenario s = TwoSwitchLine();
    s.hosts.rate = DataRate("10Mbps"); // 23584 cells/s: 11 calls of 2000
    s.calls.rate = 20;
    s.calls.pcr = 2000;
    s.duration = Seconds(5);
    CoScenarioResults r = CoScenarioRunner().Run(s);

    uint64_t hostRefusals = 0;
    for (const CoPortStats& p : r.ports)
    {
        if (p.toHost)
        {
            hostRefusals += p.refused;
            EXPECT_GT(p.refused, 0u) << "switch " << p.vertex << " port " << p.port;
        }
        else
        {
            EXPECT_EQ(p.refused, 0u)
                << "trunk port " << p.port << " of switch " << p.vertex << " charged with refusals";
        }
    }
    uint64_t blocked = 0;
    for (const CoCallRecord& c : r.calls)
    {
        blocked += c.outcome.GetCause() == Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
    }
    EXPECT_GT(blocked, 0u);
    EXPECT_EQ(hostRefusals, blocked) << "one refusal per blocked call, at the port that refused";
    EXPECT_EQ(r.GetViolationCount(), 0u);
}

} // namespace
