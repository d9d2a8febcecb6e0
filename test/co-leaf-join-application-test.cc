/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoLeafJoinApplication on its own: the leaf host's switch port is a raw
 * peer that plays the network and the root, answering each LEAF SETUP
 * REQUEST as the test says (the joining call's SETUP, a LEAF SETUP FAILURE,
 * silence), and releasing the call when told. Checked: the plan (AddJoin's
 * refusals, one join at a time, a join that waited past its leave time
 * skipped), the counters and trace sources, leaving at the planned time and
 * at the stop, and that the device holds nothing and no rule is broken at
 * the end.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/co-leaf-join-application.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/q2931-connection-identifier-ie.h"
#include "ns3/uni40-leaf-sequence-number-ie.h"
#include "ns3/uni40-lij-call-identifier-ie.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

constexpr uint32_t CALL_ID = 9; //!< the root's LIJ call identifier

/// How the raw network answers a LEAF SETUP REQUEST.
enum class Network
{
    Connect, //!< SETUP with the request's sequence number, then CONNECT ACKNOWLEDGE
    Refuse,  //!< LEAF SETUP FAILURE, cause 21
    Silent,  //!< nothing (T331 runs out)
};

class LeafJoinApplicationTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
        peer = std::make_unique<RawPeer>(net.sw->GetPort(0));
        root = net.b->GetAesa();
        app = CreateObject<CoLeafJoinApplication>();
        app->SetAttribute("Root", AesaAddressValue(root));
        app->SetAttribute("CallIdentifier", UintegerValue(CALL_ID));
        net.hosts.Get(0)->AddApplication(app);
        app->TraceConnectWithoutContext("Joined", CoCallback<void, Time>([this](Time latency) {
                                            joinedAt.push_back(Simulator::Now());
                                            latencies.push_back(latency);
                                        }));
        app->TraceConnectWithoutContext(
            "JoinFailed",
            CoCallback<void, CoStatus>([this](CoStatus s) { failures.push_back(s); }));
        app->TraceConnectWithoutContext("Left", CoCallback<void, CoStatus>([this](CoStatus s) {
                                            left.push_back(s);
                                            leftAt.push_back(Simulator::Now());
                                        }));
        peer->answer = [this](const RawMessage& m) { Answer(m); };
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// The raw network's side of each message from the leaf.
    void Answer(const RawMessage& m)
    {
        switch (m.type)
        {
        case Q2931MessageType::LeafSetupRequest: {
            requestsAt.push_back(Simulator::Now());
            LijCallIdentifierIe identifier;
            ASSERT_TRUE(m.message.GetOtherIe(identifier));
            EXPECT_EQ(identifier.value, CALL_ID);
            EXPECT_EQ(m.message.GetCalledPartyNumber()->number, root);
            Network how = answers.empty() ? Network::Connect : answers.front();
            if (!answers.empty())
            {
                answers.erase(answers.begin());
            }
            if (how == Network::Refuse)
            {
                Q2931Header failure(Q2931MessageType::LeafSetupFailure, m.reference, true);
                failure.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::CALL_REJECTED));
                peer->Send(failure);
            }
            else if (how == Network::Connect)
            {
                CoCallParameters p = OneWay(net.a->GetAesa());
                p.callingParty = root;
                Q2931Header setup = SetupFromNetwork(net.a->GetAesa(), nextReference, nextVci++, p);
                LeafSequenceNumberIe sequence;
                m.message.GetOtherIe(sequence);
                setup.SetOtherIe(sequence);
                ++nextReference;
                peer->Send(setup);
            }
            break;
        }
        case Q2931MessageType::Connect:
            peer->Send(Q2931Header(Q2931MessageType::ConnectAcknowledge, m.reference, false));
            break;
        case Q2931MessageType::Release:
            peer->Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, false));
            break;
        default:
            break;
        }
    }

    /// The network (the root) releases the joined call with reference \p reference.
    void Release(uint32_t reference)
    {
        Q2931Header release(Q2931MessageType::Release, reference, false);
        release.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
        peer->Send(release);
    }

    /// Runs until \p stop, the application running from 0.1 s to \p appStop.
    void Run(Time appStop, Time stop)
    {
        app->SetStartTime(Seconds(0.1)); // after the signalling link came up
        app->SetStopTime(appStop);
        Simulator::Stop(stop);
        Simulator::Run();
    }

    /// Asserts that the leaf holds nothing and broke no rule.
    void ExpectNothingHeld()
    {
        ExpectHostHoldsNothing(net.a, "leaf");
        net.a->EndOfRun();
        std::ostringstream os;
        net.a->GetRuleChecker().PrintReport(os);
        EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u) << os.str();
    }

    OneSwitchNetwork net;
    std::unique_ptr<RawPeer> peer;
    AesaAddress root;
    Ptr<CoLeafJoinApplication> app;
    std::vector<Network> answers; //!< for the requests in order (then Connect)
    uint32_t nextReference = 50;
    uint16_t nextVci = 100;
    std::vector<Time> requestsAt;
    std::vector<Time> joinedAt;
    std::vector<Time> latencies;
    std::vector<CoStatus> failures;
    std::vector<CoStatus> left;
    std::vector<Time> leftAt;
};

