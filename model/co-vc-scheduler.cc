/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-vc-scheduler.h"

#include "co-cell-loss-tag.h"
#include "co-ns3-compat.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>
#include <optional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoVcScheduler");

NS_OBJECT_ENSURE_REGISTERED(CoVcScheduler);

namespace
{
constexpr uint32_t NO_SLOT = std::numeric_limits<uint32_t>::max();

uint32_t
VcKey(uint8_t vpi, uint16_t vci)
{
    return (static_cast<uint32_t>(vpi) << 16) | vci;
}

uint8_t
KeyVpi(uint32_t key)
{
    return static_cast<uint8_t>(key >> 16);
}

uint16_t
KeyVci(uint32_t key)
{
    return static_cast<uint16_t>(key & 0xffff);
}

uint32_t
WrrCredit(double weight)
{
    return std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(weight)));
}
} // namespace

const char*
CoVcScheduler::GetDropReasonName(DropReason reason)
{
    switch (reason)
    {
    case DropReason::UnregisteredVc:
        return "UnregisteredVc";
    case DropReason::VcFrameLimit:
        return "VcFrameLimit";
    case DropReason::VcCellLimit:
        return "VcCellLimit";
    case DropReason::PortFrameLimit:
        return "PortFrameLimit";
    case DropReason::PortCellLimit:
        return "PortCellLimit";
    case DropReason::Released:
        return "Released";
    case DropReason::LinkDown:
        return "LinkDown";
    case DropReason::EarlyPacketDiscard:
        return "EarlyPacketDiscard";
    case DropReason::SelectiveDiscard:
        return "SelectiveDiscard";
    case DropReason::Policed:
        return "Policed";
    case DropReason::Count:
        break;
    }
    return "?";
}

uint64_t
CoVcScheduler::VcStats::GetDrops() const
{
    uint64_t total = 0;
    for (uint64_t d : drops)
    {
        total += d;
    }
    return total;
}

