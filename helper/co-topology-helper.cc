/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-topology-helper.h"

#include "co-topology-reader.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoTopologyHelper");

namespace
{

/// m_portLink's entry for a port that is not a link to another switch.
constexpr uint32_t NO_LINK = std::numeric_limits<uint32_t>::max();

/// The links that can carry a SETUP, as Dijkstra sees them.
struct RouteEdge
{
    uint32_t weight; //!< administrative weight
};

/// The graph Dijkstra runs on: the switches and the links that can signal.
using RouteGraph = boost::
    adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property, RouteEdge>;

} // namespace

CoTopologyHelper::CoTopologyHelper(CoHelper& co)
    : m_co(co)
{
    NS_LOG_FUNCTION(this);
}

void
CoTopologyHelper::SetNameNodes(bool enable)
{
    NS_LOG_FUNCTION(this << enable);
    m_nameNodes = enable;
}

void
CoTopologyHelper::SetMaxNextHops(uint32_t maxNextHops)
{
    NS_LOG_FUNCTION(this << maxNextHops);
    m_maxNextHops = maxNextHops;
}

std::string
CoTopologyHelper::Describe(uint32_t vertex) const
{
    std::ostringstream os;
    os << vertex;
    if (vertex < boost::num_vertices(m_topology) && !m_topology[vertex].name.empty())
    {
        os << " ('" << m_topology[vertex].name << "')";
    }
    return os.str();
}

void
CoTopologyHelper::Validate(const CoTopology& topology) const
{
    uint32_t n = boost::num_vertices(topology);
    if (n == 0)
    {
        NS_FATAL_ERROR("CoTopologyHelper::Build: the topology has no switch");
    }
    for (auto e : boost::make_iterator_range(boost::edges(topology)))
    {
        uint32_t u = boost::source(e, topology);
        uint32_t v = boost::target(e, topology);
        const CoLinkProperties& link = topology[e];
        std::string problem;
        if (u == v)
        {
            problem = "a switch cannot be linked to itself";
        }
        else if (link.rate.GetBitRate() == 0)
        {
            problem = "rate 0 bps";
        }
        else if (link.delay.IsStrictlyNegative())
        {
            problem = "negative delay";
        }
        else if (link.weight == 0)
        {
            problem = "weight 0 (weights must be at least 1: routes go strictly downhill)";
        }
        if (!problem.empty())
        {
            NS_FATAL_ERROR("CoTopologyHelper::Build: link " << Describe(u) << " -- " << Describe(v)
                                                            << ": " << problem);
        }
    }

    std::vector<uint32_t> component(n);
    if (boost::connected_components(topology, component.data()) > 1)
    {
        // Components are numbered from vertex 0's, in vertex order.
        uint32_t apart = 1;
        while (component[apart] == 0)
        {
            ++apart;
        }
        NS_FATAL_ERROR("CoTopologyHelper::Build: the topology is disconnected: switches "
                       << Describe(0) << " and " << Describe(apart) << " cannot reach each other");
    }

    if (m_nameNodes)
    {
        std::unordered_map<std::string, uint32_t> names;
        for (uint32_t v = 0; v < n; ++v)
        {
            const std::string& name = topology[v].name;
            if (name.empty())
            {
                continue;
            }
            if (name.find('/') != std::string::npos)
            {
                NS_FATAL_ERROR("CoTopologyHelper::Build: switch "
                               << Describe(v) << ": ns-3 names cannot hold a '/'");
            }
            auto [it, fresh] = names.emplace(name, v);
            if (!fresh)
            {
                NS_FATAL_ERROR("CoTopologyHelper::Build: switches " << Describe(it->second)
                                                                    << " and " << Describe(v)
                                                                    << " have the same name");
            }
            if (Names::Find<Object>(name))
            {
                NS_FATAL_ERROR("CoTopologyHelper::Build: switch "
                               << Describe(v)
                               << ": the name is taken in ns-3's Names (call Names::Clear() "
                                  "between runs, or SetNameNodes(false))");
            }
        }
    }
}

