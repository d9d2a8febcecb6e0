/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Failures across networks of switches, scheduled through CoTopologyHelper:
 * a trunk failing under a connected call or a call being set up, a switch
 * failing in the middle of a path and coming back, a trunk's signalling
 * channel failing alone (shorter and longer than T309), links and switches
 * failing and returning at random under call generators (everything is
 * freed in the end), and the text form of failure schedules.
 */

#include "co-test-network.h"

#include "ns3/co-application-helper.h"
#include "ns3/co-call-generator-application.h"
#include "ns3/co-call-recorder.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-topology-helper.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// A CBR call of 1000 cells/s each way.
CoCallParameters
Cbr()
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000);
}

/// 10 Mb/s, 1 ms links between switches.
CoLinkProperties
Link()
{
    CoLinkProperties link;
    link.rate = DataRate("10Mbps");
    link.delay = MilliSeconds(1);
    return link;
}

/// What a trunk failure tells each host: a temporary failure, cause 41.
const CoStatus TRUNK_FAILED(CoStatusCode::Failure, Q2931Cause::TEMPORARY_FAILURE);

/// \return true when \p path (vertices or node ids) crosses the link x - y
bool
Crosses(const std::vector<uint32_t>& path, uint32_t x, uint32_t y)
{
    for (std::size_t i = 1; i < path.size(); ++i)
    {
        if ((path[i - 1] == x && path[i] == y) || (path[i - 1] == y && path[i] == x))
        {
            return true;
        }
    }
    return false;
}

/// A network of switches with hosts a and b, and switch paths as call records give them.
class NetworkFailureTest : public SwitchNetworkTest
{
  protected:
    /// \return the node ids of the switches of \p vertices, for CoCallRecord::path
    std::vector<uint32_t> Nodes(const std::vector<uint32_t>& vertices) const
    {
        std::vector<uint32_t> nodes;
        for (uint32_t v : vertices)
        {
            nodes.push_back(topo.GetSwitches().Get(v)->GetId());
        }
        return nodes;
    }
};

