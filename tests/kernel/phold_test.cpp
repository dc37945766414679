// Tests include/porttwin/kernel/phold.hpp: the model against renewal theory,
// its validation, and run_phold's determinism across schedulers, threads and
// batches.
#include "porttwin/kernel/phold.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "porttwin/kernel/error.hpp"
#include "porttwin/kernel/simulate.hpp"

namespace porttwin::kernel {
namespace {

PholdConfig small() {
  PholdConfig c;
  c.lps = 512;
  c.events_per_lp = 8;
  c.end_time = 40.0;
  return c;
}

TEST(Phold, CommittedEventsMatchRenewalTheory) {
  // Each of the lps x E event chains is a renewal process whose increments
  // have mean mu = mean and variance s2 = (mean - lookahead)^2. The expected
  // number of renewals in (0, T] is T/mu + (s2 - mu^2) / (2 mu^2) + o(1), and
  // its variance is about s2 T / mu^3 (Cox, Renewal Theory, 1962, ch. 4).
  const PholdConfig c = small();
  const double mu = c.mean;
  const double s2 = (c.mean - c.lookahead) * (c.mean - c.lookahead);
  const double chains = static_cast<double>(c.lps * c.events_per_lp);
  const double expected = chains * (c.end_time / mu + (s2 - mu * mu) / (2 * mu * mu));
  const double stddev = std::sqrt(chains * s2 * c.end_time / (mu * mu * mu));
  const PholdResult result = run_phold(c, {});
  EXPECT_NEAR(static_cast<double>(result.total.committed_events), expected, 5 * stddev);
}

TEST(Phold, AllRemoteAndNoRemoteBothRunToTheEnd) {
  for (double remote : {0.0, 1.0}) {
    PholdConfig c = small();
    c.remote = remote;
    const PholdResult result = run_phold(c, {});
    EXPECT_GT(result.total.committed_events, 100'000U) << "remote " << remote;
  }
}

TEST(Phold, TraceHashIsIdenticalForEverySchedulerAndThreadCount) {
  const PholdConfig c = small();
  PholdRunOptions sequential;
  sequential.seed = 7;
  const PholdResult expected = run_phold(c, sequential);
  for (int threads : {1, 2, 4}) {
    PholdRunOptions parallel = sequential;
    parallel.scheduler = SchedulerKind::parallel;
    parallel.threads = threads;
    const PholdResult got = run_phold(c, parallel);
    EXPECT_EQ(got.total.trace_hash, expected.total.trace_hash) << threads << " threads";
    EXPECT_EQ(got.total.committed_events, expected.total.committed_events) << threads << " threads";
  }
}

TEST(Phold, DifferentSeedsGiveDifferentTraces) {
  PholdRunOptions a;
  a.seed = 1;
  PholdRunOptions b;
  b.seed = 2;
  EXPECT_NE(run_phold(small(), a).total.trace_hash, run_phold(small(), b).total.trace_hash);
}

TEST(Phold, ReplicationAloneEqualsTheSameReplicationInABatch) {
  PholdConfig c = small();
  c.end_time = 10.0;
  PholdRunOptions batch;
  batch.replications = 6;
  batch.threads = 2;
  batch.seed = 99;
  const PholdResult all = run_phold(c, batch);
  ASSERT_EQ(all.replications.size(), 6U);

  // Replication 0 run alone through run_phold...
  PholdRunOptions alone;
  alone.seed = 99;
  EXPECT_EQ(run_phold(c, alone).total.trace_hash, all.replications[0].trace_hash);

  // ...and replication 4 run alone through the scheduler directly.
  Phold model(c);
  RunOptions o;
  o.end_time = model.end_time();
  o.seed = 99;
  o.replication = 4;
  EXPECT_EQ(simulate(model, model.links(), o).trace_hash, all.replications[4].trace_hash);

  // And the batch on one thread, with the parallel scheduler inside, agrees.
  PholdRunOptions other = batch;
  other.threads = 1;
  other.scheduler = SchedulerKind::parallel;
  const PholdResult again = run_phold(c, other);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(again.replications[i].trace_hash, all.replications[i].trace_hash);
  EXPECT_EQ(again.total.trace_hash, all.total.trace_hash);
}

TEST(Phold, ReplicationsDiffer) {
  PholdRunOptions batch;
  batch.replications = 3;
  const PholdResult all = run_phold(small(), batch);
  EXPECT_NE(all.replications[0].trace_hash, all.replications[1].trace_hash);
  EXPECT_NE(all.replications[1].trace_hash, all.replications[2].trace_hash);
}

void expect_usage_error(const PholdConfig& c, SchedulerKind kind, const std::string& fragment) {
  try {
    validate(c, kind);
    FAIL() << "expected a UsageError containing '" << fragment << "'";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Phold, ImpossibleValuesAreRefusedWithTheParameterName) {
  PholdConfig c;
  c.lps = 0;
  expect_usage_error(c, SchedulerKind::sequential, "lps must be between 1 and");
  c = {};
  c.remote = 1.5;
  expect_usage_error(c, SchedulerKind::sequential, "remote must be a probability in [0, 1], got 1.5");
  c = {};
  c.mean = -1.0;
  expect_usage_error(c, SchedulerKind::sequential, "mean must be > 0 seconds, got -1");
  c = {};
  c.mean = 0.05;
  expect_usage_error(c, SchedulerKind::sequential, "must be >= lookahead");
  c = {};
  c.lookahead = 0.0;
  expect_usage_error(c, SchedulerKind::parallel, "the parallel scheduler needs lookahead > 0");
  c = {};
  c.end_time = std::nan("");
  expect_usage_error(c, SchedulerKind::sequential, "end-time must be > 0");
  c = {};
  c.lps = 16'000'000;
  c.events_per_lp = 1'000'000;
  expect_usage_error(c, SchedulerKind::sequential, "GiB");
}

TEST(Phold, ZeroLookaheadRunsSequentially) {
  PholdConfig c = small();
  c.lookahead = 0.0;
  EXPECT_GT(run_phold(c, {}).total.committed_events, 0U);
}

}  // namespace
}  // namespace porttwin::kernel
