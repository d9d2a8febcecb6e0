/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_CALL_PROCEDURES_H
#define Q2931_CALL_PROCEDURES_H

#include "q2931-cause-ie.h"
#include "q2931-header.h"
#include "q2931-restart-indicator-ie.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Which side of an interface a call state machine runs: the user
 *        side (a host, states U0..U12) or the network side (a switch, N0..N12).
 */
enum class Q2931Side : uint8_t
{
    User,    //!< the host's side of the UNI
    Network, //!< the switch's side, toward a host or another switch
};

/**
 * \ingroup condis
 * \brief The call states of Q.2931 2.1 (point-to-point calls), by their
 *        Call state IE value; the user side's Ux and the network side's Nx
 *        share the value x.
 */
enum class Q2931CallState : uint8_t
{
    Null = 0,                   //!< U0 / N0: no call
    CallInitiated = 1,          //!< U1 / N1: SETUP sent (user) or received (network)
    OutgoingCallProceeding = 3, //!< U3 / N3: CALL PROCEEDING received (user) or sent (network)
    CallDelivered = 4,          //!< U4 / N4: ALERTING received (user) or sent (network)
    CallPresent = 6,            //!< U6 / N6: SETUP received (user) or sent (network)
    CallReceived = 7,           //!< U7 / N7: ALERTING sent (user) or received (network)
    ConnectRequest = 8,         //!< U8 / N8: CONNECT sent (user) or received (network)
    IncomingCallProceeding = 9, //!< U9 / N9: CALL PROCEEDING sent (user) or received (network)
    Active = 10,                //!< U10 / N10: connected
    ReleaseRequest = 11,        //!< U11: RELEASE sent; N11: RELEASE received
    ReleaseIndication = 12,     //!< U12: RELEASE received; N12: RELEASE sent
};

/**
 * \ingroup condis
 * \param side the side whose state it is
 * \param state a call state
 * \return its short name, e.g. "U10" or "N6"
 */
std::string GetQ2931CallStateName(Q2931Side side, Q2931CallState state);

/**
 * \ingroup condis
 * \brief The Q.2931 procedures that apply to every call, on either side of
 *        an interface: what a received message asks for in a call state
 *        (clause 5.6, "Handling of error conditions"), the answers to
 *        messages that are unexpected, unrecognised or malformed, status
 *        enquiry (5.6.11) and what a received STATUS means (5.6.12).
 *
 * CoNetDevice (user side) and CoSwitch (network side) map their own call
 * states to Q2931CallState and ask this class what to do; they send what it
 * says with their own call references and timers. It holds no state: every
 * function is a lookup or a small decision.
 *
 * The common case costs a table lookup: a message expected in the call's
 * state, with no IE the decoder found invalid and every mandatory IE in its
 * inline slot of Q2931Header, is handled at once (IsHandledAtOnce()).
 */
class Q2931CallProcedures
{
  public:
    /// What the receiver of a message does with it.
    enum class Answer : uint8_t
    {
        Handle,          //!< act on it (for RELEASE, answer with Verdict::cause if not 0)
        Ignore,          //!< drop it and send nothing
        Status,          //!< send STATUS (the call's state, Verdict's cause), change nothing
        ReleaseComplete, //!< send RELEASE COMPLETE with Verdict's cause; no call (any more)
    };

    /// The decision about one received message.
    struct Verdict
    {
        Answer answer = Answer::Handle; //!< what to do
        uint8_t cause = 0;              //!< the cause to send, 0: none
        uint8_t diagnostic = 0;         //!< the IE identifier or message type it names, 0: none
    };

    /**
     * \brief Q.2931 5.6.4: is a recognised message expected in a call state?
     * \param receiver the side receiving it
     * \param state the receiver's state of the call
     * \param type the message type
     * \return true when the state machine has a transition for it
     */
    static bool IsExpected(Q2931Side receiver, Q2931CallState state, Q2931MessageType type);

