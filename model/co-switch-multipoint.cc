/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CoSwitch's point-to-multipoint calls (Q.2971): branches, party routes and
// the party messages. Kept apart from co-switch.cc, which holds the
// point-to-point call machinery that every call runs through, so that the
// one does not grow with the other (see DESIGN.md).

#include "atm-frame-header.h"
#include "co-port-net-device.h"
#include "co-switch.h"
#include "q2971-endpoint-state-ie.h"

#include "ns3/log.h"

#include <algorithm>
#include <optional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoSwitchMultipoint");

// ---- point-to-multipoint calls (Q.2971) ------------------------------------------------

bool
CoSwitch::IsBranchSlot(uint32_t callId) const
{
    const Call& call = m_calls[callId];
    return call.multipoint && call.legs[UPSTREAM].state == LegState::Null;
}

bool
CoSwitch::FindRoot(uint32_t slot, uint32_t& root) const
{
    auto it = m_branchRoot.find(slot);
    if (it == m_branchRoot.end())
    {
        return false;
    }
    root = it->second;
    return true;
}

void
CoSwitch::ReleaseOtherSide(uint32_t callId, uint32_t leg, const CauseIe& cause)
{
    Call& call = m_calls[callId];
    if (!call.multipoint)
    {
        if (call.inUse)
        {
            ReleaseLeg(callId, 1 - leg, cause);
        }
        return;
    }
    if (leg == DOWNSTREAM)
    {
        BranchEnded(callId, cause);
    }
    else
    {
        ReleaseBranches(callId, cause);
    }
}

void
CoSwitch::DetachBranch(uint32_t root, uint32_t slot)
{
    NS_LOG_FUNCTION(this << root << slot);
    m_branchRoot.erase(slot);
    Multipoint& mp = m_multipoint[root];
    mp.branches.erase(std::remove(mp.branches.begin(), mp.branches.end(), slot), mp.branches.end());
    TakeOpener(mp, slot); // pruned or ended: no crankback of it any more
    const Leg& l = m_calls[slot].legs[DOWNSTREAM];
    auto out = std::find_if(mp.outputs.begin(), mp.outputs.end(), [&l](const CrossConnect& o) {
        return o.port == l.port && o.vci == l.vci;
    });
    if (out != mp.outputs.end())
    {
        mp.outputs.erase(out);
        DetachVcQueue(l.port, l.vci);
        const Leg& up = m_calls[root].legs[UPSTREAM];
        m_crossConnectRemoveTrace(up.port, up.vci, l.port, l.vci);
    }
    m_branchReleasedTrace(m_calls[root].networkCallId, l.port);
}

void
CoSwitch::BranchEnded(uint32_t slot, const CauseIe& cause)
{
    NS_LOG_FUNCTION(this << slot << cause);
    uint32_t root;
    if (!FindRoot(slot, root))
    {
        return; // already out of its call (pruned, or the call is being cleared)
    }
    std::optional<Q2931Header> opener = TakeOpener(m_multipoint[root], slot);
    DetachBranch(root, slot);
    Multipoint& mp = m_multipoint[root];
    uint32_t port = m_calls[slot].legs[DOWNSTREAM].port;
    std::vector<uint16_t> ended;
    std::vector<std::pair<uint16_t, Q2931Header>> waited; // their ADD PARTY, for crankback
    for (const PartyRoute& r : mp.parties.TakeBranch(slot))
    {
        ended.push_back(r.upstream);
        if (!r.sent)
        {
            for (auto w = mp.waiting.begin(); w != mp.waiting.end();)
            {
                if (w->first == r.upstream)
                {
                    waited.push_back(std::move(*w));
                    w = mp.waiting.erase(w);
                }
                else
                {
                    ++w;
                }
            }
        }
    }
    m_parties.RemoveCall(PartyKey(slot, DOWNSTREAM));
    if (opener && !ended.empty())
    {
        CrankBackBranch(root, port, cause.cause, ended, *opener, waited);
    }
    if (!ended.empty())
    {
        EndPartiesUpstream(root, ended, cause, port);
    }
}

std::optional<Q2931Header>
CoSwitch::TakeOpener(Multipoint& mp, uint32_t slot)
{
    for (auto it = mp.openers.begin(); it != mp.openers.end(); ++it)
    {
        if (it->first == slot)
        {
            std::optional<Q2931Header> opener = std::move(it->second);
            mp.openers.erase(it);
            return opener;
        }
    }
    return std::nullopt;
}

void
CoSwitch::CrankBackBranch(uint32_t root,
                          uint32_t refused,
                          uint8_t cause,
                          std::vector<uint16_t>& ended,
                          const Q2931Header& opener,
                          const std::vector<std::pair<uint16_t, Q2931Header>>& waited)
{
    NS_LOG_FUNCTION(this << root << refused << unsigned(cause));
    if (!IsResourceRefusal(cause))
    {
        return; // what the leaf or its access said would be said again
    }
    m_crankbackTrace(m_calls[root].networkCallId, refused, cause);
    uint64_t key = PartyKey(root, UPSTREAM);
    std::vector<uint16_t> still;
    for (uint16_t u : ended)
    {
        // Only a party still being added is routed again: one alerted has
        // reached its leaf (as for a call, no crankback then).
        if ((u & JOINED) == 0 &&
            m_parties.GetState(key, {u, false}) != Q2971PartyState::AddPartyReceived)
        {
            still.push_back(u);
            continue;
        }
        const Q2931Header* add = &opener; // the party that opened the branch, unless it waited
        for (const auto& [reference, message] : waited)
        {
            if (reference == u)
            {
                add = &message;
            }
        }
        if (m_multipoint.count(root) == 0 || RouteParty(root, u, *add, refused) != 0)
        {
            still.push_back(u);
        }
    }
    ended = std::move(still);
}

