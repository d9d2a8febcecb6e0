/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The rule checker catches each violation of the CoNDIS contract, counts it,
 * reports it through the RuleViolation trace source, and refuses to let it
 * take effect.
 */

#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>
#include <set>

using namespace ns3;
using namespace ns3::condistest;

namespace ns3
{
/// Test hook (a friend of CoNetDevice): reaches what no client can, to
/// check that the checker catches the device's own mistakes.
class CoNetDeviceTestAccess
{
  public:
    /// Completes \p vc's MakeCall with \p status, legal or not.
    static void CompleteMakeCall(CoNetDevice& device, CoVcHandle vc, CoStatus status)
    {
        device.CompleteMakeCall(vc, status);
    }
};
} // namespace ns3

namespace
{

TEST(CoRuleCheckerUnitTest, CountsEachRuleAndPendingRequestsAtTheEnd)
{
    CoRuleChecker rules;
    std::vector<CoRule> seen;
    rules.SetViolationCallback(MakeBoundCallback(
        +[](std::vector<CoRule>* s, CoRule r, const std::string&) { s->push_back(r); },
        &seen));

    rules.Pend(CoRequest::MakeCall, 7);
    EXPECT_TRUE(rules.IsPending(CoRequest::MakeCall, 7));
    EXPECT_FALSE(rules.Complete(CoRequest::MakeCall, 7, CoStatus(CoStatusCode::Pending)));
    EXPECT_TRUE(rules.Complete(CoRequest::MakeCall, 7, CoStatus()));
    EXPECT_FALSE(rules.Complete(CoRequest::MakeCall, 7, CoStatus()));
    rules.Pend(CoRequest::CloseCall, 8);
    rules.Pend(CoRequest::RegisterSap, 9);
    rules.EndOfRun();
    rules.EndOfRun(); // counted once

    EXPECT_EQ(rules.GetViolationCount(CoRule::CompletedWithPending), 1u);
    EXPECT_EQ(rules.GetViolationCount(CoRule::CompletedTwice), 1u);
    EXPECT_EQ(rules.GetViolationCount(CoRule::NeverCompleted), 2u);
    EXPECT_EQ(rules.GetViolationCount(), 4u);
    EXPECT_EQ(seen.size(), 4u);
    std::ostringstream report;
    rules.PrintReport(report);
    EXPECT_NE(report.str().find("NeverCompleted: 2"), std::string::npos);
}

TEST(CoRuleCheckerUnitTest, TheNewRequestsCompleteOnceAndAWithdrawnOneIsNotPending)
{
    CoRuleChecker rules;
    for (CoRequest r : {CoRequest::DeregisterSap, CoRequest::CloseAddressFamily})
    {
        rules.Pend(r, 3);
        EXPECT_TRUE(rules.Complete(r, 3, CoStatus()));
        EXPECT_FALSE(rules.Complete(r, 3, CoStatus()));
    }
    EXPECT_EQ(rules.GetViolationCount(CoRule::CompletedTwice), 2u);
    // A withdrawn request is no violation; completing it afterwards is.
    rules.Pend(CoRequest::IncomingCall, 4);
    EXPECT_TRUE(rules.Withdraw(CoRequest::IncomingCall, 4));
    EXPECT_FALSE(rules.Withdraw(CoRequest::IncomingCall, 4));
    EXPECT_FALSE(rules.IsPending(CoRequest::IncomingCall, 4));
    EXPECT_FALSE(rules.Complete(CoRequest::IncomingCall, 4, CoStatus()));
    EXPECT_EQ(rules.GetViolationCount(CoRule::CompletedTwice), 3u);
    rules.Pend(CoRequest::DeregisterSap, 5);
    rules.Pend(CoRequest::CloseAddressFamily, 6);
    EXPECT_FALSE(rules.IsEnded());
    rules.EndOfRun();
    EXPECT_TRUE(rules.IsEnded());
    EXPECT_EQ(rules.GetViolationCount(CoRule::NeverCompleted), 2u);
    EXPECT_EQ(rules.GetViolationCount(), 5u);
    EXPECT_STREQ(GetCoRuleName(CoRule::IdleVcNeverDeleted), "IdleVcNeverDeleted");
    EXPECT_STREQ(GetCoRequestName(CoRequest::CloseAddressFamily), "CloseAddressFamily");
}

TEST(CoRuleCheckerUnitTest, EveryRuleAndRequestHasItsOwnNameAndThePartyRequestsCompleteOnce)
{
    std::set<std::string> names;
    for (std::size_t r = 0; r < CO_RULE_COUNT; ++r)
    {
        std::string name = GetCoRuleName(static_cast<CoRule>(r));
        EXPECT_NE(name, "Unknown") << "rule " << r;
        EXPECT_TRUE(names.insert(name).second) << name;
    }
    EXPECT_STREQ(GetCoRuleName(CoRule::DropLastParty), "DropLastParty");
    EXPECT_STREQ(GetCoRuleName(CoRule::CloseWithParties), "CloseWithParties");
    EXPECT_STREQ(GetCoRequestName(CoRequest::AddParty), "AddParty");
    EXPECT_STREQ(GetCoRequestName(CoRequest::DropParty), "DropParty");
    EXPECT_STREQ(GetCoRequestName(CoRequest::IncomingDropParty), "IncomingDropParty");
    EXPECT_STREQ(GetCoRequestName(CoRequest::JoinCall), "JoinCall");
    EXPECT_STREQ(GetCoRequestName(CoRequest::IncomingLeafJoin), "IncomingLeafJoin");
    EXPECT_STREQ(GetCoRequestName(CoRequest::Send), "Send");

    // Party handles share no key with VC handles of the same value.
    CoRuleChecker rules;
    rules.Pend(CoRequest::AddParty, 7);
    rules.Pend(CoRequest::MakeCall, 7);
    EXPECT_TRUE(rules.Complete(CoRequest::AddParty, 7, CoStatus()));
    EXPECT_FALSE(rules.Complete(CoRequest::AddParty, 7, CoStatus()));
    EXPECT_TRUE(rules.IsPending(CoRequest::MakeCall, 7));
    rules.Pend(CoRequest::DropParty, 8);
    rules.Pend(CoRequest::IncomingDropParty, 9);
    // A JoinCall is by VC handle, apart from a MakeCall on the same value:
    // completing the MakeCall leaves it pending (NeverCompleted at the end).
    rules.Pend(CoRequest::JoinCall, 7);
    EXPECT_TRUE(rules.IsPending(CoRequest::JoinCall, 7));
    EXPECT_TRUE(rules.Complete(CoRequest::MakeCall, 7, CoStatus()));
    EXPECT_TRUE(rules.IsPending(CoRequest::JoinCall, 7));
    rules.EndOfRun();
    EXPECT_EQ(rules.GetViolationCount(CoRule::CompletedTwice), 1u);
    EXPECT_EQ(rules.GetViolationCount(CoRule::NeverCompleted), 3u); // drop, incoming, join
}

class RuleCheckerTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
        net.a->TraceConnectWithoutContext("RuleViolation",
                                          MakeCallback(&RuleCheckerTest::OnViolation, this));
        net.b->TraceConnectWithoutContext("RuleViolation",
                                          MakeCallback(&RuleCheckerTest::OnViolation, this));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    void OnViolation(CoRule rule, const std::string& detail)
    {
        traced.push_back(rule);
        details.push_back(detail);
    }

