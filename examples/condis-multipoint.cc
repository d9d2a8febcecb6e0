/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * A distribution tree: one point-to-multipoint call (Q.2971) whose leaves
 * join and leave over time.
 *
 *                        root
 *                         |
 *                        s0
 *                      /    \
 *                    s1      s2
 *                   /  \    /  \
 *                 s3   s4  s5   s6
 *
 * The root, on s0, sends constant bit rate data to its call. Its leaves sit
 * on s3..s6 in turn; each joins at a time drawn from a Poisson process
 * (--joinRate leaves per second in all) and stays for an exponential time
 * (mean --holding), and a link failure (s2-s6 at --failAt) drops the leaves
 * beyond it. The first leaf's join makes the call, the others are added
 * (ADD PARTY) and dropped (DROP PARTY). Every active leaf receives each SDU
 * once: the switches copy it where the paths part, so a link carries one
 * copy however many leaves lie beyond it.
 *
 * Prints each leaf's fate, the time its add took and the SDUs it received,
 * and for each link the copies it carried next to what sending to every
 * leaf on a point-to-point call of its own would have cost: every SDU a leaf
 * received would have crossed each link of its path once for that leaf.
 *
 * Run: ./condis-multipoint [--leaves=12] [--joinRate=3] [--holding=4s]
 *                          [--failAt=7s] [--stopAt=10s] [--verbose] [--pcap]
 */

#include "ns3/condis-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CondisMultipoint");

namespace
{
std::vector<uint64_t> g_received; //!< SDUs each leaf received

void
LeafRx(std::size_t leaf, Ptr<const Packet>, CoVcHandle)
{
    ++g_received[leaf];
}

std::map<uint32_t, uint64_t> g_copies; //!< data frames sent down to switch v, by v

void
LinkTx(uint32_t below, Ptr<const Packet> frame)
{
    AtmFrameHeader header;
    frame->PeekHeader(header);
    if (header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
    {
        ++g_copies[below];
    }
}

std::vector<AesaAddress> g_addresses; //!< each leaf's address
std::vector<Time> g_asked;            //!< when the root asked for each leaf
std::vector<Time> g_took;             //!< how long its add took (-1: it did not succeed)

/// \return the leaf called \p address; g_addresses.size() when none is
std::size_t
LeafOf(const AesaAddress& address)
{
    std::size_t i = 0;
    while (i < g_addresses.size() && !(g_addresses[i] == address))
    {
        ++i;
    }
    return i;
}

/// The root asked for the leaf the parameters name.
void
Asked(const CoCallParameters& p)
{
    std::size_t i = LeafOf(p.calledParty);
    if (i < g_asked.size())
    {
        g_asked[i] = Simulator::Now();
    }
}

/// The request for the leaf the parameters name completed.
void
Done(CoStatus status, const CoCallParameters& p)
{
    std::size_t i = LeafOf(p.calledParty);
    if (status.IsSuccess() && i < g_took.size())
    {
        g_took[i] = Simulator::Now() - g_asked[i];
    }
}

void
MakeCallAsked(CoVcHandle, const CoCallParameters& p)
{
    Asked(p);
}

void
MakeCallDone(CoVcHandle, CoStatus status, const CoCallParameters& p)
{
    Done(status, p);
}

void
PartyAsked(CoPartyHandle, const CoCallParameters& p)
{
    Asked(p);
}

void
AddPartyDone(CoPartyHandle, CoStatus status, const CoCallParameters& p)
{
    Done(status, p);
}

/// \return \p t in milliseconds, to a tenth
std::string
Milliseconds(Time t)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(1) << t.GetSeconds() * 1e3;
    return os.str();
}

} // namespace

