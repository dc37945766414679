// Tests of include/porttwin/scenario/workload.hpp: the events a scenario
// implies, estimated before it runs (a hand-computed case, and the shipped
// baselines against the events the port model commits), and the ceiling
// that validate and run refuse beyond, at the parameter responsible.
#include "porttwin/scenario/workload.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "porttwin/run/scenario_run.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::scenario {
namespace {

const std::filesystem::path kSource = PORTTWIN_SOURCE_DIR;

std::string messages(const ScenarioDocument& doc) {
  std::string out;
  for (const Diagnostic& d : doc.problems()) out += d.to_string() + "\n";
  return out;
}

const char* const kPort = R"(name: x
settings: {horizon: 10 d}
terminals:
  t:
    berths:
      b: {length: 300 m, depth: 15 m}
    cranes:
      c: {count: 2, productivity: 30 moves/h}
    gates:
      g: {lanes: 2, truck_handling: 5 min}
hinterland:
  road: {mode: truck, capacity: 5000 TEU/d}
traffic:
  arrivals:
    s: {process: poisson, rate: 2 /d}
  vessel_classes:
    v: {arrivals: s, call_size: 100 moves, length: 200 m, draught: 12 m, split: {import: 0.6, export: 0.4}}
)";

TEST(Workload, AHandComputedPortGivesItsCallsAndTrucks) {
  const Scenario s = ScenarioDocument::from_string(kPort, "port.yaml").instantiate(0);
  const Workload w = estimate_workload(s);
  ASSERT_EQ(w.terms.size(), 2U);
  // 2 /d x 10 d = 20 calls, each 24 events + 2 directions x 1 mode x 16
  // batch events = 56; 100 boxes a call by road, 2 events a truck; x 1.25.
  EXPECT_DOUBLE_EQ(w.terms[0].count, 20.0);
  EXPECT_DOUBLE_EQ(w.terms[0].events, 20.0 * 56.0 * 1.25);
  EXPECT_DOUBLE_EQ(w.terms[1].count, 2000.0);
  EXPECT_DOUBLE_EQ(w.terms[1].events, 2000.0 * 2.0 * 1.25);
  EXPECT_DOUBLE_EQ(w.events, (20.0 * 56.0 + 4000.0) * 1.25);
  EXPECT_DOUBLE_EQ(trucks_per_call(s, s.traffic.vessel_classes[0]), 100.0);
}

/// The estimate against the events a run commits: on the high side, within
/// a small factor (the margin, and trucks and batches a run ends before).
void expect_estimate_near_the_count(const std::string& file) {
  const ScenarioDocument doc = ScenarioDocument::from_file((kSource / file).string());
  ASSERT_TRUE(doc.valid()) << messages(doc);
  const Scenario s = doc.instantiate(0);
  const double estimate = estimate_workload(s).events;
  const auto events = static_cast<double>(run::run_scenario(s, {}).port.run.committed_events);
  EXPECT_GE(estimate, events) << file;
  EXPECT_LE(estimate, 2.5 * events) << file;
}

TEST(Workload, TheRotterdamYearIsEstimatedAboveItsEventsWithinAFactorOfTwo) {
  expect_estimate_near_the_count("scenarios/rotterdam-baseline.yaml");
}

TEST(Workload, TheNorthSeaCanalAndMmcScenariosAreEstimatedAboveTheirEventsToo) {
  expect_estimate_near_the_count("scenarios/amsterdam-nzkg-baseline.yaml");
  expect_estimate_near_the_count("scenarios/mmc-validation.yaml");
  expect_estimate_near_the_count("scenarios/replay-dpworld-2023.yaml");
}

TEST(Workload, AStreamWhoseCallsPassTheCeilingIsNamedAtItsRate) {
  // 1e12 /h x 240 h = 2.4e14 calls x 56 x 1.25 = 1.7e16 events; their trucks
  // 2.4e16 x 2 x 1.25 = 6e16 more: 7.7e16. The calls alone pass the ceiling,
  // so the rate is named, not the call size.
  std::string text = kPort;
  text.replace(text.find("rate: 2 /d"), 10, "rate: 1e12 /h");
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "port.yaml");
  EXPECT_EQ(messages(doc),
            "port.yaml:15:33: traffic.arrivals.s.rate: expected at most 2e9 simulated events per run (the limit, "
            "see 'porttwin schema'); found about 7.7e16, 1.7e16 of them from the 2.4e14 vessel calls of this stream "
            "over 10 d\n");
}

TEST(Workload, CompaniesConsumingHourByHourForDecadesAreNamedAtTheHorizon) {
  std::string text = kPort;
  text.replace(text.find("horizon: 10 d"), 13, "horizon: 50 yr");
  text += "companies:\n";
  for (int i = 0; i < 5000; ++i) {
    text.append("  c").append(std::to_string(i)).append(": {consumption: 1 TEU/h, supplied_by: road}\n");
  }
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "port.yaml");
  EXPECT_NE(messages(doc).find("port.yaml:2:21: settings.horizon: expected at most 2e9 simulated events per run (the "
                               "limit, see 'porttwin schema'); found about 2.7e9, 2.7e9 of them from the companies' "
                               "hourly consumption over 18250 d\n"),
            std::string::npos)
      << messages(doc);
}

TEST(Workload, ARangeIsJudgedOnItsMidpointLikeTheOtherRulesRelatingValues) {
  std::string text = kPort;
  text.replace(text.find("rate: 2 /d"), 10, "rate: {range: [1 /d, 3 /d]}");
  const ScenarioDocument doc = ScenarioDocument::from_string(text, "port.yaml");
  EXPECT_TRUE(doc.valid()) << messages(doc);
  EXPECT_NO_THROW((void)doc.instantiate(3));
}

}  // namespace
}  // namespace porttwin::scenario
