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
constexpr uint8_t DIRECTION_BIT = 0x80; //!< set when the DTE (user side) sent the frame
constexpr uint8_t TYPE_MASK = 0x0f;     //!< traffic type bits of byte 0
constexpr uint8_t CLP_BIT = 0x10;       //!< the cells' CLP, in a bit SunATM leaves unused
} // namespace

const char*
GetAtmTrafficTypeName(AtmTrafficType type)
{
    switch (type)
    {
    case AtmTrafficType::VcMultiplexed:
        return "VC-mux";
    case AtmTrafficType::Lane:
        return "LANE";
    case AtmTrafficType::Llc:
        return "LLC";
    case AtmTrafficType::Ilmi:
        return "ILMI";
    case AtmTrafficType::Signalling:
        return "signalling";
    }
    return nullptr;
}

std::ostream&
operator<<(std::ostream& os, AtmTrafficType type)
{
    const char* name = GetAtmTrafficTypeName(type);
    if (name != nullptr)
    {
        return os << name;
    }
    return os << "type " << static_cast<uint32_t>(type);
}

AtmFrameHeader::AtmFrameHeader()
    : AtmFrameHeader(0, 0, AtmTrafficType::VcMultiplexed, false)
{
}

AtmFrameHeader::AtmFrameHeader(uint8_t vpi,
                               uint16_t vci,
                               AtmTrafficType type,
                               bool fromUserSide,
                               bool clp)
    : m_vpi(vpi),
      m_vci(vci),
      m_type(type),
      m_fromUserSide(fromUserSide),
      m_clp(clp)
{
    NS_ASSERT_MSG((static_cast<uint8_t>(type) & ~TYPE_MASK) == 0,
                  "traffic type " << static_cast<uint32_t>(type) << " does not fit in 4 bits");
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
    if (m_clp)
    {
        flags |= CLP_BIT;
    }
    start.WriteU8(flags);
    start.WriteU8(m_vpi);
    start.WriteHtonU16(m_vci);
}

uint32_t
AtmFrameHeader::Deserialize(Buffer::Iterator start)
{
    if (start.GetRemainingSize() < SIZE)
    {
        NS_LOG_LOGIC("frame of " << start.GetRemainingSize() << " bytes has no room for a label");
        return 0;
    }
    uint8_t flags = start.ReadU8();
    // Bits 4-6 are not used by the SunATM pseudo-header: bit 4 carries the
    // CLP, bits 5-6 are ignored.
    m_fromUserSide = (flags & DIRECTION_BIT) != 0;
    m_clp = (flags & CLP_BIT) != 0;
    m_type = static_cast<AtmTrafficType>(flags & TYPE_MASK);
    m_vpi = start.ReadU8();
    m_vci = start.ReadNtohU16();
    return SIZE;
}

void
AtmFrameHeader::Print(std::ostream& os) const
{
    os << "VPI/VCI " << static_cast<uint32_t>(m_vpi) << "/" << m_vci << " " << m_type << " "
       << (m_fromUserSide ? "user->network" : "network->user") << (m_clp ? " CLP=1" : "");
}

uint8_t
AtmFrameHeader::GetVpi() const
{
    return m_vpi;
}

void
AtmFrameHeader::SetVpi(uint8_t vpi)
{
    m_vpi = vpi;
}

uint16_t
AtmFrameHeader::GetVci() const
{
    return m_vci;
}

void
AtmFrameHeader::SetVci(uint16_t vci)
{
    m_vci = vci;
}

AtmTrafficType
AtmFrameHeader::GetTrafficType() const
{
    return m_type;
}

void
AtmFrameHeader::SetTrafficType(AtmTrafficType type)
{
    NS_ASSERT_MSG((static_cast<uint8_t>(type) & ~TYPE_MASK) == 0,
                  "traffic type " << static_cast<uint32_t>(type) << " does not fit in 4 bits");
    m_type = type;
}

bool
AtmFrameHeader::IsFromUserSide() const
{
    return m_fromUserSide;
}

void
AtmFrameHeader::SetFromUserSide(bool fromUserSide)
{
    m_fromUserSide = fromUserSide;
}

} // namespace ns3
