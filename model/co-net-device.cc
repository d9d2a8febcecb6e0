/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-net-device.h"

#include "atm-frame-header.h"
#include "co-cell-loss-tag.h"
#include "co-ns3-compat.h"
#include "co-vc-scheduler.h"
#include "uni40-lij-call-identifier-ie.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoNetDevice");

NS_OBJECT_ENSURE_REGISTERED(CoNetDevice);

namespace
{
/// Call references are 23 bits; 0 is the dummy call reference.
constexpr uint32_t CALL_REFERENCE_MASK = 0x7fffff;
} // namespace

TypeId
CoNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoNetDevice")
            .SetParent<CoPortNetDevice>()
            .SetGroupName("Condis")
            .AddConstructor<CoNetDevice>()
            // Call manager configuration
            .AddAttribute("Aesa",
                          "This NIC's ATM end system address (the calling party number).",
                          AesaAddressValue(),
                          MakeAesaAddressAccessor(&CoNetDevice::m_aesa),
                          MakeAesaAddressChecker())
            .AddAttribute("SapRegistrationDelay",
                          "How long a SAP registration takes; 0 completes RegisterSap at once, "
                          "anything else pends it.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&CoNetDevice::m_sapRegistrationDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("SapDeregistrationDelay",
                          "How long a SAP deregistration takes; 0 completes DeregisterSap at "
                          "once (unless a call to the SAP is being offered), anything else "
                          "pends it.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&CoNetDevice::m_sapDeregistrationDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("T303",
                          "Q.2931 T303: SETUP sent, awaiting CALL PROCEEDING or CONNECT. "
                          "Retransmit once, then give up.",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&CoNetDevice::m_t303),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T308",
                          "Q.2931 T308: RELEASE sent, awaiting RELEASE COMPLETE. "
                          "Retransmit once, then free the call reference.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&CoNetDevice::m_t308),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T310",
                          "Q.2931 T310 (user side, 30-120 s): CALL PROCEEDING received, "
                          "awaiting CONNECT. On expiry, release the call. Longer than the "
                          "network's T310, so that the network's diagnosis arrives first.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&CoNetDevice::m_t310),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T301",
                          "Q.2931 T301 (user side, at least 3 min): ALERTING received, "
                          "awaiting CONNECT. On expiry, release the call. Longer than the "
                          "network's T301, so that the network's cause (19, no answer from "
                          "user) arrives first.",
                          TimeValue(Seconds(190)),
                          MakeTimeAccessor(&CoNetDevice::m_t301),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AlertWhenPended",
                          "An incoming call whose client pends its answer (IncomingCall "
                          "returns Pending) is answered with ALERTING (the called user is "
                          "being alerted: U7, the network runs T301); false answers with "
                          "CALL PROCEEDING instead (U9, the network runs T310).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CoNetDevice::m_alertWhenPended),
                          MakeBooleanChecker())
            .AddAttribute("T313",
                          "Q.2931 T313: CONNECT sent, awaiting CONNECT ACKNOWLEDGE. "
                          "On expiry, release the call.",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&CoNetDevice::m_t313),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T322",
                          "Q.2931 T322: STATUS ENQUIRY sent, awaiting STATUS. Resent until "
                          "N322 have gone unanswered; then the call is cleared with cause 41.",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&CoNetDevice::m_t322),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("N322",
                          "How many STATUS ENQUIRY messages one status enquiry sends at most "
                          "(the first included) before T322's last expiry clears the call.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&CoNetDevice::m_n322),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("T316",
                          "Q.2931 T316: RESTART sent, awaiting RESTART ACKNOWLEDGE. On expiry, "
                          "RESTART again, up to RestartAttempts in all.",
                          TimeValue(Minutes(2)),
                          MakeTimeAccessor(&CoNetDevice::m_t316),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RestartAttempts",
                          "How many RESTART messages one restart of the interface sends at most "
                          "(the first included) before it is given up.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&CoNetDevice::m_restartAttempts),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("T309",
                          "Q.2931 T309: the signalling AAL failed with the link up. Active "
                          "calls wait this long for it (others are cleared at once); when it "
                          "is back they are checked with STATUS ENQUIRY, else cleared with "
                          "cause 27.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&CoNetDevice::m_t309),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxVcs",
                          "The most VCs (outgoing and incoming) the NIC holds at once.",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&CoNetDevice::m_maxVcs),
                          MakeUintegerChecker<uint32_t>(1))
            // Multipoint calls (Q.2971)
            .AddAttribute("T397",
                          "Q.2971 T397: PARTY ALERTING received, awaiting ADD PARTY "
                          "ACKNOWLEDGE or REJECT; at expiry the party is dropped (cause 102) "
                          "and AddParty fails.",
                          TimeValue(Minutes(3)),
                          MakeTimeAccessor(&CoNetDevice::m_t397),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T398",
                          "Q.2971 T398: DROP PARTY sent, awaiting DROP PARTY ACKNOWLEDGE; at "
                          "expiry the party is released here (DropParty completes).",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&CoNetDevice::m_t398),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T399",
                          "Q.2971 T399: ADD PARTY sent, awaiting an answer for the party; at "
                          "expiry the party is dropped (cause 102) and AddParty fails.",
                          TimeValue(Seconds(14)),
                          MakeTimeAccessor(&CoNetDevice::m_t399),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T331",
                          "ATM Forum UNI 4.0 T331: LEAF SETUP REQUEST sent, awaiting the "
                          "joining call's SETUP or LEAF SETUP FAILURE; the first expiry sends "
                          "the request again, the second fails JoinCall (cause 102).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&CoNetDevice::m_t331),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("PartyParametersPolicy",
                          "What AddParty does when the party's traffic parameters differ from "
                          "the VC's (CoNDIS leaves the choice to the call manager): "
                          "ResetToVc gives the party the VC's (reported as modified); "
                          "ChangeForAll makes the party's the VC's, for every party, when they "
                          "ask for no more than was granted, and refuses the add otherwise; "
                          "Reject refuses the add (cause 73).",
                          EnumValue(static_cast<int>(PartyParametersPolicy::ResetToVc)),
                          CoMakeEnumAccessor<int>(&CoNetDevice::SetPartyParametersPolicyValue,
                                                  &CoNetDevice::GetPartyParametersPolicyValue),
                          MakeEnumChecker(static_cast<int>(PartyParametersPolicy::ResetToVc),
                                          "ResetToVc",
                                          static_cast<int>(PartyParametersPolicy::ChangeForAll),
                                          "ChangeForAll",
                                          static_cast<int>(PartyParametersPolicy::Reject),
                                          "Reject"))
            // The call lifecycle, as seen at the client interface
            .AddTraceSource("MakeCall",
                            "A client asked for a call, and it pended: MakeCallComplete follows.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_makeCallTrace),
                            "ns3::CoNetDevice::CallParametersTracedCallback")
            .AddTraceSource("MakeCallRefused",
                            "A client asked for a valid call and the network refused it at once "
                            "(the access link or its switch down): the VC, the status MakeCall "
                            "returned (with its cause), the parameters asked for. Nothing pended: "
                            "no MakeCallComplete follows.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_makeCallRefusedTrace),
                            "ns3::CoNetDevice::CompletionParametersTracedCallback")
            .AddTraceSource("MakeCallComplete",
                            "A MakeCall completed (success or failure), with the granted "
                            "parameters.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_makeCallCompleteTrace),
                            "ns3::CoNetDevice::CompletionParametersTracedCallback")
            .AddTraceSource("IncomingCall",
                            "An incoming call was dispatched to a client.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_incomingCallTrace),
                            "ns3::CoNetDevice::CallParametersTracedCallback")
            .AddTraceSource("IncomingCallComplete",
                            "A client accepted or rejected an incoming call.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_incomingCallCompleteTrace),
                            "ns3::CoNetDevice::CompletionTracedCallback")
            .AddTraceSource("CallConnected",
                            "An accepted incoming call is connected.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_callConnectedTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            .AddTraceSource("CallAlerting",
                            "ALERTING reached a pended MakeCall: the called user is being "
                            "alerted.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_callAlertingTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            .AddTraceSource("RestartComplete",
                            "A restart of the interface (RESTART sent when the link came back) "
                            "ended: true when RESTART ACKNOWLEDGE came, false when T316 ran out "
                            "RestartAttempts times.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_restartCompleteTrace),
                            "ns3::CoNetDevice::RestartTracedCallback")
            .AddTraceSource("SignallingOutageEnded",
                            "An outage of the signalling AAL alone (the link up) ended: true "
                            "when it came back before T309 ran out (active calls then checked "
                            "with STATUS ENQUIRY), false when T309 ran out (they were cleared).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_signallingOutageEndedTrace),
                            "ns3::CoNetDevice::SignallingOutageTracedCallback")
            .AddTraceSource("CloseCall",
                            "A client asked to release a call.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_closeCallTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            .AddTraceSource("CloseCallComplete",
                            "A pended CloseCall completed.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_closeCallCompleteTrace),
                            "ns3::CoNetDevice::CompletionTracedCallback")
            .AddTraceSource("IncomingCloseCall",
                            "The network released a call; the client was told.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_incomingCloseCallTrace),
                            "ns3::CoNetDevice::CompletionTracedCallback")
            .AddTraceSource("RegisterSapComplete",
                            "A SAP registration completed (at once or after pending).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_registerSapCompleteTrace),
                            "ns3::CoNetDevice::SapCompletionTracedCallback")
            .AddTraceSource("DeregisterSapComplete",
                            "A SAP deregistration completed (at once or after pending); the "
                            "SAP's handle is invalid from then on.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_deregisterSapCompleteTrace),
                            "ns3::CoNetDevice::SapCompletionTracedCallback")
            .AddTraceSource(
                "CloseAddressFamilyComplete",
                "A client's CloseAddressFamily completed (at once or after pending); "
                "its handle is invalid from then on.",
                MakeTraceSourceAccessor(&CoNetDevice::m_closeAddressFamilyCompleteTrace),
                "ns3::CoNetDevice::ClientCompletionTracedCallback")
            .AddTraceSource("CreateVc",
                            "The device created a VC for an incoming call and its client took "
                            "it (ProtocolCoCreateVc), before IncomingCall.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_createVcTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            .AddTraceSource("DeleteVc",
                            "The device deleted a VC it created, its call over, and told its "
                            "client (ProtocolCoDeleteVc).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_deleteVcTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            .AddTraceSource("VcActivated",
                            "A VC was activated for data transfer (NdisMCmActivateVc).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_vcActivatedTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            .AddTraceSource("VcDeactivated",
                            "A VC was deactivated (NdisMCmDeactivateVc).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_vcDeactivatedTrace),
                            "ns3::CoNetDevice::VcTracedCallback")
            // Signalling on the UNI
            .AddTraceSource("SignallingTx",
                            "A Q.2931 message was sent to the network.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_signallingTxTrace),
                            "ns3::CoNetDevice::MessageTracedCallback")
            .AddTraceSource("SignallingRx",
                            "A Q.2931 message was received from the network.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_signallingRxTrace),
                            "ns3::CoNetDevice::MessageTracedCallback")
            .AddTraceSource("ProtocolError",
                            "A message was answered as Q.2931 5.6 prescribes for an unexpected, "
                            "unrecognised or malformed one (STATUS or RELEASE COMPLETE), or a "
                            "STATUS cleared its call: the message, the cause of the answer.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_protocolErrorTrace),
                            "ns3::CoNetDevice::ProtocolErrorTracedCallback")
            // The contract
            .AddTraceSource("RuleViolation",
                            "The CoNDIS contract was broken (by a client or by the device).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_ruleViolationTrace),
                            "ns3::CoNetDevice::RuleViolationTracedCallback")
            // Multipoint calls, at the root
            .AddTraceSource("AddParty",
                            "A client asked to add a party, and it pended: AddPartyComplete "
                            "follows. The party, the parameters it will have.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_addPartyTrace),
                            "ns3::CoNetDevice::PartyParametersTracedCallback")
            .AddTraceSource("AddPartyComplete",
                            "An AddParty completed (success or failure), with the parameters.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_addPartyCompleteTrace),
                            "ns3::CoNetDevice::PartyCompletionParametersTracedCallback")
            .AddTraceSource("PartyAlerting",
                            "PARTY ALERTING reached a party being added: it is alerted.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_partyAlertingTrace),
                            "ns3::CoNetDevice::PartyTracedCallback")
            .AddTraceSource("DropParty",
                            "A client dropped a party (or answered IncomingDropParty).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_dropPartyTrace),
                            "ns3::CoNetDevice::PartyTracedCallback")
            .AddTraceSource("DropPartyComplete",
                            "A pended DropParty completed; the party's handle is invalid.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_dropPartyCompleteTrace),
                            "ns3::CoNetDevice::PartyCompletionTracedCallback")
            .AddTraceSource("IncomingDropParty",
                            "The network dropped a party of a call that has others: the "
                            "party, the status its cause stands for.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_incomingDropPartyTrace),
                            "ns3::CoNetDevice::PartyCompletionTracedCallback")
            .AddTraceSource("JoinCall",
                            "A leaf's client asked to join a root's call (LEAF SETUP "
                            "REQUEST): the VC, the root, the call identifier.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_joinCallTrace),
                            "ns3::CoNetDevice::JoinCallTracedCallback")
            .AddTraceSource("JoinCallComplete",
                            "A JoinCall completed: the VC, the status, the call's parameters.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_joinCallCompleteTrace),
                            "ns3::CoNetDevice::CompletionParametersTracedCallback")
            .AddTraceSource("IncomingLeafJoin",
                            "A leaf asked to join a root's call (root-prompted): the root's VC, "
                            "the leaf, and the answer (success: the leaf is being added; "
                            "Pending: answered later, when it fires again with the answer).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_incomingLeafJoinTrace),
                            "ns3::CoNetDevice::IncomingLeafJoinTracedCallback")
            // Data, as the clients see it (SDUs, not frames: see MacTx, MacRx)
            .AddTraceSource("VcTx",
                            "A client's SDU was accepted for sending on a connected VC.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_vcTxTrace),
                            "ns3::CoNetDevice::SduTracedCallback")
            .AddTraceSource("VcTxRefused",
                            "A client's SDU on a connected VC was refused: longer than the "
                            "granted SDU size, the link down, or its queue full (the VC "
                            "scheduler's Drop, fired just before, says which limit).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_vcTxRefusedTrace),
                            "ns3::CoNetDevice::SduRefusedTracedCallback")
            .AddTraceSource("VcRx",
                            "An SDU arrived on a VC and goes up to its client.",
                            MakeTraceSourceAccessor(&CoNetDevice::m_vcRxTrace),
                            "ns3::CoNetDevice::SduTracedCallback")
            .AddTraceSource("ReassemblyDrop",
                            "An SDU's AAL5 reassembly failed and it was thrown away (cell-level "
                            "fidelity): some of its cells were lost on the way (CellLoss), or "
                            "it ran into the cells of a frame that lost its last one (Merged).",
                            MakeTraceSourceAccessor(&CoNetDevice::m_reassemblyDropTrace),
                            "ns3::CoNetDevice::ReassemblyDropTracedCallback");
    return tid;
}

