/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * _condis: the compiled half of the Python package "condis". It speaks JSON
 * text in and NumPy columns out; the package (condis/__init__.py) builds the
 * Scenario class and the pandas DataFrames on top.
 */

#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"
#include "ns3/co-topology-svg.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace py = pybind11;
using namespace ns3;

namespace
{

/// ns-3 has one simulator per process: runs from several threads take turns.
std::mutex g_runMutex;

/// Calls of RunJson in progress, the GIL held or not (counted with the GIL held).
int g_activeRuns = 0;

/// The interpreter is exiting: no run may start (StopAtExit()).
std::atomic<bool> g_closing{false};

/// condis.RunStopped and condis.RunTimeout (made when the module loads).
py::handle g_runStopped;
py::handle g_runTimeout;

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
 * \param t a time, -1 when it does not apply
 * \return t in seconds, 0 included (an add refused at once took 0 s), or
 *         NaN when t is negative: as CoPartyRecord's CSV writes it
 */
double
PartySecondsOrNan(Time t)
{
    return t.IsStrictlyNegative() ? std::numeric_limits<double>::quiet_NaN() : t.GetSeconds();
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
 * \brief Numbers a column's distinct values in order of first appearance.
 *
 * Texts that repeat down a column (addresses, outcomes) cross into Python
 * once each, as a list of categories, and each row as a small integer
 * code: writing tens of thousands of Python strings row by row was most of
 * what a run cost on top of the simulation.
 */
template <typename Key>
class Coder
{
  public:
    /**
     * \param key a value of the column
     * \return its code: its index in Categories()
     */
    int32_t Code(const Key& key)
    {
        auto [it, inserted] = m_codes.try_emplace(key, static_cast<int32_t>(m_texts.size()));
        if (inserted)
        {
            m_texts.push_back(ToText(key));
        }
        return it->second;
    }

    /// \return the text of every value met, in the order of their codes (needs the GIL)
    py::list Categories() const
    {
        return py::cast(m_texts);
    }

  private:
    std::map<Key, int32_t> m_codes;   //!< value -> code
    std::vector<std::string> m_texts; //!< code -> text
};

/**
 * \brief A column of numbers as a NumPy array, written through a raw pointer.
 *
 * Allocating needs the GIL; writing does not, since no Python code can see
 * the array before the table is handed over.
 */
template <typename T>
struct NumberColumn
{
    /// \param rows the column's length (the GIL held)
    explicit NumberColumn(std::size_t rows)
        : array(rows),
          data(array.mutable_data())
    {
    }

    py::array_t<T> array; //!< what Python gets
    T* data;              //!< where the rows go
};

/**
 * \param rows the table's rows
 * \param values what a row holds in the column: a vector of unsigned integers
 * \return a NumPy object array holding one list of ints per row (needs the GIL)
 *
 * The lists are made with the C API straight into the array, not appended
 * one by one to a Python list that pandas would then have to inspect.
 */
template <typename Row, typename Values>
py::array
ListColumn(const std::vector<Row>& rows, Values values)
{
    py::array column(py::dtype("O"), std::vector<py::ssize_t>{py::ssize_t(rows.size())});
    auto** slots = static_cast<PyObject**>(column.mutable_data());
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        const auto& row = values(rows[i]);
        py::list list(row.size());
        for (std::size_t j = 0; j < row.size(); ++j)
        {
            PyObject* item = PyLong_FromUnsignedLongLong(row[j]);
            if (item == nullptr)
            {
                throw py::error_already_set();
            }
            PyList_SET_ITEM(list.ptr(), j, item); // the list takes the reference
        }
        // NumPy leaves a new object array's slots empty (null) or None:
        // either way the slot's old reference, if any, is given back
        Py_XDECREF(slots[i]);
        slots[i] = list.release().ptr();
    }
    return column;
}

/**
 * \param codes the codes of a column's rows
 * \param categories the text of each code
 * \return the pair the package turns into a column of texts
 */
py::tuple
CodedColumn(const py::array& codes, const py::list& categories)
{
    return py::make_tuple(codes, categories);
}

/**
 * \param calls the call records of a run
 * \return the calls table as a dict of columns: NumPy arrays, or (codes,
 *         categories) pairs for the text columns
 */
py::dict
CallColumns(const std::vector<CoCallRecord>& calls)
{
    const std::size_t n = calls.size();
    NumberColumn<int64_t> callId(n);
    NumberColumn<int32_t> caller(n);
    NumberColumn<int32_t> callee(n);
    NumberColumn<double> start(n);
    NumberColumn<double> setupLatency(n);
    NumberColumn<int32_t> outcome(n);
    NumberColumn<int64_t> cause(n);
    NumberColumn<int64_t> hops(n);
    NumberColumn<int64_t> crankbacks(n);
    NumberColumn<double> holdingTime(n);
    NumberColumn<int64_t> releaseCause(n);
    NumberColumn<bool> dropped(n);
    // caller and callee share their categories: the hosts' addresses
    Coder<AesaAddress> addresses;
    Coder<CoStatusCode> outcomes;
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i)
        {
            const CoCallRecord& r = calls[i];
            callId.data[i] = static_cast<int64_t>(r.callId);
            caller.data[i] = addresses.Code(r.caller);
            callee.data[i] = addresses.Code(r.callee);
            start.data[i] = r.start.GetSeconds();
            setupLatency.data[i] = SecondsOrNan(r.setupLatency);
            outcome.data[i] = outcomes.Code(r.outcome.GetCode());
            cause.data[i] = r.outcome.GetCause();
            hops.data[i] = r.GetHops();
            crankbacks.data[i] = r.crankbacks;
            holdingTime.data[i] = SecondsOrNan(r.holdingTime);
            releaseCause.data[i] = r.releaseCause;
            dropped.data[i] = r.dropped;
        }
    }
    py::list hostAddresses = addresses.Categories();
    py::dict d;
    d["call_id"] = callId.array;
    d["caller"] = CodedColumn(caller.array, hostAddresses);
    d["callee"] = CodedColumn(callee.array, hostAddresses);
    d["start_s"] = start.array;
    d["setup_latency_s"] = setupLatency.array;
    d["outcome"] = CodedColumn(outcome.array, outcomes.Categories());
    d["cause"] = cause.array;
    d["hops"] = hops.array;
    d["path"] = ListColumn(
        calls,
        [](const CoCallRecord& r) -> const auto& { return r.path; });
    d["crankbacks"] = crankbacks.array;
    d["holding_time_s"] = holdingTime.array;
    d["release_cause"] = releaseCause.array;
    d["dropped"] = dropped.array;
    return d;
}

