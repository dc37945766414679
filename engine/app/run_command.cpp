// `porttwin run`: a replication of a scenario, or an ensemble, its key
// figures printed (run/figures.hpp), optionally written to a results file.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cascade_output.hpp"
#include "commands.hpp"
#include "ensemble_output.hpp"
#include "format.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/port/run.hpp"
#include "porttwin/run/results.hpp"
#include "scenario_options.hpp"

namespace porttwin::app {

namespace {

struct RunArgs {
  ScenarioArgs scenario;
  std::string scheduler = "sequential";
  long long threads = 1;
  long long blocks = 0;
  long long replication = 0;
  std::string seed;  // empty: the scenario's settings.seed
  bool json = false;
  long long replications = 1;
  bool quiet = false;
  std::string output;  // empty: write nothing
  bool resume = false;
};

/// A figure as JSON: null for NaN (undefined) and infinities, whole numbers
/// for counts, true/false for flags (1/0 in /kpi), else the double as /kpi holds it.
template <class F>
nlohmann::ordered_json figure_json(const F& f, double x) {
  if (!std::isfinite(x)) return nullptr;
  if (f.style == run::FigureStyle::flag) return x != 0.0;
  if (f.style == run::FigureStyle::count && x == std::floor(x) && std::fabs(x) < 9e15) {
    return static_cast<std::int64_t>(x);
  }
  return x;
}

void print_json(const scenario::Scenario& s, const RunArgs& a, const run::ScenarioRun& whole) {
  const port::PortRunResult& r = whole.port;
  nlohmann::ordered_json out;
  out["scenario"] = s.name;
  out["seed"] = s.settings.seed;
  out["replication"] = a.replication;
  out["horizon_h"] = s.settings.horizon_h;
  out["warmup_h"] = s.settings.warmup_h;
  // Every key figure, as /kpi holds it (run/figures.hpp): one definition each.
  for (const run::Figure* f : run::figures_for(whole.cascade.has_value()))
    out[f->name] = figure_json(*f, f->value(whole));
  // How the port run went (the kernel's speed, not a figure of the port).
  out["port_events"] = r.run.committed_events;
  out["events_per_second"] = r.run.events_per_second;
  out["wall_seconds"] = r.run.wall_seconds;
  out["peak_rss_bytes"] = r.run.peak_rss_bytes;
  out["windows"] = r.run.windows;
  out["scheduler"] = kernel::to_string(r.run.scheduler);
  out["threads"] = r.run.threads;
  out["trace_hash"] = hex(r.run.trace_hash);
  auto& terminals = out["terminals"] = nlohmann::ordered_json::array();
  // Every terminal figure, as /kpi/terminal_<name> holds it, in the terminal's yard_unit where it says so.
  const auto terminal_figures = run::terminal_figures_for(whole.cascade.has_value());
  for (std::size_t t = 0; t < r.terminals.size(); ++t) {
    nlohmann::ordered_json one;
    one["id"] = r.terminals[t].id;
    one["yard_unit"] = std::string(scenario::yard_unit(s.terminals[t].cargo));
    for (const run::TerminalFigure* f : terminal_figures) one[f->name] = figure_json(*f, f->value(whole, t));
    terminals.push_back(std::move(one));
  }
  auto& companies = out["companies"] = nlohmann::ordered_json::array();
  for (const auto& c : r.companies) {
    companies.push_back({{"id", c.id},
                         {"consumed", c.consumed},
                         {"shortfall", c.shortfall},
                         {"shortage_h", c.shortage_h},
                         {"end_stock", c.end_stock}});
  }
  add_cascade_json(out, s, whole);
  std::cout << out.dump(2) << '\n';
}

/// The figures of one group, one line each; those that are zero share one line.
void print_figures(const run::ScenarioRun& whole, run::FigureGroup group) {
  std::string zeros;
  for (const run::Figure* f : run::figures_for(whole.cascade.has_value())) {
    if (f->group != group || f->name == "events") continue;
    const double v = f->value(whole);
    if (v == 0.0) {
      zeros += (zeros.empty() ? "" : ", ") + std::string(f->long_name);
      continue;
    }
    std::printf("  %-46s %s\n", std::string(f->long_name).c_str(), format_figure(*f, v).c_str());
  }
  if (!zeros.empty()) std::printf("  zero: %s\n", zeros.c_str());
}

void print_summary(const scenario::Scenario& s, const run::ScenarioRun& whole) {
  const port::PortRunResult& r = whole.port;
  std::printf("%s: %.0f days (warm-up %.0f days), seed %llu\n", s.name.c_str(), s.settings.horizon_h / 24.0,
              s.settings.warmup_h / 24.0, static_cast<unsigned long long>(s.settings.seed));
  print_figures(whole, run::FigureGroup::port);
  for (const auto& c : r.companies) {
    std::printf("  company %-13s %.0f h short of supply, %.3g consumed\n", printable(c.id).c_str(), c.shortage_h,
                c.consumed);
  }
  std::printf("  events                %s in %.2f s (%.2f million/s, %s, %d thread%s), peak memory %.0f MiB\n",
              grouped(r.run.committed_events).c_str(), r.run.wall_seconds, r.run.events_per_second / 1e6,
              std::string(kernel::to_string(r.run.scheduler)).c_str(), r.run.threads, r.run.threads == 1 ? "" : "s",
              static_cast<double>(r.run.peak_rss_bytes) / 1048576.0);
  if (whole.cascade) {
    std::printf("cyber incidents (against a baseline run with the same seed)\n");
    print_figures(whole, run::FigureGroup::cascade);
  }
}

}  // namespace

CommandFn add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario and print its key figures");
  add_scenario_options(*cmd, args->scenario);
  cmd->add_option("--seed", args->seed, "Seed of the random streams (default: the scenario's settings.seed)");
  cmd->add_option("--replication", args->replication, "Which replication to run (its own random streams)")
      ->capture_default_str();
  cmd->add_option("--scheduler", args->scheduler, "sequential or parallel")
      ->check(CLI::IsMember({"sequential", "parallel"}))
      ->capture_default_str();
  CLI::Option* threads =
      cmd->add_option("--threads", args->threads,
                      "Worker threads of the parallel scheduler; for an ensemble, replications at a time (per rank "
                      "under mpirun, where the default is this node's cores shared among its ranks)")
          ->capture_default_str();
  cmd->add_option("--blocks", args->blocks, "Parallel scheduler: LP blocks per window (0 = default; speed only)")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print one JSON object instead of the summary");
  cmd->add_option("--replications", args->replications,
                  "Run an ensemble of N replications (from --replication on), --threads of them at a time, and "
                  "print each key figure's mean and 95% confidence interval")
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "No progress line (an ensemble shows one on a terminal)");
  cmd->add_option("-o,--output", args->output,
                  "Write the results (every replication's key figures, time series, events, node summaries and the "
                  "ensemble statistics) to this HDF5 file; see docs/results-format.md");
  cmd->add_flag("--resume", args->resume,
                "Finish an interrupted run of the same command: keep the replications in OUTPUT.partial/ and run "
                "the rest");
  cmd->footer(
      "Examples:\n"
      "  porttwin run scenarios/rotterdam-baseline.yaml\n"
      "  porttwin run scenarios/rotterdam-baseline.yaml --scheduler parallel --threads 2 --json\n"
      "  porttwin run scenarios/mmc-validation.yaml --set settings.horizon=\"30 d\" --seed 7\n"
      "  porttwin run scenarios/terminal-ransomware.yaml --replications 20 --threads 2\n"
      "  porttwin run scenarios/pcs-outage-48h.yaml --replications 100 --threads 2 -o pcs.h5\n"
      "  porttwin run scenarios/pcs-outage-48h.yaml --replications 100 --threads 2 -o pcs.h5 --resume\n"
      "  mpirun -n 8 porttwin run scenarios/pcs-outage-48h.yaml --replications 10000 -o pcs.h5\n"
      "    (over MPI ranks: rank 0 writes the file, the same as one process's; --threads is per rank)\n"
      "The same scenario, seed and replication give bit-identical figures with either scheduler\n"
      "and any thread count (compare trace_hash in --json).");

  return [args, threads] {
    RunArgs a = *args;
    if (a.threads < 1 || a.threads > 4096) {
      throw UsageError("--threads must be between 1 and 4096, got " + std::to_string(a.threads));
    }
    if (a.blocks < 0 || a.blocks > 1'000'000) {
      throw UsageError("--blocks must be between 0 and 1e6, got " + std::to_string(a.blocks));
    }
    if (a.replication < 0 || a.replication > 0xFFFF'FFFFLL) {
      throw UsageError("--replication must be between 0 and 4294967295, got " + std::to_string(a.replication));
    }
    if (a.replications < 1 || a.replications > 1'000'000) {
      throw UsageError("--replications must be between 1 and 1000000, got " + std::to_string(a.replications));
    }
    if (a.replication + a.replications - 1 > 0xFFFF'FFFFLL) {
      throw UsageError("--replication + --replications goes past replication 4294967295");
    }
    // Under mpirun an ensemble is spread over the ranks; a single run is rank 0's alone.
    const bool is_ensemble = a.replications > 1 || !a.output.empty();
    if (!is_ensemble && idle_rank()) return static_cast<int>(kExitOk);
    run::Distributor* const distributor = is_ensemble ? distribute() : nullptr;
    if (is_ensemble && threads->count() == 0) a.threads = default_threads_per_rank(a.threads);
    ScenarioArgs scenario_args = a.scenario;
    if (!a.seed.empty()) scenario_args.overrides.push_back("settings.seed=" + a.seed);
    const scenario::ScenarioDocument document = load_scenario(scenario_args);
    const auto replication = static_cast<std::uint32_t>(a.replication);
    const scenario::Scenario scenario = document.instantiate(replication);
    if (a.resume && a.output.empty()) throw UsageError("--resume needs -o/--output (the file whose run to finish)");
    if (is_ensemble) {
      // An ensemble: --threads replications at a time, each on the chosen
      // scheduler in the same oneTBB arena.
      run::EnsembleOptions ensemble;
      ensemble.first = replication;
      ensemble.count = static_cast<std::uint32_t>(a.replications);
      ensemble.threads = static_cast<int>(a.threads);
      ensemble.run.scheduler =
          a.scheduler == "parallel" ? kernel::SchedulerKind::parallel : kernel::SchedulerKind::sequential;
      ensemble.run.threads = 0;
      ensemble.run.blocks = static_cast<std::uint32_t>(a.blocks);
      if (!a.quiet && ::isatty(STDERR_FILENO) != 0) ensemble.progress = print_progress;
      // An ensemble without a file: its key figures' summary.
      const auto print_plain = [&](const run::EnsembleResult& result) {
        if (a.json) {
          std::cout << ensemble_json(scenario, ensemble, result).dump(2) << '\n';
        } else {
          print_ensemble(scenario, ensemble, result);
        }
        return static_cast<int>(kExitOk);
      };
      // Ranks need a file to gather in: without -o, a temporary one.
      TemporaryDirectory scratch;
      if (distributor != nullptr && a.output.empty() && distributor->writer()) scratch.create();
      if (!a.output.empty() || distributor != nullptr) {
        run::ResultsOptions results;
        results.path = a.output.empty() ? scratch.file("ensemble.h5") : a.output;
        results.distributor = distributor;
        results.resume = a.resume;
        results.command_line = invocation();
        results.overrides = scenario_args.overrides;
        const StopOnInterrupt stop_on_interrupt;
        const run::FileRunResult written = run::run_to_file(document, ensemble, results);
        if (distributor != nullptr && !distributor->writer()) return static_cast<int>(kExitOk);
        const run::EnsembleResult& result = written.points.front();
        if (a.output.empty()) return print_plain(result);  // no file asked for
        if (a.json) {
          nlohmann::ordered_json out = ensemble_json(scenario, ensemble, result);
          out["output"] = a.output;
          out["replications_kept"] = written.kept;
          out["replications_run"] = written.ran;
          out["file_bytes"] = written.file_bytes;
          out["write_seconds"] = written.write_seconds;
          if (distributor != nullptr) {
            out["replications_merged"] = written.merged;  // received from other ranks
            out["merge_seconds"] = written.merge_seconds;
          }
          std::cout << out.dump(2) << '\n';
        } else {
          print_ensemble(scenario, ensemble, result);
          std::printf(
              "  results                  %s (%.1f MB%s)\n", a.output.c_str(),
              static_cast<double>(written.file_bytes) / 1e6,
              written.kept > 0 ? (", " + std::to_string(written.kept) + " replications kept from before").c_str() : "");
        }
        return static_cast<int>(kExitOk);
      }
      return print_plain(run::run_ensemble(document, ensemble));
    }
    run::ScenarioRunOptions options;
    options.scheduler = a.scheduler == "parallel" ? kernel::SchedulerKind::parallel : kernel::SchedulerKind::sequential;
    options.threads = static_cast<int>(a.threads);
    options.blocks = static_cast<std::uint32_t>(a.blocks);
    options.replication = replication;
    const run::ScenarioRun result = run::run_scenario(scenario, options);
    if (a.json) {
      print_json(scenario, a, result);
    } else {
      print_summary(scenario, result);
      print_cascade(scenario, result);
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
