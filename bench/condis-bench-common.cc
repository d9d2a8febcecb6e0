/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * What every mode of condis-bench measures with: timed runs and their
 * summaries, the pending-event count, the heap and the resident set, the
 * report lines, and the PointToPointNetDevice hop every figure is a ratio to.
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

TypeId
PendingCountingSchedulerType()
{
    return PendingCountingScheduler::GetTypeId();
}

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

// ---- the P2P hop: the baseline every figure is a ratio to -------------------

/// Packets over one PointToPointNetDevice link, no IP stack: one hop each.
Sample
P2pHops(uint64_t packets, uint32_t window, Checks& checks)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(LINK_RATE));
    p2p.SetChannelAttribute("Delay", StringValue(LINK_DELAY));
    return P2pHopsWith(p2p, packets, window, checks, "P2P");
}

Sample
P2pHopsWith(PointToPointHelper& p2p,
            uint64_t packets,
            uint32_t window,
            Checks& checks,
            const std::string& what)
{
    NodeContainer nodes;
    nodes.Create(2);
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
                  what + ": every packet arrived whole");
    Simulator::Destroy();
    return Sample{pump.received, r.seconds, r.events, r.cpuSeconds};
}

// ---- memory ----------------------------------------------------------------------

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

} // namespace condisbench
