// Which organisations must (or may) report a cyber incident, and whether
// NIS2 entities meet the reporting clock.
//
// An organisation is a terminal (with its berths and equipment), the PCS,
// customs, the port authority, a shipping line, a hinterland operator, a
// company, a vendor or a data platform. Its digital infrastructure is hit when
// one of its nodes is compromised or taken down (outage, DDoS). A hit
// organisation's incident is reportable when at least one of the four
// criteria for a port is met (the time each is first met is recorded):
//   1 port facility security plan: an ISPS port facility whose own node or a
//     gate (access control) is stopped (level 0);
//   2 vessel arrival/departure: an organisation that runs those processes
//     (terminal, PCS, port authority, shipping line) is interrupted (its
//     level at or below cyber.reporting.interruption_level);
//   3 cargo handling: an organisation that handles or moves cargo (terminal,
//     hinterland operator, company) is interrupted;
//   4 danger to persons, goods, public order or societal continuity: a node of
//     it in a sensitive zone, or sensitive data it holds, is compromised; or
//     an essential (NIS2) entity stays interrupted for cyber.reporting.continuity.
// An organisation's level is the lowest level of any of its nodes (a stopped
// crane group interrupts cargo handling even if the rest works).
// ISPS-obliged organisations must report, others may. For NIS2 essential and
// important entities the clock starts at detection (awareness): early warning
// due 24 h later, notification 72 h later; the simulated report time is
// detection + the profile's report_delay.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::cyber {

struct CyberOutcome;

/// What the classification needs to know of one organisation.
struct OrganisationTimeline {
  std::string id;
  graph::NodeKind kind = graph::NodeKind::company;
  bool isps = false;
  scenario::Nis2Class nis2 = scenario::Nis2Class::none;
  double report_delay_h = 12.0;
  double hit_h = -1.0;        ///< first compromise or take-down of any of its nodes, -1 never
  double detected_h = -1.0;   ///< first detection, -1 never
  double stopped_h = -1.0;    ///< first time its own node or a gate is at level 0
  double sensitive_h = -1.0;  ///< first compromise touching a sensitive zone or sensitive data
  /// Its level over time: (time_h, level) steps in time order; level 1 before the first.
  std::vector<std::pair<double, double>> level;
};

struct ReportingRules {
  double interruption_level = 0.5;
  double continuity_h = 24.0;
  double horizon_h = 8760.0;
};

inline constexpr std::array<const char*, 4> kCriteria{"security_plan", "vessel_processes", "cargo_handling",
                                                      "danger_or_continuity"};

struct OrganisationReport {
  std::string id;
  graph::NodeKind kind = graph::NodeKind::company;
  bool hit = false;
  double hit_h = -1.0;
  double detected_h = -1.0;
  std::array<double, 4> criteria_h{-1.0, -1.0, -1.0, -1.0};  ///< when each criterion was first met, -1 never
  bool reportable = false;                                   ///< hit and at least one criterion met
  bool must_report = false;                                  ///< reportable and ISPS-obliged (else: may report)
  bool isps = false;
  double criteria_met_h = -1.0;  ///< earliest criterion
  scenario::Nis2Class nis2 = scenario::Nis2Class::none;
  double report_h = -1.0;             ///< NIS2: detection + report delay
  double early_warning_due_h = -1.0;  ///< NIS2: detection + 24 h
  double notification_due_h = -1.0;   ///< NIS2: detection + 72 h
  bool early_warning_on_time = false;
  bool notification_on_time = false;
};

/// Classifies one organisation (pure: hand-made timelines are tested).
[[nodiscard]] OrganisationReport classify(const OrganisationTimeline& org, const ReportingRules& rules);

/// Builds every organisation's timeline from a cyber run and classifies it,
/// in graph index order; only hit organisations are listed.
[[nodiscard]] std::vector<OrganisationReport> classify_all(const scenario::Scenario& scenario,
                                                           const graph::PortGraph& graph, const CyberOutcome& outcome);

/// True for node kinds that are organisations.
[[nodiscard]] bool is_organisation(graph::NodeKind kind) noexcept;

}  // namespace porttwin::cyber