TypeId
CoVcScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoVcScheduler")
            .SetParent<Object>()
            .SetGroupName("Condis")
            .AddConstructor<CoVcScheduler>()
            .AddAttribute("Discipline",
                          "How the VCs of one service category share the link: weighted "
                          "round robin (in frames) or weighted fair queueing (in cells)",
                          EnumValue(static_cast<int>(Discipline::Wrr)),
                          CoMakeEnumAccessor<int>(&CoVcScheduler::SetDisciplineValue,
                                                  &CoVcScheduler::GetDisciplineValue),
                          MakeEnumChecker(static_cast<int>(Discipline::Wrr),
                                          "Wrr",
                                          static_cast<int>(Discipline::Wfq),
                                          "Wfq"))
            .AddAttribute("VcWeighting",
                          "The weight of a VC within its category when the switch or the NIC "
                          "registers it: 1 each (Equal), or the rate its contract guarantees "
                          "over WeightUnit (Contract: CBR's PCR, VBR's SCR, UBR's PCR; 1 "
                          "without one). VCs registered before a change keep theirs.",
                          EnumValue(static_cast<int>(VcWeighting::Equal)),
                          CoMakeEnumAccessor<int>(&CoVcScheduler::SetVcWeightingValue,
                                                  &CoVcScheduler::GetVcWeightingValue),
                          MakeEnumChecker(static_cast<int>(VcWeighting::Equal),
                                          "Equal",
                                          static_cast<int>(VcWeighting::Contract),
                                          "Contract"))
            .AddAttribute("WeightUnit",
                          "With VcWeighting Contract, the cells/s that make a weight of 1 "
                          "(WRR sends round(weight) frames a turn, 1 at least)",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&CoVcScheduler::m_weightUnit),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Fidelity",
                          "What one event of the port is: an AAL5 frame, its time counted in "
                          "cells (Frame), or one cell (Cell: cells interleave, are shaped and "
                          "lost one by one, and a frame that lost some is thrown away by the "
                          "receiver's reassembly)",
                          EnumValue(static_cast<int>(Fidelity::Frame)),
                          CoMakeEnumAccessor<int>(&CoVcScheduler::SetFidelityValue,
                                                  &CoVcScheduler::GetFidelityValue),
                          MakeEnumChecker(static_cast<int>(Fidelity::Frame),
                                          "Frame",
                                          static_cast<int>(Fidelity::Cell),
                                          "Cell"))
            .AddAttribute("PartialPacketDiscard",
                          "At cell level, once a frame has lost a cell, discard the rest of "
                          "its cells but the last, which is kept so that the receiver loses "
                          "that frame only (without it the cells that arrived merge into the "
                          "VC's next frame)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CoVcScheduler::m_partialPacketDiscard),
                          MakeBooleanChecker())
            .AddAttribute("CategoryService",
                          "How the service categories share the port: strict priority (CBR "
                          "before rt-VBR before nrt-VBR before UBR) or weighted (in proportion "
                          "to CbrWeight, RtVbrWeight, NrtVbrWeight and UbrWeight, in cells)",
                          EnumValue(static_cast<int>(CategoryService::StrictPriority)),
                          CoMakeEnumAccessor<int>(&CoVcScheduler::SetCategoryServiceValue,
                                                  &CoVcScheduler::GetCategoryServiceValue),
                          MakeEnumChecker(static_cast<int>(CategoryService::StrictPriority),
                                          "StrictPriority",
                                          static_cast<int>(CategoryService::Weighted),
                                          "Weighted"))
            .AddAttribute("CbrWeight",
                          "CBR's share of the port when CategoryService is Weighted, relative "
                          "to the other categories' weights (1e-6 to 1e6)",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CoVcScheduler::SetWeightAttribute<0>,
                                             &CoVcScheduler::GetWeightAttribute<0>),
                          MakeDoubleChecker<double>(MIN_CATEGORY_WEIGHT, MAX_CATEGORY_WEIGHT))
            .AddAttribute("RtVbrWeight",
                          "rt-VBR's share of the port when CategoryService is Weighted, "
                          "relative to the other categories' weights (1e-6 to 1e6)",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CoVcScheduler::SetWeightAttribute<1>,
                                             &CoVcScheduler::GetWeightAttribute<1>),
                          MakeDoubleChecker<double>(MIN_CATEGORY_WEIGHT, MAX_CATEGORY_WEIGHT))
            .AddAttribute("NrtVbrWeight",
                          "nrt-VBR's share of the port when CategoryService is Weighted, "
                          "relative to the other categories' weights (1e-6 to 1e6)",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CoVcScheduler::SetWeightAttribute<2>,
                                             &CoVcScheduler::GetWeightAttribute<2>),
                          MakeDoubleChecker<double>(MIN_CATEGORY_WEIGHT, MAX_CATEGORY_WEIGHT))
            .AddAttribute("UbrWeight",
                          "UBR's share of the port when CategoryService is Weighted, relative "
                          "to the other categories' weights (1e-6 to 1e6)",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CoVcScheduler::SetWeightAttribute<3>,
                                             &CoVcScheduler::GetWeightAttribute<3>),
                          MakeDoubleChecker<double>(MIN_CATEGORY_WEIGHT, MAX_CATEGORY_WEIGHT))
            .AddAttribute("Cdvt",
                          "Cell delay variation tolerance: the limit of every VC's peak "
                          "GCRA, added to BT in the sustainable one",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&CoVcScheduler::m_cdvt),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("VcMaxFrames",
                          "MaxSize of each VC's DropTailQueue, in frames (VCs registered "
                          "after a change get it)",
                          UintegerValue(100),
                          MakeUintegerAccessor(&CoVcScheduler::m_vcMaxFrames),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("VcMaxCells",
                          "Cells each VC may hold waiting (0: no limit)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoVcScheduler::m_vcMaxCells),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "MaxFrames",
                "Frames the port may hold waiting over all VCs, beyond which UBR frames are "
                "refused (0: no limit)",
                UintegerValue(0),
                MakeUintegerAccessor(&CoVcScheduler::m_maxFrames),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "MaxCells",
                "Cells the port may hold waiting over all VCs, beyond which UBR frames are "
                "refused (0: no limit)",
                UintegerValue(0),
                MakeUintegerAccessor(&CoVcScheduler::m_maxCells),
                MakeUintegerChecker<uint64_t>())
            .AddAttribute("EpdThreshold",
                          "Early packet discard: a UBR frame arriving while the port holds "
                          "this many cells or more is discarded whole before it is queued "
                          "(0: off)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoVcScheduler::m_epdThreshold),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("ClpThreshold",
                          "Selective discard: a frame whose cells have CLP=1 (tagged by usage "
                          "parameter control), of any category, is refused while the port "
                          "holds this many cells or more (0: off)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CoVcScheduler::m_clpThreshold),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("Enqueue",
                            "A frame was queued on its VC (frame, VPI, VCI)",
                            MakeTraceSourceAccessor(&CoVcScheduler::m_enqueueTrace),
                            "ns3::CoVcScheduler::FrameTracedCallback")
            .AddTraceSource("Dequeue",
                            "A frame left its VC's queue for the link (frame, VPI, VCI)",
                            MakeTraceSourceAccessor(&CoVcScheduler::m_dequeueTrace),
                            "ns3::CoVcScheduler::FrameTracedCallback")
            .AddTraceSource("Drop",
                            "A frame was refused or discarded (frame, VPI, VCI, reason)",
                            MakeTraceSourceAccessor(&CoVcScheduler::m_dropTrace),
                            "ns3::CoVcScheduler::DropTracedCallback")
            .AddTraceSource("CellLoss",
                            "Cell level: a frame queued without some of its cells (frame, "
                            "VPI, VCI, cells lost to a limit, which limit, cells then "
                            "discarded by partial packet discard)",
                            MakeTraceSourceAccessor(&CoVcScheduler::m_cellLossTrace),
                            "ns3::CoVcScheduler::CellLossTracedCallback")
            .AddTraceSource("Shaped",
                            "A VC's head frame must wait for its GCRA (VPI, VCI, until when)",
                            MakeTraceSourceAccessor(&CoVcScheduler::m_shapedTrace),
                            "ns3::CoVcScheduler::ShapedTracedCallback");
    return tid;
}

