// Running work on a chosen number of oneTBB threads.
//
// Both the parallel scheduler and the ensemble runner take a thread count;
// 0 means "whatever arena I am called in", which is how a parallel run nests
// inside an ensemble without oversubscribing. Asking for more threads than
// the machine has cores is allowed (determinism tests run 4 threads on 2
// cores): oneTBB caps its pool at the core count unless a global_control
// raises the cap, so this raises it for the duration of the work.
#pragma once

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <cstddef>
#include <optional>

namespace porttwin::kernel {

/// Threads that `threads` means here: itself, or the current arena's size for 0.
[[nodiscard]] inline int effective_threads(int threads) {
  return threads > 0 ? threads : oneapi::tbb::this_task_arena::max_concurrency();
}

/// Run fn() on `threads` threads (0: in the calling arena).
template <class Fn>
void run_on_threads(int threads, Fn&& fn) {
  if (threads <= 0) {
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

}  // namespace porttwin::kernel
