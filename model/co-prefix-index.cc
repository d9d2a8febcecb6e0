/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-prefix-index.h"

#include "ns3/fatal-error.h"

namespace ns3
{

CoPrefixIndex::CoPrefixIndex()
{
    m_levelOf.fill(NO_LEVEL);
}

uint32_t
CoPrefixIndex::Intern(const AesaAddress& prefix, uint32_t bits)
{
    if (bits > MAX_BITS)
    {
        NS_FATAL_ERROR("route prefix length " << bits << " exceeds " << MAX_BITS << " bits");
    }
    if (m_levelOf[bits] == NO_LEVEL)
    {
        m_levelOf[bits] = m_levels.size();
        m_levels.emplace_back();
    }
    auto [it, fresh] = m_levels[m_levelOf[bits]].try_emplace(prefix.Masked(bits), m_size);
    if (fresh)
    {
        if (it->second == NONE)
        {
            NS_FATAL_ERROR("CoPrefixIndex: more than " << NONE << " prefixes");
        }
        ++m_size;
    }
    return it->second;
}

} // namespace ns3