CoVcScheduler::CoVcScheduler()
    : m_discipline(Discipline::Wrr),
      m_categoryService(CategoryService::StrictPriority),
      m_vcMaxFrames(100),
      m_vcMaxCells(0),
      m_maxFrames(0),
      m_maxCells(0),
      m_epdThreshold(0),
      m_clpThreshold(0)
{
    NS_LOG_FUNCTION(this);
}

CoVcScheduler::~CoVcScheduler()
{
    NS_LOG_FUNCTION(this);
}

void
CoVcScheduler::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_timer.Cancel();
    m_ready = Callback<void>();
    m_slots.clear();
    m_byKey.clear();
    Object::DoDispose();
}

CoVcScheduler::Vc*
CoVcScheduler::Find(uint32_t key) const
{
    auto it = m_byKey.find(key);
    return it == m_byKey.end() ? nullptr : m_slots[it->second].get();
}

void
CoVcScheduler::SetDisciplineValue(int discipline)
{
    auto d = static_cast<Discipline>(discipline);
    if (d == m_discipline)
    {
        return;
    }
    m_discipline = d;
    // The VCs whose head may go move to the other discipline's lists (rare: O(VCs)).
    for (Category& c : m_categories)
    {
        c.ring.clear();
        c.tags.Clear();
    }
    for (auto& [key, slot] : m_byKey)
    {
        Vc& vc = *m_slots[slot];
        if (vc.state == VcState::Active)
        {
            Activate(vc);
        }
    }
}

int
CoVcScheduler::GetDisciplineValue() const
{
    return static_cast<int>(m_discipline);
}

void
CoVcScheduler::SetVcWeightingValue(int weighting)
{
    m_vcWeighting = static_cast<VcWeighting>(weighting);
}

int
CoVcScheduler::GetVcWeightingValue() const
{
    return static_cast<int>(m_vcWeighting);
}

double
CoVcScheduler::GetPolicyWeight(CoServiceCategory category, const CoFlowSpec& flow) const
{
    if (m_vcWeighting == VcWeighting::Equal)
    {
        return 1;
    }
    // What admission control reserved for it: the rate it may count on.
    bool vbr = category == CoServiceCategory::RtVbr || category == CoServiceCategory::NrtVbr;
    uint32_t rate =
        vbr && flow.sustainableCellRate != 0 ? flow.sustainableCellRate : flow.peakCellRate;
    return rate == 0 ? 1 : static_cast<double>(rate) / m_weightUnit;
}

