/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Signalling's own transmit queue: at the port device, frames on VCI 5 go
 * ahead of queued data, are never dropped on an up link, and are discarded
 * with the data when the link goes down; in networks, a failure that hits
 * thousands of calls at once releases every one of them at both ends within
 * the propagation, transmission and processing times along its path.
 */

#include "co-test-network.h"

#include "ns3/co-call-recorder.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-scenario-runner.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <limits>
#include <map>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Side = CoPortNetDevice::InterfaceSide;

/// What arrived at the far end of the link.
struct Arrival
{
    Time at;       //!< when it had arrived completely
    uint16_t vci;  //!< its VCI
    uint16_t mark; //!< the number the test wrote in its first two bytes
};

/// An SDU of \p size bytes (at least 2) whose first two bytes hold \p mark.
Ptr<Packet>
MarkedSdu(uint32_t size, uint16_t mark)
{
    std::vector<uint8_t> bytes(size, 0);
    bytes[0] = mark >> 8;
    bytes[1] = mark & 0xff;
    return Create<Packet>(bytes.data(), size);
}

/// A user-side device a sending to a network-side device b over one link.
class SignallingQueueTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Builds the link; a's data queue holds \p dataQueueSize.
    void Build(DataRate rate, Time delay, std::string dataQueueSize = "100p")
    {
        channel = CreateObjectWithAttributes<CoChannel>("DataRate",
                                                        DataRateValue(rate),
                                                        "Delay",
                                                        TimeValue(delay));
        a = MakeBarePort(Side::User, dataQueueSize);
        b = MakeBarePort(Side::Network, "100p");
        b->SetFrameReceiveCallback(
            CoFn([this](Ptr<CoPortNetDevice>, Ptr<Packet> sdu, const AtmFrameHeader& header) {
                uint8_t mark[2];
                sdu->CopyData(mark, 2);
                rx.push_back({Simulator::Now(), header.GetVci(), uint16_t(mark[0] << 8 | mark[1])});
            }));
        a->Attach(channel);
        b->Attach(channel);
    }

    /// Sends from a at \p at: a signalling frame (VCI 5) or a data frame (VCI 100).
    void SendAt(Time at, bool signalling, uint32_t size, uint16_t mark)
    {
        CoSchedule(at, [this, signalling, size, mark]() { Send(signalling, size, mark); });
    }

    /// Sends from a now; \return SendFrame's answer
    bool Send(bool signalling, uint32_t size, uint16_t mark)
    {
        return a->SendFrame(MarkedSdu(size, mark),
                            0,
                            signalling ? AtmFrameHeader::SIGNALLING_VCI : 100,
                            signalling ? AtmTrafficType::Signalling
                                       : AtmTrafficType::VcMultiplexed);
    }

    /// \return the marks of what arrived, in order
    std::vector<uint16_t> Marks() const
    {
        std::vector<uint16_t> marks;
        for (const Arrival& r : rx)
        {
            marks.push_back(r.mark);
        }
        return marks;
    }

    Ptr<CoChannel> channel;
    Ptr<CoPortNetDevice> a;
    Ptr<CoPortNetDevice> b;
    std::vector<Arrival> rx;
};

/// Counts what a trace source fires with, by VCI.
struct FrameCounter
{
    std::map<uint16_t, uint32_t> byVci;

    Callback<void, Ptr<const Packet>> Sink()
    {
        return CoCallback<void, Ptr<const Packet>>([this](Ptr<const Packet> p) {
            AtmFrameHeader h;
            p->PeekHeader(h);
            ++byVci[h.GetVci()];
        });
    }

    uint32_t Total() const
    {
        uint32_t n = 0;
        for (auto [vci, count] : byVci)
        {
            n += count;
        }
        return n;
    }
};

} // namespace

