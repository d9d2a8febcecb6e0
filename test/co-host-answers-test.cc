/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What a host answers the network, tested with a raw Q.2931 peer in place of
 * its switch: the SETUPs it refuses and the cause of each, its answer to a
 * message for a call reference it does not know; and, on the device's
 * traces, the order of a call's events at both ends (the VC is activated
 * before MakeCallComplete or IncomingCall reports it).
 *
 * These pin today's behaviour; the shared Q.2931 procedures of issue 12
 * (unexpected messages, STATUS, decode errors) may add to them.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/q2931-called-party-number-ie.h"
#include "ns3/q2931-connection-identifier-ie.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/**
 * Hosts a and b on a switch, the switch's port toward b taken over by a raw
 * peer that offers b calls by hand (see SetupFromNetwork()).
 */
class HostRefusalTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Builds the network and the peer; b's client registers its SAP.
    void Build()
    {
        net.Build();
        peer = std::make_unique<RawPeer>(net.sw->GetPort(1));
        // A CONNECT is acknowledged at once, as the switch would (T313 stops).
        RawPeer& p = *peer;
        peer->answer = [&p](const RawMessage& m) {
            if (m.type == Q2931MessageType::Connect)
            {
                p.Send(Q2931Header(Q2931MessageType::ConnectAcknowledge, m.reference, false));
            }
        };
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    }

    /// Sends b \p message and runs; \return b's answer (fails the test unless one message)
    RawMessage Offer(const Q2931Header& message)
    {
        std::size_t before = peer->received.size();
        peer->Send(message);
        Simulator::Run();
        EXPECT_EQ(peer->received.size(), before + 1) << "one answer";
        if (peer->received.size() != before + 1)
        {
            return RawMessage{Q2931MessageType::Setup, 0, false, 0, Q2931Header(), Time()};
        }
        return peer->received.back();
    }

    /// Offers b \p setup and expects it refused with \p cause, reaching no client.
    void ExpectRefused(const Q2931Header& setup, uint8_t cause)
    {
        std::size_t offered = net.cb->Count("IncomingCall");
        std::size_t calls = net.b->GetCallReferenceCount();
        std::size_t vcs = net.b->GetVcCount();
        RawMessage answer = Offer(setup);
        EXPECT_EQ(answer.type, Q2931MessageType::ReleaseComplete);
        EXPECT_EQ(answer.reference, setup.GetCallReference());
        EXPECT_TRUE(answer.flag) << "an answer to the network's call reference";
        EXPECT_EQ(answer.cause, cause);
        EXPECT_EQ(net.cb->Count("IncomingCall"), offered) << "a refused SETUP reaches no client";
        EXPECT_EQ(net.b->GetCallReferenceCount(), calls);
        EXPECT_EQ(net.b->GetVcCount(), vcs);
    }

    OneSwitchNetwork net;          //!< a, b and their switch
    std::unique_ptr<RawPeer> peer; //!< in place of the switch, toward b
};

