/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_SCENARIO_RUNNER_H
#define CO_SCENARIO_RUNNER_H

#include "ns3/co-call-event-collector.h"
#include "ns3/co-call-recorder.h"
#include "ns3/co-data-recorder.h"
#include "ns3/co-scenario.h"
#include "ns3/co-topology.h"

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief What one switch port saw during a run.
 */
struct CoPortStats
{
    uint32_t vertex = 0;                    //!< the switch's vertex in the topology
    uint32_t node = 0;                      //!< the switch's node id (as in CoCallRecord::path)
    uint32_t port = 0;                      //!< the port's index on the switch
    bool toHost = false;                    //!< the port leads to a host, not to a switch
    uint32_t peer = 0;                      //!< the neighbour's vertex, or the host's node id
    uint64_t admissibleCellRate = 0;        //!< what admission control may reserve, cells/s
    uint64_t admitted = 0;                  //!< calls admitted out of the port
    uint64_t refused = 0;                   //!< calls refused for the port (admission, crankback)
    uint64_t peakReservedCellRate = 0;      //!< the most reserved out of it at once, cells/s
    uint64_t dataFrames = 0;                //!< frames of user data sent out of it (copies)
    uint64_t dataBytes = 0;                 //!< their SDU bytes
    CoPortDataStats queue;                  //!< its VC scheduler's counts (zero without one)
    std::vector<uint64_t> reservedCellRate; //!< reserved out of it, cells/s, every sample
};

/**
 * \ingroup condis
 * \brief Everything a scenario run returns.
 */
struct CoScenarioResults
{
    std::vector<CoCallRecord> calls;         //!< one per call attempted, as they completed
    std::vector<CoPartyRecord> parties;      //!< one per party asked for, in that order
    std::vector<CoPortStats> ports;          //!< every switch port, by vertex then port
    std::vector<CoVcRecord> vcs;             //!< each direction of each call that sent data
    Time sampleInterval;                     //!< time between reservedCellRate samples (from 0)
    std::map<std::string, uint64_t> rules;   //!< CoNDIS rule violations by rule name, every rule
    CoCallSummary summary;                   //!< over calls
    CoPartySummary partySummary;             //!< over parties
    double carriedLoad = 0;                  //!< mean connected calls during [0, duration), Erlangs
    double offeredLoad = 0;                  //!< hosts x rate x mean holding time, Erlangs
    uint32_t switches = 0;                   //!< switches built
    uint32_t links = 0;                      //!< links between switches
    uint32_t hosts = 0;                      //!< hosts attached
    Time duration;                           //!< the scenario's duration (calls arrive)
    Time endTime;                            //!< when the last event ran
    uint64_t heldAtEnd = 0;                  //!< what was still held then (see CountHeld())
    double wallSeconds = 0;                  //!< real time the run took
    CoTopology topology;                     //!< the switches and links that ran
    std::vector<CoScenarioFailure> failures; //!< the failures and repairs applied
    /// Every step of every call, when the runner was asked to record them
    /// (CoScenarioRunner::SetRecordEvents()); else null. Hosts are named
    /// h0, h1... (numbered switch by switch), switches s0, s1... (vertices).
    std::shared_ptr<const CoCallEventCollector> events;

    /**
     * \param port one of ports
     * \return its data bits sent per second over [0, endTime]
     */
    double GetPortThroughput(const CoPortStats& port) const;

    /// \return the violations of every rule, summed
    uint64_t GetViolationCount() const;

    /**
     * \brief Writes the calls table (CoCallRecord's CSV), times in seconds
     *        with nine decimals, i.e. to the nanosecond.
     * \param os where to write (its format flags are left as they were)
     */
    void WriteCallsCsv(std::ostream& os) const;

    /**
     * \brief Writes the parties table (CoPartyRecord's CSV), times in
     *        seconds with nine decimals, as WriteCallsCsv().
     * \param os where to write (its format flags are left as they were)
     */
    void WritePartiesCsv(std::ostream& os) const;

    /**
     * \brief Writes one CSV row per port: switch,switch_node,port,peer_kind,
     *        peer,admissible_cells_per_s,admitted,refused,
     *        peak_reserved_cells_per_s,data_frames, then its data plane
     *        (GetPortDataColumns()), then reserved_cells_per_s (the samples,
     *        space separated, sampleInterval apart from time 0).
     * \param os where to write
     */
    void WritePortsCsv(std::ostream& os) const;

    /**
     * \return the ports table's data-plane columns, in order: data_bytes,
     *         throughput_bps (data bits sent over [0, endTime]),
     *         queued_frames, mean/p95/max_queue_delay_s, mean_queued_frames
     *         (averaged over time), max_queued_frames, then a drops_ column
     *         per CoVcScheduler::DropReason (the scheduler's figures are 0
     *         and the delays empty without a VC scheduler)
     */
    static std::vector<std::string> GetPortDataColumns();

    /**
     * \brief Writes the VCs table (CoVcRecord's CSV), times in seconds with
     *        nine decimals, as WriteCallsCsv().
     * \param os where to write (its format flags are left as they were)
     */
    void WriteVcsCsv(std::ostream& os) const;

    /// One number of the summary.
    struct SummaryField
    {
        std::string name; //!< e.g. "blocking_probability"; units in the name ("_s")
        double value;     //!< the number
        bool integral;    //!< a count, to be shown without a fraction
    };

    /**
     * \return the summary as named numbers (counts, probabilities, setup
     *         latency mean/p50/p95/p99/max, hops, loads, sizes, times): the
     *         one list behind summary.json and the Python summary dict
     */
    std::vector<SummaryField> GetSummaryFields() const;

    /**
     * \param os where to write the summary as a JSON object: the fields of
     *        GetSummaryFields(), then "rules", the violations by rule
     */
    void WriteSummaryJson(std::ostream& os) const;

