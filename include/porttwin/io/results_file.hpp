// The results file's generic machinery (docs/results-format.md): a Layout
// says which variables a file holds (groups, dimensions, types, units), a
// Record holds one replication's values of every per-replication variable,
// and two writers move records around:
//
//   write_shard / read_shard   one replication in a small file of its own
//   (shard_bytes)              (made in memory, written whole or not at all
//                              by io::write_file_atomically), stamped with
//                              its run and checksummed;
//   ResultsWriter              the netCDF-4-compatible file (or one group of
//                              it, for a sweep point): coordinates as
//                              dimension scales, chunked and compressed
//                              variables, records written at their
//                              replication's row, ensemble statistics
//                              computed from the file a block at a time.
//
// This layer knows nothing of ports: run/results.hpp builds the layout and
// the records from a scenario and its runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/io/hdf5.hpp"

namespace porttwin::io {

/// One variable of the file.
struct Variable {
  std::string group;  ///< "kpi", "timeseries", "events", "nodes", "graph"
  std::string name;
  std::vector<std::string> dims;  ///< per-replication variables start with "replication"; ragged ones with their own
  h5::Type type = h5::Type::f64;
  std::string units;
  std::string long_name;
  std::string description;
  std::string kind;                                             ///< timeseries: "level", "tally" or "state"
  std::vector<std::pair<std::string, std::string>> attributes;  ///< further string attributes
  std::vector<std::int8_t> flag_values;                         ///< with a flag_meanings attribute
  /// Ragged (event-like): its first dimension grows by a different number of
  /// entries per replication, the replications' entries one after another.
  bool ragged = false;
  /// A categorical state (flag_values): the ensemble statistics keep, at each
  /// time, the share of replications whose value is one of `of`, as a
  /// variable of this name (no name: the usual statistics).
  struct Share {
    std::string name;
    std::string long_name;
    std::string description;
    std::vector<std::int8_t> of;
  } share;

  [[nodiscard]] bool per_replication() const { return !dims.empty() && (dims.front() == "replication" || ragged); }
  [[nodiscard]] bool is_event() const { return ragged; }
  /// A key figure: one value per replication in /kpi (not a terminal figure or a unit table).
  [[nodiscard]] bool is_key_figure() const {
    return group == "kpi" && dims.size() == 1 && dims.front() == "replication";
  }
};

/// Values of one variable, in the member that matches its type.
struct Column {
  std::vector<double> f64;
  std::vector<std::int64_t> i64;
  std::vector<std::int8_t> i8;
  std::vector<std::string> str;

  [[nodiscard]] std::size_t size(h5::Type type) const;
};

/// A coordinate (dimension scale): numbers or strings.
struct Coordinate {
  std::string name;
  h5::Type type = h5::Type::f64;
  Column values;
  std::string units;
  std::string long_name;
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct Layout {
  std::vector<Coordinate> coordinates;  ///< every dimension but replication and event
  std::vector<Variable> variables;      ///< in file order
  std::vector<Column> fixed;            ///< values of the variables that are not per replication (else empty)

  /// Length of a dimension (not replication or event). Throws for an unknown one.
  [[nodiscard]] std::size_t extent(const std::string& dim) const;
  /// Values per replication of a variable (the product of its other dimensions).
  [[nodiscard]] std::size_t slice(const Variable& variable) const;
  /// Index of a variable, or throws.
  [[nodiscard]] std::size_t index(const std::string& group, const std::string& name) const;
};

/// One replication: a column per variable of the layout (fixed ones empty);
/// event-like columns have any length (the same for every column of one dimension).
struct Record {
  std::uint32_t replication = 0;
  std::vector<Column> columns;
};

/// What a shard belongs to: a fingerprint of its run (e.g. a hash of the
/// scenario, seed, overrides and format) and the fields it was made from, so
/// that a shard of another run is refused saying what differs.
struct ShardIdentity {
  std::string fingerprint;
  std::vector<std::pair<std::string, std::string>> fields;  ///< name, value
};

/// Writes a record to `path` whole or not at all (shard_bytes, then
/// io::write_file_atomically), stamped with its run.
void write_shard(const std::string& path, const Layout& layout, const Record& record, const ShardIdentity& identity);
/// Reads a record written by write_shard; checks it belongs to `identity`'s
/// run and matches the layout. Throws IoError otherwise (naming the file).
[[nodiscard]] Record read_shard(const std::string& path, const Layout& layout, const ShardIdentity& identity);
/// Reads a shard through (its checksums included) and checks its run and
/// replication, keeping nothing: throws IoError for a shard that is cut
/// short, damaged, of another run or another replication.
void check_shard(const std::string& path, const Layout& layout, const ShardIdentity& identity,
                 std::uint32_t replication);
/// The bytes of the file write_shard would write (made in memory), to send
/// to the process that joins (MPI rank 0).
[[nodiscard]] std::vector<unsigned char> shard_bytes(const Layout& layout, const Record& record,
                                                     const ShardIdentity& identity);
/// Reads a record from shard bytes; `name` is for messages.
[[nodiscard]] Record read_shard_bytes(std::span<const unsigned char> bytes, const std::string& name,
                                      const Layout& layout, const ShardIdentity& identity);

/// Memory the writer may keep for ensemble statistics instead of reading back.
inline constexpr std::size_t kCacheBytes = std::size_t{256} << 20;

/// Writes the groups of one run into `root` ("/" or a sweep point's group).
class ResultsWriter {
 public:
  /// Creates every group, coordinate and variable for `replications`
  /// (the replication numbers, one row each, in this order).
  ResultsWriter(const h5::Handle& file, const std::string& root, const Layout& layout,
                std::vector<std::uint32_t> replications, std::size_t cache_bytes = kCacheBytes);

