// Construction-time work of the distributions: parameter checks with their
// messages, the alias table, the empirical moments, and describe(). The
// samplers themselves are inline in the header: they are the hot path.
#include "porttwin/kernel/distributions.hpp"

#include <charconv>
#include <stdexcept>
#include <system_error>

namespace porttwin::kernel {
namespace {

/// Shortest text that reads back to the same double ("2", "0.1", "-1e-07",
/// "nan", "inf"); independent of the locale, unlike ostream.
std::string format(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return result.ec == std::errc{} ? std::string(buffer, result.ptr) : std::string("?");
}

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

void require_finite(const char* distribution, const char* parameter, double x) {
  if (!std::isfinite(x)) {
    fail(std::string(distribution) + ": " + parameter + " must be finite, got " + format(x));
  }
}

std::string indexed(const char* name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }

}  // namespace

// ---- Deterministic, Uniform, Exponential ------------------------------------

Deterministic::Deterministic(double value) : value_(value) { require_finite("deterministic", "value", value); }

std::string Deterministic::describe() const { return "deterministic(value=" + format(value_) + ")"; }

Uniform::Uniform(double lo, double hi) : lo_(lo), hi_(hi) {
  require_finite("uniform", "lo", lo);
  require_finite("uniform", "hi", hi);
  if (!(lo <= hi)) {
    fail("uniform: lo must be <= hi, got lo=" + format(lo) + ", hi=" + format(hi));
  }
}

std::string Uniform::describe() const { return "uniform(lo=" + format(lo_) + ", hi=" + format(hi_) + ")"; }

Exponential::Exponential(double mean) : mean_(mean) {
  if (!(mean > 0.0)) fail("exponential: mean must be > 0, got " + format(mean));
  require_finite("exponential", "mean", mean);
}

std::string Exponential::describe() const { return "exponential(mean=" + format(mean_) + ")"; }

// ---- Normal, LogNormal, Triangular, Bernoulli -------------------------------

Normal::Normal(double mean, double stddev) : mean_(mean), stddev_(stddev) {
  require_finite("normal", "mean", mean);
  if (!(stddev >= 0.0)) fail("normal: stddev must be >= 0, got " + format(stddev));
  require_finite("normal", "stddev", stddev);
}

std::string Normal::describe() const { return "normal(mean=" + format(mean_) + ", stddev=" + format(stddev_) + ")"; }

LogNormal::LogNormal(double mu, double sigma) : mu_(mu), sigma_(sigma) {
  require_finite("lognormal", "mu", mu);
  if (!(sigma >= 0.0)) fail("lognormal: sigma must be >= 0, got " + format(sigma));
  require_finite("lognormal", "sigma", sigma);
}

LogNormal LogNormal::from_mean_stddev(double mean, double stddev) {
  if (!(mean > 0.0)) fail("lognormal::from_mean_stddev: mean must be > 0, got " + format(mean));
  require_finite("lognormal::from_mean_stddev", "mean", mean);
  if (!(stddev >= 0.0)) {
    fail("lognormal::from_mean_stddev: stddev must be >= 0, got " + format(stddev));
  }
  require_finite("lognormal::from_mean_stddev", "stddev", stddev);
  // log1p: accurate when the coefficient of variation is small.
  const double cv = stddev / mean;
  const double sigma2 = std::log1p(cv * cv);
  return {std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2)};
}

std::string LogNormal::describe() const { return "lognormal(mu=" + format(mu_) + ", sigma=" + format(sigma_) + ")"; }

Triangular::Triangular(double lo, double mode, double hi) : lo_(lo), mode_(mode), hi_(hi) {
  require_finite("triangular", "lo", lo);
  require_finite("triangular", "mode", mode);
  require_finite("triangular", "hi", hi);
  if (!(lo <= mode && mode <= hi)) {
    fail("triangular: expected lo <= mode <= hi, got lo=" + format(lo) + ", mode=" + format(mode) +
         ", hi=" + format(hi));
  }
}

std::string Triangular::describe() const {
  return "triangular(lo=" + format(lo_) + ", mode=" + format(mode_) + ", hi=" + format(hi_) + ")";
}

Bernoulli::Bernoulli(double p) : p_(p) {
  if (!(p >= 0.0 && p <= 1.0)) fail("bernoulli: p must be in [0, 1], got " + format(p));
}

std::string Bernoulli::describe() const { return "bernoulli(p=" + format(p_) + ")"; }

// ---- Discrete: Vose's alias table -------------------------------------------

