// Summary statistics of a figure over replications: mean, sample standard
// deviation, a 95% confidence interval for the mean (Student's t with n - 1
// degrees of freedom, from Boost.Math), min and max.
#pragma once

#include <cstddef>
#include <span>

namespace porttwin::metrics {

struct Summary {
  std::size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;       ///< sample standard deviation (n - 1); 0 for n < 2
  double ci95_low = 0.0;  ///< mean -/+ t(0.975, n-1) sd / sqrt(n); the mean itself for n < 2
  double ci95_high = 0.0;
  double min = 0.0;
  double max = 0.0;
};

/// The summary of `values` (n = 0 gives all zeros). Sums in the given order,
/// so equal inputs give bit-identical summaries.
[[nodiscard]] Summary summarise(std::span<const double> values);

}  // namespace porttwin::metrics
