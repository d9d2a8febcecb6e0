/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-multipoint-root-application.h"

#include "co-net-device.h"
#include "co-ns3-compat.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoMultipointRootApplication");

NS_OBJECT_ENSURE_REGISTERED(CoMultipointRootApplication);

TypeId
CoMultipointRootApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoMultipointRootApplication")
            .SetParent<CoClientApplication>()
            .SetGroupName("Condis")
            .AddConstructor<CoMultipointRootApplication>()
            .AddAttribute("PeakCellRate",
                          "The call's forward peak cell rate, cells/s (CBR; nothing backward).",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&CoMultipointRootApplication::m_peakCellRate),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PacketSize",
                          "Bytes in each SDU sent to the leaves.",
                          UintegerValue(512),
                          MakeUintegerAccessor(&CoMultipointRootApplication::m_packetSize),
                          MakeUintegerChecker<uint32_t>(1, 9188))
            .AddAttribute("PacketInterval",
                          "Time between SDUs while the call is connected; 0 sends nothing.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&CoMultipointRootApplication::m_packetInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("LeafJoin",
                          "Whether leaves may ask to join the call (ATM Forum UNI 4.0), and who "
                          "lets them in: the root (root-prompted) or the switches (network).",
                          EnumValue(LEAF_JOIN_NONE),
                          CoMakeEnumAccessor<LeafJoin>(&CoMultipointRootApplication::m_leafJoin),
                          MakeEnumChecker(LEAF_JOIN_NONE,
                                          "none",
                                          LEAF_JOIN_ROOT_PROMPTED,
                                          "root-prompted",
                                          LEAF_JOIN_NETWORK,
                                          "network"))
            .AddAttribute("CallIdentifier",
                          "The call's identifier, by which leaves ask to join it (unique "
                          "among the root's calls; used when LeafJoin is not none).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&CoMultipointRootApplication::m_callIdentifier),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxLeaves",
                          "Root-prompted join: a request is refused (cause 47) when the "
                          "call has this many parties already; 0 sets no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoMultipointRootApplication::m_maxLeaves),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource(
                "LeafJoinRequest",
                "A leaf asked to join the call (root-prompted): the leaf, and "
                "the root's answer (success: it is added).",
                MakeTraceSourceAccessor(&CoMultipointRootApplication::m_leafJoinRequestTrace),
                "ns3::CoMultipointRootApplication::LeafJoinRequestTracedCallback")
            .AddTraceSource(
                "LeafJoined",
                "A leaf's add ended: its index, and the status (success: it is "
                "a party of the call).",
                MakeTraceSourceAccessor(&CoMultipointRootApplication::m_leafJoinedTrace),
                "ns3::CoMultipointRootApplication::LeafTracedCallback")
            .AddTraceSource("LeafLeft",
                            "A leaf left the call: its index, and the status (the network's "
                            "cause when it was dropped by the network).",
                            MakeTraceSourceAccessor(&CoMultipointRootApplication::m_leafLeftTrace),
                            "ns3::CoMultipointRootApplication::LeafTracedCallback")
            .AddTraceSource("Tx",
                            "An SDU was sent on the call.",
                            MakeTraceSourceAccessor(&CoMultipointRootApplication::m_txTrace),
                            "ns3::CoClientApplication::PacketVcTracedCallback");
    return tid;
}

CoMultipointRootApplication::CoMultipointRootApplication()
    : m_peakCellRate(1000),
      m_packetSize(512),
      m_leafJoin(LEAF_JOIN_NONE),
      m_callIdentifier(1),
      m_maxLeaves(0)
{
    NS_LOG_FUNCTION(this);
}

CoMultipointRootApplication::~CoMultipointRootApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CoMultipointRootApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Simulator::Remove(m_sendEvent);
    Simulator::Remove(m_joinEvent);
    for (Leaf& leaf : m_leaves)
    {
        Simulator::Remove(leaf.event);
    }
    CoClientApplication::DoDispose();
}

