/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_RECORD_H
#define CO_CALL_RECORD_H

#include "ns3/aesa-address.h"
#include "ns3/co-status.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief What became of one call: who called whom, the way it took, how long
 *        it took to set up, how it ended. One CSV row per call.
 */
struct CoCallRecord
{
    uint64_t callId = 0;          //!< the call's network-wide name (CoCallTag)
    AesaAddress caller;           //!< calling party
    AesaAddress callee;           //!< called party
    std::vector<uint32_t> path;   //!< node ids of the switches it crossed, in order
    Time start;                   //!< when MakeCall was issued
    Time setupLatency = Time(-1); //!< MakeCall to MakeCallComplete
    CoStatus outcome;             //!< MakeCallComplete's status
    uint32_t crankbacks = 0;      //!< routes that refused it and were replaced
    Time holdingTime = Time(-1);  //!< connected to released (-1: never connected)
    uint8_t releaseCause = 0;     //!< cause of a connected call's release (0: none)
    bool dropped = false;         //!< a connected call the network cut off (not a normal release)

    /// \return the links the call crossed (the switches plus one)
    uint32_t GetHops() const
    {
        return path.size() + 1;
    }

    /// \return the CSV header line matching WriteCsvRow()
    static const char* GetCsvHeader();

    /**
     * \brief Writes the record as one CSV line (times in seconds).
     * \param os where to write
     */
    void WriteCsvRow(std::ostream& os) const;
};

} // namespace ns3

#endif /* CO_CALL_RECORD_H */
