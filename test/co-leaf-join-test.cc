/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Leaf-initiated join (ATM Forum UNI 4.0) end to end and at each end: a
 * leaf's JoinCall reaches the root's client through several switches, which
 * approves it (the leaf is added as a party, and receives from then on) or
 * refuses it (the leaf gets the cause); a call the network joins leaves to
 * by itself, at the nearest switch that carries it, without telling the
 * root; T331 sent again once, then the join fails; requests for no call and
 * with bad bytes refused. At the end of each, nothing is held anywhere and
 * no rule is broken.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/q2931-called-party-number-ie.h"
#include "ns3/q2931-calling-party-number-ie.h"
#include "ns3/q2931-connection-identifier-ie.h"
#include "ns3/uni40-leaf-sequence-number-ie.h"
#include "ns3/uni40-lij-call-identifier-ie.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

constexpr uint32_t CALL_ID = 7; //!< the LIJ call identifier of the root's call

/// A root's client: makes the multipoint call, answers leaves' requests as
/// told, answers the network's drops and closes.
struct RootClient
{
    explicit RootClient(Ptr<CoNetDevice> d)
        : device(d)
    {
        CoClientHandlers h;
        h.makeCallComplete = CoCallback<void, CoStatus, CoVcHandle, const CoCallParameters&>(
            [this](CoStatus s, CoVcHandle, const CoCallParameters&) {
                Record("MakeCallComplete", s);
            });
        h.addPartyComplete = CoCallback<void, CoStatus, CoPartyHandle, const CoCallParameters&>(
            [this](CoStatus s, CoPartyHandle p, const CoCallParameters&) {
                Record("AddPartyComplete", s);
                if (s.IsSuccess())
                {
                    joined.push_back(p);
                }
            });
        h.incomingLeafJoin = CoCallback<CoStatus, CoVcHandle, const AesaAddress&>(
            [this](CoVcHandle v, const AesaAddress& leaf) {
                Record("IncomingLeafJoin", CoStatus());
                EXPECT_EQ(v, vc);
                askedBy.push_back(leaf);
                return answer;
            });
        h.incomingDropParty =
            CoCallback<void, CoStatus, CoPartyHandle>([this](CoStatus s, CoPartyHandle p) {
                Record("IncomingDropParty", s);
                EXPECT_TRUE(device->DropParty(p).IsSuccess());
            });
        h.dropPartyComplete = CoCallback<void, CoStatus, CoPartyHandle>(
            [this](CoStatus s, CoPartyHandle) { Record("DropPartyComplete", s); });
        h.incomingCloseCall =
            CoCallback<void, CoStatus, CoVcHandle>([this](CoStatus s, CoVcHandle v) {
                Record("IncomingCloseCall", s);
                EXPECT_TRUE(device->CloseCall(v).IsSuccess());
                EXPECT_TRUE(device->DeleteVc(v).IsSuccess());
            });
        h.closeCallComplete =
            CoCallback<void, CoStatus, CoVcHandle>([this](CoStatus s, CoVcHandle v) {
                Record("CloseCallComplete", s);
                EXPECT_TRUE(device->DeleteVc(v).IsSuccess());
            });
        client = device->OpenAddressFamily(h);
    }

    /// Makes the call leaves may join, to \p first.
    void Call(const AesaAddress& first, CoLeafJoinMode mode)
    {
        ASSERT_TRUE(device->CreateVc(client, vc).IsSuccess());
        ASSERT_TRUE(
            device->MakeCall(vc, OneWay(first), firstParty, CoLeafJoin{CALL_ID, mode}).IsPending());
    }

    /// Sends one SDU on the call, if it is connected.
    void Send()
    {
        if (device->GetCallState(vc) == CoNetDevice::CallState::Connected &&
            device->Send(vc, Create<Packet>(100)).IsSuccess())
        {
            sent.push_back(Simulator::Now());
        }
    }

    /// Closes the call with the first party, once the others are gone.
    void Close()
    {
        ASSERT_TRUE(device->CloseCall(vc, firstParty).IsPending());
    }

    void Record(const std::string& what, CoStatus s)
    {
        events.push_back(Event{what, s, 0, Simulator::Now()});
    }

    std::size_t Count(const std::string& what) const
    {
        return std::count_if(events.begin(), events.end(), [&what](const Event& e) {
            return e.what == what;
        });
    }

    Ptr<CoNetDevice> device;
    CoClientHandle client;
    CoVcHandle vc;
    CoPartyHandle firstParty;
    CoStatus answer;                  //!< what incomingLeafJoin answers
    std::vector<AesaAddress> askedBy; //!< the leaves that asked
    std::vector<CoPartyHandle> joined;
    std::vector<Time> sent;
    std::vector<Event> events;
};

/// A leaf's client: joins the root's call, receives, leaves.
struct LeafClient
{
    explicit LeafClient(Ptr<CoNetDevice> d)
        : device(d)
    {
        CoClientHandlers h;
        h.joinCallComplete = CoCallback<void, CoStatus, CoVcHandle, const CoCallParameters&>(
            [this](CoStatus s, CoVcHandle v, const CoCallParameters&) {
                completions.push_back(s);
                completedAt = Simulator::Now();
                if (!s.IsSuccess())
                {
                    EXPECT_TRUE(device->DeleteVc(v).IsSuccess());
                }
            });
        h.receive = CoCallback<void, CoVcHandle, Ptr<Packet>>(
            [this](CoVcHandle, Ptr<Packet>) { received.push_back(Simulator::Now()); });
        h.incomingCloseCall =
            CoCallback<void, CoStatus, CoVcHandle>([this](CoStatus s, CoVcHandle v) {
                closedBy = s;
                EXPECT_TRUE(device->CloseCall(v).IsSuccess());
                EXPECT_TRUE(device->DeleteVc(v).IsSuccess());
            });
        h.closeCallComplete = CoCallback<void, CoStatus, CoVcHandle>(
            [this](CoStatus, CoVcHandle v) { EXPECT_TRUE(device->DeleteVc(v).IsSuccess()); });
        client = device->OpenAddressFamily(h);
    }

