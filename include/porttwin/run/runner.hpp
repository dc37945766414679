// The one ensemble runner: (sweep point, replication) tasks run on oneTBB
// threads, or spread over processes by a Distributor (MPI), each finished
// replication handed to sinks and watched by observers.
//
//   Plan      what runs: each point's document, scenario, graph, layout and
//             identity, and the tasks in order (point by point, replication
//             order);
//   Sink      takes each finished replication: a summary of the key figures
//             (SummarySink), a results file with shards, join and --resume
//             (run/results.hpp), memory (the Python bindings);
//   Observer  watches, read-only: progress lines, Python callbacks (as
//             taskflow's ObserverInterface: it cannot change the run).
//
// Every replication is deterministic on its own (its random streams are
// keyed by seed, replication and LP), so where and when it runs changes
// nothing but the wall time. A new way to run ensembles (a ranking of
// defences, a sensitivity design) is a task list and a sink.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/io/results_file.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/run/ensemble.hpp"

namespace porttwin::run {

/// One point of a sweep: overrides (dotted path, YAML value) applied on top of the document.
struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> overrides;
};

/// One replication of one point.
struct Task {
  std::size_t point = 0;
  std::uint32_t replication = 0;
};

/// What an ensemble or sweep runs.
struct Plan {
  bool sweep = false;
  std::vector<SweepPoint> points;                     ///< one without overrides for a plain run
  std::vector<scenario::ScenarioDocument> documents;  ///< per point, its overrides applied
  std::vector<scenario::Scenario> scenarios;          ///< per point, its first replication
  std::vector<graph::PortGraph> graphs;
  std::vector<io::Layout> layouts;
  /// Per point: what makes its replication k what it is (scenario and base
  /// hashes, seed, --set, the point's overrides, format): shards and the
  /// bytes ranks send are stamped with it and refused if it differs.
  std::vector<io::ShardIdentity> identities;
  std::uint32_t first = 0;  ///< replications first .. first+count-1 at every point
  std::uint32_t count = 0;
  std::vector<Task> tasks;
  std::string base_file;  ///< the file the scenario's base: names ("" if none) and its text
  std::string base_text;
};

/// Builds the plan: every point's document checked (ScenarioError naming
/// the point for a bad value), instantiated, its graph and layout made.
/// `overrides` are the --set arguments already applied to `document`.
[[nodiscard]] Plan make_plan(const scenario::ScenarioDocument& document, std::uint32_t first, std::uint32_t count,
                             const std::vector<SweepPoint>& sweep = {}, const std::vector<std::string>& overrides = {});

/// A finished replication as sinks see it: its key figures always, its
/// record and its shard bytes when asked for (made once, on demand: a
/// replication from another process arrives as bytes, one run here as a
/// record).
class Finished {
 public:
  /// At least one of figures+record or bytes.
  Finished(const Plan& plan, std::uint32_t index, std::uint64_t events, std::optional<std::vector<double>> figures,
           std::optional<io::Record> record, std::vector<unsigned char> bytes);
  const std::uint32_t index;  ///< into plan.tasks
  const Task& task;
  const std::uint64_t events;
  /// The key figures, in the order of the layout's /kpi variables.
  [[nodiscard]] const std::vector<double>& figures() const;
  [[nodiscard]] const io::Record& record() const;
  [[nodiscard]] std::span<const unsigned char> bytes() const;
  /// "p0002-r0000000017.h5": the task's shard file name.
  [[nodiscard]] std::string shard_name() const;

 private:
  const Plan& plan_;
  mutable std::optional<std::vector<double>> figures_;
  mutable std::optional<io::Record> record_;
  mutable std::vector<unsigned char> bytes_;
};

/// The shard file name of a task.
[[nodiscard]] std::string shard_name(const Task& task);

class Sink {
 public:
  virtual ~Sink() = default;
  /// Whether the runner must make each replication's record (a summary needs only the figures).
  [[nodiscard]] virtual bool needs_record() const { return false; }
  /// A finished replication, from worker threads, concurrently: lock inside.
  virtual void accept(const Finished& finished) = 0;
};

/// Watches the run; cannot change it. Calls come one at a time.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void finished(const Task& /*task*/, const EnsembleProgress& /*progress*/) {}
};

/// The key figures of every replication that finished, per point, in
/// replication order, with their summaries (mean, sd, 95% CI).
class SummarySink final : public Sink {
 public:
  explicit SummarySink(const Plan& plan);
  void accept(const Finished& finished) override;
  /// Every task's figures must have been accepted (rows of tasks never run stay NaN).
  [[nodiscard]] std::vector<EnsembleResult> results() const;

