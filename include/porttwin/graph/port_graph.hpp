// The port as one typed dependency graph: every company and every piece of
// equipment is a node, every way one can stop another is a typed edge.
//
// An edge source -> target always means "target depends on source": when the
// source stops, the target may be hurt (the cyber layer spreads compromise and
// outages along edges in this direction; graph/algorithms.hpp calls it
// downstream). Edge types are scenario::DependencyType.
//
// Built from a Scenario by build_port_graph() with the edges the topology
// implies (the rules below) plus the scenario's declared `dependencies`.
// The storage is a Boost adjacency_list with dense vertex indices 0..n-1 in a
// fixed order (so the same scenario gives the same indices on every run), and
// graph() hands it to Boost algorithms directly.
//
// Node ids (unique; what `dependencies:`, reports and the exports use) are the
// scenario's ids: a top-level node's own id; berths "<terminal>.<berth>[#k]";
// crane groups, yard blocks and gates "<terminal>.<key>" (the scenario layer
// qualifies them so and checks that no two nodes share an id). A hand-made
// Scenario may give equipment its bare key: it is qualified the same way.
//
// Node order: zones, PCS, customs, port authority, then each terminal followed
// by its berths, crane groups, yard blocks, gates and systems, then shipping lines,
// hinterland operators, companies, vendors, data platforms; each in file order.
//
// Implied edges (the EdgeRule names them; each added once per (source, target,
// type), a declared edge equal to an implied one is kept once as implied):
//   terminal_controls_equipment   terminal -control-> its crane groups, yard blocks,
//                                 gates and systems (the terminal node stands for its
//                                 organisation and, where it declares no systems, its
//                                 terminal operating system: the equipment is run by it)
//   berth_serves_terminal         berth -service-> its terminal (the terminal needs
//                                 its quay; the TOS plans the berth, so a TOS
//                                 outage is the terminal's own level, not the berth's)
//   vendor_remote_maintenance     vendor -remote_access-> each crane group that names
//                                 it and has remote_maintenance (a vendor without
//                                 remote maintenance is only the `vendor` attribute)
//   pcs_message_exchange          PCS -data_flow-> X and X -data_flow-> PCS for every
//                                 terminal, customs, port authority, shipping line,
//                                 hinterland operator (all talk through the PCS)
//   line_delivers_to_terminal     shipping line -physical_flow-> terminal where one of
//                                 its vessel classes may call with import or
//                                 transshipment cargo (the terminal needs its calls)
//   terminal_loads_line           terminal -physical_flow-> shipping line where one of
//                                 its classes may call with export or transshipment
//                                 cargo (the line needs the terminal to load)
//   terminal_feeds_hinterland     terminal -physical_flow-> every hinterland operator
//                                 that serves it (an empty `terminals` list: all)
//   hinterland_feeds_terminal     hinterland operator -physical_flow-> terminal it
//                                 serves, when a class that may call there carries
//                                 exports (export cargo comes in by that operator)
//   hinterland_supplies_company   hinterland operator -physical_flow-> each company
//                                 it supplies (Company::supplied_by)
//   consignee_route               terminal -physical_flow-> the supplying operator of
//                                 a company that is consignee of a class that may call
//                                 at the terminal, even if the operator does not list
//                                 the terminal: the model routes consignee cargo
//                                 through supplied_by. So terminal -> company is the
//                                 two-hop path through the operator, never a direct
//                                 edge (an operator outage must cut it).
//   A vessel class with no terminals listed may call at every terminal of its
//   cargo kind.
// Zone membership is a node field (and export attribute), not an edge: nothing
// flows or spreads "through" a zone, and a `located_in` edge would put a type
// outside DependencyType into every traversal. Zone nodes exist so that reports
// and declared dependencies can name them; nodes_in_zone() gives membership.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "porttwin/scenario/scenario.hpp"

