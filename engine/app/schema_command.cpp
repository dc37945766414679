// `porttwin schema [--figures] [--format text|markdown]`: the reference of
// every scenario parameter (from the parameter table) or of every key figure
// (from the figure table).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "porttwin/run/figures.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::app {

CommandFn add_schema_command(CLI::App& app) {
  auto format = std::make_shared<std::string>("text");
  auto figures = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("schema", "Print every scenario parameter: type, unit, default, range, meaning");
  cmd->add_flag("--figures", *figures, "Print every key figure instead (name, units, meaning; as docs/key-figures.md)");
  // A string, not an enum: CLI11 2.1.2 mishandles enums with a uint8 underlying type.
  cmd->add_option("--format", *format, "text or markdown (as docs/scenario-reference.md)")
      ->check(CLI::IsMember({"text", "markdown"}))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  porttwin schema\n"
      "  porttwin schema --format markdown > reference.md\n"
      "  porttwin schema --figures   # what /kpi, run --json and Python's Result.kpis hold");
  return [format, figures] {
    const bool markdown = *format == "markdown";
    const std::string reference = *figures ? run::figures_reference(markdown) : scenario::schema_reference(markdown);
    std::fwrite(reference.data(), 1, reference.size(), stdout);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
