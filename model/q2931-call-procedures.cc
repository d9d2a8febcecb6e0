/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-call-procedures.h"

#include "q2931-call-state-ie.h"
#include "q2931-restart-indicator-ie.h"
#include "uni40-leaf-sequence-number-ie.h"
#include "uni40-lij-call-identifier-ie.h"
#include "uni40-lij-parameters-ie.h"

#include "ns3/log.h"

#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931CallProcedures");

namespace
{

/// The columns of the state table: one bit per recognised message type.
enum Column : uint8_t
{
    SETUP,
    CALL_PROCEEDING,
    ALERTING,
    CONNECT,
    CONNECT_ACKNOWLEDGE,
    RELEASE,
    RELEASE_COMPLETE,
    STATUS_ENQUIRY,
    STATUS,
    POINT_TO_MULTIPOINT, //!< ADD PARTY and the other Q.2971 messages
    RESTART,             //!< RESTART and RESTART ACKNOWLEDGE, on the global call reference
    LEAF_SETUP, //!< LEAF SETUP REQUEST and FAILURE (UNI 4.0): no call's, expected in no state
    UNRECOGNISED,
};

/// \return the column of a message type
constexpr Column
ColumnOf(Q2931MessageType type)
{
    switch (type)
    {
    case Q2931MessageType::Setup:
        return SETUP;
    case Q2931MessageType::CallProceeding:
        return CALL_PROCEEDING;
    case Q2931MessageType::Alerting:
        return ALERTING;
    case Q2931MessageType::Connect:
        return CONNECT;
    case Q2931MessageType::ConnectAcknowledge:
        return CONNECT_ACKNOWLEDGE;
    case Q2931MessageType::Release:
        return RELEASE;
    case Q2931MessageType::ReleaseComplete:
        return RELEASE_COMPLETE;
    case Q2931MessageType::StatusEnquiry:
        return STATUS_ENQUIRY;
    case Q2931MessageType::Status:
        return STATUS;
    case Q2931MessageType::AddParty:
    case Q2931MessageType::AddPartyAcknowledge:
    case Q2931MessageType::AddPartyReject:
    case Q2931MessageType::DropParty:
    case Q2931MessageType::DropPartyAcknowledge:
    case Q2931MessageType::PartyAlerting:
        return POINT_TO_MULTIPOINT;
    case Q2931MessageType::Restart:
    case Q2931MessageType::RestartAcknowledge:
        return RESTART;
    case Q2931MessageType::LeafSetupFailure:
    case Q2931MessageType::LeafSetupRequest:
        return LEAF_SETUP;
    }
    return UNRECOGNISED;
}

constexpr uint16_t
Bit(Column c)
{
    return uint16_t(1u << c);
}

/// What every state but the null state takes: clearing and status.
constexpr uint16_t ANY_STATE =
    Bit(RELEASE) | Bit(RELEASE_COMPLETE) | Bit(STATUS_ENQUIRY) | Bit(STATUS);

/**
 * The messages each call state expects (Q.2931 5.6.4 and the state
 * machines of its annex), by side and by state value 0..12. A SETUP for a
 * known call is not "expected": Judge() ignores it as Q.2931 5.6.3.2 says.
 * Point-to-multipoint messages (Q.2971) are expected in the Active state
 * only, where parties are added and dropped; whether the call is
 * multipoint, and what the party's own state expects, the owner asks its
 * Q2971PartyTable.
 */
constexpr std::array<std::array<uint16_t, 13>, 2> EXPECTED{{
    // User side (host)
    {{
        Bit(SETUP),                                                      // U0
        ANY_STATE | Bit(CALL_PROCEEDING) | Bit(ALERTING) | Bit(CONNECT), // U1
        0,                                                               // (2)
        ANY_STATE | Bit(ALERTING) | Bit(CONNECT),                        // U3
        ANY_STATE | Bit(CONNECT),                                        // U4
        0,                                                               // (5)
        ANY_STATE,                                                       // U6
        ANY_STATE,                                                       // U7
        ANY_STATE | Bit(CONNECT_ACKNOWLEDGE),                            // U8
        ANY_STATE,                                                       // U9
        ANY_STATE | Bit(POINT_TO_MULTIPOINT),                            // U10
        ANY_STATE,                                                       // U11
        ANY_STATE,                                                       // U12
    }},
    // Network side (switch)
    {{
        Bit(SETUP),                                                      // N0
        ANY_STATE,                                                       // N1
        0,                                                               // (2)
        ANY_STATE,                                                       // N3
        ANY_STATE,                                                       // N4
        0,                                                               // (5)
        ANY_STATE | Bit(CALL_PROCEEDING) | Bit(ALERTING) | Bit(CONNECT), // N6
        ANY_STATE | Bit(CONNECT),                                        // N7
        ANY_STATE,                                                       // N8
        ANY_STATE | Bit(ALERTING) | Bit(CONNECT),                        // N9
        ANY_STATE | Bit(CONNECT_ACKNOWLEDGE) | Bit(POINT_TO_MULTIPOINT), // N10
        ANY_STATE,                                                       // N11
        ANY_STATE,                                                       // N12
    }},
}};

/// Up to four mandatory IEs of a message in one direction (0: none).
using MandatoryIes = std::array<uint8_t, 4>;

/**
 * \return the IEs mandatory in a message, as Q.2931 clause 3 lists them for
 *         the direction toward \p receiver; only IEs whose presence does not
 *         depend on the call's history (a RELEASE COMPLETE's Cause is
 *         mandatory only when it is the first clearing message, a CONNECT's
 *         connection identifier only when it is the first answer: the
 *         receivers judge those themselves)
 */
constexpr MandatoryIes
MandatoryIesOf(Q2931Side receiver, Q2931MessageType type)
{
    bool toUser = receiver == Q2931Side::User;
    switch (type)
    {
    case Q2931MessageType::Setup:
        return toUser ? MandatoryIes{AtmTrafficDescriptorIe::IDENTIFIER,
                                     BroadbandBearerCapabilityIe::IDENTIFIER,
                                     CalledPartyNumberIe::IDENTIFIER,
                                     ConnectionIdentifierIe::IDENTIFIER}
                      : MandatoryIes{AtmTrafficDescriptorIe::IDENTIFIER,
                                     BroadbandBearerCapabilityIe::IDENTIFIER,
                                     CalledPartyNumberIe::IDENTIFIER,
                                     0};
    case Q2931MessageType::CallProceeding:
        // The network's first answer to a user's SETUP names the VCI.
        return toUser ? MandatoryIes{ConnectionIdentifierIe::IDENTIFIER, 0, 0, 0} : MandatoryIes{};
    case Q2931MessageType::Release:
        return MandatoryIes{CauseIe::IDENTIFIER, 0, 0, 0};
    case Q2931MessageType::Status:
        return MandatoryIes{CauseIe::IDENTIFIER, CallStateIe::IDENTIFIER, 0, 0};
    case Q2931MessageType::Restart:
    case Q2931MessageType::RestartAcknowledge:
        return MandatoryIes{RestartIndicatorIe::IDENTIFIER, 0, 0, 0};
    // Q.2971 clause 3: every party message names its party.
    case Q2931MessageType::AddParty:
        return MandatoryIes{EndpointReferenceIe::IDENTIFIER, CalledPartyNumberIe::IDENTIFIER, 0, 0};
    case Q2931MessageType::AddPartyReject:
    case Q2931MessageType::DropParty:
        return MandatoryIes{EndpointReferenceIe::IDENTIFIER, CauseIe::IDENTIFIER, 0, 0};
    case Q2931MessageType::AddPartyAcknowledge:
    case Q2931MessageType::PartyAlerting:
    case Q2931MessageType::DropPartyAcknowledge:
        return MandatoryIes{EndpointReferenceIe::IDENTIFIER, 0, 0, 0};
    // UNI 4.0: a leaf's request names the root, the leaf, the call and
    // itself; its refusal says why, and which request it refuses.
    case Q2931MessageType::LeafSetupRequest:
        return MandatoryIes{CallingPartyNumberIe::IDENTIFIER,
                            CalledPartyNumberIe::IDENTIFIER,
                            LijCallIdentifierIe::IDENTIFIER,
                            LeafSequenceNumberIe::IDENTIFIER};
    case Q2931MessageType::LeafSetupFailure:
        return MandatoryIes{CauseIe::IDENTIFIER, LeafSequenceNumberIe::IDENTIFIER, 0, 0};
    default:
        return MandatoryIes{};
    }
}

/// A message type of each column, for the tables built from MandatoryIesOf()
/// (the types sharing a column share their mandatory IEs: see ShortCutIsSound())
constexpr Q2931MessageType
TypeOf(Column column)
{
    switch (column)
    {
    case SETUP:
        return Q2931MessageType::Setup;
    case CALL_PROCEEDING:
        return Q2931MessageType::CallProceeding;
    case ALERTING:
        return Q2931MessageType::Alerting;
    case CONNECT:
        return Q2931MessageType::Connect;
    case CONNECT_ACKNOWLEDGE:
        return Q2931MessageType::ConnectAcknowledge;
    case RELEASE:
        return Q2931MessageType::Release;
    case RELEASE_COMPLETE:
        return Q2931MessageType::ReleaseComplete;
    case STATUS_ENQUIRY:
        return Q2931MessageType::StatusEnquiry;
    case STATUS:
        return Q2931MessageType::Status;
    case POINT_TO_MULTIPOINT:
        return Q2931MessageType::AddParty;
    case RESTART:
        return Q2931MessageType::Restart;
    case LEAF_SETUP:
        return Q2931MessageType::LeafSetupRequest;
    case UNRECOGNISED:
        break;
    }
    return static_cast<Q2931MessageType>(0); // a type no column has
}

/**
 * What Judge()'s short cut asks of a message it may take: one bit for each
 * mandatory IE with an inline slot in Q2931Header, which must be in it, or
 * IN_DETAIL for a message it leaves to JudgeInDetail() whatever it holds.
 */
enum ShortCutNeed : uint8_t
{
    CAUSE_SLOT = 0x01,
    CONNECTION_IDENTIFIER_SLOT = 0x02,
    TRAFFIC_DESCRIPTOR_SLOT = 0x04,
    BEARER_CAPABILITY_SLOT = 0x08,
    CALLED_PARTY_NUMBER_SLOT = 0x10,
    IN_DETAIL = 0x80,
};

/// \return the short cut's bit for a mandatory IE: IN_DETAIL for one kept
/// among the other IEs, whose contents must be decoded to be judged
constexpr uint8_t
ShortCutNeedOf(uint8_t identifier)
{
    switch (identifier)
    {
    case CauseIe::IDENTIFIER:
        return CAUSE_SLOT;
    case ConnectionIdentifierIe::IDENTIFIER:
        return CONNECTION_IDENTIFIER_SLOT;
    case AtmTrafficDescriptorIe::IDENTIFIER:
        return TRAFFIC_DESCRIPTOR_SLOT;
    case BroadbandBearerCapabilityIe::IDENTIFIER:
        return BEARER_CAPABILITY_SLOT;
    case CalledPartyNumberIe::IDENTIFIER:
        return CALLED_PARTY_NUMBER_SLOT;
    default:
        return IN_DETAIL;
    }
}

/// \return what the short cut asks of a message of a type in that direction
constexpr uint8_t
ShortCutNeeds(Q2931Side receiver, Q2931MessageType type)
{
    if (type == Q2931MessageType::Setup)
    {
        return IN_DETAIL; // a SETUP for a known call is ignored (5.6.3.2)
    }
    uint8_t needs = 0;
    for (uint8_t ie : MandatoryIesOf(receiver, type))
    {
        if (ie != 0)
        {
            needs |= ShortCutNeedOf(ie);
        }
    }
    // A message judged in detail needs nothing else of the short cut (the
    // party messages of one column differ in their slots, but none is taken).
    return (needs & IN_DETAIL) != 0 ? uint8_t(IN_DETAIL) : needs;
}

/// ColumnOf() by message type octet, worked out by the compiler.
constexpr std::array<Column, 256> COLUMN = [] {
    std::array<Column, 256> table{};
    for (uint32_t t = 0; t < 256; ++t)
    {
        table[t] = ColumnOf(static_cast<Q2931MessageType>(t));
    }
    return table;
}();

/// The short cut's table: by side, state value and column, what a message
/// expected in the state needs to be taken (ShortCutNeeds()), and IN_DETAIL
/// for one not expected; worked out by the compiler from EXPECTED and
/// MandatoryIesOf().
constexpr std::array<std::array<std::array<uint8_t, UNRECOGNISED + 1>, 13>, 2> SHORT_CUT = [] {
    std::array<std::array<std::array<uint8_t, UNRECOGNISED + 1>, 13>, 2> table{};
    for (Q2931Side side : {Q2931Side::User, Q2931Side::Network})
    {
        auto r = static_cast<uint8_t>(side);
        for (uint8_t s = 0; s < 13; ++s)
        {
            for (uint8_t c = 0; c <= UNRECOGNISED; ++c)
            {
                bool expected = (EXPECTED[r][s] & Bit(Column(c))) != 0;
                table[r][s][c] =
                    expected ? ShortCutNeeds(side, TypeOf(Column(c))) : uint8_t(IN_DETAIL);
            }
        }
    }
    return table;
}();

/// \return true when every message type asks of the short cut what its
/// column's entry says (a column is one entry for all its types), and no
/// state expects an unrecognised message
constexpr bool
ShortCutIsSound()
{
    for (Q2931Side side : {Q2931Side::User, Q2931Side::Network})
    {
        auto r = static_cast<uint8_t>(side);
        for (uint8_t s = 0; s < 13; ++s)
        {
            if (SHORT_CUT[r][s][UNRECOGNISED] != IN_DETAIL)
            {
                return false;
            }
            for (uint32_t t = 0; t < 256; ++t)
            {
                auto type = static_cast<Q2931MessageType>(t);
                uint8_t needs = SHORT_CUT[r][s][COLUMN[t]];
                if (needs != IN_DETAIL && needs != ShortCutNeeds(side, type))
                {
                    return false;
                }
            }
        }
    }
    return true;
}

static_assert(ShortCutIsSound(), "message types sharing a column differ in mandatory IEs");

/// The short cut's needs of a SETUP that starts a call (JudgeSetup()), by side.
constexpr std::array<uint8_t, 2> SETUP_NEEDS = [] {
    std::array<uint8_t, 2> needs{};
    for (Q2931Side side : {Q2931Side::User, Q2931Side::Network})
    {
        for (uint8_t ie : MandatoryIesOf(side, Q2931MessageType::Setup))
        {
            if (ie != 0)
            {
                needs[static_cast<uint8_t>(side)] |= ShortCutNeedOf(ie);
            }
        }
    }
    return needs;
}();

static_assert((SETUP_NEEDS[0] & IN_DETAIL) == 0 && (SETUP_NEEDS[1] & IN_DETAIL) == 0,
              "a SETUP's mandatory IEs have inline slots");

/**
 * \param message a message in which the decoder found no invalid IE
 * \param needs the short cut's bits of its mandatory IEs (not IN_DETAIL)
 * \return true when each of them is in its slot (a mandatory IE with an
 *         inline slot is there and valid, or missing: the slot says which)
 */
bool
HoldsSlots(const Q2931Header& message, uint8_t needs)
{
    return ((needs & CAUSE_SLOT) == 0 || message.GetCause() != nullptr) &&
           ((needs & CONNECTION_IDENTIFIER_SLOT) == 0 ||
            message.GetConnectionIdentifier() != nullptr) &&
           ((needs & TRAFFIC_DESCRIPTOR_SLOT) == 0 ||
            message.GetAtmTrafficDescriptor() != nullptr) &&
           ((needs & BEARER_CAPABILITY_SLOT) == 0 ||
            message.GetBroadbandBearerCapability() != nullptr) &&
           ((needs & CALLED_PARTY_NUMBER_SLOT) == 0 || message.GetCalledPartyNumber() != nullptr);
}

/// \return true when \p message holds an IE
bool
HasIe(const Q2931Header& message, uint8_t identifier)
{
    switch (identifier)
    {
    case CauseIe::IDENTIFIER:
        return message.GetCause() != nullptr;
    case AtmTrafficDescriptorIe::IDENTIFIER:
        return message.GetAtmTrafficDescriptor() != nullptr;
    case BroadbandBearerCapabilityIe::IDENTIFIER:
        return message.GetBroadbandBearerCapability() != nullptr;
    case CalledPartyNumberIe::IDENTIFIER:
        return message.GetCalledPartyNumber() != nullptr;
    case CallingPartyNumberIe::IDENTIFIER:
        return message.GetCallingPartyNumber() != nullptr;
    case ConnectionIdentifierIe::IDENTIFIER:
        return message.GetConnectionIdentifier() != nullptr;
    case EndpointReferenceIe::IDENTIFIER:
        return message.GetEndpointReference() != nullptr;
    default:
        // An IE without a slot of its own: present as it came on the wire
        // (FindInvalidMandatoryIe() judges its contents).
        for (const Q2931RawIe& ie : message.GetOtherIes())
        {
            if (ie.identifier == identifier)
            {
                return true;
            }
        }
        return false;
    }
}

/// \return true when \p message holds an IE of class T whose contents do not decode (kept as it
/// came on the wire)
template <class T>
bool
IsMalformedOtherIe(const Q2931Header& message)
{
    T ie;
    return HasIe(message, T::IDENTIFIER) && !message.GetOtherIe(ie);
}

/// \return true for states 1, 3, 4: the call goes from the user to the network
constexpr bool
IsOutgoingSetUp(uint8_t state)
{
    return state == 1 || state == 3 || state == 4;
}

/// \return true for states 6, 7, 8, 9: the call goes from the network to the user
constexpr bool
IsIncomingSetUp(uint8_t state)
{
    return state >= 6 && state <= 9;
}

} // namespace

