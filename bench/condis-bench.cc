/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * condis-bench: what the module costs in wall-clock time and memory, measured
 * in one process next to ns-3's own building blocks (an empty event, a packet
 * crossing a PointToPointNetDevice link). Absolute times vary from machine to
 * machine; the ratios to those baselines travel better, which is why they are
 * measured in the same run.
 *
 * Every scenario also checks its counts (messages by type, frames, calls, rule
 * violations) and the program exits 1 when one is off. The smoke test runs it
 * with --quick and relies on that alone: tests check behaviour, never time.
 *
 * With --storm it runs a call storm instead: a grid of switches (25 x 40 by
 * default) with hosts on each, calls between random host pairs, at 1/8, 1/4,
 * 1/2 and all of --stormCalls, next to the P2P hop; every message hop is
 * counted and checked against what Q.2931 takes per call, and every call
 * must end connected and released, or failed with a cause.
 *
 *   condis-bench --storm                      25 x 40 grid, up to 1,000,000 calls
 *   condis-bench --storm --stormCalls=64000   the same curve, smaller
 */

#include "condis-bench.h"

#include "ns3/co-helper.h"
#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/co-topology-helper.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/version-defines.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#if defined(__GLIBC__)
#include <malloc.h> // mallinfo2: glibc's heap statistics
#endif
#include <memory>
#include <sstream>
#include <string>
#include <sys/resource.h> // getrusage: the peak resident set
#include <tuple>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace condisbench
{

constexpr uint16_t IPV4 = 0x0800; //!< protocol number for the P2P baseline

/// \return the processor time this thread has used, seconds
double
ThreadCpuSeconds()
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

uint64_t g_pending = 0;    //!< events the PendingCountingScheduler holds
uint64_t g_pendingSum = 0; //!< g_pending summed at every insertion
uint64_t g_insertions = 0; //!< insertions

/**
 * ns-3's MapScheduler, counting the events it holds. The storm mode runs
 * every scenario on it (the grid storm and its P2P baselines alike), so that
 * the P2P hop can be measured with as many pending events as the storm had:
 * each insertion and removal walks a tree as deep as that.
 */
class PendingCountingScheduler : public MapScheduler
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::CondisBenchPendingCountingScheduler")
                                .SetParent<MapScheduler>()
                                .SetGroupName("Core")
                                .AddConstructor<PendingCountingScheduler>();
        return tid;
    }

    PendingCountingScheduler()
    {
        g_pending = 0; // a new simulator starts empty
    }

    void Insert(const Scheduler::Event& ev) override
    {
        MapScheduler::Insert(ev);
        g_pendingSum += ++g_pending;
        ++g_insertions;
    }

    Scheduler::Event RemoveNext() override
    {
        --g_pending;
        return MapScheduler::RemoveNext();
    }

    void Remove(const Scheduler::Event& ev) override
    {
        --g_pending;
        MapScheduler::Remove(ev);
    }
};

NS_OBJECT_ENSURE_REGISTERED(PendingCountingScheduler);

/// Runs the simulation to its end and times it.
RunStats
TimedRun()
{
    uint64_t events = Simulator::GetEventCount();
    uint64_t pendingSum = g_pendingSum;
    uint64_t insertions = g_insertions;
    double cpu = ThreadCpuSeconds();
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    auto stop = std::chrono::steady_clock::now();
    RunStats r{std::chrono::duration<double>(stop - start).count(),
               Simulator::GetEventCount() - events,
               ThreadCpuSeconds() - cpu};
    if (g_insertions > insertions)
    {
        r.meanPending = double(g_pendingSum - pendingSum) / (g_insertions - insertions);
        r.insertions = g_insertions - insertions;
    }
    return r;
}

/// \return a sample's wall-clock ns per unit
double
NsPerUnit(const Sample& s)
{
    return s.units == 0 ? 0 : 1e9 * s.seconds / s.units;
}

/// Reduces the repetitions of a measurement to its median and spread.
Figure
Summarise(const std::string& label,
          const std::string& key,
          const std::string& unit,
          const std::vector<Sample>& samples)
{
    std::vector<double> ns;
    for (const Sample& s : samples)
    {
        ns.push_back(NsPerUnit(s));
    }
    std::sort(ns.begin(), ns.end());
    Figure f;
    f.label = label;
    f.key = key;
    f.unit = unit;
    f.units = samples.front().units;
    f.nsPerUnit = ns[ns.size() / 2];
    f.spread = f.nsPerUnit > 0 ? (ns.back() - ns.front()) / f.nsPerUnit : 0;
    f.eventsPerUnit = f.units == 0 ? 0 : double(samples.front().events) / f.units;
    return f;
}

/**
 * On a shared machine the wall clock counts the time other processes take:
 * the processor time of this thread is the steadier figure.
 * \return the median over the repetitions of processor ns per unit
 */
double
MedianCpuNsPerUnit(const std::vector<Sample>& samples)
{
    std::vector<double> ns;
    for (const Sample& s : samples)
    {
        ns.push_back(1e9 * s.cpuSeconds / s.units);
    }
    std::sort(ns.begin(), ns.end());
    return ns[ns.size() / 2];
}

// ---- ns-3 baselines ----------------------------------------------------------------

const Time ZERO = Seconds(0); //!< made once: the chain should time the scheduler only
uint64_t g_chainLeft = 0;     //!< events the chain has still to run

/// An event that does nothing but schedule the next one.
void
ChainEvent()
{
    if (--g_chainLeft > 0)
    {
        Simulator::Schedule(ZERO, &ChainEvent);
    }
}

/// An event that does nothing.
void
EmptyEvent()
{
}

/// Empty events one after another: the scheduler never holds more than one.
Sample
EmptyEventChain(uint64_t n, Checks& checks)
{
    g_chainLeft = n;
    Simulator::Schedule(ZERO, &ChainEvent);
    RunStats r = TimedRun();
    checks.Expect(r.events == n && g_chainLeft == 0, "empty event chain ran every event");
    Simulator::Destroy();
    return Sample{n, r.seconds, r.events};
}

/// Empty events scheduled all at once, then run: the scheduler holds n.
Sample
EmptyEventBatch(uint64_t n, Checks& checks)
{
    uint64_t events = Simulator::GetEventCount();
    auto start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < n; ++i)
    {
        Simulator::Schedule(ZERO, &EmptyEvent);
    }
    Simulator::Run();
    auto stop = std::chrono::steady_clock::now();
    events = Simulator::GetEventCount() - events;
    checks.Expect(events == n, "empty event batch ran every event");
    Simulator::Destroy();
    return Sample{n, std::chrono::duration<double>(stop - start).count(), events};
}

/**
 * Keeps a window of packets in flight: each arrival sends the next, until
 * all have been sent. The same pump drives the P2P and the AAL5 scenarios.
 */
class Pump
{
  public:
    /**
     * \param total packets to send
     * \param window packets in flight at once
     * \param send sends one packet; returns false when the device refused it
     */
    Pump(uint64_t total, uint32_t window, std::function<bool()> send)
        : m_total(total),
          m_window(window),
          m_send(std::move(send))
    {
    }

    /// Fills the window.
    void Start()
    {
        for (uint32_t i = 0; i < m_window && sent < m_total; ++i)
        {
            SendOne();
        }
    }

    /// \param bytes size of the packet that arrived
    void Arrived(uint32_t bytes)
    {
        ++received;
        receivedBytes += bytes;
        if (sent < m_total)
        {
            SendOne();
        }
    }

    /// NetDevice receive callback, for the P2P baseline.
    bool ReceiveP2p(Ptr<NetDevice>, Ptr<const Packet> packet, uint16_t, const Address&)
    {
        Arrived(packet->GetSize());
        return true;
    }

    uint64_t sent = 0;          //!< accepted by the device
    uint64_t refused = 0;       //!< refused by the device
    uint64_t received = 0;      //!< arrived at the far end
    uint64_t receivedBytes = 0; //!< their bytes

  private:
    void SendOne()
    {
        if (m_send())
        {
            ++sent;
        }
        else
        {
            ++refused;
        }
    }

    uint64_t m_total;             //!< packets to send
    uint32_t m_window;            //!< packets in flight
    std::function<bool()> m_send; //!< sends one
};

/// Packets over one PointToPointNetDevice link, no IP stack: one hop each.
Sample
P2pHops(uint64_t packets, uint32_t window, Checks& checks)
{
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(LINK_RATE));
    p2p.SetChannelAttribute("Delay", StringValue(LINK_DELAY));
    NetDeviceContainer devices = p2p.Install(nodes);
    Ptr<NetDevice> tx = devices.Get(0);
    Address dest = devices.Get(1)->GetAddress();
    Pump pump(packets, window, [tx, dest]() {
        return tx->Send(Create<Packet>(PAYLOAD), dest, IPV4);
    });
    devices.Get(1)->SetReceiveCallback(MakeCallback(&Pump::ReceiveP2p, &pump));
    Simulator::Run(); // the nodes' initialization: not timed
    Simulator::ScheduleNow(&Pump::Start, &pump);
    RunStats r = TimedRun();
    checks.Expect(pump.refused == 0 && pump.received == packets &&
                      pump.receivedBytes == packets * PAYLOAD,
                  "P2P: every packet arrived whole");
    Simulator::Destroy();
    return Sample{pump.received, r.seconds, r.events, r.cpuSeconds};
}

// ---- condis ------------------------------------------------------------------------

/// The traffic contract of every call: small, so that many fit on a port.
CoCallParameters
BenchCall()
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, 10);
}

/**
 * A CoNDIS client that places calls to one callee, one after another: on
 * each MakeCallComplete it either releases the call at once (zero holding
 * time) or keeps it and places the next.
 */
class Caller
{
  public:
    /**
     * \param device the caller's NIC
     * \param callee whom to call
     */
    Caller(Ptr<CoNetDevice> device, const AesaAddress& callee)
        : m_device(device)
    {
        m_parameters = BenchCall();
        m_parameters.calledParty = callee;
        CoClientHandlers h;
        h.makeCallComplete = MakeCallback(&Caller::MakeCallComplete, this);
        h.closeCallComplete = MakeCallback(&Caller::CloseCallComplete, this);
        h.incomingCloseCall = MakeCallback(&Caller::IncomingCloseCall, this);
        m_client = device->OpenAddressFamily(h);
    }

