/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_APPLICATION_HELPER_H
#define CO_APPLICATION_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Installs applications of one type, with the same attributes, on nodes:
 *        typically CoCallGeneratorApplication and CoSapServerApplication.
 *
 * \code
 *   CoApplicationHelper server("ns3::CoSapServerApplication");
 *   server.Install(calleeNode);
 *   CoApplicationHelper caller("ns3::CoCallGeneratorApplication");
 *   caller.SetAttribute("Destination", AesaAddressValue(calleeNic->GetAesa()));
 *   ApplicationContainer apps = caller.Install(callerNodes);
 *   caller.AssignStreams(callerNodes, 0);
 * \endcode
 */
class CoApplicationHelper
{
  public:
    /**
     * \param typeId the TypeId name of an Application subclass, e.g.
     *        "ns3::CoCallGeneratorApplication" (a fatal error otherwise)
     */
    explicit CoApplicationHelper(std::string typeId);

    /**
     * \brief Records an attribute to set on every application created.
     * \param name the attribute's name
     * \param value its value
     */
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Creates an application on a node.
     * \param node the node
     * \return the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \brief Creates an application on a node known to the Names service.
     * \param nodeName the node's name
     * \return the application
     */
    ApplicationContainer Install(std::string nodeName) const;

    /**
     * \brief Creates an application on each node.
     * \param nodes the nodes
     * \return the applications, one per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Assigns fixed random variable streams to every CoClientApplication
     *        on the nodes (of any type, not only the helper's), for
     *        reproducible runs.
     * \param nodes the nodes
     * \param stream the first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream);

  private:
    /**
     * \param node the node
     * \return a new application, added to the node
     */
    Ptr<Application> InstallPriv(Ptr<Node> node) const;

    ObjectFactory m_factory; //!< makes the applications
};

} // namespace ns3

#endif /* CO_APPLICATION_HELPER_H */
