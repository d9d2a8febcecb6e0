/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Q2931Header: the 12 Q.2931 messages of the reference capture, decoded,
 * re-encoded and built from scratch byte for byte; the call parameters
 * mapping; malformed input; and a pcap that tshark must decode cleanly.
 */

#include "co-tshark.h"
#include "q2931-reference-messages.h"

#include "ns3/atm-frame-header.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/q2931-header.h"
#include "ns3/sscop-trailer.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <string>

using namespace ns3;
using namespace ns3::condistest;

namespace
{
using Bytes = std::vector<uint8_t>;

const AesaAddress CALLED_1 =
    AesaAddress::FromString("39.0840.0f00.0000.0000.0001.0203.00a0.c912.3456.00");
const AesaAddress CALLED_2 =
    AesaAddress::FromString("39.0840.0f00.0000.0000.0001.0204.00a0.c9ab.cdef.00");
const AesaAddress CALLING =
    AesaAddress::FromString("47.0091.8100.0000.0060.3e5a.7901.0020.481a.2b01.00");
constexpr uint32_t CREF = 0x17; //!< the call reference of the reference call

/// \return the bytes of a message alone
Bytes
Encode(const Q2931Header& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    return PacketBytes(p);
}

/**
 * \brief Decodes a message as a receiver does: RemoveHeader from a packet.
 * \param bytes the packet's bytes
 * \param h where to decode
 * \return what RemoveHeader returned
 */
uint32_t
Decode(const Bytes& bytes, Q2931Header& h)
{
    Ptr<Packet> p = MakePacket(bytes);
    uint32_t n = p->RemoveHeader(h);
    EXPECT_EQ(p->GetSize(), bytes.size() - n) << "RemoveHeader and packet size disagree";
    return n;
}

/// \return the reference message at \p index, decoded
Q2931Header
DecodeReference(size_t index)
{
    Q2931Header h;
    Bytes bytes = MessageBytes(REFERENCE_MESSAGES[index]);
    EXPECT_EQ(Decode(bytes, h), bytes.size());
    return h;
}

/// \return a whole SunATM record carrying the message on the signalling channel
Ptr<Packet>
MakeRecord(const Q2931Header& h, uint32_t sequenceNumber, bool fromUserSide)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    p->AddTrailer(SscopTrailer(p->GetSize(), sequenceNumber));
    p->AddHeader(AtmFrameHeader(AtmFrameHeader::SIGNALLING_VPI,
                                AtmFrameHeader::SIGNALLING_VCI,
                                AtmTrafficType::Signalling,
                                fromUserSide));
    return p;
}

/// What a receiver takes off a record.
struct Received
{
    AtmFrameHeader label; //!< pseudo-header
    SscopTrailer trailer; //!< SSCOP trailer
    Q2931Header message;  //!< the message
};

/**
 * \brief Takes a record apart as the link layer and call manager do.
 * \param record the record's bytes
 * \param r what was taken off
 * \return true when every layer accepted it and the message filled the SD PDU
 */
bool
Receive(const Bytes& record, Received& r)
{
    Ptr<Packet> p = MakePacket(record);
    if (p->RemoveHeader(r.label) == 0 || p->RemoveTrailer(r.trailer) == 0)
    {
        return false;
    }
    return p->RemoveHeader(r.message) != 0 && p->GetSize() == 0;
}

// ---- the 12 messages of the reference capture, built with the API ----------

Q2931Header
BuildSetup()
{
    Q2931Header h(Q2931MessageType::Setup, CREF, false);
    AalParametersIe aal(9188, 9188);
    aal.mode = AalParametersIe::MODE_MESSAGE;
    aal.sscsType = AalParametersIe::SSCS_NULL;
    h.SetAalParameters(aal);
    AtmTrafficDescriptorIe atd;
    atd.forwardPcr = 353207;
    atd.backwardPcr = 353207;
    atd.bestEffort = true;
    h.SetAtmTrafficDescriptor(atd);
    h.SetBroadbandBearerCapability(
        BroadbandBearerCapabilityIe(BroadbandBearerCapabilityIe::BCOB_X,
                                    BroadbandBearerCapabilityIe::ATC_NRT_VBR,
                                    BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT));
    h.SetCalledPartyNumber(CalledPartyNumberIe(CALLED_1));
    h.SetCallingPartyNumber(CallingPartyNumberIe(CALLING));
    h.SetQosParameter(QosParameterIe(0, 0));
    h.SetBroadbandLowLayerInformation(BroadbandLowLayerInformationIe());
    h.SetEndpointReference(EndpointReferenceIe(0, false));
    return h;
}

Q2931Header
BuildCallProceeding()
{
    Q2931Header h(Q2931MessageType::CallProceeding, CREF, true);
    h.SetConnectionIdentifier(ConnectionIdentifierIe(0, 100));
    h.SetEndpointReference(EndpointReferenceIe(0, true));
    return h;
}

Q2931Header
BuildConnect()
{
    Q2931Header h(Q2931MessageType::Connect, CREF, true);
    h.SetBroadbandLowLayerInformation(BroadbandLowLayerInformationIe());
    h.SetEndpointReference(EndpointReferenceIe(0, true));
    return h;
}

Q2931Header
BuildConnectAcknowledge()
{
    return Q2931Header(Q2931MessageType::ConnectAcknowledge, CREF, false);
}

Q2931Header
BuildAddParty1()
{
    Q2931Header h(Q2931MessageType::AddParty, CREF, false);
    h.SetCalledPartyNumber(CalledPartyNumberIe(CALLED_2));
    h.SetCallingPartyNumber(CallingPartyNumberIe(CALLING));
    h.SetBroadbandLowLayerInformation(BroadbandLowLayerInformationIe());
    h.SetEndpointReference(EndpointReferenceIe(1, false));
    return h;
}

Q2931Header
BuildAddPartyAcknowledge()
{
    Q2931Header h(Q2931MessageType::AddPartyAcknowledge, CREF, true);
    h.SetEndpointReference(EndpointReferenceIe(1, true));
    return h;
}

Q2931Header
BuildAddParty2()
{
    Q2931Header h(Q2931MessageType::AddParty, CREF, false);
    h.SetCalledPartyNumber(CalledPartyNumberIe::FromE164("4121234567"));
    h.SetCallingPartyNumber(CallingPartyNumberIe(CALLING));
    h.SetBroadbandLowLayerInformation(BroadbandLowLayerInformationIe());
    h.SetEndpointReference(EndpointReferenceIe(2, false));
    return h;
}

Q2931Header
BuildAddPartyReject()
{
    Q2931Header h(Q2931MessageType::AddPartyReject, CREF, true);
    h.SetCause(CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NO_ROUTE_TO_DESTINATION));
    h.SetEndpointReference(EndpointReferenceIe(2, true));
    return h;
}

