/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_LADDER_H
#define CO_CALL_LADDER_H

#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"

#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Prints a call's life as a ladder: every CoNDIS request, completion
 *        and indication at the hosts, and every Q.2931 message on the wire,
 *        one timestamped line each, in the order they happen.
 *
 * Meant for students following a call step by step, and for anyone debugging
 * a scenario. It only listens to trace sources; it changes nothing.
 *
 * \code
 *   0.100000000s  a       MakeCall vc 3: CBR fwd PCR 1000 ...
 *   0.100000000s  a    -> SETUP cref 1 ...
 *   0.101227200s  sw   <- SETUP cref 1 ... (port 0)
 * \endcode
 */
class CoCallLadder
{
  public:
    /// \param os where the lines go
    explicit CoCallLadder(std::ostream& os);

    /**
     * \brief Follows a host: its client-interface events and its signalling.
     * \param device the host's NIC
     * \param name how the host is called in the ladder
     */
    void Watch(Ptr<CoNetDevice> device, const std::string& name);

    /**
     * \brief Follows a switch: its signalling, admission and cross-connects.
     * \param sw the switch
     * \param name how the switch is called in the ladder
     */
    void Watch(Ptr<CoSwitch> sw, const std::string& name);

  private:
    /// Starts a line: time and who.
    std::ostream& Line(const std::string& who);

    void VcEvent(std::string who, std::string what, CoVcHandle vc);
    void VcStatus(std::string who, std::string what, CoVcHandle vc, CoStatus status);
    void VcParameters(std::string who, std::string what, CoVcHandle vc, const CoCallParameters& p);
    void VcStatusParameters(std::string who,
                            std::string what,
                            CoVcHandle vc,
                            CoStatus status,
                            const CoCallParameters& p);
    void SapStatus(std::string who, CoSapHandle sap, CoStatus status);
    void Message(std::string who, std::string arrow, const Q2931Header& message);
    void PortMessage(std::string who, std::string arrow, uint32_t port, const Q2931Header& m);
    void Admission(std::string who,
                   uint32_t in,
                   uint32_t out,
                   const CoCallParameters& p,
                   uint8_t cause);
    void CrossConnect(std::string who,
                      std::string what,
                      uint32_t inPort,
                      uint16_t inVci,
                      uint32_t outPort,
                      uint16_t outVci);
    void Violation(std::string who, CoRule rule, const std::string& detail);
    /// A message answered as Q.2931 5.6 prescribes (STATUS, RELEASE COMPLETE).
    void ProtocolError(std::string who, const Q2931Header& message, uint8_t cause);
    /// As ProtocolError(), on a switch port.
    void PortProtocolError(std::string who, uint32_t port, const Q2931Header& m, uint8_t cause);

    std::ostream& m_os; //!< where the lines go
};

} // namespace ns3

#endif /* CO_CALL_LADDER_H */
