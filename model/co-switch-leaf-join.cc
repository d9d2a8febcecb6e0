/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CoSwitch's side of ATM Forum UNI 4.0 leaf-initiated join: a leaf's LEAF
// SETUP REQUEST is routed toward the root by its called party number, hop by
// hop like a SETUP, unless a switch on the way carries the call and the root
// let the network join leaves (network join without root notification),
// in which case that switch adds the leaf itself, by a new branch or an ADD
// PARTY on one it has. A LEAF SETUP FAILURE goes back the way the request
// came. Kept apart from co-switch.cc and co-switch-multipoint.cc, which
// hook into it where a leaf setup message, or a multipoint SETUP or ADD
// PARTY with a leaf-initiated join IE, arrives.
//
// Why the switches keep a record of each request they pass on: call
// references belong to one interface, so the failure cannot find its way
// back by the leaf's address alone: each hop must know the reference the
// request came with. The record is small, lives in its own table (not in
// the call slots), and ends with the failure, with the joining leaf's SETUP
// or ADD PARTY passing, or with its guard (LeafSetupRecordTime).

#include "co-port-net-device.h"
#include "co-switch.h"
#include "uni40-leaf-sequence-number-ie.h"
#include "uni40-lij-call-identifier-ie.h"
#include "uni40-lij-parameters-ie.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoSwitchLeafJoin");

void
CoSwitch::ReceiveLeafSetupMessage(uint32_t port, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << port << message);
    if (Q2931CallProcedures::JudgeUnknownCallReference(message).answer !=
        Q2931CallProcedures::Answer::Handle)
    {
        return; // sent the wrong way round: nothing to answer
    }
    if (message.GetMessageType() == Q2931MessageType::LeafSetupRequest)
    {
        ReceiveLeafSetupRequest(port, message);
    }
    else
    {
        ReceiveLeafSetupFailure(port, message);
    }
}

void
CoSwitch::ReceiveLeafSetupRequest(uint32_t port, const Q2931Header& message)
{
    uint64_t key = ReferenceKey(port, message.GetCallReference(), false);
    auto known = m_leafSetups.find(key);
    if (known != m_leafSetups.end())
    {
        // The leaf sent it again (T331): passed on again, on the same
        // reference; one joined here already is on its way.
        if (known->second.joined == 0 && !known->second.waiting)
        {
            Q2931Header again = message;
            again.SetCallReference(known->second.outCallReference);
            SendOnPort(known->second.outPort, again);
        }
        return;
    }
    Q2931CallProcedures::Verdict verdict = Q2931CallProcedures::JudgeLeafSetupRequest(message);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        m_protocolErrorTrace(port, message, verdict.cause);
        RefuseLeafSetup(port, message, verdict.cause, verdict.diagnostic);
        return;
    }
    LijCallIdentifierIe identifier;
    LeafSequenceNumberIe sequence;
    message.GetOtherIe(identifier); // present and valid: judged above
    message.GetOtherIe(sequence);
    const AesaAddress& root = message.GetCalledPartyNumber()->number;

    LeafSetup record;
    record.inPort = port;
    record.inCallReference = message.GetCallReference();
    record.leaf = message.GetCallingPartyNumber()->number;
    record.sequence = sequence.value;

    auto call = m_leafJoinCalls.find({root, identifier.value});
    if (call != m_leafJoinCalls.end() && m_multipoint.count(call->second) != 0 &&
        m_multipoint[call->second].leafJoin->networkJoin)
    {
        // The first switch on the way that carries the call joins the leaf.
        uint32_t rootSlot = call->second;
        LegState up = m_calls[rootSlot].legs[UPSTREAM].state;
        if (up == LegState::Null || up == LegState::Releasing)
        {
            RefuseLeafSetup(port, message, Q2931Cause::TEMPORARY_FAILURE); // going away
            return;
        }
        record.root = rootSlot;
        if (up == LegState::Active)
        {
            uint16_t joined = 0;
            uint8_t cause = JoinLeaf(rootSlot, message, joined);
            if (cause != 0)
            {
                RefuseLeafSetup(port, message, cause);
                return;
            }
            record.joined = joined;
        }
        else
        {
            // Being set up here (another leaf's branch, say): the leaf is
            // joined once the call's CONNECT passes, as an ADD PARTY waits
            // for a branch being set up, rather than refused for being early.
            record.waiting = true;
            m_multipoint[rootSlot].joinsWaiting.emplace_back(key, message);
        }
    }
    else
    {
        // Toward the root, by its address, as a SETUP goes (no crankback:
        // a refusal goes back to the leaf, whose T331 may try again).
        uint32_t out;
        if (!LookupRoute(root, out) || out == port)
        {
            RefuseLeafSetup(port, message, Q2931Cause::NO_ROUTE_TO_DESTINATION);
            return;
        }
        if (!m_ports[out].signallingUp)
        {
            RefuseLeafSetup(port, message, Q2931Cause::TEMPORARY_FAILURE);
            return;
        }
        // A reference of the switch's own on the next hop: searched from the
        // top of the range below the calls' slot-carrying references, which
        // calls reach only past CALL_SLOT_MASK slots.
        uint32_t cref = m_nextLeafSetupReference;
        auto inUse = [this, out](uint32_t r) {
            if (r == 0 || m_callByReference.count(ReferenceKey(out, r, true)) != 0)
            {
                return true;
            }
            for (const auto& [k, other] : m_leafSetups)
            {
                if (other.outPort == out && other.outCallReference == r)
                {
                    return true;
                }
            }
            return false;
        };
        for (uint32_t tries = 0; inUse(cref) && tries <= CALL_SLOT_MASK; ++tries)
        {
            cref = cref <= 1 ? CALL_SLOT_MASK : cref - 1;
        }
        if (inUse(cref))
        {
            RefuseLeafSetup(port, message, Q2931Cause::RESOURCES_UNAVAILABLE);
            return;
        }
        m_nextLeafSetupReference = cref <= 1 ? CALL_SLOT_MASK : cref - 1;
        record.outPort = out;
        record.outCallReference = cref;
        Q2931Header request = message; // passed on as it came, but for its reference
        request.SetCallReference(cref);
        request.SetCallReferenceFlag(false);
        SendOnPort(out, request);
        m_leafSetupForwardedTrace(port, out, sequence.value);
    }
    record.guard =
        Simulator::Schedule(m_leafSetupRecordTime, &CoSwitch::LeafSetupGuardExpired, this, key);
    m_leafSetups.emplace(key, record);
}

