// `porttwin sweep`: bad grids and arguments are usage errors before anything
// runs; a bad value at one point names the point. (The results it writes are
// read back in tests/python/test_results_file.py.)
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_runner.hpp"

namespace {

using porttwin::testing::run_porttwin;
namespace fs = std::filesystem;

const std::string kScenario = std::string(PORTTWIN_SOURCE_DIR) + "/scenarios/mmc-validation.yaml";

std::string out_path(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("porttwin-sweep-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::remove_all(dir / (name + ".partial"));
  return (dir / name).string();
}

struct BadSweep {
  std::string arguments;
  int code;
  std::string message;
};

class SweepBad : public ::testing::TestWithParam<BadSweep> {};

TEST_P(SweepBad, FailsClearlyAndWritesNothing) {
  const std::string out = out_path("bad.h5");
  const auto r = run_porttwin("sweep " + kScenario + " -o " + out + " " + GetParam().arguments, false);
  EXPECT_EQ(r.exit_code, GetParam().code) << r.err;
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

INSTANTIATE_TEST_SUITE_P(
    Cli, SweepBad,
    ::testing::Values(BadSweep{"--vary settings.seed", 2, "--vary expects PATH=V1,V2"},
                      BadSweep{"--vary settings.seed=1,,2", 2, "an empty value"},
                      BadSweep{"--vary settings.seed=1,2 --vary settings.seed=3", 2, "given twice"},
                      BadSweep{"--vary settings.seed=1 --replications 0", 2,
                               "--replications must be between 1 and 1000000"},
                      BadSweep{"--vary settings.seed=1 --threads 0", 2, "--threads"},
                      BadSweep{"--vary settings.nosuch=1,2", 1, "nosuch"},
                      BadSweep{"--vary 'settings.horizon=60 d,-5 d'", 1, "sweep point settings.horizon=-5 d"},
                      BadSweep{"--vary settings.seed=1 --figures nosuch", 2, "no key figure 'nosuch'"}));

TEST(SweepCli, MissingVaryOrOutputIsAUsageError) {
  auto r = run_porttwin("sweep " + kScenario + " -o " + out_path("x.h5"), false);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--vary"), std::string::npos) << r.err;
  r = run_porttwin("sweep " + kScenario + " --vary settings.seed=1,2", false);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--output"), std::string::npos) << r.err;
}

TEST(SweepCli, ValuesSplitOutsideBracketsAndPrintEveryPoint) {
  const std::string out = out_path("grid.h5");
  const auto r =
      run_porttwin("sweep " + kScenario + " --set 'settings.horizon=20 d' --set 'settings.warmup=2 d' " +
                       "--vary 'settings.seed=1,2' --vary 'name=\"a,b\",c' --replications 2 --quiet -o " + out,
                   false);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("4 points x 2 replications"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("point 1: settings.seed=1, name=c"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("point 2: settings.seed=2, name=\"a,b\""), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".partial"));
}

}  // namespace
