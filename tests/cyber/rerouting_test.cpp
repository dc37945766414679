// RE-ROUTING (port/terminal.hpp) on a three-terminal toy port: terminals a
// and b serve one line's class (list [a, b], patience 24 h); c takes ad-hoc
// calls at half its crane productivity. An outage of a's operating system
// (quay, yard and gates) from 120 h to 216 h, announced or not.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "porttwin/run/scenario_run.hpp"
#include "porttwin/scenario/document.hpp"
#include "run_text.hpp"

namespace {

using namespace porttwin;
using Outcome = port::VesselVisit::Outcome;

constexpr double kStop = 120.0, kBack = 216.0, kTold = kStop + 6.0;

std::string toy(const std::string& incident, const std::string& targets = "[a.tos]", bool c_takes_ad_hoc = true) {
  const std::string terminal = R"(
    manual_level: 0
    berths: {q: {count: 2, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 6, productivity: 28 moves/h}}
    yard: {y: {capacity: 50000 TEU}}
    gates: {g: {lanes: 20, truck_handling: {dist: exponential, mean: 14 min}}}
    systems: {tos: {stops: {quay: true, yard: true, gates: true}}})";
  return R"(
name: rerouting
settings: {horizon: 16 d, warmup: 2 d, sample_interval: 1 h}
terminals:
  a:)" + terminal +
         R"(
  b:)" + terminal +
         R"(
  c:)" + terminal +
         "\n    ad_hoc: {accepts: " + (c_takes_ad_hoc ? "true" : "false") + R"(, productivity: 0.5}
hinterland:
  road: {mode: truck, capacity: 20000 TEU/d}
traffic:
  arrivals: {s: {process: poisson, rate: 4 /d}}
  vessel_classes:
    k: {arrivals: s, call_size: 600 moves, length: 300 m, draught: 14 m, cranes: {min: 3, max: 3},
        patience: 24 h, terminals: [a, b], split: {import: 0.5, export: 0.5}}
  hinterland_split: {truck: 1}
cyber:
  incidents:
    outage:
      kind: platform_outage
      targets: )" +
         targets +
         R"(
      at: 120 h
      duration: 96 h
)" + incident;
}

run::ScenarioRun run_toy(const std::string& text) { return porttwin::testing::run_text(text, "rerouting.yaml"); }

/// Moves a call had done at a or b when their quays stopped at kStop: 3 cranes x 28 moves/h
/// from its berthing there (0 if it was not berthed there then).
double moves_done_before_the_stop(const run::ScenarioRun& r, std::uint32_t call) {
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.call == call && v.terminal != 2 && v.berthed_h >= 0.0 && v.berthed_h < kStop &&
        (v.left_h < 0.0 || v.left_h > kStop)) {
      return std::min(600.0, 84.0 * (kStop - v.berthed_h));
    }
  }
  return 0.0;
}

constexpr const char* kAnnounced = "      announcement: {after: 6 h, expected_duration: 3 d}\n";

TEST(Rerouting, TheNoticesSayWhatLinesAreToldAndWhenTheyAreToldAgain) {
  // Told at 126 h to expect 3 d; at 198 h, still stopped, told 3 d more; all-clear at 216 h.
  const run::ScenarioRun r = run_toy(toy(kAnnounced));
  ASSERT_EQ(r.notices.size(), 3U);
  EXPECT_EQ(r.notices[0].at_h, kTold);
  EXPECT_EQ(r.notices[0].expected_back_h, kTold + 72.0);
  EXPECT_EQ(r.notices[1].at_h, kTold + 72.0);
  EXPECT_EQ(r.notices[1].expected_back_h, kTold + 144.0);
  EXPECT_EQ(r.notices[2].at_h, kBack);
  EXPECT_EQ(r.notices[2].expected_back_h, kBack);
}

