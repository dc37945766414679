// `porttwin schema [--format text|markdown]`: the reference of every scenario
// parameter, printed from the parameter table.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::app {

CommandFn add_schema_command(CLI::App& app) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("schema", "Print every scenario parameter: type, unit, default, range, meaning");
  // A string, not an enum: CLI11 2.1.2 mishandles enums with a uint8 underlying type.
  cmd->add_option("--format", *format, "text or markdown (as docs/scenario-reference.md)")
      ->check(CLI::IsMember({"text", "markdown"}))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  porttwin schema\n"
      "  porttwin schema --format markdown > reference.md");
  return [format] {
    const std::string reference = scenario::schema_reference(*format == "markdown");
    std::fwrite(reference.data(), 1, reference.size(), stdout);
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