void
CoTopologyHelper::Build(const CoTopology& topology)
{
    NS_LOG_FUNCTION(this);
    if (m_built)
    {
        NS_FATAL_ERROR("CoTopologyHelper::Build: called twice; use one helper per network");
    }
    m_topology = topology;
    Validate(m_topology);
    m_built = true;

    uint32_t n = boost::num_vertices(m_topology);
    m_switchNodes.Create(n);
    std::unordered_map<AesaAddress, uint32_t> prefixes;
    // Every switch routes to every other switch's prefix: one index numbers
    // them for all, instead of each switch hashing its own copy of the keys.
    m_prefixIndex = Create<CoPrefixIndex>();
    for (uint32_t v = 0; v < n; ++v)
    {
        Ptr<Node> node = m_switchNodes.Get(v);
        Ptr<CoSwitch> sw = m_co.InstallSwitch(node);
        sw->SetPrefixIndex(m_prefixIndex);
        const CoSwitchProperties& props = m_topology[v];
        if (!props.processingDelay.IsStrictlyNegative())
        {
            sw->SetAttribute("ProcessingDelay", TimeValue(props.processingDelay));
        }
        if (m_nameNodes && !props.name.empty())
        {
            Names::Add(props.name, node);
        }
        AesaAddress prefix = sw->GetPrefix().Masked(PREFIX_BITS);
        auto [it, fresh] = prefixes.emplace(prefix, v);
        if (!fresh)
        {
            NS_FATAL_ERROR("CoTopologyHelper::Build: switches "
                           << Describe(it->second) << " and " << Describe(v)
                           << " have the same prefix " << prefix
                           << ": calls could not tell them apart");
        }
        m_switches.push_back(sw);
        m_prefixes.push_back(prefix);
        // Numbered before any host address, the switch prefixes are numbers
        // 0..n-1, which routing tables keep in plain arrays.
        m_prefixIndex->Intern(prefix, PREFIX_BITS);
    }

    m_portLink.assign(n, {});
    m_links.reserve(boost::num_edges(m_topology));
    for (auto e : boost::make_iterator_range(boost::edges(m_topology)))
    {
        Link link;
        link.u = boost::source(e, m_topology);
        link.v = boost::target(e, m_topology);
        link.weight = m_topology[e].weight;
        std::tie(link.portU, link.portV) = m_co.ConnectSwitches(m_switchNodes.Get(link.u),
                                                                m_switchNodes.Get(link.v),
                                                                m_topology[e].rate,
                                                                m_topology[e].delay);
        link.channel = m_switches[link.u]->GetPort(link.portU)->GetCoChannel();
        for (auto [vertex, port] :
             {std::make_pair(link.u, link.portU), std::make_pair(link.v, link.portV)})
        {
            std::vector<uint32_t>& ports = m_portLink[vertex];
            if (ports.size() <= port)
            {
                ports.resize(port + 1, NO_LINK);
            }
            ports[port] = m_links.size();
        }
        m_links.push_back(link);
    }
    m_linkFailed.assign(m_links.size(), false);
    m_signallingFailed.assign(m_links.size(), false);
    InstallRoutes();
}

NodeContainer
CoTopologyHelper::GetSwitches() const
{
    return m_switchNodes;
}

uint32_t
CoTopologyHelper::GetNSwitches() const
{
    return m_switches.size();
}

void
CoTopologyHelper::CheckVertex(const char* what, uint32_t vertex) const
{
    if (!m_built)
    {
        NS_FATAL_ERROR("CoTopologyHelper::" << what << ": call Build() first");
    }
    if (vertex >= m_switches.size())
    {
        NS_FATAL_ERROR("CoTopologyHelper::" << what << ": no vertex " << vertex << " (there are "
                                            << m_switches.size() << ")");
    }
}

Ptr<CoSwitch>
CoTopologyHelper::GetSwitch(uint32_t vertex) const
{
    CheckVertex("GetSwitch", vertex);
    return m_switches[vertex];
}

const CoTopology&
CoTopologyHelper::GetTopology() const
{
    return m_topology;
}

