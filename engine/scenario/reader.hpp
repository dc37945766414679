// Reading values out of the YAML tree the way the parameter table says:
// type, unit, range, default, per-replication uncertainty. Every problem
// becomes a Diagnostic naming the place and the parameter's dotted path; a
// read that fails returns nothing and the builder goes on, so one pass finds
// every problem. Internal to the scenario layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "porttwin/kernel/distributions.hpp"
#include "porttwin/kernel/random.hpp"
#include "porttwin/scenario/document.hpp"
#include "porttwin/scenario/schema.hpp"
#include "yaml_tree.hpp"

namespace porttwin::scenario::detail {

/// Where a value sits: its concrete dotted path and its table pattern.
struct Where {
  std::string path;            ///< "terminals.ect.berths.deep"
  std::string pattern;         ///< "terminals.<id>.berths.<id>"
  const Node* node = nullptr;  ///< the map at this place, null when absent
  Mark mark;                   ///< where to report a missing key when node is null
  bool absent = false;         ///< the file does not have this section at all

  /// The place of a fixed key below this one.
  [[nodiscard]] Where key(std::string_view k) const;
  /// The place of a collection entry (<id>) or list item (<i>) below this one.
  [[nodiscard]] Where item(std::string_view id, bool list = false) const;
};

/// Standardised draws for per-replication uncertain values, one per node, in
/// document order (see draw_uncertain_values): u in [0, 1) for range,
/// uniform, triangular and empirical; a standard exponential or normal for
/// those. Empty when building the nominal scenario (means, midpoints).
using Draws = std::unordered_map<const Node*, double>;

class Reader {
 public:
  Reader(std::vector<std::string> sources, const Draws* draws) : sources_(std::move(sources)), draws_(draws) {}

