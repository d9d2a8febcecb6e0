/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Closing a call while its frames are on the wire or waiting to go: a
 * client that closes its call from a PhyTxBegin sink reaches no assert and
 * the frame on the wire finishes; the frames still waiting for a VC when it
 * is deactivated (at the host) or its cross-connect removed (at the switch)
 * are dropped and counted, in TxQueue and in a CoVcScheduler alike.
 */

#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/queue.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

constexpr uint32_t SDU = 1000; //!< 21 cells: 89 us at 10 Mb/s

/// The data frames (not VCI 5) a port puts on the wire and ends, and drops.
struct DataFrames
{
    /// Connects to \p port's traces.
    void Watch(Ptr<CoPortNetDevice> port)
    {
        port->TraceConnectWithoutContext("PhyTxBegin", MakeCallback(&DataFrames::OnTxBegin, this));
        port->TraceConnectWithoutContext("PhyTxEnd", MakeCallback(&DataFrames::OnTxEnd, this));
        port->TraceConnectWithoutContext("PhyTxDrop", MakeCallback(&DataFrames::OnTxDrop, this));
    }

    static bool IsData(Ptr<const Packet> frame)
    {
        AtmFrameHeader header;
        frame->PeekHeader(header);
        return header.GetVci() != AtmFrameHeader::SIGNALLING_VCI;
    }

    void OnTxBegin(Ptr<const Packet> frame)
    {
        // One frame at a time on the wire, whatever it carries.
        EXPECT_FALSE(onWire) << "a frame started while another was on the wire";
        onWire = true;
        if (IsData(frame))
        {
            begun.push_back(Simulator::Now());
            if (onNextBegin)
            {
                auto f = std::move(onNextBegin);
                onNextBegin = nullptr;
                f();
            }
        }
    }

    void OnTxEnd(Ptr<const Packet> frame)
    {
        EXPECT_TRUE(onWire);
        onWire = false;
        ended += IsData(frame);
    }

    void OnTxDrop(Ptr<const Packet> frame)
    {
        dropped += IsData(frame);
    }

    std::vector<Time> begun;           //!< when each data frame started
    uint32_t ended = 0;                //!< data frames that finished
    uint32_t dropped = 0;              //!< data frames discarded (PhyTxDrop)
    bool onWire = false;               //!< a frame (of any kind) is on the wire
    std::function<void()> onNextBegin; //!< run from the next data frame's PhyTxBegin, once
};

class VcReleaseTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        net.ExpectViolations(0);
        Simulator::Destroy();
    }

    /// Builds the network, calls b from a (UBR) and watches a's data frames.
    void Connect()
    {
        net.Build();
        fromA.Watch(net.a);
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        ASSERT_TRUE(
            net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0))
                .IsPending());
        net.a->TraceConnectWithoutContext(
            "VcDeactivated",
            CoCallback<void, CoVcHandle>([this](CoVcHandle) { deactivated = Simulator::Now(); }));
    }

    /// At 1 s, a sends \p n frames at once and closes its call.
    void SendAndClose(uint32_t n)
    {
        CoSchedule(Seconds(1), [this, n]() {
            for (uint32_t i = 0; i < n; ++i)
            {
                accepted += net.a->Send(net.ca->vc, Create<Packet>(SDU)).IsSuccess();
            }
            EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
        });
    }

    /// The frames a sent stopped at its VC's deactivation, the rest were
    /// dropped, and the call ended cleanly.
    void ExpectCutAtDeactivation()
    {
        EXPECT_EQ(net.ca->Count("CloseCallComplete"), 1u);
        ASSERT_GT(deactivated, Seconds(1));
        ASSERT_FALSE(fromA.begun.empty());
        EXPECT_LE(fromA.begun.back(), deactivated) << "a frame left after its VC was deactivated";
        EXPECT_EQ(fromA.ended, fromA.begun.size());
        EXPECT_GT(fromA.dropped, 0u);
        EXPECT_EQ(fromA.ended + fromA.dropped, accepted);
        net.ExpectEverythingReleased();
    }

    OneSwitchNetwork net;
    DataFrames fromA;      //!< a's data frames
    Time deactivated;      //!< when a deactivated its VC
    uint32_t accepted = 0; //!< frames a's Send accepted
};

