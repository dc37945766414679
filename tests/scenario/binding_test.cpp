// Every parameter row that says where its value lands (a Binding) is checked
// end to end: set in a scenario to a value other than its default, it must
// arrive in that very field of the built Scenario, and a default-constructed
// struct must hold the table's default. Rows without a binding are read by
// the builder (references, shares, files, cargo quantities whose unit
// depends on another value); the test lists them so that a new row is either
// bound or deliberately left to the builder.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "porttwin/scenario/document.hpp"
#include "porttwin/scenario/scenario.hpp"
#include "porttwin/scenario/schema.hpp"

namespace {

using namespace porttwin::scenario;

// One entry of every collection and list, so that every row has a place.
constexpr const char* kBase = R"(
name: binding
settings: {horizon: 30 d}
zones: {z: {}}
vendors: {v: {}}
shipping_lines: {l: {}}
data_platforms: {p: {}}
terminals:
  t:
    berths: {b: {length: 400 m, depth: 20 m}}
    cranes: {c: {count: 4, productivity: 25 moves/h}}
    yard: {y: {capacity: 1000 TEU}}
    gates: {g: {truck_handling: 3 min}}
    systems: {tos: {stops: {quay: true}}}
hinterland:
  road: {mode: truck, capacity: 100 TEU/h}
  rail: {mode: rail, capacity: 5000 TEU/d}
companies:
  plant: {consumption: 100 TEU/d, supplied_by: rail}
traffic:
  arrivals: {s: {process: poisson, rate: 1 /d}}
  vessel_classes:
    k: {arrivals: s, call_size: 500 moves, length: 200 m, draught: 10 m, split: {import: 1}}
  hinterland_split: {truck: 1}
dependencies:
  - {from: v, to: t, type: remote_access}
capacity_changes:
  - {node: t, at: 5 d, level: 0.5}
cyber:
  response: {terminal: {}}
  data_classes: {manifests: {}}
  profiles: {t: {}}
  incidents:
    i:
      kind: ransomware
      targets: [t]
      at: 2 d
      restoration:
        - {node: t.gates, after: 4 d}
economy:
  sectors: {a: {output: 100 EUR/h, perturbation: [{at: 1 d, c: 0.1}]}, b: {output: 50 EUR/h}}
  interdependency:
    - {sector: a, on: b, coefficient: 0.2}
)";

/// The first object of the row's owner struct in `s` (each collection of
/// kBase has one entry).
const void* owner_in(const Scenario& s, const Param& p) {
  const void* o = p.bind.owner;
  if (o == owner_tag<Scenario>()) return &s;
  if (o == owner_tag<Zone>()) return &s.zones.at(0);
  if (o == owner_tag<Terminal>()) return &s.terminals.at(0);
  if (o == owner_tag<Berth>()) return &s.terminals.at(0).berths.at(0);
  if (o == owner_tag<CraneGroup>()) return &s.terminals.at(0).crane_groups.at(0);
  if (o == owner_tag<Gate>()) return &s.terminals.at(0).gates.at(0);
  if (o == owner_tag<TerminalSystem>()) return &s.terminals.at(0).systems.at(0);
  if (o == owner_tag<ShippingLine>()) return &s.shipping_lines.at(0);
  if (o == owner_tag<HinterlandOperator>()) return &s.hinterland.at(0);
  if (o == owner_tag<Company>()) return &s.companies.at(0);
  if (o == owner_tag<Vendor>()) return &s.vendors.at(0);
  if (o == owner_tag<DataPlatform>()) return &s.data_platforms.at(0);
  if (o == owner_tag<ArrivalStream>()) return &s.traffic.streams.at(0);
  if (o == owner_tag<VesselClass>()) return &s.traffic.vessel_classes.at(0);
  if (o == owner_tag<Scenario::DeclaredDependency>()) return &s.dependencies.at(0);
  if (o == owner_tag<CapacityChange>()) return &s.capacity_changes.at(0);
  if (o == owner_tag<NodeResponse>()) return &s.cyber.response.at(0).second;
  if (o == owner_tag<DataClass>()) return &s.cyber.data_classes.at(0);
  if (o == owner_tag<CyberProfile>()) return &s.cyber.profiles.at(0);
  if (o == owner_tag<Incident>()) return &s.cyber.incidents.at(0);
  if (o == owner_tag<RestorationStage>()) return &s.cyber.incidents.at(0).restoration.at(0);
  if (o == owner_tag<Sector>()) return &s.economy.sectors.at(0);
  if (o == owner_tag<PerturbationStep>()) return &s.economy.sectors.at(0).perturbation.at(0);
  if (o == owner_tag<Economy::Coefficient>()) return &s.economy.interdependency.at(0);
  return nullptr;
}

