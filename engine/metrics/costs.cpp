// The direct cost components and their bearers; see metrics/costs.hpp.
#include "porttwin/metrics/costs.hpp"

namespace porttwin::metrics {

double vessel_time_cost(const CostInputs& in) {
  double eur = 0.0;
  const auto& classes = in.scenario.traffic.vessel_classes;
  const auto& base_hours = in.baseline.vessel_hours_by_class;
  const auto& dis_hours = in.disrupted.vessel_hours_by_class;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const double base = c < base_hours.size() ? base_hours[c] : 0.0;
    const double dis = c < dis_hours.size() ? dis_hours[c] : 0.0;
    eur += (dis - base) * classes[c].time_cost_eur_per_h;
  }
  return eur;
}

double cargo_time_cost(const CostInputs& in) {
  const double rate = in.scenario.terminals[in.terminal].cargo_time_cost_eur_per_unit_h;
  return rate == 0.0 ? 0.0 : (in.disrupted.yard_integral_h - in.baseline.yard_integral_h) * rate;
}

double cargo_aboard_time_cost(const CostInputs& in) {
  const double rate = in.scenario.terminals[in.terminal].cargo_time_cost_eur_per_unit_h;
  return rate == 0.0 ? 0.0 : (in.disrupted.aboard_integral_h - in.baseline.aboard_integral_h) * rate;
}

double truck_time_cost(const CostInputs& in) {
  const double rate = in.scenario.terminals[in.terminal].truck_time_cost_eur_per_h;
  if (rate == 0.0) return 0.0;
  const auto waiting_h = [](const port::TerminalSummary& t) {
    return t.mean_truck_wait_h * static_cast<double>(t.trucks());
  };
  return (waiting_h(in.disrupted) - waiting_h(in.baseline)) * rate;
}

std::array<double, kCostCount> terminal_costs(const CostInputs& in) {
  std::array<double, kCostCount> out{};
  for (std::size_t i = 0; i < kCostCount; ++i) out[i] = kCostComponents[i].eur(in);
  return out;
}

std::array<double, kBearerCount> by_bearer(const std::array<double, kCostCount>& costs) {
  std::array<double, kBearerCount> out{};
  for (std::size_t i = 0; i < kCostCount; ++i) {
    for (std::size_t b = 0; b < kBearerCount; ++b) {
      if (kBearers[b].bearer == kCostComponents[i].bearer) out[b] += costs[i];
    }
  }
  return out;
}

double direct_cost(const std::array<double, kCostCount>& costs) {
  double total = 0.0;
  for (const double eur : costs) total += eur;
  return total;
}

}  // namespace porttwin::metrics
