/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-broadband-low-layer-information-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931BroadbandLowLayerInformationIe");

namespace
{
constexpr uint8_t EXT = 0x80;       //!< extension bit: no octet 6a follows
constexpr uint8_t LAYER2_ID = 0x40; //!< layer identifier "10" in bits 6-7
} // namespace

BroadbandLowLayerInformationIe::BroadbandLowLayerInformationIe()
    : BroadbandLowLayerInformationIe(LAYER2_LLC)
{
}

BroadbandLowLayerInformationIe::BroadbandLowLayerInformationIe(uint8_t protocol)
    : layer2Protocol(protocol)
{
}

uint16_t
BroadbandLowLayerInformationIe::GetContentsSize() const
{
    return 1;
}

void
BroadbandLowLayerInformationIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(layer2Protocol <= 0x1f, "layer 2 protocol " << +layer2Protocol);
    i.WriteU8(EXT | LAYER2_ID | (layer2Protocol & 0x1f));
}

bool
BroadbandLowLayerInformationIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 1)
    {
        NS_LOG_LOGIC("low-layer information IE of length " << length << " is not modelled");
        return false;
    }
    uint8_t octet = i.ReadU8();
    if ((octet & 0xe0) != (EXT | LAYER2_ID))
    {
        NS_LOG_LOGIC("low-layer information octet 0x" << std::hex << +octet);
        return false;
    }
    layer2Protocol = octet & 0x1f;
    return true;
}

void
BroadbandLowLayerInformationIe::Print(std::ostream& os) const
{
    os << "blli=";
    if (layer2Protocol == LAYER2_LLC)
    {
        os << "LLC";
    }
    else
    {
        os << "L2-0x" << std::hex << +layer2Protocol << std::dec;
    }
}

bool
BroadbandLowLayerInformationIe::operator==(const BroadbandLowLayerInformationIe& other) const
{
    return layer2Protocol == other.layer2Protocol;
}

bool
BroadbandLowLayerInformationIe::operator!=(const BroadbandLowLayerInformationIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const BroadbandLowLayerInformationIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
