// A terminal: its berths, quay cranes, yard and gates, as one LP.
//
// A vessel call's life here:
//   1. The terminal learns of the call from whichever comes first: the
//      clearance of its pre-arrival notification (through the PCS), the
//      customs release of its cargo (through the PCS), or the vessel itself.
//      It then asks hinterland operators to bring the call's export cargo.
//   2. The vessel arrives. It may berth once its notification is cleared and
//      a berth that fits it (length, depth) is free with at least the
//      class's minimum number of cranes available. Allocation is first come,
//      first served among berths that fit (a vessel that fits no free berth
//      does not block the ones behind it), or largest first.
//   3. Handling: cranes (between the class's minimum and maximum) work the
//      discharge moves, then the load moves, each crane at a productivity
//      drawn for this call. Work is a fluid: remaining moves fall at the sum
//      of the cranes' productivities times the terminal's quay factor (below).
//      CAPACITY CHANGE RULE: when the quay factor, the crane count or yard
//      room changes, work in progress is interrupted at that instant, what is
//      done is kept, and the rest resumes at the new rate (at 0 it waits). A
//      change that leaves the quay factor as it was interrupts nothing.
//      PARTS AND EQUIPMENT LEVELS: the terminal keeps a level (1 normal, 0
//      stopped) for itself, for each of its parts (quay, yard, gates, rail
//      side, barge side; a capacity change names them "<terminal>.quay" and
//      so on) and for each crane group, yard block and gate ("<terminal>.<key>"),
//      and for each of its systems ("<terminal>.<key>": a terminal operating
//      system, gate system, crane control...), and works at a quay factor, a
//      gate factor and a factor per hinterland side derived from them (the
//      formulas in part_levels.hpp, class PartLevels, which keeps the levels).
//      The yard is a stage in series with the quay and each side: the slower
//      sets the pace (a flow line's bottleneck), so a terminal whose parts all
//      run at x runs at x, as one whose own level is x does. A yard block's
//      level is its handling equipment's, not its room: a stopped block keeps its
//      boxes and its capacity, but the quay and the gate, which need the
//      yard to move boxes, slow down with it. Cranes stay one pool: a stopped
//      group slows every call by its share of the cranes, rather than
//      leaving the pool (a fluid rule, like the level itself). The sampled
//      `level` series is the quay factor. With every level at 1 the factors
//      are exactly 1, so the arithmetic is the same as with no levels at all.
//      STOPPED MEANS STOPPED: at quay factor 0 no vessel berths (a waiting
//      vessel's patience runs on; a berthed one lies idle, its time in port
//      growing, under PATIENCE AT THE BERTH, rule 7); at a side's factor 0 nothing moves through it: a rail, barge,
//      pipeline or conveyor batch (or a bulk truck batch, by the gate factor)
//      that comes for or brings cargo waits at the terminal, first come first
//      served; cargo leaving by a later vessel (transshipment, rolled
//      exports) waits for the quay and moves at the instant it works again.
//      HELD TRIPS GO AGAIN (container terminals): when a rail or barge side
//      works again, each batch held at it goes back to its operator, which
//      runs it again (a new offer: first come first served behind what it was
//      offered already, at its capacity, pre-notified through the PCS as any
//      trip), so the backlog clears at the operators' spare capacity; trains
//      and barges are fleets that can be put on again.
//      SLOTS SHIFT (other terminals: pipelines, conveyors, bulk trains, barges
//      and trucks): a batch held at a stopped side moves at the restart plus
//      the time it came after the stop began, so the held batches follow
//      each other at the pace they came (the side's timetable shifts by the
//      stop's length), alongside the batches of the restarted timetable.
//      GATE APPOINTMENTS: while the gate factor is 0 the terminal takes no
//      truck: every container truck appointment falling due is cancelled
//      (the operator sends no truck; the box is held), and trucks queueing at
//      the gates when they stop, or arriving while stopped, are turned away,
//      their appointments cancelled too. When the gates work again the held
//      appointments are rebooked, oldest first, one every 1/r hours from
//      the restart, r the slots the gates have to spare over the terminal's
//      truck demand, at least a tenth of their capacity so that a backlog
//      clears at gates overloaded at normal demand (the formula in gates.hpp,
//      class Gates). Trucks of the new appointments come as before. (DP World Australia, November 2023: operators were
//      told over the weekend that Monday's slots were cancelled; scenarios/README P17.) Partial levels slow the quay
//      and the gates (the rules above); rail and barge batches are timed by their operators. BERTH TIME
//      (traffic.vessel_classes.<id>.berthing, each drawn per call from the call's own stream; all 0 by default): a
//      vessel given a berth first makes its approach (pilotage from the anchorage or the pilot station, tugs, mooring:
//      the berth and its cranes are held, the berth not yet occupied), then lies all fast before the first lift
//      (before_work: gangway, authorities, lashing gangs aboard), then its cranes work the phases, then after the last
//      lift its cranes are free (kept for the next vessel to berth while vessels wait; else they join working vessels,
//      reassign_cranes) and it stays occupying the berth for after_work (lashing checks, paperwork,
//      pilot and tugs, unmooring). Time in port runs from arrival to leaving
//      the berth (the CPPI's "total port hours"); berth occupancy from all fast
//      to leaving. A quay stopped when a vessel's work would start leaves it
//      idle from then (PATIENCE AT THE BERTH); approach and after_work run on
//      whatever the quay's level (boatmen, pilots and tugs are not the terminal).
//      CRANE SPLIT (cranes.long_crane, default 1): a vessel's moves are not
//      spread evenly over its cranes, which work their own bays and cannot
//      pass each other; it is done when its long crane is, so its work rate is
//      the sum of its cranes' rates / long_crane (the cranes stay with it).
//      SHIFT CHANGES (terminals.<id>.shifts): every `every` from `first`, all
//      of the terminal's cranes stop for `changeover` (work under way pauses
//      and resumes, CAPACITY CHANGE RULE); a changeover is not a stop of the
//      quay: vessels still berth, no patience runs. 0 (the default) is a
//      hot-seat change. The planned stay counts it (port/run.hpp).
//      CRANE BREAKDOWNS (cranes.<group>.breakdowns): each crane fails after an
//      interval drawn from its own stream (calendar time from its last repair,
//      idle or working) and works again after a drawn repair; a group with d of
//      its n cranes down works at its level x (n - d) / n in the crane factor
//      above (the fluid rule: every call slows by the share down), so the
//      sampled `level` shows breakdowns too, and a terminal whose every crane
//      is down is stopped (STOPPED MEANS STOPPED).
//   4. Discharge done: import and transshipment cargo enter the yard. If the
//      yard cannot take the call's discharge, the excess goes to the overflow
//      area, adding its extra handling time (overflow_area), or, when there
//      is no room at all (stop_discharge, or the overflow area is full too),
//      the vessel is loaded first and discharged once room frees up.
//      YARD ADMISSION (what a terminal does as its yard fills, so that
//      overload saturates the quay instead of locking it): a vessel is given
//      a berth only if its discharge, less its own exports already in the
//      yard, fits the room left (overflow area included; an empty yard takes
//      any call); one that does not waits at anchor (its patience running)
//      without blocking the ones behind it. While the yard holds its
//      capacity (overflow area aside), export receival stops: export batches
//      falling due are not offered to the hinterland operators (no
//      appointments: their capacity goes to collecting imports), and export
//      trucks and rail or barge batches already on their way wait outside;
//      all of them come in, first come first served, as room frees.
//      Export cargo of a call that left the port and is not yet through the
//      gate (not offered, waiting outside or in the gate queue) is not
//      brought in: the shipper's booking goes with the line elsewhere
//      (counted as exports_cancelled); what is already in the yard rolls.
//   5. Load done: the call's export cargo leaves the yard. When both phases
//      are done the vessel leaves; its cranes go to the next vessel or, with
//      reassign_cranes, to working vessels below their maximum.
//   6. Import cargo leaves only after its customs release: per mode it is
//      split into batches, each with a dwell time drawn from the import dwell
//      distribution; when a batch is due it is offered to an operator of that
//      mode, whose pickup removes it. Container pickups by truck come as one
//      truck per box, queueing at the gate lanes (first come, first served;
//      a truck's service time is its drawn handling time / the gate factor;
//      at gate factor 0 no truck starts, trucks already in a lane finish,
//      and appointments are cancelled and rebooked: GATE APPOINTMENTS);
//      rail and barge batches are handled as a whole. Transshipment cargo leaves after its own dwell
//      (loaded onto a later vessel). Export cargo arrives the same way before
//      the vessel and leaves with it; export boxes arriving after their vessel
//      left are rolled to a later sailing (ROLLED EXPORTS).
//      ROLLED EXPORTS: export cargo in the yard that missed its vessel (it
//      arrived late, or its vessel left the terminal or the port without it)
//      waits in the yard for a later sailing. A call starting its load here
//      takes such cargo, oldest first, up to its class's rolled_space share of
//      its own export load (spare slots; its load phase grows by the moves),
//      and it leaves on that vessel; what no call takes within its wait
//      (traffic.dwell.rolled; by default another export dwell) leaves then by
//      another line's sailing or port, as all of it did before
//      (rolled_space 0, the default). Rolled cargo that leaves so is not counted in
//      the TEU handled: no simulated crane lifts it (it leaves the model).
//      EXPORTS STAY BOOKED: export cargo is booked at the terminal a call is first
//      sent to. A vessel that goes elsewhere in the port (diverted, ad hoc) loads
//      none of it there: what was delivered, or comes later, rolls at the first
//      terminal. At the terminal it goes to it works what it has left of its
//      discharge and the transshipment half of its load, plus any rolled cargo it
//      takes there. (Before 2026-12-07 it loaded its whole export share there too:
//      boxes lifted at a terminal that never had them, and lifted twice once a
//      later call took them where they were, with rolled_space.)
//      EXPORTS GO WITH THE VESSEL: a call its line sent on before booking any
//      export cargo (CONGESTION RE-ROUTING) has its exports booked at the terminal
//      that takes it, when it arrives there (the shippers deliver to the new
//      terminal; much of it then comes too late for that vessel and rolls). If no
//      terminal takes it, its exports count as cancelled (exports_cancelled): the
//      port loses that cargo.
//      EXPORT WINDOW (terminals.<id>.export_window): at `eta` (the default) a
//      call's export batches fall due their drawn export dwell before its ETA.
//      At `berth` the cargo opening follows the berth plan: a batch falling due
//      for a vessel not yet berthed is deferred to its dwell before the
//      expected berthing, if that is more than an hour later, and re-checked
//      then; the expected berthing is the ETA (or, at anchor, the arrival) plus
//      the wait the terminal expects (EXPECTED WAIT), and not before its quay is
//      announced back (RE-ROUTING's notices). When the vessel berths, its
//      deferred batches come at once.
//      EXPECTED WAIT, as a berth planner reads it off the queue: the vessels
//      waiting x the mean berth stay / the berths (the stay a running mean of
//      berthing to leaving, the latest weighing 0.2). Not the waits of the
//      vessels berthed: those are cut off at the patience of the ones that left.
//      CONGESTION RE-ROUTING (rules.congestion_rerouting): a line told of a
//      call (its first message here) whose expected wait is longer than the
//      vessel's patience sends it on: no export cargo is booked on it here,
//      and on arrival it goes at once, as under RE-ROUTING (the next listed
//      terminal, ad hoc, or away from the port); a vessel diverted here goes
//      on at once for the same reason. Lines skipped congested ports in
//      2021-22 rather than queue (scenarios/README.md, P21).
//   7. A vessel that waits longer than its class's patience diverts: if it is
//      cleared, to the next terminal of its class that fits it (the patience
//      clock restarts there); otherwise, or if no terminal is left, it leaves
//      the port. Both are counted.
//      PATIENCE AT THE BERTH: a berthed vessel whose quay stops (quay factor 0)
//      has the same patience, counted from the stop. When the quay stops, the
//      phase under way is settled: the boxes discharged so far are in the yard
//      (their imports go to the hinterland as any import), those loaded so far
//      are on board. If the quay is still stopped when the patience runs out
//      (or a notice makes what is left of it too short, RE-ROUTING below), the
//      vessel leaves its berth and diverts or leaves the port like a waiting
//      one, with the work it had not done: the rest of its discharge stays on
//      board, its exports still in the yard roll to a later sailing (a line's
//      "cut and run"). A terminal it diverts to works only what is left.
//      CARGO ON BOARD: cargo for discharge that leaves the port on board (from
//      anchor or from a berth) is counted (left_on_board, its imports as
//      hinterland deliveries cancelled); at each terminal, over the whole run,
//        arrived + diverted in = discharged + diverted on + carried out of the
//                                port + on board at the end
//      (tests/cyber/balance_test.cpp checks it for every shipped scenario).
//      RE-ROUTING: a terminal whose quay an incident stops may announce it
//      (cyber.incidents.<id>.announcement: after a delay, with an expected
//      duration that may be wrong; announced again each time it passes with
//      the quay still stopped; an all-clear when the quay works again). A
//      vessel arriving at a terminal announced stopped for longer than its
//      patience, or waiting there when a notice makes its remaining patience
//      too short, goes at once instead of waiting its patience out. Wherever
//      it diverts, it skips the listed terminals announced stopped for longer
//      than its patience; with none left it goes, once, to a terminal that
//      accepts ad-hoc calls (terminals.<id>.ad_hoc; chosen in proportion to
//      cranes, on the call's stream), whose cranes work it at ad_hoc.productivity
//      of their own rate; else it leaves the port. Lines re-route on what
//      they are told, not on what is true: a stop that is never announced is
//      learnt only by waiting.
// Aggregation: containers are counted individually only at the gate (one
// truck per box); on the quay they are moves of a call, in the yard TEU.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "porttwin/port/context.hpp"
#include "porttwin/port/fifo.hpp"
#include "porttwin/port/gates.hpp"
#include "porttwin/port/level.hpp"
#include "porttwin/port/message.hpp"
#include "porttwin/port/part_levels.hpp"
#include "porttwin/port/quay.hpp"
#include "porttwin/port/setup.hpp"
#include "porttwin/port/yard.hpp"

