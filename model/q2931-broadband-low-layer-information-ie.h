/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_BROADBAND_LOW_LAYER_INFORMATION_IE_H
#define Q2931_BROADBAND_LOW_LAYER_INFORMATION_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Broadband low-layer information element (0x5F), reduced to
 *        the user information layer 2 protocol.
 *
 * One octet: ext bit | layer 2 identifier "10" (bits 6-7) | protocol (5 bits),
 * e.g. 0xCC for ISO 8802/2 LLC. Layer 1 and 3 information and the layer 2
 * mode and window octets are not modelled, and are rejected on decode.
 */
class BroadbandLowLayerInformationIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x5f; //!< information element identifier
    static constexpr uint8_t LAYER2_LLC = 0x0c; //!< ISO 8802/2 LLC (RFC 2684 LLC/SNAP)

    /// Layer 2 protocol LLC.
    BroadbandLowLayerInformationIe();

    /// \param protocol the user information layer 2 protocol (5 bits)
    explicit BroadbandLowLayerInformationIe(uint8_t protocol);

    /// \return bytes of contents (after the 4-byte IE header): 1
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are not a single layer 2 octet
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "blli=LLC"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const BroadbandLowLayerInformationIe& other) const;
    /// \return true when some field differs
    bool operator!=(const BroadbandLowLayerInformationIe& other) const;

    uint8_t layer2Protocol; //!< user information layer 2 protocol, 5 bits
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const BroadbandLowLayerInformationIe& ie);

} // namespace ns3

#endif /* Q2931_BROADBAND_LOW_LAYER_INFORMATION_IE_H */
