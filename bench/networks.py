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


def brevitas_demo(work, bits=4):
    """The demo CNN as a Brevitas model (python/qonnx_zoo.py's `demo`:
    Quant{Conv2d,Linear} with input and weight quantizers of `bits` bits,
    activation ranges calibrated on random inputs), exported with
    export_qonnx: the QONNX a Brevitas user would hand to qnn-compile, at
    opset 13 and at Brevitas 0.13's default, opset 18. Writes brevitas.onnx
    (opset 13), brevitas-opset18.onnx and the qonnx reference of
    brevitas.onnx."""
    import torch
    from brevitas.export import export_qonnx
    from brevitas.graph.calibrate import calibration_mode
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
    from qonnx_zoo import demo
    torch.manual_seed(SEED)
    model = demo(bits).eval()
    rng = np.random.default_rng(SEED)
    calibration = torch.from_numpy(rng.normal(0, 1, size=(16, 3, 12, 12)).astype(np.float32))
    with torch.no_grad(), calibration_mode(model):
        model(calibration)
    x = rng.normal(0, 1, size=(1, 3, 12, 12)).astype(np.float32)
    path = os.path.join(work, "brevitas.onnx")
    export_qonnx(model, torch.from_numpy(x), export_path=path, opset_version=13)
    export_qonnx(model, torch.from_numpy(x), export_path=os.path.join(work, "brevitas-opset18.onnx"))
    np.save(os.path.join(work, "input.npy"), x)
    x.tofile(os.path.join(work, "input.bin"))
    np.save(os.path.join(work, "reference-brevitas.npy"), qonnx_execute(path, x))
    with torch.no_grad():
        torch_out = model(torch.from_numpy(x)).numpy()
    return {"bits": bits, "brevitas_vs_qonnx": rel_error(torch_out, qonnx_execute(path, x))}


