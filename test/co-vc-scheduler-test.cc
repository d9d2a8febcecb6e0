/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoVcScheduler on its own: the order across service categories (strict
 * priority, or weighted by start-time fair queueing), the weights within
 * one (WRR and WFQ), the limits and their drop reasons, and GCRA shaping
 * in simulated time.
 */

#include "ns3/co-ns3-compat.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <array>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <optional>
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

TEST_F(CoVcSchedulerTest, ContractWeightingSharesInProportionToTheContracts)
{
    TrackDequeues();
    CoFlowSpec vbr = Flow(6000, 2000, 100);
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::Cbr, Flow(3000)), 1.0); // Equal
    m_s->SetAttribute("VcWeighting", StringValue("Contract"));
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::Cbr, Flow(3000)), 3.0);
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::RtVbr, vbr), 2.0);
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::NrtVbr, vbr), 2.0);
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::NrtVbr, Flow(500)), 0.5);
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::Ubr, Flow(1500)), 1.5);
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::Ubr, Flow(0)), 1.0);
    m_s->SetAttribute("WeightUnit", UintegerValue(500));
    EXPECT_EQ(m_s->GetPolicyWeight(CoServiceCategory::Cbr, Flow(3000)), 6.0);
    m_s->SetAttribute("WeightUnit", UintegerValue(1000));
    // Registered without a weight, two UBR VCs of PCR 3000 and 1000 share
    // 3 : 1 under WRR; their PCRs do not hold them back (a CDVT of 10 s).
    m_s->SetAttribute("Cdvt", TimeValue(Seconds(10)));
    ASSERT_TRUE(m_s->RegisterVc(0, 50, CoServiceCategory::Ubr, Flow(3000)));
    ASSERT_TRUE(m_s->RegisterVc(0, 51, CoServiceCategory::Ubr, Flow(1000)));
    Offer(50, 9);
    Offer(51, 3);
    EXPECT_EQ(Drain(12), (std::vector<uint16_t>{50, 50, 50, 51, 50, 50, 50, 51, 50, 50, 50, 51}));
    // An explicit weight still wins, and a bad one is still refused.
    EXPECT_TRUE(m_s->RegisterVc(0, 52, CoServiceCategory::Ubr, Flow(3000), 1.0));
    EXPECT_FALSE(m_s->RegisterVc(0, 53, CoServiceCategory::Ubr, Flow(3000), -2.0));
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

// ---------------------------------------------------------------------------
// Weighted service across the categories

using Service = CoVcScheduler::CategoryService;

/// The weight attributes, by category index (CBR first).
const std::array<const char*, 4> WEIGHT_ATTRIBUTES = {"CbrWeight",
                                                      "RtVbrWeight",
                                                      "NrtVbrWeight",
                                                      "UbrWeight"};

const std::array<CoServiceCategory, 4> CATEGORIES = {CoServiceCategory::Cbr,
                                                     CoServiceCategory::RtVbr,
                                                     CoServiceCategory::NrtVbr,
                                                     CoServiceCategory::Ubr};

/**
 * Counts the cells each category sends, and checks after every frame the
 * fairness bound of start-time fair queueing: over an interval in which
 * categories i and j both have frames that may go,
 * |W_i / w_i - W_j / w_j| <= Lmax_i / w_i + Lmax_j / w_j,
 * W being the cells sent and Lmax the largest frame, in cells. (A category
 * enters the interval owing at most its last frame's cells over the weight
 * they were tagged with: when its weight has changed since, the bound uses
 * the smaller of the two.)
 */
class CategoryCells
{
  public:
    /// \param s the scheduler, \param category each VCI's category index
    CategoryCells(Ptr<CoVcScheduler> s, std::map<uint16_t, std::size_t> category)
        : m_s(s),
          m_category(std::move(category))
    {
        m_s->TraceConnectWithoutContext("Dequeue", MakeCallback(&CategoryCells::OnDequeue, this));
    }

    /// Starts a new interval: counts from zero, and these categories
    /// (indices) are the ones with frames that may go throughout it.
    void Restart(std::vector<std::size_t> backlogged)
    {
        m_cells.fill(0);
        m_backlogged = std::move(backlogged);
        for (std::size_t i = 0; i < 4; ++i)
        {
            double now = m_s->GetCategoryWeight(CATEGORIES[i]);
            m_slack[i] = m_maxFrame[i] / std::min(now, m_taggedWith[i].value_or(now));
        }
    }

