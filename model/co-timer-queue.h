/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TIMER_QUEUE_H
#define CO_TIMER_QUEUE_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Timers of one kind and one duration (a switch's T303, say), run on
 *        a single ns-3 event.
 *
 * A switch starts a Q.2931 timer on nearly every message it sends, and
 * nearly every one is stopped a few milliseconds later by the answer. As
 * ns-3 events, each start and stop would be an insertion and a removal in
 * the simulator's event tree, whose nodes, in a network of thousands of
 * switches, are cold: a handful of cache misses per timer. Timers of one
 * kind share one duration, so they fall due in the order they start: here a
 * timer is an entry at the back of a FIFO, and only the entry at the front
 * has an event. Stopping a timer marks its entry; stopped entries leave the
 * FIFO when they are at its back (the usual case: the timer started last is
 * the one its answer stops) or when they reach its front.
 *
 * Stopping the front timer leaves its event in the simulator: the next
 * timer started most likely falls due later and reuses it (when the event
 * fires early, it finds nothing due and moves on to the new front). So a
 * queue whose timers are all stopped still has one event pending, at most
 * one timer duration away; its owner calls Quiesce() when it knows no timer
 * will start soon (a switch, when its last call has gone), so that a
 * simulation with nothing left to do ends without waiting for it.
 *
 * A timer that would fall due before the one started last (its kind's
 * duration was shortened meanwhile) gets an ns-3 event of its own, so that
 * every timer still expires at exactly its start plus its delay.
 *
 * A timer is named by a Token, which its owner keeps and passes to Stop();
 * the owner is named by a number given to Start() and passed to the expiry
 * callback.
 */
class CoTimerQueue
{
  public:
    /// Names a running timer.
    using Token = uint32_t;

    /// The token of no timer: Stop() ignores it.
    static constexpr Token NONE = 0;

    CoTimerQueue() = default;
    /// Stops every timer.
    ~CoTimerQueue();

    // Events refer to the queue: it stays where it is.
    CoTimerQueue(const CoTimerQueue&) = delete;
    CoTimerQueue& operator=(const CoTimerQueue&) = delete;

    /// \param expired called with the owner of each timer that expires
    void SetExpiredCallback(Callback<void, uint32_t> expired);

    /**
     * \brief Starts a timer.
     * \param delay from now until it expires (not negative)
     * \param owner passed to the expiry callback
     * \return the timer's token (never NONE)
     */
    Token Start(Time delay, uint32_t owner);

    /**
     * \brief Stops a timer, unless it is NONE or has expired already, and
     *        sets \p token to NONE.
     * \param token the timer's token
     */
    void Stop(Token& token);

    /**
     * \param token a timer's token
     * \return whether that timer is running (started, neither stopped nor
     *         expired)
     */
    bool IsRunning(Token token) const;

    /// \return the number of timers running
    std::size_t GetRunning() const
    {
        return m_running;
    }

    /// \return the entries the FIFO holds, stopped ones included (for tests)
    std::size_t GetFifoSize() const
    {
        return m_fifo.size();
    }

    /// Removes the event the queue keeps for stopped timers, if no timer in
    /// the FIFO runs. (An event kept costs nothing but the time a simulation
    /// left to run on its own takes to reach it.)
    void Quiesce();

    /// \return the entries the FIFO has room for without growing (for tests)
    std::size_t GetFifoCapacity() const
    {
        return m_fifo.capacity();
    }

    /// Stops every timer, without calling back.
    void Clear();

  private:
    /// One timer in the FIFO.
    struct Entry
    {
        int64_t deadline; //!< in time steps
        uint32_t owner;   //!< for the callback
        bool running;     //!< false once stopped
    };

    /// A FIFO in one array whose size is a power of two. (A std::deque
    /// reads its block map on every access: one more cache miss for each
    /// timer stopped in a switch that other switches' work left cold.)
    class Ring
    {
      public:
        bool empty() const
        {
            return m_size == 0;
        }

        std::size_t size() const
        {
            return m_size;
        }

        std::size_t capacity() const
        {
            return m_slots.size();
        }

        /// \param i position from the front
        Entry& operator[](std::size_t i)
        {
            return m_slots[(m_head + i) & (m_slots.size() - 1)];
        }

        /// \param i position from the front
        const Entry& operator[](std::size_t i) const
        {
            return m_slots[(m_head + i) & (m_slots.size() - 1)];
        }

        Entry& front()
        {
            return (*this)[0];
        }

        Entry& back()
        {
            return (*this)[m_size - 1];
        }

        void push_back(const Entry& entry)
        {
            if (m_size == m_slots.size())
            {
                Grow();
            }
            (*this)[m_size] = entry;
            ++m_size;
        }

        void pop_front()
        {
            m_head = (m_head + 1) & (m_slots.size() - 1);
            --m_size;
            ShrinkIfSparse();
        }

        void pop_back()
        {
            --m_size;
            ShrinkIfSparse();
        }

        /// Empties the FIFO and gives back its array.
        void clear()
        {
            std::vector<Entry>().swap(m_slots);
            m_head = 0;
            m_size = 0;
        }

      private:
        /// Arrays of up to this many entries are kept however empty.
        static constexpr std::size_t MIN_SHRINK = 64;

        /// Doubles the array.
        void Grow()
        {
            Resize(std::max<std::size_t>(8, 2 * m_slots.size()));
        }

        /// Halves the array when a quarter of it is used (a burst of calls
        /// leaves it large), so that growing and shrinking do not alternate.
        void ShrinkIfSparse()
        {
            if (m_slots.size() > MIN_SHRINK && m_size < m_slots.size() / 4)
            {
                Resize(m_slots.size() / 2);
            }
        }

        /// \param slots the new size of the array, the front moving to its start
        void Resize(std::size_t slots);

        std::vector<Entry> m_slots; //!< a power of two of them, or none
        std::size_t m_head = 0;     //!< index of the front
        std::size_t m_size = 0;     //!< entries in the FIFO
    };

    /// Tokens with this bit set name timers with an event of their own.
    static constexpr Token STRAY = 0x80000000u;

    /// \return the FIFO token of the entry with sequence number \p sequence
    static Token FifoToken(uint64_t sequence)
    {
        return Token(sequence & ~STRAY);
    }

    /**
     * \param token a FIFO token
     * \return the position of its entry in the FIFO; past its end when the
     *         entry has left it
     */
    std::size_t Position(Token token) const
    {
        return (token - FifoToken(m_frontSequence)) & ~STRAY;
    }

    /// Empties the FIFO (running entries too, without counting them) and
    /// removes its event.
    void DropFifo();
    /// Schedules the event for the front entry, if there is one.
    void Arm();
    /// Expires the entries that are due and drops stopped ones from the front.
    void Expire();
    /// Expires a timer that had an event of its own.
    void ExpireStray(Token token, uint32_t owner);

    Ring m_fifo;                                  //!< by deadline, then start
    uint64_t m_frontSequence = 0;                 //!< sequence number of the front entry
    std::size_t m_running = 0;                    //!< timers running, strays included
    EventId m_event;                              //!< expires the front entry
    bool m_armed = false;                         //!< m_event is pending (without reading it)
    int64_t m_armedAt = 0;                        //!< when m_event fires, in time steps
    bool m_expiring = false;                      //!< in Expire(): it arms when done
    Callback<void, uint32_t> m_expired;           //!< the owners' callback
    absl::flat_hash_map<Token, EventId> m_strays; //!< timers with an event of their own
    Token m_nextStray = STRAY;                    //!< last stray token given
};

} // namespace ns3

#endif /* CO_TIMER_QUEUE_H */
