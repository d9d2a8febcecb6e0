/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ALERTING and T301 (Q.2931 5.1.7, 5.2.5.2, 5.2.5.4): a called client that
 * pends its answer alerts; the switches pass ALERTING on toward the caller,
 * whose client sees it; T301, not T310, then bounds how long the called
 * user may take. States U4 / U7 and N4 / N7 as Q.2931 2.1 names them.
 *
 * Defaults: the switch's T301 3 min, the host's 190 s (longer, so that the
 * network's cause 19 reaches the caller first).
 */

#include "co-raw-peer.h"
#include "co-test-network.h"
#include "co-tshark.h"

#include "ns3/boolean.h"
#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Type = Q2931MessageType;

/// The VCI the raw peers give the calls they answer or offer.
constexpr uint16_t PEER_VCI = 100;

/// A switch between two raw peers: peer 0 calls, peer 1 is called.
class SwitchAlertingTest : public RawPeersSwitchTest
{
  protected:
    /// Peer 0 sends SETUP with call reference 7; \return the call reference
    /// the switch gave the call toward peer 1, once the SETUP has arrived
    uint32_t Call()
    {
        SendSetup(7);
        RunFor(MilliSeconds(100));
        EXPECT_EQ(peers[1]->Count(Type::Setup), 1u);
        return peers[1]->All(Type::Setup).front().reference;
    }

    /// Both peers answer every RELEASE with RELEASE COMPLETE.
    void CompleteReleases()
    {
        for (auto& peer : peers)
        {
            RawPeer& p = *peer;
            p.answer = [&p](const RawMessage& m) {
                if (m.type == Type::Release)
                {
                    p.Send(Q2931Header(Type::ReleaseComplete, m.reference, !m.flag));
                }
            };
        }
    }

    void ExpectNothingHeld() const
    {
        ExpectSwitchHoldsNothing(sw, "switch");
    }
};

TEST_F(SwitchAlertingTest, Q2931_5_2_5_2_AlertingGoesOnUpstreamAndTheLegsEnterN4AndN7)
{
    uint32_t theirs = Call();
    peers[1]->Send(Q2931Header(Type::Alerting, theirs, true));
    RunFor(MilliSeconds(100));

    std::vector<RawMessage> alerting = peers[0]->All(Type::Alerting);
    ASSERT_EQ(alerting.size(), 1u);
    EXPECT_EQ(alerting[0].reference, 7u);
    EXPECT_TRUE(alerting[0].flag) << "sent by the side that did not allocate the reference";
    EXPECT_EQ(sw->GetCallState(0, 7, false), Q2931CallState::CallDelivered);    // N4
    EXPECT_EQ(sw->GetCallState(1, theirs, true), Q2931CallState::CallReceived); // N7
    EXPECT_EQ(GetQ2931CallStateName(Q2931Side::Network, Q2931CallState::CallReceived), "N7");

    // CONNECT in N7 connects the call as it would in N6 or N9.
    peers[1]->Send(Q2931Header(Type::Connect, theirs, true));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::Connect), 1u);
    EXPECT_EQ(peers[1]->Count(Type::ConnectAcknowledge), 1u);
    EXPECT_EQ(sw->GetCallState(0, 7, false), Q2931CallState::Active);
    EXPECT_EQ(sw->GetCrossConnectCount(), 2u);

    CompleteReleases();
    peers[0]->Send(Q2931Header(Type::Release, 7, false));
    Simulator::Run();
    ExpectNothingHeld();
}