std::string
GetQ2931CallStateName(Q2931Side side, Q2931CallState state)
{
    return (side == Q2931Side::User ? "U" : "N") + std::to_string(static_cast<uint32_t>(state));
}

bool
Q2931CallProcedures::IsRecognised(Q2931MessageType type)
{
    return ColumnOf(type) != UNRECOGNISED;
}

bool
Q2931CallProcedures::IsExpected(Q2931Side receiver, Q2931CallState state, Q2931MessageType type)
{
    auto s = static_cast<uint8_t>(state);
    Column column = ColumnOf(type);
    return s < 13 && column != UNRECOGNISED &&
           (EXPECTED[static_cast<uint8_t>(receiver)][s] & Bit(column)) != 0;
}

bool
Q2931CallProcedures::HasMandatoryIes(Q2931Side receiver, Q2931MessageType type)
{
    return MandatoryIesOf(receiver, type)[0] != 0;
}

bool
Q2931CallProcedures::IsMandatory(Q2931Side receiver, Q2931MessageType type, uint8_t identifier)
{
    for (uint8_t ie : MandatoryIesOf(receiver, type))
    {
        if (ie != 0 && ie == identifier)
        {
            return true;
        }
    }
    return false;
}

uint8_t
Q2931CallProcedures::FindMissingMandatoryIe(Q2931Side receiver, const Q2931Header& message)
{
    for (uint8_t ie : MandatoryIesOf(receiver, message.GetMessageType()))
    {
        // An IE whose contents were invalid is not "missing": its own cause is 100.
        if (ie != 0 && !HasIe(message, ie) && message.GetInvalidIe() != ie)
        {
            return ie;
        }
    }
    return 0;
}

