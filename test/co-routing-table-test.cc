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

/// \return the ports of \p hops, in rank order, after checking that the
///         best (kept apart by the table) and indexing agree with iterating
std::vector<uint32_t>
Ports(const CoRoutingTable::NextHops& hops)
{
    std::vector<uint32_t> ports;
    std::size_t i = 0;
    for (const auto& h : hops)
    {
        EXPECT_EQ(hops[i].port, h.port) << "rank " << i;
        EXPECT_EQ(hops[i].cost, h.cost) << "rank " << i;
        ports.push_back(h.port);
        ++i;
    }
    if (!hops.empty())
    {
        EXPECT_EQ(hops.front().port, ports.front());
        EXPECT_EQ(hops.front().cost, hops.begin()->cost);
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

/// \return switch \p sw's prefix (104 bits), under the same IDI as SWITCH_7
AesaAddress
SwitchPrefix(uint32_t sw)
{
    return AesaAddress::FromString("47.0091.8100.0000.0000.0000." +
                                   std::string(3 - std::to_string(sw).size(), '0') +
                                   std::to_string(sw) + "0.0000.0000.0000.00");
}

/// Two tables, as two switches of one network, sharing a prefix index.
class CoRoutingTableSharedTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        ASSERT_TRUE(a.SetPrefixIndex(index));
        ASSERT_TRUE(b.SetPrefixIndex(index));
    }

    Ptr<CoPrefixIndex> index = Create<CoPrefixIndex>();
    CoRoutingTable a;
    CoRoutingTable b;
};

TEST_F(CoRoutingTableSharedTest, TablesSharingAnIndexSeeOnlyTheirOwnNextHops)
{
    a.Add(SWITCH_7, 104, 1);
    a.Add(AesaAddress(), 0, 9); // default route
    b.Add(SWITCH_7, 104, 2, 5);
    b.Add(HOST_7_1, 152, 3);
    b.Add(SwitchPrefix(8), 104, 4);
    EXPECT_EQ(index->GetSize(), 4u);
    EXPECT_EQ(a.GetPrefixIndex(), index);
    // b's host route is the longest match in the index, but a has no next
    // hop for it: a's switch route must win, not its default route.
    EXPECT_EQ(Ports(a.Lookup(HOST_7_1)), std::vector<uint32_t>{1});
    EXPECT_EQ(Ports(b.Lookup(HOST_7_1)), std::vector<uint32_t>{3});
    EXPECT_EQ(Ports(b.Lookup(AesaAddress::Compose(SWITCH_7, 2))), std::vector<uint32_t>{2});
    // a knows nothing of switch 8 but its default route; b has no default
    EXPECT_EQ(Ports(a.Lookup(AesaAddress::Compose(SwitchPrefix(8), 1))), std::vector<uint32_t>{9});
    EXPECT_EQ(Ports(b.Lookup(AesaAddress::Compose(SwitchPrefix(8), 1))), std::vector<uint32_t>{4});
    EXPECT_TRUE(b.Lookup(AesaAddress::Compose(SwitchPrefix(9), 1)).empty());
    EXPECT_EQ(a.GetSize(), 2u);
    EXPECT_EQ(b.GetSize(), 3u);
}

TEST_F(CoRoutingTableSharedTest, RemoveAndClearWithASharedIndexLeaveOtherTablesAlone)
{
    a.Add(SWITCH_7, 104, 1);
    a.Add(SWITCH_7, 104, 2, 1);
    b.Add(SWITCH_7, 104, 3);
    b.Add(HOST_7_1, 152, 4);
    EXPECT_EQ(a.Remove(HOST_7_1, 152), 0u);        // only b routes it
    EXPECT_EQ(a.Remove(SwitchPrefix(8), 104), 0u); // nobody knows it
    EXPECT_EQ(a.Remove(SWITCH_7, 104), 2u);
    EXPECT_TRUE(a.Lookup(HOST_7_1).empty());
    EXPECT_EQ(Ports(b.Lookup(HOST_7_1)), std::vector<uint32_t>{4});
    EXPECT_EQ(Ports(b.Lookup(AesaAddress::Compose(SWITCH_7, 2))), std::vector<uint32_t>{3});
    a.Add(SWITCH_7, 104, 5); // the same number again
    EXPECT_EQ(Ports(a.Lookup(HOST_7_1)), std::vector<uint32_t>{5});
    b.Clear();
    EXPECT_EQ(b.GetSize(), 0u);
    EXPECT_TRUE(b.Lookup(HOST_7_1).empty());
    EXPECT_EQ(b.GetPrefixIndex(), index); // a shared index survives Clear()
    EXPECT_EQ(Ports(a.Lookup(HOST_7_1)), std::vector<uint32_t>{5});
    b.Add(HOST_7_1, 152, 6);
    EXPECT_EQ(Ports(b.Lookup(HOST_7_1)), std::vector<uint32_t>{6});
    EXPECT_EQ(index->GetSize(), 2u); // numbers are never given twice
}

