// How `porttwin run` shows the cyber cascade of an incident scenario beyond
// its key figures (run/figures.hpp, printed with the others): who was hit
// when, the reporting classification and the exposed data; as JSON keys and
// as a text summary.
#pragma once

#include <nlohmann/json.hpp>

#include "porttwin/run/scenario_run.hpp"

namespace porttwin::app {

/// Adds the cascade's details to a `porttwin run --json` object (nothing for a
/// scenario without incidents).
void add_cascade_json(nlohmann::ordered_json& out, const scenario::Scenario& scenario, const run::ScenarioRun& run);

/// Prints the cascade part of the text summary.
void print_cascade(const scenario::Scenario& scenario, const run::ScenarioRun& run);

}  // namespace porttwin::app
