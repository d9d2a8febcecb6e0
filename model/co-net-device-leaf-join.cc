/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CoNetDevice's side of ATM Forum UNI 4.0 leaf-initiated join: a leaf's
// JoinCall (LEAF SETUP REQUEST, T331, the SETUP that answers it), and a
// root's answer to a request for one of its calls (its client approves the
// join, which becomes an ADD PARTY, or refuses it with LEAF SETUP FAILURE).
// Kept apart from the call manager, which hooks into it only where a leaf
// setup message or a joining call's SETUP arrives: no other call runs or
// stores any of it.

#include "co-net-device.h"
#include "q2931-called-party-number-ie.h"
#include "q2931-calling-party-number-ie.h"
#include "uni40-lij-call-identifier-ie.h"
#include "uni40-lij-parameters-ie.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoNetDeviceLeafJoin");

namespace
{
constexpr uint32_t CALL_REFERENCE_MASK = 0x7fffff; //!< call references are 23 bits
} // namespace

std::size_t
CoNetDevice::GetLeafJoinCount() const
{
    return m_joins.size() + m_leafJoinCalls.size();
}

// ---- the leaf: JoinCall ---------------------------------------------------------------

CoStatus
CoNetDevice::JoinCall(CoVcHandle vc, const AesaAddress& root, uint32_t callIdentifier)
{
    NS_LOG_FUNCTION(this << vc << root << callIdentifier);
    Vc* v = FindVc(vc, "JoinCall");
    if (v == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (v->createdByDevice || v->state != CallState::Idle || IsClosing(v->client))
    {
        NS_LOG_WARN("JoinCall on VC " << vc << " in state " << v->state);
        return CoStatus(CoStatusCode::InvalidState);
    }
    if (root == AesaAddress())
    {
        NS_LOG_WARN("JoinCall on VC " << vc << ": no root address");
        return CoStatus(CoStatusCode::InvalidData);
    }
    for (const auto& [other, join] : m_joins)
    {
        if (join.root == root && join.callIdentifier == callIdentifier)
        {
            // One device, one party of a call: a second join would make the
            // root (or the network) add the same leaf twice.
            NS_LOG_WARN("JoinCall on VC " << vc << ": VC " << other << " has joined or is joining "
                                          << root << "'s call " << callIdentifier);
            return CoStatus(CoStatusCode::InvalidState);
        }
    }
    if (!IsSignallingUp())
    {
        CoStatus refused = CoStatus::FromCause(Q2931Cause::NETWORK_OUT_OF_ORDER);
        CallFailedOnVc(*v, refused);
        return refused;
    }
    // A call reference of our own names the request, so that LEAF SETUP
    // FAILURE finds it; the sequence number names it to the root and in the
    // SETUP that answers it, which comes with the network's call reference.
    uint32_t cref = m_nextCallReference;
    auto inUse = [this](uint32_t r) {
        if (m_calls.count(CallKey(r, true)) != 0)
        {
            return true;
        }
        for (const auto& [other, join] : m_joins)
        {
            if (join.callReference == r)
            {
                return true;
            }
        }
        return false;
    };
    while (cref == 0 || inUse(cref))
    {
        cref = (cref + 1) & CALL_REFERENCE_MASK;
    }
    m_nextCallReference = (cref + 1) & CALL_REFERENCE_MASK;

    Join& join = m_joins[vc];
    join.callReference = cref;
    join.sequence = m_nextLeafSequence++;
    join.root = root;
    join.callIdentifier = callIdentifier;
    v->state = CallState::Joining;
    v->multipoint = false; // to the leaf the call is an ordinary one
    v->callFailed = false;
    v->parameters = CoCallParameters();
    v->parameters.calledParty = m_aesa;
    v->parameters.callingParty = root;
    m_rules.Pend(CoRequest::JoinCall, vc.GetValue());
    m_joinCallTrace(vc, root, callIdentifier);
    SendLeafSetupRequest(vc);
    return CoStatus(CoStatusCode::Pending);
}

void
CoNetDevice::SendLeafSetupRequest(CoVcHandle vc)
{
    Join& join = m_joins.at(vc);
    Q2931Header request(Q2931MessageType::LeafSetupRequest, join.callReference, false);
    request.SetCallingPartyNumber(CallingPartyNumberIe(m_aesa));
    request.SetCalledPartyNumber(CalledPartyNumberIe(join.root));
    request.SetOtherIe(LijCallIdentifierIe(join.callIdentifier));
    request.SetOtherIe(LeafSequenceNumberIe(join.sequence));
    SendMessage(request);
    ++join.sent;
    join.t331 = Simulator::Schedule(m_t331, &CoNetDevice::LeafSetupTimerExpired, this, vc);
}

void
CoNetDevice::LeafSetupTimerExpired(CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << vc);
    auto it = m_joins.find(vc);
    if (it == m_joins.end() || it->second.callKey != 0)
    {
        return; // answered meanwhile
    }
    if (it->second.sent < 2)
    {
        // UNI 4.0: the first expiry sends the request again.
        SendLeafSetupRequest(vc);
        return;
    }
    // The second gives up: no call reference is held any more.
    m_vcs.at(vc).state = CallState::Idle;
    CompleteJoinCall(vc, CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
}

bool
CoNetDevice::TakeJoiningSetup(const Q2931Header& setup, uint64_t callId)
{
    LeafSequenceNumberIe sequence;
    if (!setup.GetOtherIe(sequence))
    {
        return false;
    }
    auto it = m_joins.begin();
    while (it != m_joins.end() &&
           (it->second.sequence != sequence.value || it->second.callKey != 0))
    {
        ++it;
    }
    if (it == m_joins.end())
    {
        return false; // not ours (a request given up): offered as any call
    }
    CoVcHandle vc = it->first;
    Join& join = it->second;
    uint32_t cref = setup.GetCallReference();
    CoCallParameters parameters = setup.GetCallParameters();
    uint16_t vci = setup.GetConnectionIdentifier()->vci; // mandatory: judged present
    uint8_t refusal = 0;
    if (!parameters.Validate().empty())
    {
        refusal = Q2931Cause::INVALID_IE_CONTENTS;
    }
    else if (m_vcByVci.count(vci) != 0)
    {
        refusal = Q2931Cause::VPCI_VCI_NOT_AVAILABLE;
    }
    if (refusal != 0)
    {
        Q2931Header reply(Q2931MessageType::ReleaseComplete, cref, true);
        reply.SetCause(CauseIe(CauseIe::LOCATION_USER, refusal));
        SendMessage(reply);
        m_vcs.at(vc).state = CallState::Idle;
        CompleteJoinCall(vc, CoStatus::FromCause(refusal));
        return true;
    }
    Simulator::Cancel(join.t331);
    // The leaf asked for this call: it is accepted here, without an offer
    // to a SAP (CONNECT, and the join completes with CONNECT ACKNOWLEDGE).
    Vc& v = m_vcs.at(vc);
    v.parameters = parameters;
    v.callId = callId;
    Call& call = NewCall(cref, false, vc);
    call.callId = callId;
    v.callKey = CallKey(cref, false);
    join.callKey = v.callKey;
    if (const EndpointReferenceIe* party = setup.GetEndpointReference())
    {
        m_leafReferences[v.callKey] = party->value;
    }
    ActivateVc(vc, vci);
    Q2931Header connect(Q2931MessageType::Connect, cref, true);
    AddLeafReference(call, connect);
    SendMessage(connect, callId);
    StartTimer(v.callKey, Q2931MessageType::Connect, m_t313);
    return true;
}

void
CoNetDevice::CompleteJoinCall(CoVcHandle vc, CoStatus status)
{
    NS_LOG_FUNCTION(this << vc << status);
    auto it = m_joins.find(vc);
    if (it != m_joins.end())
    {
        Simulator::Cancel(it->second.t331);
        if (!status.IsSuccess())
        {
            m_joins.erase(it);
        }
        // A joined call is remembered until it ends (CallEnded), so that the
        // client cannot join it a second time meanwhile.
    }
    Vc& v = m_vcs.at(vc);
    if (!m_rules.Complete(CoRequest::JoinCall, vc.GetValue(), status))
    {
        return;
    }
    if (!status.IsSuccess())
    {
        CallFailedOnVc(v, status);
    }
    CoCallParameters parameters = v.parameters;
    m_joinCallCompleteTrace(vc, status, parameters);
    const CoClientHandlers* handlers = FindClient(v.client);
    if (handlers != nullptr && !handlers->joinCallComplete.IsNull())
    {
        handlers->joinCallComplete(status, vc, parameters);
    }
}

// ---- both ends: the leaf setup messages ------------------------------------------------

void
CoNetDevice::ReceiveLeafSetupMessage(const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    Q2931CallProcedures::Verdict unknown = Q2931CallProcedures::JudgeUnknownCallReference(message);
    if (unknown.answer != Q2931CallProcedures::Answer::Handle)
    {
        return; // sent the wrong way round: nothing to answer
    }
    if (message.GetMessageType() == Q2931MessageType::LeafSetupFailure)
    {
        // The refusal of one of our requests, by its call reference.
        for (auto& [vc, join] : m_joins)
        {
            if (join.callReference == message.GetCallReference() && join.callKey == 0)
            {
                CoVcHandle joining = vc;
                m_vcs.at(joining).state = CallState::Idle;
                CompleteJoinCall(
                    joining,
                    CoStatus::FromCause(Q2931CallProcedures::GetClearingCause(message)));
                return;
            }
        }
        return; // given up already, or answered by the SETUP: nothing to do
    }

    // A leaf asks to join one of our calls (root-prompted join).
    Q2931CallProcedures::Verdict verdict = Q2931CallProcedures::JudgeLeafSetupRequest(message);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        m_protocolErrorTrace(message, verdict.cause);
        RefuseLeafSetup(message, verdict.cause, verdict.diagnostic);
        return;
    }
    LijCallIdentifierIe identifier;
    LeafSequenceNumberIe sequence;
    message.GetOtherIe(identifier); // present and valid: judged above
    message.GetOtherIe(sequence);
    const AesaAddress& leaf = message.GetCallingPartyNumber()->number;
    auto it = m_leafJoinCalls.find(identifier.value);
    const Vc* v = it != m_leafJoinCalls.end() ? &m_vcs.at(it->second.vc) : nullptr;
    if (v == nullptr || v->state != CallState::Connected)
    {
        // The identifier names no call of ours that a leaf can join (none,
        // or one not connected yet or any more).
        NS_LOG_LOGIC("LEAF SETUP REQUEST for call identifier " << identifier.value
                                                               << ", which names no call");
        RefuseLeafSetup(message, Q2931Cause::INVALID_IE_CONTENTS, LijCallIdentifierIe::IDENTIFIER);
        return;
    }
    LeafJoinCall& call = it->second;
    CoVcHandle vc = call.vc;
    // Records of requests whose party has gone since are of no use any more.
    auto gone = [this](const LeafJoinRequest& r) {
        if (r.pended != 0)
        {
            return false;
        }
        auto party = m_parties.find(r.party);
        return party == m_parties.end() || (party->second.state != PartyState::Adding &&
                                            party->second.state != PartyState::Active);
    };
    call.requests.erase(std::remove_if(call.requests.begin(), call.requests.end(), gone),
                        call.requests.end());
    for (const LeafJoinRequest& r : call.requests)
    {
        if (r.leaf == leaf && r.sequence == sequence.value)
        {
            // The leaf's T331 sent it again: the answer is on its way.
            NS_LOG_LOGIC("LEAF SETUP REQUEST " << sequence.value << " of " << leaf
                                               << " again: being answered");
            return;
        }
    }
    LeafJoinRequest request;
    request.leaf = leaf;
    request.sequence = sequence.value;
    request.callReference = message.GetCallReference();
    bool asked = std::any_of(call.requests.begin(),
                             call.requests.end(),
                             [&leaf](const LeafJoinRequest& r) { return r.leaf == leaf; });
    if (asked || IsPartyOf(vc, leaf))
    {
        // UNI 4.0 leaves a leaf that is a party already to the root: refused,
        // so that no leaf receives the call twice.
        NS_LOG_LOGIC("LEAF SETUP REQUEST of " << leaf << ", a party of the call already");
        m_incomingLeafJoinTrace(vc, leaf, CoStatus::FromCause(Q2931Cause::CALL_REJECTED));
        RefuseLeafSetup(request, Q2931Cause::CALL_REJECTED);
        return;
    }
    const CoClientHandlers* handlers = FindClient(v->client);
    CoStatus answer(CoStatusCode::NotAccepted, Q2931Cause::CALL_REJECTED);
    if (handlers != nullptr && !handlers->incomingLeafJoin.IsNull())
    {
        answer = handlers->incomingLeafJoin(vc, leaf);
    }
    // The handler may have ended the call, and with it this record's table.
    auto still = m_leafJoinCalls.find(identifier.value);
    if (still == m_leafJoinCalls.end() || still->second.vc != vc)
    {
        // Whatever it answered, no leaf joins a call that ended; a pended
        // answer is owed no more (IncomingLeafJoinComplete: CompletedTwice).
        m_incomingLeafJoinTrace(vc, leaf, answer);
        RefuseLeafSetup(request, Q2931Cause::INVALID_IE_CONTENTS, LijCallIdentifierIe::IDENTIFIER);
        return;
    }
    if (answer.IsPending())
    {
        // Answered later by IncomingLeafJoinComplete, exactly once.
        request.pended = m_nextHandle++;
        m_rules.Pend(CoRequest::IncomingLeafJoin, request.pended);
        still->second.requests.push_back(request);
        m_incomingLeafJoinTrace(vc, leaf, answer);
        return;
    }
    still->second.requests.push_back(request);
    AnswerLeafJoin(still->second, still->second.requests.size() - 1, answer);
}

