/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the simulation tests: two hosts on one switch, or on two
 * switches of a network built by CoTopologyHelper, and a scripted CoNDIS
 * client that records every completion and indication it receives.
 */

#ifndef CO_TEST_NETWORK_H
#define CO_TEST_NETWORK_H

#include "ns3/atm-frame-header.h"
#include "ns3/co-helper.h"
#include "ns3/co-net-device.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-switch.h"
#include "ns3/co-topology-helper.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/core-module.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/network-module.h"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{
namespace condistest
{

/// One completion or indication a client received, and when.
struct Event
{
    std::string what; //!< handler name, e.g. "MakeCallComplete"
    CoStatus status;  //!< its status (Success for indications without one)
    uint32_t handle;  //!< the VC or SAP handle
    Time at;          //!< simulation time
};

/**
 * A CoNDIS client driven by the test: it records everything, answers
 * incoming calls as told, and closes calls when the network does.
 */
class TestClient
{
  public:
    /// How the client answers an incoming call.
    enum class Answer
    {
        Accept,
        Reject,
        Pend,
    };

    explicit TestClient(Ptr<CoNetDevice> device)
        : device(device)
    {
        CoClientHandlers h;
        h.registerSapComplete = MakeCallback(&TestClient::OnRegisterSapComplete, this);
        h.makeCallComplete = MakeCallback(&TestClient::OnMakeCallComplete, this);
        h.incomingCall = MakeCallback(&TestClient::OnIncomingCall, this);
        h.callConnected = MakeCallback(&TestClient::OnCallConnected, this);
        h.callAlerting = MakeCallback(&TestClient::OnCallAlerting, this);
        h.incomingCloseCall = MakeCallback(&TestClient::OnIncomingCloseCall, this);
        h.closeCallComplete = MakeCallback(&TestClient::OnCloseCallComplete, this);
        h.receive = MakeCallback(&TestClient::OnReceive, this);
        h.deregisterSapComplete = MakeCallback(&TestClient::OnDeregisterSapComplete, this);
        h.closeAddressFamilyComplete =
            MakeCallback(&TestClient::OnCloseAddressFamilyComplete, this);
        h.createVc = MakeCallback(&TestClient::OnCreateVc, this);
        h.deleteVc = MakeCallback(&TestClient::OnDeleteVc, this);
        client = device->OpenAddressFamily(h);
    }

    /**
     * Answers the pended offer on incomingVc, unless the network released
     * it meanwhile (IncomingCloseCall withdrew it: no answer is due then).
     * \return true when the answer was given
     */
    bool AnswerIfOffered(CoStatus status, const CoCallParameters& p)
    {
        if (pendedOffers.erase(incomingVc.GetValue()) == 0)
        {
            return false;
        }
        device->IncomingCallComplete(status, incomingVc, p);
        return true;
    }

    /// As AnswerIfOffered, with the offered parameters.
    bool AnswerIfOffered(CoStatus status)
    {
        return AnswerIfOffered(status, offered);
    }

    /// Registers a SAP for the device's own address; returns the status.
    CoStatus RegisterOwnSap()
    {
        return device->RegisterSap(client, CoSap(device->GetAesa()), sap);
    }

    /// Creates a VC and calls \p called with \p p; returns MakeCall's status.
    CoStatus Call(const AesaAddress& called, CoCallParameters p)
    {
        CoStatus s = device->CreateVc(client, vc);
        if (!s.IsSuccess())
        {
            return s;
        }
        p.calledParty = called;
        return device->MakeCall(vc, p);
    }

    /// \return how many events of this kind were recorded
    std::size_t Count(const std::string& what) const
    {
        std::size_t n = 0;
        for (const Event& e : events)
        {
            n += e.what == what;
        }
        return n;
    }

    /// \return the first event of this kind (fails the test if none)
    const Event& First(const std::string& what) const
    {
        for (const Event& e : events)
        {
            if (e.what == what)
            {
                return e;
            }
        }
        static Event none{"none", CoStatus(CoStatusCode::Failure), 0, Seconds(-1)};
        ADD_FAILURE() << "no " << what << " event";
        return none;
    }

