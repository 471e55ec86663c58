#!/usr/bin/python3
"""Writes the small ONNX models that test qnn-translate --import-onnx.

The .onnx files beside this script are its output, kept in the repository so
that the tests need neither Python nor onnx; test/Target/ONNX/generator.test
checks that they are current. Regenerate with

    /usr/bin/python3 test/Target/ONNX/Inputs/make_models.py

Values are small and regular (ramps, fractions of powers of two) so that the
tests can check the constants the importer derives from them exactly.
"""

import argparse
import os
import warnings

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Pinned so that the files do not change with the installed onnx version.
IR_VERSION = 8
QONNX = "qonnx.custom_op.general"
FINN = "finn.custom_op.general"
BREVITAS = "onnx.brevitas"


def ramp(shape, scale=1.0, offset=0.0):
    """1, 2, 3, ... (times scale, plus offset) in the given shape, float32."""
    count = int(np.prod(shape))
    return (np.arange(1, count + 1, dtype=np.float32) * scale + offset).reshape(shape)


def raw(name, array):
    """An initializer stored as raw little-endian bytes (what exporters write)."""
    return numpy_helper.from_array(np.asarray(array), name)


def listed(name, array, data_type=TensorProto.FLOAT):
    """An initializer stored element by element (float_data / int64_data)."""
    array = np.asarray(array)
    return helper.make_tensor(name, data_type, array.shape, array.flatten().tolist())


def value(name, shape, elem_type=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem_type, shape)


def model(nodes, inputs, outputs, initializers=(), opset=13, domains=()):
    graph = helper.make_graph(list(nodes), "test", list(inputs), list(outputs),
                              list(initializers))
    opsets = [helper.make_opsetid("", opset)]
    opsets += [helper.make_opsetid(domain, 1) for domain in domains]
    return helper.make_model(graph, opset_imports=opsets, ir_version=IR_VERSION,
                             producer_name="qnn make_models.py")


def scalar(name, number):
    return listed(name, np.array(number, dtype=np.float32))


def quant(name, x, scale, zeropt, bitwidth, output, domain=QONNX, op="Quant",
          **attrs):
    return helper.make_node(op, [x, scale, zeropt, bitwidth], [output],
                            name=name, domain=domain, **attrs)


MODELS = {}


def register(function):
    MODELS[function.__name__] = function
    return function


# --- Convolutions -----------------------------------------------------------

def conv_model(x_shape, w_shape, y_shape, bias=False, **attrs):
    inputs = ["x", "w"] + (["b"] if bias else [])
    initializers = [raw("w", ramp(w_shape, 0.125))]
    if bias:
        initializers.append(listed("b", ramp([w_shape[0]], 0.5)))
    node = helper.make_node("Conv", inputs, ["y"], name="conv", **attrs)
    return model([node], [value("x", x_shape)], [value("y", y_shape)],
                 initializers)


@register
def conv():
    # 108 weights: printed as a hex blob, taken from raw data.
    return conv_model([1, 3, 8, 8], [4, 3, 3, 3], [1, 4, 8, 8], bias=True,
                      pads=[1, 1, 1, 1], kernel_shape=[3, 3])


@register
def conv_strided():
    return conv_model([1, 2, 9, 9], [3, 2, 3, 3], [1, 3, 4, 5],
                      strides=[2, 2], dilations=[2, 2], pads=[0, 1, 2, 3])


@register
def conv_same_upper():
    return conv_model([1, 2, 7, 7], [2, 2, 2, 2], [1, 2, 4, 4],
                      strides=[2, 2], auto_pad="SAME_UPPER")


@register
def conv_same_lower():
    return conv_model([1, 2, 7, 7], [2, 2, 2, 2], [1, 2, 4, 4],
                      strides=[2, 2], auto_pad="SAME_LOWER")


@register
def conv_valid():
    return conv_model([1, 2, 7, 7], [2, 2, 2, 2], [1, 2, 3, 3],
                      strides=[2, 2], auto_pad="VALID")


@register
def conv_depthwise():
    return conv_model([1, 4, 5, 5], [4, 1, 3, 3], [1, 4, 5, 5], bias=True,
                      group=4, pads=[1, 1, 1, 1])


@register
def conv_grouped():
    return conv_model([1, 4, 5, 5], [6, 2, 1, 1], [1, 6, 5, 5], group=2)


