/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Point-to-multipoint calls end to end: a root host (CoMultipointRootApplication)
 * and leaf hosts (CoSapServerApplication) on a tree of switches. What the
 * root sends reaches every active leaf exactly once, copied where the paths
 * part and once per link; a leaf added later receives from then on, a
 * dropped one nothing more; a failed link drops exactly the leaves beyond
 * it; and at the end nothing is held anywhere and no rule is broken.
 */

#include "co-test-network.h"
#include "co-tshark.h"

#include "ns3/co-application-helper.h"
#include "ns3/co-multipoint-root-application.h"
#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/**
 * Tree(2, 2): s0; s1, s2 under it; s3, s4 under s1; s5, s6 under s2. The
 * root host is on s0; each test places its leaves.
 */
class MultipointNetworkTest : public ::testing::Test
{
  protected:
    using LeafState = CoMultipointRootApplication::LeafState;

    MultipointNetworkTest()
    {
        co.SetChannelAttribute("DataRate", StringValue("10Mbps"));
        co.SetChannelAttribute("Delay", StringValue("1ms"));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Builds the tree, the root and a leaf on each vertex of \p at.
    void Build(const std::vector<uint32_t>& at)
    {
        topo.Build(CoTopologyGenerator::Tree(2, 2));
        Ptr<Node> rootNode = CreateObject<Node>();
        root = topo.AttachHost(rootNode, 0);
        CoApplicationHelper server("ns3::CoSapServerApplication");
        for (uint32_t vertex : at)
        {
            Ptr<Node> node = CreateObject<Node>();
            leaves.push_back(topo.AttachHost(node, vertex));
            ApplicationContainer app = server.Install(node);
            app.Start(Seconds(0));
            std::size_t i = received.size();
            received.emplace_back();
            app.Get(0)->TraceConnectWithoutContext("Rx",
                                                   CoCallback<void, Ptr<const Packet>, CoVcHandle>(
                                                       [this, i](Ptr<const Packet> p, CoVcHandle) {
                                                           received[i].push_back(p->GetUid());
                                                       }));
        }
        topo.InstallRoutes();
        app = CreateObject<CoMultipointRootApplication>();
        app->SetAttribute("PacketInterval", TimeValue(MilliSeconds(10)));
        app->SetAttribute("PacketSize", UintegerValue(100));
        rootNode->AddApplication(app);
        app->SetStartTime(Seconds(0));
        app->TraceConnectWithoutContext("Tx",
                                        CoCallback<void, Ptr<const Packet>, CoVcHandle>(
                                            [this](Ptr<const Packet> p, CoVcHandle) {
                                                sent.push_back({Simulator::Now(), p->GetUid()});
                                            }));
        app->TraceConnectWithoutContext(
            "LeafJoined",
            CoCallback<void, uint32_t, CoStatus>([this](uint32_t leaf, CoStatus s) {
                if (s.IsSuccess())
                {
                    joinedAt[leaf] = Simulator::Now();
                }
            }));
        app->TraceConnectWithoutContext(
            "LeafLeft",
            CoCallback<void, uint32_t, CoStatus>(
                [this](uint32_t leaf, CoStatus) { leftAt[leaf] = Simulator::Now(); }));
    }

    /// Counts the data frames (not VCI 5) switch \p u sends toward \p v.
    void CountCopies(uint32_t u, uint32_t v)
    {
        CountDataFrames(topo.GetSwitch(u)->GetPort(topo.GetPort(u, v)), copies[u * 100 + v]);
    }

    /// \return the SDUs the root sent in [from, to)
    std::set<uint64_t> SentBetween(Time from, Time to) const
    {
        std::set<uint64_t> uids;
        for (const auto& [at, uid] : sent)
        {
            if (at >= from && at < to)
            {
                uids.insert(uid);
            }
        }
        return uids;
    }

    /// Expects leaf \p i to have received each SDU at most once, all those
    /// sent while it was surely a party, and none sent before it was asked for
    /// or after it was dropped.
    void ExpectReceivedWhileAParty(std::size_t i, Time asked, Time joined, Time left)
    {
        std::set<uint64_t> got(received[i].begin(), received[i].end());
        EXPECT_EQ(got.size(), received[i].size()) << "leaf " << i << ": an SDU arrived twice";
        std::set<uint64_t> surely = SentBetween(joined, left - MilliSeconds(20));
        std::set<uint64_t> possibly = SentBetween(asked, left);
        for (uint64_t uid : surely)
        {
            EXPECT_EQ(got.count(uid), 1u) << "leaf " << i << " missed SDU " << uid;
        }
        for (uint64_t uid : got)
        {
            EXPECT_EQ(possibly.count(uid), 1u)
                << "leaf " << i << " received SDU " << uid << " while not a party";
        }
        EXPECT_GT(got.size(), 0u) << "leaf " << i;
    }

    /// Asserts that nothing is held anywhere and no rule was broken.
    void ExpectEverythingReleased()
    {
        ExpectSwitchesHoldNothing(topo);
        ExpectHostHoldsNothing(root, "root");
        EXPECT_EQ(root->GetPartyHandleCount(), 0u);
        EXPECT_EQ(root->GetQ2971PartyCount(), 0u);
        root->EndOfRun();
        EXPECT_EQ(root->GetRuleChecker().GetViolationCount(), 0u);
        for (std::size_t i = 0; i < leaves.size(); ++i)
        {
            ExpectHostHoldsNothing(leaves[i], "leaf " + std::to_string(i));
            leaves[i]->EndOfRun();
            EXPECT_EQ(leaves[i]->GetRuleChecker().GetViolationCount(), 0u) << "leaf " << i;
        }
    }

    CoHelper co;
    CoTopologyHelper topo{co};
    Ptr<CoNetDevice> root;
    std::vector<Ptr<CoNetDevice>> leaves;
    Ptr<CoMultipointRootApplication> app;
    std::vector<std::vector<uint64_t>> received; //!< by leaf, the SDUs' uids in order
    std::vector<std::pair<Time, uint64_t>> sent; //!< the root's SDUs
    std::map<uint32_t, Time> joinedAt;           //!< by leaf, its AddPartyComplete
    std::map<uint32_t, Time> leftAt;             //!< by leaf, when it left
    std::map<std::size_t, uint64_t> copies;      //!< data frames per directed link
};

TEST_F(MultipointNetworkTest, EveryActiveLeafReceivesEachSduOnceAndEachLinkCarriesOneCopy)
{
    // Two leaves behind s3, one behind s4 (all beyond s1), one behind s5.
    Build({3, 4, 3, 5});
    for (uint32_t i = 0; i < 4; ++i)
    {
        app->AddLeaf(leaves[i]->GetAesa(), Seconds(0.2 * i));
    }
    app->SetStopTime(Seconds(3));
    CountCopies(0, 1);
    CountCopies(0, 2);
    CountCopies(1, 3);
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    ASSERT_EQ(joinedAt.size(), 4u) << "every leaf was added";
    for (uint32_t i = 0; i < 4; ++i)
    {
        EXPECT_EQ(app->GetLeafState(i), LeafState::Left) << "closed with the call";
        ExpectReceivedWhileAParty(i, Seconds(0.2 * i), joinedAt[i], Seconds(3));
    }
    // One copy per link however many leaves lie beyond: what s0 sent toward s1
    // is at most what the root sent, and what s1 sent toward s3 (two leaves)
    // no more than that.
    std::size_t total = sent.size();
    EXPECT_LE(copies[1], total);
    EXPECT_GE(copies[1], received[0].size());
    EXPECT_LE(copies[103], copies[1]);
    EXPECT_GE(copies[103], std::max(received[0].size(), received[2].size()));
    EXPECT_LE(copies[2], total);
    EXPECT_GE(copies[2], received[3].size());
    ExpectEverythingReleased();
}

TEST_F(MultipointNetworkTest, ALeafThatLeavesReceivesNothingMore)
{
    Build({3, 4, 5});
    app->AddLeaf(leaves[0]->GetAesa(), Seconds(0));
    app->AddLeaf(leaves[1]->GetAesa(), Seconds(0.5), Seconds(1.5));
    app->AddLeaf(leaves[2]->GetAesa(), Seconds(1));
    app->SetStopTime(Seconds(3));
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    ASSERT_EQ(leftAt.count(1), 1u);
    EXPECT_EQ(app->GetLeafState(1), LeafState::Left);
    EXPECT_EQ(app->GetLeafCause(1), 0) << "it left as planned";
    ExpectReceivedWhileAParty(1, Seconds(0.5), joinedAt[1], Seconds(1.5));
    ExpectReceivedWhileAParty(0, Seconds(0), joinedAt[0], Seconds(3));
    ExpectReceivedWhileAParty(2, Seconds(1), joinedAt[2], Seconds(3));
    ExpectEverythingReleased();
}

// A leaf planned twice, its second join due while its first party is still
// being added (it left 1 ms after it joined, before the add completed): the
// second join waits until the first party is gone, rather than making the
// leaf two parties at once (which the switch refuses, cause 47).
TEST_F(MultipointNetworkTest, ALeafPlannedAgainWaitsForItsPreviousParty)
{
    Build({3, 4});
    app->AddLeaf(leaves[0]->GetAesa(), Seconds(0));
    app->AddLeaf(leaves[1]->GetAesa(), Seconds(0.5), Seconds(0.5) + MilliSeconds(1));
    app->AddLeaf(leaves[1]->GetAesa(), Seconds(0.5) + MilliSeconds(2), Seconds(2));
    app->SetStopTime(Seconds(3));
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    ASSERT_EQ(joinedAt.count(1), 1u);
    ASSERT_EQ(leftAt.count(1), 1u);
    ASSERT_EQ(joinedAt.count(2), 1u) << "the second join was added, not refused";
    EXPECT_EQ(app->GetLeafState(2), LeafState::Left);
    EXPECT_EQ(app->GetLeafCause(2), 0);
    EXPECT_GT(joinedAt[2], leftAt[1]) << "one party at a time";
    ExpectEverythingReleased();
}

TEST_F(MultipointNetworkTest, AFailedLinkDropsExactlyTheLeavesBeyondIt)
{
    // s2-s6 fails: the leaves on s6 go, those on s3 and s5 stay.
    Build({3, 6, 5, 6});
    for (uint32_t i = 0; i < 4; ++i)
    {
        app->AddLeaf(leaves[i]->GetAesa(), Seconds(0.1 * i));
    }
    app->SetStopTime(Seconds(4));
    topo.FailLink(2, 6, Seconds(2));
    Simulator::Stop(Seconds(5));
    Simulator::Run();

    for (uint32_t i : {1u, 3u})
    {
        ASSERT_EQ(leftAt.count(i), 1u) << "leaf " << i;
        EXPECT_GE(leftAt[i], Seconds(2));
        EXPECT_LT(leftAt[i], Seconds(2.1)) << "dropped within the path's delays";
        EXPECT_NE(app->GetLeafCause(i), 0) << "the network's cause";
        ExpectReceivedWhileAParty(i, Seconds(0.1 * i), joinedAt[i], Seconds(2));
    }
    for (uint32_t i : {0u, 2u})
    {
        ExpectReceivedWhileAParty(i, Seconds(0.1 * i), joinedAt[i], Seconds(4));
        EXPECT_GE(leftAt[i], Seconds(4)) << "leaf " << i << " stayed until the close";
    }
    ExpectEverythingReleased();
}

TEST_F(MultipointNetworkTest, WiresharkDecodesThePartyMessagesOnTheRootsLink)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the capture with Wireshark";
    }
    // Leaves that pend their answer alert first: PARTY ALERTING reaches the root.
    Config::SetDefault("ns3::CoSapServerApplication::Answer", StringValue("Pend"));
    Config::SetDefault("ns3::CoSapServerApplication::AnswerDelay", TimeValue(MilliSeconds(50)));
    Build({3, 4, 5});
    Config::Reset();
    app->AddLeaf(leaves[0]->GetAesa(), Seconds(0));
    app->AddLeaf(leaves[1]->GetAesa(), Seconds(0.5), Seconds(1));
    app->AddLeaf(leaves[2]->GetAesa(), Seconds(0.7));
    app->SetAttribute("PacketInterval", TimeValue(Seconds(0)));
    app->SetStopTime(Seconds(2));
    const std::string file = ::testing::TempDir() + "condis-multipoint-root.pcap";
    co.EnablePcap(file, root, false, true); // the explicit file name
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ExpectEverythingReleased();
    // The capture is complete once its device is gone.
    Simulator::Destroy();
    root = nullptr;
    leaves.clear();
    app = nullptr;
    EXPECT_EQ(TsharkProblems(file), std::vector<std::string>());
    // The root's side: SETUP, CALL PROCEEDING?, ALERTING, CONNECT, CONNECT ACK;
    // then per added leaf ADD PARTY, PARTY ALERTING, ADD PARTY ACKNOWLEDGE; the
    // planned leave DROP PARTY and its acknowledgement; RELEASE at the end.
    std::string types = Tshark(file, "-Y q2931 -T fields -e q2931.message_type");
    for (const char* type : {"0x80", "0x85", "0x81", "0x83", "0x84", "0x4d", "0x5a"})
    {
        EXPECT_NE(types.find(type), std::string::npos) << type << " in\n" << types;
    }
    std::string references = Tshark(
        file,
        "-Y \"q2931.message_type == 0x85\" -T fields -e q2931.endpoint_reference.identifier_value");
    EXPECT_EQ(references, "1\n2\n") << "PARTY ALERTING names each added party";
}

} // namespace
