/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoTopologyHelper: building a network from a topology, and the routes it
 * installs checked against Boost's own Dijkstra: every primary path is a
 * shortest one, every alternate next hop is strictly downhill, and a link
 * taken down is routed around.
 */

#include "ns3/co-topology-helper.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <gtest/gtest.h>
#include <set>

using namespace ns3;

namespace
{

class CoTopologyRoutingTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
        Names::Clear();
    }

    CoHelper co;
    CoTopologyHelper topo{co};
};

/// Distances between every pair of vertices, by Boost, weights the links'.
std::vector<std::vector<uint64_t>>
AllDistances(const CoTopology& g)
{
    uint32_t n = boost::num_vertices(g);
    std::vector<std::vector<uint64_t>> all(n);
    for (uint32_t s = 0; s < n; ++s)
    {
        std::vector<uint64_t> distance(n);
        std::vector<CoTopology::vertex_descriptor> predecessor(n);
        boost::dijkstra_shortest_paths(
            g,
            s,
            boost::weight_map(boost::get(&CoLinkProperties::weight, g))
                .distance_map(boost::make_iterator_property_map(distance.begin(),
                                                                boost::get(boost::vertex_index, g)))
                .predecessor_map(
                    boost::make_iterator_property_map(predecessor.begin(),
                                                      boost::get(boost::vertex_index, g))));
        all[s] = distance;
    }
    return all;
}

/// \return the weight of the (only) link between u and v
uint32_t
Weight(const CoTopology& g, uint32_t u, uint32_t v)
{
    auto [e, found] = boost::edge(u, v, g);
    EXPECT_TRUE(found) << u << " -- " << v;
    return found ? g[e].weight : 0;
}

/// Gives every link a weight from 1 to \p max, drawn from \p stream.
void
RandomWeights(CoTopology& g, uint32_t max, int64_t stream)
{
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    rng->SetStream(stream);
    for (auto e : boost::make_iterator_range(boost::edges(g)))
    {
        g[e].weight = rng->GetInteger(1, max);
    }
}

/**
 * For every pair (s, d): the routed path is loop-free, ends at d and weighs
 * what Boost says; every next hop installed is strictly downhill, costs
 * w(s, n) + dist(n, d), and they are ranked by cost.
 */
void
ExpectShortestAndDownhill(const CoTopologyHelper& topo, uint32_t maxNextHops = 0)
{
    const CoTopology& g = topo.GetTopology();
    auto dist = AllDistances(g);
    uint32_t n = boost::num_vertices(g);
    uint64_t entries = 0;
    uint64_t alternates = 0;
    for (uint32_t s = 0; s < n; ++s)
    {
        for (uint32_t d = 0; d < n; ++d)
        {
            std::vector<uint32_t> path = topo.GetRoutedPath(s, d);
            ASSERT_EQ(path.back(), d) << s << " -> " << d;
            EXPECT_EQ(std::set<uint32_t>(path.begin(), path.end()).size(), path.size())
                << "loop on " << s << " -> " << d;
            uint64_t weight = 0;
            for (std::size_t i = 0; i + 1 < path.size(); ++i)
            {
                weight += Weight(g, path[i], path[i + 1]);
            }
            EXPECT_EQ(weight, dist[s][d]) << s << " -> " << d;

            if (s == d)
            {
                continue;
            }
            const auto& hops =
                topo.GetSwitch(s)->GetRoutingTable().Lookup(topo.GetSwitch(d)->GetPrefix());
            uint32_t downhill = 0;
            for (auto [e, end] = boost::out_edges(s, g); e != end; ++e)
            {
                downhill += dist[boost::target(*e, g)][d] < dist[s][d];
            }
            ASSERT_FALSE(hops.empty()) << s << " -> " << d;
            EXPECT_EQ(hops.size(), maxNextHops == 0 ? downhill : std::min(downhill, maxNextHops));
            EXPECT_EQ(hops.front().cost, dist[s][d]);
            for (std::size_t i = 0; i < hops.size(); ++i)
            {
                uint32_t next = topo.GetNeighbour(s, hops[i].port);
                ASSERT_NE(next, CoTopologyHelper::NO_VERTEX);
                EXPECT_LT(dist[next][d], dist[s][d]) << "not downhill: " << s << " -> " << d;
                EXPECT_EQ(hops[i].cost, Weight(g, s, next) + dist[next][d]);
                if (i > 0)
                {
                    EXPECT_LE(hops[i - 1].cost, hops[i].cost);
                }
            }
            entries += hops.size();
            alternates += hops.size() - 1;
        }
    }
    // The tables hold these routes and nothing else (no hosts here).
    uint64_t installed = 0;
    for (uint32_t s = 0; s < n; ++s)
    {
        installed += topo.GetSwitch(s)->GetRoutingTable().GetSize();
    }
    EXPECT_EQ(installed, entries);
    if (maxNextHops != 1)
    {
        EXPECT_GT(alternates, 0u) << "the topology offers no alternate: a weak test";
    }
}

