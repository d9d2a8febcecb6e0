/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Cell-level fidelity (CoVcScheduler's Fidelity: Cell): cells of different
 * VCs interleave, the GCRA spaces a VC's cells within a frame, the cell
 * limits damage frames (with and without partial packet discard), and the
 * receiving NIC's reassembly throws the damaged frames away (and the frame
 * after one that lost its last cell). End to end, both fidelities give the
 * same frame times where no cell is lost; and one port at cell level fed by
 * N periodic cell streams of random phases has the queue of the N*D/D/1
 * model (Roberts and Virtamo, IEEE Trans. Commun. 39(2), 1991).
 */

#include "co-batch-means.h"
#include "co-test-network.h"

#include "ns3/boolean.h"
#include "ns3/co-cell-loss-tag.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/enum.h"
#include "ns3/random-variable-stream.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <vector>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Reason = CoVcScheduler::DropReason;
using ReassemblyError = CoNetDevice::ReassemblyError;

/// A frame of \p cells cells (AAL5: SDU + 8 bytes of trailer, in 48-byte payloads).
Ptr<Packet>
FrameOf(uint32_t cells)
{
    return Create<Packet>(cells * 48 - 8);
}

class CellSchedulerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_s = CreateObject<CoVcScheduler>();
        m_s->SetAttribute("Fidelity", StringValue("Cell"));
        m_s->TraceConnectWithoutContext("Dequeue",
                                        MakeCallback(&CellSchedulerTest::OnDequeue, this));
    }

    void TearDown() override
    {
        m_s->Dispose();
        m_s = nullptr;
        Simulator::Destroy();
    }

    void OnDequeue(Ptr<const Packet>, uint8_t, uint16_t vci)
    {
        m_frames.push_back(vci);
    }

    /// Serves cells now until none may go; \return for each cell, the VCI
    /// of the frame it ended (0 for a frame's other cells)
    std::vector<uint16_t> DrainCells()
    {
        std::vector<uint16_t> cells;
        Ptr<Packet> frame;
        while (m_s->DequeueCell(frame))
        {
            cells.push_back(frame ? m_frames.back() : 0);
        }
        return cells;
    }

    Ptr<CoVcScheduler> m_s;
    std::vector<uint16_t> m_frames; //!< VCIs of the frames dequeued, in order
};

TEST_F(CellSchedulerTest, CellsOfTwoVcsInterleave)
{
    ASSERT_TRUE(m_s->IsCellLevel());
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, CoFlowSpec()));
    ASSERT_TRUE(m_s->RegisterVc(0, 41, CoServiceCategory::Ubr, CoFlowSpec()));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(3), 0, 40, 3));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(3), 0, 41, 3));
    EXPECT_EQ(m_s->GetNCells(), 6u);
    // Round robin a cell at a time: both frames end on the last two cells
    // (at frame level the first would have gone whole before the second).
    EXPECT_EQ(DrainCells(), (std::vector<uint16_t>{0, 0, 0, 0, 40, 41}));
    EXPECT_EQ(m_s->GetNCells(), 0u);
    EXPECT_EQ(m_s->GetNFrames(), 0u);
    EXPECT_EQ(m_s->GetNBytes(), 0u);
}

TEST_F(CellSchedulerTest, ACbrCellGoesAheadOfTheRestOfAUbrFrame)
{
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, CoFlowSpec()));
    ASSERT_TRUE(m_s->RegisterVc(0, 43, CoServiceCategory::Cbr, CoFlowSpec()));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(10), 0, 40, 10));
    Ptr<Packet> frame;
    ASSERT_TRUE(m_s->DequeueCell(frame));
    ASSERT_TRUE(m_s->DequeueCell(frame));
    EXPECT_FALSE(frame);
    ASSERT_TRUE(m_s->Enqueue(FrameOf(1), 0, 43, 1));
    // The CBR frame's one cell next, then the 8 cells left of the UBR frame.
    std::vector<uint16_t> expected{43, 0, 0, 0, 0, 0, 0, 0, 40};
    EXPECT_EQ(DrainCells(), expected);
    EXPECT_EQ(m_s->GetVcStats(0, 40).dequeued, 1u);
    EXPECT_EQ(m_s->GetVcStats(0, 43).dequeued, 1u);
}

