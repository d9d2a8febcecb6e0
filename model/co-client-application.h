/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CLIENT_APPLICATION_H
#define CO_CLIENT_APPLICATION_H

#include "co-handle.h"
#include "co-net-device.h"

#include "ns3/application.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The part every CoNDIS client application shares: which
 *        CoNetDevice of its node it uses, and its address-family handle.
 *
 * The device is the one the Device attribute names, or else the first
 * CoNetDevice on the application's node. It is looked up when the
 * application opens the address family (at its start), so that the
 * application may be installed before the node's NIC.
 */
class CoClientApplication : public Application
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoClientApplication();
    ~CoClientApplication() override;

    // Delete copy constructor and assignment operator to avoid misuse
    CoClientApplication(const CoClientApplication&) = delete;
    CoClientApplication& operator=(const CoClientApplication&) = delete;

    /**
     * \brief The NIC the application uses.
     * \return the device; null until the application has started, unless
     *         the Device attribute was set
     */
    Ptr<CoNetDevice> GetDevice() const;

    /**
     * \brief Assigns fixed random variable streams to the random variables
     *        the application uses (none, unless a subclass says otherwise).
     * \param stream the first stream index to use
     * \return the number of stream indices assigned
     */
    virtual int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for user data on a VC.
     * \param packet the AAL5 SDU
     * \param vc the VC it was sent or received on
     */
    typedef void (*PacketVcTracedCallback)(Ptr<const Packet> packet, CoVcHandle vc);

  protected:
    void DoDispose() override;

    /**
     * \brief Finds the device and opens its address family with the
     *        application's handlers, unless that was done already.
     *
     * A fatal error when the node has no CoNetDevice, or when the Device
     * attribute names one on another node.
     *
     * \param handlers the application's entry points (they stay registered
     *        for as long as the device lives: the applications do not close
     *        the address family, CoNetDevice::CloseAddressFamily)
     */
    void OpenAddressFamily(const CoClientHandlers& handlers);

    /// \return the handle of the opened address family (invalid before)
    CoClientHandle GetClient() const;

  private:
    Ptr<CoNetDevice> m_device; //!< the NIC
    CoClientHandle m_client;   //!< our handle on it, once the address family is open
};

} // namespace ns3

#endif /* CO_CLIENT_APPLICATION_H */
