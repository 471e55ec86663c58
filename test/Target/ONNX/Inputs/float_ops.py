#!/usr/bin/env python3
"""Small ONNX models of the float operators that exporters write (Brevitas
and torch.onnx in TorchScript and dynamo modes, qonnx.util.cleanup, QKeras
converters), each at the opsets whose forms differ (attribute or input,
defaults, new attributes).

    float_ops.py --dir DIR [CASE ...]   writes DIR/CASE.onnx (default: all)
    float_ops.py --list                 prints the case names

A case is `name@opset`. The import tests (test/Target/ONNX/float-ops.test,
float-ops-errors.test) FileCheck what qnn-translate makes of some of them;
test/e2e/onnxruntime-ops.test compiles every case and compares its output
with onnxruntime's. Works with Debian's python3-onnx (opsets up to 17) and
the venv's onnx (up to 21).
"""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MAX_OPSET = onnx.defs.onnx_opset_version()


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def ints(name, values):
    return tensor(name, np.array(values, dtype=np.int64))


def floats(name, values):
    return tensor(name, np.array(values, dtype=np.float32))


def make(nodes, x_shape, y_shape, opset, inits=()):
    """One float32 input x, one float32 output y."""
    graph = helper.make_graph(
        nodes, "float_ops",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)],
        list(inits))
    # onnx's checker wants IR version 10 for opset 21.
    ir = 8 if opset <= 17 else 10
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                             ir_version=ir, producer_name="qnn float_ops.py")


def node(op, inputs, outputs, name=None, **attrs):
    return helper.make_node(op, inputs, outputs, name=name or outputs[0], **attrs)


CASES = {}


def case(*opsets):
    def register(function):
        for opset in opsets:
            CASES[f"{function.__name__}@{opset}"] = (function, opset)
        return function
    return register


# Elementwise ----------------------------------------------------------------

@case(9, 13, 14)
def sub_div(opset):
    # x - c (per channel), c / (relu(x) + 1), and a difference of two tensors.
    c = floats("c", np.arange(1, 5, dtype=np.float32).reshape(4, 1, 1) / 4)
    one = floats("one", [1.0])
    return make([node("Sub", ["x", "c"], ["a"]),
                 node("Relu", ["x"], ["r"]),
                 node("Add", ["r", "one"], ["r1"]),
                 node("Div", ["c", "r1"], ["b"]),
                 node("Sub", ["a", "b"], ["y"])],
                [1, 4, 3, 3], [1, 4, 3, 3], opset, [c, one])


@case(9, 13, 15)
def pow(opset):
    # sigmoid(x) ^ 0.5 * sigmoid(x) ^ 3 + x ^ 2
    return make([node("Sigmoid", ["x"], ["s"]),
                 node("Pow", ["s", "half"], ["a"]),
                 node("Pow", ["s", "three"], ["b"]),
                 node("Pow", ["x", "two"], ["c"]),
                 node("Mul", ["a", "b"], ["ab"]),
                 node("Add", ["ab", "c"], ["y"])],
                [2, 6], [2, 6], opset,
                [floats("half", 0.5), floats("three", [3.0]), floats("two", 2.0)])


@case(9, 13)
def unary(opset):
    # Neg, Exp, Sqrt, Tanh, Sigmoid chained with sums so that each shows.
    return make([node("Neg", ["x"], ["n"]),
                 node("Exp", ["n"], ["e"]),
                 node("Sqrt", ["e"], ["s"]),
                 node("Tanh", ["x"], ["t"]),
                 node("Sigmoid", ["x"], ["g"]),
                 node("Add", ["s", "t"], ["st"]),
                 node("Add", ["st", "g"], ["y"])],
                [2, 3, 4], [2, 3, 4], opset)


@case(9, 16)
def leaky_hard(opset):
    return make([node("LeakyRelu", ["x"], ["l"], alpha=0.1),
                 node("HardSigmoid", ["x"], ["h"], alpha=0.3, beta=0.4),
                 node("LeakyRelu", ["x"], ["d"]),
                 node("Add", ["l", "h"], ["lh"]),
                 node("Add", ["lh", "d"], ["y"])],
                [2, 10], [2, 10], opset)


@case(9, 13)
def max_min(opset):
    # Max of three (a constant broadcast), Min of two tensors.
    return make([node("Neg", ["x"], ["t"]),
                 node("Max", ["x", "c", "t"], ["m"]),
                 node("Mul", ["x", "x"], ["x2"]),
                 node("Min", ["m", "x2"], ["y"])],
                [3, 4], [3, 4], opset, [floats("c", [0.5, -0.5, 0.25, -0.25])])


