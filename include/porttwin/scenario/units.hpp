// Units of the scenario format: every dimensioned quantity in a scenario file
// is written "<number> <unit>" ("24 h", "400 m", "12 /d", "28 moves/h") and
// converted here to the base unit the Scenario structs use (hours, metres,
// per hour, cargo per hour). A bare number where a unit is required is an
// error: "24" could be hours or days, and the reader must not have to guess.
//
// Cargo is counted in moves, TEU, t (tonnes) or units; which one a field
// accepts depends on the terminal or vessel class it belongs to, so parsing
// keeps the cargo unit and the scenario layer checks it in context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace porttwin::scenario {

enum class Dimension : std::uint8_t {
  none,              ///< a bare number (fraction, count, ratio)
  duration,          ///< base: hours
  length,            ///< base: metres
  rate,              ///< events per time; base: per hour
  cargo,             ///< an amount of cargo; base: the cargo unit itself
  cargo_rate,        ///< cargo per time; base: cargo unit per hour
  money_rate,        ///< euros per time (EUR/h, EUR/d, EUR/yr; MEUR for millions); base: EUR per hour
  cargo_money_rate,  ///< euros per cargo unit per time (EUR/TEU/d, EUR/t/h); base: EUR per cargo unit per hour
};

enum class CargoUnit : std::uint8_t { none, moves, teu, tonnes, units };

/// The largest magnitude a number in a scenario may have, before its unit.
/// No port quantity comes near it (a year of Rotterdam is 1.3e7 TEU, a
/// sector's output 1e11 EUR/yr), and below it every product the model forms
/// (rate x horizon x call size x ...) stays far from overflowing to
/// infinity: 1e308 /d used to pass, and then overflowed or never ended.
inline constexpr double kMaxMagnitude = 1e15;

/// A parsed quantity in its dimension's base unit.
struct Quantity {
  double value = 0.0;
  CargoUnit cargo = CargoUnit::none;  ///< for cargo and cargo_rate
};

/// The outcome of parsing one quantity: the value, or what was expected
/// ("a duration with a unit (s, min, h, d, wk, yr), e.g. '24 h'").
struct QuantityParse {
  std::optional<Quantity> quantity;
  std::string expected;  ///< set when quantity is empty
};

/// Parses "<number>[ ]<unit>" for `dimension` (for Dimension::none, a bare
/// finite number), the number at most kMaxMagnitude in magnitude. Never throws.
[[nodiscard]] QuantityParse parse_quantity(std::string_view text, Dimension dimension);

/// A finite number written the YAML/JSON way ("12", "-0.5", "1e3"), at
/// most kMaxMagnitude in magnitude; nothing else (no unit, no "nan", no hex).
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

/// "duration", "length", ...
[[nodiscard]] std::string_view to_string(Dimension dimension) noexcept;
/// "moves", "TEU", "t", "units" ("" for none).
[[nodiscard]] std::string_view to_string(CargoUnit unit) noexcept;
/// The base unit's symbol as the reference prints it: "h", "m", "/h", "" ...
[[nodiscard]] std::string_view base_unit(Dimension dimension) noexcept;
/// The units the file may use for a dimension, e.g. "s, min, h, d, wk, yr".
[[nodiscard]] std::string_view accepted_units(Dimension dimension) noexcept;

/// Shortest text that reads back to the same double ("2", "0.1", "1e+12").
[[nodiscard]] std::string format_number(double value);

}  // namespace porttwin::scenario
