/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-scenario-runner.h"

#include "ns3/atm-frame-header.h"
#include "ns3/boolean.h"
#include "ns3/co-application-helper.h"
#include "ns3/co-call-generator-application.h"
#include "ns3/co-helper.h"
#include "ns3/co-leaf-join-application.h"
#include "ns3/co-multipoint-root-application.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-sequence-chart.h"
#include "ns3/co-stoppable-scheduler.h"
#include "ns3/co-topology-helper.h"
#include "ns3/co-topology-reader.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <atomic>
#include <boost/graph/connected_components.hpp>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <iomanip>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoScenarioRunner");

namespace
{

/**
 * \param file a topology file's name
 * \return the field and the value, for a message: topology.file: "net.dot"
 */
std::string
FileField(const std::string& file)
{
    return "topology.file: \"" + CoTopologyReader::Printable(file, 200) + "\"";
}

/// Random stream of the Waxman generator; the applications' come after it.
constexpr int64_t TOPOLOGY_STREAM = 0;

/**
 * \param mean seconds
 * \return ns-3's text for an exponential random variable of that mean
 */
std::string
Exponential(double mean)
{
    std::ostringstream os;
    os << std::setprecision(17) << "ns3::ExponentialRandomVariable[Mean=" << mean << "]";
    return os.str();
}

/**
 * \param value seconds
 * \return ns-3's text for a random variable that is always \p value
 */
std::string
Constant(double value)
{
    std::ostringstream os;
    os << std::setprecision(17) << "ns3::ConstantRandomVariable[Constant=" << value << "]";
    return os.str();
}

/**
 * Watches the switch ports: admissions, refusals and reserved bandwidth.
 */
class PortMonitor
{
  public:
    /**
     * \param network the built network, hosts attached
     * \param interval time between samples of the reserved bandwidth
     * \param countData whether to count the data frames each port sends (a
     *        callback per frame per hop: only when the scenario sends data)
     * \param [out] ports where the statistics go, one entry per port
     */
    PortMonitor(const CoTopologyHelper& network,
                Time interval,
                bool countData,
                std::vector<CoPortStats>& ports)
        : m_network(network),
          m_interval(interval),
          m_ports(ports)
    {
        for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
        {
            Ptr<CoSwitch> sw = network.GetSwitch(v);
            m_index.emplace_back();
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                CoPortStats stats;
                stats.vertex = v;
                stats.node = network.GetSwitches().Get(v)->GetId();
                stats.port = p;
                stats.peer = network.GetNeighbour(v, p);
                stats.toHost = stats.peer == CoTopologyHelper::NO_VERTEX;
                if (stats.toHost)
                {
                    Ptr<NetDevice> mine = sw->GetPort(p);
                    Ptr<Channel> channel = mine->GetChannel();
                    for (std::size_t d = 0; d < channel->GetNDevices(); ++d)
                    {
                        if (channel->GetDevice(d) != mine)
                        {
                            stats.peer = channel->GetDevice(d)->GetNode()->GetId();
                        }
                    }
                }
                stats.admissibleCellRate = sw->GetAdmissibleCellRate(p);
                if (countData)
                {
                    sw->GetPort(p)->TraceConnectWithoutContext(
                        "MacTx",
                        CoMakeCallback(&PortMonitor::FrameSent, this, m_ports.size()));
                }
                m_index[v].push_back(m_ports.size());
                m_ports.push_back(stats);
            }
            sw->TraceConnectWithoutContext("Admission",
                                           CoMakeCallback(&PortMonitor::Admission, this, v));
            sw->TraceConnectWithoutContext("Crankback",
                                           CoMakeCallback(&PortMonitor::Crankback, this, v));
            sw->TraceConnectWithoutContext("CallRouted",
                                           CoMakeCallback(&PortMonitor::Routed, this, v));
        }
        Simulator::ScheduleNow(&PortMonitor::Sample, this);
    }

  private:
    /// \return the statistics of a port
    CoPortStats& At(uint32_t vertex, uint32_t port)
    {
        return m_ports[m_index[vertex][port]];
    }

    /// Counts an admission decision against the output port.
    void Admission(uint32_t vertex, uint32_t, uint32_t out, const CoCallParameters&, uint8_t cause)
    {
        CoPortStats& stats = At(vertex, out);
        ++(cause == 0 ? stats.admitted : stats.refused);
    }

    /// A route refused the call and another is tried: a refusal for its port.
    void Crankback(uint32_t vertex, uint64_t, uint32_t port, uint8_t)
    {
        ++At(vertex, port).refused;
    }

    /// The call's bandwidth has just been reserved: the peaks may have grown.
    void Routed(uint32_t vertex, uint64_t, uint32_t in, uint32_t out)
    {
        Ptr<CoSwitch> sw = m_network.GetSwitch(vertex);
        for (uint32_t port : {in, out})
        {
            CoPortStats& stats = At(vertex, port);
            stats.peakReservedCellRate =
                std::max(stats.peakReservedCellRate, sw->GetReservedCellRate(port));
        }
    }

