// The port authority's level and the PCS's manual fallback (services.hpp),
// message by message against hand-computed times: the LP under test runs for
// real, the others are scripted or recorded (lp_probe.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "lp_probe.hpp"
#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;
using testing::clockwork;
using testing::Probe;
using testing::Received;
using testing::Scripted;

/// Times are in microsecond ticks: hand-computed hours agree to about 1e-10 h.
constexpr double kExact = 1e-9;

Message paper(MessageKind kind, std::uint32_t call) { return CallNotice{.kind = kind, .call = call}; }

/// The call a recorded message is about (paperwork, or a batch's; none for anything else).
std::uint32_t call_of(const Message& m) {
  if (Batch::accepts(m.kind())) return m.as<Batch>().call;
  return CallNotice::accepts(m.kind()) ? m.as<CallNotice>().call : 0xFFFF'FFFFU;
}

std::vector<Received> at_lp(const std::vector<Received>& all, LpId lp) {
  std::vector<Received> out;
  for (const Received& r : all) {
    if (r.lp == lp) out.push_back(r);
  }
  return out;
}

const Received* of_call(const std::vector<Received>& all, std::uint32_t call) {
  for (const Received& r : all) {
    if (call_of(r.message) == call) return &r;
  }
  return nullptr;
}

// ---- port authority ---------------------------------------------------------------

TEST(PortAuthority, ANotificationArrivingWhileStoppedIsClearedAtRecoveryPlusTheClearanceTime) {
  // Clearance takes 0.1 h (quick_paperwork). Stopped 2-10 h, at half from 11 h.
  const Scenario s = clockwork(24.0);
  const std::string& pa = s.port_authority.id;
  ModelOptions options;
  options.capacity_changes = {{pa, 2.0, 0.0}, {pa, 10.0, 1.0}, {pa, 11.0, 0.5}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPortAuthority},
              {{Setup::kPcs, Setup::kPortAuthority, 1.0, paper(MessageKind::pre_arrival_notification, 0)},
               {Setup::kPcs, Setup::kPortAuthority, 3.0, paper(MessageKind::pre_arrival_notification, 1)},
               {Setup::kPcs, Setup::kPortAuthority, 5.0, paper(MessageKind::pre_arrival_notification, 2)},
               {Setup::kPcs, Setup::kPortAuthority, 12.0, paper(MessageKind::pre_arrival_notification, 3)}});
  testing::run_probe(probe, setup);
  const auto cleared = at_lp(probe.received(), Setup::kPcs);
  ASSERT_EQ(cleared.size(), 4U);
  // Before the stop: 1 + 0.1. Held: recovery 10 + 0.1, in arrival order. At half: 12 + 0.1 / 0.5.
  const double expected_h[] = {1.1, 10.1, 10.1, 12.2};
  for (std::uint32_t k = 0; k < 4; ++k) {
    EXPECT_EQ(cleared[k].message.kind(), MessageKind::clearance);
    EXPECT_EQ(call_of(cleared[k].message), k);
    EXPECT_NEAR(cleared[k].at_h, expected_h[k], kExact) << "call " << k;
  }
  EXPECT_EQ(probe.model().port_authority().stats().held, 2U);
}

