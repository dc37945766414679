// The command line as typed, and Ctrl-C during an ensemble (commands.hpp).
#include <unistd.h>

#include <csignal>
#include <string>

#include "commands.hpp"
#include "porttwin/run/results.hpp"

namespace porttwin::app {

namespace {
std::string g_invocation;
using Handler = void (*)(int);
Handler g_previous_int = SIG_DFL;
Handler g_previous_term = SIG_DFL;
volatile std::sig_atomic_t g_speaks = 1;  // under MPI, rank 0 alone tells the user

/// Appends a number's digits (async-signal-safe: no allocation, no locale).
char* put_number(char* at, int n) {
  char digits[16];
  int k = 0;
  do {
    digits[k++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0 && k < 15);
  while (k > 0) *at++ = digits[--k];
  return at;
}

char* put_text(char* at, const char* text) {
  while (*text != '\0') *at++ = *text++;
  return at;
}

extern "C" void on_interrupt(int signal) {
  if (run::stop_requested()) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  run::request_stop();
  if (g_speaks == 0) return;
  // Said at once: the replications in flight may take minutes to finish.
  const int in_flight = run::replications_in_flight();
  char line[200];
  char* at = put_text(line, "\nporttwin: stopping after the ");
  at = put_number(at, in_flight < 0 ? 0 : in_flight);
  at = put_text(at, in_flight == 1 ? " replication in flight" : " replications in flight");
  at = put_text(at, " (finished ones are kept for --resume); Ctrl-C again to stop now\n");
  const ssize_t ignored = ::write(STDERR_FILENO, line, static_cast<std::size_t>(at - line));
  (void)ignored;
}
}  // namespace

const std::string& invocation() { return g_invocation; }

void set_invocation(int argc, char** argv) {
  g_invocation.clear();
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos;
    if (!g_invocation.empty()) g_invocation += ' ';
    if (plain) {
      g_invocation += arg;
    } else {
      g_invocation += '\'';
      for (char c : arg) g_invocation += c == '\'' ? std::string("'\\''") : std::string(1, c);
      g_invocation += '\'';
    }
  }
}

StopOnInterrupt::StopOnInterrupt() {
  g_speaks = mpi_rank() == 0 ? 1 : 0;
  g_previous_int = std::signal(SIGINT, on_interrupt);
  g_previous_term = std::signal(SIGTERM, on_interrupt);
}

StopOnInterrupt::~StopOnInterrupt() {
  std::signal(SIGINT, g_previous_int);
  std::signal(SIGTERM, g_previous_term);
}

}  // namespace porttwin::app
