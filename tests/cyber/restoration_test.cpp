// Staged restoration and manual modes per part (cyber/propagation.hpp, PARTS
// and STAGED RESTORATION) on a one-terminal toy port whose numbers can be
// checked by hand: which parts work when, what the port model does with
// them, and that a terminal whose parts all run at x runs as one at x.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/run/scenario_run.hpp"
#include "porttwin/scenario/document.hpp"
#include "run_text.hpp"

namespace {

using namespace porttwin;

// One terminal, trucks only, three calls a day of 600 moves (half import, half
// export). `terminal` and `incident` are spliced in: the terminal's extra keys
// and the incident's. Ransomware at 10 d, detected within the hour, contained
// after `containment`.
std::string toy_port(const std::string& terminal, const std::string& incident, const std::string& containment = "1 h") {
  return R"(
name: staged
settings: {horizon: 24 d, warmup: 5 d, sample_interval: 1 h}
terminals:
  t:
)" + terminal +
         R"(
    berths: {b: {count: 2, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 6, productivity: 28 moves/h}}
    yard: {y: {capacity: 50000 TEU}}
    gates: {g: {lanes: 20, truck_handling: {dist: exponential, mean: 14 min}}}
hinterland:
  road: {mode: truck, capacity: 20000 TEU/d}
traffic:
  arrivals: {s: {process: poisson, rate: 3 /d}}
  vessel_classes:
    k: {arrivals: s, call_size: 600 moves, length: 300 m, draught: 14 m, cranes: {min: 3, max: 3},
        split: {import: 0.5, export: 0.5}}
  hinterland_split: {truck: 1}
cyber:
  response:
    default: {detection: 1 h, containment: )" +
         containment + R"(, recovery: 20 d}
  incidents:
    hit:
      kind: ransomware
      targets: [t]
      at: 10 d
)" + incident;
}

run::ScenarioRun run_toy(const std::string& text) { return porttwin::testing::run_text(text, "staged.yaml"); }

// The level of `node` (an incident change's id) just after `t_h`: the last change at or before it.
double level_at(const run::ScenarioRun& r, const std::string& node, double t_h) {
  double level = 1.0;
  for (const auto& c : r.incident_changes) {
    if (c.node == node && c.at_h <= t_h) level = c.level;
  }
  return level;
}

double restored_h(const run::ScenarioRun& r) {
  for (const auto& c : r.cyber->states) {
    if (c.state == cyber::CyberState::restored) return c.time_h;
  }
  return -1.0;
}

constexpr const char* kGatesThenQuay = R"(      restoration:
        - {node: t.yard, after: 2 d}
        - {node: t.gates, after: 2 d}
        - {node: t.quay, after: 3 d}
        - {node: t, after: 4 d}
)";

TEST(StagedRestoration, GatesComeBackFirstThenTheQuayThenEverything) {
  // An automated terminal (no manual mode) hit at 240 h: yard and gates back at 288 h,
  // the quay at 312 h, the rest (rail, barge) and the node itself at 336 h.
  const run::ScenarioRun r = run_toy(toy_port("    automated: true", kGatesThenQuay));
  ASSERT_TRUE(r.cyber);
  for (const auto& c : r.incident_changes) {
    EXPECT_EQ(c.node.rfind("t.", 0), 0U) << "the terminal changes through its parts, not as a whole: " << c.node;
  }
  for (const char* part : {"t.quay", "t.yard", "t.gates", "t.rail", "t.barge"}) {
    EXPECT_EQ(level_at(r, part, 240.0), 0.0) << part;
  }
  EXPECT_EQ(level_at(r, "t.gates", 288.0), 1.0);
  EXPECT_EQ(level_at(r, "t.yard", 288.0), 1.0);
  EXPECT_EQ(level_at(r, "t.quay", 311.9), 0.0);
  EXPECT_EQ(level_at(r, "t.quay", 312.0), 1.0);
  EXPECT_EQ(level_at(r, "t.rail", 335.9), 0.0);
  EXPECT_EQ(level_at(r, "t.rail", 336.0), 1.0);
  EXPECT_EQ(restored_h(r), 336.0);  // the last stage, not containment + the 20 d recovery draw

  // In the port: no quay moves from the hit to the quay's stage, no trucks until the gates'.
  const port::Series& s = r.port.series;
  const auto at = [&](const std::vector<double>& v, double t_h) {
    for (std::size_t i = 0; i < s.time_h.size(); ++i) {
      if (s.time_h[i] == t_h) return v[i];
    }
    ADD_FAILURE() << "no sample at " << t_h;
    return 0.0;
  };
  const auto trucks = [&](double t_h) { return at(s.trucks_import, t_h) + at(s.trucks_export, t_h); };
  EXPECT_EQ(at(s.handled, 241.0), at(s.handled, 312.0)) << "quay moves while the quay is stopped";
  EXPECT_GT(at(s.handled, 324.0), at(s.handled, 312.0)) << "the quay works once back";
  EXPECT_EQ(trucks(241.0), trucks(288.0)) << "trucks served while the gates are stopped";
  EXPECT_GT(trucks(300.0), trucks(288.0) + 100.0) << "the gates serve the waiting trucks once back";
  for (std::size_t i = 0; i < s.time_h.size(); ++i) {
    if (s.time_h[i] > 240.0 && s.time_h[i] < 312.0) {
      EXPECT_EQ(s.level[i], 0.0) << "quay factor at " << s.time_h[i];
    }
  }
}