def float64_execute(model, x):
    """The QONNX model evaluated by the repository's own NumPy interpreter of
    the ONNX graph (test/e2e/Inputs/qonnx_model.py: QONNX's quantizer
    definitions, float32 division as on float32 tensors, everything else in
    float64). qonnx's execute_onnx runs Conv and Gemm through onnxruntime in
    float32, whose rounding can move a value across a quantizer's rounding
    boundary in a deep network; this is the second opinion."""
    import copy
    sys.path.insert(0, os.path.join(ROOT, "test", "e2e", "Inputs"))
    import qonnx_model
    model = copy.deepcopy(model)
    for node in model.graph.node:
        if node.op_type == "MaxPool":  # drop attributes at their defaults the interpreter lacks
            keep = [a for a in node.attribute
                    if not (a.name == "ceil_mode" and a.i == 0)
                    and not (a.name == "dilations" and all(d == 1 for d in a.ints))]
            del node.attribute[:]
            node.attribute.extend(keep)
    output = model.graph.output[0].name
    return qonnx_model.evaluate(model, x)[output].astype(np.float32)


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
        plain = ort.SessionOptions()  # the reference: no graph rewrites
        plain.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        session = ort.InferenceSession(float_path, plain, providers=["CPUExecutionProvider"])
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
            exact = float64_execute(qmodel, x)
            np.save(os.path.join(work, f"reference-f64-{build}.npy"), exact)
            meta["builds"][build] = {"layers": bits, "qonnx_vs_float": rel_error(ref, reference),
                                     "qonnx_vs_float64": rel_error(ref, exact)}
        make_qdq(float_path, work, calibration)
        with open(os.path.join(work, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        print(f"{name}: {meta['params']} parameters, {len(quantized_layers(onnx.load(float_path)))}"
              f" Conv/Gemm layers, generated in {time.time() - t0:.0f} s", flush=True)


def generate_brevitas(args):
    work = os.path.join(args.out, "brevitas-demo")
    os.makedirs(work, exist_ok=True)
    meta = brevitas_demo(work)
    with open(os.path.join(work, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"brevitas-demo: exported; Brevitas in PyTorch vs qonnx on its export: "
          f"max rel error {meta['brevitas_vs_qonnx']['max_rel']:.1e}")


def rel_error(out, ref):
    out = np.asarray(out, dtype=np.float64).reshape(-1)
    ref = np.asarray(ref, dtype=np.float64).reshape(-1)
    scale = max(float(np.abs(ref).max()), 1e-30)
    return {"max_rel": float(np.abs(out - ref).max() / scale),
            "argmax_same": bool(out.argmax() == ref.argmax())}


# ---------------------------------------------------------------------------
# run: check, then time every engine, interleaved rounds
# ---------------------------------------------------------------------------
PEERS = ["ort-float", "ort-int8", "ov-f32", "ov-default", "ov-int8", "torch-jit", "torch-compile"]
PEER_TITLES = {
    "ort-float": "onnxruntime float",
    "ort-int8": "onnxruntime int8 (QDQ)",
    "ov-f32": "OpenVINO f32",
    "ov-default": "OpenVINO default precision",
    "ov-int8": "OpenVINO int8 (QDQ)",
    "torch-jit": "PyTorch jit.optimize_for_inference",
    "torch-compile": "PyTorch torch.compile",
}
# The precision each peer computes in (the default OpenVINO precision is
# filled in from what the compiled model reports).
PEER_PRECISION = {"ort-float": "f32", "ort-int8": "int8", "ov-f32": "f32", "ov-default": "?",
                  "ov-int8": "int8", "torch-jit": "f32", "torch-compile": "f32"}


class Engine:
    """One thing to time: run() computes the network on the fixed input."""

    def __init__(self, key, title, precision, reference):
        self.key, self.title, self.precision, self.reference = key, title, precision, reference
        self.kernels, self.error, self.check, self.rounds = "", None, None, []

    def timed(self, calls):
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            self.run()
            times.append(time.perf_counter() - start)
        return float(np.median(times)) * 1e3


class QnnEngine(Engine):
    def __init__(self, work, build, reference):
        super().__init__(f"qnn-{build}", BUILD_TITLES[build], "f32" if build == "float" else build,
                         reference)
        self.folder = os.path.join(work, f"qnn-{build}")
        self.input = os.path.join(work, "input.bin")
        self.shape = None

    def invoke(self, runs):
        out = os.path.join(self.folder, "output.bin")
        text = subprocess.run([os.path.join(self.folder, "harness"), self.input, out, str(runs)],
                              check=True, capture_output=True, text=True).stdout
        values = dict(line.split() for line in text.splitlines())
        return np.fromfile(out, dtype=np.float32), values

    def output(self):
        return self.invoke(0)[0]

    def timed(self, calls):
        return float(self.invoke(calls)[1]["median_ms"])

    def run(self):
        self.invoke(0)


def object_instructions(path):
    """What the qnn object computes with: counts of a few telling
    instructions in its disassembly (zmm = 512-bit registers)."""
    try:
        text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", path], capture_output=True,
                              text=True, check=True).stdout
    except Exception as error:
        return f"objdump failed: {error}"
    counts = collections.Counter()
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        mnemonic = parts[1].split()[0] if parts[1].split() else ""
        if mnemonic.startswith("vfmadd") or mnemonic.startswith("vfnmadd"):
            counts["vfmadd*"] += 1
        elif mnemonic in ("vpopcntq", "vpopcntd", "popcnt", "vpdpbusd", "vpdpbusds", "vpmaddubsw",
                          "vpmaddwd", "vpshufb"):
            counts[mnemonic] += 1
        if "%zmm" in line:
            counts["zmm"] += 1
    return ", ".join(f"{k} x{v}" for k, v in sorted(counts.items()))


def ort_session(path, optimized=None):
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    if optimized:
        options.optimized_model_filepath = optimized
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def ort_engine(key, path, x, reference, work):
    import onnx
    engine = Engine(key, PEER_TITLES[key], PEER_PRECISION[key], reference)
    optimized = os.path.join(work, f"{key}-optimized.onnx")
    ort_session(path, optimized)  # saves the graph ORT runs
    ops = collections.Counter(n.op_type + (f" ({n.domain})" if n.domain not in ("", "ai.onnx") else "")
                              for n in onnx.load(optimized).graph.node)
    interesting = ("Conv", "FusedConv", "NhwcConv", "QLinearConv", "ConvInteger", "Gemm",
                   "FusedGemm", "MatMul", "QLinearMatMul", "MatMulInteger", "MatMulIntegerToFloat",
                   "DynamicQuantizeLinear", "QuantizeLinear", "DequantizeLinear", "QGemm",
                   "QLinearAdd", "QLinearGlobalAveragePool", "QLinearAveragePool", "ReorderInput",
                   "ReorderOutput")
    engine.kernels = ", ".join(f"{op} x{n}" for op, n in sorted(ops.items()) if op.split()[0] in interesting)
    session = ort_session(path)
    feed = {session.get_inputs()[0].name: x}
    engine.run = lambda: session.run(None, feed)[0]
    return engine


def ov_engine(key, path, x, reference, precision):
    import openvino as ov
    core = ov.Core()
    config = {"INFERENCE_NUM_THREADS": 1, "NUM_STREAMS": 1, "PERFORMANCE_HINT": "LATENCY"}
    if precision:
        config["INFERENCE_PRECISION_HINT"] = precision
    compiled = core.compile_model(core.read_model(path), "CPU", config)
    chosen = compiled.get_property("INFERENCE_PRECISION_HINT")
    chosen = chosen.to_string() if hasattr(chosen, "to_string") else str(chosen)
    engine = Engine(key, PEER_TITLES[key], PEER_PRECISION[key], reference)
    if key == "ov-default":
        engine.precision = chosen
    counts = collections.Counter()
    for op in compiled.get_runtime_model().get_ordered_ops():
        info = op.get_rt_info()

        def get(name):
            if name not in info:
                return "?"
            value = info[name]
            return str(value.astype(str) if hasattr(value, "astype") else value)
        layer = get("layerType")
        if any(w in layer for w in ("Convolution", "FullyConnected", "MatMul", "Gemm")):
            counts[(layer, get("primitiveType"), get("runtimePrecision"))] += 1
    engine.kernels = f"inference precision {chosen}; " + ", ".join(
        f"{layer} {prim} {prec} x{n}" for (layer, prim, prec), n in sorted(counts.items()))
    request = compiled.create_infer_request()
    tensor = ov.Tensor(x)

    def run():
        request.infer({0: tensor})
        return request.get_output_tensor(0).data.copy()
    engine.run = run
    return engine


def torch_engines(name, work, x, reference):
    import torch
    torch.set_num_threads(1)
    if torch.get_num_interop_threads() != 1:
        try:
            torch.set_num_interop_threads(1)  # only possible once per process
        except RuntimeError:
            pass
    model, _ = make_torch_model(name)
    model.load_state_dict(torch.load(os.path.join(work, "model.pt")))
    model.eval()
    tx = torch.from_numpy(x)
    engines = []

    jit = Engine("torch-jit", PEER_TITLES["torch-jit"], "f32", reference)
    with torch.no_grad():
        traced = torch.jit.optimize_for_inference(torch.jit.trace(model, tx))
    graph = str(traced.graph)
    jit.kernels = ", ".join(f"{k} x{graph.count(k)}" for k in
                            ("aten::conv2d", "prepacked::conv2d_clamp_run", "aten::_convolution",
                             "aten::mkldnn_convolution", "aten::linear", "prim::mkldnn_convolution",
                             "aten::to_mkldnn", "aten::to_dense") if graph.count(k))

    def run_jit():
        with torch.no_grad():
            return traced(tx).numpy()
    jit.run = run_jit
    engines.append(jit)

    import torch._inductor.config as inductor_config
    inductor_config.freezing = True  # constant-folds and prepacks the weights (CPU inference)
    comp = Engine("torch-compile", PEER_TITLES["torch-compile"], "f32", reference)
    compiled = torch.compile(model)
    start = time.time()
    with torch.no_grad():
        compiled(tx)
    comp.kernels = f"inductor, freezing=True, compiled in {time.time() - start:.0f} s"

    def run_compiled():
        with torch.no_grad():
            return compiled(tx).numpy()
    comp.run = run_compiled
    engines.append(comp)
    return engines


def safely(engines, make, key, title, precision, reference):
    """Runs make(); an engine that cannot be set up is recorded with its error."""
    try:
        result = make()
        engines.extend(result if isinstance(result, list) else [result])
    except Exception as error:  # recorded in the table, not hidden
        engine = Engine(key, title, precision, reference)
        engine.error = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        engines.append(engine)
        print(f"  {key}: setup failed: {engine.error}", flush=True)


def check(engine, tolerance):
    """Output on the input against the engine's reference: max |out - ref| /
    max |ref|, and whether the argmax agrees. A qnn QONNX build also gets the
    float64 evaluation of the same graph (engine.exact): where qonnx's
    float32 executor and the float64 one disagree (rounding boundaries in a
    deep network), the build passes if it agrees with the float64 evaluation
    at least as well as qonnx does, with the same argmax."""
    out = engine.output() if isinstance(engine, QnnEngine) else engine.run()
    ref_path, ref = engine.reference
    result = rel_error(out, ref)
    result["reference"] = ref_path
    result["tolerance"] = tolerance
    finite = bool(np.all(np.isfinite(out)))
    result["passed"] = finite and result["max_rel"] <= tolerance
    exact = getattr(engine, "exact", None)
    if exact is not None:
        versus = rel_error(out, exact)
        reference_versus = rel_error(ref, exact)
        result["vs_float64"] = versus
        result["qonnx_vs_float64"] = reference_versus
        if not result["passed"] and finite and versus["argmax_same"] and \
                versus["max_rel"] <= max(tolerance, reference_versus["max_rel"]):
            result["passed"] = True
            result["passed_by"] = "float64"
    engine.check = result


def run(args):
    results = {"machine": machine(), "versions": versions(args.bin), "rounds": args.rounds,
               "target_seconds": args.seconds, "started": utc_now(), "networks": {}}
    for name in args.networks:
        work = os.path.join(args.work, name)
        meta = json.load(open(os.path.join(work, "meta.json")))
        x = np.load(os.path.join(work, "input.npy"))
        float_ref = ("onnxruntime float (ORT_DISABLE_ALL)", np.load(os.path.join(work, "reference-float.npy")))
        engines = []
        compile_status = {}
        for build in BUILDS:
            status_path = os.path.join(work, f"qnn-{build}", "status.json")
            status = json.load(open(status_path)) if os.path.exists(status_path) else \
                {"ok": False, "error": "not compiled"}
            compile_status[build] = status
            ref = float_ref if build == "float" else \
                (f"qonnx execute_onnx on {build}.onnx", np.load(os.path.join(work, f"reference-{build}.npy")))
            engine = QnnEngine(work, build, ref)
            f64_path = os.path.join(work, f"reference-f64-{build}.npy")
            if build != "float" and os.path.exists(f64_path):
                engine.exact = np.load(f64_path)
            if not status["ok"]:
                engine.error = status["error"]
            else:
                engine.kernels = object_instructions(os.path.join(work, f"qnn-{build}", "model.o"))
            engines.append(engine)
        print(f"== {name}: setting up peers", flush=True)
        float_path = os.path.join(work, "float.onnx")
        qdq_path = os.path.join(work, "int8-qdq.onnx")
        safely(engines, lambda: ort_engine("ort-float", float_path, x, float_ref, work), "ort-float",
               PEER_TITLES["ort-float"], "f32", float_ref)
        safely(engines, lambda: ort_engine("ort-int8", qdq_path, x, float_ref, work), "ort-int8",
               PEER_TITLES["ort-int8"], "int8", float_ref)
        safely(engines, lambda: ov_engine("ov-f32", float_path, x, float_ref, "f32"), "ov-f32",
               PEER_TITLES["ov-f32"], "f32", float_ref)
        safely(engines, lambda: ov_engine("ov-default", float_path, x, float_ref, None), "ov-default",
               PEER_TITLES["ov-default"], "?", float_ref)
        safely(engines, lambda: ov_engine("ov-int8", qdq_path, x, float_ref, None), "ov-int8",
               PEER_TITLES["ov-int8"], "int8", float_ref)
        safely(engines, lambda: torch_engines(name, work, x, float_ref), "torch-jit",
               PEER_TITLES["torch-jit"], "f32", float_ref)
        # Exact engines must agree to float rounding; the quantized peers and a
        # reduced default precision are approximations of the float model, so
        # their error is reported, not judged.
        for engine in engines:
            if engine.error:
                continue
            exact = engine.key.startswith("qnn-") or engine.precision == "f32"
            tolerance = 1e-4 if engine.key.startswith("qnn-") and engine.key != "qnn-float" else \
                (1e-3 if exact else float("inf"))
            try:
                check(engine, tolerance)
            except Exception as error:
                engine.error = f"check failed: {type(error).__name__}: {error}".splitlines()[0][:300]
                continue
            c = engine.check
            verdict = "ok" if c["passed"] else ("FAILED" if exact else "reported")
            f64 = (f"; vs float64 evaluation {c['vs_float64']['max_rel']:.2e} (qonnx vs float64 "
                   f"{c['qonnx_vs_float64']['max_rel']:.2e})" if "vs_float64" in c else "")
            print(f"  check {engine.key:14s} vs {c['reference']}: max rel error {c['max_rel']:.2e}, "
                  f"argmax {'same' if c['argmax_same'] else 'differs'}{f64} [{verdict}]"
                  + (f"; kernels: {engine.kernels}" if engine.kernels else ""), flush=True)
            if exact and not c["passed"]:
                engine.error = f"output check failed: max rel error {c['max_rel']:.2e} > {tolerance:g}"
        timed = [e for e in engines if not e.error]
        # calls per round from one timed call: about --seconds per engine and round
        calls = {}
        for engine in timed:
            estimate = engine.timed(1)
            calls[engine.key] = int(min(args.max_calls, max(args.min_calls, round(args.seconds / max(estimate * 1e-3, 1e-6)))))
        for r in range(args.rounds):
            order = timed[r % len(timed):] + timed[:r % len(timed)] if timed else []
            for engine in order:
                engine.rounds.append(engine.timed(calls[engine.key]))
            print(f"  round {r + 1}/{args.rounds}: " + ", ".join(
                f"{e.key} {e.rounds[-1]:.3f}" for e in timed), flush=True)
        results["networks"][name] = {
            "meta": meta, "compile": compile_status,
            "engines": {e.key: {"title": e.title, "precision": e.precision, "kernels": e.kernels,
                                "error": e.error, "check": e.check, "rounds_ms": e.rounds,
                                "calls_per_round": calls.get(e.key),
                                "ms": min(e.rounds) if e.rounds else None} for e in engines}}
        with open(args.results, "w") as f:
            json.dump(results, f, indent=1)
    results["brevitas"] = check_brevitas(os.path.join(args.work, "brevitas-demo"))
    results["finished"] = utc_now()
    with open(args.results, "w") as f:
        json.dump(results, f, indent=1)
    print(f"wrote {args.results}")


def check_brevitas(work):
    """The Brevitas export of the demo CNN: what qnn-compile said about each
    export, and the compiled output against qonnx on the opset-13 export."""
    if not os.path.exists(os.path.join(work, "meta.json")):
        return None
    out = {"meta": json.load(open(os.path.join(work, "meta.json")))}
    for model in ("brevitas", "brevitas-opset18"):
        status_path = os.path.join(work, f"{model}.status.json")
        status = json.load(open(status_path)) if os.path.exists(status_path) else \
            {"ok": False, "error": "not compiled"}
        harness = os.path.join(work, f"{model}-harness")
        if status["ok"] and model == "brevitas":
            output = os.path.join(work, "output.bin")
            text = subprocess.run([harness, os.path.join(work, "input.bin"), output, "200"],
                                  check=True, capture_output=True, text=True).stdout
            status["median_ms"] = float(dict(l.split() for l in text.splitlines())["median_ms"])
            status["check"] = rel_error(np.fromfile(output, dtype=np.float32),
                                        np.load(os.path.join(work, "reference-brevitas.npy")))
        out[model] = status
    print(f"  brevitas-demo: {out}", flush=True)
    return out


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


FLAGS = ["avx2", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_vpopcntdq", "avx512_bf16",
         "amx_int8", "amx_bf16", "avx_vnni"]


def machine():
    cpu, flags = "?", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and cpu == "?":
                cpu = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    return {"cpu": cpu, "logical_cpus": os.cpu_count(), "flags": {f: f in flags for f in FLAGS},
            "hypervisor": "hypervisor" in flags, "kernel": platform.release(),
            "load_before": open("/proc/loadavg").read().split()[:3]}


def versions(bin_dir):
    from importlib.metadata import version
    out = {"python": platform.python_version()}
    for package in ("torch", "onnx", "onnxruntime", "openvino", "numpy", "qonnx", "brevitas"):
        try:
            out[package] = version(package)
        except Exception:
            out[package] = "?"
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        out["qnn"] = head + (" with uncommitted changes" if dirty else "")
    except Exception:
        out["qnn"] = "?"
    cc = subprocess.run(["cc", "--version"], capture_output=True, text=True).stdout.splitlines()
    out["cc"] = cc[0] if cc else "?"
    llvm = subprocess.run([os.path.join(bin_dir, "qnn-compile"), "--version"], capture_output=True,
                          text=True).stdout
    match = re.search(r"LLVM version ([0-9.]+)", llvm)
    out["llvm"] = match.group(1) if match else "?"
    return out


# ---------------------------------------------------------------------------
# report: the section of docs/benchmarks.md and the plot
# ---------------------------------------------------------------------------
BEGIN_MARK = "<!-- networks: begin (generated by bench/networks.sh; do not edit by hand) -->"
END_MARK = "<!-- networks: end -->"
NETWORK_TITLES = {"demo-cnn": "demo CNN 3x12x12", "resnet20": "ResNet-20 3x32x32",
                  "resnet18": "ResNet-18 3x224x224", "mobilenet-v1": "MobileNet-v1 3x224x224"}
ENGINE_ORDER = [f"qnn-{b}" for b in BUILDS] + PEERS


def fmt_ms(ms):
    if ms is None:
        return "-"
    return f"{ms:.3f}" if ms < 1 else (f"{ms:.2f}" if ms < 100 else f"{ms:.1f}")


def cell_error(text):
    """An error message for a table cell: no machine-specific folders."""
    text = re.sub(r"/\S+/(?=[^/\s]+\.onnx)", "", text)
    return text.replace("|", "\\|").replace("\n", " ")


def best(engines, keys):
    candidates = [(e["ms"], k) for k, e in engines.items() if k in keys and e.get("ms")]
    return min(candidates) if candidates else (None, None)


def section(results, plot_name):
    nets = [n for n in NETWORKS if n in results["networks"]]
    m, v = results["machine"], results["versions"]
    flags = ", ".join(f"{f} {'yes' if on else 'no'}" for f, on in m["flags"].items())
    lines = [BEGIN_MARK, "", "## Whole networks: qnn against onnxruntime, OpenVINO and PyTorch", "",
             "Generated by `bench/networks.sh` (`bench/networks.py`, harness `bench/network_harness.c`). "
             "Issue 12, part 2.", "",
             f"**Measured on:** `{m['cpu']}`, {m['logical_cpus']} logical CPUs"
             f"{' (a virtual machine: `hypervisor` flag set)' if m['hypervisor'] else ''}; {flags}; "
             f"kernel {m['kernel']}; load average {' '.join(m['load_before'])} before the run; "
             f"{results['started']} to {results.get('finished', '?')}. "
             f"qnn `{v['qnn']}` (LLVM {v['llvm']}, objects for the host CPU), {v['cc']}; "
             f"Python {v['python']}, PyTorch {v['torch']}, onnxruntime {v['onnxruntime']}, "
             f"OpenVINO {v['openvino']}, ONNX {v['onnx']}, qonnx {v['qonnx']}, Brevitas {v['brevitas']}, "
             f"NumPy {v['numpy']} (versions pinned in `python/requirements.txt`).", ""]
    lines += ["### What is measured", "",
              "- **Networks** (random weights, fixed seed; batch norm statistics measured on random "
              "inputs, then folded into the convolutions by `torch.onnx.export`): "
              + "; ".join(f"{NETWORK_TITLES[n]}: {results['networks'][n]['meta']['params']:,} parameters, "
                          f"{len(next(iter(results['networks'][n]['meta']['builds'].values()))['layers'])}"
                          " Conv/Gemm layers" for n in nets) + ". "
              "The demo CNN has the layer structure of `examples/mixed-precision-cnn` (stride, dilation, "
              "residual add, depthwise, two dense layers); the ResNets use 1x1 projection shortcuts "
              "(option B); MobileNet-v1 is width 1.0 with ReLU.",
              "- **qnn builds**: `float` is the float ONNX model through `qnn-compile --keep-float`; the "
              "others are QONNX models (`Quant` / `BipolarQuant` nodes on every Conv/Gemm weight, per "
              "output channel, and input, per tensor; activation scales from 8 random calibration images) "
              "that `qnn-compile` compiles with their own bitwidths: W8A8, W4A4, W2A2 everywhere; "
              "`binary`: 1-bit body (bipolar weights, 1-bit activations: unsigned 0/1 codes after a ReLU, "
              "bipolar where the input can be negative), first and last layer 8-bit; `schedule`: "
              f"bitwidths decreasing with depth through {','.join(map(str, SCHEDULE))} over the body, "
              "first and last layer 8-bit. Each build is linked with `bench/network_harness.c` into its own "
              "executable and runs in its own process.",
              "- **Peers**, all on the same float ONNX model (or the int8 model made from it), one thread, "
              "batch 1: onnxruntime float (`ORT_ENABLE_ALL`, `intra_op_num_threads=1`); onnxruntime int8 "
              "(`quant_pre_process`, then `quantize_static`: QDQ, `per_channel=True`, U8 activations, "
              "S8 weights, MinMax on the same 8 calibration images); OpenVINO CPU float with "
              "`INFERENCE_PRECISION_HINT=f32`, and with its default precision as its own column; OpenVINO "
              "int8 from the QDQ model (`INFERENCE_NUM_THREADS=1`, `NUM_STREAMS=1`, `PERFORMANCE_HINT="
              "LATENCY` for all three); PyTorch `torch.jit.optimize_for_inference(torch.jit.trace(model))` "
              "and `torch.compile(model)` (inductor, `freezing=True`), `torch.set_num_threads(1)`, "
              "under `torch.no_grad()`.",
              "- **Checks before timing**: every qnn QONNX build against qonnx's "
              "`qonnx.core.onnx_exec.execute_onnx` on the same QONNX model (tolerance 1e-4 of the largest "
              "|reference|), and where that fails, against the float64 evaluation of the graph (see "
              "\"Output checks\"); qnn float and every f32 peer against onnxruntime float without graph "
              "optimizations (tolerance 1e-3); the int8 peers and OpenVINO's default precision are "
              "approximations of the float model: their error is reported, not judged.",
              f"- **Timing**: wall time of one call (`CLOCK_MONOTONIC` in the harness, "
              f"`time.perf_counter` around the call in Python), {results['rounds']} interleaved rounds "
              f"(every engine once per round, the order rotating); per round about "
              f"{results['target_seconds']} s of calls per engine (at least 3), of which the median; the "
              "figure is the lowest round median. Python peers pay their call overhead "
              "(a few microseconds, visible on the demo CNN only).", ""]

    lines += ["### Latency (ms per image, one thread, batch 1)", "",
              "| engine | precision | " + " | ".join(NETWORK_TITLES[n] for n in nets) + " |",
              "|---|---|" + "---:|" * len(nets)]
    for key in ENGINE_ORDER:
        row = None
        cells = []
        for n in nets:
            e = results["networks"][n]["engines"].get(key)
            if e is None:
                cells.append("-")
                continue
            row = row or e
            if e.get("error"):
                cells.append("**failed**: " + cell_error(e["error"]))
            else:
                cells.append(fmt_ms(e["ms"]))
        if row is None:
            continue
        precision = row["precision"] if key.startswith("qnn-") is False else \
            {"f32": "f32", "w8a8": "W8A8", "w4a4": "W4A4", "w2a2": "W2A2",
             "binary": "W1A1 body", "schedule": "8..2"}[row["precision"]]
        lines.append(f"| {row['title']} | {precision} | " + " | ".join(cells) + " |")
    lines.append("")

    # ratios
    lines += ["### qnn against the best peer", "",
              "Time of the qnn build over the time of the fastest peer of the comparable precision "
              "(below 1: qnn is faster). Peers have no W4A4, W2A2 or binary kernels: those builds are "
              "compared with the fastest int8 peer, the lowest precision the peers run.", "",
              "| qnn build | compared with | " + " | ".join(NETWORK_TITLES[n] for n in nets) + " |",
              "|---|---|" + "---:|" * len(nets)]
    float_peers = [k for k in PEERS if PEER_PRECISION[k] in ("f32", "?")]
    int8_peers = ["ort-int8", "ov-int8"]
    for build, group, label in [("float", float_peers, "fastest f32 peer"),
                                ("float", PEERS, "fastest peer, any precision"),
                                ("w8a8", int8_peers, "fastest int8 peer"),
                                ("w4a4", int8_peers, "fastest int8 peer"),
                                ("w2a2", int8_peers, "fastest int8 peer"),
                                ("binary", int8_peers, "fastest int8 peer"),
                                ("schedule", int8_peers, "fastest int8 peer")]:
        cells = []
        for n in nets:
            engines = results["networks"][n]["engines"]
            e = engines.get(f"qnn-{build}")
            # OpenVINO's default precision counts as f32 only where it is f32
            group_here = [k for k in group if k != "ov-default" or group is PEERS or
                          engines.get(k, {}).get("precision") == "f32"]
            peer_ms, peer = best(engines, group_here)
            if not e or not e.get("ms") or not peer_ms:
                cells.append("failed" if e and e.get("error") else "-")
            else:
                cells.append(f"{e['ms'] / peer_ms:.2f}x ({PEER_TITLES[peer]})")
        lines.append(f"| {BUILD_TITLES[build]} | {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"![latency per network and engine]({plot_name})", ""]
    lines += observations(results, nets)

    # qnn builds: object sizes, compile times, layer bitwidths
    brev = results.get("brevitas")
    if brev:
        b13, b18 = brev.get("brevitas", {}), brev.get("brevitas-opset18", {})
        text = (f"**Brevitas export.** The demo CNN written with Brevitas {v['brevitas']} "
                f"(`QuantConv2d` / `QuantLinear`, {brev['meta']['bits']}-bit per-channel weights and "
                f"{brev['meta']['bits']}-bit input quantizers, ranges calibrated with "
                "`calibration_mode`) and exported by `export_qonnx`: ")
        text += ("with the default opset (18) qnn-compile " +
                 ("compiles it" if b18.get("ok") else f"fails: `{cell_error(b18.get('error', '?'))}`") + "; ")
        if b13.get("ok"):
            c = b13["check"]
            text += (f"with `opset_version=13` it compiles, and the compiled model agrees with "
                     f"qonnx's `execute_onnx` on the export (max rel error {c['max_rel']:.1e}, argmax "
                     f"{'same' if c['argmax_same'] else 'differs'}; {fmt_ms(b13['median_ms'])} ms). ")
        else:
            text += f"with `opset_version=13` it fails: `{cell_error(b13.get('error', '?'))}`. "
        text += ("The networks above are QONNX graphs written directly with `onnx.helper` from the "
                 "exported float model instead, so that every precision quantizes the same float "
                 "weights the peers run, with each layer's bitwidths and signedness set exactly "
                 "(the binary body's 1-bit unsigned activations after ReLUs, the schedule).")
        lines += [text, ""]
    lines += ["### qnn builds", "",
              "| network | build | layer bitwidths (weights/activations, data-flow order) | model.o bytes | compile s |",
              "|---|---|---|---:|---:|"]
    for n in nets:
        net = results["networks"][n]
        for build in BUILDS:
            status = net["compile"].get(build, {})
            if build == "float":
                bits = "float32"
            else:
                layers = net["meta"]["builds"][build]["layers"]
                bits = compress_bits([f"{l['weight_bits']}/{l['activation_bits']}" for l in layers])
            if status.get("ok"):
                lines.append(f"| {n} | {build} | {bits} | {status['object_bytes']:,} | "
                             f"{status['compile_seconds']:.1f} |")
            else:
                lines.append(f"| {n} | {build} | {bits} | failed: {cell_error(status.get('error', '?'))} | - |")
    lines.append("")

    # checks and kernels
    lines += ["### Output checks (before timing)", "",
              "Largest |output - reference| / largest |reference| on the benchmark input, and "
              "whether the top class agrees. For the QONNX builds a second reference is the "
              "float64 evaluation of the same graph by `test/e2e/Inputs/qonnx_model.py` (QONNX's "
              "quantizer definitions, everything else in float64): qonnx's `execute_onnx` runs "
              "Conv and Gemm in float32 through onnxruntime, which can move a pre-quantizer value "
              "across a rounding boundary in a deep network, and from there the whole output. "
              "Where it matters the cell shows `float64: qnn's error (qonnx's error)`; a build "
              "passes against that reference when it is at least as close to it as qonnx is, with "
              "the same argmax. (qnn's GEMMs on codes are exact while their accumulators stay below "
              "2^24; on ResNet-18 W8A8 they peak at about 4e5, measured once with the same "
              "interpreter, so a remaining difference there comes from float32 rounding next to a "
              "quantizer's rounding boundary, in qnn and in qonnx alike.)", "",
              "| engine | reference | " + " | ".join(NETWORK_TITLES[n] for n in nets) + " |",
              "|---|---|" + "---:|" * len(nets)]
    for key in ENGINE_ORDER:
        cells, ref, title = [], "", None
        for n in nets:
            e = results["networks"][n]["engines"].get(key)
            if not e:
                cells.append("-")
                continue
            title = e["title"]
            c = e.get("check")
            if not c:
                cells.append("not run" if e.get("error") else "-")
                continue
            ref = c["reference"].replace(f" on {key[4:]}.onnx", "")
            verdict = "" if c["tolerance"] == float("inf") else (" ok" if c["passed"] else " **FAILED**")
            cell = f"{c['max_rel']:.1e}{'' if c['argmax_same'] else ', argmax differs'}"
            if "vs_float64" in c and (c.get("passed_by") or not c["passed"] or
                                      c["qonnx_vs_float64"]["max_rel"] > c["tolerance"]):
                f = c["vs_float64"]
                cell += (f"; float64: {f['max_rel']:.1e}{'' if f['argmax_same'] else ', argmax differs'}"
                         f" (qonnx: {c['qonnx_vs_float64']['max_rel']:.1e})")
            cells.append(cell + verdict)
        if title:
            lines.append(f"| {title} | {ref} | " + " | ".join(cells) + " |")
    lines.append("")
    lines += ["### Which kernels ran", "",
              "onnxruntime: operator counts of the optimized graph it saved "
              "(`SessionOptions.optimized_model_filepath`); OpenVINO: "
              "`compiled_model.get_runtime_model()`, (layer type, `primitiveType`, `runtimePrecision`) "
              "per compute node; PyTorch: the traced graph's convolution ops; qnn: counts of telling "
              "instructions in the object's disassembly.", ""]
    for n in nets:
        lines.append(f"- **{NETWORK_TITLES[n]}**:")
        for key in ENGINE_ORDER:
            e = results["networks"][n]["engines"].get(key)
            if e and e.get("kernels"):
                lines.append(f"  - {e['title']}: {e['kernels']}")
    lines += ["", END_MARK]
    return "\n".join(lines) + "\n"


def observations(results, nets):
    """Sentences computed from the figures (no hand-written numbers)."""
    out = ["### Observations", ""]
    float_peers = [k for k in PEERS if PEER_PRECISION[k] in ("f32", "?")]
    for n in nets:
        engines = results["networks"][n]["engines"]
        timed = {k: e for k, e in engines.items() if e.get("ms")}
        if not timed:
            continue
        fastest = min(timed, key=lambda k: timed[k]["ms"])
        qnn = {k: e for k, e in timed.items() if k.startswith("qnn-")}
        peer_f32_ms, peer_f32 = best(engines, [k for k in float_peers if k != "ov-default" or
                                               engines.get(k, {}).get("precision") == "f32"])
        peer_i8_ms, peer_i8 = best(engines, ["ort-int8", "ov-int8"])
        text = f"- **{NETWORK_TITLES[n]}**: fastest overall {engines[fastest]['title']} " \
               f"({fmt_ms(engines[fastest]['ms'])} ms)"
        if qnn:
            q = min(qnn, key=lambda k: qnn[k]["ms"])
            text += f"; fastest qnn build {engines[q]['title']} ({fmt_ms(qnn[q]['ms'])} ms"
            if peer_i8_ms:
                text += f", {qnn[q]['ms'] / peer_i8_ms:.2f}x the time of {PEER_TITLES[peer_i8]}"
            text += ")"
        if "qnn-float" in qnn and peer_f32_ms:
            text += f"; qnn float takes {qnn['qnn-float']['ms'] / peer_f32_ms:.1f}x the time of the " \
                    f"fastest f32 peer ({PEER_TITLES[peer_f32]}, {fmt_ms(peer_f32_ms)} ms)"
        if "qnn-w8a8" in qnn and peer_i8_ms:
            text += f"; qnn W8A8 {qnn['qnn-w8a8']['ms'] / peer_i8_ms:.1f}x the fastest int8 peer"
        failed = [BUILD_TITLES[b] for b in BUILDS if engines.get(f"qnn-{b}", {}).get("error")]
        if failed:
            text += "; not timed: " + ", ".join(failed)
        out.append(text + ".")
    errors = [e["error"] for n in nets for e in results["networks"][n]["engines"].values()
              if e.get("error")]
    if any("did not finish" in e for e in errors):
        out.append("- A qnn build that did not finish within the compile timeout is a failure of "
                   "`qnn-compile`, not of the network: where it was sampled (gdb, MobileNet-v1 W8A8), "
                   "the time went to MLIR's one-shot bufferization analysis "
                   "(`runOneShotModuleBufferize` -> `insertTensorCopies` -> "
                   "`OneShotAnalysisState::analyzeOp` -> `findValueInReverseUseDefChain`). "
                   "`convert-qnn-quantized-to-kernels` expands a quantized grouped convolution into "
                   "one GEMM pipeline per group (the loop over groups in "
                   "`lib/Conversion/QuantizedToKernels/`), so MobileNet-v1's 13 depthwise layers "
                   "become 4,960 separate GEMMs, and the analysis grows faster than linearly with "
                   "that op count (a MobileNet-v1 W2A2 compile left without a timeout had not finished "
                   "after 22 minutes). qnn float is unaffected (one `linalg` depthwise op per layer), and "
                   "the demo CNN's 12-group layer compiles in seconds.")
    out.append("- qnn objects, by their disassembly (`objdump -d`): the kernels list below counts, "
               "per build, the instructions that tell which kernels it runs (`vfmadd*` f32 FMAs, "
               "`vpmaddwd`/`vpmaddubsw` int8 on AVX2, `vpdpbusd` VNNI, `vpopcntq` or the AVX2 "
               "`vpshufb` nibble count for bit-serial layers, zmm registers); they follow the CPU "
               "the build was compiled for (`qnn-compile` targets the host). The peers' int8 kernels are "
               "oneDNN's `brgconv_avx512_I8` (OpenVINO) and MLAS's QLinearConv (onnxruntime), which "
               "dispatch to AVX-512 VNNI code on a CPU that has it (their kernel names, not their "
               "instructions, were checked).")
    out.append("")
    return out


def compress_bits(items):
    """8/8, 8/8, 1/1 x19, 8/8 -> runs of equal entries."""
    out, i = [], 0
    while i < len(items):
        j = i
        while j < len(items) and items[j] == items[i]:
            j += 1
        out.append(items[i] + (f" x{j - i}" if j - i > 1 else ""))
        i = j
    return ", ".join(out)


def plot(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    nets = [n for n in NETWORKS if n in results["networks"]]
    fig, axes = plt.subplots(1, len(nets), figsize=(3.6 * len(nets) + 2.2, 5.6), sharey=True)
    axes = np.atleast_1d(axes)
    labels = [k for k in ENGINE_ORDER]
    for ax, n in zip(axes, nets):
        engines = results["networks"][n]["engines"]
        values = [engines.get(k, {}).get("ms") or 0 for k in labels]
        colors = ["tab:blue" if k.startswith("qnn-") else
                  ("tab:orange" if "int8" in k else "tab:gray") for k in labels]
        y = np.arange(len(labels))
        ax.barh(y, values, color=colors)
        ax.set_xscale("log")
        left = min(v for v in values if v) * 0.5 if any(values) else 1
        ax.set_xlim(left=left)
        for yi, val, k in zip(y, values, labels):
            if not val and engines.get(k, {}).get("error"):
                ax.text(left * 1.15, yi, "failed (see the table)", va="center", fontsize=7, color="tab:red")
        ax.set_title(NETWORK_TITLES[n], fontsize=10)
        ax.set_xlabel("ms per image (log)")
        ax.grid(axis="x", which="both", alpha=0.3)
    titles = []
    for k in labels:
        for n in nets:
            e = results["networks"][n]["engines"].get(k)
            if e:
                titles.append(e["title"].replace(" (--keep-float)", "").replace(
                    "PyTorch jit.optimize_for_inference", "PyTorch jit").replace(
                    " (W1A1, first/last 8-bit)", " W1A1").replace(" (first/last 8)", ""))
                break
        else:
            titles.append(k)
    axes[0].set_yticks(np.arange(len(labels)))
    axes[0].set_yticklabels(titles, fontsize=8)
    axes[0].invert_yaxis()
    m = results["machine"]
    fig.suptitle(f"qnn vs peers, one thread, batch 1: {m['cpu']}, "
                 f"AVX-512 VNNI {'yes' if m['flags'].get('avx512_vnni') else 'no'}, "
                 f"VPOPCNTDQ {'yes' if m['flags'].get('avx512_vpopcntdq') else 'no'}\n"
                 "blue: qnn builds, gray: float peers, orange: int8 peers", fontsize=10)
    fig.subplots_adjust(left=2.3 / fig.get_figwidth(), right=0.98, top=0.86, bottom=0.1, wspace=0.08)
    fig.savefig(path, dpi=110)


def report(args):
    with open(args.results) as f:
        results = json.load(f)
    text = section(results, os.path.basename(args.plot))
    doc = open(args.doc).read() if os.path.exists(args.doc) else ""
    if BEGIN_MARK in doc and END_MARK in doc:
        head = doc[:doc.index(BEGIN_MARK)]
        tail = doc[doc.index(END_MARK) + len(END_MARK):].lstrip("\n")
        doc = head + text + ("\n" + tail if tail else "")
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    with open(args.doc, "w") as f:
        f.write(doc)
    plot(results, args.plot)
    print(f"wrote {args.doc} and {args.plot}")
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--networks", nargs="+", default=NETWORKS)
    b = sub.add_parser("brevitas", help="the demo CNN exported by Brevitas (a smoke check)")
    b.add_argument("--out", required=True)
    r = sub.add_parser("run")
    r.add_argument("--work", required=True)
    r.add_argument("--bin", required=True, help="qnn's bin folder (for versions)")
    r.add_argument("--results", required=True)
    r.add_argument("--networks", nargs="+", default=NETWORKS)
    r.add_argument("--rounds", type=int, default=5)
    r.add_argument("--seconds", type=float, default=0.3, help="timed seconds per engine and round")
    r.add_argument("--min-calls", type=int, default=3)
    r.add_argument("--max-calls", type=int, default=2000)
    p = sub.add_parser("report")
    p.add_argument("--results", required=True)
    p.add_argument("--doc", required=True)
    p.add_argument("--plot", required=True)
    args = parser.parse_args()
    {"generate": generate, "brevitas": generate_brevitas, "run": run,
     "report": report}[args.command](args)


if __name__ == "__main__":
    main()
