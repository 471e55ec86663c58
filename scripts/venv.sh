#!/usr/bin/env bash
# Creates or updates the benchmark's Python virtual environment,
# ${BUILD_DIR:-build}/venv, from python/requirements.txt (pinned versions,
# from PyPI, through pip's cache). Idempotent: does nothing when the venv was
# last installed from the same requirements file. Prints the venv's path.
# The compiler never uses it: the benchmarks (bench/) and the tests against
# the real exporters and executors (scripts/test.sh) do.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
venv=$build/venv
requirements=$root/python/requirements.txt
stamp=$venv/.requirements.sha256
python=${PYTHON:-python3}

want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ -x $venv/bin/python && -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "$venv"
  exit 0
fi

mkdir -p "$build"
if [[ ! -x $venv/bin/python ]]; then
  echo "qnn venv: creating $venv" >&2
  "$python" -m venv "$venv"
fi
echo "qnn venv: installing $requirements (this downloads PyTorch the first time)" >&2
"$venv/bin/python" -m pip install --quiet --upgrade pip >&2
"$venv/bin/python" -m pip install --quiet -r "$requirements" >&2 || { rm -f "$stamp"; exit 1; }
"$venv/bin/python" -m pip check >&2 || true
echo "$want" > "$stamp"
echo "$venv"
