#!/usr/bin/env bash
# The main job: sets up the machine, builds qnn-compile, then compiles the
# Fashion-MNIST demo CNN (examples/fashion-mnist/model.onnx, trained by
# python/train_fashion_mnist.py) with a progressively decreasing bitwidth
# assignment measured on a calibration slice of the training set, links it
# into a C program, and compares it with the float model on the 10,000 test
# images: accuracy, per-image latency (one thread), weight memory.
#
# Environment: BUILD_DIR (default build/), DEMO_CANDIDATES (the bitwidths
# the separability mapping chooses from, default 8,4,2), DEMO_CALIBRATION
# (training images used for calibration, default 1000).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" qnn-compile

build=${BUILD_DIR:-$root/build}
bin=$build/bin
example=$root/examples/fashion-mnist
work=$build/demo/fashion-mnist
candidates=${DEMO_CANDIDATES:-8,4,2}
calibration=${DEMO_CALIBRATION:-1000}
mkdir -p "$work/mixed" "$work/float"

echo "== 1. data: Fashion-MNIST from Debian's dataset-fashion-mnist"
read -r test_images test_labels calibration_x calibration_y \
  < <("$root/scripts/fashion-mnist-data.sh" "$work" "$calibration")
echo "calibration slice: the first $calibration training images"

echo
echo "== 2. compile: separability measured on the calibration slice, mapped to"
echo "      bitwidths from {$candidates} that never increase with depth"
"$bin/qnn-compile" "$example/model.onnx" -o "$work/mixed/model.o" \
  --calibration-inputs="$calibration_x" --calibration-labels="$calibration_y" \
  --strategy=separability --candidates="$candidates" --report="$work/mixed/report.json" \
  | tee "$work/mixed/report.txt"
echo "wrote $work/mixed/model.o and model.h"

echo
echo "== 3. the float baseline: the same model compiled without quantization"
"$bin/qnn-compile" "$example/model.onnx" -o "$work/float/model.o" --keep-float
echo "wrote $work/float/model.o and model.h"

echo
echo "== 4. link each object with examples/fashion-mnist/classify.c and run it"
echo "      on the 10,000 test images, one image per call, one thread"
for model in float mixed; do
  cc -O2 -Wall -I"$work/$model" -I"$example" "$example/classify.c" \
    "$work/$model/model.o" -lm -o "$work/$model/classify"
done
for model in float mixed; do
  echo "-- $model model"
  "$work/$model/classify" "$test_images" "$test_labels" \
    "$work/$model/predictions.bin" \
    | tee "$work/$model/result.txt"
done

echo
echo "== 5. summary"
accuracy() { sed -n 's/^accuracy: \([0-9.]*\).*/\1/p' "$work/$1/result.txt"; }
latency() { sed -n 's/^latency per image: median \([0-9.]*\) us.*/\1/p' "$work/$1/result.txt"; }
differ=$(cmp -l "$work/float/predictions.bin" "$work/mixed/predictions.bin" | wc -l || true)
packed=$(sed -n 's/^total packed bytes: //p' "$work/mixed/report.txt")
eight=$(sed -n 's/^homogeneous 8-bit network: \([0-9]*\) bytes/\1/p' "$work/mixed/report.txt")
params=$(sed -n 's/^total params: //p' "$work/mixed/report.txt")
mixed_object=$(stat -c %s "$work/mixed/model.o")
float_object=$(stat -c %s "$work/float/model.o")
awk -v fa="$(accuracy float)" -v ma="$(accuracy mixed)" -v fl="$(latency float)" \
    -v ml="$(latency mixed)" -v differ="$differ" -v packed="$packed" \
    -v eight="$eight" -v params="$params" -v mo="$mixed_object" \
    -v fo="$float_object" 'BEGIN {
  printf "weights:  %d bytes packed; %d bytes at 8 bits everywhere (%.1f%% less); %d bytes as float\n", packed, eight, 100 * (1 - packed / eight), 4 * params
  printf "objects:  model.o %d bytes mixed precision, %d bytes float (code included)\n", mo, fo
  printf "accuracy: float %.2f%%, mixed precision %.2f%% (%+.2f points); they disagree on %d of 10000 images\n", 100 * fa, 100 * ma, 100 * (ma - fa), differ
  if (fl > ml) { ratio = fl / ml; word = "faster" } else { ratio = ml / fl; word = "slower" }
  printf "latency:  float %.0f us, mixed precision %.0f us per image (median, one thread): %.2fx %s\n", fl, ml, ratio, word
}'
