// PHOLD, the standard yardstick of parallel discrete-event simulators, with
// the conventions of ROSS's PHOLD so that figures compare:
//   * each LP starts with `events_per_lp` events, each at lookahead + Exp(mean - lookahead);
//   * processing an event schedules exactly one new event at
//     now + lookahead + Exp(mean - lookahead), so the mean increment is `mean`;
//   * the new event goes, with probability `remote`, to an LP drawn uniformly
//     from all LPs (possibly itself), otherwise to the LP itself;
//   * events at or after the end time are never processed; a committed event
//     is one processed event.
// Times are given in seconds (1.0 = one second = 1e6 ticks) and converted once.
// Every LP draws from its own stream, in a fixed order per event (one 32-bit
// draw for the remote test, one for the target if remote, then the ziggurat's
// words for the exponential increment), so a run is a pure function of (configuration, seed,
// replication).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "porttwin/kernel/context.hpp"
#include "porttwin/kernel/distributions.hpp"
#include "porttwin/kernel/links.hpp"
#include "porttwin/kernel/run.hpp"

namespace porttwin::kernel {

struct PholdConfig {
  std::uint64_t lps = 1024;
  std::uint64_t events_per_lp = 16;
  double remote = 0.1;      ///< probability that a new event goes to a random LP
  double mean = 1.0;        ///< mean time increment, seconds
  double lookahead = 0.1;   ///< minimum time increment, seconds
  double end_time = 100.0;  ///< seconds
};

/// Throws UsageError naming the parameter and the allowed values.
void validate(const PholdConfig& config, SchedulerKind scheduler);

class Phold {
 public:
  struct Payload {};

  explicit Phold(const PholdConfig& config);

  [[nodiscard]] LpId lp_count() const noexcept { return lp_count_; }
  [[nodiscard]] LinkTable links() const { return LinkTable::all_to_all(lp_count_, lookahead_); }
  [[nodiscard]] Ticks end_time() const noexcept { return end_time_; }

  void init(Context<Payload>& ctx) {
    for (std::uint64_t i = 0; i < events_per_lp_; ++i) ctx.schedule(increment(ctx.rng()));
  }

  void handle(Context<Payload>& ctx, const Event<Payload>& /*event*/) {
    RandomStream& rng = ctx.rng();
    LpId target = ctx.self();
    if (rng.next_u32() < remote_threshold_) target = static_cast<LpId>(rng.below(lp_count_));
    ctx.send(target, increment(rng));
  }

 private:
  [[nodiscard]] Ticks increment(RandomStream& rng) const noexcept {
    // Adding 0.5 and truncating rounds to the nearest tick without a libm call;
    // right here because the product is never negative (the check's worry).
    // NOLINTNEXTLINE(bugprone-incorrect-roundings)
    return lookahead_ + static_cast<Ticks>(tail_mean_ticks_ * standard_exponential(rng) + 0.5);
  }

  LpId lp_count_;
  std::uint64_t events_per_lp_;
  std::uint64_t remote_threshold_;  ///< remote * 2^32: a 32-bit draw below it means "remote"
  Ticks lookahead_;
  double tail_mean_ticks_;  ///< mean - lookahead, in ticks
  Ticks end_time_;
};

struct PholdRunOptions {
  SchedulerKind scheduler = SchedulerKind::sequential;
  int threads = 1;
  std::uint32_t blocks = 0;  ///< parallel scheduler blocks (0: default)
  std::uint32_t replications = 1;
  std::uint64_t seed = 1;
};

struct PholdResult {
  /// Totals over all replications; for one replication, that run's figures.
  /// events_per_second is committed events over the whole wall time.
  RunStats total;
  std::vector<RunStats> replications;  ///< in replication order
};

/// Runs PHOLD: one replication with the chosen scheduler on `threads`
/// threads, or several replications concurrently on `threads` threads (each
/// with the chosen scheduler inside that same thread pool). The total
/// trace_hash folds the replications' hashes in replication order.
[[nodiscard]] PholdResult run_phold(const PholdConfig& config, const PholdRunOptions& options);

}  // namespace porttwin::kernel
