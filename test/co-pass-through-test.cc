/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What a switch passes on without acting on it: the IEs of a SETUP that
 * carry information from one end of a call to the other (AAL parameters,
 * B-LLI, B-HLI, subaddresses) and the IEs unknown to it that ask to be
 * passed along, unchanged to the byte; and what it does with the unknown
 * IEs that ask for something else (Q.2931 5.6.8.1, 5.7.2). Raw Q.2931 peers
 * play the two ends, or the called host's client reads what arrived. Each
 * test names the clause it follows, and ends with nothing held: no call, no
 * IE kept to pass on.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/boolean.h"
#include "ns3/q2931-call-procedures.h"
#include "ns3/q2931-call-state-ie.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Type = Q2931MessageType;

/// B-HLI (0x5d), ITU-T coded, regular handling: user-specific information.
const Q2931RawIe B_HLI{0x5d, 0x80, {0x81, 'c', 'o', 'n', 'd', 'i', 's'}};
/// Calling party subaddress (0x6d): an NSAP subaddress of three octets.
const Q2931RawIe CALLING_SUBADDRESS{0x6d, 0x80, {0x80, 0x50, 0x12, 0x34}};
/// An IE unknown to the model, flag set, pass along request set (0x98).
const Q2931RawIe PASS_ALONG{0x2f, 0x98, {0xde, 0xad, 0xbe, 0xef}};
/// An IE unknown to the model, flag set, "discard IE and proceed" (0x91).
const Q2931RawIe DISCARD{0x2e, 0x91, {0x01}};
/// An IE unknown to the model, regular error handling (flag clear: 0x80).
const Q2931RawIe REGULAR{0x2d, 0x80, {0x02}};

/// \return an unknown IE whose instruction field asks for \p action (flag set)
Q2931RawIe
Asking(uint8_t action)
{
    return Q2931RawIe{0x2c, static_cast<uint8_t>(0x90 | action), {0x03}};
}

/// \return the wire bytes of IE \p identifier in \p message, its header included; empty if absent
std::vector<uint8_t>
IeBytes(const Q2931Header& message, uint8_t identifier)
{
    std::vector<uint8_t> bytes = Bytes(message);
    std::size_t i = Q2931Header::FIXED_SIZE;
    while (i + Q2931Header::IE_HEADER_SIZE <= bytes.size())
    {
        std::size_t end = i + Q2931Header::IE_HEADER_SIZE + (bytes[i + 2] << 8 | bytes[i + 3]);
        if (bytes[i] == identifier)
        {
            return std::vector<uint8_t>(bytes.begin() + i, bytes.begin() + end);
        }
        i = end;
    }
    return {};
}

/// Expects IE \p identifier in \p got, byte for byte as in \p sent.
void
ExpectSameIe(const Q2931Header& got, const Q2931Header& sent, uint8_t identifier)
{
    std::vector<uint8_t> expected = IeBytes(sent, identifier);
    ASSERT_FALSE(expected.empty()) << "the test sent no IE 0x" << std::hex << +identifier;
    EXPECT_EQ(IeBytes(got, identifier), expected) << "IE 0x" << std::hex << +identifier;
}

/// AAL parameters that say more than a contract's (the mode; SDU 9188 forward, 1500 backward).
AalParametersIe
MessageModeAal()
{
    AalParametersIe aal(9188, 1500);
    aal.mode = AalParametersIe::MODE_MESSAGE;
    aal.sscsType = AalParametersIe::SSCS_NULL;
    return aal;
}

/// \return a SETUP to \p called with every end-to-end IE and the three unknown IEs above
Q2931Header
SetupWithEndToEndIes(const AesaAddress& called, uint32_t reference)
{
    Q2931Header setup(Type::Setup, reference, false);
    CoCallParameters p = PeerCall();
    p.calledParty = called;
    setup.SetCallParameters(p);
    setup.SetAalParameters(MessageModeAal());
    setup.SetBroadbandLowLayerInformation(
        BroadbandLowLayerInformationIe(BroadbandLowLayerInformationIe::LAYER2_LLC));
    for (const Q2931RawIe& ie : {B_HLI, CALLING_SUBADDRESS, PASS_ALONG, DISCARD, REGULAR})
    {
        setup.AddOtherIe(ie);
    }
    return setup;
}

