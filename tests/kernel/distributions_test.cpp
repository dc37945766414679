// Tests of include/porttwin/kernel/distributions.hpp: each distribution's
// samples against its analytic moments, analytic moments against values
// worked out by hand, parameter checks and their messages, describe().
//
// Tolerances. With n draws from a distribution of variance s2, the sample
// mean has standard error sqrt(s2 / n) (analytic s2) and the sample variance
// has standard error sqrt((m4 - s2^2) / n), m4 the fourth central moment
// (taken from the sample itself: the plug-in estimate, good to a few percent
// at these n). Every check allows 5 standard errors: a correct sampler fails
// one with probability about 6e-7, and seeds are fixed, so the suite is
// deterministic; a wrong formula (a rate for a mean, a missing factor 2)
// misses by hundreds of standard errors.
#include "porttwin/kernel/distributions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace porttwin::kernel {
namespace {

constexpr std::size_t kDraws = 400'000;
constexpr double kSigmas = 5.0;
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct SampleMoments {
  double n = 0.0;
  double mean = 0.0;
  double variance = 0.0;  // with divisor n - 1
  double m4 = 0.0;        // fourth central moment
};

template <class Draw>
SampleMoments moments_of(std::size_t n, Draw draw) {
  std::vector<double> xs(n);
  for (auto& x : xs) x = draw();
  SampleMoments m;
  m.n = static_cast<double>(n);
  for (const double x : xs) m.mean += x;
  m.mean /= m.n;
  double s2 = 0.0;
  double s4 = 0.0;
  for (const double x : xs) {
    const double d2 = (x - m.mean) * (x - m.mean);
    s2 += d2;
    s4 += d2 * d2;
  }
  m.variance = s2 / (m.n - 1.0);
  m.m4 = s4 / m.n;
  return m;
}

template <class D>
SampleMoments sample_moments(const D& d, std::uint64_t seed, std::size_t n = kDraws) {
  RandomStream rng(seed, 0, 0);
  return moments_of(n, [&] { return static_cast<double>(d.sample(rng)); });
}

void expect_moments_match(const SampleMoments& m, double mean, double variance) {
  const double mean_tolerance = kSigmas * std::sqrt(variance / m.n);
  const double variance_tolerance = kSigmas * std::sqrt((m.m4 - m.variance * m.variance) / m.n);
  EXPECT_NEAR(m.mean, mean, mean_tolerance);
  EXPECT_NEAR(m.variance, variance, variance_tolerance);
}

// Fraction of n draws for which `event` holds, checked against probability p
// within 5 binomial standard errors.
template <class Draw>
void expect_frequency(std::size_t n, double p, Draw event) {
  std::size_t hits = 0;
  for (std::size_t i = 0; i < n; ++i) hits += event() ? 1U : 0U;
  const double nn = static_cast<double>(n);
  EXPECT_NEAR(static_cast<double>(hits) / nn, p, kSigmas * std::sqrt(p * (1.0 - p) / nn));
}

// Runs `construct` and checks it throws std::invalid_argument with exactly
// `message`.
void expect_invalid(const std::function<void()>& construct, const std::string& message) {
  try {
    construct();
    ADD_FAILURE() << "expected std::invalid_argument(\"" << message << "\")";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

// ---- Deterministic ----------------------------------------------------------

TEST(Deterministic, AlwaysReturnsItsValueAndDrawsNothing) {
  const Deterministic d(3.5);
  RandomStream rng(1, 0, 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.sample(rng), 3.5);
  EXPECT_EQ(rng.draws(), 0U);
  EXPECT_EQ(d.mean(), 3.5);
  EXPECT_EQ(d.variance(), 0.0);
}

// ---- Uniform ----------------------------------------------------------------

TEST(Uniform, AnalyticMomentsAreMidpointAndWidthSquaredOverTwelve) {
  const Uniform d(2.0, 8.0);
  EXPECT_DOUBLE_EQ(d.mean(), 5.0);
  EXPECT_DOUBLE_EQ(d.variance(), 3.0);  // 36 / 12
}

TEST(Uniform, SampleMeanAndVarianceMatchAnalyticValues) {
  const Uniform d(2.0, 8.0);
  expect_moments_match(sample_moments(d, 101), d.mean(), d.variance());
}

TEST(Uniform, SamplesStayInHalfOpenRange) {
  const Uniform d(-1.0, 1.0);
  RandomStream rng(102, 0, 0);
  for (int i = 0; i < 100'000; ++i) {
    const double x = d.sample(rng);
    ASSERT_GE(x, -1.0);
    ASSERT_LT(x, 1.0);
  }
}

TEST(Uniform, EqualBoundsAlwaysGiveThatBound) {
  const Uniform d(4.0, 4.0);
  RandomStream rng(103, 0, 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.sample(rng), 4.0);
}

// ---- Exponential ------------------------------------------------------------

TEST(Exponential, SampleMeanMatchesAnalyticMean) {
  const Exponential d(2.0);
  const SampleMoments m = sample_moments(d, 201);
  EXPECT_NEAR(m.mean, 2.0, kSigmas * std::sqrt(4.0 / m.n));
}

TEST(Exponential, SampleVarianceIsTheMeanSquared) {
  const Exponential d(2.0);
  EXPECT_DOUBLE_EQ(d.variance(), 4.0);
  expect_moments_match(sample_moments(d, 202), 2.0, 4.0);
}

TEST(Exponential, SurvivalAtTheMeanIsOneOverE) {
  // P(X > mean) = exp(-1) = 0.36787944..., whatever the mean: checks the
  // shape, not just two moments.
  const Exponential d(7.0);
  RandomStream rng(203, 0, 0);
  expect_frequency(kDraws, std::exp(-1.0), [&] { return d.sample(rng) > 7.0; });
}

TEST(Exponential, ZigguratTakesTwoWordsInAlmostEveryDraw) {
  // The 256 layers' rectangles hold 97.8% of the ziggurat's area (sum of
  // x[i+1]/x[i] over layers / 256), so 2.2% of draws take a second uniform
  // (2 words) and about half of those a retry: 2.07 words on average.
  const Exponential d(1.0);
  RandomStream rng(205, 0, 0);
  constexpr int kSamples = 100'000;
  for (int i = 0; i < kSamples; ++i) (void)d.sample(rng);
  const double words = static_cast<double>(rng.draws()) / kSamples;
  EXPECT_GE(words, 2.0);
  EXPECT_LT(words, 2.1);
}

TEST(Exponential, FollowsTheExponentialCdfEverywhere) {
  // Kolmogorov-Smirnov distance of 200k standard exponential draws from
  // F(x) = 1 - exp(-x); the 0.1% critical value is 1.95 / sqrt(n). Catches a
  // wrong layer table or wedge test, which the moments alone could miss.
  RandomStream rng(206, 0, 0);
  std::vector<double> xs(200'000);
  for (double& x : xs) x = standard_exponential(rng);
  std::sort(xs.begin(), xs.end());
  double distance = 0.0;
  const double n = static_cast<double>(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double cdf = 1.0 - std::exp(-xs[i]);
    distance = std::max({distance, cdf - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - cdf});
  }
  EXPECT_LT(distance, 1.95 / std::sqrt(n));
}

TEST(Exponential, TailBeyondTheZigguratBaseHasTheRightWeight) {
  // P(X > 8) = exp(-8) = 3.35e-4: these draws come from the tail branch
  // (the ziggurat's base starts its tail at r = 7.697).
  RandomStream rng(207, 0, 0);
  expect_frequency(2'000'000, std::exp(-8.0), [&] { return standard_exponential(rng) > 8.0; });
}

TEST(Exponential, SamplesAreNonNegativeAndFinite) {
  const Exponential d(1.0);
  RandomStream rng(204, 0, 0);
  for (int i = 0; i < 100'000; ++i) {
    const double x = d.sample(rng);
    ASSERT_GE(x, 0.0);
    ASSERT_TRUE(std::isfinite(x));
  }
}

// ---- Normal -----------------------------------------------------------------

TEST(Normal, SampleMeanAndVarianceMatchAnalyticValues) {
  const Normal d(10.0, 3.0);
  expect_moments_match(sample_moments(d, 301), 10.0, 9.0);
}

TEST(Normal, SampleKurtosisIsThree) {
  // A uniform or a triangle with the right mean and variance would pass the
  // test above; the fourth moment tells them apart. Standard error of the
  // sample kurtosis of a normal: sqrt(24 / n).
  const SampleMoments m = sample_moments(Normal(0.0, 1.0), 302);
  EXPECT_NEAR(m.m4 / (m.variance * m.variance), 3.0, kSigmas * std::sqrt(24.0 / m.n));
}

TEST(Normal, OneStandardDeviationHoldsSixtyEightPercent) {
  // P(|Z| < 1) = erf(1 / sqrt 2) = 0.682689492...
  const Normal d(-4.0, 0.5);
  RandomStream rng(303, 0, 0);
  expect_frequency(kDraws, 0.6826894921370859, [&] { return std::abs(d.sample(rng) + 4.0) < 0.5; });
}

TEST(Normal, ZeroStddevAlwaysGivesTheMean) {
  const Normal d(1.25, 0.0);
  RandomStream rng(304, 0, 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.sample(rng), 1.25);
}

// ---- LogNormal --------------------------------------------------------------

TEST(LogNormal, AnalyticMomentsOfStandardLogNormal) {
  // mu = 0, sigma = 1: mean e^(1/2) = 1.6487212707, variance (e - 1) e = 4.6707742705.
  const LogNormal d(0.0, 1.0);
  EXPECT_NEAR(d.mean(), 1.6487212707001282, 1e-12);
  EXPECT_NEAR(d.variance(), 4.670774270471604, 1e-12);
}

TEST(LogNormal, SampleMeanAndVarianceMatchAnalyticValues) {
  const LogNormal d(1.0, 0.5);
  expect_moments_match(sample_moments(d, 401), d.mean(), d.variance());
}

TEST(LogNormal, MedianIsExpMu) {
  const LogNormal d(1.0, 0.5);
  RandomStream rng(402, 0, 0);
  expect_frequency(kDraws, 0.5, [&] { return d.sample(rng) < std::exp(1.0); });
}

TEST(LogNormal, FromMeanStddevHasThatMeanAndStddev) {
  const LogNormal d = LogNormal::from_mean_stddev(6.0, 2.0);
  EXPECT_NEAR(d.mean(), 6.0, 1e-12);
  EXPECT_NEAR(std::sqrt(d.variance()), 2.0, 1e-12);
  // sigma^2 = log(1 + 4 / 36), mu = log 6 - sigma^2 / 2.
  EXPECT_NEAR(d.sigma(), std::sqrt(std::log(10.0 / 9.0)), 1e-15);
  EXPECT_NEAR(d.mu(), std::log(6.0) - 0.5 * std::log(10.0 / 9.0), 1e-15);
  expect_moments_match(sample_moments(d, 403), 6.0, 4.0);
}

// ---- Triangular -------------------------------------------------------------

TEST(Triangular, AnalyticMomentsMatchHandComputedValues) {
  // lo = 1, mode = 2, hi = 6: mean 9 / 3 = 3,
  // variance (1 + 4 + 36 - 2 - 6 - 12) / 18 = 21 / 18.
  const Triangular d(1.0, 2.0, 6.0);
  EXPECT_DOUBLE_EQ(d.mean(), 3.0);
  EXPECT_DOUBLE_EQ(d.variance(), 21.0 / 18.0);
}

TEST(Triangular, SampleMeanAndVarianceMatchAnalyticValues) {
  const Triangular d(1.0, 2.0, 6.0);
  expect_moments_match(sample_moments(d, 501), 3.0, 21.0 / 18.0);
}

TEST(Triangular, ModeSplitsTheMassInProportionToItsPosition) {
  // F(mode) = (mode - lo) / (hi - lo) = 1 / 5.
  const Triangular d(1.0, 2.0, 6.0);
  RandomStream rng(502, 0, 0);
  expect_frequency(kDraws, 0.2, [&] { return d.sample(rng) < 2.0; });
}

TEST(Triangular, ModeAtAnEndStillMatchesAnalyticMoments) {
  const Triangular right(0.0, 0.0, 3.0);  // mean 1, variance (9) / 18 = 0.5
  EXPECT_DOUBLE_EQ(right.mean(), 1.0);
  EXPECT_DOUBLE_EQ(right.variance(), 0.5);
  expect_moments_match(sample_moments(right, 503), 1.0, 0.5);
  const Triangular left(0.0, 3.0, 3.0);  // mean 2, variance 0.5
  expect_moments_match(sample_moments(left, 504), 2.0, 0.5);
}

TEST(Triangular, SamplesStayWithinBounds) {
  const Triangular d(-2.0, 5.0, 7.0);
  RandomStream rng(505, 0, 0);
  for (int i = 0; i < 100'000; ++i) {
    const double x = d.sample(rng);
    ASSERT_GE(x, -2.0);
    ASSERT_LE(x, 7.0);
  }
}

// ---- Bernoulli --------------------------------------------------------------

TEST(Bernoulli, FrequencyOfTrueMatchesP) {
  const Bernoulli d(0.3);
  RandomStream rng(601, 0, 0);
  expect_frequency(kDraws, 0.3, [&] { return d.sample(rng); });
  EXPECT_DOUBLE_EQ(d.mean(), 0.3);
  EXPECT_DOUBLE_EQ(d.variance(), 0.21);
}

TEST(Bernoulli, ZeroIsNeverAndOneIsAlways) {
  const Bernoulli never(0.0);
  const Bernoulli always(1.0);
  RandomStream rng(602, 0, 0);
  for (int i = 0; i < 10'000; ++i) {
    ASSERT_FALSE(never.sample(rng));
    ASSERT_TRUE(always.sample(rng));
  }
}

// ---- Discrete ---------------------------------------------------------------

// Pearson's chi-square of counts against the expected probabilities (cells
// of probability 0 must be empty and are left out), with the same generous
// bound as in random_test: dof + 8 sqrt(2 dof).
void expect_counts_match(const std::vector<std::uint64_t>& counts, const std::vector<double>& p, std::size_t n) {
  double chi2 = 0.0;
  std::size_t cells = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (p[i] == 0.0) {
      EXPECT_EQ(counts[i], 0U) << "index " << i << " has weight 0";
      continue;
    }
    const double expected = p[i] * static_cast<double>(n);
    const double d = static_cast<double>(counts[i]) - expected;
    chi2 += d * d / expected;
    ++cells;
  }
  const auto dof = static_cast<double>(cells - 1);
  EXPECT_LT(chi2, dof + 8.0 * std::sqrt(2.0 * dof));
}

TEST(Discrete, FrequenciesMatchWeights) {
  const std::vector<double> weights{1.0, 2.0, 3.0, 4.0, 0.0, 10.0};
  const Discrete d(weights);
  std::vector<double> p;
  for (const double w : weights) p.push_back(w / 20.0);
  RandomStream rng(701, 0, 0);
  std::vector<std::uint64_t> counts(weights.size());
  for (std::size_t i = 0; i < kDraws; ++i) ++counts[d.sample(rng)];
  expect_counts_match(counts, p, kDraws);
}

TEST(Discrete, FrequenciesMatchManyUnevenWeights) {
  // 200 weights spanning three orders of magnitude, with gaps of zeros: the
  // alias table's bookkeeping gets a real workout.
  std::vector<double> weights(200);
  double total = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    weights[i] = i % 17 == 3 ? 0.0 : 1.0 + static_cast<double>((i * 37) % 1000);
    total += weights[i];
  }
  const Discrete d(weights);
  std::vector<double> p;
  for (const double w : weights) p.push_back(w / total);
  RandomStream rng(702, 0, 0);
  std::vector<std::uint64_t> counts(weights.size());
  for (std::size_t i = 0; i < kDraws; ++i) ++counts[d.sample(rng)];
  expect_counts_match(counts, p, kDraws);
}

TEST(Discrete, SingleWeightAlwaysGivesIndexZero) {
  const Discrete d({0.5});
  RandomStream rng(703, 0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(d.sample(rng), 0U);
}

TEST(Discrete, ProbabilitiesAreNormalisedWeights) {
  const Discrete d({1.0, 3.0, 0.0, 4.0});
  ASSERT_EQ(d.size(), 4U);
  EXPECT_DOUBLE_EQ(d.probability(0), 0.125);
  EXPECT_DOUBLE_EQ(d.probability(1), 0.375);
  EXPECT_DOUBLE_EQ(d.probability(2), 0.0);
  EXPECT_DOUBLE_EQ(d.probability(3), 0.5);
}

TEST(Discrete, AnalyticMomentsOfTheIndexMatchHandComputedValues) {
  // P = (1/8, 3/8, 0, 1/2): mean 3/8 + 3/2 = 15/8;
  // E[i^2] = 3/8 + 9/2 = 39/8; variance 39/8 - 225/64 = 87/64.
  const Discrete d({1.0, 3.0, 0.0, 4.0});
  EXPECT_DOUBLE_EQ(d.mean(), 15.0 / 8.0);
  EXPECT_DOUBLE_EQ(d.variance(), 87.0 / 64.0);
  expect_moments_match(sample_moments(d, 704), 15.0 / 8.0, 87.0 / 64.0);
}

// ---- Empirical --------------------------------------------------------------

// CDF through (0, 0), (1, 0.25), (3, 0.75), (10, 1): segments [0,1] w.p. 1/4,
// [1,3] w.p. 1/2, [3,10] w.p. 1/4.
Empirical three_segments() { return Empirical({0.0, 1.0, 3.0, 10.0}, {0.0, 0.25, 0.75, 1.0}); }

TEST(Empirical, AnalyticMomentsMatchHandComputedValues) {
  // mean = 1/4 * 0.5 + 1/2 * 2 + 1/4 * 6.5 = 2.75;
  // E[X^2] = 1/4 * 1/3 + 1/2 * 13/3 + 1/4 * 139/3 = 41.5 / 3 (a uniform on
  // [a, b] has E[X^2] = (a^2 + ab + b^2) / 3); variance = 41.5/3 - 2.75^2.
  const Empirical d = three_segments();
  EXPECT_DOUBLE_EQ(d.mean(), 2.75);
  EXPECT_NEAR(d.variance(), 41.5 / 3.0 - 2.75 * 2.75, 1e-12);
}

TEST(Empirical, SampleMeanAndVarianceMatchAnalyticValues) {
  const Empirical d = three_segments();
  expect_moments_match(sample_moments(d, 801), 2.75, 41.5 / 3.0 - 2.75 * 2.75);
}

TEST(Empirical, SampledCdfPassesThroughTheGivenPoints) {
  const Empirical d = three_segments();
  RandomStream rng(802, 0, 0);
  expect_frequency(kDraws, 0.25, [&] { return d.sample(rng) < 1.0; });
  expect_frequency(kDraws, 0.75, [&] { return d.sample(rng) < 3.0; });
  // Linear in between: halfway along [3, 10] is F = 0.875.
  expect_frequency(kDraws, 0.875, [&] { return d.sample(rng) < 6.5; });
}

TEST(Empirical, ZeroProbabilitySegmentIsNeverSampled) {
  const Empirical d({0.0, 1.0, 2.0, 3.0}, {0.0, 0.5, 0.5, 1.0});
  RandomStream rng(803, 0, 0);
  for (int i = 0; i < 100'000; ++i) {
    const double x = d.sample(rng);
    ASSERT_FALSE(x > 1.0 && x < 2.0) << x;
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 3.0);
  }
}

TEST(Empirical, FromSamplesGivesEachGapBetweenSortedObservationsEqualProbability) {
  // Observations 3, 0, 10, 1 -> points 0, 1, 3, 10 at F = 0, 1/3, 2/3, 1;
  // mean = (0.5 + 2 + 6.5) / 3 = 3.
  const Empirical d = Empirical::from_samples({3.0, 0.0, 10.0, 1.0});
  EXPECT_EQ(d.values(), (std::vector<double>{0.0, 1.0, 3.0, 10.0}));
  EXPECT_EQ(d.cumulative_probabilities(), (std::vector<double>{0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0}));
  EXPECT_DOUBLE_EQ(d.mean(), 3.0);
  expect_moments_match(sample_moments(d, 804), d.mean(), d.variance());
}

// ---- Fixed consumption --------------------------------------------------------

TEST(Distributions, EachSampleConsumesTheDocumentedNumberOfWords) {
  // Each sampler's cost in words is part of its contract. The exponential
  // ziggurat (and Discrete's rare rejection) may take more words for some
  // values; determinism does not need a fixed count, only a fixed stream.
  const auto words_per_sample = [](const auto& d) {
    RandomStream rng(901, 0, 0);
    for (int i = 0; i < 100; ++i) (void)d.sample(rng);
    return rng.draws() / 100;
  };
  EXPECT_EQ(words_per_sample(Deterministic(1.0)), 0U);
  EXPECT_EQ(words_per_sample(Uniform(0.0, 1.0)), 2U);
  EXPECT_EQ(words_per_sample(Normal(0.0, 1.0)), 4U);
  EXPECT_EQ(words_per_sample(LogNormal(0.0, 1.0)), 4U);
  EXPECT_EQ(words_per_sample(Triangular(0.0, 1.0, 2.0)), 2U);
  EXPECT_EQ(words_per_sample(Bernoulli(0.5)), 2U);
  EXPECT_EQ(words_per_sample(three_segments()), 2U);
  EXPECT_EQ(words_per_sample(Discrete({1.0, 2.0, 3.0})), 3U);
}

// ---- Invalid parameters -------------------------------------------------------

TEST(Distributions, InvalidParametersAreRejectedWithMessagesNamingThem) {
  expect_invalid([] { (void)Exponential(-1.0); }, "exponential: mean must be > 0, got -1");
  expect_invalid([] { (void)Exponential(0.0); }, "exponential: mean must be > 0, got 0");
  expect_invalid([] { (void)Exponential(kNan); }, "exponential: mean must be > 0, got nan");
  expect_invalid([] { (void)Exponential(kInf); }, "exponential: mean must be finite, got inf");
  expect_invalid([] { (void)Deterministic(kNan); }, "deterministic: value must be finite, got nan");
  expect_invalid([] { (void)Uniform(3.0, 1.0); }, "uniform: lo must be <= hi, got lo=3, hi=1");
  expect_invalid([] { (void)Uniform(-kInf, 1.0); }, "uniform: lo must be finite, got -inf");
  expect_invalid([] { (void)Normal(0.0, -0.5); }, "normal: stddev must be >= 0, got -0.5");
  expect_invalid([] { (void)Normal(kNan, 1.0); }, "normal: mean must be finite, got nan");
  expect_invalid([] { (void)LogNormal(0.0, -1.0); }, "lognormal: sigma must be >= 0, got -1");
  expect_invalid([] { (void)LogNormal::from_mean_stddev(0.0, 1.0); },
                 "lognormal::from_mean_stddev: mean must be > 0, got 0");
  expect_invalid([] { (void)LogNormal::from_mean_stddev(2.0, -1.0); },
                 "lognormal::from_mean_stddev: stddev must be >= 0, got -1");
  expect_invalid([] { (void)Triangular(0.0, 5.0, 3.0); },
                 "triangular: expected lo <= mode <= hi, got lo=0, mode=5, hi=3");
  expect_invalid([] { (void)Bernoulli(1.5); }, "bernoulli: p must be in [0, 1], got 1.5");
  expect_invalid([] { (void)Bernoulli(kNan); }, "bernoulli: p must be in [0, 1], got nan");
  expect_invalid([] { (void)Discrete({}); }, "discrete: weights must not be empty");
  expect_invalid([] { (void)Discrete({1.0, -2.0}); }, "discrete: weights[1] must be finite and >= 0, got -2");
  expect_invalid([] { (void)Discrete({0.0, 0.0}); }, "discrete: weights must not all be zero");
  expect_invalid([] { (void)Empirical({0.0}, {0.0}); }, "empirical: need at least 2 points, got 1");
  expect_invalid(
      [] {
        (void)Empirical({0.0, 1.0}, {0.0, 0.5, 1.0});
      },
      "empirical: got 2 values but 3 cumulative probabilities");
  expect_invalid(
      [] {
        (void)Empirical({0.0, 3.0, 1.0}, {0.0, 0.5, 1.0});
      },
      "empirical: values must be non-decreasing, got values[2]=1 after values[1]=3");
  expect_invalid(
      [] {
        (void)Empirical({0.0, 1.0}, {0.1, 1.0});
      },
      "empirical: the first cumulative probability must be 0, got 0.1");
  expect_invalid(
      [] {
        (void)Empirical({0.0, 1.0}, {0.0, 0.9});
      },
      "empirical: the last cumulative probability must be 1, got 0.9");
  expect_invalid(
      [] {
        (void)Empirical({0.0, 1.0, 2.0}, {0.0, 0.6, 0.4, 1.0});
      },
      "empirical: got 3 values but 4 cumulative probabilities");
  expect_invalid(
      [] {
        (void)Empirical({0.0, 1.0, 2.0, 3.0}, {0.0, 0.6, 0.4, 1.0});
      },
      "empirical: cumulative probabilities must be non-decreasing, got "
      "cumulative_probabilities[2]=0.4 after cumulative_probabilities[1]=0.6");
  expect_invalid([] { (void)Empirical::from_samples({1.0}); }, "empirical: need at least 2 samples, got 1");
}

// ---- Distribution -----------------------------------------------------------

TEST(Distribution, DescribeNamesTheDistributionAndItsParameters) {
  EXPECT_EQ(Distribution(Exponential(2.0)).describe(), "exponential(mean=2)");
  EXPECT_EQ(Distribution(Deterministic(0.1)).describe(), "deterministic(value=0.1)");
  EXPECT_EQ(Distribution(Uniform(-1.0, 2.5)).describe(), "uniform(lo=-1, hi=2.5)");
  EXPECT_EQ(Distribution(Normal(10.0, 3.0)).describe(), "normal(mean=10, stddev=3)");
  EXPECT_EQ(Distribution(LogNormal(0.0, 0.25)).describe(), "lognormal(mu=0, sigma=0.25)");
  EXPECT_EQ(Distribution(Triangular(1.0, 2.0, 6.0)).describe(), "triangular(lo=1, mode=2, hi=6)");
  EXPECT_EQ(Distribution(three_segments()).describe(), "empirical(points=4, lo=0, hi=10)");
  EXPECT_EQ(Distribution().describe(), "deterministic(value=0)");
  EXPECT_EQ(Discrete({1.0, 2.0}).describe(), "discrete(n=2)");
  EXPECT_EQ(Bernoulli(0.25).describe(), "bernoulli(p=0.25)");
}

TEST(Distribution, ForwardsSampleMeanAndVarianceToTheHeldDistribution) {
  const std::vector<Distribution> held{Exponential(2.0),    Uniform(0.0, 4.0),         Normal(1.0, 2.0),
                                       LogNormal(0.0, 0.5), Triangular(0.0, 1.0, 5.0), three_segments(),
                                       Deterministic(7.0)};
  for (const Distribution& d : held) {
    RandomStream a(1001, 0, 0);
    RandomStream b(1001, 0, 0);
    std::visit(
        [&](const auto& inner) {
          EXPECT_EQ(d.mean(), inner.mean());
          EXPECT_EQ(d.variance(), inner.variance());
          for (int i = 0; i < 10; ++i) EXPECT_EQ(d.sample(a), inner.sample(b)) << d.describe();
        },
        d.variant());
  }
}

TEST(Distribution, SampleMomentsMatchAnalyticValuesThroughTheVariant) {
  const Distribution d = LogNormal::from_mean_stddev(3.0, 1.5);
  RandomStream rng(1002, 0, 0);
  expect_moments_match(moments_of(kDraws, [&] { return d.sample(rng); }), 3.0, 2.25);
}

}  // namespace
}  // namespace porttwin::kernel
