// run_to_file with a Distributor (run/results.hpp), without MPI: a loopback
// distributor plays rank 0 and a worker in one process. Replications the
// "worker" computes come back as shard bytes, out of order, and the file is
// the one a plain run writes; failures take the paths MPI ranks take.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>

#include "porttwin/io/results_file.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/run/results.hpp"

namespace {

using namespace porttwin;
namespace fs = std::filesystem;

scenario::ScenarioDocument short_ransomware() {
  auto doc =
      scenario::ScenarioDocument::from_file(std::string(PORTTWIN_SOURCE_DIR) + "/scenarios/terminal-ransomware.yaml");
  doc.set("settings.horizon", "20 d");
  doc.set("settings.warmup", "2 d");
  doc.set("cyber.incidents.notpetya.at", "5 d");
  return doc;
}

fs::path temp(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "porttwin-distributed-test";
  fs::create_directories(dir);
  fs::remove_all(dir / (name + ".partial"));
  fs::remove(dir / name);
  return dir / name;
}

/// Rank 0 and one worker in one process: the worker takes every other task
/// and hands its shards back last first.
class Loopback final : public run::Distributor {
 public:
  std::exception_ptr agreed_failure;
  bool fail_a_worker_replication = false;
  std::size_t worker_tasks = 0;

  [[nodiscard]] bool writer() const override { return true; }
  void agree(std::exception_ptr failure) override {
    agreed_ = true;
    agreed_failure = failure;
    if (failure) std::rethrow_exception(failure);
  }
  void run(const Work& work) override {
    std::vector<run::ShardBytes> remote;
    for (std::size_t i = 0; i < work.todo.size(); ++i) {
      if (i % 2 == 1) {
        if (fail_a_worker_replication)
          throw Error("rank 1: replication " + std::to_string(work.todo[i]) + ": it broke");
        remote.push_back(work.compute(work.todo[i]));
      } else {
        (void)work.run_here(work.todo[i]);
      }
    }
    worker_tasks = remote.size();
    std::reverse(remote.begin(), remote.end());
    for (run::ShardBytes& s : remote) work.accept(std::move(s), true);
  }
};

run::EnsembleOptions six() {
  run::EnsembleOptions o;
  o.first = 3;
  o.count = 6;
  o.threads = 2;
  o.run.threads = 0;
  return o;
}

TEST(Distributed, ShardsFromAnotherProcessGiveTheSameFile) {
  const auto doc = short_ransomware();
  run::ResultsOptions plain;
  plain.path = temp("plain.h5").string();
  const run::FileRunResult a = run::run_to_file(doc, six(), plain);

  Loopback loopback;
  run::ResultsOptions spread;
  spread.path = temp("spread.h5").string();
  spread.distributor = &loopback;
  const run::FileRunResult b = run::run_to_file(doc, six(), spread);
  EXPECT_TRUE(loopback.agreed());
  EXPECT_FALSE(loopback.agreed_failure);
  EXPECT_EQ(loopback.worker_tasks, 3U);
  EXPECT_EQ(b.ran, 6U);
  EXPECT_FALSE(fs::exists(spread.path + ".partial"));

  const io::KpiTable ka = io::read_kpi(plain.path);
  const io::KpiTable kb = io::read_kpi(spread.path);
  EXPECT_EQ(ka.replications, kb.replications);
  EXPECT_EQ(ka.names, kb.names);
  ASSERT_EQ(ka.columns.size(), kb.columns.size());
  for (std::size_t f = 0; f < ka.columns.size(); ++f) {
    for (std::size_t r = 0; r < ka.columns[f].size(); ++r) {
      const double x = ka.columns[f][r];
      const double y = kb.columns[f][r];
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << ka.names[f] << " replication " << r;
    }
  }
  ASSERT_EQ(a.points.size(), 1U);
  // Bit for bit (NaN marks an undefined figure, and NaN != NaN).
  ASSERT_EQ(a.points[0].values.size(), b.points[0].values.size());
  for (std::size_t r = 0; r < a.points[0].values.size(); ++r) {
    const std::vector<double>& x = a.points[0].values[r];
    const std::vector<double>& y = b.points[0].values[r];
    ASSERT_EQ(x.size(), y.size());
    EXPECT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(double)), 0) << "replication " << r;
  }
  EXPECT_EQ(a.points[0].events, b.points[0].events);
}

TEST(Distributed, ASetUpFailureIsAgreedOnAndAWorkerFailureLeavesTheShards) {
  const auto doc = short_ransomware();
  {
    // An output in a missing directory: agreed on (so other ranks stop), then rethrown.
    Loopback loopback;
    run::ResultsOptions bad;
    bad.path = (fs::temp_directory_path() / "porttwin-no-such-dir" / "x.h5").string();
    bad.distributor = &loopback;
    EXPECT_THROW((void)run::run_to_file(doc, six(), bad), IoError);
    EXPECT_TRUE(loopback.agreed_failure);
  }
  // A worker's replication fails: no file, rank 0's shards stay for --resume.
  Loopback loopback;
  loopback.fail_a_worker_replication = true;
  run::ResultsOptions broken;
  broken.path = temp("broken.h5").string();
  broken.distributor = &loopback;
  try {
    (void)run::run_to_file(doc, six(), broken);
    ADD_FAILURE() << "the failure was swallowed";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rank 1: replication 1: it broke"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(broken.path));
  EXPECT_FALSE(fs::exists(broken.path + ".tmp"));
  EXPECT_TRUE(fs::exists(broken.path + ".partial/p0000-r0000000003.h5"));
  // --resume without a distributor finishes it: the shards are the same kind.
  broken.distributor = nullptr;
  broken.resume = true;
  const run::FileRunResult done = run::run_to_file(doc, six(), broken);
  EXPECT_EQ(done.kept, 1U);
  EXPECT_EQ(done.ran, 5U);
}

}  // namespace
