// The results variables' table and the layout and records built from it;
// see run/variables.hpp and docs/results-format.md.
#include "porttwin/run/variables.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/metrics/resilience.hpp"
#include "porttwin/run/figures.hpp"

namespace porttwin::run {

namespace h5 = io::h5;
using h5::Type;
using io::Column;

/// One replication and what several variables derive from it, computed once.
class Replication {
 public:
  Replication(const io::Layout& of_layout, const scenario::Scenario& of_scenario, const graph::PortGraph& of_graph,
              const ScenarioRun& of_run, std::uint32_t number)
      : layout(of_layout), s(of_scenario), g(of_graph), run(of_run), series(of_run.port.series), replication(number) {
    for (const io::Coordinate& c : layout.coordinates) {
      if (c.name == "time") times_h = &c.values.f64;
    }
    if (times_h != nullptr && series.time_h.size() != times_h->size()) {
      throw std::logic_error("results: " + std::to_string(series.time_h.size()) + " samples, the layout " +
                             std::to_string(times_h->size()));
    }
    for (std::size_t t = 0; t < s.terminals.size(); ++t) {
      berths += static_cast<double>(s.terminals[t].berths.size());
      cranes += run.port.terminals[t].crane_count;
    }
  }

  const io::Layout& layout;
  const scenario::Scenario& s;
  const graph::PortGraph& g;
  const ScenarioRun& run;
  const port::Series& series;
  const std::uint32_t replication;
  const std::vector<double>* times_h = nullptr;
  double berths = 0;
  double cranes = 0;

  [[nodiscard]] std::size_t times() const { return times_h != nullptr ? times_h->size() : 0; }
  [[nodiscard]] std::size_t terminals() const { return s.terminals.size(); }
  [[nodiscard]] std::size_t nodes() const { return g.node_count(); }
  [[nodiscard]] bool has_cyber() const { return run.cyber && run.baseline; }

  /// Port-wide sum over terminals of `pick(sample * terminals + t, t)` at each sample.
  template <class Pick>
  void port_wide(Column& c, Pick pick) const {
    for (std::size_t i = 0; i < times(); ++i) {
      double sum = 0;
      for (std::size_t t = 0; t < terminals(); ++t) sum += pick(i * terminals() + t, t, i);
      c.f64.push_back(sum);
    }
  }
  /// Each terminal's `pick(...)` at each sample, [time][terminal].
  template <class Pick>
  void per_terminal(Column& c, Pick pick) const {
    for (std::size_t i = 0; i < times(); ++i) {
      for (std::size_t t = 0; t < terminals(); ++t) c.f64.push_back(pick(i * terminals() + t, i));
    }
  }
  /// Cumulative cargo handled at series index k (sample x terminals + terminal), in the terminal's yard unit.
  [[nodiscard]] double cargo_handled(const port::PortRunResult& of, std::size_t k) const {
    return port::in_yard_unit(s.terminals[k % terminals()].cargo, of.series.teu_handled[k], of.series.handled[k]);
  }
  /// Cumulative TEU handled port-wide at each sample: disrupted, baseline.
  [[nodiscard]] const std::vector<double>& cumulative_teu(bool baseline) const {
    std::optional<std::vector<double>>& cache = baseline ? baseline_cum_ : disrupted_cum_;
    if (!cache) {
      const port::Series& from = baseline ? run.baseline->series : series;
      cache.emplace(times(), 0.0);
      for (std::size_t i = 0; i < times(); ++i) {
        for (std::size_t t = 0; t < terminals(); ++t) (*cache)[i] += from.teu_handled[i * terminals() + t];
      }
    }
    return *cache;
  }

  /// The cyber layer's events in words, in time order (the /events group).
  struct Event {
    double time;
    std::uint32_t node;
    int order;
    std::string kind;
    std::string detail;
  };
  [[nodiscard]] const std::vector<Event>& events() const {
    if (!events_) events_.emplace(make_events());
    return *events_;
  }

 private:
  [[nodiscard]] std::vector<Event> make_events() const;
  mutable std::optional<std::vector<double>> disrupted_cum_, baseline_cum_;
  mutable std::optional<std::vector<Event>> events_;
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string unit_of(scenario::CargoKind kind, bool handled) {
  return std::string(handled ? scenario::cargo_unit(kind) : scenario::yard_unit(kind));
}

/// Time-weighted mean of a step function (changes sorted by time; `initial`
/// before the first) over (from, to].
class StepMean {
 public:
  StepMean(std::vector<std::pair<double, double>> steps, double initial) : steps_(std::move(steps)), value_(initial) {}
  double mean(double from, double to) {
    if (to <= from) return value_at(to);
    double area = 0, t = from;
    // value_ is the value at `from` (advance has consumed changes <= from).
    while (next_ < steps_.size() && steps_[next_].first < to) {
      const double at = std::max(steps_[next_].first, from);
      area += value_ * (at - t);
      t = at;
      value_ = steps_[next_].second;
      ++next_;
    }
    area += value_ * (to - t);
    return area / (to - from);
  }

