/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The link layer: CoPortNetDevice and CoChannel, without the helper.
 */

#include "co-test-network.h"

#include "ns3/atm-frame-header.h"
#include "ns3/co-channel.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-port-net-device.h"
#include "ns3/data-rate.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/enum.h"
#include "ns3/error-model.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/queue-size.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

using Side = CoPortNetDevice::InterfaceSide;

/// Copies of the packets a trace source fired with, and when.
struct PacketLog
{
    std::vector<Time> times;
    std::vector<Ptr<Packet>> packets;

    Callback<void, Ptr<const Packet>> Sink()
    {
        // Copied: the device goes on to change some packets after tracing them.
        return CoCallback<void, Ptr<const Packet>>([this](Ptr<const Packet> p) {
            times.push_back(Simulator::Now());
            packets.push_back(p->Copy());
        });
    }

    std::size_t Count() const
    {
        return packets.size();
    }
};

/// A frame as delivered through the FrameReceiveCallback.
struct Delivery
{
    Time at;
    Ptr<CoPortNetDevice> port;
    Ptr<Packet> sdu;
    AtmFrameHeader header;
};

std::vector<uint8_t>
BytesOf(Ptr<const Packet> p)
{
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return bytes;
}

Ptr<Packet>
MakeSdu(uint32_t size, uint8_t fill = 0xa5)
{
    std::vector<uint8_t> bytes(size, fill);
    return Create<Packet>(bytes.data(), size);
}

/// Two nodes, a user-side device A and a network-side device B, one link.
class CoLinkTest : public ::testing::Test
{
  protected:
    void Build(DataRate rate, Time delay, std::string queueSize = "100p")
    {
        m_channel = CreateObjectWithAttributes<CoChannel>("DataRate",
                                                          DataRateValue(rate),
                                                          "Delay",
                                                          TimeValue(delay));
        m_a = MakeDevice(Side::User, queueSize, m_rxA);
        m_b = MakeDevice(Side::Network, queueSize, m_rxB);
        m_a->Attach(m_channel);
        m_b->Attach(m_channel);
    }

    Ptr<CoPortNetDevice> MakeDevice(Side side, std::string queueSize, std::vector<Delivery>& rx)
    {
        Ptr<CoPortNetDevice> dev = condistest::MakeBarePort(side, queueSize);
        dev->SetFrameReceiveCallback(
            CoFn([&rx](Ptr<CoPortNetDevice> port, Ptr<Packet> sdu, const AtmFrameHeader& header) {
                rx.push_back({Simulator::Now(), port, sdu, header});
            }));
        return dev;
    }

    /// Sends an SDU from \p dev at time \p at.
    void SendAt(Time at,
                Ptr<CoPortNetDevice> dev,
                uint32_t size,
                uint16_t vci = 100,
                AtmTrafficType type = AtmTrafficType::VcMultiplexed)
    {
        CoSchedule(at, [dev, size, vci, type]() { dev->SendFrame(MakeSdu(size), 0, vci, type); });
    }

    Ptr<CoChannel> m_channel;
    Ptr<CoPortNetDevice> m_a;
    Ptr<CoPortNetDevice> m_b;
    std::vector<Delivery> m_rxA;
    std::vector<Delivery> m_rxB;
};

} // namespace

TEST(AtmFrameHeaderTest, SerialisesAsSunAtmPseudoHeader)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(AtmFrameHeader(AtmFrameHeader::SIGNALLING_VPI,
                                AtmFrameHeader::SIGNALLING_VCI,
                                AtmTrafficType::Signalling,
                                true));
    EXPECT_EQ(BytesOf(p), (std::vector<uint8_t>{0x86, 0x00, 0x00, 0x05}));

    p = Create<Packet>();
    p->AddHeader(AtmFrameHeader(0x12, 0x3456, AtmTrafficType::Llc, false));
    EXPECT_EQ(BytesOf(p), (std::vector<uint8_t>{0x02, 0x12, 0x34, 0x56}));

    AtmFrameHeader h;
    ASSERT_EQ(p->RemoveHeader(h), 4u);
    EXPECT_EQ(h.GetVpi(), 0x12);
    EXPECT_EQ(h.GetVci(), 0x3456);
    EXPECT_EQ(h.GetTrafficType(), AtmTrafficType::Llc);
    EXPECT_FALSE(h.IsFromUserSide());
}