/**
 * \param parties the party records of a run
 * \return the parties table as a dict of columns, as CallColumns() makes them
 */
py::dict
PartyColumns(const std::vector<CoPartyRecord>& parties)
{
    const std::size_t n = parties.size();
    NumberColumn<int64_t> callId(n);
    NumberColumn<int32_t> root(n);
    NumberColumn<int32_t> leaf(n);
    NumberColumn<int64_t> reference(n);
    NumberColumn<double> asked(n);
    NumberColumn<double> addLatency(n);
    NumberColumn<int32_t> outcome(n);
    NumberColumn<int64_t> cause(n);
    NumberColumn<double> activeTime(n);
    NumberColumn<int32_t> ending(n);
    NumberColumn<int64_t> endCause(n);
    NumberColumn<int64_t> sent(n);
    NumberColumn<int64_t> received(n);
    NumberColumn<int32_t> join(n);
    NumberColumn<int64_t> hops(n);
    Coder<std::string> joins;
    Coder<AesaAddress> addresses; // roots and leaves: the hosts' addresses
    Coder<CoStatusCode> outcomes;
    Coder<std::string> endings;
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i)
        {
            const CoPartyRecord& r = parties[i];
            callId.data[i] = static_cast<int64_t>(r.callId);
            root.data[i] = addresses.Code(r.root);
            leaf.data[i] = addresses.Code(r.leaf);
            reference.data[i] = r.endpointReference;
            asked.data[i] = r.asked.GetSeconds();
            addLatency.data[i] = PartySecondsOrNan(r.addLatency);
            outcome.data[i] = outcomes.Code(r.outcome.GetCode());
            cause.data[i] = r.outcome.GetCause();
            activeTime.data[i] = PartySecondsOrNan(r.activeTime);
            ending.data[i] = endings.Code(CoPartyRecord::GetEndingName(r.ending));
            endCause.data[i] = r.endCause;
            sent.data[i] = static_cast<int64_t>(r.sentSdus);
            received.data[i] = static_cast<int64_t>(r.receivedSdus);
            join.data[i] = joins.Code(r.leafJoined ? "leaf" : "root");
            hops.data[i] = r.hops;
        }
    }
    py::list hostAddresses = addresses.Categories();
    py::dict d;
    d["call_id"] = callId.array;
    d["root"] = CodedColumn(root.array, hostAddresses);
    d["leaf"] = CodedColumn(leaf.array, hostAddresses);
    d["endpoint_reference"] = reference.array;
    d["asked_s"] = asked.array;
    d["add_latency_s"] = addLatency.array;
    d["outcome"] = CodedColumn(outcome.array, outcomes.Categories());
    d["cause"] = cause.array;
    d["active_time_s"] = activeTime.array;
    d["ending"] = CodedColumn(ending.array, endings.Categories());
    d["end_cause"] = endCause.array;
    d["sent_sdus"] = sent.array;
    d["received_sdus"] = received.array;
    d["join"] = CodedColumn(join.array, joins.Categories());
    d["hops"] = hops.array;
    return d;
}

