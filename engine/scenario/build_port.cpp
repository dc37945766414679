// Building the port side of the Scenario: settings and rules, zones and
// organisations, terminals with their equipment, hinterland operators and
// companies, declared dependencies. See builder.hpp.
#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_set>

#include "builder.hpp"
#include "excerpt.hpp"
#include "porttwin/kernel/time.hpp"
#include "porttwin/scenario/suggest.hpp"

namespace porttwin::scenario::detail {
namespace {

/// The unit a terminal's yard is counted in: TEU for containers, else its cargo unit.
std::string_view yard_unit(CargoKind kind) { return kind == CargoKind::containers ? "TEU" : cargo_unit(kind); }

/// The cargo unit `found` must be `expected`; a problem at the field otherwise.
void expect_unit(Build& b, const Where& parent, std::string_view key, CargoUnit found_unit, std::string_view expected,
                 const std::string& context) {
  if (to_string(found_unit) == expected) return;
  const Node* n = b.rd.node(parent, key);
  if (n == nullptr) return;
  b.rd.problem(*n, parent.path + "." + std::string(key),
               "expected " + std::string(expected) + " " + context + "; found " + quoted_excerpt(to_flow_yaml(*n)));
}

template <class T>
T& add_named(Build& b, std::vector<T>& into, IdTable& table, const std::string& id) {
  table.index.emplace(id, static_cast<Index>(into.size()));
  T& item = into.emplace_back();
  item.id = id;
  (void)b;
  return item;
}

}  // namespace

const std::vector<std::string_view>& IdTable::ids() const {
  if (sorted_size_ != index.size() || sorted_.size() != index.size()) {
    sorted_.clear();
    sorted_.reserve(index.size());
    for (const auto& [id, i] : index) sorted_.push_back(id);
    std::sort(sorted_.begin(), sorted_.end());
    sorted_size_ = index.size();
  }
  return sorted_;
}

const std::vector<std::string_view>& Build::node_id_list() {
  if (node_id_views_.size() != node_id_order.size()) node_id_views_.assign(node_id_order.begin(), node_id_order.end());
  return node_id_views_;
}

Index Build::resolve(const IdTable& table, const std::string& id, const Node& at, const std::string& path) {
  if (const auto it = table.index.find(id); it != table.index.end()) return it->second;
  const std::vector<std::string_view>& ids = table.ids();
  std::string listed;
  for (std::size_t i = 0; i < ids.size() && i < 6; ++i) listed += (i ? ", " : "") + std::string(ids[i]);
  if (ids.size() > 6) listed += ", ...";
  rd.problem(at, path,
             "expected the id of one of " + table.kind + (ids.empty() ? " (there are none)" : " (" + listed + ")") +
                 "; found " + quoted_excerpt(id) + rd.did_you_mean(id, ids));
  return kNone;
}

void Build::declare_node(const std::string& id, const std::string& path, const Mark& at) {
  // Zones are nodes of the dependency graph too (graph/build_port_graph.cpp),
  // so a node may not take a zone's id either.
  const auto zone = zone_ids.find(id);
  const auto [it, inserted] = node_ids.emplace(id, NodeId{path, at});
  if (inserted) node_id_order.push_back(id);
  if (inserted && zone == zone_ids.end()) return;
  // Reported at the later of the two in the file, naming the earlier.
  const NodeId& first = inserted ? zone->second : it->second;
  const bool this_first =
      std::tie(at.source, at.line, at.column) < std::tie(first.mark.source, first.mark.line, first.mark.column);
  const NodeId& earlier = this_first ? NodeId{path, at} : first;
  const NodeId& later = this_first ? first : NodeId{path, at};
  rd.problem(later.mark, later.path + ": duplicate node id " + quoted_excerpt(id) + ": already used by " +
                             earlier.path + " (line " + std::to_string(earlier.mark.line) +
                             "); node ids are unique across the scenario");
}

void build_settings(Build& b, const Where& root) {
  Reader& rd = b.rd;
  b.s.name = rd.text(root, "name").value_or("");
  b.s.description = rd.text(root, "description").value_or("");

  const Where settings = rd.section(root, "settings");
  Settings& st = b.s.settings;
  st.horizon_h = rd.number(settings, "horizon").value_or(st.horizon_h);
  const Node* horizon = rd.node(settings, "horizon");
  b.horizon = {horizon != nullptr ? horizon->mark : settings.mark, "settings.horizon"};
  // Time is whole ticks of 1 us (kernel/time.hpp): a horizon that rounds to
  // none is no run at all (the model refuses it).
  if (st.horizon_h > 0.0 && kernel::from_seconds(st.horizon_h * 3600.0) <= 0) {
    rd.problem(b.horizon.mark, "settings.horizon: expected at least 1 us (the model's time step); found " +
                                   (horizon != nullptr ? found(*horizon) : format_number(st.horizon_h) + " h") +
                                   ", which rounds to 0");
  }
  st.warmup_h = rd.number(settings, "warmup").value_or(st.warmup_h);
  st.seed = rd.integer(settings, "seed").value_or(st.seed);
  st.replications = static_cast<std::uint32_t>(rd.integer(settings, "replications").value_or(st.replications));
  st.sample_interval_h = rd.number(settings, "sample_interval").value_or(st.sample_interval_h);
  if (st.warmup_h >= st.horizon_h) {
    const Node* n = rd.node(settings, "warmup");
    rd.problem(n != nullptr ? n->mark : settings.mark, "settings.warmup: expected a warmup shorter than the horizon (" +
                                                           format_number(st.horizon_h) + " h); found " +
                                                           format_number(st.warmup_h) + " h");
  }
  if (st.horizon_h / st.sample_interval_h > Limits::kMaxSamplesPerRun) {
    const Node* n = rd.node(settings, "sample_interval");
    rd.problem(n != nullptr ? n->mark : settings.mark,
               "settings.sample_interval: expected at most 1e7 samples per run (horizon / sample_interval); found " +
                   format_number(std::round(st.horizon_h / st.sample_interval_h)));
  }

  const Where rules = rd.section(root, "rules");
  ProcessRules& r = b.s.rules;
  const Where pre = rd.section(rules, "pre_arrival");
  r.pre_arrival_lead_h = rd.number(pre, "lead").value_or(r.pre_arrival_lead_h);
  r.pre_arrival_deadline_h = rd.number(pre, "deadline").value_or(r.pre_arrival_deadline_h);
  if (r.pre_arrival_lead_h < r.pre_arrival_deadline_h) {
    const Node* n = rd.node(pre, "lead");
    rd.problem(n != nullptr ? n->mark : pre.mark, "rules.pre_arrival.lead: expected a lead at least the deadline (" +
                                                      format_number(r.pre_arrival_deadline_h) + " h); found " +
                                                      format_number(r.pre_arrival_lead_h) + " h");
  }
  r.message_latency_h = rd.number(rules, "message_latency").value_or(r.message_latency_h);
  // The notification travels at least one message latency: a shorter lead
  // could not reach the port before the vessel (the model refuses it).
  const auto ticks = [](double h) { return kernel::from_seconds(h * 3600.0); };
  if (ticks(r.pre_arrival_lead_h) < ticks(r.message_latency_h)) {
    const Node* n = rd.node(pre, "lead");
    rd.problem(n != nullptr ? n->mark : pre.mark,
               "rules.pre_arrival.lead: expected a lead at least "
               "rules.message_latency (" +
                   format_number(r.message_latency_h * 60.0) + " min); found " +
                   format_number(r.pre_arrival_lead_h * 60.0) + " min");
  }
  if (const auto c = rd.choice(rules, "berth_allocation")) r.berth_allocation = static_cast<BerthAllocation>(*c);
  r.reassign_cranes = rd.boolean(rules, "reassign_cranes").value_or(r.reassign_cranes);
  r.hinterland_via_pcs = rd.boolean(rules, "hinterland_via_pcs").value_or(r.hinterland_via_pcs);
}

void build_organisations(Build& b, const Where& root) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(root, "zones"))) {
    Zone& z = add_named(b, b.s.zones, b.zones, id);
    b.zone_ids.emplace(id, Build::NodeId{w.path, w.mark});
    z.name = rd.text(w, "name").value_or(id);
    z.sensitive = rd.boolean(w, "sensitive").value_or(false);
    z.sensitivity = rd.text(w, "sensitivity").value_or("");
  }
  for (const auto& [id, w] : rd.entries(rd.collection(root, "vendors"))) {
    add_named(b, b.s.vendors, b.vendors, id).name = rd.text(w, "name").value_or(id);
    b.declare_node(id, w.path, w.mark);
  }
  for (const auto& [id, w] : rd.entries(rd.collection(root, "shipping_lines"))) {
    add_named(b, b.s.shipping_lines, b.lines, id).name = rd.text(w, "name").value_or(id);
    b.declare_node(id, w.path, w.mark);
  }
  for (const auto& [id, w] : rd.entries(rd.collection(root, "data_platforms"))) {
    add_named(b, b.s.data_platforms, b.platforms, id).name = rd.text(w, "name").value_or(id);
    b.declare_node(id, w.path, w.mark);
  }

  const Where pcs = rd.section(root, "pcs");
  b.s.pcs.id = rd.text(pcs, "id").value_or(b.s.pcs.id);
  b.s.pcs.processing_h = rd.number(pcs, "processing").value_or(b.s.pcs.processing_h);
  const Where manual = rd.section(pcs, "manual");
  b.s.pcs.manual_extra_h = rd.number(manual, "extra_delay").value_or(b.s.pcs.manual_extra_h);
  b.s.pcs.manual_capacity_per_h = rd.number(manual, "capacity").value_or(b.s.pcs.manual_capacity_per_h);
  b.declare_node(b.s.pcs.id, "pcs", pcs.mark);

  const Where customs = rd.section(root, "customs");
  Customs& c = b.s.customs;
  c.id = rd.text(customs, "id").value_or(c.id);
  if (auto d = rd.distribution(customs, "release")) c.release_h = std::move(*d);
  c.inspection_share = rd.number(customs, "inspection_share").value_or(0.0);
  if (auto d = rd.distribution(customs, "inspection")) c.inspection_h = std::move(*d);
  b.declare_node(c.id, "customs", customs.mark);

  const Where pa = rd.section(root, "port_authority");
  b.s.port_authority.id = rd.text(pa, "id").value_or(b.s.port_authority.id);
  if (auto d = rd.distribution(pa, "clearance")) b.s.port_authority.clearance_h = std::move(*d);
  b.declare_node(b.s.port_authority.id, "port_authority", pa.mark);
}

