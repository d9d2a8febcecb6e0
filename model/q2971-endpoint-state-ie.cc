/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2971-endpoint-state-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2971EndpointStateIe");

namespace
{
constexpr uint8_t STATE_MASK = 0x3f; //!< the party state value; the two bits above are spare
} // namespace

const char*
GetQ2971PartyStateName(Q2971PartyState state)
{
    switch (state)
    {
    case Q2971PartyState::Null:
        return "P0 Null";
    case Q2971PartyState::AddPartyInitiated:
        return "P1 Add party initiated";
    case Q2971PartyState::PartyAlertingDelivered:
        return "P4 Party alerting delivered";
    case Q2971PartyState::AddPartyReceived:
        return "P6 Add party received";
    case Q2971PartyState::PartyAlertingReceived:
        return "P7 Party alerting received";
    case Q2971PartyState::Active:
        return "P10 Active";
    case Q2971PartyState::DropPartyInitiated:
        return "P11 Drop party initiated";
    case Q2971PartyState::DropPartyReceived:
        return "P12 Drop party received";
    }
    return "unknown party state";
}

EndpointStateIe::EndpointStateIe()
    : EndpointStateIe(Q2971PartyState::Null)
{
}

EndpointStateIe::EndpointStateIe(Q2971PartyState value)
    : state(value)
{
}

uint16_t
EndpointStateIe::GetContentsSize() const
{
    return 1;
}

void
EndpointStateIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(IsValid(static_cast<uint8_t>(state)),
                  "party state " << +static_cast<uint8_t>(state) << " names no state");
    i.WriteU8(static_cast<uint8_t>(state) & STATE_MASK);
}

bool
EndpointStateIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 1)
    {
        NS_LOG_LOGIC("endpoint state IE of length " << length);
        return false;
    }
    // The spare bits are not checked, as a receiver should not.
    uint8_t value = i.ReadU8() & STATE_MASK;
    if (!IsValid(value))
    {
        NS_LOG_LOGIC("party state value " << +value);
        return false;
    }
    state = static_cast<Q2971PartyState>(value);
    return true;
}

bool
EndpointStateIe::IsValid(uint8_t value)
{
    switch (static_cast<Q2971PartyState>(value))
    {
    case Q2971PartyState::Null:
    case Q2971PartyState::AddPartyInitiated:
    case Q2971PartyState::PartyAlertingDelivered:
    case Q2971PartyState::AddPartyReceived:
    case Q2971PartyState::PartyAlertingReceived:
    case Q2971PartyState::Active:
    case Q2971PartyState::DropPartyInitiated:
    case Q2971PartyState::DropPartyReceived:
        return true;
    }
    return false;
}

void
EndpointStateIe::Print(std::ostream& os) const
{
    os << "endpoint-state=" << +static_cast<uint8_t>(state);
}

bool
EndpointStateIe::operator==(const EndpointStateIe& other) const
{
    return state == other.state;
}

bool
EndpointStateIe::operator!=(const EndpointStateIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const EndpointStateIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
