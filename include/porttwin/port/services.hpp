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
// PCS MANUAL FALLBACK (a capacity change with manual = true; its level is
// ignored): phone, e-mail and paper at the desk. Every message then goes
// through one first-in first-out desk that passes at most
// manual_capacity_per_h messages an hour (service time 1 / capacity), and is
// passed on manual_extra_h plus the normal processing time after the desk is
// done with it. So k messages reaching an idle desk together at t leave the
// PCS at t + i / capacity + manual_extra_h + processing_h, i = 1..k.
// Messages held while the PCS was at level 0 join the desk's queue, in
// arrival order, when manual mode starts (they count as held). A later change
// with manual = false ends manual mode at its level: the messages still at
// the desk (including the one being handled) are passed on at normal speed
// (or held again, at level 0) and do not count as passed manually.
#pragma once

#include <cstdint>
#include <vector>

#include "porttwin/port/fifo.hpp"
#include "porttwin/port/level.hpp"
#include "porttwin/port/terminal.hpp"

namespace porttwin::port {

/// Vessels arriving: one LP for every arrival stream.
class Sea {
 public:
  explicit Sea(const Setup& setup);
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] std::uint64_t calls_generated() const noexcept { return next_call_; }

 private:
  void schedule_next(Context& ctx, std::uint16_t stream, Ticks after);
  void announce(Context& ctx, std::uint16_t vessel_class, Ticks eta);

  const Setup* setup_;
  std::uint32_t next_call_ = 0;
  std::vector<std::uint64_t> position_;                // per stream: arrivals generated (timetable, csv)
  std::vector<std::vector<double>> class_cumulative_;  // per stream: cumulative shares
  std::vector<std::vector<std::uint16_t>> class_of_;   // per stream: class indices
};

/// Counters of a message-passing service (the PCS, the port authority).
struct ServiceStats {
  std::uint64_t messages = 0;
  std::uint64_t held = 0;    ///< messages that had to wait for the service to come back
  double held_h_sum = 0.0;   ///< their total wait
  std::uint64_t manual = 0;  ///< messages passed on by the manual fallback (PCS)
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
  /// Messages waiting: held at level 0, or queued at the manual desk.
  [[nodiscard]] const LevelTracker& backlog() const noexcept { return backlog_; }
  [[nodiscard]] double level() const noexcept { return level_; }
  [[nodiscard]] bool manual() const noexcept { return manual_; }

 private:
  void on_capacity_change(Context& ctx, const Message& m);
  void start_manual(Context& ctx);
  void end_manual(Context& ctx);
  void to_desk(Context& ctx, const HeldMessage& m);
  void serve_next(Context& ctx);
  void on_manual_done(Context& ctx, const Message& m);
  /// Where the PCS passes `m` on; Setup::kPcs for what does not travel through it.
  [[nodiscard]] LpId destination(const Message& m) const noexcept;
  void pass_on(Context& ctx, const Message& m);

  const Setup* setup_;
  double level_ = 1.0;
  Fifo<HeldMessage> held_;
  bool manual_ = false;
  bool desk_busy_ = false;          ///< the desk's front message is being handled
  std::uint32_t desk_version_ = 0;  ///< invalidates a manual_done of a desk that closed
  Fifo<HeldMessage> desk_;          ///< at the manual desk, front first (front: in service)
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
