// Small ports built directly as Scenario structs, so the model's tests do not
// depend on the YAML layer. (Scenario types that share a name with a port LP
// class, Terminal and HinterlandOperator, are spelt scenario::..., so this
// header may follow port/model.hpp.)
#pragma once

#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/port/run.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port::testing {

using namespace porttwin::scenario;
using kernel::Deterministic;
using kernel::Exponential;

/// Sets the PCS, customs and port authority to quick, fixed times.
inline void quick_paperwork(Scenario& s) {
  s.pcs.processing_h = 0.01;
  s.customs.release_h = Deterministic(1.0);
  s.port_authority.clearance_h = Deterministic(0.1);
  s.rules.message_latency_h = 5.0 / 60.0;
  s.rules.pre_arrival_lead_h = 48.0;
  s.rules.pre_arrival_deadline_h = 24.0;
}

/// M/M/c: Poisson arrivals at rate lambda, c berths each with one crane at a
/// fixed productivity, call sizes exponential, so handling is exponential
/// with mean `service_h`. All cargo is transshipment (no hinterland work).
inline Scenario mmc(unsigned c, double utilisation, double service_h, double horizon_h, double warmup_h) {
  Scenario s;
  s.name = "mmc";
  s.settings.horizon_h = horizon_h;
  s.settings.warmup_h = warmup_h;
  s.settings.sample_interval_h = 0.0;
  quick_paperwork(s);
  scenario::Terminal t;
  t.id = "t";
  for (unsigned b = 0; b < c; ++b) t.berths.push_back({"t.b#" + std::to_string(b + 1), 400.0, 20.0, kNone});
  CraneGroup cranes;
  cranes.id = "qc";
  cranes.count = c;
  cranes.productivity_per_h = Deterministic(30.0);
  t.crane_groups.push_back(cranes);
  t.yard_blocks.push_back({"y", 1e12});
  t.gates.push_back({"g", 4, Deterministic(0.1)});
  s.terminals.push_back(t);
  ArrivalStream stream;
  stream.id = "all";
  stream.rate_per_h = utilisation * c / service_h;
  s.traffic.streams.push_back(stream);
  VesselClass vc;
  vc.id = "ship";
  vc.share = 1.0;
  // Large calls so that rounding moves to whole boxes changes nothing measurable.
  vc.call_size = Exponential(service_h * 30.0);
  vc.length_m = 300.0;
  vc.draught_m = 14.0;
  vc.import_share = 0.0;
  vc.transshipment_share = 1.0;
  s.traffic.vessel_classes.push_back(vc);
  s.traffic.transshipment_dwell_h = Deterministic(24.0);
  return s;
}

/// One berth, one crane at 30 moves/h, vessels of exactly 300 moves (10 h,
/// all transshipment) arriving every 24 h on a timetable, the first at 48 h
/// (notifications at 24 h k, the pre-arrival lead before): no queue unless
/// something breaks.
inline Scenario clockwork(double horizon_h) {
  Scenario s = mmc(1, 0.5, 10.0, horizon_h, 0.0);
  s.traffic.streams[0].process = ArrivalStream::Process::timetable;
  s.traffic.streams[0].period_h = 24.0;
  s.traffic.streams[0].offsets_h = {0.0};
  s.traffic.vessel_classes[0].call_size = Deterministic(300.0);
  return s;
}

