// Tests for include/porttwin/kernel/event_set.hpp: every pending-event set,
// driven by the same randomized workloads, must hand out exactly what a
// std::set of keys (the reference: a balanced tree, obviously ordered) says
// is the minimum, after every single push and pop.
#include "porttwin/kernel/event_set.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

namespace porttwin::kernel {
namespace {

struct Empty {};
using PholdEvent = Event<Empty>;

/// A set under test and the reference, fed the same events.
template <class Set>
class Checked {
 public:
  /// Pushes an event at `time` with a fresh (source, sequence) and the given priority.
  void push(Ticks time, Priority priority = 0) {
    const auto source = static_cast<LpId>(sequence_ % 1000);
    const EventKey key = EventKey::make(time, priority, source, sequence_++);
    set_.push(PholdEvent{key, static_cast<LpId>(key.order % 7919), {}});
    reference_.insert(key);
  }

  /// Pops from both; fails unless the set's minimum is the reference's and
  /// the event arrived intact.
  ::testing::AssertionResult pop_matches() {
    if (set_.empty() != reference_.empty() || set_.size() != reference_.size()) {
      return ::testing::AssertionFailure() << "size " << set_.size() << ", reference size " << reference_.size();
    }
    const PholdEvent got = set_.top();
    const EventKey want = *reference_.begin();
    if (!(got.key == want) || got.dst != want.order % 7919) {
      return ::testing::AssertionFailure() << "after " << pops_ << " pops got (" << got.key.time << ", "
                                           << got.key.order << "), want (" << want.time << ", " << want.order << ")";
    }
    set_.pop();
    reference_.erase(reference_.begin());
    last_time_ = want.time;
    ++pops_;
    return ::testing::AssertionSuccess();
  }

  ::testing::AssertionResult drain() {
    while (!reference_.empty()) {
      auto result = pop_matches();
      if (!result) return result;
    }
    if (!set_.empty() || set_.size() != 0) return ::testing::AssertionFailure() << "not empty";
    return ::testing::AssertionSuccess();
  }

  [[nodiscard]] Ticks last_time() const noexcept { return last_time_; }
  [[nodiscard]] std::size_t size() const noexcept { return reference_.size(); }
  Set& set() noexcept { return set_; }

