/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoVcScheduler on its own: the order across service categories, the
 * weights within one (WRR and WFQ), the limits and their drop reasons,
 * and GCRA shaping in simulated time.
 */

#include "ns3/co-vc-scheduler.h"
#include "ns3/enum.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Reason = CoVcScheduler::DropReason;

CoFlowSpec
Flow(uint32_t pcr, uint32_t scr = 0, uint32_t mbs = 0)
{
    CoFlowSpec f;
    f.peakCellRate = pcr;
    f.sustainableCellRate = scr;
    f.maxBurstSize = mbs;
    return f;
}

class CoVcSchedulerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_s = CreateObject<CoVcScheduler>();
        m_s->TraceConnectWithoutContext("Drop", MakeCallback(&CoVcSchedulerTest::OnDrop, this));
    }

    void TearDown() override
    {
        m_s->Dispose();
        m_s = nullptr;
        Simulator::Destroy();
    }

    void OnDrop(Ptr<const Packet>, uint8_t, uint16_t vci, Reason reason)
    {
        m_drops.emplace_back(vci, reason);
    }

    /// Queues \p n frames of \p cells cells on \p vci; returns how many were accepted.
    uint32_t Offer(uint16_t vci, uint32_t n, uint32_t cells = 1)
    {
        uint32_t accepted = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            accepted += m_s->Enqueue(Create<Packet>(cells * 48 - 12), 0, vci, cells) ? 1 : 0;
        }
        return accepted;
    }

    /// Dequeues up to \p n frames now; returns the VCI of each (by its size tag).
    std::vector<uint16_t> Drain(uint32_t n)
    {
        std::vector<uint16_t> order;
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<Packet> p = m_s->Dequeue();
            if (!p)
            {
                break;
            }
            order.push_back(m_lastDequeued);
        }
        return order;
    }

    void OnDequeue(Ptr<const Packet>, uint8_t, uint16_t vci)
    {
        m_lastDequeued = vci;
    }

    void TrackDequeues()
    {
        m_s->TraceConnectWithoutContext("Dequeue",
                                        MakeCallback(&CoVcSchedulerTest::OnDequeue, this));
    }

    Ptr<CoVcScheduler> m_s;
    std::vector<std::pair<uint16_t, Reason>> m_drops;
    uint16_t m_lastDequeued = 0;
};

TEST_F(CoVcSchedulerTest, StrictPriorityAcrossCategories)
{
    TrackDequeues();
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 41, CoServiceCategory::NrtVbr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 42, CoServiceCategory::RtVbr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 43, CoServiceCategory::Cbr, Flow(0)));
    EXPECT_FALSE(m_s->RegisterVc(0, 43, CoServiceCategory::Ubr, Flow(0))); // twice
    EXPECT_FALSE(m_s->RegisterVc(0, 44, CoServiceCategory::Ubr, Flow(0), 0.0));
    EXPECT_EQ(m_s->GetVcCount(), 4u);
    // Lowest priority first, so that arrival order would give the wrong answer.
    for (uint16_t vci : {40, 41, 42, 43})
    {
        EXPECT_EQ(Offer(vci, 2), 2u);
    }
    EXPECT_EQ(m_s->GetNFrames(), 8u);
    EXPECT_EQ(Drain(10), (std::vector<uint16_t>{43, 43, 42, 42, 41, 41, 40, 40}));
    EXPECT_EQ(m_s->GetNFrames(), 0u);
    EXPECT_EQ(m_s->GetNCells(), 0u);
    // A CBR frame that arrives while UBR waits still goes first.
    Offer(40, 3);
    Drain(1);
    Offer(43, 1);
    EXPECT_EQ(Drain(10), (std::vector<uint16_t>{43, 40, 40}));
    EXPECT_EQ(m_s->GetVcStats(0, 40).dequeued, 5u);
}

TEST_F(CoVcSchedulerTest, WeightedRoundRobinInFrames)
{
    TrackDequeues();
    ASSERT_TRUE(m_s->RegisterVc(0, 50, CoServiceCategory::Ubr, Flow(0), 3.0));
    ASSERT_TRUE(m_s->RegisterVc(0, 51, CoServiceCategory::Ubr, Flow(0), 1.0));
    Offer(50, 9);
    Offer(51, 5);
    EXPECT_EQ(Drain(14),
              (std::vector<uint16_t>{50, 50, 50, 51, 50, 50, 50, 51, 50, 50, 50, 51, 51, 51}));
    // A new weight counts from the VC's next turn.
    ASSERT_TRUE(m_s->SetVcWeight(0, 51, 2.0));
    EXPECT_FALSE(m_s->SetVcWeight(0, 99, 2.0));
    Offer(50, 4);
    Offer(51, 4);
    EXPECT_EQ(Drain(8), (std::vector<uint16_t>{50, 50, 50, 51, 51, 50, 51, 51}));
}

