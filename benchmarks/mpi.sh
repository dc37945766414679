#!/usr/bin/env bash
# Distributed ensembles over MPI: strong scaling on this machine, and what rank 0's merge costs.
# Not part of the test suite; benchmarks/README.md keeps the figures.
#
#   benchmarks/mpi.sh scaling [REPLICATIONS] [RUNS]   the one-week incident ensemble (as
#                     `results.sh week`), default 1000 replications, written to a file: one
#                     process on 1 thread (no MPI), mpirun -n 1 and -n 2 with 1 thread per rank,
#                     one process on 2 threads; hyperfine medians of RUNS runs (default 3)
#   benchmarks/mpi.sh scaling-long [REPLICATIONS] [RUNS]   the same with terminal-ransomware as
#                     shipped (70 days, about 0.4 s a replication), default 100 replications
#   benchmarks/mpi.sh cost [REPLICATIONS]            a national-study replication (terminal-ransomware
#                     as shipped: 70 days) on 2 ranks: seconds per
#                     replication on one thread, rank 0's merge seconds per replication received,
#                     shard and file bytes per replication; default 20 replications
#   PORTTWIN=path/to/porttwin benchmarks/mpi.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
porttwin=${PORTTWIN:-build/release/porttwin}
if [[ ! -x $porttwin ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target porttwin >/dev/null
fi
command -v mpirun >/dev/null || { echo "needs OpenMPI (apt-get install openmpi-bin libopenmpi-dev)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mpirun=(mpirun --oversubscribe --mca btl self,vader)
if [[ $(id -u) -eq 0 ]]; then mpirun+=(--allow-run-as-root); fi
week=(scenarios/terminal-ransomware.yaml --set "settings.horizon=7 d" --set "settings.warmup=1 d"
      --set "cyber.incidents.notpetya.at=2 d")

case ${1:-scaling} in
  scaling | scaling-long)
    if [[ $1 == scaling-long ]]; then
      week=(scenarios/terminal-ransomware.yaml)
      what="terminal-ransomware (70 d)"
      reps=${2:-100}
    else
      what="the one-week incident"
      reps=${2:-1000}
    fi
    runs=${3:-3}
    command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
    quoted=$(printf '%q ' "${week[@]}")
    base="run $quoted --replications $reps --quiet -o $out/f.h5"
    hyperfine -N -r "$runs" --export-json "$out/scaling.json" --prepare "rm -rf $out/f.h5 $out/f.h5.partial" \
      -n "1 process, 1 thread" "$porttwin $base --threads 1" \
      -n "mpirun -n 1, 1 thread" "${mpirun[*]} -n 1 $porttwin $base --threads 1" \
      -n "mpirun -n 2, 1 thread per rank" "${mpirun[*]} -n 2 $porttwin $base --threads 1" \
      -n "1 process, 2 threads" "$porttwin $base --threads 2" >/dev/null
    /usr/bin/python3 - "$out/scaling.json" "$reps" "$what" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
one = r[0]["median"]
print("| %s replications of %s, to a file | median wall s | min | max | speed-up |" % (sys.argv[2], sys.argv[3]))
print("|---|---:|---:|---:|---:|")
for x in r:
    print("| %s | %.2f | %.2f | %.2f | %.2f |" % (x["command"], x["median"], x["min"], x["max"], one / x["median"]))
PY
    ;;
  cost)
    reps=${2:-20}
    "${mpirun[@]}" -n 2 "$porttwin" run scenarios/terminal-ransomware.yaml --replications "$reps" --threads 1 \
      --quiet --json -o "$out/n.h5" > "$out/two.json"
    "$porttwin" run scenarios/terminal-ransomware.yaml --replications "$reps" --threads 1 --quiet --json \
      > "$out/plain.json"
    # One shard, as rank 0 stores it (the partial directory goes once the file is whole).
    "$porttwin" run scenarios/terminal-ransomware.yaml --replications 1 --threads 1 --quiet -o "$out/s.h5" >/dev/null &
    pid=$!
    shard=
    while kill -0 $pid 2>/dev/null; do
      shard=$(ls "$out"/s.h5.partial/p*.h5 2>/dev/null | head -1 || true)
      if [[ -n $shard ]]; then stat -c %s "$shard" > "$out/shard"; break; fi
      sleep 0.02
    done
    wait $pid
    /usr/bin/python3 - "$out/two.json" "$out/plain.json" "$out/shard" "$reps" <<'PY'
import json, os, sys
two, plain = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
shard = int(open(sys.argv[3]).read()) if os.path.exists(sys.argv[3]) else float("nan")
reps = int(sys.argv[4])
per_rep = plain["wall_seconds"] / reps
merge = two["merge_seconds"] / max(1, two["replications_merged"])
print("| terminal-ransomware (70 d), %d replications | value |" % reps)
print("|---|---:|")
print("| seconds per replication, 1 thread, no file | %.3f |" % per_rep)
print("| rank 0's merge per replication received (store the shard, join it) | %.4f s |" % merge)
print("| merge / replication | %.1f %% |" % (100 * merge / per_rep))
print("| shard bytes per replication (uncompressed) | %.2f MB |" % (shard / 1e6))
print("| file bytes per replication (deflate) | %.2f MB |" % (two["file_bytes"] / reps / 1e6))
print("| 2 ranks x 1 thread: wall s, replications received by rank 0 | %.2f, %d |" % (two["wall_seconds"], two["replications_merged"]))
PY
    ;;
  *) echo "usage: benchmarks/mpi.sh scaling|cost [...]" >&2; exit 2 ;;
esac
