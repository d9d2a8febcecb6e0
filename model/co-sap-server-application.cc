/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-sap-server-application.h"

#include "co-ns3-compat.h"
#include "co-sap.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoSapServerApplication");

NS_OBJECT_ENSURE_REGISTERED(CoSapServerApplication);

TypeId
CoSapServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoSapServerApplication")
            .SetParent<CoClientApplication>()
            .SetGroupName("Condis")
            .AddConstructor<CoSapServerApplication>()
            .AddAttribute("SapMatchBits",
                          "How many leading bits of the device's AESA a called party number "
                          "must match: 160 for exactly this address, 152 for any selector.",
                          UintegerValue(8 * AesaAddress::SIZE),
                          MakeUintegerAccessor(&CoSapServerApplication::m_sapMatchBits),
                          MakeUintegerChecker<uint8_t>(0, 8 * AesaAddress::SIZE))
            .AddAttribute("Answer",
                          "How incoming calls are answered: accepted or rejected at once, or "
                          "pended and answered AnswerDelay later.",
                          EnumValue(static_cast<int>(AnswerMode::Accept)),
                          CoMakeEnumAccessor<int>(&CoSapServerApplication::SetAnswerValue,
                                                  &CoSapServerApplication::GetAnswerValue),
                          MakeEnumChecker(static_cast<int>(AnswerMode::Accept),
                                          "Accept",
                                          static_cast<int>(AnswerMode::Reject),
                                          "Reject",
                                          static_cast<int>(AnswerMode::Pend),
                                          "Pend"))
            .AddAttribute("AnswerDelay",
                          "With Answer=Pend, how long after the offer the call is answered.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&CoSapServerApplication::m_answerDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AcceptAfterPend",
                          "With Answer=Pend, accept the call (true) or reject it (false).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CoSapServerApplication::m_acceptAfterPend),
                          MakeBooleanChecker())
            .AddAttribute("RejectCause",
                          "The Q.2931 cause value rejected calls are cleared with "
                          "(21: call rejected, 17: user busy, ...).",
                          UintegerValue(Q2931Cause::CALL_REJECTED),
                          MakeUintegerAccessor(&CoSapServerApplication::m_rejectCause),
                          MakeUintegerChecker<uint8_t>(1, 127))
            .AddAttribute("Echo",
                          "Send every SDU received on a connected call back on the same VC.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CoSapServerApplication::m_echo),
                          MakeBooleanChecker())
            .AddTraceSource("IncomingCall",
                            "A call was offered to the SAP, with its parameters.",
                            MakeTraceSourceAccessor(&CoSapServerApplication::m_incomingCallTrace),
                            "ns3::CoNetDevice::CallParametersTracedCallback")
            .AddTraceSource("CallConnected",
                            "An accepted call is connected.",
                            MakeTraceSourceAccessor(&CoSapServerApplication::m_callConnectedTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            .AddTraceSource("Rx",
                            "An SDU was received on a call.",
                            MakeTraceSourceAccessor(&CoSapServerApplication::m_rxTrace),
                            "ns3::CoClientApplication::PacketVcTracedCallback")
            .AddTraceSource("CallClosed",
                            "The network closed a call (the status carries the cause).",
                            MakeTraceSourceAccessor(&CoSapServerApplication::m_callClosedTrace),
                            "ns3::CoNetDevice::CompletionTracedCallback");
    return tid;
}

CoSapServerApplication::CoSapServerApplication()
    : m_sapMatchBits(8 * AesaAddress::SIZE),
      m_answer(AnswerMode::Accept),
      m_acceptAfterPend(true),
      m_rejectCause(Q2931Cause::CALL_REJECTED),
      m_echo(false)
{
    NS_LOG_FUNCTION(this);
}

CoSapServerApplication::~CoSapServerApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CoSapServerApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Simulator::Remove(m_answerEvent);
    m_pended.clear();
    CoClientApplication::DoDispose();
}

void
CoSapServerApplication::SetAnswer(AnswerMode mode)
{
    NS_LOG_FUNCTION(this << static_cast<int>(mode));
    m_answer = mode;
}

CoSapServerApplication::AnswerMode
CoSapServerApplication::GetAnswer() const
{
    return m_answer;
}

void
CoSapServerApplication::SetAnswerValue(int mode)
{
    SetAnswer(static_cast<AnswerMode>(mode));
}

int
CoSapServerApplication::GetAnswerValue() const
{
    return static_cast<int>(m_answer);
}

CoSapHandle
CoSapServerApplication::GetSap() const
{
    return m_sap;
}

bool
CoSapServerApplication::IsSapRegistered() const
{
    return m_sapRegistered;
}

uint64_t
CoSapServerApplication::GetOfferedCount() const
{
    return m_offered;
}

uint64_t
CoSapServerApplication::GetAcceptedCount() const
{
    return m_accepted;
}

uint64_t
CoSapServerApplication::GetRejectedCount() const
{
    return m_rejected;
}

uint64_t
CoSapServerApplication::GetConnectedCount() const
{
    return m_connected;
}

uint64_t
CoSapServerApplication::GetClosedCount() const
{
    return m_closed;
}

uint64_t
CoSapServerApplication::GetRxPackets() const
{
    return m_rxPackets;
}

uint64_t
CoSapServerApplication::GetRxBytes() const
{
    return m_rxBytes;
}

uint64_t
CoSapServerApplication::GetEchoedPackets() const
{
    return m_echoedPackets;
}