# --- Fully connected --------------------------------------------------------

@register
def gemm_transb1():
    # weight = alpha * B (O x K already), bias = beta * C.
    node = helper.make_node("Gemm", ["x", "B", "C"], ["y"], name="fc",
                            alpha=0.5, beta=2.0, transB=1)
    return model([node], [value("x", [1, 4])], [value("y", [1, 3])],
                 [listed("B", ramp([3, 4])), listed("C", ramp([3]))])


@register
def gemm_transb0():
    # weight = alpha * B^T; C of shape 1 x N is a bias.
    node = helper.make_node("Gemm", ["x", "B", "C"], ["y"], name="fc",
                            alpha=2.0)
    return model([node], [value("x", [1, 4])], [value("y", [1, 3])],
                 [listed("B", ramp([4, 3])), listed("C", ramp([1, 3]))])


@register
def gemm_full_c():
    # C differs between rows: an add after the dense layer, not a bias.
    node = helper.make_node("Gemm", ["x", "B", "C"], ["y"], name="fc",
                            beta=0.5, transB=1)
    return model([node], [value("x", [2, 4])], [value("y", [2, 3])],
                 [listed("B", ramp([3, 4])), listed("C", ramp([2, 3]))])


@register
def matmul():
    nodes = [helper.make_node("MatMul", ["x", "B"], ["m"], name="matmul"),
             helper.make_node("Add", ["m", "bias"], ["y"], name="bias_add")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 3])],
                 [listed("B", ramp([4, 3])), listed("bias", ramp([3], 0.25))])


# --- Pooling, normalization, elementwise --------------------------------------

@register
def pool():
    nodes = [
        helper.make_node("MaxPool", ["x"], ["p1"], name="max1",
                         kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("AveragePool", ["p1"], ["p2"], name="avg1",
                         kernel_shape=[2, 2], pads=[0, 0, 1, 1],
                         count_include_pad=1),
        helper.make_node("MaxPool", ["p2"], ["p3"], name="max2",
                         kernel_shape=[2, 2], strides=[2, 2],
                         auto_pad="SAME_UPPER"),
        # ceil_mode changes nothing here (the window fits exactly).
        helper.make_node("AveragePool", ["p3"], ["p4"], name="avg2",
                         kernel_shape=[2, 2], ceil_mode=1),
        helper.make_node("GlobalAveragePool", ["p4"], ["y"], name="gap"),
    ]
    return model(nodes, [value("x", [1, 2, 8, 8])], [value("y", [1, 2, 1, 1])])


@register
def batch_norm():
    node = helper.make_node("BatchNormalization",
                            ["x", "gamma", "beta", "mean", "var"], ["y"],
                            name="bn", epsilon=1e-3, momentum=0.9)
    return model([node], [value("x", [1, 3, 4, 4])], [value("y", [1, 3, 4, 4])],
                 [listed("gamma", ramp([3])), listed("beta", ramp([3], 0.5)),
                  listed("mean", ramp([3], 0.25)), listed("var", ramp([3], 2.0))])


@register
def elementwise():
    nodes = [
        # A per-channel constant broadcast over H and W.
        helper.make_node("Add", ["x", "channel_bias"], ["a"], name="add_channel"),
        # A scalar on the left.
        helper.make_node("Mul", ["half", "a"], ["m"], name="mul_scalar"),
        helper.make_node("Add", ["m", "m"], ["s"], name="add_same"),
        # Two constants fold into one.
        helper.make_node("Add", ["k1", "k2"], ["k"], name="add_constants"),
        helper.make_node("Mul", ["s", "k"], ["y"], name="mul_folded"),
    ]
    return model(nodes, [value("x", [1, 2, 2, 2])], [value("y", [1, 2, 2, 2])],
                 [listed("channel_bias", ramp([2, 1, 1])), scalar("half", 0.5),
                  listed("k1", ramp([2])), listed("k2", ramp([2], 2.0))])


@register
def reshape():
    nodes = [
        helper.make_node("Reshape", ["x", "shape1"], ["r1"], name="reshape1"),
        helper.make_node("Flatten", ["r1"], ["f"], name="flatten", axis=-1),
        helper.make_node("Constant", [], ["shape2"], name="shape_constant",
                         value=listed("", np.array([1, 24]), TensorProto.INT64)),
        helper.make_node("Reshape", ["f", "shape2"], ["r2"], name="reshape2"),
        helper.make_node("Flatten", ["r2"], ["y"], name="flatten_default"),
    ]
    return model(nodes, [value("x", [1, 2, 3, 4])], [value("y", [1, 24])],
                 [raw("shape1", np.array([0, -1, 4], dtype=np.int64))])


@register
def softmax_opset11():
    nodes = [helper.make_node("Softmax", ["x"], ["s"], name="softmax_2d"),
             helper.make_node("Reshape", ["s", "shape"], ["r"], name="reshape"),
             helper.make_node("Softmax", ["r"], ["y"], name="softmax_last",
                              axis=3)]
    return model(nodes, [value("x", [1, 12])], [value("y", [1, 3, 2, 2])],
                 [raw("shape", np.array([1, 3, 2, 2], dtype=np.int64))],
                 opset=11)


@register
def softmax_opset13():
    nodes = [helper.make_node("Softmax", ["x"], ["s"], name="softmax_channels",
                              axis=1),
             helper.make_node("Softmax", ["s"], ["y"], name="softmax_default")]
    return model(nodes, [value("x", [1, 3, 2, 2])], [value("y", [1, 3, 2, 2])])


@register
def clip_inputs():
    nodes = [helper.make_node("Clip", ["x", "zero", "six"], ["c"], name="relu6"),
             helper.make_node("Clip", ["c", "minus_one"], ["y"], name="min_only")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [scalar("zero", 0.0), scalar("six", 6.0),
                  scalar("minus_one", -1.0)], opset=11)


@register
def clip_attributes():
    # The opset < 11 form (bounds as attributes), which some exporters still
    # write into newer models.
    node = helper.make_node("Clip", ["x"], ["y"], name="relu6", min=0.0, max=6.0)
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])], opset=11)