TEST(CoRoutingTableTest, TheIndexCannotChangeUnderRoutes)
{
    CoRoutingTable t;
    t.Add(SWITCH_7, 104, 1);
    Ptr<CoPrefixIndex> index = Create<CoPrefixIndex>();
    EXPECT_FALSE(t.SetPrefixIndex(index));
    EXPECT_NE(t.GetPrefixIndex(), index);
    EXPECT_EQ(Ports(t.Lookup(HOST_7_1)), std::vector<uint32_t>{1});
    EXPECT_EQ(index->GetSize(), 0u);
    t.Remove(SWITCH_7, 104);
    EXPECT_TRUE(t.SetPrefixIndex(index)); // empty again
    t.Add(SWITCH_7, 104, 2);
    EXPECT_EQ(Ports(t.Lookup(HOST_7_1)), std::vector<uint32_t>{2});
    EXPECT_EQ(index->GetSize(), 1u);
}

TEST(CoRoutingTableTest, ACopyKeepsItsOwnIndexButSharesASharedOne)
{
    CoRoutingTable t;
    t.Add(SWITCH_7, 104, 1);
    CoRoutingTable copy = t;
    copy.Add(HOST_7_1, 152, 2);
    EXPECT_NE(copy.GetPrefixIndex(), t.GetPrefixIndex());
    EXPECT_EQ(t.GetPrefixIndex()->GetSize(), 1u);
    EXPECT_EQ(Ports(t.Lookup(HOST_7_1)), std::vector<uint32_t>{1});
    EXPECT_EQ(Ports(copy.Lookup(HOST_7_1)), std::vector<uint32_t>{2});

    Ptr<CoPrefixIndex> index = Create<CoPrefixIndex>();
    CoRoutingTable shared;
    ASSERT_TRUE(shared.SetPrefixIndex(index));
    shared.Add(SWITCH_7, 104, 3);
    CoRoutingTable sharedCopy;
    sharedCopy = shared;
    EXPECT_EQ(sharedCopy.GetPrefixIndex(), index);
    EXPECT_EQ(Ports(sharedCopy.Lookup(HOST_7_1)), std::vector<uint32_t>{3});
}

TEST(CoRoutingTableTest, TablesSharingAnIndexKeepTheirOwnNextHopsUnderRandomChanges)
{
    // Three tables add and remove routes to the same 400 switches and their
    // hosts in random order. The switch prefixes are numbered first, as
    // CoTopologyHelper does, so each table meets numbers far ahead of the
    // ones it holds (kept aside, then moved into its array as it grows).
    // Each must keep what a plain map of its own operations keeps.
    constexpr uint32_t TABLES = 3;
    constexpr uint32_t SWITCHES = 400;
    Ptr<CoPrefixIndex> index = Create<CoPrefixIndex>();
    for (uint32_t sw = 0; sw < SWITCHES; ++sw)
    {
        EXPECT_EQ(index->Intern(AesaAddress::Compose(SwitchPrefix(sw), 77), 104), sw);
    }
    std::vector<CoRoutingTable> tables(TABLES);
    // table -> (switch, host route?) -> port -> cost
    std::vector<std::map<std::pair<uint32_t, bool>, std::map<uint32_t, uint32_t>>> expected(TABLES);
    for (auto& t : tables)
    {
        ASSERT_TRUE(t.SetPrefixIndex(index));
    }
    auto host = [](uint32_t sw) { return AesaAddress::Compose(SwitchPrefix(sw), 1); };
    auto check = [&]() {
        for (uint32_t i = 0; i < TABLES; ++i)
        {
            std::size_t entries = 0;
            for (uint32_t sw = 0; sw < SWITCHES; ++sw)
            {
                auto hostRoute = expected[i].find({sw, true});
                const std::map<uint32_t, uint32_t>* want =
                    hostRoute != expected[i].end() && !hostRoute->second.empty()
                        ? &hostRoute->second
                        : &expected[i][{sw, false}];
                entries += expected[i][{sw, true}].size() + expected[i][{sw, false}].size();
                CoRoutingTable::NextHops hops = tables[i].Lookup(host(sw));
                ASSERT_EQ(hops.size(), want->size()) << i << " " << sw;
                for (std::size_t k = 0; k < hops.size(); ++k)
                {
                    ASSERT_EQ(want->count(hops[k].port), 1u) << i << " " << sw;
                    EXPECT_EQ(hops[k].cost, want->at(hops[k].port)) << i << " " << sw;
                    if (k > 0)
                    {
                        EXPECT_LE(hops[k - 1].cost, hops[k].cost) << i << " " << sw;
                    }
                }
                Ports(hops); // the best kept apart agrees with the array
            }
            EXPECT_EQ(tables[i].GetSize(), entries) << i;
        }
    };
    std::mt19937 rng(11);
    for (uint32_t step = 0; step < 30000; ++step)
    {
        uint32_t i = rng() % TABLES;
        uint32_t sw = rng() % SWITCHES;
        bool hostRoute = rng() % 8 == 0;
        AesaAddress prefix = hostRoute ? host(sw) : SwitchPrefix(sw);
        uint32_t bits = hostRoute ? 152 : 104;
        auto& want = expected[i][{sw, hostRoute}];
        if (rng() % 10 == 0)
        {
            EXPECT_EQ(tables[i].Remove(prefix, bits), want.size());
            want.clear();
        }
        else
        {
            uint32_t port = rng() % 6;
            uint32_t cost = rng() % 4;
            tables[i].Add(prefix, bits, port, cost);
            want[port] = cost;
        }
        if (step % 10000 == 9999)
        {
            check();
        }
    }
    EXPECT_EQ(index->GetSize(), 2 * SWITCHES);
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
