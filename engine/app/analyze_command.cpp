// `porttwin analyze`: the attack-graph analysis of graph/attack.hpp before any
// simulation, as a readable report or one JSON object (docs/analyze.md).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "porttwin/graph/attack.hpp"
#include "porttwin/graph/mulval.hpp"
#include "porttwin/graph/port_graph.hpp"
#include "porttwin/io/files.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/suggest.hpp"
#include "scenario_options.hpp"

namespace porttwin::app {

namespace {

using graph::AttackAnalysis;
using graph::PortGraph;
using graph::SpreadPath;
using graph::Vertex;

struct AnalyzeArgs {
  ScenarioArgs scenario;
  bool json = false;
  long long top = 10;
  std::string output;                   ///< "" or "-" for standard output
  std::string mulval;                   ///< MulVAL VERTICES.CSV, "" if none
  std::vector<std::string> mulval_map;  ///< HOST=NODE
};

/// MulVAL's execCode hosts and the node each maps to ("" if none).
struct MulvalImport {
  std::string file;
  std::vector<std::pair<graph::MulvalHost, std::string>> hosts;
};

/// Reads the MulVAL file, maps its hosts (explicit --mulval-map first, then a
/// host that is itself a node id) and adds the mapped nodes as entry points.
MulvalImport import_mulval(const AnalyzeArgs& a, const PortGraph& g, std::vector<graph::EntryPoint>& entries) {
  MulvalImport out;
  out.file = a.mulval;
  std::map<std::string, std::string, std::less<>> map;
  for (const std::string& m : a.mulval_map) {
    const std::size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      throw UsageError("--mulval-map expects HOST=NODE, got '" + m + "'");
    }
    const std::string node = m.substr(eq + 1);
    if (!g.find(node)) {
      std::vector<std::string_view> ids;
      for (std::size_t v = 0; v < g.node_count(); ++v) ids.push_back(g.node(v).id);
      throw UsageError("--mulval-map " + m + ": '" + node + "' is not a node id" + scenario::did_you_mean(node, ids));
    }
    map[m.substr(0, eq)] = node;
  }
  std::ifstream in(a.mulval, std::ios::binary);
  if (!in) throw IoError("cannot read MulVAL file '" + a.mulval + "'");
  std::string text;
  constexpr std::size_t kMaxBytes = 64U << 20U;
  text.resize(kMaxBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxBytes) throw IoError("MulVAL file '" + a.mulval + "' is larger than 64 MiB");
  for (graph::MulvalHost& h : graph::mulval_exec_hosts(text, a.mulval)) {
    std::string node;
    if (const auto it = map.find(h.host); it != map.end()) {
      node = it->second;
    } else if (g.find(h.host)) {
      node = h.host;
    }
    if (!node.empty()) {
      const Vertex v = *g.find(node);
      const bool listed = std::any_of(entries.begin(), entries.end(), [v](const auto& e) { return e.node == v; });
      if (!listed) entries.push_back(graph::EntryPoint{v, graph::EntryReason::mulval});
    }
    out.hosts.emplace_back(std::move(h), std::move(node));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) { return x.node < y.node; });
  return out;
}

/// Four significant digits: 0.648, 0.0001234, 1.
std::string probability_text(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", p);
  return buffer;
}

/// "a -> b -> c".
std::string path_text(const PortGraph& g, const SpreadPath& path) {
  std::string out;
  for (const Vertex v : path.nodes) {
    if (!out.empty()) out += " -> ";
    out += g.node(v).id;
  }
  return out;
}

std::vector<std::string> path_ids(const PortGraph& g, const SpreadPath& path) {
  std::vector<std::string> ids;
  for (const Vertex v : path.nodes) ids.push_back(g.node(v).id);
  return ids;
}

// ---- JSON -------------------------------------------------------------------

