/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The CoNDIS send contract at the host (NdisCoSendNetBufferLists and
 * ProtocolCoSendNetBufferListsComplete): a client with a sendComplete
 * handler has every send on a connected VC taken (Pending) and completed
 * exactly once, later, never inside Send: Success once its frame left the
 * NIC, in the order sent; Resources when a queue or a limit refused it;
 * VcNotActivated when its call closed or its link failed first, before the
 * call's own completion. Each test ends with nothing pending and no rule
 * broken.
 */

#include "co-test-network.h"

#include "ns3/co-channel.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/queue-size.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// One completion, as the client heard it.
struct Completion
{
    CoStatus status;          //!< its status
    CoVcHandle vc;            //!< its VC
    Ptr<const Packet> packet; //!< the packet sent
    Time at;                  //!< when
};

/**
 * A caller that sends on its VC with a sendComplete handler, and records
 * the completions and the call's own end among them.
 */
class SendingClient
{
  public:
    explicit SendingClient(Ptr<CoNetDevice> device)
        : device(device)
    {
        CoClientHandlers h;
        h.makeCallComplete = MakeCallback(&SendingClient::OnMakeCallComplete, this);
        h.closeCallComplete = MakeCallback(&SendingClient::OnCloseCallComplete, this);
        h.incomingCloseCall = MakeCallback(&SendingClient::OnIncomingCloseCall, this);
        h.sendComplete = MakeCallback(&SendingClient::OnSendComplete, this);
        client = device->OpenAddressFamily(h);
    }

    /// Calls \p called (CBR, 2,000 cells/s forward and back).
    void Call(const AesaAddress& called)
    {
        ASSERT_TRUE(device->CreateVc(client, vc).IsSuccess());
        CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 2000);
        p.calledParty = called;
        ASSERT_TRUE(device->MakeCall(vc, p).IsPending());
    }

    /// Sends \p count SDUs of \p size bytes at once; \return their statuses
    std::vector<CoStatus> Send(int count, uint32_t size)
    {
        std::vector<CoStatus> statuses;
        for (int i = 0; i < count; ++i)
        {
            Ptr<Packet> p = Create<Packet>(size);
            inSend = true;
            statuses.push_back(device->Send(vc, p));
            inSend = false;
            sent.push_back(p);
        }
        return statuses;
    }

    /// \return how many completions had \p code
    std::size_t Count(CoStatusCode code) const
    {
        std::size_t n = 0;
        for (const Completion& c : completions)
        {
            n += c.status.GetCode() == code;
        }
        return n;
    }

    Ptr<CoNetDevice> device;              //!< the NIC
    CoClientHandle client;                //!< the address family
    CoVcHandle vc;                        //!< the call's VC
    bool connected = false;               //!< MakeCallComplete succeeded
    std::vector<Ptr<Packet>> sent;        //!< every packet given to Send, in order
    std::vector<Completion> completions;  //!< every sendComplete, in order
    std::optional<std::size_t> callEnded; //!< completions heard before the call's end
    bool inSend = false;                  //!< inside Send (a completion there is wrong)

  private:
    void OnMakeCallComplete(CoStatus s, CoVcHandle, const CoCallParameters&)
    {
        connected = s.IsSuccess();
    }

    void OnCloseCallComplete(CoStatus, CoVcHandle h)
    {
        callEnded = completions.size();
        EXPECT_TRUE(device->DeleteVc(h).IsSuccess());
    }

    void OnIncomingCloseCall(CoStatus, CoVcHandle h)
    {
        callEnded = completions.size();
        EXPECT_TRUE(device->CloseCall(h).IsSuccess());
        EXPECT_TRUE(device->DeleteVc(h).IsSuccess());
    }

    void OnSendComplete(CoStatus s, CoVcHandle h, Ptr<const Packet> p)
    {
        EXPECT_FALSE(inSend) << "a completion inside Send";
        EXPECT_FALSE(callEnded.has_value()) << "a send completed after its call ended";
        completions.push_back(Completion{s, h, p, Simulator::Now()});
    }
};

/**
 * Host a (the sender) and b on one switch; a's link 1 Mb/s so that frames
 * wait in a's NIC, b's 10 Mb/s.
 */
