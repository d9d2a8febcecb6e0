/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-recorder.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoCallRecorder");

NS_OBJECT_ENSURE_REGISTERED(CoCallRecorder);

TypeId
CoCallRecorder::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoCallRecorder")
            .SetParent<Object>()
            .SetGroupName("Condis")
            .AddConstructor<CoCallRecorder>()
            .AddTraceSource("CallRecord",
                            "A call failed or was released: its complete record.",
                            MakeTraceSourceAccessor(&CoCallRecorder::m_recordTrace),
                            "ns3::CoCallRecorder::RecordTracedCallback")
            .AddTraceSource("PartyRecord",
                            "A party's add failed, or the party ended: its record (the "
                            "leaf's SDUs as counted so far).",
                            MakeTraceSourceAccessor(&CoCallRecorder::m_partyRecordTrace),
                            "ns3::CoCallRecorder::PartyRecordTracedCallback");
    return tid;
}

CoCallRecorder::CoCallRecorder()
{
    NS_LOG_FUNCTION(this);
}

CoCallRecorder::~CoCallRecorder()
{
    // not disposed: no callback may be left pointing at a deleted recorder
    Disconnect();
}

void
CoCallRecorder::DoDispose()
{
    Disconnect();
    m_open.clear();
    m_byVc.clear();
    m_connectedAt.clear();
    m_openParties.clear();
    m_partyByHandle.clear();
    m_partiesOfVc.clear();
    m_partiesOfCall.clear();
    m_leafVcs.clear();
    m_countingSdus.clear();
    Object::DoDispose();
}

void
CoCallRecorder::Connect(Ptr<Object> source, const std::string& name, const CallbackBase& callback)
{
    bool connected = source->TraceConnectWithoutContext(name, callback);
    NS_ASSERT_MSG(connected, "no trace source " << name);
    m_connections.push_back({source, name, callback});
}

void
CoCallRecorder::Disconnect()
{
    for (const Connection& c : m_connections)
    {
        c.source->TraceDisconnectWithoutContext(c.name, c.callback);
    }
    m_connections.clear();
}

void
CoCallRecorder::Watch(Ptr<CoNetDevice> nic)
{
    NS_LOG_FUNCTION(this << nic);
    CoNetDevice* id = PeekPointer(nic);
    Connect(nic, "MakeCall", CoMakeCallback(&CoCallRecorder::MakeCall, this, id));
    Connect(nic, "MakeCallRefused", CoMakeCallback(&CoCallRecorder::MakeCallRefused, this, id));
    Connect(nic, "MakeCallComplete", CoMakeCallback(&CoCallRecorder::MakeCallComplete, this, id));
    Connect(nic, "CloseCallComplete", CoMakeCallback(&CoCallRecorder::CallClosed, this, id));
    Connect(nic, "IncomingCloseCall", CoMakeCallback(&CoCallRecorder::CallReleased, this, id));
    // multipoint calls: the root's parties, and the leaves' calls
    Connect(nic, "CloseCall", CoMakeCallback(&CoCallRecorder::CloseCall, this, id));
    Connect(nic, "IncomingCall", CoMakeCallback(&CoCallRecorder::IncomingCall, this, id));
    Connect(nic, "AddParty", CoMakeCallback(&CoCallRecorder::AddParty, this, id));
    Connect(nic, "AddPartyComplete", CoMakeCallback(&CoCallRecorder::AddPartyComplete, this, id));
    Connect(nic, "DropParty", CoMakeCallback(&CoCallRecorder::DropParty, this, id));
    Connect(nic, "DropPartyComplete", CoMakeCallback(&CoCallRecorder::DropPartyComplete, this, id));
    Connect(nic, "IncomingDropParty", CoMakeCallback(&CoCallRecorder::IncomingDropParty, this, id));
    Connect(nic, "JoinCall", CoMakeCallback(&CoCallRecorder::JoinCall, this, id));
    Connect(nic, "JoinCallComplete", CoMakeCallback(&CoCallRecorder::JoinCallComplete, this, id));
}

void
CoCallRecorder::Watch(Ptr<CoSwitch> sw)
{
    NS_LOG_FUNCTION(this << sw);
    Ptr<Node> node = sw->GetObject<Node>();
    uint32_t id = node ? node->GetId() : 0;
    Connect(sw, "CallRouted", CoMakeCallback(&CoCallRecorder::Routed, this, id));
    Connect(sw, "Crankback", MakeCallback(&CoCallRecorder::Crankback, this));
}

