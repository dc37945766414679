// Which LP may send to which, and how soon: the lookahead that makes
// conservative parallel simulation possible.
//
// Every message between two different LPs travels over a link with a declared
// minimum latency. A message scheduled sooner than its link allows is refused
// (SimulationError), never silently delayed or reordered: silently fixing it
// would make results depend on the scheduler. An LP may always schedule events
// to itself with any delay >= 0 (its own future work); those never cross a
// window barrier, so they do not constrain parallelism.
//
// Two shapes of link table:
//   * all-to-all with one latency: PHOLD and other fully connected models;
//     costs nothing per LP pair;
//   * declared links (a directed graph, e.g. the port's dependency edges):
//     stored as compressed rows, checked by binary search over the sender's
//     outgoing links; sending where no link exists is refused too.
// The parallel scheduler's window is the minimum latency over all links.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "porttwin/kernel/event.hpp"

namespace porttwin::kernel {

/// One directed link: `source` may send to `target` with delays >= min_latency.
struct Link {
  LpId source = 0;
  LpId target = 0;
  Ticks min_latency = 0;
};

class LinkTable {
 public:
  /// Every LP may send to every other with a delay of at least `latency`.
  [[nodiscard]] static LinkTable all_to_all(LpId lp_count, Ticks latency);
  /// Only the given links exist. Duplicate (source, target) pairs keep the
  /// smallest latency. Throws UsageError on LP ids out of range or negative
  /// latencies.
  [[nodiscard]] static LinkTable declared(LpId lp_count, std::span<const Link> links);

  [[nodiscard]] LpId lp_count() const noexcept { return lp_count_; }
  /// Smallest latency of any link: the conservative window length.
  /// kTimeMax when no two LPs are linked (every LP runs independently).
  [[nodiscard]] Ticks lookahead() const noexcept { return lookahead_; }
  [[nodiscard]] bool is_all_to_all() const noexcept { return all_to_all_; }

  /// The latency of the link source -> target, or -1 if there is none.
  /// (An LP's link to itself has latency 0.)
  [[nodiscard]] Ticks latency(LpId source, LpId target) const noexcept {
    if (source == target) return 0;
    if (all_to_all_) return lookahead_;
    const auto first = targets_.begin() + static_cast<std::ptrdiff_t>(row_begin_[source]);
    const auto last = targets_.begin() + static_cast<std::ptrdiff_t>(row_begin_[source + 1]);
    const auto it = std::lower_bound(first, last, target);
    if (it == last || *it != target) return -1;
    return latencies_[static_cast<std::size_t>(it - targets_.begin())];
  }

  /// True if `source` may send to `target` with this delay.
  [[nodiscard]] bool permits(LpId source, LpId target, Ticks delay) const noexcept {
    if (all_to_all_) return delay >= lookahead_ || (source == target && delay >= 0);
    const Ticks min_latency = latency(source, target);
    return min_latency >= 0 && delay >= min_latency;
  }

 private:
  LpId lp_count_ = 0;
  Ticks lookahead_ = kTimeMax;
  bool all_to_all_ = false;
  std::vector<std::uint64_t> row_begin_;  // lp_count + 1 offsets into targets_
  std::vector<LpId> targets_;             // sorted within each row
  std::vector<Ticks> latencies_;          // parallel to targets_
};

}  // namespace porttwin::kernel
