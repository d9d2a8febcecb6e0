/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_SCENARIO_H
#define CO_SCENARIO_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Where the switches come from: a generator with its parameters, or
 *        a GraphML / Graphviz DOT file.
 *
 * Each generator reads only its own parameters (see CoTopologyGenerator):
 * line and ring n; star leaves; grid and torus rows, cols; tree depth,
 * fanout; waxman n, alpha, beta.
 */
struct CoScenarioTopology
{
    std::string generator = "grid"; //!< line|ring|star|grid|torus|tree|waxman; ignored with a file
    std::string file;               //!< GraphML/DOT path; when set, used instead of the generator
    uint32_t n = 4;                 //!< switches (line, ring, waxman)
    uint32_t leaves = 4;            //!< leaf switches (star)
    uint32_t rows = 2;              //!< rows (grid, torus)
    uint32_t cols = 2;              //!< columns (grid, torus)
    uint32_t depth = 2;             //!< levels below the root (tree)
    uint32_t fanout = 2;            //!< children per inner switch (tree)
    double alpha = 0.4;             //!< distance scale (waxman)
    double beta = 0.4;              //!< edge density (waxman)
};

/**
 * \ingroup condis
 * \brief The hosts: how many hang off each switch, and their access links.
 */
struct CoScenarioHosts
{
    uint32_t perSwitch = 1;                 //!< hosts attached to every switch
    DataRate rate = DataRate("155520kbps"); //!< access link rate (OC-3)
    Time delay = MicroSeconds(100);         //!< access link propagation delay
};

/**
 * \ingroup condis
 * \brief What every generated link gets (a topology file gives its own).
 */
struct CoScenarioLinks
{
    DataRate rate = DataRate("155520kbps"); //!< line rate, each direction (OC-3)
    Time delay = MilliSeconds(1);           //!< propagation delay
    uint32_t weight = 1;                    //!< administrative weight, at least 1
};

/**
 * \ingroup condis
 * \brief CoSwitch attributes, the same for every switch (a topology file's
 *        processing_delay overrides processingDelay for its node).
 */
struct CoScenarioSwitches
{
    Time processingDelay = MicroSeconds(100); //!< ProcessingDelay
    double admissibleFraction = 1.0;          //!< AdmissibleFraction, in [0, 1]
    bool crankback = false;                   //!< Crankback
    Time t303 = Seconds(4);                   //!< T303, at least 1 ms
    Time t308 = Seconds(30);                  //!< T308, at least 1 ms
    Time t309 = Seconds(10);                  //!< T309, at least 1 ms
    Time t310 = Seconds(10);                  //!< T310, at least 1 ms
};

/**
 * \ingroup condis
 * \brief What each connected call of a group carries: a CoTrafficSource
 *        model and its parameters (the JSON object calls.traffic).
 *
 * Each type reads only its own keys: cbr rate, frameSize; poisson
 * frameRate, frameSize, sizes, maxSize; onoff peakRate, frameSize, on, off;
 * trace file. No type (the default) leaves the group's packetSize and
 * packetInterval in charge.
 */
struct CoScenarioTraffic
{
    std::string type;                      //!< ""(none)|cbr|poisson|onoff|trace
    DataRate rate = DataRate("1Mbps");     //!< cbr: SDU bits per second
    DataRate peakRate = DataRate("1Mbps"); //!< onoff: the rate while on
    uint32_t frameSize = 512;              //!< bytes per frame (poisson: the mean), 1..65535
    double frameRate = 100;                //!< poisson: frames per second
    std::string sizes = "fixed";           //!< poisson: fixed|exponential frame sizes
    uint32_t maxSize = 9188;               //!< poisson, exponential sizes: the largest, bytes
    std::string onDistribution =
        "exponential";               //!< onoff: exponential|pareto (JSON on.distribution)
    Time onMean = MilliSeconds(100); //!< onoff: mean on period (JSON on.mean)
    double onShape = 1.5;            //!< onoff, pareto: shape, > 1 (JSON on.shape)
    std::string offDistribution =
        "exponential";                //!< onoff: exponential|pareto (JSON off.distribution)
    Time offMean = MilliSeconds(100); //!< onoff: mean off period (JSON off.mean)
    double offShape = 1.5;            //!< onoff, pareto: shape, > 1 (JSON off.shape)
    std::string file;                 //!< trace: "time size" lines (relative: to the scenario file)

