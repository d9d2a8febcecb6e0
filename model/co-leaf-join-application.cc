/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-leaf-join-application.h"

#include "co-net-device.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoLeafJoinApplication");

NS_OBJECT_ENSURE_REGISTERED(CoLeafJoinApplication);

TypeId
CoLeafJoinApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoLeafJoinApplication")
            .SetParent<CoClientApplication>()
            .SetGroupName("Condis")
            .AddConstructor<CoLeafJoinApplication>()
            .AddAttribute("Root",
                          "The address of the root whose call the leaf asks to join.",
                          AesaAddressValue(AesaAddress()),
                          MakeAesaAddressAccessor(&CoLeafJoinApplication::m_root),
                          MakeAesaAddressChecker())
            .AddAttribute("CallIdentifier",
                          "The root's identifier of the call (UNI 4.0 LIJ call identifier).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoLeafJoinApplication::m_callIdentifier),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HoldingTime",
                          "Without planned joins (AddJoin), the leaf joins once at the "
                          "start and stays this long; 0 stays until the application stops.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&CoLeafJoinApplication::m_holdingTime),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Joined",
                            "A join succeeded: the call is connected at the leaf; the "
                            "latency from the request.",
                            MakeTraceSourceAccessor(&CoLeafJoinApplication::m_joinedTrace),
                            "ns3::CoLeafJoinApplication::JoinedTracedCallback")
            .AddTraceSource("JoinFailed",
                            "A join failed: the status carries the cause (the root's "
                            "refusal, the network's, or 102 after T331).",
                            MakeTraceSourceAccessor(&CoLeafJoinApplication::m_joinFailedTrace),
                            "ns3::CoLeafJoinApplication::StatusTracedCallback")
            .AddTraceSource("Left",
                            "The leaf left the call: success when it closed it, else the "
                            "status of the network's or the root's release.",
                            MakeTraceSourceAccessor(&CoLeafJoinApplication::m_leftTrace),
                            "ns3::CoLeafJoinApplication::StatusTracedCallback")
            .AddTraceSource("Rx",
                            "An SDU arrived on the call.",
                            MakeTraceSourceAccessor(&CoLeafJoinApplication::m_rxTrace),
                            "ns3::CoClientApplication::PacketVcTracedCallback");
    return tid;
}

CoLeafJoinApplication::CoLeafJoinApplication()
    : m_callIdentifier(0)
{
    NS_LOG_FUNCTION(this);
}

CoLeafJoinApplication::~CoLeafJoinApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CoLeafJoinApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (EventId& ask : m_asks)
    {
        Simulator::Remove(ask);
    }
    Simulator::Remove(m_leaveEvent);
    CoClientApplication::DoDispose();
}

bool
CoLeafJoinApplication::AddJoin(Time join, Time leave)
{
    NS_LOG_FUNCTION(this << join << leave);
    if (join.IsStrictlyNegative() || leave <= join)
    {
        return false;
    }
    m_plan.push_back({join, leave});
    return true;
}

uint32_t
CoLeafJoinApplication::GetJoinedCount() const
{
    return m_joined;
}

uint32_t
CoLeafJoinApplication::GetFailedCount() const
{
    return m_failed;
}

uint8_t
CoLeafJoinApplication::GetLastFailureCause() const
{
    return m_lastFailureCause;
}

bool
CoLeafJoinApplication::IsJoined() const
{
    return m_onCall;
}

uint64_t
CoLeafJoinApplication::GetRxPackets() const
{
    return m_rxPackets;
}

void
CoLeafJoinApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    CoClientHandlers handlers;
    handlers.joinCallComplete = MakeCallback(&CoLeafJoinApplication::OnJoinCallComplete, this);
    handlers.incomingCloseCall = MakeCallback(&CoLeafJoinApplication::OnIncomingCloseCall, this);
    handlers.closeCallComplete = MakeCallback(&CoLeafJoinApplication::OnCloseCallComplete, this);
    handlers.receive = MakeCallback(&CoLeafJoinApplication::OnReceive, this);
    OpenAddressFamily(handlers);
    if (m_plan.empty())
    {
        AddJoin(Seconds(0), m_holdingTime.IsZero() ? Time::Max() : m_holdingTime);
    }
    // Leave times are kept from the start, so that a join that waited for
    // the previous one to end still leaves when planned.
    for (Join& j : m_plan)
    {
        j.join += Simulator::Now();
        if (j.leave != Time::Max())
        {
            j.leave += Simulator::Now();
        }
    }
    m_asks.resize(m_plan.size());
    for (uint32_t i = 0; i < m_plan.size(); ++i)
    {
        m_asks[i] = Simulator::Schedule(m_plan[i].join - Simulator::Now(),
                                        &CoLeafJoinApplication::Ask,
                                        this,
                                        i);
    }
}