void
CoVcScheduler::SetFidelityValue(int fidelity)
{
    // Takes effect at the next cell or frame: a head frame partly sent at
    // cell level goes on with the cells it has left.
    m_fidelity = static_cast<Fidelity>(fidelity);
}

int
CoVcScheduler::GetFidelityValue() const
{
    return static_cast<int>(m_fidelity);
}

void
CoVcScheduler::SetCategoryServiceValue(int service)
{
    auto s = static_cast<CategoryService>(service);
    if (s == m_categoryService)
    {
        return;
    }
    m_categoryService = s;
    // The weighted service starts afresh: no category owes or is owed.
    m_categoryTime = 0;
    for (Category& c : m_categories)
    {
        c.finish = 0;
    }
}

int
CoVcScheduler::GetCategoryServiceValue() const
{
    return static_cast<int>(m_categoryService);
}

bool
CoVcScheduler::SetCategoryWeight(CoServiceCategory category, double weight)
{
    NS_LOG_FUNCTION(this << static_cast<int>(category) << weight);
    auto index = static_cast<std::size_t>(category);
    // (a NaN fails both comparisons)
    if (index >= CATEGORIES || !(weight >= MIN_CATEGORY_WEIGHT && weight <= MAX_CATEGORY_WEIGHT))
    {
        return false;
    }
    m_categories[index].weight = weight; // from the category's next frame
    return true;
}

double
CoVcScheduler::GetCategoryWeight(CoServiceCategory category) const
{
    auto index = static_cast<std::size_t>(category);
    return index < CATEGORIES ? m_categories[index].weight : 0;
}

bool
CoVcScheduler::RegisterVc(uint8_t vpi,
                          uint16_t vci,
                          CoServiceCategory category,
                          const CoFlowSpec& flow,
                          double weight)
{
    NS_LOG_FUNCTION(this << +vpi << vci << static_cast<int>(category) << weight);
    uint32_t key = VcKey(vpi, vci);
    if (weight == POLICY_WEIGHT)
    {
        weight = GetPolicyWeight(category, flow);
    }
    if (!(weight > 0) || std::isinf(weight) || m_byKey.contains(key))
    {
        return false;
    }
    uint32_t slot;
    if (m_freeSlots.empty())
    {
        slot = static_cast<uint32_t>(m_slots.size());
        m_slots.push_back(std::make_unique<Vc>());
    }
    else
    {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    }
    Vc& vc = *m_slots[slot];
    uint32_t generation = vc.generation;
    vc = Vc();
    vc.generation = generation;
    vc.key = key;
    vc.registered = true;
    vc.category = static_cast<uint8_t>(category);
    vc.weight = weight;
    vc.queue = CreateObject<DropTailQueue<Packet>>();
    vc.queue->SetMaxSize(QueueSize(QueueSizeUnit::PACKETS, m_vcMaxFrames));
    vc.gcra = CoDualGcra::ForContract(category, flow, m_cdvt);
    m_byKey.emplace(key, slot);
    return true;
}

bool
CoVcScheduler::UnregisterVc(uint8_t vpi, uint16_t vci)
{
    NS_LOG_FUNCTION(this << +vpi << vci);
    uint32_t key = VcKey(vpi, vci);
    auto it = m_byKey.find(key);
    if (it == m_byKey.end())
    {
        return false;
    }
    uint32_t slot = it->second;
    Vc& vc = *m_slots[slot];
    while (!vc.frameCells.empty())
    {
        uint32_t cells;
        Ptr<Packet> frame = PopHead(vc, cells);
        CountDrop(&vc, frame, key, DropReason::Released, cells);
    }
    m_byKey.erase(it);
    // Its entries in the rings and tag queues are now stale: skipped when met.
    vc.registered = false;
    ++vc.generation;
    vc.state = VcState::Idle;
    vc.queue = nullptr;
    m_freeSlots.push_back(slot);
    return true;
}

bool
CoVcScheduler::SetVcWeight(uint8_t vpi, uint16_t vci, double weight)
{
    NS_LOG_FUNCTION(this << +vpi << vci << weight);
    Vc* vc = Find(VcKey(vpi, vci));
    if (!vc || !(weight > 0) || std::isinf(weight))
    {
        return false;
    }
    vc->weight = weight; // from its next turn (WRR) or frame (WFQ)
    return true;
}