namespace porttwin::port {

/// What a terminal counts over a run (after the warm-up where it says so).
/// One vessel's visit to a terminal, recorded when it leaves (or, still in
/// port, at the end of the run): a per-call log for analysts (results
/// files' /vessels). A diverted vessel has one visit per terminal.
struct VesselVisit {
  enum class Outcome : std::uint8_t { completed, diverted, left_port, in_port };
  std::uint32_t call = 0;
  std::uint16_t vessel_class = 0;  ///< index into traffic.vessel_classes
  std::uint32_t terminal = 0;      ///< index into Scenario::terminals (set when gathered)
  double arrival_h = 0.0;
  double berthed_h = -1.0;  ///< -1: never berthed here
  double left_h = -1.0;     ///< -1: still in port at the end
  double moves = 0.0;       ///< call size (moves, t or units)
  double scheduled_h = -1;  ///< its berth window (BERTH WINDOWS; first visit), -1 if it has none
  bool counted = false;     ///< ended after the warm-up (PERIOD ACCOUNTING in port/run.hpp)
  Outcome outcome = Outcome::completed;
  /// Planned departure (SCHEDULE RELIABILITY in port/run.hpp), the same on every visit of a call;
  /// set when the visits are gathered.
  double planned_departure_h = 0.0;
};
[[nodiscard]] std::string_view to_string(VesselVisit::Outcome outcome) noexcept;

/// Export bookings of a container terminal, whole run, TEU: every TEU booked on a call is
/// received into the yard, cancelled (its vessel left the port first) or still on its way
/// (offered, deferred, at the operator, on a truck, train or barge, held at a gate or side):
///   booked = received + cancelled + on its way,  so booked - received - cancelled >= 0,
/// and 0 once nothing is on its way (tests/port/model_test.cpp, Conservation).
struct ExportBookings {
  double booked = 0.0;
  double received = 0.0;
  double cancelled = 0.0;
  [[nodiscard]] double on_its_way() const noexcept { return booked - received - cancelled; }
};

struct TerminalStats {
  // vessels (calls arriving after the warm-up)
  std::uint64_t calls_arrived = 0;
  std::uint64_t calls_completed = 0;
  std::uint64_t calls_diverted_out = 0;  ///< left this terminal for another one
  std::uint64_t calls_diverted_in = 0;
  std::uint64_t calls_left_port = 0;  ///< gave up on the port
  std::uint64_t late_clearances = 0;  ///< cleared after the deadline
  std::vector<double> waits_h;        ///< arrival to berthing, one per berthed vessel
  double time_in_port_h_sum = 0.0;    ///< arrival to departure, over completed calls
  // quay
  double moves = 0.0;  ///< moves (or t, units) completed after warm-up
  double teu = 0.0;    ///< TEU handled after warm-up (container terminals only)
  // yard flow (whole run, for conservation and Little's law)
  double yard_in = 0.0;                ///< TEU (or t, units) that entered the yard
  double yard_out = 0.0;               ///< ... that left it
  double sojourn_h = 0.0;              ///< sum of amount x time in yard, over what left
  double rolled = 0.0;                 ///< export cargo that missed its vessel
  double rolled_loaded = 0.0;          ///< ... of it, taken by a later call here (ROLLED EXPORTS; whole run)
  double rolled_expired = 0.0;         ///< ... left after another export dwell, no call here having taken it
  double rolled_end = 0.0;             ///< ... still waiting at the end (set by finish)
  std::uint64_t exports_deferred = 0;  ///< export batches deferred by the EXPORT WINDOW (whole run, each time)
  double exports_cancelled = 0.0;      ///< export TEU not brought in after the warm-up: its vessel left the port first
  ExportBookings exports;              ///< whole run (ExportBookings)
  // CARGO ON BOARD (discharge cargo, in the yard unit). Whole run, for the balance
  //   arrived + diverted_in = discharged + diverted_away + carried_away + on board at the end:
  double arrived_cargo = 0.0;      ///< on board of calls arriving here first
  double diverted_in_cargo = 0.0;  ///< on board of vessels diverted here
  double discharged = 0.0;         ///< discharged into the yard
  double diverted_away = 0.0;      ///< on board of vessels that left here for another terminal
  double carried_away = 0.0;       ///< on board of vessels that left the port from here
  double on_board_end = 0.0;       ///< on board of vessels still here at the end (set by finish)
  // ... and of calls that left after the warm-up (the key figures):
  double left_on_board = 0.0;          ///< discharge cargo carried out of the port
  double imports_left_on_board = 0.0;  ///< its imports: hinterland deliveries that will not happen
  // gate
  std::array<std::uint64_t, 2>
      trucks_by_direction{};  ///< trucks served after warm-up, by Direction (import: picking up)
  double truck_wait_h_sum = 0.0;
  std::uint64_t appointments_cancelled =
      0;  ///< container truck appointments cancelled after warm-up (GATE APPOINTMENTS)
  // the vessels' log (every visit, counted or not)
  std::vector<VesselVisit> visits;

