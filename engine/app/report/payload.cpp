// See payload.hpp. Each read_* function fills one member of the payload from
// one part of the file; paths are relative to `base`, the root ("") or a
// sweep point's group ("point_003/").
#include "payload.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <string>
#include <vector>

#include "porttwin/io/hdf5.hpp"
#include "porttwin/io/results_file.hpp"
#include "porttwin/kernel/error.hpp"

namespace porttwin::app::report {

namespace {

namespace h5 = io::h5;
using Json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Points per time-series line: more than a chart is wide in pixels.
constexpr std::size_t kMaxSeriesPoints = 1000;
/// Columns and rows of the cascade heat map.
constexpr std::size_t kMaxHeatColumns = 400;
constexpr std::size_t kMaxHeatRows = 80;
/// Events of the representative replication listed (state changes first).
constexpr std::size_t kMaxEvents = 2000;
/// The scenario's text shown on the page.
constexpr std::size_t kMaxScenarioBytes = std::size_t{256} * 1024;

/// Five significant digits: plenty for a chart, and "0.12346" rather than
/// "0.12345678901234568" in the page (nlohmann prints the shortest text that
/// reads back as the same double). NaN stays NaN and becomes JSON null.
double thin(double x) {
  if (!std::isfinite(x) || x == 0.0) return x;
  char text[32];
  std::snprintf(text, sizeof text, "%.5g", x);
  return std::strtod(text, nullptr);
}

Json numbers(const std::vector<double>& values) {
  Json out = Json::array();
  for (const double x : values) out.push_back(thin(x));
  return out;
}

double mean_of_finite(const std::vector<double>& values) {
  double sum = 0;
  std::size_t n = 0;
  for (const double x : values) {
    if (std::isfinite(x)) {
      sum += x;
      ++n;
    }
  }
  return n > 0 ? sum / static_cast<double>(n) : kNaN;
}

/// The lower median of the finite values (NaN if none).
double median_of_finite(std::vector<double> values) {
  std::erase_if(values, [](double x) { return !std::isfinite(x); });
  if (values.empty()) return kNaN;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>((values.size() - 1) / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

using ResultsFile = io::ResultsReader;

std::size_t at(const std::map<std::string, std::size_t>& positions, const std::string& name, const std::string& where) {
  const auto it = positions.find(name);
  if (it == positions.end()) throw IoError(where + " has no statistic '" + name + "'");
  return it->second;
}

// ---- meta -----------------------------------------------------------------------

Json read_meta(const ResultsFile& f, const std::string& base) {
  Json m = Json::object();
  m["title"] = f.text("", "title");
  m["kind"] = f.text("", "kind");
  m["file"] = f.path();
  for (const char* name : {"scenario_file", "scenario_sha256", "command_line", "created_utc", "porttwin_version"}) {
    m[name] = f.text("", name);
  }
  for (const char* name : {"format_version", "seed", "first_replication", "replications"}) {
    const std::optional<std::int64_t> value = f.integer("", name);
    m[name] = value ? Json(*value) : Json(nullptr);
  }
  std::string overrides = f.text("", "overrides");
  if (!base.empty()) overrides += f.text(base.substr(0, base.size() - 1), "overrides");
  while (!overrides.empty() && overrides.back() == '\n') overrides.pop_back();
  m["overrides"] = overrides;
  // The horizon: the end of the last sampling interval.
  double horizon_h = kNaN;
  if (f.has(base + "timeseries/time_bounds")) {
    const std::vector<double> bounds = f.doubles(base + "timeseries/time_bounds");
    if (!bounds.empty()) horizon_h = bounds.back();
  } else if (f.has(base + "timeseries/time")) {
    const std::vector<double> time = f.doubles(base + "timeseries/time");
    if (!time.empty()) horizon_h = time.back();
  }
  m["horizon_h"] = horizon_h;
  return m;
}

/// The scenario as run, cut at `kMaxScenarioBytes` on a UTF-8 character boundary.
void read_scenario_text(const ResultsFile& f, Json& out) {
  if (!f.has("scenario")) return;
  const std::vector<std::string> text = f.strings("scenario");
  if (text.empty()) return;
  std::string s = text.front();
  const bool cut = s.size() > kMaxScenarioBytes;
  if (cut) {
    std::size_t n = kMaxScenarioBytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U) --n;
    s.resize(n);
  }
  out["scenario_text"] = s;
  out["scenario_text_truncated"] = cut;
}

// ---- key figures ------------------------------------------------------------------

Json read_kpi(const ResultsFile& f, const std::string& base) {
  const std::string group = base + "kpi";
  if (!f.has_group(group)) throw IoError(f.path() + ": no /" + group + " (not a porttwin results file)");
  const std::vector<std::int64_t> replications = f.ints(group + "/replication");
  const std::string ensemble = base + "ensemble/kpi";
  std::map<std::string, std::size_t> statistic;
  if (f.has(ensemble + "/statistic")) statistic = f.positions(ensemble + "/statistic");
  Json figures = Json::array();
  for (const std::string& name : f.members(group)) {
    const std::string p = group + "/" + name;
    if (name == "replication" || f.has_group(p)) continue;
    const std::vector<std::uint64_t> shape = f.shape(p);
    if (shape.size() != 1 || shape[0] != replications.size()) continue;
    Json figure = Json::object();
    figure["name"] = name;
    figure["units"] = f.text(p, "units");
    figure["long_name"] = f.text(p, "long_name");
    figure["description"] = f.text(p, "description");
    figure["values"] = numbers(f.doubles(p));
    Json stats = Json::object();
    if (f.has(ensemble + "/" + name)) {
      const std::vector<double> values = f.doubles(ensemble + "/" + name);
      for (const auto& [stat, index] : statistic) {
        if (index < values.size()) stats[stat] = stat == "count" ? values[index] : thin(values[index]);
      }
    }
    figure["stats"] = std::move(stats);
    figures.push_back(std::move(figure));
  }
  Json out = Json::object();
  out["replications"] = replications;
  out["figures"] = std::move(figures);
  return out;
}

/// The units of each terminal of the variable at `p`: its `units`, or, where
/// they differ by terminal (attribute units_variable), that list in `lists`.
std::vector<std::string> terminal_units(const ResultsFile& f, const std::string& p, const std::string& lists,
                                        std::size_t terminals) {
  std::vector<std::string> units(terminals, f.text(p, "units"));
  const std::string list = f.text(p, "units_variable");
  if (!list.empty() && f.has(lists + "/" + list)) {
    units = f.strings(lists + "/" + list);
    units.resize(terminals);
  }
  return units;
}

/// The terminal figures (/kpi/terminals): each terminal's mean and 95%
/// interval over the replications, from /ensemble/kpi/terminals (statistic x terminal).
Json read_terminal_figures(const ResultsFile& f, const std::string& base) {
  const std::string group = base + "ensemble/kpi/terminals";
  if (!f.has(group + "/terminal") || !f.has(group + "/statistic")) return nullptr;
  const std::vector<std::string> ids = f.strings(group + "/terminal");
  const std::map<std::string, std::size_t> statistic = f.positions(group + "/statistic");
  const std::size_t terminals = ids.size(), mean = at(statistic, "mean", group), low = at(statistic, "ci95_low", group),
                    high = at(statistic, "ci95_high", group);
  Json figures = Json::array();
  for (const std::string& name : f.members(group)) {
    const std::string p = group + "/" + name;
    if (f.has_group(p)) continue;
    const std::vector<std::uint64_t> shape = f.shape(p);
    if (shape.size() != 2 || shape[0] != statistic.size() || shape[1] != terminals) continue;
    const std::vector<double> values = f.doubles(p);  // statistic x terminal
    const auto row = [&](std::size_t k) {
      const auto from = values.begin() + static_cast<std::ptrdiff_t>(k * terminals);
      return numbers(std::vector<double>(from, from + static_cast<std::ptrdiff_t>(terminals)));
    };
    Json figure = Json::object();
    figure["name"] = name;
    figure["long_name"] = f.text(p, "long_name");
    figure["description"] = f.text(p, "description");
    figure["units"] = terminal_units(f, p, base + "kpi/terminals", terminals);
    figure["mean"] = row(mean);
    figure["low"] = row(low);
    figure["high"] = row(high);
    figures.push_back(std::move(figure));
  }
  Json out = Json::object();
  out["terminals"] = ids;
  out["figures"] = std::move(figures);
  return out;
}

// ---- time series --------------------------------------------------------------------

/// The sampling intervals: where each ends and how long it is (hours).
struct Intervals {
  std::vector<double> end_h;
  std::vector<double> length_h;
};

Intervals read_intervals(const ResultsFile& f, const std::string& base) {
  Intervals out;
  if (f.has(base + "timeseries/time_bounds")) {
    const std::vector<double> bounds = f.doubles(base + "timeseries/time_bounds");
    for (std::size_t i = 0; i + 1 < bounds.size(); i += 2) {
      out.end_h.push_back(bounds[i + 1]);
      out.length_h.push_back(bounds[i + 1] - bounds[i]);
    }
  } else if (f.has(base + "ensemble/timeseries/time")) {
    out.end_h = f.doubles(base + "ensemble/timeseries/time");
    for (std::size_t i = 0; i < out.end_h.size(); ++i)
      out.length_h.push_back(out.end_h[i] - (i > 0 ? out.end_h[i - 1] : 0.0));
  }
  return out;
}

/// Averages consecutive samples `per` at a time (a tally first divided by
/// its interval's length, to give a rate per hour).
std::vector<double> average(const double* values, std::size_t n, std::size_t per, const std::vector<double>* length_h) {
  std::vector<double> out;
  for (std::size_t start = 0; start < n; start += per) {
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = start; i < std::min(n, start + per); ++i) {
      double x = values[i];
      if (length_h != nullptr) x = (*length_h)[i] > 0 ? x / (*length_h)[i] : kNaN;
      if (std::isfinite(x)) {
        sum += x;
        ++count;
      }
    }
    out.push_back(count > 0 ? sum / static_cast<double>(count) : kNaN);
  }
  return out;
}

/// The per-terminal series (terminal_level, terminal_handled, ...): the mean
/// of each terminal, each in its own unit (yard_unit, handled_unit).
Json read_terminal_series(const ResultsFile& f, const std::string& base, const Intervals& intervals, std::size_t mean,
                          std::size_t per) {
  const std::string group = base + "ensemble/timeseries";
  if (!f.has(group + "/terminal")) return nullptr;
  const std::vector<std::string> ids = f.strings(group + "/terminal");
  const std::size_t times = intervals.end_h.size(), terminals = ids.size();
  Json series = Json::array();
  for (const std::string& name : f.members(group)) {
    const std::string p = group + "/" + name;
    if (name.rfind("terminal_", 0) != 0 || f.has_group(p)) continue;
    const std::vector<std::uint64_t> shape = f.shape(p);
    if (shape.size() != 3 || shape[1] != times || shape[2] != terminals || mean >= shape[0]) continue;
    const std::vector<double> values = f.doubles(p, {mean, 0, 0}, {1, times, terminals});  // time x terminal
    const bool tally = f.text(p, "kind") == "tally";
    std::vector<std::string> units = terminal_units(f, p, base + "timeseries", terminals);
    if (tally) {
      for (std::string& u : units) u = (u.empty() ? std::string("1") : u) + "/h";
    }
    Json lines = Json::array();
    std::vector<double> column(times);
    for (std::size_t k = 0; k < terminals; ++k) {
      for (std::size_t t = 0; t < times; ++t) column[t] = values[t * terminals + k];
      lines.push_back(numbers(average(column.data(), times, per, tally ? &intervals.length_h : nullptr)));
    }
    Json s = Json::object();
    s["name"] = name;
    s["long_name"] = f.text(p, "long_name");
    s["per_hour"] = tally;
    s["units"] = units;
    s["mean"] = std::move(lines);
    series.push_back(std::move(s));
  }
  Json out = Json::object();
  out["terminals"] = ids;
  out["series"] = std::move(series);
  return out;
}

Json read_timeseries(const ResultsFile& f, const std::string& base, const Intervals& intervals) {
  const std::string group = base + "ensemble/timeseries";
  const std::size_t times = intervals.end_h.size();
  if (times == 0 || !f.has(group + "/statistic")) return nullptr;
  const std::map<std::string, std::size_t> statistic = f.positions(group + "/statistic");
  const std::size_t mean = at(statistic, "mean", group), q05 = at(statistic, "q05", group),
                    q95 = at(statistic, "q95", group);
  const std::size_t per = (times + kMaxSeriesPoints - 1) / kMaxSeriesPoints;
  Json out = Json::object();
  Json time = Json::array();
  for (std::size_t i = 0; i < times; i += per) time.push_back(thin(intervals.end_h[std::min(times, i + per) - 1]));
  out["time"] = std::move(time);
  out["step_h"] = thin(intervals.length_h.front() * static_cast<double>(per));
  out["samples_per_point"] = per;
  Json series = Json::array();
  for (const std::string& name : f.members(group)) {
    const std::string p = group + "/" + name;
    if (f.has_group(p)) continue;
    const std::vector<std::uint64_t> shape = f.shape(p);
    if (shape.size() != 2 || shape[0] != statistic.size() || shape[1] != times) continue;
    const std::vector<double> values = f.doubles(p);  // statistic x time
    const std::string kind = f.text(p, "kind");
    const bool tally = kind == "tally";
    std::string units = f.text(p, "units");
    if (tally) units = (units.empty() || units == "1" ? std::string("1") : units) + "/h";
    Json s = Json::object();
    s["name"] = name;
    s["units"] = units;
    s["long_name"] = f.text(p, "long_name");
    s["kind"] = kind;
    s["per_hour"] = tally;
    const std::vector<double>* lengths = tally ? &intervals.length_h : nullptr;
    s["mean"] = numbers(average(values.data() + mean * times, times, per, lengths));
    s["q05"] = numbers(average(values.data() + q05 * times, times, per, lengths));
    s["q95"] = numbers(average(values.data() + q95 * times, times, per, lengths));
    series.push_back(std::move(s));
  }
  out["series"] = std::move(series);
  out["by_terminal"] = read_terminal_series(f, base, intervals, mean, per);
  return out;
}

// ---- nodes and the dependency graph ---------------------------------------------------

/// Per-node figures over the replications (/nodes), by node id.
struct NodeImpact {
  double hit_share = kNaN, first_hit_h = kNaN, level_loss_h = kNaN, exposure_h = kNaN;
  double reportable_share = kNaN, must_report_share = kNaN;
};

std::map<std::string, NodeImpact> read_node_impact(const ResultsFile& f, const std::string& base) {
  std::map<std::string, NodeImpact> out;
  const std::string group = base + "nodes";
  if (!f.has(group + "/node") || !f.has(group + "/first_hit_h")) return out;
  const std::vector<std::string> ids = f.strings(group + "/node");
  const std::size_t n = ids.size();
  const auto column = [&](const std::string& name) {
    std::vector<std::vector<double>> by_node(n);
    if (!f.has(group + "/" + name)) return by_node;
    const std::vector<double> values = f.doubles(group + "/" + name);  // replication x node
    for (std::size_t i = 0; i < values.size(); ++i) by_node[i % n].push_back(values[i]);
    return by_node;
  };
  const auto first = column("first_hit_h"), loss = column("level_loss_h"), exposure = column("exposure_h"),
             reportable = column("reportable"), must = column("must_report");
  for (std::size_t v = 0; v < n; ++v) {
    NodeImpact impact;
    if (!first[v].empty()) {
      const auto hit = std::count_if(first[v].begin(), first[v].end(), [](double x) { return std::isfinite(x); });
      impact.hit_share = static_cast<double>(hit) / static_cast<double>(first[v].size());
      impact.first_hit_h = median_of_finite(first[v]);
    }
    impact.level_loss_h = mean_of_finite(loss[v]);
    impact.exposure_h = mean_of_finite(exposure[v]);
    impact.reportable_share = mean_of_finite(reportable[v]);
    impact.must_report_share = mean_of_finite(must[v]);
    out[ids[v]] = impact;
  }
  return out;
}

Json read_graph(const ResultsFile& f, const std::string& base) {
  // A sweep point holds its own graph (defences may change it); older files
  // may hold one at the root only.
  std::string group = base + "graph";
  if (!f.has(group + "/node")) group = "graph";
  const std::map<std::string, NodeImpact> impact = read_node_impact(f, base);
  std::vector<std::string> ids, kinds, names, organisations;
  std::vector<std::string> sources, targets, types;
  if (f.has(group + "/node")) {
    ids = f.strings(group + "/node");
    if (f.has(group + "/node_kind")) kinds = f.strings(group + "/node_kind");
    if (f.has(group + "/node_name")) names = f.strings(group + "/node_name");
    if (f.has(group + "/organisation")) organisations = f.strings(group + "/organisation");
    if (f.has(group + "/edge_source")) {
      sources = f.strings(group + "/edge_source");
      targets = f.strings(group + "/edge_target");
      types = f.strings(group + "/edge_type");
    }
  } else if (f.has(base + "nodes/node")) {
    ids = f.strings(base + "nodes/node");  // no graph: the nodes alone, without edges
  } else {
    return nullptr;
  }
  kinds.resize(ids.size(), "node");
  std::vector<std::string> kind_names, type_names;
  const auto index_of = [](std::vector<std::string>& list, const std::string& name) {
    const auto it = std::find(list.begin(), list.end(), name);
    if (it != list.end()) return static_cast<std::size_t>(it - list.begin());
    list.push_back(name);
    return list.size() - 1;
  };
  std::map<std::string, std::size_t> node_index;
  Json nodes = Json::array();
  for (std::size_t v = 0; v < ids.size(); ++v) {
    node_index.emplace(ids[v], v);
    Json node = Json::object();
    node["id"] = ids[v];
    node["kind"] = index_of(kind_names, kinds[v]);
    node["name"] = v < names.size() ? names[v] : std::string();
    node["organisation"] = v < organisations.size() ? organisations[v] : std::string();
    const auto it = impact.find(ids[v]);
    const NodeImpact i = it != impact.end() ? it->second : NodeImpact{};
    node["hit_share"] = thin(i.hit_share);
    node["first_hit_h"] = thin(i.first_hit_h);
    node["level_loss_h"] = thin(i.level_loss_h);
    node["exposure_h"] = thin(i.exposure_h);
    node["reportable_share"] = thin(i.reportable_share);
    node["must_report_share"] = thin(i.must_report_share);
    nodes.push_back(std::move(node));
  }
  Json edges = Json::array();
  for (std::size_t e = 0; e < sources.size() && e < targets.size() && e < types.size(); ++e) {
    const auto s = node_index.find(sources[e]), t = node_index.find(targets[e]);
    if (s == node_index.end() || t == node_index.end()) {
      throw IoError(f.path() + ": /" + group + " has an edge between unknown nodes '" + sources[e] + "' and '" +
                    targets[e] + "'");
    }
    edges.push_back(Json::array({s->second, t->second, index_of(type_names, types[e])}));
  }
  Json out = Json::object();
  out["kinds"] = kind_names;
  out["types"] = type_names;
  out["nodes"] = std::move(nodes);
  out["edges"] = std::move(edges);
  return out;
}

// ---- the cascade over time ---------------------------------------------------------------

/// Share of replications in which each node is compromised (states 1 to 4)
/// at each time, time x node: /ensemble/timeseries/hit_share, or computed
/// from /timeseries/cyber_state a replication at a time.
std::vector<double> read_hit_share(const ResultsFile& f, const std::string& base, std::size_t times,
                                   std::size_t nodes) {
  const std::string ensemble = base + "ensemble/timeseries/hit_share";
  if (f.has(ensemble) && f.shape(ensemble) == std::vector<std::uint64_t>{times, nodes}) return f.doubles(ensemble);
  const std::string state = base + "timeseries/cyber_state";
  if (!f.has(state)) return {};
  const std::vector<std::uint64_t> shape = f.shape(state);
  if (shape.size() != 3 || shape[1] != times || shape[2] != nodes || shape[0] == 0) return {};
  std::vector<double> share(times * nodes, 0.0);
  const h5::Handle d = f.dataset(state);
  for (std::uint64_t r = 0; r < shape[0]; ++r) {
    const std::vector<std::int8_t> s = h5::read_int8s(d, {r, 0, 0}, {1, times, nodes});
    for (std::size_t i = 0; i < s.size(); ++i) share[i] += (s[i] >= 1 && s[i] <= 4) ? 1.0 : 0.0;
  }
  for (double& x : share) x /= static_cast<double>(shape[0]);
  return share;
}

Json read_cascade(const ResultsFile& f, const std::string& base, const Intervals& intervals) {
  const std::string node_path =
      f.has(base + "ensemble/timeseries/node") ? base + "ensemble/timeseries/node" : base + "timeseries/node";
  const std::size_t times = intervals.end_h.size();
  if (times == 0 || !f.has(node_path)) return nullptr;
  const std::vector<std::string> ids = f.strings(node_path);
  const std::size_t n = ids.size();
  const std::vector<double> share = read_hit_share(f, base, times, n);
  if (share.empty()) return nullptr;
  const std::size_t per = (times + kMaxHeatColumns - 1) / kMaxHeatColumns;
  const std::size_t columns = (times + per - 1) / per;
  // Rows: the nodes ever compromised, those compromised longest when there
  // are too many, in the order they are first hit.
  struct Row {
    std::size_t node;
    std::vector<double> cells;
    std::size_t first = 0;
    double total = 0;
  };
  std::vector<Row> rows;
  std::vector<double> column(times);
  for (std::size_t v = 0; v < n; ++v) {
    for (std::size_t t = 0; t < times; ++t) column[t] = share[t * n + v];
    Row row{v, average(column.data(), times, per, nullptr), 0, 0.0};
    for (double& x : row.cells) x = std::round(x * 1000.0) / 1000.0;
    const auto hit = std::find_if(row.cells.begin(), row.cells.end(), [](double x) { return x > 0; });
    if (hit == row.cells.end()) continue;
    row.first = static_cast<std::size_t>(hit - row.cells.begin());
    row.total = std::accumulate(row.cells.begin(), row.cells.end(), 0.0);
    rows.push_back(std::move(row));
  }
  const std::size_t hit = rows.size();
  if (rows.size() > kMaxHeatRows) {
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.total > b.total; });
    rows.resize(kMaxHeatRows);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.first != b.first ? a.first < b.first : a.node < b.node; });
  Json out = Json::object();
  Json time = Json::array();
  for (std::size_t c = 0; c < columns; ++c) time.push_back(thin(intervals.end_h[std::min(times, (c + 1) * per) - 1]));
  out["time"] = std::move(time);
  out["column_h"] = thin(intervals.length_h.front() * static_cast<double>(per));
  Json names = Json::array(), cells = Json::array();
  for (const Row& row : rows) {
    names.push_back(ids[row.node]);
    cells.push_back(row.cells);
  }
  out["nodes"] = std::move(names);
  out["share"] = std::move(cells);
  out["nodes_hit"] = hit;
  return out;
}

