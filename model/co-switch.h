/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_SWITCH_H
#define CO_SWITCH_H

#include "aesa-address.h"
#include "atm-frame-header.h"
#include "co-call-parameters.h"
#include "co-gcra.h"
#include "co-party-routes.h"
#include "co-routing-table.h"
#include "co-timer-queue.h"
#include "q2931-call-procedures.h"
#include "q2931-header.h"
#include "q2931-interface-restart.h"
#include "q2931-signalling-aal-failure.h"
#include "q2971-party-table.h"
#include "saal-endpoint.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <array>
#include <deque>
#include <map>
#include <optional>
#include <vector>

namespace ns3
{

class CoPortNetDevice;

/**
 * \ingroup condis
 * \brief An ATM-like switch: Q.2931 signalling hop by hop, admission control,
 *        VPI/VCI cross-connects. Aggregated to the switch's Node.
 *
 * Each port is a CoPortNetDevice on the switch node. Signalling messages
 * (VPI 0 / VCI 5) queue for the switch's one signalling processor ("switch
 * CPU"), which serves them first come first served, each taking
 * ProcessingDelay. A SETUP is routed by the longest matching prefix of its
 * called party number, admitted if both directions fit the reserved-rate
 * budget of their output ports, given a VCI on each side, acknowledged
 * upstream with CALL PROCEEDING and passed downstream. CONNECT installs the
 * cross-connects; RELEASE tears them down and frees every resource.
 *
 * The switch is the network side of each UNI and runs T303, T308 and T310
 * per call leg with Q.2931's actions on expiry. The procedures that apply to
 * every call (unexpected and malformed messages, STATUS ENQUIRY and STATUS,
 * T322) are Q2931CallProcedures', with each leg's state mapped to N0..N12.
 *
 * Point-to-multipoint calls (Q.2971): a SETUP whose bearer capability is
 * point-to-multipoint opens a call whose downstream side is a tree of
 * branches, one per output port. ADD PARTY from the root is routed by its
 * called number and becomes an ADD PARTY on the branch that leaves by the
 * chosen port, or a SETUP that opens a new branch there (admitted for the
 * call's forward rate once per port). Frames from the root are copied once
 * to each connected branch. A party that ends beyond a branch is dropped
 * toward the root with DROP PARTY, or with RELEASE when it was the last; a
 * branch whose last party goes is released. Parties are kept in a
 * Q2971PartyTable (states and T397/T398/T399), the branches and the routes
 * of the parties in side structures: a point-to-point call pays nothing.
 *
 * Usage parameter control (ITU-T I.371; ATM Forum TM 4.0), off by default
 * (Upc None): with Tag or Discard, each cross-connect installed gets a
 * policer on its input VC, the dual GCRA of the contract granted for the
 * direction entering there (GCRA(1/PCR, CDVT) on the CLP=0+1 flow, and for
 * VBR also GCRA(1/SCR, BT + CDVT); CDVT is UpcCdvt). It is UPC on a port
 * toward a host and network parameter control on one toward a switch: the
 * same algorithm. A frame is one event, judged as CoVcScheduler's shaper
 * counts it: it conforms when its first cell does, that cell taken to
 * arrive when the frame's cells, back to back at the input link's rate,
 * began to arrive; a conforming frame moves the GCRAs on by all its cells,
 * a non-conforming one not at all. So a frame that a shaper of the same
 * contract and CDVT let go always conforms. A non-conforming frame has its
 * cells tagged CLP=1 (Tag; ports downstream may discard it first, see
 * CoVcScheduler's ClpThreshold) or is discarded (Discard). Policers live in
 * a table of their own, by input VC, made when the cross-connect is and
 * gone with it: a call's slot does not grow, and a switch without UPC keeps
 * none and pays one test of a byte of the cross-connect it reads anyway.
 */
class CoSwitch : public Object
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoSwitch();
    ~CoSwitch() override;

    // Delete copy constructor and assignment operator to avoid misuse
    CoSwitch(const CoSwitch&) = delete;
    CoSwitch& operator=(const CoSwitch&) = delete;

    /**
     * \brief Makes a device one of the switch's ports.
     * \param port a CoPortNetDevice on the switch's node
     * \return the port's index
     */
    uint32_t AddPort(Ptr<CoPortNetDevice> port);

    /// \return the switch's network prefix (the first 13 bytes count)
    AesaAddress GetPrefix() const;

    /// \param prefix the switch's network prefix: hosts on it get addresses under it
    void SetPrefix(const AesaAddress& prefix);

    /// \return the number of ports
    uint32_t GetNPorts() const;

    /// \param i a port index \return the port's device
    Ptr<CoPortNetDevice> GetPort(uint32_t i) const;

    /**
     * \brief Routes called party numbers with a prefix to a port.
     * \param prefix the address prefix
     * \param bits how many leading bits of it count (0..160)
     * \param port the output port's index
     * \param cost rank among the prefix's ports, lower first (for alternates)
     */
    void AddRoute(const AesaAddress& prefix, uint32_t bits, uint32_t port, uint32_t cost = 0);

    /**
     * \brief Removes every next hop of a prefix (see AddRoute()).
     * \param prefix the address prefix
     * \param bits its length
     * \return the number of next hops removed
     */
    std::size_t RemoveRoute(const AesaAddress& prefix, uint32_t bits);

    /// \return the switch's routes
    const CoRoutingTable& GetRoutingTable() const;

    /**
     * \brief Numbers the switch's route prefixes with an index shared by
     *        the switches of a network (see CoRoutingTable::SetPrefixIndex()),
     *        so that each prefix is stored once, not once per switch.
     *
     * Fails (NS_FATAL_ERROR) once the switch has routes: call it first.
     *
     * \param index the network's index; null for one of the switch's own
     */
    void SetPrefixIndex(Ptr<CoPrefixIndex> index);

    /**
     * \param called a called party number
     * \param [out] port the port of the longest matching route
     * \return false when no route matches
     */
    bool LookupRoute(const AesaAddress& called, uint32_t& port) const;

    /**
     * \brief Fails (false) or restores (true) the whole switch: every link
     *        attached to it goes down, or comes back up unless it is failed
     *        itself or its other end is (CoChannel::SetEndUp), and a failed
     *        switch loses the signalling messages waiting for its processor.
     *
     * Calls through the switch are released by its neighbours, which see
     * their links go down; routes around it are the topology's business.
     * \param up false to fail the switch, true to restore it
     */
    void SetOperational(bool up);