    Ptr<CoNetDevice> device;        //!< the NIC
    CoClientHandle client;          //!< our address family handle
    CoSapHandle sap;                //!< our SAP
    CoVcHandle vc;                  //!< the VC of our outgoing call
    CoVcHandle incomingVc;          //!< the VC of the last incoming call
    CoCallParameters granted;       //!< parameters from MakeCallComplete
    CoCallParameters offered;       //!< parameters of the last incoming call
    Answer answer = Answer::Accept; //!< how to answer incoming calls
    CoStatus rejectWith = CoStatus(CoStatusCode::NotAccepted, Q2931Cause::CALL_REJECTED);
    bool closeOnIncomingClose = true; //!< answer IncomingCloseCall with CloseCall
    /// When set, changes the offered parameters in place before accepting
    std::function<void(CoCallParameters&)> changeOnAccept;
    bool deleteVcOnFailure = true;   //!< delete our VC when MakeCall fails
    std::vector<Event> events;       //!< everything received
    std::vector<uint32_t> received;  //!< sizes of received SDUs
    std::set<uint32_t> pendedOffers; //!< VCs of offers whose answer we pended
    CoStatus takeVcs;                //!< what createVc answers (Success: take the VC)

  private:
    void Record(const std::string& what, CoStatus status, uint32_t handle)
    {
        events.push_back(Event{what, status, handle, Simulator::Now()});
    }

    void OnRegisterSapComplete(CoStatus s, CoSapHandle h)
    {
        Record("RegisterSapComplete", s, h.GetValue());
    }

    void OnMakeCallComplete(CoStatus s, CoVcHandle h, const CoCallParameters& p)
    {
        Record("MakeCallComplete", s, h.GetValue());
        granted = p;
        if (!s.IsSuccess() && deleteVcOnFailure)
        {
            EXPECT_TRUE(device->DeleteVc(h).IsSuccess());
        }
    }

    CoStatus OnIncomingCall(CoSapHandle /* sap */, CoVcHandle h, CoCallParameters& p)
    {
        Record("IncomingCall", CoStatus(), h.GetValue());
        incomingVc = h;
        offered = p;
        switch (answer)
        {
        case Answer::Accept:
            if (changeOnAccept)
            {
                changeOnAccept(p);
            }
            return CoStatus();
        case Answer::Reject:
            return rejectWith;
        case Answer::Pend:
            pendedOffers.insert(h.GetValue());
            return CoStatus(CoStatusCode::Pending);
        }
        return CoStatus();
    }

    void OnCallConnected(CoVcHandle h)
    {
        Record("CallConnected", CoStatus(), h.GetValue());
    }

    void OnCallAlerting(CoVcHandle h)
    {
        Record("CallAlerting", CoStatus(), h.GetValue());
    }

    void OnIncomingCloseCall(CoStatus s, CoVcHandle h)
    {
        Record("IncomingCloseCall", s, h.GetValue());
        pendedOffers.erase(h.GetValue()); // a released offer needs no answer
        if (closeOnIncomingClose)
        {
            EXPECT_TRUE(device->CloseCall(h).IsSuccess());
            if (h == vc)
            {
                EXPECT_TRUE(device->DeleteVc(h).IsSuccess());
            }
        }
    }

    void OnCloseCallComplete(CoStatus s, CoVcHandle h)
    {
        Record("CloseCallComplete", s, h.GetValue());
        if (h == vc)
        {
            EXPECT_TRUE(device->DeleteVc(h).IsSuccess());
        }
    }

    void OnReceive(CoVcHandle h, Ptr<Packet> p)
    {
        Record("Receive", CoStatus(), h.GetValue());
        received.push_back(p->GetSize());
    }

    void OnDeregisterSapComplete(CoStatus s, CoSapHandle h)
    {
        Record("DeregisterSapComplete", s, h.GetValue());
    }

    void OnCloseAddressFamilyComplete(CoStatus s, CoClientHandle h)
    {
        Record("CloseAddressFamilyComplete", s, h.GetValue());
    }

    CoStatus OnCreateVc(CoVcHandle h)
    {
        Record("CreateVc", takeVcs, h.GetValue());
        return takeVcs;
    }

    void OnDeleteVc(CoVcHandle h)
    {
        Record("DeleteVc", CoStatus(), h.GetValue());
    }
};

/// \return the contract of the multipoint calls of the tests: CBR, 100 cells/s one way
inline CoCallParameters
OneWay(const AesaAddress& called)
{
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100);
    p.backward = CoFlowSpec();
    p.backward.maxSduSize = 9188;
    p.calledParty = called;
    return p;
}

/**
 * \brief A bare port for the tests of one link: on a node of its own, with a
 *        DropTailQueue for data, no channel yet.
 * \param side which side of the interface it is
 * \param queueSize the data queue's MaxSize, e.g. "5p" or "3000B"
 * \return the device
 */
inline Ptr<CoPortNetDevice>
MakeBarePort(CoPortNetDevice::InterfaceSide side, const std::string& queueSize)
{
    Ptr<CoPortNetDevice> dev = CreateObject<CoPortNetDevice>();
    dev->SetInterfaceSide(side);
    dev->SetQueue(
        CreateObjectWithAttributes<DropTailQueue<Packet>>("MaxSize",
                                                          QueueSizeValue(QueueSize(queueSize))));
    CreateObject<Node>()->AddDevice(dev);
    return dev;
}

