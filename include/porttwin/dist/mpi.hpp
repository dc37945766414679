// Distributed ensembles over MPI (engine/dist/; built when PORTTWIN_MPI is on).
//
// `mpirun -n R porttwin run|sweep ... -o FILE` runs run::run_to_file on R
// processes. Rank 0 is the writer: it checks the output and the resume
// manifest, hands out replications one at a time from a queue in task order
// (so a slow replication never holds back a batch) and runs some itself;
// every rank runs its share on its own oneTBB threads. Other ranks send each
// finished replication to rank 0 as the bytes of its shard file (an HDF5
// file made in memory), so they need no shared file system; rank 0 stores
// it in FILE.partial/ and joins the shards into FILE in replication order,
// exactly as a single process does. The file is therefore the same whatever
// the number of ranks and threads, a dead rank loses only the replications
// it was running, and `--resume` (with any number of ranks) runs the rest.
//
// Only the thread that made the Session calls MPI (thread level funneled):
// worker threads hand their results to it through a queue.
#pragma once

#include <mpi.h>

#include <memory>

#include "porttwin/run/results.hpp"

namespace porttwin::dist {

/// True when an MPI launcher (mpirun, mpiexec, srun) started this process,
/// as its environment says; MPI itself is not touched.
[[nodiscard]] bool launched_by_mpi() noexcept;

/// MPI for the object's life: initialised (unless it already is, as under
/// mpi4py) and, if this object initialised it, finalised at the end.
class Session {
 public:
  Session(int* argc, char*** argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }

 private:
  bool owns_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// A run::Distributor over `comm`; rank 0 writes. The calling thread must be
/// the one allowed to call MPI (the main thread under MPI_THREAD_FUNNELED).
[[nodiscard]] std::unique_ptr<run::Distributor> make_distributor(MPI_Comm comm);

/// Replications at a time on each rank when none are asked for: this node's
/// cores shared among the ranks on it (OMPI_COMM_WORLD_LOCAL_SIZE), at least 1.
[[nodiscard]] int default_threads() noexcept;

/// The exit code for a failure: 130 interrupted, 2 bad usage, 1 otherwise
/// (a Stopped carries its own).
[[nodiscard]] int exit_code(const std::exception_ptr& failure) noexcept;

}  // namespace porttwin::dist
