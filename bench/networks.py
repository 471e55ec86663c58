#!/usr/bin/env python3
"""The whole-network benchmark: qnn against onnxruntime, OpenVINO and PyTorch
on four CNNs with random weights (fixed seeds), one thread, batch 1.

Run it through bench/networks.sh, which builds qnn, sets up the venv
(scripts/venv.sh), and calls the three steps below with the venv's python:

  generate  writes, per network, the PyTorch weights, the float ONNX model
            (torch.onnx.export, batch norm folded into the convolutions),
            one QONNX model per qnn precision (Quant / BipolarQuant nodes
            inserted with onnx.helper in the form qnn-compile imports), the
            int8 QDQ model of onnxruntime's quantize_static, an input, a
            calibration batch, and the reference outputs: onnxruntime float
            for the float model, qonnx's execute_onnx for each QONNX model.
  run       checks every engine's output on the input against its reference
            before timing, then times every engine (each qnn build in its own
            process, a C harness around the object), interleaved rounds,
            and writes results.json.
  report    writes the section of docs/benchmarks.md between its markers and
            docs/benchmarks-networks.png.

Python only produces models and runs peers; qnn-compile reads the .onnx files.
"""
import argparse
import collections
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QONNX_DOMAIN = "qonnx.custom_op.general"
SEED = 2024
CALIBRATION_IMAGES = 8

# ---------------------------------------------------------------------------
# The networks, as PyTorch modules (float; batch norm after each convolution).
# ---------------------------------------------------------------------------


def torch_modules():
    import torch
    from torch import nn

    def conv_bn(cin, cout, kernel, stride=1, groups=1, relu=True):
        layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False),
                  nn.BatchNorm2d(cout)]
        if relu:
            layers.append(nn.ReLU())
        return nn.Sequential(*layers)

    class DemoCNN(nn.Module):
        """The layer structure of examples/mixed-precision-cnn (3x12x12, a
        stride, a dilation, a residual add, a depthwise convolution, global
        pooling and two dense layers), as a float network."""

        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
            self.conv2 = nn.Conv2d(8, 12, 3, stride=2, padding=1)
            self.conv3 = nn.Conv2d(12, 12, 3, padding=2, dilation=2)
            self.conv4 = nn.Conv2d(12, 12, 3, padding=1, groups=12)
            self.conv5 = nn.Conv2d(12, 16, 3, padding=1)
            self.fc1 = nn.Linear(16, 16)
            self.fc2 = nn.Linear(16, 10)

        def forward(self, x):
            x = torch.relu(self.conv1(x))
            y = torch.relu(self.conv2(x))
            x = torch.relu(self.conv3(y) + y)
            x = self.conv4(x)
            x = torch.relu(self.conv5(x))
            x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
            return self.fc2(torch.relu(self.fc1(x)))

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = conv_bn(cin, cout, 3, stride)
            self.conv2 = conv_bn(cout, cout, 3, relu=False)
            # A 1x1 projection where the shape changes (ResNet option B):
            # qnn imports no Pad/Slice for option A's zero channels.
            self.shortcut = (conv_bn(cin, cout, 1, stride, relu=False)
                             if stride != 1 or cin != cout else nn.Identity())

        def forward(self, x):
            return torch.relu(self.conv2(self.conv1(x)) + self.shortcut(x))

    class ResNet(nn.Module):
        def __init__(self, stem, widths, blocks, classes, imagenet):
            super().__init__()
            if imagenet:
                self.stem = nn.Sequential(nn.Conv2d(3, stem, 7, 2, 3, bias=False),
                                          nn.BatchNorm2d(stem), nn.ReLU(),
                                          nn.MaxPool2d(3, 2, 1))
            else:
                self.stem = conv_bn(3, stem, 3)
            layers, cin = [], stem
            for i, (width, count) in enumerate(zip(widths, blocks)):
                for j in range(count):
                    layers.append(BasicBlock(cin, width, 2 if j == 0 and i > 0 else 1))
                    cin = width
            self.layers = nn.Sequential(*layers)
            self.fc = nn.Linear(cin, classes)

        def forward(self, x):
            x = self.layers(self.stem(x))
            return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))

    class MobileNetV1(nn.Module):
        """MobileNet v1 (width 1.0): a 3x3 stem, 13 depthwise 3x3 +
        pointwise 1x1 pairs, global pooling, a 1000-way dense layer."""

        def __init__(self):
            super().__init__()
            plan = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                    (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
            layers, cin = [conv_bn(3, 32, 3, 2)], 32
            for cout, stride in plan:
                layers += [conv_bn(cin, cin, 3, stride, groups=cin), conv_bn(cin, cout, 1)]
                cin = cout
            self.features = nn.Sequential(*layers)
            self.fc = nn.Linear(cin, 1000)

        def forward(self, x):
            x = self.features(x)
            return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))

    return {
        "demo-cnn": (lambda: DemoCNN(), (3, 12, 12)),
        "resnet20": (lambda: ResNet(16, (16, 32, 64), (3, 3, 3), 10, False), (3, 32, 32)),
        "resnet18": (lambda: ResNet(64, (64, 128, 256, 512), (2, 2, 2, 2), 1000, True), (3, 224, 224)),
        "mobilenet-v1": (lambda: MobileNetV1(), (3, 224, 224)),
    }


