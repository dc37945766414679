// Berth time besides crane work (terminal.hpp: BERTH TIME, CRANE SPLIT,
// SHIFT CHANGES, CRANE BREAKDOWNS) on the clockwork port (one berth, one
// crane at 30 moves/h, calls of 300 moves every 24 h from 48 h: 10 h of crane
// work each), against answers worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;
using testing::clockwork;

/// Times are in microsecond ticks: hand-computed hours agree to about 1e-9 h.
constexpr double kExact = 1e-9;

/// Hours in port of the visit that arrived at `arrival_h` (-1 if none completed).
double stay_of(const PortRunResult& r, double arrival_h) {
  for (const VesselVisit& v : r.vessels) {
    if (std::fabs(v.arrival_h - arrival_h) < 1e-6 && v.left_h >= 0.0) return v.left_h - v.arrival_h;
  }
  return -1.0;
}

TEST(BerthTime, ApproachBeforeAndAfterWorkAddToTimeInPortAndOnlyTheBerthsPartToOccupancy) {
  const Scenario plain = clockwork(24.0 * 5);
  Scenario s = plain;
  auto& vc = s.traffic.vessel_classes[0];
  vc.approach_h = kernel::Deterministic(1.0);
  vc.before_work_h = kernel::Deterministic(0.5);
  vc.after_work_h = kernel::Deterministic(1.5);
  const PortRunResult normal = run_port(plain, PortRunOptions{});
  const PortRunResult r = run_port(s, PortRunOptions{});
  ASSERT_EQ(r.kpi.vessel_calls, 3U);  // 48, 72, 96 h
  EXPECT_NEAR(normal.kpi.mean_time_in_port_h, 10.0, kExact);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, 1.0 + 0.5 + 10.0 + 1.5, kExact);
  // All fast to leaving: 12 h a call where the plain port occupies 10 h (the approach holds
  // the berth but is not occupancy).
  EXPECT_NEAR(r.kpi.berth_utilisation, normal.kpi.berth_utilisation * 12.0 / 10.0, 1e-9);
  EXPECT_NEAR(r.kpi.mean_wait_h, 0.0, kExact);
  // The planned stay (SCHEDULE RELIABILITY) counts the berth time's means.
  for (const VesselVisit& v : r.vessels) {
    EXPECT_NEAR(v.planned_departure_h - v.arrival_h, 13.0, 1e-6);
  }
}

TEST(BerthTime, TheCranesGoToTheNextVesselAtTheLastLiftNotWhenTheVesselLeaves) {
  // Two berths, one crane; A arrives at 48 h, B at 49 h. A works 48-58 and leaves at 63
  // (after_work 5 h); B needs the crane: it berths at 58 and works 58-68, leaves at 73.
  Scenario s = clockwork(24.0 * 4);
  s.terminals[0].berths.push_back({"t.b#2", 400.0, 20.0, scenario::kNone});
  s.traffic.streams[0].offsets_h = {0.0, 1.0};
  s.traffic.vessel_classes[0].after_work_h = kernel::Deterministic(5.0);
  const PortRunResult r = run_port(s, PortRunOptions{});
  EXPECT_NEAR(stay_of(r, 48.0), 15.0, kExact);
  EXPECT_NEAR(stay_of(r, 49.0), 9.0 + 10.0 + 5.0, kExact);
}

TEST(BerthTime, WithVesselsWaitingTheFreedCranesAreKeptForTheNextVessel) {
  // Two berths, three cranes, vessels of 1-2 cranes: A (48 h) works with 2 cranes to 53 and
  // leaves at 58; B (49 h) gets the third crane, 30 moves/h to 59, and leaves at 64; C (50 h)
  // waits for a berth. A's cranes, freed at 53, wait for C (berthed at 58, 2 cranes, work to 63,
  // leaves at 68) instead of joining B (which would have finished at 56).
  Scenario s = clockwork(24.0 * 4);
  s.terminals[0].berths.push_back({"t.b#2", 400.0, 20.0, scenario::kNone});
  s.terminals[0].crane_groups[0].count = 3;
  s.traffic.streams[0].offsets_h = {0.0, 1.0, 2.0};
  auto& vc = s.traffic.vessel_classes[0];
  vc.cranes_max = 2;
  vc.after_work_h = kernel::Deterministic(5.0);
  const PortRunResult r = run_port(s, PortRunOptions{});
  EXPECT_NEAR(stay_of(r, 48.0), 10.0, kExact);
  EXPECT_NEAR(stay_of(r, 49.0), 15.0, kExact);
  EXPECT_NEAR(stay_of(r, 50.0), 18.0, kExact);
}

