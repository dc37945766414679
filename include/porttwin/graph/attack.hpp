// Attack-graph analysis before any simulation (`porttwin analyze`): where an
// attacker can get in, what compromise can reach from there and by which most
// likely path, which nodes the port's operational flow cannot lose, and
// whether a sensitive zone is exposed. Everything here is static: it reads the
// scenario's spread probabilities and its static defences (segmentation,
// vendor access) and never draws a random number, so one scenario gives one
// answer. What only a run knows (detection, containment, warnings to members,
// an incident's success_probability) is left to the cyber layer.
//
// Directions as in port_graph.hpp: compromise spreads along edges, source ->
// target (downstream).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porttwin/graph/algorithms.hpp"
#include "porttwin/graph/port_graph.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::graph {

// ---- the spread model -------------------------------------------------------

/// The probability that compromise crosses one edge, by edge type, once the
/// static defences are applied. Invariant: every probability is in [0, 1].
class AttackModel {
 public:
  /// Nothing spreads (the scenario has no cyber layer).
  AttackModel() = default;
  /// Probabilities by EdgeType (index = static_cast<size_t>(type)). Throws
  /// std::invalid_argument for one outside [0, 1] or NaN.
  explicit AttackModel(const std::array<double, kEdgeTypeCount>& probability);

  [[nodiscard]] double probability(EdgeType type) const noexcept {
    return probability_[static_cast<std::size_t>(type)];
  }
  /// The edge types with a probability > 0: the ones compromise can cross.
  [[nodiscard]] EdgeTypes spreading_types() const noexcept;

 private:
  std::array<double, kEdgeTypeCount> probability_{};
};

/// The scenario's effective spread probabilities (issue 5 format):
///   p(T) = cyber.spread[T].probability
///          x 0 if segmentation is enabled and cuts T (never physical_flow
///                or remote_access: segmentation separates networks, not
///                cargo or a vendor's own login)
///          x 0 if T is remote_access and vendor access is removed
///          x restricted_factor if T is remote_access and access is restricted
/// The run-time factor for warned members is not applied (no run, no warning).
[[nodiscard]] AttackModel attack_model(const scenario::Scenario& scenario);

// ---- entry points -----------------------------------------------------------

/// Why a node is where an attacker may start.
enum class EntryReason : std::uint8_t {
  incident_target,    ///< named in a scenario incident's `targets`
  remote_access,      ///< a vendor with a remote_access link into the port
  external_platform,  ///< a data platform outside the port's own networks
  mulval,             ///< a host a MulVAL attack graph says the attacker can run code on (graph/mulval.hpp)
};
/// "incident_target", "remote_access", "external_platform", "mulval".
[[nodiscard]] std::string_view to_string(EntryReason reason) noexcept;

struct EntryPoint {
  Vertex node = 0;
  EntryReason reason = EntryReason::remote_access;

  friend bool operator==(const EntryPoint&, const EntryPoint&) = default;
};

/// Every vendor with a remote_access out-edge, every data platform, and every
/// node in `incident_targets` (ids), once each, in graph index order. A node
/// with several reasons gets the first in EntryReason order: that the
/// scenario attacks it says more than that it could be attacked. The vendor
/// rule looks at the graph's edges, not the spread model, so a vendor whose
/// access is removed is still listed (and reaches nothing). Throws
/// ScenarioError for a target id that is not a node (with a did-you-mean).
[[nodiscard]] std::vector<EntryPoint> entry_points(const PortGraph& graph,
                                                   std::span<const std::string> incident_targets);
/// The same with the targets of every incident of `scenario.cyber`.
[[nodiscard]] std::vector<EntryPoint> entry_points(const PortGraph& graph, const scenario::Scenario& scenario);

// ---- most likely paths ------------------------------------------------------

/// One way compromise can travel: from an entry point to a node.
struct SpreadPath {
  Vertex from = 0;
  Vertex to = 0;
  std::vector<Vertex> nodes;  ///< from .. to, both included
  double probability = 0.0;   ///< product of the effective probabilities of its edges

  [[nodiscard]] std::size_t hops() const noexcept { return nodes.empty() ? 0 : nodes.size() - 1; }
};

/// The most likely path from one origin to every node it can reach: the path
/// maximising the product of edge probabilities, found as a shortest path on
/// edge weights -ln p (Boost dijkstra_shortest_paths; edges with p = 0 are
/// left out, p = 1 costs 0). Ties (products equal to 1e-12 relative) go to the
/// path with fewer hops, then, walking back from the target, to the
/// lowest-index predecessor at each step; so the answer depends on the graph
/// alone, never on heap order. Two edges of different types between the same
/// nodes count as the more probable one. O((V + E) log V).
class LikelyPaths {
 public:
  /// Throws std::invalid_argument for `origin` out of range.
  LikelyPaths(const PortGraph& graph, const AttackModel& model, Vertex origin);