TEST_F(CoVcSchedulerTest, WeightedFairQueueingInCells)
{
    TrackDequeues();
    m_s->SetAttribute("Discipline", EnumValue(static_cast<int>(CoVcScheduler::Discipline::Wfq)));
    ASSERT_TRUE(m_s->RegisterVc(0, 60, CoServiceCategory::Ubr, Flow(0), 2.0));
    ASSERT_TRUE(m_s->RegisterVc(0, 61, CoServiceCategory::Ubr, Flow(0), 1.0));
    ASSERT_TRUE(m_s->RegisterVc(0, 62, CoServiceCategory::Ubr, Flow(0), 1.0));
    Offer(60, 100, 1);
    Offer(61, 100, 1);
    Offer(62, 50, 2); // twice the cells per frame: half the frames
    std::map<uint16_t, uint32_t> frames;
    for (uint16_t vci : Drain(120))
    {
        ++frames[vci];
    }
    // Cells served in 2 : 1 : 1 (60, 30, 30 of 120 cells... by frames 60 : 30 : 15),
    // within a frame or two of SCFQ's bound.
    EXPECT_NEAR(frames[60], 2.0 * frames[61], 2.0);
    EXPECT_NEAR(frames[61], 2.0 * frames[62], 2.0);
    EXPECT_GT(frames[62], 0u);
}

TEST_F(CoVcSchedulerTest, LimitsDropWithTheirReasons)
{
    m_s->SetAttribute("VcMaxFrames", UintegerValue(3));
    m_s->SetAttribute("VcMaxCells", UintegerValue(10));
    m_s->SetAttribute("MaxFrames", UintegerValue(5));
    m_s->SetAttribute("MaxCells", UintegerValue(16));
    ASSERT_TRUE(m_s->RegisterVc(0, 70, CoServiceCategory::Ubr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 71, CoServiceCategory::Ubr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 72, CoServiceCategory::Ubr, Flow(0)));
    ASSERT_EQ(m_s->GetVcQueue(0, 70)->GetMaxSize(), QueueSize("3p"));

    EXPECT_EQ(Offer(70, 4, 1), 3u); // the 4th: the VC's queue is full
    EXPECT_EQ(Offer(71, 1, 6), 1u);
    EXPECT_EQ(Offer(71, 1, 6), 0u); // 12 cells > VcMaxCells 10
    EXPECT_EQ(Offer(72, 1, 8), 0u); // 3 + 6 + 8 > MaxCells 16
    EXPECT_EQ(Offer(72, 2, 1), 1u); // the second: MaxFrames 5
    EXPECT_EQ(Offer(99, 1, 1), 0u); // nobody's VC
    // The port's limits refuse UBR only: a CBR VC has its rate reserved.
    ASSERT_TRUE(m_s->RegisterVc(0, 73, CoServiceCategory::Cbr, Flow(0)));
    EXPECT_EQ(Offer(73, 1, 1), 1u);

    std::vector<std::pair<uint16_t, Reason>> expected{{70, Reason::VcFrameLimit},
                                                      {71, Reason::VcCellLimit},
                                                      {72, Reason::PortCellLimit},
                                                      {72, Reason::PortFrameLimit},
                                                      {99, Reason::UnregisteredVc}};
    EXPECT_EQ(m_drops, expected);
    EXPECT_EQ(m_s->GetVcStats(0, 70).drops[static_cast<int>(Reason::VcFrameLimit)], 1u);
    EXPECT_EQ(m_s->GetVcStats(0, 72).GetDrops(), 2u);
    EXPECT_EQ(m_s->GetDropCount(Reason::UnregisteredVc), 1u);
    EXPECT_EQ(m_s->GetNFrames(), 6u);
    EXPECT_EQ(m_s->GetNCells(), 11u);

    // Releasing a VC drops what it holds; the port's counts stay.
    EXPECT_TRUE(m_s->UnregisterVc(0, 70));
    EXPECT_FALSE(m_s->UnregisterVc(0, 70));
    EXPECT_EQ(m_s->GetDropCount(Reason::Released), 3u);
    EXPECT_EQ(m_s->GetNFrames(), 3u);
    // The link going down drops the rest.
    uint32_t flushed = 0;
    m_s->Flush(MakeBoundCallback(
        +[](uint32_t* n, Ptr<Packet>) { ++*n; },
        &flushed));
    EXPECT_EQ(flushed, 3u);
    EXPECT_EQ(m_s->GetDropCount(Reason::LinkDown), 3u);
    EXPECT_EQ(m_s->GetNFrames(), 0u);
    EXPECT_EQ(m_s->GetNCells(), 0u);
    EXPECT_EQ(m_s->Dequeue(), nullptr);
    EXPECT_TRUE(m_s->UnregisterVc(0, 71));
    EXPECT_TRUE(m_s->UnregisterVc(0, 72));
    EXPECT_TRUE(m_s->UnregisterVc(0, 73));
    EXPECT_EQ(m_s->GetVcCount(), 0u);
}

