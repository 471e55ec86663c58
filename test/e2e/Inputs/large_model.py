#!/usr/bin/env python3
"""Writes a large QONNX model (docs/robustness.md, "Large models"): a
stack of fully connected layers whose float32 weights total about --mb
megabytes, each layer's weights and input quantized (4-bit signed weights
with per-channel scales, 4-bit unsigned activations), and one input batch.
The model is not committed: scripts/large-model.sh and
test/e2e/large-model.test generate it.

Usage: large_model.py --mb 100 --model m.onnx --input in.bin
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--width", type=int, default=2048)
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True)
    args = parser.parse_args()
    width = args.width
    layers = max(1, int(round(args.mb * 1e6 / (4 * width * width))))
    rng = np.random.default_rng(0)
    nodes, inits = [], []

    def const(name, value):
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def quant(name, x, scale, bits, signed):
        nodes.append(helper.make_node(
            "Quant", [x, const(name + "_s", scale), const(name + "_z", np.float32(0)),
                      const(name + "_b", np.float32(bits))], [name], name=name,
            domain=QONNX, signed=signed, narrow=0, rounding_mode="ROUND"))
        return name

    x = "input"
    for i in range(layers):
        a = quant("act%d" % i, x, np.float32(0.25), 4, 0)
        w = rng.standard_normal((width, width), dtype=np.float32)
        scale = (np.abs(w).max(axis=1, keepdims=True) / 7).astype(np.float32)
        wq = quant("w%d" % i, const("weight%d" % i, w), scale, 4, 1)
        y = "fc%d" % i
        nodes.append(helper.make_node("Gemm", [a, wq], [y], name=y, transB=1))
        x = "relu%d" % i
        nodes.append(helper.make_node("Relu", [y], [x], name=x))
    graph = helper.make_graph(
        nodes, "large", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, width])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, width])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13),
                                                    helper.make_opsetid(QONNX, 1)])
    model.ir_version = 8
    onnx.save(model, args.model)
    rng.uniform(0, 4, size=width).astype(np.float32).tofile(args.input)
    print("%d layers of %dx%d, %.1f MB of weights" % (layers, width, width,
                                                       layers * 4 * width * width / 1e6))


if __name__ == "__main__":
    main()
