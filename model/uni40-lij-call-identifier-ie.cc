/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "uni40-lij-call-identifier-ie.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Uni40LijCallIdentifierIe");

namespace
{
constexpr uint8_t EXTENSION = 0x80; //!< the last octet of its group
constexpr uint8_t TYPE_MASK = 0x0f; //!< the identifier type; the three bits above are spare
} // namespace

LijCallIdentifierIe::LijCallIdentifierIe()
    : LijCallIdentifierIe(0)
{
}

LijCallIdentifierIe::LijCallIdentifierIe(uint32_t identifier)
    : type(TYPE_ROOT_ASSIGNED),
      value(identifier)
{
}

uint16_t
LijCallIdentifierIe::GetContentsSize() const
{
    return 5;
}

void
LijCallIdentifierIe::SerializeContents(Buffer::Iterator& i) const
{
    i.WriteU8(EXTENSION | (type & TYPE_MASK));
    i.WriteHtonU32(value);
}

bool
LijCallIdentifierIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 5)
    {
        NS_LOG_LOGIC("LIJ call identifier IE of length " << length);
        return false;
    }
    uint8_t octet = i.ReadU8();
    // The spare bits are not checked, as a receiver should not.
    if ((octet & EXTENSION) == 0 || (octet & TYPE_MASK) != TYPE_ROOT_ASSIGNED)
    {
        NS_LOG_LOGIC("LIJ call identifier octet 5 is 0x" << std::hex << +octet);
        return false;
    }
    type = octet & TYPE_MASK;
    value = i.ReadNtohU32();
    return true;
}

void
LijCallIdentifierIe::Print(std::ostream& os) const
{
    os << "lij-call-id=" << value;
}

bool
LijCallIdentifierIe::operator==(const LijCallIdentifierIe& other) const
{
    return type == other.type && value == other.value;
}

bool
LijCallIdentifierIe::operator!=(const LijCallIdentifierIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const LijCallIdentifierIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
