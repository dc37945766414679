// The port model's read-only setup: layout, links, precomputed choices.
#include "porttwin/port/setup.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <sstream>
#include <string_view>

#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/suggest.hpp"

namespace porttwin::port {

namespace {

[[noreturn]] void refuse(const std::string& what) { throw ScenarioError("scenario cannot run: " + what); }

using scenario::equipment_id;

}  // namespace

Setup::Setup(const scenario::Scenario& scenario, ModelOptions options)
    : scenario_(&scenario), options_(std::move(options)) {
  // The scenario's scheduled changes first, then the caller's, in order.
  options_.capacity_changes.insert(options_.capacity_changes.begin(), scenario.capacity_changes.begin(),
                                   scenario.capacity_changes.end());
  const auto& s = scenario;
  kinds_ = {LpKind::sea, LpKind::port_authority, LpKind::pcs, LpKind::customs};
  local_ = {0, 0, 0, 0};
  names_ = {"sea", s.port_authority.id, s.pcs.id, s.customs.id};
  first_terminal_ = 4;
  for (std::size_t t = 0; t < s.terminals.size(); ++t) {
    kinds_.push_back(LpKind::terminal);
    local_.push_back(static_cast<std::uint32_t>(t));
    names_.push_back(s.terminals[t].id);
  }
  first_hinterland_ = static_cast<LpId>(kinds_.size());
  for (std::size_t h = 0; h < s.hinterland.size(); ++h) {
    kinds_.push_back(LpKind::hinterland);
    local_.push_back(static_cast<std::uint32_t>(h));
    names_.push_back(s.hinterland[h].id);
  }
  first_company_ = static_cast<LpId>(kinds_.size());
  for (std::size_t c = 0; c < s.companies.size(); ++c) {
    kinds_.push_back(LpKind::company);
    local_.push_back(static_cast<std::uint32_t>(c));
    names_.push_back(s.companies[c].id);
  }
  lp_count_ = static_cast<LpId>(kinds_.size());

  horizon_ = hours(s.settings.horizon_h);
  warmup_ = hours(s.settings.warmup_h);
  message_latency_ = hours(s.rules.message_latency_h);
  lead_ = hours(s.rules.pre_arrival_lead_h);
  deadline_ = hours(s.rules.pre_arrival_deadline_h);
  if (horizon_ <= 0) refuse("settings.horizon must be positive");
  if (message_latency_ <= 0) refuse("rules.message_latency must be positive (it is the model's lookahead)");
  if (lead_ < message_latency_) refuse("rules.pre_arrival.lead must be at least rules.message_latency");

  // Which terminals each vessel class may use: those of its cargo kind (or
  // the listed ones) with a berth it fits; weights by crane count.
  const auto& classes = s.traffic.vessel_classes;
  class_terminals_.resize(classes.size());
  class_weights_.resize(classes.size());
  ad_hoc_.resize(classes.size());
  ad_hoc_weights_.resize(classes.size());
  const auto cranes_of = [&](std::uint32_t t) {
    std::uint32_t cranes = 0;
    for (const auto& group : s.terminals[t].crane_groups) cranes += group.count;
    return cranes;
  };
  const auto fits_a_berth = [&](std::uint32_t t, std::size_t c) {
    bool any = false;
    for (std::size_t b = 0; b < s.terminals[t].berths.size(); ++b) any = any || fits(t, b, c);
    return any;
  };
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const auto& vc = classes[c];
    std::vector<std::uint32_t> candidates;
    if (vc.terminals.empty()) {
      for (std::uint32_t t = 0; t < s.terminals.size(); ++t) {
        if (s.terminals[t].cargo == vc.cargo) candidates.push_back(t);
      }
    } else {
      candidates.assign(vc.terminals.begin(), vc.terminals.end());
    }
    double total = 0.0;
    for (const std::uint32_t t : candidates) {
      const std::uint32_t cranes = cranes_of(t);
      if (!fits_a_berth(t, c) || cranes == 0) continue;
      class_terminals_[c].push_back(t);
      total += std::max<double>(1.0, cranes);
      class_weights_[c].push_back(total);
    }
    double ad_hoc_total = 0.0;
    for (std::uint32_t t = 0; t < s.terminals.size(); ++t) {
      const auto& own = class_terminals_[c];
      const std::uint32_t cranes = cranes_of(t);
      if (!s.terminals[t].accepts_ad_hoc || s.terminals[t].cargo != vc.cargo || cranes == 0 || !fits_a_berth(t, c) ||
          std::find(own.begin(), own.end(), t) != own.end()) {
        continue;
      }
      ad_hoc_[c].push_back(t);
      ad_hoc_total += cranes;
      ad_hoc_weights_[c].push_back(ad_hoc_total);
    }
    const bool arrives =
        vc.share > 0.0 || std::any_of(s.traffic.streams.begin(), s.traffic.streams.end(), [&](const auto& stream) {
          return std::any_of(stream.listed.begin(), stream.listed.end(),
                             [&](const auto& l) { return l.vessel_class == c; });
        });
    if (class_terminals_[c].empty() && arrives) {
      refuse("vessel class '" + vc.id + "' fits no berth of any terminal it may use");
    }
  }

