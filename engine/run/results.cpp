// See run/results.hpp and docs/results-format.md.
#include "porttwin/run/results.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "porttwin/io/files.hpp"
#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/kernel/version.hpp"
#include "porttwin/run/figures.hpp"

namespace porttwin::run {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
std::atomic<bool> g_stop{false};

namespace h5 = io::h5;
namespace fs = std::filesystem;
using io::Column;
using io::Coordinate;
using io::Variable;
using h5::Type;

std::string iso_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

void request_stop() noexcept { g_stop.store(true); }
bool stop_requested() noexcept { return g_stop.load(); }

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

// ---- running to a file -------------------------------------------------------------

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string shard_file(std::size_t point, std::uint32_t replication) {
  char name[64];
  std::snprintf(name, sizeof name, "p%04zu-r%010u.h5", point, replication);
  return name;
}

std::string point_group(std::size_t point) {
  char name[32];
  std::snprintf(name, sizeof name, "point_%03zu", point);
  return name;
}

/// The /sweep group: which values each point has.
void write_sweep_index(const h5::Handle& file, const std::vector<SweepPoint>& points) {
  h5::Handle group = h5::create_group(file, "sweep");
  std::vector<std::string> keys;
  for (const auto& [key, value] : points.front().overrides) keys.push_back(key);
  std::vector<std::int64_t> numbers;
  std::vector<std::string> values, groups;
  for (std::size_t p = 0; p < points.size(); ++p) {
    numbers.push_back(static_cast<std::int64_t>(p));
    groups.push_back(point_group(p));
    for (const auto& [key, value] : points[p].overrides) values.push_back(value);
  }
  const h5::DatasetOptions plain{{}, {}, false, false};
  h5::Handle point = h5::create_dataset(group, "point", Type::i64, {points.size()}, plain);
  h5::write(point, std::span<const std::int64_t>(numbers));
  h5::set_attribute(point, "long_name", std::string_view("sweep point number"));
  h5::make_scale(point, "point");
  h5::Handle key = h5::create_dataset(group, "key", Type::str, {keys.size()}, plain);
  h5::write(key, std::span<const std::string>(keys));
  h5::set_attribute(key, "long_name", std::string_view("varied parameter (dotted path)"));
  h5::make_scale(key, "key");
  h5::Handle value = h5::create_dataset(group, "value", Type::str, {points.size(), keys.size()}, plain);
  h5::write(value, std::span<const std::string>(values));
  h5::set_attribute(value, "long_name", std::string_view("the parameter's value at each point (YAML text)"));
  h5::attach_scale(value, point, 0);
  h5::attach_scale(value, key, 1);
  h5::Handle names = h5::create_dataset(group, "group", Type::str, {points.size()}, plain);
  h5::write(names, std::span<const std::string>(groups));
  h5::set_attribute(names, "long_name", std::string_view("the group holding the point's results"));
  h5::attach_scale(names, point, 0);
}

/// Closes (ignoring errors) and removes a file that will not be finished.
void discard(h5::Handle& file, const fs::path& path) {
  {
    const std::lock_guard guard(h5::lock());
    try {
      file.close();
    } catch (const std::exception&) {
      // Already failing: the reason is the error being reported.
    }
  }
  std::error_code ignored;
  fs::remove(path, ignored);
}

/// Parses a shard's file name ("p0002-r0000000017.h5") into (point, replication).
std::optional<std::pair<std::size_t, std::uint32_t>> parse_shard_file(const std::string& name) {
  std::size_t point = 0;
  unsigned replication = 0;
  char tail = 0;
  if (name.size() != std::string_view("p0000-r0000000000.h5").size() ||
      std::sscanf(name.c_str(), "p%4zu-r%10u.h5%c", &point, &replication, &tail) != 2) {
    return std::nullopt;
  }
  return std::pair{point, static_cast<std::uint32_t>(replication)};
}

std::atomic<int> g_in_flight{0};

/// Counts a replication in flight while it lives (for the Ctrl-C message).
struct InFlight {
  InFlight() { g_in_flight.fetch_add(1); }
  ~InFlight() { g_in_flight.fetch_sub(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
};

}  // namespace

int replications_in_flight() noexcept { return g_in_flight.load(); }

FileRunResult run_to_file(const scenario::ScenarioDocument& document, const EnsembleOptions& ensemble,
                          const ResultsOptions& options, const std::vector<SweepPoint>& sweep) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  Distributor* const distributor = options.distributor;
  const bool writer = distributor == nullptr || distributor->writer();
  // The writer's files, beside the output (a symlink's target, once the
  // set-up has resolved it): PATH.partial/ and PATH.tmp, under PATH.lock.
  fs::path path(options.path);
  fs::path partial = path.string() + ".partial";
  fs::path temporary = path.string() + ".tmp";
  io::OutputLock output_lock;
  bool own_temporary = false;  // PATH.tmp is ours to remove (made under the lock)
  const bool is_sweep = !sweep.empty();
  const std::vector<SweepPoint> points = is_sweep ? sweep : std::vector<SweepPoint>{SweepPoint{}};

