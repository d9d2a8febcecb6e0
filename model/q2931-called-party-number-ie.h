/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_CALLED_PARTY_NUMBER_IE_H
#define Q2931_CALLED_PARTY_NUMBER_IE_H

#include "aesa-address.h"

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Called party number information element (0x70).
 *
 * The model addresses parties by AESA: octet 5 = 0x82 (ext bit, type of
 * number unknown, numbering plan ISO NSAP), then the 20 bytes. A number in
 * the E.164 plan (IA5 digits, as in the reference capture's second ADD PARTY)
 * is also carried, so that a switch can decode the message and reject the
 * party it cannot route, rather than drop the message.
 */
class CalledPartyNumberIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x70; //!< information element identifier

    static constexpr uint8_t PLAN_E164 = 1;          //!< numbering plan: E.164 (IA5 digits)
    static constexpr uint8_t PLAN_AESA = 2;          //!< numbering plan: ISO NSAP, i.e. an AESA
    static constexpr uint8_t TYPE_UNKNOWN = 0;       //!< type of number: unknown
    static constexpr uint8_t TYPE_INTERNATIONAL = 1; //!< type of number: international
    static constexpr uint32_t MAX_E164_DIGITS = 15;  //!< longest E.164 number

    /// The all-zero AESA.
    CalledPartyNumberIe();

    /// \param aesa the called party's AESA
    explicit CalledPartyNumberIe(const AesaAddress& aesa);

    /**
     * \param digits 1..15 decimal digits
     * \param typeOfNumber TYPE_INTERNATIONAL, TYPE_UNKNOWN, ... (3 bits)
     * \return an IE in the E.164 numbering plan
     */
    static CalledPartyNumberIe FromE164(const std::string& digits,
                                        uint8_t typeOfNumber = TYPE_INTERNATIONAL);

    /// \return true when the number is an AESA (numbering plan PLAN_AESA)
    bool IsAesa() const;

    /// \return bytes of contents (after the 4-byte IE header)
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: not 21 bytes for an AESA,
     *         not 1..15 decimal digits for E.164, or another numbering plan
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "called=39.0840..." or "called=e164:4121234567"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const CalledPartyNumberIe& other) const;
    /// \return true when some field differs
    bool operator!=(const CalledPartyNumberIe& other) const;

    AesaAddress number;    //!< the AESA, when numberingPlan is PLAN_AESA
    uint8_t numberingPlan; //!< PLAN_AESA or PLAN_E164
    uint8_t typeOfNumber;  //!< TYPE_* (TYPE_UNKNOWN for an AESA)
    std::string e164;      //!< the digits, when numberingPlan is PLAN_E164 (else empty)
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const CalledPartyNumberIe& ie);

} // namespace ns3

#endif /* Q2931_CALLED_PARTY_NUMBER_IE_H */