CoNetDevice::CoNetDevice()
{
    NS_LOG_FUNCTION(this);
    SetInterfaceSide(InterfaceSide::User);
    m_rules.SetViolationCallback(MakeCallback(&CoNetDevice::ReportViolation, this));
    AddLinkChangeCallback(MakeCallback(&CoNetDevice::LinkChanged, this));
    AddSignallingChangeCallback(MakeCallback(&CoNetDevice::SignallingChanged, this));
    m_restart.SetCallbacks(
        CoCallback<void, const Q2931Header&>(
            [this](const Q2931Header& message) { SendMessage(message); }),
        CoCallback<void, bool>([this](bool acknowledged) { m_restartCompleteTrace(acknowledged); }),
        CoCallback<void>([this]() { m_restart.Expired(); }));
    m_aalFailure.SetCallbacks(
        CoCallback<void, bool, uint8_t>(
            [this](bool active, uint8_t cause) { ClearCalls(cause, active); }),
        MakeCallback(&CoNetDevice::EnquireActiveCalls, this),
        CoCallback<void, bool>([this](bool recovered) { m_signallingOutageEndedTrace(recovered); }),
        CoCallback<void>([this]() { m_aalFailure.Expired(); }));
    m_partyTable.SetExpiredCallback(MakeCallback(&CoNetDevice::PartyTimerExpired, this));
}

void
CoNetDevice::LinkChanged()
{
    NS_LOG_FUNCTION(this);
    if (IsLinkUp())
    {
        return; // what follows waits for the signalling AAL (SignallingChanged)
    }
    m_restart.LinkDown();
    m_aalFailure.LinkDown();
    // With the UNI down no signalling can pass: every call ends here and
    // now, and each client hears of its own (network out of order).
    ClearCalls(Q2931Cause::NETWORK_OUT_OF_ORDER);
}

void
CoNetDevice::SignallingChanged()
{
    NS_LOG_FUNCTION(this);
    if (IsSignallingUp())
    {
        if (m_restart.LinkUp())
        {
            // Back after a failure of the link: Q.2931 5.5 has both sides
            // restart the interface, so that neither keeps a call the other
            // forgot.
            Restart();
            return;
        }
        m_aalFailure.Established();
        return;
    }
    if (IsLinkUp())
    {
        // The signalling AAL alone failed: the data path is intact (5.6.10).
        m_aalFailure.Released(m_t309);
    }
}

void
CoNetDevice::ClearCalls(uint8_t cause, std::optional<bool> active)
{
    NS_LOG_FUNCTION(this << unsigned(cause));
    // The VCs are taken first: each client hears of its call as it ends, and
    // may act on its other calls from there.
    std::vector<std::pair<uint32_t, CoVcHandle>> calls;
    for (const auto& [key, call] : m_calls)
    {
        if (!active || (CallStateOf(call) == Q2931CallState::Active) == *active)
        {
            calls.emplace_back(key, call.vc);
        }
    }
    for (const auto& [key, vc] : calls)
    {
        ForgetCall(key);
        CallReleasedByNetwork(vc, cause);
    }
}

void
CoNetDevice::EnquireActiveCalls()
{
    NS_LOG_FUNCTION(this);
    std::vector<uint32_t> keys;
    for (const auto& [key, call] : m_calls)
    {
        if (CallStateOf(call) == Q2931CallState::Active)
        {
            keys.push_back(key);
        }
    }
    for (uint32_t key : keys)
    {
        EnquireCallStatus(key);
    }
}

// ---- restart (Q.2931 5.5) ------------------------------------------------------------

void
CoNetDevice::Restart()
{
    NS_LOG_FUNCTION(this);
    // 5.5.1: the sender first makes its own side of the interface idle.
    ClearCalls(Q2931Cause::TEMPORARY_FAILURE);
    m_restart.Start(m_t316, m_restartAttempts);
}

void
CoNetDevice::ReceiveRestart(const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    RestartIndicatorIe indicator;
    Q2931CallProcedures::Verdict verdict = Q2931CallProcedures::JudgeRestart(message, indicator);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        m_protocolErrorTrace(message, verdict.cause);
        SendMessage(Q2931CallProcedures::MakeGlobalStatus(verdict, CauseIe::LOCATION_USER));
        return;
    }
    if (message.GetMessageType() == Q2931MessageType::RestartAcknowledge)
    {
        m_restart.Acknowledge();
        return;
    }
    // 5.5.2: every call the RESTART names ends here, nothing sent for it;
    // each client hears of its own with cause 41, "temporary failure".
    // Clearing takes no time in the model, so T317 cannot run out.
    if (indicator.restartClass == RestartIndicatorIe::ALL_VCS)
    {
        // One that crosses our own restart clears nothing more: both ends
        // made their sides idle when they sent theirs (see CoSwitch).
        if (!m_restart.IsRunning())
        {
            ClearCalls(Q2931Cause::TEMPORARY_FAILURE);
        }
    }
    else
    {
        auto it = m_vcByVci.find(message.GetConnectionIdentifier()->vci);
        if (it != m_vcByVci.end() && m_vcs.at(it->second).callKey != 0)
        {
            CoVcHandle vc = it->second;
            ForgetCall(m_vcs.at(vc).callKey);
            CallReleasedByNetwork(vc, Q2931Cause::TEMPORARY_FAILURE);
        }
    }
    SendMessage(Q2931CallProcedures::MakeRestartAcknowledge(message, indicator));
}

CoNetDevice::~CoNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
CoNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    EndOfRun();
    if (m_rules.GetViolationCount() != 0)
    {
        std::cerr << "CoNetDevice " << m_aesa << ": " << m_rules.GetViolationCount()
                  << " CoNDIS rule violation(s):" << std::endl;
        m_rules.PrintReport(std::cerr);
    }
    for (auto& [key, call] : m_calls)
    {
        Simulator::Remove(call.timer);
    }
    for (auto& [key, enquiry] : m_enquiries)
    {
        Simulator::Remove(enquiry.timer);
    }
    m_enquiries.clear();
    m_restart.Stop();
    m_aalFailure.LinkDown();
    m_partyTable.Clear();
    m_parties.clear();
    m_partiesOfVc.clear();
    m_partyByReference.clear();
    m_leafReferences.clear();
    for (auto& [vc, join] : m_joins)
    {
        Simulator::Remove(join.t331);
    }
    m_joins.clear();
    m_leafJoinCalls.clear();
    m_sends.clear();
    m_calls.clear();
    m_vcs.clear();
    m_vcByVci.clear();
    m_incomingInformation.clear();
    m_saps.clear();
    m_clients.clear();
    m_closingClients.clear();
    CoPortNetDevice::DoDispose();
}

AesaAddress
CoNetDevice::GetAesa() const
{
    return m_aesa;
}

void
CoNetDevice::SetAesa(const AesaAddress& address)
{
    NS_LOG_FUNCTION(this << address);
    m_aesa = address;
}

const char*
CoNetDevice::GetCallStateName(CallState state)
{
    switch (state)
    {
    case CallState::Idle:
        return "Idle";
    case CallState::Calling:
        return "Calling";
    case CallState::Offered:
        return "Offered";
    case CallState::Accepting:
        return "Accepting";
    case CallState::Connected:
        return "Connected";
    case CallState::Closing:
        return "Closing";
    case CallState::RemotelyClosed:
        return "RemotelyClosed";
    case CallState::Joining:
        return "Joining";
    }
    return "Unknown";
}

std::ostream&
operator<<(std::ostream& os, CoNetDevice::CallState state)
{
    return os << CoNetDevice::GetCallStateName(state);
}

// ---- the client interface ---------------------------------------------------

CoClientHandle
CoNetDevice::OpenAddressFamily(const CoClientHandlers& handlers)
{
    NS_LOG_FUNCTION(this);
    CoClientHandle client(m_nextHandle++);
    m_clients[client] = handlers;
    if (!handlers.sendComplete.IsNull())
    {
        ++m_sendCompleteClients;
    }
    return client;
}