TEST_F(CoTopologyRoutingTest, WaxmanRoutesAreShortestAndAlternatesDownhill)
{
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    rng->SetStream(11);
    CoTopology g = CoTopologyGenerator::Waxman(60, 0.3, 0.3, CoLinkProperties(), rng);
    RandomWeights(g, 10, 12);
    ASSERT_GT(boost::num_edges(g), 70u);
    topo.Build(g);
    ExpectShortestAndDownhill(topo);
}

TEST_F(CoTopologyRoutingTest, WeightedGridRoutesAreShortestAndAlternatesDownhill)
{
    CoTopology g = CoTopologyGenerator::Grid(7, 9);
    RandomWeights(g, 20, 5);
    topo.Build(g);
    ExpectShortestAndDownhill(topo);
}

TEST_F(CoTopologyRoutingTest, TheCapKeepsTheBestNextHops)
{
    CoTopology g = CoTopologyGenerator::Grid(5, 5, CoLinkProperties(), true);
    RandomWeights(g, 4, 9);
    topo.SetMaxNextHops(1);
    topo.Build(g);
    ExpectShortestAndDownhill(topo, 1);
    EXPECT_EQ(topo.GetSwitch(0)->GetRoutingTable().GetSize(), 24u);
}

TEST_F(CoTopologyRoutingTest, UniformRingHasBothWaysForTheOppositeSwitch)
{
    topo.Build(CoTopologyGenerator::Ring(6));
    // Switch 3 is three hops from 0 either way round: two next hops, cost 3.
    const auto& hops = topo.GetSwitch(0)->GetRoutingTable().Lookup(topo.GetSwitch(3)->GetPrefix());
    ASSERT_EQ(hops.size(), 2u);
    EXPECT_EQ(hops[0].cost, 3u);
    EXPECT_EQ(hops[1].cost, 3u);
    EXPECT_EQ(std::set<uint32_t>(
                  {topo.GetNeighbour(0, hops[0].port), topo.GetNeighbour(0, hops[1].port)}),
              std::set<uint32_t>({1, 5}));
    // Switch 1 is one hop one way, five the other: uphill the other way, so one hop.
    EXPECT_EQ(topo.GetSwitch(0)->GetRoutingTable().Lookup(topo.GetSwitch(1)->GetPrefix()).size(),
              1u);
    EXPECT_EQ(topo.GetRoutedPath(0, 2), (std::vector<uint32_t>{0, 1, 2}));
    EXPECT_EQ(topo.GetRoutedPath(4, 4), (std::vector<uint32_t>{4}));
}

TEST_F(CoTopologyRoutingTest, ADownLinkIsRoutedAround)
{
    topo.Build(CoTopologyGenerator::Ring(6));
    EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 1}));
    EXPECT_EQ(topo.GetRoutedPath(5, 1), (std::vector<uint32_t>{5, 0, 1}));
    Ptr<CoChannel> link = topo.GetLink(0, 1);
    ASSERT_TRUE(link);
    EXPECT_EQ(topo.GetLink(1, 0), link);
    link->SetLinkUp(false);
    topo.InstallRoutes();
    EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 5, 4, 3, 2, 1}));
    EXPECT_EQ(topo.GetRoutedPath(5, 1), (std::vector<uint32_t>{5, 4, 3, 2, 1}));
    // No route leaves by the dead port, and the old ones are gone.
    uint32_t dead = topo.GetPort(0, 1);
    for (uint32_t d = 1; d < 6; ++d)
    {
        const auto& hops =
            topo.GetSwitch(0)->GetRoutingTable().Lookup(topo.GetSwitch(d)->GetPrefix());
        ASSERT_EQ(hops.size(), 1u) << d;
        EXPECT_NE(hops[0].port, dead);
    }
    EXPECT_EQ(topo.GetSwitch(0)->GetRoutingTable().GetSize(), 5u);

    link->SetLinkUp(true);
    topo.InstallRoutes();
    EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 1}));
    EXPECT_EQ(topo.GetSwitch(0)->GetRoutingTable().GetSize(), 6u); // 3 has two again
}

