#!/usr/bin/env bash
# PHOLD events/s for the kernel's schedulers and the ensemble runner, medians
# of several runs, printed as a Markdown table (benchmarks/README.md keeps the
# figures). Not part of the test suite: it takes a few minutes.
#
#   benchmarks/phold.sh [RUNS]          (default 5 runs per figure)
#   PORTTWIN=path/to/porttwin benchmarks/phold.sh
#
# Cases (issue 3): (a) 1024 LPs x 16 events, (b) 16384 LPs x 16 events; both
# 10% remote, mean 1.0 s, lookahead 0.1 s. Single runs use end time 100 s for
# (a) and 20 s for (b); ensembles run 8 replications of (a) at 20 s and 4 of
# (b) at 10 s, so that every figure takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
porttwin=${PORTTWIN:-build/release/porttwin}
if [[ ! -x $porttwin ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target porttwin >/dev/null
fi

# median_eps ARGS...: median events/s over $runs runs, in millions.
median_eps() {
  for ((i = 0; i < runs; i++)); do
    "$porttwin" phold "$@" --json
  done | /usr/bin/python3 -c '
import json, statistics, sys
text = sys.stdin.read()
decoder, rates, pos = json.JSONDecoder(), [], 0
while pos < len(text):
    while pos < len(text) and text[pos].isspace(): pos += 1
    if pos >= len(text): break
    obj, pos = decoder.raw_decode(text, pos)
    rates.append(obj["events_per_second"])
print(f"{statistics.median(rates) / 1e6:.2f}")'
}

common="--events-per-lp 16 --remote 0.1 --mean 1.0 --lookahead 0.1"
declare -A lps=([a]=1024 [b]=16384)
declare -A end=([a]=100 [b]=20)
declare -A ens_end=([a]=20 [b]=10)
declare -A ens_reps=([a]=8 [b]=4)

echo "| case | sequential | parallel 1 thr | parallel 2 thr | par. 2/1 | ensemble 1 thr | ensemble 2 thr | ens. 2/1 |"
echo "|---|---|---|---|---|---|---|---|"
for c in a b; do
  base="--lps ${lps[$c]} $common"
  seq=$(median_eps $base --end-time "${end[$c]}" --scheduler sequential)
  p1=$(median_eps $base --end-time "${end[$c]}" --scheduler parallel --threads 1)
  p2=$(median_eps $base --end-time "${end[$c]}" --scheduler parallel --threads 2)
  e1=$(median_eps $base --end-time "${ens_end[$c]}" --replications "${ens_reps[$c]}" --threads 1)
  e2=$(median_eps $base --end-time "${ens_end[$c]}" --replications "${ens_reps[$c]}" --threads 2)
  ratio() { /usr/bin/python3 -c "print(f'{$1 / $2:.2f}x')"; }
  echo "| ($c) ${lps[$c]} LPs | $seq | $p1 | $p2 | $(ratio "$p2" "$p1") | $e1 | $e2 | $(ratio "$e2" "$e1") |"
done
echo
echo "Million committed events per second, median of $runs runs; $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores."
