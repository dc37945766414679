// `porttwin phold`: runs the PHOLD yardstick and prints its figures.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "format.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/kernel/phold.hpp"

namespace porttwin::app {

namespace {

using kernel::PholdConfig;
using kernel::PholdResult;
using kernel::PholdRunOptions;
using kernel::SchedulerKind;

struct PholdArgs {
  long long lps = 1024;
  long long events_per_lp = 16;
  double remote = 0.1;
  double mean = 1.0;
  double lookahead = 0.1;
  double end_time = 100.0;
  std::string scheduler_name = "sequential";
  SchedulerKind scheduler = SchedulerKind::sequential;
  long long threads = 1;
  long long blocks = 0;
  long long replications = 1;
  unsigned long long seed = 1;
  bool json = false;
};

void print_json(const PholdArgs& a, const PholdResult& result) {
  const kernel::RunStats& t = result.total;
  nlohmann::ordered_json out;
  out["model"] = "phold";
  out["lps"] = a.lps;
  out["events_per_lp"] = a.events_per_lp;
  out["remote"] = a.remote;
  out["mean"] = a.mean;
  out["lookahead"] = a.lookahead;
  out["end_time"] = a.end_time;
  out["scheduler"] = kernel::to_string(a.scheduler);
  out["threads"] = a.threads;
  out["replications"] = a.replications;
  out["seed"] = a.seed;
  out["committed_events"] = t.committed_events;
  out["events_per_second"] = t.events_per_second;
  out["wall_seconds"] = t.wall_seconds;
  out["trace_hash"] = hex(t.trace_hash);
  out["peak_pending_events"] = t.peak_pending_events;
  out["windows"] = t.windows;
  out["discarded_events"] = t.discarded_events;
  out["peak_rss_bytes"] = t.peak_rss_bytes;
  out["time_unit"] = "1 tick = 1 microsecond; times in seconds";
  if (result.replications.size() > 1) {
    auto& reps = out["per_replication"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < result.replications.size(); ++i) {
      const kernel::RunStats& r = result.replications[i];
      reps.push_back({{"replication", i},
                      {"committed_events", r.committed_events},
                      {"trace_hash", hex(r.trace_hash)},
                      {"wall_seconds", r.wall_seconds}});
    }
  }
  std::cout << out.dump(2) << '\n';
}

void print_summary(const PholdArgs& a, const PholdResult& result) {
  const kernel::RunStats& t = result.total;
  std::printf("PHOLD: %lld LPs x %lld events, remote %.3g, mean %.6g s, lookahead %.6g s, end time %.6g s\n", a.lps,
              a.events_per_lp, a.remote, a.mean, a.lookahead, a.end_time);
  std::printf("  scheduler %s, %lld thread%s, %lld replication%s, seed %llu\n",
              std::string(kernel::to_string(a.scheduler)).c_str(), a.threads, a.threads == 1 ? "" : "s", a.replications,
              a.replications == 1 ? "" : "s", a.seed);
  std::printf("  committed events   %s\n", grouped(t.committed_events).c_str());
  std::printf("  wall time          %.3f s\n", t.wall_seconds);
  std::printf("  events per second  %.2f million\n", t.events_per_second / 1e6);
  std::printf("  windows            %s\n", grouped(t.windows).c_str());
  std::printf("  peak pending       %s events\n", grouped(t.peak_pending_events).c_str());
  std::printf("  peak memory        %.1f MiB\n", static_cast<double>(t.peak_rss_bytes) / 1048576.0);
  std::printf("  trace hash         %s\n", hex(t.trace_hash).c_str());
}

std::uint64_t non_negative(long long value, const char* flag) {
  if (value < 0) throw UsageError(std::string(flag) + " must be >= 0, got " + std::to_string(value));
  return static_cast<std::uint64_t>(value);
}

}  // namespace

CommandFn add_phold_command(CLI::App& app) {
  auto args = std::make_shared<PholdArgs>();
  CLI::App* cmd =
      app.add_subcommand("phold", "Run the PHOLD benchmark model: the kernel's yardstick of raw event speed");
  cmd->add_option("--lps", args->lps, "Number of logical processes")->capture_default_str();
  cmd->add_option("--events-per-lp", args->events_per_lp, "Events each LP starts with")->capture_default_str();
  cmd->add_option("--remote", args->remote, "Probability that a new event goes to a random LP, in [0, 1]")
      ->capture_default_str();
  cmd->add_option("--mean", args->mean, "Mean time increment in seconds (lookahead + exponential tail)")
      ->capture_default_str();
  cmd->add_option("--lookahead", args->lookahead, "Minimum time increment in seconds (the link latency)")
      ->capture_default_str();
  cmd->add_option("--end-time", args->end_time, "Simulated seconds; events at or after it are not processed")
      ->capture_default_str();
  cmd->add_option("--scheduler", args->scheduler_name, "sequential or parallel")
      ->check(CLI::IsMember({"sequential", "parallel"}))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads,
                  "Worker threads: the parallel scheduler's with one replication; with several, replications run "
                  "concurrently on them")
      ->capture_default_str();
  cmd->add_option("--blocks", args->blocks, "Parallel scheduler: LP blocks per window (0 = default; speed only)")
      ->capture_default_str();
  cmd->add_option("--replications", args->replications, "Independent replications (seeds differ by replication)")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the random streams")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print one JSON object instead of the summary");
  cmd->footer(
      "Examples:\n"
      "  porttwin phold --lps 1024 --events-per-lp 16 --remote 0.1 --mean 1 --lookahead 0.1 --end-time 100\n"
      "  porttwin phold --lps 16384 --scheduler parallel --threads 2 --json\n"
      "  porttwin phold --replications 8 --threads 2 --end-time 20");

  return [args] {
    args->scheduler = args->scheduler_name == "parallel" ? SchedulerKind::parallel : SchedulerKind::sequential;
    const PholdArgs& a = *args;
    PholdConfig config;
    config.lps = non_negative(a.lps, "--lps");
    config.events_per_lp = non_negative(a.events_per_lp, "--events-per-lp");
    config.remote = a.remote;
    config.mean = a.mean;
    config.lookahead = a.lookahead;
    config.end_time = a.end_time;
    if (a.threads < 1 || a.threads > 4096) {
      throw UsageError("--threads must be between 1 and 4096, got " + std::to_string(a.threads));
    }
    if (a.replications < 1 || a.replications > 100'000'000) {
      throw UsageError("--replications must be between 1 and 1e8, got " + std::to_string(a.replications));
    }
    if (a.blocks < 0 || a.blocks > 1'000'000) {
      throw UsageError("--blocks must be between 0 and 1e6, got " + std::to_string(a.blocks));
    }
    PholdRunOptions options;
    options.scheduler = a.scheduler;
    options.threads = static_cast<int>(a.threads);
    options.blocks = static_cast<std::uint32_t>(a.blocks);
    options.replications = static_cast<std::uint32_t>(a.replications);
    options.seed = a.seed;
    const PholdResult result = kernel::run_phold(config, options);
    if (a.json) {
      print_json(a, result);
    } else {
      print_summary(a, result);
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
