/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Every path of a point-to-point call's life through one switch, checked
 * against the CoNDIS contract: completions, their statuses and causes, and
 * that every resource is released afterwards.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/boolean.h"
#include "ns3/co-channel.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/error-model.h"
#include "ns3/saal-endpoint.h"

#include <algorithm>
#include <array>
#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// A CBR call of 1000 cells/s each way (424 kb/s).
CoCallParameters
Cbr(uint32_t pcr = 1000)
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, pcr);
}

class CallLifecycleTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        // Every lifecycle ends with the contract kept, unless the test breaks
        // a rule on purpose (and says how many times).
        net.ExpectViolations(expectedViolations);
        Simulator::Destroy();
    }

    OneSwitchNetwork net;
    uint64_t expectedViolations = 0; //!< violations the test causes on purpose
};

TEST_F(CallLifecycleTest, SuccessfulCallCarriesDataAndReleasesEverything)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    EXPECT_EQ(net.ca->Call(net.b->GetAesa(), Cbr()).GetCode(), CoStatusCode::Pending);
    EXPECT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Calling);

    CoSchedule(Seconds(1), [&]() {
        EXPECT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(net.sw->GetCrossConnectCount(), 2u);
        // Connected, the call holds what it reserved, not its contract.
        EXPECT_EQ(net.sw->GetCallCount(), 1u);
        EXPECT_EQ(net.sw->GetSetupCount(), 0u);
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 1000u);
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 1000u);
        for (int i = 0; i < 3; ++i)
        {
            EXPECT_TRUE(net.a->Send(net.ca->vc, Create<Packet>(100)).IsSuccess());
        }
        EXPECT_TRUE(net.b->Send(net.cb->incomingVc, Create<Packet>(500)).IsSuccess());
    });
    CoSchedule(Seconds(2),
               [&]() { EXPECT_EQ(net.a->CloseCall(net.ca->vc).GetCode(), CoStatusCode::Pending); });
    Simulator::Run();

    EXPECT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_FALSE(net.ca->granted.modified);
    EXPECT_TRUE(net.ca->granted.SameContract(Cbr()));
    EXPECT_EQ(net.cb->Count("IncomingCall"), 1u);
    EXPECT_EQ(net.cb->offered.callingParty, net.a->GetAesa());
    EXPECT_EQ(net.cb->Count("CallConnected"), 1u);
    EXPECT_EQ(net.cb->received, (std::vector<uint32_t>{100, 100, 100}));
    EXPECT_EQ(net.ca->received, (std::vector<uint32_t>{500}));
    EXPECT_EQ(net.ca->Count("CloseCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("CloseCallComplete").status.IsSuccess());
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.cb->First("IncomingCloseCall").status,
              CoStatus(CoStatusCode::Success, Q2931Cause::NORMAL_CLEARING));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, RemoteCloseIsIndicatedToTheCaller)
{
    expectedViolations = 1; // on purpose: see below
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(1), [&]() {
        EXPECT_EQ(net.b->CloseCall(net.cb->incomingVc).GetCode(), CoStatusCode::Pending);
    });
    Simulator::Run();

    EXPECT_EQ(net.ca->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.cb->Count("CloseCallComplete"), 1u);
    // The device created b's VC, so the device deleted it: its handle is stale.
    EXPECT_FALSE(net.b->DeleteVc(net.cb->incomingVc).IsSuccess());
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::StaleHandle), 1u);
    net.ExpectEverythingReleased();
}

