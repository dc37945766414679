#include "porttwin/kernel/links.hpp"

#include <string>

#include "porttwin/kernel/error.hpp"

namespace porttwin::kernel {

LinkTable LinkTable::all_to_all(LpId lp_count, Ticks latency) {
  if (latency < 0) {
    throw UsageError("link latency must be >= 0, got " + std::to_string(latency) + " ticks");
  }
  LinkTable table;
  table.lp_count_ = lp_count;
  table.all_to_all_ = true;
  table.lookahead_ = lp_count > 1 ? latency : kTimeMax;
  return table;
}

LinkTable LinkTable::declared(LpId lp_count, std::span<const Link> links) {
  std::vector<Link> sorted(links.begin(), links.end());
  for (const Link& link : sorted) {
    if (link.source >= lp_count || link.target >= lp_count) {
      throw UsageError("link " + std::to_string(link.source) + " -> " + std::to_string(link.target) +
                       " names an LP outside 0.." + std::to_string(lp_count) + "-1");
    }
    if (link.min_latency < 0) {
      throw UsageError("link " + std::to_string(link.source) + " -> " + std::to_string(link.target) +
                       " has a negative latency");
    }
  }
  std::sort(sorted.begin(), sorted.end(), [](const Link& a, const Link& b) {
    if (a.source != b.source) return a.source < b.source;
    if (a.target != b.target) return a.target < b.target;
    return a.min_latency < b.min_latency;
  });

  LinkTable table;
  table.lp_count_ = lp_count;
  table.row_begin_.assign(std::size_t{lp_count} + 1, 0);
  const Link* previous = nullptr;
  for (const Link& link : sorted) {
    const bool self_link = link.source == link.target;  // self-scheduling needs no link
    const bool duplicate = previous != nullptr && previous->source == link.source &&
                           previous->target == link.target;  // sorted: the smallest latency came first
    previous = &link;
    if (self_link || duplicate) continue;
    table.targets_.push_back(link.target);
    table.latencies_.push_back(link.min_latency);
    ++table.row_begin_[std::size_t{link.source} + 1];
    table.lookahead_ = std::min(table.lookahead_, link.min_latency);
  }
  for (std::size_t i = 1; i < table.row_begin_.size(); ++i) {
    table.row_begin_[i] += table.row_begin_[i - 1];  // counts -> offsets
  }
  return table;
}

}  // namespace porttwin::kernel
