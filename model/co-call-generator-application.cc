/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-generator-application.h"

#include "co-ns3-compat.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoCallGeneratorApplication");

NS_OBJECT_ENSURE_REGISTERED(CoCallGeneratorApplication);

TypeId
CoCallGeneratorApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoCallGeneratorApplication")
            .SetParent<CoClientApplication>()
            .SetGroupName("Condis")
            .AddConstructor<CoCallGeneratorApplication>()
            // The call model
            .AddAttribute("InterArrivalTime",
                          "Seconds from one call to the next (the first comes this long after "
                          "the start): exponential for Poisson arrivals.",
                          StringValue("ns3::ExponentialRandomVariable[Mean=1.0]"),
                          MakePointerAccessor(&CoCallGeneratorApplication::m_interArrival),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("HoldingTime",
                          "Seconds a connected call is held before it is closed, drawn when "
                          "it connects.",
                          StringValue("ns3::ExponentialRandomVariable[Mean=10.0]"),
                          MakePointerAccessor(&CoCallGeneratorApplication::m_holdingTime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("MaxCalls",
                          "How many calls to place; 0 for no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_maxCalls),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Destination",
                          "The called party, unless SetDestinations() gave several.",
                          AesaAddressValue(),
                          MakeAesaAddressAccessor(&CoCallGeneratorApplication::m_destination),
                          MakeAesaAddressChecker())
            // The traffic contract every call asks for, the same both ways
            .AddAttribute(
                "ServiceCategory",
                "The service category of the calls.",
                EnumValue(static_cast<int>(CoServiceCategory::Cbr)),
                CoMakeEnumAccessor<int>(&CoCallGeneratorApplication::SetServiceCategoryValue,
                                        &CoCallGeneratorApplication::GetServiceCategoryValue),
                MakeEnumChecker(static_cast<int>(CoServiceCategory::Cbr),
                                "CBR",
                                static_cast<int>(CoServiceCategory::RtVbr),
                                "rt-VBR",
                                static_cast<int>(CoServiceCategory::NrtVbr),
                                "nrt-VBR",
                                static_cast<int>(CoServiceCategory::Ubr),
                                "UBR"))
            .AddAttribute("PeakCellRate",
                          "PCR, cells/s (for UBR, 0 asks for the link rate).",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_peakCellRate),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SustainableCellRate",
                          "SCR, cells/s (VBR only).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_sustainableCellRate),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxBurstSize",
                          "MBS, cells (VBR only).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_maxBurstSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxSduSize",
                          "The largest AAL5 SDU, bytes.",
                          UintegerValue(9188),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_maxSduSize),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("MinimumPeakCellRate",
                          "The lowest PCR, cells/s, the calls accept in each direction when "
                          "the network or the called party lowers the contract (sent as the "
                          "minimum acceptable ATM traffic descriptor); 0 gives none.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_minimumPeakCellRate),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QosClass",
                          "The QoS class (0 unspecified, 1..4).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_qosClass),
                          MakeUintegerChecker<uint8_t>(0, 4))
            // Traffic on connected calls
            .AddAttribute("PacketSize",
                          "Bytes in each SDU sent on a connected call.",
                          UintegerValue(512),
                          MakeUintegerAccessor(&CoCallGeneratorApplication::m_packetSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PacketInterval",
                          "Time between SDUs on a connected call; 0 sends nothing.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&CoCallGeneratorApplication::m_packetInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TrafficSource",
                          "What each connected call carries, frame by frame (a CoTrafficSource, "
                          "copied for each call); none sends PacketSize bytes every "
                          "PacketInterval.",
                          PointerValue(),
                          MakePointerAccessor(&CoCallGeneratorApplication::m_trafficSource),
                          MakePointerChecker<CoTrafficSource>())
            .AddTraceSource(
                "CallAttempt",
                "A call was placed (the VC is invalid when none could be created).",
                MakeTraceSourceAccessor(&CoCallGeneratorApplication::m_callAttemptTrace),
                "ns3::CoNetDevice::CallParametersTracedCallback")
            .AddTraceSource("CallSetup",
                            "A call connected: its setup latency and granted parameters.",
                            MakeTraceSourceAccessor(&CoCallGeneratorApplication::m_callSetupTrace),
                            "ns3::CoCallGeneratorApplication::SetupTracedCallback")
            .AddTraceSource("CallFailed",
                            "A call failed; the status carries the network's cause.",
                            MakeTraceSourceAccessor(&CoCallGeneratorApplication::m_callFailedTrace),
                            "ns3::CoNetDevice::CompletionTracedCallback")
            .AddTraceSource(
                "CallReleased",
                "A connected call's release completed, with how long it was connected.",
                MakeTraceSourceAccessor(&CoCallGeneratorApplication::m_callReleasedTrace),
                "ns3::CoCallGeneratorApplication::ReleasedTracedCallback")
            .AddTraceSource("Tx",
                            "An SDU was sent on a call.",
                            MakeTraceSourceAccessor(&CoCallGeneratorApplication::m_txTrace),
                            "ns3::CoClientApplication::PacketVcTracedCallback")
            .AddTraceSource("Rx",
                            "An SDU was received on a call.",
                            MakeTraceSourceAccessor(&CoCallGeneratorApplication::m_rxTrace),
                            "ns3::CoClientApplication::PacketVcTracedCallback");
    return tid;
}

CoCallGeneratorApplication::CoCallGeneratorApplication()
    : m_maxCalls(0),
      m_category(CoServiceCategory::Cbr),
      m_peakCellRate(1000),
      m_sustainableCellRate(0),
      m_maxBurstSize(0),
      m_maxSduSize(9188),
      m_minimumPeakCellRate(0),
      m_qosClass(0),
      m_packetSize(512),
      m_destinationChooser(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

CoCallGeneratorApplication::~CoCallGeneratorApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CoCallGeneratorApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Simulator::Remove(m_nextCallEvent);
    for (auto& [vc, call] : m_calls)
    {
        Simulator::Remove(call.closeEvent);
        Simulator::Remove(call.sendEvent);
        StopSender(call);
    }
    m_calls.clear();
    m_trafficSource = nullptr;
    m_interArrival = nullptr;
    m_holdingTime = nullptr;
    m_destinationChooser = nullptr;
    CoClientApplication::DoDispose();
}

void
CoCallGeneratorApplication::SetDestinations(const std::vector<AesaAddress>& destinations)
{
    NS_LOG_FUNCTION(this << destinations.size());
    m_destinations = destinations;
}

int64_t
CoCallGeneratorApplication::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_interArrival->SetStream(stream);
    m_holdingTime->SetStream(stream + 1);
    m_destinationChooser->SetStream(stream + 2);
    return 3;
}

void
CoCallGeneratorApplication::SetServiceCategory(CoServiceCategory category)
{
    NS_LOG_FUNCTION(this << GetServiceCategoryName(category));
    m_category = category;
}

void
CoCallGeneratorApplication::SetServiceCategoryValue(int category)
{
    SetServiceCategory(static_cast<CoServiceCategory>(category));
}

int
CoCallGeneratorApplication::GetServiceCategoryValue() const
{
    return static_cast<int>(m_category);
}

uint64_t
CoCallGeneratorApplication::GetAttemptedCount() const
{
    return m_attempted;
}

uint64_t
CoCallGeneratorApplication::GetConnectedCount() const
{
    return m_connected;
}

uint64_t
CoCallGeneratorApplication::GetFailedCount() const
{
    return m_failed;
}

uint64_t
CoCallGeneratorApplication::GetFailedCount(uint8_t cause) const
{
    return cause < m_failedByCause.size() ? m_failedByCause[cause] : 0;
}

uint64_t
CoCallGeneratorApplication::GetReleasedCount() const
{
    return m_released;
}

std::size_t
CoCallGeneratorApplication::GetActiveCallCount() const
{
    return m_calls.size();
}

uint64_t
CoCallGeneratorApplication::GetTxPackets() const
{
    return m_txPackets;
}

uint64_t
CoCallGeneratorApplication::GetTxBytes() const
{
    return m_txBytes;
}

uint64_t
CoCallGeneratorApplication::GetTxFailures() const
{
    return m_txFailures;
}

uint64_t
CoCallGeneratorApplication::GetRxPackets() const
{
    return m_rxPackets;
}

uint64_t
CoCallGeneratorApplication::GetRxBytes() const
{
    return m_rxBytes;
}

void
CoCallGeneratorApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    CoClientHandlers handlers;
    handlers.makeCallComplete = MakeCallback(&CoCallGeneratorApplication::OnMakeCallComplete, this);
    handlers.incomingCloseCall =
        MakeCallback(&CoCallGeneratorApplication::OnIncomingCloseCall, this);
    handlers.closeCallComplete =
        MakeCallback(&CoCallGeneratorApplication::OnCloseCallComplete, this);
    handlers.receive = MakeCallback(&CoCallGeneratorApplication::OnReceive, this);
    OpenAddressFamily(handlers);

    // Misconfiguration is fatal here, rather than failing every call one by one.
    uint32_t node = GetNode()->GetId();
    if (m_destinations.empty() && m_destination == AesaAddress())
    {
        NS_FATAL_ERROR("CoCallGeneratorApplication on node "
                       << node << ": no destination (set the Destination attribute, or call "
                       << "SetDestinations)");
    }
    m_parameters = CoCallParameters::Symmetric(m_category,
                                               m_peakCellRate,
                                               m_sustainableCellRate,
                                               m_maxBurstSize);
    m_parameters.forward.maxSduSize = m_maxSduSize;
    m_parameters.backward.maxSduSize = m_maxSduSize;
    m_parameters.qosClass = m_qosClass;
    m_parameters.minimumForwardPeakCellRate = m_minimumPeakCellRate;
    m_parameters.minimumBackwardPeakCellRate = m_minimumPeakCellRate;
    std::string error = m_parameters.Validate();
    if (!error.empty())
    {
        NS_FATAL_ERROR("CoCallGeneratorApplication on node "
                       << node << ": invalid call parameters: " << error);
    }
    if (m_trafficSource)
    {
        std::string sourceError = m_trafficSource->Validate();
        if (!sourceError.empty())
        {
            NS_FATAL_ERROR("CoCallGeneratorApplication on node "
                           << node << ": TrafficSource: " << sourceError);
        }
    }
    else if (!m_packetInterval.IsZero() && m_packetSize > m_maxSduSize)
    {
        NS_FATAL_ERROR("CoCallGeneratorApplication on node "
                       << node << ": PacketSize " << m_packetSize << " exceeds MaxSduSize "
                       << m_maxSduSize);
    }
    ScheduleNextCall();
}