/// The IEs a switch passes on unchanged in SetupWithEndToEndIes().
const std::vector<uint8_t> PASSED_ON{AalParametersIe::IDENTIFIER,
                                     BroadbandLowLayerInformationIe::IDENTIFIER,
                                     B_HLI.identifier,
                                     CALLING_SUBADDRESS.identifier,
                                     PASS_ALONG.identifier};

/// Expects \p got to carry what a switch passes on of \p sent, and nothing it drops.
void
ExpectPassedOn(const Q2931Header& got, const Q2931Header& sent)
{
    for (uint8_t identifier : PASSED_ON)
    {
        ExpectSameIe(got, sent, identifier);
    }
    EXPECT_TRUE(IeBytes(got, DISCARD.identifier).empty()) << "discard IE and proceed";
    EXPECT_TRUE(IeBytes(got, REGULAR.identifier).empty()) << "regular error handling";
}

/// Expects \p m to be STATUS with cause 99 naming Asking()'s IE, in \p state.
void
ExpectStatus99(const RawMessage& m, Q2931CallState state)
{
    EXPECT_EQ(m.type, Type::Status);
    ASSERT_NE(m.message.GetCause(), nullptr);
    EXPECT_EQ(m.message.GetCause()->cause, Q2931Cause::IE_NON_EXISTENT);
    EXPECT_EQ(m.message.GetCause()->diagnostics, std::vector<uint8_t>{0x2c});
    CallStateIe callState;
    ASSERT_TRUE(m.message.GetOtherIe(callState));
    EXPECT_EQ(callState.state, static_cast<uint8_t>(state));
}

/// Runs the simulation for a while (links of CoChannel's default delay).
void
Settle()
{
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
}

/// \return a RELEASE (or RELEASE COMPLETE) with cause \p cause
Q2931Header
Clearing(Type type, uint32_t reference, bool flag, uint8_t cause)
{
    Q2931Header m(type, reference, flag);
    m.SetCause(CauseIe(CauseIe::LOCATION_USER, cause));
    return m;
}

/**
 * The caller, a raw peer, on port 0 of switch 1; switch 1's port 1 leads to
 * switch 2's port 0; the called side, a raw peer, on switch 2's port 1.
 */
class PassThroughChain : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        called = AesaAddress::FromString("47.0005.80ffe1000000f21a2222.0020481a2222.00");
        caller = std::make_unique<RawPeer>(MakeRawDevice(CreateObject<Node>()));
        callee = std::make_unique<RawPeer>(MakeRawDevice(CreateObject<Node>()));
        Ptr<CoPortNetDevice> previous = caller->device;
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<Node> node = CreateObject<Node>();
            Ptr<CoSwitch> sw = CreateObject<CoSwitch>();
            node->AggregateObject(sw);
            for (uint32_t p = 0; p < 2; ++p)
            {
                sw->AddPort(MakeRawDevice(node));
            }
            Link(previous, sw->GetPort(0));
            previous = sw->GetPort(1);
            sw->AddRoute(called, 104, 1);
            switches.push_back(sw);
        }
        Link(previous, callee->device);
    }

    void TearDown() override
    {
        for (uint32_t i = 0; i < switches.size(); ++i)
        {
            ExpectSwitchHoldsNothing(switches[i], "switch " + std::to_string(i + 1));
        }
        Simulator::Destroy();
    }

    static void Link(Ptr<CoPortNetDevice> a, Ptr<CoPortNetDevice> b)
    {
        Ptr<CoChannel> link = CreateObject<CoChannel>();
        a->Attach(link);
        b->Attach(link);
    }

    /// The caller releases call \p reference, the called side completes \p theirs.
    void Release(uint32_t reference, uint32_t theirs)
    {
        caller->Send(Clearing(Type::Release, reference, false, Q2931Cause::NORMAL_CLEARING));
        Settle();
        ASSERT_EQ(callee->Count(Type::Release), 1u);
        callee->Send(Q2931Header(Type::ReleaseComplete, theirs, true));
        Settle();
        EXPECT_EQ(caller->Count(Type::ReleaseComplete), 1u);
    }

    /// The caller sends SETUP \p reference with the end-to-end IEs and an
    /// unknown IE asking for \p action. \return the SETUP
    Q2931Header Call(uint32_t reference, uint8_t action)
    {
        Q2931Header setup = SetupWithEndToEndIes(called, reference);
        setup.AddOtherIe(Asking(action));
        caller->Send(setup);
        Settle();
        return setup;
    }

    AesaAddress called;
    std::unique_ptr<RawPeer> caller;
    std::unique_ptr<RawPeer> callee;
    std::vector<Ptr<CoSwitch>> switches;
};

