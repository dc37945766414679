// `porttwin compare`: paired intervals under common random numbers, Welch's
// otherwise, and clear errors for files that are not finished results.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace {

using porttwin::testing::run_porttwin;
namespace fs = std::filesystem;

const std::string kScenario = std::string(PORTTWIN_SOURCE_DIR) + "/scenarios/mmc-validation.yaml";

class CompareCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("porttwin-compare-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string base = kScenario + " --set 'settings.horizon=60 d' --set 'settings.warmup=5 d' --quiet ";
    ASSERT_EQ(run_porttwin("run " + base + "--replications 4 -o " + (dir_ / "a.h5").string(), false).exit_code, 0);
    // More service: shorter waits, same seeds.
    ASSERT_EQ(
        run_porttwin(
            "run " + base +
                "--replications 4 --set terminals.mmc.berths.quay.count=4 --set terminals.mmc.cranes.sts.count=4 -o " +
                (dir_ / "b.h5").string(),
            false)
            .exit_code,
        0);
    ASSERT_EQ(
        run_porttwin("run " + base + "--replications 4 --seed 99 -o " + (dir_ / "c.h5").string(), false).exit_code, 0);
  }
  static fs::path dir_;
};
fs::path CompareCli::dir_;

TEST_F(CompareCli, SameSeedsArePairedAndAFileEqualsItself) {
  const auto r =
      run_porttwin("compare " + (dir_ / "a.h5").string() + " " + (dir_ / "a.h5").string() + " --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["paired"].get<bool>());
  for (const auto& [name, f] : j["figures"].items()) {
    if (f["difference"].is_null()) continue;
    EXPECT_EQ(f["difference"].get<double>(), 0.0) << name;
    EXPECT_FALSE(f["significant"].get<bool>()) << name;
  }
}

TEST_F(CompareCli, AnotherSeedIsWelch) {
  const auto r =
      run_porttwin("compare " + (dir_ / "a.h5").string() + " " + (dir_ / "c.h5").string() + " --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["paired"].get<bool>());
  EXPECT_EQ(j["b"]["seed"].get<long long>(), 99);
}

TEST_F(CompareCli, TheDifferenceIsTheMeanOfThePairedDifferences) {
  const auto r =
      run_porttwin("compare " + (dir_ / "a.h5").string() + " " + (dir_ / "b.h5").string() + " --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& w = j["figures"]["mean_wait_h"];
  EXPECT_NEAR(w["difference"].get<double>(), w["b_mean"].get<double>() - w["a_mean"].get<double>(), 1e-9);
  EXPECT_LT(w["difference"].get<double>(), 0.0);  // more berths, less waiting
  EXPECT_LE(w["ci95"][0].get<double>(), w["difference"].get<double>());
  EXPECT_GE(w["ci95"][1].get<double>(), w["difference"].get<double>());
  const auto text = run_porttwin("compare " + (dir_ / "a.h5").string() + " " + (dir_ / "b.h5").string(), false);
  EXPECT_NE(text.out.find("paired over the same replications and seed"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("mean_wait_h"), std::string::npos);
}

TEST_F(CompareCli, WhatIsNotAFinishedResultsFileIsRefused) {
  const fs::path text = dir_ / "text.h5";
  std::ofstream(text) << "not hdf5";
  auto r = run_porttwin("compare " + (dir_ / "a.h5").string() + " " + text.string(), false);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(text.string() + ": not an HDF5 file"), std::string::npos) << r.err;
  r = run_porttwin("compare " + (dir_ / "a.h5").string() + " " + (dir_ / "missing.h5").string(), false);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("No such file"), std::string::npos) << r.err;
  r = run_porttwin("compare " + (dir_ / "a.h5").string() + " " + (dir_ / "a.h5").string() + " --point-b 3", false);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no group /point_003/kpi"), std::string::npos) << r.err;
  r = run_porttwin("compare " + (dir_ / "a.h5").string(), false);
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
