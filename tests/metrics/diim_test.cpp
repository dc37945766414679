// Tests of include/porttwin/metrics/diim.hpp against answers from outside the
// code: the published Haimes and Jiang (2001) example, inverses and matrix
// exponentials worked out by hand, closed-form recovery and loss integrals,
// and an independent fine Euler integration of the ODE.
#include "porttwin/metrics/diim.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::metrics {
namespace {

/// The Haimes and Jiang (2001) two-sector system, with recovery times of our own.
DiimSpec haimes_jiang() {
  return DiimSpec{.sectors = {"power", "communications"},
                  .output_eur_per_h = {1000.0, 500.0},
                  .recovery_h = {24.0, 48.0},
                  .interdependency = {0.0, 0.8, 0.2, 0.0},
                  .lambda = 0.01};
}

DiimSpec single_sector(double tau_h, double a_ii) {
  return DiimSpec{.sectors = {"port_handling"},
                  .output_eur_per_h = {4.0e6 / 24.0},
                  .recovery_h = {tau_h},
                  .interdependency = {a_ii},
                  .lambda = 0.01};
}

/// c* held at `c` for every step.
std::vector<double> constant(const std::vector<double>& c, std::size_t steps) {
  std::vector<double> all;
  for (std::size_t s = 0; s < steps; ++s) all.insert(all.end(), c.begin(), c.end());
  return all;
}

void expect_scenario_error(const DiimSpec& spec, const std::vector<std::string>& fragments) {
  try {
    const Diim diim(spec);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    for (const std::string& fragment : fragments) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << "missing '" << fragment << "' in\n"
                                                                         << e.what();
    }
  }
}

// ---- static model -----------------------------------------------------------

TEST(DiimEquilibrium, HaimesJiangTwoSectorExampleGivesThePublishedInoperabilities) {
  const Diim diim(haimes_jiang());
  const std::vector<double> q = diim.equilibrium({0.0, 0.6});
  // Published: q = [0.571, 0.714].
  EXPECT_NEAR(q[0], 0.571, 1e-3);
  EXPECT_NEAR(q[1], 0.714, 1e-3);
  // By hand: q1 = 0.8 q2, q2 = 0.2 q1 + 0.6 = 0.16 q2 + 0.6, so q2 = 0.6 / 0.84
  // = 5/7 and q1 = 4/7.
  EXPECT_NEAR(q[0], 4.0 / 7.0, 1e-12);
  EXPECT_NEAR(q[1], 5.0 / 7.0, 1e-12);
}

TEST(DiimEquilibrium, CoefficientsOfOneAndRowsPastOneSolveWhenTheRadiusIsBelowOne) {
  // Rows a (1 + 0.8) and b (0.36 + 0.54 + 1) sum past 1; the only loop, a <-> b,
  // has radius sqrt(0.36) = 0.6. With c and d hit directly (c* = 0.1, 0.2):
  //   q_c = 0.1, q_d = 0.2, q_a = q_b + 0.8 q_c, q_b = 0.36 q_a + 0.54 q_c + q_d,
  //   so q_a = 0.36 q_a + 0.334: q_a = 0.334 / 0.64 = 0.521875, q_b = 0.441875.
  const Diim diim(DiimSpec{.sectors = {"a", "b", "c", "d"},
                           .output_eur_per_h = {1.0, 1.0, 1.0, 1.0},
                           .recovery_h = {24.0, 24.0, 24.0, 24.0},
                           .interdependency = {0.0, 1.0, 0.8, 0.0,    //
                                               0.36, 0.0, 0.54, 1.0,  //
                                               0.0, 0.0, 0.0, 0.0,    //
                                               0.0, 0.0, 0.0, 0.0}});
  const std::vector<double> q = diim.equilibrium({0.0, 0.0, 0.1, 0.2});
  EXPECT_NEAR(q[0], 0.521875, 1e-12);
  EXPECT_NEAR(q[1], 0.441875, 1e-12);
  EXPECT_NEAR(q[2], 0.1, 1e-12);
  EXPECT_NEAR(q[3], 0.2, 1e-12);
}

