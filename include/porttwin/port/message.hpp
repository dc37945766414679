// The messages port LPs send each other (and themselves): a kind and a typed
// payload per kind (or per family of kinds carrying the same thing), in one
// small, trivially copyable value, so an event is 64 bytes (a cache line) and
// the hot path copies it without allocating.
//
// Who sends what (-> another LP, over a link with at least the scenario's
// message latency; "self" events have no latency constraint), and its payload:
//   sea            self  next_arrival                ArrivalDue   (per arrival stream)
//   sea            -> pcs pre_arrival_notification,  CallNotice
//                         cargo_declaration
//   sea            -> terminal vessel_arrival        VesselArrival (the vessel itself, at its ETA)
//   pcs            -> port_authority / customs / terminal: what it was given to pass on
//   pcs            self  manual_done                 DeskDone     (the manual desk finished one message)
//   port_authority -> pcs clearance                  CallNotice   (the notification was checked)
//   customs        -> pcs customs_release            CallNotice
//   terminal       self  phase_done, berth_step      CallStep     (BERTH TIME)
//                        patience_expired            PatienceDue
//                        truck_arrival / truck_done  TruckArrival / TruckDone
//                        cargo_due                   Batch
//                        export_due_again            DeferredExport (EXPORT WINDOW)
//                        transshipment_out           ByVessel
//                        crane_event                 CraneEvent   (CRANE BREAKDOWNS)
//                        shift_change                ShiftChange  (SHIFT CHANGES)
//                        quay_notice                 Signal
//   terminal       -> terminal diverted_vessel       DivertedVessel, and customs_release
//                                                    (forwarded after a diversion)
//   terminal       -> hinterland cargo_ready         Batch        (a batch may be collected / delivered)
//   hinterland     -> pcs -> terminal pickup         Batch        (the batch is being moved now; pre-notified
//                                                    through the PCS unless rules.hinterland_via_pcs is false)
//   terminal       -> company  delivery              Batch        (bulk for a company's stock, when its batch
//                                                    leaves the terminal)
//   company        self  consume                     Signal
//   any            self  capacity_change             LevelChange  (a closure, strike or an incident's effect)
//
// A payload is read with `Message::as<P>()`, which checks (where assertions
// are on) that P carries the message's kind.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

#include "porttwin/kernel/time.hpp"
#include "porttwin/port/setup.hpp"
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
  export_due_again,
};

/// Which way a batch of cargo moves through the hinterland.
enum class Direction : std::uint8_t { import, export_ };

// ---- payloads: each starts with its kind -------------------------------------------

/// next_arrival: a stream's next arrival is due, or (period_tick) the tick that
/// draws a berth-window stream's next period.
struct ArrivalDue {
  MessageKind kind = MessageKind::next_arrival;
  bool period_tick = false;
  std::uint16_t stream = 0;
  std::uint16_t vessel_class = 0;  ///< csv streams: the listed vessel's class
  std::uint32_t service = 0;       ///< berth-window streams: the liner service
  std::int32_t late_s = 0;         ///< berth-window streams: arrival after the window, whole seconds
  kernel::Ticks eta = 0;           ///< csv and berth-window streams
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::next_arrival; }
};

/// A call's paperwork: pre_arrival_notification, clearance (the same, checked),
/// cargo_declaration and customs_release (its import documents, one per box).
/// Whoever hears of a call first learns it from these.
struct CallNotice {
  MessageKind kind = MessageKind::pre_arrival_notification;
  std::uint16_t vessel_class = 0;
  std::uint32_t terminal = 0;      ///< the terminal the call is planned at
  std::uint32_t call = 0;          ///< unique per run
  std::uint32_t import_boxes = 0;  ///< declaration and release: import documents (0 for bulk)
  double moves = 0.0;              ///< call size
  kernel::Ticks eta = 0;
  static constexpr bool accepts(MessageKind k) noexcept {
    return k == MessageKind::pre_arrival_notification || k == MessageKind::cargo_declaration ||
           k == MessageKind::clearance || k == MessageKind::customs_release;
  }
};

