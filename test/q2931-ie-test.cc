/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The Q.2931 information elements on their own: the contents bytes of each
 * IE as the reference capture has them, round trips, and malformed contents.
 */

#include "ns3/buffer.h"
#include "ns3/q2931-aal-parameters-ie.h"
#include "ns3/q2931-atm-traffic-descriptor-ie.h"
#include "ns3/q2931-broadband-bearer-capability-ie.h"
#include "ns3/q2931-broadband-low-layer-information-ie.h"
#include "ns3/q2931-called-party-number-ie.h"
#include "ns3/q2931-calling-party-number-ie.h"
#include "ns3/q2931-cause-ie.h"
#include "ns3/q2931-connection-identifier-ie.h"
#include "ns3/q2931-endpoint-reference-ie.h"
#include "ns3/q2931-minimum-traffic-descriptor-ie.h"
#include "ns3/q2931-qos-parameter-ie.h"

#include <gtest/gtest.h>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{
using Bytes = std::vector<uint8_t>;

/// Bytes placed after the contents, to catch a decoder that reads past its length.
const Bytes SENTINEL = {0xde, 0xad};

/// \return the contents bytes the IE writes
template <class T>
Bytes
Encode(const T& ie)
{
    Buffer buffer;
    buffer.AddAtStart(ie.GetContentsSize());
    Buffer::Iterator i = buffer.Begin();
    ie.SerializeContents(i);
    EXPECT_TRUE(i.IsEnd()) << "SerializeContents wrote less than GetContentsSize()";
    Bytes out(buffer.GetSize());
    buffer.CopyData(out.data(), static_cast<uint32_t>(out.size()));
    return out;
}

/// Decodes \p contents (followed by sentinel bytes) as an IE of that length.
template <class T>
bool
Decode(const Bytes& contents, T& ie)
{
    Bytes bytes = contents;
    bytes.insert(bytes.end(), SENTINEL.begin(), SENTINEL.end());
    Buffer buffer;
    buffer.AddAtStart(static_cast<uint32_t>(bytes.size()));
    buffer.Begin().Write(bytes.data(), static_cast<uint32_t>(bytes.size()));
    Buffer::Iterator i = buffer.Begin();
    bool ok = ie.DeserializeContents(i, static_cast<uint16_t>(contents.size()));
    if (ok)
    {
        EXPECT_EQ(i.GetRemainingSize(), SENTINEL.size()) << "decoder did not read exactly length";
    }
    return ok;
}

/// Encodes, decodes, and checks the IE comes back equal.
template <class T>
void
ExpectRoundTrip(const T& ie)
{
    Bytes bytes = Encode(ie);
    EXPECT_EQ(bytes.size(), ie.GetContentsSize());
    T back;
    ASSERT_TRUE(Decode(bytes, back)) << "cannot decode what it encoded: " << ie;
    EXPECT_EQ(back, ie);
    EXPECT_EQ(Encode(back), bytes);
}

/// \return what Print writes
template <class T>
std::string
Printed(const T& ie)
{
    std::ostringstream os;
    ie.Print(os);
    return os.str();
}

const AesaAddress CALLED =
    AesaAddress::FromString("39.0840.0f00.0000.0000.0001.0203.00a0.c912.3456.00");
const AesaAddress CALLING =
    AesaAddress::FromString("47.0091.8100.0000.0060.3e5a.7901.0020.481a.2b01.00");
} // namespace

// ---- Cause (0x08) ---------------------------------------------------------

TEST(CauseIeTest, DecodesReferenceNormalClearingFromUser)
{
    CauseIe ie(CauseIe::LOCATION_TRANSIT, 1);
    ASSERT_TRUE(Decode({0x80, 0x90}, ie)); // RELEASE
    EXPECT_EQ(ie.location, CauseIe::LOCATION_USER);
    EXPECT_EQ(ie.cause, Q2931Cause::NORMAL_CLEARING);
    EXPECT_TRUE(ie.diagnostics.empty());
}