/**
 * \param results the results of a run
 * \return the ports table as a dict of columns, as CallColumns() makes them
 */
py::dict
PortColumns(const CoScenarioResults& results)
{
    const std::vector<CoPortStats>& ports = results.ports;
    const std::size_t n = ports.size();
    NumberColumn<int64_t> sw(n);
    NumberColumn<int64_t> node(n);
    NumberColumn<int64_t> port(n);
    NumberColumn<int32_t> peerKind(n);
    NumberColumn<int64_t> peer(n);
    NumberColumn<int64_t> admissible(n);
    NumberColumn<int64_t> admitted(n);
    NumberColumn<int64_t> refused(n);
    NumberColumn<int64_t> peak(n);
    NumberColumn<int64_t> dataFrames(n);
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i)
        {
            const CoPortStats& p = ports[i];
            sw.data[i] = p.vertex;
            node.data[i] = p.node;
            port.data[i] = p.port;
            peerKind.data[i] = p.toHost ? 1 : 0;
            peer.data[i] = p.peer;
            admissible.data[i] = static_cast<int64_t>(p.admissibleCellRate);
            admitted.data[i] = static_cast<int64_t>(p.admitted);
            refused.data[i] = static_cast<int64_t>(p.refused);
            peak.data[i] = static_cast<int64_t>(p.peakReservedCellRate);
            dataFrames.data[i] = static_cast<int64_t>(p.dataFrames);
        }
    }
    py::dict d;
    d["switch"] = sw.array;
    d["switch_node"] = node.array;
    d["port"] = port.array;
    d["peer_kind"] =
        CodedColumn(peerKind.array, py::cast(std::vector<std::string>{"switch", "host"}));
    d["peer"] = peer.array;
    d["admissible_cells_per_s"] = admissible.array;
    d["admitted"] = admitted.array;
    d["refused"] = refused.array;
    d["peak_reserved_cells_per_s"] = peak.array;
    d["data_frames"] = dataFrames.array;
    // the data plane: the columns GetPortDataColumns() names, in its order
    std::vector<std::string> names = CoScenarioResults::GetPortDataColumns();
    std::vector<NumberColumn<double>> numbers; // the throughput, delays and mean occupancy
    std::vector<NumberColumn<int64_t>> counts; // the rest
    for (const std::string& name : names)
    {
        bool real = name == "throughput_bps" || name == "mean_queued_frames" ||
                    name.find("_delay_s") != std::string::npos;
        real ? (void)numbers.emplace_back(n) : (void)counts.emplace_back(n);
    }
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i)
        {
            const CoPortStats& p = ports[i];
            const CoPortDataStats& q = p.queue;
            double throughput = results.endTime.IsStrictlyPositive()
                                    ? p.dataBytes * 8.0 / results.endTime.GetSeconds()
                                    : 0;
            std::vector<double> real{throughput,
                                     PartySecondsOrNan(q.meanQueueDelay),
                                     PartySecondsOrNan(q.p95QueueDelay),
                                     PartySecondsOrNan(q.maxQueueDelay),
                                     q.meanFrames};
            std::vector<int64_t> whole{static_cast<int64_t>(p.dataBytes),
                                       static_cast<int64_t>(q.enqueuedFrames),
                                       static_cast<int64_t>(q.maxFrames)};
            for (uint64_t drops : q.drops)
            {
                whole.push_back(static_cast<int64_t>(drops));
            }
            whole.push_back(static_cast<int64_t>(q.damagedFrames));
            whole.push_back(static_cast<int64_t>(q.lostCells));
            whole.push_back(static_cast<int64_t>(q.taggedFrames));
            for (std::size_t k = 0; k < real.size(); ++k)
            {
                numbers[k].data[i] = real[k];
            }
            for (std::size_t k = 0; k < whole.size(); ++k)
            {
                counts[k].data[i] = whole[k];
            }
        }
    }
    std::size_t nextNumber = 0;
    std::size_t nextCount = 0;
    for (const std::string& name : names)
    {
        bool real = name == "throughput_bps" || name == "mean_queued_frames" ||
                    name.find("_delay_s") != std::string::npos;
        if (real)
        {
            d[py::str(name)] = numbers[nextNumber++].array;
        }
        else
        {
            d[py::str(name)] = counts[nextCount++].array;
        }
    }
    d["reserved_cells_per_s"] = ListColumn(
        ports,
        [](const CoPortStats& p) -> const auto& { return p.reservedCellRate; });
    return d;
}

