#!/usr/bin/env bash
# The per-layer profile of whole networks (docs/performance.md): compiles
# each build of the networks of bench/networks.py with qnn-compile
# --profile, links it with bench/profile_harness.c, runs it (one thread,
# a warm-up call, then PROFILE_RUNS calls, the median of each step over
# them), and writes docs/performance.md with bench/profile_report.py (not
# profile.py: a script of that name in bench/ would shadow the standard
# library module that cProfile, and so torch._dynamo, imports), against the
# machine's limits from the kernel benchmark (docs/benchmarks.md). It also
# compiles the same builds without the profile and counts the minor page
# faults of the calls after the first with bench/network_harness.c (the
# figures docs/benchmarks.md quotes). Not a test: run it by hand on an idle
# machine.
#
# Environment: BUILD_DIR (default build/), PROFILE_OUT (default
# $BUILD_DIR/bench/profile), PROFILE_DOC (default docs/performance.md),
# PROFILE_NETWORKS (profiled, default "resnet18 mobilenet-v1"),
# FAULT_NETWORKS (page faults, default all four), PROFILE_BUILDS (default
# "float w8a8 w2a2 binary"), PROFILE_RUNS (calls per round, default 21),
# PROFILE_ROUNDS (interleaved rounds, default 3),
# PROFILE_COMPILE_TIMEOUT (seconds, default 150), PROFILE_REUSE (1: keep
# the builds, and the page-fault runs, that a previous run made).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export BUILD_DIR=${BUILD_DIR:-$root/build}
out=${PROFILE_OUT:-$BUILD_DIR/bench/profile}
doc=${PROFILE_DOC:-$root/docs/performance.md}
networks_dir=$BUILD_DIR/bench/networks
profiled=(${PROFILE_NETWORKS:-resnet18 mobilenet-v1})
faulted=(${FAULT_NETWORKS:-demo-cnn resnet20 resnet18 mobilenet-v1})
builds=(${PROFILE_BUILDS:-float w8a8 w2a2 binary})
runs=${PROFILE_RUNS:-21}
rounds=${PROFILE_ROUNDS:-3}
compile_timeout=${PROFILE_COMPILE_TIMEOUT:-150}

"$root/scripts/build.sh" qnn-compile
bin=$BUILD_DIR/bin
venv=$("$root/scripts/venv.sh")
python=$venv/bin/python
export OMP_NUM_THREADS=1

# The networks, as bench/networks.sh generates them (kept if present).
missing=()
for network in "${profiled[@]}" "${faulted[@]}"; do
  [[ -f $networks_dir/$network/meta.json ]] || missing+=("$network")
