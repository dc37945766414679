#!/usr/bin/env bash
# The main job: install what is missing, build the release configuration and
# run porttwin's default job. Until the port model lands, that is the PHOLD
# yardstick (1024 LPs x 16 events, 10% remote, mean 1 s, lookahead 0.1 s).
# Extra arguments go to `porttwin phold`, e.g. scripts/main.sh --json.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target porttwin
exec build/release/porttwin phold --lps 1024 --events-per-lp 16 --remote 0.1 --mean 1 --lookahead 0.1 \
  --end-time 100 "$@"
