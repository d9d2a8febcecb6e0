/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Q.2931 procedures that apply to every call (Q2931CallProcedures), on
 * the network side (raw Q.2931 peers around one switch, or a chain of
 * three) and on the user side (a host facing a raw network peer). Each
 * test names the clause of ITU-T Q.2931 it follows; each ends with nothing
 * held and, on a host, the rule checker's count at zero.
 */

#include "co-test-network.h"
#include "co-tshark.h"

#include "ns3/co-channel.h"
#include "ns3/co-net-device.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-port-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/q2931-call-procedures.h"
#include "ns3/q2931-call-state-ie.h"
#include "ns3/saal-endpoint.h"

#include <deque>
#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Type = Q2931MessageType;

/// The Q.2971 messages: a point-to-point call expects none of them.
const std::vector<Type> POINT_TO_MULTIPOINT{Type::AddParty,
                                            Type::AddPartyAcknowledge,
                                            Type::AddPartyReject,
                                            Type::DropParty,
                                            Type::DropPartyAcknowledge,
                                            Type::PartyAlerting};

/// NOTIFY (0x6e): a Q.2931 message the model does not implement.
constexpr auto NOTIFY = static_cast<Type>(0x6e);

/// A message a raw peer received.
struct Received
{
    Type type;           //!< message type
    uint32_t reference;  //!< call reference
    bool flag;           //!< call reference flag
    Q2931Header message; //!< the whole message

    /// \return the cause value, 0 without a Cause IE
    uint8_t Cause() const
    {
        return message.GetCause() ? message.GetCause()->cause : 0;
    }

    /// \return the first diagnostic octet of the Cause IE, 0 without one
    uint8_t Diagnostic() const
    {
        const CauseIe* c = message.GetCause();
        return c != nullptr && !c->diagnostics.empty() ? c->diagnostics[0] : 0;
    }

    /// \return the Call state IE's value, -1 without one
    int CallState() const
    {
        CallStateIe state;
        return message.GetOtherIe(state) ? state.state : -1;
    }
};

/// A bare port device playing one end of a signalling link by hand.
class RawPeer
{
  public:
    explicit RawPeer(CoPortNetDevice::InterfaceSide side)
    {
        // (The receive callback holds this peer: it is never copied or moved.)
        device = CreateObject<CoPortNetDevice>();
        device->SetQueue(CreateObject<DropTailQueue<Packet>>());
        device->SetInterfaceSide(side);
        CreateObject<Node>()->AddDevice(device);
        device->SetFrameReceiveCallback(CoFn([this](Ptr<CoPortNetDevice>,
                                                    Ptr<Packet> sdu,
                                                    const AtmFrameHeader& header) {
            if (header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
            {
                return;
            }
            Q2931Header m;
            uint64_t callId;
            ASSERT_TRUE(SaalEndpoint::Receive(sdu, m, callId));
            received.push_back(
                Received{m.GetMessageType(), m.GetCallReference(), m.GetCallReferenceFlag(), m});
        }));
    }

    /// Sends a message now.
    void Send(const Q2931Header& m)
    {
        ASSERT_TRUE(saal.Send(device, m));
    }

    /// Sends a message of \p type with no IE (a Cause in RELEASE) now.
    void Send(Type type, uint32_t reference, bool flag)
    {
        Q2931Header m(type, reference, flag);
        if (type == Type::Release)
        {
            m.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
        }
        Send(m);
    }

    /// \return how many messages of \p type the peer received
    std::size_t Count(Type type) const
    {
        std::size_t n = 0;
        for (const Received& r : received)
        {
            n += r.type == type;
        }
        return n;
    }

    RawPeer(const RawPeer&) = delete;
    RawPeer& operator=(const RawPeer&) = delete;

    Ptr<CoPortNetDevice> device;    //!< the peer's device
    SaalEndpoint saal;              //!< its Q.SAAL
    std::vector<Received> received; //!< everything it received
};

/// Runs the simulation for a while (every link and switch takes 0 s).
void
Settle()
{
    Simulator::Stop(MilliSeconds(10));
    Simulator::Run();
}

/// \return call parameters for a CBR call to \p called
CoCallParameters
CallTo(const AesaAddress& called)
{
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100, 0, 0);
    p.calledParty = called;
    return p;
}

/// \return a SETUP to \p called, with the call reference \p reference
Q2931Header
SetupTo(const AesaAddress& called, uint32_t reference)
{
    Q2931Header setup(Type::Setup, reference, false);
    setup.SetCallParameters(CallTo(called));
    return setup;
}

/**
 * A chain of switches with a raw peer at each end: peer 0 (the caller) on
 * port 0 of the first switch, peer 1 (the called side) on port 1 of the
 * last; switch i's port 1 leads to switch i + 1's port 0.
 */
