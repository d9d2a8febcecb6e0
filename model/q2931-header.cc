/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-header.h"

#include "q2931-call-state-ie.h"
#include "q2931-restart-indicator-ie.h"
#include "q2971-endpoint-state-ie.h"
#include "uni40-leaf-sequence-number-ie.h"
#include "uni40-lij-call-identifier-ie.h"
#include "uni40-lij-parameters-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931Header");

NS_OBJECT_ENSURE_REGISTERED(Q2931Header);

namespace
{
constexpr uint8_t CALL_REFERENCE_LENGTH = 3;     //!< the only call reference length at the UNI
constexpr uint8_t CALL_REFERENCE_FLAG = 0x80;    //!< flag bit of the first call reference octet
constexpr uint8_t MESSAGE_TYPE_EXTENSION = 0x80; //!< ext bit, regular error handling
/// IE compatibility octet: ext bit, ITU-T coding standard, no explicit handling instructions.
constexpr uint8_t IE_COMPATIBILITY = 0x80;
constexpr uint8_t CODING_STANDARD_MASK = 0x60; //!< coding standard bits of the compatibility octet

/// Writes the 4-byte header and the contents of one IE kept as received.
void
WriteRawIe(Buffer::Iterator& i, const Q2931RawIe& ie)
{
    i.WriteU8(ie.identifier);
    i.WriteU8(ie.compatibility);
    i.WriteHtonU16(static_cast<uint16_t>(ie.contents.size()));
    i.Write(ie.contents.data(), ie.contents.size());
}

/// Writes the 4-byte header and the contents of one IE.
template <class T>
void
WriteIe(Buffer::Iterator& i, const T& ie)
{
    i.WriteU8(T::IDENTIFIER);
    i.WriteU8(IE_COMPATIBILITY);
    i.WriteHtonU16(ie.GetContentsSize());
    ie.SerializeContents(i);
}
} // namespace

namespace
{
/// \return the Q.2931 name of a message type, nullptr for one the model does not know
const char*
KnownMessageTypeName(Q2931MessageType type)
{
    switch (type)
    {
    case Q2931MessageType::Alerting:
        return "ALERTING";
    case Q2931MessageType::CallProceeding:
        return "CALL PROCEEDING";
    case Q2931MessageType::Connect:
        return "CONNECT";
    case Q2931MessageType::ConnectAcknowledge:
        return "CONNECT ACKNOWLEDGE";
    case Q2931MessageType::Setup:
        return "SETUP";
    case Q2931MessageType::Release:
        return "RELEASE";
    case Q2931MessageType::ReleaseComplete:
        return "RELEASE COMPLETE";
    case Q2931MessageType::StatusEnquiry:
        return "STATUS ENQUIRY";
    case Q2931MessageType::Status:
        return "STATUS";
    case Q2931MessageType::Restart:
        return "RESTART";
    case Q2931MessageType::RestartAcknowledge:
        return "RESTART ACKNOWLEDGE";
    case Q2931MessageType::AddParty:
        return "ADD PARTY";
    case Q2931MessageType::AddPartyAcknowledge:
        return "ADD PARTY ACKNOWLEDGE";
    case Q2931MessageType::AddPartyReject:
        return "ADD PARTY REJECT";
    case Q2931MessageType::DropParty:
        return "DROP PARTY";
    case Q2931MessageType::DropPartyAcknowledge:
        return "DROP PARTY ACKNOWLEDGE";
    case Q2931MessageType::PartyAlerting:
        return "PARTY ALERTING";
    case Q2931MessageType::LeafSetupFailure:
        return "LEAF SETUP FAILURE";
    case Q2931MessageType::LeafSetupRequest:
        return "LEAF SETUP REQUEST";
    }
    return nullptr;
}
} // namespace

const char*
GetQ2931MessageTypeName(Q2931MessageType type)
{
    const char* name = KnownMessageTypeName(type);
    return name != nullptr ? name : "UNKNOWN";
}

std::ostream&
operator<<(std::ostream& os, Q2931MessageType type)
{
    const char* name = KnownMessageTypeName(type);
    if (name != nullptr)
    {
        return os << name;
    }
    return os << "UNKNOWN (0x" << std::hex << std::setw(2) << std::setfill('0')
              << static_cast<uint32_t>(type) << std::setfill(' ') << std::dec << ")";
}