TEST_F(CallLifecycleTest, CalleeRejectFailsTheCallWithItsCause)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Reject;
    net.cb->rejectWith = CoStatus(CoStatusCode::NotAccepted, Q2931Cause::USER_BUSY);
    net.ca->Call(net.b->GetAesa(), Cbr());
    Simulator::Run();

    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::NotAccepted, Q2931Cause::USER_BUSY));
    EXPECT_EQ(net.cb->Count("CallConnected"), 0u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, CalleePendsThenAccepts)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(3), [&]() {
        EXPECT_EQ(net.ca->Count("MakeCallComplete"), 0u);
        EXPECT_EQ(net.b->GetCallState(net.cb->incomingVc), CoNetDevice::CallState::Offered);
        net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, net.cb->offered);
    });
    CoSchedule(Seconds(5), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    // Accepted at 3 s; CONNECT crosses the switch after that.
    EXPECT_GT(net.ca->First("MakeCallComplete").at, Seconds(3));
    EXPECT_LT(net.ca->First("MakeCallComplete").at, Seconds(3.1));
    EXPECT_EQ(net.cb->Count("CallConnected"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, CalleeLowersTheContractAndTheCallerSeesItFlagged)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), Cbr(2000));
    CoSchedule(Seconds(1), [&]() {
        CoCallParameters lower = net.cb->offered;
        lower.forward.peakCellRate = 1500;
        lower.backward.peakCellRate = 500;
        net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, lower);
    });
    CoSchedule(Seconds(2), [&]() {
        // The switch holds what was granted, not what was asked for.
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 1500u);
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 500u);
        net.a->CloseCall(net.ca->vc);
    });
    Simulator::Run();

    ASSERT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_TRUE(net.ca->granted.modified);
    EXPECT_EQ(net.ca->granted.forward.peakCellRate, 1500u);
    EXPECT_EQ(net.ca->granted.backward.peakCellRate, 500u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, CalleeRaisingTheContractIsAViolationAndClearsTheCall)
{
    expectedViolations = 1; // on purpose: see below
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), Cbr(2000)).IsPending());
    CoSchedule(Seconds(0.5), [&]() {
        // What the switch admitted: the offer, each way.
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 2000u);
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 2000u);
    });
    CoSchedule(Seconds(1), [&]() {
        CoCallParameters raised = net.cb->offered;
        raised.forward.peakCellRate = 3000;
        net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, raised);
    });
    CoSchedule(Seconds(1.5), [&]() {
        // Cleared: nothing more was ever reserved, and now nothing at all.
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 0u);
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 0u);
    });
    Simulator::Run();

    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::Failure, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS));
    EXPECT_EQ(net.cb->Count("CallConnected"), 0u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 1u);
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::AnswerOutsideOffer), 1u);
}

TEST_F(CallLifecycleTest, CalleeRaisingAVbrSustainableRateAtOnceIsRefusedToo)
{
    expectedViolations = 1; // on purpose: see below
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    // Answered in IncomingCall itself, in place: the SCR (what VBR reserves) raised.
    net.cb->changeOnAccept = [](CoCallParameters& p) { p.backward.sustainableCellRate = 1500; };
    CoCallParameters vbr = CoCallParameters::Symmetric(CoServiceCategory::RtVbr, 2000, 1000, 32);
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), vbr).IsPending());
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::Failure, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS));
    EXPECT_EQ(net.cb->Count("CallConnected"), 0u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::AnswerOutsideOffer), 1u);
    EXPECT_EQ(net.Violations(), 1u);
}

TEST_F(CallLifecycleTest, CalleeLowersWithinTheCallersMinimum)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->changeOnAccept = [](CoCallParameters& p) {
        p.forward.peakCellRate = 1200;
        p.backward.peakCellRate = 1000; // exactly the minimum: allowed
    };
    CoCallParameters p = Cbr(2000);
    p.minimumForwardPeakCellRate = 1000;
    p.minimumBackwardPeakCellRate = 1000;
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), p).IsPending());
    CoSchedule(Seconds(1), [&]() {
        // The difference went back to the ports.
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 1200u);
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 1000u);
        net.a->CloseCall(net.ca->vc);
    });
    Simulator::Run();

    // The minimum crossed the switch in the SETUP (its own IE).
    EXPECT_EQ(net.cb->offered.minimumForwardPeakCellRate, 1000u);
    EXPECT_EQ(net.cb->offered.minimumBackwardPeakCellRate, 1000u);
    ASSERT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_TRUE(net.ca->granted.modified);
    EXPECT_EQ(net.ca->granted.forward.peakCellRate, 1200u);
    EXPECT_EQ(net.ca->granted.backward.peakCellRate, 1000u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, CalleeLoweringBelowTheCallersMinimumClearsTheCall)
{
    expectedViolations = 1; // on purpose: see below
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    CoCallParameters p = Cbr(2000);
    p.minimumForwardPeakCellRate = 1000;
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), p).IsPending());
    CoSchedule(Seconds(1), [&]() {
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 2000u);
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 2000u);
        CoCallParameters lower = net.cb->offered;
        lower.forward.peakCellRate = 800;
        net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, lower);
    });
    CoSchedule(Seconds(1.5), [&]() {
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 0u);
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 0u);
    });
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::Failure, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::AnswerOutsideOffer), 1u);
    EXPECT_EQ(net.Violations(), 1u);
}