    /// \return false while the switch is failed
    bool IsOperational() const;

    /// \return the number of calls the switch holds state for (any phase)
    std::size_t GetCallCount() const;

    /// \return the number of cross-connect entries (two per connected call)
    std::size_t GetCrossConnectCount() const;

    /// \return the number of calls being set up (SETUP received, neither
    ///         CONNECT nor the end yet), whose contracts the switch keeps
    std::size_t GetSetupCount() const;

    /// \return the number of calls being set up whose SETUP carried IEs the
    ///         switch passes on without acting on them (B-LLI, B-HLI, ...), kept
    ///         for them until CONNECT or the end, as the contracts are
    std::size_t GetPassThroughCount() const;

    /// \param port a port index \return the cell rate reserved out of it, cells/s
    uint64_t GetReservedCellRate(uint32_t port) const;

    /// \param port a port index \return the cell rate admission control may reserve out of it
    uint64_t GetAdmissibleCellRate(uint32_t port) const;

    /// \param port a port index \return the number of VCIs in use on it
    std::size_t GetVciCount(uint32_t port) const;

    /// \return the number of signalling messages waiting for, or in, the processor
    std::size_t GetSignallingBacklog() const;

    /// \return the number of Q.2931 and Q.2971 timers (T303, T308, T310, T322,
    ///         T397, T398, T399) running
    std::size_t GetRunningTimerCount() const;

    /// \return the number of point-to-multipoint calls the switch holds
    std::size_t GetMultipointCallCount() const;

    /// \return the number of branches of point-to-multipoint calls (a branch:
    ///         the call's leg out of one port, whatever the parties beyond it)
    std::size_t GetBranchCount() const;

    /// \return the number of parties held, counted once per interface (the
    ///         root's and the branch's) of every point-to-multipoint call
    std::size_t GetPartyCount() const;

    /// \return the number of LEAF SETUP REQUEST messages the switch passed
    ///         on (or joined itself) and keeps a record of until answered
    std::size_t GetLeafSetupCount() const;

    /// \return the number of multipoint calls leaves may join that the switch carries
    std::size_t GetLeafJoinCallCount() const;

    /**
     * \param port a port index
     * \param callReference a call reference on it
     * \param weAllocated true when the switch allocated the call reference
     * \param endpointReference an endpoint reference of that call
     * \param endpointWeAllocated true when the switch allocated the endpoint reference
     * \return the party's state on that interface (Q.2971 P0..P12); Null when unknown
     */
    Q2971PartyState GetPartyState(uint32_t port,
                                  uint32_t callReference,
                                  bool weAllocated,
                                  uint16_t endpointReference,
                                  bool endpointWeAllocated) const;

    /**
     * \brief Q.2931 5.6.11: asks the peer on a call leg for its call state
     *        with STATUS ENQUIRY and runs T322 (resent up to N322 times, then
     *        the call is cleared with cause 41). Nothing is sent while an
     *        enquiry of the leg is outstanding.
     * \param port the leg's port
     * \param callReference the leg's call reference
     * \param weAllocated true when the switch allocated it (a downstream leg)
     * \return false when the switch has no such call leg
     */
    bool EnquireStatus(uint32_t port, uint32_t callReference, bool weAllocated);

    /**
     * \brief EnquireStatus() on every call leg on a port, e.g. after its
     *        signalling link recovered.
     * \param port a port index
     * \return the number of legs enquired about
     */
    std::size_t EnquireStatus(uint32_t port);

    /**
     * \param port a port index
     * \param callReference a call reference on it
     * \param weAllocated true when the switch allocated it
     * \return the Q.2931 state (N0..N12) of that call leg; null when unknown
     */
    Q2931CallState GetCallState(uint32_t port, uint32_t callReference, bool weAllocated) const;

    /// TracedCallback signature for signalling messages on a port.
    typedef void (*MessageTracedCallback)(uint32_t port, const Q2931Header& message);
    /// TracedCallback signature for admission decisions: \p port is the output
    /// port of an admitted call, and for a refusal the port whose direction
    /// refused (the input port when its backward direction is full).
    typedef void (*AdmissionTracedCallback)(uint32_t inPort,
                                            uint32_t port,
                                            const CoCallParameters& p,
                                            uint8_t cause);
    /// TracedCallback signature for routed calls.
    typedef void (*RoutedTracedCallback)(uint64_t callId, uint32_t inPort, uint32_t outPort);
    /// TracedCallback signature for crankbacks.
    typedef void (*CrankbackTracedCallback)(uint64_t callId, uint32_t port, uint8_t cause);
    /// Signature of RestartComplete: the port, and whether the far side acknowledged.
    typedef void (*RestartTracedCallback)(uint32_t port, bool acknowledged);
    /// TracedCallback signature of SignallingOutageEnded: the port, and true
    /// when its signalling AAL came back before T309 ran out.
    typedef void (*SignallingOutageTracedCallback)(uint32_t port, bool recovered);
    /// TracedCallback signature for protocol errors: the port, the message
    /// answered, and the cause of the answer.
    typedef void (*ProtocolErrorTracedCallback)(uint32_t port,
                                                const Q2931Header& message,
                                                uint8_t cause);
    /// TracedCallback signature of PartyAdded: the network call id, the output
    /// port of the party's branch, and the party's endpoint reference toward the root.
    typedef void (*PartyTracedCallback)(uint64_t callId, uint32_t port, uint16_t reference);
    /// TracedCallback signature of PartyDropped: as PartyTracedCallback, and the cause.
    typedef void (*PartyDroppedTracedCallback)(uint64_t callId,
                                               uint32_t port,
                                               uint16_t reference,
                                               uint8_t cause);
    /// TracedCallback signature of BranchAdded and BranchReleased: the
    /// network call id and the branch's output port.
    typedef void (*BranchTracedCallback)(uint64_t callId, uint32_t port);
    /// TracedCallback signature of LeafSetupForwarded: the ports the request
    /// came in by and went out by, and its leaf sequence number.
    typedef void (*LeafSetupTracedCallback)(uint32_t inPort, uint32_t outPort, uint32_t sequence);
    /// TracedCallback signature of NetworkJoin: the network call id, the port
    /// of the branch the leaf joined by, and the request's leaf sequence number.
    typedef void (*NetworkJoinTracedCallback)(uint64_t callId, uint32_t port, uint32_t sequence);
    /// What usage parameter control does with a non-conforming frame.
    enum class UpcAction : uint8_t
    {
        None,    //!< no policing (no policers are kept)
        Tag,     //!< its cells get CLP=1 and it goes on
        Discard, //!< it is discarded
    };