/**
 * \param vcs the VC records of a run
 * \return the VCs table as a dict of columns, as CallColumns() makes them
 */
py::dict
VcColumns(const std::vector<CoVcRecord>& vcs)
{
    const std::size_t n = vcs.size();
    NumberColumn<int64_t> callId(n);
    NumberColumn<int64_t> group(n);
    NumberColumn<int32_t> category(n);
    NumberColumn<int32_t> direction(n);
    NumberColumn<int32_t> sender(n);
    NumberColumn<int32_t> receiver(n);
    // the counts, in the CSV's order: sent, sent bytes, refused, received,
    // received bytes, lost, then the drops by reason, the reassembly drops
    // and the frames tagged
    std::vector<NumberColumn<int64_t>> counts;
    for (std::size_t k = 0;
         k < 6 + CoVcScheduler::DROP_REASONS + CoVcRecord::REASSEMBLY_COLUMNS.size() + 1;
         ++k)
    {
        counts.emplace_back(n);
    }
    // throughput, then the delays and the first and last times
    std::vector<NumberColumn<double>> numbers;
    for (std::size_t k = 0; k < 9; ++k)
    {
        numbers.emplace_back(n);
    }
    Coder<std::string> categories;
    Coder<std::string> directions;
    Coder<AesaAddress> addresses;
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i)
        {
            const CoVcRecord& r = vcs[i];
            callId.data[i] = static_cast<int64_t>(r.callId);
            group.data[i] = r.group;
            category.data[i] = categories.Code(r.category);
            direction.data[i] = directions.Code(r.forward ? "forward" : "backward");
            sender.data[i] = addresses.Code(r.sender);
            receiver.data[i] = addresses.Code(r.receiver);
            std::vector<uint64_t> whole{r.sentFrames,
                                        r.sentBytes,
                                        r.refusedFrames,
                                        r.receivedFrames,
                                        r.receivedBytes,
                                        r.GetLostFrames()};
            whole.insert(whole.end(), r.drops.begin(), r.drops.end());
            whole.insert(whole.end(), r.reassemblyDrops.begin(), r.reassemblyDrops.end());
            whole.push_back(r.taggedFrames);
            for (std::size_t k = 0; k < whole.size(); ++k)
            {
                counts[k].data[i] = static_cast<int64_t>(whole[k]);
            }
            double real[] = {r.throughput,
                             PartySecondsOrNan(r.meanDelay),
                             PartySecondsOrNan(r.p50Delay),
                             PartySecondsOrNan(r.p95Delay),
                             PartySecondsOrNan(r.p99Delay),
                             PartySecondsOrNan(r.maxDelay),
                             PartySecondsOrNan(r.meanDelayVariation),
                             PartySecondsOrNan(r.firstSent),
                             PartySecondsOrNan(r.lastReceived)};
            for (std::size_t k = 0; k < numbers.size(); ++k)
            {
                numbers[k].data[i] = real[k];
            }
        }
    }
    py::list hostAddresses = addresses.Categories();
    py::dict d;
    d["call_id"] = callId.array;
    d["group"] = group.array;
    d["category"] = CodedColumn(category.array, categories.Categories());
    d["direction"] = CodedColumn(direction.array, directions.Categories());
    d["sender"] = CodedColumn(sender.array, hostAddresses);
    d["receiver"] = CodedColumn(receiver.array, hostAddresses);
    std::vector<std::string> countNames{"sent_frames",
                                        "sent_bytes",
                                        "refused_frames",
                                        "received_frames",
                                        "received_bytes",
                                        "lost_frames"};
    std::vector<std::string> drops = CoVcRecord::GetDropColumns();
    countNames.insert(countNames.end(), drops.begin(), drops.end());
    countNames.insert(countNames.end(),
                      CoVcRecord::REASSEMBLY_COLUMNS.begin(),
                      CoVcRecord::REASSEMBLY_COLUMNS.end());
    countNames.push_back("tagged_frames");
    for (std::size_t k = 0; k < countNames.size(); ++k)
    {
        d[py::str(countNames[k])] = counts[k].array;
    }
    const char* numberNames[] = {"throughput_bps",
                                 "mean_delay_s",
                                 "p50_delay_s",
                                 "p95_delay_s",
                                 "p99_delay_s",
                                 "max_delay_s",
                                 "mean_delay_variation_s",
                                 "first_sent_s",
                                 "last_received_s"};
    for (std::size_t k = 0; k < numbers.size(); ++k)
    {
        d[numberNames[k]] = numbers[k].array;
    }
    return d;
}