TEST(Rerouting, AnAnnouncedStopSendsVesselsElsewhereAtOnce) {
  const run::ScenarioRun r = run_toy(toy(kAnnounced));
  int at_once = 0, at_notice = 0;
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.terminal != 0) continue;
    if (v.arrival_h > kStop && v.arrival_h < kTold) {
      // Waiting when the first notice came: 72 h expected > what is left of 24 h: it goes then.
      EXPECT_EQ(v.outcome, Outcome::diverted) << "call " << v.call;
      EXPECT_NEAR(v.left_h, kTold, 1e-9) << "call " << v.call;
      ++at_notice;
    } else if (v.arrival_h >= kTold + 72.0 - 24.0 && v.arrival_h < kTold + 72.0) {
      // Told the quay is back at 198 h, within its patience: it waits, and goes when the
      // expectation proves wrong (told again at 198 h: 72 h more).
      EXPECT_EQ(v.outcome, Outcome::diverted) << "call " << v.call;
      EXPECT_NEAR(v.left_h, kTold + 72.0, 1e-9) << "call " << v.call;
      ++at_notice;
    } else if (v.arrival_h >= kTold && v.arrival_h < kBack) {
      EXPECT_EQ(v.outcome, Outcome::diverted) << "call " << v.call;
      EXPECT_NEAR(v.left_h, v.arrival_h, 1e-9) << "call " << v.call << " waited at an announced stop";
      ++at_once;
    } else if (v.arrival_h >= kBack && v.arrival_h < kBack + 24.0) {
      EXPECT_EQ(v.outcome, Outcome::completed) << "call " << v.call << " after the all-clear";
    }
  }
  EXPECT_GE(at_once, 4);  // about 2 calls a day at a, for 3.75 days
  EXPECT_GE(at_once + at_notice, 5);
  // They went to b, the class's other terminal, not away.
  EXPECT_EQ(r.port.kpi.vessels_left_port, 0U);
}

TEST(Rerouting, WithoutAnAnnouncementVesselsWaitTheirPatienceOut) {
  const run::ScenarioRun r = run_toy(toy(""));
  EXPECT_TRUE(r.notices.empty());
  int diverted = 0;
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.terminal != 0 || v.arrival_h <= kStop || v.arrival_h >= kBack - 24.0) continue;
    EXPECT_EQ(v.outcome, Outcome::diverted) << "call " << v.call;
    EXPECT_NEAR(v.left_h - v.arrival_h, 24.0, 1e-9) << "call " << v.call;
    ++diverted;
  }
  EXPECT_GE(diverted, 4);
}

TEST(Rerouting, WithEveryListedTerminalDownAnAdHocTerminalTakesTheCallAtItsPenalty) {
  // a and b both down and announced: calls go once to c, which works them at half its
  // crane rate: 3 x 28 x 0.5 = 42 moves/h. c works only their 300 import moves (7.14 h at
  // the berth): their exports were booked at a or b and roll there (EXPORTS STAY BOOKED).
  // A call that left a berth at a or b (PATIENCE AT THE BERTH) brings only the imports it had left.
  const run::ScenarioRun r = run_toy(toy(kAnnounced, "[a.tos, b.tos]"));
  int ad_hoc = 0, part_worked = 0;
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.terminal != 2 || v.berthed_h < 0.0 || v.left_h < 0.0) continue;
    const double done = moves_done_before_the_stop(r, v.call);
    EXPECT_NEAR(v.left_h - v.berthed_h, std::max(0.0, 300.0 - done) / 42.0, 1e-6) << "call " << v.call;
    ++ad_hoc;
    if (done > 0.0) ++part_worked;
  }
  EXPECT_GE(part_worked, 1);
  EXPECT_GE(ad_hoc, 8);  // about 4 calls a day for 3.75 days
  EXPECT_EQ(r.port.kpi.vessels_left_port, 0U);
  // Without a terminal that takes them, they leave the port.
  const run::ScenarioRun away = run_toy(toy(kAnnounced, "[a.tos, b.tos]", false));
  EXPECT_GE(away.port.kpi.vessels_left_port, 8U);
  for (const port::VesselVisit& v : away.port.vessels) {
    EXPECT_NE(v.terminal, 2U) << "c takes no ad-hoc calls";
  }
}

