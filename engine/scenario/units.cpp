// Parsing "<number> <unit>" into base units; see scenario/units.hpp.
#include "porttwin/scenario/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace porttwin::scenario {
namespace {

struct UnitFactor {
  std::string_view symbol;
  double factor;  // base units per one of this unit
};

// Durations in hours. A year is 365 days (8760 h), the convention of port
// statistics (throughput per year); it is not a calendar year.
constexpr std::array<UnitFactor, 6> kDurations{
    {{"s", 1.0 / 3600.0}, {"min", 1.0 / 60.0}, {"h", 1.0}, {"d", 24.0}, {"wk", 168.0}, {"yr", 8760.0}}};
constexpr std::array<UnitFactor, 2> kLengths{{{"m", 1.0}, {"km", 1000.0}}};

struct CargoSymbol {
  std::string_view symbol;
  CargoUnit unit;
};
constexpr std::array<CargoSymbol, 4> kCargo{
    {{"moves", CargoUnit::moves}, {"TEU", CargoUnit::teu}, {"t", CargoUnit::tonnes}, {"units", CargoUnit::units}}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> duration_factor(std::string_view symbol) {
  for (const UnitFactor& u : kDurations) {
    if (u.symbol == symbol) return u.factor;
  }
  return std::nullopt;
}

std::optional<CargoUnit> cargo_symbol(std::string_view symbol) {
  for (const CargoSymbol& c : kCargo) {
    if (c.symbol == symbol) return c.unit;
  }
  return std::nullopt;
}

// Splits "24 h" / "24h" / "12 /d" into the number's text and the unit's.
// The number is the longest prefix made of number characters; an 'e' counts
// only when a digit or sign follows (so "2e" is not eaten from "2 ex").
void split(std::string_view text, std::string_view& number, std::string_view& unit) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const bool digit = c >= '0' && c <= '9';
    const bool sign = (c == '-' || c == '+') && (i == 0 || text[i - 1] == 'e' || text[i - 1] == 'E');
    const bool exponent = (c == 'e' || c == 'E') && i > 0 && i + 1 < text.size() &&
                          ((text[i + 1] >= '0' && text[i + 1] <= '9') || text[i + 1] == '-' || text[i + 1] == '+');
    if (!(digit || sign || exponent || c == '.')) break;
    ++i;
  }
  number = text.substr(0, i);
  unit = trim(text.substr(i));
}

std::string expected_text(Dimension dimension) {
  switch (dimension) {
    case Dimension::none: return "a number";
    case Dimension::duration: return "a duration with a unit (s, min, h, d, wk, yr), e.g. '24 h'";
    case Dimension::length: return "a length with a unit (m, km), e.g. '400 m'";
    case Dimension::rate: return "a rate with a unit (/h, /d, /wk, /yr), e.g. '12 /d'";
    case Dimension::cargo: return "a cargo amount with a unit (moves, TEU, t, units), e.g. '5000 TEU'";
    case Dimension::cargo_rate:
      return "a cargo rate with a unit (moves/h, TEU/h, t/h, units/h, or per d), e.g. '28 moves/h'";
    case Dimension::money_rate:
      return "money per time with a unit (EUR/h, EUR/d, EUR/yr, MEUR/d, ...), e.g. '4e6 EUR/d'";
    case Dimension::cargo_money_rate:
      return "money per cargo unit per time with a unit (EUR/TEU/d, EUR/t/d, EUR/units/h, ...), e.g. '74 EUR/TEU/d'";
  }
  return "a number";
}

std::optional<Quantity> convert(double number, std::string_view unit, Dimension dimension) {
  switch (dimension) {
    case Dimension::none:
      if (unit.empty()) return Quantity{number, CargoUnit::none};
      return std::nullopt;
    case Dimension::duration:
      if (const auto f = duration_factor(unit)) return Quantity{number * *f, CargoUnit::none};
      return std::nullopt;
    case Dimension::length:
      for (const UnitFactor& u : kLengths) {
        if (u.symbol == unit) return Quantity{number * u.factor, CargoUnit::none};
      }
      return std::nullopt;
    case Dimension::rate:
      if (unit.size() > 1 && unit.front() == '/') {
        if (const auto f = duration_factor(trim(unit.substr(1)))) return Quantity{number / *f, CargoUnit::none};
      }
      return std::nullopt;
    case Dimension::cargo:
      if (const auto c = cargo_symbol(unit)) return Quantity{number, *c};
      return std::nullopt;
    case Dimension::cargo_rate: {
      const std::size_t slash = unit.find('/');
      if (slash == std::string_view::npos) return std::nullopt;
      const auto c = cargo_symbol(trim(unit.substr(0, slash)));
      const auto f = duration_factor(trim(unit.substr(slash + 1)));
      if (c && f) return Quantity{number / *f, *c};
      return std::nullopt;
    }
    case Dimension::money_rate: {
      const std::size_t slash = unit.find('/');
      if (slash == std::string_view::npos) return std::nullopt;
      const std::string_view money = trim(unit.substr(0, slash));
      const double scale = money == "EUR" ? 1.0 : money == "MEUR" ? 1e6 : 0.0;
      const auto f = duration_factor(trim(unit.substr(slash + 1)));
      if (scale > 0.0 && f) return Quantity{number * scale / *f, CargoUnit::none};
      return std::nullopt;
    }
    case Dimension::cargo_money_rate: {
      // EUR / <cargo unit> / <duration>
      const std::size_t first = unit.find('/');
      const std::size_t second = first == std::string_view::npos ? first : unit.find('/', first + 1);
      if (second == std::string_view::npos) return std::nullopt;
      const std::string_view money = trim(unit.substr(0, first));
      const double scale = money == "EUR" ? 1.0 : money == "MEUR" ? 1e6 : 0.0;
      const auto c = cargo_symbol(trim(unit.substr(first + 1, second - first - 1)));
      const auto f = duration_factor(trim(unit.substr(second + 1)));
      if (scale > 0.0 && c && f) return Quantity{number * scale / *f, *c};
      return std::nullopt;
    }
  }
  return std::nullopt;
}

