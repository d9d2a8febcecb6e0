/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2971_PARTY_TABLE_H
#define Q2971_PARTY_TABLE_H

#include "co-timer-queue.h"
#include "q2931-header.h"
#include "q2971-endpoint-state-ie.h"

#include "ns3/callback.h"
#include "ns3/nstime.h"

#include <absl/container/flat_hash_map.h>
#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The parties of the point-to-multipoint calls at one end of one or
 *        more interfaces (Q.2971): each party's endpoint reference and state,
 *        the endpoint references' allocation, the party procedures' state
 *        table and the party timers T397, T398 and T399.
 *
 * The host's NIC and the switch each keep one, beside their calls: a
 * point-to-point call has no entry here and pays nothing for it. The owner
 * names a call by a 64-bit key of its own (a switch: call slot and leg) and
 * a party by its endpoint reference and whether this end allocated it (the
 * reference's flag tells the two apart on the wire, as a call reference's
 * does).
 *
 * Endpoint references this end allocates (Allocate()) start at 1 (the
 * first party, in SETUP, is reference 0) and go up, wrapping after 32767,
 * never reusing one still in use by the call.
 *
 * Timers (Q.2971 clause 9): T399 runs from SETUP or ADD PARTY sent for a
 * party until its first answer, T397 from PARTY ALERTING received until ADD
 * PARTY ACKNOWLEDGE or REJECT, T398 from DROP PARTY sent until its
 * acknowledgement. At expiry the owner's callback is told the call, the
 * party and the timer, and acts: T399 and T397 drop the party (causes 18 and
 * 19), T398 releases it locally.
 */
class Q2971PartyTable
{
  public:
    /// The party timers.
    enum class Timer : uint8_t
    {
        T397, //!< PARTY ALERTING received, awaiting ADD PARTY ACKNOWLEDGE / REJECT
        T398, //!< DROP PARTY sent, awaiting DROP PARTY ACKNOWLEDGE
        T399, //!< SETUP / ADD PARTY sent, awaiting an answer for the party
    };

    /// A party's name within a call: its endpoint reference and who allocated it.
    struct PartyId
    {
        uint16_t reference = 0;   //!< the endpoint reference, 0..32767
        bool weAllocated = false; //!< this end allocated it (sends it with flag 0)

        /// \return true when both fields are equal
        bool operator==(const PartyId& other) const
        {
            return reference == other.reference && weAllocated == other.weAllocated;
        }
    };

    /// What a message received for a party does to it (OnReceive()).
    struct Transition
    {
        bool expected = false;                        //!< the state expects the message
        Q2971PartyState next = Q2971PartyState::Null; //!< the state after it
    };

    /// Called at a timer's expiry: the call, the party, the timer.
    using ExpiredCallback = Callback<void, uint64_t, PartyId, Timer>;

    Q2971PartyTable();
    // The timer queues' events refer to the table: it stays where it is.
    Q2971PartyTable(const Q2971PartyTable&) = delete;
    Q2971PartyTable& operator=(const Q2971PartyTable&) = delete;

    /**
     * \param t397 PARTY ALERTING received, awaiting the add's end
     * \param t398 DROP PARTY sent, awaiting its acknowledgement
     * \param t399 SETUP or ADD PARTY sent, awaiting an answer
     */
    void SetDurations(Time t397, Time t398, Time t399);

    /// \param expired called at each timer's expiry (the timer is no longer running)
    void SetExpiredCallback(ExpiredCallback expired);

    /**
     * \brief Allocates an endpoint reference for a new party of \p call that
     *        this end adds, and adds the party in state \p state.
     * \param call the owner's key of the call
     * \param state the new party's state (AddPartyInitiated, usually)
     * \param [out] party the party
     * \return false when every reference is in use by the call
     */
    bool Allocate(uint64_t call, Q2971PartyState state, PartyId& party);

    /**
     * \brief Adds a party whose reference the other end allocated (or
     *        reference 0 of a call this end sets up).
     * \param call the owner's key of the call
     * \param party the party
     * \param state its state
     * \return false when the call has that party already
     */
    bool Add(uint64_t call, PartyId party, Q2971PartyState state);

    /// \return the party's state; Null when the call has no such party
    Q2971PartyState GetState(uint64_t call, PartyId party) const;

    /**
     * \brief Moves a party to a state; Null removes it (and stops its timer).
     * \return false when the call has no such party
     */
    bool SetState(uint64_t call, PartyId party, Q2971PartyState state);

    /**
     * \brief Starts a party's timer, stopping the one running, if any.
     * \return false when the call has no such party
     */
    bool StartTimer(uint64_t call, PartyId party, Timer timer);

    /// Stops a party's timer, if one runs.
    void StopTimer(uint64_t call, PartyId party);

