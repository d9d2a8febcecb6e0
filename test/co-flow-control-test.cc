/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Flow control through ns-3's NetDeviceQueueInterface: a device with one
 * aggregated stops its transmit queue when its data queue (TxQueue, or the
 * VC scheduler's port limits) has no room for another frame, wakes it when
 * room returns, and reports the bytes queued and transmitted, so that a
 * sender that obeys it loses nothing at the device and byte queue limits
 * hold. The device is not an IP device (NetDevice::Send refuses every
 * packet, see CoPortNetDevice), so no queue disc of a TrafficControlLayer
 * can feed it: these tests are the layer above, through NetDeviceQueue's
 * own API (IsStopped, SetWakeCallback, SetQueueLimits).
 */

#include "co-test-network.h"

#include "ns3/atm-frame-header.h"
#include "ns3/co-channel.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-port-net-device.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/data-rate.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/dynamic-queue-limits.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/queue-size.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/**
 * A device transmit queue that records what the device tells it: the bytes
 * queued and transmitted, and the data queue's occupancy each time it goes
 * from started to stopped.
 */
class RecordingTxQueue : public NetDeviceQueue
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::CoFlowControlTestTxQueue")
                                .SetParent<NetDeviceQueue>()
                                .SetGroupName("CondisTest")
                                .AddConstructor<RecordingTxQueue>();
        return tid;
    }

    void NotifyQueuedBytes(uint32_t bytes) override
    {
        queued += bytes;
        NetDeviceQueue::NotifyQueuedBytes(bytes);
    }

    void NotifyTransmittedBytes(uint32_t bytes) override
    {
        transmitted += bytes;
        bool wasStopped = IsStopped();
        NetDeviceQueue::NotifyTransmittedBytes(bytes);
        if (wakeAtOnce && wasStopped && !IsStopped() && !wake.IsNull())
        {
            wake(); // as newer ns-3 does, from inside the call
        }
    }

    void SetWakeCallback(WakeCallback cb) override
    {
        wake = cb;
        // ns-3.37 schedules the callback; with wakeAtOnce it runs here instead
        NetDeviceQueue::SetWakeCallback(wakeAtOnce ? WakeCallback() : cb);
    }

    void Stop() override
    {
        if (!IsStopped())
        {
            stops.push_back(occupancy ? occupancy() : 0);
        }
        NetDeviceQueue::Stop();
    }

    void Wake() override
    {
        wakes += IsStopped();
        NetDeviceQueue::Wake();
    }

    uint64_t queued = 0;                 //!< bytes reported queued
    uint64_t transmitted = 0;            //!< bytes reported transmitted
    std::vector<uint32_t> stops;         //!< data queue occupancy at each stop
    uint32_t wakes = 0;                  //!< wakes of a stopped queue
    std::function<uint32_t()> occupancy; //!< frames in the data queue now
    /// Call the wake callback from inside NotifyTransmittedBytes when the
    /// queue limits let it go, as ns-3.48 does (set before SetWakeCallback).
    bool wakeAtOnce = false;
    WakeCallback wake; //!< the layer above's
};

/// Aggregates a NetDeviceQueueInterface of RecordingTxQueues to \p dev.
Ptr<RecordingTxQueue>
InstallFlowControl(Ptr<NetDevice> dev)
{
    Ptr<NetDeviceQueueInterface> ndqi = CreateObjectWithAttributes<NetDeviceQueueInterface>(
        "TxQueuesType",
        TypeIdValue(RecordingTxQueue::GetTypeId()));
    dev->AggregateObject(ndqi);
    return DynamicCast<RecordingTxQueue>(ndqi->GetTxQueue(0));
}

/**
 * The layer above a device: sends while its transmit queue is started and
 * goes on when the device wakes it, as a queue disc does.
 */
class ObedientSender
{
  public:
    ObedientSender(Ptr<NetDeviceQueue> txq, std::function<bool(uint32_t)> send, uint32_t frames)
        : m_txq(txq),
          m_send(std::move(send)),
          m_left(frames)
    {
        m_txq->SetWakeCallback(MakeCallback(&ObedientSender::Pump, this));
    }

    /// Sends what it may now.
    void Pump()
    {
        while (m_left > 0 && !m_txq->IsStopped())
        {
            refused += !m_send(m_next++);
            --m_left;
        }
    }

    uint32_t refused = 0; //!< sends the device refused