 private:
  const Plan& plan_;
  std::mutex lock_;
  std::vector<std::vector<double>> rows_;  ///< per task
  std::vector<std::uint64_t> events_;
};

/// The summaries of figure rows (NaN, undefined, left out of each figure's statistics).
[[nodiscard]] EnsembleResult summarise_rows(std::vector<std::string> names, std::vector<std::vector<double>> rows);

/// A replication finished by another process: its shard file's bytes.
struct ShardBytes {
  std::uint32_t task = 0;    ///< index into the plan's tasks
  std::uint64_t events = 0;  ///< events the replication committed (for progress)
  std::vector<unsigned char> bytes;
};

/// Spreads the runner's tasks over processes; engine/dist/ does it over MPI.
/// One process (MPI rank 0) is the writer: it alone has sinks, hands out the
/// work and runs some itself; the others only compute and send shard bytes.
/// The caller calls agree() once after its set-up and then run_plan.
class Distributor {
 public:
  virtual ~Distributor() = default;
  [[nodiscard]] virtual bool writer() const = 0;
  /// Collective: every process reports whether its set-up failed. If any
  /// did, the lowest failing process rethrows its error and the others
  /// throw Stopped with its exit code; otherwise all return.
  virtual void agree(std::exception_ptr failure) = 0;
  /// Whether agree() has been called (it is called once).
  [[nodiscard]] bool agreed() const noexcept { return agreed_; }
  /// What run() runs. `threads` replications at a time on each process.
  struct Work {
    std::vector<std::uint32_t> todo;  ///< writer: the tasks to run, in order (others: empty)
    int threads = 1;
    /// Writer: run a task here and hand it to the sinks (thread-safe).
    std::function<std::uint64_t(std::uint32_t)> run_here;
    /// Others: run a task and return its shard bytes (thread-safe).
    std::function<ShardBytes(std::uint32_t)> compute;
    /// Writer, on the calling thread: hand another process's replication to
    /// the sinks; `more` is false once the run is stopping.
    std::function<void(ShardBytes&&, bool more)> accept;
  };
  /// Collective: runs every task somewhere, with dynamic load balancing.
  /// A failure anywhere stops every process: the writer rethrows it (an
  /// Interrupted for a stop request), the others throw Stopped.
  virtual void run(const Work& work) = 0;

 protected:
  bool agreed_ = false;
};

struct RunnerOptions {
  int threads = 1;         ///< replications at a time (per process)
  ScenarioRunOptions run;  ///< per replication (its `replication` is set by the runner)
  Distributor* distributor = nullptr;
};

/// What the runner did here.
struct RunnerOutcome {
  std::uint32_t ran = 0;       ///< tasks finished (on every process, counted by the writer)
  std::uint32_t received = 0;  ///< of those, from other processes
  std::uint64_t events = 0;
  double receive_seconds = 0;  ///< the writer's time handing received replications to the sinks
};

/// Runs the tasks `todo` (indices into plan.tasks) and hands each finished
/// one to every sink, then to every observer. A failure in any replication
/// or sink stops the run (replications not started are not started; those
/// running finish) and is rethrown; a stop request (request_stop) is
/// Interrupted. On a distributed run's other processes it returns once the
/// writer is done (their sinks are never called).
RunnerOutcome run_plan(const Plan& plan, const std::vector<std::uint32_t>& todo, const RunnerOptions& options,
                       std::span<Sink* const> sinks, std::span<Observer* const> observers = {});

/// Set by a SIGINT handler (or anyone): replications not yet started are
/// not started, and run_plan throws Interrupted once the running ones have
/// been handed to the sinks.
void request_stop() noexcept;
[[nodiscard]] bool stop_requested() noexcept;
/// Replications being simulated right now (safe to read in a signal
/// handler: a lock-free atomic).
[[nodiscard]] int replications_in_flight() noexcept;

class Interrupted : public Error {
 public:
  using Error::Error;
};

/// A process of a distributed run that stops because another one failed
/// (which reports the reason); carries the exit code to use, quietly.
class Stopped : public Error {
 public:
  Stopped(int exit_code, const std::string& what) : Error(what), exit_code_(exit_code) {}
  [[nodiscard]] int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

/// SHA-256 of bytes, as 64 hex digits (OpenSSL).
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace porttwin::run