void
CoSwitch::EndPartiesUpstream(uint32_t root,
                             const std::vector<uint16_t>& ended,
                             const CauseIe& cause,
                             uint32_t port)
{
    NS_LOG_FUNCTION(this << root << ended.size() << cause);
    uint64_t key = PartyKey(root, UPSTREAM);
    uint64_t networkCallId = m_calls[root].networkCallId;
    std::vector<uint16_t> upstream; // the root's parties among them
    for (uint16_t u : ended)
    {
        m_partyDroppedTrace(networkCallId, port, u, cause.cause);
        if ((u & JOINED) != 0)
        {
            LeafJoinEnded(root, u); // joined here: the root never knew it
            continue;
        }
        upstream.push_back(u);
    }
    if (upstream.empty())
    {
        return;
    }
    // The parties that stay: neither among these nor being dropped already.
    std::size_t others = 0;
    for (Q2971PartyTable::PartyId p : m_parties.GetParties(key))
    {
        Q2971PartyState state = m_parties.GetState(key, p);
        if (std::find(upstream.begin(), upstream.end(), p.reference) == upstream.end() &&
            state != Q2971PartyState::DropPartyInitiated &&
            state != Q2971PartyState::DropPartyReceived)
        {
            ++others;
        }
    }
    if (others == 0 && !HandOverToJoinedLeaf(root, upstream))
    {
        // Q.2971: the last party on an interface goes with RELEASE.
        ClearMultipointCall(root, cause);
        return;
    }
    if (upstream.empty())
    {
        return; // the one ending was handed over
    }
    const Leg& up = m_calls[root].legs[UPSTREAM];
    for (uint16_t u : upstream)
    {
        Q2971PartyTable::PartyId party{u, false};
        switch (m_parties.GetState(key, party))
        {
        case Q2971PartyState::AddPartyReceived:
        case Q2971PartyState::PartyAlertingDelivered:
            // Not yet added: its add is refused.
            SendPartyMessage(up, Q2931MessageType::AddPartyReject, party, &cause);
            m_parties.SetState(key, party, Q2971PartyState::Null);
            break;
        case Q2971PartyState::Active:
            SendPartyMessage(up, Q2931MessageType::DropParty, party, &cause);
            m_parties.SetState(key, party, Q2971PartyState::DropPartyInitiated);
            StartPartyTimer(key, party, Q2971PartyTable::Timer::T398);
            break;
        default:
            break; // being dropped already
        }
    }
}

bool
CoSwitch::HandOverToJoinedLeaf(uint32_t root, std::vector<uint16_t>& ending)
{
    // Leaves this switch joined itself (UNI 4.0, network LIJ) lie behind the
    // interface toward the root too, though nothing beyond it knows them.
    // When the last party known there ends while such a leaf is active, the
    // leaf takes over that party's endpoint reference: the interface keeps
    // one party, the switches toward the root keep their branch, and the
    // reference ends when the call's last leaf beyond it does.
    uint64_t key = PartyKey(root, UPSTREAM);
    auto heir = ending.end();
    for (auto u = ending.begin(); u != ending.end() && heir == ending.end(); ++u)
    {
        if (m_parties.GetState(key, {*u, false}) == Q2971PartyState::Active)
        {
            heir = u;
        }
    }
    if (heir == ending.end())
    {
        return false;
    }
    CoPartyRoutes& routes = m_multipoint[root].parties;
    for (const PartyRoute& r : routes)
    {
        if ((r.upstream & JOINED) != 0 && r.sent &&
            m_parties.GetState(PartyKey(r.branch, DOWNSTREAM), {r.downstream, true}) ==
                Q2971PartyState::Active)
        {
            uint16_t joined = r.upstream;
            if (!routes.Rename(joined, *heir))
            {
                return false; // the heir's own route is still there: it cannot end
            }
            ending.erase(heir);
            LeafJoinEnded(root, joined);
            return true;
        }
    }
    return false;
}

void
CoSwitch::ClearMultipointCall(uint32_t root, const CauseIe& cause)
{
    NS_LOG_FUNCTION(this << root << cause);
    LegState up = m_calls[root].legs[UPSTREAM].state;
    if (up != LegState::Null && up != LegState::Releasing)
    {
        ReleaseLeg(root, UPSTREAM, cause); // and with it every branch
        return;
    }
    ReleaseBranches(root, cause);
}

