// Tests the schedulers (sequential_scheduler.hpp, parallel_scheduler.hpp,
// simulate.hpp): event order, lookahead refusal, end time, checkpoints and
// stopping, and that both schedulers give bit-identical results.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "porttwin/kernel/phold.hpp"
#include "porttwin/kernel/simulate.hpp"
#include "test_models.hpp"

namespace porttwin::kernel {
namespace {

using testing::Order;
using testing::ScriptedModel;

struct SchedulerCase {
  SchedulerKind kind;
  int threads;
  std::uint32_t blocks;
};

std::string case_name(const ::testing::TestParamInfo<SchedulerCase>& info) {
  return std::string(to_string(info.param.kind)) + "_threads" + std::to_string(info.param.threads) + "_blocks" +
         std::to_string(info.param.blocks);
}

class EveryScheduler : public ::testing::TestWithParam<SchedulerCase> {
 protected:
  RunOptions options(Ticks end_time = kTimeMax) const {
    RunOptions o;
    o.scheduler = GetParam().kind;
    o.threads = GetParam().threads;
    o.blocks = GetParam().blocks;
    o.end_time = end_time;
    return o;
  }
};

INSTANTIATE_TEST_SUITE_P(Kernel, EveryScheduler,
                         ::testing::Values(SchedulerCase{SchedulerKind::sequential, 1, 0},
                                           SchedulerCase{SchedulerKind::parallel, 1, 0},
                                           SchedulerCase{SchedulerKind::parallel, 2, 0},
                                           SchedulerCase{SchedulerKind::parallel, 4, 3}),
                         case_name);

TEST_P(EveryScheduler, SameInstantEventsRunInPrioritySourceSequenceOrder) {
  // LPs 1..3 each send LP 0 two messages due at the same instant, with
  // priorities chosen so that every tie-break level is exercised.
  ScriptedModel model(4);
  model.on_init = [](Context<Order>& ctx) {
    if (ctx.self() == 0) return;
    const int s = static_cast<int>(ctx.self());
    ctx.send(0, 1000, Order{s * 10 + 1}, static_cast<Priority>(ctx.self() == 3 ? 0 : 1));
    ctx.send(0, 1000, Order{s * 10 + 2}, 1);
  };
  const LinkTable links = LinkTable::all_to_all(4, 100);
  (void)simulate(model, links, options());
  std::vector<int> tags;
  for (const auto& seen : model.seen[0]) tags.push_back(seen.tag);
  // Priority 0 first (LP 3's first message); then priority 1 by source, then sequence.
  EXPECT_EQ(tags, (std::vector<int>{31, 11, 12, 21, 22, 32}));
}

TEST_P(EveryScheduler, SelfEventsInsideTheLookaheadRunInTheSameWindow) {
  ScriptedModel model(2);
  model.on_init = [](Context<Order>& ctx) { ctx.schedule(0, Order{0}); };
  model.on_event = [](Context<Order>& ctx, const Event<Order>& e) {
    if (e.payload.tag < 5) ctx.schedule(1, Order{e.payload.tag + 1});  // 1 tick, far inside the lookahead
  };
  const LinkTable links = LinkTable::all_to_all(2, 1000);
  const RunStats stats = simulate(model, links, options());
  ASSERT_EQ(model.seen[0].size(), 6U);
  EXPECT_EQ(model.seen[0].back().time, 5);
  EXPECT_EQ(stats.committed_events, 12U);
}

TEST_P(EveryScheduler, MessageInsideTheLookaheadIsRefusedWithTheLpTimeAndLatency) {
  ScriptedModel model(2);
  model.on_init = [](Context<Order>& ctx) {
    if (ctx.self() == 0) ctx.schedule(kTicksPerSecond, Order{1});
  };
  model.on_event = [](Context<Order>& ctx, const Event<Order>&) {
    if (ctx.self() == 0) ctx.send(1, kTicksPerSecond / 20, Order{2});  // 0.05 s < 0.1 s
  };
  const LinkTable links = LinkTable::all_to_all(2, kTicksPerSecond / 10);
  try {
    (void)simulate(model, links, options());
    FAIL() << "a message inside the lookahead must be refused";
  } catch (const SimulationError& e) {
    EXPECT_STREQ(e.what(),
                 "LP 0 at t=1.000000 s (handling event 0#0): sends to LP 1 with delay 0.050000 s, inside the link's "
                 "minimum latency (lookahead) 0.100000 s; the message is refused rather than reordered");
  }
  EXPECT_TRUE(model.seen[1].empty()) << "the refused message was not delivered";
}

TEST_P(EveryScheduler, NegativeDelayIsRefused) {
  ScriptedModel model(1);
  model.on_init = [](Context<Order>& ctx) { ctx.schedule(-5); };
  const LinkTable links = LinkTable::all_to_all(1, 0);
  EXPECT_THROW((void)simulate(model, links, options()), SimulationError);
}

TEST_P(EveryScheduler, SendingWhereNoLinkLeadsIsRefused) {
  ScriptedModel model(3);
  model.on_init = [](Context<Order>& ctx) {
    if (ctx.self() == 0) ctx.schedule(10);
  };
  model.on_event = [](Context<Order>& ctx, const Event<Order>&) { ctx.send(2, 1000); };
  const std::vector<Link> edges{{0, 1, 100}};
  const LinkTable links = LinkTable::declared(3, edges);
  try {
    (void)simulate(model, links, options());
    FAIL() << "no link 0 -> 2";
  } catch (const SimulationError& e) {
    EXPECT_NE(std::string(e.what()).find("no link leads there"), std::string::npos) << e.what();
  }
}

TEST_P(EveryScheduler, EventsAtOrAfterTheEndTimeAreNeverProcessed) {
  ScriptedModel model(2);
  model.on_init = [](Context<Order>& ctx) { ctx.schedule(100); };
  model.on_event = [](Context<Order>& ctx, const Event<Order>&) { ctx.send(1 - ctx.self(), 100); };
  const LinkTable links = LinkTable::all_to_all(2, 100);
  const RunStats stats = simulate(model, links, options(1000));
  for (const auto& lp : model.seen) {
    for (const auto& seen : lp) EXPECT_LT(seen.time, 1000);
  }
  // Each LP's chain runs at 100, 200, ..., 900: 9 events each.
  EXPECT_EQ(stats.committed_events, 18U);
  EXPECT_EQ(stats.discarded_events, 2U) << "the two sends due at 1000 are dropped, not stored";
  EXPECT_EQ(stats.final_time, 1000);
  EXPECT_EQ(stats.stop_reason, StopReason::end_time);
}

TEST_P(EveryScheduler, PredicateStopsAtTheSameCheckpointAndEvent) {
  // Checkpoints every 0.5 s; the predicate stops the run at the 7th.
  PholdConfig config;
  config.lps = 64;
  config.events_per_lp = 4;
  config.end_time = 1000.0;
  Phold model(config);
  const LinkTable links = model.links();
  RunOptions o = options(model.end_time());
  o.checkpoint_interval = kTicksPerSecond / 2;
  std::vector<Ticks> checkpoints;
  std::uint64_t committed_at_stop = 0;
  o.at_checkpoint = [&](Ticks t) {
    checkpoints.push_back(t);
    return checkpoints.size() == 7;
  };
  const RunStats stats = simulate(model, links, o);
  committed_at_stop = stats.committed_events;
  EXPECT_EQ(stats.stop_reason, StopReason::predicate);
  EXPECT_EQ(stats.final_time, 7 * kTicksPerSecond / 2);
  ASSERT_EQ(checkpoints.size(), 7U);
  EXPECT_EQ(checkpoints.front(), kTicksPerSecond / 2);

  // The sequential scheduler, stopped the same way, committed the same events.
  RunOptions reference = o;
  reference.scheduler = SchedulerKind::sequential;
  std::size_t calls = 0;
  reference.at_checkpoint = [&](Ticks) { return ++calls == 7; };
  const RunStats expected = simulate(model, links, reference);
  EXPECT_EQ(committed_at_stop, expected.committed_events);
  EXPECT_EQ(stats.trace_hash, expected.trace_hash);
}

TEST_P(EveryScheduler, CheckpointsFallAtEveryIntervalUpToTheEndEvenWithoutEvents) {
  ScriptedModel model(1);
  const LinkTable links = LinkTable::all_to_all(1, 0);
  RunOptions o = options(1000);
  o.checkpoint_interval = 250;
  std::vector<Ticks> seen;
  o.at_checkpoint = [&](Ticks t) {
    seen.push_back(t);
    return false;
  };
  (void)simulate(model, links, o);
  EXPECT_EQ(seen, (std::vector<Ticks>{250, 500, 750, 1000}));
}

TEST_P(EveryScheduler, PholdTraceHashEqualsTheSequentialOne) {
  PholdConfig config;
  config.lps = 256;
  config.events_per_lp = 8;
  config.end_time = 30.0;
  Phold model(config);
  const LinkTable links = model.links();
  RunOptions reference;
  reference.end_time = model.end_time();
  reference.seed = 42;
  const RunStats expected = simulate(model, links, reference);

  RunOptions o = options(model.end_time());
  o.seed = 42;
  const RunStats first = simulate(model, links, o);
  const RunStats second = simulate(model, links, o);
  EXPECT_EQ(first.trace_hash, expected.trace_hash);
  EXPECT_EQ(first.committed_events, expected.committed_events);
  EXPECT_EQ(second.trace_hash, first.trace_hash) << "two runs of the same case differ";
}

TEST(ParallelScheduler, ReportsTheEarliestOfSeveralFailuresInAWindowLikeTheSequentialOne) {
  // LPs 5 and 1 both break the lookahead in the same window; LP 1 does so at
  // an earlier time. Whatever block finishes first, the message is LP 1's.
  const auto make = [] {
    ScriptedModel model(8);
    model.on_init = [](Context<Order>& ctx) {
      if (ctx.self() == 5) ctx.schedule(500);
      if (ctx.self() == 1) ctx.schedule(400);
    };
    model.on_event = [](Context<Order>& ctx, const Event<Order>&) { ctx.send(0, 10); };
    return model;
  };
  const LinkTable links = LinkTable::all_to_all(8, 1000);
  std::string sequential_message;
  try {
    ScriptedModel model = make();
    (void)simulate(model, links, RunOptions{});
  } catch (const SimulationError& e) {
    sequential_message = e.what();
  }
  ASSERT_NE(sequential_message.find("LP 1 "), std::string::npos) << sequential_message;
  for (std::uint32_t blocks : {2U, 4U, 8U}) {
    ScriptedModel model = make();
    RunOptions o;
    o.scheduler = SchedulerKind::parallel;
    o.threads = 2;
    o.blocks = blocks;
    try {
      (void)simulate(model, links, o);
      FAIL();
    } catch (const SimulationError& e) {
      EXPECT_EQ(e.what(), sequential_message);
    }
  }
}

TEST(ParallelScheduler, QuietStretchesCostNoWindows) {
  // Two events a simulated year apart with a 1 ms lookahead: the window start
  // jumps to the next event instead of stepping through 3e10 empty windows.
  ScriptedModel model(2);
  model.on_init = [](Context<Order>& ctx) {
    if (ctx.self() == 0) {
      ctx.schedule(10);
      ctx.schedule(365 * kTicksPerDay);
    }
  };
  const LinkTable links = LinkTable::all_to_all(2, 1000);
  RunOptions o;
  o.scheduler = SchedulerKind::parallel;
  o.threads = 2;
  const RunStats stats = simulate(model, links, o);
  EXPECT_EQ(stats.committed_events, 2U);
  EXPECT_EQ(stats.windows, 2U);
}

TEST(ParallelScheduler, RefusesAZeroLookahead) {
  ScriptedModel model(2);
  const LinkTable links = LinkTable::all_to_all(2, 0);
  RunOptions o;
  o.scheduler = SchedulerKind::parallel;
  EXPECT_THROW((void)simulate(model, links, o), UsageError);
}

TEST(Simulate, RejectsCheckpointsWithoutAnEndTime) {
  ScriptedModel model(1);
  const LinkTable links = LinkTable::all_to_all(1, 0);
  RunOptions o;
  o.checkpoint_interval = 10;
  EXPECT_THROW((void)simulate(model, links, o), UsageError);
}

TEST(Simulate, RejectsAModelAndLinkTableOfDifferentSizes) {
  ScriptedModel model(3);
  const LinkTable links = LinkTable::all_to_all(2, 0);
  EXPECT_THROW((void)simulate(model, links, RunOptions{}), UsageError);
}

TEST(Simulate, ModelExceptionsReachTheCaller) {
  ScriptedModel model(2);
  model.on_init = [](Context<Order>& ctx) { ctx.schedule(5); };
  model.on_event = [](Context<Order>&, const Event<Order>&) { throw std::runtime_error("model broke"); };
  const LinkTable links = LinkTable::all_to_all(2, 100);
  for (SchedulerKind kind : {SchedulerKind::sequential, SchedulerKind::parallel}) {
    RunOptions o;
    o.scheduler = kind;
    o.threads = 2;
    EXPECT_THROW((void)simulate(model, links, o), std::runtime_error);
  }
}

}  // namespace
}  // namespace porttwin::kernel