TEST(AtmFrameHeaderTest, RefusesFewerThanFourBytes)
{
    uint8_t bytes[3] = {0x86, 0x00, 0x00};
    Ptr<Packet> p = Create<Packet>(bytes, sizeof(bytes));
    AtmFrameHeader h;
    EXPECT_EQ(p->PeekHeader(h), 0u);
}

TEST(CoPortNetDeviceCellsTest, CountsAal5CellsWithTrailerAndPadding)
{
    // ceil((n + 8) / 48): 40 bytes + 8 fill one cell exactly, 41 need two.
    EXPECT_EQ(CoPortNetDevice::GetCellCount(0), 1u);
    EXPECT_EQ(CoPortNetDevice::GetCellCount(40), 1u);
    EXPECT_EQ(CoPortNetDevice::GetCellCount(41), 2u);
    EXPECT_EQ(CoPortNetDevice::GetCellCount(88), 2u);
    EXPECT_EQ(CoPortNetDevice::GetCellCount(89), 3u);
    EXPECT_EQ(CoPortNetDevice::GetCellCount(100), 3u);
    // the classical IP MTU plus LLC/SNAP: 9196 / 48 = 191.6
    EXPECT_EQ(CoPortNetDevice::GetCellCount(9188), 192u);
    EXPECT_EQ(CoPortNetDevice::GetCellCount(65535), 1366u);
}

TEST_F(CoLinkTest, ArrivalTimeIsCellsTimesCellTimePlusDelay)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    // 100-byte SDU: ceil(108 / 48) = 3 cells = 3 * 53 * 8 = 1272 bits,
    // 1.272 ms at 1 Mb/s; plus 2 ms of propagation: 3.272 ms.
    EXPECT_EQ(m_a->GetTransmissionTime(100), MicroSeconds(1272));
    SendAt(Seconds(0), m_a, 100);
    // 40 bytes: 1 cell = 424 us; 41 bytes: 2 cells = 848 us.
    SendAt(Seconds(1), m_a, 40);
    SendAt(Seconds(2), m_a, 41);
    Simulator::Run();

    ASSERT_EQ(m_rxB.size(), 3u);
    EXPECT_EQ(m_rxB[0].at, MicroSeconds(3272));
    EXPECT_EQ(m_rxB[1].at, Seconds(1) + MicroSeconds(424 + 2000));
    EXPECT_EQ(m_rxB[2].at, Seconds(2) + MicroSeconds(848 + 2000));
    EXPECT_EQ(m_rxB[0].sdu->GetSize(), 100u);
    EXPECT_EQ(m_rxB[0].port, m_b);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, DefaultLineRateIsOc3)
{
    m_channel = CreateObject<CoChannel>();
    EXPECT_EQ(m_channel->GetDataRate(), DataRate("155.52Mbps"));
    EXPECT_EQ(m_channel->GetDelay(), Seconds(0));
    Ptr<CoPortNetDevice> dev = CreateObject<CoPortNetDevice>();
    dev->Attach(m_channel);
    // one cell, 424 bits / 155.52 Mb/s = 2726.337 ns, to the nanosecond
    EXPECT_EQ(dev->GetTransmissionTime(40), NanoSeconds(2726));
    // 192 cells: 81408 bits / 155.52 Mb/s = 523456.79 ns
    EXPECT_EQ(dev->GetTransmissionTime(9188), NanoSeconds(523457));
    Simulator::Destroy();
}

