/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_RECORDER_H
#define CO_CALL_RECORDER_H

#include "co-call-record.h"
#include "co-party-record.h"

#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Setup latency, blocking and the rest, summed over a run's calls.
 */
struct CoCallSummary
{
    uint64_t calls = 0;             //!< calls attempted
    uint64_t connected = 0;         //!< calls that succeeded
    double blockingProbability = 0; //!< failed / attempted
    Time meanSetupLatency;          //!< over connected calls
    Time p50SetupLatency;           //!< median
    Time p95SetupLatency;           //!< 95th percentile
    Time p99SetupLatency;           //!< 99th percentile
    Time maxSetupLatency;           //!< worst
    double meanHops = 0;            //!< over connected calls
    uint64_t crankbacks = 0;        //!< over all calls
    uint64_t dropped = 0;           //!< connected calls the network cut off
    double droppingProbability = 0; //!< dropped / connected
};

/**
 * \ingroup condis
 * \brief Add latency and the rest, summed over a run's parties.
 */
struct CoPartySummary
{
    uint64_t parties = 0;      //!< parties asked for (MakeCall of a multipoint call, AddParty)
    uint64_t added = 0;        //!< parties whose add succeeded
    uint64_t failed = 0;       //!< parties whose add failed
    Time meanAddLatency;       //!< over parties the root added (MakeCall, AddParty)
    Time p50AddLatency;        //!< median
    Time p95AddLatency;        //!< 95th percentile
    uint64_t joins = 0;        //!< of the parties added, those a leaf asked for (JoinCall)
    Time meanJoinLatency;      //!< over them: JoinCall to its completion at the leaf
    Time p50JoinLatency;       //!< median
    Time p95JoinLatency;       //!< 95th percentile
    uint64_t sentSdus = 0;     //!< SDUs the roots sent, summed over parties while active
    uint64_t receivedSdus = 0; //!< SDUs the leaves received, summed over parties
};

/**
 * \ingroup condis
 * \brief Follows every call of a run through the hosts and switches it
 *        watches and keeps one CoCallRecord per point-to-point call, and one
 *        CoPartyRecord per party of a point-to-multipoint call.
 *
 * A record is complete when its call failed or was released; it is then
 * fired on the CallRecord trace source and kept. A call the NIC refused at
 * once (MakeCallRefused: its access link or switch down) is a record too,
 * failed with its cause and a setup latency of 0, and counts as blocked. Calls are told apart by
 * the identifier the calling NIC gives them and the switches pass on (CoCallTag).
 *
 * Multipoint calls are followed party by party, from the root NIC's party
 * trace sources (MakeCall of a multipoint call for its first party,
 * AddParty for the others, their completions, DropParty, IncomingDropParty,
 * CloseCall); they are not rows of the calls table. A party's leaf is found
 * when the call with its identifier arrives at a NIC of its address
 * (IncomingCall); its SDUs are counted on that VC (VcRx) until the leaf's
 * call ends, and the root's on the call's VC (VcTx) while the party is
 * active. VcTx and VcRx are connected only on NICs that root or receive a
 * multipoint call, so point-to-point data costs the recorder nothing.
 */
