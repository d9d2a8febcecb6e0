/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-endpoint-reference-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931EndpointReferenceIe");

namespace
{
constexpr uint16_t FLAG = 0x8000; //!< endpoint reference flag bit
} // namespace

EndpointReferenceIe::EndpointReferenceIe()
    : EndpointReferenceIe(0, false)
{
}

EndpointReferenceIe::EndpointReferenceIe(uint16_t referenceValue, bool fromNonOriginator)
    : type(TYPE_LOCAL_INTEGER),
      flag(fromNonOriginator),
      value(referenceValue)
{
}

uint16_t
EndpointReferenceIe::GetContentsSize() const
{
    return 3;
}

void
EndpointReferenceIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(value <= MAX_VALUE, "endpoint reference " << value << " is not 15 bits");
    i.WriteU8(type);
    i.WriteHtonU16((flag ? FLAG : 0) | (value & MAX_VALUE));
}

bool
EndpointReferenceIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 3)
    {
        NS_LOG_LOGIC("endpoint reference IE of length " << length);
        return false;
    }
    uint8_t t = i.ReadU8();
    if (t != TYPE_LOCAL_INTEGER)
    {
        NS_LOG_LOGIC("endpoint reference type " << +t);
        return false;
    }
    uint16_t word = i.ReadNtohU16();
    type = t;
    flag = (word & FLAG) != 0;
    value = word & MAX_VALUE;
    return true;
}

void
EndpointReferenceIe::Print(std::ostream& os) const
{
    // "/o": from the side that allocated the reference; "/d": from the other side
    os << "epref=" << value << (flag ? "/d" : "/o");
}

bool
EndpointReferenceIe::operator==(const EndpointReferenceIe& other) const
{
    return type == other.type && flag == other.flag && value == other.value;
}

bool
EndpointReferenceIe::operator!=(const EndpointReferenceIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const EndpointReferenceIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