TEST_F(NetworkFailureTest, TrunkFailureMidCallReleasesBothEndsWithCause41)
{
    // a -- S0 -- S1 -X- S2 -- S3 -- b
    Build(CoTopologyGenerator::Line(4, Link()), 0, 3);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    ca->Call(b->GetAesa(), Cbr());
    topo.FailLink(1, 2, Seconds(1));
    CoSchedule(Seconds(1) - NanoSeconds(1), [&]() {
        ASSERT_EQ(a->GetCallState(ca->vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(topo.GetSwitch(1)->GetCallCount(), 1u);
    });
    CoSchedule(Seconds(1), [&]() {
        EXPECT_TRUE(topo.IsLinkFailed(1, 2));
        EXPECT_FALSE(topo.GetLink(1, 2)->IsLinkUp());
        // The routes were recomputed with the failure: S0 cannot reach S3.
        EXPECT_EQ(topo.GetRoutedPath(0, 3), (std::vector<uint32_t>{0}));
    });
    Simulator::Run();

    ASSERT_TRUE(ca->First("MakeCallComplete").status.IsSuccess());
    // S1 releases toward a and S2 toward b, each with cause 41.
    ASSERT_EQ(ca->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(ca->First("IncomingCloseCall").status, TRUNK_FAILED);
    EXPECT_GT(ca->First("IncomingCloseCall").at, Seconds(1));
    ASSERT_EQ(cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(cb->First("IncomingCloseCall").status, TRUNK_FAILED);
    EXPECT_GT(cb->First("IncomingCloseCall").at, Seconds(1));
    ExpectEverythingReleased();
    EXPECT_EQ(Violations(), 0u);
}

TEST_F(NetworkFailureTest, TrunkFailureWhileTheCalleePendsFailsTheCall)
{
    // a -- S0 -- S1 -X- S2 -- b; b is offered the call and answers later.
    Build(CoTopologyGenerator::Line(3, Link()), 0, 2);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    cb->answer = TestClient::Answer::Pend;
    ca->Call(b->GetAesa(), Cbr());
    topo.FailLink(1, 2, Seconds(1));
    // b's client would accept later; the release withdraws the offer first.
    CoSchedule(Seconds(2), [&]() { EXPECT_FALSE(cb->AnswerIfOffered(CoStatus())); });
    Simulator::Run();

    ASSERT_EQ(cb->Count("IncomingCall"), 1u);
    EXPECT_LT(cb->First("IncomingCall").at, Seconds(1));
    ASSERT_EQ(ca->Count("MakeCallComplete"), 1u);
    EXPECT_EQ(ca->First("MakeCallComplete").status, TRUNK_FAILED);
    EXPECT_GT(ca->First("MakeCallComplete").at, Seconds(1));
    EXPECT_EQ(ca->Count("IncomingCloseCall"), 0u);
    ASSERT_EQ(cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(cb->First("IncomingCloseCall").status, TRUNK_FAILED);
    EXPECT_LT(cb->First("IncomingCloseCall").at, Seconds(2)); // indicated at once
    EXPECT_EQ(cb->Count("CallConnected"), 0u);
    ExpectEverythingReleased();
    EXPECT_EQ(Violations(), 0u);
}

TEST_F(NetworkFailureTest, SwitchFailureMidPathReleasesCallsAndNewOnesGoRoundUntilItIsBack)
{
    // A 3 x 3 grid; a on 3 and b on 5 (the middle row's ends): the one
    // shortest path crosses the centre, 4.
    //   0 - 1 - 2
    //   |   |   |
    //   3 - 4 - 5
    //   |   |   |
    //   6 - 7 - 8
    Build(CoTopologyGenerator::Grid(3, 3, Link()), 3, 5);
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    Ptr<CoCallRecorder> recorder = CreateObject<CoCallRecorder>();
    recorder->WatchAll();
    EXPECT_EQ(topo.GetRoutedPath(3, 5), (std::vector<uint32_t>{3, 4, 5}));
    TestClient around(a);
    TestClient back(a);
    ca->Call(b->GetAesa(), Cbr());
    topo.FailSwitch(4, Seconds(1));
    CoSchedule(Seconds(1), [&]() {
        EXPECT_TRUE(topo.IsSwitchFailed(4));
        EXPECT_FALSE(topo.GetSwitch(4)->IsOperational());
        EXPECT_EQ(topo.GetSwitch(4)->GetCallCount(), 0u);
        std::vector<uint32_t> path = topo.GetRoutedPath(3, 5);
        EXPECT_EQ(path.size(), 5u);
        EXPECT_EQ(std::count(path.begin(), path.end(), 4u), 0);
    });
    CoSchedule(Seconds(2), [&]() { around.Call(b->GetAesa(), Cbr()); });
    CoSchedule(Seconds(3), [&]() { a->CloseCall(around.vc); });
    topo.RestoreSwitch(4, Seconds(4));
    CoSchedule(Seconds(4), [&]() {
        EXPECT_FALSE(topo.IsSwitchFailed(4));
        EXPECT_TRUE(topo.GetLink(3, 4)->IsLinkUp());
        EXPECT_EQ(topo.GetRoutedPath(3, 5), (std::vector<uint32_t>{3, 4, 5}));
    });
    CoSchedule(Seconds(5), [&]() { back.Call(b->GetAesa(), Cbr()); });
    CoSchedule(Seconds(6), [&]() { a->CloseCall(back.vc); });
    Simulator::Run();
    recorder->Finish();

    // The first call: released both ways, cause 41 from the trunks.
    ASSERT_TRUE(ca->First("MakeCallComplete").status.IsSuccess());
    ASSERT_EQ(ca->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(ca->First("IncomingCloseCall").status, TRUNK_FAILED);
    ASSERT_EQ(cb->Count("IncomingCloseCall"), 3u);
    // after CreateVc, IncomingCall, CallConnected
    EXPECT_EQ(cb->events[3].what, "IncomingCloseCall");
    EXPECT_EQ(cb->events[3].status, TRUNK_FAILED);
    // The second went round, the third through the centre again.
    EXPECT_TRUE(around.First("MakeCallComplete").status.IsSuccess());
    EXPECT_TRUE(back.First("MakeCallComplete").status.IsSuccess());
    const std::vector<CoCallRecord>& records = recorder->GetRecords();
    ASSERT_EQ(records.size(), 3u);
    std::vector<CoCallRecord> byStart(records);
    std::sort(byStart.begin(), byStart.end(), [](const CoCallRecord& x, const CoCallRecord& y) {
        return x.start < y.start;
    });
    EXPECT_EQ(byStart[0].path, Nodes({3, 4, 5}));
    EXPECT_EQ(byStart[1].path.size(), 5u);
    uint32_t centre = topo.GetSwitches().Get(4)->GetId();
    EXPECT_EQ(std::count(byStart[1].path.begin(), byStart[1].path.end(), centre), 0)
        << "the call crossed the failed switch";
    EXPECT_EQ(byStart[2].path, Nodes({3, 4, 5}));
    ExpectEverythingReleased();
    EXPECT_EQ(Violations(), 0u);
}

TEST_F(NetworkFailureTest, ARestoredSwitchLeavesDownTheLinksThatAreFailedOrLeadToAFailedSwitch)
{
    // A ring of four: 0 - 1 - 2 - 3 - 0.
    Build(CoTopologyGenerator::Ring(4, Link()), 0, 2);
    topo.FailLink(0, 1, Seconds(1));
    topo.FailSwitch(1, Seconds(2));
    topo.FailSwitch(2, Seconds(2));
    topo.RestoreSwitch(1, Seconds(3));
    topo.RestoreSwitch(2, Seconds(4));
    topo.RestoreLink(0, 1, Seconds(5));
    // Each link changes state once per change of its own, however many
    // causes keep it down: 0 - 1 is down from 1 s to 5 s, 1 - 2 from 2 s to
    // 4 s, with no blip when 1 comes back at 3 s.
    std::vector<std::vector<std::pair<Time, bool>>> changes(4);
    std::vector<Ptr<CoChannel>> links{topo.GetLink(0, 1),
                                      topo.GetLink(1, 2),
                                      topo.GetLink(2, 3),
                                      topo.GetLink(3, 0)};
    for (uint32_t i = 0; i < links.size(); ++i)
    {
        ASSERT_TRUE(
            links[i]->TraceConnectWithoutContext("LinkState",
                                                 CoCallback<void, bool>([&changes, i](bool up) {
                                                     changes[i].emplace_back(Simulator::Now(), up);
                                                 })));
    }
    auto up = [&]() {
        std::vector<bool> states;
        for (Ptr<CoChannel> link : links)
        {
            states.push_back(link->IsLinkUp());
        }
        return states;
    };
    using Up = std::vector<bool>;
    CoSchedule(Seconds(1.5), [&]() { EXPECT_EQ(up(), (Up{false, true, true, true})); });
    CoSchedule(Seconds(2.5), [&]() {
        EXPECT_EQ(up(), (Up{false, false, false, true}));
        // b's switch is down: no route to it.
        EXPECT_EQ(topo.GetRoutedPath(0, 2), (std::vector<uint32_t>{0}));
    });
    CoSchedule(Seconds(3.5), [&]() {
        // 1 is back, but its link to 0 is failed and 2 is still down.
        EXPECT_EQ(up(), (Up{false, false, false, true}));
        EXPECT_FALSE(b->IsLinkUp());
    });
    CoSchedule(Seconds(4.5), [&]() {
        EXPECT_EQ(up(), (Up{false, true, true, true}));
        EXPECT_TRUE(b->IsLinkUp());
        EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 3, 2, 1}));
    });
    CoSchedule(Seconds(5.5), [&]() {
        EXPECT_EQ(up(), (Up{true, true, true, true}));
        EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 1}));
    });
    Simulator::Run();
    EXPECT_EQ(Violations(), 0u);
    using Changes = std::vector<std::pair<Time, bool>>;
    EXPECT_EQ(changes[0], (Changes{{Seconds(1), false}, {Seconds(5), true}}));
    EXPECT_EQ(changes[1], (Changes{{Seconds(2), false}, {Seconds(4), true}}));
    EXPECT_EQ(changes[2], (Changes{{Seconds(2), false}, {Seconds(4), true}}));
    EXPECT_TRUE(changes[3].empty());
}

