#!/usr/bin/env python3
"""Writes a chain of float convolutions as graph-level qnn IR, one input batch
(.npy and raw .bin), and NumPy's float64 result as the reference: the cases
of the f32_fma kernel (test/e2e/fma-conv*.test).

The chain covers a 7x7 window with stride 2, dilation, asymmetric padding,
depthwise convolutions (strided; dilated with a shortcut),
pointwise 1x1 convolutions (no window copy) with and without stride, no
bias, a fused ReLU and Clip, a residual add with ReLU, batch 2, and channel and pixel counts that
leave partial row tiles and partial vectors (70 channels, 132 pixels).

Usage: fma_conv_model.py --seed S --mlir out.mlir --input in.npy --reference ref.npy
"""
import argparse

import numpy as np

# out channels ("depthwise": as many as in, one per group), kernel,
# strides, padding (top, left, bottom, right), dilations, bias, activation:
# None, "relu", (min, max) for a Clip, or "residual" for relu(conv(x) + x),
# a ResNet block's shortcut
LAYERS = [
    (16, (7, 7), (2, 2), (3, 3, 3, 3), (1, 1), True, "relu"),
    (70, (3, 3), (1, 1), (2, 2, 2, 2), (2, 2), True, (0.0, 6.0)),
    # Depthwise on 70 channels (8 full vectors and a partial one on ymm),
    # stride 2.
    ("depthwise", (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), True, (0.0, 6.0)),
    (24, (1, 1), (1, 1), (0, 0, 0, 0), (1, 1), False, None),
    (24, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), True, "residual"),
    (20, (1, 1), (2, 2), (0, 0, 0, 0), (1, 1), True, None),
    (33, (3, 3), (1, 1), (1, 0, 2, 1), (1, 1), True, "relu"),
    # Depthwise, dilated, no bias, with the shortcut.
    ("depthwise", (3, 3), (1, 1), (2, 2, 2, 2), (2, 2), False, "residual"),
    # K = 297: two blocks along K on ymm and NEON, five on zmm, with the
    # residual started in the first and the ReLU applied in the last.
    (33, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), True, "residual"),
]


def tensor_type(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def dense(values):
    """An f32 elements literal as its raw little-endian bytes."""
    return 'dense<"0x' + values.astype("<f4").tobytes().hex().upper() + '">'



def conv(x, w, b, strides, padding, dilations, groups=1):
    if groups > 1:
        return np.concatenate([
            conv(x[:, g:g + 1], w[g:g + 1], None, strides, padding, dilations)
            for g in range(groups)], axis=1) + (
                b.reshape(1, -1, 1, 1) if b is not None else 0)
    n, c, h, width = x.shape
    o, _, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (padding[0], padding[2]), (padding[1], padding[3])))
    oh = (x.shape[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (x.shape[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, o, oh, ow))
    for i in range(kh):
        for j in range(kw):
            window = x[:, :, i * dilations[0]:, j * dilations[1]:][
                :, :, :oh * strides[0]:strides[0], :ow * strides[1]:strides[1]]
            y += np.einsum("nchw,oc->nohw", window, w[:, :, i, j])
    return y + (b.reshape(1, -1, 1, 1) if b is not None else 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--reference", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    shape = (2, 5, 21, 23)
    x = rng.standard_normal(shape).astype(np.float32)
    np.save(args.input, x)
    x.tofile(args.input.replace(".npy", ".bin"))
    lines, value, y = [], "%x", x.astype(np.float64)
    for index, (out, kernel, strides, padding, dilations, has_bias, act) in enumerate(LAYERS):
        groups = y.shape[1] if out == "depthwise" else 1
        out = y.shape[1] if out == "depthwise" else out
        w = (rng.standard_normal((out, y.shape[1] // groups) + kernel) /
             np.sqrt(y.shape[1] // groups * kernel[0] * kernel[1])).astype(np.float32)
        b = rng.standard_normal(out).astype(np.float32) if has_bias else None
        shortcut, shortcut_value = y, value
        y = conv(y, w.astype(np.float64), None if b is None else b.astype(np.float64),
                 strides, padding, dilations, groups)
        operands = [value, f"%w{index}"]
        types = [tensor_type(shape), tensor_type(w.shape)]
        lines.append(f"  %w{index} = arith.constant {dense(w)} : {tensor_type(w.shape)}")
        if b is not None:
            lines.append(f"  %b{index} = arith.constant {dense(b)} : {tensor_type(b.shape)}")
            operands.append(f"%b{index}")
            types.append(tensor_type(b.shape))
        shape = y.shape
        lines.append(
            f"  %c{index} = qnn.conv2d {', '.join(operands)} {{strides = array<i64: {strides[0]}, "
            f"{strides[1]}>, padding = array<i64: {', '.join(map(str, padding))}>, dilations = "
            f"array<i64: {dilations[0]}, {dilations[1]}>, groups = {groups} : i64}} : "
            f"({', '.join(types)}) -> "
            f"{tensor_type(shape)}")
        value = f"%c{index}"
        if act == "relu":
            y = np.maximum(y, 0)
            lines.append(f"  %r{index} = qnn.relu {value} : {tensor_type(shape)}")
            value = f"%r{index}"
        elif act == "residual":
            y = np.maximum(y + shortcut, 0)
            lines.append(f"  %s{index} = qnn.add {value}, {shortcut_value} : {tensor_type(shape)}")
            lines.append(f"  %r{index} = qnn.relu %s{index} : {tensor_type(shape)}")
            value = f"%r{index}"
        elif act is not None:
            y = np.clip(y, act[0], act[1])
            lines.append(f"  %r{index} = qnn.clip {value} {{min = {act[0]} : f32, max = "
                         f"{act[1]} : f32}} : {tensor_type(shape)}")
            value = f"%r{index}"
    with open(args.mlir, "w") as f:
        f.write(f"func.func @forward(%x: {tensor_type(x.shape)}) -> {tensor_type(shape)} {{\n")
        f.write("\n".join(lines) + f"\n  return {value} : {tensor_type(shape)}\n}}\n")
    np.save(args.reference, y.astype(np.float32))


if __name__ == "__main__":
    main()
