// One replication, whole; see run/scenario_run.hpp.
#include "porttwin/run/scenario_run.hpp"

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/kernel/threads.hpp"

namespace porttwin::run {

std::vector<port::CapacityChange> capacity_changes(const graph::PortGraph& g, const cyber::CyberOutcome& outcome) {
  using graph::NodeKind;
  std::vector<port::CapacityChange> out;
  for (const auto& l : outcome.levels) {
    switch (g.node(l.node).kind) {
      case NodeKind::terminal:
      case NodeKind::crane_group:
      case NodeKind::yard_block:
      case NodeKind::gate:
      case NodeKind::terminal_system:
      case NodeKind::pcs:
      case NodeKind::customs:
      case NodeKind::port_authority:
      case NodeKind::hinterland_operator:
      case NodeKind::company:
        out.push_back(port::CapacityChange{g.node(l.node).id, l.time_h, l.level, l.manual});
        break;
      default: break;  // no port LP: vendors, platforms, lines, berths, zones
    }
  }
  return out;
}

ScenarioRun run_scenario(const scenario::Scenario& s, const ScenarioRunOptions& options) {
  ScenarioRun out;
  if (s.cyber.incidents.empty()) {
    out.port = port::run_port(s, options);
    return out;
  }
  const graph::PortGraph g = graph::build_port_graph(s);
  out.cyber = cyber::run_cyber(s, g, cyber::CyberRunOptions{options.scheduler, options.threads, options.replication});
  out.incident_changes = capacity_changes(g, *out.cyber);
  port::PortRunOptions disrupted = options;
  disrupted.model.capacity_changes.insert(disrupted.model.capacity_changes.end(), out.incident_changes.begin(),
                                          out.incident_changes.end());
  port::PortRunResult baseline;
  kernel::parallel_invoke([&] { out.port = port::run_port(s, disrupted); },
                          [&] { baseline = port::run_port(s, options); });
  out.baseline = std::move(baseline);
  out.reporting = cyber::classify_all(s, g, *out.cyber);
  out.cascade = metrics::cascade(s, g, *out.baseline, out.port, *out.cyber, out.reporting);
  return out;
}

}  // namespace porttwin::run
