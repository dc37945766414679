// A terminal LP: quay, yard, gate. The rules are in terminal.hpp.
#include "porttwin/port/terminal.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <variant>

namespace porttwin::port {

namespace {

/// The mean yard-entry time of a call's export cargo, for sojourn times.
Ticks mean_entry(double amount, double entry_h_sum) { return hours(entry_h_sum / amount); }

constexpr std::uint32_t kNoSlot = 0xFFFF'FFFFU;
constexpr std::uint32_t kLeftPort = 0xFFFF'FFFFU;
/// Each call's cargo per mode and direction moves in up to this many
/// batches, each with its own dwell time: enough to spread a call's boxes
/// over the dwell distribution, few enough to keep messages per call small.
constexpr std::uint32_t kBatchesPerFlow = 4;
constexpr int kMaxDiversions = 8;

// PATIENCE AT THE BERTH: a diverted vessel's work left travels in its message as 32-bit
// fractions (DivertedVessel), and the sending terminal uses the same rounded value, so
// the cargo balances exactly.
constexpr double kShareScale = DivertedVessel::kWhole;

double quantise_share(double share) { return std::round(std::clamp(share, 0.0, 1.0) * kShareScale) / kShareScale; }

std::uint32_t encode_share(double share) {
  if (share <= 0.0) return 0;
  if (share >= 1.0) return DivertedVessel::kWhole;
  return static_cast<std::uint32_t>(std::llround(share * kShareScale));
}

double decode_share(std::uint32_t share) {
  if (share == 0) return 0.0;
  if (share == DivertedVessel::kWhole) return 1.0;
  return static_cast<double>(share) / kShareScale;
}

}  // namespace

Terminal::Terminal(const Setup& setup, std::uint32_t index)
    : setup_(&setup),
      spec_(&setup.scenario().terminals[index]),
      index_in_port_(index),
      containers_(spec_->cargo == scenario::CargoKind::containers),
      quay_(setup, index),
      parts_(*spec_),
      yard_(*spec_, setup.warmup()),
      gates_(*spec_) {
  const auto zero = [](const kernel::Distribution& d) {
    return std::holds_alternative<kernel::Deterministic>(d.variant()) && d.mean() == 0.0;
  };
  for (const auto& vc : setup.scenario().traffic.vessel_classes) {
    timed_.push_back(!zero(vc.approach_h) || !zero(vc.before_work_h) || !zero(vc.after_work_h));
  }
  const Ticks warmup = setup.warmup();
  levels_.vessels_waiting = LevelTracker(warmup);
  levels_.berths_busy = LevelTracker(warmup);
  levels_.trucks_waiting = LevelTracker(warmup);
  levels_.appointments_held = LevelTracker(warmup);
  levels_.appointments_held_import = LevelTracker(warmup);
  levels_.level = LevelTracker(warmup);
  levels_.aboard = LevelTracker(warmup);
  levels_.level.set(0, 1.0);
  levels_.vessels_by_class.assign(setup.scenario().traffic.vessel_classes.size(), LevelTracker(warmup));
  calls_.reserve(64);
  stats_.waits_h.reserve(1024);
  for (const auto mode :
       {scenario::HinterlandMode::truck, scenario::HinterlandMode::rail, scenario::HinterlandMode::barge,
        scenario::HinterlandMode::pipeline, scenario::HinterlandMode::conveyor}) {
    for (const std::uint32_t op : setup.operators(index, mode)) {
      if (std::none_of(landside_moved_.begin(), landside_moved_.end(), [&](const auto& e) { return e.first == op; }))
        landside_moved_.emplace_back(op, 0.0);
    }
  }
}

void Terminal::count_landside(std::uint32_t op, double amount, Ticks now) {
  if (!counted(now)) return;
  for (auto& [id, moved] : landside_moved_) {
    if (id == op) {
      moved += amount;
      return;
    }
  }
}

namespace {}  // namespace

void Terminal::init(Context& ctx) {
  schedule_capacity_changes(ctx, *setup_);
  for (std::uint32_t k = 0; k < quay_.cranes(); ++k) {
    if (quay_.fails(k)) ctx.schedule(quay_.draw_uptime(k), CraneEvent{.fails = true, .crane = k});
  }
  if (spec_->changeover_h > 0.0 && hours(spec_->first_shift_h) < setup_->horizon()) {
    ctx.schedule(hours(spec_->first_shift_h), ShiftChange{.crews_stop = true});
  }
  for (const auto& [at, back] : setup_->notices(index_in_port_)) {
    ctx.schedule(at, Signal{.kind = MessageKind::quay_notice});
  }
}

void Terminal::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  switch (m.kind()) {
    case MessageKind::vessel_arrival: on_vessel_arrival(ctx, m.as<VesselArrival>()); break;
    case MessageKind::diverted_vessel: on_diverted_vessel(ctx, m.as<DivertedVessel>()); break;
    case MessageKind::clearance: on_clearance(ctx, m.as<CallNotice>()); break;
    case MessageKind::customs_release: on_release(ctx, m); break;
    case MessageKind::phase_done: on_phase_done(ctx, m.as<CallStep>()); break;
    case MessageKind::patience_expired: on_patience_expired(ctx, m.as<PatienceDue>()); break;
    case MessageKind::cargo_due: on_cargo_due(ctx, m.as<Batch>()); break;
    case MessageKind::export_due_again: on_export_due_again(ctx, m.as<DeferredExport>()); break;
    case MessageKind::pickup: on_pickup(ctx, m.as<Batch>()); break;
    case MessageKind::truck_arrival: on_truck_arrival(ctx, m.as<TruckArrival>()); break;
    case MessageKind::truck_done: on_truck_done(ctx, m.as<TruckDone>()); break;
    case MessageKind::transshipment_out: on_transshipment_out(ctx, m.as<ByVessel>()); break;
    case MessageKind::capacity_change: on_capacity_change(ctx, m.as<LevelChange>()); break;
    case MessageKind::quay_notice: on_quay_notice(ctx); break;
    case MessageKind::berth_step: on_berth_step(ctx, m.as<CallStep>()); break;
    case MessageKind::crane_event: on_crane_event(ctx, m.as<CraneEvent>()); break;
    case MessageKind::shift_change: on_shift_change(ctx, m.as<ShiftChange>()); break;
    default: break;  // not addressed to terminals
  }
}

std::string_view to_string(VesselVisit::Outcome outcome) noexcept {
  switch (outcome) {
    case VesselVisit::Outcome::completed: return "completed";
    case VesselVisit::Outcome::diverted: return "diverted";
    case VesselVisit::Outcome::left_port: return "left_port";
    case VesselVisit::Outcome::in_port: return "in_port";
  }
  return "?";
}

void Terminal::log_visit(const Call& call, Ticks left, VesselVisit::Outcome outcome) {
  VesselVisit v;
  v.call = call.id;
  v.vessel_class = call.vessel_class;
  v.terminal = index_in_port_;
  v.arrival_h = to_hours(call.arrival);
  v.scheduled_h = call.scheduled >= 0 ? to_hours(call.scheduled) : -1.0;
  v.berthed_h = call.berthed_at >= 0 ? to_hours(call.berthed_at) : -1.0;
  v.left_h = left >= 0 ? to_hours(left) : -1.0;
  v.moves = call.moves;
  // PERIOD ACCOUNTING (port/run.hpp): a visit counts where it ends, after the warm-up.
  v.counted = left >= 0 && counted(left);
  v.outcome = outcome;
  if (v.counted && call.berthed_at >= 0) stats_.waits_h.push_back(to_hours(call.berthed_at - call.arrival));
  stats_.visits.push_back(v);
}