TEST(CauseIeTest, DecodesReferenceNoRouteFromPrivateNetwork)
{
    CauseIe ie;
    ASSERT_TRUE(Decode({0x81, 0x83}, ie)); // ADD PARTY REJECT
    EXPECT_EQ(ie.location, CauseIe::LOCATION_PRIVATE_LOCAL);
    EXPECT_EQ(ie.cause, Q2931Cause::NO_ROUTE_TO_DESTINATION);
    EXPECT_EQ(Encode(ie), (Bytes{0x81, 0x83}));
}

TEST(CauseIeTest, RoundTripsWithDiagnostics)
{
    CauseIe ie(CauseIe::LOCATION_PUBLIC_LOCAL, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE);
    ie.diagnostics = {0x84, 0x85};
    EXPECT_EQ(Encode(ie), (Bytes{0x82, 0xa5, 0x84, 0x85}));
    ExpectRoundTrip(ie);
    ie.diagnostics.assign(CauseIe::MAX_DIAGNOSTICS, 0x11);
    ExpectRoundTrip(ie);
}

TEST(CauseIeTest, RejectsShortLongAndUnextendedContents)
{
    CauseIe ie;
    EXPECT_FALSE(Decode({}, ie));
    EXPECT_FALSE(Decode({0x80}, ie));
    EXPECT_FALSE(Decode({0x00, 0x90}, ie)); // octet 5 would need an octet 5a
    EXPECT_FALSE(Decode({0x80, 0x10}, ie)); // octet 6 without ext bit
    EXPECT_FALSE(Decode({0x80, 0x80}, ie)); // cause value 0
    Bytes tooLong(2 + CauseIe::MAX_DIAGNOSTICS + 1, 0x80);
    EXPECT_FALSE(Decode(tooLong, ie));
}

TEST(CauseIeTest, PrintsCauseNameAndLocation)
{
    EXPECT_EQ(Printed(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING)),
              "cause=16 (normal call clearing) loc=user");
}

// ---- Called party number (0x70) ------------------------------------------

TEST(CalledPartyNumberIeTest, DecodesReferenceAesa)
{
    Bytes bytes = {0x82};
    bytes.insert(bytes.end(), CALLED.GetBytes().begin(), CALLED.GetBytes().end());
    CalledPartyNumberIe ie;
    ASSERT_TRUE(Decode(bytes, ie));
    EXPECT_TRUE(ie.IsAesa());
    EXPECT_EQ(ie.number, CALLED);
    EXPECT_EQ(ie.typeOfNumber, CalledPartyNumberIe::TYPE_UNKNOWN);
    EXPECT_EQ(Encode(CalledPartyNumberIe(CALLED)), bytes);
}

TEST(CalledPartyNumberIeTest, DecodesReferenceE164Number)
{
    // the second ADD PARTY of the capture: international, E.164, "4121234567"
    Bytes bytes = {0x91, 0x34, 0x31, 0x32, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37};
    CalledPartyNumberIe ie;
    ASSERT_TRUE(Decode(bytes, ie));
    EXPECT_FALSE(ie.IsAesa());
    EXPECT_EQ(ie.numberingPlan, CalledPartyNumberIe::PLAN_E164);
    EXPECT_EQ(ie.typeOfNumber, CalledPartyNumberIe::TYPE_INTERNATIONAL);
    EXPECT_EQ(ie.e164, "4121234567");
    EXPECT_EQ(ie, CalledPartyNumberIe::FromE164("4121234567"));
    EXPECT_EQ(Encode(ie), bytes);
}

TEST(CalledPartyNumberIeTest, RoundTripsBothPlans)
{
    ExpectRoundTrip(CalledPartyNumberIe(CALLING));
    ExpectRoundTrip(CalledPartyNumberIe::FromE164("1", CalledPartyNumberIe::TYPE_UNKNOWN));
    ExpectRoundTrip(CalledPartyNumberIe::FromE164("123456789012345"));
}

