// Capacity changes, outages, patience and buffers: the model's behaviour when
// something is taken away, against answers worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "porttwin/kernel/error.hpp"
#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;
using testing::clockwork;
using testing::container_port;

TEST(CapacityChange, WorkInProgressResumesAtTheNewRate) {
  // Vessels arrive at 48 h + 24 h k (notification lead 48 h). The second
  // vessel (arrives 72 h, work until 82 h) is stopped from 75 h to 79 h:
  // 3 h done, 7 h left after 79 h, so it leaves at 86 h: 14 h in port.
  Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t", 75.0, 0.0}, {"t", 79.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  // Calls arriving at 48, 72 and 96 h complete; the one at 120 h is at the horizon.
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, (10.0 + 14.0 + 10.0) / 3.0, 1e-6);
}

TEST(CapacityChange, TheScenariosOwnScheduledChangesApply) {
  // The same stop as above, declared in the scenario instead of the options.
  Scenario s = clockwork(24.0 * 5);
  s.capacity_changes = {{"t", 75.0, 0.0}, {"t", 79.0, 1.0}};
  const PortRunResult r = run_port(s, PortRunOptions{});
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, (10.0 + 14.0 + 10.0) / 3.0, 1e-6);
}

TEST(CapacityChange, HalfLevelDoublesTheRemainingHandlingTime) {
  // Second vessel: 3 h at full rate (90 moves), then 210 moves at 15/h = 14 h.
  Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t", 75.0, 0.5}, {"t", 95.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, (10.0 + 17.0 + 10.0) / 3.0, 1e-6);
}

TEST(CapacityChange, AStoppedTerminalQueuesVesselsAndRecoversAfterwards) {
  Scenario s = container_port(24.0 * 60);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  PortRunOptions options;
  options.model.capacity_changes = {{"north", 24.0 * 20, 0.0}, {"north", 24.0 * 23, 1.0}};
  const PortRunResult stopped = run_port(s, options);
  // (The mean wait of berthed vessels can even fall: the longest waiters divert.)
  EXPECT_GT(stopped.kpi.mean_vessels_waiting, normal.kpi.mean_vessels_waiting);
  EXPECT_GT(stopped.kpi.vessels_diverted + stopped.kpi.vessels_left_port,
            normal.kpi.vessels_diverted + normal.kpi.vessels_left_port);
  // While stopped, north handles nothing: its cumulative TEU is flat.
  const Series& series = stopped.series;
  double at_start = -1, at_end = -1;
  for (std::size_t i = 0; i < series.time_h.size(); ++i) {
    if (series.time_h[i] == 24.0 * 20 + 6.0) at_start = series.teu_handled[i * series.terminals + 0];
    if (series.time_h[i] == 24.0 * 23) at_end = series.teu_handled[i * series.terminals + 0];
    if (series.time_h[i] > 24.0 * 20 && series.time_h[i] <= 24.0 * 23) {
      EXPECT_EQ(series.level[i * series.terminals + 0], 0.0);
    }
  }
  EXPECT_GE(at_start, 0.0);
  EXPECT_EQ(at_start, at_end);
}

