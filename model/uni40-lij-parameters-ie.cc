/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "uni40-lij-parameters-ie.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Uni40LijParametersIe");

namespace
{
constexpr uint8_t EXTENSION = 0x80;      //!< the last octet of its group
constexpr uint8_t SCREENING_MASK = 0x0f; //!< the screening indication; three spare bits above
} // namespace

LijParametersIe::LijParametersIe()
    : screening(NETWORK_JOIN_WITHOUT_ROOT_NOTIFICATION)
{
}

uint16_t
LijParametersIe::GetContentsSize() const
{
    return 1;
}

void
LijParametersIe::SerializeContents(Buffer::Iterator& i) const
{
    i.WriteU8(EXTENSION | (screening & SCREENING_MASK));
}

bool
LijParametersIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 1)
    {
        NS_LOG_LOGIC("LIJ parameters IE of length " << length);
        return false;
    }
    uint8_t octet = i.ReadU8();
    if ((octet & EXTENSION) == 0 ||
        (octet & SCREENING_MASK) != NETWORK_JOIN_WITHOUT_ROOT_NOTIFICATION)
    {
        NS_LOG_LOGIC("LIJ parameters octet 5 is 0x" << std::hex << +octet);
        return false;
    }
    screening = octet & SCREENING_MASK;
    return true;
}

void
LijParametersIe::Print(std::ostream& os) const
{
    os << "lij-params=network-join";
}

bool
LijParametersIe::operator==(const LijParametersIe& other) const
{
    return screening == other.screening;
}

bool
LijParametersIe::operator!=(const LijParametersIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const LijParametersIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
