/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * The queueing mode (--vcs): what a data frame costs through one
 * CoPortNetDevice, with its FIFO (TxQueue) and with a CoVcScheduler, next to
 * the P2P packet hop, and at cell level (Fidelity Cell) per frame and per
 * cell, the cell hop the issue sets against the P2P packet hop; then whether a port's cost per
 * frame grows with the VCs it carries: few against many VCs (10 and 1,000 by default), every one of
 * them backlogged, at OC-3 and OC-12, for WRR and WFQ, next to a P2P link and a FIFO port carrying
 * the same load.
 *
 * The ports are bare (two nodes, one CoChannel, no switch, no signalling):
 * what is measured is the queueing and the link, not the call machinery.
 */

#include "condis-bench.h"

#include "ns3/co-channel.h"
#include "ns3/co-port-net-device.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <cctype>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace condisbench
{

namespace
{

constexpr uint16_t FIRST_VCI = 32; //!< the first VCI a call may have
constexpr uint32_t CELL_BITS = 53 * 8;

/// How the sending port queues its data frames.
enum class Queueing
{
    Fifo, //!< TxQueue, one DropTailQueue for every VC
    Wrr,  //!< a CoVcScheduler, weighted round robin
    Wfq,  //!< a CoVcScheduler, weighted fair queueing
    /// a CoVcScheduler, weighted round robin, at cell level (a cell per event)
    WrrCell,
};

/// \return the name of a way of queueing, for the tables
const char*
QueueingName(Queueing q)
{
    switch (q)
    {
    case Queueing::Fifo:
        return "FIFO";
    case Queueing::Wrr:
        return "WRR";
    case Queueing::Wfq:
        return "WFQ";
    case Queueing::WrrCell:
        return "WRR_cell";
    }
    return "?";
}

/// \return the name of a way of queueing, for the BENCH keys
std::string
QueueingKey(Queueing q)
{
    std::string name = QueueingName(q);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return name;
}

/**
 * Two bare ports on one link: the sender queues AAL5 frames on its VCs in
 * turn, the receiver counts what arrives on each.
 */
class PortLink
{
  public:
    /**
     * \param queueing the sender's FIFO or VC scheduler
     * \param rate the line rate
     * \param vcs VCs the frames go on, in turn
     * \param limit frames each queue may hold (more than the pump keeps in flight)
     */
    PortLink(Queueing queueing, DataRate rate, uint32_t vcs, uint32_t limit)
        : m_perVc(vcs, 0)
    {
        m_nodes.Create(2);
        Ptr<CoChannel> channel = CreateObjectWithAttributes<CoChannel>("DataRate",
                                                                       DataRateValue(rate),
                                                                       "Delay",
                                                                       StringValue(LINK_DELAY));
        m_tx = CreateObject<CoPortNetDevice>();
        m_tx->SetInterfaceSide(CoPortNetDevice::InterfaceSide::User);
        Ptr<CoPortNetDevice> rx = CreateObject<CoPortNetDevice>();
        rx->SetInterfaceSide(CoPortNetDevice::InterfaceSide::Network);
        m_nodes.Get(0)->AddDevice(m_tx);
        m_nodes.Get(1)->AddDevice(rx);
        m_tx->Attach(channel);
        rx->Attach(channel);
        if (queueing == Queueing::Fifo)
        {
            m_fifo = CreateObjectWithAttributes<DropTailQueue<Packet>>(
                "MaxSize",
                QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, limit)));
            m_tx->SetQueue(m_fifo);
        }
        else
        {
            auto discipline = queueing == Queueing::Wfq ? CoVcScheduler::Discipline::Wfq
                                                        : CoVcScheduler::Discipline::Wrr;
            auto fidelity = queueing == Queueing::WrrCell ? CoVcScheduler::Fidelity::Cell
                                                          : CoVcScheduler::Fidelity::Frame;
            m_scheduler =
                CreateObjectWithAttributes<CoVcScheduler>("Discipline",
                                                          EnumValue(static_cast<int>(discipline)),
                                                          "Fidelity",
                                                          EnumValue(static_cast<int>(fidelity)),
                                                          "VcMaxFrames",
                                                          UintegerValue(limit));
            // CBR with a peak cell rate of twice the line's: every frame goes
            // through the GCRA's arithmetic, and the link stays the bottleneck.
            CoFlowSpec flow;
            flow.peakCellRate = static_cast<uint32_t>(2 * rate.GetBitRate() / CELL_BITS);
            for (uint32_t i = 0; i < vcs; ++i)
            {
                m_scheduler->RegisterVc(0, FIRST_VCI + i, CoServiceCategory::Cbr, flow);
            }
            m_tx->SetVcScheduler(m_scheduler);
        }
        rx->SetFrameReceiveCallback(MakeCallback(&PortLink::Received, this));
    }

    /// \return whether the sender took a frame on the next VC in turn
    bool SendNext()
    {
        bool ok = m_tx->SendFrame(Create<Packet>(PAYLOAD),
                                  0,
                                  FIRST_VCI + m_next,
                                  AtmTrafficType::VcMultiplexed);
        m_next = m_next + 1 == m_perVc.size() ? 0 : m_next + 1;
        return ok;
    }

    /// \return the frames that arrived on each VC
    const std::vector<uint64_t>& GetPerVc() const
    {
        return m_perVc;
    }

    /// \return the scheduler (null with the FIFO)
    Ptr<CoVcScheduler> GetScheduler() const
    {
        return m_scheduler;
    }

    /// \return the FIFO (null with a scheduler)
    Ptr<Queue<Packet>> GetFifo() const
    {
        return m_fifo;
    }

    Pump* pump = nullptr;     //!< told of every arrival
    uint64_t stray = 0;       //!< frames on a VC nobody sent on
    uint64_t probeAt = 0;     //!< at this many arrivals, count the backlogged VCs
    uint32_t backlogged = 0;  //!< VCs with frames waiting then (scheduler only)
    uint32_t waitingThen = 0; //!< frames waiting on the port then (scheduler only)

  private:
    void Received(Ptr<CoPortNetDevice>, Ptr<Packet> sdu, const AtmFrameHeader& header)
    {
        uint32_t index = header.GetVci() - FIRST_VCI;
        if (header.GetVpi() != 0 || header.GetVci() < FIRST_VCI || index >= m_perVc.size())
        {
            ++stray;
        }
        else
        {
            ++m_perVc[index];
        }
        if (pump->received + 1 == probeAt && m_scheduler)
        {
            // Once per run: a walk over the VCs, outside the steady state it shows.
            waitingThen = m_scheduler->GetNFrames();
            for (uint32_t i = 0; i < m_perVc.size(); ++i)
            {
                backlogged += m_scheduler->GetVcQueue(0, FIRST_VCI + i)->GetNPackets() > 0;
            }
        }
        pump->Arrived(sdu->GetSize());
    }

    NodeContainer m_nodes;          //!< sender, receiver
    Ptr<CoPortNetDevice> m_tx;      //!< the sending port
    Ptr<CoVcScheduler> m_scheduler; //!< its scheduler, if any
    Ptr<Queue<Packet>> m_fifo;      //!< its FIFO, if no scheduler
    std::vector<uint64_t> m_perVc;  //!< frames arrived, by VC
    uint32_t m_next = 0;            //!< the VC the next frame goes on
};