  [[nodiscard]] Vertex origin() const noexcept { return origin_; }
  /// Whether compromise of the origin can reach v (the origin itself: true).
  [[nodiscard]] bool reaches(Vertex v) const { return probability_.at(v) > 0.0; }
  /// The nodes it reaches, ascending, the origin itself not included.
  [[nodiscard]] std::vector<Vertex> reached() const;
  /// The most likely path's probability: 1 for the origin, 0 if unreachable.
  [[nodiscard]] double probability(Vertex v) const { return probability_.at(v); }
  /// The most likely path to v; nullopt if v is not reached.
  [[nodiscard]] std::optional<SpreadPath> path_to(Vertex v) const;

 private:
  Vertex origin_;
  std::vector<Vertex> parent_;       ///< predecessor on the chosen path; itself for the origin and the unreached
  std::vector<double> probability_;  ///< product along the chosen path
};

// ---- critical nodes ---------------------------------------------------------

/// The edges that carry the port's operational flow: cargo, services, messages
/// and control (remote_access is a way in, not a way work gets done).
inline constexpr EdgeTypes kOperationalEdges{EdgeType::physical_flow, EdgeType::service, EdgeType::data_flow,
                                             EdgeType::control};

/// Where operational flow starts: the shipping lines (the sea side brings the
/// calls), or every terminal when the scenario has no lines. Index order.
[[nodiscard]] std::vector<Vertex> flow_sources(const PortGraph& graph);

/// For each node x, in index order: how many other nodes reachable from
/// `sources` over `types` are no longer reachable once x is removed (its
/// edges dropped, and x dropped from the sources if it is one). With a
/// virtual root joined to the sources, this is the number of nodes x
/// dominates in the flow graph. One search per node: O(V (V + E)).
[[nodiscard]] std::vector<std::size_t> cut_counts(const PortGraph& graph, std::span<const Vertex> sources,
                                                  EdgeTypes types);

struct CriticalNode {
  Vertex node = 0;
  std::size_t cut_nodes = 0;  ///< nodes that lose every path from the flow sources without it
  double betweenness = 0.0;   ///< Brandes, unnormalised, on the same edges

  friend bool operator==(const CriticalNode&, const CriticalNode&) = default;
};

/// The `top` nodes whose loss cuts most operational flow: cut_counts over
/// kOperationalEdges from flow_sources(), then betweenness (both descending),
/// then index. Nodes that cut nothing and lie on no shortest path are never
/// listed, so fewer than `top` may come back.
[[nodiscard]] std::vector<CriticalNode> critical_nodes(const PortGraph& graph, std::size_t top);

/// A one-line name of the method above, for reports ("method" in the JSON).
inline constexpr std::string_view kCriticalNodesMethod =
    "cut count: nodes that lose every operational path (physical_flow, service, data_flow, control) from the "
    "flow sources when the node is removed (dominator count, one search per node); then Brandes betweenness "
    "on the same edges; then index";
inline constexpr std::string_view kAttackPathsMethod =
    "most likely path: Dijkstra on -ln p of the effective per-edge-type spread probability; ties to fewer hops, "
    "then lower predecessor index";

// ---- the whole analysis -----------------------------------------------------

/// A sensitive zone (zone node with sensitive = true) and its exposure.
struct ZoneExposure {
  Vertex zone = 0;
  std::string sensitivity;         ///< the zone's label ("sensitivity" attribute), "" if none
  std::optional<SpreadPath> path;  ///< most likely path into any of its nodes; nullopt if unreachable
};

struct AttackAnalysis {
  AttackModel model;
  std::vector<EntryPoint> entry_points;
  /// Per entry point (same order): the nodes it reaches, ascending, itself not included.
  std::vector<std::vector<Vertex>> reached;
  /// For each entry point in order, its most likely path to every reached
  /// terminal, crane group, PCS, company and node in a sensitive zone, in index order.
  std::vector<SpreadPath> attack_paths;
  std::vector<Vertex> flow_sources;
  std::vector<CriticalNode> critical_nodes;
  /// Every sensitive zone, in index order. An entry point inside the zone
  /// reaches it on a path of one node with probability 1. Among paths the most
  /// probable wins, then fewer hops, then the earlier entry point, then the
  /// lower-index node in the zone.
  std::vector<ZoneExposure> sensitive_zones;
};

/// Everything above for given entry points; `top` bounds critical_nodes.
[[nodiscard]] AttackAnalysis analyze_attack_graph(const PortGraph& graph, const AttackModel& model,
                                                  std::vector<EntryPoint> entry_points, std::size_t top);
/// The same with attack_model(scenario) and entry_points(graph, scenario).
[[nodiscard]] AttackAnalysis analyze_attack_graph(const PortGraph& graph, const scenario::Scenario& scenario,
                                                  std::size_t top);

}  // namespace porttwin::graph