// Q.2931 clause 3 (the SETUP's IEs), 5.6.8.1 (an unrecognised IE under
// regular error handling is left out) and 5.7.2 (explicit instructions:
// "discard IE and proceed"; the pass along request of UNI 4.0 / PNNI 1.0):
// what the switches do not act on crosses two of them byte for byte, kept
// while the call is set up and forgotten at CONNECT; and the called side's
// AAL parameters and B-LLI come back to the caller in CONNECT the same way.
TEST_F(PassThroughChain, Q2931_5_7_2_EndToEndIesCrossTwoSwitchesUnchanged)
{
    Q2931Header setup = SetupWithEndToEndIes(called, 7);
    caller->Send(setup);
    Settle();
    ASSERT_EQ(callee->Count(Type::Setup), 1u);
    RawMessage offered = callee->All(Type::Setup)[0];
    ExpectPassedOn(offered.message, setup);
    for (Ptr<CoSwitch> sw : switches)
    {
        EXPECT_EQ(sw->GetPassThroughCount(), 1u) << "kept while the call is set up";
    }

    Q2931Header connect(Type::Connect, offered.reference, true);
    AalParametersIe answered(1500, 1500);
    answered.mode = AalParametersIe::MODE_STREAMING;
    connect.SetAalParameters(answered);
    connect.SetBroadbandLowLayerInformation(BroadbandLowLayerInformationIe(0x0b));
    connect.AddOtherIe(PASS_ALONG);
    connect.AddOtherIe(DISCARD);
    callee->Send(connect);
    Settle();
    ASSERT_EQ(caller->Count(Type::Connect), 1u);
    Q2931Header connected = caller->All(Type::Connect)[0].message;
    ExpectSameIe(connected, connect, AalParametersIe::IDENTIFIER);
    ExpectSameIe(connected, connect, BroadbandLowLayerInformationIe::IDENTIFIER);
    ExpectSameIe(connected, connect, PASS_ALONG.identifier);
    EXPECT_TRUE(IeBytes(connected, DISCARD.identifier).empty());
    for (Ptr<CoSwitch> sw : switches)
    {
        EXPECT_EQ(sw->GetPassThroughCount(), 0u) << "forgotten once connected";
    }
    Release(7, offered.reference);
}

// A SETUP as a host makes it (AAL parameters with the SDU sizes and the null
// SSCS, nothing else end to end) costs the switches nothing kept, and loses
// nothing: the AAL parameters go on as they came.
TEST_F(PassThroughChain, APlainSetupKeepsNothingAndLosesNothing)
{
    Q2931Header setup(Type::Setup, 9, false);
    CoCallParameters p = PeerCall();
    p.calledParty = called;
    setup.SetCallParameters(p);
    caller->Send(setup);
    Settle();
    ASSERT_EQ(callee->Count(Type::Setup), 1u);
    ExpectSameIe(callee->All(Type::Setup)[0].message, setup, AalParametersIe::IDENTIFIER);
    for (Ptr<CoSwitch> sw : switches)
    {
        EXPECT_EQ(sw->GetSetupCount(), 1u);
        EXPECT_EQ(sw->GetPassThroughCount(), 0u);
    }
    // Q.2931 clause 3: the AAL parameters IE is optional in SETUP; without one, none is made up.
    Q2931Header bare(Type::Setup, 10, false);
    bare.SetCallParameters(p);
    bare.RemoveInformationElement(AalParametersIe::IDENTIFIER);
    caller->Send(bare);
    Settle();
    ASSERT_EQ(callee->Count(Type::Setup), 2u);
    EXPECT_EQ(callee->All(Type::Setup)[1].message.GetAalParameters(), nullptr);
    // Q.2931 5.3 (clearing before the call is answered): refused by the
    // called side, each call is forgotten on the way back.
    for (const RawMessage& m : callee->All(Type::Setup))
    {
        callee->Send(Clearing(Type::ReleaseComplete, m.reference, true, Q2931Cause::CALL_REJECTED));
    }
    Settle();
    EXPECT_EQ(caller->Count(Type::Release), 2u);
    caller->Send(Q2931Header(Type::ReleaseComplete, 9, false));
    caller->Send(Q2931Header(Type::ReleaseComplete, 10, false));
    Settle();
}

