/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The rest of the CoNDIS host contract: CloseAddressFamily, a DeregisterSap
 * that pends, the CreateVc / DeleteVc notifications for the VCs the device
 * makes for incoming calls, and the release of an offered call indicated at
 * once. Every test ends with the rule checker's total at zero.
 */

#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

CoCallParameters
Cbr(uint32_t pcr = 1000)
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, pcr);
}

/// The (time, handle, status) of each firing of a completion trace source.
struct Completion
{
    Time at;
    uint32_t handle;
    CoStatus status;
};

class HostContractTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        net.ExpectViolations(0);
        Simulator::Destroy();
    }

    /// Records the device's trace sources named in this file.
    void Watch(Ptr<CoNetDevice> nic)
    {
        nic->TraceConnectWithoutContext("CloseAddressFamilyComplete",
                                        MakeCallback(&HostContractTest::OnClientCompletion, this));
        nic->TraceConnectWithoutContext("DeregisterSapComplete",
                                        MakeCallback(&HostContractTest::OnSapCompletion, this));
        nic->TraceConnectWithoutContext("CreateVc",
                                        MakeCallback(&HostContractTest::OnCreate, this));
        nic->TraceConnectWithoutContext("DeleteVc",
                                        MakeCallback(&HostContractTest::OnDelete, this));
        nic->TraceConnectWithoutContext("IncomingCall",
                                        MakeCallback(&HostContractTest::OnIncoming, this));
        nic->TraceConnectWithoutContext("VcDeactivated",
                                        MakeCallback(&HostContractTest::OnDeactivated, this));
    }

    void OnClientCompletion(CoClientHandle h, CoStatus s)
    {
        closes.push_back({Simulator::Now(), h.GetValue(), s});
    }

    void OnSapCompletion(CoSapHandle h, CoStatus s)
    {
        deregistrations.push_back({Simulator::Now(), h.GetValue(), s});
    }

    void OnCreate(CoVcHandle vc)
    {
        order.push_back("CreateVc " + std::to_string(vc.GetValue()));
    }

    void OnDelete(CoVcHandle vc)
    {
        order.push_back("DeleteVc " + std::to_string(vc.GetValue()));
    }

    void OnIncoming(CoVcHandle vc, const CoCallParameters&)
    {
        order.push_back("IncomingCall " + std::to_string(vc.GetValue()));
    }

    void OnDeactivated(CoVcHandle vc)
    {
        deactivated.push_back({Simulator::Now(), vc.GetValue(), CoStatus()});
    }

    OneSwitchNetwork net;
    std::vector<Completion> closes;          //!< CloseAddressFamilyComplete
    std::vector<Completion> deregistrations; //!< DeregisterSapComplete
    std::vector<Completion> deactivated;     //!< VcDeactivated
    std::vector<std::string> order;          //!< CreateVc, IncomingCall, DeleteVc
    std::unique_ptr<TestClient> second;      //!< another client, when a test needs one
};

TEST_F(HostContractTest, ClosingAnAddressFamilyThatHoldsNothingCompletesAtOnce)
{
    net.Build();
    Watch(net.a);
    EXPECT_TRUE(net.a->CloseAddressFamily(net.ca->client).IsSuccess());
    // Completed at once: traced, but no handler (the return value said it).
    ASSERT_EQ(closes.size(), 1u);
    EXPECT_EQ(closes[0].handle, net.ca->client.GetValue());
    EXPECT_TRUE(closes[0].status.IsSuccess());
    EXPECT_EQ(net.ca->Count("CloseAddressFamilyComplete"), 0u);
}

