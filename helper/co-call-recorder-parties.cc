/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CoCallRecorder's parties of point-to-multipoint calls: kept apart from the
// calls, which they share only the NICs' call-level trace sources with.

#include "co-call-recorder.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoCallRecorderParties");

void
CoCallRecorder::CountSdus(CoNetDevice* nic)
{
    if (!m_countingSdus.insert(nic).second)
    {
        return;
    }
    Connect(nic, "VcTx", CoMakeCallback(&CoCallRecorder::VcTx, this, nic));
    Connect(nic, "VcRx", CoMakeCallback(&CoCallRecorder::VcRx, this, nic));
}

void
CoCallRecorder::SetPartyHops(Callback<uint32_t, const AesaAddress&, const AesaAddress&> hops)
{
    m_partyHops = hops;
}

void
CoCallRecorder::OpenParty(CoNetDevice* nic,
                          CoVcHandle vc,
                          CoPartyHandle party,
                          const CoCallParameters& p,
                          uint16_t endpointReference)
{
    NS_LOG_FUNCTION(this << nic << vc << party);
    CoPartyRecord r;
    r.callId = nic->GetCallId(vc);
    r.root = nic->GetAesa();
    r.leaf = p.calledParty;
    r.endpointReference = endpointReference;
    r.asked = Simulator::Now();
    if (!m_partyHops.IsNull())
    {
        r.hops = m_partyHops(r.root, r.leaf);
    }
    std::size_t index = m_parties.size();
    m_parties.push_back(r);
    PartyProgress& open = m_openParties[index];
    open.root = nic;
    open.vc = vc;
    open.party = party;
    m_partyByHandle[{nic, party.GetValue()}] = index;
    m_partiesOfVc[{nic, vc.GetValue()}].push_back(index);
    m_partiesOfCall[r.callId].push_back(index);
    CountSdus(nic);
}

void
CoCallRecorder::PartyAdded(std::size_t index, CoStatus status)
{
    auto open = m_openParties.find(index);
    if (open == m_openParties.end() || !open->second.since.IsStrictlyNegative())
    {
        return; // ended already, or added already
    }
    CoPartyRecord& r = m_parties[index];
    r.addLatency = Simulator::Now() - r.asked;
    r.outcome = status;
    if (status.IsSuccess())
    {
        open->second.since = Simulator::Now();
        return;
    }
    EndParty(index, CoPartyRecord::Ending::None, 0);
}

void
CoCallRecorder::EndParty(std::size_t index, CoPartyRecord::Ending ending, uint8_t cause)
{
    auto open = m_openParties.find(index);
    if (open == m_openParties.end())
    {
        return;
    }
    CoPartyRecord& r = m_parties[index];
    const PartyProgress& o = open->second;
    if (!o.since.IsStrictlyNegative())
    {
        r.activeTime = Simulator::Now() - o.since;
        r.ending = ending;
        r.endCause = cause;
    }
    if (o.party.IsValid())
    {
        m_partyByHandle.erase({o.root, o.party.GetValue()});
    }
    // A party's lists are short: the call's open parties.
    auto erase = [index](std::vector<std::size_t>& list) {
        list.erase(std::remove(list.begin(), list.end(), index), list.end());
    };
    auto ofVc = m_partiesOfVc.find({o.root, o.vc.GetValue()});
    if (ofVc != m_partiesOfVc.end())
    {
        erase(ofVc->second);
        if (ofVc->second.empty())
        {
            m_partiesOfVc.erase(ofVc);
        }
    }
    auto ofCall = m_partiesOfCall.find(r.callId);
    if (ofCall != m_partiesOfCall.end())
    {
        erase(ofCall->second);
        if (ofCall->second.empty())
        {
            m_partiesOfCall.erase(ofCall);
        }
    }
    m_openParties.erase(open);
    m_partyRecordTrace(r);
}