    /// What usage parameter control found of one frame.
    enum class PolicingVerdict : uint8_t
    {
        Conforming, //!< it conformed and went on as it was
        Tagged,     //!< it did not, and went on with CLP=1
        Discarded,  //!< it did not, and was discarded
    };

    /// Frames judged by usage parameter control, by verdict.
    struct PolicingStats
    {
        uint64_t conforming = 0; //!< went on as they were
        uint64_t tagged = 0;     //!< went on with CLP=1
        uint64_t discarded = 0;  //!< discarded
    };

    /**
     * \param port an input port
     * \param vci an input VCI on it
     * \return what the policer of that VC found so far (zero when it has none)
     */
    PolicingStats GetPolicingStats(uint32_t port, uint16_t vci) const;

    /**
     * \param port an input port
     * \return what the policers of its VCs found, those of ended calls included
     */
    PolicingStats GetPortPolicingStats(uint32_t port) const;

    /// \return the number of policers kept (one per policed cross-connect)
    std::size_t GetPolicerCount() const;

    /// Signature of Policing: the frame (AAL5 SDU), its input port and VCI, the verdict.
    typedef void (*PolicingTracedCallback)(Ptr<const Packet> sdu,
                                           uint32_t port,
                                           uint16_t vci,
                                           PolicingVerdict verdict);

    /// TracedCallback signature for cross-connect changes.
    typedef void (*CrossConnectTracedCallback)(uint32_t inPort,
                                               uint16_t inVci,
                                               uint32_t outPort,
                                               uint16_t outVci);

  protected:
    void DoDispose() override;

  private:
    /// The phase of one leg of a call (one side's call reference).
    enum class LegState : uint8_t
    {
        Null,       //!< no call reference on this side (freed, or never allocated)
        Present,    //!< SETUP exchanged, not yet connected
        Proceeding, //!< downstream answered CALL PROCEEDING
        Alerted,    //!< the called user is being alerted (ALERTING came from downstream)
        Active,     //!< connected
        Releasing,  //!< RELEASE sent, awaiting RELEASE COMPLETE
    };

    /// One side of a call: a call reference and a VCI on one port.
    struct Leg
    {
        uint32_t port = 0;               //!< port index
        uint32_t callReference = 0;      //!< 23-bit call reference on that UNI/NNI
        bool weAllocated = false;        //!< true downstream, where the switch originates
        uint8_t cause = 0;               //!< of its release in progress (fills a pad byte)
        uint16_t vci = 0;                //!< VCI on that port (VPI 0)
        LegState state = LegState::Null; //!< phase
        uint8_t expiries = 0;            //!< expiries of the running timer
        Q2931MessageType timerFor = Q2931MessageType::Setup; //!< what the timer guards
        CoTimerQueue::Token timer = CoTimerQueue::NONE;      //!< the running timer, if any
    };

    // Each leg keeps the cause of its own release: a call cleared by T310
    // sends RELEASE with cause 102 one way and 18 the other, and T308 sends
    // each again as it was (Q.2931 5.2.5.4, 5.4.4).
    static_assert(sizeof(Leg) == 20, "a leg's cause takes a padding byte, not more room");

    /// Which leg is which.
    static constexpr uint32_t UPSTREAM = 0;   //!< toward the caller
    static constexpr uint32_t DOWNSTREAM = 1; //!< toward the called party

    /// One call through the switch: one cache line, which is all that most
    /// of its messages read (its contract is kept apart, see m_contracts).
    struct alignas(64) Call
    {
        Leg legs[2];                     //!< upstream, downstream
        uint64_t networkCallId = 0;      //!< the call's network-wide name (CoCallTag)
        uint32_t forwardReserved = 0;    //!< cells/s reserved out of the downstream port
        uint32_t backwardReserved = 0;   //!< cells/s reserved out of the upstream port
        uint8_t nextHop = 0;             //!< index of the next route to try (crankback)
        uint8_t crankbacks = 0;          //!< routes that refused the call here
        bool resourcesHeld = false;      //!< bandwidth and cross-connects not yet freed
        bool inUse = false;              //!< slot in use
        uint8_t referenceGeneration = 0; //!< of the last call reference made from the slot
        uint8_t causeLocation = 1;       //!< its location (passed on from the far end)
        /// Point-to-multipoint: the slot is the root's (its upstream leg is
        /// the root's side, its downstream leg the first branch) or, with its
        /// upstream leg Null, one more branch (see m_branchRoot)
        bool multipoint = false;
    };

    static_assert(sizeof(Call) == 64, "a call through the switch fills one cache line");

    /// One port.
    struct Port
    {
        Ptr<CoPortNetDevice> device;        //!< the port's device
        SaalEndpoint saal;                  //!< Q.SAAL on VPI 0 / VCI 5
        bool signallingUp = false;          //!< device->IsSignallingUp(), as last told
        uint64_t reserved = 0;              //!< cells/s reserved out of the port
        absl::flat_hash_set<uint16_t> vcis; //!< VCIs in use
        uint16_t nextVci = 0;               //!< where the VCI search resumes
        uint16_t vciLow = 0;                //!< lowest VCI this end assigns
        uint16_t vciHigh = 0;               //!< highest VCI this end assigns (0: not yet known)
        uint32_t nextCallReference = 1; //!< where the search resumes (slots past CALL_SLOT_MASK)
        Q2931InterfaceRestart restart;  //!< this end's restart of the interface
        Q2931SignallingAalFailure aalFailure; //!< T309 and what goes with it
    };

    /// A cross-connect's output: where frames of an input VCI go.
    struct CrossConnect
    {
        uint32_t port; //!< output port; with MULTICAST set, the root slot of a multipoint call
        uint16_t vci;  //!< output VCI
        /// its input VC has a policer (m_policers): a byte that was padding,
        /// the one thing a frame reads when UPC is off
        bool policed = false;
    };

    static_assert(sizeof(CrossConnect) == 8, "the policed flag takes a padding byte");

