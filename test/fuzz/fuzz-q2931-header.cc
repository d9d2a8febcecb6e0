/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: any bytes as a Q.2931 message (Q2931Header and its
 * information elements). Decoding never reads past the bytes given and
 * never reaches an assert; a message that decodes prints, and re-encodes to
 * bytes that decode to the same message.
 */

#include "fuzz-common.h"

#include "ns3/buffer.h"
#include "ns3/q2931-header.h"

#include <cstdint>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

/// \return the bytes of \p h as serialised
std::vector<uint8_t>
Encode(const Q2931Header& h)
{
    Buffer b;
    b.AddAtStart(h.GetSerializedSize());
    h.Serialize(b.Begin());
    std::vector<uint8_t> bytes(b.GetSize());
    b.CopyData(bytes.data(), bytes.size());
    return bytes;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 65536)
    {
        return 0; // the message length field is 16 bits
    }
    Buffer b;
    b.AddAtStart(size);
    b.Begin().Write(data, size);

    // The three entry points, each limited to what it is given.
    Q2931Header whole;
    uint32_t read = whole.Deserialize(b.Begin());
    FUZZ_CHECK(read <= size, "read past the buffer");
    Q2931Header bounded;
    FUZZ_CHECK(bounded.Deserialize(b.Begin(), b.End()) == read, "the bounded decoder disagrees");
    if (size > 0)
    {
        Q2931Header shorter;
        uint32_t readShorter = shorter.DeserializeAtMost(b.Begin(), size - 1);
        FUZZ_CHECK(readShorter <= size - 1, "read past the size given");
    }
    if (read == 0)
    {
        return 0;
    }

    std::ostringstream os;
    whole.Print(os);

    std::vector<uint8_t> once = Encode(whole);
    Buffer again;
    again.AddAtStart(once.size());
    again.Begin().Write(once.data(), once.size());
    Q2931Header decoded;
    FUZZ_CHECK(decoded.Deserialize(again.Begin()) == once.size(),
               "a re-encoded message does not decode");
    FUZZ_CHECK(Encode(decoded) == once, "a re-encoded message decodes to another message");
    return 0;
}