void
CoSapServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = true;
    CoClientHandlers handlers;
    handlers.registerSapComplete =
        MakeCallback(&CoSapServerApplication::OnRegisterSapComplete, this);
    handlers.incomingCall = MakeCallback(&CoSapServerApplication::OnIncomingCall, this);
    handlers.callConnected = MakeCallback(&CoSapServerApplication::OnCallConnected, this);
    handlers.incomingCloseCall = MakeCallback(&CoSapServerApplication::OnIncomingCloseCall, this);
    handlers.receive = MakeCallback(&CoSapServerApplication::OnReceive, this);
    OpenAddressFamily(handlers);

    Ptr<CoNetDevice> device = GetDevice();
    CoSap sap(device->GetAesa(), m_sapMatchBits);
    CoStatus status = device->RegisterSap(GetClient(), sap, m_sap);
    if (status.IsPending())
    {
        NS_LOG_LOGIC("registration of SAP " << sap << " pends");
        return;
    }
    OnRegisterSapComplete(status, m_sap);
}

void
CoSapServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    if (m_sapRegistered)
    {
        GetDevice()->DeregisterSap(m_sap);
        m_sapRegistered = false;
        m_sap = CoSapHandle();
    }
    // A registration still pending is undone when it completes.
}

void
CoSapServerApplication::OnRegisterSapComplete(CoStatus status, CoSapHandle sap)
{
    NS_LOG_FUNCTION(this << status << sap);
    if (!status.IsSuccess())
    {
        NS_FATAL_ERROR("CoSapServerApplication on node "
                       << GetNode()->GetId() << ": could not register a SAP for "
                       << GetDevice()->GetAesa() << " (" << unsigned(m_sapMatchBits)
                       << " bits): " << status << "; is another client holding it?");
    }
    m_sapRegistered = true;
    if (!m_running)
    {
        StopApplication();
    }
}

CoStatus
CoSapServerApplication::RejectStatus() const
{
    return CoStatus::FromCause(m_rejectCause);
}

CoStatus
CoSapServerApplication::OnIncomingCall(CoSapHandle sap, CoVcHandle vc, CoCallParameters& parameters)
{
    NS_LOG_FUNCTION(this << sap << vc << parameters);
    ++m_offered;
    m_incomingCallTrace(vc, parameters);
    switch (m_answer)
    {
    case AnswerMode::Accept:
        ++m_accepted;
        return CoStatus();
    case AnswerMode::Reject:
        ++m_rejected;
        return RejectStatus();
    case AnswerMode::Pend:
        break;
    }
    m_pended.push_back(PendedAnswer{Simulator::Now() + m_answerDelay, vc});
    if (!CoIsPending(m_answerEvent))
    {
        m_answerEvent =
            Simulator::Schedule(m_answerDelay, &CoSapServerApplication::AnswerPendedCalls, this);
    }
    return CoStatus(CoStatusCode::Pending);
}

void
CoSapServerApplication::AnswerPendedCalls()
{
    NS_LOG_FUNCTION(this);
    Ptr<CoNetDevice> device = GetDevice();
    while (!m_pended.empty() && m_pended.front().due <= Simulator::Now())
    {
        CoVcHandle vc = m_pended.front().vc;
        m_pended.pop_front();
        // Accept what was offered: the device still holds the offered parameters.
        if (m_acceptAfterPend)
        {
            ++m_accepted;
            device->IncomingCallComplete(CoStatus(), vc, device->GetCallParameters(vc));
        }
        else
        {
            ++m_rejected;
            device->IncomingCallComplete(RejectStatus(), vc, device->GetCallParameters(vc));
        }
    }
    if (!m_pended.empty())
    {
        m_answerEvent = Simulator::Schedule(m_pended.front().due - Simulator::Now(),
                                            &CoSapServerApplication::AnswerPendedCalls,
                                            this);
    }
}

void
CoSapServerApplication::OnCallConnected(CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << vc);
    ++m_connected;
    m_callConnectedTrace(vc);
}

void
CoSapServerApplication::OnIncomingCloseCall(CoStatus status, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << status << vc);
    ++m_closed;
    // A call released while its answer pends is withdrawn: the device wants
    // no answer for it (its VC is gone once the close is acknowledged).
    m_pended.erase(std::remove_if(m_pended.begin(),
                                  m_pended.end(),
                                  [vc](const PendedAnswer& p) { return p.vc == vc; }),
                   m_pended.end());
    CoStatus closed = GetDevice()->CloseCall(vc);
    NS_ASSERT_MSG(closed.IsSuccess(), "CloseCall after IncomingCloseCall returned " << closed);
    m_callClosedTrace(vc, status);
}

void
CoSapServerApplication::OnReceive(CoVcHandle vc, Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << vc << packet);
    ++m_rxPackets;
    m_rxBytes += packet->GetSize();
    m_rxTrace(packet, vc);
    if (!m_echo)
    {
        return;
    }
    Ptr<CoNetDevice> device = GetDevice();
    // Data may arrive between CONNECT and CONNECT ACKNOWLEDGE, when sending is not yet allowed.
    if (device->GetCallState(vc) != CoNetDevice::CallState::Connected)
    {
        NS_LOG_LOGIC("SDU on VC " << vc << " before its call is connected: not echoed");
        return;
    }
    CoStatus status = device->Send(vc, packet->Copy());
    if (status.IsSuccess())
    {
        ++m_echoedPackets;
    }
    else
    {
        NS_LOG_WARN("echo on VC " << vc << " failed: " << status);
    }
}

} // namespace ns3
