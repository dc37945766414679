// See metrics/statistics.hpp.
#include "porttwin/metrics/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <vector>

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

double quantile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

std::array<double, kEnsembleStatistics.size()> ensemble_statistics(std::vector<double> values) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::erase_if(values, [](double x) { return std::isnan(x); });
  std::sort(values.begin(), values.end());
  const Summary s = summarise(values);
  const bool any = !values.empty();
  return {any ? s.mean : kNaN,
          values.size() > 1 ? s.sd : kNaN,
          quantile_sorted(values, 0.05),
          quantile_sorted(values, 0.50),
          quantile_sorted(values, 0.95),
          any ? s.ci95_low : kNaN,
          any ? s.ci95_high : kNaN,
          any ? s.min : kNaN,
          any ? s.max : kNaN,
          static_cast<double>(values.size())};
}

Difference paired_difference(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) throw std::invalid_argument("paired_difference: samples of different lengths");
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!std::isnan(a[i]) && !std::isnan(b[i])) d.push_back(b[i] - a[i]);
  }
  const Summary s = summarise(d);
  Difference out;
  out.paired = true;
  out.n_a = out.n_b = d.size();
  out.mean = s.mean;
  out.ci95_low = s.ci95_low;
  out.ci95_high = s.ci95_high;
  out.df = d.size() > 1 ? static_cast<double>(d.size() - 1) : 0.0;
  return out;
}

Difference welch_difference(std::span<const double> a, std::span<const double> b) {
  std::vector<double> x, y;
  for (double v : a) {
    if (!std::isnan(v)) x.push_back(v);
  }
  for (double v : b) {
    if (!std::isnan(v)) y.push_back(v);
  }
  const Summary sa = summarise(x), sb = summarise(y);
  Difference out;
  out.n_a = x.size();
  out.n_b = y.size();
  out.mean = sb.mean - sa.mean;
  out.ci95_low = out.ci95_high = out.mean;
  if (x.size() < 2 || y.size() < 2) return out;
  const double va = sa.sd * sa.sd / static_cast<double>(x.size());
  const double vb = sb.sd * sb.sd / static_cast<double>(y.size());
  const double se2 = va + vb;
  if (se2 <= 0.0) return out;
  out.df = se2 * se2 / (va * va / static_cast<double>(x.size() - 1) + vb * vb / static_cast<double>(y.size() - 1));
  const boost::math::students_t t(out.df);
  const double half = boost::math::quantile(t, 0.975) * std::sqrt(se2);
  out.ci95_low = out.mean - half;
  out.ci95_high = out.mean + half;
  return out;
}

}  // namespace porttwin::metrics
