// A terminal's parts (terminal.hpp, PARTS AND EQUIPMENT LEVELS and STOPPED
// MEANS STOPPED): the quay, yard, gates, rail and barge sides stop on their
// own, and a stopped part moves nothing. Answers worked out by hand on the
// one-berth clockwork port of test_ports.hpp.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>

#include "porttwin/metrics/costs.hpp"
#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::HinterlandMode;
using scenario::Scenario;
using testing::clockwork;

constexpr double kExact = 1e-9;

const VesselVisit& visit_of_call_arriving_at(const PortRunResult& r, double arrival_h) {
  for (const VesselVisit& v : r.vessels) {
    if (std::abs(v.arrival_h - arrival_h) < 1e-6) return v;
  }
  ADD_FAILURE() << "no visit arriving at " << arrival_h << " h";
  static const VesselVisit none;
  return none;
}

TEST(QuayPart, AStoppedQuayGivesOutNoBerthAndTheWaitIsTheOutage) {
  // Quay stopped 40-60 h. The vessel of 48 h waits until 60 h (not berthed at
  // a dead quay with wait 0), then works 10 h: 22 h in port; the vessels of
  // 72 and 96 h are untouched (10 h each).
  const Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.quay", 40.0, 0.0}, {"t.quay", 60.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.kpi.vessel_calls, 3U);
  EXPECT_NEAR(visit_of_call_arriving_at(r, 48.0).berthed_h, 60.0, kExact);
  EXPECT_NEAR(r.kpi.mean_wait_h, 12.0 / 3.0, kExact);
  EXPECT_NEAR(r.kpi.mean_time_in_port_h, (22.0 + 10.0 + 10.0) / 3.0, kExact);
}

TEST(QuayPart, TheCargoAboardAVesselWaitingAtAStoppedQuayWaitsWithIt) {
  // CARGO ABOARD TIME COST (metrics/costs.hpp): the vessel of 48 h waits until 60 h with all
  // of its discharge cargo aboard, then works as it would have from 48 h: 12 h more of one
  // call's discharge cargo aboard, and nothing else changes. Every call brings the same.
  const Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.quay", 40.0, 0.0}, {"t.quay", 60.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  const TerminalSummary& t = r.terminals.at(0);
  ASSERT_EQ(t.cargo_arrived, normal.terminals.at(0).cargo_arrived);
  const double per_call = t.cargo_arrived / static_cast<double>(r.vessels.size());
  ASSERT_GT(per_call, 0.0);
  EXPECT_NEAR(t.aboard_integral_h - normal.terminals.at(0).aboard_integral_h, per_call * 12.0, 1e-6 * per_call);
}

TEST(QuayPart, TheWholeTerminalStoppedGivesOutNoBerthEither) {
  const Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t", 40.0, 0.0}, {"t", 60.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_NEAR(visit_of_call_arriving_at(r, 48.0).berthed_h, 60.0, kExact);
}

TEST(QuayPart, AVesselBerthedAtAStoppingQuayAccruesTheOutageAsTimeInPort) {
  // Berthed at 48 h; 2 h of work (60 moves) before the stop at 50 h; the 240
  // moves left take 8 h from 58 h: it leaves at 66 h, 18 h in port.
  const Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.quay", 50.0, 0.0}, {"t.quay", 58.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  const VesselVisit& v = visit_of_call_arriving_at(r, 48.0);
  EXPECT_NEAR(v.berthed_h, 48.0, kExact);
  EXPECT_NEAR(v.left_h, 66.0, kExact);
}