CoStatus
CoNetDevice::RegisterSap(CoClientHandle client, const CoSap& sap, CoSapHandle& handle)
{
    NS_LOG_FUNCTION(this << client << sap);
    handle = CoSapHandle();
    if (CoStatus refused = CheckClientMayOpen("RegisterSap", client); !refused.IsSuccess())
    {
        return refused;
    }
    CoSapHandle h(m_nextHandle++);
    if (m_sapRegistrationDelay.IsZero())
    {
        for (const auto& [other, s] : m_saps)
        {
            if (s.pattern == sap)
            {
                NS_LOG_INFO("SAP " << sap << " is already held by client " << s.client);
                m_registerSapCompleteTrace(h, CoStatus(CoStatusCode::InvalidData));
                return CoStatus(CoStatusCode::InvalidData);
            }
        }
        m_saps[h] = Sap{client, sap, true};
        handle = h;
        m_registerSapCompleteTrace(h, CoStatus());
        return CoStatus();
    }
    m_saps[h] = Sap{client, sap, false};
    handle = h;
    m_rules.Pend(CoRequest::RegisterSap, h.GetValue());
    Simulator::Schedule(m_sapRegistrationDelay, &CoNetDevice::CompleteRegisterSap, this, h);
    return CoStatus(CoStatusCode::Pending);
}

void
CoNetDevice::CompleteRegisterSap(CoSapHandle h)
{
    NS_LOG_FUNCTION(this << h);
    auto it = m_saps.find(h);
    NS_ASSERT_MSG(it != m_saps.end(), "a pended SAP cannot be deregistered");
    CoStatus status;
    for (const auto& [other, s] : m_saps)
    {
        if (other != h && s.registered && s.pattern == it->second.pattern)
        {
            status = CoStatus(CoStatusCode::InvalidData);
        }
    }
    CoClientHandle client = it->second.client;
    if (status.IsSuccess())
    {
        it->second.registered = true;
    }
    else
    {
        // The handle is invalid from here on: both sides free the SAP's state.
        m_saps.erase(it);
    }
    if (!m_rules.Complete(CoRequest::RegisterSap, h.GetValue(), status))
    {
        return;
    }
    m_registerSapCompleteTrace(h, status);
    const CoClientHandlers* handlers = FindClient(client);
    if (handlers != nullptr && !handlers->registerSapComplete.IsNull())
    {
        handlers->registerSapComplete(status, h);
    }
    if (!status.IsSuccess())
    {
        ClientReleased(client);
    }
}

CoStatus
CoNetDevice::DeregisterSap(CoSapHandle sap)
{
    NS_LOG_FUNCTION(this << sap);
    auto it = m_saps.find(sap);
    if (it == m_saps.end())
    {
        std::ostringstream os;
        os << "DeregisterSap on SAP handle " << sap << ", which is not registered";
        m_rules.Report(CoRule::StaleHandle, os.str());
        return CoStatus(CoStatusCode::InvalidData);
    }
    Sap& s = it->second;
    if (!s.registered || s.deregistering)
    {
        NS_LOG_WARN("DeregisterSap on SAP " << sap << ", whose "
                                            << (s.registered ? "deregistration" : "registration")
                                            << " pends");
        return CoStatus(CoStatusCode::InvalidState);
    }
    // From now on the SAP matches no call (MatchSap); calls already offered
    // on it continue, and the deregistration waits for their answers.
    s.deregistering = true;
    bool offered = false;
    for (const auto& [h, v] : m_vcs)
    {
        offered = offered || (v.sap == sap && v.state == CallState::Offered);
    }
    if (m_sapDeregistrationDelay.IsZero() && !offered)
    {
        CoClientHandle client = s.client;
        m_saps.erase(it);
        m_deregisterSapCompleteTrace(sap, CoStatus());
        ClientReleased(client);
        return CoStatus();
    }
    m_rules.Pend(CoRequest::DeregisterSap, sap.GetValue());
    if (!m_sapDeregistrationDelay.IsZero())
    {
        s.delayRunning = true;
        Simulator::Schedule(m_sapDeregistrationDelay,
                            &CoNetDevice::SapDeregistrationDelayOver,
                            this,
                            sap);
    }
    return CoStatus(CoStatusCode::Pending);
}

void
CoNetDevice::SapDeregistrationDelayOver(CoSapHandle sap)
{
    NS_LOG_FUNCTION(this << sap);
    auto it = m_saps.find(sap);
    if (it != m_saps.end())
    {
        it->second.delayRunning = false;
        TryCompleteDeregisterSap(sap);
    }
}

void
CoNetDevice::OfferEnded(CoSapHandle sap)
{
    auto it = m_saps.find(sap);
    if (it != m_saps.end() && it->second.deregistering)
    {
        // Not from within the answer or release being handled: the client's
        // handler would run in the middle of the device's bookkeeping.
        Simulator::ScheduleNow(&CoNetDevice::TryCompleteDeregisterSap, this, sap);
    }
}

void
CoNetDevice::TryCompleteDeregisterSap(CoSapHandle sap)
{
    NS_LOG_FUNCTION(this << sap);
    auto it = m_saps.find(sap);
    if (it == m_saps.end() || !it->second.deregistering || it->second.delayRunning ||
        !m_rules.IsPending(CoRequest::DeregisterSap, sap.GetValue()))
    {
        return;
    }
    for (const auto& [h, v] : m_vcs)
    {
        if (v.sap == sap && v.state == CallState::Offered)
        {
            return; // completes when that offer ends (OfferEnded)
        }
    }
    CoClientHandle client = it->second.client;
    m_saps.erase(it);
    CoStatus status;
    m_rules.Complete(CoRequest::DeregisterSap, sap.GetValue(), status);
    m_deregisterSapCompleteTrace(sap, status);
    const CoClientHandlers* handlers = FindClient(client);
    if (handlers != nullptr && !handlers->deregisterSapComplete.IsNull())
    {
        handlers->deregisterSapComplete(status, sap);
    }
    ClientReleased(client);
}

