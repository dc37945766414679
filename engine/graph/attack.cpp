// Attack-graph analysis (see graph/attack.hpp): the spread model, entry
// points, most likely paths, critical nodes and sensitive-zone exposure.
#include "porttwin/graph/attack.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/suggest.hpp"

namespace porttwin::graph {

namespace {

// ---- the spread model -------------------------------------------------------

bool never_segmented(EdgeType type) { return type == EdgeType::physical_flow || type == EdgeType::remote_access; }

// ---- most likely paths ------------------------------------------------------

/// Keeps the edges compromise can cross (probability > 0).
struct SpreadFilter {
  const PortGraph* graph = nullptr;
  EdgeTypes types;
  bool operator()(const Edge& e) const { return types.contains(graph->edge(e).type); }
};

/// A path's cost: the sum of -ln p over its edges, and its hop count, ordered
/// lexicographically so that among equally likely paths Dijkstra keeps the
/// one with fewer hops (which also makes the predecessor choice below acyclic).
struct PathCost {
  double minus_log_p = 0.0;
  std::uint32_t hops = 0;
};
struct PathCostLess {
  bool operator()(const PathCost& a, const PathCost& b) const {
    return std::tie(a.minus_log_p, a.hops) < std::tie(b.minus_log_p, b.hops);
  }
};
struct PathCostPlus {
  PathCost operator()(const PathCost& a, double weight) const {
    if (std::isinf(a.minus_log_p)) return a;
    return {a.minus_log_p + weight, a.hops + 1};
  }
};

/// Products equal to this relative difference are a tie (on -ln p an absolute
/// difference): far above the rounding of a sum of a few hundred logarithms,
/// far below any difference a scenario's probabilities can make.
constexpr double kTieTolerance = 1e-12;

double edge_weight(double probability) { return probability >= 1.0 ? 0.0 : -std::log(probability); }

// ---- critical nodes ---------------------------------------------------------

/// Keeps the edges of `types` that do not touch `removed`.
struct WithoutNode {
  const PortGraph* graph = nullptr;
  EdgeTypes types;
  Vertex removed = 0;
  bool operator()(const Edge& e) const {
    return types.contains(graph->edge(e).type) && graph->source(e) != removed && graph->target(e) != removed;
  }
};

/// Marks (non-white) what `sources` reach in `g`, resetting the colours first.
template <class G>
void mark_reachable(const G& g, const std::vector<Vertex>& sources, std::vector<boost::default_color_type>& colour) {
  std::fill(colour.begin(), colour.end(), boost::white_color);
  if (sources.empty()) return;
  boost::queue<Vertex> queue;
  auto colour_map = boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g));
  boost::breadth_first_search(g, sources.begin(), sources.end(), queue, boost::default_bfs_visitor(), colour_map);
}

bool is_attack_path_target(const NodeProps& node) {
  // Operations an attacker can stop: terminals, their quay cranes (the
  // vendor-access case), the PCS and companies; and anything sensitive.
  return node.kind == NodeKind::terminal || node.kind == NodeKind::crane_group || node.kind == NodeKind::pcs ||
         node.kind == NodeKind::company || node.sensitive;
}

}  // namespace

// ---- the spread model -------------------------------------------------------

AttackModel::AttackModel(const std::array<double, kEdgeTypeCount>& probability) : probability_(probability) {
  for (std::size_t i = 0; i < kEdgeTypeCount; ++i) {
    const double p = probability_[i];
    if (!(p >= 0.0 && p <= 1.0)) {
      throw std::invalid_argument("AttackModel: the spread probability of " +
                                  std::string(scenario::to_string(static_cast<EdgeType>(i))) +
                                  " edges must be in [0, 1], got " + std::to_string(p));
    }
  }
}

EdgeTypes AttackModel::spreading_types() const noexcept {
  EdgeTypes types;
  for (std::size_t i = 0; i < kEdgeTypeCount; ++i) {
    if (probability_[i] > 0.0) types.insert(static_cast<EdgeType>(i));
  }
  return types;
}