namespace {

void build_berths(Build& b, const Where& tw, Terminal& t) {
  Reader& rd = b.rd;
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "berths"))) {
    const std::uint64_t count = rd.integer(w, "count").value_or(1);
    const auto length_m = rd.number(w, "length");
    const auto depth_m = rd.number(w, "depth");
    b.incomplete_berths = b.incomplete_berths || !length_m || !depth_m;
    const double length = length_m.value_or(0.0);
    const double depth = depth_m.value_or(0.0);
    Index zone = t.zone;
    if (const auto z = rd.reference(w, "zone")) zone = b.resolve(b.zones, *z, *rd.node(w, "zone"), w.path + ".zone");
    // Refused before allocating: `count: 1e12` never reaches this point (the
    // row's range), and the total is bounded here.
    if (b.berths + count > Limits::kMaxBerths) {
      const Node* n = rd.node(w, "count");
      rd.problem(n != nullptr ? n->mark : w.mark,
                 w.path + ".count: expected at most " + std::to_string(Limits::kMaxBerths) +
                     " berths in the scenario; found " + std::to_string(b.berths + count) + " so far");
      continue;
    }
    b.berths += count;
    for (std::uint64_t k = 1; k <= count; ++k) {
      Berth& berth = t.berths.emplace_back();
      berth.id = t.id + "." + key;
      if (count > 1) berth.id += '#' + std::to_string(k);
      berth.length_m = length;
      berth.depth_m = depth;
      berth.zone = zone;
      b.declare_node(berth.id, w.path, w.mark);
    }
  }
}