NetDeviceContainer
CoTopologyHelper::AttachHosts(uint32_t hostsPerSwitch)
{
    NS_LOG_FUNCTION(this << hostsPerSwitch);
    if (!m_built)
    {
        NS_FATAL_ERROR("CoTopologyHelper::AttachHosts: call Build() first");
    }
    NetDeviceContainer nics;
    for (uint32_t v = 0; v < m_switches.size(); ++v)
    {
        for (uint32_t i = 0; i < hostsPerSwitch; ++i)
        {
            nics.Add(AttachHost(CreateObject<Node>(), v));
        }
    }
    return nics;
}

Ptr<CoNetDevice>
CoTopologyHelper::AttachHost(Ptr<Node> host, uint32_t vertex)
{
    NS_LOG_FUNCTION(this << host << vertex);
    CheckVertex("AttachHost", vertex);
    m_hosts.Add(host);
    return m_co.InstallHost(host, m_switchNodes.Get(vertex));
}

NodeContainer
CoTopologyHelper::GetHosts() const
{
    return m_hosts;
}

void
CoTopologyHelper::InstallRoutes()
{
    NS_LOG_FUNCTION(this);
    if (!m_built)
    {
        NS_FATAL_ERROR("CoTopologyHelper::InstallRoutes: call Build() first");
    }
    uint32_t n = m_switches.size();
    RouteGraph graph(n);
    std::vector<const Link*> up;
    for (const Link& link : m_links)
    {
        // A link up whose signalling channel is not carries data but no
        // SETUP: a route over it would only be refused (CoSwitch::Forward).
        if (link.channel->IsSignallingUp())
        {
            boost::add_edge(link.u, link.v, RouteEdge{link.weight}, graph);
            up.push_back(&link);
        }
    }
    NS_LOG_LOGIC(up.size() << " of " << m_links.size() << " links up and signalling");

    constexpr uint64_t UNREACHABLE = std::numeric_limits<uint64_t>::max();
    std::vector<uint64_t> distance(n);
    // Next hops toward the current destination, by switch: collected for
    // all links first, so that the cap keeps the best ones.
    std::vector<std::vector<CoRoutingTable::NextHop>> candidates(n);
    for (uint32_t d = 0; d < n; ++d)
    {
        // Distances to d equal distances from d: the links are symmetric.
        boost::dijkstra_shortest_paths(graph,
                                       d,
                                       boost::weight_map(boost::get(&RouteEdge::weight, graph))
                                           .distance_map(boost::make_iterator_property_map(
                                               distance.begin(),
                                               boost::get(boost::vertex_index, graph))));
        for (const Link* link : up)
        {
            // Unreachable switches have no up link to a reachable one, so a
            // strict "closer" never involves UNREACHABLE.
            auto offer = [&](uint32_t s, uint32_t port, uint32_t neighbour) {
                if (distance[neighbour] < distance[s])
                {
                    uint64_t cost = distance[neighbour] + link->weight;
                    candidates[s].push_back(CoRoutingTable::NextHop{
                        port,
                        static_cast<uint32_t>(
                            std::min<uint64_t>(cost, std::numeric_limits<uint32_t>::max()))});
                }
            };
            offer(link->u, link->portU, link->v);
            offer(link->v, link->portV, link->u);
        }
        for (uint32_t s = 0; s < n; ++s)
        {
            if (s == d)
            {
                continue;
            }
            if (m_routesInstalled)
            {
                m_switches[s]->RemoveRoute(m_prefixes[d], PREFIX_BITS);
            }
            std::vector<CoRoutingTable::NextHop>& hops = candidates[s];
            NS_ASSERT_MSG(!hops.empty() || distance[s] == UNREACHABLE,
                          "switch " << s << " reaches " << d << " but has no downhill neighbour");
            std::stable_sort(hops.begin(),
                             hops.end(),
                             [](const CoRoutingTable::NextHop& a,
                                const CoRoutingTable::NextHop& b) { return a.cost < b.cost; });
            std::size_t keep = m_maxNextHops == 0
                                   ? hops.size()
                                   : std::min<std::size_t>(hops.size(), m_maxNextHops);
            for (std::size_t i = 0; i < keep; ++i)
            {
                m_switches[s]->AddRoute(m_prefixes[d], PREFIX_BITS, hops[i].port, hops[i].cost);
            }
            hops.clear();
        }
    }
    m_routesInstalled = true;
}

