// A scenario as an analyst wrote it: the YAML text, checked against the
// parameter table (scenario/schema.hpp), with --set overrides applied, and
// turned into the plain Scenario structs one replication at a time.
//
// Loading never stops at the first problem: every problem found is kept as a
// Diagnostic (file:line:column: what was expected, what was found), so that
// `porttwin validate` can list them all. instantiate() refuses a document
// with problems.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "porttwin/scenario/scenario.hpp"

namespace porttwin::scenario {

struct Diagnostic {
  std::string file;  ///< the scenario file, or "<string>", or "--set" for an override
  int line = 0;      ///< 1-based; 0 when there is no position (e.g. a missing key's parent is used instead)
  int column = 0;    ///< 1-based
  std::string message;

  /// "file:line:column: message"
  [[nodiscard]] std::string to_string() const;
};

class ScenarioDocument {
 public:
  /// Reads and checks a file. A file that cannot be read (or is not a
  /// regular file: a FIFO, a device) throws IoError; everything else (bad
  /// YAML, unknown keys, ...) becomes a Diagnostic.
  ///
  /// The files the scenario names (`base:`, CSV timetables) must lie in its
  /// own directory tree, the directory of `path` and below, or below one of
  /// `allow_paths`, after resolving `..` and symbolic links; any other is a
  /// Diagnostic at the key that names it, and is never opened. (A scenario
  /// is data from someone else: it must not read, or echo, your files.)
  [[nodiscard]] static ScenarioDocument from_file(const std::string& path,
                                                  const std::vector<std::string>& allow_paths = {});
  /// Same, from text; `name` is what diagnostics call the file. Relative
  /// paths inside (CSV timetables) resolve against `base_dir`, which is also
  /// the tree they must lie in (or below one of `allow_paths`). `base:` is
  /// merged only by from_file.
  [[nodiscard]] static ScenarioDocument from_string(std::string_view text, std::string name = "<string>",
                                                    std::string base_dir = ".",
                                                    const std::vector<std::string>& allow_paths = {});

  ScenarioDocument(ScenarioDocument&&) noexcept;
  ScenarioDocument& operator=(ScenarioDocument&&) noexcept;
  ScenarioDocument(const ScenarioDocument&);
  ScenarioDocument& operator=(const ScenarioDocument&);
  ~ScenarioDocument();

  /// Every problem found, in file order; empty when the scenario is valid.
  [[nodiscard]] const std::vector<Diagnostic>& problems() const noexcept;
  [[nodiscard]] bool valid() const noexcept { return problems().empty(); }

  /// Overrides one parameter by its dotted path, e.g.
  /// set("traffic.vessel_classes.feeder.share", "0.3") or
  /// set("pcs.processing", "2 min"). The value is YAML text, checked like the
  /// file's own (units, range). Re-checks the whole document afterwards.
  /// An unknown path throws ScenarioError with a did-you-mean; a value that
  /// does not fit becomes a Diagnostic named "--set".
  void set(std::string_view dotted_path, std::string_view value);

  /// The value at a dotted path as YAML text (after overrides); throws
  /// ScenarioError for an unknown path.
  [[nodiscard]] std::string get(std::string_view dotted_path) const;

  /// The plain scenario for one replication: values given as a range or a
  /// distribution are drawn once per replication from the stream
  /// (settings.seed, replication, kParameterStream). Throws ScenarioError
  /// listing every problem if the document is not valid.
  [[nodiscard]] Scenario instantiate(std::uint32_t replication = 0) const;

  /// The text as read (for results files and reports).
  [[nodiscard]] const std::string& text() const noexcept;
  [[nodiscard]] const std::string& file() const noexcept;

 private:
  struct Impl;
  explicit ScenarioDocument(std::unique_ptr<Impl> impl);
  void merge_base();
  std::unique_ptr<Impl> impl_;
};

/// The random stream (after seed and replication) that per-replication
/// parameter draws use; no model LP has this id.
inline constexpr std::uint32_t kParameterStream = 0xFFFF'FFF0U;

/// The reference of every parameter: path, type, unit, default, allowed
/// range, description. `markdown` for docs/, otherwise plain text.
[[nodiscard]] std::string schema_reference(bool markdown);

}  // namespace porttwin::scenario
