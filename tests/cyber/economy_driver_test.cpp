// DIIM DRIVERS (metrics/cascade.hpp): the economic layer driven by the output the
// port model lost (throughput) or by the capacity the incidents removed (levels),
// on a two-terminal toy port where each can be worked out by hand.
#include <gtest/gtest.h>

#include <string>

#include "porttwin/run/figures.hpp"
#include "porttwin/run/scenario_run.hpp"
#include "porttwin/scenario/document.hpp"
#include "run_text.hpp"

namespace {

using namespace porttwin;

constexpr double kOutputEurPerH = 1000.0;

// a takes three calls a day and b one, of 600 moves each: a handles about three times
// b's TEU. Each sector recovers within the hour (k = -ln(0.01) / 1 h), so its
// inoperability follows c* closely, and as it starts and ends at 0 its loss is exactly
// x times the integral of c*. `incident` is spliced into the cyber section.
std::string toy(const std::string& driver, const std::string& incident) {
  const std::string terminal = R"(
    berths: {q: {count: 2, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 6, productivity: 28 moves/h}}
    yard: {y: {capacity: 50000 TEU}}
    gates: {g: {lanes: 20, truck_handling: {dist: exponential, mean: 14 min}}}
    systems: {gos: {stops: {gates: true}}})";
  return R"(
name: economy-driver
settings: {horizon: 16 d, warmup: 2 d, sample_interval: 1 h}
terminals:
  a:)" + terminal +
         R"(
  b:)" + terminal +
         R"(
hinterland:
  road: {mode: truck, capacity: 20000 TEU/d}
traffic:
  arrivals: {big: {process: poisson, rate: 3 /d}, small: {process: poisson, rate: 1 /d}}
  vessel_classes:
    at_a: {arrivals: big, call_size: 600 moves, length: 300 m, draught: 14 m, cranes: {min: 3, max: 3},
           patience: 30 d, terminals: [a], split: {import: 0.5, export: 0.5}}
    at_b: {arrivals: small, call_size: 600 moves, length: 300 m, draught: 14 m, cranes: {min: 3, max: 3},
           patience: 30 d, terminals: [b], split: {import: 0.5, export: 0.5}}
  hinterland_split: {truck: 1}
defences: {manual_fallback: {enabled: false}}
economy:
  driver: )" +
         driver +
         R"(
  sectors:
    handling: {output: 1000 EUR/h, recovery: 1 h, nodes: [a, b]}
    haulage: {output: 1000 EUR/h, recovery: 1 h, nodes: [road]}
cyber:
  response:
    default: {detection: 0 h, containment: 0 h, recovery: 72 h}
  incidents:
)" + incident;
}

// Ransomware stops terminal a (no manual mode) from 5 d for 72 h.
constexpr const char* kTerminalA = R"(    hit: {kind: ransomware, targets: [a], at: 5 d, spread: false}
)";
// a's gate system down from 5 d for 72 h: its quay works on, its trucks do not come.
constexpr const char* kGatesOfA = R"(    gates: {kind: platform_outage, targets: [a.gos], at: 5 d, duration: 72 h}
)";

double sector_loss(const run::ScenarioRun& r, std::size_t sector) {
  EXPECT_TRUE(r.cascade.has_value());
  return r.cascade ? r.cascade->economy.loss_eur.at(sector) : 0.0;
}

TEST(EconomyDriver, LevelsCountTheStoppedTerminalAsHalfTheSectorWhateverItHandles) {
  // 1 - the mean level of a and b: 0.5 for the 72 h a is down.
  const run::ScenarioRun r = porttwin::testing::run_text(toy("levels", kTerminalA), "economy-driver.yaml");
  EXPECT_NEAR(sector_loss(r, 0), kOutputEurPerH * 0.5 * 72.0, 1e-6 * kOutputEurPerH * 36.0);
}

TEST(EconomyDriver, ThroughputWeighsTheStoppedTerminalByItsShareOfTheSectorsOutput) {
  const run::ScenarioRun r = porttwin::testing::run_text(toy("throughput", kTerminalA), "economy-driver.yaml");
  ASSERT_TRUE(r.baseline.has_value());
  const auto& base = r.baseline->terminals;
  const double share_a = base.at(0).teu / (base.at(0).teu + base.at(1).teu);
  EXPECT_GT(share_a, 0.65);
  EXPECT_LT(share_a, 0.85);
  // a handles nothing for its 72 h: a loses all of its output then. The window (24 h,
  // centred) spreads the stop's edges over 12 h either side without changing its
  // integral, except where it overlaps the catch-up after the restart (a above its
  // baseline's pace), which can only take away: between 60 and 72 h of a's output.
  const double loss = sector_loss(r, 0);
  EXPECT_GE(loss, kOutputEurPerH * share_a * 60.0);
  EXPECT_LE(loss, kOutputEurPerH * share_a * 72.0 * 1.01);
  // The levels driver gives 36 h: b's half counted as lost too though b worked on.
  EXPECT_GT(loss, kOutputEurPerH * 0.5 * 72.0 * 1.1);
}

