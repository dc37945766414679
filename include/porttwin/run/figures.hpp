// The key figures of a replication, declared once: a row per figure with
// its name, units, words, group and how it is computed from one
// replication's outcome (ScenarioRun). The results file's /kpi, `run
// --json`, the text summaries, the ensemble statistics, the Python Result
// and the report all iterate this table, so a new figure is one row here and
// nothing else (docs/results-format.md lists them).
//
// A figure that is undefined in a replication (the backlog never cleared,
// throughput never recovered) is NaN: NaN in /kpi, null in JSON, left out of
// the ensemble statistics ("defined in k of n").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "porttwin/run/scenario_run.hpp"

namespace porttwin::run {

/// Which replications have the figure: every one (port), or those of a
/// scenario with incidents (cascade: disrupted against the same-seed baseline).
enum class FigureGroup : std::uint8_t { port, cascade };

/// How a figure reads in a text summary.
enum class FigureStyle : std::uint8_t {
  count,   ///< a whole number, digits grouped
  hours,   ///< hours, two decimals
  share,   ///< a fraction shown as a percentage
  amount,  ///< a quantity in its units, four significant digits
  money,   ///< euros, grouped
  flag,    ///< 0 or 1: no or yes
};

/// A row of a figure table: a figure of the replication (no `Of`), or of
/// each of its terminals (`Of` = the terminal's index).
template <class... Of>
struct FigureRow {
  std::string_view name;         ///< key in /kpi, run --json and Python
  std::string_view units;        ///< UDUNITS text; "1" for counts and fractions
  std::string_view long_name;    ///< words, for tables and the report
  std::string_view description;  ///< how it is computed
  FigureGroup group;
  FigureStyle style;
  double (*value)(const ScenarioRun&, Of...);  ///< from one replication; NaN where undefined
};

using Figure = FigureRow<>;
/// A key figure of each terminal: /kpi/terminals/terminal_<name> over (replication,
/// terminal), `terminals[i].<name>` in run --json, Python's
/// Result.terminal_kpis. Cargo figures are in the terminal's yard unit
/// (TEU, t or units: /kpi/terminals/yard_unit) where `units` is empty.
using TerminalFigure = FigureRow<std::size_t>;

/// Every figure, in the order files, JSON and summaries list them.
[[nodiscard]] std::span<const Figure> figures();
/// The figure of that name, or null.
[[nodiscard]] const Figure* find_figure(std::string_view name);
/// The figures a scenario's replications have: the port's, and the
/// cascade's when it has incidents. In table order.
[[nodiscard]] std::vector<const Figure*> figures_for(bool incidents);
/// Every terminal figure, in table order.
[[nodiscard]] std::span<const TerminalFigure> terminal_figures();
/// The terminal figure of that name (without the prefix of terminal_kpi_name), or null.
[[nodiscard]] const TerminalFigure* find_terminal_figure(std::string_view name);
/// The terminal figures a scenario's replications have (port; cascade with incidents).
[[nodiscard]] std::vector<const TerminalFigure*> terminal_figures_for(bool incidents);
/// The /kpi/terminals variable of a terminal figure: "terminal_" + its name.
[[nodiscard]] std::string terminal_kpi_name(const TerminalFigure& figure);
/// The reference of every figure (name, units, group, meaning), as text or
/// as the Markdown of docs/key-figures.md (`porttwin schema --figures`).
[[nodiscard]] std::string figures_reference(bool markdown);
/// Events every model run of the replication committed (port, baseline, cyber).
[[nodiscard]] std::uint64_t committed_events(const ScenarioRun& run);

}  // namespace porttwin::run