void Terminal::finish(Ticks final_time) {
  for (const Call& call : calls_) {
    if (call.arrived && (call.state == CallState::waiting || call.state == CallState::berthed)) {
      log_visit(call, -1, VesselVisit::Outcome::in_port);
      stats_.on_board_end += on_board(call);
    }
  }
  stats_.rolled_end += yard_.rolled_waiting();
  levels_.vessels_waiting.set(final_time, levels_.vessels_waiting.value());
  levels_.berths_busy.set(final_time, levels_.berths_busy.value());
  for (LevelTracker& by_class : levels_.vessels_by_class) by_class.set(final_time, by_class.value());
  yard_.finish(final_time);
  levels_.trucks_waiting.set(final_time, levels_.trucks_waiting.value());
  levels_.level.set(final_time, levels_.level.value());
  levels_.aboard.set(final_time, levels_.aboard.value());
}

// ---- calls -------------------------------------------------------------------

const scenario::VesselClass& Terminal::vessel_class(const Call& call) const noexcept {
  return setup_->scenario().traffic.vessel_classes[call.vessel_class];
}

double Terminal::amount_per_move(const Call& call) const noexcept {
  return containers_ ? vessel_class(call).teu_per_move : 1.0;
}

std::uint32_t Terminal::slot_of(std::uint32_t call_id) const noexcept {
  const auto it = index_.find(call_id);
  return it == index_.end() ? kNoSlot : it->second;
}

std::uint32_t Terminal::new_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    calls_[slot] = Call{};
    return slot;
  }
  calls_.emplace_back();
  return static_cast<std::uint32_t>(calls_.size() - 1);
}

void Terminal::free_slot(std::uint32_t slot) {
  index_.erase(calls_[slot].id);
  calls_[slot].state = CallState::gone;
  free_slots_.push_back(slot);
}

Terminal::Call& Terminal::learn_of_call(Context& ctx, const CallFacts& facts, bool request_cargo) {
  const std::uint32_t slot = new_slot();
  Call& call = calls_[slot];
  call.id = facts.call;
  call.vessel_class = facts.vessel_class;
  call.eta = facts.eta;
  call.moves = facts.moves;
  call.export_moves = facts.moves * vessel_class(call).export_share;
  call.rng = setup_->entity_stream(EntityStream::terminal_call, facts.call);
  index_.emplace(facts.call, slot);
  if (request_cargo) {
    if (congested_for(call)) {
      call.sent_on = true;  // CONGESTION RE-ROUTING: no cargo is booked on it here
    } else {
      request_exports(ctx, call);
    }
  }
  return call;
}

void Terminal::on_vessel_arrival(Context& ctx, const VesselArrival& m) {
  std::uint32_t slot = slot_of(m.call);
  if (slot == kNoSlot) {
    learn_of_call(ctx, {m.call, m.vessel_class, m.moves, ctx.now()}, true);
    slot = slot_of(m.call);
  }
  Call& call = calls_[slot];
  stats_.arrived_cargo += on_board(call);
  levels_.aboard.add(ctx.now(), on_board(call));
  if (m.has_window) call.scheduled = ctx.now() - static_cast<Ticks>(m.late_s) * kernel::kTicksPerSecond;
  if (counted(ctx.now())) ++stats_.calls_arrived;
  arrive(ctx, slot, false);
}

void Terminal::on_diverted_vessel(Context& ctx, const DivertedVessel& m) {
  std::uint32_t slot = slot_of(m.call);
  if (slot == kNoSlot) {
    // A diverted vessel brings its clearance and release state with it; its export
    // cargo went to its first terminal.
    Call& call = learn_of_call(ctx, {m.call, m.vessel_class, m.moves, ctx.now()}, false);
    slot = slot_of(m.call);
    call.cleared = m.cleared;
    call.released = m.released;
    call.released_at = call.released ? ctx.now() : -1;
    call.tried = m.tried;
    call.ad_hoc = m.ad_hoc;
    call.discharge_left = decode_share(m.discharge_left);
    call.load_left = decode_share(m.load_left);
    call.loaded = call.load_left <= 0.0;
    call.exports_unbooked = m.exports_unbooked;
    // EXPORTS STAY BOOKED: the export cargo booked at its first terminal rolls there, so it loads none here.
    if (containers_ && !m.exports_unbooked) call.export_moves = 0.0;
    if (counted(ctx.now())) ++stats_.calls_diverted_in;
  }
  stats_.diverted_in_cargo += on_board(calls_[slot]);
  levels_.aboard.add(ctx.now(), on_board(calls_[slot]));
  arrive(ctx, slot, true);
}

void Terminal::arrive(Context& ctx, std::uint32_t slot, bool diverted) {
  Call& call = calls_[slot];
  call.arrived = true;
  call.arrival = ctx.now();
  call.state = CallState::waiting;
  count_vessel(ctx.now(), call, false, 1.0);
  const double patience_h = vessel_class(call).patience_h;
  if (patience_h < 1e8) {
    ctx.schedule(hours(patience_h),
                 PatienceDue{.at_berth = false, .call = call.id, .slot = slot, .since = call.arrival});
  }
  if (call.sent_on || reroute(call, ctx.now()) || (diverted && congested_for(call))) {
    leave_queue(ctx, slot);
    divert_or_leave(ctx, slot);
    return;
  }
  if (call.exports_unbooked) {
    // EXPORTS GO WITH THE VESSEL: its line books the export cargo here now.
    call.exports_unbooked = false;
    request_exports(ctx, call);
  }
  if (call.cleared) {
    queue_.push_back(slot);
    try_berth(ctx);
  }
}

double Terminal::expected_wait_h() const noexcept {
  return quay_.berth_count() == 0
             ? 0.0
             : levels_.vessels_waiting.value() * mean_stay_h_ / static_cast<double>(quay_.berth_count());
}

bool Terminal::congested_for(const Call& call) const noexcept {
  const double patience_h = vessel_class(call).patience_h;
  return setup_->scenario().rules.congestion_rerouting && patience_h < 1e8 && expected_wait_h() > patience_h;
}

bool Terminal::reroute(const Call& call, Ticks now) const {
  const double patience_h = vessel_class(call).patience_h;
  if (patience_h >= 1e8) return false;
  const Ticks stop = setup_->expected_stop(index_in_port_, now);
  // At anchor the patience runs from arrival; at a berth, from when its quay stopped.
  const Ticks since = call.state == CallState::berthed ? call.idle_since : call.arrival;
  return stop > 0 && stop > hours(patience_h) - (now - since);
}

void Terminal::on_quay_notice(Context& ctx) {
  // Every vessel waiting here re-decides on the new expectation, in order of arrival.
  // A vessel lying idle at a stopped quay re-decides too (PATIENCE AT THE BERTH).
  std::vector<std::uint32_t> going;
  for (std::uint32_t slot = 0; slot < calls_.size(); ++slot) {
    const Call& call = calls_[slot];
    const bool idle = call.state == CallState::berthed && call.idle_since >= 0;
    if (((call.state == CallState::waiting && call.arrived) || idle) && reroute(call, ctx.now())) {
      going.push_back(slot);
    }
  }
  std::sort(going.begin(), going.end(), [&](std::uint32_t a, std::uint32_t b) {
    return calls_[a].arrival < calls_[b].arrival ||
           (calls_[a].arrival == calls_[b].arrival && calls_[a].id < calls_[b].id);
  });
  for (const std::uint32_t slot : going) {
    if (calls_[slot].state == CallState::berthed) {
      unberth(ctx, slot);
    } else {
      leave_queue(ctx, slot);
    }
    divert_or_leave(ctx, slot);
  }
}

void Terminal::on_clearance(Context& ctx, const CallNotice& m) {
  if (forwarded_.contains(m.call)) return;  // the vessel has gone elsewhere
  std::uint32_t slot = slot_of(m.call);
  if (slot == kNoSlot) {
    learn_of_call(ctx, {m.call, m.vessel_class, m.moves, m.eta}, true);
    slot = slot_of(m.call);
  }
  Call& call = calls_[slot];
  if (call.cleared) return;
  call.cleared = true;
  if (ctx.now() > call.eta - setup_->pre_arrival_deadline() && counted(call.eta)) ++stats_.late_clearances;
  if (call.state == CallState::waiting) {
    // Keep the queue in order of arrival (ties: call id) for first come, first served.
    auto it = std::find_if(queue_.begin(), queue_.end(), [&](std::uint32_t other) {
      const Call& o = calls_[other];
      return o.arrival > call.arrival || (o.arrival == call.arrival && o.id > call.id);
    });
    queue_.insert(it, slot);
    try_berth(ctx);
  }
}

