// Sea side, port authority, PCS and customs LPs. Rules in services.hpp.
#include "porttwin/port/services.hpp"

#include <algorithm>
#include <cmath>

namespace porttwin::port {

void schedule_capacity_changes(Context& ctx, const Setup& setup) {
  const auto& changes = setup.options().capacity_changes;
  const auto& targets = setup.change_targets();
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (targets[i].lp != ctx.self()) continue;
    const LevelChange m{.component = targets[i].component,
                        .manual = changes[i].manual,
                        .index = targets[i].index,
                        .level = changes[i].level};
    ctx.schedule(hours(changes[i].at_h), m);
  }
}

// ---- sea ------------------------------------------------------------------------

namespace {

/// A vessel's arrival after its berth window, in whole seconds.
std::int32_t late_seconds(Ticks late) noexcept {
  const auto s = static_cast<double>(late) / static_cast<double>(kernel::kTicksPerSecond);
  return static_cast<std::int32_t>(std::clamp(std::round(s), -2.0e9, 2.0e9));
}

/// `total` whole units in proportion to `weights` (largest remainders; ties to the first).
std::vector<std::uint32_t> apportion(std::uint32_t total, const std::vector<double>& weights) {
  std::vector<std::uint32_t> out(weights.size(), 0);
  double sum = 0.0;
  for (const double w : weights) sum += std::max(0.0, w);
  if (weights.empty() || !(sum > 0.0)) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint32_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * std::max(0.0, weights[i]) / sum;
    out[i] = static_cast<std::uint32_t>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given) ++out[remainders[k].second];
  return out;
}

}  // namespace

Sea::Sea(const Setup& setup) : setup_(&setup) {
  const auto& traffic = setup.scenario().traffic;
  position_.assign(traffic.streams.size(), 0);
  class_cumulative_.resize(traffic.streams.size());
  class_of_.resize(traffic.streams.size());
  for (std::size_t c = 0; c < traffic.vessel_classes.size(); ++c) {
    const auto& vc = traffic.vessel_classes[c];
    if (vc.stream >= traffic.streams.size() || vc.share <= 0.0) continue;
    auto& cumulative = class_cumulative_[vc.stream];
    cumulative.push_back((cumulative.empty() ? 0.0 : cumulative.back()) + vc.share);
    class_of_[vc.stream].push_back(static_cast<std::uint16_t>(c));
  }
  build_services();
}