    /// Ends the run; expects \p rule counted exactly once and nothing else.
    void ExpectOnly(CoRule rule)
    {
        EXPECT_EQ(net.Violations(), 1u) << ViolationReport(net.a, net.b);
        EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(rule) +
                      net.b->GetRuleChecker().GetViolationCount(rule),
                  1u)
            << rule;
        EXPECT_EQ(traced, (std::vector<CoRule>{rule}));
    }

    /// Connects a call from a to b and returns after it is connected.
    void Connect()
    {
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        ASSERT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);
    }

    OneSwitchNetwork net;
    std::vector<CoRule> traced;
    std::vector<std::string> details;
};

TEST_F(RuleCheckerTest, CatchesCompletionWithPendingAndSecondCompletion)
{
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    CoSchedule(Seconds(1), [&]() {
        CoVcHandle vc = net.cb->incomingVc;
        net.b->IncomingCallComplete(CoStatus(CoStatusCode::Pending), vc, net.cb->offered);
        EXPECT_EQ(net.b->GetCallState(vc), CoNetDevice::CallState::Offered); // no effect
        net.b->IncomingCallComplete(CoStatus(), vc, net.cb->offered);
        net.b->IncomingCallComplete(CoStatus(), vc, net.cb->offered);
    });
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::CompletedWithPending), 1u);
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::CompletedTwice), 1u);
    EXPECT_EQ(traced, (std::vector<CoRule>{CoRule::CompletedWithPending, CoRule::CompletedTwice}));
    // The legal completion in between took effect: the call connected and closed.
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    net.ExpectEverythingReleased();
}

