/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-switch.h"

#include "atm-frame-header.h"
#include "co-channel.h"
#include "co-net-device.h"
#include "co-ns3-compat.h"
#include "co-port-net-device.h"
#include "co-vc-scheduler.h"
#include "q2931-call-state-ie.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoSwitch");

NS_OBJECT_ENSURE_REGISTERED(CoSwitch);

TypeId
CoSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoSwitch")
            .SetParent<Object>()
            .SetGroupName("Condis")
            .AddConstructor<CoSwitch>()
            .AddAttribute("Prefix",
                          "The switch's network prefix (first 13 bytes of an AESA); the "
                          "helper gives hosts on the switch addresses under it.",
                          AesaAddressValue(),
                          MakeAesaAddressAccessor(&CoSwitch::m_prefix),
                          MakeAesaAddressChecker())
            .AddAttribute("ProcessingDelay",
                          "Time the switch's signalling processor spends on each Q.2931 "
                          "message; messages queue for it first come, first served.",
                          TimeValue(MicroSeconds(100)),
                          MakeTimeAccessor(&CoSwitch::m_processingDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("T303",
                          "Q.2931 T303: SETUP sent downstream, awaiting a response. "
                          "Retransmit once; then clear with cause 18 (no user responding).",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&CoSwitch::m_t303),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T308",
                          "Q.2931 T308: RELEASE sent, awaiting RELEASE COMPLETE. "
                          "Retransmit once; then free the call reference.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&CoSwitch::m_t308),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T309",
                          "Q.2931 T309: a port's signalling AAL failed with its link up. "
                          "Active calls on it wait this long (others are cleared at once); "
                          "when it is back they are checked with STATUS ENQUIRY, else "
                          "cleared with cause 27.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&CoSwitch::m_t309),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T310",
                          "Q.2931 T310: CALL PROCEEDING received, awaiting CONNECT. "
                          "On expiry, clear with cause 18 upstream and 102 downstream.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&CoSwitch::m_t310),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T301",
                          "Q.2931 T301 (at least 3 min): ALERTING received, awaiting CONNECT. "
                          "On expiry, clear with cause 19 (no answer from user, user "
                          "alerted) upstream and 102 downstream.",
                          TimeValue(Minutes(3)),
                          MakeTimeAccessor(&CoSwitch::m_t301),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T316",
                          "Q.2931 T316: RESTART sent, awaiting RESTART ACKNOWLEDGE. On expiry, "
                          "RESTART again, up to RestartAttempts in all.",
                          TimeValue(Minutes(2)),
                          MakeTimeAccessor(&CoSwitch::m_t316),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RestartAttempts",
                          "How many RESTART messages one restart of an interface sends at most "
                          "(the first included) before it is given up.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&CoSwitch::m_restartAttempts),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("T322",
                          "Q.2931 T322: STATUS ENQUIRY sent, awaiting STATUS. Resent until "
                          "N322 have gone unanswered; then the call is cleared with cause 41.",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&CoSwitch::m_t322),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("N322",
                          "How many STATUS ENQUIRY messages one status enquiry sends at most "
                          "(the first included) before T322's last expiry clears the call.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&CoSwitch::m_n322),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("T397",
                          "Q.2971 T397: PARTY ALERTING received on a branch, awaiting ADD "
                          "PARTY ACKNOWLEDGE. On expiry the party is dropped on the branch "
                          "(cause 102) and rejected toward the root with cause 19.",
                          TimeValue(Minutes(3)),
                          MakeTimeAccessor(&CoSwitch::m_t397),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T398",
                          "Q.2971 T398: DROP PARTY sent, awaiting DROP PARTY ACKNOWLEDGE. On "
                          "expiry the party is released locally.",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&CoSwitch::m_t398),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("T399",
                          "Q.2971 T399: ADD PARTY sent on a branch, awaiting an answer. On "
                          "expiry the party is dropped on the branch (cause 102) and rejected "
                          "toward the root with cause 18. (A party added with SETUP on a new "
                          "branch is guarded by the branch's T303 and T310.)",
                          TimeValue(Seconds(14)),
                          MakeTimeAccessor(&CoSwitch::m_t399),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("LeafSetupRecordTime",
                          "How long the switch keeps its record of a LEAF SETUP REQUEST it "
                          "passed on toward the root, to send a LEAF SETUP FAILURE back, if "
                          "neither the failure nor the joining leaf's SETUP or ADD PARTY "
                          "passes first (which may take another route). Longer than a leaf "
                          "waits (UNI 4.0: T331 twice, 120 s by default).",
                          TimeValue(Seconds(130)),
                          MakeTimeAccessor(&CoSwitch::m_leafSetupRecordTime),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AdmissibleFraction",
                          "Share of each port's cell rate that admission control may "
                          "reserve (PCR of CBR calls, SCR of VBR calls; UBR reserves nothing).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CoSwitch::m_admissibleFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("Crankback",
                          "When a route refuses a call for want of resources (here or "
                          "downstream: causes 37, 41, 45, 47), try the next best route before "
                          "releasing the call upstream.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CoSwitch::m_crankback),
                          MakeBooleanChecker())
            .AddAttribute("MinVci",
                          "Lowest VCI given to calls (VCIs 0-31 are reserved by the ITU-T and "
                          "the ATM Forum).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&CoSwitch::m_minVci),
                          MakeUintegerChecker<uint16_t>(32))
            .AddAttribute("MaxVci",
                          "Highest VCI given to calls; with MinVci, bounds the calls per port.",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&CoSwitch::m_maxVci),
                          MakeUintegerChecker<uint16_t>(32))
            .AddAttribute("Upc",
                          "Usage parameter control at each input VC (ITU-T I.371): a dual GCRA "
                          "of the granted contract judges every frame; one that does not "
                          "conform is tagged CLP=1 (Tag) or discarded (Discard). None keeps no "
                          "policers. Applies to the cross-connects installed after a change.",
                          EnumValue(static_cast<int>(UpcAction::None)),
                          CoMakeEnumAccessor<int>(&CoSwitch::SetUpcValue, &CoSwitch::GetUpcValue),
                          MakeEnumChecker(static_cast<int>(UpcAction::None),
                                          "None",
                                          static_cast<int>(UpcAction::Tag),
                                          "Tag",
                                          static_cast<int>(UpcAction::Discard),
                                          "Discard"))
            .AddAttribute("UpcCdvt",
                          "Cell delay variation tolerance of the policers: the limit of the "
                          "peak GCRA, added to BT in the sustainable one (cross-connects "
                          "installed after a change get it).",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&CoSwitch::m_upcCdvt),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("SignallingRx",
                            "A Q.2931 message was taken up by the signalling processor.",
                            MakeTraceSourceAccessor(&CoSwitch::m_signallingRxTrace),
                            "ns3::CoSwitch::MessageTracedCallback")
            .AddTraceSource("SignallingTx",
                            "A Q.2931 message was sent on a port.",
                            MakeTraceSourceAccessor(&CoSwitch::m_signallingTxTrace),
                            "ns3::CoSwitch::MessageTracedCallback")
            .AddTraceSource("Admission",
                            "Admission control decided on a SETUP: the input port, the port "
                            "the decision is charged to (the output port; for a refusal, the "
                            "port whose direction refused: the input port when its backward "
                            "direction is full), the contract, and cause 0 admitted, else the "
                            "cause it was refused with.",
                            MakeTraceSourceAccessor(&CoSwitch::m_admissionTrace),
                            "ns3::CoSwitch::AdmissionTracedCallback")
            .AddTraceSource("CallRouted",
                            "A SETUP was admitted and sent on: call id, input and output port.",
                            MakeTraceSourceAccessor(&CoSwitch::m_routedTrace),
                            "ns3::CoSwitch::RoutedTracedCallback")
            .AddTraceSource("Crankback",
                            "A route refused a call and the next one is tried: call id, the "
                            "port whose direction refused (the route's output port), the cause.",
                            MakeTraceSourceAccessor(&CoSwitch::m_crankbackTrace),
                            "ns3::CoSwitch::CrankbackTracedCallback")
            .AddTraceSource("CrossConnectAdded",
                            "A cross-connect entry was installed.",
                            MakeTraceSourceAccessor(&CoSwitch::m_crossConnectAddTrace),
                            "ns3::CoSwitch::CrossConnectTracedCallback")
            .AddTraceSource("CrossConnectRemoved",
                            "A cross-connect entry was removed.",
                            MakeTraceSourceAccessor(&CoSwitch::m_crossConnectRemoveTrace),
                            "ns3::CoSwitch::CrossConnectTracedCallback")
            .AddTraceSource("ProtocolError",
                            "A message was answered as Q.2931 5.6 prescribes for an unexpected, "
                            "unrecognised or malformed one (STATUS or RELEASE COMPLETE): the "
                            "port, the message, the cause of the answer.",
                            MakeTraceSourceAccessor(&CoSwitch::m_protocolErrorTrace),
                            "ns3::CoSwitch::ProtocolErrorTracedCallback")
            .AddTraceSource("RestartComplete",
                            "A restart of an interface (RESTART sent when the port's link or the "
                            "switch came back) ended: the port, and true when RESTART "
                            "ACKNOWLEDGE came, false when T316 ran out RestartAttempts times.",
                            MakeTraceSourceAccessor(&CoSwitch::m_restartCompleteTrace),
                            "ns3::CoSwitch::RestartTracedCallback")
            .AddTraceSource("SignallingOutageEnded",
                            "An outage of a port's signalling AAL alone (its link up) ended: the "
                            "port, and true when it came back before T309 ran out (active calls "
                            "then checked with STATUS ENQUIRY), false when T309 ran out (they "
                            "were cleared).",
                            MakeTraceSourceAccessor(&CoSwitch::m_signallingOutageEndedTrace),
                            "ns3::CoSwitch::SignallingOutageTracedCallback")
            .AddTraceSource("PartyAdded",
                            "A party of a point-to-multipoint call was added beyond the switch "
                            "(CONNECT or ADD PARTY ACKNOWLEDGE passed toward the root): the "
                            "network call id, its branch's output port, its endpoint reference "
                            "toward the root.",
                            MakeTraceSourceAccessor(&CoSwitch::m_partyAddedTrace),
                            "ns3::CoSwitch::PartyTracedCallback")
            .AddTraceSource("PartyDropped",
                            "A party of a point-to-multipoint call ended at the switch (dropped "
                            "by either side, rejected while being added, or cleared with its "
                            "branch or the call): as PartyAdded, and the cause.",
                            MakeTraceSourceAccessor(&CoSwitch::m_partyDroppedTrace),
                            "ns3::CoSwitch::PartyDroppedTracedCallback")
            .AddTraceSource("BranchAdded",
                            "A point-to-multipoint call opened a branch (SETUP sent) out of a "
                            "port: the network call id, the port.",
                            MakeTraceSourceAccessor(&CoSwitch::m_branchAddedTrace),
                            "ns3::CoSwitch::BranchTracedCallback")
            .AddTraceSource("BranchReleased",
                            "A branch of a point-to-multipoint call was taken out of the call "
                            "(pruned, failed, or cleared with the call): the network call id, "
                            "the port.",
                            MakeTraceSourceAccessor(&CoSwitch::m_branchReleasedTrace),
                            "ns3::CoSwitch::BranchTracedCallback")
            .AddTraceSource("LeafSetupForwarded",
                            "A LEAF SETUP REQUEST was passed on toward the root: the ports it "
                            "came in and went out by, its leaf sequence number.",
                            MakeTraceSourceAccessor(&CoSwitch::m_leafSetupForwardedTrace),
                            "ns3::CoSwitch::LeafSetupTracedCallback")
            .AddTraceSource("NetworkJoin",
                            "The switch joined a leaf to a call itself (network join without "
                            "root notification): the network call id, the port of the branch "
                            "toward the leaf, the request's leaf sequence number.",
                            MakeTraceSourceAccessor(&CoSwitch::m_networkJoinTrace),
                            "ns3::CoSwitch::NetworkJoinTracedCallback")
            .AddTraceSource("DataDrop",
                            "A user-data frame arrived on a VCI with no cross-connect.",
                            MakeTraceSourceAccessor(&CoSwitch::m_dataDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Policing",
                            "Usage parameter control judged a frame on a policed input VC: the "
                            "frame (AAL5 SDU), its input port and VCI, and the verdict "
                            "(Conforming, Tagged, Discarded).",
                            MakeTraceSourceAccessor(&CoSwitch::m_policingTrace),
                            "ns3::CoSwitch::PolicingTracedCallback");
    return tid;
}

CoSwitch::CoSwitch()
{
    NS_LOG_FUNCTION(this);
    for (CoTimerQueue& timers : m_timers)
    {
        timers.SetExpiredCallback(MakeCallback(&CoSwitch::TimerExpired, this));
    }
    m_parties.SetExpiredCallback(MakeCallback(&CoSwitch::PartyTimerExpired, this));
}

CoSwitch::~CoSwitch()
{
    NS_LOG_FUNCTION(this);
}

void
CoSwitch::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (CoTimerQueue& timers : m_timers)
    {
        timers.Clear();
    }
    for (Port& p : m_ports)
    {
        p.restart.Stop();
        p.aalFailure.LinkDown();
    }
    for (auto& [owner, enquiry] : m_enquiries)
    {
        Simulator::Remove(enquiry.timer);
    }
    m_enquiries.clear();
    m_releaseDiagnostics.clear();
    m_parties.Clear();
    m_multipoint.clear();
    m_branchRoot.clear();
    for (auto& [key, request] : m_leafSetups)
    {
        Simulator::Remove(request.guard);
    }
    m_leafSetups.clear();
    m_leafJoinCalls.clear();
    m_calls.clear();
    m_contracts.clear();
    m_passThrough.clear();
    m_freeCalls.clear();
    m_callByReference.clear();
    m_crossConnects.clear();
    m_policers.clear();
    m_signallingQueue.clear();
    m_ports.clear();
    Object::DoDispose();
}

