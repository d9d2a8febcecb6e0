/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoHelper: building links, and tracing them to pcap (SunATM) and ascii files.
 */

#include "co-tshark.h"

#include "ns3/co-channel.h"
#include "ns3/co-helper.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-port-net-device.h"
#include "ns3/data-rate.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

using Side = CoPortNetDevice::InterfaceSide;

// Reference messages from /work/shared/wireshark/reference-signalling.pcap,
// as `tshark -r FILE -x -o sscop.payload:Q.2931` shows them after the 4-byte
// pseudo-header. Each SDU is an SSCOP SD PDU: the Q.2931 message, zero padding
// to a multiple of 4, and the 4-byte SSCOP trailer (pad length in the top two
// bits of its first byte, PDU type 8 = SD in the low nibble, then N(S)).

// SETUP (frame 3, user to network): protocol discriminator 09, call reference
// 000017, message type 05, length 0x68 = 104 bytes of IEs (AAL parameters,
// traffic descriptor, broadband bearer capability, called and calling party
// numbers, QoS, connection identifier...): 113 bytes, 3 pad, trailer c8000000.
const std::vector<uint8_t> SETUP_SDU{
    0x09, 0x03, 0x00, 0x00, 0x17, 0x05, 0x80, 0x00, 0x68, 0x58, 0x80, 0x00, 0x0b, 0x05, 0x8c,
    0x23, 0xe4, 0x81, 0x23, 0xe4, 0x83, 0x01, 0x84, 0x00, 0x59, 0x80, 0x00, 0x09, 0x84, 0x05,
    0x63, 0xb7, 0x85, 0x05, 0x63, 0xb7, 0xbe, 0x5e, 0x80, 0x00, 0x03, 0x10, 0x8a, 0x81, 0x70,
    0x80, 0x00, 0x15, 0x82, 0x39, 0x08, 0x40, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x02, 0x03, 0x00, 0xa0, 0xc9, 0x12, 0x34, 0x56, 0x00, 0x6c, 0x80, 0x00, 0x16, 0x02, 0x80,
    0x47, 0x00, 0x91, 0x81, 0x00, 0x00, 0x00, 0x00, 0x60, 0x3e, 0x5a, 0x79, 0x01, 0x00, 0x20,
    0x48, 0x1a, 0x2b, 0x01, 0x00, 0x5c, 0x80, 0x00, 0x02, 0x00, 0x00, 0x5f, 0x80, 0x00, 0x01,
    0xcc, 0x54, 0x80, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x00,
};

// CONNECT (frame 5, network to user): call reference flag set (800017),
// message type 07, 12 bytes of IEs (end-to-end transit delay, connection
// identifier): 21 bytes, 3 pad, trailer c8000001.
const std::vector<uint8_t> CONNECT_SDU{
    0x09, 0x03, 0x80, 0x00, 0x17, 0x07, 0x80, 0x00, 0x0c, 0x5f, 0x80, 0x00, 0x01, 0xcc,
    0x54, 0x80, 0x00, 0x03, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x01,
};

// From reference-aal5.pcap, frame 1: an RFC 2684 LLC/SNAP-routed IPv4/UDP
// datagram (AA AA 03, OUI 000000, EtherType 0800), sent on VPI 0 / VCI 100.
const std::vector<uint8_t> LLC_SDU{
    0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00, 0x45, 0x00, 0x00, 0x39, 0x00,
    0x01, 0x40, 0x00, 0x40, 0x11, 0xb6, 0xaf, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00,
    0x02, 0x02, 0x9c, 0x40, 0x00, 0x09, 0x00, 0x25, 0x00, 0x00, 0x52, 0x46, 0x43,
    0x20, 0x32, 0x36, 0x38, 0x34, 0x20, 0x4c, 0x4c, 0x43, 0x2f, 0x53, 0x4e, 0x41,
    0x50, 0x20, 0x72, 0x6f, 0x75, 0x74, 0x65, 0x64, 0x20, 0x49, 0x50, 0x76, 0x34,
};

/// Prepends a SunATM pseudo-header to an SDU, as the reference captures hold it.
std::vector<uint8_t>
Record(uint8_t flags, uint8_t vpi, uint16_t vci, const std::vector<uint8_t>& sdu)
{
    std::vector<uint8_t> r(4 + sdu.size());
    r[0] = flags;
    r[1] = vpi;
    r[2] = static_cast<uint8_t>(vci >> 8);
    r[3] = static_cast<uint8_t>(vci);
    std::copy(sdu.begin(), sdu.end(), r.begin() + 4);
    return r;
}

