// See run/ensemble.hpp.
#include "porttwin/run/ensemble.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/run/figures.hpp"

namespace porttwin::run {

std::vector<std::pair<std::string, double>> key_figures(const ScenarioRun& r) {
  std::vector<std::pair<std::string, double>> out;
  for (const Figure* f : figures_for(r.cascade.has_value())) out.emplace_back(std::string(f->name), f->value(r));
  return out;
}

EnsembleResult run_ensemble(const scenario::ScenarioDocument& document, const EnsembleOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::mutex progress_lock;
  EnsembleProgress progress;
  progress.total = options.count;
  struct One {
    std::vector<std::pair<std::string, double>> figures;
    std::uint64_t events = 0;
  };
  const auto results = kernel::run_replications(options.first, options.count, options.threads, [&](std::uint32_t rep) {
    const scenario::Scenario s = document.instantiate(rep);
    ScenarioRunOptions run = options.run;
    run.replication = rep;
    const ScenarioRun r = run_scenario(s, run);
    One one{key_figures(r), committed_events(r)};
    const std::lock_guard lock(progress_lock);
    ++progress.done;
    progress.events += one.events;
    progress.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (options.progress) options.progress(progress);
    return one;
  });
  EnsembleResult out;
  for (const auto& [name, value] : results.front().figures) out.names.push_back(name);
  for (const One& one : results) {
    std::vector<double> row;
    row.reserve(one.figures.size());
    for (const auto& [name, value] : one.figures) row.push_back(value);
    out.values.push_back(std::move(row));
    out.events += one.events;
  }
  for (std::size_t f = 0; f < out.names.size(); ++f) {
    std::vector<double> column;
    column.reserve(out.values.size());
    for (const auto& row : out.values) {
      if (!std::isnan(row[f])) column.push_back(row[f]);  // undefined (e.g. never recovered)
    }
    out.summaries.push_back(metrics::summarise(column));
  }
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace porttwin::run