class SwitchProcedures : public ::testing::Test
{
  protected:
    void Build(uint32_t nSwitches)
    {
        called = AesaAddress::FromString("47.0005.80ffe1000000f21a2222.0020481a2222.00");
        peers.emplace_back(CoPortNetDevice::InterfaceSide::User);
        peers.emplace_back(CoPortNetDevice::InterfaceSide::User);
        Ptr<CoPortNetDevice> previous = peers[0].device;
        for (uint32_t i = 0; i < nSwitches; ++i)
        {
            Ptr<Node> node = CreateObject<Node>();
            Ptr<CoSwitch> sw = CreateObject<CoSwitch>();
            node->AggregateObject(sw);
            for (uint32_t p = 0; p < 2; ++p)
            {
                Ptr<CoPortNetDevice> port = CreateObject<CoPortNetDevice>();
                port->SetQueue(CreateObject<DropTailQueue<Packet>>());
                node->AddDevice(port);
                sw->AddPort(port);
            }
            Connect(previous, sw->GetPort(0));
            previous = sw->GetPort(1);
            sw->AddRoute(called, 104, 1);
            switches.push_back(sw);
        }
        Connect(previous, peers[1].device);
    }

    static void Connect(Ptr<CoPortNetDevice> a, Ptr<CoPortNetDevice> b)
    {
        Ptr<CoChannel> link = CreateObject<CoChannel>();
        a->Attach(link);
        b->Attach(link);
    }

    void TearDown() override
    {
        ExpectNothingHeld();
        Simulator::Destroy();
    }

    /// Expects every switch to hold nothing of any call, no timer included.
    void ExpectNothingHeld()
    {
        for (Ptr<CoSwitch> sw : switches)
        {
            EXPECT_EQ(sw->GetCallCount(), 0u);
            EXPECT_EQ(sw->GetSetupCount(), 0u);
            EXPECT_EQ(sw->GetPassThroughCount(), 0u);
            EXPECT_EQ(sw->GetCrossConnectCount(), 0u);
            EXPECT_EQ(sw->GetRunningTimerCount(), 0u);
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                EXPECT_EQ(sw->GetVciCount(p), 0u) << "port " << p;
                EXPECT_EQ(sw->GetReservedCellRate(p), 0u) << "port " << p;
            }
        }
    }

    /// Peer 0 calls with \p reference \return the call reference of the SETUP peer 1 got
    uint32_t Offer(uint32_t reference)
    {
        peers[0].Send(SetupTo(called, reference));
        Settle();
        EXPECT_EQ(peers[1].received.back().type, Type::Setup);
        return peers[1].received.back().reference;
    }

    /// Peer 0 calls, peer 1 answers \return the call reference at peer 1
    uint32_t Connected(uint32_t reference)
    {
        uint32_t theirs = Offer(reference);
        peers[1].Send(Type::Connect, theirs, true);
        Settle();
        EXPECT_EQ(peers[0].received.back().type, Type::Connect);
        return theirs;
    }

    /// Peer 0 releases, peer 1 completes.
    void Release(uint32_t reference, uint32_t theirs)
    {
        peers[0].Send(Type::Release, reference, false);
        Settle();
        EXPECT_EQ(peers[1].received.back().type, Type::Release);
        peers[1].Send(Type::ReleaseComplete, theirs, true);
        Settle();
    }

    /**
     * Peer \p i sends each message of \p types for \p reference; each is
     * answered by STATUS (the leg's state \p state, cause 101 naming the
     * message type) and by nothing else, on either side (Q.2931 5.6.4).
     */
    void ExpectStatus101(uint32_t i,
                         uint32_t reference,
                         bool flag,
                         const std::vector<Type>& types,
                         uint8_t state)
    {
        for (Type type : types)
        {
            std::size_t before[2] = {peers[0].received.size(), peers[1].received.size()};
            peers[i].Send(type, reference, flag);
            Settle();
            ASSERT_EQ(peers[i].received.size(), before[i] + 1) << type << " in " << +state;
            const Received& r = peers[i].received.back();
            EXPECT_EQ(r.type, Type::Status) << type << " in " << +state;
            EXPECT_EQ(r.reference, reference);
            EXPECT_EQ(r.flag, !flag);
            EXPECT_EQ(r.Cause(), Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE) << type;
            EXPECT_EQ(r.Diagnostic(), static_cast<uint8_t>(type)) << type;
            EXPECT_EQ(r.CallState(), state) << type;
            EXPECT_EQ(peers[1 - i].received.size(), before[1 - i]) << type << " went on";
        }
    }

    /// \return the one switch (the chain of Build(1))
    Ptr<CoSwitch> Switch() const
    {
        return switches.front();
    }

    std::deque<RawPeer> peers; //!< a deque: its elements never move
    std::vector<Ptr<CoSwitch>> switches;
    AesaAddress called;
};

/// The messages a leg expects in no state but the ones listed.
std::vector<Type>
With(std::vector<Type> types)
{
    types.insert(types.end(), POINT_TO_MULTIPOINT.begin(), POINT_TO_MULTIPOINT.end());
    return types;
}

