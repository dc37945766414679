// The summaries run_port adds for the cyber layer (run.hpp): vessel-hours in
// port, a company's first shortage, and the cumulative cargo series, against
// answers worked out by hand.
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

}  // namespace
}  // namespace porttwin::port