void
CoSwitch::JoinWaitingLeaves(uint32_t root)
{
    auto it = m_multipoint.find(root);
    if (it == m_multipoint.end() || it->second.joinsWaiting.empty())
    {
        return;
    }
    std::vector<std::pair<uint64_t, Q2931Header>> waiting;
    waiting.swap(it->second.joinsWaiting);
    for (const auto& [key, request] : waiting)
    {
        auto record = m_leafSetups.find(key);
        if (record == m_leafSetups.end() || !record->second.waiting)
        {
            continue; // the leaf gave up meanwhile (the record's guard)
        }
        uint16_t joined = 0;
        uint8_t cause = JoinLeaf(root, request, joined);
        if (cause != 0)
        {
            RefuseWaitingJoin(key, request, cause);
            continue;
        }
        record = m_leafSetups.find(key);
        if (record != m_leafSetups.end())
        {
            record->second.waiting = false;
            record->second.joined = joined;
        }
    }
}

void
CoSwitch::RefuseWaitingJoin(uint64_t key, const Q2931Header& request, uint8_t cause)
{
    auto record = m_leafSetups.find(key);
    if (record != m_leafSetups.end() && record->second.waiting)
    {
        uint32_t port = record->second.inPort;
        ForgetLeafSetup(key);
        RefuseLeafSetup(port, request, cause);
    }
}

uint8_t
CoSwitch::JoinLeaf(uint32_t root, const Q2931Header& request, uint16_t& joined)
{
    NS_LOG_FUNCTION(this << root << request);
    Multipoint& mp = m_multipoint[root];
    // The party has no endpoint reference toward the root: the switch names
    // it among the call's routes with one of its own, JOINED set.
    uint16_t reference = JOINED | (mp.nextJoined++ & EndpointReferenceIe::MAX_VALUE);
    joined = reference;
    // An ADD PARTY as the root would have sent it: to the leaf, naming the
    // request it answers, passed on as such where the tree already branches.
    Q2931Header add(Q2931MessageType::AddParty, 0, false);
    add.SetCalledPartyNumber(CalledPartyNumberIe(request.GetCallingPartyNumber()->number));
    LeafSequenceNumberIe sequence;
    request.GetOtherIe(sequence);
    add.SetOtherIe(sequence);
    uint8_t cause = RouteParty(root, reference, add);
    if (cause == 0)
    {
        if (const PartyRoute* route = m_multipoint[root].parties.Find(reference))
        {
            m_networkJoinTrace(m_calls[root].networkCallId,
                               m_calls[route->branch].legs[DOWNSTREAM].port,
                               sequence.value);
        }
    }
    return cause;
}