void Terminal::on_release(Context& ctx, const Message& message) {
  const auto m = message.as<CallNotice>();
  if (const auto it = forwarded_.find(m.call); it != forwarded_.end()) {
    if (it->second != kLeftPort) {
      ctx.send(setup_->terminal_lp(it->second), setup_->message_latency(), message);
    }
    // Imports it discharged here before it left its berth go now (divert_or_leave kept them).
    if (const std::uint32_t slot = slot_of(m.call); slot != kNoSlot && !calls_[slot].released) {
      Call& call = calls_[slot];
      call.released = true;
      call.released_at = ctx.now();
      release_imports(ctx, call, call.discharged_here);
      free_slot(slot);
    }
    return;
  }
  std::uint32_t slot = slot_of(m.call);
  if (slot == kNoSlot) {
    learn_of_call(ctx, {m.call, m.vessel_class, m.moves, m.eta}, true);
    slot = slot_of(m.call);
  }
  Call& call = calls_[slot];
  if (call.released) return;
  call.released = true;
  call.released_at = ctx.now();
  if (call.discharged_here > 0.0) release_imports(ctx, call, call.discharged_here);
  if (call.state == CallState::gone) free_slot(slot);
}

// ---- quay --------------------------------------------------------------------

void Terminal::try_berth(Context& ctx) {
  // STOPPED MEANS STOPPED: a stopped quay gives out no berth.
  if (queue_.empty() || factors_.quay <= 0.0) return;
  const bool largest_first = setup_->scenario().rules.berth_allocation == scenario::BerthAllocation::largest_first;
  bool berthed = true;
  while (berthed && !queue_.empty()) {
    berthed = false;
    auto pick = queue_.end();
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      // A vessel that cannot berth now does not block the ones behind it.
      const auto& vc = vessel_class(calls_[*it]);
      if (!quay_.cranes_for(vc)) continue;
      if (!yard_admits(calls_[*it])) {
        berth_waits_for_room_ = true;
        continue;
      }
      if (!quay_.berth_free_for(calls_[*it].vessel_class)) continue;
      if (!largest_first) {
        pick = it;
        break;
      }
      if (pick == queue_.end() || vc.length_m > vessel_class(calls_[*pick]).length_m) pick = it;
    }
    if (pick != queue_.end()) {
      const std::uint32_t slot = *pick;
      queue_.erase(pick);
      berthed = berth_call(ctx, slot);
    }
  }
}

double Terminal::discharge_moves(const Call& call) const noexcept {
  const auto& vc = vessel_class(call);
  return call.moves * (vc.import_share + 0.5 * vc.transshipment_share) * call.discharge_left;
}

double Terminal::phase_moves(const Call& call) const noexcept {
  if (call.phase == 0) return discharge_moves(call);
  const auto& vc = vessel_class(call);
  return (call.moves * 0.5 * vc.transshipment_share + call.export_moves) * call.load_left;
}

double Terminal::on_board(const Call& call) const noexcept { return discharge_moves(call) * amount_per_move(call); }

bool Terminal::yard_admits(const Call& call) const {
  const double discharge = discharge_moves(call) * amount_per_move(call);
  return yard_.admits(discharge, call.export_in_yard);
}

bool Terminal::left_port(std::uint32_t call_id) const {
  const auto it = forwarded_.find(call_id);
  return it != forwarded_.end() && it->second == kLeftPort;
}

bool Terminal::cancel_export(std::uint32_t call_id, double amount, Ticks now) {
  if (!left_port(call_id)) return false;
  if (counted(now)) stats_.exports_cancelled += amount;
  stats_.exports.cancelled += amount;
  return true;
}

bool Terminal::receiving() const noexcept { return yard_.receiving(); }

void Terminal::release_exports(Context& ctx) {
  while (receiving() && !export_batches_held_.empty()) move_batch(ctx, export_batches_held_.pop());
  while (receiving() && !export_offers_held_.empty()) on_cargo_due(ctx, export_offers_held_.pop());
  bool started = false;
  while (receiving() && !export_trucks_held_.empty()) {
    gates_.queue().push(export_trucks_held_.pop());
    started = true;
  }
  if (started) {
    while (gates_.can_start(factors_.gate)) start_truck(ctx);
  }
}

bool Terminal::berth_call(Context& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  const auto& vc = vessel_class(call);
  // Best fit: the shortest free berth the vessel fits, keeping long berths free.
  const std::uint32_t best = quay_.best_berth(call.vessel_class);
  if (best == Quay::kNone) return false;
  const Ticks now = ctx.now();
  quay_.set_berth(best, slot);
  call.berth = best;
  call.state = CallState::berthed;
  call.berthed_at = now;
  count_vessel(now, call, false, -1.0);
  if (spec_->export_window == scenario::ExportWindow::berth) offer_deferred_exports(ctx, call.id);
  const std::uint32_t cranes = quay_.take_cranes(vc.cranes_max);
  call.cranes = cranes;
  call.rate_per_h = draw_productivity(call, cranes);
  call.last_update = now;
  if (timed_[call.vessel_class]) {
    berth_stage(ctx, slot, BerthStage::approach);
    return true;
  }
  count_vessel(now, call, true, 1.0);
  working_.push_back(slot);
  start_phase(ctx, call, slot);
  return true;
}

// BERTH TIME: approach (berth held) -> all fast (berth occupied) -> before_work -> the
// cranes work the phases -> after_work (cranes gone) -> the vessel leaves the berth.
void Terminal::berth_stage(Context& ctx, std::uint32_t slot, BerthStage stage) {
  Call& call = calls_[slot];
  const auto& vc = vessel_class(call);
  const kernel::Distribution& d = stage == BerthStage::approach      ? vc.approach_h
                                  : stage == BerthStage::before_work ? vc.before_work_h
                                                                     : vc.after_work_h;
  call.stage = stage;
  const double h = std::max(0.0, d.sample(call.rng));
  if (h <= 0.0) {
    end_stage(ctx, slot);
    return;
  }
  ctx.schedule(hours(h),
               CallStep{.kind = MessageKind::berth_step, .call = call.id, .slot = slot, .version = call.version});
}

void Terminal::on_berth_step(Context& ctx, const CallStep& m) {
  const std::uint32_t slot = m.slot;
  if (slot >= calls_.size()) return;
  const Call& call = calls_[slot];
  if (call.id != m.call || call.version != m.version || call.state != CallState::berthed) return;
  end_stage(ctx, slot);
}

void Terminal::end_stage(Context& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  switch (call.stage) {
    case BerthStage::approach:
      count_vessel(ctx.now(), call, true, 1.0);  // all fast: the berth is occupied from now
      berth_stage(ctx, slot, BerthStage::before_work);
      return;
    case BerthStage::before_work: start_work(ctx, slot); return;
    case BerthStage::after_work: depart(ctx, slot); return;
    default: return;
  }
}

void Terminal::start_work(Context& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  call.stage = BerthStage::working;
  call.last_update = ctx.now();
  working_.push_back(slot);
  if (factors_.quay <= 0.0) start_idle(ctx, call, slot);
  start_phase(ctx, call, slot);
}

void Terminal::finish_work(Context& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  if (!timed_[call.vessel_class]) {
    depart(ctx, slot);
    return;
  }
  // The cranes go to the next vessel now; the berth stays occupied until it leaves.
  quay_.give_back(call.cranes);
  call.cranes = 0;
  working_.erase(std::find(working_.begin(), working_.end(), slot));
  berth_stage(ctx, slot, BerthStage::after_work);
  try_berth(ctx);
  // With vessels waiting, the freed cranes are kept for the next one to berth (here, once
  // this vessel has left) instead of joining working vessels they could not be taken back from.
  if (queue_.empty()) give_cranes(ctx);
}

