/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_RECORDER_H
#define CO_CALL_RECORDER_H

#include "co-call-record.h"

#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
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
 * \brief Follows every call of a run through the hosts and switches it
 *        watches and keeps one CoCallRecord per call.
 *
 * A record is complete when its call failed or was released; it is then
 * fired on the CallRecord trace source and kept. A call the NIC refused at
 * once (MakeCallRefused: its access link or switch down) is a record too,
 * failed with its cause and a setup latency of 0, and counts as blocked. Calls are told apart by
 * the identifier the calling NIC gives them and the switches pass on (CoCallTag).
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

    /// A callback connected to a trace source of a watched NIC or switch.
    struct Connection
    {
        Ptr<Object> source;    //!< the NIC or switch
        std::string name;      //!< its trace source
        CallbackBase callback; //!< ours
    };

    void Routed(uint32_t switchNode, uint64_t callId, uint32_t in, uint32_t out);
    void Crankback(uint64_t callId, uint32_t port, uint8_t cause);
    void Complete(uint64_t callId);

    std::unordered_map<uint64_t, CoCallRecord> m_open;          //!< calls not yet ended
    std::map<std::pair<NetDevice*, uint32_t>, uint64_t> m_byVc; //!< (NIC, VC) -> call id
    std::unordered_map<uint64_t, Time> m_connectedAt;           //!< connected calls
    std::vector<CoCallRecord> m_records;                        //!< completed
    TracedCallback<const CoCallRecord&> m_recordTrace;          //!< fired per completed call
    std::vector<Connection> m_connections;                      //!< until Disconnect()
};

} // namespace ns3

#endif /* CO_CALL_RECORDER_H */