  [[nodiscard]] std::uint64_t trucks() const noexcept { return trucks_by_direction[0] + trucks_by_direction[1]; }
};

/// Time-integrated levels an observer may read at any checkpoint.
struct TerminalLevels {
  LevelTracker vessels_waiting;
  LevelTracker berths_busy;
  LevelTracker trucks_waiting;            ///< at the gate, not yet in a lane
  LevelTracker appointments_held;         ///< GATE APPOINTMENTS: boxes whose truck appointment waits to be rebooked
  LevelTracker appointments_held_import;  ///< ... of them, import boxes (in the yard; the rest wait outside)
  LevelTracker level;                     ///< operational level: the quay factor (1 normal)
  LevelTracker aboard;                    ///< discharge cargo aboard vessels here (waiting or at a berth), yard unit
  /// Per vessel class: its vessels waiting or at a berth here (the two above
  /// split by class; VESSEL TIME COST prices their hours).
  std::vector<LevelTracker> vessels_by_class;
};

class Terminal {
 public:
  Terminal(const Setup& setup, std::uint32_t index);

  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  void finish(Ticks final_time);

  [[nodiscard]] const TerminalStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const TerminalLevels& levels() const noexcept { return levels_; }
  /// The yard: its room, what is in it over time (TEU at container terminals, else the cargo unit).
  [[nodiscard]] const Yard& yard() const noexcept { return yard_; }
  [[nodiscard]] std::uint32_t crane_count() const noexcept { return quay_.cranes(); }
  [[nodiscard]] std::uint32_t berth_count() const noexcept { return quay_.berth_count(); }
  /// TEU handled since the warm-up (for cumulative series).
  [[nodiscard]] double teu_handled() const noexcept { return stats_.teu; }
  /// Cargo handled on the quay since the warm-up, in the terminal's unit (moves, t, units).
  [[nodiscard]] double handled() const noexcept { return stats_.moves; }
  /// Trucks served at the gates since the warm-up, picking up imports or bringing exports.
  [[nodiscard]] double trucks_served(Direction direction) const noexcept {
    return static_cast<double>(stats_.trucks_by_direction[static_cast<std::size_t>(direction)]);
  }
  /// TEU and cargo handled at `now`, counting the part of each phase in
  /// progress done so far (the figures above count a phase when it ends, so
  /// they step by whole phases; sampled curves use these). Read-only.
  [[nodiscard]] double teu_handled_at(Ticks now) const noexcept;
  [[nodiscard]] double handled_at(Ticks now) const noexcept;
  /// The factors of the PARTS AND EQUIPMENT LEVELS rule, now.
  [[nodiscard]] double quay_factor() const noexcept { return factors_.quay; }
  [[nodiscard]] double gate_factor() const noexcept { return factors_.gate; }
  /// The factor of the side cargo of `mode` moves through (truck: the gates).
  [[nodiscard]] double side_factor(scenario::HinterlandMode mode) const noexcept { return factors_.side(mode); }
  /// Cargo moved across this terminal's landside after the warm-up, by the hinterland
  /// operator that moved it (its index in scenario.hinterland), for the operators that
  /// serve it: trucks when they leave the gate, trains, barges and bulk when they leave
  /// the yard or enter it (metrics/cascade.hpp: DIIM DRIVERS, a hinterland operator's output).
  [[nodiscard]] const std::vector<std::pair<std::uint32_t, double>>& landside_moved() const noexcept {
    return landside_moved_;
  }
  /// Calls present (announced or in port) at the end: for conservation checks.
  [[nodiscard]] std::size_t calls_open() const noexcept { return index_.size(); }

