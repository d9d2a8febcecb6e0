/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Validation against closed forms: one port (the calling host's NIC) fed
 * by Poisson frames on one VC is a single-server FIFO queue with Poisson
 * arrivals, so its mean waiting time (from the send to the frame's first
 * bit on the wire) is the Pollaczek-Khinchine formula's:
 *
 *     Wq = lambda E[S^2] / (2 (1 - rho)),   rho = lambda E[S]
 *
 * Fixed frame sizes give deterministic service times (M/D/1:
 * Wq = rho D / (2 (1 - rho))). Exponential sizes (mean 1,000 bytes) are the
 * M/M/1 case, but a frame is sent in whole 48-byte cells (AAL5: n + 8 bytes
 * rounded up), of a size itself rounded and cut to 1..9,188 bytes, so the
 * service time is not quite exponential: the tests compare with the exact
 * Pollaczek-Khinchine value for that discretised distribution (its moments
 * summed over every size), which lies 3 % below the M/M/1 value with the
 * same mean service time, rho E[S] / (1 - rho).
 *
 * Each tolerance is the estimate's own: Student's t (39 degrees of
 * freedom, two-sided 99.9 %) times the standard error by 40 batch means,
 * plus 1 % for the run's start from an empty queue. The seeds are fixed.
 */

#include "co-batch-means.h"
#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/co-traffic-sender.h"
#include "ns3/co-traffic-source.h"
#include "ns3/double.h"
#include "ns3/queue-size.h"

#include <cmath>
#include <deque>
#include <gtest/gtest.h>
#include <iostream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

constexpr uint32_t NUMBER_OF_BATCHES = 40;
constexpr double T_39_999 = 3.558;
constexpr double START_BIAS = 0.01;

/// The link: 10 Mb/s, 1,000-byte SDUs take 21 cells (890.4 us).
const DataRate LINK("10Mbps");

/// The first two moments of a service time, seconds and seconds squared.
struct ServiceMoments
{
    double mean;   //!< E[S]
    double square; //!< E[S^2]
};

/**
 * \return the exact moments of the service time of CoPoissonSource's
 *         exponential sizes (MeanSize 1,000, MaxSize 9,188): a size is
 *         round(1,000 E), E exponential of mean 1, cut to 1..9,188 bytes, and
 *         takes ceil((size + 8) / 48) cells of 424 bits on LINK.
 */
ServiceMoments
ExponentialSizeServiceMoments()
{
    const double mean = 1000;
    const uint32_t maxSize = 9188;
    double cellTime = 424.0 / LINK.GetBitRate();
    double m1 = 0;
    double m2 = 0;
    for (uint32_t x = 1; x <= maxSize; ++x)
    {
        // P(round(1000 E) = x), the cut ends taking the tails.
        double from = x == 1 ? 1.0 : std::exp(-(x - 0.5) / mean);
        double to = x == maxSize ? 0.0 : std::exp(-(x + 0.5) / mean);
        double s = CoPortNetDevice::GetCellCount(x) * cellTime;
        m1 += (from - to) * s;
        m2 += (from - to) * s * s;
    }
    return ServiceMoments{m1, m2};
}

/// A simulated mean wait and the closed form to hold it against.
struct QueueRun
{
    Estimate wait;    //!< mean waiting time, seconds
    double pkWait;    //!< the Pollaczek-Khinchine mean wait (exact service moments)
    double runPkWait; //!< the same with the service moments measured in the run
    double load;      //!< lambda E[S] as offered
    uint64_t frames;  //!< frames measured
    uint64_t refused; //!< frames the NIC refused
};

/**
 * Runs \p frames Poisson frames at \p load through host a's NIC.
 * \param exponentialSizes fixed 1,000-byte frames, or exponential of mean 1,000
 */
QueueRun
RunPort(double load, bool exponentialSizes, uint32_t frames, uint32_t run)
{
    RngSeedManager::SetSeed(5);
    RngSeedManager::SetRun(run);
    OneSwitchNetwork net;
    net.helper.SetQueue("ns3::DropTailQueue<Packet>",
                        "MaxSize",
                        QueueSizeValue(QueueSize("1000000p")));
    net.Build();
    EXPECT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0);
    EXPECT_TRUE(net.ca->Call(net.b->GetAesa(), p).IsPending());

    // The service time's moments: fixed frames' own, or those of the sizes'
    // distribution in whole cells (a mean of about 21.5 cells).
    double cellTime = 424.0 / LINK.GetBitRate();
    double fixed = CoPortNetDevice::GetCellCount(1000) * cellTime;
    ServiceMoments exact =
        exponentialSizes ? ExponentialSizeServiceMoments() : ServiceMoments{fixed, fixed * fixed};
    double meanService = exact.mean;
    Ptr<CoPoissonSource> source = CreateObject<CoPoissonSource>();
    source->SetAttribute("FrameRate", DoubleValue(load / meanService));
    source->SetAttribute("MeanSize", UintegerValue(1000));
    source->SetAttribute("SizeDistribution",
                         StringValue(exponentialSizes ? "Exponential" : "Fixed"));
    source->AssignStreams(100);
    Ptr<CoTrafficSender> sender = CreateObject<CoTrafficSender>();

    // FIFO: the k-th data frame handed to the port is the k-th to start.
    std::deque<Time> enqueued;
    std::vector<double> waits;
    double s1 = 0, s2 = 0;
    waits.reserve(frames);
    auto isData = [](Ptr<const Packet> frame) {
        AtmFrameHeader h;
        frame->PeekHeader(h);
        return h.GetVci() != AtmFrameHeader::SIGNALLING_VCI;
    };
    net.a->TraceConnectWithoutContext("MacTx",
                                      CoCallback<void, Ptr<const Packet>>([&](Ptr<const Packet> f) {
                                          if (isData(f))
                                          {
                                              enqueued.push_back(Simulator::Now());
                                          }
                                      }));
    net.a->TraceConnectWithoutContext(
        "PhyTxBegin",
        CoCallback<void, Ptr<const Packet>>([&](Ptr<const Packet> f) {
            if (!isData(f) || enqueued.empty() || waits.size() == frames)
            {
                return;
            }
            waits.push_back((Simulator::Now() - enqueued.front()).GetSeconds());
            enqueued.pop_front();
            uint32_t sdu = f->GetSize() - AtmFrameHeader().GetSerializedSize();
            double s = CoPortNetDevice::GetCellCount(sdu) * cellTime;
            s1 += s;
            s2 += s * s;
            if (waits.size() == frames)
            {
                // Not from inside the port's trace: the release sends a frame itself.
                sender->Stop();
                CoScheduleNow([&]() { net.ca->device->CloseCall(net.ca->vc); });
            }
        }));
    CoSchedule(MilliSeconds(100), [&]() {
        EXPECT_EQ(net.ca->Count("MakeCallComplete"), 1u);
        sender->Start(net.a, net.ca->vc, source);
    });
    Simulator::Run();

    QueueRun r;
    r.frames = waits.size();
    r.refused = sender->GetRefusedFrames();
    r.load = load;
    r.wait = BatchMeans(waits, NUMBER_OF_BATCHES);
    double lambda = load / meanService;
    double es = s1 / r.frames;
    double es2 = s2 / r.frames;
    r.runPkWait = lambda * es2 / (2 * (1 - lambda * es));
    r.pkWait = lambda * exact.square / (2 * (1 - load));
    EXPECT_EQ(net.Violations(), 0u);
    Simulator::Destroy();
    std::cout << (exponentialSizes ? "M/G/1" : "M/D/1") << " load " << load << ": mean wait "
              << r.wait.mean * 1e6 << " us (standard error " << r.wait.standardError * 1e6
              << "), Pollaczek-Khinchine " << r.pkWait * 1e6 << " us (with the run's moments "
              << r.runPkWait * 1e6 << " us; M/M/1 " << load * meanService / (1 - load) * 1e6
              << " us)" << std::endl;
    return r;
}

