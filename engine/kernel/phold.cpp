#include "porttwin/kernel/phold.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <string>

#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/kernel/simulate.hpp"
#include "porttwin/kernel/trace.hpp"

namespace porttwin::kernel {

namespace {

std::string number(double value) {
  std::string text = std::to_string(value);
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw UsageError(message);
}

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

}  // namespace

void validate(const PholdConfig& c, SchedulerKind scheduler) {
  require(c.lps >= 1 && c.lps <= kMaxLps,
          "lps must be between 1 and " + std::to_string(kMaxLps) + ", got " + std::to_string(c.lps));
  require(c.events_per_lp >= 1, "events-per-lp must be >= 1, got " + std::to_string(c.events_per_lp));
  require(std::isfinite(c.remote) && c.remote >= 0.0 && c.remote <= 1.0,
          "remote must be a probability in [0, 1], got " + number(c.remote));
  require(std::isfinite(c.lookahead) && c.lookahead >= 0.0,
          "lookahead must be >= 0 seconds, got " + number(c.lookahead));
  require(std::isfinite(c.mean) && c.mean > 0.0, "mean must be > 0 seconds, got " + number(c.mean));
  require(c.mean >= c.lookahead, "mean (" + number(c.mean) + " s) must be >= lookahead (" + number(c.lookahead) +
                                     " s): the increment is lookahead + Exp(mean - lookahead)");
  require(std::isfinite(c.end_time) && c.end_time > 0.0 && c.end_time <= to_seconds(kTimeMax),
          "end-time must be > 0 and at most " + number(to_seconds(kTimeMax)) + " seconds, got " + number(c.end_time));
  require(c.lookahead == 0.0 || from_seconds(c.lookahead) > 0,
          "lookahead " + number(c.lookahead) + " s is below the 1-microsecond tick");
  require(scheduler != SchedulerKind::parallel || from_seconds(c.lookahead) > 0,
          "the parallel scheduler needs lookahead > 0 (its windows are one lookahead long)");

  // A pending PHOLD event takes 24 bytes plus the event set's slack; refuse
  // sizes that cannot fit this machine rather than dying half way.
  constexpr double kBytesPerEvent = 48.0;
  const double needed = static_cast<double>(c.lps) * static_cast<double>(c.events_per_lp) * kBytesPerEvent +
                        static_cast<double>(c.lps) * static_cast<double>(sizeof(LpState));
  const auto available = static_cast<double>(physical_memory_bytes());
  require(available <= 0.0 || needed <= 0.8 * available,
          "lps x events-per-lp = " + number(static_cast<double>(c.lps) * static_cast<double>(c.events_per_lp)) +
              " pending events would need about " + number(std::round(needed / 1073741824.0)) +
              " GiB; this machine has " + number(std::round(available / 1073741824.0)) + " GiB");
}

Phold::Phold(const PholdConfig& config)
    : lp_count_(static_cast<LpId>(config.lps)),
      events_per_lp_(config.events_per_lp),
      remote_threshold_(static_cast<std::uint64_t>(std::ldexp(config.remote, 32))),
      lookahead_(from_seconds(config.lookahead)),
      tail_mean_ticks_(static_cast<double>(from_seconds(config.mean) - from_seconds(config.lookahead))),
      end_time_(from_seconds(config.end_time)) {}

namespace {

RunStats run_one(const PholdConfig& config, const PholdRunOptions& options, std::uint32_t replication, int threads) {
  Phold model(config);
  const LinkTable links = model.links();
  RunOptions run;
  run.scheduler = options.scheduler;
  run.threads = threads;
  run.blocks = options.blocks;
  run.end_time = model.end_time();
  run.seed = options.seed;
  run.replication = replication;
  return simulate(model, links, run);
}

}  // namespace

PholdResult run_phold(const PholdConfig& config, const PholdRunOptions& options) {
  validate(config, options.scheduler);
  require(options.threads >= 1, "threads must be >= 1, got " + std::to_string(options.threads));
  require(options.replications >= 1, "replications must be >= 1, got " + std::to_string(options.replications));

  PholdResult result;
  const auto start = std::chrono::steady_clock::now();
  if (options.replications == 1) {
    result.replications.push_back(run_one(config, options, 0, options.threads));
  } else {
    // Replications share the ensemble's threads; a parallel scheduler inside
    // runs in that same arena (threads = 0) rather than oversubscribing.
    result.replications = run_replications(0, options.replications, options.threads,
                                           [&](std::uint32_t rep) { return run_one(config, options, rep, 0); });
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  RunStats& total = result.total;
  total = result.replications.front();
  total.committed_events = 0;
  total.windows = 0;
  total.discarded_events = 0;
  total.peak_pending_events = 0;
  total.trace_hash = kTraceSeed;
  for (std::size_t i = 0; i < result.replications.size(); ++i) {
    const RunStats& rep = result.replications[i];
    total.committed_events += rep.committed_events;
    total.windows += rep.windows;
    total.discarded_events += rep.discarded_events;
    total.peak_pending_events = std::max(total.peak_pending_events, rep.peak_pending_events);
    total.trace_hash = fold_hashes(total.trace_hash, i, rep.trace_hash);
  }
  if (options.replications == 1) total.trace_hash = result.replications.front().trace_hash;
  total.wall_seconds = wall;
  total.events_per_second = wall > 0.0 ? static_cast<double>(total.committed_events) / wall : 0.0;
  total.threads = options.threads;
  total.peak_rss_bytes = peak_rss_bytes();
  return result;
}

}  // namespace porttwin::kernel
