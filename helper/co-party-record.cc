/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-party-record.h"

namespace ns3
{

const char*
CoPartyRecord::GetEndingName(Ending ending)
{
    switch (ending)
    {
    case Ending::None:
        return "";
    case Ending::RootDrop:
        return "root-drop";
    case Ending::RootClose:
        return "root-close";
    case Ending::Remote:
        return "remote";
    case Ending::EndOfRun:
        return "end-of-run";
    }
    return "unknown";
}

const char*
CoPartyRecord::GetCsvHeader()
{
    return "call_id,root,leaf,endpoint_reference,asked_s,add_latency_s,outcome,cause,"
           "active_time_s,ending,end_cause,sent_sdus,received_sdus,join,hops";
}

void
CoPartyRecord::WriteCsvRow(std::ostream& os) const
{
    os << callId << ',' << root << ',' << leaf << ',' << endpointReference << ','
       << asked.GetSeconds() << ',';
    if (!addLatency.IsStrictlyNegative())
    {
        os << addLatency.GetSeconds();
    }
    os << ',' << outcome.GetCode() << ',' << unsigned(outcome.GetCause()) << ',';
    if (!activeTime.IsStrictlyNegative())
    {
        os << activeTime.GetSeconds();
    }
    os << ',' << GetEndingName(ending) << ',' << unsigned(endCause) << ',' << sentSdus << ','
       << receivedSdus << ',' << (leafJoined ? "leaf" : "root") << ',' << hops << '\n';
}

} // namespace ns3
