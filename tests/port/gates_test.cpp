// A terminal's truck gates (gates.hpp) on their own: lanes, service times and
// the GATE APPOINTMENTS rebooking rate, against hand-worked figures. Gates of
// 2 and 3 lanes, each truck 0.1 h at a lane at full speed.
#include "porttwin/port/gates.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace porttwin::port {
namespace {

scenario::Terminal five_lanes() {
  scenario::Terminal t;
  t.gates.resize(2);
  t.gates[0].lanes = 2;
  t.gates[1].lanes = 3;
  for (auto& gate : t.gates) gate.truck_handling_h = kernel::Deterministic(0.1);
  return t;
}

Truck truck(std::uint32_t call) {
  Truck t;
  t.call = call;
  t.service = hours(0.1);
  return t;
}

TEST(Gates, LanesAreSlotsTakenAndFreedAndAQueueStartsOnlyAtWorkingGates) {
  const scenario::Terminal spec = five_lanes();
  Gates gates(spec);
  EXPECT_EQ(gates.lanes(), 5U);
  EXPECT_FALSE(gates.can_start(1.0)) << "nobody waits";
  gates.queue().push(truck(1));
  EXPECT_FALSE(gates.can_start(0.0)) << "stopped gates start no truck";
  EXPECT_TRUE(gates.can_start(1.0));
  std::vector<std::uint32_t> lanes;
  for (std::uint32_t k = 0; k < 5; ++k) lanes.push_back(gates.enter_lane(truck(10 + k)));
  EXPECT_EQ(lanes, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
  EXPECT_FALSE(gates.lane_free());
  EXPECT_FALSE(gates.can_start(1.0)) << "every lane busy";
  EXPECT_EQ(gates.leave_lane(3).call, 13U);
  EXPECT_TRUE(gates.can_start(1.0));
  EXPECT_EQ(gates.enter_lane(truck(20)), 3U) << "a freed slot is taken again";
  EXPECT_EQ(gates.leave_lane(3).call, 20U);
}

TEST(Gates, AServiceTakesItsDrawnTimeOverTheGateFactor) {
  const scenario::Terminal spec = five_lanes();
  const Gates gates(spec);
  kernel::RandomStream rng;
  EXPECT_EQ(gates.draw_service(rng), hours(0.1)) << "0.1 h in whole milliseconds";
  EXPECT_EQ(Gates::service_time(truck(1), 0.5), hours(0.2));
}

TEST(Gates, HeldAppointmentsAreRebookedIntoTheSlotsTheGatesHaveToSpare) {
  const scenario::Terminal spec = five_lanes();
  Gates gates(spec);
  gates.book(100);  // 100 boxes by truck in the first 10 h: d = 10 an hour
  for (std::uint32_t k = 0; k < 3; ++k) gates.hold(truck(k));
  EXPECT_TRUE(gates.holding());
  // Full speed: c = 5 lanes / 0.1 h = 50 an hour, r = 50 - 10 = 40 an hour.
  std::vector<Ticks> offsets;
  std::vector<std::uint32_t> calls;
  gates.rebook(hours(10.0), 1.0, [&](const Truck& t, Ticks offset) {
    calls.push_back(t.call);
    offsets.push_back(offset);
  });
  EXPECT_FALSE(gates.holding());
  EXPECT_EQ(calls, (std::vector<std::uint32_t>{0, 1, 2})) << "oldest first";
  EXPECT_EQ(offsets, (std::vector<Ticks>{0, hours(1.0 / 40.0), hours(2.0 / 40.0)}));
  // At a tenth of the speed c = 5 an hour is below the demand: the floor c / 10 = 0.5 an hour.
  for (std::uint32_t k = 0; k < 2; ++k) gates.hold(truck(k));
  offsets.clear();
  gates.rebook(hours(10.0), 0.1, [&](const Truck&, Ticks offset) { offsets.push_back(offset); });
  EXPECT_EQ(offsets, (std::vector<Ticks>{0, hours(2.0)}));
}

TEST(Gates, ATruckMessageCarriesTheTruckAndItsArrivalTimeIsSetAtTheGate) {
  Truck t = truck(7);
  t.direction = Direction::export_;
  t.amount = 2.0;
  t.entered = hours(3.0);
  const Truck back = Truck::arriving(t.message(), hours(5.0));
  EXPECT_EQ(back.direction, Direction::export_);
  EXPECT_EQ(back.call, 7U);
  EXPECT_EQ(back.amount, 2.0);
  EXPECT_EQ(back.entered, hours(3.0));
  EXPECT_EQ(back.service, hours(0.1));
  EXPECT_EQ(back.arrived, hours(5.0));
}

}  // namespace
}  // namespace porttwin::port