/// Expects the run's mean wait within t * SE + the start bias of the closed form.
void
ExpectPollaczekKhinchine(const QueueRun& r, uint32_t frames)
{
    EXPECT_EQ(r.frames, frames);
    EXPECT_EQ(r.refused, 0u);
    double tolerance = T_39_999 * r.wait.standardError + START_BIAS * r.pkWait;
    EXPECT_NEAR(r.wait.mean, r.pkWait, tolerance) << "load " << r.load;
    // And the tolerance is tight enough to tell a wrong model: within 20 %.
    EXPECT_LT(tolerance, 0.2 * r.pkWait) << "load " << r.load;
}

} // namespace

TEST(CoQueueingTheoryTest, PoissonFixedFramesMatchMD1AtLoad05)
{
    double d = CoPortNetDevice::GetCellCount(1000) * 424.0 / LINK.GetBitRate();
    QueueRun r = RunPort(0.5, false, 40000, 1);
    EXPECT_NEAR(r.pkWait, 0.5 * d / (2 * 0.5), 1e-9 * d); // with fixed frames, P-K is M/D/1's
    ExpectPollaczekKhinchine(r, 40000);
}

TEST(CoQueueingTheoryTest, PoissonFixedFramesMatchMD1AtLoad08)
{
    ExpectPollaczekKhinchine(RunPort(0.8, false, 80000, 2), 80000);
}

TEST(CoQueueingTheoryTest, PoissonFixedFramesMatchMD1AtLoad09)
{
    ExpectPollaczekKhinchine(RunPort(0.9, false, 80000, 3), 80000);
}

TEST(CoQueueingTheoryTest, ExponentialSizesAreCountedInWholeCells)
{
    // The discretised distribution's moments: a mean of about 21.5 cells
    // (1,008 / 48 + 1/2), and E[S^2] / (2 E[S]^2) below the exponential's 1.
    double cellTime = 424.0 / LINK.GetBitRate();
    ServiceMoments m = ExponentialSizeServiceMoments();
    EXPECT_NEAR(m.mean / cellTime, 1008.0 / 48 + 0.5, 0.05);
    double ratio = m.square / (2 * m.mean * m.mean);
    EXPECT_GT(ratio, 0.96); // 0.969
    EXPECT_LT(ratio, 0.98);
}

TEST(CoQueueingTheoryTest, PoissonExponentialFramesMatchMM1AtLoad05)
{
    ExpectPollaczekKhinchine(RunPort(0.5, true, 40000, 4), 40000);
}

TEST(CoQueueingTheoryTest, PoissonExponentialFramesMatchMM1AtLoad08)
{
    ExpectPollaczekKhinchine(RunPort(0.8, true, 80000, 5), 80000);
}