 private:
  enum class CallState : std::uint8_t { announced, waiting, berthed, gone };
  /// BERTH TIME: where a berthed call is (only `working` calls are in working_).
  enum BerthStage : std::uint8_t { working, approach, before_work, after_work };

  struct Call {
    std::uint32_t id = 0;
    std::uint16_t vessel_class = 0;
    CallState state = CallState::announced;
    bool arrived = false;
    bool cleared = false;
    bool released = false;
    bool blocked = false;           ///< discharge waits for yard room (and loading is done)
    bool loaded = false;            ///< the load phase is done
    std::uint8_t phase = 0;         ///< 0 discharge, 1 load
    std::uint32_t tried = 0;        ///< terminals tried, as bits of positions in the class's list (bit 31: ad hoc)
    bool ad_hoc = false;            ///< an ad-hoc call here (cranes at the terminal's ad_hoc_productivity)
    bool sent_on = false;           ///< CONGESTION RE-ROUTING: its line decided to send it on when told of it
    bool exports_unbooked = false;  ///< diverted here with no export cargo booked anywhere (EXPORTS GO WITH THE VESSEL)
    Ticks eta = 0;
    Ticks arrival = -1;
    Ticks scheduled = -1;  ///< its berth window (BERTH WINDOWS), -1 if it has none
    Ticks berthed_at = -1;
    Ticks discharged_at = -1;
    Ticks released_at = -1;
    double moves = 0.0;       ///< call size
    double remaining = 0.0;   ///< moves left in the current phase
    double rate_per_h = 0.0;  ///< sum of crane productivities, before the level
    Ticks last_update = 0;
    std::uint32_t version = 0;  ///< invalidates scheduled phase_done / patience events
    std::uint32_t berth = 0;
    std::uint32_t cranes = 0;
    // Work left, as shares of the class's discharge and load moves: 1 on arrival at the
    // first terminal; a vessel that left a berth part-worked (PATIENCE AT THE BERTH)
    // brings what it did not do. At most one of the two is strictly between 0 and 1.
    double discharge_left = 1.0;
    double load_left = 1.0;
    double discharged_here = 0.0;  ///< share of the class's discharge discharged at this terminal
    Ticks idle_since = -1;         ///< berthed, and its quay stopped at this time (-1: working)
    std::uint8_t stage = 0;        ///< BERTH TIME: a BerthStage while berthed
    double reserved = 0.0;         ///< yard room its discharge in progress holds (YARD ADMISSION)
    double export_in_yard = 0.0;   ///< export cargo for this call already in the yard
    // Export load moves (per whole load, as load_left): the class's export share of the call,
    // none at a terminal it was diverted to with its exports booked elsewhere (EXPORTS STAY
    // BOOKED), plus the rolled cargo it takes here (ROLLED EXPORTS).
    double export_moves = 0.0;
    double export_entry_h = 0.0;  ///< sum of amount x entry time (h), for sojourn times
    kernel::RandomStream rng;     ///< the call's own draws (Setup::entity_stream)
  };

