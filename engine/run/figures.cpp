// The key-figure table; see run/figures.hpp. One row per figure: adding a
// figure is adding a row (and a line in docs/results-format.md).
#include "porttwin/run/figures.hpp"

#include <array>
#include <limits>
#include <utility>

namespace porttwin::run {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const port::KeyFigures& port(const ScenarioRun& r) { return r.port.kpi; }
double n(std::uint64_t x) { return static_cast<double>(x); }
/// A cascade figure: NaN for a replication without incidents.
template <class F>
double cascade(const ScenarioRun& r, F f) {
  return r.cascade ? f(r.cascade->figures) : kNaN;
}

double share(std::uint64_t part, std::uint64_t whole) { return whole > 0 ? n(part) / n(whole) : kNaN; }

using FG = FigureGroup;
using FS = FigureStyle;
using CF = metrics::CascadeFigures;

constexpr Figure kPortFigures[] = {
    // ---- the port (every replication) ----------------------------------------------
    {"vessel_calls", "1", "vessel calls completed",
     "calls that completed handling and left their berth after the warm-up (PERIOD ACCOUNTING, port/run.hpp)", FG::port,
     FS::count, [](const ScenarioRun& r) { return n(port(r).vessel_calls); }},
    {"vessels_arrived", "1", "vessel calls arrived", "calls that arrived after the warm-up", FG::port, FS::count,
     [](const ScenarioRun& r) { return n(port(r).vessels_arrived); }},
    {"mean_wait_h", "h", "mean wait before berthing", "arrival to berthing, over the counted visits that berthed",
     FG::port, FS::hours, [](const ScenarioRun& r) { return port(r).mean_wait_h; }},
    {"p95_wait_h", "h", "95th percentile of the wait before berthing", "nearest rank", FG::port, FS::hours,
     [](const ScenarioRun& r) { return port(r).p95_wait_h; }},
    {"mean_time_in_port_h", "h", "mean time in port", "arrival to departure, over completed calls", FG::port, FS::hours,
     [](const ScenarioRun& r) { return port(r).mean_time_in_port_h; }},
    {"mean_vessels_waiting", "1", "mean vessels waiting for a berth", "time average of the berth queues, summed",
     FG::port, FS::amount, [](const ScenarioRun& r) { return port(r).mean_vessels_waiting; }},
    {"berth_utilisation", "1", "berth utilisation", "berth-hours occupied over berths x counted hours", FG::port,
     FS::share, [](const ScenarioRun& r) { return port(r).berth_utilisation; }},
    {"teu_handled", "TEU", "TEU handled", "discharged plus loaded at container terminals after the warm-up", FG::port,
     FS::amount, [](const ScenarioRun& r) { return port(r).teu_handled; }},
    {"peak_yard_teu", "TEU", "peak container yard content", "largest port-wide yard content at a sampling time",
     FG::port, FS::amount, [](const ScenarioRun& r) { return port(r).peak_yard_teu; }},
    {"bulk_t_handled", "t", "bulk handled", "dry and liquid bulk over the quay after the warm-up", FG::port, FS::amount,
     [](const ScenarioRun& r) { return port(r).bulk_t_handled; }},
    {"units_handled", "1", "units handled", "ro-ro and other unit cargo over the quay after the warm-up", FG::port,
     FS::count, [](const ScenarioRun& r) { return port(r).units_handled; }},
    {"vessels_diverted", "1", "vessels diverted", "to another terminal of the port", FG::port, FS::count,
     [](const ScenarioRun& r) { return n(port(r).vessels_diverted); }},
    {"vessels_left_port", "1", "vessels that left the port", "gave up waiting and went elsewhere", FG::port, FS::count,
     [](const ScenarioRun& r) { return n(port(r).vessels_left_port); }},
    {"truck_appointments_cancelled", "1", "truck appointments cancelled",
     "container truck appointments cancelled while the gates were stopped, and rebooked after (GATE APPOINTMENTS); "
     "one box's appointment counts again each time it is cancelled",
     FG::port, FS::count, [](const ScenarioRun& r) { return n(port(r).truck_appointments_cancelled); }},
    {"exports_cancelled_teu", "TEU", "exports not brought in",
     "export TEU of calls that had left the port, not yet through the gate then, or never booked because their line "
     "had sent them on (the booking went elsewhere)",
     FG::port, FS::amount, [](const ScenarioRun& r) { return port(r).exports_cancelled_teu; }},
    {"left_on_board_teu", "TEU", "TEU left on board",
     "container cargo the port was to discharge, carried away by vessels that left the port (calls arrived after the "
     "warm-up)",
     FG::port, FS::amount, [](const ScenarioRun& r) { return port(r).left_on_board_teu; }},
    {"imports_left_on_board_teu", "TEU", "hinterland deliveries cancelled",
     "the import TEU among the cargo left on board: deliveries to the hinterland that will not happen", FG::port,
     FS::amount, [](const ScenarioRun& r) { return port(r).imports_left_on_board_teu; }},
    {"schedule_reliability", "1", "schedule reliability",
     "share of scheduled calls that completed and left within 24 h of their planned departure (port/run.hpp); NaN "
     "if none was scheduled",
     FG::port, FS::share,
     [](const ScenarioRun& r) { return share(port(r).calls_on_schedule, port(r).calls_scheduled); }},
    {"late_clearances", "1", "late customs clearances", "clearances later than the vessel was ready", FG::port,
     FS::count, [](const ScenarioRun& r) { return n(port(r).late_clearances); }},
    {"trucks_served", "1", "trucks served at the gates", "after the warm-up", FG::port, FS::count,
     [](const ScenarioRun& r) { return n(port(r).trucks_served); }},
    {"mean_truck_wait_h", "h", "mean truck wait at the gates", "over trucks served", FG::port, FS::hours,
     [](const ScenarioRun& r) { return port(r).mean_truck_wait_h; }},
    {"company_shortage_h", "h", "hours short of supply", "summed over dependent companies", FG::port, FS::hours,
     [](const ScenarioRun& r) { return port(r).company_shortage_h; }},
    {"vessel_hours_in_port", "h", "vessel-hours in port",
     "vessels waiting plus at berth, integrated over the counted period", FG::port, FS::hours,
     [](const ScenarioRun& r) { return port(r).vessel_hours_in_port; }},
    {"pcs_messages", "1", "PCS messages",
     "real messages the PCS carried after the warm-up: one per call for vessel paperwork, one per import box for "
     "import documents, one per box moved inland for hinterland notifications (port/services.hpp)",
     FG::port, FS::count, [](const ScenarioRun& r) { return n(port(r).pcs_messages); }},
    {"pcs_messages_held", "1", "PCS messages held", "real messages the PCS held while down (whole run)", FG::port,
     FS::count, [](const ScenarioRun& r) { return n(port(r).pcs_messages_held); }},
    {"pcs_messages_manual", "1", "PCS messages passed manually",
     "real messages passed on by the PCS's manual fallback, desk and backup service (whole run)", FG::port, FS::count,
     [](const ScenarioRun& r) { return n(port(r).pcs_messages_manual); }},
    {"events", "1", "simulation events",
     "committed events of every model run of the replication (port, baseline, cyber)", FG::port, FS::count,
     [](const ScenarioRun& r) { return n(committed_events(r)); }},

    // ---- the cascade (scenarios with incidents; against the same-seed baseline) ------
    {"vessel_delay_h", "h", "vessel delay", "vessel-hours in port, disrupted minus baseline (same replication)",
     FG::cascade, FS::hours,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.vessel_delay_h; }); }},
};

