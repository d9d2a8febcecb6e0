/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_NS3_COMPAT_H
#define CO_NS3_COMPAT_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/data-rate.h"
#include "ns3/enum.h"
#include "ns3/event-id.h"
#include "ns3/event-impl.h"
#include "ns3/simulator.h"

#include <type_traits>
#include <utility>

namespace ns3
{

/*
 * The few ns-3 spellings that differ between the releases condis builds
 * against (ns-3.37, which it is written for, ns-3.48, the latest one, and
 * ns-3.35, the last one built with waf), each chosen by what the headers at
 * hand declare rather than by a version number: ns-3 trees built without
 * version embedding do not say which release they are, and a detected
 * feature cannot be wrong about itself. In each pair below, the overload
 * taking `int` is the newer spelling and wins when it compiles; the one
 * taking `long` is ns-3.37's. The lambda shims further down ask one question
 * of the headers instead (kLambdaCallbacks).
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

/*
 * Lambdas. From ns-3.36, a Callback can be made from any callable and
 * Simulator::Schedule() takes one; up to ns-3.35, Callback has a fixed
 * number of argument types and Simulator::Schedule() only knows functions
 * and member functions (a capturing lambda does not compile). The two
 * changed together, so one test tells them apart: can a Callback be made
 * from a plain function object?
 */
struct AnyCallable
{
    void operator()() const
    {
    }
};

constexpr bool kLambdaCallbacks = std::is_constructible<Callback<void>, AnyCallable>::value;

/// ns-3.35: an event that runs a callable (what MakeEvent makes from one later)
template <typename F>
class CallableEvent : public EventImpl
{
  public:
    explicit CallableEvent(F f)
        : m_f(std::move(f))
    {
    }

  private:
    void Notify() override
    {
        m_f();
    }

    F m_f; //!< what the event runs
};

/// a list of types
template <typename... T>
struct Types
{
};

/// ns-3.35: the type that fills the unused places of Callback<R, T1, ..., T9>
/// (ns3::empty, which later releases drop); void where there is none
template <typename C>
struct UnusedArg
{
    using type = void; //!< none
};

template <typename R, typename T1, typename... T>
struct UnusedArg<Callback<R, T1, T...>>
{
    using type = T1; //!< what Callback<void> has in its first argument place
};

/// ns-3.35: the argument types of Callback<R, T1, ..., T9> before the first
/// unused place
template <typename Done, typename... Rest>
struct TakenArgs;

template <typename... Done>
struct TakenArgs<Types<Done...>>
{
    using type = Types<Done...>; //!< the arguments
};

template <typename... Done, typename First, typename... Rest>
struct TakenArgs<Types<Done...>, First, Rest...>
{
    /// the arguments: the list ends at the first unused place
    using type =
        std::conditional_t<std::is_same<First, typename UnusedArg<Callback<void>>::type>::value,
                           Types<Done...>,
                           typename TakenArgs<Types<Done..., First>, Rest...>::type>;
};

/// ns-3.35: a Callback's implementation that calls a callable (ns-3.35's
/// own, FunctorCallbackImpl, also compares callables, which lambdas cannot)
template <typename F, typename Base, typename R, typename... A>
class CallableCallbackImpl : public Base
{
  public:
    explicit CallableCallbackImpl(F f)
        : m_f(std::move(f))
    {
    }

    R operator()(A... args) override
    {
        // a void Callback drops what the callable returns, as ns-3.36's does
        if constexpr (std::is_void<R>::value)
        {
            m_f(args...);
        }
        else
        {
            return m_f(args...);
        }
    }

    bool IsEqual(Ptr<const CallbackImplBase> other) const override
    {
        return PeekPointer(other) == this;
    }

  private:
    F m_f; //!< what the Callback calls
};

/// ns-3.35: a callable on its way to a Callback whose type the target names
template <typename F>
class CallableCallback
{
  public:
    explicit CallableCallback(F f)
        : m_f(std::move(f))
    {
    }

    /// \return the Callback of the type asked for, calling the callable
    template <typename R, typename... A>
    operator Callback<R, A...>() const
    {
        return Make<R, A...>(typename TakenArgs<Types<>, A...>::type());
    }

  private:
    /// \return the Callback<R, A...>, whose arguments are Taken... then unused places
    template <typename R, typename... A, typename... Taken>
    Callback<R, A...> Make(Types<Taken...>) const
    {
        using Impl = CallableCallbackImpl<F, CallbackImpl<R, A...>, R, Taken...>;
        return Callback<R, A...>(Ptr<CallbackImpl<R, A...>>(new Impl(m_f), false));
    }