TEST_F(CellSchedulerTest, WeightedCategoriesShareCellByCell)
{
    m_s->SetAttribute("CategoryService", StringValue("Weighted"));
    ASSERT_TRUE(m_s->SetCategoryWeight(CoServiceCategory::NrtVbr, 2.0));
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, CoFlowSpec()));
    ASSERT_TRUE(m_s->RegisterVc(0, 41, CoServiceCategory::NrtVbr, CoFlowSpec()));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(6), 0, 40, 6));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(6), 0, 41, 6));
    // Over the first 9 cells nrt-VBR (weight 2) sends 6, UBR 3: the
    // nrt-VBR frame ends at cell 9, the UBR one at the end.
    std::vector<uint16_t> cells = DrainCells();
    ASSERT_EQ(cells.size(), 12u);
    EXPECT_EQ(cells[8], 41);
    EXPECT_EQ(cells[11], 40);
}

TEST_F(CellSchedulerTest, TheGcraSpacesACellsFrameAtItsPeakRate)
{
    CoFlowSpec cbr;
    cbr.peakCellRate = 1000; // I = 1 ms
    ASSERT_TRUE(m_s->RegisterVc(0, 43, CoServiceCategory::Cbr, cbr));
    std::vector<Time> sent;
    // A link that takes a cell whenever one may go, as a device does.
    std::function<void()> serve = [&]() {
        Ptr<Packet> frame;
        while (m_s->DequeueCell(frame))
        {
            sent.push_back(Simulator::Now());
        }
    };
    m_s->SetReadyCallback(CoCallback<void>(serve));
    CoSchedule(Seconds(1), [&]() {
        ASSERT_TRUE(m_s->Enqueue(FrameOf(4), 0, 43, 4));
        serve();
    });
    Simulator::Run();
    ASSERT_EQ(sent.size(), 4u);
    for (uint32_t k = 0; k < 4; ++k)
    {
        EXPECT_EQ(sent[k], Seconds(1) + MilliSeconds(k)) << "cell " << k;
    }
    EXPECT_EQ(m_s->GetVcStats(0, 43).dequeued, 1u);
}

TEST_F(CellSchedulerTest, ACellLimitDamagesAFrameAndLosesItsLastCell)
{
    m_s->SetAttribute("MaxCells", UintegerValue(10));
    std::vector<uint32_t> lost;
    m_s->TraceConnectWithoutContext(
        "CellLoss",
        CoCallback<void, Ptr<const Packet>, uint8_t, uint16_t, uint32_t, Reason, uint32_t>(
            [&lost](Ptr<const Packet>, uint8_t, uint16_t, uint32_t cells, Reason r, uint32_t ppd) {
                EXPECT_EQ(r, Reason::PortCellLimit);
                EXPECT_EQ(ppd, 0u);
                lost.push_back(cells);
            }));
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, CoFlowSpec()));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(6), 0, 40, 6));
    Ptr<Packet> second = FrameOf(10);
    ASSERT_TRUE(m_s->Enqueue(second, 0, 40, 10)); // 4 of its 10 cells fit
    EXPECT_EQ(m_s->GetNCells(), 10u);
    EXPECT_EQ(m_s->GetDamagedFrames(), 1u);
    EXPECT_EQ(m_s->GetVcStats(0, 40).damaged, 1u);
    EXPECT_EQ(m_s->GetDropCells(Reason::PortCellLimit), 6u);
    EXPECT_EQ(m_s->GetDropCount(Reason::PortCellLimit), 0u); // no frame dropped whole
    EXPECT_EQ(lost, std::vector<uint32_t>{6});
    CoCellLossTag tag;
    ASSERT_TRUE(second->PeekPacketTag(tag));
    EXPECT_EQ(tag.GetLostCells(), 6u);
    EXPECT_TRUE(tag.IsLastCellLost());
    // A full port: the next frame has no cell queued, and is dropped whole.
    EXPECT_FALSE(m_s->Enqueue(FrameOf(2), 0, 40, 2));
    EXPECT_EQ(m_s->GetDropCount(Reason::PortCellLimit), 1u);
    EXPECT_EQ(m_s->GetDropCells(Reason::PortCellLimit), 8u);
    EXPECT_EQ(DrainCells().size(), 10u);
    EXPECT_EQ(m_frames, (std::vector<uint16_t>{40, 40}));
    EXPECT_EQ(m_s->GetNCells(), 0u);
    EXPECT_EQ(m_s->GetNFrames(), 0u);
}