Q2931Header
BuildDropParty()
{
    Q2931Header h(Q2931MessageType::DropParty, CREF, false);
    h.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
    h.SetEndpointReference(EndpointReferenceIe(1, false));
    return h;
}

Q2931Header
BuildDropPartyAcknowledge()
{
    Q2931Header h(Q2931MessageType::DropPartyAcknowledge, CREF, true);
    h.SetEndpointReference(EndpointReferenceIe(1, true));
    h.SetCause(CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, Q2931Cause::NORMAL_CLEARING));
    return h;
}

Q2931Header
BuildRelease()
{
    Q2931Header h(Q2931MessageType::Release, CREF, false);
    h.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
    return h;
}

Q2931Header
BuildReleaseComplete()
{
    Q2931Header h(Q2931MessageType::ReleaseComplete, CREF, true);
    h.SetCause(CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, Q2931Cause::NORMAL_CLEARING));
    return h;
}

/// The builders, in the order of REFERENCE_MESSAGES.
const std::array<Q2931Header (*)(), 12> BUILDERS = {
    BuildSetup,
    BuildCallProceeding,
    BuildConnect,
    BuildConnectAcknowledge,
    BuildAddParty1,
    BuildAddPartyAcknowledge,
    BuildAddParty2,
    BuildAddPartyReject,
    BuildDropParty,
    BuildDropPartyAcknowledge,
    BuildRelease,
    BuildReleaseComplete,
};

/// \return the parameters of a call of the given category, every field distinct
CoCallParameters
SampleCallParameters(CoServiceCategory category)
{
    CoCallParameters p;
    p.category = category;
    p.forward.peakCellRate = 100000;
    p.backward.peakCellRate = 50000;
    if (category == CoServiceCategory::RtVbr || category == CoServiceCategory::NrtVbr)
    {
        p.forward.sustainableCellRate = 40000;
        p.backward.sustainableCellRate = 20000;
        p.forward.maxBurstSize = 64;
        p.backward.maxBurstSize = 32;
    }
    if (category == CoServiceCategory::Ubr)
    {
        p.backward.peakCellRate = 0; // "the link rate"
    }
    p.forward.maxSduSize = 9180;
    p.backward.maxSduSize = 1500;
    p.qosClass = 2;
    p.calledParty = CALLED_1;
    p.callingParty = CALLING;
    return p;
}

const std::array<CoServiceCategory, 4> CATEGORIES = {CoServiceCategory::Cbr,
                                                     CoServiceCategory::RtVbr,
                                                     CoServiceCategory::NrtVbr,
                                                     CoServiceCategory::Ubr};
} // namespace

// ---- every reference message: decode, re-encode, build, truncate --------------

/// Parameter: index into REFERENCE_MESSAGES.
class Q2931ReferenceMessageTest : public ::testing::TestWithParam<size_t>
{
};

TEST_P(Q2931ReferenceMessageTest, DecodesWholeRecordAsAReceiverDoes)
{
    const ReferenceMessage& m = REFERENCE_MESSAGES[GetParam()];
    Received r;
    ASSERT_TRUE(Receive(RecordBytes(m), r));
    EXPECT_EQ(r.label.IsFromUserSide(), m.fromUserSide);
    EXPECT_EQ(r.trailer.GetSequenceNumber(), m.sequenceNumber);
    EXPECT_EQ(r.trailer.GetPadLength(), m.padLength);
    EXPECT_EQ(r.message.GetMessageType(), m.type);
    EXPECT_EQ(r.message.GetCallReference(), CREF);
    // the allocator of the call reference is the calling user
    EXPECT_EQ(r.message.GetCallReferenceFlag(), !m.fromUserSide);
}

TEST_P(Q2931ReferenceMessageTest, ReencodesDecodedMessageByteForByte)
{
    Q2931Header h = DecodeReference(GetParam());
    EXPECT_EQ(Encode(h), MessageBytes(REFERENCE_MESSAGES[GetParam()]));
    EXPECT_EQ(h.GetSerializedSize(), MessageBytes(REFERENCE_MESSAGES[GetParam()]).size());
}

TEST_P(Q2931ReferenceMessageTest, BuildsSameRecordFromScratch)
{
    const ReferenceMessage& m = REFERENCE_MESSAGES[GetParam()];
    Q2931Header built = BUILDERS[GetParam()]();
    EXPECT_EQ(PacketBytes(MakeRecord(built, m.sequenceNumber, m.fromUserSide)), RecordBytes(m));
}

TEST_P(Q2931ReferenceMessageTest, RejectsEveryTruncation)
{
    Bytes bytes = MessageBytes(REFERENCE_MESSAGES[GetParam()]);
    for (size_t n = 0; n < bytes.size(); ++n)
    {
        Q2931Header h;
        EXPECT_EQ(Decode(Bytes(bytes.begin(), bytes.begin() + n), h), 0U) << n << " bytes";
        EXPECT_EQ(h.GetNInformationElements(), 0U) << "a rejected message keeps no IEs";
    }
}

TEST_P(Q2931ReferenceMessageTest, RejectsEveryTruncatedRecord)
{
    Bytes record = RecordBytes(REFERENCE_MESSAGES[GetParam()]);
    for (size_t n = 0; n < record.size(); ++n)
    {
        Received r;
        EXPECT_FALSE(Receive(Bytes(record.begin(), record.begin() + n), r)) << n << " bytes";
    }
}

INSTANTIATE_TEST_SUITE_P(CaptureFrames,
                         Q2931ReferenceMessageTest,
                         ::testing::Range<size_t>(0, REFERENCE_MESSAGES.size()),
                         [](const ::testing::TestParamInfo<size_t>& frame) {
                             return std::string(REFERENCE_MESSAGES[frame.param].name);
                         });

// ---- the fields of each reference message ---------------------------------------

