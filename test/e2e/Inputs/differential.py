#!/usr/bin/env python3
"""Randomized differential test of qnn-compile (docs/robustness.md).

Generates random quantized layers - Conv (shapes, strides, asymmetric
paddings, dilations, groups up to depthwise) and Gemm - with random weight
and activation codes (unsigned, signed, signed narrow, bipolar; bitwidths 1
to 8; per-tensor and per-channel weight scales; integer and half-integer zero
points), writes several layers into one QONNX model (each layer reads its
own slice of one flat input and the flattened outputs are concatenated, so
one compilation checks many layers), compiles each model with qnn-compile
for every kernel of KERNELS that can take all its layers and every target of
TARGETS, runs the object (natively, or under qemu-aarch64-static) and
compares the output with the NumPy reference below.

The reference shares no code with qnn: it computes QONNX's Quant /
BipolarQuant in float64 and the convolution as an explicit sum over the
kernel window, from the float input and weights. Inputs and weights are
drawn at least 0.15 of a code away from every rounding boundary, so that the
float32 division of the model and the float64 one of the reference give the
same codes; the integer part is then exact, and the outputs may differ only
by float rounding of the scales (tolerance: 1e-4 of the layer's largest
|output|).

Half of the quantized layers are requantized: their output (after a Relu,
half of the time) goes through a per-tensor Quant of 1, 2 or 8 bits, as a
layer feeding the next one does; qnn-compile then writes the codes in the
layer's epilogue (qnn-fuse-requantization; thresholds for 1 and 2 bits).
The reference quantizes its float64 output; where that output lies within
float32 rounding of a rounding boundary the two may differ by one code, and
only there one code step is allowed.

Float layers (the kernels f32-fma and f32-linalg, not among the default
--kernels): float Conv layers (the shapes above, random normal inputs,
weights and biases) followed by nothing, a Relu, a Clip or a ResNet block's
residual Add (then maybe a Relu or Clip), compiled with qnn-compile
--keep-float: f32-fma with the default --fma-float-convolutions (the
f32_fma kernel where the target has f32 FMA vectors, the linalg GEMM on
plain x86-64), f32-linalg with =false. Their reference is the same float64
convolution, their bound the float32 rounding error of any summation order
(float_tolerance). A second compilation with --profile tells which kernel
each layer took (float_kernels_taken); a layer that did not take the one
expected (expected_float_kernel) is a failure.

A kernel kind is one row of KERNELS: the qnn-compile flags that force it, a
predicate over the layers saying which models it can take and the targets
it runs on (int8-dot: those with a dot-product instruction). A target is
one row of TARGETS, with the host CPU flag it needs to run (if any) and
whether it has f32 FMA vectors.

Usage: differential.py --cases N --seed S --work DIR [--layers-per-model M]
       [--targets host,avx2,...] [--kernels auto,bitserial,...|f32-fma,...]
Exit status 0 when every output matches; prints the counts.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"
BATCH = 2


def f32_gemm_exact(layer):
    """qnn-select-kernels' rule for an exact f32 GEMM on codes: every partial
    sum below 2^24 (a bound on |code| products times the reduction)."""
    return layer["code_bound"] < (1 << 24)


def int8_dot_codes(layer):
    """qnn-select-kernels' rule for int8_dot: weight codes that fit a signed
    byte (all but u8) and sums below 2^31 (always, at these reductions)."""
    lo, hi = code_range(layer["weight"]["kind"], layer["weight"]["bits"])
    return lo >= -128 and hi <= 127 and layer["code_bound"] < (1 << 31)


def host_flags():
    """The host CPU's flags from /proc/cpuinfo (none elsewhere)."""
    try:
        with open("/proc/cpuinfo") as f:
            match = re.search(r"^flags\s*:(.*)$", f.read(), re.M)
    except OSError:
        return set()
    return set(match.group(1).split()) if match else set()


HOST_FLAGS = host_flags()
# The host takes an int8_dot micro-kernel: zmm vpdpbusd with AVX-512 F +
# VNNI, ymm vpdpbusd with AVX-VNNI, ymm vpmaddwd with AVX2.
HOST_DOT = ({"avx512f", "avx512_vnni"} <= HOST_FLAGS or "avx_vnni" in HOST_FLAGS
            or "avx2" in HOST_FLAGS)
# The host has f32 FMA vectors (qnn's TargetAttr::getFmaISA): AVX-512 F, or
# AVX2 + FMA.
HOST_FMA = "avx512f" in HOST_FLAGS or {"avx2", "fma"} <= HOST_FLAGS

