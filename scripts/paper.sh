#!/usr/bin/env bash
# The paper's loop on Fashion-MNIST (python/paper.py): trains the demo CNN
# and a small ResNet in float, lets qnn assign bitwidths from them
# (qnn-compile --assign-only: separability, budgets of 50/60/75% of the
# homogeneous 4-bit network), fine-tunes each assignment and the controls
# (homogeneous 8/4/2/1 bits, increasing and random order at equal memory)
# with Brevitas for 3 seeds, exports QONNX, compiles it with qnn-compile and
# evaluates the compiled object on the 10,000 test images against Brevitas.
# Writes docs/results.json and docs/results.png (docs/results.md explains them).
#
# Sizing (2 cores, about 45 minutes in all): float training, 1 epoch over
# the first 60,000 (CNN) / 20,000 (ResNet) training images; fine-tuning,
# 1 epoch over the first 3,072 (CNN) / 1,024 (ResNet) training images per
# configuration and seed (PAPER_QAT_IMAGES, PAPER_FLOAT_IMAGES: N or
# cnn=N,resnet=M); most of the time goes to Brevitas's fake-quantized
# evaluation of the 10,000 test images (60 times).
# Progress (epochs, accuracy so far, time left) on stdout. Interrupted, it
# resumes from its last finished configuration (state in $PAPER_WORK,
# default build/paper). Environment: BUILD_DIR, PAPER_WORK, PAPER_SEEDS
# (0,1,2), PAPER_NETWORKS (cnn,resnet), PAPER_FLOAT_EPOCHS (1).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
work=${PAPER_WORK:-$build/paper}
"$root/scripts/build.sh" qnn-compile
python=$build/venv/bin/python
if [[ ! -x $python ]]; then
  "$root/scripts/venv.sh"
fi
# The state that makes a run resumable in a fresh checkout: the float
# models, qnn's assignments and every finished configuration, kept in
# docs/paper-state (committed) and copied both ways.
state=$root/docs/paper-state
sync_state() { # from to
  for sub in cnn resnet results; do
    mkdir -p "$2/$sub"
    find "$1/$sub" -maxdepth 1 \( -name 'float.pt' -o -name 'assign-*.json' -o -name '*-seed*.json' \) \
      -exec cp -n {} "$2/$sub/" \; 2>/dev/null || true
  done
}
mkdir -p "$work"
sync_state "$state" "$work"
trap 'sync_state "$work" "$state"' EXIT
"$python" "$root/python/paper.py" run --work "$work" --bin "$build/bin" \
  --networks "${PAPER_NETWORKS:-cnn,resnet}" --seeds "${PAPER_SEEDS:-0,1,2}" \
  --qat-images "${PAPER_QAT_IMAGES:-cnn=3072,resnet=1024}" \
  --float-images "${PAPER_FLOAT_IMAGES:-cnn=60000,resnet=20000}" \
  --float-epochs "${PAPER_FLOAT_EPOCHS:-1}"
"$python" "$root/python/paper.py" report --work "$work" --docs "$root/docs"