TEST_F(RuleCheckerTest, CatchesPendedRequestNeverCompleted)
{
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend; // and never answers
    net.cb->closeOnIncomingClose = false;
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    // The run ends before the switch's T310 (10 s) would release the offer.
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    // b's answer never came, and so a's MakeCall never completed either.
    EXPECT_EQ(net.Violations(), 2u);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(CoRule::NeverCompleted), 1u);
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::NeverCompleted), 1u);
    EXPECT_NE(details.back().find("IncomingCall on handle"), std::string::npos);
}

TEST_F(RuleCheckerTest, CatchesAWithdrawnOfferWhoseCloseIsNeverAcknowledged)
{
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend; // and never answers
    net.cb->closeOnIncomingClose = false;
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    Simulator::Run(); // T310 releases the offer: withdrawn, IncomingCloseCall pends
    EXPECT_EQ(net.Violations(), 1u);
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::NeverCompleted), 1u);
    EXPECT_NE(details.back().find("IncomingCloseCall on handle"), std::string::npos);
}

TEST_F(RuleCheckerTest, CatchesIncomingCloseNeverAnswered)
{
    net.cb->closeOnIncomingClose = false;
    Connect();
    net.a->CloseCall(net.ca->vc);
    Simulator::Run();
    EXPECT_EQ(net.b->GetCallState(net.cb->incomingVc), CoNetDevice::CallState::RemotelyClosed);
    EXPECT_EQ(net.Violations(), 1u);
    EXPECT_EQ(traced, (std::vector<CoRule>{CoRule::NeverCompleted}));
}

TEST_F(RuleCheckerTest, CatchesDataOnInactiveVc)
{
    CoVcHandle vc;
    ASSERT_TRUE(net.a->CreateVc(net.ca->client, vc).IsSuccess());
    EXPECT_EQ(net.a->Send(vc, Create<Packet>(10)).GetCode(), CoStatusCode::VcNotActivated);
    // Still not connected while the call is being set up.
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    EXPECT_EQ(net.a->Send(net.ca->vc, Create<Packet>(10)).GetCode(), CoStatusCode::VcNotActivated);
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_TRUE(net.a->Send(net.ca->vc, Create<Packet>(10)).IsSuccess());
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(CoRule::DataOnInactiveVc), 2u);
    // Only the frame sent on the connected call arrived.
    EXPECT_EQ(net.cb->received, (std::vector<uint32_t>{10}));
}

TEST_F(RuleCheckerTest, CatchesDeletingAVcWithACall)
{
    Connect();
    EXPECT_EQ(net.a->DeleteVc(net.ca->vc).GetCode(), CoStatusCode::InvalidState);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(CoRule::DeleteVcWithCall), 1u);
    EXPECT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);
    // Deleting the device's VC is not the client's to do either.
    EXPECT_EQ(net.b->DeleteVc(net.cb->incomingVc).GetCode(), CoStatusCode::InvalidState);
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::NotVcCreator), 1u);
}

TEST_F(RuleCheckerTest, CatchesStaleHandles)
{
    CoVcHandle vc;
    ASSERT_TRUE(net.a->CreateVc(net.ca->client, vc).IsSuccess());
    ASSERT_TRUE(net.a->DeleteVc(vc).IsSuccess());
    EXPECT_EQ(net.a->DeleteVc(vc).GetCode(), CoStatusCode::InvalidData);
    EXPECT_EQ(net.a->Send(vc, Create<Packet>(1)).GetCode(), CoStatusCode::InvalidData);
    EXPECT_EQ(net.a->MakeCall(vc, CoCallParameters()).GetCode(), CoStatusCode::InvalidData);
    EXPECT_EQ(net.a->CloseCall(vc).GetCode(), CoStatusCode::InvalidData);
    EXPECT_EQ(net.a->DeregisterSap(CoSapHandle(12345)).GetCode(), CoStatusCode::InvalidData);
    CoSapHandle sap;
    EXPECT_EQ(net.a->RegisterSap(CoClientHandle(999), CoSap(net.a->GetAesa()), sap).GetCode(),
              CoStatusCode::InvalidData);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(CoRule::StaleHandle), 6u);
    EXPECT_EQ(traced.size(), 6u);
}

TEST_F(RuleCheckerTest, BadRequestsAreRefusedWithoutViolations)
{
    CoVcHandle vc;
    ASSERT_TRUE(net.a->CreateVc(net.ca->client, vc).IsSuccess());
    // No called party; an invalid contract: refused at once, nothing pended.
    EXPECT_EQ(
        net.a->MakeCall(vc, CoCallParameters::Symmetric(CoServiceCategory::Cbr, 10)).GetCode(),
        CoStatusCode::InvalidData);
    CoCallParameters bad = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 0);
    bad.calledParty = net.b->GetAesa();
    EXPECT_EQ(net.a->MakeCall(vc, bad).GetCode(), CoStatusCode::InvalidData);
    EXPECT_EQ(net.a->CloseCall(vc).GetCode(), CoStatusCode::InvalidState);
    Simulator::Run();
    EXPECT_TRUE(net.a->DeleteVc(vc).IsSuccess());
    EXPECT_EQ(net.Violations(), 0u);
}

