/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SscopSdPdu: a whole SSCOP SD PDU (message, padding, trailer) as one header.
 * Its bytes must be those of a Q2931Header followed by an SscopTrailer, and it
 * must judge a PDU as those two would, taken off one after the other.
 */

#include "q2931-reference-messages.h"

#include "ns3/packet.h"
#include "ns3/q2931-header.h"
#include "ns3/sscop-sd-pdu.h"
#include "ns3/sscop-trailer.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{
using Bytes = std::vector<uint8_t>;

/// \return the message of a reference record, decoded on its own
Q2931Header
DecodeMessage(const ReferenceMessage& m)
{
    Q2931Header h;
    Ptr<Packet> p = MakePacket(MessageBytes(m));
    EXPECT_NE(p->RemoveHeader(h), 0U) << m.name;
    return h;
}

/// \return what a header prints
std::string
Printed(const Header& h)
{
    std::ostringstream os;
    h.Print(os);
    return os.str();
}

/**
 * A CONNECT ACKNOWLEDGE whose message length (11) claims an IE that runs
 * into the padding and the trailer word: an unknown IE of 2 bytes, then one
 * that begins with the pad byte and has the word's first byte (0x48: pad 1,
 * SD) as its compatibility octet and N(S) = 0x000100 as its length (1) and
 * contents. Read with the padding and word, the message would look well formed.
 */
const Bytes MESSAGE_INTO_TRAILER{0x09, 0x03, 0x00, 0x00, 0x17, 0x0f, 0x80, 0x00, 0x0b, 0x99,
                                 0x80, 0x00, 0x02, 0xaa, 0xbb, 0x00, 0x48, 0x00, 0x01, 0x00};
} // namespace

TEST(SscopSdPduTest, EncodesEveryReferencePduAsMessageThenTrailerDo)
{
    for (const auto& m : REFERENCE_MESSAGES)
    {
        Q2931Header message = DecodeMessage(m);
        Ptr<Packet> layered = Create<Packet>();
        layered->AddHeader(message);
        layered->AddTrailer(SscopTrailer(layered->GetSize(), m.sequenceNumber));

        Ptr<Packet> p = Create<Packet>();
        SscopSdPdu pdu(message, m.sequenceNumber);
        EXPECT_EQ(pdu.GetSerializedSize(), SdPduBytes(m).size()) << m.name;
        EXPECT_EQ(pdu.GetPadLength(), m.padLength) << m.name;
        p->AddHeader(pdu);
        EXPECT_EQ(PacketBytes(p), SdPduBytes(m)) << m.name;
        EXPECT_EQ(PacketBytes(p), PacketBytes(layered)) << m.name;
    }
}

TEST(SscopSdPduTest, DecodesEveryReferencePdu)
{
    for (const auto& m : REFERENCE_MESSAGES)
    {
        Bytes bytes = SdPduBytes(m);
        Ptr<Packet> p = MakePacket(bytes);
        Q2931Header message;
        SscopSdPdu pdu(message);
        ASSERT_EQ(p->RemoveHeader(pdu), bytes.size()) << m.name;
        EXPECT_EQ(p->GetSize(), 0U) << m.name;
        EXPECT_EQ(pdu.GetSequenceNumber(), m.sequenceNumber) << m.name;
        EXPECT_EQ(pdu.GetPadLength(), m.padLength) << m.name;
        EXPECT_EQ(&pdu.GetMessage(), &message) << "decoded into the caller's message";
        EXPECT_EQ(message.GetMessageType(), m.type) << m.name;
        EXPECT_EQ(Printed(message), Printed(DecodeMessage(m))) << m.name;
    }
}

TEST(SscopSdPduTest, TakesSequenceNumberModulo2To24)
{
    Q2931Header message(Q2931MessageType::ConnectAcknowledge, 0x17, false);
    SscopSdPdu pdu(message, (1U << 24) + 5);
    EXPECT_EQ(pdu.GetSequenceNumber(), 5U);
}

