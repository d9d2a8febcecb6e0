/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The messages and information elements of ATM Forum UNI 4.0's
 * leaf-initiated join: LEAF SETUP REQUEST (0x91) and LEAF SETUP FAILURE
 * (0x90); the LIJ call identifier (0xE8), LIJ parameters (0xE9) and leaf
 * sequence number (0xEA) IEs, coded by the ATM Forum. Byte for byte, bad
 * bytes refused, how the procedures judge the messages, and a capture
 * tshark decodes without complaint.
 */

#include "co-tshark.h"

#include "ns3/atm-frame-header.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/q2931-call-procedures.h"
#include "ns3/q2931-header.h"
#include "ns3/sscop-sd-pdu.h"
#include "ns3/uni40-leaf-sequence-number-ie.h"
#include "ns3/uni40-lij-call-identifier-ie.h"
#include "ns3/uni40-lij-parameters-ie.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using M = Q2931MessageType;
using Bytes = std::vector<uint8_t>;

const AesaAddress ROOT =
    AesaAddress::FromString("39.0840.0f00.0000.0000.0001.0203.00a0.c912.3456.00");
const AesaAddress LEAF =
    AesaAddress::FromString("39.0840.0f00.0000.0000.0002.0203.00a0.c912.3457.00");

/// \return the bytes of a message
Bytes
Encode(const Q2931Header& m)
{
    Buffer b;
    b.AddAtStart(m.GetSerializedSize());
    m.Serialize(b.Begin());
    Bytes bytes(b.GetSize());
    b.CopyData(bytes.data(), bytes.size());
    return bytes;
}

/// \return the message the bytes decode to (the test fails if they do not)
Q2931Header
Decode(const Bytes& bytes)
{
    Buffer b;
    b.AddAtStart(bytes.size());
    b.Begin().Write(bytes.data(), bytes.size());
    Q2931Header m;
    EXPECT_EQ(m.Deserialize(b.Begin()), bytes.size());
    return m;
}

