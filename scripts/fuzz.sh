#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tools/qnn-fuzz, one after the other, each
# for the given time, on seed corpora made from the test inputs, and prints
# each one's executions, coverage and crashes (docs/robustness.md records a
# run). Builds the instrumented folder first if needed (scripts/sanitize.sh's
# configuration: clang-19, ASan + UBSan, libFuzzer coverage).
# Usage: scripts/fuzz.sh [seconds per harness, default 60] [harness...]
#   harnesses: ir pipeline onnx onnx-structured npy (default: all)
# Environment: BUILD_DIR (default build-asan/); FUZZ_JOBS (parallel fuzzing
# processes per harness, default 1 - the machine is shared).
# The corpus grows in $BUILD_DIR/fuzz/corpus/<harness> across runs; crashes
# land in $BUILD_DIR/fuzz/crashes/<harness>/, logs in $BUILD_DIR/fuzz/logs/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-asan}
seconds=${1:-60}
shift || true
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
  harnesses=(ir pipeline onnx onnx-structured npy)
fi
jobs=${FUZZ_JOBS:-1}
# -jobs makes libFuzzer fork workers that log to fuzz-N.log in the current
# folder; one job runs in this process and logs where we say.
parallel=()
if ((jobs > 1)); then parallel=(-jobs="$jobs" -workers="$jobs"); fi

if [[ ! -f $build/build.ninja ]]; then
  BUILD_DIR=$build "$root/scripts/sanitize.sh" --version > /dev/null
fi
targets=()
for h in "${harnesses[@]}"; do targets+=("qnn-fuzz-$h"); done
ninja -C "$build" -j2 "${targets[@]}"
# shellcheck source=scripts/sanitizer-env.sh
source "$root/scripts/sanitizer-env.sh"

fuzz=$build/fuzz
seeds=$fuzz/seeds
mkdir -p "$seeds"
# Seeds: every .mlir test input split at `// -----` (IR harnesses), every
# .onnx file of the tests (ONNX harnesses), small .npy files of each dtype.
if [[ ! -f $seeds/.done ]]; then
  rm -rf "$seeds"/*
  mkdir -p "$seeds/ir" "$seeds/onnx" "$seeds/npy"
  n=0
  while IFS= read -r -d '' file; do
    awk -v out="$seeds/ir/$(basename "$file" .mlir)-$n" '
      /^\/\/ -----/ { part++; next }
      { print > (out "-" part ".mlir") }' part=0 "$file"
    n=$((n + 1))
  done < <(find "$root/test" "$root/examples" -name '*.mlir' -print0)
  find "$root/test" "$root/examples" -name '*.onnx' -exec cp {} "$seeds/onnx/" \;
  python3 "$root/test/Fuzz/Inputs/make_npy_seeds.py" "$seeds/npy"
  touch "$seeds/.done"
fi

seed_dir() {
  case $1 in
    ir | pipeline) echo "$seeds/ir" ;;
    onnx | onnx-structured) echo "$seeds/onnx" ;;
    npy) echo "$seeds/npy" ;;
  esac
}

printf '%-16s %10s %8s %8s %8s %s\n' harness seconds execs cov features crashes
for h in "${harnesses[@]}"; do
  corpus=$fuzz/corpus/$h
  crashes=$fuzz/crashes/$h
  log=$fuzz/logs/$h.log
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  cd "$(dirname "$log")"
  # -timeout: a single input over 60 s is a hang; -rss_limit_mb: the
  # harness's memory bound (pipeline inputs are capped at 16 KB).
  nice -n 10 "$build/bin/qnn-fuzz-$h" "$corpus" "$(seed_dir "$h")" \
    -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
    -max_len=65536 "${parallel[@]}" -print_final_stats=1 \
    -artifact_prefix="$crashes/" > "$log" 2>&1 || true
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | awk '{s += $1} END {print s + 0}')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  printf '%-16s %10s %8s %8s %8s %s\n' "$h" "$seconds" "$execs" "${cov:-?}" "${ft:-?}" "$found"
done
