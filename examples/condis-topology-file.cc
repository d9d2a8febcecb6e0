/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * A network of switches read from a file, and a few calls across it.
 *
 * The topology comes from a GraphML or Graphviz DOT file (see
 * CoTopologyReader for the attributes): one switch per node, one link per
 * edge, shortest-path routes by administrative weight. Every switch gets
 * the same number of hosts; calls go between hosts picked at random, one
 * every interval, each held for a while and then closed. For each call the
 * program prints who called whom, the outcome and the setup latency.
 *
 *   ./condis-topology-file                          the sample US backbone
 *   ./condis-topology-file --file=ring8.dot         any GraphML or DOT file
 *   ./condis-topology-file --verbose                the path of each call too
 *   ./condis-topology-file --calls=50 --RngRun=3    more calls, other draws
 */

#include "ns3/co-ns3-compat.h"
#include "ns3/condis-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>
#include <map>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CondisTopologyFile");

namespace
{

/// One call the program places, and what became of it.
struct CallRecord
{
    uint32_t from = 0; //!< the caller's switch
    uint32_t to = 0;   //!< the called host's switch
    Time start;        //!< when MakeCall was issued
    Time completed;    //!< when MakeCallComplete came
    CoStatus status;   //!< its status
    bool done = false; //!< MakeCallComplete came
};

/**
 * A CoNDIS client on one host: it accepts every incoming call, places the
 * calls it is told to, closes each after the holding time, and deletes the
 * VCs it created.
 */
class Endpoint
{
  public:
    /**
     * \param nic the host's NIC
     * \param records where the calls' outcomes go
     * \param holding how long a connected call is held
     */
    Endpoint(Ptr<CoNetDevice> nic, std::vector<CallRecord>& records, Time holding)
        : m_nic(nic),
          m_records(records),
          m_holding(holding)
    {
        CoClientHandlers h;
        h.makeCallComplete = MakeCallback(&Endpoint::MakeCallComplete, this);
        h.incomingCall = MakeCallback(&Endpoint::IncomingCall, this);
        h.incomingCloseCall = MakeCallback(&Endpoint::IncomingCloseCall, this);
        h.closeCallComplete = MakeCallback(&Endpoint::CloseCallComplete, this);
        m_client = m_nic->OpenAddressFamily(h);
        CoSapHandle sap;
        CoStatus s = m_nic->RegisterSap(m_client, CoSap(m_nic->GetAesa()), sap);
        NS_ABORT_MSG_IF(!s.IsSuccess() && s.GetCode() != CoStatusCode::Pending,
                        "RegisterSap failed: " << s);
    }

    /**
     * \brief Places call \p index of the records to \p called.
     * \param index the call's record
     * \param called the called host's address
     * \param parameters the traffic contract
     */
    void Place(uint32_t index, const AesaAddress& called, CoCallParameters parameters)
    {
        CoVcHandle vc;
        m_nic->CreateVc(m_client, vc);
        m_calls[vc] = index;
        m_records[index].start = Simulator::Now();
        parameters.calledParty = called;
        m_nic->MakeCall(vc, parameters);
    }

  private:
    void MakeCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters&)
    {
        CallRecord& record = m_records[m_calls[vc]];
        record.completed = Simulator::Now();
        record.status = status;
        record.done = true;
        if (status.IsSuccess())
        {
            CoSchedule(m_holding, [this, vc]() { m_nic->CloseCall(vc); });
        }
        else
        {
            Forget(vc);
        }
    }

    CoStatus IncomingCall(CoSapHandle, CoVcHandle, CoCallParameters&)
    {
        return CoStatus();
    }

    void IncomingCloseCall(CoStatus, CoVcHandle vc)
    {
        m_nic->CloseCall(vc);
        if (m_calls.count(vc) != 0)
        {
            Forget(vc);
        }
    }

    void CloseCallComplete(CoStatus, CoVcHandle vc)
    {
        Forget(vc);
    }

    /// Deletes a VC this client created.
    void Forget(CoVcHandle vc)
    {
        m_nic->DeleteVc(vc);
        m_calls.erase(vc);
    }

    Ptr<CoNetDevice> m_nic;                 //!< the host's NIC
    std::vector<CallRecord>& m_records;     //!< every call's outcome
    Time m_holding;                         //!< how long calls are held
    CoClientHandle m_client;                //!< the address family opened
    std::map<CoVcHandle, uint32_t> m_calls; //!< our VCs, to their records
};

