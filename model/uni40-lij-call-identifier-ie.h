/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UNI40_LIJ_CALL_IDENTIFIER_IE_H
#define UNI40_LIJ_CALL_IDENTIFIER_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief ATM Forum UNI 4.0 Leaf initiated join call identifier information
 *        element (0xE8): the name a root gives its point-to-multipoint call
 *        so that leaves can ask to join it (LEAF SETUP REQUEST) without
 *        knowing any call reference.
 *
 * Coded by the ATM Forum (coding standard 11, compatibility octet 0xE0),
 * so Q2931Header keeps it among the other IEs (GetOtherIe / SetOtherIe).
 * Contents, 5 octets: ext bit (1), three spare bits, the 4-bit identifier
 * type (0: root assigned, the only one UNI 4.0 defines), then the 32-bit
 * identifier value. E.g. root-assigned 7: 80 00 00 00 07.
 */
class LijCallIdentifierIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0xE8;      //!< information element identifier
    static constexpr uint8_t COMPATIBILITY = 0xE0;   //!< ext bit, ATM Forum coding standard
    static constexpr uint8_t TYPE_ROOT_ASSIGNED = 0; //!< the identifier is the root's

    /// Root-assigned identifier 0.
    LijCallIdentifierIe();

    /// \param identifier the root-assigned identifier value
    explicit LijCallIdentifierIe(uint32_t identifier);

    /// \return bytes of contents (after the 4-byte IE header): 5
    uint16_t GetContentsSize() const;

    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;

    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 5,
     *         the extension bit clear, or an identifier type other than
     *         root assigned
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);

    /// \param os where to print e.g. "lij-call-id=7"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const LijCallIdentifierIe& other) const;
    /// \return true when some field differs
    bool operator!=(const LijCallIdentifierIe& other) const;

    uint8_t type;   //!< TYPE_ROOT_ASSIGNED
    uint32_t value; //!< the identifier, unique among the root's calls
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const LijCallIdentifierIe& ie);

} // namespace ns3

#endif /* UNI40_LIJ_CALL_IDENTIFIER_IE_H */
