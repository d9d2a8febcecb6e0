/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-timer-queue.h"

#include "ns3/assert.h"
#include "ns3/simulator.h"

namespace ns3
{

CoTimerQueue::~CoTimerQueue()
{
    Clear();
}

void
CoTimerQueue::SetExpiredCallback(Callback<void, uint32_t> expired)
{
    m_expired = expired;
}

CoTimerQueue::Token
CoTimerQueue::Start(Time delay, uint32_t owner)
{
    NS_ASSERT_MSG(!delay.IsStrictlyNegative(), "a timer cannot expire in the past: " << delay);
    int64_t deadline = (Simulator::Now() + delay).GetTimeStep();
    ++m_running;
    if (!m_fifo.empty() && deadline < m_fifo.back().deadline)
    {
        // Out of order (the duration was shortened): an event of its own.
        m_nextStray = m_nextStray == ~Token(0) ? STRAY + 1 : m_nextStray + 1;
        Token token = m_nextStray;
        m_strays[token] =
            Simulator::Schedule(delay, &CoTimerQueue::ExpireStray, this, token, owner);
        return token;
    }
    if (m_fifo.empty() && m_armed && deadline < m_armedAt)
    {
        // The event left for timers stopped since would come too late.
        Simulator::Remove(m_event);
        m_armed = false;
    }
    uint64_t sequence = m_frontSequence + m_fifo.size();
    if (FifoToken(sequence) == NONE)
    {
        // Once in 2^31 starts the sequence number would give the token NONE:
        // a stopped entry takes it instead.
        m_fifo.push_back(Entry{deadline, 0, false});
        ++sequence;
    }
    m_fifo.push_back(Entry{deadline, owner, true});
    if (!m_armed && !m_expiring)
    {
        Arm();
    }
    return FifoToken(sequence);
}

void
CoTimerQueue::Stop(Token& token)
{
    Token stopped = token;
    token = NONE;
    if (stopped == NONE)
    {
        return;
    }
    if (stopped & STRAY)
    {
        auto it = m_strays.find(stopped);
        if (it != m_strays.end())
        {
            Simulator::Remove(it->second);
            m_strays.erase(it);
            --m_running;
        }
        return;
    }
    std::size_t position = Position(stopped);
    if (position >= m_fifo.size() || !m_fifo[position].running)
    {
        return; // expired already
    }
    m_fifo[position].running = false;
    --m_running;
    // The entry (and any stopped before it) leaves at once from the back;
    // from anywhere else, when it reaches the front. The front's event, if
    // this was the front, stays (see Quiesce()).
    while (!m_fifo.empty() && !m_fifo.back().running)
    {
        m_fifo.pop_back();
    }
}

void
CoTimerQueue::Quiesce()
{
    if (m_running == m_strays.size() && m_armed)
    {
        DropFifo();
    }
}

bool
CoTimerQueue::IsRunning(Token token) const
{
    if (token == NONE)
    {
        return false;
    }
    if (token & STRAY)
    {
        return m_strays.contains(token);
    }
    std::size_t position = Position(token);
    return position < m_fifo.size() && m_fifo[position].running;
}

void
CoTimerQueue::Clear()
{
    DropFifo();
    for (auto& [token, event] : m_strays)
    {
        Simulator::Remove(event);
    }
    m_strays.clear();
    m_running = 0;
}

void
CoTimerQueue::DropFifo()
{
    if (m_armed)
    {
        Simulator::Remove(m_event);
        m_armed = false;
    }
    // Tokens given so far must not name entries to come.
    m_frontSequence += m_fifo.size();
    m_fifo.clear();
}

void
CoTimerQueue::Arm()
{
    while (!m_fifo.empty() && !m_fifo.front().running)
    {
        m_fifo.pop_front();
        ++m_frontSequence;
    }
    if (m_fifo.empty())
    {
        return;
    }
    m_armedAt = m_fifo.front().deadline;
    Time delay = TimeStep(m_armedAt) - Simulator::Now();
    m_event = Simulator::Schedule(delay, &CoTimerQueue::Expire, this);
    m_armed = true;
}

void
CoTimerQueue::Expire()
{
    m_armed = false;
    m_expiring = true;
    int64_t now = Simulator::Now().GetTimeStep();
    while (!m_fifo.empty())
    {
        Entry front = m_fifo.front();
        if (front.running && front.deadline > now)
        {
            break;
        }
        m_fifo.pop_front();
        ++m_frontSequence;
        if (front.running)
        {
            // The owner may start and stop timers of this queue from here.
            --m_running;
            m_expired(front.owner);
        }
    }
    m_expiring = false;
    Arm();
}

void
CoTimerQueue::Ring::Resize(std::size_t size)
{
    std::vector<Entry> slots(size);
    for (std::size_t i = 0; i < m_size; ++i)
    {
        slots[i] = (*this)[i];
    }
    m_slots.swap(slots);
    m_head = 0;
}

void
CoTimerQueue::ExpireStray(Token token, uint32_t owner)
{
    m_strays.erase(token);
    --m_running;
    m_expired(owner);
}

} // namespace ns3
