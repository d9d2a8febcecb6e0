/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A failure of the signalling AAL alone, the link and its data path intact
 * (Q.2931 5.6.10, T309): calls not active are cleared at once with cause
 * 27, active ones survive an outage shorter than T309 and are checked with
 * STATUS ENQUIRY (5.6.11) when it ends, and are cleared with cause 27 when
 * T309 runs out. A failure of the link itself keeps its own behaviour.
 *
 * Two hosts on one switch (co-test-network.h), 10 Mb/s and 1 ms links,
 * T309 10 s (the default); a's UNI is the one that fails.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/co-channel.h"
#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Type = Q2931MessageType;

/// What each end of a's UNI sent and reported while the test ran.
class SignallingAalFailureTest : public OneSwitchTest
{
  protected:
    void SetUp() override
    {
        OneSwitchTest::SetUp();
        uniA = DynamicCast<CoChannel>(net.a->GetChannel());
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        net.a->TraceConnectWithoutContext(
            "SignallingTx",
            CoCallback<void, const Q2931Header&>(
                [this](const Q2931Header& m) { hostSent.push_back(m.GetMessageType()); }));
        net.sw->TraceConnectWithoutContext("SignallingTx",
                                           CoCallback<void, uint32_t, const Q2931Header&>(
                                               [this](uint32_t port, const Q2931Header& m) {
                                                   if (port == PORT_A)
                                                   {
                                                       switchSent.push_back(m.GetMessageType());
                                                   }
                                               }));
        net.a->TraceConnectWithoutContext(
            "SignallingOutageEnded",
            CoCallback<void, bool>([this](bool recovered) { hostOutages.push_back(recovered); }));
        net.sw->TraceConnectWithoutContext(
            "SignallingOutageEnded",
            CoCallback<void, uint32_t, bool>([this](uint32_t port, bool recovered) {
                switchOutages.emplace_back(port, recovered);
            }));
    }

    void TearDown() override
    {
        net.ExpectViolations(0);
        OneSwitchTest::TearDown();
    }

    /// Runs the simulation until \p t (absolute).
    static void RunUntil(Time t)
    {
        Simulator::Stop(t - Simulator::Now());
        Simulator::Run();
    }

    /// \return how many messages of \p type are in \p sent
    static std::size_t Count(const std::vector<Type>& sent, Type type)
    {
        return std::count(sent.begin(), sent.end(), type);
    }

    /// Fails a's signalling AAL at \p from and restores it at \p to.
    void Outage(Time from, Time to)
    {
        Simulator::Schedule(from - Simulator::Now(), &CoChannel::SetSignallingUp, uniA, false);
        Simulator::Schedule(to - Simulator::Now(), &CoChannel::SetSignallingUp, uniA, true);
    }

    /// Sends one 100-byte SDU on a's call.
    void SendFromA() const
    {
        EXPECT_TRUE(net.a->Send(net.ca->vc, Create<Packet>(100)).IsSuccess());
    }

    static constexpr uint32_t PORT_A = 0; //!< the switch's port toward a (installed first)

    Ptr<CoChannel> uniA;                                  //!< a's access link
    std::vector<Type> hostSent;                           //!< what a sent
    std::vector<Type> switchSent;                         //!< what the switch sent to a
    std::vector<bool> hostOutages;                        //!< a's SignallingOutageEnded
    std::vector<std::pair<uint32_t, bool>> switchOutages; //!< the switch's
};