    /// Counts a frame of user data (not signalling) sent out of a port.
    void FrameSent(std::size_t port, Ptr<const Packet> frame)
    {
        AtmFrameHeader header;
        frame->PeekHeader(header);
        if (header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
        {
            ++m_ports[port].dataFrames;
            m_ports[port].dataBytes += frame->GetSize() - AtmFrameHeader::SIZE;
        }
    }

    /// Samples every port; goes on while anything else is left to happen.
    void Sample()
    {
        for (CoPortStats& stats : m_ports)
        {
            uint64_t reserved = m_network.GetSwitch(stats.vertex)->GetReservedCellRate(stats.port);
            stats.reservedCellRate.push_back(reserved);
            stats.peakReservedCellRate = std::max(stats.peakReservedCellRate, reserved);
        }
        if (!Simulator::IsFinished())
        {
            Simulator::Schedule(m_interval, &PortMonitor::Sample, this);
        }
    }

    const CoTopologyHelper& m_network;             //!< the network
    Time m_interval;                               //!< between samples
    std::vector<CoPortStats>& m_ports;             //!< the statistics
    std::vector<std::vector<std::size_t>> m_index; //!< vertex, port -> index in m_ports
};

/**
 * \param t a call model's traffic object (validated)
 * \return the CoTrafficSource it describes, a template that the call
 *         generator copies for each call
 */
Ptr<CoTrafficSource>
MakeTrafficSource(const CoScenarioTraffic& t)
{
    // A period of mean m: exponential, or Pareto of shape a with the scale
    // that gives mean m (m (a - 1) / a).
    auto period = [](const std::string& distribution, Time mean, double shape) {
        double m = mean.GetSeconds();
        if (distribution == "pareto")
        {
            std::ostringstream os;
            os << std::setprecision(17)
               << "ns3::ParetoRandomVariable[Scale=" << m * (shape - 1) / shape
               << "|Shape=" << shape << "]";
            return os.str();
        }
        return Exponential(m);
    };
    ObjectFactory factory;
    if (t.type == "cbr")
    {
        factory.SetTypeId("ns3::CoCbrSource");
        factory.Set("PacketSize", UintegerValue(t.frameSize));
        // The interval that gives the rate, to the nanosecond.
        factory.Set("Interval", TimeValue(CoBitsTxTime(t.rate, 8 * uint64_t(t.frameSize))));
    }
    else if (t.type == "poisson")
    {
        factory.SetTypeId("ns3::CoPoissonSource");
        factory.Set("FrameRate", DoubleValue(t.frameRate));
        factory.Set("MeanSize", UintegerValue(t.frameSize));
        factory.Set("MaxSize", UintegerValue(t.maxSize));
        factory.Set("SizeDistribution",
                    StringValue(t.sizes == "exponential" ? "Exponential" : "Fixed"));
    }
    else if (t.type == "onoff")
    {
        factory.SetTypeId("ns3::CoOnOffSource");
        factory.Set("PeakRate", DataRateValue(t.peakRate));
        factory.Set("PacketSize", UintegerValue(t.frameSize));
        factory.Set("OnTime", StringValue(period(t.onDistribution, t.onMean, t.onShape)));
        factory.Set("OffTime", StringValue(period(t.offDistribution, t.offMean, t.offShape)));
    }
    else
    {
        factory.SetTypeId("ns3::CoTraceReplaySource");
        factory.Set("FileName", StringValue(t.file));
    }
    return factory.Create<CoTrafficSource>();
}

/**
 * \brief Installs a CoCallGeneratorApplication on every host for one call model.
 * \param s the scenario
 * \param c the call model: s.calls or one of s.callGroups
 * \param group its number: 0 for calls, i + 1 for callGroups[i]
 * \param nics the hosts' NICs, in host order
 * \param hosts the hosts
 * \param stream the first random stream to use
 * \param data measures the data the calls carry
 * \return how many streams were used
 */
int64_t
InstallCallers(const CoScenario& s,
               const CoScenarioCalls& c,
               uint32_t group,
               const NetDeviceContainer& nics,
               const NodeContainer& hosts,
               int64_t stream,
               CoDataRecorder& data)
{
    CoApplicationHelper caller("ns3::CoCallGeneratorApplication");
    caller.SetAttribute("InterArrivalTime", StringValue(Exponential(1.0 / c.rate)));
    double holding = c.holdingMean.GetSeconds();
    caller.SetAttribute("HoldingTime",
                        StringValue(c.holdingDistribution == "constant" ? Constant(holding)
                                                                        : Exponential(holding)));
    caller.SetAttribute("ServiceCategory", StringValue(c.category));
    caller.SetAttribute("PeakCellRate", UintegerValue(c.pcr));
    caller.SetAttribute("SustainableCellRate", UintegerValue(c.scr));
    caller.SetAttribute("MaxBurstSize", UintegerValue(c.mbs));
    caller.SetAttribute("MinimumPeakCellRate", UintegerValue(c.minPcr));
    caller.SetAttribute("MaxSduSize", UintegerValue(c.maxSdu));
    caller.SetAttribute("PacketSize", UintegerValue(c.packetSize));
    caller.SetAttribute("PacketInterval", TimeValue(c.packetInterval));
    if (c.traffic.IsSet())
    {
        caller.SetAttribute("TrafficSource", PointerValue(MakeTrafficSource(c.traffic)));
    }
    ApplicationContainer generators = caller.Install(hosts);
    for (uint32_t i = 0; i < nics.GetN(); ++i)
    {
        // all-pairs: every other host, equally likely
        std::vector<AesaAddress> others;
        for (uint32_t j = 0; j < nics.GetN(); ++j)
        {
            if (j != i)
            {
                others.push_back(DynamicCast<CoNetDevice>(nics.Get(j))->GetAesa());
            }
        }
        Ptr<CoCallGeneratorApplication> generator =
            DynamicCast<CoCallGeneratorApplication>(generators.Get(i));
        generator->SetDestinations(others);
        if (c.SendsData())
        {
            data.WatchCaller(generator, DynamicCast<CoNetDevice>(nics.Get(i)), group);
        }
    }
    generators.Stop(s.duration);
    return caller.AssignStreams(hosts, stream);
}

/**
 * \param g a multipoint group whose leaves are a count
 * \param hosts how many hosts there are
 * \param chooser the group's random stream for it
 * \return g.leafCount of the hosts other than the root, each as likely
 */
std::vector<uint32_t>
DrawLeaves(const CoScenarioMultipointGroup& g, uint32_t hosts, Ptr<UniformRandomVariable> chooser)
{
    std::vector<uint32_t> others;
    for (uint32_t h = 0; h < hosts; ++h)
    {
        if (h != g.root)
        {
            others.push_back(h);
        }
    }
    // a partial Fisher-Yates shuffle: the first leafCount places
    std::vector<uint32_t> leaves;
    for (uint32_t k = 0; k < g.leafCount; ++k)
    {
        uint32_t pick = chooser->GetInteger(k, others.size() - 1);
        std::swap(others[k], others[pick]);
        leaves.push_back(others[k]);
    }
    return leaves;
}

/**
 * \brief Installs a CoMultipointRootApplication per multipoint group, with
 *        its leaves' join and leave times drawn now.
 * \param s the scenario
 * \param nics the hosts' NICs, in host order
 * \param stream the first random stream to use (three per group)
 */
void
InstallMultipoint(const CoScenario& s, const NetDeviceContainer& nics, int64_t stream)
{
    for (std::size_t index = 0; index < s.multipoint.size(); ++index)
    {
        const CoScenarioMultipointGroup& g = s.multipoint[index];
        Ptr<UniformRandomVariable> chooser = CreateObject<UniformRandomVariable>();
        chooser->SetStream(stream++);
        Ptr<ExponentialRandomVariable> joins = CreateObject<ExponentialRandomVariable>();
        joins->SetAttribute("Mean", DoubleValue(1.0 / g.rate));
        joins->SetStream(stream++);
        Ptr<ExponentialRandomVariable> holdings = CreateObject<ExponentialRandomVariable>();
        holdings->SetAttribute("Mean", DoubleValue(g.holdingMean.GetSeconds()));
        holdings->SetStream(stream++);

        std::vector<uint32_t> leaves =
            g.leaves.empty() ? DrawLeaves(g, nics.GetN(), chooser) : g.leaves;

        Ptr<CoMultipointRootApplication> root = CreateObject<CoMultipointRootApplication>();
        root->SetAttribute("PeakCellRate", UintegerValue(g.pcr));
        root->SetAttribute("PacketSize", UintegerValue(g.packetSize));
        root->SetAttribute("PacketInterval", TimeValue(g.packetInterval));
        const bool leafJoin = g.join == "leaf";
        const AesaAddress rootAddress = DynamicCast<CoNetDevice>(nics.Get(g.root))->GetAesa();
        const uint32_t callIdentifier = index + 1;
        if (leafJoin)
        {
            root->SetAttribute("LeafJoin", StringValue(g.leafJoin));
            root->SetAttribute("CallIdentifier", UintegerValue(callIdentifier));
            root->SetAttribute("MaxLeaves", UintegerValue(g.maxLeaves));
        }
        // Times from the root's start. A Poisson leaf with a holding time
        // comes back: it waits, stays, waits again, until the root stops.
        const Time stopAt = g.stop.IsZero() ? s.duration : g.stop;
        const Time length = stopAt - g.start;
        for (std::size_t k = 0; k < leaves.size(); ++k)
        {
            const AesaAddress address = DynamicCast<CoNetDevice>(nics.Get(leaves[k]))->GetAesa();
            Time join = g.arrival == "fixed" ? g.times[k] : Seconds(joins->GetValue());
            if (leafJoin && k == 0)
            {
                // The root makes the call to the first leaf, which stays:
                // the others ask to join that call.
                root->AddLeaf(address, join);
                continue;
            }
            Ptr<CoLeafJoinApplication> asker;
            if (leafJoin)
            {
                asker = CreateObject<CoLeafJoinApplication>();
                asker->SetAttribute("Root", AesaAddressValue(rootAddress));
                asker->SetAttribute("CallIdentifier", UintegerValue(callIdentifier));
                nics.Get(leaves[k])->GetNode()->AddApplication(asker);
                asker->SetStartTime(g.start);
                asker->SetStopTime(stopAt);
            }
            while (true)
            {
                Time leave = Time::Max();
                if (g.holdingDistribution != "none")
                {
                    Time holding = g.holdingDistribution == "constant"
                                       ? g.holdingMean
                                       : Seconds(holdings->GetValue());
                    // a draw that rounds to 0 ns still leaves after it joins
                    leave = join + std::max(holding, NanoSeconds(1));
                }
                leafJoin ? (void)asker->AddJoin(join, leave) : root->AddLeaf(address, join, leave);
                if (g.arrival == "fixed" || leave == Time::Max())
                {
                    break; // fixed times, or a leaf that stays: one join
                }
                join = leave + std::max(Seconds(joins->GetValue()), NanoSeconds(1));
                if (join >= length)
                {
                    break;
                }
            }
        }
        nics.Get(g.root)->GetNode()->AddApplication(root);
        root->SetStartTime(g.start);
        root->SetStopTime(g.stop.IsZero() ? s.duration : g.stop);
    }
}

/**
 * \param scheduler a port's VC scheduler, or null
 * \return the VCs it still has registered and the frames still waiting in it
 */
uint64_t
CountQueued(Ptr<CoVcScheduler> scheduler)
{
    return scheduler ? scheduler->GetVcCount() + scheduler->GetNFrames() : 0;
}

/**
 * \param network the network
 * \param nics the hosts' NICs
 * \return what the switches and hosts still hold of any call: the switches'
 *         calls, contracts, IEs to pass on, cross-connects, queued messages,
 *         timers, multipoint calls, branches, parties, VCIs and reserved
 *         cells/s; the hosts' call references, VCs, party handles and
 *         Q.2971 parties; the VCs and frames of every VC scheduler (0 after
 *         a run that released everything)
 */
uint64_t
CountHeld(const CoTopologyHelper& network, const NetDeviceContainer& nics)
{
    uint64_t held = 0;
    for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
    {
        Ptr<CoSwitch> sw = network.GetSwitch(v);
        held += sw->GetCallCount() + sw->GetSetupCount() + sw->GetPassThroughCount() +
                sw->GetCrossConnectCount() + sw->GetSignallingBacklog() +
                sw->GetRunningTimerCount() + sw->GetMultipointCallCount() + sw->GetBranchCount() +
                sw->GetPartyCount();
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            held += sw->GetReservedCellRate(p) + sw->GetVciCount(p) +
                    CountQueued(sw->GetPort(p)->GetVcScheduler());
        }
    }
    for (uint32_t i = 0; i < nics.GetN(); ++i)
    {
        Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>(nics.Get(i));
        held += nic->GetCallReferenceCount() + nic->GetVcCount() + nic->GetPartyHandleCount() +
                nic->GetQ2971PartyCount() + CountQueued(nic->GetVcScheduler());
    }
    return held;
}

