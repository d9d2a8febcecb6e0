/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SscopTrailer: the padding and trailer word of an SSCOP SD PDU.
 */

#include "q2931-reference-messages.h"

#include "ns3/atm-frame-header.h"
#include "ns3/packet.h"
#include "ns3/sscop-trailer.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{
using Bytes = std::vector<uint8_t>;
} // namespace

TEST(SscopTrailerTest, EncodesSetupTrailerAsReference)
{
    SscopTrailer t(105, 0); // SETUP: 105-byte message, pad 3, N(S) 0
    EXPECT_EQ(t.GetPadLength(), 3);
    EXPECT_EQ(t.GetSerializedSize(), 7U);
    Ptr<Packet> p = Create<Packet>();
    p->AddTrailer(t);
    EXPECT_EQ(PacketBytes(p), (Bytes{0x00, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x00}));
}

TEST(SscopTrailerTest, DecodesEveryReferenceTrailer)
{
    for (const auto& m : REFERENCE_MESSAGES)
    {
        Bytes pdu = SdPduBytes(m);
        Ptr<Packet> p = MakePacket(pdu);
        SscopTrailer t;
        ASSERT_EQ(p->RemoveTrailer(t), m.padLength + 4U) << m.name;
        EXPECT_EQ(t.GetPadLength(), m.padLength) << m.name;
        EXPECT_EQ(t.GetSequenceNumber(), m.sequenceNumber) << m.name;
        EXPECT_EQ(PacketBytes(p), MessageBytes(m)) << m.name;
    }
}

TEST(SscopTrailerTest, EncodesEveryReferenceTrailer)
{
    for (const auto& m : REFERENCE_MESSAGES)
    {
        Bytes message = MessageBytes(m);
        Ptr<Packet> p = MakePacket(message);
        p->AddTrailer(SscopTrailer(static_cast<uint32_t>(message.size()), m.sequenceNumber));
        EXPECT_EQ(PacketBytes(p), SdPduBytes(m)) << m.name;
    }
}

TEST(SscopTrailerTest, RoundTripsEveryPadThroughAPacket)
{
    for (uint32_t size = 0; size < 8; ++size)
    {
        Bytes payload;
        for (uint32_t k = 0; k < size; ++k)
        {
            payload.push_back(static_cast<uint8_t>(0xf0 + k)); // non-zero, unlike padding
        }
        uint32_t sequenceNumber = 0xabcd00 + size;
        Ptr<Packet> p = MakePacket(payload);
        SscopTrailer sent(size, sequenceNumber);
        p->AddTrailer(sent);
        EXPECT_EQ(p->GetSize() % 4, 0U) << size;
        EXPECT_EQ(sent.GetPadLength(), (4 - size % 4) % 4) << size;
        SscopTrailer received;
        ASSERT_EQ(p->RemoveTrailer(received), sent.GetSerializedSize()) << size;
        EXPECT_EQ(received.GetPadLength(), sent.GetPadLength()) << size;
        EXPECT_EQ(received.GetSequenceNumber(), sequenceNumber) << size;
        EXPECT_EQ(PacketBytes(p), payload) << size;
    }
}

TEST(SscopTrailerTest, TakesSequenceNumberModulo2To24)
{
    SscopTrailer t(4, (1U << 24) + 5);
    EXPECT_EQ(t.GetSequenceNumber(), 5U);
    Ptr<Packet> p = Create<Packet>();
    p->AddTrailer(SscopTrailer(0, 0xffffff));
    EXPECT_EQ(PacketBytes(p), (Bytes{0x08, 0xff, 0xff, 0xff}));
}

TEST(SscopTrailerTest, RejectsPdusShorterThanTheWord)
{
    for (uint32_t n = 0; n < 4; ++n)
    {
        Ptr<Packet> p = MakePacket(Bytes(n, 0x08));
        SscopTrailer t;
        EXPECT_EQ(p->RemoveTrailer(t), 0U) << n << " bytes";
        EXPECT_EQ(p->GetSize(), n);
    }
}

TEST(SscopTrailerTest, RejectsReferenceBeginAndBeginAcknowledge)
{
    for (const auto& record : {Bytes(SSCOP_BGN, SSCOP_BGN + sizeof(SSCOP_BGN)),
                               Bytes(SSCOP_BGAK, SSCOP_BGAK + sizeof(SSCOP_BGAK))})
    {
        Ptr<Packet> p = MakePacket(record);
        AtmFrameHeader label;
        ASSERT_EQ(p->RemoveHeader(label), 4U);
        SscopTrailer t;
        EXPECT_EQ(p->RemoveTrailer(t), 0U);
        EXPECT_EQ(p->GetSize(), 8U);
    }
}

TEST(SscopTrailerTest, RejectsPadLongerThanThePdu)
{
    // a lone word announcing 3 bytes of padding that are not there
    Ptr<Packet> p = MakePacket({0xc8, 0x00, 0x00, 0x00});
    SscopTrailer t;
    EXPECT_EQ(p->RemoveTrailer(t), 0U);
    p = MakePacket({0x00, 0x00, 0xc8, 0x00, 0x00, 0x00});
    EXPECT_EQ(p->RemoveTrailer(t), 0U);
    p = MakePacket({0x00, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x00});
    EXPECT_EQ(p->RemoveTrailer(t), 7U);
    EXPECT_EQ(p->GetSize(), 0U);
}

TEST(SscopTrailerTest, RejectsNonZeroPadding)
{
    Bytes pdu = SdPduBytes(REFERENCE_MESSAGES[0]); // SETUP, pad 3
    pdu[pdu.size() - 5] = 0x01;
    Ptr<Packet> p = MakePacket(pdu);
    SscopTrailer t;
    EXPECT_EQ(p->RemoveTrailer(t), 0U);
    EXPECT_EQ(p->GetSize(), pdu.size());
}

TEST(SscopTrailerTest, IgnoresReservedBits)
{
    Ptr<Packet> p = MakePacket({0x11, 0x00, 0x00, 0x00, 0x78, 0x00, 0x00, 0x09});
    SscopTrailer t;
    // 0x78: pad 1, reserved bits 28-29 set, type SD
    ASSERT_EQ(p->RemoveTrailer(t), 5U);
    EXPECT_EQ(t.GetSequenceNumber(), 9U);
    EXPECT_EQ(t.GetPadLength(), 1);
    EXPECT_EQ(PacketBytes(p), (Bytes{0x11, 0x00, 0x00}));
}

TEST(SscopTrailerTest, PrintsSequenceNumberAndPad)
{
    std::ostringstream os;
    SscopTrailer(5, 42).Print(os);
    EXPECT_EQ(os.str(), "SSCOP SD N(S)=42 pad=3");
}