TEST_F(SignallingAalFailureTest, Q2931_5_6_10_AnActiveCallOutlivesAShortOutageAndIsCheckedAfter)
{
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    RunUntil(Seconds(1));
    ASSERT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);
    Outage(Seconds(2), Seconds(5));

    RunUntil(Seconds(3));
    EXPECT_FALSE(net.a->IsSignallingUp());
    EXPECT_TRUE(net.a->IsLinkUp());
    // The data path is intact: a's SDU reaches b during the outage.
    SendFromA();
    RunUntil(Seconds(4));
    EXPECT_EQ(net.cb->received.size(), 1u);
    EXPECT_TRUE(hostOutages.empty()) << "T309 still runs";

    RunUntil(Seconds(6));
    // Back within T309: each end enquires once about its one active call,
    // the other answers, and the call goes on.
    EXPECT_EQ(Count(hostSent, Type::StatusEnquiry), 1u);
    EXPECT_EQ(Count(switchSent, Type::StatusEnquiry), 1u);
    EXPECT_EQ(Count(hostSent, Type::Status), 1u);
    EXPECT_EQ(Count(switchSent, Type::Status), 1u);
    EXPECT_EQ(hostOutages, std::vector<bool>{true});
    EXPECT_EQ(switchOutages, (std::vector<std::pair<uint32_t, bool>>{{PORT_A, true}}));
    EXPECT_EQ(net.ca->Count("IncomingCloseCall") + net.cb->Count("IncomingCloseCall"), 0u);
    EXPECT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);
    EXPECT_EQ(net.sw->GetRunningTimerCount(), 0u) << "T322 stopped by the STATUS";
    SendFromA();
    RunUntil(Seconds(7));
    EXPECT_EQ(net.cb->received.size(), 2u);

    ASSERT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
    Simulator::Run();
    net.ExpectEverythingReleased();
}

TEST_F(SignallingAalFailureTest, Q2931_5_6_10_T309ClearsTheActiveCallsWithCause27)
{
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    RunUntil(Seconds(1));
    Outage(Seconds(2), Seconds(20));

    RunUntil(Seconds(11.9));
    EXPECT_EQ(net.ca->Count("IncomingCloseCall"), 0u) << "T309 (10 s) has not run out";
    RunUntil(Seconds(12.5));
    CoStatus outOfOrder = CoStatus::FromCause(Q2931Cause::DESTINATION_OUT_OF_ORDER);
    // Both ends of the UNI clear it, sending nothing on it; the switch
    // clears toward b, the remote user, with the same cause.
    ASSERT_EQ(net.ca->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.ca->First("IncomingCloseCall").status, outOfOrder);
    EXPECT_EQ(net.ca->First("IncomingCloseCall").at, Seconds(12));
    ASSERT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.cb->First("IncomingCloseCall").status, outOfOrder);
    EXPECT_EQ(hostOutages, std::vector<bool>{false});
    EXPECT_EQ(switchOutages, (std::vector<std::pair<uint32_t, bool>>{{PORT_A, false}}));
    EXPECT_EQ(Count(switchSent, Type::Release), 0u);

    Simulator::Run(); // the signalling comes back at 20 s to no call
    EXPECT_EQ(Count(hostSent, Type::StatusEnquiry) + Count(switchSent, Type::StatusEnquiry), 0u);
    EXPECT_EQ(Count(hostSent, Type::Restart) + Count(switchSent, Type::Restart), 0u)
        << "the link never failed: no restart";
    EXPECT_EQ(hostOutages.size(), 1u);
    net.ExpectEverythingReleased();
}

TEST_F(SignallingAalFailureTest, Q2931_5_6_10_CallsBeingSetUpAreClearedAtOnce)
{
    net.cb->answer = TestClient::Answer::Pend; // b alerts and leaves it there
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    RunUntil(Seconds(1));
    ASSERT_EQ(net.ca->Count("CallAlerting"), 1u);
    Outage(Seconds(2), Seconds(3));
    RunUntil(Seconds(2.5));

    CoStatus outOfOrder = CoStatus::FromCause(Q2931Cause::DESTINATION_OUT_OF_ORDER);
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(net.ca->First("MakeCallComplete").status, outOfOrder);
    EXPECT_EQ(net.ca->First("MakeCallComplete").at, Seconds(2)) << "at the failure itself";
    // b's offer is withdrawn by the switch's RELEASE, with the same cause.
    ASSERT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.cb->First("IncomingCloseCall").status, outOfOrder);
    EXPECT_TRUE(net.cb->pendedOffers.empty());
    Simulator::Run();
    EXPECT_EQ(hostOutages, std::vector<bool>{true}) << "T309 ran, for no active call";
    EXPECT_EQ(Count(hostSent, Type::StatusEnquiry), 0u);
    net.ExpectEverythingReleased();
}