@case(13, 18)
def broadcast_tensor(opset):
    # A squeeze-excitation gate: x * sigmoid(mean over H, W) (N x C x 1 x 1).
    axes = [ints("axes", [2, 3])] if opset >= 18 else []
    reduce = (node("ReduceMean", ["x", "axes"], ["m"], keepdims=1) if opset >= 18
              else node("ReduceMean", ["x"], ["m"], axes=[2, 3], keepdims=1))
    return make([reduce, node("Sigmoid", ["m"], ["g"]),
                 node("Mul", ["x", "g"], ["y"])],
                [2, 3, 4, 5], [2, 3, 4, 5], opset, axes)


@case(11, 13)
def softmax(opset):
    # Axis 1 of a 4-D tensor: before 13 over C x H x W together.
    return make([node("Softmax", ["x"], ["y"], axis=1)],
                [2, 3, 2, 2], [2, 3, 2, 2], opset)


@case(11, 13)
def log_softmax(opset):
    return make([node("LogSoftmax", ["x"], ["y"], axis=1)],
                [2, 3, 2, 2], [2, 3, 2, 2], opset)


@case(11, 13)
def softmax_default(opset):
    # The default axis: 1 before 13, -1 from 13.
    return make([node("Softmax", ["x"], ["y"])], [2, 3, 4], [2, 3, 4], opset)


# Shape ops ------------------------------------------------------------------

@case(11, 13, 21)
def squeeze_unsqueeze(opset):
    if opset < 13:
        nodes = [node("Unsqueeze", ["x"], ["u"], axes=[0, -1]),
                 node("Squeeze", ["u"], ["s"], axes=[0]),
                 node("Squeeze", ["s"], ["y"])]
        inits = []
    else:
        nodes = [node("Unsqueeze", ["x", "a"], ["u"]),
                 node("Squeeze", ["u", "b"], ["s"]),
                 node("Squeeze", ["s"], ["y"])]
        inits = [ints("a", [0, -1]), ints("b", [0])]
    return make(nodes, [3, 1, 4], [3, 4], opset, inits)


@case(9, 14, 21)
def reshape(opset):
    attrs = {"allowzero": 0} if opset >= 14 else {}
    return make([node("Reshape", ["x", "s"], ["r"], **attrs),
                 node("Flatten", ["r"], ["y"], axis=2)],
                [2, 3, 4], [12, 2], opset, [ints("s", [0, -1, 2, 1])])


@case(9, 13, 21)
def transpose(opset):
    return make([node("Transpose", ["x"], ["t"], perm=[0, 2, 3, 1]),
                 node("Transpose", ["t"], ["y"])],
                [2, 3, 4, 5], [3, 5, 4, 2], opset)


@case(7, 9, 15)
def batch_norm(opset):
    # BatchNormalization's forms: `spatial = 1` written out (opsets 7, 8),
    # then without it; a float (not folded) normalization on a run-time input.
    rng = np.random.RandomState(11)
    attrs = {"spatial": 1} if opset < 9 else {}
    return make([node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"],
                      epsilon=1e-3, **attrs)],
                [2, 3, 4, 4], [2, 3, 4, 4], opset,
                [floats("s", rng.rand(3) + 0.5), floats("b", rng.randn(3)),
                 floats("m", rng.randn(3)), floats("v", rng.rand(3) + 0.1)])


@case(9, 13)
def gemm_forms(opset):
    # Gemm with A transposed (K x M), alpha and beta, and B both ways; C is
    # optional from opset 11.
    rng = np.random.RandomState(7)
    second = ["g", "w"] + (["d"] if opset < 11 else [])
    return make([node("Gemm", ["x", "b", "c"], ["g"], transA=1, alpha=0.5,
                      beta=2.0),
                 node("Gemm", second, ["y"], transB=1)],
                [6, 3], [3, 4], opset,
                [floats("b", rng.randn(6, 5)), floats("c", rng.randn(5)),
                 floats("w", rng.randn(4, 5)), floats("d", rng.randn(4))])


