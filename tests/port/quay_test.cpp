// A terminal's quay (quay.hpp) on its own: best-fit berths, the crane pool and
// the productivities drawn for a call, against hand-worked figures. Terminal 0
// of the test container port, with berths of 400, 300 and 370 m and cranes of
// 20 (three) and 30 (two) moves an hour; the "big" class is 366 m long.
#include "porttwin/port/quay.hpp"

#include <gtest/gtest.h>

#include "test_ports.hpp"

namespace porttwin::port {
namespace {

scenario::Scenario port() {
  scenario::Scenario s = testing::container_port(240.0);
  scenario::Terminal& t = s.terminals[0];
  t.berths[1].length_m = 300.0;
  t.berths[2].length_m = 370.0;
  t.crane_groups.resize(2);
  t.crane_groups[0].count = 3;
  t.crane_groups[0].productivity_per_h = kernel::Deterministic(20.0);
  t.crane_groups[1] = t.crane_groups[0];
  t.crane_groups[1].id = "qc2";
  t.crane_groups[1].count = 2;
  t.crane_groups[1].productivity_per_h = kernel::Deterministic(30.0);
  return s;
}

std::uint16_t big(const scenario::Scenario& s) {
  for (std::uint16_t c = 0; c < s.traffic.vessel_classes.size(); ++c) {
    if (s.traffic.vessel_classes[c].id == "big") return c;
  }
  return 0;
}

TEST(Quay, AVesselTakesTheShortestFreeBerthItFits) {
  const scenario::Scenario s = port();
  const port::Setup setup(s, ModelOptions{});
  Quay quay(setup, 0);
  ASSERT_EQ(quay.berth_count(), 3U);
  EXPECT_EQ(quay.best_berth(big(s)), 2U) << "370 m before 400 m; 300 m is too short";
  quay.set_berth(2, 7);
  EXPECT_EQ(quay.best_berth(big(s)), 0U);
  quay.set_berth(0, 8);
  EXPECT_FALSE(quay.berth_free_for(big(s)));
  EXPECT_EQ(quay.best_berth(big(s)), Quay::kNone);
  quay.set_berth(2, Quay::kNone);
  EXPECT_TRUE(quay.berth_free_for(big(s)));
}

TEST(Quay, CranesAreOnePoolAndEachDrawsItsOwnGroupsRateInTurn) {
  const scenario::Scenario s = port();
  const port::Setup setup(s, ModelOptions{});
  Quay quay(setup, 0);
  const auto& vc = s.traffic.vessel_classes[big(s)];  // 3 to 5 cranes
  EXPECT_EQ(quay.cranes(), 5U);
  kernel::RandomStream rng;
  EXPECT_EQ(quay.take_cranes(4), 4U);
  EXPECT_EQ(quay.draw_rate(rng, 4), 3 * 20.0 + 30.0) << "cranes 0-3: three of 20, one of 30";
  EXPECT_FALSE(quay.cranes_for(vc)) << "1 free, 3 needed";
  EXPECT_EQ(quay.take_cranes(4), 1U) << "only what is free";
  EXPECT_EQ(quay.draw_rate(rng, 2), 30.0 + 20.0) << "crane 4, then round to crane 0";
  quay.give_back(5);
  EXPECT_TRUE(quay.cranes_for(vc));
  EXPECT_EQ(quay.take_cranes(9), 5U) << "never more than the quay has";
}

TEST(Quay, CrewsStopAndResume) {
  const scenario::Scenario s = port();
  const port::Setup setup(s, ModelOptions{});
  Quay quay(setup, 0);
  EXPECT_EQ(quay.crew_factor(), 1.0);
  quay.set_crews(false);
  EXPECT_EQ(quay.crew_factor(), 0.0);
  quay.set_crews(true);
  EXPECT_EQ(quay.crew_factor(), 1.0);
  EXPECT_FALSE(quay.fails(0)) << "no breakdowns configured";
}

}  // namespace
}  // namespace porttwin::port