void
CoSwitch::ReleaseBranches(uint32_t root, const CauseIe& cause)
{
    NS_LOG_FUNCTION(this << root << cause);
    auto it = m_multipoint.find(root);
    if (it == m_multipoint.end())
    {
        return;
    }
    // Taken out first: the releases below find a call no longer there.
    Multipoint mp = std::move(it->second);
    m_multipoint.erase(it);
    for (const auto& [key, request] : mp.joinsWaiting)
    {
        // Joins that waited for the call to come up here: it never will.
        RefuseWaitingJoin(key, request, Q2931Cause::TEMPORARY_FAILURE);
    }
    if (mp.leafJoin)
    {
        m_leafJoinCalls.erase({mp.leafJoin->root, mp.leafJoin->identifier});
        for (const PartyRoute& r : mp.parties)
        {
            if ((r.upstream & JOINED) != 0)
            {
                LeafJoinEnded(root, r.upstream);
            }
        }
    }
    uint64_t networkCallId = m_calls[root].networkCallId;
    const Leg& up = m_calls[root].legs[UPSTREAM];
    auto copies = m_crossConnects.find(VciKey(up.port, up.vci));
    if (copies != m_crossConnects.end() && copies->second.port == (MULTICAST | root))
    {
        m_crossConnects.erase(copies);
        m_policers.erase(VciKey(up.port, up.vci));
        for (const CrossConnect& o : mp.outputs)
        {
            DetachVcQueue(o.port, o.vci);
            m_crossConnectRemoveTrace(up.port, up.vci, o.port, o.vci);
        }
    }
    for (const PartyRoute& r : mp.parties)
    {
        m_partyDroppedTrace(networkCallId,
                            m_calls[r.branch].legs[DOWNSTREAM].port,
                            r.upstream,
                            cause.cause);
    }
    m_parties.RemoveCall(PartyKey(root, UPSTREAM));
    for (uint32_t slot : mp.branches)
    {
        m_branchRoot.erase(slot);
        m_parties.RemoveCall(PartyKey(slot, DOWNSTREAM));
        const Leg& l = m_calls[slot].legs[DOWNSTREAM];
        m_branchReleasedTrace(networkCallId, l.port);
        if (l.state != LegState::Null && l.state != LegState::Releasing)
        {
            ReleaseLeg(slot, DOWNSTREAM, cause);
        }
    }
}

void
CoSwitch::DropOnBranch(uint32_t root, uint32_t slot, uint16_t downstream, const CauseIe& cause)
{
    NS_LOG_FUNCTION(this << root << slot << downstream << cause);
    const Multipoint& mp = m_multipoint[root];
    const Leg& l = m_calls[slot].legs[DOWNSTREAM];
    if (mp.parties.CountOnBranch(slot) == 0)
    {
        // Its last party: the branch is pruned (Q.2971: RELEASE, not DROP PARTY).
        DetachBranch(root, slot);
        ReleaseLeg(slot, DOWNSTREAM, cause);
        return;
    }
    if (l.state != LegState::Active)
    {
        // The party its SETUP added cannot go alone before the branch is
        // connected: the branch goes, and the parties waiting for it.
        ReleaseLeg(slot, DOWNSTREAM, cause);
        BranchEnded(slot, cause);
        return;
    }
    uint64_t key = PartyKey(slot, DOWNSTREAM);
    Q2971PartyTable::PartyId party{downstream, true};
    if (m_parties.GetState(key, party) == Q2971PartyState::Null)
    {
        return;
    }
    SendPartyMessage(l, Q2931MessageType::DropParty, party, &cause);
    m_parties.SetState(key, party, Q2971PartyState::DropPartyInitiated);
    StartPartyTimer(key, party, Q2971PartyTable::Timer::T398);
}

void
CoSwitch::SendPartyMessage(const Leg& leg,
                           Q2931MessageType type,
                           Q2971PartyTable::PartyId party,
                           const CauseIe* cause)
{
    Q2931Header message(type, 0, false);
    if (cause != nullptr)
    {
        message.SetCause(*cause);
    }
    message.SetEndpointReference(EndpointReferenceIe(party.reference, !party.weAllocated));
    SendOnLeg(leg, message);
}

void
CoSwitch::AnswerPartyError(uint32_t callId,
                           uint32_t leg,
                           const Q2931Header& message,
                           uint8_t cause,
                           uint8_t diagnostic,
                           Q2971PartyState state)
{
    NS_LOG_FUNCTION(this << callId << leg << message << unsigned(cause));
    const Leg& l = m_calls[callId].legs[leg];
    m_protocolErrorTrace(l.port, message, cause);
    Q2931Header status = Q2931CallProcedures::MakeStatus(
        LegCallState(callId, leg),
        Q2931CallProcedures::MakeCause(cause, diagnostic, CauseIe::LOCATION_PRIVATE_LOCAL));
    if (const EndpointReferenceIe* endpoint = message.GetEndpointReference())
    {
        // Q.2971: STATUS about a party names it, and says its state here.
        status.SetEndpointReference(EndpointReferenceIe(endpoint->value, !endpoint->flag));
        status.SetOtherIe(EndpointStateIe(state));
    }
    SendOnLeg(l, status);
}