  private:
    Ptr<NetDeviceQueue> m_txq;            //!< the device's transmit queue
    std::function<bool(uint32_t)> m_send; //!< sends frame i, \return accepted
    uint32_t m_left;                      //!< frames still to send
    uint32_t m_next = 0;                  //!< the next frame's index
};

constexpr uint32_t SDU = 500;       //!< SDU bytes of the test frames
constexpr uint32_t FRAME = SDU + 4; //!< with its AtmFrameHeader
constexpr uint32_t FRAMES = 200;    //!< frames each sender sends
constexpr uint16_t VCI_A = 100;     //!< a data VC
constexpr uint16_t VCI_B = 101;     //!< another

/// Device a sends to device b over a 1 Mb/s link, so that its queue fills.
class FlowControlLinkTest : public ::testing::Test
{
  protected:
    void Build(const std::string& queueSize)
    {
        Ptr<CoChannel> channel =
            CreateObjectWithAttributes<CoChannel>("DataRate",
                                                  DataRateValue(DataRate("1Mbps")),
                                                  "Delay",
                                                  TimeValue(MilliSeconds(1)));
        a = MakeBarePort(CoPortNetDevice::InterfaceSide::User, queueSize);
        b = MakeBarePort(CoPortNetDevice::InterfaceSide::Network, queueSize);
        a->Attach(channel);
        b->Attach(channel);
        b->SetFrameReceiveCallback(
            CoFn([this](Ptr<CoPortNetDevice>, Ptr<Packet> sdu, const AtmFrameHeader& h) {
                received.push_back(sdu->GetSize());
                receivedVcis.push_back(h.GetVci());
            }));
        a->TraceConnectWithoutContext("MacTxDrop",
                                      MakeCallback(&FlowControlLinkTest::OnMacTxDrop, this));
    }

    /// Gives a a VC scheduler with two UBR VCs and the port limit \p maxFrames.
    void InstallScheduler(uint32_t maxFrames)
    {
        scheduler =
            CreateObjectWithAttributes<CoVcScheduler>("MaxFrames", UintegerValue(maxFrames));
        CoFlowSpec ubr;
        ASSERT_TRUE(scheduler->RegisterVc(0, VCI_A, CoServiceCategory::Ubr, ubr));
        ASSERT_TRUE(scheduler->RegisterVc(0, VCI_B, CoServiceCategory::Ubr, ubr));
        a->SetVcScheduler(scheduler);
    }

    /// Frames waiting in a's data queue.
    uint32_t DataFrames() const
    {
        return scheduler ? scheduler->GetNFrames() : a->GetQueue()->GetNPackets();
    }

    /**
     * \brief Sends FRAMES frames from a as its transmit queue lets it (an
     *        ObedientSender), and runs the simulation to its end.
     * \param txq a's transmit queue
     * \return the sends a refused
     */
    uint32_t SendObediently(const Ptr<RecordingTxQueue>& txq)
    {
        ObedientSender sender(
            txq,
            [this](uint32_t i) { return SendFromA(i); },
            FRAMES);
        Simulator::ScheduleNow(&ObedientSender::Pump, &sender);
        Simulator::Run();
        return sender.refused;
    }

    /// Sends frame \p i from a, on VCI_A and VCI_B in turn.
    bool SendFromA(uint32_t i)
    {
        bool ok = a->SendFrame(Create<Packet>(SDU),
                               0,
                               i % 2 ? VCI_B : VCI_A,
                               AtmTrafficType::VcMultiplexed);
        maxWaiting = std::max(maxWaiting, DataFrames());
        return ok;
    }

    void OnMacTxDrop(Ptr<const Packet>)
    {
        ++macTxDrops;
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    Ptr<CoPortNetDevice> a;             //!< the sender's device
    Ptr<CoPortNetDevice> b;             //!< the receiver's
    Ptr<CoVcScheduler> scheduler;       //!< a's scheduler, if installed
    std::vector<uint32_t> received;     //!< SDU sizes b received
    std::vector<uint16_t> receivedVcis; //!< their VCIs
    uint32_t macTxDrops = 0;            //!< frames a refused
    uint32_t maxWaiting = 0;            //!< most frames waiting in a's data queue
};

} // namespace

TEST_F(FlowControlLinkTest, WithoutTheInterfaceTheDeviceHasNoTxQueueAndABurstOverflows)
{
    // The control for the tests below: the same burst, sent blind, is lost
    // in part at the device.
    Build("5p");
    EXPECT_EQ(a->GetFlowControlTxQueue(), nullptr);
    for (uint32_t i = 0; i < 20; ++i)
    {
        SendFromA(i);
    }
    Simulator::Run();
    EXPECT_EQ(macTxDrops, 14u); // one on the wire, five waiting
    EXPECT_EQ(received.size(), 6u);
}

