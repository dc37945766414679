#!/usr/bin/env bash
# The main job: install what is missing, build the release configuration and
# run the default scenario, a simulated year of a Rotterdam-scale container
# port, printing its key figures and writing its results to
# results/rotterdam-baseline.h5 (docs/results-format.md; `porttwin report
# results/rotterdam-baseline.h5 -o report.html` makes a page of it). Extra
# arguments go to `porttwin run`, e.g.
#   scripts/main.sh --json
#   scripts/main.sh --scheduler parallel --threads 2
#   scripts/main.sh --set traffic.arrivals.deep_sea.rate="40 /d"
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target porttwin porttwin_python
# /usr/bin/python3 imports this build's porttwin package from any directory (a .pth file).
cmake --build --preset release --target porttwin_python_install >/dev/null
mkdir -p results
exec build/release/porttwin run scenarios/rotterdam-baseline.yaml -o results/rotterdam-baseline.h5 "$@"