void
CoSwitch::ReceivePartyMessage(uint32_t callId, uint32_t leg, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << callId << leg << message);
    const Leg& l = m_calls[callId].legs[leg];
    Q2931MessageType type = message.GetMessageType();
    auto typeOctet = static_cast<uint8_t>(type);
    if (l.state == LegState::Releasing)
    {
        return; // the RELEASE under way ends every party on the interface
    }
    const EndpointReferenceIe* endpoint = message.GetEndpointReference();
    if (endpoint == nullptr)
    {
        // Q.2971: every party message names its party.
        AnswerPartyError(callId,
                         leg,
                         message,
                         message.GetInvalidIe() == EndpointReferenceIe::IDENTIFIER
                             ? Q2931Cause::INVALID_IE_CONTENTS
                             : Q2931Cause::MANDATORY_IE_MISSING,
                         EndpointReferenceIe::IDENTIFIER,
                         Q2971PartyState::Null);
        return;
    }
    // The flag is set by the side that did not allocate the reference.
    Q2971PartyTable::PartyId party{endpoint->value, endpoint->flag};
    uint64_t key = PartyKey(callId, leg);
    Q2971PartyState state = m_parties.GetState(key, party);
    // Parties come and go on an established call only, but for a leaf
    // dropping the party its SETUP offered before it answers (the party is
    // add-initiated there, so the drop is valid in its state); the switch
    // adds no party toward the root (leaf-initiated join is not modelled);
    // and a new party's reference is its adder's, sent with the flag clear.
    bool setupPartyDropped =
        leg == DOWNSTREAM && type == Q2931MessageType::DropParty && l.state != LegState::Null;
    uint8_t refusal = 0;
    uint8_t diagnostic = typeOctet;
    if ((l.state != LegState::Active && !setupPartyDropped) ||
        (type == Q2931MessageType::AddParty && leg == DOWNSTREAM))
    {
        refusal = Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE;
    }
    else if (type == Q2931MessageType::AddParty && party.weAllocated)
    {
        refusal = Q2931Cause::INVALID_IE_CONTENTS;
        diagnostic = EndpointReferenceIe::IDENTIFIER;
    }
    if (refusal != 0)
    {
        AnswerPartyError(callId, leg, message, refusal, diagnostic, state);
        return;
    }
    Q2971PartyTable::Transition t = Q2971PartyTable::OnReceive(state, type);
    if (!t.expected)
    {
        if (state == Q2971PartyState::Null)
        {
            // Q.2971 9.5.3.2.3: about no party the switch knows. Rejects and
            // acknowledgements of drops are let go; anything else is told
            // the party is gone.
            if (type == Q2931MessageType::AddPartyReject ||
                type == Q2931MessageType::DropPartyAcknowledge)
            {
                return;
            }
            m_protocolErrorTrace(l.port, message, Q2931Cause::INVALID_ENDPOINT_REFERENCE);
            CauseIe cause(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::INVALID_ENDPOINT_REFERENCE);
            SendPartyMessage(l, Q2931MessageType::DropPartyAcknowledge, party, &cause);
            return;
        }
        AnswerPartyError(callId,
                         leg,
                         message,
                         Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE,
                         typeOctet,
                         state);
        return;
    }
    if (leg == DOWNSTREAM)
    {
        ReceiveBranchPartyMessage(callId, message, party, state);
        return;
    }
    // From the root: an add, or the end of a party. The switch adds no
    // party toward the root, so the root's parties expect nothing else
    // (the table refuses ADD PARTY ACKNOWLEDGE and the like in P6, P4, P10).
    switch (type)
    {
    case Q2931MessageType::AddParty:
        ReceiveAddParty(callId, message, party.reference);
        return;
    case Q2931MessageType::DropParty:
    case Q2931MessageType::DropPartyAcknowledge:
        ReceiveRootDropParty(callId, message, party);
        return;
    default:
        return;
    }
}

void
CoSwitch::ReceiveAddParty(uint32_t root, const Q2931Header& message, uint16_t reference)
{
    NS_LOG_FUNCTION(this << root << message << reference);
    const Leg& up = m_calls[root].legs[UPSTREAM];
    Q2971PartyTable::PartyId party{reference, false};
    uint8_t cause = 0;
    uint8_t diagnostic = 0;
    if (message.GetCalledPartyNumber() == nullptr)
    {
        // Q.2971: a malformed ADD PARTY is refused, not the call cleared.
        cause = Q2931Cause::MANDATORY_IE_MISSING;
        diagnostic = CalledPartyNumberIe::IDENTIFIER;
    }
    else
    {
        if (!m_leafSetups.empty())
        {
            LeafJoinAnswered(message); // a root's approval of a leaf's request
        }
        cause = RouteParty(root, reference, message);
    }
    if (cause != 0)
    {
        CauseIe refusal =
            Q2931CallProcedures::MakeCause(cause, diagnostic, CauseIe::LOCATION_PRIVATE_LOCAL);
        SendPartyMessage(up, Q2931MessageType::AddPartyReject, party, &refusal);
    }
}

