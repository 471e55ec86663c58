#!/usr/bin/env bash
# Generates a large QONNX model (about $1 MB of float32 weights, default 100;
# test/e2e/Inputs/large_model.py), compiles it with qnn-compile under
# /usr/bin/time -v and a 10-minute timeout, runs the object once, and prints
# the model size, wall time and peak RSS (docs/robustness.md records them).
# Environment: BUILD_DIR (default build/).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
mb=${1:-100}
work=$build/large-model
mkdir -p "$work"
"$build/venv/bin/python" "$root/test/e2e/Inputs/large_model.py" --mb "$mb" \
  --model "$work/model.onnx" --input "$work/in.bin"
ls -l "$work/model.onnx"
timeout 600 /usr/bin/time -v "$build/bin/qnn-compile" "$work/model.onnx" \
  -o "$work/model.o" > "$work/report.txt" 2> "$work/time.txt"
grep -E 'Elapsed|Maximum resident' "$work/time.txt"
cc -O2 -include "$work/model.h" "$root/examples/mixed-precision-cnn/run_model.c" \
  "$work/model.o" -lm -o "$work/run"
"$work/run" "$work/in.bin" "$work/out.bin" 0 > /dev/null
echo "ran the compiled model once: $(stat -c %s "$work/model.o") byte object"
