// BERTH WINDOWS (port/services.hpp): liner services with a fixed class,
// terminal and weekly window; each vessel arrives at its window plus a
// deviation (on time) or a late delay. Checked against hand-worked schedules
// and against the GI/M/1 queue with deterministic arrivals (D/M/1).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::ArrivalStream;
using scenario::Scenario;

constexpr double kWeek = 168.0;

/// The container port's one stream as weekly services: 0.2 /h x 168 h = 33.6, so 34 services;
/// by the shares 0.4 / 0.6 (13.6 / 20.4, largest remainder) 14 big and 20 feeders; the big
/// ships fit only north's 400 m berths, the feeders split 10 / 10 by the equal crane counts.
Scenario weekly_port(double weeks) {
  Scenario s = testing::container_port(kWeek * weeks);
  s.settings.warmup_h = 0.0;
  ArrivalStream& stream = s.traffic.streams[0];
  stream.process = ArrivalStream::Process::windows;
  stream.period_h = kWeek;
  return s;
}

/// The first visit of each call (where the vessel arrived in the port).
std::vector<VesselVisit> arrivals(const PortRunResult& r) {
  std::map<std::uint32_t, VesselVisit> first;
  for (const VesselVisit& v : r.vessels) {
    auto [it, inserted] = first.emplace(v.call, v);
    if (!inserted && v.arrival_h < it->second.arrival_h) it->second = v;
  }
  std::vector<VesselVisit> out;
  for (const auto& [call, v] : first) out.push_back(v);
  std::sort(out.begin(), out.end(),
            [](const VesselVisit& a, const VesselVisit& b) { return a.arrival_h < b.arrival_h; });
  return out;
}

TEST(BerthWindows, EachServiceCallsItsTerminalAtItsWindowEveryWeek) {
  const Scenario s = weekly_port(4.0);
  const PortRunResult r = run_port(s, PortRunOptions{});
  const std::vector<VesselVisit> calls = arrivals(r);
  // Per week: north's 24 windows 7 h apart from 3.5 h, south's 10 windows 16.8 h apart from 8.4 h.
  std::map<std::pair<std::uint32_t, std::uint16_t>, int> per_week;  // (terminal, class) -> calls in week 1
  std::map<std::uint32_t, std::vector<std::pair<double, std::uint16_t>>> week1;
  for (const VesselVisit& v : calls) {
    const int week = static_cast<int>(std::floor(v.arrival_h / kWeek));
    const double offset = v.arrival_h - kWeek * week;
    const double spacing = v.terminal == 0 ? 7.0 : 16.8;
    const double k = (offset - spacing / 2.0) / spacing;
    EXPECT_NEAR(k, std::round(k), 1e-6) << "arrival at " << v.arrival_h << " h, terminal " << v.terminal;
    if (week == 1) {
      ++per_week[{v.terminal, v.vessel_class}];
      week1[v.terminal].emplace_back(offset, v.vessel_class);
    }
  }
  EXPECT_EQ(calls.size(), 34U * 4U);
  EXPECT_EQ((per_week[{0, 0}]), 14);  // big at north
  EXPECT_EQ((per_week[{0, 1}]), 10);  // feeders at north
  EXPECT_EQ((per_week[{1, 1}]), 10);  // feeders at south
  EXPECT_EQ((per_week[{1, 0}]), 0);
  // Every week the same services in the same windows.
  for (const VesselVisit& v : calls) {
    if (v.arrival_h < kWeek || v.arrival_h >= 2 * kWeek) continue;
    bool same_next_week = false;
    for (const VesselVisit& w : calls) {
      same_next_week = same_next_week || (std::fabs(w.arrival_h - v.arrival_h - kWeek) < 1e-6 &&
                                          w.terminal == v.terminal && w.vessel_class == v.vessel_class);
    }
    EXPECT_TRUE(same_next_week) << v.arrival_h;
  }
  // North's 14 big ships are spread among its 24 windows: never three in a row (the week wraps).
  auto& north = week1[0];
  std::sort(north.begin(), north.end());
  ASSERT_EQ(north.size(), 24U);
  for (std::size_t i = 0; i < north.size(); ++i) {
    const bool run = north[i].second == 0 && north[(i + 1) % 24].second == 0 && north[(i + 2) % 24].second == 0;
    EXPECT_FALSE(run) << "three big ships in a row from window " << i;
  }
}

