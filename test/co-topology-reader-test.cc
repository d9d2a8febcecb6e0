/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoTopologyReader: the sample GraphML and DOT files load with what they
 * say; every kind of bad file gives an error naming the file, the element
 * (or line) and the problem; rates and times are checked before ns-3, which
 * aborts on bad text, sees them; and no file makes the reader crash.
 */

#include "ns3/co-topology-reader.h"
#include "ns3/core-module.h"
#include "ns3/data-rate.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <initializer_list>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

const std::string SAMPLES = std::string(CONDIS_SOURCE_DIR) + "/examples/topologies/";

/// \return the vertex called \p name (fails the test if none)
uint32_t
Vertex(const CoTopology& g, const std::string& name)
{
    for (auto v : boost::make_iterator_range(boost::vertices(g)))
    {
        if (g[v].name == name)
        {
            return v;
        }
    }
    ADD_FAILURE() << "no vertex " << name;
    return 0;
}

/// \return the properties of the link between the vertices called \p a and \p b
CoLinkProperties
LinkBetween(const CoTopology& g, const std::string& a, const std::string& b)
{
    auto [e, found] = boost::edge(Vertex(g, a), Vertex(g, b), g);
    EXPECT_TRUE(found) << a << " -- " << b;
    return found ? g[e] : CoLinkProperties();
}

TEST(CoTopologyReaderTest, TheGraphmlSampleLoadsWithItsAttributes)
{
    CoTopology g;
    std::string error;
    ASSERT_TRUE(CoTopologyReader::Read(SAMPLES + "us-backbone.graphml", g, error)) << error;
    EXPECT_EQ(error, "");
    EXPECT_EQ(boost::num_vertices(g), 10u);
    EXPECT_EQ(boost::num_edges(g), 14u);
    EXPECT_EQ(g[0].name, "Seattle");
    EXPECT_EQ(g[9].name, "NewYork");
    EXPECT_EQ(g[0].x, -122.3);
    EXPECT_EQ(g[0].y, 47.6);
    EXPECT_EQ(g[Vertex(g, "Denver")].processingDelay, MicroSeconds(250));
    EXPECT_EQ(g[Vertex(g, "Chicago")].processingDelay, MicroSeconds(50));
    EXPECT_TRUE(g[Vertex(g, "Houston")].processingDelay.IsStrictlyNegative());
    CoLinkProperties thin = LinkBetween(g, "Denver", "Dallas");
    EXPECT_EQ(thin.rate, DataRate("622.08Mbps"));
    EXPECT_EQ(thin.delay, MicroSeconds(5400));
    EXPECT_EQ(thin.weight, 10u); // declared attr.type="int"
    CoLinkProperties core = LinkBetween(g, "Washington", "NewYork");
    EXPECT_EQ(core.rate.GetBitRate(), 9953280000u);
    EXPECT_EQ(core.delay, MicroSeconds(1700));
    EXPECT_EQ(core.weight, 2u);
    // Edges keep the file's order.
    auto first = *boost::edges(g).first;
    EXPECT_EQ(g[boost::source(first, g)].name, "Seattle");
    EXPECT_EQ(g[boost::target(first, g)].name, "SanFrancisco");
}

TEST(CoTopologyReaderTest, TheDotSampleLoadsWithDefaultsAndOverrides)
{
    CoTopology g;
    std::string error;
    ASSERT_TRUE(CoTopologyReader::Read(SAMPLES + "ring8.dot", g, error)) << error;
    EXPECT_EQ(boost::num_vertices(g), 8u);
    EXPECT_EQ(boost::num_edges(g), 8u);
    for (auto v : boost::make_iterator_range(boost::vertices(g)))
    {
        EXPECT_EQ(boost::out_degree(v, g), 2u) << g[v].name;
    }
    EXPECT_EQ(g[Vertex(g, "a")].processingDelay, MicroSeconds(200));
    EXPECT_TRUE(g[Vertex(g, "b")].processingDelay.IsStrictlyNegative());
    CoLinkProperties slow = LinkBetween(g, "d", "e");
    EXPECT_EQ(slow.delay, MilliSeconds(4));
    EXPECT_EQ(slow.weight, 4u);
    EXPECT_EQ(slow.rate, DataRate("155.52Mbps"));
    CoLinkProperties plain = LinkBetween(g, "h", "a");
    EXPECT_EQ(plain.delay, MilliSeconds(1));
    EXPECT_EQ(plain.weight, 1u);
    EXPECT_EQ(plain.rate, DataRate("155.52Mbps"));
}

