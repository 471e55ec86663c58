#!/usr/bin/env bash
# The main job: sets up the machine, builds qnn, then compiles and runs the
# example end to end - a mixed-precision CNN (1 to 8 bits per layer, written
# at the quantized level by examples/mixed-precision-cnn/make_model.py) to an
# object file and C header for this CPU, linked with a small C program,
# checked against the NumPy reference of the QONNX semantics.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" qnn-opt qnn-translate

bin=${BUILD_DIR:-$root/build}/bin
example=$root/examples/mixed-precision-cnn
work=${BUILD_DIR:-$root/build}/demo
mkdir -p "$work"

echo "== 1. the model: a random mixed-precision CNN at the quantized level"
/usr/bin/python3 "$example/make_model.py" --seed 3 --batch 4 --mlir "$work/model.mlir" \
  --input "$work/input.bin" --reference "$work/reference.bin"

echo "== 2. per-layer bitwidths and packed weight memory (qnn-memory-report)"
"$bin/qnn-opt" "$work/model.mlir" --qnn-memory-report=output=- -o "$work/model.reported.mlir"

echo "== 3. compile: qnn-opt --qnn-lower-to-llvm, qnn-translate --qnn-to-object"
lanes=1
grep -qw avx2 /proc/cpuinfo && lanes=4
grep -qw avx512_vpopcntdq /proc/cpuinfo && grep -qw avx512f /proc/cpuinfo && lanes=8
[[ $(uname -m) == aarch64 ]] && lanes=2
"$bin/qnn-opt" "$work/model.mlir" --qnn-lower-to-llvm="lanes=$lanes" -o "$work/model.llvm.mlir"
"$bin/qnn-translate" --qnn-to-object "$work/model.llvm.mlir" -o "$work/model.o"
echo "wrote $work/model.o ($(stat -c %s "$work/model.o") bytes) and $work/model.h; kernels use $lanes x 64-bit words per vector"

echo "== 4. link with a C program and run"
cc -O2 -include "$work/model.h" "$example/run_model.c" "$work/model.o" -lm -o "$work/run_model"
"$work/run_model" "$work/input.bin" "$work/output.bin"

echo "== 5. compare with the NumPy reference of the QONNX semantics"
/usr/bin/python3 "$root/test/e2e/Inputs/compare.py" "$work/output.bin" "$work/reference.bin" --rows 4