TEST(SscopSdPduTest, RejectsWhatTheTrailerRejectsAndLeavesTheMessage)
{
    Bytes nonZeroPad = SdPduBytes(REFERENCE_MESSAGES[0]); // SETUP, pad 3
    nonZeroPad[nonZeroPad.size() - 5] = 0x01;
    Bytes begin(SSCOP_BGN + PSEUDO_HEADER_SIZE, SSCOP_BGN + sizeof(SSCOP_BGN));
    for (const Bytes& bytes :
         {Bytes{}, Bytes{0x08, 0x00, 0x00}, Bytes{0xc8, 0x00, 0x00, 0x00}, begin, nonZeroPad})
    {
        Ptr<Packet> p = MakePacket(bytes);
        Q2931Header message(Q2931MessageType::Release, 0x42, true);
        message.SetCause(CauseIe());
        SscopSdPdu pdu(message);
        EXPECT_EQ(p->RemoveHeader(pdu), 0U) << bytes.size() << " bytes";
        EXPECT_EQ(p->GetSize(), bytes.size());
        EXPECT_EQ(message.GetMessageType(), Q2931MessageType::Release);
        EXPECT_NE(message.GetCause(), nullptr);
    }
}

TEST(SscopSdPduTest, RejectsAMessageThatRunsIntoThePadding)
{
    // The two-step framing rejects it: the message ends where the padding begins.
    Ptr<Packet> layered = MakePacket(MESSAGE_INTO_TRAILER);
    SscopTrailer trailer;
    ASSERT_EQ(layered->RemoveTrailer(trailer), 5U);
    EXPECT_EQ(trailer.GetSequenceNumber(), 0x100U);
    Q2931Header alone;
    EXPECT_EQ(layered->RemoveHeader(alone), 0U);
    // Read over the whole PDU, the message would pass.
    Q2931Header unbounded;
    EXPECT_EQ(MakePacket(MESSAGE_INTO_TRAILER)->RemoveHeader(unbounded), 20U);
    // The one-step framing judges as the two-step one.
    Q2931Header message;
    message.SetCause(CauseIe());
    SscopSdPdu pdu(message);
    EXPECT_EQ(MakePacket(MESSAGE_INTO_TRAILER)->RemoveHeader(pdu), 0U);
    EXPECT_EQ(message.GetNInformationElements(), 0U) << "a malformed message is left empty";
}

TEST(SscopSdPduTest, IgnoresBytesBetweenTheMessageAndThePadding)
{
    // CONNECT ACKNOWLEDGE (9 bytes), 2 bytes the message does not claim, pad 1, N(S) 3
    Bytes bytes{0x09,
                0x03,
                0x80,
                0x00,
                0x17,
                0x0f,
                0x80,
                0x00,
                0x00,
                0xaa,
                0xbb,
                0x00,
                0x48,
                0x00,
                0x00,
                0x03};
    Q2931Header message;
    SscopSdPdu pdu(message);
    EXPECT_EQ(MakePacket(bytes)->RemoveHeader(pdu), 16U);
    EXPECT_EQ(message.GetMessageType(), Q2931MessageType::ConnectAcknowledge);
    EXPECT_EQ(pdu.GetSequenceNumber(), 3U);
}

TEST(SscopSdPduTest, PrintsTheMessageAndTheSscopFields)
{
    Q2931Header message(Q2931MessageType::ConnectAcknowledge, 0x17, false);
    EXPECT_EQ(Printed(SscopSdPdu(message, 42)),
              "CONNECT ACKNOWLEDGE cref=0x000017/o; SSCOP SD N(S)=42 pad=3");
}

TEST(SscopSdPduTest, IsOneItemInAPrintedPacket)
{
    // Packet printing makes its own PDU from the TypeId, which decodes into a
    // message of its own.
    Packet::EnablePrinting();
    Q2931Header message = DecodeMessage(REFERENCE_MESSAGES[2]); // CONNECT
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(SscopSdPdu(message, 7));
    std::ostringstream os;
    p->Print(os);
    EXPECT_EQ(os.str(),
              "ns3::SscopSdPdu (" + Printed(message) + "; SSCOP SD N(S)=7 pad=" +
                  std::to_string(SscopTrailer::GetPadLengthFor(message.GetSerializedSize())) + ")");
}
