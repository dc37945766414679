// See io/files.hpp.
#include "porttwin/io/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>

#include "porttwin/kernel/error.hpp"

namespace porttwin::io {

namespace fs = std::filesystem;

namespace {

std::atomic<std::uint64_t> g_temporaries{0};

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
  throw IoError(path + ": " + what + ": " + describe_errno(error));
}

/// write(2) until every byte is written (short writes and EINTR retried).
void write_all(int fd, std::span<const unsigned char> bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "cannot write", errno);
    }
    if (n == 0) fail(path, "cannot write", EIO);
    done += static_cast<std::size_t>(n);
  }
}

/// A path's printable form for messages: control bytes escaped.
std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a device (character special file)";
  if (S_ISBLK(mode)) return "a device (block special file)";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

/// A device or FIFO: written in place, never renamed over.
void write_in_place(const std::string& path, bool fifo, std::span<const unsigned char> bytes) {
  // A FIFO opened for writing blocks until someone reads it; non-blocking,
  // the open fails at once (ENXIO) instead.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | (fifo ? O_NONBLOCK : 0));
  if (fd < 0) {
    if (fifo && errno == ENXIO) throw IoError(path + ": a FIFO that no process is reading; nothing was written");
    fail(path, "cannot open for writing", errno);
  }
  if (fifo) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  try {
    write_all(fd, bytes, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) fail(path, "cannot write", errno);
}

}  // namespace

std::string describe_errno(int error) {
  char buffer[256];
  // GNU strerror_r: returns the message (maybe not in `buffer`).
  const char* text = strerror_r(error, buffer, sizeof buffer);
  const char* name = strerrorname_np(error);
  if (error == ENOSPC) return "disk full (ENOSPC: " + std::string(text) + ")";
  if (error == EDQUOT) return "disk quota exceeded (EDQUOT: " + std::string(text) + ")";
  if (name == nullptr) return text;
  return std::string(text) + " (" + name + ")";
}

void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes, Durability durability) {
  if (path.empty()) throw UsageError("the output path is empty");
  std::string target = path;
  mode_t mode = 0666;  // the umask applies
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return write_in_place(path, S_ISFIFO(st.st_mode), bytes);
    if (!S_ISREG(st.st_mode)) throw IoError(path + ": cannot write: it is " + kind_of(st.st_mode));
    std::error_code error;
    target = fs::canonical(path, error).string();  // through symlinks: replace the file, keep the link
    if (error) target = path;
    mode = st.st_mode & 07777;
  } else if (errno != ENOENT) {
    fail(path, "cannot write", errno);
  } else {
    struct stat link {};
    if (::lstat(path.c_str(), &link) == 0) throw IoError(path + ": cannot write: a symbolic link to a missing file");
  }

  const std::string temporary =
      target + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(g_temporaries.fetch_add(1));
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    const int error = errno;
    const fs::path parent = fs::path(target).has_parent_path() ? fs::path(target).parent_path() : fs::path(".");
    std::error_code ignored;
    if (error == ENOENT && !fs::is_directory(parent, ignored)) {
      throw IoError(path + ": cannot write: no such directory " + parent.string());
    }
    fail(path, "cannot write", error);
  }
  try {
    write_all(fd, bytes, path);
    if (durability == Durability::disk && ::fsync(fd) != 0) fail(path, "cannot write", errno);
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  if (::fchmod(fd, mode) != 0) {
    // The umask made it narrower than the file it replaces: harmless.
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(path, "cannot write", error);
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(path, "cannot rename the finished file into place", error);
  }
  if (durability == Durability::disk) sync_directory_of(target);
}

void write_file_atomically(const std::string& path, std::string_view text, Durability durability) {
  write_file_atomically(path, {reinterpret_cast<const unsigned char*>(text.data()), text.size()}, durability);
}

std::string results_target(const std::string& path) {
  if (path.empty()) throw UsageError("the output path is empty");
  std::string target = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      throw IoError(path + ": is " + kind_of(st.st_mode) +
                    ", not a results file (results are HDF5 files and need a regular file; choose a file name)");
    }
    std::error_code error;
    const fs::path resolved = fs::canonical(path, error);
    if (!error) target = resolved.string();
  } else if (errno != ENOENT) {
    fail(path, "cannot use as a results file", errno);
  } else {
    struct stat link {};
    if (::lstat(path.c_str(), &link) == 0) throw IoError(path + ": is a symbolic link to a missing file");
  }
  const fs::path parent = fs::path(target).has_parent_path() ? fs::path(target).parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(parent, error)) throw IoError(path + ": no such directory " + parent.string());
  if (::access(parent.c_str(), W_OK) != 0) {
    throw IoError(path + ": cannot write in " + parent.string() + ": " + describe_errno(errno));
  }
  return target;
}

void sync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open to sync", errno);
  const int synced = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (synced != 0) fail(path, "cannot write to disk", error);
}

void sync_directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::path(".");
  const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the file itself is synced; a directory we cannot open cannot be synced either
  const int synced = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  // Some file systems cannot sync a directory (EINVAL): nothing more to do there.
  if (synced != 0 && error != EINVAL) fail(parent.string(), "cannot write to disk", error);
}

// ---- OutputLock -------------------------------------------------------------------

OutputLock::OutputLock(const std::string& path, std::string_view command) : lock_path_(path + ".lock") {
  // The lock file can be removed by its previous owner between our open and
  // our flock: then we hold a lock on a file nobody else will open. Check
  // that the name still leads to the file we locked, and try again if not.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) fail(path, "cannot create the lock file " + lock_path_, errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      if (error != EWOULDBLOCK) {
        ::close(fd);
        fail(path, "cannot lock " + lock_path_, error);
      }
      char owner[1024];
      const ssize_t n = ::pread(fd, owner, sizeof owner, 0);
      ::close(fd);
      std::string who = n > 0 ? printable(std::string_view(owner, static_cast<std::size_t>(n)), 400) : "";
      while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
      throw IoError(path + ": another porttwin run is writing it (" + (who.empty() ? "owner unknown" : who) +
                    "); wait for it to finish, or stop it and run again with --resume to keep its finished "
                    "replications");
    }
    struct stat held {
    }, named{};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  if (fd_ < 0) throw IoError(path + ": cannot lock " + lock_path_ + ": it keeps being replaced");

  char host[256] = "?";
  ::gethostname(host, sizeof host - 1);
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const std::string owner = "process " + std::to_string(::getpid()) + " on " + host + ", since " + when + ": " +
                            printable(command, 300) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, owner.data(), owner.size(), 0) != static_cast<ssize_t>(owner.size())) {
    // The lock is held all the same; only the description of its owner is missing.
  }
}

OutputLock::OutputLock(OutputLock&& other) noexcept : fd_(other.fd_), lock_path_(std::move(other.lock_path_)) {
  other.fd_ = -1;
}

OutputLock& OutputLock::operator=(OutputLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = other.fd_;
    lock_path_ = std::move(other.lock_path_);
    other.fd_ = -1;
  }
  return *this;
}

OutputLock::~OutputLock() { release(); }

void OutputLock::release() noexcept {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still locked: see the constructor
  ::close(fd_);
  fd_ = -1;
}

}  // namespace porttwin::io
