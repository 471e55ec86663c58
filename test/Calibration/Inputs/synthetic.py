#!/usr/bin/env python3
"""Synthetic calibration data whose separability grows with depth by
construction, and an independent NumPy computation of the measures.

Samples are class means plus isotropic noise in 16 dimensions. Layer 1 keeps
all 16 dimensions (all the noise); layer 2 projects onto the 4-dimensional
span of the class means; layer 3 onto the 3-dimensional span of the mean
differences, where all between-class scatter lives. Between-class scatter is
preserved while within-class scatter shrinks, so Fisher's criterion must
grow layer by layer.

  synthetic.py make DIR      writes DIR/model.mlir, inputs.npy, labels.npy, expected.npy
  synthetic.py check DIR MEASURE < measured.mlir
"""
import re
import sys

import numpy as np

BATCH, DIMS, CLASSES, SAMPLES = 8, 16, 4, 203  # 203: not a multiple of the batch


def fisher(features, labels):
    mean = features.mean(axis=0)
    within = between = 0.0
    for c in np.unique(labels):
        fc = features[labels == c]
        mc = fc.mean(axis=0)
        within += ((fc - mc) ** 2).sum()
        between += len(fc) * ((mc - mean) ** 2).sum()
    return between / within


def nearest_mean(features, labels):
    classes = np.unique(labels)
    means = np.stack([features[labels == c].mean(axis=0) for c in classes])
    distances = ((features[:, None, :] - means[None]) ** 2).sum(axis=2)
    return float(np.mean(classes[distances.argmin(axis=1)] == labels))


def orthonormal_rows(vectors):
    q, _ = np.linalg.qr(np.asarray(vectors).T)
    return q.T


def make(directory):
    rng = np.random.default_rng(7)
    means = rng.normal(0, 1.0, size=(CLASSES, DIMS))
    labels = rng.integers(0, CLASSES, size=SAMPLES)
    inputs = (means[labels] + rng.normal(0, 1.5, size=(SAMPLES, DIMS))).astype(np.float32)

    w1 = np.eye(DIMS)                                    # everything
    w2 = orthonormal_rows(means)                         # span of the means: 4 x 16
    w3 = orthonormal_rows((means[1:] - means[0]) @ w2.T)  # span of differences: 3 x 4
    weights = [w.astype(np.float32) for w in (w1, w2, w3)]

    features, expected = inputs.astype(np.float64), []
    for w in weights:
        features = features @ w.astype(np.float64).T
        expected.append((fisher(features, labels), nearest_mean(features, labels)))
    np.save(f"{directory}/inputs.npy", inputs)
    np.save(f"{directory}/labels.npy", labels.astype(np.int64))
    np.save(f"{directory}/expected.npy", np.array(expected))

    def const(w):
        return f'arith.constant dense<"0x{np.ascontiguousarray(w, "<f4").tobytes().hex().upper()}"> ' \
               f": tensor<{w.shape[0]}x{w.shape[1]}xf32>"
    lines = [f"func.func @forward(%x: tensor<{BATCH}x{DIMS}xf32>) -> tensor<{BATCH}x3xf32> {{"]
    value, width = "%x", DIMS
    for i, w in enumerate(weights):
        lines.append(f"  %w{i} = {const(w)}")
        lines.append(f"  %h{i} = qnn.dense {value}, %w{i} : (tensor<{BATCH}x{width}xf32>, "
                     f"tensor<{w.shape[0]}x{w.shape[1]}xf32>) -> tensor<{BATCH}x{w.shape[0]}xf32>"
                     f" loc(\"layer{i + 1}\")")
        value, width = f"%h{i}", w.shape[0]
    lines += [f"  return {value} : tensor<{BATCH}x3xf32>", "}"]
    with open(f"{directory}/model.mlir", "w") as f:
        f.write("\n".join(lines) + "\n")


def check(directory, measure):
    expected = np.load(f"{directory}/expected.npy")[:, 0 if measure == "fisher" else 1]
    text = sys.stdin.read()
    measured = [float(v) for v in re.findall(
        r"qnn.separability = #qnn.separability<" + measure + r" = ([-0-9.e+]+)>", text)]
    print("measured", measured, "expected", expected.tolist())
    if len(measured) != len(expected):
        sys.exit(f"expected {len(expected)} layers with a separability, found {len(measured)}")
    if not np.allclose(measured, expected, rtol=1e-4, atol=1e-6):
        sys.exit("measured separability differs from NumPy's")
    if measure == "fisher" and not all(a < b for a, b in zip(measured, measured[1:])):
        sys.exit("Fisher separability does not grow with depth")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3])
