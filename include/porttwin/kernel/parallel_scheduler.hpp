// The parallel conservative scheduler: windows of the lookahead, LP blocks
// processed concurrently on oneTBB, cross-block messages delivered at the
// window barrier.
//
// Why it is safe: let T be the earliest pending event anywhere and L the
// smallest link latency. Any message an LP sends while processing an event at
// t >= T to another LP arrives at t + latency >= T + L. So no event inside the
// window [T, T+L) can be created by another LP during the window: each block
// already holds all of its window's events (plus the ones its own LPs schedule
// for themselves), and processes them in key order, exactly as the sequential
// scheduler would for those LPs.
//
// Structure per window (one oneTBB parallel_for, i.e. one barrier):
//   each block b:  1. take the messages other blocks sent to b in the
//                     previous window (outbox[prev][*][b]) into its event set;
//                  2. process its events with time < window end, routing
//                     messages for its own LPs into its set directly and
//                     messages for other blocks into outbox[cur][b][dst];
//                  3. report its next event time and the earliest message it
//                     sent.
//   then T = the minimum of those reports; the next window is [T, T+L).
// T jumps straight to the next pending event, so quiet stretches cost nothing.
// Outboxes are double-buffered by window parity, so a block may drain what
// was sent to it while others already write the next window's messages.
// LPs map to blocks by contiguous id ranges of a power-of-two size (a shift).
#pragma once

#include <algorithm>
#include <bit>
#include <exception>
#include <memory>
#include <vector>

#include "porttwin/kernel/scheduler.hpp"
#include "porttwin/kernel/threads.hpp"

namespace porttwin::kernel {

template <SimulationModel Model, class EventSet = PendingEventSet<Event<typename Model::Payload>>>
class ParallelScheduler final : public Scheduler<Model> {
  using EventType = Event<typename Model::Payload>;
  using Block = LpBlock<Model, EventSet>;

 public:
  RunStats run(Model& model, const LinkTable& links, const RunOptions& options) override {
    validate_run(options, links, model.lp_count());
    const auto start = detail::Clock::now();
    RunStats stats;
    run_on_threads(options.threads, [&] { stats = run_in_arena(model, links, options); });
    detail::finish_stats(stats, start);
    return stats;
  }

 private:
  /// One block's report at the end of a window, on its own cache line.
  struct alignas(64) BlockReport {
    Ticks next_time = kTimeMax;  // its earliest pending event
    Ticks sent_min = kTimeMax;   // its earliest message to another block
    std::uint64_t sent = 0;      // messages it put into outboxes this window
    EventKey failed_event{};     // the event whose handler threw
    std::exception_ptr failure;
  };

  struct State {
    const LinkTable* links = nullptr;
    std::vector<LpState> lps;
    std::vector<std::unique_ptr<Block>> blocks;
    std::vector<BlockReport> reports;
    std::vector<std::vector<EventType>> outboxes;  // [parity][source block][target block]
    std::uint32_t block_count = 0;
    unsigned shift = 0;  // LP id >> shift = block
    std::uint64_t windows = 0;
    std::uint64_t peak_pending = 0;
    unsigned parity = 0;

    std::vector<EventType>& outbox(unsigned p, std::uint32_t from, std::uint32_t to) {
      return outboxes[(std::size_t{p} * block_count + from) * block_count + to];
    }
  };

  static std::uint32_t default_blocks(LpId lp_count, int threads) {
    // One block per thread leaves no slack for load balancing; many blocks
    // make each window's tasks tiny. Eight per thread measured best on PHOLD
    // (benchmarks/README.md).
    const int workers = effective_threads(threads);
    if (workers <= 1) return 1;
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(lp_count, 8ULL * static_cast<unsigned>(workers)));
  }

