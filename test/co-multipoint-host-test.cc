/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The root's side of a point-to-multipoint call (the CoNDIS party contract
 * over Q.2971), tested with a raw Q.2931 peer in place of the switch: the
 * SETUP and ADD PARTY the NIC sends, each party request pended and completed
 * exactly once, handles invalid when (and only when) the contract says, the
 * network's drops indicated as IncomingDropParty while other parties remain
 * and as IncomingCloseCall for the last, the party timers, the policy for a
 * party's parameters, the rules a client breaks on purpose; and a leaf,
 * which sees an ordinary incoming call and names its party in its answers.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/enum.h"
#include "ns3/q2931-called-party-number-ie.h"
#include "ns3/q2931-connection-identifier-ie.h"
#include "ns3/q2971-endpoint-state-ie.h"
#include "ns3/uni40-lij-call-identifier-ie.h"
#include "ns3/uni40-lij-parameters-ie.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// AESA of the i-th leaf (the raw peer answers for all of them).
AesaAddress
Leaf(uint8_t i)
{
    std::array<uint8_t, 20> octets{};
    octets[0] = 0x47;
    octets[19] = i;
    return AesaAddress(octets.data());
}

/**
 * Host a is the root; the switch's port toward it is a raw peer that plays
 * the network. It connects a multipoint SETUP at once, acknowledges RELEASE
 * and DROP PARTY, and answers ADD PARTY as the test says.
 */
class MultipointRootTest : public ::testing::Test
{
  protected:
    /// How the raw network answers ADD PARTY.
    enum class AddAnswer
    {
        Acknowledge,
        AlertThenAcknowledge,
        AlertOnly, // PARTY ALERTING, then nothing: T397 runs
        Reject,
        Nothing,
    };

    void SetUp() override
    {
        net.Build();
        peer = std::make_unique<RawPeer>(net.sw->GetPort(0));
        peer->answer = [this](const RawMessage& m) { Answer(m); };
        CoClientHandlers h;
        h.makeCallComplete = CoCallback<void, CoStatus, CoVcHandle, const CoCallParameters&>(
            [this](CoStatus s, CoVcHandle, const CoCallParameters&) {
                Record("MakeCallComplete", s, 0);
            });
        h.addPartyComplete = CoCallback<void, CoStatus, CoPartyHandle, const CoCallParameters&>(
            [this](CoStatus s, CoPartyHandle p, const CoCallParameters& granted) {
                Record("AddPartyComplete", s, p.GetValue());
                lastGranted = granted;
            });
        h.dropPartyComplete = CoCallback<void, CoStatus, CoPartyHandle>(
            [this](CoStatus s, CoPartyHandle p) { Record("DropPartyComplete", s, p.GetValue()); });
        h.incomingDropParty =
            CoCallback<void, CoStatus, CoPartyHandle>([this](CoStatus s, CoPartyHandle p) {
                Record("IncomingDropParty", s, p.GetValue());
                if (answerDrops)
                {
                    EXPECT_TRUE(net.a->DropParty(p).IsSuccess());
                }
            });
        h.partyAlerting = CoCallback<void, CoPartyHandle>(
            [this](CoPartyHandle p) { Record("PartyAlerting", CoStatus(), p.GetValue()); });
        h.incomingCloseCall = CoCallback<void, CoStatus, CoVcHandle>(
            [this](CoStatus s, CoVcHandle vc) { Record("IncomingCloseCall", s, vc.GetValue()); });
        h.closeCallComplete = CoCallback<void, CoStatus, CoVcHandle>(
            [this](CoStatus s, CoVcHandle vc) { Record("CloseCallComplete", s, vc.GetValue()); });
        client = net.a->OpenAddressFamily(h);
        ASSERT_TRUE(net.a->CreateVc(client, vc).IsSuccess());
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    void Record(const std::string& what, CoStatus status, uint32_t handle)
    {
        events.push_back(Event{what, status, handle, Simulator::Now()});
    }

    std::size_t Count(const std::string& what) const
    {
        return std::count_if(events.begin(), events.end(), [&what](const Event& e) {
            return e.what == what;
        });
    }

    const Event* Last(const std::string& what) const
    {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
        {
            if (it->what == what)
            {
                return &*it;
            }
        }
        return nullptr;
    }

    /// Sends a party message from the network for the call.
    void SendParty(Q2931MessageType type, uint16_t reference, uint8_t cause = 0)
    {
        Q2931Header m(type, callReference, true);
        m.SetEndpointReference(EndpointReferenceIe(reference, true));
        if (cause != 0)
        {
            m.SetCause(CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, cause));
        }
        peer->Send(m);
    }