uint8_t
Q2931CallProcedures::FindInvalidMandatoryIe(Q2931Side receiver, const Q2931Header& message)
{
    uint8_t invalid = message.GetInvalidIe();
    if (invalid != 0 && IsMandatory(receiver, message.GetMessageType(), invalid))
    {
        return invalid;
    }
    // The decoder keeps IEs without a slot as they came: their contents are
    // judged here, where it matters.
    if (message.GetMessageType() == Q2931MessageType::Status &&
        IsMalformedOtherIe<CallStateIe>(message))
    {
        return CallStateIe::IDENTIFIER;
    }
    if ((message.GetMessageType() == Q2931MessageType::Restart ||
         message.GetMessageType() == Q2931MessageType::RestartAcknowledge) &&
        IsMalformedOtherIe<RestartIndicatorIe>(message))
    {
        return RestartIndicatorIe::IDENTIFIER;
    }
    if (message.GetMessageType() == Q2931MessageType::LeafSetupRequest &&
        IsMalformedOtherIe<LijCallIdentifierIe>(message))
    {
        return LijCallIdentifierIe::IDENTIFIER;
    }
    if ((message.GetMessageType() == Q2931MessageType::LeafSetupRequest ||
         message.GetMessageType() == Q2931MessageType::LeafSetupFailure) &&
        IsMalformedOtherIe<LeafSequenceNumberIe>(message))
    {
        return LeafSequenceNumberIe::IDENTIFIER;
    }
    return 0;
}

