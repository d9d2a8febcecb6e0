/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * What the parts of condis-bench share: the self-checks, a timed run, the
 * figures it reduces to, the P2P baseline and the message counter.
 */

#ifndef CONDIS_BENCH_H
#define CONDIS_BENCH_H

#include "ns3/co-call-parameters.h"
#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/core-module.h"
#include "ns3/point-to-point-helper.h"

#include <array>
#include <cstdint>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace condisbench
{

using namespace ns3;

// The same link for every scenario, so that only the devices differ.
inline const char* const LINK_RATE = "155Mbps"; //!< about OC-3
inline const char* const LINK_DELAY = "1ms";    //!< a campus-sized link
inline constexpr uint32_t PAYLOAD = 100;        //!< bytes per packet or AAL5 SDU
inline constexpr uint16_t IPV4 = 0x0800;        //!< protocol number for the P2P baselines

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

    /**
     * \brief Says how the checks went, last thing before the program ends.
     * \return the program's exit code: 1 if any check failed, else 0
     */
    int Conclude() const
    {
        if (m_failures != 0)
        {
            std::cerr << m_failures << " check(s) failed" << std::endl;
            return 1;
        }
        std::cout << "all counts as expected" << std::endl;
        return 0;
    }

  private:
    uint32_t m_failures = 0; //!< failed checks
};

/// What one timed Simulator::Run() did.
struct RunStats
{
    double seconds = 0;      //!< wall-clock time
    uint64_t events = 0;     //!< events executed (removed timers are not counted)
    double cpuSeconds = 0;   //!< processor time of this thread: less sensitive to a loaded machine
    double meanPending = 0;  //!< events pending at an insertion, on average (storm mode only)
    uint64_t insertions = 0; //!< events scheduled, timers later removed included (storm mode only)
};

/// Runs the simulation to its end and times it.
RunStats TimedRun();

/// One repetition of a measurement: how many units of work, at what cost.
struct Sample
{
    uint64_t units = 0;     //!< events, hops, messages, calls
    double seconds = 0;     //!< wall-clock time for all of them
    uint64_t events = 0;    //!< simulator events for all of them
    double cpuSeconds = 0;  //!< processor time for all of them, when measured
    double meanPending = 0; //!< events pending at an insertion, on average (storm mode only)
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

/// \return a sample's wall-clock ns per unit
double NsPerUnit(const Sample& s);

/// Reduces the repetitions of a measurement to its median and spread.
Figure Summarise(const std::string& label,
                 const std::string& key,
                 const std::string& unit,
                 const std::vector<Sample>& samples);

/// Heap bytes in use: small blocks in the arenas plus large mmapped ones.
uint64_t HeapInUse();

/// Resident set size, bytes.
uint64_t ResidentBytes();

/// Peak resident set size of the process, bytes.
uint64_t PeakResidentBytes();

/**
 * On a shared machine the wall clock counts the time other processes take:
 * the processor time of this thread is the steadier figure.
 * \return the median over the repetitions of processor ns per unit
 */
double MedianCpuNsPerUnit(const std::vector<Sample>& samples);

/**
 * ns-3's MapScheduler, counting the events it holds, so that TimedRun can
 * say how many were pending at an insertion (RunStats::meanPending).
 * \return its TypeId, for the SchedulerType global value
 */
TypeId PendingCountingSchedulerType();

/// The first "model name" line of /proc/cpuinfo, or "unknown".
std::string CpuName();

/// Prints the figures as a table, with their ratios to the P2P hop of \p p2pNs ns.
void PrintTable(const std::vector<Figure>& figures, double p2pNs);

/// Prints one machine-readable line: BENCH key value unit.
void Bench(const std::string& name, double value, const std::string& unit);

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

/// A CoNDIS client that accepts every call offered to its SAP (a party is one
/// to a leaf), closes when told to, and feeds a Pump if it has one.
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

/// An event that does nothing: the unit every scheduler figure is measured in.
void EmptyEvent();

/// Packets over one PointToPointNetDevice link, no IP stack: one hop each.
Sample P2pHops(uint64_t packets, uint32_t window, Checks& checks);

/**
 * Packets over one link that \p p2p makes, no IP stack: one hop each.
 * \param p2p the helper, its rate, delay and queue set
 * \param packets how many
 * \param window how many may be in flight
 * \param checks where the check that every packet arrived whole goes
 * \param what the link, for that check
 * \return the timed run
 */
Sample P2pHopsWith(PointToPointHelper& p2p,
                   uint64_t packets,
                   uint32_t window,
                   Checks& checks,
                   const std::string& what);

/// The traffic contract of every call: small, so that many fit on a port.
CoCallParameters BenchCall();

/// Counts the Q.2931 messages sent and received, by type, on the switch and the hosts.
class MessageCounter
{
  public:
    MessageCounter()
        : m_hostTx(MakeCallback(&MessageCounter::HostTx, this)),
          m_hostRx(MakeCallback(&MessageCounter::HostRx, this)),
          m_switchTx(MakeCallback(&MessageCounter::SwitchTx, this)),
          m_switchRx(MakeCallback(&MessageCounter::SwitchRx, this))
    {
    }

