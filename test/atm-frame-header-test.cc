/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AtmFrameHeader: the SunATM pcap pseudo-header that labels every frame.
 */

#include "q2931-reference-messages.h"

#include "ns3/atm-frame-header.h"
#include "ns3/packet.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{
using Bytes = std::vector<uint8_t>;

/// A pseudo-header of a reference capture and what it says.
struct Label
{
    Bytes bytes;         //!< the 4 bytes
    uint8_t vpi;         //!< VPI
    uint16_t vci;        //!< VCI
    AtmTrafficType type; //!< traffic type
    bool fromUserSide;   //!< direction
};

/// The pseudo-headers of reference-signalling.pcap and reference-aal5.pcap.
const std::vector<Label> REFERENCE_LABELS = {
    {{0x86, 0x00, 0x00, 0x05}, 0, 5, AtmTrafficType::Signalling, true},
    {{0x06, 0x00, 0x00, 0x05}, 0, 5, AtmTrafficType::Signalling, false},
    {{0x82, 0x00, 0x00, 0x64}, 0, 100, AtmTrafficType::Llc, true},
    {{0x00, 0x00, 0x00, 0x65}, 0, 101, AtmTrafficType::VcMultiplexed, false},
    {{0x80, 0x00, 0x00, 0x66}, 0, 102, AtmTrafficType::VcMultiplexed, true},
};

/// \return the bytes the header writes at the front of an empty packet
Bytes
Encode(const AtmFrameHeader& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    return PacketBytes(p);
}
} // namespace

TEST(AtmFrameHeaderTest, EncodesReferencePseudoHeaders)
{
    for (const auto& l : REFERENCE_LABELS)
    {
        EXPECT_EQ(Encode(AtmFrameHeader(l.vpi, l.vci, l.type, l.fromUserSide)), l.bytes);
    }
}

TEST(AtmFrameHeaderTest, DecodesReferencePseudoHeaders)
{
    for (const auto& l : REFERENCE_LABELS)
    {
        Bytes frame = l.bytes;
        frame.push_back(0xaa); // the payload must stay in the packet
        Ptr<Packet> p = MakePacket(frame);
        AtmFrameHeader h;
        ASSERT_EQ(p->RemoveHeader(h), 4U);
        EXPECT_EQ(h.GetVpi(), l.vpi);
        EXPECT_EQ(h.GetVci(), l.vci);
        EXPECT_EQ(h.GetTrafficType(), l.type);
        EXPECT_EQ(h.IsFromUserSide(), l.fromUserSide);
        EXPECT_EQ(PacketBytes(p), Bytes{0xaa});
    }
}

TEST(AtmFrameHeaderTest, LabelsEveryReferenceSignallingRecord)
{
    for (const auto& m : REFERENCE_MESSAGES)
    {
        Ptr<Packet> p = MakePacket(RecordBytes(m));
        AtmFrameHeader h;
        ASSERT_EQ(p->RemoveHeader(h), 4U) << m.name;
        EXPECT_EQ(h.GetVpi(), AtmFrameHeader::SIGNALLING_VPI) << m.name;
        EXPECT_EQ(h.GetVci(), AtmFrameHeader::SIGNALLING_VCI) << m.name;
        EXPECT_EQ(h.GetTrafficType(), AtmTrafficType::Signalling) << m.name;
        EXPECT_EQ(h.IsFromUserSide(), m.fromUserSide) << m.name;
    }
}

TEST(AtmFrameHeaderTest, RoundTripsExtremeValues)
{
    AtmFrameHeader h(255, 65535, AtmTrafficType::Ilmi, false);
    EXPECT_EQ(Encode(h), (Bytes{0x05, 0xff, 0xff, 0xff}));
    Ptr<Packet> p = MakePacket(Encode(h));
    AtmFrameHeader back;
    ASSERT_EQ(p->RemoveHeader(back), 4U);
    EXPECT_EQ(back.GetVpi(), 255);
    EXPECT_EQ(back.GetVci(), 65535);
    EXPECT_EQ(back.GetTrafficType(), AtmTrafficType::Ilmi);
    EXPECT_FALSE(back.IsFromUserSide());
    EXPECT_EQ(back.GetSerializedSize(), 4U);
}

TEST(AtmFrameHeaderTest, SettersChangeWhatIsWritten)
{
    AtmFrameHeader h;
    EXPECT_EQ(Encode(h), (Bytes{0x00, 0x00, 0x00, 0x00}));
    h.SetVpi(1);
    h.SetVci(0x0203);
    h.SetTrafficType(AtmTrafficType::Lane);
    h.SetFromUserSide(true);
    EXPECT_EQ(Encode(h), (Bytes{0x81, 0x01, 0x02, 0x03}));
}

TEST(AtmFrameHeaderTest, KeepsATrafficTypeItDoesNotName)
{
    Ptr<Packet> p = MakePacket({0x8f, 0x00, 0x00, 0x20});
    AtmFrameHeader h;
    ASSERT_EQ(p->RemoveHeader(h), 4U);
    EXPECT_EQ(static_cast<uint8_t>(h.GetTrafficType()), 0x0f);
    std::ostringstream os;
    h.Print(os);
    EXPECT_EQ(os.str(), "VPI/VCI 0/32 type 15 user->network");
}

TEST(AtmFrameHeaderTest, RejectsFramesShorterThanFourBytes)
{
    for (uint32_t n = 0; n < 4; ++n)
    {
        Ptr<Packet> p = MakePacket(Bytes(SETUP, SETUP + n));
        AtmFrameHeader h;
        EXPECT_EQ(p->RemoveHeader(h), 0U) << n << " bytes";
        EXPECT_EQ(p->GetSize(), n);
    }
}

TEST(AtmFrameHeaderTest, PrintsChannelTypeAndDirection)
{
    std::ostringstream os;
    AtmFrameHeader(0, 5, AtmTrafficType::Signalling, true).Print(os);
    EXPECT_EQ(os.str(), "VPI/VCI 0/5 signalling user->network");
}