bool
Q2931CallProcedures::IsHandledAtOnce(Q2931Side receiver,
                                     Q2931CallState state,
                                     const Q2931Header& message)
{
    auto s = static_cast<uint8_t>(state);
    if (message.GetInvalidIe() != 0 || s >= 13)
    {
        return false;
    }
    uint8_t needs = SHORT_CUT[static_cast<uint8_t>(receiver)][s]
                             [COLUMN[static_cast<uint8_t>(message.GetMessageType())]];
    return needs == 0 || ((needs & IN_DETAIL) == 0 && HoldsSlots(message, needs));
}

Q2931CallProcedures::Verdict
Q2931CallProcedures::JudgeInDetail(Q2931Side receiver,
                                   Q2931CallState state,
                                   const Q2931Header& message)
{
    Q2931MessageType type = message.GetMessageType();
    auto typeOctet = static_cast<uint8_t>(type);
    if (!IsRecognised(type))
    {
        // 5.6.4: regular error handling of an unrecognised message type.
        return Verdict{Answer::Status, Q2931Cause::MESSAGE_TYPE_NON_EXISTENT, typeOctet};
    }
    if (type == Q2931MessageType::Setup)
    {
        return Verdict{Answer::Ignore, 0, 0}; // 5.6.3.2: its call reference is in use
    }
    if (!IsExpected(receiver, state, type))
    {
        return Verdict{Answer::Status, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE, typeOctet};
    }
    uint8_t missing = FindMissingMandatoryIe(receiver, message);
    uint8_t invalid = FindInvalidMandatoryIe(receiver, message);
    bool invalidMandatory = invalid != 0;
    if (type == Q2931MessageType::Release)
    {
        // 5.6.7.1, 5.6.7.2: the release goes on (cause 31), and RELEASE
        // COMPLETE says what was wrong with the RELEASE.
        if (missing != 0)
        {
            return Verdict{Answer::Handle, Q2931Cause::MANDATORY_IE_MISSING, missing};
        }
        if (invalidMandatory)
        {
            return Verdict{Answer::Handle, Q2931Cause::INVALID_IE_CONTENTS, invalid};
        }
        return Verdict();
    }
    if (missing != 0)
    {
        return Verdict{Answer::Status, Q2931Cause::MANDATORY_IE_MISSING, missing};
    }
    if (invalidMandatory)
    {
        return Verdict{Answer::Status, Q2931Cause::INVALID_IE_CONTENTS, invalid};
    }
    return Verdict(); // 5.6.8.2: acted on without the invalid optional IE
}

