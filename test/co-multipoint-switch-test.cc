/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Point-to-multipoint calls through the switch (Q.2971), with raw Q.2931
 * peers as the root and the leaves: a branch per output port (ADD PARTY on
 * a branch the call has, SETUP on a new port), admission once per port,
 * one copy of each frame per branch, ADD PARTY REJECT where a party cannot
 * be added, DROP PARTY and its acknowledgement both ways, the last party on
 * an interface ending with RELEASE, failures beyond a branch dropping
 * exactly its parties, and the answers to party messages in the wrong
 * state. Every test ends with the switches holding nothing.
 */

#include "co-raw-peer.h"
#include "co-test-network.h"

#include "ns3/atm-frame-header.h"
#include "ns3/boolean.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/double.h"
#include "ns3/q2931-atm-traffic-descriptor-ie.h"
#include "ns3/q2931-call-procedures.h"
#include "ns3/q2931-calling-party-number-ie.h"
#include "ns3/q2971-endpoint-state-ie.h"
#include "ns3/uni40-lij-call-identifier-ie.h"
#include "ns3/uni40-lij-parameters-ie.h"

#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Type = Q2931MessageType;

/// The root's call reference in every test.
constexpr uint32_t ROOT_REFERENCE = 7;
/// The forward peak cell rate of the multipoint calls (CBR).
constexpr uint32_t PCR = 100;

/// \return the address of leaf \p n (routed by the tests)
AesaAddress
Leaf(int n)
{
    std::ostringstream os;
    os << "47.0005.80ffe1000000f21a" << 3000 + n << ".0020481a2222.00";
    return AesaAddress::FromString(os.str());
}

/// \return a root's SETUP of a multipoint call to \p called: CBR PCR forward, nothing backward
Q2931Header
MultipointSetup(const AesaAddress& called, uint32_t backward = 0)
{
    Q2931Header setup(Type::Setup, ROOT_REFERENCE, false);
    CoCallParameters p;
    p.category = CoServiceCategory::Cbr;
    p.forward.peakCellRate = PCR;
    p.backward.peakCellRate = backward;
    p.calledParty = called;
    setup.SetCallParameters(p);
    BroadbandBearerCapabilityIe bearer = *setup.GetBroadbandBearerCapability();
    bearer.userPlaneConfiguration = BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT;
    setup.SetBroadbandBearerCapability(bearer);
    setup.SetEndpointReference(EndpointReferenceIe(0, false));
    return setup;
}

/// \return a party message on a call reference, for an endpoint reference
Q2931Header
Party(Type type,
      uint32_t reference,
      bool flag,
      uint16_t endpoint,
      bool endpointFlag,
      uint8_t cause = 0)
{
    Q2931Header m(type, reference, flag);
    if (cause != 0)
    {
        m.SetCause(CauseIe(CauseIe::LOCATION_USER, cause));
    }
    m.SetEndpointReference(EndpointReferenceIe(endpoint, endpointFlag));
    return m;
}

/// \return the root's ADD PARTY for \p called as party \p endpoint
Q2931Header
AddParty(uint16_t endpoint, const AesaAddress& called)
{
    Q2931Header add(Type::AddParty, ROOT_REFERENCE, false);
    add.SetCalledPartyNumber(CalledPartyNumberIe(called));
    add.SetEndpointReference(EndpointReferenceIe(endpoint, false));
    return add;
}

/**
 * A raw peer that answers as a leaf or a root would unless told otherwise:
 * SETUP with CONNECT, ADD PARTY with ADD PARTY ACKNOWLEDGE, DROP PARTY with
 * DROP PARTY ACKNOWLEDGE, RELEASE with RELEASE COMPLETE.
 */
class Peer : public RawPeer
{
  public:
    explicit Peer(Ptr<CoPortNetDevice> device)
        : RawPeer(device)
    {
        answer = [this](const RawMessage& m) { Answer(m.message); };
    }

    /// \return the last message of \p type (fails the test when none came)
    RawMessage Last(Type type) const
    {
        std::vector<RawMessage> all = All(type);
        if (all.empty())
        {
            ADD_FAILURE() << "no " << GetQ2931MessageTypeName(type);
            return RawMessage{type, 0, false, 0, Q2931Header(), Seconds(-1)};
        }
        return all.back();
    }

    /// \return the endpoint reference of a message (value, flag); (0xffff, false) when absent
    static std::pair<uint16_t, bool> Endpoint(const RawMessage& m)
    {
        const EndpointReferenceIe* e = m.message.GetEndpointReference();
        return e ? std::make_pair(e->value, e->flag) : std::make_pair(uint16_t(0xffff), false);
    }

    /// \return the user-data frames received, over every VCI
    uint64_t Frames() const
    {
        uint64_t n = 0;
        for (const auto& [vci, count] : frames)
        {
            n += count;
        }
        return n;
    }

    /// Sends RELEASE (normal clearing) on a call reference.
    void Release(uint32_t reference, bool flag)
    {
        Q2931Header release(Type::Release, reference, flag);
        release.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
        Send(release);
    }

    bool connect = true;                         //!< answer SETUP with CONNECT
    bool acknowledgeAdds = true;                 //!< answer ADD PARTY with ADD PARTY ACKNOWLEDGE
    bool acknowledgeDrops = true;                //!< answer DROP PARTY with DROP PARTY ACKNOWLEDGE
    std::function<void(const RawMessage&)> also; //!< called on each message, if set

  private:
    void Answer(const Q2931Header& m)
    {
        uint32_t cref = m.GetCallReference();
        bool flag = !m.GetCallReferenceFlag();
        const EndpointReferenceIe* e = m.GetEndpointReference();
        switch (m.GetMessageType())
        {
        case Type::Setup:
            if (connect)
            {
                Q2931Header answer(Type::Connect, cref, flag);
                answer.SetEndpointReference(EndpointReferenceIe(e ? e->value : 0, true));
                Send(answer);
            }
            break;
        case Type::AddParty:
            if (acknowledgeAdds && e)
            {
                Send(Party(Type::AddPartyAcknowledge, cref, flag, e->value, !e->flag));
            }
            break;
        case Type::DropParty:
            if (acknowledgeDrops && e)
            {
                Send(Party(Type::DropPartyAcknowledge, cref, flag, e->value, !e->flag));
            }
            break;
        case Type::Release:
            Send(Q2931Header(Type::ReleaseComplete, cref, flag));
            break;
        default:
            break;
        }
        if (also)
        {
            also(received.back());
        }
    }
};

/// Runs the simulation for \p t more.
void
RunFor(Time t)
{
    Simulator::Stop(t);
    Simulator::Run();
}

/// Asserts what ExpectSwitchHoldsNothing() does, after the simulation ran out.
void
ExpectNothingLeft(Ptr<CoSwitch> sw, const std::string& name)
{
    Simulator::Run();
    ExpectSwitchHoldsNothing(sw, name);
}

/**
 * One switch: the root on port 0; leaves 1 and 2 behind port 1 (a peer that
 * stands for the rest of the network), 3 and 4 behind port 2, 5 behind port 3.
 */
class MultipointSwitchTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        std::array<Ptr<CoPortNetDevice>, 4> devices;
        sw = MakeSwitchWithRawPeers(devices);
        for (uint32_t i = 0; i < 4; ++i)
        {
            peers[i] = std::make_unique<Peer>(devices[i]);
        }
        sw->AddRoute(Leaf(1), 104, 1);
        sw->AddRoute(Leaf(2), 104, 1);
        sw->AddRoute(Leaf(3), 104, 2);
        sw->AddRoute(Leaf(4), 104, 2);
        sw->AddRoute(Leaf(5), 104, 3);
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// The root calls leaf 1 (the peer on port 1 connects): \return the root's VCI
    uint16_t Open()
    {
        peers[0]->Send(MultipointSetup(Leaf(1)));
        RunFor(MilliSeconds(100));
        EXPECT_EQ(peers[0]->Count(Type::Connect), 1u);
        if (peers[0]->Count(Type::CallProceeding) != 1)
        {
            ADD_FAILURE() << "no CALL PROCEEDING";
            return 0;
        }
        return peers[0]->Last(Type::CallProceeding).message.GetConnectionIdentifier()->vci;
    }

    /// The root adds leaf \p n as party \p endpoint.
    void Add(uint16_t endpoint, int n)
    {
        peers[0]->Send(AddParty(endpoint, Leaf(n)));
        RunFor(MilliSeconds(100));
    }

    /// The root sends \p count frames on its VCI.
    void SendData(uint16_t vci, int count)
    {
        for (int i = 0; i < count; ++i)
        {
            peers[0]->device->SendFrame(Create<Packet>(100), 0, vci, AtmTrafficType::VcMultiplexed);
        }
        RunFor(MilliSeconds(100));
    }

    /// The root releases the call.
    void ReleaseFromRoot()
    {
        peers[0]->Release(ROOT_REFERENCE, false);
        RunFor(MilliSeconds(100));
    }

    /// \return the call reference of the last SETUP on port \p i
    uint32_t BranchReference(uint32_t i) const
    {
        return peers[i]->Last(Type::Setup).reference;
    }

    Ptr<CoSwitch> sw;                           //!< the switch
    std::array<std::unique_ptr<Peer>, 4> peers; //!< the root (0) and the peers on ports 1..3
};

