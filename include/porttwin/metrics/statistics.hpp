// Statistics of a figure over replications, the one module every ensemble
// path uses: mean, sample standard deviation, a 95% confidence interval for
// the mean (Student's t with n - 1 degrees of freedom, from Boost.Math), min,
// max and quantiles; paired and Welch differences.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace porttwin::metrics {

struct Summary {
  std::size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;        ///< sample standard deviation (n - 1); 0 for n < 2
  double ci95_low = 0.0;  ///< mean -/+ t(0.975, n-1) sd / sqrt(n); the mean itself for n < 2
  double ci95_high = 0.0;
  double min = 0.0;
  double max = 0.0;
};

/// The summary of `values` (n = 0 gives all zeros). Sums in the given order,
/// so equal inputs give bit-identical summaries.
[[nodiscard]] Summary summarise(std::span<const double> values);

/// Linear-interpolation quantile of sorted values (numpy's default), p in
/// [0, 1]; NaN for no values.
[[nodiscard]] double quantile_sorted(std::span<const double> sorted, double p);

/// The statistics of a figure over replications, as the results file's
/// /ensemble/kpi, run --json's summaries and Python's Result.ensemble hold
/// them: one module, so that they agree to the bit.
inline constexpr std::array<std::string_view, 10> kEnsembleStatistics{"mean",     "std",       "q05", "q50", "q95",
                                                                      "ci95_low", "ci95_high", "min", "max", "count"};
/// Those statistics of `values` (NaNs, undefined, left out; NaN where a
/// statistic is undefined: std for fewer than two values, all but count for none).
[[nodiscard]] std::array<double, kEnsembleStatistics.size()> ensemble_statistics(std::vector<double> values);

/// The difference b - a of two samples' means with its 95% interval.
struct Difference {
  double mean = 0.0;
  double ci95_low = 0.0;
  double ci95_high = 0.0;
  double df = 0.0;  ///< degrees of freedom of the t quantile (0: no interval)
  std::size_t n_a = 0;
  std::size_t n_b = 0;
  bool paired = false;
};

/// Paired (common random numbers: a[i] and b[i] share their random
/// streams): the Student-t interval of the mean of b[i] - a[i]. Pairs with a
/// NaN are left out. Throws std::invalid_argument for unequal lengths.
[[nodiscard]] Difference paired_difference(std::span<const double> a, std::span<const double> b);

/// Independent samples: Welch's t interval (Welch-Satterthwaite degrees of
/// freedom). NaNs are left out.
[[nodiscard]] Difference welch_difference(std::span<const double> a, std::span<const double> b);

}  // namespace porttwin::metrics
