#pragma once

// A minimal value-or-error result for the core's fallible operations.
// std::expected arrives with C++23 and Debian 12 packages no tl::expected, so this
// covers the small part we need: construction from a value or an error, checked access.

#include <cassert>
#include <utility>
#include <variant>

namespace pc {

template <typename E> struct Unexpected { E error; };

template <typename E> Unexpected<std::decay_t<E>> unexpected(E &&e) {
    return {std::forward<E>(e)};
}

template <typename T, typename E> class Expected {
public:
    Expected(T value)
        : m_v(std::in_place_index<0>, std::move(value)) {}
    template <typename G>
    Expected(Unexpected<G> u)
        : m_v(std::in_place_index<1>, std::move(u.error)) {}

    bool hasValue() const { return m_v.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T &value() & {
        assert(hasValue());
        return std::get<0>(m_v);
    }
    const T &value() const & {
        assert(hasValue());
        return std::get<0>(m_v);
    }
    T &&value() && {
        assert(hasValue());
        return std::get<0>(std::move(m_v));
    }
    const E &error() const {
        assert(!hasValue());
        return std::get<1>(m_v);
    }
    template <typename U> T value_or(U &&fallback) const & {
        return hasValue() ? std::get<0>(m_v) : static_cast<T>(std::forward<U>(fallback));
    }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

private:
    std::variant<T, E> m_v;
};

} // namespace pc