// ---- configuration -----------------------------------------------------------------

uint32_t
CoSwitch::AddPort(Ptr<CoPortNetDevice> port)
{
    NS_LOG_FUNCTION(this << port);
    uint32_t index = m_ports.size();
    m_ports.emplace_back();
    m_ports.back().device = port;
    m_ports.back().nextVci = m_minVci;
    port->SetInterfaceSide(CoPortNetDevice::InterfaceSide::Network);
    // A lambda rather than MakeCallback(&CoSwitch::ReceiveFrame, this, index):
    // ns-3 binds an argument by wrapping the callback in another one, and
    // each wrapper is a heap object that every frame would have to reach.
    CoSwitch* self = this;
    port->SetFrameReceiveCallback(CoFn(
        [self, index](Ptr<CoPortNetDevice> device, Ptr<Packet> sdu, const AtmFrameHeader& header) {
            self->ReceiveFrame(index, device, sdu, header);
        }));
    port->AddLinkChangeCallback(CoMakeCallback(&CoSwitch::LinkChanged, this, index));
    m_ports.back().restart.SetCallbacks(
        CoCallback<void, const Q2931Header&>(
            [self, index](const Q2931Header& message) { self->SendOnPort(index, message); }),
        CoCallback<void, bool>([self, index](bool acknowledged) {
            self->m_restartCompleteTrace(index, acknowledged);
        }),
        CoCallback<void>([self, index]() { self->m_ports[index].restart.Expired(); }));
    port->AddSignallingChangeCallback(CoMakeCallback(&CoSwitch::SignallingChanged, this, index));
    m_ports.back().signallingUp = port->IsSignallingUp();
    m_ports.back().aalFailure.SetCallbacks(
        CoCallback<void, bool, uint8_t>([self, index](bool active, uint8_t cause) {
            self->ClearPort(index, cause, std::nullopt, active);
        }),
        CoCallback<void>([self, index]() { self->EnquireLegs(index, true); }),
        CoCallback<void, bool>([self, index](bool recovered) {
            self->m_signallingOutageEndedTrace(index, recovered);
        }),
        CoCallback<void>([self, index]() { self->m_ports[index].aalFailure.Expired(); }));
    return index;
}

AesaAddress
CoSwitch::GetPrefix() const
{
    return m_prefix;
}

void
CoSwitch::SetPrefix(const AesaAddress& prefix)
{
    NS_LOG_FUNCTION(this << prefix);
    m_prefix = prefix;
}

uint32_t
CoSwitch::GetNPorts() const
{
    return m_ports.size();
}

Ptr<CoPortNetDevice>
CoSwitch::GetPort(uint32_t i) const
{
    NS_ASSERT_MSG(i < m_ports.size(), "switch has no port " << i);
    return m_ports[i].device;
}

void
CoSwitch::AddRoute(const AesaAddress& prefix, uint32_t bits, uint32_t port, uint32_t cost)
{
    NS_LOG_FUNCTION(this << prefix << bits << port << cost);
    if (port >= m_ports.size())
    {
        NS_FATAL_ERROR("route to " << prefix << "/" << bits << " names port " << port
                                   << ", but the switch has " << m_ports.size() << " ports");
    }
    m_routes.Add(prefix, bits, port, cost);
}

std::size_t
CoSwitch::RemoveRoute(const AesaAddress& prefix, uint32_t bits)
{
    NS_LOG_FUNCTION(this << prefix << bits);
    return m_routes.Remove(prefix, bits);
}

const CoRoutingTable&
CoSwitch::GetRoutingTable() const
{
    return m_routes;
}

void
CoSwitch::SetPrefixIndex(Ptr<CoPrefixIndex> index)
{
    NS_LOG_FUNCTION(this << index);
    if (!m_routes.SetPrefixIndex(index))
    {
        NS_FATAL_ERROR("CoSwitch::SetPrefixIndex: the switch already has routes (next hops: "
                       << m_routes.GetSize()
                       << ") numbered by another index; set it before adding routes");
    }
}

bool
CoSwitch::LookupRoute(const AesaAddress& called, uint32_t& port) const
{
    CoRoutingTable::NextHops hops = m_routes.Lookup(called);
    if (hops.empty())
    {
        return false;
    }
    port = hops.front().port;
    return true;
}

// ---- inspection --------------------------------------------------------------------

std::size_t
CoSwitch::GetCallCount() const
{
    return m_callCount;
}

std::size_t
CoSwitch::GetCrossConnectCount() const
{
    return m_crossConnects.size();
}

void
CoSwitch::SetUpcValue(int upc)
{
    m_upc = static_cast<UpcAction>(upc);
}

int
CoSwitch::GetUpcValue() const
{
    return static_cast<int>(m_upc);
}

CoSwitch::PolicingStats
CoSwitch::GetPolicingStats(uint32_t port, uint16_t vci) const
{
    auto it = m_policers.find(VciKey(port, vci));
    return it == m_policers.end() ? PolicingStats() : it->second.stats;
}

CoSwitch::PolicingStats
CoSwitch::GetPortPolicingStats(uint32_t port) const
{
    return port < m_portPolicing.size() ? m_portPolicing[port] : PolicingStats();
}

std::size_t
CoSwitch::GetPolicerCount() const
{
    return m_policers.size();
}

std::size_t
CoSwitch::GetSetupCount() const
{
    return m_contracts.size();
}

std::size_t
CoSwitch::GetPassThroughCount() const
{
    return m_passThrough.size();
}

uint64_t
CoSwitch::GetReservedCellRate(uint32_t port) const
{
    return m_ports.at(port).reserved;
}

uint64_t
CoSwitch::GetAdmissibleCellRate(uint32_t port) const
{
    return static_cast<uint64_t>(GetLineCellRate(port) * m_admissibleFraction);
}

uint32_t
CoSwitch::GetLineCellRate(uint32_t port) const
{
    Ptr<CoChannel> channel = DynamicCast<CoChannel>(m_ports.at(port).device->GetChannel());
    return channel ? CoCallParameters::DataRateToCellRate(channel->GetDataRate()) : 0;
}

std::size_t
CoSwitch::GetVciCount(uint32_t port) const
{
    return m_ports.at(port).vcis.size();
}

std::size_t
CoSwitch::GetSignallingBacklog() const
{
    return m_signallingQueue.size();
}

std::size_t
CoSwitch::GetRunningTimerCount() const
{
    std::size_t running = 0;
    for (const CoTimerQueue& timers : m_timers)
    {
        running += timers.GetRunning();
    }
    for (const Port& p : m_ports)
    {
        running += p.restart.IsRunning() ? 1 : 0; // T316
    }
    return running + m_enquiries.size() + m_parties.GetRunningTimerCount();
}

std::size_t
CoSwitch::GetMultipointCallCount() const
{
    return m_multipoint.size();
}

std::size_t
CoSwitch::GetBranchCount() const
{
    return m_branchRoot.size();
}

std::size_t
CoSwitch::GetPartyCount() const
{
    return m_parties.GetPartyCount();
}

std::size_t
CoSwitch::GetLeafSetupCount() const
{
    return m_leafSetups.size();
}

std::size_t
CoSwitch::GetLeafJoinCallCount() const
{
    return m_leafJoinCalls.size();
}

Q2971PartyState
CoSwitch::GetPartyState(uint32_t port,
                        uint32_t callReference,
                        bool weAllocated,
                        uint16_t endpointReference,
                        bool endpointWeAllocated) const
{
    uint32_t callId;
    uint32_t leg;
    if (!FindCall(port, callReference, weAllocated, callId, leg))
    {
        return Q2971PartyState::Null;
    }
    return m_parties.GetState(PartyKey(callId, leg), {endpointReference, endpointWeAllocated});
}

// ---- frames ------------------------------------------------------------------------

