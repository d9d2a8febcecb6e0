/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Calls across networks of switches built by CoTopologyHelper: a call
 * crosses every switch of a line and releases everything; its setup
 * latency matches a hand-computed ladder; admission control refuses it at
 * an interior hop; and after a link fails, InstallRoutes() sends new calls
 * the other way round a ring.
 */

#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/co-topology-helper.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// A CBR call of \p pcr cells/s each way.
CoCallParameters
Cbr(uint32_t pcr)
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, pcr);
}

/// Link properties.
CoLinkProperties
Link(const std::string& rate, Time delay)
{
    CoLinkProperties link;
    link.rate = DataRate(rate);
    link.delay = delay;
    return link;
}

using MultiHopTest = SwitchNetworkTest;

TEST_F(MultiHopTest, CallCrossesEverySwitchOfALineCarriesDataAndReleasesEverything)
{
    Build(CoTopologyGenerator::Line(4, Link("155.52Mbps", MilliSeconds(2))), 0, 3);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    EXPECT_EQ(ca->Call(b->GetAesa(), Cbr(1000)).GetCode(), CoStatusCode::Pending);
    CoSchedule(Seconds(1), [&]() {
        ASSERT_EQ(a->GetCallState(ca->vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(CrossConnects(), (std::vector<std::size_t>{2, 2, 2, 2}));
        for (uint32_t v = 0; v < 4; ++v)
        {
            Ptr<CoSwitch> sw = topo.GetSwitch(v);
            EXPECT_EQ(sw->GetCallCount(), 1u) << v;
            // Both directions reserved: forward out of the port toward b,
            // backward out of the port toward a.
            uint32_t toward_b = v < 3 ? topo.GetPort(v, v + 1) : sw->GetNPorts() - 1;
            uint32_t toward_a = v > 0 ? topo.GetPort(v, v - 1) : sw->GetNPorts() - 1;
            EXPECT_EQ(sw->GetReservedCellRate(toward_b), 1000u) << v;
            EXPECT_EQ(sw->GetReservedCellRate(toward_a), 1000u) << v;
        }
        for (int i = 0; i < 3; ++i)
        {
            EXPECT_TRUE(a->Send(ca->vc, Create<Packet>(100)).IsSuccess());
        }
        EXPECT_TRUE(b->Send(cb->incomingVc, Create<Packet>(500)).IsSuccess());
    });
    CoSchedule(Seconds(2),
               [&]() { EXPECT_EQ(a->CloseCall(ca->vc).GetCode(), CoStatusCode::Pending); });
    Simulator::Run();

    ASSERT_EQ(ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(cb->Count("IncomingCall"), 1u);
    EXPECT_EQ(cb->offered.callingParty, a->GetAesa());
    EXPECT_EQ(cb->received, (std::vector<uint32_t>{100, 100, 100}));
    EXPECT_EQ(ca->received, (std::vector<uint32_t>{500}));
    EXPECT_EQ(ca->Count("CloseCallComplete"), 1u);
    EXPECT_EQ(cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(cb->First("IncomingCloseCall").status,
              CoStatus(CoStatusCode::Success, Q2931Cause::NORMAL_CLEARING));
    ExpectEverythingReleased();
    EXPECT_EQ(Violations(), 0u);
}

TEST_F(MultiHopTest, SetupLatencyMatchesTheHandComputedLadder)
{
    // a --10Mb/s,1ms-- S0 --100Mb/s,2ms-- S1 --50Mb/s,3ms-- S2 --10Mb/s,1ms-- b
    // Processing delays 100, 200 and 300 us.
    CoTopology line = CoTopologyGenerator::Line(3);
    line[boost::edge(0, 1, line).first] = Link("100Mbps", MilliSeconds(2));
    line[boost::edge(1, 2, line).first] = Link("50Mbps", MilliSeconds(3));
    line[0].processingDelay = MicroSeconds(100);
    line[1].processingDelay = MicroSeconds(200);
    line[2].processingDelay = MicroSeconds(300);
    Build(line, 0, 2);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    ca->Call(b->GetAesa(), Cbr(1000));
    Simulator::Run();

    // As in co-setup-latency-test: SETUP is 3 cells on every hop (98 bytes
    // from the host, 107 from a switch, which adds a connection
    // identifier), CONNECT and CONNECT ACKNOWLEDGE 1 cell each. A cell takes
    // 424 bits / rate: 42.4 us at 10 Mb/s, 4.24 us at 100, 8.48 us at 50.
    //
    //   SETUP    a->S0  3 * 42.4 + 1000 = 1127.2     S0 processes  100
    //            S0->S1 3 * 4.24 + 2000 = 2012.72    S1 processes  200
    //            S1->S2 3 * 8.48 + 3000 = 3025.44    S2 processes  300
    //            S2->b  3 * 42.4 + 1000 = 1127.2     b is offered the call: 7892.56 us
    //   CONNECT  b->S2  42.4 + 1000 = 1042.4         S2 processes  300
    //            S2->S1 8.48 + 3000 = 3008.48        S1 processes  200
    //            S1->S0 4.24 + 2000 = 2004.24        S0 processes  100
    //            S0->a  42.4 + 1000 = 1042.4         a completes at 15590.08 us
    //
    // Each switch's CALL PROCEEDING is served long before CONNECT comes back,
    // so no message waits for a processor.
    ASSERT_EQ(ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(cb->First("IncomingCall").at, NanoSeconds(7892560));
    EXPECT_EQ(ca->First("MakeCallComplete").at, NanoSeconds(15590080));
    // S2 acknowledges CONNECT when it has processed it: 7892.56 + 1042.4 +
    // 300, then 1 cell and 1 ms to b.
    EXPECT_EQ(cb->First("CallConnected").at, NanoSeconds(7892560 + 1042400 + 300000 + 1042400));
}

TEST_F(MultiHopTest, InteriorHopRefusesWhatItsSlowLinkCannotCarry)
{
    // a -- S0 -- S1 ==1Mb/s== S2 -- b; every other link 10 Mb/s (23584 cells/s).
    CoTopology line = CoTopologyGenerator::Line(3, Link("10Mbps", MilliSeconds(1)));
    line[boost::edge(1, 2, line).first].rate = DataRate("1Mbps"); // 2358 cells/s
    Build(line, 0, 2);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    std::vector<std::pair<uint32_t, uint8_t>> decisions[3]; // (switch's out port, cause)
    for (uint32_t v = 0; v < 3; ++v)
    {
        topo.GetSwitch(v)->TraceConnectWithoutContext(
            "Admission",
            MakeCallback(+[](std::vector<std::pair<uint32_t, uint8_t>>* log,
                             uint32_t,
                             uint32_t out,
                             const CoCallParameters&,
                             uint8_t cause) {
                log->emplace_back(out, cause);
            }).Bind(&decisions[v]));
    }
    TestClient small(a);
    ca->Call(b->GetAesa(), Cbr(5000));
    // One that fits the slow link, afterwards, goes through.
    CoSchedule(Seconds(1), [&]() { small.Call(b->GetAesa(), Cbr(2000)); });
    CoSchedule(Seconds(2), [&]() { a->CloseCall(small.vc); });
    Simulator::Run();

    ASSERT_EQ(ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(
        ca->First("MakeCallComplete").status,
        CoStatus(CoStatusCode::CellRateNotAvailable, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    EXPECT_TRUE(small.First("MakeCallComplete").status.IsSuccess());
    // S0 admitted the big call; S1 refused it on its port toward S2; S2 saw
    // only the small one.
    using Decisions = std::vector<std::pair<uint32_t, uint8_t>>;
    EXPECT_EQ(decisions[0], (Decisions{{topo.GetPort(0, 1), 0}, {topo.GetPort(0, 1), 0}}));
    EXPECT_EQ(decisions[1],
              (Decisions{{topo.GetPort(1, 2), Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE},
                         {topo.GetPort(1, 2), 0}}));
    EXPECT_EQ(decisions[2].size(), 1u);
    EXPECT_EQ(cb->Count("IncomingCall"), 1u);
    ExpectEverythingReleased();
    EXPECT_EQ(Violations(), 0u);
}

TEST_F(MultiHopTest, NewCallsGoTheOtherWayRoundARingAfterALinkFails)
{
    // Five switches in a ring; a on 0, b on 1: the direct link is the route.
    Build(CoTopologyGenerator::Ring(5, Link("10Mbps", MilliSeconds(1))), 0, 1);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    TestClient second(a);
    ca->Call(b->GetAesa(), Cbr(1000));
    CoSchedule(Seconds(1), [&]() {
        EXPECT_EQ(CrossConnects(), (std::vector<std::size_t>{2, 2, 0, 0, 0}));
        a->CloseCall(ca->vc);
    });
    CoSchedule(Seconds(2), [&]() {
        topo.GetLink(0, 1)->SetLinkUp(false);
        topo.InstallRoutes();
        EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 4, 3, 2, 1}));
        second.Call(b->GetAesa(), Cbr(1000));
    });
    CoSchedule(Seconds(3), [&]() {
        ASSERT_EQ(a->GetCallState(second.vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(CrossConnects(), (std::vector<std::size_t>{2, 2, 2, 2, 2}));
        EXPECT_EQ(topo.GetSwitch(0)->GetReservedCellRate(topo.GetPort(0, 1)), 0u);
        EXPECT_EQ(topo.GetSwitch(0)->GetReservedCellRate(topo.GetPort(0, 4)), 1000u);
        EXPECT_TRUE(a->Send(second.vc, Create<Packet>(200)).IsSuccess());
    });
    CoSchedule(Seconds(4), [&]() { a->CloseCall(second.vc); });
    Simulator::Run();

    ASSERT_EQ(second.Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(second.First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(cb->received, (std::vector<uint32_t>{200}));
    EXPECT_EQ(cb->Count("IncomingCall"), 2u);
    ExpectEverythingReleased();
    EXPECT_EQ(Violations(), 0u);
}

/// \return the VC handles a client received data on, in order
std::vector<uint32_t>
ReceivedOn(const TestClient& client)
{
    std::vector<uint32_t> handles;
    for (const Event& e : client.events)
    {
        if (e.what == "Receive")
        {
            handles.push_back(e.handle);
        }
    }
    return handles;
}

// Two SETUPs cross a switch-to-switch link at once in opposite directions.
// Each side names the VCI of the call it sends on (SETUP's connection
// identifier), from its own half of the range, and the receiver adopts it: so
// the two calls can never pick the same VCI, and each call's data stays on it.
// (Before that rule both sides counted VCIs on their own, and here a's data
// reached b on b's call and the other way round.)
TEST_F(MultiHopTest, CallsSetUpAtOnceInOppositeDirectionsKeepTheirOwnData)
{
    Build(CoTopologyGenerator::Line(2, Link("10Mbps", MilliSeconds(1))), 0, 1);
    ASSERT_TRUE(ca->RegisterOwnSap().IsSuccess());
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    ca->Call(b->GetAesa(), Cbr(100));
    cb->Call(a->GetAesa(), Cbr(100));
    CoSchedule(Seconds(1), [&]() {
        ASSERT_EQ(a->GetCallState(ca->vc), CoNetDevice::CallState::Connected);
        ASSERT_EQ(b->GetCallState(cb->vc), CoNetDevice::CallState::Connected);
        EXPECT_TRUE(a->Send(ca->vc, Create<Packet>(111)).IsSuccess());
        EXPECT_TRUE(b->Send(cb->vc, Create<Packet>(222)).IsSuccess());
    });
    CoSchedule(Seconds(2), [&]() {
        a->CloseCall(ca->vc);
        b->CloseCall(cb->vc);
    });
    Simulator::Run();

    EXPECT_EQ(cb->received, std::vector<uint32_t>{111});
    EXPECT_EQ(ReceivedOn(*cb), std::vector<uint32_t>{cb->incomingVc.GetValue()})
        << "a's data reached b on b's own call";
    EXPECT_EQ(ca->received, std::vector<uint32_t>{222});
    EXPECT_EQ(ReceivedOn(*ca), std::vector<uint32_t>{ca->incomingVc.GetValue()})
        << "b's data reached a on a's own call";
    ExpectEverythingReleased();
}

} // namespace
