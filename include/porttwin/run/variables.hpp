// The results variables of a scenario, declared once (docs/results-format.md):
// a row per variable with its group, name, dimensions, type, units, words and
// kind, when a scenario has it, and how its values come from one replication
// (or, for a variable that is the same in every replication, from the
// scenario). results_layout() and results_record() iterate the rows, and the
// key-figure table (run/figures.hpp) for /kpi; io/ writes whatever a layout
// holds. A new variable is one row.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/io/results_file.hpp"
#include "porttwin/run/scenario_run.hpp"

namespace porttwin::run {

/// Which scenarios have a variable.
enum class Presence : std::uint8_t {
  always,
  series,           ///< settings.sample_interval > 0
  incident_series,  ///< series, and incidents
  economy_series,   ///< series, incidents and economic sectors
  incidents,
  economy,    ///< incidents and economic sectors
  companies,  ///< dependent companies
};

/// What decides a scenario's variables and their fixed values.
struct LayoutContext {
  const scenario::Scenario& scenario;
  const graph::PortGraph& graph;
};

/// One replication being turned into its record (see variables.cpp).
class Replication;

struct VariableRow {
  std::string_view group;  ///< "timeseries", "events", "vessels", "nodes", "graph"
  std::string_view name;
  std::array<std::string_view, 3> dims;  ///< in order; empty ones unused
  io::h5::Type type;
  std::string_view units;  ///< "@yard_unit": per terminal, the values of that variable of the group
  std::string_view long_name;
  std::string_view description;
  std::string_view kind;  ///< timeseries: level, tally or state
  Presence presence;
  /// Per replication: appends the replication's values (row-major over the
  /// dimensions after `replication`, or its entries of an event-like one).
  void (*fill)(const Replication&, io::Column&) = nullptr;
  /// The same in every replication: the values, from the scenario.
  io::Column (*fixed)(const LayoutContext&) = nullptr;
  std::string_view flag_meanings = {};  ///< a categorical state: the words of values 0, 1, ...
  /// A categorical state's ensemble statistic: the share of replications in
  /// some of its states (io::Variable::Share; `of` as words of flag_meanings).
  struct Share {
    std::string_view name, long_name, description, of;
  } share = {};
};

/// Every variable but the key figures, in file order.
[[nodiscard]] std::span<const VariableRow> variable_rows();

/// The layout of a scenario's results (its coordinates, the key figures it
/// has and the variables whose presence it meets).
[[nodiscard]] io::Layout results_layout(const scenario::Scenario& scenario, const graph::PortGraph& graph);

/// One replication's record for `layout`.
[[nodiscard]] io::Record results_record(const io::Layout& layout, const scenario::Scenario& scenario,
                                        const graph::PortGraph& graph, const ScenarioRun& run,
                                        std::uint32_t replication);

}  // namespace porttwin::run
