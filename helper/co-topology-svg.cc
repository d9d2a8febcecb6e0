/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-topology-svg.h"

#include "co-scenario-runner.h"
#include "co-sequence-chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

constexpr double WIDTH = 900;  //!< drawing area, without the legend
constexpr double HEIGHT = 640; //!< drawing area
constexpr double MARGIN = 70;  //!< around the switches, for their names

/// \return the colour of a load from 0 (green) through yellow to 1 (red)
std::string
LoadColour(double load)
{
    load = std::clamp(load, 0.0, 1.0);
    // green (46,125,50) -> amber (249,168,37) -> red (198,40,40)
    auto mix = [](double a, double b, double f) { return int(std::lround(a + (b - a) * f)); };
    int r;
    int g;
    int b;
    if (load < 0.5)
    {
        r = mix(46, 249, load * 2);
        g = mix(125, 168, load * 2);
        b = mix(50, 37, load * 2);
    }
    else
    {
        r = mix(249, 198, (load - 0.5) * 2);
        g = mix(168, 40, (load - 0.5) * 2);
        b = mix(37, 40, (load - 0.5) * 2);
    }
    char buffer[8];
    std::snprintf(buffer, sizeof(buffer), "#%02x%02x%02x", r, g, b);
    return buffer;
}

/// What is down at an instant, by the scenario's failures.
struct Down
{
    std::map<uint32_t, bool> switches;                        //!< by vertex
    std::map<std::pair<uint32_t, uint32_t>, bool> links;      //!< by (lower, higher) vertex
    std::map<std::pair<uint32_t, uint32_t>, bool> signalling; //!< the same, signalling alone
};

/// \return the unordered pair of two vertices, lower first
std::pair<uint32_t, uint32_t>
Pair(uint32_t a, uint32_t b)
{
    return {std::min(a, b), std::max(a, b)};
}

} // namespace

CoTopologySvg::Measure
CoTopologySvg::ParseMeasure(const std::string& name)
{
    if (name == "reserved")
    {
        return Measure::ReservedBandwidth;
    }
    if (name == "calls")
    {
        return Measure::Calls;
    }
    throw std::invalid_argument("\"" + name + "\": expected reserved or calls");
}

