/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-minimum-traffic-descriptor-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931MinimumTrafficDescriptorIe");

MinimumTrafficDescriptorIe
MinimumTrafficDescriptorIe::FromCallParameters(const CoCallParameters& p)
{
    MinimumTrafficDescriptorIe ie;
    if (p.minimumForwardPeakCellRate != 0)
    {
        ie.forwardPcr = p.minimumForwardPeakCellRate;
    }
    if (p.minimumBackwardPeakCellRate != 0)
    {
        ie.backwardPcr = p.minimumBackwardPeakCellRate;
    }
    return ie;
}

void
MinimumTrafficDescriptorIe::ApplyTo(CoCallParameters& p) const
{
    p.minimumForwardPeakCellRate = forwardPcr.value_or(0);
    p.minimumBackwardPeakCellRate = backwardPcr.value_or(0);
}

uint16_t
MinimumTrafficDescriptorIe::GetContentsSize() const
{
    return (forwardPcr ? 4 : 0) + (backwardPcr ? 4 : 0);
}

void
MinimumTrafficDescriptorIe::SerializeContents(Buffer::Iterator& i) const
{
    for (auto [id, value] :
         {std::make_pair(FORWARD_PCR_ID, forwardPcr), std::make_pair(BACKWARD_PCR_ID, backwardPcr)})
    {
        if (value)
        {
            NS_ASSERT_MSG(*value <= MAX_VALUE,
                          "minimum peak cell rate " << *value << " does not fit in 24 bits");
            i.WriteU8(id);
            i.WriteU8((*value >> 16) & 0xff);
            i.WriteHtonU16(*value & 0xffff);
        }
    }
}

bool
MinimumTrafficDescriptorIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    *this = MinimumTrafficDescriptorIe();
    uint16_t left = length;
    while (left > 0)
    {
        uint8_t id = i.ReadU8();
        --left;
        std::optional<uint32_t>* field = nullptr;
        switch (id)
        {
        case FORWARD_PCR_ID:
            field = &forwardPcr;
            break;
        case BACKWARD_PCR_ID:
            field = &backwardPcr;
            break;
        default:
            NS_LOG_LOGIC("minimum traffic descriptor subfield 0x" << std::hex << +id
                                                                  << " not modelled");
            return false;
        }
        if (field->has_value() || left < 3)
        {
            NS_LOG_LOGIC("minimum traffic descriptor subfield 0x" << std::hex << +id
                                                                  << " repeated or cut short");
            return false;
        }
        uint32_t high = i.ReadU8();
        *field = high << 16 | i.ReadNtohU16();
        left -= 3;
    }
    return true;
}

void
MinimumTrafficDescriptorIe::Print(std::ostream& os) const
{
    os << "min PCR ";
    if (forwardPcr)
    {
        os << *forwardPcr;
    }
    else
    {
        os << "-";
    }
    os << "/";
    if (backwardPcr)
    {
        os << *backwardPcr;
    }
    else
    {
        os << "-";
    }
}

bool
MinimumTrafficDescriptorIe::operator==(const MinimumTrafficDescriptorIe& other) const
{
    return forwardPcr == other.forwardPcr && backwardPcr == other.backwardPcr;
}

std::ostream&
operator<<(std::ostream& os, const MinimumTrafficDescriptorIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
