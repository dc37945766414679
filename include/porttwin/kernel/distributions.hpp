// The probability distributions models draw from: service times, gaps between
// arrivals, outage lengths, routing choices.
//
// Each is a small value type whose constructor checks its parameters (throwing
// std::invalid_argument that names the parameter, the rule and the value) and
// whose sample(RandomStream&) is const, noexcept and allocation-free, so one
// distribution object can be shared by every LP that uses it. mean() and
// variance() are the analytic values; tests compare large samples against them.
//
// Every sampler is written out here from a documented formula on top of
// RandomStream, never std::*_distribution: the standard leaves those
// algorithms to each library, and we need bit-identical runs for a given
// binary and seed. (std::log, std::exp, std::cos come from the C library, so a
// different libm may change the last bit of a sample; the same binary on the
// same system does not.) Each sampler consumes a fixed number of words per
// call (except Discrete, whose column draw rejects with probability < n/2^32),
// so the streams of different LPs never depend on each other's draws.
//
// Distribution wraps the real-valued ones in a variant for the scenario layer,
// which chooses a distribution at load time from a parameter file.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "porttwin/kernel/random.hpp"

namespace porttwin::kernel {

/// Always `value`. Draws nothing from the stream.
class Deterministic {
 public:
  Deterministic() noexcept = default;
  explicit Deterministic(double value);

  [[nodiscard]] double sample(RandomStream& /*rng*/) const noexcept { return value_; }
  [[nodiscard]] double value() const noexcept { return value_; }
  [[nodiscard]] double mean() const noexcept { return value_; }
  [[nodiscard]] double variance() const noexcept { return 0.0; }
  [[nodiscard]] std::string describe() const;

 private:
  double value_ = 0.0;
};

/// Uniform on [lo, hi); lo == hi is allowed and always gives lo. 2 words.
class Uniform {
 public:
  Uniform(double lo, double hi);

  [[nodiscard]] double sample(RandomStream& rng) const noexcept { return lo_ + (hi_ - lo_) * rng.uniform01(); }
  [[nodiscard]] double lo() const noexcept { return lo_; }
  [[nodiscard]] double hi() const noexcept { return hi_; }
  [[nodiscard]] double mean() const noexcept { return 0.5 * (lo_ + hi_); }
  [[nodiscard]] double variance() const noexcept { return (hi_ - lo_) * (hi_ - lo_) / 12.0; }
  [[nodiscard]] std::string describe() const;

 private:
  double lo_;
  double hi_;
};

/// Exponential with the given mean (not rate: port data is quoted as mean
/// times). Inverse transform -mean * log(u), u in (0, 1], so the result is
/// finite, >= 0 and at most mean * 36.8. 2 words.
namespace detail {

/// Layer tables of the 256-layer exponential ziggurat (Marsaglia and Tsang,
/// "The ziggurat method for generating random variables", J. Stat. Softw. 5,
/// 2000). Layer i (1..255) is the rectangle [0, x[i]) x [f[i], f[i+1]) of
/// equal area v under f(x) = exp(-x), x[1] = r the start of the tail,
/// x[256] = 0; layer 0 is the base strip of height f(r) plus the tail beyond
/// r, drawn as a rectangle of width v / f(r). Built once from r and v with
/// std::exp/std::log, so the tables (and samples) are identical for a given
/// binary and libm.
struct ExponentialZiggurat {
  static constexpr double kR = 7.69711747013104972;   // start of the tail
  static constexpr double kV = 3.949659822581572e-3;  // area of every layer
  double x[257];
  double f[257];

