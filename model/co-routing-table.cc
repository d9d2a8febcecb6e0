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
    Range& range = m_levels[bits].try_emplace(prefix.Masked(bits), Range{0, 0}).first->second;
    auto first = m_hops.begin() + range.first;
    auto same = std::find_if(first, first + range.count, [port](const NextHop& h) {
        return h.port == port;
    });
    if (same != first + range.count)
    {
        same->cost = cost;
    }
    else
    {
        // A range grows in place only at the end of the array; elsewhere it
        // moves there (routes are added a prefix at a time, so this is rare
        // after a prefix's first next hop). Compact() takes back the gaps.
        if (range.first + range.count != m_hops.size() || range.count == 0)
        {
            std::vector<NextHop> moved(first, first + range.count);
            range.first = m_hops.size();
            m_hops.insert(m_hops.end(), moved.begin(), moved.end());
        }
        m_hops.push_back(NextHop{port, cost});
        ++range.count;
        ++m_size;
    }
    first = m_hops.begin() + range.first;
    std::stable_sort(first, first + range.count, [](const NextHop& x, const NextHop& y) {
        return x.cost < y.cost;
    });
    if (m_hops.size() > 2 * m_size + 64)
    {
        Compact();
    }
}

CoRoutingTable::NextHops
CoRoutingTable::Lookup(const AesaAddress& called) const
{
    for (const auto& [bits, level] : m_levels)
    {
        auto it = level.find(called.Masked(bits));
        if (it != level.end())
        {
            return NextHops(m_hops.data() + it->second.first, it->second.count);
        }
    }
    return NextHops();
}

void
CoRoutingTable::Compact()
{
    std::vector<NextHop> hops;
    hops.reserve(m_size);
    for (auto& [bits, level] : m_levels)
    {
        for (auto& [prefix, range] : level)
        {
            hops.insert(hops.end(),
                        m_hops.begin() + range.first,
                        m_hops.begin() + range.first + range.count);
            range.first = hops.size() - range.count;
        }
    }
    m_hops = std::move(hops);
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
    std::size_t removed = it->second.count;
    level->second.erase(it);
    if (level->second.empty())
    {
        // An empty level would still cost a hash on every lookup.
        m_levels.erase(level);
    }
    m_size -= removed;
    if (m_hops.size() > 2 * m_size + 64)
    {
        Compact();
    }
    return removed;
}

void
CoRoutingTable::Clear()
{
    m_levels.clear();
    m_hops.clear();
    m_size = 0;
}

} // namespace ns3
