/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The client applications (call generator, SAP server) and their helper,
 * driving real calls through one switch: what they count and trace, that
 * every call ends cleanly, and that bad configurations are fatal errors
 * that say what is wrong.
 */

#include "co-test-network.h"

#include "ns3/co-application-helper.h"
#include "ns3/co-call-generator-application.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-sap-server-application.h"
#include "ns3/co-traffic-source.h"
#include "ns3/double.h"
#include "ns3/pointer.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// \return a RandomVariableStream attribute value that always gives \p seconds
StringValue
Constant(double seconds)
{
    return StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(seconds) + "]");
}

/// What the generators' trace sources reported.
struct CallLog
{
    std::vector<Time> attempts;         //!< when each call was placed
    std::vector<AesaAddress> called;    //!< whom each call was for
    std::vector<Time> latencies;        //!< setup latency of each connected call
    std::vector<CoStatus> failures;     //!< status of each failed call
    std::vector<Time> holdingTimes;     //!< holding time of each released call
    uint64_t connectedNow = 0;          //!< calls set up and not yet released
    uint64_t mostConnected = 0;         //!< the most connectedNow ever was
    std::function<void()> onSetup = {}; //!< runs at each setup, after counting

    /// Connects to every call trace source of a generator.
    void Watch(Ptr<Application> app)
    {
        app->TraceConnectWithoutContext("CallAttempt", MakeCallback(&CallLog::Attempt, this));
        app->TraceConnectWithoutContext("CallSetup", MakeCallback(&CallLog::Setup, this));
        app->TraceConnectWithoutContext("CallFailed", MakeCallback(&CallLog::Failed, this));
        app->TraceConnectWithoutContext("CallReleased", MakeCallback(&CallLog::Released, this));
    }

    void Attempt(CoVcHandle, const CoCallParameters& p)
    {
        attempts.push_back(Simulator::Now());
        called.push_back(p.calledParty);
    }

    void Setup(CoVcHandle, Time latency, const CoCallParameters&)
    {
        latencies.push_back(latency);
        mostConnected = std::max(mostConnected, ++connectedNow);
        if (onSetup)
        {
            onSetup();
        }
    }

    void Failed(CoVcHandle, CoStatus status)
    {
        failures.push_back(status);
    }

    void Released(CoVcHandle, Time holding)
    {
        holdingTimes.push_back(holding);
        --connectedNow;
    }
};

class ApplicationsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// A helper for generators on host a calling host b, each holding its calls \p holding s.
    CoApplicationHelper Generators(uint64_t maxCalls, double holding) const
    {
        CoApplicationHelper h("ns3::CoCallGeneratorApplication");
        h.SetAttribute("Destination", AesaAddressValue(net.b->GetAesa()));
        h.SetAttribute("MaxCalls", UintegerValue(maxCalls));
        h.SetAttribute("HoldingTime", Constant(holding));
        return h;
    }

    /// Installs a generator made by \p h on host a and watches it.
    Ptr<CoCallGeneratorApplication> InstallGenerator(const CoApplicationHelper& h)
    {
        Ptr<Application> app = h.Install(net.hosts.Get(0)).Get(0);
        log.Watch(app);
        return DynamicCast<CoCallGeneratorApplication>(app);
    }

    /// Installs a server made by \p h on host b.
    Ptr<CoSapServerApplication> InstallServer(const CoApplicationHelper& h)
    {
        return DynamicCast<CoSapServerApplication>(h.Install(net.hosts.Get(1)).Get(0));
    }

    /// Installs a server on host b with default attributes.
    Ptr<CoSapServerApplication> InstallServer()
    {
        return InstallServer(CoApplicationHelper("ns3::CoSapServerApplication"));
    }

    OneSwitchNetwork net; //!< hosts a (callers) and b (callee) on one switch
    CallLog log;          //!< what the generators on a reported
};