class CoCallRecorder : public Object
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoCallRecorder();
    ~CoCallRecorder() override;

    /// \param nic a host NIC whose outgoing calls to record
    void Watch(Ptr<CoNetDevice> nic);

    /// \param sw a switch whose routing of calls to record
    void Watch(Ptr<CoSwitch> sw);

    /// Watches every CoNetDevice and every CoSwitch on every node.
    void WatchAll();

    /**
     * \brief Completes the records of calls still up or setting up, as of
     *        now (call after Simulator::Run()).
     */
    void Finish();

    /// \return the completed records, in the order they completed
    const std::vector<CoCallRecord>& GetRecords() const;

    /// \return the summary over the completed records
    CoCallSummary Summarize() const;

    /// \return the party records, in the order the parties were asked for
    ///         (complete after Finish())
    const std::vector<CoPartyRecord>& GetPartyRecords() const;

    /// \return the summary over the party records
    CoPartySummary SummarizeParties() const;

    /**
     * \brief Sets how a party's hops are counted (CoPartyRecord::hops): asked
     *        with the root's and the leaf's addresses when the party is asked
     *        for, so that a route a failure changes later does not change
     *        what the party crossed. Without it, hops stays 0 (not known).
     * \param hops returns the links between two hosts on the routed path now
     */
    void SetPartyHops(Callback<uint32_t, const AesaAddress&, const AesaAddress&> hops);

    /**
     * \brief Writes the completed records as CSV.
     * \param os where to write
     */
    void WriteCsv(std::ostream& os) const;

    /**
     * \brief Writes the completed records to a CSV file; fatal error naming
     *        the file if it cannot be written.
     * \param path the file's path
     */
    void WriteCsv(const std::string& path) const;

    /// TracedCallback signature for completed records.
    typedef void (*RecordTracedCallback)(const CoCallRecord& record);

    /// TracedCallback signature for completed party records.
    typedef void (*PartyRecordTracedCallback)(const CoPartyRecord& record);

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Connects a callback to a trace source of what is watched and
     *        keeps both, so that Disconnect() can take it off again.
     * \param source the watched NIC or switch
     * \param name the trace source
     * \param callback the recorder's callback
     */
    void Connect(Ptr<Object> source, const std::string& name, const CallbackBase& callback);

    /// Takes every callback off what is watched, which is then let go.
    void Disconnect();

    // The NIC is bound as a plain pointer: a Ptr bound into a callback on the
    // NIC's own trace source would keep the NIC alive forever (a cycle).
    void MakeCall(CoNetDevice* nic, CoVcHandle vc, const CoCallParameters& p);
    void MakeCallRefused(CoNetDevice* nic,
                         CoVcHandle vc,
                         CoStatus status,
                         const CoCallParameters& p);
    void MakeCallComplete(CoNetDevice* nic,
                          CoVcHandle vc,
                          CoStatus status,
                          const CoCallParameters& p);
    void CallEnded(CoNetDevice* nic, CoVcHandle vc, CoStatus status);
    /// A VC's call was closed by its client (CloseCallComplete).
    void CallClosed(CoNetDevice* nic, CoVcHandle vc, CoStatus status);
    /// A VC's call was released by the network (IncomingCloseCall).
    void CallReleased(CoNetDevice* nic, CoVcHandle vc, CoStatus status);

    // Multipoint calls (co-call-recorder-parties.cc)
    void CloseCall(CoNetDevice* nic, CoVcHandle vc);
    void IncomingCall(CoNetDevice* nic, CoVcHandle vc, const CoCallParameters& p);
    void AddParty(CoNetDevice* nic, CoPartyHandle party, const CoCallParameters& p);
    void AddPartyComplete(CoNetDevice* nic,
                          CoPartyHandle party,
                          CoStatus status,
                          const CoCallParameters& p);
    void DropParty(CoNetDevice* nic, CoPartyHandle party);
    void DropPartyComplete(CoNetDevice* nic, CoPartyHandle party, CoStatus status);
    void IncomingDropParty(CoNetDevice* nic, CoPartyHandle party, CoStatus status);
    /// A leaf asked to join a root's call (JoinCall): opens its party's record.
    void JoinCall(CoNetDevice* nic, CoVcHandle vc, const AesaAddress& root, uint32_t identifier);
    /// A leaf's JoinCall completed.
    void JoinCallComplete(CoNetDevice* nic,
                          CoVcHandle vc,
                          CoStatus status,
                          const CoCallParameters& p);
    void VcTx(CoNetDevice* nic, Ptr<const Packet> sdu, CoVcHandle vc);
    void VcRx(CoNetDevice* nic, Ptr<const Packet> sdu, CoVcHandle vc);

    /// A party was asked for: opens its record.
    void OpenParty(CoNetDevice* nic,
                   CoVcHandle vc,
                   CoPartyHandle party,
                   const CoCallParameters& p,
                   uint16_t endpointReference);
    /// The add of an open party completed with \p status.
    void PartyAdded(std::size_t index, CoStatus status);
    /// An open party ended: completes its record.
    void EndParty(std::size_t index, CoPartyRecord::Ending ending, uint8_t cause);
    /// The root's call on \p vc ended: its open parties end with it.
    void EndParties(CoNetDevice* nic, CoVcHandle vc, CoPartyRecord::Ending ending, CoStatus status);
    /// Connects VcTx and VcRx of \p nic, once.
    void CountSdus(CoNetDevice* nic);

    /// A callback connected to a trace source of a watched NIC or switch.
    struct Connection
    {
        Ptr<Object> source;    //!< the NIC or switch
        std::string name;      //!< its trace source
        CallbackBase callback; //!< ours
    };

    /// \param sorted some times, in order, at least one \param q a fraction
    /// \return the q-quantile (nearest rank)
    static Time Quantile(const std::vector<Time>& sorted, double q);

    /// \param [in,out] times some times, at least one, sorted on return
    /// \return their mean
    static Time SortAndMean(std::vector<Time>& times);

    void Routed(uint32_t switchNode, uint64_t callId, uint32_t in, uint32_t out);
    void Crankback(uint64_t callId, uint32_t port, uint8_t cause);
    void Complete(uint64_t callId);

    std::unordered_map<uint64_t, CoCallRecord> m_open;          //!< calls not yet ended
    std::map<std::pair<NetDevice*, uint32_t>, uint64_t> m_byVc; //!< (NIC, VC) -> call id
    std::unordered_map<uint64_t, Time> m_connectedAt;           //!< connected calls
    std::vector<CoCallRecord> m_records;                        //!< completed
    TracedCallback<const CoCallRecord&> m_recordTrace;          //!< fired per completed call
    std::vector<Connection> m_connections;                      //!< until Disconnect()

    /// Where an open party stands, beside its record.
    struct PartyProgress
    {
        CoNetDevice* root = nullptr; //!< the root's NIC
        CoVcHandle vc;               //!< the call's VC at the root
        CoPartyHandle party;         //!< its handle at the root
        Time since = Time(-1);       //!< when it was added (-1: not yet)
        CoPartyRecord::Ending ending = CoPartyRecord::Ending::Remote; //!< unless the root ends it
        bool atLeaf = false; //!< its call has reached the leaf (m_leafVcs)
    };

    /// (NIC, handle value): a root's VC or party, or a leaf's VC
    using NicHandle = std::pair<NetDevice*, uint32_t>;

    std::vector<CoPartyRecord> m_parties; //!< every party, as asked for
    Callback<uint32_t, const AesaAddress&, const AesaAddress&> m_partyHops; //!< see SetPartyHops
    std::map<std::size_t, PartyProgress> m_openParties; //!< parties not yet ended, by record
    std::map<NicHandle, std::size_t> m_partyByHandle;   //!< open parties by root party handle
    std::map<NicHandle, std::vector<std::size_t>> m_partiesOfVc; //!< open parties by root VC
    std::unordered_map<uint64_t, std::vector<std::size_t>> m_partiesOfCall; //!< open, by call id
    std::map<NicHandle, std::size_t> m_leafVcs; //!< a leaf's VC on a party's call -> the party
    std::map<NicHandle, std::size_t> m_joining; //!< a leaf's VC whose JoinCall pends -> the party
    std::set<NetDevice*> m_countingSdus;        //!< NICs whose VcTx and VcRx are connected
    TracedCallback<const CoPartyRecord&> m_partyRecordTrace; //!< fired per completed party
};

} // namespace ns3

#endif /* CO_CALL_RECORDER_H */
