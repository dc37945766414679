// Tests `porttwin schema`: the reference printed from the parameter table, as
// text or Markdown (the latter is what docs/scenario-reference.md holds).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_runner.hpp"

namespace {

using porttwin::testing::Outcome;

Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, true); }

TEST(SchemaCommand, TextListsEveryParameterWithItsFacts) {
  const Outcome o = run("schema");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("settings.horizon  (duration; unit s, min, h, d, wk, yr; default 365 d; (0 h, 50 yr])"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("terminals.<id>.berths.<id>.length"), std::string::npos);
  EXPECT_NE(o.out.find("Limits:"), std::string::npos);
}

TEST(SchemaCommand, MarkdownIsWhatTheDocsHold) {
  const Outcome o = run("schema --format markdown");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  std::ifstream in(std::string(PORTTWIN_SOURCE_DIR) + "/docs/scenario-reference.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const std::size_t marker = text.find("<!-- generated from the parameter table");
  ASSERT_NE(marker, std::string::npos);
  EXPECT_EQ(text.substr(text.find('\n', marker) + 1), o.out);
  EXPECT_NE(o.out.find("| `settings.seed` | integer |"), std::string::npos) << o.out;
}

TEST(SchemaCommand, FiguresInMarkdownAreWhatTheDocsHold) {
  const Outcome o = run("schema --figures --format markdown");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  std::ifstream in(std::string(PORTTWIN_SOURCE_DIR) + "/docs/key-figures.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const std::size_t marker = text.find("<!-- generated from the figure table");
  ASSERT_NE(marker, std::string::npos);
  EXPECT_EQ(text.substr(text.find('\n', marker) + 1), o.out);
  EXPECT_NE(o.out.find("| `backlog_cleared_h` | h |"), std::string::npos) << o.out;
}

TEST(SchemaCommand, AnUnknownFormatIsBadUsage) {
  const Outcome o = run("schema --format html");
  EXPECT_EQ(o.exit_code, 2) << o.out;
}

}  // namespace
