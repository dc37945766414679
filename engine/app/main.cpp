// porttwin: the command-line program. Parses arguments, calls the library,
// turns porttwin's exceptions into one line and an exit code.
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/kernel/version.hpp"
#include "porttwin/run/results.hpp"

namespace {

/// Prints a failure (unless another rank reports it) and gives its exit code.
int report_failure(std::exception_ptr failure, const std::string& command) {
  using namespace porttwin::app;
  int code = kExitDataProblem;
  failure = settle_failure(failure, code);
  if (!failure) return code;
  const std::string rank = mpi_size() > 1 && mpi_rank() != 0 ? " (rank " + std::to_string(mpi_rank()) + ")" : "";
  try {
    std::rethrow_exception(failure);
  } catch (const porttwin::run::Interrupted& e) {
    std::fprintf(stderr, "\nporttwin %s%s: %s\n", command.c_str(), rank.c_str(), e.what());
    return kExitInterrupted;
  } catch (const porttwin::UsageError& e) {
    std::fprintf(stderr, "porttwin %s%s: error: %s\n", command.c_str(), rank.c_str(), e.what());
    return kExitUsage;
  } catch (const porttwin::Error& e) {
    std::fprintf(stderr, "porttwin %s%s: error: %s\n", command.c_str(), rank.c_str(), e.what());
    return kExitDataProblem;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "porttwin%s: internal error: %s\n", rank.c_str(), e.what());
    return kExitDataProblem;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace porttwin::app;
  // MPI only when mpirun (or another launcher) started this process.
  std::optional<MpiScope> mpi;
  try {
    mpi.emplace(&argc, &argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "porttwin: error: cannot start MPI: %s\n", e.what());
    return kExitDataProblem;
  }
  CLI::App app{"porttwin: a digital twin of port logistics under cyber disruption"};
  app.name("porttwin");
  app.set_version_flag("--version", std::string(porttwin::version()));
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok; 1 a scenario or data problem, or a run that could not complete\n"
      "(unreadable or unwritable files included); 2 bad arguments or impossible values;\n"
      "130 stopped by Ctrl-C (an ensemble keeps its finished replications: rerun with --resume).\n"
      "Under mpirun, run and sweep spread their replications over the ranks (rank 0 writes the\n"
      "file, the same as one process's); the other commands run on rank 0.\n"
      "Run 'porttwin COMMAND --help' for a command's options and examples.");

  // In the order `porttwin --help` lists them.
  std::vector<std::pair<std::string, CommandFn>> commands;
  commands.emplace_back("run", add_run_command(app));
#ifdef PORTTWIN_HAVE_SWEEP
  commands.emplace_back("sweep", add_sweep_command(app));
#endif
#ifdef PORTTWIN_HAVE_COMPARE
  commands.emplace_back("compare", add_compare_command(app));
#endif
#ifdef PORTTWIN_HAVE_REPORT
  commands.emplace_back("report", add_report_command(app));
#endif
  commands.emplace_back("validate", add_validate_command(app));
  commands.emplace_back("graph", add_graph_command(app));
  commands.emplace_back("analyze", add_analyze_command(app));
  commands.emplace_back("schema", add_schema_command(app));
  commands.emplace_back("phold", add_phold_command(app));

  CommandFn* selected = nullptr;
  for (auto& [name, fn] : commands) {
    app.get_subcommand(name)->final_callback([&selected, &fn = fn] { selected = &fn; });
  }

  std::string known;
  bool is_command = false;
  for (const CLI::App* command : app.get_subcommands({})) {
    known += (known.empty() ? "" : ", ") + command->get_name();
    is_command = is_command || (argc > 1 && command->get_name() == argv[1]);
  }
  // Under MPI, messages about the command line come from rank 0 only.
  const bool speaks = mpi_rank() == 0;
  if (argc > 1 && argv[1][0] != '-' && !is_command) {
    if (speaks) {
      std::fprintf(stderr, "porttwin: error: unknown command '%s' (commands: %s; see 'porttwin --help')\n", argv[1],
                   known.c_str());
    }
    return kExitUsage;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const bool help = dynamic_cast<const CLI::CallForHelp*>(&e) != nullptr ||
                      dynamic_cast<const CLI::CallForAllHelp*>(&e) != nullptr ||
                      dynamic_cast<const CLI::CallForVersion*>(&e) != nullptr;
    if (help) return speaks ? app.exit(e) : 0;
    const auto subcommands = app.get_subcommands();
    const std::string command = subcommands.empty() ? "porttwin" : "porttwin " + subcommands.front()->get_name();
    if (speaks) std::fprintf(stderr, "%s: error: %s (see '%s --help')\n", command.c_str(), e.what(), command.c_str());
    return kExitUsage;
  }

  set_invocation(argc, argv);
  // Under mpirun only run and sweep spread their work; the other commands are rank 0's.
  const std::string name = app.get_subcommands().front()->get_name();
  if (name != "run" && name != "sweep" && idle_rank()) return kExitOk;
  try {
    return selected != nullptr ? (*selected)() : kExitUsage;
  } catch (...) {
    return report_failure(std::current_exception(), name);
  }
}
