// The economic layer: how an operational disruption in the port spreads, as
// lost output, to the sectors that depend on it. A dynamic inoperability
// input-output model (DIIM: Haimes and Jiang 2001, "Leontief-based model of
// risk in complex interconnected infrastructures"; Lian and Haimes 2006,
// "Managing the risk of terrorism to interdependent infrastructure systems
// through the dynamic inoperability input-output model").
//
// Quantities (n sectors, i, j = 0..n-1):
//   q_i(t)   inoperability of sector i: the fraction of its as-planned output
//            it does not produce, in [0, 1] (dimensionless)
//   c*_i(t)  demand-side perturbation: the direct loss imposed on sector i
//            (e.g. the share of its output that needs a stopped terminal), [0, 1]
//   a*_ij    interdependency: the rise in q_i per unit of q_j, >= 0 (any size,
//            as long as the spectral radius of A* is below 1, see below)
//   x_i      as-planned output of sector i, EUR/h
//   tau_i    recovery time of sector i, h: alone (c* = 0 and no coupling), its
//            inoperability falls to lambda of its initial value in tau_i
//   lambda   that residual fraction, in (0, 1), commonly 0.01
//
// Equations (port-reference.md, "Economic interdependency (DIIM)"):
//   static       q = (I - A*)^-1 c*
//   dynamic      dq/dt = K (A* q + c*(t) - q),  K = diag(k_i)
//   resilience   k_i = -ln(lambda) / (tau_i (1 - a*_ii)), per hour; the factor
//                1 / (1 - a*_ii) makes the isolated sector's own decay rate
//                k_i (1 - a*_ii) = -ln(lambda) / tau_i, so q_i(tau_i) = lambda q_i(0)
//   recovery     q(t) = exp(-K (I - A*) t) q(0) when c* = 0
//   loss         L_i = x_i * integral of q_i(t) dt, EUR
// An equilibrium exists, and the dynamics settle on it, exactly when the
// spectral radius of A* is below 1 (A* >= 0, so I - A* is then a nonsingular
// M-matrix and (I - A*)^-1 >= 0); the constructor refuses any other A*.
//
// Discretisation. The textbook discrete form is the Euler step
//   q(k+1) = q(k) + K dt (A* q(k) + c*(k) - q(k)),
// which is unstable once k_i dt > 2 (and oscillates beyond 1): a fast-recovering
// sector sampled hourly would blow up. simulate() instead takes the exact
// solution of the linear ODE over each step with c* held constant on the step:
//   q(k+1) = E q(k) + S K c*(k),   E = exp(-M dt),  S = integral_0^dt exp(-M s) ds,
// with M = K (I - A*). It equals the Euler step to first order in dt (so the
// two agree in the limit dt -> 0), is stable for every dt, and gives the same
// q at common sample times whatever dt is. E, S and the loss integral's
// T = integral_0^dt S(s) ds come from one matrix exponential of a 3n x 3n
// block matrix (Van Loan 1978), computed once per simulate() call, so there is
// no cancellation in I - E for small dt and no inverse of M.
//
// Clipping. c* is clipped to [0, 1] on entry and q to [0, 1] after each step
// (and in equilibrium()). Clipping binds only when a perturbation would push
// a sector beyond total inoperability ((I - A*)^-1 c* > 1); then, and only
// then, results depend on dt.
//
// Loss. The integral of q_i over each step is the exact integral of the step's
// solution, S q(k) + T K c*(k), capped to [0, dt] per sector (a sector cannot
// lose more than its whole output); exact, and independent of dt, whenever
// clipping does not bind.
//
// Coefficients come from the scenario's `economy` section (scenario::Economy:
// sectors with output and recovery time, interdependency coefficients
// (sector, on, coefficient), lambda); diim_spec() turns it into a DiimSpec.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "porttwin/scenario/scenario.hpp"

namespace porttwin::metrics {

/// The DIIM's coefficients, as plain data. Vectors indexed by sector.
struct DiimSpec {
  std::vector<std::string> sectors;      ///< ids, n sectors, unique and non-empty
  std::vector<double> output_eur_per_h;  ///< x_i, as-planned output, >= 0
  std::vector<double> recovery_h;        ///< tau_i > 0
  /// k_i given directly, per hour (a published case's K): empty, or n values, 0 where
  /// k_i comes from tau_i and lambda.
  std::vector<double> resilience_per_h{};
  std::vector<double> interdependency;  ///< A*, row-major n x n: [i * n + j] = a*_ij >= 0
  double lambda = 0.01;                 ///< residual inoperability at tau_i, in (0, 1)
};

/// The scenario's economy section as a DiimSpec (A* zero where no coefficient
/// is given). Throws ScenarioError for a coefficient naming an unknown sector
/// or given twice; the values themselves are checked by Diim's constructor.
[[nodiscard]] DiimSpec diim_spec(const scenario::Economy& economy);

/// A validated DIIM. Immutable after construction; const members are safe to
/// call from several threads at once.
class Diim {
 public:
  /// Throws porttwin::ScenarioError listing every problem, one per line, each
  /// naming its sector: no sectors, duplicate ids, a vector of the wrong size,
  /// x_i < 0, tau_i <= 0, a given k_i negative or not finite, a*_ij negative or not
  /// finite, lambda outside (0, 1),
  /// spectral radius of A* >= 1 (naming the sectors of the feedback loop).
  explicit Diim(DiimSpec spec);

  [[nodiscard]] const DiimSpec& spec() const noexcept { return spec_; }
  [[nodiscard]] std::size_t sectors() const noexcept { return spec_.sectors.size(); }

  /// k_i = -ln(lambda) / (tau_i (1 - a*_ii)), per hour, or as given (DiimSpec::resilience_per_h).
  [[nodiscard]] const std::vector<double>& resilience_per_h() const noexcept { return resilience_per_h_; }

  /// The static equilibrium q = (I - A*)^-1 c*, c* and q clipped to [0, 1].
  /// Throws UsageError if c_star does not hold n finite values.
  [[nodiscard]] std::vector<double> equilibrium(const std::vector<double>& c_star) const;

  struct Trajectory {
    std::size_t sectors = 0;       ///< n
    std::size_t steps = 0;         ///< number of steps taken
    double dt_h = 0.0;             ///< step length
    std::vector<double> q;         ///< (steps + 1) x n, row-major [step * n + i]; row 0 is q(0)
    std::vector<double> loss_eur;  ///< per sector: x_i * integral over [0, steps dt] of q_i dt
    double total_loss_eur = 0.0;   ///< sum of loss_eur
    std::vector<double> peak_q;    ///< per sector: the largest sampled q_i, q(0) included

    [[nodiscard]] double at(std::size_t step, std::size_t sector) const { return q[step * sectors + sector]; }
  };

  /// Runs the dynamic model for `steps` steps of dt_h hours. c_star holds
  /// steps x n values, row-major [step * n + i]: c* on [step dt, (step + 1) dt).
  /// q0 is q(0), n values in [0, 1]; empty means all zeros. Throws UsageError
  /// for a wrong size, dt_h <= 0 or a non-finite value.
  [[nodiscard]] Trajectory simulate(const std::vector<double>& c_star, std::size_t steps, double dt_h,
                                    std::vector<double> q0 = {}) const;

 private:
  DiimSpec spec_;
  std::vector<double> resilience_per_h_;  // k_i
  std::vector<double> leontief_inverse_;  // (I - A*)^-1, row-major n x n
};

}  // namespace porttwin::metrics