uint8_t
CoSwitch::RouteParty(uint32_t root,
                     uint16_t reference,
                     const Q2931Header& addParty,
                     uint32_t refusedPort)
{
    NS_LOG_FUNCTION(this << root << reference << refusedPort);
    uint64_t networkCallId = m_calls[root].networkCallId;
    uint32_t upPort = m_calls[root].legs[UPSTREAM].port;
    const AesaAddress& called = addParty.GetCalledPartyNumber()->number;
    CoRoutingTable::NextHops hops = m_routes.Lookup(called);
    uint8_t cause = Q2931Cause::NO_ROUTE_TO_DESTINATION;
    uint32_t refusing = upPort;
    uint32_t last = m_crankback ? hops.size() : std::min<uint32_t>(hops.size(), 1);
    if (m_multipoint[root].parties.Find(reference) != nullptr)
    {
        // Routed already: the party table refuses a root's reference in
        // use, so only a JOINED one, wrapped round, can be. Refused; the
        // party with it keeps its route.
        return Q2931Cause::RESOURCES_UNAVAILABLE;
    }
    uint32_t first = 0;
    if (refusedPort != NO_REFUSAL)
    {
        // Cranked back: the routes after the one refused (all but it, if
        // the routes changed meanwhile).
        auto at = std::find_if(hops.begin(), hops.end(), [refusedPort](const auto& h) {
            return h.port == refusedPort;
        });
        first = at == hops.end() ? 0 : static_cast<uint32_t>(at - hops.begin()) + 1;
    }
    for (uint32_t i = first; i < last; ++i)
    {
        if (cause != Q2931Cause::NO_ROUTE_TO_DESTINATION)
        {
            m_crankbackTrace(networkCallId, refusing, cause); // the previous route refused
        }
        uint32_t out = hops[i].port;
        if (out == refusedPort)
        {
            continue;
        }
        refusing = out;
        Multipoint& mp = m_multipoint[root];
        // Where the tree already leaves by this port, the party joins that
        // branch: no second copy of the frames on the link.
        for (uint32_t slot : mp.branches)
        {
            const Leg& l = m_calls[slot].legs[DOWNSTREAM];
            if (l.port != out || l.state == LegState::Null || l.state == LegState::Releasing)
            {
                continue;
            }
            if ((reference & JOINED) == 0)
            {
                m_parties.Add(PartyKey(root, UPSTREAM),
                              {reference, false},
                              Q2971PartyState::AddPartyReceived);
            }
            mp.parties.Add(PartyRoute{reference, 0, slot, false});
            if (l.state == LegState::Active)
            {
                SendAddParty(root, slot, reference, addParty);
            }
            else
            {
                mp.waiting.emplace_back(reference, addParty); // until the branch connects
            }
            return 0;
        }
        if (!m_ports[out].signallingUp)
        {
            cause = Q2931Cause::TEMPORARY_FAILURE;
            continue;
        }
        // A new branch: the call's forward rate out of this port, once.
        uint32_t forward = mp.contract.GetReservedCellRate(mp.contract.forward);
        if (m_ports[out].reserved + forward > GetAdmissibleCellRate(out))
        {
            cause = Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
            continue;
        }
        uint16_t vci;
        if (!AllocateVci(out, vci))
        {
            cause = Q2931Cause::NO_VPCI_VCI_AVAILABLE;
            continue;
        }
        uint32_t slot = NewCall();
        uint32_t callReference = AllocateCallReference(out, slot);
        if (callReference == 0)
        {
            m_ports[out].vcis.erase(vci);
            m_calls[slot].inUse = false;
            m_freeCalls.push_back(slot);
            --m_callCount;
            cause = Q2931Cause::RESOURCES_UNAVAILABLE;
            continue;
        }
        Call& branch = m_calls[slot];
        branch.multipoint = true;
        branch.networkCallId = networkCallId;
        branch.forwardReserved = forward;
        Leg& down = branch.legs[DOWNSTREAM];
        down.port = out;
        down.callReference = callReference;
        down.weAllocated = true;
        down.vci = vci;
        down.state = LegState::Present;
        Reserve(branch);
        Multipoint& call = m_multipoint[root]; // (NewCall() moved no call's side structures)
        CoCallParameters contract = call.contract;
        contract.calledParty = called;
        m_contracts[slot] = contract;
        m_branchRoot[slot] = root;
        call.branches.push_back(slot);
        call.parties.Add(PartyRoute{reference, 0, slot, true});
        if (m_crankback)
        {
            call.openers.emplace_back(slot, addParty); // tried elsewhere if refused beyond
        }
        if ((reference & JOINED) == 0)
        {
            m_parties.Add(PartyKey(root, UPSTREAM),
                          {reference, false},
                          Q2971PartyState::AddPartyReceived);
        }
        m_admissionTrace(upPort, out, contract, 0);
        m_routedTrace(networkCallId, upPort, out);
        m_branchAddedTrace(networkCallId, out);
        if (call.leafJoin || !addParty.GetOtherIes().empty())
        {
            AddLeafJoinIes(root, slot, addParty);
        }
        SendSetup(slot);
        StartTimer(slot, DOWNSTREAM, Q2931MessageType::Setup, m_t303);
        return 0;
    }
    m_admissionTrace(upPort, refusing, m_multipoint[root].contract, cause);
    return cause;
}

