/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Validation against a closed form: Poisson calls offered to a link that
 * admission control lets carry C of them at once are blocked with the
 * probability given by the Erlang B formula, whatever the holding-time
 * distribution.
 *
 * The tolerance is the estimate's own: each run's calls are cut into
 * NUMBER_OF_BATCHES consecutive batches, the blocking of each batch is one
 * sample, and the standard error of their mean (batch means) times Student's
 * t for a two-sided 99.9 % interval, plus a bound on the model's bias, is how
 * far the estimate may lie from the formula. The runs have fixed seeds: the
 * outcome does not change from run to run; the interval says how far from
 * the formula a correct model may land with these seeds or others.
 */

#include "co-batch-means.h"
#include "co-test-network.h"

#include "ns3/co-application-helper.h"
#include "ns3/co-call-generator-application.h"
#include "ns3/co-ns3-compat.h"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <vector>

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

/// Batches per run: 40 batches of 500 calls (some 70 s each at 7 Erlangs, 70
/// holding times: far longer than the blocking stays correlated).
constexpr uint32_t NUMBER_OF_BATCHES = 40;

/// Student's t, 39 degrees of freedom (NUMBER_OF_BATCHES - 1), two-sided 99.9 %.
constexpr double T_39_999 = 3.558;

/**
 * A bound on the bias of the simulated blocking against Erlang B. The run
 * starts with no call in progress (its first seconds, of some 3,000, see
 * less blocking), and a call holds its circuits a little longer than its
 * holding time (the signalling of its setup and release, some 100 us per
 * second of holding). Each moves the blocking by less than 0.0005.
 */
constexpr double MODEL_BIAS = 0.001;

/**
 * One caller, one callee on a 10 Mb/s access link (23584 cells/s), CBR calls
 * of 2358 cells/s: the callee's link admits exactly 10 at once.
 */
Estimate
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
    // Every call's outcome, in the order the calls end their setup.
    std::vector<uint8_t> blocked;
    blocked.reserve(calls);
    a->TraceConnectWithoutContext(
        "MakeCallComplete",
        CoCallback<void, CoVcHandle, CoStatus, const CoCallParameters&>(
            [&blocked](CoVcHandle, CoStatus status, const CoCallParameters&) {
                blocked.push_back(status.IsSuccess() ? 0 : 1);
            }));

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
    EXPECT_EQ(blocked.size(), calls);
    a->EndOfRun();
    b->EndOfRun();
    EXPECT_EQ(a->GetRuleChecker().GetViolationCount() + b->GetRuleChecker().GetViolationCount(),
              0u);
    Estimate estimate = BatchMeans(blocked, NUMBER_OF_BATCHES);
    EXPECT_NEAR(estimate.mean, double(gen->GetFailedCount()) / calls, 1e-12);
    std::cout << "offered " << erlangs << " Erlangs to 10 circuits: blocking " << estimate.mean
              << " (standard error " << estimate.standardError << "), Erlang B "
              << ErlangB(10, erlangs) << std::endl;
    Simulator::Destroy();
    return estimate;
}

/// Expects \p simulated within t * SE + bias of Erlang B for \p erlangs.
void
ExpectErlangB(const Estimate& simulated, double erlangs)
{
    // A bound on the standard error keeps the check below able to fail:
    // 20,000 calls give 0.002 to 0.006 (about twice what independent calls
    // would: blocked calls come in bursts).
    EXPECT_LT(simulated.standardError, 0.008) << erlangs << " Erlangs";
    EXPECT_NEAR(simulated.mean,
                ErlangB(10, erlangs),
                T_39_999 * simulated.standardError + MODEL_BIAS)
        << erlangs << " Erlangs, standard error " << simulated.standardError;
}

TEST(CoErlangBTest, FormulaMatchesKnownValues)
{
    EXPECT_NEAR(ErlangB(1, 1.0), 0.5, 1e-12);
    EXPECT_NEAR(ErlangB(10, 7.0), 0.078741, 1e-6);
    EXPECT_NEAR(ErlangB(10, 10.0), 0.214582, 1e-6);
}

TEST(CoErlangBTest, BlockingMatchesErlangBWithExponentialHolding)
{
    for (double load : {7.0, 10.0})
    {
        ExpectErlangB(SimulatedBlocking(load, 20000, "ns3::ExponentialRandomVariable[Mean=1.0]", 1),
                      load);
    }
}

TEST(CoErlangBTest, BlockingIsInsensitiveToTheHoldingDistribution)
{
    // Erlang B depends on the mean holding time only: constant holding gives
    // the same blocking.
    ExpectErlangB(SimulatedBlocking(7.0, 20000, "ns3::ConstantRandomVariable[Constant=1.0]", 2),
                  7.0);
}

} // namespace