TEST_F(CallLifecycleTest, AMinimumAboveThePeakRateIsInvalid)
{
    net.Build();
    CoCallParameters p = Cbr(1000);
    p.minimumBackwardPeakCellRate = 1001;
    EXPECT_NE(p.Validate().find("minimum backward peak cell rate 1001"), std::string::npos)
        << p.Validate();
    EXPECT_EQ(net.ca->Call(net.b->GetAesa(), p), CoStatus(CoStatusCode::InvalidData));
    EXPECT_TRUE(net.a->DeleteVc(net.ca->vc).IsSuccess());
    Simulator::Run();
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, ARefusalForTheInputPortsBackwardDirectionIsChargedToThatPort)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    // (input port, port charged, cause) of every refusal
    std::vector<std::array<uint32_t, 3>> refusals;
    net.sw->TraceConnectWithoutContext("Admission",
                                       MakeCallback(+[](std::vector<std::array<uint32_t, 3>>* log,
                                                        uint32_t in,
                                                        uint32_t port,
                                                        const CoCallParameters&,
                                                        uint8_t cause) {
                                           if (cause != 0)
                                           {
                                               log->push_back({in, port, cause});
                                           }
                                       }).Bind(&refusals));
    // 10 Mb/s links carry 23584 cells/s: two calls that send little forward
    // but ask for 15000 cells/s backward do not fit in the backward direction,
    // which leaves the switch by the caller's port (0), not by b's (1).
    CoCallParameters p = Cbr(100);
    p.backward.peakCellRate = 15000;
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), p).IsPending());
    TestClient second(net.a);
    CoSchedule(Seconds(1), [&]() {
        EXPECT_EQ(net.sw->GetReservedCellRate(0), 15000u);
        EXPECT_EQ(net.sw->GetReservedCellRate(1), 100u);
        second.Call(net.b->GetAesa(), p);
    });
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(
        second.First("MakeCallComplete").status,
        CoStatus(CoStatusCode::CellRateNotAvailable, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    ASSERT_EQ(refusals.size(), 1u);
    EXPECT_EQ(refusals[0],
              (std::array<uint32_t, 3>{0, 0, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE}))
        << "charged to port " << refusals[0][1];
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, ACallRefusedAtOnceIsTracedButNotPended)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    std::vector<CoStatus> refused;
    std::vector<uint64_t> ids;
    uint32_t pended = 0;
    net.a->TraceConnectWithoutContext("MakeCallRefused",
                                      MakeCallback(+[](std::vector<CoStatus>* log,
                                                       CoVcHandle,
                                                       CoStatus status,
                                                       const CoCallParameters& p) {
                                          EXPECT_EQ(p.forward.peakCellRate, 1000u);
                                          log->push_back(status);
                                      }).Bind(&refused));
    net.a->TraceConnectWithoutContext(
        "MakeCall",
        MakeCallback(+[](uint32_t* n, CoVcHandle, const CoCallParameters&) {
            ++*n;
        }).Bind(&pended));
    net.sw->SetOperational(false);
    CoStatus status = net.ca->Call(net.b->GetAesa(), Cbr());
    EXPECT_EQ(status, CoStatus(CoStatusCode::Failure, Q2931Cause::NETWORK_OUT_OF_ORDER));
    ids.push_back(net.a->GetCallId(net.ca->vc));
    EXPECT_TRUE(net.a->DeleteVc(net.ca->vc).IsSuccess());
    // Invalid parameters are the client's mistake, not an attempt: not traced.
    EXPECT_EQ(net.ca->Call(net.b->GetAesa(), Cbr(0)), CoStatus(CoStatusCode::InvalidData));
    EXPECT_TRUE(net.a->DeleteVc(net.ca->vc).IsSuccess());
    net.sw->SetOperational(true);
    CoSchedule(Seconds(1), [&]() {
        ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), Cbr()).IsPending());
        ids.push_back(net.a->GetCallId(net.ca->vc));
    });
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0], status);
    EXPECT_EQ(pended, 1u);
    // Both attempts have names of their own.
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_NE(ids[0], 0u);
    EXPECT_NE(ids[0], ids[1]);
    EXPECT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u) << "a refusal at once is not a pended request";
}

TEST_F(CallLifecycleTest, ACallerRefusesAConnectRaisingWhatItAskedFor)
{
    // The switch's port toward a answers by hand, as a switch that let a
    // raised contract through would: CALL PROCEEDING, then CONNECT with more.
    net.Build();
    RawPeer peer(net.sw->GetPort(0));
    peer.answer = [&peer](const RawMessage& m) {
        if (m.type == Q2931MessageType::Setup)
        {
            Q2931Header proceeding(Q2931MessageType::CallProceeding, m.reference, true);
            proceeding.SetConnectionIdentifier(ConnectionIdentifierIe(0, 100));
            peer.Send(proceeding);
            CoCallParameters raised = m.message.GetCallParameters();
            raised.backward.peakCellRate = 5000;
            Q2931Header connect(Q2931MessageType::Connect, m.reference, true);
            connect.SetAtmTrafficDescriptor(AtmTrafficDescriptorIe::FromCallParameters(raised));
            peer.Send(connect);
        }
        else if (m.type == Q2931MessageType::Release)
        {
            peer.Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, true));
        }
    };
    ASSERT_TRUE(net.ca->Call(net.b->GetAesa(), Cbr(1000)).IsPending());
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::Failure, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS));
    ASSERT_EQ(peer.received.size(), 2u);
    EXPECT_EQ(peer.received[1].type, Q2931MessageType::Release);
    EXPECT_EQ(peer.received[1].cause, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
    EXPECT_EQ(net.a->GetCallReferenceCount(), 0u);
    EXPECT_EQ(net.a->GetVcCount(), 0u);
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, NetworkLowersAnExcessiveUbrPeakRate)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    // 10 Mb/s carries 23584 cells/s.
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 100000));
    CoSchedule(Seconds(1), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    ASSERT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_TRUE(net.ca->granted.modified);
    EXPECT_EQ(net.ca->granted.forward.peakCellRate, 23584u);
    EXPECT_EQ(net.cb->offered.forward.peakCellRate, 23584u);
    net.ExpectEverythingReleased();
}

