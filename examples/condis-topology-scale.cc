/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * How long building and routing a large network of switches takes, and how
 * much the routing tables hold: the figures to look at before a study with
 * a thousand switches. Measure in a Release build.
 *
 * Generates a grid (or torus, or Waxman graph), builds it with
 * CoTopologyHelper (switches, links, one Dijkstra per destination for the
 * routes), attaches hosts, recomputes the routes once more (as after a
 * failure), then places one call between the two switches farthest apart
 * in vertex order and checks that it connects.
 *
 *   ./condis-topology-scale                                 a 10 x 10 grid
 *   ./condis-topology-scale --rows=25 --cols=40 --hosts=4   1,000 switches
 *   ./condis-topology-scale --shape=waxman --switches=1000
 */

#include "ns3/condis-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <iomanip>
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h> // mallinfo2: glibc's heap statistics
#endif

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CondisTopologyScale");

namespace
{

/// Heap bytes in use (glibc only: elsewhere 0, and no memory figure is printed).
uint64_t
HeapBytes()
{
#if defined(__GLIBC__)
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#else
    return 0;
#endif
}

/// Wall-clock seconds taken by \p work.
template <typename Work>
double
Timed(Work work)
{
    auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/**
 * One call between two hosts: placed, completed, closed, its VC deleted;
 * the called side accepts and answers the close.
 */
class DiameterCall
{
  public:
    /// \param caller the calling NIC \param called the called NIC
    DiameterCall(Ptr<CoNetDevice> caller, Ptr<CoNetDevice> called)
        : m_caller(caller),
          m_called(called)
    {
        CoClientHandlers c;
        c.makeCallComplete = MakeCallback(&DiameterCall::MakeCallComplete, this);
        c.closeCallComplete = MakeCallback(&DiameterCall::CloseCallComplete, this);
        m_client = caller->OpenAddressFamily(c);
        CoClientHandlers s;
        s.incomingCall = MakeCallback(&DiameterCall::IncomingCall, this);
        s.incomingCloseCall = MakeCallback(&DiameterCall::IncomingCloseCall, this);
        CoSapHandle sap;
        called->RegisterSap(called->OpenAddressFamily(s), CoSap(called->GetAesa()), sap);
    }

    /// Places the call.
    void Call()
    {
        m_caller->CreateVc(m_client, m_vc);
        CoCallParameters parameters = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000);
        parameters.calledParty = m_called->GetAesa();
        m_caller->MakeCall(m_vc, parameters);
    }

    CoStatus status{CoStatusCode::Pending}; //!< MakeCallComplete's status
    Time at;                                //!< when it came

  private:
    void MakeCallComplete(CoStatus s, CoVcHandle vc, const CoCallParameters&)
    {
        status = s;
        at = Simulator::Now();
        if (s.IsSuccess())
        {
            m_caller->CloseCall(vc);
        }
        else
        {
            m_caller->DeleteVc(vc);
        }
    }

    void CloseCallComplete(CoStatus, CoVcHandle vc)
    {
        m_caller->DeleteVc(vc);
    }

    CoStatus IncomingCall(CoSapHandle, CoVcHandle, CoCallParameters&)
    {
        return CoStatus();
    }

    void IncomingCloseCall(CoStatus, CoVcHandle vc)
    {
        m_called->CloseCall(vc);
    }

    Ptr<CoNetDevice> m_caller; //!< the calling NIC
    Ptr<CoNetDevice> m_called; //!< the called NIC
    CoClientHandle m_client;   //!< the caller's client
    CoVcHandle m_vc;           //!< the call's VC
};

} // namespace

