// Summary statistics against hand-computed values.
#include "porttwin/metrics/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {

using porttwin::metrics::summarise;
namespace metrics = porttwin::metrics;

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

TEST(Statistics, QuantilesInterpolateLikeNumpy) {
  EXPECT_TRUE(std::isnan(metrics::quantile_sorted(std::vector<double>{}, 0.5)));
  EXPECT_EQ(metrics::quantile_sorted(std::vector<double>{4.0}, 0.95), 4.0);
  EXPECT_DOUBLE_EQ(metrics::quantile_sorted(std::vector<double>{1, 2, 3, 4}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(metrics::quantile_sorted(std::vector<double>{1, 2, 3, 4}, 0.05), 1.15);  // numpy.quantile
  EXPECT_DOUBLE_EQ(metrics::quantile_sorted(std::vector<double>{1, 2, 3, 4}, 1.0), 4.0);
}

TEST(Statistics, EnsembleStatisticsLeaveOutNaNAndSayWhatIsUndefined) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto s = metrics::ensemble_statistics({3.0, nan, 1.0, 2.0});
  EXPECT_EQ(s[0], 2.0);                                               // mean
  EXPECT_DOUBLE_EQ(s[1], 1.0);                                        // sample sd of 1, 2, 3
  EXPECT_DOUBLE_EQ(s[3], 2.0);                                        // median
  EXPECT_NEAR(s[5], 2.0 - 4.302652729749464 / std::sqrt(3.0), 1e-9);  // t(0.975, 2) = 4.302653 (tables)
  EXPECT_EQ(s[7], 1.0);
  EXPECT_EQ(s[8], 3.0);
  EXPECT_EQ(s[9], 3.0);  // count of defined values
  const auto one = metrics::ensemble_statistics({5.0});
  EXPECT_TRUE(std::isnan(one[1]));
  const auto none = metrics::ensemble_statistics({nan});
  EXPECT_TRUE(std::isnan(none[0]));
  EXPECT_EQ(none[9], 0.0);
}

}  // namespace
