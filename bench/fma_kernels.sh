#!/usr/bin/env bash
# The f32_fma kernel benchmark: qnn.fma_matmul of each ResNet-18 convolution
# shape, lowered by convert-qnn-kernels-to-loops and the upstream passes as
# qnn-lower-to-llvm does, against OpenBLAS sgemm in the same process, one
# thread. Not a test: run it by hand.
#
# Usage: bench/fma_kernels.sh [reps]
#   BUILD_DIR  build folder of the tools (default: build)
#   FMA_ISA    avx512 (default), avx2 or neon
#   MARCH      clang -march for the kernels (default: native)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
out=$build/bench-fma
isa=${FMA_ISA:-avx512}
march=${MARCH:-native}
bin=$build/bin
mkdir -p "$out"
python3 "$root/bench/fma_kernels.py" --out "$out" --isa "$isa"
"$bin/qnn-opt" "$out/fma_kernels.mlir" --convert-qnn-kernels-to-loops \
  --canonicalize --convert-vector-to-scf --lower-affine --convert-scf-to-cf \
  --expand-strided-metadata --lower-affine --convert-vector-to-llvm \
  --convert-math-to-llvm --finalize-memref-to-llvm --convert-arith-to-llvm \
  --convert-func-to-llvm=use-bare-ptr-memref-call-conv=1 --convert-cf-to-llvm \
  --convert-index-to-llvm --reconcile-unrealized-casts --canonicalize \
  -o "$out/fma_kernels.llvm.mlir"
"$bin/qnn-translate" --mlir-to-llvmir "$out/fma_kernels.llvm.mlir" -o "$out/fma_kernels.ll"
clang-19 -O3 -Wno-override-module -march="$march" -c "$out/fma_kernels.ll" -o "$out/fma_kernels.o"
llvm-objdump-19 -d --no-show-raw-insn "$out/fma_kernels.o" >"$out/fma_kernels.s"
clang-19 -O2 -march=native -I"$out" "$root/bench/fma_harness.c" "$out/fma_kernels.o" \
  -lopenblas -lm -o "$out/fma_harness"
echo "isa $isa, kernels built with -march=$march; $(grep -c vfmadd "$out/fma_kernels.s") vfmadd"
taskset -c 1 "$out/fma_harness" "${1:-30}"
