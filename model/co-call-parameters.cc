/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-parameters.h"

#include <cstdint>
#include <string>

namespace ns3
{

// Every VC of a host keeps a copy: keep the one-byte fields together.
static_assert(sizeof(CoCallParameters) <= 88, "call parameters grew past 88 bytes");

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
ValidateFlow(CoServiceCategory category,
             const CoFlowSpec& f,
             const char* direction,
             bool mayBeEmpty)
{
    // Runs three times per call (MakeCall, the switch, the called NIC) and
    // nearly always passes, so the text is built only on failure: an
    // ostringstream made on every check cost ~7% of a call's instructions.
    bool vbr = category == CoServiceCategory::RtVbr || category == CoServiceCategory::NrtVbr;
    if (mayBeEmpty && f.peakCellRate == 0 && f.sustainableCellRate == 0 && f.maxBurstSize == 0)
    {
        return std::string(); // no traffic this way: a one-way call (every point-to-multipoint one)
    }
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
    std::string error = ValidateFlow(category, forward, "forward", false);
    if (error.empty())
    {
        error = ValidateFlow(category, backward, "backward", true);
    }
    if (error.empty() && qosClass > 4)
    {
        error = "QoS class " + std::to_string(qosClass) + ": must be 0..4";
    }
    // A minimum above the rate asked for could never be met (a UBR peak
    // rate of 0 stands for the link rate, which is not known here).
    if (error.empty() && minimumForwardPeakCellRate > forward.peakCellRate &&
        forward.peakCellRate != 0)
    {
        error = "minimum forward peak cell rate " + std::to_string(minimumForwardPeakCellRate) +
                " exceeds the forward peak cell rate " + std::to_string(forward.peakCellRate);
    }
    if (error.empty() && minimumBackwardPeakCellRate > backward.peakCellRate &&
        backward.peakCellRate != 0)
    {
        error = "minimum backward peak cell rate " + std::to_string(minimumBackwardPeakCellRate) +
                " exceeds the backward peak cell rate " + std::to_string(backward.peakCellRate);
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

namespace
{
/// A peak cell rate as a size: 0, which UBR uses for the link rate, is the largest.
uint64_t
PeakRateSize(uint32_t peakCellRate)
{
    return peakCellRate == 0 ? UINT64_MAX : peakCellRate;
}
} // namespace

std::string
CoCallParameters::CheckAnswer(const CoCallParameters& answer) const
{
    // The minimum is the offer's: an answer is held to it below, not to its own.
    CoCallParameters contract = answer;
    contract.minimumForwardPeakCellRate = 0;
    contract.minimumBackwardPeakCellRate = 0;
    std::string error = contract.Validate();
    if (!error.empty())
    {
        return error;
    }
    if (answer.category != category)
    {
        return std::string("service category ") + GetServiceCategoryName(answer.category) +
               " answered to a " + GetServiceCategoryName(category) + " offer";
    }
    if (answer.qosClass != qosClass)
    {
        return "QoS class " + std::to_string(answer.qosClass) + " answered to an offer of class " +
               std::to_string(qosClass);
    }
    bool vbr = category == CoServiceCategory::RtVbr || category == CoServiceCategory::NrtVbr;

    const struct
    {
        const char* name;
        uint64_t offered;
        uint64_t answered;
    } fields[] = {
        {"forward PCR",
         PeakRateSize(forward.peakCellRate),
         PeakRateSize(answer.forward.peakCellRate)},
        {"backward PCR",
         PeakRateSize(backward.peakCellRate),
         PeakRateSize(answer.backward.peakCellRate)},
        {"forward SCR", forward.sustainableCellRate, answer.forward.sustainableCellRate},
        {"backward SCR", backward.sustainableCellRate, answer.backward.sustainableCellRate},
        {"forward MBS", forward.maxBurstSize, answer.forward.maxBurstSize},
        {"backward MBS", backward.maxBurstSize, answer.backward.maxBurstSize},
    };

    // SCR and MBS count for VBR only (the first two fields are the PCRs).
    std::size_t n = vbr ? 6 : 2;
    for (std::size_t k = 0; k < n; ++k)
    {
        if (fields[k].answered > fields[k].offered)
        {
            auto show = [](uint64_t v) {
                return v == UINT64_MAX ? std::string("0 (the link rate)") : std::to_string(v);
            };
            return std::string(fields[k].name) + " " + show(fields[k].answered) +
                   " raised above the " + show(fields[k].offered) + " offered";
        }
    }
    if (PeakRateSize(answer.forward.peakCellRate) < minimumForwardPeakCellRate)
    {
        return "forward PCR " + std::to_string(answer.forward.peakCellRate) +
               " below the minimum acceptable " + std::to_string(minimumForwardPeakCellRate);
    }
    if (PeakRateSize(answer.backward.peakCellRate) < minimumBackwardPeakCellRate)
    {
        return "backward PCR " + std::to_string(answer.backward.peakCellRate) +
               " below the minimum acceptable " + std::to_string(minimumBackwardPeakCellRate);
    }
    return std::string();
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
    if (p.minimumForwardPeakCellRate != 0 || p.minimumBackwardPeakCellRate != 0)
    {
        os << ", minimum PCR " << p.minimumForwardPeakCellRate << "/"
           << p.minimumBackwardPeakCellRate;
    }
    if (p.modified)
    {
        os << " (modified by the network)";
    }
    return os;
}

} // namespace ns3
