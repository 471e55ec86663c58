#!/usr/bin/env python3
"""Checks a profile table (forward_profile_print() or qnn-run --profile)
against the ONNX model it was compiled from, independently of the compiler:

- every row was called --calls times;
- every Conv and Gemm node of the model names at least one row;
- the multiply-accumulates of a layer's `gemm`/`conv` rows are the node's
  MACs, computed here from the shapes that the NumPy interpreter of
  qonnx_model.py gives (batch x output elements x input channels per group
  x kernel size; Gemm: rows x outputs x inputs), and those of its
  `bitserial_matmul` rows are its MACs times the product of its weight and
  activation bitwidths (one bit-MAC per pair of bit-planes), with the
  bitwidths of qnn-compile's --report JSON;
- the last row is the whole call (`total`) and takes at least as many
  ticks as the steps together.

Usage: check_profile.py table.txt model.onnx report.json --calls N
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qonnx_model  # noqa: E402


def node_macs(model):
    """MACs of each Conv and Gemm node for one call, from the reference."""
    graph = model.graph
    inputs = [i for i in graph.input
              if i.name not in {init.name for init in graph.initializer}]
    shape = [d.dim_value for d in inputs[0].type.tensor_type.shape.dim]
    values = qonnx_model.evaluate(model, np.zeros(shape))
    macs = {}
    for node in graph.node:
        if node.op_type == "Conv":
            w = values[node.input[1]]
            out = values[node.output[0]]
            macs[node.name] = int(np.prod(out.shape) * np.prod(w.shape[1:]))
        elif node.op_type == "Gemm":
            x = values[node.input[0]]
            out = values[node.output[0]]
            macs[node.name] = int(np.prod(out.shape) * x.shape[1])
    return macs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("model")
    parser.add_argument("report")
    parser.add_argument("--calls", type=int, required=True)
    args = parser.parse_args()

    rows = []
    with open(args.table) as f:
        lines = f.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("profile:"))
    for line in lines[start + 2:]:
        fields = line.split()
        if len(fields) != 10 or not fields[0].isdigit():
            break
        rows.append({"name": fields[1], "step": fields[2],
                     "calls": int(fields[3]), "ticks": float(fields[4]),
                     "macs": int(fields[6]), "unit": fields[7]})
    errors = []
    for row in rows:
        if row["calls"] != args.calls:
            errors.append(f"{row['name']} {row['step']}: {row['calls']} calls, "
                          f"expected {args.calls}")
    total = rows[-1]
    if total["step"] != "total":
        errors.append(f"the last row is {total['step']}, not total")
    elif total["ticks"] < sum(r["ticks"] for r in rows[:-1]):
        errors.append("the whole call took fewer ticks than its steps")

    bits = {layer["name"]: layer["weight_bits"] * layer["activation_bits"]
            for layer in json.load(open(args.report))["layers"]}
    for name, macs in node_macs(onnx.load(args.model)).items():
        mine = [r for r in rows if name in r["name"].split("+")]
        if not mine:
            errors.append(f"no row for {name}")
            continue
        counted = sum(r["macs"] for r in mine if r["unit"] == "MAC")
        bit_counted = sum(r["macs"] for r in mine if r["unit"] == "bit-MAC")
        if bit_counted:
            if bit_counted != macs * bits[name] or counted:
                errors.append(f"{name}: {bit_counted} bit-MACs and {counted} "
                              f"MACs, expected {macs} x {bits[name]} bit-MACs")
        elif counted != macs:
            errors.append(f"{name}: {counted} MACs, expected {macs}")
    for error in errors:
        print("error:", error, file=sys.stderr)
    if errors:
        return 1
    print(f"{len(rows)} rows, {args.calls} calls each; MACs of "
          f"{len(node_macs(onnx.load(args.model)))} layers agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