    /**
     * \param calls how many calls to place, one after another
     * \param release release each call as soon as it is connected, or keep it
     */
    void Start(uint64_t calls, bool release)
    {
        m_left = calls;
        m_release = release;
        PlaceCall();
    }

    /// \param packet an SDU to send on the last connected call \return whether it was accepted
    bool Send(Ptr<Packet> packet)
    {
        return m_device->Send(m_vc, packet).IsSuccess();
    }

    uint64_t connected = 0; //!< calls that connected
    uint64_t released = 0;  //!< calls whose release completed
    uint64_t failed = 0;    //!< anything that went wrong

  private:
    void PlaceCall()
    {
        if (m_left == 0)
        {
            return;
        }
        --m_left;
        CoVcHandle vc;
        if (!m_device->CreateVc(m_client, vc).IsSuccess())
        {
            ++failed;
            return;
        }
        if (!m_device->MakeCall(vc, m_parameters).IsPending())
        {
            ++failed;
            m_device->DeleteVc(vc);
        }
    }

    void MakeCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters&)
    {
        if (!status.IsSuccess())
        {
            ++failed;
            m_device->DeleteVc(vc);
            return;
        }
        ++connected;
        m_vc = vc;
        if (!m_release)
        {
            PlaceCall();
        }
        else if (!m_device->CloseCall(vc).IsPending())
        {
            ++failed;
        }
    }

    void CloseCallComplete(CoStatus status, CoVcHandle vc)
    {
        ++(status.IsSuccess() ? released : failed);
        m_device->DeleteVc(vc);
        PlaceCall();
    }

    void IncomingCloseCall(CoStatus, CoVcHandle vc)
    {
        // The network never releases a call in these scenarios.
        ++failed;
        m_device->CloseCall(vc);
        m_device->DeleteVc(vc);
    }

    Ptr<CoNetDevice> m_device;     //!< the NIC
    CoClientHandle m_client;       //!< our address family
    CoCallParameters m_parameters; //!< what every call asks for
    CoVcHandle m_vc;               //!< the last connected call's VC
    uint64_t m_left = 0;           //!< calls still to place
    bool m_release = true;         //!< zero holding time
};

/// A CoNDIS client that accepts every call, closes when told to, and feeds a Pump.
class Callee
{
  public:
    /// \param device the callee's NIC
    explicit Callee(Ptr<CoNetDevice> device)
        : m_device(device)
    {
        CoClientHandlers h;
        h.incomingCall = MakeCallback(&Callee::IncomingCall, this);
        h.incomingCloseCall = MakeCallback(&Callee::IncomingCloseCall, this);
        h.receive = MakeCallback(&Callee::Receive, this);
        CoClientHandle client = device->OpenAddressFamily(h);
        CoSapHandle sap;
        registered = device->RegisterSap(client, CoSap(device->GetAesa()), sap).IsSuccess();
    }

    bool registered = false; //!< the SAP registration succeeded
    uint64_t offered = 0;    //!< incoming calls
    uint64_t closed = 0;     //!< calls the network released
    Pump* pump = nullptr;    //!< where received SDUs are reported

  private:
    CoStatus IncomingCall(CoSapHandle, CoVcHandle, CoCallParameters&)
    {
        ++offered;
        return CoStatus();
    }

    void IncomingCloseCall(CoStatus, CoVcHandle vc)
    {
        ++closed;
        m_device->CloseCall(vc);
    }

    void Receive(CoVcHandle, Ptr<Packet> packet)
    {
        if (pump != nullptr)
        {
            pump->Arrived(packet->GetSize());
        }
    }

    Ptr<CoNetDevice> m_device; //!< the NIC
};

/**
 * Host pairs on one switch (the only topology the model routes today):
 * host 2i calls host 2i + 1.
 */
class Network
{
  public:
    /**
     * \param pairs host pairs
     * \param processingDelay the switch's ProcessingDelay
     * \param maxVcs the hosts' MaxVcs
     */
    Network(uint32_t pairs, Time processingDelay, uint32_t maxVcs)
    {
        CoHelper helper;
        helper.SetChannelAttribute("DataRate", StringValue(LINK_RATE));
        helper.SetChannelAttribute("Delay", StringValue(LINK_DELAY));
        helper.SetSwitchAttribute("ProcessingDelay", TimeValue(processingDelay));
        helper.SetDeviceAttribute("MaxVcs", UintegerValue(maxVcs));
        NodeContainer switchNode;
        switchNode.Create(1);
        NodeContainer hosts;
        hosts.Create(2 * pairs);
        sw = helper.InstallSwitch(switchNode.Get(0));
        for (uint32_t i = 0; i < pairs; ++i)
        {
            Ptr<CoNetDevice> a = helper.InstallHost(hosts.Get(2 * i), switchNode.Get(0));
            Ptr<CoNetDevice> b = helper.InstallHost(hosts.Get(2 * i + 1), switchNode.Get(0));
            callers.push_back(std::make_unique<Caller>(a, b->GetAesa()));
            callees.push_back(std::make_unique<Callee>(b));
            devices.push_back(a);
            devices.push_back(b);
        }
    }

    /// \param counter counts the messages of every device and the switch
    void Watch(MessageCounter& counter)
    {
        counter.Watch(sw);
        for (Ptr<CoNetDevice> d : devices)
        {
            counter.Watch(d);
        }
    }

    /// Sums a counter of the callers.
    uint64_t SumCallers(uint64_t Caller::*counter) const
    {
        uint64_t n = 0;
        for (const auto& c : callers)
        {
            n += (*c).*counter;
        }
        return n;
    }

    /// Sums a counter of the callees.
    uint64_t SumCallees(uint64_t Callee::*counter) const
    {
        uint64_t n = 0;
        for (const auto& c : callees)
        {
            n += (*c).*counter;
        }
        return n;
    }

    /// \return whether every callee registered its SAP
    bool AllRegistered() const
    {
        return std::all_of(callees.begin(), callees.end(), [](const auto& c) {
            return c->registered;
        });
    }

    /// \return the rule violations counted on every host
    uint64_t Violations() const
    {
        uint64_t n = 0;
        for (Ptr<CoNetDevice> d : devices)
        {
            d->EndOfRun();
            n += d->GetRuleChecker().GetViolationCount();
        }
        return n;
    }

    /// \return the Q.2931 call references held by every host
    uint64_t HostCallReferences() const
    {
        uint64_t n = 0;
        for (Ptr<CoNetDevice> d : devices)
        {
            n += d->GetCallReferenceCount();
        }
        return n;
    }

    Ptr<CoSwitch> sw;                             //!< the switch
    std::vector<Ptr<CoNetDevice>> devices;        //!< caller, callee, caller, ...
    std::vector<std::unique_ptr<Caller>> callers; //!< one per pair
    std::vector<std::unique_ptr<Callee>> callees; //!< one per pair
};

/// What a run of whole calls (setup, then release at once) measured.
struct CallRun
{
    uint64_t calls = 0;    //!< calls completed
    uint64_t messages = 0; //!< Q.2931 messages sent, each crossing one link
    RunStats run;          //!< time and events
};

/**
 * Places \p calls calls, spread over the pairs, each released as soon as it
 * is connected, and counts every signalling message.
 */
CallRun
Calls(uint64_t calls, uint32_t pairs, Time processingDelay, Checks& checks)
{
    Network net(pairs, processingDelay, 4096);
    MessageCounter counter;
    net.Watch(counter);
    checks.Expect(net.AllRegistered(), "calls: every callee registered its SAP");
    Simulator::Run(); // the nodes' initialization: not timed
    for (uint32_t i = 0; i < pairs; ++i)
    {
        uint64_t share = calls / pairs + (i < calls % pairs ? 1 : 0);
        Simulator::ScheduleNow(&Caller::Start, net.callers[i].get(), share, true);
    }
    CallRun r;
    r.run = TimedRun();
    r.calls = net.SumCallers(&Caller::released);
    r.messages = counter.GetSent();

    // Setup and release of one call through one switch, as Q.2931 has it:
    // SETUP and CONNECT, CONNECT ACKNOWLEDGE, RELEASE, RELEASE COMPLETE on
    // both UNIs, and CALL PROCEEDING from the switch to the caller.
    auto sent = [&counter](Q2931MessageType t) { return counter.sent[static_cast<uint8_t>(t)]; };
    std::ostringstream os;
    os << "calls: " << calls << " calls completed, 11 messages each (" << r.calls << " calls, "
       << r.messages << " messages)";
    checks.Expect(r.calls == calls && net.SumCallers(&Caller::failed) == 0 &&
                      net.SumCallees(&Callee::offered) == calls &&
                      net.SumCallees(&Callee::closed) == calls &&
                      sent(Q2931MessageType::Setup) == 2 * calls &&
                      sent(Q2931MessageType::CallProceeding) == calls &&
                      sent(Q2931MessageType::Connect) == 2 * calls &&
                      sent(Q2931MessageType::ConnectAcknowledge) == 2 * calls &&
                      sent(Q2931MessageType::Release) == 2 * calls &&
                      sent(Q2931MessageType::ReleaseComplete) == 2 * calls &&
                      r.messages == 11 * calls && counter.received == r.messages,
                  os.str());
    checks.Expect(net.sw->GetCallCount() == 0 && net.sw->GetCrossConnectCount() == 0 &&
                      net.HostCallReferences() == 0 && net.Violations() == 0,
                  "calls: everything released, no rule violation");
    Simulator::Destroy();
    return r;
}

/// AAL5 frames host -> switch -> host on one connected call: two hops each.
Sample
DataHops(uint64_t frames, uint32_t window, Checks& checks)
{
    Network net(1, Seconds(0), 4096);
    Caller& caller = *net.callers[0];
    Callee& callee = *net.callees[0];
    caller.Start(1, false);
    Simulator::Run(); // until the call is connected: not timed
    checks.Expect(caller.connected == 1, "data: the call connected");

    Pump pump(frames, window, [&caller]() { return caller.Send(Create<Packet>(PAYLOAD)); });
    callee.pump = &pump;
    Simulator::ScheduleNow(&Pump::Start, &pump);
    RunStats r = TimedRun();
    checks.Expect(pump.refused == 0 && pump.received == frames &&
                      pump.receivedBytes == frames * PAYLOAD,
                  "data: every frame arrived whole");
    checks.Expect(net.Violations() == 0, "data: no rule violation");
    Simulator::Destroy();
    return Sample{2 * pump.received, r.seconds, r.events};
}

