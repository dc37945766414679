// What every port LP reads and nobody writes during a run: the scenario, the
// LP layout, times in ticks, and the decisions the scenario fixes up front
// (which terminals a vessel class may use, which operator takes a terminal's
// cargo by which mode).
//
// LP layout (ids in this order, so runs are reproducible):
//   0 sea (vessels and their agents), 1 port authority, 2 PCS, 3 customs,
//   then one LP per terminal, per hinterland operator, per company.
// Berths, cranes, yard and gates live inside their terminal's LP: they share
// one queue of vessels and one yard, so splitting them would only add
// messages with no lookahead to gain.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/kernel/event.hpp"
#include "porttwin/kernel/links.hpp"
#include "porttwin/kernel/random.hpp"
#include "porttwin/kernel/time.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port {

using kernel::LpId;
using kernel::Ticks;

enum class LpKind : std::uint8_t { sea, port_authority, pcs, customs, terminal, hinterland, company };

/// A change of a node's operational level at a given time: a scheduled
/// closure, a strike, or (issue 5) the effect of a cyber incident.
using CapacityChange = scenario::CapacityChange;

/// The part of an LP a capacity change names: the node the LP stands for, one
/// of a terminal's parts (scenario::TerminalPart: quay, yard, gates, rail,
/// barge), one of its systems, or one piece of its equipment (all inside the
/// terminal's LP).
enum class Component : std::uint8_t { node, crane_group, yard_block, gate, part, system };

/// Where a node's capacity changes go: its LP and the part of it.
struct ChangeTarget {
  LpId lp = 0;  ///< Setup::lp_count() if the id names nothing that can change
  Component component = Component::node;
  std::uint32_t index = 0;  ///< into the terminal's crane_groups, yard_blocks, gates or systems; a TerminalPart
};

/// A terminal's announcement that its quay is stopped (RE-ROUTING in
/// port/terminal.hpp): from at_h on, lines expect it back at expected_back_h
/// (an all-clear: expected_back_h == at_h).
struct QuayNotice {
  std::uint32_t terminal = 0;
  double at_h = 0.0;
  double expected_back_h = 0.0;
};

struct ModelOptions {
  /// Changes beyond the scenario's own `capacity_changes` (which always apply).
  std::vector<CapacityChange> capacity_changes;
  /// What lines are told of stopped quays (run/scenario_run.hpp derives them from incidents).
  std::vector<QuayNotice> notices;
  /// The replication (for the per-call random streams; run_port sets it).
  std::uint32_t replication = 0;
};

/// What a per-entity random stream is for (see Setup::entity_stream).
enum class EntityStream : std::uint32_t {
  terminal_call = 0x8000'0000U,  ///< a call's draws at its terminal (cranes, dwell times)
  customs_call = 0x9000'0000U,   ///< a call's customs release and inspection
  clearance = 0xA000'0000U,      ///< a call's pre-arrival check
  batch = 0xB000'0000U,          ///< a hinterland batch's trucks (arrival spread, gate service)
  crane = 0xC000'0000U,          ///< a quay crane's failures and repairs (id: terminal << 16 | crane)
};

/// Hours to ticks (the scenario's base unit of time is the hour).
[[nodiscard]] inline Ticks hours(double h) noexcept { return kernel::from_seconds(h * 3600.0); }
[[nodiscard]] inline double to_hours(Ticks t) noexcept {
  return static_cast<double>(t) / static_cast<double>(kernel::kTicksPerHour);
}

/// Read-only facts every LP may use.
class Setup {
 public:
  /// Checks what the model needs beyond the scenario layer's validation
  /// (throws ScenarioError) and precomputes the layout.
  Setup(const scenario::Scenario& scenario, ModelOptions options);

  [[nodiscard]] const scenario::Scenario& scenario() const noexcept { return *scenario_; }
  [[nodiscard]] const ModelOptions& options() const noexcept { return options_; }

  // ---- layout --------------------------------------------------------------
  static constexpr LpId kSea = 0;
  static constexpr LpId kPortAuthority = 1;
  static constexpr LpId kPcs = 2;
  static constexpr LpId kCustoms = 3;
  [[nodiscard]] LpId terminal_lp(std::size_t t) const noexcept { return first_terminal_ + static_cast<LpId>(t); }
  [[nodiscard]] LpId hinterland_lp(std::size_t h) const noexcept { return first_hinterland_ + static_cast<LpId>(h); }
  [[nodiscard]] LpId company_lp(std::size_t c) const noexcept { return first_company_ + static_cast<LpId>(c); }
  [[nodiscard]] LpId lp_count() const noexcept { return lp_count_; }
  [[nodiscard]] LpKind kind(LpId lp) const noexcept { return kinds_[lp]; }
  /// Index of `lp` among the LPs of its kind.
  [[nodiscard]] std::uint32_t local_index(LpId lp) const noexcept { return local_[lp]; }
  /// Node id of an LP, for messages and reports.
  [[nodiscard]] const std::string& lp_name(LpId lp) const noexcept { return names_[lp]; }
  /// LP of a node id (terminal, operator, company, pcs, customs...), or lp_count() if none.
  [[nodiscard]] LpId find_lp(const std::string& id) const noexcept;
  /// Where changes of node `id` go: an LP's node (terminal, operator,
  /// company, PCS, customs, port authority) or a terminal's crane group, yard
  /// block or gate by its qualified id "<terminal>.<key>" (a bare key in a
  /// hand-built Scenario is qualified the same way, as graph/ does). lp is
  /// lp_count() if the id is none of these.
  [[nodiscard]] ChangeTarget find_change_target(const std::string& id) const;
  /// The target of each of options().capacity_changes, in the same order.
  [[nodiscard]] const std::vector<ChangeTarget>& change_targets() const noexcept { return change_targets_; }