TEST_F(CallLifecycleTest, AdmissionControlRejectsWhatTheLinkCannotCarry)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    // 23584 cells/s fit on 10 Mb/s: a 15000 call fits once, not twice.
    TestClient second(net.a);
    net.ca->Call(net.b->GetAesa(), Cbr(15000));
    CoSchedule(Seconds(1), [&]() { second.Call(net.b->GetAesa(), Cbr(15000)); });
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(
        second.First("MakeCallComplete").status,
        CoStatus(CoStatusCode::CellRateNotAvailable, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    EXPECT_EQ(net.cb->Count("IncomingCall"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, AdmissionControlHonoursTheAdmissibleFraction)
{
    net.Build();
    net.sw->SetAttribute("AdmissibleFraction", DoubleValue(0.5));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), Cbr(12000)); // more than half of 23584
    Simulator::Run();
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCode(),
              CoStatusCode::CellRateNotAvailable);
    net.ExpectEverythingReleased();
}

TEST_F(CallLifecycleTest, UnknownDestinationHasNoRoute)
{
    net.Build();
    net.ca->Call(AesaAddress::FromString("39" + std::string(38, '7')), Cbr());
    Simulator::Run();
    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::NoRouteToDestination, Q2931Cause::NO_ROUTE_TO_DESTINATION));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, HostWithoutMatchingSapRefusesAsIncompatibleDestination)
{
    net.Build();
    net.ca->Call(net.b->GetAesa(), Cbr());
    Simulator::Run();
    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::NotAccepted, Q2931Cause::INCOMPATIBLE_DESTINATION));
    net.ExpectEverythingReleased();
}

