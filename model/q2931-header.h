/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_HEADER_H
#define Q2931_HEADER_H

#include "co-call-parameters.h"
#include "q2931-aal-parameters-ie.h"
#include "q2931-atm-traffic-descriptor-ie.h"
#include "q2931-broadband-bearer-capability-ie.h"
#include "q2931-broadband-low-layer-information-ie.h"
#include "q2931-called-party-number-ie.h"
#include "q2931-calling-party-number-ie.h"
#include "q2931-cause-ie.h"
#include "q2931-connection-identifier-ie.h"
#include "q2931-endpoint-reference-ie.h"
#include "q2931-minimum-traffic-descriptor-ie.h"
#include "q2931-qos-parameter-ie.h"

#include "ns3/header.h"

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <type_traits>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 (and Q.2971 point-to-multipoint) message types.
 */
enum class Q2931MessageType : uint8_t
{
    Alerting = 0x01,             //!< the called party is being alerted
    CallProceeding = 0x02,       //!< the call is being set up further
    Connect = 0x07,              //!< the called party accepted the call
    ConnectAcknowledge = 0x0F,   //!< the call is connected
    Setup = 0x05,                //!< call request
    Release = 0x4D,              //!< clear the call
    ReleaseComplete = 0x5A,      //!< the call reference is free
    StatusEnquiry = 0x75,        //!< ask the peer for its call state
    Status = 0x7D,               //!< report the call state
    Restart = 0x46,              //!< restart a VC or an interface (global call reference)
    RestartAcknowledge = 0x4E,   //!< the restart is done
    AddParty = 0x80,             //!< add a leaf to a point-to-multipoint call
    AddPartyAcknowledge = 0x81,  //!< the leaf is added
    AddPartyReject = 0x82,       //!< the leaf could not be added
    DropParty = 0x83,            //!< drop a leaf
    DropPartyAcknowledge = 0x84, //!< the leaf is dropped
    PartyAlerting = 0x85,        //!< the leaf is being alerted
    LeafSetupFailure = 0x90,     //!< UNI 4.0: a leaf's request to join is refused
    LeafSetupRequest = 0x91,     //!< UNI 4.0: a leaf asks to join a root's call
};

/**
 * \ingroup condis
 * \param type a message type
 * \return its name in Q.2931, e.g. "CALL PROCEEDING"; "UNKNOWN" for another value
 */
const char* GetQ2931MessageTypeName(Q2931MessageType type);

/**
 * \ingroup condis
 * \brief Prints a message type by name, e.g. "SETUP"; "UNKNOWN (0x46)" for another value.
 * \param os the stream
 * \param type a message type
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, Q2931MessageType type);

/// The compatibility octet an IE class is sent with: its COMPATIBILITY
/// member when it has one (an IE another standard codes, e.g. the ATM
/// Forum's), else ext bit and ITU-T coding (0x80).
template <class T, class = void>
struct Q2931IeCompatibility
{
    static constexpr uint8_t value = 0x80;  //!< ITU-T coded
    static constexpr bool declared = false; //!< the class does not say
};

/// As the primary template, for an IE class that declares its compatibility octet.
template <class T>
struct Q2931IeCompatibility<T, std::void_t<decltype(T::COMPATIBILITY)>>
{
    static constexpr uint8_t value = T::COMPATIBILITY; //!< as the class declares
    static constexpr bool declared = true;             //!< the class says
};

/**
 * \ingroup condis
 * \brief An information element kept as it came on the wire: one the model
 *        has no inline slot for (unknown to it, coded by another standard,
 *        or rarely carried), so that it can be read when asked for, passed
 *        along, or reported.
 */
struct Q2931RawIe
{
    uint8_t identifier = 0;        //!< IE identifier
    uint8_t compatibility = 0x80;  //!< the compatibility (instruction) octet as received
    std::vector<uint8_t> contents; //!< the contents after the 4-byte IE header

    /// \return true when identifier, compatibility octet and contents are equal
    bool operator==(const Q2931RawIe& other) const;
};