    void Answer(const RawMessage& m)
    {
        switch (m.type)
        {
        case Q2931MessageType::Setup: {
            callReference = m.reference;
            if (setupsToIgnore > 0)
            {
                --setupsToIgnore; // lost: T303 sends it again
                break;
            }
            if (refuseSetup)
            {
                Q2931Header refuse(Q2931MessageType::ReleaseComplete, m.reference, true);
                refuse.SetCause(CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, 3));
                peer->Send(refuse);
                break;
            }
            Q2931Header connect(Q2931MessageType::Connect, m.reference, true);
            connect.SetConnectionIdentifier(ConnectionIdentifierIe(0, 100));
            connect.SetEndpointReference(EndpointReferenceIe(0, true));
            peer->Send(connect);
            break;
        }
        case Q2931MessageType::AddParty: {
            uint16_t ref = m.message.GetEndpointReference()->value;
            switch (addAnswer)
            {
            case AddAnswer::AlertThenAcknowledge:
                SendParty(Q2931MessageType::PartyAlerting, ref);
                CoSchedule(MilliSeconds(5), [this, ref]() {
                    SendParty(Q2931MessageType::AddPartyAcknowledge, ref);
                });
                break;
            case AddAnswer::AlertOnly:
                SendParty(Q2931MessageType::PartyAlerting, ref);
                break;
            case AddAnswer::Acknowledge:
                SendParty(Q2931MessageType::AddPartyAcknowledge, ref);
                break;
            case AddAnswer::Reject:
                SendParty(Q2931MessageType::AddPartyReject, ref, Q2931Cause::CALL_REJECTED);
                break;
            case AddAnswer::Nothing:
                break;
            }
            break;
        }
        case Q2931MessageType::DropParty:
            if (acknowledgeDrops)
            {
                SendParty(Q2931MessageType::DropPartyAcknowledge,
                          m.message.GetEndpointReference()->value);
            }
            break;
        case Q2931MessageType::Release:
            peer->Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, true));
            break;
        default:
            break;
        }
    }

    /// Makes the multipoint call to leaf 1 and runs until it is connected.
    void Connect()
    {
        ASSERT_TRUE(net.a->MakeCall(vc, OneWay(Leaf(1)), first).IsPending());
        Simulator::Stop(MilliSeconds(50));
        Simulator::Run();
        ASSERT_EQ(Count("MakeCallComplete"), 1u);
        ASSERT_TRUE(Last("MakeCallComplete")->status.IsSuccess());
    }

    /// Adds leaf \p i and runs 50 ms; \return its handle
    CoPartyHandle Add(uint8_t i)
    {
        CoPartyHandle party;
        EXPECT_TRUE(net.a->AddParty(vc, OneWay(Leaf(i)), party).IsPending());
        EXPECT_TRUE(party.IsValid());
        Simulator::Stop(MilliSeconds(50));
        Simulator::Run();
        return party;
    }

    void RunFor(Time t)
    {
        Simulator::Stop(t);
        Simulator::Run();
    }

    uint64_t Violations(CoRule rule) const
    {
        return net.a->GetRuleChecker().GetViolationCount(rule);
    }

    /// Expects the second of \p setups (T303's) to be the first, byte for
    /// byte, with party 0 and the multipoint bearer, and the call connected.
    void ExpectSentAgainAsItWas(const std::vector<RawMessage>& setups)
    {
        ASSERT_EQ(setups.size(), 2u);
        const Q2931Header& again = setups[1].message;
        ASSERT_NE(again.GetEndpointReference(), nullptr);
        EXPECT_EQ(again.GetEndpointReference()->value, 0u);
        EXPECT_EQ(again.GetBroadbandBearerCapability()->userPlaneConfiguration,
                  BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT);
        EXPECT_EQ(Bytes(again), Bytes(setups[0].message));
        ASSERT_EQ(Count("MakeCallComplete"), 1u);
        EXPECT_TRUE(Last("MakeCallComplete")->status.IsSuccess());
    }

    /// Closes the call with its last party and expects everything freed.
    /// Expects what a party timer's expiry (T399, T397) does to the add of
    /// \p party, told to the client once: cause 102 to the client, DROP
    /// PARTY 102 to the network, which acknowledged it.
    void ExpectAddEndedByTimer(CoPartyHandle party)
    {
        EXPECT_EQ(Last("AddPartyComplete")->status.GetCause(),
                  Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        EXPECT_EQ(net.a->GetPartyState(party), CoNetDevice::PartyState::None);
        ASSERT_EQ(peer->Count(Q2931MessageType::DropParty), 1u);
        EXPECT_EQ(peer->All(Q2931MessageType::DropParty)[0].cause,
                  Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
        EXPECT_EQ(net.a->GetQ2971PartyCount(), 1u) << "the drop was acknowledged";
    }

    void CloseAndExpectNothingLeft(CoPartyHandle last)
    {
        EXPECT_TRUE(net.a->CloseCall(vc, last).IsPending());
        RunFor(MilliSeconds(50));
        EXPECT_EQ(Count("CloseCallComplete"), 1u);
        EXPECT_EQ(net.a->GetPartyState(last), CoNetDevice::PartyState::None);
        EXPECT_TRUE(net.a->DeleteVc(vc).IsSuccess());
        EXPECT_EQ(net.a->GetPartyHandleCount(), 0u);
        EXPECT_EQ(net.a->GetQ2971PartyCount(), 0u);
        ExpectHostHoldsNothing(net.a, "a");
    }

    OneSwitchNetwork net;
    std::unique_ptr<RawPeer> peer;
    CoClientHandle client;
    CoVcHandle vc;
    CoPartyHandle first;
    uint32_t callReference = 0;
    AddAnswer addAnswer = AddAnswer::Acknowledge;
    bool refuseSetup = false;
    uint32_t setupsToIgnore = 0; //!< SETUPs the network does not hear
    bool acknowledgeDrops = true;
    bool answerDrops = true;
    CoCallParameters lastGranted;
    std::vector<Event> events;
};

TEST_F(MultipointRootTest, MakeCallWithAPartySendsAMultipointSetupAndActivatesTheParty)
{
    Connect();
    ASSERT_EQ(peer->Count(Q2931MessageType::Setup), 1u);
    const Q2931Header setup = peer->All(Q2931MessageType::Setup)[0].message;
    ASSERT_NE(setup.GetEndpointReference(), nullptr);
    EXPECT_EQ(setup.GetEndpointReference()->value, 0u) << "Q.2971: the root's SETUP is party 0";
    EXPECT_FALSE(setup.GetEndpointReference()->flag);
    EXPECT_EQ(setup.GetBroadbandBearerCapability()->userPlaneConfiguration,
              BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT);
    EXPECT_TRUE(first.IsValid());
    EXPECT_EQ(net.a->GetPartyState(first), CoNetDevice::PartyState::Active);
    EXPECT_EQ(net.a->GetQ2971PartyState(first), Q2971PartyState::Active);
    EXPECT_EQ(net.a->GetParties(vc), std::vector<CoPartyHandle>{first});
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, T303SendsTheMultipointSetupAgainAsItWas)
{
    // Q.2931 5.1.1: the SETUP sent again is the first one; a rebuild from
    // the call parameters alone lost party 0 and the multipoint bearer.
    setupsToIgnore = 1;
    ASSERT_TRUE(net.a->MakeCall(vc, OneWay(Leaf(1)), first).IsPending());
    RunFor(Seconds(4) + MilliSeconds(50));
    const auto setups = peer->All(Q2931MessageType::Setup);
    EXPECT_EQ(setups[1].at - setups[0].at, Seconds(4));
    ExpectSentAgainAsItWas(setups);
    EXPECT_EQ(net.a->GetPartyState(first), CoNetDevice::PartyState::Active);
    CloseAndExpectNothingLeft(first);
    net.a->EndOfRun();
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, T303SendsTheLeafJoinSetupAgainAsItWas)
{
    // The LIJ call identifier and parameters (UNI 4.0) go again with the
    // rest: without them the network would not know that leaves may join.
    setupsToIgnore = 1;
    ASSERT_TRUE(
        net.a->MakeCall(vc, OneWay(Leaf(1)), first, CoLeafJoin{7, CoLeafJoinMode::NetworkJoin})
            .IsPending());
    RunFor(Seconds(4) + MilliSeconds(50));
    const auto setups = peer->All(Q2931MessageType::Setup);
    const Q2931Header& again = setups[1].message;
    LijCallIdentifierIe identifier;
    ASSERT_TRUE(again.GetOtherIe(identifier));
    EXPECT_EQ(identifier.value, 7u);
    LijParametersIe parameters;
    EXPECT_TRUE(again.GetOtherIe(parameters)) << "network join, said again";
    ExpectSentAgainAsItWas(setups);
    CloseAndExpectNothingLeft(first);
    net.a->EndOfRun();
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, AMultipointCallAsksForNoBackwardRate)
{
    CoCallParameters both = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100);
    both.calledParty = Leaf(1);
    EXPECT_EQ(net.a->MakeCall(vc, both, first).GetCode(), CoStatusCode::InvalidData);
    EXPECT_FALSE(first.IsValid());
    EXPECT_EQ(peer->received.size(), 0u);
    EXPECT_TRUE(net.a->DeleteVc(vc).IsSuccess());
}