TEST(Q2931ReferenceFieldsTest, SetupCarriesTrafficContractAndParties)
{
    Q2931Header h = DecodeReference(0);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::Setup);
    EXPECT_FALSE(h.GetCallReferenceFlag());
    ASSERT_EQ(h.GetNInformationElements(), 8U);
    const uint8_t order[] = {0x58, 0x59, 0x5e, 0x70, 0x6c, 0x5c, 0x5f, 0x54};
    for (uint32_t k = 0; k < 8; ++k)
    {
        EXPECT_EQ(h.GetInformationElementIdentifier(k), order[k]) << k;
    }
    ASSERT_NE(h.GetAalParameters(), nullptr);
    EXPECT_EQ(h.GetAalParameters()->forwardMaxSdu, 9188);
    EXPECT_EQ(h.GetAalParameters()->backwardMaxSdu, 9188);
    EXPECT_EQ(h.GetAalParameters()->mode, AalParametersIe::MODE_MESSAGE);
    EXPECT_EQ(h.GetAalParameters()->sscsType, AalParametersIe::SSCS_NULL);
    ASSERT_NE(h.GetAtmTrafficDescriptor(), nullptr);
    EXPECT_EQ(h.GetAtmTrafficDescriptor()->forwardPcr, 353207U);
    EXPECT_EQ(h.GetAtmTrafficDescriptor()->backwardPcr, 353207U);
    EXPECT_TRUE(h.GetAtmTrafficDescriptor()->bestEffort);
    ASSERT_NE(h.GetBroadbandBearerCapability(), nullptr);
    EXPECT_EQ(h.GetBroadbandBearerCapability()->bearerClass, BroadbandBearerCapabilityIe::BCOB_X);
    EXPECT_EQ(h.GetBroadbandBearerCapability()->transferCapability,
              BroadbandBearerCapabilityIe::ATC_NRT_VBR);
    EXPECT_EQ(h.GetBroadbandBearerCapability()->userPlaneConfiguration,
              BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT);
    ASSERT_NE(h.GetCalledPartyNumber(), nullptr);
    EXPECT_EQ(h.GetCalledPartyNumber()->number, CALLED_1);
    ASSERT_NE(h.GetCallingPartyNumber(), nullptr);
    EXPECT_EQ(h.GetCallingPartyNumber()->number, CALLING);
    ASSERT_NE(h.GetQosParameter(), nullptr);
    EXPECT_EQ(*h.GetQosParameter(), QosParameterIe(0, 0));
    ASSERT_NE(h.GetBroadbandLowLayerInformation(), nullptr);
    EXPECT_EQ(h.GetBroadbandLowLayerInformation()->layer2Protocol,
              BroadbandLowLayerInformationIe::LAYER2_LLC);
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(0, false));
    EXPECT_EQ(h.GetCause(), nullptr);
    EXPECT_EQ(h.GetConnectionIdentifier(), nullptr);

    CoCallParameters p = h.GetCallParameters();
    EXPECT_EQ(p.category, CoServiceCategory::NrtVbr);
    EXPECT_EQ(p.forward.peakCellRate, 353207U);
    EXPECT_EQ(p.backward.maxSduSize, 9188);
    EXPECT_EQ(p.calledParty, CALLED_1);
    EXPECT_EQ(p.callingParty, CALLING);
}

TEST(Q2931ReferenceFieldsTest, CallProceedingAssignsVci100)
{
    Q2931Header h = DecodeReference(1);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::CallProceeding);
    EXPECT_TRUE(h.GetCallReferenceFlag());
    ASSERT_NE(h.GetConnectionIdentifier(), nullptr);
    EXPECT_EQ(h.GetConnectionIdentifier()->vpci, 0);
    EXPECT_EQ(h.GetConnectionIdentifier()->vci, 100);
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(0, true));
    EXPECT_EQ(h.GetNInformationElements(), 2U);
}

TEST(Q2931ReferenceFieldsTest, ConnectCarriesLowLayerInformation)
{
    Q2931Header h = DecodeReference(2);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::Connect);
    ASSERT_NE(h.GetBroadbandLowLayerInformation(), nullptr);
    EXPECT_EQ(h.GetBroadbandLowLayerInformation()->layer2Protocol, 0x0c);
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(0, true));
    EXPECT_EQ(h.GetNInformationElements(), 2U);
}

TEST(Q2931ReferenceFieldsTest, ConnectAcknowledgeHasNoIes)
{
    Q2931Header h = DecodeReference(3);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::ConnectAcknowledge);
    EXPECT_FALSE(h.GetCallReferenceFlag());
    EXPECT_EQ(h.GetNInformationElements(), 0U);
    EXPECT_EQ(h.GetSerializedSize(), Q2931Header::FIXED_SIZE);
}

TEST(Q2931ReferenceFieldsTest, FirstAddPartyCallsSecondLeaf)
{
    Q2931Header h = DecodeReference(4);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::AddParty);
    ASSERT_NE(h.GetCalledPartyNumber(), nullptr);
    EXPECT_EQ(h.GetCalledPartyNumber()->number, CALLED_2);
    ASSERT_NE(h.GetCallingPartyNumber(), nullptr);
    EXPECT_EQ(h.GetCallingPartyNumber()->number, CALLING);
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(1, false));
    EXPECT_EQ(h.GetNInformationElements(), 4U);
}

TEST(Q2931ReferenceFieldsTest, AddPartyAcknowledgeNamesEndpoint1)
{
    Q2931Header h = DecodeReference(5);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::AddPartyAcknowledge);
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(1, true));
    EXPECT_EQ(h.GetNInformationElements(), 1U);
}

TEST(Q2971PartyAlertingTest, IsTheReferenceAddPartyAcknowledgeWithItsOwnMessageType)
{
    // The reference capture has no PARTY ALERTING. Q.2971 gives it the same
    // shape as ADD PARTY ACKNOWLEDGE (an endpoint reference, nothing else
    // mandatory) and message type 0x85: its bytes are frame 8's message
    // with that one byte changed, written out here rather than derived.
    const Bytes expected = {0x09,
                            0x03,
                            0x80,
                            0x00,
                            0x17,
                            0x85,
                            0x80,
                            0x00,
                            0x07,
                            0x54,
                            0x80,
                            0x00,
                            0x03,
                            0x00,
                            0x80,
                            0x01};
    Bytes acknowledge = MessageBytes(REFERENCE_MESSAGES[5]);
    ASSERT_EQ(acknowledge.size(), expected.size());
    acknowledge[5] = 0x85;
    EXPECT_EQ(acknowledge, expected);

    Q2931Header built(Q2931MessageType::PartyAlerting, CREF, true);
    built.SetEndpointReference(EndpointReferenceIe(1, true));
    EXPECT_EQ(Encode(built), expected);

    Q2931Header h;
    ASSERT_EQ(Decode(expected, h), expected.size());
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::PartyAlerting);
    EXPECT_EQ(h.GetCallReference(), CREF);
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(1, true));
    EXPECT_EQ(h.GetNInformationElements(), 1U);
    EXPECT_EQ(Encode(h), expected);
    for (size_t n = 0; n < expected.size(); ++n)
    {
        Q2931Header cut;
        EXPECT_EQ(Decode(Bytes(expected.begin(), expected.begin() + n), cut), 0U) << n << " bytes";
    }
}

TEST(Q2931ReferenceFieldsTest, SecondAddPartyCallsAnE164Number)
{
    Q2931Header h = DecodeReference(6);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::AddParty);
    ASSERT_NE(h.GetCalledPartyNumber(), nullptr);
    EXPECT_FALSE(h.GetCalledPartyNumber()->IsAesa());
    EXPECT_EQ(h.GetCalledPartyNumber()->e164, "4121234567");
    EXPECT_EQ(h.GetCallParameters().calledParty, AesaAddress()); // no AESA to give
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(2, false));
}

