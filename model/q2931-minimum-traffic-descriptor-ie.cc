/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-minimum-traffic-descriptor-ie.h"

#include "q2931-atm-traffic-descriptor-ie.h"

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

namespace
{
/// The subfields are coded as the ATM traffic descriptor's, the PCRs alone.
AtmTrafficDescriptorIe
AsTrafficDescriptor(const MinimumTrafficDescriptorIe& ie)
{
    AtmTrafficDescriptorIe td;
    td.forwardPcr = ie.forwardPcr;
    td.backwardPcr = ie.backwardPcr;
    return td;
}
} // namespace

uint16_t
MinimumTrafficDescriptorIe::GetContentsSize() const
{
    return AsTrafficDescriptor(*this).GetContentsSize();
}

void
MinimumTrafficDescriptorIe::SerializeContents(Buffer::Iterator& i) const
{
    AsTrafficDescriptor(*this).SerializeContents(i);
}

bool
MinimumTrafficDescriptorIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    *this = MinimumTrafficDescriptorIe();
    AtmTrafficDescriptorIe td;
    if (!td.DeserializeContents(i, length))
    {
        return false;
    }
    if (td.forwardScr || td.backwardScr || td.forwardMbs || td.backwardMbs || td.bestEffort)
    {
        NS_LOG_LOGIC("minimum traffic descriptor with a subfield other than a peak rate: " << td);
        return false;
    }
    forwardPcr = td.forwardPcr;
    backwardPcr = td.backwardPcr;
    return true;
}

void
MinimumTrafficDescriptorIe::Print(std::ostream& os) const
{
    os << "min ";
    if (!forwardPcr && !backwardPcr)
    {
        os << "(empty)";
        return;
    }
    AsTrafficDescriptor(*this).Print(os);
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