    /// \return whether \p timer runs for the party
    bool IsTimerRunning(uint64_t call, PartyId party, Timer timer) const;

    /**
     * \brief Removes every party of a call (the call ended), stopping their
     *        timers.
     * \return the parties removed
     */
    std::vector<PartyId> RemoveCall(uint64_t call);

    /// \return the parties of \p call, in the order they were added
    std::vector<PartyId> GetParties(uint64_t call) const;

    /// \return how many parties \p call has (0: none, or not multipoint)
    std::size_t GetPartyCount(uint64_t call) const;

    /// \return how many of \p call's parties are in \p state
    std::size_t CountInState(uint64_t call, Q2971PartyState state) const;

    /// \return how many parties are held, of every call
    std::size_t GetPartyCount() const;

    /// \return how many calls have parties here
    std::size_t GetCallCount() const;

    /// \return how many party timers run
    std::size_t GetRunningTimerCount() const;

    /// Removes every party and stops every timer, without calling back.
    void Clear();

    /// Lets the timer queues' pending events go (CoTimerQueue::Quiesce()),
    /// for an owner that knows no party timer will start soon.
    void Quiesce();

    /**
     * \brief The party procedures' state table (Q.2971 clause 9): what a
     *        message received for a party in \p state does.
     *
     * ADD PARTY is expected in P0 (to P6); PARTY ALERTING in P1 (to P7); ADD
     * PARTY ACKNOWLEDGE in P1 and P7 (to P10); ADD PARTY REJECT in P1 and P7
     * (to P0); DROP PARTY in every state but P0 (to P12; in P11 the drops
     * cross, to P0); DROP PARTY ACKNOWLEDGE in every state but P0 (to P0).
     * Any other message, or one of these in another state, is unexpected:
     * the state stays (the owner answers with STATUS, cause 101, or for
     * messages about no party as Q.2971 says).
     *
     * \param state the party's state
     * \param received the message type
     * \return whether it is expected, and the state after it
     */
    static Transition OnReceive(Q2971PartyState state, Q2931MessageType received);

    /**
     * \param type a message type
     * \return true for the messages of Q.2971's party procedures (ADD PARTY
     *         to PARTY ALERTING, 0x80..0x85)
     */
    static bool IsPartyMessage(Q2931MessageType type);

  private:
    static constexpr uint32_t NO_SLOT = 0xffffffff; //!< Find(): no such party; a list's end

    /// One party.
    struct Party
    {
        uint64_t call = 0;                              //!< the owner's key of its call
        PartyId id;                                     //!< its name in the call
        Q2971PartyState state = Q2971PartyState::Null;  //!< Null: the slot is free
        Timer timer = Timer::T399;                      //!< which timer runs, if any
        CoTimerQueue::Token token = CoTimerQueue::NONE; //!< the running timer
        uint32_t previous = NO_SLOT;                    //!< the call's party added before
        uint32_t next = NO_SLOT;                        //!< the call's party added after
    };

    /// The parties of one call: a list through their slots, in the order
    /// added, so that a party leaves it in constant time however many the
    /// call has (a tree of thousands of leaves joining and leaving).
    struct CallParties
    {
        uint32_t first = NO_SLOT;   //!< the party added first
        uint32_t last = NO_SLOT;    //!< the party added last
        uint32_t count = 0;         //!< its parties
        uint16_t nextReference = 1; //!< where Allocate() resumes
    };

    /// \return the slot of a party, or NO_SLOT
    uint32_t Find(uint64_t call, PartyId party) const;

    /// \return the key of a party in m_index
    static uint64_t IndexKey(PartyId party)
    {
        return (uint64_t(party.weAllocated) << 15) | party.reference;
    }

    /// Frees a slot (its timer stopped) and forgets it.
    void Free(uint32_t slot);
    /// A timer of kind \p timer expired for the party in \p slot.
    void Expired(Timer timer, uint32_t slot);

    /// \return the queue of a timer kind
    CoTimerQueue& Queue(Timer timer)
    {
        return m_timers[static_cast<uint8_t>(timer)];
    }

    std::vector<Party> m_parties;                       //!< slots
    std::vector<uint32_t> m_free;                       //!< free slots
    absl::flat_hash_map<uint64_t, CallParties> m_calls; //!< by call
    /// (call, party) -> slot; the call is hashed with the party's key
    absl::flat_hash_map<std::pair<uint64_t, uint64_t>, uint32_t> m_index;
    std::array<CoTimerQueue, 3> m_timers; //!< T397, T398, T399
    std::array<Time, 3> m_durations;      //!< their durations
    ExpiredCallback m_expired;            //!< the owner's
};

} // namespace ns3

#endif /* Q2971_PARTY_TABLE_H */
