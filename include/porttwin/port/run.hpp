// Run one replication of a scenario and collect what it measured: the key
// figures, per-terminal summaries, hourly (or per sampling interval) series,
// and the totals that conservation and Little's law are checked against.
//
// Key figures, after the warm-up. PERIOD ACCOUNTING: each thing counts when it
// happens, as the TEU handled do (a move counts when it is made): a visit counts
// when it ends (completed, diverted, left the port) after the warm-up, whenever
// it arrived; a visit still in port at the end does not count. Counting calls by
// their arrival instead (as porttwin did before) makes completed calls fall past
// capacity while TEU hold: the calls that arrived in the warm-up fill the
// counted period's berths and are not counted (Rotterdam x4 over 90 d with
// patience 60 d: 2,357 calls by arrival, 2,917 by departure, as at x2).
//   vessel_calls          calls that completed handling and left the berth
//   mean_wait_h / p95     arrival to berthing, over visits that berthed (p95: nearest rank)
//   mean_time_in_port_h   arrival to departure, over completed calls
//   berth_utilisation     berth-hours occupied / (berths x hours)
//   teu_handled           TEU discharged plus loaded at container terminals
//   peak_yard_teu         largest port-wide container yard content at a sampling time
//   vessel_hours_in_port  integral over the counted period of vessels waiting plus
//                         vessels at berth, summed over terminals (vessel-hours in port)
//   pcs_messages          real messages the PCS carried (services.hpp: MESSAGES AT THEIR
//                         REAL GRANULARITY: per call, per import box, per box moved inland)
//   pcs_messages_held     real messages the PCS held while down (level 0; whole run)
//   pcs_messages_manual   real messages the PCS passed on by its manual fallback (whole run)
//   schedule_reliability  share of scheduled calls on schedule (below)
//
// SCHEDULE RELIABILITY. A call's planned departure is its scheduled arrival
// (its berth window, BERTH WINDOWS in port/services.hpp; for other arrival
// streams the ETA at its first terminal) plus its class's planned stay
// (traffic.vessel_classes.<id>.planned_stay) or, where the class gives none,
// the berth window its terminal would plan: call size x long_crane / (the
// class's maximum cranes x the mean productivity of the cranes of the terminal
// it was first sent to x the share of each shift its cranes work), plus the
// means of the class's approach, before_work and after_work (terminal.hpp:
// BERTH TIME, CRANE SPLIT, SHIFT CHANGES; breakdowns are not planned). A call
// is on schedule when it completed handling and left
// within 24 h of its planned departure, early or late (the tolerance of the
// published liner statistics: Sea-Intelligence's schedule reliability counts
// a vessel on time within one day of its schedule). A call left the port
// unserved is not on schedule. Only calls that arrived after the warm-up and
// whose planned departure plus 24 h falls within the horizon are scheduled
// (the others are not yet decided). Each call belongs to the terminal it was
// first sent to, however often it was diverted.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "porttwin/kernel/run.hpp"
#include "porttwin/port/setup.hpp"
#include "porttwin/port/terminal.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::port {

struct PortRunOptions {
  kernel::SchedulerKind scheduler = kernel::SchedulerKind::sequential;
  int threads = 1;
  std::uint32_t blocks = 0;
  std::uint32_t replication = 0;
  /// Sample the series every settings.sample_interval (true), or not at all.
  bool sample = true;
  ModelOptions model;
};

