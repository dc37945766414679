// The parameter table: every key a scenario file may hold, declared once with
// its type, unit, default, allowed range and a one-line description (like
// ns-3's attributes). Parsing (which keys exist, how a value is read and
// checked), `porttwin validate`, `--set` paths, `porttwin schema` and
// docs/scenario-reference.md all come from this one table.
//
// Collections appear as path patterns: `terminals.<id>.berths.<id>.length`,
// where <id> stands for any key of that map and <i> for an index of a list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "porttwin/kernel/distributions.hpp"
#include "porttwin/scenario/units.hpp"

namespace porttwin::scenario {

enum class ParamType : std::uint8_t {
  section,       ///< a map of fixed keys (the table's rows under it)
  collection,    ///< a map keyed by id; each entry is a section `<path>.<id>`
  list,          ///< a sequence; each item is a section `<path>.<i>`
  text,          ///< free text
  identifier,    ///< an id, [a-z0-9_]+
  boolean,       ///< true | false
  integer,       ///< a whole number (counts, seeds)
  number,        ///< a bare number (fractions, ratios)
  quantity,      ///< a number with a unit of `dimension`
  distribution,  ///< sampled per event: a quantity or {dist: ...} in `dimension`
  choice,        ///< one of the words in `choices` ("a|b|c")
  reference,     ///< an id of the collection named in `choices`
  references,    ///< a list of such ids
  durations,     ///< a list of durations
  share,         ///< a fraction in [0, 1], or the word `remainder`
  file,          ///< a path, relative to the scenario file
};

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

/// A value as the reader gives it, before it lands in its field: text,
/// boolean, integer, number (base units), the index of a choice's word, a
/// distribution, or a list of durations.
struct ChoiceIndex {
  std::size_t index = 0;
  friend bool operator==(const ChoiceIndex&, const ChoiceIndex&) = default;
};
using ReadValue = std::variant<std::monostate, std::string, bool, std::uint64_t, double, ChoiceIndex,
                               kernel::Distribution, std::vector<double>>;

/// Where a row's value lands: a field of one struct of scenario.hpp (the
/// owner), reached by a chain of members from an object of that struct.
/// Made by `bind<&Owner::member, ...>` in the table; rows that need the
/// builder (references resolved to indices, shares with `remainder`, counts
/// that expand entries, files) have none.
struct Binding {
  const void* owner = nullptr;  ///< a tag per owner struct (owner_tag<T>)
  /// Store `v` in the field of `object` (an owner); false if `v` does not fit it.
  bool (*assign)(void* object, const ReadValue& v) = nullptr;
  /// The field of `object` as a ReadValue (for tests and tools).
  ReadValue (*get)(const void* object) = nullptr;
  /// The field of a default-constructed owner (its initialiser).
  ReadValue (*initial)() = nullptr;
  [[nodiscard]] explicit constexpr operator bool() const noexcept { return assign != nullptr; }
};

/// The tag of owner struct T.
template <class T>
inline constexpr char owner_tag_v = 0;
template <class T>
[[nodiscard]] constexpr const void* owner_tag() noexcept {
  return &owner_tag_v<T>;
}

/// A key that applies only when a sibling choice has one of some words,
/// e.g. `duration` only for incidents whose `kind` is platform_outage or ddos.
struct Applies {
  std::string_view key = {};    ///< the sibling choice row's last segment ("kind"); empty: always
  std::string_view words = {};  ///< "platform_outage|ddos"
};

struct Param {
  std::string_view path = {};
  ParamType type = ParamType::text;
  Dimension dimension = Dimension::none;
  /// The unit(s) in words when they depend on context, e.g. "TEU (containers), t (bulk), units".
  std::string_view unit = {};
  /// The default as YAML text, "" when there is none (required, or absent means "not given").
  std::string_view default_value = {};
  /// Allowed range in base units (for collections and lists: number of entries).
  double min = -kUnbounded;
  double max = kUnbounded;
  bool min_open = false;  ///< min itself is not allowed
  bool max_open = false;
  /// choice: "a|b|c"; reference(s): the collection's path (or "nodes": any node id).
  std::string_view choices = {};
  bool required = false;
  /// Per-replication uncertainty ({range: [lo, hi]} or {dist: ...}) allowed.
  bool uncertain = false;
  std::string_view description = {};
  /// Where the value lands (see Binding); none for rows the builder reads.
  Binding bind = {};
  /// The cases the key has an effect in; present elsewhere, it is refused.
  Applies applies = {};
};

/// Sizes the loader refuses to go beyond, so that no input exhausts memory
/// or time. Listed in the reference.
struct Limits {
  static constexpr std::size_t kMaxFileBytes = 4U << 20U;       ///< scenario or CSV file
  static constexpr int kMaxNesting = 48;                        ///< YAML maps/sequences inside each other
  static constexpr std::size_t kMaxNodes = 250'000;             ///< YAML values, aliases expanded
  static constexpr std::size_t kMaxExpandedBytes = 16U << 20U;  ///< scalar text, aliases expanded
  static constexpr std::size_t kMaxMapEntries = 10'000;         ///< keys in one YAML map, checked while reading
  static constexpr std::size_t kMaxBerths = 100'000;            ///< after `count` expansion
  static constexpr std::size_t kMaxCranes = 1'000'000;          ///< sum of crane counts
  static constexpr std::size_t kMaxCsvRows = 1'000'000;         ///< per CSV timetable
  static constexpr double kMaxServices = 1'000'000;             ///< per windows stream: rate x period
  static constexpr std::size_t kMaxClassTerminals = 1'000'000;  ///< (vessel class, terminal it may use) pairs
  static constexpr double kMaxSamplesPerRun = 1e7;              ///< horizon / sample_interval
};

/// The whole table, in the order the reference lists it.
[[nodiscard]] std::span<const Param> parameter_table() noexcept;

/// The row whose pattern is `pattern` exactly ("terminals.<id>.name"), or null.
[[nodiscard]] const Param* find_param(std::string_view pattern) noexcept;

/// The row a concrete dotted path matches ("terminals.ect.name" ->
/// "terminals.<id>.name"), or null. Any key matches <id>, digits match <i>.
[[nodiscard]] const Param* match_param(std::string_view dotted_path) noexcept;

/// The last segments of the rows directly under `pattern` (the keys a
/// section allows), in table order.
[[nodiscard]] std::vector<std::string_view> child_keys(std::string_view pattern);

/// "a fraction in [0, 1]", "> 0 h", "1..100000 entries": the row's range in words.
[[nodiscard]] std::string describe_range(const Param& param);
/// The words of a choices or applies text: "a|b|c" -> {"a", "b", "c"}.
[[nodiscard]] std::vector<std::string_view> split_words(std::string_view words);
/// The same words joined by `separator`: "a|b" -> "a or b".
[[nodiscard]] std::string join_words(std::string_view words, std::string_view separator);

/// " (only where kind is platform_outage or ddos; refused elsewhere)", or
/// "": the cases a row applies to, for the reference and help texts.
[[nodiscard]] std::string describe_applies(const Param& param);
/// "duration", "reference to terminals", ...: the row's type in words.
[[nodiscard]] std::string describe_type(const Param& param);

}  // namespace porttwin::scenario