/// vessel_arrival: the vessel itself, at its ETA.
struct VesselArrival {
  MessageKind kind = MessageKind::vessel_arrival;
  bool has_window = false;  ///< it sails on a berth window (BERTH WINDOWS)
  std::uint16_t vessel_class = 0;
  std::uint32_t call = 0;
  std::int32_t late_s = 0;  ///< SCHEDULE RELIABILITY: arrival after its window, whole seconds
  double moves = 0.0;
  kernel::Ticks eta = 0;
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::vessel_arrival; }
};

/// diverted_vessel: a vessel sent on from another terminal, with its clearance and
/// release state, the terminals it tried and the work it still has to do here.
struct DivertedVessel {
  MessageKind kind = MessageKind::diverted_vessel;
  bool cleared = false;
  bool released = false;
  bool ad_hoc = false;            ///< an ad-hoc call at its new terminal
  bool exports_unbooked = false;  ///< no terminal has booked its export cargo yet (EXPORTS GO WITH THE VESSEL)
  std::uint16_t vessel_class = 0;
  std::uint32_t call = 0;
  std::uint32_t tried = 0;  ///< terminals tried, as bits of positions in the class's list (bit 31: ad hoc)
  // PATIENCE AT THE BERTH: the shares of the class's discharge and load left, as
  // 32-bit fractions (kWhole is all of it); the sender keeps the same rounded value.
  std::uint32_t discharge_left = 0;
  std::uint32_t load_left = 0;
  double moves = 0.0;
  static constexpr std::uint32_t kWhole = 0xFFFF'FFFFU;
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::diverted_vessel; }
};

/// phase_done (a berthed call's current phase ends) and berth_step (BERTH TIME: its
/// approach, wait for the first lift or wait to leave ends), unless superseded.
struct CallStep {
  MessageKind kind = MessageKind::phase_done;
  std::uint32_t call = 0;
  std::uint32_t slot = 0;     ///< the terminal's slot of the call
  std::uint32_t version = 0;  ///< the call's version when scheduled
  static constexpr bool accepts(MessageKind k) noexcept {
    return k == MessageKind::phase_done || k == MessageKind::berth_step;
  }
};

/// patience_expired: a vessel waiting since `since` (at anchor, or idle at a stopped berth).
struct PatienceDue {
  MessageKind kind = MessageKind::patience_expired;
  bool at_berth = false;
  std::uint32_t call = 0;
  std::uint32_t slot = 0;
  kernel::Ticks since = 0;  ///< its arrival, or when its quay stopped
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::patience_expired; }
};

/// One batch of cargo on its way between a terminal's yard and the hinterland:
/// cargo_due (the terminal's own, when it falls due), cargo_ready (to its operator),
/// pickup (the operator moves it now; to the terminal, through the PCS) and
/// delivery (bulk for a company, from the terminal when the batch leaves).
struct Batch {
  MessageKind kind = MessageKind::cargo_due;
  Direction direction = Direction::import;
  scenario::HinterlandMode mode = scenario::HinterlandMode::truck;  ///< pickup: its operator's mode
  std::uint16_t operator_index = 0;         ///< cargo_due: the operator to offer it to (Terminal::kNoOperator: none)
  std::uint16_t terminal = 0;               ///< cargo_ready, pickup: the terminal it is at
  std::uint32_t company = scenario::kNone;  ///< a bulk batch for a company's stock: the company
  std::uint32_t call = 0;                   ///< the call it came by or goes by
  std::uint32_t boxes = 0;                  ///< containers in it (0 for bulk)
  std::uint32_t span_s = 0;                 ///< pickup: its trip, over which its trucks come, in whole seconds
  double amount = 0.0;                      ///< TEU, tonnes or units
  kernel::Ticks entered = 0;                ///< when it entered the yard (imports), or fell due (exports)
  static constexpr bool accepts(MessageKind k) noexcept {
    return k == MessageKind::cargo_due || k == MessageKind::cargo_ready || k == MessageKind::pickup ||
           k == MessageKind::delivery;
  }
};

/// export_due_again: EXPORT WINDOW: a deferred export batch's new due time.
struct DeferredExport {
  MessageKind kind = MessageKind::export_due_again;
  std::uint32_t id = 0;  ///< the deferral (the terminal keeps the batch)
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::export_due_again; }
};

/// truck_arrival: one truck at the gate for one box.
struct TruckArrival {
  MessageKind kind = MessageKind::truck_arrival;
  Direction direction = Direction::import;
  std::uint32_t call = 0;
  double amount = 0.0;        ///< TEU of its box
  kernel::Ticks entered = 0;  ///< when its box entered the yard (import)
  kernel::Ticks service = 0;  ///< time at a lane at full speed, drawn with its batch
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::truck_arrival; }
};

