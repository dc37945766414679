// The DIIM (include/porttwin/metrics/diim.hpp): validation, the Leontief
// inverse for the static model, and the exact-step dynamic run. Eigen stays
// in this file; the header speaks std::vector.
#include "porttwin/metrics/diim.hpp"

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/kernel/error.hpp"

// After Eigen/Dense, which it extends.
#include <unsupported/Eigen/MatrixFunctions>

namespace porttwin::metrics {
namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;
using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A spectral radius this close to 1 is refused too: (I - A*)^-1 would amplify
// rounding errors by more than 1e9, and the recovery would take forever.
constexpr double kMaxSpectralRadius = 1.0 - 1e-9;

Eigen::Index eigen_size(std::size_t n) { return static_cast<Eigen::Index>(n); }

/// A value as given: the shortest text that reads back to it.
std::string number(double value) {
  std::array<char, 32> text{};
  const auto result = std::to_chars(text.data(), text.data() + text.size(), value);
  return {text.data(), result.ptr};
}

/// A computed value, to 6 significant digits (rounding noise hidden).
std::string rounded(double value) {
  std::array<char, 32> text{};
  const auto result = std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::general, 6);
  return {text.data(), result.ptr};
}

std::string quoted(const std::string& id) { return "'" + id + "'"; }

Matrix interdependency_matrix(const DiimSpec& spec) {
  const Eigen::Index n = eigen_size(spec.sectors.size());
  return Eigen::Map<const RowMajorMatrix>(spec.interdependency.data(), n, n);
}

double clip01(double value) { return std::clamp(value, 0.0, 1.0); }

/// Sizes, ids and the range of every value; one line per problem.
std::vector<std::string> value_problems(const DiimSpec& spec) {
  std::vector<std::string> problems;
  const std::size_t n = spec.sectors.size();
  if (n == 0) return {"economy: no sectors: the DIIM needs at least one"};
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = spec.sectors[i];
    if (id.empty()) problems.push_back("economy: sector #" + std::to_string(i + 1) + " has an empty id");
    for (std::size_t j = 0; j < i; ++j) {
      if (!id.empty() && spec.sectors[j] == id) problems.push_back("economy: duplicate sector id " + quoted(id));
    }
  }
  const auto per_sector = [&](const std::vector<double>& values, const char* what, auto&& check) {
    if (values.size() < n) {
      problems.push_back("economy: " + std::to_string(n) + " sectors but " + std::to_string(values.size()) + " " +
                         what + " values: sector " + quoted(spec.sectors[values.size()]) + " has none");
      return;
    }
    if (values.size() > n) {
      problems.push_back("economy: " + std::to_string(n) + " sectors but " + std::to_string(values.size()) + " " +
                         what + " values: value #" + std::to_string(n + 1) + " has no sector");
      return;
    }
    for (std::size_t i = 0; i < n; ++i) check(spec.sectors[i], values[i]);
  };
  per_sector(spec.output_eur_per_h, "output", [&](const std::string& id, double x) {
    if (!(std::isfinite(x) && x >= 0.0)) {
      problems.push_back("economy: sector " + quoted(id) + ": output must be finite and >= 0 EUR/h, found " +
                         number(x));
    }
  });
  per_sector(spec.recovery_h, "recovery time", [&](const std::string& id, double tau) {
    if (!(std::isfinite(tau) && tau > 0.0)) {
      problems.push_back("economy: sector " + quoted(id) + ": recovery time must be finite and > 0 h, found " +
                         number(tau));
    }
  });
  if (!spec.resilience_per_h.empty()) {
    per_sector(spec.resilience_per_h, "resilience", [&](const std::string& id, double k) {
      if (!(std::isfinite(k) && k >= 0.0)) {
        problems.push_back("economy: sector " + quoted(id) + ": resilience must be finite and > 0 per hour (0: from " +
                           "its recovery time), found " + number(k));
      }
    });
  }
  if (spec.interdependency.size() != n * n) {
    std::string ids;
    for (const std::string& id : spec.sectors) ids += (ids.empty() ? "" : ", ") + quoted(id);
    problems.push_back("economy: interdependency holds " + std::to_string(spec.interdependency.size()) +
                       " coefficients, expected " + std::to_string(n) + " x " + std::to_string(n) + " for sectors " +
                       ids);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        const double a = spec.interdependency[i * n + j];
        // Any a >= 0: what the model needs is a spectral radius below 1 (feedback_problems).
        if (std::isfinite(a) && a >= 0.0) continue;
        const std::string what = a < 0.0 ? "is negative" : "must be finite and >= 0";
        problems.push_back("economy: sector " + quoted(spec.sectors[i]) + " on " + quoted(spec.sectors[j]) +
                           ": interdependency coefficient " + what + ", found " + number(a));
      }
    }
  }
  if (!(spec.lambda > 0.0 && spec.lambda < 1.0)) {
    problems.push_back("economy: lambda must be in (0, 1), found " + number(spec.lambda));
  }
  return problems;
}

