// Resilience figures (metrics/resilience.hpp) on hand-built timelines: hourly
// samples of cumulative throughput, the answers worked out by hand in the
// comments. Hour h below is the interval (h - 1, h]; the baseline handles
// 100 TEU in every hour unless a test says otherwise.
#include "porttwin/metrics/resilience.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <vector>

namespace porttwin::metrics {
namespace {

constexpr double kExact = 1e-9;

struct Timeline {
  std::vector<double> time_h;
  std::vector<double> baseline;
  std::vector<double> disrupted;
};

/// Samples at 0, 1, ..., hours h; each cumulative curve starts at 0 and adds
/// rate(h) over hour h.
Timeline hourly(int hours, const std::function<double(int)>& baseline_rate,
                const std::function<double(int)>& disrupted_rate) {
  Timeline t{{0.0}, {0.0}, {0.0}};
  for (int h = 1; h <= hours; ++h) {
    t.time_h.push_back(h);
    t.baseline.push_back(t.baseline.back() + baseline_rate(h));
    t.disrupted.push_back(t.disrupted.back() + disrupted_rate(h));
  }
  return t;
}

double steady(int) { return 100.0; }

ResilienceFigures figures(const Timeline& t, double onset_h, double window_h = 24.0, double threshold = 0.95) {
  return resilience(t.time_h, t.baseline, t.disrupted, onset_h, window_h, threshold);
}

std::vector<double> curve(const Timeline& t, double window_h) {
  return performance_curve(t.time_h, t.baseline, t.disrupted, window_h);
}

TEST(Resilience, NoDisruptionKeepsFullPerformanceAndLosesNothing) {
  const Timeline t = hourly(72, steady, steady);
  for (const double q : curve(t, 24.0)) EXPECT_EQ(q, 1.0);
  const ResilienceFigures f = figures(t, 24.0);
  EXPECT_EQ(f.recovery_95_h, 0.0);
  EXPECT_EQ(f.resilience_loss_h, 0.0);
  EXPECT_EQ(f.resilience_loss_teu, 0.0);
  EXPECT_EQ(f.teu_not_handled, 0.0);
  EXPECT_EQ(f.onset_h, 24.0);
}

TEST(Resilience, AFullDayStopGivesATriangleOfOneDayLost) {
  // Nothing handled in hours 49-72 (48 h to 72 h), onset 48 h, 24 h window.
  // Over the window ending at t: Q = (72 - t) / 24 for 48 <= t <= 72 and
  // (t - 72) / 24 for 72 <= t <= 96, then 1. Q(49) = 23/24 >= 0.95, Q(50) =
  // 22/24 < 0.95: the drop. Q(94) = 22/24, Q(95) = 23/24 and 1 from 96 on:
  // recovery at 95 h, 47 h after the onset.
  // 1 - Q is (t - 48)/24 then (96 - t)/24, linear between samples, so the
  // trapezoids are exact: 12 h (48-72) + (24^2 - 1^2)/48 h (72-95) = 1151/48 h.
  // At 95 h: 9500 - 7100 = 2400 TEU behind; at 120 h: 12000 - 9600.
  const Timeline t = hourly(120, steady, [](int h) { return h > 48 && h <= 72 ? 0.0 : 100.0; });
  const std::vector<double> q = curve(t, 24.0);
  EXPECT_NEAR(q[48], 1.0, kExact);
  EXPECT_NEAR(q[49], 23.0 / 24.0, kExact);
  EXPECT_NEAR(q[60], 12.0 / 24.0, kExact);
  EXPECT_NEAR(q[72], 0.0, kExact);
  EXPECT_NEAR(q[95], 23.0 / 24.0, kExact);
  EXPECT_NEAR(q[96], 1.0, kExact);
  const ResilienceFigures f = figures(t, 48.0);
  EXPECT_NEAR(f.recovery_95_h, 47.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 1151.0 / 48.0, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 2400.0, kExact);
  EXPECT_NEAR(f.teu_not_handled, 2400.0, kExact);
}

TEST(Resilience, HalfSpeedForTwoDaysRecoversWhenTheWindowIsMostlyNormalAgain) {
  // 50 TEU/h in hours 49-96, onset 48 h, 24 h window, samples to 144 h.
  // Q = 2 - t/48 on 48-72 (Q(50) = 0.958, Q(51) = 0.9375: the drop), 0.5 on
  // 72-96, t/48 - 1.5 on 96-120: Q(117) = 0.9375, Q(118) = 0.9583: recovery
  // at 118 h, 70 h after the onset. Lost share, linear between samples:
  // 24 x 0.5 / 2 = 6 (48-72) + 24 x 0.5 = 12 (72-96) + 22 x (0.5 + 1/24) / 2
  // = 143/24 (96-118): 575/24 h. At 118 h: 11800 - (4800 + 2400 + 2200).
  const Timeline t = hourly(144, steady, [](int h) { return h > 48 && h <= 96 ? 50.0 : 100.0; });
  const ResilienceFigures f = figures(t, 48.0);
  EXPECT_NEAR(f.recovery_95_h, 70.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 575.0 / 24.0, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 2400.0, kExact);
  EXPECT_NEAR(f.teu_not_handled, 2400.0, kExact);
  // Q never falls below 0.5: with that threshold it never dropped.
  const ResilienceFigures lenient = figures(t, 48.0, 24.0, 0.5);
  EXPECT_EQ(lenient.recovery_95_h, 0.0);
  EXPECT_EQ(lenient.resilience_loss_h, 0.0);
}

TEST(Resilience, AStopToTheHorizonNeverRecovers) {
  // Nothing handled after 48 h, samples to 120 h: Q falls to 0 at 72 h and
  // stays. Lost: 12 h (48-72) + 48 h (72-120); behind 12000 - 4800 at the end.
  const Timeline t = hourly(120, steady, [](int h) { return h > 48 ? 0.0 : 100.0; });
  const ResilienceFigures f = figures(t, 48.0);
  EXPECT_TRUE(std::isnan(f.recovery_95_h));
  EXPECT_NEAR(f.resilience_loss_h, 60.0, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 7200.0, kExact);
  EXPECT_NEAR(f.teu_not_handled, 7200.0, kExact);
}

// The next tests use a 2 h window, so Q(t) = (d(t - 1) + d(t)) / 200 with
// d(h) the disrupted TEU in hour h, and the recovery must hold at the next
// two samples.

TEST(Resilience, AChanceDipIsADropThatRecoversAsSoonAsItHasPassed) {
  // 80 TEU in hour 6, onset 4 h: Q = 1, 1, 0.9, 0.9, 1 at 4-8 h; the drop at
  // 6 h, recovery at 8 h (9 and 10 h are 1): 4 h. Lost 0.05 + 0.1 + 0.05 h;
  // 800 - 780 TEU behind at 8 h.
  const Timeline t = hourly(12, steady, [](int h) { return h == 6 ? 80.0 : 100.0; });
  const ResilienceFigures f = figures(t, 4.0, 2.0);
  EXPECT_NEAR(f.recovery_95_h, 4.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 0.2, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 20.0, kExact);
  // With a 1 h window Q(6) = 0.8 alone, and the very next sample, 7 h, is
  // the recovery: 3 h. Lost 0.1 + 0.1 h.
  const ResilienceFigures hourly_window = figures(t, 4.0, 1.0);
  EXPECT_NEAR(hourly_window.recovery_95_h, 3.0, kExact);
  EXPECT_NEAR(hourly_window.resilience_loss_h, 0.2, kExact);
}

TEST(Resilience, ADipAtTheEndOfTheWindowPostponesRecovery) {
  // Nothing in hours 5-6, 80 TEU in hour 10, onset 4 h. Q at 4..12 h: 1, 0.5,
  // 0, 0.5, 1, 1, 0.9, 0.9, 1. 8 h is not a recovery: 10 h = 8 h + window
  // dips. Nor 9 h; 12 h is (13, 14 h are 1): 8 h after the onset. Lost:
  // 0.25 + 0.75 + 0.75 + 0.25 + 0 + 0.05 + 0.1 + 0.05 = 2.2 h; at 12 h,
  // 1200 - 980 TEU behind.
  const Timeline t = hourly(16, steady, [](int h) { return h == 5 || h == 6 ? 0.0 : h == 10 ? 80.0 : 100.0; });
  const ResilienceFigures f = figures(t, 4.0, 2.0);
  EXPECT_NEAR(f.recovery_95_h, 8.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 2.2, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 220.0, kExact);
}

TEST(Resilience, ADipJustAfterTheWindowDoesNotPostponeRecovery) {
  // As above with the 80 TEU hour at 11: Q(11) = Q(12) = 0.9, past 8 h +
  // window, so 8 h is the recovery (4 h after the onset). Lost 0.25 + 0.75 +
  // 0.75 + 0.25 = 2 h; at 8 h 800 - 600 TEU behind; 1600 - 1380 at the end.
  const Timeline t = hourly(16, steady, [](int h) { return h == 5 || h == 6 ? 0.0 : h == 11 ? 80.0 : 100.0; });
  const ResilienceFigures f = figures(t, 4.0, 2.0);
  EXPECT_NEAR(f.recovery_95_h, 4.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 2.0, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 200.0, kExact);
  EXPECT_NEAR(f.teu_not_handled, 220.0, kExact);
}

TEST(Resilience, WindowsWhereTheBaselineIsIdleCountAsFullPerformance) {
  // The baseline is idle in hours 5-8 (a closed port). The disrupted run
  // handles 50 in hour 4 and the other 50 in hour 7, while the baseline is
  // idle. Onset 2 h. Q at 2..9 h: 1, 1, 0.75, (50 + 0)/(100 + 0) = 0.5, then
  // 1 at 6, 7 (not 50/0) and 8 h (baseline idle in the window), 1 at 9 h.
  // Drop at 4 h, recovery at 6 h: 4 h. Lost: 0 + 0.125 + 0.375 + 0.25 h; at
  // 6 h 400 - 350 TEU behind, even at the end.
  const auto baseline = [](int h) { return h >= 5 && h <= 8 ? 0.0 : 100.0; };
  const Timeline t = hourly(12, baseline, [&](int h) { return h == 4 ? 50.0 : h == 7 ? 50.0 : baseline(h); });
  const std::vector<double> q = curve(t, 2.0);
  EXPECT_NEAR(q[4], 0.75, kExact);
  EXPECT_NEAR(q[5], 0.5, kExact);
  EXPECT_EQ(q[6], 1.0);
  EXPECT_EQ(q[7], 1.0);
  EXPECT_EQ(q[8], 1.0);
  EXPECT_NEAR(q[9], 1.0, kExact);
  const ResilienceFigures f = figures(t, 2.0, 2.0);
  EXPECT_NEAR(f.recovery_95_h, 4.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 0.75, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 50.0, kExact);
  EXPECT_NEAR(f.teu_not_handled, 0.0, kExact);
}

TEST(Resilience, CatchingUpAboveTheBaselineDoesNotPayBackTheLoss) {
  // Onset 4 h; hours 5..10 handle 0, 300, 0, 0, 100, 100. Q at 4..12 h: 1,
  // 0.5, 1.5, 1.5, 0, 0.5, 1, 1, 1. 6 and 7 h fail at 8 h; recovery at 10 h
  // (6 h after the onset). Lost share 1 - min(Q, 1): 0, 0.5, 0, 0, 1, 0.5, 0:
  // 0.25 + 0.25 + 0 + 0.5 + 0.75 + 0.25 = 2 h (with Q unclipped: 1 h). At
  // 10 h 1000 - 900 TEU behind.
  const std::vector<double> extra{0.0, 300.0, 0.0, 0.0};
  const Timeline t =
      hourly(14, steady, [&](int h) { return h >= 5 && h <= 8 ? extra[static_cast<std::size_t>(h - 5)] : 100.0; });
  const ResilienceFigures f = figures(t, 4.0, 2.0);
  EXPECT_NEAR(f.recovery_95_h, 6.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 2.0, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 100.0, kExact);
}

TEST(Resilience, RecoveryAtTheLastSampleCountsWithNoSamplesLeftToHold) {
  // Nothing in hours 3-8, onset 2 h, samples to 10 h: Q(9) = 0.5, Q(10) = 1,
  // the last sample: recovery, 8 h. Lost: 0.25 + 0.75 + 4 x 1 + 0.75 + 0.25
  // = 6 h; 1000 - 400 TEU behind.
  const Timeline t = hourly(10, steady, [](int h) { return h >= 3 && h <= 8 ? 0.0 : 100.0; });
  const ResilienceFigures f = figures(t, 2.0, 2.0);
  EXPECT_NEAR(f.recovery_95_h, 8.0, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 6.0, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 600.0, kExact);
}

TEST(Resilience, ADropBeforeTheOnsetDoesNotCount) {
  // Nothing in hour 3: Q(3) = Q(4) = 0.5, but the onset is 6 h and Q is 1
  // from 5 h: never dropped, so nothing lost even though 100 TEU behind.
  const Timeline t = hourly(12, steady, [](int h) { return h == 3 ? 0.0 : 100.0; });
  const ResilienceFigures f = figures(t, 6.0, 2.0);
  EXPECT_EQ(f.recovery_95_h, 0.0);
  EXPECT_EQ(f.resilience_loss_h, 0.0);
  EXPECT_EQ(f.resilience_loss_teu, 0.0);
  EXPECT_NEAR(f.teu_not_handled, 100.0, kExact);
}

TEST(Resilience, AnOnsetBetweenSamplesCountsFromTheNextSample) {
  // Nothing in hour 5, onset 4.5 h: Q(5) = Q(6) = 0.5, Q(7) = 1: recovery at
  // 7 h, 2.5 h after the onset. Lost from 5 h (not 4 h): 0.5 + 0.25 h.
  const Timeline t = hourly(12, steady, [](int h) { return h == 5 ? 0.0 : 100.0; });
  const ResilienceFigures f = figures(t, 4.5, 2.0);
  EXPECT_NEAR(f.recovery_95_h, 2.5, kExact);
  EXPECT_NEAR(f.resilience_loss_h, 0.75, kExact);
  EXPECT_NEAR(f.resilience_loss_teu, 100.0, kExact);
}

TEST(PerformanceCurve, AWindowReachingBeforeTheFirstSampleStartsThere) {
  // Samples from 10 h with cumulative values already at 1000; 2 h window.
  // Q(10) = 1 (empty window); Q(11): from 10 h, 50/100; Q(12): from 10 h,
  // 150/200; Q(13): from 11 h, 200/200.
  const std::vector<double> time{10.0, 11.0, 12.0, 13.0};
  const std::vector<double> baseline{1000.0, 1100.0, 1200.0, 1300.0};
  const std::vector<double> disrupted{1000.0, 1050.0, 1150.0, 1250.0};
  const std::vector<double> q = performance_curve(time, baseline, disrupted, 2.0);
  ASSERT_EQ(q.size(), 4U);
  EXPECT_EQ(q[0], 1.0);
  EXPECT_NEAR(q[1], 0.5, kExact);
  EXPECT_NEAR(q[2], 0.75, kExact);
  EXPECT_NEAR(q[3], 1.0, kExact);
}

TEST(PerformanceCurve, AWindowStartingBetweenSamplesInterpolatesTheCurves) {
  // Samples every 2 h, 3 h window. Q(4): from 1 h, where B = D = 100:
  // (200 - 100)/(400 - 100) = 1/3. Q(6): from 3 h, B = 300, D = 200:
  // 300/300 = 1. (The sample before the start would give 0.5 and 0.75.)
  const std::vector<double> time{0.0, 2.0, 4.0, 6.0};
  const std::vector<double> baseline{0.0, 200.0, 400.0, 600.0};
  const std::vector<double> disrupted{0.0, 200.0, 200.0, 500.0};
  const std::vector<double> q = performance_curve(time, baseline, disrupted, 3.0);
  EXPECT_NEAR(q[1], 1.0, kExact);
  EXPECT_NEAR(q[2], 1.0 / 3.0, kExact);
  EXPECT_NEAR(q[3], 1.0, kExact);
}

TEST(Resilience, MalformedTimelinesAreBugsAndThrow) {
  const std::vector<double> none;
  const std::vector<double> two{0.0, 1.0};
  const std::vector<double> three{0.0, 1.0, 2.0};
  const std::vector<double> repeated{0.0, 1.0, 1.0};
  EXPECT_THROW((void)resilience(none, none, none, 0.0), std::invalid_argument);
  EXPECT_THROW((void)resilience(three, two, three, 0.0), std::invalid_argument);
  EXPECT_THROW((void)resilience(three, three, two, 0.0), std::invalid_argument);
  EXPECT_THROW((void)resilience(repeated, three, three, 0.0), std::invalid_argument);
  EXPECT_THROW((void)resilience(three, three, three, 0.0, 0.0), std::invalid_argument);
  EXPECT_THROW((void)resilience(three, three, three, std::nan("")), std::invalid_argument);
  EXPECT_THROW((void)performance_curve(none, none, none), std::invalid_argument);
  EXPECT_NO_THROW((void)resilience(three, three, three, 0.0));
}

}  // namespace
}  // namespace porttwin::metrics
