#!/usr/bin/python3
"""Writes a random mixed-precision QONNX CNN (.onnx), one input batch and the
model's output for it computed by a NumPy interpreter of the ONNX graph.

The model (batch 8, 3 x 16 x 16 input, 10 classes) quantizes weights and
activations with QONNX `Quant` / `BipolarQuant` nodes (domain
qonnx.custom_op.general) at every bitwidth from 8 down to 1:

  layer   weights                  activations (input)
  conv1   s8 per channel           s8
          Relu, MaxPool 2x2
  conv2a  s6 narrow                u7
          Relu
  conv2b  s4 per channel           u5
          Quant s6 on the branch, Add with conv2a's dequantized input
          (the residual), Relu
  conv3   s2, stride 2             u3, zero point 1 (padding != code 0)
  conv4   bipolar per channel      bipolar (padding is real 0, no code)
          Relu, GlobalAveragePool, Flatten
  fc1     s3 per channel (Gemm)    u4
          Relu
  fc2     s7 (Gemm, classifier)    u2

The reference is `evaluate` below: it walks the graph's nodes in order and
computes each with QONNX's definitions (Quant: q = clip(round(x / scale +
zeropt), qmin, qmax) with round half to even, y = (q - zeropt) * scale;
BipolarQuant: y = (x >= 0 ? 1 : -1) * scale) and ONNX's (Conv, Gemm, Add,
Relu, MaxPool, GlobalAveragePool, Flatten) in float64, the quantizers'
division in float32 as the model's float32 tensors do. It reads only the
.onnx graph and shares no code with qnn.

Activation scales are calibrated on the input batch (a high percentile of
the partial graph's values over the largest code) and weight scales from the
weights, so that no layer is all clipped or all zero; the script checks that
every activation quantizer uses several codes and that the output is not
degenerate (varied values, more than one argmax class). A few choices make
the finer points of the semantics change the output, so that a compiler (or
a reference) that got one wrong fails the comparison:
- the input quantizer's scale is 2^-5 and one input value in 8 lies exactly
  half-way between two codes: ROUND is half to even, not half away from 0;
- conv2a's weight scale clips the 2% largest |w|: narrow = 1 gives -31, not
  -32, to the most negative ones;
- one conv4 weight in 16 is exactly 0, which BipolarQuant maps to +1;
- conv3's activation zero point 1 and conv4's bipolar codes mean that the
  zero padding (the real value 0) is not code 0.

Usage: qonnx_model.py --seed S --model m.onnx --input in.bin --reference ref.npy
The input is raw float32 (what examples/mixed-precision-cnn/run_model.c reads), the reference .npy.
"""
import argparse
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"
BATCH, SHAPE, CLASSES = 8, (3, 16, 16), 10


# ---------------------------------------------------------------------------
# The reference: a NumPy interpreter of the ONNX graph with QONNX semantics.
# ---------------------------------------------------------------------------
def attributes(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def check_attributes(node, allowed):
    unknown = set(attributes(node)) - set(allowed)
    if unknown:
        raise NotImplementedError(f"{node.name}: attributes {sorted(unknown)}")


def quant(x, scale, zeropt, bitwidth, signed, narrow, rounding_mode):
    """QONNX Quant. x / scale + zeropt in float32, as on float32 tensors."""
    bits = int(bitwidth)
    if bits != bitwidth or not 1 <= bits <= 8:
        raise ValueError(f"bitwidth {bitwidth}")
    if bits == 1 and signed:
        raise NotImplementedError("signed 1-bit Quant (use BipolarQuant)")
    shifted = (x.astype(np.float32) / scale.astype(np.float32)
               + zeropt.astype(np.float32))
    rounding = {"ROUND": np.round, "CEIL": np.ceil, "FLOOR": np.floor,
                "ROUND_TO_ZERO": np.trunc}[rounding_mode.upper()]
    if signed:
        low = -(2 ** (bits - 1)) + (1 if narrow else 0)
        high = 2 ** (bits - 1) - 1
    else:
        low, high = 0, 2 ** bits - 1 - (1 if narrow else 0)
    q = np.clip(rounding(shifted), low, high).astype(np.float64)
    return (q - zeropt.astype(np.float64)) * scale.astype(np.float64)


def conv(x, w, b, pads, strides, dilations, group):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    assert c == cg * group and o % group == 0
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, o, oh, ow))
    og = o // group
    for g in range(group):
        xs = xp[:, g * cg:(g + 1) * cg]
        wg = w[g * og:(g + 1) * og]
        for i in range(kh):
            for j in range(kw):
                r, s = i * dilations[0], j * dilations[1]
                patch = xs[:, :, r:r + strides[0] * (oh - 1) + 1:strides[0],
                           s:s + strides[1] * (ow - 1) + 1:strides[1]]
                y[:, g * og:(g + 1) * og] += np.einsum("nchw,oc->nohw", patch,
                                                       wg[:, :, i, j])
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def max_pool(x, kernel, strides, pads):
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])),
                constant_values=-np.inf)
    oh = (h + pads[0] + pads[2] - kernel[0]) // strides[0] + 1
    ow = (w + pads[1] + pads[3] - kernel[1]) // strides[1] + 1
    y = np.full((n, c, oh, ow), -np.inf)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            y = np.maximum(y, xp[:, :, i:i + strides[0] * (oh - 1) + 1:strides[0],
                                 j:j + strides[1] * (ow - 1) + 1:strides[1]])
    return y


