/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Usage parameter control at a switch's input (CoSwitch's Upc) and the
 * discard of whole frames at its output ports (CoVcScheduler's
 * ClpThreshold and EpdThreshold), end to end: host a sends through one
 * switch to host b; a has no scheduler of its own, so it sends what the
 * test asks when it asks, faster than its contract if the test says so.
 *
 * The GCRA sequences are worked by hand in each test. Frames of 100 bytes
 * take 3 cells; a CBR contract of 1,000 cells/s makes I = 1 ms, so a
 * conforming frame moves the policer's TAT on by 3 ms. Frames are sent
 * every 2 ms, and each one's first cell reaches the switch a fixed time
 * after it is sent (a's link is idle between frames): the policer sees
 * first cells 2 ms apart, exactly.
 */

#include "co-test-network.h"

#include "ns3/co-ns3-compat.h"
#include "ns3/co-vc-scheduler.h"
#include "ns3/enum.h"

#include <vector>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

constexpr uint32_t SDU = 100;      //!< 3 cells
constexpr uint32_t UBR_SDU = 1000; //!< 21 cells
constexpr uint32_t FRAMES = 10;    //!< frames the policed VC sends
constexpr uint32_t CBR_PCR = 1000; //!< cells/s: I = 1 ms
constexpr uint8_t UBR_MARK = 0xff; //!< first byte of the UBR frames

using Verdict = CoSwitch::PolicingVerdict;

class UpcTest : public ::testing::Test, public OneSwitchNetwork
{
  public: // the tests connect its trace sinks
    void TearDown() override
    {
        ExpectViolations(0);
        Simulator::Destroy();
    }

    /**
     * a on 100 Mb/s, b on \p bRate, 1 ms each; switch ports with schedulers
     * (\p schedulerAttributes set on them), the switch's UPC as given.
     */
    void Build(const std::string& upc,
               Time cdvt,
               const std::string& bRate = "100Mbps",
               const std::string& schedulerAttribute = "",
               uint64_t schedulerValue = 0)
    {
        if (schedulerAttribute.empty())
        {
            helper.SetSwitchVcScheduler();
        }
        else
        {
            helper.SetSwitchVcScheduler(schedulerAttribute, UintegerValue(schedulerValue));
        }
        helper.SetSwitchAttribute("Upc", StringValue(upc));
        helper.SetSwitchAttribute("UpcCdvt", TimeValue(cdvt));
        helper.SetChannelAttribute("Delay", StringValue("1ms"));
        OneSwitchNetwork::Build("100Mbps", bRate);
        ASSERT_EQ(a->GetVcScheduler(), nullptr);
        toB = sw->GetPort(1)->GetVcScheduler();
        ASSERT_TRUE(toB);
        b->TraceConnectWithoutContext("MacRx", MakeCallback(&UpcTest::OnReceived, this));
        sw->TraceConnectWithoutContext("Policing", MakeCallback(&UpcTest::OnPolicing, this));
        ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    }

    void OnReceived(Ptr<const Packet> frame)
    {
        AtmFrameHeader header;
        frame->PeekHeader(header);
        if (header.GetVci() == AtmFrameHeader::SIGNALLING_VCI)
        {
            return;
        }
        uint8_t bytes[AtmFrameHeader::SIZE + 1];
        frame->CopyData(bytes, sizeof(bytes));
        uint8_t index = bytes[AtmFrameHeader::SIZE];
        if (index != UBR_MARK)
        {
            received.push_back(index);
            tagged.push_back(header.GetClp());
        }
    }

    void OnPolicing(Ptr<const Packet>, uint32_t port, uint16_t vci, Verdict verdict)
    {
        EXPECT_EQ(port, 0u); // only a's frames are policed here
        policedVci = vci;
        verdicts.push_back(verdict);
    }

    /// Sends FRAMES frames of SDU bytes on \p vc, one every \p gap from \p start,
    /// each with its index in its first byte.
    void SendEvery(CoVcHandle vc, Time start, Time gap)
    {
        for (uint32_t k = 0; k < FRAMES; ++k)
        {
            CoSchedule(start + gap * static_cast<int64_t>(k), [this, vc, k]() {
                std::vector<uint8_t> payload(SDU, 0);
                payload[0] = static_cast<uint8_t>(k);
                EXPECT_TRUE(a->Send(vc, Create<Packet>(payload.data(), SDU)).IsSuccess());
            });
        }
    }

    /// Closes every call of a at \p at.
    void CloseAt(Time at, std::vector<CoVcHandle> vcs)
    {
        CoSchedule(at, [this, vcs]() {
            for (CoVcHandle vc : vcs)
            {
                EXPECT_TRUE(a->CloseCall(vc).IsPending());
            }
        });
    }

    /// Nothing is left: no policer, no call, no queued frame.
    void ExpectNothingHeld()
    {
        ExpectSwitchHoldsNothing(sw, "switch"); // its ports' schedulers too
        ExpectHostsHoldNothing();
    }

    /// \return the indices of the frames with verdict \p v, in order
    std::vector<uint32_t> With(Verdict v) const
    {
        std::vector<uint32_t> out;
        for (uint32_t k = 0; k < verdicts.size(); ++k)
        {
            if (verdicts[k] == v)
            {
                out.push_back(k);
            }
        }
        return out;
    }

    Ptr<CoVcScheduler> toB;         //!< the switch's port toward b
    std::vector<uint32_t> received; //!< indices of the frames b got, in order
    std::vector<bool> tagged;       //!< their CLP
    std::vector<Verdict> verdicts;  //!< the policer's, in order
    uint16_t policedVci = 0;        //!< the input VCI the policer saw
};

// GCRA(1 ms, 1.5 ms), frames of 3 cells whose first cells come 2 ms apart
// (t in ms from the first; TAT before; conforms when t >= TAT - 1.5):
//   k=0 t=0  TAT 0  yes -> 3    k=5 t=10 TAT 12 no  (10 < 10.5)
//   k=1 t=2  TAT 3  yes -> 6    k=6 t=12 TAT 12 yes -> 15
//   k=2 t=4  TAT 6  no (4 < 4.5) k=7 t=14 TAT 15 yes -> 18
//   k=3 t=6  TAT 6  yes -> 9    k=8 t=16 TAT 18 no  (16 < 16.5)
//   k=4 t=8  TAT 9  yes -> 12   k=9 t=18 TAT 18 yes -> 21
// Frames 2, 5 and 8 do not conform: 1,500 cells/s offered, 1,000 allowed.
const std::vector<uint32_t> NON_CONFORMING{2, 5, 8};

TEST_F(UpcTest, TagMarksExactlyTheNonConformingFrames)
{
    Build("Tag", MicroSeconds(1500));
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, CBR_PCR))
                    .IsPending());
    CoSchedule(Seconds(1), [this]() {
        // One policer per direction of the call.
        EXPECT_EQ(sw->GetPolicerCount(), 2u);
    });
    SendEvery(ca->vc, Seconds(1), MilliSeconds(2));
    CoSwitch::PolicingStats vcStats;
    CoSchedule(Seconds(2), [&]() {
        vcStats = sw->GetPolicingStats(0, policedVci);
        CloseAt(Seconds(0), {ca->vc});
    });
    Simulator::Run();

    EXPECT_EQ(With(Verdict::Tagged), NON_CONFORMING);
    EXPECT_EQ(With(Verdict::Discarded), std::vector<uint32_t>{});
    ASSERT_EQ(received.size(), FRAMES); // tagged frames go on
    for (uint32_t k = 0; k < FRAMES; ++k)
    {
        EXPECT_EQ(received[k], k);
        bool expected =
            std::find(NON_CONFORMING.begin(), NON_CONFORMING.end(), k) != NON_CONFORMING.end();
        EXPECT_EQ(tagged[k], expected) << "frame " << k;
    }
    EXPECT_EQ(vcStats.conforming, 7u);
    EXPECT_EQ(vcStats.tagged, 3u);
    EXPECT_EQ(vcStats.discarded, 0u);
    // The port keeps its counts once the call and its policers are gone.
    CoSwitch::PolicingStats port = sw->GetPortPolicingStats(0);
    EXPECT_EQ(port.conforming, 7u);
    EXPECT_EQ(port.tagged, 3u);
    EXPECT_EQ(sw->GetPortPolicingStats(1).conforming, 0u); // b sent nothing
    EXPECT_EQ(sw->GetPolicingStats(0, policedVci).conforming, 0u);
    ExpectNothingHeld();
}

