// Tests `porttwin graph` as a user runs it: formats, -o written all or
// nothing, --set overrides reaching the graph, exit codes, and the shipped
// scenarios, whose graphs were counted by hand from their YAML.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;

using porttwin::testing::Outcome;

/// stdout and stderr kept apart, so that JSON or GraphML on stdout stays clean.
Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, false); }

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The GraphML key id of node attribute `name`, e.g. "d4".
std::string key_id(const std::string& graphml, const std::string& name) {
  const std::size_t at = graphml.find("\" for=\"node\" attr.name=\"" + name + "\"");
  if (at == std::string::npos) return "?";
  const std::size_t begin = graphml.rfind("<key id=\"", at) + 9;
  return graphml.substr(begin, at - begin);
}

bool is_xml(const std::string& text) {
  try {
    boost::property_tree::ptree tree;
    std::istringstream in(text);
    boost::property_tree::read_xml(in, tree);
    return tree.count("graphml") == 1;
  } catch (const std::exception&) {
    return false;
  }
}

// The small port of tests/data/scenarios/small-port.yaml (its header gives
// the node and edge counts the tests expect).
std::string small_port() {
  std::ifstream in(std::string(PORTTWIN_SOURCE_DIR) + "/tests/data/scenarios/small-port.yaml");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class GraphCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("porttwin-graph-cli-" + std::to_string(::getpid()) + "-" + std::string(info->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    scenario_ = write("port.yaml", small_port());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
  std::string scenario_;
};

TEST_F(GraphCommand, GraphmlOnStandardOutputHasTheHandCountedNodesAndEdges) {
  const Outcome o = run("graph " + scenario_ + " --format graphml");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(is_xml(o.out)) << o.out;
  EXPECT_EQ(occurrences(o.out, "<node id="), 16U);
  EXPECT_EQ(occurrences(o.out, "<edge id="), 22U);
  EXPECT_EQ(occurrences(o.out, ">remote_access</data>"), 1U);
  EXPECT_EQ(occurrences(o.out, ">control</data>"), 3U);
  EXPECT_EQ(occurrences(o.out, ">service</data>"), 3U);
  EXPECT_EQ(occurrences(o.out, ">data_flow</data>"), 11U);
  EXPECT_EQ(occurrences(o.out, ">physical_flow</data>"), 4U);
  EXPECT_NE(o.out.find(">Quay &quot;A&quot; &lt;&amp;&gt;</data>"), std::string::npos) << "the zone's name, escaped";
  EXPECT_NE(o.out.find("<node id=\"box.sts\">"), std::string::npos);
  EXPECT_TRUE(o.err.empty()) << o.err;
}

TEST_F(GraphCommand, DotToAFileIsWrittenWholeAndSummarised) {
  const fs::path out = dir_ / "port.dot";
  const Outcome o = run("graph " + scenario_ + " --format dot -o " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("16 nodes, 22 edges written to " + out.string()), std::string::npos) << o.out;
  const std::string dot = read_file(out);
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  EXPECT_EQ(occurrences(dot, "\" -> \""), 22U);
  EXPECT_NE(dot.find("subgraph \"cluster_defence\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"Quay \\\"A\\\" <&>\""), std::string::npos) << dot;
  EXPECT_EQ(listing(), (std::vector<std::string>{"port.dot", "port.yaml"})) << "no temporary file left";
}

TEST_F(GraphCommand, AnExistingOutputFileIsReplaced) {
  const fs::path out = dir_ / "port.graphml";
  write("port.graphml", "old contents that are longer than nothing");
  const Outcome o = run("graph " + scenario_ + " --format graphml -o " + out.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(is_xml(read_file(out)));
}

TEST_F(GraphCommand, DashAsOutputMeansStandardOutput) {
  const Outcome o = run("graph " + scenario_ + " --format dot -o -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(occurrences(o.out, "\" -> \""), 22U);
  EXPECT_FALSE(fs::exists("-")) << "no file named '-' in the working directory";
}

TEST_F(GraphCommand, SetOverrideReachesTheGraph) {
  const Outcome o =
      run("graph " + scenario_ + " --format graphml --set terminals.box.cranes.sts.remote_maintenance=false");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(occurrences(o.out, ">remote_access</data>"), 0U) << "the vendor's link is gone";
  EXPECT_EQ(occurrences(o.out, "<edge id="), 21U);
}

TEST_F(GraphCommand, OutputInAMissingDirectoryIsAnIoErrorAndWritesNothing) {
  const fs::path out = dir_ / "no_such_dir" / "port.graphml";
  const Outcome o = run("graph " + scenario_ + " --format graphml -o " + out.string());
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(o.err.find(out.string() + ": cannot write: no such directory"), std::string::npos) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << "one line: " << o.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(listing(), (std::vector<std::string>{"port.yaml"}));
}

TEST_F(GraphCommand, OutputOntoADirectoryFailsAndLeavesNoTemporaryFile) {
  fs::create_directories(dir_ / "taken");
  const Outcome o = run("graph " + scenario_ + " --format dot -o " + (dir_ / "taken").string());
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(o.err.find("cannot write"), std::string::npos) << o.err;
  EXPECT_TRUE(fs::is_directory(dir_ / "taken"));
  EXPECT_EQ(listing(), (std::vector<std::string>{"port.yaml", "taken"}));
}

TEST_F(GraphCommand, FormatIsRequiredAndChecked) {
  const Outcome missing = run("graph " + scenario_);
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("--format"), std::string::npos) << missing.err;
  const Outcome wrong = run("graph " + scenario_ + " --format svg");
  EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
  EXPECT_NE(wrong.err.find("svg"), std::string::npos) << wrong.err;
}

TEST_F(GraphCommand, UnknownDependencyIdIsAScenarioProblem) {
  std::string text = small_port();
  text += "  - {from: portbase, to: nowhere_known, type: data_flow}\n";
  const std::string bad = write("bad.yaml", text);
  const Outcome o = run("graph " + bad + " --format graphml -o " + (dir_ / "out.graphml").string());
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_NE(o.err.find("nowhere_known"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.graphml"));
}

TEST_F(GraphCommand, MissingScenarioFileIsExitOne) {
  const Outcome o = run("graph " + (dir_ / "absent.yaml").string() + " --format dot");
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

TEST(GraphCommandHelp, ShowsExamples) {
  const Outcome o = run("graph --help");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("Examples:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("--format"), std::string::npos) << o.out;
}

// scenarios/rotterdam-baseline.yaml, counted by hand from the file (only
// figures that survive edits to its traffic section):
// nodes: 4 zones + 3 institutions + 7 terminals + 24 berths + 7 crane groups +
// 7 yard blocks + 7 gates + 4 lines + 3 hinterland operators + 3 vendors +
// 2 platforms = 71.
// edges: control 21 (3 per terminal); service 24 berths + 2 declared = 26;
// remote_access 3 (the apmt_mvii, ect_euromax and rwg cranes); data_flow 32
// PCS (16 partners, both ways) + 1 declared (two declared repeat PCS edges)
// = 33; the 3 hinterland operators serve all 7 terminals, which all load
// exports: 21 edges each way. Maersk's classes call only at the APM terminals.
TEST(GraphCommandShipped, RotterdamBaselineHasTheHandCountedGraph) {
  const fs::path file = fs::path(PORTTWIN_SOURCE_DIR) / "scenarios" / "rotterdam-baseline.yaml";
  if (!fs::exists(file)) GTEST_SKIP() << file << " not there";
  const Outcome o = run("graph " + file.string() + " --format graphml");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(is_xml(o.out));
  EXPECT_EQ(occurrences(o.out, "<node id="), 71U);
  EXPECT_EQ(occurrences(o.out, ">control</data>"), 21U);
  EXPECT_EQ(occurrences(o.out, ">service</data>"), 26U);
  EXPECT_EQ(occurrences(o.out, ">remote_access</data>"), 3U);
  EXPECT_EQ(occurrences(o.out, ">data_flow</data>"), 33U);
  EXPECT_EQ(occurrences(o.out, ">declared</data>"), 3U);
  EXPECT_EQ(occurrences(o.out, ">terminal_feeds_hinterland</data>"), 21U);
  EXPECT_EQ(occurrences(o.out, ">hinterland_feeds_terminal</data>"), 21U);
  for (const char* link : {"source=\"zpmc\" target=\"rwg.sts\"", "source=\"crane_vendor_b\" target=\"apmt_mvii.sts\"",
                           "source=\"crane_vendor_b\" target=\"ect_euromax.sts\"",
                           "source=\"maersk\" target=\"apmt_mvii\"", "source=\"apmt_rotterdam\" target=\"maersk\""}) {
    EXPECT_NE(o.out.find(link), std::string::npos) << link;
  }
  EXPECT_EQ(o.out.find("source=\"maersk\" target=\"ect_delta\""), std::string::npos);
  EXPECT_EQ(occurrences(o.out, "<data key=\"" + key_id(o.out, "sensitive") + "\">true</data>"), 2U)
      << "the defence zone and its berth";
}

/// Every shipped and test scenario can be drawn, in both formats.
TEST(GraphCommandShipped, EveryScenarioFileGraphsInBothFormats) {
  const std::vector<fs::path> files = porttwin::testing::scenario_files();
  if (files.empty()) GTEST_SKIP() << "no scenario files yet";
  for (const fs::path& file : files) {
    const std::string allow = porttwin::testing::allow_shipped_scenarios();
    const Outcome graphml = run("graph " + file.string() + allow + " --format graphml");
    EXPECT_EQ(graphml.exit_code, 0) << file << ": " << graphml.err;
    EXPECT_TRUE(is_xml(graphml.out)) << file;
    EXPECT_GT(occurrences(graphml.out, "<node id="), 3U) << file;
    const Outcome dot = run("graph " + file.string() + allow + " --format dot");
    EXPECT_EQ(dot.exit_code, 0) << file << ": " << dot.err;
    EXPECT_EQ(occurrences(dot.out, "\" -> \""), occurrences(graphml.out, "<edge id=")) << file;
  }
}

}  // namespace