TEST_F(SwitchProcedures, Q2931_5_6_4_EachStateAnswersAnUnexpectedMessageWithStatus101)
{
    Build(1);
    // N6 downstream (SETUP sent), N3 upstream (CALL PROCEEDING sent).
    uint32_t theirs = Offer(7);
    ExpectStatus101(1, theirs, true, With({Type::ConnectAcknowledge}), 6);
    ExpectStatus101(
        0,
        7,
        false,
        With({Type::CallProceeding, Type::Alerting, Type::Connect, Type::ConnectAcknowledge}),
        3);
    // N9 downstream: CALL PROCEEDING received.
    peers[1].Send(Type::CallProceeding, theirs, true);
    Settle();
    ExpectStatus101(1, theirs, true, With({Type::CallProceeding, Type::ConnectAcknowledge}), 9);
    // N7 downstream, N4 upstream: ALERTING received and passed on.
    peers[1].Send(Type::Alerting, theirs, true);
    Settle();
    ASSERT_EQ(peers[0].received.back().type, Type::Alerting);
    ExpectStatus101(1,
                    theirs,
                    true,
                    With({Type::CallProceeding, Type::Alerting, Type::ConnectAcknowledge}),
                    7);
    ExpectStatus101(
        0,
        7,
        false,
        With({Type::CallProceeding, Type::Alerting, Type::Connect, Type::ConnectAcknowledge}),
        4);
    // N10 both ways.
    peers[1].Send(Type::Connect, theirs, true);
    Settle();
    ASSERT_EQ(peers[0].received.back().type, Type::Connect);
    // The party messages (Q.2971) are expected in N10: what a party's own
    // state expects is for the party procedures to judge.
    ExpectStatus101(1, theirs, true, {Type::CallProceeding, Type::Alerting, Type::Connect}, 10);
    ExpectStatus101(0, 7, false, {Type::CallProceeding, Type::Alerting, Type::Connect}, 10);
    // A CONNECT ACKNOWLEDGE from the caller is expected in N10: no answer.
    std::size_t before = peers[0].received.size();
    peers[0].Send(Type::ConnectAcknowledge, 7, false);
    Settle();
    EXPECT_EQ(peers[0].received.size(), before);
    // N12 downstream: the caller released, RELEASE sent on.
    peers[0].Send(Type::Release, 7, false);
    Settle();
    ASSERT_EQ(peers[1].received.back().type, Type::Release);
    ExpectStatus101(
        1,
        theirs,
        true,
        With({Type::CallProceeding, Type::Alerting, Type::Connect, Type::ConnectAcknowledge}),
        12);
    EXPECT_EQ(Switch()->GetCallCount(), 1u) << "none of them changed the call";
    peers[1].Send(Type::ReleaseComplete, theirs, true);
    Settle();
}

TEST_F(SwitchProcedures, Q2931_5_6_3_2_ARepeatedSetupIsIgnored)
{
    Build(1);
    uint32_t theirs = Connected(7);
    std::size_t before[2] = {peers[0].received.size(), peers[1].received.size()};
    peers[0].Send(SetupTo(called, 7));
    Settle();
    EXPECT_EQ(peers[0].received.size(), before[0]);
    EXPECT_EQ(peers[1].received.size(), before[1]);
    // A SETUP with the flag set (from the side that did not allocate the
    // reference) is ignored too.
    Q2931Header wrongSide = SetupTo(called, 99);
    wrongSide.SetCallReferenceFlag(true);
    peers[0].Send(wrongSide);
    Settle();
    EXPECT_EQ(peers[0].received.size(), before[0]);
    Release(7, theirs);
}

TEST_F(SwitchProcedures, Q2931_5_6_4_AnUnrecognisedMessageGetsStatus97)
{
    Build(1);
    uint32_t theirs = Connected(7);
    peers[1].Send(NOTIFY, theirs, true);
    Settle();
    const Received& r = peers[1].received.back();
    EXPECT_EQ(r.type, Type::Status);
    EXPECT_EQ(r.Cause(), Q2931Cause::MESSAGE_TYPE_NON_EXISTENT);
    EXPECT_EQ(r.Diagnostic(), 0x6e);
    EXPECT_EQ(r.CallState(), 10);
    EXPECT_EQ(Switch()->GetCallCount(), 1u);
    // For a call reference the switch does not know: RELEASE COMPLETE, 81
    // (Q.2931 5.6.3.2 a).
    peers[1].Send(NOTIFY, 0x4242, false);
    Settle();
    EXPECT_EQ(peers[1].received.back().type, Type::ReleaseComplete);
    EXPECT_EQ(peers[1].received.back().Cause(), Q2931Cause::INVALID_CALL_REFERENCE);
    Release(7, theirs);
}

TEST_F(SwitchProcedures, Q2931_5_6_7_1_ASetupWithoutAMandatoryIeIsRefusedWith96)
{
    Build(1);
    uint32_t reference = 20;
    for (uint8_t missing : {AtmTrafficDescriptorIe::IDENTIFIER,
                            BroadbandBearerCapabilityIe::IDENTIFIER,
                            CalledPartyNumberIe::IDENTIFIER})
    {
        Q2931Header setup = SetupTo(called, ++reference);
        ASSERT_TRUE(setup.RemoveInformationElement(missing));
        peers[0].Send(setup);
        Settle();
        const Received& r = peers[0].received.back();
        EXPECT_EQ(r.type, Type::ReleaseComplete) << "without IE 0x" << std::hex << +missing;
        EXPECT_EQ(r.reference, reference);
        EXPECT_TRUE(r.flag);
        EXPECT_EQ(r.Cause(), Q2931Cause::MANDATORY_IE_MISSING);
        EXPECT_EQ(r.Diagnostic(), missing);
        EXPECT_TRUE(peers[1].received.empty()) << "a SETUP without its bearer went on (as UBR)";
        ExpectNothingHeld();
    }
}