/// A pcap file, read back.
struct PcapContents
{
    uint32_t linkType = 0;
    std::vector<std::vector<uint8_t>> records;
    std::vector<uint64_t> timesUs;
    std::string error; //!< empty when the file parsed
};

uint32_t
ReadU32(const std::vector<uint8_t>& b, std::size_t at, bool swap)
{
    uint32_t v;
    std::memcpy(&v, &b[at], 4);
    return swap ? __builtin_bswap32(v) : v;
}

PcapContents
ReadPcap(const std::string& filename)
{
    PcapContents c;
    std::ifstream in(filename, std::ios::binary);
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (b.size() < 24)
    {
        c.error = "no global header";
        return c;
    }
    uint32_t magic;
    std::memcpy(&magic, b.data(), 4);
    bool swap = magic == 0xd4c3b2a1;
    if (magic != 0xa1b2c3d4 && !swap)
    {
        c.error = "bad magic";
        return c;
    }
    c.linkType = ReadU32(b, 20, swap);
    std::size_t at = 24;
    while (at < b.size())
    {
        if (at + 16 > b.size())
        {
            c.error = "truncated record header";
            return c;
        }
        uint64_t sec = ReadU32(b, at, swap);
        uint64_t usec = ReadU32(b, at + 4, swap);
        uint32_t incl = ReadU32(b, at + 8, swap);
        uint32_t orig = ReadU32(b, at + 12, swap);
        at += 16;
        if (incl != orig || at + incl > b.size())
        {
            c.error = "truncated record";
            return c;
        }
        c.records.emplace_back(b.begin() + at, b.begin() + at + incl);
        c.timesUs.push_back(sec * 1000000 + usec);
        at += incl;
    }
    return c;
}

/// Runs a shell command and returns its standard output.
std::string
TempFile(const std::string& name)
{
    const testing::TestInfo* info = testing::UnitTest::GetInstance()->current_test_info();
    return testing::TempDir() + "condis-" + info->name() + "-" + name;
}

std::vector<std::string>
ReadLines(const std::string& filename)
{
    std::ifstream in(filename);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
    {
        lines.push_back(line);
    }
    return lines;
}

std::size_t
CountStartingWith(const std::vector<std::string>& lines, const std::string& start)
{
    std::size_t n = 0;
    for (const auto& l : lines)
    {
        n += l.rfind(start, 0) == 0 ? 1 : 0;
    }
    return n;
}

void
SendAt(Time at,
       Ptr<NetDevice> dev,
       const std::vector<uint8_t>& sdu,
       uint8_t vpi,
       uint16_t vci,
       AtmTrafficType type)
{
    Ptr<CoPortNetDevice> port = DynamicCast<CoPortNetDevice>(dev);
    CoSchedule(at, [port, sdu, vpi, vci, type]() {
        EXPECT_TRUE(port->SendFrame(Create<Packet>(sdu.data(), sdu.size()), vpi, vci, type));
    });
}

/**
 * Builds a user-side host and a network-side switch port linked by a
 * CoHelper, has \p setup enable tracing, sends SETUP (user to network) at 0,
 * CONNECT (network to user) at 10 ms and an LLC frame (user to network) at
 * 20 ms, runs, and destroys everything, so that the trace files are closed
 * when it returns.
 */
template <typename F>
void
RunSignallingExchange(CoHelper& helper, F setup)
{
    helper.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    Ptr<Node> host = CreateObject<Node>();
    Ptr<Node> sw = CreateObject<Node>();
    NetDeviceContainer devices = helper.InstallLink(host, Side::User, sw, Side::Network);
    setup(devices);
    SendAt(Seconds(0), devices.Get(0), SETUP_SDU, 0, 5, AtmTrafficType::Signalling);
    SendAt(MilliSeconds(10), devices.Get(1), CONNECT_SDU, 0, 5, AtmTrafficType::Signalling);
    SendAt(MilliSeconds(20), devices.Get(0), LLC_SDU, 0, 100, AtmTrafficType::Llc);
    Simulator::Run();
    Simulator::Destroy();
}

} // namespace