TEST(Q2931ReferenceFieldsTest, AddPartyRejectSaysNoRoute)
{
    Q2931Header h = DecodeReference(7);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::AddPartyReject);
    ASSERT_NE(h.GetCause(), nullptr);
    EXPECT_EQ(h.GetCause()->cause, Q2931Cause::NO_ROUTE_TO_DESTINATION);
    EXPECT_EQ(h.GetCause()->location, CauseIe::LOCATION_PRIVATE_LOCAL);
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(2, true));
}

TEST(Q2931ReferenceFieldsTest, DropPartyClearsEndpoint1Normally)
{
    Q2931Header h = DecodeReference(8);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::DropParty);
    ASSERT_NE(h.GetCause(), nullptr);
    EXPECT_EQ(*h.GetCause(), CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
    ASSERT_NE(h.GetEndpointReference(), nullptr);
    EXPECT_EQ(*h.GetEndpointReference(), EndpointReferenceIe(1, false));
}

TEST(Q2931ReferenceFieldsTest, DropPartyAcknowledgeKeepsEndpointReferenceFirst)
{
    Q2931Header h = DecodeReference(9);
    EXPECT_EQ(h.GetMessageType(), Q2931MessageType::DropPartyAcknowledge);
    ASSERT_EQ(h.GetNInformationElements(), 2U);
    EXPECT_EQ(h.GetInformationElementIdentifier(0), EndpointReferenceIe::IDENTIFIER);
    EXPECT_EQ(h.GetInformationElementIdentifier(1), CauseIe::IDENTIFIER);
    ASSERT_NE(h.GetCause(), nullptr);
    EXPECT_EQ(*h.GetCause(), CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, Q2931Cause::NORMAL_CLEARING));
}

TEST(Q2931ReferenceFieldsTest, ReleaseAndReleaseCompleteCarryNormalClearing)
{
    Q2931Header release = DecodeReference(10);
    EXPECT_EQ(release.GetMessageType(), Q2931MessageType::Release);
    ASSERT_NE(release.GetCause(), nullptr);
    EXPECT_EQ(*release.GetCause(), CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
    Q2931Header complete = DecodeReference(11);
    EXPECT_EQ(complete.GetMessageType(), Q2931MessageType::ReleaseComplete);
    EXPECT_TRUE(complete.GetCallReferenceFlag());
    ASSERT_NE(complete.GetCause(), nullptr);
    EXPECT_EQ(complete.GetCause()->location, CauseIe::LOCATION_PUBLIC_LOCAL);
}

// ---- IE order, replacement, removal ----------------------------------------------

TEST(Q2931HeaderTest, ReplacesAPresentIeInPlace)
{
    // The mapping gives the reference SETUP's order; replacing three of its IEs
    // with the reference's own values must not move them.
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000);
    p.calledParty = CALLED_1;
    p.callingParty = CALLING;
    Q2931Header h(Q2931MessageType::Setup, CREF, false);
    h.SetCallParameters(p);
    h.SetBroadbandLowLayerInformation(BroadbandLowLayerInformationIe());
    h.SetEndpointReference(EndpointReferenceIe(0, false));
    Q2931Header reference = BuildSetup();
    h.SetAalParameters(*reference.GetAalParameters());
    h.SetAtmTrafficDescriptor(*reference.GetAtmTrafficDescriptor());
    h.SetBroadbandBearerCapability(*reference.GetBroadbandBearerCapability());
    EXPECT_EQ(Encode(h), MessageBytes(REFERENCE_MESSAGES[0]));
}

TEST(Q2931HeaderTest, RemovesAnIeAndClosesTheGap)
{
    Q2931Header h = BuildSetup();
    EXPECT_TRUE(h.RemoveInformationElement(CalledPartyNumberIe::IDENTIFIER));
    EXPECT_FALSE(h.RemoveInformationElement(CalledPartyNumberIe::IDENTIFIER));
    EXPECT_FALSE(h.RemoveInformationElement(CauseIe::IDENTIFIER));
    EXPECT_EQ(h.GetCalledPartyNumber(), nullptr);
    ASSERT_EQ(h.GetNInformationElements(), 7U);
    EXPECT_EQ(h.GetInformationElementIdentifier(3), CallingPartyNumberIe::IDENTIFIER);
    Q2931Header back;
    Bytes bytes = Encode(h);
    ASSERT_EQ(Decode(bytes, back), bytes.size());
    EXPECT_EQ(back.GetCalledPartyNumber(), nullptr);
    EXPECT_EQ(bytes.size(), MessageBytes(REFERENCE_MESSAGES[0]).size() - 25);
    h.SetCalledPartyNumber(CalledPartyNumberIe(CALLED_2)); // comes back last
    EXPECT_EQ(h.GetInformationElementIdentifier(7), CalledPartyNumberIe::IDENTIFIER);
}

TEST(Q2931HeaderTest, HoldsEveryKnownIeAtOnce)
{
    Q2931Header h = BuildSetup();
    h.SetConnectionIdentifier(ConnectionIdentifierIe(1, 2));
    h.SetCause(CauseIe());
    MinimumTrafficDescriptorIe minimum;
    minimum.forwardPcr = 10;
    h.SetMinimumTrafficDescriptor(minimum);
    EXPECT_EQ(h.GetNInformationElements(), Q2931Header::MAX_INFORMATION_ELEMENTS);
    Bytes bytes = Encode(h);
    Q2931Header back;
    ASSERT_EQ(Decode(bytes, back), bytes.size());
    EXPECT_EQ(Encode(back), bytes);
}

TEST(Q2931HeaderTest, SetsMessageHeaderFields)
{
    Q2931Header h;
    h.SetMessageType(Q2931MessageType::StatusEnquiry);
    h.SetCallReference(Q2931Header::MAX_CALL_REFERENCE);
    h.SetCallReferenceFlag(true);
    EXPECT_EQ(Encode(h), (Bytes{0x09, 0x03, 0xff, 0xff, 0xff, 0x75, 0x80, 0x00, 0x00}));
    Q2931Header back;
    ASSERT_EQ(Decode(Encode(h), back), 9U);
    EXPECT_EQ(back.GetMessageType(), Q2931MessageType::StatusEnquiry);
    EXPECT_EQ(back.GetCallReference(), Q2931Header::MAX_CALL_REFERENCE);
    EXPECT_TRUE(back.GetCallReferenceFlag());
}

TEST(Q2931HeaderTest, PrintsOneReadableLine)
{
    std::ostringstream os;
    BuildSetup().Print(os);
    EXPECT_EQ(os.str(),
              "SETUP cref=0x000017/o AAL5 SDU 9188/9188 mode=1 sscs=0 PCR 353207/353207 BE "
              "BCOB-X/nrt-VBR p2mp called=" +
                  CALLED_1.ToString() + " calling=" + CALLING.ToString() +
                  " qos=0/0 blli=LLC epref=0/o");
    os.str("");
    BuildReleaseComplete().Print(os);
    EXPECT_EQ(os.str(),
              "RELEASE COMPLETE cref=0x000017/d cause=16 (normal call clearing) loc=public-local");
}

