/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sscop-sd-pdu.h"

#include "sscop-trailer.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SscopSdPdu");

NS_OBJECT_ENSURE_REGISTERED(SscopSdPdu);

SscopSdPdu::SscopSdPdu()
    : m_ownMessage(std::make_unique<Q2931Header>()),
      m_message(m_ownMessage.get()),
      m_decodeInto(m_ownMessage.get()),
      m_messageSize(0),
      m_sequenceNumber(0),
      m_padLength(0)
{
}

SscopSdPdu::SscopSdPdu(const Q2931Header& message, uint32_t sequenceNumber)
    : m_message(&message),
      m_decodeInto(nullptr),
      m_messageSize(message.GetSerializedSize()),
      m_sequenceNumber(sequenceNumber % SscopTrailer::SEQUENCE_MODULUS),
      m_padLength(SscopTrailer::GetPadLengthFor(m_messageSize))
{
}

SscopSdPdu::SscopSdPdu(Q2931Header& message)
    : m_message(&message),
      m_decodeInto(&message),
      m_messageSize(0),
      m_sequenceNumber(0),
      m_padLength(0)
{
}

SscopSdPdu::~SscopSdPdu() = default;

TypeId
SscopSdPdu::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SscopSdPdu")
                            .SetParent<Header>()
                            .SetGroupName("Condis")
                            .AddConstructor<SscopSdPdu>();
    return tid;
}

TypeId
SscopSdPdu::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
SscopSdPdu::GetSerializedSize() const
{
    return m_messageSize + m_padLength + SscopTrailer::WORD_SIZE;
}

void
SscopSdPdu::Serialize(Buffer::Iterator start) const
{
    NS_ASSERT_MSG(m_message->GetSerializedSize() == m_messageSize,
                  "the message changed size since the PDU was made");
    m_message->Serialize(start);
    start.Next(m_messageSize);
    SscopTrailer::WriteEnd(start, m_padLength, m_sequenceNumber);
}

uint32_t
SscopSdPdu::Deserialize(Buffer::Iterator start)
{
    uint32_t pduSize = start.GetRemainingSize();
    Buffer::Iterator end = start;
    end.Next(pduSize);
    return DoDeserialize(start, end, pduSize);
}

uint32_t
SscopSdPdu::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    return DoDeserialize(start, end, end.GetDistanceFrom(start));
}

uint32_t
SscopSdPdu::DoDeserialize(Buffer::Iterator start, Buffer::Iterator end, uint32_t pduSize)
{
    NS_ASSERT_MSG(m_decodeInto != nullptr, "an SD PDU made to send cannot decode");
    uint8_t padLength;
    uint32_t sequenceNumber;
    uint32_t trailerSize = SscopTrailer::ReadEnd(end, pduSize, padLength, sequenceNumber);
    if (trailerSize == 0)
    {
        NS_LOG_LOGIC("malformed SSCOP PDU");
        return 0;
    }
    // The message may not read into the padding: it is decoded from the
    // bytes before it, as if the trailer had been removed first.
    if (m_decodeInto->DeserializeAtMost(start, pduSize - trailerSize) == 0)
    {
        NS_LOG_LOGIC("malformed Q.2931 message");
        return 0;
    }
    m_messageSize = pduSize - trailerSize;
    m_sequenceNumber = sequenceNumber;
    m_padLength = padLength;
    return pduSize;
}

void
SscopSdPdu::Print(std::ostream& os) const
{
    m_message->Print(os);
    os << "; SSCOP SD N(S)=" << m_sequenceNumber << " pad=" << static_cast<uint32_t>(m_padLength);
}

const Q2931Header&
SscopSdPdu::GetMessage() const
{
    return *m_message;
}

uint32_t
SscopSdPdu::GetSequenceNumber() const
{
    return m_sequenceNumber;
}

uint8_t
SscopSdPdu::GetPadLength() const
{
    return m_padLength;
}

} // namespace ns3