void Terminal::start_idle(Context& ctx, Call& call, std::uint32_t slot) {
  call.idle_since = ctx.now();
  const double patience_h = vessel_class(call).patience_h;
  if (patience_h < 1e8) {
    ctx.schedule(hours(patience_h),
                 PatienceDue{.at_berth = true, .call = call.id, .slot = slot, .since = call.idle_since});
  }
}

double Terminal::draw_productivity(Call& call, std::uint32_t cranes) {
  // Cranes are a pool; each one assigned draws its productivity for the
  // call from its group's distribution (groups taken in turn, as listed).
  const double rate = quay_.draw_rate(call.rng, cranes);
  // CRANE SPLIT: the vessel is done when its long crane is.
  return (call.ad_hoc ? rate * spec_->ad_hoc_productivity : rate) / vessel_class(call).long_crane;
}

void Terminal::start_phase(Context& ctx, Call& call, std::uint32_t slot) {
  // Discharge first; if the yard has no room for the discharge, load first
  // (that frees the call's export boxes); if both wait, the call is blocked
  // until cargo leaves the yard.
  const Ticks now = ctx.now();
  call.last_update = now;
  call.blocked = false;
  if (call.discharge_left > 0.0) {
    const double moves = discharge_moves(call);
    const double discharge = moves * amount_per_move(call);
    // An empty yard takes any call, however large.
    if (yard_.admits(discharge, 0.0)) {
      call.phase = 0;
      call.remaining = moves;
      call.reserved = discharge;
      if (yard_.reserve(discharge)) call.remaining += spec_->overflow_extra_h * call.rate_per_h;
      schedule_phase_end(ctx, call, slot);
      return;
    }
    if (call.loaded) {
      call.blocked = true;
      blocked_.push_back(slot);
      return;
    }
  }
  if (!call.loaded) {
    call.phase = 1;
    take_rolled(call);
    call.remaining = phase_moves(call);
    schedule_phase_end(ctx, call, slot);
    return;
  }
  finish_work(ctx, slot);
}

double Terminal::phase_done_moves(const Call& call, Ticks now) const noexcept {
  const double rate = call.blocked ? 0.0 : call.rate_per_h * work_factor();
  const double remaining = std::max(0.0, call.remaining - rate * to_hours(now - call.last_update));
  return std::max(0.0, phase_moves(call) - remaining);
}

double Terminal::teu_handled_at(Ticks now) const noexcept {
  double teu = stats_.teu;
  if (!containers_ || !counted(now)) return teu;
  for (const std::uint32_t slot : working_) teu += phase_done_moves(calls_[slot], now) * amount_per_move(calls_[slot]);
  return teu;
}

double Terminal::handled_at(Ticks now) const noexcept {
  double moves = stats_.moves;
  if (!counted(now)) return moves;
  for (const std::uint32_t slot : working_) moves += phase_done_moves(calls_[slot], now);
  return moves;
}

void Terminal::advance_work(Call& call, Ticks now) const noexcept {
  if (!call.blocked) {
    const double done = call.rate_per_h * work_factor() * to_hours(now - call.last_update);
    call.remaining = std::max(0.0, call.remaining - done);
  }
  call.last_update = now;
}

void Terminal::schedule_phase_end(Context& ctx, Call& call, std::uint32_t slot) {
  ++call.version;
  const double rate = call.rate_per_h * work_factor();
  if (call.blocked || rate <= 0.0) return;  // resumes on the next change
  ctx.schedule(hours(call.remaining / rate),
               CallStep{.kind = MessageKind::phase_done, .call = call.id, .slot = slot, .version = call.version});
}

void Terminal::update_rate(Context& ctx, Call& call, std::uint32_t slot, double new_rate_per_h) {
  advance_work(call, ctx.now());
  call.rate_per_h = new_rate_per_h;
  schedule_phase_end(ctx, call, slot);
}

void Terminal::on_phase_done(Context& ctx, const CallStep& m) {
  const std::uint32_t slot = m.slot;
  if (slot >= calls_.size()) return;
  Call& call = calls_[slot];
  if (call.id != m.call || call.version != m.version || call.state != CallState::berthed) return;  // superseded
  const Ticks now = ctx.now();
  call.remaining = 0.0;
  call.last_update = now;
  const double moves = phase_moves(call);
  if (counted(now)) {
    stats_.moves += moves;
    if (containers_) stats_.teu += moves * amount_per_move(call);
  }
  if (call.phase == 0) {
    discharge_done(ctx, call, call.discharge_left);
  } else {
    load_done(ctx, call);
  }
  start_phase(ctx, call, slot);
}

void Terminal::load_done(Context& ctx, Call& call) {
  // The call's export cargo leaves the yard with it.
  const Ticks now = ctx.now();
  call.loaded = true;
  call.load_left = 0.0;
  if (call.export_in_yard > 0.0) {
    stats_.sojourn_h += call.export_in_yard * to_hours(now) - call.export_entry_h;
    stats_.yard_out += call.export_in_yard;
    yard_.leave(now, call.export_in_yard);
    call.export_in_yard = 0.0;
    call.export_entry_h = 0.0;
    retry_blocked(ctx);
  }
}

void Terminal::discharge_done(Context& ctx, Call& call, double share) {
  const auto& vc = vessel_class(call);
  const Ticks now = ctx.now();
  const double per_move = amount_per_move(call);
  const double imports = call.moves * vc.import_share * per_move * share;
  const double transship = call.moves * 0.5 * vc.transshipment_share * per_move * share;
  // The room it held for this share (all of it when the discharge is done).
  const double freed = share >= call.discharge_left ? call.reserved : call.reserved * share / call.discharge_left;
  yard_.unreserve(freed);
  call.reserved -= freed;
  yard_enter(now, imports + transship);
  stats_.discharged += imports + transship;
  levels_.aboard.add(now, -(imports + transship));
  call.discharge_left = share >= call.discharge_left ? 0.0 : call.discharge_left - share;
  call.discharged_here += share;
  call.discharged_at = now;
  if (transship > 0.0) {
    const double part = transship / kBatchesPerFlow;
    for (std::uint32_t k = 0; k < kBatchesPerFlow; ++k) {
      ctx.schedule(hours(std::max(0.0, setup_->scenario().traffic.transshipment_dwell_h.sample(call.rng))),
                   ByVessel{.amount = part, .entered = now});
    }
  }
  if (call.released) release_imports(ctx, call, share);
}

void Terminal::settle(Context& ctx, Call& call) {
  if (call.blocked) return;
  const double total = phase_moves(call);
  const double done = std::clamp(total - call.remaining, 0.0, total);
  if (done <= 0.0) return;
  // The share left is rounded as a diversion message would carry it (encode_work_left);
  // `remaining` stays as it is, now the whole of the smaller phase.
  double& left = call.phase == 0 ? call.discharge_left : call.load_left;
  const double left_after = quantise_share(left * (1.0 - done / total));
  const double share = left - left_after;
  if (share <= 0.0) return;
  if (counted(ctx.now())) {
    stats_.moves += done;
    if (containers_) stats_.teu += done * amount_per_move(call);
  }
  if (call.phase == 0) {
    discharge_done(ctx, call, share);
    call.discharge_left = left_after;
  }
  if (call.phase == 1) {
    // The boxes loaded are on board: they leave the yard.
    const Ticks now = ctx.now();
    const double loaded = call.export_in_yard * share / call.load_left;
    const double entry_h = call.export_entry_h * share / call.load_left;
    if (loaded > 0.0) {
      stats_.sojourn_h += loaded * to_hours(now) - entry_h;
      stats_.yard_out += loaded;
      yard_.leave(now, loaded);
      call.export_in_yard -= loaded;
      call.export_entry_h -= entry_h;
    }
    call.load_left = left_after;
  }
  // Nothing of the smaller phase is done yet (the rounding above may leave it a hair larger).
  call.remaining = std::max(call.remaining, phase_moves(call));
}

