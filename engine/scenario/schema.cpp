// The parameter table (see scenario/schema.hpp): the one list of every key a
// scenario may hold. Ranges are in base units: hours, metres, per hour, cargo
// per hour. A row's range is checked wherever the value comes from (file,
// default or --set); checks that relate two values (warmup < horizon, shares
// summing to 1, a vessel fitting a berth) are in the description and done by
// the scenario builder.
#include "porttwin/scenario/schema.hpp"

#include <array>
#include <cmath>
#include <string>
#include <unordered_map>
#include <utility>

#include "binding.hpp"
#include "porttwin/scenario/scenario.hpp"

namespace porttwin::scenario {
namespace {

using enum ParamType;
using D = Dimension;
using detail::bind;

/// "a|b|c": the words of enum E as a choice row's `choices`, joined at compile time.
template <class E>
struct JoinedWords {
  static constexpr std::size_t kLength = [] {
    std::size_t n = 0;
    for (const std::string_view w : words_of<E>) n += w.size() + 1;
    return n - 1;
  }();
  static constexpr std::array<char, kLength + 1> kChars = [] {
    std::array<char, kLength + 1> out{};
    std::size_t i = 0;
    for (const std::string_view w : words_of<E>) {
      if (i != 0) out[i++] = '|';
      for (const char c : w) out[i++] = c;
    }
    return out;
  }();
};
template <class E>
constexpr std::string_view choices_of{JoinedWords<E>::kChars.data(), JoinedWords<E>::kLength};

constexpr double kFiftyYears_h = 50.0 * 8760.0;
constexpr double kOneSecond_h = 1.0 / 3600.0;
constexpr double kOneMinute_h = 1.0 / 60.0;
constexpr double kYear_h = 8760.0;

// clang-format off
constexpr std::array kTable = std::to_array<Param>({
  {.path = "name", .type = text, .required = true, .description = "Scenario name, used in reports and results files"},
  {.path = "base", .type = file, .description = "A scenario file this one starts from (relative to this file, in its directory tree unless --allow-path allows another): its keys, with this file's laid over them (maps key by key, other values replaced)"},
  {.path = "description", .type = text, .default_value = "\"\"", .description = "Free text describing the scenario", .bind = bind<&Scenario::description>},

  {.path = "settings", .type = section, .description = "How the scenario is run"},
  {.path = "settings.horizon", .type = quantity, .dimension = D::duration, .default_value = "365 d", .min = 0, .max = kFiftyYears_h, .min_open = true, .description = "Simulated time of one replication", .bind = bind<&Scenario::settings, &Settings::horizon_h>},
  {.path = "settings.warmup", .type = quantity, .dimension = D::duration, .default_value = "0 h", .min = 0, .max = kFiftyYears_h, .description = "Statistics ignore everything before this time; must be < horizon", .bind = bind<&Scenario::settings, &Settings::warmup_h>},
  {.path = "settings.seed", .type = integer, .default_value = "1", .min = 0, .description = "Seed of every random stream (replication k uses streams (seed, k, .)); --seed overrides it", .bind = bind<&Scenario::settings, &Settings::seed>},
  {.path = "settings.replications", .type = integer, .default_value = "1", .min = 1, .max = 100000, .description = "Independent replications", .bind = bind<&Scenario::settings, &Settings::replications>},
  {.path = "settings.sample_interval", .type = quantity, .dimension = D::duration, .default_value = "1 h", .min = kOneMinute_h, .max = kFiftyYears_h, .description = "Metrics sampling interval; horizon / sample_interval must be <= 1e7", .bind = bind<&Scenario::settings, &Settings::sample_interval_h>},

  {.path = "rules", .type = section, .description = "Port-wide process rules"},
  {.path = "rules.pre_arrival", .type = section, .description = "Pre-arrival notification to the harbour master"},
  {.path = "rules.pre_arrival.lead", .type = quantity, .dimension = D::duration, .default_value = "48 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "The notification is sent this long before arrival; must be >= deadline", .bind = bind<&Scenario::rules, &ProcessRules::pre_arrival_lead_h>},
  {.path = "rules.pre_arrival.deadline", .type = quantity, .dimension = D::duration, .default_value = "24 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "It must be cleared this long before arrival (late ones are counted)", .bind = bind<&Scenario::rules, &ProcessRules::pre_arrival_deadline_h>},
  {.path = "rules.message_latency", .type = quantity, .dimension = D::duration, .default_value = "5 min", .min = kOneSecond_h, .max = 24, .description = "Minimum latency of any message between organisations: the model's lookahead", .bind = bind<&Scenario::rules, &ProcessRules::message_latency_h>},
  {.path = "rules.berth_allocation", .type = choice, .default_value = "fcfs", .choices = choices_of<BerthAllocation>, .description = "fcfs: first come first served among berths that fit; largest_first: longest waiting vessel that fits first", .bind = bind<&Scenario::rules, &ProcessRules::berth_allocation>},
  {.path = "rules.reassign_cranes", .type = boolean, .default_value = "true", .description = "Freed cranes join working vessels below their maximum", .bind = bind<&Scenario::rules, &ProcessRules::reassign_cranes>},
  {.path = "rules.congestion_rerouting", .type = boolean, .default_value = "false", .description = "A line told of a call sends it on (to its next terminal, or away from the port; its exports are not booked here) when the terminal expects a wait longer than the vessel's patience (port/terminal.hpp: CONGESTION RE-ROUTING)", .bind = bind<&Scenario::rules, &ProcessRules::congestion_rerouting>},
  {.path = "rules.hinterland_via_pcs", .type = boolean, .default_value = "true", .description = "Hinterland operators pre-notify pickups and deliveries to the terminal through the PCS (false: directly)", .bind = bind<&Scenario::rules, &ProcessRules::hinterland_via_pcs>},

  {.path = "zones", .type = collection, .max = 10000, .description = "Areas of the port (for sensitivity and reports)"},
  {.path = "zones.<id>", .type = section, .description = "One zone"},
  {.path = "zones.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&Zone::name>},
  {.path = "zones.<id>.sensitive", .type = boolean, .default_value = "false", .description = "The zone is sensitive, e.g. used for military transport", .bind = bind<&Zone::sensitive>},
  {.path = "zones.<id>.sensitivity", .type = text, .default_value = "\"\"", .description = "Label of the sensitivity, e.g. military_transport", .bind = bind<&Zone::sensitivity>},

  {.path = "terminals", .type = collection, .min = 1, .max = 10000, .required = true, .description = "Terminals, each with berths, cranes, yard and gates"},
  {.path = "terminals.<id>", .type = section, .description = "One terminal; its equipment ids are `<terminal>.<key>`"},
  {.path = "terminals.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&Terminal::name>},
  {.path = "terminals.<id>.cargo", .type = choice, .default_value = "containers", .choices = choices_of<CargoKind>, .description = "Cargo handled; sets the units of its cranes (moves, t, units) and yard (TEU, t, units)", .bind = bind<&Terminal::cargo>},
  {.path = "terminals.<id>.zone", .type = reference, .choices = "zones", .description = "Zone the terminal lies in"},
  {.path = "terminals.<id>.automated", .type = boolean, .default_value = "false", .description = "Fully automated (no manual fallback mode)", .bind = bind<&Terminal::automated>},
  {.path = "terminals.<id>.manual_level", .type = number, .default_value = "0.5", .min = 0, .max = 1, .uncertain = true, .description = "Fraction of capacity left in manual mode", .bind = bind<&Terminal::manual_level>},
  {.path = "terminals.<id>.manual_parts", .type = section, .description = "Manual mode part by part: the capacity fraction each part keeps in manual mode, where it differs from manual_level (an automated terminal: the parts that have a manual mode at all)"},
  {.path = "terminals.<id>.manual_parts.quay", .type = number, .min = 0, .max = 1, .uncertain = true, .description = "Berths and cranes in manual mode (default: manual_level; none when automated)", .bind = bind<&Terminal::manual_parts, 0>},
  {.path = "terminals.<id>.manual_parts.yard", .type = number, .min = 0, .max = 1, .uncertain = true, .description = "Yard handling in manual mode (default: manual_level; none when automated)", .bind = bind<&Terminal::manual_parts, 1>},
  {.path = "terminals.<id>.manual_parts.gates", .type = number, .min = 0, .max = 1, .uncertain = true, .description = "Truck gates in manual mode, e.g. paper gate passes (default: manual_level; none when automated)", .bind = bind<&Terminal::manual_parts, 2>},
  {.path = "terminals.<id>.manual_parts.rail", .type = number, .min = 0, .max = 1, .uncertain = true, .description = "Rail side in manual mode (default: manual_level; none when automated)", .bind = bind<&Terminal::manual_parts, 3>},
  {.path = "terminals.<id>.manual_parts.barge", .type = number, .min = 0, .max = 1, .uncertain = true, .description = "Barge side in manual mode (default: manual_level; none when automated)", .bind = bind<&Terminal::manual_parts, 4>},
  {.path = "terminals.<id>.export_window", .type = choice, .default_value = "eta", .choices = choices_of<ExportWindow>, .description = "eta: export cargo comes its export dwell before the vessel's announced ETA; berth: before its expected berthing, deferred while the terminal expects the vessel to wait (port/terminal.hpp: EXPORT WINDOW)", .bind = bind<&Terminal::export_window>},
  {.path = "terminals.<id>.cargo_time_cost", .type = quantity, .dimension = D::cargo_money_rate, .unit = "EUR per TEU (containers), t (bulk) or units (others) per time, the yard's unit", .default_value = "0 EUR/TEU/h", .min = 0, .max = 1e7, .uncertain = true, .description = "CARGO TIME COST and CARGO ABOARD TIME COST (metrics/costs.hpp): what an extra unit of cargo held in this terminal's yard, or aboard a vessel here before its discharge, costs its owners per time (inventory holding, depreciation); prices the yard content and the discharge cargo aboard above the baseline (0: unpriced)"},
  {.path = "terminals.<id>.truck_time_cost", .type = quantity, .dimension = D::money_rate, .default_value = "0 EUR/h", .min = 0, .max = 1e7, .uncertain = true, .description = "TRUCK TIME COST (metrics/costs.hpp): what an hour of a truck waiting at this terminal's gates costs its haulier (driver and vehicle); prices the truck waiting above the baseline (0: unpriced)", .bind = bind<&Terminal::truck_time_cost_eur_per_h>},
  {.path = "terminals.<id>.ad_hoc", .type = section, .description = "Ad-hoc calls: vessels of lines that do not list this terminal, re-routed here when their own terminals are down or announced down"},
  {.path = "terminals.<id>.ad_hoc.accepts", .type = boolean, .default_value = "false", .description = "Takes ad-hoc calls (a common-user terminal with spare quay)", .bind = bind<&Terminal::accepts_ad_hoc>},
  {.path = "terminals.<id>.ad_hoc.productivity", .type = number, .default_value = "0.8", .min = 0, .max = 1, .min_open = true, .uncertain = true, .description = "Crane productivity on an ad-hoc call, as a fraction of the terminal's own (no berth window, stowage plan at short notice)", .bind = bind<&Terminal::ad_hoc_productivity>},
  {.path = "terminals.<id>.shifts", .type = section, .description = "SHIFT CHANGES: the crane crews' shift pattern, round the clock"},
  {.path = "terminals.<id>.shifts.every", .type = quantity, .dimension = D::duration, .default_value = "8 h", .min = 0, .max = kYear_h, .min_open = true, .description = "Length of a shift", .bind = bind<&Terminal::shift_h>},
  {.path = "terminals.<id>.shifts.first", .type = quantity, .dimension = D::duration, .default_value = "7 h", .min = 0, .max = kYear_h, .description = "Time of the first shift change from the start of the run", .bind = bind<&Terminal::first_shift_h>},
  {.path = "terminals.<id>.shifts.changeover", .type = quantity, .dimension = D::duration, .default_value = "0 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "Cranes stop this long at each change (crews hand over, a meal break); 0: hot-seat changes, no stop; < every", .bind = bind<&Terminal::changeover_h>},
  {.path = "terminals.<id>.berths", .type = collection, .min = 1, .max = 10000, .required = true, .description = "Berths; `count: k` expands to ids `<terminal>.<key>#1` .. `#k`"},
  {.path = "terminals.<id>.berths.<id>", .type = section, .description = "One berth, or k identical berths"},
  {.path = "terminals.<id>.berths.<id>.count", .type = integer, .default_value = "1", .min = 1, .max = 100000, .description = "Identical berths (at most 100000 berths in all)"},
  {.path = "terminals.<id>.berths.<id>.length", .type = quantity, .dimension = D::length, .min = 0, .max = 10000, .min_open = true, .required = true, .uncertain = true, .description = "Quay length; a vessel fits if its length is at most this", .bind = bind<&Berth::length_m>},
  {.path = "terminals.<id>.berths.<id>.depth", .type = quantity, .dimension = D::length, .min = 0, .max = 100, .min_open = true, .required = true, .uncertain = true, .description = "Water depth; a vessel fits if its draught is at most this", .bind = bind<&Berth::depth_m>},
  {.path = "terminals.<id>.berths.<id>.zone", .type = reference, .choices = "zones", .description = "Zone of the berth (default: the terminal's)"},
  {.path = "terminals.<id>.cranes", .type = collection, .min = 1, .max = 10000, .required = true, .description = "Groups of identical quay cranes (or unloaders, ramps)"},
  {.path = "terminals.<id>.cranes.<id>", .type = section, .description = "One group of identical cranes"},
  {.path = "terminals.<id>.cranes.<id>.count", .type = integer, .default_value = "1", .min = 1, .max = 100000, .description = "Cranes in the group (at most 1e6 cranes in all)", .bind = bind<&CraneGroup::count>},
  {.path = "terminals.<id>.cranes.<id>.productivity", .type = distribution, .dimension = D::cargo_rate, .unit = "moves/h (containers), t/h (bulk), units/h (breakbulk, cars)", .min = 0, .min_open = true, .required = true, .description = "One crane's rate, sampled per crane per call"},
  {.path = "terminals.<id>.cranes.<id>.vendor", .type = reference, .choices = "vendors", .description = "Vendor of the cranes"},
  {.path = "terminals.<id>.cranes.<id>.remote_maintenance", .type = boolean, .default_value = "false", .description = "The vendor has a remote-maintenance link to the cranes", .bind = bind<&CraneGroup::remote_maintenance>},
  {.path = "terminals.<id>.cranes.<id>.breakdowns", .type = section, .description = "CRANE BREAKDOWNS: each crane of the group fails and is repaired, drawn per crane; both needed"},
  {.path = "terminals.<id>.cranes.<id>.breakdowns.interval", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Calendar time from a repair (or the start) to the crane's next failure (0: never fails)", .bind = bind<&CraneGroup::failure_interval_h>},
  {.path = "terminals.<id>.cranes.<id>.breakdowns.repair", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Failure to the crane working again", .bind = bind<&CraneGroup::repair_h>},
  {.path = "terminals.<id>.yard", .type = collection, .max = 10000, .description = "Yard blocks (stockyards at bulk terminals)"},
  {.path = "terminals.<id>.yard.<id>", .type = section, .description = "One yard block"},
  {.path = "terminals.<id>.yard.<id>.capacity", .type = quantity, .dimension = D::cargo, .unit = "TEU (containers), t (bulk), units (breakbulk, cars)", .min = 0, .min_open = true, .required = true, .uncertain = true, .description = "Storage capacity"},
  {.path = "terminals.<id>.gates", .type = collection, .max = 10000, .description = "Truck gates"},
  {.path = "terminals.<id>.gates.<id>", .type = section, .description = "One gate"},
  {.path = "terminals.<id>.gates.<id>.lanes", .type = integer, .default_value = "1", .min = 1, .max = 1000, .description = "Lanes working in parallel", .bind = bind<&Gate::lanes>},
  {.path = "terminals.<id>.gates.<id>.truck_handling", .type = distribution, .dimension = D::duration, .min = 0, .min_open = true, .required = true, .description = "One truck's service time at a lane", .bind = bind<&Gate::truck_handling_h>},
  {.path = "terminals.<id>.systems", .type = collection, .max = 100, .description = "The terminal's IT and OT systems (terminal operating system, gate and appointment system, crane control), graph nodes `<terminal>.<key>` an incident may hit; each stops the parts it names"},
  {.path = "terminals.<id>.systems.<id>", .type = section, .description = "One system"},
  {.path = "terminals.<id>.systems.<id>.stops", .type = section, .required = true, .description = "The parts that cannot work while the system is down (at least one)"},
  {.path = "terminals.<id>.systems.<id>.stops.quay", .type = boolean, .default_value = "false", .description = "Berths and cranes", .bind = bind<&TerminalSystem::stops, std::size_t{0}>},
  {.path = "terminals.<id>.systems.<id>.stops.yard", .type = boolean, .default_value = "false", .description = "Yard handling (the quay, gates, rail and barge sides need it too)", .bind = bind<&TerminalSystem::stops, std::size_t{1}>},
  {.path = "terminals.<id>.systems.<id>.stops.gates", .type = boolean, .default_value = "false", .description = "Truck gates", .bind = bind<&TerminalSystem::stops, std::size_t{2}>},
  {.path = "terminals.<id>.systems.<id>.stops.rail", .type = boolean, .default_value = "false", .description = "Rail side", .bind = bind<&TerminalSystem::stops, std::size_t{3}>},
  {.path = "terminals.<id>.systems.<id>.stops.barge", .type = boolean, .default_value = "false", .description = "Barge side", .bind = bind<&TerminalSystem::stops, std::size_t{4}>},
  {.path = "terminals.<id>.overflow", .type = section, .description = "What happens when the yard is full (default: stop_discharge)"},
  {.path = "terminals.<id>.overflow.rule", .type = choice, .default_value = "stop_discharge", .choices = choices_of<OverflowRule>, .description = "stop_discharge: discharge pauses until space frees; overflow_area: boxes go to an off-terminal area", .bind = bind<&Terminal::overflow>},
  {.path = "terminals.<id>.overflow.capacity", .type = quantity, .dimension = D::cargo, .unit = "as the yard", .min = 0, .uncertain = true, .description = "Overflow area size; required for overflow_area", .applies = {.key = "rule", .words = "overflow_area"}},
  {.path = "terminals.<id>.overflow.extra_time", .type = quantity, .dimension = D::duration, .default_value = "0 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "Extra handling time per batch sent to the overflow area", .bind = bind<&Terminal::overflow_extra_h>, .applies = {.key = "rule", .words = "overflow_area"}},

  {.path = "pcs", .type = section, .description = "The port community system"},
  {.path = "pcs.id", .type = identifier, .default_value = "pcs", .description = "Node id", .bind = bind<&Scenario::pcs, &Pcs::id>},
  {.path = "pcs.processing", .type = quantity, .dimension = D::duration, .default_value = "1 min", .min = 0, .max = 24, .uncertain = true, .description = "Time to pass one message on", .bind = bind<&Scenario::pcs, &Pcs::processing_h>},
  {.path = "pcs.manual", .type = section, .description = "Manual fallback while the system is down (defences.manual_fallback)"},
  {.path = "pcs.manual.extra_delay", .type = quantity, .dimension = D::duration, .default_value = "2 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "Extra time per message passed by hand (phone, e-mail, terminal desk)", .bind = bind<&Scenario::pcs, &Pcs::manual_extra_h>},
  {.path = "pcs.manual.capacity", .type = quantity, .dimension = D::rate, .default_value = "60 /h", .min = 0, .min_open = true, .uncertain = true, .description = "Messages that can be passed by hand per time (one per call for vessel paperwork, one per box for import documents and hinterland notifications)", .bind = bind<&Scenario::pcs, &Pcs::manual_capacity_per_h>},
  {.path = "pcs.manual.backup_capacity", .type = quantity, .dimension = D::rate, .default_value = "0 /h", .min = 0, .uncertain = true, .description = "Truck notifications (one per box) a backup service passes per time while the PCS is in manual mode; 0: no backup, they queue at the desk", .bind = bind<&Scenario::pcs, &Pcs::manual_backup_capacity_per_h>},
  {.path = "pcs.manual.hold_declarations", .type = boolean, .default_value = "false", .description = "Cargo declarations to customs wait for the system to come back instead of passing the desk", .bind = bind<&Scenario::pcs, &Pcs::manual_hold_declarations>},
  {.path = "customs", .type = section, .description = "Customs"},
  {.path = "customs.id", .type = identifier, .default_value = "customs", .description = "Node id", .bind = bind<&Scenario::customs, &Customs::id>},
  {.path = "customs.release", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Declaration to release, for cargo not inspected", .bind = bind<&Scenario::customs, &Customs::release_h>},
  {.path = "customs.inspection_share", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Fraction of calls whose cargo is inspected", .bind = bind<&Scenario::customs, &Customs::inspection_share>},
  {.path = "customs.inspection", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Extra time when inspected", .bind = bind<&Scenario::customs, &Customs::inspection_h>},
  {.path = "port_authority", .type = section, .description = "The harbour master"},
  {.path = "port_authority.id", .type = identifier, .default_value = "harbour_master", .description = "Node id", .bind = bind<&Scenario::port_authority, &PortAuthority::id>},
  {.path = "port_authority.clearance", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Time to check and clear a pre-arrival notification", .bind = bind<&Scenario::port_authority, &PortAuthority::clearance_h>},

  {.path = "shipping_lines", .type = collection, .max = 10000, .description = "Shipping lines"},
  {.path = "shipping_lines.<id>", .type = section, .description = "One shipping line"},
  {.path = "shipping_lines.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&ShippingLine::name>},
  {.path = "hinterland", .type = collection, .max = 10000, .description = "Hinterland operators (road, rail, barge, pipeline, conveyor)"},
  {.path = "hinterland.<id>", .type = section, .description = "One operator"},
  {.path = "hinterland.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&HinterlandOperator::name>},
  {.path = "hinterland.<id>.mode", .type = choice, .choices = choices_of<HinterlandMode>, .required = true, .description = "Transport mode", .bind = bind<&HinterlandOperator::mode>},
  {.path = "hinterland.<id>.capacity", .type = quantity, .dimension = D::cargo_rate, .unit = "TEU/h (containers), t/h (bulk), units/h (others); per d also", .min = 0, .min_open = true, .required = true, .uncertain = true, .description = "Cargo it can move; its unit must be the yard unit of a terminal it serves"},
  {.path = "hinterland.<id>.transit", .type = quantity, .dimension = D::duration, .default_value = "1 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "Terminal to destination", .bind = bind<&HinterlandOperator::transit_h>},
  {.path = "hinterland.<id>.batch", .type = quantity, .dimension = D::cargo, .unit = "as the capacity", .min = 0, .min_open = true, .uncertain = true, .description = "Size of one trip (train, barge); default 1 of the capacity's unit"},
  {.path = "hinterland.<id>.terminals", .type = references, .choices = "terminals", .description = "Terminals it serves (default: all)"},
  {.path = "companies", .type = collection, .max = 10000, .description = "Companies that depend on the port"},
  {.path = "companies.<id>", .type = section, .description = "One company"},
  {.path = "companies.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&Company::name>},
  {.path = "companies.<id>.sector", .type = text, .default_value = "\"\"", .description = "e.g. steel, agri_bulk, fertiliser, car_logistics", .bind = bind<&Company::sector>},
  {.path = "companies.<id>.consumption", .type = quantity, .dimension = D::cargo_rate, .unit = "TEU, t or units per time, as its supplier's capacity", .min = 0, .required = true, .uncertain = true, .description = "Cargo it needs to run at full level"},
  {.path = "companies.<id>.buffer", .type = quantity, .dimension = D::duration, .default_value = "0 d", .min = 0, .max = kYear_h, .uncertain = true, .description = "Stock it keeps, as time of consumption (also the initial stock)", .bind = bind<&Company::buffer_h>},
  {.path = "companies.<id>.supplied_by", .type = reference, .choices = "hinterland", .description = "Hinterland operator that delivers to it"},
  {.path = "companies.<id>.reporting_member", .type = boolean, .default_value = "false", .description = "Member of the port's information-sharing programme", .bind = bind<&Company::reporting_member>},
  {.path = "vendors", .type = collection, .max = 10000, .description = "Equipment and software vendors"},
  {.path = "vendors.<id>", .type = section, .description = "One vendor"},
  {.path = "vendors.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&Vendor::name>},
  {.path = "data_platforms", .type = collection, .max = 10000, .description = "Data platforms (tracking, booking, ...)"},
  {.path = "data_platforms.<id>", .type = section, .description = "One data platform"},
  {.path = "data_platforms.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&DataPlatform::name>},

  {.path = "traffic", .type = section, .required = true, .description = "Vessel arrivals and cargo flows"},
  {.path = "traffic.arrivals", .type = collection, .min = 1, .max = 10000, .required = true, .description = "Arrival streams"},
  {.path = "traffic.arrivals.<id>", .type = section, .description = "One arrival stream"},
  {.path = "traffic.arrivals.<id>.process", .type = choice, .choices = choices_of<ArrivalProcess>, .required = true, .description = "poisson: random arrivals at `rate`; timetable: `times` repeating every `period`; csv: every arrival listed in `file`; windows: liner services, each with a berth window at one terminal every `period`, arriving on time or late (port/services.hpp: BERTH WINDOWS)", .bind = bind<&ArrivalStream::process>},
  {.path = "traffic.arrivals.<id>.rate", .type = quantity, .dimension = D::rate, .min = 0, .min_open = true, .uncertain = true, .description = "poisson and windows (required): mean arrivals per time (windows: round(rate x period) services, which must be at least 1)", .bind = bind<&ArrivalStream::rate_per_h>, .applies = {.key = "process", .words = "poisson|windows"}},
  {.path = "traffic.arrivals.<id>.period", .type = quantity, .dimension = D::duration, .default_value = "7 d", .min = 0, .max = kYear_h, .min_open = true, .description = "timetable and windows: the schedule repeats with this period (windows: each service calls once a period)", .bind = bind<&ArrivalStream::period_h>, .applies = {.key = "process", .words = "timetable|windows"}},
  {.path = "traffic.arrivals.<id>.on_time", .type = number, .default_value = "1", .min = 0, .max = 1, .uncertain = true, .description = "windows only: share of calls arriving on time (the schedule reliability of the lines; the rest are late)", .bind = bind<&ArrivalStream::on_time>, .applies = {.key = "process", .words = "windows"}},
  {.path = "traffic.arrivals.<id>.deviation", .type = distribution, .dimension = D::duration, .default_value = "0 h", .description = "windows only: an on-time call's arrival minus its window (negative: early), drawn per call", .bind = bind<&ArrivalStream::deviation_h>, .applies = {.key = "process", .words = "windows"}},
  {.path = "traffic.arrivals.<id>.late", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "windows only: a late call's arrival after its window, drawn per call (required when on_time is below 1)", .bind = bind<&ArrivalStream::late_h>, .applies = {.key = "process", .words = "windows"}},
  {.path = "traffic.arrivals.<id>.times", .type = durations, .dimension = D::duration, .min = 1, .max = 10000, .description = "timetable only (required): arrival times within a period, each in [0, period)", .bind = bind<&ArrivalStream::offsets_h>, .applies = {.key = "process", .words = "timetable"}},
  {.path = "traffic.arrivals.<id>.file", .type = file, .description = "csv only (required): header `time,class`, time with a unit or in h; relative to the scenario, in its directory tree unless --allow-path allows another", .applies = {.key = "process", .words = "csv"}},
  {.path = "traffic.vessel_classes", .type = collection, .min = 1, .max = 10000, .required = true, .description = "Vessel classes"},
  {.path = "traffic.vessel_classes.<id>", .type = section, .description = "One vessel class"},
  {.path = "traffic.vessel_classes.<id>.arrivals", .type = reference, .choices = "traffic.arrivals", .description = "Arrival stream (required unless a csv stream lists the class)"},
  {.path = "traffic.vessel_classes.<id>.share", .type = share, .min = 0, .max = 1, .uncertain = true, .description = "Share of its stream's arrivals; shares per stream sum to 1; one class may say `remainder`; default 1 for a stream's only class"},
  {.path = "traffic.vessel_classes.<id>.line", .type = reference, .choices = "shipping_lines", .description = "Shipping line"},
  {.path = "traffic.vessel_classes.<id>.cargo", .type = choice, .default_value = "containers", .choices = choices_of<CargoKind>, .description = "Cargo carried", .bind = bind<&VesselClass::cargo>},
  {.path = "traffic.vessel_classes.<id>.call_size", .type = distribution, .dimension = D::cargo, .unit = "moves (containers), t (bulk), units (others)", .min = 0, .min_open = true, .required = true, .description = "Cargo handled per call"},
  {.path = "traffic.vessel_classes.<id>.teu_per_move", .type = number, .default_value = "1.6", .min = 1, .max = 2, .uncertain = true, .description = "TEU per box (containers only)", .bind = bind<&VesselClass::teu_per_move>, .applies = {.key = "cargo", .words = "containers"}},
  {.path = "traffic.vessel_classes.<id>.length", .type = quantity, .dimension = D::length, .min = 0, .max = 1000, .min_open = true, .required = true, .description = "Length overall", .bind = bind<&VesselClass::length_m>},
  {.path = "traffic.vessel_classes.<id>.draught", .type = quantity, .dimension = D::length, .min = 0, .max = 50, .min_open = true, .required = true, .description = "Draught", .bind = bind<&VesselClass::draught_m>},
  {.path = "traffic.vessel_classes.<id>.cranes", .type = section, .description = "Cranes working one vessel"},
  {.path = "traffic.vessel_classes.<id>.cranes.min", .type = integer, .default_value = "1", .min = 1, .max = 100, .description = "Cranes needed to start; some allowed terminal must have this many", .bind = bind<&VesselClass::cranes_min>},
  {.path = "traffic.vessel_classes.<id>.cranes.max", .type = integer, .min = 1, .max = 100, .description = "Most cranes that can work it (default: min); >= min", .bind = bind<&VesselClass::cranes_max>},
  {.path = "traffic.vessel_classes.<id>.cranes.long_crane", .type = number, .default_value = "1", .min = 1, .max = 10, .uncertain = true, .description = "CRANE SPLIT: moves of the crane with the most work over an even split of the call's moves over its cranes; the vessel is done when that crane is, so handling takes this many times as long", .bind = bind<&VesselClass::long_crane>},
  {.path = "traffic.vessel_classes.<id>.berthing", .type = section, .description = "BERTH TIME besides crane work, drawn per call"},
  {.path = "traffic.vessel_classes.<id>.berthing.approach", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Given a berth, from the anchorage or the pilot station to all fast: pilotage, tugs, mooring (the berth is held, not occupied)", .bind = bind<&VesselClass::approach_h>},
  {.path = "traffic.vessel_classes.<id>.berthing.before_work", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "All fast to the first lift: gangway, authorities, lashing gangs aboard (berth occupied, cranes assigned)", .bind = bind<&VesselClass::before_work_h>},
  {.path = "traffic.vessel_classes.<id>.berthing.after_work", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Last lift to leaving the berth: lashing checks, paperwork, pilot and tugs, unmooring (berth occupied, cranes free)", .bind = bind<&VesselClass::after_work_h>},
  {.path = "traffic.vessel_classes.<id>.time_cost", .type = quantity, .dimension = D::money_rate, .default_value = "0 EUR/h", .min = 0, .max = 1e7, .uncertain = true, .description = "VESSEL TIME COST: what an hour of the vessel in port costs its operator (charter or capital, crew, fuel in port); prices the vessel delay against the baseline (0: unpriced)", .bind = bind<&VesselClass::time_cost_eur_per_h>},
  {.path = "traffic.vessel_classes.<id>.rolled_space", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Export cargo rolled from earlier vessels that a call takes at its terminal (spare slots), as a share of its own export load (port/terminal.hpp: ROLLED EXPORTS)", .bind = bind<&VesselClass::rolled_space>},
  {.path = "traffic.vessel_classes.<id>.patience", .type = quantity, .dimension = D::duration, .min = 0, .max = kFiftyYears_h, .min_open = true, .uncertain = true, .description = "Waiting longer than this, the vessel diverts (default: never)", .bind = bind<&VesselClass::patience_h>},
  {.path = "traffic.vessel_classes.<id>.planned_stay", .type = quantity, .dimension = D::duration, .min = 0, .max = kYear_h, .min_open = true, .uncertain = true, .description = "Scheduled arrival to planned departure (the berth window; default: each call's size x long_crane over its class's maximum cranes at the mean productivity of the cranes of the terminal it is first sent to, less its shift changeovers, plus the berthing means); schedule_reliability counts departures within 24 h of it", .bind = bind<&VesselClass::planned_stay_h>},
  {.path = "traffic.vessel_classes.<id>.terminals", .type = references, .choices = "terminals", .description = "Terminals it may use, in order of preference (default: every terminal of its cargo)"},
  {.path = "traffic.vessel_classes.<id>.split", .type = section, .description = "Shares of the call size; sum to 1 (default: all import)"},
  {.path = "traffic.vessel_classes.<id>.split.import", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Discharged for the hinterland"},
  {.path = "traffic.vessel_classes.<id>.split.export", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Loaded, having come from the hinterland"},
  {.path = "traffic.vessel_classes.<id>.split.transshipment", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Discharged and loaded onto another vessel later"},
  {.path = "traffic.vessel_classes.<id>.consignee", .type = reference, .choices = "companies", .description = "Company the imported cargo is for (bulk, cars)"},
  {.path = "traffic.hinterland_split", .type = section, .description = "Container imports/exports by mode; sums to 1; a mode with a share > 0 needs an operator (default: all by the first of truck, rail, barge that has one)"},
  {.path = "traffic.hinterland_split.truck", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Share by truck"},
  {.path = "traffic.hinterland_split.rail", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Share by rail"},
  {.path = "traffic.hinterland_split.barge", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Share by barge"},
  {.path = "traffic.dwell", .type = section, .description = "Container dwell times in the yard"},
  {.path = "traffic.dwell.import", .type = distribution, .dimension = D::duration, .default_value = "3 d", .min = 0, .description = "Discharge (and release) to pickup", .bind = bind<&Scenario::traffic, &Traffic::import_dwell_h>},
  {.path = "traffic.dwell.export", .type = distribution, .dimension = D::duration, .default_value = "3 d", .min = 0, .description = "Delivery to the vessel's arrival", .bind = bind<&Scenario::traffic, &Traffic::export_dwell_h>},
  {.path = "traffic.dwell.transshipment", .type = distribution, .dimension = D::duration, .default_value = "3 d", .min = 0, .description = "Discharge to loading onto the next vessel", .bind = bind<&Scenario::traffic, &Traffic::transshipment_dwell_h>},
  {.path = "traffic.dwell.rolled", .type = distribution, .dimension = D::duration, .min = 0, .uncertain = true, .description = "Export cargo that missed its vessel: how long it waits in the yard for a later call to take it (ROLLED EXPORTS) before its shipper sends it another way, out of the model; if not given, the export dwell", .bind = bind<&Scenario::traffic, &Traffic::rolled_wait_h>},

  {.path = "dependencies", .type = list, .max = 100000, .description = "Extra typed edges between any two node ids"},
  {.path = "dependencies.<i>", .type = section, .description = "One edge"},
  {.path = "dependencies.<i>.from", .type = reference, .choices = "nodes", .required = true, .description = "Source node id (a top-level node, or `<terminal>.<equipment>`)"},
  {.path = "dependencies.<i>.to", .type = reference, .choices = "nodes", .required = true, .description = "Target node id"},
  {.path = "dependencies.<i>.type", .type = choice, .choices = choices_of<DependencyType>, .required = true, .description = "Kind of edge", .bind = bind<&Scenario::DeclaredDependency::type>},

  {.path = "capacity_changes", .type = list, .max = 100000, .description = "Scheduled changes of operational level: closures, strikes, maintenance"},
  {.path = "capacity_changes.<i>", .type = section, .description = "One change; work in progress is interrupted and resumes at the new rate"},
  {.path = "capacity_changes.<i>.node", .type = reference, .choices = "nodes", .required = true, .description = "Terminal, its part (`<terminal>.quay`, `.yard`, `.gates`, `.rail`, `.barge`), crane group, yard block or gate, hinterland operator, company, PCS, customs or port authority whose level changes"},
  {.path = "capacity_changes.<i>.at", .type = quantity, .dimension = D::duration, .min = 0, .max = kFiftyYears_h, .required = true, .uncertain = true, .description = "When, from the start of the run", .bind = bind<&CapacityChange::at_h>},
  {.path = "capacity_changes.<i>.level", .type = number, .min = 0, .max = 1, .required = true, .uncertain = true, .description = "New level: 1 normal, 0 stopped, in between degraded to that fraction", .bind = bind<&CapacityChange::level>},
  {.path = "capacity_changes.<i>.manual", .type = boolean, .default_value = "false", .description = "The node works in its manual fallback mode (the PCS: pcs.manual delay and capacity)", .bind = bind<&CapacityChange::manual>},

  {.path = "cyber", .type = section, .description = "Cyber layer: how compromise spreads, how organisations respond, incidents"},
  {.path = "cyber.spread", .type = section, .description = "Spread of compromise per edge type (source compromised -> target); an absent type never carries it"},
  {.path = "cyber.spread.physical_flow", .type = section, .description = "Spread over physical_flow edges (cargo flow)"},
  {.path = "cyber.spread.physical_flow.probability", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Chance per attempt that compromise crosses such an edge", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{0}, &EdgeSpread::probability>},
  {.path = "cyber.spread.physical_flow.delay", .type = distribution, .dimension = D::duration, .default_value = "1 h", .min = 0, .description = "Compromise of the source to the attempt on the target", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{0}, &EdgeSpread::delay_h>},
  {.path = "cyber.spread.data_flow", .type = section, .description = "Spread over data_flow edges (messages, IT links)"},
  {.path = "cyber.spread.data_flow.probability", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Chance per attempt that compromise crosses such an edge", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{1}, &EdgeSpread::probability>},
  {.path = "cyber.spread.data_flow.delay", .type = distribution, .dimension = D::duration, .default_value = "1 h", .min = 0, .description = "Compromise of the source to the attempt on the target", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{1}, &EdgeSpread::delay_h>},
  {.path = "cyber.spread.control", .type = section, .description = "Spread over control edges (software running equipment)"},
  {.path = "cyber.spread.control.probability", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Chance per attempt that compromise crosses such an edge", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{2}, &EdgeSpread::probability>},
  {.path = "cyber.spread.control.delay", .type = distribution, .dimension = D::duration, .default_value = "1 h", .min = 0, .description = "Compromise of the source to the attempt on the target", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{2}, &EdgeSpread::delay_h>},
  {.path = "cyber.spread.remote_access", .type = section, .description = "Spread over remote_access edges (vendor maintenance access)"},
  {.path = "cyber.spread.remote_access.probability", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Chance per attempt that compromise crosses such an edge", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{3}, &EdgeSpread::probability>},
  {.path = "cyber.spread.remote_access.delay", .type = distribution, .dimension = D::duration, .default_value = "1 h", .min = 0, .description = "Compromise of the source to the attempt on the target", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{3}, &EdgeSpread::delay_h>},
  {.path = "cyber.spread.service", .type = section, .description = "Spread over service edges (services one needs)"},
  {.path = "cyber.spread.service.probability", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "Chance per attempt that compromise crosses such an edge", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{4}, &EdgeSpread::probability>},
  {.path = "cyber.spread.service.delay", .type = distribution, .dimension = D::duration, .default_value = "1 h", .min = 0, .description = "Compromise of the source to the attempt on the target", .bind = bind<&Scenario::cyber, &Cyber::spread, std::size_t{4}, &EdgeSpread::delay_h>},
  {.path = "cyber.response", .type = collection, .max = 32, .description = "Detection, containment and recovery per node kind (terminal, crane_group, yard_block, gate, berth, pcs, customs, port_authority, shipping_line, hinterland_operator, company, vendor, data_platform, terminal_system, zone) or `default`"},
  {.path = "cyber.response.<id>", .type = section, .description = "Response times of one node kind, drawn per node and incident"},
  {.path = "cyber.response.<id>.detection", .type = distribution, .dimension = D::duration, .default_value = "24 h", .min = 0, .description = "Compromise to detection", .bind = bind<&NodeResponse::detection_h>},
  {.path = "cyber.response.<id>.containment", .type = distribution, .dimension = D::duration, .default_value = "12 h", .min = 0, .description = "Detection to containment (spread from the node stops)", .bind = bind<&NodeResponse::containment_h>},
  {.path = "cyber.response.<id>.recovery", .type = distribution, .dimension = D::duration, .default_value = "7 d", .min = 0, .description = "Containment to restored, rebuilding without backups", .bind = bind<&NodeResponse::recovery_h>},
  {.path = "cyber.reporting", .type = section, .description = "Rules of the reportable-incident classification"},
  {.path = "cyber.reporting.interruption_level", .type = number, .default_value = "0.5", .min = 0, .max = 1, .description = "An operational level at or below this counts as an interruption", .bind = bind<&Scenario::cyber, &Cyber::interruption_level>},
  {.path = "cyber.reporting.continuity", .type = quantity, .dimension = D::duration, .default_value = "24 h", .min = 0, .max = kYear_h, .description = "An essential entity interrupted this long endangers societal continuity (criterion 4)", .bind = bind<&Scenario::cyber, &Cyber::continuity_h>},
  {.path = "cyber.reporting.report_delay", .type = quantity, .dimension = D::duration, .default_value = "12 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "Detection to report to the authorities (NIS2 clock), unless a profile says otherwise", .bind = bind<&Scenario::cyber, &Cyber::report_delay_h>},
  {.path = "cyber.data_classes", .type = collection, .max = 1000, .description = "Kinds of data nodes hold (manifests, customs declarations, military transport data, ...)"},
  {.path = "cyber.data_classes.<id>", .type = section, .description = "One data class"},
  {.path = "cyber.data_classes.<id>.description", .type = text, .default_value = "\"\"", .description = "What the data is", .bind = bind<&DataClass::description>},
  {.path = "cyber.data_classes.<id>.sensitive", .type = boolean, .default_value = "false", .description = "Sensitive, e.g. military transport data", .bind = bind<&DataClass::sensitive>},
  {.path = "cyber.profiles", .type = collection, .max = 10000, .description = "Cyber profile per node id: reporting duties, data held, programme membership"},
  {.path = "cyber.profiles.<id>", .type = section, .description = "Profile of the node with this id"},
  {.path = "cyber.profiles.<id>.isps", .type = boolean, .description = "An ISPS-obliged port facility (must report); default true for terminals, else false", .bind = bind<&CyberProfile::isps>},
  {.path = "cyber.profiles.<id>.nis2", .type = choice, .default_value = "none", .choices = choices_of<Nis2Class>, .description = "NIS2 entity class; essential and important entities run the 24 h / 72 h reporting clock", .bind = bind<&CyberProfile::nis2>},
  {.path = "cyber.profiles.<id>.member", .type = boolean, .default_value = "false", .description = "Member of the information-sharing programme (companies: also reporting_member)", .bind = bind<&CyberProfile::member>},
  {.path = "cyber.profiles.<id>.data", .type = references, .choices = "cyber.data_classes", .description = "Data classes the node holds or passes on"},
  {.path = "cyber.profiles.<id>.report_delay", .type = quantity, .dimension = D::duration, .min = 0, .max = kYear_h, .uncertain = true, .description = "Detection to report (default: cyber.reporting.report_delay)", .bind = bind<&CyberProfile::report_delay_h>},
  {.path = "cyber.profiles.<id>.backups", .type = boolean, .description = "Has usable backups (default: defences.backups.enabled)", .bind = bind<&CyberProfile::backups>},
  {.path = "cyber.incidents", .type = collection, .max = 10000, .description = "Cyber incidents injected into the run"},
  {.path = "cyber.incidents.<id>", .type = section, .description = "One incident"},
  {.path = "cyber.incidents.<id>.kind", .type = choice, .choices = choices_of<IncidentKind>, .required = true, .description = "ransomware/wiper: IT encrypted or wiped; platform_outage: shared platform down for `duration`; vendor_compromise: remote access abused; exfiltration: data stolen, no operational effect; ddos: public service degraded for `duration`", .bind = bind<&Incident::kind>},
  {.path = "cyber.incidents.<id>.actor", .type = text, .default_value = "unknown", .description = "Label of the actor, e.g. a criminal group or a state actor", .bind = bind<&Incident::actor>},
  {.path = "cyber.incidents.<id>.intent", .type = choice, .default_value = "sabotage", .choices = choices_of<Intent>, .description = "What the actor is after", .bind = bind<&Incident::intent>},
  {.path = "cyber.incidents.<id>.targets", .type = references, .choices = "nodes", .required = true, .description = "Node ids attacked first, in this order"},
  {.path = "cyber.incidents.<id>.at", .type = quantity, .dimension = D::duration, .min = 0, .max = kFiftyYears_h, .required = true, .uncertain = true, .description = "When the first target is attacked; a range or distribution is drawn per replication", .bind = bind<&Incident::at_h>},
  {.path = "cyber.incidents.<id>.stagger", .type = distribution, .dimension = D::duration, .default_value = "0 h", .min = 0, .description = "Time between attacks on successive targets (a campaign)", .bind = bind<&Incident::stagger_h>},
  {.path = "cyber.incidents.<id>.success_probability", .type = number, .default_value = "1", .min = 0, .max = 1, .uncertain = true, .description = "Chance that the attack on each target succeeds (x susceptibility_factor for a warned member)", .bind = bind<&Incident::success_probability>},
  {.path = "cyber.incidents.<id>.spread", .type = boolean, .default_value = "true", .description = "Spreads laterally over edges (cyber.spread); never for platform_outage and ddos", .bind = bind<&Incident::spread>, .applies = {.key = "kind", .words = "ransomware|wiper|vendor_compromise|exfiltration"}},
  {.path = "cyber.incidents.<id>.level", .type = number, .default_value = "0", .min = 0, .max = 1, .uncertain = true, .description = "vendor_compromise and ddos: operational level of what is hit", .bind = bind<&Incident::level>, .applies = {.key = "kind", .words = "vendor_compromise|ddos"}},
  {.path = "cyber.incidents.<id>.duration", .type = quantity, .dimension = D::duration, .min = 0, .max = kFiftyYears_h, .min_open = true, .uncertain = true, .description = "platform_outage and ddos (required there): how long it lasts", .bind = bind<&Incident::duration_h>, .applies = {.key = "kind", .words = "platform_outage|ddos"}},
  {.path = "cyber.incidents.<id>.data", .type = references, .choices = "cyber.data_classes", .description = "exfiltration: data classes sought (default: all)", .applies = {.key = "kind", .words = "exfiltration"}},
  {.path = "cyber.incidents.<id>.announcement", .type = section, .description = "The terminals whose quay this incident stops announce it, and lines re-route calls the outage would delay past their patience", .applies = {.key = "kind", .words = "ransomware|wiper|platform_outage|vendor_compromise|ddos"}},
  {.path = "cyber.incidents.<id>.announcement.after", .type = quantity, .dimension = D::duration, .min = 0, .max = kFiftyYears_h, .uncertain = true, .description = "From the hit at a terminal (or the system that stops its quay) to the announcement (required in an announcement)", .bind = bind<&Incident::announce_after_h>},
  {.path = "cyber.incidents.<id>.announcement.expected_duration", .type = quantity, .dimension = D::duration, .default_value = "1 d", .min = 0, .max = kFiftyYears_h, .min_open = true, .uncertain = true, .description = "How much longer the announcement says the outage will last (can be wrong); announced again, as long again, each time it passes with the quay still stopped", .bind = bind<&Incident::expected_duration_h>},
  {.path = "cyber.incidents.<id>.restoration", .type = list, .max = 10000, .description = "Staged restoration: replaces the recovery of each node it names with stages (gates back after 8 d, quay after 9 d...); the node is restored at its last stage", .applies = {.key = "kind", .words = "ransomware|wiper|vendor_compromise"}},
  {.path = "cyber.incidents.<id>.restoration.<i>", .type = section, .description = "One stage: from `after` the hit at its node, the node or part runs at `level`"},
  {.path = "cyber.incidents.<id>.restoration.<i>.node", .type = reference, .choices = "nodes", .required = true, .description = "A node the incident may hit, or a terminal's part (`<terminal>.quay`, `.yard`, `.gates`, `.rail`, `.barge`)"},
  {.path = "cyber.incidents.<id>.restoration.<i>.after", .type = quantity, .dimension = D::duration, .min = 0, .max = kFiftyYears_h, .required = true, .uncertain = true, .description = "From the hit at the node (a part: at its terminal); never before the node is contained", .bind = bind<&RestorationStage::after_h>},
  {.path = "cyber.incidents.<id>.restoration.<i>.level", .type = number, .default_value = "1", .min = 0, .max = 1, .uncertain = true, .description = "Level from this stage on (below 1: a ramp-up); at the node's last stage every part is back at 1", .bind = bind<&RestorationStage::level>},

  {.path = "defences", .type = section, .description = "Defences to compare in what-if runs (each switchable with --set)"},
  {.path = "defences.manual_fallback", .type = section, .description = "Manual procedures when IT is down"},
  {.path = "defences.manual_fallback.enabled", .type = boolean, .default_value = "true", .description = "Terminals that are not automated work at manual_level, the PCS passes messages by hand", .bind = bind<&Scenario::defences, &Defences::manual_fallback>},
  {.path = "defences.manual_fallback.switch_over", .type = quantity, .dimension = D::duration, .default_value = "4 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "Detection to manual mode", .bind = bind<&Scenario::defences, &Defences::switch_over_h>},
  {.path = "defences.manual_fallback.other_level", .type = number, .default_value = "0.5", .min = 0, .max = 1, .uncertain = true, .description = "Level of customs, the port authority, hinterland operators and companies in manual mode (terminals: their manual_level)", .bind = bind<&Scenario::defences, &Defences::manual_level>},
  {.path = "defences.backups", .type = section, .description = "Offline backups"},
  {.path = "defences.backups.enabled", .type = boolean, .default_value = "false", .description = "Nodes restore from backups (restore) instead of rebuilding (cyber.response recovery)", .bind = bind<&Scenario::defences, &Defences::backups>},
  {.path = "defences.backups.restore", .type = distribution, .dimension = D::duration, .default_value = "2 d", .min = 0, .description = "Containment to restored, with backups", .bind = bind<&Scenario::defences, &Defences::backup_restore_h>},
  {.path = "defences.segmentation", .type = section, .description = "Network segmentation between organisations"},
  {.path = "defences.segmentation.enabled", .type = boolean, .default_value = "false", .description = "Spread over the cut edge types is blocked", .bind = bind<&Scenario::defences, &Defences::segmentation>},
  {.path = "defences.segmentation.cuts", .type = section, .description = "Edge types segmentation blocks"},
  {.path = "defences.segmentation.cuts.data_flow", .type = boolean, .default_value = "true", .description = "Block spread over data_flow edges"},
  {.path = "defences.segmentation.cuts.service", .type = boolean, .default_value = "true", .description = "Block spread over service edges"},
  {.path = "defences.segmentation.cuts.control", .type = boolean, .default_value = "false", .description = "Block spread over control edges (IT/OT separation)"},
  {.path = "defences.vendor_access", .type = section, .description = "Vendors' remote access to equipment"},
  {.path = "defences.vendor_access.mode", .type = choice, .default_value = "open", .choices = choices_of<VendorAccess>, .description = "open: as configured; restricted: approved sessions only; removed: no remote access", .bind = bind<&Scenario::defences, &Defences::vendor_access>},
  {.path = "defences.vendor_access.restricted_factor", .type = number, .default_value = "0.2", .min = 0, .max = 1, .uncertain = true, .description = "restricted: remote-access spread probability x this", .bind = bind<&Scenario::defences, &Defences::restricted_factor>},
  {.path = "defences.information_sharing", .type = section, .description = "The port's information-sharing programme: members report, the desk warns members"},
  {.path = "defences.information_sharing.enabled", .type = boolean, .default_value = "false", .description = "The programme runs", .bind = bind<&Scenario::defences, &Defences::information_sharing>},
  {.path = "defences.information_sharing.membership", .type = number, .min = 0, .max = 1, .description = "Fraction of organisations (terminals, operators, companies) that are members, drawn per replication; default: the flags in the file", .bind = bind<&Scenario::defences, &Defences::membership>},
  {.path = "defences.information_sharing.report_within", .type = quantity, .dimension = D::duration, .default_value = "4 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "A member reports to the desk this long after detection", .bind = bind<&Scenario::defences, &Defences::report_within_h>},
  {.path = "defences.information_sharing.warning_delay", .type = quantity, .dimension = D::duration, .default_value = "1 h", .min = 0, .max = kYear_h, .uncertain = true, .description = "Report to warning to every member", .bind = bind<&Scenario::defences, &Defences::warning_delay_h>},
  {.path = "defences.information_sharing.susceptibility_factor", .type = number, .default_value = "0.3", .min = 0, .max = 1, .uncertain = true, .description = "A warned member: attack and spread probabilities x this", .bind = bind<&Scenario::defences, &Defences::susceptibility_factor>},
  {.path = "defences.information_sharing.detection_factor", .type = number, .default_value = "0.5", .min = 0, .max = 1, .uncertain = true, .description = "A warned member: remaining detection time x this", .bind = bind<&Scenario::defences, &Defences::detection_factor>},

  {.path = "economy", .type = section, .description = "Economic layer: a dynamic inoperability input-output model (DIIM) over sectors"},
  {.path = "economy.driver", .type = choice, .default_value = "throughput", .choices = choices_of<EconomyDriver>, .description = "What drives each sector's direct inoperability c* (metrics/cascade.hpp: DIIM DRIVERS). throughput: the output its nodes lost against the baseline run (a terminal's cargo over the quay, a hinterland operator's cargo moved, a company's consumption), weighted by their baseline flow; nodes the port model gives no output (the PCS, customs, systems) by their level. levels: 1 - the mean operational level of its nodes, the capacity the incidents removed", .bind = bind<&Scenario::economy, &Economy::driver>},
  {.path = "economy.window", .type = quantity, .dimension = D::duration, .default_value = "24 h", .min = 0, .max = kYear_h, .min_open = true, .description = "throughput: output is compared over a window this long centred on each sampling interval (a day of calls smooths the berth-by-berth unevenness of a terminal's flow)", .bind = bind<&Scenario::economy, &Economy::window_h>},
  {.path = "economy.lambda", .type = number, .default_value = "0.01", .min = 0, .max = 1, .min_open = true, .max_open = true, .description = "Inoperability left at a sector's recovery time, as a fraction of the initial (resilience coefficients)", .bind = bind<&Scenario::economy, &Economy::lambda>},
  {.path = "economy.sectors", .type = collection, .max = 1000, .description = "Sectors (or companies) of the model"},
  {.path = "economy.sectors.<id>", .type = section, .description = "One sector"},
  {.path = "economy.sectors.<id>.name", .type = text, .description = "Display name (default: the id)", .bind = bind<&Sector::name>},
  {.path = "economy.sectors.<id>.output", .type = quantity, .dimension = D::money_rate, .min = 0, .required = true, .uncertain = true, .description = "As-planned output x_i", .bind = bind<&Sector::output_eur_per_h>},
  {.path = "economy.sectors.<id>.recovery", .type = quantity, .dimension = D::duration, .default_value = "30 d", .min = 0, .max = kFiftyYears_h, .min_open = true, .uncertain = true, .description = "Time to recover to lambda of the initial inoperability (tau_i)", .bind = bind<&Sector::recovery_h>},
  {.path = "economy.sectors.<id>.resilience", .type = quantity, .dimension = D::rate, .min = 0, .min_open = true, .uncertain = true, .description = "k_i given directly (per time, e.g. 0.05 /d), as a published DIIM case gives K; instead of recovery, which is then not used (giving both is an error)", .bind = bind<&Sector::resilience_per_h>},
  {.path = "economy.sectors.<id>.nodes", .type = references, .choices = "nodes", .description = "Terminals, operators, companies (or the PCS, customs) whose operational loss is the sector's direct inoperability"},
  {.path = "economy.sectors.<id>.perturbation", .type = list, .max = 10000, .description = "c*_i given directly, as steps in time order: from each step's `at` until the next, added to what economy.driver gives (the sum clipped to 1); for a published DIIM case, or a demand shock the port model does not simulate. A scenario with a perturbation and no incident runs the economic layer too"},
  {.path = "economy.sectors.<id>.perturbation.<i>", .type = section, .description = "One step of c*"},
  {.path = "economy.sectors.<id>.perturbation.<i>.at", .type = quantity, .dimension = D::duration, .min = 0, .max = kFiftyYears_h, .required = true, .description = "From this time on (after the previous step's)", .bind = bind<&PerturbationStep::at_h>},
  {.path = "economy.sectors.<id>.perturbation.<i>.c", .type = number, .min = 0, .max = 1, .required = true, .description = "c*_i: the share of the sector's output lost directly, until the next step", .bind = bind<&PerturbationStep::c>},
  {.path = "economy.interdependency", .type = list, .max = 1000000, .description = "Non-zero entries of the interdependency matrix A*"},
  {.path = "economy.interdependency.<i>", .type = section, .description = "One coefficient a*_ij"},
  {.path = "economy.interdependency.<i>.sector", .type = reference, .choices = "economy.sectors", .required = true, .description = "Sector i, whose inoperability depends on sector j"},
  {.path = "economy.interdependency.<i>.on", .type = reference, .choices = "economy.sectors", .required = true, .description = "Sector j"},
  {.path = "economy.interdependency.<i>.coefficient", .type = number, .min = 0, .max = 1e6, .required = true, .uncertain = true, .description = "a*_ij: inoperability of i per unit inoperability of j; any value >= 0, as long as the spectral radius of A* stays below 1 (checked on load, with the radius)", .bind = bind<&Economy::Coefficient::value>},
});
// clang-format on

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

const std::unordered_map<std::string_view, const Param*>& index() {
  static const auto map = [] {
    std::unordered_map<std::string_view, const Param*> m;
    for (const Param& p : kTable) m.emplace(p.path, &p);
    return m;
  }();
  return map;
}

std::string bound(double x, Dimension d) {
  if (d == Dimension::duration && x > 0) {
    // In the largest unit that makes it a whole number: 438000 h is "50 yr".
    constexpr std::pair<const char*, double> kUnits[] = {
        {"yr", 8760.0}, {"d", 24.0}, {"h", 1.0}, {"min", 1.0 / 60.0}, {"s", 1.0 / 3600.0}};
    for (const auto& [symbol, factor] : kUnits) {
      const double n = x / factor;
      if (std::abs(n - std::round(n)) < 1e-9 * n) return format_number(std::round(n)) + " " + symbol;
    }
  }
  std::string s = format_number(x);
  const std::string_view unit = base_unit(d);
  if (!unit.empty() && d != Dimension::cargo && d != Dimension::cargo_rate && d != Dimension::cargo_money_rate) {
    s += ' ';
    s += unit;
  }
  return s;
}

}  // namespace

std::span<const Param> parameter_table() noexcept { return kTable; }

const Param* find_param(std::string_view pattern) noexcept {
  const auto& m = index();
  const auto it = m.find(pattern);
  return it == m.end() ? nullptr : it->second;
}

const Param* match_param(std::string_view dotted_path) noexcept {
  const std::vector<std::string_view> segments = split_path(dotted_path);
  for (const Param& p : kTable) {
    const std::vector<std::string_view> pattern = split_path(p.path);
    if (pattern.size() != segments.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; ok && i < pattern.size(); ++i) {
      if (pattern[i] == "<id>") {
        ok = !segments[i].empty();
      } else if (pattern[i] == "<i>") {
        ok = all_digits(segments[i]);
      } else {
        ok = pattern[i] == segments[i];
      }
    }
    if (ok) return &p;
  }
  return nullptr;
}

std::vector<std::string_view> child_keys(std::string_view pattern) {
  // Built once: every unknown key asks for its section's keys (for the
  // did-you-mean), and a scan of the table each time made that the cost
  // of a map full of unknown keys.
  static const auto children = [] {
    std::unordered_map<std::string_view, std::vector<std::string_view>> m;
    for (const Param& p : kTable) {
      const std::string_view path = p.path;
      const std::size_t dot = path.rfind('.');
      if (dot == std::string_view::npos) {
        m[std::string_view()].push_back(path);
      } else {
        m[path.substr(0, dot)].push_back(path.substr(dot + 1));
      }
    }
    return m;
  }();
  const auto it = children.find(pattern);
  return it == children.end() ? std::vector<std::string_view>{} : it->second;
}

std::string describe_range(const Param& p) {
  const bool has_min = p.min > -kUnbounded;
  const bool has_max = p.max < kUnbounded;
  if (p.type == ParamType::collection || p.type == ParamType::list || p.type == ParamType::durations) {
    const std::string lo = format_number(has_min ? p.min : 0.0);
    return has_max ? lo + ".." + format_number(p.max) + " entries" : "at least " + lo + " entries";
  }
  if (p.type == ParamType::choice) return join_words(p.choices, ", ");
  if (p.type == ParamType::reference || p.type == ParamType::references) {
    return p.choices == "nodes" ? std::string("a node id") : "an id in " + std::string(p.choices);
  }
  if (!has_min && !has_max) return "";
  if (p.type == ParamType::integer) {
    if (!has_max) return ">= " + format_number(p.min);
    return format_number(p.min) + ".." + format_number(p.max);
  }
  if (has_min && has_max) {
    return std::string(p.min_open ? "(" : "[") + bound(p.min, p.dimension) + ", " + bound(p.max, p.dimension) +
           (p.max_open ? ")" : "]");
  }
  if (has_min) return std::string(p.min_open ? "> " : ">= ") + bound(p.min, p.dimension);
  return std::string(p.max_open ? "< " : "<= ") + bound(p.max, p.dimension);
}

std::vector<std::string_view> split_words(std::string_view words) {
  std::vector<std::string_view> out;
  while (!words.empty()) {
    const std::size_t bar = words.find('|');
    out.push_back(words.substr(0, bar));
    words = bar == std::string_view::npos ? std::string_view{} : words.substr(bar + 1);
  }
  return out;
}

std::string join_words(std::string_view words, std::string_view separator) {
  std::string out;
  for (const std::string_view w : split_words(words)) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

std::string describe_applies(const Param& p) {
  if (p.applies.key.empty()) return {};
  return " (only where " + std::string(p.applies.key) + " is " + join_words(p.applies.words, " or ") +
         "; refused elsewhere)";
}

std::string describe_type(const Param& p) {
  switch (p.type) {
    case ParamType::section: return "map";
    case ParamType::collection: return "map of id -> entry";
    case ParamType::list: return "list";
    case ParamType::text: return "text";
    case ParamType::identifier: return "id";
    case ParamType::boolean: return "true/false";
    case ParamType::integer: return "integer";
    case ParamType::number: return "number";
    case ParamType::quantity: return std::string(to_string(p.dimension));
    case ParamType::distribution: return std::string(to_string(p.dimension)) + " distribution";
    case ParamType::choice: return "choice";
    case ParamType::reference: return "reference";
    case ParamType::references: return "list of references";
    case ParamType::durations: return "list of durations";
    case ParamType::share: return "share or `remainder`";
    case ParamType::file: return "file path";
  }
  return "";
}

}  // namespace porttwin::scenario