TEST(PortAuthority, AVesselWhoseNotificationWasHeldWaitsForTheClearanceAtRecovery) {
  // The whole port: notifications reach the port authority at 24 h k + 1/6 h
  // (two message latencies of 5 min). Stopped 20-80 h, the notifications of
  // the vessels arriving at 72 h and 96 h are cleared at 80 + 0.1 h and reach
  // the terminal a latency later, at 80 + 0.1 + 1/12 h: the vessel of 72 h
  // waits that long; the one of 96 h does not wait, but both are late.
  const Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{s.port_authority.id, 20.0, 0.0}, {s.port_authority.id, 80.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  ASSERT_EQ(r.kpi.vessel_calls, 3U);  // 48, 72, 96 h
  const double wait_h = 80.0 + 0.1 + 1.0 / 12.0 - 72.0;
  EXPECT_NEAR(r.kpi.mean_wait_h, wait_h / 3.0, kExact);
  EXPECT_EQ(r.kpi.late_clearances, 2U);
  // Vessel-hours in port: three calls of 10 h handling plus the wait.
  EXPECT_NEAR(r.kpi.vessel_hours_in_port, 30.0 + wait_h, kExact);
}

// ---- PCS manual fallback ------------------------------------------------------------

/// The desk: 4 messages an hour (0.25 h each), 2 h extra; processing 0.01 h.
Scenario manual_desk() {
  Scenario s = clockwork(24.0);
  s.pcs.manual_capacity_per_h = 4.0;
  s.pcs.manual_extra_h = 2.0;
  return s;
}

TEST(PcsManualMode, MessagesArrivingTogetherLeaveAtTheTimesOfTheFifoDesk) {
  const Scenario s = manual_desk();
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}};
  const port::Setup setup(s, options);
  // Five messages reach the PCS together at 2 h: notifications (to the port
  // authority) and declarations (to customs), alternately.
  std::vector<Scripted> script;
  for (std::uint32_t i = 0; i < 5; ++i) {
    const auto kind = i % 2 == 0 ? MessageKind::pre_arrival_notification : MessageKind::cargo_declaration;
    script.push_back({Setup::kSea, Setup::kPcs, 2.0, paper(kind, i)});
  }
  Probe probe(setup, {Setup::kPcs}, script);
  testing::run_probe(probe, setup);
  // The i-th (from 1) leaves the desk at 2 + i / 4 h and arrives 2 + 0.01 h later.
  for (std::uint32_t i = 0; i < 5; ++i) {
    const auto passed = at_lp(probe.received(), i % 2 == 0 ? Setup::kPortAuthority : Setup::kCustoms);
    const Received* r = of_call(passed, i);
    ASSERT_NE(r, nullptr) << "message " << i;
    EXPECT_NEAR(r->at_h, 2.0 + (i + 1) / 4.0 + 2.0 + 0.01, kExact) << "message " << i;
  }
  EXPECT_EQ(probe.model().pcs().stats().manual, 5U);
  EXPECT_EQ(probe.model().pcs().stats().held, 0U);
}

TEST(PcsManualMode, MessagesHeldDuringTheOutageEnterTheDeskInArrivalOrderAtSwitchOver) {
  // Down at 1 h, manual from 5 h. Held: 2, 3, 4 h; then one at 5.6 h, while
  // the third held message is at the desk (5.5-5.75 h): it is served 5.75-6 h.
  const Scenario s = manual_desk();
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 0.0}, {s.pcs.id, 5.0, 0.0, true}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPcs},
              {{Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::pre_arrival_notification, 0)},
               {Setup::kSea, Setup::kPcs, 3.0, paper(MessageKind::pre_arrival_notification, 1)},
               {Setup::kSea, Setup::kPcs, 4.0, paper(MessageKind::pre_arrival_notification, 2)},
               {Setup::kSea, Setup::kPcs, 5.6, paper(MessageKind::pre_arrival_notification, 3)}});
  testing::run_probe(probe, setup);
  const auto passed = at_lp(probe.received(), Setup::kPortAuthority);
  ASSERT_EQ(passed.size(), 4U);
  const double desk_done_h[] = {5.25, 5.5, 5.75, 6.0};
  for (std::uint32_t k = 0; k < 4; ++k) {
    EXPECT_EQ(call_of(passed[k].message), k);
    EXPECT_NEAR(passed[k].at_h, desk_done_h[k] + 2.01, kExact) << "call " << k;
  }
  EXPECT_EQ(probe.model().pcs().stats().held, 3U);
  EXPECT_EQ(probe.model().pcs().stats().manual, 4U);
}

TEST(PcsManualMode, EndingManualModePassesTheMessagesStillAtTheDeskAtNormalSpeed) {
  // Manual from 1 h; five messages at 2 h; back to normal at 2.6 h: two have
  // left the desk (2.25, 2.5 h); the other three, the one being handled
  // included, pass at normal speed: the message latency (5 min > 0.01 h).
  const Scenario s = manual_desk();
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}, {s.pcs.id, 2.6, 1.0, false}};
  const port::Setup setup(s, options);
  std::vector<Scripted> script;
  for (std::uint32_t i = 0; i < 5; ++i) {
    script.push_back({Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::pre_arrival_notification, i)});
  }
  Probe probe(setup, {Setup::kPcs}, script);
  testing::run_probe(probe, setup);
  const auto passed = at_lp(probe.received(), Setup::kPortAuthority);
  ASSERT_EQ(passed.size(), 5U);
  const double expected_h[] = {2.25 + 2.01, 2.5 + 2.01, 2.6 + 1.0 / 12.0, 2.6 + 1.0 / 12.0, 2.6 + 1.0 / 12.0};
  for (std::uint32_t i = 0; i < 5; ++i) {
    const Received* r = of_call(passed, i);
    ASSERT_NE(r, nullptr) << "message " << i;
    EXPECT_NEAR(r->at_h, expected_h[i], kExact) << "message " << i;
  }
  EXPECT_EQ(probe.model().pcs().stats().manual, 2U);
}

