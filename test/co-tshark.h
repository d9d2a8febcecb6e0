/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Wireshark as a test oracle: the tests write pcap files and ask tshark
 * whether it decodes them as ATM / SSCOP / Q.2931 without complaint.
 */

#ifndef CO_TSHARK_H
#define CO_TSHARK_H

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{
namespace condistest
{

/// \return the standard output of a shell command
inline std::string
ShellOutput(const std::string& command)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
    {
        return out;
    }
    char chunk[4096];
    std::size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), pipe)) > 0)
    {
        out.append(chunk, n);
    }
    pclose(pipe);
    return out;
}

/// \return true when tshark can be run
inline bool
HaveTshark()
{
    return std::system("command -v tshark >/dev/null 2>&1") == 0;
}

/**
 * \param file a pcap file
 * \param options more tshark options, e.g. "-Y q2931 -T fields -e frame.number"
 * \return tshark's standard output, with SSCOP payloads decoded as Q.2931
 */
inline std::string
Tshark(const std::string& file, const std::string& options)
{
    return ShellOutput("tshark -n -o sscop.payload:Q.2931 -r '" + file + "' " + options +
                       " 2>/dev/null");
}

/**
 * \param file a pcap file
 * \return the lines of tshark's full decode that report a malformed packet,
 *         an error-level expert info or a dissector bug, or that it read no
 *         frame at all (empty when clean)
 */
inline std::vector<std::string>
TsharkProblems(const std::string& file)
{
    std::vector<std::string> problems;
    std::string decoded = Tshark(file, "-V");
    if (decoded.find("Frame 1:") == std::string::npos)
    {
        problems.push_back("tshark decoded no frame of " + file);
    }
    std::istringstream lines(decoded);
    std::string line;
    while (std::getline(lines, line))
    {
        for (const char* bad : {"Malformed Packet", "Expert Info (Error", "Dissector bug"})
        {
            if (line.find(bad) != std::string::npos)
            {
                problems.push_back(line);
            }
        }
    }
    return problems;
}

} // namespace condistest
} // namespace ns3

#endif /* CO_TSHARK_H */
