/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_PORT_NET_DEVICE_H
#define CO_PORT_NET_DEVICE_H

#include "atm-frame-header.h"

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
// queue.h, not queue-fwd.h: ns-3 before 3.36 has no queue-fwd.h
#include "ns3/queue.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{

class CoChannel;
class CoVcScheduler;
class ErrorModel;
class NetDeviceQueue;

/**
 * \ingroup condis
 * \brief One ATM interface: a host's UNI port or a port of a switch.
 *
 * It queues AAL5 frames, puts them on its CoChannel one at a time with
 * cell-accurate timing, and hands received frames to HandleFrame(), which
 * by default calls the FrameReceiveCallback. Every frame on the wire is an
 * AtmFrameHeader (the SunATM pseudo-header) followed by the AAL5 SDU.
 *
 * A frame of n SDU bytes becomes an AAL5 CPCS-PDU of n + 8 bytes (the
 * trailer) padded to whole 48-byte cell payloads, so it occupies the link
 * for ceil((n + 8) / 48) cells of 53 bytes.
 *
 * This class is not an IP interface: Send() and SendFrom() refuse every
 * packet. The host NIC derives from it to add one.
 *
 * Frames wait in one of two transmit queues. Signalling (VCI 5, the SAAL)
 * has a queue of its own, served strictly ahead of data's: a frame in
 * transmission finishes, then every signalling frame waiting goes before
 * the next data frame. It is unbounded by default (an effectively unlimited
 * DropTailQueue), so that a burst of signalling, such as the RELEASE of
 * every call through a failed link, is never dropped while the link is up:
 * in a real network SSCOP's assured mode would retransmit and flow-control
 * it. Data frames share the other queue (TxQueue, from the helper), whose
 * limit and drops are those of its type.
 *
 * When the link goes down, the frames waiting in both queues are discarded
 * (PhyTxDrop), so that nothing stale is sent once it comes back.
 *
 * Flow control (ns-3's NetDeviceQueueInterface): aggregate one to the device
 * and it drives the interface's transmit queue 0 as ns-3's own devices do.
 * It reports the bytes of every data frame queued and of every one that
 * leaves the data queue (NotifyQueuedBytes, NotifyTransmittedBytes: byte
 * queue limits work), stops the transmit queue when the data queue has no
 * room for another frame of MTU bytes and wakes it when room returns. The
 * data queue is TxQueue, or the VC scheduler when there is one (its port
 * limits, MaxFrames and MaxCells). Signalling's queue is not part of it.
 * Without an interface (the default) none of this runs: the data path
 * tests one byte.
 */
class CoPortNetDevice : public NetDevice
{
  public:
    /// Which side of the UNI (or of a switch-to-switch link) this interface is.
    enum class InterfaceSide : uint8_t
    {
        User,    //!< user side (host, DTE): frames it sends carry the 0x80 direction bit
        Network, //!< network side (switch, DCE): frames it sends do not
    };

    /**
     * \brief Where received frames go.
     *
     * Arguments: the port that received the frame, the SDU (AtmFrameHeader
     * removed) and that header.
     */
    using FrameReceiveCallback =
        Callback<void, Ptr<CoPortNetDevice>, Ptr<Packet>, const AtmFrameHeader&>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// The default MTU: that of classical IP over ATM (RFC 2225).
    static constexpr uint16_t DEFAULT_MTU = 9180;

    /// Creates a device with no channel, no queue and no node.
    CoPortNetDevice();
    ~CoPortNetDevice() override;

    // Delete copy constructor and assignment operator to avoid misuse
    CoPortNetDevice(const CoPortNetDevice&) = delete;
    CoPortNetDevice& operator=(const CoPortNetDevice&) = delete;

    /**
     * \brief Connects the device to one end of a link.
     * \param channel the link
     * \return true
     */
    bool Attach(Ptr<CoChannel> channel);

    /**
     * \param queue the transmit queue of data frames; every device needs one
     *        before it sends data
     */
    void SetQueue(Ptr<Queue<Packet>> queue);

    /// \return the transmit queue of data frames
    Ptr<Queue<Packet>> GetQueue() const;

