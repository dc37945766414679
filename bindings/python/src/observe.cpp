// See observe.hpp.
#include "observe.hpp"

#include <Python.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "porttwin/run/results.hpp"

namespace porttwin::bindings {

namespace {

/// How long Ctrl-C may wait to be noticed when no replication finishes.
constexpr std::chrono::milliseconds kSignalCheckInterval{100};

/// Progress reports from the work's threads to the waiting Python thread.
class Relay {
 public:
  void report(const run::EnsembleProgress& progress) {
    {
      const std::lock_guard lock(mutex_);
      pending_.push_back(progress);
    }
    ready_.notify_one();
  }

  void finish() {
    {
      const std::lock_guard lock(mutex_);
      finished_ = true;
    }
    ready_.notify_one();
  }

  struct News {
    std::vector<run::EnsembleProgress> reports;
    bool finished = false;
  };

  /// Waits for a report or the end, at most `at_most`.
  News wait(std::chrono::milliseconds at_most) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, at_most, [&] { return finished_ || !pending_.empty(); });
    News news{{pending_.begin(), pending_.end()}, finished_};
    pending_.clear();
    return news;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<run::EnsembleProgress> pending_;
  bool finished_ = false;
};

/// Joins the work's thread however this scope is left (a joinable
/// std::thread destroyed would end the process).
class JoinOnExit {
 public:
  explicit JoinOnExit(std::thread& thread) : thread_(thread) {}
  JoinOnExit(const JoinOnExit&) = delete;
  JoinOnExit& operator=(const JoinOnExit&) = delete;
  ~JoinOnExit() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread& thread_;
};

}  // namespace

void observe(const std::function<void(const ProgressFn&)>& work, const py::object& callback,
             const std::function<void()>& stop, bool note_interrupted) {
  Relay relay;
  std::exception_ptr failure;  // from the work
  std::thread worker([&] {
    try {
      work([&relay](const run::EnsembleProgress& p) { relay.report(p); });
    } catch (...) {
      failure = std::current_exception();
    }
    relay.finish();
  });
  JoinOnExit join(worker);

  std::optional<py::error_already_set> raised;  // by the callback or a signal handler
  std::exception_ptr callback_failure;          // a C++ error calling the callback
  for (bool finished = false; !finished;) {
    Relay::News news;
    {
      const py::gil_scoped_release released;
      news = relay.wait(kSignalCheckInterval);
    }
    finished = news.finished;
    if (!raised && !callback_failure) {
      try {
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (!callback.is_none()) {
          for (const run::EnsembleProgress& p : news.reports) callback(p.done, p.total, p.events, p.wall_seconds);
        }
      } catch (py::error_already_set& e) {
        raised.emplace(std::move(e));
      } catch (...) {
        callback_failure = std::current_exception();
      }
    }
    if (raised || callback_failure) stop();
  }
  {
    const py::gil_scoped_release released;
    worker.join();
  }

  if (raised) {
    if (failure && note_interrupted) {
      try {
        std::rethrow_exception(failure);
      } catch (const run::Interrupted& e) {
        if (py::hasattr(raised->value(), "add_note")) raised->value().attr("add_note")(std::string(e.what()));
      } catch (...) {
        // Another failure as well: the Python exception is the one to report.
      }
    }
    throw *raised;
  }
  if (callback_failure) std::rethrow_exception(callback_failure);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace porttwin::bindings
