/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_NET_DEVICE_H
#define CO_NET_DEVICE_H

#include "aesa-address.h"
#include "co-call-parameters.h"
#include "co-handle.h"
#include "co-leaf-join.h"
#include "co-port-net-device.h"
#include "co-rule-checker.h"
#include "co-sap.h"
#include "co-status.h"
#include "co-vc-scheduler.h"
#include "q2931-call-procedures.h"
#include "q2931-header.h"
#include "q2931-interface-restart.h"
#include "q2931-signalling-aal-failure.h"
#include "q2971-party-table.h"
#include "saal-endpoint.h"
#include "uni40-leaf-sequence-number-ie.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <absl/container/flat_hash_map.h>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The handlers a client registers when it opens the address family:
 *        the ProtocolClXxx entry points of a CoNDIS client.
 *
 * Every handler may be left null; a client that pends nothing needs few.
 */
struct CoClientHandlers
{
    /// ProtocolClRegisterSapComplete: a pended RegisterSap finished.
    Callback<void, CoStatus, CoSapHandle> registerSapComplete;
    /// ProtocolClMakeCallComplete: a MakeCall finished, with the granted parameters.
    Callback<void, CoStatus, CoVcHandle, const CoCallParameters&> makeCallComplete;
    /// ProtocolClMakeCallComplete with its NdisPartyHandle, for a client that
    /// makes point-to-multipoint calls: when set, such a call's MakeCall
    /// completes here instead of in makeCallComplete, with the first party's
    /// handle (the one MakeCall gave): active on success, already invalid on
    /// failure (the device has freed its state for the party, its
    /// CallMgrPartyContext, before telling).
    Callback<void, CoStatus, CoVcHandle, CoPartyHandle, const CoCallParameters&>
        makeMultipointCallComplete;
    /// ProtocolClIncomingCall: a call for one of the client's SAPs. Return
    /// Success to accept, Pending to answer later with IncomingCallComplete,
    /// anything else to reject (its cause, or "call rejected", goes to the caller).
    /// Accepting, it may lower the offered rates in place (never raise them,
    /// nor go below the caller's minimum: see IncomingCallComplete).
    Callback<CoStatus, CoSapHandle, CoVcHandle, CoCallParameters&> incomingCall;
    /// ProtocolClCallConnected: an accepted incoming call is connected; data may flow.
    Callback<void, CoVcHandle> callConnected;
    /// The called user is being alerted (Q.2931 ALERTING reached the caller):
    /// a pended MakeCall goes on, MakeCallComplete follows. CoNDIS has no
    /// such handler; the model adds it so that a caller's client can tell
    /// "ringing" from "still being routed".
    Callback<void, CoVcHandle> callAlerting;
    /// ProtocolClIncomingCloseCall: the network released the call; answer with CloseCall.
    Callback<void, CoStatus, CoVcHandle> incomingCloseCall;
    /// ProtocolClCloseCallComplete: a pended CloseCall finished.
    Callback<void, CoStatus, CoVcHandle> closeCallComplete;
    /// ProtocolCoReceiveNetBufferLists: an AAL5 SDU arrived on a connected VC.
    Callback<void, CoVcHandle, Ptr<Packet>> receive;
    /// ProtocolClDeregisterSapComplete: a pended DeregisterSap finished; the
    /// SAP's handle is invalid from then on.
    Callback<void, CoStatus, CoSapHandle> deregisterSapComplete;
    /// ProtocolClCloseAfComplete: a pended CloseAddressFamily finished; the
    /// client's handle is invalid from then on.
    Callback<void, CoStatus, CoClientHandle> closeAddressFamilyComplete;
    /// ProtocolCoCreateVc: the device created a VC for an incoming call, told
    /// before IncomingCall. Return Success to take it (the default when null);
    /// anything else refuses the call (cause 47, resources unavailable).
    Callback<CoStatus, CoVcHandle> createVc;
    /// ProtocolCoDeleteVc: the device deleted a VC it created (its call
    /// ended); the handle is invalid already.
    Callback<void, CoVcHandle> deleteVc;
    /// ProtocolClAddPartyComplete: an AddParty finished. On success the party
    /// is active, with the parameters granted; on failure its handle is
    /// invalid (the parameters are those asked for).
    Callback<void, CoStatus, CoPartyHandle, const CoCallParameters&> addPartyComplete;
    /// ProtocolClDropPartyComplete: a pended DropParty finished; the party's
    /// handle is invalid from then on.
    Callback<void, CoStatus, CoPartyHandle> dropPartyComplete;
    /// ProtocolClIncomingDropParty: the network dropped a party of a
    /// multipoint call that has others (the end of the last one is
    /// IncomingCloseCall); answer with DropParty, which completes at once.
    Callback<void, CoStatus, CoPartyHandle> incomingDropParty;
    /// The party being added is alerted (PARTY ALERTING reached the root): the
    /// add goes on, AddPartyComplete follows. Like callAlerting, an addition
    /// of the model's; CoNDIS has no such handler.
    Callback<void, CoPartyHandle> partyAlerting;
    /// A leaf asks to join the root's multipoint call on the VC (UNI 4.0
    /// root-prompted join; CoNDIS has no such handler). Return Success to
    /// approve: the device adds the leaf as AddParty would, and
    /// AddPartyComplete follows exactly once with the new party's handle.
    /// Return Pending to answer later with IncomingLeafJoinComplete (exactly
    /// once, unless the call ends first, which withdraws the request).
    /// Anything else refuses the join: its cause (or "call rejected") goes
    /// back to the leaf. A null handler refuses every join.
    Callback<CoStatus, CoVcHandle, const AesaAddress&> incomingLeafJoin;
    /// A JoinCall finished: on success the call is connected at the leaf
    /// (an ordinary call from then on: CloseCall leaves it), with the
    /// parameters of the root's call; on failure the VC is idle again (the
    /// leaf setup failure's cause, or 102 when T331 ran out twice).
    Callback<void, CoStatus, CoVcHandle, const CoCallParameters&> joinCallComplete;
    /// Optional (ProtocolCoSendNetBufferListsComplete): with it, every Send
    /// on a connected VC is taken (Send returns Pending) and completes here
    /// exactly once, with the SDU as sent: Success when its frame has left
    /// the NIC (PhyTxEnd); Resources when a queue or limit refused or dropped
    /// it; VcNotActivated when its call closed or its link went down before
    /// it left (all before CloseCallComplete or IncomingCloseCall). Until
    /// then the packet is the device's: sending it again is InvalidData.
    /// Without it, Send's status says at once whether the frame was queued.
    Callback<void, CoStatus, CoVcHandle, Ptr<const Packet>> sendComplete;
};

class CoNetDeviceTestAccess;

