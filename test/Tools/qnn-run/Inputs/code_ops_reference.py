"""NumPy's reading of QONNX Quant followed by ONNX MaxPool (and Flatten), or
Transpose, Pad and Concat, on
the dequantized values, for code-ops.mlir; prints 'agree' or the arrays."""
import sys

import numpy as np

case, x_path, y_path = sys.argv[1:4]
x = np.load(x_path).astype(np.float32)
y = np.load(y_path)


def fake_quant(x, scale, zero, lo, hi):
    scale = np.float32(scale).reshape(-1, 1, 1) if np.ndim(scale) else np.float32(scale)
    zero = np.float32(zero).reshape(-1, 1, 1) if np.ndim(zero) else np.float32(zero)
    codes = np.clip(np.rint(x / scale + zero), lo, hi)
    return ((codes - zero) * scale).astype(np.float32)


def max_pool(x, k, s, pad):
    n, c, h, w = x.shape
    padded = np.full((n, c, h + 2 * pad, w + 2 * pad), -np.inf, np.float32)
    padded[:, :, pad:pad + h, pad:pad + w] = x
    oh = (h + 2 * pad - k) // s + 1
    ow = (w + 2 * pad - k) // s + 1
    out = np.empty((n, c, oh, ow), np.float32)
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = padded[:, :, i * s:i * s + k, j * s:j * s + k].max(axis=(2, 3))
    return out


if case == "unsigned":
    expected = max_pool(fake_quant(x, 0.0625, 128.0, 0, 255), 2, 2, 0).reshape(1, -1)
elif case == "signed_padded":
    expected = max_pool(fake_quant(x, 0.5, 0.0, -4, 3), 3, 2, 1).reshape(1, -1)
elif case == "moves":
    moved = np.pad(fake_quant(x, 0.25, 2.0, 0, 15).transpose(0, 1, 3, 2),
                   [(0, 0), (0, 0), (1, 1), (0, 0)])
    expected = np.concatenate([moved, moved], axis=0)
else:
    expected = max_pool(fake_quant(x[0], [0.25, 0.5], [8.0, 2.0], 0, 15)[None], 4, 4, 0).reshape(1, -1)
print("agree" if np.array_equal(y, expected) else f"differ:\n{y}\n{expected}")
