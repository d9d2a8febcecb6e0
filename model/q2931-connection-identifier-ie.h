/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_CONNECTION_IDENTIFIER_IE_H
#define Q2931_CONNECTION_IDENTIFIER_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Connection identifier information element (0x5A): the VPCI
 *        and VCI the network allocated to a call on this interface.
 *
 * Octet 5: ext bit | VP-associated signalling (bits 4-5) | preferred/exclusive
 * (bits 1-3); then the VPCI and the VCI, 2 bytes each. E.g. explicit VPCI,
 * exclusive VPCI and VCI, VPCI 0, VCI 100: 88 00 00 00 64.
 */
class ConnectionIdentifierIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x5a; //!< information element identifier

    /// VP-associated signalling: "yes", the signalling VC controls this VP only
    static constexpr uint8_t VP_ASSOCIATED = 0;
    /// VP-associated signalling: explicit indication of VPCI (the usual case)
    static constexpr uint8_t EXPLICIT_VPCI = 1;
    static constexpr uint8_t EXCLUSIVE_VPCI_EXCLUSIVE_VCI = 0; //!< preferred/exclusive
    static constexpr uint8_t EXCLUSIVE_VPCI_ANY_VCI = 1;       //!< preferred/exclusive
    static constexpr uint8_t EXCLUSIVE_VPCI_NO_VCI = 4;        //!< preferred/exclusive

    /// Explicit VPCI, exclusive VPCI and VCI, VPCI 0, VCI 0.
    ConnectionIdentifierIe();

    /**
     * \param vpciValue the virtual path connection identifier
     * \param vciValue the virtual channel identifier
     */
    ConnectionIdentifierIe(uint16_t vpciValue, uint16_t vciValue);

    /// \return bytes of contents (after the 4-byte IE header): 5
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 5,
     *         or octet 5 without its ext bit
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "conn=0/100"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const ConnectionIdentifierIe& other) const;
    /// \return true when some field differs
    bool operator!=(const ConnectionIdentifierIe& other) const;

    uint8_t vpAssociatedSignalling; //!< VP_ASSOCIATED or EXPLICIT_VPCI (2 bits)
    uint8_t preferredExclusive;     //!< EXCLUSIVE_* (3 bits)
    uint16_t vpci;                  //!< virtual path connection identifier
    uint16_t vci;                   //!< virtual channel identifier
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const ConnectionIdentifierIe& ie);

} // namespace ns3

#endif /* Q2931_CONNECTION_IDENTIFIER_IE_H */