void
CoNetDevice::IncomingLeafJoinComplete(CoStatus status, CoVcHandle vc, const AesaAddress& leaf)
{
    NS_LOG_FUNCTION(this << status << vc << leaf);
    if (FindVc(vc, "IncomingLeafJoinComplete") == nullptr)
    {
        return;
    }
    for (auto& [identifier, call] : m_leafJoinCalls)
    {
        if (call.vc != vc)
        {
            continue;
        }
        for (std::size_t i = 0; i < call.requests.size(); ++i)
        {
            LeafJoinRequest& r = call.requests[i];
            if (r.leaf == leaf && r.pended != 0)
            {
                if (!m_rules.Complete(CoRequest::IncomingLeafJoin, r.pended, status))
                {
                    return;
                }
                r.pended = 0;
                AnswerLeafJoin(call, i, status);
                return;
            }
        }
    }
    std::ostringstream os;
    os << "IncomingLeafJoinComplete on VC " << vc << " for leaf " << leaf
       << ", whose join is not pending (answered, or withdrawn when the call ended)";
    m_rules.Report(CoRule::CompletedTwice, os.str());
}

void
CoNetDevice::AnswerLeafJoin(LeafJoinCall& call, std::size_t request, CoStatus answer)
{
    CoVcHandle vc = call.vc;
    LeafJoinRequest r = call.requests[request];
    if (answer.IsSuccess())
    {
        // The approved leaf is added as a party, its sequence number telling
        // it which call it asked for; AddPartyComplete follows.
        CoCallParameters parameters = m_vcs.at(vc).parameters;
        parameters.calledParty = r.leaf;
        parameters.modified = false;
        LeafSequenceNumberIe sequence(r.sequence);
        CoPartyHandle party;
        CoStatus added = AddParty(vc, parameters, party, &sequence);
        if (added.IsPending())
        {
            call.requests[request].party = party;
        }
        else
        {
            answer = added;
        }
    }
    m_incomingLeafJoinTrace(vc, r.leaf, answer);
    if (!answer.IsSuccess())
    {
        call.requests.erase(call.requests.begin() + request);
        uint8_t cause = answer.GetCause() != 0 ? answer.GetCause() : Q2931Cause::CALL_REJECTED;
        RefuseLeafSetup(r, cause);
    }
}

