/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the tests of scenarios: a small grid to run, the message a
 * scenario's text is refused with, and a run's calls table as text.
 */

#ifndef CO_SCENARIO_UTIL_H
#define CO_SCENARIO_UTIL_H

#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"
#include "ns3/data-rate.h"

#include <sstream>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace condistest
{

/**
 * \param rows rows of the grid
 * \param cols columns of the grid
 * \param duration how long calls arrive
 * \return a small grid whose calls block now and then: 2 hosts per switch,
 *         10 Mb/s links (23584 cells/s, so a few 4000-cell/s calls fill
 *         one), 2 calls/s per host held 1 s on average
 */
inline CoScenario
SmallGrid(uint32_t rows, uint32_t cols, Time duration)
{
    CoScenario s;
    s.topology.generator = "grid";
    s.topology.rows = rows;
    s.topology.cols = cols;
    s.hosts.perSwitch = 2;
    s.links.rate = DataRate("10Mbps");
    s.calls.rate = 2;
    s.calls.holdingMean = Seconds(1);
    s.calls.pcr = 4000;
    s.duration = duration;
    return s;
}

/**
 * \param json a scenario in JSON
 * \return the message CoScenario::FromJson() throws for it, or "" when it
 *         accepts it
 */
inline std::string
ErrorOf(const std::string& json)
{
    try
    {
        CoScenario::FromJson(json);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/// \return the calls table of \p r as CSV
inline std::string
CallsCsv(const CoScenarioResults& r)
{
    std::ostringstream os;
    r.WriteCallsCsv(os);
    return os.str();
}

} // namespace condistest
} // namespace ns3

#endif /* CO_SCENARIO_UTIL_H */
