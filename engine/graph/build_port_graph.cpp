// build_port_graph: a Scenario's nodes, the edges its topology implies, and
// the edges it declares. The rules are listed (and argued) in
// graph/port_graph.hpp; this file applies them in that order.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/kernel/error.hpp"

namespace porttwin::graph {

namespace {

using scenario::Index;
using scenario::kNone;
using scenario::Scenario;

/// Shortest round-trip digits, but whole numbers in full ("2000000", not
/// "2e+06": a yard capacity reads better so in Gephi or a tooltip).
std::string number(double value) {
  if (std::abs(value) < 1e15 && value == std::trunc(value)) return std::to_string(static_cast<long long>(value));
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return result.ec == std::errc{} ? std::string(buffer, result.ptr) : std::string("nan");
}

std::string number(std::size_t value) { return std::to_string(value); }

std::string flag(bool value) { return value ? "true" : "false"; }

using scenario::equipment_id;

/// Edit distance, for the did-you-mean of an unknown dependency id.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(const PortGraph& graph, std::string_view id) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, id.size() / 3) + 1;
  for (const Vertex v : boost::make_iterator_range(boost::vertices(graph.graph()))) {
    const std::size_t d = edit_distance(id, graph.node(v).id);
    if (d < best_distance) {
      best_distance = d;
      best = graph.node(v).id;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

/// Builds the graph in the order the header documents; remembers each
/// collection's vertices for the edge rules.
class Builder {
 public:
  explicit Builder(const Scenario& s) : s_(s), graph_(s.name) {}

  PortGraph build() {
    add_nodes();
    add_terminal_edges();
    add_vendor_edges();
    add_pcs_edges();
    add_line_edges();
    add_hinterland_edges();
    add_declared_edges();
    return std::move(graph_);
  }

 private:
  Vertex add(NodeProps node) {
    if (!node.zone.empty()) node.sensitive = zone_sensitive(node.zone);
    return graph_.add_node(std::move(node));
  }

  [[nodiscard]] bool zone_sensitive(std::string_view zone_id) const {
    return std::any_of(s_.zones.begin(), s_.zones.end(),
                       [zone_id](const scenario::Zone& z) { return z.id == zone_id && z.sensitive; });
  }

  [[nodiscard]] std::string zone_id(Index zone) const {
    return zone < s_.zones.size() ? s_.zones[zone].id : std::string();
  }

  void add_nodes() {
    for (std::size_t i = 0; i < s_.zones.size(); ++i) {
      const scenario::Zone& z = s_.zones[i];
      NodeProps n{z.id, NodeKind::zone, z.name, z.id, false, static_cast<Index>(i), kNone, {}};
      if (z.sensitive && !z.sensitivity.empty()) n.attributes.push_back({"sensitivity", z.sensitivity});
      add(std::move(n));
    }
    pcs_ = add({s_.pcs.id,
                NodeKind::pcs,
                "Port Community System",
                "",
                false,
                0,
                kNone,
                {{"processing_h", number(s_.pcs.processing_h)}}});
    customs_ = add(
        {s_.customs.id,
         NodeKind::customs,
         "Customs",
         "",
         false,
         0,
         kNone,
         {{"release_h", s_.customs.release_h.describe()}, {"inspection_share", number(s_.customs.inspection_share)}}});
    authority_ = add({s_.port_authority.id,
                      NodeKind::port_authority,
                      "Port authority",
                      "",
                      false,
                      0,
                      kNone,
                      {{"clearance_h", s_.port_authority.clearance_h.describe()}}});
    for (std::size_t t = 0; t < s_.terminals.size(); ++t) add_terminal(static_cast<Index>(t));
    for (std::size_t i = 0; i < s_.shipping_lines.size(); ++i) {
      const scenario::ShippingLine& l = s_.shipping_lines[i];
      lines_.push_back(add({l.id, NodeKind::shipping_line, l.name, "", false, static_cast<Index>(i), kNone, {}}));
    }
    for (std::size_t i = 0; i < s_.hinterland.size(); ++i) {
      const scenario::HinterlandOperator& h = s_.hinterland[i];
      operators_.push_back(add({h.id,
                                NodeKind::hinterland_operator,
                                h.name,
                                "",
                                false,
                                static_cast<Index>(i),
                                kNone,
                                {{"mode", std::string(scenario::to_string(h.mode))},
                                 {"capacity_per_h", number(h.capacity_per_h)},
                                 {"transit_h", number(h.transit_h)},
                                 {"batch", number(h.batch)}}}));
    }
    for (std::size_t i = 0; i < s_.companies.size(); ++i) {
      const scenario::Company& c = s_.companies[i];
      NodeProps n{c.id,
                  NodeKind::company,
                  c.name,
                  "",
                  false,
                  static_cast<Index>(i),
                  kNone,
                  {{"sector", c.sector},
                   {"consumption_per_h", number(c.consumption_per_h)},
                   {"buffer_days", number(c.buffer_h / 24.0)},
                   {"reporting_member", flag(c.reporting_member)}}};
      if (c.supplied_by < s_.hinterland.size())
        n.attributes.push_back({"supplied_by", s_.hinterland[c.supplied_by].id});
      companies_.push_back(add(std::move(n)));
    }
    for (std::size_t i = 0; i < s_.vendors.size(); ++i) {
      vendors_.push_back(
          add({s_.vendors[i].id, NodeKind::vendor, s_.vendors[i].name, "", false, static_cast<Index>(i), kNone, {}}));
    }
    for (std::size_t i = 0; i < s_.data_platforms.size(); ++i) {
      const scenario::DataPlatform& d = s_.data_platforms[i];
      add({d.id, NodeKind::data_platform, d.name, "", false, static_cast<Index>(i), kNone, {}});
    }
  }

  void add_terminal(Index t) {
    const scenario::Terminal& term = s_.terminals[t];
    const std::string zone = zone_id(term.zone);
    std::size_t cranes = 0;
    for (const scenario::CraneGroup& g : term.crane_groups) cranes += g.count;
    NodeProps n{term.id,
                NodeKind::terminal,
                term.name,
                zone,
                false,
                t,
                t,
                {{"cargo", std::string(scenario::to_string(term.cargo))},
                 {"berths", number(term.berths.size())},
                 {"cranes", number(cranes)},
                 {"automated", flag(term.automated)},
                 {"manual_level", number(term.manual_level)},
                 {"overflow", std::string(scenario::to_string(term.overflow))}}};
    terminals_.push_back(add(std::move(n)));
    TerminalParts& parts = parts_.emplace_back();

    for (std::size_t i = 0; i < term.berths.size(); ++i) {
      const scenario::Berth& b = term.berths[i];
      const std::string berth_zone = b.zone != kNone ? zone_id(b.zone) : zone;
      parts.berths.push_back(
          add({b.id,
               NodeKind::berth,
               "",
               berth_zone,
               false,
               static_cast<Index>(i),
               t,
               {{"terminal", term.id}, {"length_m", number(b.length_m)}, {"depth_m", number(b.depth_m)}}}));
    }
    for (std::size_t i = 0; i < term.crane_groups.size(); ++i) {
      const scenario::CraneGroup& g = term.crane_groups[i];
      NodeProps c{equipment_id(term, g.id),
                  NodeKind::crane_group,
                  "",
                  zone,
                  false,
                  static_cast<Index>(i),
                  t,
                  {{"terminal", term.id},
                   {"count", number(std::size_t{g.count})},
                   {"productivity_per_h", g.productivity_per_h.describe()},
                   {"remote_maintenance", flag(g.remote_maintenance)}}};
      if (g.vendor < s_.vendors.size()) c.attributes.push_back({"vendor", s_.vendors[g.vendor].id});
      parts.equipment.push_back(add(std::move(c)));
    }
    const std::string yard_unit = term.cargo == scenario::CargoKind::containers
                                      ? std::string("TEU")
                                      : std::string(scenario::cargo_unit(term.cargo));
    for (std::size_t i = 0; i < term.yard_blocks.size(); ++i) {
      const scenario::YardBlock& y = term.yard_blocks[i];
      parts.equipment.push_back(
          add({equipment_id(term, y.id),
               NodeKind::yard_block,
               "",
               zone,
               false,
               static_cast<Index>(i),
               t,
               {{"terminal", term.id}, {"capacity", number(y.capacity)}, {"capacity_unit", yard_unit}}}));
    }
    for (std::size_t i = 0; i < term.gates.size(); ++i) {
      const scenario::Gate& g = term.gates[i];
      parts.equipment.push_back(add({equipment_id(term, g.id),
                                     NodeKind::gate,
                                     "",
                                     zone,
                                     false,
                                     static_cast<Index>(i),
                                     t,
                                     {{"terminal", term.id},
                                      {"lanes", number(std::size_t{g.lanes})},
                                      {"truck_handling_h", g.truck_handling_h.describe()}}}));
    }
    for (std::size_t i = 0; i < term.systems.size(); ++i) {
      const scenario::TerminalSystem& system = term.systems[i];
      std::string stops;
      for (std::size_t p = 0; p < system.stops.size(); ++p) {
        if (!system.stops[p]) continue;
        if (!stops.empty()) stops += ' ';
        stops += scenario::words_of<scenario::TerminalPart>[p];
      }
      parts.equipment.push_back(add({equipment_id(term, system.id),
                                     NodeKind::terminal_system,
                                     "",
                                     zone,
                                     false,
                                     static_cast<Index>(i),
                                     t,
                                     {{"terminal", term.id}, {"stops", stops}}}));
    }
  }

  void add_terminal_edges() {
    for (std::size_t t = 0; t < terminals_.size(); ++t) {
      for (const Vertex e : parts_[t].equipment) {
        graph_.add_edge(terminals_[t], e, EdgeType::control, EdgeRule::terminal_controls_equipment);
      }
      for (const Vertex b : parts_[t].berths) {
        graph_.add_edge(b, terminals_[t], EdgeType::service, EdgeRule::berth_serves_terminal);
      }
    }
  }

  void add_vendor_edges() {
    for (std::size_t t = 0; t < s_.terminals.size(); ++t) {
      const auto& groups = s_.terminals[t].crane_groups;
      for (std::size_t i = 0; i < groups.size(); ++i) {
        if (!groups[i].remote_maintenance || groups[i].vendor >= vendors_.size()) continue;
        // Crane groups come first among a terminal's equipment.
        graph_.add_edge(vendors_[groups[i].vendor], parts_[t].equipment[i], EdgeType::remote_access,
                        EdgeRule::vendor_remote_maintenance);
      }
    }
  }

  void add_pcs_edges() {
    std::vector<Vertex> partners = terminals_;
    partners.push_back(customs_);
    partners.push_back(authority_);
    partners.insert(partners.end(), lines_.begin(), lines_.end());
    partners.insert(partners.end(), operators_.begin(), operators_.end());
    for (const Vertex p : partners) {
      if (p == pcs_) continue;  // ids collide only if the scenario is broken; add_node has said so
      graph_.add_edge(pcs_, p, EdgeType::data_flow, EdgeRule::pcs_message_exchange);
      graph_.add_edge(p, pcs_, EdgeType::data_flow, EdgeRule::pcs_message_exchange);
    }
  }

  /// The terminals a vessel class may call at: its list, else every terminal
  /// of its cargo kind.
  [[nodiscard]] std::vector<Index> class_terminals(const scenario::VesselClass& c) const {
    if (!c.terminals.empty()) return c.terminals;
    std::vector<Index> out;
    for (std::size_t t = 0; t < s_.terminals.size(); ++t) {
      if (s_.terminals[t].cargo == c.cargo) out.push_back(static_cast<Index>(t));
    }
    return out;
  }

  void add_line_edges() {
    for (const scenario::VesselClass& c : s_.traffic.vessel_classes) {
      if (c.line >= lines_.size()) continue;
      for (const Index t : class_terminals(c)) {
        if (t >= terminals_.size()) continue;
        if (c.import_share + c.transshipment_share > 0.0) {
          graph_.add_edge(lines_[c.line], terminals_[t], EdgeType::physical_flow, EdgeRule::line_delivers_to_terminal);
        }
        if (c.export_share + c.transshipment_share > 0.0) {
          graph_.add_edge(terminals_[t], lines_[c.line], EdgeType::physical_flow, EdgeRule::terminal_loads_line);
        }
      }
    }
  }

  void add_hinterland_edges() {
    std::vector<bool> exports(terminals_.size(), false);
    for (const scenario::VesselClass& c : s_.traffic.vessel_classes) {
      if (c.export_share <= 0.0) continue;
      for (const Index t : class_terminals(c)) {
        if (t < exports.size()) exports[t] = true;
      }
    }
    for (std::size_t h = 0; h < operators_.size(); ++h) {
      const std::vector<Index>& served = s_.hinterland[h].terminals;
      for (std::size_t t = 0; t < terminals_.size(); ++t) {
        if (!served.empty() && std::find(served.begin(), served.end(), t) == served.end()) continue;
        graph_.add_edge(terminals_[t], operators_[h], EdgeType::physical_flow, EdgeRule::terminal_feeds_hinterland);
        if (exports[t]) {
          graph_.add_edge(operators_[h], terminals_[t], EdgeType::physical_flow, EdgeRule::hinterland_feeds_terminal);
        }
      }
    }
    for (std::size_t i = 0; i < companies_.size(); ++i) {
      const Index h = s_.companies[i].supplied_by;
      if (h >= operators_.size()) continue;
      graph_.add_edge(operators_[h], companies_[i], EdgeType::physical_flow, EdgeRule::hinterland_supplies_company);
    }
    for (const scenario::VesselClass& c : s_.traffic.vessel_classes) {
      if (c.consignee >= companies_.size()) continue;
      const Index h = s_.companies[c.consignee].supplied_by;
      if (h >= operators_.size()) continue;
      for (const Index t : class_terminals(c)) {
        if (t >= terminals_.size()) continue;
        graph_.add_edge(terminals_[t], operators_[h], EdgeType::physical_flow, EdgeRule::consignee_route);
      }
    }
  }

  void add_declared_edges() {
    const std::string where = s_.source_file.empty() ? std::string() : s_.source_file + ": ";
    for (const Scenario::DeclaredDependency& d : s_.dependencies) {
      const std::string what =
          "dependency from '" + d.source + "' to '" + d.target + "' (" + std::string(scenario::to_string(d.type)) + ")";
      const auto source = graph_.find(d.source);
      const auto target = graph_.find(d.target);
      for (const auto& [found, id] : {std::pair{source, &d.source}, std::pair{target, &d.target}}) {
        if (!found) {
          throw ScenarioError(where + "dependencies: " + what + ": unknown node id '" + *id + "'" +
                              did_you_mean(graph_, *id));
        }
      }
      if (*source == *target) throw ScenarioError(where + "dependencies: " + what + ": a node cannot depend on itself");
      graph_.add_edge(*source, *target, d.type, EdgeRule::declared);
    }
  }

  struct TerminalParts {
    std::vector<Vertex> berths;
    std::vector<Vertex> equipment;  ///< crane groups, then yard blocks, then gates
  };

  const Scenario& s_;
  PortGraph graph_;
  Vertex pcs_ = 0;
  Vertex customs_ = 0;
  Vertex authority_ = 0;
  std::vector<Vertex> terminals_;
  std::vector<TerminalParts> parts_;
  std::vector<Vertex> lines_;
  std::vector<Vertex> operators_;
  std::vector<Vertex> companies_;
  std::vector<Vertex> vendors_;
};

}  // namespace

PortGraph build_port_graph(const scenario::Scenario& scenario) { return Builder(scenario).build(); }

}  // namespace porttwin::graph
