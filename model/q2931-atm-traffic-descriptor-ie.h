/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_ATM_TRAFFIC_DESCRIPTOR_IE_H
#define Q2931_ATM_TRAFFIC_DESCRIPTOR_IE_H

#include "co-call-parameters.h"

#include "ns3/buffer.h"

#include <cstdint>
#include <optional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 ATM traffic descriptor information element (0x59), called
 *        "ATM user cell rate" in some texts: the traffic contract in cells/s.
 *
 * A list of subfields, each a 1-byte identifier and a 3-byte value; the best
 * effort indicator is an identifier alone. The model uses the CLP=0+1 rates
 * only: peak cell rate (0x84 forward, 0x85 backward), sustainable cell rate
 * (0x90, 0x91) and maximum burst size (0xB0, 0xB1). They are encoded in that
 * order, then best effort (0xBE); any order is accepted on decode.
 *
 * Wireshark 4.0 reads one octet past this IE, so it must not be the last IE
 * of a message that tshark is to decode cleanly.
 */
class AtmTrafficDescriptorIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x59; //!< information element identifier

    static constexpr uint8_t FORWARD_PCR_ID = 0x84;  //!< forward PCR, CLP=0+1
    static constexpr uint8_t BACKWARD_PCR_ID = 0x85; //!< backward PCR, CLP=0+1
    static constexpr uint8_t FORWARD_SCR_ID = 0x90;  //!< forward SCR, CLP=0+1
    static constexpr uint8_t BACKWARD_SCR_ID = 0x91; //!< backward SCR, CLP=0+1
    static constexpr uint8_t FORWARD_MBS_ID = 0xb0;  //!< forward MBS, CLP=0+1
    static constexpr uint8_t BACKWARD_MBS_ID = 0xb1; //!< backward MBS, CLP=0+1
    static constexpr uint8_t BEST_EFFORT_ID = 0xbe;  //!< best effort indicator (no value)
    static constexpr uint32_t MAX_VALUE = 0xffffff;  //!< values are 24 bits

    /// No subfields.
    AtmTrafficDescriptorIe();

    /**
     * \brief The descriptor of a call's traffic contract: PCRs always, SCRs
     *        and MBSs for VBR, the best effort indicator for UBR.
     * \param p the call parameters
     * \return the descriptor
     */
    static AtmTrafficDescriptorIe FromCallParameters(const CoCallParameters& p);

    /**
     * \brief Copies the rates and burst sizes present here into call
     *        parameters (those absent read as 0); category, SDU sizes and
     *        addresses are left as they are.
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
     * \return false when the contents are malformed: an unknown or repeated
     *         subfield identifier, or a value cut short
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "PCR 353207/353207 SCR 1000/1000 MBS 32/32 BE"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const AtmTrafficDescriptorIe& other) const;
    /// \return true when some field differs
    bool operator!=(const AtmTrafficDescriptorIe& other) const;

    std::optional<uint32_t> forwardPcr;  //!< forward peak cell rate, cells/s
    std::optional<uint32_t> backwardPcr; //!< backward peak cell rate, cells/s
    std::optional<uint32_t> forwardScr;  //!< forward sustainable cell rate, cells/s
    std::optional<uint32_t> backwardScr; //!< backward sustainable cell rate, cells/s
    std::optional<uint32_t> forwardMbs;  //!< forward maximum burst size, cells
    std::optional<uint32_t> backwardMbs; //!< backward maximum burst size, cells
    bool bestEffort;                     //!< best effort indicator (UBR)
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const AtmTrafficDescriptorIe& ie);

} // namespace ns3

#endif /* Q2931_ATM_TRAFFIC_DESCRIPTOR_IE_H */
