/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-traffic-sender.h"

#include "co-net-device.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoTrafficSender");

NS_OBJECT_ENSURE_REGISTERED(CoTrafficSender);

TypeId
CoTrafficSender::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoTrafficSender")
            .SetParent<Object>()
            .SetGroupName("Condis")
            .AddConstructor<CoTrafficSender>()
            .AddTraceSource("FrameSent",
                            "The device accepted a frame of the source.",
                            MakeTraceSourceAccessor(&CoTrafficSender::m_sentTrace),
                            "ns3::CoClientApplication::PacketVcTracedCallback")
            .AddTraceSource("FrameRefused",
                            "The device refused a frame of the source, with its status.",
                            MakeTraceSourceAccessor(&CoTrafficSender::m_refusedTrace),
                            "ns3::CoTrafficSender::RefusedTracedCallback")
            .AddTraceSource("SourceEnded",
                            "The source has no more frames (a trace ran out, or could not "
                            "be read).",
                            MakeTraceSourceAccessor(&CoTrafficSender::m_endedTrace),
                            "ns3::CoTrafficSender::EndedTracedCallback");
    return tid;
}

CoTrafficSender::CoTrafficSender()
{
    NS_LOG_FUNCTION(this);
}

CoTrafficSender::~CoTrafficSender()
{
    NS_LOG_FUNCTION(this);
}

void
CoTrafficSender::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Simulator::Remove(m_sendEvent);
    m_device = nullptr;
    m_source = nullptr;
    Object::DoDispose();
}

void
CoTrafficSender::Start(Ptr<CoNetDevice> device,
                       CoVcHandle vc,
                       Ptr<CoTrafficSource> source,
                       Time stopAt)
{
    NS_LOG_FUNCTION(this << vc << stopAt);
    m_device = device;
    m_vc = vc;
    m_source = source;
    m_stopAt = stopAt;
    m_running = true;
    ScheduleNext();
}

void
CoTrafficSender::Stop()
{
    NS_LOG_FUNCTION(this);
    Simulator::Remove(m_sendEvent);
    m_running = false;
}

bool
CoTrafficSender::IsRunning() const
{
    return m_running;
}

void
CoTrafficSender::ScheduleNext()
{
    NS_LOG_FUNCTION(this);
    CoTrafficFrame frame;
    if (!m_source->GetNextFrame(frame))
    {
        m_running = false;
        m_endedTrace(m_vc);
        return;
    }
    // Only frames due before the stop time.
    if (!m_stopAt.IsZero() && Simulator::Now() + frame.gap >= m_stopAt)
    {
        m_running = false;
        return;
    }
    m_nextSize = frame.size;
    m_sendEvent = Simulator::Schedule(frame.gap, &CoTrafficSender::SendFrame, this);
}

void
CoTrafficSender::SendFrame()
{
    NS_LOG_FUNCTION(this);
    if (m_device->GetCallState(m_vc) != CoNetDevice::CallState::Connected)
    {
        // Its call is closing or gone (its VC perhaps deleted): no later
        // frame would be accepted, and a source that never ends would offer
        // them for ever. Nothing is sent, so no rule is broken.
        NS_LOG_LOGIC("VC " << m_vc << " no longer connected: sender stopped");
        m_running = false;
        return;
    }
    Ptr<Packet> packet = Create<Packet>(m_nextSize);
    CoStatus status = m_device->Send(m_vc, packet);
    if (status.IsSuccess())
    {
        ++m_sentFrames;
        m_sentBytes += m_nextSize;
        m_sentTrace(packet, m_vc);
    }
    else
    {
        ++m_refusedFrames;
        NS_LOG_WARN("frame on VC " << m_vc << " refused: " << status);
        m_refusedTrace(packet, m_vc, status);
    }
    // Stop() may have been called from inside Send() (a trace of the device,
    // or FrameSent): then nothing more is scheduled.
    if (m_running)
    {
        ScheduleNext();
    }
}

uint64_t
CoTrafficSender::GetSentFrames() const
{
    return m_sentFrames;
}

uint64_t
CoTrafficSender::GetSentBytes() const
{
    return m_sentBytes;
}

uint64_t
CoTrafficSender::GetRefusedFrames() const
{
    return m_refusedFrames;
}

} // namespace ns3