    /**
     * \brief Replaces the transmit queue of signalling frames (VCI 5).
     *
     * Each device starts with one of its own, a DropTailQueue<Packet>
     * without a limit; a bounded one drops signalling when it is full
     * (MacTxDrop), which a real SAAL would not.
     * \param queue the queue; frames waiting in the old one are not moved
     */
    void SetSignallingQueue(Ptr<Queue<Packet>> queue);

    /// \return the transmit queue of signalling frames (VCI 5)
    Ptr<Queue<Packet>> GetSignallingQueue() const;

    /**
     * \brief Gives data frames a queue per VC and a scheduler (or takes it away).
     *
     * With a scheduler, data frames go to it instead of TxQueue: it must
     * know their VC (CoVcScheduler::RegisterVc; the switch and the host NIC
     * register theirs when the VC comes up), and it decides which frame
     * goes next and when. Signalling keeps its own queue, served first.
     * Frames waiting in the old scheduler or queue are not moved.
     * \param scheduler the scheduler (null: TxQueue, as by default)
     */
    void SetVcScheduler(Ptr<CoVcScheduler> scheduler);

    /**
     * \brief The VC's call is gone: none of its frames waiting here goes out.
     *
     * With a VC scheduler, the VC is unregistered and its frames dropped
     * there (CoVcScheduler's Drop, reason Released). In TxQueue, its frames
     * are discarded as they reach the queue's head, taking no link time: the
     * queue counts them as dropped after dequeue, and PhyTxDrop fires. A
     * frame already on the wire finishes. The host NIC calls it when it
     * deactivates a VC, a switch when it removes a cross-connect.
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     */
    void ReleaseVc(uint8_t vpi, uint16_t vci);

    /// \return the VC scheduler (null when data frames use TxQueue)
    Ptr<CoVcScheduler> GetVcScheduler() const;

    /**
     * \return the transmit queue of the aggregated NetDeviceQueueInterface
     *         that this device drives (null when none is aggregated)
     */
    Ptr<NetDeviceQueue> GetFlowControlTxQueue() const;

    /**
     * \return whether the data queue (TxQueue, or the VC scheduler's port
     *         limits) has room for one more frame of MTU bytes: the test
     *         that stops and wakes the flow-control transmit queue
     */
    bool HasDataQueueRoom() const;

    /// \return whether data frames go to a VC scheduler (a test of a byte
    ///         the data path reads anyway, for callers on a hot path)
    bool HasVcScheduler() const
    {
        return m_scheduled;
    }

    /**
     * \param em the error model that received frames go through (null: none)
     */
    void SetReceiveErrorModel(Ptr<ErrorModel> em);

    /// \return which side of the interface this device is
    InterfaceSide GetInterfaceSide() const;

    /// \param side which side of the interface this device is
    void SetInterfaceSide(InterfaceSide side);

    /**
     * \brief Queues one AAL5 SDU for transmission on a VC.
     *
     * Adds the AtmFrameHeader, with the direction bit from the interface side.
     * A frame on VCI 5 (signalling: VCIs below 32 never carry calls) goes to
     * the signalling queue, any other to the data queue.
     *
     * \param sdu the AAL5 CPCS-SDU (at most 65535 bytes)
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \param type what the SDU carries
     * \param clp the cell loss priority of its cells (a switch passes on what
     *        came in, or CLP=1 when its usage parameter control tagged it);
     *        a VC scheduler may discard CLP=1 frames first (ClpThreshold)
     * \return false, with MacTxDrop fired and \p sdu left as it was, when the
     *         link is down, its queue is full or the SDU is too long
     */
    bool SendFrame(Ptr<Packet> sdu,
                   uint8_t vpi,
                   uint16_t vci,
                   AtmTrafficType type,
                   bool clp = false);

    /**
     * \brief Called by the channel when a frame has completely arrived.
     * \param frame the whole frame, AtmFrameHeader first
     */
    void Receive(Ptr<Packet> frame);

    /**
     * \param sduBytes AAL5 SDU size, bytes
     * \return the number of 53-byte cells it takes: ceil((sduBytes + 8) / 48)
     */
    static uint32_t GetCellCount(uint32_t sduBytes);