TEST_F(CallLifecycleTest, SilentCalleeExpiresT303TwiceAtTheSwitch)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    // b hears nothing: every frame to it is lost.
    Ptr<RateErrorModel> deaf = CreateObject<RateErrorModel>();
    deaf->SetAttribute("ErrorRate", DoubleValue(1.0));
    deaf->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
    net.b->SetReceiveErrorModel(deaf);
    net.ca->Call(net.b->GetAesa(), Cbr());
    // Between the two SETUPs the switch keeps the contract it sends again.
    CoSchedule(Seconds(5), [&]() { EXPECT_EQ(net.sw->GetSetupCount(), 1u); });
    Simulator::Run();

    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(net.ca->First("MakeCallComplete").status,
              CoStatus(CoStatusCode::DestinationOutOfOrder, Q2931Cause::NO_USER_RESPONDING));
    // The switch sent SETUP a little after 0 s and gave up after 2 x T303 = 8 s.
    EXPECT_GT(net.ca->First("MakeCallComplete").at, Seconds(8));
    EXPECT_LT(net.ca->First("MakeCallComplete").at, Seconds(8.05));
    EXPECT_EQ(net.cb->Count("IncomingCall"), 0u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, PendedAnswerTooLongExpiresT310)
{
    net.Build();
    // b answers a pended offer with CALL PROCEEDING, not ALERTING (after
    // which T301, 3 min, would run instead).
    net.b->SetAttribute("AlertWhenPended", BooleanValue(false));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), Cbr());
    // The client would answer after the switch's T310 (10 s) has cleared the call.
    CoSchedule(Seconds(12), [&]() { EXPECT_FALSE(net.cb->AnswerIfOffered(CoStatus())); });
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(), Q2931Cause::NO_USER_RESPONDING);
    // T310 runs from the CALL PROCEEDING the switch got a few milliseconds
    // in, though the switch's T303 (4 s) was running then and stood in for
    // it: the call clears 10 s after, not 4 s.
    EXPECT_GT(net.ca->First("MakeCallComplete").at, Seconds(10));
    EXPECT_LT(net.ca->First("MakeCallComplete").at, Seconds(10.1));
    // b is told at once that the offered call closed (no answer is due),
    // and the device deletes the VC it created once b acknowledges.
    ASSERT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    EXPECT_GT(net.cb->First("IncomingCloseCall").at, Seconds(10));
    EXPECT_LT(net.cb->First("IncomingCloseCall").at, Seconds(10.1));
    EXPECT_EQ(net.cb->Count("DeleteVc"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, T310ShorterThanT303ClearsTheCallOnItsOwnTime)
{
    // A T310 shorter than what is left of T303 when CALL PROCEEDING comes
    // must replace it, not wait for it.
    net.helper.SetSwitchAttribute("T310", TimeValue(Seconds(1)));
    net.Build();
    net.b->SetAttribute("AlertWhenPended", BooleanValue(false));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(3), [&]() { EXPECT_FALSE(net.cb->AnswerIfOffered(CoStatus())); });
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(), Q2931Cause::NO_USER_RESPONDING);
    EXPECT_GT(net.ca->First("MakeCallComplete").at, Seconds(1));
    EXPECT_LT(net.ca->First("MakeCallComplete").at, Seconds(1.1));
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, DuplicateSapFailsWithInvalidData)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    TestClient other(net.b);
    EXPECT_EQ(other.RegisterOwnSap().GetCode(), CoStatusCode::InvalidData);
    EXPECT_FALSE(other.sap.IsValid());
    // A more specific pattern is a different SAP, and fine.
    CoSapHandle any;
    EXPECT_TRUE(net.b->RegisterSap(other.client, CoSap(net.b->GetAesa(), 152), any).IsSuccess());
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, PendedSapRegistrationCompletesOnceAndFailsForDuplicates)
{
    expectedViolations = 1; // on purpose: see below
    net.helper.SetDeviceAttribute("SapRegistrationDelay", TimeValue(MilliSeconds(50)));
    net.Build();
    TestClient other(net.b);
    EXPECT_EQ(net.cb->RegisterOwnSap().GetCode(), CoStatusCode::Pending);
    EXPECT_EQ(other.RegisterOwnSap().GetCode(), CoStatusCode::Pending);
    Simulator::Run();

    ASSERT_EQ(net.cb->Count("RegisterSapComplete"), 1u);
    EXPECT_TRUE(net.cb->First("RegisterSapComplete").status.IsSuccess());
    EXPECT_EQ(net.cb->First("RegisterSapComplete").at, MilliSeconds(50));
    ASSERT_EQ(other.Count("RegisterSapComplete"), 1u);
    EXPECT_EQ(other.First("RegisterSapComplete").status.GetCode(), CoStatusCode::InvalidData);
    // The failed SAP's handle is invalid from then on.
    EXPECT_EQ(net.b->DeregisterSap(other.sap).GetCode(), CoStatusCode::InvalidData);
    EXPECT_EQ(net.b->GetRuleChecker().GetViolationCount(CoRule::StaleHandle), 1u);
}

TEST_F(CallLifecycleTest, DeregisteredSapNoLongerReceivesCalls)
{
    net.Build();
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    EXPECT_TRUE(net.b->DeregisterSap(net.cb->sap).IsSuccess());
    net.ca->Call(net.b->GetAesa(), Cbr());
    Simulator::Run();
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::INCOMPATIBLE_DESTINATION);
    EXPECT_EQ(net.cb->Count("IncomingCall"), 0u);
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(CallLifecycleTest, FailedCallLeavesTheVcIdleForTheClientToDelete)
{
    net.Build();
    net.ca->deleteVcOnFailure = false;
    net.ca->Call(net.b->GetAesa(), Cbr()); // no SAP on b: fails
    Simulator::Run();
    EXPECT_FALSE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(net.a->GetVcCount(), 1u);
    EXPECT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Idle);
    EXPECT_TRUE(net.a->DeleteVc(net.ca->vc).IsSuccess());
    EXPECT_EQ(net.a->GetVcCount(), 0u);
    EXPECT_EQ(net.Violations(), 0u);
}

} // namespace

namespace
{

/**
 * One switch between two raw Q.2931 peers: each peer is a bare port device
 * on its own node, sending and receiving messages by hand, so a test can
 * answer the switch with any call reference it likes.
 */
class RawPeersTest : public ::testing::Test
{
  protected:
    /// A message a peer received.
    using Received = RawMessage;

