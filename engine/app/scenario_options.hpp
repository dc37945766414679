// Options every command that reads a scenario shares: the file and --set
// overrides, turned into a validated ScenarioDocument the same way everywhere.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "porttwin/scenario/document.hpp"

namespace porttwin::app {

struct ScenarioArgs {
  std::string file;
  std::vector<std::string> overrides;  ///< "dotted.path=value", in command-line order
};

/// Adds the positional FILE and `--set key=value` (repeatable) to `command`.
void add_scenario_options(CLI::App& command, ScenarioArgs& args);

/// Reads the file and applies the overrides. Throws ScenarioError (every
/// problem, one per line) or UsageError (a malformed --set argument).
[[nodiscard]] scenario::ScenarioDocument load_scenario(const ScenarioArgs& args);

}  // namespace porttwin::app