TEST_F(MultipointRootTest, AFailedCallInvalidatesTheFirstPartysHandle)
{
    refuseSetup = true;
    ASSERT_TRUE(net.a->MakeCall(vc, OneWay(Leaf(1)), first).IsPending());
    EXPECT_EQ(net.a->GetPartyState(first), CoNetDevice::PartyState::Adding);
    RunFor(MilliSeconds(50));
    ASSERT_EQ(Count("MakeCallComplete"), 1u);
    EXPECT_EQ(Last("MakeCallComplete")->status.GetCause(), 3);
    EXPECT_EQ(net.a->GetPartyState(first), CoNetDevice::PartyState::None);
    // Using it now is a stale handle.
    EXPECT_EQ(net.a->DropParty(first).GetCode(), CoStatusCode::InvalidData);
    EXPECT_EQ(Violations(CoRule::StaleHandle), 1u);
    EXPECT_TRUE(net.a->DeleteVc(vc).IsSuccess());
    EXPECT_EQ(net.a->GetPartyHandleCount(), 0u);
    EXPECT_EQ(net.a->GetQ2971PartyCount(), 0u);
    ExpectHostHoldsNothing(net.a, "a");
}

TEST_F(MultipointRootTest, MakeMultipointCallCompleteGivesTheFirstPartysHandle)
{
    // A client with makeMultipointCallComplete is told the first party's
    // handle with the completion (ProtocolClMakeCallComplete's
    // NdisPartyHandle): active on success, invalid already on failure; its
    // makeCallComplete is not called for multipoint calls.
    struct Told
    {
        CoStatus status;
        CoVcHandle vc;
        CoPartyHandle party;
        CoNetDevice::PartyState stateThen;
    };

    std::vector<Told> told;
    uint32_t plain = 0;
    CoClientHandlers h;
    h.makeCallComplete = CoCallback<void, CoStatus, CoVcHandle, const CoCallParameters&>(
        [&plain](CoStatus, CoVcHandle, const CoCallParameters&) { ++plain; });
    h.makeMultipointCallComplete =
        CoCallback<void, CoStatus, CoVcHandle, CoPartyHandle, const CoCallParameters&>(
            [this, &told](CoStatus s, CoVcHandle v, CoPartyHandle p, const CoCallParameters&) {
                told.push_back(Told{s, v, p, net.a->GetPartyState(p)});
            });
    h.closeCallComplete = CoCallback<void, CoStatus, CoVcHandle>([](CoStatus, CoVcHandle) {});
    CoClientHandle other = net.a->OpenAddressFamily(h);
    CoVcHandle mine;
    ASSERT_TRUE(net.a->CreateVc(other, mine).IsSuccess());

    CoPartyHandle party;
    ASSERT_TRUE(net.a->MakeCall(mine, OneWay(Leaf(1)), party).IsPending());
    RunFor(MilliSeconds(50));
    ASSERT_EQ(told.size(), 1u);
    EXPECT_TRUE(told[0].status.IsSuccess());
    EXPECT_EQ(told[0].vc, mine);
    EXPECT_EQ(told[0].party, party);
    EXPECT_EQ(told[0].stateThen, CoNetDevice::PartyState::Active);
    ASSERT_TRUE(net.a->CloseCall(mine, party).IsPending());
    RunFor(MilliSeconds(50));

    refuseSetup = true;
    CoPartyHandle refused;
    ASSERT_TRUE(net.a->MakeCall(mine, OneWay(Leaf(2)), refused).IsPending());
    RunFor(MilliSeconds(50));
    ASSERT_EQ(told.size(), 2u);
    EXPECT_FALSE(told[1].status.IsSuccess());
    EXPECT_EQ(told[1].party, refused);
    EXPECT_EQ(told[1].stateThen, CoNetDevice::PartyState::None) << "invalid when told";
    EXPECT_EQ(plain, 0u);
    EXPECT_EQ(Count("MakeCallComplete"), 0u) << "the other client was not told";
    EXPECT_TRUE(net.a->DeleteVc(mine).IsSuccess());
    EXPECT_EQ(net.a->GetPartyHandleCount(), 0u);
    EXPECT_EQ(net.a->GetQ2971PartyCount(), 0u);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, AddPartyPendsAndCompletesOnceAfterAlerting)
{
    Connect();
    addAnswer = AddAnswer::AlertThenAcknowledge;
    CoPartyHandle second;
    ASSERT_TRUE(net.a->AddParty(vc, OneWay(Leaf(2)), second).IsPending());
    EXPECT_EQ(net.a->GetPartyState(second), CoNetDevice::PartyState::Adding);
    EXPECT_TRUE(net.a->GetRuleChecker().IsPending(CoRequest::AddParty, second.GetValue()));
    RunFor(MilliSeconds(50));
    ASSERT_EQ(peer->Count(Q2931MessageType::AddParty), 1u);
    const Q2931Header add = peer->All(Q2931MessageType::AddParty)[0].message;
    EXPECT_EQ(add.GetEndpointReference()->value, 1u) << "references after 0 start at 1";
    EXPECT_EQ(add.GetCalledPartyNumber()->number, Leaf(2));
    EXPECT_EQ(Count("PartyAlerting"), 1u);
    ASSERT_EQ(Count("AddPartyComplete"), 1u);
    EXPECT_TRUE(Last("AddPartyComplete")->status.IsSuccess());
    EXPECT_GT(Last("AddPartyComplete")->at, events[events.size() - 2].at) << "alerting came first";
    EXPECT_EQ(net.a->GetPartyState(second), CoNetDevice::PartyState::Active);

    // A second acknowledgement is unexpected in P10: STATUS, nothing told twice.
    SendParty(Q2931MessageType::AddPartyAcknowledge, 1);
    RunFor(MilliSeconds(50));
    EXPECT_EQ(Count("AddPartyComplete"), 1u);
    ASSERT_EQ(peer->Count(Q2931MessageType::Status), 1u);
    const Q2931Header status = peer->All(Q2931MessageType::Status)[0].message;
    EXPECT_EQ(status.GetCause()->cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    EndpointStateIe state;
    ASSERT_TRUE(status.GetOtherIe(state));
    EXPECT_EQ(state.state, Q2971PartyState::Active);

    ASSERT_TRUE(net.a->DropParty(second).IsPending());
    RunFor(MilliSeconds(50));
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, ARejectedPartysHandleIsInvalid)
{
    Connect();
    addAnswer = AddAnswer::Reject;
    CoPartyHandle second = Add(2);
    ASSERT_EQ(Count("AddPartyComplete"), 1u);
    EXPECT_EQ(Last("AddPartyComplete")->status.GetCode(), CoStatusCode::NotAccepted);
    EXPECT_EQ(Last("AddPartyComplete")->status.GetCause(), Q2931Cause::CALL_REJECTED);
    EXPECT_EQ(net.a->GetPartyState(second), CoNetDevice::PartyState::None);
    EXPECT_EQ(net.a->GetQ2971PartyCount(), 1u) << "the first party only";
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, T399DropsAnUnansweredPartyWithCause102)
{
    Connect();
    addAnswer = AddAnswer::Nothing;
    CoPartyHandle second = Add(2);
    EXPECT_EQ(Count("AddPartyComplete"), 0u);
    RunFor(Seconds(13));
    EXPECT_EQ(Count("AddPartyComplete"), 0u) << "T399 is 14 s";
    RunFor(Seconds(2));
    ASSERT_EQ(Count("AddPartyComplete"), 1u);
    ExpectAddEndedByTimer(second);
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, T397DropsAPartyAlertedButNeverAddedWithCause102)
{
    // PARTY ALERTING stops T399 and starts T397 (Q.2971 9.2.3: 3 min by
    // default, set short here); its expiry ends the add as T399's does.
    net.a->SetAttribute("T397", TimeValue(Seconds(30)));
    Connect();
    addAnswer = AddAnswer::AlertOnly;
    CoPartyHandle second = Add(2);
    EXPECT_EQ(Count("PartyAlerting"), 1u);
    EXPECT_EQ(net.a->GetQ2971PartyState(second), Q2971PartyState::PartyAlertingReceived);
    RunFor(Seconds(20));
    EXPECT_EQ(Count("AddPartyComplete"), 0u) << "T399 (14 s) was stopped by the alerting";
    EXPECT_EQ(peer->Count(Q2931MessageType::DropParty), 0u);
    RunFor(Seconds(11));
    ASSERT_EQ(Count("AddPartyComplete"), 1u) << "T397 ran out at 30 s";
    ExpectAddEndedByTimer(second);
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, DropPartyPendsUntilAcknowledgedAndT398EndsItWithoutAnAnswer)
{
    Connect();
    CoPartyHandle second = Add(2);
    CoPartyHandle third = Add(3);
    ASSERT_EQ(Count("AddPartyComplete"), 2u);

    ASSERT_TRUE(net.a->DropParty(second).IsPending());
    EXPECT_EQ(net.a->GetPartyState(second), CoNetDevice::PartyState::Dropping)
        << "valid until the drop completes";
    EXPECT_EQ(net.a->DropParty(second).GetCode(), CoStatusCode::InvalidState);
    RunFor(MilliSeconds(50));
    ASSERT_EQ(Count("DropPartyComplete"), 1u);
    EXPECT_EQ(net.a->GetPartyState(second), CoNetDevice::PartyState::None);

    acknowledgeDrops = false;
    ASSERT_TRUE(net.a->DropParty(third).IsPending());
    RunFor(Seconds(3));
    EXPECT_EQ(Count("DropPartyComplete"), 1u) << "T398 is 4 s";
    RunFor(Seconds(2));
    EXPECT_EQ(Count("DropPartyComplete"), 2u);
    EXPECT_EQ(net.a->GetParties(vc), std::vector<CoPartyHandle>{first});
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, TheLastPartyIsClosedNotDropped)
{
    Connect();
    EXPECT_EQ(net.a->DropParty(first).GetCode(), CoStatusCode::InvalidState);
    EXPECT_EQ(Violations(CoRule::DropLastParty), 1u);
    EXPECT_EQ(peer->Count(Q2931MessageType::DropParty), 0u);
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 1u);
}

