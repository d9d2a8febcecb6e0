/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * _condis: the compiled half of the Python package "condis". It speaks JSON
 * text in and plain Python containers out; the package (condis/__init__.py)
 * builds the Scenario class and the pandas DataFrames on top.
 */

#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"

#include <exception>
#include <limits>
#include <mutex>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <sstream>
#include <stdexcept>
#include <string>

namespace py = pybind11;
using namespace ns3;

namespace
{

/// ns-3 has one simulator per process: runs from several threads take turns.
std::mutex g_runMutex;

/**
 * \param t a time, negative when it does not apply
 * \return t in seconds, or NaN when t is negative
 */
double
SecondsOrNan(Time t)
{
    return t.IsNegative() ? std::numeric_limits<double>::quiet_NaN() : t.GetSeconds();
}

/**
 * \param value anything with an operator<<
 * \return what operator<< writes
 */
template <typename T>
std::string
ToText(const T& value)
{
    std::ostringstream os;
    os << value;
    return os.str();
}

/**
 * \param calls the call records of a run
 * \return the calls table as a dict of equally long lists, one per column
 */
py::dict
CallColumns(const std::vector<CoCallRecord>& calls)
{
    py::list callId;
    py::list caller;
    py::list callee;
    py::list start;
    py::list setupLatency;
    py::list outcome;
    py::list cause;
    py::list hops;
    py::list path;
    py::list crankbacks;
    py::list holdingTime;
    py::list releaseCause;
    py::list dropped;
    for (const CoCallRecord& r : calls)
    {
        callId.append(r.callId);
        caller.append(ToText(r.caller));
        callee.append(ToText(r.callee));
        start.append(r.start.GetSeconds());
        setupLatency.append(SecondsOrNan(r.setupLatency));
        outcome.append(ToText(r.outcome.GetCode()));
        cause.append(unsigned(r.outcome.GetCause()));
        hops.append(r.GetHops());
        path.append(py::cast(r.path));
        crankbacks.append(r.crankbacks);
        holdingTime.append(SecondsOrNan(r.holdingTime));
        releaseCause.append(unsigned(r.releaseCause));
        dropped.append(r.dropped);
    }
    py::dict d;
    d["call_id"] = callId;
    d["caller"] = caller;
    d["callee"] = callee;
    d["start_s"] = start;
    d["setup_latency_s"] = setupLatency;
    d["outcome"] = outcome;
    d["cause"] = cause;
    d["hops"] = hops;
    d["path"] = path;
    d["crankbacks"] = crankbacks;
    d["holding_time_s"] = holdingTime;
    d["release_cause"] = releaseCause;
    d["dropped"] = dropped;
    return d;
}

/**
 * \param ports the port statistics of a run
 * \return the ports table as a dict of equally long lists, one per column
 */
py::dict
PortColumns(const std::vector<CoPortStats>& ports)
{
    py::list sw;
    py::list node;
    py::list port;
    py::list peerKind;
    py::list peer;
    py::list admissible;
    py::list admitted;
    py::list refused;
    py::list peak;
    py::list reserved;
    for (const CoPortStats& p : ports)
    {
        sw.append(p.vertex);
        node.append(p.node);
        port.append(p.port);
        peerKind.append(p.toHost ? "host" : "switch");
        peer.append(p.peer);
        admissible.append(p.admissibleCellRate);
        admitted.append(p.admitted);
        refused.append(p.refused);
        peak.append(p.peakReservedCellRate);
        reserved.append(py::cast(p.reservedCellRate));
    }
    py::dict d;
    d["switch"] = sw;
    d["switch_node"] = node;
    d["port"] = port;
    d["peer_kind"] = peerKind;
    d["peer"] = peer;
    d["admissible_cells_per_s"] = admissible;
    d["admitted"] = admitted;
    d["refused"] = refused;
    d["peak_reserved_cells_per_s"] = peak;
    d["reserved_cells_per_s"] = reserved;
    return d;
}

/**
 * \param r the results of a run
 * \return the summary as a flat dict
 */
py::dict
Summary(const CoScenarioResults& r)
{
    const CoCallSummary& s = r.summary;
    py::dict d;
    d["calls"] = s.calls;
    d["connected"] = s.connected;
    d["dropped"] = s.dropped;
    d["blocking_probability"] = s.blockingProbability;
    d["dropping_probability"] = s.droppingProbability;
    d["mean_setup_latency_s"] = s.meanSetupLatency.GetSeconds();
    d["p50_setup_latency_s"] = s.p50SetupLatency.GetSeconds();
    d["p95_setup_latency_s"] = s.p95SetupLatency.GetSeconds();
    d["p99_setup_latency_s"] = s.p99SetupLatency.GetSeconds();
    d["max_setup_latency_s"] = s.maxSetupLatency.GetSeconds();
    d["mean_hops"] = s.meanHops;
    d["crankbacks"] = s.crankbacks;
    d["carried_load"] = r.carriedLoad;
    d["offered_load"] = r.offeredLoad;
    d["rule_violations"] = r.GetViolationCount();
    d["switches"] = r.switches;
    d["links"] = r.links;
    d["hosts"] = r.hosts;
    d["duration_s"] = r.duration.GetSeconds();
    d["end_time_s"] = r.endTime.GetSeconds();
    d["sample_interval_s"] = r.sampleInterval.GetSeconds();
    d["wall_time_s"] = r.wallSeconds;
    return d;
}

/**
 * \param text a scenario in JSON
 * \return the results of running it, as plain Python containers
 */
py::dict
RunJson(const std::string& text)
{
    CoScenario scenario = CoScenario::FromJson(text);
    CoScenarioResults results;
    {
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(g_runMutex);
        // what would stop ns-3 with a fatal error is refused here instead
        CoScenarioRunner::Check(scenario);
        results = CoScenarioRunner().Run(scenario);
    }
    py::dict d;
    d["calls"] = CallColumns(results.calls);
    d["ports"] = PortColumns(results.ports);
    d["rules"] = py::cast(results.rules);
    d["summary"] = Summary(results);
    return d;
}

} // namespace