TEST_F(FlowControlLinkTest, TxQueueStopsWhenTheFifoIsFullAndWakesWhenItDrains)
{
    Build("5p");
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    ASSERT_EQ(a->GetFlowControlTxQueue(), txq);
    txq->occupancy = [this]() { return DataFrames(); };
    EXPECT_FALSE(txq->IsStopped());
    uint32_t refused = SendObediently(txq);

    // Nothing lost at the device: every frame went out and arrived, in order.
    EXPECT_EQ(refused, 0u);
    EXPECT_EQ(macTxDrops, 0u);
    EXPECT_EQ(a->GetQueue()->GetTotalDroppedPackets(), 0u);
    ASSERT_EQ(received.size(), FRAMES);
    for (uint32_t i = 0; i < FRAMES; ++i)
    {
        EXPECT_EQ(receivedVcis[i], i % 2 ? VCI_B : VCI_A) << i;
    }
    // Stopped with the FIFO full, every time; woken as often as stopped.
    ASSERT_FALSE(txq->stops.empty());
    for (uint32_t occupancy : txq->stops)
    {
        EXPECT_EQ(occupancy, 5u);
    }
    EXPECT_EQ(txq->wakes, txq->stops.size());
    EXPECT_EQ(maxWaiting, 5u);
    EXPECT_FALSE(txq->IsStopped());
    // Bytes: every frame (with its 4-byte header) queued and transmitted once.
    EXPECT_EQ(txq->queued, uint64_t{FRAMES} * FRAME);
    EXPECT_EQ(txq->transmitted, uint64_t{FRAMES} * FRAME);
}

TEST_F(FlowControlLinkTest, AByteLimitedFifoStopsWithLessThanAnMtuOfRoom)
{
    // 5,000 bytes and an MTU of 1,000: room for another frame while at most
    // 5000 - 1004 bytes wait, i.e. while at most 7 frames of 504 bytes do.
    Build("5000B");
    a->SetMtu(1000);
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    txq->occupancy = [this]() { return DataFrames(); };
    SendObediently(txq);
    EXPECT_EQ(macTxDrops, 0u);
    EXPECT_EQ(received.size(), FRAMES);
    ASSERT_FALSE(txq->stops.empty());
    for (uint32_t occupancy : txq->stops)
    {
        EXPECT_EQ(occupancy, 8u); // 8 * 504 = 4032 > 3996
    }
    EXPECT_EQ(txq->transmitted, uint64_t{FRAMES} * FRAME);
}

class ByteQueueLimitsTest : public FlowControlLinkTest, public ::testing::WithParamInterface<bool>
{
};

TEST_P(ByteQueueLimitsTest, HoldTheQueueToTheirLimit)
{
    // BQL with a fixed limit of 3,000 bytes (MinLimit = MaxLimit) in front
    // of a FIFO of 100 frames: the device never stops the queue, the limit
    // does. A frame's bytes are in flight from enqueue to dequeue, so the
    // queue is stopped once more than 3,000 wait: at most
    // floor(3000 / 504) + 1 = 6 frames. The same whether the wake callback
    // is scheduled (ns-3.37) or runs inside NotifyTransmittedBytes (3.48),
    // where the sender comes back into the device while it reports.
    Build("100p");
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    txq->wakeAtOnce = GetParam();
    txq->occupancy = [this]() { return DataFrames(); };
    Ptr<DynamicQueueLimits> bql =
        CreateObjectWithAttributes<DynamicQueueLimits>("MinLimit",
                                                       UintegerValue(3000),
                                                       "MaxLimit",
                                                       UintegerValue(3000));
    txq->SetQueueLimits(bql);
    SendObediently(txq);
    EXPECT_EQ(macTxDrops, 0u);
    EXPECT_EQ(received.size(), FRAMES);
    EXPECT_EQ(maxWaiting, 6u);
    EXPECT_TRUE(txq->stops.empty()) << "the device itself had room throughout";
    EXPECT_FALSE(txq->IsStopped());
    EXPECT_EQ(bql->Available(), 3000) << "nothing left in flight";
}

INSTANTIATE_TEST_SUITE_P(WakeCallback,
                         ByteQueueLimitsTest,
                         ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                             return info.param ? "RunAtOnce" : "Scheduled";
                         });