void
CoCallRecorder::EndParties(CoNetDevice* nic,
                           CoVcHandle vc,
                           CoPartyRecord::Ending ending,
                           CoStatus status)
{
    auto parties = m_partiesOfVc.find({nic, vc.GetValue()});
    if (parties == m_partiesOfVc.end())
    {
        return;
    }
    // EndParty() takes each off the list being read.
    std::vector<std::size_t> indices = parties->second;
    for (std::size_t index : indices)
    {
        const PartyProgress& o = m_openParties.at(index);
        if (o.since.IsStrictlyNegative())
        {
            // The device completes every add before the call ends; one that
            // had not, fails with the call.
            PartyAdded(index, status.IsSuccess() ? CoStatus::FromCause(status.GetCause()) : status);
            continue;
        }
        CoPartyRecord::Ending how = o.ending == CoPartyRecord::Ending::RootClose
                                        ? CoPartyRecord::Ending::RootClose
                                        : ending;
        EndParty(index, how, status.GetCause());
    }
}

void
CoCallRecorder::CloseCall(CoNetDevice* nic, CoVcHandle vc)
{
    auto parties = m_partiesOfVc.find({nic, vc.GetValue()});
    if (parties == m_partiesOfVc.end())
    {
        return;
    }
    // The root closes the call with its last party: whatever ends it now
    // (the release completing, or the network's crossing it), the root did.
    for (std::size_t index : parties->second)
    {
        m_openParties.at(index).ending = CoPartyRecord::Ending::RootClose;
    }
}

void
CoCallRecorder::IncomingCall(CoNetDevice* nic, CoVcHandle vc, const CoCallParameters&)
{
    auto parties = m_partiesOfCall.find(nic->GetCallId(vc));
    if (parties == m_partiesOfCall.end())
    {
        return; // a point-to-point call
    }
    for (std::size_t index : parties->second)
    {
        PartyProgress& o = m_openParties.at(index);
        if (!o.atLeaf && m_parties[index].leaf == nic->GetAesa())
        {
            o.atLeaf = true;
            m_leafVcs[{nic, vc.GetValue()}] = index;
            CountSdus(nic);
            return;
        }
    }
}

void
CoCallRecorder::AddParty(CoNetDevice* nic, CoPartyHandle party, const CoCallParameters& p)
{
    // A root-prompted join approved by the root: the leaf's record has it,
    // and learns the root's handle, so that the root's drop ends it as such.
    // Its latency stays the leaf's (JoinCall to JoinCallComplete).
    for (const auto& [leafVc, index] : m_joining)
    {
        if (m_parties[index].leaf == p.calledParty && m_parties[index].root == nic->GetAesa())
        {
            PartyProgress& o = m_openParties.at(index);
            o.root = nic;
            o.party = party;
            m_partyByHandle[{nic, party.GetValue()}] = index;
            return;
        }
    }
    OpenParty(nic, nic->GetPartyVc(party), party, p, nic->GetPartyEndpointReference(party));
}

void
CoCallRecorder::AddPartyComplete(CoNetDevice* nic,
                                 CoPartyHandle party,
                                 CoStatus status,
                                 const CoCallParameters&)
{
    auto it = m_partyByHandle.find({nic, party.GetValue()});
    if (it != m_partyByHandle.end() && !m_parties[it->second].leafJoined)
    {
        PartyAdded(it->second, status); // a join is added when the leaf's completes
    }
}

void
CoCallRecorder::DropParty(CoNetDevice* nic, CoPartyHandle party)
{
    // Also the answer to IncomingDropParty, whose party has ended already.
    auto it = m_partyByHandle.find({nic, party.GetValue()});
    if (it != m_partyByHandle.end())
    {
        m_openParties.at(it->second).ending = CoPartyRecord::Ending::RootDrop;
    }
}

void
CoCallRecorder::DropPartyComplete(CoNetDevice* nic, CoPartyHandle party, CoStatus status)
{
    auto it = m_partyByHandle.find({nic, party.GetValue()});
    if (it != m_partyByHandle.end())
    {
        EndParty(it->second, CoPartyRecord::Ending::RootDrop, status.GetCause());
    }
}

void
CoCallRecorder::IncomingDropParty(CoNetDevice* nic, CoPartyHandle party, CoStatus status)
{
    auto it = m_partyByHandle.find({nic, party.GetValue()});
    if (it != m_partyByHandle.end())
    {
        EndParty(it->second, CoPartyRecord::Ending::Remote, status.GetCause());
    }
}

