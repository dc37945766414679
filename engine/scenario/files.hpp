// The files a scenario may read besides itself (the file `base:` names, CSV
// timetables), and reading any of them without hanging. Internal to the
// scenario layer.
//
// A scenario is data someone sent you. Reading a file it names must not
// read what is not yours to show (`base: /etc/shadow` used to print its
// first line back), nor wait forever (`base:` naming a FIFO, /dev/stdin):
//  - a named file must lie in the scenario's directory tree (the directory
//    of the scenario file, or the base_dir of a scenario given as text) or
//    in a directory the user allowed (--allow-path, Python allow_paths);
//    both sides are resolved with weakly_canonical first, so a `..` or a
//    symbolic link that leads out is caught;
//  - it is refused before it is opened unless it is a regular file, and
//    checked again on the open descriptor (opened non-blocking), so a FIFO
//    swapped in between cannot block either.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace porttwin::scenario::detail {

/// Where a scenario may read files from.
struct FileAccess {
  std::filesystem::path tree;                  ///< the scenario's own directory, resolved
  std::vector<std::filesystem::path> allowed;  ///< --allow-path directories, resolved

  /// `tree` and `allowed` resolved with weakly_canonical.
  [[nodiscard]] static FileAccess make(const std::filesystem::path& tree, const std::vector<std::string>& allowed);
};

/// A file a scenario names, resolved: the path to open, or why not.
struct NamedFile {
  std::filesystem::path path;  ///< resolved (weakly_canonical); empty when refused
  std::string problem;         ///< empty when allowed; else the whole message after "<key>: "
};

/// `written` (as the scenario wrote it, relative to `dir` unless absolute)
/// checked against `access`. The problem names the path, the tree and the
/// --allow-path that would let it be read.
[[nodiscard]] NamedFile resolve_named_file(const FileAccess& access, const std::filesystem::path& dir,
                                           std::string_view written);

/// The outcome of reading a file.
struct FileText {
  std::string text;    ///< stops once past `limit`: a longer text says the file is too large
  std::string reason;  ///< empty when read; else why not ("it is a FIFO, not a regular file", strerror)
};

/// Reads a regular file, refusing anything else before opening it (stat)
/// and again on the descriptor (fstat); reading stops once past `limit`.
[[nodiscard]] FileText read_regular_file(const std::filesystem::path& path, std::size_t limit);

/// A path as messages quote it: escaped, cut only when absurdly long.
[[nodiscard]] std::string quoted_path(std::string_view path);

}  // namespace porttwin::scenario::detail