void
CoSwitch::SendAddParty(uint32_t root, uint32_t slot, uint16_t upstream, const Q2931Header& addParty)
{
    NS_LOG_FUNCTION(this << root << slot << upstream);
    Multipoint& mp = m_multipoint[root];
    uint64_t key = PartyKey(slot, DOWNSTREAM);
    Q2971PartyTable::PartyId party;
    if (!m_parties.Allocate(key, Q2971PartyState::AddPartyInitiated, party))
    {
        // Every endpoint reference of the branch is in use.
        mp.parties.Erase(upstream);
        EndPartiesUpstream(
            root,
            {upstream},
            CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::RESOURCES_UNAVAILABLE),
            m_calls[slot].legs[DOWNSTREAM].port);
        return;
    }
    // The reference is new on the branch (allocated just now), so this holds.
    bool marked = mp.parties.MarkSent(upstream, party.reference);
    NS_ASSERT_MSG(marked, "party " << upstream << " has no route to send on");
    // What the switch reads (the called number) and what it passes on as
    // it came (the leaves' business: AAL, B-LLI, calling number, end-to-end IEs).
    Q2931Header add(Q2931MessageType::AddParty, 0, false);
    if (const AalParametersIe* aal = addParty.GetAalParameters())
    {
        add.SetAalParameters(*aal);
    }
    if (const BroadbandLowLayerInformationIe* blli = addParty.GetBroadbandLowLayerInformation())
    {
        add.SetBroadbandLowLayerInformation(*blli);
    }
    add.SetCalledPartyNumber(*addParty.GetCalledPartyNumber());
    if (const CallingPartyNumberIe* calling = addParty.GetCallingPartyNumber())
    {
        add.SetCallingPartyNumber(*calling);
    }
    add.SetEndpointReference(EndpointReferenceIe(party.reference, false));
    for (const Q2931RawIe& ie : addParty.GetOtherIes())
    {
        if (IsPassedOn(ie))
        {
            add.AddOtherIe(ie);
        }
    }
    SendOnLeg(m_calls[slot].legs[DOWNSTREAM], add);
    StartPartyTimer(key, party, Q2971PartyTable::Timer::T399);
}

void
CoSwitch::ReceiveRootDropParty(uint32_t root,
                               const Q2931Header& message,
                               Q2971PartyTable::PartyId party)
{
    NS_LOG_FUNCTION(this << root << message);
    uint64_t key = PartyKey(root, UPSTREAM);
    Q2971PartyState state = m_parties.GetState(key, party);
    m_parties.SetState(key, party, Q2971PartyState::Null);
    if (state == Q2971PartyState::DropPartyInitiated)
    {
        return; // the switch dropped it toward the root already: the two crossed
    }
    CauseIe cause = message.GetCause() != nullptr
                        ? *message.GetCause()
                        : CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NORMAL_UNSPECIFIED);
    if (message.GetMessageType() == Q2931MessageType::DropParty)
    {
        // Q.2971: acknowledged at once; the drop goes on beyond.
        SendPartyMessage(m_calls[root].legs[UPSTREAM],
                         Q2931MessageType::DropPartyAcknowledge,
                         party);
    }
    Multipoint& mp = m_multipoint[root];
    if (const PartyRoute* found = mp.parties.Find(party.reference))
    {
        PartyRoute route = *found;
        mp.parties.Erase(route.upstream);
        m_partyDroppedTrace(m_calls[root].networkCallId,
                            m_calls[route.branch].legs[DOWNSTREAM].port,
                            route.upstream,
                            cause.cause);
        if (route.sent)
        {
            DropOnBranch(root, route.branch, route.downstream, cause);
        }
        else
        {
            mp.waiting.erase(std::remove_if(mp.waiting.begin(),
                                            mp.waiting.end(),
                                            [&route](const std::pair<uint16_t, Q2931Header>& w) {
                                                return w.first == route.upstream;
                                            }),
                             mp.waiting.end());
        }
    }
    if (m_multipoint.count(root) != 0 && m_parties.GetPartyCount(key) == 0)
    {
        // The root dropped its last party: the call has none left (Q.2971
        // would have it released instead), and is cleared.
        ClearMultipointCall(root, cause);
    }
}

