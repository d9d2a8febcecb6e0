/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The traffic sources on their own: what each offers, frame by frame and
 * on average, and how a trace that cannot be read is reported.
 */

#include "co-scratch-dir.h"

#include "ns3/co-traffic-source.h"
#include "ns3/double.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// Offers \p frames frames of \p source; \return the offered bit rate over their span.
double
OfferedRate(Ptr<CoTrafficSource> source, uint32_t frames)
{
    Time t(0);
    double bytes = 0;
    CoTrafficFrame f;
    for (uint32_t i = 0; i < frames; ++i)
    {
        EXPECT_TRUE(source->GetNextFrame(f));
        t += f.gap;
        bytes += f.size;
    }
    return bytes * 8 / t.GetSeconds();
}

/// The trace tests, each in a scratch directory of its own.
class CoTraceReplayTest : public condistest::ScratchDirTest
{
  protected:
    CoTraceReplayTest()
        : ScratchDirTest("condis-traffic-")
    {
    }
};

} // namespace

TEST(CoTrafficSourceTest, CbrFramesAreEvenlySpacedFromTheStart)
{
    Ptr<CoCbrSource> cbr = CreateObject<CoCbrSource>();
    cbr->SetAttribute("PacketSize", UintegerValue(1000));
    cbr->SetAttribute("Interval", TimeValue(MilliSeconds(4)));
    EXPECT_EQ(cbr->Validate(), "");
    CoTrafficFrame f;
    ASSERT_TRUE(cbr->GetNextFrame(f));
    EXPECT_EQ(f.gap, Time(0));
    for (int i = 0; i < 10; ++i)
    {
        ASSERT_TRUE(cbr->GetNextFrame(f));
        EXPECT_EQ(f.gap, MilliSeconds(4));
        EXPECT_EQ(f.size, 1000u);
    }
    EXPECT_DOUBLE_EQ(cbr->GetMeanBitRate(), 2e6);
    cbr->SetAttribute("Interval", TimeValue(Time(0)));
    EXPECT_NE(cbr->Validate().find("Interval"), std::string::npos);
}

TEST(CoTrafficSourceTest, PoissonMeanRateAndExponentialGaps)
{
    RngSeedManager::SetSeed(3);
    Ptr<CoPoissonSource> poisson = CreateObject<CoPoissonSource>();
    poisson->SetAttribute("FrameRate", DoubleValue(500));
    poisson->SetAttribute("MeanSize", UintegerValue(200));
    poisson->AssignStreams(11);
    // 100,000 exponential gaps: the mean within 1 % (its standard error is 0.3 %).
    double rate = OfferedRate(poisson, 100000);
    EXPECT_NEAR(rate / poisson->GetMeanBitRate(), 1.0, 0.01);

    poisson->SetAttribute("SizeDistribution", StringValue("Exponential"));
    poisson->SetAttribute("MaxSize", UintegerValue(65535));
    double sum = 0, squares = 0;
    CoTrafficFrame f;
    const int n = 100000;
    for (int i = 0; i < n; ++i)
    {
        poisson->GetNextFrame(f);
        sum += f.size;
        squares += double(f.size) * f.size;
    }
    double mean = sum / n;
    // Exponential: standard deviation equal to the mean (rounding aside).
    EXPECT_NEAR(mean, 200, 200 * 0.015);
    EXPECT_NEAR(std::sqrt(squares / n - mean * mean) / mean, 1.0, 0.02);
    poisson->SetAttribute("MeanSize", UintegerValue(0));
    EXPECT_NE(poisson->Validate().find("MeanSize 0"), std::string::npos);
}

TEST(CoTrafficSourceTest, OnOffDutyCycleSetsTheMeanRate)
{
    RngSeedManager::SetSeed(3);
    Ptr<CoOnOffSource> onoff = CreateObject<CoOnOffSource>();
    onoff->SetAttribute("PeakRate", StringValue("8Mbps"));
    onoff->SetAttribute("PacketSize", UintegerValue(100)); // 100 us per frame while on
    onoff->SetAttribute("OnTime", StringValue("ns3::ExponentialRandomVariable[Mean=0.05]"));
    onoff->SetAttribute("OffTime", StringValue("ns3::ExponentialRandomVariable[Mean=0.15]"));
    onoff->AssignStreams(21);
    EXPECT_EQ(onoff->Validate(), "");
    // Duty cycle 1/4: 2 Mb/s, less the part of each on period too short for
    // a whole frame (50 us of 50 ms on average: 0.1 %). 200,000 frames are
    // some 400 on periods: the standard error of the rate is some 4 %.
    double rate = OfferedRate(onoff, 200000);
    EXPECT_NEAR(rate / 2e6, 1.0, 0.15);
    // Gaps are the peak spacing within a burst, longer between bursts.
    CoTrafficFrame f;
    uint32_t inBurst = 0, between = 0;
    for (int i = 0; i < 10000; ++i)
    {
        onoff->GetNextFrame(f);
        if (f.gap == MicroSeconds(100))
        {
            ++inBurst;
        }
        else
        {
            EXPECT_GT(f.gap, MicroSeconds(100));
            ++between;
        }
    }
    // About one burst per 500 frames.
    EXPECT_GT(between, 5u);
    EXPECT_LT(between, 60u);
    EXPECT_GT(inBurst, 9900u);
}

