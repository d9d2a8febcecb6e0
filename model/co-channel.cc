/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-channel.h"

#include "co-port-net-device.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoChannel");

NS_OBJECT_ENSURE_REGISTERED(CoChannel);

TypeId
CoChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoChannel")
            .SetParent<Channel>()
            .SetGroupName("Condis")
            .AddConstructor<CoChannel>()
            .AddAttribute("DataRate",
                          "The line rate of each direction (default: OC-3, 155.52 Mb/s); "
                          "frames take whole 53-byte cells of it",
                          DataRateValue(DataRate("155.52Mbps")),
                          MakeDataRateAccessor(&CoChannel::m_dataRate),
                          MakeDataRateChecker())
            .AddAttribute("Delay",
                          "The propagation delay of the link",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&CoChannel::m_delay),
                          MakeTimeChecker())
            .AddAttribute("LinkUp",
                          "Whether the link is up: setting false fails it, true restores it "
                          "(SetLinkUp). Reads false until both ends are attached. In a network "
                          "built by CoTopologyHelper, prefer its FailLink/RestoreLink, which "
                          "also recompute the routes.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CoChannel::SetLinkUp, &CoChannel::IsLinkUp),
                          MakeBooleanChecker())
            .AddAttribute(
                "SignallingUp",
                "Whether the signalling channel (the SAAL on VCI 5) works: setting "
                "false fails it alone, data still flowing (Q.2931 5.6.10, T309), "
                "true restores it (SetSignallingUp). Reads false while the link is "
                "down. In a network built by CoTopologyHelper, prefer its "
                "FailSignalling/RestoreSignalling, which also recompute the routes.",
                BooleanValue(true),
                MakeBooleanAccessor(&CoChannel::SetSignallingUp, &CoChannel::IsSignallingUp),
                MakeBooleanChecker())
            .AddTraceSource("LinkState",
                            "The link went up (true) or down (false)",
                            MakeTraceSourceAccessor(&CoChannel::m_linkStateTrace),
                            "ns3::CoChannel::LinkStateTracedCallback")
            .AddTraceSource("SignallingState",
                            "The signalling channel went up (true) or down (false), on its "
                            "own or with the link",
                            MakeTraceSourceAccessor(&CoChannel::m_signallingStateTrace),
                            "ns3::CoChannel::LinkStateTracedCallback");
    return tid;
}

CoChannel::CoChannel()
    : m_nDevices(0),
      m_nodeIds{NO_NODE, NO_NODE},
      m_enabled(true),
      m_signallingEnabled(true),
      m_endUp{true, true},
      m_epoch(0)
{
    NS_LOG_FUNCTION(this);
}

CoChannel::~CoChannel()
{
    NS_LOG_FUNCTION(this);
}

void
CoChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& device : m_devices)
    {
        device = nullptr;
    }
    Channel::DoDispose();
}

void
CoChannel::Attach(Ptr<CoPortNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    NS_ASSERT(device);
    if (m_nDevices == m_devices.size())
    {
        NS_FATAL_ERROR("CoChannel " << GetId() << " is a point-to-point link: it already has "
                                    << "two devices and cannot take a third");
    }
    NS_ABORT_MSG_IF(m_nDevices == 1 && m_devices[0] == device,
                    "CoChannel " << GetId() << ": a device cannot be both ends of a link");
    bool wasUp = IsLinkUp();
    bool wasSignallingUp = IsSignallingUp();
    m_devices[m_nDevices++] = device;
    NotifyIfChanged(wasUp, wasSignallingUp);
}

bool
CoChannel::TransmitStart(Ptr<const Packet> p, Ptr<CoPortNetDevice> src, Time txTime)
{
    NS_LOG_FUNCTION(this << p << src << txTime);
    if (!IsLinkUp())
    {
        NS_LOG_LOGIC("link down: frame " << p->GetUid() << " not sent");
        return false;
    }
    NS_ASSERT_MSG(src == m_devices[0] || src == m_devices[1],
                  "CoChannel " << GetId() << ": sender is not attached to this link");
    uint8_t to = (src == m_devices[0]) ? 1 : 0;
    if (m_nodeIds[to] == NO_NODE)
    {
        Ptr<Node> node = m_devices[to]->GetNode();
        NS_ASSERT_MSG(node, "CoChannel " << GetId() << ": the receiving device has no node");
        m_nodeIds[to] = node->GetId();
    }
    // The copy is what the receiver strips its header from; the sender keeps
    // the original for its PhyTxEnd trace.
    Simulator::ScheduleWithContext(m_nodeIds[to],
                                   txTime + m_delay,
                                   &CoChannel::Deliver,
                                   this,
                                   to,
                                   p->Copy(),
                                   m_epoch);
    return true;
}