    /// The usage parameter control of one input VC.
    struct Policer
    {
        CoDualGcra gcra;     //!< the contract of the direction entering there
        PolicingStats stats; //!< its verdicts
        UpcAction action;    //!< Tag or Discard, as Upc was when it was made
    };

    /// Marks a cross-connect whose frames are copied to every connected
    /// branch of a multipoint call (Multipoint::outputs), the call's root
    /// slot in the other bits: one test on the data path, not a second table.
    static constexpr uint32_t MULTICAST = 0x80000000;
    /// RouteParty's refusedPort when no route has refused the party yet.
    static constexpr uint32_t NO_REFUSAL = 0xffffffff;

    /// One party of a multipoint call as the switch routes it.
    /// One party's route through the switch (see CoPartyRoutes).
    using PartyRoute = CoPartyRoutes::Route;

    /// What a multipoint call leaves may join carries (UNI 4.0): its name.
    struct LeafJoinCall
    {
        AesaAddress root;         //!< the root's address (the SETUP's calling party number)
        uint32_t identifier = 0;  //!< the root's LIJ call identifier
        bool networkJoin = false; //!< the switches join leaves without asking the root
    };

    /// What a multipoint call needs beyond its slot, by root slot (m_multipoint).
    struct Multipoint
    {
        CoCallParameters contract;         //!< as granted: new branches are set up with it
        std::vector<uint32_t> branches;    //!< the slots of its branches, oldest first
        std::vector<CrossConnect> outputs; //!< connected branches: each frame goes to each
        CoPartyRoutes parties;             //!< every party, by its route
        std::vector<std::pair<uint16_t, Q2931Header>> waiting; //!< ADD PARTY held for a
                                                               //!< branch being set up
        std::optional<LeafJoinCall> leafJoin;                  //!< when leaves may join it
        /// Network joins that came while the call was still being set up
        /// here (their m_leafSetups keys and requests): joined once it is up.
        std::vector<std::pair<uint64_t, Q2931Header>> joinsWaiting;
        uint16_t nextJoined = 0; //!< numbers the parties the switch joined
        /// With Crankback on: the ADD PARTY that opened each branch still
        /// being set up (by slot), so that a refusal beyond it can be tried
        /// on the next route. Gone once the branch connects.
        std::vector<std::pair<uint32_t, Q2931Header>> openers;
    };

    /**
     * Marks the reference toward the root of a party the switch joined
     * itself (network join without root notification): the root has no
     * such party, so nothing about it goes toward the root. Endpoint
     * references are 15 bits: no reference of the root's has the bit.
     */
    static constexpr uint16_t JOINED = 0x8000;

    /// One LEAF SETUP REQUEST the switch passed on toward the root (or
    /// joined itself), until its answer passes (see m_leafSetups).
    struct LeafSetup
    {
        uint32_t inPort = 0;           //!< where it came from (toward the leaf)
        uint32_t inCallReference = 0;  //!< its call reference there (the sender's)
        uint32_t outPort = 0;          //!< where it went (toward the root)
        uint32_t outCallReference = 0; //!< its call reference there (the switch's)
        AesaAddress leaf;              //!< the leaf (its calling party number)
        uint32_t sequence = 0;         //!< its leaf sequence number
        uint32_t root = 0;             //!< joined here: the call's root slot
        uint16_t joined = 0;           //!< joined here: the party's JOINED reference (else 0)
        bool waiting = false;          //!< to be joined here once the call is up here
        EventId guard;                 //!< forgets it if no answer passes
    };

    void ReceiveFrame(uint32_t port,
                      Ptr<CoPortNetDevice> device,
                      Ptr<Packet> sdu,
                      const AtmFrameHeader& header);
    void ServeSignalling();
    /// Decodes one SSCOP PDU from \p port and acts on the message.
    void ServeMessage(uint32_t port, Ptr<Packet> sdu);
    void LinkChanged(uint32_t port);
    /// The signalling AAL on \p port failed or came back
    /// (CoPortNetDevice::IsSignallingUp()).
    void SignallingChanged(uint32_t port);
    /// Drops the messages from \p port that wait for the processor.
    void DropQueuedSignalling(uint32_t port);
    /// Frees every leg on \p port (the one on \p vci only, if given; only
    /// those in the Active state, or only the others, if \p active is given),
    /// sending nothing there, and releases each call's other leg with \p cause.
    void ClearPort(uint32_t port,
                   uint8_t cause,
                   std::optional<uint16_t> vci = std::nullopt,
                   std::optional<bool> active = std::nullopt);
    /// EnquireStatus(port) on its legs in the Active state only (\p activeOnly)
    /// or on every leg; \return the number of legs enquired about
    std::size_t EnquireLegs(uint32_t port, bool activeOnly);
    /// Q.2931 5.5.1: restarts the interface on \p port (RESTART, all VCs; T316).
    void Restart(uint32_t port);
    /// RESTART or RESTART ACKNOWLEDGE on \p port.
    void ReceiveRestart(uint32_t port, const Q2931Header& message);
    /// Sends \p message on \p port outside any call (global call reference).
    void SendOnPort(uint32_t port, const Q2931Header& message);
    void ReceiveMessage(uint32_t port, const Q2931Header& message, uint64_t networkCallId);
    void ReceiveSetup(uint32_t port, const Q2931Header& message, uint64_t networkCallId);
    /// Refuses a SETUP for a protocol error (Q.2931 5.6, 5.7): RELEASE COMPLETE
    /// with \p cause naming \p diagnostic (an IE identifier), the error traced.
    void RefuseSetup(uint32_t port, const Q2931Header& setup, uint8_t cause, uint8_t diagnostic);
    uint8_t Forward(uint32_t callId);
    /// \return the contract of a call being set up (see m_contracts)
    CoCallParameters& Contract(uint32_t callId);
    bool CrankBack(uint32_t callId, uint8_t cause);
    void ClampToLine(uint32_t& peakCellRate, uint32_t port, bool& modified) const;
    void ReceiveFromLeg(uint32_t callId, uint32_t leg, const Q2931Header& message);
    /// ALERTING from downstream: the called user is being alerted.
    void ReceiveAlerting(uint32_t callId);
    void ReceiveConnect(uint32_t callId, const Q2931Header& message);
    /// RELEASE on a leg; \p answer: the cause RELEASE COMPLETE carries (0: none).
    void ReceiveRelease(uint32_t callId,
                        uint32_t leg,
                        const Q2931Header& message,
                        const Q2931CallProcedures::Verdict& answer);
    void ReceiveReleaseComplete(uint32_t callId, uint32_t leg, const Q2931Header& message);

