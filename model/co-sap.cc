/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-sap.h"

namespace ns3
{

bool
CoSap::operator==(const CoSap& other) const
{
    // Bits past the pattern's length do not count: two patterns that accept
    // the same set of addresses are the same SAP.
    return m_matchBits == other.m_matchBits &&
           m_address.MatchesPrefix(other.m_address, m_matchBits);
}

std::ostream&
operator<<(std::ostream& os, const CoSap& sap)
{
    return os << sap.GetAddress() << "/" << unsigned(sap.GetMatchBits());
}

} // namespace ns3