TEST_F(CoLinkTest, BackToBackFramesAreSerialised)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    PacketLog txBegin;
    PacketLog txEnd;
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("PhyTxBegin", txBegin.Sink()));
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("PhyTxEnd", txEnd.Sink()));
    SendAt(Seconds(0), m_a, 100);
    SendAt(Seconds(0), m_a, 100);
    Simulator::Run();

    // the second waits in the queue for the 1.272 ms the first occupies the link
    ASSERT_EQ(m_rxB.size(), 2u);
    EXPECT_EQ(m_rxB[0].at, MicroSeconds(3272));
    EXPECT_EQ(m_rxB[1].at, MicroSeconds(3272 + 1272));
    ASSERT_EQ(txBegin.Count(), 2u);
    EXPECT_EQ(txBegin.times[0], Seconds(0));
    EXPECT_EQ(txBegin.times[1], MicroSeconds(1272));
    ASSERT_EQ(txEnd.Count(), 2u);
    EXPECT_EQ(txEnd.times[0], MicroSeconds(1272));
    EXPECT_EQ(txEnd.times[1], MicroSeconds(2544));
    // PhyTxEnd traces the whole frame: header + SDU
    EXPECT_EQ(txEnd.packets[0]->GetSize(), 104u);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, FullDuplexDirectionsDoNotDelayEachOther)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    SendAt(Seconds(0), m_a, 100);
    SendAt(Seconds(0), m_b, 100);
    SendAt(Seconds(0), m_b, 40);
    Simulator::Run();

    ASSERT_EQ(m_rxB.size(), 1u);
    ASSERT_EQ(m_rxA.size(), 2u);
    EXPECT_EQ(m_rxB[0].at, MicroSeconds(3272));
    EXPECT_EQ(m_rxA[0].at, MicroSeconds(3272));
    EXPECT_EQ(m_rxA[1].at, MicroSeconds(1272 + 424 + 2000));
    Simulator::Destroy();
}

