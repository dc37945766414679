// See run/results.hpp and docs/results-format.md.
#include "porttwin/run/results.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "porttwin/io/files.hpp"
#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/kernel/version.hpp"
#include "porttwin/run/figures.hpp"

namespace porttwin::run {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
std::atomic<bool> g_stop{false};

namespace h5 = io::h5;
namespace fs = std::filesystem;
using io::Column;
using io::Coordinate;
using io::Variable;
using h5::Type;

std::string iso_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string unit_of(scenario::CargoKind kind, bool handled) {
  switch (kind) {
    case scenario::CargoKind::containers: return handled ? "moves" : "TEU";
    case scenario::CargoKind::dry_bulk:
    case scenario::CargoKind::liquid_bulk: return "t";
    default: return "units";
  }
}

Variable variable(std::string group, std::string name, std::vector<std::string> dims, Type type, std::string units,
                  std::string long_name, std::string description = {}, std::string kind = {}) {
  Variable v;
  v.group = std::move(group);
  v.name = std::move(name);
  v.dims = std::move(dims);
  v.type = type;
  v.units = std::move(units);
  v.long_name = std::move(long_name);
  v.description = std::move(description);
  v.kind = std::move(kind);
  if (v.kind == "level") v.attributes.emplace_back("cell_methods", "time: mean");
  if (v.kind == "tally") v.attributes.emplace_back("cell_methods", "time: sum");
  if (v.kind == "state") v.attributes.emplace_back("cell_methods", "time: point");
  return v;
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

}  // namespace

void request_stop() noexcept { g_stop.store(true); }
bool stop_requested() noexcept { return g_stop.load(); }

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error("SHA-256 failed (OpenSSL)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// ---- layout -------------------------------------------------------------------

io::Layout results_layout(const scenario::Scenario& s, const graph::PortGraph& g) {
  io::Layout layout;
  const bool incidents = !s.cyber.incidents.empty();

  // Coordinates.
  const double interval = s.settings.sample_interval_h;
  const bool series = interval > 0;
  if (series) {
    Coordinate time{"time", Type::f64, {}, "h", "end of the sampling interval, hours since the start of the simulation", {}};
    time.attributes.emplace_back("axis", "T");
    time.attributes.emplace_back("bounds", "time_bounds");
    const auto samples = static_cast<std::uint64_t>(std::floor(s.settings.horizon_h / interval + 1e-9));
    for (std::uint64_t k = 1; k <= samples; ++k) time.values.f64.push_back(static_cast<double>(k) * interval);
    layout.coordinates.push_back(std::move(time));
    Coordinate bounds{"bounds", Type::i64, {}, "1", "start and end of a sampling interval", {}};
    bounds.values.i64 = {0, 1};
    layout.coordinates.push_back(std::move(bounds));
  }
  Coordinate terminal{"terminal", Type::str, {}, "", "terminal id", {}};
  for (const auto& t : s.terminals) terminal.values.str.push_back(t.id);
  layout.coordinates.push_back(std::move(terminal));
  Coordinate node{"node", Type::str, {}, "", "node id of the dependency graph", {}};
  for (std::size_t v = 0; v < g.node_count(); ++v) node.values.str.push_back(g.node(v).id);
  layout.coordinates.push_back(std::move(node));
  Coordinate company{"company", Type::str, {}, "", "dependent company id", {}};
  for (const auto& c : s.companies) company.values.str.push_back(c.id);
  layout.coordinates.push_back(std::move(company));
  Coordinate sector{"sector", Type::str, {}, "", "economic sector id (DIIM)", {}};
  for (const auto& x : s.economy.sectors) sector.values.str.push_back(x.id);
  layout.coordinates.push_back(std::move(sector));
  const bool economy = incidents && !s.economy.sectors.empty();
  Coordinate edge{"edge", Type::i64, {}, "1", "edge number of the dependency graph", {}};
  for (std::size_t e = 0; e < g.edge_count(); ++e) edge.values.i64.push_back(static_cast<std::int64_t>(e));
  layout.coordinates.push_back(std::move(edge));

  const auto add_fixed = [&](Variable v, Column c) {
    layout.variables.push_back(std::move(v));
    layout.fixed.push_back(std::move(c));
  };
  const auto add = [&](Variable v) { add_fixed(std::move(v), {}); };

  // Key figures: the table's (run/figures.hpp), the cascade's only with incidents.
  for (const Figure* f : figures_for(incidents)) {
    add(variable("kpi", std::string(f->name), {"replication"}, Type::f64, std::string(f->units),
                 std::string(f->long_name), std::string(f->description)));
  }

  if (series) {
    Column bounds;
    for (double t : layout.coordinates[0].values.f64) {
      bounds.f64.push_back(t - interval);
      bounds.f64.push_back(t);
    }
    add_fixed(variable("timeseries", "time_bounds", {"time", "bounds"}, Type::f64, "h", "sampling interval"),
              std::move(bounds));
    const std::vector<std::string> rt{"replication", "time"};
    const std::vector<std::string> rtt{"replication", "time", "terminal"};
    add(variable("timeseries", "vessels_waiting", rt, Type::f64, "1", "vessels waiting for a berth",
                 "summed over terminals", "level"));
    add(variable("timeseries", "berth_occupancy", rt, Type::f64, "1", "share of the port's berths occupied", "",
                 "level"));
    add(variable("timeseries", "crane_availability", rt, Type::f64, "1", "share of the port's quay cranes working",
                 "cranes weighted by their terminal's operational level", "level"));
    add(variable("timeseries", "yard_fill", rt, Type::f64, "TEU", "container yard content",
                 "summed over container terminals", "level"));
    add(variable("timeseries", "trucks_waiting", rt, Type::f64, "1", "trucks waiting at the gates", "", "level"));
    add(variable("timeseries", "teu_handled", rt, Type::f64, "TEU", "TEU handled in the interval",
                 "work in progress counted as done so far; 0 before the warm-up ends", "tally"));
    add(variable("timeseries", "terminal_level", rtt, Type::f64, "1", "terminal operational level (quay factor)", "",
                 "level"));
    add(variable("timeseries", "terminal_yard", rtt, Type::f64, "1",
                 "yard content, in the terminal's yard unit (yard_unit)", "", "level"));
    add(variable("timeseries", "terminal_handled", rtt, Type::f64, "1",
                 "cargo handled on the quay in the interval, in the terminal's handled unit (handled_unit)", "",
                 "tally"));
    Column yard_unit, handled_unit;
    for (const auto& t : s.terminals) {
      yard_unit.str.push_back(unit_of(t.cargo, false));
      handled_unit.str.push_back(unit_of(t.cargo, true));
    }
    add_fixed(variable("timeseries", "yard_unit", {"terminal"}, Type::str, "", "unit of terminal_yard"),
              std::move(yard_unit));
    add_fixed(variable("timeseries", "handled_unit", {"terminal"}, Type::str, "", "unit of terminal_handled"),
              std::move(handled_unit));
    if (incidents) {
      add(variable("timeseries", "baseline_teu_handled", rt, Type::f64, "TEU",
                   "TEU handled in the interval by the baseline run (same replication, no incidents)", "", "tally"));
      add(variable("timeseries", "performance", rt, Type::f64, "1",
                   "throughput over the baseline's: TEU handled in the 24 h ending at time, disrupted over baseline",
                   "1 where the baseline handled nothing", "level"));
      const std::vector<std::string> rtn{"replication", "time", "node"};
      add(variable("timeseries", "node_level", rtn, Type::f64, "1", "operational level from the cyber layer", "",
                   "level"));
      Variable state = variable("timeseries", "cyber_state", rtn, Type::i8, "1", "cyber state at the end of the interval",
                                "", "state");
      state.flag_values = {0, 1, 2, 3, 4, 5};
      state.attributes.emplace_back("flag_meanings", "susceptible compromised detected contained recovering restored");
      add(std::move(state));
      if (economy) {
        add(variable("timeseries", "sector_inoperability", {"replication", "time", "sector"}, Type::f64, "1",
                     "DIIM inoperability of each economic sector at the end of the interval",
                     "q(t): 0 fully operable, 1 fully inoperable", "state"));
      }
    }
  }

  // Events.
  if (incidents) {
    const std::vector<std::string> e{"event"};
    add(variable("events", "replication", e, Type::i64, "1", "replication"));
    add(variable("events", "time", e, Type::f64, "h", "when, hours since the start of the simulation"));
    add(variable("events", "node", e, Type::str, "", "node id"));
    add(variable("events", "kind", e, Type::str, "",
                 "compromised, detected, contained, recovering, restored, level, exposed, warned or reported"));
    add(variable("events", "detail", e, Type::str, "", "what happened, in words"));
  }

  // The vessels' log: one entry per visit to a terminal (the disrupted run's).
  {
    const std::vector<std::string> v{"vessel"};
    add(variable("vessels", "replication", v, Type::i64, "1", "replication"));
    add(variable("vessels", "call", v, Type::i64, "1", "call number (the same at every terminal a diverted vessel visits)"));
    add(variable("vessels", "vessel_class", v, Type::str, "", "vessel class id"));
    add(variable("vessels", "terminal", v, Type::str, "", "terminal id"));
    add(variable("vessels", "arrival", v, Type::f64, "h", "arrival at the terminal's queue"));
    add(variable("vessels", "berthed", v, Type::f64, "h", "berthed", "NaN: never berthed here"));
    add(variable("vessels", "left", v, Type::f64, "h", "left the terminal", "NaN: still in port at the end"));
    add(variable("vessels", "wait_h", v, Type::f64, "h", "arrival to berthing", "NaN: never berthed here"));
    add(variable("vessels", "moves", v, Type::f64, "1", "call size (moves, t or units: the terminal's handled_unit)"));
    add(variable("vessels", "outcome", v, Type::str, "", "completed, diverted (to another terminal), left_port or in_port"));
    add(variable("vessels", "counted", v, Type::i8, "1", "arrived after the warm-up (the calls the key figures count)"));
  }

  // Per-node, per-terminal and per-company summaries.
  if (incidents) {
    const std::vector<std::string> rn{"replication", "node"};
    add(variable("nodes", "first_hit_h", rn, Type::f64, "h", "first compromised", "NaN: never"));
    add(variable("nodes", "detected_h", rn, Type::f64, "h", "first detected", "NaN: never"));
    add(variable("nodes", "restored_h", rn, Type::f64, "h", "restored", "NaN: never"));
    add(variable("nodes", "lowest_level", rn, Type::f64, "1", "lowest operational level"));
    add(variable("nodes", "level_loss_h", rn, Type::f64, "h", "hours of full operation lost",
                 "integral of 1 - level over the run"));
    add(variable("nodes", "exposure_h", rn, Type::f64, "h", "data exposure hours", "summed over data classes"));
    add(variable("nodes", "reportable", rn, Type::i8, "1", "the organisation's incident is reportable"));
    add(variable("nodes", "must_report", rn, Type::i8, "1", "the organisation must report (ISPS)"));
    add(variable("nodes", "affected", rn, Type::i8, "1", "the organisation was affected",
                 "hit, degraded by the cyber layer, or short of supply longer than in the baseline"));
    add(variable("nodes", "affected_h", rn, Type::f64, "h", "when the organisation was first affected", "NaN: never"));
    add(variable("nodes", "extra_shortage_h", rn, Type::f64, "h", "companies: extra hours short of supply",
                 "against the baseline; 0 for other nodes"));
    if (economy) {
      add(variable("nodes", "sector_loss_eur", {"replication", "sector"}, Type::f64, "EUR", "DIIM loss of each sector"));
      add(variable("nodes", "sector_peak_inoperability", {"replication", "sector"}, Type::f64, "1",
                   "largest DIIM inoperability of each sector"));
    }
  }
  const std::vector<std::string> rterm{"replication", "terminal"};
  add(variable("nodes", "terminal_calls", rterm, Type::f64, "1", "vessel calls completed"));
  add(variable("nodes", "terminal_mean_wait_h", rterm, Type::f64, "h", "mean wait before berthing"));
  add(variable("nodes", "terminal_berth_utilisation", rterm, Type::f64, "1", "berth utilisation"));
  add(variable("nodes", "terminal_handled", rterm, Type::f64, "1", "cargo handled (handled_unit)"));
  add(variable("nodes", "terminal_teu", rterm, Type::f64, "TEU", "TEU handled"));
  add(variable("nodes", "terminal_peak_yard", rterm, Type::f64, "1", "peak yard content (yard_unit)"));
  if (!s.companies.empty()) {
    const std::vector<std::string> rc{"replication", "company"};
    add(variable("nodes", "company_shortage_h", rc, Type::f64, "h", "hours short of supply"));
    add(variable("nodes", "company_first_shortage_h", rc, Type::f64, "h", "first ran short after the warm-up",
                 "NaN: never"));
  }

  // The dependency graph (fixed).
  Column kind, name, zone, source, target, type;
  for (std::size_t v = 0; v < g.node_count(); ++v) {
    kind.str.emplace_back(graph::to_string(g.node(v).kind));
    name.str.push_back(g.node(v).name);
    zone.str.push_back(g.node(v).zone);
  }
  for (auto [it, end] = boost::edges(g.graph()); it != end; ++it) {
    source.str.push_back(g.node(g.source(*it)).id);
    target.str.push_back(g.node(g.target(*it)).id);
    type.str.emplace_back(scenario::to_string(g.edge(*it).type));
  }
  add_fixed(variable("graph", "node_kind", {"node"}, Type::str, "", "kind of node"), std::move(kind));
  add_fixed(variable("graph", "node_name", {"node"}, Type::str, "", "name given in the scenario"), std::move(name));
  add_fixed(variable("graph", "node_zone", {"node"}, Type::str, "", "zone id"), std::move(zone));
  add_fixed(variable("graph", "edge_source", {"edge"}, Type::str, "", "node the dependency starts from"),
            std::move(source));
  add_fixed(variable("graph", "edge_target", {"edge"}, Type::str, "", "node that depends on the source"),
            std::move(target));
  add_fixed(variable("graph", "edge_type", {"edge"}, Type::str, "", "dependency type"), std::move(type));
  return layout;
}

// ---- records ------------------------------------------------------------------

io::Record results_record(const io::Layout& layout, const scenario::Scenario& s, const graph::PortGraph& g,
                          const ScenarioRun& run, std::uint32_t replication) {
  io::Record record;
  record.replication = replication;
  record.columns.resize(layout.variables.size());
  const auto column = [&](const std::string& group, const std::string& name) -> Column& {
    return record.columns[layout.index(group, name)];
  };
  const auto has = [&](const std::string& group, const std::string& name) {
    for (const Variable& v : layout.variables) {
      if (v.group == group && v.name == name) return true;
    }
    return false;
  };

  // Key figures: each computed by its row of the table.
  for (std::size_t i = 0; i < layout.variables.size(); ++i) {
    const Variable& v = layout.variables[i];
    if (v.group != "kpi") continue;
    const Figure* f = find_figure(v.name);
    record.columns[i].f64.push_back(f != nullptr ? f->value(run) : kNaN);
  }

  // Series.
  const port::Series& series = run.port.series;
  if (has("timeseries", "vessels_waiting")) {
    const std::size_t times = layout.extent("time");
    const std::size_t terminals = s.terminals.size();
    if (series.time_h.size() != times) {
      throw std::logic_error("results: " + std::to_string(series.time_h.size()) + " samples, the layout " +
                             std::to_string(times));
    }
    double berths = 0, cranes = 0;
    for (std::size_t t = 0; t < terminals; ++t) {
      berths += static_cast<double>(s.terminals[t].berths.size());
      cranes += run.port.terminals[t].crane_count;
    }
    Column& waiting = column("timeseries", "vessels_waiting");
    Column& occupancy = column("timeseries", "berth_occupancy");
    Column& availability = column("timeseries", "crane_availability");
    Column& yard = column("timeseries", "yard_fill");
    Column& trucks = column("timeseries", "trucks_waiting");
    Column& teu = column("timeseries", "teu_handled");
    Column& level = column("timeseries", "terminal_level");
    Column& tyard = column("timeseries", "terminal_yard");
    Column& handled = column("timeseries", "terminal_handled");
    for (std::size_t i = 0; i < times; ++i) {
      double w = 0, b = 0, c = 0, y = 0, tr = 0, te = 0;
      for (std::size_t t = 0; t < terminals; ++t) {
        const std::size_t k = i * terminals + t;
        const std::size_t previous = (i - 1) * terminals + t;
        w += series.vessels_waiting_mean[k];
        b += series.berths_busy_mean[k];
        c += series.level_mean[k] * run.port.terminals[t].crane_count;
        if (s.terminals[t].cargo == scenario::CargoKind::containers) y += series.yard_mean[k];
        tr += series.trucks_waiting_mean[k];
        te += series.teu_handled[k] - (i > 0 ? series.teu_handled[previous] : 0.0);
        level.f64.push_back(series.level_mean[k]);
        tyard.f64.push_back(series.yard_mean[k]);
        handled.f64.push_back(series.handled[k] - (i > 0 ? series.handled[previous] : 0.0));
      }
      waiting.f64.push_back(w);
      occupancy.f64.push_back(berths > 0 ? b / berths : kNaN);
      availability.f64.push_back(cranes > 0 ? c / cranes : kNaN);
      yard.f64.push_back(y);
      trucks.f64.push_back(tr);
      teu.f64.push_back(te);
    }
    if (has("timeseries", "baseline_teu_handled") && run.baseline && run.cyber) {
      const port::Series& base = run.baseline->series;
      const std::vector<double>& times_h = layout.coordinates[0].values.f64;
      std::vector<double> base_cum(times, 0.0), dis_cum(times, 0.0);
      for (std::size_t i = 0; i < times; ++i) {
        for (std::size_t t = 0; t < terminals; ++t) {
          base_cum[i] += base.teu_handled[i * terminals + t];
          dis_cum[i] += series.teu_handled[i * terminals + t];
        }
      }
      Column& base_teu = column("timeseries", "baseline_teu_handled");
      for (std::size_t i = 0; i < times; ++i) base_teu.f64.push_back(base_cum[i] - (i > 0 ? base_cum[i - 1] : 0.0));
      column("timeseries", "performance").f64 = metrics::performance_curve(times_h, base_cum, dis_cum, 24.0);

      // Node levels (time-weighted) and states (at the end of each interval).
      const std::size_t nodes = g.node_count();
      std::vector<std::vector<std::pair<double, double>>> steps(nodes);
      for (const cyber::LevelChange& c : run.cyber->levels) steps[c.node].emplace_back(c.time_h, c.level);
      std::vector<std::vector<std::pair<double, double>>> states(nodes);
      for (const cyber::StateChange& c : run.cyber->states) {
        states[c.node].emplace_back(c.time_h, static_cast<double>(c.state));
      }
      Column& node_level = column("timeseries", "node_level");
      Column& node_state = column("timeseries", "cyber_state");
      node_level.f64.resize(times * nodes);
      node_state.i8.resize(times * nodes);
      for (std::size_t n = 0; n < nodes; ++n) {
        StepMean lv(steps[n], 1.0);
        std::size_t next = 0;
        double state = 0;
        for (std::size_t i = 0; i < times; ++i) {
          const double to = times_h[i];
          node_level.f64[i * nodes + n] = lv.mean(to - s.settings.sample_interval_h, to);
          while (next < states[n].size() && states[n][next].first <= to) state = states[n][next++].second;
          node_state.i8[i * nodes + n] = static_cast<std::int8_t>(state);
        }
      }
      if (has("timeseries", "sector_inoperability") && run.cascade) {
        const metrics::Diim::Trajectory& q = run.cascade->economy.trajectory;
        Column& inoperability = column("timeseries", "sector_inoperability");
        const std::size_t sectors = layout.extent("sector");
        inoperability.f64.assign(times * sectors, kNaN);
        for (std::size_t i = 0; i < times && q.sectors == sectors; ++i) {
          if (i + 1 > q.steps) break;
          for (std::size_t k = 0; k < sectors; ++k) inoperability.f64[i * sectors + k] = q.at(i + 1, k);
        }
      }
    }
  }

  // The vessels' log.
  {
    Column& rep = column("vessels", "replication");
    Column& call = column("vessels", "call");
    Column& cls = column("vessels", "vessel_class");
    Column& terminal = column("vessels", "terminal");
    Column& arrival = column("vessels", "arrival");
    Column& berthed = column("vessels", "berthed");
    Column& left = column("vessels", "left");
    Column& wait = column("vessels", "wait_h");
    Column& moves = column("vessels", "moves");
    Column& outcome = column("vessels", "outcome");
    Column& counted = column("vessels", "counted");
    for (const port::VesselVisit& v : run.port.vessels) {
      rep.i64.push_back(replication);
      call.i64.push_back(v.call);
      cls.str.push_back(v.vessel_class < s.traffic.vessel_classes.size() ? s.traffic.vessel_classes[v.vessel_class].id : "?");
      terminal.str.push_back(v.terminal < s.terminals.size() ? s.terminals[v.terminal].id : "?");
      arrival.f64.push_back(v.arrival_h);
      berthed.f64.push_back(v.berthed_h >= 0 ? v.berthed_h : kNaN);
      left.f64.push_back(v.left_h >= 0 ? v.left_h : kNaN);
      wait.f64.push_back(v.berthed_h >= 0 ? v.berthed_h - v.arrival_h : kNaN);
      moves.f64.push_back(v.moves);
      outcome.str.emplace_back(port::to_string(v.outcome));
      counted.i8.push_back(v.counted ? 1 : 0);
    }
  }

  // Events.
  if (run.cyber && has("events", "time")) {
    struct Event {
      double time;
      std::uint32_t node;
      int order;
      std::string kind;
      std::string detail;
    };
    std::vector<Event> events;
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
      events.push_back({e.from_h, e.node, 2, "exposed",
                        cls + (e.via_platform ? " (shared with the platform)" : "") + ", incident " +
                            incident_name(e.incident)});
    }
    for (std::uint32_t n = 0; n < run.cyber->warned_h.size(); ++n) {
      if (run.cyber->warned_h[n] >= 0) events.push_back({run.cyber->warned_h[n], n, 3, "warned", "information-sharing warning"});
    }
    for (std::uint32_t n = 0; n < run.cyber->reported_h.size(); ++n) {
      if (run.cyber->reported_h[n] >= 0) events.push_back({run.cyber->reported_h[n], n, 4, "reported", "reported to the port's desk"});
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      if (a.time != b.time) return a.time < b.time;
      if (a.node != b.node) return a.node < b.node;
      return a.order < b.order;
    });
    Column& rep = column("events", "replication");
    Column& time = column("events", "time");
    Column& node = column("events", "node");
    Column& kind = column("events", "kind");
    Column& detail = column("events", "detail");
    for (Event& e : events) {
      rep.i64.push_back(replication);
      time.f64.push_back(e.time);
      node.str.push_back(g.node(e.node).id);
      kind.str.push_back(std::move(e.kind));
      detail.str.push_back(std::move(e.detail));
    }
  }

