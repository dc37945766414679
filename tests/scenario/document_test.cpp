// Tests of include/porttwin/scenario/document.hpp: a valid file instantiates
// to the values worked out by hand from tests/data/scenarios/every-feature.yaml
// (units converted, counts expanded, references resolved), and per-replication
// draws are reproducible, differ between replications and stay in range.
#include "porttwin/scenario/document.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <variant>

#include "porttwin/kernel/error.hpp"

namespace porttwin::scenario {
namespace {

const std::string kEveryFeature = std::string(PORTTWIN_SOURCE_DIR) + "/tests/data/scenarios/every-feature.yaml";

std::string problems_of(const ScenarioDocument& doc) {
  std::string out;
  for (const Diagnostic& d : doc.problems()) out += d.to_string() + "\n";
  return out;
}

class EveryFeature : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(doc_.valid()) << problems_of(doc_); }
  ScenarioDocument doc_ = ScenarioDocument::from_file(kEveryFeature);
};

const Terminal& terminal(const Scenario& s, std::string_view id) {
  const auto it = std::find_if(s.terminals.begin(), s.terminals.end(), [&](const Terminal& t) { return t.id == id; });
  if (it == s.terminals.end()) throw std::runtime_error("no terminal " + std::string(id));
  return *it;
}

const VesselClass& vessel_class(const Scenario& s, std::string_view id) {
  const auto& v = s.traffic.vessel_classes;
  const auto it = std::find_if(v.begin(), v.end(), [&](const VesselClass& c) { return c.id == id; });
  if (it == v.end()) throw std::runtime_error("no class " + std::string(id));
  return *it;
}

TEST_F(EveryFeature, SettingsAreInHours) {
  const Scenario s = doc_.instantiate(0);
  EXPECT_EQ(s.name, "every-feature");
  EXPECT_DOUBLE_EQ(s.settings.horizon_h, 48.0);  // 2 d
  EXPECT_DOUBLE_EQ(s.settings.warmup_h, 6.0);
  EXPECT_DOUBLE_EQ(s.settings.sample_interval_h, 0.5);  // 30 min
  EXPECT_EQ(s.settings.seed, 42U);
  EXPECT_EQ(s.settings.replications, 3U);
  EXPECT_DOUBLE_EQ(s.rules.message_latency_h, 5.0 / 60.0);
  EXPECT_EQ(s.rules.berth_allocation, BerthAllocation::largest_first);
  EXPECT_FALSE(s.rules.reassign_cranes);
  EXPECT_NE(s.source_file.find("every-feature.yaml"), std::string::npos);
}

TEST_F(EveryFeature, CapacityChangesAreReadInFileOrderInHours) {
  const Scenario s = doc_.instantiate(0);
  ASSERT_EQ(s.capacity_changes.size(), 7U);
  EXPECT_EQ(s.capacity_changes[0].node, "cars");
  EXPECT_DOUBLE_EQ(s.capacity_changes[0].at_h, 240.0);  // 10 d
  EXPECT_DOUBLE_EQ(s.capacity_changes[0].level, 0.0);
  EXPECT_GE(s.capacity_changes[1].at_h, 264.0);  // {range: [11 d, 12 d]}, drawn per replication
  EXPECT_LE(s.capacity_changes[1].at_h, 288.0);
  EXPECT_EQ(s.capacity_changes[2].node, "portbase");
  EXPECT_DOUBLE_EQ(s.capacity_changes[2].level, 0.5);
  EXPECT_FALSE(s.capacity_changes[2].manual);
  EXPECT_TRUE(s.capacity_changes[3].manual);         // the PCS in manual mode
  EXPECT_EQ(s.capacity_changes[4].node, "ect.sts");  // equipment: a crane group
}

TEST(CapacityChanges, ANodeWithoutALevelIsRefusedWithDidYouMean) {
  const ScenarioDocument doc = ScenarioDocument::from_file(kEveryFeature);
  ScenarioDocument copy = doc;
  copy.set("capacity_changes.0.node", "zpmc");  // a vendor: no operations of its own to stop
  const std::string problems = problems_of(copy);
  EXPECT_NE(
      problems.find("capacity_changes.0.node: expected a terminal, its part (quay, yard, gates, rail, barge), "
                    "system, crane group, yard block or gate, a hinterland operator, company, the PCS, customs or the "
                    "port authority; found 'zpmc'"),
      std::string::npos)
      << problems;
}

