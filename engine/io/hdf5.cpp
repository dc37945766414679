// See io/hdf5.hpp.
#include "porttwin/io/hdf5.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "porttwin/io/files.hpp"
#include "porttwin/kernel/error.hpp"

namespace porttwin::io::h5 {

static_assert(std::is_same_v<hid_t, std::int64_t>, "HDF5 1.10+ with 64-bit hid_t expected");

namespace {

std::atomic<std::uint64_t> g_silent_close_failures{0};

/// A system error HDF5 passed on in words ("No space left on device"), said
/// with its name as porttwin says it elsewhere ("disk full (ENOSPC: ...)").
std::string with_errno_name(const std::string& words) {
  for (const int e : {ENOSPC, EDQUOT, EFBIG, EIO, EROFS, EACCES, EPERM, ENOENT, EISDIR, ENOTDIR, EMFILE}) {
    char buffer[256];
    if (words == strerror_r(e, buffer, sizeof buffer)) return describe_errno(e);
  }
  return words;
}

/// HDF5's innermost error messages (the reason at the bottom of its stack,
/// e.g. the system's "No space left on device"), joined.
herr_t collect(unsigned n, const H5E_error2_t* e, void* data) {
  auto* out = static_cast<std::string*>(data);
  if (e->desc != nullptr && *e->desc != '\0') {
    if (n == 0) {
      *out = e->desc;
    } else if (out->find(e->desc) == std::string::npos) {
      *out += std::string("; ") + e->desc;
    }
  }
  return 0;
}

std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &reason);
  H5Eclear2(H5E_DEFAULT);
  // A failed system call: HDF5's innermost message carries the system's own
  // words ("error message = 'No space left on device'"); that is the reason.
  const std::string marker = "error message = '";
  const std::size_t at = reason.find(marker);
  if (at != std::string::npos) {
    const std::size_t from = at + marker.size();
    const std::size_t to = reason.find('\'', from);
    if (to != std::string::npos) return with_errno_name(reason.substr(from, to - from));
  }
  const std::size_t semicolon = reason.find("; ");
  if (semicolon != std::string::npos) reason.resize(semicolon);
  return reason.empty() ? "HDF5 error" : reason;
}

