// Tests `porttwin report` as a user runs it: exit codes and all-or-nothing
// output for bad files and arguments; a page with everything inlined; the
// page's data (the JSON in <script id="porttwin-data">) against the results
// file and against answers known from the scenario itself; hostile strings
// that stay text. Rendering in a browser: tests/report/check_report.py.
//
// The incident case is tests/data/scenarios/conveyor-ransomware.yaml cut to
// 45 days: ransomware takes the Tata Steel conveyor (ijmuiden_conveyor) at
// day 30 with spread off, detection and containment at once and recovery
// after exactly 10 days, so in every replication that node alone is hit,
// from 720 h to 960 h.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli_runner.hpp"
#include "porttwin/io/hdf5.hpp"

namespace {

namespace fs = std::filesystem;
namespace h5 = porttwin::io::h5;
using nlohmann::json;
using porttwin::testing::Outcome;

const std::string kHostile = R"(</script><img src=x onerror=alert(1)>"&')";
// Its base is scenarios/amsterdam-nzkg-baseline.yaml, outside its directory tree: allowed.
const std::string kConveyor = std::string(PORTTWIN_SOURCE_DIR) + "/tests/data/scenarios/conveyor-ransomware.yaml" +
                              porttwin::testing::allow_shipped_scenarios();
const std::string kSmallPort = std::string(PORTTWIN_SOURCE_DIR) + "/tests/data/scenarios/small-port.yaml";

Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, false); }

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A scratch directory per test process, and the results files the tests
/// share, each made by the real `porttwin run` or `sweep` on first use.
class Files {
 public:
  static Files& get() {
    static Files files;
    return files;
  }
  ~Files() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] const fs::path& dir() const { return dir_; }

  const std::string& incident() {
    return make(incident_, "incident.h5", "run " + kConveyor + " --set 'settings.horizon=45 d' --replications 3");
  }
  const std::string& port() { return make(port_, "port.h5", "run " + kSmallPort + " --replications 2"); }
  const std::string& sweep() {
    return make(sweep_, "sweep.h5",
                "sweep " + kConveyor +
                    " --set 'settings.horizon=45 d' --vary 'cyber.response.hinterland_operator.recovery=5 d,10 d' "
                    "--replications 2");
  }

 private:
  Files() : dir_(fs::temp_directory_path() / ("porttwin-report-cli-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  std::string& make(std::string& path, const std::string& name, const std::string& command) {
    if (path.empty()) {
      const std::string out = (dir_ / name).string();
      const Outcome o = run(command + " --quiet -o " + out);
      if (o.exit_code != 0) ADD_FAILURE() << command << ": " << o.out << o.err;
      path = out;
    }
    return path;
  }

  fs::path dir_;
  std::string incident_, port_, sweep_;
};

std::string scratch(const std::string& name) { return (Files::get().dir() / name).string(); }

/// The page's data: the JSON between the data element's tags.
json payload(const std::string& page) {
  const std::string open = R"(<script type="application/json" id="porttwin-data">)";
  const std::size_t begin = page.find(open);
  if (begin == std::string::npos) {
    ADD_FAILURE() << "no data element in the page";
    return json::object();
  }
  const std::size_t end = page.find("</script>", begin);
  return json::parse(page.substr(begin + open.size(), end - begin - open.size()));
}