void
CoSwitch::ReceiveFrame(uint32_t port,
                       Ptr<CoPortNetDevice> /* device: known by its index */,
                       Ptr<Packet> sdu,
                       const AtmFrameHeader& header)
{
    NS_LOG_FUNCTION(this << port << sdu << header);
    if (header.GetVpi() == AtmFrameHeader::SIGNALLING_VPI &&
        header.GetVci() == AtmFrameHeader::SIGNALLING_VCI)
    {
        if (!m_processorBusy && m_processingDelay.IsZero())
        {
            // An idle processor that takes no time would serve the message
            // at this very instant anyway: serving it now is the same, and
            // saves an event per message. Only events of the same instant
            // may see the switch's answer sooner, as they would with any
            // other order of simultaneous events.
            ServeMessage(port, sdu);
            return;
        }
        m_signallingQueue.emplace_back(port, sdu);
        if (!m_processorBusy)
        {
            m_processorBusy = true;
            Simulator::Schedule(m_processingDelay, &CoSwitch::ServeSignalling, this);
        }
        return;
    }
    auto it = m_crossConnects.find(VciKey(port, header.GetVci()));
    if (it == m_crossConnects.end())
    {
        m_dataDropTrace(sdu);
        return;
    }
    const CrossConnect& out = it->second;
    // CLP passes through: a frame tagged upstream stays tagged.
    bool clp = header.GetClp();
    if (out.policed && !Police(port, header.GetVci(), sdu, clp))
    {
        return;
    }
    if (out.port & MULTICAST)
    {
        CopyToBranches(out.port & ~MULTICAST, sdu, header.GetTrafficType(), clp);
        return;
    }
    m_ports[out.port].device->SendFrame(sdu, 0, out.vci, header.GetTrafficType(), clp);
}

bool
CoSwitch::Police(uint32_t port, uint16_t vci, const Ptr<Packet>& sdu, bool& clp)
{
    Policer& policer = m_policers.find(VciKey(port, vci))->second;
    const Ptr<CoPortNetDevice>& device = m_ports[port].device;
    uint32_t size = sdu->GetSize();
    uint32_t cells = CoPortNetDevice::GetCellCount(size);
    // The frame is here once its last cell is: its first, judged as the
    // shaper judges a frame it lets go, came in as many cell times earlier
    // as the frame has cells after it, at the input link's rate.
    Time first =
        Simulator::Now() - (device->GetTransmissionTime(size) - device->GetTransmissionTime(0));
    PolicingVerdict verdict = PolicingVerdict::Conforming;
    if (policer.gcra.Conform(first, cells))
    {
        ++policer.stats.conforming;
        ++m_portPolicing[port].conforming;
    }
    else if (policer.action == UpcAction::Discard)
    {
        verdict = PolicingVerdict::Discarded;
        ++policer.stats.discarded;
        ++m_portPolicing[port].discarded;
    }
    else
    {
        verdict = PolicingVerdict::Tagged;
        clp = true;
        ++policer.stats.tagged;
        ++m_portPolicing[port].tagged;
    }
    NS_LOG_LOGIC("frame of " << cells << " cells on " << port << "/" << vci << ": "
                             << static_cast<int>(verdict));
    m_policingTrace(sdu, port, vci, verdict);
    return verdict != PolicingVerdict::Discarded;
}

bool
CoSwitch::AttachPolicer(uint32_t port,
                        uint16_t vci,
                        CoServiceCategory category,
                        const CoFlowSpec& flow)
{
    if (m_upc == UpcAction::None)
    {
        return false; // the usual case: nothing kept
    }
    CoDualGcra gcra = CoDualGcra::ForContract(category, flow, m_upcCdvt);
    if (!gcra.IsEnabled())
    {
        return false; // no rate to police (UBR without a PCR)
    }
    if (m_portPolicing.size() < m_ports.size())
    {
        m_portPolicing.resize(m_ports.size());
    }
    m_policers[VciKey(port, vci)] = Policer{gcra, PolicingStats(), m_upc};
    return true;
}

void
CoSwitch::ServeSignalling()
{
    NS_LOG_FUNCTION(this);
    if (m_signallingQueue.empty())
    {
        m_processorBusy = false; // the switch failed while serving
        return;
    }
    auto [port, sdu] = m_signallingQueue.front();
    m_signallingQueue.pop_front();
    if (!m_signallingQueue.empty())
    {
        Simulator::Schedule(m_processingDelay, &CoSwitch::ServeSignalling, this);
    }
    else
    {
        m_processorBusy = false;
    }
    if (sdu) // null: it came over a link that failed while it was being served
    {
        ServeMessage(port, sdu);
    }
}

void
CoSwitch::ServeMessage(uint32_t port, Ptr<Packet> sdu)
{
    NS_LOG_FUNCTION(this << port << sdu);
    Q2931Header message;
    uint64_t networkCallId;
    if (!SaalEndpoint::Receive(sdu, message, networkCallId))
    {
        NS_LOG_LOGIC("malformed signalling PDU on port " << port << " dropped");
        return;
    }
    m_signallingRxTrace(port, message);
    ReceiveMessage(port, message, networkCallId);
}

// ---- failures ----------------------------------------------------------------------

void
CoSwitch::LinkChanged(uint32_t port)
{
    NS_LOG_FUNCTION(this << port);
    if (m_ports[port].device->IsLinkUp())
    {
        return; // what follows waits for the signalling AAL (SignallingChanged)
    }
    m_ports[port].restart.LinkDown();
    m_ports[port].aalFailure.LinkDown();
    DropQueuedSignalling(port);
    // Nothing crosses a dead link: the leg on it is gone at once, and the
    // call is released on its other leg. A failed access link means the
    // user is unreachable (27); a failed trunk, a passing network failure (41).
    ClearPort(port,
              IsTowardUser(port) ? Q2931Cause::DESTINATION_OUT_OF_ORDER
                                 : Q2931Cause::TEMPORARY_FAILURE);
}

void
CoSwitch::SignallingChanged(uint32_t port)
{
    NS_LOG_FUNCTION(this << port);
    Port& p = m_ports[port];
    p.signallingUp = p.device->IsSignallingUp();
    if (p.signallingUp)
    {
        if (m_operational && p.restart.LinkUp())
        {
            // Back after a failure of the link or the switch: Q.2931 5.5 has
            // both sides restart the interface, so that neither keeps a call
            // the other forgot.
            Restart(port);
            return;
        }
        p.aalFailure.Established();
        return;
    }
    if (p.device->IsLinkUp())
    {
        // The signalling AAL alone failed: the data path is intact (5.6.10).
        // What came from the port and waits for the processor is lost with
        // it, as a SETUP served now would set up a call on a port that
        // cannot answer.
        DropQueuedSignalling(port);
        p.aalFailure.Released(m_t309);
    }
}

void
CoSwitch::DropQueuedSignalling(uint32_t port)
{
    NS_LOG_FUNCTION(this << port);
    if (m_signallingQueue.empty())
    {
        return;
    }
    // What came over the link and waits for the processor belongs to
    // calls that went with it: a SETUP served now would set up a call
    // whose answers back cannot cross, left connected with no timer
    // once the far end connects. It is dropped; the message being
    // served (the first) keeps the processor busy until its time is
    // up, but is not acted on.
    auto first = m_signallingQueue.begin();
    if (first->first == port)
    {
        first->second = nullptr;
    }
    m_signallingQueue.erase(std::remove_if(std::next(first),
                                           m_signallingQueue.end(),
                                           [port](const std::pair<uint32_t, Ptr<Packet>>& m) {
                                               return m.first == port;
                                           }),
                            m_signallingQueue.end());
}

void
CoSwitch::ClearPort(uint32_t port,
                    uint8_t cause,
                    std::optional<uint16_t> vci,
                    std::optional<bool> active)
{
    NS_LOG_FUNCTION(this << port << unsigned(cause));
    for (uint32_t id = 0; id < m_calls.size(); ++id)
    {
        for (uint32_t leg : {UPSTREAM, DOWNSTREAM})
        {
            const Leg& l = m_calls[id].legs[leg];
            if (m_calls[id].inUse && l.state != LegState::Null && l.port == port &&
                (!vci || l.vci == *vci) && (!active || (l.state == LegState::Active) == *active))
            {
                FreeLeg(id, leg);
                ReleaseOtherSide(id, leg, CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, cause));
            }
        }
    }
}

// ---- restart (Q.2931 5.5) ------------------------------------------------------------

void
CoSwitch::SendOnPort(uint32_t port, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << port << message);
    m_signallingTxTrace(port, message);
    m_ports[port].saal.Send(m_ports[port].device, message);
}

void
CoSwitch::Restart(uint32_t port)
{
    NS_LOG_FUNCTION(this << port);
    // 5.5.1: the sender first makes its own side of the interface idle.
    ClearPort(port, Q2931Cause::TEMPORARY_FAILURE);
    m_ports[port].restart.Start(m_t316, m_restartAttempts);
}

void
CoSwitch::ReceiveRestart(uint32_t port, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << port << message);
    RestartIndicatorIe indicator;
    Q2931CallProcedures::Verdict verdict = Q2931CallProcedures::JudgeRestart(message, indicator);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        m_protocolErrorTrace(port, message, verdict.cause);
        SendOnPort(port,
                   Q2931CallProcedures::MakeGlobalStatus(verdict, CauseIe::LOCATION_PRIVATE_LOCAL));
        return;
    }
    Q2931InterfaceRestart& restart = m_ports[port].restart;
    if (message.GetMessageType() == Q2931MessageType::RestartAcknowledge)
    {
        restart.Acknowledge();
        return;
    }
    // 5.5.2: every call the RESTART names is cleared here, nothing sent on
    // this interface for it; the calls' other legs are released with cause
    // 41, "temporary failure". Clearing takes no time in the model, so T317
    // (the receiver's bound on it) cannot run out.
    // A RESTART of the whole interface that crosses our own (both ends saw
    // the link come back) clears nothing more: each end made its side idle
    // when it sent its RESTART, and a call either has begun since is known
    // to both, its messages following the RESTARTs on each direction.
    if (indicator.restartClass == RestartIndicatorIe::INDICATED_VC)
    {
        ClearPort(port, Q2931Cause::TEMPORARY_FAILURE, message.GetConnectionIdentifier()->vci);
    }
    else if (!restart.IsRunning())
    {
        ClearPort(port, Q2931Cause::TEMPORARY_FAILURE);
    }
    SendOnPort(port, Q2931CallProcedures::MakeRestartAcknowledge(message, indicator));
}

void
CoSwitch::SetOperational(bool up)
{
    NS_LOG_FUNCTION(this << up);
    m_operational = up;
    if (!up)
    {
        m_signallingQueue.clear(); // what the processor had not served is lost with it
    }
    for (Port& p : m_ports)
    {
        if (Ptr<CoChannel> channel = DynamicCast<CoChannel>(p.device->GetChannel()))
        {
            channel->SetEndUp(p.device, up);
        }
    }
}

