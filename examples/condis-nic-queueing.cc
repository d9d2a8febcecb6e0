/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Mixed service categories through one NIC and a congested switch port.
 *
 *   host a --155.52 Mb/s-- s0 --10 Mb/s-- s1 --155.52 Mb/s-- host b
 *
 * Host a places calls of three classes to host b, each class by a call
 * generator of its own, each call carrying traffic of its class:
 *
 *   CBR      constant bit rate frames, at the contract's rate
 *   rt-VBR   on/off bursts (Pareto on periods) shaped to PCR/SCR/MBS
 *   UBR      Poisson frames of exponential size, no reservation
 *
 * Every port queues per VC (CoVcScheduler): CBR before rt-VBR before UBR,
 * each VC shaped to its contract (the switches tolerating --cdvt of jitter),
 * and the output port of s0 toward s1 holds at most --bufferCells cells of
 * UBR. The reserved classes get their rate; UBR takes what is left of the
 * 10 Mb/s and loses the rest at that port (PortCellLimit). The program
 * prints, per class, frames sent, delivered and lost with the drop reasons,
 * the throughput and the frame delay (CoDataRecorder), and a time series
 * of the congested port's occupancy.
 *
 * With --fidelity=Cell every port works a cell at a time: the full UBR
 * buffer loses cells rather than frames, the frames that lost some are
 * thrown away by b's reassembly (and, without --ppd, the frame after one
 * that lost its last cell), and a CBR cell no longer waits behind a whole
 * UBR frame.
 *
 *   ./condis-nic-queueing [--duration=4] [--callGap=0.5] [--ubrRate=400] [--bufferCells=2000]
 *                         [--sampleEvery=0.1] [--cdvt=0.01] [--verbose]
 *                         [--fidelity=Frame|Cell] [--ppd]
 */

#include "ns3/boolean.h"
#include "ns3/condis-module.h"
#include "ns3/core-module.h"

#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CondisNicQueueing");

