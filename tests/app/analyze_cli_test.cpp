// Tests `porttwin analyze` as a user runs it: the JSON's keys and the answers
// worked out by hand for a small port, --set reaching the defences, the
// report, -o, exit codes, and every shipped scenario.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;

using nlohmann::json;
using porttwin::testing::Outcome;
using Ids = std::vector<std::string>;

/// stdout and stderr kept apart, so that JSON on stdout stays clean.
Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, false); }

json parse(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "not JSON (" << e.what() << "): " << text;
    return json::object();
  }
}

Ids ids(const json& array) {
  Ids out;
  for (const json& id : array) out.push_back(id.get<std::string>());
  return out;
}

// The small port of graph_cli_test.cpp with a cyber layer. Worked by hand:
// nodes in index order: zones quay, defence; portbase, customs,
// harbour_master; box; berths box.deep#1, box.deep#2, box.navy (zone
// defence, so sensitive); box.sts, box.stack, box.main; maersk; road; zpmc;
// tracking_cloud.
// Spread: remote_access 0.8, control 0.9, data_flow 0.5; service and
// physical_flow 0 (not listed).
// Entry points: maersk (the incident's target), zpmc (remote link to
// box.sts), tracking_cloud (a platform, with no edge out of it).
// From maersk: data to portbase (0.5), on to box, customs, harbour_master,
// road, tracking_cloud (0.25 each); box controls sts, stack, main and, by the
// declared edge, the navy berth (0.25 x 0.9 = 0.225): 10 nodes. The attack
// paths go to portbase (pcs), box (terminal) and box.navy (sensitive).
// From zpmc: box.sts (0.8). From tracking_cloud: nothing.
// Critical nodes, operational edges from the only line, maersk: maersk cuts
// the 10 others it reaches; box cuts its sts, stack, main, navy berth (4; the
// PCS still comes by data from maersk); portbase cuts customs,
// harbour_master, tracking_cloud (3; road still comes by cargo from box).
// tests/data/scenarios/small-port.yaml plus a control edge to the navy berth
// and the cyber section.
const std::string kPort = "base: " + std::string(PORTTWIN_SOURCE_DIR) + R"(/tests/data/scenarios/small-port.yaml
name: analyze-cli-test
dependencies:
  - {from: portbase, to: tracking_cloud, type: data_flow}
  - {from: box, to: box.navy, type: control}
cyber:
  spread:
    remote_access: {probability: 0.8, delay: 2 h}
    data_flow: {probability: 0.5, delay: 1 h}
    control: {probability: 0.9, delay: 10 min}
  incidents:
    line_hack:
      kind: ransomware
      targets: [maersk]
      at: 100 h
)";

// The scenarios below start from small-port.yaml by an absolute `base:`,
// outside their temporary directory: allowed explicitly.
const std::string kAnalyze = "analyze --allow-path " + std::string(PORTTWIN_SOURCE_DIR) + "/tests/data/scenarios ";

class AnalyzeCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("porttwin-analyze-cli-" + std::to_string(::getpid()) + "-" + std::string(info->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    scenario_ = write("port.yaml", kPort);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  /// `analyze --json` of the small port with extra arguments; fails the test unless it exits 0.
  json analyze_json(const std::string& extra = "") const {
    const Outcome o = run(kAnalyze + scenario_ + " --json " + extra);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_TRUE(o.err.empty()) << o.err;
    return parse(o.out);
  }

  fs::path dir_;
  std::string scenario_;
};

TEST_F(AnalyzeCommand, JsonHasEveryKey) {
  const json j = analyze_json();
  for (const char* key : {"scenario", "method", "spread_probability", "entry_points", "reachable", "attack_paths",
                          "flow_sources", "critical_nodes", "sensitive_zones_reachable"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["method"].contains("critical_nodes"));
  EXPECT_EQ(j["scenario"], "analyze-cli-test");
}

TEST_F(AnalyzeCommand, EntryPointsAreTheTargetTheVendorAndThePlatformInIndexOrder) {
  const json j = analyze_json();
  const json expected = json::parse(R"([
    {"id": "maersk", "kind": "shipping_line", "reason": "incident_target"},
    {"id": "zpmc", "kind": "vendor", "reason": "remote_access"},
    {"id": "tracking_cloud", "kind": "data_platform", "reason": "external_platform"}])");
  EXPECT_EQ(j["entry_points"], expected);
}

TEST_F(AnalyzeCommand, ReachableSetsAreTheHandWorkedOnes) {
  const json j = analyze_json();
  EXPECT_EQ(ids(j["reachable"]["maersk"]), (Ids{"portbase", "customs", "harbour_master", "box", "box.navy", "box.sts",
                                                "box.stack", "box.main", "road", "tracking_cloud"}));
  EXPECT_EQ(ids(j["reachable"]["zpmc"]), (Ids{"box.sts"}));
  EXPECT_EQ(ids(j["reachable"]["tracking_cloud"]), Ids{});
}

TEST_F(AnalyzeCommand, AttackPathsGoToThePcsTheTerminalTheSensitiveBerthAndTheCranes) {
  const json j = analyze_json();
  const json& paths = j["attack_paths"];
  ASSERT_EQ(paths.size(), 5U) << paths.dump(1);
  EXPECT_EQ(ids(paths[0]["path"]), (Ids{"maersk", "portbase"}));
  EXPECT_NEAR(paths[0]["probability"].get<double>(), 0.5, 1e-12);
  EXPECT_EQ(ids(paths[1]["path"]), (Ids{"maersk", "portbase", "box"}));
  EXPECT_NEAR(paths[1]["probability"].get<double>(), 0.25, 1e-12);
  EXPECT_EQ(paths[2]["from"], "maersk");
  EXPECT_EQ(paths[2]["to"], "box.navy");
  EXPECT_EQ(ids(paths[2]["path"]), (Ids{"maersk", "portbase", "box", "box.navy"}));
  EXPECT_NEAR(paths[2]["probability"].get<double>(), 0.225, 1e-12);
  EXPECT_EQ(ids(paths[3]["path"]), (Ids{"maersk", "portbase", "box", "box.sts"}));  // 0.5 x 0.5 x 0.9
  EXPECT_NEAR(paths[3]["probability"].get<double>(), 0.225, 1e-12);
  EXPECT_EQ(ids(paths[4]["path"]), (Ids{"zpmc", "box.sts"}));  // the vendor's own way in
  EXPECT_NEAR(paths[4]["probability"].get<double>(), 0.8, 1e-12);
}

TEST_F(AnalyzeCommand, SensitiveZoneIsReachedFromTheLineThroughTheTerminal) {
  const json j = analyze_json();
  ASSERT_EQ(j["sensitive_zones_reachable"].size(), 1U);
  const json& z = j["sensitive_zones_reachable"][0];
  EXPECT_EQ(z["zone"], "defence");
  EXPECT_EQ(z["sensitivity"], "military_transport");
  EXPECT_EQ(z["reachable"], true);
  EXPECT_EQ(z["from"], "maersk");
  EXPECT_EQ(ids(z["path"]), (Ids{"maersk", "portbase", "box", "box.navy"}));
  EXPECT_NEAR(z["probability"].get<double>(), 0.225, 1e-12);
}

TEST_F(AnalyzeCommand, CriticalNodesAreRankedByTheirHandCountedCuts) {
  const json j = analyze_json("--top 3");
  EXPECT_EQ(ids(j["flow_sources"]), (Ids{"maersk"}));
  const json& critical = j["critical_nodes"];
  ASSERT_EQ(critical.size(), 3U) << critical.dump(1);
  EXPECT_EQ(critical[0]["id"], "maersk");
  EXPECT_EQ(critical[0]["cut_nodes"], 10);
  EXPECT_EQ(critical[1]["id"], "box");
  EXPECT_EQ(critical[1]["kind"], "terminal");
  EXPECT_EQ(critical[1]["cut_nodes"], 4);
  EXPECT_EQ(critical[2]["id"], "portbase");
  EXPECT_EQ(critical[2]["cut_nodes"], 3);
  EXPECT_GT(critical[2]["betweenness"].get<double>(), 0.0);
}

TEST_F(AnalyzeCommand, VendorAccessRemovedMakesTheVendorReachNothing) {
  const json j = analyze_json("--set defences.vendor_access.mode=removed");
  EXPECT_EQ(j["spread_probability"]["remote_access"], 0.0);
  EXPECT_EQ(j["entry_points"][1]["id"], "zpmc") << "still a way in, now leading nowhere";
  EXPECT_EQ(ids(j["reachable"]["zpmc"]), Ids{});
  EXPECT_EQ(j["reachable"]["maersk"].size(), 10U) << "the line's way does not use the vendor";
}

TEST_F(AnalyzeCommand, VendorAccessRestrictedScalesItsProbability) {
  const json j =
      analyze_json("--set defences.vendor_access.mode=restricted --set defences.vendor_access.restricted_factor=0.25");
  EXPECT_NEAR(j["spread_probability"]["remote_access"].get<double>(), 0.2, 1e-12);  // 0.8 x 0.25
  EXPECT_EQ(ids(j["reachable"]["zpmc"]), (Ids{"box.sts"}));
}

TEST_F(AnalyzeCommand, SegmentationOfDataFlowKeepsTheLineOutAndTheZoneSafe) {
  const json j =
      analyze_json("--set defences.segmentation.enabled=true --set defences.segmentation.cuts.data_flow=true");
  EXPECT_EQ(j["spread_probability"]["data_flow"], 0.0);
  EXPECT_EQ(ids(j["reachable"]["maersk"]), Ids{}) << "its only ways out are data and cargo";
  ASSERT_EQ(j["attack_paths"].size(), 1U) << "only the vendor's remote access to the cranes is left";
  EXPECT_EQ(j["attack_paths"][0]["from"], "zpmc");
  const json& z = j["sensitive_zones_reachable"][0];
  EXPECT_EQ(z["reachable"], false);
  EXPECT_TRUE(z["from"].is_null());
  EXPECT_TRUE(z["path"].empty());
}

TEST_F(AnalyzeCommand, TextReportHasEverySection) {
  const Outcome o = run(kAnalyze + scenario_);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* line : {"analyze-cli-test: attack-graph analysis", "Entry points (3):", "Most likely attack paths",
                           "p = 0.225    maersk -> portbase -> box -> box.navy", "Critical nodes",
                           "Sensitive zones:", "defence (military_transport): REACHABLE from maersk, p = 0.225"}) {
    EXPECT_NE(o.out.find(line), std::string::npos) << line << "\n" << o.out;
  }
}

