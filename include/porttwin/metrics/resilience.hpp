// Resilience of the port's throughput after an incident, measured against a
// baseline run of the same replication: how far performance fell, how long
// it took to come back, and what it cost, in the manner of Bruneau et al.'s
// resilience triangle (Earthquake Spectra 19(4), 2003): the loss is the area
// between full and actual performance from the onset to the recovery.
//
// Inputs are two cumulative curves (e.g. TEU handled, port::Series::teu_handled
// summed over terminals) sampled at the same strictly increasing times t_0 <
// t_1 < ... < t_{n-1} (hours). B is the baseline's, D the disrupted run's; B(s)
// and D(s) between samples are linear interpolations (the curves are
// cumulative, so this is the uniform-rate reading).
//
// Definitions of record:
//
//   Q(t_i)  performance at sample i: D(t_i) - D(s_i) over B(t_i) - B(s_i),
//           s_i = max(t_i - window_h, t_0): the throughput in the window of
//           window_h hours ending at t_i (cut at the first sample), as a share
//           of the baseline's. Q = 1 where the baseline handled nothing in the
//           window (B(t_i) - B(s_i) <= 0), so Q(t_0) = 1. Q may exceed 1
//           (catching up).
//   counted samples  those with t_i >= onset_h (onset: when the first node
//           was compromised). Nothing before the onset counts.
//   drop    the first counted sample d with Q(t_d) < threshold. If there is
//           none, the port never dropped: recovery_95_h = 0,
//           resilience_loss_h = 0 and resilience_loss_teu = 0 (nothing to
//           recover from, whatever B - D was before the onset).
//   recovery  the first sample r > d with Q(t_r) >= threshold and Q(t_j) >=
//           threshold for every sample j with t_r < t_j <= t_r + window_h.
//           Samples past the last one are not needed (a window running past
//           the end needs only the samples that exist, so the last sample may
//           itself be the recovery). recovery_95_h = t_r - onset_h; NaN if no
//           such r exists (the port did not recover within the horizon).
//   end     t_e = t_r if recovered, else the last sample t_{n-1}.
//   resilience_loss_h  sum over consecutive counted samples i, i+1 up to e of
//           (t_{i+1} - t_i) (L_i + L_{i+1}) / 2, L = 1 - min(Q, 1): the
//           trapezoidal integral of the lost share of throughput from the
//           first counted sample to t_e, in hours of full throughput lost (24
//           is one day's work). Catching up (Q > 1) does not pay back.
//   resilience_loss_teu  B(t_e) - D(t_e): what the port is behind when it
//           recovers (or at the end).
//   teu_not_handled  B(t_{n-1}) - D(t_{n-1}): behind at the last sample.
// Every "B - D" here is behind(B, D): a difference within 1e-9 of B is 0, the
// rounding of the same cargo summed in different pieces (a phase settled at a
// stop, port/terminal.hpp), not cargo.
//
// Empty or unequal-length inputs, times not strictly increasing, a window_h
// that is not positive and finite, a non-finite onset_h or a threshold that
// is not finite throw std::invalid_argument: they are bugs in the caller,
// not user errors.
#pragma once

#include <limits>
#include <span>
#include <vector>

namespace porttwin::metrics {

/// B - D, with a difference within 1e-9 of |B| taken as 0 (see above).
[[nodiscard]] inline double behind(double baseline, double disrupted) noexcept {
  const double d = baseline - disrupted;
  return d <= 1e-9 * (baseline < 0.0 ? -baseline : baseline) && d >= -1e-9 * (baseline < 0.0 ? -baseline : baseline)
             ? 0.0
             : d;
}

struct ResilienceFigures {
  double teu_not_handled = 0.0;                                     ///< B - D at the last sample
  double recovery_95_h = std::numeric_limits<double>::quiet_NaN();  ///< onset to recovery; NaN: not recovered
  double resilience_loss_h = 0.0;    ///< hours of full throughput lost, onset to recovery (or end)
  double resilience_loss_teu = 0.0;  ///< B - D at the recovery (or the last sample)
  double onset_h = std::numeric_limits<double>::quiet_NaN();  ///< the onset used
};

/// Q(t_i) for every sample (see above): disrupted over baseline throughput in
/// the `window_h` ending at t_i, from cumulative curves sampled at time_h.
[[nodiscard]] std::vector<double> performance_curve(std::span<const double> time_h,
                                                    std::span<const double> baseline_cum,
                                                    std::span<const double> disrupted_cum, double window_h = 24.0);

/// The figures above for an incident whose first compromise was at onset_h.
[[nodiscard]] ResilienceFigures resilience(std::span<const double> time_h, std::span<const double> baseline_cum,
                                           std::span<const double> disrupted_cum, double onset_h,
                                           double window_h = 24.0, double threshold = 0.95);

}  // namespace porttwin::metrics
