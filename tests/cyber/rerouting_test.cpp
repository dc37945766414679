// RE-ROUTING (port/terminal.hpp) on a three-terminal toy port: terminals a
// and b serve one line's class (list [a, b], patience 24 h); c takes ad-hoc
// calls at half its crane productivity. An outage of a's operating system
// (quay, yard and gates) from 120 h to 216 h, announced or not.
#include <gtest/gtest.h>

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
  // crane rate: 600 moves at 3 x 28 x 0.5 = 42 moves/h take 600 / 42 = 14.29 h at the berth.
  const run::ScenarioRun r = run_toy(toy(kAnnounced, "[a.tos, b.tos]"));
  int ad_hoc = 0;
  for (const port::VesselVisit& v : r.port.vessels) {
    if (v.terminal != 2 || v.berthed_h < 0.0 || v.left_h < 0.0) continue;
    EXPECT_NEAR(v.left_h - v.berthed_h, 600.0 / 42.0, 1e-6) << "call " << v.call;
    ++ad_hoc;
  }
  EXPECT_GE(ad_hoc, 8);  // about 4 calls a day for 3.75 days
  EXPECT_EQ(r.port.kpi.vessels_left_port, 0U);
  // Without a terminal that takes them, they leave the port.
  const run::ScenarioRun away = run_toy(toy(kAnnounced, "[a.tos, b.tos]", false));
  EXPECT_GE(away.port.kpi.vessels_left_port, 8U);
  for (const port::VesselVisit& v : away.port.vessels) {
    EXPECT_NE(v.terminal, 2U) << "c takes no ad-hoc calls";
  }
}

}  // namespace