    /**
     * \param sduBytes AAL5 SDU size, bytes
     * \return how long such a frame occupies the link, at the channel's DataRate
     */
    Time GetTransmissionTime(uint32_t sduBytes) const;

    /// \param cb where received frames go (see HandleFrame)
    void SetFrameReceiveCallback(FrameReceiveCallback cb);

    /// \return the link this device is attached to (null before Attach)
    Ptr<CoChannel> GetCoChannel() const;

    // From NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;

    /**
     * \return true when signalling can pass: the link is up and its
     *         signalling channel has not failed on its own
     *         (CoChannel::SetSignallingUp). While false, signalling frames
     *         (VCI 5) are neither sent (MacTxDrop) nor received (PhyRxDrop);
     *         data frames are, as long as the link is up.
     */
    bool IsSignallingUp() const
    {
        return m_signallingUp;
    }

    /**
     * \brief Adds a callback run when IsSignallingUp() changes: the
     *        signalling AAL's AAL-ESTABLISH and AAL-RELEASE indications,
     *        as the Q.2931 entity above sees them. A link that fails or
     *        comes back changes it too, after the link change callbacks.
     * \param callback the callback
     */
    void AddSignallingChangeCallback(Callback<void> callback);
    /// \return false: an ATM link has no broadcast
    bool IsBroadcast() const override;
    /// \return an empty address
    Address GetBroadcast() const override;
    /// \return false
    bool IsMulticast() const override;
    /**
     * \param multicastGroup ignored
     * \return an empty address
     */
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    /**
     * \param addr ignored
     * \return an empty address
     */
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    /// \return true
    bool IsPointToPoint() const override;
    /**
     * \brief Refuses the packet: this device carries AAL5 frames (SendFrame), not IP.
     * \param packet ignored
     * \param dest ignored
     * \param protocolNumber ignored
     * \return false
     */
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    /**
     * \brief Refuses the packet, like Send().
     * \param packet ignored
     * \param source ignored
     * \param dest ignored
     * \param protocolNumber ignored
     * \return false
     */
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    /// \return false: VCs are set up by signalling, not ARP
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    /// \return false
    bool SupportsSendFrom() const override;

  protected:
    /**
     * \brief Where received frames go once they passed the error model and
     *        the traces. The default calls the FrameReceiveCallback.
     * \param sdu the AAL5 SDU (AtmFrameHeader removed)
     * \param header the frame's header
     */
    virtual void HandleFrame(Ptr<Packet> sdu, const AtmFrameHeader& header);

    void DoDispose() override;

    /// Gives the device its own unbounded signalling queue, unless an
    /// attribute gave it one.
    void NotifyConstructionCompleted() override;

    /// Takes up a NetDeviceQueueInterface aggregated to the device (flow control).
    void NotifyNewAggregate() override;

    /// \return the callback set by SetReceiveCallback (for a subclass that is an IP device)
    const NetDevice::ReceiveCallback& GetReceiveCallback() const;

    /// \return the callback set by SetPromiscReceiveCallback
    const NetDevice::PromiscReceiveCallback& GetPromiscReceiveCallback() const;

  private:
    // The channel reports link changes and frames lost in flight.
    friend class CoChannel;

    /**
     * \brief Called by the channel when its link went up or down.
     * \param up the new state
     */
    void NotifyLinkChange(bool up);

    /**
     * \brief Called by the channel when its signalling channel went up or
     *        down (CoChannel::IsSignallingUp()).
     * \param up the new state
     */
    void NotifySignallingChange(bool up);

    /**
     * \brief Called by the channel for a frame that was on the wire when the link failed.
     * \param frame the lost frame
     */
    void LoseInFlight(Ptr<Packet> frame);

    /// Takes frames off the queues, signalling first, and starts sending the
    /// first one the channel accepts.
    void TransmitNext();

    /**
     * \brief Takes the next frame off a queue.
     * \param queue the queue
     * \param [out] waiting whether frames are left in it
     * \return the frame (null if the queue had none)
     */
    static Ptr<Packet> Dequeue(Queue<Packet>* queue, bool& waiting);

    /**
     * \brief Discards the frames waiting in a queue (PhyTxDrop).
     * \param queue the queue (may be null)
     */
    void DiscardQueued(const Ptr<Queue<Packet>>& queue);