TEST_F(HostContractTest, ClosingAnAddressFamilyPendsUntilItsCallIsClosedAndItsVcDeleted)
{
    net.Build();
    Watch(net.a);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), Cbr());
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    ASSERT_EQ(net.a->GetCallState(net.ca->vc), CoNetDevice::CallState::Connected);

    CoClientHandle client = net.ca->client;
    EXPECT_TRUE(net.a->CloseAddressFamily(client).IsPending());
    // While it pends: no new VC, no new SAP, and no second close.
    CoVcHandle vc;
    EXPECT_EQ(net.a->CreateVc(client, vc).GetCode(), CoStatusCode::InvalidState);
    CoSapHandle sap;
    EXPECT_EQ(net.a->RegisterSap(client, CoSap(net.a->GetAesa()), sap).GetCode(),
              CoStatusCode::InvalidState);
    EXPECT_EQ(net.a->CloseAddressFamily(client).GetCode(), CoStatusCode::InvalidState);
    // The call still carries data; the client closes it, and deletes its VC
    // in CloseCallComplete (TestClient), which lets the close complete.
    EXPECT_TRUE(net.a->Send(net.ca->vc, Create<Packet>(100)).IsSuccess());
    EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending());
    Simulator::Run();

    ASSERT_EQ(net.ca->Count("CloseAddressFamilyComplete"), 1u);
    EXPECT_TRUE(net.ca->First("CloseAddressFamilyComplete").status.IsSuccess());
    EXPECT_EQ(net.ca->First("CloseAddressFamilyComplete").handle, client.GetValue());
    EXPECT_EQ(net.ca->First("CloseAddressFamilyComplete").at,
              net.ca->First("CloseCallComplete").at);
    ASSERT_EQ(closes.size(), 1u);
    EXPECT_EQ(net.cb->received, (std::vector<uint32_t>{100}));
    net.ExpectEverythingReleased();
}

TEST_F(HostContractTest, ClosingTheCalleesAddressFamilyWaitsForItsSapAndItsOfferedCall)
{
    net.Build();
    Watch(net.b);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(1), [&]() {
        EXPECT_TRUE(net.b->CloseAddressFamily(net.cb->client).IsPending());
        // The SAP goes, but the call offered on it holds its deregistration.
        EXPECT_TRUE(net.b->DeregisterSap(net.cb->sap).IsPending());
    });
    CoSchedule(Seconds(2), [&]() {
        EXPECT_TRUE(net.cb->AnswerIfOffered(
            CoStatus(CoStatusCode::NotAccepted, Q2931Cause::CALL_REJECTED)));
    });
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(), Q2931Cause::CALL_REJECTED);
    // The answer ended the offer: the SAP's deregistration completed, the
    // device deleted the rejected call's VC, and then the close completed.
    ASSERT_EQ(deregistrations.size(), 1u);
    EXPECT_EQ(deregistrations[0].at, Seconds(2));
    EXPECT_EQ(net.cb->Count("DeregisterSapComplete"), 1u);
    EXPECT_EQ(net.cb->Count("DeleteVc"), 1u);
    ASSERT_EQ(net.cb->Count("CloseAddressFamilyComplete"), 1u);
    EXPECT_EQ(net.cb->First("CloseAddressFamilyComplete").at, Seconds(2));
    net.ExpectEverythingReleased();
}

TEST_F(HostContractTest, ADeregistrationPendsForItsDelayAndTheSapMatchesNothingMeanwhile)
{
    net.helper.SetDeviceAttribute("SapDeregistrationDelay", TimeValue(MilliSeconds(50)));
    net.Build();
    Watch(net.b);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    CoSapHandle sap = net.cb->sap;
    EXPECT_TRUE(net.b->DeregisterSap(sap).IsPending());
    EXPECT_EQ(net.b->DeregisterSap(sap).GetCode(), CoStatusCode::InvalidState); // pends already
    net.ca->Call(net.b->GetAesa(), Cbr()); // reaches b within the delay
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::INCOMPATIBLE_DESTINATION);
    EXPECT_LT(net.ca->First("MakeCallComplete").at, MilliSeconds(50));
    EXPECT_EQ(net.cb->Count("IncomingCall"), 0u);
    ASSERT_EQ(net.cb->Count("DeregisterSapComplete"), 1u);
    EXPECT_EQ(net.cb->First("DeregisterSapComplete").at, MilliSeconds(50));
    EXPECT_TRUE(net.cb->First("DeregisterSapComplete").status.IsSuccess());
    ASSERT_EQ(deregistrations.size(), 1u);
    EXPECT_EQ(deregistrations[0].handle, sap.GetValue());
    // Completed, the SAP may be registered again.
    EXPECT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ExpectEverythingReleased();
}

TEST_F(HostContractTest, AnImmediateDeregistrationIsTracedWithoutTheHandler)
{
    net.Build();
    Watch(net.b);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    EXPECT_TRUE(net.b->DeregisterSap(net.cb->sap).IsSuccess());
    ASSERT_EQ(deregistrations.size(), 1u);
    EXPECT_EQ(net.cb->Count("DeregisterSapComplete"), 0u);
}