# Kernel kinds: name -> (qnn-compile flags, predicate on each layer, targets
# it runs on or None for all). "auto" lets qnn-select-kernels choose
# (bit-serial, f32 or integer GEMM by plane pairs, int8_dot on a target with
# a dot-product instruction, the direct convolution for grouped ones).
# "int8-dot" needs the target's dot-product instruction: AVX-512 VNNI
# (zmm), AVX-VNNI (ymm), AVX2 (vpmaddwd on widened bytes), AArch64 dotprod
# (sdot) or i8mm (smmla, usmmla); elsewhere (plain x86-64, AArch64 without
# either) qnn-compile rejects it.
KERNELS = {
    "auto": ([], lambda layer: True, None),
    "bitserial": (["--kernel=bitserial"], lambda layer: True, None),
    "f32-gemm": (["--kernel=f32-gemm"], f32_gemm_exact, None),
    "f32-gemm-codes": (["--kernel=f32-gemm", "--keep-weights-packed=false"],
                       f32_gemm_exact, None),
    "int-gemm": (["--kernel=int-gemm"], lambda layer: True, None),
    "int8-dot": (["--kernel=int8-dot"], int8_dot_codes,
                 {"host", "avx2", "avx-vnni", "aarch64-dot", "aarch64-dot-i8mm"}
                 if HOST_DOT else
                 {"avx2", "avx-vnni", "aarch64-dot", "aarch64-dot-i8mm"}),
    # Float layers (--keep-float): f32_fma on every ungrouped convolution
    # where the target has f32 FMA vectors (the linalg GEMM elsewhere), and
    # the linalg GEMM forced; grouped ones take the direct convolution.
    "f32-fma": (["--keep-float"], lambda layer: True, None),
    "f32-linalg": (["--keep-float", "--fma-float-convolutions=false"],
                   lambda layer: True, None),
}


def float_kernel(kernel):
    """A kernel kind of float layers, which takes no quantized ones."""
    return "--keep-float" in KERNELS[kernel][0]


def takes(kernel, layer):
    return float_kernel(kernel) == is_float(layer) and KERNELS[kernel][1](layer)

# Targets: name -> (qnn-compile flags, C compiler, runner prefix, host CPU
# flag it needs to run or None, whether it has f32 FMA vectors: f32_fma
# there). "avx-vnni" is AVX2 + AVX-VNNI without
# AVX-512 (Alder Lake): int8_dot's ymm micro-kernel with VEX vpdpbusd,
# which a host without avx_vnni (Zen 4 has AVX-512 VNNI only) cannot run.
AARCH64_CC = ["aarch64-linux-gnu-gcc"]
QEMU = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"]
TARGETS = {
    "host": ([], ["cc"], [], None, HOST_FMA),
    "avx2": (["--target=x86_64-linux-gnu", "--mcpu=haswell"], ["cc"], [], None, True),
    "x86-64": (["--target=x86_64-linux-gnu", "--mcpu=x86-64"], ["cc"], [], None, False),
    "avx-vnni": (["--target=x86_64-linux-gnu", "--mcpu=alderlake"], ["cc"], [],
                 "avx_vnni", True),
    "aarch64": (["--target=aarch64-linux-gnu"], AARCH64_CC, QEMU, None, True),
    "aarch64-dot": (["--target=aarch64-linux-gnu", "--mattr=+dotprod"],
                    AARCH64_CC, QEMU, None, True),
    "aarch64-dot-i8mm": (["--target=aarch64-linux-gnu",
                          "--mattr=+dotprod,+i8mm"], AARCH64_CC, QEMU, None, True),
}


def runnable_targets(names):
    """The targets of `names` that this host can run, and a note on each
    one it cannot."""
    keep, notes = [], []
    for name in names:
        flag = TARGETS[name][3]
        if flag and flag not in HOST_FLAGS:
            notes.append("target %s skipped: the host CPU has no %s" % (name, flag))
        else:
            keep.append(name)
    return keep, notes


def kernel_runs_on(kernel, target):
    targets = KERNELS[kernel][2]
    return targets is None or target in targets


# ---------------------------------------------------------------- codes

def code_range(kind, bits):
    if kind == "bipolar":
        return -1, 1
    if kind == "unsigned":
        return 0, 2 ** bits - 1
    if kind == "narrow":
        return -(2 ** (bits - 1)) + 1, 2 ** (bits - 1) - 1
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def random_code_kind(rng, bits):
    if bits == 1:
        return rng.choice(["bipolar", "unsigned"])
    return rng.choice(["unsigned", "signed", "narrow"])


def random_zero_point(rng, kind, bits):
    if kind == "bipolar":
        return 0.0
    choice = rng.integers(0, 4)
    if choice == 0 or bits == 1:
        return 0.0
    lo, hi = code_range(kind, bits)
    zero = float(rng.integers(lo, hi + 1)) if choice in (1, 2) else 0.0
    if choice == 3:  # half-integer, as DoReFa's weights
        zero = float(rng.integers(lo, hi)) + 0.5
    return zero


def draw_values(rng, shape, kind, bits, scale, zero):
    """Float values whose codes are known: code + delta with |delta| <= 0.35
    (never near a rounding boundary), some beyond the range (clamped)."""
    lo, hi = code_range(kind, bits)
    if kind == "bipolar":
        magnitude = rng.uniform(0.05, 2.0, size=shape)
        sign = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
        values = sign * magnitude * scale
        values[rng.random(shape) < 0.03] = 0.0  # BipolarQuant(0) = +1
        return values.astype(np.float32)
    codes = rng.integers(lo - 1, hi + 2, size=shape).astype(np.float64)
    delta = rng.uniform(-0.35, 0.35, size=shape)
    # A code exactly at a half-integer zero point's grid is code - zero + delta.
    values = (codes - zero + delta) * scale
    return values.astype(np.float32)


