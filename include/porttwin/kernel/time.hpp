// Simulation time for porttwin: an integer tick, never floating point.
//
// One tick is one microsecond of simulated time. A signed 64-bit count of
// microseconds spans about 292,000 years, so a simulated year (3.2e13 ticks)
// leaves ample room for horizons, warm-ups and sums of durations. A microsecond
// is finer than anything a port does (crane moves take tens of seconds), and
// fine enough that drawing a continuous delay and rounding it to ticks changes
// its mean by less than a millionth of a second.
//
// Floating point appears only at the edges: a user writes "0.1" (seconds) and
// the scenario layer converts it once with `from_seconds`; reports convert
// back with `to_seconds`. Inside the kernel every comparison is integral, so
// the event order never depends on rounding.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace porttwin::kernel {

/// Simulated time and durations, in microseconds.
using Ticks = std::int64_t;

inline constexpr Ticks kTicksPerSecond = 1'000'000;
inline constexpr Ticks kTicksPerMinute = 60 * kTicksPerSecond;
inline constexpr Ticks kTicksPerHour = 60 * kTicksPerMinute;
inline constexpr Ticks kTicksPerDay = 24 * kTicksPerHour;

/// The largest time an event may carry; also "never" for stop conditions.
inline constexpr Ticks kTimeMax = std::numeric_limits<Ticks>::max() / 4;

/// Seconds (a user-facing double) to ticks, rounded to the nearest tick.
/// Callers validate the range first: values beyond kTimeMax are clamped.
[[nodiscard]] inline Ticks from_seconds(double seconds) noexcept {
  const double ticks = std::nearbyint(seconds * static_cast<double>(kTicksPerSecond));
  if (!(ticks < static_cast<double>(kTimeMax))) return kTimeMax;  // also catches NaN
  if (ticks < -static_cast<double>(kTimeMax)) return -kTimeMax;
  return static_cast<Ticks>(ticks);
}

/// Ticks to seconds, for reports and user-facing figures.
[[nodiscard]] constexpr double to_seconds(Ticks t) noexcept {
  return static_cast<double>(t) / static_cast<double>(kTicksPerSecond);
}

}  // namespace porttwin::kernel
