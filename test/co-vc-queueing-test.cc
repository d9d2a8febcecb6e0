/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Queues per VC end to end: host a on a fast link, host b on a slow one,
 * so that the switch's port toward b is congested. A CBR VC's frames pass
 * the UBR backlog; the port's limit drops UBR frames, counted with their
 * reason; a shaped VC leaves at its PCR; releasing the calls leaves the
 * schedulers empty.
 */

#include "co-test-network.h"

#include "ns3/co-application-helper.h"
#include "ns3/co-multipoint-root-application.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-vc-scheduler.h"

#include <map>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

constexpr uint32_t CBR_SDU = 100;  //!< 3 cells
constexpr uint32_t UBR_SDU = 1000; //!< 21 cells

class VcQueueingTest : public ::testing::Test, public OneSwitchNetwork
{
  protected:
    void TearDown() override
    {
        ExpectViolations(0);
        Simulator::Destroy();
    }

    /// a on 100 Mb/s, b on 10 Mb/s, both 1 ms; the switch's ports (and a's
    /// NIC, when \p hostScheduler) with schedulers.
    void Build(bool hostScheduler)
    {
        helper.SetSwitchVcScheduler("MaxFrames", UintegerValue(50));
        if (hostScheduler)
        {
            helper.SetHostVcScheduler();
        }
        helper.SetChannelAttribute("Delay", StringValue("1ms"));
        OneSwitchNetwork::Build("100Mbps", "10Mbps");
        toB = sw->GetPort(1)->GetVcScheduler();
        ASSERT_TRUE(toB);
        ASSERT_TRUE(sw->GetPort(0)->GetVcScheduler());
        ASSERT_EQ(a->GetVcScheduler() != nullptr, hostScheduler);
        EXPECT_EQ(b->GetVcScheduler() != nullptr, hostScheduler);
        b->TraceConnectWithoutContext("MacRx", MakeCallback(&VcQueueingTest::OnReceived, this));
        toB->TraceConnectWithoutContext("Enqueue",
                                        MakeCallback(&VcQueueingTest::OnSwitchEnqueue, this));
    }

    void OnReceived(Ptr<const Packet> frame)
    {
        arrivals[frame->GetSize() - 4].push_back(Simulator::Now());
    }

    void OnSwitchEnqueue(Ptr<const Packet> frame, uint8_t, uint16_t vci)
    {
        vciBySize[frame->GetSize() - 4] = vci;
    }

    /// Every scheduler holds nothing.
    void ExpectSchedulersEmpty()
    {
        for (Ptr<CoVcScheduler> s : {sw->GetPort(0)->GetVcScheduler(),
                                     sw->GetPort(1)->GetVcScheduler(),
                                     a->GetVcScheduler()})
        {
            if (s)
            {
                EXPECT_EQ(s->GetVcCount(), 0u);
                EXPECT_EQ(s->GetNFrames(), 0u);
                EXPECT_EQ(s->GetNCells(), 0u);
            }
        }
    }

    Ptr<CoVcScheduler> toB;                         //!< the congested port's
    std::map<uint32_t, std::vector<Time>> arrivals; //!< at b, by SDU size
    std::map<uint32_t, uint16_t> vciBySize;         //!< at the congested port
};

