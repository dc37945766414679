// A terminal's yard (a stockyard, tank farm or car park at other terminals):
// its room, what is in it, the room held by discharges under way (terminal.hpp,
// rule 4 and YARD ADMISSION), and the ROLLED EXPORTS waiting in it for a
// later sailing. The yard knows nothing of calls: the terminal says how much
// a discharge brings and a call may take.
//
//   room: capacity (the blocks') and limit (capacity plus the overflow area, if any)
//   occupied = what is in it + the room held by discharges under way
//   a discharge may start (or a vessel berth) if it fits, less the call's own exports
//   already in the yard:  d <= 0, or occupied <= 0 (an empty yard takes any call), or
//   occupied + d - own <= limit; export receival is open while occupied < capacity.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>

#include "porttwin/port/level.hpp"
#include "porttwin/port/setup.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port {

class Yard {
 public:
  Yard(const scenario::Terminal& spec, Ticks warmup);

  [[nodiscard]] double capacity() const noexcept { return capacity_; }
  /// What is in the yard (TEU at container terminals, else the cargo unit), over time.
  [[nodiscard]] const LevelTracker& occupancy() const noexcept { return occupancy_; }
  [[nodiscard]] double occupied() const noexcept { return occupancy_.value() + reserved_; }

  /// YARD ADMISSION: a discharge of `discharge` by a call with `own_exports` of its
  /// exports in the yard fits (the file comment).
  [[nodiscard]] bool admits(double discharge, double own_exports) const noexcept {
    const double taken = occupied();
    return discharge <= 0.0 || taken <= 0.0 || taken + discharge - own_exports <= limit_;
  }
  /// YARD ADMISSION: export receival is open (the yard, overflow aside, is not full).
  [[nodiscard]] bool receiving() const noexcept { return capacity_ <= 0.0 || occupied() < capacity_; }

  /// A discharge starts: its room is held. True if it goes beyond the capacity into
  /// the overflow area (it then takes the overflow area's extra handling time).
  bool reserve(double discharge) noexcept {
    const bool overflow = occupied() + discharge > capacity_;
    reserved_ += discharge;
    return overflow;
  }
  /// Room held for a discharge is given back (it is done, or left on board).
  void unreserve(double amount) noexcept { reserved_ = std::max(0.0, reserved_ - amount); }
  void enter(Ticks now, double amount) { occupancy_.add(now, amount); }
  void leave(Ticks now, double amount) { occupancy_.add(now, -amount); }
  /// Closes the occupancy series at the end of the run.
  void finish(Ticks final_time) { occupancy_.set(final_time, occupancy_.value()); }

  // ---- ROLLED EXPORTS -----------------------------------------------------------------
  /// `amount` (entered at sum amount x entry time `entry_h_sum`, h) waits for a later
  /// sailing; its batch id, which the event ending its wait names.
  std::uint32_t roll(double amount, double entry_h_sum);
  /// A call with `space` to spare takes waiting cargo, oldest first: fn(amount, entry_h_sum)
  /// for each batch it takes from; returns what it took.
  template <class Fn>
  double take_rolled(double space, Fn&& fn) {
    double taken = 0.0;
    for (Rolled& batch : rolled_) {
      if (space <= 0.0) break;
      if (batch.amount <= 0.0) continue;
      const double take = std::min(batch.amount, space);
      const double entry_h = batch.entry_h * (take / batch.amount);
      batch.amount = take >= batch.amount ? 0.0 : batch.amount - take;
      batch.entry_h = batch.amount > 0.0 ? batch.entry_h - entry_h : 0.0;
      fn(take, entry_h);
      space -= take;
      taken += take;
    }
    drop_spent();
    return taken;
  }
  /// Batch `id`'s wait is over: what no call took of it (it leaves by another line's sailing).
  double expire_rolled(std::uint32_t id);
  /// Rolled cargo still waiting.
  [[nodiscard]] double rolled_waiting() const noexcept;

 private:
  struct Rolled {
    double amount = 0.0;
    double entry_h = 0.0;  ///< sum of amount x entry time (h)
  };
  /// Drops the front batches that are all taken or gone.
  void drop_spent() noexcept;

  double capacity_ = 0.0;
  double limit_ = 0.0;     ///< capacity plus the overflow area, if any
  double reserved_ = 0.0;  ///< held by discharges under way
  LevelTracker occupancy_;
  std::deque<Rolled> rolled_;  ///< oldest first; batch id = first_ + position
  std::uint32_t first_ = 0;
};

}  // namespace porttwin::port