TEST_F(CoLinkTest, QueueOverflowDropsWithMacTxDrop)
{
    Build(DataRate("1Mbps"), MilliSeconds(2), "2p");
    PacketLog macTx;
    PacketLog macTxDrop;
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("MacTx", macTx.Sink()));
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("MacTxDrop", macTxDrop.Sink()));

    // The first frame goes straight on the wire; two wait; the fourth has no room.
    std::vector<bool> accepted;
    Ptr<Packet> fourth = MakeSdu(60, 0x44);
    for (int i = 0; i < 3; ++i)
    {
        accepted.push_back(m_a->SendFrame(MakeSdu(60), 0, 100, AtmTrafficType::VcMultiplexed));
    }
    accepted.push_back(m_a->SendFrame(fourth, 0, 100, AtmTrafficType::VcMultiplexed));
    EXPECT_EQ(accepted, (std::vector<bool>{true, true, true, false}));
    EXPECT_EQ(macTx.Count(), 4u);
    ASSERT_EQ(macTxDrop.Count(), 1u);
    EXPECT_EQ(macTxDrop.packets[0]->GetSize(), 64u);
    // the refused SDU is handed back without the header the device added
    EXPECT_EQ(BytesOf(fourth), std::vector<uint8_t>(60, 0x44));

    Simulator::Run();
    EXPECT_EQ(m_rxB.size(), 3u);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, ReceiveErrorModelDropsWithPhyRxDrop)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    Ptr<ReceiveListErrorModel> em = CreateObject<ReceiveListErrorModel>();
    em->SetList({1});
    m_b->SetReceiveErrorModel(em);
    PacketLog phyRxEnd;
    PacketLog phyRxDrop;
    PacketLog macRx;
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("PhyRxEnd", phyRxEnd.Sink()));
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("PhyRxDrop", phyRxDrop.Sink()));
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("MacRx", macRx.Sink()));
    SendAt(Seconds(0), m_a, 10, 101);
    SendAt(Seconds(0), m_a, 10, 102);
    SendAt(Seconds(0), m_a, 10, 103);
    Simulator::Run();

    EXPECT_EQ(phyRxEnd.Count(), 3u);
    ASSERT_EQ(phyRxDrop.Count(), 1u);
    EXPECT_EQ(macRx.Count(), 2u);
    ASSERT_EQ(m_rxB.size(), 2u);
    EXPECT_EQ(m_rxB[0].header.GetVci(), 101);
    EXPECT_EQ(m_rxB[1].header.GetVci(), 103);
    AtmFrameHeader dropped;
    ASSERT_EQ(phyRxDrop.packets[0]->PeekHeader(dropped), 4u);
    EXPECT_EQ(dropped.GetVci(), 102);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, VcAndTrafficTypeAndPayloadArriveIntact)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    std::vector<uint8_t> payload{0x09, 0x03, 0x00, 0x00, 0x17, 0x4d, 0x80, 0x00, 0x06};
    CoSchedule(Seconds(0), [this, payload]() {
        EXPECT_TRUE(m_a->SendFrame(Create<Packet>(payload.data(), payload.size()),
                                   0x2a,
                                   0xbeef,
                                   AtmTrafficType::Llc));
        EXPECT_TRUE(m_b->SendFrame(MakeSdu(7),
                                   AtmFrameHeader::SIGNALLING_VPI,
                                   AtmFrameHeader::SIGNALLING_VCI,
                                   AtmTrafficType::Signalling));
    });
    Simulator::Run();

    ASSERT_EQ(m_rxB.size(), 1u);
    EXPECT_EQ(m_rxB[0].header.GetVpi(), 0x2a);
    EXPECT_EQ(m_rxB[0].header.GetVci(), 0xbeef);
    EXPECT_EQ(m_rxB[0].header.GetTrafficType(), AtmTrafficType::Llc);
    EXPECT_TRUE(m_rxB[0].header.IsFromUserSide());
    EXPECT_EQ(BytesOf(m_rxB[0].sdu), payload);

    ASSERT_EQ(m_rxA.size(), 1u);
    EXPECT_EQ(m_rxA[0].port, m_a);
    EXPECT_EQ(m_rxA[0].header.GetVpi(), 0);
    EXPECT_EQ(m_rxA[0].header.GetVci(), 5);
    EXPECT_EQ(m_rxA[0].header.GetTrafficType(), AtmTrafficType::Signalling);
    EXPECT_FALSE(m_rxA[0].header.IsFromUserSide());
    EXPECT_EQ(m_rxA[0].sdu->GetSize(), 7u);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, DirectionBitFollowsInterfaceSide)
{
    Build(DataRate("1Mbps"), MilliSeconds(0));
    PacketLog snifferA;
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("Sniffer", snifferA.Sink()));
    SendAt(Seconds(0), m_a, 20, 5, AtmTrafficType::Signalling);
    SendAt(Seconds(0), m_b, 20, 5, AtmTrafficType::Signalling);
    // switched round: the same device now sends as the network side
    CoSchedule(Seconds(1), [this]() { m_a->SetInterfaceSide(Side::Network); });
    SendAt(Seconds(2), m_a, 20, 5, AtmTrafficType::Signalling);
    Simulator::Run();

    // A's sniffer sees what it sent and what it received, in time order.
    ASSERT_EQ(snifferA.Count(), 3u);
    EXPECT_EQ(BytesOf(snifferA.packets[0])[0], 0x86); // sent by A, user side
    EXPECT_EQ(BytesOf(snifferA.packets[1])[0], 0x06); // received from B, network side
    EXPECT_EQ(BytesOf(snifferA.packets[2])[0], 0x06); // sent by A, now network side
    EXPECT_EQ(snifferA.packets[0]->GetSize(), 24u);
    ASSERT_EQ(m_rxB.size(), 2u);
    EXPECT_TRUE(m_rxB[0].header.IsFromUserSide());
    EXPECT_FALSE(m_rxB[1].header.IsFromUserSide());
    Simulator::Destroy();
}