TEST_F(VcQueueingTest, CbrPassesTheUbrBacklogAndThePortLimitDropsUbr)
{
    Build(false);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    TestClient ubr(a);
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 10000))
                    .IsPending());
    EXPECT_TRUE(
        ubr.Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0)).IsPending());

    // UBR: 200 frames of 21 cells, one per 100 us (80 Mb/s into a 10 Mb/s port).
    for (int i = 0; i < 200; ++i)
    {
        CoSchedule(Seconds(1) + MicroSeconds(100 * i),
                   [&]() { EXPECT_TRUE(a->Send(ubr.vc, Create<Packet>(UBR_SDU)).IsSuccess()); });
    }
    // CBR: 10 frames, one per 2 ms, while the backlog is there.
    std::vector<Time> cbrSent;
    for (int i = 0; i < 10; ++i)
    {
        Time at = Seconds(1) + MilliSeconds(5 + 2 * i);
        cbrSent.push_back(at);
        CoSchedule(at,
                   [&]() { EXPECT_TRUE(a->Send(ca->vc, Create<Packet>(CBR_SDU)).IsSuccess()); });
    }
    CoVcScheduler::VcStats ubrStats;
    CoVcScheduler::VcStats cbrStats;
    CoSchedule(Seconds(2), [&]() {
        EXPECT_EQ(toB->GetVcCount(), 2u);
        ubrStats = toB->GetVcStats(0, vciBySize[UBR_SDU]);
        cbrStats = toB->GetVcStats(0, vciBySize[CBR_SDU]);
        EXPECT_TRUE(a->CloseCall(ca->vc).IsPending());
        EXPECT_TRUE(a->CloseCall(ubr.vc).IsPending());
    });
    Simulator::Run();

    // Every CBR frame: at most one UBR frame in transmission at a's FIFO
    // (21 cells at 100 Mb/s, 89 us), its 3 cells at 100 Mb/s (13 us), 1 ms,
    // at most one UBR frame in transmission at the switch (21 cells at
    // 10 Mb/s, 890 us), its 3 cells at 10 Mb/s (127 us) and 1 ms: under
    // 3.12 ms, where the UBR backlog took tens.
    EXPECT_EQ(cbrStats.GetDrops(), 0u);
    ASSERT_EQ(arrivals[CBR_SDU].size(), 10u);
    for (std::size_t i = 0; i < 10; ++i)
    {
        Time delay = arrivals[CBR_SDU][i] - cbrSent[i];
        EXPECT_LE(delay, MicroSeconds(3120)) << "CBR frame " << i;
        EXPECT_GT(delay, MilliSeconds(2));
    }
    Time lastUbr = arrivals[UBR_SDU].back();
    EXPECT_GT(lastUbr, Seconds(1) + MilliSeconds(60)); // the backlog was real

    // The port held 50 frames: the rest of the burst was dropped, all UBR.
    uint64_t dropped = toB->GetDropCount(CoVcScheduler::DropReason::PortFrameLimit);
    EXPECT_GT(dropped, 100u);
    EXPECT_EQ(ubrStats.drops[static_cast<int>(CoVcScheduler::DropReason::PortFrameLimit)], dropped);
    EXPECT_EQ(cbrStats.GetDrops(), 0u);
    EXPECT_EQ(cbrStats.dequeued, 10u);
    EXPECT_EQ(arrivals[UBR_SDU].size() + dropped, 200u);
    EXPECT_EQ(ubrStats.dequeued, arrivals[UBR_SDU].size());

    ExpectSchedulersEmpty();
    EXPECT_EQ(sw->GetCrossConnectCount(), 0u);
    ExpectSwitchHoldsNothing(sw, "switch");
    ExpectHostsHoldNothing();
}

TEST_F(VcQueueingTest, AShapedVcLeavesAtItsPeakCellRate)
{
    Build(true);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    // 1,000 cells/s and frames of 3 cells: one frame per 3 ms.
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000))
                    .IsPending());
    uint32_t shaped = 0;
    CoSchedule(Seconds(1), [&]() {
        ASSERT_EQ(a->GetVcScheduler()->GetVcCount(), 1u);
        a->GetVcScheduler()->TraceConnectWithoutContext(
            "Shaped",
            MakeBoundCallback(
                +[](uint32_t* n, uint8_t, uint16_t, Time) { ++*n; },
                &shaped));
        for (int i = 0; i < 10; ++i)
        {
            EXPECT_TRUE(a->Send(ca->vc, Create<Packet>(CBR_SDU)).IsSuccess());
        }
    });
    CoSchedule(Seconds(2), [&]() { EXPECT_TRUE(a->CloseCall(ca->vc).IsPending()); });
    Simulator::Run();

    const std::vector<Time>& got = arrivals[CBR_SDU];
    ASSERT_EQ(got.size(), 10u);
    for (std::size_t i = 1; i < got.size(); ++i)
    {
        EXPECT_EQ(got[i] - got[i - 1], MilliSeconds(3)) << "frame " << i;
    }
    EXPECT_EQ(shaped, 9u); // every frame but the first waited at the host
    ExpectSchedulersEmpty();
    ExpectSwitchHoldsNothing(sw, "switch");
    ExpectHostsHoldNothing();
}