TEST(DiimEquilibrium, ThreeSectorChainMatchesTheInverseWorkedOutByHand) {
  // A* = L strictly lower triangular, so L^3 = 0 and (I - L)^-1 = I + L + L^2:
  //   L = [0   0   0]   L^2 = [0          0 0]   (I - L)^-1 = [1   0   0]
  //       [0.5 0   0]         [0          0 0]                [0.5 1   0]
  //       [0.2 0.4 0]         [0.4*0.5    0 0]                [0.4 0.4 1]
  // (row 3 of the inverse: 0.2 + 0.2 = 0.4, 0.4, 1). With c* = [0.2, 0.1, 0.05]:
  //   q = [0.2, 0.5*0.2 + 0.1, 0.4*0.2 + 0.4*0.1 + 0.05] = [0.2, 0.2, 0.17].
  const Diim diim(DiimSpec{.sectors = {"terminal", "forwarding", "steel"},
                           .output_eur_per_h = {1.0, 1.0, 1.0},
                           .recovery_h = {24.0, 24.0, 24.0},
                           .interdependency = {0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.2, 0.4, 0.0}});
  const std::vector<double> q = diim.equilibrium({0.2, 0.1, 0.05});
  EXPECT_NEAR(q[0], 0.2, 1e-12);
  EXPECT_NEAR(q[1], 0.2, 1e-12);
  EXPECT_NEAR(q[2], 0.17, 1e-12);
}

TEST(DiimEquilibrium, ResilienceCoefficientsFollowTheRecoveryTimes) {
  // k_i = -ln(lambda) / (tau_i (1 - a*_ii)): ln(100) / 24 and ln(100) / (100 * 0.75).
  const Diim diim(DiimSpec{.sectors = {"a", "b"},
                           .output_eur_per_h = {1.0, 1.0},
                           .recovery_h = {24.0, 100.0},
                           .interdependency = {0.0, 0.1, 0.2, 0.25}});
  EXPECT_NEAR(diim.resilience_per_h()[0], std::log(100.0) / 24.0, 1e-15);
  EXPECT_NEAR(diim.resilience_per_h()[1], std::log(100.0) / 75.0, 1e-15);
}

TEST(DiimEquilibrium, ResilienceGivenDirectlyIsUsedAsItIs) {
  // K as a published case gives it: k_a = 0.05 /h is used, tau_a ignored; b's 0 means from tau_b.
  const Diim diim(DiimSpec{.sectors = {"a", "b"},
                           .output_eur_per_h = {1.0, 1.0},
                           .recovery_h = {24.0, 100.0},
                           .resilience_per_h = {0.05, 0.0},
                           .interdependency = {0.0, 0.1, 0.2, 0.25}});
  EXPECT_EQ(diim.resilience_per_h()[0], 0.05);
  EXPECT_NEAR(diim.resilience_per_h()[1], std::log(100.0) / 75.0, 1e-15);
  // Alone, q(t) = q0 exp(-k t): after 20 h at k = 0.05 /h, q0 / e.
  const Diim alone(DiimSpec{.sectors = {"a"},
                            .output_eur_per_h = {1.0},
                            .recovery_h = {24.0},
                            .resilience_per_h = {0.05},
                            .interdependency = {0.0}});
  const Diim::Trajectory run = alone.simulate(std::vector<double>(20, 0.0), 20, 1.0, {0.5});
  EXPECT_NEAR(run.at(20, 0), 0.5 / std::exp(1.0), 1e-14);
  // A negative or non-finite k is refused, naming the sector.
  expect_scenario_error(DiimSpec{.sectors = {"a"},
                                 .output_eur_per_h = {1.0},
                                 .recovery_h = {24.0},
                                 .resilience_per_h = {-1.0},
                                 .interdependency = {0.0}},
                        {"sector 'a': resilience must be finite and > 0 per hour"});
}

// ---- dynamic model ----------------------------------------------------------

