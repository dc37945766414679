// A terminal's equipment levels (terminal.hpp, EQUIPMENT LEVELS): crane
// groups, yard blocks and gates named by capacity changes, against answers
// worked out by hand.
#include <gtest/gtest.h>

#include <string>

#include "porttwin/kernel/error.hpp"
#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;
using testing::clockwork;
using testing::container_port;

/// Times are in microsecond ticks: hand-computed hours agree to about 1e-10 h.
constexpr double kExact = 1e-9;

/// clockwork with two crane groups of one crane at 30 moves/h each, both
/// working every call: 300 moves at 60/h, 5 h per call.
Scenario two_crane_groups(double horizon_h) {
  Scenario s = clockwork(horizon_h);
  auto& groups = s.terminals[0].crane_groups;
  groups[0].id = "qc_a";
  scenario::CraneGroup second = groups[0];
  second.id = "qc_b";
  groups.push_back(second);
  s.traffic.vessel_classes[0].cranes_max = 2;
  return s;
}

/// clockwork with 30 import boxes per call (10%, the rest transshipment)
/// collected by truck one hour after discharge, through one gate lane at a
/// fixed 0.1 h per truck. The truck operator is so fast that a call's trucks
/// all reach the gate within about a second, at 5.5 h (discharge: 165 moves
/// at 30/h) + 1 h (dwell) + 2 message latencies (1/6 h) after the vessel's
/// arrival; so the i-th truck (from 0) waits i x 0.1 h, less at most a second:
/// a mean of 0.1 x 29 / 2 = 1.45 h.
Scenario truck_clockwork(double horizon_h) {
  Scenario s = clockwork(horizon_h);
  s.settings.sample_interval_h = 1.0;
  s.terminals[0].gates = {{"g", 1, kernel::Deterministic(0.1)}};
  auto& vc = s.traffic.vessel_classes[0];
  vc.import_share = 0.1;
  vc.transshipment_share = 0.9;
  s.traffic.import_dwell_h = kernel::Deterministic(1.0);
  scenario::HinterlandOperator road;
  road.id = "road";
  road.mode = scenario::HinterlandMode::truck;
  road.capacity_per_h = 1e6;
  s.hinterland.push_back(road);
  return s;
}

/// A second (jittered by under a second per truck) on a mean truck wait.
constexpr double kTruckJitterHours = 1e-3;

TEST(CraneGroupLevel, OneOfTwoEqualGroupsStoppedForTheWholeCallDoublesItsTime) {
  const Scenario s = two_crane_groups(24.0 * 5);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  ASSERT_EQ(normal.kpi.vessel_calls, 3U);  // 48, 72, 96 h
  EXPECT_NEAR(normal.kpi.mean_time_in_port_h, 5.0, kExact);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.qc_b", 0.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  // Crane factor (1 x 1 + 1 x 0) / 2: 300 moves at 30/h.
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, 10.0, kExact);
}

