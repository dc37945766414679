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
//   share/_fraction  a number in [0, 1]
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

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "porttwin/kernel/distributions.hpp"

namespace porttwin::scenario {

/// The scenario file's word for each value of an enum, in the enum's order:
/// one list per enum, from which to_string(), the parameter table's choices
/// and the reader's choice() all come (`words_of<E>` names it).
template <class E>
struct EnumWords;

#define PORTTWIN_ENUM_WORDS(E, ...)                                               \
  template <>                                                                     \
  struct EnumWords<E> {                                                           \
    static constexpr auto words = std::to_array<std::string_view>({__VA_ARGS__}); \
  }

using Index = std::uint32_t;
inline constexpr Index kNone = 0xFFFF'FFFFU;

enum class CargoKind : std::uint8_t {
  containers,   ///< counted in moves (boxes); TEU via the vessel class's teu_per_move
  dry_bulk,     ///< tonnes
  liquid_bulk,  ///< tonnes
  breakbulk,    ///< units (pieces)
  cars,         ///< units (cars, ro-ro)
};
PORTTWIN_ENUM_WORDS(CargoKind, "containers", "dry_bulk", "liquid_bulk", "breakbulk", "cars");

enum class HinterlandMode : std::uint8_t { truck, rail, barge, pipeline, conveyor };
PORTTWIN_ENUM_WORDS(HinterlandMode, "truck", "rail", "barge", "pipeline", "conveyor");

/// The parts of a terminal that stop on their own (a capacity change names
/// one as "<terminal>.<part>"): the quay (berths and cranes), the yard, the
/// truck gates, the rail side and the barge side. The words are reserved: no
/// crane group, yard block or gate of a terminal may use one as its key.
enum class TerminalPart : std::uint8_t { quay, yard, gates, rail, barge };
PORTTWIN_ENUM_WORDS(TerminalPart, "quay", "yard", "gates", "rail", "barge");

/// What a terminal does when its yard (or stockyard) is full.
enum class OverflowRule : std::uint8_t {
  stop_discharge,  ///< discharge pauses until space frees (loading goes on)
  overflow_area,   ///< boxes go to an off-terminal overflow area (counted, extra handling time)
};
PORTTWIN_ENUM_WORDS(OverflowRule, "stop_discharge", "overflow_area");

enum class BerthAllocation : std::uint8_t {
  fcfs,           ///< first come first served among berths that fit
  largest_first,  ///< the longest waiting-and-cleared vessel that fits, by length, first
};
PORTTWIN_ENUM_WORDS(BerthAllocation, "fcfs", "largest_first");

/// When a container terminal takes in a call's export cargo (port/terminal.hpp, EXPORT WINDOW).
enum class ExportWindow : std::uint8_t {
  eta,    ///< its export dwell before the vessel's announced ETA
  berth,  ///< its export dwell before the vessel's expected berthing, as the terminal expects it now
};
PORTTWIN_ENUM_WORDS(ExportWindow, "eta", "berth");

enum class DependencyType : std::uint8_t {
  physical_flow,  ///< cargo moves from source to target
  data_flow,      ///< messages from source to target
  control,        ///< software at source runs equipment at target
  remote_access,  ///< source (a vendor) can log in to target remotely
  service,        ///< target needs source's service to operate
};
PORTTWIN_ENUM_WORDS(DependencyType, "physical_flow", "data_flow", "control", "remote_access", "service");

struct Settings {
  double horizon_h = 8760.0;
  double warmup_h = 0.0;  ///< statistics ignore everything before this time
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
  std::string id;  ///< unique within the scenario: "<terminal>.<berth>[#k]"
  double length_m = 0.0;
  double depth_m = 0.0;
  Index zone = kNone;  ///< the terminal's zone unless the berth names its own
};

/// Identical quay cranes (or bulk unloaders, ro-ro ramps) of one terminal.
struct CraneGroup {
  std::string id;
  std::uint32_t count = 1;
  kernel::Distribution productivity_per_h;  ///< cargo units per hour, sampled per crane per call
  Index vendor = kNone;                     ///< index into Scenario::vendors, kNone if not given
  bool remote_maintenance = false;          ///< the vendor has a remote-maintenance link
  /// CRANE BREAKDOWNS (port/terminal.hpp): each crane's time from repair to its next failure
  /// (0: never fails) and the repair's length, in hours.
  kernel::Distribution failure_interval_h;
  kernel::Distribution repair_h;
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

/// One of a terminal's IT or OT systems (its terminal operating system, gate
/// and appointment system, crane control...): a graph node of its own, whose
/// level stops exactly the parts that depend on it (port/terminal.hpp).
struct TerminalSystem {
  std::string id;               ///< "<terminal>.<key>"
  std::array<bool, 5> stops{};  ///< by TerminalPart: the parts that cannot work without it
};

struct Terminal {
  std::string id;
  std::string name;
  CargoKind cargo = CargoKind::containers;
  Index zone = kNone;
  std::vector<Berth> berths;  ///< expanded: a `count: 3` berth becomes three
  std::vector<CraneGroup> crane_groups;
  std::vector<YardBlock> yard_blocks;
  std::vector<Gate> gates;
  std::vector<TerminalSystem> systems;
  OverflowRule overflow = OverflowRule::stop_discharge;
  double overflow_capacity = 0.0;  ///< overflow area size, same unit as the yard
  double overflow_extra_h = 0.0;   ///< extra handling time per batch sent to overflow
  bool automated = false;          ///< fully automated (no manual mode); used by the cyber layer
  double manual_level = 0.5;       ///< capacity fraction in manual mode; used by the cyber layer
  /// By TerminalPart: the part's own capacity fraction in manual mode, where it differs from
  /// manual_level (for an automated terminal: the parts that have a manual mode at all).
  std::array<std::optional<double>, 5> manual_parts{};
  /// Takes calls of lines that do not list it when their own terminals are down or
  /// announced down (port/terminal.hpp, RE-ROUTING), its cranes at ad_hoc_productivity.
  bool accepts_ad_hoc = false;
  double ad_hoc_productivity = 0.8;
  ExportWindow export_window = ExportWindow::eta;
  double cargo_time_cost_eur_per_unit_h = 0.0;  ///< CARGO TIME COST, EUR per yard unit per hour
  double truck_time_cost_eur_per_h = 0.0;       ///< TRUCK TIME COST, EUR per truck-hour waiting
  /// SHIFT CHANGES (port/terminal.hpp): every `shift_h` from `first_shift_h`, the cranes stop
  /// for `changeover_h` (0: no stop, e.g. hot-seat changes).
  double shift_h = 8.0;
  double first_shift_h = 7.0;
  double changeover_h = 0.0;
};

struct Pcs {
  std::string id = "pcs";
  double processing_h = 1.0 / 60.0;  ///< time to pass one message on
  /// Manual fallback (phone, e-mail, paper at the terminal desk) while the
  /// system is down and Defences::manual_fallback is on: every message takes
  /// this much longer, and at most manual_capacity_per_h pass per hour
  /// (port/services.hpp, PCS MANUAL FALLBACK: messages counted one per box).
  double manual_extra_h = 2.0;
  double manual_capacity_per_h = 60.0;
  /// Truck notifications go to a backup service passing this many an hour
  /// (0: no backup, they go to the desk with the rest).
  double manual_backup_capacity_per_h = 0.0;
  /// Cargo declarations to customs wait for the system instead of the desk.
  bool manual_hold_declarations = false;
};

struct Customs {
  std::string id = "customs";
  kernel::Distribution release_h;     ///< declaration to release, for cargo not inspected
  double inspection_share = 0.0;      ///< fraction of calls whose cargo is inspected
  kernel::Distribution inspection_h;  ///< extra time when inspected
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
  double capacity_per_h = 0.0;   ///< TEU/h for containers, t/h for bulk, units/h otherwise
  double transit_h = 1.0;        ///< terminal to destination (and message latency to it)
  double batch = 1.0;            ///< size of one trip (train, barge) in the capacity's unit; trucks: 1 box
  std::vector<Index> terminals;  ///< terminals it serves (all if the file says nothing)
};

/// A company that depends on the port: consumes cargo from its stock, which
/// vessel calls (classes naming it as consignee) fill through a hinterland
/// operator.
struct Company {
  std::string id;
  std::string name;
  std::string sector;              ///< e.g. steel, agri_bulk, fertiliser, car_logistics
  double consumption_per_h = 0.0;  ///< cargo units per hour it needs to run at full level
  double buffer_h = 0.0;           ///< stock it keeps, as hours of consumption (initial stock too)
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

enum class ArrivalProcess : std::uint8_t { poisson, timetable, csv, windows };
PORTTWIN_ENUM_WORDS(ArrivalProcess, "poisson", "timetable", "csv", "windows");

struct ArrivalStream {
  using Process = ArrivalProcess;
  std::string id;
  Process process = Process::poisson;
  double rate_per_h = 0.0;        ///< poisson; windows: calls per time (services = round(rate x period))
  double period_h = 168.0;        ///< timetable, windows: the schedule repeats with this period
  std::vector<double> offsets_h;  ///< timetable: arrival times within a period
  /// windows (BERTH WINDOWS, port/services.hpp): the share of calls arriving on
  /// time, an on-time call's arrival minus its window, a late one's delay past it.
  double on_time = 1.0;
  kernel::Distribution deviation_h;
  kernel::Distribution late_h;
  struct Listed {  ///< csv: every arrival, sorted by time
    double time_h = 0.0;
    Index vessel_class = 0;
  };
  std::vector<Listed> listed;
};

struct VesselClass {
  std::string id;
  Index stream = 0;    ///< arrival stream it arrives with
  double share = 0.0;  ///< share of its stream's arrivals (resolved: sums to 1)
  Index line = kNone;  ///< shipping line, kNone if not given
  CargoKind cargo = CargoKind::containers;
  kernel::Distribution call_size;  ///< moves (containers), tonnes (bulk) or units
  double teu_per_move = 1.6;       ///< containers only
  double length_m = 0.0;
  double draught_m = 0.0;
  std::uint32_t cranes_min = 1;
  std::uint32_t cranes_max = 1;
  /// CRANE SPLIT (port/terminal.hpp): the long crane's moves over an even split, >= 1.
  double long_crane = 1.0;
  /// BERTH TIME (port/terminal.hpp): anchorage to all fast (the berth held), all fast to the
  /// first lift, last lift to leaving the berth; per call, in hours.
  kernel::Distribution approach_h;
  kernel::Distribution before_work_h;
  kernel::Distribution after_work_h;
  double patience_h = 1e9;  ///< waiting longer than this, the vessel diverts
  /// VESSEL TIME COST (metrics/cascade.hpp): one hour of the vessel in port
  /// (waiting or at a berth), charter and fuel; prices its delay.
  double time_cost_eur_per_h = 0.0;
  double planned_stay_h = 0.0;       ///< scheduled arrival to planned departure; 0: from the call (port/run.hpp)
  std::vector<Index> terminals;      ///< terminals it may use, in order of preference
  double import_share = 1.0;         ///< of the call size: discharged for the hinterland
  double export_share = 0.0;         ///< loaded, having come from the hinterland
  double transshipment_share = 0.0;  ///< discharged and loaded onto another vessel later
  double rolled_space = 0.0;         ///< ROLLED EXPORTS: rolled cargo taken, as a share of its own export load
  Index consignee = kNone;           ///< company the imported cargo is for (bulk), if any
};

struct Traffic {
  std::vector<ArrivalStream> streams;
  std::vector<VesselClass> vessel_classes;
  /// Container imports/exports by hinterland mode; sums to 1 over the modes
  /// that have an operator.
  double truck_share = 1.0;
  double rail_share = 0.0;
  double barge_share = 0.0;
  kernel::Distribution import_dwell_h = kernel::Deterministic(72.0);  ///< discharge (and release) to pickup
  kernel::Distribution export_dwell_h = kernel::Deterministic(72.0);  ///< delivery to the vessel's arrival
  kernel::Distribution transshipment_dwell_h =
      kernel::Deterministic(72.0);  ///< discharge to loading onto the next vessel
  /// ROLLED EXPORTS: how long export cargo that missed its vessel waits for a later call
  /// here; unset (the negative default, which the schema's min 0 keeps out of any file):
  /// the export dwell, as before the parameter (Traffic::rolled_wait).
  kernel::Distribution rolled_wait_h = kernel::Deterministic(-1.0);