// Early packet discard: a UBR frame that finds the port at or above
// EpdThreshold cells is refused whole; the other categories are not.
TEST_F(CoVcSchedulerTest, EarlyPacketDiscardRefusesWholeUbrFramesAtTheThreshold)
{
    m_s->SetAttribute("EpdThreshold", UintegerValue(30));
    ASSERT_TRUE(m_s->RegisterVc(0, 70, CoServiceCategory::Ubr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 71, CoServiceCategory::Cbr, Flow(0)));
    // Occupancy 0, 10, 20 before each: accepted; then 30, at the threshold.
    EXPECT_EQ(Offer(70, 3, 10), 3u);
    EXPECT_EQ(Offer(70, 2, 10), 0u);
    // A CBR frame is not subject to EPD: 30 -> 37.
    EXPECT_EQ(Offer(71, 1, 7), 1u);
    EXPECT_EQ(m_s->GetNCells(), 37u);
    // Serving one UBR frame (10 cells) brings the port to 27: below again.
    TrackDequeues();
    EXPECT_EQ(Drain(1), (std::vector<uint16_t>{71})); // CBR goes first: 30 left
    EXPECT_EQ(Offer(70, 1, 10), 0u);
    EXPECT_EQ(Drain(1), (std::vector<uint16_t>{70})); // 20 left
    EXPECT_EQ(Offer(70, 1, 15), 1u);                  // 20 < 30: accepted, 35
    EXPECT_EQ(Offer(70, 1, 1), 0u);

    std::vector<std::pair<uint16_t, Reason>> expected(4, {70, Reason::EarlyPacketDiscard});
    EXPECT_EQ(m_drops, expected);
    EXPECT_EQ(m_s->GetDropCount(Reason::EarlyPacketDiscard), 4u);
    EXPECT_EQ(m_s->GetDropCells(Reason::EarlyPacketDiscard), 10u + 10u + 10u + 1u);
    EXPECT_EQ(m_s->GetVcStats(0, 70).drops[static_cast<int>(Reason::EarlyPacketDiscard)], 4u);
    EXPECT_EQ(m_s->GetVcStats(0, 71).GetDrops(), 0u);
    EXPECT_TRUE(m_s->UnregisterVc(0, 70));
    EXPECT_TRUE(m_s->UnregisterVc(0, 71));
    EXPECT_EQ(m_s->GetNCells(), 0u);
    EXPECT_EQ(m_s->GetDropCells(Reason::Released), 20u + 15u);
}

// Selective discard: a CLP=1 frame of any category is refused while the
// port holds ClpThreshold cells or more; CLP=0 frames are not.
TEST_F(CoVcSchedulerTest, SelectiveDiscardRefusesClpOneFramesAboveTheThreshold)
{
    m_s->SetAttribute("ClpThreshold", UintegerValue(20));
    ASSERT_TRUE(m_s->RegisterVc(0, 70, CoServiceCategory::Cbr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 71, CoServiceCategory::Ubr, Flow(0)));
    auto offer = [this](uint16_t vci, uint32_t cells, bool clp) {
        return m_s->Enqueue(Create<Packet>(cells * 48 - 12), 0, vci, cells, clp);
    };
    EXPECT_TRUE(offer(70, 10, true)); // 0 before
    EXPECT_TRUE(offer(71, 9, true));  // 10 before
    EXPECT_TRUE(offer(70, 1, true));  // 19 before: under 20
    EXPECT_FALSE(offer(70, 1, true)); // 20 before: at the threshold
    EXPECT_TRUE(offer(71, 5, false)); // CLP=0 passes, whatever the occupancy
    EXPECT_FALSE(offer(71, 1, true)); // 25 before
    EXPECT_FALSE(offer(70, 2, true));
    EXPECT_EQ(m_s->GetNCells(), 25u);

    std::vector<std::pair<uint16_t, Reason>> expected{{70, Reason::SelectiveDiscard},
                                                      {71, Reason::SelectiveDiscard},
                                                      {70, Reason::SelectiveDiscard}};
    EXPECT_EQ(m_drops, expected);
    EXPECT_EQ(m_s->GetDropCount(Reason::SelectiveDiscard), 3u);
    EXPECT_EQ(m_s->GetVcStats(0, 70).drops[static_cast<int>(Reason::SelectiveDiscard)], 2u);
    EXPECT_TRUE(m_s->UnregisterVc(0, 70));
    EXPECT_TRUE(m_s->UnregisterVc(0, 71));
}