/**
 * \ingroup condis
 * \brief One Q.2931 signalling message: the 9-byte message header and the
 *        information elements the model knows.
 *
 * Wire format: protocol discriminator 0x09; call reference length 3; the
 * call reference (flag in the top bit, 23-bit value); message type; message
 * type extension 0x80; 2-byte message length; then the IEs, each with a
 * 4-byte header (identifier, compatibility octet 0x80, 2-byte length).
 *
 * IEs are serialised in the order they were set, or after Deserialize() in
 * the order they arrived, so that a decoded message re-encodes to the same
 * bytes; setting an IE that is present replaces it in place. Each IE is held
 * by value: a message allocates nothing beyond what its IEs hold.
 *
 * Deserialize() returns 0 for a message whose header is malformed (Q.2931
 * 5.6.1 to 5.6.3.1 say to ignore it): fewer than 9 bytes, a protocol
 * discriminator other than 0x09, a call reference length other than 3, or a
 * message length beyond the bytes at hand. Once the call reference is read,
 * the message is kept: an IE with malformed contents is left out, and one
 * running past the end of the message (or a header cut short) ends the IEs
 * read; the first such IE is recorded (GetInvalidIe()) for the receiver to
 * answer as Q.2931 5.6.7 and 5.6.8 say. A repeated known IE is ignored after
 * the first (5.6.6). IEs without an inline slot are kept as received (see
 * GetOtherIes()); unknown message types are accepted and left for the
 * receiver to judge. Only the given bytes are ever read.
 */
class Q2931Header : public Header
{
  public:
    static constexpr uint8_t PROTOCOL_DISCRIMINATOR = 0x09;  //!< Q.2931 user-network messages
    static constexpr uint32_t FIXED_SIZE = 9;                //!< bytes before the first IE
    static constexpr uint32_t IE_HEADER_SIZE = 4;            //!< bytes before an IE's contents
    static constexpr uint32_t MAX_CALL_REFERENCE = 0x7fffff; //!< call references are 23 bits
    static constexpr uint32_t MAX_INFORMATION_ELEMENTS = 11; //!< IE kinds the model knows

    /// A SETUP with call reference 0 and no IEs.
    Q2931Header();

    /**
     * \param type the message type
     * \param callReference the call reference value (23 bits)
     * \param callReferenceFlag false when sent by the side that allocated the
     *        call reference, true when sent by the other side
     */
    Q2931Header(Q2931MessageType type, uint32_t callReference, bool callReferenceFlag);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \param start where the message begins
     * \return the bytes of the message, 9 + its message length; 0 when it is
     *         malformed (the header is then left empty)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    /**
     * \brief As Deserialize(Buffer::Iterator), reading no further than \p end,
     *        e.g. when SSCOP padding and a trailer follow the message.
     * \param start where the message begins
     * \param end where the bytes at hand end
     * \return as Deserialize(Buffer::Iterator)
     */
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;
    /**
     * \brief As Deserialize(Buffer::Iterator), reading no more than \p size
     *        bytes: for a caller that already knows where the message ends
     *        (SscopSdPdu), which spares working it out from two iterators.
     * \param start where the message begins
     * \param size bytes at hand from \p start
     * \return as Deserialize(Buffer::Iterator)
     */
    uint32_t DeserializeAtMost(Buffer::Iterator start, uint32_t size);
    /**
     * \param os where to print one line, e.g.
     *        "SETUP cref=0x000017/o AAL5 SDU 9188/9188 PCR 353207/353207 BE ..."
     */
    void Print(std::ostream& os) const override;

    /// \return the message type
    Q2931MessageType GetMessageType() const;
    /// \param type the message type
    void SetMessageType(Q2931MessageType type);
    /// \return the call reference value (23 bits)
    uint32_t GetCallReference() const;
    /// \param callReference the call reference value (at most MAX_CALL_REFERENCE)
    void SetCallReference(uint32_t callReference);
    /// \return false when sent by the side that allocated the call reference
    bool GetCallReferenceFlag() const;
    /// \param flag false when sent by the side that allocated the call reference
    void SetCallReferenceFlag(bool flag);

