/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_GENERATOR_APPLICATION_H
#define CO_CALL_GENERATOR_APPLICATION_H

#include "aesa-address.h"
#include "co-call-parameters.h"
#include "co-client-application.h"
#include "co-handle.h"
#include "co-status.h"
#include "co-traffic-sender.h"
#include "co-traffic-source.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief A calling party: places calls from its node's CoNetDevice, holds
 *        them for a random time while sending traffic on them, then closes them.
 *
 * Calls arrive as the InterArrivalTime variable says (Poisson arrivals by
 * default), up to MaxCalls of them, to the Destination, or to one of the
 * addresses given with SetDestinations() chosen uniformly per call. Each
 * asks for the same symmetric traffic contract (ServiceCategory,
 * PeakCellRate, ...). A call that connects is held for a HoldingTime drawn
 * when it connects; meanwhile a PacketSize-byte SDU is sent every
 * PacketInterval, the first at once, or, when TrafficSource is set, the
 * call carries that source's frames: each connected call gets a copy of it
 * (its type and attributes) and a CoTrafficSender of its own, stopped when
 * the call closes. Then the call is closed (CloseCall,
 * CloseCallComplete, DeleteVc). A call that fails has its VC deleted at
 * once; a call the network or the callee releases is answered with
 * CloseCall and its VC deleted.
 *
 * On stop no more calls are placed; calls in progress run to their end, so
 * that no request is left pending.
 */
