// The pending-event set: where scheduled events wait until their time comes.
//
// Three implementations share one interface, so a scheduler takes the set as
// a template parameter and benchmarks/kernel/event_set_bench.cpp can decide
// between them on the "hold" model (pop the minimum, push one event at
// popped.time + 0.1 s + Exp(0.9 s), which is exactly PHOLD's increment).
//
//   set              push          pop (incl. top)   bytes per pending event
//   BinaryHeap       O(log n)      O(log n)          sizeof(E) .. 2 sizeof(E)
//   QuaternaryHeap   O(log n)      O(log n)          sizeof(E) .. 2 sizeof(E)
//   LadderQueue      O(1) amort.   O(1) amortized    sizeof(E) + ~6
//
// For the 24-byte PHOLD event: heaps 24 (a full vector) to 48 (just grown);
// ladder 30 at 16K..1M events, 36 at 1K (see LadderQueue). memory_bytes()
// reports capacities, so memory_bytes() / size() is the honest figure.
//
// Measured (hold model, PHOLD increments, 2-core AMD EPYC VM, items/s):
// the ladder is about 3x a binary heap at 16K events and 3-4x at 256K, and
// the default kernel set; the heaps stay as baselines and for tiny sets.
//
// Interface (same names everywhere):
//   push(e), top(), pop(), empty(), size(), clear(), reserve(n), memory_bytes().
// top() is non-const: the ladder prepares its sorted bottom lazily.
//
// Order contract: events leave in EventKey order (a strict total order, see
// event.hpp). A push may carry any key whose *time* is not before the last
// popped time, including a key below the last popped one at that same time
// (a same-instant event of higher priority); it is then the next to leave.
// Times lie in [0, kTimeMax] (time.hpp), so range arithmetic cannot overflow.
// The hot path (push/top/pop) does not allocate once the set has reached its
// working size, and never throws except std::bad_alloc while growing.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "porttwin/kernel/event.hpp"
#include "porttwin/kernel/time.hpp"

namespace porttwin::kernel {

namespace detail {

/// True when `a` must leave after `b`: the heap comparator (std heaps are max-heaps).
struct EventAfter {
  template <class E>
  constexpr bool operator()(const E& a, const E& b) const noexcept {
    return b.key < a.key;
  }
};

}  // namespace detail

/// The baseline: a binary heap on one vector (what std::priority_queue does),
/// kept to show what the others are measured against.
template <class E>
class BinaryHeap {
 public:
  void push(const E& e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), detail::EventAfter{});
  }
  [[nodiscard]] const E& top() const noexcept {
    assert(!heap_.empty());
    return heap_.front();
  }
  void pop() noexcept {
    assert(!heap_.empty());
    std::pop_heap(heap_.begin(), heap_.end(), detail::EventAfter{});
    heap_.pop_back();
  }
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  void clear() noexcept { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return heap_.capacity() * sizeof(E); }

 private:
  std::vector<E> heap_;
};

/// A 4-ary min-heap: half the depth of a binary heap, and the four children
/// of a node are adjacent (96 bytes for 24-byte events: two cache lines), so
/// a level costs one or two misses instead of one per level of a binary heap.
/// Both sifts move a hole rather than swapping, so each level writes one event.
template <class E>
class QuaternaryHeap {
 public:
  void push(const E& e) {
    heap_.push_back(e);
    std::size_t hole = heap_.size() - 1;
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!(e.key < heap_[parent].key)) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }
  [[nodiscard]] const E& top() const noexcept {
    assert(!heap_.empty());
    return heap_.front();
  }
  void pop() noexcept {
    assert(!heap_.empty());
    const E last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return;
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      std::size_t best;
      if (first + kArity <= n) {
        // All four children exist: a two-round tournament, branch-free selects.
        const std::size_t a = heap_[first + 1].key < heap_[first].key ? first + 1 : first;
        const std::size_t b = heap_[first + 3].key < heap_[first + 2].key ? first + 3 : first + 2;
        best = heap_[b].key < heap_[a].key ? b : a;
      } else if (first < n) {
        best = first;
        for (std::size_t c = first + 1; c < n; ++c) {
          if (heap_[c].key < heap_[best].key) best = c;
        }
      } else {
        break;
      }
      if (!(heap_[best].key < last.key)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = last;
  }
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  void clear() noexcept { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return heap_.capacity() * sizeof(E); }

 private:
  static constexpr std::size_t kArity = 4;
  std::vector<E> heap_;
};

