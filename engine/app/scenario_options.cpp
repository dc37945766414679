// The scenario FILE and --set options shared by every command that reads a
// scenario; see scenario_options.hpp.
#include "scenario_options.hpp"

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
}

scenario::ScenarioDocument load_scenario(const ScenarioArgs& args) {
  // Malformed arguments are usage errors, before the file is even read.
  for (const std::string& o : args.overrides) {
    const std::size_t eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError("--set expects PATH=VALUE, e.g. --set settings.seed=7; got '" + o + "'");
    }
  }
  scenario::ScenarioDocument doc = scenario::ScenarioDocument::from_file(args.file);
  for (const std::string& o : args.overrides) {
    const std::size_t eq = o.find('=');
    doc.set(std::string_view(o).substr(0, eq), std::string_view(o).substr(eq + 1));
  }
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