// ---- DIRECT COSTS (metrics/costs.hpp): generated from its component and bearer tables ----
template <std::size_t I>
double cost_of(const ScenarioRun& r) {
  return cascade(r, [](const CF& f) { return f.cost_eur[I]; });
}
template <std::size_t B>
double bearer_cost_of(const ScenarioRun& r) {
  return cascade(r, [](const CF& f) { return metrics::by_bearer(f.cost_eur)[B]; });
}
template <std::size_t... I, std::size_t... B>
constexpr auto cost_figures(std::index_sequence<I...>, std::index_sequence<B...>) {
  using metrics::kBearers;
  using metrics::kCostComponents;
  return std::array<Figure, sizeof...(I) + sizeof...(B) + 1>{
      Figure{kCostComponents[I].figure, "EUR", kCostComponents[I].long_name, kCostComponents[I].description,
             FG::cascade, FS::money, &cost_of<I>}...,
      Figure{kBearers[B].figure, "EUR", kBearers[B].long_name,
             "DIRECT COSTS borne by the bearer: the sum of its cost components (metrics/costs.hpp)", FG::cascade,
             FS::money, &bearer_cost_of<B>}...,
      Figure{"direct_cost_eur", "EUR", "direct cost of the incidents",
             "DIRECT COSTS: every cost component, summed (the DIIM's economic_loss_eur is beside it, not in it)",
             FG::cascade, FS::money, [](const ScenarioRun& r) {
               return cascade(r, [](const CF& f) { return metrics::direct_cost(f.cost_eur); });
             }}};
}