/// Ladder queue (Tang, Goh & Thng, "Ladder queue: An O(1) priority queue
/// structure for large-scale discrete event simulation", ACM TOMACS 15(3),
/// 2005), adapted to integer ticks and a strict total order of keys.
///
/// Three tiers, each holding events strictly earlier than the one above:
///   * Top: an unsorted list of far-future events (time >= top_start_), with
///     its min and max time kept as events arrive;
///   * rungs: up to kMaxRungs arrays of buckets (unsorted lists), each rung
///     finer than the one above; a rung's buckets before `cur` are spent;
///   * Bottom: a small vector sorted in descending key order, popped from
///     the back, holding everything below the finest rung's current bucket.
/// When Bottom runs dry, the next non-empty bucket of the finest rung is
/// either sorted into Bottom or, if it holds more than kSpawnThreshold events
/// spanning more than one tick, spread over a new, finer rung. When the rungs
/// run dry, Top becomes the first rung. Each event is thus moved a bounded
/// number of times (rungs are bounded) and sorted only in small groups.
///
/// Departures from the paper, each for a reason:
///   * Bucket widths are powers of two ticks, so a bucket index is a shift,
///     not a 64-bit division (tens of cycles on the push path).
///   * A rung's width comes from the time span its events actually occupy,
///     not from its parent's width, so one far-future outlier cannot force
///     a cascade of nearly empty rungs; a bucket whose events all share one
///     time (integer time: no finer width exists) goes to Bottom regardless.
///   * Top's boundary is the rung's end (not Top's maximum time), so events
///     at the same time always sit in the same tier and same-time keys stay
///     ordered by priority, source and sequence.
///   * A rung has at most 4x its target bucket count; its last bucket takes
///     everything up to the rung's end (a far outlier costs no buckets).
///   * Events live in one pool of nodes linked by 32-bit indices, reused
///     through a free list: nothing is allocated in steady state, and bucket
///     storage is shared, so a rung with a few crowded buckets costs no more
///     than one with even ones. (A vector per bucket was rejected: its
///     capacity slack and 24-byte header push the cost past 64 bytes/event.)
///   * Lists are walked when a bucket is spread or sorted, long after its
///     events were pushed, so every node is a cache miss at large sizes. Two
///     choices make those misses overlap instead of queueing (measured at
///     256K events: 5M/s with one plain list, over 15M/s with both): links
///     live in their own array (next_), apart from the events, and each
///     bucket is kLanes independent lists filled round-robin.
///   * Bottom is re-spread into a rung when it grows past twice its size at
///     the last refill (and kBottomSpawnMin), so pushes just after "now"
///     cannot make its sorted inserts quadratic.
///
/// Memory: sizeof(E) + 4 bytes per node, plus a 16-byte bucket per about
/// kEventsPerBucket events in the first rung (2 bytes per event), plus the
/// small finer rungs and Bottom: 30 bytes per pending PHOLD event from 16K
/// events up, 36 at 1K. Limit: 2^32 - 1 pending events.
///
/// Fragile: a bucket whose events all share one time is sorted whole into
/// Bottom, and Bottom inserts are sorted-vector inserts; a model that keeps
/// thousands of events at one instant while adding more at that instant
/// pays O(those events) per push (correct, but slow).
template <class E>
class LadderQueue {
 public:
  void push(const E& e) {
    const Ticks t = e.key.time;
    ++size_;
    if (t >= top_start_) {
      push_top(e);
      return;
    }
    for (std::size_t i = 0; i < rung_count_; ++i) {
      Rung& rung = rungs_[i];
      if (t >= rung.boundary) {
        link(rung.buckets[rung.index_of(t)], allocate(e));
        return;
      }
    }
    push_bottom(e);
  }