Q2931CallProcedures::Verdict
Q2931CallProcedures::JudgeUnknownCallReference(const Q2931Header& message)
{
    switch (message.GetMessageType())
    {
    case Q2931MessageType::Setup:
        if (message.GetCallReferenceFlag())
        {
            return Verdict{Answer::Ignore, 0, 0}; // 5.6.3.2: a SETUP from the wrong side
        }
        return Verdict();
    case Q2931MessageType::ReleaseComplete:
        return Verdict{Answer::Ignore, 0, 0};
    case Q2931MessageType::LeafSetupRequest:
        // UNI 4.0: a leaf's request comes on a call reference of its own,
        // which no call has (JudgeLeafSetupRequest() judges it).
        return message.GetCallReferenceFlag() ? Verdict{Answer::Ignore, 0, 0} : Verdict();
    case Q2931MessageType::LeafSetupFailure:
        // The refusal of a request: acted on by a leaf that asked, and
        // otherwise let go, as there is nothing to clear.
        return message.GetCallReferenceFlag() ? Verdict() : Verdict{Answer::Ignore, 0, 0};
    case Q2931MessageType::StatusEnquiry:
        return Verdict{Answer::Status, Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY, 0};
    case Q2931MessageType::Status: {
        CallStateIe state;
        if (!message.GetOtherIe(state) || state.state == 0)
        {
            return Verdict{Answer::Ignore, 0, 0}; // 5.6.12: the peer has no call either
        }
        return Verdict{Answer::ReleaseComplete, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE, 0};
    }
    default:
        return Verdict{Answer::ReleaseComplete, Q2931Cause::INVALID_CALL_REFERENCE, 0};
    }
}