TEST(CoTopologyReaderTest, ExtensionsChooseTheFormatInAnyCase)
{
    CoTopology g;
    std::string error;
    std::string dir = testing::TempDir();
    std::ifstream dot(SAMPLES + "ring8.dot");
    std::ofstream(dir + "ring.GV") << dot.rdbuf();
    EXPECT_TRUE(CoTopologyReader::Read(dir + "ring.GV", g, error)) << error;
    std::ifstream graphml(SAMPLES + "us-backbone.graphml");
    std::ofstream(dir + "backbone.XML") << graphml.rdbuf();
    EXPECT_TRUE(CoTopologyReader::Read(dir + "backbone.XML", g, error)) << error;
    EXPECT_EQ(boost::num_vertices(g), 10u);
}

// ---- bad files -------------------------------------------------------------------

/// Writes a file into the test's temporary directory; returns its path.
std::string
WriteFile(const std::string& name, const std::string& text)
{
    std::string path = testing::TempDir() + name;
    std::ofstream(path) << text;
    return path;
}

/**
 * Reads \p path, expecting failure with a message that contains the path
 * and each of \p parts, and leaving the output topology alone.
 */
void
ExpectError(const std::string& path, std::initializer_list<std::string> parts)
{
    CoTopology g = CoTopologyGenerator::Line(2);
    std::string error;
    EXPECT_FALSE(CoTopologyReader::Read(path, g, error)) << path;
    EXPECT_EQ(error.rfind(path, 0), 0u) << "the message does not start with the file: " << error;
    for (const std::string& part : parts)
    {
        EXPECT_NE(error.find(part), std::string::npos)
            << "'" << part << "' missing from: " << error;
    }
    EXPECT_EQ(boost::num_vertices(g), 2u) << "the topology was changed";
}

/// A GraphML document with the usual keys around \p body (nodes and edges).
std::string
Graphml(const std::string& body, const std::string& edgeDefault = "undirected")
{
    return "<?xml version=\"1.0\"?>\n"
           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
           "<key id=\"nm\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
           "<key id=\"pd\" for=\"node\" attr.name=\"processing_delay\" attr.type=\"string\"/>\n"
           "<key id=\"r\" for=\"edge\" attr.name=\"rate\" attr.type=\"string\"/>\n"
           "<key id=\"d\" for=\"edge\" attr.name=\"delay\" attr.type=\"string\"/>\n"
           "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n"
           "<graph id=\"G\" edgedefault=\"" +
           edgeDefault + "\">\n" + body + "</graph>\n</graphml>\n";
}

/// Two nodes, a and b.
const std::string NODES_AB =
    "<node id=\"a\"><data key=\"nm\">Alpha</data></node>\n<node id=\"b\"/>\n";

TEST(CoTopologyReaderTest, AMissingFileOrUnknownExtensionIsNamed)
{
    ExpectError(testing::TempDir() + "no-such-file.graphml", {"cannot open", "No such file"});
    ExpectError(WriteFile("topology.txt", "graph G { a -- b; }"),
                {"unknown extension 'txt'", ".graphml", ".dot"});
    ExpectError(WriteFile("no-extension", "graph G { a -- b; }"), {"unknown extension ''"});
    ExpectError(testing::TempDir() + ".", {"unknown extension"});
}

TEST(CoTopologyReaderTest, XmlSyntaxErrorsGiveTheLine)
{
    std::string path =
        WriteFile("broken.graphml",
                  "<?xml version=\"1.0\"?>\n<graphml>\n<graph edgedefault=\"undirected\">\n"
                  "<node id=\"a\"/>\n<node id=b/>\n</graph>\n</graphml>\n");
    ExpectError(path, {path + ":5: "});
    ExpectError(WriteFile("unclosed.graphml", "<graphml>\n<graph>\n"), {"unclosed.graphml:3: "});
    ExpectError(WriteFile("notxml.graphml", "hello"), {":1: "});
    ExpectError(WriteFile("empty.graphml", ""), {"no <graphml> element"});
}

