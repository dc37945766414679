// Time-weighted interval means in the port series (run.hpp, Series) and the
// whole-run area they come from (level.hpp, LevelTracker::area_h): hand-made
// sequences, a stop worked out by hand, the integral identity against the
// model's own trackers, and a check that sampling leaves the run unchanged.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "porttwin/kernel/simulate.hpp"
#include "porttwin/port/model.hpp"
#include "porttwin/port/run.hpp"
#include "test_ports.hpp"

namespace porttwin::port {
namespace {

using scenario::Scenario;
using testing::clockwork;
using testing::container_port;

constexpr double kExact = 1e-9;

TEST(LevelTrackerArea, CoversTheWholeRunWhileTheIntegralSkipsTheWarmUp) {
  // Warm-up 10 h. Value 2 on 0-4 h, 5 on 4-12 h, 1 on 12-16 h, 4 on 16-20 h.
  // Area: 8 by 4 h, 8 + 30 = 38 by 10 h, 8 + 40 + 4 + 16 = 68 by 20 h. The
  // integral starts at 10 h: 0 before, 10 + 4 + 16 = 30 by 20 h.
  LevelTracker level(hours(10.0));
  level.set(0, 2.0);
  level.set(hours(4.0), 5.0);
  EXPECT_NEAR(level.area_h(hours(4.0)), 8.0, kExact);
  EXPECT_EQ(level.integral_h(hours(4.0)), 0.0);
  EXPECT_NEAR(level.area_h(hours(10.0)), 38.0, kExact);
  EXPECT_EQ(level.integral_h(hours(10.0)), 0.0);
  level.add(hours(12.0), -4.0);
  level.add(hours(16.0), 3.0);
  EXPECT_NEAR(level.area_h(hours(20.0)), 68.0, kExact);
  EXPECT_NEAR(level.integral_h(hours(20.0)), 30.0, kExact);
  // Reading does not change it.
  EXPECT_NEAR(level.area_h(hours(20.0)), 68.0, kExact);
}

TEST(LevelTrackerArea, EqualsTheIntegralWithoutAWarmUp) {
  // Value 3 on 1-2.5 h, 0 from then: 4.5 either way.
  LevelTracker level;
  level.set(hours(1.0), 3.0);
  level.set(hours(2.5), 0.0);
  EXPECT_NEAR(level.area_h(hours(6.0)), 4.5, kExact);
  EXPECT_NEAR(level.integral_h(hours(6.0)), 4.5, kExact);
}

/// Index of the sample at `time_h` (which must exist).
std::size_t sample_at(const Series& s, double time_h) {
  for (std::size_t i = 0; i < s.time_h.size(); ++i) {
    if (s.time_h[i] == time_h) return i;
  }
  ADD_FAILURE() << "no sample at " << time_h << " h";
  return 0;
}

TEST(SeriesMeans, AStopInsideAnIntervalShowsInTheMeanThoughNotAtTheInstants) {
  // clockwork: calls at 48, 72 and 96 h, 10 h at the berth each, none
  // waiting. The terminal stops from 97 to 101 h, inside the 6 h interval
  // (96, 102]: level 1 at both instants, mean (1 + 0 + 1 h) / 6 = 1/3; the
  // 96 h call is held 4 h, so at the berth 96-110 h. Berth means, hand
  // computed: (48, 54] 1, (54, 60] 4/6, (60, 66] 0, (102, 108] 1,
  // (108, 114] 2/6. Over 0-120 h: level 116 h, berths 10 + 10 + 14 = 34 h.
  Scenario s = clockwork(24.0 * 5);
  s.settings.sample_interval_h = 6.0;
  PortRunOptions options;
  options.model.capacity_changes = {{"t", 97.0, 0.0}, {"t", 101.0, 1.0}};
  const Series r = run_port(s, options).series;
  ASSERT_EQ(r.terminals, 1U);
  ASSERT_EQ(r.time_h.size(), 20U);
  const std::size_t stop = sample_at(r, 102.0);
  EXPECT_EQ(r.level[stop - 1], 1.0);
  EXPECT_EQ(r.level[stop], 1.0);
  EXPECT_NEAR(r.level_mean[stop], 1.0 / 3.0, kExact);
  EXPECT_EQ(r.level_mean[stop - 1], 1.0);
  EXPECT_EQ(r.level_mean[stop + 1], 1.0);
  EXPECT_NEAR(r.berths_busy_mean[sample_at(r, 54.0)], 1.0, kExact);
  EXPECT_NEAR(r.berths_busy_mean[sample_at(r, 60.0)], 4.0 / 6.0, kExact);
  EXPECT_EQ(r.berths_busy_mean[sample_at(r, 66.0)], 0.0);
  EXPECT_NEAR(r.berths_busy_mean[sample_at(r, 108.0)], 1.0, kExact);
  EXPECT_NEAR(r.berths_busy_mean[sample_at(r, 114.0)], 2.0 / 6.0, kExact);
  double level_h = 0.0, berth_h = 0.0;
  for (std::size_t i = 0; i < r.time_h.size(); ++i) {
    level_h += r.level_mean[i] * 6.0;
    berth_h += r.berths_busy_mean[i] * 6.0;
  }
  EXPECT_NEAR(level_h, 116.0, kExact);
  EXPECT_NEAR(berth_h, 34.0, kExact);
}

/// container_port for 10 days (warm-up 48 h, samples every 6 h)...
Scenario ten_day_port() { return container_port(24.0 * 10); }

/// ...with the north terminal stopped from 96 h to 123 h, so that levels
/// also move inside intervals.
PortRunOptions stopped_options() {
  PortRunOptions options;
  options.model.capacity_changes = {{"north", 96.0, 0.0}, {"north", 123.0, 1.0}};
  return options;
}

/// Runs replication `r` of `s` again, unsampled, and hands `check` the model at
/// the end, to read its trackers: the model is deterministic and the sampler only reads.
template <class Check>
void rerun_unsampled(const Scenario& s, ModelOptions model_options, const PortRunResult& r, Check check) {
  const port::Setup setup(s, std::move(model_options));  // qualified: gtest has a Test::Setup
  PortModel model(setup);
  kernel::RunOptions run;
  run.end_time = setup.horizon();
  run.seed = s.settings.seed;
  const kernel::RunStats stats = kernel::simulate(model, setup.links(), run);
  ASSERT_EQ(stats.trace_hash, r.run.trace_hash);
  check(model, setup);
}

/// The series' means of one quantity, and the model's tracker of it.
struct Quantity {
  const char* name;
  const std::vector<double> Series::*mean;
  const LevelTracker& (*tracker)(const Terminal&);
};

constexpr std::array<Quantity, 7> kQuantities{{
    {"vessels_waiting", &Series::vessels_waiting_mean,
     [](const Terminal& t) -> const LevelTracker& { return t.levels().vessels_waiting; }},
    {"berths_busy", &Series::berths_busy_mean,
     [](const Terminal& t) -> const LevelTracker& { return t.levels().berths_busy; }},
    {"yard", &Series::yard_mean, [](const Terminal& t) -> const LevelTracker& { return t.yard().occupancy(); }},
    {"trucks_waiting", &Series::trucks_waiting_mean,
     [](const Terminal& t) -> const LevelTracker& { return t.levels().trucks_waiting; }},
    {"appointments_held", &Series::appointments_held_mean,
     [](const Terminal& t) -> const LevelTracker& { return t.levels().appointments_held; }},
    {"appointments_held_import", &Series::appointments_held_import_mean,
     [](const Terminal& t) -> const LevelTracker& { return t.levels().appointments_held_import; }},
    {"level", &Series::level_mean, [](const Terminal& t) -> const LevelTracker& { return t.levels().level; }},
}};

TEST(SeriesMeans, MeansTimesIntervalsAddUpToEachTrackersArea) {
  const Scenario s = ten_day_port();
  const PortRunResult r = run_port(s, stopped_options());
  const Series& series = r.series;
  ASSERT_EQ(series.time_h.size(), 40U);
  ASSERT_EQ(series.terminals, 2U);

  rerun_unsampled(s, stopped_options().model, r, [&](const PortModel& model, const port::Setup& setup) {
    for (std::size_t t = 0; t < series.terminals; ++t) {
      const Terminal& terminal = model.terminals()[t];
      for (const Quantity& q : kQuantities) {
        const std::vector<double>& mean = series.*q.mean;
        ASSERT_EQ(mean.size(), series.time_h.size() * series.terminals) << q.name;
        double area = 0.0, counted = 0.0;
        for (std::size_t i = 0; i < series.time_h.size(); ++i) {
          const double dt = series.time_h[i] - (i == 0 ? 0.0 : series.time_h[i - 1]);
          area += mean[i * series.terminals + t] * dt;
          if (series.time_h[i] > 48.0) counted += mean[i * series.terminals + t] * dt;
        }
        const double expected = q.tracker(terminal).area_h(setup.horizon());
        EXPECT_NEAR(area, expected, kExact * std::abs(expected)) << q.name << " at terminal " << t;
        // After the warm-up (a sample boundary), the key figures' integral.
        const double counted_expected = q.tracker(terminal).integral_h(setup.horizon());
        EXPECT_NEAR(counted, counted_expected, kExact * std::abs(counted_expected)) << q.name << " at terminal " << t;
        // Appointments are held only where the gates stop (the north terminal, 0).
        const bool held = std::string_view(q.name).starts_with("appointments_held");
        if (!held || t == 0) {
          EXPECT_GT(expected, 0.0) << q.name << " at terminal " << t << ": the case should exercise it";
        }
      }
    }
  });
}

TEST(SeriesMeans, ThePcsBacklogAddsUpToItsTrackersAreaAndCountsRealMessages) {
  // The PCS down from 96 h, its desk (60 an hour) from 100 h, back at 140 h:
  // the backlog counts real messages (a release of n import boxes is n).
  const Scenario s = ten_day_port();
  PortRunOptions options;
  options.model.capacity_changes = {{s.pcs.id, 96.0, 0.0}, {s.pcs.id, 100.0, 0.0, true}, {s.pcs.id, 140.0, 1.0}};
  const PortRunResult r = run_port(s, options);
  const Series& series = r.series;
  ASSERT_EQ(series.pcs_backlog_mean.size(), series.time_h.size());

  double model_area = 0.0;
  rerun_unsampled(s, options.model, r, [&](const PortModel& model, const port::Setup& setup) {
    model_area = model.pcs().backlog().area_h(setup.horizon());
  });
  double area = 0.0;
  for (std::size_t i = 0; i < series.time_h.size(); ++i) {
    const double dt = series.time_h[i] - (i == 0 ? 0.0 : series.time_h[i - 1]);
    area += series.pcs_backlog_mean[i] * dt;
    if (series.time_h[i] <= 96.0 || series.time_h[i] > 144.0) {
      EXPECT_EQ(series.pcs_backlog_mean[i], 0.0) << series.time_h[i] << " h";
    }
  }
  EXPECT_GT(model_area, 0.0);
  EXPECT_NEAR(area, model_area, kExact * model_area);
  // More real messages waited than events: the desk took box messages one by one.
  EXPECT_GT(r.kpi.pcs_messages_manual, 0U);
  EXPECT_GT(r.kpi.pcs_messages, r.kpi.vessel_calls * 4U) << "releases and pickups count one per box";
}

TEST(SeriesMeans, StayWithinWhatEachQuantityCanBe) {
  const PortRunResult r = run_port(ten_day_port(), stopped_options());
  const Series& s = r.series;
  for (std::size_t i = 0; i < s.time_h.size(); ++i) {
    for (std::size_t t = 0; t < s.terminals; ++t) {
      const std::size_t k = i * s.terminals + t;
      const std::string at = std::to_string(s.time_h[i]) + " h, terminal " + std::to_string(t);
      EXPECT_GE(s.vessels_waiting_mean[k], 0.0) << at;
      EXPECT_GE(s.berths_busy_mean[k], 0.0) << at;
      EXPECT_LE(s.berths_busy_mean[k], 3.0 + kExact) << at;
      EXPECT_GE(s.yard_mean[k], 0.0) << at;
      EXPECT_LE(s.yard_mean[k], r.terminals[t].peak_yard * (1.0 + kExact)) << at;
      EXPECT_GE(s.trucks_waiting_mean[k], 0.0) << at;
      EXPECT_GE(s.appointments_held_import_mean[k], 0.0) << at;
      EXPECT_LE(s.appointments_held_import_mean[k], s.appointments_held_mean[k] * (1.0 + kExact)) << at;
      EXPECT_GE(s.level_mean[k], 0.0) << at;
      EXPECT_LE(s.level_mean[k], 1.0 + kExact) << at;
    }
  }
  // North (terminal 0) stops at 96 h, an instant, and restarts at 123 h,
  // halfway through (120, 126].
  EXPECT_EQ(s.level_mean[sample_at(s, 96.0) * s.terminals], 1.0);
  EXPECT_EQ(s.level_mean[sample_at(s, 102.0) * s.terminals], 0.0);
  EXPECT_NEAR(s.level_mean[sample_at(s, 126.0) * s.terminals], 0.5, kExact);
  EXPECT_EQ(s.level_mean[sample_at(s, 126.0) * s.terminals + 1], 1.0);
}

TEST(SeriesMeans, AreTheSameOnTheParallelScheduler) {
  const PortRunResult reference = run_port(ten_day_port(), stopped_options());
  PortRunOptions options = stopped_options();
  options.scheduler = kernel::SchedulerKind::parallel;
  options.threads = 2;
  const PortRunResult r = run_port(ten_day_port(), options);
  EXPECT_EQ(r.run.trace_hash, reference.run.trace_hash);
  for (const Quantity& q : kQuantities)
    EXPECT_EQ(r.series.*q.mean, reference.series.*q.mean) << q.name;  // bit-identical
}

TEST(SeriesMeans, SamplingLeavesTheRunAndItsFiguresUnchanged) {
  const PortRunResult sampled = run_port(ten_day_port(), stopped_options());
  PortRunOptions options = stopped_options();
  options.sample = false;
  const PortRunResult unsampled = run_port(ten_day_port(), options);
  ASSERT_TRUE(unsampled.series.time_h.empty());
  EXPECT_EQ(sampled.run.trace_hash, unsampled.run.trace_hash);
  EXPECT_EQ(sampled.run.committed_events, unsampled.run.committed_events);
  // Every key figure bit-identical, but the peak yard content: read at the
  // sampling instants when there are samples, bounded by the terminals'
  // peaks without (run.hpp), so it differs by definition.
  KeyFigures expected = unsampled.kpi;
  expected.peak_yard_teu = sampled.kpi.peak_yard_teu;
  EXPECT_TRUE(sampled.kpi == expected);
  EXPECT_LE(sampled.kpi.peak_yard_teu, unsampled.kpi.peak_yard_teu);
  ASSERT_EQ(sampled.terminals.size(), unsampled.terminals.size());
  for (std::size_t t = 0; t < sampled.terminals.size(); ++t) {
    EXPECT_EQ(sampled.terminals[t].yard_integral_h, unsampled.terminals[t].yard_integral_h);
    EXPECT_EQ(sampled.terminals[t].queue_integral_h, unsampled.terminals[t].queue_integral_h);
    EXPECT_EQ(sampled.terminals[t].vessel_hours, unsampled.terminals[t].vessel_hours);
    EXPECT_EQ(sampled.terminals[t].handled, unsampled.terminals[t].handled);
    EXPECT_EQ(sampled.terminals[t].peak_yard, unsampled.terminals[t].peak_yard);
  }
}

}  // namespace
}  // namespace porttwin::port