Q2931CallProcedures::Verdict
Q2931CallProcedures::JudgeSetup(Q2931Side receiver, const Q2931Header& message)
{
    if (message.GetInvalidIe() == 0 &&
        HoldsSlots(message, SETUP_NEEDS[static_cast<uint8_t>(receiver)]))
    {
        return Verdict(); // every SETUP of a call that goes well
    }
    uint8_t missing = FindMissingMandatoryIe(receiver, message);
    if (missing != 0)
    {
        return Verdict{Answer::ReleaseComplete, Q2931Cause::MANDATORY_IE_MISSING, missing};
    }
    uint8_t invalid = FindInvalidMandatoryIe(receiver, message);
    if (invalid != 0)
    {
        return Verdict{Answer::ReleaseComplete, Q2931Cause::INVALID_IE_CONTENTS, invalid};
    }
    return Verdict();
}

Q2931CallProcedures::Verdict
Q2931CallProcedures::JudgeLeafSetupRequest(const Q2931Header& message)
{
    uint8_t missing = FindMissingMandatoryIe(Q2931Side::Network, message);
    if (missing != 0)
    {
        return Verdict{Answer::ReleaseComplete, Q2931Cause::MANDATORY_IE_MISSING, missing};
    }
    uint8_t invalid = FindInvalidMandatoryIe(Q2931Side::Network, message);
    if (invalid != 0)
    {
        return Verdict{Answer::ReleaseComplete, Q2931Cause::INVALID_IE_CONTENTS, invalid};
    }
    return Verdict();
}

bool
Q2931CallProcedures::IsLeafInitiatedJoinIe(const Q2931RawIe& ie)
{
    if ((ie.compatibility & IE_CODING_STANDARD) !=
        (LijCallIdentifierIe::COMPATIBILITY & IE_CODING_STANDARD))
    {
        return false;
    }
    return ie.identifier == LijCallIdentifierIe::IDENTIFIER ||
           ie.identifier == LijParametersIe::IDENTIFIER ||
           ie.identifier == LeafSequenceNumberIe::IDENTIFIER;
}