    /// \return the Q.2931 state (N0..N12) of a call leg
    Q2931CallState LegCallState(uint32_t callId, uint32_t leg) const;
    /// \return true when the port leads to a host (a UNI), false toward a switch
    bool IsTowardUser(uint32_t port) const;
    /// Answers a message the procedures do not let the leg act on (Q.2931 5.6).
    void AnswerError(uint32_t callId,
                     uint32_t leg,
                     const Q2931Header& message,
                     const Q2931CallProcedures::Verdict& verdict);
    /// Answers a message for a call reference the switch does not know (Q.2931 5.6.3.2).
    void AnswerUnknownCallReference(uint32_t port, const Q2931Header& message);
    /// Sends STATUS on a leg: its state, and \p cause.
    void SendStatus(const Leg& leg, Q2931CallState state, const CauseIe& cause);
    /// Q.2931 5.6.12: acts on a STATUS received on a leg.
    void ReceiveStatus(uint32_t callId, uint32_t leg, const Q2931Header& message);
    /// Sends STATUS ENQUIRY on a leg and starts T322, unless one is outstanding.
    void EnquireLegStatus(uint32_t callId, uint32_t leg);
    /// Stops a leg's T322, if it runs.
    void StopStatusEnquiry(uint32_t callId, uint32_t leg);
    /// \param owner a leg (see TimerExpired)
    void StatusEnquiryExpired(uint32_t owner);
    /// Clears a call with \p cause after a failure seen on leg \p leg (an
    /// incompatible STATUS, T322): both legs, or for a multipoint call that
    /// leg and what depends on it.
    void ClearCall(uint32_t callId, uint32_t leg, uint8_t cause);
    /// \return the Cause IE of a leg's release: its value, the call's location and diagnostics
    CauseIe ReleaseCause(uint32_t callId, uint32_t leg) const;

    /// Answers a call reference with RELEASE COMPLETE and a cause (refused
    /// SETUPs, messages for call references the switch does not know).
    void Refuse(uint32_t port, uint32_t callReference, bool weAllocated, uint8_t cause);

    // ---- point-to-multipoint (Q.2971) ----
    /// \return the party table's key of a leg's interface
    static uint64_t PartyKey(uint32_t callId, uint32_t leg)
    {
        return 2 * uint64_t(callId) + leg;
    }

    /// \return true for a slot that is one more branch of a multipoint call
    bool IsBranchSlot(uint32_t callId) const;
    /// \return the root slot of the branch \p slot, or false when it is detached
    bool FindRoot(uint32_t slot, uint32_t& root) const;
    /// Leg \p leg of a call is gone or going: clears what depends on it
    /// (point-to-point: the other leg; multipoint: the branch's parties toward
    /// the root, or every branch when it is the root's leg).
    void ReleaseOtherSide(uint32_t callId, uint32_t leg, const CauseIe& cause);
    /// A branch ended: it is detached and its parties end toward the root.
    void BranchEnded(uint32_t slot, const CauseIe& cause);
    /// The root's side of a multipoint call ended: every branch is released.
    void ReleaseBranches(uint32_t root, const CauseIe& cause);
    /// Takes a branch out of its call (data, routes); its leg stays as it is.
    void DetachBranch(uint32_t root, uint32_t slot);
    /// Clears a multipoint call from the leaves' side: RELEASE toward the root, and every branch.
    void ClearMultipointCall(uint32_t root, const CauseIe& cause);
    /// Ends parties (routes already removed) toward the root: ADD PARTY REJECT
    /// or DROP PARTY while other parties remain, else the call is cleared.
    /// Parties the switch joined itself (JOINED) end here, the root not told.
    /// \p port: the parties' branch's, for the traces.
    void EndPartiesUpstream(uint32_t root,
                            const std::vector<uint16_t>& ended,
                            const CauseIe& cause,
                            uint32_t port);
    /// Drops a party on its branch: DROP PARTY (T398), or RELEASE of the
    /// branch when it has no other party.
    void DropOnBranch(uint32_t root, uint32_t slot, uint16_t downstream, const CauseIe& cause);
    /// A party message (Q.2971) on a leg of a multipoint call.
    void ReceivePartyMessage(uint32_t callId, uint32_t leg, const Q2931Header& message);
    /// ADD PARTY from the root.
    void ReceiveAddParty(uint32_t root, const Q2931Header& message, uint16_t reference);
    /// Routes a party: \return 0, or the cause of its refusal here
    uint8_t RouteParty(uint32_t root,
                       uint16_t reference,
                       const Q2931Header& addParty,
                       uint32_t refusedPort = NO_REFUSAL);
    /**
     * \brief Crankback of a branch whose SETUP was refused beyond this
     *        switch for want of resources: its parties still being added are
     *        routed again, from the route after the refused one.
     * \param root the call's root slot
     * \param refused the branch's port (the branch is detached already)
     * \param cause the refusal's cause
     * \param [in,out] ended the branch's parties; those routed again are
     *        taken out (the rest end upstream as without crankback)
     * \param opener the ADD PARTY that opened the branch
     * \param waited the ADD PARTY of each party that waited for the branch
     */
    void CrankBackBranch(uint32_t root,
                         uint32_t refused,
                         uint8_t cause,
                         std::vector<uint16_t>& ended,
                         const Q2931Header& opener,
                         const std::vector<std::pair<uint16_t, Q2931Header>>& waited);
    /// Takes the ADD PARTY that opened branch \p slot out of \p mp, if kept.
    static std::optional<Q2931Header> TakeOpener(Multipoint& mp, uint32_t slot);
    /// \return whether \p cause refuses for want of network resources (37, 41, 45, 47)
    static bool IsResourceRefusal(uint8_t cause);
    /// Sends ADD PARTY for the party \p upstream on its active branch \p slot, with T399.
    void SendAddParty(uint32_t root, uint32_t slot, uint16_t upstream, const Q2931Header& addParty);
    /// DROP PARTY from the root.
    void ReceiveRootDropParty(uint32_t root,
                              const Q2931Header& message,
                              Q2971PartyTable::PartyId party);
    /// A party message from a branch about one of its parties.
    void ReceiveBranchPartyMessage(uint32_t slot,
                                   const Q2931Header& message,
                                   Q2971PartyTable::PartyId party,
                                   Q2971PartyState state);
    /// ALERTING on a branch: PARTY ALERTING toward the root.
    void ReceiveBranchAlerting(uint32_t slot);
    /// CONNECT on a branch: ADD PARTY ACKNOWLEDGE toward the root, data copied to it.
    void ReceiveBranchConnect(uint32_t slot, const Q2931Header& message);
    /// Sends a party message on a leg, for an endpoint reference.
    void SendPartyMessage(const Leg& leg,
                          Q2931MessageType type,
                          Q2971PartyTable::PartyId party,
                          const CauseIe* cause = nullptr);
    /// Answers a party message the party's state does not expect (STATUS, cause \p cause).
    void AnswerPartyError(uint32_t callId,
                          uint32_t leg,
                          const Q2931Header& message,
                          uint8_t cause,
                          uint8_t diagnostic,
                          Q2971PartyState state);
    /// Starts a party timer (the durations are the attributes').
    void StartPartyTimer(uint64_t key,
                         Q2971PartyTable::PartyId party,
                         Q2971PartyTable::Timer timer);
    /// A party timer expired.
    void PartyTimerExpired(uint64_t key,
                           Q2971PartyTable::PartyId party,
                           Q2971PartyTable::Timer timer);
    /// Copies a frame from the root to every connected branch, with its
    /// traffic type and its cells' CLP.
    void CopyToBranches(uint32_t root, Ptr<Packet> sdu, AtmTrafficType type, bool clp);

