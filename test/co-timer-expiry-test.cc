/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Q.2931 timers of both sides, each let run out against a raw peer that
 * does not answer: what is sent again, when, with which cause, and that the
 * call reference and every resource are freed afterwards.
 *
 * Host side (user side): T303 (5.1.1), T310 (5.1.5), T313 (5.2.7), T308
 * (5.4.3). Switch side (network side): T303 and T310 (5.2.1, 5.2.5.4), T308
 * (5.4.4). Defaults: the host's T303 4 s, T308 30 s, T310 30 s, T313 4 s;
 * the switch's T303 4 s, T308 30 s, T310 10 s.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// The VCI the raw peers give the calls they answer or offer.
constexpr uint16_t PEER_VCI = 100;

/**
 * Hosts a and b on a switch, with the switch's port toward a host taken
 * over by a raw peer: the host's messages reach the test, not the switch.
 */
class HostTimerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Makes the raw peer toward a answer every SETUP with CALL PROCEEDING,
    /// then CONNECT unless \p connect is false, and every RELEASE with
    /// RELEASE COMPLETE unless \p answerRelease is false.
    void AnswerA(RawPeer& peer, bool connect, bool answerRelease)
    {
        peer.answer = [&peer, connect, answerRelease](const RawMessage& m) {
            if (m.type == Q2931MessageType::Setup)
            {
                Q2931Header proceeding(Q2931MessageType::CallProceeding, m.reference, true);
                proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, PEER_VCI));
                peer.Send(proceeding);
                if (connect)
                {
                    peer.Send(Q2931Header(Q2931MessageType::Connect, m.reference, true));
                }
            }
            else if (m.type == Q2931MessageType::Release && answerRelease)
            {
                peer.Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, true));
            }
        };
    }

    OneSwitchNetwork net;
};

