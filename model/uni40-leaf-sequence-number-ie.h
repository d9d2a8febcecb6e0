/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UNI40_LEAF_SEQUENCE_NUMBER_IE_H
#define UNI40_LEAF_SEQUENCE_NUMBER_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief ATM Forum UNI 4.0 Leaf sequence number information element (0xEA):
 *        the number a leaf gives its LEAF SETUP REQUEST, which the SETUP (or
 *        the ADD PARTY on the way to it) that joins the leaf, or the LEAF
 *        SETUP FAILURE that refuses it, carries back: a leaf tells its answer
 *        by it, as it cannot by a call reference.
 *
 * Coded by the ATM Forum (compatibility octet 0xE0), kept among the other
 * IEs of Q2931Header. Contents, 4 octets: the 32-bit sequence number.
 */
class LeafSequenceNumberIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0xEA;    //!< information element identifier
    static constexpr uint8_t COMPATIBILITY = 0xE0; //!< ext bit, ATM Forum coding standard

    /// Sequence number 0.
    LeafSequenceNumberIe();

    /// \param number the leaf's sequence number
    explicit LeafSequenceNumberIe(uint32_t number);

    /// \return bytes of contents (after the 4-byte IE header): 4
    uint16_t GetContentsSize() const;

    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;

    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 4
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);

    /// \param os where to print e.g. "leaf-seq=3"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const LeafSequenceNumberIe& other) const;
    /// \return true when some field differs
    bool operator!=(const LeafSequenceNumberIe& other) const;

    uint32_t value; //!< the sequence number
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const LeafSequenceNumberIe& ie);

} // namespace ns3

#endif /* UNI40_LEAF_SEQUENCE_NUMBER_IE_H */
