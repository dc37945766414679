// What a caller asks of one simulation run, and what it gets back.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "porttwin/kernel/time.hpp"

namespace porttwin::kernel {

enum class SchedulerKind : std::uint8_t {
  sequential,  ///< one event set, the global event order, no lookahead needed
  parallel,    ///< conservative time windows of the lookahead, LPs concurrently on oneTBB
};

[[nodiscard]] std::string_view to_string(SchedulerKind kind) noexcept;

enum class StopReason : std::uint8_t {
  end_time,   ///< no event before the end time is left
  predicate,  ///< the stop predicate said so at a checkpoint
};

[[nodiscard]] std::string_view to_string(StopReason reason) noexcept;

/// Called at every checkpoint with the checkpoint time. At that moment every
/// event before the checkpoint has been processed and none at or after it:
/// a consistent cut, identical for every scheduler and thread count, so a
/// predicate reading model state stops every scheduler at the same event.
/// Return true to stop the run there. Observers must only read model state.
using CheckpointFn = std::function<bool(Ticks checkpoint)>;

struct RunOptions {
  SchedulerKind scheduler = SchedulerKind::sequential;
  /// Parallel scheduler only: worker threads. 0 means "run in the calling
  /// oneTBB arena" (how the ensemble runner nests runs inside its own threads).
  int threads = 1;
  /// Parallel scheduler only: how many blocks of LPs (each with its own event
  /// set) a window is split into; 0 picks a default from LPs and threads.
  /// Changes speed only, never results.
  std::uint32_t blocks = 0;
  /// Events at or after this time are never processed (and not even stored).
  Ticks end_time = kTimeMax;
  /// Identifies the random streams: (seed, replication, LP).
  std::uint64_t seed = 1;
  std::uint32_t replication = 0;
  /// LP i draws from stream first_stream + i. Two models run for the same
  /// replication (the cyber layer's, then the port's) use disjoint ranges so
  /// their numbers are independent.
  std::uint32_t first_stream = 0;
  /// Checkpoints at every multiple of this interval (0: none).
  Ticks checkpoint_interval = 0;
  CheckpointFn at_checkpoint;
};

struct RunStats {
  std::uint64_t committed_events = 0;  ///< events processed (a committed event is a processed one)
  double wall_seconds = 0.0;
  double events_per_second = 0.0;
  std::uint64_t windows = 0;  ///< parallel scheduler: synchronisation windows; sequential: 0
  /// Largest number of pending events observed: exact for the sequential
  /// scheduler; at window barriers for the parallel one.
  std::uint64_t peak_pending_events = 0;
  std::uint64_t discarded_events = 0;  ///< sent for a time at or after end_time, never stored
  std::uint64_t peak_rss_bytes = 0;    ///< the process's peak resident memory so far
  /// Hash over the committed events in their total order; equal for every
  /// scheduler and thread count (see trace.hpp for why).
  std::uint64_t trace_hash = 0;
  Ticks final_time = 0;  ///< everything before this time has been processed
  StopReason stop_reason = StopReason::end_time;
  SchedulerKind scheduler = SchedulerKind::sequential;
  int threads = 1;
};

/// Peak resident set size of this process, in bytes (getrusage).
[[nodiscard]] std::uint64_t peak_rss_bytes() noexcept;

}  // namespace porttwin::kernel