bool
CoSwitch::IsOperational() const
{
    return m_operational;
}

// ---- signalling --------------------------------------------------------------------

void
CoSwitch::ReceiveMessage(uint32_t port, const Q2931Header& message, uint64_t networkCallId)
{
    NS_LOG_FUNCTION(this << port << message);
    // The flag is set on messages from the side that did not allocate the
    // call reference, i.e. on answers to call references we allocated.
    bool ours = message.GetCallReferenceFlag();
    if (message.GetMessageType() == Q2931MessageType::Setup && !ours)
    {
        ReceiveSetup(port, message, networkCallId);
        return;
    }
    uint32_t callId;
    uint32_t leg;
    if (!FindCall(port, message.GetCallReference(), ours, callId, leg))
    {
        if (Q2931CallProcedures::IsRestart(message))
        {
            ReceiveRestart(port, message); // on the global call reference
            return;
        }
        Q2931MessageType type = message.GetMessageType();
        if (type == Q2931MessageType::LeafSetupRequest ||
            type == Q2931MessageType::LeafSetupFailure)
        {
            ReceiveLeafSetupMessage(port, message); // UNI 4.0: no call's reference
            return;
        }
        AnswerUnknownCallReference(port, message);
        return;
    }
    ReceiveFromLeg(callId, leg, message);
}

bool
CoSwitch::FindCall(uint32_t port,
                   uint32_t callReference,
                   bool ours,
                   uint32_t& callId,
                   uint32_t& leg) const
{
    if (ours && callReference > CALL_SLOT_MASK)
    {
        // One of ours with the slot in it: only the downstream leg has one.
        callId = callReference & CALL_SLOT_MASK;
        leg = DOWNSTREAM;
        if (callId >= m_calls.size() || !m_calls[callId].inUse)
        {
            return false;
        }
        const Leg& l = m_calls[callId].legs[DOWNSTREAM];
        return l.state != LegState::Null && l.weAllocated && l.port == port &&
               l.callReference == callReference;
    }
    auto it = m_callByReference.find(ReferenceKey(port, callReference, ours));
    if (it == m_callByReference.end())
    {
        return false;
    }
    callId = it->second;
    const Leg& up = m_calls[callId].legs[UPSTREAM];
    leg = up.port == port && up.weAllocated == ours && up.callReference == callReference
              ? UPSTREAM
              : DOWNSTREAM;
    return true;
}

void
CoSwitch::Refuse(uint32_t port, uint32_t callReference, bool weAllocated, uint8_t cause)
{
    NS_LOG_FUNCTION(this << port << callReference << unsigned(cause));
    Leg leg;
    leg.port = port;
    leg.callReference = callReference;
    leg.weAllocated = weAllocated;
    Q2931Header reply(Q2931MessageType::ReleaseComplete, 0, false);
    reply.SetCause(CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, cause));
    SendOnLeg(leg, reply);
}

void
CoSwitch::RefuseSetup(uint32_t port, const Q2931Header& setup, uint8_t cause, uint8_t diagnostic)
{
    m_protocolErrorTrace(port, setup, cause);
    Leg refused;
    refused.port = port;
    refused.callReference = setup.GetCallReference();
    Q2931Header reply(Q2931MessageType::ReleaseComplete, 0, false);
    reply.SetCause(
        Q2931CallProcedures::MakeCause(cause, diagnostic, CauseIe::LOCATION_PRIVATE_LOCAL));
    SendOnLeg(refused, reply);
}

void
CoSwitch::ReceiveSetup(uint32_t port, const Q2931Header& message, uint64_t networkCallId)
{
    NS_LOG_FUNCTION(this << port << message << networkCallId);
    if (m_callByReference.count(ReferenceKey(port, message.GetCallReference(), false)) != 0)
    {
        return; // a retransmitted SETUP: the first one is being served
    }
    // Q.2931 5.6.7: without the IEs of its bearer a SETUP is refused, not
    // taken for the defaults (UBR) those IEs would otherwise give.
    Q2931CallProcedures::Verdict verdict =
        Q2931CallProcedures::JudgeSetup(Q2931Side::Network, message);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        RefuseSetup(port, message, verdict.cause, verdict.diagnostic);
        return;
    }
    CoCallParameters parameters = message.GetCallParameters();
    const BroadbandBearerCapabilityIe* bearer = message.GetBroadbandBearerCapability();
    bool multipoint =
        bearer->userPlaneConfiguration == BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT;
    uint16_t rootReference = 0;
    if (multipoint)
    {
        // Q.2971: the root names its first party (reference 0, allocated by
        // it, so sent with the flag clear).
        const EndpointReferenceIe* endpoint = message.GetEndpointReference();
        if (endpoint == nullptr || endpoint->flag)
        {
            RefuseSetup(port,
                        message,
                        endpoint == nullptr ? Q2931Cause::MANDATORY_IE_MISSING
                                            : Q2931Cause::INVALID_IE_CONTENTS,
                        EndpointReferenceIe::IDENTIFIER);
            return;
        }
        rootReference = endpoint->value;
    }
    // Nothing flows back to the root of a multipoint call (Q.2971): a
    // backward rate is a combination of traffic parameters it cannot have.
    if (!parameters.Validate().empty() ||
        (multipoint &&
         (parameters.backward.peakCellRate != 0 || parameters.backward.sustainableCellRate != 0)))
    {
        Refuse(port, message.GetCallReference(), false, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
        return;
    }
    // IEs the switch does not recognise do what their instruction field
    // says (Q.2931 5.6.8.1, 5.7.2): most are dropped or passed along, and
    // these three settle the SETUP before it costs anything.
    Q2931CallProcedures::IeVerdict unrecognised =
        Q2931CallProcedures::JudgeUnrecognisedIes(message, true);
    switch (unrecognised.action)
    {
    case Q2931CallProcedures::IeAction::ClearCall:
        RefuseSetup(port, message, Q2931Cause::IE_NON_EXISTENT, unrecognised.identifier);
        return;
    case Q2931CallProcedures::IeAction::IgnoreMessage:
        NS_LOG_LOGIC("SETUP discarded as IE 0x" << std::hex << +unrecognised.identifier << " asks");
        return;
    case Q2931CallProcedures::IeAction::ReportMessage: {
        // Discarded: no call, which STATUS reports as the null state.
        m_protocolErrorTrace(port, message, Q2931Cause::IE_NON_EXISTENT);
        Leg discarded;
        discarded.port = port;
        discarded.callReference = message.GetCallReference();
        SendStatus(discarded,
                   Q2931CallState::Null,
                   Q2931CallProcedures::MakeCause(Q2931Cause::IE_NON_EXISTENT,
                                                  unrecognised.identifier,
                                                  CauseIe::LOCATION_PRIVATE_LOCAL));
        return;
    }
    default:
        break;
    }
    // From a host the switch assigns the VCI; from another switch the SETUP
    // names the one its sender chose, and both ends must use that one.
    uint16_t upVci;
    if (const ConnectionIdentifierIe* connection = message.GetConnectionIdentifier())
    {
        upVci = connection->vci;
        if (upVci < m_minVci || !m_ports[port].vcis.insert(upVci).second)
        {
            Refuse(port, message.GetCallReference(), false, Q2931Cause::VPCI_VCI_NOT_AVAILABLE);
            return;
        }
    }
    else if (!AllocateVci(port, upVci))
    {
        m_admissionTrace(port, port, parameters, Q2931Cause::NO_VPCI_VCI_AVAILABLE);
        Refuse(port, message.GetCallReference(), false, Q2931Cause::NO_VPCI_VCI_AVAILABLE);
        return;
    }

    PassThrough passThrough = TakePassThrough(message, parameters);
    uint32_t id = NewCall();
    Call& call = m_calls[id];
    m_contracts[id] = parameters;
    if (!passThrough.IsEmpty())
    {
        m_passThrough.emplace(id, std::move(passThrough));
    }
    call.networkCallId = networkCallId;
    call.multipoint = multipoint;
    Leg& up = call.legs[UPSTREAM];
    up.port = port;
    up.callReference = message.GetCallReference();
    up.weAllocated = false;
    up.vci = upVci;
    up.state = LegState::Present;
    m_callByReference[ReferenceKey(port, up.callReference, false)] = id;

    uint8_t cause = Forward(id);
    if (cause != 0)
    {
        FreeLeg(id, UPSTREAM);
        Refuse(port, message.GetCallReference(), false, cause);
        return;
    }
    Q2931Header proceeding(Q2931MessageType::CallProceeding, 0, false);
    proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, upVci));
    if (multipoint)
    {
        // The call's first branch is the downstream leg: the root's party
        // is routed to it.
        Multipoint& mp = m_multipoint[id];
        mp.contract = Contract(id);
        mp.branches.push_back(id);
        mp.parties.Add(PartyRoute{rootReference, 0, id, true});
        m_branchRoot[id] = id;
        m_parties.Add(PartyKey(id, UPSTREAM),
                      {rootReference, false},
                      Q2971PartyState::AddPartyReceived);
        m_branchAddedTrace(networkCallId, m_calls[id].legs[DOWNSTREAM].port);
        proceeding.SetEndpointReference(EndpointReferenceIe(rootReference, true));
        if (!message.GetOtherIes().empty())
        {
            NoteLeafJoinSetup(id, message); // leaves may join it, or it answers one
        }
    }
    SendOnLeg(m_calls[id].legs[UPSTREAM], proceeding);
    if (unrecognised.action == Q2931CallProcedures::IeAction::DiscardAndReport)
    {
        // Q.2931 5.7.2: the call goes on without the IE, and STATUS says
        // which IE was left out, in the state the SETUP left the call in.
        m_protocolErrorTrace(port, message, Q2931Cause::IE_NON_EXISTENT);
        SendStatus(m_calls[id].legs[UPSTREAM],
                   LegCallState(id, UPSTREAM),
                   Q2931CallProcedures::MakeCause(Q2931Cause::IE_NON_EXISTENT,
                                                  unrecognised.identifier,
                                                  CauseIe::LOCATION_PRIVATE_LOCAL));
    }
}

