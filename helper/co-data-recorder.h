/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_DATA_RECORDER_H
#define CO_DATA_RECORDER_H

#include "co-vc-record.h"

#include "ns3/co-net-device.h"
#include "ns3/co-port-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

class CoCallGeneratorApplication;

/**
 * \ingroup condis
 * \brief What the VC scheduler of one port did with user data over a run.
 */
struct CoPortDataStats
{
    uint64_t enqueuedFrames = 0; //!< frames its scheduler accepted
    uint64_t sentFrames = 0;     //!< frames it sent on (dequeued for the link)
    uint64_t sentBytes = 0;      //!< SDU bytes of those frames
    /// Frames its scheduler dropped, by CoVcScheduler::DropReason.
    std::array<uint64_t, CoVcScheduler::DROP_REASONS> drops{};
    uint64_t damagedFrames = 0;     //!< cell level: frames queued without some of their cells
    uint64_t lostCells = 0;         //!< cell level: the cells those lost (limits and PPD)
    uint64_t taggedFrames = 0;      //!< frames that came in by it and its switch's UPC tagged
    Time meanQueueDelay = Time(-1); //!< mean wait from enqueue to dequeue (-1: none sent)
    Time p95QueueDelay = Time(-1);  //!< its 95th percentile
    Time maxQueueDelay = Time(-1);  //!< the longest
    double meanFrames = 0;          //!< frames waiting, averaged over time from 0 to the end
    uint32_t maxFrames = 0;         //!< the most frames waiting at once
};

/**
 * \ingroup condis
 * \brief Measures the data plane through trace sources: per VC direction,
 *        frames sent, delivered, refused and dropped with their reasons,
 *        throughput and frame delay; per port, what its VC scheduler queued,
 *        sent and dropped, and how long frames waited.
 *
 * Frames are followed by their packet uid, which copies keep (the channel
 * copies each frame, the SAP server echoes a copy): from the sending NIC's
 * VcTx to the receiving NIC's VcRx, or to the CoVcScheduler Drop that
 * ended them. Only the calls of the watched call generators are followed,
 * so multipoint data (several receivers per frame) is left to the parties
 * table.
 *
 * Percentiles are exact up to MAX_KEPT_DELAYS frames per VC or port; past
 * that they come from a uniform sample of that many (reservoir sampling
 * with a fixed seed: the same run gives the same figures); means and
 * maxima are always exact. Memory: a VC or port keeps at most
 * MAX_KEPT_DELAYS delays, and every frame in flight an entry.
 */
class CoDataRecorder
{
  public:
    /// Delays kept per VC direction or port for the percentiles.
    static constexpr std::size_t MAX_KEPT_DELAYS = 100000;

    CoDataRecorder() = default;
    CoDataRecorder(const CoDataRecorder&) = delete;
    CoDataRecorder& operator=(const CoDataRecorder&) = delete;

    /**
     * \brief Follows the SDUs a host sends and receives (VcTx, VcTxRefused,
     *        VcRx) and its own scheduler's drops.
     * \param nic the host's NIC
     */
    void WatchHost(Ptr<CoNetDevice> nic);

    /**
     * \brief Follows the calls a generator connects (CallSetup): their data,
     *        both ways, is measured.
     * \param generator a call generator
     * \param nic its host's NIC, watched with WatchHost()
     * \param group the call model it runs, for CoVcRecord::group
     */
    void WatchCaller(Ptr<CoCallGeneratorApplication> generator,
                     Ptr<CoNetDevice> nic,
                     uint32_t group);

    /**
     * \brief Follows a port's VC scheduler (Enqueue, Dequeue, Drop); a port
     *        without one has nothing to report.
     * \param port the port
     * \return its index for GetPortStats()
     */
    std::size_t WatchPort(Ptr<CoPortNetDevice> port);

    /**
     * \brief Follows a switch's usage parameter control (Policing): a frame
     *        it discards is counted as a Policed drop of its VC and of the
     *        port it came in by.
     * \param sw the switch
     * \param ports by the switch's port index, what WatchPort() returned
     *        for it (ports past the end, or given NOT_WATCHED, count for the VC only)
     */
    void WatchSwitch(Ptr<CoSwitch> sw, std::vector<std::size_t> ports);

    /// WatchSwitch()'s mark of a port not watched.
    static constexpr std::size_t NOT_WATCHED = static_cast<std::size_t>(-1);

    /**
     * \return a record per VC direction that sent data, by call id then
     *         direction (forward first); sender and receiver are left for
     *         the caller to fill from the calls table
     */
    std::vector<CoVcRecord> GetVcRecords() const;

    /**
     * \param port an index WatchPort() returned
     * \param end the end of the run, over which the occupancy is averaged
     * \return what the port's scheduler did
     */
    CoPortDataStats GetPortStats(std::size_t port, Time end) const;

  private:
    /// Delays: exact count, sum and maximum, and a bounded sample for percentiles.
    class DelaySamples
    {
      public:
        /// \param d a delay
        void Add(Time d);

        /// \return how many were added
        uint64_t GetCount() const
        {
            return m_count;
        }

        /// \return their mean
        Time GetMean() const;

        /// \return the longest
        Time GetMax() const
        {
            return m_max;
        }

