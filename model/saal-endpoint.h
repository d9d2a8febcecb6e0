/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SAAL_ENDPOINT_H
#define SAAL_ENDPOINT_H

#include "q2931-header.h"

#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

class CoPortNetDevice;

/**
 * \ingroup condis
 * \brief One end of a signalling AAL (Q.SAAL) on VPI 0 / VCI 5 of a port.
 *
 * Frames each Q.2931 message as an SSCOP SD PDU (Q.2110): the message,
 * zero padding to four bytes, and a trailer with the send sequence number
 * N(S), counted per port. The model's signalling links do not lose frames
 * on their own, so SSCOP's connection control and retransmission are not
 * modelled; what the wire carries is what a real SAAL sends in data transfer.
 * The whole PDU goes on and comes off the packet as one SscopSdPdu header.
 */
class SaalEndpoint
{
  public:
    SaalEndpoint() = default;

    /**
     * \brief Frames a message and queues it on a port.
     * \param port the port to send on
     * \param message the Q.2931 message
     * \param callId the call it belongs to, tagged on the frame (0: no tag)
     * \return false when the port dropped it (queue full, link down)
     */
    bool Send(Ptr<CoPortNetDevice> port, const Q2931Header& message, uint64_t callId = 0);

    /**
     * \brief Unframes a received signalling SDU.
     * \param sdu the SSCOP SD PDU (the AtmFrameHeader already removed); consumed
     * \param [out] message the decoded Q.2931 message
     * \param [out] callId the call the frame was tagged with (0: none)
     * \return false when the PDU or the message is malformed
     */
    static bool Receive(Ptr<Packet> sdu, Q2931Header& message, uint64_t& callId);

    /// \return the N(S) the next message will carry
    uint32_t GetSendSequence() const
    {
        return m_sendSequence;
    }

  private:
    uint32_t m_sendSequence = 0; //!< N(S) of the next SD PDU (24 bits)
};

} // namespace ns3

#endif /* SAAL_ENDPOINT_H */
