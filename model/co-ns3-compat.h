/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_NS3_COMPAT_H
#define CO_NS3_COMPAT_H

#include "ns3/address.h"
#include "ns3/enum.h"
#include "ns3/event-id.h"

namespace ns3
{

/*
 * The few ns-3 spellings that differ between the releases condis builds
 * against (ns-3.37, which it is written for, and ns-3.48, the latest one),
 * each chosen by what the headers at hand declare rather than by a version
 * number: ns-3 trees built without version embedding do not say which
 * release they are, and a detected feature cannot be wrong about itself.
 * In each pair below, the overload taking `int` is the newer spelling and
 * wins when it compiles; the one taking `long` is ns-3.37's.
 */

/// \cond internal
namespace co_compat
{

template <typename E>
auto
IsPending(const E& event, int) -> decltype(event.IsPending())
{
    return event.IsPending();
}

template <typename E>
auto
IsPending(const E& event, long) -> decltype(event.IsRunning())
{
    return event.IsRunning();
}

template <typename T, typename... A>
auto
MakeEnumAccessor(int, A... accessors) -> decltype(ns3::MakeEnumAccessor<T>(accessors...))
{
    return ns3::MakeEnumAccessor<T>(accessors...);
}

template <typename T, typename... A>
auto
MakeEnumAccessor(long, A... accessors) -> decltype(ns3::MakeEnumAccessor(accessors...))
{
    return ns3::MakeEnumAccessor(accessors...);
}

template <typename A>
auto
RegisterAddress(int, const std::string& kind, uint8_t length) -> decltype(A::Register(kind, length))
{
    return A::Register(kind, length);
}

template <typename A>
auto
RegisterAddress(long, const std::string&, uint8_t) -> decltype(A::Register())
{
    return A::Register();
}

template <template <typename> class V, typename T>
auto PickEnumValue(int) -> V<T>;

template <typename V, typename T>
auto PickEnumValue(long) -> V;

} // namespace co_compat

/// \endcond

/**
 * \ingroup condis
 * \brief Whether an event is still to run: EventId::IsRunning() up to
 *        ns-3.45, EventId::IsPending() from ns-3.42 (IsRunning() is gone
 *        from ns-3.46).
 * \param event the event
 * \return true when the event is scheduled, not cancelled and not yet run
 */
inline bool
CoIsPending(const EventId& event)
{
    return co_compat::IsPending(event, 0);
}

/**
 * \ingroup condis
 * \brief A new type of Address: Address::Register() up to ns-3.45 or so,
 *        Address::Register(kind, length) in the later releases, which name
 *        each type and its length.
 * \param kind the type's name, e.g. "AesaAddress"
 * \param length its length in bytes
 * \return the type
 */
inline uint8_t
CoRegisterAddressType(const std::string& kind, uint8_t length)
{
    return co_compat::RegisterAddress<Address>(0, kind, length);
}

/**
 * \ingroup condis
 * \brief MakeEnumAccessor() for an attribute whose values are of type T:
 *        up to ns-3.40 there is one EnumValue holding an int; from ns-3.41
 *        an EnumValue<T> per type, and an accessor that names it.
 * \tparam T the type the attribute's values have (the type of the values
 *         given to MakeEnumChecker())
 * \param accessors a data member, or a setter and a getter
 * \return the accessor
 */
template <typename T, typename... A>
Ptr<const AttributeAccessor>
CoMakeEnumAccessor(A... accessors)
{
    return co_compat::MakeEnumAccessor<T>(0, accessors...);
}

/**
 * \ingroup condis
 * \brief The EnumValue that holds a T: EnumValue<T> from ns-3.41,
 *        EnumValue (an int) before; e.g. to read an enum attribute with
 *        GetAttribute().
 */
template <typename T>
using CoEnumValue = decltype(co_compat::PickEnumValue<EnumValue, T>(0));

} // namespace ns3

#endif /* CO_NS3_COMPAT_H */
