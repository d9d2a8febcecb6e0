/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-party-routes.h"

namespace ns3
{

uint64_t
CoPartyRoutes::BranchKey(uint32_t branch, uint16_t downstream)
{
    return (static_cast<uint64_t>(branch) << 16) | downstream;
}

bool
CoPartyRoutes::Add(const Route& route)
{
    if (m_byUpstream.contains(route.upstream) ||
        (route.sent && m_byBranch.contains(BranchKey(route.branch, route.downstream))))
    {
        return false;
    }
    Iterator it = m_routes.insert(m_routes.end(), route);
    m_byUpstream.emplace(route.upstream, it);
    if (route.sent)
    {
        m_byBranch.emplace(BranchKey(route.branch, route.downstream), it);
    }
    ++m_countByBranch[route.branch];
    return true;
}

const CoPartyRoutes::Route*
CoPartyRoutes::Find(uint16_t upstream) const
{
    auto it = m_byUpstream.find(upstream);
    return it == m_byUpstream.end() ? nullptr : &*it->second;
}

const CoPartyRoutes::Route*
CoPartyRoutes::FindOnBranch(uint32_t branch, uint16_t downstream) const
{
    auto it = m_byBranch.find(BranchKey(branch, downstream));
    return it == m_byBranch.end() ? nullptr : &*it->second;
}

uint32_t
CoPartyRoutes::CountOnBranch(uint32_t branch) const
{
    auto it = m_countByBranch.find(branch);
    return it == m_countByBranch.end() ? 0 : it->second;
}

bool
CoPartyRoutes::MarkSent(uint16_t upstream, uint16_t downstream)
{
    auto found = m_byUpstream.find(upstream);
    if (found == m_byUpstream.end())
    {
        return false;
    }
    Iterator it = found->second;
    uint64_t key = BranchKey(it->branch, downstream);
    if (m_byBranch.contains(key))
    {
        return false; // another party has that reference on the branch
    }
    if (it->sent)
    {
        m_byBranch.erase(BranchKey(it->branch, it->downstream));
    }
    it->downstream = downstream;
    it->sent = true;
    m_byBranch.emplace(key, it);
    return true;
}

bool
CoPartyRoutes::Rename(uint16_t from, uint16_t to)
{
    auto found = m_byUpstream.find(from);
    if (found == m_byUpstream.end() || (from != to && m_byUpstream.contains(to)))
    {
        return false;
    }
    Iterator it = found->second;
    m_byUpstream.erase(found);
    it->upstream = to;
    m_byUpstream.emplace(to, it);
    return true;
}

void
CoPartyRoutes::Unindex(Iterator it)
{
    m_byUpstream.erase(it->upstream);
    if (it->sent)
    {
        m_byBranch.erase(BranchKey(it->branch, it->downstream));
    }
    auto count = m_countByBranch.find(it->branch);
    if (--count->second == 0)
    {
        m_countByBranch.erase(count);
    }
}

bool
CoPartyRoutes::Erase(uint16_t upstream)
{
    auto found = m_byUpstream.find(upstream);
    if (found == m_byUpstream.end())
    {
        return false;
    }
    Iterator it = found->second;
    Unindex(it);
    m_routes.erase(it);
    return true;
}

std::vector<CoPartyRoutes::Route>
CoPartyRoutes::TakeBranch(uint32_t branch)
{
    std::vector<Route> taken;
    if (CountOnBranch(branch) == 0)
    {
        return taken;
    }
    // Once per branch released: a walk over the call's routes is fine here.
    for (Iterator it = m_routes.begin(); it != m_routes.end();)
    {
        if (it->branch == branch)
        {
            taken.push_back(*it);
            Unindex(it);
            it = m_routes.erase(it);
        }
        else
        {
            ++it;
        }
    }
    return taken;
}

std::size_t
CoPartyRoutes::Size() const
{
    return m_routes.size();
}

CoPartyRoutes::const_iterator
CoPartyRoutes::begin() const
{
    return m_routes.begin();
}

CoPartyRoutes::const_iterator
CoPartyRoutes::end() const
{
    return m_routes.end();
}

} // namespace ns3