TEST(PcsManualMode, TheRunCountsTheMessagesPassedManually) {
  // The PCS in manual mode for the whole run: every message of every call
  // (notification, declaration, clearance, release) passes the desk.
  Scenario s = clockwork(24.0 * 5);
  PortRunOptions options;
  options.model.capacity_changes = {{s.pcs.id, 0.0, 1.0, true}};
  const PortRunResult r = run_port(s, options);
  // Calls notified at 0, 24, 48, 72 and 96 h; the four messages of each are
  // through well within a day (the desk is idle at 60 messages an hour).
  EXPECT_EQ(r.kpi.pcs_messages_manual, 5U * 4U);
  EXPECT_EQ(r.kpi.pcs_messages_held, 0U);
}

// ---- messages at their real granularity (services.hpp) ---------------------------

Message release_of(std::uint32_t call, std::uint32_t import_boxes) {
  return CallNotice{.kind = MessageKind::customs_release, .call = call, .import_boxes = import_boxes};
}

Message truck_pickup(std::uint32_t batch, std::uint32_t boxes, std::uint32_t span_s) {
  return Batch{.kind = MessageKind::pickup,
               .direction = Direction::import,
               .mode = scenario::HinterlandMode::truck,
               .call = batch,
               .boxes = boxes,
               .span_s = span_s,
               .amount = 1.5 * boxes};
}

TEST(PcsRealMessages, AnEventStandsForOneMessagePerCallOrPerBox) {
  const Scenario s = manual_desk();  // terminal 0 handles containers
  const port::Setup setup(s, ModelOptions{});
  const Pcs pcs(setup);
  EXPECT_EQ(pcs.real_messages(paper(MessageKind::pre_arrival_notification, 0)), 1U);
  EXPECT_EQ(pcs.real_messages(paper(MessageKind::clearance, 0)), 1U);
  EXPECT_EQ(pcs.real_messages(paper(MessageKind::cargo_declaration, 0)), 1U);
  EXPECT_EQ(pcs.real_messages(release_of(0, 40)), 40U);
  EXPECT_EQ(pcs.real_messages(release_of(0, 0)), 1U) << "a bulk call's release is one message";
  EXPECT_EQ(pcs.real_messages(truck_pickup(0, 7, 0)), 7U);
  // A bulk batch (no boxes) is one notification, whichever company it goes to.
  const Message bulk = Batch{.kind = MessageKind::pickup, .mode = scenario::HinterlandMode::rail, .company = 3};
  EXPECT_EQ(pcs.real_messages(bulk), 1U) << "a bulk batch is one notification";
  EXPECT_EQ(pcs.real_messages(truck_pickup(0, 3, 0)), 3U) << "a container batch is one per box";
}

TEST(PcsManualMode, AReleaseOfNImportBoxesTakesTheDeskNMessageTimes) {
  // The desk passes 4 an hour. A release for 6 boxes at 1.9 h, then a
  // notification at 2 h: the release leaves at 1.9 + 6/4 h, the notification
  // a quarter of an hour after it; each then 2.01 h later.
  const Scenario s = manual_desk();
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPcs},
              {{Setup::kCustoms, Setup::kPcs, 1.9, release_of(7, 6)},
               {Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::pre_arrival_notification, 8)}});
  testing::run_probe(probe, setup);
  const auto release_all = at_lp(probe.received(), setup.terminal_lp(0));
  const Received* release = of_call(release_all, 7);
  ASSERT_NE(release, nullptr);
  EXPECT_NEAR(release->at_h, 1.9 + 6.0 / 4.0 + 2.01, kExact);
  EXPECT_EQ(release->message.as<CallNotice>().import_boxes, 6U);
  const auto notification_all = at_lp(probe.received(), Setup::kPortAuthority);
  const Received* notification = of_call(notification_all, 8);
  ASSERT_NE(notification, nullptr);
  EXPECT_NEAR(notification->at_h, 1.9 + 7.0 / 4.0 + 2.01, kExact);
  EXPECT_EQ(probe.model().pcs().stats().manual, 7U);
  EXPECT_EQ(probe.model().pcs().stats().messages, 7U);
}