def quant_reference(x, kind, bits, scale, zero):
    """QONNX Quant / BipolarQuant, dequantized, in float64."""
    x = x.astype(np.float64)
    if kind == "bipolar":
        return np.where(x >= 0, 1.0, -1.0) * scale
    lo, hi = code_range(kind, bits)
    q = np.clip(np.round(x / scale + zero), lo, hi)
    return (q - zero) * scale


def conv_reference(x, w, bias, strides, pads, dilations, group):
    """NCHW convolution by its definition, float64."""
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    top, left, bottom, right = pads
    xp = np.zeros((n, c, h + top + bottom, wd + left + right))
    xp[:, :, top:top + h, left:left + wd] = x
    oh = (h + top + bottom - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd + left + right - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, o, oh, ow))
    og = o // group
    for g in range(group):
        xs = xp[:, g * cg:(g + 1) * cg]
        ws = w[g * og:(g + 1) * og]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dilations[0]:i * dilations[0] + strides[0] * (oh - 1) + 1:strides[0],
                           j * dilations[1]:j * dilations[1] + strides[1] * (ow - 1) + 1:strides[1]]
                y[:, g * og:(g + 1) * og] += np.einsum("nchw,oc->nohw", patch, ws[:, :, i, j])
    if bias is not None:
        y += bias.reshape(1, -1, 1, 1)
    return y


# ---------------------------------------------------------------- layers

def random_quantizer(rng, per_channel_size=None, bits=None, kind=None):
    """A random quantizer; `bits` and `kind` fix those of its codes."""
    bits = int(rng.integers(1, 9)) if bits is None else bits
    kind = random_code_kind(rng, bits) if kind is None else kind
    zero = random_zero_point(rng, kind, bits)
    if per_channel_size and rng.random() < 0.5:
        scale = rng.choice([0.5, 0.25, 0.125, 0.0625]) * rng.uniform(0.5, 2.0, per_channel_size)
        scale = scale.astype(np.float32)
    else:
        scale = np.float32(rng.choice([1.0, 0.5, 0.25, 0.1, 0.03125, 0.013]))
    return {"bits": bits, "kind": kind, "zero": zero, "scale": scale}


def max_code(q):
    lo, hi = code_range(q["kind"], q["bits"])
    return max(abs(lo - q["zero"]), abs(hi - q["zero"]), abs(lo), abs(hi))


# With --reductions, every layer is a dense layer whose reduction length comes
# from that list in turn, and its codes from these (activation, weight) bits
# and kinds in turn (None: random): the bit-serial kernels' layouts at given
# reduction lengths, e.g. not multiples of a vector of words.
REDUCTION_CODES = [((1, "bipolar"), (1, "bipolar")), ((2, "unsigned"), (2, "signed")),
                   ((1, "bipolar"), (None, None)), ((None, None), (1, "bipolar")),
                   ((2, "unsigned"), (2, "unsigned")), ((None, None), (None, None))]


def dense_layer(rng, index, reduction):
    """A dense layer of `reduction` inputs and 1 to 40 outputs (partial
    panels of every width)."""
    n = int(rng.integers(1, 41))
    (abits, akind), (wbits, wkind) = REDUCTION_CODES[index % len(REDUCTION_CODES)]
    layer = {"name": "layer%d" % index, "op": "dense", "in_shape": (BATCH, reduction),
             "w_shape": (n, reduction),
             "act": random_quantizer(rng, bits=abits, kind=akind),
             "weight": random_quantizer(rng, per_channel_size=n, bits=wbits, kind=wkind),
             "bias": rng.random() < 0.5}
    layer["code_bound"] = max_code(layer["act"]) * max_code(layer["weight"]) * reduction
    return layer