void build_equipment(Build& b, const Where& tw, Terminal& t) {
  Reader& rd = b.rd;
  const std::string kind(to_string(t.cargo));
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "cranes"))) {
    CraneGroup& g = t.crane_groups.emplace_back();
    g.id = t.id + "." + key;
    b.declare_node(g.id, w.path, w.mark);
    g.count = static_cast<std::uint32_t>(rd.integer(w, "count").value_or(1));
    if (b.cranes + g.count > Limits::kMaxCranes) {
      rd.problem(w.mark, w.path + ".count: expected at most " + std::to_string(Limits::kMaxCranes) +
                             " cranes in the scenario; found " + std::to_string(b.cranes + g.count) + " so far");
    }
    b.cranes += g.count;
    CargoUnit unit = CargoUnit::none;
    if (auto d = rd.distribution(w, "productivity", &unit)) {
      g.productivity_per_h = std::move(*d);
      expect_unit(b, w, "productivity", unit, cargo_unit(t.cargo), "per time at a " + kind + " terminal");
    }
    if (const auto v = rd.reference(w, "vendor"))
      g.vendor = b.resolve(b.vendors, *v, *rd.node(w, "vendor"), w.path + ".vendor");
    g.remote_maintenance = rd.boolean(w, "remote_maintenance").value_or(false);
  }
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "yard"))) {
    YardBlock& y = t.yard_blocks.emplace_back();
    y.id = t.id + "." + key;
    b.declare_node(y.id, w.path, w.mark);
    if (const auto q = rd.quantity(w, "capacity")) {
      y.capacity = q->value;
      expect_unit(b, w, "capacity", q->cargo, yard_unit(t.cargo), "at a " + kind + " terminal");
    }
  }
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "gates"))) {
    Gate& g = t.gates.emplace_back();
    g.id = t.id + "." + key;
    b.declare_node(g.id, w.path, w.mark);
    g.lanes = static_cast<std::uint32_t>(rd.integer(w, "lanes").value_or(1));
    if (auto d = rd.distribution(w, "truck_handling")) g.truck_handling_h = std::move(*d);
  }
  const Where overflow = rd.section(tw, "overflow");
  if (const auto r = rd.choice(overflow, "rule")) t.overflow = static_cast<OverflowRule>(*r);
  if (const auto q = rd.quantity(overflow, "capacity")) {
    t.overflow_capacity = q->value;
    expect_unit(b, overflow, "capacity", q->cargo, yard_unit(t.cargo), "(the yard's unit) at a " + kind + " terminal");
  } else if (t.overflow == OverflowRule::overflow_area && rd.node(overflow, "capacity") == nullptr) {
    rd.missing(overflow, "capacity");
  }
  t.overflow_extra_h = rd.number(overflow, "extra_time").value_or(0.0);
}

}  // namespace

