/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The queueing section of scenarios: the CoVcScheduler attributes of the
 * host NICs and the switch ports, read strictly (refused before anything
 * runs, naming the field and the value), and each of them changing what a
 * run measures: CDVT, the per-VC and per-port limits, the discipline.
 */

#include "co-scenario-util.h"

#include "ns3/boolean.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/uinteger.h"

#include <array>
#include <gtest/gtest.h>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

using namespace ns3;
using condistest::ErrorOf;

namespace
{

using Reason = CoVcScheduler::DropReason;

/**
 * \return two switches on a 10 Mb/s link with two hosts each: every call
 *         crosses zero or one such link, and calls last exactly 1 s
 */
CoScenario
TwoSwitches()
{
    CoScenario s;
    s.topology.generator = "line";
    s.topology.n = 2;
    s.hosts.perSwitch = 2;
    s.links.rate = DataRate("10Mbps");
    s.links.delay = MilliSeconds(1);
    s.calls.rate = 1;
    s.calls.holdingDistribution = "constant";
    s.calls.holdingMean = Seconds(1);
    s.calls.pcr = 2000;
    s.duration = Seconds(3);
    return s;
}

/**
 * \return UBR bursts at 40 Mb/s peak into the 10 Mb/s link: the switch
 *         ports toward the other switch congest
 */
CoScenario
CongestedUbr()
{
    CoScenario s = TwoSwitches();
    s.hosts.perSwitch = 3;
    s.calls.rate = 3;
    s.calls.category = "UBR";
    s.calls.pcr = 0;
    s.calls.traffic.type = "onoff";
    s.calls.traffic.peakRate = DataRate("40Mbps");
    s.calls.traffic.frameSize = 9000;
    return s;
}

/// \return frames dropped at the switch ports for \p reason
uint64_t
PortDrops(const CoScenarioResults& r, Reason reason)
{
    uint64_t n = 0;
    for (const CoPortStats& p : r.ports)
    {
        n += p.queue.drops[static_cast<std::size_t>(reason)];
    }
    return n;
}

/// \return frames the VCs lost for \p reason, anywhere on their way
uint64_t
VcDrops(const CoScenarioResults& r, Reason reason)
{
    uint64_t n = 0;
    for (const CoVcRecord& v : r.vcs)
    {
        n += v.drops[static_cast<std::size_t>(reason)];
    }
    return n;
}

/// \return a scenario's JSON with a queueing section \p queueing
std::string
WithQueueing(const std::string& queueing)
{
    return R"({"topology": {"generator": "line", "n": 2}, "queueing": )" + queueing + "}";
}

TEST(ScenarioQueueingRead, DefaultsAreTheSchedulersOwn)
{
    // Without a queueing section a run queues as before the section existed.
    Ptr<CoVcScheduler> scheduler = CreateObject<CoVcScheduler>();
    TimeValue cdvt;
    CoEnumValue<int> discipline;
    UintegerValue vcMaxFrames;
    UintegerValue vcMaxCells;
    UintegerValue maxFrames;
    UintegerValue maxCells;
    CoEnumValue<int> service;
    std::array<DoubleValue, 4> weights;
    scheduler->GetAttribute("CategoryService", service);
    scheduler->GetAttribute("CbrWeight", weights[0]);
    scheduler->GetAttribute("RtVbrWeight", weights[1]);
    scheduler->GetAttribute("NrtVbrWeight", weights[2]);
    scheduler->GetAttribute("UbrWeight", weights[3]);
    UintegerValue epd;
    UintegerValue clp;
    scheduler->GetAttribute("EpdThreshold", epd);
    scheduler->GetAttribute("ClpThreshold", clp);
    CoEnumValue<int> fidelity;
    BooleanValue ppd;
    scheduler->GetAttribute("Fidelity", fidelity);
    scheduler->GetAttribute("PartialPacketDiscard", ppd);
    CoEnumValue<int> weighting;
    UintegerValue unit;
    scheduler->GetAttribute("VcWeighting", weighting);
    scheduler->GetAttribute("WeightUnit", unit);
    scheduler->GetAttribute("Cdvt", cdvt);
    scheduler->GetAttribute("Discipline", discipline);
    scheduler->GetAttribute("VcMaxFrames", vcMaxFrames);
    scheduler->GetAttribute("VcMaxCells", vcMaxCells);
    scheduler->GetAttribute("MaxFrames", maxFrames);
    scheduler->GetAttribute("MaxCells", maxCells);
    CoScenario s;
    for (const CoScenarioScheduler* q : {&s.queueing.hosts, &s.queueing.switches})
    {
        EXPECT_EQ(q->cdvt, cdvt.Get());
        EXPECT_EQ(q->discipline, "WRR");
        EXPECT_EQ(discipline.Get(), static_cast<int>(CoVcScheduler::Discipline::Wrr));
        EXPECT_EQ(q->categoryService, "priority");
        EXPECT_EQ(service.Get(), static_cast<int>(CoVcScheduler::CategoryService::StrictPriority));
        for (std::size_t i = 0; i < 4; ++i)
        {
            EXPECT_EQ(q->categoryWeights[i], weights[i].Get()) << i;
        }
        EXPECT_EQ(q->vcMaxFrames, vcMaxFrames.Get());
        EXPECT_EQ(q->vcMaxCells, vcMaxCells.Get());
        EXPECT_EQ(q->maxFrames, maxFrames.Get());
        EXPECT_EQ(q->maxCells, maxCells.Get());
        EXPECT_EQ(q->epdThreshold, epd.Get());
        EXPECT_EQ(q->clpThreshold, clp.Get());
        EXPECT_EQ(q->fidelity, "frame");
        EXPECT_EQ(fidelity.Get(), static_cast<int>(CoVcScheduler::Fidelity::Frame));
        EXPECT_EQ(q->partialPacketDiscard, ppd.Get());
        EXPECT_EQ(q->vcWeighting, "equal");
        EXPECT_EQ(weighting.Get(), static_cast<int>(CoVcScheduler::VcWeighting::Equal));
        EXPECT_EQ(q->weightUnit, unit.Get());
        EXPECT_EQ(q->upc, "none");
    }
    Ptr<CoSwitch> sw = CreateObject<CoSwitch>();
    CoEnumValue<int> upc;
    TimeValue upcCdvt;
    sw->GetAttribute("Upc", upc);
    sw->GetAttribute("UpcCdvt", upcCdvt);
    EXPECT_EQ(upc.Get(), static_cast<int>(CoSwitch::UpcAction::None));
    EXPECT_EQ(s.queueing.switches.upcCdvt, upcCdvt.Get());
}

TEST(ScenarioQueueingRead, RoundTripKeepsEverySetting)
{
    CoScenario s = TwoSwitches();
    s.queueing.hosts.cdvt = MicroSeconds(250);
    s.queueing.hosts.vcMaxCells = 4000;
    s.queueing.switches.cdvt = MilliSeconds(3);
    s.queueing.switches.discipline = "WFQ";
    s.queueing.switches.categoryService = "weighted";
    s.queueing.switches.categoryWeights = {4, 2.5, 1e-6, 1e6};
    s.queueing.switches.vcMaxFrames = 7;
    s.queueing.switches.maxFrames = 50;
    s.queueing.switches.maxCells = 9000;
    s.queueing.switches.epdThreshold = 300;
    s.queueing.switches.clpThreshold = 200;
    s.queueing.hosts.epdThreshold = 50;
    s.queueing.switches.upc = "discard";
    s.queueing.switches.upcCdvt = MicroSeconds(500);
    s.queueing.switches.fidelity = "cell";
    s.queueing.switches.partialPacketDiscard = true;
    s.queueing.hosts.vcWeighting = "contract";
    s.queueing.hosts.weightUnit = 250;
    CoScenario back = CoScenario::FromJson(s.ToJson());
    EXPECT_EQ(back, s);
    EXPECT_EQ(back.queueing.hosts.cdvt, MicroSeconds(250));
    EXPECT_EQ(back.queueing.hosts.discipline, "WRR");
    EXPECT_EQ(back.queueing.switches.discipline, "WFQ");
    EXPECT_EQ(back.queueing.switches.categoryService, "weighted");
    EXPECT_EQ(back.queueing.switches.categoryWeights, (std::array<double, 4>{4, 2.5, 1e-6, 1e6}));
    EXPECT_EQ(back.queueing.hosts.categoryService, "priority");
    EXPECT_EQ(back.queueing.switches.vcMaxFrames, 7u);
    EXPECT_EQ(back.queueing.switches.maxCells, 9000u);
    EXPECT_EQ(back.queueing.switches.epdThreshold, 300u);
    EXPECT_EQ(back.queueing.switches.clpThreshold, 200u);
    EXPECT_EQ(back.queueing.hosts.epdThreshold, 50u);
    EXPECT_EQ(back.queueing.switches.upc, "discard");
    EXPECT_EQ(back.queueing.switches.upcCdvt, MicroSeconds(500));
    EXPECT_EQ(back.queueing.hosts.upc, "none");
    EXPECT_EQ(back.queueing.switches.fidelity, "cell");
    EXPECT_TRUE(back.queueing.switches.partialPacketDiscard);
    EXPECT_EQ(back.queueing.hosts.fidelity, "frame");
    EXPECT_FALSE(back.queueing.hosts.partialPacketDiscard);
    EXPECT_EQ(back.queueing.hosts.vcWeighting, "contract");
    EXPECT_EQ(back.queueing.hosts.weightUnit, 250u);
    EXPECT_EQ(back.queueing.switches.vcWeighting, "equal");
    // A part left out keeps its defaults.
    CoScenario partial = CoScenario::FromJson(WithQueueing(R"({"switches": {"cdvt": "2ms"}})"));
    EXPECT_EQ(partial.queueing.switches.cdvt, MilliSeconds(2));
    EXPECT_EQ(partial.queueing.switches.vcMaxFrames, 100u);
    EXPECT_EQ(partial.queueing.hosts.cdvt, Time(0));
    // and a category left out of categoryWeights keeps its weight
    partial = CoScenario::FromJson(WithQueueing(
        R"({"hosts": {"categoryService": "weighted", "categoryWeights": {"rt-VBR": 3, "UBR": 0.5}}})"));
    EXPECT_EQ(partial.queueing.hosts.categoryService, "weighted");
    EXPECT_EQ(partial.queueing.hosts.categoryWeights, (std::array<double, 4>{1, 3, 1, 0.5}));
    EXPECT_EQ(partial.queueing.switches.categoryService, "priority");
}

TEST(ScenarioQueueingRead, BadSettingsAreRefusedNamingFieldAndValue)
{
    // each: the queueing object, then what the message must hold
    const std::pair<const char*, const char*> cases[] = {
        {R"("fifo")", "queueing: \"fifo\": expected a JSON object"},
        {R"({"ports": {}})", "queueing.ports: {}: unknown key (known here: hosts, switches)"},
        {R"({"switches": []})", "queueing.switches: []: expected a JSON object"},
        {R"({"switches": {"cdvt": 0.001}})", "queueing.switches.cdvt: 0.001: expected a time"},
        {R"({"switches": {"cdvt": "-1ms"}})", "queueing.switches.cdvt: \"-1ms\": expected a time"},
        {R"({"hosts": {"cdvt": "soon"}})", "queueing.hosts.cdvt: \"soon\": expected a time"},
        {R"({"switches": {"discipline": "DRR"}})",
         "queueing.switches.discipline: \"DRR\": unknown discipline (known: WRR"},
        {R"({"hosts": {"discipline": "wfq"}})",
         "queueing.hosts.discipline: \"wfq\": unknown discipline"},
        {R"({"hosts": {"discipline": 1}})", "queueing.hosts.discipline: 1: expected a string"},
        {R"({"switches": {"vcMaxFrames": 0}})",
         "queueing.switches.vcMaxFrames: 0: must be at least 1"},
        {R"({"switches": {"vcMaxFrames": -3}})",
         "queueing.switches.vcMaxFrames: -3: expected an integer from 0 to 4294967295"},
        {R"({"hosts": {"vcMaxCells": 2.5}})",
         "queueing.hosts.vcMaxCells: 2.5: expected an integer"},
        {R"({"switches": {"maxFrames": "10"}})",
         "queueing.switches.maxFrames: \"10\": expected an integer"},
        {R"({"switches": {"maxCells": 1e12}})",
         "queueing.switches.maxCells: 1000000000000.0: expected an integer"},
        {R"({"switches": {"maxCells": 5000000000}})",
         "queueing.switches.maxCells: 5000000000: expected an integer from 0 to 4294967295"},
        {R"({"switches": {"weights": {"CBR": 2}}})",
         "queueing.switches.weights: {\"CBR\":2}: unknown key (known here: cdvt, discipline, "
         "categoryService, categoryWeights, vcMaxFrames, vcMaxCells, maxFrames, maxCells, "
         "epdThreshold, clpThreshold, fidelity, partialPacketDiscard, vcWeighting, weightUnit, "
         "upc, upcCdvt)"},
        {R"({"switches": {"fidelity": "Cell"}})",
         "queueing.switches.fidelity: \"Cell\": unknown fidelity (known: frame"},
        {R"({"hosts": {"vcWeighting": "rate"}})",
         "queueing.hosts.vcWeighting: \"rate\": unknown VC weighting (known: equal"},
        {R"({"switches": {"weightUnit": 0}})",
         "queueing.switches.weightUnit: 0: must be at least 1"},
        {R"({"hosts": {"partialPacketDiscard": 1}})",
         "queueing.hosts.partialPacketDiscard: 1: expected"},
        {R"({"switches": {"categoryService": "fair"}})",
         "queueing.switches.categoryService: \"fair\": unknown category service (known: "
         "priority"},
        {R"({"hosts": {"categoryService": "Weighted"}})",
         "queueing.hosts.categoryService: \"Weighted\": unknown category service"},
        {R"({"hosts": {"categoryService": 1}})",
         "queueing.hosts.categoryService: 1: expected a string"},
        {R"({"switches": {"categoryWeights": [4, 1]}})",
         "queueing.switches.categoryWeights: [4,1]: expected a JSON object"},
        {R"({"switches": {"categoryWeights": {"ABR": 1}}})",
         "queueing.switches.categoryWeights.ABR: 1: unknown key (known here: CBR, rt-VBR, "
         "nrt-VBR, UBR)"},
        {R"({"switches": {"categoryWeights": {"cbr": 1}}})",
         "queueing.switches.categoryWeights.cbr: 1: unknown key"},
        {R"({"switches": {"categoryWeights": {"CBR": "4"}}})",
         "queueing.switches.categoryWeights.CBR: \"4\": expected a number"},
        {R"({"switches": {"categoryWeights": {"UBR": 0}}})",
         "queueing.switches.categoryWeights.UBR: 0.0: must be from 1e-06 to 1e+06"},
        {R"({"hosts": {"categoryWeights": {"rt-VBR": -2}}})",
         "queueing.hosts.categoryWeights.rt-VBR: -2.0: must be from 1e-06 to 1e+06"},
        {R"({"hosts": {"categoryWeights": {"nrt-VBR": 2e6}}})",
         "queueing.hosts.categoryWeights.nrt-VBR: 2000000.0: must be from 1e-06 to 1e+06"},
        {R"({"switches": {"upc": "police"}})",
         "queueing.switches.upc: \"police\": unknown usage parameter control (known: none; tag"},
        {R"({"switches": {"upc": "Tag"}})", "queueing.switches.upc: \"Tag\": unknown usage"},
        {R"({"switches": {"upc": true}})", "queueing.switches.upc: true: expected a string"},
        {R"({"hosts": {"upc": "tag"}})",
         "queueing.hosts.upc: \"tag\": unknown key (known here: cdvt, discipline, "
         "categoryService, categoryWeights, vcMaxFrames, vcMaxCells, maxFrames, maxCells, "
         "epdThreshold, clpThreshold, fidelity, partialPacketDiscard, vcWeighting, weightUnit)"},
        {R"({"switches": {"upcCdvt": "-1ms"}})",
         "queueing.switches.upcCdvt: \"-1ms\": expected a time"},
        {R"({"switches": {"epdThreshold": -1}})",
         "queueing.switches.epdThreshold: -1: expected an integer from 0 to 4294967295"},
        {R"({"hosts": {"clpThreshold": "100"}})",
         "queueing.hosts.clpThreshold: \"100\": expected an integer"},
    };
    for (const auto& [queueing, expected] : cases)
    {
        std::string error = ErrorOf(WithQueueing(queueing));
        EXPECT_NE(error.find(expected), std::string::npos)
            << queueing << "\n  gave: " << error << "\n  expected: " << expected;
    }
}

TEST(ScenarioQueueingRead, BadSettingsAreRefusedFromCppToo)
{
    // Validate() stands between the values and the attribute checkers,
    // whose refusal would be a fatal error.
    auto errorOf = [](const CoScenario& s) -> std::string {
        try
        {
            s.Validate();
        }
        catch (const std::invalid_argument& e)
        {
            return e.what();
        }
        return "";
    };
    CoScenario s = TwoSwitches();
    s.queueing.switches.cdvt = MilliSeconds(-1);
    EXPECT_NE(errorOf(s).find("queueing.switches.cdvt: -1ms: must be at least 0s"),
              std::string::npos)
        << errorOf(s);
    s = TwoSwitches();
    s.queueing.hosts.vcMaxFrames = 0;
    EXPECT_NE(errorOf(s).find("queueing.hosts.vcMaxFrames: 0: must be at least 1"),
              std::string::npos)
        << errorOf(s);
    s = TwoSwitches();
    s.queueing.switches.categoryWeights[3] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_NE(errorOf(s).find("queueing.switches.categoryWeights.UBR: null: must be from 1e-06"),
              std::string::npos)
        << errorOf(s);
    s = TwoSwitches();
    s.queueing.hosts.categoryService = "";
    EXPECT_NE(errorOf(s).find("queueing.hosts.categoryService: \"\": unknown category service"),
              std::string::npos)
        << errorOf(s);
    s = TwoSwitches();
    s.queueing.hosts.discipline = "";
    EXPECT_NE(errorOf(s).find("queueing.hosts.discipline: \"\": unknown discipline"),
              std::string::npos)
        << errorOf(s);
    s = TwoSwitches();
    s.queueing.switches.upc = "drop";
    EXPECT_NE(errorOf(s).find("queueing.switches.upc: \"drop\": unknown usage parameter control"),
              std::string::npos)
        << errorOf(s);
    s = TwoSwitches();
    s.queueing.switches.upcCdvt = MilliSeconds(-2);
    EXPECT_NE(errorOf(s).find("queueing.switches.upcCdvt: -2ms: must be at least 0s"),
              std::string::npos)
        << errorOf(s);
    s.queueing.hosts.discipline = "";
    // and the runner refuses such a scenario before it builds anything
    s.calls.traffic.type = "cbr";
    EXPECT_THROW(CoScenarioRunner().Run(s), std::invalid_argument);
}

/**
 * \return CBR calls at exactly their contract (500-byte frames at 400 kb/s
 *         are 1100 cells/s, and the PCR is 1100) beside UBR bursts of
 *         9000-byte frames: a CBR frame crossing the 10 Mb/s link may wait
 *         for the UBR frame on the wire there (up to 8 ms) and reaches the
 *         next switch late
 */
CoScenario
CbrAtContractBesideUbr()
{
    CoScenario s = TwoSwitches();
    s.calls.rate = 0.5;
    s.calls.holdingMean = Seconds(2);
    s.calls.pcr = 1100;
    s.calls.traffic.type = "cbr";
    s.calls.traffic.rate = DataRate("400kbps");
    s.calls.traffic.frameSize = 500;
    CoScenarioCalls ubr = CongestedUbr().calls;
    ubr.rate = 1;
    ubr.holdingMean = Seconds(2);
    s.callGroups = {ubr};
    return s;
}

/// \return the mean frame delay of the CBR VCs that crossed the 10 Mb/s link, in seconds
double
MeanCrossingCbrDelay(const CoScenarioResults& r)
{
    double sum = 0;
    uint64_t frames = 0;
    for (const CoVcRecord& v : r.vcs)
    {
        // 3 ms at least: two access links, the 1 ms link and a frame's time on it
        if (v.group == 0 && v.receivedFrames > 0 && v.meanDelay > MilliSeconds(2))
        {
            sum += v.meanDelay.GetSeconds() * v.receivedFrames;
            frames += v.receivedFrames;
        }
    }
    return frames > 0 ? sum / frames : 0;
}

/// \return frames the CBR calls (group 0) lost for \p reason
uint64_t
CbrDrops(const CoScenarioResults& r, Reason reason)
{
    uint64_t n = 0;
    for (const CoVcRecord& v : r.vcs)
    {
        n += v.group == 0 ? v.drops[static_cast<std::size_t>(reason)] : 0;
    }
    return n;
}

TEST(ScenarioQueueingRun, SwitchCdvtPassesCbrAtItsContract)
{
    CoScenario strict = CbrAtContractBesideUbr();
    CoScenario tolerant = strict;
    tolerant.queueing.switches.cdvt = MilliSeconds(20);
    // CDVT at the NICs alone does not help: the hosts and the switches are
    // set apart, and it is the switch port that re-shapes.
    CoScenario hostsOnly = strict;
    hostsOnly.queueing.hosts.cdvt = MilliSeconds(20);
    CoScenarioResults rs = CoScenarioRunner().Run(strict);
    CoScenarioResults rt = CoScenarioRunner().Run(tolerant);
    CoScenarioResults rh = CoScenarioRunner().Run(hostsOnly);
    ASSERT_GT(PortDrops(rs, Reason::VcFrameLimit), 0u) << "the UBR bursts should congest the link";

    // Without CDVT the port onto the 10 Mb/s link charges a CBR frame's
    // GCRA when the frame leaves, after it waited for the UBR frame on the
    // wire: with no margin over the contract every such wait is kept, the
    // VC falls further behind its source with each one and its queue grows
    // (the frames still in it when the call closes are lost, Released).
    // With 20 ms of CDVT the frames after a late one conform at once: a
    // wait costs only the frame that had it.
    double strictDelay = MeanCrossingCbrDelay(rs);
    double tolerantDelay = MeanCrossingCbrDelay(rt);
    double hostsOnlyDelay = MeanCrossingCbrDelay(rh);
    std::cout << "CBR mean delay across the link: strict " << strictDelay << " s, tolerant "
              << tolerantDelay << " s, hosts only " << hostsOnlyDelay
              << " s; CBR frames still queued when their call closed: "
              << CbrDrops(rs, Reason::Released) << ", " << CbrDrops(rt, Reason::Released) << ", "
              << CbrDrops(rh, Reason::Released) << std::endl;
    EXPECT_GT(strictDelay, 0.05);
    EXPECT_LT(tolerantDelay, 0.02);
    EXPECT_GT(hostsOnlyDelay, 0.05);
    EXPECT_GT(CbrDrops(rs, Reason::Released), 50u);
    EXPECT_GT(CbrDrops(rh, Reason::Released), 50u);
    for (const CoVcRecord& v : rt.vcs)
    {
        if (v.group == 0)
        {
            // at most the frame on its way when the call closed
            EXPECT_LE(v.GetLostFrames(), 1u);
            EXPECT_EQ(v.refusedFrames, 0u);
        }
    }
    for (const CoScenarioResults* r : {&rs, &rt, &rh})
    {
        EXPECT_EQ(r->heldAtEnd, 0u);
        EXPECT_EQ(r->GetViolationCount(), 0u);
    }
}

TEST(ScenarioQueueingRun, EachSwitchLimitDropsWithItsReason)
{
    CoScenarioResults base = CoScenarioRunner().Run(CongestedUbr());

    // each: a limit, the reason its drops are counted under
    struct Case
    {
        const char* name;
        uint32_t CoScenarioScheduler::*limit;
        uint32_t value;
        Reason reason;
    };

    const Case cases[] = {
        {"vcMaxFrames", &CoScenarioScheduler::vcMaxFrames, 3, Reason::VcFrameLimit},
        {"vcMaxCells", &CoScenarioScheduler::vcMaxCells, 400, Reason::VcCellLimit},
        {"maxFrames", &CoScenarioScheduler::maxFrames, 4, Reason::PortFrameLimit},
        {"maxCells", &CoScenarioScheduler::maxCells, 800, Reason::PortCellLimit},
        {"epdThreshold", &CoScenarioScheduler::epdThreshold, 400, Reason::EarlyPacketDiscard},
    };
    for (const Case& c : cases)
    {
        CoScenario s = CongestedUbr();
        s.queueing.switches.*c.limit = c.value;
        CoScenarioResults r = CoScenarioRunner().Run(s);
        uint64_t before = PortDrops(base, c.reason);
        uint64_t after = PortDrops(r, c.reason);
        std::cout << c.name << " " << c.value << ": " << before << " -> " << after << " drops ("
                  << CoVcScheduler::GetDropReasonName(c.reason) << ")" << std::endl;
        EXPECT_GT(after, before) << c.name;
        // The VCs that lost them count them under the same reason.
        EXPECT_GE(VcDrops(r, c.reason), after) << c.name;
        EXPECT_EQ(r.heldAtEnd, 0u) << c.name;
    }
}

// CBR sources at 1,100 cells/s (500-byte frames, 11 cells, every 10 ms)
// on calls granted 1,000: the NICs let them through (a CDVT of 1 s, more
// than a call lasts), and so do the switch ports; the switches police. At frame level with no
// tolerance a frame 10 ms after a conforming one is 1 ms early: every
// other frame fails, and is discarded (discard) or tagged (tag).
TEST(ScenarioQueueingRun, UpcPolicesWhatExceedsTheContract)
{
    CoScenario s = TwoSwitches();
    s.calls.pcr = 1000;
    s.calls.traffic.type = "cbr";
    s.calls.traffic.rate = DataRate("400kbps");
    s.calls.traffic.frameSize = 500;
    s.queueing.hosts.cdvt = Seconds(1);
    s.queueing.switches.cdvt = Seconds(1); // nor do their ports shape
    CoScenario discard = s;
    discard.queueing.switches.upc = "discard";
    CoScenario tag = s;
    tag.queueing.switches.upc = "tag";
    CoScenarioResults none = CoScenarioRunner().Run(s);
    CoScenarioResults rd = CoScenarioRunner().Run(discard);
    CoScenarioResults rt = CoScenarioRunner().Run(tag);
    auto sent = [](const CoScenarioResults& r) {
        uint64_t n = 0;
        for (const CoVcRecord& v : r.vcs)
        {
            n += v.sentFrames;
        }
        return n;
    };
    auto lost = [](const CoScenarioResults& r) {
        uint64_t n = 0;
        for (const CoVcRecord& v : r.vcs)
        {
            n += v.GetLostFrames();
        }
        return n;
    };
    uint64_t policed = PortDrops(rd, Reason::Policed);
    std::cout << "policed " << policed << " of " << sent(rd) << " frames sent" << std::endl;
    EXPECT_EQ(PortDrops(none, Reason::Policed), 0u);
    EXPECT_EQ(PortDrops(rt, Reason::Policed), 0u);
    // About half of what crosses its first switch (a frame is policed
    // there only; the next switch sees it conform, spaced by the first).
    EXPECT_GT(policed, sent(rd) / 4);
    EXPECT_LT(policed, sent(rd) * 6 / 10);
    // Each counted against its VC too, and those were all it lost but the
    // frames on their way when a call closed.
    EXPECT_EQ(VcDrops(rd, Reason::Policed), policed);
    EXPECT_LE(lost(rd) - policed, 2 * rd.vcs.size());
    EXPECT_LE(lost(rt), 2 * rt.vcs.size()); // tagged frames go on: nothing to discard them
    for (const CoScenarioResults* r : {&none, &rd, &rt})
    {
        EXPECT_EQ(r->heldAtEnd, 0u);
        EXPECT_EQ(r->GetViolationCount(), 0u);
    }
}

TEST(ScenarioQueueingRun, PortLimitsRefuseOnlyUbr)
{
    // CBR with margin beside the UBR bursts; a port holding 2 frames at
    // most still takes every CBR frame (its rate was reserved).
    CoScenario s = CbrAtContractBesideUbr();
    s.calls.pcr = 1500;
    s.queueing.switches.maxFrames = 2;
    s.queueing.switches.maxCells = 400;
    CoScenarioResults r = CoScenarioRunner().Run(s);
    uint64_t ubrPortDrops = 0;
    for (const CoVcRecord& v : r.vcs)
    {
        uint64_t portDrops = v.drops[static_cast<std::size_t>(Reason::PortFrameLimit)] +
                             v.drops[static_cast<std::size_t>(Reason::PortCellLimit)];
        if (v.group == 0)
        {
            EXPECT_EQ(portDrops, 0u);
            EXPECT_EQ(v.GetLostFrames(), 0u);
            EXPECT_GT(v.receivedFrames, 0u);
        }
        else
        {
            ubrPortDrops += portDrops;
        }
    }
    EXPECT_GT(ubrPortDrops, 0u);
    EXPECT_EQ(r.heldAtEnd, 0u);
}

TEST(ScenarioQueueingRun, HostLimitBoundsWhatANicHoldsForAShapedVc)
{
    // A CBR source at twice its contract (2200 cells/s offered, PCR 1100):
    // its NIC shapes the VC to the PCR, so its queue grows until the limit
    // and then the NIC refuses frames (VcFrameLimit). The limit is how
    // late the frames that do go can be: with 100 frames a frame waits up
    // to a second, with 2 at most about 2 frame times (20 ms).
    CoScenario s = TwoSwitches();
    s.calls.rate = 0.5;
    s.calls.holdingMean = Seconds(2);
    s.calls.pcr = 1100;
    s.calls.traffic.type = "cbr";
    s.calls.traffic.rate = DataRate("800kbps");
    s.calls.traffic.frameSize = 500;
    CoScenario limited = s;
    limited.queueing.hosts.vcMaxFrames = 2;
    CoScenarioResults rd = CoScenarioRunner().Run(s);
    CoScenarioResults rl = CoScenarioRunner().Run(limited);
    ASSERT_FALSE(rl.vcs.empty());
    Time defaultMax(0);
    for (const CoVcRecord& v : rd.vcs)
    {
        defaultMax = Max(defaultMax, v.maxDelay);
    }
    Time limitedMax(0);
    uint64_t refused = 0;
    for (const CoVcRecord& v : rl.vcs)
    {
        limitedMax = Max(limitedMax, v.maxDelay);
        refused += v.refusedFrames;
        // every refusal is the NIC's VC limit; of the frames it took, at
        // most the two it held when the call closed are lost (Released)
        EXPECT_EQ(v.drops[static_cast<std::size_t>(Reason::VcFrameLimit)], v.refusedFrames);
        EXPECT_LE(v.GetLostFrames(), 2u);
    }
    std::cout << "max delay: default " << defaultMax.As(Time::MS) << ", limited "
              << limitedMax.As(Time::MS) << "; refused " << refused << std::endl;
    EXPECT_GT(defaultMax, MilliSeconds(500));
    EXPECT_LT(limitedMax, MilliSeconds(40));
    EXPECT_GT(refused, 0u);
    EXPECT_EQ(PortDrops(rl, Reason::VcFrameLimit), 0u);
    EXPECT_EQ(rl.heldAtEnd, 0u);
}

/**
 * \return two UBR groups saturating the 10 Mb/s link with Poisson frames,
 *         one of 9000 bytes, one of 1000: the same calls whatever the
 *         discipline (the same seed), so only the sharing differs
 */
CoScenario
BigAndSmallFrames()
{
    CoScenario s = TwoSwitches();
    s.hosts.perSwitch = 1; // every call crosses the link
    s.calls.rate = 4;      // several calls of each group at once
    s.duration = Seconds(2);
    s.calls.category = "UBR";
    s.calls.pcr = 0;
    s.calls.traffic.type = "poisson";
    s.calls.traffic.frameRate = 200; // 14.4 Mb/s
    s.calls.traffic.frameSize = 9000;
    CoScenarioCalls small = s.calls;
    small.traffic.frameRate = 1800; // 14.4 Mb/s
    small.traffic.frameSize = 1000;
    s.callGroups = {small};
    return s;
}

/// \return received bytes of group 0 over those of group 1
double
ByteShare(const CoScenarioResults& r)
{
    uint64_t bytes[2] = {0, 0};
    for (const CoVcRecord& v : r.vcs)
    {
        bytes[v.group] += v.receivedBytes;
    }
    return bytes[1] > 0 ? double(bytes[0]) / bytes[1] : 0;
}

TEST(ScenarioQueueingRun, WfqSharesInCellsWhereWrrSharesInFrames)
{
    CoScenario wrr = BigAndSmallFrames();
    CoScenario wfq = wrr;
    wfq.queueing.switches.discipline = "WFQ";
    CoScenarioResults rr = CoScenarioRunner().Run(wrr);
    CoScenarioResults rf = CoScenarioRunner().Run(wfq);
    // Round robin in frames: a 9000-byte frame per 1000-byte one while both
    // wait, so the big frames take most of the link. Fair queueing in cells
    // gives the two groups' VCs the same cells: about the same bytes.
    double shareWrr = ByteShare(rr);
    double shareWfq = ByteShare(rf);
    std::cout << "big/small bytes: WRR " << shareWrr << ", WFQ " << shareWfq << std::endl;
    EXPECT_GT(shareWrr, 2 * shareWfq);
    EXPECT_NEAR(shareWfq, 1, 0.3);
    // the same calls both times
    EXPECT_EQ(rr.calls.size(), rf.calls.size());
    EXPECT_EQ(rr.vcs.size(), rf.vcs.size());
    EXPECT_EQ(rr.heldAtEnd, 0u);
    EXPECT_EQ(rf.heldAtEnd, 0u);
}
} // namespace
