// PortGraph: the Boost graph and its id index (see graph/port_graph.hpp).
#include "porttwin/graph/port_graph.hpp"

#include <stdexcept>

#include "porttwin/kernel/error.hpp"

namespace porttwin::graph {

std::string_view to_string(NodeKind kind) noexcept {
  switch (kind) {
    case NodeKind::zone: return "zone";
    case NodeKind::terminal: return "terminal";
    case NodeKind::berth: return "berth";
    case NodeKind::crane_group: return "crane_group";
    case NodeKind::yard_block: return "yard_block";
    case NodeKind::gate: return "gate";
    case NodeKind::pcs: return "pcs";
    case NodeKind::customs: return "customs";
    case NodeKind::port_authority: return "port_authority";
    case NodeKind::shipping_line: return "shipping_line";
    case NodeKind::hinterland_operator: return "hinterland_operator";
    case NodeKind::company: return "company";
    case NodeKind::vendor: return "vendor";
    case NodeKind::data_platform: return "data_platform";
    case NodeKind::terminal_system: return "terminal_system";
  }
  return "unknown";
}

std::string_view to_string(EdgeRule rule) noexcept {
  switch (rule) {
    case EdgeRule::declared: return "declared";
    case EdgeRule::terminal_controls_equipment: return "terminal_controls_equipment";
    case EdgeRule::berth_serves_terminal: return "berth_serves_terminal";
    case EdgeRule::vendor_remote_maintenance: return "vendor_remote_maintenance";
    case EdgeRule::pcs_message_exchange: return "pcs_message_exchange";
    case EdgeRule::line_delivers_to_terminal: return "line_delivers_to_terminal";
    case EdgeRule::terminal_loads_line: return "terminal_loads_line";
    case EdgeRule::terminal_feeds_hinterland: return "terminal_feeds_hinterland";
    case EdgeRule::hinterland_feeds_terminal: return "hinterland_feeds_terminal";
    case EdgeRule::hinterland_supplies_company: return "hinterland_supplies_company";
    case EdgeRule::consignee_route: return "consignee_route";
  }
  return "unknown";
}

std::optional<std::string_view> NodeProps::attribute(std::string_view key) const {
  for (const Attribute& a : attributes) {
    if (a.key == key) return std::string_view(a.value);
  }
  return std::nullopt;
}

Vertex PortGraph::add_node(NodeProps node) {
  if (node.id.empty()) {
    throw ScenarioError("a " + std::string(to_string(node.kind)) + " node has an empty id");
  }
  if (const auto it = index_.find(node.id); it != index_.end()) {
    throw ScenarioError("duplicate node id '" + node.id + "': a " + std::string(to_string(graph_[it->second].kind)) +
                        " and a " + std::string(to_string(node.kind)) + " (node ids are unique across the scenario)");
  }
  for (std::size_t i = 0; i < node.attributes.size(); ++i) {
    const std::string& key = node.attributes[i].key;
    const bool reserved = key == "id" || key == "kind" || key == "name" || key == "zone" || key == "sensitive";
    bool repeated = false;
    for (std::size_t j = 0; j < i; ++j) repeated = repeated || node.attributes[j].key == key;
    if (key.empty() || reserved || repeated) {
      throw std::invalid_argument("PortGraph::add_node: node '" + node.id + "' has an attribute key '" + key +
                                  "' that is empty, reserved (id, kind, name, zone, sensitive) or repeated");
    }
  }
  // add_vertex(g) then assignment, not add_vertex(property, g): that one
  // copies the property and trips GCC 12's -Wuninitialized inside Boost's
  // named_graph under the sanitizers.
  const Vertex v = boost::add_vertex(graph_);
  index_.emplace(node.id, v);
  graph_[v] = std::move(node);
  return v;
}

std::pair<Edge, bool> PortGraph::add_edge(Vertex source, Vertex target, EdgeType type, EdgeRule rule) {
  const std::size_t n = node_count();
  if (source >= n || target >= n) {
    throw std::invalid_argument("PortGraph::add_edge: vertex out of range (" + std::to_string(source) + " -> " +
                                std::to_string(target) + ", " + std::to_string(n) + " nodes)");
  }
  if (source == target) {
    throw std::invalid_argument("PortGraph::add_edge: self-loop on '" + graph_[source].id + "'");
  }
  if (!edges_.emplace(source, target, type).second) {
    for (const Edge e : boost::make_iterator_range(boost::out_edges(source, graph_))) {
      if (boost::target(e, graph_) == target && graph_[e].type == type) return {e, false};
    }
  }
  return {boost::add_edge(source, target, EdgeProps{type, rule}, graph_).first, true};
}

std::optional<Vertex> PortGraph::find(std::string_view id) const {
  const auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

bool PortGraph::has_edge(Vertex source, Vertex target, EdgeType type) const {
  return edges_.contains(std::make_tuple(source, target, type));
}

std::vector<Vertex> PortGraph::nodes_of_kind(NodeKind kind) const {
  std::vector<Vertex> out;
  for (const Vertex v : boost::make_iterator_range(boost::vertices(graph_))) {
    if (graph_[v].kind == kind) out.push_back(v);
  }
  return out;
}

std::vector<Vertex> PortGraph::nodes_in_zone(std::string_view zone_id) const {
  std::vector<Vertex> out;
  if (zone_id.empty()) return out;
  for (const Vertex v : boost::make_iterator_range(boost::vertices(graph_))) {
    if (graph_[v].zone == zone_id) out.push_back(v);
  }
  return out;
}

}  // namespace porttwin::graph
