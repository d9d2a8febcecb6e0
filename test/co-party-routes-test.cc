/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The routes of a multipoint call's parties through one switch
 * (CoPartyRoutes): each lookup a message makes (by the root's reference, by
 * branch and reference there, parties left on a branch) against a plain
 * list searched by hand, the order routes are walked in, and everything
 * gone at the end, up to thousands of parties on a few branches.
 */

#include "ns3/co-party-routes.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

using Route = CoPartyRoutes::Route;

std::vector<uint16_t>
Upstreams(const CoPartyRoutes& routes)
{
    std::vector<uint16_t> u;
    for (const Route& r : routes)
    {
        u.push_back(r.upstream);
    }
    return u;
}

TEST(CoPartyRoutesTest, FindsAPartyByEitherReference)
{
    CoPartyRoutes routes;
    EXPECT_TRUE(routes.Add({0, 0, 7, true}));  // the SETUP's party on branch 7
    EXPECT_TRUE(routes.Add({1, 0, 9, false})); // waits for branch 9
    EXPECT_TRUE(routes.Add({2, 0, 7, false})); // waits for an ADD PARTY on branch 7

    ASSERT_NE(routes.Find(1), nullptr);
    EXPECT_EQ(routes.Find(1)->branch, 9u);
    EXPECT_EQ(routes.Find(3), nullptr);
    // Only a party sent on its branch is known by its reference there.
    ASSERT_NE(routes.FindOnBranch(7, 0), nullptr);
    EXPECT_EQ(routes.FindOnBranch(7, 0)->upstream, 0);
    EXPECT_EQ(routes.FindOnBranch(9, 0), nullptr);
    EXPECT_EQ(routes.CountOnBranch(7), 2u);
    EXPECT_EQ(routes.CountOnBranch(9), 1u);
    EXPECT_EQ(routes.CountOnBranch(8), 0u);

    EXPECT_TRUE(routes.MarkSent(2, 1)); // ADD PARTY with the branch's reference 1
    ASSERT_NE(routes.FindOnBranch(7, 1), nullptr);
    EXPECT_EQ(routes.FindOnBranch(7, 1)->upstream, 2);
    EXPECT_TRUE(routes.Find(2)->sent);
    EXPECT_FALSE(routes.MarkSent(1, 1) && routes.MarkSent(1, 1)); // once per reference
    EXPECT_FALSE(routes.MarkSent(44, 3));                         // no such party
}

TEST(CoPartyRoutesTest, RefusesAReferenceInUse)
{
    CoPartyRoutes routes;
    EXPECT_TRUE(routes.Add({5, 0, 1, true}));
    EXPECT_FALSE(routes.Add({5, 0, 2, false})); // the root's reference again
    EXPECT_FALSE(routes.Add({6, 0, 1, true}));  // the branch's reference 0 again
    EXPECT_EQ(routes.Size(), 1u);
    EXPECT_EQ(routes.CountOnBranch(2), 0u);
    EXPECT_EQ(routes.Find(6), nullptr);
}

TEST(CoPartyRoutesTest, RenameKeepsThePlaceAndTheBranchReference)
{
    CoPartyRoutes routes;
    routes.Add({1, 0, 4, true});
    routes.Add({0x8001, 2, 4, true}); // joined by the switch
    routes.Add({3, 0, 5, true});
    EXPECT_FALSE(routes.Rename(0x8001, 3)); // taken
    EXPECT_FALSE(routes.Rename(0x8002, 9)); // no such party
    EXPECT_TRUE(routes.Rename(0x8001, 1 + 1));
    EXPECT_EQ(Upstreams(routes), (std::vector<uint16_t>{1, 2, 3}));
    EXPECT_EQ(routes.Find(0x8001), nullptr);
    ASSERT_NE(routes.FindOnBranch(4, 2), nullptr);
    EXPECT_EQ(routes.FindOnBranch(4, 2)->upstream, 2);
}