bool
Q2931CallProcedures::IsCompatible(Q2931CallState ours, uint8_t theirs, bool peerSameSide)
{
    auto mine = static_cast<uint8_t>(ours);
    if (peerSameSide)
    {
        // Two network sides of one link: what is outgoing for one is incoming for the other.
        if (IsOutgoingSetUp(theirs))
        {
            theirs = 6;
        }
        else if (IsIncomingSetUp(theirs))
        {
            theirs = 1;
        }
    }
    return !(IsOutgoingSetUp(mine) && IsIncomingSetUp(theirs)) &&
           !(IsIncomingSetUp(mine) && IsOutgoingSetUp(theirs));
}

Q2931CallProcedures::StatusAction
Q2931CallProcedures::OnStatus(Q2931CallState ours, const Q2931Header& message, bool peerSameSide)
{
    CallStateIe theirs;
    if (!message.GetOtherIe(theirs))
    {
        return StatusAction::None; // judged before: cannot happen
    }
    if (theirs.state == 0)
    {
        return StatusAction::ReleaseLocally;
    }
    if (ours == Q2931CallState::ReleaseRequest || ours == Q2931CallState::ReleaseIndication)
    {
        return StatusAction::None; // the release under way settles it
    }
    if (theirs.state == static_cast<uint8_t>(Q2931CallState::ReleaseRequest) ||
        theirs.state == static_cast<uint8_t>(Q2931CallState::ReleaseIndication))
    {
        // The peer is clearing a call we are not: its RELEASE was lost (it
        // would have come before this STATUS on the same link), e.g. while
        // the signalling AAL was down. Clearing now beats waiting for T308.
        return StatusAction::Clear;
    }
    return IsCompatible(ours, theirs.state, peerSameSide) ? StatusAction::None
                                                          : StatusAction::Clear;
}

bool
Q2931CallProcedures::AnswersEnquiry(const Q2931Header& message)
{
    const CauseIe* cause = message.GetCause();
    return cause != nullptr && cause->cause == Q2931Cause::RESPONSE_TO_STATUS_ENQUIRY;
}

CauseIe
Q2931CallProcedures::MakeCause(uint8_t cause, uint8_t diagnostic, uint8_t location)
{
    CauseIe ie(location, cause);
    if (diagnostic != 0)
    {
        ie.diagnostics.push_back(diagnostic);
    }
    return ie;
}

Q2931Header
Q2931CallProcedures::MakeStatus(Q2931CallState state, const CauseIe& cause)
{
    Q2931Header status(Q2931MessageType::Status, 0, false);
    status.SetCause(cause);
    status.SetOtherIe(CallStateIe(static_cast<uint8_t>(state)));
    return status;
}

Q2931Header
Q2931CallProcedures::MakeStatusEnquiry()
{
    return Q2931Header(Q2931MessageType::StatusEnquiry, 0, false);
}

uint8_t
Q2931CallProcedures::GetClearingCause(const Q2931Header& message)
{
    const CauseIe* cause = message.GetCause();
    return cause != nullptr ? cause->cause : Q2931Cause::NORMAL_UNSPECIFIED;
}

Q2931CallProcedures::IeAction
Q2931CallProcedures::GetUnrecognisedIeAction(const Q2931RawIe& ie, bool passAlong)
{
    if ((ie.compatibility & IE_FLAG) == 0)
    {
        return IeAction::Discard; // 5.6.8.1: regular error handling
    }
    if ((ie.compatibility & IE_PASS_ALONG) != 0)
    {
        return passAlong ? IeAction::PassAlong : IeAction::Discard;
    }
    switch (ie.compatibility & IE_ACTION_MASK)
    {
    case IE_ACTION_CLEAR:
        return IeAction::ClearCall;
    case IE_ACTION_REPORT:
        return IeAction::DiscardAndReport;
    case IE_ACTION_IGNORE_MESSAGE:
        return IeAction::IgnoreMessage;
    case IE_ACTION_REPORT_MESSAGE:
        return IeAction::ReportMessage;
    default:
        return IeAction::Discard; // IE_ACTION_DISCARD, and the reserved values
    }
}

bool
Q2931CallProcedures::IsEndToEnd(const Q2931RawIe& ie)
{
    if ((ie.compatibility & IE_CODING_STANDARD) != 0)
    {
        return false;
    }
    switch (ie.identifier)
    {
    case 0x04: // narrowband bearer capability
    case 0x27: // notification indicator
    case 0x5d: // broadband high-layer information (B-HLI)
    case 0x6d: // calling party subaddress
    case 0x71: // called party subaddress
    case 0x7c: // narrowband low-layer compatibility
    case 0x7d: // narrowband high-layer compatibility
        return true;
    default:
        return false;
    }
}