TEST_F(CoLinkTest, InterfaceSideIsAnAttribute)
{
    Ptr<CoPortNetDevice> dev = CreateObject<CoPortNetDevice>();
    EXPECT_EQ(dev->GetInterfaceSide(), Side::User);
    dev->SetAttribute("InterfaceSide", StringValue("Network"));
    EXPECT_EQ(dev->GetInterfaceSide(), Side::Network);
    CoEnumValue<int> v;
    dev->GetAttribute("InterfaceSide", v);
    EXPECT_EQ(v.Get(), static_cast<int>(Side::Network));
    dev->SetAttribute("InterfaceSide", EnumValue(static_cast<int>(Side::User)));
    EXPECT_EQ(dev->GetInterfaceSide(), Side::User);
    // (An unknown name is refused by ns-3's EnumChecker, which asserts in
    // ns-3's own Debug builds rather than failing softly: not tested here.)
    Simulator::Destroy();
}

TEST_F(CoLinkTest, ShortFrameHandedToReceiveIsDroppedCleanly)
{
    Build(DataRate("1Mbps"), MilliSeconds(0));
    PacketLog phyRxDrop;
    PacketLog sniffer;
    PacketLog macRx;
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("PhyRxDrop", phyRxDrop.Sink()));
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("Sniffer", sniffer.Sink()));
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("MacRx", macRx.Sink()));
    uint8_t three[3] = {0x86, 0x00, 0x00};
    m_b->Receive(Create<Packet>(three, sizeof(three)));
    m_b->Receive(Create<Packet>());

    EXPECT_EQ(phyRxDrop.Count(), 2u);
    EXPECT_EQ(sniffer.Count(), 0u);
    EXPECT_EQ(macRx.Count(), 0u);
    EXPECT_TRUE(m_rxB.empty());

    // a bare header is a well-formed frame with an empty SDU
    uint8_t four[4] = {0x86, 0x00, 0x00, 0x05};
    m_b->Receive(Create<Packet>(four, sizeof(four)));
    ASSERT_EQ(m_rxB.size(), 1u);
    EXPECT_EQ(m_rxB[0].sdu->GetSize(), 0u);
    EXPECT_EQ(m_rxB[0].header.GetVci(), 5);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, LinkComesUpWhenBothEndsAreAttached)
{
    m_channel = CreateObject<CoChannel>();
    std::vector<bool> states;
    ASSERT_TRUE(m_channel->TraceConnectWithoutContext(
        "LinkState",
        CoCallback<void, bool>([&states](bool up) { states.push_back(up); })));
    m_a = MakeDevice(Side::User, "10p", m_rxA);
    m_b = MakeDevice(Side::Network, "10p", m_rxB);
    int changesA = 0;
    m_a->AddLinkChangeCallback(CoCallback<void>([&changesA]() { ++changesA; }));

    EXPECT_FALSE(m_a->IsLinkUp());
    m_a->Attach(m_channel);
    EXPECT_FALSE(m_a->IsLinkUp());
    EXPECT_EQ(m_channel->GetPeer(m_a), nullptr);
    EXPECT_FALSE(m_a->SendFrame(MakeSdu(10), 0, 100, AtmTrafficType::VcMultiplexed));
    m_b->Attach(m_channel);
    EXPECT_TRUE(m_a->IsLinkUp());
    EXPECT_TRUE(m_b->IsLinkUp());
    EXPECT_EQ(changesA, 1);
    EXPECT_EQ(states, std::vector<bool>{true});
    EXPECT_EQ(m_channel->GetNDevices(), 2u);
    EXPECT_EQ(m_channel->GetDevice(0), m_a);
    EXPECT_EQ(m_channel->GetPeer(m_a), m_b);
    EXPECT_EQ(m_channel->GetPeer(m_b), m_a);
    EXPECT_EQ(m_a->GetChannel(), m_channel);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, ThirdDeviceIsAFatalError)
{
    Build(DataRate("1Mbps"), MilliSeconds(0));
    Ptr<CoPortNetDevice> third = CreateObject<CoPortNetDevice>();
    EXPECT_DEATH(third->Attach(m_channel), "cannot take a third");
    Simulator::Destroy();
}

