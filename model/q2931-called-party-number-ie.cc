/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-called-party-number-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931CalledPartyNumberIe");

namespace
{
constexpr uint8_t EXT = 0x80; //!< extension bit: octet 5 is the only one of its group

/// \return true when every character of \p s is a decimal digit
bool
AllDigits(const std::string& s)
{
    for (char c : s)
    {
        if (c < '0' || c > '9')
        {
            return false;
        }
    }
    return true;
}
} // namespace

CalledPartyNumberIe::CalledPartyNumberIe()
    : CalledPartyNumberIe(AesaAddress())
{
}

CalledPartyNumberIe::CalledPartyNumberIe(const AesaAddress& aesa)
    : number(aesa),
      numberingPlan(PLAN_AESA),
      typeOfNumber(TYPE_UNKNOWN)
{
}

CalledPartyNumberIe
CalledPartyNumberIe::FromE164(const std::string& digits, uint8_t typeOfNumber)
{
    NS_ASSERT_MSG(!digits.empty() && digits.size() <= MAX_E164_DIGITS && AllDigits(digits),
                  "'" << digits << "' is not an E.164 number of 1.." << MAX_E164_DIGITS
                      << " digits");
    NS_ASSERT_MSG(typeOfNumber <= 7, "type of number " << +typeOfNumber << " is not 3 bits");
    CalledPartyNumberIe ie;
    ie.numberingPlan = PLAN_E164;
    ie.typeOfNumber = typeOfNumber;
    ie.e164 = digits;
    return ie;
}

bool
CalledPartyNumberIe::IsAesa() const
{
    return numberingPlan == PLAN_AESA;
}

uint16_t
CalledPartyNumberIe::GetContentsSize() const
{
    return static_cast<uint16_t>(1 + (IsAesa() ? AesaAddress::SIZE : e164.size()));
}

void
CalledPartyNumberIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(numberingPlan == PLAN_AESA || numberingPlan == PLAN_E164,
                  "numbering plan " << +numberingPlan << " is not modelled");
    i.WriteU8(EXT | (typeOfNumber & 0x07) << 4 | numberingPlan);
    if (IsAesa())
    {
        i.Write(number.GetBytes().data(), AesaAddress::SIZE);
    }
    else
    {
        for (char c : e164)
        {
            i.WriteU8(static_cast<uint8_t>(c));
        }
    }
}

bool
CalledPartyNumberIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length < 2)
    {
        NS_LOG_LOGIC("called party number IE of length " << length);
        return false;
    }
    uint8_t octet5 = i.ReadU8();
    uint8_t plan = octet5 & 0x0f;
    uint8_t type = (octet5 >> 4) & 0x07;
    // Octet 5 must end its group: the called party number has no octet 5a.
    if ((octet5 & EXT) == 0)
    {
        NS_LOG_LOGIC("called party number octet 5 0x" << std::hex << +octet5);
        return false;
    }
    if (plan == PLAN_AESA)
    {
        if (length != 1 + AesaAddress::SIZE || type != TYPE_UNKNOWN)
        {
            NS_LOG_LOGIC("called party AESA of length " << length << ", type " << +type);
            return false;
        }
        uint8_t bytes[AesaAddress::SIZE];
        i.Read(bytes, AesaAddress::SIZE);
        number = AesaAddress(bytes);
        numberingPlan = PLAN_AESA;
        typeOfNumber = type;
        e164.clear();
        return true;
    }
    if (plan == PLAN_E164)
    {
        if (length > 1 + MAX_E164_DIGITS)
        {
            NS_LOG_LOGIC("called party E.164 number of length " << length);
            return false;
        }
        std::string digits(length - 1, '0');
        for (auto& c : digits)
        {
            c = static_cast<char>(i.ReadU8());
        }
        if (!AllDigits(digits))
        {
            NS_LOG_LOGIC("called party E.164 number with a non-digit");
            return false;
        }
        number = AesaAddress();
        numberingPlan = PLAN_E164;
        typeOfNumber = type;
        e164 = digits;
        return true;
    }
    NS_LOG_LOGIC("called party numbering plan " << +plan << " is not modelled");
    return false;
}

void
CalledPartyNumberIe::Print(std::ostream& os) const
{
    os << "called=";
    if (IsAesa())
    {
        os << number;
    }
    else
    {
        os << "e164:" << e164;
    }
}

bool
CalledPartyNumberIe::operator==(const CalledPartyNumberIe& other) const
{
    return number == other.number && numberingPlan == other.numberingPlan &&
           typeOfNumber == other.typeOfNumber && e164 == other.e164;
}

bool
CalledPartyNumberIe::operator!=(const CalledPartyNumberIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const CalledPartyNumberIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