nlohmann::ordered_json to_json(const scenario::Scenario& s, const PortGraph& g, const AttackAnalysis& a) {
  using Json = nlohmann::ordered_json;
  // Each member is built whole, then added: ordered_json keeps its members in
  // a vector, so a reference to one dies when the next is inserted.
  Json spread = Json::object();
  for (std::size_t i = 0; i < graph::kEdgeTypeCount; ++i) {
    const auto type = static_cast<graph::EdgeType>(i);
    spread[std::string(scenario::to_string(type))] = a.model.probability(type);
  }
  Json entries = Json::array();
  Json reachable = Json::object();
  for (std::size_t i = 0; i < a.entry_points.size(); ++i) {
    const graph::NodeProps& n = g.node(a.entry_points[i].node);
    entries.push_back(
        {{"id", n.id}, {"kind", graph::to_string(n.kind)}, {"reason", to_string(a.entry_points[i].reason)}});
    Json ids = Json::array();
    for (const Vertex v : a.reached[i]) ids.push_back(g.node(v).id);
    reachable[n.id] = std::move(ids);
  }
  Json paths = Json::array();
  for (const SpreadPath& p : a.attack_paths) {
    paths.push_back({{"from", g.node(p.from).id},
                     {"to", g.node(p.to).id},
                     {"path", path_ids(g, p)},
                     {"probability", p.probability}});
  }
  Json sources = Json::array();
  for (const Vertex v : a.flow_sources) sources.push_back(g.node(v).id);
  Json critical = Json::array();
  for (const graph::CriticalNode& c : a.critical_nodes) {
    critical.push_back({{"id", g.node(c.node).id},
                        {"kind", graph::to_string(g.node(c.node).kind)},
                        {"cut_nodes", c.cut_nodes},
                        {"betweenness", c.betweenness}});
  }
  Json zones = Json::array();
  for (const graph::ZoneExposure& z : a.sensitive_zones) {
    Json zone = {{"zone", g.node(z.zone).id}, {"sensitivity", z.sensitivity}, {"reachable", z.path.has_value()},
                 {"from", nullptr},           {"path", Json::array()},        {"probability", 0.0}};
    if (z.path) {
      zone["from"] = g.node(z.path->from).id;
      zone["path"] = path_ids(g, *z.path);
      zone["probability"] = z.path->probability;
    }
    zones.push_back(std::move(zone));
  }

  Json out;
  out["scenario"] = s.name;
  out["method"] = {{"attack_paths", graph::kAttackPathsMethod}, {"critical_nodes", graph::kCriticalNodesMethod}};
  out["spread_probability"] = std::move(spread);
  out["entry_points"] = std::move(entries);
  out["reachable"] = std::move(reachable);
  out["attack_paths"] = std::move(paths);
  out["flow_sources"] = std::move(sources);
  out["critical_nodes"] = std::move(critical);
  out["sensitive_zones_reachable"] = std::move(zones);
  return out;
}

// ---- text -------------------------------------------------------------------

std::string defences_text(const scenario::Defences& d) {
  std::string out = "segmentation ";
  if (d.segmentation) {
    std::string cuts;
    for (const scenario::DependencyType t : d.segmentation_cuts) {
      cuts += (cuts.empty() ? "" : ", ") + std::string(scenario::to_string(t));
    }
    out += "on (cuts " + (cuts.empty() ? std::string("nothing") : cuts) + ")";
  } else {
    out += "off";
  }
  out += ", vendor access " + std::string(scenario::to_string(d.vendor_access));
  if (d.vendor_access == scenario::VendorAccess::restricted)
    out += " (x " + probability_text(d.restricted_factor) + ")";
  return out;
}