class SendCompleteTest : public ::testing::Test
{
  protected:
    void Build(bool scheduler = false)
    {
        if (scheduler)
        {
            net.helper.SetHostVcScheduler("VcMaxFrames", UintegerValue(4));
        }
        net.Build("1Mbps", "10Mbps"); // a's link the bottleneck
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        sender = std::make_unique<SendingClient>(net.a);
        Simulator::Schedule(MilliSeconds(1), &SendingClient::Call, sender.get(), net.b->GetAesa());
    }

    void TearDown() override
    {
        Simulator::Run();
        if (net.a != nullptr)
        {
            EXPECT_EQ(net.a->GetPendingSendCount(), 0u);
            ASSERT_TRUE(sender);
            EXPECT_EQ(sender->completions.size(), sender->sent.size())
                << "every send completes exactly once";
            net.ExpectEverythingReleased();
            net.ExpectViolations(0);
        }
        Simulator::Destroy();
    }

    /// Runs until \p t.
    void RunUntil(Time t)
    {
        Simulator::Stop(t - Simulator::Now());
        Simulator::Run();
    }

    /// The sender closes its call.
    void Close()
    {
        EXPECT_TRUE(net.a->CloseCall(sender->vc).IsPending());
    }

    OneSwitchNetwork net;                  //!< a, b and the switch
    std::unique_ptr<SendingClient> sender; //!< a's client
};

TEST_F(SendCompleteTest, EverySendCompletesOnceInTheOrderSentAfterItsFrameLeft)
{
    Build();
    RunUntil(MilliSeconds(100));
    ASSERT_TRUE(sender->connected);
    std::vector<CoStatus> statuses = sender->Send(20, 500);
    for (const CoStatus& s : statuses)
    {
        EXPECT_TRUE(s.IsPending()) << s;
    }
    EXPECT_EQ(net.a->GetPendingSendCount(), 20u);
    EXPECT_TRUE(sender->completions.empty());
    RunUntil(MilliSeconds(500));
    ASSERT_EQ(sender->completions.size(), 20u);
    for (std::size_t i = 0; i < 20; ++i)
    {
        const Completion& c = sender->completions[i];
        EXPECT_TRUE(c.status.IsSuccess()) << i << ": " << c.status;
        EXPECT_EQ(c.packet, sender->sent[i]) << "in the order sent";
        EXPECT_EQ(c.vc, sender->vc);
        // 500 bytes are 11 cells, 4.7 ms at 1 Mb/s: one frame after another.
        EXPECT_GE(c.at, MilliSeconds(100) + MicroSeconds(4600) * (i + 1)) << i;
    }
    EXPECT_EQ(net.cb->received.size(), 20u);
    EXPECT_EQ(net.a->GetPendingSendCount(), 0u);
    // A client without the handler still hears at once.
    EXPECT_TRUE(net.b->Send(net.cb->incomingVc, Create<Packet>(100)).IsSuccess());
    Close();
}

TEST_F(SendCompleteTest, RefusedSendsCompleteLaterWithTheirStatus)
{
    Build();
    net.a->GetQueue()->SetMaxSize(QueueSize("3p"));
    RunUntil(MilliSeconds(100));
    ASSERT_TRUE(sender->connected);
    // One frame on the wire, three waiting: the other six are refused.
    sender->Send(10, 500);
    std::vector<CoStatus> big = sender->Send(1, 10000); // above the granted maximum SDU
    EXPECT_TRUE(big[0].IsPending());
    EXPECT_TRUE(sender->completions.empty()) << "nothing completes inside Send";
    RunUntil(MilliSeconds(500));
    ASSERT_EQ(sender->completions.size(), 11u);
    EXPECT_EQ(sender->Count(CoStatusCode::Success), 4u);
    EXPECT_EQ(sender->Count(CoStatusCode::Resources), 6u);
    EXPECT_EQ(sender->Count(CoStatusCode::InvalidData), 1u);
    // The refusals are told first, at the instant of the sends.
    for (std::size_t i = 0; i < 7; ++i)
    {
        EXPECT_FALSE(sender->completions[i].status.IsSuccess()) << i;
        EXPECT_EQ(sender->completions[i].at, MilliSeconds(100)) << i;
    }
    EXPECT_EQ(net.cb->received.size(), 4u);
    Close();
}

