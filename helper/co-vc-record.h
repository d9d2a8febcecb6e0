/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_VC_RECORD_H
#define CO_VC_RECORD_H

#include "ns3/aesa-address.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief What one direction of one point-to-point call carried: frames
 *        offered, refused, delivered and lost with their causes, the
 *        throughput and the frame delay. One CSV row per VC direction.
 *
 * A frame's delay runs from the sending NIC's acceptance (CoNetDevice's
 * VcTx) to the receiving NIC's delivery (VcRx): queueing, shaping,
 * serialisation and propagation on every hop.
 */
struct CoVcRecord
{
    uint64_t callId = 0;         //!< the call's network-wide name (as in the calls table)
    uint32_t group = 0;          //!< its call model: 0 for calls, i + 1 for callGroups[i]
    std::string category;        //!< service category: CBR|rt-VBR|nrt-VBR|UBR
    bool forward = true;         //!< sent by the caller (the callee's answer is backward)
    AesaAddress sender;          //!< the sending host
    AesaAddress receiver;        //!< the receiving host
    uint64_t sentFrames = 0;     //!< SDUs the sending NIC accepted
    uint64_t sentBytes = 0;      //!< their bytes
    uint64_t refusedFrames = 0;  //!< SDUs the sending NIC refused (queue full, link down, too long)
    uint64_t receivedFrames = 0; //!< SDUs delivered to the receiving client
    uint64_t receivedBytes = 0;  //!< their bytes
    /// Frames dropped by a VC scheduler on the way (the sending NIC's too,
    /// refusals included), by CoVcScheduler::DropReason.
    std::array<uint64_t, CoVcScheduler::DROP_REASONS> drops{};
    /// Frames that arrived without some of their cells (cell-level ports)
    /// and that the receiving NIC's reassembly threw away, by
    /// CoNetDevice::ReassemblyError: CellLoss, then Merged.
    std::array<uint64_t, 2> reassemblyDrops{};
    /// Frames a switch's usage parameter control tagged (CLP=1) on the way,
    /// whether or not they arrived; after the drop columns.
    uint64_t taggedFrames = 0;
    Time firstSent;               //!< when the first SDU was accepted
    Time lastSent;                //!< when the last one was
    Time lastReceived = Time(-1); //!< when the last one arrived (-1: none did)
    double throughput = 0;        //!< received bits per second over the flow's span (see GetSpan())
    Time meanDelay = Time(-1);    //!< mean frame delay (-1: no frame arrived)
    Time p50Delay = Time(-1);     //!< median
    Time p95Delay = Time(-1);     //!< 95th percentile
    Time p99Delay = Time(-1);     //!< 99th percentile
    Time maxDelay = Time(-1);     //!< the longest
    Time meanDelayVariation = Time(-1); //!< mean |d(i) - d(i-1)| between frames in a row (-1: < 2)

    /// \return accepted frames that never arrived, whatever the cause
    uint64_t GetLostFrames() const
    {
        return sentFrames - receivedFrames;
    }

    /**
     * \return the time the flow sent over: from its first SDU to its last,
     *         plus one mean gap between SDUs, so that a constant rate flow
     *         of n frames spans n gaps and measures its rate exactly (0 for
     *         fewer than two SDUs)
     */
    Time GetSpan() const;

    /**
     * \param reason a drop reason
     * \return its column in the tables, e.g. "drops_port_cell_limit"
     */
    static std::string GetDropColumn(CoVcScheduler::DropReason reason);

    /// \return the drop columns of every reason, in the reasons' order
    static std::vector<std::string> GetDropColumns();

    /// The columns of reassemblyDrops, after the drop columns.
    static constexpr std::array<const char*, 2> REASSEMBLY_COLUMNS = {"drops_reassembly_cell_loss",
                                                                      "drops_reassembly_merged"};

    /// \return the CSV header line matching WriteCsvRow()
    static std::string GetCsvHeader();

    /**
     * \brief Writes the record as one CSV line (times in seconds, empty
     *        when unknown).
     * \param os where to write
     */
    void WriteCsvRow(std::ostream& os) const;
};

} // namespace ns3

#endif /* CO_VC_RECORD_H */