void
CoSwitch::ReceiveBranchPartyMessage(uint32_t slot,
                                    const Q2931Header& message,
                                    Q2971PartyTable::PartyId party,
                                    Q2971PartyState state)
{
    NS_LOG_FUNCTION(this << slot << message);
    uint32_t root;
    if (!FindRoot(slot, root))
    {
        return;
    }
    uint64_t key = PartyKey(slot, DOWNSTREAM);
    Multipoint& mp = m_multipoint[root];
    const PartyRoute* route = mp.parties.FindOnBranch(slot, party.reference);
    const Leg& up = m_calls[root].legs[UPSTREAM];
    uint64_t upKey = PartyKey(root, UPSTREAM);
    Q2931MessageType type = message.GetMessageType();
    if (state == Q2971PartyState::DropPartyInitiated ||
        (route == nullptr && type != Q2931MessageType::AddPartyAcknowledge &&
         type != Q2931MessageType::PartyAlerting))
    {
        // The switch dropped it already (its route is gone): this ends it here.
        m_parties.SetState(key, party, Q2971PartyState::Null);
        return;
    }
    if (route == nullptr)
    {
        return; // cannot happen: a party the switch added has its route
    }
    Q2971PartyTable::PartyId upstream{route->upstream, false};
    // A party the switch joined itself has nothing toward the root.
    bool joined = (upstream.reference & JOINED) != 0;
    switch (type)
    {
    case Q2931MessageType::PartyAlerting:
        m_parties.SetState(key, party, Q2971PartyState::PartyAlertingReceived);
        StartPartyTimer(key, party, Q2971PartyTable::Timer::T397);
        if (!joined)
        {
            m_parties.SetState(upKey, upstream, Q2971PartyState::PartyAlertingDelivered);
            SendPartyMessage(up, Q2931MessageType::PartyAlerting, upstream);
        }
        return;
    case Q2931MessageType::AddPartyAcknowledge:
        m_parties.StopTimer(key, party);
        m_parties.SetState(key, party, Q2971PartyState::Active);
        m_partyAddedTrace(m_calls[root].networkCallId,
                          m_calls[slot].legs[DOWNSTREAM].port,
                          upstream.reference);
        if (joined)
        {
            LeafJoinEnded(root, upstream.reference);
            return;
        }
        m_parties.SetState(upKey, upstream, Q2971PartyState::Active);
        SendPartyMessage(up, Q2931MessageType::AddPartyAcknowledge, upstream);
        return;
    default:
        break;
    }
    // The party ended beyond the branch: ADD PARTY REJECT, DROP PARTY, or
    // an unasked DROP PARTY ACKNOWLEDGE.
    CauseIe cause = message.GetCause() != nullptr
                        ? *message.GetCause()
                        : CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NORMAL_UNSPECIFIED);
    if (type == Q2931MessageType::DropParty)
    {
        SendPartyMessage(m_calls[slot].legs[DOWNSTREAM],
                         Q2931MessageType::DropPartyAcknowledge,
                         party);
    }
    m_parties.SetState(key, party, Q2971PartyState::Null);
    if (m_calls[slot].legs[DOWNSTREAM].state != LegState::Active)
    {
        // The party its SETUP added ended before the branch connected: as
        // when the root drops it (DropOnBranch()), the branch goes with it,
        // and the parties waiting for it. (Its CONNECT could not name it.)
        ReleaseLeg(slot, DOWNSTREAM, cause);
        BranchEnded(slot, cause);
        return;
    }
    mp.parties.Erase(upstream.reference);
    uint32_t port = m_calls[slot].legs[DOWNSTREAM].port;
    EndPartiesUpstream(root, {upstream.reference}, cause, port);
    auto it = m_multipoint.find(root);
    if (it != m_multipoint.end() && m_branchRoot.count(slot) != 0 &&
        it->second.parties.CountOnBranch(slot) == 0)
    {
        // Nothing left beyond the branch: pruned.
        DetachBranch(root, slot);
        ReleaseLeg(slot, DOWNSTREAM, cause);
    }
}

void
CoSwitch::ReceiveBranchAlerting(uint32_t slot)
{
    NS_LOG_FUNCTION(this << slot);
    // As for a call's ALERTING (T301 on the branch), but toward the root it
    // is the party's: PARTY ALERTING.
    m_calls[slot].legs[DOWNSTREAM].state = LegState::Alerted;
    StartTimer(slot, DOWNSTREAM, Q2931MessageType::Alerting, m_t301);
    uint32_t root;
    if (!FindRoot(slot, root))
    {
        return;
    }
    Multipoint& mp = m_multipoint[root];
    const PartyRoute* route = mp.parties.FindOnBranch(slot, 0);
    if (route == nullptr)
    {
        return;
    }
    Q2971PartyTable::PartyId upstream{route->upstream, false};
    m_parties.SetState(PartyKey(slot, DOWNSTREAM),
                       {0, true},
                       Q2971PartyState::PartyAlertingReceived);
    if ((upstream.reference & JOINED) != 0)
    {
        return; // joined by the switch: the root is not told
    }
    m_parties.SetState(PartyKey(root, UPSTREAM), upstream, Q2971PartyState::PartyAlertingDelivered);
    SendPartyMessage(m_calls[root].legs[UPSTREAM], Q2931MessageType::PartyAlerting, upstream);
}