TEST(CoPartyRoutesTest, TakeBranchRemovesItsPartiesInOrder)
{
    CoPartyRoutes routes;
    routes.Add({1, 0, 4, true});
    routes.Add({2, 0, 5, true});
    routes.Add({3, 1, 4, true});
    routes.Add({4, 0, 4, false});
    routes.Add({5, 1, 5, true});

    std::vector<Route> taken = routes.TakeBranch(4);
    ASSERT_EQ(taken.size(), 3u);
    EXPECT_EQ(taken[0].upstream, 1);
    EXPECT_EQ(taken[1].upstream, 3);
    EXPECT_EQ(taken[2].upstream, 4);
    EXPECT_FALSE(taken[2].sent);
    EXPECT_EQ(routes.CountOnBranch(4), 0u);
    EXPECT_EQ(routes.FindOnBranch(4, 1), nullptr);
    EXPECT_EQ(routes.Find(3), nullptr);
    EXPECT_EQ(Upstreams(routes), (std::vector<uint16_t>{2, 5}));
    EXPECT_TRUE(routes.TakeBranch(4).empty());
    // The references are free again.
    EXPECT_TRUE(routes.Add({3, 1, 4, true}));
}

// Thousands of parties, added, sent, dropped and pruned in a scrambled
// order: every lookup agrees with a search of a plain list, and nothing is
// left at the end.
TEST(CoPartyRoutesTest, AgreesWithALinearSearchAtScale)
{
    const uint16_t parties = 6000;
    const uint32_t branches = 7;
    CoPartyRoutes routes;
    std::vector<Route> plain;
    for (uint16_t u = 0; u < parties; ++u)
    {
        Route r{u, 0, 100 + u % branches, false};
        ASSERT_TRUE(routes.Add(r));
        plain.push_back(r);
    }
    std::vector<uint16_t> nextOnBranch(branches, 0);
    for (uint16_t u = 0; u < parties; u += 2) // every other party goes out
    {
        uint32_t b = u % branches;
        uint16_t d = nextOnBranch[b]++;
        ASSERT_TRUE(routes.MarkSent(u, d));
        plain[u].sent = true;
        plain[u].downstream = d;
    }
    auto check = [&]() {
        ASSERT_EQ(routes.Size(), plain.size());
        for (uint32_t b = 0; b < branches; ++b)
        {
            uint32_t slot = 100 + b;
            auto on = std::count_if(plain.begin(), plain.end(), [slot](const Route& r) {
                return r.branch == slot;
            });
            ASSERT_EQ(routes.CountOnBranch(slot), static_cast<uint32_t>(on));
        }
        for (const Route& r : plain)
        {
            const Route* found = routes.Find(r.upstream);
            ASSERT_NE(found, nullptr);
            EXPECT_EQ(found->branch, r.branch);
            if (r.sent)
            {
                const Route* there = routes.FindOnBranch(r.branch, r.downstream);
                ASSERT_NE(there, nullptr);
                EXPECT_EQ(there->upstream, r.upstream);
            }
        }
        std::vector<uint16_t> expected;
        for (const Route& r : plain)
        {
            expected.push_back(r.upstream);
        }
        EXPECT_EQ(Upstreams(routes), expected);
    };
    check();
    // Drops in a scrambled order (a stride prime to the count).
    for (uint32_t k = 0; k < parties / 2; ++k)
    {
        auto u = static_cast<uint16_t>((k * 2399u) % parties);
        bool inPlain = std::find_if(plain.begin(), plain.end(), [u](const Route& r) {
                           return r.upstream == u;
                       }) != plain.end();
        EXPECT_EQ(routes.Erase(u), inPlain);
        plain.erase(std::remove_if(plain.begin(),
                                   plain.end(),
                                   [u](const Route& r) { return r.upstream == u; }),
                    plain.end());
    }
    check();
    // The branches fail one by one.
    for (uint32_t b = 0; b < branches; ++b)
    {
        uint32_t slot = 100 + b;
        std::size_t before = routes.Size();
        std::size_t taken = routes.TakeBranch(slot).size();
        EXPECT_EQ(routes.Size(), before - taken);
        EXPECT_EQ(routes.CountOnBranch(slot), 0u);
    }
    EXPECT_EQ(routes.Size(), 0u);
    EXPECT_EQ(routes.begin(), routes.end());
}

} // namespace