    /// \return whether a traffic model is given
    bool IsSet() const
    {
        return !type.empty();
    }

    /// \return frames per second on a connected call, on average (0: unknown, a trace)
    double GetMeanFrameRate() const;
};

/**
 * \ingroup condis
 * \brief The call model: every host places calls and answers them.
 */
struct CoScenarioCalls
{
    std::string arrival = "poisson"; //!< arrival process; only "poisson" for now
    double rate = 1.0;               //!< calls per second placed by each host, > 0
    std::string holdingDistribution =
        "exponential";             //!< exponential|constant (JSON holding.distribution)
    Time holdingMean = Seconds(1); //!< mean holding time, > 0 (JSON holding.mean)
    std::string category = "CBR";  //!< service category: CBR|rt-VBR|nrt-VBR|UBR
    uint32_t pcr = 1000;           //!< peak cell rate, cells/s, both ways
    uint32_t scr = 0;              //!< sustainable cell rate, cells/s (VBR)
    uint32_t mbs = 0;              //!< maximum burst size, cells (VBR)
    uint32_t minPcr = 0;    //!< lowest peak cell rate the callers accept, both ways (0: none)
    uint32_t maxSdu = 9188; //!< largest AAL5 SDU, bytes (1..65535)
    std::string who = "all-pairs";    //!< who calls whom; only "all-pairs" for now
    uint32_t packetSize = 512;        //!< bytes per SDU sent on a connected call
    Time packetInterval = Seconds(0); //!< time between SDUs; 0 sends no data
    CoScenarioTraffic traffic;        //!< what each call carries, instead of packetInterval

    /// \return whether the calls send data (a traffic model, or a packet interval)
    bool SendsData() const
    {
        return traffic.IsSet() || !packetInterval.IsZero();
    }
};

/**
 * \ingroup condis
 * \brief One failure or repair to inject.
 */
struct CoScenarioFailure
{
    /// What happens.
    enum class Action : uint8_t
    {
        Fail,    //!< the element goes down
        Restore, //!< the element comes back
    };

    /// What it happens to.
    enum class Target : uint8_t
    {
        Link,       //!< the first link between vertex and peer
        Switch,     //!< the switch at vertex
        Signalling, //!< that link's signalling channel alone, data still flowing
    };

    Time at;                        //!< when
    Action action = Action::Fail;   //!< fail or restore
    Target target = Target::Switch; //!< a link, a switch or a link's signalling
    uint32_t vertex = 0;            //!< the switch, or one end of the link
    uint32_t peer = 0;              //!< the link's other end (links and signalling only)
};

/**
 * \ingroup condis
 * \brief One point-to-multipoint group: a root host whose call (Q.2971)
 *        adds each leaf host when it joins and drops it when it leaves,
 *        and carries constant bit rate data to the leaves on it.
 *
 * Hosts are numbered from 0, switch by switch: host h hangs off switch
 * h / hosts.perSwitch. Each leaf's join and leave times (after start) are
 * drawn when the run is built: with poisson arrivals and a holding time, a
 * leaf waits Exp(rate), stays its holding time, and comes back the same way
 * until the group stops; with fixed times, or no holding time, it joins
 * once. The root makes the call with the first leaf that joins and closes it
 * with the last that leaves; a leaf that joins after that makes a new call
 * (see CoMultipointRootApplication).
 */
