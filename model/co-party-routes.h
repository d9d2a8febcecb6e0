/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_PARTY_ROUTES_H
#define CO_PARTY_ROUTES_H

#include <absl/container/flat_hash_map.h>
#include <cstdint>
#include <list>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The routes of one point-to-multipoint call's parties through one
 *        switch: for each party, its endpoint reference toward the root, the
 *        branch it leaves by and its endpoint reference there.
 *
 * A switch looks a party up by the reference a message from the root names
 * (Find()), by the branch and reference a message from a leaf names
 * (FindOnBranch()), and counts what is left beyond a branch when a party
 * goes (CountOnBranch(): none left, the branch is pruned). Each of these is
 * one hash lookup, so a call with thousands of leaves at one switch costs
 * per message what a call with one does. Routes keep the order they were
 * added in (the order drops and releases go out in), so runs do not depend
 * on hashing.
 *
 * Only multipoint calls have one (CoSwitch keeps it beside the call's slot):
 * a point-to-point call pays nothing for it.
 */
class CoPartyRoutes
{
  public:
    /// One party's route.
    struct Route
    {
        uint16_t upstream = 0;   //!< its endpoint reference toward the root (the root's)
        uint16_t downstream = 0; //!< its endpoint reference on its branch (the switch's)
        uint32_t branch = 0;     //!< the slot whose downstream leg is its branch
        bool sent = false;       //!< SETUP or ADD PARTY went out for it (else it waits
                                 //!< for its branch to connect)
    };

    using const_iterator = std::list<Route>::const_iterator;

    /**
     * Adds the route of the party \p upstream on \p branch.
     * \return false (and nothing changes) if the call has a party by that
     *         reference already
     */
    bool Add(const Route& route);
    /// \return the route of the party \p upstream, or nullptr
    const Route* Find(uint16_t upstream) const;
    /// \return the route of the party sent on \p branch as \p downstream, or nullptr
    const Route* FindOnBranch(uint32_t branch, uint16_t downstream) const;
    /// \return how many parties (sent or waiting) leave by \p branch
    uint32_t CountOnBranch(uint32_t branch) const;
    /// The party \p upstream went out on its branch as \p downstream.
    /// \return false if there is no such party
    bool MarkSent(uint16_t upstream, uint16_t downstream);
    /**
     * The party \p from is known toward the root as \p to from now on (a
     * party the switch joined itself takes over a reference of the root's),
     * keeping its place. \return false if there is no \p from or \p to is taken
     */
    bool Rename(uint16_t from, uint16_t to);
    /// Removes the route of the party \p upstream. \return false if there is none
    bool Erase(uint16_t upstream);
    /// Removes and \return the routes leaving by \p branch, in order
    std::vector<Route> TakeBranch(uint32_t branch);

    /// \return the number of parties
    std::size_t Size() const;
    /// The routes in the order they were added (C++ range-for).
    const_iterator begin() const;
    /// \return the end of the routes
    const_iterator end() const;

  private:
    using Iterator = std::list<Route>::iterator;

    static uint64_t BranchKey(uint32_t branch, uint16_t downstream);
    void Unindex(Iterator it);

    std::list<Route> m_routes;                               //!< in the order added
    absl::flat_hash_map<uint16_t, Iterator> m_byUpstream;    //!< every route
    absl::flat_hash_map<uint64_t, Iterator> m_byBranch;      //!< sent routes
    absl::flat_hash_map<uint32_t, uint32_t> m_countByBranch; //!< routes per branch
};

} // namespace ns3

#endif /* CO_PARTY_ROUTES_H */