TEST_F(CellSchedulerTest, PartialPacketDiscardKeepsTheLastCell)
{
    m_s->SetAttribute("MaxCells", UintegerValue(10));
    m_s->SetAttribute("PartialPacketDiscard", BooleanValue(true));
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, CoFlowSpec()));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(6), 0, 40, 6));
    Ptr<Packet> second = FrameOf(10);
    ASSERT_TRUE(m_s->Enqueue(second, 0, 40, 10));
    // 4 fit; the 5th is lost to the limit, the 6th to 9th discarded by PPD,
    // the last kept: one cell past the limit.
    EXPECT_EQ(m_s->GetNCells(), 11u);
    EXPECT_EQ(m_s->GetDropCells(Reason::PortCellLimit), 1u);
    EXPECT_EQ(m_s->GetPartialPacketDiscardCells(), 4u);
    CoCellLossTag tag;
    ASSERT_TRUE(second->PeekPacketTag(tag));
    EXPECT_EQ(tag.GetLostCells(), 5u);
    EXPECT_FALSE(tag.IsLastCellLost());
    // When the only cell that does not fit is the last, PPD cannot keep it.
    m_s->SetAttribute("MaxCells", UintegerValue(13));
    Ptr<Packet> third = FrameOf(3);
    ASSERT_TRUE(m_s->Enqueue(third, 0, 40, 3));
    ASSERT_TRUE(third->PeekPacketTag(tag));
    EXPECT_EQ(tag.GetLostCells(), 1u);
    EXPECT_TRUE(tag.IsLastCellLost());
    EXPECT_EQ(m_s->GetNCells(), 13u);
    EXPECT_EQ(DrainCells().size(), 13u);
    EXPECT_EQ(m_s->GetNCells(), 0u);
}

TEST_F(CellSchedulerTest, AFrameOfNoCellsTakesOne)
{
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, CoFlowSpec()));
    ASSERT_TRUE(m_s->Enqueue(FrameOf(1), 0, 40, 0));
    EXPECT_EQ(m_s->GetNCells(), 1u);
    EXPECT_EQ(DrainCells(), std::vector<uint16_t>{40});
    EXPECT_EQ(m_s->GetNFrames(), 0u);
}

TEST_F(CellSchedulerTest, AVcsCellLimitDamagesToo)
{
    m_s->SetAttribute("VcMaxCells", UintegerValue(5));
    ASSERT_TRUE(m_s->RegisterVc(0, 43, CoServiceCategory::Cbr, CoFlowSpec()));
    Ptr<Packet> frame = FrameOf(8);
    ASSERT_TRUE(m_s->Enqueue(frame, 0, 43, 8));
    EXPECT_EQ(m_s->GetNCells(), 5u);
    EXPECT_EQ(m_s->GetDropCells(Reason::VcCellLimit), 3u);
    EXPECT_FALSE(m_s->Enqueue(FrameOf(1), 0, 43, 1));
    EXPECT_EQ(m_s->GetDropCount(Reason::VcCellLimit), 1u);
}