  [[nodiscard]] const kernel::Distribution& rolled_wait() const noexcept {
    return rolled_wait_h.mean() < 0.0 ? export_dwell_h : rolled_wait_h;
  }
};

struct ProcessRules {
  double pre_arrival_lead_h = 48.0;       ///< the notification is sent this long before arrival
  double pre_arrival_deadline_h = 24.0;   ///< it must be cleared this long before arrival (late ones are counted)
  double message_latency_h = 5.0 / 60.0;  ///< minimum latency of any message between companies
  BerthAllocation berth_allocation = BerthAllocation::fcfs;
  bool reassign_cranes = true;  ///< freed cranes join working vessels below their maximum
  /// Hinterland operators pre-notify each pickup and delivery to the terminal
  /// through the PCS (as Portbase carries road, barge and rail notifications);
  /// false: straight to the terminal.
  bool hinterland_via_pcs = true;
  /// CONGESTION RE-ROUTING (port/terminal.hpp): lines send on, when told of a call, those a
  /// terminal expects to keep waiting longer than their patience.
  bool congestion_rerouting = false;
};

/// A scheduled change of a node's operational level: a closure, a strike,
/// maintenance (and, with the cyber layer, an incident's effect). level 1 is
/// normal, 0 stopped, in between degraded to that fraction of capacity.
struct CapacityChange {
  std::string
      node;  ///< id of a terminal, its crane group/yard block/gate, operator, company, PCS, customs, port authority
  double at_h = 0.0;  ///< from the start of the run
  double level = 1.0;
  bool manual = false;  ///< the node works in its manual fallback mode (the PCS: extra delay, capacity limit)
};

// ---- cyber layer (issue 5): incidents, spread, defences, reporting, economy --

enum class IncidentKind : std::uint8_t {
  ransomware,         ///< IT of the target(s) encrypted: operations stop, manual fallback if any
  wiper,              ///< as ransomware, but backups are the only way back (no decryption)
  platform_outage,    ///< a shared platform (the PCS) is down for `duration`; no spread
  vendor_compromise,  ///< a vendor's remote access is abused: what it reaches runs at `level`
  exfiltration,       ///< espionage: no operational effect, data classes exposed
  ddos,               ///< public-facing service degraded to `level` for `duration`; no spread
};
PORTTWIN_ENUM_WORDS(IncidentKind, "ransomware", "wiper", "platform_outage", "vendor_compromise", "exfiltration",
                    "ddos");
enum class Intent : std::uint8_t { sabotage, espionage, crime };
enum class Nis2Class : std::uint8_t { none, important, essential };
enum class VendorAccess : std::uint8_t { open, restricted, removed };
PORTTWIN_ENUM_WORDS(Intent, "sabotage", "espionage", "crime");
PORTTWIN_ENUM_WORDS(Nis2Class, "none", "important", "essential");
PORTTWIN_ENUM_WORDS(VendorAccess, "open", "restricted", "removed");

/// How compromise crosses one edge type (source compromised -> target).
struct EdgeSpread {
  double probability = 0.0;                                   ///< per attempt, before defences and warnings
  kernel::Distribution delay_h = kernel::Deterministic(1.0);  ///< compromise of the source to attempt on the target
};

/// A node kind's response to a compromise, drawn per node and incident.
struct NodeResponse {
  kernel::Distribution detection_h = kernel::Deterministic(24.0);    ///< compromise -> detected
  kernel::Distribution containment_h = kernel::Deterministic(12.0);  ///< detected -> contained (spread stops)
  kernel::Distribution recovery_h = kernel::Deterministic(168.0);    ///< contained -> restored, without backups
};

struct DataClass {
  std::string id;
  std::string description;
  bool sensitive = false;  ///< e.g. military transport data
};

/// An organisation's (or any node's) cyber profile: reporting duties, data it
/// holds, programme membership. Nodes without a profile get the defaults the
/// cyber layer documents (terminals are ISPS port facilities).
struct CyberProfile {
  std::string node;          ///< node id
  std::optional<bool> isps;  ///< ISPS-obliged port facility (must report)
  Nis2Class nis2 = Nis2Class::none;
  bool member = false;                   ///< information-sharing programme (companies: also reporting_member)
  std::vector<Index> data_classes;       ///< into Cyber::data_classes
  std::optional<double> report_delay_h;  ///< detection to report; default Cyber::report_delay_h
  std::optional<bool> backups;           ///< overrides Defences::backups for this node
};

/// One stage of an incident's restoration (cyber/propagation.hpp, STAGED
/// RESTORATION): from `after` the hit at its node, that node (or one of a
/// terminal's parts) runs at `level`.
struct RestorationStage {
  std::string node;      ///< a node id, or a terminal part "<terminal>.<part>"
  double after_h = 0.0;  ///< from the incident's hit at the node (the part's terminal)
  double level = 1.0;
};

struct Incident {
  std::string id;
  IncidentKind kind = IncidentKind::ransomware;
  std::string actor = "unknown";  ///< free text label, e.g. "NotPetya (state actor)"
  Intent intent = Intent::sabotage;
  std::vector<std::string> targets;  ///< node ids, attacked in this order
  double at_h = 0.0;                 ///< first target attacked (drawn per replication if uncertain)
  kernel::Distribution stagger_h;    ///< between successive targets (a campaign)
  double success_probability = 1.0;  ///< per target, before warnings
  bool spread = true;                ///< spreads laterally over edges (never for outage, ddos)
  double level = 0.0;                ///< operational level while hit (vendor_compromise, ddos)
  double duration_h = 0.0;           ///< platform_outage, ddos: how long
  std::vector<Index> data_classes;   ///< exfiltration: what the actor is after (empty: all)
  /// Replaces the recovery of the nodes it names: stages in file order (empty: recovery as
  /// cyber.response says).
  std::vector<RestorationStage> restoration;
  /// A terminal whose quay it stops announces the outage this long after the hit
  /// (nothing: lines learn of it only by waiting) ...
  std::optional<double> announce_after_h;
  /// ... expecting it to last this much longer; it announces again, as long again,
  /// each time that passes with the quay still stopped.
  double expected_duration_h = 24.0;
};

struct Cyber {
  std::array<EdgeSpread, 5> spread;  ///< by DependencyType
  NodeResponse default_response;
  std::vector<std::pair<std::string, NodeResponse>> response;  ///< by graph node kind name
  std::vector<DataClass> data_classes;
  std::vector<CyberProfile> profiles;
  std::vector<Incident> incidents;
  // reporting rules (see cyber/reporting.hpp)
  double interruption_level = 0.5;  ///< a level at or below this is an interruption
  double continuity_h = 24.0;       ///< an essential entity interrupted this long endangers continuity
  double report_delay_h = 12.0;     ///< detection to report, unless a profile says otherwise
};

struct Defences {
  bool manual_fallback = true;  ///< terminals (not automated) and the PCS switch to manual mode
  double switch_over_h = 4.0;   ///< detection to manual mode
  double manual_level = 0.5;    ///< customs, port authority, operators, companies in manual mode
  bool backups = false;         ///< restore from backups instead of rebuilding
  kernel::Distribution backup_restore_h = kernel::Deterministic(48.0);  ///< containment to restored, with backups
  bool segmentation = false;                                            ///< cut spread over `segmentation_cuts` edges
  std::vector<DependencyType> segmentation_cuts;
  VendorAccess vendor_access = VendorAccess::open;
  double restricted_factor = 0.2;  ///< remote-access spread probability x this when restricted
  bool information_sharing = false;
  std::optional<double> membership;    ///< fraction of candidate organisations that are members (drawn per replication)
  double report_within_h = 4.0;        ///< a member reports to the desk this long after detection
  double warning_delay_h = 1.0;        ///< report to warning to every member
  double susceptibility_factor = 0.3;  ///< a warned member: spread and attack probabilities x this
  double detection_factor = 0.5;       ///< a warned member: remaining detection time x this
};

/// A dynamic inoperability input-output model (metrics/diim.hpp) over sectors.
/// One step of a sector's given perturbation: c* from `at_h` on, until the next step.
struct PerturbationStep {
  double at_h = 0.0;
  double c = 0.0;
};

struct Sector {
  std::string id;
  std::string name;
  double output_eur_per_h = 0.0;   ///< as-planned output x_i
  double recovery_h = 720.0;       ///< tau_i: time to recover to lambda of the initial inoperability
  double resilience_per_h = 0.0;   ///< k_i given directly (a published case's K); 0: from tau_i and lambda
  std::vector<std::string> nodes;  ///< nodes whose operational loss is this sector's direct loss
  /// c* given directly (a published case's, or a demand shock the port model has not), in time
  /// order; added to what the driver gives (metrics/cascade.hpp: DIIM DRIVERS).
  std::vector<PerturbationStep> perturbation{};
};
/// What drives a sector's direct inoperability c* (metrics/cascade.hpp: DIIM DRIVERS).
enum class EconomyDriver : std::uint8_t {
  throughput,  ///< the output its nodes lost against the baseline run, weighted by their flow
  levels,      ///< 1 - the mean operational level of its nodes (the capacity the incidents removed)
};
PORTTWIN_ENUM_WORDS(EconomyDriver, "throughput", "levels");

struct Economy {
  EconomyDriver driver = EconomyDriver::throughput;
  double window_h = 24.0;  ///< throughput: the centred window over which output is compared
  std::vector<Sector> sectors;
  /// A*: (i, j, a) means sector i's inoperability rises by a per unit of sector j's.
  struct Coefficient {
    Index sector = 0;
    Index depends_on = 0;
    double value = 0.0;
  };
  std::vector<Coefficient> interdependency;
  double lambda = 0.01;  ///< residual fraction at tau_i for the resilience coefficients
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;  ///< path it was read from, "" for a string
  std::string base_file;    ///< the file its `base:` named, "" if none
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
  Cyber cyber;
  Defences defences;
  Economy economy;
};

#undef PORTTWIN_ENUM_WORDS

/// The words of enum E, in its order ("containers", "dry_bulk", ...).
template <class E>
inline constexpr const auto& words_of = EnumWords<E>::words;

/// The word the scenario file spells `value` with (e.g. "dry_bulk", "remote_access").
template <class E>
requires requires { EnumWords<E>::words; }
[[nodiscard]] constexpr std::string_view to_string(E value) noexcept {
  const auto i = static_cast<std::size_t>(value);
  return i < words_of<E>.size() ? words_of<E>[i] : std::string_view("?");
}
/// The unit cargo of this kind is counted in: "moves", "t" or "units".
[[nodiscard]] std::string_view cargo_unit(CargoKind kind) noexcept;
/// "<terminal>.<key>", as the scenario layer writes the ids of a terminal's
/// equipment and parts; a bare key (a hand-made Scenario) is qualified the same way.
[[nodiscard]] std::string equipment_id(const Terminal& terminal, std::string_view key);
/// Whether the scenario disrupts anything: it has cyber incidents, or it gives an economic
/// sector a perturbation. A disrupted scenario runs a baseline beside it and has the
/// cascade's figures (run/scenario_run.hpp).
[[nodiscard]] bool disrupted(const Scenario& s) noexcept;
/// The unit a terminal of this cargo counts its yard in, and the terminal figures
/// (run/figures.hpp) its cargo: "TEU" for containers, else cargo_unit's.
[[nodiscard]] std::string_view yard_unit(CargoKind kind) noexcept;
/// Every id a capacity change may name (a node with a level in the port
/// model): each terminal, its parts, crane groups, yard blocks, gates and
/// systems (qualified by equipment_id), the PCS, customs, the port authority,
/// hinterland operators and companies. One list for the scenario layer's
/// check and the port model's refusal.
[[nodiscard]] std::vector<std::string> changeable_ids(const Scenario& s);
/// A terminal's part named "<terminal>.<part>" (its terminal's index and the
/// part), or nothing when `id` names no part.
struct PartRef {
  Index terminal = kNone;
  TerminalPart part = TerminalPart::quay;
};
[[nodiscard]] std::optional<PartRef> terminal_part(const Scenario& s, std::string_view id);
/// What changeable_ids holds, in words, for messages.
inline constexpr std::string_view kChangeableKinds =
    "a terminal, its part (quay, yard, gates, rail, barge), system, crane group, yard block or gate, a hinterland "
    "operator, company, the PCS, customs or the port authority";

}  // namespace porttwin::scenario