namespace
{

/// One sample of the congested port's queue.
struct Occupancy
{
    Time at;         //!< when
    uint32_t frames; //!< frames waiting
    uint64_t cells;  //!< cells waiting
};

/**
 * \brief Samples a scheduler's occupancy every \p interval until \p end.
 * \param scheduler the port's VC scheduler
 * \param interval between samples
 * \param end the last sample's time at the latest
 * \param samples where they go
 */
void
SampleQueue(Ptr<CoVcScheduler> scheduler, Time interval, Time end, std::vector<Occupancy>* samples)
{
    samples->push_back({Simulator::Now(), scheduler->GetNFrames(), scheduler->GetNCells()});
    if (Simulator::Now() + interval <= end)
    {
        Simulator::Schedule(interval, &SampleQueue, scheduler, interval, end, samples);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    double duration = 4;
    double callGap = 0.5;
    double ubrRate = 400;
    uint32_t bufferCells = 2000;
    double sampleEvery = 0.1;
    double cdvt = 0.01;
    bool verbose = false;
    std::string fidelity = "Frame";
    bool ppd = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("duration", "Seconds during which calls are placed", duration);
    cmd.AddValue("callGap", "Mean seconds between the calls of a class (exponential)", callGap);
    cmd.AddValue("ubrRate", "Frames per second of each UBR call (Poisson)", ubrRate);
    cmd.AddValue("bufferCells", "Cells of UBR the congested port may hold", bufferCells);
    cmd.AddValue("sampleEvery",
                 "Seconds between samples of the congested port's queue",
                 sampleEvery);
    cmd.AddValue("cdvt", "Seconds of cell delay variation the switches tolerate", cdvt);
    cmd.AddValue("verbose", "Print the occupancy time series too", verbose);
    cmd.AddValue("fidelity",
                 "Frame (an AAL5 frame per event) or Cell (a cell per event: cells "
                 "interleave and a full buffer loses them one by one)",
                 fidelity);
    cmd.AddValue("ppd", "At cell level, partial packet discard at the switches", ppd);
    cmd.Parse(argc, argv);
    if (fidelity != "Frame" && fidelity != "Cell")
    {
        std::cerr << "condis-nic-queueing: --fidelity must be Frame or Cell, not " << fidelity
                  << "\n";
        return 1;
    }
    if (!(duration > 0) || !(callGap > 0) || !(ubrRate > 0) || !(sampleEvery > 0) || !(cdvt >= 0) ||
        bufferCells == 0)
    {
        std::cerr << "condis-nic-queueing: duration, callGap, ubrRate, sampleEvery and "
                     "bufferCells must be above 0, cdvt at least 0\n";
        return 1;
    }

    CoHelper co;
    co.SetChannelAttribute("DataRate", StringValue("155.52Mbps"));
    co.SetChannelAttribute("Delay", TimeValue(MicroSeconds(100)));
    // Every NIC and switch port queues per VC; a port's cell limit holds back UBR only.
    co.SetHostVcScheduler("Fidelity", StringValue(fidelity));
    // The switches tolerate --cdvt of jitter picked up upstream (a CBR frame
    // held behind a long UBR frame) before they hold a VC back to its PCR.
    co.SetSwitchVcScheduler("MaxCells",
                            UintegerValue(bufferCells),
                            "Cdvt",
                            TimeValue(Seconds(cdvt)),
                            "Fidelity",
                            StringValue(fidelity),
                            "PartialPacketDiscard",
                            BooleanValue(ppd));
    CoTopologyHelper network(co);
    CoLinkProperties bottleneck;
    bottleneck.rate = DataRate("10Mbps");
    bottleneck.delay = MilliSeconds(1);
    network.Build(CoTopologyGenerator::Line(2, bottleneck));
    NodeContainer hosts;
    hosts.Create(2);
    Ptr<CoNetDevice> a = network.AttachHost(hosts.Get(0), 0);
    Ptr<CoNetDevice> b = network.AttachHost(hosts.Get(1), 1);
    network.InstallRoutes();

    CoApplicationHelper server("ns3::CoSapServerApplication");
    server.Install(hosts.Get(1));

    CoDataRecorder recorder;
    recorder.WatchHost(a);
    recorder.WatchHost(b);
    Ptr<CoPortNetDevice> congested = network.GetSwitch(0)->GetPort(network.GetPort(0, 1));
    std::size_t congestedIndex = recorder.WatchPort(congested);

    // The three classes: contract and traffic. 500-byte frames take 11
    // cells; 1 Mb/s of them is 250 frames/s, 2750 cells/s. Every port shapes
    // each VC to its PCR, frame by frame: a CBR frame held behind a long UBR
    // frame beyond the CDVT leaves its VC behind, and only the PCR's margin
    // over the rate (20 % here) lets it catch up. The on/off source's mean rate is
    // 3 Mb/s x 0.1 / (0.1 + 0.2) = 1 Mb/s, 125 1000-byte frames (21 cells
    // each) per second: about 2600 cells/s, under its SCR; its bursts at
    // 3 Mb/s (7900 cells/s) are shaped to the PCR and to MBS.
    struct Class
    {
        const char* category;
        uint32_t pcr;
        uint32_t scr;
        uint32_t mbs;
        Ptr<CoTrafficSource> source;
    };

    Ptr<CoCbrSource> cbr = CreateObject<CoCbrSource>();
    cbr->SetAttribute("PacketSize", UintegerValue(500));
    cbr->SetAttribute("Interval", TimeValue(MilliSeconds(4))); // 1 Mb/s
    Ptr<CoOnOffSource> vbr = CreateObject<CoOnOffSource>();
    vbr->SetAttribute("PeakRate", DataRateValue(DataRate("3Mbps")));
    vbr->SetAttribute("PacketSize", UintegerValue(1000));
    vbr->SetAttribute("OnTime", StringValue("ns3::ParetoRandomVariable[Scale=0.0333|Shape=1.5]"));
    vbr->SetAttribute("OffTime", StringValue("ns3::ExponentialRandomVariable[Mean=0.2]"));
    Ptr<CoPoissonSource> ubr = CreateObject<CoPoissonSource>();
    ubr->SetAttribute("FrameRate", DoubleValue(ubrRate));
    ubr->SetAttribute("MeanSize", UintegerValue(1500));
    ubr->SetAttribute("SizeDistribution", StringValue("Exponential"));
    const Class classes[] = {
        {"CBR", 3300, 0, 0, cbr},
        {"rt-VBR", 7500, 3000, 300, vbr},
        {"UBR", 0, 0, 0, ubr},
    };
    int64_t stream = 1;
    for (uint32_t k = 0; k < 3; ++k)
    {
        const Class& c = classes[k];
        CoApplicationHelper caller("ns3::CoCallGeneratorApplication");
        caller.SetAttribute("Destination", AesaAddressValue(b->GetAesa()));
        caller.SetAttribute(
            "InterArrivalTime",
            StringValue("ns3::ExponentialRandomVariable[Mean=" + std::to_string(callGap) + "]"));
        caller.SetAttribute("HoldingTime", StringValue("ns3::ConstantRandomVariable[Constant=2]"));
        caller.SetAttribute("ServiceCategory", StringValue(c.category));
        caller.SetAttribute("PeakCellRate", UintegerValue(c.pcr));
        caller.SetAttribute("SustainableCellRate", UintegerValue(c.scr));
        caller.SetAttribute("MaxBurstSize", UintegerValue(c.mbs));
        caller.SetAttribute("TrafficSource", PointerValue(c.source));
        ApplicationContainer apps = caller.Install(hosts.Get(0));
        apps.Stop(Seconds(duration));
        stream += caller.AssignStreams(NodeContainer(hosts.Get(0)), stream);
        recorder.WatchCaller(DynamicCast<CoCallGeneratorApplication>(apps.Get(0)), a, k);
    }

    std::vector<Occupancy> samples;
    Simulator::ScheduleNow(&SampleQueue,
                           congested->GetVcScheduler(),
                           Seconds(sampleEvery),
                           Seconds(duration + 2),
                           &samples);
    Simulator::Run();
    Time end = Simulator::Now();
    a->EndOfRun();
    b->EndOfRun();

    // Per class: sums over its VCs.
    struct Totals
    {
        uint32_t vcs = 0;
        uint64_t sent = 0;
        uint64_t received = 0;
        uint64_t refused = 0;
        std::array<uint64_t, CoVcScheduler::DROP_REASONS> drops{};
        std::array<uint64_t, 2> reassembly{}; // CellLoss, Merged
        double throughput = 0;
        Time delaySum;
        Time worstP99;
    };

    std::map<uint32_t, Totals> byClass;
    for (const CoVcRecord& v : recorder.GetVcRecords())
    {
        if (!v.forward)
        {
            continue; // the server does not answer with data; nothing comes back
        }
        Totals& t = byClass[v.group];
        ++t.vcs;
        t.sent += v.sentFrames;
        t.received += v.receivedFrames;
        t.refused += v.refusedFrames;
        for (std::size_t r = 0; r < t.drops.size(); ++r)
        {
            t.drops[r] += v.drops[r];
        }
        for (std::size_t r = 0; r < t.reassembly.size(); ++r)
        {
            t.reassembly[r] += v.reassemblyDrops[r];
        }
        t.throughput += v.throughput;
        if (v.receivedFrames > 0)
        {
            t.delaySum += v.meanDelay * static_cast<int64_t>(v.receivedFrames);
            t.worstP99 = std::max(t.worstP99, v.p99Delay);
        }
    }

    std::cout << std::fixed << std::setprecision(3);
    std::cout << "a -> s0 -> (10 Mb/s) -> s1 -> b, calls placed for " << duration
              << " s, held 2 s each; UBR buffer at s0: " << bufferCells << " cells\n";
    std::cout
        << "class   VCs  sent  delivered  lost  mean Mb/s/VC  mean delay ms  p99 ms (worst VC)"
           "  drops\n";
    for (const auto& [k, t] : byClass)
    {
        std::cout << std::left << std::setw(7) << classes[k].category << std::right << std::setw(4)
                  << t.vcs << std::setw(6) << t.sent << std::setw(11) << t.received << std::setw(6)
                  << t.sent - t.received << std::setw(14)
                  << (t.vcs ? t.throughput / t.vcs / 1e6 : 0) << std::setw(15)
                  << (t.received
                          ? (t.delaySum / static_cast<int64_t>(t.received)).GetSeconds() * 1e3
                          : 0)
                  << std::setw(19) << t.worstP99.GetSeconds() * 1e3 << "  ";
        bool any = false;
        for (std::size_t r = 0; r < t.drops.size(); ++r)
        {
            if (t.drops[r] > 0)
            {
                std::cout << (any ? ", " : "")
                          << CoVcScheduler::GetDropReasonName(
                                 static_cast<CoVcScheduler::DropReason>(r))
                          << " " << t.drops[r];
                any = true;
            }
        }
        const char* reassembly[] = {"reassembly CellLoss", "reassembly Merged"};
        for (std::size_t r = 0; r < t.reassembly.size(); ++r)
        {
            if (t.reassembly[r] > 0)
            {
                std::cout << (any ? ", " : "") << reassembly[r] << " " << t.reassembly[r];
                any = true;
            }
        }
        std::cout << (any ? "" : "none") << (t.refused ? " (some refused by the NIC)" : "") << "\n";
    }
    CoPortDataStats port = recorder.GetPortStats(congestedIndex, end);
    std::cout << "s0's port to s1: " << port.sentFrames << " frames sent, queueing delay mean "
              << port.meanQueueDelay.GetSeconds() * 1e3 << " ms, p95 "
              << port.p95QueueDelay.GetSeconds() * 1e3 << " ms; frames waiting: mean "
              << port.meanFrames << ", max " << port.maxFrames << "\n";
    if (fidelity == "Cell")
    {
        std::cout << "  at cell level: " << port.damagedFrames << " frames damaged, "
                  << port.lostCells << " cells lost\n";
    }
    if (verbose)
    {
        std::cout << "occupancy of s0's port to s1 (time s, frames, cells):\n";
        for (const Occupancy& o : samples)
        {
            std::cout << "  " << o.at.GetSeconds() << " " << o.frames << " " << o.cells << "\n";
        }
    }
    std::cout << "CoNDIS rule violations: "
              << a->GetRuleChecker().GetViolationCount() + b->GetRuleChecker().GetViolationCount()
              << std::endl;
    Simulator::Destroy();
    return 0;
}