TEST(DiimDynamics, ConstantPerturbationSettlesOnTheStaticEquilibrium) {
  const Diim diim(haimes_jiang());
  const std::size_t steps = 1440;  // 60 days of 1 h: 30 of the slower recovery times
  const Diim::Trajectory run = diim.simulate(constant({0.0, 0.6}, steps), steps, 1.0);
  ASSERT_EQ(run.q.size(), (steps + 1) * 2);
  EXPECT_EQ(run.at(0, 0), 0.0);
  EXPECT_NEAR(run.at(steps, 0), 4.0 / 7.0, 1e-9);
  EXPECT_NEAR(run.at(steps, 1), 5.0 / 7.0, 1e-9);
}

TEST(DiimDynamics, IsolatedSectorRecoversToLambdaAtItsRecoveryTimeWithTheClosedFormLoss) {
  const double tau_h = 720.0;
  const double q0 = 0.8;
  const Diim diim(single_sector(tau_h, 0.0));
  const std::size_t steps = 720;
  const Diim::Trajectory run = diim.simulate(std::vector<double>(steps, 0.0), steps, 1.0, {q0});
  // q(t) = q0 exp(-k t), k = ln(100) / tau, so q(tau) = 0.01 q0.
  EXPECT_NEAR(run.at(steps, 0), 0.01 * q0, 1e-14);
  EXPECT_NEAR(run.at(360, 0), q0 * 0.1, 1e-14);  // exp(-k tau / 2) = sqrt(0.01)
  // Loss = x * int_0^tau q0 exp(-k t) dt = x q0 (1 - lambda) / k.
  const double k = std::log(100.0) / tau_h;
  const double x = 4.0e6 / 24.0;
  const double expected = x * q0 * (1.0 - 0.01) / k;
  EXPECT_NEAR(run.loss_eur[0], expected, 1e-10 * expected);
  EXPECT_NEAR(run.total_loss_eur, expected, 1e-10 * expected);
  EXPECT_EQ(run.peak_q[0], q0);
}

TEST(DiimDynamics, SelfDependenceStillRecoversToLambdaAtTheRecoveryTime) {
  // With a*_ii = 0.4 the sector's own rate is k (1 - a*_ii) = ln(100) / tau.
  const Diim diim(single_sector(100.0, 0.4));
  const Diim::Trajectory run = diim.simulate(std::vector<double>(20, 0.0), 20, 5.0, {0.5});
  EXPECT_NEAR(run.at(20, 0), 0.005, 1e-14);
}

TEST(DiimDynamics, SymmetricPairRecoversAlongItsEigenmodes) {
  // A* = [[0, a], [a, 0]], equal tau: M = k (I - A*) has eigenvectors [1, 1]
  // (rate k (1 - a)) and [1, -1] (rate k (1 + a)), so
  //   q(t) = (q1 + q2)/2 e^{-k(1-a)t} [1, 1] + (q1 - q2)/2 e^{-k(1+a)t} [1, -1].
  const double a = 0.3;
  const double tau_h = 100.0;
  const double k = std::log(100.0) / tau_h;
  const Diim diim(DiimSpec{.sectors = {"a", "b"},
                           .output_eur_per_h = {1.0, 1.0},
                           .recovery_h = {tau_h, tau_h},
                           .interdependency = {0.0, a, a, 0.0}});
  const double q1 = 0.6;
  const double q2 = 0.2;
  const double dt_h = 5.0;
  const std::size_t steps = 60;
  const Diim::Trajectory run = diim.simulate(std::vector<double>(steps * 2, 0.0), steps, dt_h, {q1, q2});
  for (const std::size_t step : {std::size_t{10}, std::size_t{20}, std::size_t{60}}) {
    const double t = dt_h * static_cast<double>(step);
    const double slow = (q1 + q2) / 2.0 * std::exp(-k * (1.0 - a) * t);
    const double fast = (q1 - q2) / 2.0 * std::exp(-k * (1.0 + a) * t);
    EXPECT_NEAR(run.at(step, 0), slow + fast, 1e-13) << "t = " << t;
    EXPECT_NEAR(run.at(step, 1), slow - fast, 1e-13) << "t = " << t;
  }
}