TEST_F(SignallingAalFailureTest, MakeCallIsRefusedAtOnceWhileTheUniCannotSignal)
{
    std::size_t refused = 0;
    net.a->TraceConnectWithoutContext(
        "MakeCallRefused",
        CoCallback<void, CoVcHandle, CoStatus, const CoCallParameters&>(
            [&refused](CoVcHandle, CoStatus, const CoCallParameters&) { ++refused; }));
    uniA->SetSignallingUp(false);
    CoStatus s = net.ca->Call(net.b->GetAesa(), PeerCall());
    EXPECT_EQ(s, CoStatus::FromCause(Q2931Cause::NETWORK_OUT_OF_ORDER));
    EXPECT_EQ(refused, 1u) << "an attempt all the same, for the calls table";
    EXPECT_TRUE(net.a->DeleteVc(net.ca->vc).IsSuccess());
    Simulator::Run();
    EXPECT_EQ(Count(hostSent, Type::Setup), 0u);

    uniA->SetSignallingUp(true);
    EXPECT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    Simulator::Run();
    EXPECT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);
    EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
    Simulator::Run();
    net.ExpectEverythingReleased();
}

TEST_F(SignallingAalFailureTest, Q2931_5_6_11_ACallTheFarEndClearedDuringTheOutageEndsWhenItIsOver)
{
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    RunUntil(Seconds(1));
    Outage(Seconds(2), Seconds(5));
    // b hangs up during the outage: the switch's RELEASE toward a cannot
    // pass, and T308 (30 s) would resend it long after.
    CoSchedule(Seconds(2),
               [this]() { EXPECT_TRUE(net.b->CloseCall(net.cb->incomingVc).IsPending()); });
    RunUntil(Seconds(4.9));
    EXPECT_EQ(net.ca->Count("IncomingCloseCall"), 0u);
    RunUntil(Seconds(6));
    // a's enquiry finds the switch releasing the call: a's client hears of
    // it at once, not at T308's expiry.
    EXPECT_EQ(Count(hostSent, Type::StatusEnquiry), 1u);
    EXPECT_EQ(Count(switchSent, Type::StatusEnquiry), 0u) << "its leg was not active";
    ASSERT_EQ(net.ca->Count("IncomingCloseCall"), 1u);
    EXPECT_LT(net.ca->First("IncomingCloseCall").at, Seconds(5.1));
    Simulator::Run();
    net.ExpectEverythingReleased();
}

TEST_F(SignallingAalFailureTest, ALinkFailureDuringTheOutageEndsEveryCallAndLaterRestarts)
{
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    RunUntil(Seconds(1));
    uniA->SetSignallingUp(false);
    RunUntil(Seconds(2));
    uniA->SetLinkUp(false); // the link itself now: its calls go at once (38)
    ASSERT_EQ(net.ca->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.ca->First("IncomingCloseCall").status,
              CoStatus::FromCause(Q2931Cause::NETWORK_OUT_OF_ORDER));
    RunUntil(Seconds(3));
    uniA->SetLinkUp(true); // the link is back, its signalling still failed
    EXPECT_FALSE(net.a->IsSignallingUp());
    RunUntil(Seconds(20));
    EXPECT_TRUE(hostOutages.empty()) << "the link failure ended the outage, unreported";
    EXPECT_EQ(Count(hostSent, Type::Restart), 0u) << "no RESTART can pass yet";
    uniA->SetSignallingUp(true); // now both ends restart the interface (5.5)
    Simulator::Run();
    EXPECT_EQ(Count(hostSent, Type::Restart), 1u);
    EXPECT_EQ(Count(switchSent, Type::Restart), 1u);
    EXPECT_EQ(Count(hostSent, Type::StatusEnquiry), 0u);
    net.ExpectEverythingReleased();
}