 private:
  double value_at(double to) {
    while (next_ < steps_.size() && steps_[next_].first <= to) value_ = steps_[next_++].second;
    return value_;
  }
  std::vector<std::pair<double, double>> steps_;
  double value_;
  std::size_t next_ = 0;
};

/// The series a difference of cumulative samples gives: amounts per interval.
double step(const std::vector<double>& cumulative, std::size_t k, std::size_t previous, std::size_t i) {
  return cumulative[k] - (i > 0 ? cumulative[previous] : 0.0);
}

// ---- node summaries (scenarios with incidents) ------------------------------------

/// The first time each node entered `state` (NaN: never).
void first_state(const Replication& r, Column& c, cyber::CyberState state) {
  c.f64.assign(r.nodes(), kNaN);
  if (!r.run.cyber) return;
  for (const cyber::StateChange& s : r.run.cyber->states) {
    if (s.state == state && std::isnan(c.f64[s.node])) c.f64[s.node] = s.time_h;
  }
}

void lowest_level(const Replication& r, Column& c) {
  c.f64.assign(r.nodes(), 1.0);
  if (!r.run.cyber) return;
  for (const cyber::LevelChange& l : r.run.cyber->levels) c.f64[l.node] = std::min(c.f64[l.node], l.level);
}

/// Hours of full operation lost: the integral of 1 - level over the run.
void level_loss(const Replication& r, Column& c) {
  c.f64.assign(r.nodes(), 0.0);
  if (!r.run.cyber) return;
  const double horizon = r.s.settings.horizon_h;
  std::vector<std::pair<double, double>> last(r.nodes(), {0.0, 1.0});
  for (const cyber::LevelChange& l : r.run.cyber->levels) {
    auto& [since, level] = last[l.node];
    c.f64[l.node] += (1.0 - level) * (std::min(l.time_h, horizon) - std::min(since, horizon));
    since = l.time_h;
    level = l.level;
  }
  for (std::size_t n = 0; n < r.nodes(); ++n) {
    c.f64[n] += (1.0 - last[n].second) * std::max(0.0, horizon - std::min(last[n].first, horizon));
  }
}

void exposure(const Replication& r, Column& c) {
  c.f64.assign(r.nodes(), 0.0);
  if (!r.run.cyber) return;
  const double horizon = r.s.settings.horizon_h;
  for (const cyber::Exposure& e : r.run.cyber->exposures) {
    c.f64[e.node] += std::max(0.0, std::min(e.until_h, horizon) - e.from_h);
  }
}

/// Each node's flag from the reporting classification.
template <class Flag>
void reporting_flag(const Replication& r, Column& c, Flag flag) {
  c.i8.assign(r.nodes(), 0);
  for (const cyber::OrganisationReport& o : r.run.reporting) {
    if (const auto v = r.g.find(o.id)) c.i8[*v] = flag(o) ? 1 : 0;
  }
}

/// Each affected organisation's value (others: `otherwise`).
template <class Pick>
void affected(const Replication& r, Column& c, double otherwise, Pick pick) {
  c.f64.assign(r.nodes(), otherwise);
  if (!r.run.cascade) return;
  for (const metrics::AffectedOrganisation& a : r.run.cascade->affected) {
    if (const auto v = r.g.find(a.id)) c.f64[*v] = pick(a);
  }
}

/// A value per economic sector from the DIIM's result (NaN where none).
void per_sector(const Replication& r, Column& c, const std::vector<double> metrics::EconomicLoss::*values) {
  const std::size_t sectors = r.layout.extent("sector");
  c.f64.assign(sectors, kNaN);
  if (!r.run.cascade) return;
  const std::vector<double>& from = r.run.cascade->economy.*values;
  for (std::size_t k = 0; k < sectors && k < from.size(); ++k) c.f64[k] = from[k];
}

/// A fixed column with one string per terminal, node or edge.
template <class Pick>
Column strings(std::size_t n, Pick pick) {
  Column c;
  for (std::size_t i = 0; i < n; ++i) c.str.push_back(pick(i));
  return c;
}

using P = Presence;
constexpr std::array<std::string_view, 3> kRT{"replication", "time", ""};
constexpr std::array<std::string_view, 3> kRTT{"replication", "time", "terminal"};
constexpr std::array<std::string_view, 3> kRTN{"replication", "time", "node"};
constexpr std::array<std::string_view, 3> kRN{"replication", "node", ""};
constexpr std::array<std::string_view, 3> kRC{"replication", "company", ""};
constexpr std::array<std::string_view, 3> kE{"event", "", ""};
constexpr std::array<std::string_view, 3> kV{"vessel", "", ""};

constexpr VariableRow kRows[] = {
    // ---- /kpi/terminals: the terminal figures come from run/figures.hpp; their units -
    {"kpi/terminals", "yard_unit", {"terminal", "", ""}, Type::str, "",
     "unit of the terminal figures given in the terminal's unit: TEU, t or units", "", "", P::always, nullptr,
     [](const LayoutContext& x) {
       return strings(x.scenario.terminals.size(), [&](std::size_t t) { return unit_of(x.scenario.terminals[t].cargo, false); });
     }},

    // ---- /timeseries: sampled every settings.sample_interval ------------------------
    {"timeseries", "time_bounds", {"time", "bounds", ""}, Type::f64, "h", "sampling interval", "", "", P::series,
     nullptr,
     [](const LayoutContext& x) {
       Column c;
       const double interval = x.scenario.settings.sample_interval_h;
       const auto samples = static_cast<std::uint64_t>(std::floor(x.scenario.settings.horizon_h / interval + 1e-9));
       for (std::uint64_t k = 1; k <= samples; ++k) {
         c.f64.push_back(static_cast<double>(k) * interval - interval);
         c.f64.push_back(static_cast<double>(k) * interval);
       }
       return c;
     }},
    {"timeseries", "vessels_waiting", kRT, Type::f64, "1", "vessels waiting for a berth", "summed over terminals",
     "level", P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t, std::size_t) { return r.series.vessels_waiting_mean[k]; });
     }},
    {"timeseries", "berth_occupancy", kRT, Type::f64, "1", "share of the port's berths occupied", "", "level",
     P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t, std::size_t) { return r.series.berths_busy_mean[k]; });
       for (double& x : c.f64) x = r.berths > 0 ? x / r.berths : kNaN;
     }},
    {"timeseries", "crane_availability", kRT, Type::f64, "1", "share of the port's quay cranes working",
     "cranes weighted by their terminal's operational level", "level", P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t t, std::size_t) {
         return r.series.level_mean[k] * r.run.port.terminals[t].crane_count;
       });
       for (double& x : c.f64) x = r.cranes > 0 ? x / r.cranes : kNaN;
     }},
    {"timeseries", "yard_fill", kRT, Type::f64, "TEU", "container yard content", "summed over container terminals",
     "level", P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t t, std::size_t) {
         return r.s.terminals[t].cargo == scenario::CargoKind::containers ? r.series.yard_mean[k] : 0.0;
       });
     }},
    {"timeseries", "pcs_backlog", kRT, Type::f64, "1", "PCS messages waiting",
     "real messages the PCS holds while down or that wait at its manual desk or backup service (port/services.hpp)",
     "level", P::series,
     [](const Replication& r, Column& c) {
       for (std::size_t i = 0; i < r.times(); ++i) c.f64.push_back(r.series.pcs_backlog_mean[i]);
     }},
    {"timeseries", "trucks_waiting", kRT, Type::f64, "1", "trucks waiting at the gates", "", "level", P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t, std::size_t) { return r.series.trucks_waiting_mean[k]; });
     }},
    {"timeseries", "appointments_held", kRT, Type::f64, "1", "truck appointments waiting to be rebooked",
     "boxes whose container truck appointment was cancelled at stopped gates and is not yet rebooked", "level",
     P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t, std::size_t) { return r.series.appointments_held_mean[k]; });
     }},
    {"timeseries", "appointments_held_import", kRT, Type::f64, "1", "import truck appointments waiting to be rebooked",
     "import boxes in the yard whose truck appointment was cancelled at stopped gates; the rest of appointments_held "
     "are exports waiting outside the terminal",
     "level", P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t, std::size_t) { return r.series.appointments_held_import_mean[k]; });
     }},
    {"timeseries", "teu_handled", kRT, Type::f64, "TEU", "TEU handled in the interval",
     "work in progress counted as done so far; 0 before the warm-up ends", "tally", P::series,
     [](const Replication& r, Column& c) {
       r.port_wide(c, [&](std::size_t k, std::size_t, std::size_t i) {
         return step(r.series.teu_handled, k, k - r.terminals(), i);
       });
     }},
    {"timeseries", "terminal_level", kRTT, Type::f64, "1", "operational level (quay factor)", "", "level",
     P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t) { return r.series.level_mean[k]; });
     }},
    {"timeseries", "terminal_yard", kRTT, Type::f64, "@yard_unit", "yard content", "in the terminal's yard unit",
     "level", P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t) { return r.series.yard_mean[k]; });
     }},
    {"timeseries", "terminal_handled", kRTT, Type::f64, "@handled_unit",
     "cargo handled on the quay", "in the interval, in the terminal's handled unit", "tally",
     P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t i) { return step(r.series.handled, k, k - r.terminals(), i); });
     }},
    {"timeseries", "terminal_vessels_waiting", kRTT, Type::f64, "1", "vessels waiting for a berth", "",
     "level", P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t) { return r.series.vessels_waiting_mean[k]; });
     }},
    {"timeseries", "terminal_trucks_waiting", kRTT, Type::f64, "1", "trucks waiting at the gates", "not yet in a lane",
     "level", P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t) { return r.series.trucks_waiting_mean[k]; });
     }},
    {"timeseries", "terminal_appointments_held", kRTT, Type::f64, "1",
     "truck appointments waiting to be rebooked", "", "level", P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t) { return r.series.appointments_held_mean[k]; });
     }},
    {"timeseries", "terminal_appointments_held_import", kRTT, Type::f64, "1",
     "import truck appointments waiting to be rebooked", "import boxes in the yard; the rest are exports outside",
     "level", P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t) { return r.series.appointments_held_import_mean[k]; });
     }},
    {"timeseries", "terminal_trucks_import", kRTT, Type::f64, "1", "trucks picking up imports",
     "served in the interval: gate throughput, import direction; 0 before the warm-up ends", "tally", P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t i) { return step(r.series.trucks_import, k, k - r.terminals(), i); });
     }},
    {"timeseries", "terminal_trucks_export", kRTT, Type::f64, "1", "trucks bringing exports",
     "served in the interval: gate throughput, export direction; 0 before the warm-up ends", "tally", P::series,
     [](const Replication& r, Column& c) {
       r.per_terminal(c, [&](std::size_t k, std::size_t i) { return step(r.series.trucks_export, k, k - r.terminals(), i); });
     }},
    {"timeseries", "terminal_backlog", kRTT, Type::f64, "@yard_unit",
     "cargo behind the baseline",
     "at the end of the interval, in the terminal's yard unit: max(0, cumulative cargo handled in the baseline run "
     "minus the disrupted run's)", "state", P::incident_series,
     [](const Replication& r, Column& c) {
       if (!r.has_cyber()) return c.f64.assign(r.times() * r.terminals(), kNaN);
       r.per_terminal(c, [&](std::size_t k, std::size_t) {
         return std::max(0.0, r.cargo_handled(*r.run.baseline, k) - r.cargo_handled(r.run.port, k));
       });
     }},
    {"timeseries", "terminal_yard_excess", kRTT, Type::f64, "@yard_unit",
     "yard content above the baseline", "in the terminal's yard unit: disrupted minus baseline interval means",
     "level", P::incident_series,
     [](const Replication& r, Column& c) {
       if (!r.has_cyber()) return c.f64.assign(r.times() * r.terminals(), kNaN);
       r.per_terminal(c, [&](std::size_t k, std::size_t) {
         return r.series.yard_mean[k] - r.run.baseline->series.yard_mean[k];
       });
     }},
    {"timeseries", "terminal_performance", kRTT, Type::f64, "1",
     "throughput against the baseline (24 h)",
     "cargo handled in the 24 h ending at time, disrupted over baseline; 1 where the baseline handled nothing", "level", P::incident_series,
     [](const Replication& r, Column& c) {
       const std::size_t n = r.terminals();
       c.f64.assign(r.times() * n, kNaN);
       if (!r.has_cyber()) return;
       for (std::size_t t = 0; t < n; ++t) {
         std::vector<double> base(r.times()), dis(r.times());
         for (std::size_t i = 0; i < r.times(); ++i) {
           base[i] = r.cargo_handled(*r.run.baseline, i * n + t);
           dis[i] = r.cargo_handled(r.run.port, i * n + t);
         }
         const std::vector<double> q = metrics::performance_curve(*r.times_h, base, dis, 24.0);
         for (std::size_t i = 0; i < r.times(); ++i) c.f64[i * n + t] = q[i];
       }
     }},
    {"timeseries", "yard_unit", {"terminal", "", ""}, Type::str, "", "unit of terminal_yard", "", "", P::series,
     nullptr,
     [](const LayoutContext& x) {
       return strings(x.scenario.terminals.size(), [&](std::size_t t) { return unit_of(x.scenario.terminals[t].cargo, false); });
     }},
    {"timeseries", "handled_unit", {"terminal", "", ""}, Type::str, "", "unit of terminal_handled", "", "", P::series,
     nullptr,
     [](const LayoutContext& x) {
       return strings(x.scenario.terminals.size(), [&](std::size_t t) { return unit_of(x.scenario.terminals[t].cargo, true); });
     }},
    {"timeseries", "baseline_teu_handled", kRT, Type::f64, "TEU",
     "TEU handled in the interval by the baseline run (same replication, no incidents)", "", "tally",
     P::incident_series,
     [](const Replication& r, Column& c) {
       if (!r.has_cyber()) return c.f64.assign(r.times(), kNaN);
       const std::vector<double>& cum = r.cumulative_teu(true);
       for (std::size_t i = 0; i < r.times(); ++i) c.f64.push_back(cum[i] - (i > 0 ? cum[i - 1] : 0.0));
     }},
    {"timeseries", "performance", kRT, Type::f64, "1",
     "throughput over the baseline's: TEU handled in the 24 h ending at time, disrupted over baseline",
     "1 where the baseline handled nothing", "level", P::incident_series,
     [](const Replication& r, Column& c) {
       if (!r.has_cyber()) return c.f64.assign(r.times(), kNaN);
       c.f64 = metrics::performance_curve(*r.times_h, r.cumulative_teu(true), r.cumulative_teu(false), 24.0);
     }},
    {"timeseries", "node_level", kRTN, Type::f64, "1", "operational level from the cyber layer", "", "level",
     P::incident_series,
     [](const Replication& r, Column& c) {
       const std::size_t nodes = r.nodes();
       c.f64.assign(r.times() * nodes, 1.0);
       if (!r.run.cyber) return;
       std::vector<std::vector<std::pair<double, double>>> steps(nodes);
       for (const cyber::LevelChange& l : r.run.cyber->levels) steps[l.node].emplace_back(l.time_h, l.level);
       for (std::size_t n = 0; n < nodes; ++n) {
         StepMean level(steps[n], 1.0);
         for (std::size_t i = 0; i < r.times(); ++i) {
           const double to = (*r.times_h)[i];
           c.f64[i * nodes + n] = level.mean(to - r.s.settings.sample_interval_h, to);
         }
       }
     }},
    {"timeseries", "cyber_state", kRTN, Type::i8, "1", "cyber state at the end of the interval", "", "state",
     P::incident_series,
     [](const Replication& r, Column& c) {
       const std::size_t nodes = r.nodes();
       c.i8.assign(r.times() * nodes, 0);
       if (!r.run.cyber) return;
       std::vector<std::vector<std::pair<double, int>>> states(nodes);
       for (const cyber::StateChange& s : r.run.cyber->states) states[s.node].emplace_back(s.time_h, static_cast<int>(s.state));
       for (std::size_t n = 0; n < nodes; ++n) {
         std::size_t next = 0;
         int state = 0;
         for (std::size_t i = 0; i < r.times(); ++i) {
           while (next < states[n].size() && states[n][next].first <= (*r.times_h)[i]) state = states[n][next++].second;
           c.i8[i * nodes + n] = static_cast<std::int8_t>(state);
         }
       }
     },
     nullptr, "susceptible compromised detected contained recovering restored",
     {"hit_share", "share of replications in which the node is compromised, detected, contained or recovering",
      "from cyber_state: states 1 to 4 at the end of each interval", "compromised detected contained recovering"}},
    {"timeseries", "sector_inoperability", {"replication", "time", "sector"}, Type::f64, "1",
     "DIIM inoperability of each economic sector at the end of the interval",
     "q(t): 0 fully operable, 1 fully inoperable", "state", P::economy_series,
     [](const Replication& r, Column& c) {
       const std::size_t sectors = r.layout.extent("sector");
       c.f64.assign(r.times() * sectors, kNaN);
       if (!r.run.cascade) return;
       const metrics::Diim::Trajectory& q = r.run.cascade->economy.trajectory;
       for (std::size_t i = 0; i < r.times() && q.sectors == sectors && i + 1 <= q.steps; ++i) {
         for (std::size_t k = 0; k < sectors; ++k) c.f64[i * sectors + k] = q.at(i + 1, k);
       }
     }},

    // ---- /events: the cyber layer's events (scenarios with incidents) ----------------
    {"events", "replication", kE, Type::i64, "1", "replication", "", "", P::incidents,
     [](const Replication& r, Column& c) { c.i64.assign(r.events().size(), r.replication); }},
    {"events", "time", kE, Type::f64, "h", "when, hours since the start of the simulation", "", "", P::incidents,
     [](const Replication& r, Column& c) {
       for (const auto& e : r.events()) c.f64.push_back(e.time);
     }},
    {"events", "node", kE, Type::str, "", "node id", "", "", P::incidents,
     [](const Replication& r, Column& c) {
       for (const auto& e : r.events()) c.str.push_back(r.g.node(e.node).id);
     }},
    {"events", "kind", kE, Type::str, "",
     "compromised, detected, contained, recovering, restored, level, exposed, warned or reported", "", "",
     P::incidents,
     [](const Replication& r, Column& c) {
       for (const auto& e : r.events()) c.str.push_back(e.kind);
     }},
    {"events", "detail", kE, Type::str, "", "what happened, in words", "", "", P::incidents,
     [](const Replication& r, Column& c) {
       for (const auto& e : r.events()) c.str.push_back(e.detail);
     }},

    // ---- /vessels: one entry per visit to a terminal (the disrupted run's) -----------
    {"vessels", "replication", kV, Type::i64, "1", "replication", "", "", P::always,
     [](const Replication& r, Column& c) { c.i64.assign(r.run.port.vessels.size(), r.replication); }},
    {"vessels", "call", kV, Type::i64, "1", "call number (the same at every terminal a diverted vessel visits)", "",
     "", P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.i64.push_back(v.call);
     }},
    {"vessels", "vessel_class", kV, Type::str, "", "vessel class id", "", "", P::always,
     [](const Replication& r, Column& c) {
       const auto& classes = r.s.traffic.vessel_classes;
       for (const auto& v : r.run.port.vessels) c.str.push_back(v.vessel_class < classes.size() ? classes[v.vessel_class].id : "?");
     }},
    {"vessels", "terminal", kV, Type::str, "", "terminal id", "", "", P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.str.push_back(v.terminal < r.terminals() ? r.s.terminals[v.terminal].id : "?");
     }},
    {"vessels", "arrival", kV, Type::f64, "h", "arrival at the terminal's queue", "", "", P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.f64.push_back(v.arrival_h);
     }},
    {"vessels", "berthed", kV, Type::f64, "h", "berthed", "NaN: never berthed here", "", P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.f64.push_back(v.berthed_h >= 0 ? v.berthed_h : kNaN);
     }},
    {"vessels", "left", kV, Type::f64, "h", "left the terminal", "NaN: still in port at the end", "", P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.f64.push_back(v.left_h >= 0 ? v.left_h : kNaN);
     }},
    {"vessels", "wait_h", kV, Type::f64, "h", "arrival to berthing", "NaN: never berthed here", "", P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.f64.push_back(v.berthed_h >= 0 ? v.berthed_h - v.arrival_h : kNaN);
     }},
    {"vessels", "moves", kV, Type::f64, "1", "call size (moves, t or units: the terminal's handled_unit)", "", "",
     P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.f64.push_back(v.moves);
     }},
    {"vessels", "outcome", kV, Type::str, "", "completed, diverted (to another terminal), left_port or in_port", "",
     "", P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.str.emplace_back(port::to_string(v.outcome));
     }},
    {"vessels", "counted", kV, Type::i8, "1", "the visit ended (completed, diverted, left the port) after the warm-up: the visits the key figures count", "", "",
     P::always,
     [](const Replication& r, Column& c) {
       for (const auto& v : r.run.port.vessels) c.i8.push_back(v.counted ? 1 : 0);
     }},

    // ---- /nodes: per node (scenarios with incidents), terminal and company -----------
    {"nodes", "first_hit_h", kRN, Type::f64, "h", "first compromised", "NaN: never", "", P::incidents,
     [](const Replication& r, Column& c) { first_state(r, c, cyber::CyberState::compromised); }},
    {"nodes", "detected_h", kRN, Type::f64, "h", "first detected", "NaN: never", "", P::incidents,
     [](const Replication& r, Column& c) { first_state(r, c, cyber::CyberState::detected); }},
    {"nodes", "restored_h", kRN, Type::f64, "h", "restored", "NaN: never", "", P::incidents,
     [](const Replication& r, Column& c) { first_state(r, c, cyber::CyberState::restored); }},
    {"nodes", "lowest_level", kRN, Type::f64, "1", "lowest operational level", "", "", P::incidents, lowest_level},
    {"nodes", "level_loss_h", kRN, Type::f64, "h", "hours of full operation lost", "integral of 1 - level over the run",
     "", P::incidents, level_loss},
    {"nodes", "exposure_h", kRN, Type::f64, "h", "data exposure hours", "summed over data classes", "", P::incidents,
     exposure},
    {"nodes", "reportable", kRN, Type::i8, "1", "the organisation's incident is reportable", "", "", P::incidents,
     [](const Replication& r, Column& c) {
       reporting_flag(r, c, [](const cyber::OrganisationReport& o) { return o.reportable; });
     }},
    {"nodes", "must_report", kRN, Type::i8, "1", "the organisation must report (ISPS)", "", "", P::incidents,
     [](const Replication& r, Column& c) {
       reporting_flag(r, c, [](const cyber::OrganisationReport& o) { return o.must_report; });
     }},
    {"nodes", "affected", kRN, Type::i8, "1", "the organisation was affected",
     "hit, degraded by the cyber layer, or short of supply longer than in the baseline", "", P::incidents,
     [](const Replication& r, Column& c) {
       Column flags;
       affected(r, flags, 0.0, [](const metrics::AffectedOrganisation&) { return 1.0; });
       for (const double x : flags.f64) c.i8.push_back(static_cast<std::int8_t>(x));
     }},
    {"nodes", "affected_h", kRN, Type::f64, "h", "when the organisation was first affected", "NaN: never", "",
     P::incidents,
     [](const Replication& r, Column& c) {
       affected(r, c, kNaN, [](const metrics::AffectedOrganisation& a) { return a.first_h; });
     }},
    {"nodes", "extra_shortage_h", kRN, Type::f64, "h", "companies: extra hours short of supply",
     "against the baseline; 0 for other nodes", "", P::incidents,
     [](const Replication& r, Column& c) {
       affected(r, c, 0.0, [](const metrics::AffectedOrganisation& a) { return a.shortage_h; });
     }},
    {"nodes", "sector_loss_eur", {"replication", "sector", ""}, Type::f64, "EUR", "DIIM loss of each sector", "", "",
     P::economy, [](const Replication& r, Column& c) { per_sector(r, c, &metrics::EconomicLoss::loss_eur); }},
    {"nodes", "sector_peak_inoperability", {"replication", "sector", ""}, Type::f64, "1",
     "largest DIIM inoperability of each sector", "", "", P::economy,
     [](const Replication& r, Column& c) { per_sector(r, c, &metrics::EconomicLoss::peak_inoperability); }},
    {"nodes", "company_shortage_h", kRC, Type::f64, "h", "hours short of supply", "", "", P::companies,
     [](const Replication& r, Column& c) {
       for (const port::CompanySummary& x : r.run.port.companies) c.f64.push_back(x.shortage_h);
     }},
    {"nodes", "company_first_shortage_h", kRC, Type::f64, "h", "first ran short after the warm-up", "NaN: never", "",
     P::companies,
     [](const Replication& r, Column& c) {
       for (const port::CompanySummary& x : r.run.port.companies) {
         c.f64.push_back(x.first_shortage_h < 0 ? kNaN : x.first_shortage_h);
       }
     }},

    // ---- /graph: the dependency graph (the same in every replication) ---------------
    {"graph", "node_kind", {"node", "", ""}, Type::str, "", "kind of node", "", "", P::always, nullptr,
     [](const LayoutContext& x) {
       return strings(x.graph.node_count(), [&](std::size_t v) { return std::string(graph::to_string(x.graph.node(v).kind)); });
     }},
    {"graph", "node_name", {"node", "", ""}, Type::str, "", "name given in the scenario", "", "", P::always, nullptr,
     [](const LayoutContext& x) { return strings(x.graph.node_count(), [&](std::size_t v) { return x.graph.node(v).name; }); }},
    {"graph", "node_zone", {"node", "", ""}, Type::str, "", "zone id", "", "", P::always, nullptr,
     [](const LayoutContext& x) { return strings(x.graph.node_count(), [&](std::size_t v) { return x.graph.node(v).zone; }); }},
    {"graph", "edge_source", {"edge", "", ""}, Type::str, "", "node the dependency starts from", "", "", P::always,
     nullptr,
     [](const LayoutContext& x) {
       Column c;
       for (auto [it, end] = boost::edges(x.graph.graph()); it != end; ++it) c.str.push_back(x.graph.node(x.graph.source(*it)).id);
       return c;
     }},
    {"graph", "edge_target", {"edge", "", ""}, Type::str, "", "node that depends on the source", "", "", P::always,
     nullptr,
     [](const LayoutContext& x) {
       Column c;
       for (auto [it, end] = boost::edges(x.graph.graph()); it != end; ++it) c.str.push_back(x.graph.node(x.graph.target(*it)).id);
       return c;
     }},
    {"graph", "edge_type", {"edge", "", ""}, Type::str, "", "dependency type", "", "", P::always, nullptr,
     [](const LayoutContext& x) {
       Column c;
       for (auto [it, end] = boost::edges(x.graph.graph()); it != end; ++it) {
         c.str.emplace_back(scenario::to_string(x.graph.edge(*it).type));
       }
       return c;
     }},
};