bool
CoVcScheduler::IsRegistered(uint8_t vpi, uint16_t vci) const
{
    return m_byKey.contains(VcKey(vpi, vci));
}

Ptr<Queue<Packet>>
CoVcScheduler::GetVcQueue(uint8_t vpi, uint16_t vci) const
{
    Vc* vc = Find(VcKey(vpi, vci));
    return vc ? vc->queue : nullptr;
}

CoVcScheduler::VcStats
CoVcScheduler::GetVcStats(uint8_t vpi, uint16_t vci) const
{
    Vc* vc = Find(VcKey(vpi, vci));
    return vc ? vc->stats : VcStats();
}

std::size_t
CoVcScheduler::GetVcCount() const
{
    return m_byKey.size();
}

uint64_t
CoVcScheduler::GetDropCount(DropReason reason) const
{
    return reason == DropReason::Count ? 0 : m_drops[static_cast<std::size_t>(reason)];
}

uint64_t
CoVcScheduler::GetDropCells(DropReason reason) const
{
    return reason == DropReason::Count ? 0 : m_dropCells[static_cast<std::size_t>(reason)];
}

void
CoVcScheduler::SetReadyCallback(Callback<void> cb)
{
    m_ready = cb;
}

void
CoVcScheduler::CountDrop(Vc* vc,
                         Ptr<const Packet> frame,
                         uint32_t key,
                         DropReason reason,
                         uint32_t cells)
{
    NS_LOG_LOGIC("frame on " << +KeyVpi(key) << "/" << KeyVci(key)
                             << " dropped: " << GetDropReasonName(reason));
    auto index = static_cast<std::size_t>(reason);
    ++m_drops[index];
    m_dropCells[index] += cells;
    if (vc)
    {
        ++vc->stats.drops[index];
    }
    m_dropTrace(frame, KeyVpi(key), KeyVci(key), reason);
}

bool
CoVcScheduler::Enqueue(Ptr<Packet> frame, uint8_t vpi, uint16_t vci, uint32_t cells, bool clp)
{
    NS_LOG_FUNCTION(this << frame << +vpi << vci << cells << clp);
    uint32_t key = VcKey(vpi, vci);
    Vc* vc = Find(key);
    std::optional<DropReason> refused;
    if (!vc)
    {
        refused = DropReason::UnregisteredVc;
    }
    // Tagged cells broke their contract upstream: whatever their category,
    // they have no claim on the rate admission control reserved.
    else if (clp && m_clpThreshold != 0 && m_cells >= m_clpThreshold)
    {
        refused = DropReason::SelectiveDiscard;
    }
    // EPD, like the port's limits, for best effort only; it acts below them,
    // on whole frames, before a full buffer would cut one short.
    else if (vc->category == static_cast<uint8_t>(CoServiceCategory::Ubr) && m_epdThreshold != 0 &&
             m_cells >= m_epdThreshold)
    {
        refused = DropReason::EarlyPacketDiscard;
    }
    // The port's limits count every frame waiting but refuse only UBR:
    // admission control reserved the rate of the other categories, so their
    // frames are bounded by their own VC's limits (and shaped), not crowded
    // out by a best-effort backlog.
    else if (vc->category == static_cast<uint8_t>(CoServiceCategory::Ubr) && m_maxFrames != 0 &&
             m_frames >= m_maxFrames)
    {
        refused = DropReason::PortFrameLimit;
    }
    else if (m_fidelity == Fidelity::Cell)
    {
        return EnqueueCells(*vc, frame, key, cells);
    }
    else if (vc->category == static_cast<uint8_t>(CoServiceCategory::Ubr) && m_maxCells != 0 &&
             m_cells + cells > m_maxCells)
    {
        refused = DropReason::PortCellLimit;
    }
    else if (m_vcMaxCells != 0 && vc->cells + cells > m_vcMaxCells)
    {
        refused = DropReason::VcCellLimit;
    }
    else if (!vc->queue->Enqueue(frame))
    {
        refused = DropReason::VcFrameLimit;
    }
    if (refused)
    {
        CountDrop(vc, frame, key, *refused, cells);
        return false;
    }
    Admit(*vc, frame, cells);
    return true;
}