TEST(CraneSplit, TheLongCraneSetsTheVesselsTime) {
  Scenario s = clockwork(24.0 * 5);
  s.traffic.vessel_classes[0].long_crane = 1.5;
  const PortRunResult r = run_port(s, PortRunOptions{});
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, 15.0, kExact);
}

TEST(ShiftChanges, CranesStopForEachChangeoverDuringTheCall) {
  // Changes every 8 h from 50 h, 1 h each. The call of 48 h: 48-50 (60 moves), stop,
  // 51-58 (210), stop, 59-60 (30): 12 h. The calls of 72 and 96 h (changes at 74, 82 and
  // 98, 106) are the same: 12 h.
  Scenario s = clockwork(24.0 * 5);
  s.terminals[0].first_shift_h = 2.0;  // 2, 10, ..., 50, 58, ...
  s.terminals[0].shift_h = 8.0;
  s.terminals[0].changeover_h = 1.0;
  const PortRunResult r = run_port(s, PortRunOptions{});
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(stay_of(r, 48.0), 12.0, kExact);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, 12.0, kExact);
  // A changeover is not a stop: the quay's level stays 1 (no patience, no berthing refused).
  EXPECT_NEAR(r.kpi.mean_wait_h, 0.0, kExact);
}

TEST(CraneBreakdowns, AFailedCraneStopsItsShareOfTheWorkUntilRepaired) {
  // The one crane fails 2 h after each repair and is repaired in 0.5 h: down
  // [2 + 2.5 k, 2.5 + 2.5 k). From 48 h: 48-49.5, 50-52, 52.5-54.5, 55-57, 57.5-59.5 (9.5 h
  // of work), 60-60.5: done at 60.5, 12.5 h in port.
  Scenario s = clockwork(24.0 * 3);
  s.terminals[0].crane_groups[0].failure_interval_h = kernel::Deterministic(2.0);
  s.terminals[0].crane_groups[0].repair_h = kernel::Deterministic(0.5);
  const PortRunResult r = run_port(s, PortRunOptions{});
  EXPECT_NEAR(stay_of(r, 48.0), 12.5, 1e-6);
}

TEST(CraneBreakdowns, RandomFailuresSlowCallsBetweenTheBoundsAndRepeatWithTheSeed) {
  // Two cranes of one group working each call (60 moves/h, 5 h), each failing on its own
  // stream.
  Scenario s = clockwork(24.0 * 30);
  auto& group = s.terminals[0].crane_groups[0];
  group.count = 2;
  s.traffic.vessel_classes[0].cranes_max = 2;
  group.failure_interval_h = kernel::Exponential(20.0);
  group.repair_h = kernel::Exponential(4.0);
  const PortRunResult a = run_port(s, PortRunOptions{});
  // Availability 20 / 24 of each crane: the mean stay lies between 5 h (no failure) and
  // 10 h (always one down), and above the no-failure 5 h.
  EXPECT_GT(a.kpi.mean_time_in_port_h, 5.0 + 1e-6);
  EXPECT_LT(a.kpi.mean_time_in_port_h, 10.0);
  const PortRunResult again = run_port(s, PortRunOptions{});
  EXPECT_EQ(a.kpi.mean_time_in_port_h, again.kpi.mean_time_in_port_h);
}

TEST(BerthTime, DefaultsLeaveTheClockworkPortExactlyAsItWas) {
  Scenario s = clockwork(24.0 * 5);
  s.terminals[0].changeover_h = 0.0;  // the defaults, written out
  s.traffic.vessel_classes[0].long_crane = 1.0;
  const PortRunResult r = run_port(s, PortRunOptions{});
  EXPECT_EQ(r.kpi.mean_time_in_port_h, 10.0);
  EXPECT_EQ(r.run.committed_events, run_port(clockwork(24.0 * 5), PortRunOptions{}).run.committed_events);
}

}  // namespace
}  // namespace porttwin::port
