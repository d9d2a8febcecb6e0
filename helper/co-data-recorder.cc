/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-data-recorder.h"

#include "ns3/atm-frame-header.h"
#include "ns3/co-call-generator-application.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoDataRecorder");

// ---- delays ----------------------------------------------------------------------

void
CoDataRecorder::DelaySamples::Add(Time d)
{
    ++m_count;
    m_sum += d;
    m_max = std::max(m_max, d);
    if (m_kept.size() < MAX_KEPT_DELAYS)
    {
        m_kept.push_back(d.GetNanoSeconds());
        return;
    }
    // Reservoir sampling (Vitter's algorithm R): every delay so far is in
    // the sample with the same probability, MAX_KEPT_DELAYS / m_count.
    std::uniform_int_distribution<uint64_t> slot(0, m_count - 1);
    uint64_t j = slot(m_chooser);
    if (j < MAX_KEPT_DELAYS)
    {
        m_kept[j] = d.GetNanoSeconds();
    }
}

Time
CoDataRecorder::DelaySamples::GetMean() const
{
    return m_count == 0 ? Time(-1) : m_sum / static_cast<int64_t>(m_count);
}

std::vector<Time>
CoDataRecorder::DelaySamples::GetQuantiles(const std::vector<double>& q) const
{
    std::vector<int64_t> sorted = m_kept;
    std::sort(sorted.begin(), sorted.end());
    std::vector<Time> out;
    for (double f : q)
    {
        if (sorted.empty())
        {
            out.push_back(Time(-1));
            continue;
        }
        // nearest rank, as the calls summary's setup latency percentiles
        auto rank = static_cast<std::size_t>(std::ceil(f * sorted.size()));
        out.push_back(NanoSeconds(sorted[std::max<std::size_t>(rank, 1) - 1]));
    }
    return out;
}

// ---- what is watched ---------------------------------------------------------------

void
CoDataRecorder::WatchHost(Ptr<CoNetDevice> nic)
{
    auto host = static_cast<uint32_t>(m_hosts.size());
    m_hosts.push_back(nic);
    m_hostIndex[nic] = host;
    m_refusal.push_back(-1);
    nic->TraceConnectWithoutContext("VcTx", CoMakeCallback(&CoDataRecorder::OnVcTx, this, host));
    nic->TraceConnectWithoutContext("VcTxRefused",
                                    CoMakeCallback(&CoDataRecorder::OnVcTxRefused, this, host));
    nic->TraceConnectWithoutContext("VcRx", CoMakeCallback(&CoDataRecorder::OnVcRx, this, host));
    nic->TraceConnectWithoutContext("ReassemblyDrop",
                                    MakeCallback(&CoDataRecorder::OnReassemblyDrop, this));
    if (Ptr<CoVcScheduler> scheduler = nic->GetVcScheduler())
    {
        scheduler->TraceConnectWithoutContext(
            "Drop",
            CoMakeCallback(&CoDataRecorder::OnHostDrop, this, host));
    }
}

void
CoDataRecorder::WatchCaller(Ptr<CoCallGeneratorApplication> generator,
                            Ptr<CoNetDevice> nic,
                            uint32_t group)
{
    auto it = m_hostIndex.find(nic);
    NS_ABORT_MSG_IF(it == m_hostIndex.end(), "CoDataRecorder: WatchHost() the caller's NIC first");
    generator->TraceConnectWithoutContext(
        "CallSetup",
        CoMakeCallback(&CoDataRecorder::OnCallSetup, this, group, it->second));
}

