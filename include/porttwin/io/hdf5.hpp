// A thin, checked C++ layer over the HDF5 C library (and its high-level
// dimension scales): the handful of operations porttwin's results files
// need, each of which throws IoError naming the file, the object and HDF5's
// own reason (e.g. "No space left on device") instead of printing HDF5's
// error stack.
//
// HDF5 as Debian builds it is not thread-safe: every call into it must hold
// `lock()`. The results writer and readers take it for whole operations;
// code using these functions directly from several threads must too. A
// Handle takes it itself when it closes or is destroyed, so a handle may go
// out of scope anywhere.
//
// Every chunked dataset carries HDF5's Fletcher32 checksum (a netCDF-4
// filter): a chunk damaged on disk is a read error naming the variable, not
// wrong numbers. Variable-length strings live in HDF5's global heap, which
// the checksum does not cover.
//
// Only the netCDF-4 subset is written: groups and attributes track creation
// order, strings are variable-length UTF-8, axes are dimension scales.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace porttwin::io::h5 {

/// The process-wide lock every HDF5 call must hold: a recursive mutex that
/// knows its owner, so that every function here checks it is held and a call
/// without it is an error (std::logic_error) at once, not a rare race.
class Lock {
 public:
  void lock();
  bool try_lock();
  void unlock();
  /// Whether the calling thread holds it.
  [[nodiscard]] bool held() const noexcept;

 private:
  std::recursive_mutex mutex_;
  std::atomic<std::thread::id> owner_{};
  int depth_ = 0;  ///< guarded by mutex_
};
[[nodiscard]] Lock& lock();
/// Throws std::logic_error unless the calling thread holds lock().
void require_lock();

/// How many handles failed to close in a destructor (where the failure
/// cannot be thrown), since the program started. A writer that sees it
/// change while it writes a file must not call that file complete.
[[nodiscard]] std::uint64_t silent_close_failures() noexcept;

/// An open HDF5 object (file, group, dataset, dataspace, ...): closed when
/// destroyed. Move-only. `id()` is the hid_t.
class Handle {
 public:
  Handle() = default;
  explicit Handle(std::int64_t id) noexcept : id_(id) {}
  Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();

  [[nodiscard]] std::int64_t id() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }
  /// Closes now; a failure to close (a file's or dataset's last write)
  /// throws. Objects written to are closed this way: the destructor cannot
  /// report that their data never reached the file.
  void close();

 private:
  std::int64_t id_ = -1;
};

enum class Type : std::uint8_t { f64, i64, i8, str };

// ---- files and groups --------------------------------------------------

/// Creates (truncates) a file.
[[nodiscard]] Handle create_file(const std::string& path);
/// Opens a file read-only or read-write.
[[nodiscard]] Handle open_file(const std::string& path, bool write = false);
/// Writes everything buffered to disk.
void flush(const Handle& file);
/// Creates a file that lives in memory only (the core driver, no backing
/// store); `name` is for messages. Its bytes come from file_image().
[[nodiscard]] Handle create_memory_file(const std::string& name);
/// The bytes of an open file, as they would be on disk (a memory file's included).
[[nodiscard]] std::vector<unsigned char> file_image(const Handle& file);
/// Opens bytes made by file_image() read-only; `name` is for messages.
[[nodiscard]] Handle open_file_image(std::span<const unsigned char> bytes, const std::string& name);
/// The file name an object belongs to (for messages).
[[nodiscard]] std::string file_name(const Handle& object);

/// Creates a group (and missing parents) at `path` relative to `location`.
[[nodiscard]] Handle create_group(const Handle& location, const std::string& path);
[[nodiscard]] Handle open_group(const Handle& location, const std::string& path);
/// True if a link `path` (relative to `location`) exists, parents included.
[[nodiscard]] bool exists(const Handle& location, const std::string& path);
/// The names of a group's members, in creation order when tracked, else by name.
[[nodiscard]] std::vector<std::string> members(const Handle& group);
[[nodiscard]] bool is_group(const Handle& location, const std::string& path);

// ---- attributes (on any object) -----------------------------------------