TEST_F(FlowControlLinkTest, WithASchedulerThePortLimitStopsAndWakes)
{
    Build("5p");
    InstallScheduler(6);
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    txq->occupancy = [this]() { return DataFrames(); };
    EXPECT_EQ(SendObediently(txq), 0u);
    EXPECT_EQ(macTxDrops, 0u);
    EXPECT_EQ(scheduler->GetDropCount(CoVcScheduler::DropReason::PortFrameLimit), 0u);
    EXPECT_EQ(received.size(), FRAMES);
    ASSERT_FALSE(txq->stops.empty());
    for (uint32_t occupancy : txq->stops)
    {
        EXPECT_EQ(occupancy, 6u);
    }
    EXPECT_EQ(txq->wakes, txq->stops.size());
    EXPECT_EQ(txq->queued, uint64_t{FRAMES} * FRAME);
    EXPECT_EQ(txq->transmitted, uint64_t{FRAMES} * FRAME);
    EXPECT_EQ(a->GetQueue()->GetTotalReceivedPackets(), 0u) << "TxQueue unused";
}

TEST_F(FlowControlLinkTest, ReleaseAndLinkFailureReportTheDiscardedBytes)
{
    Build("100p");
    InstallScheduler(0);
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    for (uint32_t i = 0; i < 10; ++i)
    {
        ASSERT_TRUE(SendFromA(i)); // frame 0 on the wire, 1-9 waiting
    }
    EXPECT_EQ(txq->queued, 10u * FRAME);
    EXPECT_EQ(txq->transmitted, 1u * FRAME);
    a->ReleaseVc(0, VCI_B); // frames 1, 3, 5, 7, 9
    EXPECT_EQ(scheduler->GetDropCount(CoVcScheduler::DropReason::Released), 5u);
    EXPECT_EQ(txq->transmitted, 6u * FRAME);
    a->GetCoChannel()->SetLinkUp(false); // frames 2, 4, 6, 8 discarded
    EXPECT_EQ(txq->transmitted, 10u * FRAME);
    EXPECT_EQ(txq->queued, txq->transmitted);
    EXPECT_FALSE(txq->IsStopped());
}

TEST_F(FlowControlLinkTest, TheFifoReportsReleasedFramesAsTheyAreDiscarded)
{
    Build("100p");
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    for (uint32_t i = 0; i < 10; ++i)
    {
        ASSERT_TRUE(SendFromA(i));
    }
    a->ReleaseVc(0, VCI_B);
    Simulator::Run();
    EXPECT_EQ(received.size(), 5u); // frame 0 and VCI_A's 2, 4, 6, 8
    EXPECT_EQ(txq->queued, 10u * FRAME);
    EXPECT_EQ(txq->transmitted, 10u * FRAME);
}

TEST_F(FlowControlLinkTest, SignallingIsNotPartOfIt)
{
    Build("2p");
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    a->GetCoChannel()->SetSignallingUp(true);
    for (uint32_t i = 0; i < 10; ++i)
    {
        ASSERT_TRUE(a->SendFrame(Create<Packet>(SDU),
                                 0,
                                 AtmFrameHeader::SIGNALLING_VCI,
                                 AtmTrafficType::VcMultiplexed));
    }
    EXPECT_FALSE(txq->IsStopped());
    EXPECT_EQ(txq->queued, 0u);
    Simulator::Run();
    EXPECT_EQ(txq->transmitted, 0u);
    EXPECT_EQ(received.size(), 10u);
}

TEST_F(FlowControlLinkTest, AnInterfaceAggregatedToABusyDeviceCountsWhatWaits)
{
    Build("5p");
    for (uint32_t i = 0; i < 4; ++i)
    {
        ASSERT_TRUE(SendFromA(i)); // one on the wire, three waiting
    }
    Ptr<RecordingTxQueue> txq = InstallFlowControl(a);
    EXPECT_EQ(txq->queued, 3u * FRAME);
    Simulator::Run();
    EXPECT_EQ(txq->transmitted, 3u * FRAME);
}

/**
 * The CoNDIS client path: a client on host a sends on its VC through the
 * NIC's Send, obeying the NIC's transmit queue; a's link is 1 Mb/s so that
 * frames wait in the NIC.
 */