TEST_F(LeafJoinApplicationTest, AddJoinRefusesANegativeJoinAndALeaveNotAfterIt)
{
    EXPECT_FALSE(app->AddJoin(Seconds(-1)));
    EXPECT_FALSE(app->AddJoin(Seconds(1), Seconds(1)));
    EXPECT_FALSE(app->AddJoin(Seconds(2), Seconds(1)));
    EXPECT_TRUE(app->AddJoin(Seconds(0.5), Seconds(1)));
    Run(Seconds(3), Seconds(4));
    // Only the valid plan ran: one request, one join, one leave.
    EXPECT_EQ(requestsAt.size(), 1u);
    EXPECT_EQ(app->GetJoinedCount(), 1u);
    ExpectNothingHeld();
}

TEST_F(LeafJoinApplicationTest, APlannedJoinConnectsReceivesNothingExtraAndLeavesOnTime)
{
    ASSERT_TRUE(app->AddJoin(Seconds(0.5), Seconds(1.5)));
    Run(Seconds(3), Seconds(4));

    ASSERT_EQ(requestsAt.size(), 1u);
    EXPECT_NEAR(requestsAt[0].GetSeconds(), 0.6, 0.01) << "0.5 s after the start";
    ASSERT_EQ(joinedAt.size(), 1u);
    EXPECT_EQ(app->GetJoinedCount(), 1u);
    EXPECT_EQ(app->GetFailedCount(), 0u);
    EXPECT_GT(latencies[0], Seconds(0));
    EXPECT_EQ(latencies[0], joinedAt[0] - Seconds(0.6)) << "from JoinCall to its completion";
    ASSERT_EQ(left.size(), 1u);
    EXPECT_TRUE(left[0].IsSuccess()) << "it closed the call itself";
    EXPECT_NEAR(leftAt[0].GetSeconds(), 1.6, 0.01) << "RELEASE at 1.6 s, answered at once";
    EXPECT_EQ(peer->Count(Q2931MessageType::Release), 1u);
    EXPECT_FALSE(app->IsJoined());
    ExpectNothingHeld();
}

TEST_F(LeafJoinApplicationTest, ARefusedJoinCountsItsCauseAndTheNextJoinGoesAhead)
{
    answers = {Network::Refuse, Network::Connect};
    ASSERT_TRUE(app->AddJoin(Seconds(0.2), Seconds(0.8)));
    ASSERT_TRUE(app->AddJoin(Seconds(1), Seconds(2)));
    Run(Seconds(3), Seconds(4));

    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].GetCause(), Q2931Cause::CALL_REJECTED);
    EXPECT_EQ(app->GetFailedCount(), 1u);
    EXPECT_EQ(app->GetLastFailureCause(), Q2931Cause::CALL_REJECTED);
    EXPECT_EQ(app->GetJoinedCount(), 1u);
    EXPECT_EQ(requestsAt.size(), 2u);
    EXPECT_TRUE(left.size() == 1u && left[0].IsSuccess());
    ExpectNothingHeld();
}