@register
def dropout():
    nodes = [helper.make_node("Identity", ["x"], ["i"], name="identity"),
             helper.make_node("Dropout", ["i", "ratio"], ["d"], name="dropout"),
             helper.make_node("Relu", ["d"], ["y"], name="relu")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [scalar("ratio", 0.5)])


@register
def dropout_opset11():
    nodes = [helper.make_node("Dropout", ["x"], ["d"], name="dropout", ratio=0.5),
             helper.make_node("Relu", ["d"], ["y"], name="relu")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])], opset=11)


@register
def batch_symbolic():
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    return model([node], [value("x", ["N", 4])], [value("y", ["N", 4])])


# --- QONNX quantizers ---------------------------------------------------------

@register
def quant_conv():
    # 4-bit unsigned activations, 3-bit signed narrow-range weights.
    nodes = [
        quant("quant_act", "x", "act_scale", "zero", "four", "xq", signed=0,
              narrow=0, rounding_mode="ROUND"),
        quant("quant_weight", "w", "w_scale", "zero", "three", "wq", signed=1,
              narrow=1, rounding_mode="ROUND"),
        helper.make_node("Conv", ["xq", "wq"], ["c"], name="conv",
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["y"], name="relu"),
    ]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 3, 4, 4])],
                 [raw("w", ramp([3, 2, 3, 3], 0.0625, -1.0)),
                  scalar("act_scale", 0.5), scalar("w_scale", 0.25),
                  scalar("zero", 0.0), scalar("four", 4.0),
                  scalar("three", 3.0)],
                 domains=[QONNX])


@register
def quant_trunc():
    # Brevitas' TruncAvgPool2d: 4-bit codes (scale 0.5), a 2 x 2 average
    # pool, Trunc version 2 back to 4 bits (input grid 0.125, out_scale 0.5:
    # 2 bits dropped, rounding_mode in lower case); the convolution after it
    # takes the codes.
    nodes = [
        quant("quant_act", "x", "act_scale", "zero", "four", "xq", signed=0,
              narrow=0),
        helper.make_node("AveragePool", ["xq"], ["p"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Trunc", ["p", "grid", "zero", "six", "act_scale",
                                   "four"], ["t"], name="trunc", domain=QONNX,
                         rounding_mode="round", signed=0, narrow=0),
        quant("quant_weight", "w", "w_scale", "zero", "four", "wq", signed=1,
              narrow=0),
        helper.make_node("Conv", ["t", "wq"], ["y"], name="conv"),
    ]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 2, 2, 2])],
                 [raw("w", ramp([2, 2, 1, 1], 0.25, -1.0)),
                  scalar("act_scale", 0.5), scalar("grid", 0.125),
                  scalar("w_scale", 0.25), scalar("zero", 0.0),
                  scalar("four", 4.0), scalar("six", 6.0)],
                 domains=[QONNX])


