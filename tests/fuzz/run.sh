#!/usr/bin/env bash
# Builds the scenario fuzz target with clang and runs it briefly from the
# seed corpus (every test and shipped scenario, the bad-file corpus, and a few
# --set seeds). Exits non-zero if the fuzzer finds a crash, leak, hang or
# sanitizer report; the reproducer is left in the build directory.
#
#   tests/fuzz/run.sh                 # 60 s in build/fuzz
#   FUZZ_SECONDS=600 BUILD_DIR=/tmp/f tests/fuzz/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-60}
build=${BUILD_DIR:-build/fuzz}

cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build"

corpus="$build/corpus"
mkdir -p "$corpus"
cp tests/data/scenarios/*.yaml tests/data/bad/*.yaml scenarios/*.yaml "$corpus/"
printf '#set traffic.vessel_classes.vessel.share=0.3\n' | cat - scenarios/mmc-validation.yaml >"$corpus/set-share.yaml"
printf '#set settings.seed=7\n' | cat - scenarios/mmc-validation.yaml >"$corpus/set-seed.yaml"
printf '#set customs.release={dist: uniform, min: 1 h, max: 3 h}\n' | cat - scenarios/mmc-validation.yaml \
  >"$corpus/set-dist.yaml"

echo "=== fuzz: scenario_fuzzer for ${seconds} s"
cd "$build"
if ./scenario_fuzzer -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 corpus >fuzz.log 2>&1; then
  grep -E '^(#[0-9]+.*DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb)' fuzz.log || tail -n 5 fuzz.log
else
  cat fuzz.log
  echo "=== fuzz: FAILED, see the reproducer (crash-*, leak-*, timeout-*, oom-*) in $build" >&2
  exit 1
fi
