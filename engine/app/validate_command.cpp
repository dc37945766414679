// `porttwin validate FILE [--set k=v ...]`: every problem of a scenario, one
// per line as file:line:column: message; or a one-line summary when valid.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "porttwin/graph/attack.hpp"
#include "porttwin/graph/port_graph.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/port/setup.hpp"
#include "porttwin/scenario/document.hpp"
#include "porttwin/scenario/workload.hpp"
#include "scenario_options.hpp"

namespace porttwin::app {
namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
  std::string out = std::to_string(n);
  out += ' ';
  out += n == 1 ? one : many;
  return out;
}

/// "about 7.9 million", "about 140 thousand": two significant digits.
std::string about(double n) {
  const char* unit = n >= 1e9 ? " billion" : n >= 1e6 ? " million" : n >= 1e4 ? " thousand" : "";
  const double scaled = n >= 1e9 ? n / 1e9 : n >= 1e6 ? n / 1e6 : n >= 1e4 ? n / 1e3 : n;
  const double magnitude = scaled > 0.0 ? std::pow(10.0, std::floor(std::log10(scaled)) - 1.0) : 1.0;
  const double rounded = std::round(scaled / magnitude) * magnitude;
  char text[64];
  std::snprintf(text, sizeof text, rounded < 10.0 ? "about %.1f%s" : "about %.0f%s", rounded, unit);
  return text;
}

std::string summary(const scenario::Scenario& s) {
  std::size_t berths = 0;
  std::size_t cranes = 0;
  std::size_t blocks = 0;
  std::size_t gates = 0;
  for (const scenario::Terminal& t : s.terminals) {
    berths += t.berths.size();
    blocks += t.yard_blocks.size();
    gates += t.gates.size();
    for (const scenario::CraneGroup& g : t.crane_groups) cranes += g.count;
  }
  return plural(s.terminals.size(), "terminal", "terminals") + ", " + plural(berths, "berth", "berths") + ", " +
         plural(cranes, "crane", "cranes") + ", " + plural(blocks, "yard block", "yard blocks") + ", " +
         plural(gates, "gate", "gates") + ", " +
         plural(s.traffic.vessel_classes.size(), "vessel class", "vessel classes") + ", " +
         plural(s.traffic.streams.size(), "arrival stream", "arrival streams") + ", " +
         plural(s.hinterland.size(), "hinterland operator", "hinterland operators") + ", " +
         plural(s.companies.size(), "company", "companies") + ", " +
         plural(s.dependencies.size(), "declared dependency", "declared dependencies") +
         (s.cyber.incidents.empty() ? std::string()
                                    : ", " + plural(s.cyber.incidents.size(), "cyber incident", "cyber incidents")) +
         (s.base_file.empty() ? std::string() : " (on base " + s.base_file + ")") + "; " +
         about(scenario::estimate_workload(s).events) + " events per run";
}

}  // namespace

CommandFn add_validate_command(CLI::App& app) {
  auto args = std::make_shared<ScenarioArgs>();
  CLI::App* cmd = app.add_subcommand("validate", "Check a scenario file and list every problem in it");
  add_scenario_options(*cmd, *args);
  cmd->footer(
      "Prints each problem as FILE:LINE:COLUMN: what was expected, what was found, and exits 1;\n"
      "prints a one-line summary and exits 0 when the scenario is valid; exits 2 for bad arguments.\n"
      "Examples:\n"
      "  porttwin validate scenarios/mmc-validation.yaml\n"
      "  porttwin validate scenarios/mmc-validation.yaml --set settings.seed=7 --set 'traffic.arrivals.ships.rate=3 "
      "/d'\n"
      "  porttwin schema            # every parameter, its unit, default and range");

  return [args] {
    const scenario::ScenarioDocument doc = read_scenario(*args);
    if (!doc.valid()) {
      for (const scenario::Diagnostic& d : doc.problems()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
      std::fprintf(stderr, "porttwin validate: %s in %s\n",
                   plural(doc.problems().size(), "problem", "problems").c_str(), args->file.c_str());
      return static_cast<int>(kExitDataProblem);
    }
    const scenario::Scenario s = doc.instantiate(0);
    // What run (and graph, analyze) build before simulating, with the checks
    // they make, behind the scenario layer's own (which give positions): a
    // scenario validate passes is one they accept. These throw only if the
    // two sets of checks ever disagree.
    (void)port::Setup(s, {});
    const graph::PortGraph graph = graph::build_port_graph(s);
    if (!s.cyber.incidents.empty()) (void)graph::entry_points(graph, s);
    std::printf("%s: valid: %s\n", args->file.c_str(), summary(s).c_str());
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
