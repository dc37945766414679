// See cascade_output.hpp.
#include "cascade_output.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "format.hpp"
#include "porttwin/graph/port_graph.hpp"

namespace porttwin::app {
namespace {

/// Free text from the scenario, safe for a terminal: control characters
/// shown as \xNN.
std::string printable(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

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
  const metrics::CascadeFigures& f = r.cascade->figures;
  out["vessel_delay_h"] = f.vessel_delay_h;
  out["teu_backlog_peak"] = f.teu_backlog_peak;
  out["companies_affected"] = f.companies_affected;
  out["reportable_companies"] = f.reportable_companies;
  out["economic_loss_eur"] = f.economic_loss_eur;
  out["must_report_companies"] = f.must_report_companies;
  out["backlog_cleared_h"] = f.backlog_cleared_h;
  out["teu_backlog_end"] = f.teu_backlog_end;
  out["yard_excess_peak_teu"] = f.yard_excess_peak_teu;
  out["yard_excess_teu_h"] = f.yard_excess_teu_h;
  out["nodes_compromised"] = f.nodes_compromised;
  out["cascade_depth"] = f.cascade_depth;
  out["exposure_hours"] = f.exposure_hours;
  out["data_classes_exposed"] = f.data_classes_exposed;
  out["sensitive_data_exposed"] = f.sensitive_data_exposed;
  out["vessels_left_port_extra"] = f.vessels_left_port_extra;
  out["company_shortage_h_extra"] = f.company_shortage_h_extra;
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
      criteria[cyber::kCriteria[i]] = rep.criteria_h[i] < 0.0 ? nlohmann::ordered_json() : nlohmann::ordered_json(rep.criteria_h[i]);
    }
    nlohmann::ordered_json o{{"id", rep.id},
                             {"kind", graph::to_string(rep.kind)},
                             {"hit_h", rep.hit_h},
                             {"detected_h", rep.detected_h < 0.0 ? nlohmann::ordered_json() : nlohmann::ordered_json(rep.detected_h)},
                             {"criteria_h", criteria},
                             {"reportable", rep.reportable},
                             {"obligation", rep.must_report ? "must_report" : rep.reportable ? "may_report" : "none"},
                             {"isps", rep.isps},
                             {"nis2", scenario::to_string(rep.nis2)}};
    if (rep.nis2 != scenario::Nis2Class::none) {
      o["nis2_clock"] = {{"report_h", rep.report_h < 0.0 ? nlohmann::ordered_json() : nlohmann::ordered_json(rep.report_h)},
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
  const metrics::CascadeFigures& f = r.cascade->figures;
  std::printf("cyber incidents (against a baseline run with the same seed)\n");
  for (const auto& inc : s.cyber.incidents) {
    std::printf("  incident %-14s %s by %s (%s)\n", inc.id.c_str(), std::string(scenario::to_string(inc.kind)).c_str(),
                printable(inc.actor).c_str(), std::string(scenario::to_string(inc.intent)).c_str());
  }
  std::printf("  nodes compromised     %llu, cascade depth %u hops\n", static_cast<unsigned long long>(f.nodes_compromised),
              f.cascade_depth);
  std::printf("  vessel delay          %.0f vessel-hours (%llu more vessels left the port)\n", f.vessel_delay_h,
              static_cast<unsigned long long>(f.vessels_left_port_extra));
  std::printf("  TEU backlog           peak %.0f TEU, cleared %s\n", f.teu_backlog_peak,
              f.backlog_cleared_h < 0.0
                  ? (f.teu_backlog_peak > 0.0 ? ("not within the horizon (" + std::to_string(std::llround(f.teu_backlog_end)) +
                                                 " TEU left at the end)")
                                                    .c_str()
                                              : "-")
                  : (std::to_string(static_cast<long long>(f.backlog_cleared_h)) + " h").c_str());
  std::printf("  cargo stuck in yards  peak %.0f TEU above the baseline, %.0f TEU-hours\n", f.yard_excess_peak_teu,
              f.yard_excess_teu_h);
  std::printf("  companies affected    %llu (reportable %llu, of which must report %llu)\n",
              static_cast<unsigned long long>(f.companies_affected), static_cast<unsigned long long>(f.reportable_companies),
              static_cast<unsigned long long>(f.must_report_companies));
  for (const auto& a : r.cascade->affected) {
    std::printf("    %-22s %-20s from %8.1f h, lowest level %.2f%s\n", a.id.c_str(), a.kind.c_str(), a.first_h,
                a.lowest_level, a.hit ? ", hit" : "");
  }
  for (const auto& rep : r.reporting) {
    if (!rep.reportable) continue;
    std::printf("    report %-15s %s, criteria %s, detected %s\n", rep.id.c_str(),
                rep.must_report ? "must report" : "may report", criteria_text(rep).c_str(),
                rep.detected_h < 0.0 ? "never" : (std::to_string(static_cast<long long>(rep.detected_h)) + " h").c_str());
  }
  std::printf("  economic loss         %.1f million EUR\n", f.economic_loss_eur / 1e6);
  std::printf("  data exposed          %llu classes, %.0f exposure-hours%s\n",
              static_cast<unsigned long long>(f.data_classes_exposed), f.exposure_hours,
              f.sensitive_data_exposed ? ", SENSITIVE data included" : "");
}

}  // namespace porttwin::app
