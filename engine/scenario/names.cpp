// The scenario file's words for the enums of scenario.hpp.
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::scenario {

std::string_view to_string(CargoKind kind) noexcept {
  switch (kind) {
    case CargoKind::containers:
      return "containers";
    case CargoKind::dry_bulk:
      return "dry_bulk";
    case CargoKind::liquid_bulk:
      return "liquid_bulk";
    case CargoKind::breakbulk:
      return "breakbulk";
    case CargoKind::cars:
      return "cars";
  }
  return "?";
}

std::string_view to_string(HinterlandMode mode) noexcept {
  switch (mode) {
    case HinterlandMode::truck:
      return "truck";
    case HinterlandMode::rail:
      return "rail";
    case HinterlandMode::barge:
      return "barge";
    case HinterlandMode::pipeline:
      return "pipeline";
    case HinterlandMode::conveyor:
      return "conveyor";
  }
  return "?";
}

std::string_view to_string(OverflowRule rule) noexcept {
  switch (rule) {
    case OverflowRule::stop_discharge:
      return "stop_discharge";
    case OverflowRule::overflow_area:
      return "overflow_area";
  }
  return "?";
}

std::string_view to_string(BerthAllocation rule) noexcept {
  switch (rule) {
    case BerthAllocation::fcfs:
      return "fcfs";
    case BerthAllocation::largest_first:
      return "largest_first";
  }
  return "?";
}

std::string_view to_string(DependencyType type) noexcept {
  switch (type) {
    case DependencyType::physical_flow:
      return "physical_flow";
    case DependencyType::data_flow:
      return "data_flow";
    case DependencyType::control:
      return "control";
    case DependencyType::remote_access:
      return "remote_access";
    case DependencyType::service:
      return "service";
  }
  return "?";
}

std::string_view to_string(IncidentKind kind) noexcept {
  switch (kind) {
    case IncidentKind::ransomware: return "ransomware";
    case IncidentKind::wiper: return "wiper";
    case IncidentKind::platform_outage: return "platform_outage";
    case IncidentKind::vendor_compromise: return "vendor_compromise";
    case IncidentKind::exfiltration: return "exfiltration";
    case IncidentKind::ddos: return "ddos";
  }
  return "?";
}

std::string_view to_string(Intent intent) noexcept {
  switch (intent) {
    case Intent::sabotage: return "sabotage";
    case Intent::espionage: return "espionage";
    case Intent::crime: return "crime";
  }
  return "?";
}

std::string_view to_string(Nis2Class nis2) noexcept {
  switch (nis2) {
    case Nis2Class::none: return "none";
    case Nis2Class::important: return "important";
    case Nis2Class::essential: return "essential";
  }
  return "?";
}

std::string_view to_string(VendorAccess access) noexcept {
  switch (access) {
    case VendorAccess::open: return "open";
    case VendorAccess::restricted: return "restricted";
    case VendorAccess::removed: return "removed";
  }
  return "?";
}

std::string_view cargo_unit(CargoKind kind) noexcept {
  switch (kind) {
    case CargoKind::containers:
      return "moves";
    case CargoKind::dry_bulk:
    case CargoKind::liquid_bulk:
      return "t";
    case CargoKind::breakbulk:
    case CargoKind::cars:
      return "units";
  }
  return "units";
}

}  // namespace porttwin::scenario