namespace porttwin::graph {

enum class NodeKind : std::uint8_t {
  zone,
  terminal,  ///< the terminal's operations and its terminal operating system
  berth,
  crane_group,
  yard_block,
  gate,
  pcs,  ///< the Port Community System
  customs,
  port_authority,
  shipping_line,
  hinterland_operator,
  company,
  vendor,
  data_platform,
  terminal_system,  ///< one of a terminal's IT/OT systems; stops the parts it names
};
inline constexpr std::size_t kNodeKindCount = 15;

/// Snake-case names, e.g. "crane_group", "hinterland_operator".
[[nodiscard]] std::string_view to_string(NodeKind kind) noexcept;

using EdgeType = scenario::DependencyType;
inline constexpr std::size_t kEdgeTypeCount = 5;

/// Why an edge exists: the implied rule (see the file comment) or `declared`.
enum class EdgeRule : std::uint8_t {
  declared,
  terminal_controls_equipment,
  berth_serves_terminal,
  vendor_remote_maintenance,
  pcs_message_exchange,
  line_delivers_to_terminal,
  terminal_loads_line,
  terminal_feeds_hinterland,
  hinterland_feeds_terminal,
  hinterland_supplies_company,
  consignee_route,
};
[[nodiscard]] std::string_view to_string(EdgeRule rule) noexcept;

/// One key/value pair for export (GraphML data, DOT attribute), e.g.
/// {"length_m", "400"}. Numbers in shortest round-trip form.
struct Attribute {
  std::string key;
  std::string value;

  friend bool operator==(const Attribute&, const Attribute&) = default;
};

struct NodeProps {
  std::string id;
  NodeKind kind = NodeKind::zone;
  std::string name;                            ///< free text, "" if the scenario gives none
  std::string zone;                            ///< zone id, "" if none; a zone node names itself
  bool sensitive = false;                      ///< in (or is) a zone marked sensitive
  scenario::Index entity = scenario::kNone;    ///< index in its Scenario collection (equipment: in its terminal's)
  scenario::Index terminal = scenario::kNone;  ///< owning terminal of berths and equipment; a terminal's own index
  std::vector<Attribute> attributes;           ///< kind-specific figures, for export

  /// The value of attribute `key`, or nullopt.
  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view key) const;
};

struct EdgeProps {
  EdgeType type = EdgeType::data_flow;
  EdgeRule rule = EdgeRule::declared;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NodeProps, EdgeProps>;
using Vertex = Graph::vertex_descriptor;  ///< a dense index 0..node_count()-1
using Edge = Graph::edge_descriptor;

/// The graph plus its id index. Nodes and edges are only added, never
/// removed, so vertex indices and edge descriptors stay valid.
class PortGraph {
 public:
  PortGraph() = default;
  explicit PortGraph(std::string name) : name_(std::move(name)) {}

  /// Adds a node; its index is the previous node_count(). Throws ScenarioError
  /// for an empty or duplicate id (naming both kinds), std::invalid_argument
  /// for an attribute key that is empty, repeated or one of the fixed fields
  /// (id, kind, name, zone, sensitive).
  Vertex add_node(NodeProps node);

  /// Adds source -> target of `type` unless that (source, target, type)
  /// already exists; returns the edge and whether it was added. Throws
  /// std::invalid_argument for a self-loop or a vertex out of range.
  std::pair<Edge, bool> add_edge(Vertex source, Vertex target, EdgeType type, EdgeRule rule);

  /// The Boost graph, for Boost algorithms (read-only: use add_node/add_edge).
  [[nodiscard]] const Graph& graph() const noexcept { return graph_; }
  [[nodiscard]] std::size_t node_count() const noexcept { return boost::num_vertices(graph_); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return boost::num_edges(graph_); }
  [[nodiscard]] const NodeProps& node(Vertex v) const { return graph_[v]; }
  [[nodiscard]] const EdgeProps& edge(Edge e) const { return graph_[e]; }
  [[nodiscard]] Vertex source(Edge e) const { return boost::source(e, graph_); }
  [[nodiscard]] Vertex target(Edge e) const { return boost::target(e, graph_); }

  /// The node with this id, or nullopt.
  [[nodiscard]] std::optional<Vertex> find(std::string_view id) const;
  /// Whether source -> target of `type` exists.
  [[nodiscard]] bool has_edge(Vertex source, Vertex target, EdgeType type) const;
  /// The nodes of one kind, in index order.
  [[nodiscard]] std::vector<Vertex> nodes_of_kind(NodeKind kind) const;
  /// The nodes whose zone is `zone_id` (the zone node itself included), in index order.
  [[nodiscard]] std::vector<Vertex> nodes_in_zone(std::string_view zone_id) const;

  /// The scenario's name ("" for a hand-made graph); the exports carry it.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
  Graph graph_;
  std::map<std::string, Vertex, std::less<>> index_;
  std::set<std::tuple<Vertex, Vertex, EdgeType>> edges_;
};

/// The graph of a scenario: its nodes, the implied edges (rules above) and the
/// declared dependencies. A declared dependency naming an unknown id, or a node
/// to itself, throws ScenarioError naming it (with a did-you-mean); so does a
/// scenario whose node ids collide.
[[nodiscard]] PortGraph build_port_graph(const scenario::Scenario& scenario);

}  // namespace porttwin::graph
