// schema_reference(): the parameter table printed for people, as plain text
// (`porttwin schema`) or Markdown (docs/scenario-reference.md).
#include <string>

#include "porttwin/scenario/document.hpp"
#include "porttwin/scenario/schema.hpp"
#include "porttwin/scenario/workload.hpp"

namespace porttwin::scenario {
namespace {

// How values are written; true of every row, so said once.
constexpr const char* kValues[] = {
    "Quantities are written `<number> <unit>` (the space is optional) and a unit is required:",
    "durations s, min, h, d, wk, yr (1 yr = 365 d); lengths m, km; rates /h, /d, /wk, /yr; cargo moves, TEU, t, "
    "units; cargo rates `<cargo>/<time>`, e.g. `28 moves/h`, `20000 TEU/d`.",
    "Fractions, shares and counts are bare numbers. Collections are maps keyed by id (`[a-z0-9_]+`, at most 64 "
    "characters), kept in file order; node ids are unique across the scenario.",
    "",
    "Values drawn once per replication: where `uncertain` is marked, write `{range: [lo, hi]}` (uniform) or "
    "`{dist: <kind>, ...}` instead of the value, units inside. Draws come from the stream (seed, replication, "
    "parameter stream) in document order; a draw outside the allowed range is clamped to it; rules relating two "
    "values (shares summing to 1, warmup < horizon) are checked on the nominal values (midpoints, means), and "
    "uncertain shares are normalised per replication.",
    "",
    "Distributions (fields of type `... distribution`, drawn per event): a plain quantity (always that value) or "
    "`{dist: exponential, mean: ..}`, `{dist: uniform, min: .., max: ..}`, `{dist: normal, mean: .., sd: ..}`, "
    "`{dist: lognormal, mean: .., sd: ..}` (mean and sd of the variable itself), `{dist: triangular, min: .., "
    "mode: .., max: ..}`, `{dist: empirical, values: [..]}` (2 to 10000 observations); every parameter in the "
    "field's unit, and each may itself be `{range: [lo, hi]}` or `{dist: ..}`, drawn once per replication. A "
    "normal must keep mean +- 6 sd within the field's range.",
    "",
    "Paths: `porttwin validate FILE --set path=value` and `porttwin run` take the dotted path of any parameter "
    "below, with the ids of the file in place of `<id>` and list positions (from 0) in place of `<i>`, e.g. "
    "`--set terminals.ect_delta.berths.deep.length='420 m'`; the value is YAML, checked like the file's own.",
};

// The text below spells these; change both together.
static_assert(kMaxEventsPerRun == 2e9 && kMaxTrucksPerCall == 1e6 && kMaxMagnitude == 1e15);

std::string limits_line() {
  return "Limits: files at most " + std::to_string(Limits::kMaxFileBytes >> 20U) +
         " MiB (scenario and CSV), in UTF-8; every number at most 1e15 in magnitude (before its unit); "
         "YAML nesting at most " +
         std::to_string(Limits::kMaxNesting) + " levels; at most " + std::to_string(Limits::kMaxNodes) +
         " YAML values and " + std::to_string(Limits::kMaxExpandedBytes >> 20U) +
         " MiB of text once aliases are expanded; at most " + std::to_string(Limits::kMaxMapEntries) +
         " keys in one map; at most " + std::to_string(Limits::kMaxBerths) + " berths after `count` expansion and " +
         std::to_string(Limits::kMaxCranes) + " cranes in all; at most " + std::to_string(Limits::kMaxCsvRows) +
         " rows per CSV timetable; at most " + std::to_string(Limits::kMaxClassTerminals) +
         " (vessel class, terminal it may use) pairs; horizon / sample_interval at most 1e7; "
         "entry counts of collections as listed; at most 2e9 simulated events per run and 1e6 boxes by road per "
         "call, as `porttwin validate` estimates them (see 'How big a run may be').";
}

std::string unit_of(const Param& p) {
  if (!p.unit.empty()) return std::string(p.unit);
  return std::string(accepted_units(p.dimension));
}

std::string default_of(const Param& p) {
  if (p.required) return "required";
  if (p.default_value.empty()) return "";
  return std::string(p.default_value);
}

std::string cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string markdown() {
  std::string out = "## Writing values\n\n";
  for (const char* line : kValues) out += std::string(line) + "\n";
  out += '\n';
  out += limits_line();
  out += "\n\n";
  out += "## Parameters\n\n";
  out += "| parameter | type | unit | default | allowed | description |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const Param& p : parameter_table()) {
    std::string type = describe_type(p);
    if (p.uncertain) type += ", uncertain";
    const std::string def = default_of(p);
    out += "| `" + std::string(p.path) + "` | " + cell(type) + " | " + cell(unit_of(p)) + " | " +
           (def.empty()         ? std::string()
            : def == "required" ? std::string("*required*")
                                : '`' + cell(def) + '`') +
           " | " + cell(describe_range(p)) + " | " + cell(std::string(p.description) + describe_applies(p)) + " |\n";
  }
  return out;
}

std::string text() {
  std::string out = "porttwin scenario parameters\n\n";
  for (const char* line : kValues) out += std::string(line) + "\n";
  out += '\n';
  out += limits_line();
  out += "\n\n";
  for (const Param& p : parameter_table()) {
    std::string facts = describe_type(p);
    if (p.uncertain) facts += ", uncertain";
    const std::string unit = unit_of(p);
    if (!unit.empty()) facts += "; unit " + unit;
    const std::string def = default_of(p);
    if (def == "required") {
      facts += "; required";
    } else if (!def.empty()) {
      facts += "; default " + def;
    }
    const std::string range = describe_range(p);
    if (!range.empty()) facts += "; " + range;
    out += std::string(p.path) + "  (" + facts + ")\n    " + std::string(p.description) + describe_applies(p) + "\n";
  }
  return out;
}

}  // namespace

std::string schema_reference(bool as_markdown) { return as_markdown ? markdown() : text(); }

}  // namespace porttwin::scenario