void
CoCallGeneratorApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    // Calls in progress run to their end: closing them here would leave
    // their releases pending when the simulation stops.
    Simulator::Remove(m_nextCallEvent);
}

void
CoCallGeneratorApplication::ScheduleNextCall()
{
    NS_LOG_FUNCTION(this);
    if (m_maxCalls != 0 && m_attempted >= m_maxCalls)
    {
        return;
    }
    m_nextCallEvent = Simulator::Schedule(Seconds(m_interArrival->GetValue()),
                                          &CoCallGeneratorApplication::PlaceCall,
                                          this);
}

AesaAddress
CoCallGeneratorApplication::ChooseDestination()
{
    NS_LOG_FUNCTION(this);
    switch (m_destinations.size())
    {
    case 0:
        return m_destination;
    case 1:
        return m_destinations.front();
    default:
        return m_destinations[m_destinationChooser->GetInteger(0, m_destinations.size() - 1)];
    }
}

void
CoCallGeneratorApplication::PlaceCall()
{
    NS_LOG_FUNCTION(this);
    ++m_attempted;
    Ptr<CoNetDevice> device = GetDevice();
    m_parameters.calledParty = ChooseDestination();
    CoVcHandle vc;
    CoStatus status = device->CreateVc(GetClient(), vc);
    m_callAttemptTrace(vc, m_parameters);
    if (status.IsSuccess())
    {
        status = device->MakeCall(vc, m_parameters);
        if (status.IsPending())
        {
            m_calls[vc].attempted = Simulator::Now();
        }
        else
        {
            NS_ASSERT_MSG(!status.IsSuccess(), "MakeCall completed without pending");
            device->DeleteVc(vc);
        }
    }
    if (!status.IsPending())
    {
        CallFailed(vc, status);
    }
    ScheduleNextCall();
}

