#!/usr/bin/env bash
# Installs every Debian package that the build, the tests, the demo and the
# benchmarks need. Idempotent; fast when everything is already installed.
set -euo pipefail

packages=(
  # Toolchain: LLVM/MLIR 19 (see docs/building.md), CMake, Ninja, ccache.
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools clang-19 lld-19
  # libFuzzer and the sanitizer runtimes of clang-19 (scripts/sanitize.sh,
  # scripts/fuzz.sh).
  libclang-rt-19-dev
  cmake ninja-build ccache g++ make
  # ONNX import.
  libonnx-dev libprotobuf-dev protobuf-compiler
  # Cross execution tests for AArch64.
  qemu-user-static gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
  # Python references, model generation, training (never in the compile path).
  python3 python3-numpy python3-onnx python3-torch
  # The whole-network benchmark's venv (scripts/venv.sh; torch.compile builds
  # C++ against Python.h).
  python3-venv python3-dev
  # Unit tests, benchmarks and demo data.
  libgtest-dev libopenblas-dev libdnnl-dev dataset-fashion-mnist
  # Peak RSS of the large-model test (/usr/bin/time -v).
  time
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == "ii "* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "qnn setup: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
