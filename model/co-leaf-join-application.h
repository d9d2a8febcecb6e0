/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_LEAF_JOIN_APPLICATION_H
#define CO_LEAF_JOIN_APPLICATION_H

#include "aesa-address.h"
#include "co-call-parameters.h"
#include "co-client-application.h"
#include "co-handle.h"
#include "co-status.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief A leaf that asks to join a root's point-to-multipoint call by its
 *        identifier (ATM Forum UNI 4.0 leaf-initiated join), stays on it for
 *        a while and leaves.
 *
 * Each planned join (AddJoin) creates a VC and asks for the call
 * (CoNetDevice::JoinCall, to Root with CallIdentifier); once joined, the
 * leaf leaves at the join's leave time by closing its call (to the leaf the
 * call is an ordinary one). A join that fails is not tried again; the
 * network or the root ending the call ends the join. Joins of one leaf do
 * not overlap: one that comes while the previous is still on the call
 * waits for it to end. Without a plan, the leaf joins once at the
 * application's start and stays HoldingTime (0: until it stops).
 */
class CoLeafJoinApplication : public CoClientApplication
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoLeafJoinApplication();
    ~CoLeafJoinApplication() override;

    CoLeafJoinApplication(const CoLeafJoinApplication&) = delete;
    CoLeafJoinApplication& operator=(const CoLeafJoinApplication&) = delete;

    /**
     * \brief Plans a join (before the application starts).
     * \param join when the leaf asks to join, after the application's start
     * \param leave when it leaves, after the start (Time::Max(): it stays
     *        until the application stops)
     * \return false, and nothing planned, when \p join is negative or \p
     *         leave not after it
     */
    bool AddJoin(Time join, Time leave = Time::Max());

    /// \return the joins that succeeded
    uint32_t GetJoinedCount() const;

    /// \return the joins that failed
    uint32_t GetFailedCount() const;

    /// \return the cause of the last failed join (0: none failed)
    uint8_t GetLastFailureCause() const;

    /// \return whether the leaf is on the call now
    bool IsJoined() const;

    /// \return the SDUs received on the call
    uint64_t GetRxPackets() const;

    /// TracedCallback signature of Joined: the join latency (JoinCall to its completion).
    typedef void (*JoinedTracedCallback)(Time latency);

    /// TracedCallback signature of JoinFailed and Left: the status (its cause).
    typedef void (*StatusTracedCallback)(CoStatus status);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// One planned join.
    struct Join
    {
        Time join;  //!< when the leaf asks (after start)
        Time leave; //!< when it leaves (after start)
    };

    /// The join \p i is due: asks for it, unless the leaf is on the call.
    void Ask(uint32_t i);
    /// Asks for the next join due, if any and the leaf is free.
    void AskNext();
    /// Leaves the call of join \p i (its leave time came).
    void Leave(uint32_t i);
    /// Ends the current join: the VC is deleted, Left fired with \p status.
    void EndJoin(CoStatus status);

    void OnJoinCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters& granted);
    void OnIncomingCloseCall(CoStatus status, CoVcHandle vc);
    void OnCloseCallComplete(CoStatus status, CoVcHandle vc);
    void OnReceive(CoVcHandle vc, Ptr<Packet> packet);

    // Attributes
    AesaAddress m_root;        //!< the root's address
    uint32_t m_callIdentifier; //!< the root's identifier of the call
    Time m_holdingTime;        //!< without a plan: how long the one join stays (0: to stop)

    std::vector<Join> m_plan;       //!< the joins, in the order added
    std::vector<EventId> m_asks;    //!< each join's ask
    std::vector<uint32_t> m_due;    //!< joins due that wait for the leaf to be free
    int64_t m_current = -1;         //!< the join in progress (JoinCall pended, or on the call)
    bool m_leaveDue = false;        //!< the current join's leave time came while it pended
    bool m_closing = false;         //!< CloseCall pends
    bool m_stopped = false;         //!< the application stopped
    CoVcHandle m_vc;                //!< the current join's VC
    Time m_asked;                   //!< when the current join was asked for
    EventId m_leaveEvent;           //!< the current join's leave
    uint32_t m_joined = 0;          //!< joins that succeeded
    uint32_t m_failed = 0;          //!< joins that failed
    uint8_t m_lastFailureCause = 0; //!< the cause of the last failure
    bool m_onCall = false;          //!< the current join succeeded and has not ended
    uint64_t m_rxPackets = 0;       //!< SDUs received

    TracedCallback<Time> m_joinedTrace;                      //!< Joined
    TracedCallback<CoStatus> m_joinFailedTrace;              //!< JoinFailed
    TracedCallback<CoStatus> m_leftTrace;                    //!< Left
    TracedCallback<Ptr<const Packet>, CoVcHandle> m_rxTrace; //!< Rx
};

} // namespace ns3

#endif /* CO_LEAF_JOIN_APPLICATION_H */