/// The spectral radius of A* is the largest over its strongly connected
/// components (the diagonal blocks of its Frobenius normal form), so checking
/// each component names the sectors whose feedback loop has no equilibrium.
/// n is a few dozen sectors: a Warshall closure (n^3) is plenty.
std::vector<std::string> feedback_problems(const DiimSpec& spec) {
  const std::size_t n = spec.sectors.size();
  std::vector<char> reach(n * n);
  for (std::size_t k = 0; k < n * n; ++k) reach[k] = static_cast<char>(spec.interdependency[k] > 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      if (reach[i * n + k] == 0) continue;
      for (std::size_t j = 0; j < n; ++j) reach[i * n + j] = static_cast<char>(reach[i * n + j] | reach[k * n + j]);
    }
  }
  std::vector<std::string> problems;
  std::vector<bool> done(n, false);
  const Matrix a = interdependency_matrix(spec);
  for (std::size_t i = 0; i < n; ++i) {
    if (done[i]) continue;
    std::vector<std::size_t> members;
    for (std::size_t j = i; j < n; ++j) {
      if (j == i || (reach[i * n + j] != 0 && reach[j * n + i] != 0)) members.push_back(j);
    }
    Matrix block(eigen_size(members.size()), eigen_size(members.size()));
    for (std::size_t r = 0; r < members.size(); ++r) {
      done[members[r]] = true;
      for (std::size_t c = 0; c < members.size(); ++c) {
        block(eigen_size(r), eigen_size(c)) = a(eigen_size(members[r]), eigen_size(members[c]));
      }
    }
    const double radius = Eigen::EigenSolver<Matrix>(block, false).eigenvalues().cwiseAbs().maxCoeff();
    if (radius < kMaxSpectralRadius) continue;
    std::string ids;
    for (const std::size_t m : members) ids += (ids.empty() ? "" : ", ") + quoted(spec.sectors[m]);
    problems.push_back("economy: sectors " + ids + " feed back on each other with gain (spectral radius of A*) " +
                       rounded(radius) + ": it must be below 1, or no equilibrium exists");
  }
  return problems;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

void check_finite(const std::vector<double>& values, const char* what) {
  for (const double v : values) {
    if (!std::isfinite(v)) throw UsageError(std::string("DIIM: ") + what + " holds a non-finite value " + number(v));
  }
}

}  // namespace

DiimSpec diim_spec(const scenario::Economy& economy) {
  DiimSpec spec;
  const std::size_t n = economy.sectors.size();
  for (const scenario::Sector& sector : economy.sectors) {
    spec.sectors.push_back(sector.id);
    spec.output_eur_per_h.push_back(sector.output_eur_per_h);
    spec.recovery_h.push_back(sector.recovery_h);
    spec.resilience_per_h.push_back(sector.resilience_per_h);
  }
  spec.interdependency.assign(n * n, 0.0);
  spec.lambda = economy.lambda;
  std::vector<bool> given(n * n, false);
  std::vector<std::string> problems;
  for (std::size_t k = 0; k < economy.interdependency.size(); ++k) {
    const scenario::Economy::Coefficient& c = economy.interdependency[k];
    if (c.sector >= n || c.depends_on >= n) {
      problems.push_back("economy.interdependency: coefficient #" + std::to_string(k + 1) +
                         " refers to a sector beyond the " + std::to_string(n) + " declared");
      continue;
    }
    const std::size_t at = std::size_t{c.sector} * n + c.depends_on;
    if (given[at]) {
      problems.push_back("economy.interdependency: sector " + quoted(spec.sectors[c.sector]) + " on " +
                         quoted(spec.sectors[c.depends_on]) + " is given twice");
    }
    given[at] = true;
    spec.interdependency[at] = c.value;
  }
  if (!problems.empty()) throw ScenarioError(join_lines(problems));
  return spec;
}