bool
CoNetDevice::IsPartyOf(CoVcHandle vc, const AesaAddress& leaf) const
{
    auto list = m_partiesOfVc.find(vc);
    if (list == m_partiesOfVc.end())
    {
        return false;
    }
    for (CoPartyHandle handle : list->second)
    {
        const Party& p = m_parties.at(handle);
        if (p.parameters.calledParty == leaf &&
            (p.state == PartyState::Adding || p.state == PartyState::Active))
        {
            return true;
        }
    }
    return false;
}

void
CoNetDevice::RefuseLeafSetup(const Q2931Header& request, uint8_t cause, uint8_t diagnostic)
{
    Q2931Header failure(Q2931MessageType::LeafSetupFailure, request.GetCallReference(), true);
    failure.SetCause(Q2931CallProcedures::MakeCause(cause, diagnostic, CauseIe::LOCATION_USER));
    LeafSequenceNumberIe sequence;
    if (request.GetOtherIe(sequence))
    {
        failure.SetOtherIe(sequence);
    }
    SendMessage(failure);
}

void
CoNetDevice::RefuseLeafSetup(const LeafJoinRequest& request, uint8_t cause, uint8_t diagnostic)
{
    Q2931Header failure(Q2931MessageType::LeafSetupFailure, request.callReference, true);
    failure.SetCause(Q2931CallProcedures::MakeCause(cause, diagnostic, CauseIe::LOCATION_USER));
    failure.SetOtherIe(LeafSequenceNumberIe(request.sequence));
    SendMessage(failure);
}

