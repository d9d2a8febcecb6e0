/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The parties of point-to-multipoint calls (Q.2971): the Endpoint state IE
 * (0x55), byte for byte and as tshark decodes it; the party procedures'
 * state table (clause 9); endpoint references allocated without reuse while
 * in use; the party timers T397, T398 and T399 with their defaults and
 * expiries; every count back to zero.
 */

#include "co-tshark.h"

#include "ns3/atm-frame-header.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/q2931-call-state-ie.h"
#include "ns3/q2931-cause-ie.h"
#include "ns3/q2931-header.h"
#include "ns3/q2971-endpoint-state-ie.h"
#include "ns3/q2971-party-table.h"
#include "ns3/sscop-sd-pdu.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using S = Q2971PartyState;
using M = Q2931MessageType;
using PartyId = Q2971PartyTable::PartyId;
using Timer = Q2971PartyTable::Timer;

/// A STATUS about party 3 (allocated by the other end), in state \p state.
Q2931Header
PartyStatus(S state)
{
    Q2931Header status(M::Status, 42, true);
    status.SetEndpointReference(EndpointReferenceIe(3, true));
    status.SetOtherIe(CallStateIe(10));
    status.SetOtherIe(EndpointStateIe(state));
    status.SetCause(CauseIe(CauseIe::LOCATION_USER, 30));
    return status;
}

TEST(EndpointStateIeTest, Q2971_EveryPartyStateGoesOnTheWireAndBack)
{
    for (S state : {S::Null,
                    S::AddPartyInitiated,
                    S::PartyAlertingDelivered,
                    S::AddPartyReceived,
                    S::PartyAlertingReceived,
                    S::Active,
                    S::DropPartyInitiated,
                    S::DropPartyReceived})
    {
        Q2931Header sent = PartyStatus(state);
        Buffer buffer;
        buffer.AddAtStart(sent.GetSerializedSize());
        sent.Serialize(buffer.Begin());
        Q2931Header received;
        ASSERT_EQ(received.Deserialize(buffer.Begin()), buffer.GetSize());
        EndpointStateIe ie;
        ASSERT_TRUE(received.GetOtherIe(ie)) << GetQ2971PartyStateName(state);
        EXPECT_EQ(ie.state, state);
        // The IE's bytes: identifier, ITU coding, length 1, the state.
        std::vector<uint8_t> bytes(buffer.GetSize());
        buffer.CopyData(bytes.data(), bytes.size());
        std::vector<uint8_t> expected{0x55, 0x80, 0x00, 0x01, static_cast<uint8_t>(state)};
        EXPECT_NE(std::search(bytes.begin(), bytes.end(), expected.begin(), expected.end()),
                  bytes.end());
    }
}

TEST(EndpointStateIeTest, ValuesThatNameNoStateAndWrongLengthsAreRefused)
{
    for (uint8_t value = 0; value < 64; ++value)
    {
        bool names = value == 0 || value == 1 || value == 4 || value == 6 || value == 7 ||
                     value == 10 || value == 11 || value == 12;
        EXPECT_EQ(EndpointStateIe::IsValid(value), names) << +value;
        Buffer b;
        b.AddAtStart(1);
        b.Begin().WriteU8(value | 0xc0); // spare bits set: ignored
        Buffer::Iterator i = b.Begin();
        EndpointStateIe ie;
        EXPECT_EQ(ie.DeserializeContents(i, 1), names) << +value;
    }
    Buffer b;
    b.AddAtStart(2);
    Buffer::Iterator i = b.Begin();
    EndpointStateIe ie;
    EXPECT_FALSE(ie.DeserializeContents(i, 2));
    std::ostringstream os;
    os << EndpointStateIe(S::Active);
    EXPECT_EQ(os.str(), "endpoint-state=10");
    EXPECT_STREQ(GetQ2971PartyStateName(S::DropPartyReceived), "P12 Drop party received");
}

