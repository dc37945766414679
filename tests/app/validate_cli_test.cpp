// Tests `porttwin validate` as a user runs it: exit codes 0 (valid, with a
// one-line summary), 1 (scenario problems, each file:line:column: message),
// 2 (bad arguments).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "cli_runner.hpp"

namespace {

using porttwin::testing::Outcome;

Outcome run(const std::string& arguments) { return porttwin::testing::run_porttwin(arguments, true); }

const std::string kSource = PORTTWIN_SOURCE_DIR;
const std::string kMmc = kSource + "/scenarios/mmc-validation.yaml";
const std::string kBad = kSource + "/tests/data/bad/";

TEST(ValidateCommand, AValidScenarioExitsZeroWithASummary) {
  const Outcome o = run("validate " + kMmc);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(o.out, kMmc +
                       ": valid: 1 terminal, 3 berths, 3 cranes, 1 yard block, 0 gates, 1 vessel class, "
                       "1 arrival stream, 1 hinterland operator, 0 companies, 0 declared dependencies; about 53 "
                       "thousand events per run\n");
}

TEST(ValidateCommand, EveryProblemIsPrintedWithItsPositionAndExitIsOne) {
  const Outcome o = run("validate " + kBad + "several-problems.yaml");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find(kBad + "several-problems.yaml:2:21: settings.horizon: expected a duration"), std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find(kBad + "several-problems.yaml:15:19: traffic.vessel_classes.v.arrivals:"), std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("porttwin validate: 5 problems in "), std::string::npos) << o.out;
}

TEST(ValidateCommand, SetOverridesAreCheckedLikeTheFile) {
  const Outcome ok = run("validate " + kMmc + " --set settings.seed=7 --set 'traffic.arrivals.ships.rate=3 /d'");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  const Outcome bad = run("validate " + kMmc + " --set 'traffic.arrivals.ships.rate=3'");
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find("--set:1:1: traffic.arrivals.ships.rate: expected a rate with a unit"), std::string::npos)
      << bad.out;
}

TEST(ValidateCommand, SetOptionsMayComeBeforeTheFileAndAllApply) {
  const Outcome o = run("validate --set 'traffic.arrivals.ships.rate=3' --set settings.seed=x " + kMmc);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("--set:1:1: traffic.arrivals.ships.rate:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("--set:1:1: settings.seed: expected an integer >= 0; found 'x'"), std::string::npos) << o.out;
}

TEST(ValidateCommand, SetCanRepairTheFile) {
  const Outcome o = run("validate " + kBad + "zero-rate.yaml --set 'traffic.arrivals.s.rate=2 /d'");
  EXPECT_EQ(o.exit_code, 0) << o.out;
}

TEST(ValidateCommand, AnUnknownSetPathSuggestsTheClosestOne) {
  const Outcome o = run("validate " + kMmc + " --set traffic.vessel_classes.vesel.share=0.3");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_EQ(o.out,
            "porttwin validate: error: unknown parameter 'traffic.vessel_classes.vesel.share'; did you mean "
            "'traffic.vessel_classes.vessel.share'?\n");
}

TEST(ValidateCommand, ASetWithoutEqualsIsBadUsage) {
  const Outcome o = run("validate " + kMmc + " --set settings.seed");
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_NE(o.out.find("--set expects PATH=VALUE"), std::string::npos) << o.out;
}

TEST(ValidateCommand, AMissingFileArgumentIsBadUsage) {
  const Outcome o = run("validate");
  EXPECT_EQ(o.exit_code, 2) << o.out;
}

TEST(ValidateCommand, AFileThatCannotBeReadIsNamed) {
  const Outcome o = run("validate /nonexistent/port.yaml");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("cannot read scenario file '/nonexistent/port.yaml'"), std::string::npos) << o.out;
}

TEST(ValidateCommand, HelpShowsExamples) {
  const Outcome o = run("validate --help");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("Examples:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("--set"), std::string::npos) << o.out;
}

TEST(ValidateCommand, AFileOutsideTheScenariosDirectoryTreeIsReadOnlyWithAllowPath) {
  // rotterdam-week.yaml names base: ../../../scenarios/rotterdam-baseline.yaml.
  const std::string week = kSource + "/tests/data/scenarios/rotterdam-week.yaml";
  const Outcome refused = run("validate " + week);
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find(week + ":4:7: base: expected a file in the scenario's directory tree"), std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("--allow-path '"), std::string::npos) << refused.out;
  const Outcome allowed = run("validate " + week + " --allow-path " + kSource + "/scenarios");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
}

TEST(ValidateCommand, AnAllowPathThatIsNotADirectoryIsBadUsage) {
  const Outcome o = run("validate " + kMmc + " --allow-path " + kMmc);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_NE(o.out.find("--allow-path expects a directory"), std::string::npos) << o.out;
}

TEST(ScenarioOptions, EveryCommandThatReadsAScenarioTakesAllowPath) {
  const std::string week = kSource + "/tests/data/scenarios/rotterdam-week.yaml --allow-path " + kSource + "/scenarios";
  for (const char* command : {"validate", "graph --format dot", "analyze", "run"}) {
    const Outcome o =
        run(std::string(command) + " " + week + " --set 'settings.horizon=1 d' --set 'settings.warmup=0 h'");
    EXPECT_EQ(o.exit_code, 0) << command << ": " << o.out;
  }
  for (const char* command : {"validate", "graph", "analyze", "run", "sweep"}) {
    const Outcome help = run(std::string(command) + " --help");
    EXPECT_NE(help.out.find("--allow-path"), std::string::npos) << command;
  }
}

}  // namespace
