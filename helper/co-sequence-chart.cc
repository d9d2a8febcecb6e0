/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-sequence-chart.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

// Geometry, in SVG user units (pixels).
constexpr int TIME_COLUMN = 110;        //!< the timestamps' column, left of the lanes
constexpr int LANE_WIDTH = 190;         //!< between two lifelines
constexpr int HEADER = 64;              //!< lane names above the first row
constexpr int ROW = 24;                 //!< one step per row
constexpr int FOOTER = 24;              //!< below the last row
constexpr std::size_t LABEL_CHARS = 40; //!< beside an arrow; the rest is in its title

const char* const INK = "#1b1b1b";
const char* const RED = "#c62828";

/// A lane: a host's client, a host's call manager, or a switch.
struct Lane
{
    enum class Kind
    {
        Client,
        Host,
        Switch,
    } kind;
    uint32_t element; //!< its element in the collector
};

/// \return \p text cut to \p n characters, an ellipsis marking the cut
std::string
Shorten(const std::string& text, std::size_t n)
{
    return text.size() <= n ? text : text.substr(0, n - 1) + "\u2026";
}

/// \return \p seconds as the time column shows them, to the nanosecond
std::string
FormatTime(Time t)
{
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.9f s", t.GetSeconds());
    return buffer;
}

} // namespace

std::string
CoXmlEscape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n')
            {
                out += c;
            }
        }
    }
    return out;
}

CoSequenceChart::CoSequenceChart(const CoCallEventCollector& events)
    : m_events(events)
{
}

std::vector<uint64_t>
CoSequenceChart::GetCalls() const
{
    std::vector<uint64_t> calls;
    std::set<uint64_t> seen;
    for (const CoCallEvent& e : m_events.GetEvents())
    {
        if (e.callId != 0 && seen.insert(e.callId).second)
        {
            calls.push_back(e.callId);
        }
    }
    return calls;
}

bool
CoSequenceChart::HasCall(uint64_t callId) const
{
    const std::vector<CoCallEvent>& events = m_events.GetEvents();
    return callId != 0 && std::any_of(events.begin(), events.end(), [callId](const CoCallEvent& e) {
               return e.callId == callId;
           });
}

std::string
CoSequenceChart::RenderCall(uint64_t callId) const
{
    for (const CoCallEvent& e : m_events.GetEvents())
    {
        if (e.callId == callId && callId != 0)
        {
            // The host where the call starts is its caller (or root).
            std::vector<uint32_t> left;
            if (m_events.GetElements()[e.element].host)
            {
                left.push_back(e.element);
            }
            return Render({callId}, left, "call " + std::to_string(callId));
        }
    }
    throw std::invalid_argument("call " + std::to_string(callId) +
                                ": no such call in the recorded events");
}

std::string
CoSequenceChart::RenderBetween(const std::string& a, const std::string& b) const
{
    int32_t ea = m_events.FindElement(a);
    int32_t eb = m_events.FindElement(b);
    for (auto [name, e] : {std::make_pair(a, ea), std::make_pair(b, eb)})
    {
        if (e < 0 || !m_events.GetElements()[e].host)
        {
            throw std::invalid_argument("host \"" + name + "\": no such host among those watched");
        }
    }
    // The calls with a step at both hosts.
    std::map<uint64_t, int> at;
    for (const CoCallEvent& e : m_events.GetEvents())
    {
        if (e.callId != 0 && (int32_t(e.element) == ea || int32_t(e.element) == eb))
        {
            at[e.callId] |= int32_t(e.element) == ea ? 1 : 2;
        }
    }
    std::vector<uint64_t> calls;
    for (uint64_t id : GetCalls())
    {
        if (at[id] == 3)
        {
            calls.push_back(id);
        }
    }
    if (calls.empty())
    {
        throw std::invalid_argument("no call between \"" + a + "\" and \"" + b +
                                    "\" in the recorded events");
    }
    return Render(calls, {uint32_t(ea), uint32_t(eb)}, "calls between " + a + " and " + b);
}

