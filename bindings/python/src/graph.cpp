// The dependency graph (graph/port_graph.hpp) as node and edge columns, and
// the attack-graph analysis (graph/attack.hpp) as the dict `porttwin analyze
// --json` prints (the same keys and values; re-expressed here because the
// CLI's conversion lives in app/, which the bindings do not include).
#include <pybind11/stl.h>

#include <cstddef>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "porttwin/graph/attack.hpp"
#include "porttwin/graph/port_graph.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::bindings {

namespace {

using graph::PortGraph;
using graph::SpreadPath;
using graph::Vertex;

py::dict graph_columns(const scenario::ScenarioDocument& document) {
  const PortGraph g = graph::build_port_graph(document.instantiate(0));
  std::vector<std::string> id, kind, name, zone;
  std::vector<bool> sensitive;
  for (Vertex v = 0; v < g.node_count(); ++v) {
    const graph::NodeProps& n = g.node(v);
    id.push_back(n.id);
    kind.emplace_back(graph::to_string(n.kind));
    name.push_back(n.name);
    zone.push_back(n.zone);
    sensitive.push_back(n.sensitive);
  }
  std::vector<std::string> source, target, type, rule;
  for (auto [it, end] = boost::edges(g.graph()); it != end; ++it) {
    source.push_back(g.node(g.source(*it)).id);
    target.push_back(g.node(g.target(*it)).id);
    type.emplace_back(scenario::to_string(g.edge(*it).type));
    rule.emplace_back(graph::to_string(g.edge(*it).rule));
  }
  py::dict nodes;
  nodes["id"] = id;
  nodes["kind"] = kind;
  nodes["name"] = name;
  nodes["zone"] = zone;
  nodes["sensitive"] = sensitive;
  py::dict edges;
  edges["source"] = source;
  edges["target"] = target;
  edges["type"] = type;
  edges["rule"] = rule;
  py::dict out;
  out["name"] = g.name();
  out["nodes"] = nodes;
  out["edges"] = edges;
  return out;
}

py::list path_ids(const PortGraph& g, const SpreadPath& path) {
  py::list ids;
  for (const Vertex v : path.nodes) ids.append(g.node(v).id);
  return ids;
}

py::dict analysis(const scenario::ScenarioDocument& document, long long top) {
  if (top < 1) throw UsageError("top must be at least 1, got " + std::to_string(top));
  const scenario::Scenario s = document.instantiate(0);
  const PortGraph g = graph::build_port_graph(s);
  const graph::AttackAnalysis a = graph::analyze_attack_graph(g, s, static_cast<std::size_t>(top));

  py::dict spread;
  for (std::size_t i = 0; i < graph::kEdgeTypeCount; ++i) {
    const auto type = static_cast<graph::EdgeType>(i);
    spread[py::str(std::string(scenario::to_string(type)))] = a.model.probability(type);
  }
  py::list entries;
  py::dict reachable;
  for (std::size_t i = 0; i < a.entry_points.size(); ++i) {
    const graph::NodeProps& n = g.node(a.entry_points[i].node);
    py::dict entry;
    entry["id"] = n.id;
    entry["kind"] = std::string(graph::to_string(n.kind));
    entry["reason"] = std::string(graph::to_string(a.entry_points[i].reason));
    entries.append(entry);
    py::list ids;
    for (const Vertex v : a.reached[i]) ids.append(g.node(v).id);
    reachable[py::str(n.id)] = ids;
  }
  py::list paths;
  for (const SpreadPath& p : a.attack_paths) {
    py::dict path;
    path["from"] = g.node(p.from).id;
    path["to"] = g.node(p.to).id;
    path["path"] = path_ids(g, p);
    path["probability"] = p.probability;
    paths.append(path);
  }
  py::list sources;
  for (const Vertex v : a.flow_sources) sources.append(g.node(v).id);
  py::list critical;
  for (const graph::CriticalNode& c : a.critical_nodes) {
    py::dict node;
    node["id"] = g.node(c.node).id;
    node["kind"] = std::string(graph::to_string(g.node(c.node).kind));
    node["cut_nodes"] = c.cut_nodes;
    node["betweenness"] = c.betweenness;
    critical.append(node);
  }
  py::list zones;
  for (const graph::ZoneExposure& z : a.sensitive_zones) {
    py::dict zone;
    zone["zone"] = g.node(z.zone).id;
    zone["sensitivity"] = z.sensitivity;
    zone["reachable"] = z.path.has_value();
    zone["from"] = z.path ? py::object(py::str(g.node(z.path->from).id)) : py::object(py::none());
    zone["path"] = z.path ? path_ids(g, *z.path) : py::list();
    zone["probability"] = z.path ? z.path->probability : 0.0;
    zones.append(zone);
  }
  py::dict method;
  method["attack_paths"] = std::string(graph::kAttackPathsMethod);
  method["critical_nodes"] = std::string(graph::kCriticalNodesMethod);

  py::dict out;
  out["scenario"] = s.name;
  out["method"] = method;
  out["spread_probability"] = spread;
  out["entry_points"] = entries;
  out["reachable"] = reachable;
  out["attack_paths"] = paths;
  out["flow_sources"] = sources;
  out["critical_nodes"] = critical;
  out["sensitive_zones_reachable"] = zones;
  return out;
}

}  // namespace

void bind_graph(py::module_& m) {
  m.def("graph", &graph_columns, py::arg("document"),
        "The dependency graph of replication 0 as {'name', 'nodes': {id, kind, name, zone, sensitive}, 'edges': "
        "{source, target, type, rule}}; an edge means the target depends on the source.");
  m.def("analyze", &analysis, py::arg("document"), py::arg("top") = 10,
        "The attack-graph analysis as `porttwin analyze --json` gives it.");
}

}  // namespace porttwin::bindings