    /// \param type a message type \return true when the model recognises it (Q.2931 5.6.4)
    static bool IsRecognised(Q2931MessageType type);

    /**
     * \brief Judges a message for a call the receiver knows (any type but a
     *        SETUP that starts a call).
     *
     * IsHandledAtOnce() settles the messages of a call that goes well;
     * JudgeInDetail() the others, with the same verdict as it would give
     * for any message (test/q2931-judge-test.cc compares the two).
     *
     * \param receiver the side receiving it
     * \param state the receiver's state of the call
     * \param message the message
     * \return the verdict
     */
    static Verdict Judge(Q2931Side receiver, Q2931CallState state, const Q2931Header& message)
    {
        // Inline, so that the uncommon cases stay out of the common path.
        return IsHandledAtOnce(receiver, state, message) ? Verdict()
                                                         : JudgeInDetail(receiver, state, message);
    }

    /**
     * \brief Judge()'s short cut: whether a message is acted on with no
     *        more ado (Answer::Handle, no cause), decided by a table lookup
     *        and a look at the inline slots of Q2931Header.
     *
     * True for a message expected in the state (not a SETUP: see
     * JudgeInDetail()) that has no IE the decoder found invalid and holds
     * each of its mandatory IEs in an inline slot: RELEASE its Cause, the
     * network's CALL PROCEEDING to a user its connection identifier, and the
     * messages that have no mandatory IE. False leaves the verdict to
     * JudgeInDetail(): every message with an error, and STATUS, RESTART and
     * RESTART ACKNOWLEDGE, whose mandatory IEs have no inline slot and must
     * be decoded to be judged.
     *
     * \param receiver the side receiving it
     * \param state the receiver's state of the call
     * \param message the message
     * \return true when JudgeInDetail() would say Handle with no cause
     */
    static bool IsHandledAtOnce(Q2931Side receiver,
                                Q2931CallState state,
                                const Q2931Header& message);

    /**
     * \brief Judges a message for a call the receiver knows, whatever it is.
     *
     * In this order: an unrecognised message type gets STATUS with cause 97
     * (5.6.4, regular error handling); a SETUP for a call reference in use is
     * ignored (5.6.3.2); a message not expected in the state gets STATUS
     * with cause 101 (5.6.4); a missing mandatory IE gets STATUS with cause
     * 96, a mandatory IE with invalid contents STATUS with cause 100, each
     * naming the IE (5.6.7.1, 5.6.7.2). A RELEASE is always acted on: a
     * missing or invalid Cause makes it a release with cause 31, answered
     * by RELEASE COMPLETE with cause 96 or 100 (5.6.7.1, 5.6.7.2). A
     * non-mandatory IE with invalid contents was dropped by the decoder, and
     * the message is acted on without it (5.6.8.2).
     *
     * \param receiver the side receiving it
     * \param state the receiver's state of the call
     * \param message the message
     * \return the verdict
     */
    static Verdict JudgeInDetail(Q2931Side receiver,
                                 Q2931CallState state,
                                 const Q2931Header& message);

    /**
     * \brief Q.2931 5.6.3.2, 5.6.11, 5.6.12: judges a message whose call
     *        reference the receiver does not know.
     *
     * SETUP with the flag clear starts a call (Handle: see JudgeSetup()), as
     * LEAF SETUP REQUEST with the flag clear starts a leaf's request to join
     * one (Handle: see JudgeLeafSetupRequest()) and LEAF SETUP FAILURE with
     * the flag set ends one (Handle); the other way round these three, and
     * RELEASE COMPLETE, are ignored; STATUS ENQUIRY gets
     * STATUS in the null state with cause 30; STATUS reporting the null state
     * (or no valid state) is ignored, any other gets RELEASE COMPLETE with
     * cause 101; every other message, unrecognised ones included, gets
     * RELEASE COMPLETE with cause 81.
     *
     * \param message the message
     * \return the verdict
     */
    static Verdict JudgeUnknownCallReference(const Q2931Header& message);

