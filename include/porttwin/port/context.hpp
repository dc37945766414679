// What every port LP works with: the kernel's context and event for port
// messages, a message held while its service is down, and the scheduling of
// a node's capacity changes.
#pragma once

#include "porttwin/kernel/context.hpp"
#include "porttwin/port/message.hpp"
#include "porttwin/port/setup.hpp"

namespace porttwin::port {

using Context = kernel::Context<Message>;
using PortEvent = kernel::Event<Message>;

/// A message a stopped service (PCS, customs, port authority, operator) keeps
/// until it is back.
struct HeldMessage {
  Message message;
  Ticks since = 0;  ///< when it arrived
};

/// Schedules, at init, the capacity changes (scenario's and caller's) whose
/// target is the LP ctx.self(): its node or, for a terminal, its equipment
/// (message.hpp says how the target and the manual flag travel).
void schedule_capacity_changes(Context& ctx, const Setup& setup);

}  // namespace porttwin::port
