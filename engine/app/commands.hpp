// The porttwin command line: each subcommand registers its options on the
// CLI11 app and returns the function that runs it once parsing succeeded.
// The commands are thin: they turn flags into library calls and print.
#pragma once

#include <CLI/CLI.hpp>
#include <exception>
#include <functional>
#include <memory>
#include <string>

namespace porttwin::run {
class Distributor;
}

namespace porttwin::app {

/// Exit codes, documented in `porttwin --help` and the README.
enum ExitCode : int {
  kExitOk = 0,
  kExitDataProblem = 1,    ///< a scenario or data problem, or a run that could not complete
  kExitUsage = 2,          ///< bad arguments or impossible values
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

/// Under `mpirun -n R` (a build with MPI): MPI for the program's life,
/// started only when an MPI launcher started the process, so a plain run
/// never touches MPI. Commands then either spread their work (distribute())
/// or run on rank 0 alone (idle_rank() on the others).
class MpiScope {
 public:
  MpiScope(int* argc, char*** argv);
  ~MpiScope();
  MpiScope(const MpiScope&) = delete;
  MpiScope& operator=(const MpiScope&) = delete;
};
/// This process's rank and the number of ranks (0 and 1 without MPI).
[[nodiscard]] int mpi_rank();
[[nodiscard]] int mpi_size();
/// For a command that spreads its replications over the ranks: the
/// distributor (null with one process). From here on, a failure on any rank
/// is agreed on, so that exactly one rank reports it.
[[nodiscard]] run::Distributor* distribute();
/// For a command that runs on rank 0 alone: true on the other ranks, which
/// return at once.
[[nodiscard]] bool idle_rank();
/// Threads per rank when --threads is not given: 1 in one process, this
/// node's cores shared among its ranks under MPI.
[[nodiscard]] long long default_threads_per_rank(long long single_process_default);
/// After a failure: the failure this process reports, or null when another
/// rank reports it (the exit code then comes from `code`).
[[nodiscard]] std::exception_ptr settle_failure(std::exception_ptr failure, int& code);

/// A directory under $TMPDIR (or /tmp) that exists from create() until the
/// object is destroyed, contents and all; for an ensemble gathered from
/// ranks when no -o was given.
class TemporaryDirectory {
 public:
  TemporaryDirectory() = default;
  ~TemporaryDirectory();
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  void create();
  /// A path in the directory (empty before create()).
  [[nodiscard]] std::string file(const std::string& name) const;

 private:
  std::string path_;
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