/// Turns HDF5's automatic stack printing off once: errors become exceptions.
void quiet() {
  static const bool done = [] {
    // No clean-up at exit: after a failed write (a full disk) HDF5's own
    // at-exit flush of the broken file can crash; porttwin closes what it
    // opens, and the partial file is removed anyway.
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

std::string where(hid_t id) {
  if (id < 0) return "?";
  std::string file;
  const ssize_t fn = H5Fget_name(id, nullptr, 0);
  if (fn > 0) {
    file.resize(static_cast<std::size_t>(fn) + 1);
    H5Fget_name(id, file.data(), file.size());
    file.resize(static_cast<std::size_t>(fn));
  }
  std::string object;
  const ssize_t on = H5Iget_name(id, nullptr, 0);
  if (on > 0) {
    object.resize(static_cast<std::size_t>(on) + 1);
    H5Iget_name(id, object.data(), object.size());
    object.resize(static_cast<std::size_t>(on));
  }
  H5Eclear2(H5E_DEFAULT);
  if (file.empty()) return object;
  return object.empty() || object == "/" ? file : file + ":" + object;
}

/// HDF5's reason for the failure just reported, in porttwin's words. Taken
/// before anything else calls HDF5: every API call clears the error stack.
std::string failure_reason() {
  std::string reason = hdf5_reason();
  // A chunk whose Fletcher32 checksum does not match what is stored.
  if (reason.find("Fletcher32") != std::string::npos ||
      reason.find("filter returned failure during read") != std::string::npos) {
    reason = "the file is damaged (" + reason + ")";
  }
  return reason;
}

[[noreturn]] void fail(const std::string& what) { throw IoError(what + ": " + failure_reason()); }

/// A failure at `location`: the reason first, then the object's name (which asks HDF5 again).
[[noreturn]] void fail_at(hid_t location, const std::string& what) {
  const std::string reason = failure_reason();
  throw IoError(where(location) + ": cannot " + what + ": " + reason);
}

hid_t check(hid_t id, hid_t location, const std::string& what) {
  if (id < 0) fail_at(location, what);
  return id;
}

void check(herr_t status, hid_t location, const std::string& what) {
  if (status < 0) fail_at(location, what);
}

/// A property list with creation order tracked and indexed (as netCDF-4 does).
Handle ordered(hid_t cls) {
  Handle plist(H5Pcreate(cls));
  if (cls == H5P_GROUP_CREATE || cls == H5P_FILE_CREATE) {
    H5Pset_link_creation_order(plist.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  }
  H5Pset_attr_creation_order(plist.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  return plist;
}

Handle string_type() {
  Handle t(H5Tcopy(H5T_C_S1));
  H5Tset_size(t.id(), H5T_VARIABLE);
  H5Tset_cset(t.id(), H5T_CSET_UTF8);
  return t;
}

hid_t file_type(Type type) {
  switch (type) {
    case Type::f64: return H5T_IEEE_F64LE;
    case Type::i64: return H5T_STD_I64LE;
    case Type::i8: return H5T_STD_I8LE;
    case Type::str: break;
  }
  return -1;
}

/// The dataspace selection for a block (or the whole dataset): (memory
/// space, file space, number of elements).
struct Selection {
  Handle memory;
  Handle file;
  std::size_t elements = 0;
};

Selection select(const Handle& dataset, const std::vector<std::uint64_t>& offset,
                 const std::vector<std::uint64_t>& count) {
  Selection s;
  s.file = Handle(check(H5Dget_space(dataset.id()), dataset.id(), "get the dataspace"));
  const int rank = H5Sget_simple_extent_ndims(s.file.id());
  if (offset.empty() && count.empty()) {
    const hssize_t n = H5Sget_simple_extent_npoints(s.file.id());
    s.elements = static_cast<std::size_t>(n);
    s.memory = Handle(H5Scopy(s.file.id()));
    return s;
  }
  if (static_cast<int>(offset.size()) != rank || static_cast<int>(count.size()) != rank) {
    throw IoError(where(dataset.id()) + ": a block of rank " + std::to_string(count.size()) +
                  " for a dataset of rank " + std::to_string(rank));
  }
  std::vector<hsize_t> off(offset.begin(), offset.end()), cnt(count.begin(), count.end());
  check(H5Sselect_hyperslab(s.file.id(), H5S_SELECT_SET, off.data(), nullptr, cnt.data(), nullptr), dataset.id(),
        "select a block");
  s.elements = 1;
  for (auto c : count) s.elements *= static_cast<std::size_t>(c);
  s.memory = Handle(H5Screate_simple(rank, cnt.data(), nullptr));
  return s;
}

/// A transfer property list whose type-conversion buffer fits `elements`
/// strings. HDF5's default buffer is 1 MB, allocated zeroed at every read or
/// write that converts (variable-length strings always do): for the short
/// columns of a replication that zeroing cost more than the writing itself.
Handle string_transfer(std::size_t elements) {
  constexpr std::size_t kPerString = 64;  // room for the largest string type HDF5 converts through
  const std::size_t bytes = std::clamp<std::size_t>(elements * kPerString, 4096, std::size_t{1} << 20);
  Handle dxpl(H5Pcreate(H5P_DATASET_XFER));
  check(H5Pset_buffer(dxpl.id(), bytes, nullptr, nullptr), dxpl.id(), "size the conversion buffer");
  return dxpl;
}

template <class T>
void write_numeric(const Handle& dataset, std::span<const T> values, hid_t mem_type,
                   const std::vector<std::uint64_t>& offset, const std::vector<std::uint64_t>& count) {
  const Selection s = select(dataset, offset, count);
  if (s.elements != values.size()) {
    throw IoError(where(dataset.id()) + ": " + std::to_string(values.size()) + " values for a block of " +
                  std::to_string(s.elements));
  }
  if (s.elements == 0) return;
  check(H5Dwrite(dataset.id(), mem_type, s.memory.id(), s.file.id(), H5P_DEFAULT, values.data()), dataset.id(),
        "write");
}

template <class T>
std::vector<T> read_numeric(const Handle& dataset, hid_t mem_type, const std::vector<std::uint64_t>& offset,
                            const std::vector<std::uint64_t>& count) {
  const Selection s = select(dataset, offset, count);
  std::vector<T> out(s.elements);
  if (s.elements == 0) return out;
  check(H5Dread(dataset.id(), mem_type, s.memory.id(), s.file.id(), H5P_DEFAULT, out.data()), dataset.id(), "read");
  return out;
}

Handle open_attribute(const Handle& object, const std::string& name) {
  return Handle(check(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), object.id(), "open attribute '" + name + "'"));
}

template <class T>
void numeric_attribute(const Handle& object, const std::string& name, hid_t file_t, hid_t mem_t, const T* data,
                       std::size_t n, bool scalar) {
  if (H5Aexists(object.id(), name.c_str()) > 0) H5Adelete(object.id(), name.c_str());
  const hsize_t dims[1] = {n};
  Handle space(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, nullptr));
  Handle attribute(check(H5Acreate2(object.id(), name.c_str(), file_t, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                         object.id(), "create attribute '" + name + "'"));
  check(H5Awrite(attribute.id(), mem_t, data), object.id(), "write attribute '" + name + "'");
}

}  // namespace

Lock& lock() {
  static Lock mutex;
  return mutex;
}

void Lock::lock() {
  mutex_.lock();
  owner_.store(std::this_thread::get_id());
  ++depth_;
}

bool Lock::try_lock() {
  if (!mutex_.try_lock()) return false;
  owner_.store(std::this_thread::get_id());
  ++depth_;
  return true;
}

void Lock::unlock() {
  if (--depth_ == 0) owner_.store(std::thread::id());
  mutex_.unlock();
}

bool Lock::held() const noexcept { return owner_.load() == std::this_thread::get_id(); }

void require_lock() {
  if (!lock().held()) {
    throw std::logic_error("HDF5 called without io::h5::lock() held (HDF5 as Debian builds it is not thread-safe)");
  }
}
// ---- Handle ----------------------------------------------------------------

std::uint64_t silent_close_failures() noexcept { return g_silent_close_failures.load(); }

namespace {

/// Lets go of an object whose failure nobody can be told of (a destructor).
void release_quietly(hid_t id) noexcept {
  if (id < 0) return;
  const std::lock_guard guard(lock());  // a handle may go out of scope anywhere: it takes the lock itself
  if (H5Iis_valid(id) > 0 && H5Idec_ref(id) < 0) g_silent_close_failures.fetch_add(1);
  H5Eclear2(H5E_DEFAULT);
}

}  // namespace

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    release_quietly(id_);
    id_ = other.id_;
    other.id_ = -1;
  }
  return *this;
}

