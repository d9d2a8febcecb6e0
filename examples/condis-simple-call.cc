/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * One call, start to finish, through one ATM-like switch.
 *
 *     host a  ======== switch ========  host b
 *   (caller)   UNI               UNI   (SAP server)
 *
 * a's call generator places one CBR call to b; b's SAP server accepts it;
 * a sends traffic on the VC for the holding time, then closes the call.
 *
 *   ./condis-simple-call --verbose       the ladder: every CoNDIS request,
 *                                        completion and Q.2931 message
 *   ./condis-simple-call --pcap          SunATM captures of every port,
 *                                        for Wireshark
 *   ./condis-simple-call --chart=call.svg  the call as a message sequence
 *                                        chart, for a browser
 *   ./condis-simple-call --PrintHelp     all options
 */

#include "ns3/condis-module.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <fstream>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CondisSimpleCall");

namespace
{
Time g_setupLatency;          //!< of the one call
uint64_t g_bytesAtServer = 0; //!< user data that reached b

void
CallSetup(CoVcHandle, Time latency, const CoCallParameters&)
{
    g_setupLatency = latency;
}

void
ServerRx(Ptr<const Packet> packet, CoVcHandle)
{
    g_bytesAtServer += packet->GetSize();
}
} // namespace

int
main(int argc, char* argv[])
{
    bool verbose = false;
    bool pcap = false;
    std::string rate = "155.52Mbps";
    Time delay = MilliSeconds(1);
    Time processing = MicroSeconds(100);
    uint32_t pcr = 10000;
    Time holding = Seconds(1);
    uint32_t packetSize = 1000;
    Time interval = MilliSeconds(100);
    Time answerDelay = Seconds(0);

    CommandLine cmd(__FILE__);
    cmd.AddValue("verbose", "Print the ladder of the call", verbose);
    std::string chart;
    cmd.AddValue("chart", "Write the call's message sequence chart (SVG) to this file", chart);
    cmd.AddValue("pcap", "Write SunATM pcap files of every port (condis-simple-call-*.pcap)", pcap);
    cmd.AddValue("rate", "Link rate", rate);
    cmd.AddValue("delay", "Link propagation delay", delay);
    cmd.AddValue("processing", "Switch signalling processing time per message", processing);
    cmd.AddValue("pcr", "Peak cell rate of the CBR call, cells/s each way", pcr);
    cmd.AddValue("holding", "How long the call stays up", holding);
    cmd.AddValue("packetSize", "AAL5 SDU size of the caller's traffic, bytes", packetSize);
    cmd.AddValue("interval", "Time between the caller's packets", interval);
    cmd.AddValue("answerDelay",
                 "How long b's user takes to answer (0: at once); b alerts meanwhile "
                 "(ALERTING), and the network waits up to T301 (3 min)",
                 answerDelay);
    cmd.Parse(argc, argv);

    NodeContainer hosts(2);
    Ptr<Node> switchNode = CreateObject<Node>();
    Names::Add("a", hosts.Get(0));
    Names::Add("b", hosts.Get(1));
    Names::Add("sw", switchNode);

    CoHelper co;
    co.SetChannelAttribute("DataRate", StringValue(rate));
    co.SetChannelAttribute("Delay", TimeValue(delay));
    co.SetSwitchAttribute("ProcessingDelay", TimeValue(processing));
    Ptr<CoSwitch> sw = co.InstallSwitch(switchNode);
    Ptr<CoNetDevice> a = co.InstallHost(hosts.Get(0), switchNode);
    Ptr<CoNetDevice> b = co.InstallHost(hosts.Get(1), switchNode);

    CoApplicationHelper server("ns3::CoSapServerApplication");
    if (answerDelay.IsStrictlyPositive())
    {
        server.SetAttribute("Answer", StringValue("Pend"));
        server.SetAttribute("AnswerDelay", TimeValue(answerDelay));
    }
    ApplicationContainer serverApp = server.Install(hosts.Get(1));
    serverApp.Start(Seconds(0));

    CoApplicationHelper caller("ns3::CoCallGeneratorApplication");
    caller.SetAttribute("Destination", AesaAddressValue(b->GetAesa()));
    caller.SetAttribute("MaxCalls", UintegerValue(1));
    caller.SetAttribute("InterArrivalTime",
                        StringValue("ns3::ConstantRandomVariable[Constant=0.1]"));
    caller.SetAttribute("HoldingTime",
                        StringValue("ns3::ConstantRandomVariable[Constant=" +
                                    std::to_string(holding.GetSeconds()) + "]"));
    caller.SetAttribute("ServiceCategory", StringValue("CBR"));
    caller.SetAttribute("PeakCellRate", UintegerValue(pcr));
    caller.SetAttribute("PacketSize", UintegerValue(packetSize));
    caller.SetAttribute("PacketInterval", TimeValue(interval));
    ApplicationContainer callerApp = caller.Install(hosts.Get(0));
    callerApp.Start(Seconds(0));
    callerApp.Stop(Seconds(0.5)); // places its one call, which then runs to its end

    callerApp.Get(0)->TraceConnectWithoutContext("CallSetup", MakeCallback(&CallSetup));
    serverApp.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&ServerRx));

    CoCallLadder ladder(std::cout);
    if (verbose)
    {
        std::cout << "a is " << a->GetAesa() << "\nb is " << b->GetAesa() << "\n\n";
        ladder.Watch(a, "a");
        ladder.Watch(b, "b");
        ladder.Watch(sw, "sw");
    }
    if (pcap)
    {
        co.EnablePcapAll("condis-simple-call");
    }
    CoCallEventCollector events; // for the chart
    if (!chart.empty())
    {
        events.Watch(a, "a");
        events.Watch(sw, "sw");
        events.Watch(b, "b");
    }

    Simulator::Run();
    a->EndOfRun();
    b->EndOfRun();
    if (!chart.empty())
    {
        CoSequenceChart sequence(events);
        std::vector<uint64_t> calls = sequence.GetCalls();
        std::ofstream file(chart);
        if (!calls.empty())
        {
            file << sequence.RenderCall(calls.front());
        }
        if (calls.empty() || !file)
        {
            std::cerr << "condis-simple-call: --chart: \"" << chart
                      << (calls.empty() ? "\": no call was placed\n" : "\": cannot write\n");
            return 2;
        }
        std::cout << "sequence chart in " << chart << "\n";
    }

    std::cout << "\ncall setup latency: " << g_setupLatency.As(Time::MS) << "\n"
              << "user data received by b: " << g_bytesAtServer << " bytes\n"
              << "switch state left: " << sw->GetCallCount() << " calls, "
              << sw->GetCrossConnectCount() << " cross-connects\n"
              << "CoNDIS rule violations: "
              << a->GetRuleChecker().GetViolationCount() + b->GetRuleChecker().GetViolationCount()
              << std::endl;
    Simulator::Destroy();
    return 0;
}