Q2931CallProcedures::IeVerdict
Q2931CallProcedures::JudgeUnrecognisedIes(const Q2931Header& message, bool passAlong)
{
    IeVerdict verdict;
    bool found = false;
    for (const Q2931RawIe& ie : message.GetOtherIes())
    {
        if (IsEndToEnd(ie) || IsLeafInitiatedJoinIe(ie))
        {
            continue;
        }
        IeAction action = GetUnrecognisedIeAction(ie, passAlong);
        if (!found || action > verdict.action)
        {
            verdict.action = action;
            verdict.identifier = ie.identifier;
            found = true;
        }
    }
    return verdict;
}

std::ostream&
operator<<(std::ostream& os, Q2931CallProcedures::Answer answer)
{
    switch (answer)
    {
    case Q2931CallProcedures::Answer::Handle:
        return os << "handle";
    case Q2931CallProcedures::Answer::Ignore:
        return os << "ignore";
    case Q2931CallProcedures::Answer::Status:
        return os << "STATUS";
    case Q2931CallProcedures::Answer::ReleaseComplete:
        return os << "RELEASE COMPLETE";
    }
    return os << "answer " << static_cast<uint32_t>(answer);
}

// ---- restart (Q.2931 5.5) -----------------------------------------------------------

bool
Q2931CallProcedures::IsRestart(const Q2931Header& message)
{
    Q2931MessageType type = message.GetMessageType();
    return type == Q2931MessageType::Restart || type == Q2931MessageType::RestartAcknowledge;
}

Q2931CallProcedures::Verdict
Q2931CallProcedures::JudgeRestart(const Q2931Header& message, RestartIndicatorIe& indicator)
{
    auto type = message.GetMessageType();
    if (message.GetCallReference() != 0)
    {
        // 5.5.1: restart messages use the global call reference only.
        return Verdict{Answer::Status,
                       Q2931Cause::INVALID_CALL_REFERENCE,
                       static_cast<uint8_t>(type)};
    }
    // The restart indicator is mandatory both ways (see MandatoryIesOf()).
    if (uint8_t missing = FindMissingMandatoryIe(Q2931Side::Network, message))
    {
        return Verdict{Answer::Status, Q2931Cause::MANDATORY_IE_MISSING, missing};
    }
    if (uint8_t invalid = FindInvalidMandatoryIe(Q2931Side::Network, message))
    {
        return Verdict{Answer::Status, Q2931Cause::INVALID_IE_CONTENTS, invalid};
    }
    message.GetOtherIe(indicator); // present and valid: checked just above
    if (indicator.restartClass == RestartIndicatorIe::INDICATED_VC &&
        message.GetConnectionIdentifier() == nullptr)
    {
        // 5.5.1: class 0 names its VC with a connection identifier.
        return Verdict{Answer::Status,
                       Q2931Cause::MANDATORY_IE_MISSING,
                       ConnectionIdentifierIe::IDENTIFIER};
    }
    return Verdict();
}

Q2931Header
Q2931CallProcedures::MakeRestart(uint8_t restartClass, uint16_t vci)
{
    Q2931Header restart(Q2931MessageType::Restart, 0, false);
    if (restartClass == RestartIndicatorIe::INDICATED_VC)
    {
        restart.SetConnectionIdentifier(ConnectionIdentifierIe(0, vci));
    }
    restart.SetOtherIe(RestartIndicatorIe(restartClass));
    return restart;
}

Q2931Header
Q2931CallProcedures::MakeRestartAcknowledge(const Q2931Header& restart,
                                            const RestartIndicatorIe& indicator)
{
    // 5.5.2: the acknowledgement repeats what was restarted.
    Q2931Header ack(Q2931MessageType::RestartAcknowledge, 0, true);
    if (const ConnectionIdentifierIe* connection = restart.GetConnectionIdentifier())
    {
        ack.SetConnectionIdentifier(*connection);
    }
    ack.SetOtherIe(indicator);
    return ack;
}

Q2931Header
Q2931CallProcedures::MakeGlobalStatus(const Verdict& verdict, uint8_t location)
{
    Q2931Header status =
        MakeStatus(Q2931CallState::Null, MakeCause(verdict.cause, verdict.diagnostic, location));
    status.SetCallReference(0);
    status.SetCallReferenceFlag(true);
    return status;
}

} // namespace ns3
