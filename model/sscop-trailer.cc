/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sscop-trailer.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SscopTrailer");

NS_OBJECT_ENSURE_REGISTERED(SscopTrailer);

SscopTrailer::SscopTrailer()
    : m_sequenceNumber(0),
      m_padLength(0)
{
}

SscopTrailer::SscopTrailer(uint32_t payloadSize, uint32_t sequenceNumber)
    : m_sequenceNumber(sequenceNumber % SEQUENCE_MODULUS),
      m_padLength(GetPadLengthFor(payloadSize))
{
}

TypeId
SscopTrailer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SscopTrailer")
                            .SetParent<Trailer>()
                            .SetGroupName("Condis")
                            .AddConstructor<SscopTrailer>();
    return tid;
}

TypeId
SscopTrailer::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
SscopTrailer::GetSerializedSize() const
{
    return m_padLength + WORD_SIZE;
}

void
SscopTrailer::Serialize(Buffer::Iterator end) const
{
    end.Prev(GetSerializedSize());
    WriteEnd(end, m_padLength, m_sequenceNumber);
}

uint32_t
SscopTrailer::Deserialize(Buffer::Iterator end)
{
    // Bytes between the start of the packet and `end`: Prev() itself only
    // guards against going below the start of the whole buffer, not the data.
    uint32_t available = end.GetSize() - end.GetRemainingSize();
    return ReadEnd(end, available, m_padLength, m_sequenceNumber);
}

void
SscopTrailer::Print(std::ostream& os) const
{
    os << "SSCOP SD N(S)=" << m_sequenceNumber << " pad=" << static_cast<uint32_t>(m_padLength);
}

uint32_t
SscopTrailer::GetSequenceNumber() const
{
    return m_sequenceNumber;
}

uint8_t
SscopTrailer::GetPadLength() const
{
    return m_padLength;
}

uint8_t
SscopTrailer::GetPadLengthFor(uint32_t payloadSize)
{
    return static_cast<uint8_t>((WORD_SIZE - payloadSize % WORD_SIZE) % WORD_SIZE);
}

void
SscopTrailer::WriteEnd(Buffer::Iterator& i, uint8_t padLength, uint32_t sequenceNumber)
{
    for (uint8_t k = 0; k < padLength; ++k)
    {
        i.WriteU8(0);
    }
    uint32_t word = static_cast<uint32_t>(padLength) << 30 |
                    static_cast<uint32_t>(PDU_TYPE_SD) << 24 | sequenceNumber;
    i.WriteHtonU32(word);
}

uint32_t
SscopTrailer::ReadEnd(Buffer::Iterator end,
                      uint32_t pduSize,
                      uint8_t& padLength,
                      uint32_t& sequenceNumber)
{
    if (pduSize < WORD_SIZE)
    {
        NS_LOG_LOGIC("PDU of " << pduSize << " bytes has no room for an SSCOP trailer");
        return 0;
    }
    end.Prev(WORD_SIZE);
    uint32_t word = end.ReadNtohU32();
    uint8_t type = (word >> 24) & 0x0f;
    if (type != PDU_TYPE_SD)
    {
        // BGN, END, POLL, STAT... are SSCOP's own business, not a message's end.
        NS_LOG_LOGIC("SSCOP PDU type " << static_cast<uint32_t>(type) << " is not SD");
        return 0;
    }
    uint8_t pad = static_cast<uint8_t>(word >> 30);
    if (pduSize < WORD_SIZE + pad)
    {
        NS_LOG_LOGIC("PDU of " << pduSize << " bytes is shorter than its padding, "
                               << static_cast<uint32_t>(pad));
        return 0;
    }
    end.Prev(WORD_SIZE + pad);
    for (uint8_t k = 0; k < pad; ++k)
    {
        if (end.ReadU8() != 0)
        {
            NS_LOG_LOGIC("SSCOP padding is not zero");
            return 0;
        }
    }
    // The two reserved bits (28-29) are ignored, as Q.2110 asks of a receiver.
    padLength = pad;
    sequenceNumber = word & (SEQUENCE_MODULUS - 1);
    return WORD_SIZE + pad;
}

} // namespace ns3
