// bind<&Owner::member, ...>: the Binding of a parameter row (schema.hpp), made
// from a chain of members (and array indices) starting at an owner struct of
// scenario.hpp. The field's type says how a read value is stored: a double
// takes a number, an enum the index of its word, an integer a whole number in
// its range, an optional<T> what T takes. Internal to the scenario layer.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "porttwin/kernel/distributions.hpp"
#include "porttwin/scenario/scenario.hpp"
#include "porttwin/scenario/schema.hpp"

namespace porttwin::scenario::detail {

template <class M>
struct member_of;
template <class C, class T>
struct member_of<T C::*> {
  using owner = C;
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <auto Step, class Object>
constexpr auto& step(Object& object) noexcept {
  if constexpr (std::is_member_object_pointer_v<decltype(Step)>) {
    return object.*Step;
  } else {
    return object[Step];
  }
}

template <auto First, auto... Rest, class Object>
constexpr auto& follow(Object& object) noexcept {
  auto& next = step<First>(object);
  if constexpr (sizeof...(Rest) == 0) {
    return next;
  } else {
    return follow<Rest...>(next);
  }
}

template <class>
inline constexpr bool kUnsupportedField = false;

template <class F>
bool store(F& field, const ReadValue& v) {
  if constexpr (is_optional<F>::value) {
    typename F::value_type x{};
    if (!store(x, v)) return false;
    field = std::move(x);
    return true;
  } else if constexpr (std::is_same_v<F, bool>) {
    const auto* b = std::get_if<bool>(&v);
    if (b != nullptr) field = *b;
    return b != nullptr;
  } else if constexpr (std::is_enum_v<F>) {
    const auto* c = std::get_if<ChoiceIndex>(&v);
    if (c == nullptr || c->index >= words_of<F>.size()) return false;
    field = static_cast<F>(c->index);
    return true;
  } else if constexpr (std::is_integral_v<F>) {
    const auto* i = std::get_if<std::uint64_t>(&v);
    if (i == nullptr || *i > static_cast<std::uint64_t>(std::numeric_limits<F>::max())) return false;
    field = static_cast<F>(*i);
    return true;
  } else if constexpr (std::is_same_v<F, double> || std::is_same_v<F, std::string> ||
                       std::is_same_v<F, kernel::Distribution> || std::is_same_v<F, std::vector<double>>) {
    const auto* x = std::get_if<F>(&v);
    if (x != nullptr) field = *x;
    return x != nullptr;
  } else {
    static_assert(kUnsupportedField<F>, "no parameter type stores into this field type");
    return false;
  }
}

template <class F>
ReadValue load(const F& field) {
  if constexpr (is_optional<F>::value) {
    return field ? load(*field) : ReadValue{};
  } else if constexpr (std::is_same_v<F, bool>) {
    return ReadValue{field};
  } else if constexpr (std::is_enum_v<F>) {
    return ReadValue{ChoiceIndex{static_cast<std::size_t>(field)}};
  } else if constexpr (std::is_integral_v<F>) {
    return ReadValue{static_cast<std::uint64_t>(field)};
  } else {
    return ReadValue{field};
  }
}

template <auto First, auto... Rest>
struct Bound {
  using Owner = typename member_of<decltype(First)>::owner;
  static bool assign(void* object, const ReadValue& v) {
    return store(follow<First, Rest...>(*static_cast<Owner*>(object)), v);
  }
  static ReadValue get(const void* object) { return load(follow<First, Rest...>(*static_cast<const Owner*>(object))); }
  static ReadValue initial() {
    const Owner fresh{};
    return get(&fresh);
  }
};

/// The Binding of the field reached from an owner by First, Rest...
template <auto First, auto... Rest>
inline constexpr Binding bind{owner_tag<typename Bound<First, Rest...>::Owner>(), &Bound<First, Rest...>::assign,
                              &Bound<First, Rest...>::get, &Bound<First, Rest...>::initial};

}  // namespace porttwin::scenario::detail
