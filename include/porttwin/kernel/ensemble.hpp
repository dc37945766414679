// The ensemble runner: N independent replications in parallel on oneTBB.
//
// Each replication is deterministic on its own (its random streams are keyed
// by (seed, replication, LP)), so running them concurrently changes nothing
// but the wall time, and results come back in replication order whatever
// order they finished in. Replications are handed out one at a time (grain 1)
// so that a slow one does not hold back a batch.
#pragma once

#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "porttwin/kernel/threads.hpp"

namespace porttwin::kernel {

/// Run run_one(replication) for replication = first .. first+count-1 on
/// `threads` worker threads (0: the calling arena's). Returns the results in
/// replication order. An exception from any replication is rethrown (oneTBB
/// cancels the rest).
template <class RunOne>
auto run_replications(std::uint32_t first, std::uint32_t count, int threads, RunOne&& run_one)
    -> std::vector<std::invoke_result_t<RunOne&, std::uint32_t>> {
  using Result = std::invoke_result_t<RunOne&, std::uint32_t>;
  std::vector<std::optional<Result>> slots(count);
  const auto body = [&] { parallel_for_each(count, [&](std::uint32_t i) { slots[i].emplace(run_one(first + i)); }); };
  run_on_threads(threads, body);
  std::vector<Result> results;
  results.reserve(count);
  for (auto& slot : slots) results.push_back(std::move(*slot));
  return results;
}

}  // namespace porttwin::kernel