TEST_F(UpcTest, DiscardDropsExactlyTheNonConformingFrames)
{
    Build("Discard", MicroSeconds(1500));
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, CBR_PCR))
                    .IsPending());
    SendEvery(ca->vc, Seconds(1), MilliSeconds(2));
    CloseAt(Seconds(2), {ca->vc});
    Simulator::Run();

    EXPECT_EQ(With(Verdict::Discarded), NON_CONFORMING);
    EXPECT_EQ(received, (std::vector<uint32_t>{0, 1, 3, 4, 6, 7, 9}));
    EXPECT_EQ(std::count(tagged.begin(), tagged.end(), true), 0);
    CoSwitch::PolicingStats port = sw->GetPortPolicingStats(0);
    EXPECT_EQ(port.conforming, 7u);
    EXPECT_EQ(port.tagged, 0u);
    EXPECT_EQ(port.discarded, 3u);
    // Discarded before any output port saw them.
    EXPECT_EQ(toB->GetDropCount(CoVcScheduler::DropReason::Policed), 0u);
    ExpectNothingHeld();
}

TEST_F(UpcTest, NoneLeavesEveryFrameAloneAndKeepsNoPolicer)
{
    Build("None", MicroSeconds(1500));
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, CBR_PCR))
                    .IsPending());
    CoSchedule(Seconds(1), [this]() { EXPECT_EQ(sw->GetPolicerCount(), 0u); });
    SendEvery(ca->vc, Seconds(1), MilliSeconds(2));
    CloseAt(Seconds(2), {ca->vc});
    Simulator::Run();

    EXPECT_TRUE(verdicts.empty());
    ASSERT_EQ(received.size(), FRAMES);
    EXPECT_EQ(std::count(tagged.begin(), tagged.end(), true), 0);
    EXPECT_EQ(sw->GetPortPolicingStats(0).conforming, 0u);
    ExpectNothingHeld();
}