void Sea::build_services() {
  const auto& traffic = setup_->scenario().traffic;
  services_.assign(traffic.streams.size(), {});
  // Per terminal: (expected stay, stream, service) of the services calling it.
  struct Placed {
    double stay_h;
    std::size_t stream;
    std::size_t service;
  };
  std::vector<std::vector<Placed>> at_terminal;
  for (std::size_t s = 0; s < traffic.streams.size(); ++s) {
    const auto& spec = traffic.streams[s];
    if (spec.process != scenario::ArrivalProcess::windows || class_of_[s].empty()) continue;
    const auto n = static_cast<std::uint32_t>(std::max(1.0, std::round(spec.rate_per_h * spec.period_h)));
    std::vector<double> shares;
    for (const std::uint16_t c : class_of_[s]) shares.push_back(traffic.vessel_classes[c].share);
    const std::vector<std::uint32_t> per_class = apportion(n, shares);
    for (std::size_t k = 0; k < per_class.size(); ++k) {
      const std::uint16_t c = class_of_[s][k];
      const auto& weights = setup_->terminal_weights(c);
      const auto& terminals = setup_->terminals_for(c);
      std::vector<double> own(weights.size());
      for (std::size_t i = 0; i < weights.size(); ++i) own[i] = weights[i] - (i == 0 ? 0.0 : weights[i - 1]);
      const std::vector<std::uint32_t> per_terminal = apportion(per_class[k], own);
      const auto& vc = traffic.vessel_classes[c];
      const double stay_h = vc.call_size.mean() / std::max<std::uint32_t>(1, vc.cranes_max);
      for (std::size_t i = 0; i < per_terminal.size(); ++i) {
        for (std::uint32_t j = 0; j < per_terminal[i]; ++j) {
          const std::uint32_t t = terminals[i];
          if (at_terminal.size() <= t) at_terminal.resize(t + 1);
          at_terminal[t].push_back({stay_h, s, services_[s].size()});
          services_[s].push_back({c, t, 0.0});
        }
      }
    }
  }
  // Each terminal's windows, evenly over the period, each class spread as evenly as it can be:
  // slot k goes to the class furthest behind its even share ((k + 1) n_c / m - placed_c; ties to
  // the longer stay, then the earlier service), its services taken in order.
  for (auto& placed : at_terminal) {
    std::stable_sort(placed.begin(), placed.end(),
                     [](const Placed& a, const Placed& b) { return a.stay_h > b.stay_h; });
    struct Group {
      std::size_t first = 0, count = 0, used = 0;
    };
    std::vector<Group> groups;
    for (std::size_t i = 0; i < placed.size(); ++i) {
      const auto same = [&](std::size_t a, std::size_t b) {
        return services_[placed[a].stream][placed[a].service].vessel_class ==
               services_[placed[b].stream][placed[b].service].vessel_class;
      };
      if (groups.empty() || !same(groups.back().first, i)) groups.push_back({i, 0, 0});
      ++groups.back().count;
    }
    const std::size_t m = placed.size();
    for (std::size_t slot = 0; slot < m; ++slot) {
      Group* behind = nullptr;
      double most = -1e300;
      for (Group& g : groups) {
        if (g.used == g.count) continue;
        const double deficit = static_cast<double>(slot + 1) * static_cast<double>(g.count) / static_cast<double>(m) -
                               static_cast<double>(g.used);
        if (deficit > most) {
          most = deficit;
          behind = &g;
        }
      }
      const Placed& p = placed[behind->first + behind->used++];
      const double period_h = traffic.streams[p.stream].period_h;
      services_[p.stream][p.service].offset_h = (static_cast<double>(slot) + 0.5) * period_h / static_cast<double>(m);
    }
  }
}

void Sea::schedule_period(Context& ctx, std::uint16_t stream, std::uint64_t period) {
  const auto& spec = setup_->scenario().traffic.streams[stream];
  const double start_h = static_cast<double>(period) * spec.period_h;
  const auto& services = services_[stream];
  for (std::size_t j = 0; j < services.size(); ++j) {
    const bool on_time = spec.on_time >= 1.0 || ctx.rng().uniform01() < spec.on_time;
    const double deviation_h = on_time ? spec.deviation_h.sample(ctx.rng()) : spec.late_h.sample(ctx.rng());
    const Ticks window = hours(start_h + services[j].offset_h);
    const Ticks eta = std::max(ctx.now() + setup_->message_latency(), window + hours(deviation_h));
    const ArrivalDue m{
        .stream = stream, .service = static_cast<std::uint32_t>(j), .late_s = late_seconds(eta - window), .eta = eta};
    ctx.schedule(std::max<Ticks>(0, eta - setup_->pre_arrival_lead() - ctx.now()), m);
  }
  // The next period's arrivals, a period ahead of it.
  ctx.schedule(std::max<Ticks>(0, hours(start_h) - ctx.now()), ArrivalDue{.period_tick = true, .stream = stream});
}

void Sea::init(Context& ctx) {
  const auto& streams = setup_->scenario().traffic.streams;
  for (std::size_t s = 0; s < streams.size(); ++s) schedule_next(ctx, static_cast<std::uint16_t>(s), 0);
}