void
CoCallGeneratorApplication::CallFailed(CoVcHandle vc, CoStatus status)
{
    NS_LOG_FUNCTION(this << vc << status);
    ++m_failed;
    ++m_failedByCause[status.GetCause() % m_failedByCause.size()];
    m_callFailedTrace(vc, status);
}

void
CoCallGeneratorApplication::OnMakeCallComplete(CoStatus status,
                                               CoVcHandle vc,
                                               const CoCallParameters& granted)
{
    NS_LOG_FUNCTION(this << status << vc << granted);
    auto it = m_calls.find(vc);
    NS_ASSERT_MSG(it != m_calls.end(), "MakeCallComplete for VC " << vc << ", not our call");
    Call& call = it->second;
    if (!status.IsSuccess())
    {
        GetDevice()->DeleteVc(vc);
        m_calls.erase(it);
        CallFailed(vc, status);
        return;
    }
    ++m_connected;
    call.connected = Simulator::Now();
    m_callSetupTrace(vc, call.connected - call.attempted, granted);
    call.closeEvent = Simulator::Schedule(Seconds(m_holdingTime->GetValue()),
                                          &CoCallGeneratorApplication::CloseCall,
                                          this,
                                          vc);
    Time holding = Simulator::GetDelayLeft(call.closeEvent);
    if (m_trafficSource)
    {
        if (!holding.IsZero())
        {
            call.sender = CreateObject<CoTrafficSender>();
            call.sender->TraceConnectWithoutContext(
                "FrameSent",
                MakeCallback(&CoCallGeneratorApplication::OnSourceFrameSent, this));
            call.sender->TraceConnectWithoutContext(
                "FrameRefused",
                MakeCallback(&CoCallGeneratorApplication::OnSourceFrameRefused, this));
            ++m_senders;
            // Only frames that leave before the holding time is up.
            call.sender->Start(GetDevice(), vc, CopyTrafficSource(), Simulator::Now() + holding);
        }
    }
    else if (!m_packetInterval.IsZero() && !holding.IsZero())
    {
        SendPacket(vc);
    }
}