constexpr Figure kCascadeFigures[] = {
    {"teu_not_handled", "TEU", "TEU not handled", "baseline cumulative TEU handled minus disrupted, at the horizon",
     FG::cascade, FS::amount,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.teu_not_handled; }); }},
    {"teu_backlog_peak", "TEU", "peak TEU backlog", "largest shortfall of cumulative TEU handled against the baseline",
     FG::cascade, FS::amount,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.teu_backlog_peak; }); }},
    {"teu_backlog_end", "TEU", "TEU backlog at the horizon",
     "shortfall of cumulative TEU handled against the baseline left at the end of the run", FG::cascade, FS::amount,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.teu_backlog_end; }); }},
    {"backlog_cleared_h", "h", "time the backlog was cleared",
     "first sample after the peak with the backlog under 1% of it; NaN if never", FG::cascade, FS::hours,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.backlog_cleared_h; }); }},
    {"recovery_95_h", "h", "time to recover to 95% of baseline throughput",
     "from the first compromise until 24 h throughput is back at 95% of the baseline's and stays there for 24 h; "
     "NaN if never",
     FG::cascade, FS::hours,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.resilience.recovery_95_h; }); }},
    {"resilience_loss_h", "h", "resilience loss (resilience triangle)",
     "integral of 1 - performance from the first compromise to recovery: hours of full throughput lost", FG::cascade,
     FS::hours,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.resilience.resilience_loss_h; }); }},
    {"resilience_loss_teu", "TEU", "TEU behind the baseline at recovery",
     "baseline minus disrupted cumulative TEU at the recovery time", FG::cascade, FS::amount,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.resilience.resilience_loss_teu; }); }},
    {"yard_excess_peak_teu", "TEU", "peak extra TEU in the yards",
     "container yard content above the baseline's, at its peak", FG::cascade, FS::amount,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.yard_excess_peak_teu; }); }},
    {"yard_excess_teu_h", "TEU h", "extra TEU-hours in the yards",
     "signed integral of the yard content above the baseline's", FG::cascade, FS::amount,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.yard_excess_teu_h; }); }},
    {"vessels_left_port_extra", "1", "extra vessels that left the port",
     "vessels that left the port, disrupted minus baseline", FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.vessels_left_port_extra); }); }},
    {"company_shortage_h_extra", "h", "extra hours short of supply",
     "hours dependent companies were short of supply, disrupted minus baseline, summed", FG::cascade, FS::hours,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.company_shortage_h_extra; }); }},
    {"companies_affected", "1", "organisations affected",
     "hit, degraded by the cyber layer, or short of supply longer than in the baseline", FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.companies_affected); }); }},
    {"reportable_companies", "1", "organisations with a reportable incident",
     "hit and meeting at least one reporting criterion", FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.reportable_companies); }); }},
    {"must_report_companies", "1", "organisations that must report", "reportable and ISPS-obliged", FG::cascade,
     FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.must_report_companies); }); }},
    {"reportable_security_plan", "1", "reportable: security plan",
     "organisations meeting criterion 1 (security plan affected)", FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.reportable_by_criterion[0]); }); }},
    {"reportable_vessel_processes", "1", "reportable: vessel processes", "organisations meeting criterion 2",
     FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.reportable_by_criterion[1]); }); }},
    {"reportable_cargo_handling", "1", "reportable: cargo handling", "organisations meeting criterion 3", FG::cascade,
     FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.reportable_by_criterion[2]); }); }},
    {"reportable_danger_or_continuity", "1", "reportable: danger or continuity", "organisations meeting criterion 4",
     FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.reportable_by_criterion[3]); }); }},
    {"nis2_reports", "1", "NIS2 reports", "organisations under NIS2 that detected an incident (24 h early warning due)",
     FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.nis2_reports); }); }},
    {"economic_loss_eur", "EUR", "economic loss", "DIIM loss over all sectors", FG::cascade, FS::money,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.economic_loss_eur; }); }},
    {"peak_inoperability", "1", "peak sector inoperability", "largest DIIM inoperability of any sector", FG::cascade,
     FS::share, [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.peak_inoperability; }); }},
    {"nodes_compromised", "1", "nodes compromised", "graph nodes that were compromised", FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.nodes_compromised); }); }},
    {"cascade_depth", "1", "cascade depth", "largest number of hops from an incident's first target", FG::cascade,
     FS::count, [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.cascade_depth); }); }},
    {"exposure_hours", "h", "data exposure hours",
     "sum over exposed (node, data class) pairs of compromise to containment", FG::cascade, FS::hours,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.exposure_hours; }); }},
    {"data_classes_exposed", "1", "data classes exposed", "distinct data classes exposed", FG::cascade, FS::count,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return n(f.data_classes_exposed); }); }},
    {"sensitive_data_exposed", "1", "sensitive data exposed", "1 if a sensitive data class or zone was exposed",
     FG::cascade, FS::flag,
     [](const ScenarioRun& r) { return cascade(r, [](const CF& f) { return f.sensitive_data_exposed ? 1.0 : 0.0; }); }},
};

