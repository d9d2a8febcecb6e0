/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/packet.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoHelper");

CoHelper::CoHelper()
{
    NS_LOG_FUNCTION(this);
    m_queueFactory.SetTypeId("ns3::DropTailQueue<Packet>");
    m_deviceFactory.SetTypeId("ns3::CoNetDevice");
    m_portFactory.SetTypeId("ns3::CoPortNetDevice");
    m_switchFactory.SetTypeId("ns3::CoSwitch");
    m_channelFactory.SetTypeId("ns3::CoChannel");
}

void
CoHelper::SetDeviceAttribute(std::string name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_deviceFactory.Set(name, value);
}

void
CoHelper::SetPortAttribute(std::string name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_portFactory.Set(name, value);
}

void
CoHelper::SetSwitchAttribute(std::string name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_switchFactory.Set(name, value);
}

void
CoHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_channelFactory.Set(name, value);
}

NetDeviceContainer
CoHelper::InstallLink(Ptr<Node> a,
                      CoPortNetDevice::InterfaceSide sideA,
                      Ptr<Node> b,
                      CoPortNetDevice::InterfaceSide sideB)
{
    NS_LOG_FUNCTION(this << a << static_cast<int>(sideA) << b << static_cast<int>(sideB));
    NetDeviceContainer devices;
    for (auto [node, side] : {std::make_pair(a, sideA), std::make_pair(b, sideB)})
    {
        Ptr<CoPortNetDevice> device = m_portFactory.Create<CoPortNetDevice>();
        // the argument wins over an InterfaceSide device attribute
        device->SetInterfaceSide(side);
        node->AddDevice(device);
        InstallQueue(device);
        devices.Add(device);
    }
    Connect(DynamicCast<CoPortNetDevice>(devices.Get(0)),
            DynamicCast<CoPortNetDevice>(devices.Get(1)));
    return devices;
}

Ptr<CoChannel>
CoHelper::Connect(Ptr<CoPortNetDevice> a, Ptr<CoPortNetDevice> b)
{
    NS_LOG_FUNCTION(this << a << b);
    Ptr<CoChannel> channel = m_channelFactory.Create<CoChannel>();
    a->Attach(channel);
    b->Attach(channel);
    return channel;
}

void
CoHelper::InstallQueue(Ptr<CoPortNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    device->SetQueue(m_queueFactory.Create<Queue<Packet>>());
    if (m_signallingQueueFactory.IsTypeIdSet())
    {
        device->SetSignallingQueue(m_signallingQueueFactory.Create<Queue<Packet>>());
    }
}

Ptr<CoSwitch>
CoHelper::InstallSwitch(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    if (node->GetObject<CoSwitch>())
    {
        NS_FATAL_ERROR("node " << node->GetId() << " is already a switch");
    }
    Ptr<CoSwitch> sw = m_switchFactory.Create<CoSwitch>();
    if (sw->GetPrefix() == AesaAddress())
    {
        uint8_t prefix[AesaAddress::SIZE] = {0x47, 0x00, 0x91, 0x81, 0x00, 0x00, 0x00};
        for (uint32_t i = 0; i < 6; ++i)
        {
            prefix[7 + i] = (uint64_t(node->GetId()) >> (8 * (5 - i))) & 0xff;
        }
        sw->SetPrefix(AesaAddress(prefix));
    }
    node->AggregateObject(sw);
    return sw;
}

void
CoHelper::SetHostFlowControl(bool enable)
{
    m_hostFlowControl = enable;
}

