#!/usr/bin/python3
"""Writes one Conv model three ways into a folder: with its weight inline
(inline.onnx), as ONNX external data in weights.data beside it
(external.onnx, as torch.onnx.export writes large models), and with the
external file truncated (truncated.onnx -> truncated.data) or naming a path
outside the folder (escape.onnx)."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
weight = (np.arange(4 * 3 * 3 * 3, dtype=np.float32) / 64.0 - 0.5).reshape(4, 3, 3, 3)


def make():
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv", pads=[1, 1, 1, 1])
    graph = helper.make_graph(
        [node], "external", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 4])],
        [numpy_helper.from_array(weight, "w")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=8)


onnx.save(make(), os.path.join(out, "inline.onnx"))


def external(name, location, data):
    model = make()
    tensor = model.graph.initializer[0]
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "16"), ("length", str(weight.nbytes))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    if data is not None:
        with open(os.path.join(out, location), "wb") as f:
            f.write(data)
    onnx.save(model, os.path.join(out, name))


padding = b"\0" * 16
external("external.onnx", "weights.data", padding + weight.tobytes())
external("truncated.onnx", "truncated.data", padding + weight.tobytes()[:100])
external("escape.onnx", "../weights.data", None)
