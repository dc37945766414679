// One replication of a scenario, whole: the cyber layer (if the scenario has
// incidents), the port model under the incidents' capacity changes, a
// baseline port run of the same replication without them (common random
// numbers), the reporting classification and the cascade figures.
//
// A scenario without incidents runs the port model once (no baseline, no
// cascade). The two port runs of an incident scenario run side by side on
// oneTBB; each is deterministic on its own, so the result does not depend on
// that.
#pragma once

#include <optional>
#include <vector>

#include "porttwin/cyber/propagation.hpp"
#include "porttwin/cyber/reporting.hpp"
#include "porttwin/metrics/cascade.hpp"
#include "porttwin/port/run.hpp"

namespace porttwin::run {

/// The port run's options; the incidents' capacity changes are added to
/// `model.capacity_changes` for the disrupted run (the baseline keeps them
/// as given), and the cyber layer runs with the same scheduler and threads.
using ScenarioRunOptions = port::PortRunOptions;

struct ScenarioRun {
  port::PortRunResult port;                     ///< under the incidents (or the only run)
  std::optional<port::PortRunResult> baseline;  ///< same replication without incidents
  std::optional<cyber::CyberOutcome> cyber;
  std::vector<port::CapacityChange> incident_changes;  ///< what the cyber layer told the port model
  std::vector<port::QuayNotice> notices;               ///< what lines were told (quay_notices)
  std::vector<cyber::OrganisationReport> reporting;
  std::optional<metrics::Cascade> cascade;
};

/// The capacity changes a cyber outcome implies for the port model: level
/// changes of nodes that are port LPs (terminals and their crane groups, yard
/// blocks, gates and systems; PCS, customs, port authority, operators, companies).
[[nodiscard]] std::vector<port::CapacityChange> capacity_changes(const graph::PortGraph& graph,
                                                                 const cyber::CyberOutcome& outcome);

/// What the terminals announce of the quay stops of incidents with an
/// announcement (RE-ROUTING in port/terminal.hpp): a stop begins at the hit
/// of a terminal, or of a system that stops its quay, and ends at the node's
/// first level above 0 after it (manual mode counts: the quay works). If the
/// stop outlasts the announcement delay, lines are told at hit + after to
/// expect the quay back expected_duration later, told again each time that
/// passes with the quay stopped, and given an all-clear when it works again.
[[nodiscard]] std::vector<port::QuayNotice> quay_notices(const scenario::Scenario& scenario,
                                                         const graph::PortGraph& graph,
                                                         const cyber::CyberOutcome& outcome);

[[nodiscard]] ScenarioRun run_scenario(const scenario::Scenario& scenario, const ScenarioRunOptions& options);

}  // namespace porttwin::run
