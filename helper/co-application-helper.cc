/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-application-helper.h"

#include "ns3/co-client-application.h"
#include "ns3/log.h"
#include "ns3/names.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoApplicationHelper");

CoApplicationHelper::CoApplicationHelper(std::string typeId)
{
    NS_LOG_FUNCTION(this << typeId);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeId, &tid) || !tid.IsChildOf(Application::GetTypeId()))
    {
        NS_FATAL_ERROR("CoApplicationHelper: " << typeId << " is not an Application type");
    }
    m_factory.SetTypeId(tid);
}

void
CoApplicationHelper::SetAttribute(std::string name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_factory.Set(name, value);
}

ApplicationContainer
CoApplicationHelper::Install(Ptr<Node> node) const
{
    NS_LOG_FUNCTION(this << node);
    return ApplicationContainer(InstallPriv(node));
}

ApplicationContainer
CoApplicationHelper::Install(std::string nodeName) const
{
    NS_LOG_FUNCTION(this << nodeName);
    Ptr<Node> node = Names::Find<Node>(nodeName);
    if (node == nullptr)
    {
        NS_FATAL_ERROR("CoApplicationHelper: no node is named " << nodeName);
    }
    return ApplicationContainer(InstallPriv(node));
}

ApplicationContainer
CoApplicationHelper::Install(NodeContainer nodes) const
{
    NS_LOG_FUNCTION(this);
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(InstallPriv(*it));
    }
    return apps;
}

Ptr<Application>
CoApplicationHelper::InstallPriv(Ptr<Node> node) const
{
    NS_LOG_FUNCTION(this << node);
    Ptr<Application> app = m_factory.Create<Application>();
    node->AddApplication(app);
    return app;
}

int64_t
CoApplicationHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    int64_t next = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        for (uint32_t i = 0; i < (*it)->GetNApplications(); ++i)
        {
            if (Ptr<CoClientApplication> app =
                    DynamicCast<CoClientApplication>((*it)->GetApplication(i)))
            {
                next += app->AssignStreams(next);
            }
        }
    }
    return next - stream;
}

} // namespace ns3