/// The concrete path of a row in kBase: the first entry of each collection.
std::string concrete(const Param& p) {
  static const std::map<std::string, std::string> kFirst = {{"zones", "z"},
                                                            {"vendors", "v"},
                                                            {"shipping_lines", "l"},
                                                            {"data_platforms", "p"},
                                                            {"terminals", "t"},
                                                            {"terminals.t.berths", "b"},
                                                            {"terminals.t.cranes", "c"},
                                                            {"terminals.t.gates", "g"},
                                                            {"terminals.t.systems", "tos"},
                                                            {"hinterland", "road"},
                                                            {"companies", "plant"},
                                                            {"traffic.arrivals", "s"},
                                                            {"traffic.vessel_classes", "k"},
                                                            {"cyber.response", "terminal"},
                                                            {"cyber.data_classes", "manifests"},
                                                            {"cyber.profiles", "t"},
                                                            {"cyber.incidents", "i"},
                                                            {"economy.sectors", "a"}};
  std::string out;
  std::string_view rest = p.path;
  while (!rest.empty()) {
    const std::size_t dot = rest.find('.');
    const std::string_view seg = rest.substr(0, dot);
    if (seg == "<id>") {
      out += kFirst.at(out.substr(0, out.size() - 1));
    } else if (seg == "<i>") {
      out += "0";
    } else {
      out += seg;
    }
    if (dot == std::string_view::npos) break;
    out += '.';
    rest = rest.substr(dot + 1);
  }
  return out;
}

struct Change {
  std::string text;                                            ///< YAML to set
  ReadValue expect;                                            ///< what the field must then hold
  std::vector<std::pair<std::string, std::string>> also = {};  ///< sets it needs (a sibling's case)
};

