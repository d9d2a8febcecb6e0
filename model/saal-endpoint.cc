/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "saal-endpoint.h"

#include "atm-frame-header.h"
#include "co-call-tag.h"
#include "co-port-net-device.h"
#include "sscop-sd-pdu.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SaalEndpoint");

bool
SaalEndpoint::Send(Ptr<CoPortNetDevice> port, const Q2931Header& message, uint64_t callId)
{
    NS_LOG_FUNCTION(this << port << message << callId);
    Ptr<Packet> p = Create<Packet>();
    if (callId != 0)
    {
        p->AddPacketTag(CoCallTag(callId));
    }
    // Message, padding and trailer in one go: one change to the packet's
    // buffer and metadata per message rather than two.
    p->AddHeader(SscopSdPdu(message, m_sendSequence));
    m_sendSequence = (m_sendSequence + 1) & 0xffffff;
    return port->SendFrame(p,
                           AtmFrameHeader::SIGNALLING_VPI,
                           AtmFrameHeader::SIGNALLING_VCI,
                           AtmTrafficType::Signalling);
}

bool
SaalEndpoint::Receive(Ptr<Packet> sdu, Q2931Header& message, uint64_t& callId)
{
    NS_LOG_FUNCTION(sdu);
    CoCallTag tag;
    callId = sdu->PeekPacketTag(tag) ? tag.GetCallId() : 0;
    SscopSdPdu pdu(message);
    if (sdu->RemoveHeader(pdu) == 0)
    {
        NS_LOG_LOGIC("malformed SSCOP PDU or Q.2931 message dropped");
        return false;
    }
    return true;
}

} // namespace ns3