TEST_F(VcReleaseTest, CloseFromPhyTxBeginFinishesTheFrameOnTheWire)
{
    Connect();
    CoSchedule(Seconds(1), [this]() {
        for (int i = 0; i < 3; ++i)
        {
            accepted += net.a->Send(net.ca->vc, Create<Packet>(SDU)).IsSuccess();
        }
        // The second frame starts from the end of the first, inside the
        // device's transmitter: the client closes its call from there.
        fromA.onNextBegin = [this]() { EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending()); };
    });
    Simulator::Run();

    EXPECT_EQ(accepted, 3u);
    EXPECT_FALSE(fromA.onWire);
    // The frame on the wire when the client closed arrived; every frame
    // accepted was either sent or dropped, none lost silently.
    ASSERT_GE(net.cb->received.size(), 2u);
    EXPECT_EQ(net.cb->received[1], SDU);
    EXPECT_EQ(fromA.ended + fromA.dropped, accepted);
    EXPECT_EQ(net.ca->Count("CloseCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("CloseCallComplete").status.IsSuccess());
    net.ExpectEverythingReleased();
}

TEST_F(VcReleaseTest, TxQueueDropsTheFramesOfADeactivatedVc)
{
    Connect();
    SendAndClose(50); // 50 x 89 us: most are still waiting at the deactivation
    Simulator::Run();

    EXPECT_EQ(accepted, 50u);
    ExpectCutAtDeactivation();
    // Counted by the queue too, as dropped after dequeue.
    EXPECT_EQ(net.a->GetQueue()->GetTotalDroppedPacketsAfterDequeue(), fromA.dropped);
    EXPECT_TRUE(net.a->GetQueue()->IsEmpty());
}

TEST_F(VcReleaseTest, VcSchedulerDropsTheFramesOfADeactivatedVc)
{
    net.helper.SetHostVcScheduler();
    Connect();
    Ptr<CoVcScheduler> scheduler = net.a->GetVcScheduler();
    ASSERT_TRUE(scheduler);
    uint32_t released = 0;
    scheduler->TraceConnectWithoutContext(
        "Drop",
        CoCallback<void, Ptr<const Packet>, uint8_t, uint16_t, CoVcScheduler::DropReason>(
            [&released](Ptr<const Packet>, uint8_t, uint16_t, CoVcScheduler::DropReason reason) {
                EXPECT_EQ(reason, CoVcScheduler::DropReason::Released);
                ++released;
            }));
    SendAndClose(50);
    Simulator::Run();

    EXPECT_EQ(accepted, 50u);
    // The scheduler's drops are its own (Drop), not the device's PhyTxDrop.
    EXPECT_EQ(fromA.dropped, 0u);
    fromA.dropped = released;
    ExpectCutAtDeactivation();
    EXPECT_EQ(scheduler->GetDropCount(CoVcScheduler::DropReason::Released), released);
    EXPECT_EQ(scheduler->GetNFrames(), 0u);
}

TEST_F(VcReleaseTest, ASwitchDropsTheFramesOfARemovedCrossConnect)
{
    // a on 100 Mb/s, b on 10 Mb/s: a's burst waits at the switch's port to b.
    net.Build("100Mbps", "10Mbps");
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    ASSERT_TRUE(
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0))
            .IsPending());
    Ptr<CoPortNetDevice> toB = net.sw->GetPort(1);
    DataFrames fromSwitch;
    fromSwitch.Watch(toB);
    Time removed;
    net.sw->TraceConnectWithoutContext("CrossConnectRemoved",
                                       CoCallback<void, uint32_t, uint16_t, uint32_t, uint16_t>(
                                           [&removed](uint32_t, uint16_t, uint32_t, uint16_t) {
                                               if (removed.IsZero())
                                               {
                                                   removed = Simulator::Now();
                                               }
                                           }));
    // 50 frames in 4.5 ms from a; the port to b needs 44.5 ms for them. The
    // close leaves a 5 ms later.
    CoSchedule(Seconds(1), [&]() {
        for (int i = 0; i < 50; ++i)
        {
            accepted += net.a->Send(net.ca->vc, Create<Packet>(SDU)).IsSuccess();
        }
    });
    CoSchedule(Seconds(1) + MilliSeconds(5),
               [&]() { EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending()); });
    Simulator::Run();

    EXPECT_EQ(accepted, 50u);
    ASSERT_GT(removed, Seconds(1));
    ASSERT_FALSE(fromSwitch.begun.empty());
    EXPECT_LE(fromSwitch.begun.back(), removed) << "a frame left after its cross-connect went";
    EXPECT_GT(fromSwitch.dropped, 0u);
    EXPECT_EQ(fromSwitch.ended + fromSwitch.dropped, accepted);
    EXPECT_EQ(toB->GetQueue()->GetTotalDroppedPacketsAfterDequeue(), fromSwitch.dropped);
    EXPECT_EQ(net.cb->received.size(), fromSwitch.ended);
    net.ExpectEverythingReleased();
}

} // namespace