void Terminal::depart(Context& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  const Ticks now = ctx.now();
  mean_stay_h_ += 0.2 * (to_hours(now - call.berthed_at) - mean_stay_h_);
  if (counted(now)) {
    ++stats_.calls_completed;
    stats_.time_in_port_h_sum += to_hours(now - call.arrival);
  }
  log_visit(call, now, VesselVisit::Outcome::completed);
  quay_.set_berth(call.berth, Quay::kNone);
  count_vessel(now, call, true, -1.0);
  quay_.give_back(call.cranes);
  call.cranes = 0;
  call.state = CallState::gone;
  call.stage = BerthStage::working;
  if (const auto it = std::find(working_.begin(), working_.end(), slot); it != working_.end()) working_.erase(it);
  // Import cargo waiting for its customs release keeps the record alive.
  if (call.released || call.moves * vessel_class(call).import_share <= 0.0) free_slot(slot);
  try_berth(ctx);
  give_cranes(ctx);
}

void Terminal::give_cranes(Context& ctx) {
  if (!setup_->scenario().rules.reassign_cranes || quay_.cranes_free() == 0) return;
  for (const std::uint32_t slot : working_) {
    if (quay_.cranes_free() == 0) break;
    Call& call = calls_[slot];
    const std::uint32_t room = std::min(vessel_class(call).cranes_max, quay_.cranes()) - call.cranes;
    if (room == 0) continue;
    const std::uint32_t extra = quay_.take_cranes(room);
    call.cranes += extra;
    update_rate(ctx, call, slot, call.rate_per_h + draw_productivity(call, extra));
  }
}

void Terminal::retry_blocked(Context& ctx) {
  if (blocked_.empty()) return;
  std::vector<std::uint32_t> waiting;
  waiting.swap(blocked_);
  for (const std::uint32_t slot : waiting) {
    Call& call = calls_[slot];
    if (call.state == CallState::berthed && call.blocked) start_phase(ctx, call, slot);
  }
}

void Terminal::on_patience_expired(Context& ctx, const PatienceDue& m) {
  const std::uint32_t slot = m.slot;
  if (slot >= calls_.size()) return;
  Call& call = calls_[slot];
  if (call.id != m.call) return;
  if (m.at_berth) {
    // At the berth: still idle since the same stop.
    if (call.state != CallState::berthed || call.idle_since != m.since || factors_.quay > 0.0) return;
    unberth(ctx, slot);
  } else {
    if (call.state != CallState::waiting || call.arrival != m.since) return;
    leave_queue(ctx, slot);
  }
  divert_or_leave(ctx, slot);
}

void Terminal::leave_queue(Context& ctx, std::uint32_t slot) {
  if (const auto it = std::find(queue_.begin(), queue_.end(), slot); it != queue_.end()) queue_.erase(it);
  count_vessel(ctx.now(), calls_[slot], false, -1.0);
}

void Terminal::count_vessel(Ticks now, const Call& call, bool berth, double change) {
  (berth ? levels_.berths_busy : levels_.vessels_waiting).add(now, change);
  levels_.vessels_by_class[call.vessel_class].add(now, change);
}

void Terminal::unberth(Context& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  const Ticks now = ctx.now();
  advance_work(call, now);
  settle(ctx, call);               // the work done is kept (at a stopped quay, already at the stop)
  yard_.unreserve(call.reserved);  // the rest stays on board
  call.reserved = 0.0;
  if (call.blocked) {
    if (const auto it = std::find(blocked_.begin(), blocked_.end(), slot); it != blocked_.end()) blocked_.erase(it);
    call.blocked = false;
  }
  ++call.version;  // its phase_done, if any, is void
  quay_.set_berth(call.berth, Quay::kNone);
  count_vessel(now, call, true, -1.0);
  quay_.give_back(call.cranes);
  call.cranes = 0;
  call.idle_since = -1;
  call.state = CallState::waiting;
  working_.erase(std::find(working_.begin(), working_.end(), slot));
}

void Terminal::divert_or_leave(Context& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  const auto& options = setup_->terminals_for(call.vessel_class);
  // A cleared vessel tries the class's other terminals in list order, each
  // at most once (the first 32 of the list; at most kMaxDiversions moves).
  std::uint32_t target = kLeftPort;
  constexpr std::uint32_t kAdHoc = 1U << 31U;
  for (std::uint32_t k = 0; k < options.size() && k < 31; ++k) {
    if (options[k] == index_in_port_) call.tried |= 1U << k;
  }
  // RE-ROUTING: skip what is announced stopped for longer than the vessel would wait.
  const Ticks patience = hours(std::min(vessel_class(call).patience_h, 1e9));
  const auto open = [&](std::uint32_t t) { return setup_->expected_stop(t, ctx.now()) <= patience; };
  bool ad_hoc = false;
  if (call.cleared && std::popcount(call.tried) <= kMaxDiversions) {
    for (std::uint32_t k = 0; k < options.size() && k < 31; ++k) {
      if ((call.tried & (1U << k)) == 0 && options[k] != index_in_port_ && open(options[k])) {
        target = options[k];
        break;
      }
    }
    const auto& others = setup_->ad_hoc_for(call.vessel_class);
    if (target == kLeftPort && (call.tried & kAdHoc) == 0 && !others.empty()) {
      // In proportion to cranes among the open ones, on the call's own stream.
      const auto& weights = setup_->ad_hoc_weights(call.vessel_class);
      double total = 0.0;
      for (std::size_t k = 0; k < others.size(); ++k) {
        if (others[k] != index_in_port_ && open(others[k])) total += weights[k] - (k == 0 ? 0.0 : weights[k - 1]);
      }
      const double u = call.rng.uniform01() * total;
      double sum = 0.0;
      for (std::size_t k = 0; k < others.size() && total > 0.0; ++k) {
        if (others[k] == index_in_port_ || !open(others[k])) continue;
        sum += weights[k] - (k == 0 ? 0.0 : weights[k - 1]);
        target = others[k];
        if (u < sum) break;
      }
      ad_hoc = target != kLeftPort;
      if (ad_hoc) call.tried |= kAdHoc;
    }
  }
  const bool counts = counted(ctx.now());
  log_visit(call, ctx.now(), target == kLeftPort ? VesselVisit::Outcome::left_port : VesselVisit::Outcome::diverted);
  const double on_board_now = on_board(call);
  levels_.aboard.add(ctx.now(), -on_board_now);
  const bool unbooked = call.sent_on || call.exports_unbooked;
  if (target == kLeftPort) {
    stats_.carried_away += on_board_now;
    if (counts) {
      // Its export cargo was booked nowhere: the shippers' boxes go with the line elsewhere.
      if (unbooked && containers_) stats_.exports_cancelled += export_booking(call);
      ++stats_.calls_left_port;
      stats_.left_on_board += on_board_now;
      stats_.imports_left_on_board +=
          call.moves * vessel_class(call).import_share * amount_per_move(call) * call.discharge_left;
    }
  } else {
    stats_.diverted_away += on_board_now;
    if (counts) ++stats_.calls_diverted_out;
    ctx.send(setup_->terminal_lp(target), setup_->message_latency(),
             DivertedVessel{.cleared = call.cleared,
                            .released = call.released,
                            .ad_hoc = ad_hoc,
                            .exports_unbooked = unbooked,
                            .vessel_class = call.vessel_class,
                            .call = call.id,
                            .tried = call.tried,
                            .discharge_left = encode_share(call.discharge_left),
                            .load_left = encode_share(call.load_left),
                            .moves = call.moves});
  }
  forwarded_.emplace(call.id, target);
  // Export cargo already delivered for this vessel goes on a later sailing.
  if (call.export_in_yard > 0.0) roll_exports(ctx, call);
  // Imports it discharged here before leaving its berth wait for their release (on_release).
  if (call.discharged_here > 0.0 && !call.released && vessel_class(call).import_share > 0.0) {
    call.state = CallState::gone;
  } else {
    free_slot(slot);
  }
}