/// Destroys the simulator however Run() is left, so that it can run again.
struct SimulatorGuard
{
    ~SimulatorGuard()
    {
        Simulator::Destroy();
    }
};

/// A Run() is in progress.
std::atomic<bool> g_running{false};

/// SIGINT arrived during the run (lock-free: set in a signal handler).
std::atomic<bool> g_interrupted{false};

/// The SIGINT handler while a run watches for it.
void
Interrupted(int)
{
    g_interrupted.store(true, std::memory_order_relaxed);
    CoStoppableScheduler::RequestStop();
}

/**
 * What a run sets up to be stoppable, and takes down however Run() is
 * left: the stop flags cleared, SIGINT handled (when asked), a watchdog
 * thread that requests the stop when the timeout runs out.
 */
class StopControl
{
  public:
    /**
     * \param timeout seconds of wall-clock time (0: none)
     * \param onInterrupt whether SIGINT stops the run
     */
    StopControl(double timeout, bool onInterrupt)
    {
        // a request made while no run was in progress was for no run
        CoStoppableScheduler::ClearStop();
        g_interrupted.store(false, std::memory_order_relaxed);
        if (onInterrupt)
        {
            struct sigaction handler = {};
            handler.sa_handler = &Interrupted;
            sigemptyset(&handler.sa_mask);
            handler.sa_flags = SA_RESTART;
            m_handling = sigaction(SIGINT, &handler, &m_previous) == 0;
        }
        // Beyond 10^9 s (31 years) is no limit; it would also overflow the clock.
        if (timeout > 0 && timeout < 1e9)
        {
            auto deadline = std::chrono::steady_clock::now() +
                            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(timeout));
            m_watchdog = std::thread([this, deadline]() {
                std::unique_lock<std::mutex> lock(m_mutex);
                if (!m_done.wait_until(lock, deadline, [this]() { return m_finished; }))
                {
                    m_timedOut = true;
                    CoStoppableScheduler::RequestStop();
                }
            });
        }
        g_running.store(true);
    }

    ~StopControl()
    {
        Finish();
        g_running.store(false);
        CoStoppableScheduler::ClearStop();
    }

    /// Ends the watchdog and the SIGINT handling (idempotent).
    void Finish()
    {
        if (m_watchdog.joinable())
        {
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_finished = true;
            }
            m_done.notify_one();
            m_watchdog.join();
        }
        if (m_handling)
        {
            sigaction(SIGINT, &m_previous, nullptr);
            m_handling = false;
        }
    }

    /**
     * \return why the run must end early, if it must: it was stopped, or
     *         SIGINT arrived (even after the simulation ended)
     * \param [out] reason why
     */
    bool MustStop(CoRunStopped::Reason& reason)
    {
        if (g_interrupted.load(std::memory_order_relaxed))
        {
            reason = CoRunStopped::Reason::Interrupt;
            return true;
        }
        if (!CoStoppableScheduler::HasStopped())
        {
            return false;
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        reason = m_timedOut ? CoRunStopped::Reason::Timeout : CoRunStopped::Reason::Request;
        return true;
    }

  private:
    std::thread m_watchdog;           //!< requests the stop at the deadline
    std::mutex m_mutex;               //!< guards m_finished and m_timedOut
    std::condition_variable m_done;   //!< the run has ended
    bool m_finished = false;          //!< the run has ended
    bool m_timedOut = false;          //!< the watchdog requested the stop
    bool m_handling = false;          //!< our SIGINT handler is installed
    struct sigaction m_previous = {}; //!< the SIGINT handler before ours
};

