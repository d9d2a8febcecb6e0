/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_HELPER_H
#define CO_HELPER_H

#include "ns3/co-channel.h"
#include "ns3/co-net-device.h"
#include "ns3/co-port-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/data-rate.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/queue.h"
#include "ns3/trace-helper.h"

#include <string>
#include <utility>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Builds ATM links (CoChannel between two CoPortNetDevices) and
 *        traces them in pcap (SunATM, link type 123) and ascii form.
 *
 * Builds networks of hosts and switches too: InstallSwitch() and
 * InstallHost(). Host NICs get the attributes set with SetDeviceAttribute,
 * switch ports those set with SetPortAttribute; every device gets a transmit queue for data
 * from SetQueue (by default a DropTailQueue<Packet>) and keeps its own unbounded signalling
 * queue unless SetSignallingQueue says otherwise; every channel gets the channel attributes.
 */
class CoHelper : public PcapHelperForDevice, public AsciiTraceHelperForDevice
{
  public:
    /// pcap link type of the SunATM pseudo-header every frame starts with.
    static constexpr uint32_t DLT_SUNATM = 123;

    /// A helper making DropTailQueue<Packet> queues and default devices and channels.
    CoHelper();

    ~CoHelper() override = default;

    /**
     * \brief Sets the type and attributes of the transmit queue each device gets.
     * \tparam Ts \deduced argument types
     * \param type the queue's TypeId name, e.g. "ns3::DropTailQueue" (the
     *        item type, \<Packet\>, is added when missing)
     * \param [in] args attribute name and value pairs for the queue
     */
    template <typename... Ts>
    void SetQueue(std::string type, Ts&&... args);

    /**
     * \brief Sets the type and attributes of the signalling transmit queue
     *        (VCI 5) each device gets, in place of the unbounded one a
     *        device makes itself. A bounded queue loses signalling when it
     *        overflows, which a real SAAL would not: for studying that loss.
     * \tparam Ts \deduced argument types
     * \param type the queue's TypeId name (the item type, \<Packet\>, is
     *        added when missing)
     * \param [in] args attribute name and value pairs for the queue
     */
    template <typename... Ts>
    void SetSignallingQueue(std::string type, Ts&&... args);

    /**
     * \brief Gives every host NIC that InstallHost() creates from now on a
     *        CoVcScheduler of its own (queues per VC, GCRA shaping, service
     *        categories), made with these attributes; its VCs register as
     *        they are activated.
     * \tparam Ts \deduced argument types
     * \param [in] args attribute name and value pairs for the scheduler,
     *        e.g. "Discipline", EnumValue(...), "MaxCells", UintegerValue(1000)
     */
    template <typename... Ts>
    void SetHostVcScheduler(Ts&&... args);

    /**
     * \brief Gives every switch port that InstallHost() and
     *        ConnectSwitches() create from now on a CoVcScheduler of its own,
     *        made with these attributes; the switch registers each output
     *        VC at its cross-connect (and each multipoint branch).
     * \tparam Ts \deduced argument types
     * \param [in] args attribute name and value pairs for the scheduler
     */
    template <typename... Ts>
    void SetSwitchVcScheduler(Ts&&... args);

    /**
     * \brief Whether every host NIC that InstallHost() creates from now on
     *        gets a NetDeviceQueueInterface (one transmit queue), so that
     *        its clients can use ns-3's flow control and byte queue limits
     *        (CoPortNetDevice::GetFlowControlTxQueue()). Off by default,
     *        unlike PointToPointHelper: nothing above a NIC reads it unless
     *        a client does.
     * \param enable whether to aggregate one
     */
    void SetHostFlowControl(bool enable);

    /**
     * \brief Sets an attribute of every host NIC (CoNetDevice) the helper creates.
     * \param name the attribute name (of CoNetDevice or CoPortNetDevice)
     * \param value its value
     */
    void SetDeviceAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Sets an attribute of every plain CoPortNetDevice the helper
     *        creates: switch ports, and both ends of InstallLink().
     * \param name the attribute name
     * \param value its value
     */
    void SetPortAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Sets an attribute of every CoSwitch the helper creates.
     * \param name the attribute name
     * \param value its value
     */
    void SetSwitchAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Makes a node an ATM switch: aggregates a CoSwitch to it.
     *
     * A switch whose Prefix attribute was not set gets one that names its
     * node: 47.0091.8100.0000 followed by the node id in six bytes.
     *
     * \param node the switch's node
     * \return the switch
     */
    Ptr<CoSwitch> InstallSwitch(Ptr<Node> node);

    /**
     * \brief Attaches a host to a switch over a new link.
     *
     * Creates a CoNetDevice on the host and a port on the switch, connects
     * them with a CoChannel, gives the host the AESA made of the switch's
     * prefix, the host's node id as ESI and selector 0, and routes that
     * address (any selector) to the port.
     *
     * \param host the host's node
     * \param switchNode a node on which InstallSwitch() was called
     * \return the host's NIC
     */
    Ptr<CoNetDevice> InstallHost(Ptr<Node> host, Ptr<Node> switchNode);

    /**
     * \brief Attaches each host to a switch (see InstallHost()).
     * \param hosts the hosts' nodes
     * \param switchNode a node on which InstallSwitch() was called
     * \return the hosts' NICs
     */
    NetDeviceContainer InstallHosts(NodeContainer hosts, Ptr<Node> switchNode);