std::string report(const scenario::Scenario& s, const PortGraph& g, const AttackAnalysis& a, std::size_t top) {
  std::ostringstream out;
  out << s.name << ": attack-graph analysis (static: no simulation, no random draws)\n\n";

  out << "Spread probability per edge, after defences (" << defences_text(s.defences) << "):\n ";
  for (std::size_t i = 0; i < graph::kEdgeTypeCount; ++i) {
    const auto type = static_cast<graph::EdgeType>(i);
    out << (i > 0 ? ", " : " ") << scenario::to_string(type) << ' ' << probability_text(a.model.probability(type));
  }
  out << '\n';
  if (a.model.spreading_types().empty()) {
    out << "  (no edge type spreads compromise: set cyber.spread to analyse lateral movement)\n";
  }

  std::size_t width = 2;
  for (Vertex v = 0; v < g.node_count(); ++v) width = std::max(width, g.node(v).id.size());
  const int w = static_cast<int>(width);

  out << "\nEntry points (" << a.entry_points.size() << "):\n";
  if (a.entry_points.empty()) out << "  none (no vendor with remote access, no data platform, no incident target)\n";
  for (std::size_t i = 0; i < a.entry_points.size(); ++i) {
    const graph::NodeProps& n = g.node(a.entry_points[i].node);
    char line[512];
    std::snprintf(line, sizeof line, "  %-*s  %-19s  %-17s  reaches %zu node%s\n", w, n.id.c_str(),
                  std::string(graph::to_string(n.kind)).c_str(),
                  std::string(to_string(a.entry_points[i].reason)).c_str(), a.reached[i].size(),
                  a.reached[i].size() == 1 ? "" : "s");
    out << line;
  }

  std::vector<const SpreadPath*> ranked;
  for (const SpreadPath& p : a.attack_paths) ranked.push_back(&p);
  std::stable_sort(ranked.begin(), ranked.end(), [](const SpreadPath* x, const SpreadPath* y) {
    return x->probability > y->probability || (x->probability == y->probability && x->hops() < y->hops());
  });
  out << "\nMost likely attack paths to terminals, quay cranes, the PCS, companies and sensitive zones ("
      << std::min(top, ranked.size()) << " of " << ranked.size() << "):\n";
  if (ranked.empty()) out << "  none\n";
  for (std::size_t i = 0; i < ranked.size() && i < top; ++i) {
    std::string p = probability_text(ranked[i]->probability);
    p.resize(std::max<std::size_t>(p.size() + 2, 9), ' ');
    out << "  p = " << p << path_text(g, *ranked[i]) << '\n';
  }

  out << "\nCritical nodes (loss cuts the most operational flow from ";
  for (std::size_t i = 0; i < a.flow_sources.size(); ++i) out << (i > 0 ? ", " : "") << g.node(a.flow_sources[i]).id;
  out << "):\n";
  if (a.critical_nodes.empty()) out << "  none\n";
  if (!a.critical_nodes.empty()) {
    char header[512];
    std::snprintf(header, sizeof header, "  %-*s  %-19s  %9s  %11s\n", w, "id", "kind", "cut nodes", "betweenness");
    out << header;
  }
  for (const graph::CriticalNode& c : a.critical_nodes) {
    char line[512];
    std::snprintf(line, sizeof line, "  %-*s  %-19s  %9zu  %11.1f\n", w, g.node(c.node).id.c_str(),
                  std::string(graph::to_string(g.node(c.node).kind)).c_str(), c.cut_nodes, c.betweenness);
    out << line;
  }

  out << "\nSensitive zones:\n";
  if (a.sensitive_zones.empty()) out << "  none in the scenario\n";
  for (const graph::ZoneExposure& z : a.sensitive_zones) {
    out << "  " << g.node(z.zone).id;
    if (!z.sensitivity.empty()) out << " (" << z.sensitivity << ")";
    if (z.path) {
      out << ": REACHABLE from " << g.node(z.path->from).id << ", p = " << probability_text(z.path->probability) << ": "
          << path_text(g, *z.path) << '\n';
    } else {
      out << ": not reachable from any entry point\n";
    }
  }
  return out.str();
}

}  // namespace