/**
 * \brief Counts the user-data frames (not VCI 5) a port sends, in \p count
 *        (set to 0 here), e.g. the copies a switch sends over one link.
 * \param port the port
 * \param count the counter, which must outlive the run
 */
inline void
CountDataFrames(Ptr<CoPortNetDevice> port, uint64_t& count)
{
    count = 0;
    port->TraceConnectWithoutContext(
        "MacTx",
        CoCallback<void, Ptr<const Packet>>([&count](Ptr<const Packet> frame) {
            AtmFrameHeader header;
            frame->PeekHeader(header);
            if (header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
            {
                ++count;
            }
        }));
}

/// \return both hosts' rule reports, for a failed expectation's message
inline std::string
ViolationReport(Ptr<CoNetDevice> a, Ptr<CoNetDevice> b)
{
    std::ostringstream os;
    os << "a: ";
    a->GetRuleChecker().PrintReport(os);
    os << "b: ";
    b->GetRuleChecker().PrintReport(os);
    return os.str();
}

/**
 * \brief Asserts that a switch holds nothing of any call: no call, contract,
 *        IE kept to pass on, cross-connect, signalling message waiting for its processor or
 *        running timer, no multipoint call, branch or party, no record of a leaf's request
 *        to join a call nor call leaves may join, and on every port no bandwidth and no VCI
 *        (and, for a port with a VC scheduler, no VC, cell or frame in it).
 * \param sw the switch
 * \param name how the failures name it
 */
inline void
ExpectSwitchHoldsNothing(Ptr<CoSwitch> sw, const std::string& name)
{
    EXPECT_EQ(sw->GetCallCount(), 0u) << name;
    EXPECT_EQ(sw->GetSetupCount(), 0u) << name;
    EXPECT_EQ(sw->GetPassThroughCount(), 0u) << name;
    EXPECT_EQ(sw->GetCrossConnectCount(), 0u) << name;
    EXPECT_EQ(sw->GetSignallingBacklog(), 0u) << name;
    EXPECT_EQ(sw->GetRunningTimerCount(), 0u) << name;
    EXPECT_EQ(sw->GetMultipointCallCount(), 0u) << name;
    EXPECT_EQ(sw->GetBranchCount(), 0u) << name;
    EXPECT_EQ(sw->GetPartyCount(), 0u) << name;
    EXPECT_EQ(sw->GetLeafSetupCount(), 0u) << name;
    EXPECT_EQ(sw->GetLeafJoinCallCount(), 0u) << name;
    EXPECT_EQ(sw->GetPolicerCount(), 0u) << name;
    for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
    {
        EXPECT_EQ(sw->GetReservedCellRate(p), 0u) << name << " port " << p;
        EXPECT_EQ(sw->GetVciCount(p), 0u) << name << " port " << p;
        if (Ptr<CoVcScheduler> s = sw->GetPort(p)->GetVcScheduler())
        {
            EXPECT_EQ(s->GetVcCount(), 0u) << name << " port " << p;
            EXPECT_EQ(s->GetNCells(), 0u) << name << " port " << p;
            EXPECT_EQ(s->GetNFrames(), 0u) << name << " port " << p;
        }
    }
}

/**
 * \brief Asserts that a host holds no VC, no call reference, no pending
 *        JoinCall and no call leaves may join.
 * \param host its NIC
 * \param name how the failures name it
 */
inline void
ExpectHostHoldsNothing(Ptr<CoNetDevice> host, const std::string& name)
{
    EXPECT_EQ(host->GetCallReferenceCount(), 0u) << name;
    EXPECT_EQ(host->GetVcCount(), 0u) << name;
    EXPECT_EQ(host->GetLeafJoinCount(), 0u) << name;
}

/// Asserts ExpectSwitchHoldsNothing() of every switch \p topo built.
inline void
ExpectSwitchesHoldNothing(const CoTopologyHelper& topo)
{
    for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
    {
        ExpectSwitchHoldsNothing(topo.GetSwitch(v), "switch " + std::to_string(v));
    }
}

/**
 * Hosts a and b, each with a TestClient: what every two-host fixture checks
 * at its end (nothing held, the rule checker's total).
 */
struct TwoHosts
{
    /// Gives \p nicA and \p nicB a client each.
    void Attach(Ptr<CoNetDevice> nicA, Ptr<CoNetDevice> nicB)
    {
        a = nicA;
        b = nicB;
        ca = std::make_unique<TestClient>(a);
        cb = std::make_unique<TestClient>(b);
    }

    /// Asserts that neither host holds anything of any call.
    void ExpectHostsHoldNothing() const
    {
        ExpectHostHoldsNothing(a, "a");
        ExpectHostHoldsNothing(b, "b");
    }

    /// Ends the run; \return the CoNDIS rule violations counted on both hosts
    uint64_t Violations() const
    {
        a->EndOfRun();
        b->EndOfRun();
        return a->GetRuleChecker().GetViolationCount() + b->GetRuleChecker().GetViolationCount();
    }

    /// Ends the run and checks the checker's total on both hosts (for a
    /// fixture's TearDown: every lifecycle test ends at \p expected, zero
    /// unless the test breaks a rule on purpose).
    void ExpectViolations(uint64_t expected) const
    {
        if (a != nullptr && b != nullptr)
        {
            EXPECT_EQ(Violations(), expected) << ViolationReport(a, b);
        }
    }

    Ptr<CoNetDevice> a;             //!< host a's NIC (the caller in most tests)
    Ptr<CoNetDevice> b;             //!< host b's NIC
    std::unique_ptr<TestClient> ca; //!< the client on a
    std::unique_ptr<TestClient> cb; //!< the client on b
};

/**
 * Two hosts, a and b, on one switch. Links: 10 Mb/s, 1 ms, unless the test
 * changes the helper's attributes before calling Build().
 */
class OneSwitchNetwork : public TwoHosts
{
  public:
    OneSwitchNetwork()
    {
        helper.SetChannelAttribute("DataRate", StringValue("10Mbps"));
        helper.SetChannelAttribute("Delay", StringValue("1ms"));
    }

    /// Creates the nodes, devices and clients.
    /**
     * \param aRate the DataRate of a's link ("": the helper's)
     * \param bRate the DataRate of b's link ("": the helper's, after aRate's)
     */
    void Build(const std::string& aRate = "", const std::string& bRate = "")
    {
        hosts.Create(2);
        switches.Create(1);
        sw = helper.InstallSwitch(switches.Get(0));
        if (!aRate.empty())
        {
            helper.SetChannelAttribute("DataRate", StringValue(aRate));
        }
        // a first: it takes the switch's port 0, b port 1.
        Ptr<CoNetDevice> first = helper.InstallHost(hosts.Get(0), switches.Get(0));
        if (!bRate.empty())
        {
            helper.SetChannelAttribute("DataRate", StringValue(bRate));
        }
        Attach(first, helper.InstallHost(hosts.Get(1), switches.Get(0)));
    }

    /// Asserts that the switch holds nothing and the devices hold no calls.
    void ExpectEverythingReleased() const
    {
        ExpectSwitchHoldsNothing(sw, "switch");
        ExpectHostsHoldNothing();
    }

    CoHelper helper;        //!< builds the network
    NodeContainer hosts;    //!< a and b
    NodeContainer switches; //!< the switch
    Ptr<CoSwitch> sw;       //!< the switch
};

/// A test on a OneSwitchNetwork, built before each test.
class OneSwitchTest : public ::testing::Test
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

    OneSwitchNetwork net;
};