Ptr<CoTrafficSource>
CoCallGeneratorApplication::CopyTrafficSource() const
{
    NS_LOG_FUNCTION(this);
    TypeId tid = m_trafficSource->GetInstanceTypeId();
    ObjectFactory factory;
    factory.SetTypeId(tid);
    for (TypeId t = tid; t != CoTrafficSource::GetTypeId(); t = t.GetParent())
    {
        for (std::size_t i = 0; i < t.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = t.GetAttribute(i);
            if ((info.flags & TypeId::ATTR_GET) == 0 || (info.flags & TypeId::ATTR_SET) == 0 ||
                !info.accessor->HasGetter() || !info.accessor->HasSetter())
            {
                continue;
            }
            Ptr<AttributeValue> value = info.checker->Create();
            if (m_trafficSource->GetAttributeFailSafe(info.name, *value))
            {
                factory.Set(info.name, *value);
            }
        }
    }
    return factory.Create<CoTrafficSource>();
}

void
CoCallGeneratorApplication::StopSender(Call& call)
{
    NS_LOG_FUNCTION(this);
    if (call.sender)
    {
        call.sender->Stop();
        call.sender->Dispose();
        call.sender = nullptr;
        --m_senders;
    }
}

void
CoCallGeneratorApplication::OnSourceFrameSent(Ptr<const Packet> packet, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << packet << vc);
    ++m_txPackets;
    // The SDU's size, from the sender: the packet now carries the frame's header.
    Call& call = m_calls.at(vc);
    m_txBytes += call.sender->GetSentBytes() - call.senderBytes;
    call.senderBytes = call.sender->GetSentBytes();
    m_txTrace(packet, vc);
}

