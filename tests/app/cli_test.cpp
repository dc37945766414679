// Tests the porttwin program (engine/app) as a user runs it: exit codes,
// the --json contract of `porttwin phold`, one-line errors for bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"

namespace {

using porttwin::testing::Outcome;

Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, true); }

int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

const char* const kSmall = "phold --lps 128 --events-per-lp 4 --end-time 20 ";

TEST(PholdCommand, JsonHasTheContractKeys) {
  const Outcome o = run(std::string(kSmall) + "--json");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const auto json = nlohmann::json::parse(o.out);
  for (const char* key : {"committed_events", "events_per_second", "wall_seconds", "trace_hash", "peak_pending_events",
                          "windows", "threads", "scheduler"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["scheduler"], "sequential");
  EXPECT_EQ(json["peak_pending_events"], 128 * 4);
  EXPECT_GT(json["committed_events"].get<long>(), 0);
}

TEST(PholdCommand, TraceHashIsTheSameForEverySchedulerAndThreadCount) {
  const auto hash = [](const std::string& extra) {
    const Outcome o = run(std::string(kSmall) + "--json " + extra);
    EXPECT_EQ(o.exit_code, 0) << o.out;
    return nlohmann::json::parse(o.out)["trace_hash"].get<std::string>();
  };
  const std::string expected = hash("--scheduler sequential");
  EXPECT_EQ(hash("--scheduler parallel --threads 1"), expected);
  EXPECT_EQ(hash("--scheduler parallel --threads 2"), expected);
  EXPECT_EQ(hash("--scheduler parallel --threads 4"), expected);
}

TEST(PholdCommand, ParallelRunCountsWindows) {
  const Outcome o = run(std::string(kSmall) + "--scheduler parallel --threads 2 --json");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const auto json = nlohmann::json::parse(o.out);
  EXPECT_GT(json["windows"].get<long>(), 100) << "20 s in windows of 0.1 s";
  EXPECT_EQ(json["scheduler"], "parallel");
  EXPECT_EQ(json["threads"], 2);
}

TEST(PholdCommand, HumanSummaryNamesTheFigures) {
  const Outcome o = run(kSmall);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  for (const char* label : {"committed events", "events per second", "peak pending", "trace hash"}) {
    EXPECT_NE(o.out.find(label), std::string::npos) << label;
  }
}

struct BadInput {
  const char* arguments;
  const char* message;
};

class PholdBadInput : public ::testing::TestWithParam<BadInput> {};

std::string bad_input_name(const ::testing::TestParamInfo<BadInput>& info) {
  std::string name;
  for (const char* c = info.param.arguments; *c != '\0'; ++c) {
    if (std::isalnum(static_cast<unsigned char>(*c)) != 0) name += *c;
    if (*c == ' ' && !name.empty() && name.back() != '_') name += '_';
  }
  return name + "_" + std::to_string(info.index);
}

TEST_P(PholdBadInput, GivesOneLineAndExitCodeTwo) {
  const Outcome o = run(std::string("phold ") + GetParam().arguments);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_EQ(line_count(o.out), 1) << o.out;
  EXPECT_NE(o.out.find(GetParam().message), std::string::npos) << o.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, PholdBadInput,
    ::testing::Values(BadInput{"--lps 0", "lps must be between 1 and"}, BadInput{"--lps -4", "--lps must be >= 0"},
                      BadInput{"--lps many", "--lps"}, BadInput{"--mean -1", "mean must be > 0"},
                      BadInput{"--remote 1.5", "remote must be a probability in [0, 1]"},
                      BadInput{"--remote -0.1", "remote must be a probability in [0, 1]"},
                      BadInput{"--lookahead 0 --scheduler parallel", "the parallel scheduler needs lookahead > 0"},
                      BadInput{"--scheduler fastest", "--scheduler"},
                      BadInput{"--threads 0", "--threads must be between 1 and 4096"},
                      BadInput{"--replications 0", "--replications must be between"},
                      BadInput{"--end-time 0", "end-time must be > 0"}, BadInput{"--no-such-flag", "no-such-flag"},
                      BadInput{"--lps 16000000 --events-per-lp 1000000", "GiB"}),
    bad_input_name);

TEST(Cli, HelpExitsZeroAndShowsExamplesAndExitCodes) {
  const Outcome top = run("--help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("Exit codes"), std::string::npos);
  const Outcome phold = run("phold --help");
  EXPECT_EQ(phold.exit_code, 0);
  EXPECT_NE(phold.out.find("Examples:"), std::string::npos);
  EXPECT_NE(phold.out.find("--lookahead"), std::string::npos);
}

TEST(Cli, NoCommandIsAUsageError) {
  const Outcome o = run("");
  EXPECT_EQ(o.exit_code, 2) << o.out;
}

TEST(Cli, UnknownCommandIsAUsageError) {
  const Outcome o = run("fly");
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_EQ(line_count(o.out), 1) << o.out;
  EXPECT_NE(o.out.find("unknown command 'fly'"), std::string::npos) << o.out;
}

}  // namespace