struct CoScenarioMultipointGroup
{
    uint32_t root = 0;                        //!< the root's host
    std::vector<uint32_t> leaves;             //!< the leaves' hosts (empty: leafCount drawn)
    uint32_t leafCount = 0;                   //!< leaves drawn among the other hosts, if no list
    std::string join = "root";                //!< who asks for a join: root or leaf (UNI 4.0)
    std::string leafJoin = "root-prompted";   //!< join leaf: root-prompted|network, who lets in
    uint32_t maxLeaves = 0;                   //!< root-prompted: parties beyond which the root
                                              //!< refuses (0: no limit)
    std::string arrival = "poisson";          //!< poisson|fixed: when each leaf joins
    double rate = 1.0;                        //!< poisson: joins per second per leaf, when away
    std::vector<Time> times;                  //!< fixed: each leaf's join time, after start
    std::string holdingDistribution = "none"; //!< exponential|constant|none (stays to stop)
    Time holdingMean = Seconds(1);            //!< mean time a leaf stays, > 0
    Time start = Seconds(0);                  //!< when the root starts
    Time stop = Seconds(0);                   //!< when it stops (0: at the scenario's duration)
    uint32_t pcr = 1000;                      //!< forward peak cell rate, cells/s (CBR)
    uint32_t packetSize = 512;                //!< bytes per SDU (1..9188)
    Time packetInterval = MilliSeconds(10);   //!< between SDUs; 0 sends nothing

    /// \return the number of leaves: the list's, or leafCount
    uint32_t GetLeafCount() const
    {
        return leaves.empty() ? leafCount : leaves.size();
    }
};

/**
 * \ingroup condis
 * \brief The CoVcScheduler attributes of one kind of port (the JSON
 *        objects queueing.hosts and queueing.switches).
 *
 * Only scenarios with a traffic model install schedulers; without one these
 * settings are read, checked and kept, and change nothing.
 */
struct CoScenarioScheduler
{
    Time cdvt = Seconds(0);         //!< Cdvt: jitter tolerated before a VC is shaped, >= 0
    std::string discipline = "WRR"; //!< Discipline within a category: WRR|WFQ
    /// CategoryService across the categories: priority (strict) | weighted
    std::string categoryService = "priority";
    /// CbrWeight, RtVbrWeight, NrtVbrWeight, UbrWeight (used when weighted)
    std::array<double, 4> categoryWeights = {1, 1, 1, 1};
    uint32_t vcMaxFrames = 100; //!< VcMaxFrames: frames each VC may hold, >= 1
    uint32_t vcMaxCells = 0;    //!< VcMaxCells: cells each VC may hold (0: no limit)
    uint32_t maxFrames = 0;     //!< MaxFrames: frames the port holds before refusing UBR (0: none)
    uint32_t maxCells = 0;      //!< MaxCells: cells the port holds before refusing UBR (0: none)
    uint32_t epdThreshold = 0;  //!< EpdThreshold: early packet discard of UBR from here (0: off)
    uint32_t clpThreshold = 0;  //!< ClpThreshold: CLP=1 frames refused from here (0: off)
    /// Fidelity: frame (an AAL5 frame per event) | cell (a cell per event)
    std::string fidelity = "frame";
    bool partialPacketDiscard = false; //!< PartialPacketDiscard (cell level)
    /// VcWeighting: equal (1 each) | contract (the contract's rate over weightUnit)
    std::string vcWeighting = "equal";
    uint32_t weightUnit = 1000; //!< WeightUnit: cells/s per unit of a contract weight, >= 1
    /// The switches' Upc (queueing.switches only): none|tag|discard
    std::string upc = "none";
    Time upcCdvt = Seconds(0); //!< the switches' UpcCdvt (queueing.switches only), >= 0
};

/**
 * \ingroup condis
 * \brief How the ports queue when the calls send traffic: the schedulers of
 *        the host NICs and of the switch ports, set apart because a NIC
 *        shapes what its own clients offer while a switch port re-shapes
 *        what arrives with the jitter of the hops before it.
 */
struct CoScenarioQueueing
{
    CoScenarioScheduler hosts;    //!< every host NIC's CoVcScheduler
    CoScenarioScheduler switches; //!< every switch port's CoVcScheduler
};

/**
 * \ingroup condis
 * \brief What the runner measures besides the calls.
 */
struct CoScenarioStatistics
{
    Time sampleInterval = MilliSeconds(100); //!< reserved bandwidth is sampled this often, > 0
};