Handle::~Handle() { release_quietly(id_); }

void Handle::close() {
  if (id_ < 0) return;
  const std::lock_guard guard(lock());
  const H5I_type_t kind = H5Iget_type(id_);
  const std::string name = kind == H5I_FILE || kind == H5I_DATASET ? where(id_) : std::string("an HDF5 object");
  const hid_t id = id_;
  id_ = -1;
  if (kind == H5I_FILE) {
    // Flush first: a closing failure (the disk is full) must be seen.
    if (H5Fflush(id, H5F_SCOPE_LOCAL) < 0) {
      const std::string reason = hdf5_reason();
      H5Fclose(id);
      H5Eclear2(H5E_DEFAULT);
      throw IoError(name + ": cannot write: " + reason);
    }
    if (H5Fclose(id) < 0) fail(name + ": cannot close");
    return;
  }
  // Closing a dataset writes what it still caches (H5Dclose reports why it
  // failed; H5Idec_ref leaves HDF5's error stack empty).
  errno = 0;
  if ((kind == H5I_DATASET ? H5Dclose(id) : H5Idec_ref(id)) < 0) {
    const int error = errno;
    std::string reason = hdf5_reason();
    if (reason == "HDF5 error" && error != 0) reason = describe_errno(error);
    throw IoError(name + (kind == H5I_DATASET ? ": cannot write: " : ": cannot close: ") + reason);
  }
}

// ---- files and groups -------------------------------------------------------

Handle create_file(const std::string& path) {
  require_lock();
  quiet();
  Handle fcpl = ordered(H5P_FILE_CREATE);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  // netCDF-4 readers need the 1.8-compatible format (no newer object headers).
  H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18);
  // Close every object with the file, so a late handle cannot keep it open.
  H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG);
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id());
  if (id < 0) throw IoError(path + ": cannot create: " + hdf5_reason());
  return Handle(id);
}