TEST_F(CellSchedulerTest, CellsLostUpstreamAreNotQueuedAgain)
{
    m_s->SetAttribute("MaxCells", UintegerValue(5));
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, CoFlowSpec()));
    Ptr<Packet> frame = FrameOf(10);
    frame->AddPacketTag(CoCellLossTag(3, false));
    ASSERT_TRUE(m_s->Enqueue(frame, 0, 40, 10)); // 7 cells came; 5 fit
    EXPECT_EQ(m_s->GetNCells(), 5u);
    EXPECT_EQ(m_s->GetDropCells(Reason::PortCellLimit), 2u);
    CoCellLossTag tag;
    ASSERT_TRUE(frame->PeekPacketTag(tag));
    EXPECT_EQ(tag.GetLostCells(), 5u);
    EXPECT_TRUE(tag.IsLastCellLost());
}

/// a sends a burst through one switch to b over a slower link; every port
/// has a scheduler of the fidelity asked.
class BurstNetwork : public OneSwitchNetwork
{
  public:
    BurstNetwork(const std::string& fidelity, uint64_t maxCells = 0, bool ppd = false)
    {
        helper.SetHostVcScheduler("Fidelity", StringValue(fidelity));
        helper.SetSwitchVcScheduler("Fidelity",
                                    StringValue(fidelity),
                                    "MaxCells",
                                    UintegerValue(maxCells),
                                    "PartialPacketDiscard",
                                    BooleanValue(ppd));
        Build("100Mbps", "10Mbps");
        toB = sw->GetPort(1)->GetVcScheduler();
        EXPECT_EQ(toB->IsCellLevel(), fidelity == "Cell");
        b->TraceConnectWithoutContext("VcRx", MakeCallback(&BurstNetwork::OnReceived, this));
        EXPECT_TRUE(cb->RegisterOwnSap().IsSuccess());
        EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0))
                        .IsPending());
    }

    void OnReceived(Ptr<const Packet> sdu, CoVcHandle)
    {
        uint8_t index;
        sdu->CopyData(&index, 1);
        received.push_back(index);
        times.push_back(Simulator::Now());
    }

    /// Sends \p n frames of \p bytes at once at \p at, each with its index
    /// (from \p first) in its first byte.
    void SendBurst(Time at, uint32_t n, uint32_t bytes, uint32_t first = 0)
    {
        CoSchedule(at, [this, n, bytes, first]() {
            for (uint32_t k = first; k < first + n; ++k)
            {
                std::vector<uint8_t> payload(bytes, 0);
                payload[0] = static_cast<uint8_t>(k);
                EXPECT_TRUE(a->Send(ca->vc, Create<Packet>(payload.data(), bytes)).IsSuccess());
            }
        });
    }

    /// Closes the call at \p at.
    void CloseAt(Time at)
    {
        CoSchedule(at, [this]() { EXPECT_TRUE(a->CloseCall(ca->vc).IsPending()); });
    }

    /// No call, no VC, no cell or frame left anywhere, no rule broken.
    void ExpectNothingHeld()
    {
        ExpectViolations(0);
        ExpectSwitchHoldsNothing(sw, "switch"); // its ports' schedulers too
        ExpectHostsHoldNothing();
    }

    /// Sent = delivered + dropped whole at b's port + thrown away by b's reassembly.
    void ExpectEveryFrameAccounted(uint32_t sent) const
    {
        uint64_t whole = 0;
        for (std::size_t r = 0; r < CoVcScheduler::DROP_REASONS; ++r)
        {
            whole += toB->GetDropCount(static_cast<Reason>(r));
        }
        EXPECT_EQ(sent,
                  received.size() + whole + b->GetReassemblyDrops(ReassemblyError::CellLoss) +
                      b->GetReassemblyDrops(ReassemblyError::Merged));
    }

    Ptr<CoVcScheduler> toB;         //!< the switch's port toward b
    std::vector<uint32_t> received; //!< indices of the SDUs b's client got
    std::vector<Time> times;        //!< when
};

class CellFidelityNetworkTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_F(CellFidelityNetworkTest, WithoutLossBothFidelitiesGiveTheSameFrameTimes)
{
    // (10 and 100 Mb/s: a cell's time is a whole number of nanoseconds, so
    // cells one by one add up to a frame's time exactly.)
    std::vector<std::vector<Time>> runs;
    for (const char* fidelity : {"Frame", "Cell"})
    {
        {
            BurstNetwork net(fidelity);
            net.SendBurst(Seconds(1), 20, 1000);
            net.CloseAt(Seconds(2));
            Simulator::Run();
            ASSERT_EQ(net.received.size(), 20u) << fidelity;
            for (uint32_t k = 0; k < 20; ++k)
            {
                EXPECT_EQ(net.received[k], k) << fidelity;
            }
            EXPECT_EQ(net.b->GetReassemblyDrops(ReassemblyError::CellLoss), 0u);
            EXPECT_EQ(net.toB->GetDamagedFrames(), 0u);
            net.ExpectNothingHeld();
            runs.push_back(net.times);
        }
        Simulator::Destroy();
    }
    EXPECT_EQ(runs[0], runs[1]);
}

TEST_F(CellFidelityNetworkTest, ReassemblyThrowsAwayDamagedAndMergedFrames)
{
    BurstNetwork net("Cell", 50);
    // 21 cells each, 10 times faster in than out; the second burst comes
    // once the port has drained, its first frame whole after a damaged one.
    const uint32_t sent = 15;
    net.SendBurst(Seconds(1), 10, 1000);
    net.SendBurst(Seconds(1.5), 5, 1000, 10);
    net.CloseAt(Seconds(2));
    Simulator::Run();
    uint64_t damaged = net.toB->GetDamagedFrames();
    uint64_t merged = net.b->GetReassemblyDrops(ReassemblyError::Merged);
    EXPECT_GT(damaged, 0u);
    EXPECT_EQ(net.b->GetReassemblyDrops(ReassemblyError::CellLoss), damaged);
    // Without PPD each damaged frame lost its last cell: the next frame of
    // the VC to arrive merges with it, unless it is damaged itself.
    EXPECT_GT(merged, 0u);
    EXPECT_LE(merged, damaged);
    EXPECT_EQ(net.toB->GetPartialPacketDiscardCells(), 0u);
    net.ExpectEveryFrameAccounted(sent);
    for (std::size_t k = 1; k < net.received.size(); ++k)
    {
        EXPECT_LT(net.received[k - 1], net.received[k]); // in order
    }
    net.ExpectNothingHeld();
}

TEST_F(CellFidelityNetworkTest, WithPartialPacketDiscardOnlyTheDamagedFramesAreLost)
{
    BurstNetwork net("Cell", 50, true);
    const uint32_t sent = 15;
    net.SendBurst(Seconds(1), 10, 1000);
    net.SendBurst(Seconds(1.5), 5, 1000, 10);
    net.CloseAt(Seconds(2));
    Simulator::Run();
    // the first frame of each burst arrives whole, the one after it too
    ASSERT_GE(net.received.size(), 2u);
    EXPECT_EQ(net.received[0], 0u);
    uint64_t damaged = net.toB->GetDamagedFrames();
    EXPECT_GT(damaged, 0u);
    EXPECT_GT(net.toB->GetPartialPacketDiscardCells(), 0u);
    EXPECT_EQ(net.b->GetReassemblyDrops(ReassemblyError::CellLoss), damaged);
    EXPECT_EQ(net.b->GetReassemblyDrops(ReassemblyError::Merged), 0u);
    net.ExpectEveryFrameAccounted(sent);
    net.ExpectNothingHeld();
}