bool present(Presence p, const scenario::Scenario& s) {
  const bool series = s.settings.sample_interval_h > 0;
  const bool incidents = scenario::disrupted(s);
  const bool economy = incidents && !s.economy.sectors.empty();
  switch (p) {
    case Presence::always: return true;
    case Presence::series: return series;
    case Presence::incident_series: return series && incidents;
    case Presence::economy_series: return series && economy;
    case Presence::incidents: return incidents;
    case Presence::economy: return economy;
    case Presence::companies: return !s.companies.empty();
  }
  return false;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) out.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

io::Variable variable(const VariableRow& row) {
  io::Variable v;
  v.group = row.group;
  v.name = row.name;
  for (const std::string_view d : row.dims) {
    if (!d.empty()) v.dims.emplace_back(d);
  }
  v.type = row.type;
  v.units = row.units;
  // "@name": the units differ by terminal and are the values of the variable `name` of the
  // same group (yard_unit, handled_unit), said by the attribute units_variable.
  if (v.units.starts_with('@')) {
    v.attributes.emplace_back("units_variable", v.units.substr(1));
    v.units = "1";
  }
  v.long_name = row.long_name;
  v.description = row.description;
  v.kind = row.kind;
  if (v.kind == "level") v.attributes.emplace_back("cell_methods", "time: mean");
  if (v.kind == "tally") v.attributes.emplace_back("cell_methods", "time: sum");
  if (v.kind == "state") v.attributes.emplace_back("cell_methods", "time: point");
  v.ragged = row.dims == kE || row.dims == kV;
  if (!row.flag_meanings.empty()) {
    v.attributes.emplace_back("flag_meanings", std::string(row.flag_meanings));
    const std::vector<std::string> words = split_words(row.flag_meanings);
    for (std::size_t k = 0; k < words.size(); ++k) v.flag_values.push_back(static_cast<std::int8_t>(k));
    if (!row.share.name.empty()) {
      v.share.name = row.share.name;
      v.share.long_name = row.share.long_name;
      v.share.description = row.share.description;
      for (const std::string& counted : split_words(row.share.of)) {
        const auto at = std::find(words.begin(), words.end(), counted);
        if (at == words.end()) throw std::logic_error("results: " + v.name + " has no state " + counted);
        v.share.of.push_back(static_cast<std::int8_t>(at - words.begin()));
      }
    }
  }
  return v;
}

