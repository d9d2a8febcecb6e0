/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-finish-tag-queue.h"

#include "ns3/assert.h"

namespace ns3
{

uint32_t
CoFinishTagQueue::FifoFor(double increment)
{
    // The same increment as the last push is the common case (one weight,
    // one frame size): no hashing then.
    if (m_lastFifo != NONE && m_fifos[m_lastFifo].increment == increment)
    {
        return m_lastFifo;
    }
    auto [it, added] = m_fifoOf.try_emplace(increment, NONE);
    if (added)
    {
        if (m_freeFifos.empty())
        {
            it->second = static_cast<uint32_t>(m_fifos.size());
            m_fifos.emplace_back();
        }
        else
        {
            it->second = m_freeFifos.back();
            m_freeFifos.pop_back();
        }
        m_fifos[it->second] = Fifo{increment, NONE, NONE};
    }
    m_lastFifo = it->second;
    return m_lastFifo;
}

uint32_t
CoFinishTagQueue::NewNode(const Entry& entry)
{
    uint32_t n = m_freeNodes;
    if (n == NONE)
    {
        n = static_cast<uint32_t>(m_nodes.size());
        m_nodes.push_back(Node{entry, NONE});
    }
    else
    {
        m_freeNodes = m_nodes[n].next;
        m_nodes[n] = Node{entry, NONE};
    }
    return n;
}

void
CoFinishTagQueue::Push(const Entry& entry, double increment)
{
    uint32_t f = FifoFor(increment);
    uint32_t n = NewNode(entry);
    Fifo& fifo = m_fifos[f];
    if (fifo.tail == NONE)
    {
        fifo.head = n;
        m_heads.push(Head{entry.tag, entry.sequence, f});
    }
    else
    {
        // What keeps each FIFO sorted (see the class): a caller that breaks
        // it is a programming error, not something data can cause.
        NS_ASSERT_MSG(!(entry.tag < m_nodes[fifo.tail].entry.tag),
                      "finish tags of one increment must not decrease");
        m_nodes[fifo.tail].next = n;
    }
    fifo.tail = n;
    ++m_size;
}

const CoFinishTagQueue::Entry&
CoFinishTagQueue::Top() const
{
    NS_ASSERT(!m_heads.empty());
    return m_nodes[m_fifos[m_heads.top().fifo].head].entry;
}

void
CoFinishTagQueue::Pop()
{
    NS_ASSERT(!m_heads.empty());
    uint32_t f = m_heads.top().fifo;
    m_heads.pop();
    Fifo& fifo = m_fifos[f];
    uint32_t n = fifo.head;
    fifo.head = m_nodes[n].next;
    m_nodes[n].next = m_freeNodes;
    m_freeNodes = n;
    --m_size;
    if (fifo.head != NONE)
    {
        const Entry& next = m_nodes[fifo.head].entry;
        m_heads.push(Head{next.tag, next.sequence, f});
        return;
    }
    fifo.tail = NONE;
    if (m_fifoOf.size() > KEEP_INCREMENTS)
    {
        m_fifoOf.erase(fifo.increment);
        m_freeFifos.push_back(f);
        if (m_lastFifo == f)
        {
            m_lastFifo = NONE;
        }
    }
}

bool
CoFinishTagQueue::IsEmpty() const
{
    return m_size == 0;
}

std::size_t
CoFinishTagQueue::GetSize() const
{
    return m_size;
}

std::size_t
CoFinishTagQueue::GetIncrementCount() const
{
    return m_fifoOf.size();
}

void
CoFinishTagQueue::Clear()
{
    m_nodes.clear();
    m_freeNodes = NONE;
    m_fifos.clear();
    m_freeFifos.clear();
    m_fifoOf.clear();
    m_lastFifo = NONE;
    m_heads = decltype(m_heads)();
    m_size = 0;
}

} // namespace ns3
