/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-event-collector.h"

#include "ns3/channel.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoCallEventCollector");

namespace
{

/// \return the device at the other end of \p device's point-to-point link, or null
Ptr<NetDevice>
PeerOf(const NetDevice* device)
{
    Ptr<Channel> channel = device->GetChannel();
    if (!channel)
    {
        return nullptr;
    }
    for (std::size_t i = 0; i < channel->GetNDevices(); ++i)
    {
        Ptr<NetDevice> other = channel->GetDevice(i);
        if (PeekPointer(other) != device)
        {
            return other;
        }
    }
    return nullptr;
}

/**
 * \param message a signalling message
 * \return whether it reports that something failed: a clearing or party
 *         message whose cause is not a normal one, or a refusal
 */
bool
ReportsFailure(const Q2931Header& message)
{
    switch (message.GetMessageType())
    {
    case Q2931MessageType::AddPartyReject:
    case Q2931MessageType::LeafSetupFailure:
        return true;
    case Q2931MessageType::Release:
    case Q2931MessageType::ReleaseComplete:
    case Q2931MessageType::DropParty:
    case Q2931MessageType::DropPartyAcknowledge:
    case Q2931MessageType::Status: {
        const CauseIe* cause = message.GetCause();
        return cause && cause->cause != Q2931Cause::NORMAL_CLEARING &&
               cause->cause != Q2931Cause::NORMAL_UNSPECIFIED &&
               cause->cause != Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY;
    }
    default:
        return false;
    }
}

/// \return the message's name and the IEs a reader looks for first, most telling first
std::string
LabelOf(const Q2931Header& message)
{
    std::ostringstream os;
    os << message.GetMessageType();
    if (const CauseIe* cause = message.GetCause())
    {
        os << ", cause " << unsigned(cause->cause); // its name is in the full text
    }
    if (const ConnectionIdentifierIe* id = message.GetConnectionIdentifier())
    {
        os << ", VPI/VCI " << id->vpci << "/" << id->vci;
    }
    if (const EndpointReferenceIe* party = message.GetEndpointReference())
    {
        os << ", endpoint " << party->value;
    }
    os << ", cref 0x" << std::hex << message.GetCallReference();
    return os.str();
}

/// \return how the ladder names a switch port, after a step
std::string
PortSuffix(uint32_t port)
{
    return " (port " + std::to_string(port) + ")";
}

/**
 * \param e the element (host) \param kind what kind of step \param text its text
 * \return a client's request, completion or indication: the ladder's marker
 *         column blank (the "-> ", "<- " and "!! " steps are the network's)
 */
CoCallEvent
ClientStep(uint32_t e, CoCallEvent::Kind kind, std::string text)
{
    CoCallEvent event;
    event.element = e;
    event.kind = kind;
    event.marker = "   ";
    event.text = std::move(text);
    return event;
}

} // namespace

CoCallEventCollector::CoCallEventCollector() = default;

CoCallEventCollector::~CoCallEventCollector() = default;

void
CoCallEventCollector::SetKeep(bool keep)
{
    m_keep = keep;
}

void
CoCallEventCollector::SetSink(Sink sink)
{
    m_sink = std::move(sink);
}

const std::vector<CoCallEventCollector::Element>&
CoCallEventCollector::GetElements() const
{
    return m_elements;
}

const std::vector<CoCallEvent>&
CoCallEventCollector::GetEvents() const
{
    return m_events;
}

int32_t
CoCallEventCollector::FindElement(const std::string& name) const
{
    for (std::size_t i = 0; i < m_elements.size(); ++i)
    {
        if (m_elements[i].name == name)
        {
            return int32_t(i);
        }
    }
    return -1;
}

