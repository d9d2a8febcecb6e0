/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-port-net-device.h"

#include "co-channel.h"
#include "co-ns3-compat.h"
#include "co-vc-scheduler.h"

#include "ns3/drop-tail-queue.h"
#include "ns3/enum.h"
#include "ns3/error-model.h"
#include "ns3/log.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/pointer.h"
#include "ns3/queue-item.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoPortNetDevice");

NS_OBJECT_ENSURE_REGISTERED(CoPortNetDevice);

namespace
{
constexpr uint32_t FRAME_HEADER_SIZE = 4;  //!< bytes of AtmFrameHeader in front of each SDU
constexpr uint32_t AAL5_TRAILER_SIZE = 8;  //!< bytes of CPCS-PDU trailer
constexpr uint32_t CELL_PAYLOAD_SIZE = 48; //!< bytes of AAL5 PDU per cell
constexpr uint32_t CELL_BITS = 53 * 8;     //!< bits a cell occupies on the line
constexpr uint32_t MAX_SDU_SIZE = 65535;   //!< the AAL5 length field is 16 bits

/// \return the key of a VC in the list of released ones
uint32_t
VcKey(uint8_t vpi, uint16_t vci)
{
    return static_cast<uint32_t>(vpi) << 16 | vci;
}
} // namespace