def run_node(node, args):
    """One node of the graph on float64 arrays."""
    a = attributes(node)
    op = (node.domain, node.op_type)
    if op == (QONNX, "Quant"):
        check_attributes(node, ("signed", "narrow", "rounding_mode"))
        x, scale, zeropt, bitwidth = args
        return quant(x, scale, zeropt, float(bitwidth), a.get("signed", 1),
                     a.get("narrow", 0), a.get("rounding_mode", b"ROUND").decode())
    if op == (QONNX, "BipolarQuant"):
        check_attributes(node, ())
        x, scale = args
        return (np.where(x.astype(np.float32) >= 0, 1.0, -1.0)
                * scale.astype(np.float64))
    if node.domain not in ("", "ai.onnx"):
        raise NotImplementedError(f"{node.name}: {node.domain}.{node.op_type}")
    if node.op_type == "Conv":
        check_attributes(node, ("pads", "strides", "dilations", "group",
                                "kernel_shape"))
        x, w = args[:2]
        if "kernel_shape" in a:
            assert list(a["kernel_shape"]) == list(w.shape[2:])
        return conv(x, w, args[2] if len(args) > 2 else None,
                    a.get("pads", [0] * 4), a.get("strides", [1, 1]),
                    a.get("dilations", [1, 1]), a.get("group", 1))
    if node.op_type == "Gemm":
        check_attributes(node, ("alpha", "beta", "transA", "transB"))
        x, w = args[:2]
        if a.get("transA", 0):
            x = x.T
        if a.get("transB", 0):
            w = w.T
        y = a.get("alpha", 1.0) * (x @ w)
        if len(args) > 2:
            y = y + a.get("beta", 1.0) * args[2]
        return y
    if node.op_type == "Relu":
        return np.maximum(args[0], 0.0)
    if node.op_type == "Add":
        return args[0] + args[1]
    if node.op_type == "MaxPool":
        check_attributes(node, ("kernel_shape", "strides", "pads"))
        return max_pool(args[0], a["kernel_shape"], a.get("strides", [1, 1]),
                        a.get("pads", [0] * 4))
    if node.op_type == "GlobalAveragePool":
        return args[0].mean(axis=(2, 3), keepdims=True)
    if node.op_type == "Flatten":
        check_attributes(node, ("axis",))
        axis = a.get("axis", 1)
        x = args[0]
        return x.reshape(int(np.prod(x.shape[:axis])), -1)
    raise NotImplementedError(f"{node.name}: {node.op_type}")


def evaluate(model, x, wanted=None):
    """Every value of the graph on input x (float64), in node order."""
    graph = model.graph
    values = {init.name: numpy_helper.to_array(init).astype(np.float64)
              for init in graph.initializer}
    inputs = [i.name for i in graph.input if i.name not in values]
    assert len(inputs) == 1
    values[inputs[0]] = x.astype(np.float64)
    for node in graph.node:
        values[node.output[0]] = run_node(node, [values[i] for i in node.input])
        if node.output[0] == wanted:
            break
    return values


# ---------------------------------------------------------------------------
# The generator: builds the graph node by node, calibrating as it goes.
# ---------------------------------------------------------------------------
def significant(value, digits=3):
    """value rounded to a few significant digits (readable scales)."""
    return float(f"{value:.{digits - 1}e}")