/// \return the switch's name, or its number if it has none
std::string
SwitchName(const CoTopology& topology, uint32_t vertex)
{
    return topology[vertex].name.empty() ? "switch " + std::to_string(vertex)
                                         : topology[vertex].name;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string file = std::string(CONDIS_TOPOLOGIES_DIR) + "/us-backbone.graphml";
    uint32_t hostsPerSwitch = 2;
    uint32_t calls = 8;
    uint32_t pcr = 1000;
    Time interval = MilliSeconds(50);
    Time holding = Seconds(1);
    std::string hostRate = "155.52Mbps";
    Time hostDelay = MicroSeconds(100);
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("file", "Topology file: .graphml/.xml (GraphML) or .dot/.gv (Graphviz)", file);
    cmd.AddValue("hosts", "Hosts on each switch", hostsPerSwitch);
    cmd.AddValue("calls", "Calls to place between hosts picked at random", calls);
    cmd.AddValue("pcr", "Peak cell rate of each CBR call, cells/s each way", pcr);
    cmd.AddValue("interval", "Time between call attempts", interval);
    cmd.AddValue("holding", "How long each connected call is held", holding);
    cmd.AddValue("hostRate", "Rate of the host access links", hostRate);
    cmd.AddValue("hostDelay", "Propagation delay of the host access links", hostDelay);
    cmd.AddValue("verbose", "Print the switches each call crosses", verbose);
    cmd.Parse(argc, argv);

    CoTopology topology;
    std::string error;
    if (!CoTopologyReader::Read(file, topology, error))
    {
        std::cerr << error << std::endl;
        return 1;
    }
    if (hostsPerSwitch == 0)
    {
        std::cerr << "--hosts must be at least 1" << std::endl;
        return 1;
    }

    CoHelper co;
    co.SetChannelAttribute("DataRate", StringValue(hostRate));
    co.SetChannelAttribute("Delay", TimeValue(hostDelay));
    CoTopologyHelper network(co);
    network.Build(topology);
    NetDeviceContainer nics = network.AttachHosts(hostsPerSwitch);
    std::cout << file << ": " << network.GetNSwitches() << " switches, "
              << boost::num_edges(topology) << " links, " << nics.GetN() << " hosts\n";

    std::vector<CallRecord> records(calls);
    std::vector<std::unique_ptr<Endpoint>> endpoints;
    for (uint32_t i = 0; i < nics.GetN(); ++i)
    {
        endpoints.push_back(
            std::make_unique<Endpoint>(DynamicCast<CoNetDevice>(nics.Get(i)), records, holding));
    }

    // Hosts of switch v are nics v * hostsPerSwitch ... (v + 1) * hostsPerSwitch - 1.
    Ptr<UniformRandomVariable> pick = CreateObject<UniformRandomVariable>();
    uint32_t n = nics.GetN();
    for (uint32_t c = 0; c < calls && n > 1; ++c)
    {
        uint32_t caller = pick->GetInteger(0, n - 1);
        uint32_t called = pick->GetInteger(0, n - 2);
        called += called >= caller; // anyone but the caller
        records[c].from = caller / hostsPerSwitch;
        records[c].to = called / hostsPerSwitch;
        AesaAddress address = DynamicCast<CoNetDevice>(nics.Get(called))->GetAesa();
        CoSchedule(interval * c, [&endpoints, caller, c, address, pcr]() {
            endpoints[caller]->Place(c,
                                     address,
                                     CoCallParameters::Symmetric(CoServiceCategory::Cbr, pcr));
        });
    }
    Simulator::Run();

    uint32_t connected = 0;
    for (uint32_t c = 0; c < calls && n > 1; ++c)
    {
        const CallRecord& r = records[c];
        std::cout << "call " << c << ": " << SwitchName(topology, r.from) << " -> "
                  << SwitchName(topology, r.to) << ": ";
        if (!r.done)
        {
            std::cout << "no completion\n";
            continue;
        }
        connected += r.status.IsSuccess();
        std::cout << r.status << ", setup " << std::fixed << std::setprecision(3)
                  << (r.completed - r.start).GetSeconds() * 1e3 << " ms\n";
        if (verbose)
        {
            std::cout << "    path:";
            for (uint32_t v : network.GetRoutedPath(r.from, r.to))
            {
                std::cout << " " << SwitchName(topology, v);
            }
            std::cout << "\n";
        }
    }
    uint64_t violations = 0;
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<CoNetDevice> nic = DynamicCast<CoNetDevice>(nics.Get(i));
        nic->EndOfRun();
        violations += nic->GetRuleChecker().GetViolationCount();
    }
    std::cout << connected << " of " << calls << " calls connected\n";
    std::cout << "CoNDIS rule violations: " << violations << std::endl;
    Simulator::Destroy();
    return 0;
}
