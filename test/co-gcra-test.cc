/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The GCRA of ATM Forum TM 4.0 on cell sequences computed by hand.
 */

#include "ns3/co-gcra.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

Time
Ms(int64_t ms)
{
    return MilliSeconds(ms);
}

} // namespace

// GCRA(10, 2): cells at 0, 8, 17, 18, 45 ms.
//   0: TAT 0, conforms, TAT = 10
//   8: 8 >= 10 - 2, conforms, TAT = max(8, 10) + 10 = 20
//  17: 17 < 20 - 2, does not conform, TAT stays 20
//  18: 18 >= 18, conforms, TAT = 30
//  45: conforms (idle), TAT = 55
TEST(CoGcraTest, VirtualSchedulingOnAHandComputedSequence)
{
    CoGcra gcra(Ms(10), Ms(2));
    EXPECT_TRUE(gcra.Conform(Ms(0)));
    EXPECT_EQ(gcra.GetTheoreticalArrivalTime(), Ms(10));
    EXPECT_TRUE(gcra.Conform(Ms(8)));
    EXPECT_EQ(gcra.GetTheoreticalArrivalTime(), Ms(20));
    EXPECT_EQ(gcra.GetEarliestConformingTime(), Ms(18));
    EXPECT_FALSE(gcra.Conform(Ms(17)));
    EXPECT_EQ(gcra.GetTheoreticalArrivalTime(), Ms(20));
    EXPECT_TRUE(gcra.Conform(Ms(18)));
    EXPECT_EQ(gcra.GetTheoreticalArrivalTime(), Ms(30));
    EXPECT_TRUE(gcra.Conform(Ms(45)));
    EXPECT_EQ(gcra.GetTheoreticalArrivalTime(), Ms(55));
}

// With L = 0 cells conform exactly at the rate: 1/I and no faster.
TEST(CoGcraTest, ZeroLimitIsTheExactPeakRate)
{
    CoGcra gcra = CoGcra::FromCellRate(1000, Time(0)); // I = 1 ms
    EXPECT_EQ(gcra.GetIncrement(), Ms(1));
    EXPECT_TRUE(gcra.Conform(Ms(0)));
    EXPECT_FALSE(gcra.Conform(MicroSeconds(999)));
    EXPECT_TRUE(gcra.Conform(Ms(1)));
    EXPECT_TRUE(gcra.Conform(Ms(2)));
    EXPECT_FALSE(gcra.IsConforming(Ms(2)));
    EXPECT_TRUE(gcra.IsConforming(Ms(3)));
}

// A frame of 5 cells counts as 5 cells: the next may start 5 I later.
TEST(CoGcraTest, AFrameChargesAllItsCells)
{
    CoGcra gcra(Ms(1), Time(0));
    EXPECT_TRUE(gcra.Conform(Ms(0), 5));
    EXPECT_EQ(gcra.GetTheoreticalArrivalTime(), Ms(5));
    EXPECT_EQ(gcra.GetEarliestConformingTime(), Ms(5));
    EXPECT_FALSE(gcra.Conform(Ms(4), 5));
    gcra.Charge(Ms(4), 2); // a shaper that sent anyway: TAT = max(4, 5) + 2
    EXPECT_EQ(gcra.GetTheoreticalArrivalTime(), Ms(7));
    gcra.Reset();
    EXPECT_TRUE(gcra.IsConforming(Time(0)));
}

TEST(CoGcraTest, DisabledLetsEverythingThrough)
{
    CoGcra gcra = CoGcra::FromCellRate(0, Ms(1));
    EXPECT_FALSE(gcra.IsEnabled());
    for (int i = 0; i < 100; ++i)
    {
        EXPECT_TRUE(gcra.Conform(Time(0), 10));
    }
    EXPECT_EQ(gcra.GetEarliestConformingTime(), Time(0));
}

// PCR 1000, SCR 250, MBS 4, CDVT 0: BT = 3 (4 - 1) ms = 9 ms. Cells at the
// PCR (0, 1, 2, 3 ms) conform to both; the sustainable TAT reaches 16 ms, so
// the fifth may not go before 16 - 9 = 7 ms (the peak GCRA would allow 4).
TEST(CoGcraTest, DualGcraLetsMbsCellsGoAtThePeakRate)
{
    EXPECT_EQ(CoDualGcra::GetBurstTolerance(1000, 250, 4), Ms(9));
    EXPECT_EQ(CoDualGcra::GetBurstTolerance(1000, 1000, 4), Time(0));
    EXPECT_EQ(CoDualGcra::GetBurstTolerance(1000, 250, 1), Time(0));

    CoFlowSpec flow;
    flow.peakCellRate = 1000;
    flow.sustainableCellRate = 250;
    flow.maxBurstSize = 4;
    CoDualGcra vbr = CoDualGcra::ForContract(CoServiceCategory::RtVbr, flow, Time(0));
    EXPECT_EQ(vbr.GetSustainable().GetIncrement(), Ms(4));
    EXPECT_EQ(vbr.GetSustainable().GetLimit(), Ms(9));
    for (int i = 0; i < 4; ++i)
    {
        EXPECT_TRUE(vbr.Conform(Ms(i))) << "cell " << i;
    }
    EXPECT_EQ(vbr.GetSustainable().GetTheoreticalArrivalTime(), Ms(16));
    EXPECT_EQ(vbr.GetPeak().GetEarliestConformingTime(), Ms(4));
    EXPECT_EQ(vbr.GetEarliestConformingTime(), Ms(7));
    EXPECT_FALSE(vbr.Conform(Ms(4)));
    // The refused cell counted in neither.
    EXPECT_EQ(vbr.GetPeak().GetTheoreticalArrivalTime(), Ms(4));
    EXPECT_TRUE(vbr.Conform(Ms(7)));
    // After that the cells go at the SCR: 20 - 9 = 11 ms.
    EXPECT_EQ(vbr.GetEarliestConformingTime(), Ms(11));
}

// CDVT adds to both limits.
TEST(CoGcraTest, ContractsByCategory)
{
    CoFlowSpec flow;
    flow.peakCellRate = 1000;
    flow.sustainableCellRate = 250;
    flow.maxBurstSize = 4;
    CoDualGcra cbr = CoDualGcra::ForContract(CoServiceCategory::Cbr, flow, Ms(1));
    EXPECT_TRUE(cbr.GetPeak().IsEnabled());
    EXPECT_EQ(cbr.GetPeak().GetLimit(), Ms(1));
    EXPECT_FALSE(cbr.GetSustainable().IsEnabled());

    CoDualGcra nrt = CoDualGcra::ForContract(CoServiceCategory::NrtVbr, flow, Ms(1));
    EXPECT_EQ(nrt.GetSustainable().GetLimit(), Ms(10));

    CoFlowSpec ubr; // PCR 0: the link rate, nothing to shape
    EXPECT_FALSE(CoDualGcra::ForContract(CoServiceCategory::Ubr, ubr, Ms(1)).IsEnabled());
}
