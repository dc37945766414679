// A terminal's yard (yard.hpp) on its own: room, YARD ADMISSION and ROLLED
// EXPORTS, against hand-worked figures. Blocks of 600 and 400 TEU and an
// overflow area of 200 TEU.
#include "porttwin/port/yard.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace porttwin::port {
namespace {

scenario::Terminal with_overflow() {
  scenario::Terminal t;
  t.yard_blocks.resize(2);
  t.yard_blocks[0].capacity = 600.0;
  t.yard_blocks[1].capacity = 400.0;
  t.overflow = scenario::OverflowRule::overflow_area;
  t.overflow_capacity = 200.0;
  return t;
}

TEST(Yard, ADischargeFitsTheRoomLeftLessTheCallsOwnExports) {
  const scenario::Terminal spec = with_overflow();
  Yard yard(spec, 0);
  EXPECT_EQ(yard.capacity(), 1000.0);
  EXPECT_TRUE(yard.admits(5000.0, 0.0)) << "an empty yard takes any call";
  yard.enter(0, 900.0);
  EXPECT_TRUE(yard.admits(300.0, 0.0)) << "900 + 300 is the limit, overflow included";
  EXPECT_FALSE(yard.admits(301.0, 0.0));
  EXPECT_TRUE(yard.admits(301.0, 1.0)) << "its own exports leave with it";
  EXPECT_TRUE(yard.admits(0.0, 0.0)) << "nothing to discharge";
  EXPECT_FALSE(yard.reserve(100.0)) << "900 + 100 stays within the blocks";
  EXPECT_EQ(yard.occupied(), 1000.0);
  EXPECT_TRUE(yard.reserve(50.0)) << "1,000 + 50 goes into the overflow area";
  EXPECT_FALSE(yard.receiving()) << "the blocks are full: export receival stops";
  yard.unreserve(150.0);
  EXPECT_TRUE(yard.receiving());
  yard.unreserve(10.0);
  EXPECT_EQ(yard.occupied(), 900.0) << "held room never goes below 0";
}

TEST(Yard, OccupancyIsATrackedLevel) {
  const scenario::Terminal spec = with_overflow();
  Yard yard(spec, 0);
  yard.enter(hours(1.0), 100.0);
  yard.leave(hours(3.0), 40.0);
  yard.finish(hours(4.0));
  EXPECT_EQ(yard.occupancy().value(), 60.0);
  EXPECT_EQ(yard.occupancy().peak(), 100.0);
  EXPECT_NEAR(yard.occupancy().integral_h(hours(4.0)), 100.0 * 2.0 + 60.0 * 1.0, 1e-9);
}

TEST(Yard, RolledCargoIsTakenOldestFirstAndWhatNoCallTookExpires) {
  const scenario::Terminal spec = with_overflow();
  Yard yard(spec, 0);
  const std::uint32_t a = yard.roll(10.0, 10.0 * 5.0);  // 10 TEU that entered at 5 h
  const std::uint32_t b = yard.roll(20.0, 20.0 * 8.0);
  EXPECT_EQ(b, a + 1);
  EXPECT_EQ(yard.rolled_waiting(), 30.0);
  std::vector<double> takes, entries;
  const double taken = yard.take_rolled(15.0, [&](double take, double entry_h) {
    takes.push_back(take);
    entries.push_back(entry_h);
  });
  EXPECT_EQ(taken, 15.0);
  EXPECT_EQ(takes, (std::vector<double>{10.0, 5.0}));
  EXPECT_EQ(entries, (std::vector<double>{50.0, 40.0})) << "each part keeps its entry time";
  EXPECT_EQ(yard.expire_rolled(a), 0.0) << "all of the first was taken";
  EXPECT_EQ(yard.expire_rolled(b), 15.0) << "the rest of the second leaves by another sailing";
  EXPECT_EQ(yard.rolled_waiting(), 0.0);
  EXPECT_EQ(yard.take_rolled(100.0, [](double, double) {}), 0.0);
  EXPECT_EQ(yard.roll(1.0, 0.0), b + 1) << "ids keep counting after spent batches are dropped";
}

}  // namespace
}  // namespace porttwin::port
