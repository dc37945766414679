// Overload saturates (issue 17, item 8; YARD ADMISSION in port/terminal.hpp):
// on a small one-terminal port whose gates bind first, completed calls and
// TEU handled rise with the arrival rate up to capacity and stay there, at
// up to four times the normal traffic. Before yard admission the yard
// locked the quay (vessels berthed that could not discharge, exports of
// vessels that had left filled the gate and the yard) and four times the
// traffic completed half the calls of normal traffic.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "porttwin/port/run.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::port {
namespace {

// About 300 calls in 100 counted days at 1x (3 a day, 1,240 moves of 1.6 TEU): berths 48% busy,
// the 30 gate lanes at about 60% (4,400 trucks a day against 3,100 lanes' worth at 2x).
constexpr const char* kSmallPort = R"(
name: small-port
settings: {horizon: 120 d, warmup: 20 d, sample_interval: 1 h, seed: 7}
terminals:
  t:
    berths: {q: {count: 3, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 9, productivity: {dist: triangular, min: 20 moves/h, mode: 27 moves/h, max: 34 moves/h}}}
    yard: {y: {capacity: 30000 TEU}}
    gates: {g: {lanes: 30, truck_handling: {dist: exponential, mean: 14 min}}}
    overflow: {rule: overflow_area, capacity: 3000 TEU, extra_time: 2 h}
hinterland:
  road: {mode: truck, capacity: 6000 TEU/d, transit: 3 h}
  rail: {mode: rail, capacity: 1500 TEU/d, transit: 12 h, batch: 90 TEU}
traffic:
  hinterland_split: {truck: 0.8, rail: 0.2}
  dwell:
    import: {dist: triangular, min: 1 d, mode: 3 d, max: 7 d}
    export: {dist: triangular, min: 1 d, mode: 3 d, max: 5 d}
    transshipment: {dist: triangular, min: 1 d, mode: 3 d, max: 7 d}
  arrivals: {s: {process: poisson, rate: 3 /d}}
  vessel_classes:
    k: {arrivals: s, call_size: {dist: triangular, min: 600 moves, mode: 1200 moves, max: 2000 moves},
        teu_per_move: 1.6, length: 330 m, draught: 14 m, cranes: {min: 2, max: 4}, patience: 36 h,
        split: {import: 0.4, export: 0.35, transshipment: 0.25}}
)";

PortRunResult run_at_load(double factor, bool congestion_rerouting = false) {
  auto doc = scenario::ScenarioDocument::from_string(kSmallPort, "small-port.yaml");
  doc.set("traffic.arrivals.s.rate", std::to_string(3.0 * factor) + " /d");
  if (congestion_rerouting) doc.set("rules.congestion_rerouting", "true");
  EXPECT_TRUE(doc.valid()) << (doc.valid() ? "" : doc.problems().front().to_string());
  return run_port(doc.instantiate(0), {});
}

KeyFigures at_load(double factor) { return run_at_load(factor).kpi; }

TEST(Overload, CompletedCallsAndTeuRiseToCapacityAndStayThere) {
  const KeyFigures half = at_load(0.5), normal = at_load(1.0);
  EXPECT_EQ(half.exports_cancelled_teu, 0.0);
  EXPECT_LT(half.vessel_calls, normal.vessel_calls);
  EXPECT_LT(half.teu_handled, normal.teu_handled);
  double peak = normal.teu_handled;
  for (const double factor : {1.5, 2.0, 3.0, 4.0}) {
    SCOPED_TRACE("arrivals x " + std::to_string(factor));
    const KeyFigures k = at_load(factor);
    // Never below normal traffic's, whatever the overload (it was half of it at 4x).
    EXPECT_GE(k.vessel_calls, normal.vessel_calls);
    EXPECT_GE(k.teu_handled, normal.teu_handled);
    peak = std::max(peak, k.teu_handled);
    // Past capacity the port keeps most of its peak: the vessels that cannot be served
    // leave (their exports not brought in), they do not lock the yard.
    EXPECT_GT(k.teu_handled, 0.75 * peak);
    EXPECT_GT(k.vessels_left_port, 0U);
    EXPECT_GT(k.exports_cancelled_teu, 0.0);
  }
  // Overloaded: the port runs above normal traffic's throughput.
  EXPECT_GT(peak, 1.2 * normal.teu_handled);
}

// PERIOD ACCOUNTING (port/run.hpp): a call counts when it leaves, as a TEU counts when it
// is moved. With patience long enough that nobody gives up (a pure queue) and export cargo
// called in by the berth plan (EXPORT WINDOW, as the Rotterdam baseline has it: P20), calls
// past capacity hold as TEU do. Counted by arrival they fell: at 4x the vessels that arrived
// in the warm-up take the counted period's berths and are not counted.
TEST(Overload, APureQueueCompletesAsManyCallsAtFourTimesTheTrafficAsAtTwo) {
  const auto run = [](double factor) {
    auto doc = scenario::ScenarioDocument::from_string(kSmallPort, "small-port.yaml");
    doc.set("traffic.arrivals.s.rate", std::to_string(3.0 * factor) + " /d");
    doc.set("traffic.vessel_classes.k.patience", "200 d");
    doc.set("terminals.t.export_window", "berth");
    EXPECT_TRUE(doc.valid()) << (doc.valid() ? "" : doc.problems().front().to_string());
    return run_port(doc.instantiate(0), {});
  };
  const PortRunResult twice = run(2.0), four = run(4.0);
  EXPECT_EQ(four.kpi.vessels_left_port, 0U);
  EXPECT_GE(four.kpi.vessel_calls, 0.97 * static_cast<double>(twice.kpi.vessel_calls));
  EXPECT_NEAR(four.kpi.teu_handled, twice.kpi.teu_handled, 0.03 * twice.kpi.teu_handled);
  // The calls counted are the visits completed after the warm-up, whenever they arrived;
  // at 4x a good share of them arrived in it.
  const double warmup_h = 20.0 * 24.0;
  std::uint64_t completed = 0, flagged = 0, arrived_in_warmup = 0;
  for (const VesselVisit& v : four.vessels) {
    if (v.outcome == VesselVisit::Outcome::completed && v.counted) ++flagged;
    if (v.outcome != VesselVisit::Outcome::completed || v.left_h < warmup_h) continue;
    ++completed;
    if (v.arrival_h < warmup_h) ++arrived_in_warmup;
  }
  EXPECT_EQ(completed, four.kpi.vessel_calls);
  EXPECT_EQ(flagged, four.kpi.vessel_calls);
  EXPECT_GT(arrived_in_warmup, four.kpi.vessel_calls / 10);
}

