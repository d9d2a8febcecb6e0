/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-topology-reader.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"

#include <algorithm>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/lexical_cast.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoTopologyReader");

namespace
{

/// Longest error message, in bytes: one line, even when it quotes a file's
/// long or garbled text.
constexpr std::size_t MAX_MESSAGE = 1000;

/// A node as the file gives it: every attribute as text, empty if absent.
struct RawNode
{
    std::string id;              //!< GraphML node id, or DOT node name
    std::string name;            //!< "name"
    std::string processingDelay; //!< "processing_delay"
    std::string x;               //!< "x"
    std::string y;               //!< "y"
};

/// An edge as the file gives it.
struct RawEdge
{
    uint32_t order = 0; //!< position among the file's edges (GraphML)
    std::string rate;   //!< "rate"
    std::string delay;  //!< "delay"
    std::string weight; //!< "weight"
};

/// The file's graph before any value is checked.
using RawGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, RawNode, RawEdge>;

/**
 * \brief Shortest text that reads back as the same number, so that a weight
 *        declared as a GraphML double, 3.0, reads "3".
 * \tparam Real float or double
 * \param value the number
 * \return its text
 */
template <typename Real>
std::string
ShortestText(Real value)
{
    char buffer[64];
    for (int precision = 1; precision <= std::numeric_limits<Real>::max_digits10; ++precision)
    {
        std::snprintf(buffer, sizeof(buffer), "%.*g", precision, static_cast<double>(value));
        if (static_cast<Real>(std::strtod(buffer, nullptr)) == value)
        {
            break;
        }
    }
    return buffer;
}

/**
 * \brief Keeps an attribute as text, whatever type the file declared it
 *        with, so that every value is checked in one place, with one kind
 *        of message.
 *
 * Boost's GraphML reader converts each value to its declared attr.type
 * before storing it; a plain string property map would then fail with an
 * opaque bad_any_cast on, say, a weight declared as "int".
 *
 * \tparam Key the vertex or edge descriptor
 * \tparam Map a property map from Key to std::string
 */
template <typename Key, typename Map>
class TextPropertyMap : public boost::dynamic_property_map
{
  public:
    /// \param map where the text goes
    explicit TextPropertyMap(Map map)
        : m_map(map)
    {
    }

    boost::any get(const boost::any& key) override
    {
        return boost::get(m_map, boost::any_cast<Key>(key));
    }

    std::string get_string(const boost::any& key) override
    {
        return boost::get(m_map, boost::any_cast<Key>(key));
    }

    void put(const boost::any& key, const boost::any& value) override
    {
        boost::put(m_map, boost::any_cast<Key>(key), ToText(value));
    }

    const std::type_info& key() const override
    {
        return typeid(Key);
    }

    const std::type_info& value() const override
    {
        return typeid(std::string);
    }

  private:
    /// \param value one of the types GraphML declares \return it as text
    static std::string ToText(const boost::any& value)
    {
        if (const auto* s = boost::any_cast<std::string>(&value))
        {
            // GraphML data often sits on lines of its own.
            auto first = s->find_first_not_of(" \t\r\n");
            auto last = s->find_last_not_of(" \t\r\n");
            return first == std::string::npos ? "" : s->substr(first, last - first + 1);
        }
        if (const auto* b = boost::any_cast<bool>(&value))
        {
            return *b ? "true" : "false";
        }
        if (const auto* i = boost::any_cast<int>(&value))
        {
            return std::to_string(*i);
        }
        if (const auto* l = boost::any_cast<long>(&value))
        {
            return std::to_string(*l);
        }
        if (const auto* f = boost::any_cast<float>(&value))
        {
            return ShortestText(*f);
        }
        if (const auto* d = boost::any_cast<double>(&value))
        {
            return ShortestText(*d);
        }
        return "<a value of an unknown type>";
    }

