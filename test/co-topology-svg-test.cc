/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The network picture of a scenario run: a switch and a link element per
 * switch and link of the topology, the links coloured by what they carried
 * at the instant drawn, failed ones marked, well-formed XML.
 */

#include "co-scenario-util.h"
#include "co-scratch-dir.h"
#include "co-tshark.h"

#include "ns3/co-scenario-runner.h"
#include "ns3/co-topology-svg.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// \return how many times \p pattern matches in \p text
std::size_t
Matches(const std::string& text, const std::string& pattern)
{
    std::regex re(pattern);
    return std::distance(std::sregex_iterator(text.begin(), text.end(), re),
                         std::sregex_iterator());
}

/// A 2 x 3 grid with the link 0 - 1 down from 2 s to 4 s and switch 5 down from 3 s.
class CoTopologySvgTest : public ScratchDirTest
{
  protected:
    CoTopologySvgTest()
        : ScratchDirTest("condis-topology-svg-")
    {
    }

    void SetUp() override
    {
        ScratchDirTest::SetUp();
        CoScenario s = SmallGrid(2, 3, Seconds(5));
        CoScenarioFailure link;
        link.at = Seconds(2);
        link.target = CoScenarioFailure::Target::Link;
        link.vertex = 0;
        link.peer = 1;
        CoScenarioFailure back = link;
        back.at = Seconds(4);
        back.action = CoScenarioFailure::Action::Restore;
        CoScenarioFailure sw;
        sw.at = Seconds(3);
        sw.target = CoScenarioFailure::Target::Switch;
        sw.vertex = 5;
        s.failures = {link, back, sw};
        results = CoScenarioRunner().Run(s);
    }

    CoScenarioResults results; //!< of the run
};

TEST_F(CoTopologySvgTest, DrawsEverySwitchAndLinkAndMarksWhatIsDown)
{
    // Before the failures: nothing marked.
    std::string before =
        CoTopologySvg::Render(results, Seconds(1), CoTopologySvg::Measure::ReservedBandwidth);
    EXPECT_EQ(Matches(before, "<g class=\"switch[ \"]"), 6u);
    EXPECT_EQ(Matches(before, "<g class=\"link[ \"]"), 7u) << "a 2 x 3 grid has 7 links";
    EXPECT_EQ(Matches(before, "failed"), 0u);
    // Load at 1 s: some link has a share reserved, shown as a percentage.
    EXPECT_GE(Matches(before, ">[1-9][0-9]? %<"), 1u) << before;

    // At 3.5 s: link 0 - 1 down, switch 5 down with its two links.
    std::string during =
        CoTopologySvg::Render(results, Seconds(3.5), CoTopologySvg::Measure::Calls);
    EXPECT_EQ(Matches(during, "<g class=\"switch failed\" data-vertex=\"5\""), 1u);
    EXPECT_EQ(Matches(during, "<g class=\"switch failed\""), 1u);
    EXPECT_EQ(Matches(during, "<g class=\"link failed\""), 3u) << during;
    EXPECT_EQ(Matches(during, "<g class=\"link failed\" data-from=\"0\" data-to=\"1\""), 1u);
    // After the link's repair: only the switch's.
    std::string after = CoTopologySvg::Render(results, Seconds(4.5), CoTopologySvg::Measure::Calls);
    EXPECT_EQ(Matches(after, "<g class=\"link failed\""), 2u);

    if (!std::filesystem::exists("/usr/bin/python3"))
    {
        GTEST_SKIP() << "/usr/bin/python3 is not installed: the SVG is not parsed";
    }
    std::ofstream(dir / "net.svg") << during;
    EXPECT_EQ(ShellOutput("/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; "
                          "E.parse(sys.argv[1]); print(\"ok\")' " +
                          (dir / "net.svg").string() + " 2>&1"),
              "ok\n");
}

TEST_F(CoTopologySvgTest, RefusesATimeOutsideTheRunAndAnUnknownMeasure)
{
    EXPECT_THROW(CoTopologySvg::Render(results, Seconds(-1), CoTopologySvg::Measure::Calls),
                 std::invalid_argument);
    try
    {
        CoTopologySvg::Render(results, results.endTime + Seconds(1), CoTopologySvg::Measure::Calls);
        ADD_FAILURE() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("outside the run"), std::string::npos) << e.what();
    }
    EXPECT_EQ(CoTopologySvg::ParseMeasure("calls"), CoTopologySvg::Measure::Calls);
    EXPECT_THROW(CoTopologySvg::ParseMeasure("bandwidth"), std::invalid_argument);
}

} // namespace