TEST(CoHelperTest, InstallLinkMakesTwoLinkedDevicesWithTheConfiguredParts)
{
    CoHelper helper;
    helper.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("7p"));
    helper.SetPortAttribute("Mtu", UintegerValue(1500));
    helper.SetChannelAttribute("DataRate", DataRateValue(DataRate("622.08Mbps")));
    helper.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    NetDeviceContainer devices = helper.InstallLink(a, Side::Network, b, Side::User);

    ASSERT_EQ(devices.GetN(), 2u);
    Ptr<CoPortNetDevice> da = DynamicCast<CoPortNetDevice>(devices.Get(0));
    Ptr<CoPortNetDevice> db = DynamicCast<CoPortNetDevice>(devices.Get(1));
    ASSERT_TRUE(da && db);
    EXPECT_EQ(da->GetNode(), a);
    EXPECT_EQ(db->GetNode(), b);
    EXPECT_EQ(a->GetDevice(0), da);
    EXPECT_EQ(da->GetInterfaceSide(), Side::Network);
    EXPECT_EQ(db->GetInterfaceSide(), Side::User);
    EXPECT_EQ(da->GetMtu(), 1500);
    ASSERT_TRUE(da->GetQueue());
    EXPECT_NE(da->GetQueue(), db->GetQueue());
    EXPECT_EQ(da->GetQueue()->GetMaxSize(), QueueSize("7p"));
    EXPECT_NE(DynamicCast<DropTailQueue<Packet>>(da->GetQueue()), nullptr);
    Ptr<CoChannel> channel = da->GetCoChannel();
    ASSERT_TRUE(channel);
    EXPECT_EQ(db->GetCoChannel(), channel);
    EXPECT_EQ(channel->GetPeer(da), db);
    EXPECT_EQ(channel->GetDataRate(), DataRate("622.08Mbps"));
    EXPECT_EQ(channel->GetDelay(), MicroSeconds(5));
    EXPECT_TRUE(da->IsLinkUp());
    Simulator::Destroy();
}

TEST(CoHelperTest, ConnectAndInstallQueueEquipDevicesMadeElsewhere)
{
    CoHelper helper;
    helper.SetChannelAttribute("DataRate", DataRateValue(DataRate("1Mbps")));
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    Ptr<CoPortNetDevice> da = CreateObject<CoPortNetDevice>();
    Ptr<CoPortNetDevice> db = CreateObject<CoPortNetDevice>();
    a->AddDevice(da);
    b->AddDevice(db);
    EXPECT_FALSE(da->GetQueue());
    helper.InstallQueue(da);
    helper.InstallQueue(db);
    EXPECT_TRUE(da->GetQueue());
    Ptr<CoChannel> channel = helper.Connect(da, db);
    EXPECT_EQ(channel->GetPeer(db), da);
    EXPECT_EQ(channel->GetDataRate(), DataRate("1Mbps"));

    int received = 0;
    db->SetFrameReceiveCallback(CoFn(
        [&received](Ptr<CoPortNetDevice>, Ptr<Packet>, const AtmFrameHeader&) { ++received; }));
    EXPECT_TRUE(da->SendFrame(Create<Packet>(40), 1, 32, AtmTrafficType::VcMultiplexed));
    Simulator::Run();
    EXPECT_EQ(received, 1);
    EXPECT_EQ(Simulator::Now(), MicroSeconds(424));
    Simulator::Destroy();
}

