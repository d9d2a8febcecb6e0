/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RESTART and RESTART ACKNOWLEDGE (Q.2931 5.5), with T316: the restart
 * indicator's coding; a switch and a host that receive RESTART clear every
 * call it names and acknowledge; an interface or a switch that comes back
 * restarts its interfaces, and both ends end up acknowledged with nothing
 * held; a RESTART never acknowledged is sent again, then given up; bad
 * RESTARTs answered with STATUS.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"
#include "co-tshark.h"

#include "ns3/co-channel.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/q2931-restart-indicator-ie.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Type = Q2931MessageType;

/// The VCI the raw peers give the calls they answer or offer.
constexpr uint16_t PEER_VCI = 100;

/// \return the restart class a message carries, or -1 when it has none
int
RestartClassOf(const Q2931Header& message)
{
    RestartIndicatorIe indicator;
    return message.GetOtherIe(indicator) ? indicator.restartClass : -1;
}

TEST(RestartIndicatorIeTest, Q2931_4_5_RoundTripsAndRefusesReservedClasses)
{
    for (uint8_t c : {RestartIndicatorIe::INDICATED_VC, RestartIndicatorIe::ALL_VCS})
    {
        Q2931Header restart = Q2931CallProcedures::MakeRestart(c, 77);
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(restart);
        Q2931Header decoded;
        ASSERT_EQ(p->RemoveHeader(decoded), restart.GetSerializedSize());
        EXPECT_EQ(decoded.GetMessageType(), Type::Restart);
        EXPECT_EQ(decoded.GetCallReference(), 0u);
        EXPECT_EQ(RestartClassOf(decoded), c);
        EXPECT_EQ(decoded.GetConnectionIdentifier() != nullptr,
                  c == RestartIndicatorIe::INDICATED_VC);
    }
    // One octet: extension bit, spare bits, class. Class 1 and lengths other
    // than 1 are refused.
    for (std::vector<uint8_t> contents :
         {std::vector<uint8_t>{0x81}, std::vector<uint8_t>{0x82, 0x00}, std::vector<uint8_t>{}})
    {
        Q2931Header m(Type::Restart, 0, false);
        Q2931RawIe raw;
        raw.identifier = RestartIndicatorIe::IDENTIFIER;
        raw.contents = contents;
        m.AddOtherIe(raw);
        EXPECT_EQ(RestartClassOf(m), -1) << contents.size();
    }
    EXPECT_STREQ(GetQ2931MessageTypeName(Type::Restart), "RESTART");
    EXPECT_STREQ(GetQ2931MessageTypeName(Type::RestartAcknowledge), "RESTART ACKNOWLEDGE");
}

/// A switch between two raw peers that answer every SETUP and RELEASE.
class SwitchRestartTest : public RawPeersSwitchTest
{
  protected:
    void SetUp() override
    {
        RawPeersSwitchTest::SetUp();
        for (auto& peer : peers)
        {
            RawPeer& p = *peer;
            p.answer = [&p](const RawMessage& m) {
                if (m.type == Type::Setup)
                {
                    p.Send(Q2931Header(Type::CallProceeding, m.reference, true));
                    p.Send(Q2931Header(Type::Connect, m.reference, true));
                }
                else if (m.type == Type::Release)
                {
                    p.Send(Q2931Header(Type::ReleaseComplete, m.reference, !m.flag));
                }
            };
        }
        sw->TraceConnectWithoutContext(
            "RestartComplete",
            CoCallback<void, uint32_t, bool>([this](uint32_t port, bool acknowledged) {
                restarts.emplace_back(port, acknowledged);
            }));
    }

    /// Peer 0 calls with call reference \p reference; the call connects.
    void Call(uint32_t reference)
    {
        SendSetup(reference);
        RunFor(MilliSeconds(100));
    }

    std::vector<std::pair<uint32_t, bool>> restarts; //!< RestartComplete: port, acknowledged
};

