// See dist/mpi.hpp. The protocol, between rank 0 (the writer) and each
// other rank (a worker), all messages on the run's own duplicate of the
// communicator:
//
//   worker -> 0   request(n)       "n of my threads are idle"
//   0 -> worker   assign(tasks)    task numbers to run; none: there are no more
//   worker -> 0   result(shard)    a finished replication's shard bytes
//   worker -> 0   fail(task, why)  a replication failed
//   0 -> worker   stop(code)       stop taking work (a failure or Ctrl-C)
//   worker -> 0   bye(code)        "nothing running, nothing asked for"
//   0 -> worker   end              the last message; the run is over
//
// A worker says bye only with no request outstanding, and rank 0 ends the
// run only when every worker has said bye and its own threads are idle, so
// no message is ever left unreceived. Rank 0 hands tasks out in order, a
// few at a time, so the join (in order) follows close behind the work.
// Rank 0 never blocks on a send (it posts them with MPI_Isend and keeps
// receiving), so a worker blocked sending a large shard always gets through.
#include "porttwin/dist/mpi.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "porttwin/kernel/error.hpp"

namespace porttwin::dist {

namespace {

enum Tag : int { kRequest = 1, kAssign, kResult, kFail, kBye, kStop, kEnd };

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;

void check(int status, const char* what) {
  if (status != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(status, text, &length);
    throw Error(std::string("MPI: ") + what + " failed: " + std::string(text, static_cast<std::size_t>(length)));
  }
}

int to_count(std::size_t bytes) {
  if (bytes > static_cast<std::size_t>(INT_MAX)) throw Error("MPI: a replication's shard is over 2 GB");
  return static_cast<int>(bytes);
}

/// One finished replication on this rank's threads.
struct Completion {
  std::uint32_t task = 0;
  run::ShardBytes shard;     // a worker's
  std::exception_ptr error;  // or why it failed
};

/// This rank's threads: a oneTBB arena running tasks handed to it, whose
/// completions the MPI thread collects.
class Pool {
 public:
  explicit Pool(int threads)
      : cap_(oneapi::tbb::global_control::max_allowed_parallelism,
             static_cast<std::size_t>(std::max(threads + 1, oneapi::tbb::info::default_concurrency()))),
        arena_(threads, 0),  // no slot kept for this thread: it only talks MPI
        threads_(threads) {}

  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool() { wait_idle(); }

  [[nodiscard]] int idle() const { return threads_ - running_; }
  [[nodiscard]] int running() const { return running_; }

  template <class Fn>
  void submit(std::uint32_t task, Fn fn) {
    ++running_;
    arena_.enqueue([this, task, fn] {
      Completion c;
      c.task = task;
      try {
        fn(c);
      } catch (...) {
        c.error = std::current_exception();
      }
      const std::lock_guard lock(mutex_);
      done_.push_back(std::move(c));
      ready_.notify_one();
    });
  }

  /// Completions so far; waits up to `wait` for the first when there are none.
  std::deque<Completion> collect(std::chrono::microseconds wait) {
    std::unique_lock lock(mutex_);
    if (done_.empty() && wait.count() > 0) {
      if (running_ > 0) {
        ready_.wait_for(lock, wait);
      } else {
        // Nothing of ours running: wait for MPI messages without spinning.
        lock.unlock();
        std::this_thread::sleep_for(wait);
        lock.lock();
      }
    }
    std::deque<Completion> out;
    out.swap(done_);
    running_ -= static_cast<int>(out.size());
    return out;
  }

  void wait_idle() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return static_cast<int>(done_.size()) == running_; });
  }

 private:
  oneapi::tbb::global_control cap_;
  oneapi::tbb::task_arena arena_;
  int threads_;
  int running_ = 0;  // submitted and not yet collected (only the MPI thread changes it)
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Completion> done_;
};

constexpr auto kPoll = std::chrono::microseconds(1000);
constexpr int kMostPerAssignment = 256;  // tasks per assign message (a worker asks again for more)

/// Rank 0's sends in flight: posted with MPI_Isend, their bytes kept until done.
class Outbox {
 public:
  explicit Outbox(MPI_Comm comm) : comm_(comm) {}
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;
  ~Outbox() { finish(); }

