/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_RESTART_INDICATOR_IE_H
#define Q2931_RESTART_INDICATOR_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Restart indicator information element (0x79): what a
 *        RESTART (and its RESTART ACKNOWLEDGE) restarts.
 *
 * Contents: one octet, the extension bit (1), four spare bits (0) and the
 * 3-bit class: 0, the VC the message's connection identifier names; 2, every
 * VC of the interface the message crosses. Other classes are reserved.
 */
class RestartIndicatorIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x79; //!< information element identifier

    static constexpr uint8_t INDICATED_VC = 0; //!< the VC named by the connection identifier
    static constexpr uint8_t ALL_VCS = 2;      //!< every VC of the interface

    /// Every VC of the interface.
    RestartIndicatorIe();

    /// \param restartClass INDICATED_VC or ALL_VCS
    explicit RestartIndicatorIe(uint8_t restartClass);

    /// \return bytes of contents (after the 4-byte IE header): 1
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 1,
     *         or a reserved class
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "restart=all-vcs"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const RestartIndicatorIe& other) const;
    /// \return true when some field differs
    bool operator!=(const RestartIndicatorIe& other) const;

    uint8_t restartClass; //!< INDICATED_VC or ALL_VCS
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const RestartIndicatorIe& ie);

} // namespace ns3

#endif /* Q2931_RESTART_INDICATOR_IE_H */