/// The replication whose events are shown: the lower median by nodes
/// compromised, then by resilience loss (hours), unless one is asked for.
std::pair<std::int64_t, std::string> choose_replication(const ResultsFile& f, const std::string& base,
                                                        const std::optional<std::int64_t>& asked) {
  const std::vector<std::int64_t> replications = f.ints(base + "kpi/replication");
  if (asked) {
    if (std::find(replications.begin(), replications.end(), *asked) == replications.end()) {
      throw UsageError("--replication " + std::to_string(*asked) + ": the file holds replications " +
                       (replications.empty()
                            ? std::string("none")
                            : std::to_string(replications.front()) + " to " + std::to_string(replications.back())));
    }
    return {*asked, "with --replication"};
  }
  if (replications.empty()) return {0, ""};
  const auto figure = [&](const std::string& name) {
    std::vector<double> v =
        f.has(base + "kpi/" + name) ? f.doubles(base + "kpi/" + name) : std::vector<double>(replications.size(), 0.0);
    for (double& x : v) x = std::isfinite(x) ? x : 0.0;
    return v;
  };
  const std::vector<double> compromised = figure("nodes_compromised"), loss = figure("resilience_loss_h");
  std::vector<std::size_t> order(replications.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return compromised[a] != compromised[b] ? compromised[a] < compromised[b] : loss[a] < loss[b];
  });
  return {
      replications[order[(order.size() - 1) / 2]],
      "as the median replication by nodes compromised, then by resilience loss (/kpi); --replication shows another"};
}