template <class Row, std::size_t A, std::size_t B, std::size_t C>
constexpr std::array<Row, A + B + C> join(const Row (&a)[A], const std::array<Row, B>& b, const Row (&c)[C]) {
  std::array<Row, A + B + C> out{};
  std::size_t k = 0;
  for (const Row& x : a) out[k++] = x;
  for (const Row& x : b) out[k++] = x;
  for (const Row& x : c) out[k++] = x;
  return out;
}

constexpr auto kFigures = join(
    kPortFigures,
    cost_figures(std::make_index_sequence<metrics::kCostCount>{}, std::make_index_sequence<metrics::kBearerCount>{}),
    kCascadeFigures);

const port::TerminalSummary& at(const ScenarioRun& r, std::size_t t) { return r.port.terminals[t]; }
/// A terminal's cascade figure: NaN for a replication without incidents.
template <class F>
double terminal_cascade(const ScenarioRun& r, std::size_t t, F f) {
  return r.cascade && t < r.cascade->terminals.size() ? f(r.cascade->terminals[t]) : kNaN;
}
using TC = metrics::TerminalCascade;

constexpr TerminalFigure kTerminalPortFigures[] = {
    // ---- every replication ----------------------------------------------------------
    {"vessel_calls", "1", "vessel calls completed", "calls that completed handling here and left after the warm-up",
     FG::port, FS::count, [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).calls); }},
    {"vessels_arrived", "1", "vessel calls arrived", "calls first sent here that arrived after the warm-up", FG::port,
     FS::count, [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).arrived); }},
    {"mean_wait_h", "h", "mean wait before berthing", "arrival to berthing, over vessels berthed here", FG::port,
     FS::hours, [](const ScenarioRun& r, std::size_t t) { return at(r, t).mean_wait_h; }},
    {"mean_time_in_port_h", "h", "mean time at the terminal", "arrival to departure, over calls completed here",
     FG::port, FS::hours, [](const ScenarioRun& r, std::size_t t) { return at(r, t).mean_time_in_port_h; }},
    {"berth_utilisation", "1", "berth utilisation", "berth-hours occupied over berths x counted hours", FG::port,
     FS::share, [](const ScenarioRun& r, std::size_t t) { return at(r, t).berth_utilisation; }},
    {"vessel_hours", "h", "vessel-hours at the terminal", "vessels waiting plus at berth, over the counted period",
     FG::port, FS::hours, [](const ScenarioRun& r, std::size_t t) { return at(r, t).vessel_hours; }},
    {"handled", "", "cargo handled", "discharged plus loaded after the warm-up, in the yard unit", FG::port, FS::amount,
     [](const ScenarioRun& r, std::size_t t) { return at(r, t).cargo_handled; }},
    {"peak_yard", "", "peak yard content", "largest yard content, in the yard unit", FG::port, FS::amount,
     [](const ScenarioRun& r, std::size_t t) { return at(r, t).peak_yard; }},
    {"vessels_diverted", "1", "vessels re-routed", "left this terminal for another one of the port", FG::port,
     FS::count, [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).diverted_out); }},
    {"vessels_left_port", "1", "vessels that left the port", "gave up waiting here and left the port", FG::port,
     FS::count, [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).left_port); }},
    {"appointments_cancelled", "1", "truck appointments cancelled",
     "container truck appointments cancelled while this terminal's gates were stopped, and rebooked after", FG::port,
     FS::count, [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).appointments_cancelled); }},
    {"exports_cancelled", "TEU", "exports not brought in",
     "export TEU of calls that had left the port from here, not yet through the gate then, or never booked because "
     "their line had sent them on",
     FG::port, FS::amount, [](const ScenarioRun& r, std::size_t t) { return at(r, t).exports_cancelled; }},
    {"exports_rolled", "TEU", "exports rolled",
     "export TEU in this terminal's yard that missed its vessel and waited for a later sailing (whole run)", FG::port,
     FS::amount, [](const ScenarioRun& r, std::size_t t) { return at(r, t).rolled; }},
    {"exports_rolled_loaded", "TEU", "rolled exports taken by a later call",
     "of the exports rolled, those a later call here took in its spare slots (rolled_space; whole run)", FG::port,
     FS::amount, [](const ScenarioRun& r, std::size_t t) { return at(r, t).rolled_loaded; }},
    {"left_on_board", "", "cargo left on board",
     "cargo this terminal was to discharge, carried out of the port by vessels that left it from here after the "
     "warm-up, in the yard unit",
     FG::port, FS::amount, [](const ScenarioRun& r, std::size_t t) { return at(r, t).left_on_board; }},
    {"schedule_reliability", "1", "schedule reliability",
     "of the scheduled calls first sent here, the share that completed and left within 24 h of their planned "
     "departure; NaN if none",
     FG::port, FS::share,
     [](const ScenarioRun& r, std::size_t t) { return share(at(r, t).calls_on_schedule, at(r, t).calls_scheduled); }},
    {"trucks_served", "1", "trucks served at the gates", "after the warm-up", FG::port, FS::count,
     [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).trucks()); }},
    {"trucks_import", "1", "trucks picking up imports", "served at the gates after the warm-up", FG::port, FS::count,
     [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).trucks_by_direction[0]); }},
    {"trucks_export", "1", "trucks bringing exports", "served at the gates after the warm-up", FG::port, FS::count,
     [](const ScenarioRun& r, std::size_t t) { return n(at(r, t).trucks_by_direction[1]); }},
    {"mean_truck_wait_h", "h", "mean truck wait at the gates", "arrival at the gate to a lane, over trucks served",
     FG::port, FS::hours, [](const ScenarioRun& r, std::size_t t) { return at(r, t).mean_truck_wait_h; }},

    // ---- scenarios with incidents: against the same terminal in the baseline --------
    {"vessel_delay_h", "h", "vessel delay", "vessel-hours at the terminal, disrupted minus baseline", FG::cascade,
     FS::hours,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.vessel_delay_h; });
     }},
};

