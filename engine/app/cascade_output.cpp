// See cascade_output.hpp.
#include "cascade_output.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "format.hpp"
#include "porttwin/graph/port_graph.hpp"

namespace porttwin::app {
namespace {

std::string criteria_text(const cyber::OrganisationReport& r) {
  std::string out;
  for (std::size_t i = 0; i < r.criteria_h.size(); ++i) {
    if (r.criteria_h[i] < 0.0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(i + 1);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

void add_cascade_json(nlohmann::ordered_json& out, const scenario::Scenario& s, const run::ScenarioRun& r) {
  if (!r.cascade) return;
  // The cascade's key figures are written with the others (run/figures.hpp); here its details.
  out["baseline_trace_hash"] = hex(r.baseline->run.trace_hash);
  out["cyber_trace_hash"] = hex(r.cyber->run.trace_hash);
  out["cyber_model_events"] = r.cyber->run.committed_events;
  const graph::PortGraph g = graph::build_port_graph(s);
  auto& events = out["cyber_events"] = nlohmann::ordered_json::array();
  for (const auto& c : r.cyber->states) {
    nlohmann::ordered_json e{{"time_h", c.time_h},
                             {"node", g.node(c.node).id},
                             {"state", cyber::to_string(c.state)},
                             {"incident", s.cyber.incidents[c.incident].id}};
    if (c.state == cyber::CyberState::compromised) {
      e["from"] = c.source == cyber::kNoVertex ? nlohmann::ordered_json() : nlohmann::ordered_json(g.node(c.source).id);
      e["depth"] = c.depth;
    }
    events.push_back(std::move(e));
  }
  auto& affected = out["affected"] = nlohmann::ordered_json::array();
  for (const auto& a : r.cascade->affected) {
    affected.push_back({{"id", a.id},
                        {"kind", a.kind},
                        {"hit", a.hit},
                        {"first_h", a.first_h},
                        {"lowest_level", a.lowest_level},
                        {"extra_shortage_h", a.shortage_h}});
  }
  auto& reporting = out["reporting"] = nlohmann::ordered_json::array();
  for (const auto& rep : r.reporting) {
    nlohmann::ordered_json criteria;
    for (std::size_t i = 0; i < rep.criteria_h.size(); ++i) {
      criteria[cyber::kCriteria[i]] =
          rep.criteria_h[i] < 0.0 ? nlohmann::ordered_json() : nlohmann::ordered_json(rep.criteria_h[i]);
    }
    nlohmann::ordered_json o{
        {"id", rep.id},
        {"kind", graph::to_string(rep.kind)},
        {"hit_h", rep.hit_h},
        {"detected_h", rep.detected_h < 0.0 ? nlohmann::ordered_json() : nlohmann::ordered_json(rep.detected_h)},
        {"criteria_h", criteria},
        {"reportable", rep.reportable},
        {"obligation", rep.must_report  ? "must_report"
                       : rep.reportable ? "may_report"
                                        : "none"},
        {"isps", rep.isps},
        {"nis2", scenario::to_string(rep.nis2)}};
    if (rep.nis2 != scenario::Nis2Class::none) {
      o["nis2_clock"] = {
          {"report_h", rep.report_h < 0.0 ? nlohmann::ordered_json() : nlohmann::ordered_json(rep.report_h)},
          {"early_warning_due_h", rep.early_warning_due_h},
          {"notification_due_h", rep.notification_due_h},
          {"early_warning_on_time", rep.early_warning_on_time},
          {"notification_on_time", rep.notification_on_time}};
    }
    reporting.push_back(std::move(o));
  }
  auto& exposure = out["exposure"] = nlohmann::ordered_json::array();
  for (const auto& e : r.cyber->exposures) {
    exposure.push_back({{"node", g.node(e.node).id},
                        {"data_class", s.cyber.data_classes[e.data_class].id},
                        {"sensitive", s.cyber.data_classes[e.data_class].sensitive},
                        {"incident", s.cyber.incidents[e.incident].id},
                        {"from_h", e.from_h},
                        {"until_h", e.until_h},
                        {"via_platform", e.via_platform}});
  }
  if (!r.cascade->economy.sectors.empty()) {
    auto& economy = out["economy"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < r.cascade->economy.sectors.size(); ++i) {
      economy.push_back({{"sector", r.cascade->economy.sectors[i]},
                         {"loss_eur", r.cascade->economy.loss_eur[i]},
                         {"peak_inoperability", r.cascade->economy.peak_inoperability[i]}});
    }
  }
}

void print_cascade(const scenario::Scenario& s, const run::ScenarioRun& r) {
  if (!r.cascade) return;
  for (const auto& inc : s.cyber.incidents) {
    std::printf("  incident %-14s %s by %s (%s)\n", printable(inc.id).c_str(),
                std::string(scenario::to_string(inc.kind)).c_str(), printable(inc.actor).c_str(),
                std::string(scenario::to_string(inc.intent)).c_str());
  }
  for (const auto& a : r.cascade->affected) {
    std::printf("    affected %-22s %-20s from %8.1f h, lowest level %.2f%s\n", printable(a.id).c_str(), a.kind.c_str(),
                a.first_h, a.lowest_level, a.hit ? ", hit" : "");
  }
  for (const auto& rep : r.reporting) {
    if (!rep.reportable) continue;
    std::printf(
        "    report %-15s %s, criteria %s, detected %s\n", printable(rep.id).c_str(),
        rep.must_report ? "must report" : "may report", criteria_text(rep).c_str(),
        rep.detected_h < 0.0 ? "never" : (std::to_string(static_cast<long long>(rep.detected_h)) + " h").c_str());
  }
}

}  // namespace porttwin::app
