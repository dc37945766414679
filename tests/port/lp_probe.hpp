// Runs some of a port's LPs for real and records, instead of running them,
// what reaches all the others: one LP's timing can then be checked message by
// message against a hand-computed answer. Scripted messages stand in for the
// LPs that are not real (sent at init, so `at_h` is the arrival time; it must
// respect the link latency). Sequential scheduler only: the record is one
// vector, written by whichever LP receives.
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "porttwin/kernel/simulate.hpp"
#include "porttwin/port/model.hpp"

namespace porttwin::port::testing {

struct Scripted {
  LpId from = 0;
  LpId to = 0;
  double at_h = 0.0;  ///< arrival time at `to`
  Message message;
};

struct Received {
  LpId lp = 0;
  double at_h = 0.0;
  Message message;
};

class Probe {
 public:
  using Payload = Message;

  Probe(const Setup& setup, std::vector<LpId> real, std::vector<Scripted> script)
      : model_(setup), real_(std::move(real)), script_(std::move(script)) {}

  [[nodiscard]] LpId lp_count() const noexcept { return model_.lp_count(); }

  void init(Context& ctx) {
    if (is_real(ctx.self())) model_.init(ctx);
    for (const Scripted& s : script_) {
      if (s.from == ctx.self()) ctx.send(s.to, hours(s.at_h), s.message);
    }
  }

  void handle(Context& ctx, const PortEvent& event) {
    if (is_real(ctx.self())) {
      model_.handle(ctx, event);
    } else {
      received_.push_back({ctx.self(), to_hours(ctx.now()), event.payload});
    }
  }

  void finish(LpId lp, Ticks final_time) {
    if (is_real(lp)) model_.finish(lp, final_time);
  }

  [[nodiscard]] const PortModel& model() const noexcept { return model_; }
  [[nodiscard]] const std::vector<Received>& received() const noexcept { return received_; }

 private:
  [[nodiscard]] bool is_real(LpId lp) const { return std::find(real_.begin(), real_.end(), lp) != real_.end(); }

  PortModel model_;
  std::vector<LpId> real_;
  std::vector<Scripted> script_;
  std::vector<Received> received_;
};

/// Runs `probe` to the scenario's horizon on the sequential scheduler.
inline void run_probe(Probe& probe, const Setup& setup) {
  kernel::RunOptions run;
  run.end_time = setup.horizon();
  run.seed = setup.scenario().settings.seed;
  (void)kernel::simulate(probe, setup.links(), run);
}

}  // namespace porttwin::port::testing