Discrete::Discrete(std::vector<double> weights) {
  if (weights.empty()) fail("discrete: weights must not be empty");
  double total = 0.0;
  std::size_t heaviest = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(std::isfinite(weights[i]) && weights[i] >= 0.0)) {
      fail("discrete: " + indexed("weights", i) + " must be finite and >= 0, got " + format(weights[i]));
    }
    total += weights[i];
    if (weights[i] > weights[heaviest]) heaviest = i;
  }
  if (!(total > 0.0)) fail("discrete: weights must not all be zero");
  if (!std::isfinite(total)) fail("discrete: weights must have a finite sum, got inf");

  const std::size_t n = weights.size();
  const auto n_real = static_cast<double>(n);
  probabilities_.resize(n);
  std::vector<double> scaled(n);  // probability * n: the mass each column must hold
  std::vector<std::size_t> small;
  std::vector<std::size_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    probabilities_[i] = weights[i] / total;
    scaled[i] = probabilities_[i] * n_real;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }

  // Each step fills one under-full column s, topping it up from an over-full
  // column l. Vose's update order (l + s) - 1 keeps the rounding error small.
  table_.resize(n);
  while (!small.empty() && !large.empty()) {
    const std::size_t s = small.back();
    small.pop_back();
    const std::size_t l = large.back();
    table_[s] = {scaled[s], l};
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left holds mass 1 up to rounding. A zero weight must still never
  // be drawn, so such a leftover column always defers to the heaviest index.
  for (const std::size_t l : large) table_[l] = {1.0, l};
  for (const std::size_t s : small) {
    table_[s] = probabilities_[s] > 0.0 ? Column{1.0, s} : Column{0.0, heaviest};
  }

  for (std::size_t i = 0; i < n; ++i) mean_ += static_cast<double>(i) * probabilities_[i];
  for (std::size_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(i) - mean_;
    variance_ += d * d * probabilities_[i];
  }
}

std::string Discrete::describe() const { return "discrete(n=" + std::to_string(table_.size()) + ")"; }

// ---- Empirical --------------------------------------------------------------

Empirical::Empirical(std::vector<double> values, std::vector<double> cumulative_probabilities)
    : values_(std::move(values)), cumulative_(std::move(cumulative_probabilities)) {
  if (values_.size() != cumulative_.size()) {
    fail("empirical: got " + std::to_string(values_.size()) + " values but " + std::to_string(cumulative_.size()) +
         " cumulative probabilities");
  }
  if (values_.size() < 2) {
    fail("empirical: need at least 2 points, got " + std::to_string(values_.size()));
  }
  for (std::size_t i = 0; i < values_.size(); ++i) {
    if (!std::isfinite(values_[i])) {
      fail("empirical: " + indexed("values", i) + " must be finite, got " + format(values_[i]));
    }
    if (i > 0 && !(values_[i] >= values_[i - 1])) {
      fail("empirical: values must be non-decreasing, got " + indexed("values", i) + "=" + format(values_[i]) +
           " after " + indexed("values", i - 1) + "=" + format(values_[i - 1]));
    }
  }
  if (cumulative_.front() != 0.0) {
    fail("empirical: the first cumulative probability must be 0, got " + format(cumulative_.front()));
  }
  if (cumulative_.back() != 1.0) {
    fail("empirical: the last cumulative probability must be 1, got " + format(cumulative_.back()));
  }
  for (std::size_t i = 1; i < cumulative_.size(); ++i) {
    if (!(cumulative_[i] >= cumulative_[i - 1])) {
      fail("empirical: cumulative probabilities must be non-decreasing, got " + indexed("cumulative_probabilities", i) +
           "=" + format(cumulative_[i]) + " after " + indexed("cumulative_probabilities", i - 1) + "=" +
           format(cumulative_[i - 1]));
    }
  }

  // Segment i is uniform on [x_i, x_{i+1}] with probability p_i = F_{i+1} - F_i.
  for (std::size_t i = 0; i + 1 < values_.size(); ++i) {
    const double p = cumulative_[i + 1] - cumulative_[i];
    mean_ += p * 0.5 * (values_[i] + values_[i + 1]);
  }
  for (std::size_t i = 0; i + 1 < values_.size(); ++i) {
    const double p = cumulative_[i + 1] - cumulative_[i];
    const double a = values_[i] - mean_;
    const double b = values_[i + 1] - mean_;
    variance_ += p * (a * a + a * b + b * b) / 3.0;
  }
}

Empirical Empirical::from_samples(std::vector<double> samples) {
  if (samples.size() < 2) {
    fail("empirical: need at least 2 samples, got " + std::to_string(samples.size()));
  }
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (!std::isfinite(samples[i])) {
      fail("empirical: " + indexed("samples", i) + " must be finite, got " + format(samples[i]));
    }
  }
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size() - 1;
  std::vector<double> cumulative(samples.size());
  for (std::size_t i = 0; i <= n; ++i) {
    cumulative[i] = static_cast<double>(i) / static_cast<double>(n);  // exactly 0 and 1 at the ends
  }
  return {std::move(samples), std::move(cumulative)};
}

std::string Empirical::describe() const {
  return "empirical(points=" + std::to_string(values_.size()) + ", lo=" + format(values_.front()) +
         ", hi=" + format(values_.back()) + ")";
}

// ---- Distribution -----------------------------------------------------------

std::string Distribution::describe() const {
  return std::visit([](const auto& d) { return d.describe(); }, impl_);
}

}  // namespace porttwin::kernel
