/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * The storm mode (--storm, --stormOnly, --p2pGridOnly): calls between random
 * hosts across a grid of switches at growing sizes, next to packets crossing
 * a grid of PointToPointNetDevice links as large, run on a scheduler that
 * holds as many pending events; and the memory calls held across the grid take.
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
    GlobalValue::Bind("SchedulerType", TypeIdValue(PendingCountingSchedulerType()));
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
