/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_ENDPOINT_REFERENCE_IE_H
#define Q2931_ENDPOINT_REFERENCE_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2971 Endpoint reference information element (0x54): which leaf of
 *        a point-to-multipoint call a message is about.
 *
 * Octet 5 = type (0: locally defined integer); octets 6-7 = flag (bit 15)
 * and 15-bit value. E.g. sent by the side that did not allocate reference 0:
 * 00 80 00.
 */
class EndpointReferenceIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x54;      //!< information element identifier
    static constexpr uint8_t TYPE_LOCAL_INTEGER = 0; //!< the only reference type
    static constexpr uint16_t MAX_VALUE = 0x7fff;    //!< values are 15 bits

    /// Reference 0, sent by the side that allocated it.
    EndpointReferenceIe();

    /**
     * \param referenceValue the endpoint reference (15 bits)
     * \param fromNonOriginator true when sent by the side that did not allocate the reference
     */
    EndpointReferenceIe(uint16_t referenceValue, bool fromNonOriginator);

    /// \return bytes of contents (after the 4-byte IE header): 3
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 3,
     *         or a type other than locally defined integer
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "epref=1/o"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const EndpointReferenceIe& other) const;
    /// \return true when some field differs
    bool operator!=(const EndpointReferenceIe& other) const;

    uint8_t type;   //!< TYPE_LOCAL_INTEGER
    bool flag;      //!< set when sent by the side that did not allocate the reference
    uint16_t value; //!< the endpoint reference, 0..MAX_VALUE
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const EndpointReferenceIe& ie);

} // namespace ns3

#endif /* Q2931_ENDPOINT_REFERENCE_IE_H */