TEST(PcsOutage, MessagesAreHeldAndClearancesComeLate) {
  Scenario s = clockwork(24.0 * 10);
  PortRunOptions options;
  // PCS down from 30 h to 100 h: the notifications for the vessels of 72 h
  // and 96 h (sent at 24 h + 24 h k) wait; those vessels wait for clearance.
  options.model.capacity_changes = {{"pcs", 30.0, 0.0}, {"pcs", 100.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_GT(r.kpi.pcs_messages_held, 0U);
  EXPECT_GE(r.kpi.late_clearances, 2U);
  EXPECT_GT(r.kpi.mean_wait_h, 0.0);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  EXPECT_EQ(normal.kpi.mean_wait_h, 0.0);
  EXPECT_EQ(normal.kpi.late_clearances, 0U);
}

TEST(Patience, AVesselWaitingTooLongLeavesThePortAndIsCounted) {
  Scenario s = clockwork(24.0 * 10);
  s.traffic.vessel_classes[0].patience_h = 6.0;
  PortRunOptions options;
  // The vessel of 96 h is cleared only after 110 h: 14 h of waiting.
  options.model.capacity_changes = {{"pcs", 30.0, 0.0}, {"pcs", 110.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  // Not cleared after 6 h of waiting: no other terminal can take it uncleared.
  EXPECT_GE(r.kpi.vessels_left_port, 1U);
  EXPECT_EQ(r.kpi.vessels_diverted, 0U);
}

TEST(Patience, AClearedVesselDivertsToAnotherTerminalThatFits) {
  Scenario s = container_port(24.0 * 40);
  PortRunOptions options;
  options.model.capacity_changes = {{"south", 0.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_GT(r.kpi.vessels_diverted, 0U);
  // South never works: every call that completes, completes at north.
  EXPECT_EQ(r.terminals.at(1).calls, 0U);
  EXPECT_GT(r.terminals.at(0).calls, 0U);
}

TEST(CompanyBuffer, ACompanyWithoutSupplyRunsOnItsBufferThenStops) {
  Scenario s = clockwork(24.0 * 10);
  scenario::Company plant;
  plant.id = "plant";
  plant.consumption_per_h = 100.0;
  plant.buffer_h = 48.0;
  scenario::HinterlandOperator conveyor;
  conveyor.id = "conveyor";
  conveyor.mode = scenario::HinterlandMode::conveyor;
  conveyor.capacity_per_h = 1000.0;
  s.hinterland.push_back(conveyor);
  plant.supplied_by = 0;
  s.companies.push_back(plant);
  const PortRunResult r = run_port(s, PortRunOptions{});
  ASSERT_EQ(r.companies.size(), 1U);
  // 48 h of stock, consumed hourly from 1 h: hours 49..239 are short (the
  // consumption at 240 h is at the horizon and not processed).
  EXPECT_EQ(r.companies[0].shortage_h, 239.0 - 48.0);
  EXPECT_NEAR(r.companies[0].consumed, 4800.0, 1e-9);
}

/// The clockwork port as a bulk terminal: 3,000 t a day (one call from 48 h, discharged at
/// 500 t/h, 12 h dwell) for a plant that consumes 100 t/h from a 72 h buffer, supplied by one
/// operator of `mode` at 1,000 t/h.
Scenario plant_port(double horizon_h, scenario::HinterlandMode mode) {
  Scenario s = clockwork(horizon_h);
  s.terminals[0].cargo = scenario::CargoKind::dry_bulk;
  auto& vc = s.traffic.vessel_classes[0];
  vc.cargo = scenario::CargoKind::dry_bulk;
  vc.import_share = 1.0;
  vc.transshipment_share = 0.0;
  vc.call_size = kernel::Deterministic(3000.0);  // t per call, one call a day
  s.terminals[0].crane_groups[0].productivity_per_h = kernel::Deterministic(500.0);
  s.traffic.import_dwell_h = kernel::Deterministic(12.0);
  scenario::HinterlandOperator supplier;
  supplier.id = "supplier";
  supplier.mode = mode;
  supplier.capacity_per_h = 1000.0;
  s.hinterland.push_back(supplier);
  scenario::Company plant;
  plant.id = "plant";
  plant.consumption_per_h = 100.0;  // 2400 t a day, less than the 3000 t arriving
  plant.buffer_h = 72.0;
  plant.supplied_by = 0;
  s.companies.push_back(plant);
  vc.consignee = 0;
  return s;
}

TEST(CompanyBuffer, DeliveriesFromBulkCallsKeepThePlantRunning) {
  const PortRunResult r = run_port(plant_port(24.0 * 30, scenario::HinterlandMode::conveyor), PortRunOptions{});
  EXPECT_EQ(r.companies[0].shortage_h, 0.0);
  EXPECT_GT(r.companies[0].received, 20 * 3000.0);
  EXPECT_NEAR(r.kpi.bulk_t_handled, 3000.0 * static_cast<double>(r.kpi.vessel_calls), 1e-6);
}

TEST(CompanyBuffer, AStoppedTerminalSuppliesNothingUntilItWorksAgain) {
  // The plant is supplied by rail from its bulk terminal, whose rail side is stopped from 0 to
  // 240 h: the calls are still discharged into the yard (the quay works), but nothing reaches
  // the plant, which runs on its 72 h buffer and then stops; when the rail side works again the
  // held trains go on.
  PortRunOptions stopped;
  stopped.model.capacity_changes = {{"t.rail", 0.0, 0.0}};
  const PortRunResult during = run_port(plant_port(240.0, scenario::HinterlandMode::rail), stopped);
  EXPECT_NEAR(during.terminals[0].yard_end, 8 * 3000.0, 1e-6) << "the calls of 48-216 h are discharged and held";
  EXPECT_EQ(during.companies[0].received, 0.0) << "the plant got cargo its stopped terminal still holds";
  EXPECT_EQ(during.companies[0].shortage_h, 239.0 - 72.0);
  stopped.model.capacity_changes.push_back({"t.rail", 240.0, 1.0});
  const PortRunResult after = run_port(plant_port(24.0 * 20, scenario::HinterlandMode::rail), stopped);
  EXPECT_GT(after.companies[0].received, 8 * 3000.0);
}

TEST(Setup, AVesselClassThatFitsNoBerthIsRefusedWithItsName) {
  Scenario s = clockwork(24.0);
  s.traffic.vessel_classes[0].length_m = 500.0;
  try {
    (void)run_port(s, PortRunOptions{});
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("'ship' fits no berth"), std::string::npos) << e.what();
  }
}

TEST(Setup, ACapacityChangeOfAnUnknownNodeIsRefused) {
  Scenario s = clockwork(24.0);
  PortRunOptions options;
  options.model.capacity_changes = {{"nowhere", 1.0, 0.0}};
  EXPECT_THROW((void)run_port(s, options), ScenarioError);
}

}  // namespace
}  // namespace porttwin::port
