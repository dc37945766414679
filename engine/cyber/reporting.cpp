// The reportable-incident classification; rules in cyber/reporting.hpp.
#include "porttwin/cyber/reporting.hpp"

#include <algorithm>
#include <map>

#include "porttwin/cyber/propagation.hpp"

namespace porttwin::cyber {
namespace {

using graph::NodeKind;

bool runs_vessel_processes(NodeKind k) {
  return k == NodeKind::terminal || k == NodeKind::pcs || k == NodeKind::port_authority || k == NodeKind::shipping_line;
}
bool handles_cargo(NodeKind k) {
  return k == NodeKind::terminal || k == NodeKind::hinterland_operator || k == NodeKind::company;
}

/// First time the level is at or below `threshold`, and the first time it has
/// stayed there for `lasting` hours (or -1), within the horizon.
std::pair<double, double> first_interruption(const std::vector<std::pair<double, double>>& level, double threshold,
                                             double lasting, double horizon) {
  double first = -1.0;
  double sustained = -1.0;
  double since = -1.0;
  for (const auto& [t, l] : level) {
    if (l <= threshold) {
      if (first < 0.0) first = t;
      if (since < 0.0) since = t;
    } else if (since >= 0.0) {
      if (sustained < 0.0 && t - since >= lasting) sustained = since + lasting;
      since = -1.0;
    }
  }
  if (since >= 0.0 && sustained < 0.0 && horizon - since >= lasting) sustained = since + lasting;
  return {first, sustained};
}

}  // namespace

bool is_organisation(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::zone:
    case NodeKind::berth:
    case NodeKind::crane_group:
    case NodeKind::yard_block:
    case NodeKind::gate:
    case NodeKind::terminal_system: return false;
    default: return true;
  }
}

OrganisationReport classify(const OrganisationTimeline& org, const ReportingRules& rules) {
  OrganisationReport r;
  r.id = org.id;
  r.kind = org.kind;
  r.isps = org.isps;
  r.nis2 = org.nis2;
  r.hit_h = org.hit_h;
  r.detected_h = org.detected_h;
  r.hit = org.hit_h >= 0.0;
  if (!r.hit) return r;
  const auto [interrupted, sustained] =
      first_interruption(org.level, rules.interruption_level, rules.continuity_h, rules.horizon_h);
  if (org.isps) r.criteria_h[0] = org.stopped_h;
  if (runs_vessel_processes(org.kind)) r.criteria_h[1] = interrupted;
  if (handles_cargo(org.kind)) r.criteria_h[2] = interrupted;
  double danger = org.sensitive_h;
  if (org.nis2 == scenario::Nis2Class::essential && sustained >= 0.0) {
    danger = danger < 0.0 ? sustained : std::min(danger, sustained);
  }
  r.criteria_h[3] = danger;
  for (const double t : r.criteria_h) {
    if (t >= 0.0 && (r.criteria_met_h < 0.0 || t < r.criteria_met_h)) r.criteria_met_h = t;
  }
  r.reportable = r.criteria_met_h >= 0.0;
  r.must_report = r.reportable && org.isps;
  if (org.nis2 != scenario::Nis2Class::none && org.detected_h >= 0.0) {
    r.report_h = org.detected_h + org.report_delay_h;
    r.early_warning_due_h = org.detected_h + 24.0;
    r.notification_due_h = org.detected_h + 72.0;
    r.early_warning_on_time = r.report_h <= r.early_warning_due_h;
    r.notification_on_time = r.report_h <= r.notification_due_h;
  }
  return r;
}

std::vector<OrganisationReport> classify_all(const scenario::Scenario& s, const graph::PortGraph& g,
                                             const CyberOutcome& outcome) {
  const std::size_t n = g.node_count();
  // The organisation each node belongs to: equipment and berths to their terminal.
  std::vector<std::size_t> owner(n);
  for (std::size_t v = 0; v < n; ++v) {
    const graph::NodeProps& node = g.node(v);
    owner[v] = v;
    if (!is_organisation(node.kind) && node.terminal != scenario::kNone) {
      if (const auto t = g.find(s.terminals[node.terminal].id)) owner[v] = *t;
    }
  }
  std::map<std::size_t, OrganisationTimeline> orgs;
  const auto org = [&](std::size_t v) -> OrganisationTimeline& {
    const std::size_t o = owner[v];
    auto [it, added] = orgs.try_emplace(o);
    if (added) {
      OrganisationTimeline& t = it->second;
      t.id = g.node(o).id;
      t.kind = g.node(o).kind;
      t.isps = t.kind == NodeKind::terminal;
      t.report_delay_h = s.cyber.report_delay_h;
      for (const auto& p : s.cyber.profiles) {
        if (p.node != t.id) continue;
        if (p.isps) t.isps = *p.isps;
        t.nis2 = p.nis2;
        if (p.report_delay_h) t.report_delay_h = *p.report_delay_h;
      }
    }
    return it->second;
  };
  const auto first = [](double& slot, double t) {
    if (slot < 0.0 || t < slot) slot = t;
  };
  for (const StateChange& c : outcome.states) {
    if (!is_organisation(g.node(owner[c.node]).kind)) continue;
    OrganisationTimeline& t = org(c.node);
    if (c.state == CyberState::compromised) {
      first(t.hit_h, c.time_h);
      if (g.node(c.node).sensitive) first(t.sensitive_h, c.time_h);
    }
    if (c.state == CyberState::detected) first(t.detected_h, c.time_h);
  }
  for (const Exposure& e : outcome.exposures) {
    if (s.cyber.data_classes[e.data_class].sensitive && is_organisation(g.node(owner[e.node]).kind)) {
      first(org(e.node).sensitive_h, e.from_h);
    }
  }
  // Levels: the organisation's level is the minimum over its nodes.
  std::map<std::size_t, std::map<std::size_t, double>> current;  // org -> node -> level
  for (const LevelChange& l : outcome.levels) {
    const std::size_t o = owner[l.node];
    if (!is_organisation(g.node(o).kind)) continue;
    OrganisationTimeline& t = org(l.node);
    auto& levels = current[o];
    levels[l.node] = l.level;
    double lowest = 1.0;
    for (const auto& [node, level] : levels) lowest = std::min(lowest, level);
    t.level.emplace_back(l.time_h, lowest);
    const NodeKind k = g.node(l.node).kind;
    if (l.level <= 0.0 && (l.node == o || k == NodeKind::gate)) first(t.stopped_h, l.time_h);
  }
  ReportingRules rules{s.cyber.interruption_level, s.cyber.continuity_h, s.settings.horizon_h};
  std::vector<OrganisationReport> out;
  for (const auto& [o, timeline] : orgs) {
    OrganisationReport r = classify(timeline, rules);
    if (r.hit) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace porttwin::cyber