TEST_F(CoTopologyRoutingTest, ACutOffSwitchHasNoRouteButHostRoutesStay)
{
    topo.Build(CoTopologyGenerator::Line(3));
    topo.AttachHosts(1);
    topo.GetLink(1, 2)->SetLinkUp(false);
    topo.InstallRoutes();
    EXPECT_EQ(topo.GetRoutedPath(0, 2), (std::vector<uint32_t>{0}));
    EXPECT_EQ(topo.GetRoutedPath(2, 0), (std::vector<uint32_t>{2}));
    EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 1}));
    uint32_t port;
    EXPECT_FALSE(topo.GetSwitch(0)->LookupRoute(topo.GetSwitch(2)->GetPrefix(), port));
    EXPECT_TRUE(topo.GetSwitch(0)->LookupRoute(topo.GetSwitch(1)->GetPrefix(), port));
    // Switch 2 keeps its host's route (and nothing else).
    EXPECT_EQ(topo.GetSwitch(2)->GetRoutingTable().GetSize(), 1u);
}

TEST_F(CoTopologyRoutingTest, BuildMakesSwitchesLinksAndNames)
{
    CoTopology g = CoTopologyGenerator::Line(3);
    g[0].name = "Left";
    g[1].processingDelay = MicroSeconds(250);
    g[2].name = "Right";
    auto [e, found] = boost::edge(1, 2, g);
    ASSERT_TRUE(found);
    g[e].rate = DataRate("622.08Mbps");
    g[e].delay = MicroSeconds(40);
    topo.Build(g);

    ASSERT_EQ(topo.GetNSwitches(), 3u);
    EXPECT_EQ(topo.GetSwitches().GetN(), 3u);
    EXPECT_EQ(topo.GetSwitches().Get(1)->GetObject<CoSwitch>(), topo.GetSwitch(1));
    EXPECT_EQ(Names::Find<Node>("Left"), topo.GetSwitches().Get(0));
    EXPECT_EQ(Names::Find<Node>("Right"), topo.GetSwitches().Get(2));
    TimeValue delay;
    topo.GetSwitch(1)->GetAttribute("ProcessingDelay", delay);
    EXPECT_EQ(delay.Get(), MicroSeconds(250));
    topo.GetSwitch(0)->GetAttribute("ProcessingDelay", delay);
    EXPECT_EQ(delay.Get(), MicroSeconds(100)); // the switch's default

    EXPECT_EQ(topo.GetSwitch(1)->GetNPorts(), 2u);
    Ptr<CoChannel> link = topo.GetLink(1, 2);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->GetDataRate(), DataRate("622.08Mbps"));
    EXPECT_EQ(link->GetDelay(), MicroSeconds(40));
    EXPECT_EQ(topo.GetLink(0, 1)->GetDataRate(), DataRate("155.52Mbps"));
    EXPECT_FALSE(topo.GetLink(0, 2));
    EXPECT_EQ(topo.GetSwitch(1)->GetPort(topo.GetPort(1, 2))->GetCoChannel(), link);
    EXPECT_EQ(topo.GetNeighbour(1, topo.GetPort(1, 0)), 0u);
}

TEST_F(CoTopologyRoutingTest, HostsAttachInSwitchOrderUnderTheirSwitchPrefix)
{
    topo.Build(CoTopologyGenerator::Star(3));
    NetDeviceContainer nics = topo.AttachHosts(2);
    ASSERT_EQ(nics.GetN(), 8u);
    EXPECT_EQ(topo.GetHosts().GetN(), 8u);
    for (uint32_t i = 0; i < 8; ++i)
    {
        Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>(nics.Get(i));
        ASSERT_TRUE(nic);
        EXPECT_TRUE(nic->GetAesa().MatchesPrefix(topo.GetSwitch(i / 2)->GetPrefix(),
                                                 CoTopologyHelper::PREFIX_BITS));
        EXPECT_EQ(nic->GetNode(), topo.GetHosts().Get(i));
    }
    // The hub's ports 0-2 are its links to the leaves, 3 and 4 its hosts'.
    EXPECT_EQ(topo.GetSwitch(0)->GetNPorts(), 5u);
    EXPECT_EQ(topo.GetNeighbour(0, 2), 3u);
    EXPECT_EQ(topo.GetNeighbour(0, 3), CoTopologyHelper::NO_VERTEX);
    EXPECT_EQ(topo.GetNeighbour(0, 4), CoTopologyHelper::NO_VERTEX);
    Ptr<Node> extra = CreateObject<Node>();
    Ptr<CoNetDevice> nic = topo.AttachHost(extra, 2);
    EXPECT_EQ(nic->GetNode(), extra);
    EXPECT_EQ(topo.GetHosts().GetN(), 9u);
}

