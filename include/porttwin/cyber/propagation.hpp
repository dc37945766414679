// How cyber incidents hit nodes of the dependency graph, spread over typed
// edges and are detected, contained and recovered from; what that does to
// each node's operational level; and which data is exposed meanwhile.
//
// Each graph node is a logical process on the kernel (plus one LP for the
// port's reporting desk), so a replication is reproducible under every
// scheduler and thread count. Its random streams are (seed, replication,
// kFirstCyberStream + vertex): independent of the port model's.
//
// Node states: susceptible -> compromised -> detected -> contained ->
// recovering -> restored. Rules (times drawn per node and incident):
//   attack     at incident.at (+ a stagger draw per further target, from the
//              incident's own stream), succeeds with success_probability
//              (x susceptibility_factor if the node was warned). A node that
//              is not susceptible (already hit, or restored and hardened)
//              ignores further compromise; outages and DDoS hit any node that
//              is not disrupted at the time.
//   detection  compromise + cyber.response[kind].detection (x detection_factor
//              of what is left when a warning arrives first).
//   containment detection + containment; spread from the node stops then.
//   recovery   contained and recovering at the same instant; restored after
//              defences.backups.restore when the node has backups, else after
//              cyber.response[kind].recovery.
//   spread     while compromised or detected (not yet contained), over every
//              out-edge of a type with an effective probability > 0 (see
//              effective_probability), one attempt per edge after
//              cyber.spread[type].delay, but never sooner than the scenario's
//              message latency (the kernel's lookahead).
//   outage/DDoS down (or at `level`) from `at` for `duration`; detected at
//              once; no spread.
// Operational level (the port model obeys it through CapacityChange):
//   ransomware, wiper, outage: 0 from the hit; vendor_compromise, ddos: the
//   incident's level; exfiltration: unchanged. After detection plus
//   defences.manual_fallback.switch_over (outage: from the hit), if manual
//   fallback is on, a node with a manual mode runs at its manual level:
//   terminals and their equipment at the terminal's manual_level (none when
//   automated), the PCS in manual mode, customs, port authority, operators and
//   companies at manual_fallback.other_level. Restored: 1.
// PARTS: a terminal goes part by part (quay, yard, gates, rail, barge) when it
//   has a manual mode per part (terminals.<id>.manual_parts) or an incident's
//   restoration names one of its parts: the hit stops every part, the
//   switch-over puts each part that has a manual mode at its own manual
//   level (manual_parts.<part>, else manual_level; an automated terminal
//   only the parts manual_parts names), and the port model obeys the parts'
//   levels (port/terminal.hpp). The node's own level is its lowest part's (a
//   terminal is interrupted while any part is: reporting, cascade).
// STAGED RESTORATION (incident.restoration): a list of (node or part, after,
//   level). For a node the incident hits, its stages replace the recovery
//   draw: stage k sets its node (every part) or part to level_k at
//   hit + after_k, but never before the node is contained (a stage due
//   earlier happens at containment); a part a stage has set keeps that level
//   through the switch-over. The node is restored at its last stage: every
//   part back at 1. Stages of a node the incident never hits do nothing.
// Information sharing (defences.information_sharing): a member that detects
// reports to the desk after report_within; the desk warns every member
// warning_delay later (once, at the first report).
// Exposure: from compromise to containment, each data class the node holds
// (its profile's `data`, plus the sensitivity of a sensitive zone it lies in
// when a data class has that id); a data platform also exposes every class of
// the nodes with a data_flow edge into it. Exfiltration incidents that name
// `data` expose only those classes; outages and DDoS expose nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/kernel/run.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::cyber {

enum class CyberState : std::uint8_t { susceptible, compromised, detected, contained, recovering, restored };
[[nodiscard]] std::string_view to_string(CyberState state) noexcept;

inline constexpr std::uint32_t kFirstCyberStream = 0x4000'0000U;
inline constexpr std::uint32_t kNoVertex = 0xFFFF'FFFFU;

/// One node entering a state.
struct StateChange {
  double time_h = 0.0;
  std::uint32_t node = 0;  ///< graph vertex
  CyberState state = CyberState::compromised;
  std::uint32_t incident = 0;        ///< index into scenario.cyber.incidents
  std::uint32_t source = kNoVertex;  ///< compromised: the node it spread from (kNoVertex: attacked directly)
  std::uint32_t depth = 0;           ///< compromised: hops from the incident's first target
};

inline constexpr std::uint8_t kWholeNode = 0xFF;

/// A node's operational level from `time_h` on; for a part of a terminal
/// (CyberOutcome::part_levels), that part's (part: a scenario::TerminalPart).
struct LevelChange {
  double time_h = 0.0;
  std::uint32_t node = 0;
  double level = 1.0;
  bool manual = false;
  std::uint8_t part = kWholeNode;
};

/// A data class exposed at a node over [from_h, until_h) (until_h may be
/// past the horizon: the horizon if never contained).
struct Exposure {
  std::uint32_t node = 0;
  scenario::Index data_class = 0;
  std::uint32_t incident = 0;
  double from_h = 0.0;
  double until_h = 0.0;
  bool via_platform = false;  ///< shared with the (compromised) data platform `node`
};

struct CyberOutcome {
  std::vector<StateChange> states;  ///< sorted by (time, node, state)
  std::vector<LevelChange> levels;  ///< sorted by (time, node); a node that goes by part: its lowest part's
  /// The levels of the parts of the terminals that go by part (by_part), sorted by (time, node, part): these,
  /// not the node's own level, are what the port model obeys for such a terminal.
  std::vector<LevelChange> part_levels;
  std::vector<bool> by_part;        ///< per vertex: its level goes part by part (STAGED RESTORATION)
  std::vector<Exposure> exposures;  ///< sorted by (node, from, data class)
  std::vector<bool> member;         ///< per vertex: in the information-sharing programme
  std::vector<double> warned_h;     ///< per vertex: when warned, -1 if never
  std::vector<double> reported_h;   ///< per vertex: when it reported to the desk, -1 if never
  kernel::RunStats run;
};

/// The probability that compromise crosses an edge of `type` into a node
/// that was not warned: cyber.spread[type] after segmentation and vendor
/// access (remote_access: 0 when removed, x restricted_factor when
/// restricted; segmentation never cuts physical_flow or remote_access).
[[nodiscard]] double effective_probability(const scenario::Scenario& scenario, scenario::DependencyType type);

struct CyberRunOptions {
  kernel::SchedulerKind scheduler = kernel::SchedulerKind::sequential;
  int threads = 1;
  std::uint32_t replication = 0;
};

/// Runs the cyber layer of one replication over the scenario's horizon.
[[nodiscard]] CyberOutcome run_cyber(const scenario::Scenario& scenario, const graph::PortGraph& graph,
                                     const CyberRunOptions& options);

}  // namespace porttwin::cyber