void
CoCallGeneratorApplication::OnSourceFrameRefused(Ptr<const Packet> packet,
                                                 CoVcHandle vc,
                                                 CoStatus status)
{
    NS_LOG_FUNCTION(this << packet << vc << status);
    ++m_txFailures;
}

std::size_t
CoCallGeneratorApplication::GetTrafficSenderCount() const
{
    return m_senders;
}

void
CoCallGeneratorApplication::SendPacket(CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << vc);
    Call& call = m_calls.at(vc);
    Ptr<Packet> packet = Create<Packet>(m_packetSize);
    CoStatus status = GetDevice()->Send(vc, packet);
    if (status.IsSuccess())
    {
        ++m_txPackets;
        m_txBytes += m_packetSize;
        m_txTrace(packet, vc);
    }
    else
    {
        ++m_txFailures;
        NS_LOG_WARN("SDU on VC " << vc << " refused: " << status);
    }
    // Only SDUs that leave before the holding time is up.
    if (m_packetInterval < Simulator::GetDelayLeft(call.closeEvent))
    {
        call.sendEvent = Simulator::Schedule(m_packetInterval,
                                             &CoCallGeneratorApplication::SendPacket,
                                             this,
                                             vc);
    }
}

void
CoCallGeneratorApplication::CloseCall(CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << vc);
    Call& call = m_calls.at(vc);
    Simulator::Remove(call.sendEvent);
    StopSender(call);
    call.holding = Simulator::Now() - call.connected;
    CoStatus status = GetDevice()->CloseCall(vc);
    NS_ASSERT_MSG(status.IsPending(), "CloseCall on a connected call returned " << status);
}

void
CoCallGeneratorApplication::OnCloseCallComplete(CoStatus status, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << status << vc);
    auto it = m_calls.find(vc);
    NS_ASSERT_MSG(it != m_calls.end(), "CloseCallComplete for VC " << vc << ", not our call");
    CallReleased(it);
}

void
CoCallGeneratorApplication::OnIncomingCloseCall(CoStatus status, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << status << vc);
    auto it = m_calls.find(vc);
    NS_ASSERT_MSG(it != m_calls.end(), "IncomingCloseCall for VC " << vc << ", not our call");
    Call& call = it->second;
    Simulator::Remove(call.closeEvent);
    Simulator::Remove(call.sendEvent);
    StopSender(call);
    call.holding = Simulator::Now() - call.connected;
    CoStatus closed = GetDevice()->CloseCall(vc);
    NS_ASSERT_MSG(closed.IsSuccess(), "CloseCall after IncomingCloseCall returned " << closed);
    CallReleased(it);
}

void
CoCallGeneratorApplication::CallReleased(std::unordered_map<CoVcHandle, Call>::iterator it)
{
    NS_LOG_FUNCTION(this << it->first);
    CoVcHandle vc = it->first;
    ++m_released;
    Time holding = it->second.holding;
    m_calls.erase(it);
    GetDevice()->DeleteVc(vc);
    m_callReleasedTrace(vc, holding);
}

void
CoCallGeneratorApplication::OnReceive(CoVcHandle vc, Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << vc << packet);
    ++m_rxPackets;
    m_rxBytes += packet->GetSize();
    m_rxTrace(packet, vc);
}

} // namespace ns3
