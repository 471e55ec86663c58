#!/usr/bin/env python3
"""Mutates the models of float_ops.py at random (attribute values, constant
inputs' values, types and lengths, inputs dropped or added, input shapes,
extra outputs) and imports each with qnn-translate: an import either
succeeds, and the result then lowers with qnn-opt
--convert-qnn-graph-to-linalg, or fails with exit status 1 and one line on
stderr. Anything else (a crash, an assertion, several lines) is reported.

Usage: fuzz_float_ops.py --qnn-translate PATH --qnn-opt PATH --dir DIR
                         [--seed N] [--count N]
"""
import argparse
import os
import random
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import float_ops  # noqa: E402

INTS = [-2**63, -5, -1, 0, 1, 3, 2**62, 2**63 - 1]
INT_LISTS = [[], [0], [-9], [2**63 - 1, 0], [1, 1], list(range(8))]
FLOATS = [float("nan"), -1.0, 0.0, 1e30]
FLOAT_LISTS = [[], [0.0], [float("nan")] * 4, [1.0, 1.0, 1e9, 1e9]]
STRINGS = [b"", b"bogus", b"CRD", b"align_corners", b"reflect"]
INT64_VALUES = [[2**63 - 1], [-2**63], [0, 0], [-1, -1, -1], [10**12]]


def mutate_attribute(rng, graph):
    node = rng.choice(graph.node)
    if not node.attribute:
        return
    attribute = rng.choice(node.attribute)
    if attribute.type == onnx.AttributeProto.INT:
        attribute.i = rng.choice(INTS)
    elif attribute.type == onnx.AttributeProto.INTS:
        del attribute.ints[:]
        attribute.ints.extend(rng.choice(INT_LISTS))
    elif attribute.type == onnx.AttributeProto.FLOAT:
        attribute.f = rng.choice(FLOATS)
    elif attribute.type == onnx.AttributeProto.FLOATS:
        del attribute.floats[:]
        attribute.floats.extend(rng.choice(FLOAT_LISTS))
    elif attribute.type == onnx.AttributeProto.STRING:
        attribute.s = rng.choice(STRINGS)


def mutate_initializer(rng, graph):
    if not graph.initializer:
        return
    index = rng.randrange(len(graph.initializer))
    tensor = graph.initializer[index]
    array = numpy_helper.to_array(tensor)
    flat = array.reshape(-1)
    choice = rng.randrange(4)
    if choice == 0:
        array = flat[:max(0, flat.size - 1)]
    elif choice == 1:
        array = np.concatenate([flat, flat[:1] if flat.size else np.zeros(1, flat.dtype)])
    elif choice == 2 and array.dtype == np.int64:
        array = np.array(rng.choice(INT64_VALUES), dtype=np.int64)
    else:
        array = array.astype(np.float32 if array.dtype == np.int64 else np.int64)
    graph.initializer[index].CopyFrom(numpy_helper.from_array(array, tensor.name))


def mutate_inputs(rng, graph):
    node = rng.choice(graph.node)
    if node.input and rng.random() < 0.5:
        node.input.pop()
    else:
        node.input.append(rng.choice(["x", "", node.input[0] if node.input else "x"]))


def mutate_shape(rng, graph):
    dims = graph.input[0].type.tensor_type.shape.dim
    if dims:
        rng.choice(dims).dim_value = rng.choice([1, 2, 7])


def mutate_outputs(rng, graph):
    rng.choice(graph.node).output.append(rng.choice(["extra", ""]))


MUTATIONS = [mutate_attribute, mutate_initializer, mutate_inputs, mutate_shape,
             mutate_outputs]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qnn-translate", required=True)
    parser.add_argument("--qnn-opt", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rng = random.Random(args.seed)
    names = [name for name, (_, opset) in float_ops.CASES.items()
             if opset <= float_ops.MAX_OPSET]
    problems = imported = rejected = 0
    for index in range(args.count):
        name = rng.choice(names)
        function, opset = float_ops.CASES[name]
        model = function(opset)
        for _ in range(rng.randint(1, 3)):
            rng.choice(MUTATIONS)(rng, model.graph)
        path = os.path.join(args.dir, f"{index}.onnx")
        output = os.path.join(args.dir, "out.mlir")
        onnx.save(model, path)
        result = subprocess.run([args.qnn_translate, "--import-onnx", path, "-o", output],
                                capture_output=True, text=True, timeout=120)
        lines = result.stderr.strip().splitlines()
        if result.returncode == 0:
            imported += 1
            lowered = subprocess.run([args.qnn_opt, output, "--convert-qnn-graph-to-linalg",
                                      "-o", os.devnull],
                                     capture_output=True, text=True, timeout=120)
            if lowered.returncode != 0:
                problems += 1
                print(f"PROBLEM {path} ({name}): lowering failed: {lowered.stderr[:400]}")
                continue
        elif result.returncode == 1 and len(lines) == 1:
            rejected += 1
        else:
            problems += 1
            print(f"PROBLEM {path} ({name}): exit {result.returncode}: "
                  f"{' | '.join(lines)[:400]}")
            continue
        os.remove(path)
    print(f"{args.count} mutated models: {imported} imported and lowered, "
          f"{rejected} rejected with one line, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