/**
 * \param reason why the run stopped
 * \param at the simulated time at which it stopped
 * \param timeout the run's timeout
 * \return the message of CoRunStopped
 */
std::string
StopMessage(CoRunStopped::Reason reason, Time at, double timeout)
{
    std::ostringstream os;
    os << "the run was stopped at simulated time " << at.GetSeconds() << " s: ";
    switch (reason)
    {
    case CoRunStopped::Reason::Timeout:
        os << "its timeout of " << timeout << " s (wall-clock) ran out";
        break;
    case CoRunStopped::Reason::Interrupt:
        os << "interrupted (SIGINT)";
        break;
    case CoRunStopped::Reason::Request:
        os << "a stop was requested";
        break;
    }
    return os.str();
}

} // namespace

CoRunStopped::CoRunStopped(Reason reason, Time at, double timeout)
    : std::runtime_error(StopMessage(reason, at, timeout)),
      m_reason(reason),
      m_at(at),
      m_timeout(timeout)
{
}

CoRunStopped::Reason
CoRunStopped::GetReason() const
{
    return m_reason;
}

Time
CoRunStopped::GetStopTime() const
{
    return m_at;
}

double
CoRunStopped::GetTimeout() const
{
    return m_timeout;
}

void
CoScenarioRunner::SetTimeout(double seconds)
{
    if (!(seconds >= 0) || std::isinf(seconds))
    {
        std::ostringstream os;
        os << "timeout: " << seconds << ": must be 0 (none) or a finite number of seconds above 0";
        throw std::invalid_argument(os.str());
    }
    m_timeout = seconds;
}

double
CoScenarioRunner::GetTimeout() const
{
    return m_timeout;
}

void
CoScenarioRunner::SetRecordEvents(bool record)
{
    m_recordEvents = record;
}

bool
CoScenarioRunner::GetRecordEvents() const
{
    return m_recordEvents;
}

void
CoScenarioRunner::SetStopOnInterrupt(bool stop)
{
    m_stopOnInterrupt = stop;
}

void
CoScenarioRunner::RequestStop()
{
    CoStoppableScheduler::RequestStop();
}

bool
CoScenarioRunner::IsRunning()
{
    return g_running.load();
}

double
CoScenarioResults::GetPortThroughput(const CoPortStats& port) const
{
    return endTime.IsStrictlyPositive() ? port.dataBytes * 8.0 / endTime.GetSeconds() : 0;
}

uint64_t
CoScenarioResults::GetViolationCount() const
{
    uint64_t total = 0;
    for (const auto& [rule, count] : rules)
    {
        total += count;
    }
    return total;
}

void
CoScenarioResults::WriteCallsCsv(std::ostream& os) const
{
    // The stream's default six significant digits would round a start time
    // of 734.2158 s to the millisecond, coarser than a setup latency. Times
    // are whole nanoseconds (ns-3's resolution), which nine decimals write
    // exactly: read back, they are the Python tables' values to the last bit.
    std::ios_base::fmtflags flags = os.flags();
    std::streamsize precision = os.precision();
    os << std::fixed << std::setprecision(9);
    os << CoCallRecord::GetCsvHeader() << '\n';
    for (const CoCallRecord& r : calls)
    {
        r.WriteCsvRow(os);
    }
    os.flags(flags);
    os.precision(precision);
}

void
CoScenarioResults::WritePartiesCsv(std::ostream& os) const
{
    // As the calls table: times to the nanosecond.
    std::ios_base::fmtflags flags = os.flags();
    std::streamsize precision = os.precision();
    os << std::fixed << std::setprecision(9);
    os << CoPartyRecord::GetCsvHeader() << '\n';
    for (const CoPartyRecord& r : parties)
    {
        r.WriteCsvRow(os);
    }
    os.flags(flags);
    os.precision(precision);
}

