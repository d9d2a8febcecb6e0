/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Runs a scenario described in JSON (see CoScenario) and writes its results.
 *
 *   ./condis-run                                 a small built-in scenario (a 2 x 2 grid)
 *   ./condis-run scenario.json --out=results     DIR/calls.csv, DIR/ports.csv, DIR/summary.json
 *                                                (and DIR/parties.csv with a multipoint section,
 *                                                DIR/vcs.csv when calls send data)
 *   ./condis-run scenario.json --seed=3 --run=7  other random draws than the file's
 *   ./condis-run --verbose                       the calls table on standard output too
 *   ./condis-run scenario.json --timeout=60      stop after 60 s of wall-clock time
 *   ./condis-run --chart=4294967297              DIR/call-4294967297.svg: that call's message
 *                                                sequence chart (ids: calls.csv's call_id)
 *   ./condis-run --chart=h0:h3 --chart-file=c.svg  every call between hosts h0 and h3
 *   ./condis-run --topology-svg=net.svg --topology-at=2.5 --topology-by=calls
 *                                                the network at 2.5 s, links coloured by the
 *                                                calls they carried (or by reserved bandwidth)
 *
 * A scenario that does not load or does not validate is reported on one
 * line naming the file, the field and the value, with exit status 2. A run
 * stopped by its timeout exits with status 124, one stopped by Ctrl-C
 * (SIGINT) with 130; both say where the run was, and write no files.
 */

#include "ns3/condis-module.h"
#include "ns3/core-module.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <stdexcept>

using namespace ns3;

namespace
{

/// Exit status for a scenario or an output directory that is not usable.
constexpr int BAD_INPUT = 2;

/// Exit status of a run stopped by its timeout (as timeout(1) has it).
constexpr int TIMED_OUT = 124;

/// Exit status of a run stopped by SIGINT (128 + the signal's number).
constexpr int INTERRUPTED = 130;

/**
 * \brief Writes one results file.
 * \param dir the output directory
 * \param name the file's name
 * \param write writes the contents
 */
template <typename F>
void
WriteFile(const std::filesystem::path& dir, const char* name, F write)
{
    std::filesystem::path path = dir / name;
    std::ofstream out(path);
    write(out);
    if (!out)
    {
        throw std::invalid_argument(path.string() + ": cannot write");
    }
}

/**
 * ns-3's CommandLine answers a value it cannot read with its whole usage
 * text and status 1; condis-run's errors are one line and status 2, so its
 * numbers are read as text and parsed here.
 * \param option the option's name, for the message
 * \param text its value
 * \param max the largest value allowed
 * \return the number
 */
uint64_t
ParseNumber(const std::string& option, const std::string& text, uint64_t max)
{
    std::size_t used = 0;
    unsigned long long value = 0;
    try
    {
        value = text.empty() || text[0] == '-' ? max + 1 : std::stoull(text, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (used != text.size() || value > max)
    {
        throw std::invalid_argument("--" + option + ": \"" + text + "\": expected a whole number " +
                                    "from 0 to " + std::to_string(max));
    }
    return value;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string file;
    std::string out = ".";
    std::string seed;
    std::string run;
    std::string timeout;
    bool verbose = false;
    std::string chart;
    std::string chartFile;
    std::string topologySvg;
    std::string topologyAt;
    std::string topologyBy = "reserved";

    CommandLine cmd(__FILE__);
    cmd.AddNonOption("scenario", "Scenario file (JSON); none runs a small built-in one", file);
    cmd.AddValue("out",
                 "Directory for calls.csv, ports.csv, summary.json (and parties.csv, vcs.csv)",
                 out);
    cmd.AddValue("seed", "Random seed (1 or more), instead of the scenario's", seed);
    cmd.AddValue("run", "Run number, instead of the scenario's", run);
    cmd.AddValue("timeout", "Stop the run after this many seconds of wall-clock time", timeout);
    cmd.AddValue("verbose", "Print the calls table too", verbose);
    cmd.AddValue("chart",
                 "Draw a call's message sequence chart (SVG): its call_id in calls.csv, or "
                 "HOST:HOST (e.g. h0:h3) for every call between two hosts",
                 chart);
    cmd.AddValue("chart-file", "Where the chart goes (default: DIR/call-CHART.svg)", chartFile);
    cmd.AddValue("topology-svg", "Draw the network (SVG) to this file", topologySvg);
    cmd.AddValue("topology-at",
                 "The instant drawn, seconds (default: half the scenario's duration)",
                 topologyAt);
    cmd.AddValue("topology-by", "What colours the links: reserved or calls", topologyBy);
    cmd.Parse(argc, argv);

    CoScenarioResults results;
    bool multipoint = false; // the scenario has multipoint groups: parties.csv too
    bool data = false;       // its calls send data: vcs.csv too
    try
    {
        CoScenario scenario = file.empty() ? CoScenario() : CoScenario::Load(file);
        multipoint = !scenario.multipoint.empty();
        data = scenario.SendsData();
        if (!seed.empty())
        {
            scenario.seed = ParseNumber("seed", seed, UINT32_MAX);
        }
        if (!run.empty())
        {
            scenario.run = ParseNumber("run", run, UINT32_MAX);
        }
        CoScenarioRunner runner;
        runner.SetStopOnInterrupt(true);
        // A call's id is known only once it has run; its form is checked now.
        uint64_t chartCall = 0;
        const std::size_t colon = chart.find(':');
        if (!chart.empty() && colon == std::string::npos)
        {
            chartCall = ParseNumber("chart", chart, UINT64_MAX);
        }
        else if (!chart.empty() && (colon == 0 || colon + 1 == chart.size()))
        {
            throw std::invalid_argument("--chart: \"" + chart +
                                        "\": expected a call id or two hosts, HOST:HOST");
        }
        runner.SetRecordEvents(!chart.empty());
        // The picture's options are checked before the run, not after it.
        const CoTopologySvg::Measure measure = [&]() {
            try
            {
                return CoTopologySvg::ParseMeasure(topologyBy);
            }
            catch (const std::invalid_argument& e)
            {
                throw std::invalid_argument(std::string("--topology-by: ") + e.what());
            }
        }();
        Time drawnAt = scenario.duration / 2;
        if (!topologyAt.empty())
        {
            std::size_t used = 0;
            double seconds = -1;
            try
            {
                seconds = std::stod(topologyAt, &used);
            }
            catch (const std::exception&)
            {
                used = 0;
            }
            if (used != topologyAt.size() || !(seconds >= 0) || !(seconds < 1e9))
            {
                throw std::invalid_argument("--topology-at: \"" + topologyAt +
                                            "\": expected a number of seconds from 0");
            }
            drawnAt = Seconds(seconds);
        }
        if (!timeout.empty())
        {
            std::size_t used = 0;
            double seconds = -1;
            try
            {
                seconds = std::stod(timeout, &used);
            }
            catch (const std::exception&)
            {
                used = 0;
            }
            if (used != timeout.size() || !(seconds > 0) || !std::isfinite(seconds))
            {
                throw std::invalid_argument("--timeout: \"" + timeout +
                                            "\": expected a number of seconds above 0");
            }
            runner.SetTimeout(seconds);
        }
        try
        {
            results = runner.Run(scenario);
        }
        catch (const CoRunStopped& e)
        {
            std::cerr << "condis-run: " << e.what() << std::endl;
            return e.GetReason() == CoRunStopped::Reason::Timeout ? TIMED_OUT : INTERRUPTED;
        }
        catch (const std::invalid_argument& e)
        {
            // Run() checks the topology before building anything (a file
            // that reads, failures naming real switches) but does not know
            // the scenario's file: name it, as Load()'s errors do.
            if (file.empty())
            {
                throw;
            }
            throw std::invalid_argument(file + ": " + e.what());
        }

        std::filesystem::path dir(out);
        std::error_code error;
        std::filesystem::create_directories(dir, error);
        if (error)
        {
            throw std::invalid_argument("--out: \"" + out + "\": " + error.message());
        }
        WriteFile(dir, "calls.csv", [&](std::ostream& os) { results.WriteCallsCsv(os); });
        WriteFile(dir, "ports.csv", [&](std::ostream& os) { results.WritePortsCsv(os); });
        if (multipoint)
        {
            WriteFile(dir, "parties.csv", [&](std::ostream& os) { results.WritePartiesCsv(os); });
        }
        if (data)
        {
            WriteFile(dir, "vcs.csv", [&](std::ostream& os) { results.WriteVcsCsv(os); });
        }
        WriteFile(dir, "summary.json", [&](std::ostream& os) { results.WriteSummaryJson(os); });
        if (!chart.empty())
        {
            std::string svg;
            try
            {
                svg = colon == std::string::npos
                          ? results.GetSequenceChart(chartCall)
                          : results.GetSequenceChartBetween(chart.substr(0, colon),
                                                            chart.substr(colon + 1));
            }
            catch (const std::invalid_argument& e)
            {
                throw std::invalid_argument("--chart: \"" + chart + "\": " + e.what());
            }
            std::filesystem::path path =
                chartFile.empty()
                    ? dir / ("call-" +
                             (colon == std::string::npos
                                  ? chart
                                  : chart.substr(0, colon) + "-" + chart.substr(colon + 1)) +
                             ".svg")
                    : std::filesystem::path(chartFile);
            std::ofstream file(path);
            file << svg;
            if (!file)
            {
                throw std::invalid_argument("--chart-file: \"" + path.string() +
                                            "\": cannot write");
            }
            chartFile = path.string();
        }
        if (!topologySvg.empty())
        {
            std::string svg;
            try
            {
                svg = CoTopologySvg::Render(results, drawnAt, measure);
            }
            catch (const std::invalid_argument& e)
            {
                throw std::invalid_argument("--topology-at: \"" + topologyAt + "\": " + e.what());
            }
            std::ofstream file(topologySvg);
            file << svg;
            if (!file)
            {
                throw std::invalid_argument("--topology-svg: \"" + topologySvg +
                                            "\": cannot write");
            }
        }
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "condis-run: " << e.what() << std::endl;
        return BAD_INPUT;
    }
    catch (const std::exception& e)
    {
        // Not a mistake in the input (out of memory, say): still one line
        // and an exit status rather than an abort.
        std::cerr << "condis-run: " << (file.empty() ? "" : file + ": ") << "failed: " << e.what()
                  << std::endl;
        return 1;
    }

    if (verbose)
    {
        results.WriteCallsCsv(std::cout);
    }
    const CoCallSummary& s = results.summary;
    std::cout << (file.empty() ? "built-in scenario" : file) << ": " << results.switches
              << " switches, " << results.links << " links, " << results.hosts << " hosts\n"
              << s.calls << " calls, " << s.connected << " connected, blocking "
              << s.blockingProbability << "\n"
              << std::fixed << std::setprecision(3) << "setup latency: mean "
              << s.meanSetupLatency.GetSeconds() * 1e3 << " ms, p95 "
              << s.p95SetupLatency.GetSeconds() * 1e3 << " ms, max "
              << s.maxSetupLatency.GetSeconds() * 1e3 << " ms\n"
              << "load: offered " << results.offeredLoad << " Erlangs, carried "
              << results.carriedLoad << " Erlangs\n";
    if (multipoint)
    {
        const CoPartySummary& p = results.partySummary;
        std::cout << p.parties << " parties, " << p.added << " added, " << p.failed
                  << " failed; add latency: mean " << p.meanAddLatency.GetSeconds() * 1e3
                  << " ms, p95 " << p.p95AddLatency.GetSeconds() * 1e3 << " ms\n";
        if (p.joins > 0)
        {
            std::cout << p.joins << " joined at the leaves' request; join latency: mean "
                      << p.meanJoinLatency.GetSeconds() * 1e3 << " ms, p95 "
                      << p.p95JoinLatency.GetSeconds() * 1e3 << " ms\n";
        }
    }
    if (data)
    {
        // Over every VC direction that sent: what arrived, and how late.
        uint64_t sent = 0;
        uint64_t received = 0;
        Time worst;
        for (const CoVcRecord& v : results.vcs)
        {
            sent += v.sentFrames;
            received += v.receivedFrames;
            worst = std::max(worst, v.maxDelay);
        }
        std::cout << results.vcs.size() << " VC directions carried data: " << received << " of "
                  << sent << " frames arrived, longest delay " << worst.GetSeconds() * 1e3
                  << " ms\n";
    }
    std::cout << "results in " << out << "/{calls.csv,ports.csv,summary.json"
              << (multipoint ? ",parties.csv" : "") << (data ? ",vcs.csv" : "") << "}\n";
    if (!topologySvg.empty())
    {
        std::cout << "network picture in " << topologySvg << "\n";
    }
    if (!chart.empty())
    {
        std::cout << "sequence chart in " << chartFile << "\n";
    }
    std::cout << "CoNDIS rule violations: " << results.GetViolationCount() << std::endl;
    return 0;
}
