/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * A call storm: every host of a grid (or Waxman graph) of switches calls
 * the others at random, with Poisson arrivals and exponential holding
 * times, optionally while links fail and come back. Prints the blocking
 * probability and the setup-latency percentiles over every call.
 *
 * A thin front on CoScenarioRunner, the runner behind condis-run and the
 * Python module: the options fill a CoScenario (every host accepts every
 * call and calls all the others uniformly), the runner builds and runs it.
 * Calls arrive for --duration seconds; the simulation then runs on until
 * every call has been released, so nothing is cut off mid-call.
 *
 * --load is the arrival rate of calls per host, in calls per second; the
 * offered traffic per host is load x holding Erlangs (as caller; each host
 * also receives as much, on average).
 *
 *   ./condis-call-storm                       10 x 10 grid, 200 hosts, 10 s
 *   ./condis-call-storm --crankback --failLinks=10 --csv=calls.csv
 *   ./condis-call-storm --rows=20 --cols=25 --hostsPerSwitch=4 --duration=60
 *       --crankback --failLinks=10    (one command)
 *        500 switches, 2,000 hosts, about 24,000 calls, 10 link failures
 *   ./condis-call-storm --topology=waxman --switches=300 --hostsPerSwitch=10
 *        300 switches, 3,000 hosts, about 6,000 calls
 *
 * Wall time in a Release build (one core of a 2-core development VM): the
 * defaults 0.1 s, the 500-switch grid 11 s, the Waxman network 1.3 s. Each
 * failure or repair recomputes every route (one Dijkstra per switch): about
 * 0.09 s at 500 switches (condis-topology-scale prints the figure). Debug
 * builds are many times slower, the recomputations above all.
 */

#include "ns3/condis-module.h"
#include "ns3/core-module.h"

#include <boost/range/iterator_range.hpp>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <stdexcept>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CondisCallStorm");