TEST(Q2931HeaderTest, NamesEveryMessageType)
{
    EXPECT_STREQ(GetQ2931MessageTypeName(Q2931MessageType::CallProceeding), "CALL PROCEEDING");
    EXPECT_STREQ(GetQ2931MessageTypeName(Q2931MessageType::DropPartyAcknowledge),
                 "DROP PARTY ACKNOWLEDGE");
    EXPECT_STREQ(GetQ2931MessageTypeName(Q2931MessageType::PartyAlerting), "PARTY ALERTING");
    EXPECT_STREQ(GetQ2931MessageTypeName(Q2931MessageType::Restart), "RESTART");
    EXPECT_STREQ(GetQ2931MessageTypeName(static_cast<Q2931MessageType>(0x33)), "UNKNOWN");
    std::ostringstream os;
    os << static_cast<Q2931MessageType>(0x33);
    EXPECT_EQ(os.str(), "UNKNOWN (0x33)");
}

// ---- CoNDIS call parameters <-> IEs -------------------------------------------------

TEST(Q2931CallParametersTest, RoundTripThroughSetupForEachCategory)
{
    for (CoServiceCategory category : CATEGORIES)
    {
        CoCallParameters sent = SampleCallParameters(category);
        Q2931Header setup(Q2931MessageType::Setup, 42, false);
        setup.SetCallParameters(sent);
        Received r;
        ASSERT_TRUE(Receive(PacketBytes(MakeRecord(setup, 7, true)), r))
            << GetServiceCategoryName(category);
        CoCallParameters got = r.message.GetCallParameters();
        EXPECT_TRUE(got.SameContract(sent)) << got << " vs " << sent;
        EXPECT_EQ(got.forward, sent.forward) << GetServiceCategoryName(category);
        EXPECT_EQ(got.backward, sent.backward) << GetServiceCategoryName(category);
        EXPECT_EQ(got.calledParty, sent.calledParty);
        EXPECT_EQ(got.callingParty, sent.callingParty);
        EXPECT_FALSE(got.modified);
    }
}

TEST(Q2931CallParametersTest, MapsCategoriesToBearerCapabilityAndTrafficDescriptor)
{
    for (CoServiceCategory category : CATEGORIES)
    {
        Q2931Header h;
        h.SetCallParameters(SampleCallParameters(category));
        const auto* bbc = h.GetBroadbandBearerCapability();
        const auto* atd = h.GetAtmTrafficDescriptor();
        ASSERT_NE(bbc, nullptr);
        ASSERT_NE(atd, nullptr);
        EXPECT_EQ(bbc->bearerClass, BroadbandBearerCapabilityIe::BCOB_X);
        EXPECT_EQ(bbc->userPlaneConfiguration, BroadbandBearerCapabilityIe::POINT_TO_POINT);
        EXPECT_EQ(atd->forwardPcr, 100000U);
        bool vbr = category == CoServiceCategory::RtVbr || category == CoServiceCategory::NrtVbr;
        EXPECT_EQ(atd->forwardScr.has_value(), vbr);
        EXPECT_EQ(atd->backwardMbs.has_value(), vbr);
        EXPECT_EQ(atd->bestEffort, category == CoServiceCategory::Ubr);
        switch (category)
        {
        case CoServiceCategory::Cbr:
            EXPECT_EQ(bbc->transferCapability, BroadbandBearerCapabilityIe::ATC_CBR);
            break;
        case CoServiceCategory::RtVbr:
            EXPECT_EQ(bbc->transferCapability, BroadbandBearerCapabilityIe::ATC_RT_VBR);
            break;
        case CoServiceCategory::NrtVbr:
            EXPECT_EQ(bbc->transferCapability, BroadbandBearerCapabilityIe::ATC_NRT_VBR);
            break;
        case CoServiceCategory::Ubr:
            EXPECT_FALSE(bbc->transferCapability.has_value());
            break;
        }
        ASSERT_NE(h.GetAalParameters(), nullptr);
        EXPECT_EQ(h.GetAalParameters()->forwardMaxSdu, 9180);
        EXPECT_EQ(h.GetAalParameters()->backwardMaxSdu, 1500);
        ASSERT_NE(h.GetQosParameter(), nullptr);
        EXPECT_EQ(*h.GetQosParameter(), QosParameterIe(2, 2));
    }
}

TEST(Q2931CallParametersTest, SetsIesInTheOrderTsharkNeeds)
{
    Q2931Header h;
    h.SetCallParameters(SampleCallParameters(CoServiceCategory::RtVbr));
    const uint8_t order[] = {0x58, 0x59, 0x5e, 0x70, 0x6c, 0x5c};
    ASSERT_EQ(h.GetNInformationElements(), 6U);
    for (uint32_t k = 0; k < 6; ++k)
    {
        EXPECT_EQ(h.GetInformationElementIdentifier(k), order[k]) << k;
    }
}

TEST(Q2931CallParametersTest, CarriesTheMinimumAfterTheTrafficDescriptorOnlyWhenGiven)
{
    CoCallParameters p = SampleCallParameters(CoServiceCategory::Cbr);
    p.minimumForwardPeakCellRate = 50000;
    p.minimumBackwardPeakCellRate = 40000;
    Q2931Header setup(Q2931MessageType::Setup, 42, false);
    setup.SetCallParameters(p);
    ASSERT_EQ(setup.GetNInformationElements(), 7U);
    EXPECT_EQ(setup.GetInformationElementIdentifier(2), MinimumTrafficDescriptorIe::IDENTIFIER);
    Received r;
    ASSERT_TRUE(Receive(PacketBytes(MakeRecord(setup, 7, true)), r));
    CoCallParameters got = r.message.GetCallParameters();
    EXPECT_EQ(got.minimumForwardPeakCellRate, 50000u);
    EXPECT_EQ(got.minimumBackwardPeakCellRate, 40000u);
    EXPECT_TRUE(got.SameContract(p)) << "the minimum is not part of the contract";
    // Mapped again without a minimum, the stale one goes.
    p.minimumForwardPeakCellRate = 0;
    p.minimumBackwardPeakCellRate = 0;
    setup.SetCallParameters(p);
    EXPECT_EQ(setup.GetMinimumTrafficDescriptor(), nullptr);
    EXPECT_EQ(setup.GetNInformationElements(), 6U);
}

TEST(Q2931CallParametersTest, LeavesOutAnAllZeroCallingParty)
{
    CoCallParameters p = SampleCallParameters(CoServiceCategory::Cbr);
    Q2931Header h;
    h.SetCallParameters(p);
    ASSERT_NE(h.GetCallingPartyNumber(), nullptr);
    p.callingParty = AesaAddress();
    h.SetCallParameters(p); // a second mapping drops the stale calling party
    EXPECT_EQ(h.GetCallingPartyNumber(), nullptr);
    EXPECT_EQ(h.GetNInformationElements(), 5U);
    EXPECT_EQ(h.GetCallParameters().callingParty, AesaAddress());
}