    /// JoinCall for the root's call; \return its status
    CoStatus Join(const AesaAddress& root, uint32_t identifier = CALL_ID)
    {
        EXPECT_TRUE(device->CreateVc(client, vc).IsSuccess());
        CoStatus status = device->JoinCall(vc, root, identifier);
        if (!status.IsPending())
        {
            EXPECT_TRUE(device->DeleteVc(vc).IsSuccess()); // refused at once: the VC is ours
        }
        return status;
    }

    /// Leaves the call (CloseCall), if connected.
    void Leave()
    {
        ASSERT_EQ(device->GetCallState(vc), CoNetDevice::CallState::Connected);
        ASSERT_TRUE(device->CloseCall(vc).IsPending());
    }

    Ptr<CoNetDevice> device;
    CoClientHandle client;
    CoVcHandle vc;
    std::vector<CoStatus> completions;
    Time completedAt;
    std::vector<Time> received;
    std::optional<CoStatus> closedBy;
};

/**
 * Tree(2, 2): s0; s1, s2 under it; s3, s4 under s1; s5, s6 under s2. The
 * root host is on s0, its first leaf (an ordinary incoming call) on s3.
 */
class LeafJoinNetworkTest : public ::testing::Test
{
  protected:
    LeafJoinNetworkTest()
    {
        co.SetChannelAttribute("DataRate", StringValue("10Mbps"));
        co.SetChannelAttribute("Delay", StringValue("1ms"));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Builds the tree, the root, the first leaf and a joining leaf on \p joinerAt.
    void Build(uint32_t joinerAt)
    {
        topo.Build(CoTopologyGenerator::Tree(2, 2));
        rootDevice = topo.AttachHost(CreateObject<Node>(), 0);
        firstDevice = topo.AttachHost(CreateObject<Node>(), 3);
        joinerDevice = topo.AttachHost(CreateObject<Node>(), joinerAt);
        topo.InstallRoutes();
        root = std::make_unique<RootClient>(rootDevice);
        first = std::make_unique<TestClient>(firstDevice);
        ASSERT_TRUE(first->RegisterOwnSap().IsSuccess());
        joiner = std::make_unique<LeafClient>(joinerDevice);
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            topo.GetSwitch(v)->TraceConnectWithoutContext(
                "LeafSetupForwarded",
                CoCallback<void, uint32_t, uint32_t, uint32_t>(
                    [this, v](uint32_t, uint32_t, uint32_t) { forwardedBy.push_back(v); }));
            topo.GetSwitch(v)->TraceConnectWithoutContext(
                "NetworkJoin",
                CoCallback<void, uint64_t, uint32_t, uint32_t>(
                    [this, v](uint64_t, uint32_t port, uint32_t) {
                        joinedBy.push_back({v, port});
                    }));
        }
    }