    /// Dequeues until \p cells cells have gone (or nothing may go).
    void Serve(uint64_t cells)
    {
        uint64_t until = Total() + cells;
        while (Total() < until && m_s->Dequeue())
        {
        }
    }

    /// \return cells sent by category \p i in this interval
    uint64_t Cells(std::size_t i) const
    {
        return m_cells[i];
    }

    /// \return cells sent by all in this interval
    uint64_t Total() const
    {
        return m_cells[0] + m_cells[1] + m_cells[2] + m_cells[3];
    }

    /// \return how many times the bound was broken (the first is reported)
    uint32_t Violations() const
    {
        return m_violations;
    }

  private:
    void OnDequeue(Ptr<const Packet> frame, uint8_t, uint16_t vci)
    {
        std::size_t c = m_category.at(vci);
        uint64_t cells = (frame->GetSize() + 12) / 48; // as Offer() made it
        m_cells[c] += cells;
        m_taggedWith[c] = m_s->GetCategoryWeight(CATEGORIES[c]);
        for (std::size_t i : m_backlogged)
        {
            for (std::size_t j : m_backlogged)
            {
                double wi = m_s->GetCategoryWeight(CATEGORIES[i]);
                double wj = m_s->GetCategoryWeight(CATEGORIES[j]);
                double gap = std::abs(m_cells[i] / wi - m_cells[j] / wj);
                double bound = m_slack[i] + m_slack[j] + 1e-9;
                if (gap > bound && m_violations++ == 0)
                {
                    ADD_FAILURE() << "categories " << i << " and " << j << ": " << m_cells[i]
                                  << " and " << m_cells[j] << " cells, gap " << gap
                                  << " above the bound " << bound;
                }
            }
        }
    }

  public:
    std::array<uint64_t, 4> m_maxFrame{1, 1, 1, 1}; //!< Lmax of each category, cells

  private:
    Ptr<CoVcScheduler> m_s;
    std::map<uint16_t, std::size_t> m_category;
    std::array<uint64_t, 4> m_cells{};
    std::array<std::optional<double>, 4> m_taggedWith{}; //!< weight of each one's last frame
    std::array<double, 4> m_slack{};                     //!< its share of the bound
    std::vector<std::size_t> m_backlogged;
    uint32_t m_violations = 0;
};

TEST_F(CoVcSchedulerTest, StrictPriorityIsTheDefaultAndIgnoresWeights)
{
    CoEnumValue<int> service;
    m_s->GetAttribute("CategoryService", service);
    EXPECT_EQ(service.Get(), static_cast<int>(Service::StrictPriority));
    for (std::size_t i = 0; i < 4; ++i)
    {
        DoubleValue w;
        m_s->GetAttribute(WEIGHT_ATTRIBUTES[i], w);
        EXPECT_EQ(w.Get(), 1.0);
    }
    // Weights that would favour UBR change nothing under strict priority.
    m_s->SetAttribute("UbrWeight", DoubleValue(1e6));
    m_s->SetAttribute("CbrWeight", DoubleValue(1e-6));
    TrackDequeues();
    ASSERT_TRUE(m_s->RegisterVc(0, 40, CoServiceCategory::Ubr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 43, CoServiceCategory::Cbr, Flow(0)));
    Offer(40, 3);
    Offer(43, 3);
    EXPECT_EQ(Drain(10), (std::vector<uint16_t>{43, 43, 43, 40, 40, 40}));
}

