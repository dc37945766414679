// See io/results_file.hpp and docs/results-format.md.
#include "porttwin/io/results_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string_view>

#include "porttwin/io/files.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/metrics/statistics.hpp"

namespace porttwin::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Values read at once when computing ensemble statistics (bounds memory).
constexpr std::size_t kBlockValues = std::size_t{1} << 22;
/// Target values per chunk.
constexpr std::size_t kChunkValues = std::size_t{1} << 16;

/// Whether `dim` is the first dimension of a ragged variable of the layout.
bool ragged_dim(const Layout& layout, const std::string& dim) {
  for (const Variable& v : layout.variables) {
    if (v.ragged && v.dims.front() == dim) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 5> kSeriesStatistics{"mean", "std", "q05", "q50", "q95"};

void set_common_attributes(const h5::Handle& d, const std::string& units, const std::string& long_name,
                           const std::string& description, const std::string& kind,
                           const std::vector<std::pair<std::string, std::string>>& attributes) {
  if (!units.empty()) h5::set_attribute(d, "units", units);
  if (!long_name.empty()) h5::set_attribute(d, "long_name", long_name);
  if (!description.empty()) h5::set_attribute(d, "description", description);
  if (!kind.empty()) h5::set_attribute(d, "kind", kind);
  for (const auto& [key, value] : attributes) h5::set_attribute(d, key, value);
}

void write_column(const h5::Handle& d, h5::Type type, const Column& c, const std::vector<std::uint64_t>& offset = {},
                  const std::vector<std::uint64_t>& count = {}) {
  switch (type) {
    case h5::Type::f64: h5::write(d, std::span<const double>(c.f64), offset, count); break;
    case h5::Type::i64: h5::write(d, std::span<const std::int64_t>(c.i64), offset, count); break;
    case h5::Type::i8: h5::write(d, std::span<const std::int8_t>(c.i8), offset, count); break;
    case h5::Type::str: h5::write(d, std::span<const std::string>(c.str), offset, count); break;
  }
}

Column read_column(const h5::Handle& d, h5::Type type) {
  Column c;
  switch (type) {
    case h5::Type::f64: c.f64 = h5::read_doubles(d); break;
    case h5::Type::i64: c.i64 = h5::read_ints(d); break;
    case h5::Type::i8: c.i8 = h5::read_int8s(d); break;
    case h5::Type::str: c.str = h5::read_strings(d); break;
  }
  return c;
}

/// Chunk shape for a dataset of `shape`: one row of the first dimension,
/// then as much of the second as fits kChunkValues with the rest whole.
std::vector<std::uint64_t> chunk_for(const std::vector<std::uint64_t>& shape, bool first_is_row) {
  std::vector<std::uint64_t> chunk(shape.size(), 1);
  if (shape.empty()) return chunk;
  if (shape.size() == 1) {
    chunk[0] = std::clamp<std::uint64_t>(shape[0], 1, kChunkValues);
    return chunk;
  }
  std::uint64_t inner = 1;
  for (std::size_t i = 2; i < shape.size(); ++i) {
    chunk[i] = std::max<std::uint64_t>(shape[i], 1);
    inner *= chunk[i];
  }
  chunk[0] = first_is_row ? 1 : std::max<std::uint64_t>(shape[0], 1);
  chunk[1] = std::clamp<std::uint64_t>(kChunkValues / std::max<std::uint64_t>(inner * chunk[0], 1), 1,
                                       std::max<std::uint64_t>(shape[1], 1));
  return chunk;
}

}  // namespace

std::size_t Column::size(h5::Type type) const {
  switch (type) {
    case h5::Type::f64: return f64.size();
    case h5::Type::i64: return i64.size();
    case h5::Type::i8: return i8.size();
    case h5::Type::str: return str.size();
  }
  return 0;
}

std::size_t Layout::extent(const std::string& dim) const {
  for (const Coordinate& c : coordinates) {
    if (c.name == dim) return c.values.size(c.type);
  }
  throw std::invalid_argument("results layout: no dimension '" + dim + "'");
}

std::size_t Layout::slice(const Variable& v) const {
  std::size_t n = 1;
  for (std::size_t i = v.per_replication() ? 1 : 0; i < v.dims.size(); ++i) n *= extent(v.dims[i]);
  return n;
}

std::size_t Layout::index(const std::string& group, const std::string& name) const {
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].group == group && variables[i].name == name) return i;
  }
  throw std::invalid_argument("results layout: no variable " + group + "/" + name);
}

// ---- reading ------------------------------------------------------------------

