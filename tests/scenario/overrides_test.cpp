// Tests of ScenarioDocument::set/get (--set): any leaf by dotted path, values
// checked like the file's own, unknown paths refused with a did-you-mean.
#include <gtest/gtest.h>

#include <string>

#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::scenario {
namespace {

// Takes every default it can: no settings, rules, customs, ...
const char* const kMinimal = R"(name: minimal
terminals:
  t:
    berths:
      b: {length: 300 m, depth: 15 m}
    cranes:
      c: {count: 2, productivity: 30 moves/h}
    gates:
      g: {lanes: 2, truck_handling: 5 min}
traffic:
  arrivals:
    s: {process: poisson, rate: 4 /d}
  vessel_classes:
    feeder: {arrivals: s, share: 0.6, call_size: 500 moves, length: 200 m, draught: 12 m}
    deep: {arrivals: s, share: 0.4, call_size: 900 moves, length: 250 m, draught: 14 m}
)";

ScenarioDocument minimal() { return ScenarioDocument::from_string(kMinimal, "minimal.yaml"); }

std::string problems_of(const ScenarioDocument& doc) {
  std::string out;
  for (const Diagnostic& d : doc.problems()) out += d.to_string() + "\n";
  return out;
}

TEST(Overrides, TheMinimalScenarioIsValid) { EXPECT_TRUE(minimal().valid()) << problems_of(minimal()); }

TEST(Overrides, SetChangesANumericLeafInItsUnit) {
  ScenarioDocument doc = minimal();
  doc.set("terminals.t.berths.b.length", "0.4 km");
  ASSERT_TRUE(doc.valid()) << problems_of(doc);
  EXPECT_DOUBLE_EQ(doc.instantiate().terminals[0].berths[0].length_m, 400.0);
}

TEST(Overrides, SetSeedWorksWhenTheFileHasNoSettings) {
  ScenarioDocument doc = minimal();
  doc.set("settings.seed", "7");
  ASSERT_TRUE(doc.valid()) << problems_of(doc);
  EXPECT_EQ(doc.instantiate().settings.seed, 7U);
  EXPECT_EQ(doc.get("settings.seed"), "7");
}

TEST(Overrides, SetGivesAValueToAKeyTheFileLeftAtItsDefault) {
  ScenarioDocument doc = minimal();
  EXPECT_DOUBLE_EQ(doc.instantiate().pcs.processing_h, 1.0 / 60.0);
  doc.set("pcs.processing", "2 min");
  doc.set("rules.berth_allocation", "largest_first");
  ASSERT_TRUE(doc.valid()) << problems_of(doc);
  EXPECT_DOUBLE_EQ(doc.instantiate().pcs.processing_h, 2.0 / 60.0);
  EXPECT_EQ(doc.instantiate().rules.berth_allocation, BerthAllocation::largest_first);
}

TEST(Overrides, SetReachesInsideADistribution) {
  ScenarioDocument doc = ScenarioDocument::from_string(
      std::string(kMinimal) + "customs: {inspection: {dist: exponential, mean: 1 d}}\n", "m.yaml");
  doc.set("customs.inspection.mean", "2 d");
  ASSERT_TRUE(doc.valid()) << problems_of(doc);
  EXPECT_DOUBLE_EQ(doc.instantiate().customs.inspection_h.mean(), 48.0);
}

TEST(Overrides, SetTakesAWholeDistributionAsYaml) {
  ScenarioDocument doc = minimal();
  doc.set("customs.release", "{dist: uniform, min: 1 h, max: 3 h}");
  ASSERT_TRUE(doc.valid()) << problems_of(doc);
  EXPECT_DOUBLE_EQ(doc.instantiate().customs.release_h.mean(), 2.0);
}

