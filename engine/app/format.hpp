// Small formatting helpers the commands share.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

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

}  // namespace porttwin::app