std::string
CoTopologySvg::Render(const CoScenarioResults& results, Time at, Measure measure)
{
    if (at.IsNegative() || at > results.endTime)
    {
        // Nanoseconds as an integer: ns-3.37's GetSeconds() of a negative
        // time shifts a negative value (undefined; UBSan stops on it).
        throw std::invalid_argument("time " + std::to_string(at.GetNanoSeconds() * 1e-9) +
                                    " s: outside the run (0 to " +
                                    std::to_string(results.endTime.GetSeconds()) + " s)");
    }
    const CoTopology& g = results.topology;
    const uint32_t n = boost::num_vertices(g);

    // Where the switches go: the topology's positions, scaled to the page;
    // on a circle when they do not tell switches apart.
    std::vector<double> x(n);
    std::vector<double> y(n);
    double minX = 0;
    double maxX = 0;
    double minY = 0;
    double maxY = 0;
    for (uint32_t v = 0; v < n; ++v)
    {
        x[v] = g[v].x;
        y[v] = g[v].y;
        minX = v == 0 ? x[v] : std::min(minX, x[v]);
        maxX = v == 0 ? x[v] : std::max(maxX, x[v]);
        minY = v == 0 ? y[v] : std::min(minY, y[v]);
        maxY = v == 0 ? y[v] : std::max(maxY, y[v]);
    }
    if (n > 1 && maxX == minX && maxY == minY)
    {
        for (uint32_t v = 0; v < n; ++v)
        {
            x[v] = std::cos(2 * M_PI * v / n);
            y[v] = std::sin(2 * M_PI * v / n);
        }
        minX = minY = -1;
        maxX = maxY = 1;
    }
    auto px = [&](uint32_t v) {
        return maxX == minX ? WIDTH / 2
                            : MARGIN + (x[v] - minX) / (maxX - minX) * (WIDTH - 2 * MARGIN);
    };
    auto py = [&](uint32_t v) {
        return maxY == minY ? HEIGHT / 2
                            : MARGIN + (y[v] - minY) / (maxY - minY) * (HEIGHT - 2 * MARGIN);
    };

    // What is down at that instant: the last change to each element up to it.
    std::vector<CoScenarioFailure> failures = results.failures;
    std::stable_sort(failures.begin(), failures.end(), [](const auto& a, const auto& b) {
        return a.at < b.at;
    });
    Down down;
    for (const CoScenarioFailure& f : failures)
    {
        if (f.at > at)
        {
            break;
        }
        const bool failed = f.action == CoScenarioFailure::Action::Fail;
        switch (f.target)
        {
        case CoScenarioFailure::Target::Switch:
            down.switches[f.vertex] = failed;
            break;
        case CoScenarioFailure::Target::Link:
            down.links[Pair(f.vertex, f.peer)] = failed;
            break;
        case CoScenarioFailure::Target::Signalling:
            down.signalling[Pair(f.vertex, f.peer)] = failed;
            break;
        }
    }

    // Each link's load: reserved share from the port samples, or calls up.
    std::map<uint32_t, uint32_t> vertexOfNode;
    for (const CoPortStats& p : results.ports)
    {
        vertexOfNode[p.node] = p.vertex;
    }
    std::map<std::pair<uint32_t, uint32_t>, double> reserved; // worst direction's share
    std::map<std::pair<uint32_t, uint32_t>, std::string> reservedText;
    for (const CoPortStats& p : results.ports)
    {
        if (p.toHost || p.reservedCellRate.empty())
        {
            continue;
        }
        std::size_t sample =
            results.sampleInterval.IsStrictlyPositive()
                ? std::size_t(at.GetTimeStep() / results.sampleInterval.GetTimeStep())
                : 0;
        sample = std::min(sample, p.reservedCellRate.size() - 1);
        const uint64_t cells = p.reservedCellRate[sample];
        const double share = p.admissibleCellRate == 0 ? 0 : double(cells) / p.admissibleCellRate;
        auto key = Pair(p.vertex, p.peer);
        if (reserved.count(key) == 0 || share > reserved[key])
        {
            reserved[key] = share;
        }
        reservedText[key] +=
            "\n" + (g[p.vertex].name.empty() ? "s" + std::to_string(p.vertex) : g[p.vertex].name) +
            " out: " + std::to_string(cells) + " of " + std::to_string(p.admissibleCellRate) +
            " cells/s reserved";
    }
    std::map<std::pair<uint32_t, uint32_t>, uint64_t> calls;
    for (const CoCallRecord& c : results.calls)
    {
        if (!c.outcome.IsSuccess() || c.holdingTime.IsNegative() || c.setupLatency.IsNegative())
        {
            continue;
        }
        const Time from = c.start + c.setupLatency;
        if (at < from || at >= from + c.holdingTime)
        {
            continue;
        }
        for (std::size_t i = 1; i < c.path.size(); ++i)
        {
            auto a = vertexOfNode.find(c.path[i - 1]);
            auto b = vertexOfNode.find(c.path[i]);
            if (a != vertexOfNode.end() && b != vertexOfNode.end())
            {
                ++calls[Pair(a->second, b->second)];
            }
        }
    }
    uint64_t mostCalls = 0;
    for (const auto& [link, count] : calls)
    {
        mostCalls = std::max(mostCalls, count);
    }

    auto nameOf = [&g](uint32_t v) {
        return g[v].name.empty() ? "s" + std::to_string(v) : g[v].name;
    };
    char when[48];
    std::snprintf(when, sizeof(when), "%.6f s", at.GetSeconds());
    const std::string title = std::string("the network at ") + when + ", links by " +
                              (measure == Measure::Calls ? "calls carried" : "reserved bandwidth");
    std::ostringstream svg;
    const int width = int(WIDTH) + 180;
    svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\""
        << int(HEIGHT) << "\" viewBox=\"0 0 " << width << " " << int(HEIGHT)
        << "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        << "<title>" << CoXmlEscape(title) << "</title>\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" << CoXmlEscape(title)
        << "</text>\n";

    // Links under switches.
    boost::graph_traits<CoTopology>::edge_iterator e;
    boost::graph_traits<CoTopology>::edge_iterator end;
    for (std::tie(e, end) = boost::edges(g); e != end; ++e)
    {
        const uint32_t a = boost::source(*e, g);
        const uint32_t b = boost::target(*e, g);
        const auto key = Pair(a, b);
        const bool linkDown = down.links[key] || down.switches[a] || down.switches[b];
        const bool signallingDown = !linkDown && down.signalling[key];
        double load = 0;
        std::string figure;
        if (measure == Measure::Calls)
        {
            load = mostCalls == 0 ? 0 : double(calls[key]) / mostCalls;
            figure = std::to_string(calls[key]) + (calls[key] == 1 ? " call" : " calls");
        }
        else
        {
            load = reserved[key];
            char share[32];
            std::snprintf(share, sizeof(share), "%.0f %%", 100 * load);
            figure = share;
        }
        std::ostringstream detail;
        detail << nameOf(a) << " - " << nameOf(b) << ": " << g[*e].rate << ", "
               << g[*e].delay.As(Time::MS) << "; " << calls[key] << " calls up" << reservedText[key]
               << (linkDown         ? "\nDOWN"
                   : signallingDown ? "\nsignalling DOWN"
                                    : "");
        const double x1 = px(a);
        const double y1 = py(a);
        const double x2 = px(b);
        const double y2 = py(b);
        svg << "<g class=\"link" << (linkDown || signallingDown ? " failed" : "")
            << "\" data-from=\"" << a << "\" data-to=\"" << b << "\"><title>"
            << CoXmlEscape(detail.str()) << "</title>"
            << "<line x1=\"" << x1 << "\" y1=\"" << y1 << "\" x2=\"" << x2 << "\" y2=\"" << y2
            << "\" stroke=\"" << (linkDown ? "#9e9e9e" : LoadColour(load)) << "\" stroke-width=\""
            << (linkDown ? 2 : 2 + 8 * std::clamp(load, 0.0, 1.0)) << "\" stroke-linecap=\"round\""
            << (linkDown         ? " stroke-dasharray=\"8 6\""
                : signallingDown ? " stroke-dasharray=\"2 5\""
                                 : "")
            << "/>";
        const double mx = (x1 + x2) / 2;
        const double my = (y1 + y2) / 2;
        if (linkDown || signallingDown)
        {
            svg << "<path d=\"M" << mx - 7 << "," << my - 7 << " L" << mx + 7 << "," << my + 7
                << " M" << mx - 7 << "," << my + 7 << " L" << mx + 7 << "," << my - 7
                << "\" stroke=\"#c62828\" stroke-width=\"3\"/>";
        }
        else
        {
            svg << "<text x=\"" << mx + 6 << "\" y=\"" << my - 6 << "\" fill=\"#333\">"
                << CoXmlEscape(figure) << "</text>";
        }
        svg << "</g>\n";
    }

    // Switches, with how many calls they carried then.
    for (uint32_t v = 0; v < n; ++v)
    {
        const bool failed = down.switches[v];
        const double cx = px(v);
        const double cy = py(v);
        svg << "<g class=\"switch" << (failed ? " failed" : "") << "\" data-vertex=\"" << v
            << "\"><title>"
            << CoXmlEscape(nameOf(v) + " (vertex " + std::to_string(v) + ")" +
                           (failed ? ": DOWN" : ""))
            << "</title><rect x=\"" << cx - 14 << "\" y=\"" << cy - 14
            << "\" width=\"28\" height=\"28\" rx=\"5\" fill=\"" << (failed ? "#ffebee" : "#e3ecf7")
            << "\" stroke=\"" << (failed ? "#c62828" : "#37474f") << "\" stroke-width=\"2\"/>";
        if (failed)
        {
            svg << "<path d=\"M" << cx - 10 << "," << cy - 10 << " L" << cx + 10 << "," << cy + 10
                << " M" << cx - 10 << "," << cy + 10 << " L" << cx + 10 << "," << cy - 10
                << "\" stroke=\"#c62828\" stroke-width=\"3\"/>";
        }
        svg << "<text x=\"" << cx << "\" y=\"" << cy + 30 << "\" text-anchor=\"middle\">"
            << CoXmlEscape(nameOf(v)) << "</text></g>\n";
    }

    // The legend: the colour scale and what it measures.
    const int lx = int(WIDTH) + 20;
    svg << "<g class=\"legend\"><text x=\"" << lx << "\" y=\"60\">"
        << (measure == Measure::Calls ? "calls carried" : "reserved / admissible") << "</text>";
    for (int i = 0; i <= 10; ++i)
    {
        svg << "<rect x=\"" << lx << "\" y=\"" << 70 + i * 16 << "\" width=\"24\" height=\"16\" "
            << "fill=\"" << LoadColour(i / 10.0) << "\"/>";
    }
    svg << "<text x=\"" << lx + 30 << "\" y=\"82\">0</text><text x=\"" << lx + 30 << "\" y=\"242\">"
        << (measure == Measure::Calls ? std::to_string(mostCalls) : std::string("100 %"))
        << "</text><line x1=\"" << lx << "\" y1=\"280\" x2=\"" << lx + 24
        << "\" y2=\"280\" stroke=\"#9e9e9e\" stroke-width=\"2\" stroke-dasharray=\"8 6\"/>"
        << "<text x=\"" << lx + 30 << "\" y=\"284\">down</text><line x1=\"" << lx
        << "\" y1=\"300\" x2=\"" << lx + 24
        << "\" y2=\"300\" stroke=\"#2e7d32\" stroke-width=\"2\" stroke-dasharray=\"2 5\"/>"
        << "<text x=\"" << lx + 30 << "\" y=\"304\">signalling down</text></g>\n";
    svg << "</svg>\n";
    return svg.str();
}

} // namespace ns3