// ---- one test per rule: each breaks it once, and only it -------------------

TEST_F(RuleCheckerTest, CompletedWithPendingOnce)
{
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    CoSchedule(Seconds(1), [&]() {
        net.b->IncomingCallComplete(CoStatus(CoStatusCode::Pending),
                                    net.cb->incomingVc,
                                    net.cb->offered);
        EXPECT_TRUE(net.cb->AnswerIfOffered(CoStatus())); // the legal answer still counts
    });
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();
    EXPECT_EQ(net.cb->Count("CallConnected"), 1u);
    net.ExpectEverythingReleased();
    ExpectOnly(CoRule::CompletedWithPending);
}

TEST_F(RuleCheckerTest, CompletedTwiceOnce)
{
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    CoSchedule(Seconds(1), [&]() {
        EXPECT_TRUE(net.cb->AnswerIfOffered(CoStatus()));
        net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, net.cb->offered);
        // The second answer took no effect: the call is being accepted once.
        EXPECT_EQ(net.b->GetCallState(net.cb->incomingVc), CoNetDevice::CallState::Accepting);
    });
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();
    net.ExpectEverythingReleased();
    ExpectOnly(CoRule::CompletedTwice);
}

TEST_F(RuleCheckerTest, AnAnswerToAnOfferTheNetworkWithdrewIsCompletedTwice)
{
    // The switch's T301 (here 1 s) clears the call b's client is pending
    // (b alerted).
    net.sw->SetAttribute("T301", TimeValue(Seconds(1)));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.cb->closeOnIncomingClose = false;
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    CoSchedule(Seconds(2), [&]() {
        CoVcHandle vc = net.cb->incomingVc;
        ASSERT_EQ(net.b->GetCallState(vc), CoNetDevice::CallState::RemotelyClosed);
        // The offer was withdrawn with IncomingCloseCall: an answer now is
        // one too many, and takes no effect.
        net.b->IncomingCallComplete(CoStatus(), vc, net.cb->offered);
        EXPECT_EQ(net.b->GetCallState(vc), CoNetDevice::CallState::RemotelyClosed);
        EXPECT_TRUE(net.b->CloseCall(vc).IsSuccess());
    });
    Simulator::Run();
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(), Q2931Cause::NO_ANSWER_FROM_USER);
    net.ExpectEverythingReleased();
    ExpectOnly(CoRule::CompletedTwice);
}

TEST_F(RuleCheckerTest, NeverCompletedOnceForAPendedDeregistration)
{
    net.b->SetAttribute("SapDeregistrationDelay", TimeValue(Seconds(10)));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    EXPECT_TRUE(net.b->DeregisterSap(net.cb->sap).IsPending());
    Simulator::Stop(Seconds(1)); // before the deregistration completes
    Simulator::Run();
    ExpectOnly(CoRule::NeverCompleted);
    EXPECT_NE(details.back().find("DeregisterSap on handle"), std::string::npos);
}

TEST_F(RuleCheckerTest, NeverCompletedOnceForACloseOfTheAddressFamilyHeldByACall)
{
    Connect();
    EXPECT_TRUE(net.a->CloseAddressFamily(net.ca->client).IsPending());
    Simulator::Stop(Seconds(1)); // the client never closes its call
    Simulator::Run();
    ExpectOnly(CoRule::NeverCompleted);
    EXPECT_NE(details.back().find("CloseAddressFamily on handle"), std::string::npos);
}

TEST_F(RuleCheckerTest, DataOnInactiveVcOnce)
{
    CoVcHandle vc;
    ASSERT_TRUE(net.a->CreateVc(net.ca->client, vc).IsSuccess());
    EXPECT_EQ(net.a->Send(vc, Create<Packet>(10)).GetCode(), CoStatusCode::VcNotActivated);
    EXPECT_TRUE(net.a->DeleteVc(vc).IsSuccess());
    ExpectOnly(CoRule::DataOnInactiveVc);
}

TEST_F(RuleCheckerTest, DeleteVcWithCallOnce)
{
    Connect();
    EXPECT_EQ(net.a->DeleteVc(net.ca->vc).GetCode(), CoStatusCode::InvalidState);
    net.a->CloseCall(net.ca->vc);
    Simulator::Run();
    net.ExpectEverythingReleased();
    ExpectOnly(CoRule::DeleteVcWithCall);
}