  /// The links between LPs and their minimum latencies.
  [[nodiscard]] kernel::LinkTable links() const;

  /// A random stream of its own for one call (or batch): its draws depend on
  /// the entity, not on how many draws the LP made before, so a disrupted
  /// run and its baseline (same seed) draw the same numbers for the same
  /// call whatever the order of events: common random numbers that stay
  /// common. Streams (seed, replication, purpose + id mod 2^28); ids are
  /// call ids (a few thousand a year), batches hash to 28 bits.
  [[nodiscard]] kernel::RandomStream entity_stream(EntityStream purpose, std::uint32_t id) const noexcept {
    return {scenario_->settings.seed, options_.replication, static_cast<std::uint32_t>(purpose) + (id & 0x0FFF'FFFFU)};
  }

  // ---- times in ticks ------------------------------------------------------
  [[nodiscard]] Ticks horizon() const noexcept { return horizon_; }
  [[nodiscard]] Ticks warmup() const noexcept { return warmup_; }
  [[nodiscard]] Ticks message_latency() const noexcept { return message_latency_; }
  [[nodiscard]] Ticks pre_arrival_lead() const noexcept { return lead_; }
  [[nodiscard]] Ticks pre_arrival_deadline() const noexcept { return deadline_; }

  // ---- decisions fixed by the scenario ---------------------------------------
  /// Terminals class `c` may use (in preference order) that have a berth it fits.
  [[nodiscard]] const std::vector<std::uint32_t>& terminals_for(std::size_t c) const noexcept {
    return class_terminals_[c];
  }
  /// Cumulative weights (total crane count) over terminals_for(c), for
  /// choosing a call's terminal in proportion to quay capacity.
  [[nodiscard]] const std::vector<double>& terminal_weights(std::size_t c) const noexcept { return class_weights_[c]; }
  /// Terminals that take ad-hoc calls of class `c` (accept them, fit it, not in its own
  /// list), with cumulative crane weights as terminal_weights.
  [[nodiscard]] const std::vector<std::uint32_t>& ad_hoc_for(std::size_t c) const noexcept { return ad_hoc_[c]; }
  [[nodiscard]] const std::vector<double>& ad_hoc_weights(std::size_t c) const noexcept { return ad_hoc_weights_[c]; }
  /// Terminal `t`'s notices as (at, expected back), in time order.
  [[nodiscard]] const std::vector<std::pair<Ticks, Ticks>>& notices(std::size_t t) const noexcept {
    return notices_[t];
  }
  /// How long lines expect terminal `t`'s quay to stay stopped, as of `now`: the latest
  /// notice at or before `now` says (0 when none, or after an all-clear).
  [[nodiscard]] Ticks expected_stop(std::size_t t, Ticks now) const noexcept;
  /// Operators of `mode` that serve terminal `t` (may be empty).
  [[nodiscard]] const std::vector<std::uint32_t>& operators(std::size_t t, scenario::HinterlandMode mode) const {
    return operators_[t * kModes + static_cast<std::size_t>(mode)];
  }
  /// Share of container imports/exports that goes by `mode` (0 for pipeline, conveyor).
  [[nodiscard]] double mode_share(scenario::HinterlandMode mode) const noexcept;
  /// True if berth `b` of terminal `t` can take a vessel of class `c`.
  [[nodiscard]] bool fits(std::size_t t, std::size_t b, std::size_t c) const noexcept;

  static constexpr std::size_t kModes = 5;

 private:
  const scenario::Scenario* scenario_;
  ModelOptions options_;
  LpId first_terminal_ = 4, first_hinterland_ = 4, first_company_ = 4, lp_count_ = 4;
  std::vector<LpKind> kinds_;
  std::vector<std::uint32_t> local_;
  std::vector<std::string> names_;
  Ticks horizon_ = 0, warmup_ = 0, message_latency_ = 0, lead_ = 0, deadline_ = 0;
  std::vector<std::vector<std::uint32_t>> class_terminals_;
  std::vector<std::vector<double>> class_weights_;
  std::vector<std::vector<std::uint32_t>> ad_hoc_;
  std::vector<std::vector<double>> ad_hoc_weights_;
  std::vector<std::vector<std::pair<Ticks, Ticks>>> notices_;
  std::vector<std::vector<std::uint32_t>> operators_;
  std::vector<ChangeTarget> change_targets_;

  /// The message for a capacity change naming nothing that can change.
  [[nodiscard]] std::string unknown_change_target(const std::string& id) const;
};

}  // namespace porttwin::port
