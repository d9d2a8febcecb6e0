/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Crankback: a call refused for want of bandwidth at an interior switch is
 * sent back to the switch that chose the route, which tries the next one.
 *
 *            +--- s2 ---+          a on s1, b on s4; s1 prefers s2 (cost 1)
 *   a --- s1            s4 --- b   over s3 (cost 2); s2--s4 is too slow for
 *            +--- s3 ---+          the call, so s2 refuses it with cause 37.
 */

#include "co-test-network.h"

#include "ns3/boolean.h"
#include "ns3/co-call-recorder.h"
#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// The diamond, built by hand with the CoHelper's link primitives.
class Diamond
{
  public:
    /// \param crankback whether switches crank back
    /// \param slowFirstHop make s1--s2 the slow link instead of s2--s4
    explicit Diamond(bool crankback, bool slowFirstHop = false)
    {
        helper.SetChannelAttribute("DataRate", StringValue("10Mbps"));
        helper.SetChannelAttribute("Delay", StringValue("1ms"));
        helper.SetSwitchAttribute("Crankback", BooleanValue(crankback));
        hosts.Create(2);
        switchNodes.Create(4);
        for (uint32_t i = 0; i < 4; ++i)
        {
            sw[i] = helper.InstallSwitch(switchNodes.Get(i));
        }
        a = helper.InstallHost(hosts.Get(0), switchNodes.Get(0)); // port 0 of s1
        b = helper.InstallHost(hosts.Get(1), switchNodes.Get(3)); // port 0 of s4
        Link(0, 1, slowFirstHop ? "1Mbps" : "10Mbps");            // s1 port 1 -- s2 port 0
        Link(0, 2, "10Mbps");                                     // s1 port 2 -- s3 port 0
        Link(1, 3, slowFirstHop ? "10Mbps" : "1Mbps");            // s2 port 1 -- s4 port 1
        Link(2, 3, "10Mbps");                                     // s3 port 1 -- s4 port 2
        const AesaAddress s4 = sw[3]->GetPrefix();
        const AesaAddress s1 = sw[0]->GetPrefix();
        sw[0]->AddRoute(s4, 104, 1, 1); // via s2: best
        sw[0]->AddRoute(s4, 104, 2, 2); // via s3: the alternate
        sw[1]->AddRoute(s4, 104, 1);
        sw[2]->AddRoute(s4, 104, 1);
        sw[1]->AddRoute(s1, 104, 0);
        sw[2]->AddRoute(s1, 104, 0);
        sw[3]->AddRoute(s1, 104, 1, 1);
        sw[3]->AddRoute(s1, 104, 2, 2);
        ca = std::make_unique<TestClient>(a);
        cb = std::make_unique<TestClient>(b);
        for (uint32_t i = 0; i < 4; ++i)
        {
            sw[i]->TraceConnectWithoutContext("Crankback",
                                              MakeCallback(&Diamond::OnCrankback, this));
            sw[i]->TraceConnectWithoutContext("CallRouted",
                                              MakeCallback(&Diamond::OnRouted, this).Bind(i));
        }
    }

    void Link(uint32_t x, uint32_t y, const std::string& rate)
    {
        helper.SetChannelAttribute("DataRate", StringValue(rate));
        NetDeviceContainer d = helper.InstallLink(switchNodes.Get(x),
                                                  CoPortNetDevice::InterfaceSide::Network,
                                                  switchNodes.Get(y),
                                                  CoPortNetDevice::InterfaceSide::Network);
        sw[x]->AddPort(DynamicCast<CoPortNetDevice>(d.Get(0)));
        sw[y]->AddPort(DynamicCast<CoPortNetDevice>(d.Get(1)));
        helper.SetChannelAttribute("DataRate", StringValue("10Mbps"));
    }

    void OnCrankback(uint64_t callId, uint32_t /* port */, uint8_t cause)
    {
        crankbacks.push_back(cause);
        lastCallId = callId;
    }

    void OnRouted(uint32_t which, uint64_t callId, uint32_t /* in */, uint32_t /* out */)
    {
        path.push_back(which);
        lastCallId = callId;
    }

