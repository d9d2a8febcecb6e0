/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_SIGNALLING_AAL_FAILURE_H
#define Q2931_SIGNALLING_AAL_FAILURE_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup condis
 * \brief What one end of an interface does when the signalling AAL under
 *        it fails while the link itself stays up (Q.2931 5.6.10), and when
 *        it comes back.
 *
 * At the failure (AAL-RELEASE-indication) the calls that are not active
 * are cleared internally, nothing being sent for them, and T309 starts:
 * the active calls keep their VCs, as their data path is intact. When the
 * signalling AAL is back before T309 runs out, T309 stops and each active
 * call is checked with STATUS ENQUIRY (5.6.11), so that a call one end
 * cleared meanwhile is cleared at the other. When T309 runs out first, the
 * active calls are cleared too. Every call cleared this way is cleared
 * with cause 27, "destination out of order".
 *
 * CoNetDevice keeps one for its UNI and CoSwitch one per port; the owner
 * does the clearing and the enquiries, on its own kind of call, through
 * the callbacks. A failure of the link itself is not this procedure: it
 * ends every call at once (LinkDown() only stops T309).
 */
class Q2931SignallingAalFailure
{
  public:
    /**
     * \param clear clears internally, with the cause given, the calls in the
     *        Active state (first argument true) or every other call (false)
     * \param enquire sends STATUS ENQUIRY on every active call (with T322)
     * \param done the procedure ended: true when the signalling AAL came
     *        back in time, false when T309 ran out
     * \param expired calls Expired() on this object, wherever its owner
     *        keeps it then (a switch's ports may move in their vector)
     */
    void SetCallbacks(Callback<void, bool, uint8_t> clear,
                      Callback<void> enquire,
                      Callback<void, bool> done,
                      Callback<void> expired);

    /**
     * \brief The signalling AAL failed, the link staying up: clears the
     *        calls not active and starts T309 (unless it runs already).
     * \param t309 how long active calls wait for the signalling AAL
     */
    void Released(Time t309);

    /**
     * \brief The signalling AAL is back: when T309 runs, stops it and
     *        enquires on the active calls; else nothing.
     */
    void Established();

    /// The link failed, which ends every call anyway: T309 stops, unreported.
    void LinkDown();

    /// \return true while T309 runs (the signalling AAL is down, calls wait)
    bool IsRunning() const;

    /// T309 ran out: the active calls are cleared.
    void Expired();

  private:
    Callback<void, bool, uint8_t> m_clear; //!< clears active or other calls
    Callback<void> m_enquire;              //!< STATUS ENQUIRY on the active calls
    Callback<void, bool> m_done;           //!< reports the end
    Callback<void> m_expired;              //!< reaches Expired() at T309's expiry
    EventId m_t309;                        //!< T309, while the signalling AAL is down
};

} // namespace ns3

#endif /* Q2931_SIGNALLING_AAL_FAILURE_H */
