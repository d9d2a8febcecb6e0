/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_VC_SCHEDULER_H
#define CO_VC_SCHEDULER_H

#include "co-call-parameters.h"
#include "co-finish-tag-queue.h"
#include "co-gcra.h"

#include "ns3/callback.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <absl/container/flat_hash_map.h>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The data queues of one port: a queue per VC, GCRA shaping, and a
 *        scheduler across service categories and VCs.
 *
 * The same component serves a host's NIC and every output port of a switch
 * (CoPortNetDevice's VcScheduler attribute). Signalling never comes here:
 * the device keeps its own lossless queue for VCI 5, served first.
 *
 * Each registered VC has a DropTailQueue<Packet> of its own (its MaxSize and
 * traces are ns-3's), a category, a weight and a dual GCRA from its granted
 * contract (CoDualGcra::ForContract, with the Cdvt attribute). A frame is one
 * event (frame-level fidelity): it may leave when its first cell conforms,
 * and it counts as all its cells in the GCRAs, so a VC leaves at its PCR
 * (and, for VBR, at most MBS cells at the PCR, then the SCR).
 *
 * Service across categories, by the CategoryService attribute: strict
 * priority (the default), CBR before rt-VBR before nrt-VBR before UBR; or
 * weighted, the categories sharing the link in proportion to their weights
 * (CbrWeight, RtVbrWeight, NrtVbrWeight, UbrWeight) in cells, by
 * start-time fair queueing across the four: a category with a frame that
 * may go has the start tag S = max(V, F), F being the finish tag of its
 * last frame; the smallest S goes (a tie to the higher priority), V
 * becomes that S and the category's F becomes S + cells / weight. Over any
 * time two categories both have frames that may go, the cells they send,
 * each divided by its weight, differ by at most one largest frame of each,
 * divided by its weight. Only a category with a frame that may go now
 * competes: a category whose VCs all wait for their GCRA (or have no
 * frames) leaves its share to the others, so the link is never idle while
 * a frame may go, and it comes back with no credit for the time away.
 * A weight set while frames wait counts from the category's next frame.
 *
 * Within a category, by the Discipline attribute, weighted round robin (a
 * VC sends up to its weight, rounded, in frames per turn) or weighted fair
 * queueing in its self-clocked form (SCFQ: each head frame gets the finish
 * tag max(V, last) + cells / weight, the smallest tag goes, and V is the
 * tag of the frame last served; a VC's last tag is a V already served and V
 * never decreases, so the tag is V + cells / weight).
 *
 * Cost per frame, n being the VCs with frames waiting on the port: WRR
 * O(1); WFQ O(1) plus O(log g), g being the distinct cells / weight of the
 * frames waiting in the category (a CoFinishTagQueue: SCFQ's tags of one
 * increment come in order, so only a FIFO per increment is needed; g is 1
 * for VCs of one weight sending one frame size, however many VCs, and at
 * cell level the number of distinct weights); a shaped VC waits in a heap
 * of eligibility times, O(log n) when it enters or leaves it. Across the
 * categories both services look at the four categories, O(1) whatever n.
 * Nothing walks the VCs, so hundreds of VCs per port cost a frame what a
 * few do.
 * Unregistering a VC is O(1): its entries in the tag queues, heaps and
 * round-robin lists are skipped when met (a generation number).
 *
 * Limits: per VC in frames (the queue's MaxSize, VcMaxFrames) and in
 * cells (VcMaxCells), per port in frames (MaxFrames) and cells (MaxCells).
 * The port's limits count the frames of every VC but refuse only UBR
 * frames: the other categories had their rate reserved by admission
 * control, and a best-effort backlog must not crowd them out.
 * Every frame refused or discarded fires Drop with its reason, and is
 * counted for its VC and for the port (in frames, and port-wide in cells).
 *
 * Discard of whole AAL5 frames, both off by default: early packet discard
 * (EpdThreshold) refuses a UBR frame that arrives while the port holds that
 * many cells or more, before any of it is queued, so that the buffer left
 * above the threshold goes to frames already accepted; selective discard
 * (ClpThreshold) refuses a frame of any category whose cells have CLP=1
 * (tagged by a switch's usage parameter control) once the port holds that
 * many cells. The cells of every frame dropped are counted (GetDropCells).
 *
 * Two fidelities, by the Fidelity attribute. At frame level (the default)
 * a frame is one event, dropped or queued whole. At cell level each cell is
 * served on its own (DequeueCell): the VCs' cells interleave on the link,
 * a CBR cell goes ahead of the rest of a long UBR frame, the GCRAs are
 * asked and charged cell by cell (a VC's cells leave at its PCR even within
 * a frame), WRR credits, WFQ tags and category tags count cells, and the
 * cell limits (MaxCells for UBR, VcMaxCells) take a frame's cells while
 * they fit and lose the rest: the frame goes on damaged (CoCellLossTag), to
 * be thrown away by the receiver's reassembly. Losing the last cell merges
 * what arrived into the next frame of the VC, which the receiver loses too;
 * partial packet discard (PartialPacketDiscard) discards the cells after
 * the first lost one but keeps the last, so that only the damaged frame is
 * lost (that one cell may take the port one cell past its limit). A frame
 * arrives whole at a port (a switch forwards it once its last cell is in),
 * so the cells of one arrival that do not fit are lost together: what
 * differs with PPD is the last cell. Where no cell is lost, VCs do not
 * compete and none is shaped below the line rate, both fidelities give the
 * same frame times (a shaped VC's cells go 1/PCR apart at cell level, its
 * frame at the line rate at frame level); a frame is one event per cell at
 * cell level, the cost of the detail.
 */
class CoVcScheduler : public Object
{
  public:
    /// How the VCs of one category share what the category is given.
    enum class Discipline : uint8_t
    {
        Wrr, //!< weighted round robin, in frames
        Wfq, //!< weighted fair queueing (self-clocked), in cells
    };

    /// What one event of the port is.
    enum class Fidelity : uint8_t
    {
        Frame, //!< an AAL5 frame, its time counted in cells (the default: faster)
        Cell,  //!< one 53-byte cell: cells interleave and are lost one by one
    };

    /// What weight a VC registered without one gets (VcWeighting attribute).
    enum class VcWeighting : uint8_t
    {
        Equal,    //!< 1 each: the VCs of a category share it equally
        Contract, //!< its contract's rate (CBR: PCR; VBR: SCR) over WeightUnit
    };

    /// RegisterVc()'s default weight: the VcWeighting attribute's.
    static constexpr double POLICY_WEIGHT = -1;

    /// How the service categories share the port.
    enum class CategoryService : uint8_t
    {
        StrictPriority, //!< CBR before rt-VBR before nrt-VBR before UBR
        Weighted,       //!< in proportion to the category weights, in cells
    };

    /// The smallest category weight accepted.
    static constexpr double MIN_CATEGORY_WEIGHT = 1e-6;
    /// The largest category weight accepted (weights are relative: 1e12 to 1 is plenty).
    static constexpr double MAX_CATEGORY_WEIGHT = 1e6;

    /// Why a frame was dropped.
    enum class DropReason : uint8_t
    {
        UnregisteredVc, //!< no VC of that VPI/VCI is registered
        VcFrameLimit,   //!< the VC's queue refused it (its MaxSize)
        VcCellLimit,    //!< the VC already holds VcMaxCells
        PortFrameLimit, //!< a UBR frame, and the port already holds MaxFrames
        PortCellLimit,  //!< a UBR frame that would take the port past MaxCells
        Released,       //!< waiting when its VC was unregistered
        LinkDown,       //!< waiting when the link went down (Flush)
        /// a UBR frame arriving while the port holds EpdThreshold cells or more
        EarlyPacketDiscard,
        /// a CLP=1 frame arriving while the port holds ClpThreshold cells or more
        SelectiveDiscard,
        /// discarded on its way into a switch by usage parameter control
        /// (CoSwitch's Upc attribute: Discard); counted by the switch, never
        /// by a scheduler, and named here so a VC's drops have one list of reasons
        Policed,
        Count, //!< (the number of reasons)
    };

    /// The number of drop reasons.
    static constexpr std::size_t DROP_REASONS = static_cast<std::size_t>(DropReason::Count);

    /**
     * \param reason a reason
     * \return its name, e.g. "PortCellLimit"
     */
    static const char* GetDropReasonName(DropReason reason);

    /// What happened to one VC's frames.
    struct VcStats
    {
        uint64_t enqueued = 0; //!< frames accepted
        uint64_t dequeued = 0; //!< frames sent on
        uint64_t shaped = 0;   //!< frames that had to wait for their GCRA
        uint64_t damaged = 0;  //!< cell level: frames queued that lost some of their cells
        std::array<uint64_t, DROP_REASONS> drops{}; //!< frames dropped, by reason

        /// \return frames dropped for any reason
        uint64_t GetDrops() const;
    };

    /**
     * Drop trace: the frame (AtmFrameHeader first), its VPI and VCI, why.
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> frame,
                                       uint8_t vpi,
                                       uint16_t vci,
                                       DropReason reason);
    /**
     * Enqueue and Dequeue traces: the frame, its VPI and VCI.
     */
    typedef void (*FrameTracedCallback)(Ptr<const Packet> frame, uint8_t vpi, uint16_t vci);
    /**
     * CellLoss trace: a frame queued without some of its cells: \p cells
     * lost to the limit \p reason, then \p discarded discarded by partial
     * packet discard.
     */
    typedef void (*CellLossTracedCallback)(Ptr<const Packet> frame,
                                           uint8_t vpi,
                                           uint16_t vci,
                                           uint32_t cells,
                                           DropReason reason,
                                           uint32_t discarded);
    /**
     * Shaped trace: a VC's head frame must wait for its GCRA until the time given.
     */
    typedef void (*ShapedTracedCallback)(uint8_t vpi, uint16_t vci, Time eligible);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CoVcScheduler();
    ~CoVcScheduler() override;

    CoVcScheduler(const CoVcScheduler&) = delete;
    CoVcScheduler& operator=(const CoVcScheduler&) = delete;

    /**
     * \brief Gives a VC its queue and contract.
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \param category its service category
     * \param flow the granted contract of the direction this port sends
     * \param weight its share within its category (positive; WRR rounds it,
     *        1 at least), or POLICY_WEIGHT for GetPolicyWeight()'s (what the
     *        switch and the NIC give each VC)
     * \return false when that VC is already registered or the weight is not positive
     */
    bool RegisterVc(uint8_t vpi,
                    uint16_t vci,
                    CoServiceCategory category,
                    const CoFlowSpec& flow,
                    double weight = POLICY_WEIGHT);

    /**
     * \brief The weight the VcWeighting attribute gives a VC: 1 (Equal), or
     *        (Contract) the rate its contract guarantees, in cells/s, over
     *        WeightUnit: PCR for CBR, SCR for rt- and nrt-VBR (PCR without
     *        one), PCR for UBR; 1 where that rate is 0 (a UBR VC without a PCR).
     * \param category its service category
     * \param flow its granted contract
     * \return the weight (positive)
     */
    double GetPolicyWeight(CoServiceCategory category, const CoFlowSpec& flow) const;

    /**
     * \brief Removes a VC; its waiting frames are dropped (Released).
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \return false when it was not registered
     */
    bool UnregisterVc(uint8_t vpi, uint16_t vci);

    /**
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \param weight a new weight (positive)
     * \return false when the VC is not registered or the weight is not positive
     */
    bool SetVcWeight(uint8_t vpi, uint16_t vci, double weight);

    /**
     * \brief Sets a category's share of the port when CategoryService is
     *        Weighted (the CbrWeight, ... attributes).
     * \param category a service category
     * \param weight its weight, from MIN_CATEGORY_WEIGHT to MAX_CATEGORY_WEIGHT
     * \return false, changing nothing, when the weight is out of that range
     *         (or not a number)
     */
    bool SetCategoryWeight(CoServiceCategory category, double weight);

    /**
     * \param category a service category
     * \return its weight
     */
    double GetCategoryWeight(CoServiceCategory category) const;

    /**
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \return whether it is registered
     */
    bool IsRegistered(uint8_t vpi, uint16_t vci) const;

    /**
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \return the VC's queue (null when not registered), for its traces and size
     */
    Ptr<Queue<Packet>> GetVcQueue(uint8_t vpi, uint16_t vci) const;

    /**
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \return what happened to its frames (all zero when not registered)
     */
    VcStats GetVcStats(uint8_t vpi, uint16_t vci) const;

    /**
     * \brief Queues a frame on its VC.
     * \param frame the frame, AtmFrameHeader first
     * \param vpi its VPI
     * \param vci its VCI
     * \param cells how many cells it takes on the link
     * \param clp true when its cells have CLP=1 (see ClpThreshold)
     * \return false, with Drop fired, when it was refused
     */
    bool Enqueue(Ptr<Packet> frame, uint8_t vpi, uint16_t vci, uint32_t cells, bool clp = false);

    /**
     * \brief The next frame to send now, if any may go.
     *
     * When frames wait but none conforms yet, returns null and calls the
     * ready callback at the earliest time one does.
     * \return the frame, or null
     */
    Ptr<Packet> Dequeue();

    /**
     * \brief At cell level, the next cell to send now, if any may go.
     *
     * As Dequeue(), a cell at a time: when cells wait but none conforms
     * yet, returns false and calls the ready callback when one does.
     * \param [out] frame the frame, when the cell was its last (it has
     *        left the queue: the link delivers it after this cell); null
     *        for the frame's other cells
     * \return whether a cell goes
     */
    bool DequeueCell(Ptr<Packet>& frame);

    /// \return whether the port runs at cell level (Fidelity Cell)
    bool IsCellLevel() const
    {
        return m_fidelity == Fidelity::Cell;
    }

    /// \return frames queued with some of their cells lost (cell level)
    uint64_t GetDamagedFrames() const
    {
        return m_damaged;
    }

    /// \return cells partial packet discard threw away (cell level)
    uint64_t GetPartialPacketDiscardCells() const
    {
        return m_ppdCells;
    }

    /**
     * \brief Drops every waiting frame (LinkDown), handing each to \p sink.
     * \param sink called with each frame (may be null)
     */
    void Flush(Callback<void, Ptr<Packet>> sink);

    /// \param cb called when a frame that had to wait for its GCRA may go
    void SetReadyCallback(Callback<void> cb);

    /// \return the number of registered VCs
    std::size_t GetVcCount() const;

    /// \return frames waiting on all VCs
    uint32_t GetNFrames() const
    {
        return m_frames;
    }

    /// \return cells waiting on all VCs
    uint64_t GetNCells() const
    {
        return m_cells;
    }

    /// \return bytes of the frames waiting on all VCs (AtmFrameHeader included)
    uint64_t GetNBytes() const
    {
        return m_bytes;
    }

    /**
     * \brief Whether the port's limits (MaxFrames, MaxCells) would take one
     *        more UBR frame of \p cells cells. The limits of each VC are not
     *        asked: a device's flow control stops the port as a whole.
     * \param cells the frame's cells
     * \return true when neither port limit would refuse it
     */
    bool HasPortRoom(uint32_t cells) const
    {
        return (m_maxFrames == 0 || m_frames < m_maxFrames) &&
               (m_maxCells == 0 || m_cells + cells <= m_maxCells);
    }

    /**
     * \param reason a drop reason
     * \return frames dropped for it on this port, over all VCs, released ones too
     */
    uint64_t GetDropCount(DropReason reason) const;

    /**
     * \param reason a drop reason
     * \return the cells lost for it on this port: of the frames dropped
     *         whole, and at cell level those damaged frames lost to a limit
     *         (what PPD discarded after is GetPartialPacketDiscardCells())
     */
    uint64_t GetDropCells(DropReason reason) const;

  protected:
    void DoDispose() override;

  private:
    /// Where a VC stands.
    enum class VcState : uint8_t
    {
        Idle,    //!< no frames
        Active,  //!< its head frame may go: in its category's ring or tag queue
        Waiting, //!< its head frame waits for its GCRA: in m_eligibility
    };

    /// One registered VC.
    struct Vc
    {
        uint32_t key = 0;              //!< VPI << 16 | VCI
        uint32_t generation = 0;       //!< bumped when the slot is freed: stale entries are skipped
        bool registered = false;       //!< the slot is in use
        VcState state = VcState::Idle; //!< where it stands
        uint8_t category = 0;          //!< index of its CoServiceCategory
        uint32_t credit = 0;           //!< WRR: frames left in its turn
        double weight = 1.0;           //!< its share
        uint64_t cells = 0;            //!< cells waiting
        Ptr<DropTailQueue<Packet>> queue; //!< its frames
        std::deque<uint32_t> frameCells;  //!< cells of each waiting frame
        CoDualGcra gcra;                  //!< its contract
        VcStats stats;                    //!< its counts
    };

    /// An entry of a heap: a key, then the VC slot it is for.
    struct HeapEntry
    {
        double key;          //!< finish tag, or eligibility time in ns
        uint64_t sequence;   //!< ties go in arrival order
        uint32_t slot;       //!< the VC
        uint32_t generation; //!< the VC's generation when pushed

        /// \param o other entry \return true when this one goes after \p o (min-heap)
        bool operator>(const HeapEntry& o) const
        {
            return key != o.key ? key > o.key : sequence > o.sequence;
        }
    };

    using MinHeap = std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>>;

    /// The VCs of one category whose head frame may go.
    struct Category
    {
        std::deque<std::pair<uint32_t, uint32_t>> ring; //!< WRR: (slot, generation)
        CoFinishTagQueue tags;                          //!< WFQ: by finish tag
        double virtualTime = 0;                         //!< WFQ: V
        double weight = 1.0;                            //!< Weighted: its share of the port
        double finish = 0;                              //!< Weighted: F of its last frame
    };

    static constexpr std::size_t CATEGORIES = 4; //!< CBR, rt-VBR, nrt-VBR, UBR

    /// \param discipline a Discipline, as an int, for the attribute system
    void SetDisciplineValue(int discipline);
    /// \return the Discipline as an int
    int GetDisciplineValue() const;
    /// \param service a CategoryService, as an int, for the attribute system
    void SetCategoryServiceValue(int service);
    /// \return the CategoryService as an int
    int GetCategoryServiceValue() const;

    /**
     * \brief The setter of a category's weight attribute (its checker has
     *        refused what SetCategoryWeight() would).
     * \tparam C the category's index
     * \param weight the weight
     */
    template <std::size_t C>
    void SetWeightAttribute(double weight)
    {
        m_categories[C].weight = weight;
    }

    /**
     * \tparam C the category's index
     * \return its weight, for the attribute system
     */
    template <std::size_t C>
    double GetWeightAttribute() const
    {
        return m_categories[C].weight;
    }

    /// \param weighting a VcWeighting, as an int, for the attribute system
    void SetVcWeightingValue(int weighting);
    /// \return the VcWeighting as an int
    int GetVcWeightingValue() const;
    /// \param fidelity a Fidelity, as an int, for the attribute system
    void SetFidelityValue(int fidelity);
    /// \return the Fidelity as an int
    int GetFidelityValue() const;
    /// Queues an accepted frame of \p cells cells on \p vc.
    void Admit(Vc& vc, const Ptr<Packet>& frame, uint32_t cells);
    /// Cell level: Enqueue() once the frame-wide tests passed; \return whether queued
    bool EnqueueCells(Vc& vc, Ptr<Packet> frame, uint32_t key, uint32_t cells);
    /**
     * \brief Cell level: how many of a frame's cells the cell limits take.
     * \param vc the frame's VC
     * \param cells its cells
     * \param [out] reason the limit that takes fewer than all
     * \return the cells that fit
     */
    uint32_t CellRoom(const Vc& vc, uint32_t cells, DropReason& reason) const;
    /**
     * \brief Cell level: marks a frame that lost cells and counts them.
     * \param vc its VC
     * \param frame the frame
     * \param cells its cells as it arrived
     * \param fit the cells that fit
     * \param reason the limit
     * \return the cells to queue
     */
    uint32_t Damage(Vc& vc, Ptr<Packet> frame, uint32_t cells, uint32_t fit, DropReason reason);
    /// Sends one cell of the head frame of the VC in \p slot of \p c:
    /// \return whether it was the frame's last, \p frame then the frame
    bool ServeCell(Category& c, uint32_t slot, Ptr<Packet>& frame);
    /// After a VC was served: its turn goes on, or it goes back to wait
    void AfterService(Category& c, Vc& vc, Time now);
    /// \return the category to serve (null: none may send now), \p slot its VC, \p start its S
    Category* PickWeighted(uint32_t& slot, double& start);
    /**
     * \brief What goes next, by the category service: the VCs whose wait is
     *        over are taken in first, and when none may go the ready
     *        callback is armed for the earliest that will.
     * \param [out] slot the VC to serve
     * \param [out] start with Weighted service, the category's start tag S
     *        (V becomes it)
     * \return its category (null: none may go now)
     */
    Category* PickNext(uint32_t& slot, double& start);
    /// Weighted service: the category's finish tag once \p cells were sent from \p start.
    void EndCategoryService(Category& c, double start, uint32_t cells);
    /// Sends the head frame of the VC in \p slot of \p c: \return it, \p cells its cells
    Ptr<Packet> Serve(Category& c, uint32_t slot, uint32_t& cells);
    /// \return the VC of a key (null: not registered)
    Vc* Find(uint32_t key) const;
    /// \param vc a VC whose head frame may go now: puts it in its category
    void Activate(Vc& vc);
    /// \param vc a VC with frames: Activate() or wait for its GCRA
    void Schedule(Vc& vc);
    /// Moves the VCs whose wait is over into their categories.
    void ReleaseEligible();
    /// \return the slot of the VC to serve in a category (or UINT32_MAX)
    uint32_t Pick(Category& c);
    /// Arms the ready callback for the earliest waiting VC.
    void ArmTimer();
    /// Fires the ready callback.
    void Wake();
    /// Counts and traces a drop of a frame of \p cells cells.
    void CountDrop(Vc* vc,
                   Ptr<const Packet> frame,
                   uint32_t key,
                   DropReason reason,
                   uint32_t cells);
    /// Takes a VC's head frame off its queue, with its counts.
    Ptr<Packet> PopHead(Vc& vc, uint32_t& cells);

    Fidelity m_fidelity = Fidelity::Frame;            //!< frame or cell level
    VcWeighting m_vcWeighting = VcWeighting::Equal;   //!< weights of VCs registered without
    uint32_t m_weightUnit = 1000;                     //!< cells/s per unit of Contract weight
    bool m_partialPacketDiscard = false;              //!< cell level: PPD
    uint64_t m_damaged = 0;                           //!< frames queued damaged
    uint64_t m_ppdCells = 0;                          //!< cells PPD discarded
    Discipline m_discipline;                          //!< within a category
    CategoryService m_categoryService;                //!< across the categories
    double m_categoryTime = 0;                        //!< Weighted: V, S of the frame last sent
    Time m_cdvt;                                      //!< CDVT of every VC's GCRAs
    uint32_t m_vcMaxFrames;                           //!< MaxSize of each VC's queue, frames
    uint32_t m_vcMaxCells;                            //!< cells per VC (0: no limit)
    uint32_t m_maxFrames;                             //!< frames per port (0: no limit)
    uint64_t m_maxCells;                              //!< cells per port (0: no limit)
    uint64_t m_epdThreshold;                          //!< EPD of UBR frames from here (0: off)
    uint64_t m_clpThreshold;                          //!< CLP=1 frames refused from here (0: off)
    uint32_t m_frames = 0;                            //!< frames waiting
    uint64_t m_cells = 0;                             //!< cells waiting
    uint64_t m_bytes = 0;                             //!< bytes waiting (for flow control)
    uint64_t m_sequence = 0;                          //!< for heap ties
    std::vector<std::unique_ptr<Vc>> m_slots;         //!< the VCs, by slot
    std::vector<uint32_t> m_freeSlots;                //!< slots to reuse
    absl::flat_hash_map<uint32_t, uint32_t> m_byKey;  //!< VPI/VCI -> slot
    std::array<Category, CATEGORIES> m_categories;    //!< by priority, CBR first
    MinHeap m_eligibility;                            //!< waiting VCs, by eligibility time
    EventId m_timer;                                  //!< the ready callback's event
    Time m_timerAt;                                   //!< when it fires
    Callback<void> m_ready;                           //!< the device's wake-up
    std::array<uint64_t, DROP_REASONS> m_drops{};     //!< drops by reason, port-wide
    std::array<uint64_t, DROP_REASONS> m_dropCells{}; //!< their cells

    TracedCallback<Ptr<const Packet>, uint8_t, uint16_t> m_enqueueTrace; //!< frame accepted
    TracedCallback<Ptr<const Packet>, uint8_t, uint16_t> m_dequeueTrace; //!< frame sent on
    TracedCallback<Ptr<const Packet>, uint8_t, uint16_t, DropReason> m_dropTrace; //!< dropped
    TracedCallback<uint8_t, uint16_t, Time> m_shapedTrace;
    /// cell level: a frame queued without some of its cells
    TracedCallback<Ptr<const Packet>, uint8_t, uint16_t, uint32_t, DropReason, uint32_t>
        m_cellLossTrace; //!< head frame waits for its GCRA
};

} // namespace ns3

#endif /* CO_VC_SCHEDULER_H */
