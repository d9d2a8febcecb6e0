/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A soak: a million calls (by default) over a grid of switches while links
 * and switches fail and come back at random, hundreds of each, at load.
 * Every host answers calls and places Poisson calls to every other host.
 * At the end the program checks, and prints:
 *
 *  - every attempt has a row in the calls table (CoCallRecorder) with a
 *    final outcome; attempts are counted on the generators' side;
 *  - no CoNDIS rule was broken on any host;
 *  - every connected call whose path failed under it was released at its
 *    caller within its path's propagation and processing times: for the
 *    stretch from the switch that saw the failure back to the caller, each
 *    link's delay and the transmission of the frames that can be queued
 *    ahead (two per call the sending switch held, and three more), and each
 *    further switch's ProcessingDelay once per message in its processor's
 *    queue when the RELEASE arrived (at most the largest backlog any
 *    signalling frame found there from the failure to the release), plus
 *    its own;
 *  - at the end no switch holds a call slot, contract, cross-connect, VCI,
 *    reserved cell rate, queued message or running timer, and no host a VC
 *    or call reference.
 *
 * It exits with status 1 and prints "SOAK FAILED" when a check fails.
 *
 *   condis-soak                    # 10^6 calls, 6 x 6 grid, 300 link and 100 switch failures
 *   condis-soak --quick            # a few seconds: what the test suite runs
 *   condis-soak --calls=100000 --linkFailures=50 --switchFailures=20
 */

#include "ns3/co-ns3-compat.h"
#include "ns3/condis-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// One scheduled failure.
struct Failure
{
    Time at;                          //!< when
    bool link = true;                 //!< a link (u, v), or the switch u
    uint32_t u = 0;                   //!< the switch, or one end of the link
    uint32_t v = 0;                   //!< the link's other end
    std::vector<std::size_t> callsAt; //!< calls each switch held just before
};

/**
 * Watches every switch's signalling processor: for each switch and each
 * interval of time, the largest number of messages a signalling frame
 * found waiting for the processor when it arrived.
 */
class BacklogWatch
{
  public:
    BacklogWatch(const CoTopologyHelper& network, Time bucket)
        : m_network(network),
          m_bucket(bucket),
          m_max(network.GetNSwitches())
    {
        for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
        {
            Ptr<CoSwitch> sw = network.GetSwitch(v);
            for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
            {
                sw->GetPort(p)->TraceConnectWithoutContext(
                    "MacRx",
                    CoMakeCallback(&BacklogWatch::Arrived, this, v));
            }
        }
    }

    /// \return the largest backlog switch \p v had at an arrival in [from, to]
    std::size_t Max(uint32_t v, Time from, Time to) const
    {
        std::size_t most = 0;
        const std::vector<std::size_t>& m = m_max[v];
        for (uint64_t k = Bucket(from); k <= Bucket(to) && k < m.size(); ++k)
        {
            most = std::max(most, m[k]);
        }
        return most;
    }

  private:
    /// \return the interval \p t falls in
    uint64_t Bucket(Time t) const
    {
        return t.GetInteger() / m_bucket.GetInteger();
    }

    void Arrived(uint32_t v, Ptr<const Packet> frame)
    {
        AtmFrameHeader header;
        frame->PeekHeader(header);
        if (header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
        {
            return;
        }
        std::vector<std::size_t>& m = m_max[v];
        uint64_t k = Bucket(Simulator::Now());
        if (k >= m.size())
        {
            m.resize(k + 1, 0);
        }
        m[k] = std::max(m[k], m_network.GetSwitch(v)->GetSignallingBacklog());
    }

    const CoTopologyHelper& m_network;
    Time m_bucket;
    std::vector<std::vector<std::size_t>> m_max; //!< by switch, by interval
};

/// Counts the checks and reports the failed ones.
struct Checks
{
    uint64_t passed = 0;
    uint64_t failed = 0;
    uint64_t shown = 20; //!< failed checks printed, at most