Json read_events(const ResultsFile& f, const std::string& base, const std::optional<std::int64_t>& asked,
                 double horizon_h) {
  const std::string group = base + "events";
  const auto [replication, chosen_by] = choose_replication(f, base, asked);  // checks --replication in any case
  if (!f.has(group + "/replication")) return nullptr;
  const std::vector<std::int64_t> of = f.ints(group + "/replication");
  const auto first = std::find(of.begin(), of.end(), replication);
  Json out = Json::object();
  out["replication"] = replication;
  out["chosen_by"] = chosen_by;
  out["horizon_h"] = horizon_h;
  Json rows = Json::array();
  std::size_t total = 0;
  if (first != of.end()) {
    // Events are ordered by replication: read the block from its first to its last.
    const auto last = std::find(of.rbegin(), of.rend(), replication).base();
    const auto offset = static_cast<std::uint64_t>(first - of.begin());
    const auto count = static_cast<std::uint64_t>(last - first);
    const std::vector<double> time = f.doubles(group + "/time", {offset}, {count});
    const std::vector<std::string> node = f.strings(group + "/node", {offset}, {count});
    const std::vector<std::string> kind = f.strings(group + "/kind", {offset}, {count});
    const std::vector<std::string> detail = f.strings(group + "/detail", {offset}, {count});
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < count; ++i) {
      if (of[offset + i] == replication) keep.push_back(i);
    }
    total = keep.size();
    if (keep.size() > kMaxEvents) {
      // State changes, exposures and reports first; level changes fill the rest.
      std::stable_partition(keep.begin(), keep.end(), [&](std::size_t i) { return kind[i] != "level"; });
      keep.resize(kMaxEvents);
      std::sort(keep.begin(), keep.end());
    }
    for (const std::size_t i : keep) rows.push_back(Json::array({thin(time[i]), node[i], kind[i], detail[i]}));
  }
  out["rows"] = std::move(rows);
  out["total"] = total;
  return out;
}

