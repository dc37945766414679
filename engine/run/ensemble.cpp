// See run/ensemble.hpp.
#include "porttwin/run/ensemble.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include "porttwin/kernel/ensemble.hpp"

namespace porttwin::run {

std::vector<std::pair<std::string, double>> key_figures(const ScenarioRun& r) {
  const port::KeyFigures& k = r.port.kpi;
  std::vector<std::pair<std::string, double>> out{
      {"vessel_calls", static_cast<double>(k.vessel_calls)},
      {"mean_wait_h", k.mean_wait_h},
      {"p95_wait_h", k.p95_wait_h},
      {"mean_time_in_port_h", k.mean_time_in_port_h},
      {"berth_utilisation", k.berth_utilisation},
      {"teu_handled", k.teu_handled},
      {"peak_yard_teu", k.peak_yard_teu},
      {"bulk_t_handled", k.bulk_t_handled},
      {"units_handled", k.units_handled},
      {"vessels_diverted", static_cast<double>(k.vessels_diverted)},
      {"vessels_left_port", static_cast<double>(k.vessels_left_port)},
      {"late_clearances", static_cast<double>(k.late_clearances)},
      {"mean_truck_wait_h", k.mean_truck_wait_h},
      {"company_shortage_h", k.company_shortage_h},
      {"vessel_hours_in_port", k.vessel_hours_in_port},
      {"pcs_messages_held", static_cast<double>(k.pcs_messages_held)},
      {"pcs_messages_manual", static_cast<double>(k.pcs_messages_manual)},
      {"events", static_cast<double>(r.port.run.committed_events + (r.baseline ? r.baseline->run.committed_events : 0) +
                                     (r.cyber ? r.cyber->run.committed_events : 0))},
  };
  if (r.cascade) {
    const metrics::CascadeFigures& f = r.cascade->figures;
    const auto count = [](std::uint64_t n) { return static_cast<double>(n); };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.insert(out.end(), {{"vessel_delay_h", f.vessel_delay_h},
                           {"teu_not_handled", f.teu_not_handled},
                           {"teu_backlog_peak", f.teu_backlog_peak},
                           {"backlog_cleared_h", f.backlog_cleared_h >= 0.0 ? f.backlog_cleared_h : nan},
                           {"recovery_95_h", f.resilience.recovery_95_h},
                           {"resilience_loss_h", f.resilience.resilience_loss_h},
                           {"resilience_loss_teu", f.resilience.resilience_loss_teu},
                           {"yard_excess_peak_teu", f.yard_excess_peak_teu},
                           {"yard_excess_teu_h", f.yard_excess_teu_h},
                           {"companies_affected", count(f.companies_affected)},
                           {"reportable_companies", count(f.reportable_companies)},
                           {"must_report_companies", count(f.must_report_companies)},
                           {"reportable_security_plan", count(f.reportable_by_criterion[0])},
                           {"reportable_vessel_processes", count(f.reportable_by_criterion[1])},
                           {"reportable_cargo_handling", count(f.reportable_by_criterion[2])},
                           {"reportable_danger_or_continuity", count(f.reportable_by_criterion[3])},
                           {"nis2_reports", count(f.nis2_reports)},
                           {"economic_loss_eur", f.economic_loss_eur},
                           {"peak_inoperability", f.peak_inoperability},
                           {"nodes_compromised", count(f.nodes_compromised)},
                           {"cascade_depth", count(f.cascade_depth)},
                           {"exposure_hours", f.exposure_hours},
                           {"data_classes_exposed", count(f.data_classes_exposed)},
                           {"sensitive_data_exposed", f.sensitive_data_exposed ? 1.0 : 0.0}});
  }
  return out;
}

EnsembleResult run_ensemble(const scenario::ScenarioDocument& document, const EnsembleOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::mutex progress_lock;
  EnsembleProgress progress;
  progress.total = options.count;
  struct One {
    std::vector<std::pair<std::string, double>> figures;
    std::uint64_t events = 0;
  };
  const auto results = kernel::run_replications(options.first, options.count, options.threads, [&](std::uint32_t rep) {
    const scenario::Scenario s = document.instantiate(rep);
    ScenarioRunOptions run = options.run;
    run.replication = rep;
    const ScenarioRun r = run_scenario(s, run);
    One one{key_figures(r), r.port.run.committed_events};
    if (r.baseline) one.events += r.baseline->run.committed_events;
    if (r.cyber) one.events += r.cyber->run.committed_events;
    const std::lock_guard lock(progress_lock);
    ++progress.done;
    progress.events += one.events;
    progress.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (options.progress) options.progress(progress);
    return one;
  });
  EnsembleResult out;
  for (const auto& [name, value] : results.front().figures) out.names.push_back(name);
  for (const One& one : results) {
    std::vector<double> row;
    row.reserve(one.figures.size());
    for (const auto& [name, value] : one.figures) row.push_back(value);
    out.values.push_back(std::move(row));
    out.events += one.events;
  }
  for (std::size_t f = 0; f < out.names.size(); ++f) {
    std::vector<double> column;
    column.reserve(out.values.size());
    for (const auto& row : out.values) {
      if (!std::isnan(row[f])) column.push_back(row[f]);  // undefined (e.g. never recovered)
    }
    out.summaries.push_back(metrics::summarise(column));
  }
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace porttwin::run
