// DIRECT COSTS: what the simulated outcomes of an incident cost, and who
// pays, priced from the scenario's unit costs. Declared once: a row of
// kCostComponents per component (its figure, who bears it, how it is
// priced) and a row of kBearers per bearer; the key figures (port-wide and
// per terminal, `<component>_cost_eur`), each bearer's total
// (`cost_<bearer>_eur`) and `direct_cost_eur` are generated from these two
// tables (run/figures.cpp), so a new component is one row here.
//
// Each component prices one terminal's outcome in the counted period,
// disrupted minus baseline (same replication, common random numbers), so it
// is signed as the difference is: chance differences cancel in an ensemble
// mean rather than add up. The port-wide figure is the sum over terminals.
//   VESSEL TIME COST  lines        vessel-hours in port (waiting + at berth)
//                                  by vessel class x the class's time_cost
//                                  (charter or capital, crew, fuel in port)
//   CARGO TIME COST   cargo owners cargo-hours in the terminal's yard (the
//                                  exact integral of its content, in its
//                                  yard unit) x the terminal's
//                                  cargo_time_cost (inventory holding and
//                                  depreciation of cargo kept from its owner)
//   CARGO ABOARD TIME COST  cargo owners  cargo-hours aboard vessels at the
//                                  terminal, waiting or at a berth, before it is
//                                  discharged (the exact integral of the discharge
//                                  cargo aboard, yard unit) x the same
//                                  cargo_time_cost: the imports and transshipment
//                                  a stopped quay keeps from their owners
//                                  (booked off as the cranes' work is booked, at
//                                  each rate change and at the end of the
//                                  discharge: the level falls in steps)
//   TRUCK TIME COST   hauliers     truck-hours waiting at the gates (mean
//                                  wait x trucks served) x the terminal's
//                                  truck_time_cost (driver and vehicle: the
//                                  terminal pays no waiting hours)
// CARGO TIME COST and CARGO ABOARD TIME COST count cargo in the yards and aboard
// vessels in port only: cargo kept outside (exports whose delivery waits, at the
// shipper's or on a truck; cargo of vessels not yet arrived or sent elsewhere) is
// not in them, so an incident that keeps cargo out of the yards
// prices below 0 (pcs-outage-48h: -0.31 MEUR, its yards holding 100,882
// TEU-hours less than the baseline's). The measure that would count every box
// once is the area between the baseline's and the disrupted run's cumulative
// deliveries (imports to the hinterland, exports and transshipment onto
// vessels); not yet built.
// Not priced yet (issue 18): extra steaming and
// handling of re-routed calls, cargo carried out of the port or cancelled,
// trucks turned away at stopped gates, terminals' lost revenue and overtime,
// companies' lost output. The DIIM's economic_loss_eur is reported beside
// these, not added to them: it is the output the sectors did not deliver
// (by default from the output the port model lost, metrics/cascade.hpp: DIIM
// DRIVERS), where these are what the delay of what was delivered cost.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "porttwin/port/run.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::metrics {

/// Who pays a cost component.
enum class Bearer : std::uint8_t { lines, cargo_owners, hauliers };

struct BearerRow {
  Bearer bearer;
  std::string_view figure;     ///< key figure of the bearer's total
  std::string_view long_name;  ///< words, naming who they are
};

inline constexpr std::array<BearerRow, 3> kBearers{{
    {Bearer::lines, "cost_lines_eur", "direct cost to the shipping lines"},
    {Bearer::cargo_owners, "cost_cargo_owners_eur", "direct cost to the cargo owners"},
    {Bearer::hauliers, "cost_hauliers_eur", "direct cost to the hauliers"},
}};

/// One terminal's outcome in a run, as the cost components price it.
struct CostInputs {
  const scenario::Scenario& scenario;
  std::size_t terminal;
  const port::TerminalSummary& baseline;
  const port::TerminalSummary& disrupted;
};

struct CostComponent {
  std::string_view figure;       ///< key figure, port-wide and per terminal
  std::string_view long_name;    ///< words
  std::string_view description;  ///< how it is priced
  Bearer bearer;
  double (*eur)(const CostInputs&);  ///< the terminal's cost, disrupted minus baseline
};

/// VESSEL TIME COST of one terminal: vessel-hours by class, disrupted minus baseline, x each class's rate.
[[nodiscard]] double vessel_time_cost(const CostInputs& in);
/// CARGO TIME COST: yard cargo-hours, disrupted minus baseline, x the terminal's rate.
[[nodiscard]] double cargo_time_cost(const CostInputs& in);
/// CARGO ABOARD TIME COST: cargo-hours aboard vessels here before discharge, disrupted minus baseline, x the
/// terminal's cargo rate.
[[nodiscard]] double cargo_aboard_time_cost(const CostInputs& in);
/// TRUCK TIME COST: truck-hours waiting at the gates, disrupted minus baseline, x the terminal's rate.
[[nodiscard]] double truck_time_cost(const CostInputs& in);

inline constexpr std::array<CostComponent, 4> kCostComponents{{
    {"vessel_time_cost_eur", "cost of the vessel delay",
     "VESSEL TIME COST: vessel-hours in port by class, disrupted minus baseline, times the class's time_cost "
     "(charter and fuel), summed; paid by the shipping lines",
     Bearer::lines, &vessel_time_cost},
    {"cargo_time_cost_eur", "cost of the cargo held in the yards",
     "CARGO TIME COST: cargo-hours in the terminals' yards over the counted period (the exact integral of their "
     "content, in each yard's unit), disrupted minus baseline, times the terminal's cargo_time_cost (inventory "
     "holding, depreciation); paid by the cargo owners",
     Bearer::cargo_owners, &cargo_time_cost},
    {"cargo_aboard_time_cost_eur", "cost of the cargo held aboard vessels in port",
     "CARGO ABOARD TIME COST: cargo-hours aboard vessels waiting or at a berth before it is discharged (the exact "
     "integral of the discharge cargo aboard, in the yard's unit, counted period), disrupted minus baseline, times "
     "the terminal's cargo_time_cost; paid by the cargo owners",
     Bearer::cargo_owners, &cargo_aboard_time_cost},
    {"truck_time_cost_eur", "cost of the truck waiting",
     "TRUCK TIME COST: truck-hours waiting at the gates (mean wait x trucks served, counted period), disrupted "
     "minus baseline, times the terminal's truck_time_cost; paid by the hauliers",
     Bearer::hauliers, &truck_time_cost},
}};

inline constexpr std::size_t kCostCount = kCostComponents.size();
inline constexpr std::size_t kBearerCount = kBearers.size();

/// Each component's cost at one terminal, in kCostComponents order.
[[nodiscard]] std::array<double, kCostCount> terminal_costs(const CostInputs& in);

/// Sums component costs by bearer, in kBearers order.
[[nodiscard]] std::array<double, kBearerCount> by_bearer(const std::array<double, kCostCount>& costs);

/// Sums every component's cost: the direct cost.
[[nodiscard]] double direct_cost(const std::array<double, kCostCount>& costs);

}  // namespace porttwin::metrics