TEST(EndpointStateIeTest, WiresharkDecodesTheEndpointStateInAStatus)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the captures with Wireshark";
    }
    const std::string file = ::testing::TempDir() + "condis-endpoint-state.pcap";
    {
        PcapFileWrapper pcap;
        pcap.Open(file, std::ios::out);
        pcap.Init(123, 65535); // SunATM
        uint32_t sequence = 0;
        for (S state : {S::AddPartyInitiated, S::Active, S::DropPartyReceived})
        {
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(SscopSdPdu(PartyStatus(state), sequence++));
            p->AddHeader(AtmFrameHeader(AtmFrameHeader::SIGNALLING_VPI,
                                        AtmFrameHeader::SIGNALLING_VCI,
                                        AtmTrafficType::Signalling,
                                        true));
            pcap.Write(Seconds(sequence), p);
        }
        pcap.Close();
    }
    EXPECT_EQ(TsharkProblems(file), std::vector<std::string>());
    EXPECT_EQ(Tshark(file,
                     "-Y q2931 -T fields -e q2931.message_type -e q2931.endpoint_state "
                     "-e q2931.endpoint_reference.identifier_value"),
              "0x7d\t0x01\t3\n0x7d\t0x0a\t3\n0x7d\t0x0c\t3\n");
}

TEST(PartyTableTest, Q2971_9_TheStateTableOfTheReceivedMessages)
{
    struct Row
    {
        S from;
        M received;
        bool expected;
        S to;
    };

    const std::vector<Row> rows{
        {S::Null, M::AddParty, true, S::AddPartyReceived},
        {S::Active, M::AddParty, false, S::Active},
        {S::AddPartyInitiated, M::PartyAlerting, true, S::PartyAlertingReceived},
        {S::Active, M::PartyAlerting, false, S::Active},
        {S::AddPartyInitiated, M::AddPartyAcknowledge, true, S::Active},
        {S::PartyAlertingReceived, M::AddPartyAcknowledge, true, S::Active},
        {S::AddPartyReceived, M::AddPartyAcknowledge, false, S::AddPartyReceived},
        {S::Active, M::AddPartyAcknowledge, false, S::Active},
        {S::AddPartyInitiated, M::AddPartyReject, true, S::Null},
        {S::PartyAlertingReceived, M::AddPartyReject, true, S::Null},
        {S::Active, M::AddPartyReject, false, S::Active},
        {S::Active, M::DropParty, true, S::DropPartyReceived},
        {S::AddPartyInitiated, M::DropParty, true, S::DropPartyReceived},
        {S::DropPartyInitiated, M::DropParty, true, S::Null},
        {S::Null, M::DropParty, false, S::Null},
        {S::DropPartyInitiated, M::DropPartyAcknowledge, true, S::Null},
        {S::Active, M::DropPartyAcknowledge, true, S::Null},
        {S::Null, M::DropPartyAcknowledge, false, S::Null},
        {S::Active, M::Connect, false, S::Active},
    };
    for (const Row& r : rows)
    {
        Q2971PartyTable::Transition t = Q2971PartyTable::OnReceive(r.from, r.received);
        EXPECT_EQ(t.expected, r.expected)
            << GetQ2971PartyStateName(r.from) << " " << GetQ2931MessageTypeName(r.received);
        EXPECT_EQ(t.next, r.to) << GetQ2971PartyStateName(r.from) << " "
                                << GetQ2931MessageTypeName(r.received);
    }
    EXPECT_TRUE(Q2971PartyTable::IsPartyMessage(M::AddParty));
    EXPECT_TRUE(Q2971PartyTable::IsPartyMessage(M::PartyAlerting));
    EXPECT_FALSE(Q2971PartyTable::IsPartyMessage(M::Setup));
    EXPECT_FALSE(Q2971PartyTable::IsPartyMessage(M::Status));
}