TEST(CoTopologyReaderTest, GraphmlStructureProblemsNameTheElement)
{
    ExpectError(WriteFile("html.graphml", "<html/>"), {"no <graphml> element"});
    ExpectError(WriteFile("nograph.graphml", "<graphml/>"), {"no <graph> element"});
    ExpectError(WriteFile("directed.graphml", Graphml(NODES_AB, "directed")),
                {"edgedefault=\"directed\"", "undirected"});
    ExpectError(
        WriteFile("nodefault.graphml", "<graphml><graph><node id=\"a\"/></graph></graphml>"),
        {"edgedefault=\"\"", "undirected"});
    ExpectError(WriteFile("twice.graphml", Graphml("<node id=\"a\"/><node id=\"a\"/>")),
                {"node 'a' is declared twice"});
    ExpectError(WriteFile("noid.graphml", Graphml("<node id=\"a\"/><node/>")),
                {"node #2: no id attribute"});
    ExpectError(
        WriteFile("unknown.graphml",
                  Graphml(NODES_AB + "<edge id=\"e0\" source=\"a\" target=\"z\">"
                                     "<data key=\"r\">1Mbps</data><data key=\"d\">1ms</data>"
                                     "</edge>")),
        {"edge 'e0' ('a' -- 'z')", "no node has the id 'z'"});
    ExpectError(WriteFile("notarget.graphml", Graphml(NODES_AB + "<edge source=\"a\"/>")),
                {"edge #1: no target attribute"});
    ExpectError(
        WriteFile("onedirected.graphml",
                  Graphml(NODES_AB + "<edge source=\"a\" target=\"b\" directed=\"true\"/>")),
        {"edge #1 ('a' -- 'b')", "directed=\"true\""});
    ExpectError(WriteFile("hyper.graphml",
                          Graphml(NODES_AB + "<hyperedge><endpoint node=\"a\"/></hyperedge>")),
                {"<hyperedge>", "not supported"});
    ExpectError(WriteFile("nonodes.graphml", Graphml("")), {"the graph has no node"});
    ExpectError(
        WriteFile("undeclared.graphml", Graphml("<node id=\"a\"><data key=\"q\">1</data></node>")),
        {"node 'a': <data key=\"q\">: no <key> declares 'q'"});
    ExpectError(WriteFile("nokey.graphml", Graphml("<node id=\"a\"><data>1</data></node>")),
                {"node 'a': <data> without a key attribute"});
    ExpectError(WriteFile("untyped.graphml",
                          "<graphml><key id=\"k\" for=\"node\" attr.name=\"name\"/>"
                          "<graph edgedefault=\"undirected\"/></graphml>"),
                {"<key id=\"k\">: no attr.type attribute"});
}

/// An edge from a to b with these data elements.
std::string
EdgeAB(const std::string& data, const std::string& id = "e1")
{
    return "<edge id=\"ok\" source=\"b\" target=\"a\"><data key=\"r\">1Mbps</data>"
           "<data key=\"d\">1ms</data></edge>\n<edge id=\"" +
           id + "\" source=\"a\" target=\"b\">" + data + "</edge>\n";
}

TEST(CoTopologyReaderTest, GraphmlValueProblemsNameTheEdgeAndTheText)
{
    // The second edge is the bad one: the message must pick it, not the first.
    ExpectError(
        WriteFile("norate.graphml", Graphml(NODES_AB + EdgeAB("<data key=\"d\">1ms</data>"))),
        {"edge 'e1' ('Alpha' -- 'b')", "no rate"});
    ExpectError(
        WriteFile("nodelay.graphml", Graphml(NODES_AB + EdgeAB("<data key=\"r\">1Mbps</data>"))),
        {"edge 'e1' ('Alpha' -- 'b')", "no delay"});
    ExpectError(WriteFile("badrate.graphml",
                          Graphml(NODES_AB + EdgeAB("<data key=\"r\">fast</data>"
                                                    "<data key=\"d\">1ms</data>"))),
                {"edge 'e1' ('Alpha' -- 'b')", "rate 'fast' is not a data rate"});
    ExpectError(WriteFile("baddelay.graphml",
                          Graphml(NODES_AB + EdgeAB("<data key=\"r\">1Mbps</data>"
                                                    "<data key=\"d\">5 parsecs</data>"))),
                {"edge 'e1' ('Alpha' -- 'b')", "delay '5 parsecs' is not a time"});
    // weight is declared an int: Boost would reject the text without saying
    // where. Checked before the names are read, so the ends are node ids.
    ExpectError(WriteFile("typedweight.graphml",
                          Graphml(NODES_AB + EdgeAB("<data key=\"r\">1Mbps</data>"
                                                    "<data key=\"d\">1ms</data>"
                                                    "<data key=\"w\">heavy</data>"))),
                {"edge 'e1' ('a' -- 'b')", "weight 'heavy' is not a valid int"});
    ExpectError(WriteFile("oddtype.graphml",
                          "<graphml><key id=\"k\" for=\"edge\" attr.name=\"rate\" "
                          "attr.type=\"bytes\"/><graph edgedefault=\"undirected\"><node id=\"a\"/>"
                          "<node id=\"b\"/><edge id=\"e9\" source=\"a\" target=\"b\">"
                          "<data key=\"k\">1</data></edge></graph></graphml>"),
                {"edge 'e9' ('a' -- 'b')", "rate is declared with attr.type 'bytes'"});
    ExpectError(WriteFile("zeroweight.graphml",
                          Graphml(NODES_AB + EdgeAB("<data key=\"r\">1Mbps</data>"
                                                    "<data key=\"d\">1ms</data>"
                                                    "<data key=\"w\">0</data>"))),
                {"edge 'e1' ('Alpha' -- 'b')", "weight '0' is not an integer from 1"});
    ExpectError(
        WriteFile("loop.graphml",
                  Graphml(NODES_AB + "<edge id=\"self\" source=\"a\" target=\"a\">"
                                     "<data key=\"r\">1Mbps</data><data key=\"d\">1ms</data>"
                                     "</edge>")),
        {"edge 'self' ('Alpha' -- 'Alpha')", "self-loop"});
    ExpectError(WriteFile("baddelaynode.graphml",
                          Graphml("<node id=\"a\"><data key=\"pd\">slow</data></node>")),
                {"node 'a'", "processing_delay 'slow' is not a time"});
    ExpectError(WriteFile("samename.graphml",
                          Graphml("<node id=\"a\"><data key=\"nm\">X</data></node>"
                                  "<node id=\"b\"><data key=\"nm\">X</data></node>")),
                {"node 'b' ('X')", "the name is taken by node 'a'"});
}

