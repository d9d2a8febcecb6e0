/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-cell-loss-tag.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(CoCellLossTag);

CoCellLossTag::CoCellLossTag(uint32_t lostCells, bool lastCellLost)
    : m_lostCells(lostCells),
      m_lastCellLost(lastCellLost)
{
    s_inUse = s_inUse || lostCells != 0;
}

TypeId
CoCellLossTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoCellLossTag")
                            .SetParent<Tag>()
                            .SetGroupName("Condis")
                            .AddConstructor<CoCellLossTag>();
    return tid;
}

TypeId
CoCellLossTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
CoCellLossTag::GetSerializedSize() const
{
    return 5;
}

void
CoCellLossTag::Serialize(TagBuffer i) const
{
    i.WriteU32(m_lostCells);
    i.WriteU8(m_lastCellLost ? 1 : 0);
}

void
CoCellLossTag::Deserialize(TagBuffer i)
{
    m_lostCells = i.ReadU32();
    m_lastCellLost = i.ReadU8() != 0;
}

void
CoCellLossTag::Print(std::ostream& os) const
{
    os << "lostCells=" << m_lostCells << " lastCellLost=" << m_lastCellLost;
}

} // namespace ns3
