// Turning the checked YAML tree into the plain Scenario structs: values read
// through the parameter table (reader.hpp), ids resolved to indices, and the
// checks that relate several values (references, shares, a vessel class that
// no berth can take). One pass both validates (nominal values: fixed values,
// midpoints of ranges, means of distributions) and instantiates a replication
// (sampled values). Internal to the scenario layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "files.hpp"
#include "porttwin/scenario/document.hpp"
#include "porttwin/scenario/scenario.hpp"
#include "reader.hpp"
#include "yaml_tree.hpp"

namespace porttwin::scenario::detail {

struct BuildOptions {
  std::vector<std::string> sources;          ///< diagnostic file names by Mark::source
  std::string base_dir = ".";                ///< CSV paths are relative to it (the base's to the base's directory)
  FileAccess access;                         ///< where CSV files may be (files.hpp)
  std::string source_file;                   ///< Scenario::source_file
  std::string base_file;                     ///< Scenario::base_file
  std::optional<std::uint32_t> replication;  ///< empty: the nominal scenario
};

struct BuildResult {
  Scenario scenario;
  std::vector<Diagnostic> problems;  ///< sorted by file position, duplicates removed
};

[[nodiscard]] BuildResult build_scenario(const Node& root, const BuildOptions& options);

/// An id -> index map that remembers where each id was declared.
struct IdTable {
  explicit IdTable(std::string what) : kind(std::move(what)) {}

  std::string kind;  ///< "zones", "terminals", ... (for messages)
  std::unordered_map<std::string, Index> index;
  /// The ids, sorted (for messages and suggestions); sorted again only when
  /// ids were added since, so that many bad references cost one sort.
  const std::vector<std::string_view>& ids() const;

 private:
  mutable std::vector<std::string_view> sorted_;
  mutable std::size_t sorted_size_ = 0;
};

/// What the builders share while they fill the Scenario.
struct Build {
  Build(Reader& reader, Scenario& scenario, const BuildOptions& build_options, bool draws)
      : rd(reader), s(scenario), options(build_options), sampled(draws) {}

  Reader& rd;
  Scenario& s;
  const BuildOptions& options;
  bool sampled = false;

  IdTable zones{"zones"};
  IdTable vendors{"vendors"};
  IdTable lines{"shipping_lines"};
  IdTable platforms{"data_platforms"};
  IdTable terminals{"terminals"};
  IdTable hinterland{"hinterland"};
  IdTable companies{"companies"};
  IdTable streams{"traffic.arrivals"};
  IdTable classes{"traffic.vessel_classes"};

  /// Every node id (top-level nodes and <terminal>.<equipment>), where declared.
  struct NodeId {
    std::string path;
    Mark mark;
  };
  std::unordered_map<std::string, NodeId> node_ids;
  std::unordered_map<std::string, NodeId> zone_ids;  ///< zones: graph nodes, not targets
  std::vector<std::string> node_id_order;
  /// node_id_order as views, for suggestions (rebuilt when ids were added).
  const std::vector<std::string_view>& node_id_list();

  std::vector<Mark> stream_marks;  ///< where each arrival stream is declared
  /// A parameter's place, for problems found once everything is read.
  struct Place {
    Mark mark;
    std::string path;
  };
  Place horizon;                           ///< settings.horizon (its section, when absent)
  std::vector<Place> terminal;             ///< each terminal's entry
  std::vector<Place> stream_count;         ///< what sets each stream's arrivals: rate, period or times, file
  std::vector<Place> call_size;            ///< each vessel class's call_size
  std::vector<CargoUnit> hinterland_unit;  ///< cargo unit of each operator's capacity
  std::vector<CargoUnit> company_unit;     ///< cargo unit of each company's consumption
  bool incomplete_berths = false;          ///< a berth's length or depth could not be read
  bool incomplete_classes = false;         ///< a class's stream reference could not be read
  std::size_t berths = 0;                  ///< berths so far, after count expansion
  std::size_t cranes = 0;                  ///< cranes so far
  std::size_t class_terminals = 0;         ///< (vessel class, terminal) pairs so far

 private:
  std::vector<std::string_view> node_id_views_;

 public:
  /// The index of `id` in `table`, or kNone with a problem at `at`.
  Index resolve(const IdTable& table, const std::string& id, const Node& at, const std::string& path);
  /// Records a node id; a second use is a problem.
  void declare_node(const std::string& id, const std::string& path, const Mark& at);
};

// The parts, in the order build_scenario calls them (build_port.cpp,
// build_traffic.cpp).
void build_settings(Build& b, const Where& root);
void build_organisations(Build& b, const Where& root);
void build_terminals(Build& b, const Where& root);
void build_hinterland(Build& b, const Where& root);
void build_traffic(Build& b, const Where& root);
void build_dependencies(Build& b, const Where& root);
void build_capacity_changes(Build& b, const Where& root);
/// cyber, defences and economy (build_cyber.cpp).
void build_cyber(Build& b, const Where& root);
/// The events the scenario implies, against the ceiling (build_workload.cpp).
void check_workload(Build& b);

}  // namespace porttwin::scenario::detail
