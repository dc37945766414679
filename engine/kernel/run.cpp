#include "porttwin/kernel/run.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <string>

#include "porttwin/kernel/context.hpp"
#include "porttwin/kernel/lp_block.hpp"

namespace porttwin::kernel {

std::string_view to_string(SchedulerKind kind) noexcept {
  return kind == SchedulerKind::parallel ? "parallel" : "sequential";
}

std::string_view to_string(StopReason reason) noexcept {
  return reason == StopReason::predicate ? "predicate" : "end_time";
}

std::uint64_t peak_rss_bytes() noexcept {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024U;  // Linux reports KiB
}

namespace {

std::string seconds_text(Ticks ticks) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f s", to_seconds(ticks));
  return buffer;
}

}  // namespace

void validate_run(const RunOptions& options, const LinkTable& links, std::uint64_t model_lp_count) {
  if (model_lp_count != links.lp_count()) {
    throw UsageError("the model has " + std::to_string(model_lp_count) + " LPs but its link table " +
                     std::to_string(links.lp_count()));
  }
  if (model_lp_count > kMaxLps) {
    throw UsageError("a run holds at most " + std::to_string(kMaxLps) + " LPs, got " + std::to_string(model_lp_count));
  }
  if (options.threads < 0) throw UsageError("threads must be >= 0, got " + std::to_string(options.threads));
  if (options.end_time < 0) throw UsageError("the end time must be >= 0");
  if (options.end_time > kTimeMax)
    throw UsageError("the end time is beyond the largest time, " + seconds_text(kTimeMax));
  if (options.checkpoint_interval < 0) throw UsageError("the checkpoint interval must be >= 0");
  if (options.checkpoint_interval > 0) {
    if (options.end_time >= kTimeMax) {
      throw UsageError("checkpoints need a finite end time (they fall at every interval until the end)");
    }
    constexpr Ticks kMaxCheckpoints = 1'000'000'000;
    if (options.end_time / options.checkpoint_interval > kMaxCheckpoints) {
      throw UsageError("the checkpoint interval " + seconds_text(options.checkpoint_interval) +
                       " gives more than 1e9 checkpoints before the end time " + seconds_text(options.end_time));
    }
  }
  if (options.scheduler == SchedulerKind::parallel && links.lookahead() <= 0) {
    throw UsageError("the parallel scheduler needs a lookahead > 0 (the smallest link latency), got " +
                     seconds_text(links.lookahead()) + "; use the sequential scheduler");
  }
}

namespace detail {

void refuse_send(const LinkTable& links, LpId self, Ticks now, const EventKey& current, LpId dst, Ticks delay,
                 Priority priority, std::uint64_t sent) {
  std::string where = "LP " + std::to_string(self) + " at t=" + seconds_text(now);
  if (current == EventKey{}) {
    where += " (init)";
  } else {
    where += " (handling event " + std::to_string(current.source()) + "#" + std::to_string(current.sequence()) + ")";
  }
  std::string why;
  if (dst >= links.lp_count()) {
    why = "sends to LP " + std::to_string(dst) + ", but LPs are 0.." + std::to_string(links.lp_count() - 1);
  } else if (delay < 0) {
    why = "sends to LP " + std::to_string(dst) + " with a negative delay " + seconds_text(delay);
  } else if (delay > kTimeMax) {
    why = "sends to LP " + std::to_string(dst) + " with a delay beyond the largest time";
  } else if (priority >= kPriorityLevels) {
    why = "uses priority " + std::to_string(priority) + "; priorities are 0.." + std::to_string(kPriorityLevels - 1);
  } else if (sent > kMaxSequence) {
    why = "has sent " + std::to_string(sent) + " events, the most one LP may send in a run";
  } else if (const Ticks latency = links.latency(self, dst); latency < 0) {
    why = "sends to LP " + std::to_string(dst) + ", but no link leads there";
  } else {
    why = "sends to LP " + std::to_string(dst) + " with delay " + seconds_text(delay) +
          ", inside the link's minimum latency (lookahead) " + seconds_text(latency) +
          "; the message is refused rather than reordered";
  }
  throw SimulationError(where + ": " + why);
}

}  // namespace detail
}  // namespace porttwin::kernel