TEST_F(SwitchProcedures, Q2931_5_6_7_2_ASetupWithAnInvalidMandatoryIeIsRefusedWith100)
{
    Build(1);
    Q2931Header setup = SetupTo(called, 7);
    ASSERT_TRUE(setup.RemoveInformationElement(CalledPartyNumberIe::IDENTIFIER));
    // A called party number of one octet: no address at all.
    setup.AddOtherIe(Q2931RawIe{CalledPartyNumberIe::IDENTIFIER, 0x80, {0x82}});
    peers[0].Send(setup);
    Settle();
    ASSERT_FALSE(peers[0].received.empty());
    const Received& r = peers[0].received.back();
    EXPECT_EQ(r.type, Type::ReleaseComplete);
    EXPECT_EQ(r.reference, 7u);
    EXPECT_EQ(r.Cause(), Q2931Cause::INVALID_IE_CONTENTS);
    EXPECT_EQ(r.Diagnostic(), CalledPartyNumberIe::IDENTIFIER);
    EXPECT_TRUE(peers[1].received.empty());
}

TEST_F(SwitchProcedures, Q2931_5_6_7_AStatusWithoutAValidCallStateGetsStatus96Or100)
{
    Build(1);
    uint32_t theirs = Connected(7);
    Q2931Header status(Type::Status, theirs, true);
    status.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY));
    peers[1].Send(status);
    Settle();
    EXPECT_EQ(peers[1].received.back().type, Type::Status);
    EXPECT_EQ(peers[1].received.back().Cause(), Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(peers[1].received.back().Diagnostic(), CallStateIe::IDENTIFIER);
    EXPECT_EQ(peers[1].received.back().CallState(), 10);
    // A call state value that names no state (2): invalid contents.
    status.AddOtherIe(Q2931RawIe{CallStateIe::IDENTIFIER, 0x80, {0x02}});
    peers[1].Send(status);
    Settle();
    EXPECT_EQ(peers[1].received.back().type, Type::Status);
    EXPECT_EQ(peers[1].received.back().Cause(), Q2931Cause::INVALID_IE_CONTENTS);
    EXPECT_EQ(peers[1].received.back().Diagnostic(), CallStateIe::IDENTIFIER);
    EXPECT_EQ(Switch()->GetCallCount(), 1u);
    Release(7, theirs);
}