  std::vector<scenario::ScenarioDocument> documents;
  std::vector<scenario::Scenario> scenarios;
  std::vector<graph::PortGraph> graphs;
  std::vector<io::Layout> layouts;
  nlohmann::ordered_json manifest;
  std::vector<io::ShardIdentity> identities;  // per point: what its shards belong to
  std::string base_file;
  std::string base_text;
  // The work: every (point, replication), point by point in replication
  // order; those with a shard from an interrupted attempt are done.
  struct Task {
    std::size_t point;
    std::uint32_t replication;
  };
  std::vector<Task> order;
  std::vector<std::uint32_t> todo;  // indices into `order` (the writer's)
  std::vector<char> finished;
  FileRunResult out;
  std::vector<std::uint32_t> replications;
  for (std::uint32_t k = 0; k < ensemble.count; ++k) replications.push_back(ensemble.first + k);

  // The file is joined while the run goes on: whenever the next task in
  // order has its shard, it is appended (by whichever worker finished last),
  // so joining overlaps with simulating and nothing waits for the end. A
  // crash loses only PATH.tmp; the shards stay until the file is whole.
  struct Joiner {
    h5::Handle file;
    std::unique_ptr<io::ResultsWriter> writer;
    std::size_t next = 0;  // first task in `order` not yet joined
    std::size_t point = SIZE_MAX;
    EnsembleResult result;
  } join;
  std::mutex join_lock;
  double write_seconds = 0;
  std::error_code error;

  const auto join_ready = [&](const io::Record* at_hand, std::size_t at_hand_task) {
    // Caller holds join_lock.
    const auto began = Clock::now();
    while (join.next < order.size() && finished[join.next] != 0) {
      const Task& task = order[join.next];
      const io::Layout& layout = layouts[task.point];
      if (task.point != join.point) {
        join.point = task.point;
        std::string root = "/";
        if (is_sweep) root.append(point_group(task.point));
        join.writer = std::make_unique<io::ResultsWriter>(join.file, root, layout, replications);
        if (is_sweep) {
          const std::lock_guard guard(h5::lock());
          h5::Handle group = h5::open_group(join.file, root);
          std::string text;
          for (const auto& [key, value] : points[task.point].overrides)
            text.append(key).append("=").append(value).append("\n");
          h5::set_attribute(group, "overrides", std::string_view(text));
        }
        join.result = EnsembleResult{};
        for (const Variable& v : layout.variables) {
          if (v.group == "kpi") join.result.names.push_back(v.name);
        }
      }
      io::Record loaded;
      const io::Record* record = at_hand;
      if (at_hand == nullptr || at_hand_task != join.next) {
        loaded = io::read_shard((partial / shard_file(task.point, task.replication)).string(), layout,
                                identities[task.point]);
        record = &loaded;
      }
      join.writer->write(*record);
      std::vector<double> row;
      for (std::size_t i = 0; i < layout.variables.size(); ++i) {
        if (layout.variables[i].group == "kpi") row.push_back(record->columns[i].f64.at(0));
      }
      join.result.values.push_back(std::move(row));
      ++join.next;
      if (join.next == order.size() || order[join.next].point != task.point) {
        join.writer->write_ensemble();
        join.writer->close();  // a write that fails only on closing is an error here
        join.writer.reset();
        EnsembleResult& result = join.result;
        for (std::size_t f = 0; f < result.names.size(); ++f) {
          std::vector<double> column;
          for (const auto& r : result.values) {
            if (!std::isnan(r[f])) column.push_back(r[f]);
          }
          result.summaries.push_back(metrics::summarise(column));
          if (result.names[f] == "events") {
            for (double e : column) result.events += static_cast<std::uint64_t>(e);
          }
        }
        out.points.push_back(std::move(result));
      }
    }
    write_seconds += std::chrono::duration<double>(Clock::now() - began).count();
  };

