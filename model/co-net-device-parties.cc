/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CoNetDevice's point-to-multipoint calls (Q.2971 at the root's UNI, and the
// CoNDIS party contract): kept apart from the point-to-point call manager,
// which they hook into at a few places (MakeCall, its completion, the
// network's release, CloseCall), so that a point-to-point call neither runs
// nor stores any of it.

#include "co-net-device.h"
#include "q2931-called-party-number-ie.h"
#include "q2971-endpoint-state-ie.h"

#include "ns3/log.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoNetDeviceParties");

const char*
CoNetDevice::GetPartyStateName(PartyState state)
{
    switch (state)
    {
    case PartyState::None:
        return "None";
    case PartyState::Adding:
        return "Adding";
    case PartyState::Active:
        return "Active";
    case PartyState::Dropping:
        return "Dropping";
    case PartyState::RemotelyDropped:
        return "RemotelyDropped";
    }
    return "Unknown";
}

std::ostream&
operator<<(std::ostream& os, CoNetDevice::PartyState state)
{
    return os << CoNetDevice::GetPartyStateName(state);
}

void
CoNetDevice::SetPartyParametersPolicy(PartyParametersPolicy policy)
{
    m_partyPolicy = policy;
}

void
CoNetDevice::SetPartyParametersPolicyValue(int policy)
{
    SetPartyParametersPolicy(static_cast<PartyParametersPolicy>(policy));
}

int
CoNetDevice::GetPartyParametersPolicyValue() const
{
    return static_cast<int>(m_partyPolicy);
}

// ---- the client interface ---------------------------------------------------------

CoStatus
CoNetDevice::AddParty(CoVcHandle vc, const CoCallParameters& parameters, CoPartyHandle& party)
{
    return AddParty(vc, parameters, party, nullptr);
}