TEST_F(SwitchProcedures, Q2931_5_6_7_1_AReleaseWithoutCauseIsCompletedWith96AndGoesOnAs31)
{
    Build(1);
    uint32_t theirs = Connected(7);
    peers[0].Send(Q2931Header(Type::Release, 7, false));
    Settle();
    const Received& complete = peers[0].received.back();
    EXPECT_EQ(complete.type, Type::ReleaseComplete);
    EXPECT_EQ(complete.Cause(), Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(complete.Diagnostic(), CauseIe::IDENTIFIER);
    EXPECT_EQ(peers[1].received.back().type, Type::Release);
    EXPECT_EQ(peers[1].received.back().Cause(), Q2931Cause::NORMAL_UNSPECIFIED);
    peers[1].Send(Type::ReleaseComplete, theirs, true);
    Settle();
}

TEST_F(SwitchProcedures, Q2931_5_6_11_AStatusEnquiryIsAnsweredWithTheLegsState)
{
    Build(1);
    uint32_t theirs = Offer(7);
    peers[1].Send(Type::StatusEnquiry, theirs, true);
    Settle();
    EXPECT_EQ(peers[1].received.back().type, Type::Status);
    EXPECT_EQ(peers[1].received.back().Cause(), Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY);
    EXPECT_EQ(peers[1].received.back().CallState(), 6);
    peers[1].Send(Type::Connect, theirs, true);
    Settle();
    peers[0].Send(Type::StatusEnquiry, 7, false);
    Settle();
    EXPECT_EQ(peers[0].received.back().type, Type::Status);
    EXPECT_EQ(peers[0].received.back().Cause(), Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY);
    EXPECT_EQ(peers[0].received.back().CallState(), 10);
    EXPECT_TRUE(peers[0].received.back().flag) << "the answer of the side that did not allocate it";
    // For no call: the null state.
    peers[0].Send(Type::StatusEnquiry, 99, false);
    Settle();
    EXPECT_EQ(peers[0].received.back().type, Type::Status);
    EXPECT_EQ(peers[0].received.back().reference, 99u);
    EXPECT_EQ(peers[0].received.back().CallState(), 0);
    EXPECT_EQ(peers[0].received.back().Cause(), Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY);
    Release(7, theirs);
}

/// \return STATUS reporting \p state, as an answer to STATUS ENQUIRY
Q2931Header
StatusOf(uint32_t reference, bool flag, uint8_t state)
{
    Q2931Header status = Q2931CallProcedures::MakeStatus(
        static_cast<Q2931CallState>(state),
        CauseIe(CauseIe::LOCATION_USER, Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY));
    status.SetCallReference(reference);
    status.SetCallReferenceFlag(flag);
    return status;
}

TEST_F(SwitchProcedures, Q2931_5_6_12_AnIncompatibleStatusClearsTheCall)
{
    Build(1);
    uint32_t theirs = Offer(7);
    // The peer says it is in state 3 (it took our SETUP for an incoming
    // call and proceeds): as a switch would, compatible with our N6.
    std::size_t before[2] = {peers[0].received.size(), peers[1].received.size()};
    peers[1].Send(StatusOf(theirs, true, 3));
    Settle();
    EXPECT_EQ(peers[0].received.size(), before[0]);
    EXPECT_EQ(peers[1].received.size(), before[1]);
    // The peer says 6 (it sent a SETUP itself): no such call can be
    // reconciled with ours, which is cleared both ways with cause 101.
    peers[1].Send(StatusOf(theirs, true, 6));
    Settle();
    for (uint32_t i : {0, 1})
    {
        EXPECT_EQ(peers[i].received.back().type, Type::Release) << "peer " << i;
        EXPECT_EQ(peers[i].received.back().Cause(), Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    }
    peers[0].Send(Type::ReleaseComplete, 7, false);
    peers[1].Send(Type::ReleaseComplete, theirs, true);
    Settle();
}

TEST_F(SwitchProcedures, Q2931_5_6_12_APeerClearingACallWeHoldActiveLostItsRelease)
{
    Build(1);
    uint32_t theirs = Connected(7);
    // The peer reports 12 and 11 for a call that is active here: its
    // RELEASE would have come before this STATUS, so it was lost (e.g. with
    // the signalling AAL): the call is cleared both ways with cause 101.
    peers[1].Send(StatusOf(theirs, true, 12));
    Settle();
    for (uint32_t i : {0, 1})
    {
        EXPECT_EQ(peers[i].received.back().type, Type::Release) << "peer " << i;
        EXPECT_EQ(peers[i].received.back().Cause(), Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    }
    // While releasing, a STATUS reporting a release state changes nothing.
    std::size_t before[2] = {peers[0].received.size(), peers[1].received.size()};
    peers[1].Send(StatusOf(theirs, true, 11));
    Settle();
    EXPECT_EQ(peers[0].received.size(), before[0]);
    EXPECT_EQ(peers[1].received.size(), before[1]);
    peers[0].Send(Type::ReleaseComplete, 7, false);
    peers[1].Send(Type::ReleaseComplete, theirs, true);
    Settle();
}

TEST_F(SwitchProcedures, Q2931_5_6_12_AStatusReportingTheNullStateReleasesLocally)
{
    Build(1);
    uint32_t theirs = Connected(7);
    std::size_t before = peers[1].received.size();
    peers[1].Send(StatusOf(theirs, true, 0));
    Settle();
    EXPECT_EQ(peers[1].received.size(), before) << "nothing more to a peer that has no call";
    EXPECT_EQ(peers[0].received.back().type, Type::Release);
    EXPECT_EQ(peers[0].received.back().Cause(), Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    peers[0].Send(Type::ReleaseComplete, 7, false);
    Settle();
    // For a call reference the switch does not know: a STATUS saying
    // "null" is ignored, any other gets RELEASE COMPLETE with 101.
    before = peers[1].received.size();
    peers[1].Send(StatusOf(theirs, true, 0));
    Settle();
    EXPECT_EQ(peers[1].received.size(), before);
    peers[1].Send(StatusOf(theirs, true, 10));
    Settle();
    ASSERT_EQ(peers[1].received.size(), before + 1);
    EXPECT_EQ(peers[1].received.back().type, Type::ReleaseComplete);
    EXPECT_EQ(peers[1].received.back().Cause(), Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
}

TEST_F(SwitchProcedures, Q2931_5_4_5_AReleaseCollisionSendsNothingMore)
{
    Build(1);
    uint32_t theirs = Connected(7);
    peers[0].Send(Type::Release, 7, false);
    Settle();
    ASSERT_EQ(peers[1].received.back().type, Type::Release);
    EXPECT_EQ(Switch()->GetRunningTimerCount(), 1u) << "T308";
    // Peer 1 releases too, crossing the switch's RELEASE.
    std::size_t before[2] = {peers[0].received.size(), peers[1].received.size()};
    peers[1].Send(Type::Release, theirs, true);
    Settle();
    EXPECT_EQ(peers[0].received.size(), before[0]);
    EXPECT_EQ(peers[1].received.size(), before[1]) << "the collision was answered";
    // T308 stopped (checked by TearDown), the reference freed: a late
    // RELEASE COMPLETE finds nothing and is ignored.
    peers[1].Send(Type::ReleaseComplete, theirs, true);
    Settle();
    EXPECT_EQ(peers[1].received.size(), before[1]);
}

TEST_F(SwitchProcedures, Q2931_5_6_11_EnquireStatusRunsT322AndClearsWith41WhenUnanswered)
{
    Build(1);
    uint32_t theirs = Connected(7);
    // Answered: T322 stops, nothing else happens.
    ASSERT_TRUE(Switch()->EnquireStatus(1, theirs, true));
    EXPECT_FALSE(Switch()->EnquireStatus(1, theirs + 1, true));
    Settle();
    EXPECT_EQ(peers[1].received.back().type, Type::StatusEnquiry);
    EXPECT_EQ(Switch()->GetRunningTimerCount(), 1u);
    peers[1].Send(StatusOf(theirs, true, 10));
    Settle();
    EXPECT_EQ(Switch()->GetRunningTimerCount(), 0u);
    EXPECT_EQ(Switch()->GetCallCount(), 1u);

    // Unanswered: three STATUS ENQUIRY 4 s apart (N322), then cause 41.
    EXPECT_EQ(Switch()->EnquireStatus(0), 1u) << "one leg on port 0";
    Simulator::Stop(Seconds(11.9));
    Simulator::Run();
    EXPECT_EQ(peers[0].Count(Type::StatusEnquiry), 3u);
    EXPECT_EQ(peers[0].Count(Type::Release), 0u);
    Simulator::Stop(Seconds(0.2));
    Simulator::Run();
    for (uint32_t i : {0, 1})
    {
        EXPECT_EQ(peers[i].received.back().type, Type::Release) << "peer " << i;
        EXPECT_EQ(peers[i].received.back().Cause(), Q2931Cause::TEMPORARY_FAILURE);
    }
    peers[0].Send(Type::ReleaseComplete, 7, false);
    peers[1].Send(Type::ReleaseComplete, theirs, true);
    Settle();
}

TEST_F(SwitchProcedures, AFarEndCauseReachesTheCallerUnchangedThroughThreeSwitches)
{
    Build(3);
    // The called user refuses, with its location and a diagnostic.
    CauseIe refusal(CauseIe::LOCATION_USER, Q2931Cause::CALL_REJECTED);
    refusal.diagnostics = {0x81};
    uint32_t theirs = Offer(7);
    Q2931Header complete(Type::ReleaseComplete, theirs, true);
    complete.SetCause(refusal);
    peers[1].Send(complete);
    Settle();
    ASSERT_EQ(peers[0].received.back().type, Type::Release);
    ASSERT_NE(peers[0].received.back().message.GetCause(), nullptr);
    EXPECT_EQ(*peers[0].received.back().message.GetCause(), refusal);
    peers[0].Send(Type::ReleaseComplete, 7, false);
    Settle();
    ExpectNothingHeld();

    // A connected call the called user clears: its cause, unanswered for
    // T308, is sent again as it was.
    theirs = Connected(8);
    CauseIe clearing(CauseIe::LOCATION_PRIVATE_REMOTE, Q2931Cause::NORMAL_CLEARING);
    clearing.diagnostics = {0x01, 0x02};
    Q2931Header release(Type::Release, theirs, true);
    release.SetCause(clearing);
    peers[1].Send(release);
    Settle();
    ASSERT_EQ(peers[0].received.back().type, Type::Release);
    EXPECT_EQ(*peers[0].received.back().message.GetCause(), clearing);
    Simulator::Stop(Seconds(31));
    Simulator::Run();
    ASSERT_EQ(peers[0].Count(Type::Release), 3u) << "the first call's, this one's, T308's";
    EXPECT_EQ(*peers[0].received.back().message.GetCause(), clearing);
    peers[0].Send(Type::ReleaseComplete, 8, false);
    Settle();
}

// ---- the user side: a host facing a raw network peer -----------------------------------

/**
 * A host (CoNetDevice) whose UNI ends at a raw network peer: the peer
 * plays the switch, so a test can send the host any message it likes.
 */
class HostProcedures : public ::testing::Test
{
  protected:
    HostProcedures()
        : network(CoPortNetDevice::InterfaceSide::Network)
    {
        host = CreateObject<CoNetDevice>();
        host->SetQueue(CreateObject<DropTailQueue<Packet>>());
        host->SetAesa(AesaAddress::FromString("47.0005.80ffe1000000f21a1111.0020481a1111.00"));
        CreateObject<Node>()->AddDevice(host);
        Ptr<CoChannel> link = CreateObject<CoChannel>();
        host->Attach(link);
        network.device->Attach(link);
        client = std::make_unique<TestClient>(host);
        far = AesaAddress::FromString("47.0005.80ffe1000000f21a2222.0020481a2222.00");
    }

    void TearDown() override
    {
        EXPECT_EQ(host->GetCallReferenceCount(), 0u);
        EXPECT_EQ(host->GetVcCount(), 0u);
        host->EndOfRun();
        EXPECT_EQ(host->GetRuleChecker().GetViolationCount(), 0u);
        Simulator::Destroy();
    }

    /// The client calls; the host's SETUP \return its call reference
    uint32_t Call()
    {
        EXPECT_TRUE(client->Call(far, CallTo(far)).IsPending());
        Settle();
        EXPECT_EQ(network.received.back().type, Type::Setup);
        return network.received.back().reference;
    }

    /// The network offers a call on VCI 40 with \p reference.
    void Offer(uint32_t reference)
    {
        Q2931Header setup = SetupTo(host->GetAesa(), reference);
        setup.SetConnectionIdentifier(ConnectionIdentifierIe(0, 40));
        network.Send(setup);
        Settle();
    }

    /// The network answers the host's call \p reference: CALL PROCEEDING, then CONNECT.
    void Answer(uint32_t reference)
    {
        Q2931Header proceeding(Type::CallProceeding, reference, true);
        proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, 33));
        network.Send(proceeding);
        network.Send(Type::Connect, reference, true);
        Settle();
        EXPECT_EQ(network.received.back().type, Type::ConnectAcknowledge);
    }

    /// As SwitchProcedures::ExpectStatus101, toward the host.
    void ExpectStatus101(uint32_t reference,
                         bool flag,
                         const std::vector<Type>& types,
                         uint8_t state)
    {
        for (Type type : types)
        {
            std::size_t before = network.received.size();
            std::size_t events = client->events.size();
            network.Send(type, reference, flag);
            Settle();
            ASSERT_EQ(network.received.size(), before + 1) << type << " in U" << +state;
            const Received& r = network.received.back();
            EXPECT_EQ(r.type, Type::Status) << type << " in U" << +state;
            EXPECT_EQ(r.reference, reference);
            EXPECT_EQ(r.Cause(), Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE) << type;
            EXPECT_EQ(r.Diagnostic(), static_cast<uint8_t>(type)) << type;
            EXPECT_EQ(r.CallState(), state) << type;
            EXPECT_EQ(client->events.size(), events) << type << " reached the client";
        }
    }

    RawPeer network;
    Ptr<CoNetDevice> host;
    std::unique_ptr<TestClient> client;
    AesaAddress far;
};

TEST_F(HostProcedures, Q2931_5_6_4_EachStateAnswersAnUnexpectedMessageWithStatus101)
{
    // An outgoing call: U1, then U3, U4 and U10.
    uint32_t reference = Call();
    EXPECT_EQ(host->GetQ2931CallState(client->vc), Q2931CallState::CallInitiated);
    ExpectStatus101(reference, true, With({Type::ConnectAcknowledge}), 1);
    Q2931Header proceeding(Type::CallProceeding, reference, true);
    proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, 33));
    network.Send(proceeding);
    Settle();
    ExpectStatus101(reference, true, With({Type::CallProceeding, Type::ConnectAcknowledge}), 3);
    network.Send(Type::Alerting, reference, true);
    Settle();
    EXPECT_EQ(host->GetQ2931CallState(client->vc), Q2931CallState::CallDelivered);
    ExpectStatus101(reference,
                    true,
                    With({Type::CallProceeding, Type::Alerting, Type::ConnectAcknowledge}),
                    4);
    network.Send(Type::Connect, reference, true);
    Settle();
    EXPECT_EQ(host->GetQ2931CallState(client->vc), Q2931CallState::Active);
    // The party messages (Q.2971) are expected in U10 (see the switch's test).
    ExpectStatus101(reference,
                    true,
                    {Type::CallProceeding, Type::Alerting, Type::Connect, Type::ConnectAcknowledge},
                    10);
    // U11: the client closes.
    ASSERT_TRUE(host->CloseCall(client->vc).IsPending());
    Settle();
    ExpectStatus101(
        reference,
        true,
        With({Type::CallProceeding, Type::Alerting, Type::Connect, Type::ConnectAcknowledge}),
        11);
    network.Send(Type::ReleaseComplete, reference, true);
    Settle();
    EXPECT_EQ(client->Count("CloseCallComplete"), 1u);

    // An incoming call the client pends: U7 (ALERTING sent), then U8 once
    // it accepts.
    ASSERT_TRUE(client->RegisterOwnSap().IsSuccess());
    client->answer = TestClient::Answer::Pend;
    Offer(9);
    ASSERT_EQ(network.received.back().type, Type::Alerting);
    ExpectStatus101(
        9,
        false,
        With({Type::CallProceeding, Type::Alerting, Type::Connect, Type::ConnectAcknowledge}),
        7);
    host->IncomingCallComplete(CoStatus(), client->incomingVc, client->offered);
    Settle();
    ASSERT_EQ(network.received.back().type, Type::Connect);
    ExpectStatus101(9, false, With({Type::CallProceeding, Type::Alerting, Type::Connect}), 8);
    network.Send(Type::ConnectAcknowledge, 9, false);
    network.Send(Type::Release, 9, false);
    Settle();
    EXPECT_EQ(network.received.back().type, Type::ReleaseComplete);
}

TEST_F(HostProcedures, Q2931_5_6_7_1_ASetupWithoutAMandatoryIeIsRefusedWith96)
{
    ASSERT_TRUE(client->RegisterOwnSap().IsSuccess());
    uint32_t reference = 20;
    for (uint8_t missing : {AtmTrafficDescriptorIe::IDENTIFIER,
                            BroadbandBearerCapabilityIe::IDENTIFIER,
                            CalledPartyNumberIe::IDENTIFIER,
                            ConnectionIdentifierIe::IDENTIFIER})
    {
        Q2931Header setup = SetupTo(host->GetAesa(), ++reference);
        setup.SetConnectionIdentifier(ConnectionIdentifierIe(0, 40));
        ASSERT_TRUE(setup.RemoveInformationElement(missing));
        network.Send(setup);
        Settle();
        const Received& r = network.received.back();
        EXPECT_EQ(r.type, Type::ReleaseComplete) << "without IE 0x" << std::hex << +missing;
        EXPECT_EQ(r.reference, reference);
        EXPECT_EQ(r.Cause(), Q2931Cause::MANDATORY_IE_MISSING);
        EXPECT_EQ(r.Diagnostic(), missing);
    }
    EXPECT_EQ(client->Count("IncomingCall"), 0u);
}

TEST_F(HostProcedures, Q2931_5_6_11_AStatusEnquiryIsAnsweredAndT322ClearsWith41WhenUnanswered)
{
    uint32_t reference = Call();
    Answer(reference);
    network.Send(Type::StatusEnquiry, reference, true);
    Settle();
    const Received& status = network.received.back();
    EXPECT_EQ(status.type, Type::Status);
    EXPECT_EQ(status.Cause(), Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY);
    EXPECT_EQ(status.CallState(), 10);
    EXPECT_EQ(status.message.GetCause()->location, CauseIe::LOCATION_USER);

    // The host asks; an answer stops T322...
    ASSERT_TRUE(host->EnquireStatus(client->vc));
    Settle();
    EXPECT_EQ(network.received.back().type, Type::StatusEnquiry);
    network.Send(StatusOf(reference, true, 10));
    Settle();
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    EXPECT_EQ(network.Count(Type::StatusEnquiry), 1u);
    EXPECT_EQ(host->GetCallState(client->vc), CoNetDevice::CallState::Connected);
    // ...and without one, three enquiries, then the call is cleared (41).
    EXPECT_EQ(host->EnquireStatus(), 1u);
    Simulator::Stop(Seconds(12.1));
    Simulator::Run();
    EXPECT_EQ(network.Count(Type::StatusEnquiry), 4u);
    EXPECT_EQ(network.received.back().type, Type::Release);
    EXPECT_EQ(network.received.back().Cause(), Q2931Cause::TEMPORARY_FAILURE);
    EXPECT_EQ(client->First("IncomingCloseCall").status.GetCause(), Q2931Cause::TEMPORARY_FAILURE);
    network.Send(Type::ReleaseComplete, reference, true);
    Settle();
}

TEST_F(HostProcedures, Q2931_5_6_12_AnIncompatibleStatusClearsTheCallAndMakeCallFails)
{
    uint32_t reference = Call();
    // The network says the call is one it offered (6): ours is outgoing.
    network.Send(StatusOf(reference, true, 6));
    Settle();
    EXPECT_EQ(network.received.back().type, Type::Release);
    EXPECT_EQ(network.received.back().Cause(), Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    EXPECT_EQ(client->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    network.Send(Type::ReleaseComplete, reference, true);
    Settle();
}

TEST_F(HostProcedures, Q2931_5_6_12_AStatusReportingTheNullStateReleasesLocally)
{
    uint32_t reference = Call();
    Answer(reference);
    std::size_t before = network.received.size();
    network.Send(StatusOf(reference, true, 0));
    Settle();
    EXPECT_EQ(network.received.size(), before) << "nothing to a network that has no call";
    EXPECT_EQ(client->Count("IncomingCloseCall"), 1u);
}

TEST_F(HostProcedures, Q2931_5_4_5_AReleaseCollisionSendsNothingMore)
{
    uint32_t reference = Call();
    Answer(reference);
    ASSERT_TRUE(host->CloseCall(client->vc).IsPending());
    Settle();
    ASSERT_EQ(network.received.back().type, Type::Release);
    std::size_t before = network.received.size();
    network.Send(Type::Release, reference, true);
    Settle();
    EXPECT_EQ(network.received.size(), before) << "the collision was answered";
    EXPECT_EQ(client->Count("CloseCallComplete"), 1u);
}

TEST_F(HostProcedures, Q2931_5_6_3_2_UnknownCallReferences)
{
    // RELEASE for no call: RELEASE COMPLETE, 81; RELEASE COMPLETE: nothing.
    network.Send(Type::Release, 55, true);
    Settle();
    ASSERT_EQ(network.received.size(), 1u);
    EXPECT_EQ(network.received.back().type, Type::ReleaseComplete);
    EXPECT_EQ(network.received.back().Cause(), Q2931Cause::INVALID_CALL_REFERENCE);
    network.Send(Type::ReleaseComplete, 55, true);
    Settle();
    EXPECT_EQ(network.received.size(), 1u);
    // STATUS ENQUIRY: STATUS, the null state.
    network.Send(Type::StatusEnquiry, 55, true);
    Settle();
    EXPECT_EQ(network.received.back().type, Type::Status);
    EXPECT_EQ(network.received.back().CallState(), 0);
}

// ---- what a student sees ---------------------------------------------------------------

TEST(ProceduresPcapTest, WiresharkDecodesStatusEnquiryAndStatus)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the captures with Wireshark";
    }
    const std::string prefix = ::testing::TempDir() + "condis-status";
    {
        OneSwitchNetwork net;
        net.Build();
        net.helper.EnablePcapAll(prefix);
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        net.ca->Call(net.b->GetAesa(), CallTo(net.b->GetAesa()));
        CoSchedule(Seconds(1), [&]() {
            EXPECT_TRUE(net.a->EnquireStatus(net.ca->vc));
            EXPECT_EQ(net.sw->EnquireStatus(1), 1u);
        });
        CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
        Simulator::Run();
        EXPECT_EQ(net.Violations(), 0u);
        net.ExpectEverythingReleased();
        Simulator::Destroy();
    }
    const std::string hostA = prefix + "-0-0.pcap";
    const std::string switchToB = prefix + "-2-1.pcap";
    for (const std::string& file : {hostA, switchToB})
    {
        EXPECT_EQ(TsharkProblems(file), std::vector<std::string>()) << file;
    }
    // a asks, the switch answers: N10 (0x0a), cause 30 (0x1e).
    EXPECT_EQ(Tshark(hostA,
                     "-Y 'q2931.message_type == 0x75 || q2931.message_type == 0x7d' -T fields "
                     "-e q2931.message_type -e q2931.call_state -e q2931.cause.value"),
              "0x75\t\t\n0x7d\t0x0a\t0x1e\n");
    // The switch asks b, b answers: U10.
    EXPECT_EQ(Tshark(switchToB,
                     "-Y 'q2931.message_type == 0x75 || q2931.message_type == 0x7d' -T fields "
                     "-e q2931.message_type -e q2931.call_state -e q2931.cause.value"),
              "0x75\t\t\n0x7d\t0x0a\t0x1e\n");
}

} // namespace
