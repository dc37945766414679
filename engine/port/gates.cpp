// A container terminal's truck gates. Rules in gates.hpp.
#include "porttwin/port/gates.hpp"

#include <algorithm>
#include <cmath>

namespace porttwin::port {

namespace {
constexpr Ticks kTicksPerMs = kernel::kTicksPerSecond / 1000;
}  // namespace

Gates::Gates(const scenario::Terminal& spec) {
  for (const auto& gate : spec.gates) {
    lanes_ += gate.lanes;
    if (handling_ == nullptr) handling_ = &gate.truck_handling_h;
  }
}

Ticks Gates::draw_service(kernel::RandomStream& rng) const {
  const double service_h = handling_ != nullptr ? std::max(0.0, handling_->sample(rng)) : 0.0;
  // At most 49 days at a lane, in whole milliseconds (as drawn since the first release).
  return static_cast<Ticks>(std::clamp(std::round(service_h * 3.6e6), 0.0, 4.0e9)) * kTicksPerMs;
}

Ticks Gates::service_time(const Truck& truck, double gate_factor) noexcept {
  return static_cast<Ticks>(std::llround(static_cast<double>(truck.service) / gate_factor));
}

std::uint32_t Gates::enter_lane(const Truck& truck) {
  std::uint32_t lane;
  if (free_slots_.empty()) {
    lane = static_cast<std::uint32_t>(in_lane_.size());
    in_lane_.push_back(truck);
  } else {
    lane = free_slots_.back();
    free_slots_.pop_back();
    in_lane_[lane] = truck;
  }
  ++busy_;
  return lane;
}

Truck Gates::leave_lane(std::uint32_t lane) {
  const Truck truck = in_lane_[lane];
  free_slots_.push_back(lane);
  --busy_;
  return truck;
}

double Gates::rebook_rate_per_h(Ticks now, double gate_factor) const noexcept {
  const double handling_h = handling_ != nullptr ? handling_->mean() : 0.0;
  const double elapsed_h = to_hours(now);
  const double capacity = handling_h > 0.0 ? lanes_ * gate_factor / handling_h : 0.0;
  const double demand = elapsed_h > 0.0 ? demand_ / elapsed_h : 0.0;
  return std::max(capacity - demand, capacity / 10.0);
}

}  // namespace porttwin::port