CommandFn add_analyze_command(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Attack-graph analysis before any simulation: entry points, what compromise reaches and by which most likely "
      "path, critical nodes, exposure of sensitive zones");
  add_scenario_options(*cmd, args->scenario);
  cmd->add_flag("--json", args->json, "Print one JSON object instead of the report");
  cmd->add_option("--top", args->top, "How many critical nodes (and, in the report, attack paths) to list")
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output,
                  "File to write (default, or '-': standard output); written to a temporary name beside it and "
                  "renamed when complete");
  cmd->add_option("--mulval", args->mulval,
                  "MulVAL VERTICES.CSV: every host with execCode(host, _) becomes an entry point (reason mulval)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--mulval-map", args->mulval_map,
                  "HOST=NODE: map a MulVAL host to a scenario node id (a host named like a node maps by itself)");
  cmd->footer(
      "Spread probabilities come from cyber.spread, with segmentation and vendor_access applied; entry points are\n"
      "vendors with remote access, data platforms and incident targets. See docs/analyze.md for the method.\n"
      "Examples:\n"
      "  porttwin analyze scenarios/rotterdam-baseline.yaml --set cyber.spread.remote_access.probability=0.8\n"
      "  porttwin analyze port.yaml --json --top 20 -o analysis.json\n"
      "  porttwin analyze port.yaml --set defences.vendor_access.mode=removed\n"
      "  porttwin analyze port.yaml --set defences.segmentation.enabled=true --json | jq .sensitive_zones_reachable\n"
      "  porttwin analyze port.yaml --mulval VERTICES.CSV --mulval-map tos01=apmt_mvii --mulval-map crm=portbase");

  return [args] {
    const AnalyzeArgs& a = *args;
    if (a.top < 1) throw UsageError("--top must be at least 1, got " + std::to_string(a.top));
    const scenario::ScenarioDocument document = load_scenario(a.scenario);
    const scenario::Scenario scenario = document.instantiate(0);
    const PortGraph port_graph = graph::build_port_graph(scenario);
    const auto top = static_cast<std::size_t>(a.top);
    std::vector<graph::EntryPoint> entries = graph::entry_points(port_graph, scenario);
    std::optional<MulvalImport> mulval;
    if (!a.mulval.empty()) mulval = import_mulval(a, port_graph, entries);
    const AttackAnalysis analysis =
        graph::analyze_attack_graph(port_graph, graph::attack_model(scenario), std::move(entries), top);
    std::string text;
    if (a.json) {
      nlohmann::ordered_json j = to_json(scenario, port_graph, analysis);
      if (mulval) {
        j["mulval"]["file"] = mulval->file;  // before taking a reference: ordered_json keys live in a vector
        auto& hosts = j["mulval"]["hosts"] = nlohmann::ordered_json::array();
        for (const auto& [h, node] : mulval->hosts) {
          hosts.push_back({{"host", h.host},
                           {"privilege", h.privilege},
                           {"vertex", h.vertex},
                           {"node", node.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(node)}});
        }
      }
      text = j.dump(2) + "\n";
    } else {
      text = report(scenario, port_graph, analysis, top);
      if (mulval) {
        text += "\nMulVAL hosts with code execution (" + mulval->file + "):\n";
        for (const auto& [h, node] : mulval->hosts) {
          text +=
              "  " + h.host + " (" + h.privilege + ") -> " + (node.empty() ? "not mapped to any node" : node) + "\n";
        }
      }
    }
    if (a.output.empty() || a.output == "-") {
      std::cout << text << std::flush;
      if (!std::cout) throw IoError("cannot write the analysis to standard output");
    } else {
      io::write_file_atomically(a.output, text, io::Durability::disk);
      std::printf("analysis of %zu entry point%s written to %s (%s)\n", analysis.entry_points.size(),
                  analysis.entry_points.size() == 1 ? "" : "s", a.output.c_str(), a.json ? "json" : "text");
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
