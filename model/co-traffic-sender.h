/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TRAFFIC_SENDER_H
#define CO_TRAFFIC_SENDER_H

#include "co-handle.h"
#include "co-status.h"
#include "co-traffic-source.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{

class CoNetDevice;

/**
 * \ingroup condis
 * \brief Offers a CoTrafficSource's frames to one active VC of a CoNDIS client.
 *
 * Each frame is sent with CoNetDevice::Send when its gap has passed. A frame
 * the device refuses (its queue full, larger than the granted SDU size) is
 * counted and traced, not retried. The sender stops when told to, at the
 * stop time given to Start(), or when the source ends; the client stops it
 * before it closes the call, so that no frame is offered to a VC that is
 * going away.
 */
class CoTrafficSender : public Object
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoTrafficSender();
    ~CoTrafficSender() override;

    /**
     * \brief Starts offering the source's frames on \p vc.
     * \param device the NIC
     * \param vc an active VC of a client of \p device
     * \param source the traffic model (this sender's own)
     * \param stopAt frames due at or after this time are not sent (zero: no limit)
     */
    void Start(Ptr<CoNetDevice> device,
               CoVcHandle vc,
               Ptr<CoTrafficSource> source,
               Time stopAt = Time(0));

    /// \brief Stops offering frames; nothing is sent after it, even when
    ///        called from inside the device's Send() (a trace sink of the NIC).
    ///        A sender also stops by itself, sending nothing, when a frame
    ///        falls due and its call is no longer connected (closing or gone).
    void Stop();

    /// \return whether frames are still being offered
    bool IsRunning() const;

    /// \return the frames the device accepted
    uint64_t GetSentFrames() const;

    /// \return the SDU bytes the device accepted
    uint64_t GetSentBytes() const;

    /// \return the frames the device refused
    uint64_t GetRefusedFrames() const;

    /**
     * TracedCallback signature for a refused frame.
     * \param packet the SDU
     * \param vc the VC
     * \param status why the device refused it
     */
    typedef void (*RefusedTracedCallback)(Ptr<const Packet> packet, CoVcHandle vc, CoStatus status);

    /**
     * TracedCallback signature for the end of a source.
     * \param vc the VC
     */
    typedef void (*EndedTracedCallback)(CoVcHandle vc);

  protected:
    void DoDispose() override;

  private:
    /// Draws the next frame and schedules it, or ends the source.
    void ScheduleNext();

    /// Sends the frame drawn last.
    void SendFrame();

    Ptr<CoNetDevice> m_device;     //!< the NIC
    CoVcHandle m_vc;               //!< the VC
    Ptr<CoTrafficSource> m_source; //!< the traffic model
    Time m_stopAt;                 //!< no frame at or after it (zero: no limit)
    uint32_t m_nextSize{0};        //!< the size of the frame scheduled
    EventId m_sendEvent;           //!< sends the next frame
    bool m_running{false};         //!< started, not yet stopped or ended
    uint64_t m_sentFrames{0};      //!< frames accepted
    uint64_t m_sentBytes{0};       //!< bytes accepted
    uint64_t m_refusedFrames{0};   //!< frames refused

    TracedCallback<Ptr<const Packet>, CoVcHandle> m_sentTrace;              //!< frame accepted
    TracedCallback<Ptr<const Packet>, CoVcHandle, CoStatus> m_refusedTrace; //!< frame refused
    TracedCallback<CoVcHandle> m_endedTrace;                                //!< source ended
};

} // namespace ns3

#endif /* CO_TRAFFIC_SENDER_H */
