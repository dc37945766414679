// The one ensemble runner; see run/runner.hpp.
#include "porttwin/run/runner.hpp"

#include <openssl/evp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>

#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/kernel/version.hpp"
#include "porttwin/run/figures.hpp"
#include "porttwin/run/variables.hpp"

namespace porttwin::run {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// The format of shards and of what ranks send (io/results_file.cpp): part
/// of every replication's identity, so an older partial run is refused.
constexpr int kShardFormatVersion =
    7;  // 4: terminal figures in /kpi; 5: exports cancelled; 6: left on board; 7: truck appointments

std::atomic<bool> g_stop{false};
std::atomic<int> g_in_flight{0};

/// Counts a replication in flight while it lives (for the Ctrl-C message).
struct InFlight {
  InFlight() { g_in_flight.fetch_add(1); }
  ~InFlight() { g_in_flight.fetch_sub(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// What makes replication k of a point what it is (not how many replications the run has).
io::ShardIdentity identity_of(const scenario::ScenarioDocument& document, const scenario::Scenario& first,
                              const std::string& base_text, const std::vector<std::string>& overrides,
                              const SweepPoint& point) {
  io::ShardIdentity identity;
  std::string set, point_overrides;
  for (const std::string& o : overrides) set.append(o).append("\n");
  for (const auto& [key, value] : point.overrides) point_overrides.append(key).append("=").append(value).append("\n");
  identity.fields = {{"format_version", std::to_string(kShardFormatVersion)},
                     {"porttwin_version", std::string(porttwin::version())},
                     {"scenario_sha256", sha256_hex(document.text())},
                     {"base_scenario_sha256", first.base_file.empty() ? std::string() : sha256_hex(base_text)},
                     {"seed", std::to_string(first.settings.seed)},
                     {"overrides", set},
                     {"point_overrides", point_overrides}};
  std::string all;
  for (const auto& [key, value] : identity.fields) all.append(key).append("=").append(value).append("\x1f");
  identity.fingerprint = sha256_hex(all);
  return identity;
}

}  // namespace

void request_stop() noexcept { g_stop.store(true); }
bool stop_requested() noexcept { return g_stop.load(); }
int replications_in_flight() noexcept { return g_in_flight.load(); }

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error("SHA-256 failed (OpenSSL)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string shard_name(const Task& task) {
  char name[64];
  std::snprintf(name, sizeof name, "p%04zu-r%010u.h5", task.point, task.replication);
  return name;
}

// ---- the plan -------------------------------------------------------------------

Plan make_plan(const scenario::ScenarioDocument& document, std::uint32_t first, std::uint32_t count,
               const std::vector<SweepPoint>& sweep, const std::vector<std::string>& overrides) {
  Plan plan;
  plan.sweep = !sweep.empty();
  plan.points = plan.sweep ? sweep : std::vector<SweepPoint>{SweepPoint{}};
  plan.first = first;
  plan.count = count;
  for (const SweepPoint& p : plan.points) {
    scenario::ScenarioDocument d = document;
    std::string where;
    for (const auto& [key, value] : p.overrides) {
      if (!where.empty()) where.append(", ");
      where.append(key).append("=").append(value);
      d.set(key, value);
    }
    if (!d.valid()) {
      std::string message = "sweep point ";
      message.append(where).append(":");
      for (const scenario::Diagnostic& problem : d.problems()) message.append("\n").append(problem.to_string());
      throw ScenarioError(message);
    }
    plan.documents.push_back(std::move(d));
  }
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    plan.scenarios.push_back(plan.documents[p].instantiate(first));
    plan.graphs.push_back(graph::build_port_graph(plan.scenarios.back()));
    plan.layouts.push_back(results_layout(plan.scenarios.back(), plan.graphs.back()));
  }
  plan.base_file = plan.scenarios.front().base_file;
  plan.base_text = plan.base_file.empty() ? std::string() : read_text(plan.base_file);
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    plan.identities.push_back(identity_of(document, plan.scenarios[p], plan.base_text, overrides, plan.points[p]));
  }
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    for (std::uint32_t k = 0; k < count; ++k) plan.tasks.push_back({p, first + k});
  }
  return plan;
}

// ---- a finished replication -------------------------------------------------------

Finished::Finished(const Plan& plan, std::uint32_t index_in_plan, std::uint64_t events_committed,
                   std::optional<std::vector<double>> figures, std::optional<io::Record> record,
                   std::vector<unsigned char> bytes)
    : index(index_in_plan),
      task(plan.tasks.at(index_in_plan)),
      events(events_committed),
      plan_(plan),
      figures_(std::move(figures)),
      record_(std::move(record)),
      bytes_(std::move(bytes)) {}

const io::Record& Finished::record() const {
  if (!record_) {
    record_.emplace(
        io::read_shard_bytes(bytes_, shard_name(), plan_.layouts[task.point], plan_.identities[task.point]));
  }
  return *record_;
}

std::span<const unsigned char> Finished::bytes() const {
  if (bytes_.empty()) bytes_ = io::shard_bytes(plan_.layouts[task.point], record(), plan_.identities[task.point]);
  return bytes_;
}

std::string Finished::shard_name() const { return run::shard_name(task); }

const std::vector<double>& Finished::figures() const {
  if (!figures_) {
    figures_.emplace();
    const io::Layout& layout = plan_.layouts[task.point];
    const io::Record& r = record();
    for (std::size_t i = 0; i < layout.variables.size(); ++i) {
      if (layout.variables[i].is_key_figure()) figures_->push_back(r.columns[i].f64.at(0));
    }
  }
  return *figures_;
}

// ---- the summary -------------------------------------------------------------------