TEST_F(AnalyzeCommand, OutputFileHoldsTheJsonAndStandardOutputASummary) {
  const fs::path out = dir_ / "analysis.json";
  const Outcome o = run(kAnalyze + scenario_ + " --json -o " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("written to " + out.string()), std::string::npos) << o.out;
  std::ifstream in(out);
  const json j = parse(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  EXPECT_EQ(j["entry_points"].size(), 3U);
}

TEST_F(AnalyzeCommand, OutputInAMissingDirectoryIsExitOne) {
  const fs::path out = dir_ / "no_such_dir" / "analysis.json";
  const Outcome o = run(kAnalyze + scenario_ + " -o " + out.string());
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_NE(o.err.find("cannot write"), std::string::npos) << o.err;
}

TEST_F(AnalyzeCommand, BadArgumentsAreExitTwo) {
  for (const char* arguments : {" --top 0", " --top many", " --bogus", " --set no_equals_sign", ""}) {
    const std::string command = std::string("analyze ") + (std::string(arguments).empty() ? "" : scenario_) + arguments;
    const Outcome o = run(command);
    EXPECT_EQ(o.exit_code, 2) << command << ": " << o.err;
    EXPECT_FALSE(o.err.empty()) << command;
    EXPECT_TRUE(o.out.empty()) << command << ": " << o.out;
  }
}

TEST_F(AnalyzeCommand, MissingScenarioFileIsExitOne) {
  const Outcome o = run(kAnalyze + (dir_ / "absent.yaml").string());
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_NE(o.err.find("absent.yaml"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

TEST_F(AnalyzeCommand, UnknownIncidentTargetIsAScenarioProblemWithItsLine) {
  std::string text = kPort;
  text.replace(text.find("targets: [maersk]"), 17, "targets: [maersc]");
  const Outcome o = run(kAnalyze + write("bad.yaml", text) + " --json");
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_NE(o.err.find("maersc"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("bad.yaml:"), std::string::npos) << "file:line:column: " << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

TEST(AnalyzeCommandHelp, ShowsExamples) {
  const Outcome o = run("analyze --help");
  EXPECT_EQ(o.exit_code, 0);
  for (const char* text : {"Examples:", "--json", "--top", "--set"}) {
    EXPECT_NE(o.out.find(text), std::string::npos) << text << "\n" << o.out;
  }
}

// scenarios/rotterdam-baseline.yaml has no cyber section; with spread set on
// the command line its three remote links (graph_cli_test.cpp counts them:
// zpmc -> rwg.sts, crane_vendor_b -> apmt_mvii.sts and ect_euromax.sts) are
// all the vendors reach, since cranes have no edges out.
TEST(AnalyzeCommandShipped, RotterdamVendorsReachTheirCranesUnlessAccessIsRemoved) {
  const fs::path file = fs::path(PORTTWIN_SOURCE_DIR) / "scenarios" / "rotterdam-baseline.yaml";
  if (!fs::exists(file)) GTEST_SKIP() << file << " not there";
  const std::string spread =
      " --set cyber.spread.remote_access.probability=0.8 --set cyber.spread.control.probability=0.9 "
      "--set cyber.spread.data_flow.probability=0.3 --json";
  const Outcome open = run("analyze " + file.string() + spread);
  ASSERT_EQ(open.exit_code, 0) << open.err;
  const json j = parse(open.out);
  EXPECT_EQ(ids(j["reachable"]["zpmc"]), (Ids{"rwg.sts"}));
  EXPECT_EQ(ids(j["reachable"]["crane_vendor_b"]), (Ids{"apmt_mvii.sts", "ect_euromax.sts"}));
  EXPECT_FALSE(j["critical_nodes"].empty());
  ASSERT_EQ(j["sensitive_zones_reachable"].size(), 1U);
  EXPECT_EQ(j["sensitive_zones_reachable"][0]["zone"], "defence_quay");

  const Outcome removed = run("analyze " + file.string() + spread + " --set defences.vendor_access.mode=removed");
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  const json r = parse(removed.out);
  for (const json& entry : r["entry_points"]) {
    if (entry["kind"] == "vendor") {
      EXPECT_TRUE(r["reachable"][entry["id"].get<std::string>()].empty()) << entry;
    }
  }
}

/// Every shipped and test scenario can be analysed, as a report and as JSON.
TEST(AnalyzeCommandShipped, EveryScenarioFileAnalyses) {
  const std::vector<fs::path> files = porttwin::testing::scenario_files();
  if (files.empty()) GTEST_SKIP() << "no scenario files yet";
  for (const fs::path& file : files) {
    const std::string allow = porttwin::testing::allow_shipped_scenarios();
    const Outcome text = run("analyze " + file.string() + allow);
    EXPECT_EQ(text.exit_code, 0) << file << ": " << text.err;
    EXPECT_NE(text.out.find("Critical nodes"), std::string::npos) << file;
    const Outcome js = run("analyze " + file.string() + allow + " --json");
    EXPECT_EQ(js.exit_code, 0) << file << ": " << js.err;
    EXPECT_TRUE(parse(js.out).contains("critical_nodes")) << file;
  }
}

/// A MulVAL attack graph's code-execution hosts become entry points.
TEST(AnalyzeCommandMulval, MappedHostsBecomeEntryPointsAndTheRestAreListed) {
  const std::string src = PORTTWIN_SOURCE_DIR;
  const Outcome o = run("analyze " + src + "/scenarios/terminal-ransomware.yaml --json --mulval " + src +
                        "/tests/data/mulval/VERTICES.CSV --mulval-map tos_server=apmt_rotterdam");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const json j = parse(o.out);
  bool found = false;
  for (const json& e : j["entry_points"]) found = found || (e["id"] == "apmt_rotterdam" && e["reason"] == "mulval");
  EXPECT_TRUE(found) << j["entry_points"].dump();
  EXPECT_TRUE(j["reachable"].contains("apmt_rotterdam"));
  const json& hosts = j["mulval"]["hosts"];
  ASSERT_EQ(hosts.size(), 3U) << hosts.dump();
  EXPECT_EQ(hosts[0]["host"], "tos_server");
  EXPECT_EQ(hosts[0]["node"], "apmt_rotterdam");
  EXPECT_EQ(hosts[1]["host"], "vendor_gateway");
  EXPECT_TRUE(hosts[1]["node"].is_null());
  EXPECT_EQ(hosts[2]["host"], "printer_17");
}

TEST(AnalyzeCommandMulval, AMapToAnUnknownNodeIsAUsageError) {
  const std::string src = PORTTWIN_SOURCE_DIR;
  const Outcome o = run("analyze " + src + "/scenarios/terminal-ransomware.yaml --mulval " + src +
                        "/tests/data/mulval/VERTICES.CSV --mulval-map tos_server=apmt_rotterdm");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("'apmt_rotterdm' is not a node id; did you mean 'apmt_rotterdam'?"), std::string::npos) << o.err;
  const Outcome missing = run("analyze " + src + "/scenarios/terminal-ransomware.yaml --mulval /nonexistent/V.CSV");
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
}

}  // namespace
