/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_LEAF_JOIN_H
#define CO_LEAF_JOIN_H

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Who lets a leaf into a root's point-to-multipoint call when the
 *        leaf asks to join it (ATM Forum UNI 4.0, leaf-initiated join).
 */
enum class CoLeafJoinMode : uint8_t
{
    /// Root-prompted join (network-assisted): each request reaches the
    /// root's client, which approves it (the leaf is added as a party) or
    /// refuses it.
    RootPrompted,
    /// Network join without root notification: the first switch on the
    /// request's way that carries the call adds the leaf; the root is not told.
    NetworkJoin,
};

/**
 * \ingroup condis
 * \param mode a join mode
 * \return its name, e.g. "RootPrompted"
 */
const char* GetCoLeafJoinModeName(CoLeafJoinMode mode);

/**
 * \ingroup condis
 * \param os the stream
 * \param mode a join mode
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, CoLeafJoinMode mode);

/**
 * \ingroup condis
 * \brief What a root says of its multipoint call so that leaves may ask to
 *        join it: the call's name among the root's calls (UNI 4.0's LIJ call
 *        identifier, in the SETUP) and who lets them in (the LIJ parameters).
 *
 * Kept apart from CoCallParameters, which every VC of every call carries:
 * a point-to-point call has no use for it.
 */
struct CoLeafJoin
{
    uint32_t callIdentifier = 0;                        //!< unique among the root's calls
    CoLeafJoinMode mode = CoLeafJoinMode::RootPrompted; //!< who approves a join
};

} // namespace ns3

#endif /* CO_LEAF_JOIN_H */
