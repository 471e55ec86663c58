#!/usr/bin/env bash
# The bit-serial kernel benchmark: builds qnn-opt/qnn-translate, compiles the
# convert-qnn-kernels-to-loops output for this host, checks every kernel
# against an integer reference, times it single-threaded next to OpenBLAS
# SGEMM, oneDNN int8 matmul and the machine's own and+popcount+add limit, and
# writes docs/benchmarks.md. Not a test: run it by hand on an idle machine.
#
# Usage: bench/run.sh
#   BUILD_DIR   build folder of the tools (default: build)
#   BENCH_OUT   folder for generated files (default: $BUILD_DIR/bench)
#   BENCH_DOC   where to write the report (default: docs/benchmarks.md)
#   BENCH_MIN_TIME  seconds of timed runs per measurement (default: 1)
#   BENCH_JOBS  parallel compile jobs (default: 2)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export BUILD_DIR=${BUILD_DIR:-$root/build}
out=${BENCH_OUT:-$BUILD_DIR/bench}
doc=${BENCH_DOC:-$root/docs/benchmarks.md}
jobs=${BENCH_JOBS:-2}
python=/usr/bin/python3

"$root/scripts/setup.sh"
"$root/scripts/build.sh" qnn-opt qnn-translate
bin=$BUILD_DIR/bin

# Vector width from the host's features, as the pass documents it: 8 i64
# lanes with AVX-512 VPOPCNTDQ, 4 with AVX2, else 1.
flags=$(grep -m1 '^flags' /proc/cpuinfo)
has() { [[ " $flags " == *" $1 "* ]]; }
# /proc/cpuinfo spells the flag avx512_vpopcntdq.
if has avx512_vpopcntdq && has avx512f; then
  lanes=8
elif has avx2; then
  lanes=4
else
  lanes=1
fi
widths="1"
has avx2 && widths="$widths 4"
((lanes == 8)) && widths="$widths 8"

# Builds: name:lanes:target flags. `host` is what qnn would emit for this
# machine: weights in panels of `lanes` rows (the layout qnn-select-kernels
# chooses for a vector target); `hostrows` the same lanes on the rows layout
# (the kernel before panels); `hostl1` the same CPU at lanes=1; `generic`
# lanes=1 for baseline x86-64, which has no popcnt instruction.
builds=("host:$lanes:-march=native")
((lanes > 1)) && builds+=("hostrows:$lanes:-march=native" "hostl1:1:-march=native")
builds+=("generic:1:-march=x86-64")
names=()
for b in "${builds[@]}"; do names+=("${b%%:*}"); done
# Weight rows per panel of each build's rhs layout (0: rows layout).
panel_specs=("host:$((lanes > 1 ? lanes : 0))")
for n in "${names[@]:1}"; do panel_specs+=("$n:0"); done

# Upstream lowering after convert-qnn-kernels-to-loops, as in the kernel
# execution tests: memref functions with bare-pointer arguments.
lowering="--canonicalize --convert-vector-to-scf --lower-affine --convert-scf-to-cf \
--expand-strided-metadata --lower-affine --convert-vector-to-llvm \
--convert-math-to-llvm --finalize-memref-to-llvm --convert-arith-to-llvm \
--convert-func-to-llvm=use-bare-ptr-memref-call-conv=1 --convert-cf-to-llvm \
--convert-index-to-llvm --reconcile-unrealized-casts --canonicalize"
cc=clang-19
cxx=clang++-19
ccflags="-O3 -Wno-override-module"

# The previous run's results, if any, for the run-to-run comparison.
previous=$BUILD_DIR/bench-previous
if [[ -f $out/results.json && -f $out/meta.json ]]; then
  rm -rf "$previous"
  mkdir -p "$previous"
  cp "$out/results.json" "$out/meta.json" "$previous/"
fi
rm -rf "$out"
mkdir -p "$out"
$python "$root/bench/gen_kernels.py" --out "$out" --builds "${panel_specs[@]}" \
  --limit-widths $widths

