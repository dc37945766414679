#!/usr/bin/env bash
# One simulated year of each baseline scenario: wall time, events/s and peak
# memory for the sequential scheduler and the parallel one at 1 and 2
# threads, medians of several runs, printed as a Markdown table
# (benchmarks/README.md keeps the figures). Not part of the test suite.
#
#   benchmarks/port_year.sh [RUNS]          (default 5 runs per figure)
#   PORTTWIN=path/to/porttwin benchmarks/port_year.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
porttwin=${PORTTWIN:-build/release/porttwin}
if [[ ! -x $porttwin ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target porttwin >/dev/null
fi

# medians SCENARIO ARGS...: "wall_s events_per_s_millions peak_MiB events windows trace" over $runs runs.
medians() {
  local scenario=$1
  shift
  for ((i = 0; i < runs; i++)); do
    "$porttwin" run "$scenario" "$@" --json
  done | /usr/bin/python3 -c '
import json, statistics, sys
text = sys.stdin.read()
decoder, runs, pos = json.JSONDecoder(), [], 0
while pos < len(text):
    while pos < len(text) and text[pos].isspace(): pos += 1
    if pos >= len(text): break
    obj, pos = decoder.raw_decode(text, pos)
    runs.append(obj)
med = lambda key: statistics.median(r[key] for r in runs)
traces = {r["trace_hash"] for r in runs}
assert len(traces) == 1, "runs differ: %s" % traces
first = runs[0]
print("%.3f %.2f %.0f %d %d %s" % (med("wall_seconds"), med("events_per_second") / 1e6,
      med("peak_rss_bytes") / 2**20, first["events"], first["windows"], first["trace_hash"]))'
}

echo "| scenario | scheduler | threads | wall s (median of $runs) | events/s (M) | peak RSS MiB | events | windows | trace |"
echo "|---|---|---|---|---|---|---|---|---|"
for scenario in scenarios/rotterdam-baseline.yaml scenarios/amsterdam-nzkg-baseline.yaml; do
  name=$(basename "$scenario" .yaml)
  for config in "sequential 1" "parallel 1" "parallel 2"; do
    set -- $config
    read -r wall eps rss events windows trace < <(medians "$scenario" --scheduler "$1" --threads "$2")
    echo "| $name | $1 | $2 | $wall | $eps | $rss | $events | $windows | $trace |"
  done
done
