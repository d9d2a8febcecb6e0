/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-tag.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(CoCallTag);

CoCallTag::CoCallTag(uint64_t callId)
    : m_callId(callId)
{
}

TypeId
CoCallTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoCallTag")
                            .SetParent<Tag>()
                            .SetGroupName("Condis")
                            .AddConstructor<CoCallTag>();
    return tid;
}

TypeId
CoCallTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
CoCallTag::GetSerializedSize() const
{
    return 8;
}

void
CoCallTag::Serialize(TagBuffer i) const
{
    i.WriteU64(m_callId);
}

void
CoCallTag::Deserialize(TagBuffer i)
{
    m_callId = i.ReadU64();
}

void
CoCallTag::Print(std::ostream& os) const
{
    os << "call=" << m_callId;
}

} // namespace ns3
