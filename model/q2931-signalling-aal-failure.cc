/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-signalling-aal-failure.h"

#include "co-ns3-compat.h"
#include "co-status.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931SignallingAalFailure");

void
Q2931SignallingAalFailure::SetCallbacks(Callback<void, bool, uint8_t> clear,
                                        Callback<void> enquire,
                                        Callback<void, bool> done,
                                        Callback<void> expired)
{
    m_clear = clear;
    m_enquire = enquire;
    m_done = done;
    m_expired = expired;
}

void
Q2931SignallingAalFailure::Released(Time t309)
{
    NS_LOG_FUNCTION(this << t309);
    // 5.6.10: a call being set up or cleared cannot go on without
    // signalling; an active one needs none until it ends.
    m_clear(false, Q2931Cause::DESTINATION_OUT_OF_ORDER);
    if (!CoIsPending(m_t309))
    {
        m_t309 = CoSchedule(t309, m_expired);
    }
}

void
Q2931SignallingAalFailure::Established()
{
    NS_LOG_FUNCTION(this);
    if (!CoIsPending(m_t309))
    {
        return;
    }
    Simulator::Remove(m_t309);
    // Either end may have cleared a call while neither could tell the
    // other: STATUS ENQUIRY finds out, and STATUS clears what is stale.
    m_enquire();
    m_done(true);
}

void
Q2931SignallingAalFailure::LinkDown()
{
    NS_LOG_FUNCTION(this);
    Simulator::Remove(m_t309);
}

bool
Q2931SignallingAalFailure::IsRunning() const
{
    return CoIsPending(m_t309);
}

void
Q2931SignallingAalFailure::Expired()
{
    NS_LOG_FUNCTION(this);
    m_clear(true, Q2931Cause::DESTINATION_OUT_OF_ORDER);
    m_done(false);
}

} // namespace ns3
