// Small models for kernel tests: each exists to make one kernel rule visible.
#pragma once

#include <functional>
#include <vector>

#include "porttwin/kernel/context.hpp"
#include "porttwin/kernel/event.hpp"

namespace porttwin::kernel::testing {

/// A payload naming what the recipient should do.
struct Order {
  int tag = 0;
};

/// A model driven by a script: init and handle call user functions, and every
/// processed event is recorded per LP (LP-local state only, so it is safe
/// under the parallel scheduler).
struct ScriptedModel {
  using Payload = Order;
  struct Seen {
    Ticks time;
    EventKey key;
    int tag;
  };

  LpId lps = 1;
  std::function<void(Context<Order>&)> on_init;
  std::function<void(Context<Order>&, const Event<Order>&)> on_event;
  std::vector<std::vector<Seen>> seen = std::vector<std::vector<Seen>>(lps);

  explicit ScriptedModel(LpId lp_count) : lps(lp_count), seen(lp_count) {}

  [[nodiscard]] LpId lp_count() const { return lps; }
  void init(Context<Order>& ctx) {
    if (on_init) on_init(ctx);
  }
  void handle(Context<Order>& ctx, const Event<Order>& event) {
    seen[ctx.self()].push_back({ctx.now(), event.key, event.payload.tag});
    if (on_event) on_event(ctx, event);
  }
};

}  // namespace porttwin::kernel::testing