std::size_t
CoDataRecorder::WatchPort(Ptr<CoPortNetDevice> port)
{
    std::size_t index = m_ports.size();
    m_ports.emplace_back();
    Ptr<CoVcScheduler> scheduler = port->GetVcScheduler();
    m_ports.back().scheduler = scheduler;
    if (scheduler)
    {
        scheduler->TraceConnectWithoutContext(
            "Enqueue",
            CoMakeCallback(&CoDataRecorder::OnEnqueue, this, index));
        scheduler->TraceConnectWithoutContext(
            "Dequeue",
            CoMakeCallback(&CoDataRecorder::OnDequeue, this, index));
        scheduler->TraceConnectWithoutContext(
            "Drop",
            CoMakeCallback(&CoDataRecorder::OnPortDrop, this, index));
        scheduler->TraceConnectWithoutContext(
            "CellLoss",
            CoMakeCallback(&CoDataRecorder::OnCellLoss, this, index));
    }
    return index;
}

void
CoDataRecorder::WatchSwitch(Ptr<CoSwitch> sw, std::vector<std::size_t> ports)
{
    m_switchPorts.push_back(std::make_unique<std::vector<std::size_t>>(std::move(ports)));
    const std::vector<std::size_t>* indices = m_switchPorts.back().get();
    sw->TraceConnectWithoutContext(
        "Policing",
        CoCallback<void, Ptr<const Packet>, uint32_t, uint16_t, CoSwitch::PolicingVerdict>(
            [this, indices](Ptr<const Packet> sdu,
                            uint32_t port,
                            uint16_t vci,
                            CoSwitch::PolicingVerdict verdict) {
                OnPolicing(indices, sdu, port, vci, verdict);
            }));
}

// ---- the hosts -----------------------------------------------------------------------

void
CoDataRecorder::OnCallSetup(uint32_t group,
                            uint32_t host,
                            CoVcHandle vc,
                            Time /* latency */,
                            const CoCallParameters& /* granted */)
{
    m_calls[m_hosts[host]->GetCallId(vc)] = Call{group, host};
}

uint32_t
CoDataRecorder::GetFlow(uint64_t callId, const Call& call, uint32_t host, CoVcHandle vc)
{
    auto [it, added] =
        m_flowIndex.emplace(std::make_pair(callId, host), static_cast<uint32_t>(m_flows.size()));
    if (added)
    {
        Flow flow;
        flow.record.callId = callId;
        flow.record.group = call.group;
        flow.record.forward = host == call.caller;
        flow.record.category =
            GetServiceCategoryName(m_hosts[host]->GetCallParameters(vc).category);
        flow.record.firstSent = Time(-1);
        m_flows.push_back(std::move(flow));
    }
    return it->second;
}

void
CoDataRecorder::OnVcTx(uint32_t host, Ptr<const Packet> frame, CoVcHandle vc)
{
    uint64_t callId = m_hosts[host]->GetCallId(vc);
    auto call = m_calls.find(callId);
    if (call == m_calls.end())
    {
        return; // not a call of a watched generator (a multipoint call, say)
    }
    uint32_t index = GetFlow(callId, call->second, host, vc);
    CoVcRecord& r = m_flows[index].record;
    Time now = Simulator::Now();
    if (r.sentFrames == 0)
    {
        r.firstSent = now;
    }
    r.lastSent = now;
    ++r.sentFrames;
    // VcTx sees the frame: the NIC has put its header on the SDU.
    r.sentBytes += frame->GetSize() - AtmFrameHeader::SIZE;
    m_inFlight[frame->GetUid()] = InFlight{index, now};
}

void
CoDataRecorder::OnHostDrop(uint32_t host,
                           Ptr<const Packet> frame,
                           uint8_t /* vpi */,
                           uint16_t /* vci */,
                           CoVcScheduler::DropReason reason)
{
    if (m_inFlight.count(frame->GetUid()) != 0)
    {
        DropInFlight(frame, reason); // accepted earlier: released, or the link went down
        return;
    }
    // Refused by Send: VcTxRefused follows at once and takes the reason.
    m_refusal[host] = static_cast<int>(reason);
}