/// The coordinates (dimensions) every layout has: the sampling times (with
/// series), terminals, graph nodes, companies, sectors and edges.
std::vector<io::Coordinate> coordinates(const scenario::Scenario& s, const graph::PortGraph& g) {
  std::vector<io::Coordinate> out;
  const double interval = s.settings.sample_interval_h;
  if (interval > 0) {
    io::Coordinate time{
        "time", Type::f64, {}, "h", "end of the sampling interval, hours since the start of the simulation", {}};
    time.attributes.emplace_back("axis", "T");
    time.attributes.emplace_back("bounds", "time_bounds");
    const auto samples = static_cast<std::uint64_t>(std::floor(s.settings.horizon_h / interval + 1e-9));
    for (std::uint64_t k = 1; k <= samples; ++k) time.values.f64.push_back(static_cast<double>(k) * interval);
    out.push_back(std::move(time));
    io::Coordinate bounds{"bounds", Type::i64, {}, "1", "start and end of a sampling interval", {}};
    bounds.values.i64 = {0, 1};
    out.push_back(std::move(bounds));
  }
  io::Coordinate terminal{"terminal", Type::str, {}, "", "terminal id", {}};
  for (const auto& t : s.terminals) terminal.values.str.push_back(t.id);
  out.push_back(std::move(terminal));
  io::Coordinate node{"node", Type::str, {}, "", "node id of the dependency graph", {}};
  for (std::size_t v = 0; v < g.node_count(); ++v) node.values.str.push_back(g.node(v).id);
  out.push_back(std::move(node));
  io::Coordinate company{"company", Type::str, {}, "", "dependent company id", {}};
  for (const auto& c : s.companies) company.values.str.push_back(c.id);
  out.push_back(std::move(company));
  io::Coordinate sector{"sector", Type::str, {}, "", "economic sector id (DIIM)", {}};
  for (const auto& x : s.economy.sectors) sector.values.str.push_back(x.id);
  out.push_back(std::move(sector));
  io::Coordinate edge{"edge", Type::i64, {}, "1", "edge number of the dependency graph", {}};
  for (std::size_t e = 0; e < g.edge_count(); ++e) edge.values.i64.push_back(static_cast<std::int64_t>(e));
  out.push_back(std::move(edge));
  return out;
}

}  // namespace