# One job per (build, module): MLIR -> LLVM dialect -> LLVM IR -> object.
compile_one() { # build lanes march module
  local dir=$out/$1 base=$out/$1/$4
  "$bin/qnn-opt" "$base.mlir" "--convert-qnn-kernels-to-loops=lanes=$2" $lowering -o "$base.llvm.mlir"
  "$bin/qnn-translate" --mlir-to-llvmir "$base.llvm.mlir" -o "$base.ll"
  $cc $ccflags "$3" -c "$base.ll" -o "$base.o"
}
export -f compile_one
export out bin lowering cc ccflags
for b in "${builds[@]}"; do
  IFS=: read -r name l march <<<"$b"
  for m in "$out/$name"/*.mlir; do
    echo "$name $l $march $(basename "$m" .mlir)"
  done
done | xargs -P "$jobs" -L 1 bash -c 'compile_one "$@"' _
$cc $ccflags -march=native -c "$out/limit.ll" -o "$out/limit.o"

# Without AVX-512 VPOPCNTDQ here, also compile (not run) what the CI machine
# would run, lanes=8 for Zen 4, to show its inner loop in the report.
extra_asm=()
if ((lanes != 8)); then
  mkdir -p "$out/avx512"
  for m in w1a1 w2a2; do
    sed 's/@host_/@avx512_/' "$out/host/$m.mlir" >"$out/avx512/$m.mlir"
    compile_one avx512 8 -march=znver4 $m
    llvm-objdump-19 -d --no-show-raw-insn "$out/avx512/$m.o" >"$out/avx512/$m.s"
  done
  extra_asm=("avx512:8:-march=znver4:$out/avx512/{pair}.s")
fi

# The harness: -march=native like every baseline library's own dispatch.
$cxx -O3 -march=native -std=c++17 -I"$out" "$root/bench/harness.cpp" \
  "$out"/limit.o "$out"/*/*.o -lopenblas -ldnnl -o "$out/harness"

# Single thread: OMP_NUM_THREADS for oneDNN, OPENBLAS_NUM_THREADS (and
# openblas_set_num_threads(1) in the harness) for OpenBLAS. Debian's OpenBLAS
# 0.3.21 falls back to its Prescott (SSE3) kernels on CPUs it does not
# recognize; a probe asks which core it picks here, and if that core does
# not use the host's vector width, OPENBLAS_CORETYPE selects the kernel family
# from the flags: SkylakeX for AVX-512 (F, BW, DQ, VL), Haswell for AVX2 + FMA.
# (On a Zen 4 EPYC 0.3.21 picks Cooperlake, SkylakeX's kernels plus BF16.)
# The harness prints openblas_get_corename(); only its command sets the
# variable, and OPENBLAS_L2_SIZE is left to OpenBLAS.
printf '#include <stdio.h>\nchar *openblas_get_corename(void);\nint main(void) { puts(openblas_get_corename()); return 0; }\n' \
  >"$out/openblas_core.c"
$cc -O1 "$out/openblas_core.c" -lopenblas -o "$out/openblas_core"
openblas_detected=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$out/openblas_core")
if has avx512f && has avx512bw && has avx512dq && has avx512vl; then
  openblas_wanted=SkylakeX openblas_good=" SkylakeX Cooperlake SapphireRapids "
elif has avx2 && has fma; then
  openblas_wanted=Haswell openblas_good=" Haswell Zen SkylakeX Cooperlake SapphireRapids "
else
  openblas_wanted="" openblas_good=" $openblas_detected "
fi
if [[ $openblas_good == *" $openblas_detected "* ]]; then
  openblas_coretype=""
else
  openblas_coretype=$openblas_wanted
fi
echo "openblas: detects core $openblas_detected; OPENBLAS_CORETYPE=${openblas_coretype:-unset}"
status=0
load=$(cut -d' ' -f1-3 /proc/loadavg)
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${openblas_coretype:+OPENBLAS_CORETYPE=$openblas_coretype} \
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$out/harness" "$out/results.json" || status=$?

# The inner loops the report describes.
for n in "${names[@]}"; do
  llvm-objdump-19 -d --no-show-raw-insn "$out/$n/w1a1.o" >"$out/$n/w1a1.s"
  llvm-objdump-19 -d --no-show-raw-insn "$out/$n/w2a2.o" >"$out/$n/w2a2.s"
done

$python "$root/bench/report.py" --results "$out/results.json" --out "$doc" \
  --gen "$out" --builds "${builds[@]}" --lowering "$lowering" \
  --cc "$cc $ccflags" --cxx "$cxx -O3 -march=native -std=c++17" --load "$load" \
  --extra-asm "${extra_asm[@]}" --previous "$previous" --openblas-coretype "$openblas_coretype" --openblas-detected "$openblas_detected"
echo "wrote $doc"
exit $status