TEST_F(EveryFeature, BerthCountExpandsToNumberedIds) {
  const Scenario s = doc_.instantiate(0);
  const Terminal& ect = terminal(s, "ect");
  ASSERT_EQ(ect.berths.size(), 4U);
  EXPECT_EQ(ect.berths[0].id, "ect.deep#1");
  EXPECT_EQ(ect.berths[2].id, "ect.deep#3");
  EXPECT_EQ(ect.berths[3].id, "ect.short");
  EXPECT_DOUBLE_EQ(ect.berths[2].length_m, 400.0);
  EXPECT_DOUBLE_EQ(ect.berths[2].depth_m, 16.5);
  EXPECT_DOUBLE_EQ(ect.berths[3].length_m, 250.0);  // 0.25 km
}

TEST_F(EveryFeature, ABerthTakesItsTerminalsZoneUnlessItNamesOne) {
  const Scenario s = doc_.instantiate(0);
  const Terminal& ect = terminal(s, "ect");
  ASSERT_EQ(s.zones.size(), 2U);
  EXPECT_EQ(ect.zone, 0U);
  EXPECT_EQ(ect.berths[0].zone, 0U);  // maasvlakte, from the terminal
  EXPECT_EQ(ect.berths[3].zone, 1U);  // defence, its own
  EXPECT_TRUE(s.zones[1].sensitive);
  EXPECT_EQ(s.zones[1].sensitivity, "military_transport");
  EXPECT_EQ(terminal(s, "emo").zone, kNone);
}

TEST_F(EveryFeature, EquipmentIsNamedAfterItsTerminal) {
  const Scenario s = doc_.instantiate(0);
  const Terminal& ect = terminal(s, "ect");
  ASSERT_EQ(ect.crane_groups.size(), 1U);
  EXPECT_EQ(ect.crane_groups[0].id, "ect.sts");
  EXPECT_EQ(ect.crane_groups[0].count, 8U);
  EXPECT_EQ(ect.crane_groups[0].vendor, 0U);
  EXPECT_TRUE(ect.crane_groups[0].remote_maintenance);
  EXPECT_EQ(ect.yard_blocks[0].id, "ect.stack");
  EXPECT_DOUBLE_EQ(ect.yard_blocks[0].capacity, 30000.0);
  EXPECT_EQ(ect.gates[0].id, "ect.main");
  EXPECT_EQ(ect.gates[0].lanes, 10U);
  EXPECT_EQ(ect.overflow, OverflowRule::overflow_area);
  EXPECT_DOUBLE_EQ(ect.overflow_capacity, 5000.0);
  EXPECT_DOUBLE_EQ(ect.overflow_extra_h, 2.0);
  EXPECT_TRUE(ect.automated);
}

TEST_F(EveryFeature, DistributionsAreInBaseUnits) {
  const Scenario s = doc_.instantiate(0);
  const Terminal& ect = terminal(s, "ect");
  // triangular(22, 28, 35) moves/h: mean 85/3.
  EXPECT_DOUBLE_EQ(ect.crane_groups[0].productivity_per_h.mean(), 85.0 / 3.0);
  EXPECT_TRUE(std::holds_alternative<kernel::Triangular>(ect.crane_groups[0].productivity_per_h.variant()));
  // exponential, mean 14 min = 14/60 h.
  EXPECT_DOUBLE_EQ(ect.gates[0].truck_handling_h.mean(), 14.0 / 60.0);
  EXPECT_DOUBLE_EQ(s.customs.inspection_h.mean(), 24.0);                // 1 d
  EXPECT_NEAR(s.traffic.import_dwell_h.mean(), 96.0, 1e-9);             // lognormal, mean 4 d
  EXPECT_NEAR(s.traffic.import_dwell_h.variance(), 48.0 * 48.0, 1e-6);  // sd 2 d
  // uniform(15 min, 2 h): mean 67.5 min.
  EXPECT_DOUBLE_EQ(s.port_authority.clearance_h.mean(), 1.125);
  // A plain quantity is deterministic.
  const Terminal& rwg = terminal(s, "rwg");
  EXPECT_TRUE(std::holds_alternative<kernel::Deterministic>(rwg.crane_groups[0].productivity_per_h.variant()));
  EXPECT_DOUBLE_EQ(rwg.crane_groups[0].productivity_per_h.mean(), 30.0);
  // empirical from three observations: segments [150k, 170k], [170k, 180k] at 1/2 each.
  EXPECT_DOUBLE_EQ(vessel_class(s, "capesize").call_size.mean(), 0.5 * 160000.0 + 0.5 * 175000.0);
}

TEST_F(EveryFeature, RemainderShareTakesTheRestOfItsStream) {
  const Scenario s = doc_.instantiate(0);
  EXPECT_DOUBLE_EQ(vessel_class(s, "ulcv").share, 0.3);
  EXPECT_DOUBLE_EQ(vessel_class(s, "feeder").share, 0.7);
  EXPECT_DOUBLE_EQ(vessel_class(s, "capesize").share, 1.0);  // its stream's only class
}

