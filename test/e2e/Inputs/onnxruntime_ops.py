#!/usr/bin/env python3
"""Compiles each ONNX model of a folder with qnn-compile (--keep-float: the
float graph as imported), links it with a C runner, runs it on random
inputs and compares the output with onnxruntime's on the same inputs.

Usage: onnxruntime_ops.py --models DIR --work DIR --qnn-compile PATH
                          --runner run_model.c [--seed N]

Prints one line per model and a summary; exits 1 if any output differs by
more than float rounding (|out - ref| <= atol + rtol * |ref|) or a step
fails.
"""
import argparse
import glob
import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--qnn-compile", required=True)
    parser.add_argument("--runner", required=True)
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--atol", type=float, default=1e-6)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    ort.set_default_logger_severity(3)
    rng = np.random.default_rng(args.seed)
    paths = sorted(glob.glob(os.path.join(args.models, "*.onnx")))
    failures = []
    for path in paths:
        name = os.path.basename(path)[:-len(".onnx")]
        stem = os.path.join(args.work, name)
        model = onnx.load(path)
        dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
        x = rng.standard_normal(dims).astype(np.float32)
        options = ort.SessionOptions()
        # The reference evaluates the graph as written.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        feed = {session.get_inputs()[0].name: x}
        reference = session.run(None, feed)[0].astype(np.float32)
        x.tofile(stem + ".in.bin")
        steps = [
            [args.qnn_compile, path, "-o", stem + ".o", "--keep-float"],
            [args.cc, "-O2", "-include", stem + ".h", args.runner, stem + ".o",
             "-lm", "-o", stem],
            [stem, stem + ".in.bin", stem + ".out.bin", "0"],
        ]
        failed = None
        for step in steps:
            result = subprocess.run(step, capture_output=True, text=True)
            if result.returncode != 0:
                failed = f"{os.path.basename(step[0])} failed: {result.stderr.strip()}"
                break
        if failed is None:
            out = np.fromfile(stem + ".out.bin", dtype=np.float32)
            if out.size != reference.size:
                failed = f"{out.size} outputs, onnxruntime gives {reference.size}"
            else:
                out = out.reshape(reference.shape)
                error = np.abs(out.astype(np.float64) - reference)
                bound = args.atol + args.rtol * np.abs(reference)
                if not np.all(error <= bound):
                    worst = int(np.argmax(error - bound))
                    failed = (f"max abs error {error.max():.3g} (element {worst}: "
                              f"{out.flat[worst]!r} vs {reference.flat[worst]!r})")
        if failed:
            failures.append(name)
            print(f"FAIL {name}: {failed}")
        else:
            print(f"ok {name}: shape {'x'.join(map(str, reference.shape))}, "
                  f"max abs error {error.max():.3g}")
    print(f"{len(paths) - len(failures)} of {len(paths)} models agree with onnxruntime")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
