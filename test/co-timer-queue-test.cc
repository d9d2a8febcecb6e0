/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Timers of one kind on one event: exact expiry times, stopping, restarting
 * from the callback, shortened durations, clearing.
 */

#include "ns3/co-ns3-compat.h"
#include "ns3/co-timer-queue.h"
#include "ns3/map-scheduler.h"
#include "ns3/object-factory.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>
#include <random>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// The default scheduler, counting the events it is given.
class InsertCountingScheduler : public MapScheduler
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::CoTimerQueueTestScheduler")
                                .SetParent<MapScheduler>()
                                .SetGroupName("Core")
                                .AddConstructor<InsertCountingScheduler>();
        return tid;
    }

    void Insert(const Scheduler::Event& ev) override
    {
        ++inserted;
        MapScheduler::Insert(ev);
    }

    static uint64_t inserted; //!< events scheduled, over every instance
};

uint64_t InsertCountingScheduler::inserted = 0;

/// Records (owner, time in ms) of every expiry.
class TimerQueueTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_timers.SetExpiredCallback(MakeCallback(&TimerQueueTest::Expired, this));
    }

    void TearDown() override
    {
        m_timers.Clear();
        Simulator::Destroy();
    }

    void Expired(uint32_t owner)
    {
        m_expired.emplace_back(owner, Simulator::Now().GetMilliSeconds());
        if (m_onExpiry)
        {
            m_onExpiry(owner);
        }
    }

    /// Starts a timer at \p at ms of \p delay ms, keeping its token in m_tokens[owner].
    void StartAt(int64_t at, int64_t delay, uint32_t owner)
    {
        CoSchedule(MilliSeconds(at), [this, delay, owner]() {
            m_tokens[owner] = m_timers.Start(MilliSeconds(delay), owner);
        });
    }

    /// Stops, at \p at ms, the timer whose token is m_tokens[owner].
    void StopAt(int64_t at, uint32_t owner)
    {
        CoSchedule(MilliSeconds(at), [this, owner]() { m_timers.Stop(m_tokens[owner]); });
    }

    using Expiries = std::vector<std::pair<uint32_t, int64_t>>;

    CoTimerQueue m_timers;
    Expiries m_expired;
    std::vector<CoTimerQueue::Token> m_tokens = std::vector<CoTimerQueue::Token>(16);
    std::function<void(uint32_t)> m_onExpiry;
};

TEST_F(TimerQueueTest, TimersExpireExactlyTheirDelayAfterTheirStart)
{
    StartAt(0, 100, 1);
    StartAt(10, 100, 2);
    StartAt(10, 100, 3); // same deadline: in the order started
    StartAt(55, 100, 4);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{1, 100}, {2, 110}, {3, 110}, {4, 155}}));
    EXPECT_EQ(m_timers.GetRunning(), 0u);
    EXPECT_EQ(m_timers.GetFifoSize(), 0u);
}

TEST_F(TimerQueueTest, StoppedTimersDoNotExpire)
{
    StartAt(0, 100, 1);
    StartAt(10, 100, 2);
    StartAt(20, 100, 3);
    StopAt(30, 1); // the front: its event stays and finds nothing due
    StopAt(40, 3); // the back: leaves at once
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
    EXPECT_EQ(m_timers.GetRunning(), 1u);
    EXPECT_EQ(m_timers.GetFifoSize(), 2u); // 1 (stopped, at the front) and 2
    EXPECT_FALSE(m_timers.IsRunning(m_tokens[1]));
    EXPECT_EQ(m_tokens[1], CoTimerQueue::NONE); // Stop() clears the token
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{2, 110}}));
}

TEST_F(TimerQueueTest, StoppingTheBackDropsTheStoppedEntriesBeforeIt)
{
    for (uint32_t owner = 1; owner <= 5; ++owner)
    {
        StartAt(owner, 1000, owner);
    }
    StopAt(10, 3);
    StopAt(11, 4);
    Simulator::Stop(MilliSeconds(12));
    Simulator::Run();
    EXPECT_EQ(m_timers.GetFifoSize(), 5u); // 3 and 4 wait behind 5
    StopAt(13, 5);
    Simulator::Stop(MilliSeconds(14));
    Simulator::Run();
    EXPECT_EQ(m_timers.GetFifoSize(), 2u); // 5, 4 and 3 left together
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{1, 1001}, {2, 1002}}));
}

TEST_F(TimerQueueTest, ManyStoppedTimersCostNoEventEach)
{
    // What a switch sees: thousands of timers, nearly all stopped by their
    // answers, in any order.
    ObjectFactory scheduler;
    scheduler.SetTypeId(InsertCountingScheduler::GetTypeId());
    Simulator::SetScheduler(scheduler);
    InsertCountingScheduler::inserted = 0;
    const uint32_t n = 2000;
    std::vector<CoTimerQueue::Token> tokens(n);
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        order[i] = i;
        CoSchedule(MilliSeconds(i),
                   [this, &tokens, i]() { tokens[i] = m_timers.Start(Seconds(4), i); });
    }
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    for (uint32_t k = 0; k < n; ++k)
    {
        if (order[k] != 1234) // one answer never comes
        {
            CoSchedule(MilliSeconds(n + k),
                       [this, &tokens, &order, k]() { m_timers.Stop(tokens[order[k]]); });
        }
    }
    uint64_t scheduledByTest = InsertCountingScheduler::inserted;
    EXPECT_EQ(scheduledByTest, 2 * uint64_t(n) - 1);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{1234, 5234}}));
    // One event per front that fell due (a few), not one per timer.
    EXPECT_LE(InsertCountingScheduler::inserted - scheduledByTest, 3u);
    EXPECT_EQ(m_timers.GetFifoSize(), 0u);
}

