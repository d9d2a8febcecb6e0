/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Bad input never crashes and never hangs: malformed scenarios (numbers
 * beyond a double, NUL and non-UTF-8 bytes, duplicate keys, sizes beyond
 * the limits), deeply nested JSON, GraphML and DOT, garbled topology files
 * and the topology generators' absurd sizes, each refused with a message
 * naming the field, the value and the limit; and condis-run answering every
 * one of them with exit status 2 and one line, never a signal.
 *
 * Inputs that would take memory or time are kept small: every bound trips
 * before anything large is allocated.
 */

#include "co-scenario-util.h"
#include "co-scratch-dir.h"

#include "ns3/co-scenario-runner.h"
#include "ns3/co-scenario.h"
#include "ns3/co-topology-reader.h"
#include "ns3/co-topology.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
using condistest::ErrorOf;

namespace
{

/// A malformed scenario and what its message must say.
struct BadScenario
{
    std::string json;                  //!< the text (may hold any bytes)
    std::vector<std::string> expected; //!< pieces the message must hold
};

/// \return text written as a C++ string literal would be, for failure messages
std::string
Visible(const std::string& text)
{
    return CoTopologyReader::Printable(text, 200);
}

/// \return true when the text is UTF-8 without control characters (one printable line)
bool
IsPrintableLine(const std::string& text)
{
    return !text.empty() && CoTopologyReader::Printable(text) == text;
}

/// \return the message the runner's Check() throws for the scenario, or ""
std::string
CheckErrorOf(const std::string& json)
{
    try
    {
        CoScenarioRunner::Check(CoScenario::FromJson(json));
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/// \return text nested \p depth levels deep: open, then close, each repeated
std::string
Nested(const std::string& open, const std::string& close, uint32_t depth)
{
    std::string text;
    text.reserve(depth * (open.size() + close.size()));
    for (uint32_t i = 0; i < depth; ++i)
    {
        text += open;
    }
    for (uint32_t i = 0; i < depth; ++i)
    {
        text += close;
    }
    return text;
}

/// A string from a literal that may hold NUL bytes.
template <std::size_t N>
std::string
Bytes(const char (&literal)[N])
{
    return std::string(literal, N - 1);
}

/// \return a scenario with \p n failures of switch 0 (valid ones, but too many)
std::string
Failures(uint32_t n)
{
    std::string text = R"({"failures": [)";
    for (uint32_t i = 0; i < n; ++i)
    {
        text += std::string(i ? ", " : "") + R"({"at": "1s", "action": "fail", "switch": 0})";
    }
    return text + "]}";
}

/// The malformed scenarios: each must be refused, naming the field and the value.
std::vector<BadScenario>
BadScenarios()
{
    return {
        // numbers beyond a double
        {R"({"seed": 1e400})", {"seed: 1e400: a number too large for a double"}},
        {R"({"calls": {"rate": -1e400}})", {"calls.rate: -1e400: a number too large"}},
        {R"({"calls": {"pcr": 1e400}})", {"calls.pcr: 1e400"}},
        {R"({"switches": {"admissibleFraction": 1e400}})", {"switches.admissibleFraction: 1e400"}},
        {R"({"topology": {"generator": "waxman", "alpha": 1e400}})", {"topology.alpha: 1e400"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "switch": 1e999}]})",
         {"failures[0].switch: 1e999"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "switch": 0}, )"
         R"({"at": "2s", "action": "fail", "link": [0, 1e400]}]})",
         {"failures[1].link[1]: 1e400"}},
        {R"({"seed": 18446744073709551616})", {"seed", "expected an integer"}},
        {R"({"seed": 4294967296})", {"seed: 4294967296", "expected an integer"}},
        {R"({"seed": 1.5})", {"seed: 1.5", "expected an integer"}},
        {R"({"run": -1})", {"run: -1", "expected an integer"}},
        {R"({"calls": {"rate": 1e-400}})", {"calls.rate", "must be above 0"}},
        // NUL characters: escaped in the message, which they would cut short
        {R"({"\u0000": 1})", {R"("\u0000": 1: unknown key)"}},
        {R"({"hosts": {"per\u0000Switch": 1}})", {R"(hosts."per\u0000Switch": 1: unknown key)"}},
        {R"({"calls": {"category": "CBR\u0000"}})", {R"(calls.category: "CBR\u0000")"}},
        {R"({"topology": {"generator": "\u0000"}})", {R"(topology.generator: "\u0000")"}},
        {R"({"topology": {"file": "net\u0000.dot"}})",
         {R"(topology.file: "net\u0000.dot": a file name cannot hold a NUL)"}},
        {Bytes("{\"se\0ed\": 1}"), {"not valid JSON", "U+0000"}},
        {R"({"a\u007fb": 1})", {R"("a\x7Fb": 1: unknown key)"}},
        {Bytes("\0"), {"not valid JSON"}},
        // bytes that are not UTF-8, and surrogates
        {"{\"calls\": {\"category\": \"\xff\xfe\"}}", {"calls.category: not valid JSON"}},
        {"{\"\xc0\xaf\": 1}", {"not valid JSON"}},
        {R"({"calls": {"category": "\ud800"}})", {"calls.category: not valid JSON", "surrogate"}},
        // keys given twice
        {R"({"seed": 1, "seed": 2})", {"seed: the key is given twice"}},
        {R"({"calls": {"rate": 1, "rate": 2}})", {"calls.rate: the key is given twice"}},
        {R"({"topology": {}, "topology": {}})", {"topology: the key is given twice"}},
        {R"({"failures": [{"at": "1s", "at": "2s", "action": "fail", "switch": 0}]})",
         {"failures[0].at: the key is given twice"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "switch": 0}, )"
         R"({"at": "1s", "action": "fail", "switch": 0, "switch": 1}]})",
         {"failures[1].switch: the key is given twice"}},
        {R"({"calls": {"holding": {"mean": "1s", "mean": "2s"}}})",
         {"calls.holding.mean: the key is given twice"}},
        // not JSON, or not a scenario
        {"", {"not valid JSON"}},
        {" \n\t ", {"not valid JSON"}},
        {"nul", {"not valid JSON"}},
        {R"({"seed": 1} x)", {"not valid JSON"}},
        {R"({"seed": 1,})", {"not valid JSON"}},
        {R"({"seed": ")", {"not valid JSON"}},
        {R"({"calls": {"rate": 1)", {"not valid JSON"}},
        {R"("just a string")", {"scenario", "expected a JSON object"}},
        {R"({"hosts": []})", {"hosts: []: expected a JSON object"}},
        {R"({"seed": null})", {"seed: null"}},
        {R"({"failures": "none"})", {"failures: \"none\"", "expected a list"}},
        {R"({"failures": [1]})", {"failures[0]: 1: expected a JSON object"}},
        {R"({"failures": [{"at": "1s", "action": "fail", "link": [0, -1]}]})",
         {"failures[0].link: [0,-1]"}},
        {R"({"calls": {"rate": "1e400"}})", {"calls.rate: \"1e400\": expected a number"}},
        // nesting deeper than the limit, inside a field and at the top
        {R"({"calls": )" + Nested("[", "]", 100) + "}", {"line 1", "nested deeper than 64"}},
        {Nested("{\"a\":", "}", 100000), {"nested deeper than 64"}},
        {"{\n\"x\":\n" + Nested("[", "]", 100000) + "\n}", {"line 3", "nested deeper than 64"}},
        // times and rates beyond their ranges
        {R"({"duration": "1e400s"})", {"duration: \"1e400s\"", "expected a time"}},
        {R"({"duration": "nan"})", {"duration: \"nan\""}},
        {R"({"hosts": {"delay": "100000000000s"}})", {"hosts.delay: \"100000000000s\""}},
        {R"({"switches": {"t303": "1e9y"}})", {"switches.t303: \"1e9y\""}},
        {R"({"links": {"rate": "1e400bps"}})", {"links.rate: \"1e400bps\""}},
        {R"({"calls": {"holding": {"mean": "-0s"}}})",
         {"calls.holding.mean: \"-0s\": expected a time"}},
        {R"({"switches": {"admissibleFraction": -0.0001}})", {"switches.admissibleFraction"}},
        {R"({"topology": {"generator": "waxman", "alpha": 0}})", {"topology.alpha: 0"}},
        {R"({"topology": {"generator": "waxman", "beta": 0}})", {"topology.beta: 0"}},
        {R"({"topology": {"generator": "line", "n": -1}})", {"topology.n: -1"}},
        {R"({"topology": {"file": ""}})", {"topology.file", "expected a file name"}},
        {R"({"calls": {"maxSdu": 65536}})", {"calls.maxSdu: 65536"}},
        // sizes beyond the limits: refused before anything is allocated
        {R"({"hosts": {"perSwitch": 1000000000}})",
         {"hosts.perSwitch: 1000000000: at most 5000 hosts"}},
        {R"({"hosts": {"perSwitch": 4294967295}})", {"hosts.perSwitch: 4294967295"}},
        {R"({"topology": {"generator": "line", "n": 20000000}})",
         {"topology.n: 20000000: at most 5000", "routing table"}},
        {R"({"topology": {"generator": "ring", "n": 4294967295}})", {"topology.n: 4294967295"}},
        {R"({"topology": {"generator": "star", "leaves": 4294967295}})",
         {"topology.leaves: 4294967295: at most 4999"}},
        {R"({"topology": {"generator": "grid", "rows": 5000, "cols": 5000}})",
         {"topology.rows: 5000: with 5000 columns that makes 25000000 switches: at most 5000"}},
        {R"({"topology": {"generator": "torus", "rows": 4294967295, "cols": 4294967295}})",
         {"topology.rows: 4294967295"}},
        {R"({"topology": {"generator": "tree", "depth": 100, "fanout": 2}})",
         {"topology.depth: 100: with fanout 2", "more than 5000"}},
        {R"({"topology": {"generator": "tree", "depth": 4294967295, "fanout": 4294967295}})",
         {"topology.depth: 4294967295"}},
        {R"({"topology": {"generator": "waxman", "n": 100000}})",
         {"topology.n: 100000: at most 2000", "every pair"}},
        {R"({"topology": {"generator": "grid", "rows": 70, "cols": 70}, "hosts": {"perSwitch": 2}})",
         {"hosts.perSwitch: 2: with 4900 switches that makes 9800 hosts: at most 5000"}},
        {R"({"statistics": {"sampleInterval": "1ns"}})",
         {"statistics.sampleInterval: 1ns", "at most 1e7: sample less often"}},
        {R"({"topology": {"generator": "grid", "rows": 50, "cols": 50}, "hosts": {"perSwitch": 2},)"
         R"( "statistics": {"sampleInterval": "1ms"}})",
         {"statistics.sampleInterval: 1ms", "ports sampled", "at most 1e8"}},
        {R"({"calls": {"rate": 1e10}})", {"calls.rate: 10000000000.0: at most 1e6", "0 ns"}},
        {R"({"calls": {"rate": 1000000}, "duration": "1000s"})",
         {"calls.rate: 1000000", "calls: at most 1e7"}},
        {R"({"failures": [{"at": "1000000000s", "action": "fail", "switch": 0}]})",
         {"statistics.sampleInterval: 100ms: every port would be sampled about 1e+10 times"}},
        {R"({"calls": {"packetInterval": "1us", "rate": 10, "holding": {"mean": "10s"}},)"
         R"( "duration": "100s"})",
         {"calls.packetInterval: 1us", "4e+10 packets: at most 1e8"}},
        {Failures(10001), {"failures: 10001 entries: at most 10000", "routes"}},
        {R"({"calls": {"packetInterval": "1ns"}})",
         {"calls.packetInterval: 1ns: must be 0 (no data) or at least 1us"}},
    };
}