  /// What the first message of a call tells a terminal about it.
  struct CallFacts {
    std::uint32_t call = 0;
    std::uint16_t vessel_class = 0;
    double moves = 0.0;
    Ticks eta = 0;
  };

  // message handlers
  Call& learn_of_call(Context& ctx, const CallFacts& facts, bool request_cargo);
  void on_vessel_arrival(Context& ctx, const VesselArrival& m);
  void on_diverted_vessel(Context& ctx, const DivertedVessel& m);
  /// The call in `slot` arrives (from sea, or diverted here): it queues, or goes on at once.
  void arrive(Context& ctx, std::uint32_t slot, bool diverted);
  void on_clearance(Context& ctx, const CallNotice& m);
  /// A customs release (CallNotice), forwarded as it is if its vessel went elsewhere.
  void on_release(Context& ctx, const Message& message);
  void on_phase_done(Context& ctx, const CallStep& m);
  void on_patience_expired(Context& ctx, const PatienceDue& m);
  void on_quay_notice(Context& ctx);
  /// BERTH TIME: a berthed call's approach, wait for the first lift or wait to leave is over.
  void on_berth_step(Context& ctx, const CallStep& m);
  /// BERTH TIME: the call enters `stage`, for a time drawn from its class (none: it ends now).
  void berth_stage(Context& ctx, std::uint32_t slot, BerthStage stage);
  void end_stage(Context& ctx, std::uint32_t slot);
  /// The cranes start on the call (PATIENCE AT THE BERTH applies if the quay is stopped).
  void start_work(Context& ctx, std::uint32_t slot);
  /// Both phases done: with BERTH TIME the cranes go, the vessel leaves after after_work.
  void finish_work(Context& ctx, std::uint32_t slot);
  /// PATIENCE AT THE BERTH: the call lies idle from now, its patience counted from now.
  void start_idle(Context& ctx, Call& call, std::uint32_t slot);
  /// CRANE BREAKDOWNS: a crane fails or is repaired.
  void on_crane_event(Context& ctx, const CraneEvent& m);
  /// SHIFT CHANGES: the crews stop or resume.
  void on_shift_change(Context& ctx, const ShiftChange& m);
  /// The factors of PARTS AND EQUIPMENT LEVELS from the levels now, and what they change.
  void apply_levels(Context& ctx);
  /// Crane work rate multiplier: the quay factor times the crews' (SHIFT CHANGES).
  [[nodiscard]] double work_factor() const noexcept { return factors_.quay * quay_.crew_factor(); }
  /// Moves the call discharges here (imports and half its transshipment moves, times discharge_left).
  [[nodiscard]] double discharge_moves(const Call& call) const noexcept;
  /// Moves of the call's current phase here (discharge or load, times what is left of it).
  [[nodiscard]] double phase_moves(const Call& call) const noexcept;
  /// Cargo (yard unit) the call still has on board for the port: its discharge left.
  [[nodiscard]] double on_board(const Call& call) const noexcept;
  /// PATIENCE AT THE BERTH: the vessel leaves its berth with the work done so far kept.
  void unberth(Context& ctx, std::uint32_t slot);
  /// Books the part of the phase under way done so far (at a quay stop, and on leaving
  /// a berth): discharged boxes enter the yard, loaded ones leave it; the phase shrinks.
  void settle(Context& ctx, Call& call);
  /// YARD ADMISSION: the call's discharge, less its exports already here, fits the yard.
  [[nodiscard]] bool yard_admits(const Call& call) const;
  /// YARD ADMISSION: export receival is open (the yard, overflow aside, is not full).
  [[nodiscard]] bool receiving() const noexcept;
  /// The call left the port: export cargo not yet through the gate is not brought in.
  [[nodiscard]] bool left_port(std::uint32_t call_id) const;
  /// Counts and drops an export batch or truck of a call that left the port; false if it did not.
  bool cancel_export(std::uint32_t call_id, double amount, Ticks now);
  void release_exports(Context& ctx);
  /// RE-ROUTING: the line would rather go elsewhere than wait out the announced stop.
  [[nodiscard]] bool reroute(const Call& call, Ticks now) const;
  void on_cargo_due(Context& ctx, const Batch& m);
  /// EXPORT WINDOW (berth): a deferred batch's new due time.
  void on_export_due_again(Context& ctx, const DeferredExport& m);
  /// An export batch falls due, `lead` before its vessel's berthing (-1: first due, its lead
  /// before the ETA): dropped if its vessel left the port, deferred, or offered.
  void export_due(Context& ctx, const Batch& batch, Ticks lead);
  /// EXPORT WINDOW (berth): defers an export batch falling due for a vessel the
  /// terminal expects to berth later than the batch's lead allows; true if deferred.
  bool defer_export(Context& ctx, const Batch& m, Ticks lead);
  /// CONGESTION RE-ROUTING: the wait this terminal expects is longer than the call's patience.
  [[nodiscard]] bool congested_for(const Call& call) const noexcept;
  /// The wait a vessel told of now would face, as the berth planner sees it: the vessels
  /// waiting x the mean berth stay / the berths.
  [[nodiscard]] double expected_wait_h() const noexcept;
  /// Offers the export batches of a call that were deferred, now that it berths.
  void offer_deferred_exports(Context& ctx, std::uint32_t call_id);
  /// An export batch due now: held while receival is stopped, else offered to its operator.
  void offer_export(Context& ctx, const Batch& m);
  /// Tells the batch's operator it may collect or bring it.
  void send_cargo_ready(Context& ctx, const Batch& batch);
  void on_pickup(Context& ctx, const Batch& m);
  void on_truck_arrival(Context& ctx, const TruckArrival& m);
  void on_truck_done(Context& ctx, const TruckDone& m);
  void on_transshipment_out(Context& ctx, const ByVessel& m);
  void on_capacity_change(Context& ctx, const LevelChange& m);
  /// A pickup or delivery of a whole batch (not one truck per box): the cargo moves now.
  void move_batch(Context& ctx, const Batch& m);
  /// Held batches whose side (and cargo whose quay) works again, in order (HELD TRIPS GO AGAIN, SLOTS SHIFT).
  void release_held(Context& ctx);
  /// GATE APPOINTMENTS: the truck's appointment is cancelled; it waits to be rebooked.
  void hold_appointment(Ticks now, const Truck& truck);
  /// GATE APPOINTMENTS: the held appointments rebooked into the gates' spare slots.
  void rebook_appointments(Context& ctx);

