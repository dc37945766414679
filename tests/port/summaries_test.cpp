// The summaries run_port adds for the cyber layer (run.hpp): vessel-hours in
// port, a company's first shortage, the cumulative cargo series and schedule
// reliability, against answers worked out by hand.
#include <gtest/gtest.h>

#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;
using testing::clockwork;

constexpr double kExact = 1e-9;

TEST(VesselHours, AreTheTimeInPortOfEveryCallWhenNoneIsOpenAtTheEnd) {
  // Calls of 48, 72 and 96 h, 10 h each; the 96 h one is stopped 4 h
  // (100-104 h): 10 + 10 + 14 vessel-hours at berth, none waiting.
  const Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t", 100.0, 0.0}, {"t", 104.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.terminals.size(), 1U);
  EXPECT_NEAR(r.terminals[0].vessel_hours, 34.0, kExact);
  EXPECT_NEAR(r.kpi.vessel_hours_in_port, 34.0, kExact);
  EXPECT_NEAR(r.kpi.vessel_hours_in_port, r.kpi.mean_time_in_port_h * static_cast<double>(r.kpi.vessel_calls), kExact);
}

/// clockwork plus a plant consuming 100 units/h with no supply at all.
Scenario plant_without_supply(double buffer_days, double warmup_h) {
  Scenario s = clockwork(24.0 * 10);
  s.settings.warmup_h = warmup_h;
  scenario::HinterlandOperator conveyor;
  conveyor.id = "conveyor";
  conveyor.mode = scenario::HinterlandMode::conveyor;
  conveyor.capacity_per_h = 1000.0;
  s.hinterland.push_back(conveyor);
  scenario::Company plant;
  plant.id = "plant";
  plant.consumption_per_h = 100.0;
  plant.buffer_h = buffer_days * 24.0;
  plant.supplied_by = 0;
  s.companies.push_back(plant);
  return s;
}

TEST(FirstShortage, IsWhenTheBufferRunsOut) {
  // 4800 units of stock at 100/h: out at 48 h exactly.
  const PortRunResult r = run_port(plant_without_supply(2.0, 0.0), PortRunOptions{});
  ASSERT_EQ(r.companies.size(), 1U);
  EXPECT_NEAR(r.companies[0].first_shortage_h, 48.0, kExact);
}

TEST(FirstShortage, FallsInsideTheHourWhenTheLastStockCoversPartOfIt) {
  // 4850 units: the hour 48-49 h finds 50 of its 100: out at 48.5 h.
  const PortRunResult r = run_port(plant_without_supply(48.5 / 24.0, 0.0), PortRunOptions{});
  EXPECT_NEAR(r.companies[0].first_shortage_h, 48.5, kExact);
}

TEST(FirstShortage, IsTheWarmUpEndForACompanyAlreadyShortThen) {
  const PortRunResult r = run_port(plant_without_supply(2.0, 100.0), PortRunOptions{});
  EXPECT_NEAR(r.companies[0].first_shortage_h, 100.0, kExact);
}

TEST(FirstShortage, IsMinusOneForACompanyNeverShort) {
  const PortRunResult r = run_port(plant_without_supply(30.0, 0.0), PortRunOptions{});
  EXPECT_EQ(r.companies[0].first_shortage_h, -1.0);
}