TEST_F(MultipointSwitchTest, TheFirstPartyGoesAsAPointToPointCallWithEndpointReferences)
{
    uint16_t vci = Open();
    ASSERT_EQ(peers[1]->Count(Type::Setup), 1u);
    RawMessage setup = peers[1]->Last(Type::Setup);
    EXPECT_EQ(setup.message.GetBroadbandBearerCapability()->userPlaneConfiguration,
              BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT);
    EXPECT_EQ(Peer::Endpoint(setup), std::make_pair(uint16_t(0), false));
    EXPECT_EQ(setup.message.GetCallParameters().backward.peakCellRate, 0u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::CallProceeding)),
              std::make_pair(uint16_t(0), true));
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::Connect)), std::make_pair(uint16_t(0), true));
    EXPECT_EQ(peers[1]->Count(Type::ConnectAcknowledge), 1u);
    // Forward reserved toward the leaf, nothing back toward the root.
    EXPECT_EQ(sw->GetReservedCellRate(1), PCR);
    EXPECT_EQ(sw->GetReservedCellRate(0), 0u);
    EXPECT_EQ(sw->GetMultipointCallCount(), 1u);
    EXPECT_EQ(sw->GetBranchCount(), 1u);
    EXPECT_EQ(sw->GetPartyCount(), 2u) << "the party on the root's interface and on the branch's";
    EXPECT_EQ(sw->GetPartyState(0, ROOT_REFERENCE, false, 0, false), Q2971PartyState::Active);
    EXPECT_EQ(sw->GetPartyState(1, setup.reference, true, 0, true), Q2971PartyState::Active);
    EXPECT_EQ(sw->GetCrossConnectCount(), 1u) << "one way: nothing flows back to the root";
    SendData(vci, 2);
    EXPECT_EQ(peers[1]->frames[setup.message.GetConnectionIdentifier()->vci], 2u);
    // Nothing goes back from the leaf.
    peers[1]->device->SendFrame(Create<Packet>(50),
                                0,
                                setup.message.GetConnectionIdentifier()->vci,
                                AtmTrafficType::VcMultiplexed);
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Frames(), 0u);
    ReleaseFromRoot();
    EXPECT_EQ(peers[1]->Count(Type::Release), 1u);
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, AddPartyBranchesWhereThePathsDivergeAndCopiesOncePerPort)
{
    std::vector<std::pair<uint32_t, uint16_t>> added;
    sw->TraceConnectWithoutContext("PartyAdded",
                                   MakeCallback(+[](std::vector<std::pair<uint32_t, uint16_t>>* log,
                                                    uint64_t,
                                                    uint32_t port,
                                                    uint16_t reference) {
                                       log->emplace_back(port, reference);
                                   }).Bind(&added));
    uint16_t vci = Open();
    uint32_t onPort1 = BranchReference(1);

    // Leaf 2 is behind port 1 too: ADD PARTY on the branch, no new reservation.
    Add(1, 2);
    ASSERT_EQ(peers[1]->Count(Type::AddParty), 1u);
    RawMessage add = peers[1]->Last(Type::AddParty);
    EXPECT_EQ(add.reference, onPort1);
    EXPECT_FALSE(add.flag);
    EXPECT_EQ(Peer::Endpoint(add), std::make_pair(uint16_t(1), false)) << "the switch's first";
    EXPECT_EQ(add.message.GetCalledPartyNumber()->number, Leaf(2));
    EXPECT_EQ(peers[1]->Count(Type::Setup), 1u);
    ASSERT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 1u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::AddPartyAcknowledge)),
              std::make_pair(uint16_t(1), true));
    EXPECT_EQ(sw->GetReservedCellRate(1), PCR) << "once per port, not per leaf";

    // Leaf 3 is behind port 2: a new branch, set up with SETUP, admitted there.
    peers[2]->connect = false;
    Add(2, 3);
    ASSERT_EQ(peers[2]->Count(Type::Setup), 1u);
    RawMessage setup = peers[2]->Last(Type::Setup);
    EXPECT_EQ(Peer::Endpoint(setup), std::make_pair(uint16_t(0), false));
    EXPECT_EQ(setup.message.GetCallParameters().calledParty, Leaf(3));
    EXPECT_EQ(setup.message.GetCallParameters().forward.peakCellRate, PCR);
    EXPECT_EQ(sw->GetReservedCellRate(2), PCR);
    EXPECT_EQ(sw->GetBranchCount(), 2u);
    peers[2]->Send(Q2931Header(Type::Alerting, setup.reference, true));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::PartyAlerting), 1u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::PartyAlerting)),
              std::make_pair(uint16_t(2), true));
    EXPECT_EQ(peers[0]->Count(Type::Alerting), 0u) << "the call is connected: the party alerts";
    EXPECT_EQ(sw->GetPartyState(0, ROOT_REFERENCE, false, 2, false),
              Q2971PartyState::PartyAlertingDelivered);
    // Data before the branch connects does not reach it.
    SendData(vci, 1);
    EXPECT_EQ(peers[2]->Frames(), 0u);
    peers[2]->Send(Q2931Header(Type::Connect, setup.reference, true));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[2]->Count(Type::ConnectAcknowledge), 1u);
    EXPECT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 2u);
    EXPECT_EQ(sw->GetPartyState(0, ROOT_REFERENCE, false, 2, false), Q2971PartyState::Active);

    // A frame reaches each port once, however many leaves lie beyond it.
    SendData(vci, 3);
    EXPECT_EQ(peers[1]->Frames(), 4u) << "1 before leaf 3 joined, then 3";
    EXPECT_EQ(peers[2]->Frames(), 3u);
    EXPECT_EQ(peers[3]->Frames(), 0u);
    EXPECT_EQ(sw->GetCrossConnectCount(), 1u);
    EXPECT_EQ(added, (std::vector<std::pair<uint32_t, uint16_t>>{{1, 0}, {1, 1}, {2, 2}}));

    ReleaseFromRoot();
    EXPECT_EQ(peers[1]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[2]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[1]->Count(Type::DropParty), 0u) << "RELEASE ends every party on a branch";
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, AnAddToABranchStillBeingSetUpWaitsForItsConnect)
{
    Open();
    peers[2]->connect = false;
    Add(2, 3);
    Add(3, 4); // behind port 2 as well, whose branch is not connected yet
    EXPECT_EQ(peers[2]->Count(Type::Setup), 1u);
    EXPECT_EQ(peers[2]->Count(Type::AddParty), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 2u);
    peers[2]->Send(Q2931Header(Type::Connect, BranchReference(2), true));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[2]->Count(Type::AddParty), 1u);
    EXPECT_EQ(peers[2]->Last(Type::AddParty).message.GetCalledPartyNumber()->number, Leaf(4));
    EXPECT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 2u);
    EXPECT_EQ(sw->GetReservedCellRate(2), PCR);
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, T303SendsABranchsSetupAgainAsItWas)
{
    // Q.2931 5.2.1: a branch's SETUP sent again at T303 is the first one,
    // for the first branch (the root's SETUP, with the LIJ IEs the switch
    // passes on) as for one that an ADD PARTY opened.
    Q2931Header setup = MultipointSetup(Leaf(1));
    setup.SetCallingPartyNumber(CallingPartyNumberIe(Leaf(9)));
    setup.SetOtherIe(LijCallIdentifierIe(7));
    setup.SetOtherIe(LijParametersIe());
    peers[1]->connect = false;
    peers[2]->connect = false;
    // Each branch's second SETUP is its first, then the branch connects.
    auto sentAgainAsItWas = [this](uint32_t i) {
        std::vector<RawMessage> setups = peers[i]->All(Type::Setup);
        ASSERT_EQ(setups.size(), 2u) << "port " << i;
        EXPECT_EQ(setups[1].at - setups[0].at, Seconds(4)) << "port " << i;
        const Q2931Header& again = setups[1].message;
        EXPECT_EQ(Peer::Endpoint(setups[1]), std::make_pair(uint16_t(0), false)) << "port " << i;
        EXPECT_EQ(again.GetBroadbandBearerCapability()->userPlaneConfiguration,
                  BroadbandBearerCapabilityIe::POINT_TO_MULTIPOINT);
        LijCallIdentifierIe identifier;
        ASSERT_TRUE(again.GetOtherIe(identifier)) << "port " << i;
        EXPECT_EQ(identifier.value, 7u);
        LijParametersIe parameters;
        EXPECT_TRUE(again.GetOtherIe(parameters)) << "port " << i;
        EXPECT_EQ(Bytes(again), Bytes(setups[0].message)) << "port " << i;
        peers[i]->Send(Q2931Header(Type::Connect, setups[1].reference, true));
        RunFor(MilliSeconds(100));
    };
    peers[0]->Send(setup);
    RunFor(Seconds(4) + MilliSeconds(100));
    sentAgainAsItWas(1);
    Add(2, 3);
    RunFor(Seconds(4));
    sentAgainAsItWas(2);
    EXPECT_EQ(peers[0]->Count(Type::Connect), 1u);
    EXPECT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 1u);
    EXPECT_EQ(sw->GetBranchCount(), 2u);
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, AddPartyIsRejectedWithTheCauseOfWhateverRefusedIt)
{
    Open();
    // No route.
    peers[0]->Send(
        AddParty(1, AesaAddress::FromString("47.0005.80ffe1000000f21a9999.0020481a2222.00")));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::AddPartyReject), 1u);
    EXPECT_EQ(peers[0]->Last(Type::AddPartyReject).cause, Q2931Cause::NO_ROUTE_TO_DESTINATION);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::AddPartyReject)),
              std::make_pair(uint16_t(1), true));

    // The leaf behind an existing branch refuses: ADD PARTY REJECT passes on.
    peers[1]->acknowledgeAdds = false;
    Add(2, 2);
    RawMessage add = peers[1]->Last(Type::AddParty);
    peers[1]->Send(Party(Type::AddPartyReject,
                         add.reference,
                         true,
                         Peer::Endpoint(add).first,
                         true,
                         Q2931Cause::CALL_REJECTED));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::AddPartyReject), 2u);
    EXPECT_EQ(peers[0]->Last(Type::AddPartyReject).cause, Q2931Cause::CALL_REJECTED);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::AddPartyReject)).first, 2u);

    // The leaf behind a new port refuses its SETUP: the branch is freed.
    peers[2]->connect = false;
    peers[2]->also = [this](const RawMessage& m) {
        if (m.type == Type::Setup)
        {
            Q2931Header refuse(Type::ReleaseComplete, m.reference, true);
            refuse.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::USER_BUSY));
            peers[2]->Send(refuse);
        }
    };
    Add(3, 3);
    ASSERT_EQ(peers[0]->Count(Type::AddPartyReject), 3u);
    EXPECT_EQ(peers[0]->Last(Type::AddPartyReject).cause, Q2931Cause::USER_BUSY);
    EXPECT_EQ(sw->GetReservedCellRate(2), 0u);
    EXPECT_EQ(sw->GetVciCount(2), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 1u);
    EXPECT_EQ(sw->GetPartyCount(), 2u) << "the first party alone, on both interfaces";
    EXPECT_EQ(peers[0]->Count(Type::Release), 0u) << "the call goes on with its first party";

    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, AdmissionReservesOncePerPortAndRefusesANewBranchThatDoesNotFit)
{
    // Room for 150 cells/s a port: one branch of 100, not two.
    sw->SetAttribute("AdmissibleFraction", DoubleValue(150.0 / sw->GetAdmissibleCellRate(2)));
    // A point-to-point call from port 3 to leaf 3 (port 2) takes 100 there.
    Q2931Header p2p(Type::Setup, 9, false);
    CoCallParameters p = PeerCall();
    p.calledParty = Leaf(3);
    p2p.SetCallParameters(p);
    peers[3]->Send(p2p);
    RunFor(MilliSeconds(100));
    EXPECT_EQ(sw->GetReservedCellRate(2), 100u);

    Open();
    Add(1, 2); // on the branch out of port 1: admitted, nothing more reserved
    EXPECT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 1u);
    EXPECT_EQ(sw->GetReservedCellRate(1), PCR);
    Add(2, 4); // a new branch out of port 2, which cannot take another 100
    ASSERT_EQ(peers[0]->Count(Type::AddPartyReject), 1u);
    EXPECT_EQ(peers[0]->Last(Type::AddPartyReject).cause, Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE);
    EXPECT_EQ(sw->GetReservedCellRate(2), 100u);
    EXPECT_EQ(peers[2]->Count(Type::Setup), 1u) << "the point-to-point call's only";

    ReleaseFromRoot();
    peers[3]->Release(9, false);
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, RootDropsANonLastPartyWithDropPartyAndTheLastOfABranchWithRelease)
{
    uint16_t vci = Open();
    uint32_t onPort1 = BranchReference(1);
    Add(1, 2); // port 1 again
    Add(2, 3); // port 2
    ASSERT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 2u);

    // Party 1 is not the last on port 1's branch: DROP PARTY goes down.
    peers[0]->Send(
        Party(Type::DropParty, ROOT_REFERENCE, false, 1, false, Q2931Cause::NORMAL_CLEARING));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::DropPartyAcknowledge), 1u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::DropPartyAcknowledge)),
              std::make_pair(uint16_t(1), true));
    ASSERT_EQ(peers[1]->Count(Type::DropParty), 1u);
    EXPECT_EQ(peers[1]->Last(Type::DropParty).reference, onPort1);
    EXPECT_EQ(peers[1]->Last(Type::DropParty).cause, Q2931Cause::NORMAL_CLEARING);
    EXPECT_EQ(Peer::Endpoint(peers[1]->Last(Type::DropParty)), std::make_pair(uint16_t(1), false));
    EXPECT_EQ(peers[1]->Count(Type::Release), 0u);
    EXPECT_EQ(sw->GetReservedCellRate(1), PCR);
    EXPECT_EQ(sw->GetRunningTimerCount(), 0u) << "T398 stopped by DROP PARTY ACKNOWLEDGE";

    // Party 0 is the last on port 1's branch: the branch is released.
    peers[0]->Send(
        Party(Type::DropParty, ROOT_REFERENCE, false, 0, false, Q2931Cause::NORMAL_CLEARING));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::DropPartyAcknowledge), 2u);
    EXPECT_EQ(peers[1]->Count(Type::DropParty), 1u);
    ASSERT_EQ(peers[1]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[1]->Last(Type::Release).cause, Q2931Cause::NORMAL_CLEARING);
    EXPECT_EQ(sw->GetReservedCellRate(1), 0u);
    EXPECT_EQ(sw->GetVciCount(1), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 1u);
    uint64_t before = peers[1]->Frames();
    SendData(vci, 2);
    EXPECT_EQ(peers[1]->Frames(), before) << "a dropped leaf receives nothing more";
    EXPECT_EQ(peers[2]->Frames(), 2u);

    ReleaseFromRoot();
    EXPECT_EQ(peers[2]->Count(Type::Release), 1u);
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, ALeafsEndIsDropPartyTowardTheRootWhileOthersRemainAndReleaseForTheLast)
{
    Open();
    uint32_t onPort1 = BranchReference(1);
    Add(1, 2); // port 1
    Add(2, 3); // port 2
    uint32_t onPort2 = BranchReference(2);

    // Leaf 2 drops itself on port 1's branch (party 1 there).
    peers[1]->Send(Party(Type::DropParty, onPort1, true, 1, true, Q2931Cause::NORMAL_CLEARING));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[1]->Count(Type::DropPartyAcknowledge), 1u);
    ASSERT_EQ(peers[0]->Count(Type::DropParty), 1u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::DropParty)), std::make_pair(uint16_t(1), true));
    EXPECT_EQ(peers[0]->Last(Type::DropParty).cause, Q2931Cause::NORMAL_CLEARING);

    // Leaf 3 releases its branch: DROP PARTY toward the root, party 0 remains.
    peers[2]->Release(onPort2, true);
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[2]->Count(Type::ReleaseComplete), 1u);
    ASSERT_EQ(peers[0]->Count(Type::DropParty), 2u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::DropParty)).first, 2u);
    EXPECT_EQ(peers[0]->Count(Type::Release), 0u);
    EXPECT_EQ(sw->GetReservedCellRate(2), 0u);

    // Leaf 1, the last: RELEASE toward the root.
    peers[1]->Release(onPort1, true);
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[0]->Last(Type::Release).cause, Q2931Cause::NORMAL_CLEARING);
    EXPECT_EQ(peers[0]->Count(Type::DropParty), 2u);
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, ALinkFailureBeyondABranchDropsExactlyItsParties)
{
    std::vector<std::pair<uint32_t, uint8_t>> dropped;
    sw->TraceConnectWithoutContext("PartyDropped",
                                   MakeCallback(+[](std::vector<std::pair<uint32_t, uint8_t>>* log,
                                                    uint64_t,
                                                    uint32_t port,
                                                    uint16_t,
                                                    uint8_t cause) {
                                       log->emplace_back(port, cause);
                                   }).Bind(&dropped));
    uint16_t vci = Open();
    Add(1, 2); // port 1
    Add(2, 3); // port 2
    Add(3, 5); // port 3
    ASSERT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 3u);

    DynamicCast<CoChannel>(peers[1]->device->GetChannel())->SetLinkUp(false);
    RunFor(MilliSeconds(100));
    std::vector<RawMessage> drops = peers[0]->All(Type::DropParty);
    ASSERT_EQ(drops.size(), 2u);
    EXPECT_EQ(Peer::Endpoint(drops[0]).first, 0u);
    EXPECT_EQ(Peer::Endpoint(drops[1]).first, 1u);
    EXPECT_EQ(drops[0].cause, Q2931Cause::TEMPORARY_FAILURE);
    EXPECT_EQ(peers[0]->Count(Type::Release), 0u);
    EXPECT_EQ(sw->GetReservedCellRate(1), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 2u);
    EXPECT_EQ(dropped,
              (std::vector<std::pair<uint32_t, uint8_t>>{{1, Q2931Cause::TEMPORARY_FAILURE},
                                                         {1, Q2931Cause::TEMPORARY_FAILURE}}));
    SendData(vci, 2);
    EXPECT_EQ(peers[2]->Frames(), 2u);
    EXPECT_EQ(peers[3]->Frames(), 2u);

    // The other two branches fail in turn: DROP PARTY, then RELEASE for the last.
    DynamicCast<CoChannel>(peers[2]->device->GetChannel())->SetLinkUp(false);
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::DropParty), 3u);
    DynamicCast<CoChannel>(peers[3]->device->GetChannel())->SetLinkUp(false);
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::DropParty), 3u);
    ASSERT_EQ(peers[0]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[0]->Last(Type::Release).cause, Q2931Cause::TEMPORARY_FAILURE);
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, T399DropsAnUnansweredAddAndT398ReleasesAnUnacknowledgedDrop)
{
    Open();
    Add(2, 3); // port 2: a second branch, so that the call outlives the add
    peers[1]->acknowledgeAdds = false;
    peers[1]->acknowledgeDrops = false;
    Time sent = Simulator::Now();
    Add(1, 2); // port 1's branch: ADD PARTY, never answered
    EXPECT_EQ(sw->GetRunningTimerCount(), 1u) << "T399";
    RunFor(Seconds(15));
    ASSERT_EQ(peers[1]->Count(Type::DropParty), 1u);
    EXPECT_EQ(peers[1]->Last(Type::DropParty).cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    EXPECT_GT(peers[1]->Last(Type::DropParty).at - sent, Seconds(14));
    ASSERT_EQ(peers[0]->Count(Type::AddPartyReject), 1u);
    EXPECT_EQ(peers[0]->Last(Type::AddPartyReject).cause, Q2931Cause::NO_USER_RESPONDING);
    EXPECT_EQ(sw->GetPartyState(1, BranchReference(1), true, 1, true),
              Q2971PartyState::DropPartyInitiated);
    RunFor(Seconds(5)); // T398 (4 s): the party is released locally
    EXPECT_EQ(sw->GetPartyState(1, BranchReference(1), true, 1, true), Q2971PartyState::Null);
    EXPECT_EQ(sw->GetRunningTimerCount(), 0u);
    EXPECT_EQ(peers[1]->Count(Type::Release), 0u) << "party 0 is still on the branch";
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, PartyMessagesInTheWrongStateGetQ2971sAnswers)
{
    // ADD PARTY on a point-to-point call: STATUS, cause 101.
    Q2931Header p2p(Type::Setup, 9, false);
    CoCallParameters p = PeerCall();
    p.calledParty = Leaf(5);
    p2p.SetCallParameters(p);
    peers[0]->Send(p2p);
    RunFor(MilliSeconds(100));
    Q2931Header onP2p(Type::AddParty, 9, false);
    onP2p.SetCalledPartyNumber(CalledPartyNumberIe(Leaf(2)));
    onP2p.SetEndpointReference(EndpointReferenceIe(1, false));
    peers[0]->Send(onP2p);
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::Status), 1u);
    EXPECT_EQ(peers[0]->Last(Type::Status).cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    EXPECT_EQ(peers[3]->Count(Type::AddParty), 0u);

    // ADD PARTY before the multipoint call is connected: STATUS, cause 101.
    peers[1]->connect = false;
    peers[0]->Send(MultipointSetup(Leaf(1)));
    RunFor(MilliSeconds(100));
    peers[0]->Send(AddParty(1, Leaf(2)));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::Status), 2u);
    EXPECT_EQ(peers[0]->Last(Type::Status).cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    EXPECT_EQ(peers[1]->Count(Type::AddParty), 0u);
    uint32_t onPort1 = BranchReference(1);
    peers[1]->Send(Q2931Header(Type::Connect, onPort1, true));
    RunFor(MilliSeconds(100));

    // DROP PARTY for no party: DROP PARTY ACKNOWLEDGE, cause 89.
    peers[0]->Send(
        Party(Type::DropParty, ROOT_REFERENCE, false, 5, false, Q2931Cause::NORMAL_CLEARING));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::DropPartyAcknowledge), 1u);
    EXPECT_EQ(peers[0]->Last(Type::DropPartyAcknowledge).cause,
              Q2931Cause::INVALID_ENDPOINT_REFERENCE);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::DropPartyAcknowledge)),
              std::make_pair(uint16_t(5), true));

    // ADD PARTY ACKNOWLEDGE for a party not being added (the branch's active
    // one): STATUS 101 naming the party and its state.
    peers[1]->Send(Party(Type::AddPartyAcknowledge, onPort1, true, 0, true));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[1]->Count(Type::Status), 1u);
    RawMessage status = peers[1]->Last(Type::Status);
    EXPECT_EQ(status.cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    EXPECT_EQ(Peer::Endpoint(status), std::make_pair(uint16_t(0), false));
    EndpointStateIe state;
    ASSERT_TRUE(status.message.GetOtherIe(state));
    EXPECT_EQ(state.state, Q2971PartyState::Active);

    // ADD PARTY ACKNOWLEDGE for no party: DROP PARTY ACKNOWLEDGE, cause 89.
    peers[1]->Send(Party(Type::AddPartyAcknowledge, onPort1, true, 42, true));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[1]->Count(Type::DropPartyAcknowledge), 1u);
    EXPECT_EQ(peers[1]->Last(Type::DropPartyAcknowledge).cause,
              Q2931Cause::INVALID_ENDPOINT_REFERENCE);

    // ADD PARTY for a reference in use, or from a leaf: STATUS 101.
    peers[0]->Send(AddParty(0, Leaf(2)));
    peers[1]->Send(Party(Type::AddParty, onPort1, true, 3, false));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::Status), 3u);
    EXPECT_EQ(peers[1]->Count(Type::Status), 2u);

    // A party message without an endpoint reference: STATUS 96.
    peers[0]->Send(Q2931Header(Type::DropParty, ROOT_REFERENCE, false));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::Status), 4u);
    EXPECT_EQ(peers[0]->Last(Type::Status).cause, Q2931Cause::MANDATORY_IE_MISSING);

    // Stray answers to nothing are let go.
    peers[1]->Send(Party(Type::AddPartyReject, onPort1, true, 9, true, Q2931Cause::CALL_REJECTED));
    peers[1]->Send(Party(Type::DropPartyAcknowledge, onPort1, true, 9, true));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[1]->Count(Type::Status), 2u);
    EXPECT_EQ(peers[1]->Count(Type::DropPartyAcknowledge), 1u);
    EXPECT_EQ(peers[0]->Count(Type::Release), 0u) << "none of this cleared the call";
    EXPECT_EQ(sw->GetPartyCount(), 2u);

    ReleaseFromRoot();
    peers[0]->Release(9, false);
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, ABranchRefusedWhileAddsWaitForItRejectsThemAll)
{
    Open();
    peers[2]->connect = false;
    Add(2, 3);
    Add(3, 4); // waits for port 2's branch
    Q2931Header refuse(Type::ReleaseComplete, BranchReference(2), true);
    refuse.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::CALL_REJECTED));
    peers[2]->Send(refuse);
    RunFor(MilliSeconds(100));
    std::vector<RawMessage> rejects = peers[0]->All(Type::AddPartyReject);
    ASSERT_EQ(rejects.size(), 2u);
    EXPECT_EQ(Peer::Endpoint(rejects[0]).first, 2u);
    EXPECT_EQ(Peer::Endpoint(rejects[1]).first, 3u);
    EXPECT_EQ(rejects[1].cause, Q2931Cause::CALL_REJECTED);
    EXPECT_EQ(peers[2]->Count(Type::AddParty), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 1u);
    // The root's RELEASE finds one branch to release.
    ReleaseFromRoot();
    EXPECT_EQ(peers[1]->Count(Type::Release), 1u);
    ExpectNothingLeft(sw, "switch");
}