    Map m_map; //!< where the text goes
};

/**
 * \brief Registers a text attribute of the raw graph under a name.
 * \tparam Key the vertex or edge descriptor type
 * \tparam Member RawNode or RawEdge
 * \param dp the properties the reader fills
 * \param name the attribute name in the file
 * \param graph the raw graph
 * \param member the member that receives the text
 */
template <typename Key, typename Member>
void
AddText(boost::dynamic_properties& dp,
        const std::string& name,
        RawGraph& graph,
        std::string Member::*member)
{
    auto map = boost::get(member, graph);
    dp.insert(name, boost::make_shared<TextPropertyMap<Key, decltype(map)>>(map));
}

/**
 * \brief The attributes the readers fill, every one as text.
 * \param raw the graph being read
 * \param nameAttribute the attribute that names a node
 * \param nameMember where that name goes
 * \return the properties, ignoring any other attribute
 */
boost::dynamic_properties
RawProperties(RawGraph& raw, const std::string& nameAttribute, std::string RawNode::*nameMember)
{
    boost::dynamic_properties dp(boost::ignore_other_properties);
    using V = RawGraph::vertex_descriptor;
    using E = RawGraph::edge_descriptor;
    AddText<V>(dp, nameAttribute, raw, nameMember);
    AddText<V>(dp, "processing_delay", raw, &RawNode::processingDelay);
    AddText<V>(dp, "x", raw, &RawNode::x);
    AddText<V>(dp, "y", raw, &RawNode::y);
    AddText<E>(dp, "rate", raw, &RawEdge::rate);
    AddText<E>(dp, "delay", raw, &RawEdge::delay);
    AddText<E>(dp, "weight", raw, &RawEdge::weight);
    return dp;
}

/// Adds vertices and edges for Boost's GraphML reader, noting each edge's position in the file.
class OrderedGraphmlGraph : public boost::mutate_graph_impl<RawGraph>
{
  public:
    /// \param g the graph \param dp its properties
    OrderedGraphmlGraph(RawGraph& g, boost::dynamic_properties& dp)
        : boost::mutate_graph_impl<RawGraph>(g, dp)
    {
    }

    std::pair<boost::any, bool> do_add_edge(boost::any source, boost::any target) override
    {
        auto added = boost::mutate_graph_impl<RawGraph>::do_add_edge(source, target);
        m_g[boost::any_cast<RawGraph::edge_descriptor>(added.first)].order = m_edges++;
        return added;
    }