TEST(DiimDynamics, AsymmetricPairMatchesAFineEulerIntegration) {
  const DiimSpec spec{.sectors = {"terminal", "steel"},
                      .output_eur_per_h = {2000.0, 300.0},
                      .recovery_h = {48.0, 200.0},
                      .interdependency = {0.1, 0.5, 0.3, 0.0}};
  const std::vector<double> c{0.1, 0.05};
  const std::vector<double> q0{0.5, 0.1};
  // The reference: dq/dt = K (A* q + c* - q) by Euler with dt = 1e-3 h.
  const double k0 = std::log(100.0) / (48.0 * 0.9);
  const double k1 = std::log(100.0) / 200.0;
  double p0 = q0[0];
  double p1 = q0[1];
  double integral0 = 0.0;
  double integral1 = 0.0;
  const double h = 1e-3;
  const Diim diim(spec);
  const Diim::Trajectory run = diim.simulate(constant(c, 40), 40, 6.0, q0);
  for (std::size_t step = 1; step <= 40; ++step) {
    for (int i = 0; i < 6000; ++i) {  // 6 h
      integral0 += p0 * h;
      integral1 += p1 * h;
      const double d0 = k0 * (0.1 * p0 + 0.5 * p1 + c[0] - p0);
      const double d1 = k1 * (0.3 * p0 + 0.0 * p1 + c[1] - p1);
      p0 += h * d0;
      p1 += h * d1;
    }
    EXPECT_NEAR(run.at(step, 0), p0, 1e-4) << "step " << step;
    EXPECT_NEAR(run.at(step, 1), p1, 1e-4) << "step " << step;
  }
  EXPECT_NEAR(run.loss_eur[0], 2000.0 * integral0, 1e-4 * 2000.0 * integral0);
  EXPECT_NEAR(run.loss_eur[1], 300.0 * integral1, 1e-4 * 300.0 * integral1);
}

TEST(DiimDynamics, ExactStepAgreesWithTheTextbookEulerStepForSmallSteps) {
  // port-reference.md: q(k+1) = q(k) + K dt (A* q(k) + c*(k) - q(k)); the two
  // differ by O(dt^2) while each moves q by O(dt).
  const Diim diim(haimes_jiang());
  const double dt_h = 1e-4;
  const std::vector<double> q0{0.3, 0.1};
  const std::vector<double> c{0.2, 0.4};
  const Diim::Trajectory run = diim.simulate(c, 1, dt_h, q0);
  const std::vector<double>& k = diim.resilience_per_h();
  const double euler0 = q0[0] + k[0] * dt_h * (0.8 * q0[1] + c[0] - q0[0]);
  const double euler1 = q0[1] + k[1] * dt_h * (0.2 * q0[0] + c[1] - q0[1]);
  // The step moves q by ~4e-7 and ~3e-6 (k dt ~ 1e-5); the second-order term is ~1e-5 of that.
  EXPECT_GT(std::abs(euler0 - q0[0]), 1e-7);
  EXPECT_GT(std::abs(euler1 - q0[1]), 1e-7);
  EXPECT_NEAR(run.at(1, 0), euler0, 1e-10);
  EXPECT_NEAR(run.at(1, 1), euler1, 1e-10);
}

TEST(DiimDynamics, StaysStableWhereTheEulerStepWouldDiverge) {
  // tau = 1 h, dt = 1 h: k dt = ln(100) = 4.6 > 2, Euler gives q(1) = -3.6 q(0).
  const Diim diim(single_sector(1.0, 0.0));
  const Diim::Trajectory run = diim.simulate(std::vector<double>(3, 0.0), 3, 1.0, {0.9});
  EXPECT_NEAR(run.at(1, 0), 0.9e-2, 1e-15);
  EXPECT_NEAR(run.at(2, 0), 0.9e-4, 1e-17);
  EXPECT_NEAR(run.at(3, 0), 0.9e-6, 1e-19);
}

