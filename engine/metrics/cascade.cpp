// Cascade figures and the economic layer's driving; see metrics/cascade.hpp.
#include "porttwin/metrics/cascade.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace porttwin::metrics {
namespace {

/// Vessel-hours in port over the counted period: the berth-queue integral
/// plus occupied berth-hours.
double vessel_hours(const scenario::Scenario& s, const port::PortRunResult& r) {
  double total = 0.0;
  for (std::size_t t = 0; t < r.terminals.size(); ++t) {
    const auto& ts = r.terminals[t];
    total += ts.queue_integral_h +
             ts.berth_utilisation * static_cast<double>(s.terminals[t].berths.size()) * r.counted_hours;
  }
  return total;
}

}  // namespace

Backlog backlog(std::span<const double> time_h, std::span<const double> baseline_cum,
                std::span<const double> disrupted_cum) {
  Backlog out;
  const std::size_t samples = std::min({time_h.size(), baseline_cum.size(), disrupted_cum.size()});
  std::vector<double> short_by(samples, 0.0);
  std::size_t peak_at = 0;
  for (std::size_t k = 0; k < samples; ++k) {
    short_by[k] = std::max(0.0, metrics::behind(baseline_cum[k], disrupted_cum[k]));
    if (short_by[k] > out.peak) {
      out.peak = short_by[k];
      peak_at = k;
    }
  }
  if (samples > 0) out.end = short_by[samples - 1];
  if (out.peak > 0.0) {
    for (std::size_t k = peak_at; k < samples; ++k) {
      if (short_by[k] < 0.01 * out.peak) {
        out.cleared_h = time_h[k];
        break;
      }
    }
  }
  return out;
}

namespace {

/// DIIM DRIVERS, throughput: node `node`'s output as the port model counts it, cumulative at
/// each sample of `x` (a terminal's cargo over the quay in its yard unit, a hinterland
/// operator's cargo moved, a company's consumption); empty where the model gives it none.
std::vector<double> output_of(const scenario::Scenario& s, const graph::NodeProps& node, const port::Series& x) {
  std::vector<double> out;
  const std::size_t samples = x.time_h.size();
  const auto column = [&](const std::vector<double>& v, std::size_t width, std::size_t j) {
    if (j >= width || v.size() < samples * width) return;
    out.reserve(samples);
    for (std::size_t k = 0; k < samples; ++k) out.push_back(v[k * width + j]);
  };
  switch (node.kind) {
    case graph::NodeKind::terminal: {
      const bool teu = s.terminals[node.terminal].cargo == scenario::CargoKind::containers;
      column(teu ? x.teu_handled : x.handled, x.terminals, node.terminal);
      break;
    }
    case graph::NodeKind::hinterland_operator: column(x.hinterland_moved, x.operators, node.entity); break;
    case graph::NodeKind::company: column(x.company_consumed, x.companies, node.entity); break;
    default: break;
  }
  return out;
}

/// What weighs a node's output against the others' of its sector: nodes of one kind (and,
/// terminals, one cargo unit) weigh by their output; a node without output stands alone.
std::string output_group(const scenario::Scenario& s, const graph::NodeProps& node) {
  if (node.kind == graph::NodeKind::terminal)
    return "terminal/" + std::string(scenario::yard_unit(s.terminals[node.terminal].cargo));
  return std::string(graph::to_string(node.kind));
}

}  // namespace

