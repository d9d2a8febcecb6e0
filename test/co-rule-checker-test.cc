/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The rule checker catches each violation of the CoNDIS contract, counts it,
 * reports it through the RuleViolation trace source, and refuses to let it
 * take effect.
 */

#include "co-test-network.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

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
    Simulator::Schedule(Seconds(1), [&]() {
        CoVcHandle vc = net.cb->incomingVc;
        net.b->IncomingCallComplete(CoStatus(CoStatusCode::Pending), vc, net.cb->offered);
        EXPECT_EQ(net.b->GetCallState(vc), CoNetDevice::CallState::Offered); // no effect
        net.b->IncomingCallComplete(CoStatus(), vc, net.cb->offered);
        net.b->IncomingCallComplete(CoStatus(), vc, net.cb->offered);
    });
    Simulator::Schedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
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
    Simulator::Run();
    EXPECT_EQ(net.Violations(), 1u);
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::NeverCompleted), 1u);
    EXPECT_NE(details.back().find("IncomingCall on handle"), std::string::npos);
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

} // namespace