TEST(Q2931CallParametersTest, AbsentIesGiveDefaults)
{
    CoCallParameters p = Q2931Header().GetCallParameters();
    CoCallParameters defaults;
    EXPECT_EQ(p.category, CoServiceCategory::Ubr);
    EXPECT_EQ(p.forward, defaults.forward);
    EXPECT_EQ(p.backward, defaults.backward);
    EXPECT_EQ(p.qosClass, 0);
    EXPECT_EQ(p.calledParty, AesaAddress());
}

// ---- malformed input ------------------------------------------------------------------

namespace
{
/// RELEASE, cause normal clearing from the user: 15 bytes.
Bytes
ReleaseBytes()
{
    return MessageBytes(REFERENCE_MESSAGES[10]);
}
} // namespace

TEST(Q2931MalformedTest, RejectsMessageLengthBeyondTheBytes)
{
    Bytes bytes = ReleaseBytes();
    bytes[8] = 7;
    Q2931Header h;
    EXPECT_EQ(Decode(bytes, h), 0U);
    bytes[7] = 0xff;
    bytes[8] = 0xff;
    EXPECT_EQ(Decode(bytes, h), 0U);
}

TEST(Q2931MalformedTest, KeepsAMessageWhoseLengthEndsInsideAnIe)
{
    // The call reference is read: the message is kept for the receiver to
    // answer (Q.2931 5.6.7), the IE cut short recorded and left out.
    Bytes bytes = ReleaseBytes();
    for (uint8_t length = 1; length < 6; ++length)
    {
        bytes[8] = length;
        Q2931Header h;
        EXPECT_EQ(Decode(bytes, h), Q2931Header::FIXED_SIZE + length) << "length " << +length;
        EXPECT_EQ(h.GetCause(), nullptr);
        EXPECT_EQ(h.GetInvalidIe(), CauseIe::IDENTIFIER);
        EXPECT_EQ(h.GetCallReference(), 0x17u);
        EXPECT_EQ(h.GetMessageType(), Q2931MessageType::Release);
    }
}

TEST(Q2931MalformedTest, KeepsAMessageWithAnIeRunningPastItsEnd)
{
    Bytes bytes = ReleaseBytes();
    bytes[12] = 3; // cause IE length 3, one more than the message holds
    bytes.push_back(0x00);
    Q2931Header h;
    EXPECT_EQ(Decode(bytes, h), ReleaseBytes().size());
    EXPECT_EQ(h.GetCause(), nullptr);
    EXPECT_EQ(h.GetInvalidIe(), CauseIe::IDENTIFIER);
    bytes[12] = 0xff;
    EXPECT_EQ(Decode(bytes, h), ReleaseBytes().size());
    EXPECT_EQ(h.GetInvalidIe(), CauseIe::IDENTIFIER);
    // Decoded again from sound bytes, the header forgets it.
    EXPECT_EQ(Decode(ReleaseBytes(), h), ReleaseBytes().size());
    EXPECT_EQ(h.GetInvalidIe(), 0);
}