/// Serves the scheduler as a device would: whatever may go now, and again
/// when the scheduler says more may.
struct Sink
{
    Ptr<CoVcScheduler> s;
    std::vector<std::pair<uint16_t, Time>> sent;
    uint16_t last = 0;

    void OnDequeue(Ptr<const Packet>, uint8_t, uint16_t vci)
    {
        last = vci;
    }

    void Serve()
    {
        while (s->Dequeue())
        {
            sent.emplace_back(last, Simulator::Now());
        }
    }
};

// CBR at 1,000 cells/s with frames of 2 cells: one frame every 2 ms.
TEST_F(CoVcSchedulerTest, ShapingSendsAtThePeakCellRate)
{
    Sink sink{m_s};
    m_s->TraceConnectWithoutContext("Dequeue", MakeCallback(&Sink::OnDequeue, &sink));
    uint32_t shaped = 0;
    m_s->TraceConnectWithoutContext("Shaped",
                                    MakeBoundCallback(
                                        +[](uint32_t* n, uint8_t, uint16_t, Time) { ++*n; },
                                        &shaped));
    m_s->SetReadyCallback(MakeCallback(&Sink::Serve, &sink));
    ASSERT_TRUE(m_s->RegisterVc(0, 80, CoServiceCategory::Cbr, Flow(1000)));
    ASSERT_TRUE(m_s->RegisterVc(0, 81, CoServiceCategory::Ubr, Flow(0)));
    Offer(80, 5, 2);
    Offer(81, 2, 1);
    sink.Serve();
    Simulator::Run();
    std::vector<std::pair<uint16_t, Time>> expected{{80, MilliSeconds(0)},
                                                    {81, MilliSeconds(0)},
                                                    {81, MilliSeconds(0)},
                                                    {80, MilliSeconds(2)},
                                                    {80, MilliSeconds(4)},
                                                    {80, MilliSeconds(6)},
                                                    {80, MilliSeconds(8)}};
    // The shaped CBR VC does not hold UBR back while it waits.
    EXPECT_EQ(sink.sent, expected);
    EXPECT_EQ(shaped, 4u);
    EXPECT_EQ(m_s->GetVcStats(0, 80).shaped, 4u);
    EXPECT_EQ(m_s->GetNFrames(), 0u);
}

// rt-VBR, PCR 1000, SCR 250, MBS 4, one-cell frames: 4 at the PCR, then the SCR.
TEST_F(CoVcSchedulerTest, VbrBurstsUpToMbsThenSustainableRate)
{
    Sink sink{m_s};
    m_s->TraceConnectWithoutContext("Dequeue", MakeCallback(&Sink::OnDequeue, &sink));
    m_s->SetReadyCallback(MakeCallback(&Sink::Serve, &sink));
    ASSERT_TRUE(m_s->RegisterVc(0, 90, CoServiceCategory::RtVbr, Flow(1000, 250, 4)));
    Offer(90, 6, 1);
    sink.Serve();
    Simulator::Run();
    std::vector<Time> times;
    for (auto& [vci, t] : sink.sent)
    {
        times.push_back(t);
    }
    EXPECT_EQ(times,
              (std::vector<Time>{MilliSeconds(0),
                                 MilliSeconds(1),
                                 MilliSeconds(2),
                                 MilliSeconds(3),
                                 MilliSeconds(7),
                                 MilliSeconds(11)}));
}

// Many VCs, registered and released in turns: slots are reused and stale
// entries skipped.
TEST_F(CoVcSchedulerTest, HundredsOfVcsComeAndGo)
{
    TrackDequeues();
    for (uint16_t vci = 32; vci < 532; ++vci)
    {
        ASSERT_TRUE(m_s->RegisterVc(0, vci, CoServiceCategory::Ubr, Flow(0)));
        Offer(vci, 2);
    }
    for (uint16_t vci = 32; vci < 532; vci += 2)
    {
        ASSERT_TRUE(m_s->UnregisterVc(0, vci));
    }
    EXPECT_EQ(m_s->GetNFrames(), 500u);
    std::vector<uint16_t> order = Drain(1000);
    ASSERT_EQ(order.size(), 500u);
    for (std::size_t i = 0; i < 250; ++i)
    {
        EXPECT_EQ(order[i], 33 + 2 * i); // one frame each per round
        EXPECT_EQ(order[250 + i], 33 + 2 * i);
    }
    for (uint16_t vci = 33; vci < 532; vci += 2)
    {
        ASSERT_TRUE(m_s->UnregisterVc(0, vci));
    }
    EXPECT_EQ(m_s->GetVcCount(), 0u);
    EXPECT_EQ(m_s->GetDropCount(Reason::Released), 500u);
}

} // namespace