  // Node summaries.
  if (run.cyber && has("nodes", "first_hit_h")) {
    const std::size_t nodes = g.node_count();
    std::vector<double> first(nodes, kNaN), detected(nodes, kNaN), restored(nodes, kNaN), lowest(nodes, 1.0),
        loss(nodes, 0.0), exposure(nodes, 0.0);
    std::vector<std::int8_t> reportable(nodes, 0), must(nodes, 0);
    for (const cyber::StateChange& c : run.cyber->states) {
      auto& slot = c.state == cyber::CyberState::compromised ? first
                   : c.state == cyber::CyberState::detected  ? detected
                   : c.state == cyber::CyberState::restored  ? restored
                                                             : loss;
      if (&slot != &loss && std::isnan(slot[c.node])) slot[c.node] = c.time_h;
    }
    const double horizon = s.settings.horizon_h;
    std::vector<std::pair<double, double>> last(nodes, {0.0, 1.0});
    for (const cyber::LevelChange& c : run.cyber->levels) {
      auto& [since, level] = last[c.node];
      loss[c.node] += (1.0 - level) * (std::min(c.time_h, horizon) - std::min(since, horizon));
      since = c.time_h;
      level = c.level;
      lowest[c.node] = std::min(lowest[c.node], c.level);
    }
    for (std::size_t n = 0; n < nodes; ++n) {
      loss[n] += (1.0 - last[n].second) * std::max(0.0, horizon - std::min(last[n].first, horizon));
    }
    for (const cyber::Exposure& e : run.cyber->exposures) {
      exposure[e.node] += std::max(0.0, std::min(e.until_h, horizon) - e.from_h);
    }
    for (const cyber::OrganisationReport& r : run.reporting) {
      if (const auto v = g.find(r.id)) {
        reportable[*v] = r.reportable ? 1 : 0;
        must[*v] = r.must_report ? 1 : 0;
      }
    }
    column("nodes", "first_hit_h").f64 = std::move(first);
    column("nodes", "detected_h").f64 = std::move(detected);
    column("nodes", "restored_h").f64 = std::move(restored);
    column("nodes", "lowest_level").f64 = std::move(lowest);
    column("nodes", "level_loss_h").f64 = std::move(loss);
    column("nodes", "exposure_h").f64 = std::move(exposure);
    column("nodes", "reportable").i8 = std::move(reportable);
    column("nodes", "must_report").i8 = std::move(must);
    std::vector<std::int8_t> affected(nodes, 0);
    std::vector<double> affected_h(nodes, kNaN), shortage(nodes, 0.0);
    if (run.cascade) {
      for (const metrics::AffectedOrganisation& a : run.cascade->affected) {
        if (const auto v = g.find(a.id)) {
          affected[*v] = 1;
          affected_h[*v] = a.first_h;
          shortage[*v] = a.shortage_h;
        }
      }
      if (has("nodes", "sector_loss_eur")) {
        const metrics::EconomicLoss& e = run.cascade->economy;
        const std::size_t sectors = layout.extent("sector");
        Column& loss_eur = column("nodes", "sector_loss_eur");
        Column& peak = column("nodes", "sector_peak_inoperability");
        loss_eur.f64.assign(sectors, kNaN);
        peak.f64.assign(sectors, kNaN);
        for (std::size_t k = 0; k < sectors && k < e.loss_eur.size(); ++k) loss_eur.f64[k] = e.loss_eur[k];
        for (std::size_t k = 0; k < sectors && k < e.peak_inoperability.size(); ++k) peak.f64[k] = e.peak_inoperability[k];
      }
    }
    column("nodes", "affected").i8 = std::move(affected);
    column("nodes", "affected_h").f64 = std::move(affected_h);
    column("nodes", "extra_shortage_h").f64 = std::move(shortage);
  }
  for (const port::TerminalSummary& t : run.port.terminals) {
    column("nodes", "terminal_calls").f64.push_back(static_cast<double>(t.calls));
    column("nodes", "terminal_mean_wait_h").f64.push_back(t.mean_wait_h);
    column("nodes", "terminal_berth_utilisation").f64.push_back(t.berth_utilisation);
    column("nodes", "terminal_handled").f64.push_back(t.handled);
    column("nodes", "terminal_teu").f64.push_back(t.teu);
    column("nodes", "terminal_peak_yard").f64.push_back(t.peak_yard);
  }
  if (has("nodes", "company_shortage_h")) {
    for (const port::CompanySummary& c : run.port.companies) {
      column("nodes", "company_shortage_h").f64.push_back(c.shortage_h);
      column("nodes", "company_first_shortage_h").f64.push_back(c.first_shortage_h < 0 ? kNaN : c.first_shortage_h);
    }
  }
  return record;
}