/**
 * \ingroup condis
 * \brief A NIC with an integrated call manager: the CoNDIS miniport call manager (MCM).
 *
 * Clients (applications on the node) open the address family with their
 * handlers, then register SAPs, create VCs and make or accept calls. Every
 * request that needs the network pends and completes exactly once through
 * the client's handlers. The call manager runs the user side of Q.2931 over
 * the UNI to the switch; the NIC carries AAL5 frames on the VPI/VCI the
 * network assigned, with cell-accurate timing (see CoPortNetDevice).
 *
 * The contract, as the rule checker enforces it:
 * - MakeCall pends; MakeCallComplete reports success only after the VC is
 *   activated, with the parameters the network granted (modified flagged).
 *   After a failure the call is gone and the client deletes its VC.
 * - An incoming call arrives on a VC the device created and activated; the
 *   client accepts, rejects or pends its answer. The device deletes the VC
 *   when the call ends. Accepting, the client may lower the offered rates,
 *   never raise them or go below the caller's minimum (AnswerOutsideOffer;
 *   the call is cleared with cause 73).
 * - CloseCall pends until the release completes. After IncomingCloseCall the
 *   client answers with CloseCall, which completes at once. A release of a
 *   call still offered (the client's answer pended) is indicated at once too:
 *   the offer is withdrawn, its VCI freed, and no answer is due.
 * - The device tells the client of the VCs it creates and deletes (createVc,
 *   deleteVc handlers).
 * - Data moves only on a connected call; a VC is deleted by its creator. A
 *   client VC whose call failed is reused or deleted before the run ends
 *   (IdleVcNeverDeleted).
 * - DeregisterSap and CloseAddressFamily may pend, and complete exactly once.
 * - Multipoint calls (the root's side; a leaf's call is an ordinary incoming
 *   call): MakeCall with a party makes one, and gives the first party's
 *   handle at once, invalid again if the call fails. AddParty pends and
 *   completes exactly once; a failed party's handle is invalid. DropParty
 *   pends until the network acknowledges; the handle is invalid once it
 *   completed. A party the network drops is indicated with
 *   IncomingDropParty while others remain, answered with DropParty; the last
 *   party's end is IncomingCloseCall. The client drops every party but the
 *   last (DropLastParty otherwise), then closes the call (CloseWithParties
 *   while others remain).
 */
class CoNetDevice : public CoPortNetDevice
{
  public:
    /// The states of a VC's call, as the client sees them.
    enum class CallState : uint8_t
    {
        Idle,           //!< no call: a fresh client VC, or one whose call ended
        Calling,        //!< MakeCall pended, SETUP sent
        Offered,        //!< incoming call dispatched, the client's answer outstanding
        Accepting,      //!< incoming call accepted, CONNECT sent, awaiting CONNECT ACK
        Connected,      //!< data may flow
        Closing,        //!< CloseCall pended, RELEASE sent
        RemotelyClosed, //!< IncomingCloseCall indicated, the client's CloseCall outstanding
        Joining,        //!< JoinCall pended: LEAF SETUP REQUEST sent, then the call's
                        //!< SETUP taken and CONNECT sent, awaiting CONNECT ACK
    };

    /// The states of a party of a multipoint call, as the root's client sees them.
    enum class PartyState : uint8_t
    {
        None,            //!< no such party (its handle is invalid)
        Adding,          //!< MakeCall or AddParty pended for it
        Active,          //!< added: the party receives what the root sends
        Dropping,        //!< DropParty pended, DROP PARTY sent
        RemotelyDropped, //!< IncomingDropParty indicated, the client's DropParty outstanding
    };

    /// What AddParty does with a party whose traffic parameters differ from
    /// the VC's (the three choices CoNDIS gives a call manager).
    enum class PartyParametersPolicy : uint8_t
    {
        ResetToVc,    //!< the party gets the VC's parameters (reported as modified)
        ChangeForAll, //!< the VC takes the party's parameters, for every party, when
                      //!< they ask for no more than the network granted
        Reject,       //!< the add is refused at once (cause 73)
    };

    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoNetDevice();
    ~CoNetDevice() override;

    // Delete copy constructor and assignment operator to avoid misuse
    CoNetDevice(const CoNetDevice&) = delete;
    CoNetDevice& operator=(const CoNetDevice&) = delete;

    /// \return this NIC's AESA
    AesaAddress GetAesa() const;

    /// \param address this NIC's AESA
    void SetAesa(const AesaAddress& address);

    /**
     * \name The client interface (NdisClXxx / NdisCoXxx)
     * @{
     */

    /**
     * \brief Opens the address family: a client introduces its handlers.
     * \param handlers the client's entry points
     * \return the client's handle
     */
    CoClientHandle OpenAddressFamily(const CoClientHandlers& handlers);

    /**
     * \brief Closes the address family: the client goes away (NdisClCloseAddressFamily).
     *
     * Completes at once when the client holds no VC (of its own, or one the
     * device created for a call to it) and no SAP (registered, registering or
     * deregistering); otherwise it pends until the client has closed its
     * calls, deleted its VCs and deregistered its SAPs, and then completes
     * exactly once (closeAddressFamilyComplete, CloseAddressFamilyComplete
     * trace source). While it pends the client may create no VC, register no
     * SAP and make no call (InvalidState); calls to its SAPs are still offered
     * until they are deregistered. Once it completed, the client's handle is
     * invalid (StaleHandle when used).
     *
     * \param client the client
     * \return Success, Pending, InvalidState (already closing), or
     *         InvalidData for a handle that is not open (StaleHandle)
     */
    CoStatus CloseAddressFamily(CoClientHandle client);

    /**
     * \brief Registers a SAP: the client will be offered calls to matching addresses.
     *
     * Completes at once, or pends when the SapRegistrationDelay attribute is
     * not zero. A SAP identical to one already registered (by any client)
     * fails with InvalidData; a failed SAP's handle is invalid.
     *
     * \param client the client
     * \param sap the address pattern
     * \param [out] handle the SAP's handle (invalid after a failure)
     * \return Success, Pending, InvalidData or InvalidState
     */
    CoStatus RegisterSap(CoClientHandle client, const CoSap& sap, CoSapHandle& handle);

    /**
     * \brief Deregisters a SAP (NdisClDeregisterSap); calls already offered continue.
     *
     * The SAP matches no new call from the moment it is asked. The
     * deregistration completes at once, or pends while the
     * SapDeregistrationDelay attribute runs or while a call to the SAP is
     * offered (its answer outstanding); a pended one completes exactly once
     * (deregisterSapComplete, DeregisterSapComplete trace source). The handle
     * is invalid once it completes.
     *
     * \param sap the SAP's handle
     * \return Success, Pending; InvalidState while its registration pends or
     *         its deregistration already does; InvalidData for a handle that
     *         is not registered (StaleHandle)
     */
    CoStatus DeregisterSap(CoSapHandle sap);

    /**
     * \brief Creates a VC for an outgoing call.
     * \param client the client
     * \param [out] vc the new VC's handle
     * \return Success, or Resources when MaxVcs VCs exist
     */
    CoStatus CreateVc(CoClientHandle client, CoVcHandle& vc);

    /**
     * \brief Deletes a VC the client created; its handle is invalid afterwards.
     * \param vc the VC
     * \return Success; InvalidState if it still has a call or the device created it
     */
    CoStatus DeleteVc(CoVcHandle vc);

    /**
     * \brief Places a call on an idle client-created VC.
     * \param vc the VC
     * \param parameters what to ask for; calledParty must be set
     * \return Pending (MakeCallComplete follows exactly once), or an error at
     *         once (InvalidData, InvalidState; Failure with cause 38 while the
     *         link is down, which the MakeCallRefused trace source reports:
     *         such an attempt has a call id, GetCallId(), like a placed call)
     */
    CoStatus MakeCall(CoVcHandle vc, const CoCallParameters& parameters);

    /**
     * \brief Places a point-to-multipoint call (Q.2971) on an idle
     *        client-created VC, to its first party, \p parameters' called party.
     *
     * As MakeCall(vc, parameters), and the first party's handle is given at
     * once. The call has no backward direction: \p parameters must ask for
     * no backward rate (InvalidData otherwise). After MakeCallComplete with
     * success the party is active; after a failure its handle is invalid.
     *
     * \param vc the VC
     * \param parameters what to ask for; calledParty is the first party
     * \param [out] party the first party's handle (invalid unless Pending is returned)
     * \return as MakeCall(vc, parameters)
     */
    CoStatus MakeCall(CoVcHandle vc, const CoCallParameters& parameters, CoPartyHandle& party);

