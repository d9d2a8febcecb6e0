/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef AESA_ADDRESS_H
#define AESA_ADDRESS_H

#include "ns3/address.h"
#include "ns3/attribute-helper.h"

#include <array>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief A 20-byte ATM End System Address (AESA, ATM Forum UNI 4.0 / ITU-T E.191).
 *
 * The first 13 bytes (AFI, IDI and HO-DSP) are the network prefix, which in
 * this model identifies the switch a host hangs off; then a 6-byte end system
 * identifier (ESI) and a 1-byte selector. Written in the usual dotted form,
 * e.g. "47.0091.8100.0000.0060.3e5a.7901.0020.481a.2b01.00".
 */
class AesaAddress
{
  public:
    static constexpr uint32_t SIZE = 20;        //!< bytes in an AESA
    static constexpr uint32_t PREFIX_SIZE = 13; //!< bytes of network prefix
    static constexpr uint32_t ESI_SIZE = 6;     //!< bytes of end system identifier

    /// The all-zero address.
    AesaAddress();

    /**
     * \param bytes the 20 octets, in transmission order
     */
    explicit AesaAddress(const uint8_t* bytes);

    /**
     * \brief Parses 40 hexadecimal digits, with or without dots between them.
     * \param text the address text
     * \param [out] address the parsed address, when the text is valid
     * \return an empty string on success, else what is wrong with the text
     */
    static std::string Parse(const std::string& text, AesaAddress& address);

    /**
     * \brief Like Parse(), but a bad text is a fatal error naming it.
     * \param text the address text
     * \return the parsed address
     */
    static AesaAddress FromString(const std::string& text);

    /**
     * \brief Builds a host address from its switch's prefix and an identifier.
     * \param prefix an address whose first 13 bytes are the network prefix
     * \param esi the end system identifier (low 48 bits used)
     * \param selector the selector byte
     * \return the address
     */
    static AesaAddress Compose(const AesaAddress& prefix, uint64_t esi, uint8_t selector = 0);

    /**
     * \param other another address
     * \param bits how many leading bits to compare (0..160)
     * \return true when the first \p bits bits of both addresses are equal
     */
    bool MatchesPrefix(const AesaAddress& other, uint32_t bits) const;

    /**
     * \param bits how many leading bits to keep (0..160)
     * \return this address with every later bit cleared
     */
    AesaAddress Masked(uint32_t bits) const;

    /// \return the 20 octets
    const std::array<uint8_t, SIZE>& GetBytes() const
    {
        return m_bytes;
    }

    /// \return the end system identifier as an integer
    uint64_t GetEsi() const;

    /// \return the selector byte
    uint8_t GetSelector() const
    {
        return m_bytes[SIZE - 1];
    }

    /// \return the dotted text form
    std::string ToString() const;

    /// \return the address as a generic ns-3 Address
    Address ConvertTo() const;

    /**
     * \param address a generic address that holds an AESA
     * \return the AESA
     */
    static AesaAddress ConvertFrom(const Address& address);

    /**
     * \param address a generic address
     * \return true when it holds an AESA
     */
    static bool IsMatchingType(const Address& address);

    /// Implicit conversion, so an AESA can be passed where an Address is wanted.
    operator Address() const
    {
        return ConvertTo();
    }

    bool operator==(const AesaAddress& other) const
    {
        return m_bytes == other.m_bytes;
    }

    bool operator!=(const AesaAddress& other) const
    {
        return m_bytes != other.m_bytes;
    }

    bool operator<(const AesaAddress& other) const
    {
        return m_bytes < other.m_bytes;
    }

  private:
    /// \return the Address type registered for AESAs
    static uint8_t GetType();

    std::array<uint8_t, SIZE> m_bytes; //!< the octets in transmission order
};

std::ostream& operator<<(std::ostream& os, const AesaAddress& address);
/// Reads an address; sets failbit on a bad one (so attributes reject it).
std::istream& operator>>(std::istream& is, AesaAddress& address);

ATTRIBUTE_HELPER_HEADER(AesaAddress);

} // namespace ns3

namespace std
{
/// Hash of an AESA, for unordered containers.
template <>
struct hash<ns3::AesaAddress>
{
    size_t operator()(const ns3::AesaAddress& a) const noexcept;
};
} // namespace std

#endif /* AESA_ADDRESS_H */
