/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UNI40_LIJ_PARAMETERS_IE_H
#define UNI40_LIJ_PARAMETERS_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief ATM Forum UNI 4.0 Leaf initiated join parameters information
 *        element (0xE9): how the network treats a leaf's request to join a
 *        root's call. The root's SETUP carries it to say "network join
 *        without root notification"; a SETUP with a LIJ call identifier and
 *        without this IE asks for root-prompted joins (the root approves each).
 *
 * Coded by the ATM Forum (compatibility octet 0xE0), kept among the other
 * IEs of Q2931Header. Contents, 1 octet: ext bit (1), three spare bits, the
 * 4-bit screening indication (0: network join without root notification,
 * the only one UNI 4.0 defines). E.g. 80.
 */
class LijParametersIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0xE9;    //!< information element identifier
    static constexpr uint8_t COMPATIBILITY = 0xE0; //!< ext bit, ATM Forum coding standard
    /// Screening indication: the network adds leaves without asking the root.
    static constexpr uint8_t NETWORK_JOIN_WITHOUT_ROOT_NOTIFICATION = 0;

    /// Network join without root notification.
    LijParametersIe();

    /// \return bytes of contents (after the 4-byte IE header): 1
    uint16_t GetContentsSize() const;

    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;

    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 1,
     *         the extension bit clear, or a screening indication UNI 4.0 does
     *         not define
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);

    /// \param os where to print e.g. "lij-params=network-join"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const LijParametersIe& other) const;
    /// \return true when some field differs
    bool operator!=(const LijParametersIe& other) const;

    uint8_t screening; //!< NETWORK_JOIN_WITHOUT_ROOT_NOTIFICATION
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const LijParametersIe& ie);

} // namespace ns3

#endif /* UNI40_LIJ_PARAMETERS_IE_H */