    /**
     * \brief As MakeCall(vc, parameters, party), for a call leaves may ask to
     *        join (ATM Forum UNI 4.0 leaf-initiated join): the SETUP carries
     *        the LIJ call identifier, and for CoLeafJoinMode::NetworkJoin the
     *        LIJ parameters (network join without root notification).
     *
     * Root-prompted joins reach the client through incomingLeafJoin while
     * the call is connected. Network joins never reach the root: its party
     * handles, its Q.2971 party table and its UNI see none of those leaves
     * (UNI 4.0: the root is not told); they leave when the call ends.
     *
     * \param vc the VC
     * \param parameters what to ask for; calledParty is the first party
     * \param [out] party the first party's handle (invalid unless Pending is returned)
     * \param join the call's identifier and join mode
     * \return as MakeCall(vc, parameters, party); InvalidData also when
     *         another call of this device has the identifier
     */
    CoStatus MakeCall(CoVcHandle vc,
                      const CoCallParameters& parameters,
                      CoPartyHandle& party,
                      const CoLeafJoin& join);

    /**
     * \brief A leaf asks to join a root's multipoint call (ATM Forum UNI 4.0
     *        leaf-initiated join), on an idle client-created VC.
     *
     * Pends: LEAF SETUP REQUEST goes to the root's address with the call's
     * identifier and a fresh leaf sequence number, and T331 runs (on its
     * first expiry the request is sent again, on the second the join fails
     * with cause 102). JoinCallComplete follows exactly once: success when
     * the SETUP carrying the request's sequence number arrived and its call
     * is connected at the leaf (the device accepts it: no IncomingCall, and
     * no SAP is needed); failure with the cause of a LEAF SETUP FAILURE, of
     * the release of the joining call, or 102 after T331. After a failure
     * the client reuses or deletes the VC.
     *
     * \param vc an idle VC the client created
     * \param root the root's address (the request is routed by it)
     * \param callIdentifier the root's identifier of the call
     * \return Pending; InvalidState for a VC not idle or not the client's,
     *         and while another VC of the device is joining or has joined
     *         the same call (a leaf is one party of a call); InvalidData for
     *         a null root address; Failure (cause 38) while the UNI cannot
     *         signal
     */
    CoStatus JoinCall(CoVcHandle vc, const AesaAddress& root, uint32_t callIdentifier);

    /**
     * \brief Answers a leaf's request to join that incomingLeafJoin pended.
     *
     * Success approves it: the device adds the leaf as AddParty would, and
     * AddPartyComplete follows exactly once with the new party's handle (or
     * the join is refused with AddParty's cause when it cannot be added).
     * Anything else refuses it: LEAF SETUP FAILURE with the status's cause
     * (21, call rejected, if it has none). A completion for a leaf with no
     * pended request on \p vc (answered already, or withdrawn because the
     * call ended) is CompletedTwice; Pending is CompletedWithPending.
     *
     * \param status the answer
     * \param vc the root's VC, as incomingLeafJoin named it
     * \param leaf the leaf, as incomingLeafJoin named it
     */
    void IncomingLeafJoinComplete(CoStatus status, CoVcHandle vc, const AesaAddress& leaf);

    /**
     * \brief Adds a party to a connected multipoint call (NdisClAddParty).
     *
     * Pends (ADD PARTY goes out; T399), and AddPartyComplete follows exactly
     * once: success when the party is added, with the parameters it has;
     * failure with the network's or the party's cause, its handle invalid.
     * Parameters other than the VC's are handled as the PartyParametersPolicy
     * attribute says.
     *
     * \param vc the VC of a connected multipoint call
     * \param parameters the party: calledParty names it; the traffic parameters
     * \param [out] party the new party's handle (invalid unless Pending is returned)
     * \return Pending; InvalidState when the VC has no connected multipoint
     *         call; InvalidData for bad parameters; NotAccepted (cause 73) when
     *         the policy rejects them; Failure (cause 38) while the UNI cannot
     *         signal; Resources when no endpoint reference is free
     */
    CoStatus AddParty(CoVcHandle vc, const CoCallParameters& parameters, CoPartyHandle& party);

    /**
     * \brief Drops a party of a multipoint call (NdisClDropParty), or answers
     *        IncomingDropParty.
     *
     * Pends until the network acknowledges (DROP PARTY, T398), then
     * DropPartyComplete; after IncomingDropParty it completes at once. The
     * last party of a call is not dropped but closed with the call
     * (CloseCall; DropLastParty is counted).
     *
     * \param party the party
     * \return Pending, or Success after IncomingDropParty; InvalidState for
     *         the last party, a party being added or already dropping;
     *         InvalidData for a handle that is not valid (StaleHandle)
     */
    CoStatus DropParty(CoPartyHandle party);

    /**
     * \brief CloseCall for a multipoint call, naming its last party
     *        (NdisClCloseCall's party handle).
     * \param vc the VC
     * \param lastParty the call's one remaining party
     * \return as CloseCall(vc); InvalidData when \p lastParty is not a party
     *         of the VC (StaleHandle)
     */
    CoStatus CloseCall(CoVcHandle vc, CoPartyHandle lastParty);