TEST_F(MultipointRootTest, CloseCallWithOtherPartiesLeftIsRefused)
{
    Connect();
    CoPartyHandle second = Add(2);
    EXPECT_EQ(net.a->CloseCall(vc).GetCode(), CoStatusCode::InvalidState);
    EXPECT_EQ(net.a->CloseCall(vc, first).GetCode(), CoStatusCode::InvalidState);
    EXPECT_EQ(Violations(CoRule::CloseWithParties), 2u);
    EXPECT_EQ(peer->Count(Q2931MessageType::Release), 0u);
    ASSERT_TRUE(net.a->DropParty(second).IsPending());
    RunFor(MilliSeconds(50));
    // A party of another VC is no party of this one.
    CoPartyHandle bogus(999);
    EXPECT_EQ(net.a->CloseCall(vc, bogus).GetCode(), CoStatusCode::InvalidData);
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 3u);
}

TEST_F(MultipointRootTest, ANetworkDropIsIndicatedWhileOtherPartiesRemain)
{
    Connect();
    CoPartyHandle second = Add(2);
    SendParty(Q2931MessageType::DropParty, 1, Q2931Cause::NO_ROUTE_TO_DESTINATION);
    RunFor(MilliSeconds(50));
    ASSERT_EQ(Count("IncomingDropParty"), 1u);
    EXPECT_EQ(Last("IncomingDropParty")->handle, second.GetValue());
    EXPECT_EQ(Last("IncomingDropParty")->status.GetCause(), Q2931Cause::NO_ROUTE_TO_DESTINATION);
    ASSERT_EQ(peer->Count(Q2931MessageType::DropPartyAcknowledge), 1u)
        << "Q.2971: acknowledged at once";
    EXPECT_EQ(net.a->GetPartyState(second), CoNetDevice::PartyState::None)
        << "the client's DropParty answered it";
    EXPECT_FALSE(
        net.a->GetRuleChecker().IsPending(CoRequest::IncomingDropParty, second.GetValue()));
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, AReleaseEndsAddsDropsAllButOneAndClosesTheCall)
{
    Connect();
    CoPartyHandle second = Add(2);
    CoPartyHandle third = Add(3);
    addAnswer = AddAnswer::Nothing;
    CoPartyHandle fourth = Add(4);
    acknowledgeDrops = false;
    ASSERT_TRUE(net.a->DropParty(third).IsPending());
    RunFor(MilliSeconds(10));
    Q2931Header release(Q2931MessageType::Release, callReference, true);
    release.SetCause(CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, Q2931Cause::NETWORK_OUT_OF_ORDER));
    peer->Send(release);
    RunFor(MilliSeconds(50));
    EXPECT_EQ(Count("AddPartyComplete"), 3u) << "two added, one failed";
    EXPECT_EQ(Last("AddPartyComplete")->handle, fourth.GetValue());
    EXPECT_EQ(Last("AddPartyComplete")->status.GetCause(), Q2931Cause::NETWORK_OUT_OF_ORDER);
    EXPECT_EQ(Count("DropPartyComplete"), 1u) << "the pending drop completes";
    EXPECT_EQ(Count("IncomingDropParty"), 1u) << "two active parties: one dropped, one closed";
    EXPECT_EQ(Last("IncomingDropParty")->handle, first.GetValue());
    ASSERT_EQ(Count("IncomingCloseCall"), 1u);
    EXPECT_EQ(net.a->GetParties(vc), std::vector<CoPartyHandle>{second});
    EXPECT_TRUE(net.a->CloseCall(vc, second).IsSuccess());
    EXPECT_TRUE(net.a->DeleteVc(vc).IsSuccess());
    EXPECT_EQ(net.a->GetPartyHandleCount(), 0u);
    EXPECT_EQ(net.a->GetQ2971PartyCount(), 0u);
    ExpectHostHoldsNothing(net.a, "a");
    net.a->EndOfRun();
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