NETWORKS = ["demo-cnn", "resnet20", "resnet18", "mobilenet-v1"]


def make_torch_model(name, seed=SEED):
    """The network with random weights and batch-norm statistics measured on
    random inputs (so activations stay in a sane range), in eval mode."""
    import torch
    factory, shape = torch_modules()[name]
    torch.manual_seed(seed)
    model = factory()
    for module in model.modules():
        if isinstance(module, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        if isinstance(module, torch.nn.BatchNorm2d):
            module.momentum = None  # cumulative average over the passes below
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(4, *shape))
    model.eval()
    return model, shape


# ---------------------------------------------------------------------------
# The qnn precisions: (weight bits, activation bits) of each quantized layer
# (Conv or Gemm, in graph order) as a function of its depth.
# ---------------------------------------------------------------------------
BUILDS = ["float", "w8a8", "w4a4", "w2a2", "binary", "schedule"]
BUILD_TITLES = {
    "float": "qnn float (--keep-float)",
    "w8a8": "qnn W8A8",
    "w4a4": "qnn W4A4",
    "w2a2": "qnn W2A2",
    "binary": "qnn binary body (W1A1, first/last 8-bit)",
    "schedule": "qnn decreasing 8,6,4,3,2 (first/last 8)",
}
SCHEDULE = [8, 6, 4, 3, 2]


def layer_bits(build, index, count):
    """(weight bits, activation bits) of layer `index` of `count`."""
    if build in ("w8a8", "w4a4", "w2a2"):
        bits = int(build[1])
        return bits, bits
    if index == 0 or index == count - 1:
        return 8, 8
    if build == "binary":
        return 1, 1
    if build == "schedule":
        stage = (index - 1) * len(SCHEDULE) // max(count - 2, 1)
        return SCHEDULE[stage], SCHEDULE[stage]
    raise ValueError(build)


# ---------------------------------------------------------------------------
# QONNX from the float ONNX model: Quant nodes on every Conv/Gemm weight
# (per output channel) and input (per tensor), calibrated on a batch.
# ---------------------------------------------------------------------------


def quantized_layers(model):
    return [node for node in model.graph.node if node.op_type in ("Conv", "Gemm")]


def activation_statistics(model_path, calibration):
    """max |x|, min x and the 99.99th percentile of |x| of every
    Conv/Gemm input, over the calibration batch (onnxruntime, float)."""
    import onnx
    import onnxruntime as ort
    model = onnx.load(model_path)
    names = sorted({node.input[0] for node in quantized_layers(model)})
    graph_outputs = {o.name for o in model.graph.output}
    for name in names:
        if name not in graph_outputs:
            model.graph.output.append(onnx.ValueInfoProto(name=name))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    values = collections.defaultdict(list)
    for image in calibration:
        outputs = session.run(names, {input_name: image[None]})
        for name, value in zip(names, outputs):
            values[name].append(value.ravel())
    stats = {}
    for name in names:
        v = np.concatenate(values[name])
        stats[name] = {"min": float(v.min()), "max": float(v.max()),
                       "p": float(np.percentile(np.abs(v), 99.99))}
    return stats