TEST_F(EveryFeature, ReferencesResolveToIndicesInFileOrder) {
  const Scenario s = doc_.instantiate(0);
  const VesselClass& ulcv = vessel_class(s, "ulcv");
  EXPECT_EQ(ulcv.stream, 0U);
  EXPECT_EQ(ulcv.line, 0U);
  EXPECT_EQ(ulcv.terminals, std::vector<Index>{0});
  EXPECT_EQ(vessel_class(s, "feeder").terminals, (std::vector<Index>{1, 0}));  // preference order kept
  EXPECT_EQ(vessel_class(s, "capesize").terminals, std::vector<Index>{2});     // default: terminals of its cargo
  EXPECT_EQ(vessel_class(s, "capesize").consignee, 0U);
  EXPECT_EQ(s.companies[0].supplied_by, 3U);
  EXPECT_EQ(s.hinterland[1].terminals, (std::vector<Index>{0, 1}));
  EXPECT_EQ(s.hinterland[0].terminals.size(), 4U);  // all, when not given
}

TEST_F(EveryFeature, ClassDetailsAreReadAsWritten) {
  const Scenario s = doc_.instantiate(0);
  const VesselClass& ulcv = vessel_class(s, "ulcv");
  EXPECT_DOUBLE_EQ(ulcv.teu_per_move, 1.65);
  EXPECT_EQ(ulcv.cranes_min, 4U);
  EXPECT_EQ(ulcv.cranes_max, 7U);
  EXPECT_DOUBLE_EQ(ulcv.patience_h, 48.0);
  EXPECT_DOUBLE_EQ(ulcv.import_share, 0.4);
  EXPECT_DOUBLE_EQ(ulcv.export_share, 0.35);
  EXPECT_DOUBLE_EQ(ulcv.transshipment_share, 0.25);
  const VesselClass& feeder = vessel_class(s, "feeder");
  EXPECT_DOUBLE_EQ(feeder.teu_per_move, 1.6);  // default
  EXPECT_DOUBLE_EQ(feeder.patience_h, 1e9);    // never diverts
  EXPECT_DOUBLE_EQ(feeder.import_share, 1.0);  // no split: all import
}

TEST_F(EveryFeature, TimetableOffsetsAreSortedHours) {
  const Scenario s = doc_.instantiate(0);
  const ArrivalStream& weekly = s.traffic.streams[1];
  EXPECT_EQ(weekly.process, ArrivalStream::Process::timetable);
  EXPECT_DOUBLE_EQ(weekly.period_h, 168.0);
  EXPECT_EQ(weekly.offsets_h, (std::vector<double>{10.0, 58.0}));
}

TEST_F(EveryFeature, CsvArrivalsAreListedInTimeOrder) {
  const Scenario s = doc_.instantiate(0);
  const ArrivalStream& listed = s.traffic.streams[2];
  EXPECT_EQ(listed.process, ArrivalStream::Process::csv);
  ASSERT_EQ(listed.listed.size(), 2U);
  EXPECT_DOUBLE_EQ(listed.listed[0].time_h, 6.0);  // a bare number is hours
  EXPECT_DOUBLE_EQ(listed.listed[1].time_h, 30.0);
  EXPECT_EQ(listed.listed[0].vessel_class, 3U);
  EXPECT_EQ(vessel_class(s, "car_carrier").stream, 2U);  // from the CSV, no `arrivals` key
}

TEST_F(EveryFeature, HinterlandAndCompaniesAreInBaseUnits) {
  const Scenario s = doc_.instantiate(0);
  EXPECT_DOUBLE_EQ(s.hinterland[0].capacity_per_h, 20000.0 / 24.0);
  EXPECT_DOUBLE_EQ(s.hinterland[0].transit_h, 2.0);
  EXPECT_DOUBLE_EQ(s.hinterland[0].batch, 1.0);
  EXPECT_DOUBLE_EQ(s.hinterland[1].batch, 90.0);
  EXPECT_EQ(s.hinterland[3].mode, HinterlandMode::conveyor);
  EXPECT_DOUBLE_EQ(s.companies[0].consumption_per_h, 937.5);  // 22500 t/d
  EXPECT_DOUBLE_EQ(s.companies[0].buffer_h, 480.0);
  EXPECT_TRUE(s.companies[0].reporting_member);
  EXPECT_DOUBLE_EQ(s.traffic.truck_share, 0.55);
  EXPECT_DOUBLE_EQ(s.traffic.barge_share, 0.35);
}

TEST_F(EveryFeature, DeclaredDependenciesKeepTheirIds) {
  const Scenario s = doc_.instantiate(0);
  ASSERT_EQ(s.dependencies.size(), 2U);
  EXPECT_EQ(s.dependencies[1].source, "zpmc");
  EXPECT_EQ(s.dependencies[1].target, "ect.sts");
  EXPECT_EQ(s.dependencies[1].type, DependencyType::remote_access);
  EXPECT_EQ(s.pcs.id, "portbase");
}