    // ---- leaf-initiated join (co-switch-leaf-join.cc) ----
    /// LEAF SETUP REQUEST or FAILURE (UNI 4.0), which no call's reference names.
    void ReceiveLeafSetupMessage(uint32_t port, const Q2931Header& message);
    /// A leaf's request: joined here (network join), or passed on toward the root.
    void ReceiveLeafSetupRequest(uint32_t port, const Q2931Header& message);
    /// A refusal from toward the root: passed back toward the leaf.
    void ReceiveLeafSetupFailure(uint32_t port, const Q2931Header& message);
    /// Refuses a request with LEAF SETUP FAILURE on the port it came by.
    void RefuseLeafSetup(uint32_t port,
                         const Q2931Header& request,
                         uint8_t cause,
                         uint8_t diagnostic = 0);
    /// Network join: adds the leaf of \p request to the call of \p root
    /// from here, as party \p joined (JOINED set). \return 0, or the cause
    /// of the refusal
    uint8_t JoinLeaf(uint32_t root, const Q2931Header& request, uint16_t& joined);
    /// The multipoint call of \p root is up here: the network joins that
    /// waited for it (Multipoint::joinsWaiting) are joined, or refused.
    void JoinWaitingLeaves(uint32_t root);
    /// Refuses the network join \p request that waits under \p key (if it
    /// still does: the leaf may have given up) with \p cause.
    void RefuseWaitingJoin(uint64_t key, const Q2931Header& request, uint8_t cause);
    /// Notes what a multipoint SETUP says of leaf-initiated join (its call's
    /// name; the leaf it answers).
    void NoteLeafJoinSetup(uint32_t root, const Q2931Header& setup);
    /// A SETUP or ADD PARTY for a joining leaf passed: the requests it answers are done.
    void LeafJoinAnswered(const Q2931Header& message);
    /// A party the switch joined was added or ended: its request is done.
    void LeafJoinEnded(uint32_t root, uint16_t joined);
    /**
     * When the last party known toward the root ends while a leaf the switch
     * joined itself is active, that leaf takes over the party's endpoint
     * reference, so the interface keeps a party (the branch stays).
     * \param root the call's slot
     * \param ending the references toward the root that are ending; the one
     *        handed over is taken out
     * \return whether one was handed over
     */
    bool HandOverToJoinedLeaf(uint32_t root, std::vector<uint16_t>& ending);
    /// Forgets a request's record, and its guard.
    void ForgetLeafSetup(uint64_t key);
    /// The guard of a request's record ran out.
    void LeafSetupGuardExpired(uint64_t key);
    /// Gives a new branch's SETUP the call's LIJ IEs and the joining leaf's
    /// sequence number, if any (kept with the IEs it passes on).
    void AddLeafJoinIes(uint32_t root, uint32_t slot, const Q2931Header& addParty);

    /// \return the cell rate of the link on a port (0 while unattached)
    uint32_t GetLineCellRate(uint32_t port) const;
    void SendOnLeg(const Leg& leg, Q2931Header& message, uint64_t callId = 0);
    void SendSetup(uint32_t callId);

    /**
     * \brief The IEs of a call's SETUP that the switch does not act on and
     *        passes on as they came (see m_passThrough). Only what the
     *        contract does not give again is kept: a SETUP as a host makes it
     *        needs none of this.
     */
    struct PassThrough
    {
        std::optional<AalParametersIe> aalParameters; //!< when not the contract's own
        bool withoutAalParameters = false;            //!< the SETUP had none: none goes on
        std::optional<CallingPartyNumberIe> callingPartyNumber; //!< when not the plain number
        std::optional<BroadbandLowLayerInformationIe> lowLayerInformation; //!< B-LLI
        std::vector<Q2931RawIe> otherIes; //!< end-to-end IEs, and those asking to be passed along

        /// \return true when the SETUP carried nothing to pass on beyond the contract
        bool IsEmpty() const
        {
            return !aalParameters && !withoutAalParameters && !callingPartyNumber &&
                   !lowLayerInformation && otherIes.empty();
        }
    };

    /**
     * \param setup a SETUP the switch admits
     * \param contract the call parameters read from it
     * \return the IEs of \p setup to pass on (see PassThrough)
     */
    static PassThrough TakePassThrough(const Q2931Header& setup, const CoCallParameters& contract);
    /// Adds the IEs of a SETUP received to the one sent on (see PassThrough).
    static void AddPassThrough(Q2931Header& setup, const PassThrough& ies);
    /// Copies the end-to-end IEs of a CONNECT received to the one sent on.
    static void PassOnConnect(const Q2931Header& from, Q2931Header& to);
    /// \return true for an IE kept as received that the switch passes on unchanged
    static bool IsPassedOn(const Q2931RawIe& ie);
    void ReleaseLeg(uint32_t callId, uint32_t leg, uint8_t cause);
    /// As ReleaseLeg(callId, leg, cause), with a whole Cause IE (e.g. the far end's, passed on).
    void ReleaseLeg(uint32_t callId, uint32_t leg, const CauseIe& cause);
    void FreeLeg(uint32_t callId, uint32_t leg);
    void FreeResources(Call& call);
    void Reserve(Call& call);

