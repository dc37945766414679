#!/usr/bin/env bash
# Issue 8: rank-0 join (porttwin's design) against parallel HDF5 and per-rank files + virtual
# datasets, on the data shape of real porttwin results files. Not part of the CMake build or
# the test suite; the results and conclusion are in benchmarks/phdf5/README.md.
#
#   benchmarks/phdf5/run.sh
#
# Environment: PORTTWIN (default build/release/porttwin), BUILD
# (default /tmp/phdf5-build), WORK (default /tmp/phdf5-work), RUNS (5), WEEK_N (1000),
# YEAR_N (20), RANKS ("1 2"), METHODS (A,An,A2,B1,B2,C; see phdf5_bench.cpp).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
build=${BUILD:-/tmp/phdf5-build}
work=${WORK:-/tmp/phdf5-work}
runs=${RUNS:-5}
week_n=${WEEK_N:-1000}
year_n=${YEAR_N:-20}
ranks=${RANKS:-"1 2"}
methods=${METHODS:-A,An,A2,B1,B2,C}
porttwin=${PORTTWIN:-build/release/porttwin}
[[ -x $porttwin ]] || porttwin=build/lead/porttwin
py=/usr/bin/python3

# Debian packages: OpenMPI, parallel HDF5 1.10, h5py for the shape files.
need=()
command -v mpicxx >/dev/null || need+=(openmpi-bin libopenmpi-dev)
[[ -f /usr/include/hdf5/openmpi/hdf5.h ]] || need+=(libhdf5-openmpi-dev)
$py -c 'import h5py' 2>/dev/null || need+=(python3-h5py)
if ((${#need[@]})); then
  [[ -f /etc/debian_version ]] || { echo "needs ${need[*]} (Debian packages)" >&2; exit 2; }
  apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
fi
[[ -x $porttwin ]] || { echo "no porttwin binary: build it or set PORTTWIN" >&2; exit 2; }

mkdir -p "$build"
hdf5lib=/usr/lib/$(gcc -dumpmachine)/hdf5/openmpi
mpicxx -std=c++20 -O2 -Wall -Wextra -I/usr/include/hdf5/openmpi "$here/phdf5_bench.cpp" -o "$build/phdf5_bench" \
  -L"$hdf5lib" -lhdf5_hl -lhdf5 -Wl,-rpath,"$hdf5lib"

# Reference files (the options of benchmarks/results.sh week; 100 replications so that the
# copied rows repeat less often than deflate's 32 kB window), and their shapes.
"$porttwin" run scenarios/terminal-ransomware.yaml --set "settings.horizon=7 d" --set "settings.warmup=1 d" \
  --set "cyber.incidents.notpetya.at=2 d" --replications 100 --threads 2 --quiet -o "$build/ref-week.h5" >/dev/null
"$porttwin" run scenarios/rotterdam-baseline.yaml --replications 2 --threads 2 --quiet -o "$build/ref-year.h5" >/dev/null
$py "$here/shape.py" "$build/ref-week.h5" "$build/shape-week"
$py "$here/shape.py" "$build/ref-year.h5" "$build/shape-year"

mpi=(mpirun --oversubscribe --mca btl self,vader)
[[ $(id -u) == 0 ]] && mpi+=(--allow-run-as-root)
rm -rf "$work"
mkdir -p "$work"
log=$build/results.log
: > "$log"
for r in $ranks; do
  "${mpi[@]}" -n "$r" "$build/phdf5_bench" "$build/shape-week" "$week_n" "$runs" "$work" week "$methods" | tee -a "$log"
  "${mpi[@]}" -n "$r" "$build/phdf5_bench" "$build/shape-year" "$year_n" "$runs" "$work" year "$methods" | tee -a "$log"
done
echo
$py - "$log" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1]):
    kind, *rest = line.split(" ", 1)
    if kind not in ("RESULT", "READ", "PROBE"):
        continue
    d = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', rest[0]))
    d["kind"] = kind
    rows.append(d)
names = {"A": "A rank-0 join", "An": "A, numeric only", "A2": "A2 join, raw chunk copy", "B1": "B1 pHDF5 contiguous, independent",
         "B2": "B2 pHDF5 deflate, collective", "C": "C per-rank files + VDS"}
res = [r for r in rows if r["kind"] == "RESULT"]
print("| shape | N | ranks | method | median wall s (min–max) | replications/s | MB written | the file MB |")
print("|---|---:|---:|---|---:|---:|---:|---:|")
for r in res:
    f = float
    the_file = "%.1f" % f(r["file_mb"])
    if r["method"] == "C":
        the_file = "%.2f VDS + %.1f rank files" % (f(r["file_mb"]), f(r["rank_files_mb"]))
    print("| %s | %s | %s | %s | %.3f (%.3f–%.3f) | %.0f | %.1f | %s |" % (r["label"], r["n"], r["R"], names.get(r["method"], r["method"]),
          f(r["median_s"]), f(r["min_s"]), f(r["max_s"]), f(r["reps_per_s"]), f(r["written_mb"]), the_file))
print()
print("Rank 0's serial work in A per replication (µs; receive + shard + append, the last run; with 1 rank also packing):")
print()
print("| shape | ranks | method | receive | shard | append | pack | receive+shard+append | replications/s rank 0 can take |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
for r in res:
    if not r["method"].startswith("A"):
        continue
    v = [float(r[k]) for k in ("join_recv_us", "join_shard_us", "join_append_us", "pack_us")]
    t = v[0] + v[1] + v[2]
    print("| %s | %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |" % (r["label"], r["R"], r["method"], *v, t, 1e6 / t))
print()
print("C: building the VDS file on rank 0, and reading a whole variable (median of 5, warm page cache):")
print()
print("| shape | ranks | VDS build s | mappings | variable | joined file (A) s | through the VDS s | ratio |")
print("|---|---:|---:|---:|---|---:|---:|---:|")
vds = {(r["label"], r["R"]): r for r in res if r["method"] == "C"}
for r in rows:
    if r["kind"] != "READ":
        continue
    c = vds.get((r["label"], r["R"]), {})
    print("| %s | %s | %s | %s | %s | %.5f | %.5f | %.1f |" % (r["label"], r["R"], c.get("vds_create_s", "?"), c.get("vds_mappings", "?"),
          r["var"], float(r["joined_s"]), float(r["vds_s"]), float(r["vds_s"]) / float(r["joined_s"])))
for r in rows:
    if r["kind"] == "PROBE":
        print("\nvariable-length strings with the mpio driver (%s ranks): %s" % (r["R"], r["vlen_parallel_write"].strip('"')))
        break
PY