// ---- running to a file -------------------------------------------------------------

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string shard_file(std::size_t point, std::uint32_t replication) {
  char name[64];
  std::snprintf(name, sizeof name, "p%04zu-r%010u.h5", point, replication);
  return name;
}

std::string point_group(std::size_t point) {
  char name[32];
  std::snprintf(name, sizeof name, "point_%03zu", point);
  return name;
}

/// The /sweep group: which values each point has.
void write_sweep_index(const h5::Handle& file, const std::vector<SweepPoint>& points) {
  h5::Handle group = h5::create_group(file, "sweep");
  std::vector<std::string> keys;
  for (const auto& [key, value] : points.front().overrides) keys.push_back(key);
  std::vector<std::int64_t> numbers;
  std::vector<std::string> values, groups;
  for (std::size_t p = 0; p < points.size(); ++p) {
    numbers.push_back(static_cast<std::int64_t>(p));
    groups.push_back(point_group(p));
    for (const auto& [key, value] : points[p].overrides) values.push_back(value);
  }
  const h5::DatasetOptions plain{{}, {}, false, false};
  h5::Handle point = h5::create_dataset(group, "point", Type::i64, {points.size()}, plain);
  h5::write(point, std::span<const std::int64_t>(numbers));
  h5::set_attribute(point, "long_name", std::string_view("sweep point number"));
  h5::make_scale(point, "point");
  h5::Handle key = h5::create_dataset(group, "key", Type::str, {keys.size()}, plain);
  h5::write(key, std::span<const std::string>(keys));
  h5::set_attribute(key, "long_name", std::string_view("varied parameter (dotted path)"));
  h5::make_scale(key, "key");
  h5::Handle value = h5::create_dataset(group, "value", Type::str, {points.size(), keys.size()}, plain);
  h5::write(value, std::span<const std::string>(values));
  h5::set_attribute(value, "long_name", std::string_view("the parameter's value at each point (YAML text)"));
  h5::attach_scale(value, point, 0);
  h5::attach_scale(value, key, 1);
  h5::Handle names = h5::create_dataset(group, "group", Type::str, {points.size()}, plain);
  h5::write(names, std::span<const std::string>(groups));
  h5::set_attribute(names, "long_name", std::string_view("the group holding the point's results"));
  h5::attach_scale(names, point, 0);
}

