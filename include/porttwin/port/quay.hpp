// A terminal's quay (terminal.hpp, rules 2 and 3): its berths, the pool of
// quay cranes that work the vessels at them, each crane's breakdowns (CRANE
// BREAKDOWNS: its own stream) and the crews (SHIFT CHANGES). The quay knows
// nothing of calls but the slot of the one at each berth: the terminal
// decides who berths (its queue, YARD ADMISSION) and how work goes.
//
//   a vessel berths at the shortest free berth that fits it (length, depth),
//     keeping long berths free, if at least min(cranes_min, cranes) are free;
//   it gets min(cranes_max, cranes, free) of them, and each crane assigned
//     draws its productivity for the call from its group (groups in turn, as
//     listed): cranes are one pool.
#pragma once

#include <cstdint>
#include <vector>

#include "porttwin/kernel/random.hpp"
#include "porttwin/port/setup.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port {

class Quay {
 public:
  static constexpr std::uint32_t kNone = 0xFFFF'FFFFU;

  /// Terminal `terminal` of the setup's scenario.
  Quay(const Setup& setup, std::uint32_t terminal);

  // ---- berths -------------------------------------------------------------------------
  [[nodiscard]] std::uint32_t berth_count() const noexcept { return static_cast<std::uint32_t>(berths_.size()); }
  /// A free berth fits a vessel of `vessel_class`.
  [[nodiscard]] bool berth_free_for(std::uint16_t vessel_class) const noexcept;
  /// The shortest free berth a vessel of `vessel_class` fits; kNone if none.
  [[nodiscard]] std::uint32_t best_berth(std::uint16_t vessel_class) const noexcept;
  /// The call in slot `slot` takes berth `berth`, or leaves it (kNone).
  void set_berth(std::uint32_t berth, std::uint32_t slot) noexcept { berths_[berth].call_slot = slot; }

  // ---- cranes -------------------------------------------------------------------------
  [[nodiscard]] std::uint32_t cranes() const noexcept { return static_cast<std::uint32_t>(crane_of_.size()); }
  [[nodiscard]] std::uint32_t cranes_free() const noexcept { return free_; }
  /// Enough cranes are free for a vessel of this class to berth.
  [[nodiscard]] bool cranes_for(const scenario::VesselClass& vc) const noexcept;
  /// Takes up to `wanted` of the free cranes (at most the quay's); how many it took.
  std::uint32_t take_cranes(std::uint32_t wanted) noexcept;
  void give_back(std::uint32_t cranes) noexcept { free_ += cranes; }
  /// The summed productivity (moves an hour) of `cranes` cranes assigned to a call, each
  /// drawn from its group on the call's stream.
  double draw_rate(kernel::RandomStream& rng, std::uint32_t cranes);

  // ---- CRANE BREAKDOWNS -----------------------------------------------------------------
  /// Crane `crane` breaks down at all (its group has both an interval and a repair time).
  [[nodiscard]] bool fails(std::uint32_t crane) const noexcept;
  /// Crane `crane`'s group index.
  [[nodiscard]] std::uint32_t group_of(std::uint32_t crane) const noexcept { return group_of_[crane]; }
  /// The time to its next failure (from a repair) or its repair (from a failure), drawn
  /// from its own stream: at least a minute (no zero-time loops).
  [[nodiscard]] Ticks draw_uptime(std::uint32_t crane);
  [[nodiscard]] Ticks draw_repair(std::uint32_t crane);

  // ---- SHIFT CHANGES ---------------------------------------------------------------------
  /// 1 while the crews work, 0 while they change over.
  [[nodiscard]] double crew_factor() const noexcept { return crew_factor_; }
  void set_crews(bool working) noexcept { crew_factor_ = working ? 1.0 : 0.0; }

 private:
  struct Berth {
    double length_m = 0.0;
    double depth_m = 0.0;
    std::uint32_t call_slot = kNone;
  };

  const Setup* setup_;
  std::uint32_t terminal_;
  std::vector<Berth> berths_;
  std::vector<const scenario::CraneGroup*> crane_of_;  ///< crane k -> its group
  std::vector<std::uint32_t> group_of_;                ///< crane k -> its group index
  std::vector<kernel::RandomStream> crane_rng_;        ///< crane k's breakdowns
  std::uint32_t free_ = 0;
  std::uint32_t next_crane_ = 0;  ///< the next crane to draw a productivity for
  double crew_factor_ = 1.0;
};

}  // namespace porttwin::port