    /**
     * \brief Q.2931 5.6.7: judges a SETUP that starts a call: a missing
     *        mandatory IE (ATM traffic descriptor, broadband bearer
     *        capability, called party number; and the connection identifier
     *        the network gives a user) gets RELEASE COMPLETE with cause 96, a
     *        mandatory IE with invalid contents RELEASE COMPLETE with cause
     *        100, each naming the IE.
     * \param receiver the side receiving it
     * \param message the SETUP
     * \return Handle, or ReleaseComplete with the cause and the IE
     */
    static Verdict JudgeSetup(Q2931Side receiver, const Q2931Header& message);

    /**
     * \brief ATM Forum UNI 4.0: judges a LEAF SETUP REQUEST, which asks to
     *        join a call and has no call of its own: a missing mandatory IE
     *        (calling and called party numbers, LIJ call identifier, leaf
     *        sequence number) gives cause 96, one with invalid contents cause
     *        100, each naming the IE.
     * \param message the LEAF SETUP REQUEST
     * \return Handle; or ReleaseComplete with the cause and the IE, which the
     *         receiver sends back in LEAF SETUP FAILURE (there is no call to
     *         release)
     */
    static Verdict JudgeLeafSetupRequest(const Q2931Header& message);

    /**
     * \param ie an IE kept as received
     * \return true for UNI 4.0's leaf-initiated join IEs (LIJ call identifier,
     *         LIJ parameters, leaf sequence number), coded by the ATM Forum:
     *         the model recognises them in SETUP, ADD PARTY and the leaf setup
     *         messages, and a switch passes them on
     */
    static bool IsLeafInitiatedJoinIe(const Q2931RawIe& ie);

    /**
     * \param receiver the side receiving it
     * \param type a message type
     * \return true when the message has IEs that are mandatory in that direction
     */
    static bool HasMandatoryIes(Q2931Side receiver, Q2931MessageType type);

    /**
     * \param receiver the side receiving it
     * \param type a message type
     * \param identifier an IE identifier
     * \return true when the IE is mandatory in the message in that direction
     */
    static bool IsMandatory(Q2931Side receiver, Q2931MessageType type, uint8_t identifier);

    /**
     * \param receiver the side receiving it
     * \param message a message
     * \return the identifier of the first mandatory IE it lacks, 0 when none
     */
    static uint8_t FindMissingMandatoryIe(Q2931Side receiver, const Q2931Header& message);

    /**
     * \param receiver the side receiving it
     * \param message a message
     * \return the identifier of the first mandatory IE whose contents are
     *         invalid (dropped by the decoder, or kept as it came and not
     *         decodable), 0 when none
     */
    static uint8_t FindInvalidMandatoryIe(Q2931Side receiver, const Q2931Header& message);

    /// What a STATUS received for a known call asks for (Q.2931 5.6.12).
    enum class StatusAction : uint8_t
    {
        None,           //!< the states agree: nothing to do
        ReleaseLocally, //!< the peer has no call: free the call reference, send nothing
        Clear,          //!< the states cannot be reconciled: clear with cause 101
    };

    /**
     * \brief Q.2931 5.6.12: what a STATUS for a known call asks for. The
     *        peer reporting the null state releases the call locally; in the
     *        release states (11, 12) nothing else matters; a peer in one
     *        of them while we are not lost its RELEASE: the call is cleared;
     *        otherwise a peer
     *        in a state of the other direction of the call (one of 1, 3, 4
     *        against one of 6, 7, 8, 9) is incompatible and the call is
     *        cleared. Later states of the same direction are compatible: a
     *        STATUS may report a state the peer has left since.
     * \param ours the receiver's state of the call
     * \param message the STATUS (judged already: its call state IE is valid)
     * \param peerSameSide true when the peer runs the same side's procedures
     *        (two switches on a link): its states of a call are the mirror
     *        of ours (our 6 is its 1)
     * \return the action
     */
    static StatusAction OnStatus(Q2931CallState ours,
                                 const Q2931Header& message,
                                 bool peerSameSide);