void
CoScenarioResults::WriteVcsCsv(std::ostream& os) const
{
    // As the calls table: times to the nanosecond.
    std::ios_base::fmtflags flags = os.flags();
    std::streamsize precision = os.precision();
    os << std::fixed << std::setprecision(9);
    os << CoVcRecord::GetCsvHeader() << '\n';
    for (const CoVcRecord& r : vcs)
    {
        r.WriteCsvRow(os);
    }
    os.flags(flags);
    os.precision(precision);
}

std::vector<std::string>
CoScenarioResults::GetPortDataColumns()
{
    std::vector<std::string> columns{"data_bytes",
                                     "throughput_bps",
                                     "queued_frames",
                                     "mean_queue_delay_s",
                                     "p95_queue_delay_s",
                                     "max_queue_delay_s",
                                     "mean_queued_frames",
                                     "max_queued_frames"};
    std::vector<std::string> drops = CoVcRecord::GetDropColumns();
    columns.insert(columns.end(), drops.begin(), drops.end());
    columns.insert(columns.end(), {"damaged_frames", "lost_cells", "tagged_frames"});
    return columns;
}

void
CoScenarioResults::WritePortsCsv(std::ostream& os) const
{
    // Delays to the nanosecond, as the calls table's times.
    std::ios_base::fmtflags flags = os.flags();
    std::streamsize precision = os.precision();
    os << std::fixed << std::setprecision(9);
    os << "switch,switch_node,port,peer_kind,peer,admissible_cells_per_s,admitted,refused,"
          "peak_reserved_cells_per_s,data_frames";
    for (const std::string& column : GetPortDataColumns())
    {
        os << ',' << column;
    }
    os << ",reserved_cells_per_s\n";
    auto time = [&os](Time t) {
        if (!t.IsStrictlyNegative())
        {
            os << t.GetSeconds();
        }
        os << ',';
    };
    for (const CoPortStats& p : ports)
    {
        os << p.vertex << ',' << p.node << ',' << p.port << ',' << (p.toHost ? "host" : "switch")
           << ',' << p.peer << ',' << p.admissibleCellRate << ',' << p.admitted << ',' << p.refused
           << ',' << p.peakReservedCellRate << ',' << p.dataFrames << ',';
        const CoPortDataStats& q = p.queue;
        os << p.dataBytes << ',' << GetPortThroughput(p) << ',' << q.enqueuedFrames << ',';
        time(q.meanQueueDelay);
        time(q.p95QueueDelay);
        time(q.maxQueueDelay);
        os << q.meanFrames << ',' << q.maxFrames << ',';
        for (uint64_t d : q.drops)
        {
            os << d << ',';
        }
        os << q.damagedFrames << ',' << q.lostCells << ',' << q.taggedFrames << ',';
        for (std::size_t i = 0; i < p.reservedCellRate.size(); ++i)
        {
            os << (i ? " " : "") << p.reservedCellRate[i];
        }
        os << '\n';
    }
    os.flags(flags);
    os.precision(precision);
}

std::vector<CoScenarioResults::SummaryField>
CoScenarioResults::GetSummaryFields() const
{
    auto count = [](const char* name, double value) { return SummaryField{name, value, true}; };
    auto number = [](const char* name, double value) { return SummaryField{name, value, false}; };
    return {count("calls", summary.calls),
            count("connected", summary.connected),
            count("dropped", summary.dropped),
            number("blocking_probability", summary.blockingProbability),
            number("dropping_probability", summary.droppingProbability),
            number("mean_setup_latency_s", summary.meanSetupLatency.GetSeconds()),
            number("p50_setup_latency_s", summary.p50SetupLatency.GetSeconds()),
            number("p95_setup_latency_s", summary.p95SetupLatency.GetSeconds()),
            number("p99_setup_latency_s", summary.p99SetupLatency.GetSeconds()),
            number("max_setup_latency_s", summary.maxSetupLatency.GetSeconds()),
            number("mean_hops", summary.meanHops),
            count("crankbacks", summary.crankbacks),
            count("parties", partySummary.parties),
            count("parties_added", partySummary.added),
            count("parties_failed", partySummary.failed),
            number("mean_add_latency_s", partySummary.meanAddLatency.GetSeconds()),
            number("p50_add_latency_s", partySummary.p50AddLatency.GetSeconds()),
            number("p95_add_latency_s", partySummary.p95AddLatency.GetSeconds()),
            count("joins", partySummary.joins),
            number("mean_join_latency_s", partySummary.meanJoinLatency.GetSeconds()),
            number("p50_join_latency_s", partySummary.p50JoinLatency.GetSeconds()),
            number("p95_join_latency_s", partySummary.p95JoinLatency.GetSeconds()),
            count("party_sent_sdus", partySummary.sentSdus),
            count("party_received_sdus", partySummary.receivedSdus),
            number("carried_load", carriedLoad),
            number("offered_load", offeredLoad),
            count("rule_violations", GetViolationCount()),
            count("switches", switches),
            count("links", links),
            count("hosts", hosts),
            number("duration_s", duration.GetSeconds()),
            number("end_time_s", endTime.GetSeconds()),
            count("held_at_end", heldAtEnd),
            number("sample_interval_s", sampleInterval.GetSeconds()),
            number("wall_time_s", wallSeconds)};
}

std::string
CoScenarioResults::GetSequenceChart(uint64_t callId) const
{
    auto isCall = [callId](const auto& record) { return record.callId == callId; };
    if (std::none_of(calls.begin(), calls.end(), isCall) &&
        std::none_of(parties.begin(), parties.end(), isCall))
    {
        throw std::invalid_argument("call " + std::to_string(callId) +
                                    ": no such call in this run (see the call_id column of the "
                                    "calls and parties tables)");
    }
    if (!events)
    {
        throw std::invalid_argument("call " + std::to_string(callId) +
                                    ": the run did not record its events (a chart needs "
                                    "CoScenarioRunner::SetRecordEvents(true))");
    }
    return CoSequenceChart(*events).RenderCall(callId);
}

std::string
CoScenarioResults::GetSequenceChartBetween(const std::string& a, const std::string& b) const
{
    if (!events)
    {
        throw std::invalid_argument("the run did not record its events (a chart needs "
                                    "CoScenarioRunner::SetRecordEvents(true))");
    }
    return CoSequenceChart(*events).RenderBetween(a, b);
}

