// `porttwin compare A.h5 B.h5`: how B's key figures differ from A's, with 95%
// confidence intervals: paired over replications when both files ran the
// same replications with the same seed (common random numbers), Welch's
// interval otherwise.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "porttwin/io/results_file.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/metrics/statistics.hpp"

namespace porttwin::app {

namespace {

struct CompareArgs {
  std::string a;
  std::string b;
  std::string point_a;
  std::string point_b;
  bool json = false;
  bool all = false;
};

std::string group_of(const std::string& point) {
  if (point.empty()) return "";
  if (point.find_first_not_of("0123456789") == std::string::npos) {
    char name[32];
    std::snprintf(name, sizeof name, "point_%03d", std::stoi(point));
    return name;
  }
  return point;
}

/// A JSON number, or null for NaN and infinities (JSON has neither).
nlohmann::ordered_json number(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json();
}

}  // namespace

CommandFn add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand("compare", "Compare the key figures of two results files");
  cmd->add_option("A", args->a, "The reference results file (HDF5)")->required();
  cmd->add_option("B", args->b, "The results file compared with it")->required();
  cmd->add_option("--point-a", args->point_a, "A is a sweep: which point (number or group name)");
  cmd->add_option("--point-b", args->point_b, "B is a sweep: which point (number or group name)");
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->add_flag("--all", args->all, "Also list figures whose difference is exactly zero in every replication");
  cmd->footer(
      "Examples:\n"
      "  porttwin run scenarios/terminal-ransomware.yaml --replications 20 -o asis.h5\n"
      "  porttwin run scenarios/terminal-ransomware.yaml --replications 20 --set defences.backups=true -o backups.h5\n"
      "  porttwin compare asis.h5 backups.h5\n"
      "  porttwin compare sweep.h5 sweep.h5 --point-a 0 --point-b 4 --json\n"
      "The difference is B - A. When both files hold the same replications with the same seed\n"
      "(common random numbers) the interval is paired, over B[i] - A[i]; otherwise Welch's.\n"
      "A figure undefined in some replications (NaN, e.g. never recovered) counts where defined.");

  return [args] {
    const CompareArgs& a = *args;
    const io::KpiTable ta = io::read_kpi(a.a, group_of(a.point_a));
    const io::KpiTable tb = io::read_kpi(a.b, group_of(a.point_b));
    const bool paired = ta.seed == tb.seed && ta.replications == tb.replications && ta.replications.size() > 1;
    nlohmann::ordered_json out;
    out["a"] = {{"file", ta.path},
                {"group", ta.group},
                {"scenario", ta.title},
                {"seed", ta.seed},
                {"replications", ta.replications.size()}};
    out["b"] = {{"file", tb.path},
                {"group", tb.group},
                {"scenario", tb.title},
                {"seed", tb.seed},
                {"replications", tb.replications.size()}};
    out["paired"] = paired;
    out["same_scenario_file"] = ta.scenario_sha256 == tb.scenario_sha256;
    nlohmann::ordered_json figures = nlohmann::ordered_json::object();
    std::vector<std::string> only;
    if (!a.json) {
      std::printf("B - A: %s%s%s vs %s%s%s; %s\n", tb.path.c_str(), tb.group.empty() ? "" : ":", tb.group.c_str(),
                  ta.path.c_str(), ta.group.empty() ? "" : ":", ta.group.c_str(),
                  paired ? "paired over the same replications and seed (common random numbers)"
                         : "independent samples (Welch's interval)");
      std::printf("  %-32s %13s %13s %13s %31s %9s\n", "figure", "A mean", "B mean", "B - A", "95% confidence interval",
                  "change");
    }
    for (std::size_t i = 0; i < ta.names.size(); ++i) {
      const auto it = std::find(tb.names.begin(), tb.names.end(), ta.names[i]);
      if (it == tb.names.end()) {
        only.push_back(ta.names[i]);
        continue;
      }
      const auto& xa = ta.columns[i];
      const auto& xb = tb.columns[static_cast<std::size_t>(it - tb.names.begin())];
      const metrics::Difference d = paired ? metrics::paired_difference(xa, xb) : metrics::welch_difference(xa, xb);
      std::vector<double> va, vb;
      for (double x : xa) {
        if (!std::isnan(x)) va.push_back(x);
      }
      for (double x : xb) {
        if (!std::isnan(x)) vb.push_back(x);
      }
      const metrics::Summary sa = metrics::summarise(va), sb = metrics::summarise(vb);
      const bool zero = d.mean == 0.0 && d.ci95_low == 0.0 && d.ci95_high == 0.0 && sa.mean == sb.mean;
      const double relative = sa.mean != 0.0 ? d.mean / std::fabs(sa.mean) : std::nan("");
      const bool significant = d.df > 0 && (d.ci95_low > 0.0 || d.ci95_high < 0.0);
      const bool defined = d.n_a > 0 && d.n_b > 0;  // else: undefined in every replication of one file
      const double nan = std::nan("");
      figures[ta.names[i]] = {{"units", ta.units[i]},
                              {"a_mean", number(sa.n > 0 ? sa.mean : nan)},
                              {"a_ci95", {number(sa.n > 0 ? sa.ci95_low : nan), number(sa.n > 0 ? sa.ci95_high : nan)}},
                              {"b_mean", number(sb.n > 0 ? sb.mean : nan)},
                              {"b_ci95", {number(sb.n > 0 ? sb.ci95_low : nan), number(sb.n > 0 ? sb.ci95_high : nan)}},
                              {"difference", number(defined ? d.mean : nan)},
                              {"ci95", {number(defined ? d.ci95_low : nan), number(defined ? d.ci95_high : nan)}},
                              {"relative", number(relative)},
                              {"significant", significant},
                              {"n_a", d.n_a},
                              {"n_b", d.n_b}};
      if (!a.json && (d.n_a == 0 || d.n_b == 0) && (sa.n > 0 || sb.n > 0 || a.all)) {
        std::printf("  %-32s %13s %13s   (undefined in every replication of %s)\n", ta.names[i].c_str(),
                    sa.n > 0 ? std::to_string(sa.mean).c_str() : "n/a",
                    sb.n > 0 ? std::to_string(sb.mean).c_str() : "n/a", sa.n == 0 ? "A" : "B");
      } else if (!a.json && (a.all || !zero)) {
        char change[32] = "";
        if (std::isfinite(relative)) std::snprintf(change, sizeof change, "%+.1f%%", 100.0 * relative);
        std::printf("  %-32s %13.5g %13.5g %13.5g   [%12.5g, %12.5g] %9s%s\n", ta.names[i].c_str(), sa.mean, sb.mean,
                    d.mean, d.ci95_low, d.ci95_high, change, significant ? " *" : "");
      }
    }
    for (const std::string& n : tb.names) {
      if (std::find(ta.names.begin(), ta.names.end(), n) == ta.names.end()) only.push_back(n);
    }
    out["figures"] = std::move(figures);
    out["only_in_one"] = only;
    if (a.json) {
      std::cout << out.dump(2) << '\n';
    } else {
      std::printf("  * the interval excludes 0\n");
      if (!only.empty()) {
        std::string list;
        for (const auto& n : only) list += (list.empty() ? "" : ", ") + n;
        std::printf("  in one file only: %s\n", list.c_str());
      }
    }
    return static_cast<int>(kExitOk);
  };
}

}  // namespace porttwin::app