TEST_F(CoLinkTest, LinkDownRefusesFramesAndTellsBothEnds)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    std::vector<bool> states;
    ASSERT_TRUE(m_channel->TraceConnectWithoutContext(
        "LinkState",
        CoCallback<void, bool>([&states](bool up) { states.push_back(up); })));
    int changesA = 0;
    int changesB = 0;
    m_a->AddLinkChangeCallback(CoCallback<void>([&changesA]() { ++changesA; }));
    m_b->AddLinkChangeCallback(CoCallback<void>([&changesB]() { ++changesB; }));
    PacketLog macTxDrop;
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("MacTxDrop", macTxDrop.Sink()));

    m_channel->SetLinkUp(false);
    m_channel->SetLinkUp(false); // no change, no notification
    EXPECT_FALSE(m_channel->IsLinkUp());
    EXPECT_FALSE(m_a->IsLinkUp());
    EXPECT_FALSE(m_b->IsLinkUp());
    EXPECT_EQ(changesA, 1);
    EXPECT_EQ(changesB, 1);
    EXPECT_FALSE(m_a->SendFrame(MakeSdu(10), 0, 100, AtmTrafficType::VcMultiplexed));
    EXPECT_EQ(macTxDrop.Count(), 1u);
    // the channel itself refuses too
    EXPECT_FALSE(m_channel->TransmitStart(MakeSdu(14), m_a, MicroSeconds(424)));

    m_channel->SetLinkUp(true);
    EXPECT_TRUE(m_a->IsLinkUp());
    EXPECT_EQ(changesA, 2);
    EXPECT_EQ(changesB, 2);
    EXPECT_EQ(states, (std::vector<bool>{false, true}));
    EXPECT_TRUE(m_a->SendFrame(MakeSdu(10), 0, 100, AtmTrafficType::VcMultiplexed));
    Simulator::Run();
    EXPECT_EQ(m_rxB.size(), 1u);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, AFailedEndAndAFailedLinkAreSeparateCauses)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    std::vector<bool> states;
    ASSERT_TRUE(m_channel->TraceConnectWithoutContext(
        "LinkState",
        CoCallback<void, bool>([&states](bool up) { states.push_back(up); })));

    m_channel->SetLinkUp(false);
    m_channel->SetEndUp(m_a, false); // already down: no change
    m_channel->SetEndUp(m_a, true);  // the link is still failed itself
    EXPECT_FALSE(m_channel->IsLinkUp());
    m_channel->SetEndUp(m_b, false);
    m_channel->SetLinkUp(true); // b is still failed
    EXPECT_FALSE(m_channel->IsLinkUp());
    EXPECT_FALSE(m_a->IsLinkUp());
    EXPECT_FALSE(m_a->SendFrame(MakeSdu(10), 0, 100, AtmTrafficType::VcMultiplexed));
    m_channel->SetEndUp(m_b, true);
    EXPECT_TRUE(m_channel->IsLinkUp());
    EXPECT_TRUE(m_b->IsLinkUp());
    // One change each way, not one per cause.
    EXPECT_EQ(states, (std::vector<bool>{false, true}));
    Simulator::Destroy();
}

TEST_F(CoLinkTest, FramesInFlightWhenAnEndFailsAreLost)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    PacketLog phyRxDropB;
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("PhyRxDrop", phyRxDropB.Sink()));
    // On the wire 0-1.272 ms, arriving at 3.272 ms; b's end fails at 1 ms
    // and is back at 1.5 ms.
    SendAt(Seconds(0), m_a, 100);
    CoSchedule(MilliSeconds(1), [this]() { m_channel->SetEndUp(m_b, false); });
    CoSchedule(MicroSeconds(1500), [this]() { m_channel->SetEndUp(m_b, true); });
    SendAt(MilliSeconds(10), m_a, 100);
    Simulator::Run();

    ASSERT_EQ(phyRxDropB.Count(), 1u);
    EXPECT_EQ(phyRxDropB.times[0], MicroSeconds(3272));
    ASSERT_EQ(m_rxB.size(), 1u);
    EXPECT_EQ(m_rxB[0].at, MilliSeconds(10) + MicroSeconds(3272));
    Simulator::Destroy();
}