void Sea::schedule_next(Context& ctx, std::uint16_t stream, Ticks after) {
  const auto& spec = setup_->scenario().traffic.streams[stream];
  ArrivalDue m{.stream = stream};
  std::uint64_t& k = position_[stream];
  Ticks at = 0;  // time of the next notification (the vessel arrives a lead later)
  switch (spec.process) {
    case scenario::ArrivalStream::Process::poisson: {
      if (spec.rate_per_h <= 0.0 || class_of_[stream].empty()) return;
      at = after + hours(kernel::standard_exponential(ctx.rng()) / spec.rate_per_h);
      break;
    }
    case scenario::ArrivalStream::Process::timetable: {
      if (spec.offsets_h.empty() || class_of_[stream].empty()) return;
      const std::uint64_t cycle = k / spec.offsets_h.size();
      const std::size_t j = k % spec.offsets_h.size();
      at = hours(static_cast<double>(cycle) * spec.period_h + spec.offsets_h[j]);
      break;
    }
    case scenario::ArrivalStream::Process::csv: {
      if (k >= spec.listed.size()) return;
      const Ticks eta = std::max(hours(spec.listed[k].time_h), setup_->message_latency());
      at = std::max<Ticks>(0, eta - setup_->pre_arrival_lead());
      m.eta = eta;
      m.vessel_class = static_cast<std::uint16_t>(spec.listed[k].vessel_class);
      break;
    }
    case scenario::ArrivalStream::Process::windows:
      // Period k's arrivals, and the tick that draws period k + 1's (at period 0: at once).
      if (services_[stream].empty()) return;
      schedule_period(ctx, stream, k++);
      return;
  }
  ++k;
  ctx.schedule(std::max<Ticks>(0, at - ctx.now()), m);
}

void Sea::handle(Context& ctx, const PortEvent& event) {
  if (event.payload.kind() != MessageKind::next_arrival) return;
  const auto m = event.payload.as<ArrivalDue>();
  const auto& spec = setup_->scenario().traffic.streams[m.stream];
  if (spec.process == scenario::ArrivalStream::Process::windows) {
    if (m.period_tick) {
      schedule_next(ctx, m.stream, ctx.now());
    } else {
      const Service& service = services_[m.stream][m.service];
      announce(ctx, service.vessel_class, m.eta, service.terminal, m.late_s);
    }
    return;
  }
  if (spec.process == scenario::ArrivalStream::Process::csv) {
    announce(ctx, m.vessel_class, m.eta);
  } else {
    const auto& cumulative = class_cumulative_[m.stream];
    const double u = ctx.rng().uniform01() * cumulative.back();
    const auto pick =
        static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    announce(ctx, class_of_[m.stream][std::min(pick, cumulative.size() - 1)], ctx.now() + setup_->pre_arrival_lead());
  }
  schedule_next(ctx, m.stream, ctx.now());
}

void Sea::announce(Context& ctx, std::uint16_t vessel_class, Ticks eta, std::uint32_t terminal,
                   std::optional<std::int32_t> late_s) {
  const auto& vc = setup_->scenario().traffic.vessel_classes[vessel_class];
  if (terminal == kAnyTerminal) {
    // The terminal, in proportion to quay capacity (cranes) among those that fit.
    const auto& terminals = setup_->terminals_for(vessel_class);
    const auto& weights = setup_->terminal_weights(vessel_class);
    const double u = ctx.rng().uniform01() * weights.back();
    const auto pick = std::min<std::size_t>(
        static_cast<std::size_t>(std::upper_bound(weights.begin(), weights.end(), u) - weights.begin()),
        terminals.size() - 1);
    terminal = terminals[pick];
  }
  double moves = std::max(1.0, vc.call_size.sample(ctx.rng()));
  if (vc.cargo == scenario::CargoKind::containers) moves = std::round(moves);

  CallNotice notice{
      .vessel_class = vessel_class, .terminal = terminal, .call = next_call_++, .moves = moves, .eta = eta};
  const Ticks latency = setup_->message_latency();
  ctx.send(Setup::kPcs, latency, notice);
  // The import documents the release will stand for, one per import box (services.hpp).
  notice.kind = MessageKind::cargo_declaration;
  if (vc.cargo == scenario::CargoKind::containers) {
    notice.import_boxes = static_cast<std::uint32_t>(std::clamp(std::round(moves * vc.import_share), 0.0, 4.0e9));
  }
  ctx.send(Setup::kPcs, latency, notice);
  const VesselArrival vessel{.has_window = late_s.has_value(),  // SCHEDULE RELIABILITY: its window, if any
                             .vessel_class = vessel_class,
                             .call = notice.call,
                             .late_s = late_s.value_or(0),
                             .moves = moves,
                             .eta = eta};
  ctx.send(setup_->terminal_lp(terminal), std::max(latency, eta - ctx.now()), vessel);
}

