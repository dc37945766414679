// Resilience figures; the definitions of record are in metrics/resilience.hpp.
#include "porttwin/metrics/resilience.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace porttwin::metrics {
namespace {

void check_curves(std::span<const double> time_h, std::span<const double> baseline_cum,
                  std::span<const double> disrupted_cum, double window_h) {
  if (time_h.empty()) throw std::invalid_argument("resilience: no samples");
  if (baseline_cum.size() != time_h.size() || disrupted_cum.size() != time_h.size()) {
    throw std::invalid_argument("resilience: " + std::to_string(time_h.size()) + " times but " +
                                std::to_string(baseline_cum.size()) + " baseline and " +
                                std::to_string(disrupted_cum.size()) + " disrupted values");
  }
  for (std::size_t i = 1; i < time_h.size(); ++i) {
    // Written so that a NaN time fails too.
    if (!(time_h[i] > time_h[i - 1])) {
      throw std::invalid_argument("resilience: sample times must increase strictly (sample " + std::to_string(i) + ")");
    }
  }
  if (!(window_h > 0.0) || !std::isfinite(window_h))
    throw std::invalid_argument("resilience: window_h must be positive");
}

/// The cumulative curve at s (t_0 <= s <= t_{n-1}), linear between samples.
double at(std::span<const double> time_h, std::span<const double> cum, double s) {
  const auto k = static_cast<std::size_t>(std::upper_bound(time_h.begin(), time_h.end(), s) - time_h.begin()) - 1;
  if (k + 1 >= time_h.size() || time_h[k] == s) return cum[k];
  return cum[k] + (cum[k + 1] - cum[k]) * (s - time_h[k]) / (time_h[k + 1] - time_h[k]);
}

/// Whether Q stays at or above the threshold at every sample in (t_r, t_r + window_h].
bool holds(std::span<const double> time_h, const std::vector<double>& q, std::size_t r, double window_h,
           double threshold) {
  for (std::size_t j = r + 1; j < q.size() && time_h[j] <= time_h[r] + window_h; ++j) {
    if (q[j] < threshold) return false;
  }
  return true;
}

}  // namespace

std::vector<double> performance_curve(std::span<const double> time_h, std::span<const double> baseline_cum,
                                      std::span<const double> disrupted_cum, double window_h) {
  check_curves(time_h, baseline_cum, disrupted_cum, window_h);
  std::vector<double> q(time_h.size(), 1.0);
  for (std::size_t i = 0; i < time_h.size(); ++i) {
    const double from = std::max(time_h[i] - window_h, time_h.front());
    const double base = baseline_cum[i] - at(time_h, baseline_cum, from);
    if (base > 0.0) q[i] = (disrupted_cum[i] - at(time_h, disrupted_cum, from)) / base;
  }
  return q;
}

ResilienceFigures resilience(std::span<const double> time_h, std::span<const double> baseline_cum,
                             std::span<const double> disrupted_cum, double onset_h, double window_h, double threshold) {
  if (!std::isfinite(onset_h)) throw std::invalid_argument("resilience: onset_h must be finite");
  if (!std::isfinite(threshold)) throw std::invalid_argument("resilience: threshold must be finite");
  const std::vector<double> q = performance_curve(time_h, baseline_cum, disrupted_cum, window_h);
  const std::size_t n = q.size();

  ResilienceFigures f;
  f.onset_h = onset_h;
  f.teu_not_handled = behind(baseline_cum[n - 1], disrupted_cum[n - 1]);
  f.recovery_95_h = 0.0;

  const auto first = static_cast<std::size_t>(std::lower_bound(time_h.begin(), time_h.end(), onset_h) - time_h.begin());
  std::size_t drop = first;
  while (drop < n && q[drop] >= threshold) ++drop;
  if (drop == n) return f;  // never dropped (or no sample at or after the onset)

  std::size_t end = n - 1;
  f.recovery_95_h = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t r = drop + 1; r < n; ++r) {
    if (q[r] >= threshold && holds(time_h, q, r, window_h, threshold)) {
      end = r;
      f.recovery_95_h = time_h[r] - onset_h;
      break;
    }
  }
  const auto lost = [&](std::size_t i) { return 1.0 - std::min(q[i], 1.0); };
  for (std::size_t i = first; i < end; ++i)
    f.resilience_loss_h += (time_h[i + 1] - time_h[i]) * (lost(i) + lost(i + 1)) / 2.0;
  f.resilience_loss_teu = behind(baseline_cum[end], disrupted_cum[end]);
  return f;
}

}  // namespace porttwin::metrics