TEST(PartyTableTest, EndpointReferencesAreNotReusedWhileInUse)
{
    Q2971PartyTable table;
    constexpr uint64_t CALL = 7;
    // The root's first party came with SETUP: reference 0.
    ASSERT_TRUE(table.Add(CALL, PartyId{0, true}, S::Active));
    EXPECT_FALSE(table.Add(CALL, PartyId{0, true}, S::Active)) << "already there";
    PartyId first;
    PartyId second;
    ASSERT_TRUE(table.Allocate(CALL, S::AddPartyInitiated, first));
    ASSERT_TRUE(table.Allocate(CALL, S::AddPartyInitiated, second));
    EXPECT_EQ(first, (PartyId{1, true}));
    EXPECT_EQ(second, (PartyId{2, true}));
    // A reference the other end allocated is another party.
    ASSERT_TRUE(table.Add(CALL, PartyId{1, false}, S::AddPartyReceived));
    EXPECT_EQ(table.GetPartyCount(CALL), 4u);
    // Dropping 1 does not make it the next: the search goes on from 3.
    ASSERT_TRUE(table.SetState(CALL, first, S::Null));
    PartyId third;
    ASSERT_TRUE(table.Allocate(CALL, S::AddPartyInitiated, third));
    EXPECT_EQ(third.reference, 3u);
    // Another call has references of its own.
    PartyId other;
    ASSERT_TRUE(table.Allocate(8, S::AddPartyInitiated, other));
    EXPECT_EQ(other.reference, 1u);
    EXPECT_EQ(table.GetCallCount(), 2u);
    EXPECT_EQ(table.CountInState(CALL, S::AddPartyInitiated), 2u);
    EXPECT_EQ(table.CountInState(CALL, S::Active), 1u);
    EXPECT_EQ(table.GetState(CALL, PartyId{1, false}), S::AddPartyReceived);
    EXPECT_EQ(table.GetState(CALL, first), S::Null) << "dropped";
    EXPECT_EQ(table.RemoveCall(CALL).size(), 4u);
    EXPECT_EQ(table.RemoveCall(8).size(), 1u);
    EXPECT_EQ(table.GetPartyCount(), 0u);
    EXPECT_EQ(table.GetCallCount(), 0u);
}

TEST(PartyTableTest, ACallsPartiesStayInTheOrderAddedWhicheverLeave)
{
    // The parties of a call are listed in the order added, through any mix
    // of parties leaving first, last and in the middle, and of slots reused.
    Q2971PartyTable table;
    constexpr uint64_t CALL = 3;
    std::vector<uint16_t> expected;
    for (uint16_t r = 0; r < 10; ++r)
    {
        ASSERT_TRUE(table.Add(CALL, PartyId{r, true}, S::Active));
        expected.push_back(r);
    }
    ASSERT_TRUE(table.Add(4, PartyId{1, true}, S::Active)) << "another call between";
    auto references = [&table]() {
        std::vector<uint16_t> r;
        for (PartyId p : table.GetParties(CALL))
        {
            r.push_back(p.reference);
        }
        return r;
    };
    for (uint16_t leaving : {0, 9, 4, 5, 1})
    {
        ASSERT_TRUE(table.SetState(CALL, PartyId{leaving, true}, S::Null));
        expected.erase(std::find(expected.begin(), expected.end(), leaving));
        EXPECT_EQ(references(), expected) << "after " << leaving << " left";
        EXPECT_EQ(table.GetPartyCount(CALL), expected.size());
    }
    // New parties take the freed slots and still come last.
    ASSERT_TRUE(table.Add(CALL, PartyId{20, true}, S::Active));
    ASSERT_TRUE(table.Add(CALL, PartyId{0, false}, S::AddPartyReceived));
    expected.push_back(20);
    expected.push_back(0);
    EXPECT_EQ(references(), expected);
    EXPECT_EQ(table.CountInState(CALL, S::Active), expected.size() - 1);
    EXPECT_EQ(table.RemoveCall(CALL).size(), expected.size());
    EXPECT_TRUE(table.GetParties(CALL).empty());
    EXPECT_EQ(table.GetPartyCount(), 1u) << "the other call's party";
    EXPECT_EQ(table.RemoveCall(4).size(), 1u);
    EXPECT_EQ(table.GetCallCount(), 0u);
}

TEST(PartyTableTest, AllocationWrapsAfter32767AndFailsWhenEveryReferenceIsInUse)
{
    Q2971PartyTable table;
    PartyId p;
    for (uint32_t i = 1; i <= EndpointReferenceIe::MAX_VALUE; ++i)
    {
        ASSERT_TRUE(table.Allocate(1, S::Active, p)) << i;
        ASSERT_EQ(p.reference, i);
    }
    EXPECT_FALSE(table.Allocate(1, S::Active, p)) << "all 32767 in use";
    EXPECT_EQ(table.GetPartyCount(1), EndpointReferenceIe::MAX_VALUE);
    // One freed: it is the one found, after the wrap.
    ASSERT_TRUE(table.SetState(1, PartyId{100, true}, S::Null));
    ASSERT_TRUE(table.Allocate(1, S::Active, p));
    EXPECT_EQ(p.reference, 100u);
    table.Clear();
    EXPECT_EQ(table.GetPartyCount(), 0u);
}