done
if ((${#missing[@]})); then
  mkdir -p "$networks_dir"
  "$python" "$root/bench/networks.py" generate --out "$networks_dir" \
    --networks $(printf '%s\n' "${missing[@]}" | sort -u)
fi

# compile NETWORK BUILD DIR HARNESS [--profile]: qnn-compile and link; writes
# DIR/status.json with the compile time or the failure.
compile() {
  local network=$1 build=$2 dir=$3 harness=$4
  shift 4
  rm -rf "$dir"
  mkdir -p "$dir"
  local args
  if [[ $build == float ]]; then
    args=("$networks_dir/$network/float.onnx" --keep-float)
  else
    args=("$networks_dir/$network/$build.onnx" --report="$dir/report.json")
  fi
  local start
  start=$(date +%s%N)
  if timeout "$compile_timeout" "$bin/qnn-compile" "${args[@]}" "$@" -o "$dir/model.o" \
       >"$dir/compile.txt" 2>"$dir/compile.err" &&
     cc -O2 -include "$dir/model.h" "$harness" "$dir/model.o" -lm -o "$dir/harness" \
       2>>"$dir/compile.err"; then
    local seconds
    seconds=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { print ns / 1e9 }')
    printf '{"ok": true, "compile_seconds": %.1f}\n' "$seconds" >"$dir/status.json"
    printf '%-13s %-7s %s compiled in %5.1f s\n' "$network" "$build" "$*" "$seconds"
  else
    local seconds
    seconds=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { print ns / 1e9 }')
    local error
    error=$(grep -m1 -i 'error' "$dir/compile.err" || true)
    [[ -f $dir/model.o ]] || error=${error:-"qnn-compile did not finish within $compile_timeout s"}
    "$python" -c 'import json, sys; print(json.dumps({"ok": False, "error": sys.argv[1], "compile_seconds": float(sys.argv[2])}))' \
      "$error" "$seconds" >"$dir/status.json"
    printf '%-13s %-7s %s FAILED after %.1f s: %s\n' "$network" "$build" "$*" "$seconds" "$error"
  fi
}

# What is measured: the commit (and whether the tree differs from it).
mkdir -p "$out"
{ git -C "$root" rev-parse --short HEAD
  git -C "$root" status --porcelain --untracked-files=no | grep -q . && echo "with uncommitted changes" || true
} >"$out/commit.txt"
date -u '+%Y-%m-%d %H:%M UTC' >"$out/date.txt"

echo "== 1. page faults after the first call (builds without the profile)"
for network in "${faulted[@]}"; do
  for build in "${builds[@]}"; do
    dir=$out/faults/$network/$build
    if [[ ${PROFILE_REUSE:-0} == 1 && -f $dir/status.json ]] &&
       { [[ -f $dir/run.txt ]] || grep -q 'did not finish' "$dir/status.json"; }; then
      printf '%-13s %-7s kept from a previous run (PROFILE_REUSE=1)\n' "$network" "$build"
      continue
    fi
    compile "$network" "$build" "$dir" "$root/bench/network_harness.c"
    if [[ -x $dir/harness ]]; then
      "$dir/harness" "$networks_dir/$network/input.bin" "$dir/output.bin" 20 >"$dir/run.txt"
    fi
  done
done

echo "== 2. profiles"
profiled_dirs=()
for network in "${profiled[@]}"; do
  for build in "${builds[@]}"; do
    dir=$out/profile/$network/$build
    # A build that did not compile in time without the profile is not
    # tried again with it.
    plain=$out/faults/$network/$build/status.json
    if [[ -f $plain ]] && grep -q 'did not finish' "$plain"; then
      rm -rf "$dir" && mkdir -p "$dir" && cp "$plain" "$dir/status.json"
      printf '%-13s %-7s --profile not tried: the plain build did not compile in time\n' "$network" "$build"
      continue
    fi
    if [[ ${PROFILE_REUSE:-0} == 1 && -x $dir/harness ]] && grep -q '"ok": true' "$dir/status.json"; then
      printf '%-13s %-7s --profile kept from a previous run (PROFILE_REUSE=1)\n' "$network" "$build"
    else
      compile "$network" "$build" "$dir" "$root/bench/profile_harness.c" --profile
    fi
    [[ -x $dir/harness ]] && profiled_dirs+=("$network $build")
  done
done
# Rounds, interleaved over the builds, so that a change of the machine's
# load hits all builds alike; the report takes each step's median over the
# rounds' medians and shows the spread of the whole call's.
cat /proc/loadavg >"$out/loadavg-before-profiles.txt"
for ((round = 1; round <= rounds; ++round)); do
  for entry in "${profiled_dirs[@]}"; do
    read -r network build <<<"$entry"
    dir=$out/profile/$network/$build
    rm -f "$dir/profile.txt"
    "$dir/harness" "$networks_dir/$network/input.bin" "$dir/output.bin" "$runs" medians \
      >"$dir/profile-$round.txt"
  done
  echo "round $round of $rounds done"
done
for entry in "${profiled_dirs[@]}"; do
  read -r network build <<<"$entry"
  dir=$out/profile/$network/$build
  # The profiled build computes what the plain one computes.
  plain_output=$out/faults/$network/$build/output.bin
  if [[ -f $plain_output ]]; then
    if cmp -s "$plain_output" "$dir/output.bin"; then echo same; else echo DIFFERENT; fi \
      >"$dir/same_output.txt"
  fi
done
cat /proc/loadavg >"$out/loadavg-after-profiles.txt"

echo "== 3. report"
"$python" "$root/bench/profile_report.py" --work "$out" --doc "$doc" --runs "$runs" --rounds "$rounds" \
  --profiled "${profiled[@]}" --faulted "${faulted[@]}" --builds "${builds[@]}"
