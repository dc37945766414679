// The command line as typed, and Ctrl-C during an ensemble (commands.hpp).
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

extern "C" void on_interrupt(int signal) {
  if (run::stop_requested()) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  run::request_stop();
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
  g_previous_int = std::signal(SIGINT, on_interrupt);
  g_previous_term = std::signal(SIGTERM, on_interrupt);
}

StopOnInterrupt::~StopOnInterrupt() {
  std::signal(SIGINT, g_previous_int);
  std::signal(SIGTERM, g_previous_term);
}

}  // namespace porttwin::app
