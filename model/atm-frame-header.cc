/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "atm-frame-header.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AtmFrameHeader");

NS_OBJECT_ENSURE_REGISTERED(AtmFrameHeader);

namespace
{
constexpr uint8_t DIRECTION_BIT = 0x80; //!< flags bit set when the user side sends
constexpr uint8_t TYPE_MASK = 0x0f;     //!< flags bits holding the traffic type
constexpr uint32_t SIZE = 4;            //!< serialised size, bytes
} // namespace

std::ostream&
operator<<(std::ostream& os, AtmTrafficType type)
{
    switch (type)
    {
    case AtmTrafficType::VcMultiplexed:
        return os << "VcMultiplexed";
    case AtmTrafficType::Lane:
        return os << "Lane";
    case AtmTrafficType::Llc:
        return os << "Llc";
    case AtmTrafficType::Ilmi:
        return os << "Ilmi";
    case AtmTrafficType::Signalling:
        return os << "Signalling";
    }
    // a value read off the wire that has no name here
    return os << "Type" << static_cast<unsigned>(type);
}

AtmFrameHeader::AtmFrameHeader()
    : m_vpi(0),
      m_vci(0),
      m_type(AtmTrafficType::VcMultiplexed),
      m_fromUserSide(false)
{
}

AtmFrameHeader::AtmFrameHeader(uint8_t vpi, uint16_t vci, AtmTrafficType type, bool fromUserSide)
    : m_vpi(vpi),
      m_vci(vci),
      m_type(type),
      m_fromUserSide(fromUserSide)
{
}

TypeId
AtmFrameHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::AtmFrameHeader")
                            .SetParent<Header>()
                            .SetGroupName("Condis")
                            .AddConstructor<AtmFrameHeader>();
    return tid;
}

TypeId
AtmFrameHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
AtmFrameHeader::Print(std::ostream& os) const
{
    os << "vpi=" << static_cast<unsigned>(m_vpi) << " vci=" << m_vci << " type=" << m_type
       << " from=" << (m_fromUserSide ? "user" : "network");
}

uint32_t
AtmFrameHeader::GetSerializedSize() const
{
    return SIZE;
}

void
AtmFrameHeader::Serialize(Buffer::Iterator start) const
{
    uint8_t flags = static_cast<uint8_t>(m_type) & TYPE_MASK;
    if (m_fromUserSide)
    {
        flags |= DIRECTION_BIT;
    }
    start.WriteU8(flags);
    start.WriteU8(m_vpi);
    start.WriteHtonU16(m_vci);
}

uint32_t
AtmFrameHeader::Deserialize(Buffer::Iterator start)
{
    // A short frame must be rejected here: reading past the end of a
    // Buffer is an assertion failure, and frames come from anywhere.
    if (start.GetRemainingSize() < SIZE)
    {
        return 0;
    }
    uint8_t flags = start.ReadU8();
    m_fromUserSide = (flags & DIRECTION_BIT) != 0;
    m_type = static_cast<AtmTrafficType>(flags & TYPE_MASK);
    m_vpi = start.ReadU8();
    m_vci = start.ReadNtohU16();
    return SIZE;
}

uint8_t
AtmFrameHeader::GetVpi() const
{
    return m_vpi;
}

uint16_t
AtmFrameHeader::GetVci() const
{
    return m_vci;
}

AtmTrafficType
AtmFrameHeader::GetTrafficType() const
{
    return m_type;
}

bool
AtmFrameHeader::IsFromUserSide() const
{
    return m_fromUserSide;
}

void
AtmFrameHeader::SetVpi(uint8_t vpi)
{
    m_vpi = vpi;
}

void
AtmFrameHeader::SetVci(uint16_t vci)
{
    m_vci = vci;
}

void
AtmFrameHeader::SetTrafficType(AtmTrafficType type)
{
    m_type = type;
}

void
AtmFrameHeader::SetFromUserSide(bool fromUserSide)
{
    m_fromUserSide = fromUserSide;
}

} // namespace ns3
