/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_PREFIX_INDEX_H
#define CO_PREFIX_INDEX_H

#include "aesa-address.h"

#include "ns3/simple-ref-count.h"

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Numbers address prefixes densely, once for a whole network.
 *
 * Every switch of a network routes to the same prefixes (one per switch,
 * plus its hosts' addresses), so each CoRoutingTable keeping its own hash
 * table of them stores the same keys a thousand times over. Tables that
 * share one index keep, instead, a plain array indexed by prefix number
 * (see CoRoutingTable::SetPrefixIndex()): the keys are stored, and probed,
 * once per network, and the hash tables stay warm in the caches because
 * every switch's lookups use them.
 *
 * An index only grows: a number, once given, keeps its prefix for the
 * index's life, so the numbers a table holds never go stale when another
 * table adds or removes routes.
 */
class CoPrefixIndex : public SimpleRefCount<CoPrefixIndex>
{
  public:
    /// Find()'s answer for a prefix that has no number.
    static constexpr uint32_t NONE = std::numeric_limits<uint32_t>::max();

    /// The longest prefix length, in bits.
    static constexpr uint32_t MAX_BITS = 8 * AesaAddress::SIZE;

    CoPrefixIndex();

    /**
     * \brief Numbers a prefix, if it has no number yet.
     * \param prefix the address prefix (bits past \p bits are ignored)
     * \param bits how many leading bits count (0..160)
     * \return its number: the count of prefixes numbered before it
     */
    uint32_t Intern(const AesaAddress& prefix, uint32_t bits);

    /**
     * \param prefix an address (bits past \p bits are ignored)
     * \param bits a prefix length (0..160)
     * \return the number of \p prefix masked to \p bits, or NONE
     */
    uint32_t Find(const AesaAddress& prefix, uint32_t bits) const
    {
        uint8_t level = bits <= MAX_BITS ? m_levelOf[bits] : NO_LEVEL;
        if (level == NO_LEVEL)
        {
            return NONE;
        }
        const Level& numbers = m_levels[level];
        auto it = numbers.find(prefix.Masked(bits));
        return it == numbers.end() ? NONE : it->second;
    }

    /// \return the number of prefixes numbered
    uint32_t GetSize() const
    {
        return m_size;
    }

  private:
    /// Hashes an address's octets with Abseil's hash, which the flat table's
    /// probing relies on for well-mixed bits.
    struct Hash
    {
        std::size_t operator()(const AesaAddress& a) const
        {
            return absl::Hash<std::array<uint8_t, AesaAddress::SIZE>>()(a.GetBytes());
        }
    };

    /// Prefix numbers by masked prefix, for one prefix length.
    using Level = absl::flat_hash_map<AesaAddress, uint32_t, Hash>;

    /// m_levelOf's mark for a length with no prefix.
    static constexpr uint8_t NO_LEVEL = 0xff;

    std::array<uint8_t, MAX_BITS + 1> m_levelOf; //!< by length: index into m_levels, or NO_LEVEL
    std::vector<Level> m_levels;                 //!< one per length in use, in order of first use
    uint32_t m_size = 0;                         //!< prefixes numbered
};

} // namespace ns3

#endif /* CO_PREFIX_INDEX_H */
