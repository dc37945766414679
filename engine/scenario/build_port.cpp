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
  // Every top-level value bound to a field (settings, rules, the PCS,
  // customs, the port authority, dwell times, cyber spread and reporting,
  // defences, the economy's lambda); the checks relating them follow.
  rd.read_fields(root, b.s);

  const Where settings = rd.section(root, "settings");
  const Settings& st = b.s.settings;
  const Node* horizon = rd.node(settings, "horizon");
  b.horizon = {horizon != nullptr ? horizon->mark : settings.mark, "settings.horizon"};
  // Time is whole ticks of 1 us (kernel/time.hpp): a horizon that rounds to
  // none is no run at all (the model refuses it).
  if (st.horizon_h > 0.0 && kernel::from_seconds(st.horizon_h * 3600.0) <= 0) {
    rd.problem(b.horizon.mark, "settings.horizon: expected at least 1 us (the model's time step); found " +
                                   (horizon != nullptr ? found(*horizon) : format_number(st.horizon_h) + " h") +
                                   ", which rounds to 0");
  }
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
  const ProcessRules& r = b.s.rules;
  const Where pre = rd.section(rules, "pre_arrival");
  if (r.pre_arrival_lead_h < r.pre_arrival_deadline_h) {
    const Node* n = rd.node(pre, "lead");
    rd.problem(n != nullptr ? n->mark : pre.mark, "rules.pre_arrival.lead: expected a lead at least the deadline (" +
                                                      format_number(r.pre_arrival_deadline_h) + " h); found " +
                                                      format_number(r.pre_arrival_lead_h) + " h");
  }
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
}

void build_organisations(Build& b, const Where& root) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(root, "zones"))) {
    Zone& z = add_named(b, b.s.zones, b.zones, id);
    b.zone_ids.emplace(id, Build::NodeId{w.path, w.mark});
    z.name = id;
    rd.read_fields(w, z);
  }
  for (const auto& [id, w] : rd.entries(rd.collection(root, "vendors"))) {
    Vendor& v = add_named(b, b.s.vendors, b.vendors, id);
    v.name = id;
    rd.read_fields(w, v);
    b.declare_node(id, w.path, w.mark);
  }
  for (const auto& [id, w] : rd.entries(rd.collection(root, "shipping_lines"))) {
    ShippingLine& l = add_named(b, b.s.shipping_lines, b.lines, id);
    l.name = id;
    rd.read_fields(w, l);
    b.declare_node(id, w.path, w.mark);
  }
  for (const auto& [id, w] : rd.entries(rd.collection(root, "data_platforms"))) {
    DataPlatform& p = add_named(b, b.s.data_platforms, b.platforms, id);
    p.name = id;
    rd.read_fields(w, p);
    b.declare_node(id, w.path, w.mark);
  }

  // Their values were read with the settings (bound to b.s).
  b.declare_node(b.s.pcs.id, "pcs", rd.section(root, "pcs").mark);
  b.declare_node(b.s.customs.id, "customs", rd.section(root, "customs").mark);
  b.declare_node(b.s.port_authority.id, "port_authority", rd.section(root, "port_authority").mark);
}

namespace {

void build_berths(Build& b, const Where& tw, Terminal& t) {
  Reader& rd = b.rd;
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "berths"))) {
    const std::uint64_t count = rd.integer(w, "count").value_or(1);
    // One berth read, `count` copies of it.
    Berth prototype;
    b.incomplete_berths = !rd.read_fields(w, prototype) || b.incomplete_berths;
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
      berth.length_m = prototype.length_m;
      berth.depth_m = prototype.depth_m;
      berth.zone = zone;
      b.declare_node(berth.id, w.path, w.mark);
    }
  }
}

/// A part's word (quay, yard, gates, rail, barge) names the part itself in
/// "<terminal>.<word>": refused as an equipment key.
void refuse_part_word(Build& b, const Where& w, std::string_view key) {
  if (std::find(words_of<TerminalPart>.begin(), words_of<TerminalPart>.end(), key) == words_of<TerminalPart>.end())
    return;
  b.rd.problem(w.mark, w.path + ": '" + std::string(key) +
                           "' names a part of the terminal (quay, yard, gates, rail, barge); choose another key");
}