TEST(QuayPart, NoMoveIsMadeWhileTheQuayIsStopped) {
  Scenario s = clockwork(24.0 * 5);
  s.settings.sample_interval_h = 1.0;
  PortRunOptions options;
  options.model.capacity_changes = {{"t.quay", 50.0, 0.0}, {"t.quay", 80.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  double at_stop = -1.0;
  for (std::size_t i = 0; i < r.series.time_h.size(); ++i) {
    const double t = r.series.time_h[i];
    if (t == 50.0) at_stop = r.series.handled[i];
    if (t > 50.0 && t <= 80.0) {
      EXPECT_EQ(r.series.handled[i], at_stop) << "at " << t << " h";
      EXPECT_EQ(r.series.level[i], 0.0);
    }
  }
  EXPECT_GE(at_stop, 0.0);
}

TEST(QuayPart, TransshipmentCargoDoesNotLeaveOverAStoppedQuay) {
  // The call of 48 h discharges its 150 transshipment moves by 53 h; they
  // would leave at 77 h, but the quay stops at 70 h to the end (120 h):
  // nothing leaves the yard, and no later vessel berths.
  const Scenario s = clockwork(24.0 * 5);
  const double teu = 150.0 * s.traffic.vessel_classes[0].teu_per_move;
  PortRunOptions options;
  options.model.capacity_changes = {{"t.quay", 70.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.terminals.size(), 1U);
  EXPECT_EQ(r.terminals[0].yard_out, 0.0);
  EXPECT_NEAR(r.terminals[0].yard_end, teu, 1e-9);
  // Against the same port with the quay working: both calls' cargo has left.
  const PortRunResult normal = run_port(s, PortRunOptions{});
  EXPECT_NEAR(normal.terminals[0].yard_out, 2.0 * teu, 1e-9);
}

/// clockwork with every call all import (300 boxes), released by customs
/// an hour after arrival, collected an hour after discharge by truck and
/// rail in the given shares, through 100 lanes of 0.01 h (no queue worth
/// the name) and a rail operator with room for everything.
Scenario import_clockwork(double horizon_h, double truck_share, double rail_share) {
  Scenario s = clockwork(horizon_h);
  auto& vc = s.traffic.vessel_classes[0];
  vc.import_share = 1.0;
  vc.transshipment_share = 0.0;
  s.traffic.import_dwell_h = kernel::Deterministic(1.0);
  s.traffic.truck_share = truck_share;
  s.traffic.rail_share = rail_share;
  s.traffic.barge_share = 0.0;
  s.terminals[0].gates = {{"g", 100, kernel::Deterministic(0.01)}};
  scenario::HinterlandOperator road;
  road.id = "road";
  road.mode = HinterlandMode::truck;
  road.capacity_per_h = 1e6;
  scenario::HinterlandOperator rail = road;
  rail.id = "rail";
  rail.mode = HinterlandMode::rail;
  s.hinterland = {road, rail};
  return s;
}

TEST(GatesPart, AThreeDayGateOutageAtConstantImportFlowStrandsThreeDaysOfFlow) {
  // 300 import boxes a day (one call a day from 48 h), all by truck; gates
  // stopped from 48 h to the end at 120 h (three days): each box stays in the
  // yard, 900 in all; with the gates working, none is left (the last call's
  // boxes are collected by 107.5 h).
  const Scenario s = import_clockwork(24.0 * 5, 1.0, 0.0);
  const double per_box = s.traffic.vessel_classes[0].teu_per_move;
  PortRunOptions options;
  options.model.capacity_changes = {{"t.gates", 48.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_NEAR(r.terminals[0].yard_end, 900.0 * per_box, 1e-6);
  EXPECT_EQ(r.kpi.trucks_served, 0U);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  EXPECT_NEAR(normal.terminals[0].yard_end, 0.0, 1e-6);
  EXPECT_EQ(normal.kpi.trucks_served, 900U);
  // The quay worked on: the same calls, the same moves.
  EXPECT_EQ(r.kpi.vessel_calls, normal.kpi.vessel_calls);
  EXPECT_EQ(r.kpi.teu_handled, normal.kpi.teu_handled);
}

TEST(GatesPart, TheStrandedBoxesAreTheCargoHoursTheCargoOwnersPay) {
  // CARGO TIME COST (metrics/costs.hpp) of the outage above, by hand. Each
  // call's 300 boxes enter the yard when its discharge is done (58, 82 and
  // 106 h). With the gates working they leave after their hour's dwell and
  // their truck; with the gates stopped they stay to the end at 120 h:
  // 62 + 38 + 14 = 114 box-hours a box against 1 to 2 for each of 3 calls.
  // At 1 EUR a TEU-hour that is what the cargo owners pay; the hauliers pay
  // nothing (no truck came), and with no rate nothing is priced.
  Scenario s = import_clockwork(24.0 * 5, 1.0, 0.0);
  s.terminals[0].cargo_time_cost_eur_per_unit_h = 1.0;
  s.terminals[0].truck_time_cost_eur_per_h = 50.0;
  const double per_box = s.traffic.vessel_classes[0].teu_per_move;
  PortRunOptions options;
  options.model.capacity_changes = {{"t.gates", 48.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  const metrics::CostInputs in{
      .scenario = s, .terminal = 0, .baseline = normal.terminals[0], .disrupted = r.terminals[0]};
  const auto costs = metrics::terminal_costs(in);
  const auto component = [](std::string_view figure) {
    for (std::size_t i = 0; i < metrics::kCostCount; ++i) {
      if (metrics::kCostComponents[i].figure == figure) return i;
    }
    ADD_FAILURE() << "no cost component " << figure;
    return std::size_t{0};
  };
  const std::size_t cargo_row = component("cargo_time_cost_eur"), aboard_row = component("cargo_aboard_time_cost_eur"),
                    truck_row = component("truck_time_cost_eur");
  const double cargo = costs[cargo_row];
  EXPECT_NEAR(r.terminals[0].yard_integral_h, 300.0 * 114.0 * per_box, 1e-6);
  // The baseline's boxes stay their hour's dwell and then wait for their truck:
  // at least 900 box-hours, and well under two hours a box.
  EXPECT_GE(normal.terminals[0].yard_integral_h, 900.0 * per_box - 1e-6);
  EXPECT_LT(normal.terminals[0].yard_integral_h, 1800.0 * per_box);
  EXPECT_GT(cargo, 300.0 * (114.0 - 6.0) * per_box);
  EXPECT_LE(cargo, 300.0 * (114.0 - 3.0) * per_box + 1e-6);
  EXPECT_NEAR(cargo, r.terminals[0].yard_integral_h - normal.terminals[0].yard_integral_h, 1e-6);
  EXPECT_EQ(metrics::kCostComponents[cargo_row].bearer, metrics::Bearer::cargo_owners);
  // The quay worked as in the baseline: the cargo aboard waited as long, and costs nothing more.
  EXPECT_EQ(metrics::kCostComponents[aboard_row].bearer, metrics::Bearer::cargo_owners);
  EXPECT_GT(r.terminals[0].aboard_integral_h, 0.0);
  EXPECT_EQ(costs[aboard_row], 0.0);
  // No truck was served in the outage and its baseline's waited about nothing: the
  // hauliers' cost is the baseline's wait, negative and small.
  EXPECT_LE(costs[truck_row], 0.0);
  EXPECT_GT(costs[truck_row], -900.0 * 0.05 * 50.0);
  const auto bearers = metrics::by_bearer(costs);
  EXPECT_DOUBLE_EQ(bearers[1], cargo);
  EXPECT_DOUBLE_EQ(bearers[2], costs[truck_row]);
  s.terminals[0].cargo_time_cost_eur_per_unit_h = 0.0;
  EXPECT_EQ(metrics::cargo_time_cost(
                {.scenario = s, .terminal = 0, .baseline = normal.terminals[0], .disrupted = r.terminals[0]}),
            0.0);
}

TEST(RailPart, AStoppedRailSideHoldsRailBatchesAndLeavesTheGatesWorking) {
  // Half by truck, half by rail (150 boxes each per call); rail side stopped
  // all run: the rail half of the three calls stays, the truck half leaves.
  const Scenario s = import_clockwork(24.0 * 5, 0.5, 0.5);
  const double per_box = s.traffic.vessel_classes[0].teu_per_move;
  PortRunOptions options;
  options.model.capacity_changes = {{"t.rail", 0.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_NEAR(r.terminals[0].yard_end, 450.0 * per_box, 1e-6);
  EXPECT_EQ(r.kpi.trucks_served, 450U);
}

TEST(RailPart, HeldRailTripsGoAgainWhenTheSideIsBackAtTheOperatorsCapacity) {
  // Rail stopped 48-100 h. The rail halves (150 boxes) of the calls of 48 and 72 h fall due
  // at 59 and 83 h (10 h of discharge, 1 h dwell) and their trains come while it is stopped;
  // under HELD TRIPS GO AGAIN the operator runs them again at 100 h, on the same path as the
  // first time (offer, trip, pre-notification through the PCS), so each stays in the yard
  // 100 - its due time longer than with the rail side working: 41 h and 17 h. The call of
  // 96 h's rail half comes after the restart: nothing is left at the end (144 h).
  const Scenario s = import_clockwork(24.0 * 6, 0.5, 0.5);
  const double batch_teu = 150.0 * s.traffic.vessel_classes[0].teu_per_move;
  PortRunOptions options;
  options.model.capacity_changes = {{"t.rail", 48.0, 0.0}, {"t.rail", 100.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_NEAR(r.terminals[0].yard_end, 0.0, 1e-6);
  EXPECT_NEAR(r.terminals[0].yard_in, r.terminals[0].yard_out, 1e-6);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  // (plus the second's wait for the first's trip at the operator: batch / capacity.)
  const double trip_h = batch_teu / s.hinterland[1].capacity_per_h;
  EXPECT_NEAR(r.terminals[0].yard_sojourn_h - normal.terminals[0].yard_sojourn_h, batch_teu * (41.0 + 17.0 + trip_h),
              1e-6);
  // Cut at 120 h, both are gone (SLOTS SHIFT would have kept the second until about 135 h).
  const PortRunResult cut = run_port(import_clockwork(24.0 * 5, 0.5, 0.5), options);
  EXPECT_NEAR(cut.terminals[0].yard_end, 0.0, 1e-6);
  // The operator runs them at its capacity: at one batch an hour the second train of 100 h
  // waits for the first, an hour more (the normal run's trains, a day apart, never wait).
  Scenario slow = s;
  slow.hinterland[1].capacity_per_h = batch_teu;
  const PortRunResult limited = run_port(slow, options);
  const PortRunResult limited_normal = run_port(slow, PortRunOptions{});
  EXPECT_NEAR(limited.terminals[0].yard_sojourn_h - limited_normal.terminals[0].yard_sojourn_h,
              batch_teu * (41.0 + 17.0 + 1.0), 1e-6);
}

TEST(Systems, ASystemDownStopsExactlyThePartsThatDependOnIt) {
  // A landside system the gates and the rail side need: down all run, the
  // quay works on and the yard keeps every import box (as the gates and rail
  // stopped by themselves would); the terminal's other parts are untouched.
  Scenario s = import_clockwork(24.0 * 5, 0.5, 0.5);
  scenario::TerminalSystem landside;
  landside.id = "t.landside";
  landside.stops[static_cast<std::size_t>(scenario::TerminalPart::gates)] = true;
  landside.stops[static_cast<std::size_t>(scenario::TerminalPart::rail)] = true;
  s.terminals[0].systems.push_back(landside);
  const double per_box = s.traffic.vessel_classes[0].teu_per_move;
  PortRunOptions options;
  options.model.capacity_changes = {{"t.landside", 0.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_NEAR(r.terminals[0].yard_end, 900.0 * per_box, 1e-6);
  EXPECT_EQ(r.kpi.trucks_served, 0U);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  EXPECT_EQ(r.kpi.vessel_calls, normal.kpi.vessel_calls);
  EXPECT_EQ(r.kpi.mean_time_in_port_h, normal.kpi.mean_time_in_port_h);
}

TEST(Systems, APartWorksAtTheLowestLevelOfItsSystemsTimesItsOwn) {
  // Two systems the quay needs, at 0.5 and 0.8, and the quay's own level
  // 0.5: the quay factor is 0.5 x min(0.5, 0.8) = 0.25, so the first call's
  // 300 moves at 30/h take 40 h instead of 10.
  Scenario s = clockwork(24.0 * 5);
  for (const char* id : {"t.tos", "t.crane_control"}) {
    scenario::TerminalSystem system;
    system.id = id;
    system.stops[static_cast<std::size_t>(scenario::TerminalPart::quay)] = true;
    s.terminals[0].systems.push_back(system);
  }
  PortRunOptions options;
  options.model.capacity_changes = {{"t.tos", 0.0, 0.5}, {"t.crane_control", 0.0, 0.8}, {"t.quay", 0.0, 0.5}};
  const PortRunResult r = run_port(s, options);
  const VesselVisit& v = visit_of_call_arriving_at(r, 48.0);
  EXPECT_NEAR(v.left_h - v.berthed_h, 40.0, kExact);
}

TEST(YardPart, AStoppedYardStopsQuayGatesAndRail) {
  // The yard is what every side moves boxes with: stopped all run, nothing
  // berths and nothing leaves.
  const Scenario s = import_clockwork(24.0 * 5, 0.5, 0.5);
  PortRunOptions options;
  options.model.capacity_changes = {{"t.yard", 0.0, 0.0}};
  const PortRunResult r = run_port(s, options);
  EXPECT_EQ(r.kpi.vessel_calls, 0U);
  EXPECT_EQ(r.terminals[0].yard_out, 0.0);
}

TEST(Parts, EveryPartAtOneLeavesTheRunExactlyAsItWas) {
  const Scenario s = import_clockwork(24.0 * 5, 0.5, 0.5);
  PortRunOptions options;
  for (const auto part : scenario::words_of<scenario::TerminalPart>) {
    options.model.capacity_changes.push_back({"t." + std::string(part), 30.0, 1.0});
  }
  const PortRunResult r = run_port(s, options);
  const PortRunResult normal = run_port(s, PortRunOptions{});
  EXPECT_EQ(r.kpi.mean_time_in_port_h, normal.kpi.mean_time_in_port_h);
  EXPECT_EQ(r.kpi.mean_truck_wait_h, normal.kpi.mean_truck_wait_h);
  EXPECT_EQ(r.terminals[0].yard_sojourn_h, normal.terminals[0].yard_sojourn_h);
  EXPECT_EQ(r.terminals[0].yard_integral_h, normal.terminals[0].yard_integral_h);
}

}  // namespace
}  // namespace porttwin::port
