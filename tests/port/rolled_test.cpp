// ROLLED EXPORTS (port/terminal.hpp): export cargo in the yard whose vessel
// left without it waits for a later sailing, and a call starting its load
// takes it, oldest first, up to its class's rolled_space share of its own
// export load; what no call takes leaves after another export dwell.
// EXPORT WINDOW (berth): export cargo comes its dwell before the expected
// berthing, so a terminal whose vessels wait defers it.
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;

/// container_port for 12 days with both quays stopped 100-160 h: vessels out
/// of patience leave (some from the berth), their exports in the yard roll.
PortRunResult stopped_run(double rolled_space) {
  Scenario s = testing::container_port(24.0 * 12);
  for (auto& vc : s.traffic.vessel_classes) vc.rolled_space = rolled_space;
  PortRunOptions options;
  options.model.capacity_changes = {
      {"north.quay", 100.0, 0.0}, {"south.quay", 100.0, 0.0}, {"north.quay", 160.0, 1.0}, {"south.quay", 160.0, 1.0}};
  return run_port(s, options);
}

double total(const PortRunResult& r, double TerminalSummary::*field) {
  double sum = 0.0;
  for (const TerminalSummary& t : r.terminals) sum += t.*field;
  return sum;
}

TEST(RolledExports, WithoutSpaceNoLaterCallTakesThem) {
  const PortRunResult r = stopped_run(0.0);
  EXPECT_GT(total(r, &TerminalSummary::rolled), 100.0) << "the case should roll exports";
  EXPECT_EQ(total(r, &TerminalSummary::rolled_loaded), 0.0);
}

TEST(RolledExports, LaterCallsTakeThemUpToTheirSpaceAndTheYardStillBalances) {
  const PortRunResult none = stopped_run(0.0);
  const PortRunResult some = stopped_run(0.1);
  const PortRunResult all = stopped_run(1.0);
  for (const PortRunResult* r : {&some, &all}) {
    EXPECT_GT(total(*r, &TerminalSummary::rolled_loaded), 0.0);
    for (const TerminalSummary& t : r->terminals) {
      EXPECT_LE(t.rolled_loaded, t.rolled * (1.0 + 1e-12)) << t.id;
      EXPECT_NEAR(t.rolled, t.rolled_loaded + t.rolled_expired + t.rolled_end, 1e-9 * std::max(1.0, t.rolled)) << t.id;
      EXPECT_NEAR(t.yard_in, t.yard_out + t.yard_end, 1e-9 * std::max(1.0, t.yard_in)) << t.id;
      EXPECT_GE(t.yard_end, -1e-6 * std::max(1.0, t.yard_in)) << t.id;
    }
  }
  // More space takes more of what rolled.
  const auto loaded_share = [](const PortRunResult& r) {
    return total(r, &TerminalSummary::rolled_loaded) / total(r, &TerminalSummary::rolled);
  };
  EXPECT_LT(loaded_share(some), loaded_share(all));
  // The cargo a later call takes leaves on it: it is handled on the quay
  // (TEU handled grows by about what was taken after the warm-up; the runs
  // diverge a little, so only the direction is exact).
  EXPECT_GT(all.kpi.teu_handled, none.kpi.teu_handled);
}

// traffic.dwell.rolled: how long rolled cargo waits for a later call (by default the export dwell).
PortRunResult stopped_run_waiting(double rolled_space, kernel::Distribution wait_h) {
  Scenario s = testing::container_port(24.0 * 12);
  for (auto& vc : s.traffic.vessel_classes) vc.rolled_space = rolled_space;
  s.traffic.rolled_wait_h = std::move(wait_h);
  PortRunOptions options;
  options.model.capacity_changes = {
      {"north.quay", 100.0, 0.0}, {"south.quay", 100.0, 0.0}, {"north.quay", 160.0, 1.0}, {"south.quay", 160.0, 1.0}};
  return run_port(s, options);
}

