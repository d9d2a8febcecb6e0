/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SSCOP_TRAILER_H
#define SSCOP_TRAILER_H

#include "ns3/trailer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The end of an SSCOP sequenced data (SD) PDU (ITU-T Q.2110) that carries
 *        one Q.2931 message: zero padding to a multiple of 4 bytes, then a
 *        4-byte word: pad length (2 bits), 2 reserved bits, PDU type SD (0x8)
 *        and the 24-bit send sequence number N(S), big-endian.
 *
 * The trailer covers the padding as well as the word, so that adding it to a
 * packet that holds just the message makes a whole SD PDU, and removing it
 * leaves just the message.
 *
 * SaalEndpoint does not use this class on its own path: it writes the whole
 * SD PDU with one SscopSdPdu header, which spares each message a second
 * change at the end of the packet's buffer and metadata. The coding of the
 * padding and the word lives here (WriteEnd(), ReadEnd()) and both classes
 * use it, so the two framings cannot drift apart. This class stays for
 * whoever takes an SD PDU apart layer by layer, e.g. tests of the framing.
 */
class SscopTrailer : public Trailer
{
  public:
    static constexpr uint8_t PDU_TYPE_SD = 0x08;           //!< PDU type of a sequenced data PDU
    static constexpr uint32_t WORD_SIZE = 4;               //!< bytes of the trailer word
    static constexpr uint32_t SEQUENCE_MODULUS = 1U << 24; //!< N(S) counts modulo this

    /// An SD trailer with no padding and N(S) = 0.
    SscopTrailer();

    /**
     * \param payloadSize bytes of the Q.2931 message the trailer ends
     * \param sequenceNumber N(S), taken modulo 2^24 as SSCOP does
     */
    SscopTrailer(uint32_t payloadSize, uint32_t sequenceNumber);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    /// \return the pad length plus 4
    uint32_t GetSerializedSize() const override;
    /**
     * \param end the end of the packet; the padding and the word are written before it
     */
    void Serialize(Buffer::Iterator end) const override;
    /**
     * \param end the end of the packet
     * \return the pad length plus 4; 0 when the packet is shorter than 4 bytes,
     *         is not an SD PDU, is shorter than the padding the word announces,
     *         or the padding is not zero
     */
    uint32_t Deserialize(Buffer::Iterator end) override;
    void Print(std::ostream& os) const override;

    /// \return N(S), the send sequence number (0 .. 2^24-1)
    uint32_t GetSequenceNumber() const;
    /// \return the number of zero bytes between the message and the word (0..3)
    uint8_t GetPadLength() const;

    /**
     * \param payloadSize bytes of the Q.2931 message an SD PDU carries
     * \return the zero bytes that bring the PDU to a multiple of 4 (0..3)
     */
    static uint8_t GetPadLengthFor(uint32_t payloadSize);

    /**
     * \brief Writes the padding and the trailer word that end an SD PDU.
     * \param i where the padding begins; advanced past the word
     * \param padLength zero bytes before the word (0..3)
     * \param sequenceNumber N(S), already taken modulo 2^24
     */
    static void WriteEnd(Buffer::Iterator& i, uint8_t padLength, uint32_t sequenceNumber);

    /**
     * \brief Reads and checks the padding and trailer word that end an SD PDU.
     * \param end the end of the PDU
     * \param pduSize bytes of the PDU before \p end (only these are read)
     * \param [out] padLength the pad length, set only on success
     * \param [out] sequenceNumber N(S), set only on success
     * \return the pad length plus 4; 0 when \p pduSize is less than 4, the
     *         PDU is not an SD PDU, is shorter than the padding the word
     *         announces, or the padding is not zero
     */
    static uint32_t ReadEnd(Buffer::Iterator end,
                            uint32_t pduSize,
                            uint8_t& padLength,
                            uint32_t& sequenceNumber);

  private:
    uint32_t m_sequenceNumber; //!< N(S), 24 bits
    uint8_t m_padLength;       //!< 0..3
};

} // namespace ns3

#endif /* SSCOP_TRAILER_H */