TEST(Q2931MalformedTest, IgnoresARepeatedIeAfterTheFirst)
{
    Bytes bytes = ReleaseBytes();
    bytes.insert(bytes.end(), {0x08, 0x80, 0x00, 0x02, 0x81, 0x9f}); // cause 31, private
    bytes[8] = 12;
    Q2931Header h;
    EXPECT_EQ(Decode(bytes, h), bytes.size());
    ASSERT_NE(h.GetCause(), nullptr);
    EXPECT_EQ(*h.GetCause(), CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
    EXPECT_EQ(h.GetNInformationElements(), 1U);
    EXPECT_EQ(h.GetInvalidIe(), 0);
    EXPECT_EQ(Encode(h), ReleaseBytes());
}

TEST(Q2931MalformedTest, RejectsBadCallReferenceLength)
{
    for (uint8_t length : {0x00, 0x01, 0x02, 0x04, 0x13, 0xff})
    {
        Bytes bytes = ReleaseBytes();
        bytes[1] = length;
        Q2931Header h;
        EXPECT_EQ(Decode(bytes, h), 0U) << "call reference length 0x" << std::hex << +length;
    }
}

TEST(Q2931MalformedTest, RejectsOtherProtocolDiscriminators)
{
    for (uint8_t pd : {0x00, 0x08, 0x0a, 0x89})
    {
        Bytes bytes = ReleaseBytes();
        bytes[0] = pd;
        Q2931Header h;
        EXPECT_EQ(Decode(bytes, h), 0U) << "protocol discriminator 0x" << std::hex << +pd;
    }
}

TEST(Q2931MalformedTest, LeavesOutAKnownIeWithMalformedContents)
{
    Bytes bytes = ReleaseBytes();
    bytes[14] = 0x80; // cause value 0
    Q2931Header h;
    EXPECT_EQ(Decode(bytes, h), bytes.size());
    EXPECT_EQ(h.GetCause(), nullptr);
    EXPECT_EQ(h.GetNInformationElements(), 0U);
    EXPECT_EQ(h.GetInvalidIe(), CauseIe::IDENTIFIER);
    EXPECT_EQ(h.GetSerializedSize(), Q2931Header::FIXED_SIZE);
}

TEST(Q2931MalformedTest, KeepsIeTheModelDoesNotKnowAsReceived)
{
    Bytes bytes = ReleaseBytes();
    // a notification indicator (0x27) in front of the cause
    bytes.insert(bytes.begin() + 9, {0x27, 0x90, 0x00, 0x02, 0x01, 0x02});
    bytes[8] = 12;
    Q2931Header h;
    ASSERT_EQ(Decode(bytes, h), bytes.size());
    EXPECT_EQ(h.GetNInformationElements(), 1U);
    ASSERT_NE(h.GetCause(), nullptr);
    ASSERT_EQ(h.GetOtherIes().size(), 1U);
    EXPECT_EQ(h.GetOtherIes()[0].identifier, 0x27);
    EXPECT_EQ(h.GetOtherIes()[0].compatibility, 0x90); // its instruction field, as received
    EXPECT_EQ(h.GetOtherIes()[0].contents, (Bytes{0x01, 0x02}));
    // Written again after the inline IEs, byte for byte.
    Bytes expected = ReleaseBytes();
    expected.insert(expected.end(), {0x27, 0x90, 0x00, 0x02, 0x01, 0x02});
    expected[8] = 12;
    EXPECT_EQ(Encode(h), expected);
    EXPECT_EQ(h.GetSerializedSize(), expected.size());
    EXPECT_TRUE(h.RemoveInformationElement(0x27));
    EXPECT_EQ(Encode(h), ReleaseBytes());
}

TEST(Q2931MalformedTest, KeepsKnownIeCodedByAnotherStandardApart)
{
    Bytes bytes = ReleaseBytes();
    bytes[10] = 0xe0; // coding standard "network specific"
    Q2931Header h;
    ASSERT_EQ(Decode(bytes, h), bytes.size());
    EXPECT_EQ(h.GetCause(), nullptr);
    ASSERT_EQ(h.GetOtherIes().size(), 1U);
    EXPECT_EQ(h.GetOtherIes()[0].compatibility, 0xe0);
    EXPECT_EQ(Encode(h), bytes);
}

/// An IE without an inline slot, for the typed accessors.
struct TwoByteTestIe
{
    static constexpr uint8_t IDENTIFIER = 0x7e;
    uint16_t value = 0;

    uint16_t GetContentsSize() const
    {
        return 2;
    }

    void SerializeContents(Buffer::Iterator& i) const
    {
        i.WriteHtonU16(value);
    }

    bool DeserializeContents(Buffer::Iterator& i, uint16_t length)
    {
        if (length != 2)
        {
            return false;
        }
        value = i.ReadNtohU16();
        return true;
    }
};

TEST(Q2931HeaderTest, ReadsAndWritesIesWithoutASlot)
{
    Q2931Header h(Q2931MessageType::Status, CREF, true);
    TwoByteTestIe ie;
    EXPECT_FALSE(h.GetOtherIe(ie));
    ie.value = 0x1234;
    h.SetOtherIe(ie);
    EXPECT_EQ(h.GetSerializedSize(), Q2931Header::FIXED_SIZE + 6);
    ie.value = 0xbeef; // replaces the present one in place
    h.SetOtherIe(ie);
    ASSERT_EQ(h.GetOtherIes().size(), 1U);

    Bytes bytes = Encode(h);
    EXPECT_EQ(Bytes(bytes.end() - 6, bytes.end()), (Bytes{0x7e, 0x80, 0x00, 0x02, 0xbe, 0xef}));
    Q2931Header decoded;
    ASSERT_EQ(Decode(bytes, decoded), bytes.size());
    TwoByteTestIe read;
    ASSERT_TRUE(decoded.GetOtherIe(read));
    EXPECT_EQ(read.value, 0xbeef);

    // Contents of another length are malformed for the IE class: not read.
    Q2931RawIe raw = decoded.GetOtherIes()[0];
    raw.contents.push_back(0);
    decoded.AddOtherIe(raw);
    EXPECT_FALSE(decoded.GetOtherIe(read));
    // Reused for another message, the header forgets them.
    ASSERT_EQ(Decode(ReleaseBytes(), decoded), ReleaseBytes().size());
    EXPECT_TRUE(decoded.GetOtherIes().empty());
}

TEST(Q2931MalformedTest, AcceptsUnknownMessageTypes)
{
    Bytes bytes = ReleaseBytes();
    bytes[5] = 0x33; // no Q.2931 message: for the receiver to judge
    Q2931Header h;
    ASSERT_EQ(Decode(bytes, h), bytes.size());
    EXPECT_EQ(static_cast<uint8_t>(h.GetMessageType()), 0x33);
    EXPECT_EQ(Encode(h), bytes);
}

TEST(Q2931MalformedTest, LeavesBytesAfterTheMessageInThePacket)
{
    Bytes bytes = ReleaseBytes();
    bytes.insert(bytes.end(), {0x00, 0x48, 0x00, 0x00, 0x05});
    Q2931Header h;
    EXPECT_EQ(Decode(bytes, h), ReleaseBytes().size());
}

TEST(Q2931MalformedTest, ForgetsEarlierIesWhenReused)
{
    Q2931Header h = BuildSetup();
    Bytes bytes = ReleaseBytes();
    ASSERT_EQ(Decode(bytes, h), bytes.size());
    EXPECT_EQ(h.GetNInformationElements(), 1U);
    EXPECT_EQ(h.GetCalledPartyNumber(), nullptr);
    h = BuildSetup();
    bytes[0] = 0;
    EXPECT_EQ(Decode(bytes, h), 0U);
    EXPECT_EQ(h.GetNInformationElements(), 0U);
}

TEST(Q2931MalformedTest, ForgetsAKnownIeThatTurnsOutMalformed)
{
    // A Cause IE (good) then a QoS parameter IE of length 1 (malformed): the
    // cause is kept, the QoS slot left empty and named.
    Bytes bytes{0x09, 0x03, 0x00, 0x00, 0x17, 0x4d, 0x80, 0x00, 0x0b, 0x08,
                0x80, 0x00, 0x02, 0x80, 0x90, 0x5c, 0x80, 0x00, 0x01, 0x01};
    Q2931Header h;
    EXPECT_EQ(Decode(bytes, h), bytes.size());
    EXPECT_EQ(h.GetNInformationElements(), 1U);
    EXPECT_NE(h.GetCause(), nullptr);
    EXPECT_EQ(h.GetQosParameter(), nullptr);
    EXPECT_EQ(h.GetInvalidIe(), QosParameterIe::IDENTIFIER);
    EXPECT_EQ(Encode(h), ReleaseBytes());
    h.SetQosParameter(QosParameterIe(1, 1));
    EXPECT_EQ(h.GetNInformationElements(), 2U);
}

TEST(Q2931MalformedTest, DeserializeAtMostReadsOnlyTheGivenBytes)
{
    Bytes bytes = MessageBytes(REFERENCE_MESSAGES[0]); // SETUP
    Buffer buffer;
    buffer.AddAtStart(static_cast<uint32_t>(bytes.size()));
    buffer.Begin().Write(bytes.data(), static_cast<uint32_t>(bytes.size()));
    Q2931Header h;
    EXPECT_EQ(h.DeserializeAtMost(buffer.Begin(), static_cast<uint32_t>(bytes.size()) - 1), 0U);
    EXPECT_EQ(h.GetNInformationElements(), 0U);
    EXPECT_EQ(h.DeserializeAtMost(buffer.Begin(), static_cast<uint32_t>(bytes.size())),
              bytes.size());
    Buffer::Iterator end = buffer.Begin();
    end.Next(static_cast<uint32_t>(bytes.size()) - 1);
    EXPECT_EQ(h.Deserialize(buffer.Begin(), end), 0U);
    end.Next();
    EXPECT_EQ(h.Deserialize(buffer.Begin(), end), bytes.size());
}

TEST(Q2931HeaderTest, SizeFollowsEverySetRemoveAndDecode)
{
    // GetSerializedSize() is worked out once and kept: whatever changes the
    // IEs must make it work the size out again.
    Q2931Header h(Q2931MessageType::Release, 0x17, false);
    EXPECT_EQ(h.GetSerializedSize(), 9U);
    h.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
    EXPECT_EQ(h.GetSerializedSize(), 15U);
    CauseIe withDiagnostics(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING);
    withDiagnostics.diagnostics = {0x01, 0x02};
    h.SetCause(withDiagnostics);
    EXPECT_EQ(h.GetSerializedSize(), 17U);
    h.SetQosParameter(QosParameterIe(1, 1));
    EXPECT_EQ(h.GetSerializedSize(), 23U);
    EXPECT_TRUE(h.RemoveInformationElement(CauseIe::IDENTIFIER));
    EXPECT_EQ(h.GetSerializedSize(), 15U);
    h.SetCallReference(0x7fffff);
    h.SetMessageType(Q2931MessageType::ReleaseComplete);
    EXPECT_EQ(h.GetSerializedSize(), 15U);
    Bytes bytes = MessageBytes(REFERENCE_MESSAGES[0]); // SETUP
    ASSERT_EQ(Decode(bytes, h), bytes.size());
    EXPECT_EQ(h.GetSerializedSize(), bytes.size());
    Q2931Header copy = h;
    copy.RemoveInformationElement(CalledPartyNumberIe::IDENTIFIER);
    EXPECT_EQ(h.GetSerializedSize(), bytes.size()) << "a copy's change is its own";
    EXPECT_EQ(copy.GetSerializedSize(), bytes.size() - 25);
    Bytes bad = bytes;
    bad[0] = 0;
    EXPECT_EQ(Decode(bad, h), 0U);
    EXPECT_EQ(h.GetSerializedSize(), Q2931Header::FIXED_SIZE);
}

TEST(Q2931MalformedTest, SurvivesRandomMutationsOfReferenceMessages)
{
    // Mutations of whole reference records, taken apart as a receiver does.
    // Every message that is accepted must re-encode to bytes that decode to
    // the same message again.
    std::mt19937 rng(0xc0d15);
    const uint8_t interesting[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x7f, 0x80, 0xff};
    uint32_t accepted = 0;
    uint32_t rejected = 0;
    for (uint32_t iteration = 0; iteration < 20000; ++iteration)
    {
        const ReferenceMessage& m = REFERENCE_MESSAGES[rng() % REFERENCE_MESSAGES.size()];
        bool wholeRecord = rng() % 2 == 0;
        Bytes bytes = wholeRecord ? RecordBytes(m) : MessageBytes(m);
        uint32_t mutations = 1 + rng() % 4;
        for (uint32_t k = 0; k < mutations && !bytes.empty(); ++k)
        {
            size_t at = rng() % bytes.size();
            switch (rng() % 6)
            {
            case 0:
                bytes[at] ^= static_cast<uint8_t>(1U << (rng() % 8));
                break;
            case 1:
                bytes[at] = static_cast<uint8_t>(rng());
                break;
            case 2:
                bytes[at] = interesting[rng() % sizeof(interesting)];
                break;
            case 3:
                bytes.resize(at);
                break;
            case 4:
                bytes.insert(bytes.begin() + at, static_cast<uint8_t>(rng()));
                break;
            case 5:
                // a length field: the message length, or wherever an IE's may be
                at = (rng() % 2 == 0 ? 7 : at) + (wholeRecord ? PSEUDO_HEADER_SIZE : 0);
                if (at + 1 < bytes.size())
                {
                    bytes[at] = rng() % 4 == 0 ? static_cast<uint8_t>(rng()) : 0;
                    bytes[at + 1] = static_cast<uint8_t>(bytes[at + 1] + (rng() % 7) - 3);
                }
                break;
            }
        }
        Q2931Header h;
        bool ok = false;
        if (wholeRecord)
        {
            Received r;
            ok = Receive(bytes, r);
            h = r.message;
        }
        else
        {
            uint32_t n = Decode(bytes, h);
            ASSERT_LE(n, bytes.size());
            ok = n != 0;
        }
        if (!ok)
        {
            ++rejected;
            continue;
        }
        ++accepted;
        Bytes again = Encode(h);
        ASSERT_EQ(again.size(), h.GetSerializedSize());
        Q2931Header back;
        ASSERT_EQ(Decode(again, back), again.size()) << "iteration " << iteration;
        ASSERT_EQ(Encode(back), again) << "iteration " << iteration;
    }
    // both outcomes must occur, or the mutations test nothing
    EXPECT_GT(accepted, 1000U);
    EXPECT_GT(rejected, 1000U);
}

// ---- a pcap that Wireshark decodes --------------------------------------------------------

TEST(Q2931PcapTest, TsharkDecodesEveryMessageTheApiBuilds)
{
    std::vector<Ptr<Packet>> records;
    for (size_t k = 0; k < BUILDERS.size(); ++k)
    {
        const ReferenceMessage& m = REFERENCE_MESSAGES[k];
        records.push_back(MakeRecord(BUILDERS[k](), m.sequenceNumber, m.fromUserSide));
    }
    uint32_t sequenceNumber = 6;
    for (CoServiceCategory category : CATEGORIES)
    {
        Q2931Header setup(Q2931MessageType::Setup, 0x100 + sequenceNumber, false);
        setup.SetCallParameters(SampleCallParameters(category));
        records.push_back(MakeRecord(setup, sequenceNumber, true));
        Q2931Header proceeding(Q2931MessageType::CallProceeding, 0x100 + sequenceNumber, true);
        proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, 32 + sequenceNumber));
        records.push_back(MakeRecord(proceeding, sequenceNumber, false));
        ++sequenceNumber;
    }
    Q2931Header rejected(Q2931MessageType::ReleaseComplete, 0x42, true);
    CauseIe cause(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::RESOURCES_UNAVAILABLE);
    rejected.SetCause(cause);
    records.push_back(MakeRecord(rejected, sequenceNumber++, false));
    records.push_back(
        MakeRecord(Q2931Header(Q2931MessageType::StatusEnquiry, 0x42, false), 11, true));

    std::string file = ::testing::TempDir() + "condis-q2931-api.pcap";
    {
        Ptr<PcapFileWrapper> pcap = CreateObject<PcapFileWrapper>();
        pcap->Open(file, std::ios::out);
        ASSERT_FALSE(pcap->Fail()) << "cannot write " << file;
        pcap->Init(123); // LINKTYPE_SUNATM: the records need no rewriting
        for (size_t k = 0; k < records.size(); ++k)
        {
            pcap->Write(MilliSeconds(10 * k), records[k]);
        }
        pcap->Close();
    }
    std::ifstream in(file, std::ios::binary);
    char global[24];
    ASSERT_TRUE(in.read(global, sizeof(global)));
    EXPECT_EQ(static_cast<uint8_t>(global[20]), 123) << "link type";

    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: " << file << " written but not checked";
    }
    EXPECT_EQ(TsharkProblems(file), std::vector<std::string>());
    std::string count = Tshark(file, "-Y q2931 -T fields -e frame.number | wc -l");
    EXPECT_EQ(std::stoul(count), records.size());
}