// All four categories saturated, weights 8 : 4 : 2 : 1, frames of 1 to 5
// cells and two VCs in each category (WRR and WFQ within): the cells sent
// follow the weights within start-time fair queueing's bound at every
// frame, and the shares of 15,000 cells within 0.1 % of the link.
TEST_F(CoVcSchedulerTest, WeightedSharesFollowTheWeightsInCells)
{
    for (auto discipline : {CoVcScheduler::Discipline::Wrr, CoVcScheduler::Discipline::Wfq})
    {
        SCOPED_TRACE(discipline == CoVcScheduler::Discipline::Wrr ? "WRR within" : "WFQ within");
        TearDown();
        SetUp();
        m_s->SetAttribute("Discipline", EnumValue(static_cast<int>(discipline)));
        m_s->SetAttribute("CategoryService", StringValue("Weighted"));
        m_s->SetAttribute("VcMaxFrames", UintegerValue(100000));
        const std::array<double, 4> weights = {8, 4, 2, 1};
        // each category: two VCs, frames of these sizes (cells)
        const std::array<std::pair<uint32_t, uint32_t>, 4> sizes = {std::make_pair(1u, 2u),
                                                                    std::make_pair(3u, 1u),
                                                                    std::make_pair(5u, 2u),
                                                                    std::make_pair(4u, 1u)};
        std::map<uint16_t, std::size_t> category;
        for (std::size_t i = 0; i < 4; ++i)
        {
            m_s->SetAttribute(WEIGHT_ATTRIBUTES[i], DoubleValue(weights[i]));
            auto vci = static_cast<uint16_t>(100 + 2 * i);
            ASSERT_TRUE(m_s->RegisterVc(0, vci, CATEGORIES[i], Flow(0), 1.0));
            ASSERT_TRUE(m_s->RegisterVc(0, vci + 1, CATEGORIES[i], Flow(0), 2.0));
            // more than the category can send in the 15,000 cells served
            EXPECT_EQ(Offer(vci, 9000, sizes[i].first), 9000u);
            EXPECT_EQ(Offer(vci + 1, 9000, sizes[i].second), 9000u);
            category[vci] = i;
            category[vci + 1] = i;
        }
        CategoryCells cells(m_s, category);
        for (std::size_t i = 0; i < 4; ++i)
        {
            cells.m_maxFrame[i] = std::max(sizes[i].first, sizes[i].second);
        }
        cells.Restart({0, 1, 2, 3});
        cells.Serve(15000);
        EXPECT_EQ(cells.Violations(), 0u);
        double total = cells.Total();
        ASSERT_GE(total, 15000);
        ASSERT_LE(total, 15000 + 4);
        for (std::size_t i = 0; i < 4; ++i)
        {
            // 8/15, 4/15, 2/15, 1/15 of the link; the bound gives at most
            // 5 / 1 cells of lag to UBR against the others, 0.03 % here.
            EXPECT_NEAR(cells.Cells(i) / total, weights[i] / 15, 0.001) << "category " << i;
        }
    }
}

// A category with no frames leaves its share to the others, and when its
// frames come it has no credit for the time it was away.
TEST_F(CoVcSchedulerTest, WeightedEmptyCategoryGivesItsShareAway)
{
    m_s->SetAttribute("CategoryService", EnumValue(static_cast<int>(Service::Weighted)));
    m_s->SetAttribute("VcMaxFrames", UintegerValue(100000));
    ASSERT_TRUE(m_s->SetCategoryWeight(CoServiceCategory::Cbr, 1));
    ASSERT_TRUE(m_s->SetCategoryWeight(CoServiceCategory::RtVbr, 4));
    ASSERT_TRUE(m_s->SetCategoryWeight(CoServiceCategory::NrtVbr, 1));
    ASSERT_TRUE(m_s->SetCategoryWeight(CoServiceCategory::Ubr, 2));
    std::map<uint16_t, std::size_t> category;
    for (std::size_t i = 0; i < 4; ++i)
    {
        auto vci = static_cast<uint16_t>(110 + i);
        ASSERT_TRUE(m_s->RegisterVc(0, vci, CATEGORIES[i], Flow(0)));
        category[vci] = i;
        if (i != 1)
        {
            Offer(vci, 20000, 2);
        }
    }
    CategoryCells cells(m_s, category);
    cells.m_maxFrame = {2, 2, 2, 2};
    cells.Restart({0, 2, 3});
    cells.Serve(8000); // by weights 1 : 1 : 2 among those with frames
    EXPECT_EQ(cells.Violations(), 0u);
    EXPECT_EQ(cells.Cells(1), 0u);
    EXPECT_NEAR(cells.Cells(0), 2000, 2);
    EXPECT_NEAR(cells.Cells(2), 2000, 2);
    EXPECT_NEAR(cells.Cells(3), 4000, 2);

    // rt-VBR's frames come: from now on 1 : 4 : 1 : 2, with no burst to
    // make up for the 8,000 cells it did not send (that would break the
    // bound at once).
    Offer(111, 20000, 2);
    cells.Restart({0, 1, 2, 3});
    cells.Serve(8000);
    EXPECT_EQ(cells.Violations(), 0u);
    EXPECT_NEAR(cells.Cells(0), 1000, 2);
    EXPECT_NEAR(cells.Cells(1), 4000, 4);
    EXPECT_NEAR(cells.Cells(2), 1000, 2);
    EXPECT_NEAR(cells.Cells(3), 2000, 2);
}

/**
 * A link of 100,000 cells/s (10 us a cell) that sends one frame at a time
 * and asks the scheduler again when it is done, or when the scheduler says
 * a shaped frame may go.
 */
