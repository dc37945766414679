// A quantity that holds its value between events (vessels waiting, yard
// TEU, busy berths), with its exact time integral, so time averages need no
// sampling. Times before the warm-up end are not integrated.
#pragma once

#include <algorithm>

#include "porttwin/kernel/time.hpp"

namespace porttwin::port {

class LevelTracker {
 public:
  LevelTracker() = default;
  explicit LevelTracker(kernel::Ticks warmup) noexcept : since_(warmup), last_(0) {}

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

 private:
  void integrate_to(kernel::Ticks now) noexcept {
    const kernel::Ticks from = std::max(last_, since_);
    if (now > from) integral_ += value_ * static_cast<double>(now - from);
    last_ = now;
  }

  double value_ = 0.0;
  double peak_ = 0.0;
  double integral_ = 0.0;  // value x ticks
  kernel::Ticks since_ = 0;
  kernel::Ticks last_ = 0;
};

}  // namespace porttwin::port