void
CoScenarioResults::WriteSummaryJson(std::ostream& os) const
{
    nlohmann::ordered_json j; // in the fields' order
    for (const SummaryField& f : GetSummaryFields())
    {
        if (f.integral)
        {
            j[f.name] = uint64_t(f.value);
        }
        else
        {
            j[f.name] = f.value;
        }
    }
    j["rules"] = rules;
    os << j.dump(2) << '\n';
}

CoTopology
CoScenarioRunner::Check(const CoScenario& s)
{
    s.Validate();
    RngSeedManager::SetSeed(s.seed);
    RngSeedManager::SetRun(s.run);

    CoTopology topology;
    const CoScenarioTopology& t = s.topology;
    if (!t.file.empty())
    {
        std::string error;
        if (!CoTopologyReader::Read(t.file, topology, error))
        {
            throw std::invalid_argument(FileField(t.file) + ": " + error);
        }
    }
    else
    {
        CoLinkProperties link;
        link.rate = s.links.rate;
        link.delay = s.links.delay;
        link.weight = s.links.weight;
        const std::string& g = t.generator;
        if (g == "line")
        {
            topology = CoTopologyGenerator::Line(t.n, link);
        }
        else if (g == "ring")
        {
            topology = CoTopologyGenerator::Ring(t.n, link);
        }
        else if (g == "star")
        {
            topology = CoTopologyGenerator::Star(t.leaves, link);
        }
        else if (g == "grid" || g == "torus")
        {
            topology = CoTopologyGenerator::Grid(t.rows, t.cols, link, g == "torus");
        }
        else if (g == "tree")
        {
            topology = CoTopologyGenerator::Tree(t.depth, t.fanout, link);
        }
        else
        {
            Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
            rng->SetStream(TOPOLOGY_STREAM);
            topology = CoTopologyGenerator::Waxman(t.n, t.alpha, t.beta, link, rng);
        }
    }

    // Sizes: Validate() checked a generator's; a file's are known now.
    uint32_t n = boost::num_vertices(topology);
    s.CheckTotals(n, boost::num_edges(topology));

    // What CoTopologyHelper::Build() would abort on, as an error instead.
    std::vector<uint32_t> component(n);
    if (n > 0 && boost::connected_components(topology, component.data()) > 1)
    {
        uint32_t apart = 1;
        while (component[apart] == 0)
        {
            ++apart;
        }
        throw std::invalid_argument(FileField(t.file) +
                                    ": the topology is disconnected: switches 0 and " +
                                    std::to_string(apart) + " cannot reach each other");
    }
    if (uint64_t(n) * s.hosts.perSwitch < 2)
    {
        throw std::invalid_argument("hosts.perSwitch: " + std::to_string(s.hosts.perSwitch) + ": " +
                                    std::to_string(n) +
                                    " switch(es) with that many hosts each make fewer than the "
                                    "2 hosts calls need");
    }
    const uint64_t hostCount = uint64_t(n) * s.hosts.perSwitch;
    const std::string hostLimit = "hosts are numbered 0 to " + std::to_string(hostCount - 1) +
                                  ", " + std::to_string(s.hosts.perSwitch) + " per switch";
    for (std::size_t i = 0; i < s.multipoint.size(); ++i)
    {
        const CoScenarioMultipointGroup& g = s.multipoint[i];
        std::string path = "multipoint[" + std::to_string(i) + "]";
        if (g.root >= hostCount)
        {
            throw std::invalid_argument(path + ".root: " + std::to_string(g.root) +
                                        ": no such host (" + hostLimit + ")");
        }
        for (std::size_t k = 0; k < g.leaves.size(); ++k)
        {
            if (g.leaves[k] >= hostCount)
            {
                throw std::invalid_argument(path + ".leaves[" + std::to_string(k) +
                                            "]: " + std::to_string(g.leaves[k]) +
                                            ": no such host (" + hostLimit + ")");
            }
        }
        if (g.leaves.empty() && g.leafCount > hostCount - 1)
        {
            throw std::invalid_argument(path + ".leaves: " + std::to_string(g.leafCount) +
                                        ": more leaves than the " + std::to_string(hostCount - 1) +
                                        " hosts other than the root");
        }
    }
    // A trace that does not read would end each call's data at its first
    // frame, silently: refuse it here, naming the file and the line.
    std::vector<const CoScenarioCalls*> models = s.GetCallModels();
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        const CoScenarioTraffic& t = models[i]->traffic;
        if (t.type != "trace" || models[i]->rate == 0)
        {
            continue;
        }
        std::string path = i == 0 ? "calls" : "callGroups[" + std::to_string(i - 1) + "]";
        std::string field =
            path + ".traffic.file: \"" + CoTopologyReader::Printable(t.file, 200) + "\": ";
        Ptr<CoTrafficSource> source = MakeTrafficSource(t);
        std::string error = source->Validate();
        if (!error.empty())
        {
            throw std::invalid_argument(field + CoTopologyReader::Printable(error, 300));
        }
        // Every call replays the whole trace (until its holding time is up):
        // the frames to expect are bounded as for the other traffic.
        double calls = s.hosts.perSwitch * double(n) * models[i]->rate * s.duration.GetSeconds();
        double frames = DynamicCast<CoTraceReplaySource>(source)->GetFrameCount() * calls;
        if (frames > CoScenario::MAX_PACKETS)
        {
            std::ostringstream os;
            os << std::setprecision(2) << frames;
            throw std::invalid_argument(field + "about " + os.str() +
                                        " frames if every call replayed it whole: at most 1e8 "
                                        "(each is several events per hop)");
        }
    }
    for (std::size_t i = 0; i < s.failures.size(); ++i)
    {
        const CoScenarioFailure& f = s.failures[i];
        std::string path = "failures[" + std::to_string(i) + "]";
        std::string limit = "switches are numbered 0 to " + std::to_string(n - 1);
        if (f.target == CoScenarioFailure::Target::Switch)
        {
            if (f.vertex >= n)
            {
                throw std::invalid_argument(path + ".switch: " + std::to_string(f.vertex) +
                                            ": no such switch (" + limit + ")");
            }
            continue;
        }
        // A link, or its signalling channel alone: the same check.
        std::string field =
            path + (f.target == CoScenarioFailure::Target::Link ? ".link" : ".signalling");
        std::string value = "[" + std::to_string(f.vertex) + ", " + std::to_string(f.peer) + "]";
        if (f.vertex >= n || f.peer >= n)
        {
            throw std::invalid_argument(field + ": " + value + ": no such switch (" + limit + ")");
        }
        if (!boost::edge(f.vertex, f.peer, topology).second)
        {
            throw std::invalid_argument(field + ": " + value + ": the two switches are not linked");
        }
    }
    return topology;
}