  // quay
  void try_berth(Context& ctx);
  bool berth_call(Context& ctx, std::uint32_t slot);
  void start_phase(Context& ctx, Call& call, std::uint32_t slot);
  void update_rate(Context& ctx, Call& call, std::uint32_t slot, double new_rate_per_h);
  void advance_work(Call& call, Ticks now) const noexcept;
  void schedule_phase_end(Context& ctx, Call& call, std::uint32_t slot);
  /// `share` of the class's discharge went into the yard (all that was left, or part of it).
  void discharge_done(Context& ctx, Call& call, double share);
  void load_done(Context& ctx, Call& call);
  void depart(Context& ctx, std::uint32_t slot);
  void log_visit(const Call& call, Ticks left, VesselVisit::Outcome outcome);
  void give_cranes(Context& ctx);
  void retry_blocked(Context& ctx);
  double draw_productivity(Call& call, std::uint32_t cranes);
  void leave_queue(Context& ctx, std::uint32_t slot);
  /// A change of the vessels waiting (`berth` false) or of the berths busy,
  /// by `call`: counted as well for its class.
  void count_vessel(Ticks now, const Call& call, bool berth, double change);
  void divert_or_leave(Context& ctx, std::uint32_t slot);

  // yard and hinterland
  /// Splits `boxes` by the hinterland modal split into up to four batches per
  /// mode, calling fn(mode, batch_boxes) for each in a fixed order; returns
  /// the boxes placed (rounding may leave a fraction for the caller).
  template <class Fn>
  double split_by_mode(double boxes, Fn&& fn) const;
  void request_exports(Context& ctx, Call& call);
  /// The export boxes booked on a call (rounded), and their TEU (0 below one box).
  [[nodiscard]] double export_boxes(const Call& call) const noexcept;
  [[nodiscard]] double export_booking(const Call& call) const noexcept;
  /// Offers `share` of the class's imports (discharged here) to the hinterland.
  void release_imports(Context& ctx, Call& call, double share);
  /// The operator of `mode` that moves call `call`'s batches here (one per call, spread over
  /// the terminal's operators of that mode); kNoOperator if none serves the terminal.
  static constexpr std::uint16_t kNoOperator = std::numeric_limits<std::uint16_t>::max();
  [[nodiscard]] std::uint16_t operator_for(scenario::HinterlandMode mode, std::uint32_t call) const;
  void offer_batch(Context& ctx, Direction direction, scenario::HinterlandMode mode, std::uint32_t call, double amount,
                   std::uint32_t boxes, Ticks due, Ticks entered);
  void yard_enter(Ticks now, double amount);
  void yard_leave(Context& ctx, double amount, Ticks entered);
  void export_arrived(Context& ctx, std::uint32_t call_id, double amount);
  void roll_exports(Context& ctx, Call& call);
  /// ROLLED EXPORTS: `amount` (entered at a mean of entry_h_sum / amount h) waits for a
  /// later sailing, or leaves after its rolled wait (Traffic::rolled_wait, drawn from `rng`) if none takes it.
  void roll(Context& ctx, double amount, double entry_h_sum, Ticks entered, kernel::RandomStream& rng);
  /// A call starting its load takes rolled cargo, oldest first, up to its spare slots.
  void take_rolled(Call& call);
  /// Cargo leaving the yard by a vessel (transshipment, or rolled cargo no call took).
  void leave_by_sea(Context& ctx, const ByVessel& m);
  void start_truck(Context& ctx);

