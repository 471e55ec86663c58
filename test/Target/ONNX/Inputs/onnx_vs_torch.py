#!/usr/bin/python3
"""Writes an ONNX model with random weights, one input batch as .npy, and the
model's output for that batch computed with PyTorch and NumPy, to check that
qnn-translate --import-onnx keeps ONNX's and QONNX's semantics: automatic
padding, Gemm's transposition and scaling, broadcasting, Softmax before and
after opset 13, and the quantizers.

The reference is computed from the ONNX operator definitions, independently of
the importer: convolutions and pools by PyTorch (asymmetric padding applied
explicitly), quantizers by QONNX's formula in float32.

Usage: onnx_vs_torch.py {float,float11,quantized} --seed S --model m.onnx
                        --input in.npy --reference ref.npy [--float-path]
"""
import argparse

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"


class Builder:
    """Collects ONNX nodes and initializers and evaluates them with torch."""

    def __init__(self, rng, float_path=False):
        self.rng, self.nodes, self.initializers, self.count = rng, [], [], 0
        self.float_path = float_path

    def name(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def constant(self, array):
        array = np.asarray(array, dtype=np.float32)
        name = self.name("c")
        self.initializers.append(numpy_helper.from_array(array, name))
        return name, torch.from_numpy(array.copy())

    def int64s(self, values):
        name = self.name("s")
        self.initializers.append(
            numpy_helper.from_array(np.array(values, dtype=np.int64), name))
        return name

    def weights(self, *shape):
        return self.rng.normal(0, 0.4, size=shape).astype(np.float32)

    def node(self, op, inputs, domain="", **attrs):
        output = self.name("v")
        self.nodes.append(helper.make_node(op, inputs, [output], name=output,
                                           domain=domain, **attrs))
        return output

    def conv(self, v, x, out_channels, kernel, padding, stride=1, groups=1,
             weight=None, **attrs):
        """A Conv; `padding` (top, left, bottom, right) is what the reference
        applies, `attrs` how the ONNX node says it (pads or auto_pad)."""
        if weight is None:
            weight = self.constant(
                self.weights(out_channels, x.shape[1] // groups, *kernel))
        w_name, w = weight
        b_name, b = self.constant(self.weights(out_channels))
        padded = F.pad(x, (padding[1], padding[3], padding[0], padding[2]))
        y = F.conv2d(padded, w, b, stride=stride, groups=groups)
        return self.node("Conv", [v, w_name, b_name], strides=[stride, stride],
                         group=groups, **attrs), y


def quantize(x, scale, zero_point, bits, signed, narrow, mode):
    """QONNX Quant in float32 (docs/architecture.md, section 2)."""
    x = np.asarray(x, dtype=np.float32)
    scale = np.asarray(scale, dtype=np.float32)
    zero_point = np.asarray(zero_point, dtype=np.float32)
    y = x / scale + zero_point
    if bits == 1 and signed:
        return (np.where(y >= 0, 1.0, -1.0).astype(np.float32) - zero_point) * scale
    low = -(2 ** (bits - 1)) + (1 if narrow else 0) if signed else 0
    high = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1
    rounding = {"ROUND": np.round, "CEIL": np.ceil, "FLOOR": np.floor,
                "ROUND_TO_ZERO": np.trunc}[mode]
    q = np.clip(rounding(y), low, high).astype(np.float32)
    return (q - zero_point) * scale


def quant(b, v, x, scale, zero_point, bits, signed=1, narrow=0, mode="ROUND",
          weight=False):
    s_name, _ = b.constant(scale)
    z_name, _ = b.constant(zero_point)
    k_name, _ = b.constant(float(bits))
    out = b.node("Quant", [v, s_name, z_name, k_name], domain=QONNX,
                 signed=signed, narrow=narrow, rounding_mode=mode)
    y = quantize(x.numpy(), scale, zero_point, bits, signed, narrow, mode)
    if b.float_path and not weight:
        # A multiplication by one keeps qnn-fuse-quantized-layers from
        # turning the layer after this quantizer into a quantized kernel.
        one, _ = b.constant(np.float32(1.0))
        out = b.node("Mul", [out, one])
    return out, torch.from_numpy(y)


def quantized_weight(b, shape, scale, bits, narrow):
    """A weight initializer quantized by a Quant node (signed codes)."""
    w = b.weights(*shape)
    w_name, _ = b.constant(w)
    out, y = quant(b, w_name, torch.from_numpy(w), scale, 0.0, bits, 1, narrow,
                   weight=True)
    return out, y


def avg_pool(x, kernel, pads, count_include_pad):
    padded = F.pad(x, (pads[1], pads[3], pads[0], pads[2]))
    sums = F.avg_pool2d(padded, kernel, stride=1, divisor_override=1)
    if count_include_pad:
        return sums / (kernel * kernel)
    ones = F.pad(torch.ones_like(x), (pads[1], pads[3], pads[0], pads[2]))
    return sums / F.avg_pool2d(ones, kernel, stride=1, divisor_override=1)


def build_float(b, x):
    """Opset 13, symbolic batch: padding modes, broadcasting, Gemm, MatMul."""
    v = "input"
    # 12 -> ceil(12 / 2) = 6 needs one padding row: SAME_LOWER puts it first.
    v, x = b.conv(v, x, 8, (3, 3), (1, 1, 0, 0), stride=2, auto_pad="SAME_LOWER")
    c_name, c = b.constant(b.weights(8, 1, 1))
    v, x = b.node("Add", [v, c_name]), x + c
    lo, _ = b.constant(np.float32(0.0))
    hi, _ = b.constant(np.float32(1.0))
    v, x = b.node("Clip", [v, lo, hi]), x.clamp(0.0, 1.0)
    v, x = b.conv(v, x, 8, (3, 3), (1, 1, 1, 1), groups=8, pads=[1, 1, 1, 1])
    # 6 -> 3 with SAME_UPPER: no padding needed for an even size.
    v = b.node("MaxPool", [v], kernel_shape=[2, 2], strides=[2, 2],
               auto_pad="SAME_UPPER")
    x = F.max_pool2d(x, 2, 2)
    v = b.node("AveragePool", [v], kernel_shape=[2, 2], pads=[0, 0, 1, 1])
    x = avg_pool(x, 2, (0, 0, 1, 1), count_include_pad=False)
    half, _ = b.constant(np.float32(0.5))
    v, x = b.node("Mul", [half, v]), 0.5 * x
    v, x = b.node("Reshape", [v, b.int64s([0, -1])]), x.reshape(x.shape[0], -1)
    # Gemm with transB = 0, alpha and beta.
    g_name, g = b.constant(b.weights(72, 16))
    gc_name, gc = b.constant(b.weights(16))
    v = b.node("Gemm", [v, g_name, gc_name], alpha=0.5, beta=2.0)
    x = 0.5 * (x @ g) + 2.0 * gc
    v, x = b.node("Relu", [v]), torch.relu(x)
    m_name, m = b.constant(b.weights(16, 10))
    mb_name, mb = b.constant(b.weights(10))
    v = b.node("Add", [b.node("MatMul", [v, m_name]), mb_name])
    x = x @ m + mb
    v, x = b.node("Softmax", [v]), torch.softmax(x, dim=-1)
    return v, x


def build_float11(b, x):
    """Opset 11, fixed batch: Flatten, Gemm with transB = 1 and a full C,
    Clip without a maximum, Softmax's default axis 1."""
    v = "input"
    v, x = b.conv(v, x, 4, (3, 3), (0, 0, 0, 0), auto_pad="VALID")
    lo, _ = b.constant(np.float32(-0.25))
    v, x = b.node("Clip", [v, lo]), x.clamp(min=-0.25)
    v, x = b.node("Flatten", [v]), x.reshape(x.shape[0], -1)
    w_name, w = b.constant(b.weights(10, x.shape[1]))
    c_name, c = b.constant(b.weights(x.shape[0], 10))
    v = b.node("Gemm", [v, w_name, c_name], transB=1, beta=0.5)
    x = x @ w.T + 0.5 * c
    v, x = b.node("Softmax", [v]), torch.softmax(x, dim=1)
    return v, x


def build_quantized(b, x):
    """QONNX: per-tensor and per-channel, signed, unsigned, narrow, bipolar
    quantizers with every rounding mode, on weights and activations. Scales
    are chosen so that exact sums rarely land on a rounding boundary, where
    the order of float additions decides."""
    v = "input"
    v, x = quant(b, v, x, 0.0297, 0.0, 8, signed=1)
    scale = np.array([0.05, 0.1, 0.15, 0.2, 0.05, 0.1, 0.15, 0.2],
                     dtype=np.float32).reshape(8, 1, 1, 1)
    weight = quantized_weight(b, (8, 3, 3, 3), scale, 4, narrow=1)
    v, x = b.conv(v, x, 8, (3, 3), (1, 1, 1, 1), weight=weight, pads=[1, 1, 1, 1])
    v, x = b.node("Relu", [v]), torch.relu(x)
    v, x = quant(b, v, x, 0.1013, 0.0, 4, signed=0)
    # Bipolar weights with per-channel scales, unpadded.
    w = b.weights(8, 8, 3, 3)
    w_name, _ = b.constant(w)
    ws_name, ws = b.constant(np.linspace(0.1, 0.8, 8).reshape(8, 1, 1, 1))
    wb = b.node("BipolarQuant", [w_name, ws_name], domain=QONNX)
    wb_value = (np.where(w >= 0, 1.0, -1.0) * ws.numpy()).astype(np.float32)
    wb_name = (wb, torch.from_numpy(wb_value))
    v, x = b.conv(v, x, 8, (3, 3), (0, 0, 0, 0), weight=wb_name)
    # A zero point that is not an integer, and FLOOR rounding. (Not a
    # half-integer: (q - 1.5) * s sums to exactly 0 too often, and the order of
    # the float additions then decides the sign that CEIL below rounds.)
    v, x = quant(b, v, x, 0.2371, 1.3, 3, signed=0, mode="FLOOR")
    v = b.node("GlobalAveragePool", [v])
    x = x.mean(dim=(2, 3), keepdim=True)
    v, x = b.node("Flatten", [v]), x.reshape(x.shape[0], -1)
    v, x = quant(b, v, x, 0.0473, 0.0, 6, signed=1, mode="CEIL")
    # MatMul's K x N weight with per-column scales, transposed by the importer.
    m_scale = np.linspace(0.0531, 0.0977, 16, dtype=np.float32).reshape(1, 16)
    m_name, m = quantized_weight(b, (8, 16), m_scale, 3, narrow=0)
    v, x = b.node("MatMul", [v, m_name]), x @ m
    v, x = quant(b, v, x, 0.0173, 0.0, 8, signed=1, mode="ROUND_TO_ZERO")
    return v, x


BUILDERS = {"float": (build_float, (3, 12, 12), 13, "N"),
            "float11": (build_float11, (2, 6, 6), 11, None),
            "quantized": (build_quantized, (3, 8, 8), 13, None)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=sorted(BUILDERS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--reference", required=True)
    parser.add_argument("--float-path", action="store_true",
                        help="keep quantized layers in float: qnn-run then "
                             "evaluates each quantizer on its own")
    args = parser.parse_args()
    build, shape, opset, batch_name = BUILDERS[args.kind]
    rng = np.random.default_rng(args.seed)
    x = rng.normal(0, 1, size=(args.batch, *shape)).astype(np.float32)
    b = Builder(rng, args.float_path)
    with torch.no_grad():
        output, y = build(b, torch.from_numpy(x))
    batch = batch_name or args.batch
    graph = helper.make_graph(
        b.nodes, "onnx_vs_torch",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [batch, *shape])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, None)],
        b.initializers)
    opsets = [helper.make_opsetid("", opset), helper.make_opsetid(QONNX, 1)]
    onnx.save(helper.make_model(graph, opset_imports=opsets, ir_version=8),
              args.model)
    np.save(args.input, x)
    np.save(args.reference, y.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
