// The LPs around the terminals: the sea side (vessels and their agents), the
// port authority, the Port Community System and customs. Each is one LP with
// the same shape as a terminal: init, handle, its state and its counters.
//
// A call's paperwork: ETA - lead, the agent sends its pre-arrival
// notification and cargo declaration to the PCS, and the vessel sets off
// (it reaches its terminal at the ETA). The PCS passes the notification to
// the port authority, which clears it after a checking time and answers
// through the PCS to the terminal; it passes the declaration to customs,
// which releases the cargo after a release time (plus an inspection time for
// a share of calls), again through the PCS to the terminal.
// The PCS passes each message on after its processing time divided by its
// level; at level 0 (an outage) it holds messages and passes them on, in
// order, once its level is back above 0. The port authority and customs do
// the same with their checking and release times: time / level, and at
// level 0 they hold what arrives and deal with it, in order, at recovery.
//
// MESSAGES AT THEIR REAL GRANULARITY: one event may stand for several real
// messages, and the PCS counts and hand-passes the real ones:
//   pre-arrival notification, clearance, cargo declaration (the manifest)   1 per call
//   customs release (import documents to the terminal, per container)       1 per import box
//                                                                            (1 per call for bulk)
//   pickup (hinterland notification of a truck, barge or train, per box)    1 per box (1 per bulk batch)
// At normal speed an event passes after the processing time, whatever it
// stands for (the system handles a list as one message).
//
// PCS MANUAL FALLBACK (a capacity change with manual = true; its level is
// ignored): phone, e-mail and paper at the desk. Every message then goes
// through one desk that passes at most manual_capacity_per_h real messages an
// hour (service time 1 / capacity per message), first come first served
// except that a call's paperwork (notification, clearance, declaration) goes
// before box messages (import documents, hinterland notifications) that are
// still waiting (the harbour master and the agents have their own lines; a
// message being handled is not interrupted). It is passed on manual_extra_h
// plus the normal processing time after the desk is done with it. So k
// one-message events reaching an idle desk together at t leave the PCS at
// t + i / capacity + manual_extra_h + processing_h, i = 1..k. An event of n
// messages leaves when its last is done, except a truck pickup of n boxes:
// it leaves when its first box is done, its trip span stretched to the desk's
// n / capacity if that is longer (each truck is notified on its own, so the
// trucks come spread over the desk's time), and the desk stays busy with it
// for n / capacity. With manual_backup_capacity_per_h > 0 truck pickups go
// instead to a second such queue, the backup service for road hauliers
// (Portbase offers one about an hour into an outage; a service, so without
// manual_extra_h); with manual_hold_declarations cargo declarations are not
// passed by hand but wait for the system (Portbase: queued customs messages
// are processed after recovery).
// Messages held while the PCS was at level 0 join the desks' queues, in
// arrival order, when manual mode starts (they count as held). A later change
// with manual = false ends manual mode at its level: the messages still at
// the desks (including the one being handled, and what is left of a truck
// pickup under way) are passed on at normal speed (or held again, at level 0)
// and do not count as passed manually.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "porttwin/port/fifo.hpp"
#include "porttwin/port/level.hpp"
#include "porttwin/port/terminal.hpp"

namespace porttwin::port {

/// Vessels arriving: one LP for every arrival stream.
///
/// BERTH WINDOWS (traffic.arrivals.<id>.process: windows): liner services
/// with a weekly (every `period`) berth window at one terminal, as a hub
/// terminal's berth plan gives each service a fixed day and time. The stream
/// has N = round(rate x period) services. Each service is of one vessel
/// class and calls one terminal, both fixed for the run: N is apportioned to
/// the classes by their shares, and each class's services to its terminals by
/// their crane weights (largest remainders, ties to the first). Each terminal
/// spreads the windows of the services it receives (from every windows
/// stream) evenly over the period: its m windows are at (k + 1/2) x period / m,
/// k = 0..m-1, and each class's as evenly as they can be among them (slot k
/// goes to the class furthest behind its even share, (k + 1) n_c / m - placed_c,
/// as mixed-model assembly lines are sequenced; ties to the longer expected
/// stay, mean call size / maximum cranes), so long calls are not put side by
/// side. Each
/// period a service's vessel arrives on time with probability on_time, at its
/// window + a `deviation` draw, or else late, at its window + a `late` draw
/// (Sea-Intelligence's schedule reliability and mean delay of late arrivals,
/// scenarios/README.md). A period's arrivals are drawn one period ahead (so a
/// draw up to a period early less the notification lead keeps its lead; the
/// first period's early draws before the start come at its first instant, so
/// let the warm-up cover the first period), and
/// the berths are then allocated as for any arrival (first come, first
/// served by arrival): a late vessel takes the first berth free.
class Sea {
 public:
  explicit Sea(const Setup& setup);
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] std::uint64_t calls_generated() const noexcept { return next_call_; }

 private:
  /// BERTH WINDOWS: one service of a windows stream.
  struct Service {
    std::uint16_t vessel_class = 0;
    std::uint32_t terminal = 0;
    double offset_h = 0.0;  ///< its window within the period
  };
  static constexpr std::uint32_t kAnyTerminal = 0xffffffffU;

