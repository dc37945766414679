// Running work on a chosen number of oneTBB threads, and the fork-joins
// porttwin hands to them (parallel_for_each, parallel_invoke).
//
// Both the parallel scheduler and the ensemble runner take a thread count;
// 0 means "whatever arena I am called in", which is how a parallel run nests
// inside an ensemble without oversubscribing. Asking for more threads than
// the machine has cores is allowed (determinism tests run 4 threads on 2
// cores): oneTBB caps its pool at the core count unless a global_control
// raises the cap, so this raises it for the duration of the work.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace porttwin::kernel {

// Under ThreadSanitizer (the tsan preset) the fork-joins below run on plain
// std::threads instead of oneTBB: Debian's oneTBB is not instrumented, so
// TSan cannot see the happens-before its task waits give, and would report
// every fork-join (and oneTBB's own inlined range splitting) as a race. The
// work porttwin hands out, its locks and its shared state are the same code
// either way; only who runs the pieces differs, and never what they compute.
#if defined(__SANITIZE_THREAD__)
inline constexpr bool kPlainThreads = true;
#else
inline constexpr bool kPlainThreads = false;
#endif

namespace detail {
/// kPlainThreads: the threads the current "arena" has.
inline thread_local int t_plain_threads = 0;
}  // namespace detail

/// Threads that `threads` means here: itself, or the current arena's size for 0.
[[nodiscard]] inline int effective_threads(int threads) {
  if (threads > 0) return threads;
  if constexpr (kPlainThreads) {
    return detail::t_plain_threads > 0 ? detail::t_plain_threads
                                       : static_cast<int>(std::thread::hardware_concurrency());
  }
  return oneapi::tbb::this_task_arena::max_concurrency();
}

/// Run fn() on `threads` threads (0: in the calling arena).
template <class Fn>
void run_on_threads(int threads, Fn&& fn) {
  if (threads <= 0) {
    fn();
    return;
  }
  if constexpr (kPlainThreads) {
    const int saved = detail::t_plain_threads;
    detail::t_plain_threads = threads;
    struct Restore {
      int saved;
      ~Restore() { detail::t_plain_threads = saved; }
    } restore{saved};
    fn();
    return;
  }
  std::optional<oneapi::tbb::global_control> raise_cap;
  if (threads > oneapi::tbb::info::default_concurrency()) {
    raise_cap.emplace(oneapi::tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  }
  oneapi::tbb::task_arena arena(threads);
  arena.execute(fn);
}

/// body(i) for every i in [0, n), concurrently on the current arena's
/// threads, handed out one at a time (a slow one holds back nobody). An
/// exception from any body stops handing out the rest and is rethrown once
/// the running ones have finished.
template <class Body>
void parallel_for_each(std::uint32_t n, Body&& body) {
  if constexpr (kPlainThreads) {
    const int inherited = detail::t_plain_threads;
    const auto workers =
        static_cast<std::uint32_t>(std::max(1, std::min<int>(effective_threads(0), static_cast<int>(n))));
    std::atomic<std::uint32_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    std::mutex failure_lock;
    const auto work = [&] {
      detail::t_plain_threads = inherited;
      for (std::uint32_t i = next++; i < n && !failed.load(); i = next++) {
        try {
          body(i);
        } catch (...) {
          const std::lock_guard guard(failure_lock);
          if (!failure) failure = std::current_exception();
          failed.store(true);
        }
      }
    };
    std::vector<std::thread> threads;
    for (std::uint32_t w = 1; w < workers; ++w) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
    return;
  }
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<std::uint32_t>(0, n, 1),
      [&](const oneapi::tbb::blocked_range<std::uint32_t>& range) {
        for (std::uint32_t i = range.begin(); i != range.end(); ++i) body(i);
      },
      oneapi::tbb::simple_partitioner());
}

/// a() and b() concurrently; an exception from either is rethrown after both.
template <class A, class B>
void parallel_invoke(A&& a, B&& b) {
  parallel_for_each(2, [&](std::uint32_t i) {
    if (i == 0) {
      a();
    } else {
      b();
    }
  });
}

}  // namespace porttwin::kernel
