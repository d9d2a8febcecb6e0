/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_CALLING_PARTY_NUMBER_IE_H
#define Q2931_CALLING_PARTY_NUMBER_IE_H

#include "aesa-address.h"

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Calling party number information element (0x6C), AESA only.
 *
 * Encoded as octet 5 = 0x02 (ext bit clear: octet 5a follows; type of number
 * unknown; numbering plan ISO NSAP), octet 5a = ext bit | presentation
 * indicator (bits 6-7) | screening indicator (bits 1-2), then the 20 bytes:
 * 22 bytes of contents. The 21-byte form without octet 5a is accepted on
 * decode (presentation allowed, user-provided not screened).
 */
class CallingPartyNumberIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x6c; //!< information element identifier

    static constexpr uint8_t PRESENTATION_ALLOWED = 0;       //!< presentation allowed
    static constexpr uint8_t PRESENTATION_RESTRICTED = 1;    //!< presentation restricted
    static constexpr uint8_t PRESENTATION_NOT_AVAILABLE = 2; //!< number not available
    static constexpr uint8_t SCREENING_NOT_SCREENED = 0;     //!< user-provided, not screened
    static constexpr uint8_t SCREENING_PASSED = 1;           //!< user-provided, verified and passed
    static constexpr uint8_t SCREENING_FAILED = 2;           //!< user-provided, verified and failed
    static constexpr uint8_t SCREENING_NETWORK = 3;          //!< network provided

    /// The all-zero AESA, presentation allowed, not screened.
    CallingPartyNumberIe();

    /**
     * \param aesa the calling party's AESA
     * \param presentationIndicator PRESENTATION_* (2 bits)
     * \param screeningIndicator SCREENING_* (2 bits)
     */
    explicit CallingPartyNumberIe(const AesaAddress& aesa,
                                  uint8_t presentationIndicator = PRESENTATION_ALLOWED,
                                  uint8_t screeningIndicator = SCREENING_NOT_SCREENED);

    /// \return bytes of contents (after the 4-byte IE header): 22
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: not an AESA, or a length
     *         that does not match the presence of octet 5a
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "calling=47.0091..."
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const CallingPartyNumberIe& other) const;
    /// \return true when some field differs
    bool operator!=(const CallingPartyNumberIe& other) const;

    AesaAddress number;   //!< the calling party's AESA
    uint8_t presentation; //!< PRESENTATION_*, 2 bits
    uint8_t screening;    //!< SCREENING_*, 2 bits
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const CallingPartyNumberIe& ie);

} // namespace ns3

#endif /* Q2931_CALLING_PARTY_NUMBER_IE_H */