    /// \param ie the Cause IE, added last or replacing the present one in place
    void SetCause(const CauseIe& ie);
    /// \return the Cause IE, nullptr when absent
    const CauseIe* GetCause() const;
    /// \param ie the Called party number IE, added last or replacing the present one
    void SetCalledPartyNumber(const CalledPartyNumberIe& ie);
    /// \return the Called party number IE, nullptr when absent
    const CalledPartyNumberIe* GetCalledPartyNumber() const;
    /// \param ie the Calling party number IE, added last or replacing the present one
    void SetCallingPartyNumber(const CallingPartyNumberIe& ie);
    /// \return the Calling party number IE, nullptr when absent
    const CallingPartyNumberIe* GetCallingPartyNumber() const;
    /// \param ie the ATM traffic descriptor IE, added last or replacing the present one
    void SetAtmTrafficDescriptor(const AtmTrafficDescriptorIe& ie);
    /// \return the ATM traffic descriptor IE, nullptr when absent
    const AtmTrafficDescriptorIe* GetAtmTrafficDescriptor() const;
    /// \param ie the Minimum acceptable ATM traffic descriptor IE, added last or replacing
    ///        the present one
    void SetMinimumTrafficDescriptor(const MinimumTrafficDescriptorIe& ie);
    /// \return the Minimum acceptable ATM traffic descriptor IE, nullptr when absent
    const MinimumTrafficDescriptorIe* GetMinimumTrafficDescriptor() const;
    /// \param ie the Broadband bearer capability IE, added last or replacing the present one
    void SetBroadbandBearerCapability(const BroadbandBearerCapabilityIe& ie);
    /// \return the Broadband bearer capability IE, nullptr when absent
    const BroadbandBearerCapabilityIe* GetBroadbandBearerCapability() const;
    /// \param ie the AAL parameters IE, added last or replacing the present one
    void SetAalParameters(const AalParametersIe& ie);
    /// \return the AAL parameters IE, nullptr when absent
    const AalParametersIe* GetAalParameters() const;
    /// \param ie the Connection identifier IE, added last or replacing the present one
    void SetConnectionIdentifier(const ConnectionIdentifierIe& ie);
    /// \return the Connection identifier IE, nullptr when absent
    const ConnectionIdentifierIe* GetConnectionIdentifier() const;
    /// \param ie the Endpoint reference IE, added last or replacing the present one
    void SetEndpointReference(const EndpointReferenceIe& ie);
    /// \return the Endpoint reference IE, nullptr when absent
    const EndpointReferenceIe* GetEndpointReference() const;
    /// \param ie the QoS parameter IE, added last or replacing the present one
    void SetQosParameter(const QosParameterIe& ie);
    /// \return the QoS parameter IE, nullptr when absent
    const QosParameterIe* GetQosParameter() const;
    /// \param ie the Broadband low-layer information IE, added last or replacing the present one
    void SetBroadbandLowLayerInformation(const BroadbandLowLayerInformationIe& ie);
    /// \return the Broadband low-layer information IE, nullptr when absent
    const BroadbandLowLayerInformationIe* GetBroadbandLowLayerInformation() const;

    /**
     * \brief Removes an IE, e.g. before a switch passes a message on.
     * \param identifier the IE identifier (an IDENTIFIER constant of an IE class)
     * \return true when the IE was present
     */
    bool RemoveInformationElement(uint8_t identifier);
    /**
     * \return the identifier of the first IE Deserialize() could not read
     *         (malformed contents, or a length past the end of the message),
     *         which the message does not hold; 0 when every IE was read
     */
    uint8_t GetInvalidIe() const;

    /// \return how many IEs with an inline slot the message holds (see GetOtherIes())
    uint32_t GetNInformationElements() const;
    /**
     * \param index 0 .. GetNInformationElements() - 1
     * \return the identifier of the IE at that place in the message
     */
    uint8_t GetInformationElementIdentifier(uint32_t index) const;

    /**
     * \brief Reads an IE kept among the other IEs (those without an inline
     *        slot: see GetOtherIes()).
     *
     * A class that declares its COMPATIBILITY octet (an IE coded by the ATM
     * Forum, e.g. LijCallIdentifierIe) matches only an IE of its coding
     * standard; SetOtherIe() sends it with that octet.
     *
     * Rarely carried IEs (Call state, Restart indicator, B-HLI, ...) have no
     * inline slot: every slot costs every message, and a basic call's
     * messages never carry them. \p T is an IE class like the others
     * (IDENTIFIER, GetContentsSize(), SerializeContents(), DeserializeContents()).
     *
     * \param[out] ie the decoded IE
     * \return false when no such IE is present, or its contents are malformed
     */
    template <class T>
    bool GetOtherIe(T& ie) const;

    /**
     * \brief Adds an IE among the other IEs, last, or replaces the present one in place.
     * \param ie the IE (see GetOtherIe())
     */
    template <class T>
    void SetOtherIe(const T& ie);

    /**
     * \brief Adds an IE as it is (e.g. one passed along unchanged), last, or
     *        replacing the present one with the same identifier in place.
     * \param ie the IE
     */
    void AddOtherIe(const Q2931RawIe& ie);

    /**
     * \return the IEs without an inline slot, in the order received or added;
     *         they are written after the inline ones
     */
    const std::vector<Q2931RawIe>& GetOtherIes() const;

