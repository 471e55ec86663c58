"""Checks qnn-run's quantize/dequantize output against NumPy."""
import sys

import numpy as np

x = np.load(sys.argv[1]).astype(np.float32)[0]
y = np.load(sys.argv[2])
s, z = np.float32(0.5), np.float32(1.5)
with np.errstate(invalid="ignore"):
    codes = np.rint(x / s + z)  # half to even
codes = np.where(np.isnan(codes), 0, codes)
codes = np.clip(codes, 0, 7)
expected_u3 = ((codes - z) * s).astype(np.float32)
expected_b1 = np.where(x >= 0, 0.25, -0.25).astype(np.float32)
expected = expected_u3 + expected_b1
ok = np.array_equal(y[0], expected)
print("agree" if ok else f"differ:\n{y[0]}\n{expected}")