// A leaf that drops the party its SETUP offered before answering (a DROP
// PARTY where RELEASE belongs, but a valid message in the state): the
// branch cannot carry the adds waiting for it without that party, so it
// goes with them, as when the root drops that party; a later CONNECT on it
// finds nothing.
TEST_F(MultipointSwitchTest, ALeafDroppingItsSetupPartyBeforeConnectTakesTheBranch)
{
    Open();
    peers[2]->connect = false;
    Add(2, 3);
    Add(3, 4); // waits for port 2's branch
    uint32_t branch = BranchReference(2);
    peers[2]->Send(Party(Type::DropParty, branch, true, 0, true, Q2931Cause::NORMAL_CLEARING));
    RunFor(MilliSeconds(100));
    std::vector<RawMessage> rejects = peers[0]->All(Type::AddPartyReject);
    ASSERT_EQ(rejects.size(), 2u);
    EXPECT_EQ(Peer::Endpoint(rejects[0]).first, 2u);
    EXPECT_EQ(Peer::Endpoint(rejects[1]).first, 3u);
    EXPECT_EQ(peers[2]->Count(Type::DropPartyAcknowledge), 1u);
    EXPECT_EQ(peers[2]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[2]->Count(Type::AddParty), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 1u);
    peers[2]->Send(Q2931Header(Type::Connect, branch, true)); // too late
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 1u);
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

