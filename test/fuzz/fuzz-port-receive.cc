/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: any bytes as frames arriving at the ports of a small
 * network (hosts a and b on one switch, a calling b, b answering), so that a
 * rogue or broken peer drives the switch's and the hosts' signalling from
 * the wire. The input is a sequence of records:
 *   byte 0: the receiving port in its low 2 bits (0: the switch's port to a,
 *           1: the switch's port to b, 2: host a, 3: host b), and the time to
 *           wait before it in milliseconds in the other 6;
 *   bytes 1-2: the frame's length, big-endian;
 *   then the frame as it is on the wire (AtmFrameHeader, then the SSCOP PDU).
 * The run goes on until every timer has fired (at most 200 s of simulated
 * time). Nothing reaches an assert, a fatal error or a sanitizer's report.
 */

#include "ns3/co-helper.h"
#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <cstdint>
#include <cstdlib>

using namespace ns3;

namespace
{

/// A CoNDIS client that accepts every call and closes calls when told.
class Client
{
  public:
    explicit Client(Ptr<CoNetDevice> device)
        : m_device(device)
    {
        CoClientHandlers h;
        h.registerSapComplete = MakeCallback(&Client::OnRegisterSapComplete, this);
        h.makeCallComplete = MakeCallback(&Client::OnMakeCallComplete, this);
        h.incomingCall = MakeCallback(&Client::OnIncomingCall, this);
        h.callConnected = MakeCallback(&Client::OnCallConnected, this);
        h.incomingCloseCall = MakeCallback(&Client::OnIncomingCloseCall, this);
        h.closeCallComplete = MakeCallback(&Client::OnCloseCallComplete, this);
        h.receive = MakeCallback(&Client::OnReceive, this);
        m_client = device->OpenAddressFamily(h);
        CoSapHandle sap;
        device->RegisterSap(m_client, CoSap(device->GetAesa()), sap);
    }

    /// Calls \p called (CBR, 1,000 cells/s).
    void Call(const AesaAddress& called)
    {
        if (!m_device->CreateVc(m_client, m_vc).IsSuccess())
        {
            return;
        }
        CoCallParameters p = CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000);
        p.calledParty = called;
        m_device->MakeCall(m_vc, p);
    }

  private:
    void OnRegisterSapComplete(CoStatus, CoSapHandle)
    {
    }

    void OnMakeCallComplete(CoStatus s, CoVcHandle h, const CoCallParameters&)
    {
        if (!s.IsSuccess())
        {
            m_device->DeleteVc(h);
        }
    }

    CoStatus OnIncomingCall(CoSapHandle, CoVcHandle, CoCallParameters&)
    {
        return CoStatus();
    }

    void OnCallConnected(CoVcHandle)
    {
    }

    void OnIncomingCloseCall(CoStatus, CoVcHandle h)
    {
        m_device->CloseCall(h);
        if (h == m_vc)
        {
            m_device->DeleteVc(h);
        }
    }

    void OnCloseCallComplete(CoStatus, CoVcHandle h)
    {
        if (h == m_vc)
        {
            m_device->DeleteVc(h);
        }
    }

    void OnReceive(CoVcHandle, Ptr<Packet>)
    {
    }

    Ptr<CoNetDevice> m_device; //!< the NIC
    CoClientHandle m_client;   //!< our address family
    CoVcHandle m_vc;           //!< the VC of our call
};

/// Delivers \p frame to \p port as the channel would.
void
Deliver(Ptr<CoPortNetDevice> port, Ptr<Packet> frame)
{
    port->Receive(frame);
}

} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    // The rule checker's report at the end of a run is not wanted 10^6 times.
    LogComponentDisableAll(LOG_LEVEL_ALL);
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 16384)
    {
        return 0;
    }
    {
        CoHelper helper;
        helper.SetChannelAttribute("DataRate", StringValue("10Mbps"));
        helper.SetChannelAttribute("Delay", StringValue("1ms"));
        NodeContainer hosts(2);
        NodeContainer switches(1);
        Ptr<CoSwitch> sw = helper.InstallSwitch(switches.Get(0));
        Ptr<CoNetDevice> a = helper.InstallHost(hosts.Get(0), switches.Get(0));
        Ptr<CoNetDevice> b = helper.InstallHost(hosts.Get(1), switches.Get(0));
        Client ca(a);
        Client cb(b);
        Ptr<CoPortNetDevice> ports[4] = {sw->GetPort(0), sw->GetPort(1), a, b};
        Simulator::Schedule(MilliSeconds(1), &Client::Call, &ca, b->GetAesa());

        Time at = MilliSeconds(1);
        size_t i = 0;
        while (i + 3 <= size)
        {
            uint8_t control = data[i];
            size_t length = static_cast<size_t>(data[i + 1]) << 8 | data[i + 2];
            i += 3;
            if (length > size - i)
            {
                length = size - i;
            }
            at += MilliSeconds(control >> 2);
            Simulator::Schedule(at,
                                &Deliver,
                                ports[control & 3],
                                Create<Packet>(data + i, static_cast<uint32_t>(length)));
            i += length;
        }
        Simulator::Stop(Seconds(200));
        Simulator::Run();
        a->EndOfRun();
        b->EndOfRun();
        // before the clients go: the devices may still call them as they are disposed
        Simulator::Destroy();
    }
    return 0;
}
