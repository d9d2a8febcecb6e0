/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "aesa-address.h"

#include "co-ns3-compat.h"

#include "ns3/assert.h"
#include "ns3/fatal-error.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace ns3
{

ATTRIBUTE_HELPER_CPP(AesaAddress);

AesaAddress::AesaAddress()
{
    m_bytes.fill(0);
}

AesaAddress::AesaAddress(const uint8_t* bytes)
{
    std::memcpy(m_bytes.data(), bytes, SIZE);
}

std::string
AesaAddress::Parse(const std::string& text, AesaAddress& address)
{
    std::array<uint8_t, SIZE> bytes{};
    uint32_t digits = 0;
    for (char c : text)
    {
        if (c == '.')
        {
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return "AESA \"" + text + "\": '" + std::string(1, c) +
                   "' is not a hexadecimal digit or a dot";
        }
        if (digits == 2 * SIZE)
        {
            return "AESA \"" + text + "\": more than 40 hexadecimal digits";
        }
        uint8_t nibble = std::isdigit(static_cast<unsigned char>(c))
                             ? c - '0'
                             : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
        bytes[digits / 2] |= (digits % 2 == 0) ? (nibble << 4) : nibble;
        ++digits;
    }
    if (digits != 2 * SIZE)
    {
        return "AESA \"" + text + "\": " + std::to_string(digits) +
               " hexadecimal digits, expected 40";
    }
    address.m_bytes = bytes;
    return "";
}

AesaAddress
AesaAddress::FromString(const std::string& text)
{
    AesaAddress address;
    std::string error = Parse(text, address);
    if (!error.empty())
    {
        NS_FATAL_ERROR(error);
    }
    return address;
}

AesaAddress
AesaAddress::Compose(const AesaAddress& prefix, uint64_t esi, uint8_t selector)
{
    AesaAddress address = prefix;
    for (uint32_t i = 0; i < ESI_SIZE; ++i)
    {
        address.m_bytes[PREFIX_SIZE + i] = (esi >> (8 * (ESI_SIZE - 1 - i))) & 0xff;
    }
    address.m_bytes[SIZE - 1] = selector;
    return address;
}

bool
AesaAddress::MatchesPrefix(const AesaAddress& other, uint32_t bits) const
{
    if (bits > 8 * SIZE)
    {
        bits = 8 * SIZE;
    }
    uint32_t whole = bits / 8;
    if (std::memcmp(m_bytes.data(), other.m_bytes.data(), whole) != 0)
    {
        return false;
    }
    uint32_t rest = bits % 8;
    if (rest == 0)
    {
        return true;
    }
    uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
    return (m_bytes[whole] & mask) == (other.m_bytes[whole] & mask);
}

AesaAddress
AesaAddress::Masked(uint32_t bits) const
{
    AesaAddress masked;
    uint32_t whole = std::min<uint32_t>(bits, 8 * SIZE) / 8;
    std::memcpy(masked.m_bytes.data(), m_bytes.data(), whole);
    if (whole < SIZE && bits % 8 != 0)
    {
        masked.m_bytes[whole] = m_bytes[whole] & static_cast<uint8_t>(0xff << (8 - bits % 8));
    }
    return masked;
}

uint64_t
AesaAddress::GetEsi() const
{
    uint64_t esi = 0;
    for (uint32_t i = 0; i < ESI_SIZE; ++i)
    {
        esi = (esi << 8) | m_bytes[PREFIX_SIZE + i];
    }
    return esi;
}

std::string
AesaAddress::ToString() const
{
    // AFI . IDI (2 octets) . HO-DSP in 2-octet groups . ESI in 2-octet groups . SEL
    static const uint32_t groups[] = {1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1};
    std::ostringstream os;
    os << std::hex << std::setfill('0');
    uint32_t i = 0;
    for (uint32_t g : groups)
    {
        if (i != 0)
        {
            os << '.';
        }
        for (uint32_t k = 0; k < g; ++k, ++i)
        {
            os << std::setw(2) << unsigned(m_bytes[i]);
        }
    }
    return os.str();
}

uint8_t
AesaAddress::GetType()
{
    static uint8_t type = CoRegisterAddressType("AesaAddress", SIZE);
    return type;
}

Address
AesaAddress::ConvertTo() const
{
    return Address(GetType(), m_bytes.data(), SIZE);
}

AesaAddress
AesaAddress::ConvertFrom(const Address& address)
{
    NS_ASSERT_MSG(IsMatchingType(address), "not an AESA: " << address);
    uint8_t bytes[Address::MAX_SIZE];
    address.CopyTo(bytes);
    return AesaAddress(bytes);
}

bool
AesaAddress::IsMatchingType(const Address& address)
{
    return address.CheckCompatible(GetType(), SIZE);
}

std::ostream&
operator<<(std::ostream& os, const AesaAddress& address)
{
    return os << address.ToString();
}

std::istream&
operator>>(std::istream& is, AesaAddress& address)
{
    std::string text;
    is >> text;
    if (!AesaAddress::Parse(text, address).empty())
    {
        is.setstate(std::ios::failbit);
    }
    return is;
}

} // namespace ns3

size_t
std::hash<ns3::AesaAddress>::operator()(const ns3::AesaAddress& a) const noexcept
{
    // FNV-1a over the octets: the ESI and selector vary most, and all are mixed.
    size_t h = 1469598103934665603ULL;
    for (uint8_t b : a.GetBytes())
    {
        h = (h ^ b) * 1099511628211ULL;
    }
    return h;
}
