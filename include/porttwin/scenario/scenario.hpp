// The scenario as the model sees it: plain structs, every quantity in one
// base unit named in the member, every reference resolved and checked, every
// per-replication uncertainty already sampled.
//
// This is the contract between the scenario layer (YAML, schema, validation,
// --set overrides, per-replication sampling: scenario/document.hpp) and the
// layers above it (graph/, port/). Those layers never see YAML.
//
// Base units (the suffix says which):
//   _h      hours (durations)            _m      metres
//   _per_h  per hour (rates, capacities) _teu    twenty-foot equivalent units
//   _days   days (buffer stock only)     share/_fraction  a number in [0, 1]
// Cargo is counted in the unit of the terminal that handles it (CargoKind):
// container moves (boxes; TEU = moves x teu_per_move), tonnes of bulk, or
// units (cars, break-bulk pieces). Productivities and capacities are in that
// cargo unit per hour.
//
// Collections keep the order of the scenario file, so ids map to dense
// indices the same way on every run. Cross-references are indices into the
// Scenario's vectors (resolved from ids by the scenario layer), plus the id
// string for messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porttwin/kernel/distributions.hpp"

namespace porttwin::scenario {

using Index = std::uint32_t;
inline constexpr Index kNone = 0xFFFF'FFFFU;

enum class CargoKind : std::uint8_t {
  containers,  ///< counted in moves (boxes); TEU via the vessel class's teu_per_move
  dry_bulk,    ///< tonnes
  liquid_bulk, ///< tonnes
  breakbulk,   ///< units (pieces)
  cars,        ///< units (cars, ro-ro)
};

enum class HinterlandMode : std::uint8_t { truck, rail, barge, pipeline, conveyor };

/// What a terminal does when its yard (or stockyard) is full.
enum class OverflowRule : std::uint8_t {
  stop_discharge,  ///< discharge pauses until space frees (loading goes on)
  overflow_area,   ///< boxes go to an off-terminal overflow area (counted, extra handling time)
};

enum class BerthAllocation : std::uint8_t {
  fcfs,            ///< first come first served among berths that fit
  largest_first,   ///< the longest waiting-and-cleared vessel that fits, by length, first
};

enum class DependencyType : std::uint8_t {
  physical_flow,  ///< cargo moves from source to target
  data_flow,      ///< messages from source to target
  control,        ///< software at source runs equipment at target
  remote_access,  ///< source (a vendor) can log in to target remotely
  service,        ///< target needs source's service to operate
};

struct Settings {
  double horizon_h = 8760.0;
  double warmup_h = 0.0;           ///< statistics ignore everything before this time
  std::uint64_t seed = 1;
  std::uint32_t replications = 1;
  double sample_interval_h = 1.0;  ///< metrics sampling interval
};

struct Zone {
  std::string id;
  std::string name;         ///< free text for reports
  bool sensitive = false;   ///< e.g. used for military transport
  std::string sensitivity;  ///< label when sensitive, e.g. "military_transport"
};

struct Berth {
  std::string id;           ///< unique within the scenario: "<terminal>.<berth>[#k]"
  double length_m = 0.0;
  double depth_m = 0.0;
  Index zone = kNone;       ///< the terminal's zone unless the berth names its own
};

/// Identical quay cranes (or bulk unloaders, ro-ro ramps) of one terminal.
struct CraneGroup {
  std::string id;
  std::uint32_t count = 1;
  kernel::Distribution productivity_per_h;  ///< cargo units per hour, sampled per crane per call
  Index vendor = kNone;                     ///< index into Scenario::vendors, kNone if not given
  bool remote_maintenance = false;          ///< the vendor has a remote-maintenance link
};

struct YardBlock {
  std::string id;
  double capacity = 0.0;  ///< in TEU for container terminals, else in the terminal's cargo unit
};

struct Gate {
  std::string id;
  std::uint32_t lanes = 1;
  kernel::Distribution truck_handling_h;  ///< one truck's service time at a lane
};

struct Terminal {
  std::string id;
  std::string name;
  CargoKind cargo = CargoKind::containers;
  Index zone = kNone;
  std::vector<Berth> berths;           ///< expanded: a `count: 3` berth becomes three
  std::vector<CraneGroup> crane_groups;
  std::vector<YardBlock> yard_blocks;
  std::vector<Gate> gates;
  OverflowRule overflow = OverflowRule::stop_discharge;
  double overflow_capacity = 0.0;      ///< overflow area size, same unit as the yard
  double overflow_extra_h = 0.0;       ///< extra handling time per batch sent to overflow
  bool automated = false;              ///< fully automated (no manual mode); used by the cyber layer
  double manual_level = 0.5;           ///< capacity fraction in manual mode; used by the cyber layer
};

struct Pcs {
  std::string id = "pcs";
  double processing_h = 1.0 / 60.0;  ///< time to pass one message on
};

struct Customs {
  std::string id = "customs";
  kernel::Distribution release_h;      ///< declaration to release, for cargo not inspected
  double inspection_share = 0.0;       ///< fraction of calls whose cargo is inspected
  kernel::Distribution inspection_h;   ///< extra time when inspected
};

struct PortAuthority {
  std::string id = "harbour_master";
  kernel::Distribution clearance_h;  ///< time to check and clear a pre-arrival notification
};

struct ShippingLine {
  std::string id;
  std::string name;
};

struct HinterlandOperator {
  std::string id;
  std::string name;
  HinterlandMode mode = HinterlandMode::truck;
  double capacity_per_h = 0.0;  ///< TEU/h for containers, t/h for bulk, units/h otherwise
  double transit_h = 1.0;       ///< terminal to destination (and message latency to it)
  double batch = 1.0;           ///< size of one trip (train, barge) in the capacity's unit; trucks: 1 box
  std::vector<Index> terminals; ///< terminals it serves (all if the file says nothing)
};

/// A company that depends on the port: consumes cargo from its stock, which
/// vessel calls (classes naming it as consignee) fill through a hinterland
/// operator.
struct Company {
  std::string id;
  std::string name;
  std::string sector;              ///< e.g. steel, agri_bulk, fertiliser, car_logistics
  double consumption_per_h = 0.0;  ///< cargo units per hour it needs to run at full level
  double buffer_days = 0.0;        ///< stock it keeps, in days of consumption (initial stock too)
  Index supplied_by = kNone;       ///< hinterland operator that delivers to it
  bool reporting_member = false;   ///< member of the port's information-sharing programme
};

struct Vendor {
  std::string id;
  std::string name;
};

struct DataPlatform {
  std::string id;
  std::string name;
};

struct ArrivalStream {
  enum class Process : std::uint8_t { poisson, timetable, csv };
  std::string id;
  Process process = Process::poisson;
  double rate_per_h = 0.0;                 ///< poisson
  double period_h = 168.0;                 ///< timetable: the schedule repeats with this period
  std::vector<double> offsets_h;           ///< timetable: arrival times within a period
  struct Listed {                          ///< csv: every arrival, sorted by time
    double time_h = 0.0;
    Index vessel_class = 0;
  };
  std::vector<Listed> listed;
};

struct VesselClass {
  std::string id;
  Index stream = 0;                         ///< arrival stream it arrives with
  double share = 0.0;                       ///< share of its stream's arrivals (resolved: sums to 1)
  Index line = kNone;                       ///< shipping line, kNone if not given
  CargoKind cargo = CargoKind::containers;
  kernel::Distribution call_size;           ///< moves (containers), tonnes (bulk) or units
  double teu_per_move = 1.6;                ///< containers only
  double length_m = 0.0;
  double draught_m = 0.0;
  std::uint32_t cranes_min = 1;
  std::uint32_t cranes_max = 1;
  double patience_h = 1e9;                  ///< waiting longer than this, the vessel diverts
  std::vector<Index> terminals;             ///< terminals it may use, in order of preference
  double import_share = 1.0;                ///< of the call size: discharged for the hinterland
  double export_share = 0.0;                ///< loaded, having come from the hinterland
  double transshipment_share = 0.0;         ///< discharged and loaded onto another vessel later
  Index consignee = kNone;                  ///< company the imported cargo is for (bulk), if any
};

struct Traffic {
  std::vector<ArrivalStream> streams;
  std::vector<VesselClass> vessel_classes;
  /// Container imports/exports by hinterland mode; sums to 1 over the modes
  /// that have an operator.
  double truck_share = 1.0;
  double rail_share = 0.0;
  double barge_share = 0.0;
  kernel::Distribution import_dwell_h;         ///< discharge (and release) to pickup
  kernel::Distribution export_dwell_h;         ///< delivery to the vessel's arrival
  kernel::Distribution transshipment_dwell_h;  ///< discharge to loading onto the next vessel
};

struct ProcessRules {
  double pre_arrival_lead_h = 48.0;     ///< the notification is sent this long before arrival
  double pre_arrival_deadline_h = 24.0; ///< it must be cleared this long before arrival (late ones are counted)
  double message_latency_h = 5.0 / 60.0; ///< minimum latency of any message between companies
  BerthAllocation berth_allocation = BerthAllocation::fcfs;
  bool reassign_cranes = true;          ///< freed cranes join working vessels below their maximum
};

/// A scheduled change of a node's operational level: a closure, a strike,
/// maintenance (and, with the cyber layer, an incident's effect). level 1 is
/// normal, 0 stopped, in between degraded to that fraction of capacity.
struct CapacityChange {
  std::string node;   ///< id of a terminal, hinterland operator, company, the PCS or customs
  double at_h = 0.0;  ///< from the start of the run
  double level = 1.0;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;  ///< path it was read from, "" for a string
  Settings settings;
  ProcessRules rules;
  std::vector<Zone> zones;
  std::vector<Terminal> terminals;
  Pcs pcs;
  Customs customs;
  PortAuthority port_authority;
  std::vector<ShippingLine> shipping_lines;
  std::vector<HinterlandOperator> hinterland;
  std::vector<Company> companies;
  std::vector<Vendor> vendors;
  std::vector<DataPlatform> data_platforms;
  Traffic traffic;
  /// Edges the file declares explicitly (`dependencies:`), by node id. The
  /// graph layer adds the edges implied by the topology (terminal controls its
  /// cranes, vendor has remote access to cranes with remote maintenance, ...).
  struct DeclaredDependency {
    std::string source;
    std::string target;
    DependencyType type = DependencyType::data_flow;
  };
  std::vector<DeclaredDependency> dependencies;
  std::vector<CapacityChange> capacity_changes;  ///< in file order
};

/// Names as the scenario file spells them (e.g. "dry_bulk", "remote_access").
[[nodiscard]] std::string_view to_string(CargoKind kind) noexcept;
[[nodiscard]] std::string_view to_string(HinterlandMode mode) noexcept;
[[nodiscard]] std::string_view to_string(OverflowRule rule) noexcept;
[[nodiscard]] std::string_view to_string(BerthAllocation rule) noexcept;
[[nodiscard]] std::string_view to_string(DependencyType type) noexcept;
/// The unit cargo of this kind is counted in: "moves", "t" or "units".
[[nodiscard]] std::string_view cargo_unit(CargoKind kind) noexcept;

}  // namespace porttwin::scenario