TEST(PcsManualMode, ATruckPickupLeavesAtItsFirstBoxWithItsTrucksSpreadOverTheDesksTime) {
  // 8 boxes at 4 an hour: the pickup leaves the desk at 2.25 h (its first
  // box), its trip span stretched from 600 s to the desk's 2 h for all 8;
  // the notification behind it is served after the 8th box, 4-4.25 h.
  const Scenario s = manual_desk();
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPcs},
              {{Setup::kSea, Setup::kPcs, 2.0, truck_pickup(5, 8, 600)},
               {Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::pre_arrival_notification, 6)}});
  testing::run_probe(probe, setup);
  const auto pickup_all = at_lp(probe.received(), setup.terminal_lp(0));
  const Received* pickup = of_call(pickup_all, 5);
  ASSERT_NE(pickup, nullptr);
  EXPECT_NEAR(pickup->at_h, 2.25 + 2.01, kExact);
  EXPECT_EQ(pickup->message.as<Batch>().boxes, 8U);
  EXPECT_EQ(pickup->message.as<Batch>().span_s, 7200U);
  EXPECT_DOUBLE_EQ(pickup->message.as<Batch>().amount, 12.0);
  const auto notification_all = at_lp(probe.received(), Setup::kPortAuthority);
  const Received* notification = of_call(notification_all, 6);
  ASSERT_NE(notification, nullptr);
  EXPECT_NEAR(notification->at_h, 4.25 + 2.01, kExact);
  EXPECT_EQ(probe.model().pcs().stats().manual, 9U);
}

TEST(PcsManualMode, ACallsPaperworkGoesBeforeBoxMessagesStillWaiting) {
  // Releases of 2 and 4 boxes at 2 h, a notification at 2.1 h: the first
  // release is being handled (2-2.5 h) and finishes; the notification goes
  // next (2.5-2.75 h), then the second release (2.75-3.75 h).
  const Scenario s = manual_desk();
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPcs},
              {{Setup::kCustoms, Setup::kPcs, 2.0, release_of(1, 2)},
               {Setup::kCustoms, Setup::kPcs, 2.0, release_of(2, 4)},
               {Setup::kSea, Setup::kPcs, 2.1, paper(MessageKind::pre_arrival_notification, 3)}});
  testing::run_probe(probe, setup);
  const auto at_terminal = at_lp(probe.received(), setup.terminal_lp(0));
  const auto at_authority = at_lp(probe.received(), Setup::kPortAuthority);
  const Received* first = of_call(at_terminal, 1);
  const Received* second = of_call(at_terminal, 2);
  const Received* notification = of_call(at_authority, 3);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_NE(notification, nullptr);
  EXPECT_NEAR(first->at_h, 2.5 + 2.01, kExact);
  EXPECT_NEAR(notification->at_h, 2.75 + 2.01, kExact);
  EXPECT_NEAR(second->at_h, 3.75 + 2.01, kExact);
}

TEST(PcsManualMode, TruckPickupsGoToTheBackupServiceWhileTheDeskWorksTheRest) {
  // Backup at 10 an hour, no extra delay: pickups of 5 and 3 boxes at 2 h
  // leave at 2.1 h and 2.6 h (after the first one's 0.5 h), each 0.01 h
  // later; the notification at 2 h meanwhile passes the desk at 2.25 h.
  Scenario s = manual_desk();
  s.pcs.manual_backup_capacity_per_h = 10.0;
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPcs},
              {{Setup::kSea, Setup::kPcs, 2.0, truck_pickup(1, 5, 0)},
               {Setup::kSea, Setup::kPcs, 2.0, truck_pickup(2, 3, 0)},
               {Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::pre_arrival_notification, 3)}});
  testing::run_probe(probe, setup);
  const auto at_terminal = at_lp(probe.received(), setup.terminal_lp(0));
  const Received* first = of_call(at_terminal, 1);
  const Received* second = of_call(at_terminal, 2);
  const auto notification_all = at_lp(probe.received(), Setup::kPortAuthority);
  const Received* notification = of_call(notification_all, 3);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_NE(notification, nullptr);
  // The message latency (5 min) is the floor of a pass.
  EXPECT_NEAR(first->at_h, 2.0 + std::max(0.1 + 0.01, 1.0 / 12.0), kExact);
  EXPECT_NEAR(second->at_h, 2.5 + std::max(0.1 + 0.01, 1.0 / 12.0), kExact);
  EXPECT_EQ(first->message.as<Batch>().span_s, 1800U) << "5 boxes at 10 an hour";
  EXPECT_NEAR(notification->at_h, 2.25 + 2.01, kExact);
  EXPECT_EQ(probe.model().pcs().stats().manual, 9U);
}