TEST(CalledPartyNumberIeTest, RejectsOtherLengthsPlansAndDigits)
{
    CalledPartyNumberIe ie;
    Bytes aesa = {0x82};
    aesa.insert(aesa.end(), CALLED.GetBytes().begin(), CALLED.GetBytes().end());
    EXPECT_FALSE(Decode(Bytes(aesa.begin(), aesa.end() - 1), ie)); // 19-byte AESA
    Bytes longer = aesa;
    longer.push_back(0);
    EXPECT_FALSE(Decode(longer, ie)); // 21-byte AESA
    Bytes unextended = aesa;
    unextended[0] = 0x02;
    EXPECT_FALSE(Decode(unextended, ie)); // called party number has no octet 5a
    Bytes typed = aesa;
    typed[0] = 0x92;
    EXPECT_FALSE(Decode(typed, ie)); // an AESA's type of number is unknown
    Bytes otherPlan = aesa;
    otherPlan[0] = 0x89; // private numbering plan
    EXPECT_FALSE(Decode(otherPlan, ie));
    EXPECT_FALSE(Decode({0x91}, ie));             // no digits
    EXPECT_FALSE(Decode({0x91, 0x34, 0x41}, ie)); // 'A' is not a digit
    EXPECT_FALSE(Decode(Bytes(17, 0x91), ie));    // 16 digits
    EXPECT_FALSE(Decode({}, ie));
}

TEST(CalledPartyNumberIeTest, PrintsAddress)
{
    EXPECT_EQ(Printed(CalledPartyNumberIe(CALLED)), "called=" + CALLED.ToString());
    EXPECT_EQ(Printed(CalledPartyNumberIe::FromE164("4121234567")), "called=e164:4121234567");
}

// ---- Calling party number (0x6C) -----------------------------------------

TEST(CallingPartyNumberIeTest, DecodesReferenceAesaWithOctet5a)
{
    Bytes bytes = {0x02, 0x80};
    bytes.insert(bytes.end(), CALLING.GetBytes().begin(), CALLING.GetBytes().end());
    CallingPartyNumberIe ie(CALLED, 1, 3);
    ASSERT_TRUE(Decode(bytes, ie));
    EXPECT_EQ(ie.number, CALLING);
    EXPECT_EQ(ie.presentation, CallingPartyNumberIe::PRESENTATION_ALLOWED);
    EXPECT_EQ(ie.screening, CallingPartyNumberIe::SCREENING_NOT_SCREENED);
    EXPECT_EQ(Encode(CallingPartyNumberIe(CALLING)), bytes);
}

TEST(CallingPartyNumberIeTest, AcceptsFormWithoutOctet5a)
{
    Bytes bytes = {0x82};
    bytes.insert(bytes.end(), CALLING.GetBytes().begin(), CALLING.GetBytes().end());
    CallingPartyNumberIe ie(CALLED, 1, 3);
    ASSERT_TRUE(Decode(bytes, ie));
    EXPECT_EQ(ie, CallingPartyNumberIe(CALLING));
    EXPECT_EQ(ie.GetContentsSize(), 22); // re-encoded with octet 5a
}

TEST(CallingPartyNumberIeTest, RoundTripsIndicators)
{
    CallingPartyNumberIe ie(CALLING,
                            CallingPartyNumberIe::PRESENTATION_RESTRICTED,
                            CallingPartyNumberIe::SCREENING_NETWORK);
    EXPECT_EQ(Encode(ie)[1], 0xa3);
    ExpectRoundTrip(ie);
}

TEST(CallingPartyNumberIeTest, RejectsMismatchedLengthsAndOtherPlans)
{
    CallingPartyNumberIe ie;
    Bytes with5a = {0x02, 0x80};
    with5a.insert(with5a.end(), CALLING.GetBytes().begin(), CALLING.GetBytes().end());
    Bytes without5a(with5a);
    without5a[0] = 0x82; // says no octet 5a, but 22 bytes follow
    EXPECT_FALSE(Decode(without5a, ie));
    EXPECT_FALSE(Decode(Bytes(with5a.begin(), with5a.end() - 1), ie));
    Bytes unextended5a(with5a);
    unextended5a[1] = 0x00;
    EXPECT_FALSE(Decode(unextended5a, ie));
    Bytes e164(with5a);
    e164[0] = 0x01;
    EXPECT_FALSE(Decode(e164, ie));
    EXPECT_FALSE(Decode({}, ie));
    EXPECT_FALSE(Decode({0x02}, ie));
}

// ---- ATM traffic descriptor (0x59) ---------------------------------------

