// The sequential scheduler: one pending-event set over all LPs, events
// processed in the global total order. Needs no lookahead; the reference
// every other scheduler must match bit for bit.
#pragma once

#include "porttwin/kernel/scheduler.hpp"

namespace porttwin::kernel {

template <SimulationModel Model, class EventSet = PendingEventSet<Event<typename Model::Payload>>>
class SequentialScheduler final : public Scheduler<Model> {
 public:
  RunStats run(Model& model, const LinkTable& links, const RunOptions& options) override {
    validate_run(options, links, model.lp_count());
    const auto start = detail::Clock::now();
    const LpId lp_count = links.lp_count();
    std::vector<LpState> lps = make_lp_states(lp_count, options.seed, options.replication, options.first_stream);
    LpBlock<Model, EventSet> block(model, links, lps.data(), options.end_time);
    auto& events = block.events();
    const auto route = [&events](const Event<typename Model::Payload>& event) { events.push(event); };

    init_lps(model, block.context(), lp_count, route);
    const std::uint64_t pending_after_init = events.size();
    const SegmentEnd end = drive_segments(options, [&](Ticks bound) {
      block.run_until(bound, route);
      return !events.empty();
    });
    finish_lps(model, lp_count, end.final_time);

    RunStats stats;
    stats.committed_events = block.committed();
    stats.peak_pending_events = std::max(block.peak_pending(), pending_after_init);
    stats.discarded_events = block.context().discarded();
    stats.trace_hash = fingerprint(lps);
    stats.final_time = end.final_time;
    stats.stop_reason = end.reason;
    stats.scheduler = SchedulerKind::sequential;
    stats.threads = 1;
    detail::finish_stats(stats, start);
    return stats;
  }
};

}  // namespace porttwin::kernel
