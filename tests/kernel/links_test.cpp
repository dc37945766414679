// Tests include/porttwin/kernel/links.hpp.
#include "porttwin/kernel/links.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "porttwin/kernel/error.hpp"

namespace porttwin::kernel {
namespace {

TEST(LinkTable, AllToAllPermitsAnyPairAtOrBeyondTheLatency) {
  const LinkTable links = LinkTable::all_to_all(4, 100);
  EXPECT_EQ(links.lookahead(), 100);
  EXPECT_TRUE(links.permits(0, 3, 100));
  EXPECT_FALSE(links.permits(0, 3, 99));
  EXPECT_TRUE(links.permits(2, 2, 0)) << "an LP may schedule itself with no delay";
  EXPECT_FALSE(links.permits(2, 2, -1));
}

TEST(LinkTable, SingleLpHasNoLookaheadLimit) { EXPECT_EQ(LinkTable::all_to_all(1, 100).lookahead(), kTimeMax); }

TEST(LinkTable, DeclaredLinksAreTheOnlyWays) {
  const std::vector<Link> edges{{0, 1, 50}, {1, 2, 20}, {0, 2, 70}};
  const LinkTable links = LinkTable::declared(3, edges);
  EXPECT_EQ(links.lookahead(), 20);
  EXPECT_EQ(links.latency(0, 1), 50);
  EXPECT_EQ(links.latency(0, 2), 70);
  EXPECT_EQ(links.latency(1, 0), -1) << "links are directed";
  EXPECT_EQ(links.latency(2, 2), 0);
  EXPECT_TRUE(links.permits(0, 1, 50));
  EXPECT_FALSE(links.permits(0, 1, 49));
  EXPECT_FALSE(links.permits(2, 0, 1'000'000)) << "no link, no message, however late";
}

TEST(LinkTable, DuplicateLinksKeepTheSmallestLatency) {
  const std::vector<Link> edges{{0, 1, 50}, {0, 1, 30}, {0, 1, 90}};
  const LinkTable links = LinkTable::declared(2, edges);
  EXPECT_EQ(links.latency(0, 1), 30);
  EXPECT_EQ(links.lookahead(), 30);
}

TEST(LinkTable, NoLinksMeansUnboundedLookahead) { EXPECT_EQ(LinkTable::declared(5, {}).lookahead(), kTimeMax); }

TEST(LinkTable, RejectsLinksToUnknownLps) {
  const std::vector<Link> edges{{0, 7, 10}};
  EXPECT_THROW((void)LinkTable::declared(3, edges), UsageError);
}

TEST(LinkTable, RejectsNegativeLatency) {
  const std::vector<Link> edges{{0, 1, -1}};
  EXPECT_THROW((void)LinkTable::declared(3, edges), UsageError);
  EXPECT_THROW((void)LinkTable::all_to_all(3, -1), UsageError);
}

}  // namespace
}  // namespace porttwin::kernel