std::vector<uint32_t>
CoTopologyHelper::GetRoutedPath(uint32_t from, uint32_t to) const
{
    CheckVertex("GetRoutedPath", from);
    CheckVertex("GetRoutedPath", to);
    std::vector<uint32_t> path{from};
    std::vector<bool> visited(m_switches.size(), false);
    visited[from] = true;
    uint32_t at = from;
    while (at != to)
    {
        uint32_t port;
        if (!m_switches[at]->LookupRoute(m_prefixes[to], port))
        {
            break;
        }
        uint32_t next = GetNeighbour(at, port);
        if (next == NO_VERTEX)
        {
            break;
        }
        path.push_back(next);
        if (visited[next])
        {
            break;
        }
        visited[next] = true;
        at = next;
    }
    return path;
}

Ptr<CoChannel>
CoTopologyHelper::GetLink(uint32_t u, uint32_t v) const
{
    CheckVertex("GetLink", u);
    CheckVertex("GetLink", v);
    for (uint32_t port = 0; port < m_portLink[u].size(); ++port)
    {
        if (GetNeighbour(u, port) == v)
        {
            return m_links[m_portLink[u][port]].channel;
        }
    }
    return nullptr;
}

uint32_t
CoTopologyHelper::GetPort(uint32_t u, uint32_t v) const
{
    CheckVertex("GetPort", u);
    CheckVertex("GetPort", v);
    for (uint32_t port = 0; port < m_portLink[u].size(); ++port)
    {
        if (GetNeighbour(u, port) == v)
        {
            return port;
        }
    }
    NS_FATAL_ERROR("CoTopologyHelper::GetPort: switches " << Describe(u) << " and " << Describe(v)
                                                          << " are not neighbours");
    return 0;
}

uint32_t
CoTopologyHelper::GetNeighbour(uint32_t vertex, uint32_t port) const
{
    CheckVertex("GetNeighbour", vertex);
    const std::vector<uint32_t>& ports = m_portLink[vertex];
    if (port >= ports.size() || ports[port] == NO_LINK)
    {
        return NO_VERTEX;
    }
    const Link& link = m_links[ports[port]];
    return link.u == vertex ? link.v : link.u;
}

// ---- failures ------------------------------------------------------------------

uint32_t
CoTopologyHelper::FindLink(const char* what, uint32_t u, uint32_t v) const
{
    CheckVertex(what, u);
    CheckVertex(what, v);
    for (uint32_t port = 0; port < m_portLink[u].size(); ++port)
    {
        if (GetNeighbour(u, port) == v)
        {
            return m_portLink[u][port];
        }
    }
    NS_FATAL_ERROR("CoTopologyHelper::" << what << ": switches " << Describe(u) << " and "
                                        << Describe(v) << " are not neighbours");
    return 0;
}

void
CoTopologyHelper::FailLink(uint32_t u, uint32_t v, Time at)
{
    NS_LOG_FUNCTION(this << u << v << at);
    ScheduleChange("FailLink", FailureEvent{at, false, true, u, v, 0});
}

void
CoTopologyHelper::RestoreLink(uint32_t u, uint32_t v, Time at)
{
    NS_LOG_FUNCTION(this << u << v << at);
    ScheduleChange("RestoreLink", FailureEvent{at, true, true, u, v, 0});
}

void
CoTopologyHelper::FailSwitch(uint32_t vertex, Time at)
{
    NS_LOG_FUNCTION(this << vertex << at);
    ScheduleChange("FailSwitch", FailureEvent{at, false, false, vertex, vertex, 0});
}

void
CoTopologyHelper::RestoreSwitch(uint32_t vertex, Time at)
{
    NS_LOG_FUNCTION(this << vertex << at);
    ScheduleChange("RestoreSwitch", FailureEvent{at, true, false, vertex, vertex, 0});
}

