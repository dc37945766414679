// The porttwin command line: each subcommand registers its options on the
// CLI11 app and returns the function that runs it once parsing succeeded.
// The commands are thin: they turn flags into library calls and print.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace porttwin::app {

/// Exit codes, documented in `porttwin --help` and the README.
enum ExitCode : int {
  kExitOk = 0,
  kExitDataProblem = 1,  ///< a scenario or data problem, or a run that could not complete
  kExitUsage = 2,        ///< bad arguments or impossible values
  kExitInterrupted = 130,  ///< stopped by Ctrl-C; finished replications kept for --resume
};

using CommandFn = std::function<int()>;

/// The command line as typed (arguments quoted where needed), for results files.
[[nodiscard]] const std::string& invocation();
void set_invocation(int argc, char** argv);

/// While alive, Ctrl-C (SIGINT) or SIGTERM asks a running ensemble to stop
/// after the replications in flight (run::request_stop); a second Ctrl-C
/// ends the process at once. Restores the previous handlers when destroyed.
class StopOnInterrupt {
 public:
  StopOnInterrupt();
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;
};

/// `porttwin phold ...`: the PHOLD benchmark model.
CommandFn add_phold_command(CLI::App& app);
/// `porttwin validate FILE [--set k=v ...]`: every problem of a scenario.
CommandFn add_validate_command(CLI::App& app);
/// `porttwin schema [--format text|markdown]`: the reference of every parameter.
CommandFn add_schema_command(CLI::App& app);
/// `porttwin graph FILE --format graphml|dot [-o OUT]`: the dependency graph.
CommandFn add_graph_command(CLI::App& app);
/// `porttwin analyze FILE [--json] [--top N] [-o OUT]`: attack-graph analysis.
CommandFn add_analyze_command(CLI::App& app);
/// `porttwin run FILE [--set k=v ...] [--seed S] ...`: run a scenario.
CommandFn add_run_command(CLI::App& app);
/// `porttwin sweep FILE --vary k=v1,v2 ... -o OUT`: a grid of overrides.
CommandFn add_sweep_command(CLI::App& app);
/// `porttwin compare A.h5 B.h5 [--json]`: key-figure differences.
CommandFn add_compare_command(CLI::App& app);
/// `porttwin report RESULTS.h5 -o report.html`: the HTML report.
CommandFn add_report_command(CLI::App& app);

}  // namespace porttwin::app