TEST(AtmTrafficDescriptorIeTest, DecodesReferencePcrAndBestEffort)
{
    AtmTrafficDescriptorIe ie;
    ASSERT_TRUE(Decode({0x84, 0x05, 0x63, 0xb7, 0x85, 0x05, 0x63, 0xb7, 0xbe}, ie));
    EXPECT_EQ(ie.forwardPcr, 353207U);
    EXPECT_EQ(ie.backwardPcr, 353207U);
    EXPECT_FALSE(ie.forwardScr.has_value());
    EXPECT_FALSE(ie.backwardScr.has_value());
    EXPECT_FALSE(ie.forwardMbs.has_value());
    EXPECT_FALSE(ie.backwardMbs.has_value());
    EXPECT_TRUE(ie.bestEffort);
    EXPECT_EQ(Printed(ie), "PCR 353207/353207 BE");
}

TEST(AtmTrafficDescriptorIeTest, EncodesInReferenceOrderAndRoundTrips)
{
    AtmTrafficDescriptorIe ie;
    ie.backwardMbs = 0x000102;
    ie.forwardMbs = 32;
    ie.backwardScr = 1000;
    ie.forwardScr = 2000;
    ie.backwardPcr = 0xffffff;
    ie.forwardPcr = 4000;
    EXPECT_EQ(Encode(ie),
              (Bytes{0x84, 0x00, 0x0f, 0xa0, 0x85, 0xff, 0xff, 0xff, 0x90, 0x00, 0x07, 0xd0,
                     0x91, 0x00, 0x03, 0xe8, 0xb0, 0x00, 0x00, 0x20, 0xb1, 0x00, 0x01, 0x02}));
    ExpectRoundTrip(ie);
    ie.bestEffort = true;
    ExpectRoundTrip(ie);
    ExpectRoundTrip(AtmTrafficDescriptorIe());
}

TEST(AtmTrafficDescriptorIeTest, AcceptsAnyOrder)
{
    AtmTrafficDescriptorIe ie;
    ASSERT_TRUE(Decode({0xbe, 0x85, 0x00, 0x00, 0x02, 0x84, 0x00, 0x00, 0x01}, ie));
    EXPECT_EQ(ie.forwardPcr, 1U);
    EXPECT_EQ(ie.backwardPcr, 2U);
    EXPECT_TRUE(ie.bestEffort);
}

TEST(AtmTrafficDescriptorIeTest, RejectsUnknownRepeatedAndCutShortSubfields)
{
    AtmTrafficDescriptorIe ie;
    EXPECT_FALSE(Decode({0x82, 0x00, 0x00, 0x01}, ie)); // PCR CLP=0: not modelled
    EXPECT_FALSE(Decode({0x84, 0x00, 0x00, 0x01, 0x84, 0x00, 0x00, 0x01}, ie));
    EXPECT_FALSE(Decode({0xbe, 0xbe}, ie));
    EXPECT_FALSE(Decode({0x84, 0x00, 0x00}, ie));
    EXPECT_FALSE(Decode({0x84}, ie));
}

// ---- Minimum acceptable ATM traffic descriptor (0x81) ---------------------

TEST(MinimumTrafficDescriptorIeTest, EncodesPeakRatesAndRoundTrips)
{
    MinimumTrafficDescriptorIe ie;
    ie.backwardPcr = 0xffffff;
    ie.forwardPcr = 1000;
    EXPECT_EQ(Encode(ie), (Bytes{0x84, 0x00, 0x03, 0xe8, 0x85, 0xff, 0xff, 0xff}));
    ExpectRoundTrip(ie);
    ie.forwardPcr.reset();
    ExpectRoundTrip(ie);
    EXPECT_EQ(Printed(ie), "min PCR -/16777215");
}

TEST(MinimumTrafficDescriptorIeTest, CarriesTheCallersMinimumBothWays)
{
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 2000);
    EXPECT_EQ(MinimumTrafficDescriptorIe::FromCallParameters(p).GetContentsSize(), 0u);
    p.minimumForwardPeakCellRate = 500;
    MinimumTrafficDescriptorIe ie = MinimumTrafficDescriptorIe::FromCallParameters(p);
    EXPECT_EQ(ie.forwardPcr, 500u);
    EXPECT_FALSE(ie.backwardPcr.has_value());
    CoCallParameters back = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 2000);
    back.minimumBackwardPeakCellRate = 7;
    ie.ApplyTo(back);
    EXPECT_EQ(back.minimumForwardPeakCellRate, 500u);
    EXPECT_EQ(back.minimumBackwardPeakCellRate, 0u) << "absent: no minimum";
}