void
CoCallRecorder::JoinCall(CoNetDevice* nic,
                         CoVcHandle vc,
                         const AesaAddress& root,
                         uint32_t /* identifier */)
{
    NS_LOG_FUNCTION(this << nic << vc << root);
    CoPartyRecord r;
    r.root = root;
    r.leaf = nic->GetAesa();
    r.asked = Simulator::Now();
    r.leafJoined = true;
    if (!m_partyHops.IsNull())
    {
        r.hops = m_partyHops(r.root, r.leaf);
    }
    std::size_t index = m_parties.size();
    m_parties.push_back(r);
    m_openParties[index]; // no root side until the call is joined
    m_joining[{nic, vc.GetValue()}] = index;
    CountSdus(nic);
}

void
CoCallRecorder::JoinCallComplete(CoNetDevice* nic,
                                 CoVcHandle vc,
                                 CoStatus status,
                                 const CoCallParameters&)
{
    NS_LOG_FUNCTION(this << nic << vc << status);
    auto joining = m_joining.find({nic, vc.GetValue()});
    if (joining == m_joining.end())
    {
        return;
    }
    std::size_t index = joining->second;
    m_joining.erase(joining);
    if (!status.IsSuccess())
    {
        PartyAdded(index, status);
        return;
    }
    CoPartyRecord& r = m_parties[index];
    r.callId = nic->GetCallId(vc);
    PartyAdded(index, status);
    m_leafVcs[{nic, vc.GetValue()}] = index;
    // The root's side, as far as the recorder sees it: its VC on the call,
    // so that the SDUs it sends count and its closing ends the party.
    PartyProgress& o = m_openParties.at(index);
    o.atLeaf = true;
    auto ofCall = m_partiesOfCall.find(r.callId);
    if (ofCall != m_partiesOfCall.end())
    {
        for (std::size_t other : ofCall->second)
        {
            const PartyProgress& p = m_openParties.at(other);
            if (p.root != nullptr)
            {
                o.root = p.root;
                o.vc = p.vc;
                m_partiesOfVc[{p.root, p.vc.GetValue()}].push_back(index);
                break;
            }
        }
    }
    m_partiesOfCall[r.callId].push_back(index);
}

void
CoCallRecorder::VcTx(CoNetDevice* nic, Ptr<const Packet>, CoVcHandle vc)
{
    auto parties = m_partiesOfVc.find({nic, vc.GetValue()});
    if (parties == m_partiesOfVc.end())
    {
        return;
    }
    for (std::size_t index : parties->second)
    {
        if (!m_openParties.at(index).since.IsStrictlyNegative())
        {
            ++m_parties[index].sentSdus;
        }
    }
}

void
CoCallRecorder::VcRx(CoNetDevice* nic, Ptr<const Packet>, CoVcHandle vc)
{
    auto it = m_leafVcs.find({nic, vc.GetValue()});
    if (it != m_leafVcs.end())
    {
        ++m_parties[it->second].receivedSdus;
    }
}

const std::vector<CoPartyRecord>&
CoCallRecorder::GetPartyRecords() const
{
    return m_parties;
}

CoPartySummary
CoCallRecorder::SummarizeParties() const
{
    CoPartySummary s;
    // A join (a leaf's request crossing to the root or a switch, and the
    // add coming back) and a root's add are different measures: kept apart.
    std::vector<Time> latencies;
    std::vector<Time> joins;
    for (const CoPartyRecord& r : m_parties)
    {
        ++s.parties;
        s.sentSdus += r.sentSdus;
        s.receivedSdus += r.receivedSdus;
        if (r.addLatency.IsStrictlyNegative())
        {
            continue; // never completed
        }
        if (r.outcome.IsSuccess())
        {
            ++s.added;
            (r.leafJoined ? joins : latencies).push_back(r.addLatency);
        }
        else
        {
            ++s.failed;
        }
    }
    if (!latencies.empty())
    {
        s.meanAddLatency = SortAndMean(latencies);
        s.p50AddLatency = Quantile(latencies, 0.50);
        s.p95AddLatency = Quantile(latencies, 0.95);
    }
    s.joins = joins.size();
    if (!joins.empty())
    {
        s.meanJoinLatency = SortAndMean(joins);
        s.p50JoinLatency = Quantile(joins, 0.50);
        s.p95JoinLatency = Quantile(joins, 0.95);
    }
    return s;
}

} // namespace ns3