TEST_F(TimerQueueTest, StoppedTimersLeaveOneEventUntilQuiesced)
{
    // All stopped: the front's event stays, for the next timer to reuse.
    StartAt(0, 30000, 1);
    StartAt(5, 30000, 2);
    StopAt(10, 1);
    StopAt(20, 2);
    Simulator::Run();
    EXPECT_EQ(Simulator::Now(), MilliSeconds(30000)); // it fired, finding nothing due
    EXPECT_TRUE(m_expired.empty());
    EXPECT_EQ(m_timers.GetFifoSize(), 0u);
}

TEST_F(TimerQueueTest, QuiescedQueueLeavesNoEvent)
{
    // A simulation with nothing left to do ends where it would have without
    // the timers.
    StartAt(0, 30000, 1);
    StartAt(5, 30000, 2);
    StopAt(10, 1);
    StopAt(20, 2);
    Simulator::Schedule(MilliSeconds(20), &CoTimerQueue::Quiesce, &m_timers);
    Simulator::Run();
    EXPECT_EQ(Simulator::Now(), MilliSeconds(20));
    EXPECT_TRUE(m_expired.empty());
}

TEST_F(TimerQueueTest, QuiesceLeavesRunningTimersAlone)
{
    StartAt(0, 1000, 1);
    StartAt(5, 1000, 2);
    StopAt(10, 1);
    Simulator::Schedule(MilliSeconds(20), &CoTimerQueue::Quiesce, &m_timers);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{2, 1005}}));
}

TEST_F(TimerQueueTest, AStoppedFrontsEventServesTheNextTimer)
{
    // The kept event fires before the new timer is due, and moves on to it.
    StartAt(0, 100, 1);
    StopAt(10, 1);
    StartAt(50, 100, 2);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{2, 150}}));
}

TEST_F(TimerQueueTest, ABurstLeavesNoLargeFifo)
{
    // 5,000 calls set up at once, then connected in random order.
    const uint32_t n = 5000;
    std::vector<CoTimerQueue::Token> tokens(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        tokens[i] = m_timers.Start(Seconds(10), i);
    }
    EXPECT_GE(m_timers.GetFifoCapacity(), n);
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        order[i] = i;
    }
    std::shuffle(order.begin(), order.end(), std::mt19937(3));
    for (uint32_t i : order)
    {
        m_timers.Stop(tokens[i]);
    }
    EXPECT_EQ(m_timers.GetFifoSize(), 0u);
    EXPECT_LE(m_timers.GetFifoCapacity(), 64u);
    EXPECT_EQ(m_timers.GetRunning(), 0u);
    // And it still works.
    StartAt(1, 100, 1);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{1, 101}}));
}

TEST_F(TimerQueueTest, TheCallbackMayRestartTheTimer)
{
    // As T303 and T308 do: the first expiry sends again and restarts.
    m_onExpiry = [this](uint32_t owner) {
        if (m_expired.size() == 1)
        {
            m_tokens[owner] = m_timers.Start(MilliSeconds(100), owner);
        }
    };
    StartAt(0, 100, 1);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{1, 100}, {1, 200}}));
}

TEST_F(TimerQueueTest, AShortenedDurationStillExpiresOnTime)
{
    StartAt(0, 1000, 1);
    StartAt(10, 100, 2); // due before timer 1: an event of its own
    StartAt(20, 100, 3);
    StopAt(50, 3);
    Simulator::Stop(MilliSeconds(60));
    Simulator::Run();
    EXPECT_EQ(m_timers.GetRunning(), 2u);
    EXPECT_TRUE(m_timers.IsRunning(m_tokens[2]));
    EXPECT_FALSE(m_timers.IsRunning(m_tokens[3]));
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{2, 110}, {1, 1000}}));
}

TEST_F(TimerQueueTest, AShorterTimerAfterStoppedOnesIsNotLate)
{
    // The front's event is left pending when its timer stops; a shorter
    // timer started on the emptied queue must not wait for it.
    StartAt(0, 1000, 1);
    StopAt(10, 1);
    StartAt(20, 100, 2);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{2, 120}}));
}

TEST_F(TimerQueueTest, ExpiredAndClearedTokensNameNoTimer)
{
    StartAt(0, 100, 1);
    Simulator::Run();
    CoTimerQueue::Token spent = m_tokens[1];
    EXPECT_FALSE(m_timers.IsRunning(spent));
    StartAt(0, 100, 2);
    Simulator::Stop(MilliSeconds(1));
    Simulator::Run();
    m_timers.Stop(spent); // must not stop timer 2
    EXPECT_TRUE(m_timers.IsRunning(m_tokens[2]));

    CoTimerQueue::Token cleared = m_tokens[2];
    m_timers.Clear();
    EXPECT_EQ(m_timers.GetRunning(), 0u);
    StartAt(0, 100, 3);
    Simulator::Stop(MilliSeconds(1));
    Simulator::Run();
    m_timers.Stop(cleared); // must not stop timer 3
    EXPECT_TRUE(m_timers.IsRunning(m_tokens[3]));
    CoTimerQueue::Token none = CoTimerQueue::NONE;
    m_timers.Stop(none);
    Simulator::Run();
    EXPECT_EQ(m_expired, (Expiries{{1, 100}, {3, 201}}));
}

} // namespace
