// The event and the total order that makes every run reproducible.
//
// Every event carries a key (time, priority, source LP, per-source sequence).
// The key order is a strict total order over all events of a run:
//   * time first: causality;
//   * priority next: lets a model say "at the same instant, this first"
//     (smaller value first);
//   * source LP, then the source's own send counter: two distinct events
//     never share both (an LP numbers its sends 0, 1, 2, ...), so no two keys
//     are equal and ties are impossible.
// Because the order is total and every key is a function only of what the
// sending LP did before (its own events, in this same order), each LP sees
// its events in exactly one order, whichever scheduler runs it, on however
// many threads. That is the whole determinism argument: schedulers may
// interleave *different* LPs freely; they never reorder one LP's events.
//
// The key is packed into two 64-bit words so that a comparison is two integer
// compares (usually one: distinct times decide at once):
//   time  : 64 bits, signed ticks (event times are never negative)
//   order : priority (4 bits) | source LP (24 bits) | sequence (36 bits)
// Limits that follow, checked where they can be violated:
//   * 16 priority levels, 0 (first) .. 15;
//   * 16,777,216 LPs per simulation;
//   * 68.7e9 sends per LP per run (at 30 million events/s, 38 minutes of a
//     single LP sending everything); exceeding it stops the run with an error.
#pragma once

#include <cstdint>

#include "porttwin/kernel/time.hpp"

namespace porttwin::kernel {

/// Identifier of a logical process: a dense index 0..lp_count-1.
using LpId = std::uint32_t;

/// Event priority: at equal times, smaller values are processed first.
using Priority = std::uint8_t;

inline constexpr unsigned kPriorityBits = 4;
inline constexpr unsigned kSourceBits = 24;
inline constexpr unsigned kSequenceBits = 36;
static_assert(kPriorityBits + kSourceBits + kSequenceBits == 64);

inline constexpr Priority kPriorityLevels = 1U << kPriorityBits;
inline constexpr std::uint64_t kMaxLps = std::uint64_t{1} << kSourceBits;
inline constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequenceBits) - 1;

/// The total-order key of an event. See the file comment for the invariants.
struct EventKey {
  Ticks time = 0;
  std::uint64_t order = 0;  ///< priority | source | sequence, packed

  [[nodiscard]] static constexpr EventKey make(Ticks time, Priority priority, LpId source,
                                               std::uint64_t sequence) noexcept {
    return {time, (std::uint64_t{priority} << (kSourceBits + kSequenceBits)) |
                      (std::uint64_t{source} << kSequenceBits) | sequence};
  }

  [[nodiscard]] constexpr Priority priority() const noexcept {
    return static_cast<Priority>(order >> (kSourceBits + kSequenceBits));
  }
  [[nodiscard]] constexpr LpId source() const noexcept {
    return static_cast<LpId>((order >> kSequenceBits) & (kMaxLps - 1));
  }
  [[nodiscard]] constexpr std::uint64_t sequence() const noexcept { return order & kMaxSequence; }

  friend constexpr bool operator==(const EventKey&, const EventKey&) noexcept = default;
  /// The strict total order: (time, priority, source, sequence) lexicographically.
  friend constexpr bool operator<(const EventKey& a, const EventKey& b) noexcept {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
  }
};

/// An event addressed to LP `dst`, with a model-defined payload.
/// PHOLD's payload is empty, so its events are 24 bytes.
template <class Payload>
struct Event {
  EventKey key;
  LpId dst = 0;
  [[no_unique_address]] Payload payload{};

  [[nodiscard]] constexpr Ticks time() const noexcept { return key.time; }
};

/// Orders events by key; the comparator every pending-event set uses.
struct EventBefore {
  template <class E>
  constexpr bool operator()(const E& a, const E& b) const noexcept {
    return a.key < b.key;
  }
};

}  // namespace porttwin::kernel