void
CoVcScheduler::Admit(Vc& vc, const Ptr<Packet>& frame, uint32_t cells)
{
    vc.frameCells.push_back(cells);
    vc.cells += cells;
    ++m_frames;
    m_cells += cells;
    m_bytes += frame->GetSize();
    ++vc.stats.enqueued;
    m_enqueueTrace(frame, KeyVpi(vc.key), KeyVci(vc.key));
    if (vc.state == VcState::Idle)
    {
        Schedule(vc);
    }
}

bool
CoVcScheduler::EnqueueCells(Vc& vc, Ptr<Packet> frame, uint32_t key, uint32_t cells)
{
    // A frame takes one cell at least (a caller's 0 would never finish).
    cells = std::max<uint32_t>(cells, 1);
    // Cells lost before this port are not here to be queued.
    CoCellLossTag upstream;
    if (frame->PeekPacketTag(upstream))
    {
        cells -= std::min(cells - 1, upstream.GetLostCells());
    }
    DropReason reason = DropReason::Count;
    uint32_t fit = CellRoom(vc, cells, reason);
    if (fit == 0)
    {
        CountDrop(&vc, frame, key, reason, cells);
        return false;
    }
    if (!vc.queue->Enqueue(frame))
    {
        CountDrop(&vc, frame, key, DropReason::VcFrameLimit, cells);
        return false;
    }
    Admit(vc, frame, fit < cells ? Damage(vc, frame, cells, fit, reason) : cells);
    return true;
}

uint32_t
CoVcScheduler::CellRoom(const Vc& vc, uint32_t cells, DropReason& reason) const
{
    uint64_t room = cells;
    // As at frame level, the port's limit refuses best effort only.
    if (vc.category == static_cast<uint8_t>(CoServiceCategory::Ubr) && m_maxCells != 0)
    {
        uint64_t free = m_cells < m_maxCells ? m_maxCells - m_cells : 0;
        if (free < room)
        {
            room = free;
            reason = DropReason::PortCellLimit;
        }
    }
    if (m_vcMaxCells != 0)
    {
        uint64_t free = vc.cells < m_vcMaxCells ? m_vcMaxCells - vc.cells : 0;
        if (free < room)
        {
            room = free;
            reason = DropReason::VcCellLimit;
        }
    }
    return static_cast<uint32_t>(room);
}

uint32_t
CoVcScheduler::Damage(Vc& vc, Ptr<Packet> frame, uint32_t cells, uint32_t fit, DropReason reason)
{
    // The cells arrived together and the buffer is full from the first that
    // did not fit: every later one is lost to the limit too, unless PPD
    // discards them first and keeps the last (when the last is not itself
    // the first lost).
    uint32_t over = cells - fit;
    bool keepLast = m_partialPacketDiscard && over > 1;
    uint32_t toLimit = keepLast ? 1 : over;
    uint32_t discarded = keepLast ? over - 2 : 0;
    m_dropCells[static_cast<std::size_t>(reason)] += toLimit;
    m_ppdCells += discarded;
    ++vc.stats.damaged;
    ++m_damaged;
    CoCellLossTag before;
    frame->RemovePacketTag(before);
    frame->AddPacketTag(CoCellLossTag(before.GetLostCells() + toLimit + discarded,
                                      before.IsLastCellLost() || !keepLast));
    NS_LOG_LOGIC("frame on " << +KeyVpi(vc.key) << "/" << KeyVci(vc.key) << " lost " << toLimit
                             << " cells to " << GetDropReasonName(reason) << ", " << discarded
                             << " to PPD");
    m_cellLossTrace(frame, KeyVpi(vc.key), KeyVci(vc.key), toLimit, reason, discarded);
    return fit + (keepLast ? 1 : 0);
}

void
CoVcScheduler::Schedule(Vc& vc)
{
    Time now = Simulator::Now();
    if (vc.gcra.IsConforming(now))
    {
        Activate(vc);
        return;
    }
    Time eligible = vc.gcra.GetEarliestConformingTime();
    vc.state = VcState::Waiting;
    uint32_t slot = m_byKey.at(vc.key);
    m_eligibility.push(
        HeapEntry{static_cast<double>(eligible.GetTimeStep()), m_sequence++, slot, vc.generation});
    ++vc.stats.shaped;
    m_shapedTrace(KeyVpi(vc.key), KeyVci(vc.key), eligible);
}