    /**
     * \brief Links two switches: a new port on each, joined by a new channel.
     *
     * The ports come from the port factory (SetPortAttribute) with a queue
     * each (SetQueue); the channel from the channel factory
     * (SetChannelAttribute), its DataRate and Delay then set to \p rate and
     * \p delay. No route is added: that is the topology helper's job.
     *
     * \param a a node on which InstallSwitch() was called
     * \param b another one
     * \param rate the link's line rate, each direction
     * \param delay the link's propagation delay
     * \return the index of the new port on \p a, then on \p b
     */
    std::pair<uint32_t, uint32_t> ConnectSwitches(Ptr<Node> a,
                                                  Ptr<Node> b,
                                                  DataRate rate,
                                                  Time delay);

    /**
     * \brief Sets an attribute of every CoChannel the helper creates.
     * \param name the attribute name
     * \param value its value
     */
    void SetChannelAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Creates a device on each node, gives each a queue, and links them.
     * \param a first node
     * \param sideA interface side of the device on \p a
     * \param b second node
     * \param sideB interface side of the device on \p b
     * \return the device on \p a, then the device on \p b
     */
    NetDeviceContainer InstallLink(Ptr<Node> a,
                                   CoPortNetDevice::InterfaceSide sideA,
                                   Ptr<Node> b,
                                   CoPortNetDevice::InterfaceSide sideB);

    /**
     * \brief Links two existing devices with a new channel.
     * \param a one end (not yet attached to a channel)
     * \param b the other end (not yet attached to a channel)
     * \return the new channel
     */
    Ptr<CoChannel> Connect(Ptr<CoPortNetDevice> a, Ptr<CoPortNetDevice> b);

    /**
     * \brief Gives a device a new transmit queue of the configured type,
     *        and a new signalling queue if SetSignallingQueue() was called.
     * \param device the device
     */
    void InstallQueue(Ptr<CoPortNetDevice> device);

  private:
    /**
     * \brief Writes the frames a device sends and receives to a pcap file of link type 123.
     *
     * The frames start with the SunATM pseudo-header already, so they are
     * written as they stand.
     *
     * \param prefix file name prefix
     * \param nd the device (ignored unless it is a CoPortNetDevice)
     * \param promiscuous hook PromiscSniffer rather than Sniffer (the same frames)
     * \param explicitFilename use \p prefix as the whole file name
     */
    void EnablePcapInternal(std::string prefix,
                            Ptr<NetDevice> nd,
                            bool promiscuous,
                            bool explicitFilename) override;

    /**
     * \brief Writes queue enqueue (+), dequeue (-), drop (d), receive (r) and
     *        receive drop (d) lines for a device.
     * \param stream where to write, with a context on each line; null for a
     *        file of the device's own, without context
     * \param prefix file name prefix (when \p stream is null)
     * \param nd the device (ignored unless it is a CoPortNetDevice)
     * \param explicitFilename use \p prefix as the whole file name
     */
    void EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                             std::string prefix,
                             Ptr<NetDevice> nd,
                             bool explicitFilename) override;

    ObjectFactory m_queueFactory;           //!< makes the transmit queues
    ObjectFactory m_signallingQueueFactory; //!< makes signalling queues, once SetSignallingQueue()
    ObjectFactory m_deviceFactory;          //!< makes host NICs (CoNetDevice)
    ObjectFactory m_portFactory;            //!< makes switch ports and link devices
    ObjectFactory m_switchFactory;          //!< makes switches
    ObjectFactory m_channelFactory;         //!< makes the channels
    ObjectFactory m_hostVcSchedulerFactory; //!< makes host NICs' VC schedulers, once set
    ObjectFactory m_switchVcSchedulerFactory; //!< makes switch ports' VC schedulers, once set
    bool m_hostFlowControl = false;           //!< host NICs get a NetDeviceQueueInterface
};

template <typename... Ts>
void
CoHelper::SetQueue(std::string type, Ts&&... args)
{
    QueueBase::AppendItemTypeIfNotPresent(type, "Packet");
    m_queueFactory.SetTypeId(type);
    m_queueFactory.Set(std::forward<Ts>(args)...);
}

template <typename... Ts>
void
CoHelper::SetSignallingQueue(std::string type, Ts&&... args)
{
    QueueBase::AppendItemTypeIfNotPresent(type, "Packet");
    m_signallingQueueFactory.SetTypeId(type);
    m_signallingQueueFactory.Set(std::forward<Ts>(args)...);
}

template <typename... Ts>
void
CoHelper::SetHostVcScheduler(Ts&&... args)
{
    m_hostVcSchedulerFactory.SetTypeId("ns3::CoVcScheduler");
    m_hostVcSchedulerFactory.Set(std::forward<Ts>(args)...);
}

template <typename... Ts>
void
CoHelper::SetSwitchVcScheduler(Ts&&... args)
{
    m_switchVcSchedulerFactory.SetTypeId("ns3::CoVcScheduler");
    m_switchVcSchedulerFactory.Set(std::forward<Ts>(args)...);
}

} // namespace ns3

#endif /* CO_HELPER_H */