TEST_F(MultipointRootTest, AnUnansweredIncomingDropPartyIsNeverCompleted)
{
    Connect();
    answerDrops = false;
    CoPartyHandle second = Add(2);
    SendParty(Q2931MessageType::DropParty, 1, Q2931Cause::NORMAL_CLEARING);
    RunFor(MilliSeconds(50));
    EXPECT_EQ(net.a->GetPartyState(second), CoNetDevice::PartyState::RemotelyDropped);
    net.a->EndOfRun();
    EXPECT_EQ(Violations(CoRule::NeverCompleted), 1u);
}

TEST_F(MultipointRootTest, AMessageForAnUnknownPartyIsAnsweredWithCause89)
{
    Connect();
    SendParty(Q2931MessageType::AddPartyAcknowledge, 7);
    RunFor(MilliSeconds(50));
    ASSERT_EQ(peer->Count(Q2931MessageType::DropPartyAcknowledge), 1u);
    const RawMessage answer = peer->All(Q2931MessageType::DropPartyAcknowledge)[0];
    EXPECT_EQ(answer.cause, Q2931Cause::INVALID_ENDPOINT_REFERENCE);
    EXPECT_EQ(answer.message.GetEndpointReference()->value, 7u);
    EXPECT_EQ(Count("AddPartyComplete"), 0u);
    // An ADD PARTY without its endpoint reference misses a mandatory IE.
    Q2931Header bare(Q2931MessageType::AddPartyAcknowledge, callReference, true);
    peer->Send(bare);
    RunFor(MilliSeconds(50));
    ASSERT_EQ(peer->Count(Q2931MessageType::Status), 1u);
    EXPECT_EQ(peer->All(Q2931MessageType::Status)[0].cause, Q2931Cause::MANDATORY_IE_MISSING);
    CloseAndExpectNothingLeft(first);
}