  ExponentialZiggurat() noexcept {
    x[0] = kV / std::exp(-kR);
    f[0] = 0.0;
    x[1] = kR;
    f[1] = std::exp(-kR);
    for (int i = 1; i < 255; ++i) {
      f[i + 1] = f[i] + kV / x[i];
      x[i + 1] = -std::log(f[i + 1]);
    }
    f[256] = 1.0;
    x[256] = 0.0;
  }
};

inline const ExponentialZiggurat& exponential_ziggurat() noexcept {
  static const ExponentialZiggurat tables;
  return tables;
}

}  // namespace detail

/// A standard exponential variate (mean 1) by the ziggurat method. One 64-bit
/// word (8 bits choose the layer, 53 the position) is accepted 97.8% of the
/// time with a multiply and a compare; the rest fall in a wedge (one more
/// uniform and an exp) or the tail (r + a standard exponential, by the memory-
/// less property, drawn by inverse transform). Roughly 4x cheaper than
/// -log(u), which matters in PHOLD where it is a sixth of the event's cost.
/// Consumes a variable number of words (2 in the common case).
[[nodiscard]] inline double standard_exponential(RandomStream& rng) noexcept {
  const detail::ExponentialZiggurat& z = detail::exponential_ziggurat();
  for (;;) {
    const std::uint64_t bits = rng.next_u64();
    const auto layer = static_cast<std::size_t>(bits & 0xFFU);
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;  // [0, 1)
    const double x = u * z.x[layer];
    if (x < z.x[layer + 1]) [[likely]]
      return x;  // inside the rectangle under the curve
    if (layer == 0) return detail::ExponentialZiggurat::kR - std::log(rng.uniform01_open());    // the tail
    if (z.f[layer] + rng.uniform01() * (z.f[layer + 1] - z.f[layer]) < std::exp(-x)) return x;  // the wedge
  }
}

/// Exponential(mean), by the ziggurat; variable words, 2 in 97.8% of draws (2.07 on average).
class Exponential {
 public:
  explicit Exponential(double mean);

  [[nodiscard]] double sample(RandomStream& rng) const noexcept { return mean_ * standard_exponential(rng); }
  [[nodiscard]] double mean() const noexcept { return mean_; }
  [[nodiscard]] double variance() const noexcept { return mean_ * mean_; }
  [[nodiscard]] std::string describe() const;