def random_conv(rng, max_outputs=16, group_kinds=("one", "one", "two", "depthwise")):
    """The fields of a random Conv layer (shapes, strides, asymmetric
    paddings, dilations, groups 1, 2 or depthwise, drawn from `group_kinds`)
    and its reduction length and output channels."""
    group_kind = rng.choice(list(group_kinds))
    c = int(rng.integers(1, 9)) * (2 if group_kind == "two" else 1)
    group = {"one": 1, "two": 2, "depthwise": c}[group_kind]
    o = (group * int(rng.integers(1, 5)) if group_kind != "one"
         else int(rng.integers(1, max_outputs + 1)))
    kh, kw = int(rng.choice([1, 2, 3, 5])), int(rng.choice([1, 2, 3]))
    dil = (int(rng.choice([1, 1, 2])), int(rng.choice([1, 1, 2])))
    strides = (int(rng.choice([1, 1, 2, 3])), int(rng.choice([1, 2])))
    pads = [int(rng.integers(0, k)) for k in (kh, kw, kh, kw)]
    h = int(rng.integers(dil[0] * (kh - 1) + 1, 13))
    w = int(rng.integers(dil[1] * (kw - 1) + 1, 13))
    fields = dict(op="conv", in_shape=(BATCH, c, h, w),
                  w_shape=(o, c // group, kh, kw), group=group,
                  strides=strides, pads=pads, dilations=dil)
    return fields, (c // group) * kh * kw, o


def random_requantizer(rng):
    """Half of the time: the per-tensor quantizer of a quantized layer's
    output (1, 2 or 8 bits) and whether a Relu comes first; else None."""
    if rng.random() < 0.5:
        return None
    q = random_quantizer(rng, bits=int(rng.choice([1, 2, 2, 8])))
    q["scale"] = np.float32(q["scale"] * rng.uniform(1.0, 8.0))
    return {"quant": q, "relu": bool(rng.random() < 0.5)}


def random_layer(rng, index):
    layer = {"name": "layer%d" % index}
    if rng.random() < 0.7:
        fields, reduction, outputs = random_conv(rng)
        layer.update(fields)
    else:
        k = int(rng.choice([1, 3, 17, 64, 65, 100, 130, 200]))
        n = int(rng.integers(1, 33))
        layer.update(op="dense", in_shape=(BATCH, k), w_shape=(n, k))
        reduction = k
        outputs = n
    layer["act"] = random_quantizer(rng)
    layer["weight"] = random_quantizer(rng, per_channel_size=outputs)
    layer["bias"] = rng.random() < 0.5
    layer["code_bound"] = max_code(layer["act"]) * max_code(layer["weight"]) * reduction
    layer["requantize"] = random_requantizer(rng)
    return layer


# What follows a float convolution: nothing, a Relu, a Clip, the residual Add
# of a ResNet block (the convolution its only user, on either side), that Add
# then a Relu or a Clip, or a Relu beside a second user of the convolution
# (not fused).
FLOAT_EPILOGUES = ["none", "relu", "clip", "add", "add-left", "add-relu",
                   "add-clip", "relu-shared"]


def random_float_layer(rng, index):
    """A float (non-quantized) Conv layer with its epilogue: up to 20 output
    channels, so that f32_fma's 6-row tiles have row tails, and up to 144
    output pixels for its 16- and 64-column tiles; 3 in 5 ungrouped (those
    f32_fma takes)."""
    fields, _, _ = random_conv(rng, max_outputs=20,
                               group_kinds=("one", "one", "one", "two", "depthwise"))
    layer = dict(fields, name="layer%d" % index, op="float-conv",
                 bias=rng.random() < 0.5,
                 epilogue=str(rng.choice(FLOAT_EPILOGUES)))
    low = float(rng.choice([0.0, -0.5, -2.0]))
    layer["clip"] = (low, low + float(rng.choice([0.25, 1.0, 3.0])))
    return layer


def is_float(layer):
    return layer["op"] == "float-conv"


class Builder:
    """The nodes and initializers of one model, and the slices of its flat
    input [BATCH, total] that its layers read."""

    def __init__(self):
        self.nodes, self.inits, self.parts = [], [], []
        self.offset = 0

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(self, op, inputs, name, domain="", **attrs):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name,
                                           domain=domain, **attrs))
        return name

    def input(self, name, values):
        """The next slice of the flat input, holding `values` (BATCH first),
        reshaped to their shape."""
        size = int(np.prod(values.shape[1:]))
        self.parts.append(values.reshape(BATCH, size))
        sliced = self.node("Slice", ["input",
                                     self.const(name + "_starts", np.array([self.offset], np.int64)),
                                     self.const(name + "_ends", np.array([self.offset + size], np.int64)),
                                     self.const(name + "_axes", np.array([1], np.int64))],
                           name + "_slice")
        self.offset += size
        return self.node("Reshape", [sliced, self.const(name + "_shape", np.array(values.shape, np.int64))],
                         name + "_reshape")

    def conv(self, name, inputs, layer):
        return self.node("Conv", inputs, name, group=layer["group"],
                         strides=list(layer["strides"]), pads=layer["pads"],
                         dilations=list(layer["dilations"]),
                         kernel_shape=list(layer["w_shape"][2:]))

    def quant(self, name, x, q, per_channel_shape=None):
        scale = q["scale"]
        if np.ndim(scale) and per_channel_shape:
            scale = np.asarray(scale, np.float32).reshape(per_channel_shape)
        scale = self.const(name + "_scale", np.asarray(scale, np.float32))
        if q["kind"] == "bipolar":
            return self.node("BipolarQuant", [x, scale], name, QONNX)
        zero = self.const(name + "_zeropt", np.float32(q["zero"]))
        bits = self.const(name + "_bits", np.float32(q["bits"]))
        return self.node("Quant", [x, scale, zero, bits], name, QONNX,
                         signed=int(q["kind"] != "unsigned"),
                         narrow=int(q["kind"] == "narrow"),
                         rounding_mode="ROUND")


def conv_of(layer, x, w, bias):
    return conv_reference(x, w, bias, layer["strides"], layer["pads"],
                          layer["dilations"], layer["group"])