@case(8, 13)
def expand(opset):
    # A tensor (2 x 1 x 3, to 4 x 2 x 5 x 3) and a constant (3, to 1 x 3).
    return make([node("Expand", ["x", "s"], ["e"]),
                 node("Expand", ["c", "one3"], ["k"]),
                 node("Add", ["e", "k"], ["y"])],
                [2, 1, 3], [4, 2, 5, 3], opset,
                [ints("s", [4, 1, 5, 1]), floats("c", [1, 2, 3]), ints("one3", [1, 3])])


@case(9, 13)
def concat(opset):
    c = floats("c", np.linspace(-1, 1, 2 * 2 * 3).reshape(2, 2, 3))
    return make([node("Relu", ["x"], ["r"]),
                 node("Concat", ["x", "c", "r"], ["y"], axis=1)],
                [2, 3, 3], [2, 8, 3], opset, [c])


@case(9, 11, 13, 18, 21)
def pad(opset):
    pads = [0, 1, 2, 0, -1, 1]  # begins then ends; a negative one crops
    if opset < 11:
        return make([node("Pad", ["x"], ["y"], pads=pads, value=1.5)],
                    [2, 3, 4], [2, 3, 7], opset)
    if opset < 18:
        return make([node("Pad", ["x", "p", "v"], ["y"], mode="constant")],
                    [2, 3, 4], [2, 3, 7], opset, [ints("p", pads), floats("v", 1.5)])
    # Opset 18's axes: only the last two dimensions.
    return make([node("Pad", ["x", "p", "v", "a"], ["y"])],
                [2, 3, 4], [2, 3, 7], opset,
                [ints("p", [1, 2, -1, 1]), floats("v", 1.5), ints("a", [-2, 2])])


@case(9, 13)
def depth_to_space(opset):
    attrs = {"mode": "CRD"} if opset >= 13 else {}
    return make([node("DepthToSpace", ["x"], ["d"], blocksize=2, **attrs),
                 node("SpaceToDepth", ["d"], ["s"], blocksize=2),
                 node("DepthToSpace", ["s"], ["y"], blocksize=2)],
                [1, 8, 2, 3], [1, 2, 4, 6], opset)


@case(9, 13, 18)
def split(opset):
    # Split along 1 into 2 and 4, then joined the other way round.
    if opset < 13:
        s = node("Split", ["x"], ["a", "b"], axis=1, split=[2, 4])
        inits = []
    elif opset < 18:
        s = node("Split", ["x", "sizes"], ["a", "b"], axis=1)
        inits = [ints("sizes", [2, 4])]
    else:
        s = node("Split", ["x"], ["a", "b"], axis=1, num_outputs=2)
        inits = []
    y_shape = [2, 6, 2]
    return make([s, node("Concat", ["b", "a"], ["y"], axis=1)],
                [2, 6, 2], y_shape, opset, inits)


@case(9, 10, 13)
def slice(opset):
    if opset < 10:
        return make([node("Slice", ["x"], ["y"], starts=[1, -3], ends=[100, -1],
                          axes=[1, 2])],
                    [2, 4, 5], [2, 3, 2], opset)
    return make([node("Slice", ["x", "st", "en", "ax", "sp"], ["y"])],
                [2, 4, 5], [2, 2, 2], opset,
                [ints("st", [1, 0]), ints("en", [2**63 - 1, -1]), ints("ax", [1, -1]),
                 ints("sp", [2, 3])])


@case(13)
def residual_view(opset):
    """Convolutions whose residual Add reads a slice of the input: a view
    (a strided memref after bufferization) that the fused f32_fma kernel
    reads in place, and a view with steps, copied first."""
    shape = ints("shape", [1, 1, 4, 4])
    def view(name):
        return [node("Slice", ["x", name + "_st", name + "_en", "ax", name + "_sp"],
                     [name + "_flat"]),
                node("Reshape", [name + "_flat", "shape"], [name])]
    nodes = (view("a") + view("r") + view("s") +
             [node("Conv", ["a", "w1"], ["c1"]), node("Add", ["c1", "r"], ["y1"]),
              node("Conv", ["a", "w2"], ["c2"]), node("Add", ["c2", "s"], ["y2"]),
              node("Concat", ["y1", "y2"], ["y"], axis=1)])
    inits = [shape, ints("ax", [1]), floats("w1", [[[[0.5]]]]),
             floats("w2", [[[[-1.25]]]])]
    for name, start, end, step in [("a", 0, 16, 1), ("r", 16, 32, 1), ("s", 16, 48, 2)]:
        inits += [ints(name + "_st", [start]), ints(name + "_en", [end]),
                  ints(name + "_sp", [step])]
    return make(nodes, [1, 48], [1, 2, 4, 4], opset, inits)


