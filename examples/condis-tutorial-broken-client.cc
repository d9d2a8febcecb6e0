/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * The tutorial's broken client (doc/tutorial.rst, "Break the contract"):
 * host a calls host b through one switch and sends one SDU. The mistake is
 * a common one: MakeCall returned Pending, so the client takes the call to
 * be up and sends at once, on a VC that is not active yet. The device
 * refuses the frame and its rule checker counts DataOnInactiveVc.
 *
 *   ./condis-tutorial-broken-client            the mistake, and the checker's report
 *   ./condis-tutorial-broken-client --fixed    sends from MakeCallComplete instead: no violation
 *   ./condis-tutorial-broken-client --verbose  the call's ladder too
 */

#include "ns3/condis-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <iostream>

using namespace ns3;

namespace
{

Ptr<CoNetDevice> g_a; //!< the caller's device, which the client below uses
CoVcHandle g_vc;      //!< the client's VC
bool g_fixed = false; //!< send only once the call is connected

/// Prints each violation as the device reports it (its RuleViolation trace).
void
Violation(CoRule rule, const std::string& detail)
{
    std::cout << Simulator::Now().As(Time::S) << " rule violation " << rule << ": " << detail
              << "\n";
}

/// ProtocolClMakeCallComplete of the client: the right place to start sending.
void
MakeCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters&)
{
    std::cout << Simulator::Now().As(Time::S) << " MakeCallComplete: " << status << "\n";
    if (g_fixed && status.IsSuccess())
    {
        CoStatus sent = g_a->Send(vc, Create<Packet>(100));
        std::cout << "Send after MakeCallComplete: " << sent << "\n";
    }
    g_a->CloseCall(vc);
}

/// The client: about ten lines, one of them wrong (unless --fixed).
void
StartClient(AesaAddress callee)
{
    CoClientHandlers handlers;
    handlers.makeCallComplete = MakeCallback(&MakeCallComplete);
    CoClientHandle client = g_a->OpenAddressFamily(handlers);
    g_a->CreateVc(client, g_vc);
    CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000);
    p.calledParty = callee;
    CoStatus called = g_a->MakeCall(g_vc, p);
    std::cout << "MakeCall: " << called << "\n";
    if (!g_fixed)
    {
        // The mistake: Pending means "not yet", not "connected".
        CoStatus sent = g_a->Send(g_vc, Create<Packet>(100));
        std::cout << "Send right after MakeCall: " << sent << "\n";
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    bool verbose = false;
    cmd.AddValue("fixed", "Send from MakeCallComplete, as the contract wants", g_fixed);
    cmd.AddValue("verbose", "Print the ladder of the call too", verbose);
    cmd.Parse(argc, argv);

    NodeContainer hosts(2);
    Ptr<Node> switchNode = CreateObject<Node>();
    CoHelper co;
    co.InstallSwitch(switchNode);
    g_a = co.InstallHost(hosts.Get(0), switchNode);
    Ptr<CoNetDevice> b = co.InstallHost(hosts.Get(1), switchNode);
    CoApplicationHelper server("ns3::CoSapServerApplication");
    server.Install(hosts.Get(1)).Start(Seconds(0));
    g_a->TraceConnectWithoutContext("RuleViolation", MakeCallback(&Violation));
    CoCallLadder ladder(std::cout);
    if (verbose)
    {
        ladder.Watch(g_a, "a");
        ladder.Watch(b, "b");
    }

    Simulator::Schedule(Seconds(0.1), &StartClient, b->GetAesa());
    Simulator::Run();
    g_a->EndOfRun();
    b->EndOfRun();
    std::cout << "CoNDIS rule violations: "
              << g_a->GetRuleChecker().GetViolationCount() + b->GetRuleChecker().GetViolationCount()
              << std::endl;
    g_a = nullptr;
    Simulator::Destroy();
    return 0;
}