def quantized_layer(b, rng, layer):
    """Adds a quantized layer to `b`: its outputs and their reference."""
    name = layer["name"]
    act, wq = layer["act"], layer["weight"]
    xs = draw_values(rng, layer["in_shape"], act["kind"], act["bits"],
                     float(act["scale"]), act["zero"])
    w_per_channel = np.ndim(wq["scale"]) > 0
    w_scale = (np.asarray(wq["scale"]).reshape((-1,) + (1,) * (len(layer["w_shape"]) - 1))
               if w_per_channel else float(wq["scale"]))
    w = draw_values(rng, layer["w_shape"], wq["kind"], wq["bits"], w_scale,
                    wq["zero"])
    bias = (rng.normal(0, 1, layer["w_shape"][0]).astype(np.float32)
            if layer["bias"] else None)
    aq = b.quant(name + "_act", b.input(name, xs), act)
    wqn = b.quant(name + "_wq", b.const(name + "_w", w), wq,
                  per_channel_shape=(-1,) + (1,) * (len(layer["w_shape"]) - 1))
    inputs = [aq, wqn] + ([b.const(name + "_b", bias)] if bias is not None else [])
    xr = quant_reference(xs, act["kind"], act["bits"], float(act["scale"]), act["zero"])
    wr = quant_reference(w, wq["kind"], wq["bits"], w_scale, wq["zero"])
    if layer["op"] == "conv":
        y, ref = b.conv(name, inputs, layer), conv_of(layer, xr, wr, bias)
    else:
        y = b.node("Gemm", inputs, name, transB=1)
        ref = xr @ wr.T + (bias if bias is not None else 0)
    out = layer.get("requantize")
    if out:
        q = out["quant"]
        if out["relu"]:
            y = b.node("Relu", [y], name + "_relu")
            ref = np.maximum(ref, 0)
        y = b.quant(name + "_out", y, q)
        # Within float32 rounding of a rounding boundary (of the sign, for
        # bipolar codes) qnn's f32 value may round the other way.
        scaled = ref / float(q["scale"]) + (0 if q["kind"] == "bipolar" else q["zero"])
        # An exact 0 (a Relu's) is exact in both, even on a tie of a
        # half-integer zero point (and bipolar codes give it +1).
        near = (np.abs(scaled) if q["kind"] == "bipolar"
                else np.abs(scaled - np.floor(scaled) - 0.5))
        near = np.where(ref == 0, np.inf, near)
        layer["ambiguous"] = (near <= 1e-6 * (1 + np.abs(scaled))).reshape(BATCH, -1)
        layer["code_step"] = float(q["scale"]) * (2 if q["kind"] == "bipolar" else 1)
        ref = quant_reference(ref, q["kind"], q["bits"], float(q["scale"]), q["zero"])
    return [y], [ref]


# The float reference's error bound. Every product of two float32 values is
# exact in float64, so the reference is the exact sum up to float64 rounding
# (negligible). Computed in float32, a sum of n terms (the K = C/group x KH x
# KW products, the bias and the residual) in any order - a register-tiled
# kernel, a vectorized GEMM, with or without FMA contraction - is within
# gamma_n = n u / (1 - n u) of the sum of its terms' magnitudes, u = 2^-24
# (Higham, Accuracy and Stability of Numerical Algorithms, 3.1 and 4.2: each
# product and each addition rounds once). Relu and Clip are 1-Lipschitz, so
# the bound holds after them. It is at most 7.3e-6 of that sum here (n <=
# 8 x 5 x 3 + 2), while one product missing, doubled or misplaced moves the
# output by that product: about 1/n of the sum, hundreds of times the bound.
F32_UNIT = 2.0 ** -24


def float_tolerance(terms):
    return terms * F32_UNIT / (1 - terms * F32_UNIT)


def float_layer(b, rng, layer):
    """Adds a float Conv layer and its epilogue to `b`: its outputs, their
    reference and their error bounds (float_tolerance). The residual of an
    Add is, at random, the Relu of a slice of the input (a ResNet block's
    shortcut is the previous block's Relu: a buffer of its own) or the slice
    itself (a view into the input, which f32_fma reads in place)."""
    name, epilogue = layer["name"], layer["epilogue"]
    xs = rng.normal(0, 1, layer["in_shape"]).astype(np.float32)
    w = rng.normal(0, 1, layer["w_shape"]).astype(np.float32)
    bias = (rng.normal(0, 1, layer["w_shape"][0]).astype(np.float32)
            if layer["bias"] else None)
    inputs = [b.input(name, xs), b.const(name + "_w", w)]
    inputs += [b.const(name + "_b", bias)] if bias is not None else []
    y = b.conv(name, inputs, layer)
    x64, w64 = xs.astype(np.float64), w.astype(np.float64)
    ref = conv_of(layer, x64, w64, bias)
    magnitude = conv_of(layer, np.abs(x64), np.abs(w64),
                        None if bias is None else np.abs(bias))
    terms = int(np.prod(layer["w_shape"][1:])) + 2
    outputs, refs = [], []
    if epilogue.startswith("add"):
        residual = rng.normal(0, 1, ref.shape).astype(np.float32)
        other = b.input(name + "_residual", residual)
        if rng.random() < 0.5:
            other = b.node("Relu", [other], name + "_shortcut")
            residual = np.maximum(residual, 0)
        y = b.node("Add", [other, y] if epilogue == "add-left" else [y, other],
                   name + "_add")
        ref = ref + residual
        magnitude = magnitude + np.abs(residual)
    if epilogue == "relu-shared":
        outputs, refs = [y], [ref]
    if epilogue.endswith("relu") or epilogue == "relu-shared":
        y = b.node("Relu", [y], name + "_relu")
        ref = np.maximum(ref, 0)
    elif epilogue.endswith("clip"):
        low, high = layer["clip"]
        y = b.node("Clip", [y, b.const(name + "_min", np.float32(low)),
                            b.const(name + "_max", np.float32(high))], name + "_clip")
        ref = np.clip(ref, low, high)
    bound = float_tolerance(terms) * magnitude
    return outputs + [y], [(r, bound) for r in refs + [ref]]