/// Closes (ignoring errors) and removes a file that will not be finished.
void discard(h5::Handle& file, const fs::path& path) {
  {
    const std::lock_guard guard(h5::lock());
    try {
      file.close();
    } catch (const std::exception&) {
      // Already failing: the reason is the error being reported.
    }
  }
  std::error_code ignored;
  fs::remove(path, ignored);
}

/// Parses a shard's file name ("p0002-r0000000017.h5") into (point, replication).
std::optional<std::pair<std::size_t, std::uint32_t>> parse_shard_file(const std::string& name) {
  std::size_t point = 0;
  unsigned replication = 0;
  char tail = 0;
  if (name.size() != std::string_view("p0000-r0000000000.h5").size() ||
      std::sscanf(name.c_str(), "p%4zu-r%10u.h5%c", &point, &replication, &tail) != 2) {
    return std::nullopt;
  }
  return std::pair{point, static_cast<std::uint32_t>(replication)};
}

std::atomic<int> g_in_flight{0};

/// Counts a replication in flight while it lives (for the Ctrl-C message).
struct InFlight {
  InFlight() { g_in_flight.fetch_add(1); }
  ~InFlight() { g_in_flight.fetch_sub(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
};

}  // namespace

int replications_in_flight() noexcept { return g_in_flight.load(); }

FileRunResult run_to_file(const scenario::ScenarioDocument& document, const EnsembleOptions& ensemble,
                          const ResultsOptions& options, const std::vector<SweepPoint>& sweep) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  Distributor* const distributor = options.distributor;
  const bool writer = distributor == nullptr || distributor->writer();
  // The writer's files, beside the output (a symlink's target, once the
  // set-up has resolved it): PATH.partial/ and PATH.tmp, under PATH.lock.
  fs::path path(options.path);
  fs::path partial = path.string() + ".partial";
  fs::path temporary = path.string() + ".tmp";
  io::OutputLock output_lock;
  bool own_temporary = false;  // PATH.tmp is ours to remove (made under the lock)
  const bool is_sweep = !sweep.empty();
  const std::vector<SweepPoint> points = is_sweep ? sweep : std::vector<SweepPoint>{SweepPoint{}};