/**
 * The trunk 3 - 4 of a 3 x 3 grid loses its signalling channel alone under
 * a call from a (on 3) to b (on 5), whose one shortest path is 3 - 4 - 5.
 * Records what the switches at the trunk's ends send on it and how their
 * T309 procedures end.
 */
class SignallingFailureTest : public NetworkFailureTest
{
  protected:
    /// One Q.2931 message a switch sent on the trunk.
    struct Sent
    {
        Time at;               //!< when
        uint32_t vertex;       //!< the switch that sent it
        Q2931MessageType type; //!< what it was
    };

    /// Builds the grid, connects a's call to b and starts recording.
    void SetUp() override
    {
        //   0 - 1 - 2
        //   |   |   |
        //   3 - 4 - 5
        //   |   |   |
        //   6 - 7 - 8
        Build(CoTopologyGenerator::Grid(3, 3, Link()), 3, 5);
        ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
        recorder = CreateObject<CoCallRecorder>();
        recorder->WatchAll();
        ASSERT_EQ(topo.GetRoutedPath(3, 5), (std::vector<uint32_t>{3, 4, 5}));
        for (auto [vertex, peer] : {std::make_pair(3u, 4u), std::make_pair(4u, 3u)})
        {
            Ptr<CoSwitch> sw = topo.GetSwitch(vertex);
            uint32_t trunk = topo.GetPort(vertex, peer);
            sw->TraceConnectWithoutContext(
                "SignallingTx",
                CoCallback<void, uint32_t, const Q2931Header&>(
                    [this, vertex, trunk](uint32_t port, const Q2931Header& m) {
                        if (port == trunk)
                        {
                            sent.push_back(Sent{Simulator::Now(), vertex, m.GetMessageType()});
                        }
                    }));
            sw->TraceConnectWithoutContext(
                "SignallingOutageEnded",
                CoCallback<void, uint32_t, bool>([this, vertex, trunk](uint32_t port, bool back) {
                    if (port == trunk)
                    {
                        outageEnded.emplace_back(vertex, back);
                    }
                }));
        }
        ca->Call(b->GetAesa(), Cbr());
    }

    /// \return the messages of \p type sent on the trunk in [from, to), by switch
    std::vector<uint32_t> SentBy(Q2931MessageType type, Time from, Time to) const
    {
        std::vector<uint32_t> by;
        for (const Sent& m : sent)
        {
            if (m.type == type && m.at >= from && m.at < to)
            {
                by.push_back(m.vertex);
            }
        }
        std::sort(by.begin(), by.end());
        return by;
    }

    /// Sends a 100-byte SDU from a to b on the call every 100 ms in [from, to).
    void SendData(Time from, Time to)
    {
        for (Time t = from; t < to; t += MilliSeconds(100))
        {
            CoSchedule(t, [this]() {
                if (a->GetCallState(ca->vc) == CoNetDevice::CallState::Connected)
                {
                    EXPECT_TRUE(a->Send(ca->vc, Create<Packet>(100)).IsSuccess());
                }
            });
        }
    }

    /// \return the SDUs b received in [from, to)
    std::size_t ReceivedBetween(Time from, Time to) const
    {
        std::size_t n = 0;
        for (const Event& e : cb->events)
        {
            n += e.what == "Receive" && e.at >= from && e.at < to;
        }
        return n;
    }