void Terminal::roll_exports(Context& ctx, Call& call) {
  roll(ctx, call.export_in_yard, call.export_entry_h, mean_entry(call.export_in_yard, call.export_entry_h), call.rng);
  call.export_in_yard = 0.0;
  call.export_entry_h = 0.0;
}

void Terminal::roll(Context& ctx, double amount, double entry_h_sum, Ticks entered, kernel::RandomStream& rng) {
  stats_.rolled += amount;
  const Ticks dwell = hours(std::max(0.0, setup_->scenario().traffic.rolled_wait().sample(rng)));
  // The batch waits for a call to take it (take_rolled); its own event ends the wait.
  ctx.schedule(
      dwell,
      ByVessel{.rolled = true, .rolled_batch = yard_.roll(amount, entry_h_sum), .amount = amount, .entered = entered});
}

void Terminal::take_rolled(Call& call) {
  const auto& vc = vessel_class(call);
  if (vc.rolled_space <= 0.0 || !containers_ || call.load_left <= 0.0) return;
  const double per_move = amount_per_move(call);
  const double space = vc.rolled_space * call.moves * vc.export_share * per_move * call.load_left;
  const double taken = yard_.take_rolled(space, [&](double take, double entry_h) {
    call.export_in_yard += take;
    call.export_entry_h += entry_h;
  });
  stats_.rolled_loaded += taken;
  call.export_moves += taken / per_move / call.load_left;  // its load phase grows by them
}

void Terminal::leave_by_sea(Context& ctx, const ByVessel& m) {
  if (!m.rolled) {
    yard_leave(ctx, m.amount, m.entered);  // transshipment
    return;
  }
  // Rolled cargo no call took within its dwell leaves as before (another line's sailing).
  const double amount = yard_.expire_rolled(m.rolled_batch);
  if (amount > 0.0) {
    stats_.rolled_expired += amount;
    yard_leave(ctx, amount, m.entered);
  }
}

void Terminal::on_capacity_change(Context& ctx, const LevelChange& m) {
  // The manual flag means nothing here: the cyber layer sends a terminal in
  // manual mode as its manual_level.
  parts_.set(m.component, m.index, m.level);
  apply_levels(ctx);
}

void Terminal::apply_levels(Context& ctx) {
  const Ticks now = ctx.now();
  using M = scenario::HinterlandMode;
  const PartLevels::Factors before = factors_;
  const PartLevels::Factors after = parts_.factors();
  factors_.gate = after.gate;
  factors_.sides = after.sides;
  const double quay = after.quay;
  if (quay != factors_.quay) {
    // Work in progress is interrupted now and resumes at the new rate; at a stop, what
    // was done is settled (PATIENCE AT THE BERTH: the boxes are ashore or on board).
    const bool stopping = factors_.quay > 0.0 && quay <= 0.0;
    for (const std::uint32_t slot : working_) {
      advance_work(calls_[slot], now);
      if (stopping) settle(ctx, calls_[slot]);
    }
    const bool restarted = factors_.quay <= 0.0 && quay > 0.0;
    const bool stopped = factors_.quay > 0.0 && quay <= 0.0;
    factors_.quay = quay;
    levels_.level.set(now, quay);
    for (const std::uint32_t slot : working_) {
      Call& call = calls_[slot];
      schedule_phase_end(ctx, call, slot);
      // PATIENCE AT THE BERTH: the vessel's clock runs from the stop.
      if (restarted) call.idle_since = -1;
      if (stopped) start_idle(ctx, call, slot);
    }
    if (restarted) try_berth(ctx);
  }
  for (std::size_t mode = 0; mode < Setup::kModes; ++mode) {
    if (before.sides[mode] > 0.0 && factors_.sides[mode] <= 0.0) side_stopped_at_[mode] = now;  // SLOTS SHIFT
  }
  if (containers_ && before.side(M::truck) > 0.0 && factors_.gate <= 0.0) {
    // GATE APPOINTMENTS: the trucks queueing at the gates (or waiting for receival) are turned away.
    for (Fifo<Truck>* waiting : {&gates_.queue(), &export_trucks_held_}) {
      while (!waiting->empty()) {
        levels_.trucks_waiting.add(now, -1.0);
        hold_appointment(now, waiting->pop());
      }
    }
  }
  release_held(ctx);
  if (containers_ && before.side(M::truck) <= 0.0 && factors_.gate > 0.0) rebook_appointments(ctx);
  while (gates_.can_start(factors_.gate)) start_truck(ctx);
}

void Terminal::on_crane_event(Context& ctx, const CraneEvent& m) {
  const std::uint32_t k = m.crane;
  if (m.fails) {
    parts_.crane_fails(quay_.group_of(k));
    ctx.schedule(quay_.draw_repair(k), CraneEvent{.fails = false, .crane = k});
  } else {
    parts_.crane_repaired(quay_.group_of(k));
    ctx.schedule(quay_.draw_uptime(k), CraneEvent{.fails = true, .crane = k});
  }
  apply_levels(ctx);
}

void Terminal::on_shift_change(Context& ctx, const ShiftChange& m) {
  // The work under way is kept at the old rate up to now and goes on at the new one.
  const Ticks now = ctx.now();
  for (const std::uint32_t slot : working_) advance_work(calls_[slot], now);
  quay_.set_crews(!m.crews_stop);
  for (const std::uint32_t slot : working_) schedule_phase_end(ctx, calls_[slot], slot);
  const double after_h = m.crews_stop ? spec_->changeover_h : spec_->shift_h - spec_->changeover_h;
  if (now + hours(after_h) < setup_->horizon()) ctx.schedule(hours(after_h), ShiftChange{.crews_stop = !m.crews_stop});
}

void Terminal::release_held(Context& ctx) {
  for (std::size_t mode = 0; mode < Setup::kModes; ++mode) {
    while (factors_.sides[mode] > 0.0 && !held_at_side_[mode].empty()) {
      const Held held = held_at_side_[mode].pop();
      const std::uint16_t op = operator_for(static_cast<scenario::HinterlandMode>(mode), held.batch.call);
      if (containers_ && op != kNoOperator) {
        // HELD TRIPS GO AGAIN: the operator sends the batch again, first come first served at
        // its capacity (a train or barge on the next trip it can run), as a new offer.
        Batch again = held.batch;
        again.operator_index = op;
        again.span_s = 0;
        send_cargo_ready(ctx, again);
        continue;
      }
      // SLOTS SHIFT: as late after the restart as it came after the stop began (it comes
      // back as a pickup, so a side stopped again by then holds it again).
      const Ticks shift = std::max<Ticks>(0, held.at - side_stopped_at_[mode]);
      if (shift == 0) {
        move_batch(ctx, held.batch);
      } else {
        ctx.schedule(shift, held.batch);
      }
    }
  }
  while (factors_.quay > 0.0 && !held_for_quay_.empty()) leave_by_sea(ctx, held_for_quay_.pop());
}

// ---- yard and hinterland --------------------------------------------------------

void Terminal::yard_enter(Ticks now, double amount) {
  if (amount <= 0.0) return;
  stats_.yard_in += amount;
  yard_.enter(now, amount);
}

void Terminal::yard_leave(Context& ctx, double amount, Ticks entered) {
  if (amount <= 0.0) return;
  stats_.yard_out += amount;
  stats_.sojourn_h += amount * to_hours(ctx.now() - entered);
  yard_.leave(ctx.now(), amount);
  retry_blocked(ctx);
  if (!export_trucks_held_.empty() || !export_batches_held_.empty() || !export_offers_held_.empty()) {
    release_exports(ctx);
  }
  if (berth_waits_for_room_) {
    berth_waits_for_room_ = false;
    try_berth(ctx);
  }
}

