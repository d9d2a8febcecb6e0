/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TOPOLOGY_HELPER_H
#define CO_TOPOLOGY_HELPER_H

#include "ns3/co-helper.h"
#include "ns3/co-topology.h"

#include <cstdint>
#include <istream>
#include <limits>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Builds a network of switches from a CoTopology, attaches hosts to
 *        it and installs shortest-path routes in every switch.
 *
 * Switch i is vertex i of the topology. The devices, queues, switches and
 * channels come from the CoHelper given to the constructor, so its
 * attributes apply (a link's rate and delay come from its edge, though).
 *
 * Routes: for every switch s and every other switch d, the helper installs
 * a route for d's 104-bit prefix out of each port of s whose neighbour n is
 * strictly closer to d than s is (dist(n, d) < dist(s, d), distances summing
 * administrative weights over links that are up), with cost
 * w(s, n) + dist(n, d). The best next hop, first in the switch's table, lies
 * on a shortest path; the others are loop-free "downhill" alternates for
 * crankback: whichever of them a call takes, every hop brings it strictly
 * closer to d, so it cannot come back to a switch it crossed.
 *
 * Failures: FailLink(), RestoreLink(), FailSwitch() and RestoreSwitch()
 * schedule a change at a given time, FailSignalling() and
 * RestoreSignalling() one of a link's signalling channel alone (the data
 * path staying up), or ScheduleFailures() a whole schedule written as text
 * ("at 10s fail link 3-7; at 20s restore link 3-7"). Each change recomputes
 * the routes (InstallRoutes()) at once, so that new calls go round what is
 * down or cannot signal; calls across it are released by the switches next
 * to it (see CoSwitch). The helper must outlive the simulation run when it
 * has failures scheduled.
 */
class CoTopologyHelper
{
  public:
    /// GetNeighbour()'s answer for a port that is not a link to another switch.
    static constexpr uint32_t NO_VERTEX = std::numeric_limits<uint32_t>::max();

    /// Length of the routes the helper installs: a switch prefix, 13 bytes.
    static constexpr uint32_t PREFIX_BITS = 8 * AesaAddress::PREFIX_SIZE;

    /**
     * \param co makes the switches, ports, host NICs, queues and channels;
     *        it must outlive this helper
     */
    explicit CoTopologyHelper(CoHelper& co);

    /**
     * \brief Whether Build() names the switch nodes with ns-3's Names
     *        (Names::Add(vertex name, node)), so that config paths may say
     *        "/Names/Chicago". On by default; unnamed vertices stay unnamed.
     *
     * Names outlive Simulator::Destroy(): a program building twice calls
     * Names::Clear() in between, or turns naming off.
     *
     * \param enable true to name the nodes
     */
    void SetNameNodes(bool enable);

    /**
     * \brief Caps the next hops installed per destination (the best ones
     *        are kept), to bound the routing tables' memory in large
     *        networks: about switches x destinations x next hops entries.
     * \param maxNextHops the cap; 0 (the default) keeps every downhill next hop
     */
    void SetMaxNextHops(uint32_t maxNextHops);

    /**
     * \brief Creates the network: one switch node per vertex (in vertex
     *        order), one CoChannel link per edge with the edge's rate and
     *        delay, and the routes (InstallRoutes()). The switches share
     *        one CoPrefixIndex (CoSwitch::SetPrefixIndex()), so that the
     *        network keeps each route prefix once, not once per switch.
     *
     * A vertex's processingDelay, when not negative, sets the switch's
     * ProcessingDelay. Fatal errors: an empty topology, a self-loop, a link
     * with a zero rate, a negative delay or a zero weight, a disconnected
     * topology (naming two switches that cannot reach each other), two
     * switches with the same prefix or (when naming) the same name, a name
     * with '/' in it or already taken in Names, and a second call.
     *
     * \param topology the network
     */
    void Build(const CoTopology& topology);

    /// \return the switch nodes, in vertex order
    NodeContainer GetSwitches() const;

    /// \return the number of switches
    uint32_t GetNSwitches() const;

    /**
     * \param vertex a vertex of the topology
     * \return its switch
     */
    Ptr<CoSwitch> GetSwitch(uint32_t vertex) const;

    /// \return the topology Build() was given
    const CoTopology& GetTopology() const;

    /**
     * \brief Attaches the same number of new hosts to every switch (see
     *        CoHelper::InstallHost(): each gets an address under its
     *        switch's prefix).
     * \param hostsPerSwitch hosts per switch
     * \return the hosts' NICs: those of switch 0 first, then switch 1...
     */
    NetDeviceContainer AttachHosts(uint32_t hostsPerSwitch);

    /**
     * \brief Attaches one host to a switch (see CoHelper::InstallHost()).
     * \param host the host's node
     * \param vertex the switch's vertex
     * \return the host's NIC
     */
    Ptr<CoNetDevice> AttachHost(Ptr<Node> host, uint32_t vertex);

    /// \return every host attached through this helper, in attachment order
    NodeContainer GetHosts() const;