TEST_F(LeafJoinApplicationTest, OneJoinAtATimeAndAJoinThatWaitedPastItsLeaveIsSkipped)
{
    // The first join stays to 2 s. The second is due at 0.5 s and waits;
    // the third is due at 1 s but should leave at 1.5 s, before the first
    // ends: it is never asked. (Times from the start, at 0.1 s.)
    ASSERT_TRUE(app->AddJoin(Seconds(0.1), Seconds(2)));
    ASSERT_TRUE(app->AddJoin(Seconds(0.5), Seconds(2.5)));
    ASSERT_TRUE(app->AddJoin(Seconds(1), Seconds(1.5)));
    Run(Seconds(3), Seconds(4));

    ASSERT_EQ(requestsAt.size(), 2u) << "the first, then the second once the first ended";
    EXPECT_NEAR(requestsAt[1].GetSeconds(), 2.1, 0.01) << "right after the first left";
    EXPECT_EQ(app->GetJoinedCount(), 2u);
    ASSERT_EQ(leftAt.size(), 2u);
    EXPECT_NEAR(leftAt[1].GetSeconds(), 2.6, 0.01) << "the second still leaves when planned";
    ExpectNothingHeld();
}

TEST_F(LeafJoinApplicationTest, TheNetworksReleaseEndsTheJoinAndTheStopLeavesTheCall)
{
    ASSERT_TRUE(app->AddJoin(Seconds(0.1))); // stays until the network ends it
    ASSERT_TRUE(app->AddJoin(Seconds(0.2))); // waits, then stays to the stop
    CoSchedule(Seconds(1), [this] { Release(50); });
    Run(Seconds(2), Seconds(3));

    ASSERT_EQ(left.size(), 2u);
    EXPECT_EQ(left[0].GetCause(), Q2931Cause::NORMAL_CLEARING) << "released by the network";
    EXPECT_NEAR(leftAt[0].GetSeconds(), 1, 0.01);
    EXPECT_TRUE(left[1].IsSuccess()) << "closed by the leaf at the stop";
    EXPECT_NEAR(leftAt[1].GetSeconds(), 2, 0.01);
    EXPECT_EQ(app->GetJoinedCount(), 2u);
    EXPECT_EQ(peer->Count(Q2931MessageType::ReleaseComplete), 1u)
        << "the leaf answered the release";
    ExpectNothingHeld();
}

TEST_F(LeafJoinApplicationTest, AJoinNobodyAnswersFailsAfterT331Twice)
{
    answers = {Network::Silent, Network::Silent};
    net.a->SetAttribute("T331", TimeValue(Seconds(1)));
    ASSERT_TRUE(app->AddJoin(Seconds(0.1)));
    Run(Seconds(5), Seconds(6));

    EXPECT_EQ(requestsAt.size(), 2u) << "sent again once";
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].GetCause(), Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    EXPECT_TRUE(left.empty());
    ExpectNothingHeld();
}

TEST_F(LeafJoinApplicationTest, WithoutAPlanItJoinsAtTheStartForItsHoldingTime)
{
    app->SetAttribute("HoldingTime", TimeValue(Seconds(0.7)));
    Run(Seconds(3), Seconds(4));

    ASSERT_EQ(requestsAt.size(), 1u);
    EXPECT_NEAR(requestsAt[0].GetSeconds(), 0.1, 0.01) << "at the start";
    ASSERT_EQ(leftAt.size(), 1u);
    EXPECT_NEAR(leftAt[0].GetSeconds(), 0.8, 0.01) << "after its holding time";
    ExpectNothingHeld();
}

} // namespace
