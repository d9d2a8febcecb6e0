/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the simulation tests: a raw Q.2931 peer, a bare port device that
 * records every signalling message it receives and sends what the test
 * builds by hand. In place of a switch it faces a host; in place of a host
 * it faces a switch. A test answers with any message, call reference or
 * cause it likes, or with none.
 */

#ifndef CO_RAW_PEER_H
#define CO_RAW_PEER_H

#include "ns3/atm-frame-header.h"
#include "ns3/co-call-parameters.h"
#include "ns3/co-channel.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-port-net-device.h"
#include "ns3/co-switch.h"
#include "ns3/core-module.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/network-module.h"
#include "ns3/q2931-header.h"
#include "ns3/saal-endpoint.h"

#include <algorithm>
#include <array>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <vector>

namespace ns3
{
namespace condistest
{

/// A signalling message a raw peer received, and when.
struct RawMessage
{
    Q2931MessageType type; //!< message type
    uint32_t reference;    //!< call reference
    bool flag;             //!< call reference flag
    uint8_t cause;         //!< cause value, 0 if none
    Q2931Header message;   //!< the whole message
    Time at;               //!< simulation time of its arrival
};

/**
 * \brief Makes \p device record the signalling messages it receives.
 *
 * Takes the device's frame receive callback: a switch port given here no
 * longer reaches its switch. Every SSCOP PDU must decode (the test fails
 * otherwise).
 * \param device the device
 * \param log where the messages go, in order
 * \param then called with each message once it is logged (may be empty)
 * \param frames where user-data frames are counted by VCI; null: every frame
 *        is taken for signalling
 */
/// \return the bytes of \p message as it goes on the wire
inline std::vector<uint8_t>
Bytes(const Q2931Header& message)
{
    Buffer buffer;
    buffer.AddAtStart(message.GetSerializedSize());
    message.Serialize(buffer.Begin());
    std::vector<uint8_t> bytes(buffer.GetSize());
    buffer.CopyData(bytes.data(), bytes.size());
    return bytes;
}

inline void
RecordSignalling(Ptr<CoPortNetDevice> device,
                 std::vector<RawMessage>& log,
                 std::function<void(const RawMessage&)> then = {},
                 std::map<uint16_t, uint64_t>* frames = nullptr)
{
    device->SetFrameReceiveCallback(CoFn(
        [&log, then, frames](Ptr<CoPortNetDevice>, Ptr<Packet> sdu, const AtmFrameHeader& header) {
            if (frames != nullptr && header.GetVci() != AtmFrameHeader::SIGNALLING_VCI)
            {
                ++(*frames)[header.GetVci()];
                return;
            }
            Q2931Header m;
            uint64_t callId;
            ASSERT_TRUE(SaalEndpoint::Receive(sdu, m, callId));
            log.push_back(RawMessage{m.GetMessageType(),
                                     m.GetCallReference(),
                                     m.GetCallReferenceFlag(),
                                     m.GetCause() ? m.GetCause()->cause : uint8_t(0),
                                     m,
                                     Simulator::Now()});
            if (then)
            {
                then(log.back());
            }
        }));
}

/// \return a bare port device on \p node, with a drop-tail data queue
inline Ptr<CoPortNetDevice>
MakeRawDevice(Ptr<Node> node)
{
    Ptr<CoPortNetDevice> device = CreateObject<CoPortNetDevice>();
    device->SetQueue(CreateObject<DropTailQueue<Packet>>());
    node->AddDevice(device);
    return device;
}

/// \return the call the raw-peer tests place and offer: CBR, 100 cells/s each way
inline CoCallParameters
PeerCall()
{
    return CoCallParameters::Symmetric(CoServiceCategory::Cbr, 100);
}

/**
 * \brief A switch on a node of its own, each port linked (CoChannel's
 *        defaults) to a bare device on a node of its own, made here.
 * \param [out] peers the bare devices, port i's peer at i
 * \return the switch
 */
template <std::size_t N>
Ptr<CoSwitch>
MakeSwitchWithRawPeers(std::array<Ptr<CoPortNetDevice>, N>& peers)
{
    Ptr<Node> switchNode = CreateObject<Node>();
    Ptr<CoSwitch> sw = CreateObject<CoSwitch>();
    switchNode->AggregateObject(sw);
    for (std::size_t i = 0; i < N; ++i)
    {
        Ptr<CoPortNetDevice> port = MakeRawDevice(switchNode);
        peers[i] = MakeRawDevice(CreateObject<Node>());
        Ptr<CoChannel> link = CreateObject<CoChannel>();
        port->Attach(link);
        peers[i]->Attach(link);
        sw->AddPort(port);
    }
    return sw;
}

/**
 * \return a SETUP as a switch sends it to a host: call reference
 *         \p reference (the switch's, flag 0), \p p for \p called, and the
 *         VCI the switch chose
 */
inline Q2931Header
SetupFromNetwork(const AesaAddress& called, uint32_t reference, uint16_t vci, CoCallParameters p)
{
    Q2931Header setup(Q2931MessageType::Setup, reference, false);
    p.calledParty = called;
    setup.SetCallParameters(p);
    setup.SetConnectionIdentifier(ConnectionIdentifierIe(0, vci));
    return setup;
}

/**
 * A raw Q.2931 peer on one port device: what it received, and a way to send.
 * It keeps a pointer to itself in the device's callback: it does not move.
 */
class RawPeer
{
  public:
    /// Takes over \p device (see RecordSignalling()).
    explicit RawPeer(Ptr<CoPortNetDevice> device)
        : device(device)
    {
        RecordSignalling(
            device,
            received,
            [this](const RawMessage& m) {
                if (answer)
                {
                    answer(m);
                }
            },
            &frames);
    }

