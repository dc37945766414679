// One replication of the port model: build, run on the chosen scheduler,
// sample at checkpoints, summarise.
#include "porttwin/port/run.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>

#include "porttwin/kernel/simulate.hpp"
#include "porttwin/port/model.hpp"

namespace porttwin::port {

namespace {

/// Samples the terminals' levels at each checkpoint: a consistent cut, the
/// same for every scheduler. It only reads the model. Interval means are the
/// difference of each tracker's whole-run area since the previous sample,
/// over the interval: exact, with no extra state in the model.
class Sampler {
 public:
  Sampler(const PortModel& model, Series& series)
      : model_(&model), series_(&series), area_h_(model.terminals().size() * kQuantities, 0.0) {
    series.terminals = model.terminals().size();
    series.operators = model.operators().size();
    series.companies = model.companies().size();
  }

  bool operator()(Ticks t) {
    Series& s = *series_;
    s.time_h.push_back(to_hours(t));
    const double interval_h = to_hours(t - last_);
    last_ = t;
    std::size_t k = 0;
    // The area since the previous sample over the interval; interval_h > 0
    // as checkpoints fall at multiples of a positive interval.
    const auto mean = [&](const LevelTracker& level) {
      const double area_h = level.area_h(t);
      const double m = (area_h - area_h_[k]) / interval_h;
      area_h_[k++] = area_h;
      return m;
    };
    for (const Terminal& terminal : model_->terminals()) {
      const TerminalLevels& l = terminal.levels();
      s.vessels_waiting.push_back(l.vessels_waiting.value());
      s.berths_busy.push_back(l.berths_busy.value());
      s.yard.push_back(terminal.yard().occupancy().value());
      s.trucks_waiting.push_back(l.trucks_waiting.value());
      s.appointments_held.push_back(l.appointments_held.value());
      s.appointments_held_import.push_back(l.appointments_held_import.value());
      s.level.push_back(l.level.value());
      s.teu_handled.push_back(terminal.teu_handled_at(t));
      s.handled.push_back(terminal.handled_at(t));
      s.trucks_import.push_back(terminal.trucks_served(Direction::import));
      s.trucks_export.push_back(terminal.trucks_served(Direction::export_));
      s.vessels_waiting_mean.push_back(mean(l.vessels_waiting));
      s.berths_busy_mean.push_back(mean(l.berths_busy));
      s.yard_mean.push_back(mean(terminal.yard().occupancy()));
      s.trucks_waiting_mean.push_back(mean(l.trucks_waiting));
      s.appointments_held_mean.push_back(mean(l.appointments_held));
      s.appointments_held_import_mean.push_back(mean(l.appointments_held_import));
      s.level_mean.push_back(mean(l.level));
    }
    const double pcs_area_h = model_->pcs().backlog().area_h(t);
    s.pcs_backlog_mean.push_back((pcs_area_h - pcs_area_h_) / interval_h);
    pcs_area_h_ = pcs_area_h;
    const std::size_t first = s.hinterland_moved.size();
    s.hinterland_moved.resize(first + model_->operators().size(), 0.0);
    for (const Terminal& terminal : model_->terminals()) {
      for (const auto& [op, moved] : terminal.landside_moved()) s.hinterland_moved[first + op] += moved;
    }
    for (const Company& c : model_->companies()) s.company_consumed.push_back(c.stats().consumed);
    return false;
  }

 private:
  static constexpr std::size_t kQuantities = 7;  ///< levels with a mean, per terminal

