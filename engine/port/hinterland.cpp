// Hinterland operator and company LPs. Rules in hinterland.hpp.
#include "porttwin/port/hinterland.hpp"

#include <algorithm>
#include <cmath>

#include "porttwin/port/services.hpp"

namespace porttwin::port {

HinterlandOperator::HinterlandOperator(const Setup& setup, std::uint32_t index)
    : setup_(&setup), spec_(&setup.scenario().hinterland[index]), backlog_(setup.warmup()) {}

void HinterlandOperator::init(Context& ctx) { schedule_capacity_changes(ctx, *setup_); }

void HinterlandOperator::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  if (m.kind() == MessageKind::capacity_change) {
    level_ = std::clamp(m.as<LevelChange>().level, 0.0, 1.0);
    if (level_ > 0.0) busy_until_ = std::max(busy_until_, ctx.now());
    while (level_ > 0.0 && !held_.empty()) {
      const HeldMessage held = held_.pop();
      serve(ctx, held.message.as<Batch>(), held.since);
    }
    return;
  }
  if (m.kind() != MessageKind::cargo_ready) return;
  if (level_ <= 0.0) {
    held_.push({m, ctx.now()});
    backlog_.add(ctx.now(), m.as<Batch>().amount);
    return;
  }
  serve(ctx, m.as<Batch>(), ctx.now());
}

void HinterlandOperator::serve(Context& ctx, const Batch& batch, Ticks offered) {
  const Ticks now = ctx.now();
  const double rate = spec_->capacity_per_h * level_;
  const Ticks start = std::max(now, busy_until_);
  const Ticks duration = hours(batch.amount / rate);
  busy_until_ = start + duration;
  backlog_.set(now, static_cast<double>(busy_until_ - now) / static_cast<double>(kernel::kTicksPerHour) * rate);
  if (now >= setup_->warmup()) {
    stats_.moved += batch.amount;
    ++stats_.batches;
    stats_.wait_h_sum += to_hours(start - offered);
  }
  const Ticks latency = setup_->message_latency();
  Batch pickup = batch;
  pickup.kind = MessageKind::pickup;
  pickup.mode = spec_->mode;
  pickup.span_s = static_cast<std::uint32_t>(std::clamp(std::ceil(to_hours(duration) * 3600.0), 0.0, 4.0e9));
  // A company's bulk (pickup.company) the terminal delivers when the batch really leaves
  // (a stopped side holds it).
  const LpId to = setup_->scenario().rules.hinterland_via_pcs ? Setup::kPcs : setup_->terminal_lp(batch.terminal);
  ctx.send(to, start - now + latency, pickup);
}

// ---- company ------------------------------------------------------------------------

Company::Company(const Setup& setup, std::uint32_t index)
    : setup_(&setup), spec_(&setup.scenario().companies[index]), stock_(setup.warmup()), level_(setup.warmup()) {}

void Company::init(Context& ctx) {
  stock_.set(0, spec_->buffer_h * spec_->consumption_per_h);
  level_.set(0, 1.0);
  schedule_capacity_changes(ctx, *setup_);
  if (spec_->consumption_per_h > 0.0) ctx.schedule(kernel::kTicksPerHour, Signal{.kind = MessageKind::consume});
}

void Company::handle(Context& ctx, const PortEvent& event) {
  const Message& m = event.payload;
  const Ticks now = ctx.now();
  switch (m.kind()) {
    case MessageKind::delivery: {
      const double amount = m.as<Batch>().amount;
      stats_.received += amount;
      stock_.add(now, amount);
      break;
    }
    case MessageKind::capacity_change: capacity_level_ = std::clamp(m.as<LevelChange>().level, 0.0, 1.0); break;
    case MessageKind::consume: {
      // The hour just ended: consume what the plant runs on, from stock.
      const double need = spec_->consumption_per_h * capacity_level_;
      const double take = std::min(stock_.value(), need);
      stock_.add(now, -take);
      const double level = take / spec_->consumption_per_h;
      level_.set(now, level);
      if (now >= setup_->warmup()) {
        stats_.consumed += take;
        stats_.shortfall += need - take;
        if (take < need) {
          stats_.shortage_h += 1.0;
          // The stock ran out take / need into the hour (consumption is even within it).
          if (stats_.first_shortage_h < 0.0) {
            stats_.first_shortage_h = std::max(to_hours(setup_->warmup()), to_hours(now) - 1.0 + take / need);
          }
        }
      }
      ctx.schedule(kernel::kTicksPerHour, m);
      break;
    }
    default: break;
  }
}

}  // namespace porttwin::port
