/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TOPOLOGY_H
#define CO_TOPOLOGY_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief What a topology says about one switch (a vertex).
 */
struct CoSwitchProperties
{
    std::string name;                //!< node name for ns-3's Names; empty: unnamed
    Time processingDelay = Time(-1); //!< CoSwitch ProcessingDelay; negative: the switch's default
    double x = 0;                    //!< position, for drawings and for distance-based generators
    double y = 0;                    //!< position, for drawings and for distance-based generators
};

/**
 * \ingroup condis
 * \brief What a topology says about one link (an edge).
 */
struct CoLinkProperties
{
    DataRate rate = DataRate("155.52Mbps"); //!< line rate of each direction (OC-3)
    Time delay = MilliSeconds(1);           //!< propagation delay
    uint32_t weight = 1;                    //!< administrative weight for routing; at least 1
};

/**
 * \ingroup condis
 * \brief A network of switches: vertices are switches, edges full-duplex links.
 *
 * Parallel edges (two links between the same switches) are allowed;
 * self-loops are not. Vertex indices are the switch numbers the topology
 * helper uses.
 */
using CoTopology = boost::adjacency_list<boost::vecS,
                                         boost::vecS,
                                         boost::undirectedS,
                                         CoSwitchProperties,
                                         CoLinkProperties>;

/**
 * \ingroup condis
 * \brief Makes topologies of common shapes.
 *
 * Every link of a generated topology gets the rate, delay and weight of the
 * \p link argument (Waxman() scales the delay with distance). Vertices are
 * unnamed; their x and y are set so that a drawing shows the shape. A bad
 * argument, or a size beyond 10^6 switches (Waxman: 5000), throws
 * std::invalid_argument naming the argument and its value.
 */
class CoTopologyGenerator
{
  public:
    /**
     * \brief A chain: vertex i linked to i + 1.
     * \param n number of switches, at least 1
     * \param link properties of every link
     * \return n vertices, n - 1 edges
     */
    static CoTopology Line(uint32_t n, const CoLinkProperties& link = CoLinkProperties());

    /**
     * \brief A cycle: vertex i linked to (i + 1) mod n.
     * \param n number of switches, at least 3 (fewer would need a self-loop
     *        or a parallel link)
     * \param link properties of every link
     * \return n vertices, n edges, every degree 2
     */
    static CoTopology Ring(uint32_t n, const CoLinkProperties& link = CoLinkProperties());

    /**
     * \brief A hub and its leaves: vertex 0 is the hub, linked to 1..leaves.
     * \param leaves number of leaf switches, at least 1
     * \param link properties of every link
     * \return leaves + 1 vertices, leaves edges
     */
    static CoTopology Star(uint32_t leaves, const CoLinkProperties& link = CoLinkProperties());

    /**
     * \brief A rows x cols mesh: vertex r * cols + c linked to its right and
     *        lower neighbours; a torus also wraps the last column to the
     *        first and the last row to the first.
     * \param rows number of rows, at least 1 (3 for a torus)
     * \param cols number of columns, at least 1 (3 for a torus)
     * \param link properties of every link
     * \param torus wrap around, so that every vertex has degree 4
     * \return rows * cols vertices; rows * (cols - 1) + cols * (rows - 1)
     *         edges, or 2 * rows * cols for a torus
     */
    static CoTopology Grid(uint32_t rows,
                           uint32_t cols,
                           const CoLinkProperties& link = CoLinkProperties(),
                           bool torus = false);

    /**
     * \brief A complete tree, numbered breadth first: vertex 0 is the root
     *        and the children of v are v * fanout + 1 ... v * fanout + fanout.
     * \param depth levels below the root (0: the root alone)
     * \param fanout children of each inner vertex, at least 1
     * \param link properties of every link
     * \return 1 + fanout + ... + fanout^depth vertices (at most 10^6), one
     *         edge fewer
     */
    static CoTopology Tree(uint32_t depth,
                           uint32_t fanout,
                           const CoLinkProperties& link = CoLinkProperties());

    /**
     * \brief A random geographic graph after Waxman (1988).
     *
     * The switches are placed uniformly at random in the unit square; each
     * pair u, v at distance d is linked with probability
     * beta * exp(-d / (alpha * L)), L the largest distance between two
     * switches. Larger beta makes the graph denser, larger alpha makes long
     * links likelier.
     *
     * The result is always connected: any component left apart is joined
     * to the rest by one extra link between the closest pair of switches
     * (taking the components in order of their lowest vertex), so a sparse
     * draw gets a few short extra links rather than a redraw.
     *
     * Each link's delay is link.delay * d / L: link.delay is the delay of
     * the longest possible link, and delay grows with distance as in a fibre
     * network. Rate and weight are link's.
     *
     * \param n number of switches, 1 to 5000
     * \param alpha distance scale, > 0
     * \param beta edge density, in (0, 1]
     * \param link rate and weight of every link; delay of the longest
     * \param rng where the positions and coin flips come from; the same
     *        stream (seed, run and stream number) gives the same graph
     * \return n vertices, connected
     */
    static CoTopology Waxman(uint32_t n,
                             double alpha,
                             double beta,
                             const CoLinkProperties& link,
                             Ptr<UniformRandomVariable> rng);
};

} // namespace ns3

#endif /* CO_TOPOLOGY_H */
