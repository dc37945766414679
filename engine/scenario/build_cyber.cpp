// Building the cyber side of the Scenario: spread per edge type, response
// times per node kind, data classes, profiles, incidents; the defences; and
// the economic (DIIM) sectors. See builder.hpp and the `cyber`, `defences`
// and `economy` rows of the parameter table.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_set>

#include "builder.hpp"
#include "excerpt.hpp"
#include "porttwin/scenario/suggest.hpp"

namespace porttwin::scenario::detail {
namespace {

// The node kinds `cyber.response` may name: the graph layer's kind names
// (graph::to_string(NodeKind)), spelled here because the scenario layer
// sits below the graph layer.
// tests/graph/port_graph_test.cpp checks that every graph kind is here.
constexpr std::array<std::string_view, 16> kResponseKinds{
    "default", "terminal",      "berth",           "crane_group",   "yard_block",          "gate",
    "pcs",     "customs",       "port_authority",  "shipping_line", "hinterland_operator", "company",
    "vendor",  "data_platform", "terminal_system", "zone"};

constexpr std::array<DependencyType, 5> kEdgeTypes{DependencyType::physical_flow, DependencyType::data_flow,
                                                   DependencyType::control, DependencyType::remote_access,
                                                   DependencyType::service};

/// A node id from a references/reference row or a collection key, checked
/// against every node id; a problem at `at` otherwise.
bool known_node(Build& b, const std::string& id, const Mark& at, const std::string& path) {
  if (b.node_ids.find(id) != b.node_ids.end()) return true;
  if (b.zones.index.find(id) != b.zones.index.end()) {
    b.rd.problem(at, path + ": expected a node id; found the zone " + quoted_excerpt(id) +
                         " (a zone is an area, not a system: name the terminal, berth or equipment in it)");
    return false;
  }
  b.rd.problem(at, path +
                       ": expected a node id (a terminal, organisation, operator, company, vendor, platform or "
                       "<terminal>.<equipment>); found " +
                       quoted_excerpt(id) + b.rd.did_you_mean(id, b.node_id_list()));
  return false;
}

/// The response times an entry gives; a key it does not give is `fallback`'s.
NodeResponse read_response(Reader& rd, const Where& w, const NodeResponse& fallback) {
  NodeResponse r = fallback;
  rd.read_fields(w, r, /*present_only=*/true);
  return r;
}

std::vector<Index> data_refs(Build& b, const Where& w, std::string_view key, const IdTable& classes) {
  std::vector<Index> out;
  if (const auto refs = b.rd.references(w, key)) {
    std::vector<bool> seen(classes.index.size(), false);
    for (const auto& [id, node] : *refs) {
      const Index i = b.resolve(classes, id, *node, w.path + "." + std::string(key));
      if (i == kNone || seen[i]) continue;
      seen[i] = true;
      out.push_back(i);
    }
  }
  return out;
}

void build_spread_and_response(Build& b, const Where& cyber) {
  Reader& rd = b.rd;
  Cyber& c = b.s.cyber;
  // Spread per edge type and the reporting rules are bound to b.s.cyber:
  // read with the settings.

  const Where response = rd.collection(cyber, "response");
  const auto entries = rd.entries(response);
  // The table's defaults, then `default`, then each kind, key by key.
  const Where nowhere = response.item("default");  // no node: every read gives the table's default
  rd.read_fields(nowhere, c.default_response);
  for (const auto& [id, w] : entries) {
    if (id == "default") c.default_response = read_response(rd, w, c.default_response);
  }
  for (const auto& [id, w] : entries) {
    if (std::find(kResponseKinds.begin(), kResponseKinds.end(), id) == kResponseKinds.end()) {
      std::vector<std::string_view> kinds(kResponseKinds.begin(), kResponseKinds.end());
      std::string expected;
      for (std::size_t k = 1; k < kinds.size(); ++k) expected += std::string(k > 1 ? ", " : "") + std::string(kinds[k]);
      rd.problem(w.mark, w.path + ": expected a node kind (" + expected + ") or default; found " + quoted_excerpt(id) +
                             rd.did_you_mean(id, kinds));
      continue;
    }
    if (id != "default") c.response.emplace_back(id, read_response(rd, w, c.default_response));
  }
}

void build_profiles(Build& b, const Where& cyber, const IdTable& classes) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(cyber, "profiles"))) {
    if (!known_node(b, id, w.mark, w.path)) continue;
    CyberProfile p;
    p.node = id;
    rd.read_fields(w, p);
    p.data_classes = data_refs(b, w, "data", classes);
    b.s.cyber.profiles.push_back(std::move(p));
  }
}

/// An incident's restoration stages: each names a node id or a terminal part.
std::vector<RestorationStage> read_restoration(Build& b, const Where& incident) {
  Reader& rd = b.rd;
  std::vector<RestorationStage> out;
  for (const Where& w : rd.items(rd.collection(incident, "restoration"))) {
    RestorationStage stage;
    const auto node = rd.reference(w, "node");
    if (!rd.read_fields(w, stage) || !node) continue;
    const Node& at = *rd.node(w, "node");
    if (b.node_ids.find(*node) == b.node_ids.end() && !terminal_part(b.s, *node)) {
      // Not a node: is it a part of a terminal? Say what was expected either way.
      if (!known_node(b, *node, at.mark, w.path + ".node")) continue;
    }
    stage.node = *node;
    out.push_back(std::move(stage));
  }
  return out;
}