TEST(CoHelperTest, ConnectSwitchesAddsAPortOnEachWithTheLinksRateAndDelay)
{
    CoHelper helper;
    helper.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("9p"));
    helper.SetChannelAttribute("DataRate", DataRateValue(DataRate("1Mbps")));
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    Ptr<CoSwitch> sa = helper.InstallSwitch(a);
    Ptr<CoSwitch> sb = helper.InstallSwitch(b);
    helper.InstallHost(CreateObject<Node>(), a); // port 0 of a

    auto [pa, pb] = helper.ConnectSwitches(a, b, DataRate("622.08Mbps"), MicroSeconds(250));
    EXPECT_EQ(pa, 1u);
    EXPECT_EQ(pb, 0u);
    ASSERT_EQ(sa->GetNPorts(), 2u);
    ASSERT_EQ(sb->GetNPorts(), 1u);
    Ptr<CoChannel> channel = sa->GetPort(pa)->GetCoChannel();
    ASSERT_TRUE(channel);
    EXPECT_EQ(channel->GetPeer(sa->GetPort(pa)), sb->GetPort(pb));
    EXPECT_EQ(channel->GetDataRate(), DataRate("622.08Mbps"));
    EXPECT_EQ(channel->GetDelay(), MicroSeconds(250));
    EXPECT_TRUE(channel->IsLinkUp());
    EXPECT_EQ(sa->GetPort(pa)->GetNode(), a);
    EXPECT_EQ(sb->GetPort(pb)->GetInterfaceSide(), Side::Network);
    EXPECT_EQ(sb->GetPort(pb)->GetQueue()->GetMaxSize(), QueueSize("9p"));
    // A second link between the same switches is a second pair of ports.
    EXPECT_EQ(helper.ConnectSwitches(b, a, DataRate("1Mbps"), Seconds(0)), std::make_pair(1u, 2u));
    EXPECT_EQ(sa->GetRoutingTable().GetSize(), 1u); // the host's route only
    Simulator::Destroy();
}

TEST(CoHelperTest, ConnectSwitchesRejectsWhatIsNotTwoSwitches)
{
    CoHelper helper;
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> plain = CreateObject<Node>();
    helper.InstallSwitch(a);
    EXPECT_DEATH(helper.ConnectSwitches(a, plain, DataRate("1Mbps"), Seconds(0)),
                 "ConnectSwitches: node [0-9]+ is not a switch");
    EXPECT_DEATH(helper.ConnectSwitches(a, a, DataRate("1Mbps"), Seconds(0)),
                 "cannot be linked to itself");
    Simulator::Destroy();
}

TEST(CoHelperTest, PcapHoldsSunAtmRecordsExactlyAsTheReferenceCapture)
{
    const std::string hostFile = TempFile("host.pcap");
    const std::string switchFile = TempFile("switch.pcap");
    CoHelper helper;
    RunSignallingExchange(helper, [&](NetDeviceContainer& devices) {
        helper.EnablePcap(hostFile, devices.Get(0), false, true);
        helper.EnablePcap(switchFile, devices.Get(1), true, true);
    });

    // Each file holds what its device sent and received, in time order, and
    // each record is the pseudo-header (0x80 set on frames from the user
    // side) followed by the SDU: byte for byte the reference capture's records.
    const std::vector<std::vector<uint8_t>> expected{
        Record(0x86, 0, 5, SETUP_SDU),
        Record(0x06, 0, 5, CONNECT_SDU),
        Record(0x82, 0, 100, LLC_SDU),
    };
    for (const auto& file : {hostFile, switchFile})
    {
        SCOPED_TRACE(file);
        PcapContents pcap = ReadPcap(file);
        ASSERT_EQ(pcap.error, "");
        EXPECT_EQ(pcap.linkType, 123u);
        ASSERT_EQ(pcap.records.size(), 3u);
        EXPECT_EQ(pcap.records, expected);
    }
    // Timestamps: the host sends SETUP at 0 and the LLC frame at 20 ms, and
    // receives CONNECT at 10 ms + 1 cell (2.726 us at 155.52 Mb/s) + 1 ms.
    PcapContents host = ReadPcap(hostFile);
    ASSERT_EQ(host.timesUs.size(), 3u);
    EXPECT_EQ(host.timesUs, (std::vector<uint64_t>{0, 11002, 20000}));
    // The switch receives SETUP after 3 cells (8.179 us) + 1 ms.
    PcapContents sw = ReadPcap(switchFile);
    ASSERT_EQ(sw.timesUs.size(), 3u);
    EXPECT_EQ(sw.timesUs[0], 1008u);
    EXPECT_EQ(sw.timesUs[1], 10000u);
}