/**
 * \brief Frames through one port, round robin over its VCs.
 * \param what names the run in the checks' messages
 * \param checkBacklog whether every VC must have had frames waiting half-way
 * \return one hop per frame
 */
Sample
PortHops(Queueing queueing,
         DataRate rate,
         uint32_t vcs,
         uint64_t frames,
         uint32_t window,
         bool checkBacklog,
         const std::string& what,
         Checks& checks)
{
    PortLink link(queueing, rate, vcs, window + 1);
    Pump pump(frames, window, [&link]() { return link.SendNext(); });
    link.pump = &pump;
    link.probeAt = frames / 2;
    Simulator::Run(); // the nodes' initialization: not timed
    Simulator::ScheduleNow(&Pump::Start, &pump);
    RunStats r = TimedRun();

    checks.Expect(pump.refused == 0 && pump.received == frames &&
                      pump.receivedBytes == frames * PAYLOAD && link.stray == 0,
                  what + ": every frame sent arrived whole, on its VC");
    const std::vector<uint64_t>& perVc = link.GetPerVc();
    bool even = true;
    for (uint32_t i = 0; i < vcs; ++i)
    {
        even = even && perVc[i] == frames / vcs + (i < frames % vcs ? 1 : 0);
    }
    checks.Expect(even, what + ": each VC carried its share of the frames");
    if (Ptr<CoVcScheduler> s = link.GetScheduler())
    {
        bool counted = s->GetNFrames() == 0 && s->GetVcCount() == vcs;
        for (uint32_t i = 0; i < vcs; ++i)
        {
            CoVcScheduler::VcStats st = s->GetVcStats(0, FIRST_VCI + i);
            // (Not st.shaped: a VC whose next frame waits is checked at the
            // instant its last one left, before the link frees, and so waits
            // for its GCRA briefly even at twice the line's rate.)
            counted =
                counted && st.enqueued == perVc[i] && st.dequeued == perVc[i] && st.GetDrops() == 0;
        }
        checks.Expect(counted, what + ": the scheduler passed every frame, none dropped");
        if (checkBacklog)
        {
            std::ostringstream os;
            os << what << ": all " << vcs << " VCs backlogged half-way (" << link.backlogged << ", "
               << link.waitingThen << " frames waiting)";
            checks.Expect(link.backlogged == vcs, os.str());
        }
    }
    else
    {
        checks.Expect(link.GetFifo()->GetTotalDroppedPackets() == 0 && link.GetFifo()->IsEmpty(),
                      what + ": the FIFO dropped nothing");
    }
    Simulator::Destroy();
    return Sample{pump.received, r.seconds, r.events, r.cpuSeconds};
}

