/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_MULTIPOINT_ROOT_APPLICATION_H
#define CO_MULTIPOINT_ROOT_APPLICATION_H

#include "aesa-address.h"
#include "co-call-parameters.h"
#include "co-client-application.h"
#include "co-handle.h"
#include "co-leaf-join.h"
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
 * \brief The root of one point-to-multipoint call: a CoNDIS client that
 *        adds leaves when they join and drops them when they leave, and
 *        sends constant-rate data to every leaf on the call.
 *
 * At start it makes the call to the leaf that joins first (MakeCall with a
 * party), then adds each other leaf at its join time (AddParty) and drops it
 * at its leave time (DropParty); the last party left goes with the call
 * (CloseCall), at the last leave time or when the application stops. A leaf
 * whose add fails is not tried again. A leaf may be planned several times
 * (AddLeaf with the same address, at times that do not overlap): a join
 * that comes while the leaf's earlier party is still being added or
 * dropped waits for it to end, so that a leaf is one party at a time. When
 * the call ends while the
 * application runs (its last leaf left, or the network released it), the
 * next leaf to join makes a new call, so that a group whose leaves come and
 * go keeps serving them. The leaves are ordinary called hosts (e.g.
 * CoSapServerApplication): to them the call is point to point.
 *
 * While the call is connected, an SDU of PacketSize bytes goes out every
 * PacketInterval, copied by the switches to every active leaf.
 *
 * With LeafJoin set, the call is made so that other leaves may ask to join
 * it by CallIdentifier (ATM Forum UNI 4.0; see CoLeafJoinApplication): in
 * root-prompted mode the root answers each request at once, approving it
 * while the call has fewer than MaxLeaves parties (0: no limit) and
 * refusing it otherwise with cause 47 (resources unavailable); in network
 * mode the switches add them and the root never hears of them. When the
 * call closes, the parties that joined are dropped with the planned ones.
 */
