// The workload check: a scenario whose estimated events per run pass the
// ceiling (scenario/workload.hpp) is refused, at the parameter that
// contributes most. See builder.hpp.
#include <cmath>
#include <cstdio>

#include "builder.hpp"
#include "porttwin/scenario/workload.hpp"

namespace porttwin::scenario::detail {
namespace {

/// "2.6e17", "2e9", "53000": two significant digits, as an estimate deserves.
std::string approx(double x) {
  if (!std::isfinite(x)) return "more than 1e308";
  if (x < 1e5) return format_number(std::round(x));
  int exponent = static_cast<int>(std::floor(std::log10(x)));
  double mantissa = std::round(x / std::pow(10.0, exponent) * 10.0) / 10.0;
  if (mantissa >= 10.0) {
    mantissa /= 10.0;
    ++exponent;
  }
  char text[32];
  std::snprintf(text, sizeof text, mantissa == std::floor(mantissa) ? "%.0fe%d" : "%.1fe%d", mantissa, exponent);
  return text;
}

std::string horizon_text(double horizon_h) {
  return horizon_h >= 24.0 ? format_number(horizon_h / 24.0) + " d" : format_number(horizon_h) + " h";
}

}  // namespace

void check_workload(Build& b) {
  // On the nominal values only, like the other rules that relate values: a
  // replication's draws may land above the nominal, and the ceiling is
  // generous enough for that.
  if (b.sampled) return;
  for (Index c = 0; c < b.s.traffic.vessel_classes.size() && c < b.call_size.size(); ++c) {
    const double trucks = trucks_per_call(b.s, b.s.traffic.vessel_classes[c]);
    if (trucks > kMaxTrucksPerCall) {
      const Build::Place& at = b.call_size[c];
      b.rd.problem(at.mark, at.path + ": expected at most " + approx(kMaxTrucksPerCall) +
                                " boxes by road per call (a batch's trucks are scheduled together); found about " +
                                approx(trucks) + " (call size x (import + export) x truck share)");
    }
  }
  const Workload w = estimate_workload(b.s);
  if (!(w.events > kMaxEventsPerRun)) return;  // also refuses NaN
  // A stream whose calls alone pass the ceiling is what to change (its
  // classes' trucks are many because its calls are); else the largest term.
  const Workload::Term* stream = nullptr;
  for (const Workload::Term& t : w.terms) {
    const bool over = t.source == Workload::Source::calls && t.events > kMaxEventsPerRun;
    if (over && (stream == nullptr || t.events > stream->events)) stream = &t;
  }
  const Workload::Term* largest = stream != nullptr ? stream : w.largest();
  if (largest == nullptr) return;
  const std::string expected = "expected at most " + approx(kMaxEventsPerRun) +
                               " simulated events per run (the limit, see 'porttwin schema'); found about " +
                               approx(w.events) + ", ";
  const std::string over = " over " + horizon_text(b.s.settings.horizon_h);
  switch (largest->source) {
    case Workload::Source::calls: {
      if (largest->index >= b.stream_count.size()) return;
      const Build::Place& at = b.stream_count[largest->index];
      b.rd.problem(at.mark, at.path + ": " + expected + approx(largest->events) + " of them from the " +
                                approx(largest->count) + " vessel calls of this stream" + over);
      return;
    }
    case Workload::Source::trucks: {
      if (largest->index >= b.call_size.size()) return;
      const Build::Place& at = b.call_size[largest->index];
      b.rd.problem(at.mark, at.path + ": " + expected + approx(largest->events) + " of them from the " +
                                approx(largest->count) + " trucks (one per box by road) of this class's calls" + over);
      return;
    }
    case Workload::Source::consumption:
      b.rd.problem(b.horizon.mark, b.horizon.path + ": " + expected + approx(largest->events) +
                                       " of them from the companies' hourly consumption" + over);
      return;
  }
}

}  // namespace porttwin::scenario::detail