void
CoCallEventCollector::Watch(Ptr<CoNetDevice> device, const std::string& name)
{
    const uint32_t e = m_elements.size();
    m_elements.push_back({name, true, device->GetNode() ? device->GetNode()->GetId() : 0});
    m_elementOfNode[m_elements.back().node] = e;
    m_contexts.emplace_back();
    // The device is bound as a plain pointer: a Ptr bound into a callback on
    // its own trace source would keep it alive forever (a cycle).
    CoNetDevice* d = PeekPointer(device);
    using K = CoCallEvent::Kind;
    auto vc = [&](const char* source, K kind) {
        device->TraceConnectWithoutContext(
            source,
            CoMakeCallback(&CoCallEventCollector::VcEvent, this, e, d, std::string(source), kind));
    };
    auto status = [&](const char* source) {
        device->TraceConnectWithoutContext(
            source,
            CoMakeCallback(&CoCallEventCollector::VcStatus, this, e, d, std::string(source)));
    };
    auto parameters = [&](const char* source, K kind) {
        device->TraceConnectWithoutContext(source,
                                           CoMakeCallback(&CoCallEventCollector::VcParameters,
                                                          this,
                                                          e,
                                                          d,
                                                          std::string(source),
                                                          kind));
    };
    auto completion = [&](const char* source) {
        device->TraceConnectWithoutContext(source,
                                           CoMakeCallback(&CoCallEventCollector::VcStatusParameters,
                                                          this,
                                                          e,
                                                          d,
                                                          std::string(source)));
    };
    auto party = [&](const char* source, K kind) {
        device->TraceConnectWithoutContext(
            source,
            CoMakeCallback(&CoCallEventCollector::PartyEvent, this, e, std::string(source), kind));
    };
    auto partyStatus = [&](const char* source) {
        device->TraceConnectWithoutContext(
            source,
            CoMakeCallback(&CoCallEventCollector::PartyStatus, this, e, std::string(source)));
    };
    parameters("MakeCall", K::Request);
    parameters("IncomingCall", K::Indication);
    completion("MakeCallComplete");
    completion("MakeCallRefused");
    status("IncomingCallComplete"); // the client's answer
    vc("CallConnected", K::Indication);
    vc("CallAlerting", K::Indication); // the called user is being alerted
    vc("CloseCall", K::Request);
    status("CloseCallComplete");
    status("IncomingCloseCall");
    vc("VcActivated", K::Note);
    vc("VcDeactivated", K::Note);
    vc("CreateVc", K::Indication); // the device's VC for an incoming call, announced to the client
    vc("DeleteVc", K::Indication); // ... and deleted once the call is over
    completion("JoinCallComplete");
    device->TraceConnectWithoutContext(
        "AddParty",
        CoMakeCallback(&CoCallEventCollector::PartyParameters, this, e));
    device->TraceConnectWithoutContext(
        "AddPartyComplete",
        CoMakeCallback(&CoCallEventCollector::PartyStatusParameters, this, e));
    party("PartyAlerting", K::Indication);
    party("DropParty", K::Request);
    partyStatus("DropPartyComplete");
    partyStatus("IncomingDropParty");
    device->TraceConnectWithoutContext("RegisterSapComplete",
                                       CoMakeCallback(&CoCallEventCollector::SapStatus, this, e));
    device->TraceConnectWithoutContext("SignallingTx",
                                       CoMakeCallback(&CoCallEventCollector::HostTx, this, e, d));
    device->TraceConnectWithoutContext("SignallingRx",
                                       CoMakeCallback(&CoCallEventCollector::HostRx, this, e, d));
    device->TraceConnectWithoutContext("RuleViolation",
                                       CoMakeCallback(&CoCallEventCollector::Violation, this, e));
    device->TraceConnectWithoutContext(
        "ProtocolError",
        CoMakeCallback(&CoCallEventCollector::ProtocolError, this, e));
}

void
CoCallEventCollector::Watch(Ptr<CoSwitch> sw, const std::string& name)
{
    const uint32_t e = m_elements.size();
    m_elements.push_back({name, false, sw->GetObject<Node>() ? sw->GetObject<Node>()->GetId() : 0});
    m_elementOfNode[m_elements.back().node] = e;
    m_contexts.emplace_back();
    CoSwitch* s = PeekPointer(sw);
    sw->TraceConnectWithoutContext("SignallingRx",
                                   CoMakeCallback(&CoCallEventCollector::SwitchRx, this, e, s));
    sw->TraceConnectWithoutContext("SignallingTx",
                                   CoMakeCallback(&CoCallEventCollector::SwitchTx, this, e, s));
    sw->TraceConnectWithoutContext("CallRouted",
                                   CoMakeCallback(&CoCallEventCollector::Routed, this, e));
    sw->TraceConnectWithoutContext("Crankback",
                                   CoMakeCallback(&CoCallEventCollector::Crankback, this, e));
    sw->TraceConnectWithoutContext("Admission",
                                   CoMakeCallback(&CoCallEventCollector::Admission, this, e));
    sw->TraceConnectWithoutContext(
        "ProtocolError",
        CoMakeCallback(&CoCallEventCollector::PortProtocolError, this, e));
    sw->TraceConnectWithoutContext(
        "CrossConnectAdded",
        CoMakeCallback(&CoCallEventCollector::CrossConnect, this, e, std::string("cross-connect")));
    sw->TraceConnectWithoutContext(
        "CrossConnectRemoved",
        CoMakeCallback(&CoCallEventCollector::CrossConnect, this, e, std::string("disconnect")));
}