    // Not copied: the callbacks point at this counter.
    MessageCounter(const MessageCounter&) = delete;
    MessageCounter& operator=(const MessageCounter&) = delete;

    // Every device and switch gets the same four callbacks (one object
    // each, shared), not callbacks of its own: the counting itself should
    // not add a cold object per switch to every message it counts.

    /// \param device a host NIC to count on
    void Watch(Ptr<CoNetDevice> device)
    {
        device->TraceConnectWithoutContext("SignallingTx", m_hostTx);
        device->TraceConnectWithoutContext("SignallingRx", m_hostRx);
    }

    /// \param sw a switch to count on
    void Watch(Ptr<CoSwitch> sw)
    {
        sw->TraceConnectWithoutContext("SignallingTx", m_switchTx);
        sw->TraceConnectWithoutContext("SignallingRx", m_switchRx);
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

    Callback<void, const Q2931Header&> m_hostTx;             //!< HostTx, shared
    Callback<void, const Q2931Header&> m_hostRx;             //!< HostRx, shared
    Callback<void, uint32_t, const Q2931Header&> m_switchTx; //!< SwitchTx, shared
    Callback<void, uint32_t, const Q2931Header&> m_switchRx; //!< SwitchRx, shared
};

/// What the one-switch measurements (the default mode) are run on.
struct SwitchConfig
{
    uint32_t repeat = 3;               //!< repetitions of each measurement
    uint64_t events = 2000000;         //!< empty events
    uint64_t packets = 500000;         //!< P2P packets, one hop each
    uint64_t frames = 500000;          //!< AAL5 frames, two hops each
    uint32_t window = 16;              //!< packets or frames in flight
    uint64_t calls = 20000;            //!< calls set up and released
    uint32_t pairs = 16;               //!< host pairs calling at the same time
    uint64_t held = 20000;             //!< calls held for the memory figure
    uint64_t scale = 10000;            //!< calls in the first scaling step (0: none)
    Time processingDelay = Seconds(0); //!< the switch's ProcessingDelay
};

/**
 * \brief The one-switch mode: the empty event, the P2P hop, a Q.2931 message
 *        hop, an AAL5 frame hop, a call, memory per held call and scaling.
 * \return the program's exit code
 */
int SwitchMain(const SwitchConfig& config, Checks& checks);

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
 * \brief The storm mode: the P2P baseline, then calls across a grid of
 *        switches at growing sizes, and the memory held calls take there.
 * \param only just the storm of \p calls (for profilers)
 * \param p2pGridOnly just the P2P grid baseline of as many hops
 * \return the program's exit code
 */
int StormMain(const StormConfig& config,
              uint64_t calls,
              uint64_t held,
              uint64_t packets,
              uint32_t window,
              uint32_t repeat,
              bool only,
              bool p2pGridOnly,
              Checks& checks);

/// What the multipoint measurements (--multipoint) are run on.
struct MultipointConfig
{
    uint32_t switches = 4;      //!< same path: switches in a line, root on the first
    uint32_t leaves = 200;      //!< same path: leaves on the last switch
    uint32_t depth = 3;         //!< tree: levels of switches below the root's
    uint32_t fanout = 4;        //!< tree: switches below each switch
    uint32_t treeLeaves = 1000; //!< tree: leaves, spread over the lowest switches
};

/**
 * \brief The multipoint measurements: a party add against a point-to-point
 *        setup over the same path, and a tree of many leaves joining and
 *        leaving, with memory per party per hop, next to the P2P hop.
 * \return the program's exit code
 */
int MultipointMain(const MultipointConfig& config,
                   uint32_t repeat,
                   uint64_t packets,
                   uint32_t window,
                   Checks& checks);

/// What the queueing measurements (--vcs) are run on.
struct VcsConfig
{
    uint64_t frames = 500000;   //!< frames through the one-VC port hop
    uint64_t vcFrames = 200000; //!< frames through each backlogged port
    uint32_t backlog = 4096;    //!< frames in flight on a backlogged port
    uint32_t fewVcs = 10;       //!< VCs of the lightly populated port
    uint32_t manyVcs = 1000;    //!< VCs of the heavily populated port
};

/**
 * \brief The queueing measurements: an AAL5 frame hop through one port
 *        with its FIFO and with a CoVcScheduler (WRR, WFQ), next to the P2P
 *        hop; then ports of few and of many VCs, all backlogged, at OC-3 and
 *        OC-12, next to a P2P link and a FIFO port with the same load.
 * \return the program's exit code
 */
int VcsMain(const VcsConfig& config,
            uint32_t repeat,
            uint64_t packets,
            uint32_t window,
            Checks& checks);

} // namespace condisbench

#endif /* CONDIS_BENCH_H */
