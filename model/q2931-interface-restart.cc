/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-interface-restart.h"

#include "co-ns3-compat.h"
#include "q2931-call-procedures.h"
#include "q2931-restart-indicator-ie.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931InterfaceRestart");

void
Q2931InterfaceRestart::SetCallbacks(Callback<void, const Q2931Header&> send,
                                    Callback<void, bool> done,
                                    Callback<void> expired)
{
    m_send = send;
    m_done = done;
    m_expired = expired;
}

void
Q2931InterfaceRestart::LinkDown()
{
    m_linkWasDown = true;
    Stop(); // no RESTART crosses a dead link
}

bool
Q2931InterfaceRestart::LinkUp()
{
    bool back = m_linkWasDown;
    m_linkWasDown = false;
    return back;
}

void
Q2931InterfaceRestart::Start(Time t316, uint8_t attempts)
{
    Stop();
    m_duration = t316;
    m_attempts = attempts;
    m_send(Q2931CallProcedures::MakeRestart(RestartIndicatorIe::ALL_VCS));
    m_sent = 1;
    m_t316 = CoSchedule(m_duration, m_expired);
}

void
Q2931InterfaceRestart::Expired()
{
    if (m_sent < m_attempts)
    {
        // 5.5.1: RESTART again; the far end may have missed the first.
        m_send(Q2931CallProcedures::MakeRestart(RestartIndicatorIe::ALL_VCS));
        ++m_sent;
        m_t316 = CoSchedule(m_duration, m_expired);
        return;
    }
    // Given up: the interface is idle on this side already.
    NS_LOG_WARN("RESTART never acknowledged");
    m_sent = 0;
    m_done(false);
}

void
Q2931InterfaceRestart::Acknowledge()
{
    // 5.5.1: T316 stops; a late or unsolicited acknowledgement is ignored.
    if (m_sent != 0)
    {
        Stop();
        m_done(true);
    }
}

bool
Q2931InterfaceRestart::IsRunning() const
{
    return m_sent != 0;
}

void
Q2931InterfaceRestart::Stop()
{
    Simulator::Remove(m_t316);
    m_sent = 0;
}

} // namespace ns3