int
main(int argc, char* argv[])
{
    std::string shape = "grid";
    uint32_t rows = 10;
    uint32_t cols = 10;
    uint32_t switches = 100;
    double alpha = 0.03;
    double beta = 0.4;
    uint32_t hostsPerSwitch = 1;
    uint32_t maxNextHops = 0;
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("shape", "grid, torus or waxman", shape);
    cmd.AddValue("rows", "Rows of the grid or torus", rows);
    cmd.AddValue("cols", "Columns of the grid or torus", cols);
    cmd.AddValue("switches", "Switches of the Waxman graph", switches);
    cmd.AddValue("alpha",
                 "Waxman distance scale (with beta 0.4 and 1,000 switches, 0.03 gives about 4 "
                 "links per switch)",
                 alpha);
    cmd.AddValue("beta", "Waxman edge density", beta);
    cmd.AddValue("hosts", "Hosts on each switch", hostsPerSwitch);
    cmd.AddValue("maxNextHops",
                 "Next hops kept per destination (0: every downhill one)",
                 maxNextHops);
    cmd.AddValue("verbose", "Print the switches the call crosses", verbose);
    cmd.Parse(argc, argv);

    CoTopology topology;
    if (shape != "grid" && shape != "torus" && shape != "waxman")
    {
        std::cerr << "--shape=" << shape << ": expected grid, torus or waxman" << std::endl;
        return 1;
    }
    double generate = 0;
    try
    {
        generate = Timed([&]() {
            if (shape == "waxman")
            {
                Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
                topology =
                    CoTopologyGenerator::Waxman(switches, alpha, beta, CoLinkProperties(), rng);
            }
            else
            {
                topology =
                    CoTopologyGenerator::Grid(rows, cols, CoLinkProperties(), shape == "torus");
            }
        });
    }
    catch (const std::exception& e)
    {
        // The generators name the argument and the value they refuse.
        std::cerr << "condis-topology-scale: " << e.what() << std::endl;
        return 1;
    }
    uint32_t n = boost::num_vertices(topology);
    std::cout << shape << ": " << n << " switches, " << boost::num_edges(topology) << " links\n";

    CoHelper co;
    CoTopologyHelper network(co);
    network.SetMaxNextHops(maxNextHops);
    uint64_t heapBefore = HeapBytes();
    double build = Timed([&]() { network.Build(topology); });
    uint64_t heapBuilt = HeapBytes();
    NetDeviceContainer nics;
    double attach = Timed([&]() { nics = network.AttachHosts(hostsPerSwitch); });
    double reroute = Timed([&]() { network.InstallRoutes(); });

    uint64_t entries = 0;
    for (uint32_t v = 0; v < n; ++v)
    {
        entries += network.GetSwitch(v)->GetRoutingTable().GetSize();
    }
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "generate: " << generate << " s\n";
    std::cout << "build (switches, links, routes): " << build << " s\n";
    std::cout << "attach " << nics.GetN() << " hosts: " << attach << " s\n";
    std::cout << "recompute routes: " << reroute << " s\n";
    // Each host adds one route, on its own switch.
    uint64_t between = entries - nics.GetN();
    std::cout << "route entries between switches: " << between << " (" << std::setprecision(2)
              << double(between) / n / std::max(1u, n - 1)
              << " next hops per switch and destination), plus " << nics.GetN() << " host routes\n";
    if (heapBuilt > heapBefore)
    {
        std::cout << "heap for the built network: " << std::setprecision(1)
                  << (heapBuilt - heapBefore) / 1e6 << " MB\n";
    }

    // One call across the network, to see that the routes work.
    Ptr<CoNetDevice> caller = DynamicCast<CoNetDevice>(nics.Get(0));
    Ptr<CoNetDevice> called = DynamicCast<CoNetDevice>(nics.Get(nics.GetN() - 1));
    DiameterCall probe(caller, called);
    probe.Call();
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    std::cout << "call from switch 0 to switch " << n - 1 << " ("
              << network.GetRoutedPath(0, n - 1).size() << " switches): " << probe.status
              << std::setprecision(3) << " after " << probe.at.GetSeconds() * 1e3 << " ms\n";

    if (verbose)
    {
        std::cout << "    path:";
        for (uint32_t v : network.GetRoutedPath(0, n - 1))
        {
            std::cout << " " << v;
        }
        std::cout << "\n";
    }
    uint64_t violations = 0;
    for (Ptr<CoNetDevice> nic : {caller, called})
    {
        nic->EndOfRun();
        violations += nic->GetRuleChecker().GetViolationCount();
    }
    std::cout << "CoNDIS rule violations: " << violations << std::endl;
    Simulator::Destroy();
    return probe.status.IsSuccess() ? 0 : 1;
}
