// Sea side, port authority, PCS and customs LPs. Rules in services.hpp.
#include "porttwin/port/services.hpp"

#include <algorithm>
#include <cmath>

namespace porttwin::port {

void schedule_capacity_changes(Context& ctx, const Setup& setup, const std::string& node) {
  for (const auto& change : setup.options().capacity_changes) {
    if (change.node != node) continue;
    Message m;
    m.kind = MessageKind::capacity_change;
    m.amount = change.level;
    ctx.schedule(hours(change.at_h), m);
  }
}

// ---- sea ------------------------------------------------------------------------

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
}

void Sea::init(Context& ctx) {
  const auto& streams = setup_->scenario().traffic.streams;
  for (std::size_t s = 0; s < streams.size(); ++s) schedule_next(ctx, static_cast<std::uint16_t>(s), 0);
}

void Sea::schedule_next(Context& ctx, std::uint16_t stream, Ticks after) {
  const auto& spec = setup_->scenario().traffic.streams[stream];
  Message m;
  m.kind = MessageKind::next_arrival;
  m.index = stream;
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
      m.time = eta;
      m.call = spec.listed[k].vessel_class;
      break;
    }
  }
  ++k;
  ctx.schedule(std::max<Ticks>(0, at - ctx.now()), m);
}

void Sea::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  if (m.kind != MessageKind::next_arrival) return;
  const auto& spec = setup_->scenario().traffic.streams[m.index];
  if (spec.process == scenario::ArrivalStream::Process::csv) {
    announce(ctx, static_cast<std::uint16_t>(m.call), m.time);
  } else {
    const auto& cumulative = class_cumulative_[m.index];
    const double u = ctx.rng().uniform01() * cumulative.back();
    const auto pick = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                               cumulative.begin());
    announce(ctx, class_of_[m.index][std::min(pick, cumulative.size() - 1)], ctx.now() + setup_->pre_arrival_lead());
  }
  schedule_next(ctx, m.index, ctx.now());
}

void Sea::announce(Context& ctx, std::uint16_t vessel_class, Ticks eta) {
  const auto& vc = setup_->scenario().traffic.vessel_classes[vessel_class];
  const auto& terminals = setup_->terminals_for(vessel_class);
  const auto& weights = setup_->terminal_weights(vessel_class);
  // The terminal, in proportion to quay capacity (cranes) among those that fit.
  const double u = ctx.rng().uniform01() * weights.back();
  const auto pick = std::min<std::size_t>(
      static_cast<std::size_t>(std::upper_bound(weights.begin(), weights.end(), u) - weights.begin()),
      terminals.size() - 1);
  double moves = std::max(1.0, vc.call_size.sample(ctx.rng()));
  if (vc.cargo == scenario::CargoKind::containers) moves = std::round(moves);

  Message m;
  m.index = vessel_class;
  m.call = next_call_++;
  m.aux = terminals[pick];
  m.amount = moves;
  m.time = eta;
  const Ticks latency = setup_->message_latency();
  m.kind = MessageKind::pre_arrival_notification;
  ctx.send(Setup::kPcs, latency, m);
  m.kind = MessageKind::cargo_declaration;
  ctx.send(Setup::kPcs, latency, m);
  m.kind = MessageKind::vessel_arrival;
  ctx.send(setup_->terminal_lp(terminals[pick]), std::max(latency, eta - ctx.now()), m);
}

// ---- port authority -----------------------------------------------------------------

void PortAuthority::handle(Context& ctx, const PortEvent& event) {
  Message m = event.payload;
  if (m.kind != MessageKind::pre_arrival_notification) return;
  const double check_h = std::max(0.0, setup_->scenario().port_authority.clearance_h.sample(ctx.rng()));
  m.kind = MessageKind::clearance;
  ctx.send(Setup::kPcs, std::max(setup_->message_latency(), hours(check_h)), m);
}

// ---- PCS ----------------------------------------------------------------------------

Pcs::Pcs(const Setup& setup) : setup_(&setup), backlog_(setup.warmup()) {}

void Pcs::init(Context& ctx) { schedule_capacity_changes(ctx, *setup_, setup_->scenario().pcs.id); }

void Pcs::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  if (m.kind == MessageKind::capacity_change) {
    level_ = std::clamp(m.amount, 0.0, 1.0);
    while (level_ > 0.0 && !held_.empty()) {
      const HeldMessage held = held_.pop();
      ++stats_.held;
      stats_.held_h_sum += to_hours(ctx.now() - held.since);
      pass_on(ctx, held.message);
    }
    backlog_.set(ctx.now(), static_cast<double>(held_.size()));
    return;
  }
  ++stats_.messages;
  if (level_ <= 0.0) {
    held_.push({m, ctx.now()});
    backlog_.set(ctx.now(), static_cast<double>(held_.size()));
    return;
  }
  pass_on(ctx, m);
}

void Pcs::pass_on(Context& ctx, const Message& m) {
  LpId to = Setup::kPcs;
  switch (m.kind) {
    case MessageKind::pre_arrival_notification: to = Setup::kPortAuthority; break;
    case MessageKind::cargo_declaration: to = Setup::kCustoms; break;
    case MessageKind::clearance:
    case MessageKind::customs_release: to = setup_->terminal_lp(m.aux); break;
    default: return;  // nothing else travels through the PCS
  }
  const Ticks processing = hours(setup_->scenario().pcs.processing_h / level_);
  ctx.send(to, std::max(setup_->message_latency(), processing), m);
}

// ---- customs ------------------------------------------------------------------------

Customs::Customs(const Setup& setup) : setup_(&setup) {}

void Customs::init(Context& ctx) { schedule_capacity_changes(ctx, *setup_, setup_->scenario().customs.id); }

void Customs::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  if (m.kind == MessageKind::capacity_change) {
    level_ = std::clamp(m.amount, 0.0, 1.0);
    while (level_ > 0.0 && !held_.empty()) release(ctx, held_.pop().message);
    return;
  }
  if (m.kind != MessageKind::cargo_declaration) return;
  if (level_ <= 0.0) {
    held_.push({m, ctx.now()});
    return;
  }
  release(ctx, m);
}

void Customs::release(Context& ctx, const Message& declaration) {
  const auto& spec = setup_->scenario().customs;
  double delay_h = std::max(0.0, spec.release_h.sample(ctx.rng()));
  if (spec.inspection_share > 0.0 && ctx.rng().uniform01() < spec.inspection_share) {
    delay_h += std::max(0.0, spec.inspection_h.sample(ctx.rng()));
    ++inspections_;
  }
  Message m = declaration;
  m.kind = MessageKind::customs_release;
  ctx.send(Setup::kPcs, std::max(setup_->message_latency(), hours(delay_h / level_)), m);
}

}  // namespace porttwin::port
