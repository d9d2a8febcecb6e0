/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * One point-to-multipoint call through a tree of switches (Q.2971).
 *
 *                        root
 *                         |
 *                        s0
 *                      /    \
 *                    s1      s2
 *                   /  \    /  \
 *                 s3   s4  s5   s6
 *
 * The root, on s0, makes a call to a leaf and adds the others one by one
 * (one leaf on each of s3..s6, a second one on s3); one leaf leaves on its
 * own, and a link failure drops the leaf beyond it. The root sends constant
 * bit rate data throughout: every active leaf receives each SDU once, the
 * switches copying them where the paths part (one copy per link, however
 * many leaves lie beyond).
 *
 * Run: ./condis-multipoint [--verbose] [--failAt=7s] [--pcap]
 */

#include "ns3/condis-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>
#include <map>

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

std::map<std::string, uint64_t> g_copies; //!< data frames sent on each link, by "su->sv"

void
LinkTx(std::string link, Ptr<const Packet> frame)
{
    AtmFrameHeader header;
    frame->PeekHeader(header);
    if (header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
    {
        ++g_copies[link];
    }
}
} // namespace

int
main(int argc, char* argv[])
{
    bool verbose = false;
    bool pcap = false;
    Time failAt = Seconds(7);
    Time stopAt = Seconds(9);
    Time interval = MilliSeconds(10);

    CommandLine cmd(__FILE__);
    cmd.AddValue("verbose", "Print the ladder of every signalling message", verbose);
    cmd.AddValue("pcap", "Write SunATM pcap files of every port (condis-multipoint-*.pcap)", pcap);
    cmd.AddValue("failAt", "When the link s2-s6 fails (0: never)", failAt);
    cmd.AddValue("stopAt", "When the root closes the call", stopAt);
    cmd.AddValue("interval", "Time between the root's SDUs", interval);
    cmd.Parse(argc, argv);

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

    std::vector<LeafPlan> plan = {
        {3, Seconds(0), Time::Max()},
        {4, Seconds(1), Time::Max()},
        {3, Seconds(2), Time::Max()}, // a second leaf behind s3: no new copy on s0-s1-s3
        {5, Seconds(3), Seconds(6)},  // leaves on its own
        {6, Seconds(4), Time::Max()}, // dropped by the failure of s2-s6
    };
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
        std::string link = "s" + std::to_string(parent) + "->s" + std::to_string(v);
        g_copies[link] = 0;
        topo.GetSwitch(parent)
            ->GetPort(topo.GetPort(parent, v))
            ->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&LinkTx, link));
    }
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
              << "leaf  switch  joins  leaves   state   cause  SDUs received\n";
    for (std::size_t i = 0; i < plan.size(); ++i)
    {
        std::cout << std::setw(4) << i << std::setw(8) << ("s" + std::to_string(plan[i].vertex))
                  << std::setw(6) << plan[i].join.GetSeconds() << "s" << std::setw(7)
                  << (plan[i].leave == Time::Max()
                          ? std::string("-")
                          : std::to_string(int(plan[i].leave.GetSeconds())) + "s")
                  << std::setw(8)
                  << CoMultipointRootApplication::GetLeafStateName(rootApp->GetLeafState(i))
                  << std::setw(8) << unsigned(rootApp->GetLeafCause(i)) << std::setw(15)
                  << g_received[i] << "\n";
    }
    std::cout << "\ndata frames on each link (one copy per link, however many leaves "
                 "lie beyond):\n";
    for (const auto& [link, count] : g_copies)
    {
        std::cout << "  " << std::setw(7) << link << std::setw(8) << count << "\n";
    }
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
