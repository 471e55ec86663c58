#!/usr/bin/env bash
# Prepares the Fashion-MNIST files the demo and the benchmark use, in folder
# $1: the test set as uncompressed IDX files, and the calibration slice (the
# first $2 training images, default 1000) as .npy files for qnn-compile.
# Prints the four paths: test images, test labels, calibration inputs and
# calibration labels. Data: Debian's dataset-fashion-mnist.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$1
count=${2:-1000}
data=/usr/share/datasets/fashion-mnist
mkdir -p "$work"
for file in train-images-idx3-ubyte train-labels-idx1-ubyte \
            t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [[ ! -s $work/$file ]]; then
    gzip -dc "$data/$file.gz" > "$work/$file.tmp"
    mv "$work/$file.tmp" "$work/$file"
  fi
done
cc -O2 -Wall -o "$work/idx2npy" "$root/examples/fashion-mnist/idx2npy.c"
"$work/idx2npy" images "$work/train-images-idx3-ubyte" "$count" "$work/calibration-x.npy"
"$work/idx2npy" labels "$work/train-labels-idx1-ubyte" "$count" "$work/calibration-y.npy"
echo "$work/t10k-images-idx3-ubyte" "$work/t10k-labels-idx1-ubyte" \
  "$work/calibration-x.npy" "$work/calibration-y.npy"
