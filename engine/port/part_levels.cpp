// PARTS AND EQUIPMENT LEVELS. Rules in part_levels.hpp.
#include "porttwin/port/part_levels.hpp"

#include <algorithm>

namespace porttwin::port {

namespace {

/// sum_i weight_i x level_i / sum_i weight_i; 1 with nothing to weigh. With
/// every level at 1 both sums add the same numbers in the same order, so the
/// result is exactly 1.
double weighted_level(const std::vector<double>& levels, const std::vector<double>& weights) noexcept {
  double total = 0.0, weighted = 0.0;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    total += weights[i];
    weighted += weights[i] * levels[i];
  }
  return total > 0.0 ? weighted / total : 1.0;
}

}  // namespace

PartLevels::PartLevels(const scenario::Terminal& spec) : spec_(&spec) {
  for (const auto& group : spec.crane_groups) crane_weights_.push_back(static_cast<double>(group.count));
  for (const auto& block : spec.yard_blocks) yard_weights_.push_back(std::max(0.0, block.capacity));
  for (const auto& gate : spec.gates) gate_weights_.push_back(static_cast<double>(gate.lanes));
  crane_levels_.assign(crane_weights_.size(), 1.0);
  cranes_down_.assign(crane_weights_.size(), 0);
  system_levels_.assign(spec.systems.size(), 1.0);
  yard_levels_.assign(yard_weights_.size(), 1.0);
  gate_levels_.assign(gate_weights_.size(), 1.0);
}

void PartLevels::set(Component component, std::uint32_t index, double level) {
  level = std::clamp(level, 0.0, 1.0);
  switch (component) {
    case Component::node: level_ = level; break;
    case Component::part: part_levels_[index] = level; break;
    case Component::crane_group: crane_levels_[index] = level; break;
    case Component::yard_block: yard_levels_[index] = level; break;
    case Component::gate: gate_levels_[index] = level; break;
    case Component::system: system_levels_[index] = level; break;
  }
}

double PartLevels::part(scenario::TerminalPart p) const noexcept {
  const auto i = static_cast<std::size_t>(p);
  double systems = 1.0;
  for (std::size_t k = 0; k < system_levels_.size(); ++k) {
    if (spec_->systems[k].stops[i]) systems = std::min(systems, system_levels_[k]);
  }
  return part_levels_[i] * systems;
}

PartLevels::Factors PartLevels::factors() const {
  using P = scenario::TerminalPart;
  using M = scenario::HinterlandMode;
  // The yard is a stage in series with the quay and each side: the slower sets the pace.
  const double yard = part(P::yard) * weighted_level(yard_levels_, yard_weights_);
  // CRANE BREAKDOWNS: a group works at its level times its share of cranes not broken down.
  double cranes = 1.0;
  if (std::any_of(cranes_down_.begin(), cranes_down_.end(), [](std::uint32_t d) { return d > 0; })) {
    std::vector<double> up(crane_levels_);
    for (std::size_t g = 0; g < up.size(); ++g) up[g] *= (crane_weights_[g] - cranes_down_[g]) / crane_weights_[g];
    cranes = weighted_level(up, crane_weights_);
  } else {
    cranes = weighted_level(crane_levels_, crane_weights_);
  }
  Factors f;
  f.quay = level_ * std::min(part(P::quay) * cranes, yard);
  f.gate = level_ * std::min(part(P::gates) * weighted_level(gate_levels_, gate_weights_), yard);
  f.sides[static_cast<std::size_t>(M::truck)] = f.gate;
  f.sides[static_cast<std::size_t>(M::rail)] = level_ * std::min(part(P::rail), yard);
  f.sides[static_cast<std::size_t>(M::barge)] = level_ * std::min(part(P::barge), yard);
  f.sides[static_cast<std::size_t>(M::pipeline)] = level_ * yard;
  f.sides[static_cast<std::size_t>(M::conveyor)] = level_ * yard;
  return f;
}

}  // namespace porttwin::port