TEST_F(SwitchRestartTest, Q2931_5_5_2_ARestartOfAllVcsClearsEveryCallOnTheInterface)
{
    Call(7);
    Call(8);
    ASSERT_EQ(sw->GetCallCount(), 2u);
    ASSERT_EQ(sw->GetCrossConnectCount(), 4u);
    std::size_t sentToPeer1 = peers[1]->received.size();
    peers[1]->Send(Q2931CallProcedures::MakeRestart(RestartIndicatorIe::ALL_VCS));
    Simulator::Run();

    // Acknowledged on the global call reference, repeating the class.
    std::vector<RawMessage> acks = peers[1]->All(Type::RestartAcknowledge);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].reference, 0u);
    EXPECT_TRUE(acks[0].flag);
    EXPECT_EQ(RestartClassOf(acks[0].message), RestartIndicatorIe::ALL_VCS);
    EXPECT_EQ(peers[1]->received.size(), sentToPeer1 + 1) << "nothing else toward the restarter";
    // Each call released toward the caller with cause 41.
    std::vector<RawMessage> releases = peers[0]->All(Type::Release);
    ASSERT_EQ(releases.size(), 2u);
    for (const RawMessage& r : releases)
    {
        EXPECT_EQ(r.cause, Q2931Cause::TEMPORARY_FAILURE);
    }
    ExpectSwitchHoldsNothing(sw, "switch");
    EXPECT_TRUE(restarts.empty()) << "the switch did not restart anything itself";
}

TEST_F(SwitchRestartTest, Q2931_5_5_2_ARestartOfOneVcClearsThatCallAlone)
{
    Call(7);
    Call(8);
    // The second call's VCI toward peer 1, from the SETUP it got.
    std::vector<RawMessage> setups = peers[1]->All(Type::Setup);
    ASSERT_EQ(setups.size(), 2u);
    uint16_t vci = setups[1].message.GetConnectionIdentifier()->vci;
    peers[1]->Send(Q2931CallProcedures::MakeRestart(RestartIndicatorIe::INDICATED_VC, vci));
    RunFor(Seconds(1));

    std::vector<RawMessage> acks = peers[1]->All(Type::RestartAcknowledge);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(RestartClassOf(acks[0].message), RestartIndicatorIe::INDICATED_VC);
    ASSERT_NE(acks[0].message.GetConnectionIdentifier(), nullptr);
    EXPECT_EQ(acks[0].message.GetConnectionIdentifier()->vci, vci);
    std::vector<RawMessage> releases = peers[0]->All(Type::Release);
    ASSERT_EQ(releases.size(), 1u);
    EXPECT_EQ(releases[0].reference, 8u);
    EXPECT_EQ(sw->GetCallCount(), 1u) << "call 7 is untouched";
    EXPECT_EQ(sw->GetCrossConnectCount(), 2u);
    peers[0]->Send(Q2931Header(Type::Release, 7, false));
    Simulator::Run();
    ExpectSwitchHoldsNothing(sw, "switch");
}

