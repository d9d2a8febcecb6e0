/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * condis-bench: what the module costs in wall-clock time and memory, measured
 * in one process next to ns-3's own building blocks (an empty event, a packet
 * crossing a PointToPointNetDevice link). Absolute times vary from machine to
 * machine; the ratios to those baselines travel better, which is why they are
 * measured in the same run.
 *
 * Every scenario also checks its counts (messages by type, frames, calls, rule
 * violations) and the program exits 1 when one is off. The smoke test runs it
 * with --quick and relies on that alone: tests check behaviour, never time.
 *
 * With --storm it runs a call storm instead: a grid of switches (25 x 40 by
 * default) with hosts on each, calls between random host pairs, at 1/8, 1/4,
 * 1/2 and all of --stormCalls, next to the P2P hop; every message hop is
 * counted and checked against what Q.2931 takes per call, and every call
 * must end connected and released, or failed with a cause.
 *
 *   condis-bench --storm                      25 x 40 grid, up to 1,000,000 calls
 *   condis-bench --storm --stormCalls=64000   the same curve, smaller
 *
 * With --vcs it measures queueing instead: a frame hop through one port with
 * its FIFO and with a CoVcScheduler, and ports of 10 and 1,000 backlogged VCs
 * at OC-3 and OC-12, for WRR and WFQ, each against a P2P link of the same load.
 */

#include "condis-bench.h"

#include "ns3/co-helper.h"
#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/co-topology-helper.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/version-defines.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#if defined(__GLIBC__)
#include <malloc.h> // mallinfo2: glibc's heap statistics
#endif
#include <memory>
#include <sstream>
#include <string>
#include <sys/resource.h> // getrusage: the peak resident set
#include <tuple>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace condisbench;

