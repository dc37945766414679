// A first-in first-out queue on one growing ring buffer: unlike std::deque,
// it stops allocating once it has reached its largest size, so a gate queue
// that fills and drains all year allocates a handful of times, not per chunk.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace porttwin::port {

template <class T>
class Fifo {
 public:
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  void push(const T& value) {
    if (size_ == ring_.size()) grow();
    ring_[(head_ + size_) & (ring_.size() - 1)] = value;
    ++size_;
  }
  [[nodiscard]] const T& front() const noexcept { return ring_[head_]; }
  T pop() noexcept {
    T value = std::move(ring_[head_]);
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
    return value;
  }

 private:
  void grow() {
    std::vector<T> bigger(ring_.empty() ? 16 : 2 * ring_.size());
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(ring_[(head_ + i) & (ring_.size() - 1)]);
    ring_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> ring_;  // size a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace porttwin::port