// Q.2931 5.7.2, action indicator "clear call": the switch refuses the SETUP
// with cause 99 naming the IE, and nothing goes on.
TEST_F(PassThroughChain, Q2931_5_7_2_AnIeAskingToClearTheCallRefusesTheSetupWith99)
{
    Call(7, Q2931CallProcedures::IE_ACTION_CLEAR);
    ASSERT_EQ(caller->Count(Type::ReleaseComplete), 1u);
    Q2931Header refusal = caller->All(Type::ReleaseComplete)[0].message;
    ASSERT_NE(refusal.GetCause(), nullptr);
    EXPECT_EQ(refusal.GetCause()->cause, Q2931Cause::IE_NON_EXISTENT);
    EXPECT_EQ(refusal.GetCause()->diagnostics, std::vector<uint8_t>{0x2c});
    EXPECT_EQ(callee->received.size(), 0u);
}

// Q.2931 5.7.2, "discard information element, proceed, and report status":
// the call goes on without the IE, and the caller is told with STATUS,
// cause 99 naming the IE, in the state the SETUP left the call in (N3).
TEST_F(PassThroughChain, Q2931_5_7_2_AnIeAskingForAReportIsLeftOutAndReportedWithStatus99)
{
    Q2931Header setup = Call(7, Q2931CallProcedures::IE_ACTION_REPORT);
    ASSERT_EQ(caller->received.size(), 2u);
    EXPECT_EQ(caller->received[0].type, Type::CallProceeding);
    ExpectStatus99(caller->received[1], Q2931CallState::OutgoingCallProceeding);
    ASSERT_EQ(callee->Count(Type::Setup), 1u);
    RawMessage offered = callee->All(Type::Setup)[0];
    ExpectPassedOn(offered.message, setup);
    EXPECT_TRUE(IeBytes(offered.message, 0x2c).empty());
    callee->Send(Q2931Header(Type::Connect, offered.reference, true));
    Settle();
    Release(7, offered.reference);
}

// Q.2931 5.7.2, "discard message, and ignore" and "discard message, and
// report status": the SETUP is dropped, unanswered or answered by STATUS
// with cause 99 in the null state; no call is made of it.
TEST_F(PassThroughChain, Q2931_5_7_2_AnIeAskingToDiscardTheMessageDiscardsTheSetup)
{
    Call(7, Q2931CallProcedures::IE_ACTION_IGNORE_MESSAGE);
    EXPECT_EQ(caller->received.size(), 0u);

    Call(8, Q2931CallProcedures::IE_ACTION_REPORT_MESSAGE);
    ASSERT_EQ(caller->received.size(), 1u);
    EXPECT_EQ(caller->received[0].reference, 8u);
    ExpectStatus99(caller->received[0], Q2931CallState::Null);
    EXPECT_EQ(callee->received.size(), 0u);
}