TEST(RolledExports, CargoWaitsItsRolledWaitForALaterCall) {
  // A wait of 0: it leaves the instant it rolls, and no call takes any.
  const PortRunResult at_once = stopped_run_waiting(0.1, kernel::Deterministic(0.0));
  EXPECT_GT(total(at_once, &TerminalSummary::rolled), 100.0);
  EXPECT_EQ(total(at_once, &TerminalSummary::rolled_loaded), 0.0);
  EXPECT_NEAR(total(at_once, &TerminalSummary::rolled_expired), total(at_once, &TerminalSummary::rolled), 1e-9);
  // Longer than the run: none leaves without a vessel; what no call took is still waiting.
  const PortRunResult long_wait = stopped_run_waiting(0.1, kernel::Deterministic(1000.0));
  EXPECT_EQ(total(long_wait, &TerminalSummary::rolled_expired), 0.0);
  EXPECT_GT(total(long_wait, &TerminalSummary::rolled_loaded), 0.0);
  for (const TerminalSummary& t : long_wait.terminals) {
    EXPECT_NEAR(t.rolled, t.rolled_loaded + t.rolled_end, 1e-9 * std::max(1.0, t.rolled)) << t.id;
  }
  // Not given (a negative mean): the export dwell, as before the parameter.
  const PortRunResult unset = stopped_run_waiting(0.1, kernel::Deterministic(-1.0));
  const PortRunResult dwell = stopped_run_waiting(0.1, testing::container_port(24.0 * 12).traffic.export_dwell_h);
  EXPECT_EQ(unset.run.trace_hash, dwell.run.trace_hash);
  EXPECT_EQ(unset.run.trace_hash, stopped_run(0.1).run.trace_hash);
}

TEST(RolledExports, IsTheSameOnEveryScheduler) {
  Scenario s = testing::container_port(24.0 * 12);
  for (auto& vc : s.traffic.vessel_classes) vc.rolled_space = 0.5;
  PortRunOptions options;
  options.model.capacity_changes = {{"north.quay", 100.0, 0.0}, {"north.quay", 160.0, 1.0}};
  const PortRunResult sequential = run_port(s, options);
  options.scheduler = kernel::SchedulerKind::parallel;
  options.threads = 2;
  const PortRunResult parallel = run_port(s, options);
  EXPECT_EQ(sequential.run.trace_hash, parallel.run.trace_hash);
  EXPECT_EQ(sequential.kpi, parallel.kpi);
}

/// The stopped run of the rolled tests with every terminal's export window at `window`.
PortRunResult window_run(scenario::ExportWindow window,
                         kernel::SchedulerKind scheduler = kernel::SchedulerKind::sequential) {
  Scenario s = testing::container_port(24.0 * 12);
  for (auto& t : s.terminals) t.export_window = window;
  PortRunOptions options;
  options.model.capacity_changes = {{"north.quay", 100.0, 0.0}, {"north.quay", 160.0, 1.0}};
  options.scheduler = scheduler;
  options.threads = scheduler == kernel::SchedulerKind::parallel ? 2 : 1;
  return run_port(s, options);
}

TEST(ExportWindow, AtTheEtaNothingIsDeferred) {
  const PortRunResult r = window_run(scenario::ExportWindow::eta);
  for (const TerminalSummary& t : r.terminals) EXPECT_EQ(t.exports_deferred, 0U) << t.id;
}

TEST(ExportWindow, AtTheBerthExportsForVesselsExpectedLateAreDeferredAndNothingIsLost) {
  const PortRunResult eta = window_run(scenario::ExportWindow::eta);
  const PortRunResult berth = window_run(scenario::ExportWindow::berth);
  // North's vessels wait through its stop: once they berth, the waits the
  // terminal expects defer the exports of the next ones.
  EXPECT_GT(berth.terminals[0].exports_deferred, 0U);
  EXPECT_NE(berth.run.trace_hash, eta.run.trace_hash);
  for (const TerminalSummary& t : berth.terminals) {
    EXPECT_NEAR(t.yard_in, t.yard_out + t.yard_end, 1e-9 * std::max(1.0, t.yard_in)) << t.id;
    EXPECT_NEAR(t.rolled, t.rolled_loaded + t.rolled_expired + t.rolled_end, 1e-9 * std::max(1.0, t.rolled)) << t.id;
  }
  // Deferred cargo still comes: the port handles about as much (within 2%).
  EXPECT_NEAR(berth.kpi.teu_handled, eta.kpi.teu_handled, 0.02 * eta.kpi.teu_handled);
}

TEST(ExportWindow, IsTheSameOnEveryScheduler) {
  const PortRunResult sequential = window_run(scenario::ExportWindow::berth);
  const PortRunResult parallel = window_run(scenario::ExportWindow::berth, kernel::SchedulerKind::parallel);
  EXPECT_EQ(sequential.run.trace_hash, parallel.run.trace_hash);
  EXPECT_EQ(sequential.kpi, parallel.kpi);
}

}  // namespace
}  // namespace porttwin::port
