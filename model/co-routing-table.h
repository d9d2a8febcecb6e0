/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_ROUTING_TABLE_H
#define CO_ROUTING_TABLE_H

#include "aesa-address.h"
#include "co-prefix-index.h"

#include "ns3/ptr.h"

#include <absl/container/flat_hash_map.h>
#include <array>
#include <cstdint>
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
 * distinct prefix length the table has routes for (a handful: switch
 * prefixes, host addresses), so they cost the same with ten routes or a
 * hundred thousand.
 *
 * A network of a thousand switches holds a million routes, and a call's
 * SETUP looks one up at every switch it crosses: the table is laid out to
 * take little memory and touch few cache lines. The prefixes themselves are
 * numbered by a CoPrefixIndex, which the switches of a network share (see
 * SetPrefixIndex()); a table keeps, by prefix number, where the prefix's
 * next hops start in one array shared by all its prefixes. A lookup thus
 * probes the network's hash tables, which every switch's lookups keep warm,
 * and then reads one array element and the next hops of the switch.
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
         * \param best the best next hop (a copy the table keeps apart)
         * \param first the first next hop (the best again), then the others
         * \param count how many
         */
        NextHops(const NextHop* best, const NextHop* first, uint32_t count)
            : m_best(best),
              m_first(first),
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
            return *m_best;
        }

        /// \param i rank, 0 the best
        const NextHop& operator[](std::size_t i) const
        {
            return i == 0 ? *m_best : m_first[i];
        }

      private:
        // A switch nearly always takes the best next hop only: read from the
        // prefix's range itself, it costs no second cache line.
        const NextHop* m_best = nullptr;  //!< the best, kept in the prefix's range
        const NextHop* m_first = nullptr; //!< into the table's array
        uint32_t m_count = 0;             //!< next hops
    };

    /// An empty table, which will number its prefixes in an index of its
    /// own unless given a shared one (SetPrefixIndex()).
    CoRoutingTable() = default;

    /**
     * \brief Copies the routes. A table's own prefix index is copied with
     *        them; a shared one (SetPrefixIndex()) stays shared.
     * \param other the table to copy
     */
    CoRoutingTable(const CoRoutingTable& other);

    /**
     * \brief Copies the routes, as the copy constructor does.
     * \param other the table to copy
     * \return this table
     */
    CoRoutingTable& operator=(const CoRoutingTable& other);

    CoRoutingTable(CoRoutingTable&&) = default;            //!< moves the routes and index
    CoRoutingTable& operator=(CoRoutingTable&&) = default; //!< moves the routes and index

    /**
     * \brief Numbers this table's prefixes with \p index, which other tables
     *        (the other switches of a network) may use too.
     *
     * Without one, a table numbers its prefixes in an index of its own. The
     * numbers a table holds refer to its index, so the index can only be
     * changed while the table has no route.
     *
     * \param index the index to share; null for one of the table's own
     * \return false, changing nothing, when the table has routes
     */
    [[nodiscard]] bool SetPrefixIndex(Ptr<CoPrefixIndex> index);

    /// \return the index numbering this table's prefixes (null while a
    ///         table without a shared index has never had a route)
    Ptr<CoPrefixIndex> GetPrefixIndex() const
    {
        return m_index;
    }

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
     * \return the next hops of the longest matching prefix this table has a
     *         route for, best first; empty if none. Prefixes that only other
     *         tables sharing the index route do not count.
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

    /// Removes every route; a shared prefix index stays (see SetPrefixIndex()).
    void Clear();

  private:
    /// Where a prefix's next hops are in m_hops.
    struct Range
    {
        NextHop best{0, 0}; //!< a copy of the best, which lookups nearly always want
        uint32_t first = 0; //!< index of the best in m_hops
        uint32_t count = 0; //!< how many; 0 when the table has no route for the prefix
    };

    /// A prefix length the table has routes for.
    struct Length
    {
        uint32_t bits;     //!< the length
        uint32_t prefixes; //!< how many prefixes of this length have next hops
    };

    /**
     * \param number a prefix number, or CoPrefixIndex::NONE
     * \return the prefix's range, or null when the table never had it
     */
    const Range* FindRange(uint32_t number) const
    {
        if (number < m_ranges.size())
        {
            return &m_ranges[number];
        }
        // The bounds spare the hash probe for the numbers of other switches'
        // hosts, which every lookup of a host address meets first.
        if (number < m_sparseMin || number > m_sparseMax)
        {
            return nullptr;
        }
        auto it = m_sparse.find(number);
        return it == m_sparse.end() ? nullptr : &it->second;
    }

    /**
     * \param number a prefix number
     * \return the prefix's range, made empty if the table never had it
     */
    Range& GetRange(uint32_t number);

    /// Counts one more prefix of a length (see m_lengths).
    void AddLength(uint32_t bits);

    /// Counts one prefix of a length less (see m_lengths).
    void RemoveLength(uint32_t bits);

    /// Moves the ranges together when more than half of m_hops is unused.
    void Compact();

    // What Lookup() reads comes first, to take as few cache lines of the
    // switch as it can.
    std::array<uint64_t, 3> m_lengthBits{}; //!< bit b set: routes of length b (see m_lengths)
    Ptr<CoPrefixIndex> m_index;  //!< numbers the prefixes; made at the first Add() if null
    std::vector<Range> m_ranges; //!< by prefix number from 0 (see GetRange())
    uint32_t m_sparseMin = CoPrefixIndex::NONE; //!< no number in m_sparse is less
    uint32_t m_sparseMax = 0;                   //!< no number in m_sparse is more
    std::vector<NextHop> m_hops; //!< every prefix's next hops, each prefix's together
    absl::flat_hash_map<uint32_t, Range> m_sparse; //!< numbers far past m_ranges
    std::vector<Length> m_lengths; //!< lengths with routes, longest first, with their counts
    std::size_t m_size = 0;        //!< entries in use in m_hops
    bool m_sharedIndex = false;    //!< m_index was given (SetPrefixIndex()), not made
};

} // namespace ns3

#endif /* CO_ROUTING_TABLE_H */