namespace {

/// One run's groups (the root's, or a sweep point's) hold what readers
/// index by: one row per replication in every per-replication variable, and
/// event-like variables as long as their coordinate.
void check_run_group(const h5::Handle& file, const std::string& path, const std::string& base) {
  const std::string kpi = base + "kpi";
  if (!h5::is_group(file, kpi) || !h5::exists(file, kpi + "/replication")) {
    throw IoError(path + ": no /" + kpi + "/replication (a damaged or foreign file)");
  }
  const std::vector<std::uint64_t> rows = h5::shape(h5::open_dataset(file, kpi + "/replication"));
  if (rows.size() != 1) throw IoError(path + ": /" + kpi + "/replication is not a list of replications");
  for (const char* group : {"kpi", "kpi/terminals", "timeseries", "events", "vessels", "nodes"}) {
    const std::string g = base + group;
    if (!h5::is_group(file, g)) continue;
    std::map<std::string, std::uint64_t> ragged;  // event-like coordinate -> length
    const h5::Handle handle = h5::open_group(file, g);
    for (const std::string& name : h5::members(handle)) {
      if (h5::is_group(handle, name)) continue;
      const h5::Handle d = h5::open_dataset(handle, name);
      const std::vector<std::uint64_t> shape = h5::shape(d);
      std::vector<std::string> dims = h5::dimension_names(d);
      if (dims.empty()) dims.emplace_back();  // a scalar: only the kpi rule applies
      const std::string where = path + ": /" + g + "/" + name;
      if (std::string_view(group) == "kpi" && (shape.size() != 1 || shape.front() != rows.front())) {
        throw IoError(where + " does not have one value per replication (" + std::to_string(rows.front()) +
                      "): a damaged file");
      }
      if (dims.front() == "replication" && shape.front() != rows.front()) {
        throw IoError(where + " has " + std::to_string(shape.front()) + " rows for " + std::to_string(rows.front()) +
                      " replications (a damaged file)");
      }
      if (h5::extendable(d) && !dims.front().empty()) {  // ragged: every variable of a dimension as long
        const auto [it, added] = ragged.emplace(dims.front(), shape.front());
        if (!added && it->second != shape.front()) {
          throw IoError(where + " has " + std::to_string(shape.front()) + " entries where the other " + dims.front() +
                        " variables have " + std::to_string(it->second) + " (a damaged file)");
        }
      }
    }
  }
}

}  // namespace

h5::Handle open_results(const std::string& path) {
  const std::lock_guard guard(h5::lock());
  h5::Handle file = h5::open_file(path);
  if (!h5::has_attribute(file, "complete")) {
    throw IoError(path + ": not a porttwin results file (no 'complete' attribute)");
  }
  if (h5::int_attribute(file, "complete") != 1) {
    throw IoError(path + ": not a complete porttwin results file (the run did not finish; see --resume)");
  }
  if (!h5::has_attribute(file, "porttwin_version")) {
    throw IoError(path + ": not a porttwin results file (no 'porttwin_version' attribute)");
  }
  if (!h5::has_attribute(file, "format_version")) throw IoError(path + ": no format_version attribute");
  const std::int64_t version = h5::int_attribute(file, "format_version");
  if (version < 1 || version > kResultsFormatVersion) {
    throw IoError(path + ": results format " + std::to_string(version) +
                  (version > kResultsFormatVersion ? ", newer than" : ", not one") + " this porttwin reads (1 to " +
                  std::to_string(kResultsFormatVersion) + "): use the porttwin that wrote it");
  }
  const std::string kind = h5::has_attribute(file, "kind") ? h5::string_attribute(file, "kind") : "";
  if (kind == "run") {
    check_run_group(file, path, "");
  } else if (kind == "sweep") {
    if (!h5::exists(file, "sweep/group")) throw IoError(path + ": a sweep without /sweep/group (a damaged file)");
    for (const std::string& point : h5::read_strings(h5::open_dataset(file, "sweep/group"))) {
      if (point.empty() || point.find('/') != std::string::npos || !h5::is_group(file, point)) {
        throw IoError(path + ": /sweep/group names a point group that is not there (a damaged file)");
      }
      check_run_group(file, path, point + "/");
    }
  } else {
    throw IoError(path + ": root attribute kind is '" + kind.substr(0, 40) + "', expected run or sweep");
  }
  return file;
}

namespace {

void read_group_through(const h5::Handle& group) {
  for (const std::string& name : h5::members(group)) {
    if (h5::is_group(group, name)) {
      read_group_through(h5::open_group(group, name));
      continue;
    }
    const h5::Handle d = h5::open_dataset(group, name);
    if (h5::verify_chunks(d)) continue;  // every chunk as stored, its checksum checked
    const std::vector<std::uint64_t> shape = h5::shape(d);
    const h5::Type type = h5::type(d);
    // Rows of the first dimension at a time, about kBlockValues values.
    std::uint64_t inner = 1;
    for (std::size_t k = 1; k < shape.size(); ++k) inner *= std::max<std::uint64_t>(shape[k], 1);
    if (shape.empty() || shape.front() * inner <= kBlockValues) {
      (void)read_column(d, type);
      continue;
    }
    const std::uint64_t rows = std::max<std::uint64_t>(1, kBlockValues / inner);
    for (std::uint64_t r0 = 0; r0 < shape.front(); r0 += rows) {
      std::vector<std::uint64_t> offset(shape.size(), 0), count(shape);
      offset[0] = r0;
      count[0] = std::min(rows, shape.front() - r0);
      switch (type) {
        case h5::Type::str: (void)h5::read_strings(d, offset, count); break;
        default: (void)h5::read_doubles(d, offset, count); break;
      }
    }
  }
}

}  // namespace

void read_through(const std::string& path) {
  const std::lock_guard guard(h5::lock());
  const h5::Handle file = h5::open_file(path);
  read_group_through(h5::open_group(file, "/"));
}

// ---- the reader --------------------------------------------------------------------

ResultsReader::ResultsReader(const std::string& path) : path_(path), file_(open_results(path)) {}

bool ResultsReader::has(const std::string& p) const { return h5::exists(file_, p); }
bool ResultsReader::has_group(const std::string& p) const { return h5::is_group(file_, p); }

