// The questions the cyber layer asks of the dependency graph: what an incident
// can reach, the cheapest way in to a kind of asset, and which nodes matter
// most. Each works on a chosen subset of edge types (a ransomware outbreak
// spreads over data_flow and remote_access, a cargo shortage over
// physical_flow), through a Boost filtered_graph, so the graph is never copied.
//
// Directions: an edge source -> target means target depends on source.
// Downstream follows edges (who is hurt when the sources stop); upstream goes
// against them (what the sources rely on).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <vector>

#include "porttwin/graph/port_graph.hpp"

namespace porttwin::graph {

/// A set of edge types, e.g. EdgeTypes{EdgeType::data_flow, EdgeType::remote_access}.
class EdgeTypes {
 public:
  constexpr EdgeTypes() noexcept = default;
  constexpr EdgeTypes(std::initializer_list<EdgeType> types) noexcept {
    for (EdgeType t : types) insert(t);
  }
  [[nodiscard]] static constexpr EdgeTypes all() noexcept {
    EdgeTypes every;
    every.bits_ = (1U << kEdgeTypeCount) - 1U;
    return every;
  }
  [[nodiscard]] constexpr bool contains(EdgeType type) const noexcept { return (bits_ & bit(type)) != 0; }
  constexpr EdgeTypes& insert(EdgeType type) noexcept {
    bits_ = static_cast<std::uint8_t>(bits_ | bit(type));
    return *this;
  }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }

 private:
  static constexpr std::uint8_t bit(EdgeType type) noexcept {
    return static_cast<std::uint8_t>(1U << static_cast<unsigned>(type));
  }
  std::uint8_t bits_ = 0;
};

enum class Direction : std::uint8_t {
  downstream,  ///< along edges: the nodes that depend on the start, transitively
  upstream,    ///< against edges: the nodes the start depends on, transitively
};

/// Every node reachable from `sources` (included) over edges of `types`, by
/// breadth-first search; ascending index order. O(V + E).
[[nodiscard]] std::vector<Vertex> reachable(const PortGraph& graph, std::span<const Vertex> sources, EdgeTypes types,
                                            Direction direction = Direction::downstream);

/// The same from one source.
[[nodiscard]] inline std::vector<Vertex> reachable(const PortGraph& graph, Vertex source, EdgeTypes types,
                                                   Direction direction = Direction::downstream) {
  return reachable(graph, std::span<const Vertex>(&source, 1), types, direction);
}

/// The cost of crossing one edge, by its type. An infinite cost (the default
/// for types not given) means the edge cannot be used. Costs must be >= 0.
struct PathCosts {
  std::array<double, kEdgeTypeCount> per_type;

  /// Cost 1 for each of `types`, impassable otherwise: paths by fewest hops.
  [[nodiscard]] static PathCosts hops(EdgeTypes types) noexcept;
  [[nodiscard]] double operator[](EdgeType type) const noexcept { return per_type[static_cast<std::size_t>(type)]; }
};

/// The cheapest path from an attacker's foothold to one target.
struct AttackPath {
  Vertex target = 0;
  bool reachable = false;
  double cost = std::numeric_limits<double>::infinity();  ///< sum of edge costs; infinite when unreachable
  std::vector<Vertex> nodes;    ///< from the start to the target, both included; empty when unreachable
  std::vector<EdgeType> steps;  ///< the type of each edge taken (nodes.size() - 1 of them)

  [[nodiscard]] std::size_t hops() const noexcept { return steps.size(); }
};

/// For every node of `target_kind` (in index order): the cheapest path from
/// `from` downstream under `costs` (Dijkstra; with PathCosts::hops, fewest
/// hops). `from` itself, if of that kind, is its own target at cost 0. Among
/// equally cheap paths the one found first is returned (deterministic for a
/// given graph). Throws std::invalid_argument for a negative or NaN cost or
/// `from` out of range. O((V + E) log V).
[[nodiscard]] std::vector<AttackPath> shortest_attack_paths(const PortGraph& graph, Vertex from, NodeKind target_kind,
                                                            const PathCosts& costs);

/// For each node, in index order: how many other nodes depend on it
/// transitively over `types` (the size of its downstream set, itself not
/// counted). One search per node: O(V (V + E)), fine for ports (thousands of
/// nodes), not for millions.
[[nodiscard]] std::vector<std::size_t> dependent_counts(const PortGraph& graph, EdgeTypes types);

/// Brandes betweenness centrality on the directed graph of `types`
/// (unnormalised: for each node, the sum over ordered pairs (s, t), s != node
/// != t, of the share of shortest s-t paths through it). O(V E).
[[nodiscard]] std::vector<double> betweenness(const PortGraph& graph, EdgeTypes types);

}  // namespace porttwin::graph
