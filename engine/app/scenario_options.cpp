// The scenario FILE, --set and --allow-path options shared by every command
// that reads a scenario; see scenario_options.hpp.
#include "scenario_options.hpp"

#include <filesystem>
#include <system_error>

#include "porttwin/kernel/error.hpp"

namespace porttwin::app {

void add_scenario_options(CLI::App& command, ScenarioArgs& args) {
  command.add_option("FILE", args.file, "Scenario file (YAML); see 'porttwin schema' for every parameter")->required();
  command
      .add_option("--set", args.overrides,
                  "Override one parameter: dotted.path=value, the value as YAML with units, e.g. "
                  "--set settings.seed=7 --set 'terminals.ect.berths.deep.length=420 m' (repeatable, applied "
                  "in order)")
      ->type_name("PATH=VALUE")
      ->take_all()
      ->allow_extra_args(false);
  command
      .add_option("--allow-path", args.allow_paths,
                  "Let the scenario read files (base:, CSV timetables) below DIR too; by default only files in "
                  "the scenario file's own directory and below it are read (repeatable)")
      ->type_name("DIR")
      ->take_all()
      ->allow_extra_args(false);
}

scenario::ScenarioDocument read_scenario(const ScenarioArgs& args) {
  // Malformed arguments are usage errors, before the file is even read.
  for (const std::string& o : args.overrides) {
    const std::size_t eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError("--set expects PATH=VALUE, e.g. --set settings.seed=7; got '" + o + "'");
    }
  }
  for (const std::string& dir : args.allow_paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      throw UsageError("--allow-path expects a directory; '" + dir + "' is not one");
    }
  }
  scenario::ScenarioDocument doc = scenario::ScenarioDocument::from_file(args.file, args.allow_paths);
  for (const std::string& o : args.overrides) {
    const std::size_t eq = o.find('=');
    doc.set(std::string_view(o).substr(0, eq), std::string_view(o).substr(eq + 1));
  }
  return doc;
}

scenario::ScenarioDocument load_scenario(const ScenarioArgs& args) {
  scenario::ScenarioDocument doc = read_scenario(args);
  if (!doc.valid()) {
    std::string message;
    for (const scenario::Diagnostic& d : doc.problems()) {
      if (!message.empty()) message += '\n';
      message += d.to_string();
    }
    throw ScenarioError(message);
  }
  return doc;
}

}  // namespace porttwin::app