Ptr<CoNetDevice>
CoHelper::InstallHost(Ptr<Node> host, Ptr<Node> switchNode)
{
    NS_LOG_FUNCTION(this << host << switchNode);
    Ptr<CoSwitch> sw = switchNode->GetObject<CoSwitch>();
    if (!sw)
    {
        NS_FATAL_ERROR("node " << switchNode->GetId()
                               << " is not a switch: call InstallSwitch() on it first");
    }
    Ptr<CoNetDevice> nic = m_deviceFactory.Create<CoNetDevice>();
    host->AddDevice(nic);
    InstallQueue(nic);
    if (m_hostVcSchedulerFactory.IsTypeIdSet())
    {
        nic->SetVcScheduler(m_hostVcSchedulerFactory.Create<CoVcScheduler>());
    }
    if (m_hostFlowControl)
    {
        // After the scheduler: the device takes up the interface with the
        // data queue it will have (its NotifyNewAggregate).
        nic->AggregateObject(CreateObject<NetDeviceQueueInterface>());
    }
    Ptr<CoPortNetDevice> port = m_portFactory.Create<CoPortNetDevice>();
    switchNode->AddDevice(port);
    InstallQueue(port);
    if (m_switchVcSchedulerFactory.IsTypeIdSet())
    {
        port->SetVcScheduler(m_switchVcSchedulerFactory.Create<CoVcScheduler>());
    }
    Connect(nic, port);
    uint32_t index = sw->AddPort(port);

    AesaAddress address = AesaAddress::Compose(sw->GetPrefix(), host->GetId());
    nic->SetAesa(address);
    // Prefix and ESI identify the host; the selector is the host's business.
    sw->AddRoute(address, 8 * (AesaAddress::SIZE - 1), index);
    return nic;
}

std::pair<uint32_t, uint32_t>
CoHelper::ConnectSwitches(Ptr<Node> a, Ptr<Node> b, DataRate rate, Time delay)
{
    NS_LOG_FUNCTION(this << a << b << rate << delay);
    if (a == b)
    {
        NS_FATAL_ERROR("ConnectSwitches: node " << a->GetId() << " cannot be linked to itself");
    }
    Ptr<CoSwitch> switches[2] = {a->GetObject<CoSwitch>(), b->GetObject<CoSwitch>()};
    Ptr<CoPortNetDevice> ports[2];
    Ptr<Node> nodes[2] = {a, b};
    for (int i = 0; i < 2; ++i)
    {
        if (!switches[i])
        {
            NS_FATAL_ERROR("ConnectSwitches: node " << nodes[i]->GetId()
                                                    << " is not a switch: call InstallSwitch() on "
                                                       "it first");
        }
        ports[i] = m_portFactory.Create<CoPortNetDevice>();
        nodes[i]->AddDevice(ports[i]);
        InstallQueue(ports[i]);
        if (m_switchVcSchedulerFactory.IsTypeIdSet())
        {
            ports[i]->SetVcScheduler(m_switchVcSchedulerFactory.Create<CoVcScheduler>());
        }
    }
    Ptr<CoChannel> channel = Connect(ports[0], ports[1]);
    channel->SetAttribute("DataRate", DataRateValue(rate));
    channel->SetAttribute("Delay", TimeValue(delay));
    return {switches[0]->AddPort(ports[0]), switches[1]->AddPort(ports[1])};
}

NetDeviceContainer
CoHelper::InstallHosts(NodeContainer hosts, Ptr<Node> switchNode)
{
    NetDeviceContainer devices;
    for (auto it = hosts.Begin(); it != hosts.End(); ++it)
    {
        devices.Add(InstallHost(*it, switchNode));
    }
    return devices;
}

void
CoHelper::EnablePcapInternal(std::string prefix,
                             Ptr<NetDevice> nd,
                             bool promiscuous,
                             bool explicitFilename)
{
    NS_LOG_FUNCTION(this << prefix << nd << promiscuous << explicitFilename);
    // EnablePcapAll and friends offer every device of every node: take ours only.
    Ptr<CoPortNetDevice> device = nd->GetObject<CoPortNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("device " << nd << " is not a CoPortNetDevice: no pcap");
        return;
    }

    PcapHelper pcapHelper;
    std::string filename =
        explicitFilename ? prefix : pcapHelper.GetFilenameFromDevice(prefix, device);
    Ptr<PcapFileWrapper> file =
        pcapHelper.CreateFile(filename,
                              std::ios::out,
                              static_cast<PcapHelper::DataLinkType>(DLT_SUNATM));
    pcapHelper.HookDefaultSink<CoPortNetDevice>(device,
                                                promiscuous ? "PromiscSniffer" : "Sniffer",
                                                file);
}