// With CDVT 0 the same source loses every other frame: t = 0 conforms
// (TAT 3), t = 2 does not, t = 4 does (TAT 7), t = 6 not, ...
TEST_F(UpcTest, WithoutToleranceEveryOtherFrameIsDiscarded)
{
    Build("Discard", Time(0));
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, CBR_PCR))
                    .IsPending());
    SendEvery(ca->vc, Seconds(1), MilliSeconds(2));
    CloseAt(Seconds(2), {ca->vc});
    Simulator::Run();

    EXPECT_EQ(With(Verdict::Discarded), (std::vector<uint32_t>{1, 3, 5, 7, 9}));
    EXPECT_EQ(received, (std::vector<uint32_t>{0, 2, 4, 6, 8}));
    ExpectNothingHeld();
}

// rt-VBR, PCR 1,000, SCR 500, MBS 6: BT = 5 (2 - 1) ms = 5 ms, so
// GCRA(1 ms, 0) and GCRA(2 ms, 5 ms). Frames of 3 cells every 3 ms (at the
// PCR): peak conforms always; sustainable (TAT_s before, conforms when
// t >= TAT_s - 5): t=0 TAT 0 yes -> 6; t=3 TAT 6 yes -> 12; t=6 TAT 12 no;
// t=9 yes -> 18; t=12 no; t=15 yes -> 24; ... every even frame from 2 on
// is tagged: MBS cells at the PCR, then the SCR.
TEST_F(UpcTest, VbrIsPolicedOnItsSustainableRateToo)
{
    Build("Tag", Time(0));
    EXPECT_TRUE(
        ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::RtVbr, 1000, 500, 6))
            .IsPending());
    SendEvery(ca->vc, Seconds(1), MilliSeconds(3));
    CloseAt(Seconds(2), {ca->vc});
    Simulator::Run();

    EXPECT_EQ(With(Verdict::Tagged), (std::vector<uint32_t>{2, 4, 6, 8}));
    ASSERT_EQ(received.size(), FRAMES);
    ExpectNothingHeld();
}

