// `porttwin sweep`: a grid of overrides, each point an ensemble with the same
// replications (common random numbers), all in one results file.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "ensemble_output.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/run/figures.hpp"
#include "porttwin/run/results.hpp"
#include "scenario_options.hpp"

namespace porttwin::app {

namespace {

struct SweepArgs {
  ScenarioArgs scenario;
  std::vector<std::string> vary;
  std::string output;
  std::string seed;
  long long threads = 1;
  long long first = 0;
  long long replications = 10;
  std::vector<std::string> figures;
  bool resume = false;
  bool quiet = false;
  bool json = false;
};

/// Splits "v1,v2,..." at commas outside brackets and quotes (a value may be
/// a YAML list or a quoted string).
std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(current);
  for (std::string& v : out) {
    const auto b = v.find_first_not_of(' ');
    const auto e = v.find_last_not_of(' ');
    v = b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
  }
  return out;
}

/// The grid: every combination of the --vary values, the first --vary
/// varying slowest.
std::vector<run::SweepPoint> grid(const std::vector<std::string>& vary) {
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;
  for (const std::string& v : vary) {
    const std::size_t eq = v.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError(
          "--vary expects PATH=V1,V2,..., e.g. --vary defences.information_sharing.membership=0,0.5,1; "
          "got '" +
          v + "'");
    }
    std::vector<std::string> values = split_values(v.substr(eq + 1));
    for (const std::string& value : values) {
      if (value.empty()) throw UsageError("--vary " + v + ": an empty value");
    }
    for (const auto& axis : axes) {
      if (axis.first == v.substr(0, eq)) throw UsageError("--vary " + v.substr(0, eq) + " is given twice");
    }
    axes.emplace_back(v.substr(0, eq), std::move(values));
  }
  std::vector<run::SweepPoint> points{run::SweepPoint{}};
  for (const auto& [key, values] : axes) {
    std::vector<run::SweepPoint> next;
    for (const run::SweepPoint& p : points) {
      for (const std::string& value : values) {
        run::SweepPoint q = p;
        q.overrides.emplace_back(key, value);
        next.push_back(std::move(q));
      }
    }
    points = std::move(next);
    if (points.size() > 100'000) throw UsageError("--vary: more than 100000 points");
  }
  return points;
}

}  // namespace