// ---- PATIENCE AT THE BERTH (port/terminal.hpp) -------------------------------------

TEST(PatienceAtTheBerth, AVesselIdleAtAStoppedQuayLeavesItsBerthAfterItsPatience) {
  // Unannounced, a and b down: a vessel berthed at either when the quays stop at 120 h lies
  // idle for its 24 h patience, leaves its berth, learns by waiting that the other is down
  // too, and goes to c with the imports it had left, which c works at 42 moves/h (its
  // exports roll where they were booked: EXPORTS STAY BOOKED).
  const run::ScenarioRun r = run_toy(toy("", "[a.tos, b.tos]"));
  int idle = 0;
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.terminal == 2 || v.berthed_h < 0.0 || v.berthed_h >= kStop || v.left_h <= kStop) continue;
    EXPECT_EQ(v.outcome, Outcome::diverted) << "call " << v.call;
    EXPECT_NEAR(v.left_h, kStop + 24.0, 1e-9) << "call " << v.call;
    const double left = std::max(0.0, 300.0 - moves_done_before_the_stop(r, v.call));
    bool worked_at_c = false;
    for (const port::VesselVisit& w : r.port.vessels) {
      if (w.call != v.call || w.terminal != 2 || w.left_h < 0.0) continue;
      EXPECT_EQ(w.outcome, Outcome::completed) << "call " << v.call;
      EXPECT_NEAR(w.left_h - w.berthed_h, left / 42.0, 1e-6) << "call " << v.call;
      worked_at_c = true;
    }
    EXPECT_TRUE(worked_at_c) << "call " << v.call;
    ++idle;
  }
  EXPECT_GE(idle, 1);
}

TEST(PatienceAtTheBerth, ANoticeSendsAnIdleVesselOffItsBerthAtOnce) {
  // Told at 126 h to expect 72 h: more than the 18 h of patience it has left at the berth.
  const run::ScenarioRun r = run_toy(toy(kAnnounced, "[a.tos, b.tos]"));
  int idle = 0;
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.terminal == 2 || v.berthed_h < 0.0 || v.berthed_h >= kStop || v.left_h <= kStop) continue;
    EXPECT_EQ(v.outcome, Outcome::diverted) << "call " << v.call;
    EXPECT_NEAR(v.left_h, kTold, 1e-9) << "call " << v.call;
    ++idle;
  }
  EXPECT_GE(idle, 1);
}

TEST(PatienceAtTheBerth, WhatItHadNotDischargedLeavesThePortOnBoard) {
  // a and b down, no terminal takes ad-hoc calls: every call there at the stop leaves the
  // port, with the imports it had not discharged (half its 600 moves are imports, discharged
  // first; 1.6 TEU a box); no other cargo is left on board.
  const run::ScenarioRun r = run_toy(toy(kAnnounced, "[a.tos, b.tos]", false));
  double expected = 0.0;
  int berthed = 0;
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.outcome != Outcome::left_port || !v.counted) continue;
    const double done = moves_done_before_the_stop(r, v.call);
    if (done > 0.0) ++berthed;
    expected += std::max(0.0, 300.0 - done) * 1.6;
  }
  EXPECT_GE(berthed, 1);
  EXPECT_GT(expected, 0.0);
  EXPECT_NEAR(r.port.kpi.left_on_board_teu, expected, 1e-6 * expected);
  EXPECT_NEAR(r.port.kpi.imports_left_on_board_teu, expected, 1e-6 * expected);
  // Nothing is left on board when the quays work.
  const run::ScenarioRun calm = run_toy(toy("", "[a.tos]"));
  EXPECT_EQ(calm.port.kpi.left_on_board_teu, 0.0);
}

}  // namespace
