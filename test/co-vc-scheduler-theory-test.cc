/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Validation against a closed form: one port with a VC scheduler, fed by
 * Poisson frames of one size on one VC, is an M/D/1 queue. Its frames' mean
 * wait before transmission is Pollaczek-Khinchine's
 *
 *     Wq = rho D / (2 (1 - rho)),
 *
 * D the frame's transmission time and rho the load.
 *
 * The tolerance is the estimate's own: after a warm-up, each run's frames
 * are cut into NUMBER_OF_BATCHES consecutive batches, each batch's mean
 * wait is one sample, and the standard error of their mean (batch means)
 * times Student's t for a two-sided 99.9 % interval is how far the
 * estimate may lie from the formula. The runs have fixed seeds; the test
 * also asks that the interval be narrow (under 15 % of Wq), so that it
 * could tell a wrong queue from a right one.
 */

#include "co-batch-means.h"

#include "ns3/co-helper.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <cmath>
#include <deque>
#include <gtest/gtest.h>
#include <iostream>
#include <vector>

using namespace ns3;

namespace
{

/// Batches per run, after a warm-up batch that is thrown away.
constexpr uint32_t NUMBER_OF_BATCHES = 30;

/// Student's t, 29 degrees of freedom (NUMBER_OF_BATCHES - 1), two-sided 99.9 %.
constexpr double T_29_999 = 3.659;

/// One cell per frame (a 40-byte SDU) on a 424 kb/s link: D = 1 ms exactly.
constexpr uint32_t SDU = 40;
constexpr double D = 1e-3;

/// Feeds one port with Poisson frames and records each frame's wait.
class MD1Port
{
  public:
    MD1Port(double load, uint32_t frames)
        : m_frames(frames)
    {
        CoHelper co;
        co.SetChannelAttribute("DataRate", StringValue("424kbps"));
        co.SetChannelAttribute("Delay", StringValue("0ms"));
        NodeContainer nodes(2);
        NetDeviceContainer link = co.InstallLink(nodes.Get(0),
                                                 CoPortNetDevice::InterfaceSide::User,
                                                 nodes.Get(1),
                                                 CoPortNetDevice::InterfaceSide::Network);
        m_port = DynamicCast<CoPortNetDevice>(link.Get(0));
        Ptr<CoVcScheduler> s = CreateObject<CoVcScheduler>();
        s->SetAttribute("VcMaxFrames", UintegerValue(1000000));
        m_port->SetVcScheduler(s);
        s->RegisterVc(0, 32, CoServiceCategory::Ubr, CoFlowSpec());
        s->TraceConnectWithoutContext("Enqueue", MakeCallback(&MD1Port::OnEnqueue, this));
        s->TraceConnectWithoutContext("Dequeue", MakeCallback(&MD1Port::OnDequeue, this));
        m_interarrival = CreateObject<ExponentialRandomVariable>();
        m_interarrival->SetAttribute("Mean", DoubleValue(D / load));
        Simulator::Schedule(Seconds(m_interarrival->GetValue()), &MD1Port::Arrive, this);
    }

    void Arrive()
    {
        m_port->SendFrame(Create<Packet>(SDU), 0, 32, AtmTrafficType::VcMultiplexed);
        if (++m_sent < m_frames)
        {
            Simulator::Schedule(Seconds(m_interarrival->GetValue()), &MD1Port::Arrive, this);
        }
    }

    void OnEnqueue(Ptr<const Packet>, uint8_t, uint16_t)
    {
        m_arrivals.push_back(Simulator::Now());
    }

    void OnDequeue(Ptr<const Packet>, uint8_t, uint16_t)
    {
        waits.push_back((Simulator::Now() - m_arrivals.front()).GetSeconds());
        m_arrivals.pop_front();
    }

    std::vector<double> waits; //!< each frame's wait, s, in order

  private:
    uint32_t m_frames;
    uint32_t m_sent = 0;
    Ptr<CoPortNetDevice> m_port;
    Ptr<ExponentialRandomVariable> m_interarrival;
    std::deque<Time> m_arrivals;
};

/// Batch means over \p waits, the first of NUMBER_OF_BATCHES + 1 batches dropped (warm-up).
condistest::Estimate
BatchMeansAfterWarmUp(const std::vector<double>& waits)
{
    std::size_t size = waits.size() / (NUMBER_OF_BATCHES + 1);
    std::vector<double> kept(waits.begin() + size, waits.begin() + (NUMBER_OF_BATCHES + 1) * size);
    return condistest::BatchMeans(kept, NUMBER_OF_BATCHES);
}

class VcSchedulerTheoryTest : public ::testing::TestWithParam<std::pair<double, uint32_t>>
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_P(VcSchedulerTheoryTest, MeanWaitIsPollaczekKhinchinesMD1)
{
    auto [load, frames] = GetParam();
    RngSeedManager::SetSeed(11);
    RngSeedManager::SetRun(static_cast<uint64_t>(load * 100));
    MD1Port port(load, frames);
    Simulator::Run();
    ASSERT_EQ(port.waits.size(), frames);

    double theory = load * D / (2 * (1 - load));
    condistest::Estimate e = BatchMeansAfterWarmUp(port.waits);
    double halfWidth = T_29_999 * e.standardError;
    std::cout << "M/D/1 at load " << load << ": Wq " << e.mean * 1e3 << " ms +- " << halfWidth * 1e3
              << " (99.9 %), Pollaczek-Khinchine " << theory * 1e3 << " ms" << std::endl;
    EXPECT_NEAR(e.mean, theory, halfWidth);
    EXPECT_LT(halfWidth, 0.15 * theory) << "too few frames to tell";
}

// More frames where the queue stays correlated longer (about 1/(1-rho)^2).
INSTANTIATE_TEST_SUITE_P(Loads,
                         VcSchedulerTheoryTest,
                         ::testing::Values(std::make_pair(0.5, 62000u),
                                           std::make_pair(0.8, 124000u),
                                           std::make_pair(0.9, 310000u)));

} // namespace