    /**
     * \brief Gives an output VC its queue in its port's VC scheduler, if
     *        the port has one (a cross-connect or a multipoint branch came up).
     * \param port the output port
     * \param vci the output VCI
     * \param category the call's service category
     * \param flow the granted contract of the direction leaving by \p port
     */
    void AttachVcQueue(uint32_t port,
                       uint16_t vci,
                       CoServiceCategory category,
                       const CoFlowSpec& flow);

    /**
     * \brief Gives an input VC a policer if UPC is on and its contract has
     *        a rate to police.
     * \param port the input port
     * \param vci the input VCI
     * \param category the call's service category
     * \param flow the granted contract of the direction entering by \p port
     * \return whether it got one (CrossConnect::policed)
     */
    /// \param upc an UpcAction, as an int, for the attribute system
    void SetUpcValue(int upc);
    /// \return the UpcAction as an int
    int GetUpcValue() const;

    bool AttachPolicer(uint32_t port,
                       uint16_t vci,
                       CoServiceCategory category,
                       const CoFlowSpec& flow);

    /**
     * \brief Usage parameter control of a frame on a policed input VC.
     * \param port the input port
     * \param vci the input VCI
     * \param sdu the frame (AAL5 SDU)
     * \param [in,out] clp its cells' CLP: set when tagged
     * \return false when it is discarded
     */
    bool Police(uint32_t port, uint16_t vci, const Ptr<Packet>& sdu, bool& clp);

    /**
     * \brief Releases an output VC at its port (CoPortNetDevice::ReleaseVc): its
     *        frames waiting there are dropped, and its VC scheduler, if any, forgets it.
     * \param port the output port
     * \param vci the output VCI
     */
    void DetachVcQueue(uint32_t port, uint16_t vci);

    /// Starts the timer that guards \p sent on a leg, in place of the one running.
    void StartTimer(uint32_t callId, uint32_t leg, Q2931MessageType sent, Time duration);
    /// Stops a leg's timer, if one is running.
    void StopTimer(Leg& leg);
    /// \return the queue of the timers that guard \p sent
    CoTimerQueue& TimerQueue(Q2931MessageType sent);
    /// \param owner a leg: its call id times 2, plus UPSTREAM or DOWNSTREAM
    void TimerExpired(uint32_t owner);

    bool AllocateVci(uint32_t port, uint16_t& vci);
    void SetVciRange(uint32_t port);

    /**
     * \brief Gives a call's downstream leg a call reference of the switch's own.
     *
     * The call's slot is in the reference's low CALL_SLOT_BITS bits, and a
     * generation that changes with every reference made from the slot above
     * them (so a late answer to an old reference is not taken for the new
     * one): answers find their call without a table, which in a large
     * network is a cache miss or two per message saved. Slots past
     * CALL_SLOT_MASK take references below 2^CALL_SLOT_BITS, kept in
     * m_callByReference like those of the other side.
     * \param port the leg's port
     * \param callId the call's slot
     * \return the call reference, or 0 when none is free
     */
    uint32_t AllocateCallReference(uint32_t port, uint32_t callId);

    /**
     * \brief Finds the call and leg of a message's call reference.
     * \param port the port the message came from
     * \param callReference its call reference
     * \param ours whether the switch allocated it (the message's flag)
     * \param [out] callId the call's slot
     * \param [out] leg UPSTREAM or DOWNSTREAM
     * \return false when the switch has no such call reference
     */
    bool FindCall(uint32_t port,
                  uint32_t callReference,
                  bool ours,
                  uint32_t& callId,
                  uint32_t& leg) const;
    uint32_t NewCall();

    static constexpr uint32_t CALL_SLOT_BITS = 16; //!< see AllocateCallReference()
    static constexpr uint32_t CALL_SLOT_MASK = (1u << CALL_SLOT_BITS) - 1; //!< the slot bits
    static constexpr uint8_t MAX_REFERENCE_GENERATION = 127; //!< 23 - 16 bits, 0 not used
    static_assert(CALL_SLOT_BITS + 7 == 23, "a call reference has 23 bits");

    /// \return the key of a call reference on a port in m_callByReference
    static uint64_t ReferenceKey(uint32_t port, uint32_t callReference, bool weAllocated)
    {
        return (uint64_t(port) << 25) | (uint64_t(callReference) << 1) | (weAllocated ? 1 : 0);
    }

    /// \return the key of a port's VCI in m_crossConnects
    static uint64_t VciKey(uint32_t port, uint16_t vci)
    {
        return (uint64_t(port) << 16) | vci;
    }

    // State first, in the order a message uses it: in a network of
    // thousands of switches each message finds its switch cold, and each
    // cache line it touches is a miss.
    bool m_operational = true;    //!< false while failed
    bool m_processorBusy = false; //!< a message is being served
    Time m_processingDelay;       //!< signalling processor time per message
    std::vector<Port> m_ports;    //!< by index
    std::vector<Call> m_calls;    //!< slots, by call id
    /// By call id, the contract of each call being set up (from its SETUP
    /// to its CONNECT, or its end): crankback and a repeated SETUP send it
    /// again, and CONNECT may lower it. A connected call needs only what
    /// it reserved, so the contract, larger than the rest of the call, does
    /// not stay for its holding time.
    absl::flat_hash_map<uint32_t, CoCallParameters> m_contracts;
    /// By call id, the IEs a call's SETUP carried for the called side that
    /// the switch passes on without acting on them, for the calls that carry
    /// any and, like the contract, only while they are set up: crankback
    /// and T303 send the SETUP again with them. Most calls carry none.
    absl::flat_hash_map<uint32_t, PassThrough> m_passThrough;
    absl::flat_hash_map<uint64_t, uint32_t> m_callByReference;        //!< ReferenceKey -> call id
    TracedCallback<uint32_t, const Q2931Header&> m_signallingRxTrace; //!< SignallingRx
    TracedCallback<uint32_t, const Q2931Header&> m_signallingTxTrace; //!< SignallingTx
    absl::flat_hash_map<uint64_t, CrossConnect> m_crossConnects;      //!< VciKey -> output
    std::vector<uint32_t> m_freeCalls;                                //!< unused slots
    std::size_t m_callCount = 0;                                      //!< slots in use
    std::deque<std::pair<uint32_t, Ptr<Packet>>> m_signallingQueue;   //!< awaiting the processor
    CoRoutingTable m_routes;                                          //!< longest prefix wins
    std::array<CoTimerQueue, 4> m_timers; //!< T303, T310, T308, T301 (see TimerQueue())

