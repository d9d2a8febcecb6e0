/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * The one-switch mode (the default): ns-3's empty event next to condis on
 * one switch between host pairs: a Q.2931 message hop, an AAL5 frame hop, a
 * call set up and released, the memory held calls take, and how calls per
 * second scale.
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

// ---- the one-switch mode ------------------------------------------------------------

int
SwitchMain(const SwitchConfig& config, Checks& checks)
{
    // First, while the heap is fresh, so that the resident set grows by what
    // the calls take rather than reusing what earlier scenarios freed.
    MemoryRun memory = HeldCalls(config.held, config.pairs, checks);

    std::vector<Sample> chain;
    std::vector<Sample> batch;
    std::vector<Sample> p2p;
    std::vector<Sample> signalling;
    std::vector<Sample> callSamples;
    std::vector<Sample> data;
    for (uint32_t r = 0; r < config.repeat; ++r)
    {
        chain.push_back(EmptyEventChain(config.events, checks));
        batch.push_back(EmptyEventBatch(config.events, checks));
        p2p.push_back(P2pHops(config.packets, config.window, checks));
        CallRun c = Calls(config.calls, config.pairs, config.processingDelay, checks);
        signalling.push_back(Sample{c.messages, c.run.seconds, c.run.events});
        callSamples.push_back(Sample{c.calls, c.run.seconds, c.run.events});
        data.push_back(DataHops(config.frames, config.window, checks));
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
    if (config.scale > 0)
    {
        std::cout << "\nscaling: calls set up and released, " << config.pairs << " pairs\n"
                  << std::setw(10) << "calls" << std::setw(12) << "wall s" << std::setw(12)
                  << "calls/s" << std::setw(12) << "us/call"
                  << "\n";
        for (uint64_t n : {config.scale, 2 * config.scale, 4 * config.scale})
        {
            CallRun c = Calls(n, config.pairs, config.processingDelay, checks);
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

} // namespace condisbench