h5::Handle ResultsReader::dataset(const std::string& p) const {
  if (!has(p)) throw IoError(path_ + ": no /" + p + " (not a porttwin results file, or a damaged one)");
  return h5::open_dataset(file_, p);
}

std::vector<std::uint64_t> ResultsReader::shape(const std::string& p) const { return h5::shape(dataset(p)); }

std::vector<double> ResultsReader::doubles(const std::string& p, const std::vector<std::uint64_t>& offset,
                                           const std::vector<std::uint64_t>& count) const {
  return h5::read_doubles(dataset(p), offset, count);
}

std::vector<std::int64_t> ResultsReader::ints(const std::string& p) const { return h5::read_ints(dataset(p)); }

std::vector<std::string> ResultsReader::strings(const std::string& p, const std::vector<std::uint64_t>& offset,
                                                const std::vector<std::uint64_t>& count) const {
  return h5::read_strings(dataset(p), offset, count);
}

std::vector<std::string> ResultsReader::members(const std::string& group) const {
  return has_group(group) ? h5::members(h5::open_group(file_, group)) : std::vector<std::string>{};
}

std::string ResultsReader::text(const std::string& p, const std::string& name) const {
  const h5::Handle object = open_object(p);
  return h5::has_attribute(object, name) ? h5::string_attribute(object, name) : std::string();
}

std::optional<std::int64_t> ResultsReader::integer(const std::string& p, const std::string& name) const {
  const h5::Handle object = open_object(p);
  if (!h5::has_attribute(object, name)) return std::nullopt;
  return h5::int_attribute(object, name);
}

std::map<std::string, std::size_t> ResultsReader::positions(const std::string& p) const {
  std::map<std::string, std::size_t> out;
  const std::vector<std::string> names = strings(p);
  for (std::size_t i = 0; i < names.size(); ++i) out.emplace(names[i], i);
  return out;
}

h5::Handle ResultsReader::open_object(const std::string& p) const {
  if (p.empty() || p == "/") return h5::open_group(file_, "/");
  return h5::is_group(file_, p) ? h5::open_group(file_, p) : dataset(p);
}

KpiTable read_kpi(const std::string& path, const std::string& group) {
  const std::lock_guard guard(h5::lock());
  const ResultsReader f(path);
  KpiTable t;
  t.path = path;
  t.group = group;
  t.title = f.text("", "title");
  t.scenario_sha256 = f.text("", "scenario_sha256");
  t.seed = f.integer("", "seed").value_or(0);
  const std::string kpi = group.empty() ? "kpi" : group + "/kpi";
  if (!f.has_group(kpi)) {
    std::string hint;
    if (f.text("", "kind") == "sweep") hint = " (a sweep file: choose a point, e.g. point_000; /sweep lists them)";
    throw IoError(path + ": no group /" + kpi + hint);
  }
  t.replications = f.ints(kpi + "/replication");
  for (const std::string& name : f.members(kpi)) {
    // The key figures: one value per replication (not the terminal figures or their unit table).
    if (name == "replication" || f.has_group(kpi + "/" + name)) continue;  // not the terminal figures
    t.names.push_back(name);
    t.units.push_back(f.text(kpi + "/" + name, "units"));
    t.columns.push_back(f.doubles(kpi + "/" + name));
  }
  return t;
}

// ---- shards -------------------------------------------------------------------

namespace {

// A shard holds a record in five datasets, whatever the number of variables
// (one dataset per variable made small replications slower to write and read
// than to simulate): "lengths", each variable's number of values in layout
// order (0 for those not per replication), and "f64", "i64", "i8" and "str",
// the values of the variables of that type one after another, and a checksum
// of them all (values_checksum). Root attributes: the replication, the
// format, and `run`, the run it belongs to (its fingerprint, then a line per
// field of the identity, to say what differs).
// 3: the run's identity; 2: five datasets; 1: a dataset per variable.
constexpr std::int64_t kShardFormat = 3;

/// The identity as one attribute's text: the fingerprint, then key=value lines
/// (one attribute, not one per field: attributes are costly to write).
std::string identity_text(const ShardIdentity& identity) {
  std::string text = identity.fingerprint + "\n";
  for (const auto& [key, value] : identity.fields) {
    std::string escaped;
    for (const char c : value)
      escaped += c == '\n' ? std::string("\\n") : c == '\\' ? std::string("\\\\") : std::string(1, c);
    text += key + "=" + escaped + "\n";
  }
  return text;
}

void stamp_shard(const h5::Handle& file, const ShardIdentity& identity, std::uint32_t replication) {
  h5::set_attribute(file, "replication", static_cast<std::int64_t>(replication));
  h5::set_attribute(file, "shard_format", kShardFormat);
  h5::set_attribute(file, "run", std::string_view(identity_text(identity)));
}

/// Throws IoError unless the open shard belongs to `identity`'s run and holds `replication`.
void check_stamp(const h5::Handle& file, const std::string& name, const ShardIdentity& identity,
                 std::optional<std::uint32_t> replication) {
  if (!h5::has_attribute(file, "shard_format") || h5::int_attribute(file, "shard_format") != kShardFormat) {
    throw IoError(name + ": not a shard of this porttwin's format (shard_format " +
                  (h5::has_attribute(file, "shard_format") ? std::to_string(h5::int_attribute(file, "shard_format"))
                                                           : std::string("missing")) +
                  ", expected " + std::to_string(kShardFormat) + ")");
  }
  const std::string stored = h5::has_attribute(file, "run") ? h5::string_attribute(file, "run") : "";
  const std::string expected = identity_text(identity);
  if (stored != expected) {
    // Say which fields differ: compare the key=value lines.
    const auto lines = [](const std::string& text) {
      std::vector<std::string> out;
      for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        out.push_back(text.substr(at, end - at));
        at = end + 1;
      }
      return out;
    };
    const std::vector<std::string> have = lines(stored);
    std::string differs;
    for (const std::string& line : lines(expected)) {
      const std::string key = line.substr(0, line.find('='));
      if (line.find('=') == std::string::npos) continue;  // the fingerprint
      if (std::find(have.begin(), have.end(), line) == have.end()) differs += (differs.empty() ? "" : ", ") + key;
    }
    throw IoError(name + ": a replication of another run (" + (differs.empty() ? "its run" : differs) +
                  " differ from this run's)");
  }
  if (replication && h5::int_attribute(file, "replication") != static_cast<std::int64_t>(*replication)) {
    throw IoError(name + ": holds replication " + std::to_string(h5::int_attribute(file, "replication")) + ", not " +
                  std::to_string(*replication));
  }
}