void
CoTopologyHelper::FailSignalling(uint32_t u, uint32_t v, Time at)
{
    NS_LOG_FUNCTION(this << u << v << at);
    ScheduleChange("FailSignalling", FailureEvent{at, false, true, u, v, 0, true});
}

void
CoTopologyHelper::RestoreSignalling(uint32_t u, uint32_t v, Time at)
{
    NS_LOG_FUNCTION(this << u << v << at);
    ScheduleChange("RestoreSignalling", FailureEvent{at, true, true, u, v, 0, true});
}

void
CoTopologyHelper::ScheduleFailures(const std::vector<FailureEvent>& events)
{
    NS_LOG_FUNCTION(this << events.size());
    for (const FailureEvent& event : events)
    {
        ScheduleChange("ScheduleFailures", event);
    }
}

void
CoTopologyHelper::ScheduleFailures(const std::string& schedule)
{
    NS_LOG_FUNCTION(this);
    std::istringstream in(schedule);
    std::vector<FailureEvent> events;
    std::string error;
    if (!ParseFailureSchedule(in, "failure schedule", events, error))
    {
        NS_FATAL_ERROR("CoTopologyHelper::ScheduleFailures: " << error);
    }
    ScheduleFailures(events);
}

void
CoTopologyHelper::ReadFailureSchedule(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    std::ifstream in(path);
    if (!in)
    {
        NS_FATAL_ERROR("CoTopologyHelper::ReadFailureSchedule: cannot open " << path);
    }
    std::vector<FailureEvent> events;
    std::string error;
    if (!ParseFailureSchedule(in, path, events, error))
    {
        NS_FATAL_ERROR("CoTopologyHelper::ReadFailureSchedule: " << error);
    }
    ScheduleFailures(events);
}

void
CoTopologyHelper::ScheduleChange(const char* what, const FailureEvent& event)
{
    // Checked now, so that a mistake stops the program before the run
    // rather than somewhere in it.
    if (event.signalling && !event.link)
    {
        NS_FATAL_ERROR("CoTopologyHelper::" << what
                                            << ": a signalling change is a link's (set link too)");
    }
    if (event.link)
    {
        FindLink(what, event.u, event.v);
    }
    else
    {
        CheckVertex(what, event.u);
    }
    if (event.at < Simulator::Now())
    {
        NS_FATAL_ERROR("CoTopologyHelper::" << what << ": time " << event.at.As(Time::S)
                                            << " is in the past (now "
                                            << Simulator::Now().As(Time::S) << ")");
    }
    Simulator::Schedule(event.at - Simulator::Now(), &CoTopologyHelper::ApplyChange, this, event);
}

void
CoTopologyHelper::ApplyChange(const FailureEvent& event)
{
    NS_LOG_FUNCTION(this << event.up << event.link << event.signalling << event.u << event.v);
    if (event.link && event.signalling)
    {
        // The channel keeps this apart from the link's own state and its
        // ends': neither undoes the other.
        uint32_t index = FindLink("ApplyChange", event.u, event.v);
        m_signallingFailed[index] = !event.up;
        m_links[index].channel->SetSignallingUp(event.up);
    }
    else if (event.link)
    {
        uint32_t index = FindLink("ApplyChange", event.u, event.v);
        m_linkFailed[index] = !event.up;
        m_links[index].channel->SetLinkUp(event.up);
    }
    else
    {
        uint32_t vertex = event.u;
        // Its links, its hosts' too, go down with it; restored, it leaves
        // down those failed on their own or leading to a failed switch (see
        // CoChannel::SetEndUp).
        m_switches[vertex]->SetOperational(event.up);
    }
    InstallRoutes();
}

bool
CoTopologyHelper::IsLinkFailed(uint32_t u, uint32_t v) const
{
    return m_linkFailed[FindLink("IsLinkFailed", u, v)];
}

