/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_QOS_PARAMETER_IE_H
#define Q2931_QOS_PARAMETER_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Quality of service parameter information element (0x5C):
 *        the QoS class of each direction (0 = unspecified).
 */
class QosParameterIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x5c; //!< information element identifier

    /// Unspecified QoS class in both directions.
    QosParameterIe();

    /**
     * \param forward QoS class, calling to called party
     * \param backward QoS class, called to calling party
     */
    QosParameterIe(uint8_t forward, uint8_t backward);

    /// \return bytes of contents (after the 4-byte IE header): 2
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the length is not 2
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "qos=1/1"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const QosParameterIe& other) const;
    /// \return true when some field differs
    bool operator!=(const QosParameterIe& other) const;

    uint8_t forwardClass;  //!< forward QoS class
    uint8_t backwardClass; //!< backward QoS class
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const QosParameterIe& ie);

} // namespace ns3

#endif /* Q2931_QOS_PARAMETER_IE_H */
