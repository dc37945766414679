// Building the cyber side of the Scenario: spread per edge type, response
// times per node kind, data classes, profiles, incidents; the defences; and
// the economic (DIIM) sectors. See builder.hpp and the `cyber`, `defences`
// and `economy` rows of the parameter table.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

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

/// Whether the spectral radius of the nonnegative n x n matrix A (row-major)
/// is below s. It is exactly when I - A/s, a Z-matrix, is a nonsingular
/// M-matrix, and a Z-matrix is one exactly when its leading principal minors
/// are all positive (Berman and Plemmons, Nonnegative Matrices in the
/// Mathematical Sciences, SIAM 1994, ch. 6). Gaussian elimination without
/// pivoting meets those minors' ratios as its pivots (and the Schur
/// complements stay Z-matrices), so: all pivots positive. n^3 / 3 steps, no
/// eigenvalue solver and no iteration to converge.
bool radius_below(const std::vector<double>& a, std::size_t n, double s) {
  std::vector<double> m(n * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) m[i * n + j] = (i == j ? 1.0 : 0.0) - a[i * n + j] / s;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const double pivot = m[k * n + k];
    if (!(pivot > 0.0)) return false;
    for (std::size_t i = k + 1; i < n; ++i) {
      const double f = m[i * n + k] / pivot;
      if (f == 0.0) continue;
      for (std::size_t j = k + 1; j < n; ++j) m[i * n + j] -= f * m[k * n + j];
    }
  }
  return true;
}

/// A radius as people read it: four significant digits, twelve near 1 (where
/// four would print a radius just past 1 - 1e-9 as "1").
std::string radius_text(double value) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.*g", std::abs(value - 1.0) < 1e-3 ? 12 : 4, value);
  return text.data();
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
    if (const Node* k = rd.node(w, "resilience"); k != nullptr && rd.node(w, "recovery") != nullptr) {
      rd.problem(*k, w.path + ".resilience",
                 "expected either recovery (k_i from it and lambda) or resilience (k_i itself), not both");
    }
    if (const auto refs = rd.references(w, "nodes")) {
      for (const auto& [node, at] : *refs) {
        if (known_node(b, node, at->mark, w.path + ".nodes")) s.nodes.push_back(node);
      }
    }
    for (const Where& p : rd.items(rd.collection(w, "perturbation"))) {
      PerturbationStep step;
      if (!rd.read_fields(p, step)) continue;
      if (!s.perturbation.empty() && step.at_h <= s.perturbation.back().at_h) {
        if (const Node* at = rd.node(p, "at")) {
          rd.problem(*at, p.path + ".at", "expected a time after the previous step's: steps are in time order");
        }
        continue;
      }
      s.perturbation.push_back(step);
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
  // The model needs an equilibrium: the spectral radius of A* below 1 (the
  // DIIM refuses 1 - 1e-9 or more, metrics/diim.cpp). Row sums below 1 are
  // only the sufficient condition people check by hand; a valid A* may have
  // coefficients of 1 and rows summing past it.
  const std::size_t n = e.sectors.size();
  if (n == 0 || top.node == nullptr) return;
  std::vector<double> a(n * n, 0.0);
  double largest_row = 0.0;
  for (const auto& c : e.interdependency) a[std::size_t{c.sector} * n + c.depends_on] += c.value;
  for (std::size_t i = 0; i < n; ++i) {
    double row = 0.0;
    for (std::size_t j = 0; j < n; ++j) row += a[i * n + j];
    largest_row = std::max(largest_row, row);
  }
  constexpr double kMaxRadius = 1.0 - 1e-9;
  if (largest_row < kMaxRadius || radius_below(a, n, kMaxRadius)) return;
  // Refused: say how large the radius is (between 1 - 1e-9 and the largest row
  // sum), by bisection; fewer steps for large A* (each is n^3 / 3).
  double lo = kMaxRadius, hi = largest_row;
  const int steps = n <= 100 ? 60 : 20;
  for (int k = 0; k < steps && hi - lo > 1e-12 * hi; ++k) {
    const double mid = 0.5 * (lo + hi);
    (radius_below(a, n, mid) ? hi : lo) = mid;
  }
  rd.problem(top.node->mark, "economy.interdependency: the spectral radius of A* is " + radius_text(hi) +
                                 "; expected below 1 - 1e-9, or no equilibrium exists (rows may sum past 1 and "
                                 "coefficients reach 1 while the radius stays below it)");
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
