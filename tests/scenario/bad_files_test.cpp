// The corpus of bad scenario files (tests/data/bad/): each NAME.yaml has one
// class of problem and NAME.expected the exact diagnostics it must give, one
// per line, file names relative to tests/data/bad.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "porttwin/scenario/document.hpp"

namespace porttwin::scenario {
namespace {

const std::filesystem::path kBad = std::filesystem::path(PORTTWIN_SOURCE_DIR) / "tests/data/bad";

std::vector<std::string> bad_files() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kBad)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

/// Diagnostics as `porttwin validate` prints them, paths relative to the
/// corpus (the corpus directory itself, which messages about files outside
/// it name, is '.').
std::string diagnostics_of(const std::string& name) {
  const ScenarioDocument doc = ScenarioDocument::from_file((kBad / (name + ".yaml")).string());
  std::string out;
  for (Diagnostic d : doc.problems()) {
    std::string line = d.to_string();
    replace_all(line, kBad.string() + "/", "");
    replace_all(line, kBad.string(), ".");
    out += line + "\n";
  }
  return out;
}

class BadFile : public ::testing::TestWithParam<std::string> {};

TEST_P(BadFile, GivesExactlyTheExpectedDiagnostics) {
  const std::string name = GetParam();
  const std::filesystem::path expected = kBad / (name + ".expected");
  ASSERT_TRUE(std::filesystem::exists(expected)) << "no " << expected;
  EXPECT_EQ(diagnostics_of(name), read(expected));
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadFile, ::testing::ValuesIn(bad_files()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string n = param.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(BadCorpus, CoversEveryProblemClassOfTheIssue) {
  const std::vector<std::string> names = bad_files();
  for (const char* required :
       {"unknown-key", "wrong-type", "dangling-reference", "vessel-fits-no-berth", "zero-rate",
        "probability-outside-range", "shares-not-summing", "absurd-count", "malformed-yaml", "bad-unit", "missing-csv",
        "malformed-csv", "billion-laughs", "deep-nesting", "several-problems",
        // issue 15: inputs that reach outside, hang, or break messages
        "base-outside-tree", "csv-outside-tree", "base-not-a-scenario", "missing-base", "unknown-key-escapes",
        "long-value", "csv-long-line", "invalid-utf8", "csv-invalid-utf8", "huge-number", "event-ceiling-rate",
        "event-ceiling-trucks", "event-ceiling-timetable", "trucks-per-call", "container-terminal-without-gates",
        "horizon-below-a-tick", "lead-below-message-latency", "company-without-supplier", "self-dependency",
        "zone-and-node-share-an-id", "economy-feedback-at-one"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
}

TEST(BadCorpus, AFileWithSeveralProblemsReportsEveryOne) {
  const std::string out = diagnostics_of("several-problems");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 5) << out;
}

}  // namespace
}  // namespace porttwin::scenario