void
CoCallRecorder::WatchAll()
{
    for (auto node = NodeList::Begin(); node != NodeList::End(); ++node)
    {
        if (Ptr<CoSwitch> sw = (*node)->GetObject<CoSwitch>())
        {
            Watch(sw);
        }
        for (uint32_t i = 0; i < (*node)->GetNDevices(); ++i)
        {
            if (Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>((*node)->GetDevice(i)))
            {
                Watch(nic);
            }
        }
    }
}

void
CoCallRecorder::MakeCall(CoNetDevice* nic, CoVcHandle vc, const CoCallParameters& p)
{
    if (nic->IsMultipoint(vc))
    {
        // Not a row of the calls table: its first party, reference 0, is a
        // row of the parties table.
        std::vector<CoPartyHandle> parties = nic->GetParties(vc);
        NS_ASSERT_MSG(!parties.empty(), "a multipoint MakeCall pended without its first party");
        OpenParty(nic, vc, parties.front(), p, 0);
        return;
    }
    uint64_t callId = nic->GetCallId(vc);
    CoCallRecord& r = m_open[callId];
    r.callId = callId;
    r.caller = nic->GetAesa();
    r.callee = p.calledParty;
    r.start = Simulator::Now();
    m_byVc[{nic, vc.GetValue()}] = callId;
}

void
CoCallRecorder::MakeCallRefused(CoNetDevice* nic,
                                CoVcHandle vc,
                                CoStatus status,
                                const CoCallParameters& p)
{
    // Refused at once (the access link or its switch down): an attempt that
    // failed as it was made, with no switch on its path, blocked all the same.
    if (nic->IsMultipoint(vc))
    {
        // no party handle was given: the record is complete as it opens
        CoPartyRecord r;
        r.callId = nic->GetCallId(vc);
        r.root = nic->GetAesa();
        r.leaf = p.calledParty;
        r.asked = Simulator::Now();
        r.addLatency = Seconds(0);
        r.outcome = status;
        m_parties.push_back(r);
        m_partyRecordTrace(m_parties.back());
        return;
    }
    MakeCall(nic, vc, p);
    MakeCallComplete(nic, vc, status, p);
}

void
CoCallRecorder::MakeCallComplete(CoNetDevice* nic,
                                 CoVcHandle vc,
                                 CoStatus status,
                                 const CoCallParameters&)
{
    auto key = m_byVc.find({nic, vc.GetValue()});
    if (key == m_byVc.end())
    {
        // A multipoint call's completion is its first party's.
        auto parties = m_partiesOfVc.find({nic, vc.GetValue()});
        if (parties != m_partiesOfVc.end())
        {
            for (std::size_t index : parties->second)
            {
                if (m_parties[index].endpointReference == 0)
                {
                    PartyAdded(index, status);
                    break;
                }
            }
        }
        return;
    }
    CoCallRecord& r = m_open[key->second];
    r.setupLatency = Simulator::Now() - r.start;
    r.outcome = status;
    if (status.IsSuccess())
    {
        m_connectedAt[key->second] = Simulator::Now();
        return;
    }
    uint64_t callId = key->second;
    m_byVc.erase(key);
    Complete(callId);
}

void
CoCallRecorder::CallClosed(CoNetDevice* nic, CoVcHandle vc, CoStatus status)
{
    EndParties(nic, vc, CoPartyRecord::Ending::RootClose, status);
    CallEnded(nic, vc, status);
}

void
CoCallRecorder::CallReleased(CoNetDevice* nic, CoVcHandle vc, CoStatus status)
{
    EndParties(nic, vc, CoPartyRecord::Ending::Remote, status);
    CallEnded(nic, vc, status);
}

void
CoCallRecorder::CallEnded(CoNetDevice* nic, CoVcHandle vc, CoStatus status)
{
    // A leaf's call on a party ended: nothing more reaches it on that VC.
    // A party the leaf asked for ends with it, unless its root ended it first.
    auto leafVc = m_leafVcs.find({nic, vc.GetValue()});
    if (leafVc != m_leafVcs.end() && m_parties[leafVc->second].leafJoined)
    {
        auto open = m_openParties.find(leafVc->second);
        if (open != m_openParties.end())
        {
            EndParty(leafVc->second, open->second.ending, status.GetCause());
        }
    }
    m_leafVcs.erase({nic, vc.GetValue()});
    auto key = m_byVc.find({nic, vc.GetValue()});
    if (key == m_byVc.end())
    {
        return; // not a call this NIC placed
    }
    uint64_t callId = key->second;
    m_byVc.erase(key);
    auto connected = m_connectedAt.find(callId);
    if (connected != m_connectedAt.end())
    {
        CoCallRecord& r = m_open[callId];
        r.holdingTime = Simulator::Now() - connected->second;
        // A normal release completes with Success (its cause 16 or 31 kept);
        // anything else means the network cut the call off.
        r.releaseCause = status.GetCause();
        r.dropped = !status.IsSuccess();
        m_connectedAt.erase(connected);
    }
    Complete(callId);
}