void
CoMultipointRootApplication::AddLeaf(const AesaAddress& leaf, Time join, Time leave)
{
    NS_LOG_FUNCTION(this << leaf << join << leave);
    if (join.IsStrictlyNegative() || leave <= join)
    {
        NS_FATAL_ERROR("CoMultipointRootApplication::AddLeaf: leaf "
                       << leaf << " joins at " << join.As(Time::S) << " and leaves at "
                       << leave.As(Time::S) << " (a leaf joins at 0 or later, and leaves after)");
    }
    Leaf l;
    l.address = leaf;
    l.join = join;
    l.leave = leave;
    m_leaves.push_back(l);
}

CoMultipointRootApplication::LeafState
CoMultipointRootApplication::GetLeafState(std::size_t i) const
{
    return m_leaves.at(i).state;
}

uint8_t
CoMultipointRootApplication::GetLeafCause(std::size_t i) const
{
    return m_leaves.at(i).cause;
}

std::size_t
CoMultipointRootApplication::GetActiveLeafCount() const
{
    return std::count_if(m_leaves.begin(), m_leaves.end(), [](const Leaf& l) {
        return l.state == LeafState::Active;
    });
}

uint32_t
CoMultipointRootApplication::GetLeafJoinApprovedCount() const
{
    return m_approved;
}

uint32_t
CoMultipointRootApplication::GetLeafJoinRefusedCount() const
{
    return m_refused;
}

uint64_t
CoMultipointRootApplication::GetTxPackets() const
{
    return m_txPackets;
}

const char*
CoMultipointRootApplication::GetLeafStateName(LeafState state)
{
    switch (state)
    {
    case LeafState::Planned:
        return "Planned";
    case LeafState::Adding:
        return "Adding";
    case LeafState::Active:
        return "Active";
    case LeafState::Failed:
        return "Failed";
    case LeafState::Left:
        return "Left";
    }
    return "Unknown";
}

void
CoMultipointRootApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    CoClientHandlers handlers;
    handlers.makeCallComplete =
        MakeCallback(&CoMultipointRootApplication::OnMakeCallComplete, this);
    handlers.addPartyComplete =
        MakeCallback(&CoMultipointRootApplication::OnAddPartyComplete, this);
    handlers.dropPartyComplete =
        MakeCallback(&CoMultipointRootApplication::OnDropPartyComplete, this);
    handlers.incomingDropParty =
        MakeCallback(&CoMultipointRootApplication::OnIncomingDropParty, this);
    handlers.incomingCloseCall =
        MakeCallback(&CoMultipointRootApplication::OnIncomingCloseCall, this);
    handlers.closeCallComplete =
        MakeCallback(&CoMultipointRootApplication::OnCloseCallComplete, this);
    handlers.incomingLeafJoin =
        MakeCallback(&CoMultipointRootApplication::OnIncomingLeafJoin, this);
    OpenAddressFamily(handlers);
    if (m_leaves.empty())
    {
        NS_FATAL_ERROR("CoMultipointRootApplication on node " << GetNode()->GetId()
                                                              << ": no leaf (AddLeaf)");
    }
    for (uint32_t i = 0; i < m_leaves.size(); ++i)
    {
        m_leaves[i].event =
            Simulator::Schedule(m_leaves[i].join, &CoMultipointRootApplication::Join, this, i);
    }
}

void
CoMultipointRootApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_stopped = true;
    Simulator::Remove(m_joinEvent);
    for (Leaf& leaf : m_leaves)
    {
        Simulator::Remove(leaf.event);
        if (leaf.state == LeafState::Planned)
        {
            leaf.state = LeafState::Left;
        }
    }
    CloseCall();
}

CoCallParameters
CoMultipointRootApplication::Parameters(const AesaAddress& leaf) const
{
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, m_peakCellRate);
    p.backward = CoFlowSpec(); // Q.2971: nothing goes back to the root
    p.backward.maxSduSize = 1;
    p.forward.maxSduSize = std::max<uint32_t>(m_packetSize, 1);
    p.calledParty = leaf;
    return p;
}

void
CoMultipointRootApplication::Join(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Leaf& leaf = m_leaves[i];
    leaf.due = true;
    if (leaf.leave != Time::Max())
    {
        leaf.event = Simulator::Schedule(leaf.leave - leaf.join,
                                         &CoMultipointRootApplication::Leave,
                                         this,
                                         i);
    }
    TryJoin(i);
}

