// Random numbers for porttwin: one independent, reproducible stream per
// (seed, replication, logical process), whichever thread runs the LP.
//
// The generator is Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random
// numbers: as easy as 1, 2, 3", SC11; the Random123 library). Philox is a
// counter-based generator: block = philox(counter, key), a keyed bijection of
// a 128-bit counter, so a stream needs no state beyond "where am I" and any
// stream can be created anywhere, at any time, without coordination. It passes
// BigCrush with margin (7 rounds suffice; 10 is the published default we use).
//
// Seeding scheme, a contract with every saved result -- do not change it:
//   key     (k0, k1) = the 64-bit seed (k0 = low 32 bits, k1 = high 32 bits);
//   counter (c0, c1) = the 64-bit block index b (low, high), b = 0, 1, 2, ...;
//           c2       = the stream id (the LP id);
//           c3       = the replication number.
// Word w of a stream (w = 0, 1, 2, ..., as returned by next_u32) is word
// w % 4 of block b = w / 4. Because Philox is a bijection for a fixed key,
// distinct (replication, stream) pairs draw from disjoint counter ranges and
// can never overlap, whatever their lengths (up to 2^64 words each, when the
// word count wraps: centuries of drawing at any speed we reach). A stream's
// numbers depend only on (seed, replication, stream), so replication k gives
// the same numbers run alone or in a batch of thousands, on any thread.
//
// Why not a std:: engine or distribution: their outputs are not specified
// bit-for-bit across standard libraries (the distributions), and seeding
// thousands of independent Mersenne Twisters is both slow and unproven.
// Why not a jump-ahead generator (xoshiro, PCG): splitting by jumps needs a
// coordinator and a fixed stream order; counters need neither.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace porttwin::kernel {

/// Philox4x32 counter (4 words) and key (2 words), word 0 first, as in
/// Random123's philox4x32_ctr_t and philox4x32_key_t.
using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

namespace philox {
// Constants of Philox4x32 from the SC11 paper (Table 2 and section 3.3):
// the round multipliers, and the Weyl key increments (golden ratio, sqrt(3)-1).
inline constexpr std::uint32_t kM0 = 0xD2511F53U;
inline constexpr std::uint32_t kM1 = 0xCD9E8D57U;
inline constexpr std::uint32_t kW0 = 0x9E3779B9U;
inline constexpr std::uint32_t kW1 = 0xBB67AE85U;
inline constexpr int kRounds = 10;
}  // namespace philox

/// One Philox4x32-10 block: a bijection of `ctr` for fixed `key`.
/// constexpr so the known-answer vectors can also be checked at compile time.
[[nodiscard]] constexpr PhiloxCounter philox4x32_10(PhiloxCounter ctr, PhiloxKey key) noexcept {
  for (int round = 0; round < philox::kRounds; ++round) {
    if (round > 0) {  // the key schedule bumps the key before rounds 2..10
      key[0] += philox::kW0;
      key[1] += philox::kW1;
    }
    const std::uint64_t p0 = std::uint64_t{philox::kM0} * ctr[0];
    const std::uint64_t p1 = std::uint64_t{philox::kM1} * ctr[2];
    ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<std::uint32_t>(p0)};
  }
  return ctr;
}

/// A reproducible stream of random numbers for one (seed, replication, LP).
/// See the file comment for the seeding scheme.
///
/// One per LP, so it is small (40 bytes) and cheap: a draw is a buffer read
/// and an increment; every fourth draw computes the next Philox block. Copying
/// a stream copies its position (the copy then yields the same numbers).
/// Not thread-safe: an LP's stream is used by whichever thread runs that LP.
class RandomStream {
 public:
  /// Seed 0, replication 0, stream 0.
  RandomStream() noexcept = default;

  RandomStream(std::uint64_t seed, std::uint32_t replication, std::uint32_t stream) noexcept
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        stream_(stream),
        replication_(replication) {}

  [[nodiscard]] std::uint64_t seed() const noexcept {
    return (std::uint64_t{key_[1]} << 32) | key_[0];
  }
  [[nodiscard]] std::uint32_t replication() const noexcept { return replication_; }
  [[nodiscard]] std::uint32_t stream() const noexcept { return stream_; }

