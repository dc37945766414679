// The benchmark that chose the kernel's pending-event set.
//
// The classic "hold" model (Jones, "An empirical comparison of priority-queue
// and event-set implementations", CACM 29(4), 1986): fill the set to N events
// with times Exp(mean 1 s), then repeatedly pop the minimum and push one new
// event at popped.time + 0.1 s + Exp(0.9 s), which is exactly what one PHOLD
// event does (lookahead 0.1 s, mean increment 1 s). One item = one pop + one
// push, so items/s is the event rate a sequential PHOLD run could reach if the
// event set were its only cost. N = 1K .. 1M in steps of 4; the kernel's
// targets are at 16K (>= 20M/s) and 256K (>= 12M/s).
//
// Increments are drawn beforehand into a ring, so the random-number generator
// is not what is measured; the ring (64K entries, 512 KiB) is read in order,
// which the prefetcher hides. Each run first does N holds untimed, so the
// structure is measured in its steady state, not while it is being built.
//
// Counter bytes_per_event = memory_bytes() / size(): allocated capacity per
// pending event at the end of the run (the PHOLD event itself is 24 bytes).
//
// Run: event_set_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <queue>
#include <random>
#include <vector>

#include "porttwin/kernel/event.hpp"
#include "porttwin/kernel/event_set.hpp"

namespace porttwin::kernel {
namespace {

struct Empty {};
using PholdEvent = Event<Empty>;
static_assert(sizeof(PholdEvent) == 24);

constexpr Ticks kLookahead = 100'000;
constexpr double kMeanIncrement = 1'000'000.0;

/// PHOLD increments beyond the lookahead, drawn once, handed out in a ring.
class IncrementRing {
 public:
  explicit IncrementRing(std::uint64_t seed) : ticks_(kSize) {
    std::mt19937_64 rng(seed);
    std::exponential_distribution<double> draw(1.0 / (kMeanIncrement - kLookahead));
    for (Ticks& t : ticks_) t = kLookahead + static_cast<Ticks>(draw(rng));
  }
  Ticks next() noexcept { return ticks_[next_++ & (kSize - 1)]; }

 private:
  static constexpr std::size_t kSize = std::size_t{1} << 16;
  std::vector<Ticks> ticks_;
  std::size_t next_ = 0;
};

/// std::priority_queue, opened up only to report its capacity.
class RawPriorityQueue : public std::priority_queue<PholdEvent, std::vector<PholdEvent>, detail::EventAfter> {
 public:
  void reserve(std::size_t n) { c.reserve(n); }
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return c.capacity() * sizeof(PholdEvent); }
};

template <class Set>
void hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Set set;
  set.reserve(n);
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> initial(1.0 / kMeanIncrement);
  std::uint64_t sequence = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto lp = static_cast<LpId>(i % 1024);
    set.push(PholdEvent{EventKey::make(static_cast<Ticks>(initial(rng)), 0, lp, sequence++), lp, {}});
  }
  IncrementRing increments(7);
  const auto hold_once = [&] {
    const PholdEvent e = set.top();
    set.pop();
    set.push(PholdEvent{EventKey::make(e.key.time + increments.next(), 0, e.dst, sequence++), e.dst, {}});
  };
  for (std::size_t i = 0; i < n; ++i) hold_once();
  for (auto _ : state) hold_once();
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_event"] = static_cast<double>(set.memory_bytes()) / static_cast<double>(set.size());
}

void sizes(benchmark::internal::Benchmark* b) { b->RangeMultiplier(4)->Range(1 << 10, 1 << 20); }

BENCHMARK_TEMPLATE(hold, RawPriorityQueue)->Name("hold/std_priority_queue")->Apply(sizes);
BENCHMARK_TEMPLATE(hold, BinaryHeap<PholdEvent>)->Name("hold/BinaryHeap")->Apply(sizes);
BENCHMARK_TEMPLATE(hold, QuaternaryHeap<PholdEvent>)->Name("hold/QuaternaryHeap")->Apply(sizes);
BENCHMARK_TEMPLATE(hold, LadderQueue<PholdEvent>)->Name("hold/LadderQueue")->Apply(sizes);

}  // namespace
}  // namespace porttwin::kernel

BENCHMARK_MAIN();