/**
 * \param r the results of a run
 * \return the summary as a flat dict
 */
py::dict
Summary(const CoScenarioResults& r)
{
    py::dict d;
    for (const CoScenarioResults::SummaryField& f : r.GetSummaryFields())
    {
        if (f.integral)
        {
            d[py::str(f.name)] = uint64_t(f.value);
        }
        else
        {
            d[py::str(f.name)] = f.value;
        }
    }
    return d;
}

/**
 * \return whether SIGINT would raise KeyboardInterrupt in this thread now:
 *         the main thread, with a Python handler for SIGINT (needs the GIL)
 */
bool
PythonHandlesSigintHere()
{
    py::module_ threading = py::module_::import("threading");
    if (!threading.attr("current_thread")().is(threading.attr("main_thread")()))
    {
        return false;
    }
    py::module_ signal = py::module_::import("signal");
    py::object handler = signal.attr("getsignal")(signal.attr("SIGINT"));
    return !handler.is_none() && !handler.is(signal.attr("SIG_IGN")) &&
           !handler.is(signal.attr("SIG_DFL"));
}

/**
 * \brief Raises the Python exception for a stopped run (needs the GIL).
 * \param e what the runner threw
 *
 * SIGINT stopped it: Python's handler runs as if the signal had come now
 * (KeyboardInterrupt by default); if that raises nothing, RunStopped.
 */
[[noreturn]] void
RaiseStopped(const CoRunStopped& e)
{
    if (e.GetReason() == CoRunStopped::Reason::Interrupt)
    {
        PyErr_SetInterrupt();
        if (PyErr_CheckSignals() != 0)
        {
            throw py::error_already_set();
        }
    }
    py::handle type = e.GetReason() == CoRunStopped::Reason::Timeout ? g_runTimeout : g_runStopped;
    py::object error = type(e.what());
    error.attr("simulated_time_s") = e.GetStopTime().GetSeconds();
    error.attr("timeout_s") = e.GetTimeout() > 0 ? py::cast(e.GetTimeout()) : py::none();
    PyErr_SetObject(type.ptr(), error.ptr());
    throw py::error_already_set();
}

/// Counts a RunJson call in progress while alive (the GIL held at both ends).
struct ActiveRun
{
    ActiveRun()
    {
        ++g_activeRuns;
    }

    ~ActiveRun()
    {
        --g_activeRuns;
    }
};

/**
 * What a run's pictures are drawn from: its calls, parties, ports, topology
 * and failures, and every step of every call when it recorded them. Kept
 * apart from the tables, which Python holds as DataFrames.
 */
class RunRecord
{
  public:
    /// \param results a run's results, moved in
    explicit RunRecord(CoScenarioResults&& results)
        : m_results(std::move(results))
    {
    }