@register
def quant_trunc_v1():
    # Trunc version 1 (5 inputs: no out_scale, no clamp): 6 - 4 = 2 bits
    # dropped, FLOOR; the codes keep the input scale, signed, 4 + 2 bits.
    nodes = [
        helper.make_node("Trunc", ["x", "grid", "zero", "six", "four"], ["y"],
                         name="trunc", domain=QONNX, rounding_mode="FLOOR"),
    ]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [scalar("grid", 0.125), scalar("zero", 0.0),
                  scalar("four", 4.0), scalar("six", 6.0)],
                 domains=[QONNX])


@register
def quant_bias32():
    # A 32-bit Quant of the bias (Brevitas' Int32Bias), evaluated at import:
    # 0.3 / 0.25 = 1.2 -> 1 -> 0.25; 0.9 / 0.25 = 3.6 -> 4 -> 1.0.
    nodes = [
        quant("quant_bias", "b", "b_scale", "zero", "thirtytwo", "bq",
              signed=1, narrow=0),
        helper.make_node("Gemm", ["x", "w", "bq"], ["y"], name="fc", transB=1),
    ]
    return model(nodes, [value("x", [1, 2])], [value("y", [1, 2])],
                 [listed("w", np.array([[1, 2], [3, 4]], np.float32)),
                  listed("b", np.array([0.3, 0.9], np.float32)),
                  scalar("b_scale", 0.25), scalar("zero", 0.0),
                  scalar("thirtytwo", 32.0)],
                 domains=[QONNX])


@register
def quant_per_channel():
    # Per output channel weight scales (3 x 1 x 1 x 1 -> axis 0) with a
    # per-tensor zero point, and a half-integer activation zero point.
    nodes = [
        quant("quant_act", "x", "act_scale", "act_zero", "two", "xq", signed=0,
              narrow=0),
        quant("quant_weight", "w", "w_scale", "zero", "four", "wq", signed=1,
              narrow=0),
        helper.make_node("Conv", ["xq", "wq"], ["y"], name="conv"),
    ]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 3, 4, 4])],
                 [listed("w", ramp([3, 2, 1, 1], 0.25)),
                  listed("w_scale", np.array([0.5, 0.25, 0.125],
                                             dtype=np.float32).reshape(3, 1, 1, 1)),
                  scalar("act_scale", 0.25), scalar("act_zero", 1.5),
                  scalar("zero", 0.0), scalar("two", 2.0), scalar("four", 4.0)],
                 domains=[QONNX])


@register
def quant_dense():
    # Quantized K x N weights of MatMul and Gemm (transB = 0) are transposed
    # for qnn.dense, and their per-column scales become per-row (axis 0).
    nodes = [
        quant("quant_b", "B", "b_scale", "zero", "four", "Bq", signed=1,
              narrow=0),
        helper.make_node("MatMul", ["x", "Bq"], ["m"], name="matmul"),
        quant("quant_g", "G", "g_scale", "zero", "four", "Gq", signed=1,
              narrow=1),
        helper.make_node("Gemm", ["m", "Gq", "c"], ["y"], name="gemm"),
    ]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 2])],
                 [listed("B", ramp([4, 3], 0.25)),
                  listed("b_scale", np.array([[0.5, 0.25, 0.125]], dtype=np.float32)),
                  listed("G", ramp([3, 2], 0.5)), scalar("g_scale", 0.5),
                  listed("c", ramp([2])), scalar("zero", 0.0),
                  scalar("four", 4.0)],
                 domains=[QONNX])


@register
def bipolar():
    nodes = [
        helper.make_node("BipolarQuant", ["x", "one"], ["xb"], name="binarize_act",
                         domain=QONNX),
        helper.make_node("BipolarQuant", ["w", "w_scale"], ["wb"],
                         name="binarize_weight", domain=QONNX),
        helper.make_node("Conv", ["xb", "wb"], ["y"], name="conv",
                         pads=[1, 1, 1, 1]),
    ]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 2, 4, 4])],
                 [raw("w", ramp([2, 2, 3, 3], 1.0, -18.0)), scalar("one", 1.0),
                  listed("w_scale", np.array([0.5, 0.25],
                                             dtype=np.float32).reshape(2, 1, 1, 1))],
                 domains=[QONNX])