int
main(int argc, char* argv[])
{
    std::string topologyKind = "grid";
    uint32_t rows = 10;
    uint32_t cols = 10;
    uint32_t switches = 100;
    uint32_t hostsPerSwitch = 2;
    double load = 0.2;
    double holding = 5;
    uint32_t pcr = 1000;
    std::string category = "CBR";
    double duration = 10;
    bool crankback = false;
    uint32_t seed = 1;
    uint32_t run = 1;
    std::string csv;
    uint32_t failLinks = 0;
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("topology", "grid or waxman", topologyKind);
    cmd.AddValue("rows", "Rows of the grid", rows);
    cmd.AddValue("cols", "Columns of the grid", cols);
    cmd.AddValue("switches", "Switches of the Waxman graph", switches);
    cmd.AddValue("hostsPerSwitch", "Hosts attached to each switch", hostsPerSwitch);
    cmd.AddValue("load", "Calls per second placed by each host (Poisson arrivals)", load);
    cmd.AddValue("holding", "Mean holding time of a call, seconds (exponential)", holding);
    cmd.AddValue("pcr", "Peak cell rate of each call, cells/s (each way)", pcr);
    cmd.AddValue("category", "Service category: CBR, rt-VBR, nrt-VBR or UBR", category);
    cmd.AddValue("duration", "Seconds during which calls arrive", duration);
    cmd.AddValue("crankback", "Switches try alternate routes when one refuses", crankback);
    cmd.AddValue("seed", "Random seed", seed);
    cmd.AddValue("run", "Run number (independent replications)", run);
    cmd.AddValue("csv", "Write one line per call to this file", csv);
    cmd.AddValue("failLinks",
                 "Links to fail at random times during the arrivals, each restored after 1 s "
                 "to duration/2",
                 failLinks);
    cmd.AddValue("verbose", "Also print the failed calls by cause", verbose);
    cmd.Parse(argc, argv);

    CoScenario scenario;
    scenario.topology.generator = topologyKind;
    scenario.topology.rows = rows;
    scenario.topology.cols = cols;
    scenario.topology.n = switches;
    scenario.topology.alpha = 0.05; // about four links per switch at a few hundred switches
    scenario.hosts.perSwitch = hostsPerSwitch;
    scenario.switches.crankback = crankback;
    scenario.calls.rate = load;
    scenario.calls.holdingMean = Seconds(holding);
    scenario.calls.category = category;
    scenario.calls.pcr = pcr;
    if (category == "rt-VBR" || category == "nrt-VBR")
    {
        scenario.calls.scr = std::max(1u, pcr / 2);
        scenario.calls.mbs = 100;
    }
    scenario.duration = Seconds(duration);
    scenario.seed = seed;
    scenario.run = run;

    CoScenarioResults results;
    try
    {
        // Failures: distinct random links, down at a random time during the
        // arrivals, back up to duration/2 later; drawn from their own stream.
        CoTopology topology = CoScenarioRunner::Check(scenario);
        std::vector<std::pair<uint32_t, uint32_t>> links;
        for (auto e : boost::make_iterator_range(boost::edges(topology)))
        {
            links.emplace_back(boost::source(e, topology), boost::target(e, topology));
        }
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(1);
        failLinks = std::min<uint32_t>(failLinks, links.size());
        for (uint32_t i = 0; i < failLinks; ++i)
        {
            std::swap(links[i], links[rng->GetInteger(i, links.size() - 1)]);
            CoScenarioFailure down;
            down.at = Seconds(rng->GetValue(0, duration));
            down.target = CoScenarioFailure::Target::Link;
            down.vertex = links[i].first;
            down.peer = links[i].second;
            CoScenarioFailure up = down;
            up.action = CoScenarioFailure::Action::Restore;
            up.at = down.at + Seconds(rng->GetValue(1, std::max(1.0, duration / 2)));
            scenario.failures.push_back(down);
            scenario.failures.push_back(up);
        }
        results = CoScenarioRunner().Run(scenario);
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "condis-call-storm: " << e.what() << std::endl;
        return 2;
    }

    const CoCallSummary& s = results.summary;
    std::cout << topologyKind << ": " << results.switches << " switches, " << results.links
              << " links, " << results.hosts << " hosts\n";
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "offered: " << load << " calls/s per host for " << duration << " s, holding "
              << holding << " s (" << load * holding << " Erlangs per host), " << category
              << " PCR " << pcr << " cells/s, crankback " << (crankback ? "on" : "off") << "\n";
    if (failLinks > 0)
    {
        std::cout << "failures: " << failLinks << " links, each down for a while\n";
    }
    std::cout << "calls: " << s.calls << ", connected " << s.connected << "\n";
    std::cout << "blocking probability: " << std::setprecision(4) << s.blockingProbability << "\n";
    std::cout << "dropped by failures: " << s.dropped << " (" << s.droppingProbability
              << " of connected calls)\n";
    std::cout << std::setprecision(3) << "setup latency (ms): mean "
              << s.meanSetupLatency.GetSeconds() * 1e3 << ", p50 "
              << s.p50SetupLatency.GetSeconds() * 1e3 << ", p95 "
              << s.p95SetupLatency.GetSeconds() * 1e3 << ", p99 "
              << s.p99SetupLatency.GetSeconds() * 1e3 << ", max "
              << s.maxSetupLatency.GetSeconds() * 1e3 << "\n";
    std::cout << "mean hops: " << std::setprecision(2) << s.meanHops << "\n";
    std::cout << "crankbacks: " << s.crankbacks << "\n";
    std::cout << "carried load: " << results.carriedLoad << " Erlangs of " << results.offeredLoad
              << " offered\n";
    if (verbose)
    {
        std::map<uint8_t, uint64_t> byCause;
        for (const CoCallRecord& r : results.calls)
        {
            if (!r.outcome.IsSuccess())
            {
                ++byCause[r.outcome.GetCause()];
            }
        }
        for (auto [cause, count] : byCause)
        {
            std::cout << "    failed with cause " << +cause << " (" << Q2931Cause::GetName(cause)
                      << "): " << count << "\n";
        }
    }
    if (!csv.empty())
    {
        std::ofstream file(csv);
        if (!file)
        {
            std::cerr << "condis-call-storm: cannot write \"" << csv << "\"" << std::endl;
            return 2;
        }
        results.WriteCallsCsv(file);
        std::cout << "call records: " << csv << "\n";
    }
    std::cout << std::setprecision(2) << "wall time: " << results.wallSeconds << " s\n";
    std::cout << "CoNDIS rule violations: " << results.GetViolationCount() << std::endl;
    return results.GetViolationCount() == 0 ? 0 : 1;
}