    /**
     * \brief Answers an incoming call the client pended.
     * \param status Success to accept, a failure to reject (never Pending)
     * \param vc the VC the call was offered on
     * \param parameters the accepted parameters: they may only lower the
     *        offered rates (CoCallParameters::CheckAnswer()), never below the
     *        caller's minimum; any other answer is counted as AnswerOutsideOffer
     *        and clears the call with cause 73 (the caller's MakeCall fails)
     */
    void IncomingCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters& parameters);

    /**
     * \brief Releases a connected call, or acknowledges an incoming close.
     * \param vc the VC
     * \return Pending for a connected call (CloseCallComplete follows);
     *         Success after IncomingCloseCall; InvalidState otherwise
     */
    CoStatus CloseCall(CoVcHandle vc);

    /**
     * \brief Sends one AAL5 SDU on a connected VC.
     * \param vc the VC
     * \param packet the SDU
     * \return Success; VcNotActivated off a connected call; InvalidData when
     *         larger than the granted maximum SDU; Resources when the queue is full.
     *         For a client with a sendComplete handler, Pending on a connected
     *         call instead, the outcome following there (InvalidData at once
     *         for a packet still pending)
     */
    CoStatus Send(CoVcHandle vc, Ptr<Packet> packet);

    /**
     * \brief Says how the client encapsulates its SDUs on a VC, so that the
     *        frames say it too (the SunATM pseudo-header's traffic type, which
     *        pcap readers decode by): VC-multiplexed (the default) or LLC/SNAP
     *        (RFC 2684). The NIC does not add or check the LLC/SNAP header: the
     *        client's SDUs carry it.
     * \param vc the VC
     * \param type AtmTrafficType::VcMultiplexed or AtmTrafficType::Llc
     * \return Success; InvalidData for another type or a handle that is not
     *         valid (StaleHandle)
     */
    CoStatus SetVcEncapsulation(CoVcHandle vc, AtmTrafficType type);

    /**
     * \param vc the VC
     * \return how its SDUs are encapsulated (VcMultiplexed for a handle that
     *         is not valid)
     */
    AtmTrafficType GetVcEncapsulation(CoVcHandle vc) const;

    /** @} */

    /**
     * \param vc a VC
     * \return the state of its call (Idle for an unknown handle)
     */
    CallState GetCallState(CoVcHandle vc) const;

    /**
     * \param vc a VC
     * \return the parameters of its call (requested, then granted)
     */
    CoCallParameters GetCallParameters(CoVcHandle vc) const;

    /**
     * \brief The end-to-end information of an offered call: the IEs of its
     *        SETUP that the call manager does not act on, as the network
     *        delivered them from the caller (the switches pass them on
     *        unchanged): the AAL parameters, B-LLI, B-HLI, the subaddresses,
     *        IEs unknown to the model that asked to be passed along.
     *
     * For the client to read in its IncomingCall handler, and until it
     * answers (IncomingCallComplete) or the offer is withdrawn. Kept only for
     * calls that carry something beyond their CoCallParameters: an AAL
     * parameters IE with nothing but the SDU sizes and the null SSCS (as
     * MakeCall sends it) does not count. CoCallParameters, of which every VC
     * keeps a copy, holds none of this.
     *
     * \param vc the VC of an offered call
     * \return a message holding those IEs (read it with its getters, e.g.
     *         GetBroadbandLowLayerInformation() or GetOtherIe()); null when
     *         the call carries none, or \p vc has no offered call
     */
    const Q2931Header* GetIncomingCallInformation(CoVcHandle vc) const;

    /**
     * \param vc a VC
     * \return the network-wide identifier of its current or last call (the
     *         CoCallTag its SETUP carried, or the name of an attempt refused
     *         at once), 0 if it never had one
     */
    uint64_t GetCallId(CoVcHandle vc) const;

    /// \return the number of VCs that exist
    std::size_t GetVcCount() const;

    /// \param party a party \return its state (None for an invalid handle)
    PartyState GetPartyState(CoPartyHandle party) const;

    /// \param party a party \return its Q.2971 state (P0..P12) on the UNI
    Q2971PartyState GetQ2971PartyState(CoPartyHandle party) const;

    /// \param vc a VC \return the handles of its call's parties, in the order added
    std::vector<CoPartyHandle> GetParties(CoVcHandle vc) const;

    /// \param party a party \return the VC of its call (invalid for an invalid handle)
    CoVcHandle GetPartyVc(CoPartyHandle party) const;

    /// \param party a party \return its endpoint reference on the UNI (Q.2971;
    ///        0 for the first party, and for an invalid handle)
    uint16_t GetPartyEndpointReference(CoPartyHandle party) const;

    /// \param vc a VC \return whether its call is point-to-multipoint (made by
    ///        MakeCall with a party); false for an unknown handle
    bool IsMultipoint(CoVcHandle vc) const;

    /// \return the number of valid party handles
    std::size_t GetPartyHandleCount() const;

    /// \return the number of JoinCall requests pending or joined (leaf
    ///         side) and of calls leaves may join (root side)
    std::size_t GetLeafJoinCount() const;

    /// \return the number of sends taken for a sendComplete handler and not yet completed
    std::size_t GetPendingSendCount() const;

    /// \return the number of parties on the UNI in a Q.2971 state other than P0
    ///         (including those whose handle is already invalid, e.g. a drop
    ///         awaiting its acknowledgement)
    std::size_t GetQ2971PartyCount() const;

    /**
     * \param vc a VC
     * \return the Q.2931 state (U0..U12) of its call; null when it has none
     */
    Q2931CallState GetQ2931CallState(CoVcHandle vc) const;

    /**
     * \brief Q.2931 5.6.11: asks the network for the state of a VC's call
     *        with STATUS ENQUIRY and runs T322 (resent up to N322 times, then
     *        the call is cleared with cause 41). Nothing is sent while an
     *        enquiry of the call is outstanding.
     * \param vc a VC
     * \return false when the VC has no call
     */
    bool EnquireStatus(CoVcHandle vc);

    /**
     * \brief EnquireStatus() on every call the device holds, e.g. after its
     *        signalling link recovered.
     * \return the number of calls enquired about
     */
    std::size_t EnquireStatus();

    /// \return the number of Q.2931 calls (call references) this device holds
    std::size_t GetCallReferenceCount() const;

    /// \return the rule checker of this device
    const CoRuleChecker& GetRuleChecker() const;

    /// \brief Counts what is still pending as violations (idempotent); call after Simulator::Run().
    void EndOfRun();

    /// \brief Ends a run stopped early: what is still pending is not counted.
    void AbandonRun();

    /// \param state a call state \return its name
    static const char* GetCallStateName(CallState state);

    /// \param state a party state \return its name
    static const char* GetPartyStateName(PartyState state);

    /// \param policy what AddParty does with parameters other than the VC's
    ///        (the PartyParametersPolicy attribute)
    void SetPartyParametersPolicy(PartyParametersPolicy policy);

    /// Why the reassembly of an AAL5 frame failed (cell-level fidelity).
    enum class ReassemblyError : uint8_t
    {
        CellLoss, //!< some of its cells were lost on the way (its CRC-32 fails)
        Merged,   //!< it ran into the cells of a frame that lost its last cell
    };

    /**
     * \param error a reassembly error
     * \return the SDUs this NIC threw away for it, over all its VCs
     */
    uint64_t GetReassemblyDrops(ReassemblyError error) const
    {
        return m_reassemblyDrops[static_cast<std::size_t>(error)];
    }

    /// TracedCallback signature of ReassemblyDrop: the SDU, its VC, why.
    typedef void (*ReassemblyDropTracedCallback)(Ptr<const Packet> sdu,
                                                 CoVcHandle vc,
                                                 ReassemblyError error);

    /// TracedCallback signature for VC events.
    typedef void (*VcTracedCallback)(CoVcHandle vc);
    /// TracedCallback signature of RestartComplete: whether the network acknowledged.
    typedef void (*RestartTracedCallback)(bool acknowledged);
    /// TracedCallback signature of SignallingOutageEnded: true when the
    /// signalling AAL came back before T309 ran out.
    typedef void (*SignallingOutageTracedCallback)(bool recovered);
    /// TracedCallback signature for requests and offers with call parameters.
    typedef void (*CallParametersTracedCallback)(CoVcHandle vc, const CoCallParameters& p);
    /// TracedCallback signature for completions.
    typedef void (*CompletionTracedCallback)(CoVcHandle vc, CoStatus status);
    /// TracedCallback signature for completions with call parameters.
    typedef void (*CompletionParametersTracedCallback)(CoVcHandle vc,
                                                       CoStatus status,
                                                       const CoCallParameters& p);
    /// TracedCallback signature for SAP registration completions.
    typedef void (*SapCompletionTracedCallback)(CoSapHandle sap, CoStatus status);
    /// TracedCallback signature for address family completions.
    typedef void (*ClientCompletionTracedCallback)(CoClientHandle client, CoStatus status);
    /// TracedCallback signature for signalling messages.
    typedef void (*MessageTracedCallback)(const Q2931Header& message);
    /// TracedCallback signature for protocol errors: the message answered and the cause.
    typedef void (*ProtocolErrorTracedCallback)(const Q2931Header& message, uint8_t cause);
    /// TracedCallback signature for rule violations.
    typedef void (*RuleViolationTracedCallback)(CoRule rule, const std::string& detail);
    /// TracedCallback signature for party events.
    typedef void (*PartyTracedCallback)(CoPartyHandle party);
    /// TracedCallback signature for SDUs sent or received on a VC.
    typedef void (*SduTracedCallback)(Ptr<const Packet> sdu, CoVcHandle vc);
    /// TracedCallback signature for SDUs refused on a connected VC, with Send's status.
    typedef void (*SduRefusedTracedCallback)(Ptr<const Packet> sdu, CoVcHandle vc, CoStatus status);
    /// TracedCallback signature for party requests with call parameters.
    typedef void (*PartyParametersTracedCallback)(CoPartyHandle party, const CoCallParameters& p);
    /// TracedCallback signature for party completions and indications.
    typedef void (*PartyCompletionTracedCallback)(CoPartyHandle party, CoStatus status);
    /// TracedCallback signature for party completions with call parameters.
    typedef void (*PartyCompletionParametersTracedCallback)(CoPartyHandle party,
                                                            CoStatus status,
                                                            const CoCallParameters& p);
    /// TracedCallback signature of JoinCall: the VC, the root, the call identifier.
    typedef void (*JoinCallTracedCallback)(CoVcHandle vc,
                                           const AesaAddress& root,
                                           uint32_t callIdentifier);
    /// TracedCallback signature of IncomingLeafJoin: the root's VC, the
    /// leaf, and the client's answer (or the device's refusal).
    typedef void (*IncomingLeafJoinTracedCallback)(CoVcHandle vc,
                                                   const AesaAddress& leaf,
                                                   CoStatus answer);

    // NetDevice: an MCM NIC carries data only on VCs, through the client interface.
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;

  protected:
    void DoDispose() override;
    void HandleFrame(Ptr<Packet> sdu, const AtmFrameHeader& header) override;

  private:
    /// Reaches into the device for tests of rules that no client can break
    /// (test/co-rule-checker-test.cc); not part of the API.
    friend class CoNetDeviceTestAccess;

    /// One VC.
    struct Vc
    {
        CoClientHandle client;             //!< owner (the creator, or the SAP's client)
        CoSapHandle sap;                   //!< for incoming calls, the SAP that matched
        bool createdByDevice = false;      //!< incoming-call VCs are the device's
        bool active = false;               //!< activated (ActivateVc) for data transfer
        CallState state = CallState::Idle; //!< the call's state
        uint32_t callKey = 0;              //!< key of its call in m_calls (0: none)
        uint16_t vci = 0;                  //!< VCI on the UNI (VPI is 0)
        uint8_t failedCause = 0;           //!< cause of its failed call, until reused or deleted
        bool callFailed = false;           //!< its last MakeCall failed; the client owes a
                                           //!< DeleteVc or a new MakeCall (IdleVcNeverDeleted)
        bool multipoint = false;           //!< its call (made by MakeCall with a party) is
                                           //!< point-to-multipoint: see m_parties
        bool merging = false;              //!< a frame lost its last cell: the cells that
                                           //!< came run into the next (cell level)
        /// how its SDUs are encapsulated: the frames' traffic type
        AtmTrafficType encapsulation = AtmTrafficType::VcMultiplexed;
        uint64_t callId = 0;         //!< the network-wide name of its call
        CoCallParameters parameters; //!< requested, then granted
    };

    /**
     * \brief AAL5 reassembly of an SDU that may have lost cells (cell level):
     *        one that did (CoCellLossTag) or follows one that lost its last
     *        cell is thrown away (ReassemblyDrop).
     * \param v its VC
     * \param vc its handle
     * \param sdu the SDU
     * \return whether it is whole and goes up
     */
    bool Reassemble(Vc& v, CoVcHandle vc, Ptr<Packet> sdu);

    /// One Q.2931 call reference on the UNI.
    struct Call
    {
        uint32_t callReference = 0; //!< 23-bit value
        bool weAllocated = false;   //!< true for our outgoing calls
        CoVcHandle vc;              //!< the VC, or invalid once detached
        EventId timer;              //!< the one Q.2931 timer running, if any
        uint8_t timerExpiries = 0;  //!< expiries of the running timer so far
        Q2931MessageType timerFor = Q2931MessageType::Setup; //!< what the timer guards
        uint8_t cause = 0;                                   //!< cause of a release in progress
        uint64_t callId = 0;   //!< the call's network-wide name (CoCallTag)
        bool alerting = false; //!< ALERTING sent (callee, U7) or received (caller, U4)
    };

    /// One outstanding STATUS ENQUIRY (T322) of a call.
    struct Enquiry
    {
        EventId timer;    //!< T322
        uint8_t sent = 0; //!< STATUS ENQUIRY messages sent so far
    };

    /// What a Q.2931 timer guards, so its expiry knows what to do.
    void StartTimer(uint32_t callKey, Q2931MessageType sent, Time duration);
    void StopTimer(Call& call);
    void TimerExpired(uint32_t callKey);

    /// \return the key of a call reference in m_calls
    static uint32_t CallKey(uint32_t callReference, bool weAllocated)
    {
        return (callReference << 1) | (weAllocated ? 1 : 0);
    }

    /// \return the PartyParametersPolicy attribute's value
    int GetPartyParametersPolicyValue() const;
    /// \param policy the PartyParametersPolicy attribute's value, as an int
    void SetPartyParametersPolicyValue(int policy);
    /// MakeCall, of a multipoint call when \p party is not null, which
    /// leaves may join when \p join is not null.
    CoStatus MakeCall(CoVcHandle vc,
                      const CoCallParameters& parameters,
                      CoPartyHandle* party,
                      const CoLeafJoin* join = nullptr);
    Vc* FindVc(CoVcHandle vc, const char* operation);
    CoVcHandle NewVc(CoClientHandle client, bool byDevice);
    void DestroyVc(CoVcHandle vc);
    void ActivateVc(CoVcHandle vc, uint16_t vci);
    void DeactivateVc(CoVcHandle vc);

    Call& NewCall(uint32_t callReference, bool weAllocated, CoVcHandle vc);
    void ForgetCall(uint32_t callKey);
    void SendMessage(const Call& call, Q2931MessageType type, uint8_t cause = 0);
    void SendMessage(const Q2931Header& message, uint64_t callId = 0);
    /// Sends the SETUP of our outgoing \p call, the first time and when T303
    /// sends it again: one builder, so that the second is the first again
    /// (Q.2931 5.1.1), a multipoint call's Q.2971 and UNI 4.0 IEs included.
    void SendSetup(const Call& call);

    void ReceiveMessage(const Q2931Header& message, uint64_t callId);
    void ReceiveSetup(const Q2931Header& message, uint64_t callId);
    // The handlers of a message for a known call are given its VC as
    // ReceiveMessage() found it (CallVc()), to look it up once per message.

    /// CALL PROCEEDING or ALERTING for our call: \return its VC \p v, its
    /// VCI noted if the message names it; nullptr when the call is not being made
    Vc* NoteProgress(const Call& call, Vc* v, const Q2931Header& message);
    void ReceiveCallProceeding(Call& call, Vc* v, const Q2931Header& message);
    void ReceiveAlerting(Call& call, Vc* v, const Q2931Header& message);
    void ReceiveConnect(Call& call, Vc* v, const Q2931Header& message);
    void ReceiveConnectAcknowledge(Call& call, Vc* v);
    /// Clears our call after a CONNECT it cannot take: RELEASE with \p cause,
    /// and MakeCall completes with it.
    void ClearConnectingCall(Call& call, uint8_t cause);
    /// RELEASE for a call in \p state (its Q.2931 state).
    void ReceiveRelease(Call& call,
                        Q2931CallState state,
                        const Q2931Header& message,
                        const Q2931CallProcedures::Verdict& answer);
    void ReceiveReleaseComplete(Call& call, const Q2931Header& message);
    void CallReleasedByNetwork(CoVcHandle vc, uint8_t cause);
    void LinkChanged();
    /// Ends every call here and now (only those in the Active state, or only
    /// the others, if \p active is given: Q.2931 5.6.10), sending nothing;
    /// each client told with \p cause.
    void ClearCalls(uint8_t cause, std::optional<bool> active = std::nullopt);
    /// The signalling AAL failed or came back (CoPortNetDevice::IsSignallingUp()).
    void SignallingChanged();
    /// STATUS ENQUIRY on every call in the Active state.
    void EnquireActiveCalls();
    /// Q.2931 5.5.1: restarts the interface (RESTART, all VCs; T316).
    void Restart();
    /// RESTART or RESTART ACKNOWLEDGE from the network.
    void ReceiveRestart(const Q2931Header& message);

    /// \return the VC of a call, nullptr when it has none (detached)
    Vc* CallVc(const Call& call);
    /// \return the Q.2931 state (U0..U12) of a call
    Q2931CallState CallStateOf(const Call& call) const;
    /// \return the Q.2931 state of a call whose VC is \p v (see CallVc())
    static Q2931CallState CallStateOf(const Call& call, const Vc* v);
    /// Answers a message the procedures do not let the call act on (Q.2931 5.6).
    void AnswerError(const Call& call,
                     const Q2931Header& message,
                     const Q2931CallProcedures::Verdict& verdict);
    /// Answers a message for a call reference the device does not know (Q.2931 5.6.3.2).
    void AnswerUnknownCallReference(const Q2931Header& message);
    /// Sends STATUS for a call reference: \p state and \p cause.
    void SendStatus(uint32_t callReference,
                    bool weAllocated,
                    Q2931CallState state,
                    const CauseIe& cause);
    /// Q.2931 5.6.12: acts on a STATUS received for a call.
    void ReceiveStatus(Call& call, const Q2931Header& message);
    /// Sends STATUS ENQUIRY for a call and starts T322, unless one is outstanding.
    void EnquireCallStatus(uint32_t callKey);
    /// Stops a call's T322, if it runs.
    void StopStatusEnquiry(uint32_t callKey);
    /// T322 of a call expired.
    void StatusEnquiryExpired(uint32_t callKey);
    /// Clears a call from this side: RELEASE with \p cause, T308, the client told.
    void ClearCall(uint32_t callKey, uint8_t cause);

    void AnswerIncomingCall(CoVcHandle vc, CoStatus status, const CoCallParameters& parameters);
    /// Keeps the end-to-end information of an offered call's SETUP, if any
    /// (see GetIncomingCallInformation()).
    void KeepIncomingCallInformation(CoVcHandle vc,
                                     const Q2931Header& setup,
                                     const CoCallParameters& parameters);
    /// Forgets the end-to-end information of a call no longer offered.
    void ForgetIncomingCallInformation(CoVcHandle vc);
    void CompleteMakeCall(CoVcHandle vc, CoStatus status);
    void CompleteCloseCall(CoVcHandle vc, CoStatus status);
    void CompleteRegisterSap(CoSapHandle sap);
    void SapDeregistrationDelayOver(CoSapHandle sap);
    void TryCompleteDeregisterSap(CoSapHandle sap);
    /// An offered call on \p sap has been answered or released.
    void OfferEnded(CoSapHandle sap);
    /// \return true when \p client holds no VC and no SAP
    bool ClientHoldsNothing(CoClientHandle client) const;
    /// A VC or SAP of \p client went away: a pended close may complete.
    void ClientReleased(CoClientHandle client);
    void TryCompleteCloseAddressFamily(CoClientHandle client);
    /// \return true while \p client's CloseAddressFamily pends
    bool IsClosing(CoClientHandle client) const;
    /**
     * \param request the request's name, for the report
     * \param client the client asking for a new SAP or VC
     * \return Success when \p client may; InvalidData (a StaleHandle
     *         violation) when it has no open address family, InvalidState
     *         while its address family is closing
     */
    CoStatus CheckClientMayOpen(const char* request, CoClientHandle client);
    /// Records that a client VC's call failed (IdleVcNeverDeleted until reused or deleted).
    void CallFailedOnVc(Vc& v, CoStatus status);
    void IndicateIncomingClose(CoVcHandle vc, uint8_t cause);
    void CallEnded(CoVcHandle vc);
    const CoClientHandlers* FindClient(CoClientHandle client) const;

    /// Takes a send for the client's sendComplete handler: Pending, the
    /// outcome (Success, or \p refusal when not Success) following.
    CoStatus PendSend(CoVcHandle vc, Ptr<Packet> packet, CoStatus refusal);
    /// Completes the pending send of \p frame, if any, with \p status.
    void CompleteSend(const Packet* frame, CoStatus status);
    /// Completes every pending send of \p vc with \p status (its call ends).
    void CompleteSendsOfVc(CoVcHandle vc, CoStatus status);
    /// PhyTxEnd: a pending send's frame has left the NIC.
    void SendLeft(Ptr<const Packet> frame);
    /// PhyTxDrop: a pending send's frame was discarded (its VC or link went away).
    void SendDiscarded(Ptr<const Packet> frame);
    /// The scheduler's Drop: a pending send's frame was dropped from its VC's queue.
    void SendDropped(Ptr<const Packet> frame,
                     uint8_t vpi,
                     uint16_t vci,
                     CoVcScheduler::DropReason reason);

    // ---- multipoint calls (co-net-device-parties.cc) ----
    /// One party of a multipoint call, at the root: what its handle stands for.
    struct Party
    {
        CoVcHandle vc;                         //!< the call's VC
        uint16_t reference = 0;                //!< its endpoint reference (allocated here)
        PartyState state = PartyState::Adding; //!< as the client sees it
        CoCallParameters parameters;           //!< asked for, then granted
    };

    /// \return the party of a handle; nullptr (StaleHandle counted) when invalid
    Party* FindParty(CoPartyHandle party, const char* operation);
    /// \return a new party of \p vc's call with endpoint reference \p reference
    CoPartyHandle NewParty(CoVcHandle vc, uint16_t reference, const CoCallParameters& parameters);
    /// Invalidates a party's handle (its Q.2971 state, if any, stays).
    void ForgetParty(CoPartyHandle party);
    /// \return the party of an endpoint reference we allocated on \p callKey's call
    CoPartyHandle FindPartyByReference(uint32_t callKey, uint16_t reference) const;

    /**
     * \param vc a multipoint call's VC
     * \param reference the endpoint reference of one of its parties
     * \return their key in m_partyByReference
     */
    static uint64_t PartyKey(CoVcHandle vc, uint16_t reference)
    {
        return (uint64_t(vc.GetValue()) << 16) | reference;
    }

    /// \return the number of \p vc's parties whose handle is valid
    std::size_t CountParties(CoVcHandle vc) const;
    /// Adds the Q.2971 IEs to the SETUP of a multipoint call.
    static void MakeMultipointSetup(Q2931Header& setup);
    /// Adds the UNI 4.0 IEs to the SETUP of \p vc's call if leaves may join it
    /// (m_leafJoinCalls), nothing otherwise.
    void MakeLeafJoinSetup(Q2931Header& setup, CoVcHandle vc) const;
    /// MakeCall of a multipoint call completed: the first party is active, or gone.
    /// \return the first party's handle (invalid already after a failure)
    CoPartyHandle MakeCallCompleted(Vc& v, CoVcHandle vc, bool success);
    /// A party message (Q.2971) for a call the procedures let act on it.
    void ReceivePartyMessage(Call& call, const Q2931Header& message);
    /// A party message at the leaf of a multipoint call (or on a
    /// point-to-point call): answered, never acted on.
    void ReceiveLeafPartyMessage(const Call& call, const Q2931Header& message);
    /// Sends a party message on a call: its endpoint reference, and \p cause if not 0.
    void SendPartyMessage(const Call& call,
                          Q2971PartyTable::PartyId party,
                          Q2931MessageType type,
                          uint8_t cause = 0);
    /// Drops a party on the UNI (DROP PARTY with \p cause, T398), its handle kept.
    void SendDropParty(uint32_t callKey, Q2971PartyTable::PartyId party, uint8_t cause);
    /// A party timer expired (Q.2971: T399, T397 drop the party; T398 releases it).
    void PartyTimerExpired(uint64_t callKey,
                           Q2971PartyTable::PartyId party,
                           Q2971PartyTable::Timer timer);
    void CompleteAddParty(CoPartyHandle party, CoStatus status);
    void CompleteDropParty(CoPartyHandle party, CoStatus status);
    void IndicateIncomingDropParty(CoPartyHandle party, uint8_t cause);
    /// The network ended a multipoint call (RELEASE, failure): parties being
    /// added fail, drops complete, every active party but one is indicated
    /// with IncomingDropParty (the last goes with IncomingCloseCall).
    void MultipointCallReleased(CoVcHandle vc, uint8_t cause);
    /// The client's CloseCall of a multipoint call ended it: its last handle goes.
    void ForgetParties(CoVcHandle vc);
    /// The endpoint reference a leaf echoes in its answers, if its call is multipoint.
    void AddLeafReference(const Call& call, Q2931Header& message) const;
    /// AddParty, of a leaf that asked to join when \p sequence is not null
    /// (the ADD PARTY carries its leaf sequence number).
    CoStatus AddParty(CoVcHandle vc,
                      const CoCallParameters& parameters,
                      CoPartyHandle& party,
                      const LeafSequenceNumberIe* sequence);

    // ---- leaf-initiated join (co-net-device-leaf-join.cc) ----
    /// A leaf's JoinCall, from LEAF SETUP REQUEST to its completion.
    struct Join
    {
        uint32_t callReference = 0;  //!< of the LEAF SETUP REQUEST (allocated here)
        uint32_t sequence = 0;       //!< its leaf sequence number
        AesaAddress root;            //!< where it goes
        uint32_t callIdentifier = 0; //!< the root's call
        EventId t331;                //!< awaiting the SETUP or the failure
        uint8_t sent = 0;            //!< LEAF SETUP REQUEST messages sent so far
        uint32_t callKey = 0;        //!< the joining call, once its SETUP came (0: not yet)
    };

    /// A leaf's request to join a root's call, as the root answers it.
    struct LeafJoinRequest
    {
        AesaAddress leaf;           //!< who asked
        uint32_t sequence = 0;      //!< its leaf sequence number
        uint32_t callReference = 0; //!< of its LEAF SETUP REQUEST (for the failure)
        uint32_t pended = 0;        //!< the client's answer is owed (rule key); 0: answered
        CoPartyHandle party;        //!< the party it became, once approved
    };

    /// A root's call that leaves may join (MakeCall with a CoLeafJoin).
    struct LeafJoinCall
    {
        CoVcHandle vc;       //!< the call's VC
        CoLeafJoinMode mode; //!< who lets a leaf in: the LIJ parameters IE, or none
        /// Requests pended at the client or approved, while they matter: a
        /// repeat of one (T331) is not asked again, and a leaf that is a
        /// party already is refused. Empty for most calls.
        std::vector<LeafJoinRequest> requests;
    };

    /// Sends (again) a join's LEAF SETUP REQUEST and starts T331.
    void SendLeafSetupRequest(CoVcHandle vc);
    /// T331 of a join expired.
    void LeafSetupTimerExpired(CoVcHandle vc);
    /// Ends a join: JoinCallComplete with \p status, exactly once.
    void CompleteJoinCall(CoVcHandle vc, CoStatus status);
    /// LEAF SETUP REQUEST or FAILURE (UNI 4.0), which no call's reference names.
    void ReceiveLeafSetupMessage(const Q2931Header& message);
    /// A root's answer to a LEAF SETUP REQUEST: LEAF SETUP FAILURE with \p cause.
    void RefuseLeafSetup(const Q2931Header& request, uint8_t cause, uint8_t diagnostic = 0);
    /// As RefuseLeafSetup(request, ...), for a request known by its record.
    void RefuseLeafSetup(const LeafJoinRequest& request, uint8_t cause, uint8_t diagnostic = 0);
    /// The root's answer to a request of \p call: approved (the leaf is
    /// added as a party) or refused (LEAF SETUP FAILURE); the request's record
    /// is kept only while the party is being added or active.
    void AnswerLeafJoin(LeafJoinCall& call, std::size_t request, CoStatus answer);
    /// \return true when \p leaf is a party of \p vc's call being added or active
    bool IsPartyOf(CoVcHandle vc, const AesaAddress& leaf) const;
    /**
     * \brief A SETUP that may answer a pending JoinCall (its leaf sequence number).
     * \return true when it did, and was taken (or refused) for the join
     */
    bool TakeJoiningSetup(const Q2931Header& setup, uint64_t callId);
    /// The root's call on \p vc ended or never was: leaves can no longer join it.
    void ForgetLeafJoinCall(CoVcHandle vc);
    CoSapHandle MatchSap(const AesaAddress& called) const;
    void ReportViolation(CoRule rule, const std::string& detail);

    // Configuration (attributes)
    AesaAddress m_aesa;              //!< this NIC's address
    Time m_sapRegistrationDelay;     //!< 0: RegisterSap completes at once
    Time m_t303;                     //!< SETUP sent, awaiting a response
    Time m_t308;                     //!< RELEASE sent, awaiting RELEASE COMPLETE
    Time m_t310;                     //!< CALL PROCEEDING received, awaiting CONNECT
    Time m_t301;                     //!< ALERTING received, awaiting CONNECT
    bool m_alertWhenPended;          //!< a pended IncomingCall sends ALERTING, not CALL PROCEEDING
    Time m_t313;                     //!< CONNECT sent, awaiting CONNECT ACK
    Time m_t322;                     //!< STATUS ENQUIRY sent, awaiting STATUS
    uint8_t m_n322;                  //!< most STATUS ENQUIRY messages sent per enquiry
    Time m_t316;                     //!< RESTART sent, awaiting RESTART ACKNOWLEDGE
    uint8_t m_restartAttempts;       //!< RESTART messages sent at most per restart
    Q2931InterfaceRestart m_restart; //!< this end's restart of the UNI
    Time m_t309;                     //!< signalling AAL down, active calls waiting
    Q2931SignallingAalFailure m_aalFailure; //!< T309 and what goes with it
    uint32_t m_maxVcs;                      //!< most VCs at once
    PartyParametersPolicy m_partyPolicy;    //!< parties whose parameters differ from the VC's
    Time m_t397;                            //!< PARTY ALERTING received, awaiting the add's end
    Time m_t398;                            //!< DROP PARTY sent, awaiting its acknowledgement
    Time m_t399;                            //!< ADD PARTY sent, awaiting an answer
    Time m_t331;                            //!< LEAF SETUP REQUEST sent, awaiting an answer

    /// 0: DeregisterSap completes at once (unless a call to the SAP is offered)
    Time m_sapDeregistrationDelay;

    // State
    std::map<CoClientHandle, CoClientHandlers> m_clients; //!< open address families
    std::set<CoClientHandle> m_closingClients;            //!< whose CloseAddressFamily pends

    struct Sap
    {
        CoClientHandle client;      //!< owner
        CoSap pattern;              //!< what it matches
        bool registered;            //!< false while its registration pends
        bool deregistering = false; //!< DeregisterSap pends: it matches no call
        bool delayRunning = false;  //!< SapDeregistrationDelay not over yet
    };

    std::map<CoSapHandle, Sap> m_saps;          //!< registered and registering SAPs
    std::unordered_map<CoVcHandle, Vc> m_vcs;   //!< VCs by handle
    std::unordered_map<uint32_t, Call> m_calls; //!< calls by CallKey()
    /// By CallKey(), the outstanding status enquiries: few or none, so a
    /// call does not carry a T322 of its own (made and removed with it).
    absl::flat_hash_map<uint32_t, Enquiry> m_enquiries;
    std::unordered_map<uint16_t, CoVcHandle> m_vcByVci; //!< active VCs by VCI
    /// By VC, the end-to-end information of offered calls that carry any
    /// (see GetIncomingCallInformation()): few calls, for a short while.
    std::unordered_map<CoVcHandle, Q2931Header> m_incomingInformation;
    /// Multipoint calls only: a point-to-point call has no entry in these.
    std::unordered_map<CoPartyHandle, Party> m_parties; //!< the roots' parties, by handle
    /// By VC, its parties' handles in the order added
    std::unordered_map<CoVcHandle, std::vector<CoPartyHandle>> m_partiesOfVc;
    /// By (VC, endpoint reference), its party: an answer names its party by
    /// reference, and a root may have thousands (PartyKey())
    absl::flat_hash_map<uint64_t, CoPartyHandle> m_partyByReference;
    Q2971PartyTable m_partyTable; //!< Q.2971 states and timers, by call key
    /// Leaves: by call key, the endpoint reference a multipoint call's SETUP gave
    std::unordered_map<uint32_t, uint16_t> m_leafReferences;
    /// Leaf-initiated join only: none of these holds anything for other calls.
    /// Leaves: JoinCalls pending, and joined calls until they end, by VC
    std::unordered_map<CoVcHandle, Join> m_joins;
    /// Roots: by LIJ call identifier, a call leaves may join: its VC, and its
    /// join mode, which the SETUP says again if T303 sends it again
    std::unordered_map<uint32_t, LeafJoinCall> m_leafJoinCalls;

    /// A send taken for a client's sendComplete handler.
    struct PendingSend
    {
        uint32_t id = 0;       //!< the rule checker's name for it
        CoVcHandle vc;         //!< the VC it was sent on
        Ptr<const Packet> sdu; //!< the packet, kept until it completes
    };

    /// Clients with a sendComplete handler only: the sends they have pending,
    /// by packet (the frame is the SDU with its header, the same object).
    absl::flat_hash_map<const Packet*, PendingSend> m_sends;
    uint32_t m_sendCompleteClients = 0; //!< clients opened with a sendComplete handler
    uint32_t m_nextSendId = 1;          //!< names pending sends to the rule checker
    bool m_sendTracesConnected = false; //!< SendLeft and the drops listen
    uint32_t m_nextLeafSequence = 1;    //!< leaves: the next leaf sequence number
    uint32_t m_nextHandle = 1;          //!< handles are never reused
    uint32_t m_nextCallReference = 1;   //!< for our outgoing calls
    uint32_t m_callsPlaced = 0;         //!< numbers our call ids
    SaalEndpoint m_saal;                //!< Q.SAAL toward the switch
    CoRuleChecker m_rules;              //!< the contract's referee

    // Trace sources: the call lifecycle, as a ladder diagram would show it
    TracedCallback<CoVcHandle, const CoCallParameters&> m_makeCallTrace;
    TracedCallback<CoVcHandle, CoStatus, const CoCallParameters&> m_makeCallRefusedTrace;
    TracedCallback<CoVcHandle, CoStatus, const CoCallParameters&> m_makeCallCompleteTrace;
    TracedCallback<CoVcHandle, const CoCallParameters&> m_incomingCallTrace;
    TracedCallback<CoVcHandle, CoStatus> m_incomingCallCompleteTrace;
    TracedCallback<CoVcHandle> m_callConnectedTrace;
    TracedCallback<CoVcHandle> m_callAlertingTrace;
    TracedCallback<bool> m_restartCompleteTrace;
    TracedCallback<bool> m_signallingOutageEndedTrace;
    TracedCallback<CoVcHandle> m_closeCallTrace;
    TracedCallback<CoVcHandle, CoStatus> m_closeCallCompleteTrace;
    TracedCallback<CoVcHandle, CoStatus> m_incomingCloseCallTrace;
    TracedCallback<CoSapHandle, CoStatus> m_registerSapCompleteTrace;
    TracedCallback<CoSapHandle, CoStatus> m_deregisterSapCompleteTrace;
    TracedCallback<CoClientHandle, CoStatus> m_closeAddressFamilyCompleteTrace;
    TracedCallback<CoVcHandle> m_createVcTrace;
    TracedCallback<CoVcHandle> m_deleteVcTrace;
    TracedCallback<CoVcHandle> m_vcActivatedTrace;
    TracedCallback<CoVcHandle> m_vcDeactivatedTrace;
    TracedCallback<const Q2931Header&> m_signallingTxTrace;
    TracedCallback<const Q2931Header&> m_signallingRxTrace;
    TracedCallback<CoRule, const std::string&> m_ruleViolationTrace;
    TracedCallback<const Q2931Header&, uint8_t> m_protocolErrorTrace;
    TracedCallback<CoPartyHandle, const CoCallParameters&> m_addPartyTrace;
    TracedCallback<CoPartyHandle, CoStatus, const CoCallParameters&> m_addPartyCompleteTrace;
    TracedCallback<CoPartyHandle> m_partyAlertingTrace;
    TracedCallback<CoPartyHandle> m_dropPartyTrace;
    TracedCallback<CoPartyHandle, CoStatus> m_dropPartyCompleteTrace;
    TracedCallback<CoPartyHandle, CoStatus> m_incomingDropPartyTrace;
    TracedCallback<CoVcHandle, const AesaAddress&, uint32_t> m_joinCallTrace;
    TracedCallback<CoVcHandle, CoStatus, const CoCallParameters&> m_joinCallCompleteTrace;
    TracedCallback<CoVcHandle, const AesaAddress&, CoStatus> m_incomingLeafJoinTrace;
    TracedCallback<Ptr<const Packet>, CoVcHandle> m_vcTxTrace; //!< VcTx
    TracedCallback<Ptr<const Packet>, CoVcHandle> m_vcRxTrace; //!< VcRx
    /// ReassemblyDrop
    TracedCallback<Ptr<const Packet>, CoVcHandle, ReassemblyError> m_reassemblyDropTrace;
    std::array<uint64_t, 2> m_reassemblyDrops{}; //!< SDUs thrown away, by ReassemblyError
    TracedCallback<Ptr<const Packet>, CoVcHandle, CoStatus> m_vcTxRefusedTrace; //!< VcTxRefused
};

/**
 * \ingroup condis
 * \param os output stream
 * \param state a call state
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, CoNetDevice::CallState state);

/**
 * \ingroup condis
 * \param os output stream
 * \param state a party state
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, CoNetDevice::PartyState state);

} // namespace ns3

#endif /* CO_NET_DEVICE_H */