// CONGESTION RE-ROUTING (port/terminal.hpp): lines told of a call that the
// terminal expects to keep waiting past its patience send it on at once, and
// book no export cargo on it here.
TEST(Overload, LinesThatSendCallsOnFromACongestedTerminalBookNoExportsOnThem) {
  const PortRunResult normal = run_at_load(1.0), normal_on = run_at_load(1.0, true);
  // At normal traffic the expected wait stays below the patience: nothing changes.
  EXPECT_EQ(normal_on.run.trace_hash, normal.run.trace_hash);
  const PortRunResult off = run_at_load(4.0), on = run_at_load(4.0, true);
  // The calls sent on leave at once: the vessels served wait less, and most export cargo
  // of calls that then left without it is never booked (539,200 TEU booked against 987,725
  // over the run), so far fewer bookings are cancelled (88,413 against 658,174 TEU; the key
  // figure exports_cancelled_teu counts the cargo of calls sent on too, 467,146 against
  // 615,291 after the warm-up, as the port loses it either way); the
  // port handles about as much (within 5%: exports of the vessels now berthing sooner more
  // often miss them in the saturated hinterland).
  EXPECT_GT(on.kpi.vessels_left_port, 0U);
  EXPECT_LT(on.kpi.mean_wait_h, off.kpi.mean_wait_h);
  ASSERT_EQ(on.terminals.size(), 1U);
  EXPECT_LT(on.terminals[0].exports.booked, off.terminals[0].exports.booked);
  EXPECT_LT(on.terminals[0].exports.cancelled, 0.5 * off.terminals[0].exports.cancelled);
  EXPECT_LT(on.kpi.exports_cancelled_teu, off.kpi.exports_cancelled_teu);
  EXPECT_NEAR(on.kpi.teu_handled, off.kpi.teu_handled, 0.05 * off.kpi.teu_handled);
}

// EXPORTS GO WITH THE VESSEL and EXPORTS STAY BOOKED (port/terminal.hpp): t alone is on
// the class's list, overloaded; u takes ad-hoc calls. With congestion re-routing, lines send
// calls on before booking their exports at t, so u, which plans no call, books the exports
// of those it takes. Without it, vessels reach u only after waiting at t, where their
// exports were booked and stay (rolled there): u books none and loads none.
TEST(Overload, ExportsAreBookedWhereTheVesselIsTakenWhenNoTerminalBookedThem) {
  std::string text = kSmallPort;
  const std::string hinterland = "hinterland:";
  text.insert(text.find(hinterland), R"(  u:
    berths: {q: {count: 3, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 9, productivity: 27 moves/h}}
    yard: {y: {capacity: 30000 TEU}}
    gates: {g: {lanes: 30, truck_handling: {dist: exponential, mean: 14 min}}}
    ad_hoc: {accepts: true, productivity: 0.8}
)");
  text.insert(text.find("patience: 36 h,"), "terminals: [t], ");
  auto run = [&](bool congestion_rerouting) {
    auto doc = scenario::ScenarioDocument::from_string(text, "two-terminals.yaml");
    doc.set("traffic.arrivals.s.rate", "12 /d");
    doc.set("rules.congestion_rerouting", congestion_rerouting ? "true" : "false");
    EXPECT_TRUE(doc.valid()) << (doc.valid() ? "" : doc.problems().front().to_string());
    return run_port(doc.instantiate(0), {});
  };
  const PortRunResult on = run(true), off = run(false);
  ASSERT_EQ(on.terminals.size(), 2U);
  ASSERT_EQ(on.terminals[1].id, "u");
  for (const PortRunResult* r : {&on, &off}) EXPECT_GT(r->terminals[1].calls, 20U);
  EXPECT_GT(on.terminals[1].exports.booked, 0.0);
  // Booked when the vessel is already there, much of it comes too late for it (and rolls).
  EXPECT_GT(on.terminals[1].exports.received, 0.25 * on.terminals[1].exports.booked);
  EXPECT_EQ(off.terminals[1].exports.booked, 0.0);
  // ... and u works only their discharge (0.4 + 0.25 / 2 of the moves) and the transshipment
  // half of their load (0.25 / 2): 0.65 / 0.525 = 1.24 TEU handled per TEU discharged, where
  // loading their exports too would give 0.65 + 0.35 = 1.90 (TEU handled counts after the
  // warm-up, the discharge over the whole run, so the ratio is at most 1.24).
  const port::TerminalSummary& u = off.terminals[1];
  ASSERT_GT(u.cargo_discharged, 0.0);
  EXPECT_LE(u.teu / u.cargo_discharged, 0.65 / 0.525 + 1e-9);
  EXPECT_GT(u.teu, 0.5 * u.cargo_discharged);
}

}  // namespace
}  // namespace porttwin::port
