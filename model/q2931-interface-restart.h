/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_INTERFACE_RESTART_H
#define Q2931_INTERFACE_RESTART_H

#include "q2931-header.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The restart of one interface by one of its ends (Q.2931 5.5.1):
 *        RESTART of all its VCs when its link comes back after a failure,
 *        T316, RESTART again at each expiry up to a number of attempts, and
 *        the end of it, acknowledged or given up.
 *
 * CoNetDevice keeps one for its UNI and CoSwitch one per port; each clears
 * its own side of the interface before Start() and tells this object of its
 * link's changes and of the RESTART ACKNOWLEDGE it receives.
 */
class Q2931InterfaceRestart
{
  public:
    /**
     * \param send sends a message on the interface
     * \param done the restart ended: true when acknowledged, false when given up
     * \param expired calls Expired() on this object, wherever its owner keeps
     *        it then (a switch's ports live in a vector, which may move them)
     */
    void SetCallbacks(Callback<void, const Q2931Header&> send,
                      Callback<void, bool> done,
                      Callback<void> expired);

    /// The link failed: no restart goes on, and the next LinkUp() asks for one.
    void LinkDown();

    /// \return true when the link is back after a failure (then Start() it)
    bool LinkUp();

    /**
     * \brief Sends RESTART (all VCs) and starts T316.
     * \param t316 how long to wait for RESTART ACKNOWLEDGE
     * \param attempts how many RESTART messages to send at most
     */
    void Start(Time t316, uint8_t attempts);

    /// RESTART ACKNOWLEDGE came: T316 stops; ignored when no restart goes on.
    void Acknowledge();

    /// \return true while a RESTART is unanswered (T316 running)
    bool IsRunning() const;

    /// Stops T316, if running, without ending the restart's report.
    void Stop();

    /// T316 ran out: RESTART again, or give up (through the owner's callback).
    void Expired();

  private:
    Callback<void, const Q2931Header&> m_send; //!< sends on the interface
    Callback<void, bool> m_done;               //!< reports the end
    Callback<void> m_expired;                  //!< reaches Expired() at T316's expiry
    EventId m_t316;                            //!< T316, while a RESTART is unanswered
    Time m_duration;                           //!< T316's duration
    uint8_t m_attempts = 0;                    //!< RESTART messages to send at most
    uint8_t m_sent = 0;                        //!< RESTART messages sent so far (0: none running)
    bool m_linkWasDown = false;                //!< the link failed: restart once it is back
};

} // namespace ns3

#endif /* Q2931_INTERFACE_RESTART_H */
