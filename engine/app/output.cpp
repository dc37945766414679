// See output.hpp.
#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "porttwin/kernel/error.hpp"

namespace porttwin::app {
namespace {

[[noreturn]] void cannot_write(const std::string& path, const std::string& reason) {
  throw IoError("cannot write '" + path + "': " + reason);
}

}  // namespace

/// Writes `text` to `path` all or nothing: to a temporary file beside it,
/// renamed over `path` only once it is complete and closed, so a failure
/// (disk full, no such directory, `path` is a directory) never leaves a
/// half-written file. Throws IoError naming the path and the reason.
void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) cannot_write(path, std::generic_category().message(errno));
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  const int close_errno = errno;
  std::error_code ignored;
  if (!written || !closed) {
    std::filesystem::remove(temporary, ignored);
    cannot_write(path, std::generic_category().message(!written ? write_errno : close_errno));
  }
  std::error_code renamed;
  std::filesystem::rename(temporary, path, renamed);
  if (renamed) {
    std::filesystem::remove(temporary, ignored);
    cannot_write(path, renamed.message());
  }
}

}  // namespace porttwin::app