void set_attribute(const Handle& object, const std::string& name, std::string_view value);
void set_attribute(const Handle& object, const std::string& name, std::int64_t value);
void set_attribute(const Handle& object, const std::string& name, std::int8_t value);
void set_attribute(const Handle& object, const std::string& name, double value);
void set_attribute(const Handle& object, const std::string& name, std::span<const double> values);
void set_attribute(const Handle& object, const std::string& name, std::span<const std::int8_t> values);
[[nodiscard]] bool has_attribute(const Handle& object, const std::string& name);
[[nodiscard]] std::string string_attribute(const Handle& object, const std::string& name);
/// Integer attribute of any integer type; throws if absent.
[[nodiscard]] std::int64_t int_attribute(const Handle& object, const std::string& name);
[[nodiscard]] double double_attribute(const Handle& object, const std::string& name);

// ---- datasets -------------------------------------------------------------

struct DatasetOptions {
  /// Chunk shape (empty: contiguous, only for fixed-size datasets).
  std::vector<std::uint64_t> chunk;
  /// Unlimited maximum size along these dimensions (needs chunks).
  std::vector<bool> unlimited;
  bool compress = true;  ///< deflate (level 1: fast; shuffle does most of the work) with shuffle; needs chunks
  /// Fill value NaN for f64 (netCDF's _FillValue attribute is written too).
  bool nan_fill = true;
  bool checksum = true;  ///< Fletcher32 on every chunk (a damaged chunk fails to read); needs chunks
};

/// Creates a dataset of `type` and `shape` (a scalar when empty).
[[nodiscard]] Handle create_dataset(const Handle& location, const std::string& name, Type type,
                                    const std::vector<std::uint64_t>& shape, const DatasetOptions& options = {});
[[nodiscard]] Handle open_dataset(const Handle& location, const std::string& path);
[[nodiscard]] std::vector<std::uint64_t> shape(const Handle& dataset);
[[nodiscard]] Type type(const Handle& dataset);
/// Reads every chunk of a checksummed dataset as stored and checks its
/// Fletcher32 checksum, and that every chunk of its extent is on disk
/// (none lost to a failed write). Cheaper than reading the values (nothing
/// is inflated or converted). False, having checked nothing, for a dataset
/// without the checksum (strings, contiguous ones): read those through.
/// Throws IoError naming the dataset for a damaged or missing chunk.
[[nodiscard]] bool verify_chunks(const Handle& dataset);
/// Whether any dimension of the dataset can grow (an unlimited maximum).
[[nodiscard]] bool extendable(const Handle& dataset);
/// Grows an extendable dataset to `shape`.
void extend(const Handle& dataset, const std::vector<std::uint64_t>& shape);

/// Writes a block at `offset` of extent `count` (row-major; sizes must
/// match). Empty offset and count: the whole dataset.
void write(const Handle& dataset, std::span<const double> values, const std::vector<std::uint64_t>& offset = {},
           const std::vector<std::uint64_t>& count = {});
void write(const Handle& dataset, std::span<const std::int64_t> values, const std::vector<std::uint64_t>& offset = {},
           const std::vector<std::uint64_t>& count = {});
void write(const Handle& dataset, std::span<const std::int8_t> values, const std::vector<std::uint64_t>& offset = {},
           const std::vector<std::uint64_t>& count = {});
void write(const Handle& dataset, std::span<const std::string> values, const std::vector<std::uint64_t>& offset = {},
           const std::vector<std::uint64_t>& count = {});

/// Reads a block (or, with empty offset and count, all of it), converting
/// any numeric type to the requested one.
[[nodiscard]] std::vector<double> read_doubles(const Handle& dataset, const std::vector<std::uint64_t>& offset = {},
                                               const std::vector<std::uint64_t>& count = {});
[[nodiscard]] std::vector<std::int64_t> read_ints(const Handle& dataset, const std::vector<std::uint64_t>& offset = {},
                                                  const std::vector<std::uint64_t>& count = {});
[[nodiscard]] std::vector<std::int8_t> read_int8s(const Handle& dataset, const std::vector<std::uint64_t>& offset = {},
                                                  const std::vector<std::uint64_t>& count = {});
[[nodiscard]] std::vector<std::string> read_strings(const Handle& dataset,
                                                    const std::vector<std::uint64_t>& offset = {},
                                                    const std::vector<std::uint64_t>& count = {});

// ---- dimension scales (netCDF-4 dimensions) -------------------------------

/// Makes `dataset` the dimension scale (coordinate variable) named `name`.
void make_scale(const Handle& dataset, const std::string& name);
/// Attaches `scale` to dimension `index` of `dataset`.
void attach_scale(const Handle& dataset, const Handle& scale, unsigned index);
/// The name of the (first) scale attached to each dimension, "" where none is.
[[nodiscard]] std::vector<std::string> dimension_names(const Handle& dataset);

}  // namespace porttwin::io::h5