void
CoDataRecorder::OnVcTxRefused(uint32_t host, Ptr<const Packet> /* sdu */, CoVcHandle vc, CoStatus)
{
    int reason = m_refusal[host];
    m_refusal[host] = -1;
    uint64_t callId = m_hosts[host]->GetCallId(vc);
    auto call = m_calls.find(callId);
    if (call == m_calls.end())
    {
        return;
    }
    CoVcRecord& r = m_flows[GetFlow(callId, call->second, host, vc)].record;
    ++r.refusedFrames;
    if (reason >= 0)
    {
        ++r.drops[reason];
    }
}

void
CoDataRecorder::OnVcRx(uint32_t /* host */, Ptr<const Packet> sdu, CoVcHandle /* vc */)
{
    auto it = m_inFlight.find(sdu->GetUid());
    if (it == m_inFlight.end())
    {
        return; // not followed
    }
    Flow& flow = m_flows[it->second.flow];
    Time delay = Simulator::Now() - it->second.sent;
    m_inFlight.erase(it);
    ++flow.record.receivedFrames;
    flow.record.receivedBytes += sdu->GetSize();
    flow.record.lastReceived = Simulator::Now();
    flow.delays.Add(delay);
    if (!flow.lastDelay.IsStrictlyNegative())
    {
        flow.variationSum += Abs(delay - flow.lastDelay);
        ++flow.variations;
    }
    flow.lastDelay = delay;
}

void
CoDataRecorder::OnCellLoss(std::size_t index,
                           Ptr<const Packet> /* frame */,
                           uint8_t,
                           uint16_t,
                           uint32_t cells,
                           CoVcScheduler::DropReason /* reason */,
                           uint32_t discarded)
{
    CoPortDataStats& stats = m_ports[index].stats;
    ++stats.damagedFrames;
    stats.lostCells += cells + discarded;
}

void
CoDataRecorder::OnReassemblyDrop(Ptr<const Packet> sdu,
                                 CoVcHandle /* vc */,
                                 CoNetDevice::ReassemblyError error)
{
    if (CoVcRecord* r = EndInFlight(sdu))
    {
        ++r->reassemblyDrops[static_cast<std::size_t>(error)];
    }
}

void
CoDataRecorder::DropInFlight(Ptr<const Packet> frame, CoVcScheduler::DropReason reason)
{
    if (CoVcRecord* r = EndInFlight(frame))
    {
        ++r->drops[static_cast<std::size_t>(reason)];
    }
}

CoVcRecord*
CoDataRecorder::EndInFlight(Ptr<const Packet> frame)
{
    auto it = m_inFlight.find(frame->GetUid());
    if (it == m_inFlight.end())
    {
        return nullptr; // not followed, or ended already
    }
    CoVcRecord* r = &m_flows[it->second.flow].record;
    m_inFlight.erase(it);
    return r;
}

// ---- the ports -------------------------------------------------------------------------

void
CoDataRecorder::OnEnqueue(std::size_t index, Ptr<const Packet> frame, uint8_t, uint16_t)
{
    Port& port = m_ports[index];
    // The trace fires with the frame already counted: integrate the time
    // before it with one frame fewer.
    Time now = Simulator::Now();
    port.area += (port.scheduler->GetNFrames() - 1) * (now - port.last).GetSeconds();
    port.last = now;
    ++port.stats.enqueuedFrames;
    port.stats.maxFrames = std::max(port.stats.maxFrames, port.scheduler->GetNFrames());
    port.in[frame->GetUid()] = now;
}

void
CoDataRecorder::OnDequeue(std::size_t index, Ptr<const Packet> frame, uint8_t, uint16_t)
{
    Port& port = m_ports[index];
    Time now = Simulator::Now();
    port.area += (port.scheduler->GetNFrames() + 1) * (now - port.last).GetSeconds();
    port.last = now;
    ++port.stats.sentFrames;
    port.stats.sentBytes += frame->GetSize() - AtmFrameHeader::SIZE;
    auto it = port.in.find(frame->GetUid());
    if (it != port.in.end())
    {
        port.waits.Add(now - it->second);
        port.in.erase(it);
    }
}

