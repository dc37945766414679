// MPI for the command line (commands.hpp): which rank this is, the
// distributor, and which rank reports a failure. Without MPI in the build,
// one process and nothing to agree on.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "porttwin/io/files.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/run/results.hpp"

#ifdef PORTTWIN_HAVE_MPI
#include "porttwin/dist/mpi.hpp"
#endif

namespace porttwin::app {

namespace {
#ifdef PORTTWIN_HAVE_MPI
std::optional<dist::Session> g_session;
std::unique_ptr<run::Distributor> g_distributor;
bool g_distributing = false;  // a command called distribute()
#endif
}  // namespace

MpiScope::MpiScope([[maybe_unused]] int* argc, [[maybe_unused]] char*** argv) {
#ifdef PORTTWIN_HAVE_MPI
  if (!dist::launched_by_mpi()) return;
  g_session.emplace(argc, argv);
  if (g_session->size() > 1) g_distributor = dist::make_distributor(MPI_COMM_WORLD);
#endif
}

MpiScope::~MpiScope() {
#ifdef PORTTWIN_HAVE_MPI
  g_distributor.reset();
  g_session.reset();
#endif
}

int mpi_rank() {
#ifdef PORTTWIN_HAVE_MPI
  if (g_session) return g_session->rank();
#endif
  return 0;
}

int mpi_size() {
#ifdef PORTTWIN_HAVE_MPI
  if (g_session) return g_session->size();
#endif
  return 1;
}

run::Distributor* distribute() {
#ifdef PORTTWIN_HAVE_MPI
  if (g_distributor) {
    g_distributing = true;
    return g_distributor.get();
  }
#endif
  return nullptr;
}

bool idle_rank() { return mpi_rank() != 0; }

long long default_threads_per_rank(long long single_process_default) {
#ifdef PORTTWIN_HAVE_MPI
  if (g_session) return dist::default_threads();
#endif
  return single_process_default;
}

std::exception_ptr settle_failure(std::exception_ptr failure, int& code) {
  try {
    std::rethrow_exception(failure);
  } catch (const run::Stopped& e) {
    code = e.exit_code();  // another rank reports why
    return nullptr;
  } catch (...) {
  }
#ifdef PORTTWIN_HAVE_MPI
  if (g_distributor && g_distributing && !g_distributor->agreed()) {
    // Failed before its set-up was agreed on: agree now (the other ranks are
    // in the same call, from their own failure or from run_to_file).
    try {
      g_distributor->agree(failure);
    } catch (const run::Stopped& e) {
      code = e.exit_code();
      return nullptr;
    } catch (...) {
      return std::current_exception();
    }
  }
  // Failures before a command distributes its work are the same on every
  // rank (the same arguments and files): rank 0 reports them.
  if (mpi_rank() != 0) {
    code = dist::exit_code(failure);
    return nullptr;
  }
#else
  (void)code;
#endif
  return failure;
}

TemporaryDirectory::~TemporaryDirectory() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void TemporaryDirectory::create() {
  // Read on the thread that starts the run; porttwin never sets the environment.
  const char* base = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe)
  std::string pattern = (base != nullptr && *base != '\0') ? base : "/tmp";
  pattern.append("/porttwin-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw IoError(pattern + ": cannot create a temporary directory: " + io::describe_errno(errno));
  }
  path_ = pattern;
}

std::string TemporaryDirectory::file(const std::string& name) const {
  return path_.empty() ? std::string() : path_ + "/" + name;
}

}  // namespace porttwin::app
