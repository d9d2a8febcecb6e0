/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The time a call takes to set up through one switch, computed by hand from
 * message sizes, cell counts, link rate, propagation delay and the switch's
 * processing delay, and compared with the simulation to the nanosecond.
 */

#include "co-test-network.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

TEST(CoSetupLatencyTest, MatchesTheHandComputedLadder)
{
    OneSwitchNetwork net;
    net.helper.SetSwitchAttribute("ProcessingDelay", TimeValue(MicroSeconds(100)));
    net.Build(); // 10 Mb/s, 1 ms links
    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000));
    Simulator::Run();

    // Message sizes (Q.2931 header 9 bytes; each IE a 4-byte header + contents):
    //   SETUP from a: AAL parameters 4+9, traffic descriptor 4+8 (two PCRs),
    //     bearer capability 4+3, called 4+21, calling 4+22, QoS 4+2 = 98 bytes
    //   SETUP from the switch: the same plus connection identifier 4+5 = 107 bytes
    //   CONNECT (both hops, contract unchanged): 9 bytes
    // As SSCOP SD PDUs (zero pad to 4, 4-byte trailer): 104, 112 and 16 bytes.
    // As AAL5 (8-byte trailer, 48-byte cell payloads): 3, 3 and 1 cells.
    // One cell at 10 Mb/s: 53 * 8 / 1e7 s = 42.4 us.
    //
    //   a --SETUP(3 cells)--> switch   127.2 us + 1 ms
    //   switch processes SETUP          100 us
    //   switch --SETUP(3 cells)--> b   127.2 us + 1 ms    (CALL PROCEEDING goes to a meanwhile)
    //   b accepts at once, --CONNECT(1 cell)--> switch     42.4 us + 1 ms
    //   switch processes CONNECT        100 us
    //   switch --CONNECT(1 cell)--> a   42.4 us + 1 ms    (CONNECT ACK goes to b meanwhile)
    //   total = 8 cells * 42.4 us + 4 ms + 200 us = 4.5392 ms
    const Time expected = NanoSeconds(4539200);
    ASSERT_EQ(net.ca->Count("MakeCallComplete"), 1u);
    EXPECT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(net.ca->First("MakeCallComplete").at, expected);
    // b hears CONNECT ACKNOWLEDGE (1 cell) at the same moment.
    EXPECT_EQ(net.cb->First("CallConnected").at, expected);
    // b was offered the call when the switch's SETUP arrived.
    EXPECT_EQ(net.cb->First("IncomingCall").at,
              NanoSeconds(127200 + 1000000 + 100000 + 127200 + 1000000));
    Simulator::Destroy();
}

TEST(CoSetupLatencyTest, GrowsWithTheSwitchProcessingDelay)
{
    // Two messages cross the switch's processor on the way to CONNECT: each
    // millisecond of processing adds two to the setup latency.
    Time latency[2];
    for (int k = 0; k < 2; ++k)
    {
        OneSwitchNetwork net;
        net.helper.SetSwitchAttribute("ProcessingDelay", TimeValue(MilliSeconds(1 + 5 * k)));
        net.Build();
        net.cb->RegisterOwnSap();
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000));
        Simulator::Run();
        latency[k] = net.ca->First("MakeCallComplete").at;
        Simulator::Destroy();
    }
    EXPECT_EQ(latency[1] - latency[0], MilliSeconds(10));
}

TEST(CoSetupLatencyTest, SignallingWaitsForTheSwitchProcessor)
{
    // Two callers SETUP at once: the switch serves them one after the other,
    // so the second call completes exactly one processing time later.
    OneSwitchNetwork net;
    net.helper.SetSwitchAttribute("ProcessingDelay", TimeValue(MilliSeconds(2)));
    net.hosts.Create(1); // a third host, c, calling b as well
    net.Build();
    Ptr<CoNetDevice> c = net.helper.InstallHost(net.hosts.Get(2), net.switches.Get(0));
    TestClient cc(c);
    net.cb->RegisterOwnSap();
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 10));
    cc.Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 10));
    Simulator::Run();
    ASSERT_TRUE(net.ca->First("MakeCallComplete").status.IsSuccess());
    ASSERT_TRUE(cc.First("MakeCallComplete").status.IsSuccess());
    EXPECT_EQ(cc.First("MakeCallComplete").at - net.ca->First("MakeCallComplete").at,
              MilliSeconds(2));
    Simulator::Destroy();
}

} // namespace