Q2931Header::Q2931Header()
    : Q2931Header(Q2931MessageType::Setup, 0, false)
{
}

Q2931Header::Q2931Header(Q2931MessageType type, uint32_t callReference, bool callReferenceFlag)
    : m_messageType(type),
      m_callReference(callReference),
      m_callReferenceFlag(callReferenceFlag),
      m_order{},
      m_nIes(0),
      m_invalidIe(0),
      m_serializedSize(0)
{
    NS_ASSERT_MSG(callReference <= MAX_CALL_REFERENCE,
                  "call reference " << callReference << " is not 23 bits");
}

TypeId
Q2931Header::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Q2931Header")
                            .SetParent<Header>()
                            .SetGroupName("Condis")
                            .AddConstructor<Q2931Header>();
    return tid;
}

TypeId
Q2931Header::GetInstanceTypeId() const
{
    return GetTypeId();
}

template <class F>
void
Q2931Header::VisitIe(uint8_t identifier, F&& f) const
{
    switch (identifier)
    {
    case CauseIe::IDENTIFIER:
        f(*m_cause);
        break;
    case CalledPartyNumberIe::IDENTIFIER:
        f(*m_calledPartyNumber);
        break;
    case CallingPartyNumberIe::IDENTIFIER:
        f(*m_callingPartyNumber);
        break;
    case AtmTrafficDescriptorIe::IDENTIFIER:
        f(*m_atmTrafficDescriptor);
        break;
    case MinimumTrafficDescriptorIe::IDENTIFIER:
        f(*m_minimumDescriptor);
        break;
    case BroadbandBearerCapabilityIe::IDENTIFIER:
        f(*m_bearerCapability);
        break;
    case AalParametersIe::IDENTIFIER:
        f(*m_aalParameters);
        break;
    case ConnectionIdentifierIe::IDENTIFIER:
        f(*m_connectionIdentifier);
        break;
    case EndpointReferenceIe::IDENTIFIER:
        f(*m_endpointReference);
        break;
    case QosParameterIe::IDENTIFIER:
        f(*m_qosParameter);
        break;
    case BroadbandLowLayerInformationIe::IDENTIFIER:
        f(*m_lowLayerInformation);
        break;
    default:
        NS_ASSERT_MSG(false, "no IE 0x" << std::hex << +identifier);
    }
}

uint32_t
Q2931Header::GetSerializedSize() const
{
    if (m_serializedSize == 0)
    {
        uint32_t size = FIXED_SIZE;
        for (uint8_t k = 0; k < m_nIes; ++k)
        {
            VisitIe(m_order[k],
                    [&size](const auto& ie) { size += IE_HEADER_SIZE + ie.GetContentsSize(); });
        }
        for (const Q2931RawIe& ie : m_otherIes)
        {
            size += IE_HEADER_SIZE + ie.contents.size();
        }
        m_serializedSize = size;
    }
    return m_serializedSize;
}

void
Q2931Header::Serialize(Buffer::Iterator start) const
{
    uint32_t messageLength = GetSerializedSize() - FIXED_SIZE;
    NS_ASSERT_MSG(messageLength <= 0xffff, "message of " << messageLength << " bytes");
    start.WriteU8(PROTOCOL_DISCRIMINATOR);
    start.WriteU8(CALL_REFERENCE_LENGTH);
    start.WriteU8((m_callReferenceFlag ? CALL_REFERENCE_FLAG : 0) | (m_callReference >> 16 & 0x7f));
    start.WriteHtonU16(m_callReference & 0xffff);
    start.WriteU8(static_cast<uint8_t>(m_messageType));
    start.WriteU8(MESSAGE_TYPE_EXTENSION);
    start.WriteHtonU16(static_cast<uint16_t>(messageLength));
    for (uint8_t k = 0; k < m_nIes; ++k)
    {
        VisitIe(m_order[k], [&start](const auto& ie) { WriteIe(start, ie); });
    }
    for (const Q2931RawIe& ie : m_otherIes)
    {
        WriteRawIe(start, ie);
    }
}

uint32_t
Q2931Header::Deserialize(Buffer::Iterator start)
{
    return DeserializeAtMost(start, start.GetRemainingSize());
}

uint32_t
Q2931Header::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    return DeserializeAtMost(start, end.GetDistanceFrom(start));
}

