// A terminal's yard. Rules in yard.hpp.
#include "porttwin/port/yard.hpp"

namespace porttwin::port {

Yard::Yard(const scenario::Terminal& spec, Ticks warmup) : occupancy_(warmup) {
  for (const auto& block : spec.yard_blocks) capacity_ += block.capacity;
  limit_ = capacity_ + (spec.overflow == scenario::OverflowRule::overflow_area ? spec.overflow_capacity : 0.0);
}

std::uint32_t Yard::roll(double amount, double entry_h_sum) {
  const std::uint32_t id = first_ + static_cast<std::uint32_t>(rolled_.size());
  rolled_.push_back({amount, entry_h_sum});
  return id;
}

double Yard::expire_rolled(std::uint32_t id) {
  if (id < first_) return 0.0;  // all of it was taken
  Rolled& batch = rolled_[id - first_];
  const double amount = batch.amount;
  batch.amount = 0.0;
  batch.entry_h = 0.0;
  drop_spent();
  return amount;
}

double Yard::rolled_waiting() const noexcept {
  double total = 0.0;
  for (const Rolled& batch : rolled_) total += batch.amount;
  return total;
}

void Yard::drop_spent() noexcept {
  while (!rolled_.empty() && rolled_.front().amount <= 0.0) {
    rolled_.pop_front();
    ++first_;
  }
}

}  // namespace porttwin::port
