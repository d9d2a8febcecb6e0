/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_LADDER_H
#define CO_CALL_LADDER_H

#include "co-call-event-collector.h"

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
    /// Prints one step as a line: time, who, then what.
    void Print(const CoCallEvent& event);

    std::ostream& m_os;               //!< where the lines go
    CoCallEventCollector m_collector; //!< what happens, step by step
};

} // namespace ns3

#endif /* CO_CALL_LADDER_H */
