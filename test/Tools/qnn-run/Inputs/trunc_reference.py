"""Checks qnn-run's output of Inputs/trunc.mlir against a NumPy port of
qonnx 1.0.0's Trunc (version 2): round(x / s + z) / 2^shift, clamped to the
output codes, rounded with the node's mode, back by the output scale."""
import sys

import numpy as np

x = np.load(sys.argv[1]).astype(np.float32)
y = np.load(sys.argv[2])
scale, out_scale = np.float32(0.125), np.float32(0.5)
grid = np.round(x / scale + np.float32(0.0))
codes = np.clip(grid / np.float32(4.0), 0, 15)
expected = {
    "round": (np.round(codes) * out_scale).astype(np.float32),
    "floor": (np.floor(codes) * out_scale).astype(np.float32),
}[sys.argv[3]]
print("agree" if np.array_equal(y, expected) else f"differ:\n{x}\n{y}\n{expected}")