    /**
     * \param message a STATUS
     * \return true when it answers a STATUS ENQUIRY (cause 30), which stops T322
     */
    static bool AnswersEnquiry(const Q2931Header& message);

    /**
     * \param ours the receiver's state
     * \param theirs the peer's reported state value
     * \param peerSameSide see OnStatus()
     * \return true when the two states can belong to the same call
     */
    static bool IsCompatible(Q2931CallState ours, uint8_t theirs, bool peerSameSide);

    /**
     * \param cause a cause value
     * \param diagnostic the IE identifier (causes 96, 99, 100) or message
     *        type (97, 98, 101) it names; 0: none
     * \param location where the cause arose (CauseIe::LOCATION_*)
     * \return the Cause IE, with the diagnostic as its one diagnostic octet
     */
    static CauseIe MakeCause(uint8_t cause, uint8_t diagnostic, uint8_t location);

    /**
     * \brief A STATUS message (Q.2931 3.1.13): Cause and Call state.
     * \param state the sender's state of the call
     * \param cause its Cause IE
     * \return the message, call reference left for the sender to set
     */
    static Q2931Header MakeStatus(Q2931CallState state, const CauseIe& cause);

    /// \return a STATUS ENQUIRY message, call reference left for the sender to set
    static Q2931Header MakeStatusEnquiry();

    /**
     * \param message a received message
     * \return the cause value a clearing message carries: its Cause IE's, or
     *         31 (normal, unspecified) when it has none
     */
    static uint8_t GetClearingCause(const Q2931Header& message);

    /// \param message a received message \return true for RESTART and RESTART ACKNOWLEDGE
    static bool IsRestart(const Q2931Header& message);

    /**
     * \brief Q.2931 5.5: judges a RESTART or RESTART ACKNOWLEDGE. It must use
     *        the global call reference (else STATUS, cause 81), carry a valid
     *        restart indicator (else STATUS, cause 96 or 100) and, for class
     *        0, the connection identifier of its VC (else STATUS, cause 96).
     * \param message the message
     * \param [out] indicator its restart indicator, when valid
     * \return Handle, or Status with the cause and the IE or message type
     */
    static Verdict JudgeRestart(const Q2931Header& message, RestartIndicatorIe& indicator);

    /**
     * \param restartClass RestartIndicatorIe::ALL_VCS or INDICATED_VC
     * \param vci the VC's VCI, for INDICATED_VC
     * \return a RESTART on the global call reference
     */
    static Q2931Header MakeRestart(uint8_t restartClass, uint16_t vci = 0);

    /**
     * \param restart the RESTART answered
     * \param indicator its restart indicator
     * \return the RESTART ACKNOWLEDGE, repeating its indicator and connection identifier
     */
    static Q2931Header MakeRestartAcknowledge(const Q2931Header& restart,
                                              const RestartIndicatorIe& indicator);

    /**
     * \param verdict what JudgeRestart() found wrong
     * \param location the sender's location (CauseIe::LOCATION_*)
     * \return STATUS on the global call reference (call state 0) with the cause
     */
    static Q2931Header MakeGlobalStatus(const Verdict& verdict, uint8_t location);

    /**
     * \brief What the receiver of an IE it does not recognise does with it,
     *        by the IE's instruction field (Q.2931 4.5.1, Figure 4-11: the
     *        octet after the identifier), from the least severe to the most.
     */
    enum class IeAction : uint8_t
    {
        Discard,          //!< discard the IE and proceed
        PassAlong,        //!< a switch passes the IE on unchanged
        DiscardAndReport, //!< discard the IE, proceed, and send STATUS with cause 99
        IgnoreMessage,    //!< discard the whole message and send nothing
        ReportMessage,    //!< discard the whole message and send STATUS with cause 99
        ClearCall,        //!< clear the call with cause 99
    };

