/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-topology.h"

#include "ns3/log.h"

#include <boost/graph/connected_components.hpp>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoTopology");

namespace
{

/// Vertices a generator makes at the most: beyond, a typo rather than a
/// study (a vertex and its links take about 200 bytes).
constexpr uint64_t MAX_VERTICES = 1000000;

/// Waxman's switches at the most: it draws for every pair (n^2 / 2), and a
/// dense draw links most of them (12.5 million links at 5000).
constexpr uint64_t MAX_WAXMAN_VERTICES = 5000;

/// Throws the error every bad argument becomes, with the message streamed.
#define CO_GENERATOR_ERROR(message)                                                                \
    do                                                                                             \
    {                                                                                              \
        std::ostringstream os;                                                                     \
        os << "CoTopologyGenerator::" << message;                                                  \
        throw std::invalid_argument(os.str());                                                     \
    } while (false)

/**
 * \brief Checks the link properties a generator was given.
 * \param generator the generator's name, for the message
 * \param link the properties
 */
void
CheckLink(const char* generator, const CoLinkProperties& link)
{
    if (link.rate.GetBitRate() == 0)
    {
        CO_GENERATOR_ERROR(generator << ": link.rate = 0 bps: links need a rate > 0");
    }
    if (link.delay.IsStrictlyNegative())
    {
        CO_GENERATOR_ERROR(generator << ": link.delay = " << link.delay << " is negative");
    }
    if (link.weight == 0)
    {
        CO_GENERATOR_ERROR(generator
                           << ": link.weight = 0: weights must be at least 1 (routes go strictly "
                              "downhill, and a zero-weight link is not)");
    }
}

/**
 * \brief Checks a count a generator was given.
 * \param generator the generator's name
 * \param argument the argument's name
 * \param value its value
 * \param minimum the smallest value allowed
 */
void
CheckAtLeast(const char* generator, const char* argument, uint64_t value, uint64_t minimum)
{
    if (value < minimum)
    {
        CO_GENERATOR_ERROR(generator << ": " << argument << " = " << value
                                     << " is too small: it must be at least " << minimum);
    }
    if (value > MAX_VERTICES)
    {
        CO_GENERATOR_ERROR(generator << ": " << argument << " = " << value
                                     << " is too large: at most " << MAX_VERTICES << " switches");
    }
}

} // namespace

CoTopology
CoTopologyGenerator::Line(uint32_t n, const CoLinkProperties& link)
{
    NS_LOG_FUNCTION(n);
    CheckAtLeast("Line", "n", n, 1);
    CheckLink("Line", link);
    CoTopology g(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        g[i].x = i;
        if (i + 1 < n)
        {
            boost::add_edge(i, i + 1, link, g);
        }
    }
    return g;
}

CoTopology
CoTopologyGenerator::Ring(uint32_t n, const CoLinkProperties& link)
{
    NS_LOG_FUNCTION(n);
    CheckAtLeast("Ring", "n", n, 3);
    CheckLink("Ring", link);
    CoTopology g(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        double angle = 2 * M_PI * i / n;
        g[i].x = std::cos(angle);
        g[i].y = std::sin(angle);
        boost::add_edge(i, (i + 1) % n, link, g);
    }
    return g;
}

CoTopology
CoTopologyGenerator::Star(uint32_t leaves, const CoLinkProperties& link)
{
    NS_LOG_FUNCTION(leaves);
    CheckAtLeast("Star", "leaves", leaves, 1);
    CheckLink("Star", link);
    CoTopology g(uint64_t(leaves) + 1);
    for (uint32_t i = 1; i <= leaves; ++i)
    {
        double angle = 2 * M_PI * (i - 1) / leaves;
        g[i].x = std::cos(angle);
        g[i].y = std::sin(angle);
        boost::add_edge(0, i, link, g);
    }
    return g;
}

CoTopology
CoTopologyGenerator::Grid(uint32_t rows, uint32_t cols, const CoLinkProperties& link, bool torus)
{
    NS_LOG_FUNCTION(rows << cols << torus);
    // Wrapping fewer than three rows or columns would link a switch to
    // itself, or twice to the same neighbour.
    CheckAtLeast("Grid", "rows", rows, torus ? 3 : 1);
    CheckAtLeast("Grid", "cols", cols, torus ? 3 : 1);
    CheckAtLeast("Grid", "rows * cols", uint64_t(rows) * cols, 1);
    CheckLink("Grid", link);
    CoTopology g(uint64_t(rows) * cols);
    auto at = [cols](uint32_t r, uint32_t c) { return r * cols + c; };
    for (uint32_t r = 0; r < rows; ++r)
    {
        for (uint32_t c = 0; c < cols; ++c)
        {
            g[at(r, c)].x = c;
            g[at(r, c)].y = r;
            if (c + 1 < cols || torus)
            {
                boost::add_edge(at(r, c), at(r, (c + 1) % cols), link, g);
            }
            if (r + 1 < rows || torus)
            {
                boost::add_edge(at(r, c), at((r + 1) % rows, c), link, g);
            }
        }
    }
    return g;
}