    /**
     * \brief (Re)computes the routes between switches and replaces those
     *        installed before (see the class description).
     *
     * One Dijkstra (Boost's dijkstra_shortest_paths, weights the links'
     * administrative weights) per destination switch. Links that cannot
     * carry a SETUP are left out: those that are down, and those whose
     * signalling channel is (CoChannel::IsSignallingUp() false), so calling
     * it again after a failure routes new calls around it; calls already
     * connected keep their cross-connects. A switch that cannot reach d has no route to d.
     * Host routes are not touched.
     */
    void InstallRoutes();

    /**
     * \brief The path a call to switch \p to takes from switch \p from,
     *        following the primary (first) route at each switch.
     * \param from where the call enters the network
     * \param to the switch of the called host
     * \return the switches crossed, \p from first; it ends at \p to when the
     *         routes lead there, else at the switch that has no route, or
     *         just after the first switch met twice (a loop)
     */
    std::vector<uint32_t> GetRoutedPath(uint32_t from, uint32_t to) const;

    /**
     * \param u a vertex
     * \param v another vertex
     * \return the channel of the first link between them (in edge order),
     *         or null when they are not neighbours
     */
    Ptr<CoChannel> GetLink(uint32_t u, uint32_t v) const;

    /**
     * \param u a vertex
     * \param v a neighbour of it
     * \return the index of u's port on the first link to v; fatal error
     *         when they are not neighbours
     */
    uint32_t GetPort(uint32_t u, uint32_t v) const;

    /**
     * \param vertex a vertex
     * \param port one of its switch's ports
     * \return the vertex at the other end of the port's link, or NO_VERTEX
     *         for a port that is not a link to another switch (a host's)
     */
    uint32_t GetNeighbour(uint32_t vertex, uint32_t port) const;

    /// One scheduled change of a failure schedule.
    struct FailureEvent
    {
        Time at;           //!< simulation time of the change
        bool up = false;   //!< true to restore, false to fail
        bool link = false; //!< a link (u, v), else a switch (u)
        uint32_t u = 0;    //!< the switch, or one end of the link
        uint32_t v = 0;    //!< the other end of the link
        uint32_t line = 0; //!< where the schedule's text said it (0: not from text)
        /// With link: the link's signalling channel alone, its data path
        /// staying as it is (CoChannel::SetSignallingUp())
        bool signalling = false;
    };

    /**
     * \brief Fails the link between two switches at a time, then recomputes
     *        the routes.
     *
     * With parallel links, the first in edge order (as GetLink()). Calls
     * across it are released (cause 41, temporary failure, toward both
     * hosts). Fatal error when the vertices are not neighbours.
     *
     * \param u a vertex
     * \param v a neighbour of it
     * \param at simulation time of the failure, not before now
     */
    void FailLink(uint32_t u, uint32_t v, Time at);

    /**
     * \brief Restores the link between two switches at a time, then
     *        recomputes the routes. The link stays down while either switch
     *        is failed, and comes up when both are restored.
     * \param u a vertex
     * \param v a neighbour of it
     * \param at simulation time of the repair, not before now
     */
    void RestoreLink(uint32_t u, uint32_t v, Time at);

    /**
     * \brief Fails a switch at a time (CoSwitch::SetOperational(false): all
     *        its links go down, those of its hosts too), then recomputes the
     *        routes.
     * \param vertex the switch's vertex
     * \param at simulation time of the failure, not before now
     */
    void FailSwitch(uint32_t vertex, Time at);

    /**
     * \brief Restores a switch at a time, then recomputes the routes. Its
     *        links come back up, except those failed on their own (FailLink())
     *        and those to a switch still failed.
     * \param vertex the switch's vertex
     * \param at simulation time of the repair, not before now
     */
    void RestoreSwitch(uint32_t vertex, Time at);

    /**
     * \brief Fails the signalling channel of the link between two switches
     *        alone at a time (CoChannel::SetSignallingUp(false)), then
     *        recomputes the routes, which leave the link out.
     *
     * With parallel links, the first in edge order (as GetLink()). Data
     * keeps flowing; calls being set up across it are cleared at once, and
     * connected ones wait for its return up to T309 (cleared with cause 27,
     * destination out of order, after that; see CoSwitch). The link's own
     * state and its switches' are kept apart: restoring either leaves the
     * signalling channel failed, and restoring the signalling channel
     * leaves a failed link down. Fatal error when the vertices are not
     * neighbours.
     *
     * \param u a vertex
     * \param v a neighbour of it
     * \param at simulation time of the failure, not before now
     */
    void FailSignalling(uint32_t u, uint32_t v, Time at);

    /**
     * \brief Restores the signalling channel of the link between two
     *        switches at a time, then recomputes the routes. It signals
     *        again once the link is up too.
     * \param u a vertex
     * \param v a neighbour of it
     * \param at simulation time of the repair, not before now
     */
    void RestoreSignalling(uint32_t u, uint32_t v, Time at);

    /**
     * \brief Schedules every change of a failure schedule (see
     *        ParseFailureSchedule()); fatal error on a malformed schedule,
     *        with the line at fault.
     * \param schedule the schedule's text
     */
    void ScheduleFailures(const std::string& schedule);

