/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-recorder.h"

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
    static TypeId tid = TypeId("ns3::CoCallRecorder")
                            .SetParent<Object>()
                            .SetGroupName("Condis")
                            .AddConstructor<CoCallRecorder>()
                            .AddTraceSource("CallRecord",
                                            "A call failed or was released: its complete record.",
                                            MakeTraceSourceAccessor(&CoCallRecorder::m_recordTrace),
                                            "ns3::CoCallRecorder::RecordTracedCallback");
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
    Connect(nic, "MakeCall", MakeCallback(&CoCallRecorder::MakeCall, this, id));
    Connect(nic, "MakeCallRefused", MakeCallback(&CoCallRecorder::MakeCallRefused, this, id));
    Connect(nic, "MakeCallComplete", MakeCallback(&CoCallRecorder::MakeCallComplete, this, id));
    Connect(nic, "CloseCallComplete", MakeCallback(&CoCallRecorder::CallEnded, this, id));
    Connect(nic, "IncomingCloseCall", MakeCallback(&CoCallRecorder::CallEnded, this, id));
}

void
CoCallRecorder::Watch(Ptr<CoSwitch> sw)
{
    NS_LOG_FUNCTION(this << sw);
    Ptr<Node> node = sw->GetObject<Node>();
    uint32_t id = node ? node->GetId() : 0;
    Connect(sw, "CallRouted", MakeCallback(&CoCallRecorder::Routed, this, id));
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
CoCallRecorder::CallEnded(CoNetDevice* nic, CoVcHandle vc, CoStatus status)
{
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
}

const std::vector<CoCallRecord>&
CoCallRecorder::GetRecords() const
{
    return m_records;
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
    std::sort(latencies.begin(), latencies.end());
    Time sum;
    for (const Time& t : latencies)
    {
        sum += t;
    }
    auto quantile = [&latencies](double q) {
        std::size_t rank = static_cast<std::size_t>(std::ceil(q * latencies.size()));
        return latencies[std::max<std::size_t>(rank, 1) - 1];
    };
    s.meanSetupLatency = sum / static_cast<int64_t>(latencies.size());
    s.p50SetupLatency = quantile(0.50);
    s.p95SetupLatency = quantile(0.95);
    s.p99SetupLatency = quantile(0.99);
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