// ---- port authority -----------------------------------------------------------------

void PortAuthority::init(Context& ctx) { schedule_capacity_changes(ctx, *setup_); }

void PortAuthority::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  if (m.kind() == MessageKind::capacity_change) {
    level_ = std::clamp(m.as<LevelChange>().level, 0.0, 1.0);
    while (level_ > 0.0 && !held_.empty()) {
      const HeldMessage held = held_.pop();
      ++stats_.held;
      stats_.held_h_sum += to_hours(ctx.now() - held.since);
      clear(ctx, held.message);
    }
    return;
  }
  if (m.kind() != MessageKind::pre_arrival_notification) return;
  ++stats_.messages;
  if (level_ <= 0.0) {
    held_.push({m, ctx.now()});
    return;
  }
  clear(ctx, m);
}

void PortAuthority::clear(Context& ctx, const Message& notification) {
  CallNotice m = notification.as<CallNotice>();
  kernel::RandomStream rng = setup_->entity_stream(EntityStream::clearance, m.call);
  const double check_h = std::max(0.0, setup_->scenario().port_authority.clearance_h.sample(rng));
  m.kind = MessageKind::clearance;
  ctx.send(Setup::kPcs, std::max(setup_->message_latency(), hours(check_h / level_)), m);
}

// ---- PCS ----------------------------------------------------------------------------

namespace {

bool is_truck_pickup(const Message& m) noexcept {
  if (m.kind() != MessageKind::pickup) return false;
  const auto pickup = m.as<Batch>();
  return pickup.boxes > 0 && pickup.mode == scenario::HinterlandMode::truck;
}

}  // namespace

Pcs::Queue Pcs::queue_of(const Message& m) noexcept {
  return m.kind() == MessageKind::customs_release || m.kind() == MessageKind::pickup ? kBoxes : kCallPaper;
}

std::uint32_t Pcs::real_messages(const Message& m) const noexcept {
  switch (m.kind()) {
    case MessageKind::customs_release: return std::max<std::uint32_t>(1U, m.as<CallNotice>().import_boxes);
    case MessageKind::pickup: return std::max<std::uint32_t>(1U, m.as<Batch>().boxes);  // one per box
    default: return 1U;
  }
}

Pcs::Pcs(const Setup& setup) : setup_(&setup), backlog_(setup.warmup()) {
  desks_[kDesk].capacity_per_h = setup.scenario().pcs.manual_capacity_per_h;
  desks_[kBackup].capacity_per_h = setup.scenario().pcs.manual_backup_capacity_per_h;
}

void Pcs::init(Context& ctx) { schedule_capacity_changes(ctx, *setup_); }

void Pcs::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  if (m.kind() == MessageKind::capacity_change) {
    on_capacity_change(ctx, m.as<LevelChange>());
    return;
  }
  if (m.kind() == MessageKind::manual_done) {
    on_manual_done(ctx, m.as<DeskDone>());
    return;
  }
  if (destination(m) == Setup::kPcs) return;  // nothing else travels through the PCS
  if (ctx.now() >= setup_->warmup()) stats_.messages += real_messages(m);
  if (manual_) {
    route_manual(ctx, {m, ctx.now()});
  } else if (level_ <= 0.0) {
    hold({m, ctx.now()});
  } else {
    pass_on(ctx, m);
    return;
  }
  update_backlog(ctx.now());
}