@register
def bipolar_after_relu():
    # How Brevitas 0.13.4 exports an unsigned 1-bit QuantReLU: Relu, then
    # BipolarQuant, whose codes are then all +1.
    nodes = [
        helper.make_node("Relu", ["x"], ["r"], name="relu"),
        helper.make_node("BipolarQuant", ["r", "one"], ["rb"],
                         name="binarize_relu", domain=QONNX),
        helper.make_node("BipolarQuant", ["w", "one"], ["wb"],
                         name="binarize_weight", domain=QONNX),
        helper.make_node("Conv", ["rb", "wb"], ["y"], name="conv"),
    ]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 2, 2, 2])],
                 [raw("w", ramp([2, 2, 3, 3], 1.0, -18.0)), scalar("one", 1.0)],
                 domains=[QONNX])


@register
def quant_domains():
    # One quantizer per domain and rounding mode; a signed 1-bit Quant is
    # the sign, as QONNX executes it. The legacy onnx.brevitas domain has no
    # opset_import entry, as in some older Brevitas exports.
    nodes = [
        quant("finn_floor", "x", "scale", "zero", "two", "a", domain=FINN,
              signed=0, narrow=0, rounding_mode="FLOOR"),
        quant("brevitas_ceil", "a", "scale", "zero", "three", "b",
              domain=BREVITAS, signed=1, narrow=1, rounding_mode="CEIL"),
        quant("qonnx_to_zero", "b", "scale", "zero", "eight", "c",
              op="IntQuant", signed=0, narrow=0, rounding_mode="ROUND_TO_ZERO"),
        quant("qonnx_sign", "c", "scale", "zero", "one", "y", signed=1, narrow=0),
    ]
    return model(nodes, [value("x", [1, 8])], [value("y", [1, 8])],
                 [scalar("scale", 0.5), scalar("zero", 0.0), scalar("one", 1.0),
                  scalar("two", 2.0), scalar("three", 3.0),
                  scalar("eight", 8.0)],
                 domains=[FINN, QONNX])


# --- Models the importer must reject ------------------------------------------

@register
def identity_graph():
    # The output is the input (Identity, then Dropout in inference).
    nodes = [helper.make_node("Identity", ["x"], ["i"], name="identity"),
             helper.make_node("Dropout", ["i"], ["y"], name="dropout")]
    return model(nodes, [value("x", [1, 6])], [value("y", [1, 6])])


@register
def error_unsupported_op():
    node = helper.make_node("Einsum", ["x"], ["y"], name="einsum",
                            equation="ij->ji")
    return model([node], [value("x", [2, 3])], [value("y", [3, 2])])


@register
def error_unsupported_custom_op():
    node = helper.make_node("MultiThreshold", ["x", "t"], ["y"], name="threshold",
                            domain=QONNX)
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])],
                 [listed("t", ramp([4, 1]))], domains=[QONNX])


@register
def error_missing_initializer():
    node = helper.make_node("Conv", ["x", "conv.weight"], ["y"], name="conv")
    return model([node], [value("x", [1, 3, 8, 8])], [value("y", [1, 4, 6, 6])])


@register
def error_nonconstant_scale():
    nodes = [helper.make_node("Relu", ["x"], ["s"], name="relu"),
             quant("quant", "x", "s", "zero", "four", "y", signed=0, narrow=0)]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [scalar("zero", 0.0), scalar("four", 4.0)], domains=[QONNX])


@register
def error_conv_channels():
    return conv_model([1, 3, 8, 8], [4, 2, 3, 3], [1, 4, 6, 6])


@register
def error_add_shapes():
    node = helper.make_node("Add", ["x", "c"], ["y"], name="add")
    return model([node], [value("x", [1, 3])], [value("y", [1, 3])],
                 [listed("c", ramp([4]))])


@register
def error_reshape_overflow():
    """Found by qnn-fuzz-onnx: sizes whose product overflows int64."""
    node = helper.make_node("Reshape", ["x", "shape1"], ["y"], name="reshape1")
    return model([node], [value("x", [1, 2, 3, 4])], [value("y", [1, 24])],
                 [raw("shape1", np.array([3458764513820540926, -1, 4], dtype=np.int64))])