TEST(BadInputTest, MalformedScenariosAreRefusedNamingTheFieldAndTheValue)
{
    std::vector<BadScenario> cases = BadScenarios();
    ASSERT_GE(cases.size(), 60u);
    for (const BadScenario& c : cases)
    {
        std::string error = ErrorOf(c.json);
        EXPECT_TRUE(IsPrintableLine(error))
            << Visible(c.json)
            << ": the message is empty or not one printable line: " << Visible(error);
        for (const std::string& piece : c.expected)
        {
            EXPECT_NE(error.find(piece), std::string::npos)
                << Visible(c.json) << ": \"" << Visible(error) << "\" does not say " << piece;
        }
    }
}

TEST(BadInputTest, ScenarioLimitsAreExactBounds)
{
    // The largest values allowed pass Validate() (no run: that would take
    // the memory the limits guard); one more is refused.
    auto accepted = [](const std::string& json) {
        std::string error = ErrorOf(json);
        EXPECT_EQ(error, "") << json;
    };
    accepted(R"({"topology": {"generator": "line", "n": 5000}})");
    accepted(R"({"topology": {"generator": "star", "leaves": 4999}})");
    accepted(R"({"topology": {"generator": "grid", "rows": 50, "cols": 100}})");
    accepted(R"({"topology": {"generator": "waxman", "n": 2000}})");
    accepted(R"({"topology": {"generator": "line", "n": 2500}, "hosts": {"perSwitch": 2}})");
    accepted(R"({"calls": {"rate": 1000000}, "duration": "1s"})");
    accepted(R"({"calls": {"packetInterval": "1us"}})");
    accepted(Failures(10000));
    EXPECT_NE(ErrorOf(R"({"topology": {"generator": "line", "n": 5001}})"), "");
    EXPECT_NE(ErrorOf(R"({"topology": {"generator": "star", "leaves": 5000}})"), "");
    EXPECT_NE(ErrorOf(R"({"topology": {"generator": "grid", "rows": 50, "cols": 101}})"), "");
    EXPECT_NE(ErrorOf(R"({"topology": {"generator": "waxman", "n": 2001}})"), "");
    EXPECT_NE(
        ErrorOf(R"({"topology": {"generator": "line", "n": 2501}, "hosts": {"perSwitch": 2}})"),
        "");
    EXPECT_NE(ErrorOf(R"({"calls": {"rate": 1000001}, "duration": "1s"})"), "");
    EXPECT_NE(ErrorOf(R"({"calls": {"packetInterval": "999ns"}})"), "");

    // Built in C++, the same limits: Validate() and the runner's Check().
    CoScenario s;
    s.hosts.perSwitch = 1000000000;
    EXPECT_THROW(s.Validate(), std::invalid_argument);
    EXPECT_THROW(CoScenarioRunner::Check(s), std::invalid_argument);
    s = CoScenario();
    s.calls.rate = 1e10;
    EXPECT_THROW(CoScenarioRunner().Run(s), std::invalid_argument);
}