/// The N*D/D/1 queue (Roberts and Virtamo 1991): P(more than x cells in the
/// system at a random time), N streams of period D cell times.
double
RobertsVirtamo(uint32_t n, uint32_t d, uint32_t x)
{
    double sum = 0;
    for (uint32_t k = x + 1; k <= n; ++k)
    {
        double u = static_cast<double>(k - x) / d;
        double binomial =
            std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                     k * std::log(u) + (n - k) * std::log1p(-u));
        sum += binomial * (d - n + x) / static_cast<double>(d - k + x);
    }
    return sum;
}

/**
 * One port at cell level, N UBR VCs each sending a one-cell frame every D
 * cell times from a random phase, served a cell per cell time; the number
 * of cells in the system (waiting and on the link) sampled at random
 * times of the third period, over many draws of the phases.
 */
class NdD1Test : public ::testing::TestWithParam<std::pair<uint32_t, uint32_t>>
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_P(NdD1Test, QueueMatchesRobertsVirtamo)
{
    auto [n, d] = GetParam();
    const Time cell = MicroSeconds(1);
    const uint32_t replications = 1000;
    const uint32_t samples = 50;
    const uint32_t xs = 9;
    Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
    u->SetStream(17);
    // per replication, the fraction of samples with more than x cells
    std::vector<std::vector<double>> above(xs, std::vector<double>());
    for (uint32_t r = 0; r < replications; ++r)
    {
        Ptr<CoVcScheduler> s = CreateObject<CoVcScheduler>();
        s->SetAttribute("Fidelity", StringValue("Cell"));
        bool busy = false;
        std::function<void()> serve = [&]() {
            Ptr<Packet> frame;
            busy = s->DequeueCell(frame);
            if (busy)
            {
                CoSchedule(cell, serve);
            }
        };
        for (uint32_t i = 0; i < n; ++i)
        {
            ASSERT_TRUE(s->RegisterVc(0, 32 + i, CoServiceCategory::Ubr, CoFlowSpec()));
            Time phase = NanoSeconds(static_cast<int64_t>(u->GetValue(0, d * 1000.0)));
            for (uint32_t k = 0; k < 3; ++k)
            {
                CoSchedule(phase + cell * static_cast<int64_t>(k * d), [&, i]() {
                    EXPECT_TRUE(s->Enqueue(Create<Packet>(40), 0, 32 + i, 1));
                    if (!busy)
                    {
                        serve();
                    }
                });
            }
        }
        std::vector<uint32_t> count(xs, 0);
        for (uint32_t m = 0; m < samples; ++m)
        {
            Time at =
                NanoSeconds(static_cast<int64_t>(u->GetValue(2 * d * 1000.0, 3 * d * 1000.0)));
            CoSchedule(at, [&]() {
                uint64_t inSystem = s->GetNCells() + (busy ? 1 : 0);
                for (uint32_t x = 0; x < xs; ++x)
                {
                    count[x] += inSystem > x ? 1 : 0;
                }
            });
        }
        Simulator::Run();
        EXPECT_EQ(s->GetNCells(), 0u);
        for (uint32_t x = 0; x < xs; ++x)
        {
            above[x].push_back(static_cast<double>(count[x]) / samples);
        }
        s->Dispose();
        Simulator::Destroy();
    }
    for (uint32_t x = 0; x < xs; ++x)
    {
        // The draws are independent: each is a batch of its own.
        condistest::Estimate e = condistest::BatchMeans(above[x], replications);
        double expected = RobertsVirtamo(n, d, x);
        // Four standard errors of the estimate, and a floor for the tail
        // where few samples land.
        EXPECT_NEAR(e.mean, expected, 4 * e.standardError + 0.002)
            << "N=" << n << " D=" << d << " x=" << x << " se=" << e.standardError;
    }
}

INSTANTIATE_TEST_SUITE_P(Loads,
                         NdD1Test,
                         ::testing::Values(std::make_pair(40u, 50u), std::make_pair(90u, 100u)));

} // namespace
