#!/usr/bin/env bash
# The Fashion-MNIST benchmark: qnn's mixed-precision builds of the demo model
# against its float build and against PyTorch float inference, on the 10,000
# test images; writes docs/fashion-mnist.md. Not a test: run it by hand on an
# idle machine (about 10 minutes).
#
# Environment: BUILD_DIR (default build/), BENCH_OUT (generated files,
# default $BUILD_DIR/bench/fashion-mnist), BENCH_DOC (the report, default
# docs/fashion-mnist.md), BENCH_REPEATS (interleaved runs, default 2).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export BUILD_DIR=${BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"
"$root/scripts/build.sh" qnn-compile
exec /usr/bin/python3 "$root/bench/fashion_mnist.py" --bin "$BUILD_DIR/bin" \
  --work "${BENCH_OUT:-$BUILD_DIR/bench/fashion-mnist}" \
  --doc "${BENCH_DOC:-$root/docs/fashion-mnist.md}" \
  --repeats "${BENCH_REPEATS:-2}"
