/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-routing-table.h"

#include "ns3/assert.h"
#include "ns3/fatal-error.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// Prefix numbers a table may skip in m_ranges, at the least, before it keeps
/// a new one aside in m_sparse instead.
constexpr uint32_t DENSE_SLACK = 64;

} // namespace

CoRoutingTable::CoRoutingTable(const CoRoutingTable& other)
    : m_lengthBits(other.m_lengthBits),
      m_index(other.m_index),
      m_ranges(other.m_ranges),
      m_sparseMin(other.m_sparseMin),
      m_sparseMax(other.m_sparseMax),
      m_hops(other.m_hops),
      m_sparse(other.m_sparse),
      m_lengths(other.m_lengths),
      m_size(other.m_size),
      m_sharedIndex(other.m_sharedIndex)
{
    // A table's own index is part of its value: a copy sharing it would
    // grow it with prefixes that the original never routed.
    if (!m_sharedIndex && m_index)
    {
        m_index = Create<CoPrefixIndex>(*other.m_index);
    }
}

CoRoutingTable&
CoRoutingTable::operator=(const CoRoutingTable& other)
{
    if (this != &other)
    {
        *this = CoRoutingTable(other);
    }
    return *this;
}

bool
CoRoutingTable::SetPrefixIndex(Ptr<CoPrefixIndex> index)
{
    if (m_size != 0)
    {
        return false;
    }
    Clear();
    m_index = index;
    m_sharedIndex = index != nullptr;
    return true;
}

CoRoutingTable::Range&
CoRoutingTable::GetRange(uint32_t number)
{
    if (number < m_ranges.size())
    {
        return m_ranges[number];
    }
    // A network's switch prefixes are numbered in a row and each switch
    // routes to nearly all of them: an array by number holds them with
    // nothing to spare. A switch's own hosts, numbered after every switch
    // prefix (or any prefix added far out of order), would leave the array
    // mostly empty: they go to the hash table instead.
    std::size_t slack = std::max<std::size_t>(DENSE_SLACK, m_ranges.size() / 16);
    if (number < m_ranges.size() + slack)
    {
        m_ranges.resize(number + 1, Range{});
        if (!m_sparse.empty() && m_sparseMin <= number)
        {
            // Numbers the array now covers must be found there.
            std::vector<uint32_t> moved;
            m_sparseMin = CoPrefixIndex::NONE;
            for (const auto& [n, range] : m_sparse)
            {
                if (n <= number)
                {
                    m_ranges[n] = range;
                    moved.push_back(n);
                }
                else
                {
                    m_sparseMin = std::min(m_sparseMin, n);
                }
            }
            for (uint32_t n : moved)
            {
                m_sparse.erase(n);
            }
            if (m_sparse.empty())
            {
                m_sparseMax = 0;
            }
        }
        return m_ranges[number];
    }
    m_sparseMin = std::min(m_sparseMin, number);
    m_sparseMax = std::max(m_sparseMax, number);
    return m_sparse.try_emplace(number, Range{}).first->second;
}

void
CoRoutingTable::AddLength(uint32_t bits)
{
    auto it = std::find_if(m_lengths.begin(), m_lengths.end(), [bits](const Length& l) {
        return l.bits <= bits;
    });
    if (it != m_lengths.end() && it->bits == bits)
    {
        ++it->prefixes;
    }
    else
    {
        m_lengths.insert(it, Length{bits, 1});
        m_lengthBits[bits / 64] |= uint64_t(1) << (bits % 64);
    }
}

void
CoRoutingTable::RemoveLength(uint32_t bits)
{
    auto it = std::find_if(m_lengths.begin(), m_lengths.end(), [bits](const Length& l) {
        return l.bits == bits;
    });
    NS_ASSERT_MSG(it != m_lengths.end(), "no prefix of length " << bits);
    if (--it->prefixes == 0)
    {
        // A length without routes would still cost a hash on every lookup.
        m_lengths.erase(it);
        m_lengthBits[bits / 64] &= ~(uint64_t(1) << (bits % 64));
    }
}

void
CoRoutingTable::Add(const AesaAddress& prefix, uint32_t bits, uint32_t port, uint32_t cost)
{
    if (bits > CoPrefixIndex::MAX_BITS)
    {
        NS_FATAL_ERROR("route prefix length " << bits << " exceeds 160 bits");
    }
    if (!m_index)
    {
        m_index = Create<CoPrefixIndex>();
        m_sharedIndex = false; // even in a table moved from
    }
    Range& range = GetRange(m_index->Intern(prefix, bits));
    if (range.count == 0)
    {
        AddLength(bits);
    }
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
    range.best = *first;
    if (m_hops.size() > 2 * m_size + 64)
    {
        Compact();
    }
}

CoRoutingTable::NextHops
CoRoutingTable::Lookup(const AesaAddress& called) const
{
    // The lengths are walked in the bit set, inside the table, rather than
    // in m_lengths, whose array would be one more cache miss per lookup.
    for (uint32_t word = m_lengthBits.size(); word-- > 0;)
    {
        for (uint64_t left = m_lengthBits[word]; left != 0;)
        {
            uint32_t top = 63 - __builtin_clzll(left);
            left &= ~(uint64_t(1) << top);
            // The shared index knows prefixes this table has no route for:
            // they must not hide a shorter one that it has.
            const Range* range = FindRange(m_index->Find(called, 64 * word + top));
            if (range != nullptr && range->count != 0)
            {
                return NextHops(&range->best, m_hops.data() + range->first, range->count);
            }
        }
    }
    return NextHops();
}

void
CoRoutingTable::Compact()
{
    std::vector<NextHop> hops;
    hops.reserve(m_size);
    auto move = [&](Range& range) {
        hops.insert(hops.end(),
                    m_hops.begin() + range.first,
                    m_hops.begin() + range.first + range.count);
        range.first = hops.size() - range.count;
    };
    for (Range& range : m_ranges)
    {
        move(range);
    }
    for (auto& [number, range] : m_sparse)
    {
        move(range);
    }
    m_hops = std::move(hops);
}

std::size_t
CoRoutingTable::Remove(const AesaAddress& prefix, uint32_t bits)
{
    if (!m_index)
    {
        return 0;
    }
    uint32_t number = m_index->Find(prefix, bits);
    const Range* found = FindRange(number);
    if (found == nullptr || found->count == 0)
    {
        return 0;
    }
    std::size_t removed = found->count;
    if (number < m_ranges.size())
    {
        // The index keeps the number: the element stays, empty.
        m_ranges[number] = Range{};
    }
    else
    {
        m_sparse.erase(number);
        if (m_sparse.empty())
        {
            m_sparseMin = CoPrefixIndex::NONE;
            m_sparseMax = 0;
        }
    }
    RemoveLength(bits);
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
    if (!m_sharedIndex)
    {
        // A table's own index would otherwise keep every prefix it ever had.
        m_index = nullptr;
    }
    m_lengths.clear();
    m_lengthBits.fill(0);
    m_ranges.clear();
    m_sparse.clear();
    m_sparseMin = CoPrefixIndex::NONE;
    m_sparseMax = 0;
    m_hops.clear();
    m_size = 0;
}

} // namespace ns3