template <class Fn>
double Terminal::split_by_mode(double boxes, Fn&& fn) const {
  double left = boxes;
  for (std::size_t mode = 0; mode < Setup::kModes && left > 0.0; ++mode) {
    const auto hm = static_cast<scenario::HinterlandMode>(mode);
    const double share = setup_->mode_share(hm);
    if (share <= 0.0) continue;
    const double mode_boxes = std::min(left, std::round(boxes * share));
    left -= mode_boxes;
    const auto batches = static_cast<std::uint32_t>(std::min<double>(kBatchesPerFlow, mode_boxes));
    for (std::uint32_t k = 0; k < batches; ++k) {
      fn(hm, std::floor(mode_boxes * (k + 1) / batches) - std::floor(mode_boxes * k / batches));
    }
  }
  return boxes - left;
}

double Terminal::export_boxes(const Call& call) const noexcept {
  return std::round(call.moves * vessel_class(call).export_share);
}

double Terminal::export_booking(const Call& call) const noexcept {
  const double boxes = export_boxes(call);
  return boxes < 1.0 ? 0.0 : boxes * vessel_class(call).teu_per_move;
}

void Terminal::request_exports(Context& ctx, Call& call) {
  const auto& vc = vessel_class(call);
  if (vc.export_share <= 0.0 || !containers_) return;
  const double boxes = export_boxes(call);
  if (boxes < 1.0) return;
  const auto& traffic = setup_->scenario().traffic;
  split_by_mode(boxes, [&](scenario::HinterlandMode mode, double batch_boxes) {
    const Ticks due = std::max(ctx.now(), call.eta - hours(std::max(0.0, traffic.export_dwell_h.sample(call.rng))));
    stats_.exports.booked += batch_boxes * vc.teu_per_move;
    offer_batch(ctx, Direction::export_, mode, call.id, batch_boxes * vc.teu_per_move,
                static_cast<std::uint32_t>(batch_boxes), due, 0);
  });
}

void Terminal::release_imports(Context& ctx, Call& call, double share) {
  const auto& vc = vessel_class(call);
  const double per_move = amount_per_move(call);
  // The share of the imports that came off here (all of them, unless PATIENCE AT THE BERTH).
  const double amount = call.moves * vc.import_share * per_move * share;
  if (amount <= 0.0) return;
  const auto& traffic = setup_->scenario().traffic;
  const Ticks ready = std::max(call.discharged_at, call.released_at);
  const Ticks entered = call.discharged_at;
  auto dwell = [&] { return hours(std::max(0.0, traffic.import_dwell_h.sample(call.rng))); };
  if (!containers_) {
    // Bulk and units: to the consignee's operator, or the terminal's first one.
    std::uint16_t op = kNoOperator;
    if (vc.consignee != scenario::kNone) {
      op = static_cast<std::uint16_t>(setup_->scenario().companies[vc.consignee].supplied_by);
    } else {
      for (std::size_t mode = 0; mode < Setup::kModes && op == kNoOperator; ++mode) {
        op = operator_for(static_cast<scenario::HinterlandMode>(mode), call.id);
      }
    }
    const Batch batch{.kind = MessageKind::cargo_due,
                      .direction = Direction::import,
                      .operator_index = op,
                      .company = vc.consignee,
                      .call = call.id,
                      .amount = amount / kBatchesPerFlow,
                      .entered = entered};
    for (std::uint32_t k = 0; k < kBatchesPerFlow; ++k) ctx.schedule(ready + dwell() - ctx.now(), batch);
    return;
  }
  const double boxes = std::round(call.moves * vc.import_share * share);
  const double placed = split_by_mode(boxes, [&](scenario::HinterlandMode mode, double batch_boxes) {
    offer_batch(ctx, Direction::import, mode, call.id, batch_boxes * per_move, static_cast<std::uint32_t>(batch_boxes),
                ready + dwell(), entered);
  });
  // Rounding leaves a fraction of a box: it leaves with the last batch's mode
  // (kept exact so the yard balances).
  const double rest = amount - placed * per_move;
  if (std::abs(rest) > 1e-9) {
    offer_batch(ctx, Direction::import, scenario::HinterlandMode::truck, call.id, rest, 0, ready, entered);
  }
}

std::uint16_t Terminal::operator_for(scenario::HinterlandMode mode, std::uint32_t call) const {
  const auto& ops = setup_->operators(index_in_port_, mode);
  return ops.empty() ? kNoOperator : static_cast<std::uint16_t>(ops[call % ops.size()]);
}

void Terminal::offer_batch(Context& ctx, Direction direction, scenario::HinterlandMode mode, std::uint32_t call,
                           double amount, std::uint32_t boxes, Ticks due, Ticks entered) {
  ctx.schedule(std::max<Ticks>(0, due - ctx.now()), Batch{.kind = MessageKind::cargo_due,
                                                          .direction = direction,
                                                          .operator_index = operator_for(mode, call),
                                                          .call = call,
                                                          .boxes = boxes,
                                                          .amount = amount,
                                                          .entered = entered});
}

void Terminal::on_cargo_due(Context& ctx, const Batch& m) {
  if (m.operator_index == kNoOperator) {
    // No operator of this mode serves the terminal (the setup forbids it for
    // shares > 0; a rounding remainder gets here): the cargo leaves, or comes, now.
    if (m.direction == Direction::import) {
      yard_leave(ctx, m.amount, m.entered);
    } else if (containers_ && !cancel_export(m.call, m.amount, ctx.now())) {
      export_arrived(ctx, m.call, m.amount);
    }
    return;
  }
  if (m.direction == Direction::export_ && containers_) {
    export_due(ctx, m, -1);  // first due: its lead before the ETA
    return;
  }
  send_cargo_ready(ctx, m);
}

void Terminal::on_export_due_again(Context& ctx, const DeferredExport& m) {
  const auto it = deferred_.find(m.id);
  if (it == deferred_.end()) return;  // offered already, when its vessel berthed
  const Deferral deferral = it->second;
  const auto [first, last] = deferred_of_.equal_range(deferral.batch.call);
  for (auto d = first; d != last; ++d) {
    if (d->second == m.id) {
      deferred_of_.erase(d);
      break;
    }
  }
  deferred_.erase(it);
  export_due(ctx, deferral.batch, deferral.lead);
}

void Terminal::export_due(Context& ctx, const Batch& batch, Ticks lead) {
  if (cancel_export(batch.call, batch.amount, ctx.now())) return;
  if (defer_export(ctx, batch, lead)) return;
  offer_export(ctx, batch);
}

void Terminal::send_cargo_ready(Context& ctx, const Batch& batch) {
  Batch ready = batch;
  ready.kind = MessageKind::cargo_ready;
  ready.terminal = static_cast<std::uint16_t>(index_in_port_);
  ctx.send(setup_->hinterland_lp(batch.operator_index), setup_->message_latency(), ready);
}

bool Terminal::defer_export(Context& ctx, const Batch& m, Ticks lead) {
  if (spec_->export_window != scenario::ExportWindow::berth) return false;
  const std::uint32_t slot = slot_of(m.call);
  if (slot == kNoSlot) return false;
  const Call& call = calls_[slot];
  if (call.state != CallState::announced && call.state != CallState::waiting) return false;
  const Ticks now = ctx.now();
  if (lead < 0) lead = std::max<Ticks>(0, call.eta - now);
  const Ticks wait = hours(expected_wait_h());
  // Not before the quay is expected back, if it is announced stopped (RE-ROUTING's notices).
  const Ticks berthing =
      std::max(call.state == CallState::waiting ? std::max(now, call.arrival + wait) : call.eta + wait,
               now + setup_->expected_stop(index_in_port_, now));
  const Ticks due = berthing - lead;
  if (due <= now + kernel::kTicksPerHour) return false;  // within the hour: it comes now
  const std::uint32_t id = next_deferral_++;
  ++stats_.exports_deferred;
  deferred_.emplace(id, Deferral{m, lead});
  deferred_of_.emplace(m.call, id);
  ctx.schedule(due - now, DeferredExport{.id = id});
  return true;
}

