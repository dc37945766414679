// The small tree of exceptions a porttwin user may catch.
//
//   porttwin::Error            anything porttwin reports to a user
//   ├── UsageError             bad arguments or impossible settings (CLI exit code 2)
//   ├── SimulationError        a run that cannot go on: a model broke a kernel rule
//   │                          (message inside the lookahead, negative delay, ...),
//   │                          reported with the LP, the simulated time and the event
//   ├── ScenarioError          a scenario file or override that is not valid; the
//   │                          message holds every problem, one per line, each as
//   │                          file:line:column: what was expected, what was found
//   └── IoError                a file that cannot be read or written
// Bugs in porttwin itself are assertions, not members of this tree.
#pragma once

#include <stdexcept>
#include <string>

namespace porttwin {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class UsageError : public Error {
 public:
  using Error::Error;
};

class SimulationError : public Error {
 public:
  using Error::Error;
};

class ScenarioError : public Error {
 public:
  using Error::Error;
};

class IoError : public Error {
 public:
  using Error::Error;
};

}  // namespace porttwin