TEST(CoHelperTest, WiresharkDecodesThePcapWithoutErrors)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the capture with Wireshark";
    }
    const std::string file = TempFile("host.pcap");
    CoHelper helper;
    RunSignallingExchange(helper, [&](NetDeviceContainer& devices) {
        helper.EnablePcap(file, devices.Get(0), false, true);
    });

    ASSERT_NE(Tshark(file, "-V").find("Frame 3:"), std::string::npos);
    EXPECT_EQ(TsharkProblems(file), std::vector<std::string>());
    // frames 1 and 2 are Q.2931 SETUP (0x05) and CONNECT (0x07)
    EXPECT_EQ(Tshark(file, "-Y q2931 -T fields -e frame.number -e q2931.message_type"),
              "1\t0x05\n2\t0x07\n");
    // and the directions are those of the pseudo-header
    EXPECT_EQ(Tshark(file, "-T fields -e atm.channel"), "0\n1\n0\n");
    // frame 3 is the LLC/SNAP-encapsulated UDP datagram
    EXPECT_EQ(Tshark(file, "-Y 'llc && udp.dstport == 9' -T fields -e frame.number"), "3\n");
}

TEST(CoHelperTest, AsciiTraceWritesEnqueueDequeueReceiveAndDropLines)
{
    const std::string file = TempFile("host.tr");
    CoHelper helper;
    // one frame in transmission and one waiting: a third sent at once is dropped
    helper.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1p"));
    RunSignallingExchange(helper, [&](NetDeviceContainer& devices) {
        helper.EnableAscii(file, devices.Get(0), true);
        Ptr<CoPortNetDevice> host = DynamicCast<CoPortNetDevice>(devices.Get(0));
        CoSchedule(Seconds(1), [host]() {
            for (int i = 0; i < 3; ++i)
            {
                host->SendFrame(Create<Packet>(10), 0, 101, AtmTrafficType::VcMultiplexed);
            }
        });
    });

    std::vector<std::string> lines = ReadLines(file);
    // sent: SETUP, LLC and three more, one of them dropped; received: CONNECT
    EXPECT_EQ(CountStartingWith(lines, "+ "), 4u);
    EXPECT_EQ(CountStartingWith(lines, "- "), 4u);
    EXPECT_EQ(CountStartingWith(lines, "d "), 1u);
    EXPECT_EQ(CountStartingWith(lines, "r "), 1u);
    ASSERT_FALSE(lines.empty());
    // packets are printed with their header (the header's own Print text is not checked)
    EXPECT_EQ(lines[0].rfind("+ 0 ns3::AtmFrameHeader (", 0), 0u) << lines[0];
    EXPECT_NE(lines[0].find("Payload (size=120)"), std::string::npos) << lines[0];
    std::size_t receive = 0;
    while (receive < lines.size() && lines[receive].rfind("r ", 0) != 0)
    {
        ++receive;
    }
    ASSERT_LT(receive, lines.size());
    EXPECT_NE(lines[receive].find("ns3::AtmFrameHeader ("), std::string::npos) << lines[receive];
    EXPECT_NE(lines[receive].find("Payload (size=28)"), std::string::npos) << lines[receive];
}

TEST(CoHelperTest, AsciiTraceOnASharedStreamNamesEachDevice)
{
    const std::string file = TempFile("all.tr");
    CoHelper helper;
    AsciiTraceHelper ascii;
    Ptr<OutputStreamWrapper> stream = ascii.CreateFileStream(file);
    RunSignallingExchange(helper, [&](NetDeviceContainer& devices) {
        helper.EnableAscii(stream, devices);
    });
    stream = nullptr;

    std::vector<std::string> lines = ReadLines(file);
    std::size_t hostLines = 0;
    std::size_t switchLines = 0;
    for (const auto& l : lines)
    {
        hostLines +=
            l.find(" /NodeList/0/DeviceList/0/$ns3::CoPortNetDevice/") != std::string::npos;
        switchLines +=
            l.find(" /NodeList/1/DeviceList/0/$ns3::CoPortNetDevice/") != std::string::npos;
    }
    // host: SETUP and LLC enqueued and dequeued, CONNECT received; switch likewise
    EXPECT_EQ(hostLines, 5u);
    EXPECT_EQ(switchLines, 4u);
    EXPECT_EQ(CountStartingWith(lines, "r "), 3u);
    // the first, the host's SETUP, through the signalling queue
    EXPECT_NE(lines.front().find("/$ns3::CoPortNetDevice/SignallingTxQueue/Enqueue"),
              std::string::npos)
        << lines.front();
    std::size_t dataLines = 0;
    for (const auto& l : lines)
    {
        dataLines += l.find("/$ns3::CoPortNetDevice/TxQueue/") != std::string::npos;
    }
    EXPECT_EQ(dataLines, 2u); // the host's LLC frame, in and out of its data queue
}
