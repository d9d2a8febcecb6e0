/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-stoppable-scheduler.h"

#include "ns3/event-impl.h"
#include "ns3/log.h"
#include "ns3/make-event.h"
#include "ns3/simulator.h"

#include <atomic>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoStoppableScheduler");

NS_OBJECT_ENSURE_REGISTERED(CoStoppableScheduler);

namespace
{

// A signal handler may only touch lock-free atomics.
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be lock-free");

/// Set by RequestStop(). Internal linkage: read with one load, not through the GOT.
std::atomic<bool> g_stopRequested{false};

/// A run was stopped (the simulation's thread only).
bool g_stopped = false;

} // namespace

TypeId
CoStoppableScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoStoppableScheduler")
                            .SetParent<MapScheduler>()
                            .SetGroupName("Condis")
                            .AddConstructor<CoStoppableScheduler>();
    return tid;
}

CoStoppableScheduler::CoStoppableScheduler()
{
    NS_LOG_FUNCTION(this);
}

CoStoppableScheduler::~CoStoppableScheduler()
{
    NS_LOG_FUNCTION(this);
}

void
CoStoppableScheduler::RequestStop()
{
    // no logging: this may run in a signal handler
    g_stopRequested.store(true, std::memory_order_relaxed);
}

bool
CoStoppableScheduler::IsStopRequested()
{
    return g_stopRequested.load(std::memory_order_relaxed);
}

bool
CoStoppableScheduler::HasStopped()
{
    return g_stopped;
}

void
CoStoppableScheduler::ClearStop()
{
    g_stopRequested.store(false, std::memory_order_relaxed);
    g_stopped = false;
}

Scheduler::Event
CoStoppableScheduler::RemoveNext()
{
    // The one check per event: a load and a branch, then MapScheduler's
    // own RemoveNext() as a tail call. Relaxed is enough: the flag carries
    // no other data, and the simulation thread sees the store at its next
    // events.
    if (__builtin_expect(g_stopRequested.load(std::memory_order_relaxed), false))
    {
        return StopOrRemoveNext();
    }
    return MapScheduler::RemoveNext();
}

__attribute__((noinline, cold)) Scheduler::Event
CoStoppableScheduler::StopOrRemoveNext()
{
    // Once: Simulator::Destroy() empties the queue with RemoveNext() too.
    if (m_stopIssued)
    {
        return MapScheduler::RemoveNext();
    }
    NS_LOG_FUNCTION(this);
    m_stopIssued = true;
    Scheduler::Event next = MapScheduler::PeekNext();
    Scheduler::Event stop;
    stop.impl = MakeEvent(&CoStoppableScheduler::Stop);
    // At the next event's time, just before it: that event and the ones
    // after it count as still to run (Simulator::IsExpired() stays right).
    // Uids of real events start above EventId::UID::RESERVED.
    stop.key.m_ts = next.key.m_ts;
    stop.key.m_uid = next.key.m_uid - 1;
    stop.key.m_context = Simulator::NO_CONTEXT;
    return stop;
}

void
CoStoppableScheduler::Stop()
{
    NS_LOG_FUNCTION_NOARGS();
    g_stopped = true;
    Simulator::Stop();
}

} // namespace ns3