CommandFn add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd =
      app.add_subcommand("sweep", "Run a grid of parameter values, an ensemble at each, into one results file");
  add_scenario_options(*cmd, args->scenario);
  cmd->add_option("--vary", args->vary,
                  "A parameter and its values: dotted.path=v1,v2,... (repeatable; the grid is every combination)")
      ->type_name("PATH=V1,V2,...")
      ->required()
      ->take_all()
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", args->output, "The results file (HDF5; see docs/results-format.md)")->required();
  cmd->add_option("--replications", args->replications, "Replications at each point (the same at every point)")
      ->capture_default_str();
  cmd->add_option("--replication", args->first, "First replication")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the random streams (default: the scenario's settings.seed)");
  CLI::Option* threads = cmd->add_option("--threads", args->threads,
                                         "Replications run at the same time (per rank under mpirun, where the default "
                                         "is this node's cores shared among its ranks)")
                             ->capture_default_str();
  cmd->add_option("--figures", args->figures, "Key figures to print per point (default: a few main ones)")
      ->delimiter(',');
  cmd->add_flag("--resume", args->resume, "Finish an interrupted sweep of the same command");
  cmd->add_flag("--quiet", args->quiet, "No progress line");
  cmd->add_flag("--json", args->json, "Print one JSON object instead of the table");
  cmd->footer(
      "Examples:\n"
      "  porttwin sweep scenarios/nzkg-information-sharing.yaml \\\n"
      "      --vary defences.information_sharing.membership=0,0.25,0.5,0.75,1 --replications 20 -o sharing.h5\n"
      "  porttwin sweep scenarios/pcs-outage-48h.yaml --vary 'cyber.incidents.pcs_outage.duration=6 h,24 h,72 h' \\\n"
      "      --vary defences.manual_fallback=true,false --replications 10 --threads 2 -o pcs-sweep.h5\n"
      "  mpirun -n 8 porttwin sweep scenarios/nzkg-information-sharing.yaml \\\n"
      "      --vary defences.information_sharing.membership=0,0.5,1 --replications 500 -o sharing.h5\n"
      "Every point runs replications R..R+N-1 with the same seeds (common random numbers), so\n"
      "differences between points are the parameters', not chance's. Values split at commas outside\n"
      "brackets and quotes. Each point is the group /point_NNN of the file; /sweep lists them.");

  return [args, threads] {
    SweepArgs a = *args;
    if (a.threads < 1 || a.threads > 4096) {
      throw UsageError("--threads must be between 1 and 4096, got " + std::to_string(a.threads));
    }
    if (a.replications < 1 || a.replications > 1'000'000) {
      throw UsageError("--replications must be between 1 and 1000000, got " + std::to_string(a.replications));
    }
    if (a.first < 0 || a.first + a.replications - 1 > 0xFFFF'FFFFLL) {
      throw UsageError("--replication must be between 0 and 4294967295 (with --replications)");
    }
    // Under mpirun, the points' replications are spread over the ranks.
    run::Distributor* const distributor = distribute();
    if (threads->count() == 0) a.threads = default_threads_per_rank(a.threads);
    const std::vector<run::SweepPoint> points = grid(a.vary);
    for (const std::string& f : a.figures) {
      if (run::find_figure(f) == nullptr)
        throw UsageError("--figures: no key figure '" + f + "' (see docs/results-format.md)");
    }
    ScenarioArgs scenario_args = a.scenario;
    if (!a.seed.empty()) scenario_args.overrides.push_back("settings.seed=" + a.seed);
    const scenario::ScenarioDocument document = load_scenario(scenario_args);
    const scenario::Scenario scenario = document.instantiate(static_cast<std::uint32_t>(a.first));

    run::EnsembleOptions ensemble;
    ensemble.first = static_cast<std::uint32_t>(a.first);
    ensemble.count = static_cast<std::uint32_t>(a.replications);
    ensemble.threads = static_cast<int>(a.threads);
    ensemble.run.threads = 0;
    if (!a.quiet && ::isatty(STDERR_FILENO) != 0) ensemble.progress = print_progress;
    run::ResultsOptions results;
    results.path = a.output;
    results.resume = a.resume;
    results.command_line = invocation();
    results.overrides = scenario_args.overrides;
    results.distributor = distributor;
    const StopOnInterrupt stop_on_interrupt;
    const run::FileRunResult written = run::run_to_file(document, ensemble, results, points);
    if (distributor != nullptr && !distributor->writer()) return static_cast<int>(kExitOk);

    std::vector<std::string> figures = a.figures;
    const auto& names = written.points.front().names;
    if (figures.empty()) {
      const bool incidents = porttwin::scenario::disrupted(scenario);
      for (const char* f : incidents ? std::vector<const char*>{"vessel_delay_h", "teu_backlog_peak", "recovery_95_h",
                                                                "nodes_compromised", "economic_loss_eur"}
                                     : std::vector<const char*>{"mean_wait_h", "berth_utilisation", "teu_handled"}) {
        figures.emplace_back(f);
      }
    }
    std::vector<std::size_t> columns;
    for (const std::string& f : figures) {
      const auto it = std::find(names.begin(), names.end(), f);
      if (it == names.end()) {
        std::string known;
        for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
        throw UsageError("--figures: no key figure '" + f + "' (this scenario has: " + known + ")");
      }
      columns.push_back(static_cast<std::size_t>(it - names.begin()));
    }
    if (a.json) {
      nlohmann::ordered_json out;
      out["scenario"] = scenario.name;
      out["output"] = a.output;
      out["replications"] = a.replications;
      out["first_replication"] = a.first;
      auto& list = out["points"] = nlohmann::ordered_json::array();
      for (std::size_t p = 0; p < points.size(); ++p) {
        nlohmann::ordered_json point;
        for (const auto& [key, value] : points[p].overrides) point["overrides"][key] = value;
        point["figures"] = ensemble_json(scenario, ensemble, written.points[p])["figures"];
        list.push_back(std::move(point));
      }
      std::cout << out.dump(2) << '\n';
      return static_cast<int>(kExitOk);
    }
    std::printf("%s: %zu points x %lld replications (%lld..%lld), seed %llu\n", scenario.name.c_str(), points.size(),
                a.replications, a.first, a.first + a.replications - 1,
                static_cast<unsigned long long>(scenario.settings.seed));
    for (std::size_t p = 0; p < points.size(); ++p) {
      std::string label;
      for (const auto& [key, value] : points[p].overrides) label += (label.empty() ? "" : ", ") + key + "=" + value;
      std::printf("  point %zu: %s\n", p, label.c_str());
      for (std::size_t c : columns) {
        const metrics::Summary& m = written.points[p].summaries[c];
        if (m.n == 0) {
          std::printf("    %-28s n/a (undefined in every replication)\n", names[c].c_str());
        } else {
          std::printf("    %-28s %12.4g  95%% CI [%.4g, %.4g]\n", names[c].c_str(), m.mean, m.ci95_low, m.ci95_high);
        }
      }
    }
    std::printf("  results: %s (%.1f MB)\n", a.output.c_str(), static_cast<double>(written.file_bytes) / 1e6);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