template <std::size_t I>
double terminal_cost_of(const ScenarioRun& r, std::size_t t) {
  return terminal_cascade(r, t, [](const TC& c) { return c.cost_eur[I]; });
}
template <std::size_t B>
double terminal_bearer_cost_of(const ScenarioRun& r, std::size_t t) {
  return terminal_cascade(r, t, [](const TC& c) { return metrics::by_bearer(c.cost_eur)[B]; });
}
template <std::size_t... I, std::size_t... B>
constexpr auto terminal_cost_figures(std::index_sequence<I...>, std::index_sequence<B...>) {
  using metrics::kBearers;
  using metrics::kCostComponents;
  return std::array<TerminalFigure, sizeof...(I) + sizeof...(B) + 1>{
      TerminalFigure{kCostComponents[I].figure, "EUR", kCostComponents[I].long_name, kCostComponents[I].description,
                     FG::cascade, FS::money, &terminal_cost_of<I>}...,
      TerminalFigure{kBearers[B].figure, "EUR", kBearers[B].long_name,
                     "DIRECT COSTS at this terminal borne by the bearer: the sum of its cost components", FG::cascade,
                     FS::money, &terminal_bearer_cost_of<B>}...,
      TerminalFigure{"direct_cost_eur", "EUR", "direct cost of the incidents",
                     "DIRECT COSTS at this terminal: every cost component, summed", FG::cascade, FS::money,
                     [](const ScenarioRun& r, std::size_t t) {
                       return terminal_cascade(r, t, [](const TC& c) { return metrics::direct_cost(c.cost_eur); });
                     }}};
}