EconomicLoss economic_loss(const scenario::Scenario& s, const graph::PortGraph& g, const cyber::CyberOutcome& outcome,
                           const port::Series& baseline, const port::Series& disrupted) {
  EconomicLoss out;
  const auto& sectors = s.economy.sectors;
  if (sectors.empty()) return out;
  const Diim diim(diim_spec(s.economy));
  const double dt = s.settings.sample_interval_h;
  const auto steps = static_cast<std::size_t>(std::ceil(s.settings.horizon_h / dt));
  // Each node's loss 1 - level as a step function, averaged over each interval.
  std::vector<std::vector<std::pair<double, double>>> changes(g.node_count());
  for (const auto& l : outcome.levels) changes[l.node].emplace_back(l.time_h, 1.0 - l.level);
  /// A step function (from each (time, value) on, until the next; positive values only)
  /// averaged over each interval.
  const auto interval_means = [&](const std::vector<std::pair<double, double>>& c) {
    std::vector<double> per_step(steps, 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) {
      const double from = c[i].first;
      const double to = i + 1 < c.size() ? c[i + 1].first : s.settings.horizon_h;
      const double value = c[i].second;
      if (value <= 0.0 || to <= from) continue;
      for (auto k = static_cast<std::size_t>(from / dt); k < steps && static_cast<double>(k) * dt < to; ++k) {
        const double lo = std::max(from, static_cast<double>(k) * dt);
        const double hi = std::min(to, static_cast<double>(k + 1) * dt);
        if (hi > lo) per_step[k] += value * (hi - lo) / dt;
      }
    }
    return per_step;
  };
  const auto mean_loss = [&](std::size_t v) { return interval_means(changes[v]); };
  /// The capacity the incidents removed from node v (DIIM DRIVERS, levels).
  const auto level_loss = [&](graph::Vertex v) {
    std::vector<double> loss = mean_loss(v);
    // A terminal also loses what its quay cranes lose, by their share of its cranes.
    const graph::NodeProps& node = g.node(v);
    if (node.kind == graph::NodeKind::terminal) {
      const auto& groups = s.terminals[node.terminal].crane_groups;
      double cranes = 0.0;
      for (const auto& group : groups) cranes += group.count;
      for (const auto& group : groups) {
        const auto gv = g.find(group.id);
        if (!gv) continue;
        const std::vector<double> part = mean_loss(*gv);
        for (std::size_t k = 0; k < steps; ++k) loss[k] = std::min(1.0, loss[k] + part[k] * group.count / cranes);
      }
    }
    return loss;
  };
  // Sample k of a series holds its cumulative value at the end of interval k (time (k + 1) dt).
  const auto half = static_cast<std::ptrdiff_t>(std::floor(s.economy.window_h / (2.0 * dt)));
  /// The output node v lost against the baseline, per interval: 1 - its output over the
  /// window centred on the interval over the baseline's (0 where the baseline had none), in [0, 1].
  const auto output_loss = [&](const std::vector<double>& b, const std::vector<double>& d) {
    std::vector<double> loss(steps, 0.0);
    const auto n = static_cast<std::ptrdiff_t>(std::min(b.size(), d.size()));
    if (n == 0) return loss;
    const auto at = [&](const std::vector<double>& c, std::ptrdiff_t k) {
      return k < 0 ? 0.0 : c[static_cast<std::size_t>(std::min(k, n - 1))];
    };
    for (std::size_t k = 0; k < steps; ++k) {
      const auto i = static_cast<std::ptrdiff_t>(k);
      const double planned = at(b, i + half) - at(b, i - half - 1);
      const double done = at(d, i + half) - at(d, i - half - 1);
      if (planned > 0.0) loss[k] = std::clamp(1.0 - done / planned, 0.0, 1.0);
    }
    return loss;
  };
  const bool by_output = s.economy.driver == scenario::EconomyDriver::throughput;
  const std::size_t n = sectors.size();
  std::vector<double> c_star(steps * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    struct Member {
      graph::Vertex v;
      std::vector<double> baseline, disrupted;  // cumulative output; empty: by its level
      std::string group;
    };
    std::vector<Member> members;
    for (const auto& id : sectors[i].nodes) {
      const auto v = g.find(id);
      if (!v) continue;
      Member m{*v, {}, {}, {}};
      if (by_output) {
        m.baseline = output_of(s, g.node(*v), baseline);
        m.disrupted = output_of(s, g.node(*v), disrupted);
        if (!m.baseline.empty() && !m.disrupted.empty()) m.group = output_group(s, g.node(*v));
      }
      if (m.group.empty()) m.group = "node/" + id;
      members.push_back(std::move(m));
    }
    // Each group weighs by its share of the sector's nodes; within it, each node by its share
    // of the group's baseline output over the run (equal shares where the group had none).
    std::map<std::string, std::pair<std::size_t, double>> groups;  // nodes, baseline output
    for (const Member& m : members) {
      auto& [count, total] = groups[m.group];
      ++count;
      if (!m.baseline.empty()) total += m.baseline.back();
    }
    for (const Member& m : members) {
      const auto& [count, total] = groups[m.group];
      const double group_share = static_cast<double>(count) / static_cast<double>(members.size());
      const double own =
          m.baseline.empty() || total <= 0.0 ? 1.0 / static_cast<double>(count) : m.baseline.back() / total;
      const std::vector<double> loss =
          m.baseline.empty() || m.disrupted.empty() ? level_loss(m.v) : output_loss(m.baseline, m.disrupted);
      for (std::size_t k = 0; k < steps; ++k) c_star[k * n + i] += loss[k] * group_share * own;
    }
  }
  // The perturbation given directly, averaged over each interval, on top.
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::pair<double, double>> given;
    for (const auto& step : sectors[i].perturbation) given.emplace_back(step.at_h, step.c);
    const std::vector<double> extra = interval_means(given);
    for (std::size_t k = 0; k < steps; ++k) c_star[k * n + i] += extra[k];
  }
  for (const auto& sector : sectors) out.sectors.push_back(sector.id);
  out.trajectory = diim.simulate(c_star, steps, dt);
  out.loss_eur = out.trajectory.loss_eur;
  out.peak_inoperability = out.trajectory.peak_q;
  return out;
}