TEST(CoTrafficSourceTest, ParetoOnPeriodsHaveTheirMean)
{
    RngSeedManager::SetSeed(3);
    // Pareto with shape 1.5 and scale 0.01 s has mean 0.03 s (finite mean,
    // infinite variance: heavy-tailed bursts); exponential off periods of 0.03 s.
    Ptr<CoOnOffSource> onoff = CreateObject<CoOnOffSource>();
    onoff->SetAttribute("PeakRate", StringValue("80Mbps"));
    onoff->SetAttribute("PacketSize", UintegerValue(10)); // 1 us per frame while on
    onoff->SetAttribute("OnTime", StringValue("ns3::ParetoRandomVariable[Scale=0.01|Shape=1.5]"));
    onoff->SetAttribute("OffTime", StringValue("ns3::ExponentialRandomVariable[Mean=0.03]"));
    onoff->AssignStreams(31);
    // Duty cycle 1/2: 40 Mb/s. The Pareto mean converges slowly: 20 %.
    double rate = OfferedRate(onoff, 2000000);
    EXPECT_NEAR(rate / 40e6, 1.0, 0.2);
}

TEST_F(CoTraceReplayTest, TraceReplayGivesTheTraceExactly)
{
    std::string path = Write("replay.trace",
                             "# time size\n"
                             "0 100\n"
                             "\n"
                             "0.001 1500\n"
                             "0.001 40\n"
                             "  0.0125   9188\n");
    Ptr<CoTraceReplaySource> replay = CreateObject<CoTraceReplaySource>();
    replay->SetAttribute("FileName", StringValue(path));
    ASSERT_EQ(replay->Validate(), "");
    EXPECT_EQ(replay->GetFrameCount(), 4u);
    std::vector<std::pair<Time, uint32_t>> expected{{Time(0), 100},
                                                    {MilliSeconds(1), 1500},
                                                    {Time(0), 40},
                                                    {MicroSeconds(11500), 9188}};
    CoTrafficFrame f;
    for (auto [gap, size] : expected)
    {
        ASSERT_TRUE(replay->GetNextFrame(f));
        EXPECT_EQ(f.gap, gap);
        EXPECT_EQ(f.size, size);
    }
    EXPECT_FALSE(replay->GetNextFrame(f)); // the trace ended
}

TEST_F(CoTraceReplayTest, BadTraceLinesAreNamedWithFileAndLine)
{
    struct Case
    {
        std::string text;
        std::string error;
    };

    std::vector<Case> cases{{"0 100\nzero 100\n", ":2: expected \"time size\""},
                            {"0 100\n0.5\n", ":2: expected \"time size\""},
                            {"0 100\n0.5 10 extra\n", ":2: expected \"time size\""},
                            {"# c\n0.2 100\n0.1 100\n", ":3: time 0.1"},
                            {"-1 100\n", ":1: time -1"},
                            {"0 0\n", ":1: size 0 is not in 1..65535"},
                            {"0 70000\n", ":1: size 70000"},
                            {"0 1e400\n", ":1: expected"},
                            // a file without newlines is not read whole into memory
                            {"0 100\n" + std::string(100000, 'x'), ":2: a line longer than 4096"}};
    int k = 0;
    for (const Case& c : cases)
    {
        std::string path = Write("bad" + std::to_string(k++) + ".trace", c.text);
        Ptr<CoTraceReplaySource> replay = CreateObject<CoTraceReplaySource>();
        replay->SetAttribute("FileName", StringValue(path));
        std::string error = replay->Validate();
        EXPECT_NE(error.find(path + c.error), std::string::npos) << c.text << " -> " << error;
        CoTrafficFrame f;
        EXPECT_FALSE(replay->GetNextFrame(f)) << "a bad trace offers nothing";
    }
    Ptr<CoTraceReplaySource> missing = CreateObject<CoTraceReplaySource>();
    missing->SetAttribute("FileName", StringValue("/nonexistent/x.trace"));
    EXPECT_NE(missing->Validate().find("'/nonexistent/x.trace'"), std::string::npos);
}