TEST(PartyTableTest, Q2971_9_TimersExpireWithTheirDefaultsAndStopWithTheParty)
{
    Q2971PartyTable table;
    std::vector<std::tuple<uint64_t, uint16_t, Timer, Time>> expired;
    table.SetExpiredCallback(CoFn([&expired](uint64_t call, PartyId party, Timer timer) {
        expired.emplace_back(call, party.reference, timer, Simulator::Now());
    }));
    PartyId a;
    PartyId b;
    PartyId c;
    PartyId d;
    ASSERT_TRUE(table.Allocate(1, S::AddPartyInitiated, a));
    ASSERT_TRUE(table.Allocate(1, S::PartyAlertingReceived, b));
    ASSERT_TRUE(table.Allocate(1, S::DropPartyInitiated, c));
    ASSERT_TRUE(table.Allocate(1, S::AddPartyInitiated, d));
    ASSERT_TRUE(table.StartTimer(1, a, Timer::T399));
    ASSERT_TRUE(table.StartTimer(1, b, Timer::T397));
    ASSERT_TRUE(table.StartTimer(1, c, Timer::T398));
    ASSERT_TRUE(table.StartTimer(1, d, Timer::T399));
    EXPECT_FALSE(table.StartTimer(1, PartyId{99, true}, Timer::T399)) << "no such party";
    EXPECT_TRUE(table.IsTimerRunning(1, a, Timer::T399));
    EXPECT_FALSE(table.IsTimerRunning(1, a, Timer::T397));
    EXPECT_EQ(table.GetRunningTimerCount(), 4u);
    // d answers at 1 s: its T399 gives way to T397 (PARTY ALERTING).
    CoSchedule(Seconds(1), [&]() {
        ASSERT_TRUE(table.SetState(1, d, S::PartyAlertingReceived));
        ASSERT_TRUE(table.StartTimer(1, d, Timer::T397));
    });
    // c's drop is acknowledged at 2 s: its T398 stops with the party.
    CoSchedule(Seconds(2), [&]() { ASSERT_TRUE(table.SetState(1, c, S::Null)); });
    Simulator::Run();
    // T399 14 s (a), T397 3 min (b from 0, d from 1 s); c's T398 never expired.
    using E = std::tuple<uint64_t, uint16_t, Timer, Time>;
    EXPECT_EQ(expired,
              (std::vector<E>{E{1, a.reference, Timer::T399, Seconds(14)},
                              E{1, b.reference, Timer::T397, Minutes(3)},
                              E{1, d.reference, Timer::T397, Minutes(3) + Seconds(1)}}));
    EXPECT_EQ(table.GetRunningTimerCount(), 0u);
    EXPECT_EQ(table.GetPartyCount(1), 3u) << "the owner drops the parties whose timers expired";
    EXPECT_EQ(table.RemoveCall(1).size(), 3u);
    Simulator::Destroy();
}

TEST(PartyTableTest, RemovingACallStopsItsTimersAndOtherDurationsApply)
{
    Q2971PartyTable table;
    table.SetDurations(Seconds(1), Seconds(2), Seconds(3));
    std::size_t expiries = 0;
    table.SetExpiredCallback(CoFn([&expiries](uint64_t, PartyId, Timer) { ++expiries; }));
    PartyId p;
    PartyId q;
    ASSERT_TRUE(table.Allocate(1, S::DropPartyInitiated, p));
    ASSERT_TRUE(table.Allocate(2, S::DropPartyInitiated, q));
    table.StartTimer(1, p, Timer::T398);
    table.StartTimer(2, q, Timer::T398);
    CoSchedule(Seconds(1), [&]() { EXPECT_EQ(table.RemoveCall(1).size(), 1u); });
    Simulator::Run();
    EXPECT_EQ(expiries, 1u);
    EXPECT_EQ(Simulator::Now(), Seconds(2)) << "q's T398, 2 s";
    table.StopTimer(2, q);
    EXPECT_EQ(table.GetRunningTimerCount(), 0u);
    EXPECT_EQ(table.RemoveCall(2).size(), 1u);
    EXPECT_EQ(table.GetPartyCount(), 0u);
    Simulator::Destroy();
}

} // namespace
