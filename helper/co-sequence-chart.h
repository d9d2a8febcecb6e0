/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_SEQUENCE_CHART_H
#define CO_SEQUENCE_CHART_H

#include "co-call-event-collector.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Draws calls as message sequence charts in SVG, from the steps a
 *        CoCallEventCollector gathered: what CoCallLadder prints as text,
 *        as a picture a student would rather look at.
 *
 * Lanes, left to right: the calling host's client and its call manager
 * (the NIC), the switches in the order the call reached them, then each
 * other host's call manager and client. CoNDIS requests and completions are
 * horizontal arrows between a client and its call manager; each Q.2931
 * message is one arrow from the lane that sent it to the lane that took it
 * up, slanting down over the time it spent on the link and in the switch's
 * queue, labelled with its key IEs (call reference, VPI/VCI, endpoint
 * reference, cause); admission, cross-connects, protocol errors and rule
 * violations are notes on their lane. Failures, refusals and rule
 * violations are red. Every arrow and note carries its full text in an SVG
 * \<title\>, which a browser shows on hover. Times run down the left side.
 *
 * \code
 *   CoCallEventCollector events;
 *   events.Watch(a, "a"); events.Watch(sw, "sw"); events.Watch(b, "b");
 *   ... Simulator::Run(); ...
 *   CoSequenceChart chart(events);
 *   std::ofstream("call.svg") << chart.RenderCall(chart.GetCalls().front());
 * \endcode
 *
 * The SVG's parts have classes a test or a style sheet can find: "lane"
 * (with data-kind client, host or switch), "message", "request",
 * "indication", "note", and "failure" on what is red.
 */
class CoSequenceChart
{
  public:
    /// \param events the steps to draw from (read when rendering)
    explicit CoSequenceChart(const CoCallEventCollector& events);

    /// \return the calls the collector saw a step of, in the order first seen
    std::vector<uint64_t> GetCalls() const;

    /**
     * \param callId a call's network-wide name (CoCallRecord::callId)
     * \return whether the collector saw a step of it
     */
    bool HasCall(uint64_t callId) const;

    /**
     * \brief Draws one call; for a point-to-multipoint call, every party.
     * \param callId a call's network-wide name (CoCallRecord::callId)
     * \return the chart, a complete SVG document
     * \throws std::invalid_argument naming the call when no step of it was seen
     */
    std::string RenderCall(uint64_t callId) const;

    /**
     * \brief Draws every call between two hosts, either way, on one chart:
     *        \p a on the left, \p b on the right.
     * \param a a watched host's name
     * \param b another
     * \return the chart, a complete SVG document
     * \throws std::invalid_argument naming a host that is not watched, or
     *         when no call between them was seen
     */
    std::string RenderBetween(const std::string& a, const std::string& b) const;

  private:
    /**
     * \param calls the calls to draw
     * \param left the hosts on the left (callers), in order; the others go right
     * \param title the chart's title
     * \return the SVG document
     */
    std::string Render(const std::vector<uint64_t>& calls,
                       const std::vector<uint32_t>& left,
                       const std::string& title) const;

    const CoCallEventCollector& m_events; //!< what to draw
};

/**
 * \ingroup condis
 * \param text some text
 * \return it with XML's special characters (& < > " ') written as entities,
 *         and control characters other than tab and newline (which XML 1.0
 *         does not allow) left out
 */
std::string CoXmlEscape(const std::string& text);

} // namespace ns3

#endif /* CO_SEQUENCE_CHART_H */
