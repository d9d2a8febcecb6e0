/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The ladder a student reads: every step of a call, in order, once.
 */

#include "co-test-network.h"

#include "ns3/co-call-ladder.h"
#include "ns3/co-ns3-compat.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// \return the lines of \p text that contain \p word, in order
std::vector<std::string>
Grep(const std::string& text, const std::string& word)
{
    std::vector<std::string> found;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        if (line.find(word) != std::string::npos)
        {
            found.push_back(line);
        }
    }
    return found;
}

TEST(CoCallLadderTest, ShowsEveryStepOfACallInOrder)
{
    std::ostringstream out;
    {
        OneSwitchNetwork net;
        net.Build();
        CoCallLadder ladder(out);
        ladder.Watch(net.a, "a");
        ladder.Watch(net.b, "b");
        ladder.Watch(net.sw, "sw");
        net.cb->RegisterOwnSap();
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000));
        CoSchedule(Seconds(1), [&]() { net.a->CloseCall(net.ca->vc); });
        Simulator::Run();
        Simulator::Destroy();
    }
    const std::string ladder = out.str();
    // The caller's view, in order: request, SETUP out, answers in, completion.
    std::vector<std::string> a = Grep(ladder, "  a ");
    ASSERT_GE(a.size(), 8u) << ladder;
    EXPECT_NE(a[0].find("MakeCall vc"), std::string::npos) << ladder;
    EXPECT_NE(a[1].find("-> SETUP"), std::string::npos) << ladder;
    EXPECT_NE(a[2].find("<- CALL PROCEEDING"), std::string::npos) << ladder;
    EXPECT_NE(a[3].find("<- CONNECT"), std::string::npos) << ladder;
    EXPECT_EQ(Grep(ladder, "VcActivated").size(), 2u) << ladder;
    EXPECT_EQ(Grep(ladder, "MakeCallComplete").size(), 1u);
    EXPECT_NE(Grep(ladder, "MakeCallComplete")[0].find("Success, granted CBR"), std::string::npos);
    // The switch admits once, cross-connects both ways, disconnects both ways.
    EXPECT_EQ(Grep(ladder, "admitted").size(), 1u);
    EXPECT_EQ(Grep(ladder, "cross-connect port").size(), 2u);
    EXPECT_EQ(Grep(ladder, "disconnect port").size(), 2u);
    // The callee is offered the call and told it is connected, then closed.
    EXPECT_EQ(Grep(ladder, "IncomingCall vc").size(), 1u);
    // On the VC the device created for it, announced first and deleted last.
    ASSERT_EQ(Grep(ladder, "CreateVc vc").size(), 1u);
    ASSERT_EQ(Grep(ladder, "DeleteVc vc").size(), 1u);
    EXPECT_LT(ladder.find("CreateVc vc"), ladder.find("IncomingCall vc"));
    EXPECT_GT(ladder.find("DeleteVc vc"), ladder.find("IncomingCloseCall"));
    EXPECT_EQ(Grep(ladder, "CallConnected").size(), 1u);
    EXPECT_EQ(Grep(ladder, "IncomingCloseCall").size(), 1u);
    EXPECT_EQ(Grep(ladder, "rule violation").size(), 0u);
    // Every line starts with the time.
    EXPECT_EQ(ladder.substr(0, 15), "   0.000000000s") << ladder;
}

TEST(CoCallLadderTest, ShowsStatusEnquiryAndStatus)
{
    std::ostringstream out;
    {
        OneSwitchNetwork net;
        net.Build();
        CoCallLadder ladder(out);
        ladder.Watch(net.a, "a");
        ladder.Watch(net.sw, "sw");
        net.cb->RegisterOwnSap();
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000));
        CoSchedule(Seconds(1), [&]() { net.a->EnquireStatus(net.ca->vc); });
        CoSchedule(Seconds(2), [&]() { net.a->CloseCall(net.ca->vc); });
        Simulator::Run();
        Simulator::Destroy();
    }
    const std::string ladder = out.str();
    std::vector<std::string> enquiry = Grep(ladder, "a     -> STATUS ENQUIRY");
    ASSERT_EQ(enquiry.size(), 1u) << ladder;
    std::vector<std::string> status = Grep(ladder, "a     <- STATUS cref");
    ASSERT_EQ(status.size(), 1u) << ladder;
    EXPECT_NE(status[0].find("cause=30"), std::string::npos) << status[0];
    EXPECT_NE(status[0].find("call-state=10"), std::string::npos) << status[0];
    EXPECT_EQ(Grep(ladder, "!!").size(), 0u) << ladder;
}

TEST(CoCallLadderTest, ShowsAlertingWhenTheCalleePendsItsAnswer)
{
    std::ostringstream out;
    {
        OneSwitchNetwork net;
        net.Build();
        CoCallLadder ladder(out);
        ladder.Watch(net.a, "a");
        ladder.Watch(net.b, "b");
        ladder.Watch(net.sw, "sw");
        net.cb->RegisterOwnSap();
        net.cb->answer = TestClient::Answer::Pend;
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, 1000));
        CoSchedule(Seconds(2), [&]() {
            net.b->IncomingCallComplete(CoStatus(), net.cb->incomingVc, net.cb->offered);
        });
        CoSchedule(Seconds(3), [&]() { net.a->CloseCall(net.ca->vc); });
        Simulator::Run();
        Simulator::Destroy();
    }
    const std::string ladder = out.str();
    // b alerts; the switch passes ALERTING on; a's client is told, before
    // its MakeCall completes.
    std::vector<std::string> a = Grep(ladder, "  a ");
    auto at = [&a](const std::string& what) {
        for (std::size_t i = 0; i < a.size(); ++i)
        {
            if (a[i].find(what) != std::string::npos)
            {
                return i;
            }
        }
        return a.size();
    };
    ASSERT_LT(at("<- ALERTING"), a.size()) << ladder;
    EXPECT_LT(at("<- CALL PROCEEDING"), at("<- ALERTING")) << ladder;
    EXPECT_LT(at("<- ALERTING"), at("CallAlerting")) << ladder;
    EXPECT_LT(at("CallAlerting"), at("MakeCallComplete")) << ladder;
    EXPECT_EQ(Grep(ladder, "ALERTING").size(), 4u) << "b sends, sw receives and sends, a receives";
    EXPECT_EQ(Grep(ladder, "CallAlerting").size(), 1u);
}

} // namespace