class Builder:
    def __init__(self, rng, x):
        self.rng, self.x = rng, x
        self.nodes, self.initializers = [], []

    def model(self, output):
        graph = helper.make_graph(
            self.nodes, "qonnx_e2e",
            [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                           [BATCH, *SHAPE])],
            [helper.make_tensor_value_info(output, TensorProto.FLOAT,
                                           [BATCH, CLASSES])],
            self.initializers)
        opsets = [helper.make_opsetid("", 13), helper.make_opsetid(QONNX, 1)]
        return helper.make_model(graph, opset_imports=opsets, ir_version=8,
                                 producer_name="qnn test/e2e qonnx_model.py")

    def value(self, name):
        """A value of the partial graph on the input batch."""
        return evaluate(self.model(name), self.x, name)[name]

    def constant(self, name, array):
        self.initializers.append(
            numpy_helper.from_array(np.asarray(array, dtype=np.float32), name))
        return name

    def node(self, op, inputs, name, domain="", **attrs):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name,
                                           domain=domain, **attrs))
        return name

    def quant(self, name, x, scale, zeropt, bits, signed, narrow=0):
        return self.node("Quant", [x, self.constant(name + "_scale", scale),
                                   self.constant(name + "_zeropt", zeropt),
                                   self.constant(name + "_bits", float(bits))],
                         name, domain=QONNX, signed=signed, narrow=narrow,
                         rounding_mode="ROUND")

    def act_quant(self, name, x, bits, signed, zeropt=0.0, percentile=99.5):
        """An activation quantizer whose scale covers most of x's values."""
        values = self.value(x)
        top = (2 ** (bits - 1) - 1) if signed else (2 ** bits - 1 - zeropt)
        reach = np.percentile(np.abs(values) if signed else values, percentile)
        scale = significant(reach / top)
        return self.quant(name, x, np.float32(scale), np.float32(zeropt), bits,
                          signed)

    def bipolar(self, name, x, scale):
        return self.node("BipolarQuant",
                         [x, self.constant(name + "_scale", scale)], name,
                         domain=QONNX)

    def weights(self, *shape):
        fan_in = int(np.prod(shape[1:]))
        return self.rng.normal(0, np.sqrt(2.0 / fan_in), size=shape).astype(np.float32)

    def weight_quant(self, name, w, bits, per_channel, narrow=0, percentile=100):
        """Signed codes; the scale maps the largest |w| (per output channel
        or per tensor; or a percentile of |w|, clipping the rest) to the
        largest code."""
        top = 2 ** (bits - 1) - 1
        axes = tuple(range(1, w.ndim))
        if per_channel:
            scale = np.abs(w).max(axis=axes, keepdims=True) / top
            scale = np.vectorize(significant)(scale).astype(np.float32)
        else:
            scale = np.float32(significant(np.percentile(np.abs(w), percentile) / top))
        if narrow and (w / scale).min() >= -top - 0.5:
            sys.exit(f"{name}: no weight where the narrow range matters")
        wname = self.constant(name + "_w", w)
        return self.quant(name + "_wq", wname, scale, np.float32(0), bits, 1,
                          narrow)

    def conv(self, name, x, w, channels, pads=(1, 1, 1, 1), strides=(1, 1)):
        b = self.constant(name + "_b", self.rng.normal(0, 0.1, channels))
        return self.node("Conv", [x, w, b], name, pads=list(pads),
                         strides=list(strides))

    def gemm(self, name, x, w, outputs, centered=False):
        """A Gemm with a random bias; `centered` subtracts each output's mean
        over the batch (so that no class wins every image)."""
        bias = self.rng.normal(0, 0.1, outputs)
        if centered:
            # The batch mean of x w^T, from the same Gemm without a bias.
            self.node("Gemm", [x, w], name, transB=1)
            bias -= self.value(name).mean(axis=0)
            self.nodes.pop()
        b = self.constant(name + "_b", bias)
        return self.node("Gemm", [x, w, b], name, transB=1)


