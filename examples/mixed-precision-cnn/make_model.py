#!/usr/bin/env python3
"""Builds a random mixed-precision quantized CNN, writes it as qnn IR at the
quantized level, and computes its reference outputs with NumPy.

The reference follows the QONNX semantics of docs/architecture.md section 2
in float64 (dequantize, then float convolution with real zero padding),
written independently of the compiler: it shares no code with the lowering.

Usage: make_model.py --seed S --mlir out.mlir --input in.bin --reference ref.bin
"""
import argparse

import numpy as np


# ---------------------------------------------------------------------------
# Quantizers (QONNX Quant / BipolarQuant), computed in float32 as the
# compiled model does, so that rounding boundaries agree.
# ---------------------------------------------------------------------------
class Quant:
    def __init__(self, bits, encoding, scale, zero_point, axis=None, narrow=False):
        self.bits, self.encoding, self.axis, self.narrow = bits, encoding, axis, narrow
        self.scale = np.atleast_1d(np.asarray(scale, dtype=np.float64))
        self.zero_point = np.broadcast_to(np.asarray(zero_point, dtype=np.float64),
                                          self.scale.shape).copy()

    def code_range(self):
        if self.encoding == "u":
            return 0, 2 ** self.bits - 1
        if self.encoding == "s":
            return -(2 ** (self.bits - 1)) + (1 if self.narrow else 0), 2 ** (self.bits - 1) - 1
        return -1, 1

    def _broadcast(self, values, ndim):
        if self.axis is None:
            return values[0]
        shape = [1] * ndim
        shape[self.axis] = -1
        return values.reshape(shape)

    def fake_quantize(self, x):
        """Real values after quantize + dequantize, in float64."""
        x32 = x.astype(np.float32)
        scale = self._broadcast(self.scale, x.ndim)
        if self.encoding == "b":
            return np.where(x32 >= 0, 1.0, -1.0) * scale
        zero = self._broadcast(self.zero_point, x.ndim)
        shifted = x32 / np.float32(scale) + np.float32(zero) if self.axis is None else \
            x32 / scale.astype(np.float32) + zero.astype(np.float32)
        low, high = self.code_range()
        code = np.clip(np.round(shifted), low, high)  # np.round: half to even
        return (code.astype(np.float64) - zero) * scale

    def mlir(self):
        def num(v):
            return repr(float(v))
        head = f"{self.encoding}{self.bits}"
        if self.axis is None:
            text = f"{head}, scale = {num(self.scale[0])}"
            if self.zero_point[0] != 0:
                text += f", zero_point = {num(self.zero_point[0])}"
        else:
            scales = ", ".join(num(v) for v in self.scale)
            zeros = ", ".join(num(v) for v in self.zero_point)
            text = f"{head}, axis = {self.axis}, scale = [{scales}], zero_point = [{zeros}]"
        return f"!qnn.quant<{text}>"


# ---------------------------------------------------------------------------
# Float reference operators (NCHW, float64).
# ---------------------------------------------------------------------------
def conv2d(x, w, b, stride, pad, dilation, groups):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[2]), (pad[1], pad[3])))
    oh = (h + pad[0] + pad[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + pad[1] + pad[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, o, oh, ow))
    og = o // groups
    for g in range(groups):
        xs = xp[:, g * cg:(g + 1) * cg]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dilation[0]: i * dilation[0] + stride[0] * (oh - 1) + 1: stride[0],
                           j * dilation[1]: j * dilation[1] + stride[1] * (ow - 1) + 1: stride[1]]
                out[:, g * og:(g + 1) * og] += np.einsum("nchw,oc->nohw", patch, w[g * og:(g + 1) * og, :, i, j])
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def relu(x):
    return np.maximum(x, 0)