void
CoMultipointRootApplication::TryJoin(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Leaf& leaf = m_leaves[i];
    if (m_closing || leaf.state != LeafState::Planned)
    {
        return;
    }
    if (IsOnTheCall(leaf.address))
    {
        // An earlier join of the same leaf is still being added or dropped:
        // this one waits for it to end (JoinDueLeaves), so that the leaf is
        // never two parties at once.
        return;
    }
    Ptr<CoNetDevice> device = GetDevice();
    CoStatus s;
    if (!m_vc.IsValid())
    {
        // The first leaf due (or the next, after one that failed) makes the call.
        s = device->CreateVc(GetClient(), m_vc);
        if (s.IsSuccess())
        {
            if (m_leafJoin == LEAF_JOIN_NONE)
            {
                s = device->MakeCall(m_vc, Parameters(leaf.address), leaf.party);
            }
            else
            {
                CoLeafJoin join;
                join.callIdentifier = m_callIdentifier;
                join.mode = m_leafJoin == LEAF_JOIN_NETWORK ? CoLeafJoinMode::NetworkJoin
                                                            : CoLeafJoinMode::RootPrompted;
                s = device->MakeCall(m_vc, Parameters(leaf.address), leaf.party, join);
            }
            if (!s.IsPending())
            {
                device->DeleteVc(m_vc);
                m_vc = CoVcHandle();
            }
        }
    }
    else if (!m_connected)
    {
        return; // added once the call is connected (OnMakeCallComplete)
    }
    else
    {
        s = device->AddParty(m_vc, Parameters(leaf.address), leaf.party);
    }
    if (s.IsPending())
    {
        leaf.state = LeafState::Adding;
        return;
    }
    leaf.state = LeafState::Failed;
    leaf.cause = s.GetCause();
    Simulator::Remove(leaf.event);
    m_leafJoinedTrace(i, s);
}

bool
CoMultipointRootApplication::IsOnTheCall(const AesaAddress& address) const
{
    return std::any_of(m_leaves.begin(), m_leaves.end(), [&address](const Leaf& l) {
        return l.address == address &&
               (l.state == LeafState::Adding || l.state == LeafState::Active);
    });
}

void
CoMultipointRootApplication::Leave(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Leaf& leaf = m_leaves[i];
    switch (leaf.state)
    {
    case LeafState::Planned: // its join is waiting for the call
        leaf.state = LeafState::Left;
        break;
    case LeafState::Active:
        DropOrClose(i);
        break;
    case LeafState::Adding:
        // Dropped once added (OnAddPartyComplete): the leave time is past.
    case LeafState::Failed:
    case LeafState::Left:
        break;
    }
}

void
CoMultipointRootApplication::DropOrClose(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Leaf& leaf = m_leaves[i];
    Ptr<CoNetDevice> device = GetDevice();
    if (device->GetParties(m_vc).size() == 1)
    {
        // The last party goes with the call (CoNDIS).
        m_closing = true;
        Simulator::Remove(m_sendEvent);
        CoStatus s = device->CloseCall(m_vc, leaf.party);
        NS_LOG_LOGIC("CloseCall with leaf " << i << ": " << s);
        return;
    }
    if (device->DropParty(leaf.party).IsPending())
    {
        return; // OnDropPartyComplete
    }
    NS_LOG_WARN("DropParty of leaf " << i << " refused");
}

void
CoMultipointRootApplication::CloseCall()
{
    NS_LOG_FUNCTION(this);
    if (!m_vc.IsValid() || m_closing)
    {
        return;
    }
    m_closing = true;
    if (!m_connected)
    {
        return; // MakeCall pends: closed when it completes
    }
    DropAllButLast();
}

void
CoMultipointRootApplication::DropAllButLast()
{
    NS_LOG_FUNCTION(this);
    // Every party but the last is dropped, then the call closed with it;
    // the parties leaves asked for (root-prompted) are the root's too.
    Ptr<CoNetDevice> device = GetDevice();
    std::vector<CoPartyHandle> parties = device->GetParties(m_vc);
    for (std::size_t k = 0; k + 1 < parties.size(); ++k)
    {
        if (device->GetPartyState(parties[k]) == CoNetDevice::PartyState::Active)
        {
            device->DropParty(parties[k]);
        }
    }
    CloseIfClosing();
}

