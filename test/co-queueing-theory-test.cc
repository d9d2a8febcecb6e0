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
 * Wq = rho D / (2 (1 - rho))). Exponential sizes give service times counted
 * in whole cells, which are not quite exponential: the M/G/1 form is used
 * with the service times' moments measured in the same run.
 *
 * Each tolerance is the estimate's own: Student's t (39 degrees of
 * freedom, two-sided 99.9 %) times the standard error by 40 batch means,
 * plus 1 % for the run's start from an empty queue. The seeds are fixed.
 */

#include "co-batch-means.h"
#include "co-test-network.h"

#include "ns3/co-traffic-sender.h"
#include "ns3/co-traffic-source.h"
#include "ns3/double.h"
#include "ns3/queue-size.h"

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

/// A simulated mean wait and the closed form to hold it against.
struct QueueRun
{
    Estimate wait;    //!< mean waiting time, seconds
    double pkWait;    //!< the Pollaczek-Khinchine mean wait with the run's service moments
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

    // The mean service time: fixed frames' own; for exponential sizes, the
    // sizes' mean in cells (about 21.3 cells, 1,000 bytes + 8 of trailer, rounded up).
    double cellTime = 424.0 / LINK.GetBitRate();
    double meanService = exponentialSizes ? (1008.0 / 48 + 0.5) * cellTime
                                          : CoPortNetDevice::GetCellCount(1000) * cellTime;
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
                                      Callback<void, Ptr<const Packet>>([&](Ptr<const Packet> f) {
                                          if (isData(f))
                                          {
                                              enqueued.push_back(Simulator::Now());
                                          }
                                      }));
    net.a->TraceConnectWithoutContext(
        "PhyTxBegin",
        Callback<void, Ptr<const Packet>>([&](Ptr<const Packet> f) {
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
                Simulator::ScheduleNow([&]() { net.ca->device->CloseCall(net.ca->vc); });
            }
        }));
    Simulator::Schedule(MilliSeconds(100), [&]() {
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
    r.pkWait = lambda * es2 / (2 * (1 - lambda * es));
    EXPECT_EQ(net.Violations(), 0u);
    Simulator::Destroy();
    std::cout << (exponentialSizes ? "M/G/1" : "M/D/1") << " load " << load << ": mean wait "
              << r.wait.mean * 1e6 << " us (standard error " << r.wait.standardError * 1e6
              << "), Pollaczek-Khinchine " << r.pkWait * 1e6 << " us" << std::endl;
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