CoStatus
CoNetDevice::CloseAddressFamily(CoClientHandle client)
{
    NS_LOG_FUNCTION(this << client);
    if (FindClient(client) == nullptr)
    {
        std::ostringstream os;
        os << "CloseAddressFamily by client " << client
           << ", which has not opened the address family (or has closed it)";
        m_rules.Report(CoRule::StaleHandle, os.str());
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (IsClosing(client))
    {
        NS_LOG_WARN("CloseAddressFamily by client " << client << ", which is closing already");
        return CoStatus(CoStatusCode::InvalidState);
    }
    if (ClientHoldsNothing(client))
    {
        m_clients.erase(client);
        m_closeAddressFamilyCompleteTrace(client, CoStatus());
        return CoStatus();
    }
    // CoNDIS prefers pending to refusing: the close completes once the
    // client has closed its calls, deleted its VCs and deregistered its SAPs.
    m_closingClients.insert(client);
    m_rules.Pend(CoRequest::CloseAddressFamily, client.GetValue());
    return CoStatus(CoStatusCode::Pending);
}

bool
CoNetDevice::IsClosing(CoClientHandle client) const
{
    return !m_closingClients.empty() && m_closingClients.count(client) != 0;
}

CoStatus
CoNetDevice::CheckClientMayOpen(const char* request, CoClientHandle client)
{
    if (FindClient(client) == nullptr)
    {
        std::ostringstream os;
        os << request << " by client " << client << ", which has not opened the address family";
        m_rules.Report(CoRule::StaleHandle, os.str());
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (IsClosing(client))
    {
        // Nothing new while the close waits for what the client holds to go.
        NS_LOG_WARN(request << " by client " << client << ", whose address family is closing");
        return CoStatus(CoStatusCode::InvalidState);
    }
    return CoStatus();
}

bool
CoNetDevice::ClientHoldsNothing(CoClientHandle client) const
{
    for (const auto& [h, v] : m_vcs)
    {
        if (v.client == client)
        {
            return false;
        }
    }
    for (const auto& [h, s] : m_saps)
    {
        if (s.client == client)
        {
            return false;
        }
    }
    return true;
}

void
CoNetDevice::ClientReleased(CoClientHandle client)
{
    if (IsClosing(client))
    {
        Simulator::ScheduleNow(&CoNetDevice::TryCompleteCloseAddressFamily, this, client);
    }
}

void
CoNetDevice::TryCompleteCloseAddressFamily(CoClientHandle client)
{
    NS_LOG_FUNCTION(this << client);
    if (!IsClosing(client) || !ClientHoldsNothing(client))
    {
        return;
    }
    m_closingClients.erase(client);
    auto it = m_clients.find(client);
    Callback<void, CoStatus, CoClientHandle> complete = it->second.closeAddressFamilyComplete;
    // The handle is invalid from here on.
    m_clients.erase(it);
    CoStatus status;
    if (!m_rules.Complete(CoRequest::CloseAddressFamily, client.GetValue(), status))
    {
        return;
    }
    m_closeAddressFamilyCompleteTrace(client, status);
    if (!complete.IsNull())
    {
        complete(status, client);
    }
}

CoStatus
CoNetDevice::CreateVc(CoClientHandle client, CoVcHandle& vc)
{
    NS_LOG_FUNCTION(this << client);
    vc = CoVcHandle();
    if (CoStatus refused = CheckClientMayOpen("CreateVc", client); !refused.IsSuccess())
    {
        return refused;
    }
    if (m_vcs.size() >= m_maxVcs)
    {
        return CoStatus(CoStatusCode::Resources);
    }
    vc = NewVc(client, false);
    return CoStatus();
}

CoStatus
CoNetDevice::DeleteVc(CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << vc);
    Vc* v = FindVc(vc, "DeleteVc");
    if (v == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (v->createdByDevice)
    {
        std::ostringstream os;
        os << "DeleteVc on VC " << vc << ", which the device created for an incoming call";
        m_rules.Report(CoRule::NotVcCreator, os.str());
        return CoStatus(CoStatusCode::InvalidState);
    }
    if (v->state != CallState::Idle)
    {
        std::ostringstream os;
        os << "DeleteVc on VC " << vc << ", whose call is " << v->state;
        m_rules.Report(CoRule::DeleteVcWithCall, os.str());
        return CoStatus(CoStatusCode::InvalidState);
    }
    DestroyVc(vc);
    return CoStatus();
}

CoStatus
CoNetDevice::MakeCall(CoVcHandle vc, const CoCallParameters& parameters)
{
    return MakeCall(vc, parameters, nullptr);
}

CoStatus
CoNetDevice::MakeCall(CoVcHandle vc, const CoCallParameters& parameters, CoPartyHandle& party)
{
    party = CoPartyHandle();
    return MakeCall(vc, parameters, &party);
}

CoStatus
CoNetDevice::MakeCall(CoVcHandle vc,
                      const CoCallParameters& parameters,
                      CoPartyHandle& party,
                      const CoLeafJoin& join)
{
    party = CoPartyHandle();
    if (m_leafJoinCalls.count(join.callIdentifier) != 0)
    {
        NS_LOG_WARN("MakeCall on VC " << vc << " refused: LIJ call identifier "
                                      << join.callIdentifier << " names another call");
        return CoStatus(CoStatusCode::InvalidData);
    }
    return MakeCall(vc, parameters, &party, &join);
}

CoStatus
CoNetDevice::MakeCall(CoVcHandle vc,
                      const CoCallParameters& parameters,
                      CoPartyHandle* party,
                      const CoLeafJoin* join)
{
    NS_LOG_FUNCTION(this << vc << parameters << (party != nullptr) << (join != nullptr));
    Vc* v = FindVc(vc, "MakeCall");
    if (v == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (v->createdByDevice || v->state != CallState::Idle || IsClosing(v->client))
    {
        NS_LOG_WARN("MakeCall on VC " << vc << " in state " << v->state);
        return CoStatus(CoStatusCode::InvalidState);
    }
    std::string error = parameters.Validate();
    if (error.empty() && parameters.calledParty == AesaAddress())
    {
        error = "no called party number";
    }
    if (error.empty() && party != nullptr &&
        (parameters.backward.peakCellRate != 0 || parameters.backward.sustainableCellRate != 0))
    {
        // Q.2971: a point-to-multipoint connection carries nothing back.
        error = "a point-to-multipoint call asks for a backward peak cell rate of " +
                std::to_string(parameters.backward.peakCellRate) +
                " (it must be 0, as SCR and MBS)";
    }
    if (!error.empty())
    {
        NS_LOG_WARN("MakeCall on VC " << vc << " refused: " << error);
        return CoStatus(CoStatusCode::InvalidData);
    }
    v->multipoint = party != nullptr;
    v->parameters = parameters;
    v->parameters.callingParty = m_aesa;
    v->parameters.modified = false;
    // Every attempt the network sees or refuses has a name, so that the
    // calls table can have a row for each.
    v->callId = (uint64_t(GetNode() ? GetNode()->GetId() + 1 : 0) << 32) | ++m_callsPlaced;
    if (!IsSignallingUp())
    {
        // No signalling can pass (the link or its signalling AAL is down).
        // Refused at once: a synchronous failure, not a pended request (the
        // rule checker expects no completion), but an attempt all the same.
        CoStatus refused = CoStatus::FromCause(Q2931Cause::NETWORK_OUT_OF_ORDER);
        CallFailedOnVc(*v, refused);
        m_makeCallRefusedTrace(vc, refused, v->parameters);
        return refused;
    }

    // The next free call reference; the dummy (0) is never used.
    uint32_t cref = m_nextCallReference;
    while (cref == 0 || m_calls.count(CallKey(cref, true)) != 0)
    {
        cref = (cref + 1) & CALL_REFERENCE_MASK;
    }
    m_nextCallReference = (cref + 1) & CALL_REFERENCE_MASK;

    Call& call = NewCall(cref, true, vc);
    // The node id and a count name the call uniquely across the network.
    call.callId = v->callId;
    v->callKey = CallKey(cref, true);
    v->state = CallState::Calling;
    v->callFailed = false; // reused: the failed call's VC is in use again
    m_rules.Pend(CoRequest::MakeCall, vc.GetValue());

    if (party != nullptr)
    {
        // The first party is endpoint reference 0 (Q.2971), added with the call.
        *party = NewParty(vc, 0, v->parameters);
        m_partyTable.Add(v->callKey, {0, true}, Q2971PartyState::AddPartyInitiated);
        if (join != nullptr)
        {
            m_leafJoinCalls[join->callIdentifier] = LeafJoinCall{vc, join->mode};
        }
    }
    // After the first party exists: a recorder finds it with GetParties().
    m_makeCallTrace(vc, v->parameters);
    SendSetup(call);
    StartTimer(CallKey(call.callReference, true), Q2931MessageType::Setup, m_t303);
    return CoStatus(CoStatusCode::Pending);
}

void
CoNetDevice::IncomingCallComplete(CoStatus status,
                                  CoVcHandle vc,
                                  const CoCallParameters& parameters)
{
    NS_LOG_FUNCTION(this << status << vc);
    if (FindVc(vc, "IncomingCallComplete") == nullptr)
    {
        return;
    }
    if (!m_rules.Complete(CoRequest::IncomingCall, vc.GetValue(), status))
    {
        return;
    }
    AnswerIncomingCall(vc, status, parameters);
}

CoStatus
CoNetDevice::CloseCall(CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << vc);
    Vc* v = FindVc(vc, "CloseCall");
    if (v == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (v->multipoint && CountParties(vc) > 1)
    {
        // CoNDIS: every party but the last is dropped first, and the call
        // closed with the last.
        std::ostringstream os;
        os << "CloseCall on VC " << vc << ", whose multipoint call has " << CountParties(vc)
           << " parties left";
        m_rules.Report(CoRule::CloseWithParties, os.str());
        return CoStatus(CoStatusCode::InvalidState);
    }
    if (v->state == CallState::RemotelyClosed)
    {
        ForgetParties(vc);
        m_closeCallTrace(vc);
        m_rules.Complete(CoRequest::IncomingCloseCall, vc.GetValue(), CoStatus());
        CallEnded(vc);
        return CoStatus();
    }
    if (v->state != CallState::Connected)
    {
        NS_LOG_WARN("CloseCall on VC " << vc << " in state " << v->state);
        return CoStatus(CoStatusCode::InvalidState);
    }
    m_closeCallTrace(vc);
    v->state = CallState::Closing;
    m_rules.Pend(CoRequest::CloseCall, vc.GetValue());
    Call& call = m_calls.at(v->callKey);
    call.cause = Q2931Cause::NORMAL_CLEARING;
    SendMessage(call, Q2931MessageType::Release, call.cause);
    StartTimer(v->callKey, Q2931MessageType::Release, m_t308);
    return CoStatus(CoStatusCode::Pending);
}

CoStatus
CoNetDevice::Send(CoVcHandle vc, Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << vc << packet);
    Vc* v = FindVc(vc, "Send");
    if (v == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (v->state != CallState::Connected || !v->active)
    {
        std::ostringstream os;
        os << "Send on VC " << vc << ", whose call is " << v->state;
        m_rules.Report(CoRule::DataOnInactiveVc, os.str());
        return CoStatus(CoStatusCode::VcNotActivated);
    }
    // The caller sends in the forward direction, the called party backward.
    const CoFlowSpec& flow = v->createdByDevice ? v->parameters.backward : v->parameters.forward;
    // A client with a sendComplete handler gets every outcome there.
    const CoClientHandlers* handlers = m_sendCompleteClients == 0 ? nullptr : FindClient(v->client);
    bool completes = handlers != nullptr && !handlers->sendComplete.IsNull();
    if (completes && m_sends.count(PeekPointer(packet)) != 0)
    {
        // The packet is the device's until its send completes (NDIS owns a
        // NET_BUFFER_LIST until it is returned).
        NS_LOG_WARN("Send on VC " << vc << " of a packet whose send is still pending");
        return CoStatus(CoStatusCode::InvalidData);
    }
    CoStatus status;
    if (packet->GetSize() > flow.maxSduSize)
    {
        NS_LOG_WARN("SDU of " << packet->GetSize() << " bytes exceeds the granted maximum "
                              << flow.maxSduSize);
        status = CoStatus(CoStatusCode::InvalidData);
    }
    else if (!SendFrame(packet, 0, v->vci, v->encapsulation))
    {
        status = CoStatus(CoStatusCode::Resources);
    }
    if (!status.IsSuccess())
    {
        m_vcTxRefusedTrace(packet, vc, status);
    }
    else
    {
        m_vcTxTrace(packet, vc);
    }
    return completes ? PendSend(vc, packet, status) : status;
}

CoStatus
CoNetDevice::PendSend(CoVcHandle vc, Ptr<Packet> packet, CoStatus refusal)
{
    uint32_t id = m_nextSendId++;
    m_rules.Pend(CoRequest::Send, id);
    if (!refusal.IsSuccess())
    {
        // Refused at once, told later: a completion never runs inside Send.
        CoClientHandle client = m_vcs.at(vc).client;
        CoScheduleNow([this, id, client, vc, packet, refusal]() {
            const CoClientHandlers* h = FindClient(client);
            if (m_rules.Complete(CoRequest::Send, id, refusal) && h != nullptr)
            {
                h->sendComplete(refusal, vc, packet);
            }
        });
        return CoStatus(CoStatusCode::Pending);
    }
    if (!m_sendTracesConnected)
    {
        m_sendTracesConnected = true;
        TraceConnectWithoutContext("PhyTxEnd", MakeCallback(&CoNetDevice::SendLeft, this));
        TraceConnectWithoutContext("PhyTxDrop", MakeCallback(&CoNetDevice::SendDiscarded, this));
        if (Ptr<CoVcScheduler> scheduler = GetVcScheduler())
        {
            scheduler->TraceConnectWithoutContext("Drop",
                                                  MakeCallback(&CoNetDevice::SendDropped, this));
        }
    }
    m_sends[PeekPointer(packet)] = PendingSend{id, vc, packet};
    return CoStatus(CoStatusCode::Pending);
}

void
CoNetDevice::CompleteSend(const Packet* frame, CoStatus status)
{
    auto it = m_sends.find(frame);
    if (it == m_sends.end())
    {
        return; // not a pending send (signalling, another client's, or completed already)
    }
    PendingSend send = std::move(it->second);
    m_sends.erase(it);
    if (!m_rules.Complete(CoRequest::Send, send.id, status))
    {
        return;
    }
    auto v = m_vcs.find(send.vc);
    const CoClientHandlers* h = v == m_vcs.end() ? nullptr : FindClient(v->second.client);
    if (h != nullptr && !h->sendComplete.IsNull())
    {
        h->sendComplete(status, send.vc, send.sdu);
    }
}

void
CoNetDevice::CompleteSendsOfVc(CoVcHandle vc, CoStatus status)
{
    std::vector<std::pair<uint32_t, const Packet*>> ofVc;
    for (const auto& [frame, send] : m_sends)
    {
        if (send.vc == vc)
        {
            ofVc.emplace_back(send.id, frame);
        }
    }
    std::sort(ofVc.begin(), ofVc.end()); // in the order they were sent
    for (const auto& [id, frame] : ofVc)
    {
        CompleteSend(frame, status);
    }
}

void
CoNetDevice::SendLeft(Ptr<const Packet> frame)
{
    if (!m_sends.empty())
    {
        CompleteSend(PeekPointer(frame), CoStatus());
    }
}

void
CoNetDevice::SendDiscarded(Ptr<const Packet> frame)
{
    if (!m_sends.empty())
    {
        CompleteSend(PeekPointer(frame), CoStatus(CoStatusCode::VcNotActivated));
    }
}

void
CoNetDevice::SendDropped(Ptr<const Packet> frame,
                         uint8_t /* vpi */,
                         uint16_t /* vci */,
                         CoVcScheduler::DropReason reason)
{
    if (m_sends.empty())
    {
        return;
    }
    bool gone = reason == CoVcScheduler::DropReason::Released ||
                reason == CoVcScheduler::DropReason::LinkDown;
    CompleteSend(PeekPointer(frame),
                 CoStatus(gone ? CoStatusCode::VcNotActivated : CoStatusCode::Resources));
}

std::size_t
CoNetDevice::GetPendingSendCount() const
{
    return m_sends.size();
}

bool
CoNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    // Connectionless sends (IP over ATM) need an address resolution layer the
    // model does not have; clients send on VCs.
    return false;
}

// ---- queries ------------------------------------------------------------------

CoNetDevice::CallState
CoNetDevice::GetCallState(CoVcHandle vc) const
{
    auto it = m_vcs.find(vc);
    return it == m_vcs.end() ? CallState::Idle : it->second.state;
}

CoCallParameters
CoNetDevice::GetCallParameters(CoVcHandle vc) const
{
    auto it = m_vcs.find(vc);
    return it == m_vcs.end() ? CoCallParameters() : it->second.parameters;
}

const Q2931Header*
CoNetDevice::GetIncomingCallInformation(CoVcHandle vc) const
{
    auto it = m_incomingInformation.find(vc);
    return it == m_incomingInformation.end() ? nullptr : &it->second;
}

void
CoNetDevice::KeepIncomingCallInformation(CoVcHandle vc,
                                         const Q2931Header& setup,
                                         const CoCallParameters& parameters)
{
    const AalParametersIe* aal = setup.GetAalParameters();
    const BroadbandLowLayerInformationIe* blli = setup.GetBroadbandLowLayerInformation();
    bool aalSaysMore = aal != nullptr && *aal != AalParametersIe::FromCallParameters(parameters);
    if (!aalSaysMore && blli == nullptr && setup.GetOtherIes().empty())
    {
        return; // the common case: CoCallParameters says it all
    }
    Q2931Header& information = m_incomingInformation[vc];
    information = Q2931Header(Q2931MessageType::Setup, setup.GetCallReference(), false);
    if (aal != nullptr)
    {
        information.SetAalParameters(*aal);
    }
    if (blli != nullptr)
    {
        information.SetBroadbandLowLayerInformation(*blli);
    }
    for (const Q2931RawIe& ie : setup.GetOtherIes())
    {
        information.AddOtherIe(ie);
    }
}

void
CoNetDevice::ForgetIncomingCallInformation(CoVcHandle vc)
{
    if (!m_incomingInformation.empty())
    {
        m_incomingInformation.erase(vc);
    }
}

uint64_t
CoNetDevice::GetCallId(CoVcHandle vc) const
{
    auto it = m_vcs.find(vc);
    return it == m_vcs.end() ? 0 : it->second.callId;
}

std::size_t
CoNetDevice::GetVcCount() const
{
    return m_vcs.size();
}

std::size_t
CoNetDevice::GetCallReferenceCount() const
{
    return m_calls.size();
}

const CoRuleChecker&
CoNetDevice::GetRuleChecker() const
{
    return m_rules;
}

void
CoNetDevice::EndOfRun()
{
    if (!m_rules.IsEnded())
    {
        // A client VC left idle by a failed call is the client's to reuse or
        // delete; one still here at the end was forgotten.
        std::vector<CoVcHandle> forgotten;
        for (const auto& [h, v] : m_vcs)
        {
            if (v.callFailed && !v.createdByDevice && v.state == CallState::Idle)
            {
                forgotten.push_back(h);
            }
        }
        std::sort(forgotten.begin(), forgotten.end());
        for (CoVcHandle vc : forgotten)
        {
            const Vc& v = m_vcs.at(vc);
            std::ostringstream os;
            os << "VC " << vc << " of client " << v.client << ", whose call " << std::hex
               << v.callId << std::dec << " failed (cause " << unsigned(v.failedCause)
               << "), was neither reused nor deleted";
            m_rules.Report(CoRule::IdleVcNeverDeleted, os.str());
        }
    }
    m_rules.EndOfRun();
}

void
CoNetDevice::CallFailedOnVc(Vc& v, CoStatus status)
{
    if (!v.createdByDevice)
    {
        v.callFailed = true;
        v.failedCause = status.GetCause();
    }
}

void
CoNetDevice::AbandonRun()
{
    m_rules.AbandonRun();
}

// ---- VCs and calls --------------------------------------------------------------

CoNetDevice::Vc*
CoNetDevice::FindVc(CoVcHandle vc, const char* operation)
{
    auto it = m_vcs.find(vc);
    if (it == m_vcs.end())
    {
        std::ostringstream os;
        os << operation << " on VC handle " << vc << ", which does not exist";
        m_rules.Report(CoRule::StaleHandle, os.str());
        return nullptr;
    }
    return &it->second;
}

CoVcHandle
CoNetDevice::NewVc(CoClientHandle client, bool byDevice)
{
    CoVcHandle vc(m_nextHandle++);
    Vc& v = m_vcs[vc];
    v.client = client;
    v.createdByDevice = byDevice;
    NS_LOG_LOGIC("VC " << vc << " created by " << (byDevice ? "the device" : "the client"));
    return vc;
}

void
CoNetDevice::DestroyVc(CoVcHandle vc)
{
    NS_LOG_LOGIC("VC " << vc << " deleted");
    auto it = m_vcs.find(vc);
    if (it == m_vcs.end())
    {
        return;
    }
    CoClientHandle client = it->second.client;
    bool multipoint = it->second.multipoint;
    m_vcs.erase(it);
    if (multipoint)
    {
        ForgetParties(vc);
    }
    ForgetIncomingCallInformation(vc);
    ClientReleased(client);
}

void
CoNetDevice::ActivateVc(CoVcHandle vc, uint16_t vci)
{
    Vc& v = m_vcs.at(vc);
    v.vci = vci;
    v.active = true;
    m_vcByVci[vci] = vc;
    if (HasVcScheduler())
    {
        // What this end sends: the forward direction for the calling party,
        // the backward one for the called party.
        const CoCallParameters& p = v.parameters;
        GetVcScheduler()->RegisterVc(0,
                                     vci,
                                     p.category,
                                     v.createdByDevice ? p.backward : p.forward);
    }
    m_vcActivatedTrace(vc);
}

void
CoNetDevice::DeactivateVc(CoVcHandle vc)
{
    Vc& v = m_vcs.at(vc);
    if (!v.active)
    {
        return;
    }
    v.active = false;
    v.merging = false;
    m_vcByVci.erase(v.vci);
    if (!m_sends.empty())
    {
        // Its sends are over before its call: the client hears of each now.
        CompleteSendsOfVc(vc, CoStatus(CoStatusCode::VcNotActivated));
    }
    // Its frames still waiting do not go out after it (a frame on the wire finishes).
    ReleaseVc(0, v.vci);
    m_vcDeactivatedTrace(vc);
}

CoNetDevice::Call&
CoNetDevice::NewCall(uint32_t callReference, bool weAllocated, CoVcHandle vc)
{
    Call& call = m_calls[CallKey(callReference, weAllocated)];
    call.callReference = callReference;
    call.weAllocated = weAllocated;
    call.vc = vc;
    return call;
}

void
CoNetDevice::ForgetCall(uint32_t callKey)
{
    auto it = m_calls.find(callKey);
    if (it == m_calls.end())
    {
        return;
    }
    StopTimer(it->second);
    StopStatusEnquiry(callKey);
    if (m_partyTable.GetCallCount() != 0)
    {
        m_partyTable.RemoveCall(callKey); // a multipoint call's parties end with it
    }
    if (!m_leafReferences.empty())
    {
        m_leafReferences.erase(callKey);
    }
    CoVcHandle vc = it->second.vc;
    auto v = m_vcs.find(vc);
    if (v != m_vcs.end() && v->second.callKey == callKey)
    {
        v->second.callKey = 0;
    }
    m_calls.erase(it);
}

void
CoNetDevice::CallEnded(CoVcHandle vc)
{
    Vc& v = m_vcs.at(vc);
    v.state = CallState::Idle;
    v.callKey = 0;
    if (!m_joins.empty())
    {
        m_joins.erase(vc); // a joined call, ended: the client may join it again
    }
    if (v.createdByDevice)
    {
        // The creator of a VC deletes it: for incoming calls, that is the
        // device (NdisMCmDeleteVc), and the client hears of it (ProtocolCoDeleteVc).
        CoClientHandle client = v.client;
        DestroyVc(vc);
        m_deleteVcTrace(vc);
        const CoClientHandlers* handlers = FindClient(client);
        if (handlers != nullptr && !handlers->deleteVc.IsNull())
        {
            handlers->deleteVc(vc);
        }
    }
}

const CoClientHandlers*
CoNetDevice::FindClient(CoClientHandle client) const
{
    auto it = m_clients.find(client);
    return it == m_clients.end() ? nullptr : &it->second;
}

CoSapHandle
CoNetDevice::MatchSap(const AesaAddress& called) const
{
    CoSapHandle best;
    int bestBits = -1;
    for (const auto& [h, s] : m_saps)
    {
        if (s.registered && !s.deregistering && s.pattern.Matches(called) &&
            int(s.pattern.GetMatchBits()) > bestBits)
        {
            best = h;
            bestBits = s.pattern.GetMatchBits();
        }
    }
    return best;
}

void
CoNetDevice::ReportViolation(CoRule rule, const std::string& detail)
{
    m_ruleViolationTrace(rule, detail);
}

// ---- signalling -------------------------------------------------------------------

void
CoNetDevice::SendMessage(const Call& call, Q2931MessageType type, uint8_t cause)
{
    // The call reference flag is set on messages sent by the side that did
    // not allocate the call reference.
    Q2931Header message(type, call.callReference, !call.weAllocated);
    if (cause != 0)
    {
        message.SetCause(CauseIe(CauseIe::LOCATION_USER, cause));
    }
    if (!m_leafReferences.empty())
    {
        AddLeafReference(call, message);
    }
    SendMessage(message);
}

void
CoNetDevice::SendMessage(const Q2931Header& message, uint64_t callId)
{
    NS_LOG_FUNCTION(this << message << callId);
    m_signallingTxTrace(message);
    m_saal.Send(this, message, callId);
}

void
CoNetDevice::SendSetup(const Call& call)
{
    // Rebuilt from what the call keeps rather than kept whole: a
    // point-to-point call carries nothing more for it, and a multipoint call
    // finds its extra IEs in its own side structures (its party 0, its join).
    const Vc& v = m_vcs.at(call.vc);
    Q2931Header setup(Q2931MessageType::Setup, call.callReference, false);
    setup.SetCallParameters(v.parameters);
    if (v.multipoint)
    {
        MakeMultipointSetup(setup);
        if (!m_leafJoinCalls.empty())
        {
            MakeLeafJoinSetup(setup, call.vc);
        }
    }
    SendMessage(setup, call.callId);
}

void
CoNetDevice::HandleFrame(Ptr<Packet> sdu, const AtmFrameHeader& header)
{
    NS_LOG_FUNCTION(this << sdu << header);
    if (header.GetVpi() == AtmFrameHeader::SIGNALLING_VPI &&
        header.GetVci() == AtmFrameHeader::SIGNALLING_VCI)
    {
        Q2931Header message;
        uint64_t callId;
        if (SaalEndpoint::Receive(sdu, message, callId))
        {
            m_signallingRxTrace(message);
            ReceiveMessage(message, callId);
        }
        return;
    }
    auto it = m_vcByVci.find(header.GetVci());
    if (it == m_vcByVci.end())
    {
        NS_LOG_LOGIC("frame on VCI " << header.GetVci() << " which no active VC uses: dropped");
        return;
    }
    CoVcHandle vc = it->second;
    Vc& v = m_vcs.at(vc);
    // A frame that lost cells at a cell-level port is marked (CoCellLossTag);
    // none is looked for until a port has lost one (nor can a VC be merging).
    if (CoCellLossTag::IsInUse() && !Reassemble(v, vc, sdu))
    {
        return;
    }
    m_vcRxTrace(sdu, vc);
    const CoClientHandlers* handlers = FindClient(v.client);
    if (handlers != nullptr && !handlers->receive.IsNull())
    {
        handlers->receive(vc, sdu);
    }
}

CoStatus
CoNetDevice::SetVcEncapsulation(CoVcHandle vc, AtmTrafficType type)
{
    NS_LOG_FUNCTION(this << vc << static_cast<int>(type));
    Vc* v = FindVc(vc, "SetVcEncapsulation");
    if (v == nullptr || (type != AtmTrafficType::VcMultiplexed && type != AtmTrafficType::Llc))
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    v->encapsulation = type;
    return CoStatus(CoStatusCode::Success);
}

AtmTrafficType
CoNetDevice::GetVcEncapsulation(CoVcHandle vc) const
{
    auto it = m_vcs.find(vc);
    return it == m_vcs.end() ? AtmTrafficType::VcMultiplexed : it->second.encapsulation;
}

bool
CoNetDevice::Reassemble(Vc& v, CoVcHandle vc, Ptr<Packet> sdu)
{
    // The cells of a frame that lost its last one carry no end-of-PDU mark:
    // the receiver takes them and the next frame's as one PDU, whose length
    // and CRC-32 fail. A frame is counted by its own fault first: CellLoss
    // when it lost cells itself, Merged when it came whole after one that
    // lost its last cell.
    CoCellLossTag loss;
    bool damaged = sdu->PeekPacketTag(loss);
    if (!damaged && !v.merging)
    {
        return true; // whole, and after a whole frame
    }
    ReassemblyError error = damaged ? ReassemblyError::CellLoss : ReassemblyError::Merged;
    // the cells that came of a frame without its last run into the next
    v.merging = damaged && loss.IsLastCellLost();
    NS_LOG_LOGIC("SDU on VCI " << v.vci << " fails reassembly: "
                               << (error == ReassemblyError::Merged ? "Merged" : "CellLoss"));
    ++m_reassemblyDrops[static_cast<std::size_t>(error)];
    m_reassemblyDropTrace(sdu, vc, error);
    return false;
}

void
CoNetDevice::ReceiveMessage(const Q2931Header& message, uint64_t callId)
{
    NS_LOG_FUNCTION(this << message);
    Q2931MessageType type = message.GetMessageType();
    // A message with the flag set answers a call reference we allocated.
    bool ours = message.GetCallReferenceFlag();
    if (type == Q2931MessageType::Setup && !ours)
    {
        ReceiveSetup(message, callId);
        return;
    }
    uint32_t key = CallKey(message.GetCallReference(), ours);
    auto it = m_calls.find(key);
    if (it == m_calls.end())
    {
        if (Q2931CallProcedures::IsRestart(message))
        {
            ReceiveRestart(message); // on the global call reference
            return;
        }
        if (type == Q2931MessageType::LeafSetupRequest ||
            type == Q2931MessageType::LeafSetupFailure)
        {
            ReceiveLeafSetupMessage(message); // UNI 4.0: no call's reference
            return;
        }
        AnswerUnknownCallReference(message);
        return;
    }
    Call& call = it->second;
    Vc* v = CallVc(call);
    Q2931CallState state = CallStateOf(call, v);
    // Q.2931 5.6: a table lookup for what the call's state expects.
    Q2931CallProcedures::Verdict verdict =
        Q2931CallProcedures::Judge(Q2931Side::User, state, message);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        AnswerError(call, message, verdict);
        return;
    }
    switch (type)
    {
    case Q2931MessageType::CallProceeding:
        ReceiveCallProceeding(call, v, message);
        break;
    case Q2931MessageType::Alerting:
        ReceiveAlerting(call, v, message);
        break;
    case Q2931MessageType::Connect:
        ReceiveConnect(call, v, message);
        break;
    case Q2931MessageType::ConnectAcknowledge:
        ReceiveConnectAcknowledge(call, v);
        break;
    case Q2931MessageType::Release:
        ReceiveRelease(call, state, message, verdict);
        break;
    case Q2931MessageType::ReleaseComplete:
        ReceiveReleaseComplete(call, message);
        break;
    case Q2931MessageType::StatusEnquiry:
        // Q.2931 5.6.11: the call's state, with cause 30.
        SendStatus(call.callReference,
                   call.weAllocated,
                   state,
                   CauseIe(CauseIe::LOCATION_USER, Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY));
        break;
    case Q2931MessageType::Status:
        ReceiveStatus(call, message);
        break;
    default:
        if (Q2971PartyTable::IsPartyMessage(type))
        {
            ReceivePartyMessage(call, message);
            break;
        }
        NS_LOG_LOGIC("message " << message << " ignored");
        break;
    }
}

void
CoNetDevice::ReceiveSetup(const Q2931Header& message, uint64_t callId)
{
    NS_LOG_FUNCTION(this << message);
    uint32_t cref = message.GetCallReference();
    if (m_calls.count(CallKey(cref, false)) != 0)
    {
        return; // a retransmitted SETUP: the first one is being answered
    }
    Call refused;
    refused.callReference = cref;
    refused.weAllocated = false;

    // Q.2931 5.6.7: without the IEs of its bearer (or the VCI the network
    // gives it) a SETUP is refused, not taken for the defaults.
    Q2931CallProcedures::Verdict verdict =
        Q2931CallProcedures::JudgeSetup(Q2931Side::User, message);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        m_protocolErrorTrace(message, verdict.cause);
        Q2931Header reply(Q2931MessageType::ReleaseComplete, cref, true);
        reply.SetCause(Q2931CallProcedures::MakeCause(verdict.cause,
                                                      verdict.diagnostic,
                                                      CauseIe::LOCATION_USER));
        SendMessage(reply);
        return;
    }
    if (!m_joins.empty() && TakeJoiningSetup(message, callId))
    {
        return; // the call a JoinCall of ours asked for
    }
    const CalledPartyNumberIe* called = message.GetCalledPartyNumber();
    const ConnectionIdentifierIe* connection = message.GetConnectionIdentifier();
    CoCallParameters parameters = message.GetCallParameters();
    if (!parameters.Validate().empty())
    {
        SendMessage(refused, Q2931MessageType::ReleaseComplete, Q2931Cause::INVALID_IE_CONTENTS);
        return;
    }
    uint16_t vci = connection->vci;
    if (m_vcByVci.count(vci) != 0)
    {
        SendMessage(refused, Q2931MessageType::ReleaseComplete, Q2931Cause::VPCI_VCI_NOT_AVAILABLE);
        return;
    }
    CoSapHandle sap = MatchSap(called->number);
    if (!sap.IsValid())
    {
        SendMessage(refused,
                    Q2931MessageType::ReleaseComplete,
                    Q2931Cause::INCOMPATIBLE_DESTINATION);
        return;
    }
    if (m_vcs.size() >= m_maxVcs)
    {
        SendMessage(refused, Q2931MessageType::ReleaseComplete, Q2931Cause::RESOURCES_UNAVAILABLE);
        return;
    }

    // NdisMCmCreateVc, NdisMCmActivateVc, then NdisMCmDispatchIncomingCall.
    CoClientHandle client = m_saps.at(sap).client;
    CoVcHandle vc = NewVc(client, true);
    const CoClientHandlers* handlers = FindClient(client);
    if (handlers != nullptr && !handlers->createVc.IsNull() && !handlers->createVc(vc).IsSuccess())
    {
        // The client would not take the VC (ProtocolCoCreateVc failed): no
        // call can be dispatched on it. It never had it, so no deleteVc.
        m_vcs.erase(vc);
        SendMessage(refused, Q2931MessageType::ReleaseComplete, Q2931Cause::RESOURCES_UNAVAILABLE);
        return;
    }
    m_createVcTrace(vc);
    Vc& v = m_vcs.at(vc);
    v.sap = sap;
    v.parameters = parameters;
    v.state = CallState::Offered;
    v.callId = callId;
    NewCall(cref, false, vc).callId = callId;
    v.callKey = CallKey(cref, false);
    if (const EndpointReferenceIe* party = message.GetEndpointReference())
    {
        // A leaf of a multipoint call: to its client an incoming call like
        // any other; its answers name the party (Q.2971).
        m_leafReferences[v.callKey] = party->value;
        LijCallIdentifierIe identifier;
        const CallingPartyNumberIe* calling = message.GetCallingPartyNumber();
        if (calling != nullptr && message.GetOtherIe(identifier))
        {
            // A call leaves may join, to which its root added this leaf: kept
            // as joined until it ends, so that a JoinCall for it is refused
            // here (in network join no switch knows the leaf is a party,
            // and would add it a second time).
            Join& joined = m_joins[vc];
            joined.root = calling->number;
            joined.callIdentifier = identifier.value;
            joined.callKey = v.callKey;
        }
    }
    ActivateVc(vc, vci);
    KeepIncomingCallInformation(vc, message, parameters);
    m_incomingCallTrace(vc, parameters);

    handlers = FindClient(client);
    CoStatus answer(CoStatusCode::NotAccepted, Q2931Cause::CALL_REJECTED);
    CoCallParameters accepted = parameters;
    if (handlers != nullptr && !handlers->incomingCall.IsNull())
    {
        answer = handlers->incomingCall(sap, vc, accepted);
    }
    if (answer.IsPending())
    {
        // The answer may take a while: the client is asking its user. Q.2931
        // 5.2.5.2: ALERTING moves the network from T303 (4 s) to T301 (3
        // min), and tells the caller; CALL PROCEEDING (5.2.5.1), if so
        // configured, to T310 (10 s).
        m_rules.Pend(CoRequest::IncomingCall, vc.GetValue());
        Call& call = m_calls.at(v.callKey);
        call.alerting = m_alertWhenPended;
        SendMessage(call,
                    m_alertWhenPended ? Q2931MessageType::Alerting
                                      : Q2931MessageType::CallProceeding);
        return;
    }
    AnswerIncomingCall(vc, answer, accepted);
}

