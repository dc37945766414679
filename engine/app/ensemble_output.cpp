// See ensemble_output.hpp.
#include "ensemble_output.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "porttwin/run/figures.hpp"
#include "porttwin/run/results.hpp"

namespace porttwin::app {

void print_progress(const run::EnsembleProgress& p) {
  const double rate = p.wall_seconds > 0.0 ? static_cast<double>(p.events) / p.wall_seconds : 0.0;
  const double left = p.done > 0 ? p.wall_seconds * (p.total - p.done) / p.done : 0.0;
  std::fprintf(stderr, "\r  replications %u/%u  %.1f million events/s  %.0f s left   ", p.done, p.total, rate / 1e6,
               left);
  if (p.done == p.total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

void print_ensemble(const scenario::Scenario& s, const run::EnsembleOptions& options, const run::EnsembleResult& r) {
  std::printf("%s: %u replication%s (%u..%u), %.0f days each (warm-up %.0f days), seed %llu\n", s.name.c_str(),
              options.count, options.count == 1 ? "" : "s", options.first, options.first + options.count - 1,
              s.settings.horizon_h / 24.0, s.settings.warmup_h / 24.0,
              static_cast<unsigned long long>(s.settings.seed));
  if (r.values.size() == 1) {  // one replication: its figures, no statistics
    for (std::size_t f = 0; f < r.names.size(); ++f) {
      const run::Figure* info = run::find_figure(r.names[f]);
      const double v = r.values.front()[f];
      std::printf("  %-32s %14.6g  %s\n", r.names[f].c_str(), v,
                  std::isnan(v)                           ? "(undefined)"
                  : info != nullptr && info->units != "1" ? std::string(info->units).c_str()
                                                          : "");
    }
    return;
  }
  std::printf("  %-32s %12s %31s %12s %12s  %s\n", "figure", "mean", "95% confidence interval", "min", "max", "units");
  std::string zeros;  // figures that are 0 in every replication: one line for all, to keep to one screen
  for (std::size_t f = 0; f < r.names.size(); ++f) {
    const metrics::Summary& m = r.summaries[f];
    if (m.n == r.values.size() && m.min == 0.0 && m.max == 0.0) {
      zeros += (zeros.empty() ? "" : ", ") + r.names[f];
      continue;
    }
    const run::Figure* info = run::find_figure(r.names[f]);
    const std::string units = info != nullptr && info->units != "1" ? std::string(info->units) : "";
    if (m.n == 0) {
      std::printf("  %-32s %12s   (undefined in every replication)\n", r.names[f].c_str(), "n/a");
      continue;
    }
    std::string note = units;
    if (m.n < r.values.size()) {
      note += (note.empty() ? "" : ", ") + std::string("defined in ") + std::to_string(m.n) + " of " +
              std::to_string(r.values.size());
    }
    std::printf("  %-32s %12.4g   [%12.4g, %12.4g] %12.4g %12.4g  %s\n", r.names[f].c_str(), m.mean, m.ci95_low,
                m.ci95_high, m.min, m.max, note.c_str());
  }
  if (!zeros.empty()) std::printf("  zero in every replication: %s\n", zeros.c_str());
  std::string ranks;
  if (mpi_size() > 1) ranks = std::to_string(mpi_size()) + " ranks x ";
  std::printf("  events                   %llu in %.2f s on %s%d thread%s\n", static_cast<unsigned long long>(r.events),
              r.wall_seconds, ranks.c_str(), options.threads, options.threads == 1 ? "" : "s");
}

nlohmann::ordered_json ensemble_json(const scenario::Scenario& s, const run::EnsembleOptions& options,
                                     const run::EnsembleResult& r) {
  nlohmann::ordered_json out;
  out["scenario"] = s.name;
  out["seed"] = s.settings.seed;
  out["first_replication"] = options.first;
  out["replications"] = options.count;
  out["threads"] = options.threads;  // per rank
  out["ranks"] = mpi_size();
  out["events"] = r.events;
  out["wall_seconds"] = r.wall_seconds;
  nlohmann::ordered_json figures = nlohmann::ordered_json::object();
  for (std::size_t f = 0; f < r.names.size(); ++f) {
    const metrics::Summary& m = r.summaries[f];
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const auto& row : r.values) values.push_back(row[f]);  // NaN (undefined) becomes null
    if (m.n == 0) {
      figures[r.names[f]] = {{"mean", nullptr}, {"sd", nullptr}, {"ci95", {nullptr, nullptr}}, {"min", nullptr},
                             {"max", nullptr},  {"n", 0},        {"values", std::move(values)}};
      continue;
    }
    figures[r.names[f]] = {{"mean", m.mean}, {"sd", m.sd}, {"ci95", {m.ci95_low, m.ci95_high}}, {"min", m.min},
                           {"max", m.max},   {"n", m.n},   {"values", std::move(values)}};
  }
  out["figures"] = std::move(figures);
  return out;
}

}  // namespace porttwin::app