@case(9, 12, 13)
def identity_dropout(opset):
    attrs = {"ratio": 0.3} if opset < 12 else {}
    inits = [floats("ratio", 0.3)] if opset >= 12 else []
    inputs = ["i", "ratio"] if opset >= 12 else ["i"]
    # (A graph that returns its input does not compile: see
    # docs/onnx-import.md, Limitations.)
    return make([node("Identity", ["x"], ["i"]),
                 node("Dropout", inputs, ["d"], **attrs),
                 node("Relu", ["d"], ["y"])],
                [2, 3], [2, 3], opset, inits)


# Reductions -----------------------------------------------------------------

@case(13, 18)
def reduce_mean(opset):
    # H, W with keepdims = 0 (a global average pool and a reshape), and C.
    if opset < 18:
        nodes = [node("ReduceMean", ["x"], ["g"], axes=[-2, -1], keepdims=0),
                 node("ReduceMean", ["g"], ["y"], axes=[1])]
        inits = []
    else:
        nodes = [node("ReduceMean", ["x", "hw"], ["g"], keepdims=0),
                 node("ReduceMean", ["g", "c"], ["y"])]
        inits = [ints("hw", [-2, -1]), ints("c", [1])]
    return make(nodes, [2, 3, 4, 5], [2, 1], opset, inits)


@case(11, 13)
def reduce_sum(opset):
    if opset < 13:
        nodes = [node("ReduceSum", ["x"], ["a"], axes=[0, 2], keepdims=0),
                 node("ReduceSum", ["a"], ["y"])]
        inits = []
    else:
        nodes = [node("ReduceSum", ["x", "ax"], ["a"], keepdims=0),
                 node("ReduceSum", ["a"], ["y"], keepdims=1)]
        inits = [ints("ax", [0, 2])]
    return make(nodes, [2, 3, 4], [1], opset, inits)


@case(13, 18)
def reduce_max_min(opset):
    # ReduceMax over W (keepdims) minus ReduceMin over C and W.
    if opset < 18:
        nodes = [node("ReduceMax", ["x"], ["a"], axes=[-1]),
                 node("ReduceMin", ["x"], ["b"], axes=[1, 2], keepdims=0)]
        inits = []
    else:
        nodes = [node("ReduceMax", ["x", "w"], ["a"]),
                 node("ReduceMin", ["x", "cw"], ["b"], keepdims=0)]
        inits = [ints("w", [-1]), ints("cw", [1, 2])]
    nodes += [node("Reshape", ["b", "s"], ["b3"]),
              node("Sub", ["a", "b3"], ["y"])]
    return make(nodes, [2, 3, 4], [2, 3, 1], opset, inits + [ints("s", [2, 1, 1])])


# Resize and Upsample --------------------------------------------------------

@case(7, 9, 10, 11, 13, 18, 19, 21)
def resize(opset):
    scales = floats("scales", [1, 1, 2, 3])
    if opset < 9:
        r = node("Upsample", ["x"], ["y"], mode="nearest", scales=[1.0, 1.0, 2.0, 3.0])
        inits = []
    elif opset < 10:
        r = node("Upsample", ["x", "scales"], ["y"], mode="nearest")
        inits = [scales]
    elif opset < 11:
        r = node("Resize", ["x", "scales"], ["y"], mode="nearest")
        inits = [scales]
    elif opset < 13:
        # What torch.onnx writes for F.interpolate(scale_factor=...).
        r = node("Resize", ["x", "roi", "scales"], ["y"], mode="nearest",
                 coordinate_transformation_mode="asymmetric", nearest_mode="floor")
        inits = [floats("roi", []), scales]
    elif opset < 18:
        # Sizes, and the defaults half_pixel / round_prefer_floor.
        r = node("Resize", ["x", "", "", "sizes"], ["y"], mode="nearest")
        inits = [ints("sizes", [1, 2, 6, 9])]
    else:
        # Opset 18's axes; 19 adds half_pixel_symmetric.
        mode = "half_pixel_symmetric" if opset >= 19 else "pytorch_half_pixel"
        r = node("Resize", ["x", "", "s2"], ["y"], mode="nearest", axes=[2, 3],
                 coordinate_transformation_mode=mode,
                 nearest_mode="round_prefer_ceil")
        inits = [floats("s2", [2, 3])]
    return make([r], [1, 2, 3, 3], [1, 2, 6, 9], opset, inits)