/**
 * \ingroup condis
 * \brief Everything a run needs, in sections: the description that the
 *        scenario runner, condis-run and the Python module share.
 *
 * In JSON (ToJson(), FromJson(), Load(), Save()) each section is an object
 * of the same name; every key is optional and defaults to the value here.
 * Times and data rates are strings in ns-3's syntax with a unit ("100us",
 * "2ms", "155.52Mbps"); numbers are bare JSON numbers. A key the format does
 * not know, a value of the wrong type or out of range is an error that
 * names the field's path and the value: std::invalid_argument, so that the
 * Python module can raise ValueError. New features add sections or keys;
 * existing ones keep their meaning.
 */
struct CoScenario
{
    CoScenarioTopology topology;                       //!< the switches and links
    CoScenarioHosts hosts;                             //!< the hosts
    CoScenarioLinks links;                             //!< links of generated topologies
    CoScenarioSwitches switches;                       //!< switch attributes
    CoScenarioCalls calls;                             //!< the call model
    std::vector<CoScenarioCalls> callGroups;           //!< more call models, on every host too
    std::vector<CoScenarioFailure> failures;           //!< failures and repairs, in any order
    std::vector<CoScenarioMultipointGroup> multipoint; //!< point-to-multipoint groups
    CoScenarioQueueing queueing;                       //!< the VC schedulers' settings
    CoScenarioStatistics statistics;                   //!< what is measured
    Time duration = Seconds(10);                       //!< calls arrive during [0, duration); > 0
    uint32_t seed = 1;                                 //!< RngSeedManager seed, >= 1
    uint32_t run = 1;                                  //!< RngSeedManager run

    /**
     * \name Limits
     * What a scenario may ask for at the most: beyond these a run would
     * exhaust memory or never end, so a larger value is refused with a
     * message naming the field, the value and the limit. (Validate() checks
     * what the scenario alone determines; CoScenarioRunner::Check() checks
     * the same totals against the topology actually read or generated.)
     * \{
     */
    /// Switches: every switch's routing table has an entry per switch
    /// (about 56 bytes), so memory grows as switches^2 (1.4 GB at 5000).
    static constexpr uint64_t MAX_SWITCHES = 5000;
    /// Waxman switches: the generator draws for every pair (n^2 / 2) and a
    /// dense draw links most pairs.
    static constexpr uint64_t MAX_WAXMAN_SWITCHES = 2000;
    /// Links: each is a channel and two port devices.
    static constexpr uint64_t MAX_LINKS = 50000;
    /// Hosts in all: each is a node with a NIC and two applications, and
    /// with "all-pairs" every host keeps every other host's address
    /// (20 bytes x hosts^2: 500 MB at 5000).
    static constexpr uint64_t MAX_HOSTS = 5000;
    /// Calls per second per host: ns-3's clock counts whole nanoseconds, so
    /// faster arrivals round their gaps to 0 ns and simulated time stops
    /// advancing; at 10^6/s the mean gap is 1000 ns.
    static constexpr double MAX_CALL_RATE = 1e6;
    /// Calls expected in a run (hosts x calls.rate x duration): every call
    /// is a row of the calls table, kept in memory (about 200 bytes each).
    static constexpr double MAX_CALLS = 1e7;
    /// Samples of reserved bandwidth per port: the run lasts about
    /// duration (or until the last failure) plus the longest holding time
    /// (taken as 20 holding means), sampled every statistics.sampleInterval.
    static constexpr double MAX_SAMPLES_PER_PORT = 1e7;
    /// Samples in all (ports x samples per port), 8 bytes each in C++ and
    /// a Python int each in the ports table.
    static constexpr double MAX_SAMPLES = 1e8;
    /// Data packets expected in a run (calls x holding.mean /
    /// packetInterval): each is several events per hop.
    static constexpr double MAX_PACKETS = 1e8;
    /// Failures and repairs: each computes every switch's routes again.
    static constexpr uint64_t MAX_FAILURES = 10000;
    /// Call groups besides calls: each is a call generator on every host.
    static constexpr uint64_t MAX_CALL_GROUPS = 100;
    /// Multipoint groups: each is a root application and a call at a time.
    static constexpr uint64_t MAX_MULTIPOINT_GROUPS = 1000;
    /// Parties in all groups (each leaf's joins, a Poisson leaf's returns
    /// counted as stop - start over its mean wait plus mean stay): each is a
    /// row of the parties table and a party on every switch of its path.
    static constexpr uint64_t MAX_PARTIES = 100000;
    /// Smallest calls.packetInterval other than 0: a packet every few
    /// nanoseconds per call would be millions of events per simulated
    /// millisecond.
    static constexpr int64_t MIN_PACKET_INTERVAL_NS = 1000;
    /// JSON nesting: a scenario nests 4 levels deep; deeper text is refused
    /// before it is parsed (deep nesting would exhaust the stack).
    static constexpr uint32_t MAX_JSON_DEPTH = 64;
    /// Larger scenario files are refused rather than read (a scenario
    /// takes a few KB; /dev/zero would never end).
    static constexpr uint64_t MAX_FILE_BYTES = 16 << 20;
    /// \}