TEST_F(HostRefusalTest, SetupWithoutCalledPartyNumberIsRefusedWithCause96)
{
    // Q.2931 5.6.6 (mandatory information element error: missing).
    Build();
    Q2931Header setup = SetupFromNetwork(net.b->GetAesa(), 9, 100, PeerCall());
    ASSERT_TRUE(setup.RemoveInformationElement(CalledPartyNumberIe::IDENTIFIER));
    ExpectRefused(setup, Q2931Cause::MANDATORY_IE_MISSING);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostRefusalTest, SetupWithoutConnectionIdentifierIsRefusedWithCause96)
{
    // Q.2931 5.6.6: toward the user the network names the VPCI/VCI (5.2.3).
    Build();
    Q2931Header setup = SetupFromNetwork(net.b->GetAesa(), 9, 100, PeerCall());
    ASSERT_TRUE(setup.RemoveInformationElement(ConnectionIdentifierIe::IDENTIFIER));
    ExpectRefused(setup, Q2931Cause::MANDATORY_IE_MISSING);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostRefusalTest, SetupWithAnInvalidContractIsRefusedWithCause100)
{
    // Q.2931 5.6.6 (mandatory information element error: content error):
    // a CBR peak cell rate of 0 is no contract.
    Build();
    Q2931Header setup = SetupFromNetwork(net.b->GetAesa(), 9, 100, PeerCall());
    AtmTrafficDescriptorIe zero = AtmTrafficDescriptorIe::FromCallParameters(PeerCall());
    zero.forwardPcr = 0;
    setup.SetAtmTrafficDescriptor(zero);
    ExpectRefused(setup, Q2931Cause::INVALID_IE_CONTENTS);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostRefusalTest, SetupOnAVciInUseIsRefusedWithCause35)
{
    // Q.2931 5.2.3: the VCI the network chose is taken by a call b has.
    Build();
    RawMessage first = Offer(SetupFromNetwork(net.b->GetAesa(), 9, 100, PeerCall()));
    EXPECT_EQ(first.type, Q2931MessageType::Connect);
    ExpectRefused(SetupFromNetwork(net.b->GetAesa(), 10, 100, PeerCall()),
                  Q2931Cause::VPCI_VCI_NOT_AVAILABLE);
    EXPECT_EQ(net.cb->Count("IncomingCall"), 1u);
    EXPECT_EQ(net.b->GetVcCount(), 1u) << "the first call is untouched";

    // The first call clears as ever.
    Q2931Header release(Q2931MessageType::Release, 9, false);
    release.SetCause(CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NORMAL_CLEARING));
    EXPECT_EQ(Offer(release).type, Q2931MessageType::ReleaseComplete);
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostRefusalTest, SetupBeyondMaxVcsIsRefusedWithCause47)
{
    // Q.2931 5.2.5 (call/connection confirmation): a user that cannot take
    // the call refuses it with RELEASE COMPLETE and the cause, here "resources
    // unavailable": b holds MaxVcs (1) VCs already.
    net.helper.SetDeviceAttribute("MaxVcs", UintegerValue(1));
    Build();
    CoVcHandle held;
    ASSERT_TRUE(net.b->CreateVc(net.cb->client, held).IsSuccess());
    ExpectRefused(SetupFromNetwork(net.b->GetAesa(), 9, 100, PeerCall()),
                  Q2931Cause::RESOURCES_UNAVAILABLE);
    EXPECT_TRUE(net.b->DeleteVc(held).IsSuccess());
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(HostRefusalTest, MessagesForAnUnknownCallReferenceAreAnsweredWithCause81)
{
    // Q.2931 5.6.3: a message for a call reference the host does not hold
    // is answered with RELEASE COMPLETE, cause 81 ("invalid call reference
    // value"), for the reference and side it named; RELEASE COMPLETE itself
    // is not answered.
    Build();
    // CONNECT for a call b would have placed (flag 1: b's reference).
    RawMessage connect = Offer(Q2931Header(Q2931MessageType::Connect, 4242, true));
    EXPECT_EQ(connect.type, Q2931MessageType::ReleaseComplete);
    EXPECT_EQ(connect.reference, 4242u);
    EXPECT_FALSE(connect.flag) << "b speaks as the allocator of the reference";
    EXPECT_EQ(connect.cause, Q2931Cause::INVALID_CALL_REFERENCE);
    // RELEASE for a call the network would have offered (flag 0).
    Q2931Header release(Q2931MessageType::Release, 77, false);
    release.SetCause(CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NORMAL_CLEARING));
    RawMessage released = Offer(release);
    EXPECT_EQ(released.type, Q2931MessageType::ReleaseComplete);
    EXPECT_EQ(released.reference, 77u);
    EXPECT_TRUE(released.flag);
    EXPECT_EQ(released.cause, Q2931Cause::INVALID_CALL_REFERENCE);
    // RELEASE COMPLETE: nothing back.
    std::size_t before = peer->received.size();
    peer->Send(Q2931Header(Q2931MessageType::ReleaseComplete, 78, false));
    Simulator::Run();
    EXPECT_EQ(peer->received.size(), before);
    EXPECT_EQ(net.b->GetCallReferenceCount(), 0u) << "no call made of any of them";
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

/// One event of a call on a device's traces.
struct Traced
{
    std::string device; //!< "a" or "b"
    std::string what;   //!< trace source name
    uint32_t vc;        //!< the VC
    Time at;            //!< simulation time
};

/// Hosts a and b on a switch; every call event on their traces, in order.
class ActivationOrderTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
        for (const auto& [name, device] : {std::make_pair("a", net.a), std::make_pair("b", net.b)})
        {
            std::string n = name;
            device->TraceConnectWithoutContext(
                "VcActivated",
                CoCallback<void, CoVcHandle>(
                    [this, n](CoVcHandle vc) { Log(n, "VcActivated", vc); }));
            device->TraceConnectWithoutContext(
                "MakeCallComplete",
                CoCallback<void, CoVcHandle, CoStatus, const CoCallParameters&>(
                    [this, n](CoVcHandle vc, CoStatus s, const CoCallParameters&) {
                        Log(n, s.IsSuccess() ? "MakeCallComplete" : "MakeCallFailed", vc);
                    }));
            device->TraceConnectWithoutContext(
                "IncomingCall",
                CoCallback<void, CoVcHandle, const CoCallParameters&>(
                    [this, n](CoVcHandle vc, const CoCallParameters&) {
                        Log(n, "IncomingCall", vc);
                    }));
            device->TraceConnectWithoutContext(
                "CallConnected",
                CoCallback<void, CoVcHandle>(
                    [this, n](CoVcHandle vc) { Log(n, "CallConnected", vc); }));
        }
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    void Log(const std::string& device, const std::string& what, CoVcHandle vc)
    {
        events.push_back(Traced{device, what, vc.GetValue(), Simulator::Now()});
    }

    /// \return the events of \p device, in order, as "what" strings
    std::vector<std::string> Sequence(const std::string& device) const
    {
        std::vector<std::string> seq;
        for (const Traced& e : events)
        {
            if (e.device == device)
            {
                seq.push_back(e.what);
            }
        }
        return seq;
    }

    /// \return the one event \p what of \p device (fails the test if not one)
    Traced One(const std::string& device, const std::string& what) const
    {
        std::vector<Traced> found;
        for (const Traced& e : events)
        {
            if (e.device == device && e.what == what)
            {
                found.push_back(e);
            }
        }
        EXPECT_EQ(found.size(), 1u) << device << " " << what;
        return found.empty() ? Traced{device, what, 0, Seconds(-1)} : found[0];
    }

    OneSwitchNetwork net;       //!< a, b and their switch
    std::vector<Traced> events; //!< every traced event, in order
};