void build_terminals(Build& b, const Where& root) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(root, "terminals"))) {
    Terminal& t = add_named(b, b.s.terminals, b.terminals, id);
    b.declare_node(id, w.path, w.mark);
    b.terminal.push_back({w.mark, w.path});
    t.name = rd.text(w, "name").value_or(id);
    if (const auto c = rd.choice(w, "cargo")) t.cargo = static_cast<CargoKind>(*c);
    if (const auto z = rd.reference(w, "zone")) t.zone = b.resolve(b.zones, *z, *rd.node(w, "zone"), w.path + ".zone");
    t.automated = rd.boolean(w, "automated").value_or(false);
    t.manual_level = rd.number(w, "manual_level").value_or(t.manual_level);
    build_berths(b, w, t);
    build_equipment(b, w, t);
  }
}

void build_hinterland(Build& b, const Where& root) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(root, "hinterland"))) {
    HinterlandOperator& h = add_named(b, b.s.hinterland, b.hinterland, id);
    b.declare_node(id, w.path, w.mark);
    h.name = rd.text(w, "name").value_or(id);
    if (const auto m = rd.choice(w, "mode")) h.mode = static_cast<HinterlandMode>(*m);
    CargoUnit unit = CargoUnit::none;
    if (const auto q = rd.quantity(w, "capacity")) {
      h.capacity_per_h = q->value;
      unit = q->cargo;
    }
    h.transit_h = rd.number(w, "transit").value_or(h.transit_h);
    if (const auto refs = rd.references(w, "terminals")) {
      for (const auto& [tid, at] : *refs) {
        const Index i = b.resolve(b.terminals, tid, *at, w.path + ".terminals");
        if (i != kNone) h.terminals.push_back(i);
      }
    } else {
      for (Index i = 0; i < b.s.terminals.size(); ++i) h.terminals.push_back(i);
    }
    // The capacity is counted in the yard unit of the cargo it carries: that
    // of at least one terminal it serves.
    if (unit != CargoUnit::none && !h.terminals.empty()) {
      std::string units;
      bool fits = false;
      for (const Index i : h.terminals) {
        const std::string_view u = yard_unit(b.s.terminals[i].cargo);
        fits = fits || u == to_string(unit);
        if (units.find(std::string(u)) == std::string::npos) units += (units.empty() ? "" : " or ") + std::string(u);
      }
      if (!fits) expect_unit(b, w, "capacity", unit, units, "per time (the yard unit of a terminal it serves)");
    }
    if (const auto q = rd.quantity(w, "batch")) {
      h.batch = q->value;
      if (unit != CargoUnit::none) expect_unit(b, w, "batch", q->cargo, to_string(unit), "(the capacity's unit)");
    }
    b.hinterland_unit.push_back(unit);
  }

  for (const auto& [id, w] : rd.entries(rd.collection(root, "companies"))) {
    Company& c = add_named(b, b.s.companies, b.companies, id);
    b.declare_node(id, w.path, w.mark);
    c.name = rd.text(w, "name").value_or(id);
    c.sector = rd.text(w, "sector").value_or("");
    CargoUnit unit = CargoUnit::none;
    if (const auto q = rd.quantity(w, "consumption")) {
      c.consumption_per_h = q->value;
      unit = q->cargo;
      if (unit == CargoUnit::moves) expect_unit(b, w, "consumption", unit, "TEU, t or units", "per time");
    }
    c.buffer_days = rd.number(w, "buffer").value_or(0.0) / 24.0;
    if (const auto s = rd.reference(w, "supplied_by")) {
      c.supplied_by = b.resolve(b.hinterland, *s, *rd.node(w, "supplied_by"), w.path + ".supplied_by");
      if (c.supplied_by != kNone && unit != CargoUnit::none && b.hinterland_unit[c.supplied_by] != CargoUnit::none) {
        expect_unit(b, w, "consumption", unit, to_string(b.hinterland_unit[c.supplied_by]),
                    "per time (the unit of its supplier " + b.s.hinterland[c.supplied_by].id + ")");
      }
    }
    if (c.consumption_per_h > 0.0 && rd.node(w, "supplied_by") == nullptr) {
      // Its stock would only run down: the model refuses a consumer no operator supplies.
      const Node* n = rd.node(w, "consumption");
      rd.problem(n != nullptr ? n->mark : w.mark, w.path +
                                                      ": expected supplied_by (the hinterland operator that "
                                                      "delivers to it) for a company that consumes cargo; found none");
    }
    c.reporting_member = rd.boolean(w, "reporting_member").value_or(false);
    b.company_unit.push_back(unit);
  }
}

