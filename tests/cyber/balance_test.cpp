// CONSERVATION (issue 17 item 5) over every shipped scenario, as shipped
// (replication 0; the incident scenarios with their incidents): at each
// terminal, the cargo vessels bring for discharge is discharged, carried on to
// another terminal, carried out of the port, or still on board at the end; the
// yard's content is what came in less what went out; export cargo that missed
// its vessel was taken by a later call, left by another sailing, or still waits. Port-wide, what left one
// terminal for another and has not arrived is in transit (never negative).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "porttwin/run/scenario_run.hpp"
#include "porttwin/scenario/document.hpp"

namespace {

using namespace porttwin;

std::vector<std::string> shipped() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PORTTWIN_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Balance : public ::testing::TestWithParam<std::string> {};

TEST_P(Balance, EveryTonneAndTeuIsAccountedFor) {
  const auto doc =
      scenario::ScenarioDocument::from_file(std::string(PORTTWIN_SOURCE_DIR) + "/scenarios/" + GetParam() + ".yaml");
  ASSERT_TRUE(doc.valid()) << doc.problems().front().to_string();
  const run::ScenarioRun r = run::run_scenario(doc.instantiate(0), {});
  double arrived = 0.0, away = 0.0, in = 0.0;
  for (const port::TerminalSummary& t : r.port.terminals) {
    const double brought = t.cargo_arrived + t.cargo_diverted_in;
    const double accounted = t.cargo_discharged + t.cargo_diverted_away + t.cargo_carried_away + t.cargo_on_board_end;
    EXPECT_NEAR(brought, accounted, 1e-9 * std::max(1.0, brought)) << t.id;
    EXPECT_NEAR(t.yard_in, t.yard_out + t.yard_end, 1e-9 * std::max(1.0, t.yard_in)) << t.id;
    EXPECT_GE(t.yard_end, -1e-6 * std::max(1.0, t.yard_in)) << t.id;
    EXPECT_LE(t.left_on_board, t.cargo_carried_away + 1e-9 * std::max(1.0, brought)) << t.id;
    // ROLLED EXPORTS: each rolled TEU was taken by a later call, left after another dwell, or still waits.
    EXPECT_NEAR(t.rolled, t.rolled_loaded + t.rolled_expired + t.rolled_end, 1e-9 * std::max(1.0, t.rolled)) << t.id;
    // Export bookings: received, cancelled, or on their way at the end (ExportBookings). On their
    // way: the cargo of calls still to come, a few days of a run of ten weeks or more.
    EXPECT_GE(t.exports.on_its_way(), -1e-9 * std::max(1.0, t.exports.booked)) << t.id;
    EXPECT_LE(t.exports.on_its_way(), 0.1 * t.exports.booked + 1e-9) << t.id;
    arrived += t.cargo_arrived;
    away += t.cargo_diverted_away;
    in += t.cargo_diverted_in;
  }
  EXPECT_GT(arrived, 0.0);
  EXPECT_GE(away - in, -1e-9 * std::max(1.0, arrived)) << "cargo arrived at a terminal it never left";
  // In transit: only vessels diverted within a message latency of the end.
  EXPECT_LE(away - in, 0.01 * arrived);
}

INSTANTIATE_TEST_SUITE_P(Shipped, Balance, ::testing::ValuesIn(shipped()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
