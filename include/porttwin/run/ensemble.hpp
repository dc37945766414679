// An ensemble: replications first .. first+count-1 of a scenario, run in
// parallel on oneTBB (kernel::run_replications), each one whole
// (run_scenario) and deterministic on its own, so the figures of replication
// k are the same alone or in a batch, on any number of threads. What is kept
// per replication is its key figures only, so memory does not grow with the
// horizon; the summaries (mean, sd, 95% CI) are computed in replication order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/metrics/statistics.hpp"
#include "porttwin/run/scenario_run.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::run {

/// The key figures of one replication, by name, in the table's order
/// (run/figures.hpp): the port's and, for a scenario with incidents, the cascade's.
[[nodiscard]] std::vector<std::pair<std::string, double>> key_figures(const ScenarioRun& run);

struct EnsembleProgress {
  std::uint32_t done = 0;
  std::uint32_t total = 0;
  std::uint64_t events = 0;   ///< committed so far, all port and cyber runs
  double wall_seconds = 0.0;  ///< since the ensemble started
};

struct EnsembleOptions {
  std::uint32_t first = 0;
  std::uint32_t count = 1;
  int threads = 1;         ///< replications run at the same time
  ScenarioRunOptions run;  ///< per replication (its `replication` is set by the runner)
  /// Called after each replication, one call at a time (from worker threads).
  std::function<void(const EnsembleProgress&)> progress;
};

struct EnsembleResult {
  std::vector<std::string> names;           ///< figure names
  std::vector<std::vector<double>> values;  ///< [replication][figure], replication order
  std::vector<metrics::Summary> summaries;  ///< per figure
  std::uint64_t events = 0;
  double wall_seconds = 0.0;
};

/// Runs the ensemble; an error in any replication is rethrown.
[[nodiscard]] EnsembleResult run_ensemble(const scenario::ScenarioDocument& document, const EnsembleOptions& options);

}  // namespace porttwin::run