TEST(BerthWindows, LateCallsArriveTheirDelayAfterTheirWindow) {
  Scenario s = weekly_port(3.0);
  s.traffic.streams[0].on_time = 0.0;
  s.traffic.streams[0].late_h = kernel::Deterministic(30.0);
  const PortRunResult on_time = run_port(weekly_port(3.0), PortRunOptions{});
  const PortRunResult late = run_port(s, PortRunOptions{});
  const std::vector<VesselVisit> a = arrivals(on_time);
  const std::vector<VesselVisit> b = arrivals(late);
  // The late run's arrivals are the on-time run's, 30 h later (those of the last 30 h of the
  // horizon fall outside it).
  std::multiset<double> shifted;
  for (const VesselVisit& v : a) {
    if (v.arrival_h + 30.0 < s.settings.horizon_h) shifted.insert(std::round((v.arrival_h + 30.0) * 1e6));
  }
  std::multiset<double> seen;
  for (const VesselVisit& v : b) seen.insert(std::round(v.arrival_h * 1e6));
  EXPECT_EQ(seen, shifted);
}

TEST(BerthWindows, TheShareOnTimeFollowsOnTimeAndTheDeviationIsDrawnPerCall) {
  Scenario s = weekly_port(30.0);
  auto& stream = s.traffic.streams[0];
  stream.on_time = 0.6;
  stream.deviation_h = kernel::Uniform(-2.0, 2.0);
  stream.late_h = kernel::Deterministic(30.0);
  PortRunOptions options;
  options.sample = false;
  const PortRunResult r = run_port(s, options);
  std::size_t on = 0, counted = 0;
  std::set<long> distinct;
  for (const VesselVisit& v : arrivals(r)) {
    if (v.arrival_h < 2 * kWeek || v.arrival_h > 28 * kWeek) continue;  // whole weeks, late ones included
    const double spacing = v.terminal == 0 ? 7.0 : 16.8;
    const double offset = std::fmod(v.arrival_h, kWeek);
    // Distance to the nearest window of its terminal: within 2 h if on time, else about 30 h off
    // (which is never within 2 h of a window at either terminal: 30 mod 7 = 2, 30 mod 16.8 = 13.2).
    const double k = (offset - spacing / 2.0) / spacing;
    const double off_window = std::fabs(k - std::round(k)) * spacing;
    ++counted;
    if (off_window < 2.0 - 1e-9) ++on;
    distinct.insert(std::lround(v.arrival_h * 1000.0));
  }
  ASSERT_GT(counted, 800U);
  const double share = static_cast<double>(on) / static_cast<double>(counted);
  const double sigma = std::sqrt(0.6 * 0.4 / static_cast<double>(counted));
  EXPECT_NEAR(share, 0.6, 4.0 * sigma);
  EXPECT_GT(distinct.size(), counted * 9 / 10);  // deviations differ from call to call
}

/// GI/M/1 with deterministic interarrival time D and exponential service of mean 1/mu: the
/// mean wait is sigma / (mu (1 - sigma)), sigma the root in (0, 1) of sigma = exp(-mu D (1 - sigma)).
double dm1_wait(double interarrival_h, double service_h) {
  double sigma = 0.5;
  for (int i = 0; i < 500; ++i) sigma = std::exp(-(interarrival_h / service_h) * (1.0 - sigma));
  return service_h * sigma / (1.0 - sigma);
}

