// Writing a command's output file: all or nothing.
#pragma once

#include <string>

namespace porttwin::app {

/// Writes `text` to `path` all or nothing: to a temporary file beside it,
/// renamed over `path` only once it is complete and closed, so a failure
/// (disk full, no such directory, `path` is a directory) never leaves a
/// half-written file. Throws IoError naming the path and the reason.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace porttwin::app