  static RunStats run_in_arena(Model& model, const LinkTable& links, const RunOptions& options) {
    State s;
    s.links = &links;
    const LpId lp_count = links.lp_count();
    s.lps = make_lp_states(lp_count, options.seed, options.replication, options.first_stream);
    const std::uint32_t wanted = options.blocks > 0 ? options.blocks : default_blocks(lp_count, options.threads);
    const std::uint64_t per_block = std::bit_ceil((std::uint64_t{lp_count} + wanted - 1) / wanted);
    s.shift = static_cast<unsigned>(std::countr_zero(per_block));
    s.block_count = static_cast<std::uint32_t>((std::uint64_t{lp_count} + per_block - 1) / per_block);
    for (std::uint32_t b = 0; b < s.block_count; ++b) {
      s.blocks.push_back(std::make_unique<Block>(model, links, s.lps.data(), options.end_time));
    }
    s.reports.resize(s.block_count);
    s.outboxes.resize(2 * std::size_t{s.block_count} * s.block_count);

    // Initial events go straight to their block: nothing runs yet.
    init_lps(model, s.blocks[0]->context(), lp_count,
             [&s](const EventType& event) { s.blocks[event.dst >> s.shift]->events().push(event); });
    Ticks next = kTimeMax;
    for (auto& block : s.blocks) {
      next = std::min(next, block->next_time());
      s.peak_pending += block->events().size();
    }

    const Ticks lookahead = links.lookahead();
    const SegmentEnd end = drive_segments(options, [&](Ticks bound) {
      while (next < bound) {
        const Ticks window_end = lookahead >= bound - next ? bound : next + lookahead;
        next = run_window(s, window_end);
      }
      return next < kTimeMax;
    });
    finish_lps(model, lp_count, end.final_time);

    RunStats stats;
    for (const auto& block : s.blocks) {
      stats.committed_events += block->committed();
      stats.discarded_events += block->context().discarded();
    }
    stats.windows = s.windows;
    stats.peak_pending_events = s.peak_pending;
    stats.trace_hash = fingerprint(s.lps);
    stats.final_time = end.final_time;
    stats.stop_reason = end.reason;
    stats.scheduler = SchedulerKind::parallel;
    stats.threads = effective_threads(options.threads);
    return stats;
  }

  /// Runs one window [T, window_end) on every block; returns the next T.
  static Ticks run_window(State& s, Ticks window_end) {
    const unsigned previous = s.parity ^ 1U;
    const unsigned current = s.parity;
    parallel_for_each(s.block_count, [&](std::uint32_t b) { run_block(s, b, previous, current, window_end); });
    ++s.windows;
    s.parity ^= 1U;

    Ticks next = kTimeMax;
    std::uint64_t pending = 0;
    const BlockReport* failed = nullptr;
    for (std::uint32_t b = 0; b < s.block_count; ++b) {
      const BlockReport& report = s.reports[b];
      next = std::min({next, report.next_time, report.sent_min});
      pending += s.blocks[b]->events().size() + report.sent;
      if (report.failure && (failed == nullptr || report.failed_event < failed->failed_event)) failed = &report;
    }
    // Of several failures in one window, report the earliest in the event
    // order: the one the sequential scheduler would have met first.
    if (failed != nullptr) std::rethrow_exception(failed->failure);
    s.peak_pending = std::max(s.peak_pending, pending);
    return next;
  }

  static void run_block(State& s, std::uint32_t b, unsigned previous, unsigned current, Ticks window_end) {
    Block& block = *s.blocks[b];
    BlockReport& report = s.reports[b];
    for (std::uint32_t from = 0; from < s.block_count; ++from) {
      auto& inbox = s.outbox(previous, from, b);
      for (const EventType& event : inbox) block.events().push(event);
      inbox.clear();
    }
    report.sent_min = kTimeMax;
    report.sent = 0;
    const unsigned shift = s.shift;
    const auto route = [&](const EventType& event) {
      const std::uint32_t target = event.dst >> shift;
      if (target == b) {
        block.events().push(event);
      } else {
        s.outbox(current, b, target).push_back(event);
        report.sent_min = std::min(report.sent_min, event.key.time);
        ++report.sent;
      }
    };
    try {
      block.run_until(window_end, route);
    } catch (...) {
      report.failure = std::current_exception();
      report.failed_event = block.context().current();
    }
    report.next_time = block.next_time();
  }
};

}  // namespace porttwin::kernel