  /// How many 32-bit words this stream has consumed (for tests, diagnostics).
  [[nodiscard]] std::uint64_t draws() const noexcept { return draws_; }

  /// The next 32 uniformly distributed bits.
  [[nodiscard]] std::uint32_t next_u32() noexcept {
    const auto lane = static_cast<std::size_t>(draws_ & 3U);
    // Lane 0 means the buffer is used up (or never filled): compute the block
    // this word belongs to. One time in four; the common path is a load, an
    // increment and a compare.
    if (lane == 0) [[unlikely]] refill();
    ++draws_;
    return buffer_[lane];
  }

  /// The next 64 bits: the first of two 32-bit words is the low half.
  [[nodiscard]] std::uint64_t next_u64() noexcept {
    const std::uint64_t lo = next_u32();
    const std::uint64_t hi = next_u32();
    return (hi << 32) | lo;
  }

  /// Uniform in [0, 1): 53 random bits, so every value is a multiple of 2^-53
  /// and all 2^53 of them are equally likely. Consumes 2 words.
  [[nodiscard]] double uniform01() noexcept {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
  }

  /// Uniform in (0, 1]: never 0, so log(u) is finite (inverse transforms).
  /// Consumes 2 words.
  [[nodiscard]] double uniform01_open() noexcept {
    return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53;
  }

  /// Unbiased integer in [0, n); requires n >= 1 (n == 0 returns 0).
  ///
  /// Lemire's nearly-divisionless method ("Fast random integer generation in
  /// an interval", ACM TOMACS 29(1), 2019): the high half of x*n, rejecting
  /// the few x that would make some results more likely than others. The
  /// division that computes the rejection threshold runs only when the low
  /// half falls below n, i.e. with probability n / 2^bits. For n < 2^32 (LP
  /// ids, table indices) it draws one 32-bit word rather than two.
  [[nodiscard]] std::uint64_t below(std::uint64_t n) noexcept {
    if (n <= 0xFFFF'FFFFU) return below_u32(static_cast<std::uint32_t>(n));
    return below_u64(n);
  }

 private:
  [[nodiscard]] std::uint32_t below_u32(std::uint32_t n) noexcept {
    std::uint64_t m = std::uint64_t{next_u32()} * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) [[unlikely]] {
      const std::uint32_t threshold = (0U - n) % n;  // 2^32 mod n
      while (low < threshold) {
        m = std::uint64_t{next_u32()} * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }

  [[nodiscard]] std::uint64_t below_u64(std::uint64_t n) noexcept {
    // __extension__: 128-bit products are a GCC/Clang extension; -Wpedantic
    // would otherwise flag the type. Every target we build for has it.
    __extension__ using U128 = unsigned __int128;
    U128 m = U128{next_u64()} * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) [[unlikely]] {
      const std::uint64_t threshold = (0U - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = U128{next_u64()} * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // Left to the compiler to inline. Forcing it out of line ([[gnu::noinline]])
  // would save code at each call site, but measured (GCC 12, -O3) it made a
  // tight next_u32 loop 12% slower (3.4 vs 3.0 ns a word) and a PHOLD-like
  // loop over 16K streams no faster (~35 M events/s, 3 words an event). The
  // floor is the latency of ten dependent multiply rounds per block.
  void refill() noexcept {
    const std::uint64_t block = draws_ >> 2;
    buffer_ = philox4x32_10({static_cast<std::uint32_t>(block),
                             static_cast<std::uint32_t>(block >> 32), stream_, replication_},
                            key_);
  }

  PhiloxKey key_{};                // the seed, as the Philox key
  std::uint32_t stream_ = 0;       // counter word 2
  std::uint32_t replication_ = 0;  // counter word 3
  std::uint64_t draws_ = 0;        // words consumed; block index = draws_ / 4
  PhiloxCounter buffer_{};         // the current block, valid when draws_ % 4 != 0
};

// One per LP and 16K+ LPs: keep the streams of neighbouring LPs in few cache lines.
static_assert(sizeof(RandomStream) <= 48, "RandomStream must stay small: one per LP");

}  // namespace porttwin::kernel
