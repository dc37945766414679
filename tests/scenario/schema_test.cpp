// Tests of include/porttwin/scenario/schema.hpp: the table is consistent
// (every row's parent exists, defaults are valid for their own rows), paths
// match their patterns, and the committed reference and shipped scenarios
// agree with it.
#include "porttwin/scenario/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "porttwin/scenario/document.hpp"

namespace porttwin::scenario {
namespace {

const std::filesystem::path kSource = PORTTWIN_SOURCE_DIR;
const char* const kGeneratedMarker = "<!-- generated from the parameter table";

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string problems_of(const ScenarioDocument& doc) {
  std::string out;
  for (const Diagnostic& d : doc.problems()) out += d.to_string() + "\n";
  return out;
}

TEST(Schema, EveryRowHasItsParentInTheTable) {
  for (const Param& p : parameter_table()) {
    const std::string_view path = p.path;
    const std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) continue;
    const Param* parent = find_param(path.substr(0, dot));
    ASSERT_NE(parent, nullptr) << path;
    const std::string_view last = path.substr(dot + 1);
    if (last == "<id>") {
      EXPECT_EQ(parent->type, ParamType::collection) << path;
    } else if (last == "<i>") {
      EXPECT_EQ(parent->type, ParamType::list) << path;
    } else {
      EXPECT_EQ(parent->type, ParamType::section) << path;
    }
  }
}

TEST(Schema, EveryRowIsDeclaredOnceWithADescription) {
  std::set<std::string_view> seen;
  for (const Param& p : parameter_table()) {
    EXPECT_TRUE(seen.insert(p.path).second) << "declared twice: " << p.path;
    EXPECT_FALSE(p.description.empty()) << p.path;
    EXPECT_FALSE(p.required && !p.default_value.empty()) << "required with a default: " << p.path;
  }
}

TEST(Schema, EveryDefaultIsAllowedByItsOwnRow) {
  for (const Param& p : parameter_table()) {
    if (p.default_value.empty()) continue;
    if (p.type != ParamType::quantity && p.type != ParamType::number && p.type != ParamType::integer &&
        p.type != ParamType::distribution) {
      continue;
    }
    const QuantityParse q = parse_quantity(p.default_value, p.dimension);
    ASSERT_TRUE(q.quantity) << p.path << " default '" << p.default_value << "' is not a " << q.expected;
    const double v = q.quantity->value;
    EXPECT_TRUE(p.min_open ? v > p.min : v >= p.min) << p.path;
    EXPECT_TRUE(p.max_open ? v < p.max : v <= p.max) << p.path;
  }
}

// The ids of tests/data/scenarios/every-feature.yaml that stand for <id> and
// <i>, by the collection they belong to.
std::string concrete(std::string_view pattern) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kIds{{"zones", "maasvlakte"},
                                                                               {"terminals", "ect"},
                                                                               {"berths", "deep"},
                                                                               {"cranes", "sts"},
                                                                               {"yard", "stack"},
                                                                               {"gates", "main"},
                                                                               {"shipping_lines", "maersk"},
                                                                               {"hinterland", "rail"},
                                                                               {"companies", "tata_steel"},
                                                                               {"vendors", "zpmc"},
                                                                               {"data_platforms", "tracking_cloud"},
                                                                               {"arrivals", "deep_sea"},
                                                                               {"vessel_classes", "ulcv"},
                                                                               {"dependencies", "0"},
                                                                               {"capacity_changes", "0"},
                                                                               {"response", "terminal"},
                                                                               {"data_classes", "manifests"},
                                                                               {"profiles", "tata_steel"},
                                                                               {"incidents", "notpetya"},
                                                                               {"restoration", "0"},
                                                                               {"perturbation", "0"},
                                                                               {"sectors", "steel"},
                                                                               {"interdependency", "0"}};
  std::string out;
  std::string_view previous;
  std::size_t start = 0;
  while (start <= pattern.size()) {
    const std::size_t dot = std::min(pattern.find('.', start), pattern.size());
    std::string_view segment = pattern.substr(start, dot - start);
    if (segment == "<id>" || segment == "<i>") {
      for (const auto& [collection, id] : kIds) {
        if (collection == previous) segment = id;
      }
    }
    if (!out.empty()) out += '.';
    out += segment;
    previous = pattern.substr(start, dot - start);
    start = dot + 1;
  }
  return out;
}

TEST(Schema, EveryLeafOfTheTableIsReadAndChecked) {
  // A map is the wrong type for every leaf (or an incomplete uncertain value
  // or distribution): if the builder did not read a row, no problem would
  // name it.
  const std::string file = (kSource / "tests/data/scenarios/every-feature.yaml").string();
  for (const Param& p : parameter_table()) {
    if (p.type == ParamType::section || p.type == ParamType::collection || p.type == ParamType::list) continue;
    const std::string path = concrete(p.path);
    ScenarioDocument doc = ScenarioDocument::from_file(file);
    doc.set(path, "{zz: 1}");
    bool named = false;
    for (const Diagnostic& d : doc.problems()) named = named || d.message.find(path) != std::string::npos;
    EXPECT_TRUE(named) << path << " was not checked:\n" << problems_of(doc);
  }
}

TEST(Schema, ConcretePathsMatchTheirPatterns) {
  EXPECT_EQ(match_param("terminals.ect.berths.deep.length"), find_param("terminals.<id>.berths.<id>.length"));
  EXPECT_EQ(match_param("dependencies.3.from"), find_param("dependencies.<i>.from"));
  EXPECT_EQ(match_param("settings.seed"), find_param("settings.seed"));
  EXPECT_EQ(match_param("settings.sed"), nullptr);
  EXPECT_EQ(match_param("dependencies.x.from"), nullptr);
}

