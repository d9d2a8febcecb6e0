/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_HANDLE_H
#define CO_HANDLE_H

#include <cstdint>
#include <functional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief An opaque handle, as NDIS hands out for clients, SAPs, VCs and parties.
 *
 * A device never reuses a handle value, so a stale handle (one used after
 * the object it named was deleted or its registration failed) is always
 * recognised as such rather than silently naming a newer object.
 *
 * \tparam Tag distinguishes the kinds of handle at compile time
 */
template <typename Tag>
class CoHandle
{
  public:
    /// The invalid handle.
    constexpr CoHandle() = default;

    /// \param value the handle's value (0 is invalid)
    constexpr explicit CoHandle(uint32_t value)
        : m_value(value)
    {
    }

    /// \return the handle's value
    constexpr uint32_t GetValue() const
    {
        return m_value;
    }

    /// \return true unless this is the invalid handle
    constexpr bool IsValid() const
    {
        return m_value != 0;
    }

    constexpr bool operator==(CoHandle other) const
    {
        return m_value == other.m_value;
    }

    constexpr bool operator!=(CoHandle other) const
    {
        return m_value != other.m_value;
    }

    constexpr bool operator<(CoHandle other) const
    {
        return m_value < other.m_value;
    }

  private:
    uint32_t m_value = 0; //!< 0 is the invalid handle
};

/// \ingroup condis
/// Tag of client (address family) handles.
struct CoClientTag;
/// \ingroup condis
/// Tag of SAP handles.
struct CoSapTag;
/// \ingroup condis
/// Tag of VC handles.
struct CoVcTag;
/// \ingroup condis
/// Tag of party handles (the leaves of a point-to-multipoint call).
struct CoPartyTag;

using CoClientHandle = CoHandle<CoClientTag>; //!< a client that opened the address family
using CoSapHandle = CoHandle<CoSapTag>;       //!< a registered (or registering) SAP
using CoVcHandle = CoHandle<CoVcTag>;         //!< a virtual circuit
using CoPartyHandle = CoHandle<CoPartyTag>;   //!< a party of a point-to-multipoint call

/// Prints a handle as its number.
template <typename Tag>
std::ostream&
operator<<(std::ostream& os, CoHandle<Tag> h)
{
    return os << h.GetValue();
}

} // namespace ns3

namespace std
{
/// Hash of a handle, for unordered containers.
template <typename Tag>
struct hash<ns3::CoHandle<Tag>>
{
    size_t operator()(ns3::CoHandle<Tag> h) const noexcept
    {
        return std::hash<uint32_t>()(h.GetValue());
    }
};
} // namespace std

#endif /* CO_HANDLE_H */