    /// Counts one check; prints \p what when it failed (the first few times).
    void Expect(bool ok, const std::string& what)
    {
        if (ok)
        {
            ++passed;
            return;
        }
        if (failed++ < shown)
        {
            std::cout << "  CHECK FAILED: " << what << "\n";
        }
    }
};

} // namespace

int
main(int argc, char* argv[])
{
    uint64_t calls = 1000000;
    uint32_t rows = 6;
    uint32_t cols = 6;
    uint32_t hostsPerSwitch = 2;
    double rate = 10;
    double holding = 2;
    uint32_t linkFailures = 300;
    uint32_t switchFailures = 100;
    double maxDown = 20;
    uint32_t seed = 1;
    uint32_t run = 1;
    bool quick = false;
    bool verbose = false;
    std::string signallingQueue;
    CommandLine cmd(__FILE__);
    cmd.AddValue("calls", "Calls to place in all (split evenly between the hosts)", calls);
    cmd.AddValue("rows", "Grid rows", rows);
    cmd.AddValue("cols", "Grid columns", cols);
    cmd.AddValue("hostsPerSwitch", "Hosts on each switch", hostsPerSwitch);
    cmd.AddValue("rate", "Calls per second placed by each host (Poisson)", rate);
    cmd.AddValue("holding", "Mean holding time, s (exponential)", holding);
    cmd.AddValue("linkFailures", "Random link failures, each restored later", linkFailures);
    cmd.AddValue("switchFailures", "Random switch failures, each restored later", switchFailures);
    cmd.AddValue("maxDown", "Longest time a failed link or switch stays down, s", maxDown);
    cmd.AddValue("seed", "RngSeedManager seed", seed);
    cmd.AddValue("run", "RngSeedManager run", run);
    cmd.AddValue("quick", "A few seconds' worth: 4 x 4 grid, 6,000 calls, 20 + 8 failures", quick);
    cmd.AddValue("verbose", "Print every check that fails, not only the first 20", verbose);
    cmd.AddValue("signallingQueue",
                 "Bound every port's signalling queue, e.g. 100p (default: unbounded); "
                 "to see the checks catch the signalling that a bound loses",
                 signallingQueue);
    cmd.Parse(argc, argv);
    if (quick)
    {
        calls = 6000;
        rows = 4;
        cols = 4;
        linkFailures = 20;
        switchFailures = 8;
        maxDown = 5;
    }
    auto wallStart = std::chrono::steady_clock::now();
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);

    // ---- the network: switches, hosts, applications --------------------------------
    const Time processing = MicroSeconds(100);
    CoHelper co;
    co.SetChannelAttribute("DataRate", StringValue("155.52Mbps"));
    co.SetChannelAttribute("Delay", StringValue("100us"));
    co.SetSwitchAttribute("ProcessingDelay", TimeValue(processing));
    co.SetSwitchAttribute("Crankback", BooleanValue(true));
    if (!signallingQueue.empty())
    {
        co.SetSignallingQueue("ns3::DropTailQueue", "MaxSize", StringValue(signallingQueue));
    }
    CoTopologyHelper network(co);
    network.SetNameNodes(false);
    CoLinkProperties trunk;
    trunk.rate = DataRate("155.52Mbps");
    trunk.delay = MilliSeconds(1);
    network.Build(CoTopologyGenerator::Grid(rows, cols, trunk));
    NetDeviceContainer nics = network.AttachHosts(hostsPerSwitch);
    NodeContainer hosts = network.GetHosts();
    const uint32_t nHosts = hosts.GetN();
    const uint64_t perHost = (calls + nHosts - 1) / nHosts;

    CoApplicationHelper servers("ns3::CoSapServerApplication");
    servers.Install(hosts);
    CoApplicationHelper generators("ns3::CoCallGeneratorApplication");
    std::ostringstream interArrival;
    interArrival << "ns3::ExponentialRandomVariable[Mean=" << 1 / rate << "]";
    std::ostringstream holdingTime;
    holdingTime << "ns3::ExponentialRandomVariable[Mean=" << holding << "]";
    generators.SetAttribute("InterArrivalTime", StringValue(interArrival.str()));
    generators.SetAttribute("HoldingTime", StringValue(holdingTime.str()));
    generators.SetAttribute("PeakCellRate", UintegerValue(1000));
    generators.SetAttribute("MaxCalls", UintegerValue(perHost));
    ApplicationContainer apps = generators.Install(hosts);
    std::vector<AesaAddress> everyone;
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        everyone.push_back(DynamicCast<CoNetDevice>(nics.Get(i))->GetAesa());
    }
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        std::vector<AesaAddress> others(everyone);
        others.erase(others.begin() + i);
        DynamicCast<CoCallGeneratorApplication>(apps.Get(i))->SetDestinations(others);
    }
    generators.AssignStreams(hosts, 10);
    // The calls arrive over about this long; failures fall inside it.
    const double span = perHost / rate;

    // ---- failures: hundreds of links and switches down at random -------------------
    Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
    u->SetStream(1);
    const CoTopology& topology = network.GetTopology();
    std::vector<std::pair<uint32_t, uint32_t>> edges;
    for (auto e : boost::make_iterator_range(boost::edges(topology)))
    {
        edges.emplace_back(boost::source(e, topology), boost::target(e, topology));
    }
    std::vector<Failure> failures;
    for (uint32_t i = 0; i < linkFailures + switchFailures; ++i)
    {
        Failure f;
        f.at = Seconds(u->GetValue(1, std::max(1.0, span - maxDown - 1)));
        Time back = f.at + Seconds(u->GetValue(0.5, maxDown));
        f.link = i < linkFailures;
        if (f.link)
        {
            std::tie(f.u, f.v) = edges[u->GetInteger(0, edges.size() - 1)];
            network.FailLink(f.u, f.v, f.at);
            network.RestoreLink(f.u, f.v, back);
        }
        else
        {
            f.u = f.v = u->GetInteger(0, rows * cols - 1);
            network.FailSwitch(f.u, f.at);
            network.RestoreSwitch(f.u, back);
        }
        failures.push_back(f);
    }
    std::sort(failures.begin(), failures.end(), [](const Failure& a, const Failure& b) {
        return a.at < b.at;
    });
    // What each switch holds just before each failure: the RELEASEs a
    // failure makes it send at once are at most one per call it holds.
    for (std::size_t i = 0; i < failures.size(); ++i)
    {
        CoSchedule(failures[i].at - NanoSeconds(1), [&network, &failures, i]() {
            for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
            {
                failures[i].callsAt.push_back(network.GetSwitch(v)->GetCallCount());
            }
        });
    }

    // ---- what is watched ------------------------------------------------------------
    Ptr<CoCallRecorder> recorder = CreateObject<CoCallRecorder>();
    recorder->WatchAll();
    uint64_t pended = 0; // MakeCall requests that pended (the NICs' MakeCall trace)
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        nics.Get(i)->TraceConnectWithoutContext(
            "MakeCall",
            CoCallback<void, CoVcHandle, const CoCallParameters&>(
                [&pended](CoVcHandle, const CoCallParameters&) { ++pended; }));
    }
    BacklogWatch backlog(network, Seconds(1));

    Simulator::Run();
    const std::size_t rowsBeforeFinish = recorder->GetRecords().size();
    recorder->Finish();
    const std::vector<CoCallRecord>& records = recorder->GetRecords();

    // ---- checks ----------------------------------------------------------------------
    Checks checks;
    if (verbose)
    {
        checks.shown = UINT64_MAX;
    }
    uint64_t attempts = 0;
    uint64_t connected = 0;
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        Ptr<CoCallGeneratorApplication> g = DynamicCast<CoCallGeneratorApplication>(apps.Get(i));
        attempts += g->GetAttemptedCount();
        connected += g->GetConnectedCount();
        checks.Expect(g->GetActiveCallCount() == 0,
                      "host " + std::to_string(i) + " still has calls up");
    }
    std::cout << "condis-soak: " << rows << " x " << cols << " grid, " << nHosts << " hosts, "
              << failures.size() << " failures (" << linkFailures << " links, " << switchFailures
              << " switches), simulated " << Simulator::Now().As(Time::S) << "\n";
    std::cout << "  attempts " << attempts << ", pended " << pended << ", connected " << connected
              << ", rows " << records.size() << "\n";

    // Every attempt a row, with a final outcome.
    checks.Expect(attempts == uint64_t(perHost) * nHosts,
                  "attempts differ from the calls asked for");
    checks.Expect(rowsBeforeFinish == records.size(),
                  std::to_string(records.size() - rowsBeforeFinish) +
                      " rows had no final outcome at the end");
    checks.Expect(records.size() >= pended, "a pended MakeCall has no row");
    // Refused at once by MakeCall (the caller's link or switch down) is a
    // row too (MakeCallRefused): no attempt goes unrecorded.
    checks.Expect(records.size() == attempts,
                  std::to_string(attempts) + " attempts but " + std::to_string(records.size()) +
                      " rows");
    uint64_t outcomes = 0;
    for (const CoCallRecord& r : records)
    {
        // (A call refused at once has a setup latency of 0, which ns-3's
        // IsNegative() counts as negative: unset is -1 ns.)
        bool complete = !r.setupLatency.IsStrictlyNegative() &&
                        (!r.outcome.IsSuccess() || !r.holdingTime.IsStrictlyNegative());
        outcomes += complete;
    }
    checks.Expect(outcomes == records.size(),
                  std::to_string(records.size() - outcomes) + " rows without a final outcome");

    // Rule violations.
    uint64_t violations = 0;
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>(nics.Get(i));
        nic->EndOfRun();
        violations += nic->GetRuleChecker().GetViolationCount();
    }
    checks.Expect(violations == 0, "rule violations");

    // Released within the path's times.
    std::map<uint32_t, uint32_t> vertexOf;
    for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
    {
        vertexOf[network.GetSwitches().Get(v)->GetId()] = v;
    }
    Ptr<CoNetDevice> anyHost = DynamicCast<CoNetDevice>(nics.Get(0));
    const uint32_t frameBytes = 100; // any RELEASE in its SD PDU: 1 cell; 3 allowed
    uint64_t hit = 0;
    uint64_t releasedInTime = 0;
    Time worstMargin = Seconds(-1);
    Time longestRelease;
    for (const CoCallRecord& r : records)
    {
        // (IsNegative() is true for 0 too: a call held for no time is checked as well.)
        if (!r.outcome.IsSuccess() || r.holdingTime.IsStrictlyNegative() || r.path.empty())
        {
            continue;
        }
        Time up = r.start + r.setupLatency;
        Time ended = up + r.holdingTime;
        std::vector<uint32_t> path;
        for (uint32_t node : r.path)
        {
            path.push_back(vertexOf.at(node));
        }
        for (const Failure& f : failures)
        {
            if (f.at <= up || f.at > ended)
            {
                continue;
            }
            // Where the failure cuts the path, and the stretch back to the caller.
            int cut = -1;
            for (std::size_t i = 0; i < path.size() && cut < 0; ++i)
            {
                if (f.link ? i + 1 < path.size() && ((path[i] == f.u && path[i + 1] == f.v) ||
                                                     (path[i] == f.v && path[i + 1] == f.u))
                           : path[i] == f.u)
                {
                    cut = f.link ? int(i) : int(i) - 1;
                }
            }
            if (cut == -1 && !(f.link == false && path[0] == f.u))
            {
                continue; // not on this call's path
            }
            ++hit;
            Time bound = f.at;
            if (cut >= 0)
            {
                // From path[cut] (which saw the failure) back to path[0].
                for (int i = cut; i > 0; --i)
                {
                    Ptr<CoChannel> link = network.GetLink(path[i], path[i - 1]);
                    bound += link->GetDelay() +
                             link->GetCoPortDevice(0)->GetTransmissionTime(frameBytes) *
                                 int64_t(2 * f.callsAt[path[i]] + 3);
                    bound += processing * int64_t(backlog.Max(path[i - 1], f.at, ended) + 1);
                }
                bound +=
                    anyHost->GetCoChannel()->GetDelay() +
                    anyHost->GetTransmissionTime(frameBytes) * int64_t(2 * f.callsAt[path[0]] + 3);
            }
            // else the caller's own switch failed: its NIC sees its link go down.
            bool inTime = ended <= bound;
            releasedInTime += inTime;
            longestRelease = std::max(longestRelease, ended - f.at);
            if (worstMargin.IsNegative() || bound - ended < worstMargin)
            {
                worstMargin = bound - ended;
            }
            std::ostringstream what;
            what << "call " << r.callId << " (path of " << path.size() << " switches) hit at "
                 << f.at.As(Time::S) << " by the failure of " << (f.link ? "link " : "switch ")
                 << f.u << (f.link ? "-" + std::to_string(f.v) : "") << " ended at "
                 << ended.As(Time::S) << ", after its bound " << bound.As(Time::S);
            checks.Expect(inTime, what.str());
            break; // the first failure that hits a call ends it
        }
    }
    std::cout << "  connected calls whose path failed under them: " << hit << ", released within "
              << "their paths' times: " << releasedInTime << " (longest "
              << longestRelease.As(Time::MS) << ")\n";
    checks.Expect(hit > 0 || failures.empty(), "no failure hit a connected call: nothing tested");

    // Nothing left anywhere.
    uint64_t left = 0;
    for (uint32_t v = 0; v < network.GetNSwitches(); ++v)
    {
        Ptr<CoSwitch> sw = network.GetSwitch(v);
        uint64_t held = sw->GetCallCount() + sw->GetSetupCount() + sw->GetCrossConnectCount() +
                        sw->GetSignallingBacklog() + sw->GetRunningTimerCount();
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            held += sw->GetReservedCellRate(p) + sw->GetVciCount(p);
        }
        std::ostringstream what;
        what << "switch " << v << " still holds state: " << sw->GetCallCount() << " calls, "
             << sw->GetSetupCount() << " contracts, " << sw->GetCrossConnectCount()
             << " cross-connects, " << sw->GetSignallingBacklog() << " queued messages, "
             << sw->GetRunningTimerCount() << " timers;";
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            if (sw->GetReservedCellRate(p) + sw->GetVciCount(p) > 0)
            {
                what << " port " << p << ": " << sw->GetVciCount(p) << " VCIs, "
                     << sw->GetReservedCellRate(p) << " cells/s";
            }
        }
        checks.Expect(held == 0, what.str());
        left += held;
    }
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>(nics.Get(i));
        uint64_t held = nic->GetVcCount() + nic->GetCallReferenceCount();
        checks.Expect(held == 0,
                      "host " + std::to_string(i) + " still holds " +
                          std::to_string(nic->GetVcCount()) + " VCs, " +
                          std::to_string(nic->GetCallReferenceCount()) + " call references");
        left += held;
    }
    std::cout << "  left at the end (call slots, contracts, cross-connects, VCIs, cells/s, "
              << "queued messages, timers, host VCs): " << left << "\n";

    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::cout << "  checks passed " << checks.passed << ", failed " << checks.failed
              << "; wall time " << wall << " s\n";
    std::cout << "CoNDIS rule violations: " << violations << "\n";
    recorder->Dispose();
    Simulator::Destroy();
    if (checks.failed > 0)
    {
        std::cout << "SOAK FAILED\n";
        return 1;
    }
    return 0;
}