Handle open_file(const std::string& path, bool write) {
  require_lock();
  quiet();
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw IoError(path + ": cannot open: " + describe_errno(errno));
    std::fclose(f);
    throw IoError(path + ": not an HDF5 file");
  }
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG);
  const hid_t id = H5Fopen(path.c_str(), write ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.id());
  if (id < 0) throw IoError(path + ": cannot open: " + hdf5_reason());
  return Handle(id);
}

Handle create_memory_file(const std::string& name) {
  require_lock();
  quiet();
  Handle fcpl = ordered(H5P_FILE_CREATE);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18);
  H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG);
  // Grown 64 kB at a time; never written to a file of that name.
  check(H5Pset_fapl_core(fapl.id(), std::size_t{64} << 10, false), fapl.id(), "core driver");
  const hid_t id = H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id());
  if (id < 0) throw IoError(name + ": cannot create in memory: " + hdf5_reason());
  return Handle(id);
}

std::vector<unsigned char> file_image(const Handle& file) {
  require_lock();
  check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), file.id(), "flush");
  const ssize_t size = H5Fget_file_image(file.id(), nullptr, 0);
  if (size < 0) throw IoError(file_name(file) + ": cannot take the file's image: " + hdf5_reason());
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
  if (H5Fget_file_image(file.id(), bytes.data(), bytes.size()) != size) {
    throw IoError(file_name(file) + ": cannot take the file's image: " + hdf5_reason());
  }
  return bytes;
}

Handle open_file_image(std::span<const unsigned char> bytes, const std::string& name) {
  require_lock();
  quiet();
  // H5LTopen_file_image copies the bytes (no flags), so the span may go away.
  const hid_t id = H5LTopen_file_image(const_cast<unsigned char*>(bytes.data()), bytes.size(), 0);
  if (id < 0) throw IoError(name + ": not an HDF5 file image: " + hdf5_reason());
  return Handle(id);
}

void flush(const Handle& file) { check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), file.id(), "flush"); }

std::string file_name(const Handle& object) { return where(object.id()); }

Handle create_group(const Handle& location, const std::string& path) {
  require_lock();
  Handle gcpl = ordered(H5P_GROUP_CREATE);
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE));
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  return Handle(check(H5Gcreate2(location.id(), path.c_str(), lcpl.id(), gcpl.id(), H5P_DEFAULT), location.id(),
                      "create group '" + path + "'"));
}

Handle open_group(const Handle& location, const std::string& path) {
  require_lock();
  return Handle(check(H5Gopen2(location.id(), path.c_str(), H5P_DEFAULT), location.id(), "open group '" + path + "'"));
}

bool exists(const Handle& location, const std::string& path) {
  require_lock();
  // H5Lexists needs every parent to exist: walk the path.
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    const std::string prefix = path.substr(0, next);
    if (!prefix.empty() && prefix != "/") {
      const htri_t e = H5Lexists(location.id(), prefix.c_str(), H5P_DEFAULT);
      if (e <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
      }
    }
    pos = next + 1;
  }
  return true;
}

