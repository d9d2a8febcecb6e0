/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-broadband-bearer-capability-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931BroadbandBearerCapabilityIe");

namespace
{
constexpr uint8_t EXT = 0x80;      //!< extension bit: last octet of its group
constexpr uint8_t CLIPPING = 0x20; //!< octet 6: susceptible to clipping ("01" in bits 6-7)
} // namespace

BroadbandBearerCapabilityIe::BroadbandBearerCapabilityIe()
    : BroadbandBearerCapabilityIe(BCOB_X)
{
}

BroadbandBearerCapabilityIe::BroadbandBearerCapabilityIe(uint8_t bearer,
                                                         std::optional<uint8_t> atc,
                                                         uint8_t configuration)
    : bearerClass(bearer),
      transferCapability(atc),
      susceptibleToClipping(false),
      userPlaneConfiguration(configuration)
{
}

uint16_t
BroadbandBearerCapabilityIe::GetContentsSize() const
{
    return transferCapability ? 3 : 2;
}

void
BroadbandBearerCapabilityIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(bearerClass <= 0x1f, "bearer class " << +bearerClass << " is not 5 bits");
    NS_ASSERT_MSG(userPlaneConfiguration <= 1,
                  "user-plane configuration " << +userPlaneConfiguration);
    if (transferCapability)
    {
        NS_ASSERT_MSG(*transferCapability <= 0x7f,
                      "transfer capability " << +*transferCapability << " is not 7 bits");
        i.WriteU8(bearerClass & 0x1f);
        i.WriteU8(EXT | (*transferCapability & 0x7f));
    }
    else
    {
        i.WriteU8(EXT | (bearerClass & 0x1f));
    }
    i.WriteU8(EXT | (susceptibleToClipping ? CLIPPING : 0) | (userPlaneConfiguration & 0x03));
}

bool
BroadbandBearerCapabilityIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length < 2)
    {
        NS_LOG_LOGIC("bearer capability IE of length " << length);
        return false;
    }
    uint8_t octet5 = i.ReadU8();
    bool has5a = (octet5 & EXT) == 0;
    if (length != (has5a ? 3 : 2))
    {
        NS_LOG_LOGIC("bearer capability IE of length " << length << ", octet 5a "
                                                       << (has5a ? "present" : "absent"));
        return false;
    }
    uint8_t bearer = octet5 & 0x1f;
    if (bearer != BCOB_A && bearer != BCOB_C && bearer != BCOB_X && bearer != BCOB_VP)
    {
        NS_LOG_LOGIC("bearer class 0x" << std::hex << +bearer);
        return false;
    }
    std::optional<uint8_t> atc;
    if (has5a)
    {
        uint8_t octet5a = i.ReadU8();
        if ((octet5a & EXT) == 0)
        {
            NS_LOG_LOGIC("bearer capability octet 5a 0x" << std::hex << +octet5a);
            return false;
        }
        atc = octet5a & 0x7f;
    }
    uint8_t octet6 = i.ReadU8();
    uint8_t clipping = (octet6 >> 5) & 0x03;
    uint8_t configuration = octet6 & 0x03;
    if ((octet6 & EXT) == 0 || clipping > 1 || configuration > POINT_TO_MULTIPOINT)
    {
        NS_LOG_LOGIC("bearer capability octet 6 0x" << std::hex << +octet6);
        return false;
    }
    bearerClass = bearer;
    transferCapability = atc;
    susceptibleToClipping = clipping != 0;
    userPlaneConfiguration = configuration;
    return true;
}

void
BroadbandBearerCapabilityIe::Print(std::ostream& os) const
{
    switch (bearerClass)
    {
    case BCOB_A:
        os << "BCOB-A";
        break;
    case BCOB_C:
        os << "BCOB-C";
        break;
    case BCOB_X:
        os << "BCOB-X";
        break;
    case BCOB_VP:
        os << "BCOB-VP";
        break;
    default:
        os << "BCOB-0x" << std::hex << +bearerClass << std::dec;
    }
    if (transferCapability)
    {
        switch (*transferCapability)
        {
        case ATC_CBR:
            os << "/CBR";
            break;
        case ATC_RT_VBR:
            os << "/rt-VBR";
            break;
        case ATC_NRT_VBR:
            os << "/nrt-VBR";
            break;
        default:
            os << "/ATC-0x" << std::hex << +*transferCapability << std::dec;
        }
    }
    os << (userPlaneConfiguration == POINT_TO_MULTIPOINT ? " p2mp" : " p2p");
    if (susceptibleToClipping)
    {
        os << " clipping";
    }
}

bool
BroadbandBearerCapabilityIe::operator==(const BroadbandBearerCapabilityIe& other) const
{
    return bearerClass == other.bearerClass && transferCapability == other.transferCapability &&
           susceptibleToClipping == other.susceptibleToClipping &&
           userPlaneConfiguration == other.userPlaneConfiguration;
}

bool
BroadbandBearerCapabilityIe::operator!=(const BroadbandBearerCapabilityIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const BroadbandBearerCapabilityIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