    F m_f; //!< what the Callback calls
};

/// ns-3.35: the types that follow the first N of a list
template <std::size_t N, typename List, typename = void>
struct DropFirst
{
    using type = List; //!< what follows (N is 0)
};

template <std::size_t N, typename First, typename... T>
struct DropFirst<N, Types<First, T...>, std::enable_if_t<(N > 0)>>
{
    using type = typename DropFirst<N - 1, Types<T...>>::type; //!< what follows
};

/// ns-3.35: the Callback<R, Rest...> that calls the member function on obj,
/// the bound arguments first
template <typename R, typename... Rest, typename M, typename OBJ, typename... B>
Callback<R, Rest...>
BindMember(Types<Rest...>, M memPtr, OBJ obj, B... bound)
{
    auto call = [memPtr, obj, bound...](Rest... rest) -> R {
        return ((*obj).*memPtr)(bound..., std::forward<Rest>(rest)...);
    };
    return CallableCallback<decltype(call)>(call);
}

/// CoMakeCallback for a member function (const or not) of return type R
/// and argument types Args
template <typename R, typename... Args, typename M, typename OBJ, typename... B>
auto
MakeMemberCallback(M memPtr, OBJ obj, B... bound)
{
    if constexpr (kLambdaCallbacks)
    {
        return MakeCallback(memPtr, obj, bound...);
    }
    else
    {
        using Rest = typename DropFirst<sizeof...(B), Types<Args...>>::type;
        return BindMember<R>(Rest(), memPtr, obj, bound...);
    }
}

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

/**
 * \ingroup condis
 * \brief The time `bits` take at `rate`, rounded to the nearest unit of
 *        time, as DataRate::CalculateBitsTxTime() computes it from ns-3.36
 *        on (in 64.64 fixed point). Up to ns-3.35 that function divides an
 *        integer Time by the rate and so cuts the fraction off: a 192-cell
 *        frame at 155.52 Mb/s took 523 456 ns there and 523 457 ns later.
 *        A header cannot tell the two apart, so condis does the division
 *        itself, the later way, on every release.
 * \param rate the rate
 * \param bits how many bits
 * \return their transmission time
 */
inline Time
CoBitsTxTime(const DataRate& rate, uint64_t bits)
{
    return Seconds(int64x64_t(bits) / int64x64_t(rate.GetBitRate()));
}

/**
 * \ingroup condis
 * \brief A lambda (or any callable) where a Callback is expected, e.g.
 *        `device->SetReceiveCallback(CoFn([this](...) { ... }));`: from
 *        ns-3.36 the callable itself (a Callback is made from it as
 *        before); up to ns-3.35, where a Callback cannot be made from a
 *        lambda, an object that turns into the Callback the target's type
 *        names. Where the target type is not one Callback (a template,
 *        CallbackBase), name it: CoCallback<R, Args...>(f).
 * \param f the callable
 * \return f, or what becomes a Callback calling f
 */
template <typename F>
auto
CoFn(F f)
{
    if constexpr (co_compat::kLambdaCallbacks)
    {
        return f;
    }
    else
    {
        return co_compat::CallableCallback<F>(std::move(f));
    }
}

/**
 * \ingroup condis
 * \brief The Callback<R, Args...> that calls f, a lambda or any callable,
 *        in every release (see CoFn()).
 * \param f the callable
 * \return the Callback
 */
template <typename R, typename... Args, typename F>
Callback<R, Args...>
CoCallback(F f)
{
    return CoFn(std::move(f));
}

/**
 * \ingroup condis
 * \brief Simulator::Schedule() for a lambda or any callable, in every
 *        release (up to ns-3.35 Simulator::Schedule() takes no lambda);
 *        functions and member functions go to Simulator::Schedule() as
 *        they are.
 * \param delay when, from now
 * \param f the callable
 * \return the event
 */
template <typename F>
EventId
CoSchedule(const Time& delay, F f)
{
    if constexpr (co_compat::kLambdaCallbacks)
    {
        return Simulator::Schedule(delay, std::move(f));
    }
    else
    {
        return Simulator::Schedule(delay,
                                   Ptr<EventImpl>(new co_compat::CallableEvent<F>(f), false));
    }
}

/**
 * \ingroup condis
 * \brief Simulator::ScheduleNow() for a lambda or any callable (see
 *        CoSchedule()).
 * \param f the callable
 * \return the event
 */
template <typename F>
EventId
CoScheduleNow(F f)
{
    if constexpr (co_compat::kLambdaCallbacks)
    {
        return Simulator::ScheduleNow(std::move(f));
    }
    else
    {
        return Simulator::ScheduleNow(Ptr<EventImpl>(new co_compat::CallableEvent<F>(f), false));
    }
}

/**
 * \ingroup condis
 * \brief Simulator::ScheduleWithContext() for a lambda or any callable
 *        (see CoSchedule()).
 * \param context the node the event runs on
 * \param delay when, from now
 * \param f the callable
 */
template <typename F>
void
CoScheduleWithContext(uint32_t context, const Time& delay, F f)
{
    if constexpr (co_compat::kLambdaCallbacks)
    {
        Simulator::ScheduleWithContext(context, delay, std::move(f));
    }
    else
    {
        // ns-3.35 takes this one as a plain pointer, and owns it
        Simulator::ScheduleWithContext(context, delay, new co_compat::CallableEvent<F>(f));
    }
}

/**
 * \ingroup condis
 * \brief MakeCallback(&T::Method, obj, bound...): a member function's
 *        Callback with its first arguments bound, which ns-3.35 does not
 *        have (ns-3.37's MakeCallback on the later releases).
 * \param memPtr the member function
 * \param obj the object (a pointer or a Ptr)
 * \param bound the values of its first arguments, copied now
 * \return the Callback taking the remaining arguments
 */
template <typename T, typename OBJ, typename R, typename... Args, typename... B>
auto
CoMakeCallback(R (T::*memPtr)(Args...), OBJ obj, B... bound)
{
    return co_compat::MakeMemberCallback<R, Args...>(memPtr, obj, bound...);
}

/// \copydoc CoMakeCallback(R(T::*)(Args...),OBJ,B...)
template <typename T, typename OBJ, typename R, typename... Args, typename... B>
auto
CoMakeCallback(R (T::*memPtr)(Args...) const, OBJ obj, B... bound)
{
    return co_compat::MakeMemberCallback<R, Args...>(memPtr, obj, bound...);
}

} // namespace ns3

#endif /* CO_NS3_COMPAT_H */