class CoMultipointRootApplication : public CoClientApplication
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoMultipointRootApplication();
    ~CoMultipointRootApplication() override;

    CoMultipointRootApplication(const CoMultipointRootApplication&) = delete;
    CoMultipointRootApplication& operator=(const CoMultipointRootApplication&) = delete;

    /**
     * \brief Adds a leaf to the call's plan (before the application starts).
     * \param leaf the leaf's address
     * \param join when it joins, after the application's start
     * \param leave when it leaves, after the application's start (Time::Max():
     *        it stays until the application stops)
     */
    void AddLeaf(const AesaAddress& leaf, Time join = Seconds(0), Time leave = Time::Max());

    /// What became of one leaf.
    enum class LeafState : uint8_t
    {
        Planned, //!< not yet asked for
        Adding,  //!< MakeCall or AddParty pended
        Active,  //!< a party of the call
        Failed,  //!< its add failed (see GetLeafCause())
        Left,    //!< dropped, by the plan, or by the network (see GetLeafCause())
    };

    /// \param i a leaf, in the order added \return its state
    LeafState GetLeafState(std::size_t i) const;

    /// \param i a leaf \return the cause of its failure or of the network's drop (0: none)
    uint8_t GetLeafCause(std::size_t i) const;

    /// \return how many leaves are active parties now
    std::size_t GetActiveLeafCount() const;

    /// \return the SDUs sent on the call
    uint64_t GetTxPackets() const;

    /// \param state a leaf state \return its name
    static const char* GetLeafStateName(LeafState state);

    /// TracedCallback signature for leaf events: the leaf's index and a status.
    typedef void (*LeafTracedCallback)(uint32_t leaf, CoStatus status);

    /// TracedCallback signature of LeafJoinRequest: the leaf, and the root's answer.
    typedef void (*LeafJoinRequestTracedCallback)(const AesaAddress& leaf, CoStatus answer);

    /// Who lets a leaf that asks into the call (the LeafJoin attribute).
    enum LeafJoin
    {
        LEAF_JOIN_NONE,          //!< leaves do not ask: the root adds them
        LEAF_JOIN_ROOT_PROMPTED, //!< each request reaches the root, which answers it
        LEAF_JOIN_NETWORK,       //!< the switches add the leaves; the root is not told
    };

    /// \return the leaf-join requests the root approved (root-prompted)
    uint32_t GetLeafJoinApprovedCount() const;

    /// \return the leaf-join requests the root refused (root-prompted)
    uint32_t GetLeafJoinRefusedCount() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// One leaf of the plan.
    struct Leaf
    {
        AesaAddress address;                  //!< where it is
        Time join;                            //!< when it joins (after start)
        Time leave;                           //!< when it leaves (after start)
        LeafState state = LeafState::Planned; //!< what became of it
        bool due = false;                     //!< its join time has come
        CoPartyHandle party;                  //!< its party, while Adding or Active
        uint8_t cause = 0;                    //!< why it failed or was dropped
        EventId event;                        //!< its next join or leave
    };

    /// \return the call parameters for \p leaf
    CoCallParameters Parameters(const AesaAddress& leaf) const;
    /// The join time of \p leaf has come.
    void Join(uint32_t leaf);
    /// Makes the call with \p leaf, or adds it, if it can be now.
    void TryJoin(uint32_t leaf);
    /// The call ended (closed, or released by the network) with \p status.
    void EndCall(CoStatus status);
    /// The leaves whose join time came and that wait (for the call, or for
    /// an earlier join of the same leaf to end) join, if they can now.
    void JoinDueLeaves();
    /// \return whether a leaf of that address is being added or is on the call
    bool IsOnTheCall(const AesaAddress& address) const;
    /// While closing, closes the call once only its last party is left.
    void CloseIfClosing();
    void Leave(uint32_t leaf);
    /// Closes the call, or drops \p leaf if it is not the last party.
    void DropOrClose(uint32_t leaf);
    void CloseCall();
    /// While closing: drops every active party but the last, and closes
    /// the call once only that one is left.
    void DropAllButLast();
    void SendPacket();
    /// \return the leaf whose party this is; -1 when none
    int FindLeaf(CoPartyHandle party) const;

    void OnMakeCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters& granted);
    void OnAddPartyComplete(CoStatus status, CoPartyHandle party, const CoCallParameters& granted);
    void OnDropPartyComplete(CoStatus status, CoPartyHandle party);
    void OnIncomingDropParty(CoStatus status, CoPartyHandle party);
    void OnIncomingCloseCall(CoStatus status, CoVcHandle vc);
    void OnCloseCallComplete(CoStatus status, CoVcHandle vc);
    CoStatus OnIncomingLeafJoin(CoVcHandle vc, const AesaAddress& leaf);

    // Attributes
    uint32_t m_peakCellRate;   //!< forward PCR, CBR
    uint32_t m_packetSize;     //!< bytes per SDU
    Time m_packetInterval;     //!< between SDUs; 0 sends nothing
    LeafJoin m_leafJoin;       //!< who lets a leaf that asks in
    uint32_t m_callIdentifier; //!< the call's name to the leaves that ask
    uint32_t m_maxLeaves;      //!< root-prompted: parties beyond which it refuses (0: none)
    uint32_t m_approved = 0;   //!< leaf-join requests approved
    uint32_t m_refused = 0;    //!< leaf-join requests refused

    std::vector<Leaf> m_leaves; //!< the plan, and what became of it
    CoVcHandle m_vc;            //!< the call's VC
    bool m_connected = false;   //!< the call is connected
    bool m_closing = false;     //!< CloseCall asked for
    bool m_stopped = false;     //!< the application stopped: no call after this one
    EventId m_joinEvent;        //!< JoinDueLeaves(), after a call ended
    EventId m_sendEvent;        //!< the next SDU
    uint64_t m_txPackets = 0;   //!< SDUs sent

    TracedCallback<uint32_t, CoStatus> m_leafJoinedTrace;                //!< LeafJoined
    TracedCallback<uint32_t, CoStatus> m_leafLeftTrace;                  //!< LeafLeft
    TracedCallback<Ptr<const Packet>, CoVcHandle> m_txTrace;             //!< Tx
    TracedCallback<const AesaAddress&, CoStatus> m_leafJoinRequestTrace; //!< LeafJoinRequest
};

} // namespace ns3

#endif /* CO_MULTIPOINT_ROOT_APPLICATION_H */