TEST_F(SignallingQueueTest, SignallingOvertakesQueuedDataButNotTheFrameOnTheWire)
{
    // 1 Mb/s, 2 ms: a 100-byte data frame (3 cells) takes 1.272 ms on the
    // wire, a 40-byte signalling frame (1 cell) 0.424 ms.
    Build(DataRate("1Mbps"), MilliSeconds(2));
    for (uint16_t d = 1; d <= 4; ++d)
    {
        SendAt(Seconds(0), false, 100, d);
    }
    SendAt(Seconds(0), true, 40, 101);
    SendAt(Seconds(0), true, 40, 102);
    // Data 2 is on the wire from 2.120 ms to 3.392 ms; 3 and 4 wait.
    SendAt(MicroSeconds(2500), true, 40, 103);
    Simulator::Run();

    // Data 1 was on the wire already; both signalling frames went next; the
    // third after the data frame then on the wire, ahead of 3 and 4.
    EXPECT_EQ(Marks(), (std::vector<uint16_t>{1, 101, 102, 2, 103, 3, 4}));
    ASSERT_EQ(rx.size(), 7u);
    std::vector<Time> sent{MicroSeconds(1272),
                           MicroSeconds(1272 + 424),
                           MicroSeconds(1272 + 2 * 424),
                           MicroSeconds(2 * 1272 + 2 * 424),
                           MicroSeconds(2 * 1272 + 3 * 424),
                           MicroSeconds(3 * 1272 + 3 * 424),
                           MicroSeconds(4 * 1272 + 3 * 424)};
    for (std::size_t i = 0; i < rx.size(); ++i)
    {
        EXPECT_EQ(rx[i].at, sent[i] + MilliSeconds(2)) << "frame " << i;
    }
    EXPECT_EQ(rx[1].vci, AtmFrameHeader::SIGNALLING_VCI);
    EXPECT_EQ(rx[3].vci, 100);
}

TEST_F(SignallingQueueTest, ThousandsOfSignallingFramesAtOnceAreAllSentInOrder)
{
    Build(DataRate("155.52Mbps"), MilliSeconds(1), "100p");
    FrameCounter macTxDrop;
    FrameCounter phyTxDrop;
    ASSERT_TRUE(a->TraceConnectWithoutContext("MacTxDrop", macTxDrop.Sink()));
    ASSERT_TRUE(a->TraceConnectWithoutContext("PhyTxDrop", phyTxDrop.Sink()));
    uint32_t signallingQueueDrops = 0;
    ASSERT_TRUE(a->GetSignallingQueue()->TraceConnectWithoutContext(
        "Drop",
        CoCallback<void, Ptr<const Packet>>(
            [&signallingQueueDrops](Ptr<const Packet>) { ++signallingQueueDrops; })));

    // 5000 signalling frames at once, the first straight onto the wire; then
    // 300 data frames, of which the data queue takes its 100.
    const uint16_t messages = 5000;
    uint32_t refused = 0;
    for (uint16_t i = 0; i < messages; ++i)
    {
        refused += !Send(true, 60, i);
    }
    EXPECT_EQ(refused, 0u);
    EXPECT_EQ(a->GetSignallingQueue()->GetNPackets(), messages - 1u);
    for (uint16_t i = 0; i < 300; ++i)
    {
        refused += !Send(false, 60, 10000 + i);
    }
    EXPECT_EQ(refused, 200u);
    EXPECT_EQ(a->GetQueue()->GetNPackets(), 100u);
    Simulator::Run();

    EXPECT_EQ(signallingQueueDrops, 0u);
    EXPECT_EQ(macTxDrop.byVci[AtmFrameHeader::SIGNALLING_VCI], 0u);
    EXPECT_EQ(macTxDrop.byVci[100], 200u);
    EXPECT_EQ(phyTxDrop.Total(), 0u);
    ASSERT_EQ(rx.size(), messages + 100u);
    for (uint16_t i = 0; i < messages; ++i)
    {
        ASSERT_EQ(rx[i].vci, AtmFrameHeader::SIGNALLING_VCI) << i;
        ASSERT_EQ(rx[i].mark, i);
    }
    for (uint16_t i = 0; i < 100; ++i)
    {
        ASSERT_EQ(rx[messages + i].mark, 10000 + i);
    }
    EXPECT_TRUE(a->GetSignallingQueue()->IsEmpty());
    EXPECT_TRUE(a->GetQueue()->IsEmpty());
}

