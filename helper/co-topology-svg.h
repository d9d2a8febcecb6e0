/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TOPOLOGY_SVG_H
#define CO_TOPOLOGY_SVG_H

#include "ns3/nstime.h"

#include <string>

namespace ns3
{

struct CoScenarioResults;

/**
 * \ingroup condis
 * \brief Draws the network of a scenario run at one instant as SVG: the
 *        switches where their topology places them (on a circle when it
 *        places them all at one point), each link coloured, from green to
 *        red, by what it carried then, failed links and switches marked.
 *
 * A link's colour and width follow either the share of its admissible cell
 * rate reserved at that instant (the larger of its two directions, from the
 * port samples, CoScenarioResults::ports) or the number of connected calls
 * whose path crossed it then (from the calls table), relative to the most
 * loaded link. A link or switch failed at that instant (by the scenario's
 * failures) is drawn dashed with a red cross, a link whose signalling alone
 * is down dotted. Each switch and link has its figures in an SVG
 * \<title\> (hover). Classes for tests and style sheets: "switch", "link",
 * and "failed" on what is down.
 */
class CoTopologySvg
{
  public:
    /// What colours a link.
    enum class Measure
    {
        ReservedBandwidth, //!< the share of its admissible cell rate reserved
        Calls,             //!< connected calls crossing it
    };

    /**
     * \param name "reserved" or "calls"
     * \return the measure
     * \throws std::invalid_argument naming the value otherwise
     */
    static Measure ParseMeasure(const std::string& name);

    /**
     * \param results a run's results
     * \param at the instant to draw, from 0 to the run's end
     * \param measure what colours the links
     * \return the picture, a complete SVG document
     * \throws std::invalid_argument naming the time when it is outside the run
     */
    static std::string Render(const CoScenarioResults& results, Time at, Measure measure);
};

} // namespace ns3

#endif /* CO_TOPOLOGY_SVG_H */