CoCallEventCollector::Context&
CoCallEventCollector::ContextOf(uint32_t element)
{
    Context& c = m_contexts[element];
    if (c.at != Simulator::Now())
    {
        c = Context();
        c.at = Simulator::Now();
    }
    return c;
}

void
CoCallEventCollector::Add(CoCallEvent event)
{
    event.time = Simulator::Now();
    Context& c = ContextOf(event.element);
    if (event.callId == 0)
    {
        event.callId = c.callId; // the call the element handles at this instant, if any
    }
    else
    {
        c.callId = event.callId;
        // Steps of this instant that waited for a call (an AddParty request
        // before its ADD PARTY goes out) belong to this one.
        for (std::size_t i : c.waiting)
        {
            m_events[i].callId = event.callId;
        }
        c.waiting.clear();
    }
    if (m_keep)
    {
        if (event.callId == 0)
        {
            c.waiting.push_back(m_events.size());
        }
        m_events.push_back(event);
    }
    if (m_sink)
    {
        m_sink(event);
    }
}

uint64_t
CoCallEventCollector::CallOfVc(CoNetDevice* device, CoVcHandle vc)
{
    // GetCallId() forgets a deleted VC: the last call seen on it stands in.
    std::pair<const void*, uint32_t> key(device, vc.GetValue());
    uint64_t id = device->GetCallId(vc);
    if (id != 0)
    {
        m_vcCalls[key] = id;
        return id;
    }
    auto it = m_vcCalls.find(key);
    return it == m_vcCalls.end() ? 0 : it->second;
}

void
CoCallEventCollector::Message(uint32_t element,
                              const NetDevice* device,
                              bool tx,
                              const Q2931Header& m,
                              const std::string& where)
{
    CoCallEvent event;
    event.element = element;
    event.kind = tx ? CoCallEvent::Kind::MessageTx : CoCallEvent::Kind::MessageRx;
    event.marker = tx ? "-> " : "<- ";
    std::ostringstream text;
    text << m;
    event.text = text.str() + where;
    event.label = LabelOf(m);
    event.failure = ReportsFailure(m);

    Ptr<NetDevice> peer = PeerOf(device);
    const Channel* channel = PeekPointer(device->GetChannel());
    if (peer && peer->GetNode())
    {
        auto it = m_elementOfNode.find(peer->GetNode()->GetId());
        if (it != m_elementOfNode.end())
        {
            event.peer = it->second;
        }
    }
    // The flag is set on messages sent by the side that did not allocate
    // the call reference (Q.2931 4.3).
    const bool senderAllocated = !m.GetCallReferenceFlag();
    const NetDevice* allocator = (tx == senderAllocated) ? device : PeekPointer(peer);
    ReferenceKey reference(channel, m.GetCallReference(), allocator);
    Context& c = ContextOf(element);
    if (m.GetCallReference() != 0)
    {
        if (tx && m.GetMessageType() == Q2931MessageType::Setup)
        {
            // A new call on this reference: the one just placed or routed
            // here, else the one whose message this element is handling.
            uint64_t id = c.setupFor != 0 ? c.setupFor : c.callId;
            c.setupFor = 0;
            m_calls[reference] = id;
        }
        auto it = m_calls.find(reference);
        if (it != m_calls.end())
        {
            event.callId = it->second;
        }
    }

    // A message sent is paired with its taking up at the other end.
    const NetDevice* sender = tx ? device : PeekPointer(peer);
    FlightKey flight(channel,
                     sender,
                     uint8_t(m.GetMessageType()),
                     m.GetCallReference(),
                     m.GetCallReferenceFlag());
    if (m_keep)
    {
        if (tx)
        {
            m_inFlight[flight].push_back(m_events.size());
        }
        else
        {
            auto it = m_inFlight.find(flight);
            if (it != m_inFlight.end() && !it->second.empty())
            {
                event.pair = int64_t(it->second.front());
                m_events[it->second.front()].pair = int64_t(m_events.size());
                it->second.pop_front();
                if (it->second.empty())
                {
                    m_inFlight.erase(it);
                }
            }
        }
    }
    Add(event);
}

