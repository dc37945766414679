// `porttwin validate` and `porttwin run` give every scenario the same verdict:
// what validate accepts, run runs (exit 0); what validate refuses, run
// refuses too, both with file:line:column. Every check run can make before
// simulating is made by validate, so a scenario never passes one and fails
// the other. Checked on every shipped scenario, every scenario shown in the
// docs, and every file under tests/data (the bad corpus included).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using porttwin::testing::Outcome;

const fs::path kSource = PORTTWIN_SOURCE_DIR;

Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, true); }

std::vector<fs::path> yaml_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Whether `text` holds "FILE:LINE:COLUMN: " somewhere (a non-empty name
/// without spaces or colons, then two numbers). Scanned by hand: GCC 12's
/// std::regex trips -Wmaybe-uninitialized under the sanitizer build.
bool has_position(const std::string& text) {
  const auto digits = [&](std::size_t at) {
    std::size_t end = at;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    return end;
  };
  for (std::size_t colon = text.find(':'); colon != std::string::npos; colon = text.find(':', colon + 1)) {
    if (colon == 0 || text[colon - 1] == ' ' || text[colon - 1] == '\n' || text[colon - 1] == '\t') continue;
    const std::size_t line_end = digits(colon + 1);
    if (line_end == colon + 1 || line_end >= text.size() || text[line_end] != ':') continue;
    const std::size_t column_end = digits(line_end + 1);
    if (column_end == line_end + 1 || column_end + 1 >= text.size()) continue;
    if (text[column_end] == ':' && text[column_end + 1] == ' ') return true;
  }
  return false;
}

/// validate and run of `file` with the same arguments agree.
void expect_same_verdict(const fs::path& file, const std::string& arguments) {
  SCOPED_TRACE(file.string());
  const std::string args = "'" + file.string() + "'" + arguments;
  const Outcome validate = run("validate " + args);
  const Outcome simulate = run("run " + args);
  if (validate.exit_code == 0) {
    EXPECT_EQ(simulate.exit_code, 0) << "validate said valid, run refused:\n" << simulate.out;
    return;
  }
  EXPECT_EQ(validate.exit_code, 1) << validate.out;
  EXPECT_NE(simulate.exit_code, 0) << "validate refused, run ran:\n" << validate.out;
  EXPECT_TRUE(has_position(validate.out)) << validate.out;
  EXPECT_TRUE(has_position(simulate.out)) << simulate.out;
}

// A short run of each: a few days, no warm-up (the same for both commands).
const std::string kShort = " --set 'settings.horizon=2 d' --set 'settings.warmup=0 h'";

TEST(Verdict, EveryShippedScenarioIsValidAndRuns) {
  const std::vector<fs::path> files = yaml_in(kSource / "scenarios");
  ASSERT_GE(files.size(), 8U);
  for (const fs::path& file : files) {
    expect_same_verdict(file, kShort);
    EXPECT_EQ(run("validate '" + file.string() + "'").exit_code, 0) << file;
  }
}

TEST(Verdict, EveryTestScenarioGetsTheSameVerdictFromBoth) {
  for (const fs::path& file : yaml_in(kSource / "tests/data/scenarios")) {
    expect_same_verdict(file, porttwin::testing::allow_shipped_scenarios() + kShort);
  }
}

// Whole files as written (their own horizon): a bad file's problem may be
// its horizon (horizon-below-a-tick.yaml), which an override would hide.
TEST(Verdict, EveryBadFileIsRefusedByBothWithAPosition) {
  const std::vector<fs::path> files = yaml_in(kSource / "tests/data/bad");
  ASSERT_GE(files.size(), 40U);
  for (const fs::path& file : files) {
    expect_same_verdict(file, "");
    EXPECT_NE(run("validate '" + file.string() + "'").exit_code, 0) << file << " is in the bad corpus";
  }
}

/// The ```yaml blocks of a Markdown file.
std::vector<std::string> yaml_blocks(const fs::path& markdown) {
  std::ifstream in(markdown);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  std::vector<std::string> out;
  for (std::size_t open = s.find("```yaml\n"); open != std::string::npos; open = s.find("```yaml\n", open + 1)) {
    const std::size_t start = open + 8;
    const std::size_t close = s.find("\n```", start);
    if (close == std::string::npos) break;
    out.push_back(s.substr(start, close - start + 1));
  }
  return out;
}

TEST(Verdict, EveryScenarioShownInTheDocsGetsTheSameVerdictAndTheMinimalOneRuns) {
  const fs::path dir = fs::temp_directory_path() / ("porttwin-verdict-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<fs::path> markdown = {kSource / "README.md", kSource / "bindings/README.md",
                                    kSource / "scenarios/README.md"};
  for (const auto& entry : fs::directory_iterator(kSource / "docs")) {
    if (entry.path().extension() == ".md") markdown.push_back(entry.path());
  }
  int blocks = 0;
  for (const fs::path& md : markdown) {
    if (!fs::exists(md)) continue;
    int i = 0;
    for (const std::string& block : yaml_blocks(md)) {
      const fs::path file = dir / (md.stem().string() + "-" + std::to_string(++i) + ".yaml");
      std::ofstream(file) << block;
      expect_same_verdict(file, "");
      ++blocks;
    }
  }
  EXPECT_GE(blocks, 1);
  // The reference's minimal scenario is meant to be copied: it must be valid.
  const fs::path minimal = dir / "scenario-reference-1.yaml";
  EXPECT_EQ(run("validate '" + minimal.string() + "'").exit_code, 0);
  fs::remove_all(dir);
}

}  // namespace
