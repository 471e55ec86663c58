#!/usr/bin/env bash
# The whole-network benchmark: qnn's float and quantized builds of four CNNs
# with random weights (the demo CNN of examples/mixed-precision-cnn,
# ResNet-20, ResNet-18, a MobileNet-v1) against onnxruntime, OpenVINO and
# PyTorch on the same float model, one thread, batch 1. Builds qnn, sets up
# the Python venv (scripts/venv.sh), generates the models
# (bench/networks.py generate), compiles each qnn build with qnn-compile and
# links it with bench/network_harness.c into its own executable, checks every
# engine's output and times them in interleaved rounds (networks.py run),
# then writes the networks section of docs/benchmarks.md and
# docs/benchmarks-networks.png (networks.py report). Not a test: run it by
# hand on an idle machine (about 15-25 minutes on 2 cores).
#
# Environment: BUILD_DIR (default build/), BENCH_OUT (generated files,
# default $BUILD_DIR/bench/networks), BENCH_DOC (default docs/benchmarks.md),
# BENCH_PLOT (default docs/benchmarks-networks.png), BENCH_NETWORKS (default
# all four), BENCH_ROUNDS (interleaved rounds, default 5), BENCH_SECONDS
# (timed seconds per engine and round, default 0.3), BENCH_COMPILE_TIMEOUT
# (seconds one qnn-compile may take before it counts as failed, default
# 150), BENCH_REUSE (1: keep the models and qnn builds of a previous run).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export BUILD_DIR=${BUILD_DIR:-$root/build}
out=${BENCH_OUT:-$BUILD_DIR/bench/networks}
doc=${BENCH_DOC:-$root/docs/benchmarks.md}
plot=${BENCH_PLOT:-$root/docs/benchmarks-networks.png}
networks=(${BENCH_NETWORKS:-demo-cnn resnet20 resnet18 mobilenet-v1})
builds=(float w8a8 w4a4 w2a2 binary schedule)
compile_timeout=${BENCH_COMPILE_TIMEOUT:-150}

"$root/scripts/setup.sh"
"$root/scripts/build.sh" qnn-compile qnn-run qnn-opt qnn-translate
bin=$BUILD_DIR/bin
venv=$("$root/scripts/venv.sh")
python=$venv/bin/python
# One thread everywhere: the peers also get it in their own settings.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

echo "== 1. generate the networks (random weights, seed fixed)"
mkdir -p "$out"
# BENCH_REUSE=1 keeps networks and qnn builds a previous run made (the
# generator is deterministic), to redo only the timing.
generate=()
for network in "${networks[@]}"; do
  if [[ ${BENCH_REUSE:-0} == 1 && -f $out/$network/meta.json ]]; then
    echo "$network: kept from a previous run (BENCH_REUSE=1)"
  else
    generate+=("$network")
  fi
done
if ((${#generate[@]})); then
  "$python" "$root/bench/networks.py" generate --out "$out" --networks "${generate[@]}"
fi

# The demo CNN written with Brevitas and exported by export_qonnx: does
# qnn-compile take what Brevitas emits? (Checked, not timed.)
"$python" "$root/bench/networks.py" brevitas --out "$out"

echo
echo "== 2. compile every qnn build with qnn-compile and link it with the harness"
# A build that does not compile is recorded with qnn-compile's error (the
# table shows it) and the others go on.
for network in "${networks[@]}"; do
  for build in "${builds[@]}"; do
    dir=$out/$network/qnn-$build
    if [[ ${BENCH_REUSE:-0} == 1 && -x $dir/harness ]] && grep -q '"ok": true' "$dir/status.json" 2>/dev/null; then
      printf '%-13s %-9s kept from a previous run (BENCH_REUSE=1)\n' "$network" "$build"
      continue
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [[ $build == float ]]; then
      args=("$out/$network/float.onnx" --keep-float)
    else
      args=("$out/$network/$build.onnx" --report="$dir/report.json")
    fi
    start=$(date +%s%N)
    if timeout "$compile_timeout" "$bin/qnn-compile" "${args[@]}" -o "$dir/model.o" \
         >"$dir/compile.txt" 2>"$dir/compile.err" &&
       cc -O2 -include "$dir/model.h" "$root/bench/network_harness.c" "$dir/model.o" -lm \
         -o "$dir/harness" 2>>"$dir/compile.err"; then
      seconds=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { print ns / 1e9 }')
      bytes=$(stat -c %s "$dir/model.o")
      printf '{"ok": true, "compile_seconds": %.1f, "object_bytes": %d}\n' "$seconds" "$bytes" \
        >"$dir/status.json"
      printf '%-13s %-9s compiled in %5.1f s, model.o %d bytes\n' "$network" "$build" "$seconds" "$bytes"
    else
      error=$(grep -m1 -i 'error' "$dir/compile.err" || tail -1 "$dir/compile.err")
      if [[ ! -f $dir/model.o ]] && (($(date +%s%N) - start >= compile_timeout * 1000000000)); then
        error="qnn-compile did not finish within $compile_timeout s (BENCH_COMPILE_TIMEOUT)"
      fi
      "$python" -c 'import json, sys; print(json.dumps({"ok": False, "error": sys.argv[1]}))' \
        "${error:-qnn-compile failed without a message}" >"$dir/status.json"
      printf '%-13s %-9s FAILED: %s\n' "$network" "$build" "$error"
    fi
  done
done

brevitas=$out/brevitas-demo
for model in brevitas brevitas-opset18; do
  if "$bin/qnn-compile" "$brevitas/$model.onnx" -o "$brevitas/$model.o" \
       >"$brevitas/$model.txt" 2>"$brevitas/$model.err" &&
     cc -O2 -include "$brevitas/$model.h" "$root/bench/network_harness.c" "$brevitas/$model.o" -lm \
       -o "$brevitas/$model-harness" 2>>"$brevitas/$model.err"; then
    echo '{"ok": true}' >"$brevitas/$model.status.json"
    echo "brevitas-demo $model.onnx: compiled"
  else
    rm -f "$brevitas/$model-harness"
    error=$(grep -m1 -i 'error\|unsupported' "$brevitas/$model.err" || tail -1 "$brevitas/$model.err")
    "$python" -c 'import json, sys; print(json.dumps({"ok": False, "error": sys.argv[1]}))' \
      "${error:-qnn-compile failed without a message}" >"$brevitas/$model.status.json"
    echo "brevitas-demo $model.onnx: FAILED: $error"
  fi
done

echo
echo "== 3. check every engine against its reference, then time (one thread, batch 1)"
"$python" "$root/bench/networks.py" run --work "$out" --bin "$bin" --results "$out/results.json" \
  --networks "${networks[@]}" --rounds "${BENCH_ROUNDS:-5}" --seconds "${BENCH_SECONDS:-0.3}"

echo
echo "== 4. report"
"$python" "$root/bench/networks.py" report --results "$out/results.json" --doc "$doc" --plot "$plot"