AttackModel attack_model(const scenario::Scenario& scenario) {
  const scenario::Defences& defences = scenario.defences;
  std::array<double, kEdgeTypeCount> p{};
  for (std::size_t i = 0; i < kEdgeTypeCount; ++i) {
    const auto type = static_cast<EdgeType>(i);
    p[i] = scenario.cyber.spread[i].probability;
    const bool cut = std::find(defences.segmentation_cuts.begin(), defences.segmentation_cuts.end(), type) !=
                     defences.segmentation_cuts.end();
    if (defences.segmentation && cut && !never_segmented(type)) p[i] = 0.0;
    if (type == EdgeType::remote_access) {
      if (defences.vendor_access == scenario::VendorAccess::removed) p[i] = 0.0;
      if (defences.vendor_access == scenario::VendorAccess::restricted) p[i] *= defences.restricted_factor;
    }
  }
  return AttackModel(p);
}

// ---- entry points -----------------------------------------------------------

std::string_view to_string(EntryReason reason) noexcept {
  switch (reason) {
    case EntryReason::incident_target: return "incident_target";
    case EntryReason::remote_access: return "remote_access";
    case EntryReason::external_platform: return "external_platform";
    case EntryReason::mulval: return "mulval";
  }
  return "?";
}

std::vector<EntryPoint> entry_points(const PortGraph& graph, std::span<const std::string> incident_targets) {
  const std::size_t n = graph.node_count();
  std::vector<std::optional<EntryReason>> reason(n);
  // Later rules do not overwrite earlier ones: EntryReason order is precedence.
  const auto mark = [&reason](Vertex v, EntryReason why) {
    if (!reason[v]) reason[v] = why;
  };
  for (const std::string& id : incident_targets) {
    const std::optional<Vertex> v = graph.find(id);
    if (!v) {
      std::vector<std::string_view> ids;
      ids.reserve(n);
      for (Vertex u = 0; u < n; ++u) ids.emplace_back(graph.node(u).id);
      throw ScenarioError("cyber.incidents: target '" + id + "' is not a node of the port" +
                          scenario::did_you_mean(id, ids));
    }
    mark(*v, EntryReason::incident_target);
  }
  for (const Vertex v : graph.nodes_of_kind(NodeKind::vendor)) {
    for (const Edge e : boost::make_iterator_range(boost::out_edges(v, graph.graph()))) {
      if (graph.edge(e).type == EdgeType::remote_access) mark(v, EntryReason::remote_access);
    }
  }
  for (const Vertex v : graph.nodes_of_kind(NodeKind::data_platform)) mark(v, EntryReason::external_platform);

  std::vector<EntryPoint> entries;
  for (Vertex v = 0; v < n; ++v) {
    if (reason[v]) entries.push_back({v, *reason[v]});
  }
  return entries;
}

std::vector<EntryPoint> entry_points(const PortGraph& graph, const scenario::Scenario& scenario) {
  std::vector<std::string> targets;
  for (const scenario::Incident& incident : scenario.cyber.incidents) {
    targets.insert(targets.end(), incident.targets.begin(), incident.targets.end());
  }
  return entry_points(graph, targets);
}

// ---- most likely paths ------------------------------------------------------

