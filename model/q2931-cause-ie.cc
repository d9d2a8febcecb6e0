/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-cause-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931CauseIe");

namespace
{
constexpr uint8_t EXT = 0x80; //!< extension bit: last octet of its group

/// \return a short name for a location code
const char*
LocationName(uint8_t location)
{
    switch (location)
    {
    case CauseIe::LOCATION_USER:
        return "user";
    case CauseIe::LOCATION_PRIVATE_LOCAL:
        return "private-local";
    case CauseIe::LOCATION_PUBLIC_LOCAL:
        return "public-local";
    case CauseIe::LOCATION_TRANSIT:
        return "transit";
    case CauseIe::LOCATION_PUBLIC_REMOTE:
        return "public-remote";
    case CauseIe::LOCATION_PRIVATE_REMOTE:
        return "private-remote";
    case CauseIe::LOCATION_INTERNATIONAL:
        return "international";
    case CauseIe::LOCATION_BEYOND_INTERWORKING:
        return "beyond-interworking";
    }
    return nullptr;
}
} // namespace

CauseIe::CauseIe()
    : CauseIe(LOCATION_USER, Q2931Cause::NORMAL_CLEARING)
{
}

CauseIe::CauseIe(uint8_t where, uint8_t value)
    : location(where),
      cause(value)
{
}

uint16_t
CauseIe::GetContentsSize() const
{
    return static_cast<uint16_t>(2 + diagnostics.size());
}

void
CauseIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(location <= 0x0f, "cause location " << +location << " does not fit in 4 bits");
    NS_ASSERT_MSG(cause >= 1 && cause <= 0x7f, "cause value " << +cause << " is not 1..127");
    NS_ASSERT_MSG(diagnostics.size() <= MAX_DIAGNOSTICS,
                  diagnostics.size() << " diagnostic bytes, at most " << MAX_DIAGNOSTICS);
    i.WriteU8(EXT | (location & 0x0f));
    i.WriteU8(EXT | (cause & 0x7f));
    for (uint8_t b : diagnostics)
    {
        i.WriteU8(b);
    }
}

bool
CauseIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length < 2 || length > 2 + MAX_DIAGNOSTICS)
    {
        NS_LOG_LOGIC("cause IE of length " << length);
        return false;
    }
    uint8_t octet5 = i.ReadU8();
    uint8_t octet6 = i.ReadU8();
    // Octets 5 and 6 each end their group; octet 5's spare bits 5-7 are ignored.
    if ((octet5 & EXT) == 0 || (octet6 & EXT) == 0 || (octet6 & 0x7f) == 0)
    {
        NS_LOG_LOGIC("cause IE octets 0x" << std::hex << +octet5 << " 0x" << +octet6);
        return false;
    }
    location = octet5 & 0x0f;
    cause = octet6 & 0x7f;
    diagnostics.resize(length - 2);
    for (auto& b : diagnostics)
    {
        b = i.ReadU8();
    }
    return true;
}

void
CauseIe::Print(std::ostream& os) const
{
    os << "cause=" << +cause << " (" << Q2931Cause::GetName(cause) << ") loc=";
    const char* name = LocationName(location);
    if (name != nullptr)
    {
        os << name;
    }
    else
    {
        os << +location;
    }
    if (!diagnostics.empty())
    {
        os << " diag=" << std::hex;
        for (uint8_t b : diagnostics)
        {
            os << (b < 0x10 ? "0" : "") << +b;
        }
        os << std::dec;
    }
}

bool
CauseIe::operator==(const CauseIe& other) const
{
    return location == other.location && cause == other.cause && diagnostics == other.diagnostics;
}

bool
CauseIe::operator!=(const CauseIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const CauseIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