// What one replication draws, for comparisons.
std::vector<double> drawn(const Scenario& s) {
  return {terminal(s, "ect").manual_level, s.pcs.processing_h, s.customs.release_h.mean(),
          terminal(s, "rwg").yard_blocks[0].capacity, s.traffic.streams[0].rate_per_h};
}

TEST_F(EveryFeature, TheSameSeedAndReplicationGiveTheSameScenario) {
  EXPECT_EQ(drawn(doc_.instantiate(1)), drawn(doc_.instantiate(1)));
  const ScenarioDocument again = ScenarioDocument::from_file(kEveryFeature);
  EXPECT_EQ(drawn(again.instantiate(2)), drawn(doc_.instantiate(2)));
}

TEST_F(EveryFeature, DifferentReplicationsDrawDifferentValues) {
  const std::vector<double> first = drawn(doc_.instantiate(0));
  const std::vector<double> second = drawn(doc_.instantiate(1));
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_NE(first[i], second[i]) << "value " << i;
}

TEST_F(EveryFeature, ChangingTheSeedChangesTheDraws) {
  ScenarioDocument other = doc_;
  other.set("settings.seed", "43");
  EXPECT_NE(drawn(other.instantiate(0)), drawn(doc_.instantiate(0)));
}

TEST_F(EveryFeature, DrawnValuesStayInTheirRanges) {
  for (std::uint32_t r = 0; r < 200; ++r) {
    const Scenario s = doc_.instantiate(r);
    const double manual = terminal(s, "ect").manual_level;
    EXPECT_GE(manual, 0.2);
    EXPECT_LE(manual, 0.4);
    EXPECT_GE(s.pcs.processing_h, 1.0 / 60.0);
    EXPECT_LE(s.pcs.processing_h, 3.0 / 60.0);
    const double release_mean = s.customs.release_h.mean();
    EXPECT_GE(release_mean, 10.0 - 1e-9);
    EXPECT_LE(release_mean, 14.0 + 1e-9);
    EXPECT_GT(s.traffic.streams[0].rate_per_h, 0.0);
  }
}

TEST_F(EveryFeature, ReplicationDrawsAverageToTheNominalValue) {
  // manual_level ~ uniform(0.2, 0.4): over 2000 replications the mean is
  // 0.3 within 5 standard errors (sd 0.2 / sqrt(12) / sqrt(2000) = 0.0013).
  double sum = 0.0;
  for (std::uint32_t r = 0; r < 2000; ++r) sum += terminal(doc_.instantiate(r), "ect").manual_level;
  EXPECT_NEAR(sum / 2000.0, 0.3, 5 * 0.0013);
}

TEST(Document, InstantiateRefusesADocumentWithProblemsListingThemAll) {
  const ScenarioDocument doc = ScenarioDocument::from_string("name: x\nsettings: {horizon: 5}\n", "x.yaml");
  ASSERT_FALSE(doc.valid());
  try {
    (void)doc.instantiate(0);
    FAIL() << "expected ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("x.yaml:2:21: settings.horizon: expected a duration"), std::string::npos) << message;
    EXPECT_NE(message.find("missing required key 'terminals'"), std::string::npos) << message;
  }
}

TEST(Document, AFileThatCannotBeReadThrowsIoErrorNamingIt) {
  try {
    (void)ScenarioDocument::from_file("/nonexistent/port.yaml");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/port.yaml"), std::string::npos) << e.what();
  }
}

TEST(Document, TextAndFileAreKept) {
  const ScenarioDocument doc = ScenarioDocument::from_string("name: x\n", "mine.yaml");
  EXPECT_EQ(doc.text(), "name: x\n");
  EXPECT_EQ(doc.file(), "mine.yaml");
}

TEST(Document, EnumNamesAreThoseOfTheFile) {
  EXPECT_EQ(to_string(CargoKind::dry_bulk), "dry_bulk");
  EXPECT_EQ(to_string(HinterlandMode::conveyor), "conveyor");
  EXPECT_EQ(to_string(OverflowRule::overflow_area), "overflow_area");
  EXPECT_EQ(to_string(BerthAllocation::largest_first), "largest_first");
  EXPECT_EQ(to_string(DependencyType::remote_access), "remote_access");
  EXPECT_EQ(cargo_unit(CargoKind::containers), "moves");
  EXPECT_EQ(cargo_unit(CargoKind::liquid_bulk), "t");
  EXPECT_EQ(cargo_unit(CargoKind::cars), "units");
}

}  // namespace
}  // namespace porttwin::scenario