  std::vector<scenario::ScenarioDocument> documents;
  std::vector<scenario::Scenario> scenarios;
  std::vector<graph::PortGraph> graphs;
  std::vector<io::Layout> layouts;
  nlohmann::ordered_json manifest;
  std::vector<io::ShardIdentity> identities;  // per point: what its shards belong to
  std::string base_file;
  std::string base_text;
  // The work: every (point, replication), point by point in replication
  // order; those with a shard from an interrupted attempt are done.
  struct Task {
    std::size_t point;
    std::uint32_t replication;
  };
  std::vector<Task> order;
  std::vector<std::uint32_t> todo;  // indices into `order` (the writer's)
  std::vector<char> finished;
  FileRunResult out;
  std::vector<std::uint32_t> replications;
  for (std::uint32_t k = 0; k < ensemble.count; ++k) replications.push_back(ensemble.first + k);

  // The file is joined while the run goes on: whenever the next task in
  // order has its shard, it is appended (by whichever worker finished last),
  // so joining overlaps with simulating and nothing waits for the end. A
  // crash loses only PATH.tmp; the shards stay until the file is whole.
  struct Joiner {
    h5::Handle file;
    std::unique_ptr<io::ResultsWriter> writer;
    std::size_t next = 0;  // first task in `order` not yet joined
    std::size_t point = SIZE_MAX;
    EnsembleResult result;
  } join;
  std::mutex join_lock;
  double write_seconds = 0;
  std::error_code error;