TEST_F(HostContractTest, TheDevicesVcIsAnnouncedBeforeTheCallAndDeletedAfterIt)
{
    net.Build();
    Watch(net.b);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoSchedule(Seconds(1), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();

    std::string vc = std::to_string(net.cb->incomingVc.GetValue());
    EXPECT_EQ(order,
              (std::vector<std::string>{"CreateVc " + vc, "IncomingCall " + vc, "DeleteVc " + vc}));
    ASSERT_EQ(net.cb->Count("CreateVc"), 1u);
    EXPECT_EQ(net.cb->First("CreateVc").handle, net.cb->incomingVc.GetValue());
    ASSERT_EQ(net.cb->Count("DeleteVc"), 1u);
    // Deleted once the client acknowledged the close, and no sooner.
    EXPECT_EQ(net.cb->First("DeleteVc").at, net.cb->First("IncomingCloseCall").at);
    EXPECT_EQ(net.b->GetCallState(net.cb->incomingVc), CoNetDevice::CallState::Idle);
    // The caller's VC is its own: no notification on a.
    EXPECT_EQ(net.ca->Count("CreateVc") + net.ca->Count("DeleteVc"), 0u);
    net.ExpectEverythingReleased();
}

TEST_F(HostContractTest, AClientThatWillNotTakeTheVcRefusesTheCall)
{
    net.Build();
    Watch(net.b);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->takeVcs = CoStatus(CoStatusCode::Resources);
    net.ca->Call(net.b->GetAesa(), Cbr());
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::RESOURCES_UNAVAILABLE);
    EXPECT_EQ(net.cb->Count("CreateVc"), 1u);
    EXPECT_EQ(net.cb->Count("IncomingCall"), 0u);
    EXPECT_EQ(net.cb->Count("DeleteVc"), 0u); // it never had the VC
    EXPECT_TRUE(order.empty());               // nor was it traced as taken
    net.ExpectEverythingReleased();
}

TEST_F(HostContractTest, AReleasedOfferIsIndicatedAtOnceAndItsVciIsFreeForTheNextCall)
{
    // One VCI per port, so that the next call to b gets the same VCI.
    net.helper.SetSwitchAttribute("MinVci", UintegerValue(32));
    net.helper.SetSwitchAttribute("MaxVci", UintegerValue(32));
    net.helper.SetSwitchAttribute("T301", TimeValue(Seconds(1)));
    net.Build();
    Watch(net.b);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.cb->answer = TestClient::Answer::Pend;
    net.cb->closeOnIncomingClose = false; // b's client acknowledges late
    net.ca->Call(net.b->GetAesa(), Cbr());
    CoVcHandle first;
    CoSchedule(Seconds(1.5), [&]() {
        first = net.cb->incomingVc;
        // b alerted; released at the switch's T301 and indicated at once, VC
        // deactivated.
        ASSERT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
        EXPECT_LT(net.cb->First("IncomingCloseCall").at, Seconds(1.1));
        EXPECT_EQ(net.b->GetCallState(first), CoNetDevice::CallState::RemotelyClosed);
        ASSERT_EQ(deactivated.size(), 1u);
        EXPECT_EQ(deactivated[0].at, net.cb->First("IncomingCloseCall").at);
        EXPECT_FALSE(net.cb->AnswerIfOffered(CoStatus())); // no answer is due
        // A second call to b: the switch gives it the same VCI, which b no
        // longer holds, though its client has not acknowledged the close.
        net.cb->answer = TestClient::Answer::Accept;
        second = std::make_unique<TestClient>(net.a);
        second->Call(net.b->GetAesa(), Cbr());
        CoSchedule(Seconds(1), [&]() {
            ASSERT_EQ(second->Count("MakeCallComplete"), 1u);
            EXPECT_TRUE(second->First("MakeCallComplete").status.IsSuccess());
            EXPECT_EQ(net.b->GetCallState(net.cb->incomingVc), CoNetDevice::CallState::Connected);
            // Now b's client acknowledges the first close, and the device
            // deletes that VC; then the second call ends.
            EXPECT_TRUE(net.b->CloseCall(first).IsSuccess());
            EXPECT_EQ(net.b->GetCallState(first), CoNetDevice::CallState::Idle);
            net.cb->closeOnIncomingClose = true;
            EXPECT_TRUE(net.a->CloseCall(second->vc).IsPending());
        });
    });
    Simulator::Run();

    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(), Q2931Cause::NO_ANSWER_FROM_USER);
    EXPECT_EQ(net.cb->Count("IncomingCall"), 2u);
    EXPECT_EQ(net.cb->Count("DeleteVc"), 2u);
    net.ExpectEverythingReleased();
}

} // namespace
