/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-gcra.h"

#include <algorithm>

namespace ns3
{

CoGcra::CoGcra(Time increment, Time limit)
    : m_increment(increment),
      m_limit(limit)
{
}

CoGcra
CoGcra::FromCellRate(uint32_t cellRate, Time limit)
{
    if (cellRate == 0)
    {
        return CoGcra();
    }
    // In the simulator's time resolution: 1/rate rounds to it, which for
    // any cell rate a link carries (under 10^8 cells/s) is far below a cell.
    return CoGcra(Seconds(1.0 / cellRate), limit);
}

bool
CoGcra::IsConforming(Time t) const
{
    return !IsEnabled() || t >= m_tat - m_limit;
}

Time
CoGcra::GetEarliestConformingTime() const
{
    return IsEnabled() ? m_tat - m_limit : Time(0);
}

bool
CoGcra::Conform(Time t, uint32_t cells)
{
    if (!IsConforming(t))
    {
        return false;
    }
    Charge(t, cells);
    return true;
}

void
CoGcra::Charge(Time t, uint32_t cells)
{
    if (IsEnabled())
    {
        m_tat = std::max(t, m_tat) + m_increment * static_cast<int64_t>(cells);
    }
}

void
CoGcra::Reset()
{
    m_tat = Time(0);
}

CoDualGcra::CoDualGcra(const CoGcra& peak, const CoGcra& sustainable)
    : m_peak(peak),
      m_sustainable(sustainable)
{
}

Time
CoDualGcra::GetBurstTolerance(uint32_t pcr, uint32_t scr, uint32_t mbs)
{
    if (pcr == 0 || scr == 0 || scr >= pcr || mbs <= 1)
    {
        return Time(0);
    }
    Time is = Seconds(1.0 / scr);
    Time ip = Seconds(1.0 / pcr);
    return (is - ip) * static_cast<int64_t>(mbs - 1);
}

CoDualGcra
CoDualGcra::ForContract(CoServiceCategory category, const CoFlowSpec& flow, Time cdvt)
{
    CoGcra peak = CoGcra::FromCellRate(flow.peakCellRate, cdvt);
    CoGcra sustainable;
    bool vbr = category == CoServiceCategory::RtVbr || category == CoServiceCategory::NrtVbr;
    if (vbr && flow.sustainableCellRate > 0 &&
        (flow.peakCellRate == 0 || flow.sustainableCellRate < flow.peakCellRate))
    {
        Time bt = GetBurstTolerance(flow.peakCellRate, flow.sustainableCellRate, flow.maxBurstSize);
        sustainable = CoGcra::FromCellRate(flow.sustainableCellRate, bt + cdvt);
    }
    return CoDualGcra(peak, sustainable);
}

Time
CoDualGcra::GetEarliestConformingTime() const
{
    return std::max(m_peak.GetEarliestConformingTime(), m_sustainable.GetEarliestConformingTime());
}

bool
CoDualGcra::IsConforming(Time t) const
{
    return m_peak.IsConforming(t) && m_sustainable.IsConforming(t);
}

bool
CoDualGcra::Conform(Time t, uint32_t cells)
{
    if (!IsConforming(t))
    {
        return false;
    }
    Charge(t, cells);
    return true;
}

void
CoDualGcra::Charge(Time t, uint32_t cells)
{
    m_peak.Charge(t, cells);
    m_sustainable.Charge(t, cells);
}

} // namespace ns3