  const auto join_ready = [&](const io::Record* at_hand, std::size_t at_hand_task) {
    // Caller holds join_lock.
    const auto began = Clock::now();
    while (join.next < order.size() && finished[join.next] != 0) {
      const Task& task = order[join.next];
      const io::Layout& layout = layouts[task.point];
      if (task.point != join.point) {
        join.point = task.point;
        std::string root = "/";
        if (is_sweep) root.append(point_group(task.point));
        join.writer = std::make_unique<io::ResultsWriter>(join.file, root, layout, replications);
        if (is_sweep) {
          const std::lock_guard guard(h5::lock());
          h5::Handle group = h5::open_group(join.file, root);
          std::string text;
          for (const auto& [key, value] : points[task.point].overrides)
            text.append(key).append("=").append(value).append("\n");
          h5::set_attribute(group, "overrides", std::string_view(text));
        }
        join.result = EnsembleResult{};
        for (const Variable& v : layout.variables) {
          if (v.group == "kpi") join.result.names.push_back(v.name);
        }
      }
      io::Record loaded;
      const io::Record* record = at_hand;
      if (at_hand == nullptr || at_hand_task != join.next) {
        loaded = io::read_shard((partial / shard_file(task.point, task.replication)).string(), layout,
                                identities[task.point]);
        record = &loaded;
      }
      join.writer->write(*record);
      std::vector<double> row;
      for (std::size_t i = 0; i < layout.variables.size(); ++i) {
        if (layout.variables[i].group == "kpi") row.push_back(record->columns[i].f64.at(0));
      }
      join.result.values.push_back(std::move(row));
      ++join.next;
      if (join.next == order.size() || order[join.next].point != task.point) {
        join.writer->write_ensemble();
        join.writer->close();  // a write that fails only on closing is an error here
        join.writer.reset();
        EnsembleResult& result = join.result;
        for (std::size_t f = 0; f < result.names.size(); ++f) {
          std::vector<double> column;
          for (const auto& r : result.values) {
            if (!std::isnan(r[f])) column.push_back(r[f]);
          }
          result.summaries.push_back(metrics::summarise(column));
          if (result.names[f] == "events") {
            for (double e : column) result.events += static_cast<std::uint64_t>(e);
          }
        }
        out.points.push_back(std::move(result));
      }
    }
    write_seconds += std::chrono::duration<double>(Clock::now() - began).count();
  };