TEST(BadInputTest, RunnerChecksTheSizesOfWhatItGenerates)
{
    // A dense Waxman draw: few switches, but nearly every pair linked. Its
    // links are only known once drawn: the runner refuses them before
    // building anything.
    std::string error =
        CheckErrorOf(R"({"topology": {"generator": "waxman", "n": 400, "alpha": 1e6, "beta": 1}})");
    EXPECT_NE(error.find("topology: \"waxman\": "), std::string::npos) << error;
    EXPECT_NE(error.find(" links: at most 50000"), std::string::npos) << error;
}

/// A scratch directory of the test's own, removed at the end.
class BadFileTest : public condistest::ScratchDirTest
{
  protected:
    BadFileTest()
        : ScratchDirTest("condis-bad-input-")
    {
    }

    /// \return the reader's message for a topology file, or "" when it reads
    std::string ReadError(const std::string& path)
    {
        CoTopology topology;
        std::string error;
        return CoTopologyReader::Read(path, topology, error) ? "" : error;
    }
};

/// GraphML around some elements of the graph.
std::string
Graphml(const std::string& inside)
{
    return R"(<?xml version="1.0"?><graphml><key id="r" for="edge" attr.name="rate" )"
           R"(attr.type="string"/><key id="d" for="edge" attr.name="delay" attr.type="string"/>)"
           R"(<graph edgedefault="undirected">)" +
           inside + "</graph></graphml>";
}