/// A value in range other than the default, and what the field then holds.
Change change_for(const Param& p) {
  const std::string path(p.path);
  // Where the generic choice would not make a valid scenario, or the value
  // needs its case.
  if (path == "terminals.<id>.overflow.extra_time")
    return {
        "3.5 h", 3.5, {{"terminals.t.overflow.rule", "overflow_area"}, {"terminals.t.overflow.capacity", "50 TEU"}}};
  if (path == "terminals.<id>.overflow.rule")
    return {"overflow_area", ChoiceIndex{1}, {{"terminals.t.overflow.capacity", "50 TEU"}}};
  if (path == "traffic.arrivals.<id>.process")
    return {"timetable", ChoiceIndex{1}, {{"traffic.arrivals.s", "{process: timetable, times: [1 h]}"}}};
  if (path == "traffic.arrivals.<id>.period")
    return {"5 d", 120.0, {{"traffic.arrivals.s", "{process: timetable, times: [1 h]}"}}};
  if (path == "traffic.arrivals.<id>.times")
    return {
        "[2 h, 1 h]", std::vector<double>{1.0, 2.0}, {{"traffic.arrivals.s", "{process: timetable, times: [1 h]}"}}};
  if (path == "traffic.arrivals.<id>.on_time")
    return {"0.35", 0.35, {{"traffic.arrivals.s", "{process: windows, rate: 10 /wk, late: 1 d}"}}};
  if (path == "traffic.arrivals.<id>.deviation" || path == "traffic.arrivals.<id>.late")
    return {"3.5 h",
            porttwin::kernel::Distribution(porttwin::kernel::Deterministic(3.5)),
            {{"traffic.arrivals.s", "{process: windows, rate: 10 /wk}"}}};
  // An outage has no restoration stages: the whole incident is replaced.
  if (path == "cyber.incidents.<id>.duration")
    return {"3.5 h", 3.5, {{"cyber.incidents.i", "{kind: platform_outage, targets: [t], at: 2 d}"}}};
  if (path == "cyber.incidents.<id>.announcement.expected_duration")
    return {"3.5 h", 3.5, {{"cyber.incidents.i.announcement.after", "1 h"}}};
  if (path == "cyber.incidents.<id>.level") return {"0.35", 0.35, {{"cyber.incidents.i.kind", "vendor_compromise"}}};
  if (path == "cyber.incidents.<id>.spread") return {"false", false};
  // The base's system stops the quay; it must stop something, so the quay
  // goes off only with another part on.
  if (path == "terminals.<id>.systems.<id>.stops.quay")
    return {"false", false, {{"terminals.t.systems.tos.stops.gates", "true"}}};
  if (path == "hinterland.<id>.mode") return {"rail", ChoiceIndex{1}, {{"traffic.hinterland_split", "{rail: 1}"}}};
  if (path == "traffic.vessel_classes.<id>.cargo")
    return {"dry_bulk",
            ChoiceIndex{1},
            {{"traffic.vessel_classes.k.call_size", "500 t"},
             {"terminals.t.cargo", "dry_bulk"},
             {"terminals.t.cranes.c.productivity", "25 t/h"},
             {"terminals.t.yard.y.capacity", "1000 t"},
             {"hinterland.road.capacity", "100 t/h"},
             {"hinterland.rail.capacity", "5000 t/d"},
             {"companies.plant.consumption", "100 t/d"}}};
  if (path == "terminals.<id>.cargo")
    return {"dry_bulk",
            ChoiceIndex{1},
            {{"traffic.vessel_classes.k.call_size", "500 t"},
             {"traffic.vessel_classes.k.cargo", "dry_bulk"},
             {"terminals.t.cranes.c.productivity", "25 t/h"},
             {"terminals.t.yard.y.capacity", "1000 t"},
             {"hinterland.road.capacity", "100 t/h"},
             {"hinterland.rail.capacity", "5000 t/d"},
             {"companies.plant.consumption", "100 t/d"}}};
  if (path == "traffic.vessel_classes.<id>.cranes.min")
    return {"3", std::uint64_t{3}, {{"traffic.vessel_classes.k.cranes.max", "3"}}};
  if (path == "settings.warmup") return {"2 d", 48.0};
  if (path == "rules.pre_arrival.deadline") return {"30 h", 30.0};
  if (path == "rules.pre_arrival.lead") return {"60 h", 60.0};
  if (path == "pcs.id" || path == "customs.id" || path == "port_authority.id")
    return {"other_id", std::string("other_id")};
  if (path == "traffic.vessel_classes.<id>.length") return {"150 m", 150.0};
  if (path == "traffic.vessel_classes.<id>.draught") return {"9 m", 9.0};
  if (path == "terminals.<id>.berths.<id>.length") return {"300 m", 300.0};
  if (path == "terminals.<id>.berths.<id>.depth") return {"15 m", 15.0};
  if (path == "settings.horizon") return {"20 d", 480.0};
  if (path == "economy.sectors.<id>.output") return {"35 EUR/h", 35.0};
  if (path == "traffic.vessel_classes.<id>.teu_per_move") return {"1.35", 1.35};
  if (path == "traffic.vessel_classes.<id>.cranes.long_crane") return {"1.35", 1.35};

  const std::string def(p.default_value);
  switch (p.type) {
    case ParamType::boolean: return def == "true" ? Change{"false", false} : Change{"true", true};
    case ParamType::integer: {
      const auto v = static_cast<std::uint64_t>(def == "2" ? 3 : 2);
      return {std::to_string(v), v};
    }
    case ParamType::number: return {"0.35", 0.35};
    case ParamType::quantity:
      if (p.dimension == Dimension::duration) return {"3.5 h", 3.5};
      if (p.dimension == Dimension::rate) return {"3.5 /h", 3.5};
      if (p.dimension == Dimension::money_rate) return {"84 EUR/d", 3.5};
      break;
    case ParamType::distribution:
      if (p.dimension == Dimension::duration) {
        return {"3.5 h", porttwin::kernel::Distribution{porttwin::kernel::Deterministic{3.5}}};
      }
      break;
    case ParamType::choice: {
      const std::vector<std::string_view> words = split_words(p.choices);
      for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i] != def && !(def.empty() && i == 0)) return {std::string(words[i]), ChoiceIndex{i}};
      }
      break;
    }
    case ParamType::text: return {"changed text", std::string("changed text")};
    default: break;
  }
  ADD_FAILURE() << path << ": no test value for this type; add one to change_for";
  return {};
}