TEST_F(SignallingQueueTest, LinkDownDiscardsBothQueuesSignallingFirst)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    std::vector<uint16_t> discarded;
    ASSERT_TRUE(a->TraceConnectWithoutContext(
        "PhyTxDrop",
        CoCallback<void, Ptr<const Packet>>([&discarded](Ptr<const Packet> p) {
            AtmFrameHeader h;
            Ptr<Packet> copy = p->Copy();
            copy->RemoveHeader(h);
            uint8_t mark[2];
            copy->CopyData(mark, 2);
            discarded.push_back(mark[0] << 8 | mark[1]);
        })));
    // Data 1 goes on the wire at once; data 2 and 3 and signalling 101 and
    // 102 wait. The link fails at 1 ms (data 1 is lost in flight) and is
    // back at 1.5 ms.
    SendAt(Seconds(0), false, 100, 1);
    SendAt(Seconds(0), false, 100, 2);
    SendAt(Seconds(0), true, 40, 101);
    SendAt(Seconds(0), false, 100, 3);
    SendAt(Seconds(0), true, 40, 102);
    CoSchedule(MilliSeconds(1), [this]() {
        channel->SetLinkUp(false);
        EXPECT_TRUE(a->GetSignallingQueue()->IsEmpty());
        EXPECT_TRUE(a->GetQueue()->IsEmpty());
    });
    Simulator::Schedule(MicroSeconds(1500), &CoChannel::SetLinkUp, channel, true);
    // Sent after it is back: they arrive, and nothing stale with them.
    SendAt(MilliSeconds(10), false, 100, 4);
    SendAt(MilliSeconds(10), true, 40, 104);
    Simulator::Run();

    EXPECT_EQ(discarded, (std::vector<uint16_t>{101, 102, 2, 3}));
    EXPECT_EQ(Marks(), (std::vector<uint16_t>{4, 104}));
}

TEST_F(SignallingQueueTest, EachDeviceHasAnUnboundedSignallingQueueOfItsOwn)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    Ptr<Queue<Packet>> qa = a->GetSignallingQueue();
    ASSERT_TRUE(qa);
    EXPECT_NE(qa, b->GetSignallingQueue());
    EXPECT_NE(qa, a->GetQueue());
    EXPECT_TRUE(DynamicCast<DropTailQueue<Packet>>(qa));
    EXPECT_EQ(qa->GetMaxSize(),
              QueueSize(QueueSizeUnit::PACKETS, std::numeric_limits<uint32_t>::max()));
    // It is the SignallingTxQueue attribute, and the attribute replaces it.
    PointerValue value;
    a->GetAttribute("SignallingTxQueue", value);
    EXPECT_EQ(value.Get<Queue<Packet>>(), qa);
    Ptr<Queue<Packet>> mine =
        CreateObjectWithAttributes<DropTailQueue<Packet>>("MaxSize",
                                                          QueueSizeValue(QueueSize("2p")));
    Ptr<CoPortNetDevice> given =
        CreateObjectWithAttributes<CoPortNetDevice>("SignallingTxQueue", PointerValue(mine));
    EXPECT_EQ(given->GetSignallingQueue(), mine);
}

