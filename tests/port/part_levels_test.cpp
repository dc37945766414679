// PARTS AND EQUIPMENT LEVELS (part_levels.hpp) against hand-worked factors, on
// a terminal of two crane groups (4 and 6 cranes), two yard blocks (1,000 and
// 3,000 TEU), two gates (2 and 6 lanes) and a gate system that stops the gates
// and the rail side.
#include "porttwin/port/part_levels.hpp"

#include <gtest/gtest.h>

namespace porttwin::port {
namespace {

using scenario::HinterlandMode;
using scenario::TerminalPart;

scenario::Terminal spec() {
  scenario::Terminal t;
  t.crane_groups.resize(2);
  t.crane_groups[0].count = 4;
  t.crane_groups[1].count = 6;
  t.yard_blocks.resize(2);
  t.yard_blocks[0].capacity = 1000.0;
  t.yard_blocks[1].capacity = 3000.0;
  t.gates.resize(2);
  t.gates[0].lanes = 2;
  t.gates[1].lanes = 6;
  t.systems.resize(1);
  t.systems[0].stops[static_cast<std::size_t>(TerminalPart::gates)] = true;
  t.systems[0].stops[static_cast<std::size_t>(TerminalPart::rail)] = true;
  return t;
}

constexpr double kTight = 1e-15;

TEST(PartLevels, EveryLevelAtOneGivesFactorsOfExactlyOne) {
  const scenario::Terminal t = spec();
  const PartLevels::Factors f = PartLevels(t).factors();
  EXPECT_EQ(f.quay, 1.0);
  EXPECT_EQ(f.gate, 1.0);
  for (const double side : f.sides) EXPECT_EQ(side, 1.0);
}

TEST(PartLevels, ACraneGroupWeighsByItsCranesAndABreakdownByTheShareDown) {
  const scenario::Terminal t = spec();
  PartLevels levels(t);
  levels.set(Component::crane_group, 1, 0.5);  // (4 x 1 + 6 x 0.5) / 10
  EXPECT_NEAR(levels.factors().quay, 0.7, kTight);
  levels.crane_fails(0);  // (4 x 3/4 + 6 x 0.5) / 10
  EXPECT_NEAR(levels.factors().quay, 0.6, kTight);
  levels.crane_repaired(0);
  EXPECT_NEAR(levels.factors().quay, 0.7, kTight);
  EXPECT_EQ(levels.factors().gate, 1.0) << "cranes are the quay's";
}

TEST(PartLevels, TheYardIsInSeriesWithTheQuayAndEverySide) {
  const scenario::Terminal t = spec();
  PartLevels levels(t);
  levels.set(Component::crane_group, 1, 0.5);
  levels.set(Component::yard_block, 1, 0.0);  // 1,000 of 4,000 TEU of handling left
  const PartLevels::Factors f = levels.factors();
  EXPECT_NEAR(f.quay, 0.25, kTight) << "min(cranes 0.7, yard 0.25)";
  EXPECT_NEAR(f.gate, 0.25, kTight);
  EXPECT_NEAR(f.side(HinterlandMode::rail), 0.25, kTight);
  EXPECT_NEAR(f.side(HinterlandMode::pipeline), 0.25, kTight);
  EXPECT_EQ(f.side(HinterlandMode::truck), f.gate) << "trucks come through the gates";
}

TEST(PartLevels, ASystemStopsExactlyThePartsThatNeedIt) {
  const scenario::Terminal t = spec();
  PartLevels levels(t);
  levels.set(Component::system, 0, 0.4);
  levels.set(Component::gate, 0, 0.0);  // lanes: 6 of 8 left
  const PartLevels::Factors f = levels.factors();
  EXPECT_NEAR(f.gate, 0.4 * 0.75, kTight);
  EXPECT_NEAR(f.side(HinterlandMode::rail), 0.4, kTight);
  EXPECT_EQ(f.side(HinterlandMode::barge), 1.0);
  EXPECT_EQ(f.quay, 1.0);
}

TEST(PartLevels, TheTerminalsOwnLevelScalesEverythingAndLevelsAreClamped) {
  const scenario::Terminal t = spec();
  PartLevels levels(t);
  levels.set(Component::part, static_cast<std::uint32_t>(TerminalPart::barge), 0.0);
  levels.set(Component::node, 0, 0.5);
  PartLevels::Factors f = levels.factors();
  EXPECT_EQ(f.quay, 0.5);
  EXPECT_EQ(f.gate, 0.5);
  EXPECT_EQ(f.side(HinterlandMode::barge), 0.0);
  EXPECT_EQ(f.side(HinterlandMode::conveyor), 0.5);
  levels.set(Component::node, 0, 7.0);
  f = levels.factors();
  EXPECT_EQ(f.quay, 1.0) << "a level above 1 is 1";
}

}  // namespace
}  // namespace porttwin::port
