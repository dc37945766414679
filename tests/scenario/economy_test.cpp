// The economy section's check of A* (scenario/build_cyber.cpp): what the DIIM
// needs is a spectral radius below 1, not coefficients or row sums below 1.
// The matrices are chosen so that the radius is known by hand.
#include <gtest/gtest.h>

#include <string>

#include "porttwin/scenario/document.hpp"

namespace porttwin::scenario {
namespace {

std::string with_interdependency(const std::string& rows) {
  return R"(name: economy-check
settings: {horizon: 5 d}
terminals:
  t:
    berths: {b: {count: 1, length: 400 m, depth: 16 m}}
    cranes: {c: {count: 2, productivity: 30 moves/h}}
    yard: {y: {capacity: 10000 TEU}}
traffic:
  arrivals: {s: {process: poisson, rate: 1 /d}}
  vessel_classes:
    v: {arrivals: s, call_size: 300 moves, length: 200 m, draught: 10 m, split: {transshipment: 1}}
economy:
  sectors:
    a: {output: 1 MEUR/d, nodes: [t]}
    b: {output: 1 MEUR/d}
    c: {output: 1 MEUR/d}
    d: {output: 1 MEUR/d}
  interdependency:
)" + rows;
}

TEST(EconomyCheck, CoefficientsOfOneAndRowsSummingPastOneAreAcceptedWhenTheRadiusIsBelowOne) {
  // Rows a (1 + 0.8 = 1.8) and b (0.36 + 1 + 0.54 = 1.9); c and d depend on
  // nothing. The only loop is a <-> b, [[0, 1], [0.36, 0]]: eigenvalues
  // +-sqrt(0.36) = +-0.6, so the radius is 0.6.
  const auto doc = ScenarioDocument::from_string(with_interdependency(R"(    - {sector: a, on: b, coefficient: 1}
    - {sector: a, on: c, coefficient: 0.8}
    - {sector: b, on: a, coefficient: 0.36}
    - {sector: b, on: d, coefficient: 1}
    - {sector: b, on: c, coefficient: 0.54}
)"),
                                                 "economy-check.yaml");
  EXPECT_TRUE(doc.valid()) << (doc.valid() ? "" : doc.problems().front().to_string());
}

TEST(EconomyCheck, ARadiusOfOneOrMoreIsRefusedWithTheRadius) {
  // a <-> b at 1.2 and 0.9: radius sqrt(1.08) = 1.0392, though no row sums past 1.2.
  const auto doc = ScenarioDocument::from_string(with_interdependency(R"(    - {sector: a, on: b, coefficient: 1.2}
    - {sector: b, on: a, coefficient: 0.9}
)"),
                                                 "economy-check.yaml");
  ASSERT_FALSE(doc.valid());
  const std::string message = doc.problems().front().to_string();
  EXPECT_NE(message.find("economy-check.yaml:"), std::string::npos) << message;
  EXPECT_NE(message.find("spectral radius of A* is 1.039"), std::string::npos) << message;
}

TEST(EconomyCheck, AChainOfLargeCoefficientsHasRadiusZeroAndIsAccepted) {
  // a on b on c on d, each at 5: nilpotent (no loop), radius 0.
  const auto doc = ScenarioDocument::from_string(with_interdependency(R"(    - {sector: a, on: b, coefficient: 5}
    - {sector: b, on: c, coefficient: 5}
    - {sector: c, on: d, coefficient: 5}
)"),
                                                 "economy-check.yaml");
  EXPECT_TRUE(doc.valid()) << (doc.valid() ? "" : doc.problems().front().to_string());
}

// K given directly (a published case's resilience coefficients): read with its unit, and
// refused beside a recovery time, which it replaces.
TEST(EconomyCheck, ResilienceIsReadWithItsUnitAndNotBesideARecoveryTime) {
  std::string text = with_interdependency("    - {sector: a, on: b, coefficient: 0.5}\n");
  text.replace(text.find("b: {output: 1 MEUR/d}"), 21, "b: {output: 1 MEUR/d, resilience: 1.2 /d}");
  const auto doc = ScenarioDocument::from_string(text, "economy-check.yaml");
  ASSERT_TRUE(doc.valid()) << (doc.valid() ? "" : doc.problems().front().to_string());
  const Scenario s = doc.instantiate(0);
  EXPECT_DOUBLE_EQ(s.economy.sectors[1].resilience_per_h, 0.05);  // 1.2 /d
  EXPECT_EQ(s.economy.sectors[0].resilience_per_h, 0.0);          // from its recovery time
  text.replace(text.find("resilience: 1.2 /d"), 18, "resilience: 1.2 /d, recovery: 10 d");
  const auto both = ScenarioDocument::from_string(text, "economy-check.yaml");
  ASSERT_FALSE(both.valid());
  const std::string message = both.problems().front().to_string();
  EXPECT_NE(message.find("economy.sectors.b.resilience"), std::string::npos) << message;
  EXPECT_NE(message.find("not both"), std::string::npos) << message;
}

}  // namespace
}  // namespace porttwin::scenario