    void SetUp() override
    {
        m_switch = MakeSwitchWithRawPeers(m_peers);
        for (uint32_t i = 0; i < 2; ++i)
        {
            RecordSignalling(m_peers[i], m_received[i]);
        }
        m_called = AesaAddress::FromString("47.0005.80ffe1000000f21a2222.0020481a2222.00");
        m_switch->AddRoute(m_called, 104, 1);
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Peer \p i sends a message now.
    void Send(uint32_t i, Q2931MessageType type, uint32_t reference, bool flag)
    {
        Q2931Header m(type, reference, flag);
        if (type == Q2931MessageType::Setup)
        {
            CoCallParameters p = Cbr(100);
            p.calledParty = m_called;
            m.SetCallParameters(p);
        }
        if (type == Q2931MessageType::Release)
        {
            m.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
        }
        ASSERT_TRUE(m_saal[i].Send(m_peers[i], m));
    }

    /// Peer 0 places a call with \p p and the switch passes it on \return the switch's reference
    uint32_t PlaceCall(uint32_t callerReference, CoCallParameters p)
    {
        Q2931Header setup(Q2931MessageType::Setup, callerReference, false);
        p.calledParty = m_called;
        setup.SetCallParameters(p);
        EXPECT_TRUE(m_saal[0].Send(m_peers[0], setup));
        Settle();
        EXPECT_FALSE(m_received[1].empty());
        EXPECT_EQ(m_received[1].back().type, Q2931MessageType::Setup);
        return m_received[1].back().reference;
    }

    /// Peer 1 answers the call with CONNECT carrying \p td.
    void ConnectWith(uint32_t switchReference, const AtmTrafficDescriptorIe& td)
    {
        Q2931Header connect(Q2931MessageType::Connect, switchReference, true);
        connect.SetAtmTrafficDescriptor(td);
        EXPECT_TRUE(m_saal[1].Send(m_peers[1], connect));
        Settle();
    }

    /// Expects both peers to have been sent RELEASE with cause 73, and answers them.
    void ExpectClearedBothWays(uint32_t callerReference, uint32_t switchReference)
    {
        for (uint32_t i : {0, 1})
        {
            ASSERT_FALSE(m_received[i].empty());
            EXPECT_EQ(m_received[i].back().type, Q2931MessageType::Release) << "peer " << i;
            EXPECT_EQ(m_received[i].back().cause, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS)
                << "peer " << i;
        }
        Send(0, Q2931MessageType::ReleaseComplete, callerReference, false);
        Send(1, Q2931MessageType::ReleaseComplete, switchReference, true);
        Settle();
    }

    /// Expects what each port reserves, and never more than it may admit.
    void ExpectReserved(uint64_t port0, uint64_t port1)
    {
        EXPECT_EQ(m_switch->GetReservedCellRate(0), port0);
        EXPECT_EQ(m_switch->GetReservedCellRate(1), port1);
        for (uint32_t p : {0, 1})
        {
            EXPECT_LE(m_switch->GetReservedCellRate(p), m_switch->GetAdmissibleCellRate(p));
        }
    }

    /// Expects the switch to hold nothing of any call.
    void ExpectNothingHeld()
    {
        EXPECT_EQ(m_switch->GetCallCount(), 0u);
        EXPECT_EQ(m_switch->GetSetupCount(), 0u);
        EXPECT_EQ(m_switch->GetCrossConnectCount(), 0u);
        for (uint32_t p : {0, 1})
        {
            EXPECT_EQ(m_switch->GetVciCount(p), 0u);
        }
        ExpectReserved(0, 0);
    }

    /// Runs the simulation for a while (every link is 0 s, the switch 0 s).
    void Settle()
    {
        Simulator::Stop(MilliSeconds(10));
        Simulator::Run();
    }

    /// Places a call from peer 0 and answers it at peer 1 \return the switch's reference
    uint32_t Connect(uint32_t callerReference)
    {
        Send(0, Q2931MessageType::Setup, callerReference, false);
        Settle();
        EXPECT_FALSE(m_received[1].empty());
        Received setup = m_received[1].back(); // a copy: the vector grows below
        EXPECT_EQ(setup.type, Q2931MessageType::Setup);
        EXPECT_FALSE(setup.flag);
        Send(1, Q2931MessageType::Connect, setup.reference, true);
        Settle();
        EXPECT_EQ(m_received[0].back().type, Q2931MessageType::Connect);
        return setup.reference;
    }

    /// Releases the call from peer 0 and completes the release at peer 1.
    void Release(uint32_t callerReference, uint32_t switchReference)
    {
        Send(0, Q2931MessageType::Release, callerReference, false);
        Settle();
        EXPECT_EQ(m_received[1].back().type, Q2931MessageType::Release);
        Send(1, Q2931MessageType::ReleaseComplete, switchReference, true);
        Settle();
        EXPECT_EQ(m_switch->GetCallCount(), 0u);
    }

    Ptr<CoSwitch> m_switch;
    std::array<Ptr<CoPortNetDevice>, 2> m_peers;
    std::array<SaalEndpoint, 2> m_saal;
    std::array<std::vector<Received>, 2> m_received;
    AesaAddress m_called;
};

TEST_F(RawPeersTest, AnAnswerToAnOldCallReferenceIsRefusedAndTheCallGoesOn)
{
    uint32_t first = Connect(7);
    Release(7, first);
    // The next call takes the same slot: a reference of another generation.
    uint32_t second = Connect(8);
    EXPECT_NE(second, first);
    EXPECT_EQ(second & 0xffff, first & 0xffff) << "the slot is in the low 16 bits";

    // A late message for the first call's reference is not taken for the second call.
    std::size_t before = m_received[1].size();
    Send(1, Q2931MessageType::Release, first, true);
    Settle();
    ASSERT_EQ(m_received[1].size(), before + 1);
    EXPECT_EQ(m_received[1].back().type, Q2931MessageType::ReleaseComplete);
    EXPECT_EQ(m_received[1].back().reference, first);
    EXPECT_EQ(m_received[1].back().cause, Q2931Cause::INVALID_CALL_REFERENCE);
    EXPECT_EQ(m_switch->GetCallCount(), 1u);
    EXPECT_EQ(m_switch->GetCrossConnectCount(), 2u);

    // The second call is still whole and releases normally.
    Release(8, second);
    EXPECT_EQ(m_switch->GetVciCount(0), 0u);
    EXPECT_EQ(m_switch->GetVciCount(1), 0u);
}

TEST_F(RawPeersTest, AReferenceNamingASlotThatIsNotInUseIsRefused)
{
    uint32_t reference = Connect(7);
    // Same generation, a slot the switch never used.
    uint32_t stranger = (reference & ~0xffffu) | 0x1234;
    Send(1, Q2931MessageType::Connect, stranger, true);
    Settle();
    EXPECT_EQ(m_received[1].back().type, Q2931MessageType::ReleaseComplete);
    EXPECT_EQ(m_received[1].back().cause, Q2931Cause::INVALID_CALL_REFERENCE);
    EXPECT_EQ(m_switch->GetCallCount(), 1u);
    Release(7, reference);
}

TEST_F(RawPeersTest, AConnectRaisingTheContractIsRefusedBothWays)
{
    CoCallParameters p = Cbr(1000);
    uint32_t reference = PlaceCall(7, p);
    ExpectReserved(1000, 1000);
    AtmTrafficDescriptorIe raised = AtmTrafficDescriptorIe::FromCallParameters(p);
    raised.forwardPcr = 5000;
    ConnectWith(reference, raised);
    // Nothing more reserved, the call cleared, its bandwidth freed.
    ExpectReserved(0, 0);
    EXPECT_EQ(m_switch->GetCrossConnectCount(), 0u);
    ExpectClearedBothWays(7, reference);
    ExpectNothingHeld();
}

TEST_F(RawPeersTest, AConnectLoweringTheContractReleasesTheDifference)
{
    CoCallParameters p = Cbr(1000);
    uint32_t reference = PlaceCall(7, p);
    ExpectReserved(1000, 1000);
    AtmTrafficDescriptorIe lower = AtmTrafficDescriptorIe::FromCallParameters(p);
    lower.forwardPcr = 600;
    lower.backwardPcr = 400;
    ConnectWith(reference, lower);
    // Forward traffic leaves by port 1, backward by port 0.
    ExpectReserved(400, 600);
    ASSERT_EQ(m_received[0].back().type, Q2931MessageType::Connect);
    const AtmTrafficDescriptorIe* told = m_received[0].back().message.GetAtmTrafficDescriptor();
    ASSERT_NE(told, nullptr) << "the caller is told of the lowered contract";
    EXPECT_EQ(told->forwardPcr, 600u);
    EXPECT_EQ(told->backwardPcr, 400u);
    Release(7, reference);
    ExpectNothingHeld();
}

TEST_F(RawPeersTest, AConnectBelowTheCallersMinimumIsRefusedBothWays)
{
    CoCallParameters p = Cbr(1000);
    p.minimumForwardPeakCellRate = 800;
    uint32_t reference = PlaceCall(7, p);
    const MinimumTrafficDescriptorIe* minimum =
        m_received[1].back().message.GetMinimumTrafficDescriptor();
    ASSERT_NE(minimum, nullptr) << "the switch passes the minimum on";
    EXPECT_EQ(minimum->forwardPcr, 800u);
    EXPECT_FALSE(minimum->backwardPcr.has_value());
    ExpectReserved(1000, 1000);
    AtmTrafficDescriptorIe lower = AtmTrafficDescriptorIe::FromCallParameters(p);
    lower.forwardPcr = 500;
    ConnectWith(reference, lower);
    ExpectReserved(0, 0);
    ExpectClearedBothWays(7, reference);
    ExpectNothingHeld();
}

TEST_F(RawPeersTest, AConnectAtTheOfferAndOneWithAnInvalidContractAreTold)
{
    // A CONNECT repeating the offer keeps the reservation as it is...
    CoCallParameters p = Cbr(1000);
    uint32_t first = PlaceCall(7, p);
    ConnectWith(first, AtmTrafficDescriptorIe::FromCallParameters(p));
    ExpectReserved(1000, 1000);
    EXPECT_EQ(m_received[0].back().type, Q2931MessageType::Connect);
    EXPECT_EQ(m_received[0].back().message.GetAtmTrafficDescriptor(), nullptr)
        << "an unchanged contract is not sent back";
    // ...and one that makes no sense (a CBR peak rate of 0) is refused.
    uint32_t second = PlaceCall(8, p);
    ExpectReserved(2000, 2000);
    AtmTrafficDescriptorIe zero = AtmTrafficDescriptorIe::FromCallParameters(p);
    zero.forwardPcr = 0;
    ConnectWith(second, zero);
    ExpectReserved(1000, 1000);
    ExpectClearedBothWays(8, second);
    Release(7, first);
    ExpectNothingHeld();
}

} // namespace

namespace
{

/// RawPeersTest with a switch that takes 1 ms per message, and a link that fails.
class RawPeersFailureTest : public RawPeersTest
{
  protected:
    void SetUp() override
    {
        RawPeersTest::SetUp();
        m_switch->SetAttribute("ProcessingDelay", TimeValue(MilliSeconds(1)));
    }

