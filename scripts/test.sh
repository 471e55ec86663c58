#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds qnn and runs every test (check-qnn).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
# The tests against Brevitas, qonnx and onnxruntime need the pinned venv;
# where PyPI cannot be reached they are reported UNSUPPORTED (test/lit.cfg.py).
if ! "$root/scripts/venv.sh" > /dev/null; then
  echo "qnn test: scripts/venv.sh failed; the tests that need the venv will be UNSUPPORTED" >&2
fi
"$root/scripts/build.sh" check-qnn