TEST_F(SignallingQueueTest, ABoundedSignallingQueueDropsWhatTheDefaultKeeps)
{
    // The helper's SetSignallingQueue: e.g. to study the loss a real SAAL prevents.
    CoHelper helper;
    helper.SetSignallingQueue("ns3::DropTailQueue", "MaxSize", StringValue("2p"));
    NodeContainer nodes;
    nodes.Create(2);
    NetDeviceContainer devices =
        helper.InstallLink(nodes.Get(0), Side::User, nodes.Get(1), Side::Network);
    Ptr<CoPortNetDevice> d = DynamicCast<CoPortNetDevice>(devices.Get(0));
    EXPECT_EQ(d->GetSignallingQueue()->GetMaxSize(), QueueSize("2p"));
    EXPECT_NE(d->GetSignallingQueue(),
              DynamicCast<CoPortNetDevice>(devices.Get(1))->GetSignallingQueue());
    FrameCounter macTxDrop;
    ASSERT_TRUE(d->TraceConnectWithoutContext("MacTxDrop", macTxDrop.Sink()));
    // one on the wire, two waiting, two refused
    uint32_t accepted = 0;
    for (uint16_t i = 0; i < 5; ++i)
    {
        accepted += d->SendFrame(MarkedSdu(40, i),
                                 0,
                                 AtmFrameHeader::SIGNALLING_VCI,
                                 AtmTrafficType::Signalling);
    }
    EXPECT_EQ(accepted, 3u);
    EXPECT_EQ(macTxDrop.byVci[AtmFrameHeader::SIGNALLING_VCI], 2u);

    // Without SetSignallingQueue, the helper leaves each device its own unbounded one.
    CoHelper plain;
    NodeContainer more;
    more.Create(2);
    NetDeviceContainer two = plain.InstallLink(more.Get(0), Side::User, more.Get(1), Side::Network);
    EXPECT_EQ(DynamicCast<CoPortNetDevice>(two.Get(0))->GetSignallingQueue()->GetMaxSize(),
              QueueSize(QueueSizeUnit::PACKETS, std::numeric_limits<uint32_t>::max()));
}

// ---- failures that hit thousands of calls at once ----------------------------------

namespace
{

/// One call as a CallFleet saw it.
struct FleetCall
{
    bool outgoing = false;     //!< placed by this client
    CoVcHandle vc;             //!< its VC
    uint64_t callId = 0;       //!< its network-wide name
    Time connected = Time(-1); //!< when it was connected
    Time released = Time(-1);  //!< when the network released it
    CoStatus releaseStatus;    //!< with what
    bool setupFailed = false;  //!< MakeCall completed with a failure
};

/**
 * A client that places or answers any number of calls and never hangs up:
 * only the network ends its calls. It records when each call is connected
 * and released, answers each release with CloseCall, and deletes the VCs
 * it created.
 */
class CallFleet
{
  public:
    explicit CallFleet(Ptr<CoNetDevice> device)
        : m_device(device)
    {
        CoClientHandlers h;
        h.makeCallComplete = MakeCallback(&CallFleet::MakeCallComplete, this);
        h.incomingCall = MakeCallback(&CallFleet::IncomingCall, this);
        h.callConnected = MakeCallback(&CallFleet::CallConnected, this);
        h.incomingCloseCall = MakeCallback(&CallFleet::IncomingCloseCall, this);
        m_client = device->OpenAddressFamily(h);
    }

    /// Answers calls to the device's own address.
    void Answer()
    {
        CoSapHandle sap;
        EXPECT_TRUE(m_device->RegisterSap(m_client, CoSap(m_device->GetAesa()), sap).IsSuccess());
    }

    /// Calls \p called now.
    void Call(const AesaAddress& called, CoCallParameters p)
    {
        CoVcHandle vc;
        ASSERT_TRUE(m_device->CreateVc(m_client, vc).IsSuccess());
        p.calledParty = called;
        ASSERT_TRUE(m_device->MakeCall(vc, p).IsPending());
        Open(vc, true);
    }

    std::vector<FleetCall> calls; //!< every call, in the order they began

  private:
    FleetCall& Open(CoVcHandle vc, bool outgoing)
    {
        m_open[vc.GetValue()] = calls.size();
        calls.emplace_back();
        calls.back().outgoing = outgoing;
        calls.back().vc = vc;
        calls.back().callId = m_device->GetCallId(vc);
        return calls.back();
    }

    FleetCall& Find(CoVcHandle vc)
    {
        auto it = m_open.find(vc.GetValue());
        if (it == m_open.end())
        {
            ADD_FAILURE() << "unknown VC " << vc.GetValue();
            static FleetCall none;
            return none;
        }
        return calls[it->second];
    }