  // ---- problems ----
  void problem(const Mark& at, std::string message);
  /// A problem with a parameter: "<path>: <message>".
  void problem(const Node& at, std::string_view path, std::string_view message);
  /// "missing required key 'k' in <parent>", at the parent map (or 1:1).
  void missing(const Where& parent, std::string_view key);
  /// Problems found elsewhere (the CSV reader) under their own file name.
  void problem_in_file(std::string file, int line, int column, std::string message);
  [[nodiscard]] std::vector<Diagnostic> take_problems();
  [[nodiscard]] const std::string& source_name(std::uint32_t source) const;
  /// did_you_mean() within a budget shared by the whole pass: a suggestion
  /// costs about |word| x |candidates|, and 100,000 bad references to the
  /// ids of 100,000 berths must not cost 1e10 edit distances. Past the
  /// budget, problems come without a suggestion (the same file always
  /// gets the same ones).
  [[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

  // ---- structure ----
  /// The map at `parent.key`, or a Where with node == null if absent or not
  /// a map (reported, or missing when required).
  [[nodiscard]] Where section(const Where& parent, std::string_view key);
  /// The entries of a collection (map by id) or list; checks the entry count.
  [[nodiscard]] Where collection(const Where& parent, std::string_view key);
  /// The entries of a collection, each as (id, place); an entry that is not
  /// a map is reported and left out (an empty entry `id:` is an empty map).
  [[nodiscard]] std::vector<std::pair<std::string, Where>> entries(const Where& collection);
  /// The items of a list, each as a place.
  [[nodiscard]] std::vector<Where> items(const Where& list);

  // ---- scalars (absent: the table's default, or nothing) ----
  [[nodiscard]] std::optional<std::string> text(const Where& parent, std::string_view key);
  [[nodiscard]] std::optional<bool> boolean(const Where& parent, std::string_view key);
  [[nodiscard]] std::optional<std::uint64_t> integer(const Where& parent, std::string_view key);
  /// A number or a quantity, in base units; sampled when uncertain.
  [[nodiscard]] std::optional<double> number(const Where& parent, std::string_view key);
  /// Same, keeping the cargo unit (cargo, cargo_rate).
  [[nodiscard]] std::optional<Quantity> quantity(const Where& parent, std::string_view key);
  /// The index of the word in the row's choices.
  [[nodiscard]] std::optional<std::size_t> choice(const Where& parent, std::string_view key);
  /// A share: a fraction, or the word remainder (remainder = true).
  struct Share {
    bool remainder = false;
    double value = 0.0;
  };
  [[nodiscard]] std::optional<Share> share(const Where& parent, std::string_view key);
  /// A list of durations (timetable times), in hours.
  [[nodiscard]] std::optional<std::vector<double>> durations(const Where& parent, std::string_view key);
  /// The id texts of a reference (one) or references (list) row; checked
  /// for syntax only, resolved by the builder.
  [[nodiscard]] std::optional<std::string> reference(const Where& parent, std::string_view key);
  [[nodiscard]] std::optional<std::vector<std::pair<std::string, const Node*>>> references(const Where& parent,
                                                                                           std::string_view key);
  /// A distribution field, in base units; `unit` gets the cargo unit.
  [[nodiscard]] std::optional<kernel::Distribution> distribution(const Where& parent, std::string_view key,
                                                                 CargoUnit* unit = nullptr);

  // ---- fields (rows with a Binding) ----
  /// Reads every row bound to a field of T at or below `at` (its keys and
  /// those of its sections, not its collections') into `object`: the file's
  /// value, else the table's default, else the field is left as it is. With
  /// `present_only`, only the keys the file gives (defaults layered by the
  /// builder). Checks relating several values stay with the builder.
  /// Returns whether every row the file gives or requires was read (false
  /// after a problem was recorded: the object is then not to be used).
  template <class T>
  bool read_fields(const Where& at, T& object, bool present_only = false) {
    return read_bound(at, owner_tag<T>(), &object, present_only);
  }
  bool read_bound(const Where& at, const void* owner, void* object, bool present_only);
  /// The value of one row at parent.key as its type reads it, or nothing.
  [[nodiscard]] std::optional<ReadValue> read_value(const Where& parent, std::string_view key);

  /// The node at parent.key (null if absent) and its row (asserted to exist).
  [[nodiscard]] const Node* node(const Where& parent, std::string_view key) const;
  [[nodiscard]] static const Param& row(const Where& parent, std::string_view key);

 private:
  struct Value {
    double value = 0.0;
    CargoUnit cargo = CargoUnit::none;
  };
  // The node to read and how to name it; a default is parsed from the table.
  struct Field {
    const Node* node = nullptr;
    const Param* param = nullptr;
    std::string path;
    Node fallback;  // the default as a node, when absent
  };
  [[nodiscard]] std::optional<Field> field(const Where& parent, std::string_view key);

  [[nodiscard]] std::optional<Value> scalar(const Node& n, const Param& p, const std::string& path,
                                            bool allow_uncertain);
  [[nodiscard]] std::optional<Value> plain(const Node& n, Dimension d, const std::string& path);
  [[nodiscard]] std::optional<Value> uncertain(const Node& n, const Param& p, const std::string& path);
  bool in_range(const Node& n, const Param& p, const std::string& path, double v);
  [[nodiscard]] std::optional<double> draw(const Node& n) const;
  [[nodiscard]] std::optional<std::vector<Value>> dist_params(const Node& n, const Param& p, const std::string& path,
                                                              std::string_view kind, bool allow_uncertain);

  std::vector<std::string> sources_;
  const Draws* draws_;
  std::vector<Diagnostic> problems_;
  std::unordered_set<std::string> said_;        // problems already reported (file:line:col: message)
  std::size_t suggestion_budget_ = 50'000'000;  // about half a second of edit distances
};

/// Walks the tree in document order against the table: reports unknown keys
/// (with did-you-mean) and malformed ids, and when `rng` is given draws one
/// standardised value per uncertain node into `draws`.
void check_keys_and_draw(const Node& root, Reader& reader, kernel::RandomStream* rng, Draws& draws);

/// "a duration", "an integer", ...: what a row's value is, for messages.
[[nodiscard]] std::string_view article_noun(const Param& p);
/// " in (0 m, 10000 m]", " > 0 /h", "": the row's range as a message phrase.
[[nodiscard]] std::string range_phrase(const Param& p);

/// True for an id the format allows: [a-z0-9_]+, at most 64 characters.
[[nodiscard]] bool valid_id(std::string_view id) noexcept;
/// A key as the dotted paths of messages show it: itself when it is a valid
/// id, else an excerpt (a key that is not an id is reported once; the paths
/// below it must not repeat it whole).
[[nodiscard]] std::string path_segment(std::string_view key);

/// The parameters each distribution kind takes ("exponential" -> {"mean"}).
[[nodiscard]] std::vector<std::string_view> distribution_keys(std::string_view kind);
/// "uniform, exponential, normal, lognormal, triangular, empirical".
[[nodiscard]] const std::vector<std::string_view>& distribution_kinds();

}  // namespace porttwin::scenario::detail
