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
// order, once its level is back above 0.
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
  std::vector<std::uint64_t> position_;  // per stream: arrivals generated (timetable, csv)
  std::vector<std::vector<double>> class_cumulative_;  // per stream: cumulative shares
  std::vector<std::vector<std::uint16_t>> class_of_;   // per stream: class indices
};

class PortAuthority {
 public:
  explicit PortAuthority(const Setup& setup) : setup_(&setup) {}
  void init(Context& /*ctx*/) {}
  void handle(Context& ctx, const PortEvent& event);

 private:
  const Setup* setup_;
};

/// Counters of a message-passing service (the PCS).
struct ServiceStats {
  std::uint64_t messages = 0;
  std::uint64_t held = 0;    ///< messages that had to wait for the service to come back
  double held_h_sum = 0.0;   ///< their total wait
};

class Pcs {
 public:
  explicit Pcs(const Setup& setup);
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] const ServiceStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const LevelTracker& backlog() const noexcept { return backlog_; }
  [[nodiscard]] double level() const noexcept { return level_; }

 private:
  void pass_on(Context& ctx, const Message& m);

  const Setup* setup_;
  double level_ = 1.0;
  Fifo<HeldMessage> held_;
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