void
CoChannel::Deliver(uint8_t to, Ptr<Packet> frame, uint32_t epoch)
{
    NS_LOG_FUNCTION(this << +to << frame << epoch);
    if (epoch != m_epoch)
    {
        // The link failed while the frame was on the wire.
        m_devices[to]->LoseInFlight(frame);
        return;
    }
    m_devices[to]->Receive(frame);
}

Ptr<CoPortNetDevice>
CoChannel::GetPeer(Ptr<const CoPortNetDevice> device) const
{
    NS_LOG_FUNCTION(this << device);
    if (m_nDevices < 2)
    {
        return nullptr;
    }
    if (device == m_devices[0])
    {
        return m_devices[1];
    }
    if (device == m_devices[1])
    {
        return m_devices[0];
    }
    return nullptr;
}

DataRate
CoChannel::GetDataRate() const
{
    NS_LOG_FUNCTION(this);
    return m_dataRate;
}

Time
CoChannel::GetDelay() const
{
    NS_LOG_FUNCTION(this);
    return m_delay;
}

void
CoChannel::SetLinkUp(bool up)
{
    NS_LOG_FUNCTION(this << up);
    if (up == m_enabled)
    {
        return;
    }
    bool wasUp = IsLinkUp();
    bool wasSignallingUp = IsSignallingUp();
    m_enabled = up;
    NotifyIfChanged(wasUp, wasSignallingUp);
}

void
CoChannel::SetEndUp(Ptr<const CoPortNetDevice> end, bool up)
{
    NS_LOG_FUNCTION(this << end << up);
    std::size_t i = 0;
    while (i < m_nDevices && m_devices[i] != end)
    {
        ++i;
    }
    if (i == m_nDevices)
    {
        NS_FATAL_ERROR("CoChannel " << GetId() << "::SetEndUp: device " << end
                                    << " is not an end of this link");
    }
    bool wasUp = IsLinkUp();
    bool wasSignallingUp = IsSignallingUp();
    m_endUp[i] = up;
    NotifyIfChanged(wasUp, wasSignallingUp);
}

bool
CoChannel::IsLinkUp() const
{
    NS_LOG_FUNCTION(this);
    return m_enabled && m_nDevices == m_devices.size() && m_endUp[0] && m_endUp[1];
}

void
CoChannel::SetSignallingUp(bool up)
{
    NS_LOG_FUNCTION(this << up);
    if (up == m_signallingEnabled)
    {
        return;
    }
    bool wasUp = IsLinkUp();
    bool wasSignallingUp = IsSignallingUp();
    m_signallingEnabled = up;
    NotifyIfChanged(wasUp, wasSignallingUp);
}

bool
CoChannel::IsSignallingUp() const
{
    NS_LOG_FUNCTION(this);
    return m_signallingEnabled && IsLinkUp();
}

void
CoChannel::NotifyIfChanged(bool wasUp, bool wasSignallingUp)
{
    NS_LOG_FUNCTION(this << wasUp << wasSignallingUp);
    bool up = IsLinkUp();
    if (up != wasUp)
    {
        if (!up)
        {
            ++m_epoch; // frames on the wire are lost, even if it comes back before they land
        }
        NS_LOG_INFO("CoChannel " << GetId() << " link " << (up ? "up" : "down"));
        m_linkStateTrace(up);
        for (std::size_t i = 0; i < m_nDevices; ++i)
        {
            m_devices[i]->NotifyLinkChange(up);
        }
    }
    // After the link's own change, so that an owner hears of a failed link
    // before it hears that its signalling went with it.
    bool signallingUp = IsSignallingUp();
    if (signallingUp != wasSignallingUp)
    {
        NS_LOG_INFO("CoChannel " << GetId() << " signalling " << (signallingUp ? "up" : "down"));
        m_signallingStateTrace(signallingUp);
        for (std::size_t i = 0; i < m_nDevices; ++i)
        {
            m_devices[i]->NotifySignallingChange(signallingUp);
        }
    }
}

std::size_t
CoChannel::GetNDevices() const
{
    NS_LOG_FUNCTION(this);
    return m_nDevices;
}

Ptr<NetDevice>
CoChannel::GetDevice(std::size_t i) const
{
    NS_LOG_FUNCTION(this << i);
    return GetCoPortDevice(i);
}

Ptr<CoPortNetDevice>
CoChannel::GetCoPortDevice(std::size_t i) const
{
    NS_LOG_FUNCTION(this << i);
    NS_ASSERT_MSG(i < m_nDevices, "CoChannel " << GetId() << " has no device " << i);
    return m_devices[i];
}

} // namespace ns3
