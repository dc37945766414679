// A disk that fills up, for tests: LD_PRELOAD this library into porttwin and
// every write to a file under $PORTTWIN_FAIL_WRITES_UNDER fails with ENOSPC
// once $PORTTWIN_FAIL_WRITES_AFTER bytes have been written there, as on a
// full disk. With $PORTTWIN_FAIL_WRITES_COUNT_TO set instead, nothing fails
// and the number of bytes written there is stored in that file at exit (a
// test sizes its budgets from it).
//
// It catches what HDF5's sec2 driver (pwrite) and porttwin's own writers
// (write) call through the dynamic linker; glibc's stdio writes internally
// and is not seen, which is why porttwin writes its files with write(2).
// Under the address sanitizer the test sets verify_asan_link_order=0.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<long long> g_written{0};

const char* watched_prefix() {
  static const char* prefix = std::getenv("PORTTWIN_FAIL_WRITES_UNDER");
  return prefix;
}

long long budget() {
  static const long long value = [] {
    const char* text = std::getenv("PORTTWIN_FAIL_WRITES_AFTER");
    return text != nullptr ? std::atoll(text) : -1;  // -1: never fail (count only)
  }();
  return value;
}

bool watched(int fd) {
  const char* prefix = watched_prefix();
  if (prefix == nullptr || fd < 0) return false;
  char link[64];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  char target[4096];
  const ssize_t n = ::readlink(link, target, sizeof target - 1);
  if (n <= 0) return false;
  target[n] = '\0';
  return std::strncmp(target, prefix, std::strlen(prefix)) == 0;
}

/// False (errno ENOSPC) when `bytes` more would go past the budget.
bool allowed(int fd, std::size_t bytes) {
  if (!watched(fd)) return true;
  const long long before = g_written.fetch_add(static_cast<long long>(bytes));
  if (budget() >= 0 && before + static_cast<long long>(bytes) > budget()) {
    g_written.fetch_sub(static_cast<long long>(bytes));
    errno = ENOSPC;
    return false;
  }
  return true;
}

template <class F>
F real(const char* name) {
  // A data pointer to a function pointer: memcpy, as POSIX allows and ISO C++ does not spell.
  void* symbol = ::dlsym(RTLD_NEXT, name);
  F f = nullptr;
  std::memcpy(&f, &symbol, sizeof f);
  return f;
}

struct CountAtExit {
  ~CountAtExit() {
    const char* to = std::getenv("PORTTWIN_FAIL_WRITES_COUNT_TO");
    if (to == nullptr) return;
    if (std::FILE* f = std::fopen(to, "w")) {
      std::fprintf(f, "%lld\n", g_written.load());
      std::fclose(f);
    }
  }
} g_count_at_exit;

}  // namespace

extern "C" {

ssize_t write(int fd, const void* data, std::size_t n) {
  static const auto next = real<ssize_t (*)(int, const void*, std::size_t)>("write");
  if (!allowed(fd, n)) return -1;
  return next(fd, data, n);
}

ssize_t pwrite(int fd, const void* data, std::size_t n, off_t offset) {
  static const auto next = real<ssize_t (*)(int, const void*, std::size_t, off_t)>("pwrite");
  if (!allowed(fd, n)) return -1;
  return next(fd, data, n, offset);
}

ssize_t pwrite64(int fd, const void* data, std::size_t n, off64_t offset) {
  static const auto next = real<ssize_t (*)(int, const void*, std::size_t, off64_t)>("pwrite64");
  if (!allowed(fd, n)) return -1;
  return next(fd, data, n, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  static const auto next = real<ssize_t (*)(int, const struct iovec*, int)>("writev");
  std::size_t n = 0;
  for (int i = 0; i < count; ++i) n += iov[i].iov_len;
  if (!allowed(fd, n)) return -1;
  return next(fd, iov, count);
}

}  // extern "C"
