// See run/results.hpp and docs/results-format.md.
#include "porttwin/run/results.hpp"

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
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "porttwin/io/files.hpp"
#include "porttwin/kernel/ensemble.hpp"
#include "porttwin/kernel/version.hpp"
#include "porttwin/run/figures.hpp"

namespace porttwin::run {

namespace {

namespace h5 = io::h5;
namespace fs = std::filesystem;
using h5::Type;
using io::Variable;

std::string iso_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

// ---- running to a file -------------------------------------------------------------

namespace {

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

/// The results file as a sink of the runner. Made on the writer before
/// anything runs: it locks the output (PATH.lock) before touching anything,
/// checks the resume manifest and every kept shard, creates PATH.tmp and
/// joins what an interrupted attempt left. Each finished replication is
/// stored at once as a shard in PATH.partial/ (memory holds a few at a
/// time; a crash loses only those running) and joined into PATH.tmp as soon
/// as every replication before it is there, by whichever worker finished it,
/// so joining overlaps with simulating. finish() makes the file whole:
/// closed, read back through, marked complete, synced and renamed.
class FileSink final : public Sink {
 public:
  FileSink(const Plan& plan, const ResultsOptions& options) : plan_(plan), options_(options) {
    // Nothing is touched before the lock is held: a second run or resume
    // of the same output is refused here, naming the one that holds it.
    path_ = io::results_target(options.path);
    partial_ = path_.string() + ".partial";
    temporary_ = path_.string() + ".tmp";
    lock_ = io::OutputLock(path_.string(), options.command_line.empty() ? "porttwin" : options.command_line);
    refuse_absurd_sizes();
    make_manifest();
    kept_.assign(plan.tasks.size(), 0);
    open_partial();
    for (std::uint32_t i = 0; i < plan.tasks.size(); ++i) finished_.push_back(kept_[i]);
    for (const char k : kept_) kept_count_ += k != 0 ? 1 : 0;
    create_file();
    const std::lock_guard guard(join_lock_);
    join_ready(nullptr, 0);  // what an interrupted attempt left
  }
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;
  ~FileSink() override { abandon(); }

  [[nodiscard]] bool needs_record() const override { return true; }
  [[nodiscard]] bool kept(std::uint32_t task) const { return kept_[task] != 0; }
  [[nodiscard]] std::uint32_t kept_count() const { return kept_count_; }
  [[nodiscard]] const fs::path& partial() const { return partial_; }
  /// Replications whose shards are there: kept from before and finished now.
  [[nodiscard]] std::uint32_t stored() {
    const std::lock_guard guard(join_lock_);
    return static_cast<std::uint32_t>(std::count(finished_.begin(), finished_.end(), 1));
  }

  void accept(const Finished& f) override {
    using Clock = std::chrono::steady_clock;
    const auto began = Clock::now();
    // Whole or absent (io::write_file_atomically): a crash leaves only whole shards.
    io::write_file_atomically((partial_ / f.shard_name()).string(), f.bytes());
    const double seconds = std::chrono::duration<double>(Clock::now() - began).count();
    const std::lock_guard guard(join_lock_);
    if (finished_.at(f.index) != 0) throw std::logic_error("results: a replication came back twice");
    finished_[f.index] = 1;
    write_seconds_ += seconds;
    join_ready(&f, f.index);
  }

  /// Every task is in: the file made whole and put in place.
  FileRunResult finish() {
    if (join_.next != plan_.tasks.size()) throw std::logic_error("results: not every replication was joined");
    finish_file();
    std::error_code error;
    fs::remove_all(partial_, error);
    FileRunResult out;
    out.points = std::move(points_);
    out.kept = kept_count_;
    out.file_bytes = fs::file_size(path_, error);
    out.write_seconds = write_seconds_;
    lock_.release();
    return out;
  }

  /// A file that will not be finished: its datasets closed before the file
  /// (closing the file first, strongly, left them dangling: a crash on a full
  /// disk), then removed. The shards stay for --resume.
  void abandon() noexcept {
    join_.writer.reset();
    if (own_temporary_) discard(join_.file, temporary_);
    own_temporary_ = false;
  }

 private:
  void refuse_absurd_sizes() const {
    double values = 0;
    for (const io::Layout& layout : plan_.layouts) {
      for (const Variable& v : layout.variables) {
        if (v.per_replication() && !v.is_event()) values += static_cast<double>(layout.slice(v));
      }
    }
    const double bytes = values * 8.0 * plan_.count;
    if (bytes > 1e12) {
      char text[256];
      std::snprintf(text, sizeof text,
                    "the results would hold %.3g TB before compression (%u replications x %zu point(s)); use fewer "
                    "replications or a longer settings.sample_interval",
                    bytes / 1e12, plan_.count, plan_.points.size());
      throw UsageError(text);
    }
  }