    /**
     * \brief Sets the IEs that carry a call's parameters, in this order: AAL
     *        parameters, ATM traffic descriptor, minimum acceptable ATM
     *        traffic descriptor (only when the caller gave a minimum; a present
     *        one is removed otherwise), broadband bearer capability,
     *        called party number, calling party number (only when not all-zero;
     *        a present one is removed otherwise) and QoS parameter.
     *
     * CBR: BCOB-X with transfer capability CBR, PCRs; rt-VBR and nrt-VBR:
     * BCOB-X with their transfer capability, PCRs, SCRs and MBSs; UBR: BCOB-X
     * without transfer capability, PCRs and the best effort indicator. The
     * AAL5 maximum SDU sizes come from the flow specs; the QoS class goes into
     * both directions. The AAL parameters and traffic descriptor IEs are never
     * last (Wireshark reads past them).
     *
     * \param p the call parameters
     */
    void SetCallParameters(const CoCallParameters& p);

    /**
     * \brief The inverse of SetCallParameters(); an absent IE gives the default
     *        of its fields, and a transfer capability other than CBR, rt-VBR or
     *        nrt-VBR (or none) gives UBR.
     * \return the call parameters (modified = false)
     */
    CoCallParameters GetCallParameters() const;

  private:
    /// Forgets every IE.
    void ClearInformationElements();
    /**
     * \brief Empties the slot of an IE, leaving the order as it is.
     * \param identifier the IE identifier
     */
    void ResetSlot(uint8_t identifier);
    /**
     * \brief Stores an IE, appending its identifier to the order when it is new.
     * \param slot where the IE is kept
     * \param ie the IE
     */
    template <class T>
    void SetIe(std::optional<T>& slot, const T& ie);
    /**
     * \brief Decodes one known IE into its slot.
     * \param slot where the IE is kept
     * \param i where its contents begin
     * \param length its length field
     * \return false when the IE is malformed (then left out); a repeated one
     *         is skipped (true)
     */
    template <class T>
    bool ReadIe(std::optional<T>& slot, Buffer::Iterator& i, uint16_t length);
    /**
     * \brief Calls f(ie) on the present IE with the given identifier.
     * \param identifier an IE identifier
     * \param f what to call
     */
    template <class F>
    void VisitIe(uint8_t identifier, F&& f) const;
    /**
     * \param start where the message begins
     * \param available bytes at hand from \p start
     * \return as Deserialize(), leaving whatever it decoded when it fails
     */
    uint32_t DoDeserialize(Buffer::Iterator start, uint32_t available);
    /// Records the first IE Deserialize() could not read.
    void NoteInvalidIe(uint8_t identifier);
    /**
     * \brief Prints one of the other IEs as its class does, when it is one.
     * \param os where to print it, after a space
     * \param ie one of GetOtherIes()
     * \return false when \p ie is no valid IE of class \p T (nothing printed)
     */
    template <class T>
    bool PrintOtherIe(std::ostream& os, const Q2931RawIe& ie) const;

    Q2931MessageType m_messageType; //!< message type
    uint32_t m_callReference;       //!< call reference value, 23 bits
    bool m_callReferenceFlag;       //!< false when sent by the call reference's allocator

    std::optional<CauseIe> m_cause;                                      //!< Cause
    std::optional<CalledPartyNumberIe> m_calledPartyNumber;              //!< Called party number
    std::optional<CallingPartyNumberIe> m_callingPartyNumber;            //!< Calling party number
    std::optional<AtmTrafficDescriptorIe> m_atmTrafficDescriptor;        //!< ATM traffic descriptor
    std::optional<MinimumTrafficDescriptorIe> m_minimumDescriptor;       //!< its minimum acceptable
    std::optional<BroadbandBearerCapabilityIe> m_bearerCapability;       //!< Broadband bearer cap.
    std::optional<AalParametersIe> m_aalParameters;                      //!< AAL parameters
    std::optional<ConnectionIdentifierIe> m_connectionIdentifier;        //!< Connection identifier
    std::optional<EndpointReferenceIe> m_endpointReference;              //!< Endpoint reference
    std::optional<QosParameterIe> m_qosParameter;                        //!< QoS parameter
    std::optional<BroadbandLowLayerInformationIe> m_lowLayerInformation; //!< B-LLI

    std::vector<Q2931RawIe> m_otherIes; //!< IEs without a slot (empty: no allocation)
    std::array<uint8_t, MAX_INFORMATION_ELEMENTS> m_order; //!< IE identifiers, in wire order
    uint8_t m_nIes;                                        //!< entries used in m_order
    uint8_t m_invalidIe; //!< the first IE Deserialize() could not read, 0: none
    /**
     * GetSerializedSize(), worked out when first asked and forgotten when an
     * IE is set, removed or decoded (the fixed header's fields do not change
     * the size); 0 when not known. Packet::AddHeader asks once and Serialize()
     * again, for each message on each hop.
     */
    mutable uint32_t m_serializedSize;
};