LikelyPaths::LikelyPaths(const PortGraph& graph, const AttackModel& model, Vertex origin) : origin_(origin) {
  const std::size_t n = graph.node_count();
  if (origin >= n) {
    throw std::invalid_argument("LikelyPaths: vertex " + std::to_string(origin) + " out of range (" +
                                std::to_string(n) + " nodes)");
  }
  std::array<double, kEdgeTypeCount> weight{};
  for (std::size_t i = 0; i < kEdgeTypeCount; ++i) weight[i] = edge_weight(model.probability(static_cast<EdgeType>(i)));
  const auto weight_of = [&graph, &weight](const Edge& e) {
    return weight[static_cast<std::size_t>(graph.edge(e).type)];
  };

  const boost::filtered_graph<Graph, SpreadFilter> g(graph.graph(), SpreadFilter{&graph, model.spreading_types()});
  const auto index = boost::get(boost::vertex_index, g);
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<PathCost> cost(n, PathCost{kInfinity, 0});
  boost::dijkstra_shortest_paths(g, origin,
                                 boost::weight_map(boost::make_function_property_map<Edge, double>(weight_of))
                                     .distance_map(boost::make_iterator_property_map(cost.begin(), index))
                                     .distance_compare(PathCostLess())
                                     .distance_combine(PathCostPlus())
                                     .distance_inf(PathCost{kInfinity, 0})
                                     .distance_zero(PathCost{0.0, 0}));

  // Re-choose each predecessor by index among the equally good ones: Boost
  // keeps whichever its heap happened to relax first. A candidate must be one
  // hop closer to the origin, so following parents always ends there.
  parent_.resize(n);
  probability_.assign(n, 0.0);
  std::vector<double> step_probability(n, 1.0);
  for (Vertex v = 0; v < n; ++v) {
    parent_[v] = v;
    if (v == origin || std::isinf(cost[v].minus_log_p)) continue;
    double best_weight = kInfinity;
    for (const Edge e : boost::make_iterator_range(boost::in_edges(v, g))) {
      const Vertex u = boost::source(e, g);
      const double w = weight_of(e);
      if (std::isinf(cost[u].minus_log_p) || cost[u].hops + 1 != cost[v].hops) continue;
      if (cost[u].minus_log_p + w > cost[v].minus_log_p + kTieTolerance) continue;
      if (parent_[v] == v || u < parent_[v] || (u == parent_[v] && w < best_weight)) {
        parent_[v] = u;
        best_weight = w;
        step_probability[v] = model.probability(graph.edge(e).type);
      }
    }
  }

  // Probabilities multiplied along the chosen paths, nearest nodes first.
  std::vector<Vertex> by_hops;
  for (Vertex v = 0; v < n; ++v) {
    if (!std::isinf(cost[v].minus_log_p)) by_hops.push_back(v);
  }
  std::stable_sort(by_hops.begin(), by_hops.end(), [&cost](Vertex a, Vertex b) { return cost[a].hops < cost[b].hops; });
  for (const Vertex v : by_hops) {
    probability_[v] = v == origin ? 1.0 : probability_[parent_[v]] * step_probability[v];
  }
}

std::vector<Vertex> LikelyPaths::reached() const {
  std::vector<Vertex> out;
  for (Vertex v = 0; v < probability_.size(); ++v) {
    if (v != origin_ && probability_[v] > 0.0) out.push_back(v);
  }
  return out;
}

std::optional<SpreadPath> LikelyPaths::path_to(Vertex v) const {
  if (!reaches(v)) return std::nullopt;
  SpreadPath path;
  path.from = origin_;
  path.to = v;
  path.probability = probability_[v];
  for (Vertex u = v; u != origin_; u = parent_[u]) path.nodes.push_back(u);
  path.nodes.push_back(origin_);
  std::reverse(path.nodes.begin(), path.nodes.end());
  return path;
}

// ---- critical nodes ---------------------------------------------------------

std::vector<Vertex> flow_sources(const PortGraph& graph) {
  std::vector<Vertex> sources = graph.nodes_of_kind(NodeKind::shipping_line);
  return sources.empty() ? graph.nodes_of_kind(NodeKind::terminal) : sources;
}

