/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-connection-identifier-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931ConnectionIdentifierIe");

namespace
{
constexpr uint8_t EXT = 0x80; //!< extension bit: octet 5 is the only one of its group
} // namespace

ConnectionIdentifierIe::ConnectionIdentifierIe()
    : ConnectionIdentifierIe(0, 0)
{
}

ConnectionIdentifierIe::ConnectionIdentifierIe(uint16_t vpciValue, uint16_t vciValue)
    : vpAssociatedSignalling(EXPLICIT_VPCI),
      preferredExclusive(EXCLUSIVE_VPCI_EXCLUSIVE_VCI),
      vpci(vpciValue),
      vci(vciValue)
{
}

uint16_t
ConnectionIdentifierIe::GetContentsSize() const
{
    return 5;
}

void
ConnectionIdentifierIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(vpAssociatedSignalling <= 3,
                  "VP-associated signalling " << +vpAssociatedSignalling);
    NS_ASSERT_MSG(preferredExclusive <= 7, "preferred/exclusive " << +preferredExclusive);
    i.WriteU8(EXT | (vpAssociatedSignalling & 0x03) << 3 | (preferredExclusive & 0x07));
    i.WriteHtonU16(vpci);
    i.WriteHtonU16(vci);
}

bool
ConnectionIdentifierIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 5)
    {
        NS_LOG_LOGIC("connection identifier IE of length " << length);
        return false;
    }
    uint8_t octet5 = i.ReadU8();
    if ((octet5 & EXT) == 0)
    {
        NS_LOG_LOGIC("connection identifier octet 5 0x" << std::hex << +octet5);
        return false;
    }
    vpAssociatedSignalling = (octet5 >> 3) & 0x03;
    preferredExclusive = octet5 & 0x07;
    vpci = i.ReadNtohU16();
    vci = i.ReadNtohU16();
    return true;
}

void
ConnectionIdentifierIe::Print(std::ostream& os) const
{
    os << "conn=" << vpci << "/" << vci;
}

bool
ConnectionIdentifierIe::operator==(const ConnectionIdentifierIe& other) const
{
    return vpAssociatedSignalling == other.vpAssociatedSignalling &&
           preferredExclusive == other.preferredExclusive && vpci == other.vpci && vci == other.vci;
}

bool
ConnectionIdentifierIe::operator!=(const ConnectionIdentifierIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const ConnectionIdentifierIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
