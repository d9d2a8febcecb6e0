/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: any bytes as a GraphML topology file
 * (CoTopologyReader::ReadGraphml). Bad text is a false return with a message,
 * never an exception, an assert or unbounded recursion; a topology that reads
 * keeps CoTopology's promises (no self-loop, weights at least 1, rates above
 * 0, delays not negative).
 */

#include "fuzz-common.h"

#include "ns3/co-topology-reader.h"

#include <cstdint>
#include <sstream>
#include <string>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    CoTopology topology;
    std::string error;
    bool ok = CoTopologyReader::ReadGraphml(in, "fuzz", topology, error);
    FUZZ_CHECK(ok || !error.empty(), "a failure without a message");
    if (ok)
    {
        // what CoTopology promises its users (the topology helper, routing)
        for (auto [e, end] = boost::edges(topology); e != end; ++e)
        {
            FUZZ_CHECK(boost::source(*e, topology) != boost::target(*e, topology), "a self-loop");
            FUZZ_CHECK(topology[*e].weight >= 1, "a weight of 0");
            FUZZ_CHECK(topology[*e].rate.GetBitRate() > 0, "a rate of 0");
            FUZZ_CHECK(!topology[*e].delay.IsStrictlyNegative(), "a negative delay");
        }
    }
    return 0;
}
