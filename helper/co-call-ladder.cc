/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-ladder.h"

#include "ns3/simulator.h"

#include <iomanip>

namespace ns3
{

CoCallLadder::CoCallLadder(std::ostream& os)
    : m_os(os)
{
}

void
CoCallLadder::Watch(Ptr<CoNetDevice> device, const std::string& name)
{
    auto vc = [&](const char* source) {
        device->TraceConnectWithoutContext(
            source,
            MakeCallback(&CoCallLadder::VcEvent, this, name, std::string(source)));
    };
    auto status = [&](const char* source) {
        device->TraceConnectWithoutContext(
            source,
            MakeCallback(&CoCallLadder::VcStatus, this, name, std::string(source)));
    };
    auto parameters = [&](const char* source) {
        device->TraceConnectWithoutContext(
            source,
            MakeCallback(&CoCallLadder::VcParameters, this, name, std::string(source)));
    };
    parameters("MakeCall");
    parameters("IncomingCall");
    device->TraceConnectWithoutContext("MakeCallComplete",
                                       MakeCallback(&CoCallLadder::VcStatusParameters,
                                                    this,
                                                    name,
                                                    std::string("MakeCallComplete")));
    device->TraceConnectWithoutContext("MakeCallRefused",
                                       MakeCallback(&CoCallLadder::VcStatusParameters,
                                                    this,
                                                    name,
                                                    std::string("MakeCallRefused")));
    status("IncomingCallComplete");
    vc("CallConnected");
    vc("CallAlerting"); // the called user is being alerted
    vc("CloseCall");
    status("CloseCallComplete");
    status("IncomingCloseCall");
    vc("VcActivated");
    vc("VcDeactivated");
    vc("CreateVc"); // the device's VC for an incoming call, announced to the client
    vc("DeleteVc"); // ... and deleted once the call is over
    device->TraceConnectWithoutContext("RegisterSapComplete",
                                       MakeCallback(&CoCallLadder::SapStatus, this, name));
    device->TraceConnectWithoutContext(
        "SignallingTx",
        MakeCallback(&CoCallLadder::Message, this, name, std::string("->")));
    device->TraceConnectWithoutContext(
        "SignallingRx",
        MakeCallback(&CoCallLadder::Message, this, name, std::string("<-")));
    device->TraceConnectWithoutContext("RuleViolation",
                                       MakeCallback(&CoCallLadder::Violation, this, name));
    device->TraceConnectWithoutContext("ProtocolError",
                                       MakeCallback(&CoCallLadder::ProtocolError, this, name));
}

void
CoCallLadder::Watch(Ptr<CoSwitch> sw, const std::string& name)
{
    sw->TraceConnectWithoutContext(
        "SignallingRx",
        MakeCallback(&CoCallLadder::PortMessage, this, name, std::string("<-")));
    sw->TraceConnectWithoutContext(
        "SignallingTx",
        MakeCallback(&CoCallLadder::PortMessage, this, name, std::string("->")));
    sw->TraceConnectWithoutContext("Admission", MakeCallback(&CoCallLadder::Admission, this, name));
    sw->TraceConnectWithoutContext("ProtocolError",
                                   MakeCallback(&CoCallLadder::PortProtocolError, this, name));
    sw->TraceConnectWithoutContext(
        "CrossConnectAdded",
        MakeCallback(&CoCallLadder::CrossConnect, this, name, std::string("cross-connect")));
    sw->TraceConnectWithoutContext(
        "CrossConnectRemoved",
        MakeCallback(&CoCallLadder::CrossConnect, this, name, std::string("disconnect")));
}

std::ostream&
CoCallLadder::Line(const std::string& who)
{
    return m_os << std::fixed << std::setprecision(9) << std::setw(14)
                << Simulator::Now().GetSeconds() << "s  " << std::left << std::setw(6) << who
                << std::right;
}

void
CoCallLadder::VcEvent(std::string who, std::string what, CoVcHandle vc)
{
    Line(who) << "   " << what << " vc " << vc << std::endl;
}

void
CoCallLadder::VcStatus(std::string who, std::string what, CoVcHandle vc, CoStatus status)
{
    Line(who) << "   " << what << " vc " << vc << ": " << status << std::endl;
}

void
CoCallLadder::VcParameters(std::string who,
                           std::string what,
                           CoVcHandle vc,
                           const CoCallParameters& p)
{
    Line(who) << "   " << what << " vc " << vc << ": " << p << std::endl;
}

void
CoCallLadder::VcStatusParameters(std::string who,
                                 std::string what,
                                 CoVcHandle vc,
                                 CoStatus status,
                                 const CoCallParameters& p)
{
    Line(who) << "   " << what << " vc " << vc << ": " << status;
    if (status.IsSuccess())
    {
        m_os << ", granted " << p;
    }
    m_os << std::endl;
}

void
CoCallLadder::SapStatus(std::string who, CoSapHandle sap, CoStatus status)
{
    Line(who) << "   RegisterSapComplete sap " << sap << ": " << status << std::endl;
}

void
CoCallLadder::Message(std::string who, std::string arrow, const Q2931Header& message)
{
    Line(who) << arrow << " " << message << std::endl;
}

void
CoCallLadder::PortMessage(std::string who,
                          std::string arrow,
                          uint32_t port,
                          const Q2931Header& message)
{
    Line(who) << arrow << " " << message << " (port " << port << ")" << std::endl;
}

void
CoCallLadder::Admission(std::string who,
                        uint32_t in,
                        uint32_t out,
                        const CoCallParameters& p,
                        uint8_t cause)
{
    Line(who) << "   admission port " << in << " -> " << out << ": ";
    if (cause == 0)
    {
        m_os << "admitted " << p;
    }
    else
    {
        m_os << "refused, cause " << unsigned(cause) << " (" << Q2931Cause::GetName(cause) << ")";
    }
    m_os << std::endl;
}

void
CoCallLadder::CrossConnect(std::string who,
                           std::string what,
                           uint32_t inPort,
                           uint16_t inVci,
                           uint32_t outPort,
                           uint16_t outVci)
{
    Line(who) << "   " << what << " port " << inPort << " VCI " << inVci << " -> port " << outPort
              << " VCI " << outVci << std::endl;
}

void
CoCallLadder::ProtocolError(std::string who, const Q2931Header& message, uint8_t cause)
{
    Line(who) << "!! " << message.GetMessageType() << " answered with cause " << unsigned(cause)
              << " (" << Q2931Cause::GetName(cause) << ")" << std::endl;
}

void
CoCallLadder::PortProtocolError(std::string who,
                                uint32_t port,
                                const Q2931Header& message,
                                uint8_t cause)
{
    Line(who) << "!! " << message.GetMessageType() << " answered with cause " << unsigned(cause)
              << " (" << Q2931Cause::GetName(cause) << ") (port " << port << ")" << std::endl;
}

void
CoCallLadder::Violation(std::string who, CoRule rule, const std::string& detail)
{
    Line(who) << "!! rule violation " << rule << ": " << detail << std::endl;
}

} // namespace ns3