/// Every switch port of a tree has a scheduler: a multipoint call's
/// branches are registered where they leave, carry the root's frames, and
/// are gone with the call; a leaf that leaves takes its branch's VC along.
TEST(VcQueueingMultipointTest, BranchesAreRegisteredAndReleased)
{
    CoHelper co;
    co.SetChannelAttribute("DataRate", StringValue("10Mbps"));
    co.SetChannelAttribute("Delay", StringValue("1ms"));
    co.SetSwitchVcScheduler();
    CoTopologyHelper topo{co};
    topo.Build(CoTopologyGenerator::Tree(2, 2));
    Ptr<Node> rootNode = CreateObject<Node>();
    Ptr<CoNetDevice> root = topo.AttachHost(rootNode, 0);
    CoApplicationHelper server("ns3::CoSapServerApplication");
    std::vector<Ptr<CoNetDevice>> leaves;
    std::vector<uint64_t> received(3, 0);
    for (uint32_t vertex : {3, 4, 5})
    {
        Ptr<Node> node = CreateObject<Node>();
        leaves.push_back(topo.AttachHost(node, vertex));
        ApplicationContainer app = server.Install(node);
        app.Start(Seconds(0));
        uint64_t* count = &received[leaves.size() - 1];
        app.Get(0)->TraceConnectWithoutContext(
            "Rx",
            CoCallback<void, Ptr<const Packet>, CoVcHandle>(
                [count](Ptr<const Packet>, CoVcHandle) { ++*count; }));
    }
    topo.InstallRoutes();
    Ptr<CoMultipointRootApplication> app = CreateObject<CoMultipointRootApplication>();
    app->SetAttribute("PacketInterval", TimeValue(MilliSeconds(10)));
    app->SetAttribute("PacketSize", UintegerValue(100));
    rootNode->AddApplication(app);
    app->SetStartTime(Seconds(0));
    app->SetStopTime(Seconds(3));
    app->AddLeaf(leaves[0]->GetAesa());
    app->AddLeaf(leaves[1]->GetAesa(), Seconds(0.2), Seconds(1.5)); // leaves early
    app->AddLeaf(leaves[2]->GetAesa(), Seconds(0.4));

    auto forEachScheduler = [&topo](const std::function<void(Ptr<CoVcScheduler>)>& f) {
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            Ptr<CoSwitch> sw = topo.GetSwitch(v);
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                Ptr<CoVcScheduler> s = sw->GetPort(p)->GetVcScheduler();
                ASSERT_TRUE(s) << "switch " << v << " port " << p;
                f(s);
            }
        }
    };
    std::size_t atOne = 0;
    std::size_t atTwo = 0;
    CoSchedule(Seconds(1), [&]() {
        forEachScheduler([&atOne](Ptr<CoVcScheduler> s) { atOne += s->GetVcCount(); });
    });
    CoSchedule(Seconds(2), [&]() {
        forEachScheduler([&atTwo](Ptr<CoVcScheduler> s) { atTwo += s->GetVcCount(); });
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    // Tree(2, 2): s0 - s1 - {s3, s4}, s0 - s2 - s5. Branch VCs leave s0
    // toward s1 and s2, s1 toward s3 and s4, s2 toward s5, and s3, s4, s5
    // toward their leaves: 8; without leaf 1 (s1 - s4 - leaf): 6.
    EXPECT_EQ(atOne, 8u);
    EXPECT_EQ(atTwo, 6u);
    for (std::size_t i = 0; i < 3; ++i)
    {
        EXPECT_GT(received[i], 0u) << "leaf " << i;
    }
    uint64_t unregistered = 0;
    forEachScheduler([&unregistered](Ptr<CoVcScheduler> s) {
        EXPECT_EQ(s->GetVcCount(), 0u);
        EXPECT_EQ(s->GetNFrames(), 0u);
        unregistered += s->GetDropCount(CoVcScheduler::DropReason::UnregisteredVc);
    });
    EXPECT_EQ(unregistered, 0u);
    ExpectSwitchesHoldNothing(topo);
    Simulator::Destroy();
}

} // namespace