TEST(HandledSeries, GivesBulkTerminalsACumulativeCargoCurve) {
  // A dry bulk terminal: 3000 t per call discharged at 500 t/h (6 h), calls
  // at 48, 72, 96 h; the sampled curve counts work in progress as done so far.
  Scenario s = clockwork(24.0 * 5);
  s.settings.sample_interval_h = 1.0;
  s.terminals[0].cargo = scenario::CargoKind::dry_bulk;
  s.terminals[0].crane_groups[0].productivity_per_h = kernel::Deterministic(500.0);
  auto& vc = s.traffic.vessel_classes[0];
  vc.cargo = scenario::CargoKind::dry_bulk;
  vc.call_size = kernel::Deterministic(3000.0);
  vc.import_share = 1.0;
  vc.transshipment_share = 0.0;
  scenario::HinterlandOperator conveyor;
  conveyor.id = "conveyor";
  conveyor.mode = scenario::HinterlandMode::conveyor;
  conveyor.capacity_per_h = 1000.0;
  s.hinterland.push_back(conveyor);
  const PortRunResult r = run_port(s, PortRunOptions{});
  const Series& series = r.series;
  ASSERT_EQ(series.handled.size(), series.time_h.size() * series.terminals);
  auto at = [&](double t) {
    for (std::size_t i = 0; i < series.time_h.size(); ++i) {
      if (series.time_h[i] == t) return series.handled[i];
    }
    return -1.0;
  };
  EXPECT_EQ(at(47.0), 0.0);
  EXPECT_EQ(at(50.0), 1000.0);  // 2 h at 500 t/h
  EXPECT_EQ(at(53.0), 2500.0);
  EXPECT_EQ(at(55.0), 3000.0);
  EXPECT_EQ(at(77.0), 5500.0);
  EXPECT_EQ(at(79.0), 6000.0);
  EXPECT_EQ(at(103.0), 9000.0);
  EXPECT_EQ(series.teu_handled.back(), 0.0);
}

// SCHEDULE RELIABILITY (run.hpp) on the clockwork port: calls at 48, 72 and 96 h of 300 moves,
// one crane at 30 moves/h, so the planned stay is 10 h (300 / (1 x 30)). With a 5-day horizon
// the calls of 48 and 72 h are scheduled (their planned departures 58 and 82 h plus 24 h fall
// within 120 h); the 96 h call's (106 + 24 h) does not.
TEST(ScheduleReliability, EveryCallIsOnScheduleWhenNothingBreaks) {
  const PortRunResult r = run_port(clockwork(24.0 * 5), {});
  EXPECT_EQ(r.kpi.calls_scheduled, 2U);
  EXPECT_EQ(r.kpi.calls_on_schedule, 2U);
  EXPECT_EQ(r.terminals[0].calls_scheduled, 2U);
  for (const VesselVisit& v : r.vessels) {
    EXPECT_NEAR(v.planned_departure_h, v.arrival_h + 10.0, kExact) << v.call;
  }
}

TEST(ScheduleReliability, AVesselHeldMoreThanADayBeyondItsPlanIsLateAndTheNextIsNot) {
  // The quay stops 50-80 h: the 48 h vessel has 60 moves done, the other 240 take 8 h from
  // 80 h, so it leaves at 88 h, 30 h after its plan: late. The 72 h vessel waits for the
  // berth until 88 h and leaves at 98 h, 16 h after its plan: on schedule.
  PortRunOptions options;
  options.model.capacity_changes = {{"t.quay", 50.0, 0.0}, {"t.quay", 80.0, 1.0}};
  const PortRunResult r = run_port(clockwork(24.0 * 5), options);
  EXPECT_EQ(r.kpi.calls_scheduled, 2U);
  EXPECT_EQ(r.kpi.calls_on_schedule, 1U);
  EXPECT_EQ(r.terminals[0].calls_on_schedule, 1U);
  // A 20 h stop (50-70 h) leaves the first 20 h late, within the day: both on schedule.
  options.model.capacity_changes = {{"t.quay", 50.0, 0.0}, {"t.quay", 70.0, 1.0}};
  EXPECT_EQ(run_port(clockwork(24.0 * 5), options).kpi.calls_on_schedule, 2U);
}

TEST(ScheduleReliability, APlannedStayFromTheScheduleCountsEarlyDeparturesToo) {
  // A class's planned stay of 40 h: planned departures 88 and 112 h (both scheduled in 6
  // days, the 96 h call's 136 + 24 h is not); leaving at 58 and 82 h is 30 h early: neither
  // is on schedule, as in the liner statistics, which count early as unreliable.
  Scenario s = clockwork(24.0 * 6);
  s.traffic.vessel_classes[0].planned_stay_h = 40.0;
  const PortRunResult r = run_port(s, {});
  EXPECT_EQ(r.kpi.calls_scheduled, 2U);
  EXPECT_EQ(r.kpi.calls_on_schedule, 0U);
  s.traffic.vessel_classes[0].planned_stay_h = 30.0;  // 20 h early: on schedule
  EXPECT_EQ(run_port(s, {}).kpi.calls_on_schedule, 2U);
}

}  // namespace
}  // namespace porttwin::port