void
CoCallEventCollector::HostTx(uint32_t e, CoNetDevice* d, const Q2931Header& message)
{
    Message(e, d, true, message, "");
}

void
CoCallEventCollector::HostRx(uint32_t e, CoNetDevice* d, const Q2931Header& message)
{
    Message(e, d, false, message, "");
}

void
CoCallEventCollector::SwitchTx(uint32_t e, CoSwitch* sw, uint32_t port, const Q2931Header& message)
{
    Message(e, PeekPointer(sw->GetPort(port)), true, message, PortSuffix(port));
}

void
CoCallEventCollector::SwitchRx(uint32_t e, CoSwitch* sw, uint32_t port, const Q2931Header& message)
{
    Message(e, PeekPointer(sw->GetPort(port)), false, message, PortSuffix(port));
}

void
CoCallEventCollector::Routed(uint32_t e, uint64_t callId, uint32_t /* in */, uint32_t /* out */)
{
    // Fired just before the switch sends the call's SETUP on: its call.
    Context& c = ContextOf(e);
    c.setupFor = callId;
    c.callId = callId;
}

void
CoCallEventCollector::Crankback(uint32_t e, uint64_t callId, uint32_t port, uint8_t cause)
{
    CoCallEvent event;
    event.element = e;
    event.marker = "!! ";
    event.text = "crankback from port " + std::to_string(port) + ", cause " +
                 std::to_string(cause) + " (" + Q2931Cause::GetName(cause) + ")";
    event.callId = callId;
    event.failure = true;
    Add(event);
}

void
CoCallEventCollector::Admission(uint32_t e,
                                uint32_t in,
                                uint32_t out,
                                const CoCallParameters& p,
                                uint8_t cause)
{
    CoCallEvent event;
    event.element = e;
    event.marker = "   ";
    std::ostringstream os;
    os << "admission port " << in << " -> " << out << ": ";
    if (cause == 0)
    {
        os << "admitted " << p;
    }
    else
    {
        os << "refused, cause " << unsigned(cause) << " (" << Q2931Cause::GetName(cause) << ")";
        event.failure = true;
    }
    event.text = os.str();
    Add(event);
}

void
CoCallEventCollector::CrossConnect(uint32_t e,
                                   std::string what,
                                   uint32_t inPort,
                                   uint16_t inVci,
                                   uint32_t outPort,
                                   uint16_t outVci)
{
    CoCallEvent event;
    event.element = e;
    event.marker = "   ";
    event.text = what + " port " + std::to_string(inPort) + " VCI " + std::to_string(inVci) +
                 " -> port " + std::to_string(outPort) + " VCI " + std::to_string(outVci);
    Add(event);
}

void
CoCallEventCollector::ProtocolError(uint32_t e, const Q2931Header& message, uint8_t cause)
{
    PortProtocolError(e, UINT32_MAX, message, cause);
}

void
CoCallEventCollector::PortProtocolError(uint32_t e,
                                        uint32_t port,
                                        const Q2931Header& message,
                                        uint8_t cause)
{
    CoCallEvent event;
    event.element = e;
    event.marker = "!! ";
    std::ostringstream os;
    os << message.GetMessageType() << " answered with cause " << unsigned(cause) << " ("
       << Q2931Cause::GetName(cause) << ")";
    event.text = os.str() + (port == UINT32_MAX ? "" : PortSuffix(port));
    event.failure = true;
    Add(event);
}

void
CoCallEventCollector::Violation(uint32_t e, CoRule rule, const std::string& detail)
{
    CoCallEvent event;
    event.element = e;
    event.marker = "!! ";
    std::ostringstream os;
    os << "rule violation " << rule << ": " << detail;
    event.text = os.str();
    event.failure = true;
    Add(event);
}