std::string
CoSequenceChart::Render(const std::vector<uint64_t>& calls,
                        const std::vector<uint32_t>& hostOrder,
                        const std::string& title) const
{
    const std::vector<CoCallEvent>& events = m_events.GetEvents();
    const std::vector<CoCallEventCollector::Element>& elements = m_events.GetElements();
    std::set<uint64_t> wanted(calls.begin(), calls.end());

    // The steps to draw, and who took part, in the order they did.
    std::vector<std::size_t> steps;
    std::vector<uint32_t> hosts;
    std::vector<uint32_t> switches;
    auto takesPart = [&](uint32_t element) {
        std::vector<uint32_t>& list = elements[element].host ? hosts : switches;
        if (std::find(list.begin(), list.end(), element) == list.end())
        {
            list.push_back(element);
        }
    };
    for (std::size_t i = 0; i < events.size(); ++i)
    {
        if (wanted.count(events[i].callId) != 0)
        {
            steps.push_back(i);
            takesPart(events[i].element);
            if (events[i].peer >= 0)
            {
                takesPart(events[i].peer);
            }
        }
    }

    // The given hosts first: the first on the left (the caller's side),
    // the others on the right, in order.
    std::vector<uint32_t> right;
    uint32_t first = UINT32_MAX;
    if (!hostOrder.empty())
    {
        first = hostOrder.front();
    }
    for (uint32_t h : hostOrder)
    {
        if (h != first)
        {
            right.push_back(h);
        }
    }
    for (uint32_t h : hosts)
    {
        if (h != first && std::find(right.begin(), right.end(), h) == right.end())
        {
            right.push_back(h);
        }
    }
    std::vector<Lane> lanes;
    if (first != UINT32_MAX)
    {
        lanes.push_back({Lane::Kind::Client, first});
        lanes.push_back({Lane::Kind::Host, first});
    }
    for (uint32_t s : switches)
    {
        lanes.push_back({Lane::Kind::Switch, s});
    }
    for (uint32_t h : right)
    {
        lanes.push_back({Lane::Kind::Host, h});
        lanes.push_back({Lane::Kind::Client, h});
    }
    auto laneX = [&](Lane::Kind kind, uint32_t element) {
        for (std::size_t i = 0; i < lanes.size(); ++i)
        {
            if (lanes[i].element == element && (lanes[i].kind == kind))
            {
                return TIME_COLUMN + int(i) * LANE_WIDTH + LANE_WIDTH / 2;
            }
        }
        return -1;
    };
    // Where an element's signalling is drawn: a host's call manager, a switch.
    auto signallingX = [&](uint32_t element) {
        return laneX(elements[element].host ? Lane::Kind::Host : Lane::Kind::Switch, element);
    };
    std::map<std::size_t, int> rowOf; // event -> its y
    for (std::size_t r = 0; r < steps.size(); ++r)
    {
        rowOf[steps[r]] = HEADER + int(r) * ROW + ROW / 2;
    }

    // Room on the right for the notes of the last lane, which read rightwards
    // from its lifeline: a whole label at about 7 px per monospace character,
    // so that a browser does not clip it at the picture's edge.
    const int lastLane = TIME_COLUMN + int(lanes.size()) * LANE_WIDTH - LANE_WIDTH / 2;
    const int width = std::max(lastLane + 6 + int(LABEL_CHARS) * 7 + 8,
                               TIME_COLUMN + int(lanes.size()) * LANE_WIDTH);
    const int height = HEADER + int(steps.size()) * ROW + FOOTER;
    std::ostringstream svg;
    svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << width << " " << height
        << "\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"11\">\n"
        << "<title>" << CoXmlEscape(title) << "</title>\n"
        << "<defs>\n";
    for (auto [id, colour] : {std::make_pair("arrow", INK), std::make_pair("arrow-red", RED)})
    {
        svg << "<marker id=\"" << id << "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
            << "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
            << "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"" << colour << "\"/></marker>\n";
    }
    svg << "</defs>\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">" << CoXmlEscape(title)
        << "</text>\n";

    // Lanes: a name on top, a lifeline down.
    for (const Lane& lane : lanes)
    {
        const std::string& name = elements[lane.element].name;
        const char* kind = lane.kind == Lane::Kind::Client ? "client"
                           : lane.kind == Lane::Kind::Host ? "host"
                                                           : "switch";
        const std::string caption = lane.kind == Lane::Kind::Client ? name + " client"
                                    : lane.kind == Lane::Kind::Host ? name + " call manager"
                                                                    : name;
        const int x = laneX(lane.kind, lane.element);
        svg << "<g class=\"lane\" data-kind=\"" << kind << "\" data-name=\"" << CoXmlEscape(name)
            << "\"><title>" << CoXmlEscape(caption) << "</title>"
            << "<rect x=\"" << x - LANE_WIDTH / 2 + 8 << "\" y=\"28\" width=\"" << LANE_WIDTH - 16
            << "\" height=\"22\" rx=\"4\" fill=\""
            << (lane.kind == Lane::Kind::Switch ? "#e3ecf7"
                : lane.kind == Lane::Kind::Host ? "#e8f3e6"
                                                : "#f4f4f4")
            << "\" stroke=\"#888\"/>"
            << "<text x=\"" << x << "\" y=\"43\" text-anchor=\"middle\">"
            << CoXmlEscape(Shorten(caption, 26)) << "</text>"
            << "<line x1=\"" << x << "\" y1=\"50\" x2=\"" << x << "\" y2=\"" << height - 8
            << "\" stroke=\"#aaa\" stroke-dasharray=\"4 3\"/></g>\n";
    }

    auto arrow = [&](const char* cls,
                     const CoCallEvent& e,
                     int x1,
                     int y1,
                     int x2,
                     int y2,
                     const std::string& label,
                     const std::string& detail,
                     bool dashed) {
        const char* colour = e.failure ? RED : INK;
        svg << "<g class=\"" << cls << (e.failure ? " failure" : "") << "\"><title>"
            << CoXmlEscape(detail) << "</title>"
            << "<line x1=\"" << x1 << "\" y1=\"" << y1 << "\" x2=\"" << x2 << "\" y2=\"" << y2
            << "\" stroke=\"" << colour << "\" stroke-width=\"1.4\""
            << (dashed ? " stroke-dasharray=\"5 3\"" : "") << " marker-end=\"url(#"
            << (e.failure ? "arrow-red" : "arrow") << ")\"/>";
        // The label sits above the arrow's start, reading away from its tail.
        const bool rightwards = x2 >= x1;
        svg << "<text x=\"" << (rightwards ? x1 + 6 : x1 - 6) << "\" y=\"" << y1 - 4
            << "\" text-anchor=\"" << (rightwards ? "start" : "end") << "\" fill=\"" << colour
            << "\">" << CoXmlEscape(Shorten(label, LABEL_CHARS)) << "</text></g>\n";
    };

    for (std::size_t r = 0; r < steps.size(); ++r)
    {
        const CoCallEvent& e = events[steps[r]];
        const int y = rowOf[steps[r]];
        const std::string who = elements[e.element].name;
        const std::string detail = FormatTime(e.time) + "  " + who + "  " + e.text;
        svg << "<text class=\"time\" x=\"8\" y=\"" << y + 4 << "\" fill=\"#555\">"
            << FormatTime(e.time) << "</text>\n";
        switch (e.kind)
        {
        case CoCallEvent::Kind::Request:
            arrow("request",
                  e,
                  laneX(Lane::Kind::Client, e.element),
                  y,
                  laneX(Lane::Kind::Host, e.element),
                  y,
                  e.text,
                  detail,
                  false);
            break;
        case CoCallEvent::Kind::Indication:
            arrow("indication",
                  e,
                  laneX(Lane::Kind::Host, e.element),
                  y,
                  laneX(Lane::Kind::Client, e.element),
                  y,
                  e.text,
                  detail,
                  true);
            break;
        case CoCallEvent::Kind::MessageTx: {
            // One arrow per message sent, down to where it was taken up.
            const int x1 = signallingX(e.element);
            int x2 = e.peer >= 0 ? signallingX(e.peer) : x1 + (x1 < width / 2 ? 1 : -1) * 60;
            int y2 = y + ROW / 2;
            bool lost = true;
            if (e.pair >= 0 && rowOf.count(e.pair) != 0)
            {
                y2 = rowOf[e.pair];
                lost = false;
            }
            arrow("message",
                  e,
                  x1,
                  y,
                  x2,
                  y2,
                  e.label,
                  detail + (lost ? "  (not taken up at the other end)" : ""),
                  lost);
            break;
        }
        case CoCallEvent::Kind::MessageRx:
            if (e.pair < 0 || rowOf.count(e.pair) == 0)
            {
                // Its sending was not seen: drawn from the link's other end.
                const int x2 = signallingX(e.element);
                const int x1 =
                    e.peer >= 0 ? signallingX(e.peer) : x2 + (x2 < width / 2 ? -1 : 1) * 60;
                arrow("message", e, x1, y - ROW / 2, x2, y, e.label, detail, false);
            }
            break;
        case CoCallEvent::Kind::Note: {
            const int x = signallingX(e.element);
            const char* colour = e.failure ? RED : "#555";
            svg << "<g class=\"note" << (e.failure ? " failure" : "") << "\"><title>"
                << CoXmlEscape(detail) << "</title><circle cx=\"" << x << "\" cy=\"" << y
                << "\" r=\"3\" fill=\"" << colour << "\"/><text x=\"" << x + 6 << "\" y=\"" << y + 4
                << "\" fill=\"" << colour << "\" font-style=\"italic\">"
                << CoXmlEscape(Shorten(e.text, LABEL_CHARS)) << "</text></g>\n";
            break;
        }
        }
    }
    svg << "</svg>\n";
    return svg.str();
}

} // namespace ns3