void build_equipment(Build& b, const Where& tw, Terminal& t) {
  Reader& rd = b.rd;
  const std::string kind(to_string(t.cargo));
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "cranes"))) {
    refuse_part_word(b, w, key);
    CraneGroup& g = t.crane_groups.emplace_back();
    g.id = t.id + "." + key;
    b.declare_node(g.id, w.path, w.mark);
    rd.read_fields(w, g);
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
  }
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "yard"))) {
    refuse_part_word(b, w, key);
    YardBlock& y = t.yard_blocks.emplace_back();
    y.id = t.id + "." + key;
    b.declare_node(y.id, w.path, w.mark);
    if (const auto q = rd.quantity(w, "capacity")) {
      y.capacity = q->value;
      expect_unit(b, w, "capacity", q->cargo, yard_unit(t.cargo), "at a " + kind + " terminal");
    }
  }
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "gates"))) {
    refuse_part_word(b, w, key);
    Gate& g = t.gates.emplace_back();
    g.id = t.id + "." + key;
    b.declare_node(g.id, w.path, w.mark);
    rd.read_fields(w, g);
  }
  for (const auto& [key, w] : rd.entries(rd.collection(tw, "systems"))) {
    refuse_part_word(b, w, key);
    TerminalSystem& system = t.systems.emplace_back();
    system.id = t.id + "." + key;
    b.declare_node(system.id, w.path, w.mark);
    // A missing `stops` is reported as missing; one that names nothing, here.
    const bool whole = rd.read_fields(w, system) && rd.node(w, "stops") != nullptr;
    if (whole && std::none_of(system.stops.begin(), system.stops.end(), [](bool stops) { return stops; })) {
      rd.problem(w.mark, w.path +
                             ".stops: expected at least one of quay, yard, gates, rail, barge set to true; "
                             "a system that stops nothing has no effect");
    }
  }
  const Where overflow = rd.section(tw, "overflow");  // its rule and extra_time were read with the terminal
  if (const auto q = rd.quantity(overflow, "capacity")) {
    t.overflow_capacity = q->value;
    expect_unit(b, overflow, "capacity", q->cargo, yard_unit(t.cargo), "(the yard's unit) at a " + kind + " terminal");
  } else if (t.overflow == OverflowRule::overflow_area && rd.node(overflow, "capacity") == nullptr) {
    rd.missing(overflow, "capacity");
  }
}

}  // namespace

void build_terminals(Build& b, const Where& root) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(root, "terminals"))) {
    Terminal& t = add_named(b, b.s.terminals, b.terminals, id);
    b.declare_node(id, w.path, w.mark);
    b.terminal.push_back({w.mark, w.path});
    t.name = id;
    rd.read_fields(w, t);
    if (t.changeover_h >= t.shift_h) {
      const Where shifts = rd.section(w, "shifts");
      const Node* n = rd.node(shifts, "changeover");
      rd.problem(n != nullptr ? n->mark : shifts.mark, shifts.path + ".changeover: expected less than the shift (" +
                                                           format_number(t.shift_h) + " h); found " +
                                                           format_number(t.changeover_h) + " h");
    }
    if (const auto z = rd.reference(w, "zone")) t.zone = b.resolve(b.zones, *z, *rd.node(w, "zone"), w.path + ".zone");
    if (const auto q = rd.quantity(w, "cargo_time_cost")) {
      t.cargo_time_cost_eur_per_unit_h = q->value;
      expect_unit(b, w, "cargo_time_cost", q->cargo, yard_unit(t.cargo),
                  "(the yard's unit) at a " + std::string(to_string(t.cargo)) + " terminal, e.g. 74 EUR/" +
                      std::string(yard_unit(t.cargo)) + "/d");
    }
    build_berths(b, w, t);
    build_equipment(b, w, t);
  }
}

void build_hinterland(Build& b, const Where& root) {
  Reader& rd = b.rd;
  for (const auto& [id, w] : rd.entries(rd.collection(root, "hinterland"))) {
    HinterlandOperator& h = add_named(b, b.s.hinterland, b.hinterland, id);
    b.declare_node(id, w.path, w.mark);
    h.name = id;
    rd.read_fields(w, h);
    CargoUnit unit = CargoUnit::none;
    if (const auto q = rd.quantity(w, "capacity")) {
      h.capacity_per_h = q->value;
      unit = q->cargo;
    }
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
    c.name = id;
    rd.read_fields(w, c);
    CargoUnit unit = CargoUnit::none;
    if (const auto q = rd.quantity(w, "consumption")) {
      c.consumption_per_h = q->value;
      unit = q->cargo;
      if (unit == CargoUnit::moves) expect_unit(b, w, "consumption", unit, "TEU, t or units", "per time");
    }
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
    const auto type = rd.choice(w, "type");  // bound, but only a complete edge is kept
    if (ok && d.source == d.target) {
      rd.problem(
          *rd.node(w, "to"), w.path + ".to",
          "expected a node other than 'from' (a node cannot depend on itself); found " + quoted_excerpt(d.target));
      continue;
    }
    if (!ok || !type) continue;
    rd.read_fields(w, d);
    b.s.dependencies.push_back(std::move(d));
  }
}

void build_capacity_changes(Build& b, const Where& root) {
  Reader& rd = b.rd;
  // Only nodes that are LPs of the port model have a level to change.
  const std::vector<std::string> ids = changeable_ids(b.s);
  const std::vector<std::string_view> allowed(ids.begin(), ids.end());
  const std::unordered_set<std::string_view> is_allowed(allowed.begin(), allowed.end());
  for (const Where& w : rd.items(rd.collection(root, "capacity_changes"))) {
    CapacityChange change;
    const auto node = rd.reference(w, "node");
    if (!rd.read_fields(w, change) || !node) continue;
    if (is_allowed.find(*node) == is_allowed.end()) {
      rd.problem(*rd.node(w, "node"), w.path + ".node",
                 "expected " + std::string(kChangeableKinds) + "; found " + quoted_excerpt(*node) +
                     rd.did_you_mean(*node, allowed));
      continue;
    }
    change.node = *node;
    b.s.capacity_changes.push_back(std::move(change));
  }
}

}  // namespace porttwin::scenario::detail