    static constexpr uint8_t IE_CODING_STANDARD = 0x60; //!< instruction field: coding standard
    static constexpr uint8_t IE_FLAG = 0x10; //!< instruction field: follow explicit instructions
    static constexpr uint8_t IE_PASS_ALONG = 0x08;  //!< instruction field: pass along request
    static constexpr uint8_t IE_ACTION_MASK = 0x07; //!< instruction field: action indicator
    static constexpr uint8_t IE_ACTION_CLEAR = 0;   //!< action: clear call
    static constexpr uint8_t IE_ACTION_DISCARD = 1; //!< action: discard IE and proceed
    static constexpr uint8_t IE_ACTION_REPORT = 2;  //!< action: discard IE, proceed, report
    static constexpr uint8_t IE_ACTION_IGNORE_MESSAGE = 5; //!< action: discard message, ignore
    static constexpr uint8_t IE_ACTION_REPORT_MESSAGE = 6; //!< action: discard message, report

    /**
     * \brief What the instruction field of an IE the receiver does not
     *        recognise asks for.
     *
     * With the flag clear, regular error handling applies (Q.2931 5.6.8.1):
     * the message is acted on without the IE. (STATUS with cause 99 is a
     * "may" there; the model sends none.) With the flag set, the explicit
     * instructions apply (Q.2931 5.7.2): the pass along request (bit 4, of
     * ATM Forum UNI 4.0 and PNNI 1.0) asks a switch to pass the IE on
     * unchanged; otherwise the action indicator says what to do, a reserved
     * value counting as "discard IE and proceed".
     *
     * \param ie the IE, kept as received
     * \param passAlong true for a receiver that passes IEs on (a switch):
     *        false turns PassAlong into Discard
     * \return the action
     */
    static IeAction GetUnrecognisedIeAction(const Q2931RawIe& ie, bool passAlong);

    /**
     * \brief Whether an IE kept as received (with no inline slot) is one of
     *        Q.2931's that carry information from one end of a call to the
     *        other, which the network passes on without acting on it: B-HLI,
     *        the called and calling party subaddresses, the narrowband bearer
     *        capability, low-layer and high-layer compatibility, and the
     *        notification indicator (the SETUP of Q.2931 clause 3; the
     *        network side's procedures of 5.1 and 5.2 deliver them to the
     *        called user).
     *
     * (The AAL parameters and B-LLI, the other end-to-end IEs of a SETUP,
     * have inline slots.) Only ITU-T coded IEs count: another coding
     * standard's IE of the same identifier is not recognised.
     *
     * \param ie the IE
     * \return true when the network passes it on whatever its instruction field says
     */
    static bool IsEndToEnd(const Q2931RawIe& ie);

    /// The IEs of a message a receiver does not recognise, judged together.
    struct IeVerdict
    {
        IeAction action = IeAction::Discard; //!< the most severe action any of them asks for
        uint8_t identifier = 0;              //!< the first IE that asks for it, 0: none
    };

    /**
     * \brief Judges the IEs of a SETUP or CONNECT kept as received (see
     *        Q2931Header::GetOtherIes()) but those end to end (IsEndToEnd())
     *        and the leaf-initiated join IEs (IsLeafInitiatedJoinIe()): none
     *        of the others is one the model reads in these messages, so each
     *        is unrecognised. Gives the most severe action any asks for, and
     *        the first IE asking it (for cause 99's diagnostic).
     * \param message the message
     * \param passAlong see GetUnrecognisedIeAction()
     * \return the verdict; Discard with identifier 0 when every IE is recognised
     */
    static IeVerdict JudgeUnrecognisedIes(const Q2931Header& message, bool passAlong);
};

/**
 * \ingroup condis
 * \param os the stream
 * \param answer an answer
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, Q2931CallProcedures::Answer answer);

} // namespace ns3

#endif /* Q2931_CALL_PROCEDURES_H */