  const PortModel* model_;
  Series* series_;
  std::vector<double> area_h_;  ///< each level's area at the previous sample, [terminal * kQuantities + q]
  double pcs_area_h_ = 0.0;     ///< the PCS backlog's area at the previous sample
  Ticks last_ = 0;              ///< the previous sample (time 0 before the first)
};

double percentile_nearest_rank(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

/// SCHEDULE RELIABILITY (run.hpp): each call's planned departure on its
/// visits, and the calls on schedule, per first terminal and port-wide.
void schedule(const scenario::Scenario& scenario, const Setup& setup, PortRunResult& result) {
  // Mean crane productivity of each terminal (cranes weighted by their count).
  std::vector<double> productivity(scenario.terminals.size(), 0.0);
  for (std::size_t t = 0; t < scenario.terminals.size(); ++t) {
    double cranes = 0.0, sum = 0.0;
    for (const scenario::CraneGroup& g : scenario.terminals[t].crane_groups) {
      cranes += g.count;
      sum += g.count * g.productivity_per_h.mean();
    }
    productivity[t] = cranes > 0 ? sum / cranes : 0.0;
    // SHIFT CHANGES are planned for: the cranes work the rest of each shift.
    const scenario::Terminal& spec = scenario.terminals[t];
    productivity[t] *= 1.0 - spec.changeover_h / spec.shift_h;
  }
  struct CallPlan {
    std::size_t first = 0;  // the visit at its first terminal (earliest arrival)
    std::size_t last = 0;   // the visit that ended its stay in the port (latest)
    double planned_h = 0.0;
  };
  std::unordered_map<std::uint32_t, CallPlan> calls;
  std::vector<VesselVisit>& visits = result.vessels;
  for (std::size_t i = 0; i < visits.size(); ++i) {
    const auto [it, added] = calls.try_emplace(visits[i].call, CallPlan{i, i});
    if (added) continue;
    const auto later = [&](std::size_t a, std::size_t b) {
      return std::tie(visits[a].arrival_h, a) > std::tie(visits[b].arrival_h, b);
    };
    if (later(it->second.first, i)) it->second.first = i;
    if (later(i, it->second.last)) it->second.last = i;
  }
  const double horizon_h = to_hours(setup.horizon());
  const double warmup_h = to_hours(setup.warmup());
  for (auto& [call, plan] : calls) {
    const VesselVisit& first = visits[plan.first];
    const VesselVisit& last = visits[plan.last];
    const scenario::VesselClass& cls = scenario.traffic.vessel_classes[first.vessel_class];
    double stay_h = cls.planned_stay_h;
    if (stay_h <= 0.0) {
      // CRANE SPLIT and BERTH TIME are planned for too (their means).
      const double rate = cls.cranes_max * productivity[first.terminal] / cls.long_crane;
      stay_h = (rate > 0.0 ? first.moves / rate : 0.0) + cls.approach_h.mean() + cls.before_work_h.mean() +
               cls.after_work_h.mean();
    }
    // From its berth window where it has one (BERTH WINDOWS), else from its arrival (its ETA).
    const double planned_h = (first.scheduled_h >= 0.0 ? first.scheduled_h : first.arrival_h) + stay_h;
    plan.planned_h = planned_h;
    if (first.arrival_h < warmup_h || planned_h + 24.0 > horizon_h) continue;
    const bool on_schedule = last.outcome == VesselVisit::Outcome::completed && last.left_h >= 0.0 &&
                             std::fabs(last.left_h - planned_h) <= 24.0;
    TerminalSummary& at = result.terminals[first.terminal];
    ++at.calls_scheduled;
    ++result.kpi.calls_scheduled;
    if (on_schedule) {
      ++at.calls_on_schedule;
      ++result.kpi.calls_on_schedule;
    }
  }
  for (VesselVisit& v : visits) v.planned_departure_h = calls.at(v.call).planned_h;
}

}  // namespace

PortRunResult run_port(const scenario::Scenario& scenario, const PortRunOptions& options) {
  ModelOptions model_options = options.model;
  model_options.replication = options.replication;
  const Setup setup(scenario, std::move(model_options));
  PortModel model(setup);
  const kernel::LinkTable links = setup.links();

  PortRunResult result;
  kernel::RunOptions run;
  run.scheduler = options.scheduler;
  run.threads = options.threads;
  run.blocks = options.blocks;
  run.end_time = setup.horizon();
  run.seed = scenario.settings.seed;
  run.replication = options.replication;
  if (options.sample && scenario.settings.sample_interval_h > 0.0) {
    run.checkpoint_interval = hours(scenario.settings.sample_interval_h);
    run.at_checkpoint = Sampler(model, result.series);
  }
  result.run = kernel::simulate(model, links, run);

  const Ticks end = setup.horizon();
  const double counted_h = to_hours(end - std::min(end, setup.warmup()));
  result.counted_hours = counted_h;
  result.calls_generated = model.sea().calls_generated();
  KeyFigures& k = result.kpi;
  std::vector<double> waits;
  double time_in_port = 0.0, busy_berth_h = 0.0, truck_wait = 0.0, queue_h = 0.0;
  std::size_t berths = 0;
  for (std::size_t t = 0; t < model.terminals().size(); ++t) {
    const Terminal& terminal = model.terminals()[t];
    const TerminalStats& st = terminal.stats();
    const TerminalLevels& lv = terminal.levels();
    const auto& spec = scenario.terminals[t];
    waits.insert(waits.end(), st.waits_h.begin(), st.waits_h.end());
    k.vessel_calls += st.calls_completed;
    k.vessels_arrived += st.calls_arrived;
    k.vessels_diverted += st.calls_diverted_out;
    k.vessels_left_port += st.calls_left_port;
    k.exports_cancelled_teu += st.exports_cancelled;
    if (spec.cargo == scenario::CargoKind::containers) {
      k.left_on_board_teu += st.left_on_board;
      k.imports_left_on_board_teu += st.imports_left_on_board;
    }
    k.late_clearances += st.late_clearances;
    k.trucks_served += st.trucks();
    k.truck_appointments_cancelled += st.appointments_cancelled;
    time_in_port += st.time_in_port_h_sum;
    truck_wait += st.truck_wait_h_sum;
    busy_berth_h += lv.berths_busy.integral_h(end);
    queue_h += lv.vessels_waiting.integral_h(end);
    berths += terminal.berth_count();
    if (spec.cargo == scenario::CargoKind::containers) {
      k.teu_handled += st.teu;
    } else if (spec.cargo == scenario::CargoKind::dry_bulk || spec.cargo == scenario::CargoKind::liquid_bulk) {
      k.bulk_t_handled += st.moves;
    } else {
      k.units_handled += st.moves;
    }

    TerminalSummary summary;
    summary.id = spec.id;
    summary.calls = st.calls_completed;
    double wait_sum = 0.0;
    for (double w : st.waits_h) wait_sum += w;
    summary.mean_wait_h = st.waits_h.empty() ? 0.0 : wait_sum / static_cast<double>(st.waits_h.size());
    summary.berth_utilisation = terminal.berth_count() > 0 && counted_h > 0
                                    ? lv.berths_busy.integral_h(end) / (terminal.berth_count() * counted_h)
                                    : 0.0;
    summary.crane_count = terminal.crane_count();
    summary.handled = st.moves;
    summary.teu = st.teu;
    summary.cargo_handled = in_yard_unit(spec.cargo, st.teu, st.moves);
    const LevelTracker& yard = terminal.yard().occupancy();
    summary.peak_yard = yard.peak();
    summary.yard_in = st.yard_in;
    summary.yard_out = st.yard_out;
    summary.yard_end = yard.value();
    summary.yard_sojourn_h = st.sojourn_h;
    summary.yard_integral_h = yard.integral_h(end);
    summary.aboard_integral_h = lv.aboard.integral_h(end);
    summary.queue_integral_h = lv.vessels_waiting.integral_h(end);
    summary.vessel_hours = summary.queue_integral_h + lv.berths_busy.integral_h(end);
    summary.vessel_hours_by_class.reserve(lv.vessels_by_class.size());
    for (const LevelTracker& by_class : lv.vessels_by_class)
      summary.vessel_hours_by_class.push_back(by_class.integral_h(end));
    k.vessel_hours_in_port += summary.vessel_hours;
    result.vessels.insert(result.vessels.end(), st.visits.begin(), st.visits.end());
    summary.rolled = st.rolled;
    summary.rolled_loaded = st.rolled_loaded;
    summary.rolled_expired = st.rolled_expired;
    summary.rolled_end = st.rolled_end;
    summary.exports_deferred = st.exports_deferred;
    summary.exports_cancelled = st.exports_cancelled;
    summary.exports = st.exports;
    summary.appointments_cancelled = st.appointments_cancelled;
    summary.left_on_board = st.left_on_board;
    summary.cargo_arrived = st.arrived_cargo;
    summary.cargo_diverted_in = st.diverted_in_cargo;
    summary.cargo_discharged = st.discharged;
    summary.cargo_diverted_away = st.diverted_away;
    summary.cargo_carried_away = st.carried_away;
    summary.cargo_on_board_end = st.on_board_end;
    summary.arrived = st.calls_arrived;
    summary.diverted_out = st.calls_diverted_out;
    summary.left_port = st.calls_left_port;
    summary.mean_time_in_port_h =
        st.calls_completed > 0 ? st.time_in_port_h_sum / static_cast<double>(st.calls_completed) : 0.0;
    summary.mean_truck_wait_h = st.trucks() > 0 ? st.truck_wait_h_sum / static_cast<double>(st.trucks()) : 0.0;
    summary.trucks_by_direction = st.trucks_by_direction;
    result.terminals.push_back(summary);
  }
  std::sort(result.vessels.begin(), result.vessels.end(), [](const VesselVisit& a, const VesselVisit& b) {
    const bool a_in = a.left_h < 0, b_in = b.left_h < 0;
    const double ta = a_in ? a.arrival_h : a.left_h, tb = b_in ? b.arrival_h : b.left_h;
    return std::tie(a_in, ta, a.terminal, a.call) < std::tie(b_in, tb, b.terminal, b.call);
  });
  schedule(scenario, setup, result);
  k.mean_wait_h = waits.empty() ? 0.0 : [&] {
    double sum = 0.0;
    for (double w : waits) sum += w;
    return sum / static_cast<double>(waits.size());
  }();
  k.p95_wait_h = percentile_nearest_rank(waits, 0.95);
  k.mean_time_in_port_h = k.vessel_calls > 0 ? time_in_port / static_cast<double>(k.vessel_calls) : 0.0;
  k.berth_utilisation = berths > 0 && counted_h > 0 ? busy_berth_h / (static_cast<double>(berths) * counted_h) : 0.0;
  k.mean_truck_wait_h = k.trucks_served > 0 ? truck_wait / static_cast<double>(k.trucks_served) : 0.0;
  k.mean_vessels_waiting = counted_h > 0 ? queue_h / counted_h : 0.0;
  k.pcs_messages = model.pcs().stats().messages;
  k.pcs_messages_held = model.pcs().stats().held;
  k.pcs_messages_manual = model.pcs().stats().manual;

  // Peak port-wide container yard content at the sampling instants; without
  // samples, the sum of each terminal's own peak (an upper bound).
  const Series& s = result.series;
  if (!s.time_h.empty()) {
    for (std::size_t i = 0; i < s.time_h.size(); ++i) {
      if (s.time_h[i] < to_hours(setup.warmup())) continue;
      double total = 0.0;
      for (std::size_t t = 0; t < s.terminals; ++t) {
        if (scenario.terminals[t].cargo == scenario::CargoKind::containers) total += s.yard[i * s.terminals + t];
      }
      k.peak_yard_teu = std::max(k.peak_yard_teu, total);
    }
  } else {
    for (std::size_t t = 0; t < model.terminals().size(); ++t) {
      if (scenario.terminals[t].cargo == scenario::CargoKind::containers)
        k.peak_yard_teu += result.terminals[t].peak_yard;
    }
  }

  for (std::size_t c = 0; c < model.companies().size(); ++c) {
    const Company& company = model.companies()[c];
    const auto& spec = scenario.companies[c];
    CompanySummary summary;
    summary.id = spec.id;
    summary.consumed = company.stats().consumed;
    summary.shortfall = company.stats().shortfall;
    summary.shortage_h = company.stats().shortage_h;
    summary.received = company.stats().received;
    summary.end_stock = company.stock().value();
    summary.first_shortage_h = company.stats().first_shortage_h;
    k.company_shortage_h += summary.shortage_h;
    result.companies.push_back(summary);
  }
  return result;
}

}  // namespace porttwin::port
