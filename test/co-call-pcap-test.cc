/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A whole call, captured on every port, as Wireshark sees it.
 */

#include "co-test-network.h"
#include "co-tshark.h"

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
        Simulator::Schedule(Seconds(1), [&]() {
            net.a->Send(net.ca->vc, Create<Packet>(1000));
            net.b->Send(net.cb->incomingVc, Create<Packet>(40));
        });
        Simulator::Schedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
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

} // namespace