TEST_F(SendCompleteTest, SendsStillWaitingWhenTheCallClosesCompleteBeforeItsCompletion)
{
    Build();
    RunUntil(MilliSeconds(100));
    ASSERT_TRUE(sender->connected);
    sender->Send(20, 500);
    // At 12 ms two frames have left and the third is on the wire (4.664 ms each).
    CoSchedule(MilliSeconds(12), [this]() { Close(); });
    RunUntil(MilliSeconds(500));
    ASSERT_TRUE(sender->callEnded.has_value());
    EXPECT_EQ(*sender->callEnded, 20u) << "every send completed before CloseCallComplete";
    EXPECT_EQ(sender->Count(CoStatusCode::Success), 3u) << "the frame on the wire finishes";
    EXPECT_EQ(sender->Count(CoStatusCode::VcNotActivated), 17u);
    EXPECT_LE(net.cb->received.size(), 3u) << "none sent after the close but the one on the wire";
}

TEST_F(SendCompleteTest, ALinkFailureCompletesTheSendsItCaughtBeforeTheCallsEnd)
{
    Build();
    RunUntil(MilliSeconds(100));
    ASSERT_TRUE(sender->connected);
    sender->Send(20, 500);
    Ptr<CoChannel> link = DynamicCast<CoChannel>(net.a->GetChannel());
    ASSERT_TRUE(link);
    Simulator::Schedule(MilliSeconds(12), &CoChannel::SetLinkUp, link, false);
    Simulator::Schedule(MilliSeconds(300), &CoChannel::SetLinkUp, link, true);
    RunUntil(MilliSeconds(2000));
    ASSERT_EQ(sender->completions.size(), 20u);
    EXPECT_EQ(sender->Count(CoStatusCode::Success), 2u);
    EXPECT_EQ(sender->Count(CoStatusCode::VcNotActivated), 18u);
    ASSERT_TRUE(sender->callEnded.has_value()) << "the failure ended the call";
    EXPECT_EQ(*sender->callEnded, 20u);
}

TEST_F(SendCompleteTest, APacketStillPendingIsNotTakenTwice)
{
    Build();
    RunUntil(MilliSeconds(100));
    ASSERT_TRUE(sender->connected);
    Ptr<Packet> p = Create<Packet>(500);
    EXPECT_TRUE(net.a->Send(sender->vc, p).IsPending());
    EXPECT_EQ(net.a->Send(sender->vc, p).GetCode(), CoStatusCode::InvalidData);
    sender->sent.push_back(p);
    RunUntil(MilliSeconds(200));
    ASSERT_EQ(sender->completions.size(), 1u);
    EXPECT_TRUE(sender->completions[0].status.IsSuccess());
    // Completed, it is the client's again.
    EXPECT_TRUE(net.a->Send(sender->vc, p).IsPending());
    sender->sent.push_back(p);
    RunUntil(MilliSeconds(300));
    EXPECT_EQ(sender->completions.size(), 2u);
    EXPECT_EQ(net.cb->received.size(), 2u);
    Close();
}

TEST_F(SendCompleteTest, WithAVcSchedulerItsLimitDropsCompleteWithResources)
{
    Build(true);
    ASSERT_TRUE(net.a->GetVcScheduler());
    RunUntil(MilliSeconds(100));
    ASSERT_TRUE(sender->connected);
    sender->Send(10, 500);
    RunUntil(MilliSeconds(500));
    ASSERT_EQ(sender->completions.size(), 10u);
    EXPECT_EQ(sender->Count(CoStatusCode::Resources), 10u - sender->Count(CoStatusCode::Success));
    EXPECT_GE(sender->Count(CoStatusCode::Resources), 5u) << "the VC holds 4 frames";
    EXPECT_EQ(net.cb->received.size(), sender->Count(CoStatusCode::Success));
    // Frames waiting in the scheduler when the call closes.
    sender->Send(4, 500);
    CoSchedule(MilliSeconds(1), [this]() { Close(); });
    RunUntil(MilliSeconds(1000));
    ASSERT_EQ(sender->completions.size(), 14u);
    EXPECT_EQ(*sender->callEnded, 14u);
}

} // namespace