void
CoCallRecorder::Routed(uint32_t switchNode, uint64_t callId, uint32_t, uint32_t)
{
    auto it = m_open.find(callId);
    if (it == m_open.end())
    {
        return;
    }
    // A switch routing the call again (crankback) cuts the refused branch.
    std::vector<uint32_t>& path = it->second.path;
    auto again = std::find(path.begin(), path.end(), switchNode);
    if (again != path.end())
    {
        path.erase(again + 1, path.end());
    }
    else
    {
        path.push_back(switchNode);
    }
}

void
CoCallRecorder::Crankback(uint64_t callId, uint32_t, uint8_t)
{
    auto it = m_open.find(callId);
    if (it != m_open.end())
    {
        ++it->second.crankbacks;
    }
}

void
CoCallRecorder::Complete(uint64_t callId)
{
    auto it = m_open.find(callId);
    if (it == m_open.end())
    {
        return;
    }
    m_records.push_back(std::move(it->second));
    m_open.erase(it);
    m_recordTrace(m_records.back());
}

void
CoCallRecorder::Finish()
{
    NS_LOG_FUNCTION(this);
    std::vector<uint64_t> open;
    for (const auto& [callId, r] : m_open)
    {
        open.push_back(callId);
    }
    std::sort(open.begin(), open.end());
    for (uint64_t callId : open)
    {
        auto connected = m_connectedAt.find(callId);
        if (connected != m_connectedAt.end())
        {
            m_open[callId].holdingTime = Simulator::Now() - connected->second;
            m_connectedAt.erase(connected);
        }
        Complete(callId);
    }
    m_byVc.clear();
    // Parties still up: active to now; one still being added has no latency.
    while (!m_openParties.empty())
    {
        std::size_t index = m_openParties.begin()->first;
        if (m_openParties.begin()->second.since.IsStrictlyNegative())
        {
            m_parties[index].outcome = CoStatus(CoStatusCode::Pending);
        }
        EndParty(index, CoPartyRecord::Ending::EndOfRun, 0);
    }
    m_leafVcs.clear();
}

const std::vector<CoCallRecord>&
CoCallRecorder::GetRecords() const
{
    return m_records;
}

Time
CoCallRecorder::Quantile(const std::vector<Time>& sorted, double q)
{
    std::size_t rank = static_cast<std::size_t>(std::ceil(q * sorted.size()));
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

Time
CoCallRecorder::SortAndMean(std::vector<Time>& times)
{
    std::sort(times.begin(), times.end());
    Time sum;
    for (const Time& t : times)
    {
        sum += t;
    }
    return sum / static_cast<int64_t>(times.size());
}

CoCallSummary
CoCallRecorder::Summarize() const
{
    CoCallSummary s;
    std::vector<Time> latencies;
    uint64_t hops = 0;
    for (const CoCallRecord& r : m_records)
    {
        ++s.calls;
        s.crankbacks += r.crankbacks;
        if (r.outcome.IsSuccess() && !r.setupLatency.IsNegative())
        {
            ++s.connected;
            s.dropped += r.dropped;
            latencies.push_back(r.setupLatency);
            hops += r.GetHops();
        }
    }
    if (s.calls != 0)
    {
        s.blockingProbability = double(s.calls - s.connected) / s.calls;
    }
    if (latencies.empty())
    {
        return s;
    }
    s.droppingProbability = double(s.dropped) / s.connected;
    s.meanSetupLatency = SortAndMean(latencies);
    s.p50SetupLatency = Quantile(latencies, 0.50);
    s.p95SetupLatency = Quantile(latencies, 0.95);
    s.p99SetupLatency = Quantile(latencies, 0.99);
    s.maxSetupLatency = latencies.back();
    s.meanHops = double(hops) / latencies.size();
    return s;
}

void
CoCallRecorder::WriteCsv(std::ostream& os) const
{
    os << CoCallRecord::GetCsvHeader() << '\n';
    for (const CoCallRecord& r : m_records)
    {
        r.WriteCsvRow(os);
    }
}

void
CoCallRecorder::WriteCsv(const std::string& path) const
{
    std::ofstream file(path);
    if (!file)
    {
        NS_FATAL_ERROR("cannot write the call records to \"" << path << "\"");
    }
    WriteCsv(file);
}

} // namespace ns3
