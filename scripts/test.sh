#!/usr/bin/env bash
# Every test: install what is missing, then build and run the whole suite
# twice, as CI does: optimised with warnings as errors, and under the address
# and undefined-behaviour sanitizers (also warnings as errors).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

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
done

# The scenario layer's fuzz target (libFuzzer, clang), briefly, from its seed corpus.
echo "=== fuzz"
tests/fuzz/run.sh