def build_model(rng, layers):
    """One model: flat input [BATCH, total], a Slice + Reshape of it per
    layer input, the flattened outputs concatenated. Returns the model, the
    input and the reference output; a float layer gets its error bound
    (float_tolerance), `bound`."""
    b = Builder()
    reference, flat = [], []
    for layer in layers:
        if is_float(layer):
            outputs, pairs = float_layer(b, rng, layer)
            refs = [r for r, _ in pairs]
            layer["bound"] = np.concatenate([bound.reshape(BATCH, -1) for _, bound in pairs], axis=1)
        else:
            outputs, refs = quantized_layer(b, rng, layer)
        for i, y in enumerate(outputs):
            flat.append(b.node("Flatten", [y], "%s_flat%d" % (layer["name"], i), axis=1))
        refs = [r.reshape(BATCH, -1) for r in refs]
        layer["out_size"] = sum(r.shape[1] for r in refs)
        reference += refs
    b.node("Concat", flat, "output", axis=1)
    ref = np.concatenate(reference, axis=1)
    x = np.concatenate(b.parts, axis=1).astype(np.float32)
    graph = helper.make_graph(
        b.nodes, "differential",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, list(ref.shape))],
        b.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13),
                                                    helper.make_opsetid(QONNX, 1)])
    model.ir_version = 8
    return model, x, ref


def describe(layer):
    text = "%s %s in=%s w=%s" % (
        layer["name"], layer["op"], "x".join(map(str, layer["in_shape"])),
        "x".join(map(str, layer["w_shape"])))
    if is_float(layer):
        text += " bias=%d epilogue=%s" % (layer["bias"], layer["epilogue"])
        if layer["epilogue"].endswith("clip"):
            text += " clip=%s" % (layer["clip"],)
    else:
        a, w = layer["act"], layer["weight"]
        text += " act=%s%d z=%g w=%s%d z=%g %s" % (
            a["kind"], a["bits"], a["zero"], w["kind"], w["bits"], w["zero"],
            "per-channel" if np.ndim(w["scale"]) else "per-tensor")
        out = layer.get("requantize")
        if out:
            q = out["quant"]
            text += " out=%s%s%d z=%g s=%g" % ("relu+" if out["relu"] else "",
                                              q["kind"], q["bits"], q["zero"],
                                              float(q["scale"]))
    if layer["op"] != "dense":
        text += " group=%d strides=%s pads=%s dilations=%s" % (
            layer["group"], layer["strides"], layer["pads"], layer["dilations"])
    return text


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def expected_float_kernel(kernel, target, layer):
    """What a float layer must take: f32_fma where the target has f32 FMA
    vectors and it is not turned off, if ungrouped or depthwise (one channel
    per group); else the direct convolution if grouped, the linalg GEMM if
    not."""
    fma = kernel == "f32-fma" and TARGETS[target][4]
    depthwise = layer["group"] > 1 and layer["w_shape"][:2] == (layer["group"], 1)
    if layer["group"] > 1 and not (fma and depthwise):
        return "direct"
    return "f32_fma" if fma else "linalg"


PROFILE_ROW = re.compile(r'^ *\{"([^"]*)", "([^"]*)", [0-9]+u, "[^"]*"\},$', re.M)


