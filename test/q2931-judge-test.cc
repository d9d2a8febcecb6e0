/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Q2931CallProcedures::Judge()'s short cut (IsHandledAtOnce()) against the
 * full judgement (JudgeInDetail()): for every message type, call state and
 * side, and every combination of the IEs a verdict can depend on (each
 * absent, present, or present with contents the decoder or the procedures
 * find invalid), the two give the same verdict; and the short cut takes
 * the messages of a call that goes well, which is what it is for.
 */

#include "ns3/buffer.h"
#include "ns3/q2931-call-procedures.h"
#include "ns3/q2931-call-state-ie.h"
#include "ns3/q2931-header.h"
#include "ns3/q2931-restart-indicator-ie.h"

#include <array>
#include <cstdint>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Type = Q2931MessageType;
using Procedures = Q2931CallProcedures;

/// Every message type the model knows, and three it does not.
const std::vector<Type> TYPES{Type::Alerting,
                              Type::CallProceeding,
                              Type::Connect,
                              Type::ConnectAcknowledge,
                              Type::Setup,
                              Type::Release,
                              Type::ReleaseComplete,
                              Type::StatusEnquiry,
                              Type::Status,
                              Type::Restart,
                              Type::RestartAcknowledge,
                              Type::AddParty,
                              Type::AddPartyAcknowledge,
                              Type::AddPartyReject,
                              Type::DropParty,
                              Type::DropPartyAcknowledge,
                              Type::PartyAlerting,
                              Type::LeafSetupFailure,
                              Type::LeafSetupRequest,
                              static_cast<Type>(0x00),
                              static_cast<Type>(0x6e), // NOTIFY: Q.2931's, not the model's
                              static_cast<Type>(0xff)};

/// What a message holds of one IE.
enum class Has : uint8_t
{
    Absent,
    Valid,
    Invalid, //!< present, with contents that do not decode
};

/// An IE a verdict may depend on: the mandatory IEs of every message in
/// either direction, and one optional IE (whose invalid contents the
/// message is acted on without, Q.2931 5.6.8.2).
struct IeKind
{
    uint8_t identifier;           //!< its identifier
    bool inlineSlot;              //!< Q2931Header has a slot for it (else it is kept as received)
    Q2931RawIe valid;             //!< its contents when valid, as on the wire
    std::vector<uint8_t> invalid; //!< contents that do not decode
};

/// \return an IE's contents as they go on the wire
template <class T>
Q2931RawIe
Encoded(const T& ie)
{
    Q2931Header carrier(Type::Status, 0, false);
    carrier.SetOtherIe(ie);
    return carrier.GetOtherIes().front();
}

/// \return the IEs of the combinations
std::vector<IeKind>
IeKinds()
{
    AtmTrafficDescriptorIe td;
    td.forwardPcr = 1000;
    td.backwardPcr = 1000;
    return {
        {CauseIe::IDENTIFIER,
         true,
         Encoded(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING)),
         {0x80}}, // no cause value
        {ConnectionIdentifierIe::IDENTIFIER, true, Encoded(ConnectionIdentifierIe(0, 40)), {0x88}},
        {AtmTrafficDescriptorIe::IDENTIFIER, true, Encoded(td), {0x00}}, // unknown subfield
        {BroadbandBearerCapabilityIe::IDENTIFIER,
         true,
         Encoded(BroadbandBearerCapabilityIe(BroadbandBearerCapabilityIe::BCOB_X)),
         {0x10}}, // no octet 6
        {CalledPartyNumberIe::IDENTIFIER,
         true,
         Encoded(CalledPartyNumberIe(
             AesaAddress::FromString("39.0840.0f00.0000.0000.0001.0203.00a0.c912.3456.00"))),
         {0x82}},                                                                  // no address
        {QosParameterIe::IDENTIFIER, true, Encoded(QosParameterIe(1, 1)), {0x01}}, // one class
        {CallStateIe::IDENTIFIER, false, Encoded(CallStateIe(10)), {0x02}},        // names no state
        {RestartIndicatorIe::IDENTIFIER,
         false,
         Encoded(RestartIndicatorIe(RestartIndicatorIe::ALL_VCS)),
         {0x02, 0x00}}, // two octets
    };
}