struct TimedLink
{
    Ptr<CoVcScheduler> s;
    bool busy = false;
    uint64_t cells = 0; //!< cells sent
    std::map<uint16_t, uint64_t> perVci;
    uint16_t last = 0;
    Time busyTime; //!< time spent sending
    Time stop;     //!< no frame starts at or after it

    void OnDequeue(Ptr<const Packet>, uint8_t, uint16_t vci)
    {
        last = vci;
    }

    void Serve()
    {
        if (busy || Simulator::Now() >= stop)
        {
            return;
        }
        Ptr<Packet> p = s->Dequeue();
        if (!p)
        {
            return; // the ready callback calls again
        }
        uint64_t n = (p->GetSize() + 12) / 48;
        cells += n;
        perVci[last] += n;
        busy = true;
        busyTime += MicroSeconds(10 * n);
        Simulator::Schedule(MicroSeconds(10 * n), &TimedLink::Done, this);
    }

    void Done()
    {
        busy = false;
        Serve();
    }
};

// A category whose only VC is shaped by its GCRA does not hold the link
// while it waits: the others send in between, and the link never idles
// while any frame may go. Its share is the smaller of its contract and its
// weighted share.
TEST_F(CoVcSchedulerTest, WeightedServiceIsWorkConservingWithShapedVcs)
{
    struct Case
    {
        uint32_t pcr;      //!< CBR's peak cell rate, cells/s
        double cbrWeight;  //!< against UBR's 1
        uint64_t cbrCells; //!< expected in 100 ms
    };

    // 10 % of the link with weight 8: its contract binds, UBR takes 90 %.
    // 50 % of the link with weight 1/3: its weighted share (25 %) binds.
    for (const Case& k : {Case{10000, 8.0, 1000}, Case{50000, 1.0 / 3, 2500}})
    {
        SCOPED_TRACE("PCR " + std::to_string(k.pcr));
        TearDown();
        SetUp();
        m_s->SetAttribute("CategoryService", EnumValue(static_cast<int>(Service::Weighted)));
        m_s->SetAttribute("CbrWeight", DoubleValue(k.cbrWeight));
        m_s->SetAttribute("VcMaxFrames", UintegerValue(100000));
        TimedLink link{m_s};
        link.stop = MilliSeconds(100);
        m_s->TraceConnectWithoutContext("Dequeue", MakeCallback(&TimedLink::OnDequeue, &link));
        m_s->SetReadyCallback(MakeCallback(&TimedLink::Serve, &link));
        ASSERT_TRUE(m_s->RegisterVc(0, 120, CoServiceCategory::Cbr, Flow(k.pcr)));
        ASSERT_TRUE(m_s->RegisterVc(0, 121, CoServiceCategory::Ubr, Flow(0)));
        Offer(120, 20000, 1);
        Offer(121, 20000, 1);
        link.Serve();
        Simulator::Run();
        // 100 ms at 10 us a cell: 10,000 cells, the link busy throughout.
        EXPECT_EQ(link.cells, 10000u);
        EXPECT_EQ(link.busyTime, MilliSeconds(100));
        EXPECT_NEAR(static_cast<double>(link.perVci[120]), k.cbrCells, 2);
        EXPECT_NEAR(static_cast<double>(link.perVci[121]), 10000.0 - k.cbrCells, 2);
        EXPECT_GT(m_s->GetVcStats(0, 120).shaped, 0u);
    }
    // Only the shaped VC has frames: the link idles between its frames
    // (nothing else may go) and the ready callback brings each one.
    TearDown();
    SetUp();
    m_s->SetAttribute("CategoryService", EnumValue(static_cast<int>(Service::Weighted)));
    TimedLink link{m_s};
    link.stop = MilliSeconds(100);
    m_s->TraceConnectWithoutContext("Dequeue", MakeCallback(&TimedLink::OnDequeue, &link));
    m_s->SetReadyCallback(MakeCallback(&TimedLink::Serve, &link));
    ASSERT_TRUE(m_s->RegisterVc(0, 122, CoServiceCategory::RtVbr, Flow(1000)));
    Offer(122, 10, 1);
    link.Serve();
    Simulator::Run();
    EXPECT_EQ(link.perVci[122], 10u); // one a millisecond, the 10th at 9 ms
    EXPECT_EQ(m_s->GetNFrames(), 0u);
}

