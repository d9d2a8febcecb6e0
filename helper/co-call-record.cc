/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-record.h"

namespace ns3
{

const char*
CoCallRecord::GetCsvHeader()
{
    return "call_id,caller,callee,start_s,setup_latency_s,outcome,cause,hops,path,crankbacks,"
           "holding_time_s,release_cause,dropped";
}

void
CoCallRecord::WriteCsvRow(std::ostream& os) const
{
    os << callId << ',' << caller << ',' << callee << ',' << start.GetSeconds() << ',';
    if (!setupLatency.IsNegative())
    {
        os << setupLatency.GetSeconds();
    }
    os << ',' << outcome.GetCode() << ',' << unsigned(outcome.GetCause()) << ',' << GetHops()
       << ',';
    for (std::size_t i = 0; i < path.size(); ++i)
    {
        os << (i ? " " : "") << path[i];
    }
    os << ',' << crankbacks << ',';
    if (!holdingTime.IsNegative())
    {
        os << holdingTime.GetSeconds();
    }
    os << ',' << unsigned(releaseCause) << ',' << (dropped ? 1 : 0) << '\n';
}

} // namespace ns3