TEST_F(SwitchAlertingTest, Q2931_5_2_5_2_AlertingAfterCallProceedingStopsT310)
{
    // N9 -> N7: T310 (10 s) would clear the call; T301 (3 min) now runs.
    uint32_t theirs = Call();
    peers[1]->Send(Q2931Header(Type::CallProceeding, theirs, true));
    RunFor(Seconds(5));
    peers[1]->Send(Q2931Header(Type::Alerting, theirs, true));
    RunFor(Seconds(60));
    EXPECT_EQ(peers[0]->Count(Type::Release), 0u) << "T310 was stopped by ALERTING";
    EXPECT_EQ(peers[1]->Count(Type::Release), 0u);
    EXPECT_EQ(peers[0]->Count(Type::Alerting), 1u);
    EXPECT_EQ(sw->GetRunningTimerCount(), 1u) << "T301 alone";
    peers[1]->Send(Q2931Header(Type::Connect, theirs, true));
    RunFor(Seconds(1));
    EXPECT_EQ(peers[0]->Count(Type::Connect), 1u);
    EXPECT_EQ(sw->GetRunningTimerCount(), 0u) << "CONNECT stopped T301";
    CompleteReleases();
    peers[1]->Send(Q2931Header(Type::Release, theirs, true));
    Simulator::Run();
    ExpectNothingHeld();
}

TEST_F(SwitchAlertingTest, Q2931_5_2_5_4_T301ClearsWithCause19UpstreamAnd102Downstream)
{
    CompleteReleases();
    uint32_t theirs = Call();
    Time alerted = Simulator::Now();
    peers[1]->Send(Q2931Header(Type::Alerting, theirs, true));
    Simulator::Run();

    EXPECT_EQ(peers[1]->Count(Type::Setup), 1u) << "ALERTING stopped T303";
    std::vector<RawMessage> up = peers[0]->All(Type::Release);
    std::vector<RawMessage> down = peers[1]->All(Type::Release);
    ASSERT_EQ(up.size(), 1u);
    ASSERT_EQ(down.size(), 1u);
    EXPECT_EQ(up[0].cause, Q2931Cause::NO_ANSWER_FROM_USER);
    EXPECT_EQ(down[0].cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    // T301 ran from the ALERTING's arrival: 3 min, give or take the link.
    EXPECT_GT(down[0].at - alerted, Minutes(3));
    EXPECT_LT(down[0].at - alerted, Minutes(3) + MilliSeconds(50));
    EXPECT_EQ(Q2931Cause::GetName(Q2931Cause::NO_ANSWER_FROM_USER),
              "no answer from user (user alerted)");
    ExpectNothingHeld();
}

TEST_F(SwitchAlertingTest, Q2931_5_6_4_AlertingOnTheCallersLegOrTwiceGetsStatus101)
{
    uint32_t theirs = Call();
    // From the caller (N3 upstream): not expected.
    peers[0]->Send(Q2931Header(Type::Alerting, 7, false));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::Status), 1u);
    EXPECT_EQ(peers[0]->All(Type::Status)[0].cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    // A second ALERTING in N7: not expected either, and not passed on.
    peers[1]->Send(Q2931Header(Type::Alerting, theirs, true));
    peers[1]->Send(Q2931Header(Type::Alerting, theirs, true));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::Alerting), 1u);
    ASSERT_EQ(peers[1]->Count(Type::Status), 1u);
    EXPECT_EQ(peers[1]->All(Type::Status)[0].cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    CompleteReleases();
    peers[0]->Send(Q2931Header(Type::Release, 7, false));
    Simulator::Run();
    ExpectNothingHeld();
}

/// Host a on a switch whose port toward a a test takes over with a raw peer.
using HostAlertingTest = OneSwitchTest;