Cascade cascade(const scenario::Scenario& s, const graph::PortGraph& g, const port::PortRunResult& baseline,
                const port::PortRunResult& disrupted, const cyber::CyberOutcome& outcome,
                const std::vector<cyber::OrganisationReport>& reports) {
  Cascade out;
  CascadeFigures& f = out.figures;
  f.vessel_delay_h = vessel_hours(s, disrupted) - vessel_hours(s, baseline);

  const auto& b = baseline.series;
  const auto& d = disrupted.series;
  const std::size_t samples = std::min(b.time_h.size(), d.time_h.size());
  const std::vector<double> time(d.time_h.begin(), d.time_h.begin() + static_cast<std::ptrdiff_t>(samples));
  // The first compromise or level drop: where throughput starts to be compared (resilience.hpp).
  double onset = std::numeric_limits<double>::quiet_NaN();
  for (const cyber::StateChange& c : outcome.states) {
    if (c.state == cyber::CyberState::compromised && !(c.time_h >= onset)) onset = c.time_h;
  }
  for (const cyber::LevelChange& c : outcome.levels) {
    if (c.level < 1.0 && !(c.time_h >= onset)) onset = c.time_h;
  }
  /// Cumulative TEU handled port-wide at the sampling times.
  const auto port_teu = [&](const port::Series& x) {
    std::vector<double> sum(samples, 0.0);
    for (std::size_t k = 0; k < samples; ++k) {
      for (std::size_t t = 0; t < x.terminals; ++t) sum[k] += x.teu_handled[k * x.terminals + t];
    }
    return sum;
  };
  /// Terminal t's cumulative cargo in its yard unit at the sampling times.
  const auto terminal_cargo = [&](const port::Series& x, std::size_t t) {
    std::vector<double> column(samples);
    for (std::size_t k = 0; k < samples; ++k) {
      const std::size_t i = k * x.terminals + t;
      column[k] = port::in_yard_unit(s.terminals[t].cargo, x.teu_handled[i], x.handled[i]);
    }
    return column;
  };
  {
    const std::vector<double> base = port_teu(b), dis = port_teu(d);
    const Backlog port_backlog = backlog(time, base, dis);
    f.teu_backlog_peak = port_backlog.peak;
    f.teu_backlog_end = port_backlog.end;
    f.backlog_cleared_h = port_backlog.cleared_h;
    if (samples > 0) {
      if (std::isnan(onset)) {
        f.teu_not_handled = behind(base.back(), dis.back());
      } else {
        f.resilience = resilience(time, base, dis, onset);
        f.teu_not_handled = f.resilience.teu_not_handled;
      }
    }
  }
  // Cargo stuck in the container yards, above the baseline's.
  for (std::size_t k = 0; k < samples; ++k) {
    double excess = 0.0, mean_excess = 0.0;
    for (std::size_t t = 0; t < b.terminals; ++t) {
      if (s.terminals[t].cargo != scenario::CargoKind::containers) continue;
      excess += d.yard[k * d.terminals + t] - b.yard[k * b.terminals + t];
      mean_excess += d.yard_mean[k * d.terminals + t] - b.yard_mean[k * b.terminals + t];
    }
    f.yard_excess_peak_teu = std::max(f.yard_excess_peak_teu, excess);
    // Exact: the interval's time-weighted mean times its length.
    const double interval = d.time_h[k] - (k > 0 ? d.time_h[k - 1] : 0.0);
    f.yard_excess_teu_h += mean_excess * interval;
  }
  // The same per terminal, in its yard unit.
  for (std::size_t t = 0; t < s.terminals.size() && t < disrupted.terminals.size(); ++t) {
    TerminalCascade c;
    c.vessel_delay_h = disrupted.terminals[t].vessel_hours - baseline.terminals[t].vessel_hours;
    c.cost_eur = terminal_costs(
        {.scenario = s, .terminal = t, .baseline = baseline.terminals[t], .disrupted = disrupted.terminals[t]});
    for (std::size_t i = 0; i < kCostCount; ++i) f.cost_eur[i] += c.cost_eur[i];
    c.diverted_extra = static_cast<double>(disrupted.terminals[t].diverted_out) -
                       static_cast<double>(baseline.terminals[t].diverted_out);
    c.left_port_extra =
        static_cast<double>(disrupted.terminals[t].left_port) - static_cast<double>(baseline.terminals[t].left_port);
    const std::vector<double> base = terminal_cargo(b, t), dis = terminal_cargo(d, t);
    const Backlog x = backlog(time, base, dis);
    c.backlog_peak = x.peak;
    c.backlog_end = x.end;
    c.backlog_cleared_h = x.cleared_h;
    if (samples > 0 && !std::isnan(onset)) {
      const ResilienceFigures r = resilience(time, base, dis, onset);
      c.recovery_95_h = r.recovery_95_h;
      c.resilience_loss_h = r.resilience_loss_h;
    } else if (samples > 0) {
      c.recovery_95_h = 0.0;
    }
    for (std::size_t k = 0; k < samples; ++k) {
      c.yard_excess_peak = std::max(c.yard_excess_peak, d.yard[k * d.terminals + t] - b.yard[k * b.terminals + t]);
    }
    out.terminals.push_back(c);
  }
  f.vessels_left_port_extra = disrupted.kpi.vessels_left_port > baseline.kpi.vessels_left_port
                                  ? disrupted.kpi.vessels_left_port - baseline.kpi.vessels_left_port
                                  : 0;

  // Compromise, depth, exposure.
  std::set<std::uint32_t> compromised;
  for (const auto& c : outcome.states) {
    if (c.state != cyber::CyberState::compromised) continue;
    compromised.insert(c.node);
    f.cascade_depth = std::max(f.cascade_depth, c.depth);
  }
  f.nodes_compromised = compromised.size();
  std::set<scenario::Index> classes;
  for (const auto& e : outcome.exposures) {
    f.exposure_hours += std::max(0.0, std::min(e.until_h, s.settings.horizon_h) - e.from_h);
    classes.insert(e.data_class);
    f.sensitive_data_exposed = f.sensitive_data_exposed || s.cyber.data_classes[e.data_class].sensitive;
  }
  f.data_classes_exposed = classes.size();

  // Affected organisations: hit, degraded, or short of supply.
  std::map<std::string, AffectedOrganisation> affected;
  const auto note = [&](const std::string& id, graph::NodeKind kind, double t) -> AffectedOrganisation& {
    auto [it, added] = affected.try_emplace(id);
    if (added) {
      it->second.id = id;
      it->second.kind = std::string(graph::to_string(kind));
    }
    if (it->second.first_h < 0.0 || t < it->second.first_h) it->second.first_h = t;
    return it->second;
  };
  for (const auto& r : reports) note(r.id, r.kind, r.hit_h).hit = true;
  for (const auto& l : outcome.levels) {
    if (l.level >= 1.0) continue;
    std::size_t v = l.node;
    const auto& node = g.node(v);
    if (!cyber::is_organisation(node.kind) && node.terminal != scenario::kNone) {
      v = *g.find(s.terminals[node.terminal].id);
    }
    AffectedOrganisation& a = note(g.node(v).id, g.node(v).kind, l.time_h);
    a.lowest_level = std::min(a.lowest_level, l.level);
  }
  for (std::size_t c = 0; c < disrupted.companies.size() && c < baseline.companies.size(); ++c) {
    const double extra = disrupted.companies[c].shortage_h - baseline.companies[c].shortage_h;
    if (extra <= 1e-9) continue;
    f.company_shortage_h_extra += extra;
    const double first_short = disrupted.companies[c].first_shortage_h;
    AffectedOrganisation& a =
        note(s.companies[c].id, graph::NodeKind::company, first_short >= 0.0 ? first_short : s.settings.warmup_h);
    a.shortage_h = extra;
  }
  for (auto& [id, a] : affected) out.affected.push_back(std::move(a));
  std::sort(out.affected.begin(), out.affected.end(),
            [](const auto& x, const auto& y) { return std::tie(x.first_h, x.id) < std::tie(y.first_h, y.id); });
  f.companies_affected = out.affected.size();
  for (const auto& r : reports) {
    f.reportable_companies += r.reportable ? 1 : 0;
    f.must_report_companies += r.must_report ? 1 : 0;
    for (std::size_t c = 0; c < r.criteria_h.size(); ++c)
      f.reportable_by_criterion[c] += r.hit && r.criteria_h[c] >= 0.0 ? 1U : 0U;
    f.nis2_reports += r.nis2 != scenario::Nis2Class::none && r.detected_h >= 0.0 ? 1U : 0U;
  }
  out.economy = economic_loss(s, g, outcome, baseline.series, disrupted.series);
  f.economic_loss_eur = out.economy.trajectory.total_loss_eur;
  for (double q : out.economy.peak_inoperability) f.peak_inoperability = std::max(f.peak_inoperability, q);
  return out;
}

}  // namespace porttwin::metrics
