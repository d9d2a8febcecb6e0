/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_PARTY_RECORD_H
#define CO_PARTY_RECORD_H

#include "ns3/aesa-address.h"
#include "ns3/co-status.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief What became of one party of a point-to-multipoint call: who added
 *        whom, how long the add took, how long the leaf was on the call, how
 *        it left and what it received. One CSV row per party.
 *
 * The first party of a call (the one MakeCall names, endpoint reference 0)
 * is a party like the others: its add latency is the call's setup latency.
 */
struct CoPartyRecord
{
    /// How a party that was added came to its end.
    enum class Ending : uint8_t
    {
        None,      //!< never added (its add failed)
        RootDrop,  //!< the root's client dropped it (DropParty)
        RootClose, //!< the root's client closed the call with it, its last party
        Remote,    //!< the leaf or the network dropped it, or released the call
        EndOfRun,  //!< still a party when the run ended
    };

    uint64_t callId = 0;            //!< the call's network-wide name (CoCallTag)
    AesaAddress root;               //!< the root, the calling party
    AesaAddress leaf;               //!< the party's called party number
    uint16_t endpointReference = 0; //!< Q.2971 endpoint reference at the root's UNI
    Time asked;                     //!< when MakeCall or AddParty was issued
    Time addLatency = Time(-1);     //!< asked to completion (-1: never completed)
    CoStatus outcome;               //!< MakeCallComplete's or AddPartyComplete's status
    Time activeTime = Time(-1);     //!< added to its end (-1: never added)
    Ending ending = Ending::None;   //!< how it ended
    uint8_t endCause = 0;           //!< the cause its end carried (0: none)
    uint64_t sentSdus = 0;          //!< SDUs the root sent on the call while it was active
    uint64_t receivedSdus = 0;      //!< SDUs the leaf received on the call (its window is
                                    //!< shifted from sentSdus' by the signalling's delays)
    bool leafJoined = false;        //!< the leaf asked to join (UNI 4.0): asked and the add
                                    //!< latency are the leaf's JoinCall and its completion
    uint32_t hops = 0;              //!< links between the root and the leaf on the routed
                                    //!< path when it was asked for (0: not known)

    /// \param ending how a party ended \return its name in the CSV (e.g. "root-drop")
    static const char* GetEndingName(Ending ending);

    /// \return the CSV header line matching WriteCsvRow()
    static const char* GetCsvHeader();

    /**
     * \brief Writes the record as one CSV line (times in seconds, in the
     *        stream's format).
     * \param os where to write
     */
    void WriteCsvRow(std::ostream& os) const;
};

} // namespace ns3

#endif /* CO_PARTY_RECORD_H */