void
CoMultipointRootApplication::SendPacket()
{
    if (!m_connected || m_closing)
    {
        return;
    }
    Ptr<Packet> packet = Create<Packet>(m_packetSize);
    if (GetDevice()->Send(m_vc, packet).IsSuccess())
    {
        ++m_txPackets;
        m_txTrace(packet, m_vc);
    }
    m_sendEvent =
        Simulator::Schedule(m_packetInterval, &CoMultipointRootApplication::SendPacket, this);
}

int
CoMultipointRootApplication::FindLeaf(CoPartyHandle party) const
{
    for (std::size_t i = 0; i < m_leaves.size(); ++i)
    {
        if (m_leaves[i].party == party &&
            (m_leaves[i].state == LeafState::Adding || m_leaves[i].state == LeafState::Active))
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void
CoMultipointRootApplication::OnMakeCallComplete(CoStatus status,
                                                CoVcHandle vc,
                                                const CoCallParameters& /* granted */)
{
    NS_LOG_FUNCTION(this << status << vc);
    auto first = std::find_if(m_leaves.begin(), m_leaves.end(), [](const Leaf& l) {
        return l.state == LeafState::Adding;
    });
    NS_ASSERT_MSG(first != m_leaves.end(), "a MakeCall completed that no leaf made");
    auto index = static_cast<uint32_t>(first - m_leaves.begin());
    m_leafJoinedTrace(index, status);
    if (!status.IsSuccess())
    {
        first->state = LeafState::Failed;
        first->cause = status.GetCause();
        Simulator::Remove(first->event);
        GetDevice()->DeleteVc(vc);
        m_vc = CoVcHandle();
        // The next leaf due makes the call instead.
        for (uint32_t i = 0; i < m_leaves.size() && !m_vc.IsValid(); ++i)
        {
            if (m_leaves[i].due)
            {
                TryJoin(i);
            }
        }
        return;
    }
    first->state = LeafState::Active;
    m_connected = true;
    if (m_closing)
    {
        m_closing = false; // stopped while the call was being made
        CloseCall();
        return;
    }
    // Leaves due while the call was being made join now.
    for (uint32_t i = 0; i < m_leaves.size(); ++i)
    {
        if (m_leaves[i].due)
        {
            TryJoin(i);
        }
    }
    if (!m_packetInterval.IsZero())
    {
        SendPacket();
    }
}

void
CoMultipointRootApplication::OnAddPartyComplete(CoStatus status,
                                                CoPartyHandle party,
                                                const CoCallParameters& /* granted */)
{
    NS_LOG_FUNCTION(this << status << party);
    int i = FindLeaf(party);
    if (i < 0)
    {
        // a leaf that asked to join (root-prompted): dropped if the call closes
        if (status.IsSuccess() && m_closing && m_connected)
        {
            DropAllButLast();
            return;
        }
        CloseIfClosing();
        return;
    }
    Leaf& leaf = m_leaves[i];
    m_leafJoinedTrace(i, status);
    if (!status.IsSuccess())
    {
        leaf.state = LeafState::Failed;
        leaf.cause = status.GetCause();
        Simulator::Remove(leaf.event);
        CloseIfClosing();
        JoinDueLeaves();
        return;
    }
    leaf.state = LeafState::Active;
    if (m_closing || (leaf.leave != Time::Max() && Simulator::IsExpired(leaf.event)))
    {
        // Its leave time passed while it was being added, or the call closes.
        DropOrClose(i);
    }
}

void
CoMultipointRootApplication::OnDropPartyComplete(CoStatus status, CoPartyHandle party)
{
    NS_LOG_FUNCTION(this << status << party);
    int i = FindLeaf(party);
    if (i >= 0)
    {
        m_leaves[i].state = LeafState::Left;
        m_leafLeftTrace(i, status);
    }
    CloseIfClosing();
    JoinDueLeaves(); // a join of the same leaf may have waited for it
}

void
CoMultipointRootApplication::OnIncomingDropParty(CoStatus status, CoPartyHandle party)
{
    NS_LOG_FUNCTION(this << status << party);
    int i = FindLeaf(party);
    GetDevice()->DropParty(party); // the answer, which completes at once
    if (i >= 0)
    {
        m_leaves[i].state = LeafState::Left;
        m_leaves[i].cause = status.GetCause();
        Simulator::Remove(m_leaves[i].event);
        m_leafLeftTrace(i, status);
    }
    CloseIfClosing();
    JoinDueLeaves();
}

void
CoMultipointRootApplication::OnIncomingCloseCall(CoStatus status, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << status << vc);
    Ptr<CoNetDevice> device = GetDevice();
    std::vector<CoPartyHandle> parties = device->GetParties(vc);
    CoStatus closed =
        parties.empty() ? device->CloseCall(vc) : device->CloseCall(vc, parties.back());
    NS_LOG_LOGIC("CloseCall after IncomingCloseCall: " << closed);
    EndCall(status);
}

void
CoMultipointRootApplication::OnCloseCallComplete(CoStatus status, CoVcHandle vc)
{
    NS_LOG_FUNCTION(this << status << vc);
    EndCall(status);
}

CoStatus
CoMultipointRootApplication::OnIncomingLeafJoin(CoVcHandle vc, const AesaAddress& leaf)
{
    NS_LOG_FUNCTION(this << vc << leaf);
    CoStatus answer = CoStatus(CoStatusCode::Success);
    if (vc != m_vc || !m_connected || m_closing)
    {
        answer = CoStatus(CoStatusCode::NotAccepted, Q2931Cause::CALL_REJECTED);
    }
    else if (m_maxLeaves != 0 && GetDevice()->GetParties(m_vc).size() >= m_maxLeaves)
    {
        answer = CoStatus(CoStatusCode::NotAccepted, Q2931Cause::RESOURCES_UNAVAILABLE);
    }
    answer.IsSuccess() ? ++m_approved : ++m_refused;
    m_leafJoinRequestTrace(leaf, answer);
    return answer;
}

void
CoMultipointRootApplication::EndCall(CoStatus status)
{
    NS_LOG_FUNCTION(this << status);
    for (uint32_t i = 0; i < m_leaves.size(); ++i)
    {
        Leaf& leaf = m_leaves[i];
        if (leaf.state == LeafState::Active || leaf.state == LeafState::Adding)
        {
            leaf.state = LeafState::Left;
            leaf.cause = status.IsSuccess() ? 0 : status.GetCause();
            Simulator::Remove(leaf.event);
            m_leafLeftTrace(i, status);
        }
    }
    Simulator::Remove(m_sendEvent);
    GetDevice()->DeleteVc(m_vc);
    m_vc = CoVcHandle();
    m_connected = false;
    // Once stopped, no leaf joins again; before, the next leaf due makes a
    // new call, out of the device's completion handler that called us.
    m_closing = m_stopped;
    if (!m_stopped)
    {
        m_joinEvent = Simulator::ScheduleNow(&CoMultipointRootApplication::JoinDueLeaves, this);
    }
}

void
CoMultipointRootApplication::JoinDueLeaves()
{
    NS_LOG_FUNCTION(this);
    // TryJoin makes the call with the first, adds the others if it is
    // connected, or leaves them to OnMakeCallComplete; it passes over the
    // leaves that joined already.
    for (uint32_t i = 0; i < m_leaves.size(); ++i)
    {
        if (m_leaves[i].due)
        {
            TryJoin(i);
        }
    }
}

void
CoMultipointRootApplication::CloseIfClosing()
{
    if (!m_closing || !m_connected)
    {
        return;
    }
    Ptr<CoNetDevice> device = GetDevice();
    std::vector<CoPartyHandle> parties = device->GetParties(m_vc);
    if (parties.size() == 1 && device->GetPartyState(parties[0]) == CoNetDevice::PartyState::Active)
    {
        device->CloseCall(m_vc, parties[0]);
    }
}

} // namespace ns3