EnsembleResult summarise_rows(std::vector<std::string> names, std::vector<std::vector<double>> rows) {
  EnsembleResult out;
  out.names = std::move(names);
  out.values = std::move(rows);
  for (std::size_t f = 0; f < out.names.size(); ++f) {
    std::vector<double> column;
    column.reserve(out.values.size());
    for (const auto& row : out.values) {
      if (f < row.size() && !std::isnan(row[f])) column.push_back(row[f]);  // undefined (e.g. never recovered)
    }
    out.summaries.push_back(metrics::summarise(column));
  }
  return out;
}

SummarySink::SummarySink(const Plan& plan) : plan_(plan), rows_(plan.tasks.size()), events_(plan.tasks.size(), 0) {}

void SummarySink::accept(const Finished& finished) {
  const std::lock_guard guard(lock_);
  rows_[finished.index] = finished.figures();
  events_[finished.index] = finished.events;
}

std::vector<EnsembleResult> SummarySink::results() const {
  std::vector<EnsembleResult> out;
  for (std::size_t p = 0; p < plan_.points.size(); ++p) {
    std::vector<std::string> names;
    for (const io::Variable& v : plan_.layouts[p].variables) {
      if (v.is_key_figure()) names.push_back(v.name);
    }
    std::vector<std::vector<double>> rows;
    std::uint64_t events = 0;
    for (std::size_t i = 0; i < plan_.tasks.size(); ++i) {
      if (plan_.tasks[i].point != p) continue;
      rows.push_back(rows_[i].empty() ? std::vector<double>(names.size(), kNaN) : rows_[i]);
      events += events_[i];
    }
    out.push_back(summarise_rows(std::move(names), std::move(rows)));
    out.back().events = events;
  }
  return out;
}

// ---- running ---------------------------------------------------------------------

RunnerOutcome run_plan(const Plan& plan, const std::vector<std::uint32_t>& todo, const RunnerOptions& options,
                       std::span<Sink* const> sinks, std::span<Observer* const> observers) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  Distributor* const distributor = options.distributor;
  bool records = false;
  for (const Sink* sink : sinks) records = records || sink->needs_record();

  std::mutex observe_lock;
  RunnerOutcome outcome;
  EnsembleProgress progress;
  progress.total = static_cast<std::uint32_t>(todo.size());
  const auto hand_over = [&](const Finished& finished) {
    for (Sink* sink : sinks) sink->accept(finished);
    const std::lock_guard guard(observe_lock);
    ++progress.done;
    ++outcome.ran;
    progress.events += finished.events;
    outcome.events += finished.events;
    progress.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (Observer* observer : observers) observer->finished(finished.task, progress);
  };
  // One replication simulated: its figures, and its record when wanted.
  struct Simulated {
    std::vector<double> figures;
    std::optional<io::Record> record;
    std::uint64_t events = 0;
  };
  const auto simulate = [&](std::uint32_t index, bool make_record) {
    if (g_stop.load()) throw Interrupted("interrupted");
    const InFlight in_flight;
    const Task& task = plan.tasks.at(index);
    const scenario::Scenario s = plan.documents[task.point].instantiate(task.replication);
    ScenarioRunOptions run = options.run;
    run.replication = task.replication;
    const ScenarioRun r = run_scenario(s, run);
    Simulated out;
    out.events = committed_events(r);
    const io::Layout& layout = plan.layouts[task.point];
    for (const io::Variable& v : layout.variables) {
      if (!v.is_key_figure()) continue;
      const Figure* f = find_figure(v.name);
      out.figures.push_back(f != nullptr ? f->value(r) : kNaN);
    }
    if (make_record) out.record.emplace(results_record(layout, s, plan.graphs[task.point], r, task.replication));
    return out;
  };
  const auto run_here = [&](std::uint32_t index) -> std::uint64_t {
    Simulated done = simulate(index, records);
    const Finished finished(plan, index, done.events, std::move(done.figures), std::move(done.record), {});
    hand_over(finished);
    return finished.events;
  };

  g_stop.store(false);
  if (distributor == nullptr) {
    (void)kernel::run_replications(0, static_cast<std::uint32_t>(todo.size()), options.threads,
                                   [&](std::uint32_t i) { return run_here(todo[i]); });
    return outcome;
  }
  Distributor::Work work;
  if (distributor->writer()) work.todo = todo;
  work.threads = options.threads;
  work.run_here = run_here;
  // Another process's replication: its record as shard bytes, stamped with
  // the point's identity (so the writer refuses one of another scenario).
  work.compute = [&](std::uint32_t index) {
    Simulated done;
    try {
      done = simulate(index, true);
    } catch (const Interrupted&) {
      throw;
    } catch (const std::exception& e) {
      // The writer reports it: say which replication.
      const Task& task = plan.tasks.at(index);
      std::string where = "replication " + std::to_string(task.replication);
      if (plan.sweep) where.append(" of sweep point ").append(std::to_string(task.point));
      throw Error(where + ": " + e.what());
    }
    const std::size_t point = plan.tasks[index].point;
    return ShardBytes{index, done.events, io::shard_bytes(plan.layouts[point], *done.record, plan.identities[point])};
  };
  work.accept = [&](ShardBytes&& shard, bool /*more*/) {
    if (shard.task >= plan.tasks.size())
      throw std::logic_error("runner: a replication that was not handed out came back");
    const auto began = Clock::now();
    // Figures and record are made from the bytes only if a sink asks.
    const Finished finished(plan, shard.task, shard.events, {}, std::nullopt, std::move(shard.bytes));
    hand_over(finished);
    ++outcome.received;
    outcome.receive_seconds += std::chrono::duration<double>(Clock::now() - began).count();
  };
  distributor->run(work);
  return outcome;
}

}  // namespace porttwin::run