// The same on the call's first branch, before the call is connected: the
// root's SETUP lost its party, so the call is cleared, with the add that
// waited on that branch.
TEST_F(MultipointSwitchTest, ALeafDroppingTheCallsFirstPartyBeforeConnectClearsTheCall)
{
    peers[1]->connect = false;
    peers[0]->Send(MultipointSetup(Leaf(1)));
    RunFor(MilliSeconds(100));
    Add(2, 2); // behind port 1 too: waits for the call's first branch
    ASSERT_EQ(peers[1]->Count(Type::Setup), 1u);
    uint32_t branch = BranchReference(1);
    peers[1]->Send(Party(Type::DropParty, branch, true, 0, true, Q2931Cause::NORMAL_CLEARING));
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::Connect), 0u);
    EXPECT_EQ(peers[0]->Count(Type::Release), 1u) << "the call has no party left";
    EXPECT_EQ(peers[1]->Count(Type::Release), 1u);
    peers[1]->Send(Q2931Header(Type::Connect, branch, true)); // too late
    RunFor(MilliSeconds(100));
    EXPECT_EQ(peers[0]->Count(Type::Connect), 0u);
    ExpectNothingLeft(sw, "switch");
}

/// \return a CONNECT on \p reference for the branch's party 0, whose traffic
/// descriptor gives a forward PCR of \p pcr
Q2931Header
ConnectWithPeakRate(uint32_t reference, uint32_t pcr)
{
    Q2931Header connect(Type::Connect, reference, true);
    connect.SetEndpointReference(EndpointReferenceIe(0, true));
    CoCallParameters p;
    p.category = CoServiceCategory::Cbr;
    p.forward.peakCellRate = pcr;
    connect.SetAtmTrafficDescriptor(AtmTrafficDescriptorIe::FromCallParameters(p));
    return connect;
}