CoStatus
CoNetDevice::AddParty(CoVcHandle vc,
                      const CoCallParameters& parameters,
                      CoPartyHandle& party,
                      const LeafSequenceNumberIe* sequence)
{
    NS_LOG_FUNCTION(this << vc << parameters << (sequence != nullptr));
    party = CoPartyHandle();
    Vc* v = FindVc(vc, "AddParty");
    if (v == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (!v->multipoint || v->state != CallState::Connected || IsClosing(v->client))
    {
        NS_LOG_WARN("AddParty on VC " << vc << ": " << (v->multipoint ? "" : "not multipoint, ")
                                      << v->state);
        return CoStatus(CoStatusCode::InvalidState);
    }
    if (parameters.calledParty == AesaAddress())
    {
        NS_LOG_WARN("AddParty on VC " << vc << ": no called party number");
        return CoStatus(CoStatusCode::InvalidData);
    }
    CoCallParameters granted = v->parameters;
    granted.calledParty = parameters.calledParty;
    granted.modified = false;
    if (!parameters.SameContract(v->parameters))
    {
        // CoNDIS leaves a party whose parameters differ from the VC's to the
        // call manager: one VC has one contract, whatever each party asked.
        switch (m_partyPolicy)
        {
        case PartyParametersPolicy::ResetToVc:
            granted.modified = true;
            break;
        case PartyParametersPolicy::ChangeForAll: {
            // No more than the network granted, so nothing to reserve anew:
            // the VC sends within the new contract, to every party.
            std::string error = parameters.Validate();
            if (error.empty())
            {
                error = v->parameters.CheckAnswer(parameters);
            }
            if (!error.empty())
            {
                NS_LOG_WARN("AddParty on VC " << vc << " refused: " << error);
                return CoStatus::FromCause(Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
            }
            v->parameters.forward = parameters.forward;
            v->parameters.modified = true;
            granted.forward = parameters.forward;
            granted.modified = true;
            for (auto& [handle, other] : m_parties)
            {
                if (other.vc == vc)
                {
                    other.parameters.forward = parameters.forward;
                    other.parameters.modified = true;
                }
            }
            break;
        }
        case PartyParametersPolicy::Reject:
            NS_LOG_WARN("AddParty on VC " << vc << " refused: parameters differ from the VC's");
            return CoStatus::FromCause(Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
        }
    }
    if (!IsSignallingUp())
    {
        return CoStatus::FromCause(Q2931Cause::NETWORK_OUT_OF_ORDER);
    }
    Q2971PartyTable::PartyId id;
    if (!m_partyTable.Allocate(v->callKey, Q2971PartyState::AddPartyInitiated, id))
    {
        return CoStatus(CoStatusCode::Resources); // 32767 parties in use
    }
    party = NewParty(vc, id.reference, granted);
    m_rules.Pend(CoRequest::AddParty, party.GetValue());
    m_addPartyTrace(party, granted);

    const Call& call = m_calls.at(v->callKey);
    Q2931Header add(Q2931MessageType::AddParty, call.callReference, !call.weAllocated);
    add.SetEndpointReference(EndpointReferenceIe(id.reference, false));
    add.SetCalledPartyNumber(CalledPartyNumberIe(parameters.calledParty));
    if (sequence != nullptr)
    {
        // UNI 4.0: the leaf tells the call it asked for by its sequence number.
        add.SetOtherIe(*sequence);
    }
    SendMessage(add, call.callId);
    m_partyTable.SetDurations(m_t397, m_t398, m_t399);
    m_partyTable.StartTimer(v->callKey, id, Q2971PartyTable::Timer::T399);
    return CoStatus(CoStatusCode::Pending);
}

CoStatus
CoNetDevice::DropParty(CoPartyHandle party)
{
    NS_LOG_FUNCTION(this << party);
    Party* p = FindParty(party, "DropParty");
    if (p == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (p->state == PartyState::RemotelyDropped)
    {
        // The answer to IncomingDropParty: the party is gone on the UNI already.
        m_dropPartyTrace(party);
        m_rules.Complete(CoRequest::IncomingDropParty, party.GetValue(), CoStatus());
        ForgetParty(party);
        return CoStatus();
    }
    if (p->state != PartyState::Active)
    {
        NS_LOG_WARN("DropParty on party " << party << " in state " << p->state);
        return CoStatus(CoStatusCode::InvalidState);
    }
    if (CountParties(p->vc) == 1)
    {
        std::ostringstream os;
        os << "DropParty on party " << party << ", the last of VC " << p->vc
           << " (close the call instead)";
        m_rules.Report(CoRule::DropLastParty, os.str());
        return CoStatus(CoStatusCode::InvalidState);
    }
    const Vc& v = m_vcs.at(p->vc);
    m_dropPartyTrace(party);
    p->state = PartyState::Dropping;
    m_rules.Pend(CoRequest::DropParty, party.GetValue());
    SendDropParty(v.callKey, {p->reference, true}, Q2931Cause::NORMAL_CLEARING);
    return CoStatus(CoStatusCode::Pending);
}

CoStatus
CoNetDevice::CloseCall(CoVcHandle vc, CoPartyHandle lastParty)
{
    NS_LOG_FUNCTION(this << vc << lastParty);
    Party* p = FindParty(lastParty, "CloseCall");
    if (p == nullptr)
    {
        return CoStatus(CoStatusCode::InvalidData);
    }
    if (p->vc != vc)
    {
        NS_LOG_WARN("CloseCall on VC " << vc << " names party " << lastParty << " of VC " << p->vc);
        return CoStatus(CoStatusCode::InvalidData);
    }
    return CloseCall(vc);
}

CoNetDevice::PartyState
CoNetDevice::GetPartyState(CoPartyHandle party) const
{
    auto it = m_parties.find(party);
    return it == m_parties.end() ? PartyState::None : it->second.state;
}

Q2971PartyState
CoNetDevice::GetQ2971PartyState(CoPartyHandle party) const
{
    auto it = m_parties.find(party);
    if (it == m_parties.end())
    {
        return Q2971PartyState::Null;
    }
    auto v = m_vcs.find(it->second.vc);
    if (v == m_vcs.end() || v->second.callKey == 0)
    {
        return Q2971PartyState::Null;
    }
    return m_partyTable.GetState(v->second.callKey, {it->second.reference, true});
}

std::vector<CoPartyHandle>
CoNetDevice::GetParties(CoVcHandle vc) const
{
    auto it = m_partiesOfVc.find(vc);
    return it == m_partiesOfVc.end() ? std::vector<CoPartyHandle>() : it->second;
}

CoVcHandle
CoNetDevice::GetPartyVc(CoPartyHandle party) const
{
    auto it = m_parties.find(party);
    return it == m_parties.end() ? CoVcHandle() : it->second.vc;
}

uint16_t
CoNetDevice::GetPartyEndpointReference(CoPartyHandle party) const
{
    auto it = m_parties.find(party);
    return it == m_parties.end() ? 0 : it->second.reference;
}

bool
CoNetDevice::IsMultipoint(CoVcHandle vc) const
{
    auto it = m_vcs.find(vc);
    return it != m_vcs.end() && it->second.multipoint;
}

std::size_t
CoNetDevice::GetPartyHandleCount() const
{
    return m_parties.size();
}

std::size_t
CoNetDevice::GetQ2971PartyCount() const
{
    return m_partyTable.GetPartyCount();
}

// ---- bookkeeping ------------------------------------------------------------------

CoNetDevice::Party*
CoNetDevice::FindParty(CoPartyHandle party, const char* operation)
{
    auto it = m_parties.find(party);
    if (it == m_parties.end())
    {
        std::ostringstream os;
        os << operation << " on party handle " << party << ", which is not valid";
        m_rules.Report(CoRule::StaleHandle, os.str());
        return nullptr;
    }
    return &it->second;
}

CoPartyHandle
CoNetDevice::NewParty(CoVcHandle vc, uint16_t reference, const CoCallParameters& parameters)
{
    CoPartyHandle party(m_nextHandle++);
    Party& p = m_parties[party];
    p.vc = vc;
    p.reference = reference;
    p.parameters = parameters;
    m_partiesOfVc[vc].push_back(party);
    m_partyByReference[PartyKey(vc, reference)] = party;
    return party;
}

void
CoNetDevice::ForgetParty(CoPartyHandle party)
{
    auto it = m_parties.find(party);
    if (it == m_parties.end())
    {
        return;
    }
    m_partyByReference.erase(PartyKey(it->second.vc, it->second.reference));
    auto list = m_partiesOfVc.find(it->second.vc);
    if (list != m_partiesOfVc.end())
    {
        auto& handles = list->second;
        handles.erase(std::remove(handles.begin(), handles.end(), party), handles.end());
        if (handles.empty())
        {
            m_partiesOfVc.erase(list);
        }
    }
    m_parties.erase(it);
}

void
CoNetDevice::ForgetParties(CoVcHandle vc)
{
    for (CoPartyHandle party : GetParties(vc))
    {
        ForgetParty(party);
    }
    if (!m_leafJoinCalls.empty())
    {
        ForgetLeafJoinCall(vc);
    }
}

CoPartyHandle
CoNetDevice::FindPartyByReference(uint32_t callKey, uint16_t reference) const
{
    auto call = m_calls.find(callKey);
    if (call == m_calls.end())
    {
        return CoPartyHandle();
    }
    auto party = m_partyByReference.find(PartyKey(call->second.vc, reference));
    return party == m_partyByReference.end() ? CoPartyHandle() : party->second;
}

std::size_t
CoNetDevice::CountParties(CoVcHandle vc) const
{
    auto it = m_partiesOfVc.find(vc);
    return it == m_partiesOfVc.end() ? 0 : it->second.size();
}

// ---- signalling ---------------------------------------------------------------------

void
CoNetDevice::MakeMultipointSetup(Q2931Header& setup)
{
    BroadbandBearerCapabilityIe bearer;
    if (const BroadbandBearerCapabilityIe* given = setup.GetBroadbandBearerCapability())
    {
        bearer = *given;
    }
    bearer.userPlaneConfiguration = BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT;
    setup.SetBroadbandBearerCapability(bearer);
    setup.SetEndpointReference(EndpointReferenceIe(0, false));
}

CoPartyHandle
CoNetDevice::MakeCallCompleted(Vc& v, CoVcHandle vc, bool success)
{
    CoPartyHandle first;
    for (CoPartyHandle party : GetParties(vc))
    {
        Party& p = m_parties.at(party);
        if (p.reference == 0)
        {
            first = party;
            if (success)
            {
                p.state = PartyState::Active;
                p.parameters = v.parameters;
                m_partyTable.SetState(v.callKey, {0, true}, Q2971PartyState::Active);
            }
        }
    }
    if (!success)
    {
        ForgetParties(vc); // the first party's handle is invalid with the call
    }
    return first;
}

void
CoNetDevice::AddLeafReference(const Call& call, Q2931Header& message) const
{
    if (call.weAllocated)
    {
        return;
    }
    auto it = m_leafReferences.find(CallKey(call.callReference, false));
    if (it == m_leafReferences.end())
    {
        return;
    }
    Q2931MessageType type = message.GetMessageType();
    if (type == Q2931MessageType::CallProceeding || type == Q2931MessageType::Alerting ||
        type == Q2931MessageType::Connect)
    {
        // Q.2971: the answers to a multipoint SETUP name the party, with the
        // flag of the side that did not allocate its reference.
        message.SetEndpointReference(EndpointReferenceIe(it->second, true));
    }
}

void
CoNetDevice::SendPartyMessage(const Call& call,
                              Q2971PartyTable::PartyId party,
                              Q2931MessageType type,
                              uint8_t cause)
{
    Q2931Header message(type, call.callReference, !call.weAllocated);
    // The reference's flag is set by the side that did not allocate it.
    message.SetEndpointReference(EndpointReferenceIe(party.reference, !party.weAllocated));
    if (cause != 0)
    {
        message.SetCause(CauseIe(CauseIe::LOCATION_USER, cause));
    }
    SendMessage(message, call.callId);
}

void
CoNetDevice::SendDropParty(uint32_t callKey, Q2971PartyTable::PartyId party, uint8_t cause)
{
    const Call& call = m_calls.at(callKey);
    m_partyTable.SetState(callKey, party, Q2971PartyState::DropPartyInitiated);
    SendPartyMessage(call, party, Q2931MessageType::DropParty, cause);
    m_partyTable.SetDurations(m_t397, m_t398, m_t399);
    m_partyTable.StartTimer(callKey, party, Q2971PartyTable::Timer::T398);
}

void
CoNetDevice::ReceivePartyMessage(Call& call, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << message);
    const Vc* v = call.vc.IsValid() ? &m_vcs.at(call.vc) : nullptr;
    uint32_t callKey = CallKey(call.callReference, call.weAllocated);
    if (v == nullptr || !v->multipoint || !call.weAllocated)
    {
        ReceiveLeafPartyMessage(call, message);
        return;
    }
    Q2931MessageType type = message.GetMessageType();
    const EndpointReferenceIe& ie = *message.GetEndpointReference(); // mandatory: judged present
    // A reference with the flag set comes from the side that did not allocate it.
    Q2971PartyTable::PartyId id{ie.value, ie.flag};
    Q2971PartyState state = m_partyTable.GetState(callKey, id);
    if (state == Q2971PartyState::Null)
    {
        // Q.2971: a party this end does not know. A DROP PARTY ACKNOWLEDGE
        // needs no answer; anything else is answered with one, cause 89.
        if (type != Q2931MessageType::DropPartyAcknowledge)
        {
            m_protocolErrorTrace(message, Q2931Cause::INVALID_ENDPOINT_REFERENCE);
            SendPartyMessage(call,
                             id,
                             Q2931MessageType::DropPartyAcknowledge,
                             Q2931Cause::INVALID_ENDPOINT_REFERENCE);
        }
        return;
    }
    Q2971PartyTable::Transition next = Q2971PartyTable::OnReceive(state, type);
    if (!next.expected)
    {
        // Unexpected in the party's state: STATUS with cause 101, naming the
        // party and its state.
        m_protocolErrorTrace(message, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
        Q2931Header status = Q2931CallProcedures::MakeStatus(
            CallStateOf(call),
            CauseIe(CauseIe::LOCATION_USER, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE));
        status.SetCallReference(call.callReference);
        status.SetCallReferenceFlag(!call.weAllocated);
        status.SetEndpointReference(EndpointReferenceIe(id.reference, !id.weAllocated));
        status.SetOtherIe(EndpointStateIe(state));
        SendMessage(status, call.callId);
        return;
    }
    CoPartyHandle party =
        id.weAllocated ? FindPartyByReference(callKey, id.reference) : CoPartyHandle();
    const CauseIe* causeIe = message.GetCause();
    uint8_t cause = causeIe != nullptr ? causeIe->cause : Q2931Cause::NORMAL_UNSPECIFIED;
    m_partyTable.StopTimer(callKey, id);
    switch (type)
    {
    case Q2931MessageType::PartyAlerting:
        m_partyTable.SetState(callKey, id, next.next);
        m_partyTable.SetDurations(m_t397, m_t398, m_t399);
        m_partyTable.StartTimer(callKey, id, Q2971PartyTable::Timer::T397);
        if (party.IsValid())
        {
            m_partyAlertingTrace(party);
            const CoClientHandlers* handlers = FindClient(v->client);
            if (handlers != nullptr && !handlers->partyAlerting.IsNull())
            {
                handlers->partyAlerting(party);
            }
        }
        break;
    case Q2931MessageType::AddPartyAcknowledge:
        m_partyTable.SetState(callKey, id, next.next);
        if (party.IsValid())
        {
            CompleteAddParty(party, CoStatus());
        }
        break;
    case Q2931MessageType::AddPartyReject:
        m_partyTable.SetState(callKey, id, Q2971PartyState::Null);
        if (party.IsValid())
        {
            CompleteAddParty(party, CoStatus::FromCause(cause));
        }
        break;
    case Q2931MessageType::DropParty:
        // Q.2971: acknowledged at once, the party gone on this interface.
        SendPartyMessage(call, id, Q2931MessageType::DropPartyAcknowledge);
        m_partyTable.SetState(callKey, id, Q2971PartyState::Null);
        if (party.IsValid())
        {
            switch (m_parties.at(party).state)
            {
            case PartyState::Adding:
                CompleteAddParty(party, CoStatus::FromCause(cause));
                break;
            case PartyState::Dropping: // the drops crossed
                CompleteDropParty(party, CoStatus());
                break;
            case PartyState::Active:
                IndicateIncomingDropParty(party, cause);
                break;
            case PartyState::None:
            case PartyState::RemotelyDropped:
                break;
            }
        }
        break;
    case Q2931MessageType::DropPartyAcknowledge:
        m_partyTable.SetState(callKey, id, Q2971PartyState::Null);
        if (party.IsValid() && m_parties.at(party).state == PartyState::Dropping)
        {
            CompleteDropParty(party, CoStatus());
        }
        break;
    default: // ADD PARTY: a root adds, it is not added to
        break;
    }
}

void
CoNetDevice::ReceiveLeafPartyMessage(const Call& call, const Q2931Header& message)
{
    Q2931MessageType type = message.GetMessageType();
    const EndpointReferenceIe& ie = *message.GetEndpointReference();
    Q2971PartyTable::PartyId id{ie.value, ie.flag};
    m_protocolErrorTrace(message, Q2931Cause::INVALID_ENDPOINT_REFERENCE);
    if (type == Q2931MessageType::AddParty)
    {
        // A leaf is one party: a second on the same call is not taken.
        SendPartyMessage(call,
                         id,
                         Q2931MessageType::AddPartyReject,
                         Q2931Cause::RESOURCES_UNAVAILABLE);
    }
    else if (type != Q2931MessageType::DropPartyAcknowledge)
    {
        // Only RELEASE ends a leaf's party (Q.2971: the last party on an
        // interface is released, not dropped), and a point-to-point call has
        // no parties: nothing here is a party this end knows.
        SendPartyMessage(call,
                         id,
                         Q2931MessageType::DropPartyAcknowledge,
                         Q2931Cause::INVALID_ENDPOINT_REFERENCE);
    }
}

void
CoNetDevice::PartyTimerExpired(uint64_t callKey,
                               Q2971PartyTable::PartyId party,
                               Q2971PartyTable::Timer timer)
{
    NS_LOG_FUNCTION(this << callKey << party.reference << static_cast<int>(timer));
    auto call = m_calls.find(static_cast<uint32_t>(callKey));
    if (call == m_calls.end())
    {
        return;
    }
    CoPartyHandle handle =
        party.weAllocated ? FindPartyByReference(call->first, party.reference) : CoPartyHandle();
    if (timer == Q2971PartyTable::Timer::T398)
    {
        // No acknowledgement: the party is released here all the same.
        m_partyTable.SetState(callKey, party, Q2971PartyState::Null);
        if (handle.IsValid() && m_parties.at(handle).state == PartyState::Dropping)
        {
            CompleteDropParty(handle, CoStatus());
        }
        return;
    }
    // T399 (no answer) or T397 (alerted, no answer): the add fails, and the
    // party is dropped (Q.2971, cause 102).
    SendDropParty(call->first, party, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    if (handle.IsValid() && m_parties.at(handle).state == PartyState::Adding)
    {
        CompleteAddParty(handle, CoStatus::FromCause(Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
    }
}

// ---- completions and indications ----------------------------------------------------

void
CoNetDevice::CompleteAddParty(CoPartyHandle party, CoStatus status)
{
    NS_LOG_FUNCTION(this << party << status);
    if (!m_rules.Complete(CoRequest::AddParty, party.GetValue(), status))
    {
        return;
    }
    Party& p = m_parties.at(party);
    CoCallParameters parameters = p.parameters;
    CoVcHandle vc = p.vc;
    if (status.IsSuccess())
    {
        p.state = PartyState::Active;
    }
    else
    {
        ForgetParty(party); // a failed party's handle is invalid
    }
    m_addPartyCompleteTrace(party, status, parameters);
    const CoClientHandlers* handlers = FindClient(m_vcs.at(vc).client);
    if (handlers != nullptr && !handlers->addPartyComplete.IsNull())
    {
        handlers->addPartyComplete(status, party, parameters);
    }
}

void
CoNetDevice::CompleteDropParty(CoPartyHandle party, CoStatus status)
{
    NS_LOG_FUNCTION(this << party << status);
    if (!m_rules.Complete(CoRequest::DropParty, party.GetValue(), status))
    {
        return;
    }
    CoClientHandle client = m_vcs.at(m_parties.at(party).vc).client;
    ForgetParty(party); // invalid once the drop completed, not before
    m_dropPartyCompleteTrace(party, status);
    const CoClientHandlers* handlers = FindClient(client);
    if (handlers != nullptr && !handlers->dropPartyComplete.IsNull())
    {
        handlers->dropPartyComplete(status, party);
    }
}

void
CoNetDevice::IndicateIncomingDropParty(CoPartyHandle party, uint8_t cause)
{
    NS_LOG_FUNCTION(this << party << unsigned(cause));
    Party& p = m_parties.at(party);
    p.state = PartyState::RemotelyDropped;
    bool normal = cause == Q2931Cause::NORMAL_CLEARING || cause == Q2931Cause::NORMAL_UNSPECIFIED;
    CoStatus status = normal ? CoStatus(CoStatusCode::Success, cause) : CoStatus::FromCause(cause);
    m_rules.Pend(CoRequest::IncomingDropParty, party.GetValue());
    m_incomingDropPartyTrace(party, status);
    const CoClientHandlers* handlers = FindClient(m_vcs.at(p.vc).client);
    if (handlers != nullptr && !handlers->incomingDropParty.IsNull())
    {
        handlers->incomingDropParty(status, party);
    }
}

void
CoNetDevice::MultipointCallReleased(CoVcHandle vc, uint8_t cause)
{
    NS_LOG_FUNCTION(this << vc << unsigned(cause));
    if (!m_leafJoinCalls.empty())
    {
        ForgetLeafJoinCall(vc); // no leaf joins a call that ended
    }
    // Parties being added or dropped end with the call; of the active ones,
    // all but the last are indicated with IncomingDropParty, the last goes
    // with the IncomingCloseCall that follows.
    std::vector<CoPartyHandle> active;
    for (CoPartyHandle party : GetParties(vc))
    {
        auto it = m_parties.find(party);
        if (it == m_parties.end())
        {
            continue; // a handler before this one invalidated it
        }
        switch (it->second.state)
        {
        case PartyState::Adding:
            CompleteAddParty(party, CoStatus::FromCause(cause));
            break;
        case PartyState::Dropping:
            CompleteDropParty(party, CoStatus());
            break;
        case PartyState::Active:
            active.push_back(party);
            break;
        case PartyState::None:
        case PartyState::RemotelyDropped:
            break;
        }
    }
    for (std::size_t i = 0; i + 1 < active.size(); ++i)
    {
        if (m_parties.count(active[i]) != 0)
        {
            IndicateIncomingDropParty(active[i], cause);
        }
    }
}

} // namespace ns3