bool is_group(const Handle& location, const std::string& path) {
  require_lock();
  if (!exists(location, path)) return false;
  H5O_info_t info;
  if (H5Oget_info_by_name(location.id(), path.c_str(), &info, H5P_DEFAULT) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  return info.type == H5O_TYPE_GROUP;
}

std::vector<std::string> members(const Handle& group) {
  require_lock();
  std::vector<std::string> names;
  H5G_info_t info;
  check(H5Gget_info(group.id(), &info), group.id(), "list the group");
  unsigned flags = 0;
  Handle gcpl(H5Gget_create_plist(group.id()));
  if (gcpl.valid()) H5Pget_link_creation_order(gcpl.id(), &flags);
  const H5_index_t index = (flags & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(group.id(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail_at(group.id(), "list the group");
    std::string name(static_cast<std::size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(group.id(), ".", index, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<std::size_t>(n));
    names.push_back(std::move(name));
  }
  return names;
}

// ---- attributes -------------------------------------------------------------

void set_attribute(const Handle& object, const std::string& name, std::string_view value) {
  require_lock();
  if (H5Aexists(object.id(), name.c_str()) > 0) H5Adelete(object.id(), name.c_str());
  Handle type = string_type();
  Handle space(H5Screate(H5S_SCALAR));
  Handle attribute(check(H5Acreate2(object.id(), name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                         object.id(), "create attribute '" + name + "'"));
  const std::string text(value);
  const char* data = text.c_str();
  check(H5Awrite(attribute.id(), type.id(), static_cast<const void*>(&data)), object.id(),
        "write attribute '" + name + "'");
}

void set_attribute(const Handle& object, const std::string& name, std::int64_t value) {
  require_lock();
  numeric_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value, 1, true);
}

void set_attribute(const Handle& object, const std::string& name, std::int8_t value) {
  require_lock();
  numeric_attribute(object, name, H5T_STD_I8LE, H5T_NATIVE_INT8, &value, 1, true);
}

void set_attribute(const Handle& object, const std::string& name, double value) {
  require_lock();
  numeric_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value, 1, true);
}

void set_attribute(const Handle& object, const std::string& name, std::span<const double> values) {
  require_lock();
  numeric_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size(), false);
}

void set_attribute(const Handle& object, const std::string& name, std::span<const std::int8_t> values) {
  require_lock();
  numeric_attribute(object, name, H5T_STD_I8LE, H5T_NATIVE_INT8, values.data(), values.size(), false);
}

bool has_attribute(const Handle& object, const std::string& name) {
  require_lock();
  const htri_t e = H5Aexists(object.id(), name.c_str());
  H5Eclear2(H5E_DEFAULT);
  return e > 0;
}

std::string string_attribute(const Handle& object, const std::string& name) {
  require_lock();
  Handle attribute = open_attribute(object, name);
  Handle type(H5Aget_type(attribute.id()));
  if (H5Tget_class(type.id()) != H5T_STRING)
    throw IoError(where(object.id()) + ": attribute '" + name + "' is not a string");
  Handle space(H5Aget_space(attribute.id()));
  if (H5Sget_simple_extent_npoints(space.id()) != 1) {
    throw IoError(where(object.id()) + ": attribute '" + name + "' is not a single string");
  }
  if (H5Tis_variable_str(type.id()) > 0) {
    Handle mem = string_type();
    char* data = nullptr;
    check(H5Aread(attribute.id(), mem.id(), static_cast<void*>(&data)), object.id(), "read attribute '" + name + "'");
    std::string out = data != nullptr ? data : "";
    H5free_memory(data);
    return out;
  }
  const std::size_t size = H5Tget_size(type.id());
  std::string out(size, '\0');
  Handle mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.id(), size);
  check(H5Aread(attribute.id(), mem.id(), out.data()), object.id(), "read attribute '" + name + "'");
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::int64_t int_attribute(const Handle& object, const std::string& name) {
  require_lock();
  Handle attribute = open_attribute(object, name);
  Handle space(H5Aget_space(attribute.id()));
  if (H5Sget_simple_extent_npoints(space.id()) != 1) {
    throw IoError(where(object.id()) + ": attribute '" + name + "' is not a single number");
  }
  std::int64_t value = 0;
  check(H5Aread(attribute.id(), H5T_NATIVE_INT64, &value), object.id(), "read attribute '" + name + "' as an integer");
  return value;
}

double double_attribute(const Handle& object, const std::string& name) {
  require_lock();
  Handle attribute = open_attribute(object, name);
  double value = 0;
  check(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value), object.id(), "read attribute '" + name + "' as a number");
  return value;
}

// ---- datasets -----------------------------------------------------------------

Handle create_dataset(const Handle& location, const std::string& name, Type type,
                      const std::vector<std::uint64_t>& shape, const DatasetOptions& options) {
  require_lock();
  const int rank = static_cast<int>(shape.size());
  std::vector<hsize_t> dims(shape.begin(), shape.end()), max(shape.begin(), shape.end());
  for (std::size_t i = 0; i < options.unlimited.size() && i < max.size(); ++i) {
    if (options.unlimited[i]) max[i] = H5S_UNLIMITED;
  }
  Handle space(rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims.data(), max.data()));
  Handle dcpl = ordered(H5P_DATASET_CREATE);
  if (!options.chunk.empty() && rank > 0) {
    std::vector<hsize_t> chunk(options.chunk.begin(), options.chunk.end());
    for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
    check(H5Pset_chunk(dcpl.id(), rank, chunk.data()), location.id(), "set chunks of '" + name + "'");
    if (options.compress) {
      H5Pset_shuffle(dcpl.id());
      H5Pset_deflate(dcpl.id(), 1);
    }
    // Last, so that it covers the bytes as stored (after compression).
    // Not for variable-length strings: HDF5 refuses it (their chunks hold
    // only references into the global heap).
    if (options.checksum && type != Type::str)
      check(H5Pset_fletcher32(dcpl.id()), location.id(), "set the checksum of '" + name + "'");
  }
  Handle str;
  hid_t ftype = file_type(type);
  if (type == Type::str) {
    str = string_type();
    ftype = str.id();
  } else if (type == Type::f64 && options.nan_fill) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    H5Pset_fill_value(dcpl.id(), H5T_NATIVE_DOUBLE, &nan);
  }
  Handle dataset(check(H5Dcreate2(location.id(), name.c_str(), ftype, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
                       location.id(), "create dataset '" + name + "'"));
  if (type == Type::f64 && options.nan_fill) {
    set_attribute(dataset, "_FillValue", std::numeric_limits<double>::quiet_NaN());
  }
  return dataset;
}

