// One replication, whole; see run/scenario_run.hpp.
#include "porttwin/run/scenario_run.hpp"

#include <algorithm>
#include <string>

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
        // A terminal that goes by part changes through its parts (below), not as a whole.
        if (l.node < outcome.by_part.size() && outcome.by_part[l.node]) break;
        out.push_back(port::CapacityChange{g.node(l.node).id, l.time_h, l.level, l.manual});
        break;
      default: break;  // no port LP: vendors, platforms, lines, berths, zones
    }
  }
  for (const auto& l : outcome.part_levels) {
    const std::string_view part = scenario::to_string(static_cast<scenario::TerminalPart>(l.part));
    out.push_back(port::CapacityChange{g.node(l.node).id + "." + std::string(part), l.time_h, l.level, l.manual});
  }
  // One list in time order: the port model applies changes at equal times in this order.
  std::stable_sort(out.begin(), out.end(),
                   [](const port::CapacityChange& a, const port::CapacityChange& b) { return a.at_h < b.at_h; });
  return out;
}

std::vector<port::QuayNotice> quay_notices(const scenario::Scenario& s, const graph::PortGraph& g,
                                           const cyber::CyberOutcome& outcome) {
  using graph::NodeKind;
  constexpr auto kQuay = static_cast<std::uint8_t>(scenario::TerminalPart::quay);
  constexpr int kMostNotices = 10000;  // per stop: a year of hourly re-announcements
  std::vector<port::QuayNotice> out;
  for (const cyber::StateChange& hit : outcome.states) {
    if (hit.state != cyber::CyberState::compromised) continue;
    const scenario::Incident& inc = s.cyber.incidents[hit.incident];
    if (!inc.announce_after_h) continue;
    const graph::NodeProps& node = g.node(hit.node);
    const bool stops_quay = node.kind == NodeKind::terminal ||
                            (node.kind == NodeKind::terminal_system && node.terminal != scenario::kNone &&
                             s.terminals[node.terminal].systems[node.entity].stops[static_cast<std::size_t>(kQuay)]);
    if (!stops_quay) continue;
    // The stop ends at the first level above 0 after the hit: the node's, or its quay's.
    const bool by_part = hit.node < outcome.by_part.size() && outcome.by_part[hit.node];
    double back = s.settings.horizon_h;
    for (const cyber::LevelChange& l : by_part ? outcome.part_levels : outcome.levels) {
      if (l.node == hit.node && l.time_h >= hit.time_h && l.level > 0.0 && (!by_part || l.part == kQuay)) {
        back = l.time_h;
        break;
      }
    }
    const double told = hit.time_h + *inc.announce_after_h;
    if (!(told < back)) continue;
    double expected = told + inc.expected_duration_h;
    out.push_back(port::QuayNotice{node.terminal, told, expected});
    for (int k = 0; expected < back && k < kMostNotices; ++k) {
      out.push_back(port::QuayNotice{node.terminal, expected, expected + inc.expected_duration_h});
      expected += inc.expected_duration_h;
    }
    if (back < s.settings.horizon_h) out.push_back(port::QuayNotice{node.terminal, back, back});
  }
  return out;
}

ScenarioRun run_scenario(const scenario::Scenario& s, const ScenarioRunOptions& options) {
  ScenarioRun out;
  if (!scenario::disrupted(s)) {
    out.port = port::run_port(s, options);
    return out;
  }
  const graph::PortGraph g = graph::build_port_graph(s);
  out.cyber = cyber::run_cyber(s, g, cyber::CyberRunOptions{options.scheduler, options.threads, options.replication});
  out.incident_changes = capacity_changes(g, *out.cyber);
  out.notices = quay_notices(s, g, *out.cyber);
  port::PortRunOptions disrupted = options;
  disrupted.model.notices.insert(disrupted.model.notices.end(), out.notices.begin(), out.notices.end());
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
