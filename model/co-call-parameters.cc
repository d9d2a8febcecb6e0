/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-parameters.h"

#include <string>

namespace ns3
{

const char*
GetServiceCategoryName(CoServiceCategory category)
{
    switch (category)
    {
    case CoServiceCategory::Cbr:
        return "CBR";
    case CoServiceCategory::RtVbr:
        return "rt-VBR";
    case CoServiceCategory::NrtVbr:
        return "nrt-VBR";
    case CoServiceCategory::Ubr:
        return "UBR";
    }
    return "unknown";
}

CoCallParameters
CoCallParameters::Symmetric(CoServiceCategory category, uint32_t pcr, uint32_t scr, uint32_t mbs)
{
    CoCallParameters p;
    p.category = category;
    p.forward.peakCellRate = pcr;
    p.forward.sustainableCellRate = scr;
    p.forward.maxBurstSize = mbs;
    p.backward = p.forward;
    return p;
}

namespace
{
/// Checks one direction; returns what is wrong, or "".
std::string
ValidateFlow(CoServiceCategory category, const CoFlowSpec& f, const char* direction)
{
    // Runs three times per call (MakeCall, the switch, the called NIC) and
    // nearly always passes, so the text is built only on failure: an
    // ostringstream made on every check cost ~7% of a call's instructions.
    bool vbr = category == CoServiceCategory::RtVbr || category == CoServiceCategory::NrtVbr;
    if (category != CoServiceCategory::Ubr && f.peakCellRate == 0)
    {
        return std::string(direction) + " peak cell rate 0: " + GetServiceCategoryName(category) +
               " needs a PCR > 0";
    }
    if (vbr && f.sustainableCellRate == 0)
    {
        return std::string(direction) + " sustainable cell rate 0: VBR needs an SCR > 0";
    }
    if (vbr && f.sustainableCellRate > f.peakCellRate)
    {
        return std::string(direction) + " sustainable cell rate " +
               std::to_string(f.sustainableCellRate) + " exceeds the peak cell rate " +
               std::to_string(f.peakCellRate);
    }
    if (vbr && f.maxBurstSize == 0)
    {
        return std::string(direction) + " maximum burst size 0: VBR needs an MBS >= 1";
    }
    if (f.maxSduSize == 0)
    {
        return std::string(direction) + " maximum SDU size 0: must be 1..65535";
    }
    return std::string();
}
} // namespace

std::string
CoCallParameters::Validate() const
{
    std::string error = ValidateFlow(category, forward, "forward");
    if (error.empty())
    {
        error = ValidateFlow(category, backward, "backward");
    }
    if (error.empty() && qosClass > 4)
    {
        error = "QoS class " + std::to_string(qosClass) + ": must be 0..4";
    }
    return error;
}

uint32_t
CoCallParameters::GetReservedCellRate(const CoFlowSpec& flow) const
{
    switch (category)
    {
    case CoServiceCategory::Cbr:
        return flow.peakCellRate;
    case CoServiceCategory::RtVbr:
    case CoServiceCategory::NrtVbr:
        return flow.sustainableCellRate;
    case CoServiceCategory::Ubr:
        return 0;
    }
    return 0;
}

bool
CoCallParameters::SameContract(const CoCallParameters& other) const
{
    return category == other.category && forward == other.forward && backward == other.backward &&
           qosClass == other.qosClass;
}

DataRate
CoCallParameters::CellRateToDataRate(uint32_t cellRate)
{
    return DataRate(uint64_t(cellRate) * 53 * 8);
}

uint32_t
CoCallParameters::DataRateToCellRate(DataRate rate)
{
    return static_cast<uint32_t>(rate.GetBitRate() / (53 * 8));
}

std::ostream&
operator<<(std::ostream& os, const CoCallParameters& p)
{
    os << GetServiceCategoryName(p.category) << " fwd PCR " << p.forward.peakCellRate;
    if (p.category == CoServiceCategory::RtVbr || p.category == CoServiceCategory::NrtVbr)
    {
        os << " SCR " << p.forward.sustainableCellRate << " MBS " << p.forward.maxBurstSize;
    }
    os << " bwd PCR " << p.backward.peakCellRate;
    if (p.category == CoServiceCategory::RtVbr || p.category == CoServiceCategory::NrtVbr)
    {
        os << " SCR " << p.backward.sustainableCellRate << " MBS " << p.backward.maxBurstSize;
    }
    os << " cells/s, QoS class " << unsigned(p.qosClass);
    if (p.modified)
    {
        os << " (modified by the network)";
    }
    return os;
}

} // namespace ns3