// Every branch carries the root's one stream: a later party's CONNECT may
// repeat the call's contract but not change it. Changed, the party is
// refused with cause 73 and its branch released, with the adds waiting
// for it; the call and its other branches stay.
TEST_F(MultipointSwitchTest, ABranchConnectChangingTheCallsContractIsRefused)
{
    uint16_t vci = Open();
    peers[2]->connect = false;
    Add(2, 3);
    Add(3, 4); // waits for port 2's branch
    EXPECT_EQ(sw->GetReservedCellRate(2), PCR);
    peers[2]->Send(ConnectWithPeakRate(BranchReference(2), PCR / 2));
    RunFor(MilliSeconds(100));
    std::vector<RawMessage> rejects = peers[0]->All(Type::AddPartyReject);
    ASSERT_EQ(rejects.size(), 2u);
    for (const RawMessage& r : rejects)
    {
        EXPECT_EQ(r.cause, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
    }
    ASSERT_EQ(peers[2]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[2]->Last(Type::Release).cause, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
    EXPECT_EQ(peers[2]->Count(Type::ConnectAcknowledge), 0u);
    EXPECT_EQ(sw->GetReservedCellRate(2), 0u);
    EXPECT_EQ(sw->GetBranchCount(), 1u);

    // The same contract repeated is a CONNECT like any other.
    peers[3]->connect = false;
    Add(4, 5);
    peers[3]->Send(ConnectWithPeakRate(BranchReference(3), PCR));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 1u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::AddPartyAcknowledge)).first, 4u);
    EXPECT_EQ(sw->GetReservedCellRate(3), PCR);
    SendData(vci, 1);
    EXPECT_EQ(peers[2]->Frames(), 0u);
    EXPECT_EQ(peers[3]->Frames(), 1u);
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

// The root's minimum acceptable rate is for its first party: once that
// party's CONNECT settled the contract (lowered here), new branches are
// offered the settled contract with no minimum.
TEST_F(MultipointSwitchTest, ABranchIsOfferedTheSettledContractWithoutAMinimum)
{
    peers[1]->connect = false;
    Q2931Header setup = MultipointSetup(Leaf(1));
    CoCallParameters offer = setup.GetCallParameters();
    offer.minimumForwardPeakCellRate = PCR / 4;
    BroadbandBearerCapabilityIe bearer = *setup.GetBroadbandBearerCapability();
    setup.SetCallParameters(offer); // (a point-to-point bearer again)
    setup.SetBroadbandBearerCapability(bearer);
    peers[0]->Send(setup);
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[1]->Count(Type::Setup), 1u);
    EXPECT_EQ(peers[1]->Last(Type::Setup).message.GetCallParameters().minimumForwardPeakCellRate,
              PCR / 4);
    peers[1]->Send(ConnectWithPeakRate(BranchReference(1), PCR / 2));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::Connect), 1u);
    EXPECT_EQ(peers[0]->Last(Type::Connect).message.GetCallParameters().forward.peakCellRate,
              PCR / 2);
    EXPECT_EQ(sw->GetReservedCellRate(1), PCR / 2);

    Add(2, 3);
    ASSERT_EQ(peers[2]->Count(Type::Setup), 1u);
    CoCallParameters branch = peers[2]->Last(Type::Setup).message.GetCallParameters();
    EXPECT_EQ(branch.forward.peakCellRate, PCR / 2);
    EXPECT_EQ(branch.minimumForwardPeakCellRate, 0u);
    EXPECT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 1u);
    EXPECT_EQ(sw->GetReservedCellRate(2), PCR / 2);
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, TheRootsReleaseReachesABranchStillBeingSetUp)
{
    Open();
    peers[2]->connect = false;
    Add(2, 3);
    EXPECT_EQ(sw->GetSetupCount(), 1u) << "the new branch's contract, while it is set up";
    ReleaseFromRoot();
    EXPECT_EQ(peers[1]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[2]->Count(Type::Release), 1u);
    EXPECT_EQ(peers[0]->Count(Type::AddPartyReject), 0u) << "the call's end settles the add";
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, WithCrankbackARefusedRouteGivesTheAddToTheNext)
{
    sw->SetAttribute("Crankback", BooleanValue(true));
    sw->AddRoute(Leaf(5), 104, 2, 1); // leaf 5: port 3 first, then port 2
    std::vector<uint8_t> crankbacks;
    sw->TraceConnectWithoutContext(
        "Crankback",
        MakeCallback(+[](std::vector<uint8_t>* log, uint64_t, uint32_t, uint8_t cause) {
            log->push_back(cause);
        }).Bind(&crankbacks));
    Open();
    // Port 3 cannot signal: the add goes out of port 2 instead.
    DynamicCast<CoChannel>(peers[3]->device->GetChannel())->SetSignallingUp(false);
    RunFor(MilliSeconds(10));
    Add(1, 5);
    EXPECT_EQ(peers[2]->Count(Type::Setup), 1u);
    EXPECT_EQ(peers[0]->Count(Type::AddPartyAcknowledge), 1u);
    EXPECT_EQ(crankbacks, (std::vector<uint8_t>{Q2931Cause::TEMPORARY_FAILURE}));
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, AStatusSayingTheLeafHasNoCallDropsTheBranchsParties)
{
    Open();
    Add(1, 2); // port 1
    Add(2, 3); // port 2
    uint32_t onPort2 = BranchReference(2);
    Q2931Header status = Q2931CallProcedures::MakeStatus(
        Q2931CallState::Null,
        CauseIe(CauseIe::LOCATION_USER, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE));
    status.SetCallReference(onPort2);
    status.SetCallReferenceFlag(true);
    peers[2]->Send(status);
    RunFor(MilliSeconds(100));
    ASSERT_EQ(peers[0]->Count(Type::DropParty), 1u);
    EXPECT_EQ(Peer::Endpoint(peers[0]->Last(Type::DropParty)).first, 2u);
    EXPECT_EQ(peers[0]->Last(Type::DropParty).cause, Q2931Cause::MESSAGE_NOT_COMPATIBLE_WITH_STATE);
    EXPECT_EQ(sw->GetReservedCellRate(2), 0u);
    EXPECT_EQ(sw->GetVciCount(2), 0u);
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, T397DropsAPartyAlertedButNeverAdded)
{
    sw->SetAttribute("T397", TimeValue(Seconds(20)));
    Open();
    peers[1]->acknowledgeAdds = false;
    Add(1, 2);
    RawMessage add = peers[1]->Last(Type::AddParty);
    peers[1]->Send(Party(Type::PartyAlerting, add.reference, true, 1, true));
    RunFor(Seconds(1));
    ASSERT_EQ(peers[0]->Count(Type::PartyAlerting), 1u);
    RunFor(Seconds(20));
    ASSERT_EQ(peers[1]->Count(Type::DropParty), 1u);
    EXPECT_EQ(peers[1]->Last(Type::DropParty).cause, Q2931Cause::RECOVERY_ON_TIMER_EXPIRY);
    ASSERT_EQ(peers[0]->Count(Type::AddPartyReject), 1u);
    EXPECT_EQ(peers[0]->Last(Type::AddPartyReject).cause, Q2931Cause::NO_ANSWER_FROM_USER);
    EXPECT_EQ(sw->GetPartyCount(), 2u);
    ReleaseFromRoot();
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, AMultipointSetupAskingForBackwardBandwidthOrWithoutReferenceIsRefused)
{
    peers[0]->Send(MultipointSetup(Leaf(1), 50));
    Q2931Header noReference = MultipointSetup(Leaf(1));
    noReference.SetCallReference(8);
    noReference.RemoveInformationElement(EndpointReferenceIe::IDENTIFIER);
    peers[0]->Send(noReference);
    RunFor(MilliSeconds(100));
    std::vector<RawMessage> refusals = peers[0]->All(Type::ReleaseComplete);
    ASSERT_EQ(refusals.size(), 2u);
    EXPECT_EQ(refusals[0].cause, Q2931Cause::UNSUPPORTED_TRAFFIC_PARAMETERS);
    EXPECT_EQ(refusals[1].cause, Q2931Cause::MANDATORY_IE_MISSING);
    EXPECT_EQ(peers[1]->Count(Type::Setup), 0u);
    ExpectNothingLeft(sw, "switch");
}