    /// \return how many messages of \p type peer \p i received
    std::size_t Count(uint32_t i, Q2931MessageType type) const
    {
        return std::count_if(m_received[i].begin(), m_received[i].end(), [type](const Received& r) {
            return r.type == type;
        });
    }

    /// \return the link of peer \p i
    Ptr<CoChannel> Link(uint32_t i) const
    {
        return DynamicCast<CoChannel>(m_peers[i]->GetChannel());
    }
};

TEST_F(RawPeersFailureTest, ASetupWaitingForTheProcessorIsDroppedWhenItsLinkFails)
{
    // Two SETUPs from peer 0 wait for the processor (the first is being
    // served) when peer 0's link fails; a SETUP from peer 1 waits behind them.
    Send(0, Q2931MessageType::Setup, 7, false);
    Send(0, Q2931MessageType::Setup, 8, false);
    Send(1, Q2931MessageType::Setup, 9, false);
    Simulator::Schedule(MicroSeconds(500), &CoChannel::SetLinkUp, Link(0), false);
    Settle();
    // Served after the failure, they would set up calls whose answers back
    // cannot cross: connected at the switch, no timer, never released (the
    // soak's leftover call). Only peer 1's call goes on.
    EXPECT_EQ(Count(1, Q2931MessageType::Setup), 1u) << "a SETUP from the failed link went on";
    EXPECT_EQ(Count(1, Q2931MessageType::CallProceeding), 1u);
    for (const Received& r : m_received[1])
    {
        if (r.type == Q2931MessageType::Setup)
        {
            Send(1, Q2931MessageType::Connect, r.reference, true);
        }
    }
    Settle();
    EXPECT_EQ(m_switch->GetCallCount(), 1u) << "only peer 1's call";
    EXPECT_EQ(m_switch->GetSignallingBacklog(), 0u);
    EXPECT_EQ(m_switch->GetVciCount(0), 0u) << "nothing on the failed link's port";
    EXPECT_EQ(m_switch->GetReservedCellRate(0), 0u);

    // Peer 1 calls itself: its call is released on its one port.
    Send(1, Q2931MessageType::Release, 9, false);
    Settle();
    for (const Received& r : m_received[1])
    {
        if (r.type == Q2931MessageType::Release)
        {
            Send(1, Q2931MessageType::ReleaseComplete, r.reference, true);
        }
    }
    Settle();
    ExpectNothingHeld();

    // The link back, a call across it connects and releases as ever.
    Link(0)->SetLinkUp(true);
    uint32_t reference = Connect(10);
    Release(10, reference);
    ExpectNothingHeld();
}

TEST_F(RawPeersFailureTest, TheMessageBeingServedKeepsTheProcessorBusyWhenItsLinkFails)
{
    // The SETUP from peer 0 is being served (0 to 1 ms) when its link fails:
    // it is not acted on, but the processor stays busy with it, so the
    // SETUP from peer 1 behind it is served at 2 ms, not at 1 ms.
    Send(0, Q2931MessageType::Setup, 7, false);
    Send(1, Q2931MessageType::Setup, 9, false);
    Simulator::Schedule(MicroSeconds(500), &CoChannel::SetLinkUp, Link(0), false);
    Simulator::Stop(MicroSeconds(1900));
    Simulator::Run();
    EXPECT_EQ(Count(1, Q2931MessageType::Setup), 0u) << "served before its time";
    EXPECT_EQ(m_switch->GetSignallingBacklog(), 1u);
    Settle();
    EXPECT_EQ(Count(1, Q2931MessageType::Setup), 1u);
    EXPECT_EQ(m_switch->GetCallCount(), 1u);
    EXPECT_EQ(m_switch->GetVciCount(0), 0u);
}

} // namespace
