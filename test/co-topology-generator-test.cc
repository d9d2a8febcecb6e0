/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The topology generators: the shape each makes (vertex and edge counts,
 * degrees, who is linked to whom), Waxman's connectivity and repeatability,
 * and the rejection of bad arguments.
 */

#include "ns3/co-topology.h"
#include "ns3/core-module.h"

#include <boost/graph/connected_components.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <set>
#include <stdexcept>
#include <utility>

using namespace ns3;

namespace
{

/// \return the degree of every vertex, in vertex order
std::vector<uint32_t>
Degrees(const CoTopology& g)
{
    std::vector<uint32_t> d;
    for (auto v : boost::make_iterator_range(boost::vertices(g)))
    {
        d.push_back(boost::out_degree(v, g));
    }
    return d;
}

/// \return the edges as (lower, higher) vertex pairs
std::set<std::pair<uint32_t, uint32_t>>
EdgeSet(const CoTopology& g)
{
    std::set<std::pair<uint32_t, uint32_t>> s;
    for (auto e : boost::make_iterator_range(boost::edges(g)))
    {
        uint32_t u = boost::source(e, g);
        uint32_t v = boost::target(e, g);
        s.emplace(std::min(u, v), std::max(u, v));
    }
    return s;
}

/// \return true when the graph has no self-loop and no parallel edge
bool
IsSimple(const CoTopology& g)
{
    auto s = EdgeSet(g);
    for (const auto& [u, v] : s)
    {
        if (u == v)
        {
            return false;
        }
    }
    return s.size() == boost::num_edges(g);
}

/// \return the number of connected components
uint32_t
Components(const CoTopology& g)
{
    std::vector<uint32_t> c(boost::num_vertices(g));
    return boost::connected_components(g, c.data());
}

CoLinkProperties
Link(const std::string& rate, Time delay, uint32_t weight)
{
    CoLinkProperties p;
    p.rate = DataRate(rate);
    p.delay = delay;
    p.weight = weight;
    return p;
}

TEST(CoTopologyGeneratorTest, LineIsAChain)
{
    CoTopology g = CoTopologyGenerator::Line(5, Link("10Mbps", MilliSeconds(2), 3));
    EXPECT_EQ(boost::num_vertices(g), 5u);
    EXPECT_EQ(boost::num_edges(g), 4u);
    EXPECT_EQ(Degrees(g), (std::vector<uint32_t>{1, 2, 2, 2, 1}));
    EXPECT_EQ(EdgeSet(g),
              (std::set<std::pair<uint32_t, uint32_t>>{{0, 1}, {1, 2}, {2, 3}, {3, 4}}));
    for (auto e : boost::make_iterator_range(boost::edges(g)))
    {
        EXPECT_EQ(g[e].rate, DataRate("10Mbps"));
        EXPECT_EQ(g[e].delay, MilliSeconds(2));
        EXPECT_EQ(g[e].weight, 3u);
    }
    for (auto v : boost::make_iterator_range(boost::vertices(g)))
    {
        EXPECT_TRUE(g[v].name.empty());
        EXPECT_TRUE(g[v].processingDelay.IsStrictlyNegative());
    }
    EXPECT_EQ(boost::num_edges(CoTopologyGenerator::Line(1)), 0u);
}

TEST(CoTopologyGeneratorTest, RingClosesTheChain)
{
    CoTopology g = CoTopologyGenerator::Ring(6);
    EXPECT_EQ(boost::num_vertices(g), 6u);
    EXPECT_EQ(boost::num_edges(g), 6u);
    EXPECT_EQ(Degrees(g), std::vector<uint32_t>(6, 2));
    EXPECT_EQ(EdgeSet(g).count({0, 5}), 1u);
    EXPECT_TRUE(IsSimple(g));
    EXPECT_EQ(Components(g), 1u);
}

TEST(CoTopologyGeneratorTest, StarHasTheHubFirst)
{
    CoTopology g = CoTopologyGenerator::Star(7);
    EXPECT_EQ(boost::num_vertices(g), 8u);
    EXPECT_EQ(boost::num_edges(g), 7u);
    std::vector<uint32_t> expected(8, 1);
    expected[0] = 7;
    EXPECT_EQ(Degrees(g), expected);
}

TEST(CoTopologyGeneratorTest, GridLinksRightAndDownNeighbours)
{
    CoTopology g = CoTopologyGenerator::Grid(3, 4);
    EXPECT_EQ(boost::num_vertices(g), 12u);
    EXPECT_EQ(boost::num_edges(g), 3u * 3 + 4u * 2);
    // Corners 2, other border vertices 3, the inner ones 4.
    EXPECT_EQ(Degrees(g), (std::vector<uint32_t>{2, 3, 3, 2, 3, 4, 4, 3, 2, 3, 3, 2}));
    EXPECT_EQ(EdgeSet(g).count({5, 6}), 1u); // row 1: columns 1 and 2
    EXPECT_EQ(EdgeSet(g).count({5, 9}), 1u); // column 1: rows 1 and 2
    EXPECT_EQ(EdgeSet(g).count({3, 4}), 0u); // no wrap from row 0's end to row 1
    EXPECT_TRUE(IsSimple(g));
    EXPECT_EQ(g[6].x, 2);
    EXPECT_EQ(g[6].y, 1);
}

TEST(CoTopologyGeneratorTest, TorusHasDegreeFourEverywhere)
{
    CoTopology g = CoTopologyGenerator::Grid(4, 5, CoLinkProperties(), true);
    EXPECT_EQ(boost::num_vertices(g), 20u);
    EXPECT_EQ(boost::num_edges(g), 40u);
    EXPECT_EQ(Degrees(g), std::vector<uint32_t>(20, 4));
    EXPECT_EQ(EdgeSet(g).count({0, 4}), 1u);  // row 0 wraps
    EXPECT_EQ(EdgeSet(g).count({0, 15}), 1u); // column 0 wraps
    EXPECT_TRUE(IsSimple(g));
}

TEST(CoTopologyGeneratorTest, DegenerateGridsAreLines)
{
    EXPECT_EQ(EdgeSet(CoTopologyGenerator::Grid(1, 4)), EdgeSet(CoTopologyGenerator::Line(4)));
    EXPECT_EQ(EdgeSet(CoTopologyGenerator::Grid(4, 1)), EdgeSet(CoTopologyGenerator::Line(4)));
    EXPECT_EQ(boost::num_vertices(CoTopologyGenerator::Grid(1, 1)), 1u);
}

TEST(CoTopologyGeneratorTest, TreeIsCompleteAndNumberedBreadthFirst)
{
    CoTopology g = CoTopologyGenerator::Tree(3, 2);
    EXPECT_EQ(boost::num_vertices(g), 15u);
    EXPECT_EQ(boost::num_edges(g), 14u);
    EXPECT_EQ(Components(g), 1u);
    auto d = Degrees(g);
    EXPECT_EQ(d[0], 2u);
    for (uint32_t v = 1; v < 7; ++v)
    {
        EXPECT_EQ(d[v], 3u) << v;
    }
    for (uint32_t v = 7; v < 15; ++v)
    {
        EXPECT_EQ(d[v], 1u) << v;
        EXPECT_EQ(g[v].y, 3);
    }
    EXPECT_EQ(EdgeSet(g).count({1, 3}), 1u);
    EXPECT_EQ(EdgeSet(g).count({1, 4}), 1u);
    EXPECT_EQ(EdgeSet(g).count({6, 14}), 1u);
    // A parent sits over its children.
    EXPECT_EQ(g[1].x, (g[3].x + g[4].x) / 2);

    EXPECT_EQ(boost::num_vertices(CoTopologyGenerator::Tree(0, 5)), 1u);
    EXPECT_EQ(boost::num_edges(CoTopologyGenerator::Tree(2, 10)), 110u);
}

Ptr<UniformRandomVariable>
Stream(int64_t stream)
{
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    rng->SetStream(stream);
    return rng;
}

TEST(CoTopologyGeneratorTest, WaxmanIsConnectedForEveryDraw)
{
    // Sparse settings leave most draws in pieces: the joining must cope.
    for (int64_t stream = 0; stream < 20; ++stream)
    {
        CoTopology g =
            CoTopologyGenerator::Waxman(60, 0.05, 0.2, CoLinkProperties(), Stream(stream));
        EXPECT_EQ(boost::num_vertices(g), 60u);
        EXPECT_EQ(Components(g), 1u) << "stream " << stream;
        EXPECT_TRUE(IsSimple(g)) << "stream " << stream;
    }
}

TEST(CoTopologyGeneratorTest, WaxmanRepeatsForTheSameStream)
{
    CoLinkProperties link = Link("155Mbps", MilliSeconds(10), 2);
    CoTopology a = CoTopologyGenerator::Waxman(100, 0.2, 0.4, link, Stream(7));
    CoTopology b = CoTopologyGenerator::Waxman(100, 0.2, 0.4, link, Stream(7));
    CoTopology c = CoTopologyGenerator::Waxman(100, 0.2, 0.4, link, Stream(8));
    EXPECT_EQ(EdgeSet(a), EdgeSet(b));
    EXPECT_NE(EdgeSet(a), EdgeSet(c));
    for (uint32_t v = 0; v < 100; ++v)
    {
        EXPECT_EQ(a[v].x, b[v].x);
        EXPECT_EQ(a[v].y, b[v].y);
        EXPECT_GE(a[v].x, 0);
        EXPECT_LT(a[v].x, 1);
        EXPECT_GE(a[v].y, 0);
        EXPECT_LT(a[v].y, 1);
    }
}

TEST(CoTopologyGeneratorTest, WaxmanDelayGrowsWithDistance)
{
    CoLinkProperties link = Link("155Mbps", MilliSeconds(10), 2);
    CoTopology g = CoTopologyGenerator::Waxman(80, 0.3, 0.5, link, Stream(3));
    double longest = 0;
    for (uint32_t u = 0; u < 80; ++u)
    {
        for (uint32_t v = u + 1; v < 80; ++v)
        {
            longest = std::max(longest, std::hypot(g[u].x - g[v].x, g[u].y - g[v].y));
        }
    }
    ASSERT_GT(boost::num_edges(g), 79u);
    for (auto e : boost::make_iterator_range(boost::edges(g)))
    {
        auto u = boost::source(e, g);
        auto v = boost::target(e, g);
        double d = std::hypot(g[u].x - g[v].x, g[u].y - g[v].y);
        EXPECT_NEAR(g[e].delay.GetSeconds(), 0.010 * d / longest, 1e-9);
        EXPECT_LE(g[e].delay, MilliSeconds(10));
        EXPECT_EQ(g[e].rate, DataRate("155Mbps"));
        EXPECT_EQ(g[e].weight, 2u);
    }
}

TEST(CoTopologyGeneratorTest, WaxmanDensityFollowsBeta)
{
    // Expected edges grow with beta; with beta = 1 and a huge alpha every
    // pair is linked with probability close to 1.
    CoTopology sparse = CoTopologyGenerator::Waxman(50, 0.1, 0.1, CoLinkProperties(), Stream(1));
    CoTopology dense = CoTopologyGenerator::Waxman(50, 1e6, 1.0, CoLinkProperties(), Stream(1));
    EXPECT_LT(boost::num_edges(sparse), 200u);
    EXPECT_GT(boost::num_edges(dense), 1200u); // of 1225 pairs
    EXPECT_EQ(boost::num_edges(CoTopologyGenerator::Waxman(1, 1, 1, CoLinkProperties(), Stream(1))),
              0u);
}

/**
 * \brief Calls a generator that should refuse its arguments.
 * \param generate the call
 * \return the message of the std::invalid_argument it threw, or "" if none
 */
template <typename F>
std::string
ErrorOf(F generate)
{
    try
    {
        generate();
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/// Expects the generator call to throw std::invalid_argument whose message matches the regex.
#define EXPECT_REFUSED(call, pattern)                                                              \
    EXPECT_THAT(ErrorOf([&]() { call; }), ::testing::ContainsRegex(pattern))

TEST(CoTopologyGeneratorTest, BadArgumentsAreNamed)
{
    EXPECT_REFUSED(CoTopologyGenerator::Line(0), "Line: n = 0 is too small");
    EXPECT_REFUSED(CoTopologyGenerator::Ring(2), "Ring: n = 2 is too small: it must be at least 3");
    EXPECT_REFUSED(CoTopologyGenerator::Star(0), "Star: leaves = 0");
    EXPECT_REFUSED(CoTopologyGenerator::Grid(0, 3), "Grid: rows = 0");
    EXPECT_REFUSED(CoTopologyGenerator::Grid(3, 0), "Grid: cols = 0");
    EXPECT_REFUSED(CoTopologyGenerator::Grid(2, 5, CoLinkProperties(), true),
                   "Grid: rows = 2 is too small: it must be at least 3");
    EXPECT_REFUSED(CoTopologyGenerator::Tree(2, 0), "Tree: fanout = 0");
    EXPECT_REFUSED(CoTopologyGenerator::Tree(30, 10), "Tree: depth = 30 with fanout = 10");
    // absurd sizes are refused before anything is allocated
    EXPECT_REFUSED(CoTopologyGenerator::Line(20000000), "Line: n = 20000000 is too large");
    EXPECT_REFUSED(CoTopologyGenerator::Ring(UINT32_MAX), "Ring: n = 4294967295 is too large");
    EXPECT_REFUSED(CoTopologyGenerator::Star(UINT32_MAX), "Star: leaves = 4294967295 is too large");
    EXPECT_REFUSED(CoTopologyGenerator::Grid(5000, 5000), "Grid: rows \\* cols = 25000000");
    EXPECT_REFUSED(CoTopologyGenerator::Grid(UINT32_MAX, UINT32_MAX, CoLinkProperties(), true),
                   "Grid: rows = 4294967295 is too large");
    EXPECT_REFUSED(CoTopologyGenerator::Tree(UINT32_MAX, UINT32_MAX),
                   "Tree: fanout = 4294967295 is too large");
    EXPECT_REFUSED(CoTopologyGenerator::Tree(UINT32_MAX, 2), "Tree: depth = 4294967295");
    EXPECT_REFUSED(CoTopologyGenerator::Waxman(100000, 0.5, 0.5, CoLinkProperties(), Stream(1)),
                   "Waxman: n = 100000 is too large: at most 5000");
    EXPECT_REFUSED(CoTopologyGenerator::Waxman(5, std::nan(""), 0.5, CoLinkProperties(), Stream(1)),
                   "Waxman: alpha = nan must be > 0");
    EXPECT_REFUSED(CoTopologyGenerator::Waxman(5, 0.5, std::nan(""), CoLinkProperties(), Stream(1)),
                   "Waxman: beta = nan must be in");
    EXPECT_REFUSED(CoTopologyGenerator::Waxman(0, 0.5, 0.5, CoLinkProperties(), Stream(1)),
                   "Waxman: n = 0");
    EXPECT_REFUSED(CoTopologyGenerator::Waxman(5, 0, 0.5, CoLinkProperties(), Stream(1)),
                   "Waxman: alpha = 0 must be > 0");
    EXPECT_REFUSED(CoTopologyGenerator::Waxman(5, 0.5, 1.5, CoLinkProperties(), Stream(1)),
                   "Waxman: beta = 1.5 must be in \\(0, 1\\]");
    EXPECT_REFUSED(CoTopologyGenerator::Waxman(5, 0.5, 0.5, CoLinkProperties(), nullptr),
                   "Waxman: rng is null");
    EXPECT_REFUSED(CoTopologyGenerator::Line(3, Link("10Mbps", MilliSeconds(1), 0)),
                   "Line: link.weight = 0");
    EXPECT_REFUSED(CoTopologyGenerator::Ring(3, Link("0bps", MilliSeconds(1), 1)),
                   "Ring: link.rate = 0 bps");
    EXPECT_REFUSED(CoTopologyGenerator::Star(3, Link("1Mbps", MilliSeconds(-1), 1)),
                   "Star: link.delay = -1e\\+06ns is negative|Star: link.delay = .* is negative");
}

} // namespace