TEST(EconomyDriver, AGateOutageIsLostToTheHauliersOnlyByThroughput) {
  // The levels of a, b and road stay 1 (only a.gos goes down): nothing is lost by levels.
  const run::ScenarioRun by_levels = porttwin::testing::run_text(toy("levels", kGatesOfA), "economy-driver.yaml");
  EXPECT_EQ(sector_loss(by_levels, 0), 0.0);
  EXPECT_EQ(sector_loss(by_levels, 1), 0.0);
  // By throughput: the road hauliers move none of a's boxes for 72 h (a's share of their
  // cargo, about three quarters), while both quays worked on.
  const run::ScenarioRun r = porttwin::testing::run_text(toy("throughput", kGatesOfA), "economy-driver.yaml");
  EXPECT_GE(sector_loss(r, 1), kOutputEurPerH * 0.65 * 48.0);
  EXPECT_LE(sector_loss(r, 1), kOutputEurPerH * 0.85 * 72.0 * 1.01);
  EXPECT_LT(sector_loss(r, 0), 0.05 * sector_loss(r, 1));
}

// One berth, a call a day, all transshipment: a port that needs nothing but a quay.
constexpr const char* kQuietPort = R"(terminals:
  t:
    berths: {q: {count: 1, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 2, productivity: 28 moves/h}}
traffic:
  arrivals: {s: {process: poisson, rate: 1 /d}}
  vessel_classes:
    k: {arrivals: s, call_size: 300 moves, length: 300 m, draught: 14 m, split: {transshipment: 1}}
)";

// A perturbation given directly (economy.sectors.<id>.perturbation), on a scenario with no
// incident: the economic layer runs on it alone. Checked against the DIIM's own identity,
// worked out here and not by porttwin: once a perturbation has died out, each sector's loss
// is x_i times ((I - A*)^-1 times the integral of c*)_i (Lian and Haimes 2006: the dynamic
// model's total equals the static model's over the perturbation's duration). Sector up is
// perturbed by 0.2 from 24 h to 72 h (9.6 h of full output); down depends on up with
// a* = 0.5 (4.8 h). k = 0.05 /h for both, 18 d to die out: e^(-0.05 x 360) ~ 1.5e-8.
TEST(EconomyPerturbation, AGivenPerturbationAloneGivesTheStaticLossOverItsDuration) {
  const std::string text = R"(
name: perturbation
settings: {horizon: 18 d, sample_interval: 1 h}
)" + std::string(kQuietPort) +
                           R"(
economy:
  sectors:
    up:
      output: 1000 EUR/h
      resilience: 0.05 /h
      perturbation: [{at: 24 h, c: 0.2}, {at: 72 h, c: 0}]
    down: {output: 300 EUR/h, resilience: 0.05 /h}
  interdependency:
    - {sector: down, on: up, coefficient: 0.5}
)";
  const run::ScenarioRun r = porttwin::testing::run_text(text, "perturbation.yaml");
  ASSERT_TRUE(r.cascade.has_value());
  EXPECT_NEAR(sector_loss(r, 0), 1000.0 * 0.2 * 48.0, 1e-6 * 1000.0 * 9.6);
  EXPECT_NEAR(sector_loss(r, 1), 300.0 * 0.5 * 0.2 * 48.0, 1e-6 * 300.0 * 4.8);
  EXPECT_NEAR(run::find_figure("economic_loss_eur")->value(r), 9600.0 + 1440.0, 1e-6 * 11040.0);
  // Nothing else was disrupted: the port ran as its baseline.
  ASSERT_TRUE(r.baseline.has_value());
  EXPECT_EQ(r.port.run.trace_hash, r.baseline->run.trace_hash);
}

TEST(EconomyPerturbation, StepsOutOfTimeOrderAreRefusedWithTheirLine) {
  const auto doc =
      scenario::ScenarioDocument::from_string("\nname: perturbation\n" + std::string(kQuietPort) + R"(economy:
  sectors:
    up:
      output: 1000 EUR/h
      perturbation:
        - {at: 2 d, c: 0.2}
        - {at: 1 d, c: 0}
)",
                                              "perturbation.yaml");
  ASSERT_FALSE(doc.valid());
  ASSERT_EQ(doc.problems().size(), 1U);
  const std::string what = doc.problems().front().to_string();
  EXPECT_NE(what.find("perturbation.yaml:17:"), std::string::npos) << what;
  EXPECT_NE(what.find("economy.sectors.up.perturbation.1.at"), std::string::npos) << what;
  EXPECT_NE(what.find("time order"), std::string::npos) << what;
}

}  // namespace
