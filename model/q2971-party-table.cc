/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2971-party-table.h"

#include "co-ns3-compat.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2971PartyTable");

Q2971PartyTable::Q2971PartyTable()
    // Q.2971's defaults: T397 as T301 (3 min), T398 4 s, T399 the network
    // side's T303 + T310 (14 s).
    : m_durations{Minutes(3), Seconds(4), Seconds(14)}
{
    for (Timer t : {Timer::T397, Timer::T398, Timer::T399})
    {
        Queue(t).SetExpiredCallback(
            CoCallback<void, uint32_t>([this, t](uint32_t slot) { Expired(t, slot); }));
    }
}

void
Q2971PartyTable::SetDurations(Time t397, Time t398, Time t399)
{
    m_durations = {t397, t398, t399};
}

void
Q2971PartyTable::SetExpiredCallback(ExpiredCallback expired)
{
    m_expired = expired;
}

bool
Q2971PartyTable::Allocate(uint64_t call, Q2971PartyState state, PartyId& party)
{
    CallParties& parties = m_calls[call];
    // Values this end allocates never collide with the other end's (the flag
    // tells them apart), only with its own still in use.
    for (uint32_t tried = 0; tried < EndpointReferenceIe::MAX_VALUE; ++tried)
    {
        uint16_t reference = parties.nextReference;
        parties.nextReference =
            reference == EndpointReferenceIe::MAX_VALUE ? 1 : uint16_t(reference + 1);
        PartyId candidate{reference, true};
        if (m_index.find({call, IndexKey(candidate)}) == m_index.end())
        {
            party = candidate;
            return Add(call, party, state);
        }
    }
    if (parties.count == 0)
    {
        m_calls.erase(call);
    }
    NS_LOG_LOGIC("call " << call << ": every endpoint reference in use");
    return false;
}

bool
Q2971PartyTable::Add(uint64_t call, PartyId party, Q2971PartyState state)
{
    NS_ASSERT_MSG(party.reference <= EndpointReferenceIe::MAX_VALUE,
                  "endpoint reference " << party.reference << " is more than 15 bits");
    NS_ASSERT_MSG(state != Q2971PartyState::Null, "a party is added in a state other than P0");
    auto [it, added] = m_index.try_emplace({call, IndexKey(party)}, 0);
    if (!added)
    {
        return false;
    }
    uint32_t slot;
    if (!m_free.empty())
    {
        slot = m_free.back();
        m_free.pop_back();
    }
    else
    {
        slot = m_parties.size();
        m_parties.emplace_back();
    }
    it->second = slot;
    Party& p = m_parties[slot];
    p.call = call;
    p.id = party;
    p.state = state;
    p.token = CoTimerQueue::NONE;
    CallParties& parties = m_calls[call];
    p.previous = parties.last;
    p.next = NO_SLOT;
    (parties.last == NO_SLOT ? parties.first : m_parties[parties.last].next) = slot;
    parties.last = slot;
    ++parties.count;
    return true;
}

uint32_t
Q2971PartyTable::Find(uint64_t call, PartyId party) const
{
    auto it = m_index.find({call, IndexKey(party)});
    return it == m_index.end() ? NO_SLOT : it->second;
}

Q2971PartyState
Q2971PartyTable::GetState(uint64_t call, PartyId party) const
{
    uint32_t slot = Find(call, party);
    return slot == NO_SLOT ? Q2971PartyState::Null : m_parties[slot].state;
}

bool
Q2971PartyTable::SetState(uint64_t call, PartyId party, Q2971PartyState state)
{
    uint32_t slot = Find(call, party);
    if (slot == NO_SLOT)
    {
        return false;
    }
    if (state == Q2971PartyState::Null)
    {
        Free(slot);
        return true;
    }
    m_parties[slot].state = state;
    return true;
}

bool
Q2971PartyTable::StartTimer(uint64_t call, PartyId party, Timer timer)
{
    uint32_t slot = Find(call, party);
    if (slot == NO_SLOT)
    {
        return false;
    }
    Party& p = m_parties[slot];
    Queue(p.timer).Stop(p.token);
    p.timer = timer;
    p.token = Queue(timer).Start(m_durations[static_cast<uint8_t>(timer)], slot);
    return true;
}

void
Q2971PartyTable::StopTimer(uint64_t call, PartyId party)
{
    uint32_t slot = Find(call, party);
    if (slot != NO_SLOT)
    {
        Party& p = m_parties[slot];
        Queue(p.timer).Stop(p.token);
    }
}

bool
Q2971PartyTable::IsTimerRunning(uint64_t call, PartyId party, Timer timer) const
{
    uint32_t slot = Find(call, party);
    if (slot == NO_SLOT)
    {
        return false;
    }
    const Party& p = m_parties[slot];
    return p.timer == timer && m_timers[static_cast<uint8_t>(timer)].IsRunning(p.token);
}

std::vector<Q2971PartyTable::PartyId>
Q2971PartyTable::RemoveCall(uint64_t call)
{
    std::vector<PartyId> removed = GetParties(call);
    auto it = m_calls.find(call);
    for (uint32_t slot = it == m_calls.end() ? NO_SLOT : it->second.first; slot != NO_SLOT;)
    {
        // Free() forgets the call with its last party: read the next first.
        uint32_t next = m_parties[slot].next;
        Free(slot);
        slot = next;
    }
    return removed;
}

