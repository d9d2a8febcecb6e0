/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: any bytes as a GraphML topology file
 * (CoTopologyReader::ReadGraphml). Bad text is a false return with a message,
 * never an exception, an assert or unbounded recursion; a topology that reads
 * keeps CoTopology's promises (no self-loop, weights at least 1, rates above
 * 0, delays not negative).
 */

#include "fuzz-topology-reader.h"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ns3::FuzzTopologyReader(&ns3::CoTopologyReader::ReadGraphml, data, size);
    return 0;
}
