// Runs the porttwin program (PORTTWIN_CLI) as a user would, for the command
// tests in tests/app: exit code, stdout, stderr.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace porttwin::testing {

struct Outcome {
  int exit_code = -1;
  std::string out;  ///< stdout (and stderr too when merged)
  std::string err;  ///< stderr, when kept apart
};

/// Runs `porttwin <arguments>`. With merge_stderr, stderr joins stdout (as a
/// terminal shows them); otherwise it goes through a file so that stdout
/// stays clean (JSON, GraphML).
inline Outcome run_porttwin(const std::string& arguments, bool merge_stderr) {
  namespace fs = std::filesystem;
  static int calls = 0;
  const fs::path err_file = fs::temp_directory_path() /
                            ("porttwin-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++calls) + ".err");
  const std::string redirect = merge_stderr ? " 2>&1" : " 2>" + err_file.string();
  const std::string command = std::string(PORTTWIN_CLI) + " " + arguments + redirect;
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) outcome.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!merge_stderr) {
    std::ifstream err(err_file);
    outcome.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
    std::error_code ignored;
    fs::remove(err_file, ignored);
  }
  return outcome;
}

#ifdef PORTTWIN_SOURCE_DIR
/// The option a test scenario needs to read the shipped scenario it starts
/// from: tests/data/scenarios/*.yaml name `base: ../../../scenarios/...`,
/// outside their own directory tree, which a scenario may read only when
/// allowed. (Shipped scenarios need nothing: their bases are beside them.)
inline std::string allow_shipped_scenarios() {
  return " --allow-path " + std::string(PORTTWIN_SOURCE_DIR) + "/scenarios";
}

/// Every shipped and test scenario file (scenarios/, tests/data/scenarios/).
inline std::vector<std::filesystem::path> scenario_files() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const fs::path& dir :
       {fs::path(PORTTWIN_SOURCE_DIR) / "scenarios", fs::path(PORTTWIN_SOURCE_DIR) / "tests" / "data" / "scenarios"}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
  }
  return files;
}
#endif

}  // namespace porttwin::testing