/// truck_done: the truck in lane slot `lane` is through.
struct TruckDone {
  MessageKind kind = MessageKind::truck_done;
  std::uint32_t lane = 0;
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::truck_done; }
};

/// transshipment_out: cargo leaving the yard by a vessel: transshipment, or
/// (rolled) a ROLLED EXPORTS batch whose wait for a later sailing ended.
struct ByVessel {
  MessageKind kind = MessageKind::transshipment_out;
  bool rolled = false;
  std::uint32_t rolled_batch = 0;  ///< rolled: the batch's id
  double amount = 0.0;             ///< transshipment: what leaves
  kernel::Ticks entered = 0;       ///< when it entered the yard (a rolled batch: the mean)
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::transshipment_out; }
};

/// capacity_change: a node's level, or the level of one component of it, from now.
struct LevelChange {
  MessageKind kind = MessageKind::capacity_change;
  Component component = Component::node;
  bool manual = false;      ///< the manual fallback starts (the PCS; ignored elsewhere)
  std::uint32_t index = 0;  ///< the component's index (setup.hpp's ChangeTarget)
  double level = 1.0;       ///< in [0, 1]
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::capacity_change; }
};

/// manual_done: a PCS desk finished the message it was serving.
struct DeskDone {
  MessageKind kind = MessageKind::manual_done;
  std::uint16_t desk = 0;
  std::uint32_t version = 0;  ///< the desks' version when it started (a closed desk's is stale)
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::manual_done; }
};

/// crane_event: CRANE BREAKDOWNS: crane `crane` fails, or is repaired.
struct CraneEvent {
  MessageKind kind = MessageKind::crane_event;
  bool fails = false;
  std::uint32_t crane = 0;
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::crane_event; }
};

/// shift_change: SHIFT CHANGES: the crews stop, or resume.
struct ShiftChange {
  MessageKind kind = MessageKind::shift_change;
  bool crews_stop = false;
  static constexpr bool accepts(MessageKind k) noexcept { return k == MessageKind::shift_change; }
};

/// A kind that carries nothing: consume (a company's hour), quay_notice (RE-ROUTING).
struct Signal {
  MessageKind kind = MessageKind::consume;
  static constexpr bool accepts(MessageKind k) noexcept {
    return k == MessageKind::consume || k == MessageKind::quay_notice;
  }
};

/// A payload type: trivially copyable, its kind first, small enough for a message.
template <class P>
concept MessagePayload = std::is_trivially_copyable_v<P> && std::is_standard_layout_v<P> && sizeof(P) <= 40 &&
                         requires(const P& p) {
  { p.kind } -> std::convertible_to<MessageKind>;
  { P::accepts(p.kind) } -> std::same_as<bool>;
};

/// One message: its kind and payload, stored as the payload's bytes.
class Message {
 public:
  static constexpr std::size_t kBytes = 40;

  Message() noexcept = default;
  template <MessagePayload P>
  Message(const P& payload) noexcept {  // NOLINT(google-explicit-constructor): a payload is a message
    static_assert(offsetof(P, kind) == 0, "a payload starts with its kind");
    assert(P::accepts(payload.kind));
    std::memcpy(bytes_.data(), &payload, sizeof(P));
  }

  [[nodiscard]] MessageKind kind() const noexcept { return static_cast<MessageKind>(bytes_[0]); }

  /// The payload, which must be of a type that carries this kind. A reference into the
  /// message, not a copy (handlers read their fields straight from the event): the bytes
  /// hold a P, created by the copy into them (memcpy and the copy of a byte array
  /// implicitly create objects, C++20 [intro.object]).
  template <MessagePayload P>
  [[nodiscard]] const P& as() const noexcept {
    static_assert(alignof(P) <= alignof(Message));
    assert(P::accepts(kind()));
    return *std::launder(reinterpret_cast<const P*>(bytes_.data()));
  }

 private:
  alignas(8) std::array<std::byte, kBytes> bytes_{};
};

static_assert(std::is_trivially_copyable_v<Message>);
static_assert(sizeof(Message) == Message::kBytes, "keep a port event at 64 bytes");

}  // namespace porttwin::port