Handle open_dataset(const Handle& location, const std::string& path) {
  require_lock();
  return Handle(
      check(H5Dopen2(location.id(), path.c_str(), H5P_DEFAULT), location.id(), "open dataset '" + path + "'"));
}

std::vector<std::uint64_t> shape(const Handle& dataset) {
  require_lock();
  Handle space(check(H5Dget_space(dataset.id()), dataset.id(), "get the dataspace"));
  const int rank = H5Sget_simple_extent_ndims(space.id());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  return {dims.begin(), dims.end()};
}

Type type(const Handle& dataset) {
  require_lock();
  Handle t(H5Dget_type(dataset.id()));
  switch (H5Tget_class(t.id())) {
    case H5T_FLOAT: return Type::f64;
    case H5T_STRING: return Type::str;
    case H5T_INTEGER: return H5Tget_size(t.id()) == 1 ? Type::i8 : Type::i64;
    default: throw IoError(where(dataset.id()) + ": a type porttwin does not write");
  }
}

namespace {

/// HDF5's Fletcher32 (H5checksum.c, as its filter computes it): sums of
/// big-endian 16-bit words, folded every 360 words; an odd last byte is the
/// high byte of a word.
std::uint32_t fletcher32(const unsigned char* data, std::size_t bytes) {
  std::uint32_t sum1 = 0, sum2 = 0;
  std::size_t words = bytes / 2;
  while (words > 0) {
    std::size_t block = std::min<std::size_t>(words, 360);
    words -= block;
    for (; block > 0; --block, data += 2) {
      sum1 += (static_cast<std::uint32_t>(data[0]) << 8) | data[1];
      sum2 += sum1;
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (bytes % 2 != 0) {
    sum1 += static_cast<std::uint32_t>(*data) << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

/// Whether a stored chunk (its checksum in its last 4 bytes, little-endian)
/// checks out; HDF5 also accepts the byte-swapped sum older versions wrote.
bool checksum_matches(const std::vector<unsigned char>& chunk) {
  if (chunk.size() < 4) return false;
  const std::size_t n = chunk.size() - 4;
  const std::uint32_t stored = static_cast<std::uint32_t>(chunk[n]) | (static_cast<std::uint32_t>(chunk[n + 1]) << 8) |
                               (static_cast<std::uint32_t>(chunk[n + 2]) << 16) |
                               (static_cast<std::uint32_t>(chunk[n + 3]) << 24);
  const std::uint32_t sum = fletcher32(chunk.data(), n);
  const std::uint32_t reversed = ((sum & 0x00ff00ffU) << 8) | ((sum >> 8) & 0x00ff00ffU);
  return stored == sum || stored == reversed;
}

}  // namespace

bool verify_chunks(const Handle& dataset) {
  require_lock();
  const hid_t id = dataset.id();
  Handle dcpl(H5Dget_create_plist(id));
  if (!dcpl.valid() || H5Pget_layout(dcpl.id()) != H5D_CHUNKED) return false;
  const int filters = H5Pget_nfilters(dcpl.id());
  if (filters <= 0) return false;
  unsigned flags = 0, config = 0;
  std::size_t values = 0;
  if (H5Pget_filter2(dcpl.id(), static_cast<unsigned>(filters - 1), &flags, &values, nullptr, 0, nullptr, &config) !=
      H5Z_FILTER_FLETCHER32) {
    return false;  // no checksum, or not over the bytes as stored
  }
  const std::vector<std::uint64_t> extent = shape(dataset);
  const int rank = static_cast<int>(extent.size());
  std::vector<hsize_t> chunk(extent.size());
  if (rank == 0 || H5Pget_chunk(dcpl.id(), rank, chunk.data()) != rank) return false;
  if (std::ranges::find(extent, std::uint64_t{0}) != extent.end()) return true;  // nothing stored
  // Every chunk of the extent, by its coordinates (a look-up by index would
  // walk the chunk index from its start every time).
  std::vector<hsize_t> at(extent.size(), 0);
  std::vector<unsigned char> bytes;
  for (;;) {
    unsigned mask = 0;
    haddr_t address = HADDR_UNDEF;
    hsize_t size = 0;
    check(H5Dget_chunk_info_by_coord(id, at.data(), &mask, &address, &size), id, "find a chunk");
    std::string where_chunk;
    for (const hsize_t x : at) where_chunk += (where_chunk.empty() ? "" : ", ") + std::to_string(x);
    if (address == HADDR_UNDEF) {
      throw IoError(where(id) + ": the chunk at [" + where_chunk + "] is not in the file (a write was lost)");
    }
    if ((mask & (1U << static_cast<unsigned>(filters - 1))) != 0) return false;  // stored without its checksum
    bytes.resize(static_cast<std::size_t>(size));
    std::uint32_t skipped = 0;
    check(H5Dread_chunk(id, H5P_DEFAULT, at.data(), &skipped, bytes.data()), id, "read a chunk");
    if (!checksum_matches(bytes)) {
      throw IoError(where(id) + ": the file is damaged (the chunk at [" + where_chunk +
                    "] does not match its Fletcher32 checksum)");
    }
    // The next chunk's coordinates, last dimension fastest.
    int k = rank - 1;
    for (; k >= 0; --k) {
      const auto u = static_cast<std::size_t>(k);
      at[u] += chunk[u];
      if (at[u] < extent[u]) break;
      at[u] = 0;
    }
    if (k < 0) return true;
  }
}

bool extendable(const Handle& dataset) {
  require_lock();
  Handle space(check(H5Dget_space(dataset.id()), dataset.id(), "get the dataspace"));
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank <= 0) return false;
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank)), max(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.id(), dims.data(), max.data());
  return std::find(max.begin(), max.end(), H5S_UNLIMITED) != max.end();
}

void extend(const Handle& dataset, const std::vector<std::uint64_t>& new_shape) {
  require_lock();
  std::vector<hsize_t> dims(new_shape.begin(), new_shape.end());
  check(H5Dset_extent(dataset.id(), dims.data()), dataset.id(), "extend");
}

void write(const Handle& dataset, std::span<const double> values, const std::vector<std::uint64_t>& offset,
           const std::vector<std::uint64_t>& count) {
  require_lock();
  write_numeric(dataset, values, H5T_NATIVE_DOUBLE, offset, count);
}
void write(const Handle& dataset, std::span<const std::int64_t> values, const std::vector<std::uint64_t>& offset,
           const std::vector<std::uint64_t>& count) {
  require_lock();
  write_numeric(dataset, values, H5T_NATIVE_INT64, offset, count);
}
void write(const Handle& dataset, std::span<const std::int8_t> values, const std::vector<std::uint64_t>& offset,
           const std::vector<std::uint64_t>& count) {
  require_lock();
  write_numeric(dataset, values, H5T_NATIVE_INT8, offset, count);
}

void write(const Handle& dataset, std::span<const std::string> values, const std::vector<std::uint64_t>& offset,
           const std::vector<std::uint64_t>& count) {
  require_lock();
  const Selection s = select(dataset, offset, count);
  if (s.elements != values.size()) {
    throw IoError(where(dataset.id()) + ": " + std::to_string(values.size()) + " strings for a block of " +
                  std::to_string(s.elements));
  }
  if (s.elements == 0) return;
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) pointers.push_back(v.c_str());
  Handle type = string_type();
  const Handle transfer = string_transfer(s.elements);
  check(H5Dwrite(dataset.id(), type.id(), s.memory.id(), s.file.id(), transfer.id(), pointers.data()), dataset.id(),
        "write");
}

