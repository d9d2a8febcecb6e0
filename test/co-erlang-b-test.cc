/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Validation against a closed form: Poisson calls offered to a link that
 * admission control lets carry C of them at once are blocked with the
 * probability given by the Erlang B formula, whatever the holding-time
 * distribution.
 */

#include "co-test-network.h"

#include "ns3/co-application-helper.h"
#include "ns3/co-call-generator-application.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// Erlang B: blocking with \p servers servers and \p erlangs of offered load.
double
ErlangB(uint32_t servers, double erlangs)
{
    double b = 1.0; // the stable recursion B(n) = A B(n-1) / (n + A B(n-1))
    for (uint32_t n = 1; n <= servers; ++n)
    {
        b = erlangs * b / (n + erlangs * b);
    }
    return b;
}

/**
 * One caller, one callee on a 10 Mb/s access link (23584 cells/s), CBR calls
 * of 2358 cells/s: the callee's link admits exactly 10 at once.
 */
double
SimulatedBlocking(double erlangs, uint32_t calls, const std::string& holding, uint32_t run)
{
    RngSeedManager::SetSeed(7);
    RngSeedManager::SetRun(run);
    CoHelper co;
    co.SetChannelAttribute("DataRate", StringValue("155.52Mbps"));
    co.SetChannelAttribute("Delay", StringValue("10us"));
    co.SetSwitchAttribute("ProcessingDelay", TimeValue(MicroSeconds(10)));
    NodeContainer hosts(2);
    Ptr<Node> sw = CreateObject<Node>();
    co.InstallSwitch(sw);
    Ptr<CoNetDevice> a = co.InstallHost(hosts.Get(0), sw);
    co.SetChannelAttribute("DataRate", StringValue("10Mbps"));
    Ptr<CoNetDevice> b = co.InstallHost(hosts.Get(1), sw);

    CoApplicationHelper server("ns3::CoSapServerApplication");
    server.Install(hosts.Get(1));
    CoApplicationHelper caller("ns3::CoCallGeneratorApplication");
    caller.SetAttribute("Destination", AesaAddressValue(b->GetAesa()));
    caller.SetAttribute("MaxCalls", UintegerValue(calls));
    // Mean holding time 1 s: the arrival rate is the load in Erlangs.
    caller.SetAttribute(
        "InterArrivalTime",
        StringValue("ns3::ExponentialRandomVariable[Mean=" + std::to_string(1.0 / erlangs) + "]"));
    caller.SetAttribute("HoldingTime", StringValue(holding));
    caller.SetAttribute("ServiceCategory", StringValue("CBR"));
    caller.SetAttribute("PeakCellRate", UintegerValue(2358));
    ApplicationContainer apps = caller.Install(hosts.Get(0));
    caller.AssignStreams(hosts, 0);
    Simulator::Run();

    Ptr<CoCallGeneratorApplication> gen = DynamicCast<CoCallGeneratorApplication>(apps.Get(0));
    EXPECT_EQ(gen->GetAttemptedCount(), calls);
    EXPECT_EQ(gen->GetFailedCount(), gen->GetFailedCount(Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    a->EndOfRun();
    b->EndOfRun();
    EXPECT_EQ(a->GetRuleChecker().GetViolationCount() + b->GetRuleChecker().GetViolationCount(),
              0u);
    double blocking = double(gen->GetFailedCount()) / gen->GetAttemptedCount();
    std::cout << "offered " << erlangs << " Erlangs to 10 circuits: blocking " << blocking
              << ", Erlang B " << ErlangB(10, erlangs) << std::endl;
    Simulator::Destroy();
    return blocking;
}

TEST(CoErlangBTest, FormulaMatchesKnownValues)
{
    EXPECT_NEAR(ErlangB(1, 1.0), 0.5, 1e-12);
    EXPECT_NEAR(ErlangB(10, 7.0), 0.078741, 1e-6);
    EXPECT_NEAR(ErlangB(10, 10.0), 0.214582, 1e-6);
}

TEST(CoErlangBTest, BlockingMatchesErlangBWithExponentialHolding)
{
    // 20,000 calls: the estimate's standard error is about 0.002.
    for (double load : {7.0, 10.0})
    {
        double simulated =
            SimulatedBlocking(load, 20000, "ns3::ExponentialRandomVariable[Mean=1.0]", 1);
        EXPECT_NEAR(simulated, ErlangB(10, load), 0.012) << load << " Erlangs";
    }
}

TEST(CoErlangBTest, BlockingIsInsensitiveToTheHoldingDistribution)
{
    // Erlang B depends on the mean holding time only: constant holding gives
    // the same blocking.
    double simulated =
        SimulatedBlocking(7.0, 20000, "ns3::ConstantRandomVariable[Constant=1.0]", 2);
    EXPECT_NEAR(simulated, ErlangB(10, 7.0), 0.012);
}

} // namespace