    /**
     * \brief Like ScheduleFailures(), with the schedule read from a file;
     *        fatal error naming the file when it cannot be read.
     * \param path the file
     */
    void ReadFailureSchedule(const std::string& path);

    /**
     * \brief Schedules changes (see FailLink() and the others).
     * \param events the changes, in any order
     */
    void ScheduleFailures(const std::vector<FailureEvent>& events);

    /**
     * \brief Parses a failure schedule.
     *
     * One change per statement; statements end at a newline or a ';', and
     * '#' starts a comment to the end of the line:
     *
     *     at 10s fail link 3-7        # or "3 7", or "Chicago -- Denver"
     *     at 15s fail switch 5; at 20s restore switch 5
     *     at 20.5s restore link 3-7
     *     at 30s fail signalling 3-7  # the link's signalling channel alone
     *
     * Times are absolute simulation times in ns-3's syntax (a number and a
     * unit); switches are vertex indices or names. Errors name the source,
     * the line and the problem: an unknown verb or object, a malformed or
     * negative time, an unknown switch, two switches that are not neighbours,
     * a missing or extra word.
     *
     * \param in the text
     * \param source what to call the text in messages (e.g. its file name)
     * \param [out] events the changes, in the text's order
     * \param [out] error what is wrong, on failure
     * \return true on success; Build() must have been called
     */
    bool ParseFailureSchedule(std::istream& in,
                              const std::string& source,
                              std::vector<FailureEvent>& events,
                              std::string& error) const;

    /**
     * \param u a vertex
     * \param v a neighbour of it
     * \return true while the link between them is failed by FailLink()
     *         (whatever the state of its switches)
     */
    bool IsLinkFailed(uint32_t u, uint32_t v) const;

    /**
     * \param u a vertex
     * \param v a neighbour of it
     * \return true while the signalling channel of the link between them is
     *         failed by FailSignalling() (whatever the state of the link)
     */
    bool IsSignallingFailed(uint32_t u, uint32_t v) const;

    /**
     * \param vertex a vertex
     * \return true while its switch is failed (FailSwitch(), or
     *         CoSwitch::SetOperational(false))
     */
    bool IsSwitchFailed(uint32_t vertex) const;

  private:
    /// One link between two switches, as built.
    struct Link
    {
        uint32_t u;             //!< one end's vertex
        uint32_t v;             //!< the other end's vertex
        uint32_t portU;         //!< the link's port on u's switch
        uint32_t portV;         //!< the link's port on v's switch
        uint32_t weight;        //!< administrative weight
        Ptr<CoChannel> channel; //!< the channel, to see whether it is up and signals
    };

    /**
     * \param what the calling method, for the message
     * \param u a vertex
     * \param v a neighbour of it
     * \return the index in m_links of the first link between them; fatal
     *         error when they are not neighbours
     */
    uint32_t FindLink(const char* what, uint32_t u, uint32_t v) const;

    /**
     * \brief Schedules one change after checking it (fatal errors).
     * \param what the public method, for messages
     * \param event the change
     */
    void ScheduleChange(const char* what, const FailureEvent& event);

    /**
     * \brief Applies a change now: the links' and switches' states, then
     *        the routes.
     * \param event the change
     */
    void ApplyChange(const FailureEvent& event);

    /**
     * \param token a vertex index or a switch name
     * \param [out] vertex the vertex
     * \return false when no switch has that index or name
     */
    bool FindVertex(const std::string& token, uint32_t& vertex) const;

    /**
     * \brief Fails unless Build() was called and \p vertex is a switch.
     * \param what the calling method, for the message
     * \param vertex the vertex
     */
    void CheckVertex(const char* what, uint32_t vertex) const;

    /**
     * \param vertex a vertex
     * \return how it is named in messages: its index, and its name if any
     */
    std::string Describe(uint32_t vertex) const;

    /**
     * \brief Checks the topology before anything is built (see Build()).
     * \param topology the topology
     */
    void Validate(const CoTopology& topology) const;

    CoHelper& m_co;                                //!< makes the parts
    bool m_nameNodes = true;                       //!< Names::Add the switch nodes
    uint32_t m_maxNextHops = 0;                    //!< next hops kept per destination; 0: all
    bool m_built = false;                          //!< Build() was called
    bool m_routesInstalled = false;                //!< there are routes to replace
    CoTopology m_topology;                         //!< as given to Build()
    NodeContainer m_switchNodes;                   //!< by vertex
    std::vector<Ptr<CoSwitch>> m_switches;         //!< by vertex
    std::vector<AesaAddress> m_prefixes;           //!< each switch's prefix, by vertex
    Ptr<CoPrefixIndex> m_prefixIndex;              //!< numbers route prefixes for all switches
    std::vector<Link> m_links;                     //!< in edge order
    std::vector<std::vector<uint32_t>> m_portLink; //!< by vertex, then port: link index
    NodeContainer m_hosts;                         //!< attached through the helper
    std::vector<bool> m_linkFailed;                //!< by link: failed by FailLink()
    std::vector<bool> m_signallingFailed;          //!< by link: failed by FailSignalling()
};

} // namespace ns3

#endif /* CO_TOPOLOGY_HELPER_H */