/// Heap bytes in use: small blocks in the arenas plus large mmapped ones.
uint64_t
HeapInUse()
{
#if defined(__GLIBC__)
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    return 0; // no portable heap statistics: only the resident set is reported then
#endif
}

/// Resident set size, bytes.
uint64_t
ResidentBytes()
{
    std::ifstream statm("/proc/self/statm"); // Linux; elsewhere the figure reads 0
    uint64_t size = 0;
    uint64_t resident = 0;
    statm >> size >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

/// What holding calls costs in memory.
struct MemoryRun
{
    uint64_t calls = 0;    //!< calls held when measured
    int64_t heapBytes = 0; //!< growth of the heap in use
    int64_t rssBytes = 0;  //!< growth of the resident set
};

/// Sets up \p calls calls over the pairs and keeps them all connected.
MemoryRun
HeldCalls(uint64_t calls, uint32_t pairs, Checks& checks)
{
    uint64_t perPair = calls / pairs + 1;
    Network net(pairs, Seconds(0), std::max<uint64_t>(4096, perPair));
    checks.Expect(net.AllRegistered(), "memory: every callee registered its SAP");
    Simulator::Run(); // the nodes' initialization
    MemoryRun m;
    uint64_t heap = HeapInUse();
    uint64_t rss = ResidentBytes();
    for (uint32_t i = 0; i < pairs; ++i)
    {
        uint64_t share = calls / pairs + (i < calls % pairs ? 1 : 0);
        Simulator::ScheduleNow(&Caller::Start, net.callers[i].get(), share, false);
    }
    Simulator::Run();
    m.heapBytes = int64_t(HeapInUse()) - int64_t(heap);
    m.rssBytes = int64_t(ResidentBytes()) - int64_t(rss);
    m.calls = net.sw->GetCallCount();
    checks.Expect(m.calls == calls && net.SumCallers(&Caller::connected) == calls &&
                      net.SumCallers(&Caller::failed) == 0 &&
                      net.sw->GetCrossConnectCount() == 2 * calls &&
                      net.HostCallReferences() == 2 * calls,
                  "memory: every call connected and held");
    checks.Expect(net.Violations() == 0, "memory: no rule violation");
    Simulator::Destroy();
    return m;
}

// ---- storm: many calls across a large network ----------------------------------------

/// One host of the storm: places the calls the driver gives it, accepts every call.
class StormHost
{
  public:
    /**
     * \param device the host's NIC
     * \param vertex the switch it hangs off
     * \param holding draws how long a connected call is held (seconds)
     */
    StormHost(Ptr<CoNetDevice> device, uint32_t vertex, Ptr<ExponentialRandomVariable> holding)
        : vertex(vertex),
          m_device(device),
          m_holding(holding)
    {
        CoClientHandlers h;
        h.makeCallComplete = MakeCallback(&StormHost::MakeCallComplete, this);
        h.closeCallComplete = MakeCallback(&StormHost::CloseCallComplete, this);
        h.incomingCall = MakeCallback(&StormHost::IncomingCall, this);
        h.incomingCloseCall = MakeCallback(&StormHost::IncomingCloseCall, this);
        m_client = device->OpenAddressFamily(h);
        CoSapHandle sap;
        registered = device->RegisterSap(m_client, CoSap(device->GetAesa()), sap).IsSuccess();
    }

    /**
     * \param callee whom to call
     * \param hold keep the call until the end rather than for a random time
     */
    void Call(const AesaAddress& callee, bool hold)
    {
        ++placed;
        m_hold = hold;
        CoCallParameters p = BenchCall();
        p.calledParty = callee;
        CoVcHandle vc;
        if (!m_device->CreateVc(m_client, vc).IsSuccess())
        {
            ++refusedLocally;
            return;
        }
        if (!m_device->MakeCall(vc, p).IsPending())
        {
            ++refusedLocally;
            m_device->DeleteVc(vc);
        }
    }

    Ptr<CoNetDevice> GetDevice() const
    {
        return m_device;
    }

    bool registered = false;            //!< the SAP registration succeeded
    uint32_t vertex;                    //!< the host's switch
    uint64_t placed = 0;                //!< calls placed
    uint64_t refusedLocally = 0;        //!< MakeCall or CreateVc refused
    uint64_t connected = 0;             //!< calls that connected
    uint64_t released = 0;              //!< calls whose release completed
    uint64_t offered = 0;               //!< incoming calls
    uint64_t closedByPeer = 0;          //!< incoming calls the caller released
    uint64_t unexpected = 0;            //!< anything the scenario never does
    std::map<uint8_t, uint64_t> failed; //!< failed calls, by Q.2931 cause

  private:
    void MakeCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters&)
    {
        if (!status.IsSuccess())
        {
            ++failed[status.GetCause()];
            m_device->DeleteVc(vc);
            return;
        }
        ++connected;
        if (!m_hold)
        {
            Simulator::Schedule(Seconds(m_holding->GetValue()), &StormHost::Close, this, vc);
        }
    }

    void Close(CoVcHandle vc)
    {
        if (!m_device->CloseCall(vc).IsPending())
        {
            ++unexpected;
        }
    }

    void CloseCallComplete(CoStatus status, CoVcHandle vc)
    {
        ++(status.IsSuccess() ? released : unexpected);
        m_device->DeleteVc(vc);
    }

    CoStatus IncomingCall(CoSapHandle, CoVcHandle, CoCallParameters&)
    {
        ++offered;
        return CoStatus();
    }

    void IncomingCloseCall(CoStatus, CoVcHandle vc)
    {
        // The caller closes; the network itself never should.
        ++closedByPeer;
        m_device->CloseCall(vc);
    }

    Ptr<CoNetDevice> m_device;                //!< the NIC
    Ptr<ExponentialRandomVariable> m_holding; //!< holding time, seconds
    CoClientHandle m_client;                  //!< our address family
    bool m_hold = false;                      //!< keep calls until the end
};

/// What the storm is made of.
struct StormConfig
{
    uint32_t rows = 25;                //!< grid rows
    uint32_t cols = 40;                //!< grid columns
    uint32_t hostsPerSwitch = 2;       //!< hosts on each switch
    double arrivalRate = 5000;         //!< calls per second, Poisson
    double holdingTime = 1;            //!< mean seconds a call is held, exponential
    Time processingDelay = Seconds(0); //!< every switch's ProcessingDelay
};

/**
 * A grid of switches with hosts on each: calls between random host pairs,
 * Poisson arrivals, exponential holding times. Counts every message.
 */
class Storm
{
  public:
    /// \param config the network and its traffic
    explicit Storm(const StormConfig& config)
        : m_config(config),
          m_topology(m_co)
    {
        m_co.SetChannelAttribute("DataRate", StringValue(LINK_RATE));
        m_co.SetChannelAttribute("Delay", StringValue(LINK_DELAY));
        m_co.SetSwitchAttribute("ProcessingDelay", TimeValue(config.processingDelay));
        m_topology.SetNameNodes(false); // built again and again in one process
        CoLinkProperties link;
        link.rate = DataRate(LINK_RATE);
        link.delay = Time(LINK_DELAY);
        m_topology.Build(CoTopologyGenerator::Grid(config.rows, config.cols, link));
        m_switches = m_topology.GetNSwitches();

        m_arrival = CreateObject<ExponentialRandomVariable>();
        m_arrival->SetAttribute("Mean", DoubleValue(1 / config.arrivalRate));
        m_arrival->SetStream(1);
        m_pick = CreateObject<UniformRandomVariable>();
        m_pick->SetStream(2);
        m_holding = CreateObject<ExponentialRandomVariable>();
        m_holding->SetAttribute("Mean", DoubleValue(config.holdingTime));
        m_holding->SetStream(3);

        NetDeviceContainer nics = m_topology.AttachHosts(config.hostsPerSwitch);
        for (uint32_t i = 0; i < nics.GetN(); ++i)
        {
            m_hosts.push_back(std::make_unique<StormHost>(DynamicCast<CoNetDevice>(nics.Get(i)),
                                                          i / config.hostsPerSwitch,
                                                          m_holding));
        }
        m_pairCalls.assign(uint64_t(m_switches) * m_switches, 0);
    }

    /// \param counter counts the messages of every host and switch
    void Watch(MessageCounter& counter)
    {
        for (uint32_t v = 0; v < m_switches; ++v)
        {
            counter.Watch(m_topology.GetSwitch(v));
        }
        for (const auto& h : m_hosts)
        {
            counter.Watch(h->GetDevice());
        }
    }

    /**
     * \param calls how many calls to place
     * \param hold keep every call until the end (for the memory figure)
     */
    void Start(uint64_t calls, bool hold)
    {
        m_left = calls;
        m_hold = hold;
        Simulator::Schedule(Seconds(m_arrival->GetValue()), &Storm::Arrival, this);
    }

    /// \return switches crossed by the routed path between two switches
    uint32_t PathSwitches(uint32_t from, uint32_t to) const
    {
        return m_topology.GetRoutedPath(from, to).size();
    }

    /// \return the Q.2931 messages the connected calls take, by Q.2931's rules
    uint64_t ExpectedMessages() const
    {
        // Each of the k + 1 links of a path through k switches carries SETUP,
        // CONNECT, CONNECT ACKNOWLEDGE, RELEASE and RELEASE COMPLETE; each
        // switch also answers its SETUP with CALL PROCEEDING.
        uint64_t n = 0;
        ForEachPair([&n](uint64_t calls, uint32_t k) { n += calls * (6 * k + 5); });
        return n;
    }

    /// \return links crossed by all the calls placed, summed
    uint64_t LinkHops() const
    {
        uint64_t n = 0;
        ForEachPair([&n](uint64_t calls, uint32_t k) { n += calls * (k + 1); });
        return n;
    }