TEST(BerthWindows, OneBerthWithPunctualWindowsWaitsAsTheDMOneQueue) {
  EXPECT_NEAR(dm1_wait(14.0, 10.0), 9.569, 1e-3);  // the formula, against a hand iteration
  // One berth, exponential handling of mean 10 h; 12 services a week: a vessel every 14 h
  // (rho 0.71), where Poisson arrivals at that rate would wait 25 h (M/M/1).
  const double weeks = 12000.0;  // 576,000 calls in 4 replications: the estimate spreads by about 1%
  Scenario s = testing::mmc(1, 10.0 / 14.0, 10.0, kWeek * weeks, 2000.0);
  s.traffic.streams[0].process = ArrivalStream::Process::windows;
  s.traffic.streams[0].period_h = kWeek;
  s.traffic.streams[0].rate_per_h = 12.0 / kWeek;
  const auto [wait_h, calls] = testing::pooled_wait(s, 4);
  EXPECT_GT(calls, 570000.0);
  EXPECT_NEAR(wait_h / dm1_wait(14.0, 10.0), 1.0, 0.03) << wait_h << " h over " << calls;
}

TEST(BerthWindows, AVesselLateForItsWindowIsLateOnItsSchedule) {
  // SCHEDULE RELIABILITY runs from the berth window: on its window a call leaves about its
  // planned stay later (on schedule, the port has room); 30 h late it leaves more than a day
  // after its planned departure.
  const auto reliability = [](double late_h) {
    Scenario s = weekly_port(6.0);
    s.traffic.streams[0].on_time = 0.0;
    s.traffic.streams[0].late_h = kernel::Deterministic(late_h);
    const PortRunResult r = run_port(s, PortRunOptions{});
    EXPECT_GT(r.kpi.calls_scheduled, 100U);
    return static_cast<double>(r.kpi.calls_on_schedule) / static_cast<double>(r.kpi.calls_scheduled);
  };
  EXPECT_GT(reliability(0.0), 0.9);
  EXPECT_EQ(reliability(30.0), 0.0);
  // Each call's planned departure is its window plus the planned stay, not its arrival's
  // (the first visit, where it arrived in the port, holds its window).
  Scenario s = weekly_port(3.0);
  s.traffic.streams[0].on_time = 0.0;
  s.traffic.streams[0].late_h = kernel::Deterministic(30.0);
  for (const VesselVisit& v : arrivals(run_port(s, PortRunOptions{}))) {
    EXPECT_NEAR(v.scheduled_h, v.arrival_h - 30.0, 1e-6) << v.call;
    EXPECT_LT(v.planned_departure_h, v.arrival_h) << "a 30 h late call was planned to be gone before it came";
  }
}

TEST(BerthWindows, ACallExactlyOnItsWindowHasThatWindowAsItsSchedule) {
  // Zero lateness is a window like any other (not "no window"): the first visit's schedule
  // is its arrival.
  Scenario s = weekly_port(2.0);
  s.traffic.streams[0].on_time = 0.0;
  s.traffic.streams[0].late_h = kernel::Deterministic(0.0);
  const std::vector<VesselVisit> calls = arrivals(run_port(s, PortRunOptions{}));
  ASSERT_GT(calls.size(), 50U);
  for (const VesselVisit& v : calls) EXPECT_EQ(v.scheduled_h, v.arrival_h) << v.call;
}

TEST(BerthWindows, RepeatWithTheSeedAndDifferAcrossReplications) {
  Scenario s = weekly_port(6.0);
  s.traffic.streams[0].on_time = 0.5;
  s.traffic.streams[0].deviation_h = kernel::Uniform(-12.0, 12.0);
  s.traffic.streams[0].late_h = kernel::Exponential(48.0);
  PortRunOptions options;
  const PortRunResult a = run_port(s, options);
  const PortRunResult b = run_port(s, options);
  options.replication = 1;
  const PortRunResult c = run_port(s, options);
  EXPECT_EQ(a.run.trace_hash, b.run.trace_hash);
  EXPECT_NE(a.run.trace_hash, c.run.trace_hash);
}

}  // namespace
}  // namespace porttwin::port