  [[nodiscard]] const scenario::VesselClass& vessel_class(const Call& call) const noexcept;
  [[nodiscard]] double amount_per_move(const Call& call) const noexcept;
  /// Moves of the current phase of a berthed call done by `now` (read-only).
  [[nodiscard]] double phase_done_moves(const Call& call, Ticks now) const noexcept;
  [[nodiscard]] bool counted(Ticks t) const noexcept { return t >= setup_->warmup(); }
  [[nodiscard]] std::uint32_t slot_of(std::uint32_t call_id) const noexcept;
  std::uint32_t new_slot();
  void free_slot(std::uint32_t slot);

  const Setup* setup_;
  const scenario::Terminal* spec_;
  std::uint32_t index_in_port_;
  bool containers_;

  std::vector<Call> calls_;
  std::vector<std::uint32_t> free_slots_;
  std::unordered_map<std::uint32_t, std::uint32_t> index_;      // call id -> slot
  std::unordered_map<std::uint32_t, std::uint32_t> forwarded_;  // call id -> terminal it diverted to
  std::vector<std::uint32_t> queue_;                            // waiting, cleared slots in arrival order
  std::vector<std::uint32_t> blocked_;                          // slots whose discharge waits for room
  std::vector<std::uint32_t> working_;                          // berthed slots in berthing order