struct KeyFigures {
  std::uint64_t vessel_calls = 0;
  double mean_wait_h = 0.0;
  double p95_wait_h = 0.0;
  double mean_time_in_port_h = 0.0;
  double berth_utilisation = 0.0;
  double teu_handled = 0.0;
  double peak_yard_teu = 0.0;
  std::uint64_t vessels_arrived = 0;
  std::uint64_t vessels_diverted = 0;              ///< to another terminal of the port
  std::uint64_t vessels_left_port = 0;             ///< gave up on the port
  std::uint64_t truck_appointments_cancelled = 0;  ///< container truck appointments cancelled at stopped gates
  double exports_cancelled_teu = 0.0;              ///< export TEU of calls that had left the port, not brought in
  double left_on_board_teu = 0.0;                  ///< discharge TEU carried out of the port by vessels that left it
  double imports_left_on_board_teu = 0.0;          ///< ... its imports: hinterland deliveries cancelled
  std::uint64_t late_clearances = 0;
  double bulk_t_handled = 0.0;
  double units_handled = 0.0;
  std::uint64_t trucks_served = 0;
  double mean_truck_wait_h = 0.0;
  double mean_vessels_waiting = 0.0;  ///< time average of the berth queue
  double company_shortage_h = 0.0;    ///< summed over companies
  std::uint64_t pcs_messages = 0;
  std::uint64_t pcs_messages_held = 0;
  std::uint64_t pcs_messages_manual = 0;
  double vessel_hours_in_port = 0.0;  ///< vessel-hours waiting or at berth, over the counted period
  std::uint64_t calls_scheduled = 0;  ///< SCHEDULE RELIABILITY: calls decided within the horizon
  std::uint64_t calls_on_schedule = 0;

  friend bool operator==(const KeyFigures&, const KeyFigures&) = default;
};

/// An amount of a terminal's cargo in its yard unit (scenario::yard_unit): TEU for a
/// container terminal, else its handled unit (t, units).
[[nodiscard]] inline double in_yard_unit(scenario::CargoKind kind, double teu, double handled) noexcept {
  return kind == scenario::CargoKind::containers ? teu : handled;
}

struct TerminalSummary {
  std::string id;
  std::uint64_t calls = 0;
  double mean_wait_h = 0.0;
  double berth_utilisation = 0.0;
  double crane_count = 0.0;
  double handled = 0.0;  ///< moves, t or units after warm-up
  double teu = 0.0;
  double cargo_handled = 0.0;  ///< in the yard unit (in_yard_unit)
  double peak_yard = 0.0;
  double yard_in = 0.0;  ///< whole run
  double yard_out = 0.0;
  double yard_end = 0.0;
  double yard_sojourn_h = 0.0;     ///< amount x hours, over what left
  double yard_integral_h = 0.0;    ///< integral of the yard content over the counted period
  double aboard_integral_h = 0.0;  ///< integral of the discharge cargo aboard vessels here, same period (yard unit)
  double queue_integral_h = 0.0;   ///< integral of vessels waiting over the counted period
  double vessel_hours = 0.0;       ///< integral of vessels waiting plus berths busy, same period
  std::vector<double> vessel_hours_by_class;  ///< vessel_hours split by vessel class (sums to it)
  double rolled = 0.0;
  double rolled_loaded = 0.0;                ///< ... of it, taken by a later call at the terminal (ROLLED EXPORTS)
  double rolled_expired = 0.0;               ///< ... left after another export dwell, untaken
  double rolled_end = 0.0;                   ///< ... still waiting at the end
  std::uint64_t exports_deferred = 0;        ///< export batches deferred by the EXPORT WINDOW
  std::uint64_t appointments_cancelled = 0;  ///< container truck appointments cancelled at stopped gates
  double exports_cancelled = 0.0;  ///< export TEU not brought in: its call had left the port (after the warm-up)
  ExportBookings exports;          ///< whole run: booked = received + cancelled + on its way
  double left_on_board = 0.0;  ///< discharge cargo (yard unit) carried out of the port from here (after the warm-up)
  /// CARGO ON BOARD balance, whole run, yard unit (TerminalStats):
  /// arrived + diverted_in = discharged + diverted_away + carried_away + on_board_end.
  double cargo_arrived = 0.0, cargo_diverted_in = 0.0, cargo_discharged = 0.0, cargo_diverted_away = 0.0,
         cargo_carried_away = 0.0, cargo_on_board_end = 0.0;
  std::uint64_t arrived = 0;       ///< calls that arrived here first, after the warm-up
  std::uint64_t diverted_out = 0;  ///< ... that left this terminal for another one
  std::uint64_t left_port = 0;     ///< ... that gave up on the port here
  double mean_time_in_port_h = 0.0;
  double mean_truck_wait_h = 0.0;
  std::array<std::uint64_t, 2> trucks_by_direction{};  ///< trucks served after warm-up, by Direction
  std::uint64_t calls_scheduled = 0;                   ///< SCHEDULE RELIABILITY, of the calls first sent here
  std::uint64_t calls_on_schedule = 0;

