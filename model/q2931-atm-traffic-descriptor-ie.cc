/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-atm-traffic-descriptor-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931AtmTrafficDescriptorIe");

namespace
{
/// Writes one identifier + 24-bit value subfield, when the value is there.
void
WriteSubfield(Buffer::Iterator& i, uint8_t id, const std::optional<uint32_t>& value)
{
    if (value)
    {
        NS_ASSERT_MSG(*value <= AtmTrafficDescriptorIe::MAX_VALUE,
                      "traffic descriptor value " << *value << " does not fit in 24 bits");
        i.WriteU8(id);
        i.WriteU8((*value >> 16) & 0xff);
        i.WriteHtonU16(*value & 0xffff);
    }
}

/// Prints "NAME f/b" when either direction is there, "-" for a missing one.
void
PrintPair(std::ostream& os,
          const char* name,
          const std::optional<uint32_t>& forward,
          const std::optional<uint32_t>& backward,
          bool& first)
{
    if (!forward && !backward)
    {
        return;
    }
    os << (first ? "" : " ") << name << " ";
    first = false;
    if (forward)
    {
        os << *forward;
    }
    else
    {
        os << "-";
    }
    os << "/";
    if (backward)
    {
        os << *backward;
    }
    else
    {
        os << "-";
    }
}
} // namespace

AtmTrafficDescriptorIe::AtmTrafficDescriptorIe()
    : bestEffort(false)
{
}

uint16_t
AtmTrafficDescriptorIe::GetContentsSize() const
{
    uint16_t n = 0;
    for (const auto* v :
         {&forwardPcr, &backwardPcr, &forwardScr, &backwardScr, &forwardMbs, &backwardMbs})
    {
        n += v->has_value() ? 4 : 0;
    }
    return n + (bestEffort ? 1 : 0);
}

void
AtmTrafficDescriptorIe::SerializeContents(Buffer::Iterator& i) const
{
    WriteSubfield(i, FORWARD_PCR_ID, forwardPcr);
    WriteSubfield(i, BACKWARD_PCR_ID, backwardPcr);
    WriteSubfield(i, FORWARD_SCR_ID, forwardScr);
    WriteSubfield(i, BACKWARD_SCR_ID, backwardScr);
    WriteSubfield(i, FORWARD_MBS_ID, forwardMbs);
    WriteSubfield(i, BACKWARD_MBS_ID, backwardMbs);
    if (bestEffort)
    {
        i.WriteU8(BEST_EFFORT_ID);
    }
}

bool
AtmTrafficDescriptorIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    *this = AtmTrafficDescriptorIe();
    uint16_t left = length;
    while (left > 0)
    {
        uint8_t id = i.ReadU8();
        --left;
        if (id == BEST_EFFORT_ID)
        {
            if (bestEffort)
            {
                NS_LOG_LOGIC("best effort indicator repeated");
                return false;
            }
            bestEffort = true;
            continue;
        }
        std::optional<uint32_t>* field = nullptr;
        switch (id)
        {
        case FORWARD_PCR_ID:
            field = &forwardPcr;
            break;
        case BACKWARD_PCR_ID:
            field = &backwardPcr;
            break;
        case FORWARD_SCR_ID:
            field = &forwardScr;
            break;
        case BACKWARD_SCR_ID:
            field = &backwardScr;
            break;
        case FORWARD_MBS_ID:
            field = &forwardMbs;
            break;
        case BACKWARD_MBS_ID:
            field = &backwardMbs;
            break;
        default:
            NS_LOG_LOGIC("traffic descriptor subfield 0x" << std::hex << +id << " not modelled");
            return false;
        }
        if (field->has_value() || left < 3)
        {
            NS_LOG_LOGIC("traffic descriptor subfield 0x" << std::hex << +id
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
AtmTrafficDescriptorIe::Print(std::ostream& os) const
{
    bool first = true;
    PrintPair(os, "PCR", forwardPcr, backwardPcr, first);
    PrintPair(os, "SCR", forwardScr, backwardScr, first);
    PrintPair(os, "MBS", forwardMbs, backwardMbs, first);
    if (bestEffort)
    {
        os << (first ? "" : " ") << "BE";
        first = false;
    }
    if (first)
    {
        os << "ATD (empty)";
    }
}

bool
AtmTrafficDescriptorIe::operator==(const AtmTrafficDescriptorIe& other) const
{
    return forwardPcr == other.forwardPcr && backwardPcr == other.backwardPcr &&
           forwardScr == other.forwardScr && backwardScr == other.backwardScr &&
           forwardMbs == other.forwardMbs && backwardMbs == other.backwardMbs &&
           bestEffort == other.bestEffort;
}

bool
AtmTrafficDescriptorIe::operator!=(const AtmTrafficDescriptorIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const AtmTrafficDescriptorIe& ie)
{
    ie.Print(os);
    return os;
}

AtmTrafficDescriptorIe
AtmTrafficDescriptorIe::FromCallParameters(const CoCallParameters& p)
{
    AtmTrafficDescriptorIe atd;
    atd.forwardPcr = p.forward.peakCellRate;
    atd.backwardPcr = p.backward.peakCellRate;
    switch (p.category)
    {
    case CoServiceCategory::RtVbr:
    case CoServiceCategory::NrtVbr:
        atd.forwardScr = p.forward.sustainableCellRate;
        atd.backwardScr = p.backward.sustainableCellRate;
        atd.forwardMbs = p.forward.maxBurstSize;
        atd.backwardMbs = p.backward.maxBurstSize;
        break;
    case CoServiceCategory::Ubr:
        atd.bestEffort = true;
        break;
    case CoServiceCategory::Cbr:
        break;
    }
    return atd;
}

void
AtmTrafficDescriptorIe::ApplyTo(CoCallParameters& p) const
{
    p.forward.peakCellRate = forwardPcr.value_or(0);
    p.backward.peakCellRate = backwardPcr.value_or(0);
    p.forward.sustainableCellRate = forwardScr.value_or(0);
    p.backward.sustainableCellRate = backwardScr.value_or(0);
    p.forward.maxBurstSize = forwardMbs.value_or(0);
    p.backward.maxBurstSize = backwardMbs.value_or(0);
}

} // namespace ns3