  Quay quay_;  // berths, the crane pool, breakdowns' streams, crews (quay.hpp)

  // PARTS AND EQUIPMENT LEVELS: the levels (part_levels.hpp) and the factors the terminal
  // works at now, derived from them.
  PartLevels parts_;
  PartLevels::Factors factors_;
  std::vector<bool> timed_;  ///< BERTH TIME: by vessel class, it has berth time to draw
  // STOPPED MEANS STOPPED: what waits for its side (by mode) or for the quay.
  struct Held {
    Batch batch;
    Ticks at = 0;  ///< when it was held
  };
  std::array<Fifo<Held>, Setup::kModes> held_at_side_;
  std::array<Ticks, Setup::kModes> side_stopped_at_{};  ///< SLOTS SHIFT: the start of each side's stop
  Fifo<ByVessel> held_for_quay_;
  Fifo<Truck> export_trucks_held_;     // YARD ADMISSION: export trucks waiting for receival to reopen
  Fifo<Batch> export_batches_held_;    // ... and rail, barge batches bringing exports
  Fifo<Batch> export_offers_held_;     // ... and export batches not yet offered to an operator
  bool berth_waits_for_room_ = false;  // a vessel was not berthed for want of yard room
  /// EXPORT WINDOW and CONGESTION RE-ROUTING: a running mean of the berth stays
  /// (berthing to leaving; the latest weighs 0.2), and the batches deferred.
  double mean_stay_h_ = 0.0;
  struct Deferral {
    Batch batch;
    Ticks lead = 0;  ///< how long before the berthing it is to come (its export dwell)
  };
  std::unordered_map<std::uint32_t, Deferral> deferred_;               ///< by deferral id
  std::unordered_multimap<std::uint32_t, std::uint32_t> deferred_of_;  ///< call -> deferral ids
  std::uint32_t next_deferral_ = 1;

  Yard yard_;  // room, occupancy, ROLLED EXPORTS waiting (yard.hpp)

  Gates gates_;  // lanes, the queue, GATE APPOINTMENTS (gates.hpp)

  TerminalStats stats_;
  std::vector<std::pair<std::uint32_t, double>> landside_moved_;  ///< (operator, cargo): landside_moved()
  void count_landside(std::uint32_t op, double amount, Ticks now);
  TerminalLevels levels_;
};

}  // namespace porttwin::port