  /// What the shards belong to (the resume check).
  void make_manifest() {
    manifest_["format_version"] = 4;  // 4: terminal figures in /kpi; 3: shards stamped with their run; 2: five datasets
    manifest_["porttwin_version"] = std::string(porttwin::version());
    manifest_["kind"] = plan_.sweep ? "sweep" : "run";
    manifest_["scenario_sha256"] = sha256_hex(plan_.documents.front().text());
    if (!plan_.base_file.empty()) manifest_["base_scenario_sha256"] = sha256_hex(plan_.base_text);
    manifest_["seed"] = plan_.scenarios.front().settings.seed;
    manifest_["overrides"] = options_.overrides;
    manifest_["first_replication"] = plan_.first;
    manifest_["replications"] = plan_.count;
    auto& list = manifest_["points"] = nlohmann::ordered_json::array();
    if (plan_.sweep) {
      for (const SweepPoint& p : plan_.points) {
        nlohmann::ordered_json o = nlohmann::ordered_json::array();
        for (const auto& [key, value] : p.overrides) o.push_back({key, value});
        list.push_back(o);
      }
    } else {
      list.push_back(nlohmann::ordered_json::array());
    }
  }

  /// A new partial directory with its manifest, or (--resume) the one an
  /// interrupted attempt left, every kept shard read through.
  void open_partial() {
    std::error_code error;
    if (!fs::exists(partial_, error)) {
      fs::create_directory(partial_, error);
      if (error) throw IoError(partial_.string() + ": cannot create: " + io::describe_errno(error.value()));
      try {
        io::write_file_atomically((partial_ / "manifest.json").string(), manifest_.dump(2) + "\n");
      } catch (...) {
        fs::remove_all(partial_, error);  // made just now, empty: a later run starts afresh
        throw;
      }
      return;
    }
    if (!fs::is_directory(partial_, error)) {
      throw IoError(partial_.string() + ": exists and is not a directory (porttwin keeps finished replications there)");
    }
    if (!options_.resume) {
      throw IoError(partial_.string() + " exists: an interrupted run of " + path_.string() +
                    ". Add --resume to keep its finished replications, or remove it to start again");
    }
    const fs::path manifest_path = partial_ / "manifest.json";
    nlohmann::ordered_json previous;
    try {
      std::ifstream in(manifest_path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      previous = nlohmann::ordered_json::parse(text.str());
    } catch (const std::exception&) {
      throw IoError(manifest_path.string() + ": missing or unreadable; remove " + partial_.string() +
                    " to start again");
    }
    if (previous != manifest_) {
      std::string differs;
      for (const auto& [key, value] : manifest_.items()) {
        if (!previous.contains(key) || previous[key] != value) differs += (differs.empty() ? "" : ", ") + key;
      }
      throw UsageError("--resume: " + partial_.string() + " belongs to another run (" + differs +
                       " differ); run the same scenario, --set, --seed, --replication(s) and --vary, or remove it");
    }
    // Every kept shard is read through now (its run, replication and
    // values' checksum), so that one that does not belong or was damaged is
    // refused before anything runs, naming it.
    for (const auto& entry : fs::directory_iterator(partial_)) {
      const std::string name = entry.path().filename().string();
      if (name.find(".tmp") != std::string::npos) {
        fs::remove(entry.path(), error);  // a shard a crash cut short; we hold the lock, so it is nobody's
        continue;
      }
      const auto shard = parse_shard_file(name);
      if (!shard || shard->first >= plan_.points.size() || shard->second < plan_.first ||
          shard->second - plan_.first >= plan_.count) {
        continue;  // not a shard of this run's tasks: left alone, removed with the directory at the end
      }
      try {
        io::check_shard(entry.path().string(), plan_.layouts[shard->first], plan_.identities[shard->first],
                        shard->second);
      } catch (const IoError& e) {
        std::string which = "replication " + std::to_string(shard->second);
        if (plan_.sweep) which += " of sweep point " + std::to_string(shard->first);
        throw IoError(std::string(e.what()) + "; delete it and run again with --resume to rerun " + which);
      }
      kept_[shard->first * plan_.count + (shard->second - plan_.first)] = 1;
    }
  }

  void create_file() {
    const std::lock_guard guard(h5::lock());
    own_temporary_ = true;
    join_.file = h5::create_file(temporary_.string());
    const h5::Handle& file = join_.file;
    h5::set_attribute(file, "Conventions", std::string_view("CF-1.8"));
    h5::set_attribute(file, "title", std::string_view(plan_.scenarios.front().name));
    h5::set_attribute(file, "format_version", io::kResultsFormatVersion);
    h5::set_attribute(file, "porttwin_version", porttwin::version());
    h5::set_attribute(file, "command_line", std::string_view(options_.command_line));
    h5::set_attribute(file, "scenario_file", std::string_view(plan_.documents.front().file()));
    h5::set_attribute(file, "scenario_sha256", std::string_view(manifest_["scenario_sha256"].get<std::string>()));
    h5::set_attribute(file, "seed", static_cast<std::int64_t>(plan_.scenarios.front().settings.seed));
    std::string overrides;
    for (const std::string& o : options_.overrides) overrides.append(o).append("\n");
    h5::set_attribute(file, "overrides", std::string_view(overrides));
    h5::set_attribute(file, "first_replication", static_cast<std::int64_t>(plan_.first));
    h5::set_attribute(file, "replications", static_cast<std::int64_t>(plan_.count));
    h5::set_attribute(file, "created_utc", std::string_view(iso_utc_now()));
    h5::set_attribute(file, "kind", std::string_view(plan_.sweep ? "sweep" : "run"));
    h5::set_attribute(file, "complete", std::int8_t{0});
    {
      h5::Handle text = h5::create_dataset(file, "scenario", Type::str, {}, {{}, {}, false, false});
      const std::vector<std::string> value{plan_.documents.front().text()};
      h5::write(text, std::span<const std::string>(value));
      h5::set_attribute(text, "long_name", std::string_view("the scenario file's text as read"));
    }
    if (!plan_.base_file.empty()) {
      h5::Handle text = h5::create_dataset(file, "base_scenario", Type::str, {}, {{}, {}, false, false});
      const std::vector<std::string> value{plan_.base_text};
      h5::write(text, std::span<const std::string>(value));
      h5::set_attribute(text, "long_name", std::string_view("the text of the file the scenario's base: names"));
      h5::set_attribute(text, "file", std::string_view(plan_.base_file));
      h5::set_attribute(file, "base_scenario_sha256",
                        std::string_view(manifest_["base_scenario_sha256"].get<std::string>()));
    }
    if (plan_.sweep) write_sweep_index(file, plan_.points);
  }

  /// Appends every replication that is next in order and there. Caller
  /// holds join_lock_. `at_hand`: a replication in memory (task `at_task`).
  void join_ready(const Finished* at_hand, std::size_t at_task) {
    using Clock = std::chrono::steady_clock;
    const auto began = Clock::now();
    while (join_.next < plan_.tasks.size() && finished_[join_.next] != 0) {
      const Task& task = plan_.tasks[join_.next];
      const io::Layout& layout = plan_.layouts[task.point];
      if (task.point != join_.point) start_point(task.point);
      io::Record loaded;
      const io::Record* record = nullptr;
      if (at_hand != nullptr && at_task == join_.next) {
        record = &at_hand->record();
      } else {
        loaded = io::read_shard((partial_ / shard_name(task)).string(), layout, plan_.identities[task.point]);
        record = &loaded;
      }
      join_.writer->write(*record);
      std::vector<double> row;
      for (std::size_t i = 0; i < layout.variables.size(); ++i) {
        if (layout.variables[i].is_key_figure()) row.push_back(record->columns[i].f64.at(0));
      }
      join_.rows.push_back(std::move(row));
      ++join_.next;
      if (join_.next == plan_.tasks.size() || plan_.tasks[join_.next].point != task.point) end_point();
    }
    write_seconds_ += std::chrono::duration<double>(Clock::now() - began).count();
  }

  void start_point(std::size_t point) {
    join_.point = point;
    std::string root = "/";
    if (plan_.sweep) root.append(point_group(point));
    std::vector<std::uint32_t> replications;
    for (std::uint32_t k = 0; k < plan_.count; ++k) replications.push_back(plan_.first + k);
    join_.writer = std::make_unique<io::ResultsWriter>(join_.file, root, plan_.layouts[point], replications);
    if (plan_.sweep) {
      const std::lock_guard guard(h5::lock());
      h5::Handle group = h5::open_group(join_.file, root);
      std::string text;
      for (const auto& [key, value] : plan_.points[point].overrides)
        text.append(key).append("=").append(value).append("\n");
      h5::set_attribute(group, "overrides", std::string_view(text));
    }
    join_.rows.clear();
  }

  void end_point() {
    join_.writer->write_ensemble();
    join_.writer->close();  // a write that fails only on closing is an error here
    join_.writer.reset();
    std::vector<std::string> names;
    for (const Variable& v : plan_.layouts[join_.point].variables) {
      if (v.is_key_figure()) names.push_back(v.name);
    }
    EnsembleResult result = summarise_rows(std::move(names), std::move(join_.rows));
    join_.rows.clear();
    for (std::size_t f = 0; f < result.names.size(); ++f) {
      if (result.names[f] != "events") continue;
      for (const auto& row : result.values) {
        if (!std::isnan(row[f])) result.events += static_cast<std::uint64_t>(row[f]);
      }
    }
    points_.push_back(std::move(result));
  }

  /// Closed, read back through (every chunk's checksum, none missing), only
  /// then marked complete, synced to disk and renamed into place. A write
  /// that failed unseen in a destructor meanwhile stops it.
  void finish_file() {
    join_.file.close();
    if (h5::silent_close_failures() != close_failures_) {
      throw IoError(temporary_.string() + ": a write failed while closing part of the file (is the disk full?)");
    }
    io::read_through(temporary_.string());
    {
      const std::lock_guard guard(h5::lock());
      join_.file = h5::open_file(temporary_.string(), true);
      h5::set_attribute(join_.file, "complete", std::int8_t{1});
      join_.file.close();
    }
    io::sync_file(temporary_.string());
    std::error_code error;
    fs::rename(temporary_, path_, error);
    if (error) {
      throw IoError(path_.string() +
                    ": cannot rename the finished file into place: " + io::describe_errno(error.value()));
    }
    own_temporary_ = false;
    io::sync_directory_of(path_.string());
  }

  const Plan& plan_;
  const ResultsOptions& options_;
  fs::path path_, partial_, temporary_;
  io::OutputLock lock_;
  nlohmann::ordered_json manifest_;
  std::vector<char> kept_;      ///< per task: a shard an interrupted attempt left
  std::vector<char> finished_;  ///< per task: its shard is there
  std::uint32_t kept_count_ = 0;
  bool own_temporary_ = false;  ///< PATH.tmp is ours to remove (made under the lock)
  const std::uint64_t close_failures_ = h5::silent_close_failures();
  std::mutex join_lock_;
  struct {
    h5::Handle file;
    std::unique_ptr<io::ResultsWriter> writer;
    std::size_t next = 0;  ///< first task not yet joined
    std::size_t point = SIZE_MAX;
    std::vector<std::vector<double>> rows;  ///< this point's key figures so far
  } join_;
  double write_seconds_ = 0;
  std::vector<EnsembleResult> points_;
};

/// EnsembleOptions::progress as an observer of the runner.
class ProgressCallback final : public Observer {
 public:
  explicit ProgressCallback(const std::function<void(const EnsembleProgress&)>& callback) : callback_(callback) {}
  void finished(const Task& /*task*/, const EnsembleProgress& progress) override {
    if (callback_) callback_(progress);
  }

