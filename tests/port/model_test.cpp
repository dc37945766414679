// The port model against known answers: Erlang C for the berth queue,
// Little's law, conservation of cargo, and bit-identical runs on every
// scheduler and thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;
using testing::container_port;
using testing::mmc;

/// Mean wait in queue of M/M/c (Erlang C), computed here from the formula:
/// P(wait) = (a^c / c!) / (1 - rho) / (sum_{k<c} a^k / k! + (a^c / c!) / (1 - rho)),
/// a = c rho, and Wq = P(wait) / (c mu - lambda).
double erlang_c_wait(unsigned c, double rho, double service_h) {
  const double a = c * rho;
  double term = 1.0;  // a^k / k!
  double sum = 0.0;
  for (unsigned k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term / (1.0 - rho);
  const double p_wait = tail / (sum + tail);
  const double mu = 1.0 / service_h;
  return p_wait / (c * mu - c * rho * mu);
}

TEST(ErlangC, FormulaMatchesPublishedM_M_1Value) {
  // M/M/1: Wq = rho / (mu - lambda) = rho^2 / (lambda (1 - rho)).
  EXPECT_NEAR(erlang_c_wait(1, 0.5, 1.0), 1.0, 1e-12);
  // M/M/2, rho 0.5, mu 1: P(wait) = 1/3, Wq = (1/3) / (2 - 1) = 1/3.
  EXPECT_NEAR(erlang_c_wait(2, 0.5, 1.0), 1.0 / 3.0, 1e-12);
}

class ErlangCValidation : public ::testing::TestWithParam<std::tuple<unsigned, double>> {};

TEST_P(ErlangCValidation, MeanWaitBeforeBerthingMatchesErlangCWithinThreePercent) {
  const auto [c, rho] = GetParam();
  const double service_h = 10.0;
  // A million customers: over seeds, the estimate then spreads by about 1%
  // (measured for every case here: 0.7-1.3% at 500,000 customers).
  const double customers = 1.0e6;
  const double horizon_h = customers / (rho * c / service_h);
  // Four independent replications on the caller's threads, pooled.
  const std::uint32_t replications = 4;
  const Scenario s = mmc(c, rho, service_h, horizon_h / replications + 2000.0, 2000.0);
  const auto [simulated, calls] = testing::pooled_wait(s, replications);
  const double expected = erlang_c_wait(c, rho, service_h);
  EXPECT_NEAR(simulated / expected, 1.0, 0.03) << "c=" << c << " rho=" << rho << " simulated " << simulated
                                               << " h, Erlang C " << expected << " h over " << calls << " calls";
}

INSTANTIATE_TEST_SUITE_P(BerthsAndUtilisation, ErlangCValidation,
                         ::testing::Combine(::testing::Values(1U, 3U, 8U), ::testing::Values(0.5, 0.85)));

TEST(LittlesLaw, HoldsForTheBerthQueue) {
  const Scenario s = mmc(3, 0.8, 10.0, 200000.0, 1000.0);
  PortRunOptions options;
  options.sample = false;
  const PortRunResult r = run_port(s, options);
  const TerminalSummary& t = r.terminals.at(0);
  const double length = t.queue_integral_h / r.counted_hours;                        // L
  const double rate = static_cast<double>(r.kpi.vessels_arrived) / r.counted_hours;  // lambda
  EXPECT_GT(r.kpi.vessels_arrived, 10000U);
  EXPECT_NEAR(length / (rate * r.kpi.mean_wait_h), 1.0, 0.02);
}

TEST(LittlesLaw, HoldsForTheYard) {
  Scenario s = container_port(24.0 * 400);
  s.settings.warmup_h = 0.0;
  PortRunOptions options;
  const PortRunResult r = run_port(s, options);
  for (const TerminalSummary& t : r.terminals) {
    const double content = t.yard_integral_h / r.counted_hours;  // L, TEU
    const double rate = t.yard_out / r.counted_hours;            // lambda, TEU per hour
    const double stay = t.yard_sojourn_h / t.yard_out;           // W, hours
    EXPECT_GT(t.yard_out, 10000.0) << t.id;
    EXPECT_NEAR(content / (rate * stay), 1.0, 0.03) << t.id;
  }
}

TEST(Conservation, CargoIntoTheYardEqualsCargoOutPlusWhatIsLeft) {
  const PortRunResult r = run_port(container_port(24.0 * 120), PortRunOptions{});
  for (const TerminalSummary& t : r.terminals) {
    EXPECT_GT(t.yard_in, 1000.0) << t.id;
    EXPECT_NEAR(t.yard_in, t.yard_out + t.yard_end, 1e-6 * t.yard_in) << t.id;
  }
}

/// The container port with its calls listed for the first ten days only (a big ship and two
/// feeders every 12 h), run for 25: by the end every export booked has come or been cancelled.
/// Exports come 1-30 h before their vessel, so a stop catches some still outside.
Scenario drained_port() {
  Scenario s = container_port(24.0 * 25);
  s.traffic.export_dwell_h = kernel::Uniform(1.0, 30.0);
  auto& stream = s.traffic.streams[0];
  stream.process = scenario::ArrivalStream::Process::csv;
  for (double t = 2.0; t < 24.0 * 10; t += 12.0) {
    stream.listed.push_back({t, 0});
    stream.listed.push_back({t + 3.0, 1});
    stream.listed.push_back({t + 7.0, 1});
  }
  return s;
}

TEST(Conservation, EveryExportBookedIsReceivedCancelledOrOnItsWay) {
  // Undisturbed, and with both quays stopped 100-160 h (vessels out of patience leave the port,
  // cancelling their exports not yet in), the gates 110-150 h (appointments held) and the rail
  // side 120-200 h (trains held, run again).
  PortRunOptions disrupted;
  disrupted.model.capacity_changes = {
      {"north.quay", 100.0, 0.0},  {"south.quay", 100.0, 0.0},  {"north.quay", 160.0, 1.0}, {"south.quay", 160.0, 1.0},
      {"north.gates", 110.0, 0.0}, {"north.gates", 150.0, 1.0}, {"north.rail", 120.0, 0.0}, {"north.rail", 200.0, 1.0}};
  double cancelled = 0.0;
  for (const PortRunOptions& options : {PortRunOptions{}, disrupted}) {
    const PortRunResult drained = run_port(drained_port(), options);
    for (const TerminalSummary& t : drained.terminals) {
      const ExportBookings& e = t.exports;
      EXPECT_GT(e.booked, 3000.0) << t.id;
      EXPECT_NEAR(e.on_its_way(), 0.0, 1e-6 * e.booked)
          << t.id << ": booked " << e.booked << ", received " << e.received << ", cancelled " << e.cancelled;
      cancelled += e.cancelled;
    }
    // Cut while calls still come, some are on their way, none is counted twice.
    Scenario cut = drained_port();
    cut.settings.horizon_h = 24.0 * 7;
    for (const TerminalSummary& t : run_port(cut, options).terminals) {
      EXPECT_GT(t.exports.on_its_way(), 0.0) << t.id;
      EXPECT_LE(t.exports.on_its_way(), t.exports.booked) << t.id;
    }
  }
  EXPECT_GT(cancelled, 0.0) << "the stopped quays should send vessels out of the port with exports not yet in";
}

TEST(Conservation, EveryTruckOfTheRunCarriedOneBox) {
  const PortRunResult r = run_port(container_port(24.0 * 60), PortRunOptions{});
  EXPECT_GT(r.kpi.trucks_served, 1000U);
  EXPECT_GT(r.kpi.teu_handled, 10000.0);
}

struct SchedulerCase {
  kernel::SchedulerKind scheduler;
  int threads;
};

class SchedulerIndependence : public ::testing::TestWithParam<SchedulerCase> {};

TEST_P(SchedulerIndependence, SameScenarioAndSeedGiveBitIdenticalResults) {
  Scenario s = container_port(24.0 * 45);
  PortRunOptions reference_options;
  reference_options.model.capacity_changes = {
      {"north", 24.0 * 10, 0.0}, {"north", 24.0 * 12, 1.0}, {s.pcs.id, 24.0 * 20, 0.0}, {s.pcs.id, 24.0 * 21, 1.0}};
  const PortRunResult reference = run_port(s, reference_options);
  PortRunOptions options = reference_options;
  options.scheduler = GetParam().scheduler;
  options.threads = GetParam().threads;
  const PortRunResult r = run_port(s, options);
  EXPECT_EQ(r.run.trace_hash, reference.run.trace_hash);
  EXPECT_EQ(r.run.committed_events, reference.run.committed_events);
  EXPECT_EQ(r.kpi.vessel_calls, reference.kpi.vessel_calls);
  EXPECT_EQ(r.kpi.mean_wait_h, reference.kpi.mean_wait_h);  // bit-identical, not near
  EXPECT_EQ(r.kpi.teu_handled, reference.kpi.teu_handled);
  EXPECT_EQ(r.kpi.peak_yard_teu, reference.kpi.peak_yard_teu);
  EXPECT_EQ(r.series.yard, reference.series.yard);
  EXPECT_GT(reference.kpi.vessels_diverted + reference.kpi.vessels_left_port, 0U) << "the case should divert vessels";
}

TEST_P(SchedulerIndependence, EquipmentLevelsAndThePcsManualDeskGiveBitIdenticalResults) {
  Scenario s = container_port(24.0 * 45);
  const std::string& pcs = s.pcs.id;
  PortRunOptions reference_options;
  reference_options.model.capacity_changes = {{"north.qc", 24.0 * 8, 0.5},
                                              {"north.y", 24.0 * 9, 0.0},
                                              {"north.y", 24.0 * 10, 1.0},
                                              {"south.g", 24.0 * 11, 0.0},
                                              {"south.g", 24.0 * 12, 1.0},
                                              {"north.qc", 24.0 * 13, 1.0},
                                              {pcs, 24.0 * 15, 0.0},
                                              {pcs, 24.0 * 15 + 4.0, 0.0, true},
                                              {pcs, 24.0 * 18, 1.0},
                                              {s.port_authority.id, 24.0 * 20, 0.0},
                                              {s.port_authority.id, 24.0 * 21, 0.5},
                                              {s.port_authority.id, 24.0 * 22, 1.0}};
  const PortRunResult reference = run_port(s, reference_options);
  PortRunOptions options = reference_options;
  options.scheduler = GetParam().scheduler;
  options.threads = GetParam().threads;
  const PortRunResult r = run_port(s, options);
  EXPECT_EQ(r.run.trace_hash, reference.run.trace_hash);
  EXPECT_EQ(r.run.committed_events, reference.run.committed_events);
  EXPECT_TRUE(r.kpi == reference.kpi);  // every key figure bit-identical
  EXPECT_EQ(r.series.yard, reference.series.yard);
  EXPECT_EQ(r.series.level, reference.series.level);
  EXPECT_GT(reference.kpi.pcs_messages_manual, 0U) << "the case should use the manual desk";
  EXPECT_GT(reference.kpi.pcs_messages_held, 0U) << "the case should hold messages before the switch-over";
}

INSTANTIATE_TEST_SUITE_P(SequentialAndParallel, SchedulerIndependence,
                         ::testing::Values(SchedulerCase{kernel::SchedulerKind::sequential, 1},
                                           SchedulerCase{kernel::SchedulerKind::parallel, 1},
                                           SchedulerCase{kernel::SchedulerKind::parallel, 2},
                                           SchedulerCase{kernel::SchedulerKind::parallel, 4}));

}  // namespace
}  // namespace porttwin::port