TEST(CraneGroupLevel, AGroupRestoredMidCallSpeedsUpTheRestOfTheCall) {
  // Call of 48 h: 3 h at 30/h (90 moves), then 210 moves at 60/h (3.5 h):
  // 6.5 h in port; the calls of 72 and 96 h take 5 h.
  const Scenario s = two_crane_groups(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.qc_b", 0.0, 0.0}, {"t.qc_b", 51.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, (6.5 + 5.0 + 5.0) / 3.0, kExact);
}

TEST(GateLevel, TrucksArrivingTogetherWaitAsTheClosedFormSays) {
  // The yardstick for the next two tests: no change at all.
  const PortRunResult r = run_port(truck_clockwork(125.0), PortRunOptions{});
  EXPECT_EQ(r.kpi.trucks_served, 90U);  // 30 per call of 48, 72, 96 h
  EXPECT_NEAR(r.kpi.mean_truck_wait_h, 1.45, kTruckJitterHours);
}

TEST(GateLevel, AStoppedGateTakesNoTruckAndRebooksTheAppointmentsIntoItsSpareSlots) {
  // Gate stopped 50-60 h. The 30 trucks of the call of 48 h would reach it at
  // 48 + 5.5 + 1 + 1/4 h (three 5-minute messages: cargo ready to the
  // operator, its pre-notification to the PCS, the PCS to the terminal): they
  // are turned away and their appointments held (GATE APPOINTMENTS). At 60 h
  // they are rebooked into the spare slots: capacity 1 lane / 0.1 h = 10 an
  // hour, demand 30 boxes over 60 h = 0.5 an hour, so one every 1/9.5 h from
  // 60 h, longer than a truck's 0.1 h at the lane: none of them queues. Later
  // calls' trucks wait 1.45 h as before.
  const Scenario s = truck_clockwork(125.0);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.g", 50.0, 0.0}, {"t.g", 60.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_EQ(r.kpi.trucks_served, 90U);
  EXPECT_EQ(r.kpi.truck_appointments_cancelled, 30U);
  EXPECT_NEAR(r.kpi.mean_truck_wait_h, (0.0 + 1.45 + 1.45) / 3.0, kTruckJitterHours);
  // Sampled every hour: the 30 appointments are held at 55-59 h, and no truck queues.
  const Series& series = r.series;
  int stopped_samples = 0;
  for (std::size_t i = 0; i < series.time_h.size(); ++i) {
    const double t = series.time_h[i];
    if (t >= 55.0 && t <= 59.0) {
      EXPECT_EQ(series.appointments_held[i], 30.0) << "at " << t << " h";
      EXPECT_EQ(series.appointments_held_import[i], 30.0) << "at " << t << " h: import pickups, boxes in the yard";
      EXPECT_EQ(series.trucks_waiting[i], 0.0) << "at " << t << " h";
      ++stopped_samples;
    }
    if (t == 61.0) {
      EXPECT_EQ(series.appointments_held[i], 0.0);
      EXPECT_EQ(series.appointments_held_import[i], 0.0);
    }
  }
  EXPECT_EQ(stopped_samples, 5);
  // The last rebooked truck comes at 60 + 29 / 9.5 h and leaves 0.1 h later: the box's
  // extra time in the yard is the wait for its new slot.
  const PortRunResult normal = run_port(s, PortRunOptions{});
  double extra_h = 0.0;
  for (int k = 0; k < 30; ++k) extra_h += 60.0 + k / 9.5 - (48.0 + 5.5 + 1.0 + 0.25 + 0.1 * k);
  const double per_box = s.traffic.vessel_classes[0].teu_per_move;
  EXPECT_NEAR(r.terminals[0].yard_sojourn_h - normal.terminals[0].yard_sojourn_h, extra_h * per_box,
              30 * per_box * kTruckJitterHours);
}

TEST(YardBlockLevel, OneOfTwoEqualBlocksStoppedHalvesQuayAndGateSpeed) {
  // Yard factor (1 + 0) / 2 for both: calls take 20 h instead of 10 h,
  // trucks 0.2 h instead of 0.1 h, so a mean wait of 0.2 x 29 / 2 h.
  Scenario s = truck_clockwork(125.0);
  s.terminals[0].yard_blocks.push_back({"y2", s.terminals[0].yard_blocks[0].capacity});
  PortRunOptions options;
  options.model.capacity_changes = {{"t.y2", 0.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, 20.0, kExact);
  EXPECT_EQ(r.kpi.trucks_served, 90U);
  EXPECT_NEAR(r.kpi.mean_truck_wait_h, 2.9, kTruckJitterHours);
  // The sampled level is the quay factor.
  for (std::size_t i = 0; i < r.series.time_h.size(); ++i) {
    if (r.series.time_h[i] > 0.0) {
      EXPECT_EQ(r.series.level[i], 0.5) << "at " << r.series.time_h[i] << " h";
    }
  }
}

TEST(TerminalLevel, ATerminalSentToManualModeWorksAtTheLevelItIsSent) {
  // As CapacityChange.HalfLevelDoublesTheRemainingHandlingTime: the manual
  // flag adds nothing at a terminal.
  const Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t", 75.0, 0.5, true}, {"t", 95.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, (10.0 + 17.0 + 10.0) / 3.0, kExact);
}

TEST(EquipmentLevel, ChangesThatKeepEveryLevelAtOneLeaveTheKeyFiguresExactlyAsTheyWere) {
  // Extra events (the changes themselves) change the trace, not the results.
  const Scenario s = container_port(24.0 * 30);
  const PortRunResult plain = run_port(s, PortRunOptions{});
  PortRunOptions options;
  for (const char* node :
       {"north", "north.qc", "north.y", "north.g", "south.g", "pcs", "customs", "harbour_master", "road", "rail"}) {
    options.model.capacity_changes.push_back({node, 24.0 * 5 + 0.37, 1.0});
    options.model.capacity_changes.push_back({node, 24.0 * 12 + 5.1, 1.0});
  }
  const PortRunResult r = run_port(s, options);
  EXPECT_GT(r.run.committed_events, plain.run.committed_events);
  EXPECT_TRUE(r.kpi == plain.kpi);
  EXPECT_EQ(r.kpi.mean_wait_h, plain.kpi.mean_wait_h);
  EXPECT_EQ(r.kpi.teu_handled, plain.kpi.teu_handled);
  EXPECT_EQ(r.kpi.mean_truck_wait_h, plain.kpi.mean_truck_wait_h);
  EXPECT_EQ(r.series.yard, plain.series.yard);
}

TEST(ChangeTarget, AnUnknownEquipmentIdIsRefusedWithItsNameAndWhatWasExpected) {
  const Scenario s = clockwork(24.0);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.qc9", 1.0, 0.0}};
  try {
    (void)run_port(s, options);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'t.qc9'"), std::string::npos) << what;
    EXPECT_NE(what.find("crane group, yard block or gate as '<terminal>.<key>'"), std::string::npos) << what;
    EXPECT_NE(what.find("did you mean 't.qc'"), std::string::npos) << what;
  }
}

TEST(ChangeTarget, EquipmentIsNamedByItsQualifiedIdOnly) {
  // A bare key would be ambiguous between terminals; "qc" of terminal "t" is "t.qc".
  const Scenario s = clockwork(24.0);
  ModelOptions options;
  options.capacity_changes = {{"t.qc", 1.0, 0.5}, {"t.y", 1.0, 0.5}, {"t.g", 1.0, 0.5}};
  const port::Setup setup(s, options);  // port::, not gtest's Test::Setup
  const auto& targets = setup.change_targets();
  ASSERT_EQ(targets.size(), 3U);
  EXPECT_EQ(targets[0].lp, setup.terminal_lp(0));
  EXPECT_EQ(targets[0].component, Component::crane_group);
  EXPECT_EQ(targets[1].component, Component::yard_block);
  EXPECT_EQ(targets[2].component, Component::gate);
  ModelOptions bare;
  bare.capacity_changes = {{"qc", 1.0, 0.5}};
  EXPECT_THROW(port::Setup(s, bare), ScenarioError);
}

}  // namespace
}  // namespace porttwin::port