std::vector<Replication::Event> Replication::make_events() const {
  std::vector<Event> events;
  if (!run.cyber) return events;
  const auto incident_name = [&](std::uint32_t i) {
    return i < s.cyber.incidents.size() ? s.cyber.incidents[i].id : std::string("?");
  };
  for (const cyber::StateChange& c : run.cyber->states) {
    std::string detail = "incident " + incident_name(c.incident);
    if (c.state == cyber::CyberState::compromised) {
      detail += c.source == cyber::kNoVertex ? ", attacked directly" : ", spread from " + g.node(c.source).id;
      detail += ", depth " + std::to_string(c.depth);
    }
    events.push_back({c.time_h, c.node, 0, std::string(cyber::to_string(c.state)), std::move(detail)});
  }
  for (const cyber::LevelChange& c : run.cyber->levels) {
    char number[32];
    const auto written = std::to_chars(number, number + sizeof number, c.level);  // shortest exact text
    std::string text = "level " + std::string(number, written.ptr);
    if (c.manual) text += " (manual fallback)";
    events.push_back({c.time_h, c.node, 1, "level", std::move(text)});
  }
  for (const cyber::Exposure& e : run.cyber->exposures) {
    const std::string cls =
        e.data_class < s.cyber.data_classes.size() ? s.cyber.data_classes[e.data_class].id : std::string("?");
    events.push_back(
        {e.from_h, e.node, 2, "exposed",
         cls + (e.via_platform ? " (shared with the platform)" : "") + ", incident " + incident_name(e.incident)});
  }
  for (std::uint32_t n = 0; n < run.cyber->warned_h.size(); ++n) {
    if (run.cyber->warned_h[n] >= 0)
      events.push_back({run.cyber->warned_h[n], n, 3, "warned", "information-sharing warning"});
  }
  for (std::uint32_t n = 0; n < run.cyber->reported_h.size(); ++n) {
    if (run.cyber->reported_h[n] >= 0)
      events.push_back({run.cyber->reported_h[n], n, 4, "reported", "reported to the port's desk"});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.node != b.node) return a.node < b.node;
    return a.order < b.order;
  });
  return events;
}

