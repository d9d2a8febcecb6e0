/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-leaf-join.h"

namespace ns3
{

const char*
GetCoLeafJoinModeName(CoLeafJoinMode mode)
{
    switch (mode)
    {
    case CoLeafJoinMode::RootPrompted:
        return "RootPrompted";
    case CoLeafJoinMode::NetworkJoin:
        return "NetworkJoin";
    }
    return "Unknown";
}

std::ostream&
operator<<(std::ostream& os, CoLeafJoinMode mode)
{
    return os << GetCoLeafJoinModeName(mode);
}

} // namespace ns3