// ---- sweeps ------------------------------------------------------------------------

std::string point_group(std::size_t point) {
  char name[32];
  std::snprintf(name, sizeof name, "point_%03zu", point);
  return name;
}

Json read_sweep(const ResultsFile& f, std::size_t shown) {
  const std::vector<std::string> keys = f.strings("sweep/key");
  const std::vector<std::string> values = f.strings("sweep/value");  // point x key
  const std::size_t points = f.shape("sweep/group").at(0);
  Json list = Json::array();
  for (std::size_t p = 0; p < points; ++p) {
    Json point = Json::object();
    std::vector<std::string> row;
    std::string label;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::string& value = values.at(p * keys.size() + k);
      row.push_back(value);
      label += (label.empty() ? "" : ", ") + keys[k] + "=" + value;
    }
    point["group"] = point_group(p);
    point["values"] = row;
    point["label"] = label;
    list.push_back(std::move(point));
  }
  // Every figure of any point, in the order the points list them.
  std::vector<std::string> names;
  for (std::size_t p = 0; p < points; ++p) {
    const std::string group = point_group(p) + "/ensemble/kpi";
    for (const std::string& name : f.members(group)) {
      // The key figures, not the terminal figures' group.
      if (name == "statistic" || f.has_group(group + "/" + name)) continue;
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  Json figures = Json::array();
  for (const std::string& name : names) {
    std::vector<double> mean(points, kNaN), low(points, kNaN), high(points, kNaN);
    std::string units, long_name;
    for (std::size_t p = 0; p < points; ++p) {
      const std::string group = point_group(p) + "/ensemble/kpi";
      if (!f.has(group + "/" + name)) continue;
      const std::map<std::string, std::size_t> statistic = f.positions(group + "/statistic");
      const std::vector<double> v = f.doubles(group + "/" + name);
      mean[p] = v.at(at(statistic, "mean", group));
      low[p] = v.at(at(statistic, "ci95_low", group));
      high[p] = v.at(at(statistic, "ci95_high", group));
      units = f.text(group + "/" + name, "units");
      long_name = f.text(group + "/" + name, "long_name");
    }
    Json figure = Json::object();
    figure["name"] = name;
    figure["units"] = units;
    figure["long_name"] = long_name;
    figure["mean"] = numbers(mean);
    figure["low"] = numbers(low);
    figure["high"] = numbers(high);
    figures.push_back(std::move(figure));
  }
  Json out = Json::object();
  out["keys"] = keys;
  out["points"] = std::move(list);
  out["shown"] = shown;
  out["figures"] = std::move(figures);
  return out;
}

}  // namespace