 private:
  Set set_;
  std::set<EventKey> reference_;
  std::uint64_t sequence_ = 0;
  std::uint64_t pops_ = 0;
  Ticks last_time_ = 0;
};

/// PHOLD's increment in ticks: lookahead 0.1 s plus Exp(mean 0.9 s).
Ticks phold_increment(std::mt19937_64& rng) {
  std::exponential_distribution<double> exp_draw(1.0 / 900'000.0);
  return 100'000 + static_cast<Ticks>(exp_draw(rng));
}

template <class Set>
class EventSetTest : public ::testing::Test {};

using EventSets = ::testing::Types<BinaryHeap<PholdEvent>, QuaternaryHeap<PholdEvent>, LadderQueue<PholdEvent>>;
TYPED_TEST_SUITE(EventSetTest, EventSets);

TYPED_TEST(EventSetTest, ASingleEventComesBackAndLeavesTheSetEmpty) {
  Checked<TypeParam> c;
  for (Ticks t : {Ticks{0}, Ticks{5}, Ticks{5}, kTimeMax}) {
    c.push(t);
    EXPECT_EQ(c.set().size(), 1U);
    ASSERT_TRUE(c.pop_matches());
    EXPECT_TRUE(c.set().empty());
  }
}

TYPED_TEST(EventSetTest, HoldModelWithPholdIncrementsMatchesTheReference) {
  std::mt19937_64 rng(20240601);
  std::exponential_distribution<double> initial(1.0 / 1'000'000.0);
  Checked<TypeParam> c;
  for (int i = 0; i < 5000; ++i) c.push(static_cast<Ticks>(initial(rng)));
  for (int i = 0; i < 200'000; ++i) {
    ASSERT_TRUE(c.pop_matches());
    c.push(c.last_time() + phold_increment(rng));
  }
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, GrowingAndShrinkingRandomMixMatchesTheReference) {
  // Sizes wander between 0 and a few thousand; increments are sometimes zero
  // or tiny, so pushes land just after "now" (the ladder's Bottom) too.
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> coin(0, 99);
  std::uniform_int_distribution<Ticks> small(0, 50);
  Checked<TypeParam> c;
  for (int round = 0; round < 150'000; ++round) {
    const int phase = (round / 20'000) % 2;  // alternately mostly pushing, mostly popping
    const bool push = c.size() == 0 || coin(rng) < (phase == 0 ? 60 : 40);
    if (push) {
      const int kind = coin(rng);
      const Ticks dt = kind < 10 ? 0 : kind < 40 ? small(rng) : phold_increment(rng);
      c.push(c.last_time() + dt, static_cast<Priority>(coin(rng) % kPriorityLevels));
    } else {
      ASSERT_TRUE(c.pop_matches());
    }
  }
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, ThousandsOfEventsAtOneInstantLeaveInPriorityOrder) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> priority(0, kPriorityLevels - 1);
  Checked<TypeParam> c;
  for (int burst = 0; burst < 4; ++burst) {
    const Ticks instant = c.last_time() + 1'000'000 * burst;
    for (int i = 0; i < 3000; ++i) c.push(instant, static_cast<Priority>(priority(rng)));
    for (int i = 0; i < 200; ++i) c.push(instant + 1 + i % 3);  // a few just after it
  }
  // Drain half, then keep adding same-instant events while draining.
  for (int i = 0; i < 6000; ++i) ASSERT_TRUE(c.pop_matches());
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(c.pop_matches());
    c.push(c.last_time(), static_cast<Priority>(priority(rng)));
  }
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, ACrowdOfPushesAtTheCurrentInstantLeavesInKeyOrder) {
  // Hundreds of events already wait at "now" when hundreds more arrive at
  // that same instant (the ladder's Bottom grows, and cannot be split by time).
  std::mt19937_64 rng(29);
  std::uniform_int_distribution<int> priority(0, kPriorityLevels - 1);
  Checked<TypeParam> c;
  for (int i = 0; i < 300; ++i) c.push(0, static_cast<Priority>(priority(rng)));
  for (int i = 0; i < 300; ++i) c.push(1'000'000 + i);
  ASSERT_TRUE(c.pop_matches());
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 700; ++i) c.push(c.last_time(), static_cast<Priority>(priority(rng)));
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(c.pop_matches());
  }
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, ClustersNestedAtEveryTimeScaleLeaveInKeyOrder) {
  // Log-uniform times over 60 octaves: whatever bucket width is chosen, the
  // first bucket holds a crowd spanning many ticks, so the ladder keeps
  // opening finer rungs until it reaches its limit of rungs.
  std::mt19937_64 rng(31);
  std::uniform_real_distribution<double> octave(0.0, 60.0);
  const auto log_uniform = [&] { return static_cast<Ticks>(std::exp2(octave(rng))); };
  Checked<TypeParam> c;
  for (int i = 0; i < 1500; ++i) c.push(log_uniform());
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(c.pop_matches());
    c.push(c.last_time() + log_uniform() / 1024);
  }
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, ASameInstantPushOfHigherPriorityLeavesNext) {
  std::mt19937_64 rng(3);
  Checked<TypeParam> c;
  for (int i = 0; i < 2000; ++i) c.push(1000 * (i % 50), 8);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(c.pop_matches());
    // Key below the one just popped (priority 0 < 8), same time: must come out next.
    c.push(c.last_time(), 0);
    ASSERT_TRUE(c.pop_matches());
    c.push(c.last_time() + phold_increment(rng), 8);
  }
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, TheSetEmptiesCompletelyAndRefills) {
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int> fill(1, 3000);
  Checked<TypeParam> c;
  for (int round = 0; round < 40; ++round) {
    const int n = fill(rng);
    // Refill both behind and far beyond the previous content's span.
    const Ticks base = c.last_time() + (round % 2 == 0 ? 0 : 10'000'000'000);
    for (int i = 0; i < n; ++i) c.push(base + phold_increment(rng) * (round % 3));
    const int partial = n / 2;
    for (int i = 0; i < partial; ++i) ASSERT_TRUE(c.pop_matches());
    for (int i = 0; i < n / 4; ++i) c.push(c.last_time() + phold_increment(rng));
    ASSERT_TRUE(c.drain());
  }
}

TYPED_TEST(EventSetTest, FarFutureOutliersDoNotDisturbTheOrder) {
  std::mt19937_64 rng(13);
  std::uniform_int_distribution<int> coin(0, 999);
  Checked<TypeParam> c;
  const Ticks year = 365 * kTicksPerDay;  // about 3.2e13 ticks
  for (int i = 0; i < 20'000; ++i) c.push(static_cast<Ticks>(i) * 500);
  for (int i = 0; i < 100; ++i) c.push(year - i);
  for (int i = 0; i < 100'000; ++i) {
    ASSERT_TRUE(c.pop_matches());
    const Ticks t = coin(rng) == 0 ? year + coin(rng) : c.last_time() + phold_increment(rng);
    c.push(t);
  }
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, AHundredThousandRandomEventsLeaveSorted) {
  std::mt19937_64 rng(17);
  std::uniform_int_distribution<Ticks> time(0, 30'000'000'000'000);
  TypeParam set;
  set.reserve(100'000);
  std::vector<EventKey> keys;
  for (std::uint64_t i = 0; i < 100'000; ++i) {
    const EventKey key = EventKey::make(time(rng) >> (i % 40), 0, 0, i);  // many scales
    keys.push_back(key);
    set.push(PholdEvent{key, 0, {}});
  }
  std::sort(keys.begin(), keys.end());
  for (const EventKey& want : keys) {
    ASSERT_FALSE(set.empty());
    ASSERT_EQ(set.top().key, want);
    set.pop();
  }
  EXPECT_TRUE(set.empty());
}

TYPED_TEST(EventSetTest, ClearEmptiesTheSetAndItCanBeUsedAgain) {
  std::mt19937_64 rng(19);
  Checked<TypeParam> c;
  for (int i = 0; i < 1000; ++i) c.set().push(PholdEvent{EventKey::make(i, 0, 0, 1U << 20), 0, {}});
  c.set().clear();
  EXPECT_TRUE(c.set().empty());
  EXPECT_EQ(c.set().size(), 0U);
  for (int i = 0; i < 1000; ++i) c.push(phold_increment(rng));
  ASSERT_TRUE(c.drain());
}

TYPED_TEST(EventSetTest, MemoryPerPendingPholdEventStaysUnder64Bytes) {
  std::mt19937_64 rng(23);
  std::exponential_distribution<double> initial(1.0 / 1'000'000.0);
  TypeParam set;
  std::uint64_t sequence = 0;
  for (int i = 0; i < 20'000; ++i) {
    set.push(PholdEvent{EventKey::make(static_cast<Ticks>(initial(rng)), 0, 0, sequence++), 0, {}});
  }
  for (int i = 0; i < 100'000; ++i) {
    const Ticks now = set.top().key.time;
    set.pop();
    set.push(PholdEvent{EventKey::make(now + phold_increment(rng), 0, 0, sequence++), 0, {}});
  }
  EXPECT_GE(set.memory_bytes(), set.size() * sizeof(PholdEvent));
  EXPECT_LT(set.memory_bytes(), set.size() * 64);
}

}  // namespace
}  // namespace porttwin::kernel
