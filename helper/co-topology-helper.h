/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TOPOLOGY_HELPER_H
#define CO_TOPOLOGY_HELPER_H

#include "ns3/co-helper.h"
#include "ns3/co-topology.h"

#include <cstdint>
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
     *        delay, and the routes (InstallRoutes()).
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
     * administrative weights) per destination switch. Links that are down
     * (CoChannel::IsLinkUp() false) are left out, so calling it again after
     * a failure routes new calls around it; calls already connected keep
     * their cross-connects. A switch that cannot reach d has no route to d.
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

  private:
    /// One link between two switches, as built.
    struct Link
    {
        uint32_t u;             //!< one end's vertex
        uint32_t v;             //!< the other end's vertex
        uint32_t portU;         //!< the link's port on u's switch
        uint32_t portV;         //!< the link's port on v's switch
        uint32_t weight;        //!< administrative weight
        Ptr<CoChannel> channel; //!< the channel, to see whether it is up
    };

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
    std::vector<Link> m_links;                     //!< in edge order
    std::vector<std::vector<uint32_t>> m_portLink; //!< by vertex, then port: link index
    NodeContainer m_hosts;                         //!< attached through the helper
};

} // namespace ns3

#endif /* CO_TOPOLOGY_HELPER_H */