/**
 * \brief Makes a message as a receiver has it: built, serialised and
 *        decoded, so that IEs with invalid contents are what the decoder
 *        makes of them (left out and recorded, or kept as received).
 * \param type the message type
 * \param kinds the IEs
 * \param has what the message holds of each
 * \return the decoded message
 */
Q2931Header
Received(Type type, const std::vector<IeKind>& kinds, const std::vector<Has>& has)
{
    Q2931Header sent(type, 5, true);
    for (std::size_t k = 0; k < kinds.size(); ++k)
    {
        if (has[k] == Has::Absent)
        {
            continue;
        }
        Q2931RawIe ie = kinds[k].valid;
        if (has[k] == Has::Invalid)
        {
            ie.contents = kinds[k].invalid;
        }
        // Written as it is, whatever its contents: the receiver decodes it.
        sent.AddOtherIe(ie);
    }
    Buffer buffer;
    buffer.AddAtStart(sent.GetSerializedSize());
    sent.Serialize(buffer.Begin());
    Q2931Header received;
    EXPECT_EQ(received.Deserialize(buffer.Begin()), buffer.GetSize());
    return received;
}

/// \return true when the decoded message holds an IE with valid contents
bool
HoldsValid(const Q2931Header& m, uint8_t identifier)
{
    switch (identifier)
    {
    case CauseIe::IDENTIFIER:
        return m.GetCause() != nullptr;
    case ConnectionIdentifierIe::IDENTIFIER:
        return m.GetConnectionIdentifier() != nullptr;
    case AtmTrafficDescriptorIe::IDENTIFIER:
        return m.GetAtmTrafficDescriptor() != nullptr;
    case BroadbandBearerCapabilityIe::IDENTIFIER:
        return m.GetBroadbandBearerCapability() != nullptr;
    case CalledPartyNumberIe::IDENTIFIER:
        return m.GetCalledPartyNumber() != nullptr;
    case QosParameterIe::IDENTIFIER:
        return m.GetQosParameter() != nullptr;
    case CallStateIe::IDENTIFIER: {
        CallStateIe ie;
        return m.GetOtherIe(ie);
    }
    case RestartIndicatorIe::IDENTIFIER: {
        RestartIndicatorIe ie;
        return m.GetOtherIe(ie);
    }
    }
    return false;
}

/// \return a verdict, printed
std::string
Print(const Procedures::Verdict& v)
{
    std::ostringstream os;
    os << v.answer << " cause " << +v.cause << " diagnostic 0x" << std::hex << +v.diagnostic;
    return os.str();
}

bool
operator==(const Procedures::Verdict& a, const Procedures::Verdict& b)
{
    return a.answer == b.answer && a.cause == b.cause && a.diagnostic == b.diagnostic;
}

constexpr uint8_t STATES = 14; //!< the state values judged: 0..12, and one past them

/// \return true for the messages whose mandatory IEs have no inline slot
/// (and SETUP, ignored for a known call), which the short cut never takes
bool
DecodedToBeJudged(Type type)
{
    return type == Type::Setup || type == Type::Status || type == Type::Restart ||
           type == Type::RestartAcknowledge;
}