uint32_t
Q2931Header::DeserializeAtMost(Buffer::Iterator start, uint32_t size)
{
    uint32_t read = DoDeserialize(start, size);
    if (read == 0)
    {
        ClearInformationElements();
    }
    return read;
}

template <class T>
bool
Q2931Header::ReadIe(std::optional<T>& slot, Buffer::Iterator& i, uint16_t length)
{
    if (slot)
    {
        // Q.2931 5.6.6: only the first of a repeated IE is handled.
        NS_LOG_LOGIC("IE 0x" << std::hex << +T::IDENTIFIER << " repeated: ignored");
        i.Next(length);
        return true;
    }
    slot.emplace();
    if (!slot->DeserializeContents(i, length))
    {
        // Left out, as if absent: the receiver learns which from GetInvalidIe().
        NS_LOG_LOGIC("IE 0x" << std::hex << +T::IDENTIFIER << " malformed");
        slot.reset();
        return false;
    }
    m_order[m_nIes++] = T::IDENTIFIER;
    return true;
}

uint32_t
Q2931Header::DoDeserialize(Buffer::Iterator start, uint32_t available)
{
    ClearInformationElements();
    m_invalidIe = 0;
    if (available < FIXED_SIZE)
    {
        NS_LOG_LOGIC("message of " << available << " bytes is shorter than a header");
        return 0;
    }
    uint8_t discriminator = start.ReadU8();
    uint8_t referenceLength = start.ReadU8();
    if (discriminator != PROTOCOL_DISCRIMINATOR || referenceLength != CALL_REFERENCE_LENGTH)
    {
        NS_LOG_LOGIC("protocol discriminator 0x" << std::hex << +discriminator
                                                 << ", call reference length 0x"
                                                 << +referenceLength);
        return 0;
    }
    uint8_t high = start.ReadU8();
    m_callReferenceFlag = (high & CALL_REFERENCE_FLAG) != 0;
    m_callReference = static_cast<uint32_t>(high & 0x7f) << 16 | start.ReadNtohU16();
    m_messageType = static_cast<Q2931MessageType>(start.ReadU8());
    // The message type extension's flag and action indicator are for the
    // receiver's error handling; the model always uses regular handling.
    start.ReadU8();
    uint16_t messageLength = start.ReadNtohU16();
    if (messageLength > available - FIXED_SIZE)
    {
        NS_LOG_LOGIC("message length " << messageLength << " but " << available - FIXED_SIZE
                                       << " bytes at hand");
        return 0;
    }
    // From here on the call reference is known: an IE that cannot be read
    // is recorded (the first one) and left out, and the message kept for
    // the receiver to answer as Q.2931 5.6 says. IEs past one whose length
    // cannot be trusted are not read.
    uint32_t left = messageLength;
    while (left > 0)
    {
        if (left < IE_HEADER_SIZE)
        {
            NS_LOG_LOGIC("IE header cut short by the end of the message");
            NoteInvalidIe(start.ReadU8());
            break;
        }
        uint8_t identifier = start.ReadU8();
        uint8_t compatibility = start.ReadU8();
        uint16_t length = start.ReadNtohU16();
        left -= IE_HEADER_SIZE;
        if (length > left)
        {
            NS_LOG_LOGIC("IE 0x" << std::hex << +identifier << std::dec << " of length " << length
                                 << " runs past the message end");
            NoteInvalidIe(identifier);
            break;
        }
        // Each IE decoder reads from a copy, and the message moves on by the
        // IE's length whatever the decoder did: a decoder cannot put the
        // message out of step with the IEs that follow.
        Buffer::Iterator contents = start;
        start.Next(length);
        bool known = (compatibility & CODING_STANDARD_MASK) == 0;
        bool ok = true;
        switch (known ? identifier : 0)
        {
        case CauseIe::IDENTIFIER:
            ok = ReadIe(m_cause, contents, length);
            break;
        case CalledPartyNumberIe::IDENTIFIER:
            ok = ReadIe(m_calledPartyNumber, contents, length);
            break;
        case CallingPartyNumberIe::IDENTIFIER:
            ok = ReadIe(m_callingPartyNumber, contents, length);
            break;
        case AtmTrafficDescriptorIe::IDENTIFIER:
            ok = ReadIe(m_atmTrafficDescriptor, contents, length);
            break;
        case MinimumTrafficDescriptorIe::IDENTIFIER:
            ok = ReadIe(m_minimumDescriptor, contents, length);
            break;
        case BroadbandBearerCapabilityIe::IDENTIFIER:
            ok = ReadIe(m_bearerCapability, contents, length);
            break;
        case AalParametersIe::IDENTIFIER:
            ok = ReadIe(m_aalParameters, contents, length);
            break;
        case ConnectionIdentifierIe::IDENTIFIER:
            ok = ReadIe(m_connectionIdentifier, contents, length);
            break;
        case EndpointReferenceIe::IDENTIFIER:
            ok = ReadIe(m_endpointReference, contents, length);
            break;
        case QosParameterIe::IDENTIFIER:
            ok = ReadIe(m_qosParameter, contents, length);
            break;
        case BroadbandLowLayerInformationIe::IDENTIFIER:
            ok = ReadIe(m_lowLayerInformation, contents, length);
            break;
        default: {
            // Unknown to the model, coded by another standard, or without an
            // inline slot: kept as it came, for GetOtherIe() or to pass along.
            NS_LOG_LOGIC("keeping IE 0x" << std::hex << +identifier << " as received");
            Q2931RawIe& raw = m_otherIes.emplace_back();
            raw.identifier = identifier;
            raw.compatibility = compatibility;
            raw.contents.resize(length);
            contents.Read(raw.contents.data(), length);
        }
        }
        if (!ok)
        {
            NoteInvalidIe(identifier);
            left -= length;
            continue;
        }
        // Reading another length than it was given is a bug of the decoder's.
        NS_ASSERT_MSG(contents.GetDistanceFrom(start) == 0,
                      "IE 0x" << std::hex << +identifier << std::dec << " of length " << length
                              << " decoded from another length");
        left -= length;
    }
    return FIXED_SIZE + messageLength;
}