  /// Writes a record at its replication's row; events are appended.
  void write(const Record& record);

  /// Computes /ensemble from what was written (every row must be).
  void write_ensemble();

  /// Closes every dataset it holds, so that a write that fails only then
  /// (the disk is full) is an IoError here instead of lost in a destructor.
  void close();

 private:
  const Layout* layout_;
  std::vector<std::uint32_t> replications_;
  h5::Handle root_;
  std::vector<h5::Handle> datasets_;  ///< per variable (per-replication ones)
  /// Event-like dimensions: entries written so far and their coordinate.
  std::map<std::string, std::uint64_t> ragged_count_;
  std::map<std::string, h5::Handle> ragged_coordinate_;
  /// The time series as written, [variable][row * slice + k], kept when all
  /// of them fit kCacheBytes, so the ensemble statistics need not read them
  /// back and inflate them again (empty: read back a block at a time).
  std::vector<std::vector<double>> cache_;
};

/// The newest results-file format this porttwin reads (root attribute format_version).
inline constexpr std::int64_t kResultsFormatVersion = 2;  // 2: terminal figures in /kpi, not /nodes

/// Opens a results file for reading, with the checks every reader (report,
/// compare, Python) relies on: an HDF5 file whose root attribute `complete`
/// is 1, of a format this porttwin reads, a run or a sweep whose groups hold
/// one row per replication in every per-replication variable. Throws IoError
/// naming the file and what is wrong. (Damaged values are found when read:
/// their checksums fail, naming the variable.)
[[nodiscard]] h5::Handle open_results(const std::string& path);

/// Reads every dataset of an HDF5 file through, keeping nothing: the chunks
/// of checksummed ones as stored (each checksum checked, none missing), the
/// values of the others a block at a time. Throws IoError naming the first
/// dataset that does not read back.
void read_through(const std::string& path);

/// A results file open for reading, with the checks every reader makes
/// (open_results) and checked accessors by path ("kpi/teu_handled",
/// "point_002/timeseries/time"). Callers hold h5::lock() while using it.
class ResultsReader {
 public:
  explicit ResultsReader(const std::string& path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const h5::Handle& handle() const { return file_; }
  [[nodiscard]] bool has(const std::string& p) const;
  [[nodiscard]] bool has_group(const std::string& p) const;
  /// The dataset at `p`; IoError naming the file when it is not there.
  [[nodiscard]] h5::Handle dataset(const std::string& p) const;
  [[nodiscard]] std::vector<std::uint64_t> shape(const std::string& p) const;
  [[nodiscard]] std::vector<double> doubles(const std::string& p, const std::vector<std::uint64_t>& offset = {},
                                            const std::vector<std::uint64_t>& count = {}) const;
  [[nodiscard]] std::vector<std::int64_t> ints(const std::string& p) const;
  [[nodiscard]] std::vector<std::string> strings(const std::string& p, const std::vector<std::uint64_t>& offset = {},
                                                 const std::vector<std::uint64_t>& count = {}) const;
  /// The members of a group (none when it is not there).
  [[nodiscard]] std::vector<std::string> members(const std::string& group) const;
  /// A string attribute of the object at `p` ("" or "/": the root; "" when absent).
  [[nodiscard]] std::string text(const std::string& p, const std::string& name) const;
  [[nodiscard]] std::optional<std::int64_t> integer(const std::string& p, const std::string& name) const;
  /// Index of each entry of a string coordinate (e.g. statistic: mean -> 0).
  [[nodiscard]] std::map<std::string, std::size_t> positions(const std::string& p) const;

 private:
  [[nodiscard]] h5::Handle open_object(const std::string& p) const;
  std::string path_;
  h5::Handle file_;
};

/// The key figures of one run in a results file: `group` "" for a plain run,
/// or a sweep point's group ("point_002").
struct KpiTable {
  std::string path;
  std::string group;
  std::string title;
  std::string scenario_sha256;
  std::int64_t seed = 0;
  std::vector<std::int64_t> replications;
  std::vector<std::string> names;
  std::vector<std::string> units;
  std::vector<std::vector<double>> columns;  ///< [figure][replication]
};
[[nodiscard]] KpiTable read_kpi(const std::string& path, const std::string& group = "");

}  // namespace porttwin::io