# ---------------------------------------------------------------------------
# The model: a list of layers, emitted as MLIR and evaluated in NumPy.
# ---------------------------------------------------------------------------
def tensor(shape, element="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + element + ">"


def constant(lines, name, values):
    """A float32 constant, written exactly as MLIR's hex dense literal."""
    arr = np.ascontiguousarray(values, dtype="<f4")
    lines.append(f'  %{name} = arith.constant dense<"0x{arr.tobytes().hex().upper()}"> : {tensor(arr.shape)}')
    return f"%{name}"


class Builder:
    def __init__(self, rng):
        self.rng, self.lines, self.count = rng, [], 0

    def fresh(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def quantize(self, value, shape, quant):
        name = self.fresh("q")
        attrs = " {narrow}" if quant.narrow else ""
        self.lines.append(f"  %{name} = qnn.quantize {value}{attrs} : {tensor(shape)} -> {tensor(shape, quant.mlir())}")
        return f"%{name}"

    def qconv(self, value, x, act, wq, weights, bias, stride=(1, 1), pad=(0, 0, 0, 0),
              dilation=(1, 1), groups=1):
        shape = x.shape
        wname = constant(self.lines, self.fresh("w"), weights)
        qw = self.quantize(wname, weights.shape, wq)
        qx = self.quantize(value, shape, act)
        ref = conv2d(act.fake_quantize(x), wq.fake_quantize(weights), bias, stride, pad, dilation, groups)
        operands = f"{qx}, {qw}"
        types = f"{tensor(shape, act.mlir())}, {tensor(weights.shape, wq.mlir())}"
        if bias is not None:
            operands += ", " + constant(self.lines, self.fresh("b"), bias)
            types += ", " + tensor(bias.shape)
        name = self.fresh("conv")
        attrs = (f"strides = array<i64: {stride[0]}, {stride[1]}>, "
                 f"padding = array<i64: {', '.join(map(str, pad))}>, "
                 f"dilations = array<i64: {dilation[0]}, {dilation[1]}>, groups = {groups}")
        self.lines.append(f"  %{name} = qnn.qconv2d {operands} {{{attrs}}} : ({types}) -> {tensor(ref.shape)}")
        return f"%{name}", ref

    def qdense(self, value, x, act, wq, weights, bias):
        wname = constant(self.lines, self.fresh("w"), weights)
        qw = self.quantize(wname, weights.shape, wq)
        qx = self.quantize(value, x.shape, act)
        ref = act.fake_quantize(x) @ wq.fake_quantize(weights).T
        operands = f"{qx}, {qw}"
        types = f"{tensor(x.shape, act.mlir())}, {tensor(weights.shape, wq.mlir())}"
        if bias is not None:
            ref = ref + bias
            operands += ", " + constant(self.lines, self.fresh("b"), bias)
            types += ", " + tensor(bias.shape)
        name = self.fresh("dense")
        self.lines.append(f"  %{name} = qnn.qdense {operands} : ({types}) -> {tensor(ref.shape)}")
        return f"%{name}", ref

    def unary(self, op, value, x, ref):
        name = self.fresh(op)
        self.lines.append(f"  %{name} = qnn.{op} {value} : {tensor(x.shape)}")
        return f"%{name}", ref


class Stop(Exception):
    """Raised to end the model early (--stages), for debugging."""


def build(seed, batch, stages=None):
    try:
        return build_stages(seed, batch, stages)
    except Stop as stop:
        return finish(*stop.args)


def build_stages(seed, batch, stages):
    rng = np.random.default_rng(seed)
    b = Builder(rng)
    state = {"stages": 0}

    def stage(v, h):
        state["stages"] += 1
        if stages is not None and state["stages"] >= stages:
            raise Stop(b, x, v, h)

    def weights(*shape):
        return rng.normal(0, 0.5, size=shape).astype(np.float32)

    def bias(n):
        return rng.normal(0, 0.1, size=n).astype(np.float32)

    x = rng.normal(0, 1, size=(batch, 3, 12, 12)).astype(np.float32)
    v = "%input"
    # 1: signed 8-bit activations, per-channel signed 8-bit weights, padding.
    v, h = b.qconv(v, x, Quant(8, "s", 0.03, 0), Quant(8, "s", rng.uniform(0.002, 0.006, 8), 0, axis=0),
                   weights(8, 3, 3, 3), bias(8), pad=(1, 1, 1, 1))
    v, h = b.unary("relu", v, h, relu(h))
    stage(v, h)
    # 2: unsigned 4-bit x signed 4-bit with a weight zero point, stride 2.
    v, h2 = b.qconv(v, h, Quant(4, "u", 0.25, 0), Quant(4, "s", 0.1, 1.0),
                    weights(12, 8, 3, 3), bias(12), stride=(2, 2), pad=(1, 1, 1, 1))
    v2, h2 = b.unary("relu", v, h2, relu(h2))
    stage(v2, h2)
    # 3: DoReFa-style 3-bit codes with half-integer zero points on both
    # sides (the padding correction), dilation 2; then a residual add.
    v, h = b.qconv(v2, h2, Quant(3, "u", 0.3, 3.5), Quant(3, "u", 0.2, 3.5),
                   weights(12, 12, 3, 3), None, pad=(2, 2, 2, 2), dilation=(2, 2))
    name = b.fresh("add")
    b.lines.append(f"  %{name} = qnn.add {v}, {v2} : {tensor(h.shape)}")
    v, h = f"%{name}", h + h2
    v, h = b.unary("relu", v, h, relu(h))
    stage(v, h)
    # 4: depthwise 2-bit x 2-bit (signed weights, narrow range).
    v, h = b.qconv(v, h, Quant(2, "u", 0.5, 0), Quant(2, "s", 0.3, 0, narrow=True),
                   weights(12, 1, 3, 3), bias(12), pad=(1, 1, 1, 1), groups=12)
    stage(v, h)
    # 5: bipolar x bipolar (the padding correction again).
    v, h = b.qconv(v, h, Quant(1, "b", 0.4, 0), Quant(1, "b", 0.05, 0),
                   weights(16, 12, 3, 3), bias(16), pad=(1, 1, 1, 1))
    v, h = b.unary("relu", v, h, relu(h))
    stage(v, h)
    # Global average pool, flatten, then two dense layers.
    name = b.fresh("gap")
    pooled = h.mean(axis=(2, 3), keepdims=True)
    b.lines.append(f"  %{name} = qnn.global_avg_pool {v} : {tensor(h.shape)} -> {tensor(pooled.shape)}")
    flat = pooled.reshape(batch, -1)
    name2 = b.fresh("flat")
    b.lines.append(f"  %{name2} = qnn.flatten %{name} : {tensor(pooled.shape)} -> {tensor(flat.shape)}")
    v, h = b.qdense(f"%{name2}", flat, Quant(5, "s", 0.05, 0), Quant(1, "b", 0.1, 0), weights(16, 16), bias(16))
    v, h = b.unary("relu", v, h, relu(h))
    stage(v, h)
    v, h = b.qdense(v, h, Quant(8, "u", 0.02, 3), Quant(6, "s", rng.uniform(0.01, 0.03, 10), rng.integers(-2, 3, 10), axis=0),
                    weights(10, 16), bias(10))

    return finish(b, x, v, h)


def finish(b, x, v, h):
    lines = [f"func.func @forward(%input: {tensor(x.shape)}) -> {tensor(h.shape)} {{"]
    lines += b.lines
    lines.append(f"  return {v} : {tensor(h.shape)}")
    lines.append("}")
    return "\n".join(lines) + "\n", x, h


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--reference", required=True)
    parser.add_argument("--stages", type=int, help="end the model after this many stages")
    args = parser.parse_args()
    text, x, y = build(args.seed, args.batch, args.stages)
    with open(args.mlir, "w") as f:
        f.write(text)
    x.astype(np.float32).tofile(args.input)
    y.astype(np.float32).tofile(args.reference)


if __name__ == "__main__":
    main()