uint8_t
CoSwitch::Forward(uint32_t callId)
{
    NS_LOG_FUNCTION(this << callId);
    Call& call = m_calls[callId];
    const Leg& up = call.legs[UPSTREAM];
    CoCallParameters& contract = Contract(callId);
    CoRoutingTable::NextHops hops = m_routes.Lookup(contract.calledParty);
    uint8_t cause = Q2931Cause::NO_ROUTE_TO_DESTINATION;
    // The port charged with a refusal: the one whose direction refused.
    uint32_t refusing = hops.empty() ? up.port : hops.front().port;
    // Without crankback only the best route is tried; with it, the next
    // best in turn, until one admits the call or none is left.
    uint32_t last = m_crankback ? hops.size() : std::min<uint32_t>(hops.size(), 1);
    for (uint32_t i = call.nextHop; i < last; ++i)
    {
        if (cause != Q2931Cause::NO_ROUTE_TO_DESTINATION)
        {
            ++call.crankbacks; // the previous route refused it: try this one
            m_crankbackTrace(call.networkCallId, refusing, cause);
        }
        uint32_t out = hops[i].port;
        refusing = out;
        if (!m_ports[out].signallingUp)
        {
            // No SETUP can cross it (its link or signalling AAL is down,
            // the routes not yet told): another route, if any, may do.
            cause = Q2931Cause::TEMPORARY_FAILURE;
            continue;
        }
        CoCallParameters parameters = contract;
        if (parameters.category == CoServiceCategory::Ubr)
        {
            // A UBR peak rate above what the links carry is lowered to what
            // they do: the caller learns it from the modified parameters. Not
            // below the caller's minimum, though (Q.2962): that is a refusal.
            ClampToLine(parameters.forward.peakCellRate, out, parameters.modified);
            ClampToLine(parameters.backward.peakCellRate, up.port, parameters.modified);
            // (A peak rate of 0 stands for the line rate.)
            auto below = [this](uint32_t peak, uint32_t minimum, uint32_t port) {
                return (peak != 0 ? peak : GetLineCellRate(port)) < minimum;
            };
            if (below(parameters.backward.peakCellRate,
                      parameters.minimumBackwardPeakCellRate,
                      up.port))
            {
                refusing = up.port; // the input port's, whatever the route
                cause = Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
                break;
            }
            if (below(parameters.forward.peakCellRate, parameters.minimumForwardPeakCellRate, out))
            {
                cause = Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
                continue;
            }
        }
        // Forward traffic leaves by the output port, backward traffic by the
        // input port (the same port when a host calls itself).
        uint64_t forward = parameters.GetReservedCellRate(parameters.forward);
        uint64_t backward = parameters.GetReservedCellRate(parameters.backward);
        uint16_t downVci;
        if (out == up.port)
        {
            if (m_ports[out].reserved + forward + backward > GetAdmissibleCellRate(out))
            {
                cause = Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
                continue;
            }
        }
        else if (m_ports[up.port].reserved + backward > GetAdmissibleCellRate(up.port))
        {
            // The input port's backward direction is full: the refusal is
            // that port's, and no other route leaves by another one.
            refusing = up.port;
            cause = Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
            break;
        }
        else if (m_ports[out].reserved + forward > GetAdmissibleCellRate(out))
        {
            cause = Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE;
            continue;
        }
        if (!AllocateVci(out, downVci))
        {
            cause = Q2931Cause::NO_VPCI_VCI_AVAILABLE;
            continue;
        }
        uint32_t downReference = AllocateCallReference(out, callId);
        if (downReference == 0)
        {
            m_ports[out].vcis.erase(downVci);
            cause = Q2931Cause::RESOURCES_UNAVAILABLE;
            continue;
        }
        m_admissionTrace(up.port, out, parameters, 0);
        contract = parameters;
        call.forwardReserved = forward;
        call.backwardReserved = backward;
        call.nextHop = i + 1;
        Leg& down = call.legs[DOWNSTREAM];
        down = Leg();
        down.port = out;
        down.callReference = downReference;
        down.weAllocated = true;
        down.vci = downVci;
        down.state = LegState::Present;
        Reserve(call);
        m_routedTrace(call.networkCallId, up.port, out);
        SendSetup(callId);
        StartTimer(callId, DOWNSTREAM, Q2931MessageType::Setup, m_t303);
        return 0;
    }
    m_admissionTrace(up.port, refusing, contract, cause);
    return cause;
}

CoCallParameters&
CoSwitch::Contract(uint32_t callId)
{
    auto it = m_contracts.find(callId);
    NS_ASSERT_MSG(it != m_contracts.end(), "call " << callId << " is not being set up");
    return it->second;
}

void
CoSwitch::ClampToLine(uint32_t& peakCellRate, uint32_t port, bool& modified) const
{
    uint32_t line = GetLineCellRate(port);
    if (peakCellRate > line)
    {
        peakCellRate = line;
        modified = true;
    }
}

bool
CoSwitch::CrankBack(uint32_t callId, uint8_t cause)
{
    NS_LOG_FUNCTION(this << callId << unsigned(cause));
    // Only refusals for want of network resources are worth another route;
    // what the called user or its access said would be said again.
    Call& call = m_calls[callId];
    if (!m_crankback || !IsResourceRefusal(cause) || call.legs[UPSTREAM].state != LegState::Present)
    {
        return false;
    }
    ++call.crankbacks;
    m_crankbackTrace(call.networkCallId, call.legs[DOWNSTREAM].port, cause);
    // The refused route is the one tried last: Forward() resumes after it.
    uint8_t again = Forward(callId);
    return again == 0;
}

bool
CoSwitch::IsResourceRefusal(uint8_t cause)
{
    return cause == Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE ||
           cause == Q2931Cause::NO_VPCI_VCI_AVAILABLE ||
           cause == Q2931Cause::RESOURCES_UNAVAILABLE || cause == Q2931Cause::TEMPORARY_FAILURE;
}

void
CoSwitch::SendSetup(uint32_t callId)
{
    Call& call = m_calls[callId];
    Q2931Header setup(Q2931MessageType::Setup, 0, false);
    setup.SetCallParameters(Contract(callId));
    setup.SetConnectionIdentifier(ConnectionIdentifierIe(0, call.legs[DOWNSTREAM].vci));
    if (!m_passThrough.empty())
    {
        auto it = m_passThrough.find(callId);
        if (it != m_passThrough.end())
        {
            AddPassThrough(setup, it->second);
        }
    }
    if (call.multipoint)
    {
        // Each branch is a call of its own on its interface, whose first
        // party is reference 0, allocated here (Q.2971).
        BroadbandBearerCapabilityIe bearer = *setup.GetBroadbandBearerCapability();
        bearer.userPlaneConfiguration = BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT;
        setup.SetBroadbandBearerCapability(bearer);
        setup.SetEndpointReference(EndpointReferenceIe(0, false));
        m_parties.Add(PartyKey(callId, DOWNSTREAM), {0, true}, Q2971PartyState::AddPartyInitiated);
    }
    SendOnLeg(call.legs[DOWNSTREAM], setup, call.networkCallId);
}

bool
CoSwitch::IsPassedOn(const Q2931RawIe& ie)
{
    // The leaf-initiated join IEs name a multipoint call for every switch
    // of its tree, and a joining leaf's request for the leaf (UNI 4.0).
    return Q2931CallProcedures::IsEndToEnd(ie) || Q2931CallProcedures::IsLeafInitiatedJoinIe(ie) ||
           Q2931CallProcedures::GetUnrecognisedIeAction(ie, true) ==
               Q2931CallProcedures::IeAction::PassAlong;
}

CoSwitch::PassThrough
CoSwitch::TakePassThrough(const Q2931Header& setup, const CoCallParameters& contract)
{
    // The switch reads the contract and the called party number, and the
    // contract gives them again on the next hop. What it does not read goes
    // on as it came: the AAL parameters and the B-LLI say how the two ends
    // use the connection, which they negotiate between them, and B-HLI and
    // the rest of IsEndToEnd() are for the called user alone.
    PassThrough ies;
    if (const AalParametersIe* aal = setup.GetAalParameters())
    {
        if (*aal != AalParametersIe::FromCallParameters(contract))
        {
            ies.aalParameters = *aal;
        }
    }
    else
    {
        ies.withoutAalParameters = true;
    }
    if (const CallingPartyNumberIe* calling = setup.GetCallingPartyNumber())
    {
        // The number is the contract's; presentation and screening are not.
        if (*calling != CallingPartyNumberIe(contract.callingParty))
        {
            ies.callingPartyNumber = *calling;
        }
    }
    if (const BroadbandLowLayerInformationIe* blli = setup.GetBroadbandLowLayerInformation())
    {
        ies.lowLayerInformation = *blli;
    }
    for (const Q2931RawIe& ie : setup.GetOtherIes())
    {
        if (IsPassedOn(ie))
        {
            ies.otherIes.push_back(ie);
        }
    }
    return ies;
}

void
CoSwitch::AddPassThrough(Q2931Header& setup, const PassThrough& ies)
{
    if (ies.aalParameters)
    {
        setup.SetAalParameters(*ies.aalParameters); // in place of the contract's
    }
    else if (ies.withoutAalParameters)
    {
        setup.RemoveInformationElement(AalParametersIe::IDENTIFIER);
    }
    if (ies.callingPartyNumber)
    {
        setup.SetCallingPartyNumber(*ies.callingPartyNumber);
    }
    if (ies.lowLayerInformation)
    {
        setup.SetBroadbandLowLayerInformation(*ies.lowLayerInformation);
    }
    for (const Q2931RawIe& ie : ies.otherIes)
    {
        setup.AddOtherIe(ie);
    }
}

void
CoSwitch::PassOnConnect(const Q2931Header& from, Q2931Header& to)
{
    // The called user's answer on the AAL parameters and the B-LLI (the
    // negotiation of the two ends) reaches the caller in CONNECT. Nothing
    // is kept: the CONNECT goes on at once.
    if (const AalParametersIe* aal = from.GetAalParameters())
    {
        to.SetAalParameters(*aal);
    }
    if (const BroadbandLowLayerInformationIe* blli = from.GetBroadbandLowLayerInformation())
    {
        to.SetBroadbandLowLayerInformation(*blli);
    }
    for (const Q2931RawIe& ie : from.GetOtherIes())
    {
        if (IsPassedOn(ie))
        {
            to.AddOtherIe(ie);
        }
    }
}