void
CoHelper::EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                              std::string prefix,
                              Ptr<NetDevice> nd,
                              bool explicitFilename)
{
    NS_LOG_FUNCTION(this << stream << prefix << nd << explicitFilename);
    Ptr<CoPortNetDevice> device = nd->GetObject<CoPortNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("device " << nd << " is not a CoPortNetDevice: no ascii trace");
        return;
    }
    Ptr<Queue<Packet>> queue = device->GetQueue();
    Ptr<Queue<Packet>> signalling = device->GetSignallingQueue();
    NS_ABORT_MSG_IF(!queue || !signalling,
                    "CoHelper::EnableAscii: device " << nd->GetIfIndex() << " of node "
                                                     << nd->GetNode()->GetId()
                                                     << " has no transmit queue yet");

    // The default sinks print the packets, headers and all.
    Packet::EnablePrinting();

    if (!stream)
    {
        // A file of the device's own: no context needed on each line.
        AsciiTraceHelper asciiTraceHelper;
        std::string filename =
            explicitFilename ? prefix : asciiTraceHelper.GetFilenameFromDevice(prefix, device);
        Ptr<OutputStreamWrapper> theStream = asciiTraceHelper.CreateFileStream(filename);
        asciiTraceHelper.HookDefaultReceiveSinkWithoutContext<CoPortNetDevice>(device,
                                                                               "MacRx",
                                                                               theStream);
        asciiTraceHelper.HookDefaultDropSinkWithoutContext<CoPortNetDevice>(device,
                                                                            "PhyRxDrop",
                                                                            theStream);
        asciiTraceHelper.HookDefaultEnqueueSinkWithoutContext<Queue<Packet>>(queue,
                                                                             "Enqueue",
                                                                             theStream);
        asciiTraceHelper.HookDefaultDequeueSinkWithoutContext<Queue<Packet>>(queue,
                                                                             "Dequeue",
                                                                             theStream);
        asciiTraceHelper.HookDefaultDropSinkWithoutContext<Queue<Packet>>(queue, "Drop", theStream);
        asciiTraceHelper.HookDefaultEnqueueSinkWithoutContext<Queue<Packet>>(signalling,
                                                                             "Enqueue",
                                                                             theStream);
        asciiTraceHelper.HookDefaultDequeueSinkWithoutContext<Queue<Packet>>(signalling,
                                                                             "Dequeue",
                                                                             theStream);
        asciiTraceHelper.HookDefaultDropSinkWithoutContext<Queue<Packet>>(signalling,
                                                                          "Drop",
                                                                          theStream);
        return;
    }

    // A shared stream: each line carries the config path of its trace source
    // as context. Connected directly rather than through Config::Connect,
    // which would search every node for each device: slow over a thousand switches.
    std::ostringstream path;
    path << "/NodeList/" << nd->GetNode()->GetId() << "/DeviceList/" << nd->GetIfIndex()
         << "/$ns3::CoPortNetDevice/";
    std::string base = path.str();
    device->TraceConnect(
        "MacRx",
        base + "MacRx",
        MakeBoundCallback(&AsciiTraceHelper::DefaultReceiveSinkWithContext, stream));
    device->TraceConnect("PhyRxDrop",
                         base + "PhyRxDrop",
                         MakeBoundCallback(&AsciiTraceHelper::DefaultDropSinkWithContext, stream));
    queue->TraceConnect(
        "Enqueue",
        base + "TxQueue/Enqueue",
        MakeBoundCallback(&AsciiTraceHelper::DefaultEnqueueSinkWithContext, stream));
    queue->TraceConnect(
        "Dequeue",
        base + "TxQueue/Dequeue",
        MakeBoundCallback(&AsciiTraceHelper::DefaultDequeueSinkWithContext, stream));
    queue->TraceConnect("Drop",
                        base + "TxQueue/Drop",
                        MakeBoundCallback(&AsciiTraceHelper::DefaultDropSinkWithContext, stream));
    signalling->TraceConnect(
        "Enqueue",
        base + "SignallingTxQueue/Enqueue",
        MakeBoundCallback(&AsciiTraceHelper::DefaultEnqueueSinkWithContext, stream));
    signalling->TraceConnect(
        "Dequeue",
        base + "SignallingTxQueue/Dequeue",
        MakeBoundCallback(&AsciiTraceHelper::DefaultDequeueSinkWithContext, stream));
    signalling->TraceConnect(
        "Drop",
        base + "SignallingTxQueue/Drop",
        MakeBoundCallback(&AsciiTraceHelper::DefaultDropSinkWithContext, stream));
}

} // namespace ns3
