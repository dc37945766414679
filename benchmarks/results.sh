#!/usr/bin/env bash
# What writing results costs, and a large incident ensemble written to a file.
# Not part of the test suite; benchmarks/README.md keeps the figures.
#
#   benchmarks/results.sh cost [RUNS] [REPLICATIONS]   rotterdam-baseline ensemble with and
#                                                     without -o (hyperfine, default 5 runs, 8 replications)
#   benchmarks/results.sh week [REPLICATIONS]         a one-week incident scenario (terminal-ransomware:
#                                                     7 days, the attack on day 2), default 1000
#                                                     replications on 2 threads, to a file
#   PORTTWIN=path/to/porttwin benchmarks/results.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
porttwin=${PORTTWIN:-build/release/porttwin}
if [[ ! -x $porttwin ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target porttwin >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
threads=${THREADS:-2}

case ${1:-cost} in
  cost)
    runs=${2:-5}
    reps=${3:-8}
    command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
    base="$porttwin run scenarios/rotterdam-baseline.yaml --replications $reps --threads $threads --quiet"
    hyperfine -N -w 1 -r "$runs" --export-json "$out/cost.json" \
      --prepare "rm -f $out/r.h5" "$base" "$base -o $out/r.h5" >/dev/null
    /usr/bin/python3 - "$out/cost.json" "$out/r.h5" "$reps" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))["results"]
plain, written = r[0], r[1]
print("| rotterdam-baseline, %s replications | median wall s | min | max | user CPU s |" % sys.argv[3])
print("|---|---:|---:|---:|---:|")
for name, x in (("without -o", plain), ("with -o", written)):
    print("| %s | %.2f | %.2f | %.2f | %.2f |" % (name, x["median"], x["min"], x["max"], x["user"]))
print()
print("writing costs %.1f%% of the run's wall time (medians), %.1f%% of its CPU; file %.1f MB"
      % (100 * (written["median"] / plain["median"] - 1), 100 * (written["user"] / plain["user"] - 1),
         os.path.getsize(sys.argv[2]) / 1e6 if os.path.exists(sys.argv[2]) else float("nan")))
PY
    ;;
  week)
    reps=${2:-1000}
    file=$out/week.h5
    start=$(date +%s.%N)
    /usr/bin/time -f "%e %M" -o "$out/time" "$porttwin" run scenarios/terminal-ransomware.yaml \
      --set "settings.horizon=7 d" --set "settings.warmup=1 d" --set "cyber.incidents.notpetya.at=2 d" \
      --replications "$reps" --threads "$threads" --quiet --json -o "$file" > "$out/week.json"
    /usr/bin/python3 - "$out/week.json" "$out/time" "$file" <<'PY'
import json, os, sys
j = json.load(open(sys.argv[1]))
wall, rss_kb = open(sys.argv[2]).read().split()
wall = float(wall)
size = os.path.getsize(sys.argv[3])
print("| replications | threads | wall s | events | events/s | file MB | bytes per replication | peak RSS MB |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
print("| %d | %d | %.1f | %.3g | %.3g | %.1f | %.0f | %.0f |" % (j["replications"], j["threads"], wall, j["events"],
      j["events"] / wall, size / 1e6, size / j["replications"], int(rss_kb) / 1024))
d = j["figures"]["vessel_delay_h"]
print("\nvessel_delay_h mean %.0f, 95%% CI [%.0f, %.0f]" % (d["mean"], d["ci95"][0], d["ci95"][1]))
PY
    ;;
  *) echo "usage: benchmarks/results.sh cost|week [...]" >&2; exit 2 ;;
esac