TEST_F(HostAlertingTest, Q2931_5_1_7_TheCallerEntersU4AndItsClientIsTold)
{
    RawPeer peer(net.sw->GetPort(0));
    peer.answer = [&peer](const RawMessage& m) {
        if (m.type == Type::Setup)
        {
            Q2931Header proceeding(Type::CallProceeding, m.reference, true);
            proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, PEER_VCI));
            peer.Send(proceeding);
            peer.Send(Q2931Header(Type::Alerting, m.reference, true));
            CoSchedule(Seconds(100),
                       [&peer, m]() { peer.Send(Q2931Header(Type::Connect, m.reference, true)); });
        }
        else if (m.type == Type::Release)
        {
            peer.Send(Q2931Header(Type::ReleaseComplete, m.reference, true));
        }
    };
    std::vector<CoVcHandle> traced;
    net.a->TraceConnectWithoutContext(
        "CallAlerting",
        CoCallback<void, CoVcHandle>([&traced](CoVcHandle vc) { traced.push_back(vc); }));
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    CoSchedule(Seconds(1), [&]() {
        EXPECT_EQ(net.a->GetQ2931CallState(net.ca->vc), Q2931CallState::CallDelivered);
        EXPECT_EQ(net.ca->Count("MakeCallComplete"), 0u);
    });
    CoSchedule(Seconds(101), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    ASSERT_EQ(traced.size(), 1u);
    EXPECT_EQ(traced[0], net.ca->vc);
    ASSERT_EQ(net.ca->Count("CallAlerting"), 1u);
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess())
        << "100 s after ALERTING: T301 runs, not T310 (30 s)";
    EXPECT_LT(net.ca->First("CallAlerting").at, net.ca->First("MakeCallComplete").at);
    EXPECT_EQ(peer.Count(Type::Setup), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostAlertingTest, Q2931_5_1_7_AlertingAsTheFirstAnswerNamesTheVci)
{
    RawPeer peer(net.sw->GetPort(0));
    peer.answer = [&peer](const RawMessage& m) {
        if (m.type == Type::Setup)
        {
            Q2931Header alerting(Type::Alerting, m.reference, true);
            alerting.SetConnectionIdentifier(ConnectionIdentifierIe(0, PEER_VCI));
            peer.Send(alerting);
            peer.Send(Q2931Header(Type::Connect, m.reference, true));
        }
        else if (m.type == Type::Release)
        {
            peer.Send(Q2931Header(Type::ReleaseComplete, m.reference, true));
        }
    };
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    CoSchedule(Seconds(1), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(net.ca->Count("CallAlerting"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostAlertingTest, T301ReleasesWithCause102AndMakeCallFails)
{
    // The user side's T301 (190 s here): ALERTING came, CONNECT did not, and
    // the network never cleared: the host clears with RELEASE, cause 102.
    RawPeer peer(net.sw->GetPort(0));
    peer.answer = [&peer](const RawMessage& m) {
        if (m.type == Type::Setup)
        {
            Q2931Header alerting(Type::Alerting, m.reference, true);
            alerting.SetConnectionIdentifier(ConnectionIdentifierIe(0, PEER_VCI));
            peer.Send(alerting);
        }
        else if (m.type == Type::Release)
        {
            peer.Send(Q2931Header(Type::ReleaseComplete, m.reference, true));
        }
    };
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    Simulator::Run();
    std::vector<RawMessage> releases = peer.All(Type::Release);
    ASSERT_EQ(releases.size(), 1u);
    EXPECT_EQ(releases[0].cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    const Event& failed = net.ca->First("MakeCallComplete");
    EXPECT_EQ(failed.status, CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
    EXPECT_GT(failed.at, Seconds(190));
    EXPECT_LT(failed.at, Seconds(190.01));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostAlertingTest, APendedAnswerAlertsOrProceedsAsConfigured)
{
    // The called host: U7 with ALERTING (the default), U9 with CALL
    // PROCEEDING when AlertWhenPended is false.
    RawPeer peer(net.sw->GetPort(1));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    for (bool alert : {true, false})
    {
        net.b->SetAttribute("AlertWhenPended", BooleanValue(alert));
        peer.received.clear();
        uint32_t reference = alert ? 9 : 10;
        peer.Send(SetupFromNetwork(net.b->GetAesa(), reference, PEER_VCI + reference, PeerCall()));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        ASSERT_EQ(peer.received.size(), 1u);
        EXPECT_EQ(peer.received[0].type, alert ? Type::Alerting : Type::CallProceeding);
        EXPECT_EQ(net.b->GetQ2931CallState(net.cb->incomingVc),
                  alert ? Q2931CallState::CallReceived : Q2931CallState::IncomingCallProceeding);
        // The network releases the offer; the client is told at once (and
        // closes it).
        peer.Send(Q2931Header(Type::Release, reference, false));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        EXPECT_EQ(peer.received.back().type, Type::ReleaseComplete);
        EXPECT_EQ(net.cb->Count("IncomingCloseCall"), alert ? 1u : 2u);
    }
    Simulator::Run();
    ExpectHostHoldsNothing(net.b, "b");
    EXPECT_EQ(net.Violations(), 0u);
}

/// Hosts a and b on a line of two switches, 10 Mb/s and 1 ms links.
class AlertingEndToEndTest : public SwitchNetworkTest
{
  protected:
    void SetUp() override
    {
        CoLinkProperties link;
        link.rate = DataRate("10Mbps");
        link.delay = MilliSeconds(1);
        Build(CoTopologyGenerator::Line(2, link), 0, 1);
        ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
        cb->answer = TestClient::Answer::Pend;
    }
};

TEST_F(AlertingEndToEndTest, ACalleeThatAnswersAfterAMinuteIsConnected)
{
    // Without ALERTING the switches' T310 (10 s) would clear this call.
    ASSERT_TRUE(ca->Call(b->GetAesa(), PeerCall()).IsPending());
    CoSchedule(Seconds(60), [&]() {
        EXPECT_EQ(ca->Count("CallAlerting"), 1u);
        EXPECT_EQ(b->GetQ2931CallState(cb->incomingVc), Q2931CallState::CallReceived);
        EXPECT_EQ(a->GetQ2931CallState(ca->vc), Q2931CallState::CallDelivered);
        b->IncomingCallComplete(CoStatus(), cb->incomingVc, cb->offered);
    });
    CoSchedule(Seconds(61), [&]() {
        ASSERT_EQ(ca->Count("MakeCallComplete"), 1u);
        EXPECT_TRUE(ca->First("MakeCallComplete").status.IsSuccess());
        EXPECT_EQ(cb->Count("CallConnected"), 1u);
        a->CloseCall(ca->vc);
    });
    Simulator::Run();
    // ALERTING arrived about 1+1+1 ms of links (and processing) after the
    // IncomingCall, and before the answer.
    EXPECT_LT(ca->First("CallAlerting").at, Seconds(1));
    ExpectEverythingReleased();
}

TEST_F(AlertingEndToEndTest, ACalleeThatNeverAnswersIsClearedByT301WithCause19)
{
    ASSERT_TRUE(ca->Call(b->GetAesa(), PeerCall()).IsPending());
    Simulator::Run();
    ASSERT_EQ(ca->Count("MakeCallComplete"), 1u);
    const Event& failed = ca->First("MakeCallComplete");
    EXPECT_EQ(failed.status, CoStatus::FromCause(Q2931Cause::NO_ANSWER_FROM_USER));
    EXPECT_EQ(failed.status.GetCode(), CoStatusCode::NotAccepted);
    EXPECT_GT(failed.at, Minutes(3));
    EXPECT_LT(failed.at, Minutes(3) + Seconds(1));
    // The offer was withdrawn at once (IncomingCloseCall), no answer due.
    ASSERT_EQ(cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(cb->First("IncomingCloseCall").status,
              CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
    ExpectEverythingReleased();
}

TEST(AlertingPcapTest, WiresharkDecodesAlertingOnTheCallersUni)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the captures with Wireshark";
    }
    const std::string prefix = ::testing::TempDir() + "condis-alerting";
    {
        OneSwitchNetwork net;
        net.Build();
        net.helper.EnablePcapAll(prefix);
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        net.cb->answer = TestClient::Answer::Pend;
        net.ca->Call(net.b->GetAesa(), PeerCall());
        CoSchedule(Seconds(1), [&]() {
            net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, net.cb->offered);
        });
        CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
        Simulator::Run();
        Simulator::Destroy();
    }
    const std::string hostA = prefix + "-0-0.pcap";
    EXPECT_EQ(TsharkProblems(hostA), std::vector<std::string>());
    EXPECT_EQ(Tshark(hostA, "-Y q2931 -T fields -e q2931.message_type"),
              "0x05\n0x02\n0x01\n0x07\n0x0f\n0x4d\n0x5a\n"); // ALERTING (0x01) third
}

} // namespace