    /// A network-join call to the first leaf (on s3), which answers only
    /// when told; the leaf on s4 asks to join at 0.3 s, while s1 has the
    /// call in setup.
    void JoinWhileTheCallIsSetUp()
    {
        Build(4);
        first->answer = TestClient::Answer::Pend;
        root->Call(firstDevice->GetAesa(), CoLeafJoinMode::NetworkJoin);
        CoSchedule(Seconds(0.3),
                   [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    }

    /// Expects, at \p at, that no switch keeps a record of a request: each
    /// ended with the answer that passed it, not with its guard.
    void ExpectNoRequestKeptAt(Time at)
    {
        CoSchedule(at, [this] {
            for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
            {
                EXPECT_EQ(topo.GetSwitch(v)->GetLeafSetupCount(), 0u) << "switch " << v;
            }
        });
    }

    /// The root sends an SDU every 10 ms in [from, to).
    void SendBetween(Time from, Time to)
    {
        for (Time t = from; t < to; t += MilliSeconds(10))
        {
            Simulator::Schedule(t, &RootClient::Send, root.get());
        }
    }

    /// Counts the data frames switch \p u sends toward switch \p v.
    void CountCopies(uint32_t u, uint32_t v)
    {
        CountDataFrames(topo.GetSwitch(u)->GetPort(topo.GetPort(u, v)), copies[u * 100 + v]);
    }

    /// Asserts that nothing is held anywhere and no rule was broken.
    void ExpectEverythingReleased()
    {
        ExpectSwitchesHoldNothing(topo);
        ExpectHostHoldsNothing(rootDevice, "root");
        ExpectHostHoldsNothing(firstDevice, "first leaf");
        ExpectHostHoldsNothing(joinerDevice, "joining leaf");
        EXPECT_EQ(rootDevice->GetPartyHandleCount(), 0u);
        EXPECT_EQ(rootDevice->GetQ2971PartyCount(), 0u);
        for (Ptr<CoNetDevice> d : {rootDevice, firstDevice, joinerDevice})
        {
            d->EndOfRun();
            std::ostringstream os;
            d->GetRuleChecker().PrintReport(os);
            EXPECT_EQ(d->GetRuleChecker().GetViolationCount(), 0u) << os.str();
        }
    }

    CoHelper co;
    CoTopologyHelper topo{co};
    Ptr<CoNetDevice> rootDevice;
    Ptr<CoNetDevice> firstDevice;
    Ptr<CoNetDevice> joinerDevice;
    std::unique_ptr<RootClient> root;
    std::unique_ptr<TestClient> first;
    std::unique_ptr<LeafClient> joiner;
    std::vector<uint32_t> forwardedBy;                   //!< switches that passed a request on
    std::vector<std::pair<uint32_t, uint32_t>> joinedBy; //!< switch and port of network joins
    std::map<std::size_t, uint64_t> copies;              //!< data frames per directed link
};

TEST_F(LeafJoinNetworkTest, Uni40_ARootPromptedJoinApprovedThroughSeveralSwitchesReceivesData)
{
    // The joining leaf is on s5: its request crosses s5, s2 and s0.
    Build(5);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5), [this] {
        EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending());
        EXPECT_EQ(joinerDevice->GetCallState(joiner->vc), CoNetDevice::CallState::Joining);
    });
    SendBetween(Seconds(0.2), Seconds(2));
    ExpectNoRequestKeptAt(Seconds(1.5));
    Simulator::Schedule(Seconds(2.1), &LeafClient::Leave, joiner.get());
    Simulator::Schedule(Seconds(2.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u) << "JoinCall completes exactly once";
    EXPECT_TRUE(joiner->completions[0].IsSuccess()) << joiner->completions[0];
    ASSERT_EQ(root->askedBy.size(), 1u) << "the root's client approved the one request";
    EXPECT_EQ(root->askedBy[0], joinerDevice->GetAesa());
    EXPECT_EQ(root->Count("AddPartyComplete"), 1u);
    EXPECT_EQ(root->joined.size(), 1u) << "the approved leaf became a party";
    EXPECT_EQ(root->Count("IncomingDropParty"), 1u) << "its leaving reached the root";
    EXPECT_EQ(forwardedBy, (std::vector<uint32_t>{5, 2, 0})) << "toward the root, hop by hop";
    EXPECT_TRUE(joinedBy.empty()) << "no switch joined it by itself";
    // Data reached the new leaf from its join on, and nothing before.
    ASSERT_FALSE(joiner->received.empty());
    EXPECT_GE(joiner->received.front(), Seconds(0.5));
    EXPECT_GE(joiner->received.size(), 100u) << "about 150 SDUs were sent while it was a party";
    EXPECT_FALSE(first->received.empty());
    EXPECT_FALSE(joiner->closedBy.has_value()) << "it left by itself";
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_AnApprovedJoinBehindAnExistingBranchGoesAsAddPartyAndOneCopy)
{
    // The joining leaf is on s3, as the first: the root's ADD PARTY goes down
    // the branches s0 -> s1 -> s3 the call has, and only s3 branches anew.
    Build(3);
    std::vector<uint32_t> branchedAt;
    for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
    {
        topo.GetSwitch(v)->TraceConnectWithoutContext(
            "BranchAdded",
            CoCallback<void, uint64_t, uint32_t>(
                [&branchedAt, v](uint64_t, uint32_t) { branchedAt.push_back(v); }));
    }
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5), [this, &branchedAt] {
        EXPECT_EQ(branchedAt, (std::vector<uint32_t>{0, 1, 3})) << "the first party's branches";
        branchedAt.clear();
        EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending());
    });
    CountCopies(0, 1);
    CountCopies(1, 3);
    SendBetween(Seconds(0.2), Seconds(2));
    ExpectNoRequestKeptAt(Seconds(1.5));
    Simulator::Schedule(Seconds(2.1), &LeafClient::Leave, joiner.get());
    Simulator::Schedule(Seconds(2.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_TRUE(joiner->completions[0].IsSuccess()) << joiner->completions[0];
    EXPECT_EQ(forwardedBy, (std::vector<uint32_t>{3, 1, 0}));
    EXPECT_EQ(branchedAt, (std::vector<uint32_t>{3})) << "only toward the new leaf's host";
    std::size_t total = root->sent.size();
    EXPECT_EQ(copies[1], total) << "one copy s0 -> s1 for both leaves";
    EXPECT_EQ(copies[103], total) << "one copy s1 -> s3 for both leaves";
    EXPECT_GE(joiner->received.size(), 100u);
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_AJoinTheRootRefusesFailsWithTheRootsCause)
{
    Build(5);
    root->answer = CoStatus::FromCause(Q2931Cause::USER_BUSY);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5),
               [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    ExpectNoRequestKeptAt(Seconds(1)); // the refusal went back the way the request came
    Simulator::Schedule(Seconds(1.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_FALSE(joiner->completions[0].IsSuccess());
    EXPECT_EQ(joiner->completions[0].GetCause(), Q2931Cause::USER_BUSY);
    EXPECT_LT(joiner->completedAt, Seconds(1)) << "refused, not timed out";
    EXPECT_EQ(root->askedBy.size(), 1u);
    EXPECT_EQ(root->Count("AddPartyComplete"), 0u) << "no party was added";
    EXPECT_TRUE(joiner->received.empty());
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_ARequestForNoCallOfTheRootIsRefusedAndNothingLeaks)
{
    Build(6);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5), [this] {
        EXPECT_TRUE(joiner->Join(rootDevice->GetAesa(), CALL_ID + 1).IsPending());
    });
    ExpectNoRequestKeptAt(Seconds(1));
    Simulator::Schedule(Seconds(1.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_EQ(joiner->completions[0].GetCause(), Q2931Cause::INVALID_IE_CONTENTS);
    EXPECT_TRUE(root->askedBy.empty()) << "the root's client is not asked about another call";
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_TheNetworkJoinsALeafAtTheNearestSwitchWithoutTellingTheRoot)
{
    // The call goes s0 -> s1 -> s3. A leaf on s4 asks: s1 carries the call
    // and joins it there, with a branch toward s4; s0 and the root see nothing.
    Build(4);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::NetworkJoin);
    CoSchedule(Seconds(0.5),
               [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    CountCopies(0, 1);
    CountCopies(1, 3);
    CountCopies(1, 4);
    CountCopies(0, 2);
    SendBetween(Seconds(0.2), Seconds(2));
    ExpectNoRequestKeptAt(Seconds(1.5));
    CoSchedule(Seconds(1), [this] {
        // The root knows one party; s1 holds two routes, s0 one branch.
        EXPECT_EQ(rootDevice->GetPartyHandleCount(), 1u);
        EXPECT_EQ(rootDevice->GetQ2971PartyCount(), 1u);
        EXPECT_EQ(topo.GetSwitch(0)->GetBranchCount(), 1u);
        EXPECT_EQ(topo.GetSwitch(1)->GetBranchCount(), 2u);
        EXPECT_EQ(topo.GetSwitch(4)->GetMultipointCallCount(), 1u);
    });
    Simulator::Schedule(Seconds(2.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_TRUE(joiner->completions[0].IsSuccess()) << joiner->completions[0];
    EXPECT_TRUE(root->askedBy.empty()) << "the root is not asked";
    EXPECT_EQ(root->Count("AddPartyComplete"), 0u) << "nor told";
    EXPECT_EQ(forwardedBy, (std::vector<uint32_t>{4})) << "s4 passed it on to s1, which joined it";
    ASSERT_EQ(joinedBy.size(), 1u);
    EXPECT_EQ(joinedBy[0].first, 1u) << "the nearest switch that carries the call";
    EXPECT_EQ(joinedBy[0].second, topo.GetPort(1, 4));
    ASSERT_FALSE(joiner->received.empty());
    EXPECT_GE(joiner->received.front(), Seconds(0.5));
    // One copy per link: s0 sent s1 what the root sent, no more, and s1 sent
    // each of s3 and s4 at most that; nothing went toward s2.
    std::size_t total = root->sent.size();
    EXPECT_EQ(copies[1], total);
    EXPECT_LE(copies[103], total);
    EXPECT_LE(copies[104], total);
    EXPECT_GE(copies[104], joiner->received.size());
    EXPECT_EQ(copies[2], 0u);
    // The call's end reached the leaf the root never knew.
    ASSERT_TRUE(joiner->closedBy.has_value());
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_ANetworkJoinThatComesWhileTheCallIsSetUpWaitsForIt)
{
    // The first leaf (on s3) answers late, so s1 has the call in setup when
    // the joiner's request (from s4) reaches it: s1 holds the request and
    // joins the leaf once the CONNECT passes, instead of refusing it (41).
    JoinWhileTheCallIsSetUp();
    CoSchedule(Seconds(0.5), [this] {
        EXPECT_TRUE(joiner->completions.empty()) << "held, not refused";
        EXPECT_EQ(topo.GetSwitch(1)->GetLeafSetupCount(), 1u);
        EXPECT_TRUE(first->AnswerIfOffered(CoStatus()));
    });
    ExpectNoRequestKeptAt(Seconds(1.5));
    SendBetween(Seconds(0.7), Seconds(2));
    Simulator::Schedule(Seconds(2.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_TRUE(joiner->completions[0].IsSuccess()) << joiner->completions[0];
    EXPECT_GE(joiner->completedAt, Seconds(0.5)) << "once the call was up at s1";
    ASSERT_EQ(joinedBy.size(), 1u);
    EXPECT_EQ(joinedBy[0].first, 1u);
    EXPECT_FALSE(joiner->received.empty());
    EXPECT_TRUE(root->askedBy.empty());
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_ANetworkJoinWaitingForACallThatFailsIsRefused)
{
    JoinWhileTheCallIsSetUp();
    CoSchedule(Seconds(0.5), [this] {
        EXPECT_TRUE(first->AnswerIfOffered(CoStatus(CoStatusCode::NotAccepted)));
    });
    ExpectNoRequestKeptAt(Seconds(1.5));
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_EQ(joiner->completions[0].GetCause(), Q2931Cause::TEMPORARY_FAILURE)
        << joiner->completions[0];
    EXPECT_TRUE(joinedBy.empty());
    EXPECT_EQ(root->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(rootDevice->DeleteVc(root->vc).IsSuccess()); // its call failed
    ExpectEverythingReleased();
}

// ---- the root's answer pended, and joins that would add a leaf twice ------------------

TEST_F(LeafJoinNetworkTest, Uni40_APendedJoinAnsweredLaterAddsTheLeafOnceThoughT331Repeated)
{
    Build(5);
    // The leaf's T331 runs out once while the root's client thinks: the
    // repeated request must not be offered again.
    joinerDevice->SetAttribute("T331", TimeValue(Seconds(0.3)));
    root->answer = CoStatus(CoStatusCode::Pending);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5),
               [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    CoSchedule(Seconds(0.9), [this] {
        EXPECT_EQ(joinerDevice->GetCallState(joiner->vc), CoNetDevice::CallState::Joining);
        EXPECT_TRUE(joiner->completions.empty()) << "the root has not answered yet";
        EXPECT_EQ(root->Count("AddPartyComplete"), 0u);
        rootDevice->IncomingLeafJoinComplete(CoStatus(), root->vc, joinerDevice->GetAesa());
    });
    SendBetween(Seconds(0.2), Seconds(2));
    Simulator::Schedule(Seconds(2.1), &LeafClient::Leave, joiner.get());
    Simulator::Schedule(Seconds(2.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u) << "JoinCall completes exactly once";
    EXPECT_TRUE(joiner->completions[0].IsSuccess()) << joiner->completions[0];
    EXPECT_GE(joiner->completedAt, Seconds(0.9)) << "after the root's answer";
    EXPECT_LT(joiner->completedAt, Seconds(1.1)) << "before T331's second expiry";
    EXPECT_EQ(root->askedBy.size(), 1u) << "the repeated request was not offered again";
    EXPECT_EQ(root->Count("AddPartyComplete"), 1u);
    EXPECT_EQ(root->joined.size(), 1u);
    ASSERT_FALSE(joiner->received.empty());
    EXPECT_GE(joiner->received.front(), Seconds(0.9)) << "nothing before it was added";
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_APendedJoinRefusedLaterFailsWithTheRootsCause)
{
    Build(6);
    root->answer = CoStatus(CoStatusCode::Pending);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5),
               [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    CoSchedule(Seconds(1), [this] {
        rootDevice->IncomingLeafJoinComplete(CoStatus::FromCause(Q2931Cause::USER_BUSY),
                                             root->vc,
                                             joinerDevice->GetAesa());
    });
    Simulator::Schedule(Seconds(1.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_EQ(joiner->completions[0].GetCause(), Q2931Cause::USER_BUSY);
    EXPECT_GE(joiner->completedAt, Seconds(1));
    EXPECT_EQ(root->Count("AddPartyComplete"), 0u);
    EXPECT_TRUE(joiner->received.empty());
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_TheCallsEndWithdrawsAPendedJoinAndALateAnswerIsAViolation)
{
    Build(5);
    root->answer = CoStatus(CoStatusCode::Pending);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5),
               [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    // The root closes its call before answering: the leaf is told at once,
    // as a request for no call would be, and no answer is owed any more.
    Simulator::Schedule(Seconds(1), &RootClient::Close, root.get());
    CoSchedule(Seconds(1.5), [this] {
        EXPECT_EQ(rootDevice->GetRuleChecker().GetPendingCount(), 0u);
        // A client that answers anyway breaks the contract.
        rootDevice->IncomingLeafJoinComplete(CoStatus(), root->vc, joinerDevice->GetAesa());
    });
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_EQ(joiner->completions[0].GetCause(), Q2931Cause::INVALID_IE_CONTENTS);
    EXPECT_LT(joiner->completedAt, Seconds(1.1)) << "told when the call ended, not by T331";
    EXPECT_EQ(root->Count("AddPartyComplete"), 0u);
    ExpectSwitchesHoldNothing(topo);
    ExpectHostHoldsNothing(rootDevice, "root");
    ExpectHostHoldsNothing(joinerDevice, "joining leaf");
    rootDevice->EndOfRun();
    const CoRuleChecker& rules = rootDevice->GetRuleChecker();
    // The root's client had deleted the VC when its close completed.
    EXPECT_EQ(rules.GetViolationCount(CoRule::StaleHandle), 1u) << "the late answer";
    EXPECT_EQ(rules.GetViolationCount(CoRule::NeverCompleted), 0u) << "the withdrawn join";
    EXPECT_EQ(rules.GetViolationCount(), 1u);
}

TEST_F(LeafJoinNetworkTest, Uni40_APendedJoinNeverAnsweredIsCountedAndBadAnswersAreViolations)
{
    Build(5);
    root->answer = CoStatus(CoStatusCode::Pending);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoSchedule(Seconds(0.5),
               [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    CoSchedule(Seconds(1), [this] {
        // Pending is no answer; a leaf that did not ask has nothing to answer.
        rootDevice->IncomingLeafJoinComplete(CoStatus(CoStatusCode::Pending),
                                             root->vc,
                                             joinerDevice->GetAesa());
        rootDevice->IncomingLeafJoinComplete(CoStatus(), root->vc, firstDevice->GetAesa());
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();

    EXPECT_TRUE(joiner->completions.empty()) << "still waiting for the root";
    rootDevice->EndOfRun();
    const CoRuleChecker& rules = rootDevice->GetRuleChecker();
    EXPECT_EQ(rules.GetViolationCount(CoRule::CompletedWithPending), 1u);
    EXPECT_EQ(rules.GetViolationCount(CoRule::CompletedTwice), 1u) << "the leaf that did not ask";
    EXPECT_EQ(rules.GetViolationCount(CoRule::NeverCompleted), 1u) << "the join left unanswered";
}

TEST_F(LeafJoinNetworkTest, Uni40_ALeafJoinsACallOnceAtATime)
{
    Build(5);
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoVcHandle second;
    ASSERT_TRUE(joinerDevice->CreateVc(joiner->client, second).IsSuccess());
    std::vector<CoStatus> again;
    auto joinAgain = [this, &second, &again] {
        again.push_back(joinerDevice->JoinCall(second, rootDevice->GetAesa(), CALL_ID));
    };
    CoSchedule(Seconds(0.5),
               [this] { EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()); });
    CoSchedule(Seconds(0.501), joinAgain); // while the first is joining
    CoSchedule(Seconds(1), joinAgain);     // while it is joined
    CoSchedule(Seconds(1.1), [this] {
        // Another call of the same root is another matter.
        CoVcHandle other;
        ASSERT_TRUE(joinerDevice->CreateVc(joiner->client, other).IsSuccess());
        EXPECT_TRUE(joinerDevice->JoinCall(other, rootDevice->GetAesa(), CALL_ID + 1).IsPending());
    });
    Simulator::Schedule(Seconds(1.5), &LeafClient::Leave, joiner.get());
    CoSchedule(Seconds(2), joinAgain); // after it left: allowed again
    CoSchedule(Seconds(2.5), [this, &second] {
        EXPECT_EQ(joinerDevice->GetCallState(second), CoNetDevice::CallState::Connected);
        EXPECT_TRUE(joinerDevice->CloseCall(second).IsPending());
    });
    Simulator::Schedule(Seconds(3), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(again.size(), 3u);
    EXPECT_EQ(again[0].GetCode(), CoStatusCode::InvalidState) << again[0];
    EXPECT_EQ(again[1].GetCode(), CoStatusCode::InvalidState) << again[1];
    EXPECT_TRUE(again[2].IsPending()) << again[2];
    // The first join, the one for no call (cause 100), and the rejoin.
    ASSERT_EQ(joiner->completions.size(), 3u);
    EXPECT_TRUE(joiner->completions[0].IsSuccess());
    EXPECT_EQ(joiner->completions[1].GetCause(), Q2931Cause::INVALID_IE_CONTENTS);
    EXPECT_TRUE(joiner->completions[2].IsSuccess());
    EXPECT_EQ(root->askedBy.size(), 2u);
    EXPECT_EQ(root->Count("AddPartyComplete"), 2u);
    ExpectEverythingReleased();
}

TEST_F(LeafJoinNetworkTest, Uni40_ARootRefusesAJoinOfALeafThatIsAPartyAlready)
{
    Build(5);
    // A client of the joining host accepts the root's own AddParty of it.
    TestClient acceptor(joinerDevice);
    ASSERT_TRUE(acceptor.RegisterOwnSap().IsSuccess());
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::RootPrompted);
    CoPartyHandle added;
    CoSchedule(Seconds(0.3), [this, &added] {
        CoCallParameters p = OneWay(joinerDevice->GetAesa());
        EXPECT_TRUE(rootDevice->AddParty(root->vc, p, added).IsPending());
        // At once, while the root's SETUP is on its way: the leaf does not
        // know yet, the root does.
        EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending());
    });
    CoSchedule(Seconds(0.6), [this] {
        // Added now: the leaf's own device knows it is a party of the call.
        EXPECT_EQ(joiner->Join(rootDevice->GetAesa()).GetCode(), CoStatusCode::InvalidState);
    });
    CoSchedule(Seconds(1), [this, &added] {
        EXPECT_EQ(rootDevice->GetParties(root->vc).size(), 2u) << "no third party";
        EXPECT_TRUE(rootDevice->DropParty(added).IsPending());
    });
    Simulator::Schedule(Seconds(1.5), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_EQ(joiner->completions[0].GetCause(), Q2931Cause::CALL_REJECTED);
    EXPECT_LT(joiner->completedAt, Seconds(1));
    EXPECT_TRUE(root->askedBy.empty()) << "the root's client is not asked";
    EXPECT_EQ(root->Count("AddPartyComplete"), 1u) << "its own AddParty only";
    EXPECT_EQ(root->Count("DropPartyComplete"), 1u);
    ExpectEverythingReleased();
}

// In network join no switch knows which leaves are parties: a leaf the root
// added itself is kept from asking to join by its own device, so that the
// network does not add it a second time; once that call ended it may.
TEST_F(LeafJoinNetworkTest, Uni40_ALeafTheRootAddedIsNotJoinedToItsCallAgain)
{
    Build(4);
    TestClient acceptor(joinerDevice);
    ASSERT_TRUE(acceptor.RegisterOwnSap().IsSuccess());
    root->Call(firstDevice->GetAesa(), CoLeafJoinMode::NetworkJoin);
    CoPartyHandle added;
    CoSchedule(Seconds(0.3), [this, &added] {
        CoCallParameters p = OneWay(joinerDevice->GetAesa());
        EXPECT_TRUE(rootDevice->AddParty(root->vc, p, added).IsPending());
    });
    CoSchedule(Seconds(0.6), [this] {
        EXPECT_EQ(joiner->Join(rootDevice->GetAesa()).GetCode(), CoStatusCode::InvalidState);
    });
    CoSchedule(Seconds(1), [this] {
        EXPECT_EQ(topo.GetSwitch(4)->GetMultipointCallCount(), 1u);
        EXPECT_EQ(topo.GetSwitch(4)->GetBranchCount(), 1u) << "one branch toward the leaf";
        EXPECT_EQ(joinerDevice->GetLeafJoinCount(), 1u) << "the call it is a party of";
    });
    CoSchedule(Seconds(1.5),
               [this, &added] { EXPECT_TRUE(rootDevice->DropParty(added).IsPending()); });
    CoSchedule(Seconds(2), [this] {
        EXPECT_EQ(joinerDevice->GetLeafJoinCount(), 0u);
        EXPECT_TRUE(joiner->Join(rootDevice->GetAesa()).IsPending()) << "dropped: it may join";
    });
    Simulator::Schedule(Seconds(3), &RootClient::Close, root.get());
    Simulator::Run();

    ASSERT_EQ(joiner->completions.size(), 1u);
    EXPECT_TRUE(joiner->completions[0].IsSuccess()) << joiner->completions[0];
    EXPECT_EQ(root->Count("AddPartyComplete"), 1u);
    EXPECT_EQ(root->Count("DropPartyComplete"), 1u);
    ExpectEverythingReleased();
}

// ---- the leaf's side against a raw network -------------------------------------------

/**
 * Host a is a leaf; the switch's port toward it is a raw peer that plays the
 * network and answers as each test says.
 */
class JoinCallHostTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
        peer = std::make_unique<RawPeer>(net.sw->GetPort(0));
        leaf = std::make_unique<LeafClient>(net.a);
        rootAddress = net.b->GetAesa();
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    void RunFor(Time t)
    {
        Simulator::Stop(t);
        Simulator::Run();
    }

    OneSwitchNetwork net;
    std::unique_ptr<RawPeer> peer;
    std::unique_ptr<LeafClient> leaf;
    AesaAddress rootAddress;
};

TEST_F(JoinCallHostTest, Uni40_T331SendsTheRequestAgainOnceThenTheJoinFails)
{
    net.a->SetAttribute("T331", TimeValue(Seconds(5)));
    RunFor(Seconds(0.1)); // the signalling link comes up
    ASSERT_TRUE(leaf->Join(rootAddress).IsPending());
    RunFor(Seconds(20));

    std::vector<RawMessage> requests = peer->All(Q2931MessageType::LeafSetupRequest);
    ASSERT_EQ(requests.size(), 2u) << "sent, then once again";
    EXPECT_NEAR((requests[1].at - requests[0].at).GetSeconds(), 5, 0.01);
    EXPECT_EQ(requests[0].reference, requests[1].reference) << "the same request";
    LeafSequenceNumberIe s0;
    LeafSequenceNumberIe s1;
    LijCallIdentifierIe id;
    ASSERT_TRUE(requests[0].message.GetOtherIe(s0));
    ASSERT_TRUE(requests[1].message.GetOtherIe(s1));
    EXPECT_EQ(s0, s1);
    ASSERT_TRUE(requests[0].message.GetOtherIe(id));
    EXPECT_EQ(id.value, CALL_ID);
    EXPECT_EQ(requests[0].message.GetCalledPartyNumber()->number, rootAddress);
    EXPECT_EQ(requests[0].message.GetCallingPartyNumber()->number, net.a->GetAesa());

    ASSERT_EQ(leaf->completions.size(), 1u);
    EXPECT_EQ(leaf->completions[0].GetCause(), Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    EXPECT_NEAR(leaf->completedAt.GetSeconds(), requests[0].at.GetSeconds() + 10, 0.01);
    EXPECT_EQ(net.a->GetLeafJoinCount(), 0u);
    EXPECT_EQ(net.a->GetVcCount(), 0u);
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(JoinCallHostTest, Uni40_ALeafSetupFailureEndsTheJoinWithItsCause)
{
    RunFor(Seconds(0.1));
    ASSERT_TRUE(leaf->Join(rootAddress).IsPending());
    peer->answer = [this](const RawMessage& m) {
        if (m.type == Q2931MessageType::LeafSetupRequest)
        {
            Q2931Header failure(Q2931MessageType::LeafSetupFailure, m.reference, true);
            failure.SetCause(
                CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NO_ROUTE_TO_DESTINATION));
            LeafSequenceNumberIe sequence;
            m.message.GetOtherIe(sequence);
            failure.SetOtherIe(sequence);
            peer->Send(failure);
            peer->Send(failure); // a second one finds no request: let go
        }
    };
    RunFor(Seconds(1));
    ASSERT_EQ(leaf->completions.size(), 1u);
    EXPECT_EQ(leaf->completions[0].GetCause(), Q2931Cause::NO_ROUTE_TO_DESTINATION);
    EXPECT_EQ(peer->Count(Q2931MessageType::LeafSetupRequest), 1u);
    EXPECT_EQ(peer->Count(Q2931MessageType::Status), 0u);
    EXPECT_EQ(peer->Count(Q2931MessageType::ReleaseComplete), 0u);
    EXPECT_EQ(net.a->GetLeafJoinCount(), 0u);
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(JoinCallHostTest, Uni40_TheSetupCarryingTheSequenceNumberConnectsTheJoin)
{
    RunFor(Seconds(0.1));
    ASSERT_TRUE(leaf->Join(rootAddress).IsPending());
    // An offer for another call arriving meanwhile is not the join's.
    CoSapHandle sap;
    ASSERT_TRUE(net.a->RegisterSap(leaf->client, CoSap(net.a->GetAesa()), sap).IsSuccess());
    peer->answer = [this](const RawMessage& m) {
        if (m.type == Q2931MessageType::LeafSetupRequest)
        {
            CoCallParameters p = OneWay(net.a->GetAesa());
            p.callingParty = rootAddress;
            Q2931Header setup = SetupFromNetwork(net.a->GetAesa(), 40, 77, p);
            LeafSequenceNumberIe sequence;
            m.message.GetOtherIe(sequence);
            LeafSequenceNumberIe other(sequence.value + 1);
            setup.SetOtherIe(other); // not this leaf's request: no join answers it
            peer->Send(setup);
            Q2931Header join = SetupFromNetwork(net.a->GetAesa(), 41, 78, p);
            join.SetOtherIe(sequence);
            peer->Send(join);
        }
        else if (m.type == Q2931MessageType::Connect && m.reference == 41)
        {
            peer->Send(Q2931Header(Q2931MessageType::ConnectAcknowledge, 41, false));
        }
    };
    RunFor(Seconds(1));
    ASSERT_EQ(leaf->completions.size(), 1u);
    EXPECT_TRUE(leaf->completions[0].IsSuccess());
    EXPECT_EQ(net.a->GetCallState(leaf->vc), CoNetDevice::CallState::Connected);
    EXPECT_EQ(net.a->GetCallParameters(leaf->vc).callingParty, rootAddress);
    // The other SETUP was offered as an ordinary call (the leaf's client
    // rejects what it has no incomingCall handler for).
    std::vector<RawMessage> completes = peer->All(Q2931MessageType::ReleaseComplete);
    ASSERT_EQ(completes.size(), 1u);
    EXPECT_EQ(completes[0].reference, 40u);

    // The leaf leaves as from any call.
    leaf->Leave();
    peer->answer = [this](const RawMessage& m) {
        if (m.type == Q2931MessageType::Release)
        {
            peer->Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, false));
        }
    };
    RunFor(Seconds(1));
    EXPECT_EQ(net.a->GetVcCount(), 0u);
    EXPECT_EQ(net.a->GetCallReferenceCount(), 0u);
    EXPECT_EQ(net.a->GetLeafJoinCount(), 0u);
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(JoinCallHostTest, Uni40_AJoinLeftPendingAtTheEndIsNeverCompleted)
{
    RunFor(Seconds(0.1));
    ASSERT_TRUE(leaf->Join(rootAddress).IsPending());
    EXPECT_EQ(net.a->JoinCall(leaf->vc, rootAddress, CALL_ID).GetCode(), CoStatusCode::InvalidState)
        << "a VC joining already";
    EXPECT_EQ(net.a->DeleteVc(leaf->vc).GetCode(), CoStatusCode::InvalidState)
        << "nor deleted while it joins";
    RunFor(Seconds(1));
    net.a->EndOfRun();
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(CoRule::NeverCompleted), 1u);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(CoRule::DeleteVcWithCall), 1u);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 2u);
    net.a->AbandonRun();
}

// ---- the switch against raw peers: bad requests ----------------------------------------

class LeafSetupSwitchTest : public RawPeersSwitchTest
{
  protected:
    /// A request from peer 0 to join `called`'s call 7, as sequence number 3.
    Q2931Header Request() const
    {
        Q2931Header m(Q2931MessageType::LeafSetupRequest, 9, false);
        m.SetCallingPartyNumber(CallingPartyNumberIe(
            AesaAddress::FromString("47.0005.80ffe1000000f21a1111.0020481a1111.00")));
        m.SetCalledPartyNumber(CalledPartyNumberIe(called));
        m.SetOtherIe(LijCallIdentifierIe(CALL_ID));
        m.SetOtherIe(LeafSequenceNumberIe(3));
        return m;
    }
};

TEST_F(LeafSetupSwitchTest, Uni40_ARequestIsPassedOnTowardTheRootAndItsFailureBack)
{
    RunFor(Seconds(0.1));
    peers[1]->answer = [this](const RawMessage& m) {
        if (m.type == Q2931MessageType::LeafSetupRequest)
        {
            Q2931Header failure(Q2931MessageType::LeafSetupFailure, m.reference, true);
            failure.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::CALL_REJECTED));
            failure.SetOtherIe(LeafSequenceNumberIe(3));
            peers[1]->Send(failure);
        }
    };
    peers[0]->Send(Request());
    RunFor(Seconds(0.5));
    EXPECT_EQ(sw->GetLeafSetupCount(), 0u);
    std::vector<RawMessage> passed = peers[1]->All(Q2931MessageType::LeafSetupRequest);
    ASSERT_EQ(passed.size(), 1u);
    EXPECT_FALSE(passed[0].flag);
    LijCallIdentifierIe id;
    EXPECT_TRUE(passed[0].message.GetOtherIe(id));
    std::vector<RawMessage> back = peers[0]->All(Q2931MessageType::LeafSetupFailure);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].reference, 9u) << "on the reference the request came with";
    EXPECT_TRUE(back[0].flag);
    EXPECT_EQ(back[0].cause, Q2931Cause::CALL_REJECTED);
    ExpectSwitchHoldsNothing(sw, "switch");
}

TEST_F(LeafSetupSwitchTest, Uni40_ARequestWithBadOrMissingIesIsRefusedNamingTheIe)
{
    RunFor(Seconds(0.1));
    // The identifier type 3 (not root assigned); then no sequence number;
    // then a call reference the switch does not know, from the wrong side.
    Q2931Header badType = Request();
    Q2931RawIe raw = badType.GetOtherIes().front();
    ASSERT_EQ(raw.identifier, LijCallIdentifierIe::IDENTIFIER);
    raw.contents[0] = 0x83;
    badType.AddOtherIe(raw);
    peers[0]->Send(badType);
    Q2931Header noSequence = Request();
    noSequence.SetCallReference(10);
    ASSERT_TRUE(noSequence.RemoveInformationElement(LeafSequenceNumberIe::IDENTIFIER));
    peers[0]->Send(noSequence);
    Q2931Header wrongSide = Request();
    wrongSide.SetCallReference(11);
    wrongSide.SetCallReferenceFlag(true);
    peers[0]->Send(wrongSide);
    RunFor(Seconds(0.5));

    EXPECT_EQ(peers[1]->Count(Q2931MessageType::LeafSetupRequest), 0u) << "nothing passed on";
    std::vector<RawMessage> back = peers[0]->All(Q2931MessageType::LeafSetupFailure);
    ASSERT_EQ(back.size(), 2u) << "the request from the wrong side is let go";
    EXPECT_EQ(back[0].reference, 9u);
    EXPECT_EQ(back[0].cause, Q2931Cause::INVALID_IE_CONTENTS);
    ASSERT_FALSE(back[0].message.GetCause()->diagnostics.empty());
    EXPECT_EQ(back[0].message.GetCause()->diagnostics[0], LijCallIdentifierIe::IDENTIFIER);
    EXPECT_EQ(back[1].reference, 10u);
    EXPECT_EQ(back[1].cause, Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(back[1].message.GetCause()->diagnostics[0], LeafSequenceNumberIe::IDENTIFIER);
    ExpectSwitchHoldsNothing(sw, "switch");
}

TEST_F(LeafSetupSwitchTest, Uni40_ARequestWithNoRouteIsRefusedAndAnUnansweredOneForgottenInTime)
{
    sw->SetAttribute("LeafSetupRecordTime", TimeValue(Seconds(3)));
    RunFor(Seconds(0.1));
    Q2931Header nowhere = Request();
    nowhere.SetCalledPartyNumber(CalledPartyNumberIe(
        AesaAddress::FromString("39.0000.0000.0000.0000.0000.0000.0000.0000.0000.00")));
    peers[0]->Send(nowhere);
    peers[0]->Send(Request()); // passed on, never answered
    RunFor(Seconds(1));
    std::vector<RawMessage> back = peers[0]->All(Q2931MessageType::LeafSetupFailure);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].cause, Q2931Cause::NO_ROUTE_TO_DESTINATION);
    EXPECT_EQ(sw->GetLeafSetupCount(), 1u) << "the unanswered one is remembered";
    peers[0]->Send(Request()); // sent again by the leaf: passed on again, same record
    RunFor(Seconds(1));
    std::vector<RawMessage> passed = peers[1]->All(Q2931MessageType::LeafSetupRequest);
    ASSERT_EQ(passed.size(), 2u);
    EXPECT_EQ(passed[0].reference, passed[1].reference);
    EXPECT_EQ(sw->GetLeafSetupCount(), 1u);
    RunFor(Seconds(3));
    ExpectSwitchHoldsNothing(sw, "switch");
}

} // namespace