void
Q2931Header::NoteInvalidIe(uint8_t identifier)
{
    if (m_invalidIe == 0)
    {
        m_invalidIe = identifier;
    }
}

template <class T>
bool
Q2931Header::PrintOtherIe(std::ostream& os, const Q2931RawIe& ie) const
{
    T decoded;
    if (ie.identifier != T::IDENTIFIER || !GetOtherIe(decoded))
    {
        return false;
    }
    os << " ";
    decoded.Print(os);
    return true;
}

void
Q2931Header::Print(std::ostream& os) const
{
    // "/o": sent by the side that allocated the call reference; "/d": by the other side
    os << m_messageType << " cref=0x" << std::hex << std::setw(6) << std::setfill('0')
       << m_callReference << std::setfill(' ') << std::dec << (m_callReferenceFlag ? "/d" : "/o");
    for (uint8_t k = 0; k < m_nIes; ++k)
    {
        VisitIe(m_order[k], [&os](const auto& ie) {
            os << " ";
            ie.Print(os);
        });
    }
    for (const Q2931RawIe& ie : m_otherIes)
    {
        CallStateIe state;
        if (ie.identifier == CallStateIe::IDENTIFIER && GetOtherIe(state))
        {
            os << " ";
            state.Print(os);
            continue;
        }
        RestartIndicatorIe restart;
        if (ie.identifier == RestartIndicatorIe::IDENTIFIER && GetOtherIe(restart))
        {
            os << " ";
            restart.Print(os);
            continue;
        }
        EndpointStateIe party;
        if (ie.identifier == EndpointStateIe::IDENTIFIER && GetOtherIe(party))
        {
            os << " ";
            party.Print(os);
            continue;
        }
        if (PrintOtherIe<LijCallIdentifierIe>(os, ie) || PrintOtherIe<LijParametersIe>(os, ie) ||
            PrintOtherIe<LeafSequenceNumberIe>(os, ie))
        {
            continue;
        }
        os << " ie0x" << std::hex << std::setw(2) << std::setfill('0') << +ie.identifier
           << std::setfill(' ') << std::dec << "[" << ie.contents.size() << "]";
    }
    if (m_invalidIe != 0)
    {
        os << " invalid-ie=0x" << std::hex << std::setw(2) << std::setfill('0') << +m_invalidIe
           << std::setfill(' ') << std::dec;
    }
}

void
Q2931Header::SetMessageType(Q2931MessageType type)
{
    m_messageType = type;
}

void
Q2931Header::SetCallReference(uint32_t callReference)
{
    NS_ASSERT_MSG(callReference <= MAX_CALL_REFERENCE,
                  "call reference " << callReference << " is not 23 bits");
    m_callReference = callReference;
}