std::vector<std::size_t> cut_counts(const PortGraph& graph, std::span<const Vertex> sources, EdgeTypes types) {
  const std::size_t n = graph.node_count();
  for (const Vertex s : sources) {
    if (s >= n) throw std::invalid_argument("cut_counts: source " + std::to_string(s) + " out of range");
  }
  const auto search = [&](Vertex removed, std::vector<boost::default_color_type>& colour) {
    std::vector<Vertex> starts;
    for (const Vertex s : sources) {
      if (s != removed) starts.push_back(s);
    }
    const boost::filtered_graph<Graph, WithoutNode> g(graph.graph(), WithoutNode{&graph, types, removed});
    mark_reachable(g, starts, colour);
  };

  // `removed = n` removes nothing: the flow as it is.
  std::vector<boost::default_color_type> before(n);
  search(static_cast<Vertex>(n), before);
  std::vector<std::size_t> counts(n, 0);
  std::vector<boost::default_color_type> after(n);
  for (Vertex x = 0; x < n; ++x) {
    search(x, after);
    for (Vertex v = 0; v < n; ++v) {
      if (v != x && before[v] != boost::white_color && after[v] == boost::white_color) ++counts[x];
    }
  }
  return counts;
}

std::vector<CriticalNode> critical_nodes(const PortGraph& graph, std::size_t top) {
  const std::vector<Vertex> sources = flow_sources(graph);
  const std::vector<std::size_t> cuts = cut_counts(graph, sources, kOperationalEdges);
  const std::vector<double> centrality = betweenness(graph, kOperationalEdges);
  std::vector<CriticalNode> ranked;
  for (Vertex v = 0; v < graph.node_count(); ++v) {
    if (cuts[v] > 0 || centrality[v] > 0.0) ranked.push_back({v, cuts[v], centrality[v]});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const CriticalNode& a, const CriticalNode& b) {
    return std::tie(b.cut_nodes, b.betweenness) < std::tie(a.cut_nodes, a.betweenness);
  });
  if (ranked.size() > top) ranked.resize(top);
  return ranked;
}

// ---- the whole analysis -----------------------------------------------------

AttackAnalysis analyze_attack_graph(const PortGraph& graph, const AttackModel& model,
                                    std::vector<EntryPoint> entry_points, std::size_t top) {
  AttackAnalysis out;
  out.model = model;
  out.entry_points = std::move(entry_points);

  std::vector<LikelyPaths> trees;
  trees.reserve(out.entry_points.size());
  for (const EntryPoint& entry : out.entry_points) {
    const LikelyPaths& tree = trees.emplace_back(graph, model, entry.node);
    out.reached.push_back(tree.reached());
    for (const Vertex v : out.reached.back()) {
      if (is_attack_path_target(graph.node(v))) out.attack_paths.push_back(*tree.path_to(v));
    }
  }

  out.flow_sources = flow_sources(graph);
  out.critical_nodes = critical_nodes(graph, top);

  for (const Vertex zone : graph.nodes_of_kind(NodeKind::zone)) {
    const NodeProps& z = graph.node(zone);
    if (!z.sensitive) continue;
    ZoneExposure& exposure = out.sensitive_zones.emplace_back();
    exposure.zone = zone;
    exposure.sensitivity = std::string(z.attribute("sensitivity").value_or(""));
    const std::vector<Vertex> members = graph.nodes_in_zone(z.id);
    // Entry points and zone nodes in order, so a strict improvement is needed
    // to replace: ties keep the earlier entry point, then the lower index.
    for (const LikelyPaths& tree : trees) {
      for (const Vertex v : members) {
        std::optional<SpreadPath> path = tree.path_to(v);
        if (!path) continue;
        const bool better = !exposure.path || path->probability > exposure.path->probability ||
                            (path->probability == exposure.path->probability && path->hops() < exposure.path->hops());
        if (better) exposure.path = std::move(path);
      }
    }
  }
  return out;
}

AttackAnalysis analyze_attack_graph(const PortGraph& graph, const scenario::Scenario& scenario, std::size_t top) {
  return analyze_attack_graph(graph, attack_model(scenario), entry_points(graph, scenario), top);
}

}  // namespace porttwin::graph