    /// \return switches crossed by all the calls placed, summed
    uint64_t SwitchHops() const
    {
        uint64_t n = 0;
        ForEachPair([&n](uint64_t calls, uint32_t k) { n += calls * k; });
        return n;
    }

    /// Sums a counter of the hosts.
    uint64_t Sum(uint64_t StormHost::*counter) const
    {
        uint64_t n = 0;
        for (const auto& h : m_hosts)
        {
            n += (*h).*counter;
        }
        return n;
    }

    /// \return failed calls by cause, over every host
    std::map<uint8_t, uint64_t> Failures() const
    {
        std::map<uint8_t, uint64_t> all;
        for (const auto& h : m_hosts)
        {
            for (const auto& [cause, n] : h->failed)
            {
                all[cause] += n;
            }
        }
        return all;
    }

    /// \return calls, cross-connects, call references and VCs still held anywhere
    uint64_t Leftovers() const
    {
        uint64_t n = 0;
        for (uint32_t v = 0; v < m_switches; ++v)
        {
            n += m_topology.GetSwitch(v)->GetCallCount() +
                 m_topology.GetSwitch(v)->GetSetupCount() +
                 m_topology.GetSwitch(v)->GetCrossConnectCount();
        }
        for (const auto& h : m_hosts)
        {
            n += h->GetDevice()->GetCallReferenceCount() + h->GetDevice()->GetVcCount();
        }
        return n;
    }

    /// \return cross-connects held by the switches
    uint64_t CrossConnects() const
    {
        uint64_t n = 0;
        for (uint32_t v = 0; v < m_switches; ++v)
        {
            n += m_topology.GetSwitch(v)->GetCrossConnectCount();
        }
        return n;
    }

    /// \return the rule violations counted on every host
    uint64_t Violations() const
    {
        uint64_t n = 0;
        for (const auto& h : m_hosts)
        {
            h->GetDevice()->EndOfRun();
            n += h->GetDevice()->GetRuleChecker().GetViolationCount();
        }
        return n;
    }

    /// \return whether every host registered its SAP
    bool AllRegistered() const
    {
        return std::all_of(m_hosts.begin(), m_hosts.end(), [](const auto& h) {
            return h->registered;
        });
    }

    /// \return the routing table entries of every switch
    uint64_t RouteEntries() const
    {
        uint64_t n = 0;
        for (uint32_t v = 0; v < m_switches; ++v)
        {
            n += m_topology.GetSwitch(v)->GetRoutingTable().GetSize();
        }
        return n;
    }

    /// \return switches
    uint32_t GetNSwitches() const
    {
        return m_switches;
    }

    /// \return hosts
    uint32_t GetNHosts() const
    {
        return m_hosts.size();
    }

    /// \return a switch's routing table
    const CoRoutingTable& GetRoutingTable(uint32_t v) const
    {
        return m_topology.GetSwitch(v)->GetRoutingTable();
    }

  private:
    void Arrival()
    {
        uint32_t n = m_hosts.size();
        uint32_t a = m_pick->GetInteger(0, n - 1);
        uint32_t b = m_pick->GetInteger(0, n - 2);
        b += b >= a ? 1 : 0; // anyone but the caller
        StormHost& caller = *m_hosts[a];
        StormHost& callee = *m_hosts[b];
        ++m_pairCalls[uint64_t(caller.vertex) * m_switches + callee.vertex];
        caller.Call(callee.GetDevice()->GetAesa(), m_hold);
        if (--m_left > 0)
        {
            Simulator::Schedule(Seconds(m_arrival->GetValue()), &Storm::Arrival, this);
        }
    }

    /// Calls f(calls placed, switches on the path) for every pair of switches that had calls.
    template <typename F>
    void ForEachPair(F f) const
    {
        for (uint32_t s = 0; s < m_switches; ++s)
        {
            for (uint32_t d = 0; d < m_switches; ++d)
            {
                if (uint64_t calls = m_pairCalls[uint64_t(s) * m_switches + d])
                {
                    f(calls, PathSwitches(s, d));
                }
            }
        }
    }

    StormConfig m_config;                            //!< the scenario
    CoHelper m_co;                                   //!< makes the parts
    CoTopologyHelper m_topology;                     //!< the grid
    uint32_t m_switches = 0;                         //!< in the grid
    std::vector<std::unique_ptr<StormHost>> m_hosts; //!< switch by switch
    std::vector<uint64_t> m_pairCalls;               //!< calls placed, by switch pair
    Ptr<ExponentialRandomVariable> m_arrival;        //!< interarrival times
    Ptr<UniformRandomVariable> m_pick;               //!< caller and callee
    Ptr<ExponentialRandomVariable> m_holding;        //!< holding times
    uint64_t m_left = 0;                             //!< calls still to place
    bool m_hold = false;                             //!< keep every call
};

/**
 * The P2P baseline at the storm's scale: the same grid of nodes joined by
 * PointToPointNetDevice links, packets between random node pairs forwarded
 * hop by hop along shortest (row-first) paths. It spreads its state over as
 * many nodes and keeps as many packets in flight as the storm does, so that
 * the ratio compares hops that miss the caches alike. Forwarding is a few
 * arithmetic steps, no table: if anything, it flatters the baseline.
 */
class P2pGrid
{
  public:
    /**
     * \param rows grid rows
     * \param cols grid columns
     * \param packetRate packets per second injected, Poisson
     * \param timerSeconds mean of a timer each packet starts, which fires
     *        and does nothing: it keeps as many events pending as the storm
     *        had (0: none)
     */
    P2pGrid(uint32_t rows, uint32_t cols, double packetRate, double timerSeconds)
        : m_rows(rows),
          m_cols(cols)
    {
        if (timerSeconds > 0)
        {
            m_timer = CreateObject<ExponentialRandomVariable>();
            m_timer->SetAttribute("Mean", DoubleValue(timerSeconds));
            m_timer->SetStream(3);
        }
        m_nodes.Create(rows * cols);
        m_ports.assign(rows * cols, {});
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(LINK_RATE));
        p2p.SetChannelAttribute("Delay", StringValue(LINK_DELAY));
        for (uint32_t v = 0; v < rows * cols; ++v)
        {
            if ((v + 1) % cols != 0)
            {
                Join(v, v + 1, EAST, WEST, p2p);
            }
            if (v + cols < rows * cols)
            {
                Join(v, v + cols, SOUTH, NORTH, p2p);
            }
        }
        m_arrival = CreateObject<ExponentialRandomVariable>();
        m_arrival->SetAttribute("Mean", DoubleValue(1 / packetRate));
        m_arrival->SetStream(1);
        m_pick = CreateObject<UniformRandomVariable>();
        m_pick->SetStream(2);
    }

    /// \param packets how many packets to inject
    void Start(uint64_t packets)
    {
        m_left = packets;
        Simulator::Schedule(Seconds(m_arrival->GetValue()), &P2pGrid::Inject, this);
    }

    uint64_t injected = 0;  //!< packets sent by their source
    uint64_t delivered = 0; //!< packets that reached their destination
    uint64_t hops = 0;      //!< link hops taken, summed
    uint64_t expected = 0;  //!< link hops the paths take, summed
    uint64_t refused = 0;   //!< sends a device refused (full queue)

  private:
    enum Direction
    {
        EAST,
        WEST,
        SOUTH,
        NORTH
    };

    void Join(uint32_t a, uint32_t b, Direction ab, Direction ba, PointToPointHelper& p2p)
    {
        NetDeviceContainer d = p2p.Install(m_nodes.Get(a), m_nodes.Get(b));
        m_ports[a][ab] = d.Get(0);
        m_ports[b][ba] = d.Get(1);
        d.Get(0)->SetReceiveCallback(MakeCallback(&P2pGrid::Receive, this));
        d.Get(1)->SetReceiveCallback(MakeCallback(&P2pGrid::Receive, this));
        m_peer = d.Get(1)->GetAddress(); // ignored on a point-to-point link; made once
    }

    void Inject()
    {
        uint32_t n = m_rows * m_cols;
        uint32_t from = m_pick->GetInteger(0, n - 1);
        uint32_t to = m_pick->GetInteger(0, n - 2);
        to += to >= from ? 1 : 0;
        uint8_t payload[PAYLOAD] = {};
        payload[0] = to >> 8;
        payload[1] = to & 0xff;
        ++injected;
        expected += Distance(from, to);
        if (m_timer)
        {
            Simulator::Schedule(Seconds(m_timer->GetValue()), &EmptyEvent);
        }
        Forward(from, to, Create<Packet>(payload, PAYLOAD));
        if (--m_left > 0)
        {
            Simulator::Schedule(Seconds(m_arrival->GetValue()), &P2pGrid::Inject, this);
        }
    }

    bool Receive(Ptr<NetDevice> device, Ptr<const Packet> packet, uint16_t, const Address&)
    {
        uint32_t at = device->GetNode()->GetId() - m_nodes.Get(0)->GetId();
        uint8_t to[2];
        packet->CopyData(to, 2);
        uint32_t dest = to[0] << 8 | to[1];
        if (dest == at)
        {
            ++delivered;
        }
        else
        {
            Forward(at, dest, packet->Copy());
        }
        return true;
    }

    /// Sends a packet for \p dest one hop on from \p at, along its row
    /// first, then its column.
    void Forward(uint32_t at, uint32_t dest, Ptr<Packet> packet)
    {
        uint32_t col = at % m_cols;
        uint32_t destCol = dest % m_cols;
        Direction d = col < destCol ? EAST : col > destCol ? WEST : at < dest ? SOUTH : NORTH;
        ++hops;
        if (!m_ports[at][d]->Send(packet, m_peer, IPV4))
        {
            ++refused;
        }
    }

    uint32_t Distance(uint32_t a, uint32_t b) const
    {
        auto gap = [](uint32_t x, uint32_t y) { return x > y ? x - y : y - x; };
        return gap(a % m_cols, b % m_cols) + gap(a / m_cols, b / m_cols);
    }

    uint32_t m_rows;                                    //!< grid rows
    uint32_t m_cols;                                    //!< grid columns
    NodeContainer m_nodes;                              //!< row by row
    std::vector<std::array<Ptr<NetDevice>, 4>> m_ports; //!< by node and direction
    Address m_peer;                                     //!< any address will do
    Ptr<ExponentialRandomVariable> m_arrival;           //!< interarrival times
    Ptr<UniformRandomVariable> m_pick;                  //!< source and destination
    Ptr<ExponentialRandomVariable> m_timer;             //!< the timers' durations, if any
    uint64_t m_left = 0;                                //!< packets still to inject
};

