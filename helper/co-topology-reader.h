/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TOPOLOGY_READER_H
#define CO_TOPOLOGY_READER_H

#include "ns3/co-topology.h"

#include <istream>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Loads a CoTopology from a GraphML or Graphviz DOT file, with
 *        Boost.Graph's readers.
 *
 * The graph must be undirected (GraphML edgedefault="undirected", DOT
 * "graph" with "--"): links are full duplex. What is read:
 *
 * | element | attribute          | meaning                                   | if absent        |
 * |---------|--------------------|-------------------------------------------|------------------|
 * | node    | name               | switch name (GraphML; DOT: the node id)   | the GraphML id   |
 * | node    | processing_delay   | ns-3 Time, e.g. "100us"                   | switch's default |
 * | node    | x, y               | position (numbers)                        | 0                |
 * | edge    | rate               | ns-3 DataRate, e.g. "155.52Mbps"          | error            |
 * | edge    | delay              | ns-3 Time, e.g. "2ms"                     | error            |
 * | edge    | weight             | administrative weight, integer >= 1      | 1                |
 *
 * Rate and delay are required on every link: a forgotten attribute should
 * not quietly become an OC-3 with 1 ms of fibre. Other attributes (labels,
 * graphics) are ignored. In GraphML the attributes may be declared with any
 * attr.type; in DOT, defaults set with "edge [rate=...]" apply.
 *
 * Times and rates use ns-3's syntax (a number and a unit; a number alone is
 * seconds, or bits per second), checked before ns-3 parses them, since
 * ns-3 aborts on malformed text.
 *
 * Errors name the file, the element (node or edge, by name or GraphML id;
 * or the line, when Boost's parser reports one) and the problem: a file
 * that cannot be opened, an unknown extension, a syntax error, a directed
 * graph, a node declared twice or two nodes with the same name, an edge to
 * an undeclared node (GraphML; in DOT an edge declares its nodes), a
 * self-loop, a missing or malformed rate, delay or weight, a graph with no
 * node, nesting deeper than MAX_NESTING, a file larger than MAX_FILE_BYTES.
 * A bad file is never fatal in Read(): it returns false, and the message is
 * Printable() whatever bytes the file holds.
 */
class CoTopologyReader
{
  public:
    /// Elements nested deeper than this (GraphML elements; DOT braces and
    /// brackets) are refused before parsing: the XML and DOT parsers
    /// recurse once per level and a deep enough file would exhaust the
    /// stack. A topology needs 4 levels (GraphML) or 2 (DOT).
    static constexpr uint32_t MAX_NESTING = 100;

    /// Larger files are refused rather than read: a topology within the
    /// scenario limits (CoScenario::MAX_LINKS) takes a few MB.
    static constexpr uint64_t MAX_FILE_BYTES = 64 << 20;

    /**
     * \brief Loads a topology, choosing the format by extension: .graphml
     *        or .xml for GraphML, .dot or .gv for DOT (any case).
     * \param path the file
     * \param [out] topology the topology read; untouched on failure
     * \param [out] error what is wrong, on failure
     * \return true on success
     */
    static bool Read(const std::string& path, CoTopology& topology, std::string& error);

    /**
     * \brief Like Read(), but a failure is a fatal error with the message.
     * \param path the file
     * \return the topology
     */
    static CoTopology ReadOrDie(const std::string& path);

    /**
     * \brief Loads a GraphML topology from a stream.
     * \param in the text
     * \param source what to call the text in messages (e.g. its file name)
     * \param [out] topology the topology read; untouched on failure
     * \param [out] error what is wrong, on failure
     * \return true on success
     */
    static bool ReadGraphml(std::istream& in,
                            const std::string& source,
                            CoTopology& topology,
                            std::string& error);

    /**
     * \brief Loads a Graphviz DOT topology from a stream.
     * \param in the text
     * \param source what to call the text in messages (e.g. its file name)
     * \param [out] topology the topology read; untouched on failure
     * \param [out] error what is wrong, on failure
     * \return true on success
     */
    static bool ReadGraphviz(std::istream& in,
                             const std::string& source,
                             CoTopology& topology,
                             std::string& error);

    /**
     * \brief Parses a data rate in ns-3's syntax, safely.
     * \param text e.g. "155.52Mbps", "2.5Gb/s", "64000" (bits per second)
     * \param [out] rate the rate, when the text is valid
     * \return false when the text is not a rate ns-3 reads exactly, or is
     *         zero or above 10^15 b/s
     */
    static bool ParseDataRate(const std::string& text, DataRate& rate);

    /**
     * \brief Parses a time in ns-3's syntax, safely.
     * \param text e.g. "100us", "1.5ms", "2e-3s", "3" (seconds)
     * \param [out] time the time, when the text is valid
     * \return false when the text is not a time ns-3 reads exactly, is
     *         negative or exceeds 10^9 s
     */
    static bool ParseTime(const std::string& text, Time& time);

    /**
     * \brief Makes text from a file safe to print on one line: bytes that
     *        are not UTF-8 and control characters (a NUL would cut a C
     *        string short, a newline would start another line) are written
     *        as \xNN; text longer than \p max is cut, with "...".
     * \param text any bytes
     * \param max the longest result kept, in bytes (before the "...")
     * \return valid UTF-8 without control characters
     */
    static std::string Printable(const std::string& text, std::size_t max = SIZE_MAX);
};

} // namespace ns3

#endif /* CO_TOPOLOGY_READER_H */