// The getters a message is judged and handled by, inline: each received
// message on each hop asks several of them.

inline Q2931MessageType
Q2931Header::GetMessageType() const
{
    return m_messageType;
}

inline uint32_t
Q2931Header::GetCallReference() const
{
    return m_callReference;
}

inline bool
Q2931Header::GetCallReferenceFlag() const
{
    return m_callReferenceFlag;
}

inline uint8_t
Q2931Header::GetInvalidIe() const
{
    return m_invalidIe;
}

inline const std::vector<Q2931RawIe>&
Q2931Header::GetOtherIes() const
{
    return m_otherIes;
}

inline uint32_t
Q2931Header::GetNInformationElements() const
{
    return m_nIes;
}

inline const CauseIe*
Q2931Header::GetCause() const
{
    return m_cause ? &*m_cause : nullptr;
}

inline const CalledPartyNumberIe*
Q2931Header::GetCalledPartyNumber() const
{
    return m_calledPartyNumber ? &*m_calledPartyNumber : nullptr;
}

inline const CallingPartyNumberIe*
Q2931Header::GetCallingPartyNumber() const
{
    return m_callingPartyNumber ? &*m_callingPartyNumber : nullptr;
}

inline const AtmTrafficDescriptorIe*
Q2931Header::GetAtmTrafficDescriptor() const
{
    return m_atmTrafficDescriptor ? &*m_atmTrafficDescriptor : nullptr;
}

inline const MinimumTrafficDescriptorIe*
Q2931Header::GetMinimumTrafficDescriptor() const
{
    return m_minimumDescriptor ? &*m_minimumDescriptor : nullptr;
}

inline const BroadbandBearerCapabilityIe*
Q2931Header::GetBroadbandBearerCapability() const
{
    return m_bearerCapability ? &*m_bearerCapability : nullptr;
}

inline const AalParametersIe*
Q2931Header::GetAalParameters() const
{
    return m_aalParameters ? &*m_aalParameters : nullptr;
}

inline const ConnectionIdentifierIe*
Q2931Header::GetConnectionIdentifier() const
{
    return m_connectionIdentifier ? &*m_connectionIdentifier : nullptr;
}

inline const EndpointReferenceIe*
Q2931Header::GetEndpointReference() const
{
    return m_endpointReference ? &*m_endpointReference : nullptr;
}

inline const QosParameterIe*
Q2931Header::GetQosParameter() const
{
    return m_qosParameter ? &*m_qosParameter : nullptr;
}

inline const BroadbandLowLayerInformationIe*
Q2931Header::GetBroadbandLowLayerInformation() const
{
    return m_lowLayerInformation ? &*m_lowLayerInformation : nullptr;
}

template <class T>
bool
Q2931Header::GetOtherIe(T& ie) const
{
    constexpr uint8_t codingStandard = 0x60; // bits 7-6 of the compatibility octet
    for (const Q2931RawIe& raw : m_otherIes)
    {
        // An IE of a class coded by another standard than ITU-T's is that
        // class's only with the same coding standard (the same identifier
        // means something else under another one).
        if (raw.identifier == T::IDENTIFIER &&
            (!Q2931IeCompatibility<T>::declared ||
             (raw.compatibility & codingStandard) ==
                 (Q2931IeCompatibility<T>::value & codingStandard)))
        {
            Buffer buffer;
            buffer.AddAtStart(raw.contents.size());
            buffer.Begin().Write(raw.contents.data(), raw.contents.size());
            Buffer::Iterator i = buffer.Begin();
            return ie.DeserializeContents(i, static_cast<uint16_t>(raw.contents.size())) &&
                   i.GetDistanceFrom(buffer.Begin()) == raw.contents.size();
        }
    }
    return false;
}

template <class T>
void
Q2931Header::SetOtherIe(const T& ie)
{
    Q2931RawIe raw;
    raw.identifier = T::IDENTIFIER;
    raw.compatibility = Q2931IeCompatibility<T>::value;
    Buffer buffer;
    buffer.AddAtStart(ie.GetContentsSize());
    Buffer::Iterator i = buffer.Begin();
    ie.SerializeContents(i);
    raw.contents.resize(buffer.GetSize());
    buffer.CopyData(raw.contents.data(), buffer.GetSize());
    AddOtherIe(raw);
}

} // namespace ns3

#endif /* Q2931_HEADER_H */
