// A terminal's PARTS AND EQUIPMENT LEVELS (terminal.hpp, rule 3): the levels a
// capacity change or a crane breakdown sets, and the factors the terminal's
// quay, gates and hinterland sides work at, derived from them.
//
// The levels (1 normal, 0 stopped): the terminal's own; each part's own
// (scenario::TerminalPart: quay, yard, gates, rail side, barge side); each
// system's (a terminal operating system, gate system, crane control...,
// stopping the parts it lists); each crane group's, yard block's and gate's.
// A part works at
//   level_p = own_p x min over systems s that stop p of level_s   (own_p if none)
// and the terminal at
//   yard factor  = level_yard x sum_b capacity_b x level_b / sum_b capacity_b  (1 if no capacity)
//   quay factor  = level_terminal x min(level_quay x (sum_g up_g x level_g / sum_g count_g), yard factor)
//   gate factor  = level_terminal x min(level_gates x (sum_g lanes_g x level_g / sum_g lanes_g), yard factor)
//   rail factor  = level_terminal x min(level_rail, yard factor)   (barge: level_barge; pipeline and
//                  conveyor: level_terminal x yard factor; truck: the gate factor)
// where up_g is the group's cranes not broken down (CRANE BREAKDOWNS). With
// every level at 1 and no crane down each factor is exactly 1.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "porttwin/port/setup.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port {

class PartLevels {
 public:
  /// The factors the terminal works at (see the file comment).
  struct Factors {
    double quay = 1.0;                                                 ///< multiplies crane work rates
    double gate = 1.0;                                                 ///< divides truck service times
    std::array<double, Setup::kModes> sides{1.0, 1.0, 1.0, 1.0, 1.0};  ///< by HinterlandMode
    [[nodiscard]] double side(scenario::HinterlandMode mode) const noexcept {
      return sides[static_cast<std::size_t>(mode)];
    }
  };

  explicit PartLevels(const scenario::Terminal& spec);

  /// A capacity change: the level (clamped to [0, 1]) of the terminal (Component::node) or
  /// of one of its components from now (setup.hpp's ChangeTarget names the index).
  void set(Component component, std::uint32_t index, double level);
  /// CRANE BREAKDOWNS: one crane of group `group` fails, or is repaired.
  void crane_fails(std::uint32_t group) noexcept { ++cranes_down_[group]; }
  void crane_repaired(std::uint32_t group) noexcept { --cranes_down_[group]; }

  [[nodiscard]] Factors factors() const;

 private:
  [[nodiscard]] double part(scenario::TerminalPart p) const noexcept;

  const scenario::Terminal* spec_;
  double level_ = 1.0;                                          ///< the terminal's own
  std::array<double, 5> part_levels_{1.0, 1.0, 1.0, 1.0, 1.0};  ///< by scenario::TerminalPart, its own
  std::vector<double> system_levels_;                           ///< by spec.systems
  std::vector<double> crane_levels_, crane_weights_;            ///< by crane group; weight: its cranes
  std::vector<std::uint32_t> cranes_down_;                      ///< by crane group
  std::vector<double> yard_levels_, yard_weights_;              ///< by yard block; weight: its capacity
  std::vector<double> gate_levels_, gate_weights_;              ///< by gate; weight: its lanes
};

}  // namespace porttwin::port