std::span<const VariableRow> variable_rows() { return kRows; }

io::Layout results_layout(const scenario::Scenario& s, const graph::PortGraph& g) {
  io::Layout layout;
  layout.coordinates = coordinates(s, g);
  // Key figures first: the figure table's (run/figures.hpp), the cascade's only with incidents.
  for (const Figure* f : figures_for(scenario::disrupted(s))) {
    VariableRow row{"kpi",          f->name, {"replication", "", ""}, Type::f64, f->units, f->long_name,
                    f->description, "",      Presence::always};
    layout.variables.push_back(variable(row));
    layout.fixed.emplace_back();
  }
  for (const TerminalFigure* f : terminal_figures_for(scenario::disrupted(s))) {
    io::Variable v = variable({"kpi/terminals",
                               "",
                               {"replication", "terminal", ""},
                               Type::f64,
                               f->units.empty() ? "@yard_unit" : f->units,
                               f->long_name,
                               f->description,
                               "",
                               Presence::always});
    v.name = terminal_kpi_name(*f);
    layout.variables.push_back(std::move(v));
    layout.fixed.emplace_back();
  }
  const LayoutContext context{s, g};
  for (const VariableRow& row : kRows) {
    if (!present(row.presence, s)) continue;
    layout.variables.push_back(variable(row));
    layout.fixed.push_back(row.fixed != nullptr ? row.fixed(context) : Column{});
  }
  return layout;
}