def build(seed):
    rng = np.random.default_rng(seed)
    # Images that differ in more than noise: per-image channel offsets and
    # contrast.
    x = (rng.normal(0, 1, size=(BATCH, *SHAPE))
         * rng.uniform(0.5, 1.5, size=(BATCH, 1, 1, 1))
         + rng.normal(0, 0.5, size=(BATCH, SHAPE[0], 1, 1))).astype(np.float32)
    # The input quantizer's scale is 2^-5, and one pixel in 8 lies exactly
    # half-way between two codes: rounding half to even (QONNX's ROUND, not
    # half away from zero) decides their codes.
    ties = rng.random(x.shape) < 0.125
    x[ties] = (np.floor(x[ties] * 32) + 0.5) / 32
    b = Builder(rng, x)

    # conv1: s8 x s8 (per-channel weights), Relu, MaxPool.
    v = b.quant("conv1_in", "input", np.float32(2.0 ** -5), np.float32(0), 8, 1)
    w = b.weight_quant("conv1", b.weights(16, 3, 3, 3), 8, per_channel=True)
    v = b.node("Relu", [b.conv("conv1", v, w, 16)], "relu1")
    v = b.node("MaxPool", [v], "pool1", kernel_shape=[2, 2], strides=[2, 2])

    # Residual block: conv2a (u7 x s6 narrow), Relu, conv2b (u5 x s4 per
    # channel), requantized to s6, plus the block's quantized input.
    block_in = b.act_quant("conv2a_in", v, 7, signed=0)
    # (A scale that clips the 2% largest |w|: the narrow range, -31 rather
    # than -32, decides the most negative codes.)
    w = b.weight_quant("conv2a", b.weights(16, 16, 3, 3), 6, per_channel=False,
                       narrow=1, percentile=98)
    v = b.node("Relu", [b.conv("conv2a", block_in, w, 16)], "relu2a")
    v = b.act_quant("conv2b_in", v, 5, signed=0)
    w = b.weight_quant("conv2b", b.weights(16, 16, 3, 3), 4, per_channel=True)
    v = b.conv("conv2b", v, w, 16)
    v = b.act_quant("branch_q", v, 6, signed=1, percentile=99.9)
    v = b.node("Relu", [b.node("Add", [v, block_in], "residual")], "relu2")

    # conv3: u3 with zero point 1 x s2, stride 2; no Relu before the
    # bipolar quantizer of conv4.
    v = b.act_quant("conv3_in", v, 3, signed=0, zeropt=1.0)
    w = b.weight_quant("conv3", b.weights(32, 16, 3, 3), 2, per_channel=False)
    v = b.conv("conv3", v, w, 32, strides=(2, 2))

    # conv4: bipolar x bipolar (per-channel weight scales: mean |w|).
    values = b.value(v)
    v = b.bipolar("conv4_in", v, np.float32(significant(np.abs(values).mean())))
    # Weights exactly 0 (one in 16), which BipolarQuant maps to +1.
    w4 = b.weights(32, 32, 3, 3)
    w4[rng.random(w4.shape) < 1 / 16] = 0
    w4_scale = np.vectorize(significant)(
        np.abs(w4).mean(axis=(1, 2, 3), keepdims=True)).astype(np.float32)
    w = b.bipolar("conv4_wq", b.constant("conv4_w", w4), w4_scale)
    v = b.node("Relu", [b.conv("conv4", v, w, 32)], "relu4")
    v = b.node("GlobalAveragePool", [v], "gap")
    v = b.node("Flatten", [v], "flatten")

    # fc1: u4 x s3 (per channel), Relu; fc2 (classifier): u2 x s7.
    v = b.act_quant("fc1_in", v, 4, signed=0)
    w = b.weight_quant("fc1", b.weights(24, 32), 3, per_channel=True)
    v = b.node("Relu", [b.gemm("fc1", v, w, 24)], "relu5")
    v = b.act_quant("fc2_in", v, 2, signed=0, percentile=90)
    w = b.weight_quant("fc2", b.weights(CLASSES, 24), 7, per_channel=False)
    v = b.gemm("fc2", v, w, CLASSES, centered=True)
    return b.model(v), x


def check_not_degenerate(model, x, y):
    """Every activation quantizer uses both bipolar codes or at least 4 of
    its codes, with at most a quarter of the values clipped to the largest,
    and the output is informative."""
    values = evaluate(model, x)
    inits = {i.name for i in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type not in ("Quant", "BipolarQuant") or node.input[0] in inits:
            continue
        value = values[node.output[0]]
        distinct = len(np.unique(value))
        if distinct < (2 if node.op_type == "BipolarQuant" else 4):
            sys.exit(f"{node.name}: only {distinct} distinct value(s)")
        clipped = np.mean(value == value.max())
        if node.op_type == "Quant" and clipped > 0.25:
            sys.exit(f"{node.name}: {clipped:.0%} of the values at the largest code")
    if len(np.unique(y.argmax(axis=1))) < 2:
        sys.exit("degenerate reference: the same class for every image")
    if np.std(y, axis=0).min() < 1e-3 * np.abs(y).max():
        sys.exit("degenerate reference: an output does not vary")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True, help="raw float32")
    parser.add_argument("--reference", required=True, help=".npy")
    args = parser.parse_args()
    model, x = build(args.seed)
    onnx.checker.check_model(model)
    # The reference from the saved file, as qnn-compile reads it.
    onnx.save(model, args.model)
    model = onnx.load(args.model)
    y = evaluate(model, x)[model.graph.output[0].name]
    assert y.shape == (BATCH, CLASSES), y.shape
    check_not_degenerate(model, x, y)
    x.tofile(args.input)
    np.save(args.reference, y.astype(np.float32))


if __name__ == "__main__":
    main()