std::vector<Q2971PartyTable::PartyId>
Q2971PartyTable::GetParties(uint64_t call) const
{
    std::vector<PartyId> parties;
    auto it = m_calls.find(call);
    if (it != m_calls.end())
    {
        parties.reserve(it->second.count);
        for (uint32_t slot = it->second.first; slot != NO_SLOT; slot = m_parties[slot].next)
        {
            parties.push_back(m_parties[slot].id);
        }
    }
    return parties;
}

std::size_t
Q2971PartyTable::GetPartyCount(uint64_t call) const
{
    auto it = m_calls.find(call);
    return it == m_calls.end() ? 0 : it->second.count;
}

std::size_t
Q2971PartyTable::CountInState(uint64_t call, Q2971PartyState state) const
{
    auto it = m_calls.find(call);
    if (it == m_calls.end())
    {
        return 0;
    }
    std::size_t n = 0;
    for (uint32_t slot = it->second.first; slot != NO_SLOT; slot = m_parties[slot].next)
    {
        n += m_parties[slot].state == state;
    }
    return n;
}

std::size_t
Q2971PartyTable::GetPartyCount() const
{
    return m_index.size();
}

std::size_t
Q2971PartyTable::GetCallCount() const
{
    return m_calls.size();
}

std::size_t
Q2971PartyTable::GetRunningTimerCount() const
{
    std::size_t running = 0;
    for (const CoTimerQueue& q : m_timers)
    {
        running += q.GetRunning();
    }
    return running;
}

void
Q2971PartyTable::Clear()
{
    for (CoTimerQueue& q : m_timers)
    {
        q.Clear();
    }
    m_parties.clear();
    m_free.clear();
    m_calls.clear();
    m_index.clear();
}

void
Q2971PartyTable::Quiesce()
{
    for (CoTimerQueue& q : m_timers)
    {
        q.Quiesce();
    }
}

void
Q2971PartyTable::Free(uint32_t slot)
{
    Party& p = m_parties[slot];
    Queue(p.timer).Stop(p.token);
    m_index.erase({p.call, IndexKey(p.id)});
    auto it = m_calls.find(p.call);
    CallParties& parties = it->second;
    (p.previous == NO_SLOT ? parties.first : m_parties[p.previous].next) = p.next;
    (p.next == NO_SLOT ? parties.last : m_parties[p.next].previous) = p.previous;
    p.previous = p.next = NO_SLOT;
    if (--parties.count == 0)
    {
        // The call's last party: the next one the call adds starts the
        // references again (none of the old ones is in use).
        m_calls.erase(it);
    }
    p.state = Q2971PartyState::Null;
    m_free.push_back(slot);
}

void
Q2971PartyTable::Expired(Timer timer, uint32_t slot)
{
    Party& p = m_parties[slot];
    NS_ASSERT_MSG(p.state != Q2971PartyState::Null && p.timer == timer,
                  "a party timer expired for a party without it");
    p.token = CoTimerQueue::NONE;
    NS_LOG_LOGIC("call " << p.call << " party " << p.id.reference << ": timer "
                         << unsigned(static_cast<uint8_t>(timer)) << " expired");
    if (!m_expired.IsNull())
    {
        m_expired(p.call, p.id, timer);
    }
}

Q2971PartyTable::Transition
Q2971PartyTable::OnReceive(Q2971PartyState state, Q2931MessageType received)
{
    using S = Q2971PartyState;
    using M = Q2931MessageType;
    Transition t{false, state};
    auto go = [&t](S next) {
        t.expected = true;
        t.next = next;
    };
    bool waitingForAnswer = state == S::AddPartyInitiated || state == S::PartyAlertingReceived;
    switch (received)
    {
    case M::AddParty:
        if (state == S::Null)
        {
            go(S::AddPartyReceived);
        }
        break;
    case M::PartyAlerting:
        if (state == S::AddPartyInitiated)
        {
            go(S::PartyAlertingReceived);
        }
        break;
    case M::AddPartyAcknowledge:
        if (waitingForAnswer)
        {
            go(S::Active);
        }
        break;
    case M::AddPartyReject:
        if (waitingForAnswer)
        {
            go(S::Null);
        }
        break;
    case M::DropParty:
        if (state == S::DropPartyInitiated)
        {
            go(S::Null); // the two ends dropped it at once
        }
        else if (state != S::Null)
        {
            go(S::DropPartyReceived);
        }
        break;
    case M::DropPartyAcknowledge:
        if (state != S::Null)
        {
            go(S::Null);
        }
        break;
    default:
        break;
    }
    return t;
}

bool
Q2971PartyTable::IsPartyMessage(Q2931MessageType type)
{
    auto value = static_cast<uint8_t>(type);
    return value >= static_cast<uint8_t>(Q2931MessageType::AddParty) &&
           value <= static_cast<uint8_t>(Q2931MessageType::PartyAlerting);
}

} // namespace ns3
