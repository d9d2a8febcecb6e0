/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-vc-record.h"

#include <cctype>

namespace ns3
{

Time
CoVcRecord::GetSpan() const
{
    if (sentFrames < 2)
    {
        return Time(0);
    }
    Time sending = lastSent - firstSent;
    return sending + sending / static_cast<int64_t>(sentFrames - 1);
}

std::string
CoVcRecord::GetDropColumn(CoVcScheduler::DropReason reason)
{
    // PortCellLimit -> drops_port_cell_limit
    std::string column = "drops";
    for (const char* c = CoVcScheduler::GetDropReasonName(reason); *c != '\0'; ++c)
    {
        if (std::isupper(static_cast<unsigned char>(*c)))
        {
            column += '_';
        }
        column += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
    }
    return column;
}

std::vector<std::string>
CoVcRecord::GetDropColumns()
{
    std::vector<std::string> columns;
    for (std::size_t r = 0; r < CoVcScheduler::DROP_REASONS; ++r)
    {
        columns.push_back(GetDropColumn(static_cast<CoVcScheduler::DropReason>(r)));
    }
    return columns;
}

std::string
CoVcRecord::GetCsvHeader()
{
    std::string header = "call_id,group,category,direction,sender,receiver,sent_frames,sent_bytes,"
                         "refused_frames,received_frames,received_bytes,lost_frames";
    for (const std::string& column : GetDropColumns())
    {
        header += "," + column;
    }
    for (const char* column : REASSEMBLY_COLUMNS)
    {
        header += std::string(",") + column;
    }
    header += ",tagged_frames";
    return header + ",throughput_bps,mean_delay_s,p50_delay_s,p95_delay_s,p99_delay_s,"
                    "max_delay_s,mean_delay_variation_s,first_sent_s,last_received_s";
}

void
CoVcRecord::WriteCsvRow(std::ostream& os) const
{
    auto time = [&os](Time t) {
        os << ',';
        if (!t.IsStrictlyNegative())
        {
            os << t.GetSeconds();
        }
    };
    os << callId << ',' << group << ',' << category << ',' << (forward ? "forward" : "backward")
       << ',' << sender << ',' << receiver << ',' << sentFrames << ',' << sentBytes << ','
       << refusedFrames << ',' << receivedFrames << ',' << receivedBytes << ',' << GetLostFrames();
    for (uint64_t d : drops)
    {
        os << ',' << d;
    }
    for (uint64_t d : reassemblyDrops)
    {
        os << ',' << d;
    }
    os << ',' << taggedFrames;
    os << ',' << throughput;
    time(meanDelay);
    time(p50Delay);
    time(p95Delay);
    time(p99Delay);
    time(maxDelay);
    time(meanDelayVariation);
    time(firstSent);
    time(lastReceived);
    os << '\n';
}

} // namespace ns3