TEST(MinimumTrafficDescriptorIeTest, RejectsUnmodelledRepeatedAndCutShortSubfields)
{
    MinimumTrafficDescriptorIe ie;
    EXPECT_FALSE(Decode({0x82, 0x00, 0x00, 0x01}, ie)); // PCR CLP=0: not modelled
    EXPECT_FALSE(Decode({0x92, 0x00, 0x00, 0x01}, ie)); // ABR MCR: not modelled
    EXPECT_FALSE(Decode({0x90, 0x00, 0x00, 0x01}, ie)); // an SCR has no minimum here
    EXPECT_FALSE(Decode({0x85, 0x00, 0x00, 0x01, 0x85, 0x00, 0x00, 0x01}, ie));
    EXPECT_FALSE(Decode({0x84, 0x00, 0x00}, ie));
    EXPECT_FALSE(Decode({0x84}, ie));
    EXPECT_TRUE(Decode({0x85, 0x00, 0x00, 0x02, 0x84, 0x00, 0x00, 0x01}, ie));
    EXPECT_EQ(ie.forwardPcr, 1u);
    EXPECT_EQ(ie.backwardPcr, 2u);
}

// ---- Broadband bearer capability (0x5E) ----------------------------------

TEST(BroadbandBearerCapabilityIeTest, DecodesReferenceClassXNrtVbrPointToMultipoint)
{
    BroadbandBearerCapabilityIe ie;
    ASSERT_TRUE(Decode({0x10, 0x8a, 0x81}, ie));
    EXPECT_EQ(ie.bearerClass, BroadbandBearerCapabilityIe::BCOB_X);
    EXPECT_EQ(ie.transferCapability, BroadbandBearerCapabilityIe::ATC_NRT_VBR);
    EXPECT_FALSE(ie.susceptibleToClipping);
    EXPECT_EQ(ie.userPlaneConfiguration, BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT);
    EXPECT_EQ(Printed(ie), "BCOB-X/nrt-VBR p2mp");
    EXPECT_EQ(Encode(BroadbandBearerCapabilityIe(BroadbandBearerCapabilityIe::BCOB_X,
                                                 BroadbandBearerCapabilityIe::ATC_NRT_VBR,
                                                 BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT)),
              (Bytes{0x10, 0x8a, 0x81}));
}

TEST(BroadbandBearerCapabilityIeTest, OmitsOctet5aWithoutTransferCapability)
{
    BroadbandBearerCapabilityIe ie(BroadbandBearerCapabilityIe::BCOB_X);
    EXPECT_EQ(Encode(ie), (Bytes{0x90, 0x80}));
    ExpectRoundTrip(ie);
}

TEST(BroadbandBearerCapabilityIeTest, RoundTripsEveryClassAndCapability)
{
    for (uint8_t bearer : {BroadbandBearerCapabilityIe::BCOB_A,
                           BroadbandBearerCapabilityIe::BCOB_C,
                           BroadbandBearerCapabilityIe::BCOB_X,
                           BroadbandBearerCapabilityIe::BCOB_VP})
    {
        for (uint8_t atc : {BroadbandBearerCapabilityIe::ATC_CBR,
                            BroadbandBearerCapabilityIe::ATC_RT_VBR,
                            BroadbandBearerCapabilityIe::ATC_NRT_VBR})
        {
            BroadbandBearerCapabilityIe ie(bearer, atc);
            ie.susceptibleToClipping = true;
            ExpectRoundTrip(ie);
        }
        ExpectRoundTrip(BroadbandBearerCapabilityIe(bearer));
    }
}

