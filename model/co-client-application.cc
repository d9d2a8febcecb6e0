/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-client-application.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoClientApplication");

NS_OBJECT_ENSURE_REGISTERED(CoClientApplication);

TypeId
CoClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoClientApplication")
            .SetParent<Application>()
            .SetGroupName("Condis")
            .AddAttribute("Device",
                          "The CoNetDevice the application uses; when null, the first "
                          "CoNetDevice on the application's node.",
                          PointerValue(),
                          MakePointerAccessor(&CoClientApplication::m_device),
                          MakePointerChecker<CoNetDevice>());
    return tid;
}

CoClientApplication::CoClientApplication()
{
    NS_LOG_FUNCTION(this);
}

CoClientApplication::~CoClientApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CoClientApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_device = nullptr;
    Application::DoDispose();
}

Ptr<CoNetDevice>
CoClientApplication::GetDevice() const
{
    return m_device;
}

CoClientHandle
CoClientApplication::GetClient() const
{
    return m_client;
}

int64_t
CoClientApplication::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    return 0;
}

void
CoClientApplication::OpenAddressFamily(const CoClientHandlers& handlers)
{
    NS_LOG_FUNCTION(this);
    if (m_client.IsValid())
    {
        return;
    }
    Ptr<Node> node = GetNode();
    if (m_device == nullptr)
    {
        for (uint32_t i = 0; i < node->GetNDevices() && m_device == nullptr; ++i)
        {
            m_device = DynamicCast<CoNetDevice>(node->GetDevice(i));
        }
        if (m_device == nullptr)
        {
            NS_FATAL_ERROR(GetInstanceTypeId().GetName()
                           << " on node " << node->GetId() << ": the node has no CoNetDevice");
        }
    }
    else if (m_device->GetNode() != node)
    {
        NS_FATAL_ERROR(GetInstanceTypeId().GetName()
                       << " on node " << node->GetId()
                       << ": the Device attribute names a CoNetDevice on another node");
    }
    m_client = m_device->OpenAddressFamily(handlers);
}

} // namespace ns3
