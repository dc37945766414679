// How many events a scenario asks the port model to simulate in one run,
// estimated from its numbers before anything runs, and the ceiling beyond
// which validate and run refuse it.
//
// Why: `rate: 1e12 /h` is a valid number, and a run of it never ends (or
// fills memory with pending trucks). The count is dominated by a few
// products of the scenario's numbers, each a term below:
//   vessel calls   arrivals over the horizon (poisson rate x horizon,
//                  timetable times x horizon / period, csv rows before the
//                  horizon) x the events of one call: the pre-arrival and
//                  customs messages through the PCS, arrival, work phases,
//                  departure, and the hinterland batches (up to 4 per
//                  direction and mode, 4 or 5 messages each);
//   trucks         containers by road: one truck per box, two events each
//                  (arrival at the gate, done), mean call size x (import +
//                  export share) x the truck share;
//   consumption    one event an hour per company that consumes cargo.
// The constants are calibrated against the events `porttwin run --json`
// reports for the shipped scenarios (docs/scenario-reference.md, Limits):
// the estimate is within a factor of two of the count, on the high side.
// It counts one port run; a scenario with incidents runs the port twice
// (with and without them) and the cyber model besides.
#pragma once

#include <cstddef>
#include <vector>

#include "porttwin/scenario/scenario.hpp"

namespace porttwin::scenario {

/// Events of one run beyond which a scenario is refused. The 1-year
/// Rotterdam baseline commits 7.5 million events in about a second; 2e9 is
/// some 270 Rotterdam-years (a 50-year horizon of a port 5 times
/// Rotterdam's size), a few minutes on one core, and far below the kernel's
/// own limits, so only scenarios no port study needs are refused, and
/// those before they start rather than after hours or out of memory.
inline constexpr double kMaxEventsPerRun = 2e9;

/// Boxes of one call that may leave or arrive by road: a batch's trucks are
/// scheduled together, so this bounds the pending events (64 bytes each)
/// one call can add at once. The largest container ships make some 15,000
/// moves a call.
inline constexpr double kMaxTrucksPerCall = 1e6;

struct Workload {
  enum class Source { calls, trucks, consumption };
  struct Term {
    Source source = Source::calls;
    Index index = 0;      ///< the stream (calls), the vessel class (trucks); unused for consumption
    double count = 0.0;   ///< vessel calls, trucks, or companies' consumption hours
    double events = 0.0;  ///< the events they imply
  };
  std::vector<Term> terms;  ///< the non-zero terms, in scenario order
  double events = 0.0;      ///< the sum; may be +inf for absurd inputs

  /// The term with the most events (null when there is none).
  [[nodiscard]] const Term* largest() const noexcept;
};

/// The estimate for one run of `s` (nominal values: means of call sizes).
[[nodiscard]] Workload estimate_workload(const Scenario& s);

/// Boxes one call of `v` sends or takes by road, on average (0 for bulk).
[[nodiscard]] double trucks_per_call(const Scenario& s, const VesselClass& v);

}  // namespace porttwin::scenario
