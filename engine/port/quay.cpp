// A terminal's quay. Rules in quay.hpp.
#include "porttwin/port/quay.hpp"

#include <algorithm>

namespace porttwin::port {

namespace {
/// CRANE BREAKDOWNS: a drawn interval or repair, at least a minute (no zero-time loops).
Ticks crane_time(const kernel::Distribution& d, kernel::RandomStream& rng) {
  return hours(std::max(1.0 / 60.0, d.sample(rng)));
}
}  // namespace

Quay::Quay(const Setup& setup, std::uint32_t terminal) : setup_(&setup), terminal_(terminal) {
  const scenario::Terminal& spec = setup.scenario().terminals[terminal];
  for (const auto& berth : spec.berths) berths_.push_back({berth.length_m, berth.depth_m, kNone});
  for (std::uint32_t g = 0; g < spec.crane_groups.size(); ++g) {
    for (std::uint32_t k = 0; k < spec.crane_groups[g].count; ++k) {
      crane_of_.push_back(&spec.crane_groups[g]);
      group_of_.push_back(g);
    }
  }
  for (std::uint32_t k = 0; k < crane_of_.size(); ++k) {
    crane_rng_.push_back(setup.entity_stream(EntityStream::crane, (terminal << 16U) | k));
  }
  free_ = cranes();
}

bool Quay::berth_free_for(std::uint16_t vessel_class) const noexcept {
  for (std::size_t b = 0; b < berths_.size(); ++b) {
    if (berths_[b].call_slot == kNone && setup_->fits(terminal_, b, vessel_class)) return true;
  }
  return false;
}

std::uint32_t Quay::best_berth(std::uint16_t vessel_class) const noexcept {
  std::uint32_t best = kNone;
  for (std::uint32_t b = 0; b < berths_.size(); ++b) {
    if (berths_[b].call_slot != kNone || !setup_->fits(terminal_, b, vessel_class)) continue;
    if (best == kNone || berths_[b].length_m < berths_[best].length_m) best = b;
  }
  return best;
}

bool Quay::cranes_for(const scenario::VesselClass& vc) const noexcept {
  return std::min(vc.cranes_min, cranes()) <= free_;
}

std::uint32_t Quay::take_cranes(std::uint32_t wanted) noexcept {
  const std::uint32_t taken = std::min(std::min(wanted, cranes()), free_);
  free_ -= taken;
  return taken;
}

double Quay::draw_rate(kernel::RandomStream& rng, std::uint32_t cranes) {
  double rate = 0.0;
  for (std::uint32_t k = 0; k < cranes; ++k) {
    const auto* group = crane_of_[next_crane_];
    next_crane_ = next_crane_ + 1 == this->cranes() ? 0 : next_crane_ + 1;
    rate += std::max(0.0, group->productivity_per_h.sample(rng));
  }
  return rate;
}

bool Quay::fails(std::uint32_t crane) const noexcept {
  const scenario::CraneGroup& group = *crane_of_[crane];
  return group.failure_interval_h.mean() > 0.0 && group.repair_h.mean() > 0.0;
}

Ticks Quay::draw_uptime(std::uint32_t crane) {
  return crane_time(crane_of_[crane]->failure_interval_h, crane_rng_[crane]);
}

Ticks Quay::draw_repair(std::uint32_t crane) { return crane_time(crane_of_[crane]->repair_h, crane_rng_[crane]); }

}  // namespace porttwin::port