    /// The end of the current frame's transmission.
    void TransmitComplete();

    /// Cell level: the end of a cell that was not its frame's last.
    void CellTransmitComplete();

    /**
     * \brief Takes the next data frame off the VC scheduler.
     * \return the frame (null if none may go now: the scheduler calls
     *         NotifyScheduledFrameReady when one may)
     */
    Ptr<Packet> DequeueScheduled();

    /**
     * \brief Takes the next frame off TxQueue, discarding those of released
     *        VCs (m_releasedVcs) on the way.
     * \return the frame (null if none is left)
     */
    Ptr<Packet> DequeueUnreleased();

    /**
     * \brief Puts a frame on the link: PhyTxBegin, the channel, the
     *        sniffers and its completion after \p txTime; or PhyTxDrop when
     *        the channel refuses it.
     * \param frame the frame (its last cell, at cell level)
     * \param txTime how long it takes the link
     * \return whether the link took it
     */
    bool StartFrame(const Ptr<Packet>& frame, Time txTime);

    /**
     * \brief Cell level: puts the scheduler's next cell on the link for one
     *        cell time, the frame with its last cell.
     * \return whether the link is taken (false: no cell may go, or the
     *         channel refused the frame)
     */
    bool SendCell();

    /// The VC scheduler has a frame that may go.
    void NotifyScheduledFrameReady();

    /**
     * \brief Brings the flow-control transmit queue up to date with the data
     *        queue: the bytes that entered or left it since the last call
     *        (NotifyQueuedBytes, NotifyTransmittedBytes), then Stop() or
     *        Wake() by HasDataQueueRoom(). Called only when m_flowControlled.
     */
    void UpdateTxQueue();

    /**
     * \brief A data frame discarded from the VC scheduler as the link went down.
     * \param frame the frame (PhyTxDrop)
     */
    void DiscardFrame(Ptr<Packet> frame);

    /// \return the interface side as an int, for the attribute system
    int GetInterfaceSideValue() const;
    /// \param side the interface side as an int, from the attribute system
    void SetInterfaceSideValue(int side);

    /**
     * \brief Fires a trace that every frame passes: one nobody listens to
     *        (the usual case) costs a test rather than a call and two
     *        reference counts.
     * \param trace the trace source
     * \param frame the frame
     */
    static void FireFrameTrace(const TracedCallback<Ptr<const Packet>>& trace,
                               const Ptr<Packet>& frame)
    {
        if (!trace.IsEmpty())
        {
            trace(frame);
        }
    }

    // Members in the order a frame uses them: what every frame sent or
    // received reads comes first, so that a frame through a device that has
    // gone cold (one port among thousands) costs as few cache lines as it can.

    /// Transmission times kept inline, for frames of 1 to TX_TIMES_INLINE
    /// cells: enough for any signalling message and for short data frames.
    /// (Indexed from 1 cell, not 0: the 8 bytes saved pay for
    /// m_signallingQueue, so what a frame reads spans the bytes it did
    /// before the signalling queue, 32 to 288 from the object's start.)
    static constexpr uint32_t TX_TIMES_INLINE = 3;

    Ptr<CoChannel> m_channel;             //!< the link, once attached
    Ptr<Queue<Packet>> m_queue;           //!< data frames waiting to be sent
    Ptr<Queue<Packet>> m_signallingQueue; //!< signalling frames waiting, sent first
    Ptr<Packet> m_currentPkt;             //!< the frame being sent, while m_txBusy
    bool m_txBusy;                        //!< true while a frame occupies the link
    InterfaceSide m_side;                 //!< sets the direction bit of frames sent
    // Whether each queue holds frames, as it said after the device's last
    // operation on it: the transmitter looks here rather than at the queue
    // objects, so that a frame touches the one queue it goes through.
    bool m_signallingWaiting; //!< m_signallingQueue holds frames
    bool m_dataWaiting;       //!< m_queue holds frames
    bool m_signallingUp;      //!< CoChannel::IsSignallingUp(), as last told
    /// Data frames go to m_vcScheduler rather than m_queue. A byte that was
    /// padding: the members a frame reads keep their places, and a device
    /// without a scheduler tests this flag, a byte next to the ones it reads
    /// anyway, and nothing else.
    bool m_scheduled;
    /// m_releasedVcs is not empty: TxQueue holds frames of released VCs.
    /// Another byte that was padding.
    bool m_releasing;
    /// A NetDeviceQueueInterface is aggregated: the data path keeps its
    /// transmit queue up to date (UpdateTxQueue). The last byte of padding
    /// after m_currentPkt: a device without flow control tests it, beside
    /// the flags a frame reads anyway, and reads nothing else of it.
    bool m_flowControlled;
    Ptr<ErrorModel> m_receiveErrorModel;    //!< drops received frames (optional)
    FrameReceiveCallback m_frameRxCallback; //!< default sink of received frames