TypeId
CoPortNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoPortNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Condis")
            .AddConstructor<CoPortNetDevice>()
            .AddAttribute("Mtu",
                          "The MTU offered to a network layer above (classical IP over ATM's "
                          "by default); frames sent with SendFrame may be up to 65535 bytes",
                          UintegerValue(DEFAULT_MTU),
                          MakeUintegerAccessor(&CoPortNetDevice::SetMtu, &CoPortNetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Address",
                          "The address of this interface, if its owner gives it one "
                          "(e.g. an AESA); empty by default",
                          AddressValue(),
                          MakeAddressAccessor(&CoPortNetDevice::m_address),
                          MakeAddressChecker())
            .AddAttribute("InterfaceSide",
                          "User side (host, DTE) or network side (switch, DCE) of the link: "
                          "sets the direction bit of the frames this device sends",
                          EnumValue(static_cast<int>(InterfaceSide::User)),
                          CoMakeEnumAccessor<int>(&CoPortNetDevice::SetInterfaceSideValue,
                                                  &CoPortNetDevice::GetInterfaceSideValue),
                          MakeEnumChecker(static_cast<int>(InterfaceSide::User),
                                          "User",
                                          static_cast<int>(InterfaceSide::Network),
                                          "Network"))
            .AddAttribute("ReceiveErrorModel",
                          "The error model that received frames go through",
                          PointerValue(),
                          MakePointerAccessor(&CoPortNetDevice::m_receiveErrorModel),
                          MakePointerChecker<ErrorModel>())

            // The transmit queues, which have trace sources of their own.
            .AddAttribute(
                "TxQueue",
                "The queue of data frames waiting to be sent",
                PointerValue(),
                MakePointerAccessor(&CoPortNetDevice::SetQueue, &CoPortNetDevice::GetQueue),
                MakePointerChecker<Queue<Packet>>())
            .AddAttribute("SignallingTxQueue",
                          "The queue of signalling frames (VCI 5) waiting to be sent, served "
                          "strictly ahead of TxQueue; by default each device gets a "
                          "DropTailQueue of its own without a limit, so that signalling is "
                          "never dropped while the link is up",
                          PointerValue(),
                          MakePointerAccessor(&CoPortNetDevice::SetSignallingQueue,
                                              &CoPortNetDevice::GetSignallingQueue),
                          MakePointerChecker<Queue<Packet>>())
            .AddAttribute("VcScheduler",
                          "Queues per VC with GCRA shaping and a service-category scheduler "
                          "for data frames, in place of TxQueue (null: TxQueue, the default)",
                          PointerValue(),
                          MakePointerAccessor(&CoPortNetDevice::SetVcScheduler,
                                              &CoPortNetDevice::GetVcScheduler),
                          MakePointerChecker<CoVcScheduler>())

            // Where frames pass between the device and the layer above.
            .AddTraceSource("MacTx",
                            "A frame (AtmFrameHeader first) was handed to the device to send",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacTxDrop",
                            "A frame was refused before transmission: link down, its queue "
                            "full or SDU too long",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_macTxDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A frame (AtmFrameHeader first) was received intact and is going up",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback")

            // Where frames pass between the device and the channel.
            .AddTraceSource("PhyTxBegin",
                            "A frame started going on the wire",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_phyTxBeginTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxEnd",
                            "A frame finished going on the wire",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_phyTxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxDrop",
                            "A frame was discarded instead of sent: the link is down (the "
                            "frames waiting in both queues when it goes down, too), or the "
                            "frame waited in TxQueue for a VC that was released (ReleaseVc)",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_phyTxDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "A frame arrived completely",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxDrop",
                            "An arrived frame was discarded: corrupted by the error model, "
                            "shorter than its header, or lost in flight when the link failed",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_phyRxDropTrace),
                            "ns3::Packet::TracedCallback")

            // Packet sniffers (pcap). Each frame is a SunATM pcap record as it stands.
            .AddTraceSource("Sniffer",
                            "Frames sent and received, AtmFrameHeader first",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_snifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PromiscSniffer",
                            "Frames sent and received, AtmFrameHeader first (the same "
                            "frames as Sniffer: a point-to-point link has no others)",
                            MakeTraceSourceAccessor(&CoPortNetDevice::m_promiscSnifferTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

CoPortNetDevice::CoPortNetDevice()
    : m_txBusy(false),
      m_side(InterfaceSide::User),
      m_signallingWaiting(false),
      m_dataWaiting(false),
      m_signallingUp(false),
      m_scheduled(false),
      m_releasing(false),
      m_flowControlled(false),
      m_txTimesInline{},
      m_ifIndex(0),
      m_mtu(DEFAULT_MTU)
{
    NS_LOG_FUNCTION(this);
}

CoPortNetDevice::~CoPortNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
CoPortNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_node = nullptr;
    m_channel = nullptr;
    m_queue = nullptr;
    m_signallingQueue = nullptr;
    if (m_vcScheduler)
    {
        m_vcScheduler->SetReadyCallback(Callback<void>());
        m_vcScheduler = nullptr;
    }
    m_scheduled = false;
    m_flowControlled = false;
    m_txQueueInterface = nullptr;
    m_receiveErrorModel = nullptr;
    m_currentPkt = nullptr;
    // Callbacks may hold Ptrs to the objects above this device.
    m_frameRxCallback = FrameReceiveCallback();
    m_rxCallback = NetDevice::ReceiveCallback();
    m_promiscCallback = NetDevice::PromiscReceiveCallback();
    NetDevice::DoDispose();
}

void
CoPortNetDevice::NotifyConstructionCompleted()
{
    NS_LOG_FUNCTION(this);
    if (!m_signallingQueue)
    {
        // Unlimited for what a simulation can hold: whatever the defaults of
        // DropTailQueue say, which are meant for data.
        Ptr<Queue<Packet>> queue = CreateObject<DropTailQueue<Packet>>();
        queue->SetMaxSize(QueueSize(QueueSizeUnit::PACKETS, std::numeric_limits<uint32_t>::max()));
        SetSignallingQueue(queue);
    }
    NetDevice::NotifyConstructionCompleted();
}

void
CoPortNetDevice::NotifyNewAggregate()
{
    NS_LOG_FUNCTION(this);
    if (!m_txQueueInterface)
    {
        if (Ptr<NetDeviceQueueInterface> ndqi = GetObject<NetDeviceQueueInterface>())
        {
            // One transmit queue for the device, though data frames wait per
            // VC behind a scheduler: upper layers (a queue disc) would need a
            // select-queue callback that knows each packet's VC, which a
            // packet above the device does not carry (no ATMARP or LANE maps
            // it), and the interface's NTxQueues is fixed at its construction
            // while VCs come and go with calls, by the hundred per port. A
            // VC's own limits answer its sender (Send's status, sendComplete).
            if (ndqi->GetNTxQueues() > 1)
            {
                NS_LOG_WARN("CoPortNetDevice " << this << " drives transmit queue 0 of "
                                               << ndqi->GetNTxQueues() << "; the others stay idle");
                ndqi->SetSelectQueueCallback([](Ptr<QueueItem>) -> std::size_t { return 0; });
            }
            m_txQueueInterface = ndqi->GetTxQueue(0);
            m_flowControlled = true;
            m_txQueueBytes = 0;
            UpdateTxQueue(); // frames already waiting count as queued
        }
    }
    NetDevice::NotifyNewAggregate();
}

Ptr<NetDeviceQueue>
CoPortNetDevice::GetFlowControlTxQueue() const
{
    NS_LOG_FUNCTION(this);
    return m_txQueueInterface;
}

bool
CoPortNetDevice::HasDataQueueRoom() const
{
    NS_LOG_FUNCTION(this);
    // Room for a frame as large as the MTU offered above, as ns-3's devices
    // ask of their queue (NetDeviceQueue::PacketEnqueued).
    if (m_scheduled)
    {
        return m_vcScheduler->HasPortRoom(GetCellCount(m_mtu));
    }
    if (!m_queue)
    {
        return true;
    }
    QueueSize max = m_queue->GetMaxSize();
    uint32_t current = m_queue->GetCurrentSize().GetValue(); // in the unit of max
    uint64_t frame = max.GetUnit() == QueueSizeUnit::PACKETS ? 1 : m_mtu + FRAME_HEADER_SIZE;
    return current + frame <= max.GetValue();
}

void
CoPortNetDevice::UpdateTxQueue()
{
    NS_LOG_FUNCTION(this);
    // The difference since the last report: one frame at a time on the data
    // path; more after a release, a link failure or a change of queue.
    // (Reported in pieces a uint32_t holds.) The count is brought up to date
    // before each report, and the queue read again after it: a NetDeviceQueue
    // may call its wake callback from inside NotifyTransmittedBytes (ns-3.48
    // does; 3.37 schedules it), and a client that sends from there comes back
    // here first.
    constexpr uint64_t MOST = std::numeric_limits<uint32_t>::max();
    for (;;)
    {
        uint64_t waiting = m_scheduled ? m_vcScheduler->GetNBytes()
                           : m_queue   ? m_queue->GetNBytes()
                                       : 0;
        if (waiting > m_txQueueBytes)
        {
            auto bytes = static_cast<uint32_t>(std::min(waiting - m_txQueueBytes, MOST));
            m_txQueueBytes += bytes;
            m_txQueueInterface->NotifyQueuedBytes(bytes);
        }
        else if (waiting < m_txQueueBytes)
        {
            auto bytes = static_cast<uint32_t>(std::min(m_txQueueBytes - waiting, MOST));
            m_txQueueBytes -= bytes;
            m_txQueueInterface->NotifyTransmittedBytes(bytes);
        }
        else
        {
            break;
        }
    }
    if (HasDataQueueRoom())
    {
        m_txQueueInterface->Wake(); // tells the layer above only if it had been stopped
    }
    else
    {
        m_txQueueInterface->Stop();
    }
}

bool
CoPortNetDevice::Attach(Ptr<CoChannel> channel)
{
    NS_LOG_FUNCTION(this << channel);
    NS_ASSERT(channel);
    NS_ABORT_MSG_IF(m_channel, "CoPortNetDevice " << this << " is already attached to a link");
    m_channel = channel;
    // The channel tells this device (NotifyLinkChange) if the link came up.
    m_channel->Attach(this);
    return true;
}

void
CoPortNetDevice::SetQueue(Ptr<Queue<Packet>> queue)
{
    NS_LOG_FUNCTION(this << queue);
    m_queue = queue;
    m_dataWaiting = queue && !queue->IsEmpty();
    m_releasedVcs.clear(); // they were counted in the old queue
    m_releasing = false;
    if (m_flowControlled)
    {
        UpdateTxQueue(); // the old queue's frames are no longer this device's
    }
}

Ptr<Queue<Packet>>
CoPortNetDevice::GetQueue() const
{
    NS_LOG_FUNCTION(this);
    return m_queue;
}

void
CoPortNetDevice::SetSignallingQueue(Ptr<Queue<Packet>> queue)
{
    NS_LOG_FUNCTION(this << queue);
    m_signallingQueue = queue;
    m_signallingWaiting = queue && !queue->IsEmpty();
}

Ptr<Queue<Packet>>
CoPortNetDevice::GetSignallingQueue() const
{
    NS_LOG_FUNCTION(this);
    return m_signallingQueue;
}

void
CoPortNetDevice::SetVcScheduler(Ptr<CoVcScheduler> scheduler)
{
    NS_LOG_FUNCTION(this << scheduler);
    if (m_vcScheduler)
    {
        m_vcScheduler->SetReadyCallback(Callback<void>());
    }
    m_vcScheduler = scheduler;
    m_scheduled = scheduler != nullptr;
    if (m_scheduled)
    {
        scheduler->SetReadyCallback(
            MakeCallback(&CoPortNetDevice::NotifyScheduledFrameReady, this));
        m_dataWaiting = scheduler->GetNFrames() != 0;
    }
    else
    {
        m_dataWaiting = m_queue && !m_queue->IsEmpty();
    }
    if (m_flowControlled)
    {
        UpdateTxQueue(); // another data queue, with other frames and limits
    }
}

Ptr<CoVcScheduler>
CoPortNetDevice::GetVcScheduler() const
{
    NS_LOG_FUNCTION(this);
    return m_vcScheduler;
}

void
CoPortNetDevice::SetReceiveErrorModel(Ptr<ErrorModel> em)
{
    NS_LOG_FUNCTION(this << em);
    m_receiveErrorModel = em;
}

CoPortNetDevice::InterfaceSide
CoPortNetDevice::GetInterfaceSide() const
{
    NS_LOG_FUNCTION(this);
    return m_side;
}

void
CoPortNetDevice::SetInterfaceSide(InterfaceSide side)
{
    NS_LOG_FUNCTION(this << static_cast<int>(side));
    m_side = side;
}

void
CoPortNetDevice::SetInterfaceSideValue(int side)
{
    SetInterfaceSide(static_cast<InterfaceSide>(side));
}

int
CoPortNetDevice::GetInterfaceSideValue() const
{
    NS_LOG_FUNCTION(this);
    return static_cast<int>(m_side);
}

uint32_t
CoPortNetDevice::GetCellCount(uint32_t sduBytes)
{
    NS_LOG_FUNCTION(sduBytes);
    return (sduBytes + AAL5_TRAILER_SIZE + CELL_PAYLOAD_SIZE - 1) / CELL_PAYLOAD_SIZE;
}

Time
CoPortNetDevice::GetTransmissionTime(uint32_t sduBytes) const
{
    NS_LOG_FUNCTION(this << sduBytes);
    NS_ASSERT_MSG(m_channel, "CoPortNetDevice " << this << " is not attached to a link");
    // Exact to the time resolution: DataRate divides in 64.64 fixed point.
    // That division costs as much as the rest of a frame's transmission, and
    // frames come in few sizes: the time is kept by cell count, for as long
    // as the link keeps its rate.
    DataRate rate = m_channel->GetDataRate();
    if (rate.GetBitRate() != m_txTimesBitRate)
    {
        m_txTimesInline.fill(Time(0));
        m_txTimes.clear();
        m_txTimesBitRate = rate.GetBitRate();
    }
    uint32_t cells = GetCellCount(sduBytes);
    if (sduBytes > MAX_SDU_SIZE)
    {
        return CoBitsTxTime(rate, cells * CELL_BITS); // never sent: not worth keeping
    }
    Time* time;
    if (cells <= TX_TIMES_INLINE)
    {
        time = &m_txTimesInline[cells - 1]; // a frame has one cell at least
    }
    else
    {
        if (cells >= m_txTimes.size())
        {
            m_txTimes.resize(cells + 1, Time(0));
        }
        time = &m_txTimes[cells];
    }
    if (time->IsZero())
    {
        *time = CoBitsTxTime(rate, cells * CELL_BITS);
    }
    return *time;
}

void
CoPortNetDevice::SetFrameReceiveCallback(FrameReceiveCallback cb)
{
    NS_LOG_FUNCTION(this);
    m_frameRxCallback = cb;
}

Ptr<CoChannel>
CoPortNetDevice::GetCoChannel() const
{
    NS_LOG_FUNCTION(this);
    return m_channel;
}

bool
CoPortNetDevice::SendFrame(Ptr<Packet> sdu,
                           uint8_t vpi,
                           uint16_t vci,
                           AtmTrafficType type,
                           bool clp)
{
    NS_LOG_FUNCTION(this << sdu << +vpi << vci << static_cast<int>(type) << clp);
    // VCI 5 is signalling (on VPI 0; VP-associated signalling on others):
    // calls are given VCIs from 32 up.
    bool signalling = vci == AtmFrameHeader::SIGNALLING_VCI;
    Queue<Packet>* queue = signalling ? PeekPointer(m_signallingQueue) : PeekPointer(m_queue);
    bool scheduled = !signalling && m_scheduled;
    NS_ABORT_MSG_IF(!queue && !scheduled,
                    "CoPortNetDevice " << this << " has no transmit queue for "
                                       << (signalling ? "signalling (SetSignallingQueue"
                                                      : "data (CoHelper::InstallQueue or SetQueue")
                                       << " gives it one)");
    uint32_t sduSize = sdu->GetSize();
    AtmFrameHeader header(vpi, vci, type, m_side == InterfaceSide::User, clp);
    sdu->AddHeader(header);

    bool refused = false;
    if (sduSize > MAX_SDU_SIZE)
    {
        NS_LOG_WARN("SDU of " << sduSize << " bytes is longer than AAL5 allows");
        refused = true;
    }
    else if (signalling ? !m_signallingUp : !IsLinkUp())
    {
        NS_LOG_LOGIC((signalling ? "signalling" : "link") << " down: frame refused");
        refused = true;
    }
    else
    {
        FireFrameTrace(m_macTxTrace, sdu);
        if (scheduled ? !m_vcScheduler->Enqueue(sdu, vpi, vci, GetCellCount(sduSize), clp)
                      : !queue->Enqueue(sdu))
        {
            NS_LOG_LOGIC("queue full: frame refused");
            refused = true;
        }
        else
        {
            (signalling ? m_signallingWaiting : m_dataWaiting) = true;
        }
    }
    if (m_flowControlled && !signalling)
    {
        UpdateTxQueue(); // its bytes queued, and stopped if the queue is full now
    }
    if (refused)
    {
        m_macTxDropTrace(sdu);
        // Give the caller its SDU back as it was, in case it wants to retry.
        sdu->RemoveHeader(header);
        return false;
    }
    if (!m_txBusy)
    {
        TransmitNext();
    }
    return true;
}

// (inline: the frame path of TransmitNext, which should not pay a call)
inline bool
CoPortNetDevice::StartFrame(const Ptr<Packet>& frame, Time txTime)
{
    m_currentPkt = frame;
    FireFrameTrace(m_phyTxBeginTrace, frame);
    if (m_channel->TransmitStart(frame, this, txTime))
    {
        FireFrameTrace(m_snifferTrace, frame);
        FireFrameTrace(m_promiscSnifferTrace, frame);
        Simulator::Schedule(txTime, &CoPortNetDevice::TransmitComplete, this);
        return true;
    }
    m_currentPkt = nullptr;
    m_phyTxDropTrace(frame);
    return false;
}

void
CoPortNetDevice::TransmitNext()
{
    NS_LOG_FUNCTION(this);
    NS_ASSERT(!m_txBusy);
    // The transmitter is taken for the whole loop: a trace sink or a
    // scheduler that sends a frame from inside it (a client that closes its
    // call from PhyTxBegin, say) only queues it, to be taken in turn.
    m_txBusy = true;
    // A loop rather than recursion: frames the channel refuses take no time.
    while (m_signallingWaiting || m_dataWaiting)
    {
        // Signalling strictly first.
        bool signalling = m_signallingWaiting;
        if (!signalling && m_scheduled && m_vcScheduler->IsCellLevel())
        {
            if (SendCell())
            {
                return;
            }
            continue;
        }
        Ptr<Packet> frame = signalling
                                ? Dequeue(PeekPointer(m_signallingQueue), m_signallingWaiting)
                            : m_scheduled ? DequeueScheduled()
                            : m_releasing ? DequeueUnreleased()
                                          : Dequeue(PeekPointer(m_queue), m_dataWaiting);
        if (m_flowControlled && !signalling)
        {
            UpdateTxQueue(); // its bytes (and released VCs' discarded) left, room returned
        }
        if (!frame)
        {
            continue; // the queue was emptied behind the device's back
        }
        if (StartFrame(frame, GetTransmissionTime(frame->GetSize() - FRAME_HEADER_SIZE)))
        {
            return;
        }
    }
    m_txBusy = false;
}

bool
CoPortNetDevice::SendCell()
{
    Ptr<Packet> frame;
    bool sent = m_vcScheduler->DequeueCell(frame);
    // Cells that may not go yet wake the device when they may.
    m_dataWaiting = sent && m_vcScheduler->GetNCells() != 0;
    if (m_flowControlled)
    {
        UpdateTxQueue(); // a frame whose last cell went has left
    }
    if (!sent)
    {
        return false;
    }
    Time cellTime = GetTransmissionTime(1);
    if (frame)
    {
        // The frame travels with its last cell: the receiver has it whole
        // when that cell is in, as AAL5 reassembly would.
        return StartFrame(frame, cellTime);
    }
    // A frame's other cells end with no frame to trace: a completion of
    // their own, so that a frame's completion tests nothing more.
    Simulator::Schedule(cellTime, &CoPortNetDevice::CellTransmitComplete, this);
    return true;
}

void
CoPortNetDevice::CellTransmitComplete()
{
    NS_LOG_FUNCTION(this);
    NS_ASSERT_MSG(m_txBusy && !m_currentPkt, "no cell was being sent");
    m_txBusy = false;
    TransmitNext();
}

Ptr<Packet>
CoPortNetDevice::Dequeue(Queue<Packet>* queue, bool& waiting)
{
    Ptr<Packet> frame = queue->Dequeue();
    waiting = !queue->IsEmpty();
    return frame;
}

Ptr<Packet>
CoPortNetDevice::DequeueUnreleased()
{
    NS_LOG_FUNCTION(this);
    // A queue of any type can only be taken from its head: the frames of a
    // released VC are discarded as they reach it, taking no link time.
    Queue<Packet>* queue = PeekPointer(m_queue);
    while (Ptr<const Packet> head = queue->Peek())
    {
        AtmFrameHeader header;
        head->PeekHeader(header);
        uint32_t key = VcKey(header.GetVpi(), header.GetVci());
        bool released = false;
        for (auto it = m_releasedVcs.begin(); it != m_releasedVcs.end();)
        {
            // The head is one of the frames each entry still covers.
            released = released || it->key == key;
            it = --it->frames == 0 ? m_releasedVcs.erase(it) : it + 1;
        }
        if (!released)
        {
            break;
        }
        NS_LOG_LOGIC("frame of released VC " << +header.GetVpi() << "/" << header.GetVci()
                                             << " discarded");
        // The queue counts it as dropped after dequeue (and fires its Drop).
        Ptr<Packet> frame = queue->Remove();
        m_phyTxDropTrace(frame);
        if (m_releasedVcs.empty())
        {
            break;
        }
    }
    Ptr<Packet> frame = Dequeue(queue, m_dataWaiting);
    if (!m_dataWaiting)
    {
        m_releasedVcs.clear(); // nothing of theirs is left
    }
    m_releasing = !m_releasedVcs.empty();
    return frame;
}

void
CoPortNetDevice::ReleaseVc(uint8_t vpi, uint16_t vci)
{
    NS_LOG_FUNCTION(this << +vpi << vci);
    if (m_scheduled)
    {
        m_vcScheduler->UnregisterVc(vpi, vci); // drops what it holds (Released)
        if (m_flowControlled)
        {
            UpdateTxQueue();
        }
        return;
    }
    if (m_queue && !m_queue->IsEmpty())
    {
        // Its frames are among the next GetNPackets() to leave the queue.
        m_releasedVcs.push_back(ReleasedVc{VcKey(vpi, vci), m_queue->GetNPackets()});
        m_releasing = true;
    }
}

Ptr<Packet>
CoPortNetDevice::DequeueScheduled()
{
    Ptr<Packet> frame = m_vcScheduler->Dequeue();
    // Frames that may not go yet wake the device when they may.
    m_dataWaiting = frame && m_vcScheduler->GetNFrames() != 0;
    return frame;
}

void
CoPortNetDevice::NotifyScheduledFrameReady()
{
    NS_LOG_FUNCTION(this);
    m_dataWaiting = true;
    if (!m_txBusy && IsLinkUp())
    {
        TransmitNext();
    }
}

void
CoPortNetDevice::DiscardFrame(Ptr<Packet> frame)
{
    m_phyTxDropTrace(frame);
}

void
CoPortNetDevice::TransmitComplete()
{
    NS_LOG_FUNCTION(this);
    NS_ASSERT_MSG(m_txBusy && m_currentPkt, "no frame was being sent");
    // Fired while the transmitter is still taken: a frame sent from the
    // trace waits its turn in TransmitNext below.
    FireFrameTrace(m_phyTxEndTrace, m_currentPkt);
    m_currentPkt = nullptr;
    m_txBusy = false;
    TransmitNext();
}

void
CoPortNetDevice::Receive(Ptr<Packet> frame)
{
    NS_LOG_FUNCTION(this << frame);
    FireFrameTrace(m_phyRxEndTrace, frame);

    if (m_receiveErrorModel && m_receiveErrorModel->IsCorrupt(frame))
    {
        NS_LOG_LOGIC("frame corrupted by the error model");
        m_phyRxDropTrace(frame);
        return;
    }

    // Checked before the sniffers so that a capture only holds well-formed
    // SunATM records.
    AtmFrameHeader header;
    if (frame->GetSize() < header.GetSerializedSize())
    {
        NS_LOG_LOGIC("frame of " << frame->GetSize() << " bytes has no complete header");
        m_phyRxDropTrace(frame);
        return;
    }

    FireFrameTrace(m_snifferTrace, frame);
    FireFrameTrace(m_promiscSnifferTrace, frame);
    // Like the other device traces, MacRx shows the whole frame.
    FireFrameTrace(m_macRxTrace, frame);

    frame->RemoveHeader(header);
    if (!m_signallingUp && header.GetVci() == AtmFrameHeader::SIGNALLING_VCI)
    {
        // The SAAL is down: what was on its way is lost with it.
        NS_LOG_LOGIC("signalling down: signalling frame discarded");
        m_phyRxDropTrace(frame);
        return;
    }
    HandleFrame(frame, header);
}

void
CoPortNetDevice::HandleFrame(Ptr<Packet> sdu, const AtmFrameHeader& header)
{
    NS_LOG_FUNCTION(this << sdu);
    if (m_frameRxCallback.IsNull())
    {
        NS_LOG_LOGIC("no frame receive callback: frame discarded");
        return;
    }
    m_frameRxCallback(this, sdu, header);
}

void
CoPortNetDevice::NotifyLinkChange(bool up)
{
    NS_LOG_FUNCTION(this << up);
    if (!up)
    {
        // Frames queued for a dead link would be stale by the time it returns.
        DiscardQueued(m_signallingQueue);
        DiscardQueued(m_queue);
        m_releasedVcs.clear();
        m_releasing = false;
        if (m_vcScheduler)
        {
            m_vcScheduler->Flush(MakeCallback(&CoPortNetDevice::DiscardFrame, this));
        }
        m_signallingWaiting = false;
        m_dataWaiting = false;
        if (m_flowControlled)
        {
            UpdateTxQueue(); // the discarded frames left the data queue
        }
    }
    m_linkChangeCallbacks();
}

void
CoPortNetDevice::NotifySignallingChange(bool up)
{
    NS_LOG_FUNCTION(this << up);
    m_signallingUp = up;
    if (!up)
    {
        // Signalling queued for a lost SAAL would arrive out of its context.
        DiscardQueued(m_signallingQueue);
        m_signallingWaiting = false;
    }
    m_signallingChangeCallbacks();
}

void
CoPortNetDevice::DiscardQueued(const Ptr<Queue<Packet>>& queue)
{
    NS_LOG_FUNCTION(this << queue);
    if (!queue)
    {
        return;
    }
    while (Ptr<Packet> frame = queue->Dequeue())
    {
        m_phyTxDropTrace(frame);
    }
}

void
CoPortNetDevice::LoseInFlight(Ptr<Packet> frame)
{
    NS_LOG_FUNCTION(this << frame);
    m_phyRxDropTrace(frame);
}

const NetDevice::ReceiveCallback&
CoPortNetDevice::GetReceiveCallback() const
{
    NS_LOG_FUNCTION(this);
    return m_rxCallback;
}

const NetDevice::PromiscReceiveCallback&
CoPortNetDevice::GetPromiscReceiveCallback() const
{
    NS_LOG_FUNCTION(this);
    return m_promiscCallback;
}

void
CoPortNetDevice::SetIfIndex(const uint32_t index)
{
    NS_LOG_FUNCTION(this << index);
    m_ifIndex = index;
}

uint32_t
CoPortNetDevice::GetIfIndex() const
{
    NS_LOG_FUNCTION(this);
    return m_ifIndex;
}

Ptr<Channel>
CoPortNetDevice::GetChannel() const
{
    NS_LOG_FUNCTION(this);
    return m_channel;
}

void
CoPortNetDevice::SetAddress(Address address)
{
    NS_LOG_FUNCTION(this << address);
    m_address = address;
}

Address
CoPortNetDevice::GetAddress() const
{
    NS_LOG_FUNCTION(this);
    return m_address;
}

bool
CoPortNetDevice::SetMtu(const uint16_t mtu)
{
    NS_LOG_FUNCTION(this << mtu);
    m_mtu = mtu;
    return true;
}

uint16_t
CoPortNetDevice::GetMtu() const
{
    NS_LOG_FUNCTION(this);
    return m_mtu;
}

bool
CoPortNetDevice::IsLinkUp() const
{
    NS_LOG_FUNCTION(this);
    return m_channel && m_channel->IsLinkUp();
}

void
CoPortNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    NS_LOG_FUNCTION(this);
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

void
CoPortNetDevice::AddSignallingChangeCallback(Callback<void> callback)
{
    NS_LOG_FUNCTION(this);
    m_signallingChangeCallbacks.ConnectWithoutContext(callback);
}

bool
CoPortNetDevice::IsBroadcast() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

Address
CoPortNetDevice::GetBroadcast() const
{
    NS_LOG_FUNCTION(this);
    return m_noAddress;
}

bool
CoPortNetDevice::IsMulticast() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

Address
CoPortNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    NS_LOG_FUNCTION(this << multicastGroup);
    return m_noAddress;
}

Address
CoPortNetDevice::GetMulticast(Ipv6Address addr) const
{
    NS_LOG_FUNCTION(this << addr);
    return m_noAddress;
}

bool
CoPortNetDevice::IsBridge() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

bool
CoPortNetDevice::IsPointToPoint() const
{
    NS_LOG_FUNCTION(this);
    return true;
}

bool
CoPortNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    return false;
}

bool
CoPortNetDevice::SendFrom(Ptr<Packet> packet,
                          const Address& source,
                          const Address& dest,
                          uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << source << dest << protocolNumber);
    return false;
}

Ptr<Node>
CoPortNetDevice::GetNode() const
{
    NS_LOG_FUNCTION(this);
    return m_node;
}

void
CoPortNetDevice::SetNode(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    m_node = node;
}

bool
CoPortNetDevice::NeedsArp() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

void
CoPortNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    NS_LOG_FUNCTION(this);
    m_rxCallback = cb;
}

void
CoPortNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    NS_LOG_FUNCTION(this);
    m_promiscCallback = cb;
}

bool
CoPortNetDevice::SupportsSendFrom() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

} // namespace ns3
