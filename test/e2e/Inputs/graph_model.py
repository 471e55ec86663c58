#!/usr/bin/env python3
"""Writes a random float CNN as graph-level qnn IR, one input batch as .npy,
and PyTorch's output for that batch as the reference.

It covers every graph-level op: conv2d (stride, padding, dilation, groups,
depthwise, no bias), batch_norm, relu, clip, max_pool2d and avg_pool2d (with
padding, count_include_pad both ways), add, mul, global_avg_pool, flatten,
reshape, dense and softmax. PyTorch is the independent reference.

Usage: graph_model.py --seed S --mlir out.mlir --input in.npy --reference ref.npy
"""
import argparse

import numpy as np
import torch
import torch.nn.functional as F


def tensor_type(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Emitter:
    def __init__(self, rng):
        self.rng, self.lines, self.count = rng, [], 0

    def name(self, prefix):
        self.count += 1
        return f"%{prefix}{self.count}"

    def constant(self, array):
        arr = np.ascontiguousarray(array, dtype="<f4")
        name = self.name("c")
        self.lines.append(f'  {name} = arith.constant dense<"0x{arr.tobytes().hex().upper()}"> '
                          f": {tensor_type(arr.shape)}")
        return name, torch.from_numpy(arr.copy())

    def op(self, text, result_shape):
        name = self.name("v")
        self.lines.append(f"  {name} = {text}")
        return name

    def weights(self, *shape):
        return self.rng.normal(0, 0.4, size=shape).astype(np.float32)

    def conv(self, v, x, out_channels, kernel, stride=(1, 1), pad=(0, 0, 0, 0),
             dilation=(1, 1), groups=1, bias=True):
        w_name, w = self.constant(self.weights(out_channels, x.shape[1] // groups, *kernel))
        operands, types = f"{v}, {w_name}", f"{tensor_type(x.shape)}, {tensor_type(w.shape)}"
        b = None
        if bias:
            b_name, b = self.constant(self.weights(out_channels))
            operands += f", {b_name}"
            types += f", {tensor_type(b.shape)}"
        padded = F.pad(x, (pad[1], pad[3], pad[0], pad[2]))
        y = F.conv2d(padded, w, b, stride=stride, dilation=dilation, groups=groups)
        attrs = (f"strides = array<i64: {stride[0]}, {stride[1]}>, padding = array<i64: "
                 f"{', '.join(map(str, pad))}>, dilations = array<i64: {dilation[0]}, "
                 f"{dilation[1]}>, groups = {groups}")
        return self.op(f"qnn.conv2d {operands} {{{attrs}}} : ({types}) -> {tensor_type(y.shape)}",
                       y.shape), y

    def unary(self, op, v, x, y, attrs=""):
        return self.op(f"qnn.{op} {v} {attrs}: {tensor_type(x.shape)}", y.shape), y


def build(seed, batch):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    e = Emitter(rng)
    x0 = torch.from_numpy(rng.normal(0, 1, size=(batch, 3, 15, 15)).astype(np.float32))
    v, x = "%input", x0

    v, x = e.conv(v, x, 8, (3, 3), pad=(1, 1, 1, 1))
    # Batch norm with non-trivial statistics.
    params = [e.constant(a) for a in (rng.uniform(0.5, 1.5, 8), rng.normal(0, 0.2, 8),
                                       rng.normal(0, 0.2, 8), rng.uniform(0.5, 2.0, 8))]
    (g, gt), (b, bt), (m, mt), (s, st) = params
    y = F.batch_norm(x, mt, st, gt, bt, training=False, eps=1e-3)
    v = e.op(f"qnn.batch_norm {v}, {g}, {b}, {m}, {s} {{epsilon = 1.0e-03 : f32}} : "
             f"{tensor_type(x.shape)}, tensor<8xf32>", y.shape)
    x = y
    v, x = e.unary("relu", v, x, F.relu(x))
    # Max pool with padding (padded positions never win), stride 2.
    y = F.max_pool2d(x, 3, stride=2, padding=1)
    v = e.op(f"qnn.max_pool2d {v} {{kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, "
             f"padding = array<i64: 1, 1, 1, 1>}} : {tensor_type(x.shape)} -> {tensor_type(y.shape)}",
             y.shape)
    x = y
    # Grouped convolution with stride, asymmetric padding and dilation.
    v, x = e.conv(v, x, 12, (3, 3), stride=(2, 1), pad=(2, 1, 1, 2), dilation=(2, 1), groups=2)
    v, x = e.unary("clip", v, x, torch.clamp(x, -0.5, 1.5), "{min = -0.5 : f32, max = 1.5 : f32} ")
    skip_v, skip_x = v, x
    # Depthwise convolution without bias, then a residual add and a mul.
    v, x = e.conv(v, x, 12, (3, 3), pad=(1, 1, 1, 1), groups=12, bias=False)
    v = e.op(f"qnn.add {v}, {skip_v} : {tensor_type(x.shape)}", x.shape)
    x = x + skip_x
    v = e.op(f"qnn.mul {v}, {skip_v} : {tensor_type(x.shape)}", x.shape)
    x = x * skip_x
    # Average pools: ONNX default (padding not counted) and count_include_pad.
    y = F.avg_pool2d(x, 2, stride=1, padding=1, count_include_pad=False)
    v = e.op(f"qnn.avg_pool2d {v} {{kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}} : "
             f"{tensor_type(x.shape)} -> {tensor_type(y.shape)}", y.shape)
    x = y
    y = F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=True)
    v = e.op(f"qnn.avg_pool2d {v} {{kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, "
             f"count_include_pad}} : {tensor_type(x.shape)} -> {tensor_type(y.shape)}", y.shape)
    x = y
    # Global average pool, flatten, reshape, dense layers, softmax.
    y = x.mean(dim=(2, 3), keepdim=True)
    v = e.op(f"qnn.global_avg_pool {v} : {tensor_type(x.shape)} -> {tensor_type(y.shape)}", y.shape)
    x = y
    y = x.flatten(1)
    v = e.op(f"qnn.flatten {v} {{axis = 1}} : {tensor_type(x.shape)} -> {tensor_type(y.shape)}", y.shape)
    x = y
    y = x.reshape(batch, 3, 4).reshape(batch, 12)
    v = e.op(f"qnn.reshape {v} : {tensor_type(x.shape)} -> tensor<{batch}x3x4xf32>", (batch, 3, 4))
    v = e.op(f"qnn.reshape {v} : tensor<{batch}x3x4xf32> -> {tensor_type(y.shape)}", y.shape)
    x = y
    w_name, w = e.constant(e.weights(10, 12))
    b_name, b = e.constant(e.weights(10))
    y = F.linear(x, w, b)
    v = e.op(f"qnn.dense {v}, {w_name}, {b_name} : ({tensor_type(x.shape)}, {tensor_type(w.shape)}, "
             f"{tensor_type(b.shape)}) -> {tensor_type(y.shape)}", y.shape)
    x = y
    w_name, w = e.constant(e.weights(6, 10))
    y = F.linear(x, w)
    v = e.op(f"qnn.dense {v}, {w_name} : ({tensor_type(x.shape)}, {tensor_type(w.shape)}) -> "
             f"{tensor_type(y.shape)}", y.shape)
    x = y
    v, x = e.unary("softmax", v, x, torch.softmax(x, dim=1), "{axis = 1} ")

    text = [f"func.func @forward(%input: {tensor_type(x0.shape)}) -> {tensor_type(x.shape)} {{"]
    text += e.lines
    text += [f"  return {v} : {tensor_type(x.shape)}", "}"]
    return "\n".join(text) + "\n", x0.numpy(), x.numpy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--reference", required=True)
    args = parser.parse_args()
    with torch.no_grad():
        text, x, y = build(args.seed, args.batch)
    with open(args.mlir, "w") as f:
        f.write(text)
    np.save(args.input, x)
    np.save(args.reference, y)


if __name__ == "__main__":
    main()