// A's own scheduler shapes to the contract; the switch's policer, with the
// same contract and CDVT, judges frames as the shaper counted them: every
// one conforms, although they leave a's NIC back to back at its rate as a
// burst of 3 cells and the policer has no tolerance.
TEST_F(UpcTest, AShapedSourceAlwaysConforms)
{
    helper.SetHostVcScheduler();
    helper.SetSwitchVcScheduler();
    helper.SetSwitchAttribute("Upc", StringValue("Discard"));
    helper.SetChannelAttribute("Delay", StringValue("1ms"));
    helper.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    hosts.Create(2);
    switches.Create(1);
    sw = helper.InstallSwitch(switches.Get(0));
    Ptr<CoNetDevice> first = helper.InstallHost(hosts.Get(0), switches.Get(0));
    Attach(first, helper.InstallHost(hosts.Get(1), switches.Get(0)));
    sw->TraceConnectWithoutContext("Policing", MakeCallback(&UpcTest::OnPolicing, this));
    ASSERT_TRUE(cb->RegisterOwnSap().IsSuccess());
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, CBR_PCR))
                    .IsPending());
    // All at once: the shaper spaces them 3 ms apart, exactly the policer's TAT.
    CoSchedule(Seconds(1), [this]() {
        for (uint32_t k = 0; k < 20; ++k)
        {
            EXPECT_TRUE(a->Send(ca->vc, Create<Packet>(SDU)).IsSuccess());
        }
    });
    CloseAt(Seconds(2), {ca->vc});
    Simulator::Run();

    ASSERT_EQ(verdicts.size(), 20u);
    EXPECT_EQ(With(Verdict::Conforming).size(), 20u);
    ExpectSwitchHoldsNothing(sw, "switch");
    ExpectHostsHoldNothing();
}

// Selective discard at a congested port: a UBR backlog holds the port
// toward b (10 Mb/s) above ClpThreshold while the CBR VC's tagged frames
// (2, 5 and 8, as above) arrive: they are refused there, counted as
// SelectiveDiscard; its conforming frames pass the backlog.
TEST_F(UpcTest, TaggedFramesAreDiscardedFirstAtACongestedPort)
{
    Build("Tag", MicroSeconds(1500), "10Mbps", "ClpThreshold", 100);
    TestClient ubr(a);
    EXPECT_TRUE(ca->Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Cbr, CBR_PCR))
                    .IsPending());
    EXPECT_TRUE(
        ubr.Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0)).IsPending());
    // UBR: 100 frames of 21 cells, one per 100 us: 80 Mb/s into 10 Mb/s,
    // a backlog of thousands of cells for tens of ms. Not policed (no PCR).
    for (int i = 0; i < 100; ++i)
    {
        CoSchedule(Seconds(1) + MicroSeconds(100 * i), [&]() {
            std::vector<uint8_t> payload(UBR_SDU, 0);
            payload[0] = UBR_MARK;
            EXPECT_TRUE(a->Send(ubr.vc, Create<Packet>(payload.data(), UBR_SDU)).IsSuccess());
        });
    }
    SendEvery(ca->vc, Seconds(1) + MilliSeconds(5), MilliSeconds(2));
    uint64_t backlogAtLastTagged = 0;
    CoSchedule(Seconds(1) + MilliSeconds(5 + 16),
               [&]() { backlogAtLastTagged = toB->GetNCells(); });
    CloseAt(Seconds(2), {ca->vc, ubr.vc});
    Simulator::Run();

    EXPECT_GT(backlogAtLastTagged, 100u); // the port was above the threshold throughout
    EXPECT_EQ(With(Verdict::Tagged), NON_CONFORMING);
    EXPECT_EQ(toB->GetDropCount(CoVcScheduler::DropReason::SelectiveDiscard), 3u);
    EXPECT_EQ(toB->GetDropCells(CoVcScheduler::DropReason::SelectiveDiscard), 9u);
    EXPECT_EQ(received, (std::vector<uint32_t>{0, 1, 3, 4, 6, 7, 9}));
    EXPECT_EQ(std::count(tagged.begin(), tagged.end(), true), 0);
    ExpectNothingHeld();
}