 private:
  double mean_;
};

/// A standard normal variate by Box-Muller (Box and Muller, Ann. Math. Stat.
/// 29, 1958), cosine branch only: sqrt(-2 log u1) cos(2 pi u2), u1 in (0, 1].
/// The sine branch's second variate is discarded rather than cached, so
/// samplers stay const and every call consumes exactly 4 words. (The polar
/// and ziggurat methods are faster but reject a variable number of draws.)
[[nodiscard]] inline double standard_normal(RandomStream& rng) noexcept {
  const double u1 = rng.uniform01_open();
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

/// Normal(mean, stddev); stddev == 0 always gives mean. 4 words.
class Normal {
 public:
  Normal(double mean, double stddev);

  [[nodiscard]] double sample(RandomStream& rng) const noexcept { return mean_ + stddev_ * standard_normal(rng); }
  [[nodiscard]] double mean() const noexcept { return mean_; }
  [[nodiscard]] double stddev() const noexcept { return stddev_; }
  [[nodiscard]] double variance() const noexcept { return stddev_ * stddev_; }
  [[nodiscard]] std::string describe() const;

 private:
  double mean_;
  double stddev_;
};

/// exp(N(mu, sigma^2)): mu and sigma are those of the underlying normal.
/// Port data usually gives the mean and standard deviation of the variate
/// itself; from_mean_stddev converts. 4 words.
class LogNormal {
 public:
  LogNormal(double mu, double sigma);

  /// The log-normal whose own mean is `mean` (> 0) and standard deviation is
  /// `stddev` (>= 0): sigma^2 = log(1 + stddev^2 / mean^2), mu = log(mean) - sigma^2 / 2.
  [[nodiscard]] static LogNormal from_mean_stddev(double mean, double stddev);

  [[nodiscard]] double sample(RandomStream& rng) const noexcept {
    return std::exp(mu_ + sigma_ * standard_normal(rng));
  }
  [[nodiscard]] double mu() const noexcept { return mu_; }
  [[nodiscard]] double sigma() const noexcept { return sigma_; }
  /// exp(mu + sigma^2 / 2).
  [[nodiscard]] double mean() const noexcept { return std::exp(mu_ + 0.5 * sigma_ * sigma_); }
  /// (exp(sigma^2) - 1) exp(2 mu + sigma^2); expm1 keeps small sigma accurate.
  [[nodiscard]] double variance() const noexcept {
    const double s2 = sigma_ * sigma_;
    return std::expm1(s2) * std::exp(2.0 * mu_ + s2);
  }
  [[nodiscard]] std::string describe() const;

 private:
  double mu_;
  double sigma_;
};

/// Triangular on [lo, hi] with peak at mode, by inverse CDF: with
/// F(mode) = (mode - lo) / (hi - lo),
///   u <  F(mode):  lo + sqrt(u (hi - lo) (mode - lo))
///   u >= F(mode):  hi - sqrt((1 - u) (hi - lo) (hi - mode)).
/// The usual "three-point estimate" of planners. lo == hi is allowed. 2 words.
class Triangular {
 public:
  Triangular(double lo, double mode, double hi);

  [[nodiscard]] double sample(RandomStream& rng) const noexcept {
    const double u = rng.uniform01();
    const double width = hi_ - lo_;
    if (u * width < mode_ - lo_) return lo_ + std::sqrt(u * width * (mode_ - lo_));
    return hi_ - std::sqrt((1.0 - u) * width * (hi_ - mode_));
  }
  [[nodiscard]] double lo() const noexcept { return lo_; }
  [[nodiscard]] double mode() const noexcept { return mode_; }
  [[nodiscard]] double hi() const noexcept { return hi_; }
  [[nodiscard]] double mean() const noexcept { return (lo_ + mode_ + hi_) / 3.0; }
  /// (a^2 + b^2 + c^2 - ab - ac - bc) / 18.
  [[nodiscard]] double variance() const noexcept {
    return (lo_ * lo_ + mode_ * mode_ + hi_ * hi_ - lo_ * mode_ - lo_ * hi_ - mode_ * hi_) / 18.0;
  }
  [[nodiscard]] std::string describe() const;

 private:
  double lo_;
  double mode_;
  double hi_;
};

/// true with probability p: u < p with u in [0, 1), so p == 0 is never and
/// p == 1 is always. 2 words.
class Bernoulli {
 public:
  explicit Bernoulli(double p);

  [[nodiscard]] bool sample(RandomStream& rng) const noexcept { return rng.uniform01() < p_; }
  [[nodiscard]] double p() const noexcept { return p_; }
  [[nodiscard]] double mean() const noexcept { return p_; }
  [[nodiscard]] double variance() const noexcept { return p_ * (1.0 - p_); }
  [[nodiscard]] std::string describe() const;

 private:
  double p_;
};

/// An index 0..n-1 drawn with probability weight[i] / sum(weights), in O(1)
/// per draw whatever n, by Walker's alias method with Vose's construction
/// (Vose, "A linear algorithm for generating random numbers with a given
/// distribution", IEEE TSE 17(9), 1991): pick a column uniformly, then keep it
/// or take its alias by one biased coin. Weights need not sum to 1; zero
/// weights are allowed and never drawn. 3 words per draw (plus, rarely, a
/// rejected column word).
class Discrete {
 public:
  explicit Discrete(std::vector<double> weights);

  [[nodiscard]] std::size_t sample(RandomStream& rng) const noexcept {
    const auto column = static_cast<std::size_t>(rng.below(table_.size()));
    const Column& c = table_[column];
    return rng.uniform01() < c.keep ? column : c.alias;
  }
  [[nodiscard]] std::size_t size() const noexcept { return table_.size(); }
  /// weight[i] / sum(weights).
  [[nodiscard]] double probability(std::size_t i) const { return probabilities_.at(i); }
  /// Mean and variance of the index, as a random variable.
  [[nodiscard]] double mean() const noexcept { return mean_; }
  [[nodiscard]] double variance() const noexcept { return variance_; }
  [[nodiscard]] std::string describe() const;

 private:
  // One cache line access per draw: the coin and the alias side by side.
  struct Column {
    double keep = 1.0;      // probability of returning this column itself
    std::size_t alias = 0;  // returned otherwise
  };
  std::vector<Column> table_;
  std::vector<double> probabilities_;
  double mean_ = 0.0;
  double variance_ = 0.0;
};

/// A continuous empirical distribution, given as points (x_i, F_i) of its
/// CDF with linear interpolation between them (the "continuous empirical"
/// of Law, Simulation Modeling and Analysis, section 6.2.4, and Arena's CONT):
/// x_0 <= x_1 <= ... <= x_n, 0 = F_0 <= F_1 <= ... <= F_n = 1. Equivalently a
/// mixture: with probability F_{i+1} - F_i, uniform on [x_i, x_{i+1}].
/// Sampling inverts the CDF: a binary search over the F_i (O(log n)), 2 words.
///
/// from_samples builds it from raw observations, sorted, with F_i = i / n
/// (n + 1 observations), so each gap between neighbouring order statistics
/// carries equal probability.
class Empirical {
 public:
  Empirical(std::vector<double> values, std::vector<double> cumulative_probabilities);

  /// From at least 2 observations, in any order.
  [[nodiscard]] static Empirical from_samples(std::vector<double> samples);

  [[nodiscard]] double sample(RandomStream& rng) const noexcept {
    const double u = rng.uniform01();
    // The segment i with F_i <= u < F_{i+1}. F_0 = 0 <= u < 1 = F_n, so only
    // F_1..F_{n-1} need searching; upper_bound skips zero-probability segments.
    const auto first = cumulative_.begin() + 1;
    const auto last = cumulative_.end() - 1;
    const auto i = static_cast<std::size_t>(std::upper_bound(first, last, u) - first);
    const double f0 = cumulative_[i];
    const double f1 = cumulative_[i + 1];
    return values_[i] + (u - f0) / (f1 - f0) * (values_[i + 1] - values_[i]);
  }
  [[nodiscard]] const std::vector<double>& values() const noexcept { return values_; }
  [[nodiscard]] const std::vector<double>& cumulative_probabilities() const noexcept { return cumulative_; }
  /// sum over segments of p_i (x_i + x_{i+1}) / 2.
  [[nodiscard]] double mean() const noexcept { return mean_; }
  /// sum over segments of p_i (a^2 + ab + b^2) / 3, a and b the segment's
  /// ends measured from the mean (so no cancellation), as a uniform's second moment.
  [[nodiscard]] double variance() const noexcept { return variance_; }
  [[nodiscard]] std::string describe() const;

 private:
  std::vector<double> values_;
  std::vector<double> cumulative_;
  double mean_ = 0.0;
  double variance_ = 0.0;
};

/// Any real-valued distribution above, chosen at run time (by the scenario
/// layer, from a parameter file). Default: deterministic(value=0).
/// The dispatch is one std::visit, i.e. a jump through a small table.
class Distribution {
 public:
  using Variant = std::variant<Deterministic, Uniform, Exponential, Normal, LogNormal, Triangular, Empirical>;

  Distribution() noexcept = default;
  // Implicit on purpose: `Distribution d = Exponential{2.0};` reads as meant.
  Distribution(Deterministic d) noexcept : impl_(d) {}
  Distribution(Uniform d) noexcept : impl_(d) {}
  Distribution(Exponential d) noexcept : impl_(d) {}
  Distribution(Normal d) noexcept : impl_(d) {}
  Distribution(LogNormal d) noexcept : impl_(d) {}
  Distribution(Triangular d) noexcept : impl_(d) {}
  Distribution(Empirical d) noexcept : impl_(std::move(d)) {}

  [[nodiscard]] double sample(RandomStream& rng) const noexcept {
    return std::visit([&rng](const auto& d) noexcept { return d.sample(rng); }, impl_);
  }
  [[nodiscard]] double mean() const noexcept {
    return std::visit([](const auto& d) noexcept { return d.mean(); }, impl_);
  }
  [[nodiscard]] double variance() const noexcept {
    return std::visit([](const auto& d) noexcept { return d.variance(); }, impl_);
  }
  /// e.g. "exponential(mean=2)": the name and parameters, shortest round-trip digits.
  [[nodiscard]] std::string describe() const;

  [[nodiscard]] const Variant& variant() const noexcept { return impl_; }

 private:
  Variant impl_;
};

}  // namespace porttwin::kernel