/**
 * Packets across a P2P grid at a given rate, timed.
 * \return the hops and their cost
 */
Sample
P2pGridHops(uint32_t rows,
            uint32_t cols,
            double packetRate,
            double timerSeconds,
            uint64_t packets,
            Checks& checks)
{
    P2pGrid grid(rows, cols, packetRate, timerSeconds);
    Simulator::Run(); // the nodes' initialization: not timed
    grid.Start(packets);
    RunStats r = TimedRun();
    std::ostringstream os;
    os << "P2P grid: every packet delivered over its shortest path (" << grid.injected
       << " injected, " << grid.delivered << " delivered, " << grid.hops << " hops, "
       << grid.expected << " expected, " << grid.refused << " refused)";
    checks.Expect(grid.injected == packets && grid.delivered == packets &&
                      grid.hops == grid.expected && grid.refused == 0,
                  os.str());
    Simulator::Destroy();
    return Sample{grid.hops, r.seconds, r.events, r.cpuSeconds, r.meanPending};
}

/// \return the links between two distinct nodes of the storm's grid, on
///         average over every pair (row-first shortest paths)
double
MeanGridLinks(const StormConfig& config)
{
    uint32_t n = config.rows * config.cols;
    double links = 0;
    for (uint32_t a = 0; a < n; ++a)
    {
        for (uint32_t b = 0; b < n; ++b)
        {
            links += std::abs(int(a % config.cols) - int(b % config.cols)) +
                     std::abs(int(a / config.cols) - int(b / config.cols));
        }
    }
    return links / (double(n) * (n - 1));
}

/// What one storm measured.
struct StormRun
{
    uint64_t calls = 0;          //!< calls placed
    uint64_t messages = 0;       //!< Q.2931 message hops (SignallingTx)
    uint64_t switchHops = 0;     //!< switches crossed, summed over the calls
    RunStats run;                //!< time and events
    double buildSeconds = 0;     //!< building the network and its routes
    double simulatedSeconds = 0; //!< simulated time at the end
};

/// One round of the storm's paired measurement: wall-clock ns per hop of
/// each, measured back to back.
struct PairedRound
{
    double grid = 0;   //!< P2P hop on the storm's grid
    double loaded = 0; //!< the same with as many events pending as the storm
    double storm = 0;  //!< message hop in a storm
    double p2p = 0;    //!< P2P hop between two nodes
};

/// \return the median, lowest and highest of \p ratio over \p rounds
std::array<double, 3>
RatioRange(const std::vector<PairedRound>& rounds, double (*ratio)(const PairedRound&))
{
    std::vector<double> r;
    for (const PairedRound& round : rounds)
    {
        r.push_back(ratio(round));
    }
    std::sort(r.begin(), r.end());
    return {r[r.size() / 2], r.front(), r.back()};
}

/// Places \p calls calls in a storm, runs it to its end and checks every count.
StormRun
RunStorm(const StormConfig& config, uint64_t calls, Checks& checks)
{
    StormRun s;
    auto start = std::chrono::steady_clock::now();
    Storm storm(config);
    s.buildSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MessageCounter counter;
    storm.Watch(counter);
    checks.Expect(storm.AllRegistered(), "storm: every host registered its SAP");
    Simulator::Run(); // the nodes' initialization: not timed
    storm.Start(calls, false);
    s.run = TimedRun();
    s.simulatedSeconds = Simulator::Now().GetSeconds();
    s.calls = calls;
    s.messages = counter.GetSent();
    s.switchHops = storm.SwitchHops();

    std::map<uint8_t, uint64_t> failures = storm.Failures();
    uint64_t failed = 0;
    std::ostringstream causes;
    for (const auto& [cause, n] : failures)
    {
        failed += n;
        causes << " " << n << " x cause " << unsigned(cause) << ";";
    }
    uint64_t connected = storm.Sum(&StormHost::connected);
    std::ostringstream os;
    os << "storm: " << calls << " calls placed, each connected and released or failed with a "
       << "cause (" << storm.Sum(&StormHost::placed) << " placed, " << connected << " connected, "
       << storm.Sum(&StormHost::released) << " released, " << failed << " failed:" << causes.str()
       << " " << storm.Sum(&StormHost::refusedLocally) << " refused by the NIC, "
       << storm.Sum(&StormHost::unexpected) << " unexpected)";
    checks.Expect(storm.Sum(&StormHost::placed) == calls && connected + failed == calls &&
                      storm.Sum(&StormHost::released) == connected &&
                      storm.Sum(&StormHost::offered) == connected &&
                      storm.Sum(&StormHost::closedByPeer) == connected &&
                      storm.Sum(&StormHost::refusedLocally) == 0 &&
                      storm.Sum(&StormHost::unexpected) == 0 && failures.count(0) == 0,
                  os.str());
    // The exact count holds when every call connected; a refused call takes
    // fewer messages, by where it was refused.
    std::ostringstream om;
    om << "storm: message hops " << (failed == 0 ? "==" : "<=") << " 6 k + 5 per call through k "
       << "switches (" << s.messages << " counted, " << storm.ExpectedMessages()
       << " expected), every one received (" << counter.received << ")";
    checks.Expect((failed == 0 ? s.messages == storm.ExpectedMessages()
                               : s.messages <= storm.ExpectedMessages()) &&
                      counter.received == s.messages,
                  om.str());
    checks.Expect(storm.Leftovers() == 0 && storm.Violations() == 0,
                  "storm: everything released, no rule violation");
    Simulator::Destroy();
    return s;
}

/// What holding calls across the grid costs.
struct StormMemory
{
    uint64_t calls = 0;        //!< calls held
    uint64_t linkHops = 0;     //!< links they cross, summed
    int64_t heapBytes = 0;     //!< growth of the heap in use
    uint32_t switches = 0;     //!< in the grid
    uint64_t routeEntries = 0; //!< next hops in all the routing tables
    uint64_t routeBytes = 0;   //!< heap taken by copies of all the routing tables
    uint64_t indexBytes = 0;   //!< heap taken by a copy of each prefix index they share
};

/**
 * Holds \p calls calls connected across the grid and measures the heap they
 * take; measures the routing tables too, by copying each one, and each
 * prefix index that tables share (a copy of a table shares it too) once.
 */
StormMemory
StormHeldCalls(const StormConfig& config, uint64_t calls, Checks& checks)
{
    StormConfig c = config;
    c.arrivalRate = 100000; // a storm indeed: it does not change what is held at the end
    Storm storm(c);
    checks.Expect(storm.AllRegistered(), "storm memory: every host registered its SAP");
    Simulator::Run();
    StormMemory m;
    m.switches = storm.GetNSwitches();
    m.routeEntries = storm.RouteEntries();
    std::map<const CoPrefixIndex*, uint32_t> users;
    for (uint32_t v = 0; v < m.switches; ++v)
    {
        ++users[PeekPointer(storm.GetRoutingTable(v).GetPrefixIndex())];
    }
    // The copies stay alive until all are made: a copy freed at once would
    // leave its blocks in glibc's per-thread cache, which mallinfo2 counts
    // as in use, and the next copy would take them without the heap growing.
    std::vector<std::unique_ptr<CoRoutingTable>> tables;
    tables.reserve(m.switches);
    uint64_t before = HeapInUse();
    for (uint32_t v = 0; v < m.switches; ++v)
    {
        tables.push_back(std::make_unique<CoRoutingTable>(storm.GetRoutingTable(v)));
    }
    m.routeBytes = HeapInUse() - before;
    std::vector<std::unique_ptr<CoPrefixIndex>> indexes;
    indexes.reserve(users.size());
    before = HeapInUse();
    for (const auto& [index, sharers] : users)
    {
        // Copying a table copies an index of its own, not a shared one.
        if (index != nullptr && sharers > 1)
        {
            indexes.push_back(std::make_unique<CoPrefixIndex>(*index));
        }
    }
    m.indexBytes = HeapInUse() - before;
    tables.clear();
    indexes.clear();
    uint64_t heap = HeapInUse();
    storm.Start(calls, true);
    Simulator::Run();
    m.heapBytes = int64_t(HeapInUse()) - int64_t(heap);
    m.calls = storm.Sum(&StormHost::connected);
    m.linkHops = storm.LinkHops();
    std::ostringstream os;
    os << "storm memory: " << calls << " calls connected and held (" << m.calls << ")";
    checks.Expect(m.calls == calls && storm.CrossConnects() == 2 * storm.SwitchHops(), os.str());
    checks.Expect(storm.Violations() == 0, "storm memory: no rule violation");
    Simulator::Destroy();
    return m;
}

// ---- report ------------------------------------------------------------------------

/// The first "model name" line of /proc/cpuinfo, or "unknown".
std::string
CpuName()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line))
    {
        if (line.rfind("model name", 0) == 0)
        {
            return line.substr(line.find(':') + 2);
        }
    }
    return "unknown";
}

/// Prints one BENCH line: name, value, unit. The README and scripts read these.
void
Bench(const std::string& name, double value, const std::string& unit)
{
    std::cout << "BENCH " << name << " " << std::setprecision(4) << value << " " << unit
              << std::endl;
}

void
PrintTable(const std::vector<Figure>& figures, double p2pNs)
{
    std::cout << std::left << std::setw(34) << "unit" << std::right << std::setw(10) << "units"
              << std::setw(12) << "ns/unit" << std::setw(9) << "spread" << std::setw(13)
              << "events/unit" << std::setw(10) << "ns/event" << std::setw(11) << "x P2P hop"
              << "\n";
    std::cout << std::fixed;
    for (const Figure& f : figures)
    {
        std::cout << std::left << std::setw(34) << f.label << std::right << std::setw(10) << f.units
                  << std::setw(12) << std::setprecision(1) << f.nsPerUnit << std::setw(8)
                  << std::setprecision(1) << 100 * f.spread << "%" << std::setw(13)
                  << std::setprecision(2) << f.eventsPerUnit << std::setw(10)
                  << std::setprecision(1) << f.nsPerUnit / f.eventsPerUnit << std::setw(11)
                  << std::setprecision(2) << f.nsPerUnit / p2pNs << "\n";
    }
    std::cout << std::defaultfloat;
}