  void schedule_next(Context& ctx, std::uint16_t stream, Ticks after);
  void build_services();
  void schedule_period(Context& ctx, std::uint16_t stream, std::uint64_t period);
  /// `late_s`: its arrival after its berth window, in seconds (none: it has no window).
  void announce(Context& ctx, std::uint16_t vessel_class, Ticks eta, std::uint32_t terminal = kAnyTerminal,
                std::optional<std::int32_t> late_s = std::nullopt);

  const Setup* setup_;
  std::uint32_t next_call_ = 0;
  std::vector<std::uint64_t> position_;  // per stream: arrivals (timetable, csv) or periods (windows) drawn
  std::vector<std::vector<double>> class_cumulative_;  // per stream: cumulative shares
  std::vector<std::vector<std::uint16_t>> class_of_;   // per stream: class indices
  std::vector<std::vector<Service>> services_;         // per stream: BERTH WINDOWS (windows streams)
};

/// Counters of a message-passing service (the PCS, the port authority).
/// The PCS counts real messages (MESSAGES AT THEIR REAL GRANULARITY), the
/// port authority its notifications.
struct ServiceStats {
  std::uint64_t messages = 0;  ///< received (the PCS: after the warm-up)
  std::uint64_t held = 0;      ///< messages that had to wait for the service to come back
  double held_h_sum = 0.0;     ///< their total wait
  std::uint64_t manual = 0;    ///< messages passed on by the manual fallback (PCS; desk and backup)
};

/// Clears pre-arrival notifications after a checking time divided by its level.
class PortAuthority {
 public:
  explicit PortAuthority(const Setup& setup) : setup_(&setup) {}
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] const ServiceStats& stats() const noexcept { return stats_; }

 private:
  void clear(Context& ctx, const Message& notification);

  const Setup* setup_;
  double level_ = 1.0;
  Fifo<HeldMessage> held_;
  ServiceStats stats_;
};

class Pcs {
 public:
  explicit Pcs(const Setup& setup);
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] const ServiceStats& stats() const noexcept { return stats_; }
  /// Real messages waiting: held at level 0, or queued at the manual desks.
  [[nodiscard]] const LevelTracker& backlog() const noexcept { return backlog_; }
  [[nodiscard]] double level() const noexcept { return level_; }
  [[nodiscard]] bool manual() const noexcept { return manual_; }
  /// The real messages one event stands for (MESSAGES AT THEIR REAL GRANULARITY).
  [[nodiscard]] std::uint32_t real_messages(const Message& m) const noexcept;

 private:
  /// A server of the manual fallback (the desk, or the backup service) with
  /// two first-in first-out queues: a call's paperwork, served first, and
  /// box messages.
  struct Desk {
    std::array<Fifo<HeldMessage>, 2> queues;  ///< kCallPaper, kBoxes; front first
    int serving = -1;                         ///< the queue whose front is being handled; -1: idle
    double capacity_per_h = 0.0;
  };
  enum DeskId : std::uint16_t { kDesk = 0, kBackup = 1 };
  enum Queue : std::uint8_t { kCallPaper = 0, kBoxes = 1 };
  [[nodiscard]] static Queue queue_of(const Message& m) noexcept;

  void on_capacity_change(Context& ctx, const LevelChange& m);
  void start_manual(Context& ctx);
  void end_manual(Context& ctx);
  /// In manual mode, where `m` goes: a desk, or held for the system.
  void route_manual(Context& ctx, const HeldMessage& m);
  void hold(const HeldMessage& m);
  /// manual_hold_declarations: `m` waits for the system instead of a desk.
  [[nodiscard]] bool waits_for_system(const Message& m) const noexcept;
  /// From a desk's done to the destination: the extra time by hand (not at the backup) and processing.
  [[nodiscard]] Ticks after_desk(DeskId id, double plus_h) const noexcept;
  void release_held(Context& ctx, const HeldMessage& m);
  void serve_next(Context& ctx, DeskId id);
  void on_manual_done(Context& ctx, const DeskDone& m);
  /// Where the PCS passes `m` on; Setup::kPcs for what does not travel through it.
  [[nodiscard]] LpId destination(const Message& m) const noexcept;
  void pass_on(Context& ctx, const Message& m);
  void update_backlog(Ticks now);

  const Setup* setup_;
  double level_ = 1.0;
  Fifo<HeldMessage> held_;
  bool manual_ = false;
  std::uint32_t desk_version_ = 0;  ///< invalidates a manual_done of a desk that closed
  std::array<Desk, 2> desks_;
  std::uint64_t waiting_ = 0;  ///< real messages held or queued at the desks (not yet done)
  LevelTracker backlog_;
  ServiceStats stats_;
};

class Customs {
 public:
  explicit Customs(const Setup& setup);
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] std::uint64_t inspections() const noexcept { return inspections_; }

 private:
  void release(Context& ctx, const Message& declaration);

  const Setup* setup_;
  double level_ = 1.0;
  Fifo<HeldMessage> held_;
  std::uint64_t inspections_ = 0;
};

}  // namespace porttwin::port
