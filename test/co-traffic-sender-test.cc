/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoTrafficSender on a connected call: stopped from inside the device's
 * Send() (a trace sink, FrameSent) it sends nothing more, and it stops by
 * itself when its call is no longer connected, so that a source that never ends
 * cannot keep the simulation running (the queueing-theory runs with
 * exponential sizes never finished when their sink stopped the sender from
 * PhyTxBegin).
 */

#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/co-traffic-sender.h"
#include "ns3/co-traffic-source.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

class TrafficSenderTest : public OneSwitchTest
{
  protected:
    /// Connects a to b and starts a CBR sender of 100 frames/s at 1 s.
    void SetUp() override
    {
        OneSwitchTest::SetUp();
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        ASSERT_TRUE(
            net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0))
                .IsPending());
        source = CreateObject<CoCbrSource>();
        source->SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        sender = CreateObject<CoTrafficSender>();
        CoSchedule(Seconds(1), [this]() { sender->Start(net.a, net.ca->vc, source); });
    }

    Ptr<CoCbrSource> source;
    Ptr<CoTrafficSender> sender;
};

TEST_F(TrafficSenderTest, StoppedFromInsideSendItSendsNothingMore)
{
    // The idle transmitter starts the frame inside Send(): PhyTxBegin runs there.
    net.a->TraceConnectWithoutContext(
        "PhyTxBegin",
        CoCallback<void, Ptr<const Packet>>([this](Ptr<const Packet>) {
            if (sender->GetSentFrames() == 4)
            {
                sender->Stop();
            }
        }));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_FALSE(sender->IsRunning());
    EXPECT_EQ(sender->GetSentFrames() + sender->GetRefusedFrames(), 5u);
    EXPECT_EQ(net.cb->received.size(), 5u);
}

TEST_F(TrafficSenderTest, ItStopsWhenItsCallIsNoLongerConnected)
{
    CoSchedule(Seconds(2) + MilliSeconds(5),
               [this]() { EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending()); });
    Simulator::Run(); // ends: nothing is offered once the call is not connected
    EXPECT_FALSE(sender->IsRunning());
    EXPECT_EQ(sender->GetSentFrames(), 101u); // 1 s to 2.005 s, every 10 ms from 1 s
    EXPECT_EQ(sender->GetRefusedFrames(), 0u);
    EXPECT_EQ(net.Violations(), 0u); // nor offered on a VC that is not active
    EXPECT_EQ(net.ca->Count("CloseCallComplete"), 1u);
    net.ExpectEverythingReleased();
}

} // namespace