int
main(int argc, char* argv[])
{
    bool verbose = false;
    bool pcap = false;
    uint32_t leafCount = 12;
    double joinRate = 3;
    Time holding = Seconds(4);
    Time failAt = Seconds(7);
    Time stopAt = Seconds(10);
    Time interval = MilliSeconds(10);

    CommandLine cmd(__FILE__);
    cmd.AddValue("leaves", "How many leaves join (on s3..s6 in turn)", leafCount);
    cmd.AddValue("joinRate", "Leaves joining per second, a Poisson process", joinRate);
    cmd.AddValue("holding", "Mean time a leaf stays (exponential)", holding);
    cmd.AddValue("verbose", "Print the ladder of every signalling message", verbose);
    cmd.AddValue("pcap", "Write SunATM pcap files of every port (condis-multipoint-*.pcap)", pcap);
    cmd.AddValue("failAt", "When the link s2-s6 fails (0: never)", failAt);
    cmd.AddValue("stopAt", "When the root closes the call", stopAt);
    cmd.AddValue("interval", "Time between the root's SDUs", interval);
    cmd.Parse(argc, argv);
    if (leafCount == 0 || !(joinRate > 0) || !holding.IsStrictlyPositive())
    {
        std::cerr << "condis-multipoint: --leaves, --joinRate and --holding must be positive "
                     "(leaves "
                  << leafCount << ", joinRate " << joinRate << ", holding " << holding.As(Time::S)
                  << ")\n";
        return 2;
    }

    CoHelper co;
    CoTopologyHelper topo(co);
    topo.Build(CoTopologyGenerator::Tree(2, 2)); // s0; s1, s2; s3, s4 under s1; s5, s6 under s2
    Ptr<Node> rootNode = CreateObject<Node>();
    Ptr<CoNetDevice> root = topo.AttachHost(rootNode, 0);

    // The leaves: where each is, when it joins and leaves (after the root starts).
    struct LeafPlan
    {
        uint32_t vertex;
        Time join;
        Time leave;
    };

    Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
    gap->SetAttribute("Mean", DoubleValue(1 / joinRate));
    Ptr<ExponentialRandomVariable> stay = CreateObject<ExponentialRandomVariable>();
    stay->SetAttribute("Mean", DoubleValue(holding.GetSeconds()));
    std::vector<LeafPlan> plan;
    Time at = Seconds(0); // the first leaf makes the call at the root's start
    for (uint32_t i = 0; i < leafCount; ++i)
    {
        Time leave = at + Seconds(stay->GetValue());
        plan.push_back({3 + i % 4, at, leave < stopAt ? leave : Time::Max()});
        at += Seconds(gap->GetValue());
    }
    std::vector<Ptr<CoNetDevice>> leaves;
    std::vector<Ptr<CoSapServerApplication>> servers;
    CoApplicationHelper server("ns3::CoSapServerApplication");
    for (std::size_t i = 0; i < plan.size(); ++i)
    {
        Ptr<Node> node = CreateObject<Node>();
        leaves.push_back(topo.AttachHost(node, plan[i].vertex));
        ApplicationContainer app = server.Install(node);
        app.Start(Seconds(0));
        servers.push_back(DynamicCast<CoSapServerApplication>(app.Get(0)));
    }
    topo.InstallRoutes();
    for (const Ptr<CoNetDevice>& leaf : leaves)
    {
        g_addresses.push_back(leaf->GetAesa());
    }
    g_asked.assign(leaves.size(), Time());
    g_took.assign(leaves.size(), Time(-1));

    Ptr<CoMultipointRootApplication> rootApp = CreateObject<CoMultipointRootApplication>();
    rootApp->SetAttribute("PacketInterval", TimeValue(interval));
    rootApp->SetAttribute("PeakCellRate", UintegerValue(2000));
    for (std::size_t i = 0; i < plan.size(); ++i)
    {
        rootApp->AddLeaf(leaves[i]->GetAesa(), plan[i].join, plan[i].leave);
    }
    rootNode->AddApplication(rootApp);
    rootApp->SetStartTime(Seconds(0.1));
    rootApp->SetStopTime(stopAt);

    g_received.assign(plan.size(), 0);
    for (std::size_t i = 0; i < plan.size(); ++i)
    {
        servers[i]->TraceConnectWithoutContext("Rx", MakeBoundCallback(&LeafRx, i));
    }
    // Count the copies of the root's data on each link of the tree, downwards.
    for (uint32_t v = 1; v < topo.GetNSwitches(); ++v)
    {
        uint32_t parent = (v - 1) / 2;
        g_copies[v] = 0;
        topo.GetSwitch(parent)
            ->GetPort(topo.GetPort(parent, v))
            ->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&LinkTx, v));
    }
    root->TraceConnectWithoutContext("MakeCall", MakeCallback(&MakeCallAsked));
    root->TraceConnectWithoutContext("MakeCallComplete", MakeCallback(&MakeCallDone));
    root->TraceConnectWithoutContext("AddParty", MakeCallback(&PartyAsked));
    root->TraceConnectWithoutContext("AddPartyComplete", MakeCallback(&AddPartyDone));
    if (failAt.IsStrictlyPositive())
    {
        topo.FailLink(2, 6, failAt);
    }

    CoCallLadder ladder(std::cout);
    if (verbose)
    {
        ladder.Watch(root, "root");
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            ladder.Watch(topo.GetSwitch(v), "s" + std::to_string(v));
        }
    }
    if (pcap)
    {
        co.EnablePcapAll("condis-multipoint");
    }

    Simulator::Stop(stopAt + Seconds(1));
    Simulator::Run();

    std::cout << "root sent " << rootApp->GetTxPackets() << " SDUs\n\n"
              << "leaf  switch    joins   leaves   state  cause  add ms  SDUs received\n";
    Time tookSum;
    std::size_t added = 0;
    for (std::size_t i = 0; i < plan.size(); ++i)
    {
        bool took = g_took[i] >= Seconds(0);
        std::ostringstream leave;
        if (plan[i].leave == Time::Max())
        {
            leave << "-";
        }
        else
        {
            leave << std::fixed << std::setprecision(2) << plan[i].leave.GetSeconds() << "s";
        }
        std::cout << std::setw(4) << i << std::setw(8) << ("s" + std::to_string(plan[i].vertex))
                  << std::fixed << std::setprecision(2) << std::setw(8) << plan[i].join.GetSeconds()
                  << "s" << std::setw(9) << leave.str() << std::setw(8)
                  << CoMultipointRootApplication::GetLeafStateName(rootApp->GetLeafState(i))
                  << std::setw(7) << unsigned(rootApp->GetLeafCause(i)) << std::setw(8)
                  << (took ? Milliseconds(g_took[i]) : std::string("-")) << std::setw(15)
                  << g_received[i] << "\n"
                  << std::defaultfloat;
        if (took)
        {
            tookSum += g_took[i];
            ++added;
        }
    }
    if (added > 0)
    {
        std::cout << "\nadds that succeeded: " << added << ", taking "
                  << Milliseconds(Seconds(tookSum.GetSeconds() / added)) << " ms"
                  << " on average (the first: MakeCall)\n";
    }

    // Point to point, each SDU a leaf received would have crossed every
    // link of the leaf's path once for it: the root's link, s0 to the
    // leaf's branch, and down to its switch.
    std::map<uint32_t, uint64_t> unicast;
    uint64_t all = 0;
    for (std::size_t i = 0; i < plan.size(); ++i)
    {
        all += g_received[i];
        for (uint32_t v = plan[i].vertex; v != 0; v = (v - 1) / 2)
        {
            unicast[v] += g_received[i];
        }
    }
    std::cout << "\ndata frames on each link: multipoint (one copy per link, however many "
                 "leaves lie beyond) and point to point (a call to each leaf)\n"
              << "     link  multipoint  point-to-point\n"
              << std::setw(9) << "root->s0" << std::setw(12) << rootApp->GetTxPackets()
              << std::setw(16) << all << "\n";
    uint64_t multipointSum = rootApp->GetTxPackets();
    uint64_t unicastSum = all;
    for (const auto& [v, count] : g_copies)
    {
        std::string link = "s" + std::to_string((v - 1) / 2) + "->s" + std::to_string(v);
        std::cout << std::setw(9) << link << std::setw(12) << count << std::setw(16) << unicast[v]
                  << "\n";
        multipointSum += count;
        unicastSum += unicast[v];
    }
    std::cout << std::setw(9) << "in all" << std::setw(12) << multipointSum << std::setw(16)
              << unicastSum << "\n";
    root->EndOfRun();
    uint64_t violations = root->GetRuleChecker().GetViolationCount();
    std::size_t held = root->GetVcCount() + root->GetPartyHandleCount();
    for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
    {
        held += topo.GetSwitch(v)->GetCallCount();
    }
    for (const Ptr<CoNetDevice>& leaf : leaves)
    {
        leaf->EndOfRun();
        violations += leaf->GetRuleChecker().GetViolationCount();
    }
    std::cout << "\ncalls, VCs and parties left: " << held
              << "\nCoNDIS rule violations: " << violations << "\n";
    Simulator::Destroy();
    return violations == 0 && held == 0 ? 0 : 1;
}