class FlowControlNicTest : public ::testing::Test
{
  protected:
    void Build(bool scheduler)
    {
        if (scheduler)
        {
            net.helper.SetHostVcScheduler("MaxFrames", UintegerValue(4));
        }
        net.Build("1Mbps", "10Mbps"); // a's link the bottleneck
        net.a->GetQueue()->SetMaxSize(QueueSize("3p"));
        txq = InstallFlowControl(net.a);
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        CoSchedule(MilliSeconds(1), [this]() {
            EXPECT_TRUE(
                net.ca
                    ->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0))
                    .IsPending());
        });
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Sends FRAMES SDUs on a's call, obeying the transmit queue; checks the outcome.
    void SendAndCheck()
    {
        Simulator::Stop(MilliSeconds(100));
        Simulator::Run();
        ASSERT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(txq->queued, 0u) << "signalling is not counted";
        std::vector<CoStatus> statuses;
        ObedientSender sender(
            txq,
            [this, &statuses](uint32_t) {
                statuses.push_back(net.a->Send(net.ca->vc, Create<Packet>(SDU)));
                return statuses.back().IsSuccess();
            },
            FRAMES);
        sender.Pump();
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        EXPECT_EQ(sender.refused, 0u);
        EXPECT_EQ(statuses.size(), FRAMES);
        EXPECT_EQ(net.cb->received.size(), FRAMES);
        EXPECT_FALSE(txq->stops.empty());
        EXPECT_EQ(txq->queued, uint64_t{FRAMES} * FRAME);
        EXPECT_EQ(txq->transmitted, uint64_t{FRAMES} * FRAME);
        EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
        Simulator::Run();
        net.ExpectEverythingReleased();
        net.ExpectViolations(0);
    }

    OneSwitchNetwork net;      //!< a, b and the switch
    Ptr<RecordingTxQueue> txq; //!< a's transmit queue
};

TEST_F(FlowControlNicTest, AClientThatObeysTheTxQueueLosesNothingThroughTheFifo)
{
    Build(false);
    txq->occupancy = [this]() { return net.a->GetQueue()->GetNPackets(); };
    SendAndCheck();
    for (uint32_t occupancy : txq->stops)
    {
        EXPECT_EQ(occupancy, 3u);
    }
}

TEST_F(FlowControlNicTest, AClientThatObeysTheTxQueueLosesNothingThroughTheScheduler)
{
    Build(true);
    txq->occupancy = [this]() { return net.a->GetVcScheduler()->GetNFrames(); };
    SendAndCheck();
    for (uint32_t occupancy : txq->stops)
    {
        EXPECT_EQ(occupancy, 4u);
    }
    EXPECT_EQ(net.a->GetVcScheduler()->GetDropCount(CoVcScheduler::DropReason::PortFrameLimit), 0u);
}

TEST(FlowControlHelperTest, SetHostFlowControlGivesEachNicAnInterfaceAndNoPortOne)
{
    {
        OneSwitchNetwork net;
        net.helper.SetHostVcScheduler("MaxFrames", UintegerValue(2));
        net.helper.SetHostFlowControl(true);
        net.Build("1Mbps", "10Mbps");
        for (Ptr<CoNetDevice> nic : {net.a, net.b})
        {
            ASSERT_NE(nic->GetObject<NetDeviceQueueInterface>(), nullptr);
            Ptr<NetDeviceQueue> txq = nic->GetFlowControlTxQueue();
            ASSERT_NE(txq, nullptr);
            EXPECT_FALSE(txq->IsStopped());
        }
        for (uint32_t p = 0; p < net.sw->GetNPorts(); ++p)
        {
            EXPECT_EQ(net.sw->GetPort(p)->GetFlowControlTxQueue(), nullptr);
        }
        // It drives the queue: two frames fill the scheduler's port limit.
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        EXPECT_TRUE(
            net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0))
                .IsPending());
        Simulator::Stop(MilliSeconds(100));
        Simulator::Run();
        Ptr<NetDeviceQueue> txq = net.a->GetFlowControlTxQueue();
        EXPECT_TRUE(net.a->Send(net.ca->vc, Create<Packet>(SDU)).IsSuccess());
        EXPECT_TRUE(net.a->Send(net.ca->vc, Create<Packet>(SDU)).IsSuccess());
        EXPECT_TRUE(net.a->Send(net.ca->vc, Create<Packet>(SDU)).IsSuccess());
        EXPECT_TRUE(txq->IsStopped());
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        EXPECT_FALSE(txq->IsStopped());
        EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
        Simulator::Run();
        net.ExpectEverythingReleased();
    }
    Simulator::Destroy();
    {
        OneSwitchNetwork net; // off by default
        net.Build();
        EXPECT_EQ(net.a->GetFlowControlTxQueue(), nullptr);
        EXPECT_EQ(net.a->GetObject<NetDeviceQueueInterface>(), nullptr);
    }
    Simulator::Destroy();
}