CoTopology
CoTopologyGenerator::Tree(uint32_t depth, uint32_t fanout, const CoLinkProperties& link)
{
    NS_LOG_FUNCTION(depth << fanout);
    CheckAtLeast("Tree", "fanout", fanout, 1);
    CheckLink("Tree", link);
    uint64_t n = 1;
    uint64_t level = 1;
    for (uint32_t d = 0; d < depth; ++d)
    {
        level *= fanout;
        n += level;
        if (n > MAX_VERTICES)
        {
            CO_GENERATOR_ERROR("Tree: depth = " << depth << " with fanout = " << fanout
                                                << " makes more than " << MAX_VERTICES
                                                << " switches");
        }
    }
    CoTopology g(n);
    // Leaves side by side along x, each parent centred over its children.
    uint64_t firstLeaf = n - level;
    for (uint64_t v = n; v-- > 0;)
    {
        if (v >= firstLeaf)
        {
            g[v].x = v - firstLeaf;
        }
        else
        {
            uint64_t firstChild = v * fanout + 1;
            g[v].x = (g[firstChild].x + g[firstChild + fanout - 1].x) / 2;
        }
    }
    for (uint64_t v = 1; v < n; ++v)
    {
        uint64_t parent = (v - 1) / fanout;
        g[v].y = g[parent].y + 1;
        boost::add_edge(parent, v, link, g);
    }
    return g;
}

CoTopology
CoTopologyGenerator::Waxman(uint32_t n,
                            double alpha,
                            double beta,
                            const CoLinkProperties& link,
                            Ptr<UniformRandomVariable> rng)
{
    NS_LOG_FUNCTION(n << alpha << beta << rng);
    CheckAtLeast("Waxman", "n", n, 1);
    if (n > MAX_WAXMAN_VERTICES)
    {
        CO_GENERATOR_ERROR("Waxman: n = " << n << " is too large: at most " << MAX_WAXMAN_VERTICES
                                          << " switches (it draws for every pair, and a dense "
                                             "draw links most of them)");
    }
    if (!(alpha > 0) || !std::isfinite(alpha))
    {
        CO_GENERATOR_ERROR("Waxman: alpha = " << alpha << " must be > 0");
    }
    if (!(beta > 0 && beta <= 1))
    {
        CO_GENERATOR_ERROR("Waxman: beta = " << beta << " must be in (0, 1]");
    }
    if (!rng)
    {
        CO_GENERATOR_ERROR("Waxman: rng is null");
    }
    CheckLink("Waxman", link);

    CoTopology g(n);
    for (uint32_t v = 0; v < n; ++v)
    {
        g[v].x = rng->GetValue(0, 1);
        g[v].y = rng->GetValue(0, 1);
    }
    auto distance = [&g](uint32_t u, uint32_t v) {
        return std::hypot(g[u].x - g[v].x, g[u].y - g[v].y);
    };
    double longest = 0;
    for (uint32_t u = 0; u < n; ++u)
    {
        for (uint32_t v = u + 1; v < n; ++v)
        {
            longest = std::max(longest, distance(u, v));
        }
    }
    auto addLink = [&](uint32_t u, uint32_t v) {
        CoLinkProperties props = link;
        // Switches on the same spot (L = 0) are a link of no length.
        props.delay =
            longest > 0 ? Seconds(link.delay.GetSeconds() * distance(u, v) / longest) : Seconds(0);
        boost::add_edge(u, v, props, g);
    };
    for (uint32_t u = 0; u < n; ++u)
    {
        for (uint32_t v = u + 1; v < n; ++v)
        {
            double p = longest > 0 ? beta * std::exp(-distance(u, v) / (alpha * longest)) : beta;
            // Drawn for every pair, linked or not, so that one pair's outcome
            // does not shift the draws of the others.
            if (rng->GetValue(0, 1) < p)
            {
                addLink(u, v);
            }
        }
    }

    // Join what the draw left apart, closest pair first.
    std::vector<uint32_t> component(n);
    uint32_t components = boost::connected_components(g, component.data());
    if (components > 1)
    {
        NS_LOG_LOGIC("Waxman draw has " << components << " components: joining them");
        // Components are numbered in order of their lowest vertex, so
        // component 0 holds vertex 0: grow the joined part from it.
        std::vector<bool> joined(components, false);
        joined[0] = true;
        for (uint32_t c = 1; c < components; ++c)
        {
            double best = std::numeric_limits<double>::infinity();
            uint32_t bestU = 0;
            uint32_t bestV = 0;
            for (uint32_t u = 0; u < n; ++u)
            {
                if (component[u] != c)
                {
                    continue;
                }
                for (uint32_t v = 0; v < n; ++v)
                {
                    if (joined[component[v]] && distance(u, v) < best)
                    {
                        best = distance(u, v);
                        bestU = u;
                        bestV = v;
                    }
                }
            }
            addLink(std::min(bestU, bestV), std::max(bestU, bestV));
            joined[c] = true;
        }
    }
    return g;
}

} // namespace ns3