void build_incidents(Build& b, const Where& cyber, const IdTable& classes) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(cyber, "incidents"))) {
    Incident inc;
    inc.id = id;
    const auto kind = rd.choice(w, "kind");
    rd.read_fields(w, inc);
    if (const auto refs = rd.references(w, "targets")) {
      if (refs->empty())
        rd.problem(*rd.node(w, "targets"), w.path + ".targets", "expected at least one node id; found an empty list");
      for (const auto& [target, node] : *refs) {
        if (known_node(b, target, node->mark, w.path + ".targets")) inc.targets.push_back(target);
      }
    }
    const bool timed = kind && (inc.kind == IncidentKind::platform_outage || inc.kind == IncidentKind::ddos);
    if (timed && rd.node(w, "duration") == nullptr) rd.missing(w, "duration");
    if (timed) inc.spread = false;
    inc.data_classes = data_refs(b, w, "data", classes);
    inc.restoration = read_restoration(b, w);
    if (rd.node(w, "announcement") != nullptr && !inc.announce_after_h) {
      rd.missing(rd.section(w, "announcement"), "after");
    }
    b.s.cyber.incidents.push_back(std::move(inc));
  }
}

void build_defences(Build& b, const Where& root) {
  Reader& rd = b.rd;
  // The defences' values are bound to b.s.defences (read with the
  // settings), but for the edge types segmentation cuts.
  Defences& d = b.s.defences;
  const Where top = rd.section(root, "defences");
  const Where seg = rd.section(top, "segmentation");
  const Where cuts = rd.section(seg, "cuts");
  for (const DependencyType type : {DependencyType::data_flow, DependencyType::service, DependencyType::control}) {
    if (rd.boolean(cuts, to_string(type)).value_or(false)) d.segmentation_cuts.push_back(type);
  }
}

void build_economy(Build& b, const Where& root) {
  Reader& rd = b.rd;
  Economy& e = b.s.economy;
  const Where top = rd.section(root, "economy");  // lambda: bound, read with the settings
  IdTable sectors{"economy.sectors"};
  for (const auto& [id, w] : rd.entries(rd.collection(top, "sectors"))) {
    sectors.index.emplace(id, static_cast<Index>(e.sectors.size()));
    Sector& s = e.sectors.emplace_back();
    s.id = id;
    s.name = id;
    rd.read_fields(w, s);
    if (const auto refs = rd.references(w, "nodes")) {
      for (const auto& [node, at] : *refs) {
        if (known_node(b, node, at->mark, w.path + ".nodes")) s.nodes.push_back(node);
      }
    }
  }
  std::unordered_set<std::uint64_t> given;  // (sector, on) pairs so far
  for (const Where& w : rd.items(rd.collection(top, "interdependency"))) {
    Economy::Coefficient c;
    const auto i = rd.reference(w, "sector");
    const auto j = rd.reference(w, "on");
    if (!rd.read_fields(w, c) || !i || !j) continue;
    c.sector = b.resolve(sectors, *i, *rd.node(w, "sector"), w.path + ".sector");
    c.depends_on = b.resolve(sectors, *j, *rd.node(w, "on"), w.path + ".on");
    if (c.sector == kNone || c.depends_on == kNone) continue;
    if (!given.insert((std::uint64_t{c.sector} << 32U) | c.depends_on).second) {
      rd.problem(*rd.node(w, "on"), w.path, "coefficient " + *i + " on " + *j + " is given twice");
      continue;
    }
    e.interdependency.push_back(c);
  }
  // The model needs an equilibrium: the row sums of A* below 1 is the
  // sufficient condition people check by hand (the DIIM checks the spectral
  // radius itself).
  std::vector<double> row_sum(e.sectors.size(), 0.0);
  for (const auto& c : e.interdependency) row_sum[c.sector] += c.value;
  for (std::size_t i = 0; i < row_sum.size(); ++i) {
    // The DIIM refuses a spectral radius of 1 - 1e-9 or more (metrics/diim.cpp);
    // the radius is at most the largest row sum, so this bound keeps the two
    // in agreement.
    if (row_sum[i] >= 1.0 - 1e-9 && top.node != nullptr) {
      rd.problem(top.node->mark, "economy.interdependency: the coefficients of sector " + e.sectors[i].id + " sum to " +
                                     format_number(row_sum[i]) +
                                     "; expected a sum below 1 - 1e-9 (a sector cannot lose more than it depends on)");
    }
  }
}

}  // namespace

void build_cyber(Build& b, const Where& root) {
  Reader& rd = b.rd;
  const Where cyber = rd.section(root, "cyber");
  build_spread_and_response(b, cyber);
  IdTable classes{"cyber.data_classes"};
  for (const auto& [id, w] : rd.entries(rd.collection(cyber, "data_classes"))) {
    classes.index.emplace(id, static_cast<Index>(b.s.cyber.data_classes.size()));
    DataClass& d = b.s.cyber.data_classes.emplace_back();
    d.id = id;
    rd.read_fields(w, d);
  }
  build_profiles(b, cyber, classes);
  build_incidents(b, cyber, classes);
  build_defences(b, root);
  build_economy(b, root);
}

}  // namespace porttwin::scenario::detail