/**
 * A network of switches from a topology, with host a on one switch and
 * host b on another, each with a TestClient. Host links: 10 Mb/s, 1 ms.
 */
class SwitchNetworkTest : public ::testing::Test, public TwoHosts
{
  protected:
    SwitchNetworkTest()
    {
        co.SetChannelAttribute("DataRate", StringValue("10Mbps"));
        co.SetChannelAttribute("Delay", StringValue("1ms"));
    }

    void TearDown() override
    {
        ExpectViolations(expectedViolations);
        Simulator::Destroy();
    }

    /// Builds \p topology and attaches a to switch \p at and b to switch \p bt.
    void Build(const CoTopology& topology, uint32_t at, uint32_t bt)
    {
        topo.Build(topology);
        Ptr<CoNetDevice> first = topo.AttachHost(CreateObject<Node>(), at); // a before b
        Attach(first, topo.AttachHost(CreateObject<Node>(), bt));
    }

    /// \return the number of cross-connects in each switch, in vertex order
    std::vector<std::size_t> CrossConnects() const
    {
        std::vector<std::size_t> counts;
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            counts.push_back(topo.GetSwitch(v)->GetCrossConnectCount());
        }
        return counts;
    }

    /// Asserts that no switch and no host holds anything of any call.
    void ExpectEverythingReleased() const
    {
        ExpectSwitchesHoldNothing(topo);
        ExpectHostsHoldNothing();
    }

    uint64_t expectedViolations = 0; //!< checked at TearDown: set by a test breaking a rule
    CoHelper co;                     //!< makes the parts
    CoTopologyHelper topo{co};       //!< builds the network
};

} // namespace condistest
} // namespace ns3

#endif /* CO_TEST_NETWORK_H */