void Terminal::offer_deferred_exports(Context& ctx, std::uint32_t call_id) {
  const auto [first, last] = deferred_of_.equal_range(call_id);
  if (first == last) return;
  std::vector<std::uint32_t> ids;
  for (auto d = first; d != last; ++d) ids.push_back(d->second);
  deferred_of_.erase(call_id);
  std::sort(ids.begin(), ids.end());  // in the order they were deferred
  for (const std::uint32_t id : ids) {
    const auto it = deferred_.find(id);
    const Batch batch = it->second.batch;
    deferred_.erase(it);
    offer_export(ctx, batch);
  }
}

void Terminal::offer_export(Context& ctx, const Batch& m) {
  if (!receiving()) {
    export_offers_held_.push(m);  // YARD ADMISSION: no export appointments while receival is stopped
    return;
  }
  send_cargo_ready(ctx, m);
}

void Terminal::on_pickup(Context& ctx, const Batch& m) {
  const auto mode = m.mode;
  if (containers_ && mode == scenario::HinterlandMode::truck && m.boxes > 0) {
    // One truck per box, arriving at random over the operator's trip span.
    const Ticks span = static_cast<Ticks>(m.span_s) * kernel::kTicksPerSecond;
    const double per_box = m.amount / m.boxes;
    // The batch's own stream (its call and its yard-entry or due time), so
    // its trucks come and are served alike in a disrupted run and its baseline.
    const auto key = static_cast<std::uint64_t>(m.entered) * 0x9E37'79B9'7F4A'7C15ULL ^ m.call;
    kernel::RandomStream rng =
        setup_->entity_stream(EntityStream::batch, static_cast<std::uint32_t>(key ^ (key >> 32)));
    gates_.book(m.boxes);
    for (std::uint32_t k = 0; k < m.boxes; ++k) {
      Truck truck;
      truck.direction = m.direction;
      truck.call = m.call;
      truck.amount = per_box;
      truck.entered = m.entered;
      const auto offset = static_cast<Ticks>(rng.uniform01() * static_cast<double>(span));
      truck.service = gates_.draw_service(rng);
      if (factors_.gate <= 0.0) {
        hold_appointment(ctx.now(), truck);  // GATE APPOINTMENTS: no truck comes
      } else {
        ctx.schedule(offset, truck.message());
      }
    }
    return;
  }
  if (side_factor(mode) <= 0.0) {
    held_at_side_[static_cast<std::size_t>(mode)].push({m, ctx.now()});  // STOPPED MEANS STOPPED
    return;
  }
  move_batch(ctx, m);
}

void Terminal::move_batch(Context& ctx, const Batch& m) {
  if (m.direction == Direction::import) {
    yard_leave(ctx, m.amount, m.entered);
    count_landside(m.operator_index, m.amount, ctx.now());
    if (!containers_ && m.company != scenario::kNone) {
      // A company's bulk reaches it the trip and its operator's transit after it leaves here.
      const std::uint32_t company = m.company;
      const auto& hinterland = setup_->scenario().hinterland;
      const auto op = setup_->scenario().companies[company].supplied_by;
      const double transit_h = op < hinterland.size() ? hinterland[op].transit_h : 0.0;
      const Ticks transit = std::max(setup_->message_latency(), hours(transit_h));
      Batch delivery = m;
      delivery.kind = MessageKind::delivery;
      ctx.send(setup_->company_lp(company), static_cast<Ticks>(m.span_s) * kernel::kTicksPerSecond + transit, delivery);
    }
  } else if (containers_ && cancel_export(m.call, m.amount, ctx.now())) {
    return;
  } else if (containers_ && !receiving()) {
    export_batches_held_.push(m);  // YARD ADMISSION: receival stopped
  } else {
    export_arrived(ctx, m.call, m.amount);
    count_landside(m.operator_index, m.amount, ctx.now());
  }
}

void Terminal::export_arrived(Context& ctx, std::uint32_t call_id, double amount) {
  const Ticks now = ctx.now();
  yard_enter(now, amount);
  stats_.exports.received += amount;
  const std::uint32_t slot = slot_of(call_id);
  // Loaded already (it loaded first, its discharge waiting for room): too late for it too.
  if (slot != kNoSlot && calls_[slot].state != CallState::gone && !calls_[slot].loaded) {
    Call& call = calls_[slot];
    call.export_in_yard += amount;
    call.export_entry_h += amount * to_hours(now);
    return;
  }
  // Its vessel has left, went elsewhere or has loaded: rolled to a later sailing.
  roll(ctx, amount, amount * to_hours(now), now, ctx.rng());
}

void Terminal::on_transshipment_out(Context& ctx, const ByVessel& m) {
  // It leaves by a vessel: not over a stopped quay.
  if (factors_.quay <= 0.0) {
    held_for_quay_.push(m);
    return;
  }
  leave_by_sea(ctx, m);
}

void Terminal::hold_appointment(Ticks now, const Truck& truck) {
  gates_.hold(truck);
  levels_.appointments_held.add(now, 1.0);
  if (truck.direction == Direction::import) levels_.appointments_held_import.add(now, 1.0);
  if (counted(now)) ++stats_.appointments_cancelled;
}

void Terminal::rebook_appointments(Context& ctx) {
  const Ticks now = ctx.now();
  gates_.rebook(now, factors_.gate, [&](const Truck& truck, Ticks offset) {
    ctx.schedule(offset, truck.message());
    levels_.appointments_held.add(now, -1.0);
    if (truck.direction == Direction::import) levels_.appointments_held_import.add(now, -1.0);
  });
}

void Terminal::on_truck_arrival(Context& ctx, const TruckArrival& m) {
  const Truck truck = Truck::arriving(m, ctx.now());
  if (containers_ && factors_.gate <= 0.0) {
    hold_appointment(ctx.now(), truck);  // GATE APPOINTMENTS: turned away at stopped gates
    return;
  }
  levels_.trucks_waiting.add(ctx.now(), 1.0);
  if (truck.direction == Direction::export_ && containers_ && !receiving()) {
    export_trucks_held_.push(truck);  // YARD ADMISSION: receival stopped
    return;
  }
  gates_.queue().push(truck);
  if (factors_.gate > 0.0 && gates_.lane_free()) start_truck(ctx);
}

void Terminal::start_truck(Context& ctx) {
  const Ticks now = ctx.now();
  Fifo<Truck>& queue = gates_.queue();
  Truck truck = queue.pop();
  levels_.trucks_waiting.add(now, -1.0);
  // Export trucks of calls that left the port are turned away before a lane; while receival
  // is stopped, export trucks step aside (imports behind them go on).
  while (truck.direction == Direction::export_ && containers_) {
    if (!cancel_export(truck.call, truck.amount, now)) {
      if (receiving()) break;
      export_trucks_held_.push(truck);
      levels_.trucks_waiting.add(now, 1.0);
    }
    if (queue.empty()) return;
    truck = queue.pop();
    levels_.trucks_waiting.add(now, -1.0);
  }
  if (counted(now)) {
    ++stats_.trucks_by_direction[static_cast<std::size_t>(truck.direction)];
    stats_.truck_wait_h_sum += to_hours(now - truck.arrived);
  }
  const std::uint32_t lane = gates_.enter_lane(truck);
  ctx.schedule(Gates::service_time(truck, factors_.gate), TruckDone{.lane = lane});
}

void Terminal::on_truck_done(Context& ctx, const TruckDone& m) {
  const Truck truck = gates_.leave_lane(m.lane);
  if (truck.direction == Direction::import) {
    yard_leave(ctx, truck.amount, truck.entered);
  } else {
    export_arrived(ctx, truck.call, truck.amount);
  }
  count_landside(operator_for(scenario::HinterlandMode::truck, truck.call), truck.amount, ctx.now());
  if (gates_.can_start(factors_.gate)) start_truck(ctx);
}

}  // namespace porttwin::port