TEST_F(MultipointSwitchTest, RandomPartyTrafficNeverLeavesAnythingBehind)
{
    // Seeded random sequences of what roots and leaves may do, sensible or
    // not: adds and drops of any reference, leaves that answer, refuse,
    // alert, drop, release or say nothing, a link that fails and comes
    // back. Whatever happens, nothing may crash, and once the root has
    // released and the timers have run out the switch holds nothing.
    uint64_t added = 0;   // parties added, over every seed
    uint64_t dropped = 0; // parties ended
    uint64_t pruned = 0;  // branches taken out of their calls
    for (uint32_t seed = 1; seed <= 60; ++seed)
    {
        SCOPED_TRACE("seed " + std::to_string(seed));
        std::mt19937 random(seed);
        sw->TraceConnectWithoutContext(
            "PartyAdded",
            MakeCallback(+[](uint64_t* n, uint64_t, uint32_t, uint16_t) { ++*n; }).Bind(&added));
        sw->TraceConnectWithoutContext(
            "PartyDropped",
            MakeCallback(+[](uint64_t* n, uint64_t, uint32_t, uint16_t, uint8_t) {
                ++*n;
            }).Bind(&dropped));
        sw->TraceConnectWithoutContext(
            "BranchReleased",
            MakeCallback(+[](uint64_t* n, uint64_t, uint32_t) { ++*n; }).Bind(&pruned));
        bool first = true; // the root's first party is connected, for the call to get going
        auto pick = [&random](uint32_t n) { return uint32_t(random() % n); };
        std::array<std::vector<uint32_t>, 4> branches; // call references seen on each port
        for (uint32_t i = 1; i < 4; ++i)
        {
            Peer& leaf = *peers[i];
            leaf.connect = false;
            leaf.acknowledgeAdds = false;
            leaf.acknowledgeDrops = pick(4) != 0;
            leaf.also = [&, i](const RawMessage& m) {
                Peer& me = *peers[i];
                const EndpointReferenceIe* e = m.message.GetEndpointReference();
                uint16_t endpoint = e ? e->value : 0;
                if (m.type == Type::Setup)
                {
                    branches[i].push_back(m.reference);
                    switch (first ? 0 : pick(4))
                    {
                    case 0:
                        me.Send(Q2931Header(Type::Connect, m.reference, true));
                        first = false;
                        break;
                    case 1:
                        me.Send(Q2931Header(Type::Alerting, m.reference, true));
                        break;
                    case 2: {
                        Q2931Header refuse(Type::ReleaseComplete, m.reference, true);
                        refuse.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::USER_BUSY));
                        me.Send(refuse);
                        break;
                    }
                    default:
                        break; // silence: T303, then T310 or nothing
                    }
                }
                else if (m.type == Type::AddParty)
                {
                    Type answers[] = {Type::AddPartyAcknowledge,
                                      Type::AddPartyReject,
                                      Type::PartyAlerting,
                                      Type::StatusEnquiry};
                    Type answer = answers[pick(4)];
                    if (answer != Type::StatusEnquiry)
                    {
                        me.Send(
                            Party(answer,
                                  m.reference,
                                  true,
                                  endpoint,
                                  true,
                                  answer == Type::AddPartyReject ? Q2931Cause::CALL_REJECTED : 0));
                    }
                }
            };
        }
        uint32_t root = ROOT_REFERENCE; // the root's call: a new one when the last has ended
        for (int step = 0; step < 150; ++step)
        {
            if (sw->GetMultipointCallCount() == 0 && sw->GetCallCount() == 0)
            {
                Q2931Header setup = MultipointSetup(Leaf(1 + pick(5)));
                setup.SetCallReference(++root);
                first = true;
                peers[0]->Send(setup);
                RunFor(MilliSeconds(100));
            }
            switch (pick(12))
            {
            case 0:
            case 1:
            case 2:
            case 8:
            case 9: {
                Q2931Header add = AddParty(pick(12), Leaf(1 + pick(6)));
                add.SetCallReference(root);
                peers[0]->Send(add);
                break;
            }
            case 3:
                peers[0]->Send(Party(Type::DropParty,
                                     root,
                                     false,
                                     pick(12),
                                     false,
                                     Q2931Cause::NORMAL_CLEARING));
                break;
            case 4:
            case 5: {
                uint32_t i = 1 + pick(3);
                if (!branches[i].empty() && peers[i]->device->GetChannel() &&
                    DynamicCast<CoChannel>(peers[i]->device->GetChannel())->IsLinkUp())
                {
                    uint32_t cref = branches[i][pick(branches[i].size())];
                    Type kinds[] = {Type::DropParty,
                                    Type::AddPartyAcknowledge,
                                    Type::Connect,
                                    Type::Release};
                    Type kind = kinds[pick(4)];
                    if (kind == Type::Release || kind == Type::Connect)
                    {
                        Q2931Header m(kind, cref, true);
                        m.SetCause(CauseIe(CauseIe::LOCATION_USER, Q2931Cause::NORMAL_CLEARING));
                        peers[i]->Send(m);
                    }
                    else
                    {
                        peers[i]->Send(
                            Party(kind, cref, true, pick(4), true, Q2931Cause::NORMAL_CLEARING));
                    }
                }
                break;
            }
            case 6: {
                if (pick(3) == 0)
                {
                    Ptr<CoChannel> link =
                        DynamicCast<CoChannel>(peers[1 + pick(3)]->device->GetChannel());
                    link->SetLinkUp(!link->IsLinkUp());
                }
                break;
            }
            case 7: {
                Q2931Header enquiry = Q2931CallProcedures::MakeStatusEnquiry();
                enquiry.SetCallReference(root);
                peers[0]->Send(enquiry);
                break;
            }
            default:
                break;
            }
            RunFor(MilliSeconds(pick(2) == 0 ? 5 : 3000));
        }
        for (uint32_t i = 1; i < 4; ++i)
        {
            DynamicCast<CoChannel>(peers[i]->device->GetChannel())->SetLinkUp(true);
        }
        peers[0]->Release(root, false);
        Simulator::Run();
        ExpectSwitchHoldsNothing(sw, "switch");
        if (HasFailure())
        {
            return;
        }
        Simulator::Destroy();
        SetUp(); // a fresh switch and peers for the next seed
    }
    // The sequences did exercise the procedures.
    EXPECT_GT(added, 400u);
    EXPECT_GT(dropped, 1000u);
    EXPECT_GT(pruned, 300u);
    std::cout << "random party traffic: " << added << " parties added, " << dropped << " ended, "
              << pruned << " branches released\n";
}

/**
 * A tree of three switches: S0 -- S1 -- S2, the root on S0, leaf 1 on S1,
 * leaves 2 and 3 on S2 (raw peers all).
 */
class MultipointTreeTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        for (uint32_t v = 0; v < 3; ++v)
        {
            Ptr<Node> node = CreateObject<Node>();
            switches[v] = CreateObject<CoSwitch>();
            node->AggregateObject(switches[v]);
            nodes[v] = node;
        }
        // Peers: the root on S0 (port 0), leaf 1 on S1, leaves 2 and 3 on S2.
        root = Attach(0);
        leaves[0] = Attach(1);
        Link(0, 1); // S0 port 1, S1 port 1
        Link(1, 2); // S1 port 2, S2 port 0
        leaves[1] = Attach(2);
        leaves[2] = Attach(2);
        // Routes: leaf n at S0 through port 1; at S1 leaf 1 on port 0, the
        // others on port 2; at S2 leaves 2 and 3 on ports 1 and 2.
        for (int n = 1; n <= 3; ++n)
        {
            switches[0]->AddRoute(Leaf(n), 104, 1);
            switches[1]->AddRoute(Leaf(n), 104, n == 1 ? 0 : 2);
        }
        switches[2]->AddRoute(Leaf(2), 104, 1);
        switches[2]->AddRoute(Leaf(3), 104, 2);
        for (uint32_t v = 0; v < 3; ++v)
        {
            for (uint32_t p = 0; p < switches[v]->GetNPorts(); ++p)
            {
                switches[v]->GetPort(p)->TraceConnectWithoutContext(
                    "MacRx",
                    CoMakeCallback(&MultipointTreeTest::CountData, this, v, p));
            }
        }
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// \return a peer on a new port of switch \p v
    std::unique_ptr<Peer> Attach(uint32_t v)
    {
        Ptr<CoPortNetDevice> port = MakeRawDevice(nodes[v]);
        Ptr<CoPortNetDevice> peer = MakeRawDevice(CreateObject<Node>());
        Ptr<CoChannel> link = CreateObject<CoChannel>();
        port->Attach(link);
        peer->Attach(link);
        switches[v]->AddPort(port);
        return std::make_unique<Peer>(peer);
    }

    /// Links switches \p u and \p v, each on a new port.
    void Link(uint32_t u, uint32_t v)
    {
        Ptr<CoPortNetDevice> a = MakeRawDevice(nodes[u]);
        Ptr<CoPortNetDevice> b = MakeRawDevice(nodes[v]);
        Ptr<CoChannel> link = CreateObject<CoChannel>();
        a->Attach(link);
        b->Attach(link);
        switches[u]->AddPort(a);
        switches[v]->AddPort(b);
        links.push_back(link);
    }

    /// Counts the user-data frames each switch port receives.
    void CountData(uint32_t v, uint32_t port, Ptr<const Packet> frame)
    {
        AtmFrameHeader header;
        frame->PeekHeader(header);
        if (header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
        {
            ++dataIn[{v, port}];
        }
    }

    std::array<Ptr<Node>, 3> nodes;                           //!< the switches' nodes
    std::array<Ptr<CoSwitch>, 3> switches;                    //!< S0, S1, S2
    std::unique_ptr<Peer> root;                               //!< on S0
    std::array<std::unique_ptr<Peer>, 3> leaves;              //!< leaf 1 on S1, 2 and 3 on S2
    std::vector<Ptr<CoChannel>> links;                        //!< S0-S1, S1-S2
    std::map<std::pair<uint32_t, uint32_t>, uint64_t> dataIn; //!< (switch, port) -> frames
};

TEST_F(MultipointTreeTest, TheTreeBranchesWherePathsDivergeAndPrunesAsLeavesGo)
{
    root->Send(MultipointSetup(Leaf(1)));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(root->Count(Type::Connect), 1u);
    uint16_t vci = root->Last(Type::CallProceeding).message.GetConnectionIdentifier()->vci;

    // Leaf 2: S0 already has a branch toward S1 (ADD PARTY there); S1 has
    // none toward S2 (SETUP); S2 has none toward leaf 2 (SETUP).
    root->Send(AddParty(1, Leaf(2)));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(root->Count(Type::AddPartyAcknowledge), 1u);
    EXPECT_EQ(leaves[1]->Count(Type::Setup), 1u);
    EXPECT_EQ(Peer::Endpoint(leaves[1]->Last(Type::Setup)), std::make_pair(uint16_t(0), false));
    // Leaf 3: ADD PARTY out of S0 and S1, a new branch (SETUP) out of S2 only.
    root->Send(AddParty(2, Leaf(3)));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(root->Count(Type::AddPartyAcknowledge), 2u);
    EXPECT_EQ(leaves[2]->Count(Type::Setup), 1u);
    EXPECT_EQ(switches[0]->GetBranchCount(), 1u);
    EXPECT_EQ(switches[1]->GetBranchCount(), 2u);
    EXPECT_EQ(switches[2]->GetBranchCount(), 2u);
    // The links between switches reserved once.
    EXPECT_EQ(switches[0]->GetReservedCellRate(1), PCR);
    EXPECT_EQ(switches[1]->GetReservedCellRate(2), PCR);
    EXPECT_EQ(switches[1]->GetReservedCellRate(0), PCR);
    EXPECT_EQ(switches[2]->GetReservedCellRate(1), PCR);
    EXPECT_EQ(switches[2]->GetReservedCellRate(2), PCR);

    // Each frame crosses each link once and reaches each leaf once.
    for (int i = 0; i < 5; ++i)
    {
        root->device->SendFrame(Create<Packet>(200), 0, vci, AtmTrafficType::VcMultiplexed);
    }
    RunFor(MilliSeconds(100));
    EXPECT_EQ((dataIn[{1, 1}]), 5u) << "S1 from S0";
    EXPECT_EQ((dataIn[{2, 0}]), 5u) << "S2 from S1";
    for (auto& leaf : leaves)
    {
        EXPECT_EQ(leaf->Frames(), 5u);
    }

    // Leaf 2 releases: S2 drops its party toward S1 (leaf 3 remains there),
    // S1 toward S0, S0 toward the root.
    uint32_t onLeaf2 = leaves[1]->Last(Type::Setup).reference;
    leaves[1]->Release(onLeaf2, true);
    RunFor(MilliSeconds(100));
    ASSERT_EQ(root->Count(Type::DropParty), 1u);
    EXPECT_EQ(Peer::Endpoint(root->Last(Type::DropParty)), std::make_pair(uint16_t(1), true));
    EXPECT_EQ(root->Last(Type::DropParty).cause, Q2931Cause::NORMAL_CLEARING);
    EXPECT_EQ(switches[2]->GetReservedCellRate(1), 0u);
    EXPECT_EQ(switches[2]->GetBranchCount(), 1u);
    EXPECT_EQ(switches[1]->GetBranchCount(), 2u);

    // The link S1-S2 fails: leaf 3's party is dropped toward the root; S2
    // releases what was beyond it; leaf 1's party stays.
    links[1]->SetLinkUp(false);
    RunFor(MilliSeconds(100));
    ASSERT_EQ(root->Count(Type::DropParty), 2u);
    EXPECT_EQ(Peer::Endpoint(root->Last(Type::DropParty)).first, 2u);
    EXPECT_EQ(root->Last(Type::DropParty).cause, Q2931Cause::TEMPORARY_FAILURE);
    EXPECT_EQ(root->Count(Type::Release), 0u);
    EXPECT_EQ(leaves[2]->Count(Type::Release), 1u);
    EXPECT_EQ(switches[1]->GetBranchCount(), 1u);
    EXPECT_EQ(switches[1]->GetReservedCellRate(2), 0u);
    ExpectSwitchHoldsNothing(switches[2], "S2");
    EXPECT_EQ(leaves[0]->Count(Type::Release), 0u);

    // The root releases: leaf 1 is released.
    root->Release(ROOT_REFERENCE, false);
    RunFor(MilliSeconds(100));
    EXPECT_EQ(leaves[0]->Count(Type::Release), 1u);
    Simulator::Run();
    for (uint32_t v = 0; v < 3; ++v)
    {
        ExpectSwitchHoldsNothing(switches[v], "S" + std::to_string(v));
    }
}

TEST_F(MultipointTreeTest, AnAddRefusedTwoHopsAwayComesBackAsAddPartyReject)
{
    root->Send(MultipointSetup(Leaf(1)));
    RunFor(MilliSeconds(100));
    // S2 knows no route to leaf 4; S0 and S1 send it toward S2.
    switches[0]->AddRoute(Leaf(4), 104, 1);
    switches[1]->AddRoute(Leaf(4), 104, 2);
    root->Send(AddParty(1, Leaf(4)));
    RunFor(MilliSeconds(100));
    ASSERT_EQ(root->Count(Type::AddPartyReject), 1u);
    EXPECT_EQ(root->Last(Type::AddPartyReject).cause, Q2931Cause::NO_ROUTE_TO_DESTINATION);
    // S1's new branch toward S2 was refused and freed; S2 never held the call.
    EXPECT_EQ(switches[1]->GetBranchCount(), 1u);
    EXPECT_EQ(switches[1]->GetReservedCellRate(2), 0u);
    EXPECT_EQ(switches[0]->GetPartyCount(), 2u);
    root->Release(ROOT_REFERENCE, false);
    Simulator::Run();
    for (uint32_t v = 0; v < 3; ++v)
    {
        ExpectSwitchHoldsNothing(switches[v], "S" + std::to_string(v));
    }
}

} // namespace
