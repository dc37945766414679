// A quantity that holds its value between events (vessels waiting, yard
// TEU, busy berths), with its exact time integral, so time averages need no
// sampling. Two integrals: integral_h over the counted period (times before
// the warm-up end are not integrated), for the key figures; area_h over the
// whole run from time 0, for the series' interval means, which cover the
// warm-up too.
#pragma once

#include <algorithm>

#include "porttwin/kernel/time.hpp"

namespace porttwin::port {

class LevelTracker {
 public:
  LevelTracker() = default;
  explicit LevelTracker(kernel::Ticks warmup) noexcept : since_(warmup) {}

  [[nodiscard]] double value() const noexcept { return value_; }
  [[nodiscard]] double peak() const noexcept { return peak_; }

  void set(kernel::Ticks now, double value) noexcept {
    integrate_to(now);
    value_ = value;
    peak_ = std::max(peak_, value);
  }
  void add(kernel::Ticks now, double delta) noexcept { set(now, value_ + delta); }

  /// Integral of the value over [warm-up end, t], in value x hours; t must
  /// not precede the last change. Read-only: observers may call it.
  [[nodiscard]] double integral_h(kernel::Ticks t) const noexcept {
    const kernel::Ticks from = std::max(last_, since_);
    const double open = t > from ? value_ * static_cast<double>(t - from) : 0.0;
    return (integral_ + open) / static_cast<double>(kernel::kTicksPerHour);
  }

  /// Integral of the value over [0, t], warm-up included, in value x hours;
  /// t must not precede the last change. Read-only: observers may call it.
  [[nodiscard]] double area_h(kernel::Ticks t) const noexcept {
    const double open = t > last_ ? value_ * static_cast<double>(t - last_) : 0.0;
    return (area_ + open) / static_cast<double>(kernel::kTicksPerHour);
  }

 private:
  void integrate_to(kernel::Ticks now) noexcept {
    const kernel::Ticks from = std::max(last_, since_);
    if (now > from) integral_ += value_ * static_cast<double>(now - from);
    if (now > last_) area_ += value_ * static_cast<double>(now - last_);
    last_ = now;
  }

  double value_ = 0.0;
  double peak_ = 0.0;
  double integral_ = 0.0;  // value x ticks, from the warm-up end
  double area_ = 0.0;      // value x ticks, from time 0
  kernel::Ticks since_ = 0;
  kernel::Ticks last_ = 0;
};

}  // namespace porttwin::port