/// Peak resident set size of the process, bytes.
uint64_t
PeakResidentBytes()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return uint64_t(usage.ru_maxrss) * 1024; // Linux reports kilobytes
}

/**
 * The storm mode: the P2P baseline, then calls across a grid of switches at
 * growing sizes, and the memory held calls take there.
 * \return the program's exit code
 */
int
StormMain(const StormConfig& config,
          uint64_t calls,
          uint64_t held,
          uint64_t packets,
          uint32_t window,
          uint32_t repeat,
          bool only,
          bool gridOnly,
          Checks& checks)
{
    // Every run of this mode on the same (counting) MapScheduler.
    GlobalValue::Bind("SchedulerType", TypeIdValue(PendingCountingScheduler::GetTypeId()));
    std::cout << "storm: " << config.rows << " x " << config.cols << " grid, "
              << config.hostsPerSwitch << " hosts per switch; Poisson arrivals at "
              << config.arrivalRate << " calls/s between random host pairs, exponential holding "
              << "times of mean " << config.holdingTime << " s; CBR, PCR 10 cells/s\n"
              << std::endl;

    if (gridOnly)
    {
        // The P2P grid alone, for profilers: as many hops at the rate a
        // storm of as many calls makes them, taking each call's path through
        // the mean number of switches (6k + 5 message hops through k).
        double meanLinks = MeanGridLinks(config);
        double hopsPerCall = 6 * (meanLinks + 1) + 5;
        uint64_t gridPackets = std::max<uint64_t>(1, calls * hopsPerCall / meanLinks);
        Sample g = P2pGridHops(config.rows,
                               config.cols,
                               hopsPerCall * config.arrivalRate / meanLinks,
                               0,
                               gridPackets,
                               checks);
        double nsPerHop = 1e9 * g.seconds / g.units;
        std::cout << gridPackets << " packets, " << g.units << " P2P hops, " << std::fixed
                  << std::setprecision(1) << nsPerHop << " ns/hop (cpu "
                  << 1e9 * g.cpuSeconds / g.units << " ns)\n\n"
                  << std::defaultfloat;
        Bench("p2p_grid_hop", nsPerHop, "ns/hop");
        return checks.Conclude();
    }
    if (only)
    {
        // One storm and nothing else: what a profiler or an A/B comparison of
        // two builds wants (the ratios need the baselines of a full run).
        StormRun s = RunStorm(config, calls, checks);
        double nsPerHop = 1e9 * s.run.seconds / s.messages;
        double cpuNsPerHop = 1e9 * s.run.cpuSeconds / s.messages;
        std::cout << calls << " calls, " << s.messages << " message hops, " << std::fixed
                  << std::setprecision(1) << nsPerHop << " ns/hop (cpu " << cpuNsPerHop << " ns), "
                  << std::setprecision(2) << double(s.run.events) / s.messages << " events/hop, "
                  << std::setprecision(0) << s.run.meanPending << " events pending\n\n"
                  << std::defaultfloat;
        Bench("storm_signalling_hop", nsPerHop, "ns/message_hop");
        Bench("storm_signalling_hop_cpu", cpuNsPerHop, "ns/message_hop");
        return checks.Conclude();
    }

    // First, while the heap is fresh (see main()).
    StormMemory memory = StormHeldCalls(config, held, checks);

    std::vector<Sample> p2p;
    for (uint32_t r = 0; r < repeat; ++r)
    {
        p2p.push_back(P2pHops(packets, window, checks));
    }
    Figure p2pHop = Summarise("P2P packet hop", "p2p_hop", "hop", p2p);
    double p2pCpuNs = MedianCpuNsPerUnit(p2p);

    std::vector<std::pair<uint64_t, StormRun>> steps;
    std::cout << "scaling: switch ProcessingDelay " << config.processingDelay.As(Time::US) << "\n"
              << std::setw(9) << "calls" << std::setw(12) << "msg hops" << std::setw(10)
              << "sw/call" << std::setw(9) << "build s" << std::setw(9) << "sim s" << std::setw(10)
              << "wall s" << std::setw(10) << "cpu s" << std::setw(12) << "calls/cpu s"
              << std::setw(11) << "ns/hop" << std::setw(11) << "cpu ns/hop" << std::setw(11)
              << "events/hop" << std::setw(10) << "x P2P" << std::setw(10) << "cpu x P2P"
              << "\n";
    auto row = [&p2pHop, p2pCpuNs](uint64_t n, const StormRun& s) {
        double nsPerHop = 1e9 * s.run.seconds / s.messages;
        double cpuNsPerHop = 1e9 * s.run.cpuSeconds / s.messages;
        std::cout << std::fixed << std::setw(9) << n << std::setw(12) << s.messages << std::setw(10)
                  << std::setprecision(2) << double(s.switchHops) / n << std::setw(9)
                  << std::setprecision(1) << s.buildSeconds << std::setw(9) << s.simulatedSeconds
                  << std::setw(10) << std::setprecision(2) << s.run.seconds << std::setw(10)
                  << s.run.cpuSeconds << std::setw(12) << std::setprecision(0)
                  << n / s.run.cpuSeconds << std::setw(11) << std::setprecision(1) << nsPerHop
                  << std::setw(11) << cpuNsPerHop << std::setw(11) << std::setprecision(2)
                  << double(s.run.events) / s.messages << std::setw(10)
                  << nsPerHop / p2pHop.nsPerUnit << std::setw(10) << cpuNsPerHop / p2pCpuNs << "\n"
                  << std::defaultfloat << std::flush;
    };
    for (uint64_t n : {calls / 8, calls / 4, calls / 2, calls})
    {
        StormRun s = RunStorm(config, n, checks);
        row(n, s);
        steps.emplace_back(n, s);
    }

    // The same smallest storm with the other processor model, so that
    // nobody takes the one figure for the other: with a delay of 0 a message
    // is served inline, with one it waits for an event of its own.
    StormConfig other = config;
    other.processingDelay = config.processingDelay.IsZero() ? MicroSeconds(100) : Seconds(0);
    std::cout << "the same with ProcessingDelay " << other.processingDelay.As(Time::US) << ":\n";
    StormRun otherRun = RunStorm(other, calls / 8, checks);
    row(calls / 8, otherRun);

    const StormRun& largest = steps.back().second;
    double nsPerHop = 1e9 * largest.run.seconds / largest.messages;

    // The P2P hop again, on the storm's grid at the storm's hop rate: as many
    // nodes to spread over and as many packets in flight as the largest
    // storm had messages. At most 4 million hops: the figure settles well
    // before that.
    double meanLinks = MeanGridLinks(config);
    // Message hops per call times calls per second: the steady state while
    // calls arrive (the run's tail, calls ending after the last arrival, is
    // quieter and would understate it).
    double hopRate = double(largest.messages) / largest.calls * config.arrivalRate;
    uint64_t gridPackets =
        std::max<uint64_t>(1, uint64_t(std::min<double>(largest.messages, 4e6) / meanLinks));
    // Twice: as it comes, then with a timer per packet (firing, doing
    // nothing) that tops its pending events up to the storm's, whose calls
    // hold timers of their own (holding times at the hosts, T303/T310/T308
    // at every switch): a scheduler that holds more walks a deeper tree.
    double packetRate = hopRate / meanLinks;
    //
    // This VM's speed drifts by tens of per cent over minutes, so the grid
    // baselines are measured in rounds, each next to a storm of its own (an
    // eighth of the largest: the same steady state, as the scaling table
    // shows) and a two-node P2P hop; a round's ratios compare runs a minute
    // apart, and their median is the figure that drift moves least.
    uint64_t roundCalls = std::max<uint64_t>(1, calls / 8);
    std::vector<Sample> gridSamples;
    std::vector<Sample> loadedSamples;
    std::vector<PairedRound> rounds;
    double timerSeconds = 0;
    for (uint32_t r = 0; r < repeat; ++r)
    {
        PairedRound round;
        gridSamples.push_back(
            P2pGridHops(config.rows, config.cols, packetRate, 0, gridPackets, checks));
        round.grid = NsPerUnit(gridSamples.back());
        if (r == 0)
        {
            timerSeconds = std::max(0.0, largest.run.meanPending - gridSamples.back().meanPending) /
                           packetRate;
        }
        loadedSamples.push_back(
            P2pGridHops(config.rows, config.cols, packetRate, timerSeconds, gridPackets, checks));
        round.loaded = NsPerUnit(loadedSamples.back());
        StormRun s = RunStorm(config, roundCalls, checks);
        round.storm = 1e9 * s.run.seconds / s.messages;
        round.p2p = NsPerUnit(P2pHops(packets, window, checks));
        rounds.push_back(round);
    }
    Figure gridHop = Summarise("P2P packet hop, grid", "p2p_grid_hop", "hop", gridSamples);
    double gridCpuNs = MedianCpuNsPerUnit(gridSamples);
    double gridPending = gridSamples.front().meanPending;
    Figure loadedHop =
        Summarise("P2P packet hop, grid", "p2p_grid_timers_hop", "hop", loadedSamples);
    double loadedCpuNs = MedianCpuNsPerUnit(loadedSamples);
    double loadedPending = loadedSamples.front().meanPending;
    double otherNsPerHop = 1e9 * otherRun.run.seconds / otherRun.messages;
    double cpuNsPerHop = 1e9 * largest.run.cpuSeconds / largest.messages;
    double otherCpuNsPerHop = 1e9 * otherRun.run.cpuSeconds / otherRun.messages;
    double perCallHop = double(memory.heapBytes) / memory.linkHops;
    std::cout << "\nP2P packet hop: " << std::fixed << std::setprecision(1) << p2pHop.nsPerUnit
              << " ns (median of " << repeat << ", spread " << 100 * p2pHop.spread << "%, "
              << std::setprecision(2) << p2pHop.eventsPerUnit << " events/hop)\n"
              << "Q.2931 message hop in the " << calls << "-call storm: " << std::setprecision(1)
              << nsPerHop << " ns = " << std::setprecision(2) << nsPerHop / p2pHop.nsPerUnit
              << " x P2P hop\n"
              << "the same in processor time: P2P hop " << std::setprecision(1) << p2pCpuNs
              << " ns, message hop " << cpuNsPerHop << " ns = " << std::setprecision(2)
              << cpuNsPerHop / p2pCpuNs << " x (with ProcessingDelay "
              << other.processingDelay.As(Time::US) << ": " << otherCpuNsPerHop / p2pCpuNs
              << " x)\n"
              << "P2P packet hop on the same " << config.rows << " x " << config.cols
              << " grid at the storm's rate (" << std::setprecision(0) << hopRate << " hops/s, "
              << gridPackets << " packets): " << std::setprecision(1) << gridHop.nsPerUnit
              << " ns (cpu " << gridCpuNs << " ns, " << std::setprecision(2)
              << gridHop.eventsPerUnit << " events/hop, " << std::setprecision(0) << gridPending
              << " events pending); message hop = " << std::setprecision(2)
              << nsPerHop / gridHop.nsPerUnit << " x that (cpu " << cpuNsPerHop / gridCpuNs
              << " x)\n"
              << "the same with a timer per packet (mean " << std::setprecision(3) << timerSeconds
              << " s) keeping as many events pending as the storm (" << std::setprecision(0)
              << loadedPending << " vs " << largest.run.meanPending << "): " << std::setprecision(1)
              << loadedHop.nsPerUnit << " ns (cpu " << loadedCpuNs << " ns, "
              << std::setprecision(2) << loadedHop.eventsPerUnit
              << " events/hop); message hop = " << nsPerHop / loadedHop.nsPerUnit << " x that (cpu "
              << cpuNsPerHop / loadedCpuNs << " x)\n"
              << "memory: " << memory.calls << " calls held across the grid, "
              << double(memory.linkHops) / memory.calls << " links each: heap +" << memory.heapBytes
              << " bytes = " << std::setprecision(0) << perCallHop << " bytes/call/hop\n"
              << "routing tables: " << memory.routeEntries << " next hops in " << memory.switches
              << " switches, " << double(memory.routeBytes + memory.indexBytes) / memory.switches
              << " bytes/switch (heap of a copy: " << double(memory.routeBytes) / memory.switches
              << " its own, " << double(memory.indexBytes) / memory.switches
              << " its share of the network's prefix index)\n"
              << "peak resident set: " << std::setprecision(1) << PeakResidentBytes() / 1e6
              << " MB\n"
              << std::defaultfloat;

    // The rounds, and the ratios that pair a storm with the baselines
    // measured beside it.
    std::cout << "\npaired rounds (ns per hop; a storm of " << roundCalls
              << " calls between its baselines):\n"
              << std::setw(7) << "round" << std::setw(10) << "grid" << std::setw(10) << "loaded"
              << std::setw(10) << "storm" << std::setw(10) << "two-node" << std::setw(10)
              << "x grid" << std::setw(10) << "x loaded" << std::setw(12) << "x two-node\n";
    auto byGrid = [](const PairedRound& r) { return r.storm / r.grid; };
    auto byLoaded = [](const PairedRound& r) { return r.storm / r.loaded; };
    auto byP2p = [](const PairedRound& r) { return r.storm / r.p2p; };
    for (std::size_t i = 0; i < rounds.size(); ++i)
    {
        const PairedRound& r = rounds[i];
        std::cout << std::fixed << std::setprecision(0) << std::setw(7) << i + 1 << std::setw(10)
                  << r.grid << std::setw(10) << r.loaded << std::setw(10) << r.storm
                  << std::setw(10) << r.p2p << std::setprecision(2) << std::setw(10) << byGrid(r)
                  << std::setw(10) << byLoaded(r) << std::setw(11) << byP2p(r) << "\n"
                  << std::defaultfloat;
    }
    auto paired = [&rounds](const char* what, double (*ratio)(const PairedRound&)) {
        auto [median, low, high] = RatioRange(rounds, ratio);
        std::cout << std::fixed << std::setprecision(2) << "message hop / " << what << ": median "
                  << median << " x (" << low << " to " << high << ")\n"
                  << std::defaultfloat;
        return median;
    };
    double pairedGrid = paired("P2P grid hop", byGrid);
    double pairedLoaded = paired("P2P grid hop with as many events pending", byLoaded);
    double pairedP2p = paired("two-node P2P hop", byP2p);

    std::cout << "\n";
    Bench("p2p_hop", p2pHop.nsPerUnit, "ns/hop");
    Bench("storm_signalling_hop", nsPerHop, "ns/message_hop");
    Bench("storm_signalling_hop_ratio", nsPerHop / p2pHop.nsPerUnit, "x_p2p_hop");
    Bench("storm_signalling_hop_events",
          double(largest.run.events) / largest.messages,
          "events/message_hop");
    Bench("p2p_hop_cpu", p2pCpuNs, "ns/hop");
    Bench("storm_signalling_hop_cpu", cpuNsPerHop, "ns/message_hop");
    Bench("storm_signalling_hop_cpu_ratio", cpuNsPerHop / p2pCpuNs, "x_p2p_hop");
    Bench("storm_signalling_hop_other_delay_cpu_ratio", otherCpuNsPerHop / p2pCpuNs, "x_p2p_hop");
    Bench("storm_signalling_hop_other_delay_ratio", otherNsPerHop / p2pHop.nsPerUnit, "x_p2p_hop");
    Bench("p2p_grid_hop", gridHop.nsPerUnit, "ns/hop");
    Bench("p2p_grid_hop_cpu", gridCpuNs, "ns/hop");
    Bench("storm_signalling_hop_grid_ratio", nsPerHop / gridHop.nsPerUnit, "x_p2p_grid_hop");
    Bench("storm_signalling_hop_grid_cpu_ratio", cpuNsPerHop / gridCpuNs, "x_p2p_grid_hop");
    Bench("storm_pending_events", largest.run.meanPending, "events");
    // Each insertion is a walk down the scheduler's tree, and so is each
    // removal of a timer that did not fire: insertions minus executed
    // events are those removals.
    Bench("storm_scheduler_insertions_per_hop",
          double(largest.run.insertions) / largest.messages,
          "insertions/message_hop");
    Bench("p2p_grid_pending_events", gridPending, "events");
    Bench("p2p_grid_timers_pending_events", loadedPending, "events");
    Bench("p2p_grid_timers_hop", loadedHop.nsPerUnit, "ns/hop");
    Bench("p2p_grid_timers_hop_cpu", loadedCpuNs, "ns/hop");
    Bench("storm_signalling_hop_grid_timers_ratio",
          nsPerHop / loadedHop.nsPerUnit,
          "x_p2p_grid_timers_hop");
    Bench("storm_signalling_hop_grid_timers_cpu_ratio",
          cpuNsPerHop / loadedCpuNs,
          "x_p2p_grid_timers_hop");
    Bench("storm_paired_grid_ratio", pairedGrid, "x_p2p_grid_hop");
    Bench("storm_paired_grid_timers_ratio", pairedLoaded, "x_p2p_grid_timers_hop");
    Bench("storm_paired_p2p_ratio", pairedP2p, "x_p2p_hop");
    Bench("storm_memory_heap_per_call_hop", perCallHop, "bytes");
    Bench("storm_routing_table_per_switch",
          double(memory.routeBytes + memory.indexBytes) / memory.switches,
          "bytes");
    for (const auto& [n, s] : steps)
    {
        Bench("storm_calls_per_cpu_s_" + std::to_string(n), n / s.run.cpuSeconds, "calls/s");
        Bench("storm_wall_s_" + std::to_string(n), s.run.seconds, "s");
        Bench("storm_cpu_s_" + std::to_string(n), s.run.cpuSeconds, "s");
    }
    Bench("storm_peak_rss", PeakResidentBytes() / 1e6, "MB");

    return checks.Conclude();
}

} // namespace condisbench