TEST_F(SignallingAalFailureTest, ManyCallsAtOnceActiveOnesSurviveTheOthersAreClearedAndAllEnd)
{
    constexpr std::size_t N = 40;
    // N calls connected, then N more that b leaves alerting.
    std::vector<std::unique_ptr<TestClient>> connected;
    std::vector<std::unique_ptr<TestClient>> alerting;
    for (std::size_t i = 0; i < N; ++i)
    {
        connected.push_back(std::make_unique<TestClient>(net.a));
        ASSERT_TRUE(connected.back()->Call(net.b->GetAesa(), PeerCall()).IsPending());
    }
    RunUntil(Seconds(1));
    net.cb->answer = TestClient::Answer::Pend;
    for (std::size_t i = 0; i < N; ++i)
    {
        alerting.push_back(std::make_unique<TestClient>(net.a));
        ASSERT_TRUE(alerting.back()->Call(net.b->GetAesa(), PeerCall()).IsPending());
    }
    RunUntil(Seconds(2));
    ASSERT_EQ(net.cb->pendedOffers.size(), N);
    Outage(Seconds(3), Seconds(6));
    RunUntil(Seconds(4));

    CoStatus outOfOrder = CoStatus::FromCause(Q2931Cause::DESTINATION_OUT_OF_ORDER);
    for (const auto& c : alerting)
    {
        ASSERT_EQ(c->Count("MakeCallComplete"), 1u);
        EXPECT_EQ(c->First("MakeCallComplete").status, outOfOrder);
    }
    EXPECT_TRUE(net.cb->pendedOffers.empty()) << "every offer withdrawn";
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), N);
    EXPECT_EQ(net.sw->GetCallCount(), N) << "the active calls only";

    RunUntil(Seconds(7));
    EXPECT_EQ(Count(hostSent, Type::StatusEnquiry), N);
    EXPECT_EQ(Count(switchSent, Type::StatusEnquiry), N);
    for (const auto& c : connected)
    {
        EXPECT_EQ(c->Count("IncomingCloseCall"), 0u);
        EXPECT_EQ(net.a->GetCallState(c->vc), CoNetDevice::CallState::Connected);
    }
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), N);

    // The same again, longer than T309: every active call ends.
    Outage(Seconds(8), Seconds(30));
    RunUntil(Seconds(19));
    for (const auto& c : connected)
    {
        ASSERT_EQ(c->Count("IncomingCloseCall"), 1u);
        EXPECT_EQ(c->First("IncomingCloseCall").status, outOfOrder);
    }
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), 2 * N);
    Simulator::Run();
    net.ExpectEverythingReleased();
}

TEST_F(SignallingAalFailureTest, TheChannelKeepsItsSignallingAndItsLinkApart)
{
    std::vector<bool> states;
    uniA->TraceConnectWithoutContext("SignallingState", CoCallback<void, bool>([&states](bool up) {
                                         states.push_back(up);
                                     }));
    EXPECT_TRUE(uniA->IsSignallingUp());
    uniA->SetSignallingUp(false);
    uniA->SetLinkUp(false);
    uniA->SetSignallingUp(true); // the link is still down
    EXPECT_FALSE(uniA->IsSignallingUp());
    EXPECT_FALSE(net.sw->GetPort(PORT_A)->IsSignallingUp());
    uniA->SetLinkUp(true);
    EXPECT_TRUE(uniA->IsSignallingUp());
    EXPECT_TRUE(net.a->IsSignallingUp());
    EXPECT_EQ(states, (std::vector<bool>{false, true}));
    BooleanValue v;
    uniA->GetAttribute("SignallingUp", v);
    EXPECT_TRUE(v.Get());
    uniA->SetAttribute("SignallingUp", BooleanValue(false));
    EXPECT_FALSE(net.a->IsSignallingUp());
    EXPECT_TRUE(net.a->IsLinkUp());
    uniA->SetAttribute("SignallingUp", BooleanValue(true));
    Simulator::Run();
}

} // namespace