  // Set-up: everything that can fail before a replication runs. In a
  // distributed run the processes agree on its outcome, so that one failure
  // stops all of them with one message.
  const auto set_up = [&] {
    if (writer) {
      // Nothing is touched before the lock is held: a second run or resume
      // of the same output is refused here, naming the one that holds it.
      path = io::results_target(options.path);
      partial = path.string() + ".partial";
      temporary = path.string() + ".tmp";
      output_lock = io::OutputLock(path.string(), options.command_line.empty() ? "porttwin" : options.command_line);
    }
    // Every point's document, checked before anything runs.
    for (const SweepPoint& p : points) {
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
      documents.push_back(std::move(d));
    }
    for (const auto& d : documents) {
      scenarios.push_back(d.instantiate(ensemble.first));
      graphs.push_back(graph::build_port_graph(scenarios.back()));
      layouts.push_back(results_layout(scenarios.back(), graphs.back()));
    }
    // Absurd sizes are refused before they fill a disk.
    {
      double values = 0;
      for (const io::Layout& layout : layouts) {
        for (const Variable& v : layout.variables) {
          if (v.per_replication() && !v.is_event()) values += static_cast<double>(layout.slice(v));
        }
      }
      const double bytes = values * 8.0 * ensemble.count;
      if (bytes > 1e12) {
        char text[256];
        std::snprintf(text, sizeof text,
                      "the results would hold %.3g TB before compression (%u replications x %zu point(s)); use fewer "
                      "replications or a longer settings.sample_interval",
                      bytes / 1e12, ensemble.count, points.size());
        throw UsageError(text);
      }
    }

    // The manifest: what the shards belong to.
    manifest["format_version"] = 3;  // 3: shards stamped with their run; 2: five datasets (io/results_file.cpp)
    manifest["porttwin_version"] = std::string(porttwin::version());
    manifest["kind"] = is_sweep ? "sweep" : "run";
    manifest["scenario_sha256"] = sha256_hex(document.text());
    base_file = scenarios.front().base_file;
    base_text = base_file.empty() ? std::string() : read_text(base_file);
    if (!base_file.empty()) manifest["base_scenario_sha256"] = sha256_hex(base_text);
    manifest["seed"] = scenarios.front().settings.seed;
    manifest["overrides"] = options.overrides;
    manifest["first_replication"] = ensemble.first;
    manifest["replications"] = ensemble.count;
    auto& point_list = manifest["points"] = nlohmann::ordered_json::array();
    for (const SweepPoint& p : points) {
      nlohmann::ordered_json o = nlohmann::ordered_json::array();
      for (const auto& [key, value] : p.overrides) o.push_back({key, value});
      point_list.push_back(o);
    }
    // What each point's shards belong to: everything that makes its
    // replication k what it is (not how many replications the run has).
    for (const SweepPoint& p : points) {
      io::ShardIdentity identity;
      std::string overrides, point_overrides;
      for (const std::string& o : options.overrides) overrides.append(o).append("\n");
      for (const auto& [key, value] : p.overrides) point_overrides.append(key).append("=").append(value).append("\n");
      identity.fields = {{"format_version", manifest["format_version"].dump()},
                         {"porttwin_version", std::string(porttwin::version())},
                         {"scenario_sha256", manifest["scenario_sha256"].get<std::string>()},
                         {"base_scenario_sha256", base_file.empty() ? std::string() : sha256_hex(base_text)},
                         {"seed", std::to_string(scenarios.front().settings.seed)},
                         {"overrides", overrides},
                         {"point_overrides", point_overrides}};
      std::string all;
      for (const auto& [key, value] : identity.fields) all.append(key).append("=").append(value).append("\x1f");
      identity.fingerprint = sha256_hex(all);
      identities.push_back(std::move(identity));
    }
    std::set<std::string> done;
    if (!writer) {
      // Another process writes the file: it only needs the tasks' order.
    } else if (fs::exists(partial, error)) {
      if (!fs::is_directory(partial, error)) {
        throw IoError(partial.string() + ": exists and is not a directory (porttwin keeps finished replications there)");
      }
      if (!options.resume) {
        throw IoError(partial.string() + " exists: an interrupted run of " + path.string() +
                      ". Add --resume to keep its finished replications, or remove it to start again");
      }
      const fs::path manifest_path = partial / "manifest.json";
      nlohmann::ordered_json previous;
      try {
        previous = nlohmann::ordered_json::parse(read_text(manifest_path));
      } catch (const std::exception&) {
        throw IoError(manifest_path.string() + ": missing or unreadable; remove " + partial.string() +
                      " to start again");
      }
      if (previous != manifest) {
        std::string differs;
        for (const auto& [key, value] : manifest.items()) {
          if (!previous.contains(key) || previous[key] != value) differs += (differs.empty() ? "" : ", ") + key;
        }
        throw UsageError("--resume: " + partial.string() + " belongs to another run (" + differs +
                         " differ); run the same scenario, --set, --seed, --replication(s) and --vary, or remove it");
      }
      // Every shard kept is read through now (its run, replication and
      // checksums), so that one that does not belong or was damaged is
      // refused before anything runs, naming it.
      for (const auto& entry : fs::directory_iterator(partial)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".tmp")) {
          fs::remove(entry.path(), error);  // a shard a crash cut short; we hold the lock, so it is nobody's
          continue;
        }
        const auto shard = parse_shard_file(name);
        if (!shard || shard->first >= points.size() || shard->second < ensemble.first ||
            shard->second - ensemble.first >= ensemble.count) {
          continue;  // not a shard of this run's tasks: left alone, removed with the directory at the end
        }
        try {
          io::check_shard(entry.path().string(), layouts[shard->first], identities[shard->first], shard->second);
        } catch (const IoError& e) {
          std::string which = "replication " + std::to_string(shard->second);
          if (is_sweep) which += " of sweep point " + std::to_string(shard->first);
          throw IoError(std::string(e.what()) + "; delete it and run again with --resume to rerun " + which);
        }
        done.insert(name);
      }
    } else {
      fs::create_directory(partial, error);
      if (error) throw IoError(partial.string() + ": cannot create: " + io::describe_errno(error.value()));
      try {
        io::write_file_atomically((partial / "manifest.json").string(), manifest.dump(2) + "\n");
      } catch (...) {
        fs::remove_all(partial, error);  // made just now, empty: a later run starts afresh
        throw;
      }
    }