Diim::Diim(DiimSpec spec) : spec_(std::move(spec)) {
  std::vector<std::string> problems = value_problems(spec_);
  if (problems.empty()) problems = feedback_problems(spec_);
  if (!problems.empty()) throw ScenarioError(join_lines(problems));

  const std::size_t n = spec_.sectors.size();
  const double ln_lambda = std::log(spec_.lambda);
  for (std::size_t i = 0; i < n; ++i) {
    const double given = spec_.resilience_per_h.empty() ? 0.0 : spec_.resilience_per_h[i];
    resilience_per_h_.push_back(
        given > 0.0 ? given : -ln_lambda / (spec_.recovery_h[i] * (1.0 - spec_.interdependency[i * n + i])));
  }
  const Eigen::Index size = eigen_size(n);
  const Matrix inverse = (Matrix::Identity(size, size) - interdependency_matrix(spec_)).partialPivLu().inverse();
  leontief_inverse_.resize(n * n);
  Eigen::Map<RowMajorMatrix>(leontief_inverse_.data(), size, size) = inverse;
}

std::vector<double> Diim::equilibrium(const std::vector<double>& c_star) const {
  const std::size_t n = sectors();
  if (c_star.size() != n) {
    throw UsageError("DIIM: c* holds " + std::to_string(c_star.size()) + " values for " + std::to_string(n) +
                     " sectors");
  }
  check_finite(c_star, "c*");
  std::vector<double> q(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) sum += leontief_inverse_[i * n + j] * clip01(c_star[j]);
    q[i] = clip01(sum);
  }
  return q;
}

Diim::Trajectory Diim::simulate(const std::vector<double>& c_star, std::size_t steps, double dt_h,
                                std::vector<double> q0) const {
  const std::size_t n = sectors();
  if (!(std::isfinite(dt_h) && dt_h > 0.0))
    throw UsageError("DIIM: the step must be finite and > 0 h, found " + number(dt_h));
  if (c_star.size() != steps * n) {
    throw UsageError("DIIM: c* holds " + std::to_string(c_star.size()) + " values, expected " + std::to_string(steps) +
                     " steps x " + std::to_string(n) + " sectors");
  }
  if (q0.empty()) q0.assign(n, 0.0);
  if (q0.size() != n) {
    throw UsageError("DIIM: q(0) holds " + std::to_string(q0.size()) + " values for " + std::to_string(n) + " sectors");
  }
  check_finite(c_star, "c*");
  for (const double v : q0) {
    if (!(v >= 0.0 && v <= 1.0)) throw UsageError("DIIM: q(0) must lie in [0, 1], found " + number(v));
  }

  // Van Loan (1978): exp of [[-M, I, 0], [0, 0, I], [0, 0, 0]] dt holds
  // E = exp(-M dt), S = int_0^dt exp(-M s) ds and T = int_0^dt S(s) ds in its
  // first block row, each without cancellation for small dt.
  const Eigen::Index size = eigen_size(n);
  const Matrix identity = Matrix::Identity(size, size);
  const Vector k = Eigen::Map<const Vector>(resilience_per_h_.data(), size);
  const Matrix m = k.asDiagonal() * (identity - interdependency_matrix(spec_));
  Matrix van_loan = Matrix::Zero(3 * size, 3 * size);
  van_loan.block(0, 0, size, size) = -m * dt_h;
  van_loan.block(0, size, size, size) = identity * dt_h;
  van_loan.block(size, 2 * size, size, size) = identity * dt_h;
  const Matrix blocks = van_loan.exp();
  const Matrix e = blocks.block(0, 0, size, size);
  const Matrix s = blocks.block(0, size, size, size);
  const Matrix sk = s * k.asDiagonal();
  const Matrix tk = blocks.block(0, 2 * size, size, size) * k.asDiagonal();

  Trajectory run;
  run.sectors = n;
  run.steps = steps;
  run.dt_h = dt_h;
  run.q.resize((steps + 1) * n);
  run.loss_eur.assign(n, 0.0);
  run.peak_q = q0;
  std::copy(q0.begin(), q0.end(), run.q.begin());
  Vector q = Eigen::Map<const Vector>(q0.data(), size);
  Vector c(size);
  Vector integral_h(size);
  for (std::size_t step = 0; step < steps; ++step) {
    for (std::size_t i = 0; i < n; ++i) c(eigen_size(i)) = clip01(c_star[step * n + i]);
    integral_h.noalias() = s * q + tk * c;
    q = (e * q + sk * c).eval();
    for (std::size_t i = 0; i < n; ++i) {
      const Eigen::Index ei = eigen_size(i);
      q(ei) = clip01(q(ei));
      run.q[(step + 1) * n + i] = q(ei);
      run.peak_q[i] = std::max(run.peak_q[i], q(ei));
      run.loss_eur[i] += spec_.output_eur_per_h[i] * std::clamp(integral_h(ei), 0.0, dt_h);
    }
  }
  for (const double loss : run.loss_eur) run.total_loss_eur += loss;
  return run;
}

}  // namespace porttwin::metrics