void
CoSwitch::ReceiveLeafSetupFailure(uint32_t port, const Q2931Header& message)
{
    for (auto& [key, record] : m_leafSetups)
    {
        if (record.joined == 0 && !record.waiting && record.outPort == port &&
            record.outCallReference == message.GetCallReference())
        {
            // Back the way the request came, on its reference there.
            Q2931Header failure = message;
            failure.SetCallReference(record.inCallReference);
            failure.SetCallReferenceFlag(true);
            uint32_t inPort = record.inPort;
            ForgetLeafSetup(key);
            SendOnPort(inPort, failure);
            return;
        }
    }
    NS_LOG_LOGIC("LEAF SETUP FAILURE for no request passed on: let go");
}

void
CoSwitch::RefuseLeafSetup(uint32_t port,
                          const Q2931Header& request,
                          uint8_t cause,
                          uint8_t diagnostic)
{
    NS_LOG_FUNCTION(this << port << unsigned(cause));
    Q2931Header failure(Q2931MessageType::LeafSetupFailure, request.GetCallReference(), true);
    failure.SetCause(
        Q2931CallProcedures::MakeCause(cause, diagnostic, CauseIe::LOCATION_PRIVATE_LOCAL));
    LeafSequenceNumberIe sequence;
    if (request.GetOtherIe(sequence))
    {
        failure.SetOtherIe(sequence);
    }
    SendOnPort(port, failure);
}

void
CoSwitch::NoteLeafJoinSetup(uint32_t root, const Q2931Header& setup)
{
    LijCallIdentifierIe identifier;
    const CallingPartyNumberIe* calling = setup.GetCallingPartyNumber();
    if (calling != nullptr && setup.GetOtherIe(identifier))
    {
        LijParametersIe parameters;
        Multipoint& mp = m_multipoint[root];
        mp.leafJoin = LeafJoinCall{calling->number, identifier.value, setup.GetOtherIe(parameters)};
        m_leafJoinCalls[{calling->number, identifier.value}] = root;
    }
    if (!m_leafSetups.empty())
    {
        LeafJoinAnswered(setup); // a new branch toward a joining leaf
    }
}

void
CoSwitch::LeafJoinAnswered(const Q2931Header& message)
{
    LeafSequenceNumberIe sequence;
    const CalledPartyNumberIe* leaf = message.GetCalledPartyNumber();
    if (leaf == nullptr || !message.GetOtherIe(sequence))
    {
        return;
    }
    for (auto it = m_leafSetups.begin(); it != m_leafSetups.end(); ++it)
    {
        if (it->second.joined == 0 && !it->second.waiting &&
            it->second.sequence == sequence.value && it->second.leaf == leaf->number)
        {
            ForgetLeafSetup(it->first);
            return;
        }
    }
}

void
CoSwitch::LeafJoinEnded(uint32_t root, uint16_t joined)
{
    for (auto it = m_leafSetups.begin(); it != m_leafSetups.end(); ++it)
    {
        if (it->second.joined == joined && it->second.root == root)
        {
            ForgetLeafSetup(it->first);
            return;
        }
    }
}

void
CoSwitch::ForgetLeafSetup(uint64_t key)
{
    auto it = m_leafSetups.find(key);
    if (it != m_leafSetups.end())
    {
        Simulator::Cancel(it->second.guard);
        m_leafSetups.erase(it);
    }
}

void
CoSwitch::LeafSetupGuardExpired(uint64_t key)
{
    NS_LOG_FUNCTION(this << key);
    m_leafSetups.erase(key); // the leaf has given up (T331) by now
}

void
CoSwitch::AddLeafJoinIes(uint32_t root, uint32_t slot, const Q2931Header& addParty)
{
    PassThrough ies;
    const Multipoint& mp = m_multipoint[root];
    Q2931Header carrier(Q2931MessageType::Setup, 0, false);
    if (mp.leafJoin)
    {
        // The call's name goes with every branch: the switches beyond learn
        // that leaves may join it.
        carrier.SetOtherIe(LijCallIdentifierIe(mp.leafJoin->identifier));
        if (mp.leafJoin->networkJoin)
        {
            carrier.SetOtherIe(LijParametersIe());
        }
    }
    LeafSequenceNumberIe sequence;
    if (addParty.GetOtherIe(sequence))
    {
        carrier.SetOtherIe(sequence); // the joining leaf tells its call by it
    }
    if (carrier.GetOtherIes().empty())
    {
        return;
    }
    ies.otherIes = carrier.GetOtherIes();
    m_passThrough[slot] = std::move(ies);
}

} // namespace ns3