void
CoVcScheduler::Activate(Vc& vc)
{
    vc.state = VcState::Active;
    uint32_t slot = m_byKey.at(vc.key);
    Category& c = m_categories[vc.category];
    if (m_discipline == Discipline::Wrr)
    {
        vc.credit = WrrCredit(vc.weight);
        c.ring.emplace_back(slot, vc.generation);
    }
    else
    {
        // WFQ's tags count the cells that go at once: a frame, or one cell.
        // SCFQ starts a tag at max(V, the VC's last tag); the last tag is one
        // V served, and V never decreases, so that is V itself.
        uint32_t cells = m_fidelity == Fidelity::Cell ? 1 : vc.frameCells.front();
        double increment = cells / vc.weight;
        c.tags.Push({c.virtualTime + increment, m_sequence++, slot, vc.generation}, increment);
    }
}

void
CoVcScheduler::ReleaseEligible()
{
    if (m_eligibility.empty())
    {
        return;
    }
    auto now = static_cast<double>(Simulator::Now().GetTimeStep());
    while (!m_eligibility.empty() && m_eligibility.top().key <= now)
    {
        HeapEntry e = m_eligibility.top();
        m_eligibility.pop();
        Vc& vc = *m_slots[e.slot];
        if (vc.generation == e.generation && vc.state == VcState::Waiting)
        {
            Activate(vc);
        }
    }
}

uint32_t
CoVcScheduler::Pick(Category& c)
{
    if (m_discipline == Discipline::Wrr)
    {
        while (!c.ring.empty())
        {
            auto [slot, generation] = c.ring.front();
            if (m_slots[slot]->generation == generation)
            {
                return slot;
            }
            c.ring.pop_front();
        }
        return NO_SLOT;
    }
    while (!c.tags.IsEmpty())
    {
        const CoFinishTagQueue::Entry& e = c.tags.Top();
        if (m_slots[e.slot]->generation == e.generation)
        {
            return e.slot;
        }
        c.tags.Pop();
    }
    return NO_SLOT;
}

Ptr<Packet>
CoVcScheduler::PopHead(Vc& vc, uint32_t& cells)
{
    Ptr<Packet> frame = vc.queue->Dequeue();
    cells = vc.frameCells.front();
    vc.frameCells.pop_front();
    vc.cells -= cells;
    --m_frames;
    m_cells -= cells;
    m_bytes -= frame->GetSize();
    return frame;
}

CoVcScheduler::Category*
CoVcScheduler::PickWeighted(uint32_t& slot, double& start)
{
    // Start-time fair queueing across the four categories: the smallest
    // start tag among those with a frame that may go now. A category with
    // none is not looked at, whatever its weight: the link does not idle
    // for it. The scan is in priority order and a tie keeps the first.
    Category* best = nullptr;
    for (Category& c : m_categories)
    {
        uint32_t s = Pick(c);
        if (s == NO_SLOT)
        {
            continue;
        }
        double tag = std::max(m_categoryTime, c.finish);
        if (!best || tag < start)
        {
            best = &c;
            slot = s;
            start = tag;
        }
    }
    return best;
}

Ptr<Packet>
CoVcScheduler::Serve(Category& c, uint32_t slot, uint32_t& cells)
{
    Vc& vc = *m_slots[slot];
    Time now = Simulator::Now();
    Ptr<Packet> frame = PopHead(vc, cells);
    vc.gcra.Charge(now, cells);
    ++vc.stats.dequeued;
    AfterService(c, vc, now);
    m_dequeueTrace(frame, KeyVpi(vc.key), KeyVci(vc.key));
    return frame;
}

bool
CoVcScheduler::ServeCell(Category& c, uint32_t slot, Ptr<Packet>& frame)
{
    Vc& vc = *m_slots[slot];
    Time now = Simulator::Now();
    vc.gcra.Charge(now, 1);
    bool last = vc.frameCells.front() == 1;
    if (last)
    {
        uint32_t cells;
        frame = PopHead(vc, cells);
        ++vc.stats.dequeued;
    }
    else
    {
        --vc.frameCells.front();
        --vc.cells;
        --m_cells;
    }
    AfterService(c, vc, now);
    if (last)
    {
        m_dequeueTrace(frame, KeyVpi(vc.key), KeyVci(vc.key));
    }
    return last;
}

