// `porttwin graph`: writes a scenario's dependency graph as GraphML or DOT.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>

#include "commands.hpp"
#include "porttwin/graph/export.hpp"
#include "porttwin/graph/port_graph.hpp"
#include "porttwin/io/files.hpp"
#include "porttwin/kernel/error.hpp"
#include "scenario_options.hpp"

namespace porttwin::app {

namespace {

struct GraphArgs {
  ScenarioArgs scenario;
  std::string format;
  std::string output;  ///< "" or "-" for standard output
};

}  // namespace

CommandFn add_graph_command(CLI::App& app) {
  auto args = std::make_shared<GraphArgs>();
  CLI::App* cmd = app.add_subcommand(
      "graph", "Write the port's typed dependency graph (companies, equipment, their dependencies) as GraphML or DOT");
  add_scenario_options(*cmd, args->scenario);
  cmd->add_option("--format", args->format,
                  "graphml (for yEd, Gephi, networkx) or dot (for Graphviz: one cluster per zone)")
      ->required()
      ->check(CLI::IsMember({"graphml", "dot"}));
  cmd->add_option("-o,--output", args->output,
                  "File to write (default, or '-': standard output); written to a temporary name beside it and "
                  "renamed when complete");
  cmd->footer(
      "An edge A -> B means B depends on A; edge types: physical_flow, data_flow, control, remote_access, service.\n"
      "Examples:\n"
      "  porttwin graph scenarios/mmc-validation.yaml --format graphml -o port.graphml\n"
      "  porttwin graph scenarios/mmc-validation.yaml --format dot | dot -Tsvg -o port.svg\n"
      "  porttwin graph port.yaml --format dot --set terminals.ect_delta.cranes.sts.remote_maintenance=false");

  return [args] {
    const scenario::ScenarioDocument document = load_scenario(args->scenario);
    const graph::PortGraph port_graph = graph::build_port_graph(document.instantiate(0));
    std::ostringstream text;
    if (args->format == "dot") {
      graph::write_dot(text, port_graph);
    } else {
      graph::write_graphml(text, port_graph);
    }
    if (args->output.empty() || args->output == "-") {
      std::cout << text.str() << std::flush;
      if (!std::cout) throw IoError("cannot write the graph to standard output");
    } else {
      io::write_file_atomically(args->output, text.str(), io::Durability::disk);
      std::printf("%zu nodes, %zu edges written to %s (%s)\n", port_graph.node_count(), port_graph.edge_count(),
                  args->output.c_str(), args->format.c_str());
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