 private:
  const std::function<void(const EnsembleProgress&)>& callback_;
};

}  // namespace

FileRunResult run_to_file(const scenario::ScenarioDocument& document, const EnsembleOptions& ensemble,
                          const ResultsOptions& options, const std::vector<SweepPoint>& sweep) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  Distributor* const distributor = options.distributor;
  const bool writer = distributor == nullptr || distributor->writer();
  // Set-up: everything that can fail before a replication runs. In a
  // distributed run the processes agree on its outcome, so that one failure
  // stops all of them with one message.
  std::optional<Plan> plan;
  std::optional<FileSink> file;
  std::vector<std::uint32_t> todo;
  try {
    plan.emplace(make_plan(document, ensemble.first, ensemble.count, sweep, options.overrides));
    if (writer) {
      file.emplace(*plan, options);
      for (std::uint32_t i = 0; i < plan->tasks.size(); ++i) {
        if (!file->kept(i)) todo.push_back(i);
      }
    }
  } catch (...) {
    file.reset();
    if (distributor != nullptr) distributor->agree(std::current_exception());
    throw;
  }
  if (distributor != nullptr) distributor->agree(nullptr);

  RunnerOptions runner;
  runner.threads = ensemble.threads;
  runner.run = ensemble.run;
  runner.distributor = distributor;
  ProgressCallback progress(ensemble.progress);
  Observer* observers[] = {&progress};
  Sink* sinks[] = {file ? &*file : nullptr};
  RunnerOutcome outcome;
  try {
    outcome =
        run_plan(*plan, todo, runner, writer ? std::span<Sink* const>(sinks) : std::span<Sink* const>(), observers);
    if (!writer) return FileRunResult{};
    FileRunResult out = file->finish();
    out.ran = outcome.ran;
    out.merged = outcome.received;
    out.merge_seconds = outcome.receive_seconds;
    for (EnsembleResult& r : out.points) r.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return out;
  } catch (const Interrupted&) {
    if (!writer) throw;
    const std::string partial = file->partial().string();
    const std::uint32_t kept = file->stored();
    file->abandon();
    throw Interrupted("interrupted: " + std::to_string(kept) + " of " + std::to_string(plan->tasks.size()) +
                      " replications are kept in " + partial + "; run the same command with --resume to finish");
  } catch (...) {
    if (file) file->abandon();
    throw;
  }
}

}  // namespace porttwin::run
