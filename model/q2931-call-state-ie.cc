/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-call-state-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931CallStateIe");

namespace
{
constexpr uint8_t STATE_MASK = 0x3f; //!< the call state value; the two bits above are spare
} // namespace

CallStateIe::CallStateIe()
    : CallStateIe(0)
{
}

CallStateIe::CallStateIe(uint8_t value)
    : state(value)
{
}

uint16_t
CallStateIe::GetContentsSize() const
{
    return 1;
}

void
CallStateIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(IsValid(state), "call state " << +state << " names no state");
    i.WriteU8(state & STATE_MASK);
}

bool
CallStateIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 1)
    {
        NS_LOG_LOGIC("call state IE of length " << length);
        return false;
    }
    // The spare bits are not checked, as a receiver should not.
    uint8_t value = i.ReadU8() & STATE_MASK;
    if (!IsValid(value))
    {
        NS_LOG_LOGIC("call state value " << +value);
        return false;
    }
    state = value;
    return true;
}

bool
CallStateIe::IsValid(uint8_t value)
{
    switch (value)
    {
    case 0:
    case 1:
    case 3:
    case 4:
    case 6:
    case 7:
    case 8:
    case 9:
    case 10:
    case 11:
    case 12:
    case REST1:
    case REST2:
        return true;
    default:
        return false;
    }
}

void
CallStateIe::Print(std::ostream& os) const
{
    os << "call-state=" << +state;
}

bool
CallStateIe::operator==(const CallStateIe& other) const
{
    return state == other.state;
}

bool
CallStateIe::operator!=(const CallStateIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const CallStateIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