// The SETUP a switch sends again carries what the first one did: after
// T303's first expiry (Q.2931 5.2.1: SETUP again), and after crankback to
// the next route (the routes refuse with cause 37, user cell rate not
// available). Once every route has refused, the call is released toward the
// caller and nothing is left of it.
TEST(PassThroughCrankbackTest, TheSetupSentAgainCarriesTheEndToEndIes)
{
    std::array<Ptr<CoPortNetDevice>, 3> devices;
    Ptr<CoSwitch> sw = MakeSwitchWithRawPeers(devices);
    sw->SetAttribute("Crankback", BooleanValue(true));
    AesaAddress called = AesaAddress::FromString("47.0005.80ffe1000000f21a2222.0020481a2222.00");
    sw->AddRoute(called, 104, 1, 1);
    sw->AddRoute(called, 104, 2, 2);
    RawPeer caller(devices[0]);
    RawPeer first(devices[1]);
    RawPeer second(devices[2]);

    Q2931Header setup = SetupWithEndToEndIes(called, 7);
    caller.Send(setup);
    Simulator::Stop(Seconds(5)); // T303 is 4 s: one expiry
    Simulator::Run();
    ASSERT_EQ(first.Count(Type::Setup), 2u);
    for (const RawMessage& m : first.All(Type::Setup))
    {
        ExpectPassedOn(m.message, setup);
    }
    uint32_t theirs = first.All(Type::Setup)[0].reference;
    first.Send(
        Clearing(Type::ReleaseComplete, theirs, true, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    Settle();
    ASSERT_EQ(second.Count(Type::Setup), 1u);
    RawMessage again = second.All(Type::Setup)[0];
    ExpectPassedOn(again.message, setup);
    EXPECT_EQ(sw->GetPassThroughCount(), 1u);

    second.Send(Clearing(Type::ReleaseComplete,
                         again.reference,
                         true,
                         Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    Settle();
    ASSERT_EQ(caller.Count(Type::Release), 1u);
    EXPECT_EQ(caller.All(Type::Release)[0].cause, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE);
    caller.Send(Q2931Header(Type::ReleaseComplete, 7, false));
    Settle();
    ExpectSwitchHoldsNothing(sw, "switch");
    Simulator::Destroy();
}

// The called host's client reads what the network passed on, from its
// IncomingCall handler until it answers; CoCallParameters stays as it was.
// (Q.2931 5.2.2: the called user examines the SETUP's compatibility
// information, B-LLI and B-HLI among it, to decide on the call.)
TEST(PassThroughHostTest, TheCalledClientReadsTheEndToEndIesUntilItAnswers)
{
    CoHelper helper;
    Ptr<Node> switchNode = CreateObject<Node>();
    Ptr<CoSwitch> sw = helper.InstallSwitch(switchNode);
    Ptr<CoNetDevice> b = helper.InstallHost(CreateObject<Node>(), switchNode);
    Ptr<CoPortNetDevice> port = MakeRawDevice(switchNode);
    sw->AddPort(port);
    RawPeer caller(MakeRawDevice(CreateObject<Node>()));
    Ptr<CoChannel> link = CreateObject<CoChannel>();
    port->Attach(link);
    caller.device->Attach(link);
    TestClient cb(b);
    ASSERT_TRUE(cb.RegisterOwnSap().IsSuccess());
    cb.answer = TestClient::Answer::Pend;
    Settle();

    Q2931Header setup = SetupWithEndToEndIes(b->GetAesa(), 7);
    caller.Send(setup);
    Settle();
    ASSERT_EQ(cb.Count("IncomingCall"), 1u);
    const Q2931Header* information = b->GetIncomingCallInformation(cb.incomingVc);
    ASSERT_NE(information, nullptr);
    ExpectPassedOn(*information, setup);
    EXPECT_EQ(information->GetAalParameters()->mode, AalParametersIe::MODE_MESSAGE);
    EXPECT_EQ(cb.offered.backward.maxSduSize, 1500u);

    EXPECT_TRUE(cb.AnswerIfOffered(CoStatus()));
    EXPECT_EQ(b->GetIncomingCallInformation(cb.incomingVc), nullptr) << "answered";
    Settle();
    ASSERT_EQ(caller.Count(Type::Connect), 1u);
    caller.Send(Clearing(Type::Release, 7, false, Q2931Cause::NORMAL_CLEARING));
    Settle();
    EXPECT_EQ(caller.Count(Type::ReleaseComplete), 1u);
    ExpectSwitchHoldsNothing(sw, "switch");
    ExpectHostHoldsNothing(b, "b");
    b->EndOfRun();
    EXPECT_EQ(b->GetRuleChecker().GetViolationCount(), 0u);
    Simulator::Destroy();
}

// Between two hosts, a call carries nothing beyond its CoCallParameters:
// no switch keeps anything for it and the called client has nothing more
// to read.
TEST(PassThroughHostTest, ACallBetweenHostsKeepsNothing)
{
    OneSwitchNetwork net;
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    Settle();
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), PeerCall()).IsPending());
    Settle();
    ASSERT_EQ(net.cb->Count("IncomingCall"), 1u);
    EXPECT_EQ(net.b->GetIncomingCallInformation(net.cb->incomingVc), nullptr);
    EXPECT_EQ(net.sw->GetSetupCount(), 1u);
    EXPECT_EQ(net.sw->GetPassThroughCount(), 0u);
    EXPECT_TRUE(net.cb->AnswerIfOffered(CoStatus()));
    Settle();
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
    Settle(); // the client deletes its VC once the close completes
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
    Simulator::Destroy();
}

} // namespace