TEST(Q2931Judge, TheShortCutGivesTheVerdictOfTheFullJudgementForEveryMessage)
{
    const std::vector<IeKind> kinds = IeKinds();
    std::vector<Has> has(kinds.size(), Has::Absent);
    std::size_t combinations = 1;
    for (std::size_t k = 0; k < kinds.size(); ++k)
    {
        combinations *= 3;
    }
    std::size_t judged = 0;
    std::size_t shortCuts = 0;
    std::size_t mismatches = 0;
    std::size_t soundMessages = 0;
    std::size_t setupsHandled = 0;
    for (Type type : TYPES)
    {
        for (std::size_t c = 0; c < combinations; ++c)
        {
            for (std::size_t k = 0, rest = c; k < kinds.size(); ++k, rest /= 3)
            {
                has[k] = static_cast<Has>(rest % 3);
            }
            Q2931Header m = Received(type, kinds, has);
            // The message is what the combination says: otherwise the
            // comparison would not cover what it claims to.
            bool anyInvalidInline = false;
            for (std::size_t k = 0; k < kinds.size(); ++k)
            {
                ASSERT_EQ(HoldsValid(m, kinds[k].identifier), has[k] == Has::Valid)
                    << "IE 0x" << std::hex << +kinds[k].identifier << " combination " << std::dec
                    << c;
                anyInvalidInline |= kinds[k].inlineSlot && has[k] == Has::Invalid;
            }
            ASSERT_EQ(m.GetInvalidIe() != 0, anyInvalidInline) << "combination " << c;
            bool allValid = true;
            for (Has h : has)
            {
                allValid &= h == Has::Valid;
            }

            for (Q2931Side side : {Q2931Side::User, Q2931Side::Network})
            {
                if (type == Type::Setup)
                {
                    // A SETUP that starts a call has a short cut of its own.
                    Procedures::Verdict full;
                    if (uint8_t missing = Procedures::FindMissingMandatoryIe(side, m))
                    {
                        full = {Procedures::Answer::ReleaseComplete,
                                Q2931Cause::MANDATORY_IE_MISSING,
                                missing};
                    }
                    else if (uint8_t invalid = Procedures::FindInvalidMandatoryIe(side, m))
                    {
                        full = {Procedures::Answer::ReleaseComplete,
                                Q2931Cause::INVALID_IE_CONTENTS,
                                invalid};
                    }
                    Procedures::Verdict setup = Procedures::JudgeSetup(side, m);
                    EXPECT_TRUE(setup == full) << "SETUP combination " << c << ": JudgeSetup() "
                                               << Print(setup) << ", in detail " << Print(full);
                    setupsHandled += setup == Procedures::Verdict();
                }
                for (uint8_t s = 0; s < STATES; ++s)
                {
                    auto state = static_cast<Q2931CallState>(s);
                    Procedures::Verdict full = Procedures::JudgeInDetail(side, state, m);
                    Procedures::Verdict verdict = Procedures::Judge(side, state, m);
                    bool atOnce = Procedures::IsHandledAtOnce(side, state, m);
                    ++judged;
                    shortCuts += atOnce;
                    bool agree = verdict == full && (!atOnce || full == Procedures::Verdict());
                    if (allValid && full == Procedures::Verdict() && !DecodedToBeJudged(type))
                    {
                        // The short cut is for these: a sound message the
                        // state expects, its mandatory IEs in their slots.
                        EXPECT_TRUE(atOnce) << type << " in state " << +s;
                        ++soundMessages;
                    }
                    if (!agree && ++mismatches <= 10)
                    {
                        ADD_FAILURE()
                            << type << " to the " << (side == Q2931Side::User ? "user" : "network")
                            << " in state " << +s << ", combination " << c << ": Judge() "
                            << Print(verdict) << ", JudgeInDetail() " << Print(full)
                            << (atOnce ? " (short cut)" : "");
                    }
                }
            }
        }
    }
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(judged, TYPES.size() * combinations * 2 * STATES);
    // The comparison covers the short cut as well as the rest: each of the
    // 8 message types a point-to-point call expects in some state took it
    // with all its IEs valid, and many more messages took it (the optional
    // and irrelevant IEs vary) or did not.
    EXPECT_GE(soundMessages, 8u);
    EXPECT_GT(shortCuts, soundMessages);
    EXPECT_LT(shortCuts, judged / 10);
    // A SETUP is taken when its mandatory IEs are valid, whatever the other
    // IEs are (one with invalid contents is dropped): to the network the
    // traffic descriptor, bearer capability and called party number, with
    // the 5 others in 3 ways each; to the user the connection identifier too.
    EXPECT_EQ(setupsHandled, 243u + 81u);
}

/// A message of a call, with the IEs it carries when all goes well.
Q2931Header
Message(Type type, bool withConnectionIdentifier = false)
{
    Q2931Header m(type, 5, true);
    if (type == Type::Release || type == Type::ReleaseComplete)
    {
        m.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
    }
    if (withConnectionIdentifier)
    {
        m.SetConnectionIdentifier(ConnectionIdentifierIe(0, 40));
    }
    return m;
}