void Pcs::update_backlog(Ticks now) { backlog_.set(now, static_cast<double>(waiting_)); }

void Pcs::hold(const HeldMessage& m) {
  held_.push(m);
  waiting_ += real_messages(m.message);
}

void Pcs::release_held(Context& ctx, const HeldMessage& held) {
  const std::uint32_t n = real_messages(held.message);
  stats_.held += n;
  stats_.held_h_sum += n * to_hours(ctx.now() - held.since);
  waiting_ -= n;
}

void Pcs::on_capacity_change(Context& ctx, const LevelChange& m) {
  if (m.manual) {
    start_manual(ctx);  // the level is ignored: the desks' capacities rule
  } else {
    level_ = std::clamp(m.level, 0.0, 1.0);
    if (manual_) end_manual(ctx);
    while (level_ > 0.0 && !held_.empty()) {
      const HeldMessage held = held_.pop();
      release_held(ctx, held);
      pass_on(ctx, held.message);
    }
  }
  update_backlog(ctx.now());
}

void Pcs::start_manual(Context& ctx) {
  if (manual_) return;
  manual_ = true;
  // What the outage held goes to the desks first, in arrival order; what
  // waits for the system (held declarations) stays held, in order.
  const std::size_t n = held_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const HeldMessage held = held_.pop();
    if (waits_for_system(held.message)) {
      held_.push(held);
      continue;
    }
    release_held(ctx, held);
    route_manual(ctx, {held.message, ctx.now()});
  }
}

void Pcs::end_manual(Context& ctx) {
  manual_ = false;
  ++desk_version_;  // the pending manual_done, if any, is void
  // Still at the desks: passed on at the new level, or held again at level 0
  // (after what waits for the system). A truck pickup under way was passed
  // on when its first box was done: it is not passed again.
  for (Desk& desk : desks_) {
    if (desk.serving >= 0) {
      auto& queue = desk.queues[static_cast<std::size_t>(desk.serving)];
      if (is_truck_pickup(queue.front().message)) waiting_ -= real_messages(queue.pop().message);
    }
    desk.serving = -1;
    for (auto& queue : desk.queues) {
      while (!queue.empty()) {
        const HeldMessage queued = queue.pop();
        waiting_ -= real_messages(queued.message);
        if (level_ > 0.0) {
          pass_on(ctx, queued.message);
        } else {
          hold(queued);
        }
      }
    }
  }
}

bool Pcs::waits_for_system(const Message& m) const noexcept {
  return m.kind() == MessageKind::cargo_declaration && setup_->scenario().pcs.manual_hold_declarations;
}

Ticks Pcs::after_desk(DeskId id, double plus_h) const noexcept {
  const auto& pcs = setup_->scenario().pcs;
  const double extra_h = id == kBackup ? 0.0 : pcs.manual_extra_h;
  return std::max(setup_->message_latency(), hours(plus_h + extra_h + pcs.processing_h));
}

void Pcs::route_manual(Context& ctx, const HeldMessage& m) {
  if (waits_for_system(m.message)) {
    hold(m);
    return;
  }
  const DeskId id = is_truck_pickup(m.message) && desks_[kBackup].capacity_per_h > 0.0 ? kBackup : kDesk;
  desks_[id].queues[queue_of(m.message)].push(m);
  waiting_ += real_messages(m.message);
  if (desks_[id].serving < 0) serve_next(ctx, id);
}