/// \return true when \p needle occurs in \p haystack
bool
Contains(const Bytes& haystack, const Bytes& needle)
{
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

/// \return a leaf's request to join call \p identifier of ROOT, as sequence number \p sequence
Q2931Header
LeafSetupRequest(uint32_t identifier, uint32_t sequence)
{
    Q2931Header m(M::LeafSetupRequest, 12, false);
    m.SetCallingPartyNumber(CallingPartyNumberIe(LEAF));
    m.SetCalledPartyNumber(CalledPartyNumberIe(ROOT));
    m.SetOtherIe(LijCallIdentifierIe(identifier));
    m.SetOtherIe(LeafSequenceNumberIe(sequence));
    return m;
}

/// \return the refusal of request \p sequence with \p cause
Q2931Header
LeafSetupFailure(uint32_t sequence, uint8_t cause)
{
    Q2931Header m(M::LeafSetupFailure, 12, true);
    m.SetCause(CauseIe(CauseIe::LOCATION_USER, cause));
    m.SetOtherIe(LeafSequenceNumberIe(sequence));
    return m;
}

/// \return IE contents decoded into \p ie from \p bytes (false when refused)
template <class T>
bool
DecodeContents(T& ie, const Bytes& bytes)
{
    Buffer b;
    b.AddAtStart(bytes.size());
    b.Begin().Write(bytes.data(), bytes.size());
    Buffer::Iterator i = b.Begin();
    return ie.DeserializeContents(i, static_cast<uint16_t>(bytes.size()));
}

TEST(LeafJoinIeTest, Uni40_TheThreeIesGoOnTheWireWithTheAtmForumCodingAndBack)
{
    Q2931Header setup(M::Setup, 3, false);
    setup.SetOtherIe(LijCallIdentifierIe(0x01020304));
    setup.SetOtherIe(LijParametersIe());
    setup.SetOtherIe(LeafSequenceNumberIe(0xa0b0c0d0));
    Bytes bytes = Encode(setup);
    // identifier, compatibility 0xE0 (ext, ATM Forum coding), length, contents
    EXPECT_TRUE(Contains(bytes, {0xe8, 0xe0, 0x00, 0x05, 0x80, 0x01, 0x02, 0x03, 0x04}));
    EXPECT_TRUE(Contains(bytes, {0xe9, 0xe0, 0x00, 0x01, 0x80}));
    EXPECT_TRUE(Contains(bytes, {0xea, 0xe0, 0x00, 0x04, 0xa0, 0xb0, 0xc0, 0xd0}));
    EXPECT_EQ(bytes.size(), 9u + 9 + 5 + 8);

    Q2931Header received = Decode(bytes);
    LijCallIdentifierIe id;
    LijParametersIe parameters;
    LeafSequenceNumberIe sequence;
    ASSERT_TRUE(received.GetOtherIe(id));
    ASSERT_TRUE(received.GetOtherIe(parameters));
    ASSERT_TRUE(received.GetOtherIe(sequence));
    EXPECT_EQ(id, LijCallIdentifierIe(0x01020304));
    EXPECT_EQ(parameters.screening, LijParametersIe::NETWORK_JOIN_WITHOUT_ROOT_NOTIFICATION);
    EXPECT_EQ(sequence.value, 0xa0b0c0d0u);
    EXPECT_EQ(Encode(received), bytes) << "re-encodes to the same bytes";

    std::ostringstream os;
    received.Print(os);
    EXPECT_NE(os.str().find("lij-call-id=16909060 lij-params=network-join leaf-seq=2695938256"),
              std::string::npos)
        << os.str();
}

TEST(LeafJoinIeTest, Uni40_BadContentsAreRefusedNamingWhatIsWrong)
{
    LijCallIdentifierIe id;
    EXPECT_TRUE(DecodeContents(id, {0x80, 0, 0, 0, 9}));
    EXPECT_EQ(id.value, 9u);
    EXPECT_TRUE(DecodeContents(id, {0xf0, 0, 0, 0, 9})) << "spare bits are not checked";
    EXPECT_FALSE(DecodeContents(id, {0x81, 0, 0, 0, 9})) << "type 1 is not defined";
    EXPECT_FALSE(DecodeContents(id, {0x00, 0, 0, 0, 9})) << "extension bit clear";
    EXPECT_FALSE(DecodeContents(id, {0x80, 0, 0, 9})) << "four octets";
    EXPECT_FALSE(DecodeContents(id, {0x80, 0, 0, 0, 0, 9})) << "six octets";

    LijParametersIe parameters;
    EXPECT_TRUE(DecodeContents(parameters, {0x80}));
    EXPECT_FALSE(DecodeContents(parameters, {0x81})) << "screening indication 1 is not defined";
    EXPECT_FALSE(DecodeContents(parameters, {0x00})) << "extension bit clear";
    EXPECT_FALSE(DecodeContents(parameters, {0x80, 0x80})) << "two octets";

    LeafSequenceNumberIe sequence;
    EXPECT_TRUE(DecodeContents(sequence, {0, 0, 1, 0}));
    EXPECT_EQ(sequence.value, 256u);
    EXPECT_FALSE(DecodeContents(sequence, {0, 1, 0})) << "three octets";
    EXPECT_FALSE(DecodeContents(sequence, {})) << "empty";

    // In a message: the IE is kept as it came, and does not decode.
    Q2931Header m = LeafSetupRequest(5, 6);
    Bytes bytes = Encode(m);
    Bytes good{0xe8, 0xe0, 0x00, 0x05, 0x80};
    auto at = std::search(bytes.begin(), bytes.end(), good.begin(), good.end());
    ASSERT_NE(at, bytes.end());
    at[4] = 0x83; // identifier type 3
    Q2931Header bad = Decode(bytes);
    EXPECT_FALSE(bad.GetOtherIe(id));
    Q2931CallProcedures::Verdict v = Q2931CallProcedures::JudgeLeafSetupRequest(bad);
    EXPECT_EQ(v.answer, Q2931CallProcedures::Answer::ReleaseComplete);
    EXPECT_EQ(v.cause, Q2931Cause::INVALID_IE_CONTENTS);
    EXPECT_EQ(v.diagnostic, LijCallIdentifierIe::IDENTIFIER);
}

TEST(LeafJoinIeTest, Uni40_AnIeOfTheSameIdentifierCodedByItuTIsNotTheAtmForumOne)
{
    Q2931Header m(M::Setup, 3, false);
    Q2931RawIe itu;
    itu.identifier = LijCallIdentifierIe::IDENTIFIER;
    itu.compatibility = 0x80; // ITU-T coding: another IE of Q.2931's, unknown to the model
    itu.contents = {0x80, 0, 0, 0, 1};
    m.AddOtherIe(itu);
    Q2931Header received = Decode(Encode(m));
    LijCallIdentifierIe id;
    EXPECT_FALSE(received.GetOtherIe(id));
    EXPECT_FALSE(Q2931CallProcedures::IsLeafInitiatedJoinIe(received.GetOtherIes().front()));
    // and it is judged as the unrecognised IE it is (discarded, regular handling)
    Q2931CallProcedures::IeVerdict v = Q2931CallProcedures::JudgeUnrecognisedIes(received, true);
    EXPECT_EQ(v.identifier, LijCallIdentifierIe::IDENTIFIER);
}

TEST(LeafJoinIeTest, Uni40_TheLeafSetupMessagesAreJudgedByTheirMandatoryIes)
{
    using P = Q2931CallProcedures;
    EXPECT_STREQ(GetQ2931MessageTypeName(M::LeafSetupRequest), "LEAF SETUP REQUEST");
    EXPECT_STREQ(GetQ2931MessageTypeName(M::LeafSetupFailure), "LEAF SETUP FAILURE");
    EXPECT_TRUE(P::IsRecognised(M::LeafSetupRequest));
    EXPECT_TRUE(P::IsRecognised(M::LeafSetupFailure));

    Q2931Header request = Decode(Encode(LeafSetupRequest(5, 6)));
    EXPECT_EQ(P::JudgeLeafSetupRequest(request).answer, P::Answer::Handle);
    // A request has a call reference of its own, which no call has: it
    // starts a request (flag clear), and its refusal ends one (flag set).
    EXPECT_EQ(P::JudgeUnknownCallReference(request).answer, P::Answer::Handle);
    Q2931Header failure = Decode(Encode(LeafSetupFailure(6, Q2931Cause::CALL_REJECTED)));
    EXPECT_EQ(P::JudgeUnknownCallReference(failure).answer, P::Answer::Handle);
    failure.SetCallReferenceFlag(false);
    EXPECT_EQ(P::JudgeUnknownCallReference(failure).answer, P::Answer::Ignore);
    request.SetCallReferenceFlag(true);
    EXPECT_EQ(P::JudgeUnknownCallReference(request).answer, P::Answer::Ignore);

    // Each mandatory IE missing in turn, named in the verdict.
    for (uint8_t ie : {CallingPartyNumberIe::IDENTIFIER,
                       CalledPartyNumberIe::IDENTIFIER,
                       LijCallIdentifierIe::IDENTIFIER,
                       LeafSequenceNumberIe::IDENTIFIER})
    {
        Q2931Header m = LeafSetupRequest(5, 6);
        ASSERT_TRUE(m.RemoveInformationElement(ie));
        P::Verdict v = P::JudgeLeafSetupRequest(Decode(Encode(m)));
        EXPECT_EQ(v.cause, Q2931Cause::MANDATORY_IE_MISSING) << std::hex << +ie;
        EXPECT_EQ(v.diagnostic, ie);
    }
    // For a call the receiver knows, no state expects them (Q.2931 5.6.4).
    for (uint8_t s = 0; s <= 12; ++s)
    {
        for (Q2931Side side : {Q2931Side::User, Q2931Side::Network})
        {
            auto state = static_cast<Q2931CallState>(s);
            EXPECT_FALSE(P::IsExpected(side, state, M::LeafSetupRequest));
            EXPECT_FALSE(P::IsExpected(side, state, M::LeafSetupFailure));
        }
    }
    P::Verdict v = P::Judge(Q2931Side::User, Q2931CallState::Active, failure);
    EXPECT_EQ(v.answer, P::Answer::Status);
    EXPECT_EQ(v.cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
}

TEST(LeafJoinIeTest, Uni40_WiresharkDecodesTheLeafSetupMessages)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the captures with Wireshark";
    }
    const std::string file = ::testing::TempDir() + "condis-leaf-join.pcap";
    Q2931Header setup(M::Setup, 3, false);
    setup.SetCalledPartyNumber(CalledPartyNumberIe(LEAF));
    setup.SetOtherIe(LijCallIdentifierIe(7));
    setup.SetOtherIe(LijParametersIe());
    setup.SetOtherIe(LeafSequenceNumberIe(0x01000002));
    {
        PcapFileWrapper pcap;
        pcap.Open(file, std::ios::out);
        pcap.Init(123, 65535); // SunATM
        uint32_t sequence = 0;
        for (const Q2931Header& m : {LeafSetupRequest(7, 0x01000002),
                                     LeafSetupFailure(0x01000002, Q2931Cause::CALL_REJECTED),
                                     setup})
        {
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(SscopSdPdu(m, sequence++));
            p->AddHeader(AtmFrameHeader(AtmFrameHeader::SIGNALLING_VPI,
                                        AtmFrameHeader::SIGNALLING_VCI,
                                        AtmTrafficType::Signalling,
                                        true));
            pcap.Write(Seconds(sequence), p);
        }
        pcap.Close();
    }
    EXPECT_EQ(TsharkProblems(file), std::vector<std::string>());
    // Wireshark names the messages; it shows the ATM Forum's IEs, which it
    // does not decode, with their identifier, coding standard (3, against
    // the ITU-T IEs' 0) and length, after the calling (22 octets) and called
    // (21) party numbers and the cause (2); and their contents as they are.
    EXPECT_EQ(Tshark(file, "-Y q2931 -T fields -e q2931.message_type"), "0x91\n0x90\n0x05\n");
    EXPECT_EQ(Tshark(file,
                     "-Y q2931 -T fields -E occurrence=a -e q2931.information_element "
                     "-e q2931.ie_coding_standard -e q2931.information_element.length"),
              "0x6c,0x70,0xe8,0xea\t0,0,3,3\t22,21,5,4\n"
              "0x08,0xea\t0,3\t2,4\n"
              "0x70,0xe8,0xe9,0xea\t0,3,3,3\t21,5,1,4\n");
    EXPECT_EQ(
        Tshark(file, "-Y 'q2931.message_type == 0x91' -T fields -e q2931.information_element.data"),
        "8000000007,01000002\n");
}

} // namespace
