#!/usr/bin/env bash
# Builds every qnn library, tool, unit test and fuzz harness with clang-19,
# AddressSanitizer and UndefinedBehaviorSanitizer (plus libFuzzer's coverage
# instrumentation, so that the same folder serves scripts/fuzz.sh), in its
# own folder, then runs the whole lit suite under it. Any sanitizer report
# fails the test that produced it. docs/robustness.md explains the options
# and suppressions below.
# Usage: scripts/sanitize.sh [lit arguments, e.g. -v or a test path]
# Environment: BUILD_DIR (default build-asan/).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-asan}
export CCACHE_BASEDIR=$root

if [[ ! -f $build/build.ninja ]]; then
  CC=clang-19 CXX=clang++-19 cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py \
    -DQNN_SANITIZERS=address,undefined \
    -DQNN_ENABLE_FUZZERS=ON
fi
# The Python tests use the same pinned venv as the default build.
if [[ ! -e $build/venv && -e $root/build/venv ]]; then
  ln -s "$(readlink -f "$root/build/venv")" "$build/venv"
fi

# shellcheck source=scripts/sanitizer-env.sh
source "$root/scripts/sanitizer-env.sh"

if (($# == 0)); then
  ninja -C "$build" -j2 check-qnn
else
  ninja -C "$build" -j2 all mlir-doc
  /usr/lib/llvm-19/build/utils/lit/lit.py "$@"
fi
