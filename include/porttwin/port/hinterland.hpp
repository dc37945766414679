// Hinterland operators (truck, rail, barge, pipeline, conveyor) and the
// companies that depend on the port.
//
// An operator serves the batches terminals offer it first come, first served
// at its capacity (TEU/h or t/h) times its level: a batch of size a occupies
// it for a / rate hours. It answers the terminal with a pickup when the
// batch's trip starts (the terminal then sees one truck per box arriving
// over the trip, or the whole train or barge). A company's bulk reaches the
// company the trip and the transit time after its batch leaves the terminal:
// the terminal, not the operator, sends it, so a batch held at a stopped side
// (STOPPED MEANS STOPPED, port/terminal.hpp) supplies nothing until it moves. Trips already
// started finish at their rate; at level 0 new batches wait, in order, until
// the level comes back.
//
// A company consumes its need every hour from its stock, which starts at
// buffer_h of consumption and is filled by deliveries. Its level is the
// share of the hour's need it could consume: a company with a buffer is hit
// only once the buffer is used up.
#pragma once

#include <cstdint>

#include "porttwin/port/fifo.hpp"
#include "porttwin/port/level.hpp"
#include "porttwin/port/terminal.hpp"

namespace porttwin::port {

struct HinterlandStats {
  double moved = 0.0;  ///< TEU (or t, units) moved after warm-up
  std::uint64_t batches = 0;
  double wait_h_sum = 0.0;  ///< batch waiting (offer to trip start) x 1, summed over batches
};

class HinterlandOperator {
 public:
  HinterlandOperator(const Setup& setup, std::uint32_t index);
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] const HinterlandStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const LevelTracker& backlog() const noexcept { return backlog_; }

 private:
  void serve(Context& ctx, const Batch& batch, Ticks offered);

  const Setup* setup_;
  const scenario::HinterlandOperator* spec_;
  double level_ = 1.0;
  Ticks busy_until_ = 0;
  Fifo<HeldMessage> held_;
  LevelTracker backlog_;  ///< cargo offered and not yet moving
  HinterlandStats stats_;
};

struct CompanyStats {
  double consumed = 0.0;    ///< after warm-up
  double shortfall = 0.0;   ///< need not met, after warm-up
  double shortage_h = 0.0;  ///< hours below full level, after warm-up
  double received = 0.0;    ///< deliveries, whole run
  /// When it first ran short after warm-up: the time its stock ran out within
  /// the first short hour (consumption even over the hour); -1 if never.
  double first_shortage_h = -1.0;
};

class Company {
 public:
  Company(const Setup& setup, std::uint32_t index);
  void init(Context& ctx);
  void handle(Context& ctx, const PortEvent& event);
  [[nodiscard]] const CompanyStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const LevelTracker& stock() const noexcept { return stock_; }
  [[nodiscard]] const LevelTracker& level() const noexcept { return level_; }

 private:
  const Setup* setup_;
  const scenario::Company* spec_;
  double capacity_level_ = 1.0;  ///< the company's own operational level (closures, incidents)
  LevelTracker stock_;
  LevelTracker level_;
  CompanyStats stats_;
};

}  // namespace porttwin::port