def make_qonnx(float_path, stats, build):
    """The QONNX model of one qnn precision, as qnn-compile imports it:
    Quant(x, scale, zeropt, bitwidth) with constant parameters; signed codes
    for weights and for activations that can be negative, unsigned for the
    rest; BipolarQuant for 1-bit weights (and 1-bit signed activations)."""
    import onnx
    from onnx import helper, numpy_helper
    model = onnx.load(float_path)
    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    layers = quantized_layers(model)
    new_nodes, new_inits, bits_used = [], [], []
    act_quant = {}  # activation name -> quantized name (shared by consumers)

    def constant(name, value):
        new_inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.float32), name))
        return name

    def quant(name, x, scale, bits, signed, shape_like=None):
        if bits == 1 and signed:
            new_nodes.append(helper.make_node("BipolarQuant", [x, constant(name + "_scale", scale)],
                                              [name], name=name, domain=QONNX_DOMAIN))
        else:
            zeropt = np.zeros_like(np.asarray(scale, dtype=np.float32))
            new_nodes.append(helper.make_node(
                "Quant", [x, constant(name + "_scale", scale), constant(name + "_zeropt", zeropt),
                          constant(name + "_bitwidth", float(bits))],
                [name], name=name, domain=QONNX_DOMAIN, signed=int(signed), narrow=0,
                rounding_mode="ROUND"))
        return name

    rewired = {}
    for index, node in enumerate(layers):
        wbits, abits = layer_bits(build, index, len(layers))
        bits_used.append({"layer": node.name, "op": node.op_type, "weight_bits": wbits,
                          "activation_bits": abits})
        x = node.input[0]
        s = stats[x]
        signed = s["min"] < 0
        key = (x, abits)
        if key not in act_quant:
            if abits == 1 and not signed:
                # u1: code 1 above half the scale; the scale is the mean
                # level of the values worth keeping.
                scale = max(s["p"] / 4, 1e-6)
            elif abits == 1:
                scale = max(s["p"] / 4, 1e-6)
            else:
                top = 2 ** (abits - 1) - 1 if signed else 2 ** abits - 1
                scale = max(s["p"] / top, 1e-8)
            act_quant[key] = quant(f"{node.name}_act_quant", x, np.float32(scale), abits, signed)
        w = numpy_helper.to_array(initializers[node.input[1]])
        transposed = node.op_type == "Gemm" and any(
            a.name == "transB" and a.i == 1 for a in node.attribute)
        # per output channel: axis 0 of a Conv weight or of a transB Gemm weight
        axis = 0 if node.op_type == "Conv" or transposed else 1
        reduce_axes = tuple(i for i in range(w.ndim) if i != axis)
        if wbits == 1:
            scale = np.abs(w).mean(axis=reduce_axes, keepdims=True)
        else:
            scale = np.abs(w).max(axis=reduce_axes, keepdims=True) / (2 ** (wbits - 1) - 1)
        scale = np.maximum(scale, 1e-8).astype(np.float32)
        wq = quant(f"{node.name}_weight_quant", node.input[1], scale, wbits, True)
        rewired[node.name] = (act_quant[key], wq)

    out_nodes = []
    for node in graph.node:
        if node.name in rewired:
            xq, wq = rewired[node.name]
            for q in new_nodes:
                if q.output[0] in (xq, wq) and q not in out_nodes:
                    out_nodes.append(q)
            inputs = [xq, wq] + list(node.input[2:])
            del node.input[:]
            node.input.extend(inputs)
        out_nodes.append(node)
    del graph.node[:]
    graph.node.extend(out_nodes)
    graph.initializer.extend(new_inits)
    model.opset_import.append(helper.make_opsetid(QONNX_DOMAIN, 1))
    onnx.checker.check_model(model)
    return model, bits_used


# ---------------------------------------------------------------------------
# generate
# ---------------------------------------------------------------------------