/// A 64-bit checksum of a shard's lengths and values (strings with their
/// lengths), eight bytes a step (FNV-1a's multiply, on words; byte by byte it
/// cost as much as writing the shard): a damaged shard is refused by name
/// instead of joined. Stored as the int64 with the same bits.
std::uint64_t values_checksum(const std::vector<std::int64_t>& lengths, const Column& all) {
  std::uint64_t h = 14695981039346656037ULL;
  const auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * 1099511628211ULL;
    h ^= h >> 29;
  };
  const auto bytes = [&mix](const void* data, std::size_t n) {
    mix(n);  // the length first: "ab" + "c" differs from "a" + "bc"
    if (n == 0) return;
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p + i, 8);
      mix(word);
    }
    if (i < n) {
      std::uint64_t tail = 0;
      std::memcpy(&tail, p + i, n - i);
      mix(tail);
    }
  };
  bytes(lengths.data(), lengths.size() * sizeof(std::int64_t));
  bytes(all.f64.data(), all.f64.size() * sizeof(double));
  bytes(all.i64.data(), all.i64.size() * sizeof(std::int64_t));
  bytes(all.i8.data(), all.i8.size());
  for (const std::string& text : all.str) bytes(text.data(), text.size());
  return h;
}

void fill_shard(const h5::Handle& file, const Layout& layout, const Record& record, const ShardIdentity& identity) {
  stamp_shard(file, identity, record.replication);
  Column all;
  std::vector<std::int64_t> lengths(layout.variables.size(), 0);
  for (std::size_t i = 0; i < layout.variables.size(); ++i) {
    const Variable& v = layout.variables[i];
    if (!v.per_replication()) continue;
    const Column& c = record.columns.at(i);
    const std::uint64_t n = c.size(v.type);
    if (!v.is_event() && n != layout.slice(v)) {
      throw std::logic_error("results record: " + v.group + "/" + v.name + " has " + std::to_string(n) +
                             " values, the layout " + std::to_string(layout.slice(v)));
    }
    lengths[i] = static_cast<std::int64_t>(n);
    switch (v.type) {
      case h5::Type::f64: all.f64.insert(all.f64.end(), c.f64.begin(), c.f64.end()); break;
      case h5::Type::i64: all.i64.insert(all.i64.end(), c.i64.begin(), c.i64.end()); break;
      case h5::Type::i8: all.i8.insert(all.i8.end(), c.i8.begin(), c.i8.end()); break;
      case h5::Type::str: all.str.insert(all.str.end(), c.str.begin(), c.str.end()); break;
    }
  }
  // Contiguous datasets (chunked ones made small shards 1.8x dearer to
  // write); the values' own checksum instead of HDF5's, over strings too.
  // Closed explicitly, so that a write that failed on closing is an error.
  h5::set_attribute(file, "values_checksum", static_cast<std::int64_t>(values_checksum(lengths, all)));
  h5::DatasetOptions options;
  options.compress = false;
  options.nan_fill = false;
  options.checksum = false;
  h5::Handle d = h5::create_dataset(file, "lengths", h5::Type::i64, {lengths.size()}, options);
  h5::write(d, std::span<const std::int64_t>(lengths));
  d.close();
  for (const auto& [name, type] : {std::pair{"f64", h5::Type::f64}, std::pair{"i64", h5::Type::i64},
                                   std::pair{"i8", h5::Type::i8}, std::pair{"str", h5::Type::str}}) {
    const std::uint64_t n = all.size(type);
    if (n == 0) continue;
    h5::Handle values = h5::create_dataset(file, name, type, {n}, options);
    write_column(values, type, all);
    values.close();
  }
}

