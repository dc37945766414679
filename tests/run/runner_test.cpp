// The one ensemble runner (run/runner.hpp): sinks get every finished
// replication once, with the same figures and records on any number of
// threads; observers see progress in order; a failing sink or a stop request
// stops the run; a sweep's plan runs every point's replications.
#include "porttwin/run/runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "porttwin/run/figures.hpp"

namespace {

using namespace porttwin;

scenario::ScenarioDocument short_ransomware() {
  auto doc =
      scenario::ScenarioDocument::from_file(std::string(PORTTWIN_SOURCE_DIR) + "/scenarios/terminal-ransomware.yaml");
  doc.set("settings.horizon", "30 d");
  doc.set("settings.warmup", "7 d");
  doc.set("cyber.incidents.notpetya.at", "10 d");
  return doc;
}

/// Keeps what it is given: each task's figures and (asked for) record sizes.
class Keeper final : public run::Sink {
 public:
  explicit Keeper(bool records) : records_(records) {}
  [[nodiscard]] bool needs_record() const override { return records_; }
  void accept(const run::Finished& f) override {
    const std::lock_guard guard(lock_);
    EXPECT_TRUE(seen_.insert(f.index).second) << "task " << f.index << " twice";
    figures_[f.index] = f.figures();
    if (records_) record_columns_[f.index] = f.record().columns.size();
  }
  bool records_;
  std::mutex lock_;
  std::set<std::uint32_t> seen_;
  std::map<std::uint32_t, std::vector<double>> figures_;
  std::map<std::uint32_t, std::size_t> record_columns_;
};

class Watcher final : public run::Observer {
 public:
  void finished(const run::Task& task, const run::EnsembleProgress& p) override {
    ++calls;
    EXPECT_EQ(p.done, static_cast<std::uint32_t>(calls));
    EXPECT_GE(task.replication, 3U);
    events = p.events;
  }
  int calls = 0;
  std::uint64_t events = 0;
};

std::vector<std::uint32_t> every_task(const run::Plan& plan) {
  std::vector<std::uint32_t> todo(plan.tasks.size());
  for (std::uint32_t i = 0; i < todo.size(); ++i) todo[i] = i;
  return todo;
}

TEST(Runner, EverySinkGetsEveryTaskOnceWithTheSameFiguresOnAnyNumberOfThreads) {
  const run::Plan plan = run::make_plan(short_ransomware(), 3, 4);
  ASSERT_EQ(plan.tasks.size(), 4U);
  std::map<std::uint32_t, std::vector<double>> previous;
  for (const int threads : {1, 2, 4}) {
    Keeper figures(false), records(true);
    run::SummarySink summary(plan);
    Watcher watcher;
    run::RunnerOptions options;
    options.threads = threads;
    run::Sink* sinks[] = {&figures, &records, &summary};
    run::Observer* observers[] = {&watcher};
    const run::RunnerOutcome outcome = run::run_plan(plan, every_task(plan), options, sinks, observers);
    EXPECT_EQ(outcome.ran, 4U);
    EXPECT_EQ(watcher.calls, 4);
    EXPECT_EQ(watcher.events, outcome.events);
    EXPECT_EQ(figures.seen_.size(), 4U);
    EXPECT_EQ(records.record_columns_.at(0), plan.layouts.front().variables.size());
    for (const auto& [task, row] : figures.figures_) {
      EXPECT_EQ(std::memcmp(row.data(), records.figures_.at(task).data(), row.size() * sizeof(double)), 0);
      if (!previous.empty()) {
        EXPECT_EQ(std::memcmp(row.data(), previous.at(task).data(), row.size() * sizeof(double)), 0)
            << threads << " threads, task " << task;
      }
    }
    previous = figures.figures_;
    const std::vector<run::EnsembleResult> results = summary.results();
    ASSERT_EQ(results.size(), 1U);
    EXPECT_EQ(results.front().values.size(), 4U);
    EXPECT_EQ(results.front().names.size(), run::figures_for(true).size());
    EXPECT_EQ(results.front().events, outcome.events);
  }
}

TEST(Runner, ASinkThatFailsStopsTheRunAndItsErrorReachesTheCaller) {
  const run::Plan plan = run::make_plan(short_ransomware(), 0, 6);
  struct Failing final : run::Sink {
    std::atomic<int> calls{0};
    void accept(const run::Finished&) override {
      if (++calls == 1) throw IoError("the disk is full");
    }
  } failing;
  run::RunnerOptions options;
  run::Sink* sinks[] = {&failing};
  EXPECT_THROW((void)run::run_plan(plan, every_task(plan), options, sinks), IoError);
  EXPECT_LT(failing.calls.load(), 6) << "replications went on after the failure";
}

TEST(Runner, AStopRequestIsInterruptedAfterTheReplicationsInFlight) {
  const run::Plan plan = run::make_plan(short_ransomware(), 0, 6);
  struct Stopper final : run::Observer {
    void finished(const run::Task&, const run::EnsembleProgress&) override { run::request_stop(); }
  } stopper;
  Keeper keeper(false);
  run::RunnerOptions options;
  run::Sink* sinks[] = {&keeper};
  run::Observer* observers[] = {&stopper};
  EXPECT_THROW((void)run::run_plan(plan, every_task(plan), options, sinks, observers), run::Interrupted);
  EXPECT_EQ(keeper.seen_.size(), 1U);
  EXPECT_EQ(run::replications_in_flight(), 0);
}

TEST(Runner, ASweepPlanRunsEveryPointsReplicationsPointByPoint) {
  std::vector<run::SweepPoint> points(2);
  points[0].overrides = {{"defences.backups.enabled", "false"}};
  points[1].overrides = {{"defences.backups.enabled", "true"}};
  const run::Plan plan = run::make_plan(short_ransomware(), 5, 2, points);
  ASSERT_EQ(plan.tasks.size(), 4U);
  EXPECT_EQ(plan.tasks[1].point, 0U);
  EXPECT_EQ(plan.tasks[2].point, 1U);
  EXPECT_EQ(plan.tasks[3].replication, 6U);
  EXPECT_NE(plan.identities[0].fingerprint, plan.identities[1].fingerprint);
  run::SummarySink summary(plan);
  run::RunnerOptions options;
  options.threads = 2;
  run::Sink* sinks[] = {&summary};
  (void)run::run_plan(plan, every_task(plan), options, sinks);
  EXPECT_EQ(summary.results().size(), 2U);
  std::vector<run::SweepPoint> bad(1);
  bad[0].overrides = {{"settings.horizon", "-3 d"}};
  EXPECT_THROW((void)run::make_plan(short_ransomware(), 0, 1, bad), ScenarioError);
}

}  // namespace