TEST_F(CoLinkTest, FramesInFlightWhenTheLinkFailsAreLost)
{
    Build(DataRate("1Mbps"), MilliSeconds(2));
    PacketLog phyRxDropB;
    PacketLog phyTxDropA;
    PacketLog phyTxEndA;
    ASSERT_TRUE(m_b->TraceConnectWithoutContext("PhyRxDrop", phyRxDropB.Sink()));
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("PhyTxDrop", phyTxDropA.Sink()));
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("PhyTxEnd", phyTxEndA.Sink()));

    // Three 100-byte frames: the first is on the wire 0-1.272 ms (arriving at
    // 3.272 ms), the others queued. The link fails at 1 ms and is back at 1.5 ms,
    // before the first would have arrived: it is lost all the same, and the
    // queued two are discarded when the link fails.
    SendAt(Seconds(0), m_a, 100);
    SendAt(Seconds(0), m_a, 100);
    SendAt(Seconds(0), m_a, 100);
    Simulator::Schedule(MilliSeconds(1), &CoChannel::SetLinkUp, m_channel, false);
    Simulator::Schedule(MicroSeconds(1500), &CoChannel::SetLinkUp, m_channel, true);
    // sent after the link is back: arrives
    SendAt(MilliSeconds(10), m_a, 100);
    Simulator::Run();

    ASSERT_EQ(phyTxDropA.Count(), 2u);
    EXPECT_EQ(phyTxDropA.times[0], MilliSeconds(1));
    EXPECT_EQ(phyTxEndA.Count(), 2u);
    ASSERT_EQ(phyRxDropB.Count(), 1u);
    EXPECT_EQ(phyRxDropB.times[0], MicroSeconds(3272));
    ASSERT_EQ(m_rxB.size(), 1u);
    EXPECT_EQ(m_rxB[0].at, MilliSeconds(10) + MicroSeconds(3272));
    Simulator::Destroy();
}

TEST_F(CoLinkTest, IsANonIpPointToPointDevice)
{
    Build(DataRate("1Mbps"), MilliSeconds(0));
    EXPECT_TRUE(m_a->IsPointToPoint());
    EXPECT_FALSE(m_a->IsBroadcast());
    EXPECT_FALSE(m_a->IsMulticast());
    EXPECT_FALSE(m_a->IsBridge());
    EXPECT_FALSE(m_a->NeedsArp());
    EXPECT_FALSE(m_a->SupportsSendFrom());
    EXPECT_EQ(m_a->GetMtu(), 9180);
    PacketLog macTx;
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("MacTx", macTx.Sink()));
    EXPECT_FALSE(m_a->Send(MakeSdu(20), Address(), 0x0800));
    EXPECT_FALSE(m_a->SendFrom(MakeSdu(20), Address(), Address(), 0x0800));
    EXPECT_EQ(macTx.Count(), 0u);
    EXPECT_EQ(m_a->GetNode()->GetDevice(0), m_a);
    EXPECT_EQ(m_a->GetIfIndex(), 0u);
    Simulator::Destroy();
}

TEST_F(CoLinkTest, SduLongerThanAal5AllowsIsRefused)
{
    Build(DataRate("1Gbps"), MilliSeconds(0));
    PacketLog macTxDrop;
    ASSERT_TRUE(m_a->TraceConnectWithoutContext("MacTxDrop", macTxDrop.Sink()));
    EXPECT_FALSE(m_a->SendFrame(MakeSdu(65536), 0, 100, AtmTrafficType::VcMultiplexed));
    EXPECT_TRUE(m_a->SendFrame(MakeSdu(65535), 0, 100, AtmTrafficType::VcMultiplexed));
    EXPECT_EQ(macTxDrop.Count(), 1u);
    Simulator::Run();
    ASSERT_EQ(m_rxB.size(), 1u);
    EXPECT_EQ(m_rxB[0].sdu->GetSize(), 65535u);
    Simulator::Destroy();
}