TEST(CoTopologyReaderTest, GraphmlNamesFallBackToIdsStringsAreTrimmedAndValuesMayBeTyped)
{
    std::string path = WriteFile(
        "typed.graphml",
        "<graphml><key id=\"r\" for=\"edge\" attr.name=\"rate\" attr.type=\"long\"/>"
        "<key id=\"d\" for=\"edge\" attr.name=\"delay\" attr.type=\"double\"/>"
        "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"
        "<key id=\"lbl\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>"
        "<key id=\"nm\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>"
        "<graph edgedefault=\"undirected\"><node id=\"n1\"><data key=\"lbl\">ignored</data></node>"
        "<node id=\"n2\"><data key=\"nm\">\n  Second\n</data></node><edge source=\"n1\" "
        "target=\"n2\"><data key=\"r\">64000</data>"
        "<data key=\"d\">0.002</data><data key=\"w\">3.0</data></edge></graph></graphml>");
    CoTopology g;
    std::string error;
    ASSERT_TRUE(CoTopologyReader::Read(path, g, error)) << error;
    EXPECT_EQ(g[0].name, "n1");
    EXPECT_EQ(g[1].name, "Second"); // string data is trimmed
    auto e = *boost::edges(g).first;
    EXPECT_EQ(g[e].rate.GetBitRate(), 64000u); // a number alone: bits per second
    EXPECT_EQ(g[e].delay, MilliSeconds(2));    // a number alone: seconds
    EXPECT_EQ(g[e].weight, 3u);
}

TEST(CoTopologyReaderTest, DotProblemsNameTheEdgeOrPassBoostsMessage)
{
    ExpectError(WriteFile("syntax.dot", "graph G {\n a -- b [rate=\"1Mbps\"\n"),
                {"Wanted"}); // Boost's words; its DOT parser gives no line
    ExpectError(WriteFile("digraph.dot", "digraph G { a -> b; }"), {"a digraph", "\"--\""});
    ExpectError(WriteFile("nodelay.dot", "graph G { a -- b [rate=\"1Mbps\"]; }"),
                {"edge 'a' -- 'b'", "no delay"});
    ExpectError(WriteFile("norate.dot", "graph G { a -- b [delay=\"1ms\"]; }"),
                {"edge 'a' -- 'b'", "no rate"});
    ExpectError(WriteFile("badrate.dot", "graph G { a -- b [rate=\"Mbps\", delay=\"1ms\"]; }"),
                {"edge 'a' -- 'b'", "rate 'Mbps' is not a data rate"});
    ExpectError(WriteFile("badweight.dot",
                          "graph G { edge [rate=\"1Mbps\" delay=\"1ms\"]; a -- b [weight=-2]; }"),
                {"edge 'a' -- 'b'", "weight '-2' is not an integer"});
    ExpectError(WriteFile("loop.dot", "graph G { a -- a [rate=\"1Mbps\", delay=\"1ms\"]; }"),
                {"edge 'a' -- 'a'", "self-loop"});
    ExpectError(WriteFile("badnode.dot", "graph G { a [processing_delay=\"-1ms\"]; }"),
                {"node 'a'", "processing_delay '-1ms' is not a time"});
    ExpectError(WriteFile("badx.dot", "graph G { a [x=\"east\"]; }"),
                {"node 'a'", "x 'east' is not a number"});
    ExpectError(WriteFile("empty.dot", "graph G { }"), {"the graph has no node"});
    ExpectError(WriteFile("blank.dot", ""), {".dot: "});
}

