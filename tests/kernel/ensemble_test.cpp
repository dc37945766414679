// Tests include/porttwin/kernel/ensemble.hpp.
#include "porttwin/kernel/ensemble.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace porttwin::kernel {
namespace {

TEST(RunReplications, ResultsComeBackInReplicationOrderWhateverFinishesFirst) {
  // Early replications sleep longest, so they finish last.
  const auto results = run_replications(10, 8, 4, [](std::uint32_t rep) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * (18 - rep)));
    return rep * 100;
  });
  ASSERT_EQ(results.size(), 8U);
  for (std::uint32_t i = 0; i < 8; ++i) EXPECT_EQ(results[i], (10 + i) * 100);
}

TEST(RunReplications, UsesTheRequestedThreads) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  (void)run_replications(0, 16, 2, [&](std::uint32_t) {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --running;
    return 0;
  });
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

TEST(RunReplications, AnExceptionInOneReplicationReachesTheCaller) {
  EXPECT_THROW((void)run_replications(0, 4, 2,
                                      [](std::uint32_t rep) {
                                        if (rep == 2) throw std::runtime_error("replication 2 failed");
                                        return rep;
                                      }),
               std::runtime_error);
}

TEST(RunReplications, ZeroReplicationsGiveAnEmptyResult) {
  EXPECT_TRUE(run_replications(0, 0, 2, [](std::uint32_t rep) { return rep; }).empty());
}

}  // namespace
}  // namespace porttwin::kernel