/// Packets over one PointToPointNetDevice link at \p rate, its queue as deep as \p window.
Sample
P2pHopsAt(DataRate rate, uint64_t packets, uint32_t window, Checks& checks)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetChannelAttribute("Delay", StringValue(LINK_DELAY));
    p2p.SetQueue("ns3::DropTailQueue<Packet>",
                 "MaxSize",
                 QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, window + 1)));
    return P2pHopsWith(p2p,
                       packets,
                       window,
                       checks,
                       "P2P at " + std::to_string(rate.GetBitRate() / 1000000) + " Mb/s");
}

/// One backlogged port: its queueing, how many VCs.
struct PortCase
{
    Queueing queueing;     //!< FIFO, WRR or WFQ
    uint32_t vcs;          //!< VCs the frames go on
    std::vector<Sample> s; //!< its repetitions
};

/// A line rate and the runs made at it.
struct RateCase
{
    std::string name;           //!< e.g. "OC-3"
    DataRate rate;              //!< its line rate
    std::vector<Sample> p2p;    //!< the P2P link at that rate and backlog
    std::vector<PortCase> port; //!< the ports
};

} // namespace

int
VcsMain(const VcsConfig& config, uint32_t repeat, uint64_t packets, uint32_t window, Checks& checks)
{
    DataRate linkRate(LINK_RATE);
    std::vector<Sample> p2p;
    std::vector<Sample> fifoHop;
    std::vector<Sample> wrrHop;
    std::vector<Sample> wfqHop;
    std::vector<Sample> cellHop; // frames at cell level, then counted in cells

    std::vector<RateCase> rates{{"OC-3", DataRate("155.52Mbps"), {}, {}},
                                {"OC-12", DataRate("622.08Mbps"), {}, {}}};
    for (RateCase& rc : rates)
    {
        rc.port.push_back({Queueing::Fifo, config.manyVcs, {}});
        for (Queueing q : {Queueing::Wrr, Queueing::Wfq})
        {
            rc.port.push_back({q, config.fewVcs, {}});
            rc.port.push_back({q, config.manyVcs, {}});
        }
    }

    // Every repetition runs every case once, so that a slow spell of the
    // machine touches them all alike.
    for (uint32_t r = 0; r < repeat; ++r)
    {
        p2p.push_back(P2pHops(packets, window, checks));
        fifoHop.push_back(PortHops(Queueing::Fifo,
                                   linkRate,
                                   1,
                                   config.frames,
                                   window,
                                   false,
                                   "FIFO hop",
                                   checks));
        wrrHop.push_back(
            PortHops(Queueing::Wrr, linkRate, 1, config.frames, window, false, "WRR hop", checks));
        wfqHop.push_back(
            PortHops(Queueing::Wfq, linkRate, 1, config.frames, window, false, "WFQ hop", checks));
        cellHop.push_back(PortHops(Queueing::WrrCell,
                                   linkRate,
                                   1,
                                   config.frames,
                                   window,
                                   false,
                                   "WRR hop at cell level",
                                   checks));
        for (RateCase& rc : rates)
        {
            rc.p2p.push_back(P2pHopsAt(rc.rate, config.vcFrames, config.backlog, checks));
            for (PortCase& pc : rc.port)
            {
                std::ostringstream what;
                what << rc.name << " " << QueueingName(pc.queueing) << " " << pc.vcs << " VCs";
                pc.s.push_back(PortHops(pc.queueing,
                                        rc.rate,
                                        pc.vcs,
                                        config.vcFrames,
                                        config.backlog,
                                        config.vcFrames - config.vcFrames / 2 >= config.backlog,
                                        what.str(),
                                        checks));
            }
        }
    }

    // One VC, the bench's usual link and window: the hop itself.
    std::vector<Figure> hops;
    hops.push_back(Summarise("P2P packet hop", "p2p_hop", "hop", p2p));
    hops.push_back(Summarise("AAL5 frame hop, port FIFO", "port_hop_fifo", "hop", fifoHop));
    hops.push_back(Summarise("AAL5 frame hop, port WRR", "port_hop_wrr", "hop", wrrHop));
    hops.push_back(Summarise("AAL5 frame hop, port WFQ", "port_hop_wfq", "hop", wfqHop));
    hops.push_back(
        Summarise("AAL5 frame hop, WRR, cell level", "port_hop_wrr_cell", "hop", cellHop));
    // The same runs per cell: at cell level a cell is what one event carries.
    const uint32_t cellsPerFrame = CoPortNetDevice::GetCellCount(PAYLOAD);
    for (Sample& s : cellHop)
    {
        s.units *= cellsPerFrame;
    }
    hops.push_back(Summarise("cell hop, WRR, cell level", "cell_hop", "cell", cellHop));
    double p2pNs = hops[0].nsPerUnit;
    std::cout << "one VC, " << LINK_RATE << ", " << window << " frames in flight:\n";
    PrintTable(hops, p2pNs);
    std::cout << "\n";
    for (const Figure& f : hops)
    {
        Bench(f.key, f.nsPerUnit, "ns/" + f.unit);
        Bench(f.key + "_events", f.eventsPerUnit, "events/" + f.unit);
        if (f.key != "p2p_hop")
        {
            Bench(f.key + "_ratio", f.nsPerUnit / p2pNs, "x_p2p_hop");
        }
    }

    // Many VCs, every one backlogged: the scheduler's cost against their number.
    std::cout << "\nbacklogged ports: " << config.backlog
              << " frames in flight, sent round robin over the VCs (the P2P link: one "
                 "queue as deep)\n"
              << std::left << std::setw(8) << "rate" << std::setw(24) << "queueing" << std::right
              << std::setw(10) << "ns/frame" << std::setw(9) << "spread" << std::setw(9) << "cpu ns"
              << std::setw(14) << "events/frame" << std::setw(12) << "x P2P load" << std::setw(11)
              << "x P2P hop" << std::setw(9) << "x FIFO"
              << "\n";
    std::vector<std::string> growth;
    for (RateCase& rc : rates)
    {
        std::string rateKey = rc.name == "OC-3" ? "oc3" : "oc12";
        Figure link = Summarise("P2P", "p2p", "hop", rc.p2p);
        double linkCpu = MedianCpuNsPerUnit(rc.p2p);
        double fifoNs = 0;
        std::cout << std::fixed;
        auto row = [&](const std::string& label, const Figure& f, double cpu) {
            std::cout << std::left << std::setw(8) << rc.name << std::setw(24) << label
                      << std::right << std::setw(10) << std::setprecision(1) << f.nsPerUnit
                      << std::setw(8) << std::setprecision(1) << 100 * f.spread << "%"
                      << std::setw(9) << std::setprecision(1) << cpu << std::setw(14)
                      << std::setprecision(2) << f.eventsPerUnit << std::setw(12)
                      << std::setprecision(2) << f.nsPerUnit / link.nsPerUnit << std::setw(11)
                      << std::setprecision(2) << f.nsPerUnit / p2pNs << std::setw(9);
            if (fifoNs > 0)
            {
                std::cout << std::setprecision(2) << f.nsPerUnit / fifoNs;
            }
            else
            {
                std::cout << "";
            }
            std::cout << "\n";
        };
        row("P2P packet hop", link, linkCpu);
        Bench("vcs_" + rateKey + "_p2p", link.nsPerUnit, "ns/hop");
        std::vector<double> ns(rc.port.size());
        std::vector<double> cpu(rc.port.size());
        for (std::size_t i = 0; i < rc.port.size(); ++i)
        {
            const PortCase& pc = rc.port[i];
            std::string key =
                "vcs_" + rateKey + "_" + QueueingKey(pc.queueing) + "_" + std::to_string(pc.vcs);
            std::ostringstream label;
            label << "port " << QueueingName(pc.queueing) << ", " << pc.vcs << " VCs";
            Figure f = Summarise(label.str(), key, "hop", pc.s);
            cpu[i] = MedianCpuNsPerUnit(pc.s);
            ns[i] = f.nsPerUnit;
            row(label.str(), f, cpu[i]);
            if (pc.queueing == Queueing::Fifo)
            {
                fifoNs = f.nsPerUnit;
            }
            Bench(key, f.nsPerUnit, "ns/hop");
            Bench(key + "_events", f.eventsPerUnit, "events/hop");
            Bench(key + "_ratio", f.nsPerUnit / link.nsPerUnit, "x_p2p_hop_same_load");
        }
        std::cout << std::defaultfloat;
        // The figure the issue asks for: many VCs against few, per discipline.
        for (std::size_t i = 0; i + 1 < rc.port.size(); ++i)
        {
            const PortCase& few = rc.port[i];
            const PortCase& many = rc.port[i + 1];
            if (few.queueing != many.queueing || few.queueing == Queueing::Fifo ||
                few.vcs != config.fewVcs || many.vcs != config.manyVcs)
            {
                continue;
            }
            std::ostringstream os;
            os << std::fixed << std::setprecision(2) << rc.name << " " << QueueingName(few.queueing)
               << ": " << many.vcs << " VCs / " << few.vcs << " VCs = " << ns[i + 1] / ns[i]
               << " (wall), " << cpu[i + 1] / cpu[i] << " (cpu)";
            growth.push_back(os.str());
            Bench("vcs_" + rateKey + "_" + QueueingKey(few.queueing) + "_many_over_few",
                  ns[i + 1] / ns[i],
                  "ratio");
        }
    }
    std::cout << "\nper frame, a port with " << config.manyVcs << " VCs against one with "
              << config.fewVcs << " (goal: no more):\n";
    for (const std::string& g : growth)
    {
        std::cout << "  " << g << "\n";
    }
    std::cout << "x P2P load: to the P2P link at the same rate and backlog; x P2P hop: to the "
                 "P2P hop of the first table; x FIFO: to the FIFO port at the same rate and "
                 "backlog\n";
    return checks.Conclude();
}

} // namespace condisbench