  operators_.resize(s.terminals.size() * kModes);
  for (std::uint32_t h = 0; h < s.hinterland.size(); ++h) {
    const auto& op = s.hinterland[h];
    if (!(op.capacity_per_h > 0.0)) refuse("hinterland operator '" + op.id + "' has no capacity");
    for (std::uint32_t t = 0; t < s.terminals.size(); ++t) {
      const bool serves =
          op.terminals.empty() || std::find(op.terminals.begin(), op.terminals.end(), t) != op.terminals.end();
      if (serves) operators_[t * kModes + static_cast<std::size_t>(op.mode)].push_back(h);
    }
  }
  for (const auto& company : s.companies) {
    if (company.consumption_per_h > 0.0 && company.supplied_by == scenario::kNone) {
      refuse("company '" + company.id + "' consumes cargo but names no operator in supplied_by");
    }
  }
  for (std::uint32_t t = 0; t < s.terminals.size(); ++t) {
    const auto& terminal = s.terminals[t];
    std::uint32_t lanes = 0;
    for (const auto& gate : terminal.gates) lanes += gate.lanes;
    bool hinterland_cargo = false;  // some class calling here has import or export cargo
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const auto& at = class_terminals_[c];
      if (std::find(at.begin(), at.end(), t) != at.end()) {
        hinterland_cargo = hinterland_cargo || classes[c].import_share > 0.0 || classes[c].export_share > 0.0;
      }
    }
    if (terminal.cargo == scenario::CargoKind::containers && lanes == 0 && hinterland_cargo &&
        mode_share(scenario::HinterlandMode::truck) > 0.0) {
      refuse("container terminal '" + terminal.id + "' has no gate lanes but trucks carry a share of its cargo");
    }
  }
  notices_.resize(s.terminals.size());
  for (const QuayNotice& n : options_.notices) {
    if (n.terminal >= s.terminals.size() || !(n.at_h >= 0.0) || !(n.expected_back_h >= n.at_h)) {
      refuse("a quay notice needs a terminal of the port and times 0 <= at <= expected back");
    }
    notices_[n.terminal].emplace_back(hours(n.at_h), hours(n.expected_back_h));
  }
  for (auto& list : notices_)
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  change_targets_.reserve(options_.capacity_changes.size());
  for (const auto& change : options_.capacity_changes) {
    const ChangeTarget target = find_change_target(change.node);
    if (target.lp == lp_count_) refuse(unknown_change_target(change.node));
    if (!(change.level >= 0.0 && change.level <= 1.0) || !(change.at_h >= 0.0)) {
      refuse("capacity change of '" + change.node + "' needs a level in [0, 1] and a time >= 0");
    }
    if (change.manual && target.lp == kPcs && !(s.pcs.manual_capacity_per_h > 0.0 && s.pcs.manual_extra_h >= 0.0)) {
      std::ostringstream what;
      what << "the PCS's manual fallback (a change with manual = true at " << change.at_h
           << " h) needs pcs.manual_capacity_per_h > 0 and pcs.manual_extra_h >= 0, found "
           << s.pcs.manual_capacity_per_h << " and " << s.pcs.manual_extra_h;
      refuse(what.str());
    }
    change_targets_.push_back(target);
  }
}

std::string Setup::unknown_change_target(const std::string& id) const {
  const std::vector<std::string> known = scenario::changeable_ids(*scenario_);
  const std::vector<std::string_view> candidates(known.begin(), known.end());
  return "capacity change names '" + id +
         "', which is not a node whose level can change: expected a terminal, a terminal's part (quay, yard, "
         "gates, rail, barge), system, crane group, yard block or gate as '<terminal>.<key>', a hinterland operator, a "
         "company, the PCS ('" +
         scenario_->pcs.id + "'), customs ('" + scenario_->customs.id + "') or the port authority ('" +
         scenario_->port_authority.id + "')" + scenario::did_you_mean(id, candidates);
}