void
Q2931Header::SetCallReferenceFlag(bool flag)
{
    m_callReferenceFlag = flag;
}

template <class T>
void
Q2931Header::SetIe(std::optional<T>& slot, const T& ie)
{
    if (!slot)
    {
        NS_ASSERT(m_nIes < MAX_INFORMATION_ELEMENTS);
        m_order[m_nIes++] = T::IDENTIFIER;
    }
    slot = ie;
    m_serializedSize = 0;
}

void
Q2931Header::ClearInformationElements()
{
    // Only the slots in the order are in use: a message that was just made
    // (as a receiver's is) has nothing to clear.
    for (uint8_t k = 0; k < m_nIes; ++k)
    {
        ResetSlot(m_order[k]);
    }
    m_nIes = 0;
    m_otherIes.clear();
    m_serializedSize = 0;
}

void
Q2931Header::ResetSlot(uint8_t identifier)
{
    switch (identifier)
    {
    case CauseIe::IDENTIFIER:
        m_cause.reset();
        break;
    case CalledPartyNumberIe::IDENTIFIER:
        m_calledPartyNumber.reset();
        break;
    case CallingPartyNumberIe::IDENTIFIER:
        m_callingPartyNumber.reset();
        break;
    case AtmTrafficDescriptorIe::IDENTIFIER:
        m_atmTrafficDescriptor.reset();
        break;
    case MinimumTrafficDescriptorIe::IDENTIFIER:
        m_minimumDescriptor.reset();
        break;
    case BroadbandBearerCapabilityIe::IDENTIFIER:
        m_bearerCapability.reset();
        break;
    case AalParametersIe::IDENTIFIER:
        m_aalParameters.reset();
        break;
    case ConnectionIdentifierIe::IDENTIFIER:
        m_connectionIdentifier.reset();
        break;
    case EndpointReferenceIe::IDENTIFIER:
        m_endpointReference.reset();
        break;
    case QosParameterIe::IDENTIFIER:
        m_qosParameter.reset();
        break;
    case BroadbandLowLayerInformationIe::IDENTIFIER:
        m_lowLayerInformation.reset();
        break;
    default:
        NS_ASSERT_MSG(false, "no IE 0x" << std::hex << +identifier);
    }
}

bool
Q2931Header::RemoveInformationElement(uint8_t identifier)
{
    for (auto it = m_otherIes.begin(); it != m_otherIes.end(); ++it)
    {
        if (it->identifier == identifier)
        {
            m_otherIes.erase(it);
            m_serializedSize = 0;
            return true;
        }
    }
    uint8_t k = 0;
    while (k < m_nIes && m_order[k] != identifier)
    {
        ++k;
    }
    if (k == m_nIes)
    {
        return false;
    }
    for (; k + 1 < m_nIes; ++k)
    {
        m_order[k] = m_order[k + 1];
    }
    --m_nIes;
    ResetSlot(identifier);
    m_serializedSize = 0;
    return true;
}

void
Q2931Header::AddOtherIe(const Q2931RawIe& ie)
{
    m_serializedSize = 0;
    for (Q2931RawIe& present : m_otherIes)
    {
        if (present.identifier == ie.identifier)
        {
            present = ie;
            return;
        }
    }
    m_otherIes.push_back(ie);
}

bool
Q2931RawIe::operator==(const Q2931RawIe& other) const
{
    return identifier == other.identifier && compatibility == other.compatibility &&
           contents == other.contents;
}

uint8_t
Q2931Header::GetInformationElementIdentifier(uint32_t index) const
{
    NS_ASSERT_MSG(index < m_nIes, "IE index " << index << " of " << +m_nIes);
    return m_order[index];
}

void
Q2931Header::SetCause(const CauseIe& ie)
{
    SetIe(m_cause, ie);
}

void
Q2931Header::SetCalledPartyNumber(const CalledPartyNumberIe& ie)
{
    SetIe(m_calledPartyNumber, ie);
}

void
Q2931Header::SetCallingPartyNumber(const CallingPartyNumberIe& ie)
{
    SetIe(m_callingPartyNumber, ie);
}

void
Q2931Header::SetAtmTrafficDescriptor(const AtmTrafficDescriptorIe& ie)
{
    SetIe(m_atmTrafficDescriptor, ie);
}

