/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-call-ladder.h"

#include "ns3/simulator.h"

#include <iomanip>

namespace ns3
{

CoCallLadder::CoCallLadder(std::ostream& os)
    : m_os(os)
{
    // The ladder prints as the run goes and keeps nothing.
    m_collector.SetKeep(false);
    m_collector.SetSink([this](const CoCallEvent& event) { Print(event); });
}

void
CoCallLadder::Watch(Ptr<CoNetDevice> device, const std::string& name)
{
    m_collector.Watch(device, name);
}

void
CoCallLadder::Watch(Ptr<CoSwitch> sw, const std::string& name)
{
    m_collector.Watch(sw, name);
}

void
CoCallLadder::Print(const CoCallEvent& event)
{
    const std::string& who = m_collector.GetElements()[event.element].name;
    std::ios::fmtflags flags = m_os.flags();
    m_os << std::fixed << std::setprecision(9) << std::setw(14) << event.time.GetSeconds() << "s  "
         << std::left << std::setw(6) << who << std::right << event.marker << event.text
         << std::endl;
    m_os.flags(flags);
}

} // namespace ns3