std::vector<double> read_doubles(const Handle& dataset, const std::vector<std::uint64_t>& offset,
                                 const std::vector<std::uint64_t>& count) {
  require_lock();
  return read_numeric<double>(dataset, H5T_NATIVE_DOUBLE, offset, count);
}
std::vector<std::int64_t> read_ints(const Handle& dataset, const std::vector<std::uint64_t>& offset,
                                    const std::vector<std::uint64_t>& count) {
  require_lock();
  return read_numeric<std::int64_t>(dataset, H5T_NATIVE_INT64, offset, count);
}
std::vector<std::int8_t> read_int8s(const Handle& dataset, const std::vector<std::uint64_t>& offset,
                                    const std::vector<std::uint64_t>& count) {
  require_lock();
  return read_numeric<std::int8_t>(dataset, H5T_NATIVE_INT8, offset, count);
}

std::vector<std::string> read_strings(const Handle& dataset, const std::vector<std::uint64_t>& offset,
                                      const std::vector<std::uint64_t>& count) {
  require_lock();
  const Selection s = select(dataset, offset, count);
  std::vector<std::string> out(s.elements);
  if (s.elements == 0) return out;
  Handle ftype(H5Dget_type(dataset.id()));
  if (H5Tget_class(ftype.id()) != H5T_STRING) throw IoError(where(dataset.id()) + ": not a string dataset");
  if (H5Tis_variable_str(ftype.id()) > 0) {
    Handle type = string_type();
    std::vector<char*> pointers(s.elements, nullptr);
    const Handle transfer = string_transfer(s.elements);
    check(H5Dread(dataset.id(), type.id(), s.memory.id(), s.file.id(), transfer.id(), pointers.data()), dataset.id(),
          "read");
    for (std::size_t i = 0; i < pointers.size(); ++i) out[i] = pointers[i] != nullptr ? pointers[i] : "";
    H5Dvlen_reclaim(type.id(), s.memory.id(), H5P_DEFAULT, pointers.data());
    return out;
  }
  const std::size_t size = H5Tget_size(ftype.id());
  std::vector<char> buffer(size * s.elements);
  Handle mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.id(), size);
  const Handle transfer = string_transfer(s.elements * (size / 64 + 1));
  check(H5Dread(dataset.id(), mem.id(), s.memory.id(), s.file.id(), transfer.id(), buffer.data()), dataset.id(),
        "read");
  for (std::size_t i = 0; i < s.elements; ++i)
    out[i] = std::string(buffer.data() + i * size, strnlen(buffer.data() + i * size, size));
  return out;
}

