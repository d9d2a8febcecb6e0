/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_CAUSE_IE_H
#define Q2931_CAUSE_IE_H

#include "co-status.h"

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Cause information element (0x08): why a call or party is
 *        being cleared or rejected (cause values of ITU-T Q.2610).
 *
 * Contents: octet 5 = ext bit | location (4 bits); octet 6 = ext bit | cause
 * value (7 bits); then optional diagnostics, kept as raw bytes.
 */
class CauseIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x08; //!< information element identifier

    static constexpr uint8_t LOCATION_USER = 0;                 //!< user
    static constexpr uint8_t LOCATION_PRIVATE_LOCAL = 1;        //!< private network, local user
    static constexpr uint8_t LOCATION_PUBLIC_LOCAL = 2;         //!< public network, local user
    static constexpr uint8_t LOCATION_TRANSIT = 3;              //!< transit network
    static constexpr uint8_t LOCATION_PUBLIC_REMOTE = 4;        //!< public network, remote user
    static constexpr uint8_t LOCATION_PRIVATE_REMOTE = 5;       //!< private network, remote user
    static constexpr uint8_t LOCATION_INTERNATIONAL = 7;        //!< international network
    static constexpr uint8_t LOCATION_BEYOND_INTERWORKING = 10; //!< network beyond interworking
    /// Most diagnostic bytes a Cause IE carries (Q.2931 caps the IE at 34 octets).
    static constexpr uint16_t MAX_DIAGNOSTICS = 28;

    /// Normal call clearing, located at the user.
    CauseIe();

    /**
     * \param where where the cause arose (LOCATION_*)
     * \param value the Q.2610 cause value (1..127), e.g. Q2931Cause::NORMAL_CLEARING
     */
    CauseIe(uint8_t where, uint8_t value);

    /// \return bytes of contents (after the 4-byte IE header)
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "cause=16 (normal call clearing) loc=user"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const CauseIe& other) const;
    /// \return true when some field differs
    bool operator!=(const CauseIe& other) const;

    uint8_t location;                 //!< LOCATION_*, 4 bits
    uint8_t cause;                    //!< Q.2610 cause value, 1..127
    std::vector<uint8_t> diagnostics; //!< raw diagnostic bytes, at most MAX_DIAGNOSTICS
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const CauseIe& ie);

} // namespace ns3

#endif /* Q2931_CAUSE_IE_H */