void
Q2931Header::SetMinimumTrafficDescriptor(const MinimumTrafficDescriptorIe& ie)
{
    SetIe(m_minimumDescriptor, ie);
}

void
Q2931Header::SetBroadbandBearerCapability(const BroadbandBearerCapabilityIe& ie)
{
    SetIe(m_bearerCapability, ie);
}

void
Q2931Header::SetAalParameters(const AalParametersIe& ie)
{
    SetIe(m_aalParameters, ie);
}

void
Q2931Header::SetConnectionIdentifier(const ConnectionIdentifierIe& ie)
{
    SetIe(m_connectionIdentifier, ie);
}

void
Q2931Header::SetEndpointReference(const EndpointReferenceIe& ie)
{
    SetIe(m_endpointReference, ie);
}

void
Q2931Header::SetQosParameter(const QosParameterIe& ie)
{
    SetIe(m_qosParameter, ie);
}

void
Q2931Header::SetBroadbandLowLayerInformation(const BroadbandLowLayerInformationIe& ie)
{
    SetIe(m_lowLayerInformation, ie);
}

void
Q2931Header::SetCallParameters(const CoCallParameters& p)
{
    SetAalParameters(AalParametersIe::FromCallParameters(p));

    SetAtmTrafficDescriptor(AtmTrafficDescriptorIe::FromCallParameters(p));
    if (p.minimumForwardPeakCellRate != 0 || p.minimumBackwardPeakCellRate != 0)
    {
        SetMinimumTrafficDescriptor(MinimumTrafficDescriptorIe::FromCallParameters(p));
    }
    else
    {
        RemoveInformationElement(MinimumTrafficDescriptorIe::IDENTIFIER);
    }
    BroadbandBearerCapabilityIe bbc(BroadbandBearerCapabilityIe::BCOB_X);
    switch (p.category)
    {
    case CoServiceCategory::Cbr:
        bbc.transferCapability = BroadbandBearerCapabilityIe::ATC_CBR;
        break;
    case CoServiceCategory::RtVbr:
        bbc.transferCapability = BroadbandBearerCapabilityIe::ATC_RT_VBR;
        break;
    case CoServiceCategory::NrtVbr:
        bbc.transferCapability = BroadbandBearerCapabilityIe::ATC_NRT_VBR;
        break;
    case CoServiceCategory::Ubr:
        break;
    }
    SetBroadbandBearerCapability(bbc);

    SetCalledPartyNumber(CalledPartyNumberIe(p.calledParty));
    if (p.callingParty != AesaAddress())
    {
        SetCallingPartyNumber(CallingPartyNumberIe(p.callingParty));
    }
    else
    {
        RemoveInformationElement(CallingPartyNumberIe::IDENTIFIER);
    }
    SetQosParameter(QosParameterIe(p.qosClass, p.qosClass));
}

CoCallParameters
Q2931Header::GetCallParameters() const
{
    CoCallParameters p;
    p.category = CoServiceCategory::Ubr;
    if (m_bearerCapability && m_bearerCapability->transferCapability)
    {
        switch (*m_bearerCapability->transferCapability)
        {
        case BroadbandBearerCapabilityIe::ATC_CBR:
            p.category = CoServiceCategory::Cbr;
            break;
        case BroadbandBearerCapabilityIe::ATC_RT_VBR:
            p.category = CoServiceCategory::RtVbr;
            break;
        case BroadbandBearerCapabilityIe::ATC_NRT_VBR:
            p.category = CoServiceCategory::NrtVbr;
            break;
        }
    }
    if (m_atmTrafficDescriptor)
    {
        m_atmTrafficDescriptor->ApplyTo(p);
    }
    if (m_minimumDescriptor)
    {
        m_minimumDescriptor->ApplyTo(p);
    }
    if (m_aalParameters)
    {
        p.forward.maxSduSize = m_aalParameters->forwardMaxSdu.value_or(p.forward.maxSduSize);
        p.backward.maxSduSize = m_aalParameters->backwardMaxSdu.value_or(p.backward.maxSduSize);
    }
    if (m_qosParameter)
    {
        p.qosClass = m_qosParameter->forwardClass;
    }
    if (m_calledPartyNumber && m_calledPartyNumber->IsAesa())
    {
        p.calledParty = m_calledPartyNumber->number;
    }
    if (m_callingPartyNumber)
    {
        p.callingParty = m_callingPartyNumber->number;
    }
    return p;
}

} // namespace ns3
