// See metrics/statistics.hpp.
#include "porttwin/metrics/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace porttwin::metrics {

Summary summarise(std::span<const double> values) {
  Summary s;
  s.n = values.size();
  if (s.n == 0) return s;
  double sum = 0.0;
  for (const double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  s.ci95_low = s.ci95_high = s.mean;
  if (s.n < 2) return s;
  double squares = 0.0;
  for (const double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
  const boost::math::students_t t(static_cast<double>(s.n - 1));
  const double half = boost::math::quantile(t, 0.975) * s.sd / std::sqrt(static_cast<double>(s.n));
  s.ci95_low = s.mean - half;
  s.ci95_high = s.mean + half;
  return s;
}

}  // namespace porttwin::metrics