  void post(const void* data, std::size_t bytes, int to, int tag) {
    Pending& p = pending_.emplace_back();
    p.bytes.assign(static_cast<const unsigned char*>(data), static_cast<const unsigned char*>(data) + bytes);
    check(MPI_Isend(p.bytes.data(), to_count(bytes), MPI_BYTE, to, tag, comm_, &p.request), "MPI_Isend");
  }
  /// Forgets the sends that have completed.
  void progress() {
    while (!pending_.empty()) {
      int done = 0;
      check(MPI_Test(&pending_.front().request, &done, MPI_STATUS_IGNORE), "MPI_Test");
      if (done == 0) break;
      pending_.pop_front();
    }
  }
  /// Waits for every send (each worker receives until its end message).
  void finish() {
    for (Pending& p : pending_) MPI_Wait(&p.request, MPI_STATUS_IGNORE);
    pending_.clear();
  }

 private:
  struct Pending {
    std::vector<unsigned char> bytes;
    MPI_Request request = MPI_REQUEST_NULL;
  };
  MPI_Comm comm_;
  std::deque<Pending> pending_;
};

class MpiDistributor final : public run::Distributor {
 public:
  explicit MpiDistributor(MPI_Comm comm) {
    int level = 0;
    check(MPI_Query_thread(&level), "MPI_Query_thread");
    int main_thread = 0;
    check(MPI_Is_thread_main(&main_thread), "MPI_Is_thread_main");
    // This thread alone calls MPI during the run; the MPI library must allow it.
    if (level < MPI_THREAD_SERIALIZED && !(level == MPI_THREAD_FUNNELED && main_thread != 0)) {
      throw Error(
          "MPI's thread level is too low for porttwin's threads: initialise MPI with MPI_THREAD_SERIALIZED or "
          "MPI_THREAD_MULTIPLE (mpi4py's default), or MPI_THREAD_FUNNELED and run from the main thread");
    }
    check(MPI_Comm_dup(comm, &comm_), "MPI_Comm_dup");
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  ~MpiDistributor() override { MPI_Comm_free(&comm_); }
  MpiDistributor(const MpiDistributor&) = delete;
  MpiDistributor& operator=(const MpiDistributor&) = delete;

  [[nodiscard]] bool writer() const override { return rank_ == 0; }

  void agree(std::exception_ptr failure) override {
    agreed_ = true;
    // The lowest failing rank and its exit code, everywhere.
    struct {
      int rank;
      int code;
    } mine{failure ? rank_ : size_, failure ? exit_code(failure) : 0}, first{};
    check(MPI_Allreduce(&mine, &first, 1, MPI_2INT, MPI_MINLOC, comm_), "MPI_Allreduce");
    if (first.rank == size_) return;
    if (first.rank == rank_) std::rethrow_exception(failure);
    throw run::Stopped(first.code, "stopped: rank " + std::to_string(first.rank) + " failed");
  }

  void run(const Work& work) override {
    if (work.threads < 1) throw UsageError("threads per rank must be at least 1");
    if (rank_ == 0) {
      lead(work);
    } else {
      follow(work);
    }
  }

 private:
  // ---- rank 0 --------------------------------------------------------------------

  void lead(const Work& work) {
    Pool pool(work.threads);
    Outbox outbox(comm_);
    const std::vector<std::uint32_t>& todo = work.todo;
    std::size_t next = 0;  // first task of `todo` not handed out
    std::vector<char> said_bye(static_cast<std::size_t>(size_), 0);
    int byes = 0;
    std::exception_ptr failure;  // the first; once set, the run is stopping
    bool stop_sent = false;
    const auto stop = [&](std::exception_ptr why) {
      if (!failure) failure = std::move(why);
    };
    std::vector<unsigned char> buffer;

    for (;;) {
      if (!failure && run::stop_requested()) stop(std::make_exception_ptr(run::Interrupted("interrupted")));
      if (failure && !stop_sent) {
        const int code = exit_code(failure);
        for (int r = 1; r < size_; ++r) {
          if (said_bye[static_cast<std::size_t>(r)] == 0) outbox.post(&code, sizeof code, r, kStop);
        }
        stop_sent = true;
      }
      // Keep this rank's own threads busy.
      while (!failure && pool.idle() > 0 && next < todo.size()) {
        const std::uint32_t task = todo[next++];
        pool.submit(task, [&work, task](Completion&) { (void)work.run_here(task); });
      }
      // Messages from the workers.
      bool any = false;
      for (;;) {
        int flag = 0;
        MPI_Status status;
        check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &flag, &status), "MPI_Iprobe");
        if (flag == 0) break;
        any = true;
        const int from = status.MPI_SOURCE;
        int bytes = 0;
        MPI_Get_count(&status, MPI_BYTE, &bytes);
        buffer.resize(static_cast<std::size_t>(bytes));
        check(MPI_Recv(buffer.data(), bytes, MPI_BYTE, from, status.MPI_TAG, comm_, MPI_STATUS_IGNORE), "MPI_Recv");
        switch (status.MPI_TAG) {
          case kRequest: {
            int wanted = 0;
            std::memcpy(&wanted, buffer.data(), std::min(buffer.size(), sizeof wanted));
            std::vector<std::uint32_t> tasks;
            wanted = std::min(wanted, kMostPerAssignment);
            while (!failure && wanted-- > 0 && next < todo.size()) tasks.push_back(todo[next++]);
            outbox.post(tasks.data(), tasks.size() * sizeof(std::uint32_t), from, kAssign);
            break;
          }
          case kResult: {
            if (buffer.size() < 16) throw std::logic_error("MPI: a result message without its header");
            run::ShardBytes shard;
            std::memcpy(&shard.task, buffer.data(), sizeof shard.task);
            std::memcpy(&shard.events, buffer.data() + 8, sizeof shard.events);
            shard.bytes.assign(buffer.begin() + 16, buffer.end());
            try {
              work.accept(std::move(shard), !failure);
            } catch (...) {
              stop(std::current_exception());
            }
            break;
          }
          case kFail: {
            // After the task number (4 bytes) comes the reason, which names the replication.
            if (buffer.size() < 4) throw std::logic_error("MPI: a failure message without its header");
            const std::string why(buffer.begin() + 4, buffer.end());
            stop(std::make_exception_ptr(Error("rank " + std::to_string(from) + ": " + why)));
            break;
          }
          case kBye: {
            int code = 0;
            std::memcpy(&code, buffer.data(), std::min(buffer.size(), sizeof code));
            said_bye[static_cast<std::size_t>(from)] = 1;
            ++byes;
            if (code == kExitInterrupted) stop(std::make_exception_ptr(run::Interrupted("interrupted")));
            break;
          }
          default: throw std::logic_error("MPI: unexpected message " + std::to_string(status.MPI_TAG));
        }
      }
      outbox.progress();
      // This rank's finished replications (each already joined by run_here).
      for (Completion& c : pool.collect(any ? std::chrono::microseconds(0) : kPoll)) {
        if (c.error) stop(c.error);
      }
      const bool all_handed_out = next == todo.size() || failure;
      if (all_handed_out && pool.running() == 0 && byes == size_ - 1) break;
    }
    for (int r = 1; r < size_; ++r) outbox.post(nullptr, 0, r, kEnd);
    outbox.finish();
    if (failure) std::rethrow_exception(failure);
  }

  // ---- the other ranks -------------------------------------------------------------

  void follow(const Work& work) {
    Pool pool(work.threads);
    bool asked = false;    // a request is outstanding
    bool no_more = false;  // rank 0 has no more tasks
    int stop_code = 0;     // rank 0 said stop, or this rank failed or was interrupted
    bool said_bye = false;
    std::vector<unsigned char> buffer;
    for (;;) {
      if (stop_code == 0 && run::stop_requested()) stop_code = kExitInterrupted;
      const bool stopping = stop_code != 0;
      if (!stopping && !no_more && !asked && pool.idle() > 0) {
        const int wanted = pool.idle();
        send(&wanted, 1, MPI_INT, 0, kRequest);
        asked = true;
      }
      if (!said_bye && (stopping || no_more) && !asked && pool.running() == 0) {
        const int code = stop_code;
        send(&code, 1, MPI_INT, 0, kBye);
        said_bye = true;
      }
      bool any = false;
      bool ended = false;
      for (;;) {
        int flag = 0;
        MPI_Status status;
        check(MPI_Iprobe(0, MPI_ANY_TAG, comm_, &flag, &status), "MPI_Iprobe");
        if (flag == 0) break;
        any = true;
        int bytes = 0;
        MPI_Get_count(&status, MPI_BYTE, &bytes);
        buffer.resize(static_cast<std::size_t>(bytes));
        check(MPI_Recv(buffer.data(), bytes, MPI_BYTE, 0, status.MPI_TAG, comm_, MPI_STATUS_IGNORE), "MPI_Recv");
        if (status.MPI_TAG == kAssign) {
          asked = false;
          const std::size_t n = buffer.size() / sizeof(std::uint32_t);
          if (n == 0) no_more = true;
          for (std::size_t i = 0; i < n && stop_code == 0; ++i) {
            std::uint32_t task = 0;
            std::memcpy(&task, buffer.data() + i * sizeof task, sizeof task);
            pool.submit(task, [&work, task](Completion& c) { c.shard = work.compute(task); });
          }
        } else if (status.MPI_TAG == kStop) {
          int code = kExitFailure;
          std::memcpy(&code, buffer.data(), std::min(buffer.size(), sizeof code));
          if (stop_code == 0) stop_code = code;
        } else if (status.MPI_TAG == kEnd) {
          ended = true;
        } else {
          throw std::logic_error("MPI: unexpected message " + std::to_string(status.MPI_TAG));
        }
      }
      if (ended) break;
      for (Completion& c : pool.collect(any ? std::chrono::microseconds(0) : kPoll)) {
        if (!c.error) {
          const run::ShardBytes& s = c.shard;
          std::vector<unsigned char> message(16 + s.bytes.size());
          std::memcpy(message.data(), &s.task, sizeof s.task);
          std::memcpy(message.data() + 8, &s.events, sizeof s.events);
          std::memcpy(message.data() + 16, s.bytes.data(), s.bytes.size());
          send(message.data(), to_count(message.size()), MPI_BYTE, 0, kResult);
          continue;
        }
        const int code = exit_code(c.error);
        if (code == kExitInterrupted) {
          if (stop_code == 0) stop_code = code;
          continue;
        }
        std::string why;
        try {
          std::rethrow_exception(c.error);
        } catch (const std::exception& e) {
          why = e.what();
        } catch (...) {
          why = "unknown error";
        }
        std::vector<unsigned char> message(4 + why.size());
        std::memcpy(message.data(), &c.task, sizeof c.task);
        std::memcpy(message.data() + 4, why.data(), why.size());
        send(message.data(), to_count(message.size()), MPI_BYTE, 0, kFail);
        if (stop_code == 0) stop_code = kExitFailure;
      }
    }
    if (stop_code != 0) {
      throw run::Stopped(stop_code, "rank " + std::to_string(rank_) + " stopped (rank 0 reports why)");
    }
  }

  void send(const void* data, int count, MPI_Datatype type, int to, int tag) {
    check(MPI_Send(data, count, type, to, tag, comm_), "MPI_Send");
  }

  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

bool launched_by_mpi() noexcept {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS"}) {
    // Read before any thread starts; porttwin never sets the environment.
    if (std::getenv(name) != nullptr) return true;  // NOLINT(concurrency-mt-unsafe)
  }
  return false;
}

Session::Session(int* argc, char*** argv) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised == 0) {
    int provided = 0;
    check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    owns_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  if (owns_) MPI_Finalize();
}

std::unique_ptr<run::Distributor> make_distributor(MPI_Comm comm) { return std::make_unique<MpiDistributor>(comm); }

int default_threads() noexcept {
  int local = 1;
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts, never set
  if (const char* text = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE")) local = std::max(1, std::atoi(text));
  const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  return std::max(1, cores / local);
}

int exit_code(const std::exception_ptr& failure) noexcept {
  try {
    std::rethrow_exception(failure);
  } catch (const run::Stopped& e) {
    return e.exit_code();
  } catch (const run::Interrupted&) {
    return kExitInterrupted;
  } catch (const UsageError&) {
    return kExitUsage;
  } catch (...) {
    return kExitFailure;
  }
}

}  // namespace porttwin::dist