io::Record results_record(const io::Layout& layout, const scenario::Scenario& s, const graph::PortGraph& g,
                          const ScenarioRun& run, std::uint32_t replication) {
  io::Record record;
  record.replication = replication;
  record.columns.resize(layout.variables.size());
  const Replication r(layout, s, g, run, replication);
  for (std::size_t i = 0; i < layout.variables.size(); ++i) {
    const io::Variable& v = layout.variables[i];
    if (!v.per_replication()) continue;
    if (v.is_key_figure()) {
      const Figure* f = find_figure(v.name);
      if (f == nullptr) throw std::logic_error("results: no figure " + v.name);
      record.columns[i].f64.push_back(f->value(run));
      continue;
    }
    if (v.group == "kpi/terminals") {
      const TerminalFigure* f = nullptr;
      for (const TerminalFigure& candidate : terminal_figures()) {
        if (terminal_kpi_name(candidate) == v.name) f = &candidate;
      }
      if (f == nullptr) throw std::logic_error("results: no terminal figure " + v.name);
      for (std::size_t t = 0; t < s.terminals.size(); ++t) record.columns[i].f64.push_back(f->value(run, t));
      continue;
    }
    const auto row = std::find_if(std::begin(kRows), std::end(kRows),
                                  [&](const VariableRow& x) { return x.group == v.group && x.name == v.name; });
    if (row == std::end(kRows) || row->fill == nullptr) {
      throw std::logic_error("results: no row fills " + v.group + "/" + v.name);
    }
    row->fill(r, record.columns[i]);
  }
  return record;
}

}  // namespace porttwin::run
