// The cascade of one replication in figures: what the incidents cost the
// port and its companies, measured against a baseline run of the same
// replication without them (common random numbers: same seed, same streams,
// so differences are the incidents' and not chance's).
//
//   vessel_delay_h      vessel-hours in port (waiting + at berth, over the
//                       counted period) disrupted minus baseline
//   cost_eur            DIRECT COSTS (metrics/costs.hpp): each component
//                       (vessel time, cargo time, truck time), summed over
//                       terminals; by bearer and in total beside it. A vessel
//                       that left the port is priced only for its hours here
//                       (its extra steaming is another component, not yet in).
//   teu_backlog_peak    largest shortfall of cumulative TEU handled against
//                       the baseline at a sampling time
//   backlog_cleared_h   first sampling time after the peak when the backlog
//                       is below 1% of the peak (NaN: not within the horizon)
//   teu_backlog_end     the backlog at the last sample
//   yard_excess_peak_teu, yard_excess_teu_h  container yard content above
//                       the baseline's: its peak (at a sampling time) and its
//                       exact integral (from the interval means; signed, so
//                       chance differences cancel rather than add up): cargo
//                       stuck in the port, e.g. imports not picked up while
//                       notifications wait
// Differences between two runs of one replication can be negative by chance
// (the runs' random draws part ways after the incident); ensembles (issue 6)
// give their confidence intervals.
// TEU handled is sampled with the work in progress counted as done so far
// (port::Terminal::teu_handled_at), so the curves do not step by whole calls.
//   companies_affected  organisations hit, degraded by the cyber layer, or
//                       (companies) short of supply longer than in the baseline
//   reportable_companies organisations whose incident meets a reporting criterion
//   economic_loss_eur   DIIM loss over all sectors (0 without an economy)
//   nodes_compromised, cascade_depth (largest number of hops from an
//                       incident's first target), exposure_hours (sum over
//                       exposures), data_classes_exposed, sensitive_data_exposed
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "porttwin/cyber/propagation.hpp"
#include "porttwin/cyber/reporting.hpp"
#include "porttwin/metrics/costs.hpp"
#include "porttwin/metrics/diim.hpp"
#include "porttwin/metrics/resilience.hpp"
#include "porttwin/port/run.hpp"