/// Only decimal digits, sign, point and exponent: from_chars also takes
/// "inf", "nan" and hex floats.
bool number_characters(std::string_view text) {
  for (const char c : text) {
    const bool ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return !text.empty();
}

/// A number written the YAML way whose magnitude is beyond kMaxMagnitude
/// ("1e308", "1e400"; not "1e-400", which is too small to hold).
bool beyond_magnitude(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (!number_characters(text)) return false;
  double value = 0.0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ptr != text.data() + text.size()) return false;
  if (r.ec == std::errc::result_out_of_range) {
    return text.find("e-") == std::string_view::npos && text.find("E-") == std::string_view::npos;
  }
  return r.ec == std::errc{} && std::abs(value) > kMaxMagnitude;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  if (!number_characters(text)) return std::nullopt;
  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size() || !(std::abs(value) <= kMaxMagnitude)) {
    return std::nullopt;
  }
  return value;
}

QuantityParse parse_quantity(std::string_view text, Dimension dimension) {
  QuantityParse out;
  std::string_view number_text;
  std::string_view unit;
  split(trim(text), number_text, unit);
  const std::optional<double> number = parse_number(number_text);
  if (number) {
    if (const auto q = convert(*number, unit, dimension); q && std::isfinite(q->value)) {
      out.quantity = q;
      return out;
    }
  }
  // A number written correctly but too large (1e308, 1e20): say so, not
  // "expected a unit".
  out.expected = beyond_magnitude(number_text) ? "a number at most 1e15 in magnitude" +
                                                     std::string(dimension == Dimension::none ? "" : ", with its unit")
                                               : expected_text(dimension);
  return out;
}

std::string_view to_string(Dimension dimension) noexcept {
  switch (dimension) {
    case Dimension::none: return "number";
    case Dimension::duration: return "duration";
    case Dimension::length: return "length";
    case Dimension::rate: return "rate";
    case Dimension::cargo: return "cargo";
    case Dimension::cargo_rate: return "cargo rate";
    case Dimension::money_rate: return "money rate";
    case Dimension::cargo_money_rate: return "money per cargo and time";
  }
  return "number";
}

std::string_view to_string(CargoUnit unit) noexcept {
  switch (unit) {
    case CargoUnit::none: return "";
    case CargoUnit::moves: return "moves";
    case CargoUnit::teu: return "TEU";
    case CargoUnit::tonnes: return "t";
    case CargoUnit::units: return "units";
  }
  return "";
}

std::string_view base_unit(Dimension dimension) noexcept {
  switch (dimension) {
    case Dimension::none: return "";
    case Dimension::duration: return "h";
    case Dimension::length: return "m";
    case Dimension::rate: return "/h";
    case Dimension::cargo: return "cargo";
    case Dimension::cargo_rate: return "cargo/h";
    case Dimension::money_rate: return "EUR/h";
    case Dimension::cargo_money_rate: return "EUR/cargo/h";
  }
  return "";
}

std::string_view accepted_units(Dimension dimension) noexcept {
  switch (dimension) {
    case Dimension::none: return "";
    case Dimension::duration: return "s, min, h, d, wk, yr";
    case Dimension::length: return "m, km";
    case Dimension::rate: return "/s, /min, /h, /d, /wk, /yr";
    case Dimension::cargo: return "moves, TEU, t, units";
    case Dimension::cargo_rate: return "moves, TEU, t or units per s, min, h, d, wk or yr (e.g. TEU/d)";
    case Dimension::money_rate: return "EUR or MEUR per s, min, h, d, wk or yr (e.g. EUR/d)";
    case Dimension::cargo_money_rate:
      return "EUR or MEUR per moves, TEU, t or units per s, min, h, d, wk or yr (e.g. EUR/TEU/d)";
  }
  return "";
}

std::string format_number(double value) {
  // Whole numbers as integers ("100000", not "1e+05"): limits read better.
  if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return result.ec == std::errc{} ? std::string(buffer, result.ptr) : std::string("?");
}

}  // namespace porttwin::scenario