    // Traces of every frame received, then of every frame sent.

    /// Frames sent and received, as a packet sniffer on the device sees them.
    TracedCallback<Ptr<const Packet>> m_snifferTrace;
    /// The same frames: on a point-to-point link there is nothing more to sniff.
    TracedCallback<Ptr<const Packet>> m_promiscSnifferTrace;
    /// A frame arrived completely.
    TracedCallback<Ptr<const Packet>> m_phyRxEndTrace;
    /// A frame was received intact and is going up (whole frame).
    TracedCallback<Ptr<const Packet>> m_macRxTrace;
    /// A frame was handed to the device to send (whole frame, AtmFrameHeader first).
    TracedCallback<Ptr<const Packet>> m_macTxTrace;
    /// A frame started going on the wire.
    TracedCallback<Ptr<const Packet>> m_phyTxBeginTrace;
    /// A frame finished going on the wire.
    TracedCallback<Ptr<const Packet>> m_phyTxEndTrace;

    mutable uint64_t m_txTimesBitRate = 0; //!< the link rate the times below are for
    /// by cell count, minus 1 (0: not yet known)
    mutable std::array<Time, TX_TIMES_INLINE> m_txTimesInline;
    mutable std::vector<Time> m_txTimes; //!< by cell count, longer frames (index from 0)

    // The rest: set up once, or used when something goes wrong.
    Ptr<Node> m_node;                        //!< the node this device is on
    uint32_t m_ifIndex;                      //!< index of the device on its node
    uint16_t m_mtu;                          //!< MTU offered to an IP layer above
    Address m_address;                       //!< whatever address the owner gives the device
    Address m_noAddress;                     //!< returned for broadcast and multicast
    NetDevice::ReceiveCallback m_rxCallback; //!< for a subclass that is an IP device
    NetDevice::PromiscReceiveCallback m_promiscCallback; //!< for a subclass that is an IP device
    TracedCallback<> m_linkChangeCallbacks;              //!< fired when the link goes up or down
    TracedCallback<> m_signallingChangeCallbacks;        //!< fired when IsSignallingUp() changes
    /// A frame was refused before it reached the queue, or by the queue.
    TracedCallback<Ptr<const Packet>> m_macTxDropTrace;
    /// A frame was discarded instead of sent (link down).
    TracedCallback<Ptr<const Packet>> m_phyTxDropTrace;
    /// An arrived frame was discarded (error model, too short, lost in flight).
    TracedCallback<Ptr<const Packet>> m_phyRxDropTrace;
    /// Queues per VC and their scheduler, when set (m_scheduled). Last, with
    /// what is used only when something goes wrong: a device without one
    /// never reads it.
    Ptr<CoVcScheduler> m_vcScheduler;

    /// A released VC whose frames may still wait in TxQueue.
    struct ReleasedVc
    {
        uint32_t key;    //!< VPI << 16 | VCI
        uint32_t frames; //!< its frames are among the next this many to leave TxQueue
    };

    /// Released VCs with frames waiting in TxQueue (without a scheduler).
    std::vector<ReleasedVc> m_releasedVcs;

    /// Flow control (when m_flowControlled): transmit queue 0 of the
    /// aggregated NetDeviceQueueInterface, and the bytes of the data queue
    /// reported queued and not yet reported transmitted.
    Ptr<NetDeviceQueue> m_txQueueInterface;
    uint64_t m_txQueueBytes = 0; //!< the data queue's bytes, as last reported
};

} // namespace ns3

#endif /* CO_PORT_NET_DEVICE_H */