    void ExpectNothingHeld() const
    {
        for (uint32_t i = 0; i < 4; ++i)
        {
            EXPECT_EQ(sw[i]->GetCallCount(), 0u) << "s" << i + 1;
            EXPECT_EQ(sw[i]->GetCrossConnectCount(), 0u) << "s" << i + 1;
            for (uint32_t p = 0; p < sw[i]->GetNPorts(); ++p)
            {
                EXPECT_EQ(sw[i]->GetReservedCellRate(p), 0u) << "s" << i + 1 << " port " << p;
                EXPECT_EQ(sw[i]->GetVciCount(p), 0u) << "s" << i + 1 << " port " << p;
            }
        }
    }

    CoHelper helper;
    NodeContainer hosts;
    NodeContainer switchNodes;
    Ptr<CoSwitch> sw[4];
    Ptr<CoNetDevice> a;
    Ptr<CoNetDevice> b;
    std::unique_ptr<TestClient> ca;
    std::unique_ptr<TestClient> cb;
    std::vector<uint8_t> crankbacks; //!< causes, in order
    std::vector<uint32_t> path;      //!< switches that routed the call, in order
    uint64_t lastCallId = 0;
};

/// 1 Mb/s carries 2358 cells/s: a 5000 cells/s CBR call fits 10 Mb/s only.
CoCallParameters
BigCall()
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, 5000);
}

TEST(CoCrankbackTest, InteriorRefusalIsCrankedBackToTheAlternateRoute)
{
    Diamond net(true);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), BigCall());
    uint64_t callId = 0;
    CoSchedule(Seconds(1), [&]() {
        callId = net.a->GetCallId(net.ca->vc);
        EXPECT_EQ(net.sw[2]->GetCrossConnectCount(), 2u); // through s3
        EXPECT_EQ(net.sw[1]->GetCallCount(), 0u);         // nothing left at s2
        net.a->CloseCall(net.ca->vc);
    });
    Simulator::Run();

    ASSERT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(net.crankbacks, std::vector<uint8_t>{Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE});
    // s1 routed it to s2, which refused; s1 routed it again, to s3; then s4.
    EXPECT_EQ(net.path, (std::vector<uint32_t>{0, 0, 2, 3}));
    EXPECT_NE(callId, 0u);
    EXPECT_EQ(net.lastCallId, callId); // every switch saw the caller's call id
    net.ExpectNothingHeld();
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount() +
                  net.b->GetRuleChecker().GetViolationCount(),
              0u);
    Simulator::Destroy();
}

TEST(CoCrankbackTest, WithoutCrankbackTheRefusalReachesTheCaller)
{
    Diamond net(false);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), BigCall());
    Simulator::Run();
    EXPECT_EQ(
        net.ca->First("MakeCallComplete").status,
        CoStatus(CoStatusCode::CellRateNotAvailable, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    EXPECT_TRUE(net.crankbacks.empty());
    net.ExpectNothingHeld();
    Simulator::Destroy();
}

TEST(CoCrankbackTest, LocalRefusalTriesTheNextPortAtOnce)
{
    // s1--s2 itself is too slow: s1 refuses the best route locally and goes
    // straight to s3, without a message to s2.
    Diamond net(true, true);
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), BigCall());
    CoSchedule(Seconds(1), [&]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(net.crankbacks, std::vector<uint8_t>{Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE});
    EXPECT_EQ(net.path, (std::vector<uint32_t>{0, 2, 3}));
    net.ExpectNothingHeld();
    Simulator::Destroy();
}

TEST(CoCrankbackTest, EveryRouteRefusingReleasesWithTheCause)
{
    Diamond net(true);
    net.sw[2]->SetAttribute("AdmissibleFraction", DoubleValue(0.01)); // s3 takes almost nothing
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), BigCall());
    Simulator::Run();
    EXPECT_EQ(net.ca->First("MakeCallComplete").status.GetCause(),
              Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE);
    EXPECT_EQ(net.crankbacks.size(), 2u); // from s2, then from s3
    net.ExpectNothingHeld();
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
    Simulator::Destroy();
}