  [[nodiscard]] std::uint64_t trucks() const noexcept { return trucks_by_direction[0] + trucks_by_direction[1]; }
};

struct CompanySummary {
  std::string id;
  double consumed = 0.0;
  double shortfall = 0.0;
  double shortage_h = 0.0;
  double received = 0.0;
  double end_stock = 0.0;
  double first_shortage_h = -1.0;  ///< when it first ran short after warm-up (hinterland.hpp); -1 if never
};

/// Series sampled at every interval, in terminal order within each row: the
/// values at the sampling instant, and (`..._mean`) their time-weighted means
/// over the interval that ends there, from the previous sample (the first:
/// from time 0; warm-up included). A mean sees what happened between the
/// instants (a stop that began and ended inside the interval), so it need not
/// lie between the instants around it; mean x interval summed over the
/// samples is the quantity's exact integral (LevelTracker::area_h).
struct Series {
  std::vector<double> time_h;
  std::size_t terminals = 0;
  std::vector<double> vessels_waiting;  ///< [sample * terminals + t]
  std::vector<double> berths_busy;
  std::vector<double> yard;  ///< TEU or the terminal's cargo unit
  std::vector<double> trucks_waiting;
  std::vector<double> appointments_held;         ///< boxes whose truck appointment waits to be rebooked
  std::vector<double> appointments_held_import;  ///< ... of them, imports (in the yard)
  std::vector<double> level;
  std::vector<double> teu_handled;    ///< cumulative since the warm-up
  std::vector<double> handled;        ///< cargo handled on the quay (moves, t, units), cumulative since the warm-up
  std::vector<double> trucks_import;  ///< trucks served picking up imports, cumulative since the warm-up
  std::vector<double> trucks_export;  ///< trucks served bringing exports, cumulative since the warm-up
  std::vector<double> vessels_waiting_mean;  ///< [sample * terminals + t], over the interval ending at the sample
  std::vector<double> berths_busy_mean;
  std::vector<double> yard_mean;
  std::vector<double> trucks_waiting_mean;
  std::vector<double> appointments_held_mean;
  std::vector<double> appointments_held_import_mean;
  std::vector<double> level_mean;
  std::vector<double> pcs_backlog_mean;  ///< [sample]: real messages held or at the manual desks (services.hpp)
  std::size_t operators = 0;             ///< hinterland operators, in scenario order
  std::size_t companies = 0;             ///< companies, in scenario order
  std::vector<double> hinterland_moved;  ///< [sample * operators + o]: cargo it moved across the terminals' landside
                                         ///< (Terminal::landside_moved), cumulative since the warm-up
  std::vector<double> company_consumed;  ///< [sample * companies + c]: consumed, cumulative since the warm-up
};

struct PortRunResult {
  KeyFigures kpi;
  kernel::RunStats run;
  std::vector<TerminalSummary> terminals;
  std::vector<CompanySummary> companies;
  Series series;
  /// Every vessel visit to a terminal, ordered by (left, terminal, call); those still in port
  /// at the end last, by (arrival, terminal, call).
  std::vector<VesselVisit> vessels;
  std::uint64_t calls_generated = 0;
  double counted_hours = 0.0;  ///< horizon minus warm-up
};

/// Runs replication `options.replication` of `scenario` (its settings give
/// horizon, warm-up, seed and sampling interval).
[[nodiscard]] PortRunResult run_port(const scenario::Scenario& scenario, const PortRunOptions& options);

}  // namespace porttwin::port
