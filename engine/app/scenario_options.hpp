// Options every command that reads a scenario shares: the file, --set
// overrides and --allow-path, turned into a ScenarioDocument the same way
// everywhere.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "porttwin/scenario/document.hpp"

namespace porttwin::app {

struct ScenarioArgs {
  std::string file;
  std::vector<std::string> overrides;    ///< "dotted.path=value", in command-line order
  std::vector<std::string> allow_paths;  ///< directories besides the scenario's own its files may be in
};

/// Adds the positional FILE, `--set key=value` and `--allow-path DIR` (both
/// repeatable) to `command`.
void add_scenario_options(CLI::App& command, ScenarioArgs& args);

/// Reads the file and applies the overrides, problems and all (validate
/// lists them). Throws UsageError for a malformed --set or an --allow-path
/// that is not a directory, IoError for a file that cannot be read.
[[nodiscard]] scenario::ScenarioDocument read_scenario(const ScenarioArgs& args);

/// read_scenario(), then throws ScenarioError (every problem, one per line)
/// unless the document is valid.
[[nodiscard]] scenario::ScenarioDocument load_scenario(const ScenarioArgs& args);

}  // namespace porttwin::app