    /// \return the SVG chart of a call (std::invalid_argument: ValueError)
    std::string SequenceChart(uint64_t callId) const
    {
        return m_results.GetSequenceChart(callId);
    }

    /// \return the SVG chart of every call between two hosts (std::invalid_argument: ValueError)
    std::string SequenceChartBetween(const std::string& a, const std::string& b) const
    {
        return m_results.GetSequenceChartBetween(a, b);
    }

    /// \return the SVG picture of the network at \p seconds (std::invalid_argument: ValueError)
    std::string TopologySvg(double seconds, const std::string& by) const
    {
        if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e9)
        {
            throw std::invalid_argument("at: " + std::to_string(seconds) +
                                        ": expected seconds from 0 to the run's end");
        }
        return CoTopologySvg::Render(m_results, Seconds(seconds), CoTopologySvg::ParseMeasure(by));
    }

    /// \return the scenario's duration, seconds
    double GetDuration() const
    {
        return m_results.duration.GetSeconds();
    }

  private:
    CoScenarioResults m_results; //!< what the pictures need
};

/**
 * \param text a scenario in JSON
 * \param timeout seconds of wall-clock time the run may take (None: no limit)
 * \param charts whether to record every step of every call, for sequence charts
 * \return the results of running it: NumPy columns, dicts and numbers
 */
py::dict
RunJson(const std::string& text, std::optional<double> timeout, bool charts)
{
    ActiveRun active;
    CoScenario scenario = CoScenario::FromJson(text);
    CoScenarioRunner runner;
    if (timeout)
    {
        runner.SetTimeout(*timeout); // std::invalid_argument: ValueError
    }
    // Ctrl-C stops the run where Python would raise KeyboardInterrupt for it;
    // elsewhere SIGINT is left to whoever handles it.
    runner.SetStopOnInterrupt(PythonHandlesSigintHere());
    runner.SetRecordEvents(charts);
    CoScenarioResults results;
    try
    {
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(g_runMutex);
        if (g_closing.load())
        {
            throw std::runtime_error("the interpreter is exiting: no new run starts");
        }
        // Run() checks first (CoScenarioRunner::Check): what would stop ns-3
        // with a fatal error is refused with std::invalid_argument, a ValueError
        results = runner.Run(scenario);
    }
    catch (const CoRunStopped& e)
    {
        RaiseStopped(e); // the simulator is destroyed: the next run works
    }
    py::dict d;
    d["calls"] = CallColumns(results.calls);
    d["ports"] = PortColumns(results);
    d["vcs"] = VcColumns(results.vcs);
    d["parties"] = PartyColumns(results.parties);
    d["rules"] = py::cast(results.rules);
    d["summary"] = Summary(results);
    // Last: it takes the results over.
    d["record"] = py::cast(RunRecord(std::move(results)));
    return d;
}

/**
 * \brief Raises a Python exception with a C++ message, whatever its bytes:
 *        PyErr_SetString would fail on bytes that are not UTF-8 (quoted
 *        from a garbled file, say) and leave an exception without a
 *        message; these are kept as \\xNN escapes instead.
 * \param type the exception's type
 * \param what the message
 */
void
SetError(PyObject* type, const char* what)
{
    PyObject* message = PyUnicode_DecodeUTF8(what, std::strlen(what), "backslashreplace");
    if (message == nullptr)
    {
        PyErr_Clear();
        PyErr_SetString(type, "(a C++ error whose message could not be decoded)");
        return;
    }
    PyErr_SetObject(type, message);
    Py_DECREF(message);
}

} // namespace

