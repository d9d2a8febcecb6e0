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

#include <array>
#include <cstdint>
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

/// Prints one machine-readable line: BENCH key value unit.
void Bench(const std::string& name, double value, const std::string& unit);

/// Packets over one PointToPointNetDevice link, no IP stack: one hop each.
Sample P2pHops(uint64_t packets, uint32_t window, Checks& checks);

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

} // namespace condisbench

#endif /* CONDIS_BENCH_H */
