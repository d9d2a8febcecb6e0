/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SSCOP_SD_PDU_H
#define SSCOP_SD_PDU_H

#include "q2931-header.h"

#include "ns3/header.h"

#include <cstdint>
#include <memory>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief A whole SSCOP sequenced data (SD) PDU (ITU-T Q.2110) that carries one
 *        Q.2931 message: the message, zero padding to a multiple of 4 bytes,
 *        and the trailer word with N(S), as one header.
 *
 * The bytes are those of a Q2931Header followed by an SscopTrailer, whose
 * coding of the padding and the word this class shares. Writing them with
 * one Packet::AddHeader, rather than a header and then a trailer, spares
 * every signalling message a change at the end of the packet's buffer and a
 * second metadata item, on each hop of each call. In the packet's metadata
 * (and so in ascii traces) the PDU is one item, printed as the message
 * followed by its SSCOP fields.
 *
 * The message is not copied: a PDU to send refers to the caller's message,
 * and a PDU to receive decodes into the caller's message; either must outlive
 * the PDU. A default-constructed PDU (as packet printing makes one from the
 * TypeId) holds a message of its own.
 */
class SscopSdPdu : public Header
{
  public:
    /// A PDU that decodes into a message of its own, e.g. to print a packet.
    SscopSdPdu();

    /**
     * \brief A PDU to send.
     * \param message the message to carry; referred to, not copied, and not
     *        to be changed while the PDU is in use
     * \param sequenceNumber N(S), taken modulo 2^24 as SSCOP does
     */
    SscopSdPdu(const Q2931Header& message, uint32_t sequenceNumber);

    /**
     * \brief A PDU to receive.
     * \param message where Deserialize() decodes the message
     */
    explicit SscopSdPdu(Q2931Header& message);

    ~SscopSdPdu() override;

    // The PDU refers to a message it may not own: a copy would share it.
    SscopSdPdu(const SscopSdPdu&) = delete;
    SscopSdPdu& operator=(const SscopSdPdu&) = delete;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    /// \return the message's size, the pad length and 4
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \param start where the PDU begins; it runs to the end of the packet
     * \return as Deserialize(Buffer::Iterator, Buffer::Iterator)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    /**
     * \param start where the PDU begins
     * \param end where it ends
     * \return the bytes of the PDU; 0 when the trailer is malformed (as
     *         SscopTrailer::Deserialize() judges it; the message is then left
     *         as it was) or the message is (as Q2931Header::Deserialize()
     *         judges it, reading only the bytes before the padding). Bytes
     *         between the end of the message and the padding are ignored.
     */
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;
    /**
     * \param os where to print the message and the SSCOP fields, e.g.
     *        "CONNECT cref=0x000017/d ...; SSCOP SD N(S)=1 pad=1"
     */
    void Print(std::ostream& os) const override;

    /// \return the message carried
    const Q2931Header& GetMessage() const;
    /// \return N(S), the send sequence number (0 .. 2^24-1)
    uint32_t GetSequenceNumber() const;
    /// \return the number of zero bytes between the message and the word (0..3)
    uint8_t GetPadLength() const;

  private:
    /**
     * \param start where the PDU begins
     * \param end where it ends
     * \param pduSize bytes from \p start to \p end
     * \return as Deserialize(Buffer::Iterator, Buffer::Iterator)
     */
    uint32_t DoDeserialize(Buffer::Iterator start, Buffer::Iterator end, uint32_t pduSize);

    std::unique_ptr<Q2931Header> m_ownMessage; //!< the message, when no caller gave one
    const Q2931Header* m_message;              //!< the message sent or received
    Q2931Header* m_decodeInto;                 //!< where to decode; nullptr on a PDU to send
    uint32_t m_messageSize;                    //!< bytes of the message, worked out once per PDU
    uint32_t m_sequenceNumber;                 //!< N(S), 24 bits
    uint8_t m_padLength;                       //!< 0..3
};

} // namespace ns3

#endif /* SSCOP_SD_PDU_H */