// Weights and the service itself may change while frames wait: each
// change counts from the next frame.
TEST_F(CoVcSchedulerTest, WeightsChangeAtRunTime)
{
    m_s->SetAttribute("VcMaxFrames", UintegerValue(100000));
    std::map<uint16_t, std::size_t> category{{130, 0}, {131, 3}};
    ASSERT_TRUE(m_s->RegisterVc(0, 130, CoServiceCategory::Cbr, Flow(0)));
    ASSERT_TRUE(m_s->RegisterVc(0, 131, CoServiceCategory::Ubr, Flow(0)));
    Offer(130, 20000, 1);
    Offer(131, 10000, 3);
    CategoryCells cells(m_s, category);
    cells.m_maxFrame = {1, 1, 1, 3};
    // Strict priority first: UBR waits.
    cells.Restart({});
    cells.Serve(1000);
    EXPECT_EQ(cells.Cells(0), 1000u);
    EXPECT_EQ(cells.Cells(3), 0u);
    // Weighted, 1 : 1 (the defaults): UBR has no debt from the strict period.
    m_s->SetAttribute("CategoryService", StringValue("Weighted"));
    cells.Restart({0, 3});
    cells.Serve(3000);
    EXPECT_EQ(cells.Violations(), 0u);
    EXPECT_NEAR(cells.Cells(0), 1500, 3);
    EXPECT_NEAR(cells.Cells(3), 1500, 3);
    // UBR's weight to 3 through the attribute, then CBR's to 0.5 through
    // SetCategoryWeight: 1 : 3, then 1 : 6, from the next frame on.
    m_s->SetAttribute("UbrWeight", DoubleValue(3));
    cells.Restart({0, 3});
    cells.Serve(4000);
    EXPECT_EQ(cells.Violations(), 0u);
    EXPECT_NEAR(cells.Cells(0), 1000, 4);
    EXPECT_NEAR(cells.Cells(3), 3000, 4);
    ASSERT_TRUE(m_s->SetCategoryWeight(CoServiceCategory::Cbr, 0.5));
    EXPECT_EQ(m_s->GetCategoryWeight(CoServiceCategory::Cbr), 0.5);
    cells.Restart({0, 3});
    cells.Serve(7000);
    EXPECT_EQ(cells.Violations(), 0u);
    EXPECT_NEAR(cells.Cells(0), 1000, 4);
    EXPECT_NEAR(cells.Cells(3), 6000, 4);
    // Back to strict priority: CBR alone again.
    m_s->SetAttribute("CategoryService", StringValue("StrictPriority"));
    cells.Restart({});
    cells.Serve(500);
    EXPECT_EQ(cells.Cells(0), 500u);
    EXPECT_EQ(cells.Cells(3), 0u);
}

TEST_F(CoVcSchedulerTest, InvalidCategoryWeightsAreRefused)
{
    const double bad[] = {0.0,
                          -1.0,
                          0.9e-6,
                          1.1e6,
                          std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::quiet_NaN()};
    for (std::size_t i = 0; i < 4; ++i)
    {
        ASSERT_TRUE(m_s->SetAttributeFailSafe(WEIGHT_ATTRIBUTES[i], DoubleValue(2.5)));
        for (double w : bad)
        {
            EXPECT_FALSE(m_s->SetAttributeFailSafe(WEIGHT_ATTRIBUTES[i], DoubleValue(w)))
                << WEIGHT_ATTRIBUTES[i] << " " << w;
            EXPECT_FALSE(m_s->SetCategoryWeight(CATEGORIES[i], w)) << w;
        }
        // nothing changed
        DoubleValue kept;
        m_s->GetAttribute(WEIGHT_ATTRIBUTES[i], kept);
        EXPECT_EQ(kept.Get(), 2.5);
        EXPECT_EQ(m_s->GetCategoryWeight(CATEGORIES[i]), 2.5);
        // the ends of the range are taken
        EXPECT_TRUE(m_s->SetCategoryWeight(CATEGORIES[i], CoVcScheduler::MIN_CATEGORY_WEIGHT));
        EXPECT_TRUE(m_s->SetAttributeFailSafe(WEIGHT_ATTRIBUTES[i],
                                              DoubleValue(CoVcScheduler::MAX_CATEGORY_WEIGHT)));
    }
    EXPECT_FALSE(m_s->SetCategoryWeight(static_cast<CoServiceCategory>(4), 1.0));
    // An unknown name is not tried here: ns-3.37's EnumChecker asserts on one (a
    // Debug ns-3 aborts; a Release one reads past its table), so names from files
    // and Python are checked by the scenario before they reach an attribute
    // (ScenarioQueueing tests: "unknown category service").
    CoEnumValue<int> service;
    m_s->GetAttribute("CategoryService", service);
    EXPECT_EQ(service.Get(), static_cast<int>(Service::StrictPriority));
}

} // namespace