# Shape sub-graphs -----------------------------------------------------------

@case(9, 13, 18, 21)
def view_batch(opset):
    # x.view(x.size(0), -1) as torch.onnx exports it.
    if opset < 13:
        unsqueeze = node("Unsqueeze", ["n"], ["n1"], axes=[0])
        inits = []
    else:
        unsqueeze = node("Unsqueeze", ["n", "zero1"], ["n1"])
        inits = [ints("zero1", [0])]
    inits += [ints("zero", 0), ints("minus1", [-1])]
    return make([node("Shape", ["x"], ["s"]),
                 node("Gather", ["s", "zero"], ["n"], axis=0),
                 unsqueeze,
                 node("Concat", ["n1", "minus1"], ["shape"], axis=0),
                 node("Reshape", ["x", "shape"], ["y"])],
                [2, 3, 2, 2], [2, 12], opset, inits)


@case(13, 15, 21)
def shape_arithmetic(opset):
    # x is 2 x 3 x 1 x 2; the shape (2, -1, 2, 1) computed from its trailing
    # sizes (Shape with start from opset 15, else a Slice of the Shape)
    # through Gather, Cast, Mul, Div, Range, Equal, ConstantOfShape, Where,
    # Sub, Slice, Unsqueeze and Concat.
    if opset >= 15:
        tail = [node("Shape", ["x"], ["tail"], start=1)]
    else:
        tail = [node("Shape", ["x"], ["s"]),
                node("Slice", ["s", "one", "big"], ["tail"])]
    one_int64 = helper.make_tensor("v", TensorProto.INT64, [1], [1])
    nodes = tail + [
        node("Gather", ["tail", "idx"], ["parts"], axis=0),    # 3, 1, 2
        node("Cast", ["parts"], ["pf"], to=TensorProto.FLOAT),
        node("Cast", ["pf"], ["pi"], to=TensorProto.INT64),
        node("Mul", ["pi", "pi"], ["sq"]),                      # 9, 1, 4
        node("Div", ["sq", "pi"], ["back"]),                    # 3, 1, 2
        node("Range", ["zero", "three", "step"], ["r"]),       # 0, 1, 2
        node("Equal", ["r", "two"], ["last"]),                 # F, F, T
        node("ConstantOfShape", ["three1"], ["ones"], value=one_int64),
        node("Where", ["last", "ones", "back"], ["chw"]),       # 3, 1, 1
        node("Shape", ["x"], ["full"]),
        node("Gather", ["full", "zero"], ["n"]),                # 2
        node("Unsqueeze", ["n", "zero1"], ["n1"]),
        node("Mul", ["chw", "wide"], ["prod"]),                 # 3, 2, 1
        node("Sub", ["prod", "nothing"], ["adj"]),
        node("Slice", ["adj", "one", "three1"], ["hw"]),        # 2, 1
        node("Concat", ["n1", "minus1", "hw"], ["shape"], axis=0),
        node("Reshape", ["x", "shape"], ["y"])]
    inits = [ints("one", [1]), ints("big", [2**63 - 1]), ints("idx", [0, 1, 2]),
             ints("zero", 0), ints("three", 3), ints("step", 1), ints("two", 2),
             ints("three1", [3]), ints("zero1", [0]), ints("wide", [1, 2, 1]),
             ints("nothing", [0, 0, 0]), ints("minus1", [-1])]
    return make(nodes, [2, 3, 1, 2], [2, 3, 2, 1], opset, inits)


@case(9, 13)
def gather_tensor(opset):
    # x[:, 1] on a tensor computed at run time.
    return make([node("Relu", ["x"], ["r"]),
                 node("Gather", ["r", "i"], ["y"], axis=1)],
                [2, 3, 4], [2, 4], opset, [ints("i", 1)])


# Errors (float-ops-errors.test) ---------------------------------------------

ERRORS = {}


def error_case(opset):
    def register(function):
        ERRORS[function.__name__] = (function, opset)
        return function
    return register


@error_case(13)
def error_pad_reflect(opset):
    return make([node("Pad", ["x", "p"], ["y"], name="pad1", mode="reflect")],
                [1, 4], [1, 6], opset, [ints("p", [0, 1, 0, 1])])


