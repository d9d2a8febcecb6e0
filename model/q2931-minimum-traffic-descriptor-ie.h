/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_MINIMUM_TRAFFIC_DESCRIPTOR_IE_H
#define Q2931_MINIMUM_TRAFFIC_DESCRIPTOR_IE_H

#include "co-call-parameters.h"

#include "ns3/buffer.h"

#include <cstdint>
#include <optional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Minimum acceptable ATM traffic descriptor information element
 *        (0x81, ITU-T Q.2962 / ATM Forum UNI 4.0): the lowest peak cell
 *        rates the caller accepts when the network or the called party
 *        lowers its contract.
 *
 * A list of subfields coded as in the ATM traffic descriptor (a 1-byte
 * identifier, a 3-byte value), and coded by it. The model uses the CLP=0+1
 * peak cell rates only (0x84 forward, 0x85 backward); the CLP=0 rates and
 * the ABR minimum cell rates are refused on decode, as subfields it does not
 * model, and so are those that have no minimum (SCR, MBS, best effort).
 */
class MinimumTrafficDescriptorIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x81; //!< information element identifier

    /**
     * \brief The minimum of a call's parameters: a subfield for each
     *        direction whose minimum is not 0.
     * \param p the call parameters
     * \return the information element
     */
    static MinimumTrafficDescriptorIe FromCallParameters(const CoCallParameters& p);

    /**
     * \brief Copies the minimum peak cell rates into call parameters (an
     *        absent one reads as 0, no minimum).
     * \param [in,out] p the call parameters
     */
    void ApplyTo(CoCallParameters& p) const;

    /// \return bytes of contents (after the 4-byte IE header)
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a subfield the model does
     *         not know, a repeated one, or a value cut short
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "min PCR 1000/-"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const MinimumTrafficDescriptorIe& other) const;

    std::optional<uint32_t> forwardPcr;  //!< lowest acceptable forward PCR, cells/s
    std::optional<uint32_t> backwardPcr; //!< lowest acceptable backward PCR, cells/s
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const MinimumTrafficDescriptorIe& ie);

} // namespace ns3

#endif /* Q2931_MINIMUM_TRAFFIC_DESCRIPTOR_IE_H */