/// A two-terminal container port with all three hinterland modes, exports,
/// imports and transshipment, gates, customs inspections and yards sized for
/// about 2.7 of 6 berths, 9 of 16 cranes and 70% of the gate lanes busy.
inline Scenario container_port(double horizon_h) {
  Scenario s;
  s.name = "container-port";
  s.settings.horizon_h = horizon_h;
  s.settings.warmup_h = 48.0;
  s.settings.sample_interval_h = 6.0;
  quick_paperwork(s);
  s.customs.release_h = kernel::LogNormal::from_mean_stddev(12.0, 8.0);
  s.customs.inspection_share = 0.05;
  s.customs.inspection_h = Exponential(24.0);
  s.port_authority.clearance_h = kernel::Uniform(0.25, 2.0);
  for (int k = 0; k < 2; ++k) {
    scenario::Terminal t;
    t.id = k == 0 ? "north" : "south";
    for (unsigned b = 0; b < 3; ++b)
      t.berths.push_back({t.id + ".b#" + std::to_string(b + 1), k == 0 ? 400.0 : 300.0, 16.0, kNone});
    CraneGroup cranes;
    cranes.id = "qc";
    cranes.count = 8;
    cranes.productivity_per_h = kernel::Triangular(20.0, 28.0, 35.0);
    t.crane_groups.push_back(cranes);
    t.yard_blocks.push_back({"y", 40000.0});
    t.overflow = k == 0 ? OverflowRule::overflow_area : OverflowRule::stop_discharge;
    t.overflow_capacity = 1000.0;
    t.overflow_extra_h = 2.0;
    t.gates.push_back({"g", 30, Exponential(0.2)});
    s.terminals.push_back(t);
  }
  scenario::HinterlandOperator road;
  road.id = "road";
  road.mode = HinterlandMode::truck;
  road.capacity_per_h = 400.0;
  scenario::HinterlandOperator rail = road;
  rail.id = "rail";
  rail.mode = HinterlandMode::rail;
  rail.capacity_per_h = 100.0;
  rail.terminals = {0};
  scenario::HinterlandOperator barge = road;
  barge.id = "barge";
  barge.mode = HinterlandMode::barge;
  barge.capacity_per_h = 200.0;
  s.hinterland = {road, rail, barge};
  s.traffic.truck_share = 0.6;
  s.traffic.rail_share = 0.1;
  s.traffic.barge_share = 0.3;
  ArrivalStream stream;
  stream.id = "all";
  stream.rate_per_h = 0.2;
  s.traffic.streams.push_back(stream);
  VesselClass big;
  big.id = "big";
  big.share = 0.4;
  big.call_size = kernel::Triangular(1000.0, 2000.0, 3500.0);
  big.length_m = 366.0;
  big.draught_m = 15.0;
  big.cranes_min = 3;
  big.cranes_max = 5;
  big.patience_h = 36.0;
  big.import_share = 0.4;
  big.export_share = 0.35;
  big.transshipment_share = 0.25;
  VesselClass feeder = big;
  feeder.id = "feeder";
  feeder.share = 0.6;
  feeder.call_size = kernel::Triangular(200.0, 500.0, 900.0);
  feeder.length_m = 180.0;
  feeder.draught_m = 10.0;
  feeder.cranes_min = 1;
  feeder.cranes_max = 2;
  feeder.patience_h = 12.0;
  s.traffic.vessel_classes = {big, feeder};
  s.traffic.import_dwell_h = kernel::LogNormal::from_mean_stddev(96.0, 48.0);
  s.traffic.export_dwell_h = kernel::LogNormal::from_mean_stddev(72.0, 36.0);
  s.traffic.transshipment_dwell_h = kernel::LogNormal::from_mean_stddev(120.0, 48.0);
  return s;
}

/// The mean wait for a berth over `replications` runs of `s` (on two threads), weighted by
/// each run's calls, and the calls counted.
struct PooledWait {
  double mean_wait_h = 0.0;
  double calls = 0.0;
};
inline PooledWait pooled_wait(const Scenario& s, std::uint32_t replications) {
  auto results = kernel::run_replications(0, replications, 2, [&](std::uint32_t r) {
    PortRunOptions options;
    options.replication = r;
    options.sample = false;
    return run_port(s, options).kpi;
  });
  PooledWait pooled;
  double weighted = 0.0;
  for (const KeyFigures& k : results) {
    weighted += k.mean_wait_h * static_cast<double>(k.vessel_calls);
    pooled.calls += static_cast<double>(k.vessel_calls);
  }
  pooled.mean_wait_h = pooled.calls > 0.0 ? weighted / pooled.calls : 0.0;
  return pooled;
}

}  // namespace porttwin::port::testing
