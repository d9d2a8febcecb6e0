/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: any bytes as a scenario file's text
 * (CoScenario::FromJson). Bad text is std::invalid_argument and nothing
 * else (no other exception, no assert, no unbounded recursion); a scenario
 * that reads writes back (ToJson) to text that reads to the same scenario.
 */

#include "fuzz-common.h"

#include "ns3/co-scenario.h"

#include <cstdint>
#include <stdexcept>
#include <string>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    CoScenario s;
    try
    {
        s = CoScenario::FromJson(text);
    }
    catch (const std::invalid_argument& e)
    {
        FUZZ_CHECK(e.what()[0] != '\0', "an error without a message");
        return 0;
    }
    std::string json = s.ToJson();
    CoScenario back;
    try
    {
        back = CoScenario::FromJson(json);
    }
    catch (const std::invalid_argument& e)
    {
        std::fprintf(stderr, "%s\n%s\n", e.what(), json.c_str());
        FUZZ_CHECK(false, "a scenario written by ToJson does not read");
    }
    FUZZ_CHECK(back == s, "a scenario reads back as another");
    return 0;
}
