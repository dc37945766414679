// Ensembles from Python: run_records keeps every replication's results
// record in memory (what run::run_to_file writes to a file, built by the same
// run::results_record), and run_to_file is run::run_to_file itself. Both run
// under observe() (observe.hpp): GIL released, progress and Ctrl-C on the
// caller's thread.
//
// Memory layout handed to Python, every numeric array without a copy
// (arrays.hpp):
//   kpi          one float64 block, replications x figures, column after column
//   per-replication variables   (replication, their other dimensions...), C order
//   events       the replications' events one after another (the file's order)
//   fixed        the layout's values (time_bounds, graph, units of terminals)
#include <pybind11/stl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "observe.hpp"
#include "porttwin/graph/port_graph.hpp"
#include "porttwin/io/results_file.hpp"
#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/metrics/statistics.hpp"
#include "porttwin/run/results.hpp"
#include "porttwin/run/scenario_run.hpp"

#ifdef PORTTWIN_HAVE_MPI
#include <memory>

#include "porttwin/dist/mpi.hpp"
#endif

namespace porttwin::bindings {

namespace {

namespace h5 = io::h5;
using io::Column;
using io::Layout;
using io::Variable;

// ---- arguments ----------------------------------------------------------------

struct RunArguments {
  std::uint32_t first = 0;
  std::uint32_t count = 1;
  int threads = 1;
  kernel::SchedulerKind scheduler = kernel::SchedulerKind::sequential;
};

/// A Python integer argument of any size: its value if it fits a long long
/// (else the nearest end, which every range check refuses) and its digits,
/// so that replications=10**100 is "must be between 1 and 1000000, got
/// 1000...", not pybind11's "incompatible function arguments".
struct Whole {
  long long value = 0;
  std::string text;
};

Whole whole(const py::int_& v) {
  int overflow = 0;
  const long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
  if (x == -1 && PyErr_Occurred() != nullptr) throw py::error_already_set();
  Whole out;
  out.value = overflow > 0   ? std::numeric_limits<long long>::max()
              : overflow < 0 ? std::numeric_limits<long long>::min()
                             : x;
  out.text = std::string(py::str(static_cast<const py::handle&>(v)));
  if (out.text.size() > 40) out.text = out.text.substr(0, 20) + "... (" + std::to_string(out.text.size()) + " digits)";
  return out;
}

/// The CLI's limits (run_command.cpp), named as the Python arguments are.
RunArguments check_arguments(const py::int_& first_arg, const py::int_& count_arg, const py::int_& threads_arg,
                             const std::string& scheduler) {
  const Whole count_in = whole(count_arg), threads_in = whole(threads_arg), first_in = whole(first_arg);
  const long long count = count_in.value, threads = threads_in.value, first = first_in.value;
  if (count < 1 || count > 1'000'000) {
    throw UsageError("replications must be between 1 and 1000000, got " + count_in.text);
  }
  if (threads < 1 || threads > 4096) throw UsageError("threads must be between 1 and 4096, got " + threads_in.text);
  if (first < 0 || first > 0xFFFF'FFFFLL) {
    throw UsageError("first_replication must be between 0 and 4294967295, got " + first_in.text);
  }
  if (first + count - 1 > 0xFFFF'FFFFLL)
    throw UsageError("first_replication + replications goes past replication 4294967295");
  if (scheduler != "sequential" && scheduler != "parallel") {
    throw UsageError("scheduler must be 'sequential' or 'parallel', got '" + scheduler + "'");
  }
  return {static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(count), static_cast<int>(threads),
          scheduler == "parallel" ? kernel::SchedulerKind::parallel : kernel::SchedulerKind::sequential};
}

/// As the CLI runs an ensemble: `threads` replications at a time, each
/// replication's scheduler in the same oneTBB arena (threads 0).
run::EnsembleOptions ensemble_options(const RunArguments& a) {
  run::EnsembleOptions options;
  options.first = a.first;
  options.count = a.count;
  options.threads = a.threads;
  options.run.scheduler = a.scheduler;
  options.run.threads = 0;
  return options;
}

/// The document, checked (ScenarioError listing every problem, as the CLI).
void check_document(const scenario::ScenarioDocument& d) {
  if (d.valid()) return;
  std::string message;
  for (const scenario::Diagnostic& p : d.problems()) {
    if (!message.empty()) message += '\n';
    message += p.to_string();
  }
  throw ScenarioError(message);
}

// ---- in memory ----------------------------------------------------------------

struct MemoryRun {
  Layout layout;
  std::vector<Column> columns;  ///< per variable: see the file comment; kpi ones empty
  std::vector<double> kpi;      ///< [figure * count + row]
  std::vector<std::size_t> kpi_variables;
  std::uint64_t events = 0;
  double wall_seconds = 0.0;
};

/// Copies one record's per-replication values into row `row` of `into`.
void place(const Variable& v, std::size_t slice, std::size_t row, Column& from, Column& into) {
  if (from.size(v.type) != slice) {
    throw std::logic_error("bindings: " + v.group + "/" + v.name + " has " + std::to_string(from.size(v.type)) +
                           " values in a record, the layout " + std::to_string(slice));
  }
  const auto at = static_cast<std::ptrdiff_t>(row * slice);
  switch (v.type) {
    case h5::Type::f64: std::copy(from.f64.begin(), from.f64.end(), into.f64.begin() + at); break;
    case h5::Type::i64: std::copy(from.i64.begin(), from.i64.end(), into.i64.begin() + at); break;
    case h5::Type::i8: std::copy(from.i8.begin(), from.i8.end(), into.i8.begin() + at); break;
    case h5::Type::str: std::move(from.str.begin(), from.str.end(), into.str.begin() + at); break;
  }
}

void append(const Variable& v, Column& from, Column& into) {
  switch (v.type) {
    case h5::Type::f64: into.f64.insert(into.f64.end(), from.f64.begin(), from.f64.end()); break;
    case h5::Type::i64: into.i64.insert(into.i64.end(), from.i64.begin(), from.i64.end()); break;
    case h5::Type::i8: into.i8.insert(into.i8.end(), from.i8.begin(), from.i8.end()); break;
    case h5::Type::str:
      into.str.insert(into.str.end(), std::make_move_iterator(from.str.begin()),
                      std::make_move_iterator(from.str.end()));
      break;
  }
}

void reserve(const Variable& v, std::size_t n, Column& c) {
  switch (v.type) {
    case h5::Type::f64: c.f64.resize(n); break;
    case h5::Type::i64: c.i64.resize(n); break;
    case h5::Type::i8: c.i8.resize(n); break;
    case h5::Type::str: c.str.resize(n); break;
  }
}

/// Refuses a run whose results would not fit in memory before it starts
/// (run_to_file keeps a few replications at a time; this keeps them all).
void check_memory(const Layout& layout, std::size_t count) {
  double bytes = 0;
  for (const Variable& v : layout.variables) {
    if (!v.per_replication() || v.is_event()) continue;
    const double size = v.type == h5::Type::i8 ? 1.0 : v.type == h5::Type::str ? 32.0 : 8.0;
    bytes += size * static_cast<double>(layout.slice(v)) * static_cast<double>(count);
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  const double physical = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
  if (physical > 0 && bytes > 0.5 * physical) {
    char text[256];
    std::snprintf(text, sizeof text,
                  "the results of %zu replications would take %.3g GB in memory, over half of this machine's %.3g "
                  "GB: write them to a file (output=...) or run fewer replications",
                  count, bytes / 1e9, physical / 1e9);
    throw UsageError(text);
  }
}

/// The Python bindings' sink of the ensemble runner (run/runner.hpp): every
/// replication's record kept in memory, its values placed at its row of one
/// array per variable (what run::run_to_file would write, made by the same
/// run::results_record).
class MemorySink final : public run::Sink {
 public:
  MemorySink(const run::Plan& plan, MemoryRun& out) : out_(out), count_(plan.count), first_(plan.first) {
    out.layout = plan.layouts.front();
    const Layout& layout = out.layout;
    check_memory(layout, count_);  // before allocating anything for the records
    out.columns.resize(layout.variables.size());
    for (std::size_t i = 0; i < layout.variables.size(); ++i) {
      const Variable& v = layout.variables[i];
      if (v.is_key_figure()) {
        out.kpi_variables.push_back(i);
      } else if (v.per_replication() && !v.is_event()) {
        reserve(v, count_ * layout.slice(v), out.columns[i]);
      } else if (!v.per_replication()) {
        out.columns[i] = layout.fixed[i];
      }
    }
    out.kpi.assign(out.kpi_variables.size() * count_, 0.0);
    events_.resize(count_);
  }

  [[nodiscard]] bool needs_record() const override { return true; }

  void accept(const run::Finished& finished) override {
    // Rows are disjoint: only the event-like columns, joined at the end, need a lock.
    const io::Record& record = finished.record();
    const Layout& layout = out_.layout;
    const std::size_t row = finished.task.replication - first_;
    for (std::size_t f = 0; f < out_.kpi_variables.size(); ++f) {
      out_.kpi[f * count_ + row] = record.columns[out_.kpi_variables[f]].f64.at(0);
    }
    std::vector<Column> events;
    for (std::size_t i = 0; i < layout.variables.size(); ++i) {
      const Variable& v = layout.variables[i];
      if (v.is_key_figure() || !v.per_replication()) continue;
      Column copy = record.columns[i];
      if (v.is_event()) {
        events.push_back(std::move(copy));
      } else {
        place(v, layout.slice(v), row, copy, out_.columns[i]);
      }
    }
    const std::lock_guard guard(lock_);
    events_[row] = std::move(events);
  }

  /// The event-like columns, the replications' entries one after another.
  void end() {
    const Layout& layout = out_.layout;
    for (std::vector<Column>& row : events_) {
      std::size_t k = 0;
      for (std::size_t i = 0; i < layout.variables.size(); ++i) {
        if (layout.variables[i].is_event()) append(layout.variables[i], row[k++], out_.columns[i]);
      }
      row.clear();
    }
  }

 private:
  MemoryRun& out_;
  const std::size_t count_;
  const std::uint32_t first_;
  std::mutex lock_;
  std::vector<std::vector<Column>> events_;
};

/// Runs replications with the runner and keeps their records in memory.
MemoryRun run_in_memory(const scenario::ScenarioDocument& document, const run::EnsembleOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const run::Plan plan = run::make_plan(document, options.first, options.count);
  MemoryRun out;
  MemorySink memory(plan, out);
  struct Progress final : run::Observer {
    const ProgressFn& report;
    explicit Progress(const ProgressFn& r) : report(r) {}
    void finished(const run::Task& /*task*/, const run::EnsembleProgress& p) override {
      if (report) report(p);
    }
  } progress(options.progress);
  run::RunnerOptions runner;
  runner.threads = options.threads;
  runner.run = options.run;
  std::vector<std::uint32_t> todo(plan.tasks.size());
  for (std::uint32_t i = 0; i < todo.size(); ++i) todo[i] = i;
  run::Sink* sinks[] = {&memory};
  run::Observer* observers[] = {&progress};
  const run::RunnerOutcome outcome = run::run_plan(plan, todo, runner, sinks, observers);
  memory.end();
  out.events = outcome.events;
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

// ---- to Python ------------------------------------------------------------------

py::dict attributes(const std::vector<std::pair<std::string, std::string>>& pairs) {
  py::dict out;
  for (const auto& [key, value] : pairs) out[py::str(key)] = value;
  return out;
}

std::string_view type_name(h5::Type type) {
  switch (type) {
    case h5::Type::f64: return "float64";
    case h5::Type::i64: return "int64";
    case h5::Type::i8: return "int8";
    case h5::Type::str: return "str";
  }
  return "?";
}

/// A column as an array of `shape` (numbers, no copy) or a list (strings).
py::object values(h5::Type type, Column&& c, const std::vector<std::size_t>& shape) {
  switch (type) {
    case h5::Type::f64: return adopt(std::move(c.f64), shape);
    case h5::Type::i64: return adopt(std::move(c.i64), shape);
    case h5::Type::i8: return adopt(std::move(c.i8), shape);
    case h5::Type::str: return to_list(c.str);
  }
  return py::none();
}

py::dict to_python(MemoryRun&& m, const RunArguments& a) {
  Layout& layout = m.layout;
  const std::size_t count = a.count;
  std::vector<std::int64_t> replication_numbers;
  for (std::uint32_t k = 0; k < a.count; ++k) replication_numbers.push_back(static_cast<std::int64_t>(a.first) + k);

  py::list coordinates;
  for (const io::Coordinate& c : layout.coordinates) {
    py::dict d;
    d["name"] = c.name;
    d["units"] = c.units;
    d["long_name"] = c.long_name;
    d["attributes"] = attributes(c.attributes);
    // Copied, not moved: the variables' shapes below come from the coordinates' lengths.
    const std::size_t n = c.values.size(c.type);
    d["values"] = values(c.type, Column(c.values), {n});
    coordinates.append(d);
  }
  py::list variables;
  py::list kpi_names, kpi_units, kpi_long_names, kpi_descriptions;
  for (std::size_t i = 0; i < layout.variables.size(); ++i) {
    const Variable& v = layout.variables[i];
    if (v.is_key_figure()) {
      kpi_names.append(v.name);
      kpi_units.append(v.units);
      kpi_long_names.append(v.long_name);
      kpi_descriptions.append(v.description);
      continue;
    }
    py::dict d;
    d["group"] = v.group;
    d["name"] = v.name;
    d["dims"] = v.dims;
    d["type"] = std::string(type_name(v.type));
    d["units"] = v.units;
    d["long_name"] = v.long_name;
    d["description"] = v.description;
    d["kind"] = v.kind;
    d["attributes"] = attributes(v.attributes);
    d["flag_values"] = v.flag_values;
    std::vector<std::size_t> shape;
    for (const std::string& dim : v.dims) {
      if (dim == "replication") {
        shape.push_back(count);
      } else if (dim == v.dims.front() && v.is_event()) {  // event-like: event, vessel
        shape.push_back(m.columns[i].size(v.type));
      } else {
        shape.push_back(layout.extent(dim));
      }
    }
    d["values"] = values(v.type, std::move(m.columns[i]), shape);
    variables.append(d);
  }
  py::dict kpi;
  kpi["names"] = kpi_names;
  kpi["units"] = kpi_units;
  kpi["long_names"] = kpi_long_names;
  kpi["descriptions"] = kpi_descriptions;
  kpi["values"] = adopt_columns(std::move(m.kpi), count, m.kpi_variables.size());

  py::dict out;
  out["replications"] = adopt(std::move(replication_numbers), {count});
  out["kpi"] = kpi;
  out["coordinates"] = coordinates;
  out["variables"] = variables;
  out["events"] = m.events;
  out["wall_seconds"] = m.wall_seconds;
  return out;
}

py::dict run_records(const scenario::ScenarioDocument& original, const py::int_& first, const py::int_& count,
                     const py::int_& threads, const std::string& scheduler, const py::object& progress) {
  const RunArguments a = check_arguments(first, count, threads, scheduler);
  // A copy: Python code on another thread may change the original while this runs.
  const scenario::ScenarioDocument document(original);
  check_document(document);
  run::EnsembleOptions options = ensemble_options(a);
  std::optional<MemoryRun> result;
  observe(
      [&](const ProgressFn& report) {
        options.progress = report;
        result.emplace(run_in_memory(document, options));
      },
      progress, [] { run::request_stop(); }, false);
  return to_python(std::move(*result), a);
}

py::dict run_file(const scenario::ScenarioDocument& original, const std::string& path, const py::int_& first,
                  const py::int_& count, const py::int_& threads, const std::string& scheduler, bool resume,
                  const std::vector<std::string>& overrides, const std::string& command_line,
                  const py::object& progress, long long comm) {
  const RunArguments a = check_arguments(first, count, threads, scheduler);
  const scenario::ScenarioDocument document(original);
  check_document(document);
  run::EnsembleOptions options = ensemble_options(a);
  run::ResultsOptions results;
  results.path = path;
  results.resume = resume;
  results.command_line = command_line;
  results.overrides = overrides;
#ifndef PORTTWIN_HAVE_MPI
  if (comm >= 0) throw UsageError("comm: this porttwin was built without MPI (configure with -DPORTTWIN_MPI=ON)");
#endif
  std::optional<run::FileRunResult> written;
  bool writer = true;
  observe(
      [&](const ProgressFn& report) {
        options.progress = report;
#ifdef PORTTWIN_HAVE_MPI
        // The distributor is made (and MPI called) on this thread, the run's.
        std::unique_ptr<run::Distributor> distributor;
        if (comm >= 0) {
          distributor = dist::make_distributor(MPI_Comm_f2c(static_cast<MPI_Fint>(comm)));
          results.distributor = distributor.get();
          writer = distributor->writer();
        }
#endif
        written.emplace(run::run_to_file(document, options, results));
      },
      progress, [] { run::request_stop(); }, true);
  py::dict out;
  out["writer"] = writer;
  if (!writer) return out;
  const run::EnsembleResult& r = written->points.front();
  out["kept"] = written->kept;
  out["ran"] = written->ran;
  out["file_bytes"] = written->file_bytes;
  out["write_seconds"] = written->write_seconds;
  out["events"] = r.events;
  out["wall_seconds"] = r.wall_seconds;
  return out;
}

/// The statistics of /ensemble/kpi for one figure: the results writer's own
/// (metrics::ensemble_statistics), so a Result in memory and the file it
/// would write agree to the bit.
std::vector<double> kpi_statistics(std::vector<double> values) {
  const auto stats = metrics::ensemble_statistics(std::move(values));
  return {stats.begin(), stats.end()};
}

}  // namespace

void bind_run(py::module_& m) {
  m.def("run_records", &run_records, py::arg("document"), py::arg("first"), py::arg("count"), py::arg("threads"),
        py::arg("scheduler"), py::arg("progress"),
        "Runs replications first..first+count-1 and returns every replication's results record in memory "
        "(arrays without copies). GIL released; progress(done, total, events, wall_seconds) on this thread.");
  m.def("run_to_file", &run_file, py::arg("document"), py::arg("path"), py::arg("first"), py::arg("count"),
        py::arg("threads"), py::arg("scheduler"), py::arg("resume"), py::arg("overrides"), py::arg("command_line"),
        py::arg("progress"), py::arg("comm") = -1,
        "run::run_to_file: runs the replications and writes the results file (docs/results-format.md). comm: an MPI "
        "communicator's Fortran handle (mpi4py: comm.py2f()) to spread them over its ranks; rank 0 writes.");
  m.attr("HAVE_MPI") =
#ifdef PORTTWIN_HAVE_MPI
      true;
#else
      false;
#endif
  m.def(
      "check_results",
      [](const std::string& path) {
        h5::Handle file = io::open_results(path);
        const std::lock_guard guard(h5::lock());
        file.close();
      },
      py::arg("path"),
      "io::open_results's checks (complete, a format this porttwin reads, one row per replication): the same "
      "every reader of results files makes. Raises IoError naming the file and what is wrong.");
  m.def("kpi_statistics", &kpi_statistics, py::arg("values"),
        "mean, std, q05, q50, q95, ci95_low, ci95_high, min, max, count of one key figure, as the results file's "
        "/ensemble/kpi.");
  py::list statistics;
  for (const std::string_view name : metrics::kEnsembleStatistics) statistics.append(std::string(name));
  m.attr("KPI_STATISTICS") = py::tuple(statistics);
}

}  // namespace porttwin::bindings