// ---- dimension scales --------------------------------------------------------

void make_scale(const Handle& dataset, const std::string& name) {
  require_lock();
  check(H5DSset_scale(dataset.id(), name.c_str()), dataset.id(), "make a dimension scale");
}

void attach_scale(const Handle& dataset, const Handle& scale, unsigned index) {
  require_lock();
  check(H5DSattach_scale(dataset.id(), scale.id(), index), dataset.id(), "attach a dimension scale");
}

namespace {

herr_t scale_name(hid_t /*dataset*/, unsigned /*dim*/, hid_t scale, void* data) {
  auto* out = static_cast<std::string*>(data);
  const ssize_t n = H5DSget_scale_name(scale, nullptr, 0);
  if (n > 0) {
    out->resize(static_cast<std::size_t>(n) + 1);
    H5DSget_scale_name(scale, out->data(), out->size());
    out->resize(static_cast<std::size_t>(n));
  }
  return 1;  // the first scale is enough
}

}  // namespace

std::vector<std::string> dimension_names(const Handle& dataset) {
  require_lock();
  const std::vector<std::uint64_t> dims = shape(dataset);
  std::vector<std::string> names(dims.size());
  if (H5DSis_scale(dataset.id()) > 0) {  // a coordinate: its own name
    std::string own;
    (void)scale_name(dataset.id(), 0, dataset.id(), &own);
    if (!names.empty()) names[0] = own;
    H5Eclear2(H5E_DEFAULT);
    return names;
  }
  for (unsigned k = 0; k < names.size(); ++k) {
    if (H5DSget_num_scales(dataset.id(), k) <= 0) continue;
    int index = 0;
    H5DSiterate_scales(dataset.id(), k, &index, scale_name, &names[k]);
  }
  H5Eclear2(H5E_DEFAULT);
  return names;
}

}  // namespace porttwin::io::h5