    RawPeer(const RawPeer&) = delete;
    RawPeer& operator=(const RawPeer&) = delete;

    /// Sends \p message now.
    void Send(const Q2931Header& message)
    {
        EXPECT_TRUE(saal.Send(device, message));
    }

    /// \return how many messages of \p type arrived
    std::size_t Count(Q2931MessageType type) const
    {
        return std::count_if(received.begin(), received.end(), [type](const RawMessage& m) {
            return m.type == type;
        });
    }

    /// \return the messages of \p type, in order
    std::vector<RawMessage> All(Q2931MessageType type) const
    {
        std::vector<RawMessage> found;
        std::copy_if(received.begin(),
                     received.end(),
                     std::back_inserter(found),
                     [type](const RawMessage& m) { return m.type == type; });
        return found;
    }

    Ptr<CoPortNetDevice> device;                   //!< the peer's device
    SaalEndpoint saal;                             //!< its SSCOP sender
    std::vector<RawMessage> received;              //!< every message, in order
    std::function<void(const RawMessage&)> answer; //!< called on each message, if set
    std::map<uint16_t, uint64_t> frames;           //!< user-data frames received, by VCI
};

/**
 * A switch between two raw peers: peer 0 calls, peer 1 is called (the
 * switch routes RawPeersSwitchTest::called to port 1).
 */
class RawPeersSwitchTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        std::array<Ptr<CoPortNetDevice>, 2> devices;
        sw = MakeSwitchWithRawPeers(devices);
        for (uint32_t i = 0; i < 2; ++i)
        {
            peers[i] = std::make_unique<RawPeer>(devices[i]);
        }
        called = AesaAddress::FromString("47.0005.80ffe1000000f21a2222.0020481a2222.00");
        sw->AddRoute(called, 104, 1);
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// Peer 0 sends a SETUP (PeerCall()) to `called` with call reference \p reference.
    void SendSetup(uint32_t reference)
    {
        Q2931Header setup(Q2931MessageType::Setup, reference, false);
        CoCallParameters p = PeerCall();
        p.calledParty = called;
        setup.SetCallParameters(p);
        peers[0]->Send(setup);
    }

    /// Runs the simulation for \p t more.
    void RunFor(Time t)
    {
        Simulator::Stop(t);
        Simulator::Run();
    }

    Ptr<CoSwitch> sw;                              //!< the switch
    std::array<std::unique_ptr<RawPeer>, 2> peers; //!< on its ports 0 and 1
    AesaAddress called;                            //!< routed to port 1
};

} // namespace condistest
} // namespace ns3

#endif /* CO_RAW_PEER_H */