bool
CoTopologyHelper::IsSignallingFailed(uint32_t u, uint32_t v) const
{
    return m_signallingFailed[FindLink("IsSignallingFailed", u, v)];
}

bool
CoTopologyHelper::IsSwitchFailed(uint32_t vertex) const
{
    CheckVertex("IsSwitchFailed", vertex);
    return !m_switches[vertex]->IsOperational();
}

bool
CoTopologyHelper::FindVertex(const std::string& token, uint32_t& vertex) const
{
    if (!token.empty() &&
        std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }))
    {
        if (token.size() > 9)
        {
            return false;
        }
        vertex = std::stoul(token);
        return vertex < m_switches.size();
    }
    for (uint32_t v = 0; v < m_switches.size(); ++v)
    {
        if (m_topology[v].name == token)
        {
            vertex = v;
            return true;
        }
    }
    return false;
}

bool
CoTopologyHelper::ParseFailureSchedule(std::istream& in,
                                       const std::string& source,
                                       std::vector<FailureEvent>& events,
                                       std::string& error) const
{
    NS_LOG_FUNCTION(this << source);
    if (!m_built)
    {
        NS_FATAL_ERROR("CoTopologyHelper::ParseFailureSchedule: call Build() first");
    }
    std::vector<FailureEvent> parsed;
    std::string text;
    for (uint32_t line = 1; std::getline(in, text); ++line)
    {
        text = text.substr(0, text.find('#'));
        std::istringstream statements(text);
        std::string statement;
        while (std::getline(statements, statement, ';'))
        {
            std::istringstream words(statement);
            std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
            if (w.empty())
            {
                continue;
            }
            auto fail = [&](const std::string& problem) {
                error = source + ": line " + std::to_string(line) + ": " + problem;
                return false;
            };
            FailureEvent event;
            event.line = line;
            if (w.size() < 5 || w[0] != "at")
            {
                return fail("expected 'at TIME fail|restore link|signalling U-V' or "
                            "'at TIME fail|restore switch V', got '" +
                            statement + "'");
            }
            if (!CoTopologyReader::ParseTime(w[1], event.at))
            {
                return fail("'" + w[1] +
                            "' is not a time of at least 0 (a number and a unit: s, ms, us...)");
            }
            if (w[2] != "fail" && w[2] != "restore")
            {
                return fail("'" + w[2] + "': expected fail or restore");
            }
            event.up = w[2] == "restore";
            if (w[3] == "switch")
            {
                if (w.size() > 5)
                {
                    return fail("unexpected '" + w[5] + "' after the switch");
                }
                if (!FindVertex(w[4], event.u))
                {
                    return fail("no switch '" + w[4] + "'");
                }
                event.v = event.u;
            }
            else if (w[3] == "link" || w[3] == "signalling")
            {
                // The ends: "U-V" as one word, or "U V", or "U -- V".
                std::vector<std::string> ends(w.begin() + 4, w.end());
                if (ends.size() == 1 && std::count(ends[0].begin(), ends[0].end(), '-') == 1)
                {
                    std::string both = ends[0];
                    ends = {both.substr(0, both.find('-')), both.substr(both.find('-') + 1)};
                }
                else if (ends.size() == 3 && ends[1] == "--")
                {
                    ends.erase(ends.begin() + 1);
                }
                if (ends.size() != 2)
                {
                    return fail("expected the link's two switches, as U-V, U V or U -- V");
                }
                for (auto [token, vertex] :
                     {std::make_pair(ends[0], &event.u), std::make_pair(ends[1], &event.v)})
                {
                    if (!FindVertex(token, *vertex))
                    {
                        return fail("no switch '" + token + "'");
                    }
                }
                event.link = true;
                event.signalling = w[3] == "signalling";
                if (GetLink(event.u, event.v) == nullptr)
                {
                    return fail("switches " + Describe(event.u) + " and " + Describe(event.v) +
                                " are not neighbours");
                }
            }
            else
            {
                return fail("'" + w[3] + "': expected link, signalling or switch");
            }
            parsed.push_back(event);
        }
    }
    events = std::move(parsed);
    return true;
}

} // namespace ns3