TEST_F(MultipointRootTest, AddPartyOnAPointToPointCallIsInvalidState)
{
    CoCallParameters p = OneWay(Leaf(1));
    ASSERT_TRUE(net.a->MakeCall(vc, p).IsPending());
    RunFor(MilliSeconds(50));
    CoPartyHandle party;
    EXPECT_EQ(net.a->AddParty(vc, OneWay(Leaf(2)), party).GetCode(), CoStatusCode::InvalidState);
    EXPECT_FALSE(party.IsValid());
    EXPECT_EQ(peer->Count(Q2931MessageType::AddParty), 0u);
    EXPECT_TRUE(net.a->CloseCall(vc).IsPending());
    RunFor(MilliSeconds(50));
    EXPECT_TRUE(net.a->DeleteVc(vc).IsSuccess());
    ExpectHostHoldsNothing(net.a, "a");
}

TEST_F(MultipointRootTest, ThePolicyDecidesAPartysOtherParameters)
{
    Connect();
    CoCallParameters lower = OneWay(Leaf(2));
    lower.forward.peakCellRate = 50;

    // ResetToVc (the default): the party gets the VC's contract, flagged.
    CoPartyHandle second;
    ASSERT_TRUE(net.a->AddParty(vc, lower, second).IsPending());
    RunFor(MilliSeconds(50));
    EXPECT_EQ(lastGranted.forward.peakCellRate, 100u);
    EXPECT_TRUE(lastGranted.modified);

    // Reject: refused at once, nothing sent.
    net.a->SetAttribute("PartyParametersPolicy",
                        EnumValue(int(CoNetDevice::PartyParametersPolicy::Reject)));
    CoPartyHandle refused;
    lower.calledParty = Leaf(3);
    CoStatus s = net.a->AddParty(vc, lower, refused);
    EXPECT_EQ(s.GetCause(), Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
    EXPECT_FALSE(refused.IsValid());
    EXPECT_EQ(peer->Count(Q2931MessageType::AddParty), 1u);

    // ChangeForAll: lower is taken for every party; higher is refused.
    net.a->SetAttribute("PartyParametersPolicy",
                        EnumValue(int(CoNetDevice::PartyParametersPolicy::ChangeForAll)));
    CoCallParameters higher = OneWay(Leaf(4));
    higher.forward.peakCellRate = 200;
    CoPartyHandle fourth;
    EXPECT_EQ(net.a->AddParty(vc, higher, fourth).GetCause(),
              Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
    CoPartyHandle third;
    ASSERT_TRUE(net.a->AddParty(vc, lower, third).IsPending());
    RunFor(MilliSeconds(50));
    EXPECT_EQ(net.a->GetCallParameters(vc).forward.peakCellRate, 50u);
    EXPECT_EQ(lastGranted.forward.peakCellRate, 50u);

    ASSERT_TRUE(net.a->DropParty(second).IsPending());
    ASSERT_TRUE(net.a->DropParty(third).IsPending());
    RunFor(MilliSeconds(50));
    CloseAndExpectNothingLeft(first);
    EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(), 0u);
}

/// Host b is a leaf; the switch's port toward it is a raw peer.
class MultipointLeafTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        net.Build();
        peer = std::make_unique<RawPeer>(net.sw->GetPort(1));
        RawPeer& p = *peer;
        peer->answer = [&p](const RawMessage& m) {
            if (m.type == Q2931MessageType::Connect)
            {
                p.Send(Q2931Header(Q2931MessageType::ConnectAcknowledge, m.reference, false));
            }
            if (m.type == Q2931MessageType::Release)
            {
                p.Send(Q2931Header(Q2931MessageType::ReleaseComplete, m.reference, false));
            }
        };
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    OneSwitchNetwork net;
    std::unique_ptr<RawPeer> peer;
};