TEST(StagedRestoration, AStageDueBeforeContainmentWaitsForIt) {
  // Contained 1 d + 1 h after the hit: a stage due at 2 h happens then, and the
  // node is restored there.
  const run::ScenarioRun r = run_toy(toy_port("    automated: true", R"(      restoration:
        - {node: t.gates, after: 2 h}
        - {node: t, after: 3 d}
)",
                                              "1 d"));
  ASSERT_TRUE(r.cyber);
  EXPECT_EQ(level_at(r, "t.gates", 264.9), 0.0);
  EXPECT_EQ(level_at(r, "t.gates", 265.0), 1.0);
  EXPECT_EQ(level_at(r, "t.quay", 311.9), 0.0);
  EXPECT_EQ(restored_h(r), 312.0);
}

TEST(StagedRestoration, ARampUpRunsAtItsLevelUntilTheLastStage) {
  // The quay back at half its capacity after 2 d, fully after 4 d: the quay factor says so.
  const run::ScenarioRun r = run_toy(toy_port("    automated: true", R"(      restoration:
        - {node: t, after: 2 d, level: 0.5}
        - {node: t, after: 4 d}
)"));
  // (A sample at the instant of a change is taken before it.)
  const port::Series& s = r.port.series;
  for (std::size_t i = 0; i < s.time_h.size(); ++i) {
    const double t = s.time_h[i];
    const double expected = t <= 240.0 ? 1.0 : t <= 288.0 ? 0.0 : t <= 336.0 ? 0.5 : 1.0;
    EXPECT_EQ(s.level[i], expected) << "quay factor at " << t << " h";
  }
  EXPECT_EQ(restored_h(r), 336.0);
}

TEST(ManualParts, EachPartRunsAtItsOwnManualLevel) {
  // Manual mode from detection (241 h) + switch-over (4 h): the quay at 0.25, paper gate
  // passes at full speed, the yard (and every part not named) at manual_level 0.5. The quay
  // factor is the quay's (min of quay and yard), the gates' is capped by the yard's 0.5.
  const run::ScenarioRun r = run_toy(toy_port(R"(    manual_level: 0.5
    manual_parts: {quay: 0.25, gates: 1})",
                                              ""));
  EXPECT_EQ(level_at(r, "t.quay", 245.0), 0.25);
  EXPECT_EQ(level_at(r, "t.gates", 245.0), 1.0);
  EXPECT_EQ(level_at(r, "t.yard", 245.0), 0.5);
  EXPECT_EQ(level_at(r, "t.rail", 245.0), 0.5);
  EXPECT_EQ(level_at(r, "t.quay", 244.9), 0.0);
  const port::Series& s = r.port.series;
  for (std::size_t i = 0; i < s.time_h.size(); ++i) {
    if (s.time_h[i] > 245.0 && s.time_h[i] < 700.0) {
      EXPECT_EQ(s.level[i], 0.25) << "quay factor at " << s.time_h[i];
    }
  }
}

TEST(ManualParts, AnAutomatedTerminalHasAManualModeOnlyWhereAPartSaysSo) {
  const run::ScenarioRun r = run_toy(toy_port(R"(    automated: true
    manual_parts: {gates: 0.6})",
                                              ""));
  EXPECT_EQ(level_at(r, "t.gates", 245.0), 0.6);
  EXPECT_EQ(level_at(r, "t.quay", 245.0), 0.0);
  EXPECT_EQ(level_at(r, "t.yard", 245.0), 0.0);
}

TEST(ManualParts, PartsAllAtOneLevelRunAsTheWholeTerminalAtIt) {
  // Every part at 0.5 in manual mode (part by part) against the terminal at manual_level 0.5
  // (as a whole): the same port, figure for figure.
  const run::ScenarioRun whole = run_toy(toy_port("    manual_level: 0.5", ""));
  const run::ScenarioRun parts = run_toy(toy_port(R"(    manual_level: 0.5
    manual_parts: {quay: 0.5, yard: 0.5, gates: 0.5, rail: 0.5, barge: 0.5})",
                                                  ""));
  EXPECT_EQ(whole.incident_changes.front().node, "t");
  EXPECT_EQ(parts.incident_changes.front().node, "t.quay");
  EXPECT_EQ(parts.port.kpi.vessel_calls, whole.port.kpi.vessel_calls);
  EXPECT_DOUBLE_EQ(parts.port.kpi.teu_handled, whole.port.kpi.teu_handled);
  EXPECT_DOUBLE_EQ(parts.port.kpi.mean_wait_h, whole.port.kpi.mean_wait_h);
  EXPECT_EQ(parts.port.kpi.trucks_served, whole.port.kpi.trucks_served);
  EXPECT_DOUBLE_EQ(parts.port.kpi.mean_time_in_port_h, whole.port.kpi.mean_time_in_port_h);
  EXPECT_EQ(parts.port.series.level, whole.port.series.level);
}

TEST(StagedRestoration, BadStagesGiveClearProblems) {
  const auto problems = [](const std::string& stages) {
    const auto doc = scenario::ScenarioDocument::from_string(toy_port("", stages), "staged.yaml");
    std::string all;
    for (const auto& p : doc.problems()) all += p.to_string() + "\n";
    return all;
  };
  const std::string unknown = problems("      restoration:\n        - {node: t.gate, after: 1 d}\n");
  EXPECT_NE(unknown.find("staged.yaml"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("cyber.incidents.hit.restoration.0.node"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("'t.gate'"), std::string::npos) << unknown;
  const std::string negative = problems("      restoration:\n        - {node: t.gates, after: -1 d}\n");
  EXPECT_NE(negative.find("restoration.0.after"), std::string::npos) << negative;
  const std::string no_after = problems("      restoration:\n        - {node: t.gates}\n");
  EXPECT_NE(no_after.find("after"), std::string::npos) << no_after;
  const std::string level = problems("      restoration:\n        - {node: t.gates, after: 1 d, level: 2}\n");
  EXPECT_NE(level.find("restoration.0.level"), std::string::npos) << level;
}

}  // namespace
