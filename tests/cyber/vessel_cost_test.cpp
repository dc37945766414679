// VESSEL TIME COST (metrics/cascade.hpp): the vessel-hours an incident adds,
// priced per vessel class. Worked by hand on a one-berth, one-crane
// clockwork port: every call's time is fixed, so the disrupted run and its
// baseline differ only by what the outage did.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "porttwin/metrics/costs.hpp"
#include "porttwin/run/figures.hpp"
#include "run_text.hpp"

namespace porttwin {
namespace {

// Class a (300 moves at 30 moves/h: 10 h) arrives every day at 0 h, class b
// (150 moves: 5 h) at 12 h. The terminal operating system stops the quay
// from 74 h to 84 h (no manual mode).
//   baseline:  a  72-82 h, b  84-89 h, a  96-106 h, b 108-113 h
//   disrupted: a  72-92 h (2 h of work, 10 h idle, 8 h of work): +10 h
//              b  84 h waits for the berth until 92 h, works to 97 h: +8 h
//              a  96 h waits until 97 h, works to 107 h: +1 h
//              b 108 h finds the berth free: as in the baseline.
// Delay: a 11 h, b 8 h. At 100 EUR/h (2,400 EUR/d) and 1,000 EUR/h:
// 11 x 100 + 8 x 1,000 = 9,100 EUR.
std::string port(const std::string& cost_a, const std::string& cost_b, bool incident = true) {
  std::string text = R"(
name: vessel-time-cost
settings: {horizon: 8 d, sample_interval: 1 h}
terminals:
  t:
    manual_level: 0
    berths: {b: {count: 1, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 1, productivity: 30 moves/h}}
    yard: {y: {capacity: 50000 TEU}}
    systems:
      tos: {stops: {quay: true}}
traffic:
  arrivals:
    big: {process: timetable, period: 1 d, times: [0 h]}
    small: {process: timetable, period: 1 d, times: [12 h]}
  vessel_classes:
    a: {arrivals: big, call_size: 300 moves, length: 300 m, draught: 14 m, split: {transshipment: 1}, time_cost: )" +
                     cost_a + R"(}
    b: {arrivals: small, call_size: 150 moves, length: 200 m, draught: 10 m, split: {transshipment: 1}, time_cost: )" +
                     cost_b + R"(}
)";
  if (incident) {
    text += R"(cyber:
  incidents:
    outage: {kind: platform_outage, targets: [t.tos], at: 74 h, duration: 10 h}
)";
  }
  return text;
}

double figure(const run::ScenarioRun& r, const char* name) { return run::find_figure(name)->value(r); }

TEST(VesselTimeCost, TheDelayOfEachClassIsPricedAtItsOwnRate) {
  const run::ScenarioRun r = testing::run_text(port("2400 EUR/d", "1000 EUR/h"), "vessel-time-cost.yaml");
  ASSERT_TRUE(r.cascade);
  EXPECT_NEAR(figure(r, "vessel_delay_h"), 19.0, 1e-6);
  EXPECT_NEAR(figure(r, "vessel_time_cost_eur"), 11.0 * 100.0 + 8.0 * 1000.0, 1e-6);
  // The one terminal carries all of it.
  ASSERT_EQ(r.cascade->terminals.size(), 1U);
  EXPECT_NEAR(r.cascade->terminals[0].cost_eur[0], 9100.0, 1e-6);
}

TEST(VesselTimeCost, TheClassesHoursAddUpToTheTerminalsVesselHours) {
  const run::ScenarioRun r = testing::run_text(port("1 EUR/h", "1 EUR/h"), "vessel-time-cost.yaml");
  ASSERT_TRUE(r.baseline);
  for (const port::PortRunResult* run : {&r.port, &*r.baseline}) {
    ASSERT_EQ(run->terminals.size(), 1U);
    const port::TerminalSummary& t = run->terminals[0];
    ASSERT_EQ(t.vessel_hours_by_class.size(), 2U);
    EXPECT_NEAR(t.vessel_hours_by_class[0] + t.vessel_hours_by_class[1], t.vessel_hours, 1e-6);
  }
  // At 1 EUR/h for every class the cost is the delay in hours.
  EXPECT_NEAR(figure(r, "vessel_time_cost_eur"), figure(r, "vessel_delay_h"), 1e-6);
}

