#!/usr/bin/env bash
# Every test: install what is missing, then build and run the whole suite
# twice, as CI does: optimised with warnings as errors (then clang-tidy over
# the engine), and under the address and undefined-behaviour sanitizers (also
# warnings as errors); then the threaded parts under ThreadSanitizer, and the
# scenario fuzzer briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# Formatting first: a second, not a build, to learn of it.
scripts/check-format.sh

jobs=$(nproc)
for preset in ci-release ci-asan; do
  echo "=== ${preset}: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  if [[ $preset == ci-release ]]; then
    # /usr/bin/python3 imports this build's porttwin package from any directory (a .pth file).
    cmake --build --preset "$preset" --target porttwin_python_install
  fi
  echo "=== ${preset}: test"
  ctest --preset "$preset" -j "$jobs"
  if [[ $preset == ci-release ]]; then
    # Static checks on the engine's sources, from this build's compile commands.
    echo "=== clang-tidy: engine/"
    scripts/tidy.sh "build/$preset"
  fi
done

# ThreadSanitizer on what shares state between threads: the kernel's schedulers
# and replication runner, the results writer, the ensemble runner and its sinks.
echo "=== tsan: kernel, io and run tests"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target porttwin scheduler_test ensemble_test phold_test io_files_test \
  io_hdf5_test io_results_file_test run_runner_test run_ensemble_test run_distributed_test
ctest --preset tsan -j "$jobs" -R '^(Scheduler|Parallel|Ensemble|RunReplications|Phold|Files|Hdf5|ResultsFile|Runner|Figures|Distributed)\.'

# The scenario layer's fuzz target (libFuzzer, clang), briefly, from its seed corpus.
echo "=== fuzz"
tests/fuzz/run.sh