void
CoLeafJoinApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_stopped = true;
    for (EventId& ask : m_asks)
    {
        Simulator::Remove(ask);
    }
    m_due.clear();
    if (m_current >= 0)
    {
        m_leaveDue = true;
        Leave(static_cast<uint32_t>(m_current));
    }
}

void
CoLeafJoinApplication::Ask(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    if (m_stopped)
    {
        return;
    }
    if (m_current >= 0)
    {
        m_due.push_back(i); // one join at a time: it waits for this one to end
        return;
    }
    const Join& j = m_plan[i];
    if (j.leave <= Simulator::Now())
    {
        AskNext(); // it waited past its leave time
        return;
    }
    Ptr<CoNetDevice> device = GetDevice();
    CoStatus s = device->CreateVc(GetClient(), m_vc);
    if (s.IsSuccess())
    {
        s = device->JoinCall(m_vc, m_root, m_callIdentifier);
    }
    if (!s.IsPending())
    {
        NS_LOG_LOGIC("JoinCall refused at once: " << s);
        if (m_vc.IsValid())
        {
            device->DeleteVc(m_vc);
            m_vc = CoVcHandle();
        }
        ++m_failed;
        m_lastFailureCause = s.GetCause();
        m_joinFailedTrace(s);
        AskNext();
        return;
    }
    m_current = i;
    m_asked = Simulator::Now();
    m_leaveDue = false;
    if (j.leave != Time::Max())
    {
        m_leaveEvent =
            Simulator::Schedule(j.leave - Simulator::Now(), &CoLeafJoinApplication::Leave, this, i);
    }
}

void
CoLeafJoinApplication::AskNext()
{
    NS_LOG_FUNCTION(this);
    if (m_stopped || m_current >= 0 || m_due.empty())
    {
        return;
    }
    uint32_t next = m_due.front();
    m_due.erase(m_due.begin());
    // out of the device's completion handler that called us
    Simulator::ScheduleNow(&CoLeafJoinApplication::Ask, this, next);
}

void
CoLeafJoinApplication::Leave(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    if (m_current != static_cast<int64_t>(i) || m_closing)
    {
        return;
    }
    if (!m_onCall)
    {
        m_leaveDue = true; // closed once the join completes
        return;
    }
    m_closing = true;
    CoStatus s = GetDevice()->CloseCall(m_vc);
    if (!s.IsPending())
    {
        EndJoin(s);
    }
}

void
CoLeafJoinApplication::EndJoin(CoStatus status)
{
    NS_LOG_FUNCTION(this << status);
    Simulator::Remove(m_leaveEvent);
    GetDevice()->DeleteVc(m_vc);
    m_vc = CoVcHandle();
    m_current = -1;
    m_closing = false;
    m_onCall = false;
    m_leftTrace(status);
    AskNext();
}

void
CoLeafJoinApplication::OnJoinCallComplete(CoStatus status,
                                          CoVcHandle vc,
                                          const CoCallParameters& /* granted */)
{
    NS_LOG_FUNCTION(this << status << vc);
    if (!status.IsSuccess())
    {
        Simulator::Remove(m_leaveEvent);
        GetDevice()->DeleteVc(vc);
        m_vc = CoVcHandle();
        m_current = -1;
        ++m_failed;
        m_lastFailureCause = status.GetCause();
        m_joinFailedTrace(status);
        AskNext();
        return;
    }
    m_onCall = true;
    ++m_joined;
    m_joinedTrace(Simulator::Now() - m_asked);
    if (m_leaveDue)
    {
        Leave(static_cast<uint32_t>(m_current));
    }
}

void
CoLeafJoinApplication::OnIncomingCloseCall(CoStatus status, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << status << vc);
    if (m_closing)
    {
        return; // our CloseCall crossed it: CloseCallComplete ends the join
    }
    CoStatus closed = GetDevice()->CloseCall(vc);
    NS_LOG_LOGIC("CloseCall after IncomingCloseCall: " << closed);
    EndJoin(status);
}

void
CoLeafJoinApplication::OnCloseCallComplete(CoStatus status, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << status << vc);
    EndJoin(status);
}

void
CoLeafJoinApplication::OnReceive(CoVcHandle vc, Ptr<Packet> packet)
{
    ++m_rxPackets;
    m_rxTrace(packet, vc);
}

} // namespace ns3