// ---- the root: calls leaves may join ---------------------------------------------------

void
CoNetDevice::MakeLeafJoinSetup(Q2931Header& setup, CoVcHandle vc) const
{
    // Found by VC among the root's few joinable calls: the call itself keeps
    // nothing of its join, so that no other call pays for it.
    for (const auto& [identifier, call] : m_leafJoinCalls)
    {
        if (call.vc == vc)
        {
            setup.SetOtherIe(LijCallIdentifierIe(identifier));
            if (call.mode == CoLeafJoinMode::NetworkJoin)
            {
                setup.SetOtherIe(LijParametersIe());
            }
            return;
        }
    }
}

void
CoNetDevice::ForgetLeafJoinCall(CoVcHandle vc)
{
    for (auto it = m_leafJoinCalls.begin(); it != m_leafJoinCalls.end();)
    {
        if (it->second.vc != vc)
        {
            ++it;
            continue;
        }
        // Requests the client has not answered yet are withdrawn (no answer
        // is due any more, as for an offered call the network released),
        // and their leaves told as a request for no call would be.
        for (const LeafJoinRequest& r : it->second.requests)
        {
            if (r.pended != 0)
            {
                m_rules.Withdraw(CoRequest::IncomingLeafJoin, r.pended);
                RefuseLeafSetup(r,
                                Q2931Cause::INVALID_IE_CONTENTS,
                                LijCallIdentifierIe::IDENTIFIER);
            }
        }
        it = m_leafJoinCalls.erase(it);
    }
}

} // namespace ns3