@error_case(13)
def error_resize_linear(opset):
    return make([node("Resize", ["x", "", "s"], ["y"], name="up", mode="linear")],
                [1, 1, 2, 2], [1, 1, 4, 4], opset, [floats("s", [1, 1, 2, 2])])


@error_case(11)
def error_resize_fraction(opset):
    return make([node("Resize", ["x", "roi", "s"], ["y"], name="up")],
                [1, 1, 2, 2], [1, 1, 3, 3], opset,
                [floats("roi", []), floats("s", [1, 1, 1.5, 1.5])])


@error_case(13)
def error_resize_asymmetric_round(opset):
    return make([node("Resize", ["x", "", "s"], ["y"], name="up",
                      coordinate_transformation_mode="asymmetric")],
                [1, 1, 2, 2], [1, 1, 6, 6], opset, [floats("s", [1, 1, 3, 3])])


@error_case(13)
def error_resize_half_pixel_floor(opset):
    # half_pixel with floor takes x[0], x[0], x[0], x[1] for output 0..3.
    return make([node("Resize", ["x", "", "s"], ["y"], name="up", nearest_mode="floor")],
                [1, 1, 2, 2], [1, 1, 4, 4], opset, [floats("s", [1, 1, 2, 2])])


@error_case(13)
def error_squeeze(opset):
    return make([node("Squeeze", ["x", "a"], ["y"], name="sq")],
                [2, 3], [3], opset, [ints("a", [0])])


@error_case(13)
def error_transpose_perm(opset):
    return make([node("Transpose", ["x"], ["y"], name="t", perm=[0, 0])],
                [2, 3], [3, 2], opset)


@error_case(13)
def error_concat_shapes(opset):
    return make([node("Concat", ["x", "c"], ["y"], name="cat", axis=1)],
                [2, 3], [2, 5], opset, [floats("c", np.zeros((3, 2)))])


@error_case(13)
def error_gather_range(opset):
    return make([node("Shape", ["x"], ["s"]),
                 node("Gather", ["s", "i"], ["g"], name="g"),
                 node("Reshape", ["x", "g"], ["y"])],
                [2, 3], [6], opset, [ints("i", [5])])


@error_case(13)
def error_div_zero(opset):
    return make([node("Shape", ["x"], ["s"]),
                 node("Div", ["s", "z"], ["q"], name="div"),
                 node("Reshape", ["x", "q"], ["y"])],
                [2, 3], [6], opset, [ints("z", [0, 1])])


@error_case(13)
def error_slice_reverse(opset):
    return make([node("Slice", ["x", "st", "en", "ax", "sp"], ["y"], name="rev")],
                [2, 3], [2, 3], opset,
                [ints("st", [-1]), ints("en", [-100]), ints("ax", [1]), ints("sp", [-1])])


@error_case(13)
def error_depth_to_space(opset):
    return make([node("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=2)],
                [1, 6, 2, 2], [1, 1, 4, 4], opset)


@error_case(13)
def error_equal_tensor(opset):
    return make([node("Equal", ["x", "x"], ["y"], name="eq")],
                [2, 3], [2, 3], opset)


@error_case(13)
def error_cast_int(opset):
    return make([node("Cast", ["x"], ["y"], name="cast", to=TensorProto.INT32)],
                [2, 3], [2, 3], opset)


@error_case(13)
def error_split_sizes(opset):
    return make([node("Split", ["x", "s"], ["a", "y"], name="split")],
                [4, 3], [2, 3], opset, [ints("s", [1, 2])])


@error_case(13)
def error_reduce_axes(opset):
    return make([node("ReduceSum", ["x", "a"], ["y"], name="sum")],
                [4, 3], [4], opset, [ints("a", [2])])


@error_case(11)
def error_unsqueeze_input(opset):
    # Before opset 13 Unsqueeze has no axes input, and its attribute is required.
    return make([node("Unsqueeze", ["x"], ["y"], name="unsq")],
                [4, 3], [4, 3, 1], opset)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--errors", action="store_true",
                        help="the error cases instead")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()
    table = ERRORS if args.errors else CASES
    names = args.cases or [name for name, (_, opset) in table.items()
                           if opset <= MAX_OPSET]
    if args.list:
        print("\n".join(names))
        return
    os.makedirs(args.dir, exist_ok=True)
    for name in names:
        function, opset = table[name]
        onnx.save(function(opset), os.path.join(args.dir, name + ".onnx"))


if __name__ == "__main__":
    main()