TEST(PcsManualMode, ABulkTruckBatchIsOneNotificationAtTheDeskNotATruckForTheBackup) {
  // A bulk batch by truck has no boxes: one notification through the desk (4 an hour: 2.25 h),
  // not the backup service's trucks (10 an hour would pass it at 2.1 h).
  Scenario s = manual_desk();
  s.pcs.manual_backup_capacity_per_h = 10.0;
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}};
  const port::Setup setup(s, options);
  const Message bulk = Batch{
      .kind = MessageKind::pickup, .mode = scenario::HinterlandMode::truck, .company = 0, .call = 4, .amount = 500.0};
  Probe probe(setup, {Setup::kPcs}, {{Setup::kSea, Setup::kPcs, 2.0, bulk}});
  testing::run_probe(probe, setup);
  const auto at_terminal = at_lp(probe.received(), setup.terminal_lp(0));
  const Received* pickup = of_call(at_terminal, 4);
  ASSERT_NE(pickup, nullptr);
  EXPECT_NEAR(pickup->at_h, 2.25 + 2.01, kExact);
  EXPECT_EQ(pickup->message.as<Batch>().company, 0U) << "the company travels with it";
  EXPECT_EQ(probe.model().pcs().stats().manual, 1U);
}

TEST(PcsManualMode, HeldDeclarationsWaitForTheSystemWhileTheDeskWorksTheRest) {
  // Down at 1 h, manual from 3 h, back at 10 h. A declaration at 2 h and one
  // at 4 h wait for the system (passed at 10 h + the latency); the
  // notification held since 2 h passes the desk at 3.25 h.
  Scenario s = manual_desk();
  s.pcs.manual_hold_declarations = true;
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 0.0}, {s.pcs.id, 3.0, 0.0, true}, {s.pcs.id, 10.0, 1.0}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPcs},
              {{Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::cargo_declaration, 0)},
               {Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::pre_arrival_notification, 1)},
               {Setup::kSea, Setup::kPcs, 4.0, paper(MessageKind::cargo_declaration, 2)}});
  testing::run_probe(probe, setup);
  const auto at_customs = at_lp(probe.received(), Setup::kCustoms);
  ASSERT_EQ(at_customs.size(), 2U);
  EXPECT_EQ(call_of(at_customs[0].message), 0U) << "in arrival order";
  for (const Received& r : at_customs) {
    EXPECT_NEAR(r.at_h, 10.0 + 1.0 / 12.0, kExact) << "declaration " << call_of(r.message);
  }
  const auto notification_all = at_lp(probe.received(), Setup::kPortAuthority);
  const Received* notification = of_call(notification_all, 1);
  ASSERT_NE(notification, nullptr);
  EXPECT_NEAR(notification->at_h, 3.25 + 2.01, kExact);
  EXPECT_EQ(probe.model().pcs().stats().held, 3U);
  EXPECT_EQ(probe.model().pcs().stats().manual, 1U);
}

TEST(PcsManualMode, EndingManualModeDoesNotPassATruckPickupUnderWayTwice) {
  // 8 boxes at 4 an hour from 2 h: passed at 2.25 h; manual mode ends at
  // 3 h, while the desk is still at it. The notification queued behind it
  // passes at normal speed then; the pickup reached the terminal once.
  const Scenario s = manual_desk();
  ModelOptions options;
  options.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}, {s.pcs.id, 3.0, 1.0, false}};
  const port::Setup setup(s, options);
  Probe probe(setup, {Setup::kPcs},
              {{Setup::kSea, Setup::kPcs, 2.0, truck_pickup(5, 8, 0)},
               {Setup::kSea, Setup::kPcs, 2.0, paper(MessageKind::pre_arrival_notification, 6)}});
  testing::run_probe(probe, setup);
  EXPECT_EQ(at_lp(probe.received(), setup.terminal_lp(0)).size(), 1U);
  const auto notification_all = at_lp(probe.received(), Setup::kPortAuthority);
  const Received* notification = of_call(notification_all, 6);
  ASSERT_NE(notification, nullptr);
  EXPECT_NEAR(notification->at_h, 3.0 + 1.0 / 12.0, kExact);
  EXPECT_NEAR(probe.model().pcs().backlog().value(), 0.0, 0.0);
}

TEST(PcsManualMode, AManualPcsWithoutDeskCapacityIsRefused) {
  Scenario s = clockwork(24.0);
  s.pcs.manual_capacity_per_h = 0.0;
  PortRunOptions options;
  options.model.capacity_changes = {{s.pcs.id, 1.0, 1.0, true}};
  try {
    (void)run_port(s, options);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("manual_capacity_per_h > 0"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace porttwin::port
