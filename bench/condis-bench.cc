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
 */

#include "ns3/co-helper.h"
#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"
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
#if defined(__GLIBC__)
#include <malloc.h> // mallinfo2: glibc's heap statistics
#endif
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

// The same link for every scenario, so that only the devices differ.
const char* const LINK_RATE = "155Mbps"; //!< about OC-3
const char* const LINK_DELAY = "1ms";    //!< a campus-sized link
constexpr uint32_t PAYLOAD = 100;        //!< bytes per packet or AAL5 SDU
constexpr uint16_t IPV4 = 0x0800;        //!< protocol number for the P2P baseline

/// Counts failed self-checks; any failure makes the program exit 1.
class Checks
{
  public:
    /**
     * \param ok whether the check passed
     * \param what what was expected, for the message
     */
    void Expect(bool ok, const std::string& what)
    {
        if (!ok)
        {
            std::cerr << "CHECK FAILED: " << what << std::endl;
            ++m_failures;
        }
    }

    /// \return how many checks failed
    uint32_t GetFailures() const
    {
        return m_failures;
    }

  private:
    uint32_t m_failures = 0; //!< failed checks
};

/// What one timed Simulator::Run() did.
struct RunStats
{
    double seconds = 0;  //!< wall-clock time
    uint64_t events = 0; //!< events executed (removed timers are not counted)
};

/// Runs the simulation to its end and times it.
RunStats
TimedRun()
{
    uint64_t events = Simulator::GetEventCount();
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    auto stop = std::chrono::steady_clock::now();
    return RunStats{std::chrono::duration<double>(stop - start).count(),
                    Simulator::GetEventCount() - events};
}

/// One repetition of a measurement: how many units of work, at what cost.
struct Sample
{
    uint64_t units = 0;  //!< events, hops, messages, calls
    double seconds = 0;  //!< wall-clock time for all of them
    uint64_t events = 0; //!< simulator events for all of them
};

/// The repetitions of one measurement, summarised.
struct Figure
{
    std::string label;        //!< what the unit is, for the table
    std::string key;          //!< name in the BENCH lines
    std::string unit;         //!< unit in the BENCH lines, e.g. "hop"
    uint64_t units = 0;       //!< units per repetition
    double nsPerUnit = 0;     //!< median over the repetitions
    double spread = 0;        //!< (max - min) / median of ns per unit
    double eventsPerUnit = 0; //!< the same in every repetition (deterministic)
};

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
        ns.push_back(s.units == 0 ? 0 : 1e9 * s.seconds / s.units);
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
    return Sample{pump.received, r.seconds, r.events};
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

/// Counts the Q.2931 messages sent and received, by type, on the switch and the hosts.
class MessageCounter
{
  public:
    /// \param device a host NIC to count on
    void Watch(Ptr<CoNetDevice> device)
    {
        device->TraceConnectWithoutContext("SignallingTx",
                                           MakeCallback(&MessageCounter::HostTx, this));
        device->TraceConnectWithoutContext("SignallingRx",
                                           MakeCallback(&MessageCounter::HostRx, this));
    }

    /// \param sw a switch to count on
    void Watch(Ptr<CoSwitch> sw)
    {
        sw->TraceConnectWithoutContext("SignallingTx",
                                       MakeCallback(&MessageCounter::SwitchTx, this));
        sw->TraceConnectWithoutContext("SignallingRx",
                                       MakeCallback(&MessageCounter::SwitchRx, this));
    }

    /// \return messages sent, of every type
    uint64_t GetSent() const
    {
        uint64_t n = 0;
        for (uint64_t c : sent)
        {
            n += c;
        }
        return n;
    }

    std::array<uint64_t, 256> sent{}; //!< messages sent, by type
    uint64_t received = 0;            //!< messages taken up by a receiver

  private:
    void HostTx(const Q2931Header& m)
    {
        ++sent[static_cast<uint8_t>(m.GetMessageType())];
    }

    void SwitchTx(uint32_t, const Q2931Header& m)
    {
        ++sent[static_cast<uint8_t>(m.GetMessageType())];
    }

    void HostRx(const Q2931Header&)
    {
        ++received;
    }

    void SwitchRx(uint32_t, const Q2931Header&)
    {
        ++received;
    }
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

} // namespace

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

    if (checks.GetFailures() != 0)
    {
        std::cerr << checks.GetFailures() << " check(s) failed" << std::endl;
        return 1;
    }
    std::cout << "all counts as expected" << std::endl;
    return 0;
}