CoScenarioResults
CoScenarioRunner::Run(const CoScenario& s) const
{
    NS_LOG_FUNCTION(this);
    auto wallStart = std::chrono::steady_clock::now();
    StopControl stop(m_timeout, m_stopOnInterrupt);
    CoTopology topology = Check(s);
    // Outlives the simulator (destroyed after the guard): the devices hold its callbacks.
    CoDataRecorder data;
    SimulatorGuard guard;
    // MapScheduler, which a stop request can end at its next event
    Simulator::SetScheduler(ObjectFactory("ns3::CoStoppableScheduler"));

    CoHelper co;
    // The channel attributes are the host links'; switch links take their
    // edge's rate and delay.
    co.SetChannelAttribute("DataRate", DataRateValue(s.hosts.rate));
    co.SetChannelAttribute("Delay", TimeValue(s.hosts.delay));
    co.SetSwitchAttribute("ProcessingDelay", TimeValue(s.switches.processingDelay));
    co.SetSwitchAttribute("AdmissibleFraction", DoubleValue(s.switches.admissibleFraction));
    co.SetSwitchAttribute("Crankback", BooleanValue(s.switches.crankback));
    co.SetSwitchAttribute("T303", TimeValue(s.switches.t303));
    co.SetSwitchAttribute("T308", TimeValue(s.switches.t308));
    co.SetSwitchAttribute("T309", TimeValue(s.switches.t309));
    co.SetSwitchAttribute("T310", TimeValue(s.switches.t310));
    if (s.HasTraffic())
    {
        // Traffic models are for queueing studies: every NIC and switch
        // port queues per VC, shapes to the granted contract and counts its
        // drops by reason (CoVcScheduler, with the queueing section's
        // attributes; Validate() refused whatever their checkers would).
        auto configure = [](const CoScenarioScheduler& q, auto set) {
            auto discipline = q.discipline == "WFQ" ? CoVcScheduler::Discipline::Wfq
                                                    : CoVcScheduler::Discipline::Wrr;
            auto service = q.categoryService == "weighted"
                               ? CoVcScheduler::CategoryService::Weighted
                               : CoVcScheduler::CategoryService::StrictPriority;
            auto fidelity = q.fidelity == "cell" ? CoVcScheduler::Fidelity::Cell
                                                 : CoVcScheduler::Fidelity::Frame;
            auto weighting = q.vcWeighting == "contract" ? CoVcScheduler::VcWeighting::Contract
                                                         : CoVcScheduler::VcWeighting::Equal;
            set("Cdvt",
                TimeValue(q.cdvt),
                "Discipline",
                EnumValue(static_cast<int>(discipline)),
                "CategoryService",
                EnumValue(static_cast<int>(service)),
                "CbrWeight",
                DoubleValue(q.categoryWeights[0]),
                "RtVbrWeight",
                DoubleValue(q.categoryWeights[1]),
                "NrtVbrWeight",
                DoubleValue(q.categoryWeights[2]),
                "UbrWeight",
                DoubleValue(q.categoryWeights[3]),
                "VcMaxFrames",
                UintegerValue(q.vcMaxFrames),
                "VcMaxCells",
                UintegerValue(q.vcMaxCells),
                "MaxFrames",
                UintegerValue(q.maxFrames),
                "MaxCells",
                UintegerValue(q.maxCells),
                "EpdThreshold",
                UintegerValue(q.epdThreshold),
                "ClpThreshold",
                UintegerValue(q.clpThreshold),
                "Fidelity",
                EnumValue(static_cast<int>(fidelity)),
                "PartialPacketDiscard",
                BooleanValue(q.partialPacketDiscard),
                "VcWeighting",
                EnumValue(static_cast<int>(weighting)),
                "WeightUnit",
                UintegerValue(q.weightUnit));
        };
        configure(s.queueing.hosts, [&co](auto&&... a) { co.SetHostVcScheduler(a...); });
        configure(s.queueing.switches, [&co](auto&&... a) { co.SetSwitchVcScheduler(a...); });
        const CoScenarioScheduler& sq = s.queueing.switches;
        auto upc = sq.upc == "tag"       ? CoSwitch::UpcAction::Tag
                   : sq.upc == "discard" ? CoSwitch::UpcAction::Discard
                                         : CoSwitch::UpcAction::None;
        co.SetSwitchAttribute("Upc", EnumValue(static_cast<int>(upc)));
        co.SetSwitchAttribute("UpcCdvt", TimeValue(sq.upcCdvt));
    }
    CoTopologyHelper network(co);
    // Names would outlive the run and clash with the next one's.
    network.SetNameNodes(false);
    network.Build(topology);
    NetDeviceContainer nics = network.AttachHosts(s.hosts.perSwitch);
    NodeContainer hosts = network.GetHosts();

    CoApplicationHelper server("ns3::CoSapServerApplication");
    server.Install(hosts);
    const bool measureData = s.SendsData();
    if (measureData)
    {
        for (uint32_t i = 0; i < nics.GetN(); ++i)
        {
            data.WatchHost(DynamicCast<CoNetDevice>(nics.Get(i)));
        }
    }
    int64_t stream = TOPOLOGY_STREAM + 1;
    std::vector<const CoScenarioCalls*> models = s.GetCallModels();
    for (uint32_t group = 0; group < models.size(); ++group)
    {
        if (models[group]->rate > 0)
        {
            stream += InstallCallers(s, *models[group], group, nics, hosts, stream, data);
        }
    }
    InstallMultipoint(s, nics, stream);

    Ptr<CoCallRecorder> recorder = CreateObject<CoCallRecorder>();
    recorder->WatchAll();
    // A party's hops: the links of the routed path between its hosts when it
    // is asked for (a failure may change the route later; not what it crossed).
    auto hostOf = std::make_shared<std::map<AesaAddress, uint32_t>>();
    for (uint32_t h = 0; h < nics.GetN(); ++h)
    {
        (*hostOf)[DynamicCast<CoNetDevice>(nics.Get(h))->GetAesa()] = h;
    }
    uint32_t perSwitch = s.hosts.perSwitch;
    recorder->SetPartyHops(CoCallback<uint32_t, const AesaAddress&, const AesaAddress&>(
        [hostOf, perSwitch, &network](const AesaAddress& root, const AesaAddress& leaf) {
            auto from = hostOf->find(root);
            auto to = hostOf->find(leaf);
            if (from == hostOf->end() || to == hostOf->end())
            {
                return uint32_t{0};
            }
            uint32_t a = from->second / perSwitch;
            uint32_t b = to->second / perSwitch;
            std::vector<uint32_t> path = network.GetRoutedPath(a, b);
            // no route now (the path stops short): not known
            return path.empty() || path.back() != b ? uint32_t{0}
                                                    : static_cast<uint32_t>(path.size() + 1);
        }));
    CoScenarioResults results;
    std::shared_ptr<CoCallEventCollector> events;
    if (m_recordEvents)
    {
        events = std::make_shared<CoCallEventCollector>();
        for (uint32_t h = 0; h < nics.GetN(); ++h)
        {
            events->Watch(DynamicCast<CoNetDevice>(nics.Get(h)), "h" + std::to_string(h));
        }
        for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
        {
            events->Watch(network.GetSwitch(v), "s" + std::to_string(v));
        }
    }
    bool anyData = measureData;
    for (const CoScenarioMultipointGroup& g : s.multipoint)
    {
        anyData = anyData || !g.packetInterval.IsZero();
    }
    PortMonitor monitor(network, s.statistics.sampleInterval, anyData, results.ports);
    if (measureData)
    {
        // By switch, the recorder's index of each of its ports: a frame
        // policed away counts against the port it came in by.
        std::vector<std::vector<std::size_t>> indices(network.GetNSwitches());
        for (const CoPortStats& p : results.ports)
        {
            // same order: same index
            std::size_t index = data.WatchPort(network.GetSwitch(p.vertex)->GetPort(p.port));
            std::vector<std::size_t>& of = indices[p.vertex];
            if (of.size() <= p.port)
            {
                of.resize(p.port + 1, CoDataRecorder::NOT_WATCHED);
            }
            of[p.port] = index;
        }
        for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
        {
            data.WatchSwitch(network.GetSwitch(v), indices[v]);
        }
    }
    // The topology helper schedules each change and reroutes new calls
    // around what is down; it also remembers why each link is down, so that
    // restoring a switch leaves separately failed links down (and a link's
    // signalling channel failed on its own stays so through both).
    for (const CoScenarioFailure& f : s.failures)
    {
        bool restore = f.action == CoScenarioFailure::Action::Restore;
        if (f.target == CoScenarioFailure::Target::Link)
        {
            restore ? network.RestoreLink(f.vertex, f.peer, f.at)
                    : network.FailLink(f.vertex, f.peer, f.at);
        }
        else if (f.target == CoScenarioFailure::Target::Signalling)
        {
            restore ? network.RestoreSignalling(f.vertex, f.peer, f.at)
                    : network.FailSignalling(f.vertex, f.peer, f.at);
        }
        else
        {
            restore ? network.RestoreSwitch(f.vertex, f.at) : network.FailSwitch(f.vertex, f.at);
        }
    }

    Simulator::Run();
    stop.Finish();
    CoRunStopped::Reason reason;
    if (stop.MustStop(reason))
    {
        // cut short: requests still pending are not violations
        for (uint32_t i = 0; i < nics.GetN(); ++i)
        {
            DynamicCast<CoNetDevice>(nics.Get(i))->AbandonRun();
        }
        // the simulator is destroyed (guard) before the exception leaves Run()
        throw CoRunStopped(reason, Simulator::Now(), m_timeout);
    }

    recorder->Finish();
    results.calls = recorder->GetRecords();
    results.summary = recorder->Summarize();
    results.parties = recorder->GetPartyRecords();
    results.partySummary = recorder->SummarizeParties();
    for (std::size_t r = 0; r < CO_RULE_COUNT; ++r)
    {
        results.rules[GetCoRuleName(static_cast<CoRule>(r))] = 0;
    }
    for (uint32_t i = 0; i < nics.GetN(); ++i)
    {
        Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>(nics.Get(i));
        nic->EndOfRun();
        for (std::size_t r = 0; r < CO_RULE_COUNT; ++r)
        {
            CoRule rule = static_cast<CoRule>(r);
            results.rules[GetCoRuleName(rule)] += nic->GetRuleChecker().GetViolationCount(rule);
        }
    }
    // Carried load: the time calls spent connected within the arrival
    // period, over its length (the mean number of calls up at once).
    Time connected;
    for (const CoCallRecord& r : results.calls)
    {
        if (r.outcome.IsSuccess() && !r.holdingTime.IsNegative())
        {
            Time from = r.start + r.setupLatency;
            Time to = std::min(from + r.holdingTime, s.duration);
            if (to > from)
            {
                connected += to - from;
            }
        }
    }
    results.carriedLoad = connected.GetSeconds() / s.duration.GetSeconds();
    results.offeredLoad = 0;
    for (const CoScenarioCalls* c : models)
    {
        results.offeredLoad += hosts.GetN() * c->rate * c->holdingMean.GetSeconds();
    }
    results.sampleInterval = s.statistics.sampleInterval;
    results.switches = network.GetNSwitches();
    results.links = boost::num_edges(topology);
    results.hosts = hosts.GetN();
    results.duration = s.duration;
    results.endTime = Simulator::Now();
    results.heldAtEnd = CountHeld(network, nics);
    if (measureData)
    {
        for (std::size_t i = 0; i < results.ports.size(); ++i)
        {
            results.ports[i].queue = data.GetPortStats(i, results.endTime);
        }
        results.vcs = data.GetVcRecords();
        std::map<uint64_t, const CoCallRecord*> callOf;
        for (const CoCallRecord& r : results.calls)
        {
            callOf[r.callId] = &r;
        }
        for (CoVcRecord& v : results.vcs)
        {
            auto it = callOf.find(v.callId);
            if (it != callOf.end())
            {
                v.sender = v.forward ? it->second->caller : it->second->callee;
                v.receiver = v.forward ? it->second->callee : it->second->caller;
            }
        }
    }
    recorder->Dispose();
    results.events = events;
    results.topology = topology;
    results.failures = s.failures;
    results.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return results;
}

} // namespace ns3