ChangeTarget Setup::find_change_target(const std::string& id) const {
  if (const LpId lp = find_lp(id); lp != lp_count_) return {lp, Component::node, 0};
  const auto& terminals = scenario_->terminals;
  for (std::size_t t = 0; t < terminals.size(); ++t) {
    const auto& terminal = terminals[t];
    if (!id.starts_with(terminal.id + ".")) continue;
    const auto find = [&](const auto& parts, Component component) -> std::optional<ChangeTarget> {
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (equipment_id(terminal, parts[i].id) == id) {
          return ChangeTarget{terminal_lp(t), component, static_cast<std::uint32_t>(i)};
        }
      }
      return std::nullopt;
    };
    for (std::size_t p = 0; p < scenario::words_of<scenario::TerminalPart>.size(); ++p) {
      if (equipment_id(terminal, scenario::words_of<scenario::TerminalPart>[p]) == id) {
        return ChangeTarget{terminal_lp(t), Component::part, static_cast<std::uint32_t>(p)};
      }
    }
    if (auto found = find(terminal.crane_groups, Component::crane_group)) return *found;
    if (auto found = find(terminal.yard_blocks, Component::yard_block)) return *found;
    if (auto found = find(terminal.gates, Component::gate)) return *found;
    if (auto found = find(terminal.systems, Component::system)) return *found;
  }
  return {lp_count_, Component::node, 0};
}

LpId Setup::find_lp(const std::string& id) const noexcept {
  for (LpId lp = 1; lp < lp_count_; ++lp) {
    if (names_[lp] == id) return lp;
  }
  return lp_count_;
}

bool Setup::fits(std::size_t t, std::size_t b, std::size_t c) const noexcept {
  const auto& berth = scenario_->terminals[t].berths[b];
  const auto& vc = scenario_->traffic.vessel_classes[c];
  return vc.length_m <= berth.length_m && vc.draught_m <= berth.depth_m;
}

double Setup::mode_share(scenario::HinterlandMode mode) const noexcept {
  const auto& traffic = scenario_->traffic;
  switch (mode) {
    case scenario::HinterlandMode::truck: return traffic.truck_share;
    case scenario::HinterlandMode::rail: return traffic.rail_share;
    case scenario::HinterlandMode::barge: return traffic.barge_share;
    default: return 0.0;
  }
}

kernel::LinkTable Setup::links() const {
  const Ticks latency = message_latency_;
  std::vector<kernel::Link> links;
  auto both = [&](LpId a, LpId b) {
    links.push_back({a, b, latency});
    links.push_back({b, a, latency});
  };
  both(kSea, kPcs);
  both(kPcs, kPortAuthority);
  both(kPcs, kCustoms);
  const auto terminals = static_cast<LpId>(scenario_->terminals.size());
  for (LpId t = 0; t < terminals; ++t) {
    links.push_back({kSea, terminal_lp(t), latency});
    both(kPcs, terminal_lp(t));
    for (LpId u = 0; u < terminals; ++u) {
      if (u != t) links.push_back({terminal_lp(t), terminal_lp(u), latency});
    }
  }
  for (std::size_t h = 0; h < scenario_->hinterland.size(); ++h) {
    for (LpId t = 0; t < terminals; ++t) both(terminal_lp(t), hinterland_lp(h));
    links.push_back({hinterland_lp(h), kPcs, latency});  // pre-notifications (rules.hinterland_via_pcs)
  }
  // A company's bulk is delivered by the terminal its batch leaves (port/terminal.cpp, move_batch).
  for (std::size_t c = 0; c < scenario_->companies.size(); ++c) {
    if (scenario_->companies[c].supplied_by == scenario::kNone) continue;
    for (LpId t = 0; t < terminals; ++t) links.push_back({terminal_lp(t), company_lp(c), latency});
  }
  return kernel::LinkTable::declared(lp_count_, links);
}

Ticks Setup::expected_stop(std::size_t t, Ticks now) const noexcept {
  const auto& list = notices_[t];
  // The latest notice at or before now.
  const auto it = std::upper_bound(list.begin(), list.end(), now, [](Ticks x, const auto& n) { return x < n.first; });
  if (it == list.begin()) return 0;
  return std::max<Ticks>(0, std::prev(it)->second - now);
}

}  // namespace porttwin::port
