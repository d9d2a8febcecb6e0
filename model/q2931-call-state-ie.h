/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_CALL_STATE_IE_H
#define Q2931_CALL_STATE_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Call state information element (0x14): the state of a call
 *        (or, on the global call reference, of an interface's restart) as
 *        its sender sees it. STATUS carries it.
 *
 * Contents: one octet, two spare bits (0) and the 6-bit call state value:
 * 0 null, 1 call initiated, 3 outgoing call proceeding, 4 call delivered,
 * 6 call present, 7 call received, 8 connect request, 9 incoming call
 * proceeding, 10 active, 11 release request, 12 release indication; and for
 * the global call reference 61 (REST 1) and 62 (REST 2). The user side's and
 * the network side's states share the values (U10 and N10 are both 10).
 */
class CallStateIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x14; //!< information element identifier

    static constexpr uint8_t REST1 = 0x3d; //!< global call reference: restart request
    static constexpr uint8_t REST2 = 0x3e; //!< global call reference: restart

    /// The null state.
    CallStateIe();

    /// \param value the call state value (see the class description)
    explicit CallStateIe(uint8_t value);

    /// \return bytes of contents (after the 4-byte IE header): 1
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 1,
     *         or a value that names no state
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "call-state=10"
    void Print(std::ostream& os) const;

    /// \param value a 6-bit call state value \return true when it names a state
    static bool IsValid(uint8_t value);

    /// \return true when every field is equal
    bool operator==(const CallStateIe& other) const;
    /// \return true when some field differs
    bool operator!=(const CallStateIe& other) const;

    uint8_t state; //!< the call state value (6 bits)
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const CallStateIe& ie);

} // namespace ns3

#endif /* Q2931_CALL_STATE_IE_H */