void
CoCallEventCollector::VcEvent(uint32_t e,
                              CoNetDevice* d,
                              std::string what,
                              CoCallEvent::Kind kind,
                              CoVcHandle vc)
{
    std::ostringstream os;
    os << what << " vc " << vc;
    CoCallEvent event = ClientStep(e, kind, os.str());
    event.callId = CallOfVc(d, vc);
    Add(event);
}

void
CoCallEventCollector::VcStatus(uint32_t e,
                               CoNetDevice* d,
                               std::string what,
                               CoVcHandle vc,
                               CoStatus status)
{
    std::ostringstream os;
    os << what << " vc " << vc << ": " << status;
    // The client's answer to an incoming call is its request; the rest are
    // the call manager's completions and indications.
    CoCallEvent event = ClientStep(e,
                                   what == "IncomingCallComplete" ? CoCallEvent::Kind::Request
                                                                  : CoCallEvent::Kind::Indication,
                                   os.str());
    event.callId = CallOfVc(d, vc);
    event.failure = !status.IsSuccess();
    Add(event);
}

void
CoCallEventCollector::VcParameters(uint32_t e,
                                   CoNetDevice* d,
                                   std::string what,
                                   CoCallEvent::Kind kind,
                                   CoVcHandle vc,
                                   const CoCallParameters& p)
{
    std::ostringstream os;
    os << what << " vc " << vc << ": " << p;
    CoCallEvent event = ClientStep(e, kind, os.str());
    event.callId = CallOfVc(d, vc);
    if (kind == CoCallEvent::Kind::Request)
    {
        // MakeCall: its SETUP goes out next, in this instant.
        ContextOf(e).setupFor = event.callId;
    }
    Add(event);
}

void
CoCallEventCollector::VcStatusParameters(uint32_t e,
                                         CoNetDevice* d,
                                         std::string what,
                                         CoVcHandle vc,
                                         CoStatus status,
                                         const CoCallParameters& p)
{
    std::ostringstream os;
    os << what << " vc " << vc << ": " << status;
    if (status.IsSuccess())
    {
        os << ", granted " << p;
    }
    CoCallEvent event = ClientStep(e, CoCallEvent::Kind::Indication, os.str());
    event.callId = CallOfVc(d, vc);
    event.failure = !status.IsSuccess();
    Add(event);
}

void
CoCallEventCollector::SapStatus(uint32_t e, CoSapHandle sap, CoStatus status)
{
    std::ostringstream os;
    os << "RegisterSapComplete sap " << sap << ": " << status;
    CoCallEvent event = ClientStep(e, CoCallEvent::Kind::Indication, os.str());
    event.failure = !status.IsSuccess();
    Add(event);
}

void
CoCallEventCollector::PartyEvent(uint32_t e,
                                 std::string what,
                                 CoCallEvent::Kind kind,
                                 CoPartyHandle party)
{
    std::ostringstream os;
    os << what << " party " << party;
    Add(ClientStep(e, kind, os.str()));
}

void
CoCallEventCollector::PartyStatus(uint32_t e,
                                  std::string what,
                                  CoPartyHandle party,
                                  CoStatus status)
{
    std::ostringstream os;
    os << what << " party " << party << ": " << status;
    CoCallEvent event = ClientStep(e, CoCallEvent::Kind::Indication, os.str());
    event.failure = !status.IsSuccess();
    Add(event);
}

void
CoCallEventCollector::PartyParameters(uint32_t e, CoPartyHandle party, const CoCallParameters& p)
{
    std::ostringstream os;
    os << "AddParty party " << party << ": " << p;
    Add(ClientStep(e, CoCallEvent::Kind::Request, os.str()));
}

void
CoCallEventCollector::PartyStatusParameters(uint32_t e,
                                            CoPartyHandle party,
                                            CoStatus status,
                                            const CoCallParameters& p)
{
    std::ostringstream os;
    os << "AddPartyComplete party " << party << ": " << status;
    if (status.IsSuccess())
    {
        os << ", granted " << p;
    }
    CoCallEvent event = ClientStep(e, CoCallEvent::Kind::Indication, os.str());
    event.failure = !status.IsSuccess();
    Add(event);
}

} // namespace ns3
