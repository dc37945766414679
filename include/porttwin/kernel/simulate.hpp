// One entry point for a single run: pick the scheduler at run time.
#pragma once

#include <memory>

#include "porttwin/kernel/parallel_scheduler.hpp"
#include "porttwin/kernel/sequential_scheduler.hpp"

namespace porttwin::kernel {

/// Make the scheduler of the given kind for this model.
template <SimulationModel Model>
[[nodiscard]] std::unique_ptr<Scheduler<Model>> make_scheduler(SchedulerKind kind) {
  if (kind == SchedulerKind::parallel) return std::make_unique<ParallelScheduler<Model>>();
  return std::make_unique<SequentialScheduler<Model>>();
}

/// Run `model` once from time 0 with the scheduler `options` names.
template <SimulationModel Model>
RunStats simulate(Model& model, const LinkTable& links, const RunOptions& options) {
  return make_scheduler<Model>(options.scheduler)->run(model, links, options);
}

}  // namespace porttwin::kernel