TEST(VesselTimeCost, UnpricedClassesCostNothing) {
  const run::ScenarioRun r = testing::run_text(port("0 EUR/h", "1000 EUR/h"), "vessel-time-cost.yaml");
  EXPECT_NEAR(figure(r, "vessel_time_cost_eur"), 8.0 * 1000.0, 1e-6);
}

TEST(DirectCosts, EachBearerPaysItsComponentsAndTheTotalIsTheirSum) {
  // The same outage with every component priced. Yard and truck time add
  // nothing here (all transshipment, no trucks: 0 EUR exactly, not a
  // difference of noise). CARGO ABOARD TIME COST: half of each call is
  // discharge (transshipment comes off, then goes on), at 30 moves/h, and
  // the aboard cargo is booked off as the crane's work is booked (at a
  // rate change and at the end of the discharge):
  //   a 72 h: 150 moves aboard 72-74 h, 90 left 74-87 h (3 h of discharge
  //           after the stop) = 1,470 move-h against 150 x 5 h = 750: +720
  //   b 84 h: 75 moves aboard until 94.5 h against 86.5 h: +600
  //   a 96 h: discharge ends at 102 h against 101 h: +150
  // 1,470 move-h x 1.6 TEU a move x 74 EUR/TEU/d, paid by the cargo owners.
  std::string text = port("2400 EUR/d", "1000 EUR/h");
  text.replace(text.find("    manual_level: 0"), 19,
               "    manual_level: 0\n    cargo_time_cost: 74 EUR/TEU/d\n    truck_time_cost: 50 EUR/h");
  const run::ScenarioRun r = testing::run_text(text, "vessel-time-cost.yaml");
  ASSERT_TRUE(r.cascade);
  EXPECT_NEAR(figure(r, "cost_lines_eur"), 9100.0, 1e-6);
  EXPECT_EQ(figure(r, "cargo_time_cost_eur"), 0.0);
  EXPECT_NEAR(figure(r, "cargo_aboard_time_cost_eur"), 1470.0 * 1.6 * 74.0 / 24.0, 1e-6);
  double sum = 0.0;
  for (const auto& c : metrics::kCostComponents) sum += figure(r, std::string(c.figure).c_str());
  EXPECT_NEAR(figure(r, "direct_cost_eur"), sum, 1e-6);
  EXPECT_NEAR(figure(r, "cost_cargo_owners_eur"),
              figure(r, "cargo_time_cost_eur") + figure(r, "cargo_aboard_time_cost_eur"), 1e-9);
  EXPECT_NEAR(figure(r, "cost_hauliers_eur"), figure(r, "truck_time_cost_eur"), 1e-9);
  // Per terminal too: every port-wide cost figure has its terminal row.
  for (const auto& c : metrics::kCostComponents) {
    const run::TerminalFigure* t = run::find_terminal_figure(c.figure);
    ASSERT_NE(t, nullptr) << c.figure;
    EXPECT_NEAR(t->value(r, 0), figure(r, std::string(c.figure).c_str()), 1e-9) << c.figure;
  }
}

TEST(DirectCosts, ACargoTimeCostInAnotherUnitThanTheYardsIsRefused) {
  std::string text = port("2400 EUR/d", "1000 EUR/h");
  text.replace(text.find("    manual_level: 0"), 19, "    manual_level: 0\n    cargo_time_cost: 2 EUR/t/d");
  const auto doc = scenario::ScenarioDocument::from_string(text, "vessel-time-cost.yaml");
  ASSERT_FALSE(doc.valid());
  const std::string what = doc.problems().front().to_string();
  EXPECT_NE(what.find("vessel-time-cost.yaml:"), std::string::npos) << what;
  EXPECT_NE(what.find("terminals.t.cargo_time_cost"), std::string::npos) << what;
  EXPECT_NE(what.find("expected TEU"), std::string::npos) << what;
}

TEST(VesselTimeCost, AScenarioWithoutIncidentsHasNoCostFigure) {
  const run::ScenarioRun r = testing::run_text(port("100 EUR/h", "1000 EUR/h", false), "vessel-time-cost.yaml");
  EXPECT_FALSE(r.cascade);
  EXPECT_TRUE(std::isnan(figure(r, "vessel_time_cost_eur")));
}

}  // namespace
}  // namespace porttwin