void
CoSwitch::ReceiveFromLeg(uint32_t callId, uint32_t leg, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << callId << leg << message);
    if (m_calls[callId].multipoint && Q2971PartyTable::IsPartyMessage(message.GetMessageType()))
    {
        ReceivePartyMessage(callId, leg, message);
        return;
    }
    // Q.2931 5.6: a table lookup for what the leg's state expects.
    Q2931CallProcedures::Verdict verdict =
        Q2931CallProcedures::Judge(Q2931Side::Network, LegCallState(callId, leg), message);
    if (verdict.answer != Q2931CallProcedures::Answer::Handle)
    {
        AnswerError(callId, leg, message, verdict);
        return;
    }
    Leg& l = m_calls[callId].legs[leg];
    switch (message.GetMessageType())
    {
    case Q2931MessageType::CallProceeding:
        if (leg == DOWNSTREAM && l.state == LegState::Present)
        {
            l.state = LegState::Proceeding;
            StartTimer(callId, leg, Q2931MessageType::CallProceeding, m_t310);
        }
        break;
    case Q2931MessageType::Alerting:
        if (leg == DOWNSTREAM && (l.state == LegState::Present || l.state == LegState::Proceeding))
        {
            if (IsBranchSlot(callId))
            {
                ReceiveBranchAlerting(callId);
            }
            else
            {
                ReceiveAlerting(callId);
            }
        }
        break;
    case Q2931MessageType::Connect:
        if (leg == DOWNSTREAM && l.state != LegState::Active && l.state != LegState::Releasing)
        {
            if (IsBranchSlot(callId))
            {
                ReceiveBranchConnect(callId, message);
            }
            else
            {
                ReceiveConnect(callId, message);
            }
        }
        break;
    case Q2931MessageType::Release:
        ReceiveRelease(callId, leg, message, verdict);
        break;
    case Q2931MessageType::ReleaseComplete:
        ReceiveReleaseComplete(callId, leg, message);
        break;
    case Q2931MessageType::StatusEnquiry:
        // Q.2931 5.6.11: the leg's state, with cause 30.
        SendStatus(
            l,
            LegCallState(callId, leg),
            CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY));
        break;
    case Q2931MessageType::Status:
        ReceiveStatus(callId, leg, message);
        break;
    default:
        if (Q2971PartyTable::IsPartyMessage(message.GetMessageType()))
        {
            // Q.2971: a point-to-point call has no parties (a multipoint one
            // took its party messages above).
            AnswerError(
                callId,
                leg,
                message,
                Q2931CallProcedures::Verdict{Q2931CallProcedures::Answer::Status,
                                             Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE,
                                             static_cast<uint8_t>(message.GetMessageType())});
            break;
        }
        // CONNECT ACKNOWLEDGE from the caller, and messages the model does not use.
        break;
    }
}

void
CoSwitch::ReceiveAlerting(uint32_t callId)
{
    NS_LOG_FUNCTION(this << callId);
    // Q.2931 5.1.7, 5.2.6: downstream the leg enters N7 (call received) and
    // T301 replaces T303 or T310, as a user may take minutes to answer;
    // upstream the ALERTING goes on toward the caller (N4, call delivered).
    // No crankback once the called user is reached (see CrankBack()).
    Call& call = m_calls[callId];
    call.legs[DOWNSTREAM].state = LegState::Alerted;
    call.legs[UPSTREAM].state = LegState::Alerted;
    StartTimer(callId, DOWNSTREAM, Q2931MessageType::Alerting, m_t301);
    Q2931Header alerting(Q2931MessageType::Alerting, 0, false);
    if (call.multipoint)
    {
        // The root's first party (Q.2971: P7 here on the branch, P4 toward
        // the root). Its route lasts as long as the unconnected branch does
        // (dropping it releases the branch).
        const PartyRoute* route = m_multipoint[callId].parties.FindOnBranch(callId, 0);
        NS_ASSERT_MSG(route != nullptr, "the first branch of call " << callId << " lost its party");
        uint16_t first = route->upstream;
        m_parties.SetState(PartyKey(callId, DOWNSTREAM),
                           {0, true},
                           Q2971PartyState::PartyAlertingReceived);
        m_parties.SetState(PartyKey(callId, UPSTREAM),
                           {first, false},
                           Q2971PartyState::PartyAlertingDelivered);
        alerting.SetEndpointReference(EndpointReferenceIe(first, true));
    }
    SendOnLeg(call.legs[UPSTREAM], alerting);
}

void
CoSwitch::ReceiveConnect(uint32_t callId, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << callId);
    Call& call = m_calls[callId];
    Leg& up = call.legs[UPSTREAM];
    Leg& down = call.legs[DOWNSTREAM];
    StopTimer(down);

    // Connected, the call no longer needs its contract (m_contracts): this
    // is its last use.
    auto contract = m_contracts.extract(callId);
    NS_ASSERT_MSG(!contract.empty(), "call " << callId << " is not being set up");
    if (!m_passThrough.empty())
    {
        m_passThrough.erase(callId); // the SETUP will not be sent again
    }
    CoCallParameters& parameters = contract.mapped();
    if (const AtmTrafficDescriptorIe* td = message.GetAtmTrafficDescriptor())
    {
        // The called side may only lower the contract this switch admitted
        // (no rate above it, no peak rate below the caller's minimum):
        // reserving more would exceed what admission control let through.
        CoCallParameters granted = parameters;
        td->ApplyTo(granted);
        std::string error = parameters.CheckAnswer(granted);
        if (!error.empty())
        {
            // Cleared both ways with cause 73, "unsupported combination of
            // traffic parameters": what Q.2931 gives for traffic parameters
            // a call cannot have, and not a cause the switches upstream
            // crank back on (37 would make them offer the same callee the
            // same call again).
            NS_LOG_WARN("CONNECT of call " << call.networkCallId << " refused: " << error);
            ReleaseLeg(callId, DOWNSTREAM, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
            ReleaseLeg(callId, UPSTREAM, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
            return;
        }
        if (!granted.SameContract(parameters))
        {
            // Lowered: the difference goes back to the ports.
            granted.modified = true;
            m_ports[down.port].reserved -= call.forwardReserved;
            m_ports[up.port].reserved -= call.backwardReserved;
            call.forwardReserved = granted.GetReservedCellRate(granted.forward);
            call.backwardReserved = granted.GetReservedCellRate(granted.backward);
            Reserve(call);
        }
        parameters = granted;
    }
    down.state = LegState::Active;
    up.state = LegState::Active;

    Q2931Header connect(Q2931MessageType::Connect, 0, false);
    if (call.multipoint)
    {
        // The root's first party is added: its frames are copied to the
        // branches from now on (none flow back).
        Multipoint& mp = m_multipoint[callId];
        mp.contract = parameters;
        // Settled: the branches set up later offer it with no minimum to
        // lower to (ReceiveBranchConnect()).
        mp.contract.minimumForwardPeakCellRate = 0;
        mp.contract.minimumBackwardPeakCellRate = 0;
        const PartyRoute* route = mp.parties.FindOnBranch(callId, 0); // (as for ALERTING)
        NS_ASSERT_MSG(route != nullptr, "the first branch of call " << callId << " lost its party");
        uint16_t first = route->upstream;
        bool policed = AttachPolicer(up.port, up.vci, parameters.category, parameters.forward);
        m_crossConnects[VciKey(up.port, up.vci)] = CrossConnect{MULTICAST | callId, 0, policed};
        mp.outputs.push_back(CrossConnect{down.port, down.vci});
        AttachVcQueue(down.port, down.vci, parameters.category, parameters.forward);
        m_crossConnectAddTrace(up.port, up.vci, down.port, down.vci);
        m_parties.SetState(PartyKey(callId, DOWNSTREAM), {0, true}, Q2971PartyState::Active);
        m_parties.SetState(PartyKey(callId, UPSTREAM), {first, false}, Q2971PartyState::Active);
        m_partyAddedTrace(call.networkCallId, down.port, first);
        connect.SetEndpointReference(EndpointReferenceIe(first, true));
    }
    else
    {
        bool forward = AttachPolicer(up.port, up.vci, parameters.category, parameters.forward);
        bool backward =
            AttachPolicer(down.port, down.vci, parameters.category, parameters.backward);
        m_crossConnects[VciKey(up.port, up.vci)] = CrossConnect{down.port, down.vci, forward};
        m_crossConnects[VciKey(down.port, down.vci)] = CrossConnect{up.port, up.vci, backward};
        AttachVcQueue(down.port, down.vci, parameters.category, parameters.forward);
        AttachVcQueue(up.port, up.vci, parameters.category, parameters.backward);
        m_crossConnectAddTrace(up.port, up.vci, down.port, down.vci);
        m_crossConnectAddTrace(down.port, down.vci, up.port, up.vci);
    }

    Q2931Header ack(Q2931MessageType::ConnectAcknowledge, 0, false);
    SendOnLeg(down, ack);
    if (parameters.modified)
    {
        connect.SetAtmTrafficDescriptor(AtmTrafficDescriptorIe::FromCallParameters(parameters));
    }
    PassOnConnect(message, connect);
    SendOnLeg(up, connect);
    if (call.multipoint)
    {
        JoinWaitingLeaves(callId); // after the CONNECT: the root's party is added first
    }
}

void
CoSwitch::ReceiveRelease(uint32_t callId,
                         uint32_t leg,
                         const Q2931Header& message,
                         const Q2931CallProcedures::Verdict& answer)
{
    NS_LOG_FUNCTION(this << callId << leg << message);
    const Leg& l = m_calls[callId].legs[leg];
    if (l.state != LegState::Releasing)
    {
        Q2931Header complete(Q2931MessageType::ReleaseComplete, 0, false);
        if (answer.cause != 0)
        {
            // Q.2931 5.6.7: a RELEASE without a valid Cause is told so.
            m_protocolErrorTrace(l.port, message, answer.cause);
            complete.SetCause(Q2931CallProcedures::MakeCause(answer.cause,
                                                             answer.diagnostic,
                                                             CauseIe::LOCATION_PRIVATE_LOCAL));
        }
        SendOnLeg(l, complete);
    }
    // else Q.2931 5.4.5 (clear collision): both sides sent RELEASE; each
    // takes the other's as the answer to its own, stops T308 and frees the
    // call reference, sending nothing more.
    ReceiveReleaseComplete(callId, leg, message);
}

void
CoSwitch::ReceiveReleaseComplete(uint32_t callId, uint32_t leg, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << callId << leg << message);
    FreeLeg(callId, leg);
    if (!m_calls[callId].inUse && !m_calls[callId].multipoint)
    {
        return;
    }
    const CauseIe* farEnd = message.GetCause();
    if (leg == DOWNSTREAM &&
        CrankBack(callId, farEnd != nullptr ? farEnd->cause : Q2931Cause::NORMAL_UNSPECIFIED))
    {
        return; // refused downstream, set up again another way
    }
    if (farEnd != nullptr)
    {
        // The far end's cause goes on as it came, location and diagnostics
        // included: the caller learns where and why, not which switch last
        // passed it on.
        ReleaseOtherSide(callId, leg, *farEnd);
    }
    else
    {
        ReleaseOtherSide(callId,
                         leg,
                         CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NORMAL_UNSPECIFIED));
    }
}

void
CoSwitch::ReleaseLeg(uint32_t callId, uint32_t leg, uint8_t cause)
{
    ReleaseLeg(callId, leg, CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, cause));
}

