/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the GraphML and DOT fuzz targets: one input through one of
 * CoTopologyReader's readers, and the promises a topology that reads keeps.
 */

#ifndef CONDIS_FUZZ_TOPOLOGY_READER_H
#define CONDIS_FUZZ_TOPOLOGY_READER_H

#include "fuzz-common.h"

#include "ns3/co-topology-reader.h"

#include <cstdint>
#include <istream>
#include <sstream>
#include <string>

namespace ns3
{

/// A reader of CoTopologyReader: ReadGraphml or ReadGraphviz.
using CoTopologyReadFunction = bool (*)(std::istream&,
                                        const std::string&,
                                        CoTopology&,
                                        std::string&);

/**
 * \brief Reads \p size bytes with \p read: bad text is a false return with
 *        a message, never an exception, an assert or unbounded recursion; a
 *        topology that reads has no self-loop, weights of at least 1, rates
 *        above 0 and delays not negative (what the topology helper and
 *        routing rely on).
 * \param read the reader
 * \param data the bytes
 * \param size how many
 */
inline void
FuzzTopologyReader(CoTopologyReadFunction read, const uint8_t* data, size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    CoTopology topology;
    std::string error;
    bool ok = read(in, "fuzz", topology, error);
    FUZZ_CHECK(ok || !error.empty(), "a failure without a message");
    if (!ok)
    {
        return;
    }
    for (auto [e, end] = boost::edges(topology); e != end; ++e)
    {
        FUZZ_CHECK(boost::source(*e, topology) != boost::target(*e, topology), "a self-loop");
        FUZZ_CHECK(topology[*e].weight >= 1, "a weight of 0");
        FUZZ_CHECK(topology[*e].rate.GetBitRate() > 0, "a rate of 0");
        FUZZ_CHECK(!topology[*e].delay.IsStrictlyNegative(), "a negative delay");
    }
}

} // namespace ns3

#endif /* CONDIS_FUZZ_TOPOLOGY_READER_H */