TEST_F(RuleCheckerTest, StaleHandleOnceForAClosedAddressFamily)
{
    CoClientHandle client = net.ca->client;
    EXPECT_TRUE(net.a->CloseAddressFamily(client).IsSuccess());
    CoVcHandle vc;
    EXPECT_EQ(net.a->CreateVc(client, vc).GetCode(), CoStatusCode::InvalidData);
    EXPECT_FALSE(vc.IsValid());
    ExpectOnly(CoRule::StaleHandle);
    EXPECT_NE(details.back().find("CreateVc by client"), std::string::npos);
}

TEST_F(RuleCheckerTest, SuccessBeforeActivationOnceAndWithoutEffect)
{
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    CoVcHandle vc = net.ca->vc;
    // The device reporting success while the VC is not active (only a
    // device bug could; the hook stands in for it).
    CoNetDeviceTestAccess::CompleteMakeCall(*net.a, vc, CoStatus());
    // It did not take effect: the client heard nothing and MakeCall still pends.
    EXPECT_EQ(net.ca->Count("MakeCallComplete"), 0u);
    EXPECT_TRUE(net.a->GetRuleChecker().IsPending(CoRequest::MakeCall, vc.GetValue()));
    EXPECT_EQ(net.a->GetCallState(vc), CoNetDevice::CallState::Calling);
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    // The legal completion, after CONNECT activated the VC, went through once.
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    net.a->CloseCall(vc);
    Simulator::Run();
    net.ExpectEverythingReleased();
    ExpectOnly(CoRule::SuccessBeforeActivation);
}

TEST_F(RuleCheckerTest, NotVcCreatorOnce)
{
    Connect();
    EXPECT_EQ(net.b->DeleteVc(net.cb->incomingVc).GetCode(), CoStatusCode::InvalidState);
    net.a->CloseCall(net.ca->vc);
    Simulator::Run();
    net.ExpectEverythingReleased();
    ExpectOnly(CoRule::NotVcCreator);
}

TEST_F(RuleCheckerTest, AnswerOutsideOfferOnce)
{
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->changeOnAccept = [](CoCallParameters& p) { p.forward.peakCellRate *= 2; };
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    Simulator::Run();
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
    net.ExpectEverythingReleased();
    ExpectOnly(CoRule::AnswerOutsideOffer);
}

TEST_F(RuleCheckerTest, IdleVcNeverDeletedOnceWithTheVc)
{
    net.ca->deleteVcOnFailure = false;
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100));
    Simulator::Run(); // no SAP on b: the call fails, and the client keeps its VC
    EXPECT_FALSE(net.ca->First("MakeCallComplete").status.IsSuccess());
    ExpectOnly(CoRule::IdleVcNeverDeleted);
    std::ostringstream vc;
    vc << "VC " << net.ca->vc << " ";
    EXPECT_NE(details.back().find(vc.str()), std::string::npos) << details.back();
    EXPECT_NE(details.back().find("cause 88"), std::string::npos) << details.back();
}

TEST_F(RuleCheckerTest, IdleVcNeverDeletedOnceForACallRefusedAtOnce)
{
    net.ca->deleteVcOnFailure = false;
    DynamicCast<CoChannel>(net.a->GetChannel())->SetLinkUp(false);
    EXPECT_EQ(
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100))
            .GetCause(),
        Q2931Cause::NETWORK_OUT_OF_ORDER);
    ExpectOnly(CoRule::IdleVcNeverDeleted);
}

TEST_F(RuleCheckerTest, AFailedCallsVcReusedOrDeletedIsNoViolation)
{
    net.ca->deleteVcOnFailure = false;
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100);
    net.ca->Call(net.b->GetAesa(), p);
    Simulator::Run(); // fails: no SAP
    // Reused: a new call on the same VC, which connects and is closed.
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    p.calledParty = net.b->GetAesa();
    EXPECT_TRUE(net.a->MakeCall(net.ca->vc, p).IsPending());
    CoSchedule(Seconds(1), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();
    EXPECT_EQ(net.ca->Count("CloseCallComplete"), 1u); // and the client deleted it
    // Another failed call's VC, deleted by the client: fine too.
    TestClient other(net.a);
    other.Call(AesaAddress::FromString("39" + std::string(38, '7')), p);
    Simulator::Run();
    EXPECT_FALSE(other.First("MakeCallComplete").status.IsSuccess());
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u) << ViolationReport(net.a, net.b);
}

} // namespace