TEST_F(ActivationOrderTest, EachEndActivatesItsVcBeforeReportingTheCall)
{
    // CoNDIS: NdisMCmActivateVc comes before NdisMCmMakeCallComplete on the
    // caller, and before NdisMCmDispatchIncomingCall on the callee.
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    Simulator::Run();

    EXPECT_EQ(Sequence("a"), (std::vector<std::string>{"VcActivated", "MakeCallComplete"}));
    EXPECT_EQ(Sequence("b"),
              (std::vector<std::string>{"VcActivated", "IncomingCall", "CallConnected"}));
    Traced callerVc = One("a", "VcActivated");
    Traced callerDone = One("a", "MakeCallComplete");
    EXPECT_EQ(callerVc.vc, net.ca->vc.GetValue());
    EXPECT_EQ(callerDone.vc, callerVc.vc);
    EXPECT_EQ(callerVc.at, callerDone.at) << "both on CONNECT";
    Traced calleeVc = One("b", "VcActivated");
    Traced offered = One("b", "IncomingCall");
    EXPECT_EQ(offered.vc, calleeVc.vc);
    EXPECT_EQ(calleeVc.at, offered.at) << "both on SETUP";
    // And across the network: the callee is offered the call before the
    // caller's completes.
    EXPECT_LT(offered.at, callerDone.at);
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ActivationOrderTest, APendedAnswerKeepsTheOrder)
{
    // The callee pends its answer for 1 s: its VC is active when the call is
    // offered, long before it answers; the caller's only on CONNECT.
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    CoSchedule(Seconds(1), [this]() {
        EXPECT_EQ(Sequence("a"), std::vector<std::string>{}) << "nothing at a before the answer";
        net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, net.cb->offered);
    });
    Simulator::Run();

    EXPECT_EQ(Sequence("a"), (std::vector<std::string>{"VcActivated", "MakeCallComplete"}));
    EXPECT_EQ(Sequence("b"),
              (std::vector<std::string>{"VcActivated", "IncomingCall", "CallConnected"}));
    EXPECT_LT(One("b", "IncomingCall").at, Seconds(1));
    EXPECT_GT(One("a", "VcActivated").at, Seconds(1));
    EXPECT_EQ(One("a", "VcActivated").at, One("a", "MakeCallComplete").at);
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ActivationOrderTest, AFailedCallActivatesNoVcAtTheCaller)
{
    // Refused by the callee: MakeCall fails and the caller's VC was never
    // activated; the callee's was, for the offer, and is gone with it.
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Reject;
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    Simulator::Run();

    EXPECT_EQ(Sequence("a"), std::vector<std::string>{"MakeCallFailed"});
    EXPECT_EQ(Sequence("b"), (std::vector<std::string>{"VcActivated", "IncomingCall"}));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

} // namespace