std::string shown(const ReadValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "(nothing)";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return '"' + x + '"';
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, ChoiceIndex>) {
          return "word #" + std::to_string(x.index);
        } else if constexpr (std::is_same_v<T, porttwin::kernel::Distribution>) {
          return x.describe();
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
          std::string out = "[";
          for (const double d : x) out += std::to_string(d) + " ";
          return out + "]";
        } else {
          return std::to_string(x);
        }
      },
      v);
}

bool same(const ReadValue& a, const ReadValue& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<double>(&a)) return std::abs(*x - std::get<double>(b)) <= 1e-12 * std::abs(*x);
  if (const auto* x = std::get_if<porttwin::kernel::Distribution>(&a)) {
    return x->describe() == std::get<porttwin::kernel::Distribution>(b).describe();
  }
  if (std::holds_alternative<std::monostate>(a)) return true;
  return shown(a) == shown(b);
}

TEST(Binding, EveryBoundLeafReachesItsField) {
  const ScenarioDocument base = ScenarioDocument::from_string(kBase, "binding.yaml");
  ASSERT_TRUE(base.valid()) << base.problems().front().to_string();
  std::size_t checked = 0;
  for (const Param& p : parameter_table()) {
    if (!p.bind) continue;
    SCOPED_TRACE(std::string(p.path));
    const Change c = change_for(p);
    ScenarioDocument doc = base;
    for (const auto& [path, value] : c.also) doc.set(path, value);
    doc.set(concrete(p), c.text);
    if (!doc.valid()) {
      ADD_FAILURE() << "setting " << concrete(p) << " = " << c.text << ": " << doc.problems().front().to_string();
      continue;
    }
    const Scenario s = doc.instantiate();
    const void* object = owner_in(s, p);
    ASSERT_NE(object, nullptr) << "no owner object for this row: add its struct to owner_in";
    const ReadValue got = p.bind.get(object);
    EXPECT_TRUE(same(got, c.expect)) << "set to " << c.text << ", the field holds " << shown(got) << "; expected "
                                     << shown(c.expect);
    // And it was not already so (the value must differ from what the field held).
    const Scenario before = base.instantiate();
    EXPECT_FALSE(same(p.bind.get(owner_in(before, p)), c.expect)) << "pick a value other than the base's";
    ++checked;
  }
  EXPECT_GE(checked, 100U);
}

TEST(Binding, StructInitialisersHoldTheTableDefaults) {
  // A row's default as the built scenario holds it when the file says
  // nothing, against the field of a default-constructed struct: code that
  // builds a Scenario by hand gets the same values as a file.
  const ScenarioDocument base = ScenarioDocument::from_string(kBase, "binding.yaml");
  ASSERT_TRUE(base.valid());
  const Scenario s = base.instantiate();
  const std::set<std::string> given_in_base = {"settings.horizon",
                                               "terminals.<id>.systems.<id>.stops.quay",
                                               "terminals.<id>.berths.<id>.length",
                                               "terminals.<id>.berths.<id>.depth",
                                               "terminals.<id>.cranes.<id>.count",
                                               "hinterland.<id>.mode",
                                               "traffic.arrivals.<id>.process",
                                               "traffic.arrivals.<id>.rate",
                                               "traffic.vessel_classes.<id>.length",
                                               "traffic.vessel_classes.<id>.draught",
                                               "dependencies.<i>.type",
                                               "capacity_changes.<i>.at",
                                               "capacity_changes.<i>.level",
                                               "cyber.incidents.<id>.kind",
                                               "cyber.incidents.<id>.at",
                                               "economy.sectors.<id>.output",
                                               "economy.interdependency.<i>.coefficient"};
  std::size_t checked = 0;
  for (const Param& p : parameter_table()) {
    if (!p.bind || p.default_value.empty() || given_in_base.count(std::string(p.path)) != 0) continue;
    SCOPED_TRACE(std::string(p.path));
    const ReadValue from_file = p.bind.get(owner_in(s, p));
    EXPECT_TRUE(same(p.bind.initial(), from_file)) << "the struct's initialiser is " << shown(p.bind.initial())
                                                   << ", the table's default gives " << shown(from_file);
    ++checked;
  }
  EXPECT_GE(checked, 50U);
}

