/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_RULE_CHECKER_H
#define CO_RULE_CHECKER_H

#include "co-status.h"

#include "ns3/callback.h"

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <unordered_set>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The rules of the CoNDIS contract that the checker enforces.
 */
enum class CoRule : uint8_t
{
    CompletedWithPending,    //!< a completion carried the status Pending
    CompletedTwice,          //!< a request completed that was not (or no longer) pending
    NeverCompleted,          //!< a pended request was still pending at the end of the run
    DataOnInactiveVc,        //!< Send on a VC whose call is not connected
    DeleteVcWithCall,        //!< DeleteVc on a VC that still has a call
    StaleHandle,             //!< a handle used after it was invalidated (or never valid)
    SuccessBeforeActivation, //!< a call reported successful before its VC was activated
    NotVcCreator,            //!< DeleteVc by someone who did not create the VC
    AnswerOutsideOffer,      //!< an incoming call accepted with parameters the offer does not allow
                             //!< (a rate raised, a peak rate below the caller's minimum, invalid)
    IdleVcNeverDeleted,      //!< a client-created VC whose call failed was neither reused nor
                             //!< deleted by the end of the run
    DropLastParty,           //!< DropParty on the last party of a multipoint call (the last
                             //!< party goes with CloseCall)
    CloseWithParties,        //!< CloseCall on a multipoint call that has other parties left
                             //!< (every party but the last is dropped first)
};

/// Number of CoRule values.
constexpr std::size_t CO_RULE_COUNT = 12;

/**
 * \ingroup condis
 * \param rule a rule
 * \return its name, e.g. "CompletedTwice"
 */
const char* GetCoRuleName(CoRule rule);

/**
 * \ingroup condis
 * \brief Requests that may pend, and so must complete exactly once.
 *
 * IncomingCall runs the other way (the device indicates, the client pends its
 * answer); IncomingCloseCall is the client's duty to answer an incoming close
 * with CloseCall.
 */
enum class CoRequest : uint8_t
{
    RegisterSap,
    MakeCall,
    IncomingCall,
    CloseCall,
    IncomingCloseCall,
    DeregisterSap,      //!< a DeregisterSap that pended (DeregisterSapComplete follows)
    CloseAddressFamily, //!< a CloseAddressFamily that pended (CloseAddressFamilyComplete follows)
    AddParty,           //!< AddParty (AddPartyComplete follows), by party handle
    DropParty,          //!< a DropParty that pended (DropPartyComplete follows), by party handle
    IncomingDropParty,  //!< the client's DropParty owed after IncomingDropParty, by party handle
    JoinCall,           //!< JoinCall (JoinCallComplete follows), by VC handle
    IncomingLeafJoin,   //!< incomingLeafJoin that pended (IncomingLeafJoinComplete follows)
    Send,               //!< a Send taken for a sendComplete handler, by the device's send number
};

/**
 * \ingroup condis
 * \param request a request kind
 * \return its name, e.g. "MakeCall"
 */
const char* GetCoRequestName(CoRequest request);

/**
 * \ingroup condis
 * \brief Counts every violation of the CoNDIS contract on one device.
 *
 * The device tells it when a request pends and when it completes; the
 * checker verifies exactly-once, never-Pending completion, and at the end of
 * the run counts what is still pending. Client misuse (data on an inactive
 * VC, stale handles, ...) is reported to it directly. Every violation is
 * counted and handed to a callback (the device's RuleViolation trace source);
 * none is silently ignored.
 */
class CoRuleChecker
{
  public:
    /// Receives each violation: the rule and a sentence naming the offender.
    using ViolationCallback = Callback<void, CoRule, const std::string&>;

    CoRuleChecker() = default;

    /// \param cb where violations are reported (in addition to being counted)
    void SetViolationCallback(ViolationCallback cb);

    /**
     * \brief Records that a request pends.
     * \param request the kind of request
     * \param handle the handle (SAP or VC) it concerns
     */
    void Pend(CoRequest request, uint32_t handle);

    /**
     * \brief Checks a completion against the pended requests.
     * \param request the kind of request
     * \param handle the handle it concerns
     * \param status the completion status
     * \return true when the completion is legal; false when it broke a rule
     *         (counted and reported), in which case it must not take effect
     */
    bool Complete(CoRequest request, uint32_t handle, CoStatus status);

    /**
     * \brief Withdraws a pended request that no longer needs completing: an
     *        offered call the network released (IncomingCloseCall ends the
     *        offer). Not a violation; a completion afterwards is CompletedTwice.
     * \param request the kind of request
     * \param handle the handle it concerns
     * \return true when the request was pending
     */
    bool Withdraw(CoRequest request, uint32_t handle);

    /**
     * \param request the kind of request
     * \param handle the handle
     * \return true when that request is pending
     */
    bool IsPending(CoRequest request, uint32_t handle) const;

    /**
     * \brief Counts and reports a violation.
     * \param rule the rule broken
     * \param detail a sentence naming what broke it
     */
    void Report(CoRule rule, const std::string& detail);

    /**
     * \brief Counts every request still pending as NeverCompleted. Only the
     *        first call counts; later calls do nothing.
     */
    void EndOfRun();

    /**
     * \brief Ends the run without counting what is still pending: the run
     *        was stopped early (CoScenarioRunner), so pending requests have
     *        simply not had their time. Later EndOfRun() calls do nothing.
     */
    void AbandonRun();

    /// \return true once EndOfRun() or AbandonRun() was called
    bool IsEnded() const
    {
        return m_ended;
    }

    /// \return the number of violations of every rule
    uint64_t GetViolationCount() const;

    /// \param rule a rule \return the number of violations of it
    uint64_t GetViolationCount(CoRule rule) const;

    /// \return the number of requests now pending
    std::size_t GetPendingCount() const
    {
        return m_pending.size();
    }

    /// \brief Writes one line per rule broken, or "no violations".
    /// \param os where to write
    void PrintReport(std::ostream& os) const;

  private:
    /// \return the key of a pended request
    static uint64_t Key(CoRequest request, uint32_t handle)
    {
        return (uint64_t(request) << 32) | handle;
    }

    std::unordered_set<uint64_t> m_pending;         //!< pended requests, by Key()
    std::array<uint64_t, CO_RULE_COUNT> m_counts{}; //!< violations per rule
    ViolationCallback m_violation;                  //!< where violations are reported
    bool m_ended = false;                           //!< EndOfRun() was called
};

std::ostream& operator<<(std::ostream& os, CoRule rule);
std::ostream& operator<<(std::ostream& os, CoRequest request);

} // namespace ns3

#endif /* CO_RULE_CHECKER_H */