TEST_F(CoTopologyRoutingTest, SwitchesShareOnePrefixIndexNumberingSwitchPrefixesFirst)
{
    topo.Build(CoTopologyGenerator::Ring(6));
    topo.AttachHosts(2);
    Ptr<CoPrefixIndex> index = topo.GetSwitch(0)->GetRoutingTable().GetPrefixIndex();
    ASSERT_TRUE(index);
    for (uint32_t v = 0; v < 6; ++v)
    {
        EXPECT_EQ(topo.GetSwitch(v)->GetRoutingTable().GetPrefixIndex(), index) << v;
        EXPECT_EQ(index->Find(topo.GetSwitch(v)->GetPrefix(), CoTopologyHelper::PREFIX_BITS), v);
    }
    EXPECT_EQ(index->GetSize(), 6u + 12u); // the switches, then every host's own route
    // Routes installed again (a link down) reuse the numbers.
    topo.GetLink(0, 1)->SetLinkUp(false);
    topo.InstallRoutes();
    EXPECT_EQ(index->GetSize(), 18u);
    EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 5, 4, 3, 2, 1}));
}

TEST_F(CoTopologyRoutingTest, AThousandSwitchGridRoutesEveryPair)
{
    // Routing at scale: 1,000 Dijkstras and ~1.9 M routes. Not timed (tests
    // never check wall-clock time; the sanitizer build runs this 10x slower).
    CoTopology g = CoTopologyGenerator::Grid(25, 40);
    RandomWeights(g, 5, 3);
    topo.Build(g);
    for (uint32_t s = 0; s < 1000; ++s)
    {
        // a route to each of the 999 other switches, alternates besides
        EXPECT_GE(topo.GetSwitch(s)->GetRoutingTable().GetSize(), 999u) << s;
    }
    std::vector<uint32_t> path = topo.GetRoutedPath(0, 999);
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(path.front(), 0u);
    EXPECT_EQ(path.back(), 999u);
    // at least the 24 + 39 hops between opposite corners
    EXPECT_GE(path.size(), 64u);
}

using CoTopologyRoutingDeathTest = CoTopologyRoutingTest;

TEST_F(CoTopologyRoutingDeathTest, BadTopologiesAreRefusedWithTheirCulprits)
{
    CoTopology apart = CoTopologyGenerator::Line(4);
    boost::remove_edge(1, 2, apart);
    apart[2].name = "Island";
    EXPECT_DEATH(CoTopologyHelper(co).Build(apart),
                 "disconnected: switches 0 and 2 \\('Island'\\) cannot reach each other");
    EXPECT_DEATH(CoTopologyHelper(co).Build(CoTopology()), "no switch");

    CoTopology loop = CoTopologyGenerator::Line(2);
    boost::add_edge(1, 1, loop);
    EXPECT_DEATH(CoTopologyHelper(co).Build(loop), "link 1 -- 1: a switch cannot be linked");

    CoTopology zero = CoTopologyGenerator::Line(3);
    zero[boost::edge(1, 2, zero).first].weight = 0;
    EXPECT_DEATH(CoTopologyHelper(co).Build(zero), "link 1 -- 2: weight 0");

    CoTopology twins = CoTopologyGenerator::Line(3);
    twins[0].name = "A";
    twins[2].name = "A";
    EXPECT_DEATH(CoTopologyHelper(co).Build(twins),
                 "switches 0 \\('A'\\) and 2 \\('A'\\) have the same name");

    CoTopology slash = CoTopologyGenerator::Line(2);
    slash[1].name = "a/b";
    EXPECT_DEATH(CoTopologyHelper(co).Build(slash), "switch 1 \\('a/b'\\): ns-3 names cannot");

    topo.Build(CoTopologyGenerator::Line(2));
    EXPECT_DEATH(topo.Build(CoTopologyGenerator::Line(2)), "called twice");
    EXPECT_DEATH(topo.GetSwitch(2), "GetSwitch: no vertex 2 \\(there are 2\\)");
    EXPECT_DEATH(topo.GetPort(0, 0), "switches 0 and 0 are not neighbours");
    EXPECT_DEATH(CoTopologyHelper(co).AttachHosts(1), "AttachHosts: call Build\\(\\) first");
}

TEST_F(CoTopologyRoutingDeathTest, ANameTakenInNamesIsRefused)
{
    Names::Add("Taken", CreateObject<Node>());
    CoTopology g = CoTopologyGenerator::Line(2);
    g[1].name = "Taken";
    EXPECT_DEATH(CoTopologyHelper(co).Build(g), "switch 1 \\('Taken'\\): the name is taken");
    // Without naming, the name does not matter.
    topo.SetNameNodes(false);
    topo.Build(g);
    EXPECT_EQ(topo.GetNSwitches(), 2u);
}

TEST_F(CoTopologyRoutingDeathTest, ASwitchWithRoutesRefusesAnotherPrefixIndex)
{
    topo.Build(CoTopologyGenerator::Line(2));
    EXPECT_DEATH(topo.GetSwitch(0)->SetPrefixIndex(Create<CoPrefixIndex>()),
                 "SetPrefixIndex: the switch already has routes \\(next hops: 1\\) numbered by "
                 "another index");
}

} // namespace