TEST_F(MultipointLeafTest, ALeafSeesAnOrdinaryCallAndNamesItsPartyInItsAnswers)
{
    CoCallParameters p = OneWay(net.b->GetAesa());
    Q2931Header setup = SetupFromNetwork(net.b->GetAesa(), 9, 100, p);
    BroadbandBearerCapabilityIe bearer = *setup.GetBroadbandBearerCapability();
    bearer.userPlaneConfiguration = BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT;
    setup.SetBroadbandBearerCapability(bearer);
    setup.SetEndpointReference(EndpointReferenceIe(5, false));
    peer->Send(setup);
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
    EXPECT_EQ(net.cb->Count("IncomingCall"), 1u);
    EXPECT_EQ(net.cb->Count("CallConnected"), 1u);
    ASSERT_EQ(peer->Count(Q2931MessageType::Connect), 1u);
    const Q2931Header connect = peer->All(Q2931MessageType::Connect)[0].message;
    ASSERT_NE(connect.GetEndpointReference(), nullptr);
    EXPECT_EQ(connect.GetEndpointReference()->value, 5u);
    EXPECT_TRUE(connect.GetEndpointReference()->flag) << "the network allocated it";

    // A leaf is one party: a second is not taken.
    Q2931Header add(Q2931MessageType::AddParty, 9, false);
    add.SetEndpointReference(EndpointReferenceIe(6, false));
    add.SetCalledPartyNumber(CalledPartyNumberIe(net.b->GetAesa()));
    peer->Send(add);
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
    ASSERT_EQ(peer->Count(Q2931MessageType::AddPartyReject), 1u);
    EXPECT_EQ(peer->All(Q2931MessageType::AddPartyReject)[0].message.GetEndpointReference()->value,
              6u);

    Q2931Header release(Q2931MessageType::Release, 9, false);
    release.SetCause(CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, Q2931Cause::NORMAL_CLEARING));
    peer->Send(release);
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
    EXPECT_EQ(net.cb->Count("IncomingCloseCall"), 1u);
    ExpectHostHoldsNothing(net.b, "b");
    EXPECT_EQ(net.Violations(), 0u);
}