Record read_record(const h5::Handle& file, const std::string& name, const Layout& layout,
                   const ShardIdentity& identity) {
  const auto other = [&](const std::string& why) { return IoError(name + ": " + why); };
  check_stamp(file, name, identity, std::nullopt);
  if (!h5::exists(file, "lengths")) throw other("no lengths dataset (damaged?)");
  Record record;
  record.replication = static_cast<std::uint32_t>(h5::int_attribute(file, "replication"));
  record.columns.resize(layout.variables.size());
  const std::vector<std::int64_t> lengths = h5::read_ints(h5::open_dataset(file, "lengths"));
  if (lengths.size() != layout.variables.size()) {
    throw other("holds " + std::to_string(lengths.size()) + " variables, the layout " +
                std::to_string(layout.variables.size()));
  }
  Column all;
  for (const auto& [dataset, type] : {std::pair{"f64", h5::Type::f64}, std::pair{"i64", h5::Type::i64},
                                      std::pair{"i8", h5::Type::i8}, std::pair{"str", h5::Type::str}}) {
    if (!h5::exists(file, dataset)) continue;
    Column c = read_column(h5::open_dataset(file, dataset), type);
    switch (type) {
      case h5::Type::f64: all.f64 = std::move(c.f64); break;
      case h5::Type::i64: all.i64 = std::move(c.i64); break;
      case h5::Type::i8: all.i8 = std::move(c.i8); break;
      case h5::Type::str: all.str = std::move(c.str); break;
    }
  }
  if (!h5::has_attribute(file, "values_checksum") ||
      static_cast<std::uint64_t>(h5::int_attribute(file, "values_checksum")) != values_checksum(lengths, all)) {
    throw other("the file is damaged (its values do not match their checksum)");
  }
  std::map<h5::Type, std::size_t> taken;      // values of each type handed out so far
  std::map<std::string, std::size_t> ragged;  // entries per event-like dimension
  for (std::size_t i = 0; i < layout.variables.size(); ++i) {
    const Variable& v = layout.variables[i];
    if (!v.per_replication()) continue;
    if (lengths[i] < 0) throw other("a negative length");
    const auto n = static_cast<std::size_t>(lengths[i]);
    if (v.is_event()) {
      const auto [it, added] = ragged.emplace(v.dims.front(), n);
      if (!added && it->second != n) throw IoError(name + ": " + v.dims.front() + " columns of different lengths");
    } else if (n != layout.slice(v)) {
      throw other(v.group + "/" + v.name + " has " + std::to_string(n) + " values, expected " +
                  std::to_string(layout.slice(v)));
    }
    std::size_t& at = taken[v.type];
    if (at + n > all.size(v.type)) throw other(v.group + "/" + v.name + " runs past the shard's values");
    Column& c = record.columns[i];
    const auto from = static_cast<std::ptrdiff_t>(at);
    const auto to = static_cast<std::ptrdiff_t>(at + n);
    switch (v.type) {
      case h5::Type::f64: c.f64.assign(all.f64.begin() + from, all.f64.begin() + to); break;
      case h5::Type::i64: c.i64.assign(all.i64.begin() + from, all.i64.begin() + to); break;
      case h5::Type::i8: c.i8.assign(all.i8.begin() + from, all.i8.begin() + to); break;
      case h5::Type::str: c.str.assign(all.str.begin() + from, all.str.begin() + to); break;
    }
    at += n;
  }
  for (const h5::Type type : {h5::Type::f64, h5::Type::i64, h5::Type::i8, h5::Type::str}) {
    if (taken[type] != all.size(type)) throw other("values left over");
  }
  return record;
}

}  // namespace

void write_shard(const std::string& path, const Layout& layout, const Record& record, const ShardIdentity& identity) {
  // Made in memory and written by the one atomic writer: whole or absent.
  write_file_atomically(path, shard_bytes(layout, record, identity));
}

Record read_shard(const std::string& path, const Layout& layout, const ShardIdentity& identity) {
  const std::lock_guard guard(h5::lock());
  h5::Handle file = h5::open_file(path);
  return read_record(file, path, layout, identity);
}

void check_shard(const std::string& path, const Layout& layout, const ShardIdentity& identity,
                 std::uint32_t replication) {
  const std::lock_guard guard(h5::lock());
  h5::Handle file = h5::open_file(path);
  check_stamp(file, path, identity, replication);
  // Every value read, so that its checksum is checked: a shard cut short or
  // damaged is found before anything runs, not at the join.
  (void)read_record(file, path, layout, identity);
}

std::vector<unsigned char> shard_bytes(const Layout& layout, const Record& record, const ShardIdentity& identity) {
  const std::lock_guard guard(h5::lock());
  h5::Handle file = h5::create_memory_file("replication-" + std::to_string(record.replication) + ".h5");
  fill_shard(file, layout, record, identity);
  return h5::file_image(file);
}

Record read_shard_bytes(std::span<const unsigned char> bytes, const std::string& name, const Layout& layout,
                        const ShardIdentity& identity) {
  const std::lock_guard guard(h5::lock());
  h5::Handle file = h5::open_file_image(bytes, name);
  return read_record(file, name, layout, identity);
}

// ---- the netCDF-4 file -------------------------------------------------------------