  private:
    uint32_t m_edges = 0; //!< edges added so far
};

/// What the GraphML file declares, read before Boost reads the graph.
struct GraphmlOutline
{
    std::vector<std::string> nodes; //!< node ids, in file order
    std::vector<std::string> edges; //!< each edge's id (or #number), in file order
};

/// A GraphML attribute declaration: its name and type, by key id.
using GraphmlKeys = std::unordered_map<std::string, std::pair<std::string, std::string>>;

/**
 * \brief Checks the values of an element's typed attributes as Boost's
 *        reader will convert them, so that a bad one is reported with the
 *        element it belongs to (Boost's own message names only the key).
 * \param element a node or edge
 * \param what how to name the element
 * \param keys the document's key declarations
 * \return an empty string, or the problem
 */
std::string
CheckGraphmlData(const boost::property_tree::ptree& element,
                 const std::string& what,
                 const GraphmlKeys& keys)
{
    for (const auto& [tag, data] : element)
    {
        if (tag != "data")
        {
            continue;
        }
        auto keyId = data.get_optional<std::string>("<xmlattr>.key");
        if (!keyId)
        {
            return what + ": <data> without a key attribute";
        }
        auto key = keys.find(*keyId);
        if (key == keys.end())
        {
            return what + ": <data key=\"" + *keyId + "\">: no <key> declares '" + *keyId + "'";
        }
        const auto& [name, type] = key->second;
        const std::string& value = data.data();
        auto converts = [&value](auto result) {
            return boost::conversion::try_lexical_convert(value, result);
        };
        bool valid = true;
        if (type == "int")
        {
            valid = converts(int());
        }
        else if (type == "long")
        {
            valid = converts(long());
        }
        else if (type == "float")
        {
            valid = converts(float());
        }
        else if (type == "double")
        {
            valid = converts(double());
        }
        else if (type == "boolean")
        {
            valid = converts(bool());
        }
        else if (type != "string")
        {
            return what + ": " + name + " is declared with attr.type '" + type +
                   "', which Boost's reader does not know (boolean, int, long, float, double, "
                   "string)";
        }
        if (!valid)
        {
            return what + ": " + name + " '" + value + "' is not a valid " + type +
                   " (the attr.type of its <key>)";
        }
    }
    return "";
}

/**
 * \brief Reads the outline of a GraphML document: node ids, edge ends, and
 *        what Boost's reader would silently accept or reject obscurely.
 * \param text the document
 * \param [out] outline the outline
 * \return an empty string, or the problem (without the source name)
 */
std::string
ReadGraphmlOutline(const std::string& text, GraphmlOutline& outline)
{
    namespace pt = boost::property_tree;
    pt::ptree document;
    std::istringstream in(text);
    try
    {
        pt::read_xml(in, document);
    }
    catch (const pt::xml_parser_error& e)
    {
        return std::to_string(e.line()) + ": " + e.message();
    }
    auto root = document.get_child_optional("graphml");
    if (!root)
    {
        return "no <graphml> element: not a GraphML document";
    }
    const pt::ptree* graph = nullptr;
    for (const auto& [tag, child] : *root)
    {
        if (tag == "graph")
        {
            graph = &child;
            break;
        }
    }
    if (graph == nullptr)
    {
        return "<graphml> holds no <graph> element";
    }
    auto edgeDefault = graph->get_optional<std::string>("<xmlattr>.edgedefault");
    if (!edgeDefault || *edgeDefault != "undirected")
    {
        return std::string("<graph edgedefault=\"") + (edgeDefault ? *edgeDefault : "") +
               "\">: links are full duplex: the graph must be edgedefault=\"undirected\"";
    }
    GraphmlKeys keys;
    for (const auto& [tag, child] : *root)
    {
        if (tag != "key")
        {
            continue;
        }
        auto id = child.get_optional<std::string>("<xmlattr>.id");
        if (!id)
        {
            return "<key> #" + std::to_string(keys.size() + 1) + ": no id attribute";
        }
        // attr.name holds the path separator: spell the paths with another.
        using Path = boost::property_tree::ptree::path_type;
        auto type = child.get_optional<std::string>(Path("<xmlattr>/attr.type", '/'));
        if (!type || !child.get_optional<std::string>("<xmlattr>.for"))
        {
            // GraphML would default attr.type to string; Boost's reader refuses.
            return "<key id=\"" + *id + "\">: no " + (type ? "for" : "attr.type") +
                   " attribute (Boost's reader needs both)";
        }
        keys[*id] = {child.get(Path("<xmlattr>/attr.name", '/'), ""), *type};
    }
    std::unordered_map<std::string, uint32_t> ids;
    for (const auto& [tag, child] : *graph)
    {
        if (tag == "node")
        {
            auto id = child.get_optional<std::string>("<xmlattr>.id");
            if (!id)
            {
                return "node #" + std::to_string(outline.nodes.size() + 1) + ": no id attribute";
            }
            if (!ids.emplace(*id, outline.nodes.size()).second)
            {
                return "node '" + *id + "' is declared twice";
            }
            std::string problem = CheckGraphmlData(child, "node '" + *id + "'", keys);
            if (!problem.empty())
            {
                return problem;
            }
            outline.nodes.push_back(*id);
        }
    }
    for (const auto& [tag, child] : *graph)
    {
        if (tag == "hyperedge")
        {
            return "<hyperedge>: links join two switches; hyperedges are not supported";
        }
        if (tag != "edge")
        {
            continue;
        }
        auto id = child.get_optional<std::string>("<xmlattr>.id");
        auto source = child.get_optional<std::string>("<xmlattr>.source");
        auto target = child.get_optional<std::string>("<xmlattr>.target");
        std::string label = id ? "'" + *id + "'" : "#" + std::to_string(outline.edges.size() + 1);
        if (!source || !target)
        {
            return "edge " + label + ": no " + (source ? "target" : "source") + " attribute";
        }
        // Node ids here; once the nodes are read, their names (Convert()).
        std::string what = "edge " + label + " ('" + *source + "' -- '" + *target + "')";
        for (const std::string& end : {*source, *target})
        {
            if (ids.count(end) == 0)
            {
                return what + ": no node has the id '" + end + "'";
            }
        }
        if (child.get("<xmlattr>.directed", "false") == "true")
        {
            return what + ": directed=\"true\": links are full duplex, edges undirected";
        }
        std::string problem = CheckGraphmlData(child, what, keys);
        if (!problem.empty())
        {
            return problem;
        }
        outline.edges.push_back(label);
    }
    return "";
}

/**
 * \brief Splits a number and its unit the way ns-3's parsers do, and checks
 *        that the number is one they read whole.
 * \param text the text
 * \param numberChars the characters ns-3 takes as the number's
 * \param exponent whether the number may have an exponent (Time: yes)
 * \param [out] value the number
 * \param [out] unit the rest of the text
 * \return false when the number part is malformed
 */
bool
SplitQuantity(const std::string& text,
              const char* numberChars,
              bool exponent,
              double& value,
              std::string& unit)
{
    std::string::size_type n = text.find_first_not_of(numberChars);
    std::string number = text.substr(0, n);
    unit = n == std::string::npos ? "" : text.substr(n);
    // digits [. digits] [e [sign] digits], with a digit before the exponent
    std::size_t i = 0;
    std::size_t digits = 0;
    auto skipDigits = [&]() {
        std::size_t start = i;
        while (i < number.size() && std::isdigit(static_cast<unsigned char>(number[i])))
        {
            ++i;
        }
        return i - start;
    };
    digits += skipDigits();
    if (i < number.size() && number[i] == '.')
    {
        ++i;
        digits += skipDigits();
    }
    if (digits == 0)
    {
        return false;
    }
    if (exponent && i < number.size() && (number[i] == 'e' || number[i] == 'E'))
    {
        ++i;
        if (i < number.size() && (number[i] == '+' || number[i] == '-'))
        {
            ++i;
        }
        if (skipDigits() == 0)
        {
            return false;
        }
    }
    if (i != number.size())
    {
        return false;
    }
    value = std::strtod(number.c_str(), nullptr);
    return std::isfinite(value);
}

/**
 * \brief Reads an unsigned decimal integer.
 * \param text the text
 * \param [out] value the number
 * \return false unless the text is digits only and fits 32 bits
 */
bool
ParseUnsigned(const std::string& text, uint32_t& value)
{
    if (text.empty() || text.size() > 10 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    {
        return false;
    }
    uint64_t v = std::stoull(text);
    if (v > std::numeric_limits<uint32_t>::max())
    {
        return false;
    }
    value = v;
    return true;
}

/**
 * \brief Reads a real number, whole text.
 * \param text the text
 * \param [out] value the number
 * \return false unless the text is a finite number and nothing else
 */
bool
ParseReal(const std::string& text, double& value)
{
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return errno == 0 && *end == '\0' && std::isfinite(value);
}

/**
 * \brief Turns the raw graph into a topology, checking every value.
 * \param raw the graph as read
 * \param edgeLabels each edge's GraphML id, by file order (empty: name edges by their ends only)
 * \param source the source's name for messages
 * \param [out] topology the result
 * \param [out] error what is wrong
 * \return true on success
 */
bool
Convert(const RawGraph& raw,
        const std::vector<std::string>& edgeLabels,
        const std::string& source,
        CoTopology& topology,
        std::string& error)
{
    uint32_t n = boost::num_vertices(raw);
    if (n == 0)
    {
        error = source + ": the graph has no node: a topology needs at least one switch";
        return false;
    }
    CoTopology result(n);
    std::unordered_map<std::string, uint32_t> names;
    auto nodeText = [&raw](uint32_t v) {
        const RawNode& node = raw[v];
        std::string text = "node '" + node.id + "'";
        if (!node.name.empty() && node.name != node.id)
        {
            text += " ('" + node.name + "')";
        }
        return text;
    };
    for (uint32_t v = 0; v < n; ++v)
    {
        const RawNode& node = raw[v];
        CoSwitchProperties& props = result[v];
        props.name = node.name.empty() ? node.id : node.name;
        auto [it, fresh] = names.emplace(props.name, v);
        if (!fresh)
        {
            error = source + ": " + nodeText(v) + ": the name is taken by node '" +
                    raw[it->second].id + "'";
            return false;
        }
        if (!node.processingDelay.empty() &&
            !CoTopologyReader::ParseTime(node.processingDelay, props.processingDelay))
        {
            error = source + ": " + nodeText(v) + ": processing_delay '" + node.processingDelay +
                    "' is not a time of at least 0 (a number and a unit: s, ms, us, ns...)";
            return false;
        }
        for (auto [text, value, attribute] :
             {std::make_tuple(&node.x, &props.x, "x"), std::make_tuple(&node.y, &props.y, "y")})
        {
            if (!text->empty() && !ParseReal(*text, *value))
            {
                error = source + ": " + nodeText(v) + ": " + attribute + " '" + *text +
                        "' is not a number";
                return false;
            }
        }
    }

    // Edges in file order, so that the first bad one is the one reported.
    std::vector<RawGraph::edge_descriptor> edges(boost::edges(raw).first, boost::edges(raw).second);
    std::stable_sort(edges.begin(), edges.end(), [&raw](const auto& a, const auto& b) {
        return raw[a].order < raw[b].order;
    });
    for (const auto& e : edges)
    {
        const RawEdge& edge = raw[e];
        uint32_t u = boost::source(e, raw);
        uint32_t v = boost::target(e, raw);
        std::string ends = "'" + result[u].name + "' -- '" + result[v].name + "'";
        std::string what = edge.order < edgeLabels.size()
                               ? "edge " + edgeLabels[edge.order] + " (" + ends + ")"
                               : "edge " + ends;
        std::string problem;
        CoLinkProperties props;
        if (u == v)
        {
            problem = "a self-loop: a switch cannot be linked to itself";
        }
        else if (edge.rate.empty())
        {
            problem = "no rate (every link needs a rate and a delay)";
        }
        else if (!CoTopologyReader::ParseDataRate(edge.rate, props.rate))
        {
            problem = "rate '" + edge.rate +
                      "' is not a data rate above zero (a number and a unit: bps, kbps, Mbps, "
                      "Gbps, Mb/s...)";
        }
        else if (edge.delay.empty())
        {
            problem = "no delay (every link needs a rate and a delay)";
        }
        else if (!CoTopologyReader::ParseTime(edge.delay, props.delay))
        {
            problem = "delay '" + edge.delay +
                      "' is not a time of at least 0 (a number and a unit: s, ms, us, ns...)";
        }
        else if (!edge.weight.empty() &&
                 (!ParseUnsigned(edge.weight, props.weight) || props.weight == 0))
        {
            problem = "weight '" + edge.weight + "' is not an integer from 1 to 4294967295";
        }
        if (!problem.empty())
        {
            error = source + ": " + what + ": " + problem;
            return false;
        }
        boost::add_edge(u, v, props, result);
    }
    topology = std::move(result);
    return true;
}

/**
 * \brief Finds where XML elements nest deeper than the limit, without
 *        parsing: comments, CDATA, processing instructions, declarations
 *        and quoted attribute values are skipped.
 * \param text the document
 * \param limit the deepest nesting allowed
 * \return 0, or the line where the limit is passed
 */
uint64_t
XmlTooDeep(const std::string& text, uint32_t limit)
{
    uint64_t line = 1;
    uint32_t depth = 0;
    std::size_t i = 0;
    std::size_t n = text.size();
    // Moves past the first occurrence of end, counting lines.
    auto skipPast = [&](const char* end) {
        std::size_t at = text.find(end, i);
        std::size_t stop = at == std::string::npos ? n : at + std::strlen(end);
        line += std::count(text.begin() + i, text.begin() + stop, '\n');
        i = stop;
    };
    while (i < n)
    {
        char c = text[i];
        if (c == '\n')
        {
            ++line;
        }
        if (c != '<')
        {
            ++i;
            continue;
        }
        if (text.compare(i, 4, "<!--") == 0)
        {
            skipPast("-->");
        }
        else if (text.compare(i, 9, "<![CDATA[") == 0)
        {
            skipPast("]]>");
        }
        else if (text.compare(i, 2, "<?") == 0)
        {
            skipPast("?>");
        }
        else if (text.compare(i, 2, "<!") == 0)
        {
            // a declaration (DOCTYPE), perhaps with an internal subset in [ ]
            std::size_t inner = 0;
            for (++i; i < n; ++i)
            {
                line += text[i] == '\n';
                if (text[i] == '[')
                {
                    ++inner;
                }
                else if (text[i] == ']' && inner > 0)
                {
                    --inner;
                }
                else if (text[i] == '>' && inner == 0)
                {
                    ++i;
                    break;
                }
            }
        }
        else
        {
            // a start tag, an end tag or an empty-element tag
            bool end = i + 1 < n && text[i + 1] == '/';
            char quote = 0;
            char previous = 0;
            for (++i; i < n; ++i)
            {
                char t = text[i];
                line += t == '\n';
                if (quote != 0)
                {
                    quote = t == quote ? 0 : quote;
                }
                else if (t == '"' || t == '\'')
                {
                    quote = t;
                }
                else if (t == '>')
                {
                    break;
                }
                previous = t;
            }
            ++i;
            if (end)
            {
                depth -= depth > 0;
            }
            else if (previous != '/' && ++depth > limit)
            {
                return line;
            }
        }
    }
    return 0;
}

/**
 * \brief Finds where a DOT graph nests braces or brackets deeper than the
 *        limit, without parsing: quoted strings, HTML strings and comments
 *        are skipped.
 * \param text the graph
 * \param limit the deepest nesting allowed
 * \return 0, or the line where the limit is passed
 */
uint64_t
DotTooDeep(const std::string& text, uint32_t limit)
{
    uint64_t line = 1;
    uint32_t depth = 0;
    std::size_t n = text.size();
    bool lineStart = true;
    for (std::size_t i = 0; i < n; ++i)
    {
        char c = text[i];
        if (c == '\n')
        {
            ++line;
            lineStart = true;
            continue;
        }
        bool wasLineStart = lineStart;
        lineStart = lineStart && std::isspace(static_cast<unsigned char>(c));
        if (c == '"')
        {
            for (++i; i < n && text[i] != '"'; ++i)
            {
                line += text[i] == '\n';
                i += text[i] == '\\' && i + 1 < n && text[i + 1] != '\n';
            }
        }
        else if (c == '<')
        {
            // an HTML string: <...>, its angle brackets nested; deep
            // nesting here counts too (Boost's tokenizer reads it
            // iteratively, but the limit is the same for every kind)
            uint32_t angles = 1;
            for (++i; i < n && angles > 0; ++i)
            {
                line += text[i] == '\n';
                angles += text[i] == '<';
                angles -= text[i] == '>';
            }
            --i;
        }
        else if ((c == '/' && i + 1 < n && text[i + 1] == '/') || (c == '#' && wasLineStart))
        {
            while (i + 1 < n && text[i + 1] != '\n')
            {
                ++i;
            }
        }
        else if (c == '/' && i + 1 < n && text[i + 1] == '*')
        {
            std::size_t end = text.find("*/", i + 2);
            std::size_t stop = end == std::string::npos ? n : end + 2;
            line += std::count(text.begin() + i, text.begin() + stop, '\n');
            i = stop - 1;
        }
        else if (c == '{' || c == '[')
        {
            if (++depth > limit)
            {
                return line;
            }
        }
        else if ((c == '}' || c == ']') && depth > 0)
        {
            --depth;
        }
    }
    return 0;
}

/**
 * \brief The message for a file nested too deeply.
 * \param source the source's name
 * \param line where the limit is passed
 * \param what what nests
 * \return the message
 */
std::string
TooDeep(const std::string& source, uint64_t line, const char* what)
{
    return source + ":" + std::to_string(line) + ": " + what + " nested deeper than " +
           std::to_string(CoTopologyReader::MAX_NESTING) +
           " levels: refused before parsing (a topology needs a few)";
}

/**
 * \brief Writes a Boost parser's message with the source's name instead of
 *        Boost's placeholder.
 * \param source the source's name
 * \param message Boost's message
 * \return the message for the user
 */
std::string
BoostMessage(const std::string& source, std::string message)
{
    const std::string placeholder = "<unspecified file>";
    auto at = message.find(placeholder);
    if (at != std::string::npos)
    {
        message.replace(at, placeholder.size(), source);
        return message;
    }
    return source + ": " + message;
}

} // namespace

bool
CoTopologyReader::ParseDataRate(const std::string& text, DataRate& rate)
{
    static const std::unordered_map<std::string, double> units = {
        {"", 1},
        {"bps", 1},
        {"b/s", 1},
        {"Bps", 8},
        {"B/s", 8},
        {"kbps", 1e3},
        {"kb/s", 1e3},
        {"Kbps", 1e3},
        {"Kb/s", 1e3},
        {"kBps", 8e3},
        {"kB/s", 8e3},
        {"KBps", 8e3},
        {"KB/s", 8e3},
        {"Kib/s", 1024},
        {"KiB/s", 8192},
        {"Mbps", 1e6},
        {"Mb/s", 1e6},
        {"MBps", 8e6},
        {"MB/s", 8e6},
        {"Mib/s", 1048576.0},
        {"MiB/s", 8388608.0},
        {"Gbps", 1e9},
        {"Gb/s", 1e9},
        {"GBps", 8e9},
        {"GB/s", 8e9},
        {"Gib/s", 1073741824.0},
        {"GiB/s", 8589934592.0},
    };
    double value;
    std::string unit;
    if (!SplitQuantity(text, "0123456789.", false, value, unit))
    {
        return false;
    }
    auto factor = units.find(unit);
    if (factor == units.end())
    {
        return false;
    }
    // Without a unit ns-3 reads an integer number of bits per second.
    if (unit.empty() && text.find('.') != std::string::npos)
    {
        return false;
    }
    double bps = value * factor->second;
    if (bps < 1 || bps > 1e15)
    {
        return false;
    }
    // The text is one that ns-3's parser reads exactly: let it.
    rate = DataRate(text);
    return true;
}

bool
CoTopologyReader::ParseTime(const std::string& text, Time& time)
{
    static const std::unordered_map<std::string, double> units = {
        {"", 1},
        {"s", 1},
        {"ms", 1e-3},
        {"us", 1e-6},
        {"ns", 1e-9},
        {"ps", 1e-12},
        {"fs", 1e-15},
        {"min", 60},
        {"h", 3600},
        {"d", 86400},
        {"y", 365 * 86400.0},
    };
    double value;
    std::string unit;
    if (!SplitQuantity(text, "+-0123456789.eE", true, value, unit))
    {
        return false;
    }
    auto factor = units.find(unit);
    if (factor == units.end() || value * factor->second > 1e9)
    {
        return false;
    }
    time = Time(text);
    return true;
}

std::string
CoTopologyReader::Printable(const std::string& text, std::size_t max)
{
    std::string out;
    std::size_t n = text.size();
    auto escape = [&out](unsigned char c) {
        char buffer[8];
        std::snprintf(buffer, sizeof(buffer), "\\x%02X", c);
        out += buffer;
    };
    for (std::size_t i = 0; i < n; ++i)
    {
        if (out.size() >= max)
        {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F)
        {
            escape(c);
            continue;
        }
        if (c < 0x80)
        {
            out += char(c);
            continue;
        }
        // a UTF-8 sequence: its length, and the range of its second byte
        // (no overlong forms, no surrogates, nothing above U+10FFFF)
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
        {
            length = 2;
        }
        else if (c >= 0xE0 && c <= 0xEF)
        {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        }
        else if (c >= 0xF0 && c <= 0xF4)
        {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        }
        bool valid = length > 0 && i + length <= n;
        for (std::size_t k = 1; valid && k < length; ++k)
        {
            auto b = static_cast<unsigned char>(text[i + k]);
            valid = k == 1 ? b >= low && b <= high : b >= 0x80 && b <= 0xBF;
        }
        if (!valid)
        {
            escape(c);
            continue;
        }
        out.append(text, i, length);
        i += length - 1;
    }
    return out;
}

bool
CoTopologyReader::ReadGraphml(std::istream& in,
                              const std::string& source,
                              CoTopology& topology,
                              std::string& error)
{
    NS_LOG_FUNCTION(source);
    std::string text(std::istreambuf_iterator<char>(in), {});
    if (uint64_t line = XmlTooDeep(text, MAX_NESTING))
    {
        error = Printable(TooDeep(source, line, "XML elements"), MAX_MESSAGE);
        return false;
    }
    GraphmlOutline outline;
    std::string problem = ReadGraphmlOutline(text, outline);
    if (!problem.empty())
    {
        // XML syntax errors come as "line: message".
        error = source + ":" + (std::isdigit(static_cast<unsigned char>(problem[0])) ? "" : " ") +
                problem;
        error = Printable(error, MAX_MESSAGE);
        return false;
    }

    RawGraph raw;
    // GraphML names a switch with an attribute; its node ids come from the outline.
    boost::dynamic_properties dp = RawProperties(raw, "name", &RawNode::name);
    try
    {
        std::istringstream again(text);
        OrderedGraphmlGraph graph(raw, dp);
        boost::read_graphml(again, graph, 0);
    }
    catch (const std::exception& e)
    {
        error = Printable(BoostMessage(source, e.what()), MAX_MESSAGE);
        return false;
    }
    if (boost::num_vertices(raw) != outline.nodes.size() ||
        boost::num_edges(raw) != outline.edges.size())
    {
        error = source + ": Boost read " + std::to_string(boost::num_vertices(raw)) +
                " nodes and " + std::to_string(boost::num_edges(raw)) +
                " edges where the file has " + std::to_string(outline.nodes.size()) + " and " +
                std::to_string(outline.edges.size()) + " (nested graphs are not supported)";
        return false;
    }
    for (uint32_t v = 0; v < outline.nodes.size(); ++v)
    {
        raw[v].id = outline.nodes[v];
    }
    if (!Convert(raw, outline.edges, source, topology, error))
    {
        error = Printable(error, MAX_MESSAGE);
        return false;
    }
    return true;
}

bool
CoTopologyReader::ReadGraphviz(std::istream& in,
                               const std::string& source,
                               CoTopology& topology,
                               std::string& error)
{
    NS_LOG_FUNCTION(source);
    std::string text(std::istreambuf_iterator<char>(in), {});
    if (uint64_t line = DotTooDeep(text, MAX_NESTING))
    {
        error = Printable(TooDeep(source, line, "braces and brackets"), MAX_MESSAGE);
        return false;
    }
    RawGraph raw;
    // DOT names a switch by its node id.
    boost::dynamic_properties dp = RawProperties(raw, "node_id", &RawNode::id);
    try
    {
        boost::read_graphviz(text, raw, dp, "node_id");
    }
    catch (const boost::directed_graph_error&)
    {
        error = Printable(source, MAX_MESSAGE) +
                ": a digraph: links are full duplex: write \"graph\" and \"--\", not \"digraph\" "
                "and \"->\"";
        return false;
    }
    catch (const std::exception& e)
    {
        error = Printable(BoostMessage(source, e.what()), MAX_MESSAGE);
        return false;
    }
    // DOT names nodes by their ids; edge order does not matter for messages.
    if (!Convert(raw, {}, source, topology, error))
    {
        error = Printable(error, MAX_MESSAGE);
        return false;
    }
    return true;
}

bool
CoTopologyReader::Read(const std::string& path, CoTopology& topology, std::string& error)
{
    NS_LOG_FUNCTION(path);
    std::string extension;
    auto dot = path.find_last_of("./");
    if (dot != std::string::npos && path[dot] == '.')
    {
        extension = path.substr(dot + 1);
        std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) {
            return std::tolower(c);
        });
    }
    if (path.find('\0') != std::string::npos)
    {
        // The system would open the name up to the NUL: another file.
        error = Printable(path, MAX_MESSAGE) + ": a file name cannot hold a NUL character";
        return false;
    }
    bool graphml = extension == "graphml" || extension == "xml";
    if (!graphml && extension != "dot" && extension != "gv")
    {
        error = Printable(path, MAX_MESSAGE) + ": unknown extension '" +
                Printable(extension, MAX_MESSAGE) +
                "': expected .graphml or .xml (GraphML), .dot or .gv (Graphviz)";
        return false;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
    {
        error = Printable(path, MAX_MESSAGE) + ": cannot read: a directory";
        return false;
    }
    std::ifstream in(path);
    if (!in)
    {
        error = Printable(path, MAX_MESSAGE) + ": cannot open: " + std::strerror(errno);
        return false;
    }
    // At most one byte past the limit: a device or a pipe without end
    // (/dev/zero) is refused rather than read until memory runs out.
    std::string bytes;
    char chunk[65536];
    while (bytes.size() <= MAX_FILE_BYTES && in.read(chunk, sizeof(chunk)).gcount() > 0)
    {
        bytes.append(chunk, in.gcount());
    }
    if (in.bad())
    {
        error = Printable(path, MAX_MESSAGE) + ": cannot read: " + std::strerror(errno);
        return false;
    }
    if (bytes.size() > MAX_FILE_BYTES)
    {
        error = Printable(path, MAX_MESSAGE) + ": larger than " +
                std::to_string(MAX_FILE_BYTES >> 20) +
                " MiB: refused (a topology within the scenario limits takes a few MB)";
        return false;
    }
    std::istringstream content(std::move(bytes));
    return graphml ? ReadGraphml(content, path, topology, error)
                   : ReadGraphviz(content, path, topology, error);
}

CoTopology
CoTopologyReader::ReadOrDie(const std::string& path)
{
    CoTopology topology;
    std::string error;
    if (!Read(path, topology, error))
    {
        NS_FATAL_ERROR(error);
    }
    return topology;
}

} // namespace ns3