using namespace condisbench;

int
main(int argc, char* argv[])
{
    bool quick = false;
    uint32_t repeat = 0;
    uint64_t events = 0;
    uint64_t packets = 0;
    uint64_t frames = 0;
    uint32_t window = 16;
    uint64_t calls = 0;
    uint32_t pairs = 16;
    uint64_t held = 0;
    uint64_t scale = 0;
    Time processingDelay = Seconds(0);
    bool storm = false;
    StormConfig stormConfig;
    uint64_t stormCalls = 0;
    uint64_t stormHeld = 0;
    bool stormOnly = false;
    bool p2pGridOnly = false;
    bool multipoint = false;
    MultipointConfig multipointConfig;

    CommandLine cmd(__FILE__);
    cmd.Usage("Measures condis against ns-3's own building blocks in one process and "
              "prints ns per unit and ratios to a PointToPointNetDevice packet hop. "
              "Sizes left at 0 take their defaults (the first figure, or the second with "
              "--quick). Exits 1 if a count is wrong.");
    cmd.AddValue("quick", "tiny sizes and one repetition: checks counts, not speed", quick);
    cmd.AddValue("repeat", "repetitions of each measurement; the median is shown (3; 1)", repeat);
    cmd.AddValue("events", "empty events (2000000; 10000)", events);
    cmd.AddValue("packets", "P2P packets, one hop each (500000; 2000)", packets);
    cmd.AddValue("frames", "AAL5 frames, two hops each (500000; 2000)", frames);
    cmd.AddValue("window", "packets or frames in flight at once", window);
    cmd.AddValue("calls", "calls set up and released at once (20000; 200)", calls);
    cmd.AddValue("pairs", "host pairs on the switch, calling at the same time", pairs);
    cmd.AddValue("held", "calls held connected for the memory figure (20000; 400)", held);
    cmd.AddValue("scale",
                 "calls in the first scaling step, then twice and four times as many "
                 "(10000; 100)",
                 scale);
    cmd.AddValue("processingDelay", "the switch's ProcessingDelay attribute", processingDelay);
    cmd.AddValue("storm",
                 "instead: a call storm across a grid of switches, at 1/8, 1/4, 1/2 and all "
                 "of --stormCalls, next to the P2P hop",
                 storm);
    cmd.AddValue("rows", "storm: grid rows (25; 5)", stormConfig.rows);
    cmd.AddValue("cols", "storm: grid columns (40; 8)", stormConfig.cols);
    cmd.AddValue("hosts", "storm: hosts on each switch", stormConfig.hostsPerSwitch);
    cmd.AddValue("stormCalls", "storm: calls in the largest storm (1000000; 2000)", stormCalls);
    cmd.AddValue("arrivalRate", "storm: calls per second, Poisson", stormConfig.arrivalRate);
    cmd.AddValue("holdingTime", "storm: mean holding time, seconds", stormConfig.holdingTime);
    cmd.AddValue("stormHeld",
                 "storm: calls held connected across the grid for the memory figure "
                 "(20000; 400)",
                 stormHeld);
    cmd.AddValue("stormOnly",
                 "storm: only the storm of --stormCalls, no baselines, curve or memory "
                 "figure (for profilers and A/B runs of two builds)",
                 stormOnly);
    cmd.AddValue("p2pGridOnly",
                 "storm: only the P2P grid baseline, with as many hops as a storm of "
                 "--stormCalls makes, at its rate (for profilers, next to --stormOnly)",
                 p2pGridOnly);
    cmd.AddValue("multipoint",
                 "instead: party adds and drops against point-to-point setups and releases "
                 "over the same path, and a tree of --treeLeaves leaves, next to the P2P hop",
                 multipoint);
    cmd.AddValue("lineSwitches", "multipoint: switches in the line (4)", multipointConfig.switches);
    cmd.AddValue("leaves",
                 "multipoint: leaves on the line's last switch (200; 20)",
                 multipointConfig.leaves);
    cmd.AddValue("depth",
                 "multipoint: the tree's levels below its top (3; 2)",
                 multipointConfig.depth);
    cmd.AddValue("fanout",
                 "multipoint: switches below each switch of the tree",
                 multipointConfig.fanout);
    cmd.AddValue("treeLeaves",
                 "multipoint: leaves of the tree (1000; 40)",
                 multipointConfig.treeLeaves);
    cmd.Parse(argc, argv);

    auto orDefault = [quick](uint64_t& v, uint64_t full, uint64_t small) {
        if (v == 0)
        {
            v = quick ? small : full;
        }
    };
    orDefault(events, 2000000, 10000);
    orDefault(packets, 500000, 2000);
    orDefault(frames, 500000, 2000);
    orDefault(calls, 20000, 200);
    orDefault(held, 20000, 400);
    orDefault(scale, 10000, 100);
    if (repeat == 0)
    {
        repeat = quick ? 1 : 3;
    }
    pairs = std::max<uint32_t>(pairs, 1);
    window = std::max<uint32_t>(window, 1);
    orDefault(stormCalls, 1000000, 2000);
    orDefault(stormHeld, 20000, 400);
    if (quick && storm)
    {
        stormConfig.rows = std::min<uint32_t>(stormConfig.rows, 5);
        stormConfig.cols = std::min<uint32_t>(stormConfig.cols, 8);
    }
    stormConfig.hostsPerSwitch = std::max<uint32_t>(stormConfig.hostsPerSwitch, 1);
    stormConfig.processingDelay = processingDelay;
    stormCalls = std::max<uint64_t>(stormCalls, 8);

    TypeIdValue scheduler;
    GlobalValue::GetValueByName("SchedulerType", scheduler);
    std::cout << "condis-bench: condis " << CONDIS_BENCH_VERSION << " (" << CONDIS_BENCH_BUILD_TYPE
              << " build), ns-3." << NS3_VERSION_MINOR << ", " << scheduler.Get().GetName() << ", "
              << repeat << " repetition(s), median shown; spread = (max - min) / median\n"
              << "cpu: " << CpuName() << "\n"
              << "links: " << LINK_RATE << ", " << LINK_DELAY << "; " << PAYLOAD
              << "-byte packets and SDUs, " << window << " in flight; switch ProcessingDelay "
              << processingDelay.As(Time::US) << "; " << pairs << " host pairs calling\n";
    if (std::string(CONDIS_BENCH_BUILD_TYPE) != "Release")
    {
        std::cout << "warning: not a Release build; the figures are not representative\n";
    }
    std::cout << std::endl;

    Checks checks;
    if (multipoint)
    {
        if (quick)
        {
            multipointConfig.leaves = std::min<uint32_t>(multipointConfig.leaves, 20);
            multipointConfig.depth = std::min<uint32_t>(multipointConfig.depth, 2);
            multipointConfig.treeLeaves = std::min<uint32_t>(multipointConfig.treeLeaves, 40);
        }
        // At least two switches, two leaves (one to add) and a tree.
        multipointConfig.switches = std::max<uint32_t>(multipointConfig.switches, 2);
        multipointConfig.leaves = std::max<uint32_t>(multipointConfig.leaves, 2);
        multipointConfig.depth = std::max<uint32_t>(multipointConfig.depth, 1);
        multipointConfig.fanout = std::max<uint32_t>(multipointConfig.fanout, 1);
        multipointConfig.treeLeaves = std::max<uint32_t>(multipointConfig.treeLeaves, 2);
        return MultipointMain(multipointConfig, repeat, packets, window, checks);
    }
    if (storm || stormOnly || p2pGridOnly)
    {
        return StormMain(stormConfig,
                         stormCalls,
                         stormHeld,
                         packets,
                         window,
                         repeat,
                         stormOnly,
                         p2pGridOnly,
                         checks);
    }

    // First, while the heap is fresh, so that the resident set grows by what
    // the calls take rather than reusing what earlier scenarios freed.
    MemoryRun memory = HeldCalls(held, pairs, checks);

    std::vector<Sample> chain;
    std::vector<Sample> batch;
    std::vector<Sample> p2p;
    std::vector<Sample> signalling;
    std::vector<Sample> callSamples;
    std::vector<Sample> data;
    for (uint32_t r = 0; r < repeat; ++r)
    {
        chain.push_back(EmptyEventChain(events, checks));
        batch.push_back(EmptyEventBatch(events, checks));
        p2p.push_back(P2pHops(packets, window, checks));
        CallRun c = Calls(calls, pairs, processingDelay, checks);
        signalling.push_back(Sample{c.messages, c.run.seconds, c.run.events});
        callSamples.push_back(Sample{c.calls, c.run.seconds, c.run.events});
        data.push_back(DataHops(frames, window, checks));
    }

    std::vector<Figure> figures;
    figures.push_back(Summarise("empty event (chain)", "empty_event_chain", "event", chain));
    figures.push_back(
        Summarise("empty event (batch, N pending)", "empty_event_batch", "event", batch));
    figures.push_back(Summarise("P2P packet hop", "p2p_hop", "hop", p2p));
    figures.push_back(Summarise("Q.2931 message hop", "signalling_hop", "message_hop", signalling));
    figures.push_back(Summarise("AAL5 frame hop", "data_hop", "hop", data));
    figures.push_back(Summarise("call (setup + release, 2 UNIs)", "call", "call", callSamples));
    double p2pNs = figures[2].nsPerUnit;

    PrintTable(figures, p2pNs);
    std::cout << "\nns/event = ns/unit / events/unit: the average cost of an event, the work it "
                 "does included.\n"
              << "A message hop is one Q.2931 message crossing one link and being processed "
                 "at the far end;\n"
              << "messages counted on the SignallingTx traces: "
              << double(signalling.front().units) / callSamples.front().units << " per call.\n";

    std::cout << "\nmemory: " << memory.calls << " calls held connected (3 nodes and 2 hops "
              << "each: caller NIC, switch, callee NIC)\n"
              << "  heap in use:  +" << memory.heapBytes << " bytes = " << std::fixed
              << std::setprecision(0) << double(memory.heapBytes) / memory.calls
              << " bytes/call = " << double(memory.heapBytes) / memory.calls / 2
              << " bytes/call/hop\n"
              << "  resident set: +" << memory.rssBytes
              << " bytes = " << double(memory.rssBytes) / memory.calls
              << " bytes/call = " << double(memory.rssBytes) / memory.calls / 2
              << " bytes/call/hop\n"
              << std::defaultfloat;

    std::vector<std::pair<uint64_t, double>> scaling;
    if (scale > 0)
    {
        std::cout << "\nscaling: calls set up and released, " << pairs << " pairs\n"
                  << std::setw(10) << "calls" << std::setw(12) << "wall s" << std::setw(12)
                  << "calls/s" << std::setw(12) << "us/call"
                  << "\n";
        for (uint64_t n : {scale, 2 * scale, 4 * scale})
        {
            CallRun c = Calls(n, pairs, processingDelay, checks);
            scaling.emplace_back(n, c.calls / c.run.seconds);
            std::cout << std::fixed << std::setw(10) << n << std::setw(12) << std::setprecision(3)
                      << c.run.seconds << std::setw(12) << std::setprecision(0)
                      << c.calls / c.run.seconds << std::setw(12) << std::setprecision(2)
                      << 1e6 * c.run.seconds / c.calls << "\n"
                      << std::defaultfloat;
        }
    }

    std::cout << "\n";
    for (const Figure& f : figures)
    {
        Bench(f.key, f.nsPerUnit, "ns/" + f.unit);
        Bench(f.key + "_events", f.eventsPerUnit, "events/" + f.unit);
        if (f.key != "p2p_hop")
        {
            Bench(f.key + "_ratio", f.nsPerUnit / p2pNs, "x_p2p_hop");
        }
    }
    Bench("signalling_messages_per_call",
          double(signalling.front().units) / callSamples.front().units,
          "messages/call");
    Bench("memory_heap_per_call_hop", double(memory.heapBytes) / memory.calls / 2, "bytes");
    Bench("memory_rss_per_call_hop", double(memory.rssBytes) / memory.calls / 2, "bytes");
    for (const auto& [n, rate] : scaling)
    {
        Bench("calls_per_s_" + std::to_string(n), rate, "calls/s");
    }

    return checks.Conclude();
}
