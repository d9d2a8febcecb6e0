/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_STOPPABLE_SCHEDULER_H
#define CO_STOPPABLE_SCHEDULER_H

#include "ns3/map-scheduler.h"

namespace ns3
{

/**
 * \ingroup condis
 * \brief ns-3's MapScheduler, whose run another thread or a signal handler
 *        can end at its next event.
 *
 * Simulator::Stop() may only be called from the simulation's own thread.
 * RequestStop() only sets a process-wide flag (a lock-free atomic, so it is
 * safe in a signal handler); RemoveNext(), which the simulator calls once
 * per event, finds it set and, once, hands out a stop event instead of the
 * next one: an event at the next event's time that calls Simulator::Stop()
 * and counts the stop (HasStopped()). Simulator::Run() then returns after
 * it, the remaining events still queued, so that Simulator::Destroy()
 * releases them as after any stopped run. Until a stop is requested it is
 * MapScheduler itself: the same events in the same order, and per event one
 * relaxed load of the flag and a branch on top of MapScheduler::RemoveNext().
 *
 * There is one simulator per process, so the flag is one per process too.
 * The scenario runner installs this scheduler for its runs and clears the
 * flag (ClearStop()) before and after each.
 */
class CoStoppableScheduler : public MapScheduler
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoStoppableScheduler();
    ~CoStoppableScheduler() override;

    /**
     * \brief Asks the simulation in progress to stop at its next event.
     *
     * From any thread, or from a signal handler (async-signal-safe). Has no
     * effect on a simulation not run with this scheduler.
     */
    static void RequestStop();

    /// \return whether a stop was requested since the last ClearStop()
    static bool IsStopRequested();

    /// \return whether a run was stopped since the last ClearStop()
    static bool HasStopped();

    /// Forgets a stop request and a stopped run (the simulation's thread).
    static void ClearStop();

    Scheduler::Event RemoveNext() override;

  private:
    /**
     * \return the stop event, at the time of the next event, the first time
     *         after a request; the next event after that (the cold path,
     *         kept out of RemoveNext())
     */
    Scheduler::Event StopOrRemoveNext();

    /// The stop event's work: counts the stop, then Simulator::Stop().
    static void Stop();

    bool m_stopIssued = false; //!< this scheduler has handed out its stop event
};

} // namespace ns3

#endif /* CO_STOPPABLE_SCHEDULER_H */