void
CoVcScheduler::AfterService(Category& c, Vc& vc, Time now)
{
    bool more = !vc.frameCells.empty();
    bool conforming = more && vc.gcra.IsConforming(now);
    if (m_discipline == Discipline::Wrr)
    {
        --vc.credit;
        if (conforming && vc.credit > 0)
        {
            // its turn goes on
        }
        else
        {
            c.ring.pop_front();
            vc.state = VcState::Idle;
            if (more)
            {
                Schedule(vc); // the back of the ring, or a wait for its GCRA
            }
        }
    }
    else
    {
        c.virtualTime = c.tags.Top().tag;
        c.tags.Pop();
        vc.state = VcState::Idle;
        if (more)
        {
            Schedule(vc);
        }
    }
}

CoVcScheduler::Category*
CoVcScheduler::PickNext(uint32_t& slot, double& start)
{
    ReleaseEligible();
    if (m_categoryService == CategoryService::StrictPriority)
    {
        for (Category& c : m_categories)
        {
            slot = Pick(c);
            if (slot != NO_SLOT)
            {
                return &c;
            }
        }
    }
    else if (Category* c = PickWeighted(slot, start))
    {
        m_categoryTime = start;
        return c;
    }
    if (!m_eligibility.empty())
    {
        ArmTimer();
    }
    return nullptr;
}

void
CoVcScheduler::EndCategoryService(Category& c, double start, uint32_t cells)
{
    if (m_categoryService == CategoryService::Weighted)
    {
        c.finish = start + cells / c.weight;
    }
}

Ptr<Packet>
CoVcScheduler::Dequeue()
{
    NS_LOG_FUNCTION(this);
    uint32_t slot = NO_SLOT;
    double start = 0;
    Category* c = PickNext(slot, start);
    if (!c)
    {
        return nullptr;
    }
    uint32_t cells;
    Ptr<Packet> frame = Serve(*c, slot, cells);
    EndCategoryService(*c, start, cells);
    return frame;
}

bool
CoVcScheduler::DequeueCell(Ptr<Packet>& frame)
{
    NS_LOG_FUNCTION(this);
    frame = nullptr;
    uint32_t slot = NO_SLOT;
    double start = 0;
    Category* c = PickNext(slot, start);
    if (!c)
    {
        return false;
    }
    ServeCell(*c, slot, frame);
    EndCategoryService(*c, start, 1);
    return true;
}

void
CoVcScheduler::ArmTimer()
{
    while (!m_eligibility.empty())
    {
        const HeapEntry& e = m_eligibility.top();
        const Vc& vc = *m_slots[e.slot];
        if (vc.generation == e.generation && vc.state == VcState::Waiting)
        {
            break;
        }
        m_eligibility.pop();
    }
    if (m_eligibility.empty())
    {
        return;
    }
    Time at = TimeStep(static_cast<uint64_t>(m_eligibility.top().key));
    if (CoIsPending(m_timer) && m_timerAt <= at)
    {
        return;
    }
    m_timer.Cancel();
    m_timerAt = at;
    m_timer = Simulator::Schedule(at - Simulator::Now(), &CoVcScheduler::Wake, this);
}

void
CoVcScheduler::Wake()
{
    NS_LOG_FUNCTION(this);
    if (!m_ready.IsNull())
    {
        m_ready();
    }
}

void
CoVcScheduler::Flush(Callback<void, Ptr<Packet>> sink)
{
    NS_LOG_FUNCTION(this);
    for (auto& [key, slot] : m_byKey)
    {
        Vc& vc = *m_slots[slot];
        while (!vc.frameCells.empty())
        {
            uint32_t cells;
            Ptr<Packet> frame = PopHead(vc, cells);
            CountDrop(&vc, frame, key, DropReason::LinkDown, cells);
            if (!sink.IsNull())
            {
                sink(frame);
            }
        }
        vc.state = VcState::Idle;
    }
    for (Category& c : m_categories)
    {
        c.ring.clear();
        c.tags.Clear();
    }
    m_eligibility = MinHeap();
    m_timer.Cancel();
    // Nothing waits: the weighted service starts afresh.
    m_categoryTime = 0;
    for (Category& c : m_categories)
    {
        c.finish = 0;
    }
}

} // namespace ns3