def export_float(model, shape, path):
    import torch
    x = torch.zeros(1, *shape)
    torch.onnx.export(model, (x,), path, input_names=["input"], output_names=["output"],
                      opset_version=13, do_constant_folding=True, dynamo=False)


class CalibrationReader:
    def __init__(self, name, images):
        self.name, self.images, self.index = name, images, 0

    def get_next(self):
        if self.index == len(self.images):
            return None
        self.index += 1
        return {self.name: self.images[self.index - 1][None]}

    def rewind(self):
        self.index = 0


def make_qdq(float_path, work, calibration):
    """onnxruntime's int8 model: quant_pre_process, then quantize_static
    (QDQ, per channel, u8 activations, s8 weights, MinMax calibration)."""
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process
    pre = os.path.join(work, "float-pre.onnx")
    qdq = os.path.join(work, "int8-qdq.onnx")
    quant_pre_process(float_path, pre, skip_symbolic_shape=True)
    quantize_static(pre, qdq, CalibrationReader("input", calibration),
                    quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    return qdq


def qonnx_execute(path, x):
    from qonnx.core.modelwrapper import ModelWrapper
    from qonnx.core.onnx_exec import execute_onnx
    from qonnx.transformation.infer_shapes import InferShapes
    model = ModelWrapper(path).transform(InferShapes())
    name = model.graph.input[0].name
    out = model.graph.output[0].name
    return execute_onnx(model, {name: x})[out]


def generate(args):
    import onnx
    import onnxruntime as ort
    import torch
    torch.set_num_threads(1)
    for name in args.networks:
        work = os.path.join(args.out, name)
        os.makedirs(work, exist_ok=True)
        t0 = time.time()
        model, shape = make_torch_model(name)
        torch.save(model.state_dict(), os.path.join(work, "model.pt"))
        float_path = os.path.join(work, "float.onnx")
        export_float(model, shape, float_path)
        rng = np.random.default_rng(SEED)
        calibration = rng.normal(0, 1, size=(CALIBRATION_IMAGES, *shape)).astype(np.float32)
        x = rng.normal(0, 1, size=(1, *shape)).astype(np.float32)
        np.save(os.path.join(work, "calibration.npy"), calibration)
        np.save(os.path.join(work, "input.npy"), x)
        x.tofile(os.path.join(work, "input.bin"))
        session = ort.InferenceSession(float_path, providers=["CPUExecutionProvider"])
        reference = session.run(None, {"input": x})[0]
        np.save(os.path.join(work, "reference-float.npy"), reference)
        with torch.no_grad():
            torch_out = model(torch.from_numpy(x)).numpy()
        ops = collections.Counter(n.op_type for n in onnx.load(float_path).graph.node)
        meta = {"name": name, "input_shape": [1, *shape], "float_ops": dict(ops),
                "params": int(sum(p.numel() for p in model.parameters())),
                "torch_vs_ort": rel_error(torch_out, reference), "builds": {}}
        stats = activation_statistics(float_path, calibration)
        for build in BUILDS[1:]:
            qmodel, bits = make_qonnx(float_path, stats, build)
            path = os.path.join(work, f"{build}.onnx")
            onnx.save(qmodel, path)
            ref = qonnx_execute(path, x)
            np.save(os.path.join(work, f"reference-{build}.npy"), ref)
            meta["builds"][build] = {"layers": bits, "qonnx_vs_float": rel_error(ref, reference)}
        make_qdq(float_path, work, calibration)
        with open(os.path.join(work, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        print(f"{name}: {meta['params']} parameters, {len(quantized_layers(onnx.load(float_path)))}"
              f" Conv/Gemm layers, generated in {time.time() - t0:.0f} s", flush=True)


def rel_error(out, ref):
    out = np.asarray(out, dtype=np.float64).reshape(-1)
    ref = np.asarray(ref, dtype=np.float64).reshape(-1)
    scale = max(float(np.abs(ref).max()), 1e-30)
    return {"max_rel": float(np.abs(out - ref).max() / scale),
            "argmax_same": bool(out.argmax() == ref.argmax())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--networks", nargs="+", default=NETWORKS)
    args = parser.parse_args()
    {"generate": generate}[args.command](args)


if __name__ == "__main__":
    main()
