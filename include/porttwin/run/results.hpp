// Ensembles and sweeps written to a results file (docs/results-format.md).
//
// run_to_file runs replications with the one ensemble runner (run/runner.hpp)
// and a results-file sink: each finished replication's Record (its key
// figures, sampled series, events, node summaries) goes at once to a shard
// in `PATH.partial/`, so
// memory holds a few replications at a time whatever their number, and a
// crash (Ctrl-C, kill -9, a full disk) loses at most the replications that
// were running. When all are there, the shards are joined in replication
// order into `PATH.tmp`, the ensemble statistics are computed from it, the
// root attribute `complete` is set to 1 and the file is renamed to PATH.
// `resume` keeps the shards of an interrupted attempt at the same run (the
// manifest in the partial directory must match) and runs only the rest.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/io/results_file.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/run/ensemble.hpp"
#include "porttwin/run/runner.hpp"
#include "porttwin/run/variables.hpp"

namespace porttwin::run {

struct ResultsOptions {
  std::string path;  ///< the results file
  bool resume = false;
  std::string command_line;            ///< as typed, for the root attribute
  std::vector<std::string> overrides;  ///< the --set arguments (documentation and the resume check)
  Distributor* distributor = nullptr;  ///< null: this process's threads only
};

struct FileRunResult {
  std::vector<EnsembleResult> points;  ///< one per sweep point (one for a plain run), key figures in replication order
  std::uint32_t kept = 0;              ///< replications kept from an interrupted attempt
  std::uint32_t ran = 0;               ///< replications run now
  std::uint64_t file_bytes = 0;
  double write_seconds = 0.0;  ///< shards, joining and statistics (wall)
  std::uint32_t merged = 0;    ///< replications received from other processes (distributed runs)
  double merge_seconds = 0.0;  ///< the writer's time storing and joining those (wall)
};

/// Runs the ensemble (or, with `points`, the sweep) and writes PATH.
/// Throws IoError for an output that cannot be written (nothing that looks
/// complete is left behind), ScenarioError for a bad sweep value, UsageError
/// for a resume that does not match.
[[nodiscard]] FileRunResult run_to_file(const scenario::ScenarioDocument& document, const EnsembleOptions& ensemble,
                                        const ResultsOptions& results, const std::vector<SweepPoint>& points = {});

}  // namespace porttwin::run