TEST(CoTopologyReaderTest, ADirectoryIsNotAFile)
{
    std::string dir = testing::TempDir() + "topology.dot";
    std::filesystem::create_directories(dir);
    ExpectError(dir, {"a directory"});
}

TEST(CoTopologyReaderTest, NoFileCrashesTheReader)
{
    // Every prefix of each sample, and random corruptions: any answer but a crash.
    for (const std::string sample : {"ring8.dot", "us-backbone.graphml"})
    {
        std::ifstream in(SAMPLES + sample);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        ASSERT_GT(text.size(), 100u);
        std::string extension = sample.substr(sample.find('.'));
        uint32_t failures = 0;
        for (std::size_t n = 0; n < text.size(); n += 7)
        {
            CoTopology g;
            std::string error;
            failures += !CoTopologyReader::Read(WriteFile("prefix" + extension, text.substr(0, n)),
                                                g,
                                                error);
        }
        EXPECT_GT(failures, 0u);
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(42);
        for (int i = 0; i < 300; ++i)
        {
            std::string corrupt = text;
            for (int k = 0; k < 3; ++k)
            {
                corrupt[rng->GetInteger(0, corrupt.size() - 1)] =
                    static_cast<char>(rng->GetInteger(0, 255));
            }
            CoTopology g;
            std::string error;
            if (!CoTopologyReader::Read(WriteFile("corrupt" + extension, corrupt), g, error))
            {
                EXPECT_FALSE(error.empty());
            }
        }
    }
}

TEST(CoTopologyReaderTest, RatesAreCheckedBeforeNs3ParsesThem)
{
    DataRate rate;
    for (const auto& [text, bps] :
         std::vector<std::pair<std::string, uint64_t>>{{"155.52Mbps", 155520000},
                                                       {"2.5Gb/s", 2500000000},
                                                       {"64000", 64000},
                                                       {"1KiB/s", 8192},
                                                       {"10kbps", 10000},
                                                       {".5Mbps", 500000},
                                                       {"3MB/s", 24000000}})
    {
        EXPECT_TRUE(CoTopologyReader::ParseDataRate(text, rate)) << text;
        EXPECT_EQ(rate.GetBitRate(), bps) << text;
    }
    for (const std::string text : {"",
                                   "Mbps",
                                   "1.2.3Mbps",
                                   "-5Mbps",
                                   "1e9bps",
                                   " 5Mbps",
                                   "5 Mbps",
                                   "5mbps",
                                   "fast",
                                   "0bps",
                                   "0.5bps",
                                   "1.5",
                                   "2Pbps",
                                   "99999999999Gbps"})
    {
        EXPECT_FALSE(CoTopologyReader::ParseDataRate(text, rate)) << "'" << text << "'";
    }
}

TEST(CoTopologyReaderTest, TimesAreCheckedBeforeNs3ParsesThem)
{
    Time time;
    for (const auto& [text, expected] :
         std::vector<std::pair<std::string, Time>>{{"100us", MicroSeconds(100)},
                                                   {"1.5ms", MicroSeconds(1500)},
                                                   {"2e-3s", MilliSeconds(2)},
                                                   {"3", Seconds(3)},
                                                   {"0ns", Seconds(0)},
                                                   {"1min", Seconds(60)},
                                                   {"5E2ns", NanoSeconds(500)}})
    {
        EXPECT_TRUE(CoTopologyReader::ParseTime(text, time)) << text;
        EXPECT_EQ(time, expected) << text;
    }
    for (const std::string text : {"",
                                   "garbage",
                                   "5 ms",
                                   "-1ms",
                                   "+1ms",
                                   "1e",
                                   "ms",
                                   "1.2.3ms",
                                   "1e12s",
                                   "5parsec",
                                   "1e-3e2s",
                                   "5MS"})
    {
        EXPECT_FALSE(CoTopologyReader::ParseTime(text, time)) << "'" << text << "'";
    }
}

TEST(CoTopologyReaderDeathTest, ReadOrDieStopsWithTheMessage)
{
    EXPECT_DEATH(CoTopologyReader::ReadOrDie(testing::TempDir() + "absent.dot"),
                 "absent.dot: cannot open");
    CoTopology g = CoTopologyReader::ReadOrDie(SAMPLES + "ring8.dot");
    EXPECT_EQ(boost::num_vertices(g), 8u);
}

} // namespace
