// Ensembles and sweeps written to a results file (docs/results-format.md).
//
// run_to_file runs replications in parallel (as run_ensemble does), turns
// each finished one into a Record (its key figures, sampled series, events,
// node summaries) and writes it at once to a shard in `PATH.partial/`, so
// memory holds a few replications at a time whatever their number, and a
// crash (Ctrl-C, kill -9, a full disk) loses at most the replications that
// were running. When all are there, the shards are joined in replication
// order into `PATH.tmp`, the ensemble statistics are computed from it, the
// root attribute `complete` is set to 1 and the file is renamed to PATH.
// `resume` keeps the shards of an interrupted attempt at the same run (the
// manifest in the partial directory must match) and runs only the rest.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "porttwin/graph/port_graph.hpp"
#include "porttwin/io/results_file.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/run/ensemble.hpp"
#include "porttwin/run/variables.hpp"

namespace porttwin::run {

/// One point of a sweep: overrides (dotted path, YAML value) applied on top of the document.
struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> overrides;
};

/// A replication finished by another process: its shard file's bytes.
struct ShardBytes {
  std::uint32_t task = 0;    ///< index into the run's tasks: point x replications + k
  std::uint64_t events = 0;  ///< events the replication committed (for progress)
  std::vector<unsigned char> bytes;
};

/// Spreads run_to_file's replications over processes; engine/dist/ does it
/// over MPI. One process (MPI rank 0) is the writer: it alone touches the
/// output, hands out the work and joins the shards in order; the others
/// only compute and send shards. run_to_file calls agree() once after its
/// set-up and then run().
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
    /// Writer: run a task here, write its shard and join it (thread-safe).
    std::function<std::uint64_t(std::uint32_t)> run_here;
    /// Others: run a task and return its shard (thread-safe).
    std::function<ShardBytes(std::uint32_t)> compute;
    /// Writer, on the calling thread: store another process's shard and,
    /// with `join`, join what is ready (false once the run is stopping).
    std::function<void(ShardBytes&&, bool join)> accept;
  };
  /// Collective: runs every task somewhere, with dynamic load balancing.
  /// A failure anywhere stops every process: the writer rethrows it (an
  /// Interrupted for a stop request), the others throw Stopped.
  virtual void run(const Work& work) = 0;

 protected:
  bool agreed_ = false;
};

struct ResultsOptions {
  std::string path;                    ///< the results file
  bool resume = false;
  std::string command_line;            ///< as typed, for the root attribute
  std::vector<std::string> overrides;  ///< the --set arguments (documentation and the resume check)
  Distributor* distributor = nullptr;  ///< null: this process's threads only
};

struct FileRunResult {
  std::vector<EnsembleResult> points;  ///< one per sweep point (one for a plain run), key figures in replication order
  std::uint32_t kept = 0;              ///< replications kept from an interrupted attempt
  std::uint32_t ran = 0;               ///< replications run now
  std::uint64_t file_bytes = 0;
  double write_seconds = 0.0;          ///< shards, joining and statistics (wall)
  std::uint32_t merged = 0;            ///< replications received from other processes (distributed runs)
  double merge_seconds = 0.0;          ///< the writer's time storing and joining those (wall)
};

/// Runs the ensemble (or, with `points`, the sweep) and writes PATH.
/// Throws IoError for an output that cannot be written (nothing that looks
/// complete is left behind), ScenarioError for a bad sweep value, UsageError
/// for a resume that does not match.
[[nodiscard]] FileRunResult run_to_file(const scenario::ScenarioDocument& document, const EnsembleOptions& ensemble,
                                        const ResultsOptions& results, const std::vector<SweepPoint>& points = {});

/// Set by a SIGINT handler (or anyone): replications not yet started are
/// not started, and run_to_file throws Interrupted once the running ones
/// have been written.
void request_stop() noexcept;
[[nodiscard]] bool stop_requested() noexcept;
/// Replications being simulated right now by run_to_file (safe to read in a
/// signal handler: a lock-free atomic).
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
