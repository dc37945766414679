// See run/ensemble.hpp.
#include "porttwin/run/ensemble.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/run/figures.hpp"
#include "porttwin/run/runner.hpp"

namespace porttwin::run {

std::vector<std::pair<std::string, double>> key_figures(const ScenarioRun& r) {
  std::vector<std::pair<std::string, double>> out;
  for (const Figure* f : figures_for(r.cascade.has_value())) out.emplace_back(std::string(f->name), f->value(r));
  return out;
}

EnsembleResult run_ensemble(const scenario::ScenarioDocument& document, const EnsembleOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const Plan plan = make_plan(document, options.first, options.count);
  SummarySink summary(plan);
  struct Progress final : Observer {
    const std::function<void(const EnsembleProgress&)>& callback;
    explicit Progress(const std::function<void(const EnsembleProgress&)>& c) : callback(c) {}
    void finished(const Task& /*task*/, const EnsembleProgress& p) override {
      if (callback) callback(p);
    }
  } progress(options.progress);
  RunnerOptions runner;
  runner.threads = options.threads;
  runner.run = options.run;
  std::vector<std::uint32_t> todo(plan.tasks.size());
  for (std::uint32_t i = 0; i < todo.size(); ++i) todo[i] = i;
  Sink* sinks[] = {&summary};
  Observer* observers[] = {&progress};
  (void)run_plan(plan, todo, runner, sinks, observers);
  EnsembleResult out = std::move(summary.results().front());
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace porttwin::run
