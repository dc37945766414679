// Tests include/porttwin/kernel/event.hpp: the total event order.
#include "porttwin/kernel/event.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace porttwin::kernel {
namespace {

TEST(EventKey, PacksAndUnpacksEveryField) {
  const EventKey key = EventKey::make(12345, 7, 1'000'000, 68'000'000'000ULL);
  EXPECT_EQ(key.time, 12345);
  EXPECT_EQ(key.priority(), 7);
  EXPECT_EQ(key.source(), 1'000'000U);
  EXPECT_EQ(key.sequence(), 68'000'000'000ULL);
}

TEST(EventKey, LimitsMatchTheDocumentedBitBudget) {
  EXPECT_EQ(kPriorityLevels, 16);
  EXPECT_EQ(kMaxLps, 16'777'216ULL);
  EXPECT_EQ(kMaxSequence, (1ULL << 36) - 1);
  const EventKey key = EventKey::make(0, kPriorityLevels - 1, static_cast<LpId>(kMaxLps - 1), kMaxSequence);
  EXPECT_EQ(key.priority(), kPriorityLevels - 1);
  EXPECT_EQ(key.source(), kMaxLps - 1);
  EXPECT_EQ(key.sequence(), kMaxSequence);
}

TEST(EventKey, TimeDecidesBeforeEverythingElse) {
  EXPECT_LT(EventKey::make(1, 15, 999, 999), EventKey::make(2, 0, 0, 0));
  EXPECT_FALSE(EventKey::make(2, 0, 0, 0) < EventKey::make(1, 15, 999, 999));
}

TEST(EventKey, PriorityBreaksTiesInTimeSmallerFirst) {
  EXPECT_LT(EventKey::make(5, 0, 9, 9), EventKey::make(5, 1, 0, 0));
}

TEST(EventKey, SourceBreaksTiesInTimeAndPriority) {
  EXPECT_LT(EventKey::make(5, 2, 3, 100), EventKey::make(5, 2, 4, 0));
}

TEST(EventKey, SequenceBreaksTiesAmongOneSourcesEvents) {
  EXPECT_LT(EventKey::make(5, 2, 3, 7), EventKey::make(5, 2, 3, 8));
}

TEST(EventKey, OrderIsStrictAndTotalOverDistinctKeys) {
  std::vector<EventKey> keys;
  for (Ticks t : {0, 1, 2})
    for (Priority p : {Priority{0}, Priority{3}})
      for (LpId s : {0U, 5U})
        for (std::uint64_t q : {0ULL, 1ULL}) keys.push_back(EventKey::make(t, p, s, q));
  for (const auto& a : keys) {
    EXPECT_FALSE(a < a);
    for (const auto& b : keys) {
      if (a == b) continue;
      EXPECT_NE(a < b, b < a) << "exactly one of a<b, b<a must hold for distinct keys";
    }
  }
  // Sorting gives the lexicographic order of (time, priority, source, sequence).
  std::vector<EventKey> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, keys);
}

TEST(Event, PholdSizedEventIsTwentyFourBytes) {
  struct Empty {};
  EXPECT_EQ(sizeof(Event<Empty>), 24U);
}

}  // namespace
}  // namespace porttwin::kernel