ResultsWriter::ResultsWriter(const h5::Handle& file, const std::string& root, const Layout& layout,
                             std::vector<std::uint32_t> replications, std::size_t cache_bytes)
    : layout_(&layout), replications_(std::move(replications)) {
  const std::lock_guard guard(h5::lock());
  root_ = root == "/" ? h5::open_group(file, "/") : h5::create_group(file, root);
  datasets_.resize(layout.variables.size());
  const auto rows = static_cast<std::uint64_t>(replications_.size());

  std::vector<std::string> groups;
  for (const Variable& v : layout.variables) {
    if (std::find(groups.begin(), groups.end(), v.group) == groups.end()) groups.push_back(v.group);
  }
  for (const std::string& name : groups) {
    h5::Handle group = h5::create_group(root_, name);
    // Coordinates first (netCDF-4 dimensions), in order of first use.
    std::map<std::string, h5::Handle> scales;
    for (std::size_t i = 0; i < layout.variables.size(); ++i) {
      const Variable& v = layout.variables[i];
      if (v.group != name) continue;
      for (const std::string& dim : v.dims) {
        if (scales.count(dim) != 0) continue;
        h5::Handle d;
        if (dim == "replication") {
          d = h5::create_dataset(group, dim, h5::Type::i64, {rows}, {chunk_for({rows}, false), {}, true, false});
          std::vector<std::int64_t> values(replications_.begin(), replications_.end());
          h5::write(d, std::span<const std::int64_t>(values));
          set_common_attributes(d, "1", "replication number (its own random streams)", "", "", {});
        } else if (ragged_dim(layout, dim)) {
          d = h5::create_dataset(group, dim, h5::Type::i64, {0}, {{4096}, {true}, true, false});
          set_common_attributes(d, "1", dim + " number (the replications' entries one after another)", "", "", {});
        } else {
          const Coordinate* c = nullptr;
          for (const Coordinate& candidate : layout.coordinates) {
            if (candidate.name == dim) c = &candidate;
          }
          if (c == nullptr) throw std::invalid_argument("results layout: no coordinate " + dim);
          const std::uint64_t n = c->values.size(c->type);
          d = h5::create_dataset(group, dim, c->type, {n}, {chunk_for({n}, false), {}, true, false});
          write_column(d, c->type, c->values);
          set_common_attributes(d, c->units, c->long_name, "", "", c->attributes);
        }
        h5::make_scale(d, dim);
        scales.emplace(dim, std::move(d));
      }
    }
    for (std::size_t i = 0; i < layout.variables.size(); ++i) {
      const Variable& v = layout.variables[i];
      if (v.group != name || scales.count(v.name) != 0) continue;
      std::vector<std::uint64_t> shape;
      for (const std::string& dim : v.dims) {
        shape.push_back(dim == "replication" ? rows : ragged_dim(layout, dim) ? 0 : layout.extent(dim));
      }
      h5::DatasetOptions options;
      options.chunk = v.is_event() ? std::vector<std::uint64_t>{4096} : chunk_for(shape, v.per_replication());
      if (v.is_event()) options.unlimited = {true};
      options.nan_fill = v.type == h5::Type::f64;
      h5::Handle d = h5::create_dataset(group, v.name, v.type, shape, options);
      for (unsigned k = 0; k < v.dims.size(); ++k) h5::attach_scale(d, scales.at(v.dims[k]), k);
      set_common_attributes(d, v.units, v.long_name, v.description, v.kind, v.attributes);
      if (!v.flag_values.empty()) h5::set_attribute(d, "flag_values", std::span<const std::int8_t>(v.flag_values));
      if (!v.per_replication()) {
        write_column(d, v.type, layout.fixed.at(i));
      } else {
        datasets_[i] = std::move(d);
      }
    }
    for (auto& [dim, scale] : scales) {
      if (ragged_dim(layout, dim)) {
        ragged_count_.emplace(dim, 0);
        ragged_coordinate_.emplace(dim, std::move(scale));
      }
    }
  }
  std::size_t series_values = 0;
  for (const Variable& v : layout.variables) {
    if (v.group == "timeseries" && v.per_replication()) series_values += layout.slice(v);
  }
  if (series_values * rows * sizeof(double) <= cache_bytes) {
    cache_.resize(layout.variables.size());
    for (std::size_t i = 0; i < layout.variables.size(); ++i) {
      const Variable& v = layout.variables[i];
      if (v.group == "timeseries" && v.per_replication()) cache_[i].assign(rows * layout.slice(v), kNaN);
    }
  }
}

void ResultsWriter::write(const Record& record) {
  const std::lock_guard guard(h5::lock());
  // Replications are usually first..first+n-1: the row without a search
  // (a search per record would make a million-replication file quadratic).
  std::uint64_t row = replications_.size();
  if (!replications_.empty() && record.replication >= replications_.front()) {
    row = record.replication - replications_.front();
  }
  if (row >= replications_.size() || replications_[row] != record.replication) {
    const auto it = std::find(replications_.begin(), replications_.end(), record.replication);
    if (it == replications_.end()) throw std::logic_error("results: replication not in this file");
    row = static_cast<std::uint64_t>(it - replications_.begin());
  }
  std::map<std::string, std::uint64_t> added;  // entries per event-like dimension
  for (std::size_t i = 0; i < layout_->variables.size(); ++i) {
    const Variable& v = layout_->variables[i];
    if (!v.per_replication() || !datasets_[i].valid()) continue;
    const Column& c = record.columns.at(i);
    if (v.is_event()) {
      const std::string& dim = v.dims.front();
      const std::uint64_t n = c.size(v.type);
      const std::uint64_t at = ragged_count_.at(dim);
      added[dim] = n;
      if (n == 0) continue;
      h5::extend(datasets_[i], {at + n});
      write_column(datasets_[i], v.type, c, {at}, {n});
      continue;
    }
    std::vector<std::uint64_t> offset{row}, count{1};
    for (std::size_t k = 1; k < v.dims.size(); ++k) {
      offset.push_back(0);
      count.push_back(layout_->extent(v.dims[k]));
    }
    write_column(datasets_[i], v.type, c, offset, count);
    if (!cache_.empty() && !cache_[i].empty()) {
      const std::size_t slice = layout_->slice(v);
      double* to = cache_[i].data() + row * slice;
      if (v.type == h5::Type::f64) std::copy(c.f64.begin(), c.f64.end(), to);
      if (v.type == h5::Type::i8) std::copy(c.i8.begin(), c.i8.end(), to);
      if (v.type == h5::Type::i64) std::copy(c.i64.begin(), c.i64.end(), to);
    }
  }
  for (const auto& [dim, n] : added) {
    if (n == 0) continue;
    std::uint64_t& at = ragged_count_.at(dim);
    const h5::Handle& coordinate = ragged_coordinate_.at(dim);
    h5::extend(coordinate, {at + n});
    std::vector<std::int64_t> numbers(n);
    for (std::uint64_t k = 0; k < n; ++k) numbers[k] = static_cast<std::int64_t>(at + k);
    h5::write(coordinate, std::span<const std::int64_t>(numbers), {at}, {n});
    at += n;
  }
}

