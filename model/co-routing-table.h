/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_ROUTING_TABLE_H
#define CO_ROUTING_TABLE_H

#include "aesa-address.h"

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief A switch's routes: called-party prefixes to output ports, ranked.
 *
 * The longest matching prefix wins; a prefix may have several next hops,
 * kept best (lowest cost) first, so that a call refused on the best one can
 * be cranked back to the next. Lookups hash the called number once per
 * distinct prefix length (a handful: switch prefixes, host addresses), so
 * they cost the same with ten routes or a hundred thousand.
 *
 * A network of a thousand switches holds a million routes, and a call's
 * SETUP looks one up at every switch it crosses: the table is laid out to
 * touch few cache lines. Prefixes sit in open-addressed (Abseil flat) hash
 * tables whose slots hold the prefix and where its next hops start in one
 * array shared by all prefixes.
 */
class CoRoutingTable
{
  public:
    /// One way out for a prefix.
    struct NextHop
    {
        uint32_t port; //!< output port index
        uint32_t cost; //!< lower is better (e.g. path cost to the destination)
    };

    /// The next hops of one prefix, best first: a view into the table,
    /// valid until the table next changes.
    class NextHops
    {
      public:
        NextHops() = default;

        /**
         * \param first the first next hop
         * \param count how many
         */
        NextHops(const NextHop* first, uint32_t count)
            : m_first(first),
              m_count(count)
        {
        }

        const NextHop* begin() const
        {
            return m_first;
        }

        const NextHop* end() const
        {
            return m_first + m_count;
        }

        /// \return how many next hops
        std::size_t size() const
        {
            return m_count;
        }

        /// \return whether there is none
        bool empty() const
        {
            return m_count == 0;
        }

        /// \return the best (not to be called when empty())
        const NextHop& front() const
        {
            return *m_first;
        }

        /// \param i rank, 0 the best
        const NextHop& operator[](std::size_t i) const
        {
            return m_first[i];
        }

      private:
        const NextHop* m_first = nullptr; //!< into the table's array
        uint32_t m_count = 0;             //!< next hops
    };

    /**
     * \brief Adds a next hop for a prefix (a second one for the same port
     *        replaces the first).
     * \param prefix the address prefix (bits past \p bits are ignored)
     * \param bits how many leading bits count (0..160)
     * \param port the output port
     * \param cost its rank among the prefix's next hops, lower first
     */
    void Add(const AesaAddress& prefix, uint32_t bits, uint32_t port, uint32_t cost = 0);

    /**
     * \param called a called party number
     * \return the next hops of the longest matching prefix, best first; empty if none
     */
    NextHops Lookup(const AesaAddress& called) const;

    /// \return the number of (prefix, next hop) entries
    std::size_t GetSize() const
    {
        return m_size;
    }

    /**
     * \brief Removes every next hop of a prefix, so that a routing protocol
     *        can replace its routes without touching the others.
     * \param prefix the address prefix (bits past \p bits are ignored)
     * \param bits its length, as given to Add()
     * \return the number of next hops removed (0 when there was no such prefix)
     */
    std::size_t Remove(const AesaAddress& prefix, uint32_t bits);

    /// Removes every route.
    void Clear();

  private:
    /// Where a prefix's next hops are in m_hops.
    struct Range
    {
        uint32_t first; //!< index of the best
        uint32_t count; //!< how many
    };

    /// Hashes an address's octets with Abseil's hash, which the flat table's
    /// probing relies on for well-mixed bits.
    struct Hash
    {
        std::size_t operator()(const AesaAddress& a) const
        {
            return absl::Hash<std::array<uint8_t, AesaAddress::SIZE>>()(a.GetBytes());
        }
    };

    /// Next hops by masked prefix, for one prefix length.
    using Level = absl::flat_hash_map<AesaAddress, Range, Hash>;

    /// Moves the ranges together when more than half of m_hops is unused.
    void Compact();

    std::map<uint32_t, Level, std::greater<uint32_t>> m_levels; //!< by prefix length, longest first
    std::vector<NextHop> m_hops; //!< every prefix's next hops, each prefix's together
    std::size_t m_size = 0;      //!< entries in use in m_hops
};

} // namespace ns3

#endif /* CO_ROUTING_TABLE_H */