TEST(Binding, RowsLeftToTheBuilderAreTheOnesListed) {
  // Leaves the builder reads itself, and why: a new row lands here only on purpose.
  const std::set<std::string> builder = {
      "name",                                // the scenario's name, required
      "base", "traffic.arrivals.<id>.file",  // files, resolved against the file's directory
      // references, resolved to indices or checked against the node ids
      "terminals.<id>.zone", "terminals.<id>.berths.<id>.zone", "terminals.<id>.cranes.<id>.vendor",
      "hinterland.<id>.terminals", "companies.<id>.supplied_by", "traffic.vessel_classes.<id>.arrivals",
      "traffic.vessel_classes.<id>.line", "traffic.vessel_classes.<id>.terminals",
      "traffic.vessel_classes.<id>.consignee", "dependencies.<i>.from", "dependencies.<i>.to",
      "capacity_changes.<i>.node", "cyber.profiles.<id>.data", "cyber.incidents.<id>.targets",
      "cyber.incidents.<id>.data", "cyber.incidents.<id>.restoration.<i>.node", "economy.sectors.<id>.nodes",
      "economy.interdependency.<i>.sector", "economy.interdependency.<i>.on",
      // a count that expands entries
      "terminals.<id>.berths.<id>.count",
      // cargo quantities whose unit depends on the terminal or supplier
      "terminals.<id>.cranes.<id>.productivity", "terminals.<id>.yard.<id>.capacity",
      "terminals.<id>.overflow.capacity", "terminals.<id>.cargo_time_cost", "hinterland.<id>.capacity",
      "hinterland.<id>.batch", "companies.<id>.consumption", "traffic.vessel_classes.<id>.call_size",
      // shares that sum to 1 (with `remainder`), normalised by the builder
      "traffic.vessel_classes.<id>.share", "traffic.vessel_classes.<id>.split.import",
      "traffic.vessel_classes.<id>.split.export", "traffic.vessel_classes.<id>.split.transshipment",
      "traffic.hinterland_split.truck", "traffic.hinterland_split.rail", "traffic.hinterland_split.barge",
      // the edge types segmentation cuts, gathered into one list
      "defences.segmentation.cuts.data_flow", "defences.segmentation.cuts.service",
      "defences.segmentation.cuts.control"};
  std::set<std::string> unbound;
  for (const Param& p : parameter_table()) {
    const bool leaf = p.type != ParamType::section && p.type != ParamType::collection && p.type != ParamType::list;
    if (leaf && !p.bind) unbound.emplace(p.path);
  }
  EXPECT_EQ(unbound, builder);
}

TEST(Binding, AKeyWithNoEffectIsRefusedWithWhy) {
  ScenarioDocument doc = ScenarioDocument::from_string(std::string(kBase) + R"(
)",
                                                       "binding.yaml");
  doc.set("cyber.incidents.i.kind", "vendor_compromise");
  doc.set("cyber.incidents.i.duration", "3 d");
  ASSERT_FALSE(doc.valid());
  const std::string message = doc.problems().front().to_string();
  EXPECT_NE(message.find("cyber.incidents.i.duration: 'duration' has no effect here: it applies only where kind is "
                         "platform_outage or ddos, and here kind is vendor_compromise"),
            std::string::npos)
      << message;
  // The default counts as the case: a timetable key on a stream of the default process.
  ScenarioDocument teu = ScenarioDocument::from_string(kBase, "binding.yaml");
  teu.set("terminals.t.overflow.extra_time", "2 h");
  ASSERT_FALSE(teu.valid());
  EXPECT_NE(teu.problems().front().to_string().find("here rule is stop_discharge (the default); remove it"),
            std::string::npos)
      << teu.problems().front().to_string();
}

}  // namespace
