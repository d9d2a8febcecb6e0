/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A switch's routing table: longest prefix first, next hops ranked by cost.
 */

#include "ns3/co-routing-table.h"

#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace ns3;

namespace
{

const AesaAddress SWITCH_7 =
    AesaAddress::FromString("47.0091.8100.0000.0000.0000.0007.0000.0000.0000.00");
const AesaAddress HOST_7_1 =
    AesaAddress::FromString("47.0091.8100.0000.0000.0000.0007.0000.0000.0001.00");

std::vector<uint32_t>
Ports(const CoRoutingTable::NextHops& hops)
{
    std::vector<uint32_t> ports;
    for (const auto& h : hops)
    {
        ports.push_back(h.port);
    }
    return ports;
}

TEST(CoRoutingTableTest, LongestPrefixWins)
{
    CoRoutingTable t;
    t.Add(SWITCH_7, 104, 1);
    t.Add(HOST_7_1, 152, 4);
    t.Add(AesaAddress(), 0, 9); // default route
    EXPECT_EQ(Ports(t.Lookup(HOST_7_1)), std::vector<uint32_t>{4});
    EXPECT_EQ(Ports(t.Lookup(AesaAddress::Compose(SWITCH_7, 2))), std::vector<uint32_t>{1});
    EXPECT_EQ(Ports(t.Lookup(AesaAddress::FromString(std::string(40, 'f')))),
              std::vector<uint32_t>{9});
    // the selector is not part of a 152-bit route
    EXPECT_EQ(Ports(t.Lookup(AesaAddress::Compose(SWITCH_7, 1, 0x42))), std::vector<uint32_t>{4});
    EXPECT_EQ(t.GetSize(), 3u);
}

TEST(CoRoutingTableTest, NextHopsAreRankedByCostAndReplacedPerPort)
{
    CoRoutingTable t;
    t.Add(SWITCH_7, 104, 2, 30);
    t.Add(SWITCH_7, 104, 0, 10);
    t.Add(SWITCH_7, 104, 5, 20);
    EXPECT_EQ(Ports(t.Lookup(HOST_7_1)), (std::vector<uint32_t>{0, 5, 2}));
    t.Add(SWITCH_7, 104, 2, 1); // port 2 becomes the best
    EXPECT_EQ(Ports(t.Lookup(HOST_7_1)), (std::vector<uint32_t>{2, 0, 5}));
    EXPECT_EQ(t.GetSize(), 3u);
}

TEST(CoRoutingTableTest, RemoveTakesEveryNextHopOfOnePrefixOnly)
{
    CoRoutingTable t;
    t.Add(SWITCH_7, 104, 2, 30);
    t.Add(SWITCH_7, 104, 0, 10);
    t.Add(HOST_7_1, 152, 4);
    EXPECT_EQ(t.Remove(AesaAddress::Compose(SWITCH_7, 99), 104), 2u); // ESI past 104 bits
    EXPECT_EQ(t.GetSize(), 1u);
    EXPECT_TRUE(t.Lookup(AesaAddress::Compose(SWITCH_7, 2)).empty());
    EXPECT_EQ(Ports(t.Lookup(HOST_7_1)), std::vector<uint32_t>{4});
    EXPECT_EQ(t.Remove(SWITCH_7, 104), 0u);
    EXPECT_EQ(t.Remove(HOST_7_1, 96), 0u); // no route of that length
    t.Add(SWITCH_7, 104, 3);
    EXPECT_EQ(Ports(t.Lookup(AesaAddress::Compose(SWITCH_7, 2))), std::vector<uint32_t>{3});
    EXPECT_EQ(t.GetSize(), 2u);
}

TEST(CoRoutingTableTest, UnknownDestinationHasNoNextHop)
{
    CoRoutingTable t;
    t.Add(SWITCH_7, 104, 1);
    EXPECT_TRUE(t.Lookup(AesaAddress::FromString("39" + std::string(38, '0'))).empty());
    t.Clear();
    EXPECT_TRUE(t.Lookup(HOST_7_1).empty());
    EXPECT_EQ(t.GetSize(), 0u);
}

TEST(CoRoutingTableTest, PrefixBitsPastTheLengthDoNotMatter)
{
    CoRoutingTable t;
    t.Add(HOST_7_1, 104, 3); // a host address used as a switch prefix
    EXPECT_EQ(Ports(t.Lookup(AesaAddress::Compose(SWITCH_7, 99))), std::vector<uint32_t>{3});
    EXPECT_EQ(AesaAddress::FromString("ff" + std::string(38, 'f')).Masked(4),
              AesaAddress::FromString("f0" + std::string(38, '0')));
}

TEST(CoRoutingTableTest, ManyPrefixesChangedInAnyOrderKeepTheirOwnNextHops)
{
    // Next hops of many prefixes added, replaced and removed interleaved:
    // each prefix's ranges move and are compacted, and must keep exactly
    // the hops a plain map of the same operations keeps.
    CoRoutingTable t;
    std::map<uint32_t, std::map<uint32_t, uint32_t>> expected; // switch -> port -> cost
    std::mt19937 rng(7);
    for (uint32_t step = 0; step < 20000; ++step)
    {
        uint32_t sw = rng() % 300;
        AesaAddress prefix = AesaAddress::FromString(
            "47.0091.8100.0000.0000.0000." + std::string(3 - std::to_string(sw).size(), '0') +
            std::to_string(sw) + "0.0000.0000.0000.00");
        if (rng() % 10 == 0)
        {
            EXPECT_EQ(t.Remove(prefix, 104), expected[sw].size());
            expected.erase(sw);
        }
        else
        {
            uint32_t port = rng() % 6;
            uint32_t cost = rng() % 4;
            t.Add(prefix, 104, port, cost);
            expected[sw][port] = cost;
        }
    }
    std::size_t entries = 0;
    for (uint32_t sw = 0; sw < 300; ++sw)
    {
        AesaAddress host = AesaAddress::FromString("47.0091.8100.0000.0000.0000." +
                                                   std::string(3 - std::to_string(sw).size(), '0') +
                                                   std::to_string(sw) + "0.0000.0000.0001.00");
        CoRoutingTable::NextHops hops = t.Lookup(host);
        const auto& want = expected[sw];
        ASSERT_EQ(hops.size(), want.size()) << sw;
        entries += hops.size();
        for (std::size_t i = 0; i < hops.size(); ++i)
        {
            ASSERT_EQ(want.count(hops[i].port), 1u) << sw;
            EXPECT_EQ(hops[i].cost, want.at(hops[i].port)) << sw;
            if (i > 0)
            {
                EXPECT_LE(hops[i - 1].cost, hops[i].cost) << sw; // best first
            }
        }
    }
    EXPECT_EQ(t.GetSize(), entries);
}

} // namespace