def float_kernels_taken(header, layers):
    """The kernel each float layer took, from the profile rows of a header of
    qnn-compile --profile (node name, kind of step): the direct convolution
    is a "conv" step; the linalg GEMM a "gemm"; f32_fma an "f32_fma" step
    (the qnn.fma_matmul) and no rows of the Add, Relu or Clip it fused (a
    Relu beside a second user of the convolution is not fused)."""
    rows = PROFILE_ROW.findall(header)
    taken = []
    for layer in layers:
        name = layer["name"]
        steps = {step for node, step in rows if node == name}
        fusable = [] if layer["epilogue"] == "relu-shared" else ["_add", "_relu", "_clip"]
        if "conv" in steps:
            taken.append("direct")
        elif "gemm" in steps:
            taken.append("linalg")
        elif "f32_fma" not in steps:
            taken.append("none")
        elif any(node == name + suffix for node, _ in rows for suffix in fusable):
            taken.append("f32_fma, epilogue not fused")
        else:
            taken.append("f32_fma")
    return taken


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layers-per-model", type=int, default=10)
    parser.add_argument("--work", required=True)
    parser.add_argument("--qnn-compile", default="qnn-compile")
    parser.add_argument("--runner", required=True, help="run_model.c")
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help="targets the host cannot run (a CPU flag it "
                        "lacks) are skipped with a note")
    parser.add_argument("--kernels", default=",".join(k for k in KERNELS if not float_kernel(k)),
                        help="default: the quantized ones; f32-fma and "
                        "f32-linalg compile float layers (--keep-float)")
    parser.add_argument("--json", help="write the counts here")
    parser.add_argument("--matrix", choices=["pairs", "rotate", "cross", "full"],
                        default="rotate",
                        help="full: every kernel on every target; cross: "
                        "every kernel on the host and on AArch64 with dotprod "
                        "and i8mm, every target with auto and bitserial; "
                        "rotate (default): model m takes the m-th kernel "
                        "(cyclically) on every target and auto on the host, "
                        "so every kernel meets every target over as many "
                        "models as there are kernels; pairs: model m takes "
                        "the m-th (kernel, target) pair and auto on the host, "
                        "so that every pair is met once per kernels x "
                        "targets models (the cheapest, for long runs on a "
                        "shared machine)")
    parser.add_argument("--reductions",
                        help="comma-separated reduction lengths: every layer is "
                        "dense, with these in turn (and the codes of "
                        "REDUCTION_CODES in turn)")
    parser.add_argument("--break-reference", action="store_true",
                        help="self-test: perturb the reference, which must "
                        "then mismatch")
    args = parser.parse_args()
    targets, notes = runnable_targets(args.targets.split(","))
    kernels = args.kernels.split(",")
    for note in notes:
        print(note)
    # The (kernel, target) pairs that can run: int8-dot only where the target
    # has a dot-product instruction.
    pairs = [(k, t) for k in kernels for t in targets if kernel_runs_on(k, t)]
    os.makedirs(args.work, exist_ok=True)
    rng = np.random.default_rng(args.seed)

    counts = {"layers": 0, "models": 0, "compiles": 0, "layer_checks": 0,
              "mismatches": 0, "failures": 0, "per_target": {}, "per_kernel": {},
              "per_op": {}, "float_kernels_taken": {}, "float_error_to_bound": 0.0}
    start = time.time()
    index = 0
    problems = []
    while index < args.cases:
        count = min(args.layers_per_model, args.cases - index)
        mid = counts["models"]
        pair = pairs[mid % len(pairs)] if pairs else (None, None)
        # The kernel this model is for (pairs, rotate): its layers are drawn
        # until that kernel can take each of them, so that every kernel
        # meets as many layers as the others.
        focus = {"pairs": pair[0],
                 "rotate": kernels[mid % len(kernels)]}.get(args.matrix)
        # A model holds float layers or quantized ones (--keep-float takes no
        # QONNX model): those of its kernel, or of the m-th kernel.
        float_model = float_kernel(focus or kernels[mid % len(kernels)])
        lengths = ([int(k) for k in args.reductions.split(",")]
                   if args.reductions else None)

        def draw(i):
            if float_model:
                return random_float_layer(rng, index + i)
            if lengths:
                return dense_layer(rng, index + i,
                                   lengths[(index + i) % len(lengths)])
            return random_layer(rng, index + i)

        layers = []
        for i in range(count):
            layer = draw(i)
            for _ in range(1000):
                if not focus or takes(focus, layer):
                    break
                layer = draw(i)
            else:
                sys.exit(f"differential.py: no drawn layer suits kernel {focus}")
            layers.append(layer)
        index += count
        model, x, ref = build_model(rng, layers)
        if args.break_reference:
            ref = ref + 0.01 * np.abs(ref).max() + 1e-3
        counts["models"] += 1
        counts["layers"] += count
        for layer in layers:
            counts["per_op"][layer["op"]] = counts["per_op"].get(layer["op"], 0) + 1
            counts["requantized"] = counts.get("requantized", 0) + bool(layer.get("requantize"))
        base = os.path.join(args.work, "model%d" % mid)
        onnx.save(model, base + ".onnx")
        x.tofile(base + ".in.bin")
        # The kernels that can take every layer of this model.
        usable = [k for k in kernels if all(takes(k, l) for l in layers)]
        for kernel in usable:
            flags = KERNELS[kernel][0]
            for target in targets:
                if not kernel_runs_on(kernel, target):
                    continue
                if (args.matrix == "cross" and kernel not in ("auto", "bitserial")
                        and target not in ("host", "aarch64-dot-i8mm")):
                    continue
                if (args.matrix == "rotate" and kernel != focus
                        and not (kernel == "auto" and target == targets[0])):
                    continue
                if (args.matrix == "pairs" and (kernel, target) != pair
                        and not (kernel == "auto" and target == targets[0])):
                    continue
                tflags, cc, prefix = TARGETS[target][:3]
                stem = "%s.%s.%s" % (base, kernel, target)
                compiled = run([args.qnn_compile, base + ".onnx", "-o", stem + ".o"] + flags + tflags)
                counts["compiles"] += 1
                tag = "model%d kernel=%s target=%s" % (mid, kernel, target)
                if compiled.returncode != 0:
                    counts["failures"] += 1
                    problems.append(tag + ": qnn-compile failed: " + compiled.stderr.strip()[:500])
                    continue
                linked = run(cc + ["-O1", "-include", stem + ".h", args.runner, stem + ".o",
                                   "-lm", "-o", stem + ".exe"])
                if linked.returncode != 0:
                    counts["failures"] += 1
                    problems.append(tag + ": link failed: " + linked.stderr.strip()[:500])
                    continue
                if float_kernel(kernel):
                    # The kernels the layers took, from a second compilation
                    # with --profile (the same lowering, timed): a fallback
                    # from f32_fma to the linalg GEMM is a failure.
                    profiled = run([args.qnn_compile, base + ".onnx", "-o", stem + ".profile.o",
                                    "--profile"] + flags + tflags)
                    if profiled.returncode != 0:
                        counts["failures"] += 1
                        problems.append(tag + ": qnn-compile --profile failed: " + profiled.stderr.strip()[:500])
                        continue
                    with open(stem + ".profile.h") as f:
                        taken = float_kernels_taken(f.read(), layers)
                    for layer, seen in zip(layers, taken):
                        seen_counts = counts["float_kernels_taken"]
                        seen_counts[seen] = seen_counts.get(seen, 0) + 1
                        want = expected_float_kernel(kernel, target, layer)
                        if seen != want:
                            counts["failures"] += 1
                            problems.append("%s: took %s, not %s: %s" % (tag, seen, want, describe(layer)))
                executed = run(prefix + [stem + ".exe", base + ".in.bin", stem + ".out.bin", "0"])
                if executed.returncode != 0:
                    counts["failures"] += 1
                    problems.append(tag + ": run failed: " + executed.stderr.strip()[:500])
                    continue
                y = np.fromfile(stem + ".out.bin", np.float32).reshape(ref.shape)
                counts["per_target"][target] = counts["per_target"].get(target, 0) + count
                counts["per_kernel"][kernel] = counts["per_kernel"].get(kernel, 0) + count
                offset = 0
                for layer in layers:
                    size = layer["out_size"]
                    got = y[:, offset:offset + size].astype(np.float64)
                    want = ref[:, offset:offset + size]
                    offset += size
                    counts["layer_checks"] += 1
                    if is_float(layer):  # float_tolerance, per output
                        bound = layer["bound"]
                        ratio = np.abs(got - want) / np.where(bound > 0, bound, 1e-300)
                        worst = np.unravel_index(np.argmax(ratio), ratio.shape)
                        error, tolerance = float(np.abs(got - want)[worst]), float(bound[worst])
                        counts["float_error_to_bound"] = max(counts["float_error_to_bound"],
                                                             float(ratio[worst]))
                    else:
                        tolerance = 1e-4 * max(1.0, float(np.abs(want).max()))
                        difference = np.abs(got - want)
                        if "ambiguous" in layer:  # one code step, only there
                            ambiguous = layer["ambiguous"]
                            counts["ambiguous_codes"] = (counts.get("ambiguous_codes", 0)
                                                         + int(ambiguous.sum()))
                            difference = np.where(
                                ambiguous & (difference <= layer["code_step"] * (1 + 1e-6)),
                                0.0, difference)
                        error = float(difference.max())
                    if not error <= tolerance:
                        counts["mismatches"] += 1
                        problems.append("%s: mismatch %.6g > %.3g: %s" % (tag, error, tolerance, describe(layer)))
                if args.json:  # progress, for runs cut short
                    with open(args.json, "w") as f:
                        json.dump(dict(counts, problems=problems,
                                       seconds=round(time.time() - start, 1)),
                                  f, indent=1, sort_keys=True)
                for suffix in (".o", ".h", ".exe", ".out.bin", ".profile.o", ".profile.h"):
                    try:
                        os.remove(stem + suffix)
                    except OSError:
                        pass
    counts["seconds"] = round(time.time() - start, 1)
    for problem in problems[:50]:
        print(problem)
    print("layers %d in %d models; %d compilations; %d layer checks; "
          "%d mismatches; %d failures; %.0f s" % (
              counts["layers"], counts["models"], counts["compiles"],
              counts["layer_checks"], counts["mismatches"], counts["failures"],
              counts["seconds"]))
    print("checks per target:", json.dumps(counts["per_target"], sort_keys=True))
    print("checks per kernel:", json.dumps(counts["per_kernel"], sort_keys=True))
    print("layers per op:", json.dumps(counts["per_op"], sort_keys=True))
    print("requantized layers: %d; outputs within rounding of a code boundary: %d" % (
        counts.get("requantized", 0), counts.get("ambiguous_codes", 0)))
    if counts["float_kernels_taken"]:
        print("float layers took (per layer check):",
              json.dumps(counts["float_kernels_taken"], sort_keys=True))
        print("largest float error / bound: %.3g" % counts["float_error_to_bound"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(counts, f, indent=1, sort_keys=True)
    return 0 if counts["mismatches"] == 0 and counts["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
