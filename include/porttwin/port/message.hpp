// The messages port LPs send each other (and themselves): one small,
// trivially copyable struct, so an event is 56 bytes and the hot path copies
// it without allocating.
//
// Who sends what (-> another LP, over a link with at least the scenario's
// message latency; "self" events have no latency constraint):
//   sea            self  next_arrival           (per arrival stream)
//   sea            -> pcs pre_arrival_notification, cargo_declaration
//   sea            -> terminal vessel_arrival   (the vessel itself, at its ETA)
//   pcs            -> port_authority / customs / terminal: what it was given to pass on
//   pcs            self  manual_done            (the manual desk finished one message)
//   port_authority -> pcs clearance             (the notification was checked)
//   customs        -> pcs customs_release
//   terminal       self  phase_done, patience_expired, truck_arrival, truck_done,
//                        cargo_due, transshipment_out, sample, berth_step (BERTH TIME),
//                        crane_event (CRANE BREAKDOWNS), shift_change (SHIFT CHANGES)
//   terminal       -> terminal diverted_vessel, customs_release (forwarded after a diversion)
//   terminal       -> hinterland cargo_ready    (a batch may be collected / delivered)
//   hinterland     -> pcs -> terminal pickup    (the batch is being moved now; pre-notified through
//                                               the PCS unless rules.hinterland_via_pcs is false)
//   terminal       -> company  delivery         (bulk for a company's stock, when its batch leaves the
//                                               terminal: the pickup's count names the company + 1)
//   company        self  consume
//   any            self  capacity_change        (a closure, strike or an incident's effect):
//                        amount = level, flag = Component (setup.hpp: the whole node or a
//                        terminal's crane group, yard block, gate), count = that component's
//                        index, aux = 1 for the manual fallback (the PCS; ignored elsewhere)
#pragma once

#include <cstdint>
#include <type_traits>

#include "porttwin/kernel/time.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port {

enum class MessageKind : std::uint8_t {
  next_arrival,
  pre_arrival_notification,
  cargo_declaration,
  clearance,
  customs_release,
  vessel_arrival,
  diverted_vessel,
  phase_done,
  patience_expired,
  cargo_due,
  cargo_ready,
  pickup,
  truck_arrival,
  truck_done,
  transshipment_out,
  delivery,
  consume,
  capacity_change,
  manual_done,
  quay_notice,
  berth_step,
  crane_event,
  shift_change,
};

/// Which way a batch of cargo moves through the hinterland.
enum class Direction : std::uint8_t { import, export_ };

/// A pickup's flag: its direction (bit 0) and the operator's mode (bits 1-3).
[[nodiscard]] constexpr std::uint8_t pickup_flag(Direction d, scenario::HinterlandMode mode) noexcept {
  return static_cast<std::uint8_t>(static_cast<unsigned>(d) | (static_cast<unsigned>(mode) << 1U));
}
[[nodiscard]] constexpr Direction pickup_direction(std::uint8_t flag) noexcept {
  return static_cast<Direction>(flag & 1U);
}
[[nodiscard]] constexpr scenario::HinterlandMode pickup_mode(std::uint8_t flag) noexcept {
  return static_cast<scenario::HinterlandMode>(flag >> 1U);
}

/// One message. Field meaning depends on `kind` (see the table above and
/// the handlers); unused fields are zero.
struct Message {
  MessageKind kind = MessageKind::next_arrival;
  std::uint8_t flag = 0;    ///< direction, mode or a yes/no, by kind
  std::uint16_t index = 0;  ///< vessel class, stream or terminal index, by kind
  std::uint32_t call = 0;   ///< call id (unique per run), or a batch id
  std::uint32_t aux = 0;    ///< terminal index, version or slot, by kind
  std::uint32_t count = 0;  ///< boxes (containers) in a batch
  double amount = 0.0;      ///< moves, TEU, tonnes or units; or a level in [0, 1]
  kernel::Ticks time = 0;   ///< ETA, time a batch entered the yard, ...
};

static_assert(std::is_trivially_copyable_v<Message>);
static_assert(sizeof(Message) == 32, "keep a port event at 56 bytes");

}  // namespace porttwin::port