    for (std::size_t p = 0; p < points.size(); ++p) {
      for (std::uint32_t k = 0; k < ensemble.count; ++k) {
        const std::uint32_t r = ensemble.first + k;
        const bool kept = done.count(shard_file(p, r)) != 0;
        out.kept += kept ? 1 : 0;
        if (!kept && writer) todo.push_back(static_cast<std::uint32_t>(order.size()));
        finished.push_back(kept ? 1 : 0);
        order.push_back({p, r});
      }
    }
  };
  const auto create_file = [&] {
    const std::lock_guard guard(h5::lock());
    own_temporary = true;
    join.file = h5::create_file(temporary.string());
    const h5::Handle& file = join.file;
    h5::set_attribute(file, "Conventions", std::string_view("CF-1.8"));
    h5::set_attribute(file, "title", std::string_view(scenarios.front().name));
    h5::set_attribute(file, "format_version", std::int64_t{1});
    h5::set_attribute(file, "porttwin_version", porttwin::version());
    h5::set_attribute(file, "command_line", std::string_view(options.command_line));
    h5::set_attribute(file, "scenario_file", std::string_view(document.file()));
    h5::set_attribute(file, "scenario_sha256", std::string_view(manifest["scenario_sha256"].get<std::string>()));
    h5::set_attribute(file, "seed", static_cast<std::int64_t>(scenarios.front().settings.seed));
    std::string overrides;
    for (const std::string& o : options.overrides) overrides.append(o).append("\n");
    h5::set_attribute(file, "overrides", std::string_view(overrides));
    h5::set_attribute(file, "first_replication", static_cast<std::int64_t>(ensemble.first));
    h5::set_attribute(file, "replications", static_cast<std::int64_t>(ensemble.count));
    h5::set_attribute(file, "created_utc", std::string_view(iso_utc_now()));
    h5::set_attribute(file, "kind", std::string_view(is_sweep ? "sweep" : "run"));
    h5::set_attribute(file, "complete", std::int8_t{0});
    {
      h5::Handle text = h5::create_dataset(file, "scenario", Type::str, {}, {{}, {}, false, false});
      const std::vector<std::string> value{document.text()};
      h5::write(text, std::span<const std::string>(value));
      h5::set_attribute(text, "long_name", std::string_view("the scenario file's text as read"));
    }
    if (!base_file.empty()) {
      h5::Handle text = h5::create_dataset(file, "base_scenario", Type::str, {}, {{}, {}, false, false});
      const std::vector<std::string> value{base_text};
      h5::write(text, std::span<const std::string>(value));
      h5::set_attribute(text, "long_name", std::string_view("the text of the file the scenario's base: names"));
      h5::set_attribute(text, "file", std::string_view(base_file));
      h5::set_attribute(file, "base_scenario_sha256",
                        std::string_view(manifest["base_scenario_sha256"].get<std::string>()));
    }
    if (is_sweep) write_sweep_index(file, points);
  };
  // A file that will not be finished: its datasets closed before the file
  // (closing the file first, strongly, left them dangling: a crash on a
  // full disk), then removed. The shards stay for --resume.
  const auto abandon = [&] {
    join.writer.reset();
    if (own_temporary) discard(join.file, temporary);
  };
  try {
    set_up();
    if (writer) {
      create_file();
      const std::lock_guard lock(join_lock);
      join_ready(nullptr, 0);  // what an interrupted attempt left
    }
  } catch (...) {
    if (writer) abandon();
    if (distributor != nullptr) distributor->agree(std::current_exception());
    throw;
  }
  if (distributor != nullptr) distributor->agree(nullptr);

  std::mutex progress_lock;
  EnsembleProgress progress;
  progress.total = static_cast<std::uint32_t>(todo.size());
  const auto count_done = [&](std::uint64_t events) {
    const std::lock_guard lock(progress_lock);
    ++progress.done;
    progress.events += events;
    progress.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (ensemble.progress) ensemble.progress(progress);
  };
  // One replication simulated and turned into its record.
  struct Simulated {
    io::Record record;
    std::uint64_t events = 0;
  };
  const auto simulate = [&](std::uint32_t index) {
    if (g_stop.load()) throw Interrupted("interrupted");
    const InFlight in_flight;
    const Task& task = order.at(index);
    const scenario::Scenario s = documents[task.point].instantiate(task.replication);
    ScenarioRunOptions run = ensemble.run;
    run.replication = task.replication;
    const ScenarioRun r = run_scenario(s, run);
    return Simulated{results_record(layouts[task.point], s, graphs[task.point], r, task.replication),
                     committed_events(r)};
  };
  // One replication here: run, write its shard, join what is ready.
  const auto run_here = [&](std::uint32_t index) -> std::uint64_t {
    const Simulated done = simulate(index);
    const Task& task = order[index];
    const auto began = Clock::now();
    io::write_shard((partial / shard_file(task.point, task.replication)).string(), layouts[task.point], done.record,
                    identities[task.point]);
    const double seconds = std::chrono::duration<double>(Clock::now() - began).count();
    {
      const std::lock_guard lock(join_lock);
      finished[index] = 1;
      write_seconds += seconds;
      join_ready(&done.record, index);
    }
    count_done(done.events);
    return done.events;
  };

  // The file is whole: closed, read back through (every dataset, so every
  // checksum), only then marked complete, synced to disk and renamed into
  // place. A write that failed unseen in a destructor meanwhile stops it.
  const std::uint64_t close_failures = h5::silent_close_failures();
  const auto finish_file = [&] {
    join.file.close();
    if (h5::silent_close_failures() != close_failures) {
      throw IoError(temporary.string() + ": a write failed while closing part of the file (is the disk full?)");
    }
    io::read_through(temporary.string());
    {
      const std::lock_guard guard(h5::lock());
      join.file = h5::open_file(temporary.string(), true);
      h5::set_attribute(join.file, "complete", std::int8_t{1});
      join.file.close();
    }
    io::sync_file(temporary.string());
    fs::rename(temporary, path, error);
    if (error) {
      throw IoError(path.string() + ": cannot rename the finished file into place: " +
                    io::describe_errno(error.value()));
    }
    own_temporary = false;
    io::sync_directory_of(path.string());
  };

  g_stop.store(false);
  try {
    if (distributor == nullptr) {
      (void)kernel::run_replications(0, static_cast<std::uint32_t>(todo.size()), ensemble.threads,
                                     [&](std::uint32_t i) { return run_here(todo[i]); });
    } else {
      Distributor::Work work;
      work.todo = todo;
      work.threads = ensemble.threads;
      work.run_here = run_here;
      // Another process's replication: the same record, as shard bytes.
      work.compute = [&](std::uint32_t index) {
        Simulated done;
        try {
          done = simulate(index);
        } catch (const Interrupted&) {
          throw;
        } catch (const std::exception& e) {
          // Rank 0 reports it: say which replication.
          const Task& task = order[index];
          std::string where = "replication " + std::to_string(task.replication);
          if (is_sweep) where.append(" of sweep point ").append(std::to_string(task.point));
          throw Error(where + ": " + e.what());
        }
        const std::size_t point = order[index].point;
        return ShardBytes{index, done.events, io::shard_bytes(layouts[point], done.record, identities[point])};
      };
      work.accept = [&](ShardBytes&& shard, bool joining) {
        if (shard.task >= order.size() || finished[shard.task] != 0) {
          throw std::logic_error("results: a replication that was not handed out came back");
        }
        const Task& task = order[shard.task];
        const std::string name = shard_file(task.point, task.replication);
        const auto began = Clock::now();
        io::write_file_atomically((partial / name).string(), shard.bytes);
        {
          const std::lock_guard lock(join_lock);
          finished[shard.task] = 1;
          write_seconds += std::chrono::duration<double>(Clock::now() - began).count();
          if (joining) {
            if (join.next == shard.task) {
              const io::Record record =
                  io::read_shard_bytes(shard.bytes, name, layouts[task.point], identities[task.point]);
              join_ready(&record, shard.task);
            } else {
              join_ready(nullptr, 0);
            }
          }
        }
        count_done(shard.events);
        ++out.merged;
        out.merge_seconds += std::chrono::duration<double>(Clock::now() - began).count();
      };
      distributor->run(work);
      if (!writer) return out;
    }
    if (join.next != order.size()) throw std::logic_error("results: not every replication was joined");
    finish_file();
  } catch (const Interrupted&) {
    if (!writer) throw;
    abandon();
    throw Interrupted("interrupted: " + std::to_string(out.kept + progress.done) + " of " +
                      std::to_string(points.size() * ensemble.count) + " replications are kept in " + partial.string() +
                      "; run the same command with --resume to finish");
  } catch (...) {
    if (writer) abandon();
    throw;
  }
  out.ran = progress.done;
  fs::remove_all(partial, error);
  out.file_bytes = fs::file_size(path, error);
  out.write_seconds = write_seconds;
  for (EnsembleResult& r : out.points) r.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace porttwin::run