  // Set-up: everything that can fail before a replication runs. In a
  // distributed run the processes agree on its outcome, so that one failure
  // stops all of them with one message.
  const auto set_up = [&] {
    if (writer) {
      // Nothing is touched before the lock is held: a second run or resume
      // of the same output is refused here, naming the one that holds it.
      path = io::results_target(options.path);
      partial = path.string() + ".partial";
      temporary = path.string() + ".tmp";
      output_lock = io::OutputLock(path.string(), options.command_line.empty() ? "porttwin" : options.command_line);
    }
    // Every point's document, checked before anything runs.
    for (const SweepPoint& p : points) {
      scenario::ScenarioDocument d = document;
      std::string where;
      for (const auto& [key, value] : p.overrides) {
        if (!where.empty()) where.append(", ");
        where.append(key).append("=").append(value);
        d.set(key, value);
      }
      if (!d.valid()) {
        std::string message = "sweep point ";
        message.append(where).append(":");
        for (const scenario::Diagnostic& problem : d.problems()) message.append("\n").append(problem.to_string());
        throw ScenarioError(message);
      }
      documents.push_back(std::move(d));
    }
    for (const auto& d : documents) {
      scenarios.push_back(d.instantiate(ensemble.first));
      graphs.push_back(graph::build_port_graph(scenarios.back()));
      layouts.push_back(results_layout(scenarios.back(), graphs.back()));
    }
    // Absurd sizes are refused before they fill a disk.
    {
      double values = 0;
      for (const io::Layout& layout : layouts) {
        for (const Variable& v : layout.variables) {
          if (v.per_replication() && !v.is_event()) values += static_cast<double>(layout.slice(v));
        }
      }
      const double bytes = values * 8.0 * ensemble.count;
      if (bytes > 1e12) {
        char text[256];
        std::snprintf(text, sizeof text,
                      "the results would hold %.3g TB before compression (%u replications x %zu point(s)); use fewer "
                      "replications or a longer settings.sample_interval",
                      bytes / 1e12, ensemble.count, points.size());
        throw UsageError(text);
      }
    }

    // The manifest: what the shards belong to.
    manifest["format_version"] = 3;  // 3: shards stamped with their run; 2: five datasets (io/results_file.cpp)
    manifest["porttwin_version"] = std::string(porttwin::version());
    manifest["kind"] = is_sweep ? "sweep" : "run";
    manifest["scenario_sha256"] = sha256_hex(document.text());
    base_file = scenarios.front().base_file;
    base_text = base_file.empty() ? std::string() : read_text(base_file);
    if (!base_file.empty()) manifest["base_scenario_sha256"] = sha256_hex(base_text);
    manifest["seed"] = scenarios.front().settings.seed;
    manifest["overrides"] = options.overrides;
    manifest["first_replication"] = ensemble.first;
    manifest["replications"] = ensemble.count;
    auto& point_list = manifest["points"] = nlohmann::ordered_json::array();
    for (const SweepPoint& p : points) {
      nlohmann::ordered_json o = nlohmann::ordered_json::array();
      for (const auto& [key, value] : p.overrides) o.push_back({key, value});
      point_list.push_back(o);
    }
    // What each point's shards belong to: everything that makes its
    // replication k what it is (not how many replications the run has).
    for (const SweepPoint& p : points) {
      io::ShardIdentity identity;
      std::string overrides, point_overrides;
      for (const std::string& o : options.overrides) overrides.append(o).append("\n");
      for (const auto& [key, value] : p.overrides) point_overrides.append(key).append("=").append(value).append("\n");
      identity.fields = {{"format_version", manifest["format_version"].dump()},
                         {"porttwin_version", std::string(porttwin::version())},
                         {"scenario_sha256", manifest["scenario_sha256"].get<std::string>()},
                         {"base_scenario_sha256", base_file.empty() ? std::string() : sha256_hex(base_text)},
                         {"seed", std::to_string(scenarios.front().settings.seed)},
                         {"overrides", overrides},
                         {"point_overrides", point_overrides}};
      std::string all;
      for (const auto& [key, value] : identity.fields) all.append(key).append("=").append(value).append("\x1f");
      identity.fingerprint = sha256_hex(all);
      identities.push_back(std::move(identity));
    }
    std::set<std::string> done;
    if (!writer) {
      // Another process writes the file: it only needs the tasks' order.
    } else if (fs::exists(partial, error)) {
      if (!fs::is_directory(partial, error)) {
        throw IoError(partial.string() + ": exists and is not a directory (porttwin keeps finished replications there)");
      }
      if (!options.resume) {
        throw IoError(partial.string() + " exists: an interrupted run of " + path.string() +
                      ". Add --resume to keep its finished replications, or remove it to start again");
      }
      const fs::path manifest_path = partial / "manifest.json";
      nlohmann::ordered_json previous;
      try {
        previous = nlohmann::ordered_json::parse(read_text(manifest_path));
      } catch (const std::exception&) {
        throw IoError(manifest_path.string() + ": missing or unreadable; remove " + partial.string() +
                      " to start again");
      }
      if (previous != manifest) {
        std::string differs;
        for (const auto& [key, value] : manifest.items()) {
          if (!previous.contains(key) || previous[key] != value) differs += (differs.empty() ? "" : ", ") + key;
        }
        throw UsageError("--resume: " + partial.string() + " belongs to another run (" + differs +
                         " differ); run the same scenario, --set, --seed, --replication(s) and --vary, or remove it");
      }
      // Every shard kept is read through now (its run, replication and
      // checksums), so that one that does not belong or was damaged is
      // refused before anything runs, naming it.
      for (const auto& entry : fs::directory_iterator(partial)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".tmp")) {
          fs::remove(entry.path(), error);  // a shard a crash cut short; we hold the lock, so it is nobody's
          continue;
        }
        const auto shard = parse_shard_file(name);
        if (!shard || shard->first >= points.size() || shard->second < ensemble.first ||
            shard->second - ensemble.first >= ensemble.count) {
          continue;  // not a shard of this run's tasks: left alone, removed with the directory at the end
        }
        try {
          io::check_shard(entry.path().string(), layouts[shard->first], identities[shard->first], shard->second);
        } catch (const IoError& e) {
          std::string which = "replication " + std::to_string(shard->second);
          if (is_sweep) which += " of sweep point " + std::to_string(shard->first);
          throw IoError(std::string(e.what()) + "; delete it and run again with --resume to rerun " + which);
        }
        done.insert(name);
      }
    } else {
      fs::create_directory(partial, error);
      if (error) throw IoError(partial.string() + ": cannot create: " + io::describe_errno(error.value()));
      try {
        io::write_file_atomically((partial / "manifest.json").string(), manifest.dump(2) + "\n");
      } catch (...) {
        fs::remove_all(partial, error);  // made just now, empty: a later run starts afresh
        throw;
      }
    }

    for (std::size_t p = 0; p < points.size(); ++p) {
      for (std::uint32_t k = 0; k < ensemble.count; ++k) {
        const std::uint32_t r = ensemble.first + k;
        const bool kept = done.count(shard_file(p, r)) != 0;
        out.kept += kept ? 1 : 0;
        if (!kept && writer) todo.push_back(static_cast<std::uint32_t>(order.size()));
        finished.push_back(kept ? 1 : 0);
        order.push_back({p, r});
      }
    }
  };
  const auto create_file = [&] {
    const std::lock_guard guard(h5::lock());
    own_temporary = true;
    join.file = h5::create_file(temporary.string());
    const h5::Handle& file = join.file;
    h5::set_attribute(file, "Conventions", std::string_view("CF-1.8"));
    h5::set_attribute(file, "title", std::string_view(scenarios.front().name));
    h5::set_attribute(file, "format_version", std::int64_t{1});
    h5::set_attribute(file, "porttwin_version", porttwin::version());
    h5::set_attribute(file, "command_line", std::string_view(options.command_line));
    h5::set_attribute(file, "scenario_file", std::string_view(document.file()));
    h5::set_attribute(file, "scenario_sha256", std::string_view(manifest["scenario_sha256"].get<std::string>()));
    h5::set_attribute(file, "seed", static_cast<std::int64_t>(scenarios.front().settings.seed));
    std::string overrides;
    for (const std::string& o : options.overrides) overrides.append(o).append("\n");
    h5::set_attribute(file, "overrides", std::string_view(overrides));
    h5::set_attribute(file, "first_replication", static_cast<std::int64_t>(ensemble.first));
    h5::set_attribute(file, "replications", static_cast<std::int64_t>(ensemble.count));
    h5::set_attribute(file, "created_utc", std::string_view(iso_utc_now()));
    h5::set_attribute(file, "kind", std::string_view(is_sweep ? "sweep" : "run"));
    h5::set_attribute(file, "complete", std::int8_t{0});
    {
      h5::Handle text = h5::create_dataset(file, "scenario", Type::str, {}, {{}, {}, false, false});
      const std::vector<std::string> value{document.text()};
      h5::write(text, std::span<const std::string>(value));
      h5::set_attribute(text, "long_name", std::string_view("the scenario file's text as read"));
    }
    if (!base_file.empty()) {
      h5::Handle text = h5::create_dataset(file, "base_scenario", Type::str, {}, {{}, {}, false, false});
      const std::vector<std::string> value{base_text};
      h5::write(text, std::span<const std::string>(value));
      h5::set_attribute(text, "long_name", std::string_view("the text of the file the scenario's base: names"));
      h5::set_attribute(text, "file", std::string_view(base_file));
      h5::set_attribute(file, "base_scenario_sha256",
                        std::string_view(manifest["base_scenario_sha256"].get<std::string>()));
    }
    if (is_sweep) write_sweep_index(file, points);
  };
  // A file that will not be finished: its datasets closed before the file
  // (closing the file first, strongly, left them dangling: a crash on a
  // full disk), then removed. The shards stay for --resume.
  const auto abandon = [&] {
    join.writer.reset();
    if (own_temporary) discard(join.file, temporary);
  };
  try {
    set_up();
    if (writer) {
      create_file();
      const std::lock_guard lock(join_lock);
      join_ready(nullptr, 0);  // what an interrupted attempt left
    }
  } catch (...) {
    if (writer) abandon();
    if (distributor != nullptr) distributor->agree(std::current_exception());
    throw;
  }
  if (distributor != nullptr) distributor->agree(nullptr);

  std::mutex progress_lock;
  EnsembleProgress progress;
  progress.total = static_cast<std::uint32_t>(todo.size());
  const auto count_done = [&](std::uint64_t events) {
    const std::lock_guard lock(progress_lock);
    ++progress.done;
    progress.events += events;
    progress.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (ensemble.progress) ensemble.progress(progress);
  };
  // One replication simulated and turned into its record.
  struct Simulated {
    io::Record record;
    std::uint64_t events = 0;
  };
  const auto simulate = [&](std::uint32_t index) {
    if (g_stop.load()) throw Interrupted("interrupted");
    const InFlight in_flight;
    const Task& task = order.at(index);
    const scenario::Scenario s = documents[task.point].instantiate(task.replication);
    ScenarioRunOptions run = ensemble.run;
    run.replication = task.replication;
    const ScenarioRun r = run_scenario(s, run);
    return Simulated{results_record(layouts[task.point], s, graphs[task.point], r, task.replication),
                     committed_events(r)};
  };
  // One replication here: run, write its shard, join what is ready.
  const auto run_here = [&](std::uint32_t index) -> std::uint64_t {
    const Simulated done = simulate(index);
    const Task& task = order[index];
    const auto began = Clock::now();
    io::write_shard((partial / shard_file(task.point, task.replication)).string(), layouts[task.point], done.record,
                    identities[task.point]);
    const double seconds = std::chrono::duration<double>(Clock::now() - began).count();
    {
      const std::lock_guard lock(join_lock);
      finished[index] = 1;
      write_seconds += seconds;
      join_ready(&done.record, index);
    }
    count_done(done.events);
    return done.events;
  };

  // The file is whole: closed, read back through (every dataset, so every
  // checksum), only then marked complete, synced to disk and renamed into
  // place. A write that failed unseen in a destructor meanwhile stops it.
  const std::uint64_t close_failures = h5::silent_close_failures();
  const auto finish_file = [&] {
    join.file.close();
    if (h5::silent_close_failures() != close_failures) {
      throw IoError(temporary.string() + ": a write failed while closing part of the file (is the disk full?)");
    }
    io::read_through(temporary.string());
    {
      const std::lock_guard guard(h5::lock());
      join.file = h5::open_file(temporary.string(), true);
      h5::set_attribute(join.file, "complete", std::int8_t{1});
      join.file.close();
    }
    io::sync_file(temporary.string());
    fs::rename(temporary, path, error);
    if (error) {
      throw IoError(path.string() + ": cannot rename the finished file into place: " +
                    io::describe_errno(error.value()));
    }
    own_temporary = false;
    io::sync_directory_of(path.string());
  };

  g_stop.store(false);
  try {
    if (distributor == nullptr) {
      (void)kernel::run_replications(0, static_cast<std::uint32_t>(todo.size()), ensemble.threads,
                                     [&](std::uint32_t i) { return run_here(todo[i]); });
    } else {
      Distributor::Work work;
      work.todo = todo;
      work.threads = ensemble.threads;
      work.run_here = run_here;
      // Another process's replication: the same record, as shard bytes.
      work.compute = [&](std::uint32_t index) {
        Simulated done;
        try {
          done = simulate(index);
        } catch (const Interrupted&) {
          throw;
        } catch (const std::exception& e) {
          // Rank 0 reports it: say which replication.
          const Task& task = order[index];
          std::string where = "replication " + std::to_string(task.replication);
          if (is_sweep) where.append(" of sweep point ").append(std::to_string(task.point));
          throw Error(where + ": " + e.what());
        }
        const std::size_t point = order[index].point;
        return ShardBytes{index, done.events, io::shard_bytes(layouts[point], done.record, identities[point])};
      };
      work.accept = [&](ShardBytes&& shard, bool joining) {
        if (shard.task >= order.size() || finished[shard.task] != 0) {
          throw std::logic_error("results: a replication that was not handed out came back");
        }
        const Task& task = order[shard.task];
        const std::string name = shard_file(task.point, task.replication);
        const auto began = Clock::now();
        io::write_file_atomically((partial / name).string(), shard.bytes);
        {
          const std::lock_guard lock(join_lock);
          finished[shard.task] = 1;
          write_seconds += std::chrono::duration<double>(Clock::now() - began).count();
          if (joining) {
            if (join.next == shard.task) {
              const io::Record record =
                  io::read_shard_bytes(shard.bytes, name, layouts[task.point], identities[task.point]);
              join_ready(&record, shard.task);
            } else {
              join_ready(nullptr, 0);
            }
          }
        }
        count_done(shard.events);
        ++out.merged;
        out.merge_seconds += std::chrono::duration<double>(Clock::now() - began).count();
      };
      distributor->run(work);
      if (!writer) return out;
    }
    if (join.next != order.size()) throw std::logic_error("results: not every replication was joined");
    finish_file();
  } catch (const Interrupted&) {
    if (!writer) throw;
    abandon();
    throw Interrupted("interrupted: " + std::to_string(out.kept + progress.done) + " of " +
                      std::to_string(points.size() * ensemble.count) + " replications are kept in " + partial.string() +
                      "; run the same command with --resume to finish");
  } catch (...) {
    if (writer) abandon();
    throw;
  }
  out.ran = progress.done;
  fs::remove_all(partial, error);
  out.file_bytes = fs::file_size(path, error);
  out.write_seconds = write_seconds;
  for (EnsembleResult& r : out.points) r.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace porttwin::run