/**
 * A multipoint root on the diamond: host a calls host c, which hangs off s1
 * as a does, then adds b on s4. The add opens a branch out of s1 toward s2
 * (the best route), whose SETUP s2 refuses: s2--s4 is too slow (cause 37).
 */
class MultipointDiamond : public ::testing::Test
{
  protected:
    void Run(bool crankback)
    {
        net = std::make_unique<Diamond>(crankback);
        c = net->helper.InstallHost(CreateObject<Node>(), net->switchNodes.Get(0));
        cc = std::make_unique<TestClient>(c);
        ASSERT_TRUE(cc->RegisterOwnSap().IsSuccess());
        ASSERT_TRUE(net->cb->RegisterOwnSap().IsSuccess());
        CoClientHandlers h;
        h.makeCallComplete = CoCallback<void, CoStatus, CoVcHandle, const CoCallParameters&>(
            [this](CoStatus s, CoVcHandle, const CoCallParameters&) { made = s; });
        h.addPartyComplete = CoCallback<void, CoStatus, CoPartyHandle, const CoCallParameters&>(
            [this](CoStatus s, CoPartyHandle, const CoCallParameters&) { added.push_back(s); });
        h.dropPartyComplete = CoCallback<void, CoStatus, CoPartyHandle>(
            [](CoStatus s, CoPartyHandle) { EXPECT_TRUE(s.IsSuccess()) << s; });
        h.closeCallComplete = CoCallback<void, CoStatus, CoVcHandle>(
            [this](CoStatus, CoVcHandle v) { EXPECT_TRUE(net->a->DeleteVc(v).IsSuccess()); });
        CoClientHandle client = net->a->OpenAddressFamily(h);
        ASSERT_TRUE(net->a->CreateVc(client, vc).IsSuccess());
        CoCallParameters p = OneWay(c->GetAesa());
        p.forward = BigCall().forward; // 5000 cells/s: more than s2--s4 carries
        ASSERT_TRUE(net->a->MakeCall(vc, p, first).IsPending());
        CoSchedule(Seconds(0.5), [this, p] {
            CoCallParameters toB = p;
            toB.calledParty = net->b->GetAesa();
            EXPECT_TRUE(net->a->AddParty(vc, toB, second).IsPending());
        });
        CoSchedule(Seconds(1), [this] {
            viaS3 = net->sw[2]->GetCrossConnectCount();
            atS2 = net->sw[1]->GetCallCount();
            if (net->a->GetPartyState(second) == CoNetDevice::PartyState::Active)
            {
                EXPECT_TRUE(net->a->DropParty(second).IsPending());
            }
        });
        CoSchedule(Seconds(1.5), [this] { EXPECT_TRUE(net->a->CloseCall(vc, first).IsPending()); });
        Simulator::Run();
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    std::unique_ptr<Diamond> net;
    Ptr<CoNetDevice> c;
    std::unique_ptr<TestClient> cc;
    CoVcHandle vc;
    CoPartyHandle first;
    CoPartyHandle second;
    CoStatus made = CoStatus(CoStatusCode::Failure);
    std::vector<CoStatus> added;
    std::size_t viaS3 = 0;
    std::size_t atS2 = 0;
};

TEST_F(MultipointDiamond, ANewBranchRefusedBeyondTheNextSwitchIsCrankedBack)
{
    Run(true);
    ASSERT_TRUE(made.IsSuccess()) << made;
    ASSERT_EQ(added.size(), 1u) << "AddPartyComplete exactly once";
    EXPECT_TRUE(added[0].IsSuccess()) << added[0];
    EXPECT_EQ(net->crankbacks, std::vector<uint8_t>{Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE});
    EXPECT_EQ(viaS3, 1u) << "the branch went on through s3 (one way: one cross-connect)";
    EXPECT_EQ(atS2, 0u) << "nothing left at s2";
    EXPECT_EQ(net->cb->Count("IncomingCall"), 1u) << "b was called once, by way of s3";
    net->ExpectNothingHeld();
    EXPECT_EQ(net->sw[0]->GetMultipointCallCount(), 0u);
    EXPECT_EQ(net->sw[0]->GetBranchCount(), 0u);
    for (Ptr<CoNetDevice> d : {net->a, net->b, c})
    {
        d->EndOfRun();
        EXPECT_EQ(d->GetRuleChecker().GetViolationCount(), 0u);
    }
}

TEST_F(MultipointDiamond, WithoutCrankbackTheNewBranchsRefusalReachesTheRoot)
{
    Run(false);
    ASSERT_TRUE(made.IsSuccess()) << made;
    ASSERT_EQ(added.size(), 1u);
    EXPECT_EQ(added[0].GetCause(), Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE) << added[0];
    EXPECT_TRUE(net->crankbacks.empty());
    EXPECT_EQ(viaS3, 0u);
    EXPECT_EQ(net->cb->Count("IncomingCall"), 0u);
    net->ExpectNothingHeld();
    for (Ptr<CoNetDevice> d : {net->a, net->b, c})
    {
        d->EndOfRun();
        EXPECT_EQ(d->GetRuleChecker().GetViolationCount(), 0u);
    }
}

TEST(CoCallRecorderTest, RecordsThePathTakenCrankbacksAndTimes)
{
    Diamond net(true);
    Ptr<CoCallRecorder> recorder = CreateObject<CoCallRecorder>();
    recorder->WatchAll();
    std::vector<uint64_t> traced;
    recorder->TraceConnectWithoutContext(
        "CallRecord",
        MakeCallback(+[](std::vector<uint64_t>* t, const CoCallRecord& r) {
            t->push_back(r.callId);
        }).Bind(&traced));
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), BigCall());
    CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
    // A second call that cannot be placed: b has no SAP for this selector.
    TestClient other(net.a);
    CoSchedule(Seconds(3), [&]() {
        other.Call(AesaAddress::Compose(net.sw[3]->GetPrefix(), net.hosts.Get(1)->GetId(), 9),
                   CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0));
    });
    Simulator::Run();
    recorder->Finish();

    const std::vector<CoCallRecord>& records = recorder->GetRecords();
    ASSERT_EQ(records.size(), 2u);
    const CoCallRecord& r = records[0];
    EXPECT_EQ(r.caller, net.a->GetAesa());
    EXPECT_EQ(r.callee, net.b->GetAesa());
    // Switch nodes were created after the two hosts: s1 is node 2, s3 node 4, s4 node 5.
    EXPECT_EQ(r.path, (std::vector<uint32_t>{2, 4, 5}));
    EXPECT_EQ(r.GetHops(), 4u);
    EXPECT_EQ(r.crankbacks, 1u);
    EXPECT_TRUE(r.outcome.IsSuccess());
    EXPECT_GT(r.setupLatency, MilliSeconds(4)); // four 1 ms links at least, plus the detour
    // Connected until CloseCall at 2 s, plus the RELEASE round trip to s1.
    EXPECT_GT(r.holdingTime, Seconds(2) - r.setupLatency);
    EXPECT_LT(r.holdingTime, Seconds(2) - r.setupLatency + MilliSeconds(5));
    EXPECT_EQ(records[1].outcome.GetCause(), Q2931Cause::INCOMPATIBLE_DESTINATION);
    EXPECT_TRUE(records[1].holdingTime.IsNegative());
    EXPECT_EQ(traced, (std::vector<uint64_t>{r.callId, records[1].callId}));

    CoCallSummary summary = recorder->Summarize();
    EXPECT_EQ(summary.calls, 2u);
    EXPECT_EQ(summary.connected, 1u);
    EXPECT_DOUBLE_EQ(summary.blockingProbability, 0.5);
    EXPECT_EQ(summary.p50SetupLatency, r.setupLatency);
    EXPECT_EQ(summary.crankbacks, 1u);

    std::ostringstream csv;
    recorder->WriteCsv(csv);
    std::string text = csv.str();
    EXPECT_EQ(text.substr(0, text.find('\n')), CoCallRecord::GetCsvHeader());
    EXPECT_NE(text.find(",Success,0,4,2 4 5,1,"), std::string::npos) << text;
    EXPECT_NE(text.find(",NotAccepted,88,"), std::string::npos) << text;
    Simulator::Destroy();
}

} // namespace
