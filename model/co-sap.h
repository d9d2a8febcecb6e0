/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_SAP_H
#define CO_SAP_H

#include "aesa-address.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief A service access point: the called-party addresses a client answers for.
 *
 * The pattern is an AESA and how many of its leading bits must match the
 * called party number of an incoming SETUP: 160 for one exact address, 152
 * for "this host, any selector", 104 for "anything behind this switch".
 * When several registered SAPs match, the longest pattern wins.
 */
class CoSap
{
  public:
    CoSap() = default;

    /**
     * \param address the address pattern
     * \param matchBits leading bits that must match (0..160)
     */
    CoSap(const AesaAddress& address, uint8_t matchBits = 8 * AesaAddress::SIZE)
        : m_address(address),
          m_matchBits(matchBits)
    {
    }

    /// \return the address pattern
    const AesaAddress& GetAddress() const
    {
        return m_address;
    }

    /// \return the number of leading bits that must match
    uint8_t GetMatchBits() const
    {
        return m_matchBits;
    }

    /**
     * \param called a called party number
     * \return true when this SAP answers for it
     */
    bool Matches(const AesaAddress& called) const
    {
        return m_address.MatchesPrefix(called, m_matchBits);
    }

    /// \return true when both patterns are identical (one SAP per client, then)
    bool operator==(const CoSap& other) const;

  private:
    AesaAddress m_address;                       //!< address pattern
    uint8_t m_matchBits = 8 * AesaAddress::SIZE; //!< bits of it that must match
};

std::ostream& operator<<(std::ostream& os, const CoSap& sap);

} // namespace ns3

#endif /* CO_SAP_H */