/// Writes the report of `results` and returns the page (fails the test unless it exits 0).
std::string report(const std::string& results, const std::string& extra = "") {
  const std::string out = scratch("report-" + std::to_string(std::hash<std::string>{}(results + extra)) + ".html");
  const Outcome o = run("report " + results + " -o " + out + " " + extra);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(o.err.empty()) << o.err;
  return read(out);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

/// A copy of `results` with one change made through the HDF5 layer.
template <class Change>
std::string changed_copy(const std::string& results, const std::string& name, Change change) {
  const std::string copy = scratch(name);
  fs::copy_file(results, copy, fs::copy_options::overwrite_existing);
  const std::lock_guard guard(h5::lock());
  h5::Handle file = h5::open_file(copy, true);
  change(file);
  file.close();
  return copy;
}

/// Replaces `from` by `to` in every string of every dataset below `group`.
void replace_strings(const h5::Handle& file, const std::string& group, const std::string& from, const std::string& to) {
  for (const std::string& name : h5::members(h5::open_group(file, group))) {
    const std::string path = group == "/" ? name : group + "/" + name;
    if (h5::is_group(file, path)) {
      replace_strings(file, path, from, to);
      continue;
    }
    const h5::Handle d = h5::open_dataset(file, path);
    if (h5::type(d) != h5::Type::str) continue;
    std::vector<std::string> values = h5::read_strings(d);
    for (std::string& v : values) {
      for (std::size_t pos = v.find(from); pos != std::string::npos; pos = v.find(from, pos + to.size())) {
        v.replace(pos, from.size(), to);
      }
    }
    h5::write(d, std::span<const std::string>(values));
  }
}

const json& node(const json& data, const std::string& id) {
  for (const json& n : data["graph"]["nodes"]) {
    if (n["id"] == id) return n;
  }
  ADD_FAILURE() << "no node " << id;
  static const json none = json::object();
  return none;
}

// ---- the command line -----------------------------------------------------------

TEST(ReportCommand, HelpShowsExamplesAndExitCodes) {
  const Outcome o = run("report --help");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("Examples:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("porttwin report ransomware.h5 -o ransomware.html"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Exit codes: 0"), std::string::npos) << o.out;
}

TEST(ReportCommand, MissingArgumentOrUnknownOptionIsExitTwo) {
  EXPECT_EQ(run("report").exit_code, 2);
  EXPECT_EQ(run("report " + Files::get().port() + " --colour red").exit_code, 2);
  EXPECT_EQ(run("report " + Files::get().port() + " --point x").exit_code, 2);
}