void
CoNetDevice::AnswerIncomingCall(CoVcHandle vc, CoStatus status, const CoCallParameters& parameters)
{
    NS_LOG_FUNCTION(this << vc << status);
    ForgetIncomingCallInformation(vc); // answered: no longer offered
    Vc& v = m_vcs.at(vc);
    if (status.IsSuccess() && !parameters.SameContract(v.parameters))
    {
        // The called party may only lower what it was offered: the switches
        // admitted the offer, and a CONNECT asking for more would reserve
        // what no one admitted. An answer outside the offer clears the call
        // with cause 73, "unsupported combination of traffic parameters"
        // (the cause Q.2931 gives for traffic parameters a call cannot have;
        // not 37, "user cell rate not available", which asks the switches
        // upstream to crank back and offer the same callee the call again).
        std::string error = v.parameters.CheckAnswer(parameters);
        if (!error.empty())
        {
            std::ostringstream os;
            os << "IncomingCall on VC " << vc << " accepted outside the offer: " << error;
            m_rules.Report(CoRule::AnswerOutsideOffer, os.str());
            status = CoStatus::FromCause(Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
        }
    }
    m_incomingCallCompleteTrace(vc, status);
    OfferEnded(v.sap);
    if (v.callKey == 0)
    {
        // The call is gone, though a release while Offered is indicated at
        // once (CallReleasedByNetwork) and withdraws the offer: defensive.
        DeactivateVc(vc);
        if (status.IsSuccess())
        {
            IndicateIncomingClose(vc, Q2931Cause::NORMAL_UNSPECIFIED);
        }
        else
        {
            CallEnded(vc);
        }
        return;
    }
    Call& call = m_calls.at(v.callKey);
    if (!status.IsSuccess())
    {
        uint8_t cause = status.GetCause() != 0 ? status.GetCause() : Q2931Cause::CALL_REJECTED;
        SendMessage(call, Q2931MessageType::ReleaseComplete, cause);
        ForgetCall(v.callKey);
        DeactivateVc(vc);
        CallEnded(vc);
        return;
    }
    Q2931Header connect(Q2931MessageType::Connect, call.callReference, true);
    if (!parameters.SameContract(v.parameters))
    {
        // The called party lowered the contract: say so in CONNECT.
        CoCallParameters granted = v.parameters;
        granted.forward = parameters.forward;
        granted.backward = parameters.backward;
        granted.modified = true;
        v.parameters = granted;
        if (HasVcScheduler() && v.active)
        {
            // The VC's shaper follows the lowered contract.
            GetVcScheduler()->UnregisterVc(0, v.vci);
            GetVcScheduler()->RegisterVc(0, v.vci, granted.category, granted.backward);
        }
        connect.SetAtmTrafficDescriptor(AtmTrafficDescriptorIe::FromCallParameters(granted));
    }
    v.state = CallState::Accepting;
    if (!m_leafReferences.empty())
    {
        AddLeafReference(call, connect);
    }
    SendMessage(connect);
    StartTimer(v.callKey, Q2931MessageType::Connect, m_t313);
}

CoNetDevice::Vc*
CoNetDevice::NoteProgress(const Call& call, Vc* v, const Q2931Header& message)
{
    if (!call.weAllocated || v == nullptr || v->state != CallState::Calling)
    {
        return nullptr;
    }
    // The network's first answer names the VCI (Q.2931 5.1.2).
    if (const ConnectionIdentifierIe* connection = message.GetConnectionIdentifier())
    {
        v->vci = connection->vci;
    }
    return v;
}

void
CoNetDevice::ReceiveCallProceeding(Call& call, Vc* v, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    if (NoteProgress(call, v, message) != nullptr)
    {
        StartTimer(CallKey(call.callReference, true), Q2931MessageType::CallProceeding, m_t310);
    }
}

void
CoNetDevice::ReceiveAlerting(Call& call, Vc* v, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    if (NoteProgress(call, v, message) == nullptr)
    {
        return;
    }
    // Q.2931 5.1.7: the called user is being alerted (U4). T301 replaces
    // T303 or T310.
    call.alerting = true;
    StartTimer(CallKey(call.callReference, true), Q2931MessageType::Alerting, m_t301);
    m_callAlertingTrace(call.vc);
    const CoClientHandlers* handlers = FindClient(v->client);
    if (handlers != nullptr && !handlers->callAlerting.IsNull())
    {
        handlers->callAlerting(call.vc);
    }
}

void
CoNetDevice::ReceiveConnect(Call& call, Vc* v, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    if (!call.weAllocated || v == nullptr || v->state != CallState::Calling)
    {
        return;
    }
    StopTimer(call);
    CoVcHandle vc = call.vc;
    if (const ConnectionIdentifierIe* connection = message.GetConnectionIdentifier())
    {
        v->vci = connection->vci;
    }
    if (v->vci == 0)
    {
        // The network never said which VCI to use: the call cannot carry data.
        ClearConnectingCall(call, Q2931Cause::MANDATORY_IE_MISSING);
        return;
    }
    if (const AtmTrafficDescriptorIe* td = message.GetAtmTrafficDescriptor())
    {
        // CONNECT carries a traffic descriptor only when the network or the
        // called party changed the contract, which it may only lower (see
        // AnswerIncomingCall): a switch that let more through is refused too.
        CoCallParameters granted = v->parameters;
        td->ApplyTo(granted);
        std::string error = v->parameters.CheckAnswer(granted);
        if (!error.empty())
        {
            NS_LOG_WARN("CONNECT for VC " << vc << " outside the request: " << error);
            ClearConnectingCall(call, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
            return;
        }
        granted.modified = !granted.SameContract(v->parameters);
        v->parameters = granted;
    }
    ActivateVc(vc, v->vci);
    v->state = CallState::Connected;
    SendMessage(call, Q2931MessageType::ConnectAcknowledge);
    CompleteMakeCall(vc, CoStatus());
}

void
CoNetDevice::ClearConnectingCall(Call& call, uint8_t cause)
{
    NS_LOG_FUNCTION(this << unsigned(cause));
    CoVcHandle vc = call.vc;
    Vc& v = m_vcs.at(vc);
    call.cause = cause;
    SendMessage(call, Q2931MessageType::Release, call.cause);
    StartTimer(CallKey(call.callReference, true), Q2931MessageType::Release, m_t308);
    call.vc = CoVcHandle();
    v.callKey = 0;
    v.state = CallState::Idle;
    CompleteMakeCall(vc, CoStatus::FromCause(cause));
}

void
CoNetDevice::ReceiveConnectAcknowledge(Call& call, Vc* v)
{
    NS_LOG_FUNCTION(this);
    if (!call.weAllocated && v != nullptr && v->state == CallState::Joining)
    {
        StopTimer(call);
        v->state = CallState::Connected;
        CompleteJoinCall(call.vc, CoStatus());
        return;
    }
    if (call.weAllocated || v == nullptr || v->state != CallState::Accepting)
    {
        return;
    }
    StopTimer(call);
    v->state = CallState::Connected;
    m_callConnectedTrace(call.vc);
    const CoClientHandlers* handlers = FindClient(v->client);
    if (handlers != nullptr && !handlers->callConnected.IsNull())
    {
        handlers->callConnected(call.vc);
    }
}

void
CoNetDevice::ReceiveRelease(Call& call,
                            Q2931CallState state,
                            const Q2931Header& message,
                            const Q2931CallProcedures::Verdict& answer)
{
    NS_LOG_FUNCTION(this << message);
    if (state != Q2931CallState::ReleaseRequest)
    {
        Q2931Header complete(Q2931MessageType::ReleaseComplete,
                             call.callReference,
                             !call.weAllocated);
        if (answer.cause != 0)
        {
            // Q.2931 5.6.7: a RELEASE without a valid Cause is told so.
            m_protocolErrorTrace(message, answer.cause);
            complete.SetCause(Q2931CallProcedures::MakeCause(answer.cause,
                                                             answer.diagnostic,
                                                             CauseIe::LOCATION_USER));
        }
        SendMessage(complete);
    }
    // else Q.2931 5.4.5 (clear collision): our RELEASE crossed the
    // network's; each takes the other's as its answer, stops T308 and frees
    // the call reference, sending nothing more.
    // Answered, the RELEASE ends the call as a RELEASE COMPLETE would.
    ReceiveReleaseComplete(call, message);
}

void
CoNetDevice::ReceiveReleaseComplete(Call& call, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    const CauseIe* causeIe = message.GetCause();
    uint8_t cause = causeIe != nullptr ? causeIe->cause : Q2931Cause::NORMAL_UNSPECIFIED;
    CoVcHandle vc = call.vc;
    ForgetCall(CallKey(call.callReference, call.weAllocated));
    CallReleasedByNetwork(vc, cause);
}

void
CoNetDevice::CallReleasedByNetwork(CoVcHandle vc, uint8_t cause)
{
    NS_LOG_FUNCTION(this << vc << unsigned(cause));
    auto it = m_vcs.find(vc);
    if (it == m_vcs.end())
    {
        return; // the call had already been detached from its VC
    }
    Vc& v = it->second;
    switch (v.state)
    {
    case CallState::Calling:
        v.state = CallState::Idle;
        CompleteMakeCall(vc, CoStatus::FromCause(cause));
        break;
    case CallState::Offered: {
        // The client is still deciding. CoNDIS tears down an offered call as
        // an active one (NdisMCmDispatchIncomingCloseCall): the offer is
        // withdrawn (no answer is due; IncomingCallComplete would now be
        // CompletedTwice), the VCI is free at once, and the client answers
        // the close with CloseCall, after which the device deletes the VC.
        CoSapHandle sap = v.sap;
        ForgetIncomingCallInformation(vc);
        m_rules.Withdraw(CoRequest::IncomingCall, vc.GetValue());
        DeactivateVc(vc);
        IndicateIncomingClose(vc, cause);
        OfferEnded(sap);
        break;
    }
    case CallState::Accepting:
    case CallState::Connected:
        DeactivateVc(vc);
        if (v.multipoint)
        {
            MultipointCallReleased(vc, cause);
        }
        IndicateIncomingClose(vc, cause);
        break;
    case CallState::Joining:
        // The joining call ended before it connected: the join fails.
        DeactivateVc(vc);
        v.callKey = 0;
        v.state = CallState::Idle;
        CompleteJoinCall(vc, CoStatus::FromCause(cause));
        break;
    case CallState::Closing:
        // Our RELEASE crossed the network's, or was answered: either way, done,
        // with the cause the call was cleared with (normal clearing).
        CompleteCloseCall(vc, CoStatus(CoStatusCode::Success, Q2931Cause::NORMAL_CLEARING));
        break;
    case CallState::Idle:
    case CallState::RemotelyClosed:
        break;
    }
}

void
CoNetDevice::CompleteMakeCall(CoVcHandle vc, CoStatus status)
{
    NS_LOG_FUNCTION(this << vc << status);
    Vc& v = m_vcs.at(vc);
    if (status.IsSuccess() && !v.active)
    {
        // Illegal, so it does not take effect: the client is not told, and
        // MakeCall stays pending until a legal completion (or EndOfRun).
        std::ostringstream os;
        os << "MakeCall on VC " << vc << " reported success before the VC was activated";
        m_rules.Report(CoRule::SuccessBeforeActivation, os.str());
        return;
    }
    if (!m_rules.Complete(CoRequest::MakeCall, vc.GetValue(), status))
    {
        return;
    }
    CoPartyHandle firstParty;
    bool multipoint = v.multipoint;
    if (multipoint)
    {
        firstParty = MakeCallCompleted(v, vc, status.IsSuccess());
    }
    if (!status.IsSuccess())
    {
        CallFailedOnVc(v, status);
    }
    CoCallParameters parameters = v.parameters;
    CoClientHandle client = v.client;
    m_makeCallCompleteTrace(vc, status, parameters);
    const CoClientHandlers* handlers = FindClient(client);
    if (handlers == nullptr)
    {
        return;
    }
    if (multipoint && !handlers->makeMultipointCallComplete.IsNull())
    {
        handlers->makeMultipointCallComplete(status, vc, firstParty, parameters);
    }
    else if (!handlers->makeCallComplete.IsNull())
    {
        handlers->makeCallComplete(status, vc, parameters);
    }
}

void
CoNetDevice::CompleteCloseCall(CoVcHandle vc, CoStatus status)
{
    NS_LOG_FUNCTION(this << vc << status);
    DeactivateVc(vc);
    CoClientHandle client = m_vcs.at(vc).client;
    m_vcs.at(vc).state = CallState::Idle;
    ForgetParties(vc);
    if (!m_joins.empty())
    {
        m_joins.erase(vc); // a joined call the leaf left: it may join it again
    }
    if (!m_rules.Complete(CoRequest::CloseCall, vc.GetValue(), status))
    {
        return;
    }
    m_closeCallCompleteTrace(vc, status);
    const CoClientHandlers* handlers = FindClient(client);
    if (handlers != nullptr && !handlers->closeCallComplete.IsNull())
    {
        handlers->closeCallComplete(status, vc);
    }
    // The handler may have deleted its VC, or placed a new call on it.
    auto it = m_vcs.find(vc);
    if (it != m_vcs.end() && it->second.state == CallState::Idle)
    {
        CallEnded(vc);
    }
}

void
CoNetDevice::IndicateIncomingClose(CoVcHandle vc, uint8_t cause)
{
    NS_LOG_FUNCTION(this << vc << unsigned(cause));
    Vc& v = m_vcs.at(vc);
    v.state = CallState::RemotelyClosed;
    v.callKey = 0;
    // A normal release closes with success, as NDIS reports it; anything
    // else carries the failure the network's cause stands for.
    bool normal = cause == Q2931Cause::NORMAL_CLEARING || cause == Q2931Cause::NORMAL_UNSPECIFIED;
    CoStatus status = normal ? CoStatus(CoStatusCode::Success, cause) : CoStatus::FromCause(cause);
    m_rules.Pend(CoRequest::IncomingCloseCall, vc.GetValue());
    m_incomingCloseCallTrace(vc, status);
    const CoClientHandlers* handlers = FindClient(v.client);
    if (handlers != nullptr && !handlers->incomingCloseCall.IsNull())
    {
        handlers->incomingCloseCall(status, vc);
    }
}

// ---- procedures for every call (Q.2931 5.6) ---------------------------------------

CoNetDevice::Vc*
CoNetDevice::CallVc(const Call& call)
{
    auto it = call.vc.IsValid() ? m_vcs.find(call.vc) : m_vcs.end();
    return it != m_vcs.end() ? &it->second : nullptr;
}

Q2931CallState
CoNetDevice::CallStateOf(const Call& call) const
{
    auto it = call.vc.IsValid() ? m_vcs.find(call.vc) : m_vcs.end();
    return CallStateOf(call, it != m_vcs.end() ? &it->second : nullptr);
}

Q2931CallState
CoNetDevice::CallStateOf(const Call& call, const Vc* v)
{
    if (v == nullptr)
    {
        return Q2931CallState::ReleaseRequest; // detached from its VC, RELEASE sent (T308)
    }
    switch (v->state)
    {
    case CallState::Calling:
        if (call.alerting)
        {
            return Q2931CallState::CallDelivered;
        }
        return call.timerFor == Q2931MessageType::CallProceeding
                   ? Q2931CallState::OutgoingCallProceeding
                   : Q2931CallState::CallInitiated;
    case CallState::Offered:
        // Left pending by the client, the call was answered with ALERTING
        // or CALL PROCEEDING (AlertWhenPended).
        return call.alerting ? Q2931CallState::CallReceived
                             : Q2931CallState::IncomingCallProceeding;
    case CallState::Accepting:
    case CallState::Joining: // a joining call's SETUP taken, CONNECT sent
        return Q2931CallState::ConnectRequest;
    case CallState::Connected:
        return Q2931CallState::Active;
    case CallState::Closing:
        return Q2931CallState::ReleaseRequest;
    case CallState::Idle:
    case CallState::RemotelyClosed:
        break;
    }
    return Q2931CallState::Null;
}

Q2931CallState
CoNetDevice::GetQ2931CallState(CoVcHandle vc) const
{
    auto v = m_vcs.find(vc);
    if (v == m_vcs.end() || v->second.callKey == 0)
    {
        return Q2931CallState::Null;
    }
    auto call = m_calls.find(v->second.callKey);
    return call == m_calls.end() ? Q2931CallState::Null : CallStateOf(call->second);
}

void
CoNetDevice::SendStatus(uint32_t callReference,
                        bool weAllocated,
                        Q2931CallState state,
                        const CauseIe& cause)
{
    Q2931Header status = Q2931CallProcedures::MakeStatus(state, cause);
    status.SetCallReference(callReference);
    status.SetCallReferenceFlag(!weAllocated);
    SendMessage(status);
}

void
CoNetDevice::AnswerError(const Call& call,
                         const Q2931Header& message,
                         const Q2931CallProcedures::Verdict& verdict)
{
    NS_LOG_FUNCTION(this << message << verdict.answer << unsigned(verdict.cause));
    if (verdict.answer == Q2931CallProcedures::Answer::Ignore)
    {
        return;
    }
    m_protocolErrorTrace(message, verdict.cause);
    SendStatus(
        call.callReference,
        call.weAllocated,
        CallStateOf(call),
        Q2931CallProcedures::MakeCause(verdict.cause, verdict.diagnostic, CauseIe::LOCATION_USER));
}

void
CoNetDevice::AnswerUnknownCallReference(const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    Q2931CallProcedures::Verdict verdict = Q2931CallProcedures::JudgeUnknownCallReference(message);
    uint32_t cref = message.GetCallReference();
    bool ours = message.GetCallReferenceFlag();
    switch (verdict.answer)
    {
    case Q2931CallProcedures::Answer::Handle:
    case Q2931CallProcedures::Answer::Ignore:
        return;
    case Q2931CallProcedures::Answer::Status:
        // Q.2931 5.6.11: a STATUS ENQUIRY for no call is told "null".
        SendStatus(cref,
                   ours,
                   Q2931CallState::Null,
                   CauseIe(CauseIe::LOCATION_USER, verdict.cause));
        return;
    case Q2931CallProcedures::Answer::ReleaseComplete: {
        m_protocolErrorTrace(message, verdict.cause);
        Call unknown;
        unknown.callReference = cref;
        unknown.weAllocated = ours;
        SendMessage(unknown, Q2931MessageType::ReleaseComplete, verdict.cause);
        return;
    }
    }
}

void
CoNetDevice::ReceiveStatus(Call& call, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    uint32_t key = CallKey(call.callReference, call.weAllocated);
    if (Q2931CallProcedures::AnswersEnquiry(message))
    {
        StopStatusEnquiry(key);
    }
    switch (Q2931CallProcedures::OnStatus(CallStateOf(call), message, false))
    {
    case Q2931CallProcedures::StatusAction::None:
        return;
    case Q2931CallProcedures::StatusAction::ReleaseLocally: {
        // Q.2931 5.6.12: the network has no such call: the call reference
        // is freed here and now, and the client told.
        CoVcHandle vc = call.vc;
        ForgetCall(key);
        CallReleasedByNetwork(vc, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
        return;
    }
    case Q2931CallProcedures::StatusAction::Clear:
        m_protocolErrorTrace(message, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
        ClearCall(key, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
        return;
    }
}

void
CoNetDevice::ClearCall(uint32_t callKey, uint8_t cause)
{
    NS_LOG_FUNCTION(this << callKey << unsigned(cause));
    Call& call = m_calls.at(callKey);
    if (CallStateOf(call) == Q2931CallState::ReleaseRequest)
    {
        return; // our RELEASE is out already
    }
    StopStatusEnquiry(callKey);
    CoVcHandle vc = call.vc;
    call.cause = cause;
    SendMessage(call, Q2931MessageType::Release, cause);
    StartTimer(callKey, Q2931MessageType::Release, m_t308);
    call.vc = CoVcHandle();
    auto v = m_vcs.find(vc);
    if (v != m_vcs.end() && v->second.callKey == callKey)
    {
        v->second.callKey = 0;
    }
    CallReleasedByNetwork(vc, cause);
}

bool
CoNetDevice::EnquireStatus(CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << vc);
    auto v = m_vcs.find(vc);
    if (v == m_vcs.end() || v->second.callKey == 0 || m_calls.count(v->second.callKey) == 0)
    {
        return false;
    }
    EnquireCallStatus(v->second.callKey);
    return true;
}

std::size_t
CoNetDevice::EnquireStatus()
{
    NS_LOG_FUNCTION(this);
    std::vector<uint32_t> keys;
    for (const auto& [key, call] : m_calls)
    {
        keys.push_back(key);
    }
    for (uint32_t key : keys)
    {
        EnquireCallStatus(key);
    }
    return keys.size();
}

void
CoNetDevice::EnquireCallStatus(uint32_t callKey)
{
    const Call& call = m_calls.at(callKey);
    if (!m_enquiries.try_emplace(callKey).second)
    {
        return; // Q.2931 5.6.11: one enquiry at a time; T322 is not restarted
    }
    SendMessage(call, Q2931MessageType::StatusEnquiry);
    // Found again: the trace sinks SendMessage() runs may have changed the table.
    Enquiry& enquiry = m_enquiries[callKey];
    enquiry.sent = 1;
    enquiry.timer = Simulator::Schedule(m_t322, &CoNetDevice::StatusEnquiryExpired, this, callKey);
}

void
CoNetDevice::StopStatusEnquiry(uint32_t callKey)
{
    if (m_enquiries.empty())
    {
        return; // as it nearly always is
    }
    auto it = m_enquiries.find(callKey);
    if (it != m_enquiries.end())
    {
        Simulator::Remove(it->second.timer);
        m_enquiries.erase(it);
    }
}

void
CoNetDevice::StatusEnquiryExpired(uint32_t callKey)
{
    NS_LOG_FUNCTION(this << callKey);
    const Call& call = m_calls.at(callKey);
    auto it = m_enquiries.find(callKey);
    NS_ASSERT_MSG(it != m_enquiries.end(), "T322 of a call with no enquiry");
    if (it->second.sent < m_n322)
    {
        SendMessage(call, Q2931MessageType::StatusEnquiry);
        Enquiry& enquiry = m_enquiries[callKey]; // found again, as in EnquireCallStatus()
        ++enquiry.sent;
        enquiry.timer =
            Simulator::Schedule(m_t322, &CoNetDevice::StatusEnquiryExpired, this, callKey);
        return;
    }
    // No STATUS to any of them: the call is cleared as a temporary failure.
    m_enquiries.erase(it);
    ClearCall(callKey, Q2931Cause::TEMPORARY_FAILURE);
}

// ---- timers -----------------------------------------------------------------------

void
CoNetDevice::StartTimer(uint32_t callKey, Q2931MessageType sent, Time duration)
{
    Call& call = m_calls.at(callKey);
    Simulator::Remove(call.timer);
    if (call.timerFor != sent)
    {
        call.timerExpiries = 0;
    }
    call.timerFor = sent;
    call.timer = Simulator::Schedule(duration, &CoNetDevice::TimerExpired, this, callKey);
}

void
CoNetDevice::StopTimer(Call& call)
{
    // Remove, not Cancel: a cancelled event stays queued until it would have fired.
    Simulator::Remove(call.timer);
    call.timerExpiries = 0;
}

void
CoNetDevice::TimerExpired(uint32_t callKey)
{
    NS_LOG_FUNCTION(this << callKey);
    Call& call = m_calls.at(callKey);
    ++call.timerExpiries;
    CoVcHandle vc = call.vc;
    switch (call.timerFor)
    {
    case Q2931MessageType::Setup: // T303, in U1 (call initiated)
        if (call.timerExpiries == 1)
        {
            // Q.2931 5.1.1: the first expiry sends the SETUP again, as it was.
            SendSetup(call);
            call.timer = Simulator::Schedule(m_t303, &CoNetDevice::TimerExpired, this, callKey);
            return;
        }
        // Q.2931 5.1.1: no answer to the SETUP sent again. The call is
        // cleared here (RELEASE COMPLETE with cause 102, "recovery on timer
        // expiry", so that a network that did hear it frees its side too),
        // the call reference freed, and MakeCall fails with that cause.
        SendMessage(call, Q2931MessageType::ReleaseComplete, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        ForgetCall(callKey);
        CallReleasedByNetwork(vc, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        return;
    case Q2931MessageType::CallProceeding: // T310, in U3 (outgoing call proceeding)
    case Q2931MessageType::Alerting:       // T301, in U4 (call delivered)
    case Q2931MessageType::Connect:        // T313, in U8 (connect request)
        // Q.2931 5.1.5 (T310: CALL PROCEEDING came, CONNECT did not), T301
        // (ALERTING came, CONNECT did not: the user side's optional timer,
        // longer than the network's) and 5.2.7 (T313: our CONNECT was not
        // acknowledged): the user clears with RELEASE, cause 102, as in
        // 5.4.3, and runs T308 on it. The client hears of it with the same
        // cause: MakeCall fails (T310, T301), or IncomingCloseCall (T313).
        call.cause = Q2931Cause::RECOVERY_ON_TIMER_EXPIRY;
        SendMessage(call, Q2931MessageType::Release, call.cause);
        call.vc = CoVcHandle();
        StartTimer(callKey, Q2931MessageType::Release, m_t308);
        m_vcs.at(vc).callKey = 0; // the release goes on without the VC
        CallReleasedByNetwork(vc, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        return;
    case Q2931MessageType::Release: // T308, in U11 (release request)
        if (call.timerExpiries == 1)
        {
            // Q.2931 5.4.3: the first expiry sends the RELEASE again, with
            // the cause of the first.
            SendMessage(call, Q2931MessageType::Release, call.cause);
            call.timer = Simulator::Schedule(m_t308, &CoNetDevice::TimerExpired, this, callKey);
            return;
        }
        // Q.2931 5.4.3: the second frees the call reference and returns to
        // the Null state; nothing more is sent. A pended CloseCall completes.
        ForgetCall(callKey);
        CallReleasedByNetwork(vc, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        return;
    default:
        NS_FATAL_ERROR("no Q.2931 timer guards a " << GetQ2931MessageTypeName(call.timerFor));
    }
}

} // namespace ns3