    void MakeCallComplete(CoStatus s, CoVcHandle vc, const CoCallParameters&)
    {
        FleetCall& c = Find(vc);
        if (s.IsSuccess())
        {
            c.connected = Simulator::Now();
            return;
        }
        c.setupFailed = true;
        m_open.erase(vc.GetValue());
        EXPECT_TRUE(m_device->DeleteVc(vc).IsSuccess());
    }

    CoStatus IncomingCall(CoSapHandle, CoVcHandle vc, CoCallParameters&)
    {
        Open(vc, false);
        return CoStatus();
    }

    void CallConnected(CoVcHandle vc)
    {
        Find(vc).connected = Simulator::Now();
    }

    void IncomingCloseCall(CoStatus s, CoVcHandle vc)
    {
        FleetCall& c = Find(vc);
        c.released = Simulator::Now();
        c.releaseStatus = s;
        bool outgoing = c.outgoing;
        m_open.erase(vc.GetValue());
        EXPECT_TRUE(m_device->CloseCall(vc).IsSuccess());
        if (outgoing)
        {
            EXPECT_TRUE(m_device->DeleteVc(vc).IsSuccess());
        }
    }

    Ptr<CoNetDevice> m_device;
    CoClientHandle m_client;
    std::map<uint32_t, std::size_t> m_open; //!< VC handle -> index in calls
};

/// What a trunk failure tells each host: a temporary failure, cause 41.
const CoStatus TRUNK_FAILED(CoStatusCode::Failure, Q2931Cause::TEMPORARY_FAILURE);

/**
 * Hosts on the switches of a topology, each with a CallFleet; calls placed
 * one at a time, then a failure, then checks.
 */
class MassFailureTest : public ::testing::Test
{
  protected:
    MassFailureTest()
    {
        // Host links: OC-3, 100 us.
        co.SetChannelAttribute("DataRate", StringValue("155.52Mbps"));
        co.SetChannelAttribute("Delay", StringValue("100us"));
        co.SetSwitchAttribute("ProcessingDelay", TimeValue(PROCESSING));
        topo.SetNameNodes(false);
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Attaches a host with a CallFleet to switch \p vertex; \return its index
    std::size_t AddHost(uint32_t vertex)
    {
        nics.push_back(topo.AttachHost(CreateObject<Node>(), vertex));
        fleets.push_back(std::make_unique<CallFleet>(nics.back()));
        fleets.back()->Answer();
        hostVertex.push_back(vertex);
        return nics.size() - 1;
    }

    /// Host \p from calls host \p to at \p at (a CBR call of 10 cells/s each way).
    void CallAt(Time at, std::size_t from, std::size_t to)
    {
        CoSchedule(at, [this, from, to]() {
            fleets[from]->Call(nics[to]->GetAesa(),
                               CoCallParameters::Symmetric(CoServiceCategory::Cbr, 10));
        });
    }

    /**
     * \brief The latest a release may reach a host, for a call whose
     *        failure at \p failedAt was seen by switch \p first of the
     *        stretch \p stretch (switch vertices from there to the host's
     *        switch), when \p affected calls were hit at once.
     *
     * Each link toward the host adds its propagation delay and the
     * transmission of one signalling frame per affected call (each call's
     * RELEASE is one frame in that direction, and they may all be queued
     * ahead of this one); each switch after the first adds its processor's
     * time for two messages per affected call (the RELEASE coming in, and
     * the RELEASE COMPLETE that answers the RELEASE it sends on). The first
     * switch sends its RELEASEs without the processor.
     */
    Time ReleaseBound(Time failedAt, const std::vector<uint32_t>& stretch, uint64_t affected) const
    {
        // A RELEASE with its cause, in an SSCOP SD PDU, fits in 1 cell; 3 are allowed.
        const uint32_t frameBytes = 100;
        Time bound = failedAt;
        for (std::size_t i = 0; i + 1 < stretch.size(); ++i)
        {
            Ptr<CoChannel> link = topo.GetLink(stretch[i], stretch[i + 1]);
            Ptr<CoPortNetDevice> end = link->GetCoPortDevice(0);
            bound += link->GetDelay() + end->GetTransmissionTime(frameBytes) * affected;
            bound += PROCESSING * (2 * affected); // switch stretch[i + 1]
        }
        // The host's access link.
        Ptr<CoPortNetDevice> anyHost = nics.front();
        Ptr<CoChannel> access = anyHost->GetCoChannel();
        bound += access->GetDelay() + anyHost->GetTransmissionTime(frameBytes) * affected;
        return bound;
    }

    /// Asserts that no switch and no host holds anything of any call.
    void ExpectEverythingReleased() const
    {
        ExpectSwitchesHoldNothing(topo);
        for (std::size_t h = 0; h < nics.size(); ++h)
        {
            ExpectHostHoldsNothing(nics[h], "host " + std::to_string(h));
            nics[h]->EndOfRun();
            EXPECT_EQ(nics[h]->GetRuleChecker().GetViolationCount(), 0u) << "host " << h;
        }
    }

    const Time PROCESSING = MicroSeconds(100); //!< every switch's ProcessingDelay

    CoHelper co;                                    //!< makes the parts
    CoTopologyHelper topo{co};                      //!< builds the network
    std::vector<Ptr<CoNetDevice>> nics;             //!< the hosts' NICs
    std::vector<std::unique_ptr<CallFleet>> fleets; //!< their clients
    std::vector<uint32_t> hostVertex;               //!< each host's switch
};

/// OC-3 trunks of 1 ms.
CoLinkProperties
Trunk()
{
    CoLinkProperties link;
    link.rate = DataRate("155.52Mbps");
    link.delay = MilliSeconds(1);
    return link;
}

} // namespace

TEST_F(MassFailureTest, ATrunkFailureUnderThreeThousandCallsReleasesEachWithinItsPathsTimes)
{
    // 3 callers on S0 call 3 callees on S3, 1000 calls each, one call every
    // millisecond; S1 -X- S2 fails at 5 s, under all of them.
    //   callers -- S0 -- S1 -X- S2 -- S3 -- callees
    topo.Build(CoTopologyGenerator::Line(4, Trunk()));
    const uint32_t perHost = 1000;
    for (int i = 0; i < 3; ++i)
    {
        AddHost(0);
    }
    for (int i = 0; i < 3; ++i)
    {
        AddHost(3);
    }
    for (uint32_t k = 0; k < perHost; ++k)
    {
        for (std::size_t h = 0; h < 3; ++h)
        {
            CallAt(MicroSeconds(1000 * (3 * k + h)), h, h + 3);
        }
    }
    const Time failAt = Seconds(5);
    topo.FailLink(1, 2, failAt);
    std::size_t connectedAtFailure = 0;
    CoSchedule(failAt - NanoSeconds(1),
               [&]() { connectedAtFailure = topo.GetSwitch(1)->GetCallCount(); });
    Simulator::Run();

    const uint64_t affected = 3 * perHost;
    EXPECT_EQ(connectedAtFailure, affected);
    Time callerBound = ReleaseBound(failAt, {1, 0}, affected);
    Time calleeBound = ReleaseBound(failAt, {2, 3}, affected);
    Time latestCaller;
    Time latestCallee;
    for (std::size_t h = 0; h < fleets.size(); ++h)
    {
        bool caller = h < 3;
        ASSERT_EQ(fleets[h]->calls.size(), perHost) << "host " << h;
        for (const FleetCall& c : fleets[h]->calls)
        {
            ASSERT_FALSE(c.setupFailed) << "host " << h;
            ASSERT_TRUE(c.connected.IsPositive()) << "host " << h << " call " << c.callId;
            EXPECT_LT(c.connected, failAt);
            ASSERT_EQ(c.releaseStatus, TRUNK_FAILED) << "host " << h << " call " << c.callId;
            EXPECT_GE(c.released, failAt);
            EXPECT_LE(c.released, caller ? callerBound : calleeBound)
                << "host " << h << " call " << c.callId;
            Time& latest = caller ? latestCaller : latestCallee;
            latest = std::max(latest, c.released);
        }
    }
    // The bounds are not loose by orders of magnitude: the last release
    // comes after more than a quarter of them (the processor of the switch
    // after the failure dominates both).
    EXPECT_GT(latestCaller - failAt, (callerBound - failAt) / 4);
    EXPECT_GT(latestCallee - failAt, (calleeBound - failAt) / 4);
    ExpectEverythingReleased();
}

TEST_F(MassFailureTest, ASwitchFailureReleasesEveryCallThroughItWithinItsOwnPathsTimes)
{
    // A 5 x 5 grid; its centre, 12, fails under calls of four kinds, whose
    // shortest paths all cross it: 11 -> 13 and 7 -> 17 (three switches),
    // 10 -> 14 and 2 -> 22 (five switches).
    //    0  1  2  3  4
    //    5  6  7  8  9
    //   10 11 12 13 14
    //   15 16 17 18 19
    //   20 21 22 23 24
    topo.Build(CoTopologyGenerator::Grid(5, 5, Trunk()));
    std::vector<std::pair<uint32_t, uint32_t>> pairs{{11, 13}, {7, 17}, {10, 14}, {2, 22}};
    std::vector<std::pair<std::size_t, std::size_t>> hosts;
    for (auto [from, to] : pairs)
    {
        std::vector<uint32_t> path = topo.GetRoutedPath(from, to);
        ASSERT_EQ(std::count(path.begin(), path.end(), 12u), 1) << from << " -> " << to;
        std::size_t caller = AddHost(from);
        hosts.emplace_back(caller, AddHost(to));
    }
    Ptr<CoCallRecorder> recorder = CreateObject<CoCallRecorder>();
    recorder->WatchAll();
    const uint32_t perPair = 600;
    for (uint32_t k = 0; k < perPair; ++k)
    {
        for (std::size_t i = 0; i < hosts.size(); ++i)
        {
            CallAt(MicroSeconds(1000 * (hosts.size() * k + i)), hosts[i].first, hosts[i].second);
        }
    }
    const Time failAt = Seconds(4);
    topo.FailSwitch(12, failAt);
    Simulator::Run();
    recorder->Finish();

    // Each call's path, from the recorder (switch node ids, caller first).
    std::map<uint32_t, uint32_t> vertexOfNode;
    for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
    {
        vertexOfNode[topo.GetSwitches().Get(v)->GetId()] = v;
    }
    std::map<uint64_t, std::vector<uint32_t>> pathOf;
    for (const CoCallRecord& r : recorder->GetRecords())
    {
        std::vector<uint32_t>& path = pathOf[r.callId];
        for (uint32_t node : r.path)
        {
            path.push_back(vertexOfNode.at(node));
        }
    }
    const uint64_t affected = perPair * pairs.size();
    ASSERT_EQ(pathOf.size(), affected);
    uint64_t checked = 0;
    for (std::size_t h = 0; h < fleets.size(); ++h)
    {
        for (const FleetCall& c : fleets[h]->calls)
        {
            ASSERT_TRUE(c.connected.IsPositive()) << "host " << h;
            ASSERT_EQ(c.releaseStatus, TRUNK_FAILED) << "host " << h << " call " << c.callId;
            // From the failed switch's neighbour on this host's side to the host.
            const std::vector<uint32_t>& path = pathOf.at(c.callId);
            auto centre = std::find(path.begin(), path.end(), 12u);
            ASSERT_NE(centre, path.end());
            std::vector<uint32_t> stretch;
            if (c.outgoing)
            {
                stretch.assign(std::make_reverse_iterator(centre), path.rend());
            }
            else
            {
                stretch.assign(centre + 1, path.end());
            }
            ASSERT_FALSE(stretch.empty());
            EXPECT_EQ(stretch.back(), hostVertex[h]);
            EXPECT_GE(c.released, failAt);
            EXPECT_LE(c.released, ReleaseBound(failAt, stretch, affected))
                << "host " << h << " call " << c.callId << " over " << stretch.size()
                << " switches";
            ++checked;
        }
    }
    EXPECT_EQ(checked, 2 * affected);
    recorder->Dispose();
    ExpectEverythingReleased();
}

TEST_F(MassFailureTest, WithABoundedSignallingQueueTheSameFailureLeavesCallersUntold)
{
    // The counterpart of the first test, with the transmit FIFO of old (100
    // packets) for signalling: most RELEASEs overflow it, and those calls
    // are still up well after the bound. The checks above can fail.
    co.SetSignallingQueue("ns3::DropTailQueue", "MaxSize", StringValue("100p"));
    topo.Build(CoTopologyGenerator::Line(4, Trunk()));
    AddHost(0);
    AddHost(3);
    const uint32_t calls = 1000;
    for (uint32_t k = 0; k < calls; ++k)
    {
        CallAt(MicroSeconds(1000 * k), 0, 1);
    }
    const Time failAt = Seconds(2);
    topo.FailLink(1, 2, failAt);
    Time bound = ReleaseBound(failAt, {1, 0}, calls);
    std::size_t untold = 0;
    CoSchedule(bound + NanoSeconds(1), [&]() {
        for (const FleetCall& c : fleets[0]->calls)
        {
            untold += c.released.IsNegative();
        }
    });
    Simulator::Stop(bound + Seconds(1));
    Simulator::Run();
    EXPECT_GT(untold, calls / 2);
}

// ---- the example of issue 11, through the scenario runner ---------------------------

TEST(SignallingLossScenarioTest, EveryCallAcrossAFailedLinkOfABusyGridIsTold)
{
    // A 6 x 6 grid, 3 hosts per switch, 6 calls/s per host, 5 s holding
    // time; link 1-2 fails at 5 s. With one 100-packet FIFO per port, 78 of
    // the 267 calls across it were never told (this test finds the same 78
    // of 267 with the default signalling queue bounded to 100 packets).
    CoScenario s;
    s.topology.generator = "grid";
    s.topology.rows = 6;
    s.topology.cols = 6;
    s.hosts.perSwitch = 3;
    s.calls.rate = 6;
    s.calls.holdingMean = Seconds(5);
    s.duration = Seconds(6);
    CoScenarioFailure f;
    f.at = Seconds(5);
    f.action = CoScenarioFailure::Action::Fail;
    f.target = CoScenarioFailure::Target::Link;
    f.vertex = 1;
    f.peer = 2;
    s.failures.push_back(f);
    CoScenarioResults results = CoScenarioRunner().Run(s);

    std::map<uint32_t, uint32_t> nodeOf;
    for (const CoPortStats& p : results.ports)
    {
        nodeOf[p.vertex] = p.node;
    }
    auto crosses = [&](const CoCallRecord& r) {
        for (std::size_t i = 0; i + 1 < r.path.size(); ++i)
        {
            if ((r.path[i] == nodeOf[1] && r.path[i + 1] == nodeOf[2]) ||
                (r.path[i] == nodeOf[2] && r.path[i + 1] == nodeOf[1]))
            {
                return true;
            }
        }
        return false;
    };
    uint32_t across = 0;
    for (const CoCallRecord& r : results.calls)
    {
        if (!r.outcome.IsSuccess() || !crosses(r))
        {
            continue;
        }
        Time connected = r.start + r.setupLatency;
        Time ended = connected + r.holdingTime;
        if (connected >= f.at || ended < f.at)
        {
            continue; // not up when the link failed
        }
        ++across;
        if (!r.dropped)
        {
            // Only a call whose caller had hung up just before, its
            // RELEASE COMPLETE still on the way from the first switch.
            EXPECT_LT(ended, f.at + MilliSeconds(1))
                << "call " << r.callId << " was never told; its caller hung up at "
                << ended.As(Time::S);
            continue;
        }
        EXPECT_EQ(r.releaseCause, Q2931Cause::TEMPORARY_FAILURE) << "call " << r.callId;
        // Told at once, not after T308 (30 s).
        EXPECT_LT(ended, f.at + Seconds(1)) << "call " << r.callId;
    }
    EXPECT_GT(across, 200u) << "the failure hit few calls: the test tests little";
    EXPECT_EQ(results.GetViolationCount(), 0u);
}
