/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Links and switches fail under calls: the calls are released in both
 * directions with the right cause, the clients are told, every resource is
 * freed, and the CoNDIS contract holds throughout.
 */

#include "co-test-network.h"

#include "ns3/co-call-recorder.h"
#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

CoCallParameters
Cbr()
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000);
}

/// The channel between a host's NIC and the switch.
Ptr<CoChannel>
AccessLink(Ptr<CoNetDevice> nic)
{
    return DynamicCast<CoChannel>(nic->GetChannel());
}

class FailureTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    }

    void TearDown() override
    {
        net.ExpectViolations(0); // every failure keeps the contract
        Simulator::Destroy();
    }

    OneSwitchNetwork net;
};

TEST_F(FailureTest, CalleeLinkFailureReleasesTheCallBothWays)
{
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(1), [&]() { AccessLink(net.b)->SetLinkUp(false); });
    Simulator::Run();

    ASSERT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    // The caller learns from the switch that b is unreachable...
    ASSERT_EQ(net.ca->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.ca->First("IncomingCloseCall").status,
              CoStatus(CoStatusCode::DestinationOutOfOrder, Q2931Cause::DESTINATION_OUT_OF_ORDER));
    EXPECT_GT(net.ca->First("IncomingCloseCall").at, Seconds(1));
    // ...and b from its own NIC that the network is gone, at once.
    ASSERT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.cb->First("IncomingCloseCall").status.GetCause(),
              Q2931Cause::NETWORK_OUT_OF_ORDER);
    EXPECT_EQ(net.cb->First("IncomingCloseCall").at, Seconds(1));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(FailureTest, ACallCutOffByAFailureIsRecordedAsDropped)
{
    Ptr<CoCallRecorder> recorder = CreateObject<CoCallRecorder>();
    recorder->WatchAll();
    TestClient second(net.a);
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(1), [&]() { second.Call(net.b->GetAesa(), Cbr()); });
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(second.vc); });
    CoSchedule(Seconds(3), [&]() { AccessLink(net.b)->SetLinkUp(false); });
    Simulator::Run();
    recorder->Finish();

    ASSERT_EQ(recorder->GetRecords().size(), 2u);
    const CoCallRecord& closed = recorder->GetRecords()[0]; // the second call, closed at 2 s
    const CoCallRecord& cut = recorder->GetRecords()[1];    // the first, cut off at 3 s
    EXPECT_FALSE(closed.dropped);
    EXPECT_EQ(closed.releaseCause, Q2931Cause::NORMAL_CLEARING);
    EXPECT_TRUE(cut.dropped);
    EXPECT_EQ(cut.releaseCause, Q2931Cause::DESTINATION_OUT_OF_ORDER);
    CoCallSummary summary = recorder->Summarize();
    EXPECT_EQ(summary.connected, 2u);
    EXPECT_EQ(summary.dropped, 1u);
    EXPECT_DOUBLE_EQ(summary.droppingProbability, 0.5);
    EXPECT_DOUBLE_EQ(summary.blockingProbability, 0.0);
}

TEST_F(FailureTest, FailureDuringSetupFailsTheCall)
{
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(1), [&]() { AccessLink(net.b)->SetLinkUp(false); });
    // b's client would answer later; the offer is withdrawn when its link fails.
    CoSchedule(Seconds(2), [&]() { EXPECT_FALSE(net.cb->AnswerIfOffered(CoStatus())); });
    Simulator::Run();

    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::DESTINATION_OUT_OF_ORDER);
    ASSERT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.cb->First("IncomingCloseCall").at, Seconds(1)); // at once
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(FailureTest, NoCallCanBeMadeOverADownLinkAndOneCanAfterRepair)
{
    AccessLink(net.a)->SetLinkUp(false);
    CoStatus s = net.ca->Call(net.b->GetAesa(), Cbr());
    EXPECT_EQ(s, CoStatus(CoStatusCode::Failure, Q2931Cause::NETWORK_OUT_OF_ORDER));
    EXPECT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Idle);
    EXPECT_TRUE(net.a->DeleteVc(net.ca->vc).IsSuccess());

    AccessLink(net.a)->SetLinkUp(true);
    EXPECT_EQ(net.ca->Call(net.b->GetAesa(), Cbr()).GetCode(), CoStatusCode::Pending);
    CoSchedule(Seconds(1), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(FailureTest, SwitchFailureReleasesEveryCallAndRestoreServesNewOnes)
{
    // Two calls: a to b, and b to a.
    ASSERT_TRUE(net.ca->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), Cbr());
    net.cb->Call(net.a->GetAesa(), Cbr());
    CoSchedule(Seconds(1), [&]() {
        EXPECT_EQ(net.sw->GetCallCount(), 2u);
        net.sw->SetOperational(false);
        EXPECT_FALSE(net.sw->IsOperational());
        EXPECT_EQ(net.sw->GetCallCount(), 0u);
    });
    CoSchedule(Seconds(2), [&]() { net.sw->SetOperational(true); });
    Simulator::Run();

    // Each host hears of both of its calls closing, from its own NIC.
    EXPECT_EQ(net.ca->Count("IncomingCloseCall"), 2u);
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), 2u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);

    // Back up: a new call goes through.
    TestClient again(net.a);
    again.Call(net.b->GetAesa(), Cbr());
    Simulator::Run();
    EXPECT_TRUE(again.First("MakeCallComplete").status.IsSuccess());
}

TEST_F(FailureTest, ALinkFlapDuringSetupReleasesTheHalfSetUpCall)
{
    // The callee's link flaps while the switch's SETUP is on the wire: the
    // SETUP is lost, and the switch, seeing the link go down, releases the
    // call at once rather than waiting for T303.
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(MicroSeconds(1500), [&]() { AccessLink(net.b)->SetLinkUp(false); });
    CoSchedule(MicroSeconds(1600), [&]() { AccessLink(net.b)->SetLinkUp(true); });
    Simulator::Run();
    EXPECT_LT(net.ca->First("MakeCallComplete").at, MilliSeconds(5));
    EXPECT_EQ(net.cb->Count("IncomingCall"), 0u);
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::DESTINATION_OUT_OF_ORDER);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

} // namespace