TEST_F(MultipointLeafTest, PartyMessagesOnAPointToPointCallAreNotTaken)
{
    peer->Send(SetupFromNetwork(net.b->GetAesa(), 9, 100, PeerCall()));
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
    ASSERT_EQ(peer->Count(Q2931MessageType::Connect), 1u);
    EXPECT_EQ(peer->All(Q2931MessageType::Connect)[0].message.GetEndpointReference(), nullptr)
        << "a point-to-point call names no party";
    Q2931Header drop(Q2931MessageType::DropParty, 9, false);
    drop.SetEndpointReference(EndpointReferenceIe(0, false));
    drop.SetCause(CauseIe(CauseIe::LOCATION_PUBLIC_LOCAL, Q2931Cause::NORMAL_CLEARING));
    peer->Send(drop);
    Simulator::Stop(MilliSeconds(50));
    Simulator::Run();
    ASSERT_EQ(peer->Count(Q2931MessageType::DropPartyAcknowledge), 1u);
    EXPECT_EQ(peer->All(Q2931MessageType::DropPartyAcknowledge)[0].cause,
              Q2931Cause::INVALID_ENDPOINT_REFERENCE);
    EXPECT_EQ(net.b->GetCallState(net.cb->incomingVc), CoNetDevice::CallState::Connected)
        << "the call goes on";
    EXPECT_EQ(net.Violations(), 0u);
}

} // namespace
