// The trace fingerprint: a hash over the committed events in their total order.
//
// Each LP keeps its own running hash, updated as it processes its events; the
// run's fingerprint folds those hashes in LP-id order. This equals a hash over
// the global total order for the purpose it serves: the total order is a
// function of the event keys alone, so the per-LP sequences determine the
// global one. And the per-LP sequence is exactly what a scheduler could get
// wrong (processing one LP's events out of order, losing or duplicating one);
// the interleaving of different LPs, which schedulers legitimately vary, does
// not enter. So the fingerprint is equal for the sequential and the parallel
// scheduler at any thread count, and differs if any LP saw any other history.
#pragma once

#include <cstdint>
#include <span>

#include "porttwin/kernel/event.hpp"

namespace porttwin::kernel {

inline constexpr std::uint64_t kTraceSeed = 0x243f6a8885a308d3ULL;  // digits of pi

/// Advance an LP's running hash by one committed event (order-sensitive).
[[nodiscard]] constexpr std::uint64_t trace_step(std::uint64_t h, const EventKey& key) noexcept {
  // Two multiply-xorshift rounds (the SplitMix64 finaliser constants): cheap,
  // and every input bit reaches every output bit.
  h = (h ^ static_cast<std::uint64_t>(key.time)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ key.order) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

/// SplitMix64's finaliser.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Fold a sequence of hashes (per-LP traces, or per-replication fingerprints)
/// in order into one.
[[nodiscard]] constexpr std::uint64_t fold_hashes(std::uint64_t acc, std::uint64_t index,
                                                  std::uint64_t value) noexcept {
  return mix64(acc ^ mix64(value + 0x9e3779b97f4a7c15ULL * (index + 1)));
}

}  // namespace porttwin::kernel
