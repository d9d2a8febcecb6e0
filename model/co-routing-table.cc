/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-routing-table.h"

#include "ns3/fatal-error.h"

#include <algorithm>

namespace ns3
{

void
CoRoutingTable::Add(const AesaAddress& prefix, uint32_t bits, uint32_t port, uint32_t cost)
{
    if (bits > 8 * AesaAddress::SIZE)
    {
        NS_FATAL_ERROR("route prefix length " << bits << " exceeds 160 bits");
    }
    std::vector<NextHop>& hops = m_levels[bits][prefix.Masked(bits)];
    auto same =
        std::find_if(hops.begin(), hops.end(), [port](const NextHop& h) { return h.port == port; });
    if (same != hops.end())
    {
        same->cost = cost;
    }
    else
    {
        hops.push_back(NextHop{port, cost});
        ++m_size;
    }
    std::stable_sort(hops.begin(), hops.end(), [](const NextHop& x, const NextHop& y) {
        return x.cost < y.cost;
    });
}

const std::vector<CoRoutingTable::NextHop>&
CoRoutingTable::Lookup(const AesaAddress& called) const
{
    static const std::vector<NextHop> none;
    for (const auto& [bits, level] : m_levels)
    {
        auto it = level.find(called.Masked(bits));
        if (it != level.end())
        {
            return it->second;
        }
    }
    return none;
}

std::size_t
CoRoutingTable::Remove(const AesaAddress& prefix, uint32_t bits)
{
    auto level = m_levels.find(bits);
    if (level == m_levels.end())
    {
        return 0;
    }
    auto it = level->second.find(prefix.Masked(bits));
    if (it == level->second.end())
    {
        return 0;
    }
    std::size_t removed = it->second.size();
    level->second.erase(it);
    if (level->second.empty())
    {
        // An empty level would still cost a hash on every lookup.
        m_levels.erase(level);
    }
    m_size -= removed;
    return removed;
}

void
CoRoutingTable::Clear()
{
    m_levels.clear();
    m_size = 0;
}

} // namespace ns3