TEST_F(BadFileTest, DeeplyNestedTopologiesAreRefusedBeforeParsing)
{
    // Deep enough to overflow the stack in Boost's recursive parsers.
    std::string xml =
        Write("deep.graphml",
              Graphml("<node id=\"a\">\n" + Nested("<x>", "</x>", 40000) + "</node>"));
    std::string error = ReadError(xml);
    EXPECT_NE(error.find(xml + ":2: XML elements nested deeper than 100 levels"), std::string::npos)
        << error;

    std::string dot = Write("deep.dot", "graph {\n" + Nested("{", "}", 20000) + "\n}\n");
    error = ReadError(dot);
    EXPECT_NE(error.find(dot + ":2: braces and brackets nested deeper than 100 levels"),
              std::string::npos)
        << error;
    std::string subgraphs =
        Write("subgraphs.gv", "graph {" + Nested("subgraph {", "}", 20000) + "}");
    EXPECT_NE(ReadError(subgraphs).find("nested deeper than 100"), std::string::npos);

    // Braces in strings and comments do not count; a shallow file reads.
    std::string shallow =
        Write("shallow.dot",
              "graph {\n  // {{{{{{\n  a -- b [rate=\"1Mbps\", delay=\"1ms\", "
              "label=\"" +
                  std::string(300, '{') + "\"]\n  /* " + std::string(300, '[') + " */\n}\n");
    EXPECT_EQ(ReadError(shallow), "");
    std::string graphml =
        Write("shallow.graphml",
              Graphml("<!-- " + Nested("<x>", "</x>", 300) +
                      " --><node id=\"a\"/><node "
                      "id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"r\">1Mbps</data><data "
                      "key=\"d\">1ms</data></edge>"));
    EXPECT_EQ(ReadError(graphml), "");

    // A scenario nested 100,000 levels deep, through the file reader.
    std::string scenario = Write("deep.json", "{\"calls\":\n" + Nested("[", "]", 100000) + "}");
    try
    {
        CoScenario::Load(scenario);
        ADD_FAILURE() << "a deep scenario loaded";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  scenario + ": line 2: JSON nested deeper than 64 levels (a scenario needs 4): "
                             "refused before parsing");
    }
}

