// Random numbers for porttwin: one independent, reproducible stream per
// (seed, replication, logical process), whichever thread runs the LP.
//
// Two well-known generators, each where it is strongest:
//   * Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as
//     easy as 1, 2, 3", SC11; Random123) *seeds* every stream. It is a keyed
//     bijection of a 128-bit counter, so distinct (replication, LP) counters
//     give distinct starting states, with no collisions and no coordinator.
//   * xoshiro256++ (Blackman and Vigna, "Scrambled linear pseudorandom number
//     generators", ACM TOMS 47(4), 2021) *runs* every stream: a 256-bit state,
//     period 2^256 - 1, under a nanosecond per 64 bits. Drawing from Philox
//     itself cost ~15 ns of a ~60 ns PHOLD event here (ten dependent multiply
//     rounds per 128 bits); xoshiro256++ brings that to ~2 ns.
//
// Seeding scheme, a contract with every saved result -- do not change it:
//   key      (k0, k1)     = the 64-bit seed (k0 = low 32 bits, k1 = high);
//   counters (j, 0, lp, replication) for j = 0, 1 give two Philox blocks,
//   whose eight words, little end first, are the xoshiro state s[0..3]
//   (s[0] = words 0,1 of block 0; ...; s[3] = words 2,3 of block 1).
// The stream is then the sequence of 32-bit words: each xoshiro256++ output
// gives its low half, then its high half. Distinct (seed, replication, LP)
// triples start from distinct, effectively random points of one 2^256 - 1
// cycle; for n streams of L outputs the chance that any two overlap is below
// n^2 L / 2^256 (about 2^-150 for a billion streams of 2^40 outputs). A
// stream's numbers depend only on (seed, replication, LP), so replication k
// gives the same numbers run alone or in a batch of thousands, on any thread.
//
// Why not a std:: engine or distribution: their outputs are not specified
// bit-for-bit across standard libraries (the distributions), and seeding
// thousands of Mersenne Twisters is both slow and unproven. Why not jump-ahead
// splitting of one xoshiro stream: it needs a coordinator and a fixed stream
// order; seeding by a counter-based bijection needs neither.
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
/// xoshiro256++ (Blackman and Vigna): one step, returning the next output.
[[nodiscard]] constexpr std::uint64_t xoshiro256pp_next(std::array<std::uint64_t, 4>& s) noexcept {
  const auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const std::uint64_t result = rotl(s[0] + s[3], 23) + s[0];
  const std::uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/// Not thread-safe: an LP's stream is used by whichever thread runs that LP.
class RandomStream {
 public:
  /// Seed 0, replication 0, stream 0.
  RandomStream() noexcept : RandomStream(0, 0, 0) {}

  RandomStream(std::uint64_t seed, std::uint32_t replication, std::uint32_t stream) noexcept {
    const PhiloxKey key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
    const PhiloxCounter b0 = philox4x32_10({0, 0, stream, replication}, key);
    const PhiloxCounter b1 = philox4x32_10({1, 0, stream, replication}, key);
    const auto join = [](std::uint32_t lo, std::uint32_t hi) { return (std::uint64_t{hi} << 32) | lo; };
    state_ = {join(b0[0], b0[1]), join(b0[2], b0[3]), join(b1[0], b1[1]), join(b1[2], b1[3])};
    if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) state_[0] = 1;  // the one forbidden state
  }

  /// How many 32-bit words this stream has consumed (for tests, diagnostics).
  [[nodiscard]] std::uint64_t draws() const noexcept { return draws_; }

  /// The next 32 uniformly distributed bits.
  [[nodiscard]] std::uint32_t next_u32() noexcept {
    if ((draws_++ & 1U) != 0) return high_half_;  // the high half of the last output
    const std::uint64_t out = xoshiro256pp_next(state_);
    high_half_ = static_cast<std::uint32_t>(out >> 32);
    return static_cast<std::uint32_t>(out);
  }

  /// The next 64 bits: the first of two 32-bit words is the low half. On an
  /// even word count (the usual case) this is exactly one xoshiro output.
  [[nodiscard]] std::uint64_t next_u64() noexcept {
    if ((draws_ & 1U) == 0) [[likely]] {
      draws_ += 2;
      return xoshiro256pp_next(state_);
    }
    const std::uint64_t lo = next_u32();
    const std::uint64_t hi = next_u32();
    return (hi << 32) | lo;
  }

  /// Uniform in [0, 1): 53 random bits, so every value is a multiple of 2^-53
  /// and all 2^53 of them are equally likely. Consumes 2 words.
  [[nodiscard]] double uniform01() noexcept { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// Uniform in (0, 1]: never 0, so log(u) is finite (inverse transforms).
  /// Consumes 2 words.
  [[nodiscard]] double uniform01_open() noexcept { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }

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

  std::array<std::uint64_t, 4> state_{};  // xoshiro256++ state
  std::uint64_t draws_ = 0;               // 32-bit words consumed
  std::uint32_t high_half_ = 0;           // valid when draws_ is odd
};

// One per LP and 16K+ LPs: keep the streams of neighbouring LPs in few cache lines.
static_assert(sizeof(RandomStream) <= 48, "RandomStream must stay small: one per LP");

}  // namespace porttwin::kernel