    Ptr<CoCallRecorder> recorder;                       //!< every call's path
    std::vector<Sent> sent;                             //!< on the trunk, by both ends
    std::vector<std::pair<uint32_t, bool>> outageEnded; //!< (switch, back in time)
};

TEST_F(SignallingFailureTest, ACallSurvivesAnOutageShorterThanT309AndIsEnquiredAfter)
{
    // Down from 1 s to 4 s (T309 is 10 s); a second call is placed at 2 s.
    topo.FailSignalling(3, 4, Seconds(1));
    topo.RestoreSignalling(3, 4, Seconds(4));
    SendData(Seconds(1.5), Seconds(3.55));
    TestClient around(a);
    CoSchedule(Seconds(2), [&]() {
        EXPECT_TRUE(topo.IsSignallingFailed(3, 4));
        EXPECT_FALSE(topo.IsLinkFailed(3, 4));
        EXPECT_TRUE(topo.GetLink(3, 4)->IsLinkUp());
        EXPECT_FALSE(topo.GetLink(3, 4)->IsSignallingUp());
        // The routes leave the trunk out: it cannot carry a SETUP.
        std::vector<uint32_t> path = topo.GetRoutedPath(3, 5);
        EXPECT_EQ(path.size(), 5u);
        EXPECT_FALSE(Crosses(path, 3, 4));
        // The first call is still up across it.
        EXPECT_EQ(a->GetCallState(ca->vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(topo.GetSwitch(4)->GetCallCount(), 1u);
        around.Call(b->GetAesa(), Cbr());
    });
    CoSchedule(Seconds(3), [&]() { a->CloseCall(around.vc); });
    CoSchedule(Seconds(4), [&]() {
        EXPECT_FALSE(topo.IsSignallingFailed(3, 4));
        EXPECT_EQ(topo.GetRoutedPath(3, 5), (std::vector<uint32_t>{3, 4, 5}));
    });
    CoSchedule(Seconds(6), [&]() {
        EXPECT_EQ(a->GetCallState(ca->vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(topo.GetSwitch(3)->GetCallCount(), 1u); // the first call alone
        a->CloseCall(ca->vc);
    });
    Simulator::Run();
    recorder->Finish();

    // The first call lasted until a closed it; data crossed during the outage.
    ASSERT_TRUE(ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(ca->Count("IncomingCloseCall"), 0u);
    EXPECT_EQ(ca->Count("CloseCallComplete"), 1u);
    EXPECT_EQ(around.Count("CloseCallComplete"), 1u);
    EXPECT_EQ(ReceivedBetween(Seconds(1.5), Seconds(3.6)), 21u);
    // Back in time, each end checked the call with STATUS ENQUIRY, answered.
    EXPECT_EQ(SentBy(Q2931MessageType::StatusEnquiry, Seconds(4), Seconds(4.1)),
              (std::vector<uint32_t>{3, 4}));
    EXPECT_EQ(SentBy(Q2931MessageType::Status, Seconds(4), Seconds(4.1)),
              (std::vector<uint32_t>{3, 4}));
    EXPECT_TRUE(SentBy(Q2931MessageType::Setup, Seconds(1), Seconds(4)).empty());
    std::sort(outageEnded.begin(), outageEnded.end());
    EXPECT_EQ(outageEnded, (std::vector<std::pair<uint32_t, bool>>{{3, true}, {4, true}}));
    // The second call went round the trunk.
    EXPECT_TRUE(around.First("MakeCallComplete").status.IsSuccess());
    std::vector<CoCallRecord> records = recorder->GetRecords();
    ASSERT_EQ(records.size(), 2u);
    std::sort(records.begin(), records.end(), [](const CoCallRecord& x, const CoCallRecord& y) {
        return x.start < y.start;
    });
    EXPECT_EQ(records[0].path, Nodes({3, 4, 5}));
    EXPECT_FALSE(records[0].dropped);
    EXPECT_EQ(records[1].path.size(), 5u);
    EXPECT_FALSE(Crosses(records[1].path, Nodes({3})[0], Nodes({4})[0]))
        << "the call was set up across the trunk that cannot signal";
    ExpectEverythingReleased();
}

TEST_F(SignallingFailureTest, ACallIsClearedWithCause27WhenT309RunsOut)
{
    // Down from 1 s to 16 s: T309 (10 s) runs out at 11 s.
    topo.FailSignalling(3, 4, Seconds(1));
    topo.RestoreSignalling(3, 4, Seconds(16));
    SendData(Seconds(1.5), Seconds(10.95));
    CoSchedule(Seconds(11) - NanoSeconds(1), [&]() {
        EXPECT_EQ(a->GetCallState(ca->vc), CoNetDevice::CallState::Connected);
        EXPECT_EQ(topo.GetSwitch(3)->GetCallCount(), 1u);
    });
    CoSchedule(Seconds(12), [&]() {
        // Both ends of the trunk cleared it; the trunk still cannot signal.
        EXPECT_EQ(topo.GetSwitch(3)->GetCallCount(), 0u);
        EXPECT_EQ(topo.GetSwitch(4)->GetCallCount(), 0u);
        EXPECT_FALSE(Crosses(topo.GetRoutedPath(3, 5), 3, 4));
    });
    Simulator::Run();
    recorder->Finish();

    const CoStatus OUT_OF_ORDER = CoStatus::FromCause(Q2931Cause::DESTINATION_OUT_OF_ORDER);
    ASSERT_TRUE(ca->First("MakeCallComplete").status.IsSuccess());
    ASSERT_EQ(ca->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(ca->First("IncomingCloseCall").status, OUT_OF_ORDER);
    EXPECT_GT(ca->First("IncomingCloseCall").at, Seconds(11));
    EXPECT_LT(ca->First("IncomingCloseCall").at, Seconds(11.1));
    ASSERT_EQ(cb->Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(cb->First("IncomingCloseCall").status, OUT_OF_ORDER);
    EXPECT_LT(cb->First("IncomingCloseCall").at, Seconds(11.1));
    // Data flowed until then.
    EXPECT_EQ(ReceivedBetween(Seconds(1.5), Seconds(11)), 95u);
    std::sort(outageEnded.begin(), outageEnded.end());
    EXPECT_EQ(outageEnded, (std::vector<std::pair<uint32_t, bool>>{{3, false}, {4, false}}));
    EXPECT_TRUE(SentBy(Q2931MessageType::StatusEnquiry, Seconds(1), Seconds(20)).empty());
    ASSERT_EQ(recorder->GetRecords().size(), 1u);
    EXPECT_TRUE(recorder->GetRecords()[0].dropped);
    EXPECT_EQ(recorder->GetRecords()[0].releaseCause, Q2931Cause::DESTINATION_OUT_OF_ORDER);
    ExpectEverythingReleased();
}

TEST_F(NetworkFailureTest, SignallingAndLinkAndSwitchFailuresDoNotUndoEachOther)
{
    // A ring of four: 0 - 1 - 2 - 3 - 0; the signalling of 0 - 1 fails
    // alone at 1 s and comes back at 6 s, while the link itself fails
    // (2 s to 3 s) and switch 0 (4 s to 5 s): neither repair brings the
    // signalling back. Then the other way: the link fails at 7 s, its
    // signalling at 8 s and is restored at 9 s, the link staying down to 10 s.
    Build(CoTopologyGenerator::Ring(4, Link()), 0, 2);
    Ptr<CoChannel> link = topo.GetLink(0, 1);
    topo.FailSignalling(0, 1, Seconds(1));
    topo.FailLink(0, 1, Seconds(2));
    topo.RestoreLink(0, 1, Seconds(3));
    topo.FailSwitch(0, Seconds(4));
    topo.RestoreSwitch(0, Seconds(5));
    topo.RestoreSignalling(0, 1, Seconds(6));
    topo.FailLink(0, 1, Seconds(7));
    topo.FailSignalling(0, 1, Seconds(8));
    topo.RestoreSignalling(0, 1, Seconds(9));
    topo.RestoreLink(0, 1, Seconds(10));
    std::vector<std::pair<Time, bool>> signalling;
    ASSERT_TRUE(link->TraceConnectWithoutContext(
        "SignallingState",
        CoCallback<void, bool>([&](bool up) { signalling.emplace_back(Simulator::Now(), up); })));
    // (link up, signalling up, failed by FailSignalling, route 0 -> 1 direct)
    using State = std::tuple<bool, bool, bool, bool>;
    auto state = [&]() {
        return State{link->IsLinkUp(),
                     link->IsSignallingUp(),
                     topo.IsSignallingFailed(0, 1),
                     topo.GetRoutedPath(0, 1).size() == 2};
    };
    std::vector<std::pair<double, State>> expected{{0.5, {true, true, false, true}},
                                                   {1.5, {true, false, true, false}},
                                                   {2.5, {false, false, true, false}},
                                                   {3.5, {true, false, true, false}},
                                                   {4.5, {false, false, true, false}},
                                                   {5.5, {true, false, true, false}},
                                                   {6.5, {true, true, false, true}},
                                                   {7.5, {false, false, false, false}},
                                                   {8.5, {false, false, true, false}},
                                                   {9.5, {false, false, false, false}},
                                                   {10.5, {true, true, false, true}}};
    for (const auto& [at, s] : expected)
    {
        CoSchedule(Seconds(at),
                   [&, at = at, s = s]() { EXPECT_EQ(state(), s) << "at " << at << " s"; });
    }
    Simulator::Run();
    using Changes = std::vector<std::pair<Time, bool>>;
    EXPECT_EQ(signalling,
              (Changes{{Seconds(1), false},
                       {Seconds(6), true},
                       {Seconds(7), false},
                       {Seconds(10), true}}));
}

// Many hosts calling each other at random on a grid while links and
// switches fail and come back at random: once every call has ended, nothing
// is left anywhere, and the CoNDIS contract held on every NIC.
TEST(NetworkFailureConservationTest, RandomFailuresUnderLoadLeaveNothingBehind)
{
    RngSeedManager::SetSeed(7);
    RngSeedManager::SetRun(1);
    CoHelper co;
    CoTopologyHelper topo(co);
    topo.SetNameNodes(false);
    const uint32_t rows = 4;
    const uint32_t cols = 4;
    topo.Build(CoTopologyGenerator::Grid(rows, cols, Link()));
    NetDeviceContainer nics = topo.AttachHosts(2);
    NodeContainer hosts = topo.GetHosts();
    std::vector<AesaAddress> everyone;
    for (uint32_t i = 0; i < nics.GetN(); ++i)
    {
        everyone.push_back(DynamicCast<CoNetDevice>(nics.Get(i))->GetAesa());
    }

    CoApplicationHelper servers("ns3::CoSapServerApplication");
    servers.Install(hosts);
    CoApplicationHelper generators("ns3::CoCallGeneratorApplication");
    generators.SetAttribute("InterArrivalTime",
                            StringValue("ns3::ExponentialRandomVariable[Mean=1]"));
    generators.SetAttribute("HoldingTime", StringValue("ns3::ExponentialRandomVariable[Mean=3]"));
    generators.SetAttribute("PeakCellRate", UintegerValue(1000));
    ApplicationContainer apps = generators.Install(hosts);
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<CoCallGeneratorApplication> g = DynamicCast<CoCallGeneratorApplication>(apps.Get(i));
        std::vector<AesaAddress> others(everyone);
        others.erase(others.begin() + i);
        g->SetDestinations(others);
    }
    apps.Stop(Seconds(30));
    generators.AssignStreams(hosts, 100);

    // Failures: random links and switches, each down for 1 to 5 s, some
    // overlapping, all between 2 s and 28 s.
    Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
    u->SetStream(1);
    const auto& topology = topo.GetTopology();
    std::vector<std::pair<uint32_t, uint32_t>> edges;
    for (auto e : boost::make_iterator_range(boost::edges(topology)))
    {
        edges.emplace_back(boost::source(e, topology), boost::target(e, topology));
    }
    for (int i = 0; i < 8; ++i)
    {
        Time down = Seconds(u->GetValue(2, 23));
        Time back = down + Seconds(u->GetValue(1, 5));
        auto [x, y] = edges[u->GetInteger(0, edges.size() - 1)];
        topo.FailLink(x, y, down);
        topo.RestoreLink(x, y, back);
    }
    for (int i = 0; i < 3; ++i)
    {
        Time down = Seconds(u->GetValue(2, 23));
        uint32_t s = u->GetInteger(0, rows * cols - 1);
        topo.FailSwitch(s, down);
        topo.RestoreSwitch(s, down + Seconds(u->GetValue(1, 5)));
    }
    // Partway through, the network carries calls and holds their state.
    std::size_t midRunCalls = 0;
    CoSchedule(Seconds(15), [&]() {
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            midRunCalls += topo.GetSwitch(v)->GetCallCount();
        }
    });
    Simulator::Run();

    EXPECT_GT(midRunCalls, 0u);
    uint64_t attempted = 0;
    uint64_t connected = 0;
    uint64_t failed = 0;
    uint64_t failedByFailures = 0; // no route, or a host's switch or a trunk down
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<CoCallGeneratorApplication> g = DynamicCast<CoCallGeneratorApplication>(apps.Get(i));
        attempted += g->GetAttemptedCount();
        connected += g->GetConnectedCount();
        failed += g->GetFailedCount();
        for (uint8_t cause : {Q2931Cause::NO_ROUTE_TO_DESTINATION,
                              Q2931Cause::DESTINATION_OUT_OF_ORDER,
                              Q2931Cause::NETWORK_OUT_OF_ORDER,
                              Q2931Cause::TEMPORARY_FAILURE})
        {
            failedByFailures += g->GetFailedCount(cause);
        }
        EXPECT_EQ(g->GetActiveCallCount(), 0u) << "host " << i;
    }
    EXPECT_GT(attempted, 500u);
    EXPECT_EQ(attempted, connected + failed);
    EXPECT_GT(failedByFailures, 0u) << "the failures blocked nothing: the test tests nothing";
    for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
    {
        Ptr<CoSwitch> sw = topo.GetSwitch(v);
        EXPECT_TRUE(sw->IsOperational()) << "switch " << v;
        EXPECT_EQ(sw->GetCallCount(), 0u) << "switch " << v;
        EXPECT_EQ(sw->GetCrossConnectCount(), 0u) << "switch " << v;
        for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
        {
            EXPECT_EQ(sw->GetReservedCellRate(p), 0u) << "switch " << v << " port " << p;
            EXPECT_EQ(sw->GetVciCount(p), 0u) << "switch " << v << " port " << p;
        }
    }
    for (uint32_t i = 0; i < nics.GetN(); ++i)
    {
        Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>(nics.Get(i));
        nic->EndOfRun();
        EXPECT_EQ(nic->GetRuleChecker().GetViolationCount(), 0u) << "host " << i;
        EXPECT_EQ(nic->GetVcCount(), 0u) << "host " << i;
        EXPECT_EQ(nic->GetCallReferenceCount(), 0u) << "host " << i;
    }
    Simulator::Destroy();
}

// ---- failure schedules as text ----------------------------------------------------

/// A named ring of four, "A" to "D", built without running anything.
class FailureScheduleTest : public ::testing::Test
{
  protected:
    FailureScheduleTest()
    {
        topo.SetNameNodes(false);
        CoTopology ring = CoTopologyGenerator::Ring(4, Link());
        for (uint32_t v = 0; v < 4; ++v)
        {
            ring[v].name = std::string(1, char('A' + v));
        }
        topo.Build(ring);
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// \return the error parsing \p text gives ("" when it parses)
    std::string Error(const std::string& text)
    {
        std::istringstream in(text);
        std::vector<CoTopologyHelper::FailureEvent> events;
        std::string error;
        bool ok = topo.ParseFailureSchedule(in, "sched", events, error);
        EXPECT_EQ(ok, error.empty());
        return error;
    }

    CoHelper co;               //!< makes the parts
    CoTopologyHelper topo{co}; //!< the ring
};

TEST_F(FailureScheduleTest, AGoodScheduleGivesItsChangesInOrder)
{
    std::istringstream in("# a comment line\n"
                          "at 10s fail link 0-1; at 20s restore link 0-1\n"
                          "\n"
                          "at 15s fail switch 2   # the far side\n"
                          "at 1.5ms fail link B -- C;at 2ms restore link C B\n"
                          "  at 30 restore switch D\n"
                          "at 40s fail signalling 3-0; at 45s restore signalling D -- A\n");
    std::vector<CoTopologyHelper::FailureEvent> events;
    std::string error;
    ASSERT_TRUE(topo.ParseFailureSchedule(in, "sched", events, error)) << error;
    ASSERT_EQ(events.size(), 8u);

    struct Expected
    {
        Time at;
        bool up;
        bool link;
        uint32_t u;
        uint32_t v;
        uint32_t line;
        bool signalling;
    };

    std::vector<Expected> expected{{Seconds(10), false, true, 0, 1, 2, false},
                                   {Seconds(20), true, true, 0, 1, 2, false},
                                   {Seconds(15), false, false, 2, 2, 4, false},
                                   {MicroSeconds(1500), false, true, 1, 2, 5, false},
                                   {MilliSeconds(2), true, true, 2, 1, 5, false},
                                   {Seconds(30), true, false, 3, 3, 6, false},
                                   {Seconds(40), false, true, 3, 0, 7, true},
                                   {Seconds(45), true, true, 3, 0, 7, true}};
    for (std::size_t i = 0; i < events.size(); ++i)
    {
        const CoTopologyHelper::FailureEvent& e = events[i];
        EXPECT_EQ(e.at, expected[i].at) << i;
        EXPECT_EQ(e.up, expected[i].up) << i;
        EXPECT_EQ(e.link, expected[i].link) << i;
        EXPECT_EQ(e.u, expected[i].u) << i;
        EXPECT_EQ(e.v, expected[i].v) << i;
        EXPECT_EQ(e.line, expected[i].line) << i;
        EXPECT_EQ(e.signalling, expected[i].signalling) << i;
    }
}

TEST_F(FailureScheduleTest, EachKindOfBadLineIsRejectedWithItsNumber)
{
    const std::string good = "at 1s fail link 0-1\n";
    EXPECT_EQ(Error(good + "at 2s explode link 0-1"),
              "sched: line 2: 'explode': expected fail or "
              "restore");
    EXPECT_EQ(
        Error(good + good + "at 2x fail link 0-1"),
        "sched: line 3: '2x' is not a time of at least 0 (a number and a unit: s, ms, us...)");
    EXPECT_EQ(Error("at -1s fail switch 1"),
              "sched: line 1: '-1s' is not a time of at least 0 (a number and a unit: s, ms, "
              "us...)");
    EXPECT_EQ(Error(good + "at 2s fail router 1"),
              "sched: line 2: 'router': expected link, signalling or switch");
    EXPECT_EQ(Error(good + "at 2s fail switch 9"), "sched: line 2: no switch '9'");
    EXPECT_EQ(Error(good + "at 2s fail switch Z"), "sched: line 2: no switch 'Z'");
    EXPECT_EQ(Error(good + "at 2s fail link 0-7"), "sched: line 2: no switch '7'");
    EXPECT_EQ(Error(good + "at 2s fail link 0-2"),
              "sched: line 2: switches 0 ('A') and 2 ('C') are not neighbours");
    EXPECT_EQ(Error(good + "at 2s fail link 0 1 2"),
              "sched: line 2: expected the link's two switches, as U-V, U V or U -- V");
    EXPECT_EQ(Error(good + "at 2s fail signalling 0-2"),
              "sched: line 2: switches 0 ('A') and 2 ('C') are not neighbours");
    EXPECT_EQ(Error(good + good + "at 2s restore signalling A-Z"), "sched: line 3: no switch 'Z'");
    EXPECT_EQ(Error(good + "at 2s fail signalling 1"),
              "sched: line 2: expected the link's two switches, as U-V, U V or U -- V");
    EXPECT_EQ(Error(good + "at 2s fail signalling 1 -- 2 -- 3"),
              "sched: line 2: expected the link's two switches, as U-V, U V or U -- V");
    EXPECT_EQ(Error(good + "at 2s mend signalling 0-1"),
              "sched: line 2: 'mend': expected fail or restore");
    EXPECT_EQ(Error(good + "at 2s fail switch 1 now"),
              "sched: line 2: unexpected 'now' after the "
              "switch");
    EXPECT_EQ(Error("at 2s fail switch"),
              "sched: line 1: expected 'at TIME fail|restore link|signalling U-V' or 'at TIME "
              "fail|restore switch V', got 'at 2s fail switch'");
    EXPECT_EQ(Error("at 2s fail signalling"),
              "sched: line 1: expected 'at TIME fail|restore link|signalling U-V' or 'at TIME "
              "fail|restore switch V', got 'at 2s fail signalling'");
    EXPECT_EQ(Error(good + "; when 2s fail switch 1"),
              "sched: line 2: expected 'at TIME fail|restore link|signalling U-V' or 'at TIME "
              "fail|restore switch V', got ' when 2s fail switch 1'");
    EXPECT_EQ(Error(good + "# at 2s explode\n\n  ;  ;"), "");
}

TEST_F(FailureScheduleTest, AScheduledScheduleChangesTheLinksAtItsTimes)
{
    topo.ScheduleFailures("at 1s fail link A-B; at 2s restore link A-B\nat 1s fail switch C");
    CoSchedule(Seconds(1.5), [&]() {
        EXPECT_FALSE(topo.GetLink(0, 1)->IsLinkUp());
        EXPECT_FALSE(topo.GetLink(1, 2)->IsLinkUp());
        EXPECT_TRUE(topo.IsSwitchFailed(2));
        EXPECT_TRUE(topo.GetLink(3, 0)->IsLinkUp());
    });
    Simulator::Run();
    EXPECT_TRUE(topo.GetLink(0, 1)->IsLinkUp());
    EXPECT_FALSE(topo.GetLink(2, 3)->IsLinkUp());
    EXPECT_FALSE(topo.IsLinkFailed(2, 3));
}

TEST_F(FailureScheduleTest, AScheduledSignallingFailureLeavesTheDataPathUp)
{
    topo.ScheduleFailures("at 1s fail signalling A-B\nat 2s restore signalling B A");
    CoSchedule(Seconds(1.5), [&]() {
        EXPECT_TRUE(topo.GetLink(0, 1)->IsLinkUp());
        EXPECT_FALSE(topo.GetLink(0, 1)->IsSignallingUp());
        EXPECT_TRUE(topo.IsSignallingFailed(1, 0));
        EXPECT_FALSE(topo.IsLinkFailed(0, 1));
        // routed the other way round the ring
        EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 3, 2, 1}));
    });
    Simulator::Run();
    EXPECT_TRUE(topo.GetLink(0, 1)->IsSignallingUp());
    EXPECT_FALSE(topo.IsSignallingFailed(0, 1));
    EXPECT_EQ(topo.GetRoutedPath(0, 1), (std::vector<uint32_t>{0, 1}));
}

TEST_F(FailureScheduleTest, TheChannelsLinkUpAttributeFailsAndRestoresIt)
{
    Ptr<CoChannel> link = topo.GetLink(0, 1);
    link->SetAttribute("LinkUp", BooleanValue(false));
    EXPECT_FALSE(link->IsLinkUp());
    BooleanValue up;
    link->GetAttribute("LinkUp", up);
    EXPECT_FALSE(up.Get());
    link->SetAttribute("LinkUp", BooleanValue(true));
    EXPECT_TRUE(link->IsLinkUp());
    // Unlike FailLink(), the attribute leaves the routes alone.
    EXPECT_FALSE(topo.IsLinkFailed(0, 1));
}

using FailureScheduleDeathTest = FailureScheduleTest;

TEST_F(FailureScheduleDeathTest, MistakesAreFatalAndSayWhere)
{
    EXPECT_DEATH(
        topo.ScheduleFailures("at 1s fail link 0-1\nat 2s fail bridge 3"),
        "ScheduleFailures: failure schedule: line 2: 'bridge': expected link, signalling or "
        "switch");
    EXPECT_DEATH(topo.ReadFailureSchedule("/nonexistent/failures.txt"),
                 "ReadFailureSchedule: cannot open /nonexistent/failures.txt");
    EXPECT_DEATH(topo.FailLink(0, 2, Seconds(1)),
                 "FailLink: switches 0 \\('A'\\) and 2 \\('C'\\) are not neighbours");
    EXPECT_DEATH(topo.FailSignalling(1, 3, Seconds(1)),
                 "FailSignalling: switches 1 \\('B'\\) and 3 \\('D'\\) are not neighbours");
    EXPECT_DEATH(topo.RestoreSignalling(0, 7, Seconds(1)),
                 "RestoreSignalling: no vertex 7 \\(there are 4\\)");
    EXPECT_DEATH(topo.FailSignalling(0, 1, Seconds(-1)),
                 "FailSignalling: time -1.* is in the past");
    EXPECT_DEATH(topo.ScheduleFailures("at 1s fail signalling 0-2"),
                 "ScheduleFailures: failure schedule: line 1: switches 0 \\('A'\\) and 2 "
                 "\\('C'\\) are not neighbours");
    CoTopologyHelper::FailureEvent switchSignalling;
    switchSignalling.signalling = true;
    EXPECT_DEATH(topo.ScheduleFailures({switchSignalling}),
                 "ScheduleFailures: a signalling change is a link's \\(set link too\\)");
    EXPECT_DEATH(topo.RestoreSwitch(4, Seconds(1)), "RestoreSwitch: no vertex 4 \\(there are 4\\)");
    EXPECT_DEATH(topo.FailSwitch(1, Seconds(-1)), "FailSwitch: time -1.* is in the past");
}

} // namespace
