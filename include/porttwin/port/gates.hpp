// A container terminal's truck gates (terminal.hpp, rule 6 and GATE
// APPOINTMENTS): its lanes, the queue of trucks in front of them, the trucks
// in the lanes, the appointments cancelled while the gates were stopped and
// the truck demand they are rebooked against. The gates know nothing of the
// yard or of calls: the terminal decides which truck may go in (YARD
// ADMISSION, exports of calls that left) and what a truck through does.
//
//   service at a lane = the truck's drawn handling time / the gate factor
//   rebooking: one held appointment every 1/r hours from the restart,
//     r = max(c - d, c / 10),  c = lanes x gate factor / mean handling time,
//     d = boxes by truck booked per hour since time 0 (held ones included);
//   the floor keeps a backlog clearing at gates overloaded at normal demand.
#pragma once

#include <cstdint>
#include <vector>

#include "porttwin/kernel/distributions.hpp"
#include "porttwin/kernel/random.hpp"
#include "porttwin/port/fifo.hpp"
#include "porttwin/port/message.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port {

/// One truck at the gate, for one box.
struct Truck {
  Direction direction = Direction::import;
  std::uint32_t call = 0;
  double amount = 0.0;  ///< TEU of its box
  Ticks entered = 0;    ///< when its box entered the yard (import)
  Ticks arrived = 0;    ///< at the gate
  Ticks service = 0;    ///< time at a lane at full speed, drawn with its batch

  /// The truck as it arrives at the gate (its arrival time is set there).
  [[nodiscard]] static Truck arriving(const TruckArrival& m, Ticks now) noexcept {
    return {m.direction, m.call, m.amount, m.entered, now, m.service};
  }
  /// The message of its arrival at the gate.
  [[nodiscard]] TruckArrival message() const noexcept {
    return {.direction = direction, .call = call, .amount = amount, .entered = entered, .service = service};
  }
};

class Gates {
 public:
  explicit Gates(const scenario::Terminal& spec);

  [[nodiscard]] std::uint32_t lanes() const noexcept { return lanes_; }
  /// A box's handling time at a lane at full speed, drawn, in whole milliseconds
  /// (0 for a terminal without gates).
  [[nodiscard]] Ticks draw_service(kernel::RandomStream& rng) const;
  /// Its time at a lane at the gate factor (> 0).
  [[nodiscard]] static Ticks service_time(const Truck& truck, double gate_factor) noexcept;

  // ---- the queue and the lanes ------------------------------------------------------
  /// A truck waits and a lane is free, at gates that work.
  [[nodiscard]] bool can_start(double gate_factor) const noexcept {
    return gate_factor > 0.0 && busy_ < lanes_ && !queue_.empty();
  }
  [[nodiscard]] bool lane_free() const noexcept { return busy_ < lanes_; }
  [[nodiscard]] Fifo<Truck>& queue() noexcept { return queue_; }
  /// The truck takes a lane; its lane slot, which its truck_done names.
  std::uint32_t enter_lane(const Truck& truck);
  /// The truck in lane slot `lane` is through; the lane is free.
  Truck leave_lane(std::uint32_t lane);

  // ---- GATE APPOINTMENTS ------------------------------------------------------------
  /// Boxes by truck booked (picked up or brought), held ones included.
  void book(std::uint32_t boxes) noexcept { demand_ += boxes; }
  /// The truck's appointment is cancelled: it waits to be rebooked.
  void hold(const Truck& truck) { held_.push(truck); }
  [[nodiscard]] bool holding() const noexcept { return !held_.empty(); }
  /// The held appointments rebooked into the slots the gates have to spare at `gate_factor`
  /// (the file comment), oldest first: fn(truck, offset from now) for each.
  template <class Fn>
  void rebook(Ticks now, double gate_factor, Fn&& fn) {
    const double rate = rebook_rate_per_h(now, gate_factor);
    for (std::size_t k = 0; !held_.empty(); ++k) {
      const Ticks offset = rate > 0.0 ? hours(static_cast<double>(k) / rate) : 0;
      fn(held_.pop(), offset);
    }
  }

 private:
  [[nodiscard]] double rebook_rate_per_h(Ticks now, double gate_factor) const noexcept;

  std::uint32_t lanes_ = 0;
  std::uint32_t busy_ = 0;
  const kernel::Distribution* handling_ = nullptr;  ///< the first gate's (all lanes alike)
  Fifo<Truck> queue_;
  std::vector<Truck> in_lane_;  ///< by lane slot
  std::vector<std::uint32_t> free_slots_;
  Fifo<Truck> held_;     ///< cancelled appointments, oldest first
  double demand_ = 0.0;  ///< boxes by truck booked since time 0
};

}  // namespace porttwin::port
