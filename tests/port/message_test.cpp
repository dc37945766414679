// The port model's messages (message.hpp): a typed payload per kind, kept
// whole by the copies an event goes through, in a 64-byte event.
#include "porttwin/port/message.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "porttwin/kernel/event.hpp"

namespace porttwin::port {
namespace {

/// The copies an event's payload goes through: into an event, a growing pending set, out.
Message through_event_set(const Message& m) {
  std::vector<kernel::Event<Message>> pending;
  for (int k = 0; k < 100; ++k) pending.emplace_back(kernel::EventKey{}, 0U, k == 37 ? m : Message(Signal{}));
  return pending[37].payload;
}

TEST(Message, AnEventIsACacheLine) { EXPECT_EQ(sizeof(kernel::Event<Message>), 64U); }

TEST(Message, ABatchKeepsEveryFieldThroughTheEventSet) {
  const Batch sent{.kind = MessageKind::pickup,
                   .direction = Direction::export_,
                   .mode = scenario::HinterlandMode::barge,
                   .operator_index = 7,
                   .terminal = 3,
                   .company = 11,
                   .call = 123456,
                   .boxes = 42,
                   .span_s = 7200,
                   .amount = 63.5,
                   .entered = 987654321};
  const Message m = through_event_set(sent);
  ASSERT_EQ(m.kind(), MessageKind::pickup);
  const Batch& got = m.as<Batch>();
  EXPECT_EQ(got.direction, Direction::export_);
  EXPECT_EQ(got.mode, scenario::HinterlandMode::barge);
  EXPECT_EQ(got.operator_index, 7U);
  EXPECT_EQ(got.terminal, 3U);
  EXPECT_EQ(got.company, 11U);
  EXPECT_EQ(got.call, 123456U);
  EXPECT_EQ(got.boxes, 42U);
  EXPECT_EQ(got.span_s, 7200U);
  EXPECT_EQ(got.amount, 63.5);
  EXPECT_EQ(got.entered, 987654321);
}

TEST(Message, AVesselKeepsItsWindowAndWorkLeft) {
  const Message arrival = through_event_set(
      VesselArrival{.has_window = true, .vessel_class = 4, .call = 9, .late_s = -3600, .moves = 2500.0, .eta = 77});
  ASSERT_EQ(arrival.kind(), MessageKind::vessel_arrival);
  const auto& a = arrival.as<VesselArrival>();
  EXPECT_TRUE(a.has_window);
  EXPECT_EQ(a.late_s, -3600) << "early is negative";
  EXPECT_EQ(a.vessel_class, 4U);
  EXPECT_EQ(a.moves, 2500.0);
  EXPECT_EQ(a.eta, 77);

  const Message diverted = through_event_set(DivertedVessel{.cleared = true,
                                                            .ad_hoc = true,
                                                            .vessel_class = 2,
                                                            .call = 5,
                                                            .tried = 0x8000'0001U,
                                                            .discharge_left = 0,
                                                            .load_left = DivertedVessel::kWhole / 2,
                                                            .moves = 10.0});
  const auto& d = diverted.as<DivertedVessel>();
  EXPECT_TRUE(d.cleared);
  EXPECT_FALSE(d.released);
  EXPECT_TRUE(d.ad_hoc);
  EXPECT_EQ(d.tried, 0x8000'0001U);
  EXPECT_EQ(d.discharge_left, 0U);
  EXPECT_EQ(d.load_left, DivertedVessel::kWhole / 2);
}

TEST(Message, AFamilyOfKindsSharesOnePayloadAndTheKindTravels) {
  for (const MessageKind kind : {MessageKind::pre_arrival_notification, MessageKind::cargo_declaration,
                                 MessageKind::clearance, MessageKind::customs_release}) {
    const Message m = through_event_set(CallNotice{.kind = kind, .terminal = 2, .call = 8, .import_boxes = 40});
    EXPECT_EQ(m.kind(), kind);
    EXPECT_EQ(m.as<CallNotice>().import_boxes, 40U);
    EXPECT_EQ(m.as<CallNotice>().terminal, 2U);
  }
  EXPECT_TRUE(Batch::accepts(MessageKind::delivery));
  EXPECT_FALSE(Batch::accepts(MessageKind::clearance));
  EXPECT_FALSE(CallNotice::accepts(MessageKind::pickup));
  EXPECT_TRUE(CallStep::accepts(MessageKind::berth_step));
  EXPECT_TRUE(Signal::accepts(MessageKind::quay_notice));
  EXPECT_FALSE(Signal::accepts(MessageKind::capacity_change));
}

TEST(Message, ADefaultMessageIsTheFirstKindWithNothingInIt) {
  const Message m;
  EXPECT_EQ(m.kind(), MessageKind::next_arrival);
  EXPECT_FALSE(m.as<ArrivalDue>().period_tick);
  EXPECT_EQ(m.as<ArrivalDue>().eta, 0);
}

TEST(MessageDeathTest, ReadingAPayloadOfAnotherKindIsCaughtWhereAssertionsAreOn) {
  const Message m = LevelChange{.level = 0.5};
  EXPECT_DEBUG_DEATH((void)m.as<Batch>(), "accepts");
}

}  // namespace
}  // namespace porttwin::port