    /**
     * \brief Draws one call of the run as a message sequence chart
     *        (CoSequenceChart); a multipoint call with all its parties.
     * \param callId the call's id (the calls or parties table's call_id)
     * \return the chart, an SVG document
     * \throws std::invalid_argument naming the call when the run had no
     *         such call, or when it did not record its events
     */
    std::string GetSequenceChart(uint64_t callId) const;

    /**
     * \brief Draws every call between two hosts, either way, on one chart
     *        (CoSequenceChart::RenderBetween()).
     * \param a a host's name, h0, h1... (numbered switch by switch)
     * \param b another
     * \return the chart, an SVG document
     * \throws std::invalid_argument naming a host that is not one of the
     *         run's, when no call between them was seen, or when the run did
     *         not record its events
     */
    std::string GetSequenceChartBetween(const std::string& a, const std::string& b) const;
};

/**
 * \ingroup condis
 * \brief A run that was stopped before its end: by its timeout, by SIGINT
 *        (when the runner was told to watch for it) or by
 *        CoScenarioRunner::RequestStop(). Thrown by CoScenarioRunner::Run()
 *        after the simulator has been destroyed, so that the next run works.
 */
class CoRunStopped : public std::runtime_error
{
  public:
    /// Why the run was stopped.
    enum class Reason
    {
        Timeout,   //!< its timeout (wall-clock) ran out
        Interrupt, //!< SIGINT (Ctrl-C)
        Request,   //!< CoScenarioRunner::RequestStop()
    };

    /**
     * \param reason why
     * \param at the simulated time at which it stopped
     * \param timeout the run's timeout, seconds (0: none)
     */
    CoRunStopped(Reason reason, Time at, double timeout);

    /// \return why the run was stopped
    Reason GetReason() const;

    /// \return the simulated time at which it stopped
    Time GetStopTime() const;

    /// \return the run's timeout in seconds of wall-clock time (0: none)
    double GetTimeout() const;

  private:
    Reason m_reason;  //!< why
    Time m_at;        //!< when, in simulated time
    double m_timeout; //!< the run's timeout
};

/**
 * \ingroup condis
 * \brief Builds a CoScenario with the module's helpers, runs it to the end
 *        and returns what happened. The one implementation behind
 *        condis-run and the Python module.
 *
 * Every host runs a CoSapServerApplication answering calls and a
 * CoCallGeneratorApplication calling the other hosts (uniformly chosen per
 * call) from time 0 until the scenario's duration (none when calls.rate is
 * 0); then the calls in progress run to their end, and so does the
 * simulation. Failures are applied at their times and the routes
 * recomputed. Each multipoint group is a CoMultipointRootApplication on its
 * root host, from its start to its stop, with every leaf's join and leave
 * times drawn before the run (streams after the call generators').
 *
 * ns-3's simulator is one per process: Run() must not be called while
 * another simulation is set up, and it leaves the simulator destroyed
 * (Simulator::Destroy()), so it may be called again. It sets the global
 * seed and run number (RngSeedManager) from the scenario.
 *
 * A run can be stopped: by its timeout (SetTimeout()), by SIGINT
 * (SetStopOnInterrupt()) or from another thread (RequestStop()). It then
 * ends at its next event (CoStoppableScheduler, the scheduler of its runs)
 * and Run() throws CoRunStopped once the simulator is destroyed.
 */
class CoScenarioRunner
{
  public:
    /**
     * \param seconds the wall-clock time a run may take, from the start of
     *        Run(), before it is stopped; 0 (the default): no limit
     * \throws std::invalid_argument when negative or not a number
     */
    void SetTimeout(double seconds);

    /// \return the timeout in seconds (0: none)
    double GetTimeout() const;

    /**
     * \param record whether runs keep every step of every call in their
     *        results (CoScenarioResults::events), for sequence charts. Off
     *        by default: a long run has millions of steps.
     */
    void SetRecordEvents(bool record);

    /// \return whether runs keep every step of every call
    bool GetRecordEvents() const;

    /**
     * \param stop whether SIGINT stops a run (CoRunStopped, Interrupt),
     *        also when it arrives just after the simulation ended. Run()
     *        handles SIGINT itself while it runs and puts the previous
     *        handler back before it returns. Off by default.
     */
    void SetStopOnInterrupt(bool stop);

    /**
     * \brief Asks the run in progress to stop at its next event (it throws
     *        CoRunStopped, Request). From any thread or a signal handler;
     *        a request while no run is in progress is forgotten when the
     *        next one starts.
     */
    static void RequestStop();

    /// \return whether a Run() is in progress (past its start) in this process
    static bool IsRunning();

    /**
     * \brief Checks a scenario, including what needs its topology (a file
     *        that reads, a connected graph, failures naming real switches
     *        and links, at least two hosts), without running it.
     * \param scenario the scenario
     * \return its topology
     * A Waxman topology is drawn from stream 0 of the scenario's seed and
     * run, which this sets in RngSeedManager.
     *
     * \throws std::invalid_argument naming the field and the value
     */
    static CoTopology Check(const CoScenario& scenario);

    /**
     * \brief Runs a scenario.
     * \param scenario the scenario
     * \return the results
     * \throws std::invalid_argument before anything is built, when the
     *         scenario is invalid (see Check())
     * \throws CoRunStopped when the run was stopped
     */
    CoScenarioResults Run(const CoScenario& scenario) const;

  private:
    double m_timeout = 0;           //!< seconds, 0: none
    bool m_stopOnInterrupt = false; //!< SIGINT stops the run
    bool m_recordEvents = false;    //!< keep every step of every call
};

} // namespace ns3

#endif /* CO_SCENARIO_RUNNER_H */