void ResultsWriter::close() {
  const std::lock_guard guard(h5::lock());
  for (h5::Handle& d : datasets_) d.close();
  for (auto& [dim, coordinate] : ragged_coordinate_) coordinate.close();
  root_.close();
}

void ResultsWriter::write_ensemble() {
  const std::lock_guard guard(h5::lock());
  const Layout& layout = *layout_;
  const auto rows = static_cast<std::uint64_t>(replications_.size());
  const auto string_coordinate = [](const h5::Handle& group, const std::string& name,
                                    std::span<const std::string_view> words, const std::string& long_name) {
    const std::vector<std::string> values(words.begin(), words.end());
    h5::Handle d = h5::create_dataset(group, name, h5::Type::str, {values.size()}, {{values.size()}, {}, false, false});
    h5::write(d, std::span<const std::string>(values));
    h5::set_attribute(d, "long_name", long_name);
    h5::make_scale(d, name);
    return d;
  };

  // A dimension's coordinate in `group`, as a dimension scale.
  const auto coordinate = [&](const h5::Handle& group, const std::string& dim) {
    const Coordinate* c = nullptr;
    for (const Coordinate& candidate : layout.coordinates) {
      if (candidate.name == dim) c = &candidate;
    }
    if (c == nullptr) throw std::logic_error("results: no coordinate " + dim);
    const std::uint64_t n = c->values.size(c->type);
    h5::Handle d = h5::create_dataset(group, dim, c->type, {n}, {chunk_for({n}, false), {}, true, false});
    write_column(d, c->type, c->values);
    set_common_attributes(d, c->units, c->long_name, "", "", c->attributes);
    h5::make_scale(d, dim);
    return d;
  };

  // Key figures: every statistic of every figure, and of every terminal's (as statistic x terminal).
  for (const std::string& kpi : {std::string("kpi"), std::string("kpi/terminals")}) {
    const auto in_group = [&](const Variable& v) {
      return v.group == kpi && v.per_replication() && v.type == h5::Type::f64;
    };
    if (kpi != "kpi" && std::none_of(layout.variables.begin(), layout.variables.end(), in_group)) continue;
    h5::Handle group = h5::create_group(root_, "ensemble/" + kpi);
    h5::Handle statistic = string_coordinate(group, "statistic", metrics::kEnsembleStatistics,
                                             "statistic over replications (q: linear-interpolation quantiles; ci95: "
                                             "Student-t 95% interval of the mean)");
    std::map<std::string, h5::Handle> scales;  // the figures' other dimensions, each made once
    for (std::size_t i = 0; i < layout.variables.size(); ++i) {
      const Variable& v = layout.variables[i];
      if (!in_group(v)) continue;
      std::uint64_t inner = 1;
      for (std::size_t k = 1; k < v.dims.size(); ++k) inner *= layout.extent(v.dims[k]);
      const std::vector<double> values = h5::read_doubles(datasets_[i]);  // replication x inner
      const std::size_t n = metrics::kEnsembleStatistics.size();
      std::vector<double> table(n * inner);
      for (std::uint64_t k = 0; k < inner; ++k) {
        std::vector<double> column;
        for (std::size_t r = k; r < values.size(); r += inner) column.push_back(values[r]);
        const auto stats = metrics::ensemble_statistics(std::move(column));
        for (std::size_t j = 0; j < n; ++j) table[j * inner + k] = stats[j];
      }
      std::vector<std::uint64_t> shape{n};
      for (std::size_t k = 1; k < v.dims.size(); ++k) shape.push_back(layout.extent(v.dims[k]));
      h5::Handle d = h5::create_dataset(group, v.name, h5::Type::f64, shape, {shape, {}, false, true});
      h5::write(d, std::span<const double>(table));
      h5::attach_scale(d, statistic, 0);
      for (std::size_t k = 1; k < v.dims.size(); ++k) {
        auto it = scales.find(v.dims[k]);
        if (it == scales.end()) it = scales.emplace(v.dims[k], coordinate(group, v.dims[k])).first;
        h5::attach_scale(d, it->second, static_cast<unsigned>(k));
      }
      set_common_attributes(d, v.units, v.long_name, v.description, "", v.attributes);
      d.close();
    }
  }

  // Time series: five statistics at every time (and terminal / node), a
  // block of times at a time; state variables give the share of
  // replications in each non-trivial state instead.
  bool any_series = false;
  for (const Variable& v : layout.variables)
    any_series = any_series || (v.group == "timeseries" && v.per_replication());
  if (!any_series || rows == 0) return;
  h5::Handle group = h5::create_group(root_, "ensemble/timeseries");
  std::map<std::string, h5::Handle> scales;
  scales.emplace("statistic",
                 string_coordinate(group, "statistic", kSeriesStatistics, "statistic over replications at each time"));
  const auto scale = [&](const std::string& dim) -> const h5::Handle& {
    auto it = scales.find(dim);
    if (it != scales.end()) return it->second;
    return scales.emplace(dim, coordinate(group, dim)).first->second;
  };
  for (std::size_t i = 0; i < layout.variables.size(); ++i) {
    const Variable& v = layout.variables[i];
    if (v.group != "timeseries" || !v.per_replication() || v.dims.size() < 2 || v.dims[1] != "time") continue;
    const std::uint64_t times = layout.extent("time");
    std::uint64_t inner = 1;
    for (std::size_t k = 2; k < v.dims.size(); ++k) inner *= layout.extent(v.dims[k]);
    const bool state = !v.share.name.empty();  // a categorical state: the share of replications in some values
    std::vector<std::uint64_t> out_shape;
    std::vector<std::string> out_dims;
    std::string name = v.name;
    if (!state) {
      out_dims.emplace_back("statistic");
      out_shape.push_back(kSeriesStatistics.size());
    } else {
      name = v.share.name;
    }
    for (std::size_t k = 1; k < v.dims.size(); ++k) {
      out_dims.push_back(v.dims[k]);
      out_shape.push_back(layout.extent(v.dims[k]));
    }
    h5::Handle d =
        h5::create_dataset(group, name, h5::Type::f64, out_shape, {chunk_for(out_shape, false), {}, false, true});
    for (unsigned k = 0; k < out_dims.size(); ++k) h5::attach_scale(d, scale(out_dims[k]), k);
    if (state) {
      set_common_attributes(d, "1", v.share.long_name, v.share.description, "state", {});
    } else {
      set_common_attributes(d, v.units, v.long_name, v.description, v.kind, v.attributes);
    }
    const std::uint64_t block = std::max<std::uint64_t>(1, kBlockValues / std::max<std::uint64_t>(rows * inner, 1));
    std::vector<double> column(rows);
    for (std::uint64_t t0 = 0; t0 < times; t0 += block) {
      const std::uint64_t nt = std::min(block, times - t0);
      std::vector<std::uint64_t> offset{0, t0}, count{rows, nt};
      for (std::size_t k = 2; k < v.dims.size(); ++k) {
        offset.push_back(0);
        count.push_back(layout.extent(v.dims[k]));
      }
      std::vector<double> values;
      if (!cache_.empty() && !cache_[i].empty()) {  // [row][time][inner] -> the block [row][t0..t0+nt][inner]
        values.resize(rows * nt * inner);
        for (std::uint64_t r = 0; r < rows; ++r) {
          const double* from = cache_[i].data() + (r * times + t0) * inner;
          std::copy(from, from + nt * inner, values.data() + r * nt * inner);
        }
      } else {
        values = h5::read_doubles(datasets_[i], offset, count);
      }
      const std::uint64_t cells = nt * inner;
      std::vector<double> out((state ? 1 : kSeriesStatistics.size()) * cells, kNaN);
      for (std::uint64_t cell = 0; cell < cells; ++cell) {
        column.clear();
        for (std::uint64_t r = 0; r < rows; ++r) {
          const double x = values[r * cells + cell];
          if (!std::isnan(x)) column.push_back(x);
        }
        if (state) {
          double hit = 0;
          for (double x : column) {
            hit += std::find(v.share.of.begin(), v.share.of.end(), static_cast<std::int8_t>(x)) != v.share.of.end()
                       ? 1.0
                       : 0.0;
          }
          out[cell] = column.empty() ? kNaN : hit / static_cast<double>(column.size());
          continue;
        }
        // Mean and sd directly: no t quantile per cell (summarise's interval
        // is the costliest part of it, and the series do not report one).
        std::sort(column.begin(), column.end());
        double mean = kNaN, sd = kNaN;
        if (!column.empty()) {
          double sum = 0.0;
          for (double x : column) sum += x;
          mean = sum / static_cast<double>(column.size());
        }
        if (column.size() > 1) {
          double squares = 0.0;
          for (double x : column) squares += (x - mean) * (x - mean);
          sd = std::sqrt(squares / static_cast<double>(column.size() - 1));
        }
        out[0 * cells + cell] = mean;
        out[1 * cells + cell] = sd;
        out[2 * cells + cell] = metrics::quantile_sorted(column, 0.05);
        out[3 * cells + cell] = metrics::quantile_sorted(column, 0.50);
        out[4 * cells + cell] = metrics::quantile_sorted(column, 0.95);
      }
      std::vector<std::uint64_t> out_offset, out_count;
      if (!state) {
        out_offset.push_back(0);
        out_count.push_back(kSeriesStatistics.size());
      }
      out_offset.push_back(t0);
      out_count.push_back(nt);
      for (std::size_t k = 2; k < v.dims.size(); ++k) {
        out_offset.push_back(0);
        out_count.push_back(layout.extent(v.dims[k]));
      }
      h5::write(d, std::span<const double>(out), out_offset, out_count);
    }
    d.close();
  }
}

}  // namespace porttwin::io
