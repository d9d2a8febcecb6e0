/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The value types of the client interface: status, AESA, call parameters, SAP.
 */

#include "ns3/aesa-address.h"
#include "ns3/co-call-parameters.h"
#include "ns3/co-sap.h"
#include "ns3/co-status.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

TEST(AesaAddressTest, ParsesDottedFormAndPrintsItBack)
{
    const std::string text = "47.0091.8100.0000.0060.3e5a.7901.0020.481a.2b01.00";
    AesaAddress a = AesaAddress::FromString(text);
    EXPECT_EQ(a.GetBytes()[0], 0x47);
    EXPECT_EQ(a.GetBytes()[2], 0x91);
    EXPECT_EQ(a.GetEsi(), 0x0020481a2b01ULL);
    EXPECT_EQ(a.ToString(), text);
    // dots are optional
    EXPECT_EQ(AesaAddress::FromString("4700918100000000603e5a79010020481a2b0100"), a);
}

TEST(AesaAddressTest, RejectsBadTextNamingTheProblem)
{
    AesaAddress a;
    EXPECT_NE(AesaAddress::Parse("47.0091", a).find("6 hexadecimal digits, expected 40"),
              std::string::npos);
    EXPECT_NE(AesaAddress::Parse("47.00zz", a).find("'z' is not a hexadecimal digit"),
              std::string::npos);
    EXPECT_NE(AesaAddress::Parse(std::string(42, 'a'), a).find("more than 40"), std::string::npos);
    std::istringstream is("nonsense");
    is >> a;
    EXPECT_TRUE(is.fail());
}

TEST(AesaAddressTest, ComposesHostAddressFromSwitchPrefix)
{
    AesaAddress prefix =
        AesaAddress::FromString("39.0840.0f00.0000.0000.0001.0200.0000.0000.0000.00");
    AesaAddress host = AesaAddress::Compose(prefix, 0xa0c9123456, 7);
    EXPECT_TRUE(host.MatchesPrefix(prefix, 104));
    EXPECT_FALSE(host.MatchesPrefix(prefix, 160));
    EXPECT_EQ(host.GetEsi(), 0xa0c9123456ULL);
    EXPECT_EQ(host.GetSelector(), 7);
}

TEST(AesaAddressTest, MatchesPrefixesBitByBit)
{
    AesaAddress a = AesaAddress::FromString("f0" + std::string(38, '0'));
    AesaAddress b = AesaAddress::FromString("f8" + std::string(38, '0'));
    EXPECT_TRUE(a.MatchesPrefix(b, 4));
    EXPECT_FALSE(a.MatchesPrefix(b, 5));
    EXPECT_TRUE(a.MatchesPrefix(b, 0));
}

TEST(AesaAddressTest, RoundTripsThroughGenericAddress)
{
    AesaAddress a = AesaAddress::FromString(std::string(38, '1') + "ff");
    Address generic = a;
    EXPECT_TRUE(AesaAddress::IsMatchingType(generic));
    EXPECT_EQ(AesaAddress::ConvertFrom(generic), a);
}

TEST(CoStatusTest, MapsCausesToNdisLikeCodes)
{
    EXPECT_EQ(CoStatus::FromCause(Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE).GetCode(),
              CoStatusCode::CellRateNotAvailable);
    EXPECT_EQ(CoStatus::FromCause(Q2931Cause::NO_ROUTE_TO_DESTINATION).GetCode(),
              CoStatusCode::NoRouteToDestination);
    EXPECT_EQ(CoStatus::FromCause(Q2931Cause::CALL_REJECTED).GetCode(), CoStatusCode::NotAccepted);
    EXPECT_EQ(CoStatus::FromCause(Q2931Cause::NO_USER_RESPONDING).GetCode(),
              CoStatusCode::DestinationOutOfOrder);
    EXPECT_EQ(CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY).GetCode(),
              CoStatusCode::Failure);
    EXPECT_EQ(CoStatus::FromCause(37).GetCause(), 37);
    EXPECT_EQ(CoStatus::FromCause(37).ToString(),
              "CellRateNotAvailable (cause 37: user cell rate not available)");
    EXPECT_FALSE(CoStatus::FromCause(16).IsSuccess());
}

TEST(CoCallParametersTest, ValidatesEachCategory)
{
    EXPECT_EQ(CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000).Validate(), "");
    EXPECT_EQ(CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0).Validate(), "");
    EXPECT_NE(CoCallParameters::Symmetric(CoServiceCategory::Cbr, 0)
                  .Validate()
                  .find("forward peak cell rate 0"),
              std::string::npos);
    EXPECT_NE(CoCallParameters::Symmetric(CoServiceCategory::RtVbr, 100, 200, 10)
                  .Validate()
                  .find("sustainable cell rate 200 exceeds the peak cell rate 100"),
              std::string::npos);
    EXPECT_NE(
        CoCallParameters::Symmetric(CoServiceCategory::NrtVbr, 100, 50, 0).Validate().find("burst"),
        std::string::npos);
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 10);
    p.qosClass = 9;
    EXPECT_NE(p.Validate().find("QoS class 9"), std::string::npos);
}

TEST(CoCallParametersTest, ReservesByCategory)
{
    EXPECT_EQ(CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000)
                  .GetReservedCellRate(CoFlowSpec{1000, 0, 0, 9188}),
              1000u);
    CoCallParameters vbr = CoCallParameters::Symmetric(CoServiceCategory::RtVbr, 1000, 400, 32);
    EXPECT_EQ(vbr.GetReservedCellRate(vbr.forward), 400u);
    CoCallParameters ubr = CoCallParameters::Symmetric(CoServiceCategory::Ubr, 1000);
    EXPECT_EQ(ubr.GetReservedCellRate(ubr.forward), 0u);
    EXPECT_EQ(CoCallParameters::CellRateToDataRate(1000).GetBitRate(), 424000u);
    EXPECT_EQ(CoCallParameters::DataRateToCellRate(DataRate("155520000bps")), 366792u);
}

TEST(CoSapTest, MatchesByPatternLength)
{
    AesaAddress host =
        AesaAddress::FromString("47.0091.8100.0000.0060.3e5a.7901.0020.481a.2b01.05");
    AesaAddress other =
        AesaAddress::FromString("47.0091.8100.0000.0060.3e5a.7901.0020.481a.2b01.06");
    EXPECT_TRUE(CoSap(host).Matches(host));
    EXPECT_FALSE(CoSap(host).Matches(other));
    EXPECT_TRUE(CoSap(host, 152).Matches(other));
    EXPECT_TRUE(CoSap(host, 152) == CoSap(other, 152));
    EXPECT_FALSE(CoSap(host) == CoSap(other));
}