TEST_F(HostTimerTest, T303SendsTheSetupAgainOnceThenClearsWithCause102)
{
    // Q.2931 5.1.1: no answer to SETUP; at the first expiry of T303 the same
    // SETUP again, at the second RELEASE COMPLETE with cause 102 ("recovery
    // on timer expiry"), the call reference freed, and MakeCall fails.
    RawPeer peer(net.sw->GetPort(0));
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    CoSchedule(Seconds(6), [&]() { EXPECT_EQ(net.a->GetCallReferenceCount(), 1u); });
    Simulator::Run();

    std::vector<RawMessage> setups = peer.All(Q2931MessageType::Setup);
    ASSERT_EQ(setups.size(), 2u);
    EXPECT_EQ(setups[1].reference, setups[0].reference);
    EXPECT_EQ(setups[1].at - setups[0].at, Seconds(4));
    EXPECT_EQ(setups[1].message.GetCallParameters().forward.peakCellRate, 100u);
    std::vector<RawMessage> cleared = peer.All(Q2931MessageType::ReleaseComplete);
    ASSERT_EQ(cleared.size(), 1u);
    EXPECT_EQ(cleared[0].reference, setups[0].reference);
    EXPECT_FALSE(cleared[0].flag) << "the host allocated the call reference";
    EXPECT_EQ(cleared[0].cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    // Sent 4 s after the second SETUP; shorter, it arrives a little sooner.
    EXPECT_GT(cleared[0].at - setups[1].at, Seconds(4) - MilliSeconds(1));
    EXPECT_LE(cleared[0].at - setups[1].at, Seconds(4));
    EXPECT_EQ(peer.received.size(), 3u);

    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
    EXPECT_EQ(net.ca->First("MakeCallComplete").at, Seconds(8));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostTimerTest, T310ReleasesWithCause102AndMakeCallFails)
{
    // Q.2931 5.1.5: CALL PROCEEDING came, CONNECT does not; when T310 runs
    // out the host clears with RELEASE, cause 102 (5.4.3).
    RawPeer peer(net.sw->GetPort(0));
    AnswerA(peer, false, true);
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    Simulator::Run();

    std::vector<RawMessage> releases = peer.All(Q2931MessageType::Release);
    ASSERT_EQ(releases.size(), 1u);
    EXPECT_EQ(releases[0].cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    EXPECT_EQ(releases[0].reference, peer.received[0].reference);
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    const Event& failed = net.ca->First("MakeCallComplete");
    EXPECT_EQ(failed.status, CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
    // T310 (30 s) runs from the CALL PROCEEDING, a few milliseconds in.
    EXPECT_GT(failed.at, Seconds(30));
    EXPECT_LT(failed.at, Seconds(30.01));
    EXPECT_LT(releases[0].at - failed.at, MilliSeconds(2)) << "sent as MakeCall failed";
    EXPECT_EQ(peer.Count(Q2931MessageType::Setup), 1u) << "CALL PROCEEDING stopped T303";
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostTimerTest, T308SendsTheReleaseAgainOnceThenFreesTheCallReference)
{
    // Q.2931 5.4.3: the network never answers the host's RELEASE. At the
    // first expiry of T308 the same RELEASE again, at the second the call
    // reference is freed and nothing more is sent; the pended CloseCall
    // completes then.
    RawPeer peer(net.sw->GetPort(0));
    AnswerA(peer, true, false);
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    CoSchedule(Seconds(1), [&]() {
        ASSERT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
        EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
    });
    CoSchedule(Seconds(45), [&]() {
        EXPECT_EQ(net.a->GetCallReferenceCount(), 1u) << "kept between the two RELEASEs";
        EXPECT_EQ(net.ca->Count("CloseCallComplete"), 0u);
    });
    Simulator::Run();

    std::vector<RawMessage> releases = peer.All(Q2931MessageType::Release);
    ASSERT_EQ(releases.size(), 2u);
    for (const RawMessage& r : releases)
    {
        EXPECT_EQ(r.reference, peer.received[0].reference);
        EXPECT_EQ(r.cause, Q2931Cause::NORMAL_CLEARING) << "the first RELEASE's cause, again";
    }
    EXPECT_EQ(releases[1].at - releases[0].at, Seconds(30));
    EXPECT_EQ(peer.received.back().type, Q2931MessageType::Release) << "nothing after";
    ASSERT_EQ(net.ca->Count("CloseCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("CloseCallComplete").status.IsSuccess());
    EXPECT_EQ(net.ca->First("CloseCallComplete").at, Seconds(61));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostTimerTest, T313ReleasesWithCause102AndTheCalleeIsTold)
{
    // Q.2931 5.2.7: the called host's CONNECT is never acknowledged; when
    // T313 runs out it clears with RELEASE, cause 102 (5.4.3), and its
    // client hears IncomingCloseCall with that cause.
    RawPeer peer(net.sw->GetPort(1));
    peer.answer = [&peer](const RawMessage& m) {
        if (m.type == Q2931MessageType::Release)
        {
            peer.Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, false));
        }
    };
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    peer.Send(SetupFromNetwork(net.b->GetAesa(), 9, PEER_VCI, PeerCall()));
    Simulator::Run();

    ASSERT_GE(peer.received.size(), 2u);
    EXPECT_EQ(peer.received[0].type, Q2931MessageType::Connect);
    std::vector<RawMessage> releases = peer.All(Q2931MessageType::Release);
    ASSERT_EQ(releases.size(), 1u);
    EXPECT_EQ(releases[0].reference, 9u);
    EXPECT_TRUE(releases[0].flag) << "the peer allocated the call reference";
    EXPECT_EQ(releases[0].cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    EXPECT_EQ(releases[0].at - peer.received[0].at, Seconds(4));
    EXPECT_EQ(net.cb->Count("CallConnected"), 0u);
    ASSERT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.cb->First("IncomingCloseCall").status,
              CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

/// A switch between two raw peers: peer 0 calls, peer 1 is called.
class SwitchTimerTest : public RawPeersSwitchTest
{
  protected:
    /// Peer 0 sends SETUP with call reference 7.
    void Call()
    {
        SendSetup(7);
    }

    /// Peer \p i answers every message of \p type with RELEASE COMPLETE.
    void CompleteReleases(uint32_t i, Q2931MessageType type)
    {
        RawPeer& peer = *peers[i];
        peer.answer = [&peer, type](const RawMessage& m) {
            if (m.type == type)
            {
                peer.Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, !m.flag));
            }
        };
    }

    /// Expects the switch to hold nothing of any call, and no timer.
    void ExpectNothingHeld() const
    {
        EXPECT_EQ(sw->GetCallCount(), 0u);
        EXPECT_EQ(sw->GetSetupCount(), 0u);
        EXPECT_EQ(sw->GetCrossConnectCount(), 0u);
        EXPECT_EQ(sw->GetRunningTimerCount(), 0u);
        for (uint32_t p : {0, 1})
        {
            EXPECT_EQ(sw->GetReservedCellRate(p), 0u) << "port " << p;
            EXPECT_EQ(sw->GetVciCount(p), 0u) << "port " << p;
        }
    }
};

TEST_F(SwitchTimerTest, T303SendsTheSetupAgainOnceThenClearsBothWays)
{
    // Q.2931 5.2.1 and 5.2.5.4: the called side never answers. The same
    // SETUP again at the first expiry; at the second, RELEASE COMPLETE with
    // cause 102 toward it and RELEASE with cause 18 ("no user responding")
    // toward the caller.
    CompleteReleases(0, Q2931MessageType::Release);
    Call();
    Simulator::Run();

    std::vector<RawMessage> setups = peers[1]->All(Q2931MessageType::Setup);
    ASSERT_EQ(setups.size(), 2u);
    EXPECT_EQ(setups[1].reference, setups[0].reference);
    EXPECT_EQ(setups[1].at - setups[0].at, Seconds(4));
    std::vector<RawMessage> cleared = peers[1]->All(Q2931MessageType::ReleaseComplete);
    ASSERT_EQ(cleared.size(), 1u);
    EXPECT_EQ(cleared[0].cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    EXPECT_GT(cleared[0].at - setups[1].at, Seconds(4) - MilliSeconds(1));
    EXPECT_LE(cleared[0].at - setups[1].at, Seconds(4));
    std::vector<RawMessage> released = peers[0]->All(Q2931MessageType::Release);
    ASSERT_EQ(released.size(), 1u);
    EXPECT_EQ(released[0].reference, 7u);
    EXPECT_EQ(released[0].cause, Q2931Cause::NO_USER_RESPONDING);
    EXPECT_LT(released[0].at - cleared[0].at, MilliSeconds(1)) << "both at the second expiry";
    ExpectNothingHeld();
}

TEST_F(SwitchTimerTest, T310ClearsEachSideWithItsCauseAndT308RepeatsEach)
{
    // Q.2931 5.2.5.4: CALL PROCEEDING came, CONNECT did not: RELEASE with
    // cause 102 toward the called side, cause 18 toward the caller. Neither
    // answers: Q.2931 5.4.4, each RELEASE again with its own cause at the
    // first expiry of T308, each leg freed at the second.
    peers[1]->answer = [this](const RawMessage& m) {
        if (m.type == Q2931MessageType::Setup)
        {
            peers[1]->Send(Q2931Header(Q2931MessageType::CallProceeding, m.reference, true));
        }
    };
    Call();
    CoSchedule(Seconds(50), [this]() {
        EXPECT_EQ(sw->GetCallCount(), 1u) << "both legs wait for T308";
        EXPECT_EQ(sw->GetReservedCellRate(0) + sw->GetReservedCellRate(1), 0u)
            << "bandwidth goes back with the first RELEASE";
        EXPECT_EQ(sw->GetRunningTimerCount(), 2u);
    });
    Simulator::Run();

    for (uint32_t i : {0, 1})
    {
        std::vector<RawMessage> releases = peers[i]->All(Q2931MessageType::Release);
        ASSERT_EQ(releases.size(), 2u) << "peer " << i;
        uint8_t cause =
            i == 0 ? Q2931Cause::NO_USER_RESPONDING : Q2931Cause::RECOVERY_ON_TIMER_EXPIRY;
        EXPECT_EQ(releases[0].cause, cause) << "peer " << i;
        EXPECT_EQ(releases[1].cause, cause) << "peer " << i << ": the same cause again";
        EXPECT_EQ(releases[1].reference, releases[0].reference);
        EXPECT_EQ(releases[1].at - releases[0].at, Seconds(30));
        EXPECT_EQ(peers[i]->received.back().type, Q2931MessageType::Release);
    }
    // T310 ran from the CALL PROCEEDING that answered the SETUP at once.
    Time cleared = peers[0]->All(Q2931MessageType::Release)[0].at;
    EXPECT_GT(cleared, peers[1]->received[0].at + Seconds(10));
    EXPECT_LT(cleared, peers[1]->received[0].at + Seconds(10.01));
    ExpectNothingHeld();
}

TEST_F(SwitchTimerTest, T308SendsTheReleaseAgainOnceThenFreesTheLeg)
{
    // Q.2931 5.4.4: a connected call released by the caller; the called side
    // never answers the switch's RELEASE. The same RELEASE again at the
    // first expiry of T308; at the second, its call reference, VCI and the
    // call are freed and nothing more is sent.
    peers[1]->answer = [this](const RawMessage& m) {
        if (m.type == Q2931MessageType::Setup)
        {
            peers[1]->Send(Q2931Header(Q2931MessageType::Connect, m.reference, true));
        }
    };
    Call();
    CoSchedule(Seconds(1), [this]() {
        ASSERT_EQ(peers[0]->received.back().type, Q2931MessageType::Connect);
        EXPECT_EQ(sw->GetCrossConnectCount(), 2u);
        Q2931Header release(Q2931MessageType::Release, 7, false);
        release.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
        peers[0]->Send(release);
    });
    CoSchedule(Seconds(60), [this]() {
        EXPECT_EQ(sw->GetCallCount(), 1u) << "until the second expiry, just after 61 s";
        EXPECT_EQ(sw->GetVciCount(1), 1u) << "the silent leg keeps its VCI";
        EXPECT_EQ(sw->GetVciCount(0), 0u);
        EXPECT_EQ(sw->GetCrossConnectCount(), 0u);
        EXPECT_EQ(sw->GetReservedCellRate(0) + sw->GetReservedCellRate(1), 0u);
    });
    Simulator::Run();

    ASSERT_EQ(peers[0]->Count(Q2931MessageType::ReleaseComplete), 1u);
    std::vector<RawMessage> releases = peers[1]->All(Q2931MessageType::Release);
    ASSERT_EQ(releases.size(), 2u);
    for (const RawMessage& r : releases)
    {
        EXPECT_EQ(r.reference, peers[1]->received[0].reference);
        EXPECT_EQ(r.cause, Q2931Cause::NORMAL_CLEARING) << "the caller's cause, passed on";
    }
    EXPECT_GT(releases[0].at, Seconds(1)) << "passed on as the caller's came";
    EXPECT_LT(releases[0].at, Seconds(1.01));
    EXPECT_EQ(releases[1].at - releases[0].at, Seconds(30));
    EXPECT_EQ(peers[1]->received.back().type, Q2931MessageType::Release) << "nothing after";
    ExpectNothingHeld();
}

} // namespace