namespace porttwin::metrics {

struct CascadeFigures {
  double vessel_delay_h = 0.0;
  std::array<double, kCostCount> cost_eur{};  ///< DIRECT COSTS, by component (kCostComponents order); by bearer
                                              ///< and in all: by_bearer(), direct_cost() (metrics/costs.hpp)
  double teu_backlog_peak = 0.0;
  double backlog_cleared_h = std::numeric_limits<double>::quiet_NaN();
  double teu_backlog_end = 0.0;       ///< left at the horizon (cargo of vessels that left the port never comes back)
  double yard_excess_peak_teu = 0.0;  ///< most extra TEU in the container yards at a sampling time
  double yard_excess_teu_h = 0.0;     ///< extra TEU-hours in the yards (signed): cargo stuck in the port
  std::uint64_t companies_affected = 0;
  std::uint64_t reportable_companies = 0;
  std::uint64_t must_report_companies = 0;
  double economic_loss_eur = 0.0;
  std::uint64_t nodes_compromised = 0;
  std::uint32_t cascade_depth = 0;
  double exposure_hours = 0.0;
  std::uint64_t data_classes_exposed = 0;
  bool sensitive_data_exposed = false;
  std::uint64_t vessels_left_port_extra = 0;
  double company_shortage_h_extra = 0.0;
  double teu_not_handled = 0.0;  ///< baseline minus disrupted cumulative TEU at the horizon (signed)
  ResilienceFigures resilience;  ///< recovery to 95% of baseline throughput, resilience triangle
  std::array<std::uint64_t, 4> reportable_by_criterion{};  ///< hit organisations meeting each criterion (reporting.hpp)
  std::uint64_t nis2_reports = 0;                          ///< NIS2 organisations that detected their incident
  double peak_inoperability = 0.0;                         ///< largest DIIM inoperability of any sector
};

/// A backlog against the baseline, from two cumulative curves sampled at
/// the same times: max(0, baseline - disrupted) at each sample, its peak, its
/// value at the last sample and the first sample at or after the peak where
/// it is below 1% of the peak (NaN: never, or no backlog).
struct Backlog {
  double peak = 0.0;
  double end = 0.0;
  double cleared_h = std::numeric_limits<double>::quiet_NaN();
};
[[nodiscard]] Backlog backlog(std::span<const double> time_h, std::span<const double> baseline_cum,
                              std::span<const double> disrupted_cum);

/// One terminal's cascade, in its yard unit (TEU for a container terminal,
/// t for bulk, units for others), against the same terminal in the baseline:
/// the figures above for its own curves (recovery and resilience loss from
/// the port's onset, the first compromise or level drop anywhere; 0 where the
/// terminal never dropped below 95%), its vessel-hours, calls it diverted or
/// lost to other ports beyond the baseline's, and its yard content above
/// the baseline's at its peak (at a sampling time).
struct TerminalCascade {
  double vessel_delay_h = 0.0;
  std::array<double, kCostCount> cost_eur{};  ///< DIRECT COSTS at this terminal, by component
  double backlog_peak = 0.0;
  double backlog_end = 0.0;
  double backlog_cleared_h = std::numeric_limits<double>::quiet_NaN();
  double recovery_95_h = std::numeric_limits<double>::quiet_NaN();
  double resilience_loss_h = 0.0;
  double yard_excess_peak = 0.0;
  double diverted_extra = 0.0;
  double left_port_extra = 0.0;
};

/// One affected organisation: when and how badly.
struct AffectedOrganisation {
  std::string id;
  std::string kind;
  double first_h = -1.0;      ///< first hit, degradation or (companies) shortage
  double lowest_level = 1.0;  ///< lowest operational level the cyber layer gave it
  double shortage_h = 0.0;    ///< companies: extra hours short of supply
  bool hit = false;
};

/// The economic layer's result.
struct EconomicLoss {
  std::vector<std::string> sectors;
  std::vector<double> loss_eur;  ///< per sector
  std::vector<double> peak_inoperability;
  Diim::Trajectory trajectory;  ///< over the sampling interval
};

/// The DIIM (metrics/diim.hpp) over the scenario's sectors, driven by c*(t) per sampling
/// interval as `economy.driver` says.
///
/// DIIM DRIVERS. A sector's direct inoperability c*_i(t) is the share of its as-planned
/// output that its nodes (economy.sectors.<id>.nodes) do not deliver:
///   throughput (the default): each node with an output in the port model (a terminal: its
///     cargo over the quay in its yard unit; a hinterland operator: the cargo it moved; a
///     company: what it consumed) loses 1 - (its output over `economy.window` centred on the
///     interval) / (the baseline run's over the same window), in [0, 1] (0 where the baseline
///     had none: nothing planned, nothing lost; before the warm-up both are 0). Output made up
///     later (a backlog cleared above the baseline's pace) is not netted against it: the
///     DIIM counts output not delivered when it was due, and the delay of what came later is
///     priced as cargo time (metrics/costs.hpp). Nodes of one kind (terminals: of one cargo
///     unit) weigh by their baseline output over the run, so a short-sea terminal weighs what
///     it handles against ECT Delta, not as much; each such group weighs as its share of the
///     sector's nodes. A node without an output (the PCS, customs, the harbour master, a
///     system) counts by its level, as below, with a share 1 / nodes.
///   levels: 1 - the mean cyber level of its nodes (a terminal's including its crane groups,
///     weighted by their share of its cranes), time-averaged over each interval: the capacity
///     the incidents removed, whatever the port model did with it. A terminal whose gates
///     alone stop keeps its level, so this driver prices a gate outage at 0.
/// Either way, a sector's `perturbation` (c* given directly, in steps) is added on top, the
/// sum clipped to 1 by the DIIM: a published case, or a shock the port model does not simulate.
/// With throughput, a node's loss is what the port model made of the incident: a stopped
/// terminal's calls handled elsewhere are not lost to the sector, a gate outage is lost to
/// the road hauliers, a plant short of ore loses its consumption. Known bias: after an
/// incident the two runs' calls no longer coincide, and the unevenness of a terminal's flow
/// from day to day (a call more or less in a window) reads as small losses that the clipping
/// at 0 does not cancel; a longer window shrinks it (scenarios/README.md, DIIM drivers).
[[nodiscard]] EconomicLoss economic_loss(const scenario::Scenario& scenario, const graph::PortGraph& graph,
                                         const cyber::CyberOutcome& outcome, const port::Series& baseline,
                                         const port::Series& disrupted);

struct Cascade {
  CascadeFigures figures;
  std::vector<TerminalCascade> terminals;  ///< in scenario order
  std::vector<AffectedOrganisation> affected;
  EconomicLoss economy;
};

[[nodiscard]] Cascade cascade(const scenario::Scenario& scenario, const graph::PortGraph& graph,
                              const port::PortRunResult& baseline, const port::PortRunResult& disrupted,
                              const cyber::CyberOutcome& outcome,
                              const std::vector<cyber::OrganisationReport>& reports);

}  // namespace porttwin::metrics