TEST_F(ApplicationsTest, EveryCallConnectsCarriesItsTrafficAndIsReleased)
{
    const uint64_t calls = 5;
    const double holding = 3;
    const Time interval = MilliSeconds(250);
    const uint32_t size = 200;
    CoApplicationHelper h = Generators(calls, holding);
    h.SetAttribute("PacketInterval", TimeValue(interval));
    h.SetAttribute("PacketSize", UintegerValue(size));
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    Ptr<CoSapServerApplication> server = InstallServer();
    Simulator::Run();

    // SDUs at 0, 0.25, ..., 2.75 s into each call: holding / interval of them.
    const uint64_t perCall = Seconds(holding).GetInteger() / interval.GetInteger();
    EXPECT_EQ(perCall, 12u);
    EXPECT_EQ(gen->GetAttemptedCount(), calls);
    EXPECT_EQ(gen->GetConnectedCount(), calls);
    EXPECT_EQ(gen->GetFailedCount(), 0u);
    EXPECT_EQ(gen->GetReleasedCount(), calls);
    EXPECT_EQ(gen->GetActiveCallCount(), 0u);
    EXPECT_EQ(gen->GetTxPackets(), calls * perCall);
    EXPECT_EQ(gen->GetTxBytes(), calls * perCall * size);
    EXPECT_EQ(gen->GetTxFailures(), 0u);
    EXPECT_EQ(server->GetOfferedCount(), calls);
    EXPECT_EQ(server->GetAcceptedCount(), calls);
    EXPECT_EQ(server->GetConnectedCount(), calls);
    EXPECT_EQ(server->GetClosedCount(), calls);
    EXPECT_EQ(server->GetRxPackets(), calls * perCall);
    EXPECT_EQ(server->GetRxBytes(), calls * perCall * size);
    EXPECT_EQ(server->GetEchoedPackets(), 0u);
    EXPECT_EQ(gen->GetRxPackets(), 0u);
    ASSERT_EQ(log.holdingTimes.size(), calls);
    for (Time t : log.holdingTimes)
    {
        EXPECT_EQ(t, Seconds(holding));
    }
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, EachCallCarriesItsOwnCopyOfTheTrafficSource)
{
    const uint64_t calls = 5;
    const double holding = 3;
    const uint32_t size = 200;
    CoApplicationHelper h = Generators(calls, holding);
    // Calls every second, held 3 s: up to three at once, each with its own sender.
    h.SetAttribute("InterArrivalTime", Constant(1));
    Ptr<CoCbrSource> source = CreateObject<CoCbrSource>();
    source->SetAttribute("Interval", TimeValue(MilliSeconds(250)));
    source->SetAttribute("PacketSize", UintegerValue(size));
    h.SetAttribute("TrafficSource", PointerValue(source));
    h.SetAttribute("PacketInterval", TimeValue(MilliSeconds(1))); // ignored: the source rules
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    Ptr<CoSapServerApplication> server = InstallServer();
    std::map<CoVcHandle, std::vector<Time>> sent;
    gen->TraceConnectWithoutContext(
        "Tx",
        CoCallback<void, Ptr<const Packet>, CoVcHandle>(
            [&sent](Ptr<const Packet>, CoVcHandle vc) { sent[vc].push_back(Simulator::Now()); }));
    std::map<CoVcHandle, Time> connectedAt;
    gen->TraceConnectWithoutContext(
        "CallSetup",
        CoCallback<void, CoVcHandle, Time, const CoCallParameters&>(
            [&connectedAt](CoVcHandle vc, Time, const CoCallParameters&) {
                connectedAt[vc] = Simulator::Now();
            }));
    uint64_t mostSenders = 0;
    log.onSetup = [&]() {
        // CallSetup fires as the call connects; its sender starts right after.
        CoScheduleNow([&]() {
            // A call closing (its sender stopped) counts until released.
            EXPECT_LE(gen->GetTrafficSenderCount(), log.connectedNow);
            EXPECT_GE(gen->GetTrafficSenderCount(), 1u);
            mostSenders = std::max<uint64_t>(mostSenders, gen->GetTrafficSenderCount());
        });
    };
    Simulator::Run();

    // Each call: frames at 0, 0.25, ..., 2.75 s after it connected, none after.
    EXPECT_EQ(gen->GetConnectedCount(), calls);
    EXPECT_EQ(gen->GetReleasedCount(), calls);
    ASSERT_EQ(sent.size(), calls);
    for (const auto& [vc, times] : sent)
    {
        ASSERT_EQ(times.size(), 12u) << "VC " << vc;
        EXPECT_EQ(times.front(), connectedAt[vc]);
        EXPECT_LT(times.back(), connectedAt[vc] + Seconds(holding));
    }
    EXPECT_EQ(mostSenders, 3u);
    EXPECT_EQ(gen->GetTrafficSenderCount(), 0u);
    EXPECT_EQ(gen->GetActiveCallCount(), 0u);
    EXPECT_EQ(gen->GetTxPackets(), calls * 12);
    EXPECT_EQ(gen->GetTxBytes(), calls * 12 * size);
    EXPECT_EQ(gen->GetTxFailures(), 0u);
    EXPECT_EQ(server->GetRxPackets(), calls * 12);
    EXPECT_EQ(server->GetRxBytes(), calls * 12 * size);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, TheCalleesReleaseStopsTheCallsSender)
{
    // The callee is a scripted client that hangs up after one second.
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    CoApplicationHelper h = Generators(1, 100);
    Ptr<CoPoissonSource> source = CreateObject<CoPoissonSource>();
    source->SetAttribute("FrameRate", DoubleValue(1000));
    h.SetAttribute("TrafficSource", PointerValue(source));
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    Time closedAt;
    log.onSetup = [&]() {
        CoSchedule(Seconds(1), [&]() {
            EXPECT_EQ(gen->GetTrafficSenderCount(), 1u);
            EXPECT_GT(gen->GetTxPackets(), 800u); // about 1,000
            closedAt = Simulator::Now();
            EXPECT_EQ(net.b->CloseCall(net.cb->incomingVc).GetCode(), CoStatusCode::Pending);
        });
    };
    Time lastSent;
    gen->TraceConnectWithoutContext(
        "Tx",
        CoCallback<void, Ptr<const Packet>, CoVcHandle>(
            [&lastSent](Ptr<const Packet>, CoVcHandle) { lastSent = Simulator::Now(); }));
    Simulator::Run();

    EXPECT_EQ(gen->GetReleasedCount(), 1u);
    EXPECT_EQ(gen->GetTrafficSenderCount(), 0u);
    EXPECT_EQ(gen->GetTxFailures(), 0u);
    // Nothing after the release reached the caller (a few ms after the hang-up),
    // and nothing kept the run going to the holding time.
    EXPECT_LT(lastSent, closedAt + MilliSeconds(10));
    EXPECT_LT(Simulator::Now(), Seconds(10));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, RejectingServerFailsEveryCallWithItsCause)
{
    const uint64_t calls = 4;
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(Generators(calls, 1));
    CoApplicationHelper s("ns3::CoSapServerApplication");
    s.SetAttribute("Answer", StringValue("Reject"));
    Ptr<CoSapServerApplication> server = InstallServer(s);
    Simulator::Run();

    const CoStatus rejected(CoStatusCode::NotAccepted, Q2931Cause::CALL_REJECTED);
    EXPECT_EQ(gen->GetAttemptedCount(), calls);
    EXPECT_EQ(gen->GetConnectedCount(), 0u);
    EXPECT_EQ(gen->GetFailedCount(), calls);
    EXPECT_EQ(gen->GetFailedCount(Q2931Cause::CALL_REJECTED), calls);
    EXPECT_EQ(gen->GetActiveCallCount(), 0u);
    EXPECT_EQ(log.failures, std::vector<CoStatus>(calls, rejected));
    EXPECT_EQ(server->GetOfferedCount(), calls);
    EXPECT_EQ(server->GetRejectedCount(), calls);
    EXPECT_EQ(server->GetAcceptedCount(), 0u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, RejectCauseIsConfigurable)
{
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(Generators(2, 1));
    CoApplicationHelper s("ns3::CoSapServerApplication");
    s.SetAttribute("Answer", StringValue("Reject"));
    s.SetAttribute("RejectCause", UintegerValue(Q2931Cause::USER_BUSY));
    InstallServer(s);
    Simulator::Run();

    EXPECT_EQ(gen->GetFailedCount(Q2931Cause::USER_BUSY), 2u);
    EXPECT_EQ(log.failures,
              std::vector<CoStatus>(2, CoStatus(CoStatusCode::NotAccepted, Q2931Cause::USER_BUSY)));
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, PendedAnswerDelaysSetupByTheAnswerDelay)
{
    const uint64_t calls = 3;
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(Generators(calls, 1));
    CoApplicationHelper s("ns3::CoSapServerApplication");
    s.SetAttribute("Answer", StringValue("Pend"));
    s.SetAttribute("AnswerDelay", TimeValue(Seconds(2)));
    Ptr<CoSapServerApplication> server = InstallServer(s);
    Simulator::Run();

    EXPECT_EQ(gen->GetConnectedCount(), calls);
    ASSERT_EQ(log.latencies.size(), calls);
    for (Time latency : log.latencies)
    {
        EXPECT_GE(latency, Seconds(2));
        EXPECT_LT(latency, Seconds(2.1));
    }
    EXPECT_EQ(server->GetAcceptedCount(), calls);
    EXPECT_EQ(server->GetClosedCount(), calls);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, PendedAnswerCanReject)
{
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(Generators(3, 1));
    CoApplicationHelper s("ns3::CoSapServerApplication");
    s.SetAttribute("Answer", StringValue("Pend"));
    s.SetAttribute("AcceptAfterPend", BooleanValue(false));
    Ptr<CoSapServerApplication> server = InstallServer(s);
    Simulator::Run();

    EXPECT_EQ(gen->GetFailedCount(Q2931Cause::CALL_REJECTED), 3u);
    EXPECT_EQ(server->GetRejectedCount(), 3u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, AdmissionControlBlocksCallsBeyondTheLinkCapacity)
{
    // 10 Mb/s carries 23584 cells/s: four CBR calls of 5000 cells/s fit, not five.
    const uint32_t pcr = 5000;
    const uint64_t fit = net.sw->GetAdmissibleCellRate(0) / pcr;
    ASSERT_EQ(fit, 4u);
    CoApplicationHelper h = Generators(20, 0);
    h.SetAttribute("HoldingTime", StringValue("ns3::ExponentialRandomVariable[Mean=3.0]"));
    h.SetAttribute("InterArrivalTime", StringValue("ns3::ExponentialRandomVariable[Mean=0.2]"));
    h.SetAttribute("PeakCellRate", UintegerValue(pcr));
    std::vector<Ptr<CoCallGeneratorApplication>> gens;
    for (int i = 0; i < 3; ++i)
    {
        gens.push_back(InstallGenerator(h));
    }
    h.AssignStreams(net.hosts, 1);
    InstallServer();
    log.onSetup = [&]() {
        for (uint32_t port = 0; port < net.sw->GetNPorts(); ++port)
        {
            EXPECT_LE(net.sw->GetReservedCellRate(port), net.sw->GetAdmissibleCellRate(port));
        }
    };
    Simulator::Run();

    EXPECT_EQ(log.mostConnected, fit);
    uint64_t attempted = 0;
    uint64_t connected = 0;
    uint64_t blocked = 0;
    for (const auto& gen : gens)
    {
        attempted += gen->GetAttemptedCount();
        connected += gen->GetConnectedCount();
        blocked += gen->GetFailedCount(Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE);
        EXPECT_EQ(gen->GetFailedCount(),
                  gen->GetFailedCount(Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE));
    }
    EXPECT_EQ(attempted, 60u);
    EXPECT_GT(blocked, 0u);
    EXPECT_EQ(connected + blocked, attempted);
    for (const CoStatus& s : log.failures)
    {
        EXPECT_EQ(s.GetCode(), CoStatusCode::CellRateNotAvailable);
    }
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, EchoServerSendsEverySduBack)
{
    CoApplicationHelper h = Generators(3, 2);
    h.SetAttribute("PacketInterval", TimeValue(MilliSeconds(100)));
    h.SetAttribute("PacketSize", UintegerValue(300));
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    CoApplicationHelper s("ns3::CoSapServerApplication");
    s.SetAttribute("Echo", BooleanValue(true));
    Ptr<CoSapServerApplication> server = InstallServer(s);
    uint64_t macRx = 0;
    net.a->TraceConnectWithoutContext(
        "MacRx",
        CoCallback<void, Ptr<const Packet>>([&](Ptr<const Packet>) { ++macRx; }));
    Simulator::Run();

    EXPECT_EQ(gen->GetTxPackets(), 3u * 20);
    EXPECT_EQ(server->GetRxPackets(), gen->GetTxPackets());
    EXPECT_EQ(server->GetEchoedPackets(), gen->GetTxPackets());
    EXPECT_EQ(gen->GetRxPackets(), gen->GetTxPackets());
    EXPECT_EQ(gen->GetRxBytes(), gen->GetTxBytes());
    // The NIC saw the echoes too, besides the signalling frames.
    EXPECT_GT(macRx, gen->GetRxPackets());
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, CallParametersComeFromTheAttributes)
{
    CoApplicationHelper h = Generators(1, 1);
    h.SetAttribute("ServiceCategory", StringValue("rt-VBR"));
    h.SetAttribute("PeakCellRate", UintegerValue(4000));
    h.SetAttribute("SustainableCellRate", UintegerValue(1500));
    h.SetAttribute("MaxBurstSize", UintegerValue(50));
    h.SetAttribute("MaxSduSize", UintegerValue(1500));
    h.SetAttribute("QosClass", UintegerValue(1));
    InstallGenerator(h);
    Ptr<CoSapServerApplication> server = InstallServer();
    std::vector<CoCallParameters> offered;
    server->TraceConnectWithoutContext(
        "IncomingCall",
        CoCallback<void, CoVcHandle, const CoCallParameters&>(
            [&](CoVcHandle, const CoCallParameters& p) { offered.push_back(p); }));
    uint64_t reservedDuringCall = 0;
    log.onSetup = [&]() { reservedDuringCall = net.sw->GetReservedCellRate(0); };
    Simulator::Run();

    ASSERT_EQ(offered.size(), 1u);
    CoCallParameters expected =
        CoCallParameters::Symmetric(CoServiceCategory::RtVbr, 4000, 1500, 50);
    expected.forward.maxSduSize = 1500;
    expected.backward.maxSduSize = 1500;
    expected.qosClass = 1;
    EXPECT_TRUE(offered[0].SameContract(expected)) << offered[0];
    EXPECT_EQ(offered[0].calledParty, net.b->GetAesa());
    EXPECT_EQ(offered[0].callingParty, net.a->GetAesa());
    EXPECT_EQ(reservedDuringCall, 1500u); // VBR reserves its SCR
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, CalleeReleaseIsAnsweredAndTheVcDeleted)
{
    // The callee is a scripted client that hangs up after one second.
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(Generators(1, 100));
    Time connectedAt;
    log.onSetup = [&]() {
        connectedAt = Simulator::Now();
        CoSchedule(Seconds(1), [&]() {
            EXPECT_EQ(net.b->CloseCall(net.cb->incomingVc).GetCode(), CoStatusCode::Pending);
        });
    };
    Simulator::Run();

    EXPECT_EQ(gen->GetReleasedCount(), 1u);
    ASSERT_EQ(log.holdingTimes.size(), 1u);
    EXPECT_GT(log.holdingTimes[0], Seconds(1));
    EXPECT_LT(log.holdingTimes[0], Seconds(1.1));
    // The holding timer went with the call: the run ended long before 100 s.
    EXPECT_LT(Simulator::Now(), Seconds(10));
    EXPECT_EQ(net.cb->Count("CloseCallComplete"), 1u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, StoppedGeneratorLetsItsCallsEnd)
{
    CoApplicationHelper h = Generators(0, 5);
    h.SetAttribute("InterArrivalTime", StringValue("ns3::ExponentialRandomVariable[Mean=0.5]"));
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    gen->SetStopTime(Seconds(3));
    InstallServer();
    Simulator::Stop(Seconds(100)); // fail, rather than hang, if calls never stop
    Simulator::Run();

    ASSERT_FALSE(log.attempts.empty());
    EXPECT_LT(log.attempts.back(), Seconds(3));
    EXPECT_EQ(gen->GetConnectedCount(), gen->GetAttemptedCount());
    EXPECT_EQ(gen->GetReleasedCount(), gen->GetConnectedCount());
    EXPECT_GE(Simulator::Now(), Seconds(5));
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, StoppedServerRefusesNewCallsAndFinishesOldOnes)
{
    CoApplicationHelper h = Generators(10, 4);
    h.SetAttribute("InterArrivalTime", Constant(1));
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    Ptr<CoSapServerApplication> server = InstallServer();
    server->SetStopTime(Seconds(5.5));
    Simulator::Run();

    // Calls at 1..5 s were accepted and held to their end; calls at 6..10 s
    // found no SAP.
    EXPECT_EQ(gen->GetConnectedCount(), 5u);
    EXPECT_EQ(gen->GetReleasedCount(), 5u);
    EXPECT_EQ(gen->GetFailedCount(Q2931Cause::INCOMPATIBLE_DESTINATION), 5u);
    EXPECT_EQ(server->GetClosedCount(), 5u);
    EXPECT_FALSE(server->IsSapRegistered());
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(ApplicationsTest, SetDestinationsSpreadsCallsOverTheCallees)
{
    // One server answers for every selector of b's address.
    CoApplicationHelper s("ns3::CoSapServerApplication");
    s.SetAttribute("SapMatchBits", UintegerValue(152));
    Ptr<CoSapServerApplication> server = InstallServer(s);
    std::vector<AesaAddress> callees;
    for (uint8_t selector = 1; selector <= 3; ++selector)
    {
        callees.push_back(
            AesaAddress::Compose(net.b->GetAesa(), net.b->GetAesa().GetEsi(), selector));
    }
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(Generators(30, 1));
    gen->SetDestinations(callees);
    gen->AssignStreams(5);
    std::map<AesaAddress, int> calls;
    server->TraceConnectWithoutContext(
        "IncomingCall",
        CoCallback<void, CoVcHandle, const CoCallParameters&>(
            [&](CoVcHandle, const CoCallParameters& p) { ++calls[p.calledParty]; }));
    Simulator::Run();

    EXPECT_EQ(gen->GetConnectedCount(), 30u);
    EXPECT_EQ(calls.size(), 3u);
    // Each callee's count is binomial, 30 calls with probability 1/3: mean 10,
    // standard deviation sqrt(30 * 1/3 * 2/3) = 2.58. Each lies within z = 3
    // standard deviations of the mean (a two-sided 99.7 % interval), with the
    // streams fixed above: 3 to 17 calls.
    const double mean = 30.0 / 3;
    const double sd = std::sqrt(30 * (1.0 / 3) * (2.0 / 3));
    for (const AesaAddress& callee : callees)
    {
        EXPECT_NEAR(calls[callee], mean, 3 * sd) << callee;
    }
    EXPECT_EQ(net.Violations(), 0u);
}

/// The NICs take half a second to register a SAP.
class PendedRegistrationTest : public ApplicationsTest
{
  protected:
    void SetUp() override
    {
        net.helper.SetDeviceAttribute("SapRegistrationDelay", TimeValue(MilliSeconds(500)));
        ApplicationsTest::SetUp();
    }
};

TEST_F(PendedRegistrationTest, ServerAwaitsItsSapRegistration)
{
    Ptr<CoSapServerApplication> server = InstallServer();
    CoApplicationHelper h = Generators(3, 1);
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    gen->SetStartTime(Seconds(1));
    CoSchedule(MilliSeconds(250), [&]() {
        EXPECT_FALSE(server->IsSapRegistered());
        EXPECT_TRUE(server->GetSap().IsValid());
    });
    CoSchedule(MilliSeconds(750), [&]() { EXPECT_TRUE(server->IsSapRegistered()); });
    Simulator::Run();

    EXPECT_EQ(gen->GetConnectedCount(), 3u);
    net.ExpectEverythingReleased();
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(PendedRegistrationTest, ServerStoppedMeanwhileDeregistersOnCompletion)
{
    Ptr<CoSapServerApplication> server = InstallServer();
    server->SetStopTime(MilliSeconds(200));
    CoApplicationHelper h = Generators(2, 1);
    Ptr<CoCallGeneratorApplication> gen = InstallGenerator(h);
    gen->SetStartTime(Seconds(1));
    Simulator::Run();

    EXPECT_FALSE(server->IsSapRegistered());
    EXPECT_EQ(server->GetOfferedCount(), 0u);
    EXPECT_EQ(gen->GetFailedCount(Q2931Cause::INCOMPATIBLE_DESTINATION), 2u);
    EXPECT_EQ(net.Violations(), 0u);
}

/**
 * Runs 10 calls, to three selectors of b chosen at random, with fixed streams
 * in run \p run; returns what the generator traced.
 */
CallLog
RunWithSeed(uint64_t run)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(run);
    OneSwitchNetwork net;
    net.Build();
    CoApplicationHelper h("ns3::CoCallGeneratorApplication");
    h.SetAttribute("MaxCalls", UintegerValue(10));
    h.SetAttribute("PacketInterval", TimeValue(MilliSeconds(10)));
    Ptr<CoCallGeneratorApplication> gen =
        DynamicCast<CoCallGeneratorApplication>(h.Install(net.hosts.Get(0)).Get(0));
    std::vector<AesaAddress> callees;
    for (uint8_t selector = 0; selector < 3; ++selector)
    {
        callees.push_back(
            AesaAddress::Compose(net.b->GetAesa(), net.b->GetAesa().GetEsi(), selector));
    }
    gen->SetDestinations(callees);
    CallLog log;
    log.Watch(gen);
    CoApplicationHelper s("ns3::CoSapServerApplication");
    s.SetAttribute("SapMatchBits", UintegerValue(152));
    s.Install(net.hosts.Get(1));
    h.AssignStreams(net.hosts, 7);
    Simulator::Run();
    Simulator::Destroy();
    RngSeedManager::SetRun(1);
    return log;
}

TEST(ApplicationsDeterminismTest, SameRunGivesTheSameCallsAndLatencies)
{
    CallLog first = RunWithSeed(1);
    CallLog second = RunWithSeed(1);
    EXPECT_EQ(first.attempts.size(), 10u);
    EXPECT_EQ(first.attempts, second.attempts);
    EXPECT_EQ(first.called, second.called);
    EXPECT_EQ(first.latencies, second.latencies);
    EXPECT_EQ(first.holdingTimes, second.holdingTimes);
}

TEST(ApplicationsDeterminismTest, DifferentRunGivesDifferentArrivals)
{
    CallLog first = RunWithSeed(1);
    CallLog other = RunWithSeed(2);
    EXPECT_EQ(other.attempts.size(), 10u);
    EXPECT_NE(first.attempts, other.attempts);
    EXPECT_NE(first.holdingTimes, other.holdingTimes);
}

TEST(ApplicationHelperTest, InstallsOnEveryNodeAndAssignsStreamsToGenerators)
{
    NodeContainer nodes;
    nodes.Create(3);
    CoApplicationHelper gens("ns3::CoCallGeneratorApplication");
    gens.SetAttribute("MaxCalls", UintegerValue(7));
    ApplicationContainer apps = gens.Install(nodes);
    ASSERT_EQ(apps.GetN(), 3u);
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        EXPECT_EQ(apps.Get(i)->GetNode(), nodes.Get(i));
        UintegerValue max;
        apps.Get(i)->GetAttribute("MaxCalls", max);
        EXPECT_EQ(max.Get(), 7u);
    }
    CoApplicationHelper("ns3::CoSapServerApplication").Install(nodes.Get(0));
    // Three streams per generator; servers draw nothing.
    EXPECT_EQ(gens.AssignStreams(nodes, 10), 9);
    Names::Add("callee", nodes.Get(1));
    EXPECT_EQ(
        CoApplicationHelper("ns3::CoSapServerApplication").Install("callee").Get(0)->GetNode(),
        nodes.Get(1));
    Simulator::Destroy();
}

TEST(ApplicationHelperTest, EnumAttributesReadBackByName)
{
    Ptr<CoSapServerApplication> server = CreateObject<CoSapServerApplication>();
    server->SetAttribute("Answer", StringValue("Pend"));
    EXPECT_EQ(server->GetAnswer(), CoSapServerApplication::AnswerMode::Pend);
    StringValue answer;
    server->GetAttribute("Answer", answer);
    EXPECT_EQ(answer.Get(), "Pend");
    Ptr<CoCallGeneratorApplication> gen = CreateObject<CoCallGeneratorApplication>();
    gen->SetAttribute("ServiceCategory", StringValue("nrt-VBR"));
    StringValue category;
    gen->GetAttribute("ServiceCategory", category);
    EXPECT_EQ(category.Get(), "nrt-VBR");
    Simulator::Destroy();
}

// ---- configuration errors -----------------------------------------------------

class ApplicationsDeathTest : public ApplicationsTest
{
};

TEST_F(ApplicationsDeathTest, NodeWithoutCoNetDeviceIsFatal)
{
    Ptr<Node> lonely = CreateObject<Node>();
    CoApplicationHelper h = Generators(1, 1);
    h.Install(lonely);
    EXPECT_DEATH(Simulator::Run(),
                 "CoCallGeneratorApplication on node [0-9]+: the node has no CoNetDevice");
}

TEST_F(ApplicationsDeathTest, ServerOnNodeWithoutCoNetDeviceIsFatal)
{
    Ptr<Node> lonely = CreateObject<Node>();
    CoApplicationHelper("ns3::CoSapServerApplication").Install(lonely);
    EXPECT_DEATH(Simulator::Run(),
                 "CoSapServerApplication on node [0-9]+: the node has no CoNetDevice");
}

TEST_F(ApplicationsDeathTest, DeviceOfAnotherNodeIsFatal)
{
    CoApplicationHelper h = Generators(1, 1);
    h.SetAttribute("Device", PointerValue(net.b));
    h.Install(net.hosts.Get(0));
    EXPECT_DEATH(Simulator::Run(), "Device attribute names a CoNetDevice on another node");
}

TEST_F(ApplicationsDeathTest, GeneratorWithoutDestinationIsFatal)
{
    CoApplicationHelper h("ns3::CoCallGeneratorApplication");
    h.Install(net.hosts.Get(0));
    EXPECT_DEATH(Simulator::Run(), "CoCallGeneratorApplication on node [0-9]+: no destination");
}

TEST_F(ApplicationsDeathTest, InvalidCallParametersAreFatal)
{
    CoApplicationHelper h = Generators(1, 1);
    h.SetAttribute("ServiceCategory", StringValue("rt-VBR"));
    h.Install(net.hosts.Get(0));
    EXPECT_DEATH(Simulator::Run(), "invalid call parameters: forward sustainable cell rate 0");
}

TEST_F(ApplicationsDeathTest, PacketLargerThanTheMaxSduIsFatal)
{
    CoApplicationHelper h = Generators(1, 1);
    h.SetAttribute("PacketInterval", TimeValue(Seconds(1)));
    h.SetAttribute("PacketSize", UintegerValue(10000));
    h.Install(net.hosts.Get(0));
    EXPECT_DEATH(Simulator::Run(), "PacketSize 10000 exceeds MaxSduSize 9188");
}

TEST_F(ApplicationsDeathTest, TwoServersForOneAddressAreFatal)
{
    InstallServer();
    InstallServer();
    EXPECT_DEATH(Simulator::Run(), "could not register a SAP for .* InvalidData");
}

TEST(ApplicationHelperDeathTest, NonApplicationTypeIsFatal)
{
    EXPECT_DEATH(CoApplicationHelper("ns3::CoSwitch"), "ns3::CoSwitch is not an Application type");
    EXPECT_DEATH(CoApplicationHelper("ns3::NoSuchThing"), "is not an Application type");
}

} // namespace