void
CoDataRecorder::OnPolicing(const std::vector<std::size_t>* ports,
                           Ptr<const Packet> sdu,
                           uint32_t port,
                           uint16_t /* vci */,
                           CoSwitch::PolicingVerdict verdict)
{
    bool watched = port < ports->size() && (*ports)[port] != NOT_WATCHED;
    if (verdict == CoSwitch::PolicingVerdict::Tagged)
    {
        // It goes on with CLP=1: counted once per VC, however many
        // switches tag it, and per port where it was tagged.
        if (watched)
        {
            ++m_ports[(*ports)[port]].stats.taggedFrames;
        }
        auto it = m_inFlight.find(sdu->GetUid());
        if (it != m_inFlight.end() && !it->second.tagged)
        {
            it->second.tagged = true;
            ++m_flows[it->second.flow].record.taggedFrames;
        }
        return;
    }
    if (verdict != CoSwitch::PolicingVerdict::Discarded)
    {
        return;
    }
    constexpr auto reason = CoVcScheduler::DropReason::Policed;
    if (watched)
    {
        ++m_ports[(*ports)[port]].stats.drops[static_cast<std::size_t>(reason)];
    }
    DropInFlight(sdu, reason);
}

void
CoDataRecorder::OnPortDrop(std::size_t index,
                           Ptr<const Packet> frame,
                           uint8_t,
                           uint16_t,
                           CoVcScheduler::DropReason reason)
{
    Port& port = m_ports[index];
    ++port.stats.drops[static_cast<std::size_t>(reason)];
    // A frame dropped while waiting left the count; one refused never entered it.
    if (port.in.erase(frame->GetUid()) != 0)
    {
        Time now = Simulator::Now();
        port.area += (port.scheduler->GetNFrames() + 1) * (now - port.last).GetSeconds();
        port.last = now;
    }
    DropInFlight(frame, reason);
}

// ---- results ---------------------------------------------------------------------------

std::vector<CoVcRecord>
CoDataRecorder::GetVcRecords() const
{
    std::vector<CoVcRecord> records;
    for (const auto& [key, index] : m_flowIndex)
    {
        const Flow& flow = m_flows[index];
        CoVcRecord r = flow.record;
        Time span = r.GetSpan();
        r.throughput = span.IsStrictlyPositive() ? r.receivedBytes * 8.0 / span.GetSeconds() : 0;
        if (flow.delays.GetCount() > 0)
        {
            r.meanDelay = flow.delays.GetMean();
            std::vector<Time> q = flow.delays.GetQuantiles({0.50, 0.95, 0.99});
            r.p50Delay = q[0];
            r.p95Delay = q[1];
            r.p99Delay = q[2];
            r.maxDelay = flow.delays.GetMax();
        }
        if (flow.variations > 0)
        {
            r.meanDelayVariation = flow.variationSum / static_cast<int64_t>(flow.variations);
        }
        records.push_back(r);
    }
    // by call id, the forward direction first
    std::stable_sort(records.begin(), records.end(), [](const CoVcRecord& a, const CoVcRecord& b) {
        return a.callId != b.callId ? a.callId < b.callId : a.forward && !b.forward;
    });
    return records;
}

CoPortDataStats
CoDataRecorder::GetPortStats(std::size_t index, Time end) const
{
    const Port& port = m_ports.at(index);
    CoPortDataStats stats = port.stats;
    if (port.waits.GetCount() > 0)
    {
        stats.meanQueueDelay = port.waits.GetMean();
        stats.p95QueueDelay = port.waits.GetQuantiles({0.95})[0];
        stats.maxQueueDelay = port.waits.GetMax();
    }
    if (port.scheduler && end.IsStrictlyPositive())
    {
        double area = port.area + port.scheduler->GetNFrames() * (end - port.last).GetSeconds();
        stats.meanFrames = area / end.GetSeconds();
    }
    return stats;
}

} // namespace ns3