TEST(ReportCommand, MissingFileIsExitOneNamingItAndWritesNothing) {
  const std::string out = scratch("missing.html");
  const Outcome o = run("report " + scratch("no-such.h5") + " -o " + out);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("no-such.h5"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(ReportCommand, FileThatIsNotHdf5IsExitOne) {
  const std::string text = scratch("text.h5");
  std::ofstream(text) << "vessel_calls: 3\n";
  const Outcome o = run("report " + text + " -o " + scratch("text.html"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("not an HDF5 file"), std::string::npos) << o.err;
}

TEST(ReportCommand, IncompleteFileIsExitOnePointingToResumeAndLeavesTheOldPage) {
  const std::string partial = changed_copy(
      Files::get().port(), "partial.h5", [](const h5::Handle& f) { h5::set_attribute(f, "complete", std::int8_t{0}); });
  const std::string out = scratch("old.html");
  std::ofstream(out) << "the previous report";
  const Outcome o = run("report " + partial + " -o " + out);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find(partial + ": not a complete porttwin results file (the run did not finish; see --resume)"),
            std::string::npos)
      << o.err;
  EXPECT_EQ(read(out), "the previous report");
}

TEST(ReportCommand, HdfFileWithoutResultsIsExitOne) {
  const std::string other = scratch("other.h5");
  {
    const std::lock_guard guard(h5::lock());
    h5::Handle f = h5::create_file(other);
    h5::set_attribute(f, "complete", std::int8_t{1});
    f.close();
  }
  const Outcome o = run("report " + other + " -o " + scratch("other.html"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find(other + ": not a porttwin results file"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(scratch("other.html")));
}

TEST(ReportCommand, UnwritableOutputIsExitOne) {
  const Outcome missing_dir = run("report " + Files::get().port() + " -o " + scratch("no/such/dir/r.html"));
  EXPECT_EQ(missing_dir.exit_code, 1);
  EXPECT_NE(missing_dir.err.find("cannot write"), std::string::npos) << missing_dir.err;
  const Outcome directory = run("report " + Files::get().port() + " -o " + Files::get().dir().string());
  EXPECT_EQ(directory.exit_code, 1) << directory.err;
}

TEST(ReportCommand, PointAndReplicationTheFileDoesNotHoldAreExitTwo) {
  Outcome o = run("report " + Files::get().port() + " --point 1 -o " + scratch("x.html"));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--point is for sweep files"), std::string::npos) << o.err;
  o = run("report " + Files::get().sweep() + " --point 2 -o " + scratch("x.html"));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("the sweep has 2 points (0 to 1)"), std::string::npos) << o.err;
  o = run("report " + Files::get().incident() + " --replication 3 -o " + scratch("x.html"));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("the file holds replications 0 to 2"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(scratch("x.html")));
}

TEST(ReportCommand, DefaultOutputIsTheResultsFileWithHtmlAndDashIsStandardOutput) {
  const std::string results = scratch("copy.h5");
  fs::copy_file(Files::get().port(), results, fs::copy_options::overwrite_existing);
  const Outcome o = run("report " + results);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(fs::exists(scratch("copy.html")));
  const Outcome out = run("report " + results + " -o -");
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, read(scratch("copy.html")));
}

// ---- the page -----------------------------------------------------------------------

TEST(ReportPage, IsOneFileWithEveryScriptAndStyleInline) {
  const std::string page = report(Files::get().incident());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_GT(page.size(), 500'000U) << "ECharts is inlined";
  EXPECT_NE(page.find("Apache ECharts"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(count(page, "</script"), 4U) << "data, error trap, ECharts, the page's script: no more";
  EXPECT_EQ(page.find("@@"), std::string::npos) << "every slot filled";
}

TEST(ReportPage, DataHoldsEveryKeyFigureOfTheFileToFiveDigits) {
  const std::string results = Files::get().incident();
  const json data = payload(report(results));
  std::map<std::string, std::vector<double>> file, by_terminal;  // by_terminal: replication x terminal
  std::size_t terminals = 0;
  {
    const std::lock_guard guard(h5::lock());
    const h5::Handle f = h5::open_file(results);
    for (const std::string& name : h5::members(h5::open_group(f, "kpi"))) {
      if (name != "replication" && name != "terminals")
        file[name] = h5::read_doubles(h5::open_dataset(f, "kpi/" + name));
    }
    for (const std::string& name : h5::members(h5::open_group(f, "kpi/terminals"))) {
      const h5::Handle d = h5::open_dataset(f, "kpi/terminals/" + name);
      if (h5::dimension_names(d) != std::vector<std::string>{"replication", "terminal"}) continue;
      by_terminal[name] = h5::read_doubles(d);
      terminals = h5::shape(d).at(1);
    }
  }
  // Every terminal figure, each terminal's mean over the replications that define it.
  ASSERT_FALSE(by_terminal.empty());
  ASSERT_EQ(data["terminal_figures"]["figures"].size(), by_terminal.size());
  for (const json& figure : data["terminal_figures"]["figures"]) {
    const std::vector<double>& values = by_terminal.at(figure["name"].get<std::string>());
    ASSERT_EQ(figure["mean"].size(), terminals);
    for (std::size_t t = 0; t < terminals; ++t) {
      double sum = 0;
      int n = 0;
      for (std::size_t k = t; k < values.size(); k += terminals) {
        if (!std::isnan(values[k])) {
          sum += values[k];
          ++n;
        }
      }
      if (n == 0) {
        EXPECT_TRUE(figure["mean"][t].is_null()) << figure["name"];
      } else {
        EXPECT_NEAR(figure["mean"][t].get<double>(), sum / n, 5e-5 * std::abs(sum / n) + 1e-12) << figure["name"];
      }
    }
  }
  ASSERT_EQ(data["kpi"]["figures"].size(), file.size());
  for (const json& figure : data["kpi"]["figures"]) {
    const std::vector<double>& values = file.at(figure["name"].get<std::string>());
    ASSERT_EQ(figure["values"].size(), values.size());
    for (std::size_t r = 0; r < values.size(); ++r) {
      if (std::isnan(values[r])) {
        EXPECT_TRUE(figure["values"][r].is_null()) << figure["name"];
      } else {
        EXPECT_NEAR(figure["values"][r].get<double>(), values[r], 5e-5 * std::abs(values[r])) << figure["name"];
      }
    }
    EXPECT_TRUE(figure["stats"].contains("ci95_low")) << figure["name"];
  }
  EXPECT_EQ(data["meta"]["title"], "conveyor-ransomware");
  EXPECT_EQ(data["meta"]["replications"], 3);
  EXPECT_NEAR(data["meta"]["horizon_h"].get<double>(), 45 * 24.0, 1e-9);
  EXPECT_NE(data["scenario_text"].get<std::string>().find("targets: [ijmuiden_conveyor]"), std::string::npos);
}

TEST(ReportPage, IncidentTargetIsHitInEveryReplicationAtDayThirtyAndNothingElseIs) {
  const json data = payload(report(Files::get().incident()));
  EXPECT_TRUE(data["has_cyber"].get<bool>());
  const json& conveyor = node(data, "ijmuiden_conveyor");
  EXPECT_EQ(conveyor["hit_share"], 1.0);
  EXPECT_EQ(conveyor["first_hit_h"], 720.0);
  EXPECT_NEAR(conveyor["level_loss_h"].get<double>(), 240.0, 1e-6) << "stopped for exactly 10 days";
  EXPECT_EQ(conveyor["reportable_share"], 1.0) << "a hinterland operator that moves cargo, interrupted";
  for (const json& n : data["graph"]["nodes"]) {
    if (n["id"] != "ijmuiden_conveyor") {
      EXPECT_EQ(n["hit_share"], 0.0) << n["id"] << ": spread is off";
    }
  }
  EXPECT_FALSE(data["graph"]["edges"].empty());
}

TEST(ReportPage, CascadeHeatMapShowsTheConveyorFromDayThirtyToDayForty) {
  const json data = payload(report(Files::get().incident()));
  const json& cascade = data["cascade"];
  ASSERT_EQ(cascade["nodes"], json::array({"ijmuiden_conveyor"}));
  EXPECT_EQ(cascade["nodes_hit"], 1);
  EXPECT_LE(cascade["time"].size(), 400U);
  const double width = cascade["column_h"].get<double>();
  for (std::size_t c = 0; c < cascade["time"].size(); ++c) {
    const double end = cascade["time"][c].get<double>();
    const double share = cascade["share"][0][c].get<double>();
    const double expected = end - width > 720.0 && end < 960.0 ? 1.0 : 0.0;
    // The state is sampled at the end of each interval: the sample at 720 h
    // is already compromised, the one at 960 h already restored; columns
    // holding those are partly hit.
    if (end < 720.0 || end - width >= 960.0 || expected == 1.0) {
      EXPECT_EQ(share, expected) << "column ending " << end << " h";
    }
  }
}

TEST(ReportPage, EventsOfTheChosenReplicationRunFromCompromiseToRestoration) {
  const json data = payload(report(Files::get().incident(), "--replication 2"));
  const json& events = data["events"];
  EXPECT_EQ(events["replication"], 2);
  EXPECT_EQ(events["chosen_by"], "with --replication");
  std::map<std::string, double> when;
  for (const json& row : events["rows"]) {
    EXPECT_EQ(row[1], "ijmuiden_conveyor");
    when.emplace(row[2].get<std::string>(), row[0].get<double>());
  }
  EXPECT_EQ(when.at("compromised"), 720.0);
  EXPECT_EQ(when.at("restored"), 960.0);
  EXPECT_EQ(events["total"].get<std::size_t>(), events["rows"].size());
  const json median = payload(report(Files::get().incident()))["events"];
  EXPECT_GE(median["replication"].get<int>(), 0);
  EXPECT_LE(median["replication"].get<int>(), 2);
}

TEST(ReportPage, AmountsPerIntervalAreShownPerHour) {
  const std::string results = Files::get().port();
  const json data = payload(report(results));
  std::vector<double> teu, bounds;
  std::vector<std::string> statistic;
  {
    const std::lock_guard guard(h5::lock());
    const h5::Handle f = h5::open_file(results);
    teu = h5::read_doubles(h5::open_dataset(f, "ensemble/timeseries/teu_handled"));
    statistic = h5::read_strings(h5::open_dataset(f, "ensemble/timeseries/statistic"));
    bounds = h5::read_doubles(h5::open_dataset(f, "timeseries/time_bounds"));
  }
  const std::size_t times = bounds.size() / 2;
  const std::size_t mean =
      static_cast<std::size_t>(std::find(statistic.begin(), statistic.end(), "mean") - statistic.begin());
  const json& ts = data["timeseries"];
  const std::size_t per = ts["samples_per_point"].get<std::size_t>();
  const auto series =
      std::find_if(ts["series"].begin(), ts["series"].end(), [](const json& s) { return s["name"] == "teu_handled"; });
  ASSERT_NE(series, ts["series"].end());
  EXPECT_EQ((*series)["units"], "TEU/h");
  for (std::size_t i = 0; i < (*series)["mean"].size(); ++i) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t t = i * per; t < std::min(times, (i + 1) * per); ++t, ++n) {
      sum += teu[mean * times + t] / (bounds[2 * t + 1] - bounds[2 * t]);
    }
    EXPECT_NEAR((*series)["mean"][i].get<double>(), sum / static_cast<double>(n), 1e-4 * std::abs(sum) + 1e-9);
  }
}

TEST(ReportPage, PortWithoutIncidentsHasNoCyberData) {
  const json data = payload(report(Files::get().port()));
  EXPECT_FALSE(data["has_cyber"].get<bool>());
  EXPECT_TRUE(data["cascade"].is_null());
  EXPECT_TRUE(data["events"].is_null());
  EXPECT_EQ(data["graph"]["nodes"].size(), 16U) << "counted in small-port.yaml";
  EXPECT_EQ(data["graph"]["edges"].size(), 22U) << "counted in small-port.yaml";
  EXPECT_TRUE(node(data, "box")["hit_share"].is_null());
}

TEST(ReportPage, SweepComparesEveryPointAndShowsTheChosenOneInDetail) {
  const std::string results = Files::get().sweep();
  const std::string page = report(results, "--point 1");
  const json data = payload(page);
  const json& sweep = data["sweep"];
  EXPECT_EQ(sweep["keys"], json::array({"cyber.response.hinterland_operator.recovery"}));
  ASSERT_EQ(sweep["points"].size(), 2U);
  EXPECT_EQ(sweep["points"][1]["values"], json::array({"10 d"}));
  EXPECT_EQ(sweep["shown"], 1);
  EXPECT_NE(page.find("<title>conveyor-ransomware (sweep point 1)"), std::string::npos);
  EXPECT_NE(data["meta"]["overrides"].get<std::string>().find("recovery=10 d"), std::string::npos);
  // Recovery after 5 days and after 10: the conveyor loses 120 h and 240 h of operation.
  const auto loss = std::find_if(sweep["figures"].begin(), sweep["figures"].end(),
                                 [](const json& f) { return f["name"] == "nodes_compromised"; });
  ASSERT_NE(loss, sweep["figures"].end());
  EXPECT_EQ((*loss)["mean"], json::array({1.0, 1.0}));
  EXPECT_NEAR(node(data, "ijmuiden_conveyor")["level_loss_h"].get<double>(), 240.0, 1e-6);
  EXPECT_NEAR(node(payload(report(results, "--point 0")), "ijmuiden_conveyor")["level_loss_h"].get<double>(), 120.0,
              1e-6);
}

TEST(ReportPage, HostileStringsFromTheFileStayText) {
  // The scenario's name and a node id, as a hostile scenario author or a
  // tampered file would give them (ids from a scenario are [a-z0-9_], so the
  // id is changed in the file).
  const std::string name = kHostile + "\u2028<!--";
  const std::string results = changed_copy(Files::get().incident(), "hostile.h5", [&](const h5::Handle& f) {
    h5::set_attribute(f, "title", std::string_view(name));
    replace_strings(f, "/", "ijmuiden_conveyor", kHostile);
  });
  const std::string page = report(results);
  EXPECT_EQ(page.find(kHostile), std::string::npos) << "the raw string is in the page";
  EXPECT_EQ(count(page, "</script"), 4U);
  EXPECT_NE(page.find("<title>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&#39;"), std::string::npos);
  EXPECT_NE(page.find("<h1>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&#39;"), std::string::npos);
  const std::size_t data_begin = page.find(R"(id="porttwin-data">)");
  const std::string data_text = page.substr(data_begin, page.find("</script>", data_begin) - data_begin);
  EXPECT_EQ(data_text.find("\u2028"), std::string::npos) << "U+2028 is written as \\u2028 in the data";
  EXPECT_EQ(data_text.find('<'), std::string::npos) << "no '<' at all, so no </script> and no <!--";
  const json data = payload(page);
  EXPECT_EQ(data["meta"]["title"], name) << "the escapes read back as the same text";
  EXPECT_EQ(node(data, kHostile)["hit_share"], 1.0);
  EXPECT_EQ(data["cascade"]["nodes"], json::array({kHostile}));
}

}  // namespace
