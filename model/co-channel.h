/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CHANNEL_H
#define CO_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>

namespace ns3
{

class CoPortNetDevice;

/**
 * \ingroup condis
 * \brief A full-duplex ATM link (one fibre pair) between exactly two
 *        CoPortNetDevices.
 *
 * Each direction is independent: a frame sent by one end reaches the other
 * end after its transmission time (which the sending device works out, in
 * cells, from this channel's DataRate) plus the propagation Delay.
 *
 * The link can be failed and restored with SetLinkUp() (or the LinkUp
 * attribute, e.g. through Config::Set) for failure studies.
 * While it is down nothing can be sent, and a frame that was on the wire
 * when the link went down is lost even if the link is back up by the time
 * the frame would have arrived (the receiving device reports it with
 * PhyRxDrop).
 *
 * The signalling channel alone (the SAAL on VCI 5) can be failed and
 * restored with SetSignallingUp() (or the SignallingUp attribute): data
 * frames keep flowing, signalling frames are neither sent nor received,
 * and both ends are told at once, as SSCOP tells Q.2931 with
 * AAL-RELEASE-indication (Q.2931 5.6.10: calls not yet active are
 * cleared, active ones survive an outage shorter than T309).
 */
class CoChannel : public Channel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Creates a channel with no devices attached; its link is down until two are.
    CoChannel();
    ~CoChannel() override;

    // Delete copy constructor and assignment operator to avoid misuse
    CoChannel(const CoChannel&) = delete;
    CoChannel& operator=(const CoChannel&) = delete;

    /**
     * \brief Attaches one end of the link. Attaching a third device is a fatal error.
     *
     * Once both ends are attached (and the link has not been set down) the
     * link is up, and both devices are told so.
     *
     * \param device the device to attach
     */
    void Attach(Ptr<CoPortNetDevice> device);

    /**
     * \brief Puts a frame on the wire towards the other end.
     *
     * The peer's CoPortNetDevice::Receive runs txTime + Delay from now, in
     * the peer node's context.
     *
     * \param p the whole frame (AtmFrameHeader + SDU); the peer gets a copy
     * \param src the sending device, one of the two attached
     * \param txTime how long the frame occupies the link
     * \return false, and nothing is sent, when the link is down
     */
    bool TransmitStart(Ptr<const Packet> p, Ptr<CoPortNetDevice> src, Time txTime);

    /**
     * \param device one end of the link
     * \return the other end, or null when it is not attached (or \p device is not an end)
     */
    Ptr<CoPortNetDevice> GetPeer(Ptr<const CoPortNetDevice> device) const;

    /// \return the line rate of each direction
    DataRate GetDataRate() const;

    /// \return the propagation delay
    Time GetDelay() const;

    /**
     * \brief Fails or restores the link.
     *
     * Taking the link down loses every frame in flight. A change fires the
     * LinkState trace and the link change callbacks of both devices.
     *
     * \param up true to restore the link, false to fail it
     */
    void SetLinkUp(bool up);

    /**
     * \brief Fails or restores the equipment at one end of the link (a
     *        switch, say: CoSwitch::SetOperational).
     *
     * The link works only while neither end is failed, but an end's
     * failure and the link's own (SetLinkUp) are separate causes: an end
     * restored leaves the link down if it is failed itself or its other end
     * is, and the LinkState trace fires only when the link's state changes.
     *
     * \param end one of the two attached devices
     * \param up true to restore that end, false to fail it
     */
    void SetEndUp(Ptr<const CoPortNetDevice> end, bool up);

    /// \return true when both ends are attached, the link has not been
    ///         failed (SetLinkUp) and neither end has (SetEndUp)
    bool IsLinkUp() const;

    /**
     * \brief Fails or restores the signalling channel (the SAAL on VCI 5)
     *        alone, the data path staying as it is.
     *
     * A change of IsSignallingUp() fires the SignallingState trace and
     * tells both devices (CoPortNetDevice::IsSignallingUp()).
     *
     * \param up true to restore the signalling channel, false to fail it
     */
    void SetSignallingUp(bool up);

    /// \return true when the link is up (IsLinkUp()) and its signalling
    ///         channel has not been failed (SetSignallingUp)
    bool IsSignallingUp() const;

    /// \return the number of devices attached (0, 1 or 2)
    std::size_t GetNDevices() const override;

    /**
     * \param i index of an attached device (0 or 1)
     * \return that device
     */
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /**
     * \param i index of an attached device (0 or 1)
     * \return that device, with its own type
     */
    Ptr<CoPortNetDevice> GetCoPortDevice(std::size_t i) const;

    /**
     * TracedCallback signature for link state changes.
     * \param up the new state: true when the link came up
     */
    typedef void (*LinkStateTracedCallback)(bool up);

  private:
    void DoDispose() override;

    /**
     * \brief The end of a frame's flight: hands it to the receiving device,
     *        unless the link failed meanwhile.
     * \param to index of the receiving device
     * \param frame the frame
     * \param epoch the value of m_epoch when the frame was sent
     */
    void Deliver(uint8_t to, Ptr<Packet> frame, uint32_t epoch);

    /**
     * \brief Fires the traces and tells the devices when IsLinkUp() or
     *        IsSignallingUp() changed.
     * \param wasUp what IsLinkUp() returned before the change
     * \param wasSignallingUp what IsSignallingUp() returned before it
     */
    void NotifyIfChanged(bool wasUp, bool wasSignallingUp);

    DataRate m_dataRate;                           //!< line rate of each direction
    Time m_delay;                                  //!< propagation delay
    std::array<Ptr<CoPortNetDevice>, 2> m_devices; //!< the two ends
    std::size_t m_nDevices;                        //!< ends attached so far
    /// Each end's node id, the context of the frames delivered to it, once
    /// known (NO_NODE before): kept here so that sending a frame does not
    /// touch the far device and its node, cold in a large network.
    std::array<uint32_t, 2> m_nodeIds;
    static constexpr uint32_t NO_NODE = 0xffffffff; //!< m_nodeIds: not yet known
    bool m_enabled;                                 //!< false while failed by SetLinkUp
    bool m_signallingEnabled;                       //!< false while failed by SetSignallingUp
    std::array<bool, 2> m_endUp;                    //!< by end: false while failed by SetEndUp
    uint32_t m_epoch;                      //!< counts failures, to spot frames sent before one
    TracedCallback<bool> m_linkStateTrace; //!< fired on every link state change
    TracedCallback<bool> m_signallingStateTrace; //!< fired when IsSignallingUp() changes
};

} // namespace ns3

#endif /* CO_CHANNEL_H */
