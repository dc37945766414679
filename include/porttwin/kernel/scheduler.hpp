// The scheduler interface: one run of a model, sequentially or in parallel,
// chosen at run time. Both give bit-identical results (see event.hpp for the
// order and trace.hpp for how that is checked).
#pragma once

#include <chrono>
#include <memory>

#include "porttwin/kernel/event_set.hpp"
#include "porttwin/kernel/links.hpp"
#include "porttwin/kernel/lp_block.hpp"
#include "porttwin/kernel/run.hpp"

namespace porttwin::kernel {

/// The pending-event set the schedulers use, chosen by benchmarks/kernel/
/// event_set_bench.cpp (figures in benchmarks/README.md).
template <class E>
using PendingEventSet = LadderQueue<E>;

template <SimulationModel Model>
class Scheduler {
 public:
  Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  virtual ~Scheduler() = default;

  /// Run the model from time 0. Throws UsageError for bad options and
  /// SimulationError when the model breaks a kernel rule.
  virtual RunStats run(Model& model, const LinkTable& links, const RunOptions& options) = 0;
};

namespace detail {
using Clock = std::chrono::steady_clock;

inline void finish_stats(RunStats& stats, Clock::time_point start) {
  stats.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  stats.events_per_second =
      stats.wall_seconds > 0.0 ? static_cast<double>(stats.committed_events) / stats.wall_seconds : 0.0;
  stats.peak_rss_bytes = peak_rss_bytes();
}
}  // namespace detail

}  // namespace porttwin::kernel