Json read_payload(const PayloadOptions& options) {
  const std::lock_guard guard(h5::lock());
  const ResultsFile f(options.path);
  const std::string kind = f.text("", "kind");
  const bool sweep = kind == "sweep";
  std::string base;
  Json out = Json::object();
  if (sweep) {
    if (!f.has("sweep/group")) throw IoError(options.path + ": a sweep without /sweep (a damaged file)");
    const std::size_t points = f.shape("sweep/group").at(0);
    const std::size_t shown = options.point.value_or(0);
    if (shown >= points) {
      throw UsageError("--point " + std::to_string(shown) + ": the sweep has " + std::to_string(points) +
                       " points (0 to " + std::to_string(points == 0 ? 0 : points - 1) + ")");
    }
    base = point_group(shown) + "/";
    out["meta"] = read_meta(f, base);
    out["sweep"] = read_sweep(f, shown);
  } else {
    if (options.point) throw UsageError("--point is for sweep files; " + options.path + " holds one run");
    out["meta"] = read_meta(f, base);
    out["sweep"] = nullptr;
  }
  read_scenario_text(f, out);
  out["kpi"] = read_kpi(f, base);
  out["terminal_figures"] = read_terminal_figures(f, base);
  const Intervals intervals = read_intervals(f, base);
  out["has_cyber"] = f.has(base + "kpi/nodes_compromised") || f.has(base + "timeseries/cyber_state");
  out["timeseries"] = read_timeseries(f, base, intervals);
  out["graph"] = read_graph(f, base);
  out["cascade"] = read_cascade(f, base, intervals);
  out["events"] = read_events(f, base, options.replication, out["meta"]["horizon_h"].get<double>());
  return out;
}

}  // namespace porttwin::app::report