TEST_F(BadFileTest, TopologyFilesAreHeldToTheSameLimits)
{
    // A line of 5001 switches in DOT: read, then refused before anything is built.
    std::string text = "graph { edge [rate=\"1Mbps\", delay=\"1ms\"]; n0";
    for (int i = 1; i <= 5000; ++i)
    {
        text += " -- n" + std::to_string(i);
    }
    std::string line = Write("line.dot", text + " }");
    std::string error = CheckErrorOf(R"({"topology": {"file": ")" + line + R"("}})");
    EXPECT_NE(error.find("topology.file: \"" + line + "\": 5001 switches: at most 5000"),
              std::string::npos)
        << error;

    // Hosts in all: a small file, many hosts on each switch.
    std::string ring = std::string(CONDIS_SOURCE_DIR) + "/examples/topologies/ring8.dot";
    error =
        CheckErrorOf(R"({"topology": {"file": ")" + ring + R"("}, "hosts": {"perSwitch": 1000}})");
    EXPECT_NE(error.find("hosts.perSwitch: 1000: with 8 switches that makes 8000 hosts: at most "
                         "5000"),
              std::string::npos)
        << error;
}

TEST_F(BadFileTest, GarbledTopologyFilesGivePrintableMessages)
{
    struct Case
    {
        std::string name;     //!< file name
        std::string bytes;    //!< contents
        std::string expected; //!< a piece of the message
    };

    std::vector<Case> cases = {
        {"empty.dot", "", "empty.dot"},
        {"empty.graphml", "", "empty.graphml"},
        {"garbage.dot", "graph { \xff\xfe\x80 -- \xc0\xaf }", "garbage.dot"},
        {"nul.dot", Bytes("graph { a\0b -- c }"), "nul.dot"},
        {"nul-id.dot", Bytes("graph { \"a\0b\" -- c }"), "nul-id.dot"},
        {"binary.graphml", Bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "binary.graphml"},
        {"unclosed.graphml",
         R"(<graphml><graph edgedefault="undirected"><node id="a">)",
         "unclosed.graphml"},
        {"bad-utf8-id.graphml",
         Graphml("<node id=\"\xff\"/><node id=\"\xff\"/>"),
         "node '\\xFF' is declared twice"},
        {"nul-in-data.graphml",
         Graphml(Bytes("<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data "
                       "key=\"r\">1\0Mbps</data><data key=\"d\">1ms</data></edge>")),
         "nul-in-data.graphml"},
        {"huge-number.dot",
         "graph { a -- b [rate=\"1e400bps\", delay=\"1ms\"] }",
         "rate '1e400bps' is not a data rate"},
        {"nan.dot",
         "graph { a [x=nan]; a -- b [rate=\"1Mbps\", delay=\"1ms\"] }",
         "x 'nan' is not a number"},
        {"negative.dot", "graph { a -- b [rate=\"-1Mbps\", delay=\"-1ms\"] }", "rate '-1Mbps'"},
        {"zero-weight.dot",
         "graph { a -- b [rate=\"1Mbps\", delay=\"1ms\", weight=0] }",
         "weight '0'"},
        {"long-value.dot",
         "graph { a -- b [rate=\"" + std::string(100000, '9') + "x\", delay=\"1ms\"] }",
         "long-value.dot"},
        {"unterminated.dot", "graph { a -- \"b", "unterminated.dot"},
        {"angles.dot", "graph { a [label=" + Nested("<", ">", 20000) + "] }", "angles.dot"},
    };
    for (const Case& c : cases)
    {
        std::string path = Write(c.name, c.bytes);
        std::string error = ReadError(path);
        EXPECT_TRUE(IsPrintableLine(error)) << c.name << ": " << Visible(error);
        EXPECT_LE(error.size(), 1010u) << c.name;
        EXPECT_NE(error.find(c.expected), std::string::npos)
            << c.name << ": \"" << Visible(error) << "\" does not say " << c.expected;
    }
}

