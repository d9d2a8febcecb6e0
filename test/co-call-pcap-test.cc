/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A whole call, captured on every port, as Wireshark sees it.
 */

#include "co-test-network.h"
#include "co-tshark.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/llc-snap-header.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

TEST(CoCallPcapTest, WiresharkDecodesAWholeCallOnEveryPort)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the captures with Wireshark";
    }
    const std::string prefix = ::testing::TempDir() + "condis-call";
    {
        // In a scope of its own: the pcap files are complete once the
        // devices holding them are gone.
        OneSwitchNetwork net;
        net.Build();
        net.helper.EnablePcapAll(prefix);
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        net.ca->Call(net.b->GetAesa(),
                     CoCallParameters::Symmetric(CoServiceCategory::RtVbr, 500, 200, 20));
        CoSchedule(Seconds(1), [&]() {
            net.a->Send(net.ca->vc, Create<Packet>(1000));
            net.b->Send(net.cb->incomingVc, Create<Packet>(40));
        });
        CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
        Simulator::Run();
        Simulator::Destroy();
    }

    // node 0 is a, node 1 b, node 2 the switch (ports 0 to a, 1 to b)
    const std::string hostA = prefix + "-0-0.pcap";
    const std::string switchToB = prefix + "-2-1.pcap";
    for (const std::string& file : {hostA, prefix + "-1-0.pcap", prefix + "-2-0.pcap", switchToB})
    {
        EXPECT_EQ(TsharkProblems(file), std::vector<std::string>()) << file;
    }
    // a's UNI: what a sent and what the network answered, in order.
    EXPECT_EQ(Tshark(hostA, "-Y q2931 -T fields -e q2931.message_type -e atm.channel"),
              "0x05\t0\n"   // SETUP, a to the network
              "0x02\t1\n"   // CALL PROCEEDING
              "0x07\t1\n"   // CONNECT
              "0x0f\t0\n"   // CONNECT ACKNOWLEDGE
              "0x4d\t0\n"   // RELEASE
              "0x5a\t1\n"); // RELEASE COMPLETE
    // b's side of the switch: the switch's own call reference and VCI.
    EXPECT_EQ(Tshark(switchToB, "-Y q2931 -T fields -e q2931.message_type"),
              "0x05\n0x07\n0x0f\n0x4d\n0x5a\n");
    // The user data: one AAL5 frame each way on the call's VCI.
    EXPECT_EQ(Tshark(hostA, "-Y 'atm.vci >= 32' -T fields -e atm.vci -e frame.len"),
              "32\t1000\n32\t40\n");
}

TEST(CoCallPcapTest, LlcSnapFramesCarryTheirTrafficTypeForWireshark)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark is not on PATH: cannot check the captures with Wireshark";
    }
    const std::string prefix = ::testing::TempDir() + "condis-llc";
    {
        OneSwitchNetwork net;
        net.Build();
        net.helper.EnablePcapAll(prefix);
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0));
        CoSchedule(Seconds(1), [&]() {
            EXPECT_EQ(net.a->GetVcEncapsulation(net.ca->vc), AtmTrafficType::VcMultiplexed);
            ASSERT_TRUE(net.a->SetVcEncapsulation(net.ca->vc, AtmTrafficType::Llc).IsSuccess());
            EXPECT_EQ(net.a->GetVcEncapsulation(net.ca->vc), AtmTrafficType::Llc);
            // Only the two encapsulations of RFC 2684 are taken.
            EXPECT_EQ(net.a->SetVcEncapsulation(net.ca->vc, AtmTrafficType::Signalling).GetCode(),
                      CoStatusCode::InvalidData);
            EXPECT_EQ(net.a->GetVcEncapsulation(net.ca->vc), AtmTrafficType::Llc);
            // The client's SDU carries its LLC/SNAP header (EtherType 0x88b5,
            // local experimental: the payload is data to Wireshark).
            Ptr<Packet> sdu = Create<Packet>(100);
            LlcSnapHeader llc;
            llc.SetType(0x88b5);
            sdu->AddHeader(llc);
            EXPECT_TRUE(net.a->Send(net.ca->vc, sdu).IsSuccess());
            EXPECT_TRUE(net.b->Send(net.cb->incomingVc, Create<Packet>(40)).IsSuccess());
        });
        CoSchedule(Seconds(2), [&]() { EXPECT_TRUE(net.a->CloseCall(net.ca->vc).IsPending()); });
        Simulator::Run();
        net.ExpectEverythingReleased();
        // a bad handle is refused and counted
        EXPECT_EQ(net.a->SetVcEncapsulation(CoVcHandle(), AtmTrafficType::Llc).GetCode(),
                  CoStatusCode::InvalidData);
        EXPECT_EQ(net.a->GetRuleChecker().GetViolationCount(CoRule::StaleHandle), 1u);
        Simulator::Destroy();
    }
    // The switch passes the traffic type on: both ends of the call see an
    // LLC/SNAP frame from a and a VC-multiplexed one from b.
    for (const std::string& file : {prefix + "-0-0.pcap", prefix + "-2-1.pcap"})
    {
        EXPECT_EQ(TsharkProblems(file), std::vector<std::string>()) << file;
        // (in either order: a's frame leaves a before b's arrives, but
        // reaches b's side of the switch after it)
        std::string fields = Tshark(file, "-Y 'atm.vci >= 32' -T fields -e llc.type -e frame.len");
        EXPECT_TRUE(fields == "0x88b5\t108\n\t40\n" || fields == "\t40\n0x88b5\t108\n")
            << file << ": " << fields;
    }
}

} // namespace
