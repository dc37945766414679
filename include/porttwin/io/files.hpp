// Output files that cannot be half-written, clobber what is not theirs, or
// be written by two runs at once: the one place porttwin writes a file
// outside HDF5 (reports, graphs, shards, the resume manifest) and decides
// where an HDF5 results file may go.
//
// What a target path may be:
//   - absent, or a regular file (a symlink is followed to its target): the
//     bytes go to a temporary file beside the target and are renamed over it
//     once whole, so a failure (disk full, a crash) leaves the old file or
//     none, never a partial one;
//   - a character device or a FIFO (/dev/stdout, /dev/null, a pipe): written
//     in place, never replaced by a rename (renaming over /dev/null would
//     break it for the whole machine); a FIFO nobody reads is an error, not
//     a hang; /dev/full gives "disk full";
//   - anything else (a directory, a block device, a socket): refused.
// HDF5 results files need a seekable regular file: results_target() refuses
// devices and FIFOs for them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace porttwin::io {

/// The system's words for an errno value, with its symbolic name, e.g.
/// "disk full (ENOSPC: No space left on device)".
[[nodiscard]] std::string describe_errno(int error);

/// disk: the file is fsync'ed before its rename and its directory after,
/// so a finished file survives a power cut; cache: the page cache is enough
/// (files that are redone on resume anyway).
enum class Durability : std::uint8_t { cache, disk };

/// Writes `bytes` to `path` all or nothing (see the header comment).
/// Throws IoError naming the path and the reason.
void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes,
                           Durability durability = Durability::cache);
void write_file_atomically(const std::string& path, std::string_view text, Durability durability = Durability::cache);

/// The path an HDF5 results file is written to and renamed onto: `path`
/// itself, or the file a symlink names. Throws IoError for a target that is
/// not a regular file (device, FIFO, directory), a missing directory or one
/// that cannot be written; UsageError for an empty path.
[[nodiscard]] std::string results_target(const std::string& path);

/// fsync()s a finished file and then its directory (after a rename into it).
void sync_file(const std::string& path);
void sync_directory_of(const std::string& path);

/// An exclusive lock on an output and everything made beside it
/// (`PATH.tmp`, `PATH.partial/`), held from construction to destruction:
/// flock(2) on `PATH.lock`, which holds the owner's process id, host, start
/// time and command. The kernel releases the lock when the process ends,
/// even by kill -9, so a lock never goes stale; the file itself is removed
/// by the owner when it lets go.
class OutputLock {
 public:
  OutputLock() = default;
  /// Takes the lock or throws IoError naming the run that holds it.
  OutputLock(const std::string& path, std::string_view command);
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&& other) noexcept;
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  ~OutputLock();

  [[nodiscard]] bool held() const noexcept { return fd_ >= 0; }
  [[nodiscard]] const std::string& file() const noexcept { return lock_path_; }
  /// Lets go now (removes the lock file first).
  void release() noexcept;

 private:
  int fd_ = -1;
  std::string lock_path_;
};

}  // namespace porttwin::io