class CoCallGeneratorApplication : public CoClientApplication
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoCallGeneratorApplication();
    ~CoCallGeneratorApplication() override;

    /**
     * \brief Calls go to one of these addresses, chosen uniformly for each
     *        call; when empty (the default), to the Destination attribute.
     * \param destinations the called parties
     */
    void SetDestinations(const std::vector<AesaAddress>& destinations);

    /**
     * \brief Assigns fixed streams to the inter-arrival time, holding time
     *        and destination choice variables.
     * \param stream the first stream index to use
     * \return the number of stream indices assigned (3)
     */
    int64_t AssignStreams(int64_t stream) override;

    /// \return the number of calls attempted (MakeCall, or a VC that could not be created)
    uint64_t GetAttemptedCount() const;

    /// \return the number of calls that connected
    uint64_t GetConnectedCount() const;

    /// \return the number of calls that failed
    uint64_t GetFailedCount() const;

    /**
     * \param cause a Q.2931 cause value; 0 for calls the device refused
     *        at once (CreateVc or MakeCall failing without signalling)
     * \return the number of calls that failed with it
     */
    uint64_t GetFailedCount(uint8_t cause) const;

    /// \return the number of connected calls whose release completed
    uint64_t GetReleasedCount() const;

    /// \return the number of calls now in progress (placed, not yet ended)
    std::size_t GetActiveCallCount() const;

    /// \return the number of SDUs sent
    uint64_t GetTxPackets() const;

    /// \return the number of SDU bytes sent
    uint64_t GetTxBytes() const;

    /// \return the number of SDUs the device refused to send (queue full, too long)
    uint64_t GetTxFailures() const;

    /// \return the number of SDUs received
    uint64_t GetRxPackets() const;

    /// \return the number of SDU bytes received
    uint64_t GetRxBytes() const;

    /// \return the CoTrafficSenders running (one per connected call, with a TrafficSource)
    std::size_t GetTrafficSenderCount() const;

    /**
     * TracedCallback signature for a connected call.
     * \param vc the call's VC
     * \param latency from MakeCall to its successful completion
     * \param granted the parameters the network granted
     */
    typedef void (*SetupTracedCallback)(CoVcHandle vc,
                                        Time latency,
                                        const CoCallParameters& granted);

    /**
     * TracedCallback signature for a released call.
     * \param vc the call's VC (deleted by now)
     * \param holdingTime how long the call was connected: from its setup to
     *        the CloseCall, or to the IncomingCloseCall
     */
    typedef void (*ReleasedTracedCallback)(CoVcHandle vc, Time holdingTime);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// One call in progress.
    struct Call
    {
        Time attempted;              //!< when MakeCall was issued
        Time connected;              //!< when MakeCall completed successfully
        Time holding;                //!< how long it was connected, once closing
        EventId closeEvent;          //!< closes the call when its holding time is up
        EventId sendEvent;           //!< sends its next SDU
        Ptr<CoTrafficSender> sender; //!< offers TrafficSource's frames, while connected
        uint64_t senderBytes = 0;    //!< the sender's bytes counted in m_txBytes
    };

    /// \return a new source of TrafficSource's type with its attributes:
    ///         each call's frames are drawn independently of the others'
    Ptr<CoTrafficSource> CopyTrafficSource() const;

    /**
     * \brief Stops and forgets a call's sender, if it has one.
     * \param call the call
     */
    void StopSender(Call& call);

    /**
     * \brief A call's CoTrafficSender had a frame accepted.
     * \param packet the SDU
     * \param vc its VC
     */
    void OnSourceFrameSent(Ptr<const Packet> packet, CoVcHandle vc);

    /**
     * \brief A call's CoTrafficSender had a frame refused.
     * \param packet the SDU
     * \param vc its VC
     * \param status why
     */
    void OnSourceFrameRefused(Ptr<const Packet> packet, CoVcHandle vc, CoStatus status);

    /// Draws the time to the next call, unless MaxCalls have been placed.
    void ScheduleNextCall();

    /// Places a call and schedules the next.
    void PlaceCall();

    /// \return the called party of the next call
    AesaAddress ChooseDestination();

    /**
     * \brief Counts and traces a failed call.
     * \param vc its VC (invalid when none could be created)
     * \param status why it failed
     */
    void CallFailed(CoVcHandle vc, CoStatus status);

    /**
     * \brief Sends an SDU on a connected call; schedules the next one if it
     *        goes before the holding time is up.
     * \param vc the call's VC
     */
    void SendPacket(CoVcHandle vc);

    /**
     * \brief The holding time is up: closes the call.
     * \param vc the call's VC
     */
    void CloseCall(CoVcHandle vc);

    /**
     * \brief The call's release is complete: traces it, deletes its VC, forgets it.
     * \param it the call
     */
    void CallReleased(std::unordered_map<CoVcHandle, Call>::iterator it);

    /**
     * \brief ProtocolClMakeCallComplete.
     * \param status the outcome
     * \param vc the call's VC
     * \param granted the granted parameters
     */
    void OnMakeCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters& granted);

    /**
     * \brief ProtocolClIncomingCloseCall: the callee or the network released the call.
     * \param status why
     * \param vc the call's VC
     */
    void OnIncomingCloseCall(CoStatus status, CoVcHandle vc);

    /**
     * \brief ProtocolClCloseCallComplete.
     * \param status the outcome
     * \param vc the call's VC
     */
    void OnCloseCallComplete(CoStatus status, CoVcHandle vc);

    /**
     * \brief ProtocolCoReceiveNetBufferLists.
     * \param vc the VC
     * \param packet the SDU
     */
    void OnReceive(CoVcHandle vc, Ptr<Packet> packet);

    /// \param category the ServiceCategory attribute's value
    void SetServiceCategory(CoServiceCategory category);

    /// \return the ServiceCategory attribute as an int, for the attribute system
    int GetServiceCategoryValue() const;
    /// \param category the ServiceCategory attribute as an int (the attribute
    ///        system's, which from ns-3.41 sets an enum attribute by its own type)
    void SetServiceCategoryValue(int category);

    // Configuration (attributes)
    Ptr<RandomVariableStream> m_interArrival; //!< seconds between calls
    Ptr<RandomVariableStream> m_holdingTime;  //!< seconds a call is held
    uint64_t m_maxCalls;                      //!< calls to place; 0 for no limit
    AesaAddress m_destination;                //!< the called party, unless m_destinations
    CoServiceCategory m_category;             //!< service category
    uint32_t m_peakCellRate;                  //!< PCR, cells/s, both directions
    uint32_t m_sustainableCellRate;           //!< SCR, cells/s, both directions
    uint32_t m_maxBurstSize;                  //!< MBS, cells, both directions
    uint16_t m_maxSduSize;                    //!< largest SDU, bytes, both directions
    uint32_t m_minimumPeakCellRate;           //!< lowest PCR accepted, both directions (0: none)
    uint8_t m_qosClass;                       //!< QoS class
    uint32_t m_packetSize;                    //!< bytes per SDU sent
    Time m_packetInterval;                    //!< time between SDUs; 0 sends nothing
    Ptr<CoTrafficSource> m_trafficSource;     //!< what each call carries (null: PacketSize)

    // State
    std::vector<AesaAddress> m_destinations;         //!< called parties to choose from
    Ptr<UniformRandomVariable> m_destinationChooser; //!< picks from m_destinations
    CoCallParameters m_parameters;                   //!< what every call asks for
    EventId m_nextCallEvent;                         //!< places the next call
    std::unordered_map<CoVcHandle, Call> m_calls;    //!< calls in progress, by VC
    uint64_t m_attempted = 0;                        //!< calls attempted
    uint64_t m_connected = 0;                        //!< calls connected
    uint64_t m_failed = 0;                           //!< calls failed
    std::array<uint64_t, 128> m_failedByCause{};     //!< calls failed, by cause value
    uint64_t m_released = 0;                         //!< connected calls released
    uint64_t m_txPackets = 0;                        //!< SDUs sent
    uint64_t m_txBytes = 0;                          //!< SDU bytes sent
    uint64_t m_txFailures = 0;                       //!< SDUs the device refused
    uint64_t m_rxPackets = 0;                        //!< SDUs received
    uint64_t m_rxBytes = 0;                          //!< SDU bytes received
    std::size_t m_senders = 0;                       //!< traffic senders running

    // Trace sources
    TracedCallback<CoVcHandle, const CoCallParameters&> m_callAttemptTrace;     //!< call placed
    TracedCallback<CoVcHandle, Time, const CoCallParameters&> m_callSetupTrace; //!< connected
    TracedCallback<CoVcHandle, CoStatus> m_callFailedTrace;                     //!< call failed
    TracedCallback<CoVcHandle, Time> m_callReleasedTrace;                       //!< call released
    TracedCallback<Ptr<const Packet>, CoVcHandle> m_txTrace;                    //!< SDU sent
    TracedCallback<Ptr<const Packet>, CoVcHandle> m_rxTrace;                    //!< SDU received
};

} // namespace ns3

#endif /* CO_CALL_GENERATOR_APPLICATION_H */
