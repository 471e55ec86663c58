#!/usr/bin/env bash
# Configures (once) and builds qnn with Ninja against Debian's LLVM/MLIR 19.
# Usage: scripts/build.sh [ninja targets...]   (default: the tools)
# BUILD_DIR selects the build folder (default: build).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
# ccache keys on paths relative to the source root, so a fresh clone elsewhere
# reuses the objects built in another checkout.
export CCACHE_BASEDIR=$root

if [[ ! -f $build/build.ninja ]]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
fi
if (($# == 0)); then
  set -- qnn-opt qnn-translate
fi
ninja -C "$build" -j2 "$@"
