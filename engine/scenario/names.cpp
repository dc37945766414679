// The unit cargo of each kind is counted in (the enums' words are in
// scenario.hpp, one list per enum).
#include <algorithm>
#include <iterator>

#include "porttwin/scenario/scenario.hpp"

namespace porttwin::scenario {

std::string_view cargo_unit(CargoKind kind) noexcept {
  switch (kind) {
    case CargoKind::containers: return "moves";
    case CargoKind::dry_bulk:
    case CargoKind::liquid_bulk: return "t";
    case CargoKind::breakbulk:
    case CargoKind::cars: return "units";
  }
  return "units";
}

bool disrupted(const Scenario& s) noexcept {
  return !s.cyber.incidents.empty() || std::any_of(s.economy.sectors.begin(), s.economy.sectors.end(),
                                                   [](const Sector& x) { return !x.perturbation.empty(); });
}

std::string_view yard_unit(CargoKind kind) noexcept { return kind == CargoKind::containers ? "TEU" : cargo_unit(kind); }

std::optional<PartRef> terminal_part(const Scenario& s, std::string_view id) {
  const auto dot = id.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto word = std::find(words_of<TerminalPart>.begin(), words_of<TerminalPart>.end(), id.substr(dot + 1));
  if (word == words_of<TerminalPart>.end()) return std::nullopt;
  for (std::size_t t = 0; t < s.terminals.size(); ++t) {
    if (equipment_id(s.terminals[t], *word) == id) {
      return PartRef{static_cast<Index>(t),
                     static_cast<TerminalPart>(std::distance(words_of<TerminalPart>.begin(), word))};
    }
  }
  return std::nullopt;
}

}  // namespace porttwin::scenario

namespace porttwin::scenario {
// Each word list is as long as its enum (up to the last value named here;
// a value added after it must be added here and to its list).
static_assert(words_of<CargoKind>.size() == static_cast<std::size_t>(CargoKind::cars) + 1);
static_assert(words_of<HinterlandMode>.size() == static_cast<std::size_t>(HinterlandMode::conveyor) + 1);
static_assert(words_of<OverflowRule>.size() == static_cast<std::size_t>(OverflowRule::overflow_area) + 1);
static_assert(words_of<BerthAllocation>.size() == static_cast<std::size_t>(BerthAllocation::largest_first) + 1);
static_assert(words_of<ExportWindow>.size() == static_cast<std::size_t>(ExportWindow::berth) + 1);
static_assert(words_of<EconomyDriver>.size() == static_cast<std::size_t>(EconomyDriver::levels) + 1);
static_assert(words_of<DependencyType>.size() == static_cast<std::size_t>(DependencyType::service) + 1);
static_assert(words_of<ArrivalProcess>.size() == static_cast<std::size_t>(ArrivalProcess::windows) + 1);
static_assert(words_of<IncidentKind>.size() == static_cast<std::size_t>(IncidentKind::ddos) + 1);
static_assert(words_of<Intent>.size() == static_cast<std::size_t>(Intent::crime) + 1);
static_assert(words_of<Nis2Class>.size() == static_cast<std::size_t>(Nis2Class::essential) + 1);
static_assert(words_of<VendorAccess>.size() == static_cast<std::size_t>(VendorAccess::removed) + 1);

std::string equipment_id(const Terminal& terminal, std::string_view key) {
  const std::string prefix = terminal.id + ".";
  return key.starts_with(prefix) ? std::string(key) : prefix + std::string(key);
}

std::vector<std::string> changeable_ids(const Scenario& s) {
  std::vector<std::string> ids = {s.pcs.id, s.customs.id, s.port_authority.id};
  for (const auto& t : s.terminals) {
    ids.push_back(t.id);
    for (const auto part : words_of<TerminalPart>) ids.push_back(equipment_id(t, part));
    for (const auto& g : t.crane_groups) ids.push_back(equipment_id(t, g.id));
    for (const auto& y : t.yard_blocks) ids.push_back(equipment_id(t, y.id));
    for (const auto& g : t.gates) ids.push_back(equipment_id(t, g.id));
    for (const auto& system : t.systems) ids.push_back(equipment_id(t, system.id));
  }
  for (const auto& h : s.hinterland) ids.push_back(h.id);
  for (const auto& c : s.companies) ids.push_back(c.id);
  return ids;
}

}  // namespace porttwin::scenario
