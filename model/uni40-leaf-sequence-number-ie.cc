/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "uni40-leaf-sequence-number-ie.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Uni40LeafSequenceNumberIe");

LeafSequenceNumberIe::LeafSequenceNumberIe()
    : LeafSequenceNumberIe(0)
{
}

LeafSequenceNumberIe::LeafSequenceNumberIe(uint32_t number)
    : value(number)
{
}

uint16_t
LeafSequenceNumberIe::GetContentsSize() const
{
    return 4;
}

void
LeafSequenceNumberIe::SerializeContents(Buffer::Iterator& i) const
{
    i.WriteHtonU32(value);
}

bool
LeafSequenceNumberIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 4)
    {
        NS_LOG_LOGIC("leaf sequence number IE of length " << length);
        return false;
    }
    value = i.ReadNtohU32();
    return true;
}

void
LeafSequenceNumberIe::Print(std::ostream& os) const
{
    os << "leaf-seq=" << value;
}

bool
LeafSequenceNumberIe::operator==(const LeafSequenceNumberIe& other) const
{
    return value == other.value;
}

bool
LeafSequenceNumberIe::operator!=(const LeafSequenceNumberIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const LeafSequenceNumberIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