TEST_F(BadFileTest, EndlessFilesAreRefusedAtTheirLimit)
{
    // /dev/zero never ends: read up to the limit, not until memory runs out.
    std::filesystem::create_symlink("/dev/zero", dir / "zero.dot");
    std::filesystem::create_symlink("/dev/zero", dir / "zero.json");
    std::string error = ReadError((dir / "zero.dot").string());
    EXPECT_NE(error.find("zero.dot: larger than 64 MiB"), std::string::npos) << error;
    try
    {
        CoScenario::Load((dir / "zero.json").string());
        ADD_FAILURE() << "/dev/zero loaded";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("zero.json: larger than 16 MiB"), std::string::npos)
            << e.what();
    }
    // A name with a NUL would open another file.
    EXPECT_NE(ReadError(Bytes("net.dot\0.graphml")).find("cannot hold a NUL"), std::string::npos);
    EXPECT_THROW(CoScenario::Load(Bytes("a.json\0b")), std::invalid_argument);
}

TEST(BadInputTest, PrintableEscapesWhatIsNotUtf8)
{
    EXPECT_EQ(CoTopologyReader::Printable("plain ascii"), "plain ascii");
    EXPECT_EQ(CoTopologyReader::Printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
              "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    EXPECT_EQ(CoTopologyReader::Printable(Bytes("a\0b\n\x7f")), "a\\x00b\\x0A\\x7F");
    EXPECT_EQ(CoTopologyReader::Printable("\xff\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82"),
              "\\xFF\\xC0\\xAF\\xED\\xA0\\x80\\xF4\\x90\\x80\\x80\\xE2\\x82");
    EXPECT_EQ(CoTopologyReader::Printable("abcdef", 3), "abc...");
}

#ifdef CONDIS_RUN_PROGRAM
/// What condis-run did with a scenario file.
struct RunOutcome
{
    bool exited = false;     //!< ended by exit (not by a signal)
    int status = -1;         //!< its exit status
    int signal = 0;          //!< the signal that ended it, if one did
    std::string errorOutput; //!< what it wrote to standard error
};

TEST_F(BadFileTest, CondisRunAnswersEveryMalformedScenarioWithOneLineAndStatus2)
{
    auto runOn = [this](const std::string& scenario) {
        std::string err = (dir / "stderr").string();
        std::string command = std::string(CONDIS_RUN_PROGRAM) + " '" + scenario + "' --out='" +
                              (dir / "out").string() + "' >/dev/null 2>'" + err + "'";
        int status = std::system(command.c_str());
        RunOutcome outcome;
        outcome.exited = WIFEXITED(status);
        outcome.status = outcome.exited ? WEXITSTATUS(status) : -1;
        // the shell reports a child killed by a signal as 128 + the signal
        if (outcome.exited && outcome.status > 128)
        {
            outcome.exited = false;
            outcome.signal = outcome.status - 128;
        }
        std::ifstream in(err, std::ios::binary);
        outcome.errorOutput.assign(std::istreambuf_iterator<char>(in), {});
        return outcome;
    };
    auto expectOneLine = [](const std::string& what,
                            const RunOutcome& outcome,
                            const std::string& file,
                            const std::vector<std::string>& pieces) {
        EXPECT_TRUE(outcome.exited) << what << ": ended by signal " << outcome.signal;
        EXPECT_EQ(outcome.status, 2) << what;
        const std::string& text = outcome.errorOutput;
        ASSERT_FALSE(text.empty()) << what;
        EXPECT_EQ(text.find('\n'), text.size() - 1) << what << ": not one line: " << Visible(text);
        std::string line = text.substr(0, text.size() - 1);
        EXPECT_TRUE(IsPrintableLine(line)) << what << ": " << Visible(line);
        EXPECT_EQ(line.rfind("condis-run: " + file + ": ", 0), 0u) << what << ": " << line;
        for (const std::string& piece : pieces)
        {
            EXPECT_NE(line.find(piece), std::string::npos)
                << what << ": \"" << Visible(line) << "\" does not say " << piece;
        }
    };

    std::vector<BadScenario> cases = BadScenarios();
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        std::string file = Write("s" + std::to_string(i) + ".json", cases[i].json);
        expectOneLine(Visible(cases[i].json), runOn(file), file, cases[i].expected);
    }

    // Topology files: deep, garbled, endless, too large once generated.
    std::vector<std::pair<std::string, std::vector<std::string>>> topologies = {
        {"deep.dot", {"nested deeper than 100"}},
        {"deep.graphml", {"nested deeper than 100"}},
        {"garbage.dot", {"topology.file: \""}},
        {"zero.dot", {"larger than 64 MiB"}},
    };
    Write("deep.dot", "graph {" + Nested("{", "}", 20000) + "}");
    Write("deep.graphml", Graphml(Nested("<x>", "</x>", 40000)));
    Write("garbage.dot", "graph { \xff\xfe\x80 -- \xc0 }");
    std::filesystem::create_symlink("/dev/zero", dir / "zero.dot");
    for (const auto& [topology, pieces] : topologies)
    {
        std::string file =
            Write(topology + ".json", "{\"topology\": {\"file\": \"" + topology + "\"}}");
        std::vector<std::string> expected = pieces;
        expected.push_back("topology.file: \"" + (dir / topology).string() + "\"");
        expectOneLine(topology, runOn(file), file, expected);
    }
    std::string dense =
        Write("dense.json",
              R"({"topology": {"generator": "waxman", "n": 400, "alpha": 1e6, "beta": 1}})");
    expectOneLine("dense waxman", runOn(dense), dense, {"links: at most 50000"});
    std::filesystem::create_symlink("/dev/zero", dir / "endless.json");
    std::string endless = (dir / "endless.json").string();
    expectOneLine("/dev/zero", runOn(endless), endless, {"larger than 16 MiB"});
}
#endif

} // namespace