void
CoSwitch::ReleaseLeg(uint32_t callId, uint32_t leg, const CauseIe& cause)
{
    NS_LOG_FUNCTION(this << callId << leg << cause);
    Call& call = m_calls[callId];
    FreeResources(call);
    Leg& l = call.legs[leg];
    if (l.state == LegState::Null || l.state == LegState::Releasing)
    {
        return;
    }
    if (!m_enquiries.empty())
    {
        StopStatusEnquiry(callId, leg); // clearing settles what an enquiry would
    }
    // The value is the leg's own (T310 clears with 102 one way, 18 the
    // other); location and diagnostics, passed on from the far end, the call's.
    l.cause = cause.cause;
    call.causeLocation = cause.location;
    if (!cause.diagnostics.empty())
    {
        m_releaseDiagnostics[callId] = cause.diagnostics;
    }
    else if (!m_releaseDiagnostics.empty())
    {
        m_releaseDiagnostics.erase(callId);
    }
    l.state = LegState::Releasing;
    Q2931Header release(Q2931MessageType::Release, 0, false);
    release.SetCause(cause);
    SendOnLeg(l, release);
    StartTimer(callId, leg, Q2931MessageType::Release, m_t308);
    if (call.multipoint)
    {
        // RELEASE ends every party on the interface (Q.2971); the root's
        // RELEASE ends the call, and so every branch.
        m_parties.RemoveCall(PartyKey(callId, leg));
        if (leg == UPSTREAM)
        {
            ReleaseBranches(callId, cause);
        }
    }
}

CauseIe
CoSwitch::ReleaseCause(uint32_t callId, uint32_t leg) const
{
    const Call& call = m_calls[callId];
    CauseIe cause(call.causeLocation, call.legs[leg].cause);
    if (!m_releaseDiagnostics.empty())
    {
        auto it = m_releaseDiagnostics.find(callId);
        if (it != m_releaseDiagnostics.end())
        {
            cause.diagnostics = it->second;
        }
    }
    return cause;
}

void
CoSwitch::FreeLeg(uint32_t callId, uint32_t leg)
{
    NS_LOG_FUNCTION(this << callId << leg);
    Call& call = m_calls[callId];
    Leg& l = call.legs[leg];
    if (l.state == LegState::Null)
    {
        return;
    }
    StopTimer(l);
    if (!m_enquiries.empty())
    {
        StopStatusEnquiry(callId, leg);
    }
    FreeResources(call);
    if (!l.weAllocated || l.callReference <= CALL_SLOT_MASK)
    {
        m_callByReference.erase(ReferenceKey(l.port, l.callReference, l.weAllocated));
    }
    m_ports[l.port].vcis.erase(l.vci);
    l.state = LegState::Null;
    if (call.multipoint)
    {
        m_parties.RemoveCall(PartyKey(callId, leg)); // the interface's parties go with it
    }
    if (call.legs[1 - leg].state == LegState::Null)
    {
        call.inUse = false;
        m_contracts.erase(callId); // ended before it connected
        if (!m_passThrough.empty())
        {
            m_passThrough.erase(callId);
        }
        if (!m_releaseDiagnostics.empty())
        {
            m_releaseDiagnostics.erase(callId);
        }
        m_freeCalls.push_back(callId);
        if (--m_callCount == 0)
        {
            // No call, no timer: nothing of the switch's left for the
            // simulator (see CoTimerQueue).
            for (CoTimerQueue& timers : m_timers)
            {
                timers.Quiesce();
            }
            m_parties.Quiesce();
        }
    }
}

void
CoSwitch::Reserve(Call& call)
{
    m_ports[call.legs[DOWNSTREAM].port].reserved += call.forwardReserved;
    m_ports[call.legs[UPSTREAM].port].reserved += call.backwardReserved;
    call.resourcesHeld = true;
}

void
CoSwitch::FreeResources(Call& call)
{
    if (!call.resourcesHeld)
    {
        return;
    }
    call.resourcesHeld = false;
    const Leg& up = call.legs[UPSTREAM];
    const Leg& down = call.legs[DOWNSTREAM];
    if (call.multipoint)
    {
        // A slot of a multipoint call holds its branch's forward rate; the
        // root's cross-connect and the branch's place among its outputs go
        // with the call and the branch (ReleaseBranches(), DetachBranch()).
        m_ports[down.port].reserved -= call.forwardReserved;
        return;
    }
    m_ports[down.port].reserved -= call.forwardReserved;
    m_ports[up.port].reserved -= call.backwardReserved;
    if (m_crossConnects.erase(VciKey(up.port, up.vci)) != 0)
    {
        m_policers.erase(VciKey(up.port, up.vci));
        DetachVcQueue(down.port, down.vci);
        m_crossConnectRemoveTrace(up.port, up.vci, down.port, down.vci);
    }
    if (m_crossConnects.erase(VciKey(down.port, down.vci)) != 0)
    {
        m_policers.erase(VciKey(down.port, down.vci));
        DetachVcQueue(up.port, up.vci);
        m_crossConnectRemoveTrace(down.port, down.vci, up.port, up.vci);
    }
}

void
CoSwitch::AttachVcQueue(uint32_t port,
                        uint16_t vci,
                        CoServiceCategory category,
                        const CoFlowSpec& flow)
{
    const Ptr<CoPortNetDevice>& device = m_ports[port].device;
    if (device->HasVcScheduler()) // the usual case, no scheduler, costs this test
    {
        device->GetVcScheduler()->RegisterVc(0, vci, category, flow);
    }
}

void
CoSwitch::DetachVcQueue(uint32_t port, uint16_t vci)
{
    // Its frames still waiting at the port are dropped, with a scheduler or without.
    m_ports[port].device->ReleaseVc(0, vci);
}

void
CoSwitch::SendOnLeg(const Leg& leg, Q2931Header& message, uint64_t callId)
{
    message.SetCallReference(leg.callReference);
    // Set on messages sent by the side that did not allocate the call reference.
    message.SetCallReferenceFlag(!leg.weAllocated);
    NS_LOG_FUNCTION(this << leg.port << message);
    m_signallingTxTrace(leg.port, message);
    m_ports[leg.port].saal.Send(m_ports[leg.port].device, message, callId);
}

// ---- procedures for every call (Q.2931 5.6) ------------------------------------------

Q2931CallState
CoSwitch::LegCallState(uint32_t callId, uint32_t leg) const
{
    switch (m_calls[callId].legs[leg].state)
    {
    case LegState::Null:
        return Q2931CallState::Null;
    case LegState::Present:
        // Upstream, CALL PROCEEDING went back with the admission (N3);
        // downstream, the SETUP is out (N6).
        return leg == UPSTREAM ? Q2931CallState::OutgoingCallProceeding
                               : Q2931CallState::CallPresent;
    case LegState::Proceeding:
        return Q2931CallState::IncomingCallProceeding;
    case LegState::Alerted:
        // Upstream, ALERTING went on toward the caller (N4); downstream, it
        // came from the called side (N7).
        return leg == UPSTREAM ? Q2931CallState::CallDelivered : Q2931CallState::CallReceived;
    case LegState::Active:
        return Q2931CallState::Active;
    case LegState::Releasing:
        return Q2931CallState::ReleaseIndication; // N12: RELEASE sent
    }
    return Q2931CallState::Null;
}

Q2931CallState
CoSwitch::GetCallState(uint32_t port, uint32_t callReference, bool weAllocated) const
{
    uint32_t callId;
    uint32_t leg;
    if (!FindCall(port, callReference, weAllocated, callId, leg))
    {
        return Q2931CallState::Null;
    }
    return LegCallState(callId, leg);
}

bool
CoSwitch::IsTowardUser(uint32_t port) const
{
    Ptr<CoPortNetDevice> device = m_ports[port].device;
    Ptr<CoChannel> channel = DynamicCast<CoChannel>(device->GetChannel());
    return channel && DynamicCast<CoNetDevice>(channel->GetPeer(device));
}

void
CoSwitch::SendStatus(const Leg& leg, Q2931CallState state, const CauseIe& cause)
{
    Q2931Header status = Q2931CallProcedures::MakeStatus(state, cause);
    SendOnLeg(leg, status);
}

void
CoSwitch::AnswerError(uint32_t callId,
                      uint32_t leg,
                      const Q2931Header& message,
                      const Q2931CallProcedures::Verdict& verdict)
{
    NS_LOG_FUNCTION(this << callId << leg << message << verdict.answer << unsigned(verdict.cause));
    const Leg& l = m_calls[callId].legs[leg];
    if (verdict.answer == Q2931CallProcedures::Answer::Ignore)
    {
        return;
    }
    m_protocolErrorTrace(l.port, message, verdict.cause);
    // A known call is never answered with RELEASE COMPLETE here: the
    // message is left unanswered by the state machine, and STATUS says why
    // (Q.2931 5.6.4, 5.6.7).
    SendStatus(l,
               LegCallState(callId, leg),
               Q2931CallProcedures::MakeCause(verdict.cause,
                                              verdict.diagnostic,
                                              CauseIe::LOCATION_PRIVATE_LOCAL));
}

void
CoSwitch::AnswerUnknownCallReference(uint32_t port, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << port << message);
    Q2931CallProcedures::Verdict verdict = Q2931CallProcedures::JudgeUnknownCallReference(message);
    Leg leg;
    leg.port = port;
    leg.callReference = message.GetCallReference();
    leg.weAllocated = message.GetCallReferenceFlag();
    switch (verdict.answer)
    {
    case Q2931CallProcedures::Answer::Handle:
    case Q2931CallProcedures::Answer::Ignore:
        return;
    case Q2931CallProcedures::Answer::Status:
        // Q.2931 5.6.11: a STATUS ENQUIRY for no call is told "null".
        SendStatus(leg,
                   Q2931CallState::Null,
                   CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, verdict.cause));
        return;
    case Q2931CallProcedures::Answer::ReleaseComplete:
        m_protocolErrorTrace(port, message, verdict.cause);
        Refuse(port, leg.callReference, leg.weAllocated, verdict.cause);
        return;
    }
}

void
CoSwitch::ReceiveStatus(uint32_t callId, uint32_t leg, const Q2931Header& message)
{
    NS_LOG_FUNCTION(this << callId << leg << message);
    uint32_t port = m_calls[callId].legs[leg].port;
    if (Q2931CallProcedures::AnswersEnquiry(message))
    {
        StopStatusEnquiry(callId, leg);
    }
    switch (Q2931CallProcedures::OnStatus(LegCallState(callId, leg), message, !IsTowardUser(port)))
    {
    case Q2931CallProcedures::StatusAction::None:
        return;
    case Q2931CallProcedures::StatusAction::ReleaseLocally:
        // Q.2931 5.6.12: the peer has no call: this leg is gone at once,
        // and the call is cleared on the other one.
        FreeLeg(callId, leg);
        ReleaseOtherSide(callId,
                         leg,
                         CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL,
                                 Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE));
        return;
    case Q2931CallProcedures::StatusAction::Clear:
        m_protocolErrorTrace(port, message, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
        ClearCall(callId, leg, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
        return;
    }
}

void
CoSwitch::ClearCall(uint32_t callId, uint32_t leg, uint8_t cause)
{
    NS_LOG_FUNCTION(this << callId << leg << unsigned(cause));
    if (m_calls[callId].multipoint)
    {
        // One branch's failure ends that branch and its parties, not the call.
        ReleaseLeg(callId, leg, cause);
        ReleaseOtherSide(callId, leg, CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, cause));
        return;
    }
    ReleaseLeg(callId, UPSTREAM, cause);
    if (m_calls[callId].inUse)
    {
        ReleaseLeg(callId, DOWNSTREAM, cause);
    }
}