TEST_F(SwitchRestartTest, Q2931_5_5_BadRestartsGetStatusOnTheGlobalCallReference)
{
    Call(7);
    // No restart indicator: 96 naming it.
    peers[1]->Send(Q2931Header(Type::Restart, 0, false));
    // Class 0 without the connection identifier of its VC: 96 naming that.
    Q2931Header noVc(Type::Restart, 0, false);
    noVc.SetOtherIe(RestartIndicatorIe(RestartIndicatorIe::INDICATED_VC));
    peers[1]->Send(noVc);
    // A call reference other than the global one: 81.
    Q2931Header local = Q2931CallProcedures::MakeRestart(RestartIndicatorIe::ALL_VCS);
    local.SetCallReference(4242);
    peers[1]->Send(local);
    RunFor(Seconds(1));

    std::vector<RawMessage> statuses = peers[1]->All(Type::Status);
    ASSERT_EQ(statuses.size(), 3u);
    EXPECT_EQ(statuses[0].cause, Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(statuses[0].message.GetCause()->diagnostics.at(0), RestartIndicatorIe::IDENTIFIER);
    EXPECT_EQ(statuses[1].cause, Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(statuses[1].message.GetCause()->diagnostics.at(0),
              ConnectionIdentifierIe::IDENTIFIER);
    EXPECT_EQ(statuses[2].cause, Q2931Cause::INVALID_CALL_REFERENCE);
    for (const RawMessage& s : statuses)
    {
        EXPECT_EQ(s.reference, 0u);
    }
    EXPECT_EQ(peers[1]->Count(Type::RestartAcknowledge), 0u);
    EXPECT_EQ(sw->GetCallCount(), 1u) << "no bad RESTART cleared anything";
    peers[0]->Send(Q2931Header(Type::Release, 7, false));
    Simulator::Run();
    ExpectSwitchHoldsNothing(sw, "switch");
}

TEST_F(SwitchRestartTest, Q2931_5_5_1_T316SendsTheRestartAgainThenGivesUp)
{
    // The link to peer 1 fails and comes back; peer 1 never acknowledges.
    Ptr<CoChannel> link = DynamicCast<CoChannel>(sw->GetPort(1)->GetChannel());
    ASSERT_TRUE(link);
    Call(7);
    link->SetLinkUp(false);
    RunFor(Seconds(1));
    EXPECT_EQ(peers[0]->All(Type::Release).at(0).cause, Q2931Cause::TEMPORARY_FAILURE);
    Time back = Simulator::Now();
    link->SetLinkUp(true);
    Simulator::Run();

    std::vector<RawMessage> sent = peers[1]->All(Type::Restart);
    ASSERT_EQ(sent.size(), 2u) << "RestartAttempts = 2";
    EXPECT_LT(sent[0].at - back, MilliSeconds(2)) << "sent as the link came back";
    EXPECT_EQ(sent[1].at - sent[0].at, Minutes(2));
    EXPECT_EQ(RestartClassOf(sent[0].message), RestartIndicatorIe::ALL_VCS);
    ASSERT_EQ(restarts.size(), 1u);
    EXPECT_EQ(restarts[0], std::make_pair(1u, false));
    // Given up at the second expiry, 2 min after it was sent (it arrived a
    // link's delay after that).
    EXPECT_GT(Simulator::Now() - sent[1].at, Minutes(2) - MilliSeconds(2));
    EXPECT_LE(Simulator::Now() - sent[1].at, Minutes(2));
    EXPECT_EQ(peers[0]->Count(Type::Restart), 0u) << "peer 0's link never failed";
    ExpectSwitchHoldsNothing(sw, "switch");
}

TEST_F(SwitchRestartTest, Q2931_5_5_1_AnAcknowledgementStopsT316)
{
    peers[1]->answer = [this](const RawMessage& m) {
        if (m.type == Type::Restart)
        {
            RestartIndicatorIe indicator;
            ASSERT_TRUE(m.message.GetOtherIe(indicator));
            peers[1]->Send(Q2931CallProcedures::MakeRestartAcknowledge(m.message, indicator));
        }
    };
    sw->SetOperational(false);
    RunFor(Seconds(1));
    sw->SetOperational(true);
    RunFor(Seconds(1));
    EXPECT_EQ(peers[0]->Count(Type::Restart), 1u);
    EXPECT_EQ(peers[1]->Count(Type::Restart), 1u);
    EXPECT_EQ(sw->GetRunningTimerCount(), 1u) << "T316 toward peer 0, which does not answer";
    ASSERT_EQ(restarts.size(), 1u);
    EXPECT_EQ(restarts[0], std::make_pair(1u, true));
    Simulator::Run();
    EXPECT_EQ(peers[1]->Count(Type::Restart), 1u) << "acknowledged: not sent again";
    ExpectSwitchHoldsNothing(sw, "switch");
}

/// Host a, with the switch's port toward it taken over by a raw peer.
using HostRestartTest = OneSwitchTest;

TEST_F(HostRestartTest, Q2931_5_5_2_EveryCallEndsAndEachClientIsToldWithCause41)
{
    RawPeer peer(net.sw->GetPort(0));
    bool connect = true;
    peer.answer = [&peer, &connect](const RawMessage& m) {
        if (m.type == Type::Setup)
        {
            Q2931Header proceeding(Type::CallProceeding, m.reference, true);
            proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, PEER_VCI + m.reference));
            peer.Send(proceeding);
            if (connect)
            {
                peer.Send(Q2931Header(Type::Connect, m.reference, true));
            }
        }
    };
    // One connected call, one being set up, one offered and pended.
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    connect = false;
    TestClient second(net.a);
    ASSERT_TRUE(second.Call(net.b->GetAesa(), PeerCall()).IsPending());
    ASSERT_TRUE(net.ca->RegisterOwnSap().IsSuccess());
    net.ca->answer = TestClient::Answer::Pend;
    peer.Send(SetupFromNetwork(net.a->GetAesa(), 9, PEER_VCI, PeerCall()));
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    ASSERT_EQ(net.a->GetCallReferenceCount(), 3u);

    peer.Send(Q2931CallProcedures::MakeRestart(RestartIndicatorIe::ALL_VCS));
    Simulator::Run();

    std::vector<RawMessage> acks = peer.All(Type::RestartAcknowledge);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].reference, 0u);
    EXPECT_EQ(peer.Count(Type::Release) + peer.Count(Type::ReleaseComplete), 0u)
        << "nothing sent for the calls RESTART cleared";
    CoStatus failure = CoStatus::FromCause(Q2931Cause::TEMPORARY_FAILURE);
    ASSERT_EQ(second.Count("MakeCallComplete"), 1u);
    EXPECT_EQ(second.First("MakeCallComplete").status, failure);
    // a's client: its connected call closed, and its offer withdrawn.
    ASSERT_EQ(net.ca->Count("IncomingCloseCall"), 2u);
    for (const Event& e : net.ca->events)
    {
        if (e.what == "IncomingCloseCall")
        {
            EXPECT_EQ(e.status, failure);
        }
    }
    // (the test client deletes the VC of its failed call itself)
    ExpectHostHoldsNothing(net.a, "a");
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostRestartTest, Q2931_5_5_RecoveredLinksAndSwitchesRestartAndEndAcknowledged)
{
    std::vector<bool> hostRestarts;
    std::vector<std::pair<uint32_t, bool>> switchRestarts;
    net.a->TraceConnectWithoutContext(
        "RestartComplete",
        CoCallback<void, bool>([&hostRestarts](bool ok) { hostRestarts.push_back(ok); }));
    net.sw->TraceConnectWithoutContext(
        "RestartComplete",
        CoCallback<void, uint32_t, bool>(
            [&switchRestarts](uint32_t port, bool ok) { switchRestarts.emplace_back(port, ok); }));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    Ptr<CoChannel> link = DynamicCast<CoChannel>(net.a->GetChannel());
    // A call across; a's link fails under it and comes back at 2 s, when a
    // new call is made at once: both ends restart, and the call made as the
    // RESTARTs cross survives them.
    net.ca->Call(net.b->GetAesa(), PeerCall());
    CoSchedule(Seconds(1), [&]() { link->SetLinkUp(false); });
    std::unique_ptr<TestClient> again;
    CoSchedule(Seconds(2), [&]() {
        link->SetLinkUp(true);
        again = std::make_unique<TestClient>(net.a);
        again->Call(net.b->GetAesa(), PeerCall());
    });
    CoSchedule(Seconds(3), [&]() {
        ASSERT_EQ(again->Count("MakeCallComplete"), 1u);
        EXPECT_TRUE(again->First("MakeCallComplete").status.IsSuccess());
        net.a->CloseCall(again->vc);
    });
    // Then the switch fails and comes back: it restarts both its interfaces.
    CoSchedule(Seconds(5), [&]() { net.sw->SetOperational(false); });
    CoSchedule(Seconds(6), [&]() { net.sw->SetOperational(true); });
    Simulator::Run();

    EXPECT_EQ(hostRestarts, (std::vector<bool>{true, true}));
    EXPECT_EQ(switchRestarts,
              (std::vector<std::pair<uint32_t, bool>>{{0, true}, {0, true}, {1, true}}));
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.IsSuccess(), true);
    EXPECT_EQ(net.ca->First("IncomingCloseCall").status.GetCause(),
              Q2931Cause::NETWORK_OUT_OF_ORDER);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST(RestartPcapTest, WiresharkDecodesRestartAndItsAcknowledgement)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the captures with Wireshark";
    }
    const std::string prefix = ::testing::TempDir() + "condis-restart";
    {
        OneSwitchNetwork net;
        net.Build();
        net.helper.EnablePcapAll(prefix);
        Ptr<CoChannel> link = DynamicCast<CoChannel>(net.a->GetChannel());
        CoSchedule(Seconds(1), [&]() { link->SetLinkUp(false); });
        CoSchedule(Seconds(2), [&]() { link->SetLinkUp(true); });
        Simulator::Run();
        Simulator::Destroy();
    }
    const std::string hostA = prefix + "-0-0.pcap";
    EXPECT_EQ(TsharkProblems(hostA), std::vector<std::string>());
    // a's RESTART and the switch's cross; each is acknowledged.
    EXPECT_EQ(Tshark(hostA, "-Y q2931 -T fields -e q2931.message_type"),
              "0x46\n0x46\n0x4e\n0x4e\n");
}

} // namespace