void Pcs::serve_next(Context& ctx, DeskId id) {
  Desk& desk = desks_[id];
  desk.serving = !desk.queues[kCallPaper].empty() ? kCallPaper : !desk.queues[kBoxes].empty() ? kBoxes : -1;
  if (desk.serving < 0) return;
  const Message& front = desk.queues[static_cast<std::size_t>(desk.serving)].front().message;
  const double per_message_h = 1.0 / desk.capacity_per_h;
  const double service_h = real_messages(front) * per_message_h;
  if (is_truck_pickup(front)) {
    // Each truck is notified on its own: the trucks come from the first box
    // done, spread over the desk's time for all of them (or the operator's
    // span, if longer).
    auto pickup = front.as<Batch>();
    pickup.span_s =
        std::max(pickup.span_s, static_cast<std::uint32_t>(std::clamp(std::ceil(service_h * 3600.0), 0.0, 4.0e9)));
    ctx.send(destination(pickup), after_desk(id, per_message_h), pickup);
    stats_.manual += real_messages(front);
  }
  ctx.schedule(hours(service_h), DeskDone{.desk = static_cast<std::uint16_t>(id), .version = desk_version_});
}

void Pcs::on_manual_done(Context& ctx, const DeskDone& m) {
  Desk& desk = desks_[m.desk];
  if (!manual_ || m.version != desk_version_ || desk.serving < 0) return;  // the desk closed meanwhile
  const HeldMessage served = desk.queues[static_cast<std::size_t>(desk.serving)].pop();
  desk.serving = -1;
  const std::uint32_t n = real_messages(served.message);
  waiting_ -= n;
  if (!is_truck_pickup(served.message)) {  // a truck pickup left when its first box was done
    stats_.manual += n;
    ctx.send(destination(served.message), after_desk(static_cast<DeskId>(m.desk), 0.0), served.message);
  }
  serve_next(ctx, static_cast<DeskId>(m.desk));
  update_backlog(ctx.now());
}

LpId Pcs::destination(const Message& m) const noexcept {
  switch (m.kind()) {
    case MessageKind::pre_arrival_notification: return Setup::kPortAuthority;
    case MessageKind::cargo_declaration: return Setup::kCustoms;
    case MessageKind::clearance:
    case MessageKind::customs_release: return setup_->terminal_lp(m.as<CallNotice>().terminal);
    case MessageKind::pickup: return setup_->terminal_lp(m.as<Batch>().terminal);
    default: return Setup::kPcs;
  }
}

void Pcs::pass_on(Context& ctx, const Message& m) {
  const Ticks processing = hours(setup_->scenario().pcs.processing_h / level_);
  ctx.send(destination(m), std::max(setup_->message_latency(), processing), m);
}

// ---- customs ------------------------------------------------------------------------

Customs::Customs(const Setup& setup) : setup_(&setup) {}

void Customs::init(Context& ctx) { schedule_capacity_changes(ctx, *setup_); }

void Customs::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  if (m.kind() == MessageKind::capacity_change) {
    level_ = std::clamp(m.as<LevelChange>().level, 0.0, 1.0);
    while (level_ > 0.0 && !held_.empty()) release(ctx, held_.pop().message);
    return;
  }
  if (m.kind() != MessageKind::cargo_declaration) return;
  if (level_ <= 0.0) {
    held_.push({m, ctx.now()});
    return;
  }
  release(ctx, m);
}

void Customs::release(Context& ctx, const Message& declaration) {
  const auto& spec = setup_->scenario().customs;
  CallNotice m = declaration.as<CallNotice>();
  kernel::RandomStream rng = setup_->entity_stream(EntityStream::customs_call, m.call);
  double delay_h = std::max(0.0, spec.release_h.sample(rng));
  if (spec.inspection_share > 0.0 && rng.uniform01() < spec.inspection_share) {
    delay_h += std::max(0.0, spec.inspection_h.sample(rng));
    ++inspections_;
  }
  m.kind = MessageKind::customs_release;
  ctx.send(Setup::kPcs, std::max(setup_->message_latency(), hours(delay_h / level_)), m);
}

}  // namespace porttwin::port
