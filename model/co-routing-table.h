/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_ROUTING_TABLE_H
#define CO_ROUTING_TABLE_H

#include "aesa-address.h"

#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
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
    const std::vector<NextHop>& Lookup(const AesaAddress& called) const;

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
    /// Next hops by masked prefix, for one prefix length.
    using Level = std::unordered_map<AesaAddress, std::vector<NextHop>>;

    std::map<uint32_t, Level, std::greater<uint32_t>> m_levels; //!< by prefix length, longest first
    std::size_t m_size = 0;                                     //!< entries
};

} // namespace ns3

#endif /* CO_ROUTING_TABLE_H */