PYBIND11_MODULE(_condis, m)
{
    m.doc() = "The compiled core of the condis package: scenarios as JSON text in, "
              "results as NumPy columns out. Use the condis package instead.";

    // Named for the package, which exports them (and so pickles find them).
    g_runStopped = PyErr_NewExceptionWithDoc(
        "condis.RunStopped",
        "A run was stopped before its end (condis.stop(), a Dask cancel); the simulator "
        "has been reset. Attributes: simulated_time_s (when it stopped), timeout_s.",
        PyExc_RuntimeError,
        nullptr);
    py::tuple timeoutBases = py::make_tuple(g_runStopped, py::handle(PyExc_TimeoutError));
    g_runTimeout = PyErr_NewExceptionWithDoc(
        "condis.RunTimeout",
        "A run was stopped by its timeout (wall-clock); the simulator has been reset.",
        timeoutBases.ptr(),
        nullptr);
    if (!g_runStopped || !g_runTimeout)
    {
        throw py::error_already_set();
    }
    m.attr("RunStopped") = g_runStopped;
    m.attr("RunTimeout") = g_runTimeout;

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
            SetError(PyExc_ValueError, e.what());
        }
        catch (const std::exception& e)
        {
            SetError(PyExc_RuntimeError, e.what());
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
        "failures naming real switches and links, a link's signalling too), without running "
        "it. Raises ValueError.");
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
            if (kind == "not_utf8")
            {
                throw std::invalid_argument("test: \xff\xfe not UTF-8");
            }
            throw std::runtime_error("test: " + kind);
        },
        py::arg("kind"),
        "For the tests only: throws the C++ exception named by kind (invalid_argument, "
        "out_of_range, not_utf8: an invalid_argument whose message is not UTF-8, anything "
        "else a runtime_error), to check how it reaches Python.");
    py::class_<RunRecord>(m,
                          "RunRecord",
                          "What a run's pictures are drawn from (run_json's 'record').")
        .def("sequence_chart",
             &RunRecord::SequenceChart,
             py::arg("call_id"),
             "Returns the message sequence chart of a call (a multipoint call with all its "
             "parties) as an SVG document. Raises ValueError naming the call when the run had "
             "no call of that id, or when it was not run with charts=True.")
        .def("sequence_chart_between",
             &RunRecord::SequenceChartBetween,
             py::arg("a"),
             py::arg("b"),
             "Returns the message sequence chart of every call between hosts a and b (h0, "
             "h1...), either way, as an SVG document. Raises ValueError naming a host that is "
             "not one of the run's, or when no call between them was recorded.")
        .def("topology_svg",
             &RunRecord::TopologySvg,
             py::arg("at"),
             py::arg("by") = "reserved",
             "Returns the network at time 'at' (seconds) as an SVG document, links coloured "
             "by 'reserved' bandwidth or 'calls' carried, failed links and switches marked. "
             "Raises ValueError for a time outside the run or another 'by'.")
        .def_property_readonly("duration_s",
                               &RunRecord::GetDuration,
                               "The scenario's duration, seconds.");

    m.def(
        "run_json",
        &RunJson,
        py::arg("text"),
        py::arg("timeout") = py::none(),
        py::arg("charts") = false,
        "Runs a scenario given as JSON text and returns a dict: 'calls', 'parties', 'ports' "
        "and 'vcs' as dicts "
        "of columns, 'rules' (violations by rule name) and 'summary'. A column is a NumPy "
        "array (int64, float64, bool, or object holding a list of ints per row), or for "
        "text a pair (codes, categories): an int32 array of indices into a list of str. "
        "The GIL is released while the simulation runs and while the number columns are "
        "filled; runs from several threads take turns. Raises ValueError when the scenario "
        "or the timeout is invalid. 'record' is a RunRecord that draws the network and, "
        "with charts=True, each call's message sequence chart. A run past its timeout (seconds of "
        "wall-clock time) "
        "raises RunTimeout, one stopped by request_stop() RunStopped, one stopped by "
        "SIGINT (main thread only) KeyboardInterrupt; each after the simulator is reset.");
    m.def(
        "request_stop",
        []() { CoScenarioRunner::RequestStop(); },
        "Asks the run in progress in this process to stop at its next event; it then raises "
        "RunStopped. Safe from any thread; a request while no run is in progress is "
        "forgotten when the next one starts.");
    m.def(
        "is_running",
        []() { return CoScenarioRunner::IsRunning(); },
        "True while a run is in progress in this process (past its start: a stop request "
        "now stops it).");
    m.def(
        "stop_at_exit",
        []() {
            // Registered with atexit: a run in another thread (a Dask
            // worker's) must end before the C++ statics are destroyed under it.
            g_closing.store(true);
            while (g_activeRuns > 0)
            {
                CoScenarioRunner::RequestStop();
                py::gil_scoped_release release;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        },
        "For atexit: refuses new runs, stops the runs in progress and waits until they have "
        "returned, so that no simulation runs while the process exits.");
}
