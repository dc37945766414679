// Small formatting helpers the commands share.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "porttwin/run/figures.hpp"

namespace porttwin::app {

/// 16 hex digits, as trace hashes are printed everywhere.
inline std::string hex(std::uint64_t value) {
  char buffer[19];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

/// 1234567 -> "1,234,567".
inline std::string grouped(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// Free text from a scenario, safe for a terminal: control characters shown as \xNN.
inline std::string printable(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

/// A figure's value as a summary line shows it: "7,874", "1.23 h", "31.0 %",
/// "13.4 million TEU", "62,300 EUR", "yes"; "undefined" for NaN.
inline std::string format_figure(const run::Figure& f, double v) {
  if (std::isnan(v)) return "undefined";
  char text[64];
  const std::string units = f.units == "1" ? std::string() : " " + std::string(f.units);
  const auto whole = [](double x) {
    return (x < 0 ? "-" : "") + grouped(static_cast<std::uint64_t>(std::llround(std::fabs(x))));
  };
  switch (f.style) {
    case run::FigureStyle::count: return std::fabs(v) < 1e18 ? whole(v) : std::to_string(v);
    case run::FigureStyle::hours:
      if (std::fabs(v) >= 1000.0) return whole(v) + " h";
      std::snprintf(text, sizeof text, "%.2f h", v);
      return text;
    case run::FigureStyle::share: std::snprintf(text, sizeof text, "%.1f %%", 100.0 * v); return text;
    case run::FigureStyle::money: return whole(v) + " EUR";
    case run::FigureStyle::flag: return v != 0.0 ? "yes" : "no";
    case run::FigureStyle::amount:
      if (std::fabs(v) >= 1e6) {
        std::snprintf(text, sizeof text, "%.3f million", v / 1e6);
        return text + units;
      }
      if (std::fabs(v) >= 100.0) return whole(v) + units;
      std::snprintf(text, sizeof text, "%.4g", v);
      return text + units;
  }
  return std::to_string(v);
}

}  // namespace porttwin::app
