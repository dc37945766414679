// Summary statistics against hand-computed values.
#include "porttwin/metrics/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

using porttwin::metrics::summarise;

TEST(Summary, FiveValuesGiveTheStudentTInterval) {
  // mean 3, sd sqrt(10 / 4) = 1.58114, t(0.975, 4) = 2.776445 (tables), half-width
  // 2.776445 x 1.58114 / sqrt(5) = 1.963243.
  const std::vector<double> v{1, 2, 3, 4, 5};
  const auto s = summarise(v);
  EXPECT_EQ(s.n, 5U);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_NEAR(s.sd, std::sqrt(2.5), 1e-12);
  EXPECT_NEAR(s.ci95_low, 3.0 - 1.963243, 1e-6);
  EXPECT_NEAR(s.ci95_high, 3.0 + 1.963243, 1e-6);
  EXPECT_EQ(s.min, 1.0);
  EXPECT_EQ(s.max, 5.0);
}

TEST(Summary, OneValueHasNoSpreadAndNoneHasNothing) {
  const std::vector<double> one{7.5};
  const auto s = summarise(one);
  EXPECT_EQ(s.sd, 0.0);
  EXPECT_EQ(s.ci95_low, 7.5);
  EXPECT_EQ(s.ci95_high, 7.5);
  EXPECT_EQ(summarise(std::vector<double>{}).n, 0U);
}

}  // namespace