void
CoSwitch::ReceiveBranchConnect(uint32_t slot, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << slot);
    Leg& down = m_calls[slot].legs[DOWNSTREAM];
    StopTimer(down);
    m_contracts.erase(slot);
    if (!m_passThrough.empty())
    {
        m_passThrough.erase(slot); // the SETUP will not be sent again
    }
    uint32_t root;
    if (const AtmTrafficDescriptorIe* td = message.GetAtmTrafficDescriptor();
        td != nullptr && FindRoot(slot, root))
    {
        // Every branch carries the root's one stream at the rate the call's
        // first party settled (its SETUP offered no minimum to lower to): a
        // later party takes that contract or none, so a different one is
        // refused as traffic parameters the call cannot have (cause 73),
        // with the parties that waited for the branch.
        const CoCallParameters& contract = m_multipoint[root].contract;
        CoCallParameters answered = contract;
        td->ApplyTo(answered);
        if (!answered.SameContract(contract))
        {
            NS_LOG_WARN("CONNECT of a branch of call " << m_calls[root].networkCallId
                                                       << " changes the call's contract");
            CauseIe cause(CauseIe::LOCATION_PRIVATE_LOCAL,
                          Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
            ReleaseLeg(slot, DOWNSTREAM, cause);
            BranchEnded(slot, cause);
            return;
        }
    }
    down.state = LegState::Active;
    Q2931Header ack(Q2931MessageType::ConnectAcknowledge, 0, false);
    SendOnLeg(down, ack);
    if (!FindRoot(slot, root))
    {
        return;
    }
    Multipoint& mp = m_multipoint[root];
    TakeOpener(mp, slot); // connected: no crankback of it any more
    const Leg& up = m_calls[root].legs[UPSTREAM];
    mp.outputs.push_back(CrossConnect{down.port, down.vci});
    AttachVcQueue(down.port, down.vci, mp.contract.category, mp.contract.forward);
    m_crossConnectAddTrace(up.port, up.vci, down.port, down.vci);
    m_parties.SetState(PartyKey(slot, DOWNSTREAM), {0, true}, Q2971PartyState::Active);
    if (const PartyRoute* route = mp.parties.FindOnBranch(slot, 0))
    {
        Q2971PartyTable::PartyId upstream{route->upstream, false};
        m_partyAddedTrace(m_calls[root].networkCallId, down.port, upstream.reference);
        if ((upstream.reference & JOINED) != 0)
        {
            LeafJoinEnded(root, upstream.reference); // the root is not told
        }
        else
        {
            m_parties.SetState(PartyKey(root, UPSTREAM), upstream, Q2971PartyState::Active);
            SendPartyMessage(up, Q2931MessageType::AddPartyAcknowledge, upstream);
        }
    }
    // The parties that waited for the branch are added on it now.
    std::vector<std::pair<uint16_t, Q2931Header>> waiting;
    for (auto it = mp.waiting.begin(); it != mp.waiting.end();)
    {
        const PartyRoute* r = mp.parties.Find(it->first);
        if (r != nullptr && r->branch == slot)
        {
            waiting.push_back(std::move(*it));
            it = mp.waiting.erase(it);
        }
        else
        {
            ++it;
        }
    }
    for (const auto& [upstream, addParty] : waiting)
    {
        auto it = m_multipoint.find(root);
        if (it == m_multipoint.end() || m_branchRoot.count(slot) == 0)
        {
            return;
        }
        if (it->second.parties.Find(upstream) != nullptr)
        {
            SendAddParty(root, slot, upstream, addParty);
        }
    }
}

void
CoSwitch::StartPartyTimer(uint64_t key,
                          Q2971PartyTable::PartyId party,
                          Q2971PartyTable::Timer timer)
{
    // The attributes may have changed since the last timer started.
    m_parties.SetDurations(m_t397, m_t398, m_t399);
    m_parties.StartTimer(key, party, timer);
}

void
CoSwitch::PartyTimerExpired(uint64_t key,
                            Q2971PartyTable::PartyId party,
                            Q2971PartyTable::Timer timer)
{
    auto slot = static_cast<uint32_t>(key / 2);
    NS_LOG_FUNCTION(this << slot << party.reference << unsigned(static_cast<uint8_t>(timer)));
    if (timer == Q2971PartyTable::Timer::T398)
    {
        // Q.2971: no DROP PARTY ACKNOWLEDGE: the party is released locally.
        m_parties.SetState(key, party, Q2971PartyState::Null);
        return;
    }
    // T399 (ADD PARTY unanswered) or T397 (alerted, never added), on a
    // branch: the party is dropped there with cause 102 and refused toward
    // the root, as T303/T310 and T301 clear a call.
    uint32_t root;
    if (key % 2 != DOWNSTREAM || !FindRoot(slot, root))
    {
        m_parties.SetState(key, party, Q2971PartyState::Null);
        return;
    }
    Multipoint& mp = m_multipoint[root];
    const PartyRoute* route = mp.parties.FindOnBranch(slot, party.reference);
    if (route == nullptr)
    {
        m_parties.SetState(key, party, Q2971PartyState::Null);
        return;
    }
    uint16_t upstream = route->upstream;
    mp.parties.Erase(upstream);
    DropOnBranch(root,
                 slot,
                 party.reference,
                 CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
    if (m_multipoint.count(root) != 0)
    {
        EndPartiesUpstream(root,
                           {upstream},
                           CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL,
                                   timer == Q2971PartyTable::Timer::T399
                                       ? Q2931Cause::NO_USER_RESPONDING
                                       : Q2931Cause::NO_ANSWER_FROM_USER),
                           m_calls[slot].legs[DOWNSTREAM].port);
    }
}

void
CoSwitch::CopyToBranches(uint32_t root, Ptr<Packet> sdu, AtmTrafficType type, bool clp)
{
    const std::vector<CrossConnect>& outputs = m_multipoint[root].outputs;
    if (outputs.empty())
    {
        m_dataDropTrace(sdu);
        return;
    }
    // One copy per connected branch, however many leaves lie beyond it.
    for (std::size_t i = 0; i < outputs.size(); ++i)
    {
        Ptr<Packet> copy = i + 1 == outputs.size() ? sdu : sdu->Copy();
        m_ports[outputs[i].port].device->SendFrame(copy, 0, outputs[i].vci, type, clp);
    }
}

} // namespace ns3