TEST(Schema, ChildKeysAreTheKeysASectionAllows) {
  EXPECT_EQ(child_keys("settings"),
            (std::vector<std::string_view>{"horizon", "warmup", "seed", "replications", "sample_interval"}));
  EXPECT_EQ(child_keys("terminals.<id>.berths.<id>"),
            (std::vector<std::string_view>{"count", "length", "depth", "zone"}));
}

TEST(Schema, RangesAreDescribedInReadableUnits) {
  EXPECT_EQ(describe_range(*find_param("settings.horizon")), "(0 h, 50 yr]");
  EXPECT_EQ(describe_range(*find_param("rules.message_latency")), "[1 s, 1 d]");
  EXPECT_EQ(describe_range(*find_param("customs.inspection_share")), "[0, 1]");
  EXPECT_EQ(describe_range(*find_param("terminals.<id>.berths.<id>.count")), "1..100000");
  EXPECT_EQ(describe_range(*find_param("rules.berth_allocation")), "fcfs, largest_first");
}

TEST(Schema, TheCommittedReferenceIsUpToDateWithTheTable) {
  const std::string doc = read(kSource / "docs/scenario-reference.md");
  const std::size_t marker = doc.find(kGeneratedMarker);
  ASSERT_NE(marker, std::string::npos) << "docs/scenario-reference.md has no generated section";
  const std::size_t start = doc.find('\n', marker) + 1;
  EXPECT_EQ(doc.substr(start), schema_reference(true))
      << "docs/scenario-reference.md is out of date: regenerate its part below the marker with "
         "'porttwin schema --format markdown'";
}

TEST(Schema, TheReferencesExampleIsAValidScenario) {
  const std::string doc = read(kSource / "docs/scenario-reference.md");
  const std::size_t open = doc.find("```yaml\n");
  ASSERT_NE(open, std::string::npos);
  const std::size_t start = open + 8;
  const std::size_t close = doc.find("```", start);
  ASSERT_NE(close, std::string::npos);
  const ScenarioDocument example = ScenarioDocument::from_string(doc.substr(start, close - start), "example.yaml");
  EXPECT_TRUE(example.valid()) << problems_of(example);
}

TEST(Schema, EveryShippedScenarioIsValid) {
  int count = 0;
  for (const auto& dir : {kSource / "scenarios", kSource / "tests/data/scenarios"}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".yaml") continue;
      ++count;
      // Test scenarios start from shipped ones (base: ../../../scenarios/...): allowed.
      const ScenarioDocument doc =
          ScenarioDocument::from_file(entry.path().string(), {(kSource / "scenarios").string()});
      EXPECT_TRUE(doc.valid()) << problems_of(doc);
      if (doc.valid()) {
        EXPECT_NO_THROW((void)doc.instantiate(0)) << entry.path();
      }
    }
  }
  EXPECT_GE(count, 2);
}

TEST(Schema, TheMmcScenarioIsAnMmcQueue) {
  const ScenarioDocument doc = ScenarioDocument::from_file((kSource / "scenarios/mmc-validation.yaml").string());
  ASSERT_TRUE(doc.valid()) << problems_of(doc);
  const Scenario s = doc.instantiate(0);
  ASSERT_EQ(s.terminals.size(), 1U);
  const Terminal& t = s.terminals[0];
  ASSERT_EQ(t.berths.size(), 3U);  // c = 3 servers
  ASSERT_EQ(t.crane_groups.size(), 1U);
  EXPECT_EQ(t.crane_groups[0].count, 3U);
  EXPECT_TRUE(std::holds_alternative<kernel::Deterministic>(t.crane_groups[0].productivity_per_h.variant()));
  ASSERT_EQ(s.traffic.streams.size(), 1U);
  EXPECT_EQ(s.traffic.streams[0].process, ArrivalStream::Process::poisson);
  EXPECT_DOUBLE_EQ(s.traffic.streams[0].rate_per_h, 0.2);
  ASSERT_EQ(s.traffic.vessel_classes.size(), 1U);
  const VesselClass& v = s.traffic.vessel_classes[0];
  EXPECT_EQ(v.cranes_min, 1U);
  EXPECT_EQ(v.cranes_max, 1U);
  EXPECT_TRUE(std::holds_alternative<kernel::Exponential>(v.call_size.variant()));
  // Handling time = exponential(300 moves) / 30 moves/h: mean 10 h, so rho = 0.2 * 10 / 3.
  EXPECT_DOUBLE_EQ(v.call_size.mean() / t.crane_groups[0].productivity_per_h.mean(), 10.0);
  // Notified well ahead and cleared at once: paperwork never delays a berth.
  EXPECT_DOUBLE_EQ(s.rules.pre_arrival_lead_h, 48.0);
  EXPECT_GE(s.rules.pre_arrival_lead_h, s.rules.pre_arrival_deadline_h);
  // All transshipment: no gate or hinterland work in the way.
  EXPECT_DOUBLE_EQ(v.transshipment_share, 1.0);
  EXPECT_DOUBLE_EQ(s.customs.release_h.mean(), 0.0);
  EXPECT_DOUBLE_EQ(s.port_authority.clearance_h.mean(), 0.0);
  EXPECT_FALSE(s.rules.reassign_cranes);
}

}  // namespace
}  // namespace porttwin::scenario