bool
CoSwitch::EnquireStatus(uint32_t port, uint32_t callReference, bool weAllocated)
{
    NS_LOG_FUNCTION(this << port << callReference << weAllocated);
    uint32_t callId;
    uint32_t leg;
    if (port >= m_ports.size() || !FindCall(port, callReference, weAllocated, callId, leg))
    {
        return false;
    }
    EnquireLegStatus(callId, leg);
    return true;
}

std::size_t
CoSwitch::EnquireStatus(uint32_t port)
{
    NS_LOG_FUNCTION(this << port);
    return EnquireLegs(port, false);
}

std::size_t
CoSwitch::EnquireLegs(uint32_t port, bool activeOnly)
{
    std::size_t enquired = 0;
    for (uint32_t id = 0; id < m_calls.size(); ++id)
    {
        for (uint32_t leg : {UPSTREAM, DOWNSTREAM})
        {
            const Leg& l = m_calls[id].legs[leg];
            if (m_calls[id].inUse && l.state != LegState::Null && l.port == port &&
                (!activeOnly || l.state == LegState::Active))
            {
                EnquireLegStatus(id, leg);
                ++enquired;
            }
        }
    }
    return enquired;
}

void
CoSwitch::EnquireLegStatus(uint32_t callId, uint32_t leg)
{
    uint32_t owner = 2 * callId + leg;
    auto [it, added] = m_enquiries.try_emplace(owner);
    if (!added)
    {
        return; // Q.2931 5.6.11: one enquiry at a time; T322 is not restarted
    }
    Q2931Header enquiry = Q2931CallProcedures::MakeStatusEnquiry();
    SendOnLeg(m_calls[callId].legs[leg], enquiry);
    it->second.sent = 1;
    it->second.timer = Simulator::Schedule(m_t322, &CoSwitch::StatusEnquiryExpired, this, owner);
}

void
CoSwitch::StopStatusEnquiry(uint32_t callId, uint32_t leg)
{
    auto it = m_enquiries.find(2 * callId + leg);
    if (it != m_enquiries.end())
    {
        Simulator::Remove(it->second.timer);
        m_enquiries.erase(it);
    }
}

void
CoSwitch::StatusEnquiryExpired(uint32_t owner)
{
    uint32_t callId = owner / 2;
    uint32_t leg = owner % 2;
    NS_LOG_FUNCTION(this << callId << leg);
    auto it = m_enquiries.find(owner);
    NS_ASSERT_MSG(it != m_enquiries.end(), "T322 of a leg with no enquiry");
    if (it->second.sent < m_n322)
    {
        Q2931Header enquiry = Q2931CallProcedures::MakeStatusEnquiry();
        SendOnLeg(m_calls[callId].legs[leg], enquiry);
        ++it->second.sent;
        it->second.timer =
            Simulator::Schedule(m_t322, &CoSwitch::StatusEnquiryExpired, this, owner);
        return;
    }
    // No STATUS to any of them: the peer cannot be relied on for this
    // call, which is cleared as a temporary failure (cause 41).
    m_enquiries.erase(it);
    ClearCall(callId, leg, Q2931Cause::TEMPORARY_FAILURE);
}

// ---- timers ------------------------------------------------------------------------

void
CoSwitch::StartTimer(uint32_t callId, uint32_t leg, Q2931MessageType sent, Time duration)
{
    Leg& l = m_calls[callId].legs[leg];
    StopTimer(l);
    if (l.timerFor != sent)
    {
        l.expiries = 0;
    }
    l.timerFor = sent;
    l.timer = TimerQueue(sent).Start(duration, 2 * callId + leg);
}

void
CoSwitch::StopTimer(Leg& leg)
{
    TimerQueue(leg.timerFor).Stop(leg.timer);
}

CoTimerQueue&
CoSwitch::TimerQueue(Q2931MessageType sent)
{
    switch (sent)
    {
    case Q2931MessageType::Setup:
        return m_timers[0]; // T303
    case Q2931MessageType::CallProceeding:
        return m_timers[1]; // T310
    case Q2931MessageType::Release:
        return m_timers[2]; // T308
    case Q2931MessageType::Alerting:
        return m_timers[3]; // T301
    default:
        NS_FATAL_ERROR("no Q.2931 timer guards a " << GetQ2931MessageTypeName(sent));
    }
}

void
CoSwitch::TimerExpired(uint32_t owner)
{
    uint32_t callId = owner / 2;
    uint32_t leg = owner % 2;
    NS_LOG_FUNCTION(this << callId << leg);
    Call& call = m_calls[callId];
    Leg& l = call.legs[leg];
    l.timer = CoTimerQueue::NONE; // spent
    ++l.expiries;
    switch (l.timerFor)
    {
    case Q2931MessageType::Setup: // T303, on the downstream leg (N6 toward its next hop)
        if (l.expiries == 1)
        {
            // Q.2931 5.2.1: the first expiry sends the SETUP again.
            SendSetup(callId);
            StartTimer(callId, leg, Q2931MessageType::Setup, m_t303);
            return;
        }
        {
            // Q.2931 5.2.5.4 (call failure): no answer to the SETUP sent
            // again. RELEASE COMPLETE toward the called side with cause 102,
            // "recovery on timer expiry", which frees its call reference at
            // once; the caller's side is cleared with cause 18, "no user
            // responding".
            Q2931Header clear(Q2931MessageType::ReleaseComplete, 0, false);
            clear.SetCause(
                CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY));
            SendOnLeg(l, clear);
            FreeLeg(callId, leg);
            ReleaseOtherSide(
                callId,
                leg,
                CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NO_USER_RESPONDING));
        }
        return;
    case Q2931MessageType::CallProceeding: // T310, on the downstream leg (N9)
        // Q.2931 5.2.5.4 (call failure): CALL PROCEEDING came, CONNECT did
        // not. Cleared toward the called side with cause 102 and toward the
        // caller with cause 18; each leg keeps its own cause for the RELEASE
        // that T308 may send again.
        ReleaseLeg(callId, DOWNSTREAM, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        ReleaseOtherSide(callId,
                         DOWNSTREAM,
                         CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NO_USER_RESPONDING));
        return;
    case Q2931MessageType::Alerting: // T301, on the downstream leg (N7)
        // Q.2931 5.2.5.4 (call failure): the called user was alerted and did
        // not answer. Cleared toward the called side with cause 102 and
        // toward the caller with cause 19, "no answer from user (user
        // alerted)".
        ReleaseLeg(callId, DOWNSTREAM, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        ReleaseOtherSide(callId,
                         DOWNSTREAM,
                         CauseIe(CauseIe::LOCATION_PRIVATE_LOCAL, Q2931Cause::NO_ANSWER_FROM_USER));
        return;
    case Q2931MessageType::Release: // T308, on a leg being released (N12)
        if (l.expiries == 1)
        {
            // Q.2931 5.4.4: the first expiry sends the RELEASE again, with the
            // cause of the first.
            Q2931Header release(Q2931MessageType::Release, 0, false);
            release.SetCause(ReleaseCause(callId, leg));
            SendOnLeg(l, release);
            StartTimer(callId, leg, Q2931MessageType::Release, m_t308);
            return;
        }
        // Q.2931 5.4.4: the second frees the call reference and the leg's
        // VCI and returns the leg to the Null state; nothing more is sent.
        FreeLeg(callId, leg);
        return;
    default:
        NS_FATAL_ERROR("no Q.2931 timer guards a " << GetQ2931MessageTypeName(l.timerFor));
    }
}

// ---- allocation --------------------------------------------------------------------

bool
CoSwitch::AllocateVci(uint32_t port, uint16_t& vci)
{
    Port& p = m_ports[port];
    if (p.vciHigh == 0)
    {
        SetVciRange(port);
    }
    uint16_t v = p.nextVci < p.vciLow || p.nextVci > p.vciHigh ? p.vciLow : p.nextVci;
    for (uint32_t tried = 0; tried <= uint32_t(p.vciHigh) - p.vciLow; ++tried)
    {
        if (p.vcis.insert(v).second)
        {
            p.nextVci = v == p.vciHigh ? p.vciLow : v + 1;
            vci = v;
            return true;
        }
        v = v == p.vciHigh ? p.vciLow : v + 1;
    }
    return false;
}

void
CoSwitch::SetVciRange(uint32_t port)
{
    Port& p = m_ports[port];
    p.vciLow = m_minVci;
    p.vciHigh = m_maxVci;
    Ptr<CoChannel> channel = DynamicCast<CoChannel>(p.device->GetChannel());
    Ptr<CoPortNetDevice> peer = channel ? channel->GetPeer(p.device) : nullptr;
    if (!peer || DynamicCast<CoNetDevice>(peer))
    {
        return; // toward a host, the switch assigns every VCI
    }
    // Two switches share the link, and the one sending a SETUP names the
    // VCI: each takes its own half of the range, so that two calls set up
    // at once in opposite directions never pick the same one.
    uint16_t middle = m_minVci + (m_maxVci - m_minVci) / 2;
    if (p.device->GetNode()->GetId() < peer->GetNode()->GetId())
    {
        p.vciHigh = middle;
    }
    else
    {
        p.vciLow = middle + 1;
    }
}

uint32_t
CoSwitch::AllocateCallReference(uint32_t port, uint32_t callId)
{
    if (callId <= CALL_SLOT_MASK)
    {
        Call& call = m_calls[callId];
        call.referenceGeneration = call.referenceGeneration % MAX_REFERENCE_GENERATION + 1;
        return (uint32_t(call.referenceGeneration) << CALL_SLOT_BITS) | callId;
    }
    Port& p = m_ports[port];
    for (uint32_t tried = 0; tried < CALL_SLOT_MASK; ++tried)
    {
        uint32_t cref = p.nextCallReference;
        p.nextCallReference = cref % CALL_SLOT_MASK + 1; // 1 .. CALL_SLOT_MASK
        if (m_callByReference.emplace(ReferenceKey(port, cref, true), callId).second)
        {
            return cref;
        }
    }
    return 0;
}

uint32_t
CoSwitch::NewCall()
{
    uint32_t id;
    if (!m_freeCalls.empty())
    {
        id = m_freeCalls.back();
        m_freeCalls.pop_back();
        uint8_t generation = m_calls[id].referenceGeneration; // carries on across calls
        m_calls[id] = Call();
        m_calls[id].referenceGeneration = generation;
    }
    else
    {
        id = m_calls.size();
        m_calls.emplace_back();
    }
    m_calls[id].inUse = true;
    ++m_callCount;
    return id;
}

} // namespace ns3
