/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-rule-checker.h"

#include "ns3/log.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoRuleChecker");

const char*
GetCoRuleName(CoRule rule)
{
    switch (rule)
    {
    case CoRule::CompletedWithPending:
        return "CompletedWithPending";
    case CoRule::CompletedTwice:
        return "CompletedTwice";
    case CoRule::NeverCompleted:
        return "NeverCompleted";
    case CoRule::DataOnInactiveVc:
        return "DataOnInactiveVc";
    case CoRule::DeleteVcWithCall:
        return "DeleteVcWithCall";
    case CoRule::StaleHandle:
        return "StaleHandle";
    case CoRule::SuccessBeforeActivation:
        return "SuccessBeforeActivation";
    case CoRule::NotVcCreator:
        return "NotVcCreator";
    case CoRule::AnswerOutsideOffer:
        return "AnswerOutsideOffer";
    case CoRule::IdleVcNeverDeleted:
        return "IdleVcNeverDeleted";
    case CoRule::DropLastParty:
        return "DropLastParty";
    case CoRule::CloseWithParties:
        return "CloseWithParties";
    }
    return "Unknown";
}

const char*
GetCoRequestName(CoRequest request)
{
    switch (request)
    {
    case CoRequest::RegisterSap:
        return "RegisterSap";
    case CoRequest::MakeCall:
        return "MakeCall";
    case CoRequest::IncomingCall:
        return "IncomingCall";
    case CoRequest::CloseCall:
        return "CloseCall";
    case CoRequest::IncomingCloseCall:
        return "IncomingCloseCall";
    case CoRequest::DeregisterSap:
        return "DeregisterSap";
    case CoRequest::CloseAddressFamily:
        return "CloseAddressFamily";
    case CoRequest::AddParty:
        return "AddParty";
    case CoRequest::DropParty:
        return "DropParty";
    case CoRequest::IncomingDropParty:
        return "IncomingDropParty";
    case CoRequest::JoinCall:
        return "JoinCall";
    case CoRequest::IncomingLeafJoin:
        return "IncomingLeafJoin";
    case CoRequest::Send:
        return "Send";
    }
    return "Unknown";
}

void
CoRuleChecker::SetViolationCallback(ViolationCallback cb)
{
    m_violation = cb;
}

void
CoRuleChecker::Pend(CoRequest request, uint32_t handle)
{
    NS_LOG_FUNCTION(this << request << handle);
    m_pending.insert(Key(request, handle));
}

bool
CoRuleChecker::Complete(CoRequest request, uint32_t handle, CoStatus status)
{
    NS_LOG_FUNCTION(this << request << handle << status);
    if (status.IsPending())
    {
        std::ostringstream os;
        os << request << " on handle " << handle << " completed with status Pending";
        Report(CoRule::CompletedWithPending, os.str());
        return false;
    }
    if (m_pending.erase(Key(request, handle)) == 0)
    {
        std::ostringstream os;
        os << request << " on handle " << handle << " completed but was not pending";
        Report(CoRule::CompletedTwice, os.str());
        return false;
    }
    return true;
}

bool
CoRuleChecker::Withdraw(CoRequest request, uint32_t handle)
{
    NS_LOG_FUNCTION(this << request << handle);
    return m_pending.erase(Key(request, handle)) != 0;
}

bool
CoRuleChecker::IsPending(CoRequest request, uint32_t handle) const
{
    return m_pending.count(Key(request, handle)) != 0;
}

void
CoRuleChecker::Report(CoRule rule, const std::string& detail)
{
    NS_LOG_WARN("rule violation " << rule << ": " << detail);
    ++m_counts[static_cast<std::size_t>(rule)];
    if (!m_violation.IsNull())
    {
        m_violation(rule, detail);
    }
}

void
CoRuleChecker::EndOfRun()
{
    NS_LOG_FUNCTION(this);
    if (m_ended)
    {
        return;
    }
    m_ended = true;
    for (uint64_t key : m_pending)
    {
        std::ostringstream os;
        os << static_cast<CoRequest>(key >> 32) << " on handle " << (key & 0xffffffff)
           << " still pending at the end of the run";
        Report(CoRule::NeverCompleted, os.str());
    }
}

void
CoRuleChecker::AbandonRun()
{
    NS_LOG_FUNCTION(this);
    m_ended = true;
}

uint64_t
CoRuleChecker::GetViolationCount() const
{
    uint64_t total = 0;
    for (uint64_t n : m_counts)
    {
        total += n;
    }
    return total;
}

uint64_t
CoRuleChecker::GetViolationCount(CoRule rule) const
{
    return m_counts[static_cast<std::size_t>(rule)];
}

void
CoRuleChecker::PrintReport(std::ostream& os) const
{
    if (GetViolationCount() == 0)
    {
        os << "no violations" << std::endl;
        return;
    }
    for (std::size_t r = 0; r < CO_RULE_COUNT; ++r)
    {
        if (m_counts[r] != 0)
        {
            os << GetCoRuleName(static_cast<CoRule>(r)) << ": " << m_counts[r] << std::endl;
        }
    }
}

std::ostream&
operator<<(std::ostream& os, CoRule rule)
{
    return os << GetCoRuleName(rule);
}

std::ostream&
operator<<(std::ostream& os, CoRequest request)
{
    return os << GetCoRequestName(request);
}

} // namespace ns3
