// Tests for include/porttwin/io/files.hpp: whole-or-nothing writes that keep
// symlinks, write into devices and FIFOs instead of replacing them, never
// hang on a FIFO nobody reads; results targets; the output lock.
#include "porttwin/io/files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "porttwin/kernel/error.hpp"

namespace {

namespace io = porttwin::io;
namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("porttwin-files-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const porttwin::Error& e) {
    return e.what();
  }
  return "";
}

TEST(Files, DescribeErrnoNamesTheErrorAndCallsENOSPCDiskFull) {
  EXPECT_EQ(io::describe_errno(ENOSPC), "disk full (ENOSPC: No space left on device)");
  EXPECT_EQ(io::describe_errno(ENOENT), "No such file or directory (ENOENT)");
}

TEST(Files, AWriteReplacesAFileWholeAndLeavesNothingBeside) {
  const fs::path dir = fresh_dir("whole");
  const fs::path path = dir / "out.txt";
  io::write_file_atomically(path.string(), std::string_view("first"));
  io::write_file_atomically(path.string(), std::string_view("second"), io::Durability::disk);
  EXPECT_EQ(read(path), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(Files, AWriteThroughASymlinkReplacesItsTargetAndKeepsTheLink) {
  const fs::path dir = fresh_dir("link");
  io::write_file_atomically((dir / "target.txt").string(), std::string_view("old"));
  fs::create_symlink("target.txt", dir / "link.txt");
  io::write_file_atomically((dir / "link.txt").string(), std::string_view("new"));
  EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
  EXPECT_EQ(read(dir / "target.txt"), "new");
}

TEST(Files, ADirectoryOrAMissingDirectoryIsRefused) {
  const fs::path dir = fresh_dir("refused");
  EXPECT_NE(message_of([&] { io::write_file_atomically(dir.string(), std::string_view("x")); }).find("a directory"),
            std::string::npos);
  EXPECT_NE(message_of([&] {
              io::write_file_atomically((dir / "no/such/file").string(), std::string_view("x"));
            }).find("cannot write: no such directory"),
            std::string::npos);
}

TEST(Files, AFifoNobodyReadsIsAnErrorNotAHang) {
  const fs::path dir = fresh_dir("fifo");
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string what = message_of([&] { io::write_file_atomically(fifo.string(), std::string_view("x")); });
  EXPECT_NE(what.find("no process is reading"), std::string::npos) << what;
  // Read, the bytes go through, and the FIFO stays a FIFO.
  std::string received;
  std::thread reader([&] { received = read(fifo); });
  // The reader may not have opened yet: retry until it has.
  for (int attempt = 0; attempt < 500; ++attempt) {
    if (message_of([&] { io::write_file_atomically(fifo.string(), std::string_view("through")); }).empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  reader.join();
  EXPECT_EQ(received, "through");
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(Files, DevNullIsWrittenIntoAndDevFullIsDiskFull) {
  io::write_file_atomically("/dev/null", std::string_view("nothing"));
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  const std::string what = message_of([] { io::write_file_atomically("/dev/full", std::string_view("x")); });
  EXPECT_NE(what.find("disk full (ENOSPC"), std::string::npos) << what;
}

TEST(Files, AResultsTargetMustBeARegularFileInAWritableDirectory) {
  const fs::path dir = fresh_dir("target");
  EXPECT_EQ(io::results_target((dir / "new.h5").string()), (dir / "new.h5").string());
  EXPECT_NE(message_of([] { (void)io::results_target("/dev/null"); }).find("is a device"), std::string::npos);
  EXPECT_NE(message_of([&] { (void)io::results_target(dir.string()); }).find("a directory"), std::string::npos);
  EXPECT_NE(message_of([&] { (void)io::results_target((dir / "no/x.h5").string()); }).find("no such directory"),
            std::string::npos);
  EXPECT_THROW((void)io::results_target(""), porttwin::UsageError);
  io::write_file_atomically((dir / "real.h5").string(), std::string_view("x"));
  fs::create_symlink("real.h5", dir / "alias.h5");
  EXPECT_EQ(io::results_target((dir / "alias.h5").string()), fs::canonical(dir / "real.h5").string());
}

TEST(Files, ASecondLockOfTheSameOutputNamesTheFirstOwner) {
  const fs::path dir = fresh_dir("lock");
  const std::string path = (dir / "results.h5").string();
  io::OutputLock first(path, "porttwin run a.yaml -o results.h5");
  ASSERT_TRUE(first.held());
  EXPECT_TRUE(fs::exists(path + ".lock"));
  const std::string what = message_of([&] { io::OutputLock second(path, "porttwin run b.yaml"); });
  EXPECT_NE(what.find("another porttwin run is writing it"), std::string::npos) << what;
  EXPECT_NE(what.find("process " + std::to_string(::getpid())), std::string::npos) << what;
  EXPECT_NE(what.find("porttwin run a.yaml -o results.h5"), std::string::npos) << what;
  first.release();
  EXPECT_FALSE(fs::exists(path + ".lock"));
  const io::OutputLock again(path, "porttwin run c.yaml");
  EXPECT_TRUE(again.held());
}

}  // namespace
