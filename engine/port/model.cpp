// Dispatch of kernel events to the port's LPs.
#include "porttwin/port/model.hpp"

namespace porttwin::port {

PortModel::PortModel(const Setup& setup)
    : setup_(&setup), sea_(setup), port_authority_(setup), pcs_(setup), customs_(setup) {
  const auto& s = setup.scenario();
  terminals_.reserve(s.terminals.size());
  for (std::uint32_t t = 0; t < s.terminals.size(); ++t) terminals_.emplace_back(setup, t);
  operators_.reserve(s.hinterland.size());
  for (std::uint32_t h = 0; h < s.hinterland.size(); ++h) operators_.emplace_back(setup, h);
  companies_.reserve(s.companies.size());
  for (std::uint32_t c = 0; c < s.companies.size(); ++c) companies_.emplace_back(setup, c);
}

void PortModel::init(Context& ctx) {
  const LpId lp = ctx.self();
  const std::uint32_t i = setup_->local_index(lp);
  switch (setup_->kind(lp)) {
    case LpKind::sea: sea_.init(ctx); break;
    case LpKind::port_authority: port_authority_.init(ctx); break;
    case LpKind::pcs: pcs_.init(ctx); break;
    case LpKind::customs: customs_.init(ctx); break;
    case LpKind::terminal: terminals_[i].init(ctx); break;
    case LpKind::hinterland: operators_[i].init(ctx); break;
    case LpKind::company: companies_[i].init(ctx); break;
  }
}

void PortModel::handle(Context& ctx, const PortEvent& event) {
  const LpId lp = ctx.self();
  const std::uint32_t i = setup_->local_index(lp);
  switch (setup_->kind(lp)) {
    case LpKind::terminal: terminals_[i].handle(ctx, event); break;
    case LpKind::sea: sea_.handle(ctx, event); break;
    case LpKind::port_authority: port_authority_.handle(ctx, event); break;
    case LpKind::pcs: pcs_.handle(ctx, event); break;
    case LpKind::customs: customs_.handle(ctx, event); break;
    case LpKind::hinterland: operators_[i].handle(ctx, event); break;
    case LpKind::company: companies_[i].handle(ctx, event); break;
  }
}

void PortModel::finish(LpId lp, Ticks final_time) {
  if (setup_->kind(lp) == LpKind::terminal) terminals_[setup_->local_index(lp)].finish(final_time);
}

}  // namespace porttwin::port