constexpr TerminalFigure kTerminalCascadeFigures[] = {
    {"backlog_peak", "", "peak backlog",
     "largest shortfall of cumulative cargo handled against the baseline, in the yard unit", FG::cascade, FS::amount,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.backlog_peak; });
     }},
    {"backlog_end", "", "backlog at the horizon", "the shortfall left at the end of the run, in the yard unit",
     FG::cascade, FS::amount,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.backlog_end; });
     }},
    {"backlog_cleared_h", "h", "time the backlog was cleared",
     "first sample after the peak with the backlog under 1% of it; NaN if never or no backlog", FG::cascade, FS::hours,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.backlog_cleared_h; });
     }},
    {"recovery_95_h", "h", "time to recover to 95% of baseline throughput",
     "from the port's first compromise until the terminal's 24 h throughput is back at 95% of its baseline's for "
     "24 h; 0 if it never dropped, NaN if it never recovered",
     FG::cascade, FS::hours,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.recovery_95_h; });
     }},
    {"resilience_loss_h", "h", "resilience loss", "hours of the terminal's full throughput lost, onset to recovery",
     FG::cascade, FS::hours,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.resilience_loss_h; });
     }},
    {"yard_excess_peak", "", "peak yard content above the baseline", "at a sampling time, in the yard unit",
     FG::cascade, FS::amount,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.yard_excess_peak; });
     }},
    {"vessels_diverted_extra", "1", "extra vessels re-routed", "re-routed from here, disrupted minus baseline",
     FG::cascade, FS::count,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.diverted_extra; });
     }},
    {"vessels_left_port_extra", "1", "extra vessels that left the port",
     "left the port from here, disrupted minus baseline", FG::cascade, FS::count,
     [](const ScenarioRun& r, std::size_t t) {
       return terminal_cascade(r, t, [](const TC& c) { return c.left_port_extra; });
     }},
};

constexpr auto kTerminalFigures = join(kTerminalPortFigures,
                                       terminal_cost_figures(std::make_index_sequence<metrics::kCostCount>{},
                                                             std::make_index_sequence<metrics::kBearerCount>{}),
                                       kTerminalCascadeFigures);

/// The row of that name, or null.
template <class Row>
const Row* find_row(std::span<const Row> rows, std::string_view name) {
  for (const Row& f : rows) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

/// The rows a scenario's replications have: the port's, and the cascade's with incidents.
template <class Row>
std::vector<const Row*> rows_for(std::span<const Row> rows, bool incidents) {
  std::vector<const Row*> out;
  for (const Row& f : rows) {
    if (f.group == FigureGroup::port || incidents) out.push_back(&f);
  }
  return out;
}

}  // namespace

std::span<const Figure> figures() { return kFigures; }
const Figure* find_figure(std::string_view name) { return find_row(figures(), name); }
std::vector<const Figure*> figures_for(bool incidents) { return rows_for(figures(), incidents); }

std::span<const TerminalFigure> terminal_figures() { return kTerminalFigures; }
const TerminalFigure* find_terminal_figure(std::string_view name) { return find_row(terminal_figures(), name); }
std::vector<const TerminalFigure*> terminal_figures_for(bool incidents) {
  return rows_for(terminal_figures(), incidents);
}
std::string terminal_kpi_name(const TerminalFigure& figure) { return "terminal_" + std::string(figure.name); }

std::string figures_reference(bool markdown) {
  std::string out;
  // One table: a heading, then a line per figure of `group` among `rows`.
  const auto table = [&](const std::string& heading, const auto& rows, FigureGroup group, auto name_of) {
    out += markdown ? "## " + heading + "\n\n| figure | units | what | how |\n|---|---|---|---|\n" : heading + "\n";
    for (const auto& f : rows) {
      if (f.group != group) continue;
      const std::string name = name_of(f), units(f.units.empty() ? "yard unit" : f.units), words(f.long_name),
                        how(f.description);
      out += markdown ? "| `" + name + "` | " + units + " | " + words + " | " + how + " |\n"
                      : "  " + name + " [" + units + "]: " + words + "; " + how + "\n";
    }
    out += "\n";
  };
  const auto plain = [](const Figure& f) { return std::string(f.name); };
  table("Port figures (every scenario)", kFigures, FigureGroup::port, plain);
  table(
      "Cascade figures (scenarios with incidents; each against a baseline run of the same replication, common "
      "random numbers)",
      kFigures, FigureGroup::cascade, plain);
  table("Terminal figures (every scenario)", kTerminalFigures, FigureGroup::port, terminal_kpi_name);
  table("Terminal cascade figures (scenarios with incidents; against the same terminal in the baseline run)",
        kTerminalFigures, FigureGroup::cascade, terminal_kpi_name);
  return out;
}

std::uint64_t committed_events(const ScenarioRun& r) {
  std::uint64_t events = r.port.run.committed_events;
  if (r.baseline) events += r.baseline->run.committed_events;
  if (r.cyber) events += r.cyber->run.committed_events;
  return events;
}

}  // namespace porttwin::run
