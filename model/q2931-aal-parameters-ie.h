/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_AAL_PARAMETERS_IE_H
#define Q2931_AAL_PARAMETERS_IE_H

#include "co-call-parameters.h"

#include "ns3/buffer.h"

#include <cstdint>
#include <optional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 ATM adaptation layer parameters information element (0x58),
 *        AAL type 5 only.
 *
 * Octet 5 = AAL type (5), then subfields, each an identifier and a value:
 * forward maximum CPCS-SDU size (0x8C, 2 bytes), backward maximum CPCS-SDU
 * size (0x81, 2 bytes), mode (0x83, 1 byte) and SSCS type (0x84, 1 byte).
 * Encoded in that order; any order is accepted on decode.
 *
 * Wireshark 4.0 reads one octet past this IE, so it must not be the last IE
 * of a message that tshark is to decode cleanly.
 */
class AalParametersIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x58; //!< information element identifier

    static constexpr uint8_t AAL_TYPE_5 = 0x05;          //!< the only AAL type modelled
    static constexpr uint8_t FORWARD_MAX_SDU_ID = 0x8c;  //!< forward max CPCS-SDU size
    static constexpr uint8_t BACKWARD_MAX_SDU_ID = 0x81; //!< backward max CPCS-SDU size
    static constexpr uint8_t MODE_ID = 0x83;             //!< mode (Q.2931; dropped by UNI 4.0)
    static constexpr uint8_t SSCS_TYPE_ID = 0x84;        //!< SSCS type

    static constexpr uint8_t MODE_MESSAGE = 1;   //!< message mode
    static constexpr uint8_t MODE_STREAMING = 2; //!< streaming mode
    static constexpr uint8_t SSCS_NULL = 0;      //!< no SSCS

    /// AAL5 with no subfields.
    AalParametersIe();

    /**
     * \param forward forward maximum CPCS-SDU size, bytes
     * \param backward backward maximum CPCS-SDU size, bytes
     */
    AalParametersIe(uint16_t forward, uint16_t backward);

    /**
     * \brief The IE a call's SETUP carries for its parameters: the maximum
     *        CPCS-SDU sizes of its flow specs and the null SSCS.
     * \param p the call parameters
     * \return the IE
     */
    static AalParametersIe FromCallParameters(const CoCallParameters& p);

    /// \return bytes of contents (after the 4-byte IE header)
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: an AAL type other than 5,
     *         an unknown or repeated subfield, or a value cut short
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "AAL5 SDU 9188/9188 mode=1 sscs=0"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const AalParametersIe& other) const;
    /// \return true when some field differs
    bool operator!=(const AalParametersIe& other) const;

    std::optional<uint16_t> forwardMaxSdu;  //!< forward maximum CPCS-SDU size, bytes
    std::optional<uint16_t> backwardMaxSdu; //!< backward maximum CPCS-SDU size, bytes
    std::optional<uint8_t> mode;            //!< MODE_*
    std::optional<uint8_t> sscsType;        //!< SSCS_* (or another Q.2931 SSCS code)
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const AalParametersIe& ie);

} // namespace ns3

#endif /* Q2931_AAL_PARAMETERS_IE_H */