TEST(BroadbandBearerCapabilityIeTest, RejectsBadLengthsClassesAndCodes)
{
    BroadbandBearerCapabilityIe ie;
    EXPECT_FALSE(Decode({0x10, 0x81}, ie));       // octet 5a announced, missing
    EXPECT_FALSE(Decode({0x90, 0x8a, 0x81}, ie)); // octet 5a not announced, present
    EXPECT_FALSE(Decode({0x82, 0x80}, ie));       // bearer class 2
    EXPECT_FALSE(Decode({0x10, 0x0a, 0x81}, ie)); // octet 5a without ext bit
    EXPECT_FALSE(Decode({0x90, 0x01}, ie));       // octet 6 without ext bit
    EXPECT_FALSE(Decode({0x90, 0xc0}, ie));       // reserved clipping code
    EXPECT_FALSE(Decode({0x90, 0x82}, ie));       // reserved configuration code
    EXPECT_FALSE(Decode({0x90}, ie));
}

// ---- AAL parameters (0x58) -------------------------------------------------

TEST(AalParametersIeTest, DecodesReferenceAal5)
{
    Bytes bytes = {0x05, 0x8c, 0x23, 0xe4, 0x81, 0x23, 0xe4, 0x83, 0x01, 0x84, 0x00};
    AalParametersIe ie;
    ASSERT_TRUE(Decode(bytes, ie));
    EXPECT_EQ(ie.forwardMaxSdu, 9188);
    EXPECT_EQ(ie.backwardMaxSdu, 9188);
    EXPECT_EQ(ie.mode, AalParametersIe::MODE_MESSAGE);
    EXPECT_EQ(ie.sscsType, AalParametersIe::SSCS_NULL);
    EXPECT_EQ(Encode(ie), bytes);
}

TEST(AalParametersIeTest, RoundTripsOptionalSubfields)
{
    AalParametersIe ie(1500, 64000);
    EXPECT_EQ(Encode(ie), (Bytes{0x05, 0x8c, 0x05, 0xdc, 0x81, 0xfa, 0x00}));
    ExpectRoundTrip(ie);
    ie.sscsType = 1;
    ExpectRoundTrip(ie);
    ExpectRoundTrip(AalParametersIe());
}

TEST(AalParametersIeTest, RejectsOtherAalTypesAndBadSubfields)
{
    AalParametersIe ie;
    EXPECT_FALSE(Decode({}, ie));
    EXPECT_FALSE(Decode({0x01}, ie));                         // AAL1
    EXPECT_FALSE(Decode({0x05, 0x8c, 0x23}, ie));             // value cut short
    EXPECT_FALSE(Decode({0x05, 0x85, 0x01}, ie));             // unknown subfield
    EXPECT_FALSE(Decode({0x05, 0x84, 0x00, 0x84, 0x00}, ie)); // repeated
    EXPECT_FALSE(Decode({0x05, 0x83}, ie));
}

// ---- Connection identifier (0x5A) ------------------------------------------

TEST(ConnectionIdentifierIeTest, DecodesReferenceVpci0Vci100)
{
    ConnectionIdentifierIe ie(7, 7);
    ASSERT_TRUE(Decode({0x88, 0x00, 0x00, 0x00, 0x64}, ie));
    EXPECT_EQ(ie.vpAssociatedSignalling, ConnectionIdentifierIe::EXPLICIT_VPCI);
    EXPECT_EQ(ie.preferredExclusive, ConnectionIdentifierIe::EXCLUSIVE_VPCI_EXCLUSIVE_VCI);
    EXPECT_EQ(ie.vpci, 0);
    EXPECT_EQ(ie.vci, 100);
    EXPECT_EQ(Encode(ConnectionIdentifierIe(0, 100)), (Bytes{0x88, 0x00, 0x00, 0x00, 0x64}));
}

TEST(ConnectionIdentifierIeTest, RoundTripsFields)
{
    ConnectionIdentifierIe ie(0x1234, 0xfedc);
    ie.preferredExclusive = ConnectionIdentifierIe::EXCLUSIVE_VPCI_ANY_VCI;
    ie.vpAssociatedSignalling = ConnectionIdentifierIe::VP_ASSOCIATED;
    EXPECT_EQ(Encode(ie), (Bytes{0x81, 0x12, 0x34, 0xfe, 0xdc}));
    ExpectRoundTrip(ie);
}

TEST(ConnectionIdentifierIeTest, RejectsWrongLengthAndUnextendedOctet)
{
    ConnectionIdentifierIe ie;
    EXPECT_FALSE(Decode({0x88, 0x00, 0x00, 0x00}, ie));
    EXPECT_FALSE(Decode({0x88, 0x00, 0x00, 0x00, 0x64, 0x00}, ie));
    EXPECT_FALSE(Decode({0x08, 0x00, 0x00, 0x00, 0x64}, ie));
}

