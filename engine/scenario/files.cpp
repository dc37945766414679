// Confining and reading the files a scenario names; see files.hpp.
#include "files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "excerpt.hpp"

namespace porttwin::scenario::detail {
namespace fs = std::filesystem;
namespace {

fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(p, ec), ec);
  // A path that cannot be resolved (a component not searchable) is judged
  // as written, made absolute: it is then opened, and fails, as written.
  return ec ? fs::absolute(p, ec).lexically_normal() : out;
}

/// True if `p` is `dir` or below it; both resolved.
bool within(const fs::path& p, const fs::path& dir) {
  const fs::path rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string not_regular(mode_t mode) {
  const std::string kind = kind_of(mode);
  return kind == "not a regular file" ? "it is not a regular file" : "it is " + kind + ", not a regular file";
}

std::string error_text(int error) { return std::generic_category().message(error); }

}  // namespace

FileAccess FileAccess::make(const fs::path& tree, const std::vector<std::string>& allowed) {
  FileAccess access;
  access.tree = resolved(tree.empty() ? fs::path(".") : tree);
  for (const std::string& dir : allowed) access.allowed.push_back(resolved(dir));
  return access;
}

NamedFile resolve_named_file(const FileAccess& access, const fs::path& dir, std::string_view written) {
  const fs::path as_written = dir / fs::path(written);
  const fs::path path = resolved(as_written);
  if (within(path, access.tree)) return {path, {}};
  for (const fs::path& allowed : access.allowed) {
    if (within(path, allowed)) return {path, {}};
  }
  std::error_code ec;
  const bool through_link = fs::absolute(as_written, ec).lexically_normal() != path;
  const std::string parent = path.parent_path().string();
  std::string problem = "expected a file in the scenario's directory tree " + quoted_path(access.tree.string()) +
                        (access.allowed.empty() ? "" : " or a directory given with --allow-path") + "; found " +
                        quoted_path(written);
  if (through_link) problem += ", which leads (through a symbolic link) to " + quoted_path(path.string());
  problem += ", outside it; to read it, allow its directory: --allow-path " + quoted_path(parent) +
             " (in Python: allow_paths=[" + quoted_path(parent) + "])";
  return {{}, std::move(problem)};
}

FileText read_regular_file(const fs::path& path, std::size_t limit) {
  FileText out;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    out.reason = error_text(errno);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.reason = not_regular(st.st_mode);
    return out;
  }
  // Non-blocking: were a FIFO swapped in after the stat, open would wait
  // for a writer; fstat below then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    out.reason = error_text(errno);
    return out;
  }
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    out.reason = S_ISREG(st.st_mode) ? error_text(errno) : not_regular(st.st_mode);
    ::close(fd);
    return out;
  }
  char buffer[64 * 1024];
  while (out.text.size() <= limit) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.reason = error_text(errno);
      out.text.clear();
      break;
    }
    if (n == 0) break;
    out.text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string quoted_path(std::string_view path) { return quoted_excerpt(path, 400); }

}  // namespace porttwin::scenario::detail