TEST(DiimDynamics, FullPerturbationNeverPushesInoperabilityAboveOne) {
  // Unclipped, (I - A*)^-1 [1, 1] = [2, 2].
  const Diim diim(DiimSpec{.sectors = {"a", "b"},
                           .output_eur_per_h = {100.0, 10.0},
                           .recovery_h = {12.0, 24.0},
                           .interdependency = {0.0, 0.5, 0.5, 0.0}});
  EXPECT_EQ(diim.equilibrium({1.0, 1.0}), (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(diim.equilibrium({3.0, -1.0}), diim.equilibrium({1.0, 0.0}));  // c* clipped too
  const std::size_t steps = 200;
  const Diim::Trajectory run = diim.simulate(constant({1.0, 1.0}, steps), steps, 1.0);
  for (const double q : run.q) {
    EXPECT_GE(q, 0.0);
    EXPECT_LE(q, 1.0);
  }
  EXPECT_EQ(run.peak_q[0], 1.0);
  EXPECT_EQ(run.peak_q[1], 1.0);
  // A sector never loses more than its whole output.
  EXPECT_LE(run.loss_eur[0], 100.0 * 200.0);
  EXPECT_LE(run.loss_eur[1], 10.0 * 200.0);
}

TEST(DiimDynamics, StepResponseDoesNotDependOnTheStepLength) {
  const Diim diim(DiimSpec{.sectors = {"terminal", "forwarding", "steel"},
                           .output_eur_per_h = {1.0e5, 2.0e4, 5.0e4},
                           .recovery_h = {24.0, 72.0, 168.0},
                           .interdependency = {0.0, 0.2, 0.1, 0.4, 0.0, 0.0, 0.3, 0.2, 0.05}});
  // The terminal loses half its output for 10 h, then recovers; 40 h in all.
  const auto run_with = [&](double dt_h) {
    const auto steps = static_cast<std::size_t>(40.0 / dt_h);
    std::vector<double> c(steps * 3, 0.0);
    for (std::size_t s = 0; static_cast<double>(s) * dt_h < 10.0; ++s) c[s * 3] = 0.5;
    return diim.simulate(c, steps, dt_h);
  };
  const Diim::Trajectory coarse = run_with(1.0);
  const Diim::Trajectory fine = run_with(0.25);
  ASSERT_EQ(fine.steps, 4 * coarse.steps);
  for (std::size_t step = 0; step <= coarse.steps; ++step) {
    for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(coarse.at(step, i), fine.at(4 * step, i), 1e-9);
  }
  EXPECT_GT(coarse.at(10, 0), 0.1);  // the pulse did move it
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(coarse.loss_eur[i], fine.loss_eur[i], 1e-9 * fine.loss_eur[i]);
}

TEST(DiimDynamics, BadArgumentsAreUsageErrors) {
  const Diim diim(haimes_jiang());
  EXPECT_THROW((void)diim.simulate(std::vector<double>(3, 0.0), 2, 1.0), UsageError);  // 3 values, not 2 x 2
  EXPECT_THROW((void)diim.simulate(std::vector<double>(4, 0.0), 2, 0.0), UsageError);
  EXPECT_THROW((void)diim.simulate(std::vector<double>(4, 0.0), 2, 1.0, {0.5}), UsageError);
  EXPECT_THROW((void)diim.simulate(std::vector<double>(4, 0.0), 2, 1.0, {0.5, 1.5}), UsageError);
  EXPECT_THROW((void)diim.equilibrium({0.5}), UsageError);
  EXPECT_THROW((void)diim.equilibrium({0.5, std::nan("")}), UsageError);
}

// ---- bad specifications -----------------------------------------------------

TEST(DiimSpecCheck, AMissingValueNamesTheSectorWithoutOne) {
  DiimSpec spec = haimes_jiang();
  spec.recovery_h = {24.0};
  expect_scenario_error(spec, {"2 sectors but 1 recovery time values", "sector 'communications' has none"});
  spec = haimes_jiang();
  spec.interdependency = {0.0, 0.8, 0.2};
  expect_scenario_error(spec, {"interdependency holds 3 coefficients, expected 2 x 2", "'power', 'communications'"});
}

TEST(DiimSpecCheck, ANonPositiveRecoveryTimeNamesTheSector) {
  DiimSpec spec = haimes_jiang();
  spec.recovery_h[1] = 0.0;
  expect_scenario_error(spec, {"sector 'communications': recovery time must be finite and > 0 h, found 0"});
}

TEST(DiimSpecCheck, ANegativeCoefficientNamesBothSectors) {
  DiimSpec spec = haimes_jiang();
  spec.interdependency[2] = -0.2;
  expect_scenario_error(spec,
                        {"sector 'communications' on 'power': interdependency coefficient is negative, found -0.2"});
}

TEST(DiimSpecCheck, EveryProblemIsReportedOnItsOwnLine) {
  DiimSpec spec = haimes_jiang();
  spec.output_eur_per_h[0] = -1.0;
  spec.interdependency[1] = std::numeric_limits<double>::quiet_NaN();
  spec.lambda = 1.0;
  spec.sectors[1] = "power";
  expect_scenario_error(spec,
                        {"duplicate sector id 'power'\n", "sector 'power': output must be finite and >= 0 EUR/h",
                         "sector 'power' on 'power': interdependency coefficient must be finite and >= 0, found nan\n",
                         "lambda must be in (0, 1), found 1"});
  expect_scenario_error(DiimSpec{}, {"no sectors"});
}

TEST(DiimSpecCheck, AFeedbackLoopWithoutEquilibriumNamesItsSectors) {
  // b and c: [[0.5, 0.6], [0.6, 0.5]] has eigenvalues 1.1 and -0.1. a feeds
  // into them (a*_ba > 0) but is not in the loop.
  DiimSpec spec{.sectors = {"a", "b", "c"},
                .output_eur_per_h = {1.0, 1.0, 1.0},
                .recovery_h = {24.0, 24.0, 24.0},
                .interdependency = {0.0, 0.0, 0.0, 0.9, 0.5, 0.6, 0.0, 0.6, 0.5}};
  expect_scenario_error(spec, {"sectors 'b', 'c' feed back", "1.1", "no equilibrium"});
  try {
    const Diim diim(spec);
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()).find("'a'"), std::string::npos) << e.what();
  }
  // Spectral radius exactly 1: [[0.5, 0.5], [0.5, 0.5]] has eigenvalues 1 and 0.
  spec.interdependency = {0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.5, 0.5};
  expect_scenario_error(spec, {"sectors 'b', 'c' feed back"});
}

