#!/usr/bin/env python3
"""Compares a compiled model's outputs with a reference by the agreement rule
of the numerics contract (docs/architecture.md section 2).

A float reference can land on the other side of a rounding boundary of some
quantizer, so a few elements may differ by about one quantization step; all
others must agree to float precision, and the argmax of each row must agree
on at least --min-argmax of the rows.

Usage: compare.py output reference [--rows N] [--rtol R] [--max-outliers F]
Files are .npy arrays, or raw float32 (.bin) with --rows giving the batch.
"""
import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("reference")
    parser.add_argument("--rows", type=int, help="rows of a raw float32 file")
    parser.add_argument("--rtol", type=float, default=1e-4,
                        help="tolerance relative to the largest |reference|")
    parser.add_argument("--max-outliers", type=float, default=0.02,
                        help="largest fraction of elements allowed outside rtol")
    parser.add_argument("--min-argmax", type=float, default=0.999)
    args = parser.parse_args()

    def load(path):
        if path.endswith(".npy"):
            array = np.load(path)
            return array.reshape(array.shape[0], -1)
        if args.rows is None:
            sys.exit(f"{path}: a raw file needs --rows")
        return np.fromfile(path, dtype=np.float32).reshape(args.rows, -1)

    out, ref = load(args.output), load(args.reference)
    if out.shape != ref.shape:
        sys.exit(f"shape mismatch: {out.shape} vs {ref.shape}")
    if not np.all(np.isfinite(out)):
        sys.exit("output holds NaN or infinity")
    scale = max(float(np.abs(ref).max()), 1e-30)
    error = np.abs(out - ref) / scale
    outliers = float(np.mean(error > args.rtol))
    argmax = float(np.mean(out.argmax(axis=1) == ref.argmax(axis=1)))
    print(f"max relative error {error.max():.3g}, outliers {outliers:.3%}, "
          f"argmax agreement {argmax:.3%}")
    if outliers > args.max_outliers:
        sys.exit(f"too many outliers: {outliers:.3%} > {args.max_outliers:.3%}")
    if argmax < args.min_argmax:
        sys.exit(f"argmax agreement {argmax:.3%} < {args.min_argmax:.3%}")


if __name__ == "__main__":
    main()