    /**
     * \brief Checks the totals that depend on the topology: switches, links,
     *        hosts, expected calls and samples.
     * \param switches switches in the topology
     * \param links links between them
     * \throws std::invalid_argument naming the field, the value and the limit
     */
    void CheckTotals(uint64_t switches, uint64_t links) const;

    /**
     * \brief Checks the values (ranges, names, combinations) that do not
     *        need the topology; the runner checks the rest (vertices of
     *        failures, a file's contents).
     * \throws std::invalid_argument naming the field's path and its value
     */
    void Validate() const;

    /**
     * \brief Checks one call model (part of Validate()): names, ranges and
     *        its traffic object.
     * \param c calls, or one of callGroups
     * \param path its path in the JSON, "calls" or "callGroups[i]"
     * \throws std::invalid_argument naming the field's path and its value
     */
    void ValidateCalls(const CoScenarioCalls& c, const std::string& path) const;

    /**
     * \brief Checks a call model's traffic object (part of ValidateCalls()):
     *        its type, the ranges of its parameters, a frame size the
     *        call's maxSdu allows. Whether a trace file reads is checked by
     *        CoScenarioRunner::Check().
     * \param c the call model
     * \param path the traffic object's path, e.g. "callGroups[1].traffic"
     * \throws std::invalid_argument naming the field's path and its value
     */
    void ValidateTraffic(const CoScenarioCalls& c, const std::string& path) const;

    /**
     * \brief Checks the queueing object (part of Validate()): upc,
     *        discipline and category service names, category weights and
     *        limits the scheduler's attributes accept.
     * \throws std::invalid_argument naming the field's path and its value
     */
    void ValidateQueueing() const;

    /// \return calls and callGroups, in that order (pointers into this scenario)
    std::vector<const CoScenarioCalls*> GetCallModels() const;

    /// \return whether any call model sends data (data-plane statistics are kept)
    bool SendsData() const;

    /// \return whether any call model has a traffic object (VC schedulers are installed)
    bool HasTraffic() const;

    /**
     * \brief Checks the multipoint groups (part of Validate()): names,
     *        rates, times, leaves given twice or the root among them.
     * \throws std::invalid_argument naming the field's path and its value
     */
    void ValidateMultipoint() const;

    /// \return the scenario as JSON text, every key written, indented
    std::string ToJson() const;

    /**
     * \brief Reads a scenario from JSON text, strictly, and validates it.
     * \param text a JSON object
     * \return the scenario
     * \throws std::invalid_argument naming the field's path and its value
     */
    static CoScenario FromJson(const std::string& text);

    /**
     * \brief Reads a scenario file. A relative topology.file or traffic.file is taken
     *        relative to the scenario file's directory.
     * \param path the file
     * \return the scenario
     * \throws std::invalid_argument starting with the file's name
     */
    static CoScenario Load(const std::string& path);

    /**
     * \brief Writes ToJson() to a file.
     * \param path the file
     * \throws std::invalid_argument when the file cannot be written
     */
    void Save(const std::string& path) const;

    /**
     * \param o another scenario
     * \return true when both describe the same run: every field the same,
     *         except parameters of generators other than the one chosen
     */
    bool operator==(const CoScenario& o) const;

    /**
     * \param o another scenario
     * \return true when a field differs
     */
    bool operator!=(const CoScenario& o) const
    {
        return !(*this == o);
    }
};

} // namespace ns3

#endif /* CO_SCENARIO_H */
