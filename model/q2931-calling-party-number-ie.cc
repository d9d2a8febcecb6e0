/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-calling-party-number-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931CallingPartyNumberIe");

namespace
{
constexpr uint8_t EXT = 0x80;       //!< extension bit: last octet of its group
constexpr uint8_t PLAN_AESA = 0x02; //!< numbering plan ISO NSAP, type of number unknown
} // namespace

CallingPartyNumberIe::CallingPartyNumberIe()
    : CallingPartyNumberIe(AesaAddress())
{
}

CallingPartyNumberIe::CallingPartyNumberIe(const AesaAddress& aesa,
                                           uint8_t presentationIndicator,
                                           uint8_t screeningIndicator)
    : number(aesa),
      presentation(presentationIndicator),
      screening(screeningIndicator)
{
}

uint16_t
CallingPartyNumberIe::GetContentsSize() const
{
    return 2 + AesaAddress::SIZE;
}

void
CallingPartyNumberIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(presentation <= 3, "presentation indicator " << +presentation);
    NS_ASSERT_MSG(screening <= 3, "screening indicator " << +screening);
    i.WriteU8(PLAN_AESA);
    i.WriteU8(EXT | (presentation & 0x03) << 5 | (screening & 0x03));
    i.Write(number.GetBytes().data(), AesaAddress::SIZE);
}

bool
CallingPartyNumberIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length < 1)
    {
        NS_LOG_LOGIC("empty calling party number IE");
        return false;
    }
    uint8_t octet5 = i.ReadU8();
    bool has5a = (octet5 & EXT) == 0;
    if ((octet5 & 0x7f) != PLAN_AESA || length != (has5a ? 2 : 1) + AesaAddress::SIZE)
    {
        NS_LOG_LOGIC("calling party number octet 5 0x" << std::hex << +octet5 << std::dec
                                                       << ", length " << length);
        return false;
    }
    uint8_t octet5a = EXT; // absent: presentation allowed, user-provided not screened
    if (has5a)
    {
        octet5a = i.ReadU8();
        if ((octet5a & EXT) == 0)
        {
            NS_LOG_LOGIC("calling party number octet 5a 0x" << std::hex << +octet5a);
            return false;
        }
    }
    uint8_t bytes[AesaAddress::SIZE];
    i.Read(bytes, AesaAddress::SIZE);
    number = AesaAddress(bytes);
    presentation = (octet5a >> 5) & 0x03;
    screening = octet5a & 0x03;
    return true;
}

void
CallingPartyNumberIe::Print(std::ostream& os) const
{
    os << "calling=" << number;
    if (presentation != PRESENTATION_ALLOWED)
    {
        os << " pres=" << +presentation;
    }
    if (screening != SCREENING_NOT_SCREENED)
    {
        os << " screen=" << +screening;
    }
}

bool
CallingPartyNumberIe::operator==(const CallingPartyNumberIe& other) const
{
    return number == other.number && presentation == other.presentation &&
           screening == other.screening;
}

bool
CallingPartyNumberIe::operator!=(const CallingPartyNumberIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const CallingPartyNumberIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