    // Configuration (attributes)
    Time m_t303;                       //!< SETUP sent downstream, awaiting a response
    Time m_t308;                       //!< RELEASE sent, awaiting RELEASE COMPLETE
    Time m_t310;                       //!< CALL PROCEEDING received, awaiting CONNECT
    Time m_t301;                       //!< ALERTING received, awaiting CONNECT
    Time m_t316;                       //!< RESTART sent, awaiting RESTART ACKNOWLEDGE
    uint8_t m_restartAttempts;         //!< RESTART messages sent at most per restart
    Time m_t309;                       //!< a port's signalling AAL down, active calls waiting
    double m_admissibleFraction;       //!< share of each port's cell rate that may be reserved
    bool m_crankback;                  //!< try the next route when one refuses
    uint16_t m_minVci;                 //!< lowest VCI for calls (0..31 are reserved)
    uint16_t m_maxVci;                 //!< highest VCI for calls
    AesaAddress m_prefix;              //!< network prefix of the hosts on this switch
    Time m_t322;                       //!< STATUS ENQUIRY sent, awaiting STATUS
    uint8_t m_n322;                    //!< most STATUS ENQUIRY messages sent per enquiry
    UpcAction m_upc = UpcAction::None; //!< what policing does with non-conforming frames
    Time m_upcCdvt;                    //!< CDVT of the policers

    /// By VciKey of the input VC, the policers (only with UPC on).
    absl::flat_hash_map<uint64_t, Policer> m_policers;
    /// By input port, what its policers found (sized when the first is made).
    std::vector<PolicingStats> m_portPolicing;

    /// One outstanding STATUS ENQUIRY (T322) of a call leg.
    struct Enquiry
    {
        EventId timer;    //!< T322
        uint8_t sent = 0; //!< STATUS ENQUIRY messages sent so far
    };

    /// By leg (2 * call id + leg), the outstanding enquiries: few or none,
    /// so a call slot does not carry a T322 of its own.
    absl::flat_hash_map<uint32_t, Enquiry> m_enquiries;
    /// By call id, the diagnostics of a release cause passed on from the far
    /// end (rare: a cause's value and location fit in the call's slot).
    absl::flat_hash_map<uint32_t, std::vector<uint8_t>> m_releaseDiagnostics;

    /// By root slot, the multipoint calls' branches and party routes.
    absl::flat_hash_map<uint32_t, Multipoint> m_multipoint;
    /// By slot, the root slot of each attached branch (the root's own slot
    /// too, while its downstream leg is a branch).
    absl::flat_hash_map<uint32_t, uint32_t> m_branchRoot;
    /// The parties on every interface, keyed by PartyKey().
    Q2971PartyTable m_parties;
    Time m_t397; //!< PARTY ALERTING received, awaiting the add's end
    Time m_t398; //!< DROP PARTY sent, awaiting DROP PARTY ACKNOWLEDGE
    Time m_t399; //!< ADD PARTY sent, awaiting an answer

    /// Leaf-initiated join: by (root address, LIJ call identifier), the root
    /// slot of each call leaves may join (few: a map, not a hash table)
    std::map<std::pair<AesaAddress, uint32_t>, uint32_t> m_leafJoinCalls;
    /// By ReferenceKey() of the port and call reference it came with, the
    /// LEAF SETUP REQUEST messages passed on or joined here, until answered
    absl::flat_hash_map<uint64_t, LeafSetup> m_leafSetups;
    uint32_t m_nextLeafSetupReference = 0; //!< where the search for a request's reference resumes
    Time m_leafSetupRecordTime;            //!< how long a request's record waits for its answer
    TracedCallback<uint32_t, uint32_t, uint32_t> m_leafSetupForwardedTrace; //!< LeafSetupForwarded
    TracedCallback<uint64_t, uint32_t, uint32_t> m_networkJoinTrace;        //!< NetworkJoin

    // Trace sources (SignallingRx and SignallingTx, which fire on every
    // message, are with the state above)
    TracedCallback<uint32_t, uint32_t, const CoCallParameters&, uint8_t> m_admissionTrace;
    TracedCallback<uint32_t, uint16_t, uint32_t, uint16_t> m_crossConnectAddTrace;
    TracedCallback<uint32_t, uint16_t, uint32_t, uint16_t> m_crossConnectRemoveTrace;
    TracedCallback<Ptr<const Packet>> m_dataDropTrace;
    /// Policing: the frame, its input port and VCI, the verdict
    TracedCallback<Ptr<const Packet>, uint32_t, uint16_t, PolicingVerdict> m_policingTrace;
    TracedCallback<uint64_t, uint32_t, uint32_t> m_routedTrace;
    TracedCallback<uint64_t, uint32_t, uint8_t> m_crankbackTrace;
    TracedCallback<uint32_t, const Q2931Header&, uint8_t> m_protocolErrorTrace;
    /// RestartComplete: the port, and whether the far side acknowledged
    TracedCallback<uint32_t, bool> m_restartCompleteTrace;
    TracedCallback<uint32_t, bool> m_signallingOutageEndedTrace;
    TracedCallback<uint64_t, uint32_t, uint16_t> m_partyAddedTrace;            //!< PartyAdded
    TracedCallback<uint64_t, uint32_t, uint16_t, uint8_t> m_partyDroppedTrace; //!< PartyDropped
    TracedCallback<uint64_t, uint32_t> m_branchAddedTrace;                     //!< BranchAdded
    TracedCallback<uint64_t, uint32_t> m_branchReleasedTrace;                  //!< BranchReleased
};

} // namespace ns3

#endif /* CO_SWITCH_H */