TEST(Q2931Judge, TheShortCutTakesEveryMessageOfACallThatGoesWell)
{
    using S = Q2931CallState;

    struct Case
    {
        Q2931Side side;      //!< the receiver
        S state;             //!< its state
        Q2931Header message; //!< what it receives
    };

    const Q2931Side user = Q2931Side::User;
    const Q2931Side network = Q2931Side::Network;
    const std::vector<Case> cases{
        // The caller's host, and the switch it calls through.
        {user, S::CallInitiated, Message(Type::CallProceeding, true)},
        {user, S::OutgoingCallProceeding, Message(Type::Alerting)},
        {user, S::CallDelivered, Message(Type::Connect)},
        {network, S::Active, Message(Type::ConnectAcknowledge)},
        // The callee's host, and the switch that calls it.
        {network, S::CallPresent, Message(Type::CallProceeding)},
        {network, S::IncomingCallProceeding, Message(Type::Alerting)},
        {network, S::CallReceived, Message(Type::Connect)},
        {user, S::ConnectRequest, Message(Type::ConnectAcknowledge)},
        // Either end clears; the RELEASE carries its Cause in its slot.
        {user, S::Active, Message(Type::Release)},
        {network, S::Active, Message(Type::Release)},
        {user, S::ReleaseRequest, Message(Type::ReleaseComplete)},
        {network, S::ReleaseIndication, Message(Type::ReleaseComplete)},
        // A status enquiry of a call that is fine.
        {user, S::Active, Message(Type::StatusEnquiry)},
        {network, S::Active, Message(Type::StatusEnquiry)},
    };
    for (const Case& c : cases)
    {
        EXPECT_TRUE(Procedures::IsHandledAtOnce(c.side, c.state, c.message))
            << c.message.GetMessageType() << " in " << GetQ2931CallStateName(c.side, c.state);
        EXPECT_TRUE(Procedures::Judge(c.side, c.state, c.message) == Procedures::Verdict());
    }
}

TEST(Q2931Judge, TheShortCutLeavesWhatMustBeDecodedOrIsWrongToTheFullJudgement)
{
    using S = Q2931CallState;
    const Q2931Side user = Q2931Side::User;
    const Q2931Side network = Q2931Side::Network;

    // A CALL PROCEEDING to the caller that does not name its VCI (96).
    EXPECT_FALSE(
        Procedures::IsHandledAtOnce(user, S::CallInitiated, Message(Type::CallProceeding)));
    Procedures::Verdict v =
        Procedures::Judge(user, S::CallInitiated, Message(Type::CallProceeding));
    EXPECT_EQ(v.answer, Procedures::Answer::Status);
    EXPECT_EQ(v.cause, Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(v.diagnostic, ConnectionIdentifierIe::IDENTIFIER);

    // A RELEASE without its Cause: acted on, answered with cause 96.
    Q2931Header release(Type::Release, 5, true);
    EXPECT_FALSE(Procedures::IsHandledAtOnce(network, S::Active, release));
    v = Procedures::Judge(network, S::Active, release);
    EXPECT_EQ(v.answer, Procedures::Answer::Handle);
    EXPECT_EQ(v.cause, Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(v.diagnostic, CauseIe::IDENTIFIER);

    // A STATUS, however sound: its Call state IE has no slot and is decoded
    // to be judged.
    Q2931Header status = Procedures::MakeStatus(S::Active, CauseIe(CauseIe::LOCATION_USER, 30));
    EXPECT_FALSE(Procedures::IsHandledAtOnce(user, S::Active, status));
    EXPECT_TRUE(Procedures::Judge(user, S::Active, status) == Procedures::Verdict());

    // A SETUP for a call in progress is ignored (5.6.3.2), whatever it holds.
    EXPECT_FALSE(Procedures::IsHandledAtOnce(network, S::Null, Q2931Header(Type::Setup, 5, false)));

    // A message the state does not expect (101).
    EXPECT_FALSE(Procedures::IsHandledAtOnce(user, S::Active, Message(Type::Connect)));
    v = Procedures::Judge(user, S::Active, Message(Type::Connect));
    EXPECT_EQ(v.answer, Procedures::Answer::Status);
    EXPECT_EQ(v.cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
}

} // namespace