PYBIND11_MODULE(_condis, m)
{
    m.doc() = "The compiled core of the condis package: scenarios as JSON text in, "
              "results as plain Python containers out. Use the condis package instead.";

    // invalid_argument (a scenario that does not validate) is ValueError, as
    // pybind11 does by default; every other C++ exception is RuntimeError,
    // not the IndexError or OverflowError pybind11 picks for some of them.
    py::register_local_exception_translator([](std::exception_ptr p) {
        try
        {
            if (p)
            {
                std::rethrow_exception(p);
            }
        }
        catch (const std::invalid_argument& e)
        {
            PyErr_SetString(PyExc_ValueError, e.what());
        }
        catch (const std::exception& e)
        {
            PyErr_SetString(PyExc_RuntimeError, e.what());
        }
    });

    m.def(
        "scenario_from_json",
        [](const std::string& text) { return CoScenario::FromJson(text).ToJson(); },
        py::arg("text"),
        "Reads a scenario from JSON text strictly, validates it and returns it as normalized "
        "JSON text (every key written). Raises ValueError naming the field and the value.");
    m.def(
        "default_scenario_json",
        []() { return CoScenario().ToJson(); },
        "Returns the default scenario as normalized JSON text.");
    m.def(
        "load_scenario_json",
        [](const std::string& path) { return CoScenario::Load(path).ToJson(); },
        py::arg("path"),
        "Reads a scenario file (a relative topology.file is taken relative to the file's "
        "directory) and returns it as normalized JSON text. Raises ValueError naming the file.");
    m.def(
        "scenarios_equal",
        [](const std::string& a, const std::string& b) {
            return CoScenario::FromJson(a) == CoScenario::FromJson(b);
        },
        py::arg("a"),
        py::arg("b"),
        "True when two scenarios in JSON describe the same run (parameters of generators "
        "other than the chosen one do not count).");
    m.def(
        "check_json",
        [](const std::string& text) { CoScenarioRunner::Check(CoScenario::FromJson(text)); },
        py::arg("text"),
        "Checks a scenario in JSON including what needs its topology (file, connectivity, "
        "failures naming real switches and links), without running it. Raises ValueError.");
    m.def(
        "_throw_for_test",
        [](const std::string& kind) {
            if (kind == "invalid_argument")
            {
                throw std::invalid_argument("test: invalid_argument");
            }
            if (kind == "out_of_range")
            {
                throw std::out_of_range("test: out_of_range");
            }
            throw std::runtime_error("test: " + kind);
        },
        py::arg("kind"),
        "For the tests only: throws the C++ exception named by kind (invalid_argument, "
        "out_of_range, anything else a runtime_error), to check how it reaches Python.");
    m.def("run_json",
          &RunJson,
          py::arg("text"),
          "Runs a scenario given as JSON text and returns a dict: 'calls' and 'ports' as dicts "
          "of columns (lists), 'rules' (violations by rule name) and 'summary'. The GIL is "
          "released while the simulation runs; runs from several threads take turns. Raises "
          "ValueError when the scenario is invalid.");
}
