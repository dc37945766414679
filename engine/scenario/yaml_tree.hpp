// The YAML text as a small tree of our own, every value with its position.
//
// Built from yaml-cpp's event parser rather than YAML::Node so that the
// loader controls what input can cost: nesting depth, number of values and
// bytes of text after aliases are expanded (a "billion laughs" document is
// stopped at the limit, not after exhausting memory), duplicate keys are
// reported rather than silently dropped, and map order is the file's order.
// Internal to the scenario layer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace porttwin::scenario::detail {

struct Mark {
  int line = 0;              ///< 1-based; 0 = unknown
  int column = 0;            ///< 1-based
  std::uint32_t source = 0;  ///< 0: the scenario file; 1: a --set value; 2: the file `base:` names
};

inline constexpr std::uint32_t kBaseSource = 2;

struct Entry;

struct Node {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };
  Kind kind = Kind::null;
  Mark mark;
  std::string text;            ///< scalar
  std::vector<Node> items;     ///< sequence
  std::vector<Entry> entries;  ///< map, in file order

  [[nodiscard]] bool is_map() const noexcept { return kind == Kind::map; }
  [[nodiscard]] bool is_scalar() const noexcept { return kind == Kind::scalar; }
  [[nodiscard]] bool is_sequence() const noexcept { return kind == Kind::sequence; }
  [[nodiscard]] bool is_null() const noexcept { return kind == Kind::null; }
  /// The value of `key` in a map, or null (also when this is not a map).
  [[nodiscard]] const Node* find(std::string_view key) const noexcept;
  [[nodiscard]] Node* find(std::string_view key) noexcept;
  /// The entry of `key` in a map, or null.
  [[nodiscard]] const Entry* entry(std::string_view key) const noexcept;
};

struct Entry {
  std::string key;
  Mark key_mark;
  Node value;
};

/// A problem found while reading the YAML itself.
struct YamlProblem {
  Mark mark;
  std::string message;
};

struct YamlParse {
  Node root;
  std::vector<YamlProblem> problems;  ///< malformed YAML, limits, duplicate keys
  bool ok = true;                     ///< false: root is not usable (malformed or beyond a limit)
};

/// Parses one YAML document. Never throws: yaml-cpp's exceptions and our
/// limits become problems with their position.
[[nodiscard]] YamlParse parse_yaml(std::string_view text, std::uint32_t source);

/// "a map", "a list", "nothing", or the scalar quoted: how messages say what was found.
[[nodiscard]] std::string found(const Node& node);

/// The node as one line of flow YAML ("{dist: exponential, mean: 12 h}").
[[nodiscard]] std::string to_flow_yaml(const Node& node);

}  // namespace porttwin::scenario::detail
