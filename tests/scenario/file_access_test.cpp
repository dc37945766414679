// The files a scenario reads besides itself (`base:`, CSV timetables): only
// regular files, only in the scenario's own directory tree or a directory
// the user allowed, refused before they are opened. The cases a repository
// cannot hold (FIFOs, symbolic links out of the tree) are made here; the
// others are in tests/data/bad.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>

#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/document.hpp"

namespace porttwin::scenario {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = PORTTWIN_SOURCE_DIR;

const char* const kPort = R"(terminals:
  t:
    berths:
      b: {length: 300 m, depth: 15 m}
    cranes:
      c: {count: 2, productivity: 30 moves/h}
    gates:
      g: {lanes: 2, truck_handling: 5 min}
traffic:
  arrivals:
    s: {process: poisson, rate: 4 /d}
  vessel_classes:
    v: {arrivals: s, call_size: 500 moves, length: 200 m, draught: 12 m}
)";

std::string messages(const ScenarioDocument& doc) {
  std::string out;
  for (const Diagnostic& d : doc.problems()) out += d.to_string() + "\n";
  return out;
}

class FileAccess : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("porttwin-files-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "scenario");
    // Messages name resolved paths; the temporary directory may itself be a link.
    dir_ = fs::canonical(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const fs::path& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string fifo(const fs::path& name) const {
    const fs::path p = dir_ / name;
    EXPECT_EQ(::mkfifo(p.c_str(), 0600), 0);
    return p.string();
  }
  /// Loads `file`, failing the test (instead of hanging it) if that takes
  /// more than a few seconds: a reader blocked on a FIFO is then released
  /// by opening the FIFO for writing.
  ScenarioDocument load(const std::string& file, const std::string& release_fifo = "") const {
    auto loading = std::async(std::launch::async, [&] { return ScenarioDocument::from_file(file); });
    if (loading.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "loading " << file << " blocked";
      if (!release_fifo.empty()) ::close(::open(release_fifo.c_str(), O_WRONLY | O_NONBLOCK));
    }
    return loading.get();
  }

  fs::path dir_;
};

TEST_F(FileAccess, ABaseThatIsAFifoIsRefusedWithoutWaitingForAWriter) {
  const std::string pipe = fifo("scenario/pipe.yaml");
  const std::string file = write("scenario/port.yaml", "name: x\nbase: pipe.yaml\n");
  const ScenarioDocument doc = load(file, pipe);
  EXPECT_EQ(messages(doc), file +
                               ":2:7: base: expected a readable scenario file; cannot read 'pipe.yaml': it is a FIFO "
                               "(named pipe), not a regular file\n");
}

TEST_F(FileAccess, AScenarioFileThatIsAFifoIsAnIoErrorNotAHang) {
  const std::string pipe = fifo("scenario/port.yaml");
  auto loading = std::async(std::launch::async, [&] {
    try {
      (void)ScenarioDocument::from_file(pipe);
    } catch (const IoError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  });
  if (loading.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    ADD_FAILURE() << "reading a FIFO blocked";
    ::close(::open(pipe.c_str(), O_WRONLY | O_NONBLOCK));
  }
  EXPECT_EQ(loading.get(), "cannot read scenario file '" + pipe + "': it is a FIFO (named pipe), not a regular file");
}

TEST_F(FileAccess, ACsvTimetableThatIsAFifoIsRefused) {
  const std::string pipe = fifo("scenario/times.csv");
  std::string text = "name: x\n" + std::string(kPort);
  text.replace(text.find("    s: {"), 0, "    listed: {process: csv, file: times.csv}\n");
  const std::string file = write("scenario/port.yaml", text);
  const ScenarioDocument doc = load(file, pipe);
  EXPECT_NE(
      messages(doc).find(":12:34: traffic.arrivals.listed.file: expected a readable CSV file; cannot read '" +
                         (dir_ / "scenario/times.csv").string() + "': it is a FIFO (named pipe), not a regular file\n"),
      std::string::npos)
      << messages(doc);
}

TEST_F(FileAccess, ASymbolicLinkOutOfTheTreeIsRefusedBeforeItIsOpened) {
  write("secret.yaml", "name: secret\n" + std::string(kPort));
  fs::create_symlink(dir_ / "secret.yaml", dir_ / "scenario/innocent.yaml");
  const std::string file = write("scenario/port.yaml", "name: x\nbase: innocent.yaml\n");
  const ScenarioDocument doc = ScenarioDocument::from_file(file);
  EXPECT_EQ(messages(doc),
            file + ":2:7: base: expected a file in the scenario's directory tree '" + (dir_ / "scenario").string() +
                "'; found 'innocent.yaml', which leads (through a symbolic link) to '" +
                (dir_ / "secret.yaml").string() + "', outside it; to read it, allow its directory: --allow-path '" +
                dir_.string() + "' (in Python: allow_paths=['" + dir_.string() + "'])\n");
}

TEST_F(FileAccess, ADirectoryLinkOutOfTheTreeIsCaughtForCsvFilesToo) {
  fs::create_directories(dir_ / "elsewhere");
  write("elsewhere/times.csv", "time,class\n10 h,v\n");
  fs::create_directory_symlink(dir_ / "elsewhere", dir_ / "scenario/data");
  std::string text = "name: x\n" + std::string(kPort);
  text.replace(text.find("    s: {"), 0, "    listed: {process: csv, file: data/times.csv}\n");
  const std::string file = write("scenario/port.yaml", text);
  const ScenarioDocument doc = ScenarioDocument::from_file(file);
  EXPECT_NE(messages(doc).find("found 'data/times.csv', which leads (through a symbolic link) to '" +
                               (dir_ / "elsewhere/times.csv").string() + "', outside it"),
            std::string::npos)
      << messages(doc);
  // Allowed, the same file is read.
  EXPECT_TRUE(ScenarioDocument::from_file(file, {(dir_ / "elsewhere").string()}).valid());
}

TEST_F(FileAccess, AllowPathsLetAScenarioReadOutsideItsTree) {
  const std::string week = (kSource / "tests/data/scenarios/rotterdam-week.yaml").string();
  const ScenarioDocument refused = ScenarioDocument::from_file(week);
  ASSERT_EQ(refused.problems().size(), 1U) << messages(refused);
  EXPECT_NE(refused.problems().front().message.find("--allow-path '" + fs::canonical(kSource / "scenarios").string()),
            std::string::npos)
      << messages(refused);
  const ScenarioDocument allowed = ScenarioDocument::from_file(week, {(kSource / "scenarios").string()});
  EXPECT_TRUE(allowed.valid()) << messages(allowed);
}

TEST_F(FileAccess, FilesInTheTreeAndBelowItNeedNoAllowPath) {
  fs::create_directories(dir_ / "scenario/data");
  write("scenario/data/times.csv", "time,class\n10 h,v\n");
  write("scenario/base.yaml", std::string(kPort));
  std::string text =
      "name: x\nbase: ./base.yaml\ntraffic:\n  arrivals:\n    listed: {process: csv, file: "
      "data/../data/times.csv}\n";
  const ScenarioDocument doc = ScenarioDocument::from_file(write("scenario/port.yaml", text));
  EXPECT_TRUE(doc.valid()) << messages(doc);
}

TEST_F(FileAccess, AScenarioGivenAsTextReadsOnlyBelowItsBaseDir) {
  write("times.csv", "time,class\n10 h,v\n");
  std::string text = "name: x\n" + std::string(kPort);
  text.replace(text.find("    s: {"), 0, "    listed: {process: csv, file: ../times.csv}\n");
  const ScenarioDocument refused = ScenarioDocument::from_string(text, "text.yaml", (dir_ / "scenario").string());
  EXPECT_NE(messages(refused).find("found '../times.csv', outside it"), std::string::npos) << messages(refused);
  const ScenarioDocument allowed =
      ScenarioDocument::from_string(text, "text.yaml", (dir_ / "scenario").string(), {dir_.string()});
  EXPECT_TRUE(allowed.valid()) << messages(allowed);
}

TEST(ShippedScenarios, ReadTheirBasesAndTimetablesWithoutAllowPaths) {
  for (const auto& entry : fs::directory_iterator(kSource / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const ScenarioDocument doc = ScenarioDocument::from_file(entry.path().string());
    EXPECT_TRUE(doc.valid()) << messages(doc);
  }
}

}  // namespace
}  // namespace porttwin::scenario