TEST(Overrides, OverridesApplyInOrder) {
  ScenarioDocument doc = minimal();
  doc.set("settings.horizon", "10 d");
  doc.set("settings.horizon", "20 d");
  EXPECT_DOUBLE_EQ(doc.instantiate().settings.horizon_h, 480.0);
}

TEST(Overrides, AValueThatDoesNotFitIsADiagnosticNamedSet) {
  ScenarioDocument doc = minimal();
  doc.set("traffic.vessel_classes.feeder.share", "1.3");
  ASSERT_EQ(doc.problems().size(), 1U) << problems_of(doc);
  EXPECT_EQ(doc.problems()[0].to_string(),
            "--set:1:1: traffic.vessel_classes.feeder.share: expected a number in [0, 1]; found '1.3'");
}

TEST(Overrides, AValueWithoutItsUnitIsADiagnostic) {
  ScenarioDocument doc = minimal();
  doc.set("settings.horizon", "24");
  ASSERT_EQ(doc.problems().size(), 1U) << problems_of(doc);
  EXPECT_EQ(doc.problems()[0].to_string(),
            "--set:1:1: settings.horizon: expected a duration with a unit (s, min, h, d, wk, yr), e.g. '24 h'; "
            "found '24'");
}

TEST(Overrides, AValueThatIsNotYamlIsADiagnostic) {
  ScenarioDocument doc = minimal();
  doc.set("customs.release", "{dist: [");
  ASSERT_FALSE(doc.valid());
  EXPECT_EQ(doc.problems()[0].file, "--set");
  EXPECT_NE(doc.problems()[0].message.find("customs.release: malformed YAML"), std::string::npos) << problems_of(doc);
}

TEST(Overrides, SetCanRepairAProblemOfTheFile) {
  ScenarioDocument doc = ScenarioDocument::from_string(std::string(kMinimal) + "settings: {horizon: 5}\n", "m.yaml");
  ASSERT_FALSE(doc.valid());
  doc.set("settings.horizon", "5 d");
  EXPECT_TRUE(doc.valid()) << problems_of(doc);
}

TEST(Overrides, AnUnknownPathThrowsWithDidYouMean) {
  ScenarioDocument doc = minimal();
  try {
    doc.set("traffic.vessel_classes.feder.share", "0.3");
    FAIL() << "expected ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "unknown parameter 'traffic.vessel_classes.feder.share'; did you mean "
                 "'traffic.vessel_classes.feeder.share'?");
  }
  EXPECT_TRUE(doc.valid()) << "a refused path changes nothing";
}

TEST(Overrides, AMisspeltKeyIsSuggestedFromTheTable) {
  ScenarioDocument doc = minimal();
  EXPECT_THROW(
      {
        try {
          doc.set("settings.sed", "3");
        } catch (const ScenarioError& e) {
          EXPECT_STREQ(e.what(), "unknown parameter 'settings.sed'; did you mean 'settings.seed'?");
          throw;
        }
      },
      ScenarioError);
}

TEST(Overrides, AnEntryTheFileDoesNotHaveCannotBeSet) {
  ScenarioDocument doc = minimal();
  EXPECT_THROW(doc.set("terminals.elsewhere.name", "x"), ScenarioError);
  EXPECT_THROW(doc.set("nonsense", "1"), ScenarioError);
  EXPECT_THROW(doc.set("settings..seed", "1"), ScenarioError);
  EXPECT_THROW(doc.set("", "1"), ScenarioError);
}

TEST(Overrides, GetReturnsFileValuesAndDefaults) {
  const ScenarioDocument doc = minimal();
  EXPECT_EQ(doc.get("terminals.t.berths.b.length"), "300 m");
  EXPECT_EQ(doc.get("settings.horizon"), "365 d");
  EXPECT_EQ(doc.get("terminals.t.cranes.c"), "{count: 2, productivity: 30 moves/h}");
  EXPECT_THROW((void)doc.get("settings.horizn"), ScenarioError);
}

}  // namespace
}  // namespace porttwin::scenario