// ---- Endpoint reference (0x54) ---------------------------------------------

TEST(EndpointReferenceIeTest, DecodesReferenceValuesAndFlags)
{
    EndpointReferenceIe ie;
    ASSERT_TRUE(Decode({0x00, 0x80, 0x01}, ie)); // ADD PARTY ACKNOWLEDGE
    EXPECT_EQ(ie.type, EndpointReferenceIe::TYPE_LOCAL_INTEGER);
    EXPECT_TRUE(ie.flag);
    EXPECT_EQ(ie.value, 1);
    ASSERT_TRUE(Decode({0x00, 0x00, 0x02}, ie)); // second ADD PARTY
    EXPECT_FALSE(ie.flag);
    EXPECT_EQ(ie.value, 2);
    EXPECT_EQ(Encode(EndpointReferenceIe(1, true)), (Bytes{0x00, 0x80, 0x01}));
}

TEST(EndpointReferenceIeTest, RoundTripsLargestValue)
{
    ExpectRoundTrip(EndpointReferenceIe(EndpointReferenceIe::MAX_VALUE, false));
    ExpectRoundTrip(EndpointReferenceIe(EndpointReferenceIe::MAX_VALUE, true));
    EXPECT_EQ(Encode(EndpointReferenceIe(0x7fff, true)), (Bytes{0x00, 0xff, 0xff}));
}

TEST(EndpointReferenceIeTest, RejectsWrongLengthAndType)
{
    EndpointReferenceIe ie;
    EXPECT_FALSE(Decode({0x00, 0x80}, ie));
    EXPECT_FALSE(Decode({0x00, 0x80, 0x01, 0x00}, ie));
    EXPECT_FALSE(Decode({0x01, 0x80, 0x01}, ie));
}

// ---- QoS parameter (0x5C) ------------------------------------------------------

TEST(QosParameterIeTest, DecodesReferenceUnspecifiedClasses)
{
    QosParameterIe ie(3, 4);
    ASSERT_TRUE(Decode({0x00, 0x00}, ie));
    EXPECT_EQ(ie, QosParameterIe(0, 0));
}

TEST(QosParameterIeTest, RoundTripsClassesPerDirection)
{
    QosParameterIe ie(1, 3);
    EXPECT_EQ(Encode(ie), (Bytes{0x01, 0x03}));
    ExpectRoundTrip(ie);
}

TEST(QosParameterIeTest, RejectsWrongLength)
{
    QosParameterIe ie;
    EXPECT_FALSE(Decode({0x01}, ie));
    EXPECT_FALSE(Decode({0x01, 0x01, 0x01}, ie));
}

// ---- Broadband low-layer information (0x5F) ----------------------------------

TEST(BroadbandLowLayerInformationIeTest, DecodesReferenceLlc)
{
    BroadbandLowLayerInformationIe ie(0x01);
    ASSERT_TRUE(Decode({0xcc}, ie));
    EXPECT_EQ(ie.layer2Protocol, BroadbandLowLayerInformationIe::LAYER2_LLC);
    EXPECT_EQ(Encode(BroadbandLowLayerInformationIe()), (Bytes{0xcc}));
}

TEST(BroadbandLowLayerInformationIeTest, RoundTripsOtherLayer2Protocol)
{
    BroadbandLowLayerInformationIe ie(0x01); // basic mode ISO 1745
    EXPECT_EQ(Encode(ie), (Bytes{0xc1}));
    ExpectRoundTrip(ie);
}

TEST(BroadbandLowLayerInformationIeTest, RejectsOtherLayersAndExtendedForms)
{
    BroadbandLowLayerInformationIe ie;
    EXPECT_FALSE(Decode({}, ie));
    EXPECT_FALSE(Decode({0xa1}, ie));       // layer 1 identifier
    EXPECT_FALSE(Decode({0x4c, 0x80}, ie)); // layer 2 with octet 6a
    EXPECT_FALSE(Decode({0x4c}, ie));       // octet 6a announced, missing
}