TEST(DiimSpecCheck, TheScenarioEconomyBecomesARowMajorSpec) {
  scenario::Economy economy;
  economy.sectors = {{.id = "port_handling", .name = "", .output_eur_per_h = 1.0e5, .recovery_h = 720.0, .nodes = {}},
                     {.id = "steel", .name = "", .output_eur_per_h = 2.0e4, .recovery_h = 360.0, .nodes = {}}};
  economy.interdependency = {{.sector = 1, .depends_on = 0, .value = 0.3}};
  economy.lambda = 0.05;
  const DiimSpec spec = diim_spec(economy);
  EXPECT_EQ(spec.sectors, (std::vector<std::string>{"port_handling", "steel"}));
  EXPECT_EQ(spec.output_eur_per_h, (std::vector<double>{1.0e5, 2.0e4}));
  EXPECT_EQ(spec.recovery_h, (std::vector<double>{720.0, 360.0}));
  EXPECT_EQ(spec.interdependency, (std::vector<double>{0.0, 0.0, 0.3, 0.0}));  // steel on port_handling: row 1, col 0
  EXPECT_EQ(spec.lambda, 0.05);
  economy.interdependency.push_back({.sector = 1, .depends_on = 0, .value = 0.1});
  try {
    (void)diim_spec(economy);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("sector 'steel' on 'port_handling' is given twice"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace porttwin::metrics
