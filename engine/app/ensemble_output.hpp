// `porttwin run --replications N`: the ensemble's progress line and its
// summary (mean and 95% confidence interval of every key figure), as text or
// JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "porttwin/run/ensemble.hpp"

namespace porttwin::app {

/// A progress line on stderr ("\r" rewritten): replications done, events/s, time left.
void print_progress(const run::EnsembleProgress& p);

void print_ensemble(const scenario::Scenario& scenario, const run::EnsembleOptions& options,
                    const run::EnsembleResult& result);

[[nodiscard]] nlohmann::ordered_json ensemble_json(const scenario::Scenario& scenario,
                                                   const run::EnsembleOptions& options,
                                                   const run::EnsembleResult& result);

}  // namespace porttwin::app