  /// The earliest event. Precondition: !empty().
  [[nodiscard]] const E& top() {
    assert(size_ > 0);
    if (bottom_.empty()) [[unlikely]]
      refill();
    return bottom_.back();
  }

  /// Removes the earliest event. Precondition: !empty().
  void pop() {
    assert(size_ > 0);
    if (bottom_.empty()) [[unlikely]]
      refill();
    bottom_.pop_back();
    if (--size_ == 0) [[unlikely]]
      forget_epochs();
  }

  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  void clear() noexcept {
    events_.clear();
    next_.clear();
    free_head_ = kNil;
    bottom_.clear();
    size_ = 0;
    forget_epochs();
  }

  void reserve(std::size_t n) {
    events_.reserve(n);
    next_.reserve(n);
    bottom_.reserve(kBottomSpawnMin);
    rungs_[0].buckets.reserve(n / kEventsPerBucket + 1);
  }

  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    std::size_t bytes =
        events_.capacity() * sizeof(E) + next_.capacity() * sizeof(std::uint32_t) + bottom_.capacity() * sizeof(E);
    for (const Rung& rung : rungs_) bytes += rung.buckets.capacity() * sizeof(Bucket);
    return bytes;
  }

  // Tuning constants, chosen with event_set_bench (hold model, 1K..1M events;
  // 24/32/48/96 and 2/4/8 were tried: differences within the noise except
  // that 8 per bucket is both the smallest and, at 16K, the fastest).
  /// A bucket with more events than this, spanning more than one tick, is
  /// spread over a finer rung instead of being sorted into Bottom.
  static constexpr std::uint32_t kSpawnThreshold = 48;
  /// Target mean occupancy of a new rung's buckets.
  static constexpr std::size_t kEventsPerBucket = 8;
  /// Rungs are bounded, as in the paper; past this, buckets are sorted whole.
  static constexpr std::size_t kMaxRungs = 8;
  /// Bottom is never re-spread below this size.
  static constexpr std::size_t kBottomSpawnMin = 256;

 private:
  static constexpr std::uint32_t kNil = std::numeric_limits<std::uint32_t>::max();
  static constexpr Ticks kTicksMin = std::numeric_limits<Ticks>::min();
  static constexpr Ticks kTicksMax = std::numeric_limits<Ticks>::max();
  /// Lanes per bucket (see Bucket); 3 makes a bucket 16 bytes. 7 lanes
  /// (32 bytes) measured no faster once links got their own array.
  static constexpr std::size_t kLanes = 3;

  /// An unsorted list of events, split into kLanes interleaved lanes filled
  /// round-robin: walking it follows kLanes independent chains at once, so
  /// the cache misses of a cold bucket overlap instead of queueing.
  struct Bucket {
    std::array<std::uint32_t, kLanes> head;
    std::uint32_t count;
  };
  static constexpr Bucket kEmptyBucket = [] {
    Bucket b{};
    b.head.fill(kNil);
    b.count = 0;
    return b;
  }();
  struct Rung {
    Ticks start = 0;     ///< time at the start of bucket 0
    Ticks boundary = 0;  ///< start of bucket `cur`: events below go to a finer tier
    Ticks end = 0;       ///< end of the last bucket, which takes everything up to it
    std::size_t cur = 0;
    std::size_t last = 0;  ///< index of the last bucket
    unsigned shift = 0;    ///< bucket width is 2^shift ticks (the last may be wider)
    std::vector<Bucket> buckets;

    [[nodiscard]] std::size_t index_of(Ticks t) const noexcept {
      const auto i = static_cast<std::size_t>(static_cast<std::uint64_t>(t - start) >> shift);
      return std::min(i, last);
    }
  };

  std::uint32_t allocate(const E& e) {
    std::uint32_t id = free_head_;
    if (id != kNil) {
      free_head_ = next_[id];
      events_[id] = e;
    } else {
      assert(events_.size() < kNil);
      id = static_cast<std::uint32_t>(events_.size());
      events_.push_back(e);
      next_.push_back(kNil);
    }
    return id;
  }
  void release(std::uint32_t id) noexcept {
    next_[id] = free_head_;
    free_head_ = id;
  }
  void link(Bucket& bucket, std::uint32_t id) noexcept {
    std::uint32_t& head = bucket.head[bucket.count % kLanes];
    next_[id] = head;
    head = id;
    ++bucket.count;
  }

  /// Calls f(id) for every node of `bucket`, lanes interleaved; f may relink
  /// or release the node (its successor is read first).
  template <class F>
  void for_each_node(const Bucket& bucket, F f) noexcept {
    std::array<std::uint32_t, kLanes> ids = bucket.head;
    for (std::uint32_t left = bucket.count; left > 0;) {
      for (std::uint32_t& id : ids) {
        if (id == kNil) continue;
        const std::uint32_t next = next_[id];
        f(id);
        id = next;
        --left;
      }
    }
  }

  void push_top(const E& e) {
    link(top_, allocate(e));
    top_min_ = std::min(top_min_, e.key.time);
    top_max_ = std::max(top_max_, e.key.time);
  }

  void push_bottom(const E& e) {
    // Descending order: find the first element that leaves before `e`.
    const auto at = std::upper_bound(bottom_.begin(), bottom_.end(), e, detail::EventAfter{});
    bottom_.insert(at, e);
    if (bottom_.size() > bottom_spawn_at_) [[unlikely]]
      respread_bottom();
  }

  /// The time below which an event belongs to Bottom.
  [[nodiscard]] Ticks bottom_boundary() const noexcept {
    return rung_count_ == 0 ? top_start_ : rungs_[rung_count_ - 1].boundary;
  }

  /// Called when the set became empty: nothing constrains the tiers any
  /// more, so every new event goes to Top and the next epoch starts afresh.
  void forget_epochs() noexcept {
    rung_count_ = 0;
    top_ = kEmptyBucket;
    top_start_ = kTicksMin;
    top_min_ = kTicksMax;
    top_max_ = kTicksMin;
    bottom_spawn_at_ = kBottomSpawnMin;
  }

  /// Opens rung `rung_count_` over [lo, cover_end) for `count` events whose
  /// times span [lo, hi]. Its width is the power of two that cuts the span
  /// into about count / kEventsPerBucket buckets (with at least two, hence
  /// lo and hi always land in different buckets: every spawn makes progress).
  /// At most 4x that many buckets are made; the last one takes the rest of
  /// the range up to cover_end, however far, and is spread again if crowded.
  Rung& open_rung(Ticks lo, Ticks hi, Ticks cover_end, std::size_t count) {
    assert(rung_count_ < kMaxRungs && lo < hi && hi < cover_end);
    const std::size_t target = std::max<std::size_t>(2, count / kEventsPerBucket);
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    const auto cover = static_cast<std::uint64_t>(cover_end - lo);
    const auto shift = static_cast<unsigned>(std::bit_width((span - 1) / target));
    const auto buckets = static_cast<std::size_t>(std::min<std::uint64_t>(((cover - 1) >> shift) + 1, 4 * target));
    Rung& rung = rungs_[rung_count_++];
    rung.start = lo;
    rung.boundary = lo;
    rung.end = cover_end;
    rung.cur = 0;
    rung.last = buckets - 1;
    rung.shift = shift;
    rung.buckets.assign(buckets, kEmptyBucket);
    return rung;
  }

  /// Moves the nodes of `from` into the buckets of `rung`.
  void spread(const Bucket& from, Rung& rung) noexcept {
    for_each_node(from, [&](std::uint32_t id) { link(rung.buckets[rung.index_of(events_[id].key.time)], id); });
  }

  /// Copies the events of `from` into Bottom, frees their nodes, sorts Bottom.
  void sort_into_bottom(const Bucket& from) {
    for_each_node(from, [&](std::uint32_t id) {
      bottom_.push_back(events_[id]);
      release(id);
    });
    std::sort(bottom_.begin(), bottom_.end(), detail::EventAfter{});
    bottom_spawn_at_ = std::max(kBottomSpawnMin, 2 * bottom_.size());
  }

  /// Fills the empty Bottom from the finest non-empty rung, or from Top.
  void refill() {
    assert(bottom_.empty() && size_ > 0);
    for (;;) {
      if (rung_count_ == 0) {
        assert(top_.count > 0);
        const Bucket top = top_;
        const Ticks lo = top_min_;
        const Ticks hi = top_max_;
        top_ = kEmptyBucket;
        top_min_ = kTicksMax;
        top_max_ = kTicksMin;
        if (top.count <= kSpawnThreshold || lo == hi) {
          top_start_ = hi + 1;
          sort_into_bottom(top);
          return;
        }
        top_start_ = hi + 1;
        spread(top, open_rung(lo, hi, hi + 1, top.count));
        continue;
      }
      Rung& rung = rungs_[rung_count_ - 1];
      std::size_t cur = rung.cur;
      while (cur <= rung.last && rung.buckets[cur].count == 0) ++cur;
      if (cur > rung.last) {
        // Spent: its end is exactly the boundary of the rung above (or Top).
        --rung_count_;
        continue;
      }
      const Bucket bucket = rung.buckets[cur];
      rung.buckets[cur] = kEmptyBucket;
      rung.cur = cur + 1;
      rung.boundary = cur == rung.last ? rung.end : rung.start + static_cast<Ticks>((cur + 1) << rung.shift);
      if (bucket.count > kSpawnThreshold && rung_count_ < kMaxRungs) {
        Ticks lo = kTicksMax;
        Ticks hi = kTicksMin;
        for_each_node(bucket, [&](std::uint32_t id) {
          lo = std::min(lo, events_[id].key.time);
          hi = std::max(hi, events_[id].key.time);
        });
        if (lo < hi) {
          const Ticks end = rung.boundary;
          spread(bucket, open_rung(lo, hi, end, bucket.count));
          continue;
        }
      }
      sort_into_bottom(bucket);
      return;
    }
  }

  /// Bottom grew by pushes just after "now": spread it over a new finest
  /// rung (if its times differ and a rung is free), so inserts stay cheap.
  void respread_bottom() {
    const Ticks lo = bottom_.back().key.time;
    const Ticks hi = bottom_.front().key.time;
    if (lo == hi || rung_count_ == kMaxRungs) {
      bottom_spawn_at_ = 2 * bottom_.size();
      return;
    }
    const Ticks end = bottom_boundary();
    Rung& rung = open_rung(lo, hi, end, bottom_.size());
    for (const E& e : bottom_) link(rung.buckets[rung.index_of(e.key.time)], allocate(e));
    bottom_.clear();
    bottom_spawn_at_ = kBottomSpawnMin;
  }

  // The node pool, as two parallel arrays: a walk's chain of dependent loads
  // runs through next_ (4 bytes a node, mostly cache-resident) while the
  // loads of the events themselves are independent and overlap. One array of
  // {event, next} nodes was 1.5x slower at 256K events, and 4 bytes larger.
  std::vector<E> events_;
  std::vector<std::uint32_t> next_;
  std::uint32_t free_head_ = kNil;
  std::size_t size_ = 0;

  Bucket top_ = kEmptyBucket;  ///< Top as one unsorted list; count is Top's size
  Ticks top_start_ = kTicksMin;
  Ticks top_min_ = kTicksMax;
  Ticks top_max_ = kTicksMin;

  std::array<Rung, kMaxRungs> rungs_{};
  std::size_t rung_count_ = 0;

  std::vector<E> bottom_;  ///< sorted by descending key; the minimum is at the back
  std::size_t bottom_spawn_at_ = kBottomSpawnMin;
};

}  // namespace porttwin::kernel