void build_dependencies(Build& b, const Where& root) {
  Reader& rd = b.rd;
  for (const Where& w : rd.items(rd.collection(root, "dependencies"))) {
    Scenario::DeclaredDependency d;
    bool ok = true;
    for (const std::string_view key : {std::string_view("from"), std::string_view("to")}) {
      const auto id = rd.reference(w, key);
      ok = ok && id.has_value();
      if (!id) continue;
      if (b.node_ids.find(*id) == b.node_ids.end()) {
        rd.problem(*rd.node(w, key), w.path + "." + std::string(key),
                   "expected a node id (a terminal, organisation, operator, company, vendor, platform or "
                   "<terminal>.<equipment>); found " +
                       quoted_excerpt(*id) + rd.did_you_mean(*id, b.node_id_list()));
        ok = false;
        continue;
      }
      (key == "from" ? d.source : d.target) = *id;
    }
    const auto type = rd.choice(w, "type");
    if (ok && d.source == d.target) {
      rd.problem(
          *rd.node(w, "to"), w.path + ".to",
          "expected a node other than 'from' (a node cannot depend on itself); found " + quoted_excerpt(d.target));
      continue;
    }
    if (!ok || !type) continue;
    d.type = static_cast<DependencyType>(*type);
    b.s.dependencies.push_back(std::move(d));
  }
}

void build_capacity_changes(Build& b, const Where& root) {
  Reader& rd = b.rd;
  // Only nodes that are LPs of the port model have a level to change.
  std::vector<std::string_view> allowed = {b.s.pcs.id, b.s.customs.id, b.s.port_authority.id};
  for (const auto& t : b.s.terminals) {
    allowed.push_back(t.id);
    for (const auto& g : t.crane_groups) allowed.push_back(g.id);
    for (const auto& y : t.yard_blocks) allowed.push_back(y.id);
    for (const auto& g : t.gates) allowed.push_back(g.id);
  }
  for (const auto& h : b.s.hinterland) allowed.push_back(h.id);
  for (const auto& c : b.s.companies) allowed.push_back(c.id);
  const std::unordered_set<std::string_view> is_allowed(allowed.begin(), allowed.end());
  for (const Where& w : rd.items(rd.collection(root, "capacity_changes"))) {
    CapacityChange change;
    const auto node = rd.reference(w, "node");
    const auto at = rd.number(w, "at");
    const auto level = rd.number(w, "level");
    if (!node || !at || !level) continue;
    if (is_allowed.find(*node) == is_allowed.end()) {
      rd.problem(*rd.node(w, "node"), w.path + ".node",
                 "expected a terminal, its crane group, yard block or gate, a hinterland operator, company, the "
                 "PCS, customs or the port authority; found " +
                     quoted_excerpt(*node) + rd.did_you_mean(*node, allowed));
      continue;
    }
    change.node = *node;
    change.at_h = *at;
    change.level = *level;
    change.manual = rd.boolean(w, "manual").value_or(false);
    b.s.capacity_changes.push_back(std::move(change));
  }
}

}  // namespace porttwin::scenario::detail