@register
def error_opset6():
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])], opset=6)


@register
def error_opset22():
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])], opset=22)


@register
def error_int_input():
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    return model([node], [value("x", [1, 4], TensorProto.INT64)],
                 [value("y", [1, 4], TensorProto.INT64)])


def bitwidth_model(bitwidth):
    node = quant("quant", "x", "scale", "zero", "bits", "y", signed=0, narrow=0)
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])],
                 [scalar("scale", 0.5), scalar("zero", 0.0),
                  scalar("bits", bitwidth)], domains=[QONNX])


@register
def error_bitwidth0():
    return bitwidth_model(0.0)


@register
def error_bitwidth9():
    return bitwidth_model(9.0)


@register
def error_bitwidth33():
    return bitwidth_model(33.0)


@register
def error_bitwidth_fraction():
    return bitwidth_model(2.5)


@register
def error_unsigned_narrow():
    node = quant("quant", "x", "scale", "zero", "bits", "y", signed=0, narrow=1)
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])],
                 [scalar("scale", 0.5), scalar("zero", 0.0), scalar("bits", 4.0)],
                 domains=[QONNX])


@register
def error_negative_scale():
    node = quant("quant", "x", "scale", "zero", "bits", "y", signed=1, narrow=0)
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])],
                 [listed("scale", np.array([0.5, -0.25, 0.5, 0.5], dtype=np.float32)),
                  scalar("zero", 0.0), scalar("bits", 4.0)], domains=[QONNX])


@register
def error_rounding_mode():
    node = quant("quant", "x", "scale", "zero", "bits", "y", signed=0, narrow=0,
                 rounding_mode="STOCHASTIC")
    return model([node], [value("x", [1, 4])], [value("y", [1, 4])],
                 [scalar("scale", 0.5), scalar("zero", 0.0), scalar("bits", 4.0)],
                 domains=[QONNX])


@register
def error_gemm_transa():
    node = helper.make_node("Gemm", ["x", "B"], ["y"], name="fc", transA=2)
    return model([node], [value("x", [4, 1])], [value("y", [1, 3])],
                 [listed("B", ramp([4, 3]))])


@register
def error_matmul_runtime():
    node = helper.make_node("MatMul", ["x", "x"], ["y"], name="matmul")
    return model([node], [value("x", [4, 4])], [value("y", [4, 4])])


@register
def error_softmax_axes():
    node = helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=4)
    return model([node], [value("x", [1, 3, 2, 2])], [value("y", [1, 3, 2, 2])],
                 opset=11)


@register
def error_verifier():
    # A negative epsilon passes the importer's own checks; the qnn.batch_norm
    # verifier rejects it.
    node = helper.make_node("BatchNormalization",
                            ["x", "gamma", "beta", "mean", "var"], ["y"],
                            name="bn", epsilon=-1.0)
    return model([node], [value("x", [1, 2, 2, 2])], [value("y", [1, 2, 2, 2])],
                 [listed("gamma", ramp([2])), listed("beta", ramp([2])),
                  listed("mean", ramp([2])), listed("var", ramp([2]))])


def not_parseable(data):
    """Whether protobuf rejects `data` as a ModelProto. Some implementations
    only warn about trailing garbage, so warnings count as errors."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            onnx.ModelProto().ParseFromString(data)
    except Exception:  # the implementations raise different exceptions
        return True
    return False


def special_files():
    """Files that are not valid models: a cut-off model and text."""
    whole = conv().SerializeToString()
    # The cut lands inside the graph field, so the length it declares runs
    # past the end of the data.
    truncated = whole[: len(whole) // 2]
    garbage = b"this is not an ONNX model\n"
    assert not_parseable(truncated) and not_parseable(garbage)
    return {"truncated": truncated, "garbage": garbage, "empty": b""}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", default=os.path.dirname(
        os.path.abspath(__file__)))
    args = parser.parse_args()
    os.makedirs(args.output_dir, exist_ok=True)
    files = {name: make().SerializeToString() for name, make in MODELS.items()}
    files.update(special_files())
    for name, data in sorted(files.items()):
        with open(os.path.join(args.output_dir, name + ".onnx"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
