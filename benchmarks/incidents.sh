#!/usr/bin/env bash
# What an incident run costs over a plain run: the cyber layer plus a
# baseline port run of the same replication (side by side on oneTBB), and
# `porttwin analyze`. Medians of several runs with hyperfine (Debian's
# package), printed as a Markdown table; benchmarks/README.md keeps the
# figures. Not part of the test suite.
#
#   benchmarks/incidents.sh [RUNS]          (default 7)
#   PORTTWIN=path/to/porttwin benchmarks/incidents.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
porttwin=${PORTTWIN:-build/release/porttwin}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
if [[ ! -x $porttwin ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target porttwin >/dev/null
fi
json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine -N -w 1 -r "$runs" --export-json "$json" \
  "$porttwin run scenarios/rotterdam-baseline.yaml --set settings.horizon=70d" \
  "$porttwin run scenarios/terminal-ransomware.yaml" \
  "$porttwin run scenarios/crane-vendor-compromise.yaml" \
  "$porttwin run scenarios/nzkg-information-sharing.yaml" \
  "$porttwin analyze scenarios/crane-vendor-compromise.yaml" >/dev/null
/usr/bin/python3 - "$json" <<'PY'
import json, sys
print("| command | median wall ms | mean user CPU ms |")
print("|---|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    cmd = r["command"].split("porttwin ", 1)[1]
    print("| `porttwin %s` | %.1f | %.1f |" % (cmd, r["median"] * 1e3, r["user"] * 1e3))
PY