int
main(int argc, char* argv[])
{
    bool quick = false;
    uint32_t repeat = 0;
    uint64_t events = 0;
    uint64_t packets = 0;
    uint64_t frames = 0;
    uint32_t window = 16;
    uint64_t calls = 0;
    uint32_t pairs = 16;
    uint64_t held = 0;
    uint64_t scale = 0;
    Time processingDelay = Seconds(0);
    bool storm = false;
    StormConfig stormConfig;
    uint64_t stormCalls = 0;
    uint64_t stormHeld = 0;
    bool stormOnly = false;
    bool p2pGridOnly = false;
    bool multipoint = false;
    MultipointConfig multipointConfig;
    bool vcs = false;
    VcsConfig vcsConfig;
    vcsConfig.frames = 0;
    vcsConfig.vcFrames = 0;
    vcsConfig.backlog = 0;

    CommandLine cmd(__FILE__);
    cmd.Usage("Measures condis against ns-3's own building blocks in one process and "
              "prints ns per unit and ratios to a PointToPointNetDevice packet hop. "
              "Sizes left at 0 take their defaults (the first figure, or the second with "
              "--quick). Exits 1 if a count is wrong.");
    cmd.AddValue("quick", "tiny sizes and one repetition: checks counts, not speed", quick);
    cmd.AddValue("repeat", "repetitions of each measurement; the median is shown (3; 1)", repeat);
    cmd.AddValue("events", "empty events (2000000; 10000)", events);
    cmd.AddValue("packets", "P2P packets, one hop each (500000; 2000)", packets);
    cmd.AddValue("frames", "AAL5 frames, two hops each (500000; 2000)", frames);
    cmd.AddValue("window", "packets or frames in flight at once", window);
    cmd.AddValue("calls", "calls set up and released at once (20000; 200)", calls);
    cmd.AddValue("pairs", "host pairs on the switch, calling at the same time", pairs);
    cmd.AddValue("held", "calls held connected for the memory figure (20000; 400)", held);
    cmd.AddValue("scale",
                 "calls in the first scaling step, then twice and four times as many "
                 "(10000; 100)",
                 scale);
    cmd.AddValue("processingDelay", "the switch's ProcessingDelay attribute", processingDelay);
    cmd.AddValue("storm",
                 "instead: a call storm across a grid of switches, at 1/8, 1/4, 1/2 and all "
                 "of --stormCalls, next to the P2P hop",
                 storm);
    cmd.AddValue("rows", "storm: grid rows (25; 5)", stormConfig.rows);
    cmd.AddValue("cols", "storm: grid columns (40; 8)", stormConfig.cols);
    cmd.AddValue("hosts", "storm: hosts on each switch", stormConfig.hostsPerSwitch);
    cmd.AddValue("stormCalls", "storm: calls in the largest storm (1000000; 2000)", stormCalls);
    cmd.AddValue("arrivalRate", "storm: calls per second, Poisson", stormConfig.arrivalRate);
    cmd.AddValue("holdingTime", "storm: mean holding time, seconds", stormConfig.holdingTime);
    cmd.AddValue("stormHeld",
                 "storm: calls held connected across the grid for the memory figure "
                 "(20000; 400)",
                 stormHeld);
    cmd.AddValue("stormOnly",
                 "storm: only the storm of --stormCalls, no baselines, curve or memory "
                 "figure (for profilers and A/B runs of two builds)",
                 stormOnly);
    cmd.AddValue("p2pGridOnly",
                 "storm: only the P2P grid baseline, with as many hops as a storm of "
                 "--stormCalls makes, at its rate (for profilers, next to --stormOnly)",
                 p2pGridOnly);
    cmd.AddValue("multipoint",
                 "instead: party adds and drops against point-to-point setups and releases "
                 "over the same path, and a tree of --treeLeaves leaves, next to the P2P hop",
                 multipoint);
    cmd.AddValue("lineSwitches", "multipoint: switches in the line (4)", multipointConfig.switches);
    cmd.AddValue("leaves",
                 "multipoint: leaves on the line's last switch (200; 20)",
                 multipointConfig.leaves);
    cmd.AddValue("depth",
                 "multipoint: the tree's levels below its top (3; 2)",
                 multipointConfig.depth);
    cmd.AddValue("fanout",
                 "multipoint: switches below each switch of the tree",
                 multipointConfig.fanout);
    cmd.AddValue("treeLeaves",
                 "multipoint: leaves of the tree (1000; 40)",
                 multipointConfig.treeLeaves);
    cmd.AddValue("vcs",
                 "instead: an AAL5 frame hop through a port with its FIFO and with a VC "
                 "scheduler (WRR, WFQ), and ports of --fewVcs and --manyVcs backlogged VCs at "
                 "OC-3 and OC-12, next to the P2P hop",
                 vcs);
    cmd.AddValue("portFrames",
                 "vcs: frames through the one-VC port (500000; 2000)",
                 vcsConfig.frames);
    cmd.AddValue("vcFrames",
                 "vcs: frames through each backlogged port (200000; 5000)",
                 vcsConfig.vcFrames);
    cmd.AddValue("backlog",
                 "vcs: frames in flight on a backlogged port, queued or on the wire (4096; 2048)",
                 vcsConfig.backlog);
    cmd.AddValue("fewVcs", "vcs: VCs of the lightly populated port (10)", vcsConfig.fewVcs);
    cmd.AddValue("manyVcs", "vcs: VCs of the heavily populated port (1000)", vcsConfig.manyVcs);
    cmd.Parse(argc, argv);

    auto orDefault = [quick](uint64_t& v, uint64_t full, uint64_t small) {
        if (v == 0)
        {
            v = quick ? small : full;
        }
    };
    orDefault(events, 2000000, 10000);
    orDefault(packets, 500000, 2000);
    orDefault(frames, 500000, 2000);
    orDefault(calls, 20000, 200);
    orDefault(held, 20000, 400);
    orDefault(scale, 10000, 100);
    if (repeat == 0)
    {
        repeat = quick ? 1 : 3;
    }
    pairs = std::max<uint32_t>(pairs, 1);
    window = std::max<uint32_t>(window, 1);
    orDefault(stormCalls, 1000000, 2000);
    orDefault(stormHeld, 20000, 400);
    if (quick && storm)
    {
        stormConfig.rows = std::min<uint32_t>(stormConfig.rows, 5);
        stormConfig.cols = std::min<uint32_t>(stormConfig.cols, 8);
    }
    stormConfig.hostsPerSwitch = std::max<uint32_t>(stormConfig.hostsPerSwitch, 1);
    stormConfig.processingDelay = processingDelay;
    stormCalls = std::max<uint64_t>(stormCalls, 8);

    TypeIdValue scheduler;
    GlobalValue::GetValueByName("SchedulerType", scheduler);
    std::cout << "condis-bench: condis " << CONDIS_BENCH_VERSION << " (" << CONDIS_BENCH_BUILD_TYPE
              << " build), ns-3." << NS3_VERSION_MINOR << ", " << scheduler.Get().GetName() << ", "
              << repeat << " repetition(s), median shown; spread = (max - min) / median\n"
              << "cpu: " << CpuName() << "\n"
              << "links: " << LINK_RATE << ", " << LINK_DELAY << "; " << PAYLOAD
              << "-byte packets and SDUs, " << window << " in flight; switch ProcessingDelay "
              << processingDelay.As(Time::US) << "; " << pairs << " host pairs calling\n";
    if (std::string(CONDIS_BENCH_BUILD_TYPE) != "Release")
    {
        std::cout << "warning: not a Release build; the figures are not representative\n";
    }
    std::cout << std::endl;

    Checks checks;
    if (vcs)
    {
        orDefault(vcsConfig.frames, 500000, 2000);
        orDefault(vcsConfig.vcFrames, 200000, 5000);
        if (vcsConfig.backlog == 0)
        {
            vcsConfig.backlog = quick ? 2048 : 4096;
        }
        vcsConfig.fewVcs = std::max<uint32_t>(vcsConfig.fewVcs, 1);
        vcsConfig.manyVcs = std::max<uint32_t>(vcsConfig.manyVcs, 1);
        return VcsMain(vcsConfig, repeat, packets, window, checks);
    }
    if (multipoint)
    {
        if (quick)
        {
            multipointConfig.leaves = std::min<uint32_t>(multipointConfig.leaves, 20);
            multipointConfig.depth = std::min<uint32_t>(multipointConfig.depth, 2);
            multipointConfig.treeLeaves = std::min<uint32_t>(multipointConfig.treeLeaves, 40);
        }
        // At least two switches, two leaves (one to add) and a tree.
        multipointConfig.switches = std::max<uint32_t>(multipointConfig.switches, 2);
        multipointConfig.leaves = std::max<uint32_t>(multipointConfig.leaves, 2);
        multipointConfig.depth = std::max<uint32_t>(multipointConfig.depth, 1);
        multipointConfig.fanout = std::max<uint32_t>(multipointConfig.fanout, 1);
        multipointConfig.treeLeaves = std::max<uint32_t>(multipointConfig.treeLeaves, 2);
        return MultipointMain(multipointConfig, repeat, packets, window, checks);
    }
    if (storm || stormOnly || p2pGridOnly)
    {
        return StormMain(stormConfig,
                         stormCalls,
                         stormHeld,
                         packets,
                         window,
                         repeat,
                         stormOnly,
                         p2pGridOnly,
                         checks);
    }

    SwitchConfig
        one{repeat, events, packets, frames, window, calls, pairs, held, scale, processingDelay};
    return SwitchMain(one, checks);
}