        /// \param q fractions in (0, 1] \return the q-quantiles (nearest rank) of the sample
        std::vector<Time> GetQuantiles(const std::vector<double>& q) const;

      private:
        uint64_t m_count = 0;                //!< delays added
        Time m_sum{0};                       //!< their sum
        Time m_max{0};                       //!< the longest
        std::vector<int64_t> m_kept;         //!< the sample, in ns
        std::mt19937_64 m_chooser{20260101}; //!< reservoir sampling, fixed seed
    };

    /// One direction of one call.
    struct Flow
    {
        CoVcRecord record;         //!< the counts
        DelaySamples delays;       //!< frame delays
        Time lastDelay = Time(-1); //!< the previous frame's delay
        Time variationSum{0};      //!< sum of |d(i) - d(i-1)|
        uint64_t variations = 0;   //!< how many
    };

    /// A frame between VcTx and VcRx.
    struct InFlight
    {
        uint32_t flow;       //!< its flow's index
        Time sent;           //!< when VcTx fired
        bool tagged = false; //!< a switch's UPC gave it CLP=1
    };

    /// One watched port.
    struct Port
    {
        CoPortDataStats stats;                 //!< the counts
        DelaySamples waits;                    //!< enqueue to dequeue
        std::unordered_map<uint64_t, Time> in; //!< uid -> when enqueued
        Ptr<CoVcScheduler> scheduler;          //!< its scheduler
        double area = 0;                       //!< integral of frames waiting, frame-seconds
        Time last{0};                          //!< when area was last brought up to date
    };

    /// A call being measured.
    struct Call
    {
        uint32_t group;  //!< its call model
        uint32_t caller; //!< the calling host's index
    };

    /// \return the flow of a call's direction sent by a host, created when new
    uint32_t GetFlow(uint64_t callId, const Call& call, uint32_t host, CoVcHandle vc);
    /// A connected call of a watched generator.
    void OnCallSetup(uint32_t group,
                     uint32_t host,
                     CoVcHandle vc,
                     Time latency,
                     const CoCallParameters& granted);
    /// VcTx of a host.
    void OnVcTx(uint32_t host, Ptr<const Packet> frame, CoVcHandle vc);
    /// VcTxRefused of a host.
    void OnVcTxRefused(uint32_t host, Ptr<const Packet> sdu, CoVcHandle vc, CoStatus status);
    /// VcRx of a host.
    void OnVcRx(uint32_t host, Ptr<const Packet> sdu, CoVcHandle vc);
    /// A port's scheduler queued a frame without some of its cells.
    void OnCellLoss(std::size_t index,
                    Ptr<const Packet> frame,
                    uint8_t vpi,
                    uint16_t vci,
                    uint32_t cells,
                    CoVcScheduler::DropReason reason,
                    uint32_t discarded);
    /// A receiving NIC threw \p sdu away: its reassembly failed (cell level).
    void OnReassemblyDrop(Ptr<const Packet> sdu, CoVcHandle vc, CoNetDevice::ReassemblyError error);
    /// Drop of a host NIC's scheduler.
    void OnHostDrop(uint32_t host,
                    Ptr<const Packet> frame,
                    uint8_t,
                    uint16_t,
                    CoVcScheduler::DropReason reason);
    /// Counts a drop against the flow of a frame in flight, if it is one.
    void DropInFlight(Ptr<const Packet> frame, CoVcScheduler::DropReason reason);
    /// Stops following a frame in flight: \return its flow's record (null: not followed)
    CoVcRecord* EndInFlight(Ptr<const Packet> frame);
    /// Enqueue of a port's scheduler.
    void OnEnqueue(std::size_t port, Ptr<const Packet> frame, uint8_t, uint16_t);
    /// Dequeue of a port's scheduler.
    void OnDequeue(std::size_t port, Ptr<const Packet> frame, uint8_t, uint16_t);
    /// Policing of a watched switch (\p ports: its ports' indices here).
    void OnPolicing(const std::vector<std::size_t>* ports,
                    Ptr<const Packet> sdu,
                    uint32_t port,
                    uint16_t vci,
                    CoSwitch::PolicingVerdict verdict);
    /// Drop of a port's scheduler.
    void OnPortDrop(std::size_t port,
                    Ptr<const Packet> frame,
                    uint8_t,
                    uint16_t,
                    CoVcScheduler::DropReason reason);

    std::vector<Ptr<CoNetDevice>> m_hosts;            //!< watched NICs
    std::map<Ptr<CoNetDevice>, uint32_t> m_hostIndex; //!< NIC -> index
    std::vector<int> m_refusal;                 //!< per host: the drop reason just fired (-1: none)
    std::unordered_map<uint64_t, Call> m_calls; //!< call id -> call
    std::map<std::pair<uint64_t, uint32_t>, uint32_t> m_flowIndex; //!< (call id, sender) -> flow
    std::vector<Flow> m_flows;                                     //!< the flows
    std::unordered_map<uint64_t, InFlight> m_inFlight;             //!< uid -> frame in flight
    std::vector<Port> m_ports;                                     //!< watched ports
    /// Per watched switch, its ports' indices in m_ports (stable addresses)
    std::vector<std::unique_ptr<std::vector<std::size_t>>> m_switchPorts;
};

} // namespace ns3

#endif /* CO_DATA_RECORDER_H */
