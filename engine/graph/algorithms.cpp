// Reachability, attack paths and centrality on a filtered view of the port
// graph (see graph/algorithms.hpp). Every function filters edges by type with
// boost::filtered_graph instead of copying the graph, so the cyber layer can
// ask the same question for many edge-type sets cheaply.
#include "porttwin/graph/algorithms.hpp"

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/visitors.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

namespace porttwin::graph {

namespace {

/// Keeps the edges whose type is in the set.
struct TypeFilter {
  const Graph* graph = nullptr;
  EdgeTypes types;
  bool operator()(const Edge& e) const { return types.contains((*graph)[e].type); }
};

using Filtered = boost::filtered_graph<Graph, TypeFilter>;

Filtered filter(const PortGraph& graph, EdgeTypes types) {
  return Filtered(graph.graph(), TypeFilter{&graph.graph(), types});
}

/// Breadth-first search from several sources at once on any incidence graph
/// (filtered, or filtered and reversed); marks what it reaches.
template <class G>
void mark_reachable(const G& g, std::span<const Vertex> sources, std::vector<boost::default_color_type>& colour) {
  boost::queue<Vertex> queue;
  auto colour_map = boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g));
  boost::breadth_first_search(g, sources.begin(), sources.end(), queue, boost::default_bfs_visitor(), colour_map);
}

void check_vertex(const PortGraph& graph, Vertex v, const char* what) {
  if (v >= graph.node_count()) {
    throw std::invalid_argument(std::string(what) + ": vertex " + std::to_string(v) + " out of range (" +
                                std::to_string(graph.node_count()) + " nodes)");
  }
}

}  // namespace

std::vector<Vertex> reachable(const PortGraph& graph, std::span<const Vertex> sources, EdgeTypes types,
                              Direction direction) {
  for (const Vertex s : sources) check_vertex(graph, s, "reachable");
  std::vector<boost::default_color_type> colour(graph.node_count(), boost::white_color);
  if (!sources.empty()) {
    const Filtered g = filter(graph, types);
    if (direction == Direction::downstream) {
      mark_reachable(g, sources, colour);
    } else {
      mark_reachable(boost::make_reverse_graph(g), sources, colour);
    }
  }
  std::vector<Vertex> out;
  for (Vertex v = 0; v < colour.size(); ++v) {
    if (colour[v] != boost::white_color) out.push_back(v);
  }
  return out;
}

PathCosts PathCosts::hops(EdgeTypes types) noexcept {
  PathCosts costs{};
  for (std::size_t i = 0; i < kEdgeTypeCount; ++i) {
    costs.per_type[i] = types.contains(static_cast<EdgeType>(i)) ? 1.0 : std::numeric_limits<double>::infinity();
  }
  return costs;
}

std::vector<AttackPath> shortest_attack_paths(const PortGraph& graph, Vertex from, NodeKind target_kind,
                                              const PathCosts& costs) {
  check_vertex(graph, from, "shortest_attack_paths");
  EdgeTypes usable;
  for (std::size_t i = 0; i < kEdgeTypeCount; ++i) {
    const auto type = static_cast<EdgeType>(i);
    const double c = costs[type];
    if (std::isnan(c) || c < 0.0) {
      throw std::invalid_argument("shortest_attack_paths: the cost of " + std::string(scenario::to_string(type)) +
                                  " edges must be >= 0, got " + std::to_string(c));
    }
    if (std::isfinite(c)) usable.insert(type);
  }

  const Filtered g = filter(graph, usable);
  const std::size_t n = graph.node_count();
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<double> distance(n, kInfinity);
  std::vector<Edge> via(n);  // the edge that last improved each node's distance
  const auto index = boost::get(boost::vertex_index, g);
  const auto weight = boost::make_function_property_map<Edge, double>(
      [&graph, &costs](const Edge& e) { return costs[graph.edge(e).type]; });
  boost::dijkstra_shortest_paths(
      g, from,
      boost::weight_map(weight)
          .distance_map(boost::make_iterator_property_map(distance.begin(), index))
          .distance_inf(kInfinity)
          .visitor(boost::make_dijkstra_visitor(boost::record_edge_predecessors(
              boost::make_iterator_property_map(via.begin(), index), boost::on_edge_relaxed()))));

  std::vector<AttackPath> paths;
  for (const Vertex target : graph.nodes_of_kind(target_kind)) {
    AttackPath& path = paths.emplace_back();
    path.target = target;
    if (distance[target] == kInfinity) continue;
    path.reachable = true;
    path.cost = distance[target];
    for (Vertex v = target; v != from; v = graph.source(via[v])) {
      path.nodes.push_back(v);
      path.steps.push_back(graph.edge(via[v]).type);
    }
    path.nodes.push_back(from);
    std::reverse(path.nodes.begin(), path.nodes.end());
    std::reverse(path.steps.begin(), path.steps.end());
  }
  return paths;
}

std::vector<std::size_t> dependent_counts(const PortGraph& graph, EdgeTypes types) {
  const Filtered g = filter(graph, types);
  const std::size_t n = graph.node_count();
  std::vector<std::size_t> counts(n, 0);
  std::vector<boost::default_color_type> colour(n);
  for (Vertex v = 0; v < n; ++v) {
    mark_reachable(g, std::span<const Vertex>(&v, 1), colour);  // resets the colours first
    counts[v] = static_cast<std::size_t>(std::count_if(
        colour.begin(), colour.end(), [](boost::default_color_type c) { return c != boost::white_color; }));
    --counts[v];  // the node itself
  }
  return counts;
}

std::vector<double> betweenness(const PortGraph& graph, EdgeTypes types) {
  const Filtered g = filter(graph, types);
  std::vector<double> centrality(graph.node_count(), 0.0);
  boost::brandes_betweenness_centrality(
      g, boost::make_iterator_property_map(centrality.begin(), boost::get(boost::vertex_index, g)));
  return centrality;
}

}  // namespace porttwin::graph