// Early packet discard at the congested port: UBR frames of 21 cells come
// every 100 us and leave every 890.4 us (21 cells at 10 Mb/s). With
// EpdThreshold 105 cells (5 frames), a frame is refused whole when 5 or
// more wait; the port never holds more than 5 frames, and every frame
// sent is either delivered or counted as EarlyPacketDiscard.
TEST_F(UpcTest, EarlyPacketDiscardKeepsThePortUnderItsThreshold)
{
    Build("None", Time(0), "10Mbps", "EpdThreshold", 105);
    TestClient ubr(a);
    EXPECT_TRUE(
        ubr.Call(b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0)).IsPending());
    uint32_t delivered = 0;
    b->TraceConnectWithoutContext("MacRx",
                                  MakeBoundCallback(
                                      +[](uint32_t* n, Ptr<const Packet> frame) {
                                          AtmFrameHeader header;
                                          frame->PeekHeader(header);
                                          *n += header.GetVci() != AtmFrameHeader::SIGNALLING_VCI;
                                      },
                                      &delivered));
    uint64_t most = 0;
    toB->TraceConnectWithoutContext("Enqueue",
                                    CoCallback<void, Ptr<const Packet>, uint8_t, uint16_t>(
                                        [&most, this](Ptr<const Packet>, uint8_t, uint16_t) {
                                            most = std::max(most, toB->GetNCells());
                                        }));
    constexpr int SENT = 100;
    for (int i = 0; i < SENT; ++i)
    {
        CoSchedule(Seconds(1) + MicroSeconds(100 * i),
                   [&]() { EXPECT_TRUE(a->Send(ubr.vc, Create<Packet>(UBR_SDU)).IsSuccess()); });
    }
    CloseAt(Seconds(2), {ubr.vc});
    Simulator::Run();

    uint64_t epd = toB->GetDropCount(CoVcScheduler::DropReason::EarlyPacketDiscard);
    // Frame k reaches the switch at 100 k us (from frame 0's arrival).
    // Frame 0 goes straight to the link; 1 to 5 find 0, 21, ..., 84 cells
    // and are queued (105); the rest find 105 and are refused, but for the
    // first to arrive after each departure, at 890.4 j us: j = 1..11 fall
    // within the burst (11 x 890.4 = 9794.4 <= 9900), each letting one more
    // in. Accepted 1 + 5 + 11 = 17, refused 83; nothing else is dropped.
    EXPECT_EQ(epd, 83u);
    EXPECT_EQ(delivered, 17u);
    EXPECT_EQ(toB->GetDropCells(CoVcScheduler::DropReason::EarlyPacketDiscard), epd * 21);
    EXPECT_EQ(toB->GetDropCount(CoVcScheduler::DropReason::VcFrameLimit), 0u);
    EXPECT_EQ(most, 105u); // 4 frames waiting (84 cells) let a fifth in
    ExpectNothingHeld();
}

} // namespace
